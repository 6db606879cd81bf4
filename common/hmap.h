/* hmap: a string-keyed hash map of pointers (open addressing, linear probing). */
#ifndef KUBE_HMAP_H
#define KUBE_HMAP_H

#include <stddef.h>

struct hmap {
	struct hmap_slot *slots;
	size_t cap; /* power of two */
	size_t count;
	size_t tombs;
};

struct hmap_slot {
	const char *key; /* owned by the value; NULL empty */
	void *val;
	unsigned hash;
};

void hmap_init(struct hmap *m);
void hmap_clear(struct hmap *m);
void *hmap_get(const struct hmap *m, const char *key);
/* Insert or replace; the key string must live as long as the entry. Returns the old value. */
void *hmap_put(struct hmap *m, const char *key, void *val);
void *hmap_del(struct hmap *m, const char *key);
/* Iterate: for (size_t i = 0; (i = hmap_next(m, i, &k, &v)); ) */
size_t hmap_next(const struct hmap *m, size_t i, const char **key, void **val);

#endif
