/* secretbox: Salsa20, HSalsa20, XSalsa20 and XSalsa20-Poly1305 against published vectors
 * (the Salsa20 specification's section 8; NaCl's and libsodium's core2, stream and secretbox
 * tests, which use the same key and nonce). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "secretbox.h"

static const unsigned char firstkey[32] = {
    0x1b, 0x27, 0x55, 0x64, 0x73, 0xe9, 0x85, 0xd4, 0x62, 0xcd, 0x51, 0x19, 0x7a, 0x9a, 0x46, 0xc7,
    0x60, 0x09, 0x54, 0x9e, 0xac, 0x64, 0x74, 0xf2, 0x06, 0xc4, 0xee, 0x08, 0x44, 0xf6, 0x83, 0x89};

static const unsigned char nonce[24] = {0x69, 0x69, 0x6e, 0xe9, 0x55, 0xb6, 0x2b, 0x73,
					0xcd, 0x62, 0xbd, 0xa8, 0x75, 0xfc, 0x73, 0xd6,
					0x82, 0x19, 0xe0, 0x03, 0x6b, 0x7a, 0x0b, 0x37};

/* NaCl's secretbox test message and its box (tag, then ciphertext). */
static const unsigned char message[131] = {
    0xbe, 0x07, 0x5f, 0xc5, 0x3c, 0x81, 0xf2, 0xd5, 0xcf, 0x14, 0x13, 0x16, 0xeb, 0xeb, 0x0c,
    0x7b, 0x52, 0x28, 0xc5, 0x2a, 0x4c, 0x62, 0xcb, 0xd4, 0x4b, 0x66, 0x84, 0x9b, 0x64, 0x24,
    0x4f, 0xfc, 0xe5, 0xec, 0xba, 0xaf, 0x33, 0xbd, 0x75, 0x1a, 0x1a, 0xc7, 0x28, 0xd4, 0x5e,
    0x6c, 0x61, 0x29, 0x6c, 0xdc, 0x3c, 0x01, 0x23, 0x35, 0x61, 0xf4, 0x1d, 0xb6, 0x6c, 0xce,
    0x31, 0x4a, 0xdb, 0x31, 0x0e, 0x3b, 0xe8, 0x25, 0x0c, 0x46, 0xf0, 0x6d, 0xce, 0xea, 0x3a,
    0x7f, 0xa1, 0x34, 0x80, 0x57, 0xe2, 0xf6, 0x55, 0x6a, 0xd6, 0xb1, 0x31, 0x8a, 0x02, 0x4a,
    0x83, 0x8f, 0x21, 0xaf, 0x1f, 0xde, 0x04, 0x89, 0x77, 0xeb, 0x48, 0xf5, 0x9f, 0xfd, 0x49,
    0x24, 0xca, 0x1c, 0x60, 0x90, 0x2e, 0x52, 0xf0, 0xa0, 0x89, 0xbc, 0x76, 0x89, 0x70, 0x40,
    0xe0, 0x82, 0xf9, 0x37, 0x76, 0x38, 0x48, 0x64, 0x5e, 0x07, 0x05};

static const unsigned char box[147] = {
    0xf3, 0xff, 0xc7, 0x70, 0x3f, 0x94, 0x00, 0xe5, 0x2a, 0x7d, 0xfb, 0x4b, 0x3d, 0x33, 0x05,
    0xd9, 0x8e, 0x99, 0x3b, 0x9f, 0x48, 0x68, 0x12, 0x73, 0xc2, 0x96, 0x50, 0xba, 0x32, 0xfc,
    0x76, 0xce, 0x48, 0x33, 0x2e, 0xa7, 0x16, 0x4d, 0x96, 0xa4, 0x47, 0x6f, 0xb8, 0xc5, 0x31,
    0xa1, 0x18, 0x6a, 0xc0, 0xdf, 0xc1, 0x7c, 0x98, 0xdc, 0xe8, 0x7b, 0x4d, 0xa7, 0xf0, 0x11,
    0xec, 0x48, 0xc9, 0x72, 0x71, 0xd2, 0xc2, 0x0f, 0x9b, 0x92, 0x8f, 0xe2, 0x27, 0x0d, 0x6f,
    0xb8, 0x63, 0xd5, 0x17, 0x38, 0xb4, 0x8e, 0xee, 0xe3, 0x14, 0xa7, 0xcc, 0x8a, 0xb9, 0x32,
    0x16, 0x45, 0x48, 0xe5, 0x26, 0xae, 0x90, 0x22, 0x43, 0x68, 0x51, 0x7a, 0xcf, 0xea, 0xbd,
    0x6b, 0xb3, 0x73, 0x2b, 0xc0, 0xe9, 0xda, 0x99, 0x83, 0x2b, 0x61, 0xca, 0x01, 0xb6, 0xde,
    0x56, 0x24, 0x4a, 0x9e, 0x88, 0xd5, 0xf9, 0xb3, 0x79, 0x73, 0xf6, 0x22, 0xa4, 0x3d, 0x14,
    0xa6, 0x59, 0x9b, 0x1f, 0x65, 0x4c, 0xb4, 0x5a, 0x74, 0xe3, 0x55, 0xa5};

static void hex(char *out, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void test_salsa20_hash(void **state)
{
	static const unsigned char in[64] = {
	    211, 159, 13,  115, 76, 55,	 82,  183, 3,	117, 222, 37,  191, 187, 234, 136,
	    49,	 237, 179, 48,	1,  106, 178, 219, 175, 199, 166, 48,  86,  16,	 179, 207,
	    31,	 240, 32,  63,	15, 83,	 93,  161, 116, 147, 48,  113, 238, 55,	 204, 36,
	    79,	 201, 235, 79,	3,  81,	 156, 47,  203, 26,  244, 243, 88,  118, 104, 54};
	static const unsigned char want[64] = {
	    109, 42,  178, 168, 156, 240, 248, 238, 168, 196, 190, 203, 26,  110, 170, 154,
	    29,	 29,  150, 26,	150, 30,  235, 249, 190, 163, 251, 48,	69,  144, 51,  57,
	    118, 40,  152, 157, 180, 57,  27,  94,  107, 42,  236, 35,	27,  111, 114, 114,
	    219, 236, 232, 135, 111, 155, 110, 18,  24,	 232, 95,  158, 179, 19,  48,  202};
	unsigned char out[64], zero[64] = {0};

	(void)state;
	sbox_salsa20_hash(out, in);
	assert_memory_equal(out, want, 64);
	/* The specification's first example: zero stays zero. */
	sbox_salsa20_hash(out, zero);
	assert_memory_equal(out, zero, 64);
}

static void test_hsalsa20(void **state)
{
	unsigned char sub[32];
	char h[65];

	(void)state;
	sbox_hsalsa20(sub, firstkey, nonce);
	hex(h, sub, 32);
	assert_string_equal(h, "dc908dda0b9344a953629b733820778880f3ceb421bb61b91cbd4c3e66256ce4");
}

static void test_xsalsa20_stream(void **state)
{
	size_t len = 4194304;
	unsigned char *buf = calloc(1, len), md[32];
	unsigned int mdlen = 0;
	char h[65];

	(void)state;
	assert_non_null(buf);
	sbox_xsalsa20_xor(buf, buf, len, nonce, firstkey);
	hex(h, buf, 32);
	/* The first 32 bytes are the secretbox vector's Poly1305 key. */
	assert_string_equal(h, "eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880");
	assert_int_equal(EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL), 1);
	hex(h, md, 32);
	assert_string_equal(h, "662b9d0e3463029156069b12f918691a98f7dfb2ca0393c96bbfc6b1fbd630a2");
	free(buf);
}

/* For every length across block edges: the box's ciphertext is the keystream from byte 32 on
 * XOR the message, and it opens back to the message. */
static void test_lengths(void **state)
{
	unsigned char msg[200], stream[232], sealed[216], out[200];

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 37 + 11);
	for (size_t len = 0; len <= sizeof(msg); len++) {
		memset(stream, 0, sizeof(stream));
		memcpy(stream + 32, msg, len);
		sbox_xsalsa20_xor(stream, stream, 32 + len, nonce, firstkey);
		assert_int_equal(sbox_seal(sealed, msg, len, nonce, firstkey), 0);
		assert_true(sbox_open(out, sealed, len + SBOX_TAG_BYTES, nonce, firstkey));
		if (!len)
			continue;
		assert_memory_equal(sealed + SBOX_TAG_BYTES, stream + 32, len);
		assert_memory_equal(out, msg, len);
	}
}

static void test_seal(void **state)
{
	unsigned char out[sizeof(box)];

	(void)state;
	assert_int_equal(sbox_seal(out, message, sizeof(message), nonce, firstkey), 0);
	assert_memory_equal(out, box, sizeof(box));
}

static void test_open(void **state)
{
	unsigned char out[sizeof(message)], bad[sizeof(box)], key2[32];

	(void)state;
	assert_true(sbox_open(out, box, sizeof(box), nonce, firstkey));
	assert_memory_equal(out, message, sizeof(message));
	/* Any flipped bit, in the tag or the ciphertext, is refused. */
	for (size_t i = 0; i < sizeof(box); i += 7) {
		memcpy(bad, box, sizeof(box));
		bad[i] ^= 0x01;
		assert_false(sbox_open(out, bad, sizeof(bad), nonce, firstkey));
	}
	memcpy(key2, firstkey, 32);
	key2[31] ^= 0x80;
	assert_false(sbox_open(out, box, sizeof(box), nonce, key2));
	assert_false(sbox_open(out, box, SBOX_TAG_BYTES - 1, nonce, firstkey));
	assert_false(sbox_open(out, box, sizeof(box) - 1, nonce, firstkey));
}

static void test_empty(void **state)
{
	unsigned char sealed[SBOX_TAG_BYTES], out[1];

	(void)state;
	assert_int_equal(sbox_seal(sealed, (const unsigned char *)"", 0, nonce, firstkey), 0);
	assert_true(sbox_open(out, sealed, sizeof(sealed), nonce, firstkey));
	sealed[0] ^= 1;
	assert_false(sbox_open(out, sealed, sizeof(sealed), nonce, firstkey));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_salsa20_hash),
	    cmocka_unit_test(test_hsalsa20),
	    cmocka_unit_test(test_xsalsa20_stream),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_seal),
	    cmocka_unit_test(test_open),
	    cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
