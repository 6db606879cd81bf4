/* pbw: a protobuf wire writer (varints, tags, length-delimited fields) into a growing buffer.
 * Used by the Kubernetes protobuf codec and the OpenAPI v2 protobuf document. */
#ifndef KUBE_PBW_H
#define KUBE_PBW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { PBW_VARINT = 0, PBW_FIXED64 = 1, PBW_LEN = 2, PBW_FIXED32 = 5 };

struct pbw {
	unsigned char *p; /* malloc'd; the writer's owner frees it */
	size_t len, cap;
	bool oom; /* a failed allocation: the output is incomplete */
};

void pbw_raw(struct pbw *b, const void *d, size_t n);
void pbw_varint(struct pbw *b, uint64_t v);
void pbw_tag(struct pbw *b, uint32_t num, unsigned wire);
void pbw_bytes(struct pbw *b, uint32_t num, const void *d, size_t n);
void pbw_uint(struct pbw *b, uint32_t num, uint64_t v);
/* Append a finished nested message as field num, and free and reset it. */
void pbw_sub(struct pbw *b, uint32_t num, struct pbw *sub);

#endif
