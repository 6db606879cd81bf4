/*
 * namespace controller: empties a namespace being deleted, then removes its "kubernetes"
 * finalizer through the finalize subresource so the API server can let it go.
 *
 * Work goes in rounds: one round deletes every namespaced resource the API server lists in
 * discovery (deletecollection, or one by one what the last round listed where a resource has
 * no deletecollection) and lists what is left; the answers are gathered into the namespace's
 * round, and the next sync reads them: conditions on the namespace's status while anything
 * remains, the finalize once a round finds it empty with nothing failing.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "discovery.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "workqueue.h"

#define FINALIZER	    "kubernetes"
#define DISCOVERY_MAX_AGE_S 30
#define ROUND_PAUSE_MS	    500

/* What one round found. */
struct round {
	char *ns;
	bool done;	    /* the answers are in (the next sync can only come after them) */
	json_t *remaining;  /* group-resource -> instances left */
	json_t *finalizers; /* finalizer -> instances holding it */
	json_t *errors;	    /* messages of failed deletes and lists */
	json_t *leftovers;  /* collection path -> names, for resources deleted one by one */
};

/* One request of a round. */
struct nreq {
	struct round *r;
	char *gr, *coll;
	bool list;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *nss;
	struct wq *q;
	struct disc *disc;
	time_t disc_at;
	bool fetching;
	struct hmap rounds; /* namespace -> struct round */
} N;

/* ---- rounds ---- */

static void round_reset(struct round *r)
{
	json_decref(r->remaining);
	json_decref(r->finalizers);
	json_decref(r->errors);
	r->remaining = json_object();
	r->finalizers = json_object();
	r->errors = json_array();
	r->done = false;
}

static struct round *round_get(const char *ns)
{
	struct round *r = hmap_get(&N.rounds, ns);

	if (r)
		return r;
	r = xcalloc(1, sizeof(*r));
	r->ns = xstrdup(ns);
	r->leftovers = json_object();
	round_reset(r);
	hmap_put(&N.rounds, r->ns, r);
	return r;
}

static void round_drop(const char *ns)
{
	struct round *r = hmap_del(&N.rounds, ns);

	if (!r)
		return;
	json_decref(r->remaining);
	json_decref(r->finalizers);
	json_decref(r->errors);
	json_decref(r->leftovers);
	free(r->ns);
	free(r);
}

static void count(json_t *obj, const char *key, json_int_t n)
{
	/* Keys hold dots ("example.com/x"): no jx_ paths. */
	json_object_set_new(obj, key,
			    json_integer(json_integer_value(json_object_get(obj, key)) + n));
}

static void record_list(struct nreq *q, const json_t *list)
{
	json_t *items = json_object_get(list, "items"), *it, *f, *names = json_array();
	size_t i, j;

	json_array_foreach(items, i, it)
	{
		json_array_foreach(jx_get(it, "metadata.finalizers"), j, f)
		{
			if (json_is_string(f))
				count(q->r->finalizers, json_string_value(f), 1);
		}
		if (jx_str(it, "metadata.name"))
			json_array_append_new(names, json_string(jx_str(it, "metadata.name")));
	}
	if (json_array_size(items))
		count(q->r->remaining, q->gr, (json_int_t)json_array_size(items));
	json_object_set_new(q->r->leftovers, q->coll, names);
}

/* Every answer counts as success for the queue: failures go into the round instead. */
static bool answered(void *arg, int code, json_t *body, const char *err)
{
	struct nreq *q = arg;

	if (code / 100 == 2 && q->list)
		record_list(q, body);
	else if (code / 100 != 2 && code != 404 && code != 405)
		json_array_append_new(q->r->errors,
				      json_sprintf("%s: %s", q->gr, err ? err : "request failed"));
	free(q->gr);
	free(q->coll);
	free(q);
	return true;
}

static void ask(struct ctrl_op *op, struct round *r, const char *method, const char *path,
		const char *gr, const char *coll, const json_t *body)
{
	struct nreq *q = xcalloc(1, sizeof(*q));

	q->r = r;
	q->gr = xstrdup(gr);
	q->coll = xstrdup(coll);
	q->list = !strcmp(method, "GET");
	ctrl_op_request(op, N.kc, method, path, NULL, body, answered, q);
}

static void delete_each(struct ctrl_op *op, struct round *r, const char *gr, const char *coll,
			const json_t *opts)
{
	json_t *names = json_object_get(r->leftovers, coll), *nm;
	size_t i;

	json_array_foreach(names, i, nm)
	{
		char *path = xasprintf("%s/%s", coll, json_string_value(nm));
		ask(op, r, "DELETE", path, gr, coll, opts);
		free(path);
	}
}

static void start_round(struct ctrl_op *op, struct round *r)
{
	json_t *opts =
	    json_pack("{s:s, s:s}", "kind", "DeleteOptions", "propagationPolicy", "Background");

	round_reset(r);
	for (size_t i = 0; i < N.disc->n; i++) {
		const struct disc_res *d = &N.disc->res[i];
		char *coll, *gr;

		if (!d->namespaced || !(d->verbs & DISC_LIST) ||
		    !(d->verbs & (DISC_DELETE | DISC_DELETECOLLECTION)))
			continue;
		coll = disc_path(d, r->ns);
		gr = disc_group_resource(d);
		if (d->verbs & DISC_DELETECOLLECTION)
			ask(op, r, "DELETE", coll, gr, coll, opts);
		else
			delete_each(op, r, gr, coll, opts);
		ask(op, r, "GET", coll, gr, coll, NULL);
		free(coll);
		free(gr);
	}
	json_decref(opts);
	r->done = true;
}

/* ---- status ---- */

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "k1 <fmt> n1, k2 <fmt> n2" over an object of counts, keys sorted. */
static char *joined(const json_t *obj, const char *fmt)
{
	const char **keys = xcalloc(json_object_size(obj) + 1, sizeof(*keys));
	const char *k;
	json_t *v;
	size_t n = 0;
	char *out = xstrdup("");

	json_object_foreach((json_t *)obj, k, v) keys[n++] = k;
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < n; i++) {
		char *next = xasprintf(
		    fmt, keys[i], (long long)json_integer_value(json_object_get(obj, keys[i])));
		char *cat = xasprintf("%s%s%s", out, i ? ", " : "", next);
		free(next);
		free(out);
		out = cat;
	}
	free(keys);
	return out;
}

static char *errors_joined(const json_t *errs)
{
	char *out = xstrdup("");
	size_t i;
	json_t *e;

	json_array_foreach(errs, i, e)
	{
		char *cat = xasprintf("%s%s%s", out, i ? ", " : "", json_string_value(e));
		free(out);
		out = cat;
	}
	return out;
}

/* One condition type: its healthy form, and how it reads when something is wrong. */
struct ns_cond {
	const char *type, *ok_reason, *ok_message, *bad_reason;
};

static const struct ns_cond conds[] = {
    {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered",
     "All resources successfully discovered", "DiscoveryFailed"},
    {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
     "All legacy kube types successfully parsed", "GroupVersionParsingFailed"},
    {"NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization", "ContentDeletionFailed"},
    {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed",
     "SomeResourcesRemain"},
    {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers",
     "All content-preserving finalizers finished", "SomeFinalizersRemain"},
};

/* The message of each condition that is failing (NULL: healthy), in conds' order. */
static void problems(const struct round *r, char *msg[5])
{
	const json_t *failed = N.disc ? N.disc->failed : NULL;
	char *list;

	memset(msg, 0, sizeof(char *) * 5);
	if (json_object_size(failed)) {
		const char *k;
		json_t *v, *errs = json_array();
		json_object_foreach((json_t *)failed, k, v)
		    json_array_append_new(errs, json_sprintf("%s: %s", k, json_string_value(v)));
		list = errors_joined(errs);
		msg[0] = xasprintf("Discovery failed for some groups, %zu failing: %s",
				   json_array_size(errs), list);
		free(list);
		json_decref(errs);
	}
	if (json_array_size(r->errors)) {
		list = errors_joined(r->errors);
		msg[2] = xasprintf("Failed to delete all resource types, %zu remaining: %s",
				   json_array_size(r->errors), list);
		free(list);
	}
	if (json_object_size(r->remaining)) {
		list = joined(r->remaining, "%s has %lld resource instances");
		msg[3] = xasprintf("Some resources are remaining: %s", list);
		free(list);
	}
	if (json_object_size(r->finalizers)) {
		list = joined(r->finalizers, "%s in %lld resource instances");
		msg[4] =
		    xasprintf("Some content in the namespace has finalizers remaining: %s", list);
		free(list);
	}
}

/* Write the conditions when they changed; true when nothing is wrong any more. */
static bool update_status(struct ctrl_op *op, const json_t *ns, const struct round *r)
{
	json_t *next = json_deep_copy(ns);
	char *msg[5], *path;
	bool clean = true, changed = false;

	problems(r, msg);
	for (size_t i = 0; i < 5; i++) {
		const struct ns_cond *c = &conds[i];
		changed |= cond_set(next, c->type, msg[i] ? "True" : "False",
				    msg[i] ? c->bad_reason : c->ok_reason,
				    msg[i] ? msg[i] : c->ok_message, NULL);
		clean &= !msg[i];
		free(msg[i]);
	}
	if (changed && !clean) {
		path = xasprintf("/api/v1/namespaces/%s/status", jx_str(ns, "metadata.name"));
		ctrl_op_update(op, N.kc, path, next);
		free(path);
	}
	json_decref(next);
	return clean;
}

static bool has_finalizer(const json_t *ns)
{
	size_t i;
	json_t *f;

	json_array_foreach(jx_get(ns, "spec.finalizers"), i, f)
	{
		if (json_is_string(f) && !strcmp(json_string_value(f), FINALIZER))
			return true;
	}
	return false;
}

static void finalize(struct ctrl_op *op, const json_t *ns)
{
	json_t *next = json_deep_copy(ns), *fins = json_array(), *f;
	char *path = xasprintf("/api/v1/namespaces/%s/finalize", jx_str(ns, "metadata.name"));
	size_t i;

	json_array_foreach(jx_get(ns, "spec.finalizers"), i, f)
	{
		if (!json_is_string(f) || strcmp(json_string_value(f), FINALIZER))
			json_array_append(fins, f);
	}
	jx_set(next, "spec.finalizers", fins);
	ctrl_op_update(op, N.kc, path, next);
	free(path);
	json_decref(next);
}

/* ---- discovery ---- */

static void discovered(void *arg, struct disc *d)
{
	(void)arg;
	N.fetching = false;
	disc_free(N.disc);
	N.disc = d;
	N.disc_at = time(NULL);
}

static void refresh_discovery(void)
{
	if (N.fetching || (N.disc && time(NULL) - N.disc_at < DISCOVERY_MAX_AGE_S))
		return;
	N.fetching = true;
	disc_fetch(N.kc, discovered, NULL);
}

/* ---- sync ---- */

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(N.q, name);
	const json_t *ns = inf_get(N.nss, name);
	struct round *r;

	(void)arg;
	if (!ns || !jx_get(ns, "metadata.deletionTimestamp") || !has_finalizer(ns)) {
		round_drop(name);
		return ctrl_op_finish(op);
	}
	refresh_discovery();
	if (!N.disc) {
		ctrl_op_requeue_after(op, 200);
		return ctrl_op_finish(op);
	}
	r = round_get(name);
	if (r->done && update_status(op, ns, r)) {
		log_info("namespace %s is empty: finalizing", name);
		finalize(op, ns);
		round_drop(name);
		return ctrl_op_finish(op);
	}
	start_round(op, r);
	ctrl_op_requeue_after(op, ROUND_PAUSE_MS);
	return ctrl_op_finish(op);
}

static void ns_add(void *arg, const json_t *ns)
{
	(void)arg;
	if (N.q && jx_get(ns, "metadata.deletionTimestamp"))
		ctrl_enqueue(N.q, ns);
}

static void ns_update(void *arg, const json_t *old, const json_t *ns)
{
	(void)old;
	ns_add(arg, ns);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler h = {ns_add, ns_update, NULL, NULL};

	(void)err;
	(void)errlen;
	N.cm = cm;
	N.kc = cm_client(cm, "namespace-controller");
	hmap_init(&N.rounds);
	N.nss = inf_factory_get(cm->inf, "/api/v1/namespaces", NULL, NULL);
	inf_add_handler(N.nss, &h);
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **all = NULL;
	size_t n;

	N.q = wq_new(cm->base, "namespace", cm->o->namespace_syncs, sync, NULL);
	refresh_discovery();
	n = inf_list(N.nss, &all);
	for (size_t i = 0; i < n; i++)
		ns_add(NULL, all[i]);
	free(all);
}

const struct cm_controller cm_namespace_controller = {
    .name = "namespace",
    .init = init,
    .run = run,
};
