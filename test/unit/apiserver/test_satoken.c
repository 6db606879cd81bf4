/* Service account JWTs: signing and verifying with RSA and EC keys, key ids, tampering,
 * expiry, issuers and audiences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "../../../apiserver/apiserver.h"
#include "jsonx.h"

#define ISSUER "https://kubernetes.default.svc.cluster.local"

static char dir[] = "/tmp/test_satoken.XXXXXX";
static char rsa_key[64], rsa_pub[64], ec_key[64], other_pub[64];

static void write_key(EVP_PKEY *k, const char *priv, const char *pub)
{
	FILE *f;

	if (priv) {
		f = fopen(priv, "w");
		assert_non_null(f);
		assert_int_equal(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
		fclose(f);
	}
	if (pub) {
		f = fopen(pub, "w");
		assert_non_null(f);
		assert_int_equal(PEM_write_PUBKEY(f, k), 1);
		fclose(f);
	}
}

static int setup(void **state)
{
	EVP_PKEY *rsa = EVP_RSA_gen(2048), *ec = EVP_EC_gen("P-256"), *other = EVP_RSA_gen(2048);

	(void)state;
	if (!mkdtemp(dir) || !rsa || !ec || !other)
		return -1;
	snprintf(rsa_key, sizeof(rsa_key), "%s/sa.key", dir);
	snprintf(rsa_pub, sizeof(rsa_pub), "%s/sa.pub", dir);
	snprintf(ec_key, sizeof(ec_key), "%s/ec.key", dir);
	snprintf(other_pub, sizeof(other_pub), "%s/other.pub", dir);
	write_key(rsa, rsa_key, rsa_pub);
	write_key(ec, ec_key, NULL);
	write_key(other, NULL, other_pub);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(other);
	return 0;
}

static int teardown(void **state)
{
	struct sat_config none = {0};
	char err[256];

	(void)state;
	sat_init(&none, err, sizeof(err)); /* frees the keys */
	unlink(rsa_key);
	unlink(rsa_pub);
	unlink(ec_key);
	unlink(other_pub);
	rmdir(dir);
	return 0;
}

static void init(const char *signing, const char *keys)
{
	struct sat_config cfg = {signing, keys, ISSUER, NULL, 0, true};
	char err[256];

	assert_int_equal(sat_init(&cfg, err, sizeof(err)), 0);
}

static json_t *claims_at(time_t now, long exp)
{
	json_t *sa = json_pack("{s:{s:s, s:s, s:s}}", "metadata", "name", "sa1", "namespace",
			       "default", "uid", "1234");
	json_t *auds = json_pack("[s]", ISSUER), *c;

	c = sat_claims(sa, NULL, auds, now, exp, 0);
	json_decref(sa);
	json_decref(auds);
	return c;
}

/* Sign fresh claims, verify, and return the token (malloc'd). */
static char *round_trip(const char *alg)
{
	time_t now = time(NULL);
	json_t *c = claims_at(now, 3600), *got = NULL;
	char *tok = sat_sign(c), *why = NULL;

	assert_non_null(tok);
	assert_non_null(
	    strstr(tok, alg[0] == 'R' ? "eyJhbGciOiJSUzI1NiIs" : "eyJhbGciOiJFUzI1NiIs"));
	assert_int_equal(sat_verify(tok, now, &got, &why), SAT_OK);
	assert_null(why);
	assert_string_equal(json_string_value(json_object_get(got, "sub")),
			    "system:serviceaccount:default:sa1");
	assert_string_equal(jx_str(json_object_get(got, "kubernetes.io"), "serviceaccount.uid"),
			    "1234");
	assert_int_equal(json_integer_value(json_object_get(got, "exp")), now + 3600);
	json_decref(got);
	json_decref(c);
	return tok;
}

static void test_rsa_round_trip(void **state)
{
	char *tok;

	(void)state;
	init(rsa_key, rsa_pub);
	assert_int_equal(strlen(sat_key_id()), 43); /* base64url of a SHA-256 */
	tok = round_trip("RS256");
	assert_int_equal(strncmp(tok, "eyJhbGciOiJSUzI1NiIs", 20), 0); /* {"alg":"RS256", */
	free(tok);
}

static void test_ec_round_trip(void **state)
{
	char *tok, *sig;

	(void)state;
	init(ec_key, NULL); /* the signing key verifies when no key file is given */
	tok = round_trip("ES256");
	sig = strrchr(tok, '.') + 1;
	assert_int_equal(strlen(sig), 86); /* raw r||s: 64 bytes, not DER */
	free(tok);
}

static void test_verifies_with_private_key_file(void **state)
{
	char *tok;

	(void)state;
	init(rsa_key, rsa_key);
	tok = round_trip("RS256");
	free(tok);
}

static void test_tampering(void **state)
{
	time_t now = time(NULL);
	json_t *c = claims_at(now, 3600), *got = NULL;
	char *tok, *why = NULL, *dot;

	(void)state;
	init(rsa_key, rsa_pub);
	tok = sat_sign(c);
	dot = strchr(tok, '.');
	/* Change one character of the payload; the signature no longer fits. */
	dot[5] = dot[5] == 'A' ? 'B' : 'A';
	assert_int_not_equal(sat_verify(tok, now, &got, &why), SAT_OK);
	assert_null(got);
	free(why);
	why = NULL;
	free(tok);
	/* Change the signature instead. */
	tok = sat_sign(c);
	tok[strlen(tok) - 3] = tok[strlen(tok) - 3] == 'x' ? 'y' : 'x';
	assert_int_equal(sat_verify(tok, now, &got, &why), SAT_BAD);
	assert_string_equal(why, "invalid signature");
	free(why);
	free(tok);
	json_decref(c);
}

static void test_other_key_refused(void **state)
{
	time_t now = time(NULL);
	json_t *c = claims_at(now, 3600), *got = NULL;
	char *tok, *why = NULL;

	(void)state;
	init(rsa_key, rsa_pub);
	tok = sat_sign(c);
	init(rsa_key, other_pub); /* verifying keys that did not sign it */
	assert_int_equal(sat_verify(tok, now, &got, &why), SAT_BAD);
	free(why);
	free(tok);
	json_decref(c);
}

static void test_expiry(void **state)
{
	time_t now = time(NULL);
	json_t *c = claims_at(now - 7200, 3600), *got = NULL;
	char *tok, *why = NULL;

	(void)state;
	init(rsa_key, rsa_pub);
	tok = sat_sign(c);
	assert_int_equal(sat_verify(tok, now, &got, &why), SAT_BAD);
	assert_string_equal(why, "service account token has expired");
	free(why);
	/* Within a minute of expiry the clock skew allowance still accepts it. */
	assert_int_equal(sat_verify(tok, now - 3600 + 30, &got, NULL), SAT_OK);
	json_decref(got);
	assert_int_equal(sat_verify(tok, now - 7200 - 120, &got, &why), SAT_BAD);
	assert_string_equal(why, "service account token is not valid yet");
	free(why);
	free(tok);
	json_decref(c);
}

static void test_not_mine(void **state)
{
	static const char *const junk[] = {"",	   "abc", "a.b",      "a.b.c",
					   "a..c", "...", "e30.e30.", "eyJ.eyJ.x.y"};
	time_t now = time(NULL);
	json_t *c = claims_at(now, 3600), *got = NULL;
	char *tok;

	(void)state;
	init(rsa_key, rsa_pub);
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_int_equal(sat_verify(junk[i], now, &got, NULL), SAT_NOT_MINE);
	/* Another issuer's token is left to other authenticators. */
	json_object_set_new(c, "iss", json_string("https://elsewhere"));
	tok = sat_sign(c);
	assert_int_equal(sat_verify(tok, now, &got, NULL), SAT_NOT_MINE);
	assert_null(got);
	free(tok);
	json_decref(c);
}

static void test_audiences(void **state)
{
	json_t *tok_auds = json_pack("[s, s]", "a", ISSUER), *req = json_pack("[s]", "b");
	json_t *m;

	(void)state;
	init(rsa_key, rsa_pub);
	m = sat_audiences_match(tok_auds, NULL); /* the API audiences: the issuer */
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(json_string_value(json_array_get(m, 0)), ISSUER);
	json_decref(m);
	m = sat_audiences_match(tok_auds, req);
	assert_int_equal(json_array_size(m), 0);
	json_decref(m);
	json_decref(tok_auds);
	json_decref(req);
}

static void test_config_errors(void **state)
{
	struct sat_config no_issuer = {rsa_key, NULL, NULL, NULL, 0, true};
	struct sat_config short_max = {rsa_key, NULL, ISSUER, NULL, 60, true};
	struct sat_config missing = {rsa_key, "/nonexistent.pub", ISSUER, NULL, 0, true};
	struct sat_config not_a_key = {rsa_pub, NULL, ISSUER, NULL, 0, true};
	char err[256];

	(void)state;
	assert_int_equal(sat_init(&no_issuer, err, sizeof(err)), -1);
	assert_int_equal(sat_init(&short_max, err, sizeof(err)), -1);
	assert_int_equal(sat_init(&missing, err, sizeof(err)), -1);
	assert_int_equal(sat_init(&not_a_key, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rsa_round_trip),
	    cmocka_unit_test(test_ec_round_trip),
	    cmocka_unit_test(test_verifies_with_private_key_file),
	    cmocka_unit_test(test_tampering),
	    cmocka_unit_test(test_other_key_refused),
	    cmocka_unit_test(test_expiry),
	    cmocka_unit_test(test_not_mine),
	    cmocka_unit_test(test_audiences),
	    cmocka_unit_test(test_config_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
