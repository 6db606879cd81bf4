/* encrypt: encryption at rest (--encryption-provider-config), see encrypt.c. */
#ifndef APISERVER_ENCRYPT_H
#define APISERVER_ENCRYPT_H

#include <stdbool.h>
#include <stddef.h>

struct kind;

/* Load an EncryptionConfiguration (NULL: nothing is encrypted). 0, or -1 with err. */
int enc_init(const char *file, char *err, size_t errlen);
/* The bytes to store for a kind's plain JSON at etcd key `key` (aesgcm authenticates the key,
 * as upstream does, so a value cannot be moved to another key): malloc'd, or NULL to store
 * them as they are. */
char *enc_encode(const struct kind *k, const char *key, const char *plain, size_t len,
		 size_t *outlen);
/* The plain JSON of a stored value: malloc'd, or NULL with *err NULL when val is plain already;
 * NULL with *err (malloc'd) when no configured key can read it. *stale: the value is not as
 * enc_encode would write it now (another key or provider), so a rewrite is due. */
char *enc_decode(const struct kind *k, const char *key, const char *val, size_t len,
		 size_t *outlen, bool *stale, char **err);

#endif
