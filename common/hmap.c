#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "log.h"

/* A slot whose entry was deleted: lookups probe past it. */
static const char tomb[] = "";

static unsigned hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

void hmap_init(struct hmap *m)
{
	memset(m, 0, sizeof(*m));
}

void hmap_clear(struct hmap *m)
{
	free(m->slots);
	hmap_init(m);
}

static struct hmap_slot *find(const struct hmap *m, const char *key, unsigned h)
{
	size_t mask = m->cap - 1;

	if (!m->cap)
		return NULL;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hmap_slot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (s->key != tomb && s->hash == h && !strcmp(s->key, key))
			return s;
	}
}

static void grow(struct hmap *m)
{
	struct hmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 16;
	if (old.count * 4 < old.cap)
		m->cap = old.cap; /* mostly tombstones: rehash in place */
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	m->count = m->tombs = 0;
	for (size_t i = 0; i < old.cap; i++) {
		struct hmap_slot *s = &old.slots[i];
		if (s->key && s->key != tomb) {
			size_t j = s->hash & (m->cap - 1);
			while (m->slots[j].key)
				j = (j + 1) & (m->cap - 1);
			m->slots[j] = *s;
			m->count++;
		}
	}
	free(old.slots);
}

void *hmap_get(const struct hmap *m, const char *key)
{
	struct hmap_slot *s = find(m, key, hash(key));

	return s ? s->val : NULL;
}

void *hmap_put(struct hmap *m, const char *key, void *val)
{
	unsigned h = hash(key);
	struct hmap_slot *s = find(m, key, h);
	void *old;
	size_t i;

	if (s) {
		old = s->val;
		s->key = key;
		s->val = val;
		return old;
	}
	if ((m->count + m->tombs + 1) * 4 > m->cap * 3)
		grow(m);
	for (i = h & (m->cap - 1); m->slots[i].key && m->slots[i].key != tomb;
	     i = (i + 1) & (m->cap - 1))
		;
	if (m->slots[i].key == tomb)
		m->tombs--;
	m->slots[i] = (struct hmap_slot){key, val, h};
	m->count++;
	return NULL;
}

void *hmap_del(struct hmap *m, const char *key)
{
	struct hmap_slot *s = find(m, key, hash(key));
	void *old;

	if (!s)
		return NULL;
	old = s->val;
	s->key = tomb;
	s->val = NULL;
	m->count--;
	m->tombs++;
	return old;
}

size_t hmap_next(const struct hmap *m, size_t i, const char **key, void **val)
{
	for (; i < m->cap; i++) {
		struct hmap_slot *s = &m->slots[i];
		if (s->key && s->key != tomb) {
			*key = s->key;
			*val = s->val;
			return i + 1;
		}
	}
	return 0;
}
