#include <stdlib.h>
#include <time.h>

#include "expect.h"
#include "hmap.h"
#include "log.h"

#define EXPIRE_SECS 300

struct expectation {
	char *key;
	int adds, dels;
	time_t at;
};

struct exp_set {
	struct hmap m;
};

struct exp_set *exp_new(void)
{
	struct exp_set *e = xcalloc(1, sizeof(*e));

	hmap_init(&e->m);
	return e;
}

void exp_forget(struct exp_set *e, const char *key)
{
	struct expectation *x = hmap_del(&e->m, key);

	if (x) {
		free(x->key);
		free(x);
	}
}

void exp_free(struct exp_set *e)
{
	const char *k;
	void *v;

	if (!e)
		return;
	for (size_t i = 0; (i = hmap_next(&e->m, i, &k, &v));) {
		struct expectation *x = v;

		free(x->key);
		free(x);
	}
	hmap_clear(&e->m);
	free(e);
}

void exp_expect(struct exp_set *e, const char *key, int adds, int dels)
{
	struct expectation *x = hmap_get(&e->m, key);

	if (!x) {
		x = xcalloc(1, sizeof(*x));
		x->key = xstrdup(key);
		hmap_put(&e->m, x->key, x);
	}
	x->adds = adds;
	x->dels = dels;
	x->at = time(NULL);
}

static void lower(struct exp_set *e, const char *key, int adds, int dels)
{
	struct expectation *x = hmap_get(&e->m, key);

	if (x) {
		x->adds -= adds;
		x->dels -= dels;
	}
}

void exp_observed_add(struct exp_set *e, const char *key)
{
	lower(e, key, 1, 0);
}

void exp_observed_del(struct exp_set *e, const char *key)
{
	lower(e, key, 0, 1);
}

bool exp_satisfied(const struct exp_set *e, const char *key)
{
	const struct expectation *x = hmap_get(&e->m, key);

	return !x || (x->adds <= 0 && x->dels <= 0) || time(NULL) - x->at > EXPIRE_SECS;
}
