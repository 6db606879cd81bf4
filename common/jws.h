/* jws: JSON Web Signatures (RFC 7515) in compact form, as service account tokens use them:
 * RS256 for RSA keys, ES256/384/512 by curve for EC keys, and upstream's key ids. */
#ifndef KUBE_JWS_H
#define KUBE_JWS_H

#include <jansson.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>

struct jws_alg {
	const char *name; /* the header's "alg" */
	int type;	  /* EVP_PKEY_RSA or EVP_PKEY_EC */
	int bits;	  /* the EC curve's size; 0 for RSA */
	size_t coord;	  /* ECDSA: the width of r and of s in a signature */
	const EVP_MD *(*md)(void);
};

/* The algorithm that signs with k; NULL for other key types and curves. */
const struct jws_alg *jws_alg_of_key(EVP_PKEY *k);
/* The algorithm called name ("RS256", "ES256", ...); NULL when unknown or name is NULL. */
const struct jws_alg *jws_alg_by_name(const char *name);

/* Upstream's key id ("kid"): base64url of the SHA-256 of the DER PKIX public key; "" when the
 * key cannot be encoded. malloc'd. */
char *jws_key_id(EVP_PKEY *k);

/* The compact JWS of claims signed with key: header {"alg","kid"} in that order, the claims
 * dumped compact with sorted keys. NULL when the key has no algorithm or signing fails.
 * malloc'd. */
char *jws_sign(EVP_PKEY *key, const char *kid, const json_t *claims);

/* Whether sig (as JWS carries it: r||s for ECDSA) signs input[0..inlen) with key under a;
 * false when a is not key's algorithm. */
bool jws_verify(EVP_PKEY *key, const struct jws_alg *a, const char *input, size_t inlen,
		const unsigned char *sig, size_t siglen);

#endif
