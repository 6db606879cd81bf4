/* b64: base64 (RFC 4648): the standard alphabet with padding, and base64url without. */
#ifndef KUBE_B64_H
#define KUBE_B64_H

#include <stdbool.h>
#include <stddef.h>

/* n bytes as base64: the standard alphabet padded with '=' (Go's StdEncoding), or url:
 * base64url unpadded (RawURLEncoding, as JWS uses). malloc'd, never NULL. */
char *b64_encode(const void *in, size_t n, bool url);

/* Decode n characters: the standard alphabet, padded to a multiple of four or not at all, or
 * url: base64url unpadded. No whitespace anywhere. NULL when malformed; else the bytes,
 * NUL-terminated (so text can be used as a string), their count in *len (len may be NULL).
 * malloc'd. */
char *b64_decode(const char *in, size_t n, bool url, size_t *len);

#endif
