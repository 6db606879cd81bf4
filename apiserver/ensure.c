/* Objects the server keeps in place at start (system namespaces, the kubernetes service, the
 * default RBAC policy, Local APIServices): each is created when missing, or, when its owner
 * gives a merge, the merge of what the server wants over what is stored is written back. One
 * batch counts its writes and says when all have finished, whatever their outcome. */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

struct ens {
	char *who; /* the log prefix */
	int pending;
	void (*done)(void *arg);
	void *arg;
};

/* One object's write in flight. */
struct ens_item {
	struct ens *b;
	char *what;
	json_t *want;
	ens_merge_fn merge;
};

struct ens *ens_begin(const char *who, void (*done)(void *arg), void *arg)
{
	struct ens *b = xcalloc(1, sizeof(*b));

	b->who = xstrdup(who);
	b->pending = 1; /* held by the caller until ens_end */
	b->done = done;
	b->arg = arg;
	return b;
}

struct ens *ens_hold(struct ens *b)
{
	b->pending++;
	return b;
}

void ens_release(struct ens *b)
{
	void (*done)(void *) = b->done;
	void *arg = b->arg;

	if (--b->pending)
		return;
	free(b->who);
	free(b);
	if (done)
		done(arg);
}

void ens_release_st(void *b, json_t *st)
{
	json_decref(st);
	ens_release(b);
}

static void item_free(struct ens_item *it)
{
	struct ens *b = it->b;

	json_decref(it->want);
	free(it->what);
	free(it);
	ens_release(b);
}

static void created(void *arg, json_t *st)
{
	struct ens_item *it = arg;

	/* A 409 is a peer server (or an earlier start) having created it first. */
	if (st && st_code(st) != 409)
		log_warn("%s: creating %s: %s", it->b->who, it->what, st_message(st));
	else
		log_v(2, "%s: %s in place", it->b->who, it->what);
	json_decref(st);
	item_free(it);
}

static json_t *mutate(struct rinfo *ri, const json_t *cur, void *ctx, json_t **st)
{
	struct ens_item *it = ctx;
	json_t *next = it->merge(cur, it->want), *out;

	if (!next)
		return json_deep_copy(cur); /* someone already did it: no write */
	out = reg_prepare_update(ri, next, cur, st);
	json_decref(next);
	if (!out)
		log_warn("%s: updating %s: %s", it->b->who, it->what, st_message(*st));
	return out;
}

/* Runs when the update's op is freed, whatever its outcome. */
static void updated(void *ctx)
{
	struct ens_item *it = ctx;

	log_v(2, "%s: reconciled %s", it->b->who, it->what);
	item_free(it);
}

static void update(struct ens_item *it, const struct kind *k, const char *ns, const char *name)
{
	struct rinfo *ri = xcalloc(1, sizeof(*ri));

	ri->k = k;
	ri->verb = "update";
	ri->ns = ns ? xstrdup(ns) : NULL;
	ri->name = xstrdup(name);
	ri->field_manager = xstrdup("kube-apiserver");
	reg_mutate(NULL, ri, mutate, it, updated, NULL, 200);
}

void ens_object(struct ens *b, const struct kind *k, json_t *want, ens_merge_fn merge)
{
	const char *ns = jx_str(want, "metadata.namespace"), *name = jx_str(want, "metadata.name");
	struct centry *e = cache_get(cache_of(k), ns, name);
	struct ens_item *it = xcalloc(1, sizeof(*it));
	json_t *cur, *next = NULL;

	it->b = ens_hold(b);
	it->what = xasprintf("%s %s%s%s", k->kind, ns ? ns : "", ns ? "/" : "", name);
	if (!e) {
		reg_create_internal(k, want, created, it);
		return;
	}
	it->want = want;
	it->merge = merge;
	/* The cache's copy says whether a write is needed at all; the write itself merges over
	 * what etcd holds. */
	if (merge && (cur = json_loadb(e->json, e->len, 0, NULL))) {
		next = merge(cur, want);
		json_decref(cur);
	}
	if (!next) {
		item_free(it);
		return;
	}
	json_decref(next);
	update(it, k, ns, name);
}

void ens_end(struct ens *b)
{
	ens_release(b);
}
