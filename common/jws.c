#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "jws.h"
#include "log.h"

static const struct jws_alg algs[] = {
    {"RS256", EVP_PKEY_RSA, 0, 0, EVP_sha256},
    {"ES256", EVP_PKEY_EC, 256, 32, EVP_sha256},
    {"ES384", EVP_PKEY_EC, 384, 48, EVP_sha384},
    {"ES512", EVP_PKEY_EC, 521, 66, EVP_sha512},
};

const struct jws_alg *jws_alg_of_key(EVP_PKEY *k)
{
	int type = EVP_PKEY_get_base_id(k), bits = EVP_PKEY_get_bits(k);

	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].type == type && (type == EVP_PKEY_RSA || algs[i].bits == bits))
			return &algs[i];
	return NULL;
}

const struct jws_alg *jws_alg_by_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(algs[i].name, name))
			return &algs[i];
	return NULL;
}

char *jws_key_id(EVP_PKEY *k)
{
	unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	int n = i2d_PUBKEY(k, &der);
	char *out;

	if (n > 0 && EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL) == 1)
		out = b64_encode(md, mdlen, true);
	else
		out = xstrdup("");
	OPENSSL_free(der);
	ERR_clear_error();
	return out;
}

/* ECDSA's DER signature as JWS's fixed-width r||s. */
static unsigned char *der_to_raw(const unsigned char *der, size_t len, size_t coord, size_t *outlen)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	unsigned char *out;

	if (!sig)
		return NULL;
	out = xcalloc(2, coord);
	if (BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, (int)coord) < 0 ||
	    BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + coord, (int)coord) < 0) {
		free(out);
		out = NULL;
	}
	*outlen = 2 * coord;
	ECDSA_SIG_free(sig);
	return out;
}

/* JWS's r||s as the DER OpenSSL verifies; OPENSSL_free it. */
static unsigned char *raw_to_der(const unsigned char *raw, size_t len, size_t coord, size_t *outlen)
{
	ECDSA_SIG *sig;
	BIGNUM *r, *s;
	unsigned char *der = NULL;
	int n;

	if (len != 2 * coord)
		return NULL;
	sig = ECDSA_SIG_new();
	r = BN_bin2bn(raw, (int)coord, NULL);
	s = BN_bin2bn(raw + coord, (int)coord, NULL);
	if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(sig);
		return NULL;
	}
	n = i2d_ECDSA_SIG(sig, &der);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		return NULL;
	*outlen = (size_t)n;
	return der;
}

/* base64url of v dumped compact (plus flags). */
static char *b64_json(const json_t *v, size_t flags)
{
	char *s = json_dumps(v, JSON_COMPACT | flags);
	char *out = b64_encode(s, strlen(s), true);

	free(s);
	return out;
}

/* The signature of input in JWS form; NULL when signing fails. */
static unsigned char *sign_input(EVP_PKEY *key, const struct jws_alg *a, const char *input,
				 size_t *siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *sig = NULL, *raw;
	size_t inlen = strlen(input), rawlen;

	*siglen = 0;
	if (!ctx || EVP_DigestSignInit(ctx, NULL, a->md(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, NULL, siglen, (const unsigned char *)input, inlen) != 1)
		goto out;
	sig = xmalloc(*siglen);
	if (EVP_DigestSign(ctx, sig, siglen, (const unsigned char *)input, inlen) != 1)
		goto fail;
	if (a->type == EVP_PKEY_EC) {
		if (!(raw = der_to_raw(sig, *siglen, a->coord, &rawlen)))
			goto fail;
		free(sig);
		sig = raw;
		*siglen = rawlen;
	}
	goto out;
fail:
	free(sig);
	sig = NULL;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	return sig;
}

char *jws_sign(EVP_PKEY *key, const char *kid, const json_t *claims)
{
	const struct jws_alg *a = key ? jws_alg_of_key(key) : NULL;
	json_t *hdr;
	char *h, *p, *input, *sig64, *out = NULL;
	unsigned char *sig;
	size_t siglen;

	if (!a)
		return NULL;
	hdr = json_pack("{s:s, s:s}", "alg", a->name, "kid", kid ? kid : "");
	h = b64_json(hdr, 0);
	p = b64_json(claims, JSON_SORT_KEYS);
	input = xasprintf("%s.%s", h, p);
	if ((sig = sign_input(key, a, input, &siglen))) {
		sig64 = b64_encode(sig, siglen, true);
		out = xasprintf("%s.%s", input, sig64);
		free(sig64);
	}
	free(sig);
	free(input);
	free(p);
	free(h);
	json_decref(hdr);
	return out;
}

bool jws_verify(EVP_PKEY *key, const struct jws_alg *a, const char *input, size_t inlen,
		const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = NULL;
	unsigned char *der = NULL;
	size_t derlen = siglen;
	bool ok = false;

	if (!a || jws_alg_of_key(key) != a)
		return false;
	if (a->type == EVP_PKEY_EC && !(der = raw_to_der(sig, siglen, a->coord, &derlen)))
		goto out;
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestVerifyInit(ctx, NULL, a->md(), NULL, key) == 1 &&
	     EVP_DigestVerify(ctx, der ? der : sig, derlen, (const unsigned char *)input, inlen) ==
		 1;
out:
	ERR_clear_error();
	OPENSSL_free(der);
	EVP_MD_CTX_free(ctx);
	return ok;
}
