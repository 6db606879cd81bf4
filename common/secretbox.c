/*
 * secretbox: XSalsa20-Poly1305 (NaCl's crypto_secretbox), for encryption at rest with
 * upstream's "secretbox" provider. Salsa20 and HSalsa20 follow Bernstein's "Salsa20
 * specification" and "Extending the Salsa20 nonce"; the box is laid out as
 * golang.org/x/crypto/nacl/secretbox lays it out, so values sealed by either read in both.
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>

#include "secretbox.h"

static const unsigned char sigma[16] = {'e', 'x', 'p', 'a', 'n', 'd', ' ', '3',
					'2', '-', 'b', 'y', 't', 'e', ' ', 'k'};

static uint32_t ld32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void st32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t rotl(uint32_t v, int n)
{
	return v << n | v >> (32 - n);
}

/* The specification's quarterround on words a, b, c, d of x. */
static void quarter(uint32_t *x, int a, int b, int c, int d)
{
	x[b] ^= rotl(x[a] + x[d], 7);
	x[c] ^= rotl(x[b] + x[a], 9);
	x[d] ^= rotl(x[c] + x[b], 13);
	x[a] ^= rotl(x[d] + x[c], 18);
}

/* Ten doublerounds: a columnround, then a rowround. */
static void rounds20(uint32_t x[16])
{
	for (int i = 0; i < 10; i++) {
		quarter(x, 0, 4, 8, 12);
		quarter(x, 5, 9, 13, 1);
		quarter(x, 10, 14, 2, 6);
		quarter(x, 15, 3, 7, 11);
		quarter(x, 0, 1, 2, 3);
		quarter(x, 5, 6, 7, 4);
		quarter(x, 10, 11, 8, 9);
		quarter(x, 15, 12, 13, 14);
	}
}

void sbox_salsa20_hash(unsigned char out[64], const unsigned char in[64])
{
	uint32_t x[16], z[16];

	for (int i = 0; i < 16; i++)
		x[i] = z[i] = ld32(in + 4 * i);
	rounds20(z);
	for (int i = 0; i < 16; i++)
		st32(out + 4 * i, z[i] + x[i]);
	OPENSSL_cleanse(x, sizeof(x));
	OPENSSL_cleanse(z, sizeof(z));
}

/* The expansion's 64 bytes: sigma0, key[0..16), sigma1, n[0..16), sigma2, key[16..32),
 * sigma3. For the stream n is the 8-byte nonce then the block counter, little-endian. */
static void expand_input(unsigned char in[64], const unsigned char key[32],
			 const unsigned char n[16])
{
	memcpy(in, sigma, 4);
	memcpy(in + 4, key, 16);
	memcpy(in + 20, sigma + 4, 4);
	memcpy(in + 24, n, 16);
	memcpy(in + 40, sigma + 8, 4);
	memcpy(in + 44, key + 16, 16);
	memcpy(in + 60, sigma + 12, 4);
}

void sbox_hsalsa20(unsigned char out[32], const unsigned char key[32], const unsigned char in[16])
{
	static const int pick[8] = {0, 5, 10, 15, 6, 7, 8, 9};
	unsigned char block[64];
	uint32_t x[16];

	expand_input(block, key, in);
	for (int i = 0; i < 16; i++)
		x[i] = ld32(block + 4 * i);
	/* No feed-forward: the words kept sit where the constants and the nonce went in, which
	 * are public, so adding the input back would hide nothing (the XSalsa20 paper). */
	rounds20(x);
	for (int i = 0; i < 8; i++)
		st32(out + 4 * i, x[pick[i]]);
	OPENSSL_cleanse(block, sizeof(block));
	OPENSSL_cleanse(x, sizeof(x));
}

/* XOR with the Salsa20 stream of (subkey, n8) from keystream byte skip on. */
static void salsa20_xor(unsigned char *out, const unsigned char *in, size_t len,
			const unsigned char n8[8], const unsigned char subkey[32], uint64_t skip)
{
	unsigned char input[64], block[64], n[16] = {0};
	uint64_t ctr = skip / 64;
	size_t off = (size_t)(skip % 64);

	memcpy(n, n8, 8);
	expand_input(input, subkey, n);
	while (len) {
		size_t take = len < 64 - off ? len : 64 - off;

		for (int i = 0; i < 8; i++)
			input[32 + i] = (unsigned char)(ctr >> (8 * i));
		sbox_salsa20_hash(block, input);
		for (size_t i = 0; i < take; i++)
			out[i] = in[i] ^ block[off + i];
		out += take;
		in += take;
		len -= take;
		off = 0;
		ctr++;
	}
	OPENSSL_cleanse(input, sizeof(input));
	OPENSSL_cleanse(block, sizeof(block));
}

static void xsalsa20_xor_at(unsigned char *out, const unsigned char *in, size_t len,
			    const unsigned char nonce[24], const unsigned char key[32],
			    uint64_t skip)
{
	unsigned char subkey[32];

	sbox_hsalsa20(subkey, key, nonce);
	salsa20_xor(out, in, len, nonce + 16, subkey, skip);
	OPENSSL_cleanse(subkey, sizeof(subkey));
}

void sbox_xsalsa20_xor(unsigned char *out, const unsigned char *in, size_t len,
		       const unsigned char nonce[SBOX_NONCE_BYTES],
		       const unsigned char key[SBOX_KEY_BYTES])
{
	xsalsa20_xor_at(out, in, len, nonce, key, 0);
}

static int poly1305(unsigned char tag[16], const unsigned char *m, size_t len,
		    const unsigned char key[32])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "POLY1305", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	size_t n = 0;
	int rc = -1;

	if (ctx && EVP_MAC_init(ctx, key, 32, NULL) && EVP_MAC_update(ctx, m, len) &&
	    EVP_MAC_final(ctx, tag, &n, 16) && n == 16)
		rc = 0;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

/* The one-time Poly1305 key: the first 32 bytes of the message's keystream. */
static void poly_key(unsigned char pk[32], const unsigned char nonce[24],
		     const unsigned char key[32])
{
	memset(pk, 0, 32);
	xsalsa20_xor_at(pk, pk, 32, nonce, key, 0);
}

int sbox_seal(unsigned char *out, const unsigned char *msg, size_t len,
	      const unsigned char nonce[SBOX_NONCE_BYTES], const unsigned char key[SBOX_KEY_BYTES])
{
	unsigned char pk[32];
	int rc;

	poly_key(pk, nonce, key);
	xsalsa20_xor_at(out + SBOX_TAG_BYTES, msg, len, nonce, key, 32);
	rc = poly1305(out, out + SBOX_TAG_BYTES, len, pk);
	OPENSSL_cleanse(pk, sizeof(pk));
	return rc;
}

bool sbox_open(unsigned char *out, const unsigned char *box, size_t len,
	       const unsigned char nonce[SBOX_NONCE_BYTES], const unsigned char key[SBOX_KEY_BYTES])
{
	unsigned char pk[32], tag[SBOX_TAG_BYTES];
	bool ok;

	if (len < SBOX_TAG_BYTES)
		return false;
	poly_key(pk, nonce, key);
	ok = !poly1305(tag, box + SBOX_TAG_BYTES, len - SBOX_TAG_BYTES, pk) &&
	     !CRYPTO_memcmp(tag, box, SBOX_TAG_BYTES);
	OPENSSL_cleanse(pk, sizeof(pk));
	if (!ok) {
		if (len > SBOX_TAG_BYTES)
			memset(out, 0, len - SBOX_TAG_BYTES);
		return false;
	}
	xsalsa20_xor_at(out, box + SBOX_TAG_BYTES, len - SBOX_TAG_BYTES, nonce, key, 32);
	return true;
}
