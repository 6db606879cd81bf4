#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "log.h"

static const char std_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Both directions work on tables built once, so that the etcd client, which every key and
 * value passes through, is faster with them than with EVP_EncodeBlock and EVP_DecodeBlock.
 * Encoding turns 12 bits at a time into two characters. Decoding looks each character of a
 * group of four up in its own table, its value already shifted into place (modp_b64's way);
 * bits 24 and 25 mark characters outside the standard and the url alphabet. */
#define NOT_STD (1u << 24)
#define NOT_URL (1u << 25)
static char pairs[2][4096][2]; /* [url][12 bits] */
static uint32_t dec[4][256];   /* [position in the group][character] */

__attribute__((constructor)) static void b64_tables(void)
{
	const char *chars[2] = {std_chars, url_chars};

	for (int url = 0; url < 2; url++)
		for (int i = 0; i < 4096; i++) {
			pairs[url][i][0] = chars[url][i >> 6];
			pairs[url][i][1] = chars[url][i & 63];
		}
	for (int c = 0; c < 256; c++)
		for (int k = 0; k < 4; k++)
			dec[k][c] = NOT_STD | NOT_URL;
	for (uint32_t v = 0; v < 64; v++) {
		unsigned char s = (unsigned char)std_chars[v], u = (unsigned char)url_chars[v];
		for (int k = 0; k < 4; k++) {
			dec[k][s] = v << (18 - 6 * k) | (s == u ? 0 : NOT_URL);
			dec[k][u] = v << (18 - 6 * k) | (s == u ? 0 : NOT_STD);
		}
	}
}

char *b64_encode(const void *in, size_t n, bool url)
{
	const unsigned char *p = in;
	const char *tab = url ? url_chars : std_chars;
	char(*pair)[2] = pairs[url];
	char *out = xmalloc(4 * ((n + 2) / 3) + 1), *o = out;
	size_t i = 0;

	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		memcpy(o, pair[v >> 12], 2);
		memcpy(o + 2, pair[v & 4095], 2);
		o += 4;
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		*o++ = tab[v >> 18];
		*o++ = tab[v >> 12 & 63];
		if (i + 1 < n)
			*o++ = tab[v >> 6 & 63];
		else if (!url)
			*o++ = '=';
		if (!url)
			*o++ = '=';
	}
	*o = 0;
	return out;
}

/* The input's length without padding; SIZE_MAX when padding is misplaced. */
static size_t unpadded(const char *in, size_t n, bool url)
{
	size_t m = n;

	if (url)
		return n;
	while (m && n - m < 2 && in[m - 1] == '=')
		m--;
	return m == n || n % 4 == 0 ? m : SIZE_MAX;
}

char *b64_decode(const char *in, size_t n, bool url, size_t *len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t m = unpadded(in, n, url), i = 0;
	uint32_t v, seen = 0;
	char *out, *o;

	if (m == SIZE_MAX || m % 4 == 1)
		return NULL;
	out = o = xmalloc(m / 4 * 3 + 3);
	for (; i + 4 <= m; i += 4) {
		v = dec[0][p[i]] | dec[1][p[i + 1]] | dec[2][p[i + 2]] | dec[3][p[i + 3]];
		seen |= v;
		o[0] = (char)(v >> 16);
		o[1] = (char)(v >> 8);
		o[2] = (char)v;
		o += 3;
	}
	if (i < m) {
		v = dec[0][p[i]] | dec[1][p[i + 1]] | (m - i == 3 ? dec[2][p[i + 2]] : 0);
		seen |= v;
		*o++ = (char)(v >> 16);
		if (m - i == 3)
			*o++ = (char)(v >> 8);
	}
	/* One check for the whole input: malformed input is rare and may cost a wasted pass. */
	if (seen & (url ? NOT_URL : NOT_STD)) {
		free(out);
		return NULL;
	}
	*o = 0;
	if (len)
		*len = (size_t)(o - out);
	return out;
}
