/* base64: RFC 4648's test vectors in both alphabets, round trips, and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "b64.h"

/* RFC 4648 section 10. */
static const char *const vectors[][3] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};

static void check_decode(const char *in, bool url, const char *want, size_t want_len)
{
	size_t len = 12345;
	char *got = b64_decode(in, strlen(in), url, &len);

	if (!got)
		fail_msg("%s (%s): rejected", in, url ? "url" : "std");
	assert_int_equal(len, want_len);
	assert_memory_equal(got, want, want_len);
	assert_int_equal(got[len], 0);
	free(got);
}

static void check_bad(const char *in, size_t n, bool url)
{
	size_t len = 12345;
	char *got = b64_decode(in, n, url, &len);

	if (got)
		fail_msg("%.*s (%s): accepted", (int)n, in, url ? "url" : "std");
	assert_int_equal(len, 12345);
}

static void test_rfc4648(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const char *raw = vectors[i][0];
		char *std = b64_encode(raw, strlen(raw), false),
		     *url = b64_encode(raw, strlen(raw), true);

		assert_string_equal(std, vectors[i][1]);
		assert_string_equal(url, vectors[i][2]);
		check_decode(vectors[i][1], false, raw, strlen(raw));
		check_decode(vectors[i][2], false, raw, strlen(raw)); /* padding is optional */
		check_decode(vectors[i][2], true, raw, strlen(raw));
		free(std);
		free(url);
	}
}

/* The two alphabets differ in 62 and 63 only. */
static void test_alphabets(void **state)
{
	static const unsigned char raw[] = {0xfb, 0xff, 0xbf, 0xfb, 0xef};
	char *std = b64_encode(raw, sizeof(raw), false), *url = b64_encode(raw, sizeof(raw), true);

	(void)state;
	assert_string_equal(std, "+/+/++8=");
	assert_string_equal(url, "-_-_--8");
	check_decode(std, false, (const char *)raw, sizeof(raw));
	check_decode(url, true, (const char *)raw, sizeof(raw));
	check_bad(std, strlen(std), true);
	check_bad(url, strlen(url), false);
	free(std);
	free(url);
}

/* Every byte value at every offset, every length up to 64, both ways and back. */
static void test_round_trip(void **state)
{
	unsigned char raw[300];

	(void)state;
	for (size_t i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(i * 7 + 3);
	for (size_t n = 0; n <= sizeof(raw); n += n < 64 ? 1 : 59) {
		for (int url = 0; url < 2; url++) {
			char *enc = b64_encode(raw, n, url), *dec;
			size_t len;

			assert_int_equal(strlen(enc), url ? (n * 4 + 2) / 3 : (n + 2) / 3 * 4);
			dec = b64_decode(enc, strlen(enc), url, &len);
			assert_non_null(dec);
			assert_int_equal(len, n);
			assert_memory_equal(dec, raw, n);
			free(dec);
			free(enc);
		}
	}
}

/* Only the first n characters count, and len may be NULL. */
static void test_length_bounded(void **state)
{
	char *got = b64_decode("Zm9vYmFy!!!", 8, false, NULL);

	(void)state;
	assert_string_equal(got, "foobar");
	free(got);
	got = b64_decode("Zm9vYmFy", 4, true, NULL);
	assert_string_equal(got, "foo");
	free(got);
}

static void test_malformed(void **state)
{
	static const char *const std_bad[] = {
	    "Z",	 /* one character carries no byte */
	    "Zm9vY",	 /* nor does a group of one */
	    "Zg=",	 /* padding short of a multiple of four */
	    "Zg===",	 /* too much padding */
	    "Zm8==",	 /* padding where none is due */
	    "Z===",	 /* three padding characters */
	    "====",	 /* padding alone */
	    "=",	 /* a lone padding character */
	    "Zg==Zg==",	 /* padding mid-stream */
	    "Zm=v",	 /* padding inside a group */
	    "Zm9v\n",	 /* whitespace at the end */
	    " Zm9v",	 /* at the start */
	    "Zm9v Zm9v", /* or inside */
	    "Zm9v\r\nYmFy",
	    "Zm9*",
	    "Zm9\x80",
	    "Zm9vYmF\xff",
	};
	static const char *const url_bad[] = {
	    "Z", "Zm9vY", "Zg==", "Zm8=", "Zm9v\n", " Zm9v", "Zm9v.", "Zm9+", "Zm9/",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(std_bad) / sizeof(std_bad[0]); i++)
		check_bad(std_bad[i], strlen(std_bad[i]), false);
	for (size_t i = 0; i < sizeof(url_bad) / sizeof(url_bad[0]); i++)
		check_bad(url_bad[i], strlen(url_bad[i]), true);
	/* A NUL inside the given length is a character like any other. */
	check_bad("Zm\0v", 4, false);
	check_bad("Zm\0v", 4, true);
}

/* Non-zero bits past the last byte are ignored, as Go's (non-strict) decoders do. */
static void test_trailing_bits(void **state)
{
	(void)state;
	check_decode("Zh==", false, "f", 1);
	check_decode("Zh", true, "f", 1);
	check_decode("Zm9=", false, "fo", 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc4648),    cmocka_unit_test(test_alphabets),
	    cmocka_unit_test(test_round_trip), cmocka_unit_test(test_length_bounded),
	    cmocka_unit_test(test_malformed),  cmocka_unit_test(test_trailing_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
