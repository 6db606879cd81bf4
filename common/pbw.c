#include <stdlib.h>
#include <string.h>

#include "pbw.h"

void pbw_raw(struct pbw *b, const void *d, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			/* Reported through oom: an encoder may give up on one document. */
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

void pbw_varint(struct pbw *b, uint64_t v)
{
	unsigned char t[10];
	size_t n = 0;

	do {
		t[n] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
		n++;
	} while (v);
	pbw_raw(b, t, n);
}

void pbw_tag(struct pbw *b, uint32_t num, unsigned wire)
{
	pbw_varint(b, (uint64_t)num << 3 | wire);
}

void pbw_bytes(struct pbw *b, uint32_t num, const void *d, size_t n)
{
	pbw_tag(b, num, PBW_LEN);
	pbw_varint(b, n);
	pbw_raw(b, d, n);
}

void pbw_uint(struct pbw *b, uint32_t num, uint64_t v)
{
	pbw_tag(b, num, PBW_VARINT);
	pbw_varint(b, v);
}

void pbw_sub(struct pbw *b, uint32_t num, struct pbw *sub)
{
	b->oom |= sub->oom;
	pbw_bytes(b, num, sub->p, sub->len);
	free(sub->p);
	memset(sub, 0, sizeof(*sub));
}
