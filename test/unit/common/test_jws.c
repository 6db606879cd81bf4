/* JWS: the algorithm table, key ids, and compact tokens signed and verified with RSA and each
 * EC curve, down to the header's and the claims' exact bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/x509.h>

#include "b64.h"
#include "jws.h"

static const char *const curves[] = {NULL, "P-256", "P-384", "P-521"};
static const char *const names[] = {"RS256", "ES256", "ES384", "ES512"};

static EVP_PKEY *gen(int i)
{
	EVP_PKEY *k = curves[i] ? EVP_EC_gen(curves[i]) : EVP_RSA_gen(2048);

	assert_non_null(k);
	return k;
}

/* One segment of a token, decoded. */
static char *segment(const char *tok, int which, size_t *len)
{
	const char *p = tok, *end;

	for (int i = 0; i < which; i++)
		p = strchr(p, '.') + 1;
	end = strchr(p, '.');
	return b64_decode(p, end ? (size_t)(end - p) : strlen(p), true, len);
}

static void test_algs(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		EVP_PKEY *k = gen(i);
		const struct jws_alg *a = jws_alg_of_key(k);

		assert_non_null(a);
		assert_string_equal(a->name, names[i]);
		assert_ptr_equal(jws_alg_by_name(names[i]), a);
		EVP_PKEY_free(k);
	}
	assert_null(jws_alg_by_name("HS256"));
	assert_null(jws_alg_by_name("none"));
	assert_null(jws_alg_by_name("es256"));
	assert_null(jws_alg_by_name(NULL));
}

static void test_unsupported_keys(void **state)
{
	EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	EVP_PKEY *p224 = EVP_EC_gen("P-224");
	json_t *claims = json_object();

	(void)state;
	assert_non_null(ed);
	assert_non_null(p224);
	assert_null(jws_alg_of_key(ed));
	assert_null(jws_alg_of_key(p224));
	assert_null(jws_sign(ed, "kid", claims));
	assert_null(jws_sign(p224, "kid", claims));
	assert_null(jws_sign(NULL, "kid", claims));
	json_decref(claims);
	EVP_PKEY_free(ed);
	EVP_PKEY_free(p224);
}

/* base64url of the SHA-256 of the DER public key, the same for the private key and its
 * public half. */
static void test_key_id(void **state)
{
	EVP_PKEY *k = gen(1), *pub;
	unsigned char *der = NULL, md[32];
	const unsigned char *p;
	unsigned mdlen;
	int n = i2d_PUBKEY(k, &der);
	char *kid = jws_key_id(k), *want, *kid_pub;

	(void)state;
	assert_true(n > 0);
	assert_int_equal(EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL), 1);
	want = b64_encode(md, mdlen, true);
	assert_string_equal(kid, want);
	assert_int_equal(strlen(kid), 43);
	p = der;
	pub = d2i_PUBKEY(NULL, &p, n);
	kid_pub = jws_key_id(pub);
	assert_string_equal(kid_pub, kid);
	OPENSSL_free(der);
	free(kid);
	free(kid_pub);
	free(want);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(k);
}

static void test_sign_verify(void **state)
{
	json_t *claims = json_pack("{s:s, s:I, s:{s:s, s:s}, s:s}", "sub",
				   "system:serviceaccount:a:b", "exp", (json_int_t)1700000000,
				   "kubernetes.io", "z", "1", "a", "\xc3\xa9", "iss", "issuer");
	const char *want_claims =
	    "{\"exp\":1700000000,\"iss\":\"issuer\",\"kubernetes.io\":{\"a\":"
	    "\"\xc3\xa9\",\"z\":\"1\"},\"sub\":\"system:serviceaccount:a:b\"}";

	(void)state;
	for (int i = 0; i < 4; i++) {
		EVP_PKEY *k = gen(i), *other = gen(i);
		const struct jws_alg *a = jws_alg_of_key(k);
		char *kid = jws_key_id(k), *tok = jws_sign(k, kid, claims), *hdr, *body, *sig,
		     *want_hdr, *bad;
		size_t hlen, blen, slen, inlen;

		assert_non_null(tok);
		inlen = (size_t)(strrchr(tok, '.') - tok);
		hdr = segment(tok, 0, &hlen);
		body = segment(tok, 1, &blen);
		sig = segment(tok, 2, &slen);
		assert_non_null(hdr);
		assert_non_null(body);
		assert_non_null(sig);
		want_hdr = malloc(strlen(kid) + 64);
		sprintf(want_hdr, "{\"alg\":\"%s\",\"kid\":\"%s\"}", names[i], kid);
		assert_string_equal(hdr, want_hdr);
		assert_string_equal(body, want_claims);
		if (a->coord)
			assert_int_equal(slen, 2 * a->coord);
		assert_true(jws_verify(k, a, tok, inlen, (unsigned char *)sig, slen));
		/* Another key, another algorithm, or other bytes: no. */
		assert_false(jws_verify(other, a, tok, inlen, (unsigned char *)sig, slen));
		assert_false(jws_verify(k, jws_alg_by_name(names[(i + 1) % 4]), tok, inlen,
					(unsigned char *)sig, slen));
		assert_false(jws_verify(k, NULL, tok, inlen, (unsigned char *)sig, slen));
		assert_false(jws_verify(k, a, tok, inlen, (unsigned char *)sig, slen - 1));
		bad = strdup(tok);
		bad[inlen - 1] = bad[inlen - 1] == 'A' ? 'B' : 'A';
		assert_false(jws_verify(k, a, bad, inlen, (unsigned char *)sig, slen));
		free(bad);
		/* RS256 is deterministic: the same claims, the same token. */
		if (!curves[i]) {
			bad = jws_sign(k, kid, claims);
			assert_string_equal(bad, tok);
			free(bad);
		}
		free(want_hdr);
		free(hdr);
		free(body);
		free(sig);
		free(tok);
		free(kid);
		EVP_PKEY_free(other);
		EVP_PKEY_free(k);
	}
	json_decref(claims);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_algs),
	    cmocka_unit_test(test_unsupported_keys),
	    cmocka_unit_test(test_key_id),
	    cmocka_unit_test(test_sign_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
