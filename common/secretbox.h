/* secretbox: NaCl's crypto_secretbox (XSalsa20-Poly1305), as golang.org/x/crypto/nacl/secretbox
 * seals: a box is the 16-byte Poly1305 tag, then the message XORed with the XSalsa20 keystream
 * from its byte 32 on (bytes 0..31 are the one-time Poly1305 key). OpenSSL has no XSalsa20, so
 * Salsa20 is here, from Bernstein's specification; Poly1305 is OpenSSL's. */
#ifndef KUBE_SECRETBOX_H
#define KUBE_SECRETBOX_H

#include <stdbool.h>
#include <stddef.h>

#define SBOX_KEY_BYTES	 32
#define SBOX_NONCE_BYTES 24
#define SBOX_TAG_BYTES	 16

/* The Salsa20 hash function of 64 bytes (the specification's section 8). */
void sbox_salsa20_hash(unsigned char out[64], const unsigned char in[64]);
/* HSalsa20: a 32-byte subkey from a key and 16 bytes of nonce (the XSalsa20 paper). */
void sbox_hsalsa20(unsigned char out[32], const unsigned char key[32], const unsigned char in[16]);
/* XOR len bytes with the XSalsa20 keystream, from its first byte; out may be in. */
void sbox_xsalsa20_xor(unsigned char *out, const unsigned char *in, size_t len,
		       const unsigned char nonce[SBOX_NONCE_BYTES],
		       const unsigned char key[SBOX_KEY_BYTES]);
/* Seal len bytes into out (len + SBOX_TAG_BYTES bytes): 0, or -1 if Poly1305 failed. */
int sbox_seal(unsigned char *out, const unsigned char *msg, size_t len,
	      const unsigned char nonce[SBOX_NONCE_BYTES], const unsigned char key[SBOX_KEY_BYTES]);
/* Open a box of len bytes into out (len - SBOX_TAG_BYTES bytes): false when it is too short or
 * its tag does not verify (out is then zeroed). */
bool sbox_open(unsigned char *out, const unsigned char *box, size_t len,
	       const unsigned char nonce[SBOX_NONCE_BYTES],
	       const unsigned char key[SBOX_KEY_BYTES]);

#endif
