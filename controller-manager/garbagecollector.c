/*
 * garbagecollector: deletes objects whose owners are all gone, and carries out foreground and
 * orphan deletion of owners. Every resource discovery finds that can be listed, watched and
 * deleted gets an informer (shared with the other controllers); the graph is two maps over
 * their caches: uid -> where the object is, and owner uid -> its dependents. The work queue's
 * keys are uids.
 *
 * The objects are whole, not PartialObjectMetadata: libkube's client always asks for
 * application/json, so metadata-only watches would need a client change first.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "controller.h"
#include "discovery.h"
#include "gc.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "workqueue.h"

#define DISCOVERY_PERIOD_MS 30000
/* An owner missing from its cache must still be missing this much later: separate watches
 * may deliver an owner after its dependent. */
#define CONFIRM_ABSENT_MS 1000

/* ---- decisions ---- */

enum gc_action gc_decide(const enum gc_ref_state *st, size_t n, bool has_dependents)
{
	size_t solid = 0, gone = 0, waiting = 0;

	for (size_t i = 0; i < n; i++)
		if (st[i] == GC_REF_INVALID)
			return GC_NOTHING;
	for (size_t i = 0; i < n; i++) {
		switch (st[i]) {
		case GC_REF_UNKNOWN:
			return GC_RETRY;
		case GC_REF_SOLID:
			solid++;
			break;
		case GC_REF_DANGLING:
			gone++;
			break;
		default:
			waiting++;
			break;
		}
	}
	if (!n)
		return GC_NOTHING;
	if (solid)
		return gone || waiting ? GC_DROP_REFS : GC_NOTHING;
	if (waiting && has_dependents)
		return GC_DELETE_FOREGROUND;
	return GC_DELETE;
}

bool gc_has_finalizer(const json_t *obj, const char *name)
{
	size_t i;
	json_t *f;

	json_array_foreach(jx_get(obj, "metadata.finalizers"), i, f)
	{
		if (json_is_string(f) && !strcmp(json_string_value(f), name))
			return true;
	}
	return false;
}

const char *gc_policy(const json_t *obj)
{
	if (gc_has_finalizer(obj, GC_ORPHAN))
		return "Orphan";
	if (gc_has_finalizer(obj, GC_FOREGROUND))
		return "Foreground";
	return "Background";
}

static bool in_list(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, v[i]))
			return true;
	return false;
}

json_t *gc_refs_without(const json_t *obj, const char *const *uids, size_t n)
{
	json_t *out = json_array(), *r;
	size_t i;

	json_array_foreach(jx_get(obj, "metadata.ownerReferences"), i, r)
	{
		if (!in_list(jx_str(r, "uid"), uids, n))
			json_array_append(out, r);
	}
	return out;
}

json_t *gc_refs_unblocked(const json_t *obj, const char *const *uids, size_t n)
{
	json_t *out = json_array(), *r;
	size_t i;

	json_array_foreach(jx_get(obj, "metadata.ownerReferences"), i, r)
	{
		json_t *c = json_deep_copy(r);
		if (in_list(jx_str(r, "uid"), uids, n))
			json_object_set_new(c, "blockOwnerDeletion", json_false());
		json_array_append_new(out, c);
	}
	return out;
}

bool gc_blocks(const json_t *dep, const char *owner_uid)
{
	size_t i;
	json_t *r;

	json_array_foreach(jx_get(dep, "metadata.ownerReferences"), i, r)
	{
		const char *uid = jx_str(r, "uid");
		if (uid && !strcmp(uid, owner_uid) && jx_bool(r, "blockOwnerDeletion", false))
			return true;
	}
	return false;
}

json_t *gc_finalizers_without(const json_t *obj, const char *const *names, size_t n)
{
	json_t *out = json_array(), *f;
	size_t i;

	json_array_foreach(jx_get(obj, "metadata.finalizers"), i, f)
	{
		if (!in_list(json_string_value(f), names, n))
			json_array_append(out, f);
	}
	return out;
}

/* ---- the graph ---- */

struct gc_kind {
	char *group, *version, *resource, *kind, *api_version, *path;
	bool namespaced;
	struct inf *inf;
};

struct gc_node {
	char *uid;
	struct gc_kind *k;
	char *key;	/* the informer's key */
	json_t *owners; /* owner uids */
};

/* A set of uids: uid -> the same string. */
struct uidset {
	char *owner;
	struct hmap m;
};

/* A dependent whose owner was first found missing at `since`. */
struct absent {
	char *uid;
	struct timespec since;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct wq *q;
	struct gc_kind **kinds;
	size_t nk;
	struct hmap nodes;  /* uid -> struct gc_node */
	struct hmap deps;   /* owner uid -> struct uidset */
	struct hmap absent; /* dependent uid -> struct absent */
	struct event *timer;
	bool fetching;
} G;

static void set_add(const char *owner, const char *uid)
{
	struct uidset *s = hmap_get(&G.deps, owner);
	char *u;

	if (!s) {
		s = xcalloc(1, sizeof(*s));
		s->owner = xstrdup(owner);
		hmap_init(&s->m);
		hmap_put(&G.deps, s->owner, s);
	}
	if (hmap_get(&s->m, uid))
		return;
	u = xstrdup(uid);
	hmap_put(&s->m, u, u);
}

static void set_del(const char *owner, const char *uid)
{
	struct uidset *s = hmap_get(&G.deps, owner);

	if (!s)
		return;
	free(hmap_del(&s->m, uid));
	if (s->m.count)
		return;
	hmap_del(&G.deps, owner);
	hmap_clear(&s->m);
	free(s->owner);
	free(s);
}

static size_t dependents(const char *owner)
{
	struct uidset *s = hmap_get(&G.deps, owner);

	return s ? s->m.count : 0;
}

static void enqueue_dependents(const char *owner)
{
	struct uidset *s = hmap_get(&G.deps, owner);
	const char *k;
	void *v;

	for (size_t i = 0; s && (i = hmap_next(&s->m, i, &k, &v));)
		wq_add(G.q, k);
}

static json_t *owner_uids(const json_t *obj)
{
	json_t *out = json_array(), *r;
	size_t i;

	json_array_foreach(jx_get(obj, "metadata.ownerReferences"), i, r)
	{
		if (jx_str(r, "uid"))
			json_array_append_new(out, json_string(jx_str(r, "uid")));
	}
	return out;
}

static bool has_uid(const json_t *arr, const char *uid)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (!strcmp(json_string_value(v), uid))
			return true;
	}
	return false;
}

static void node_free(struct gc_node *n)
{
	json_decref(n->owners);
	free(n->uid);
	free(n->key);
	free(n);
}

/* Links from old owners gone, to new ones made; owners whose dependents changed are looked
 * at again (one may be waiting for exactly this). */
static void relink(struct gc_node *n, json_t *owners)
{
	size_t i;
	json_t *o;

	json_array_foreach(n->owners, i, o)
	{
		if (owners && has_uid(owners, json_string_value(o)))
			continue;
		set_del(json_string_value(o), n->uid);
		wq_add(G.q, json_string_value(o));
	}
	json_array_foreach(owners, i, o) set_add(json_string_value(o), n->uid);
	json_decref(n->owners);
	n->owners = owners ? json_incref(owners) : json_array();
}

static bool worth_a_look(const json_t *obj)
{
	return json_array_size(jx_get(obj, "metadata.ownerReferences")) ||
	       (jx_get(obj, "metadata.deletionTimestamp") &&
		(gc_has_finalizer(obj, GC_ORPHAN) || gc_has_finalizer(obj, GC_FOREGROUND)));
}

static void observe(void *arg, const json_t *obj)
{
	struct gc_kind *k = arg;
	const char *uid = jx_str(obj, "metadata.uid");
	struct gc_node *n;
	json_t *owners;

	if (!uid)
		return;
	n = hmap_get(&G.nodes, uid);
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		n->uid = xstrdup(uid);
		n->owners = json_array();
		hmap_put(&G.nodes, n->uid, n);
	}
	n->k = k;
	free(n->key);
	n->key = inf_key(obj);
	owners = owner_uids(obj);
	relink(n, owners);
	json_decref(owners);
	if (worth_a_look(obj))
		wq_add(G.q, uid);
	if (jx_get(obj, "metadata.deletionTimestamp"))
		enqueue_dependents(uid);
}

static void observe_update(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	observe(arg, obj);
}

static void absence_clear(const char *uid);

static void forget(void *arg, const json_t *obj)
{
	const char *uid = jx_str(obj, "metadata.uid");
	struct gc_node *n = uid ? hmap_get(&G.nodes, uid) : NULL;

	if (!n || n->k != arg)
		return;
	relink(n, NULL);
	hmap_del(&G.nodes, uid);
	absence_clear(uid);
	enqueue_dependents(uid);
	node_free(n);
}

/* ---- kinds ---- */

static struct gc_kind *kind_find(const char *api_version, const char *kind)
{
	const char *slash = api_version ? strchr(api_version, '/') : NULL;
	size_t glen = slash ? (size_t)(slash - api_version) : 0;
	const char *version = slash ? slash + 1 : api_version;
	struct gc_kind *other = NULL;

	if (!api_version || !kind)
		return NULL;
	for (size_t i = 0; i < G.nk; i++) {
		struct gc_kind *k = G.kinds[i];
		if (strcmp(k->kind, kind) || strlen(k->group) != glen ||
		    strncmp(k->group, api_version, glen))
			continue;
		if (!strcmp(k->version, version))
			return k;
		other = other ? other : k;
	}
	return other;
}

static bool ignored(const struct disc_res *r)
{
	/* Events never own anything and churn constantly: upstream skips them too. */
	return !strcmp(r->resource, "events") && (!*r->group || !strcmp(r->group, "events.k8s.io"));
}

static bool kind_known(const struct disc_res *r)
{
	for (size_t i = 0; i < G.nk; i++)
		if (!strcmp(G.kinds[i]->group, r->group) &&
		    !strcmp(G.kinds[i]->resource, r->resource))
			return true;
	return false;
}

static void kind_add(const struct disc_res *r)
{
	struct gc_kind *k = xcalloc(1, sizeof(*k));
	struct inf_handler h = {observe, observe_update, forget, k};

	k->group = xstrdup(r->group);
	k->version = xstrdup(r->version);
	k->resource = xstrdup(r->resource);
	k->kind = xstrdup(r->kind);
	k->api_version = disc_api_version(r);
	k->path = disc_path(r, NULL);
	k->namespaced = r->namespaced;
	k->inf = inf_factory_get(G.cm->inf, k->path, NULL, NULL);
	G.kinds = xrealloc(G.kinds, sizeof(*G.kinds) * (G.nk + 1));
	G.kinds[G.nk++] = k;
	inf_add_handler(k->inf, &h);
	log_v(2, "garbage collector: watching %s", k->path);
}

static void discovered(void *arg, struct disc *d)
{
	const unsigned need = DISC_LIST | DISC_WATCH | DISC_DELETE;

	(void)arg;
	G.fetching = false;
	for (size_t i = 0; i < d->n; i++) {
		const struct disc_res *r = &d->res[i];
		if ((r->verbs & need) == need && !ignored(r) && !kind_known(r))
			kind_add(r);
	}
	if (json_object_size(d->failed))
		log_warn("garbage collector: discovery failed for %zu groups",
			 json_object_size(d->failed));
	disc_free(d);
	inf_factory_start(G.cm->inf);
}

static void rediscover(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (G.fetching)
		return;
	G.fetching = true;
	disc_fetch(G.kc, discovered, NULL);
}

/* ---- sync ---- */

static char *object_path(const struct gc_node *n)
{
	return xasprintf("%s/%s", n->k->path,
			 strchr(n->key, '/') ? strchr(n->key, '/') + 1 : n->key);
}

/* The path of a namespaced object sits under its namespace. */
static char *item_path(const struct gc_node *n, const json_t *obj)
{
	const char *ns = jx_str(obj, "metadata.namespace");
	struct disc_res r = {n->k->group, n->k->version,    n->k->resource,
			     n->k->kind,  n->k->namespaced, 0};
	char *coll, *out;

	if (!ns)
		return object_path(n);
	coll = disc_path(&r, ns);
	out = xasprintf("%s/%s", coll, jx_str(obj, "metadata.name"));
	free(coll);
	return out;
}

static const json_t *lookup(const struct gc_node *n)
{
	const json_t *obj = n->k ? inf_get(n->k->inf, n->key) : NULL;
	const char *uid = jx_str(obj, "metadata.uid");

	return uid && !strcmp(uid, n->uid) ? obj : NULL;
}

static enum gc_ref_state ref_state(const json_t *obj, const json_t *ref)
{
	struct gc_kind *k = kind_find(jx_str(ref, "apiVersion"), jx_str(ref, "kind"));
	const char *ns = jx_str(obj, "metadata.namespace"), *name = jx_str(ref, "name");
	const char *uid = jx_str(ref, "uid");
	const json_t *owner;

	if (!k || !inf_synced(k->inf) || !name || !uid)
		return GC_REF_UNKNOWN;
	if (k->namespaced && !ns)
		return GC_REF_INVALID;
	owner = k->namespaced ? inf_get_ns(k->inf, ns, name) : inf_get(k->inf, name);
	if (!owner || strcmp(jx_str(owner, "metadata.uid") ?: "", uid))
		return GC_REF_DANGLING;
	if (jx_get(owner, "metadata.deletionTimestamp") && gc_has_finalizer(owner, GC_FOREGROUND))
		return GC_REF_WAITING;
	return GC_REF_SOLID;
}

static void patch_meta(struct ctrl_op *op, const struct gc_node *n, const json_t *obj,
		       const char *field, json_t *value)
{
	json_t *patch =
	    json_pack("{s:{s:o, s:s?, s:s?}}", "metadata", field,
		      json_array_size(value) ? json_incref(value) : json_null(), "uid", n->uid,
		      "resourceVersion", jx_str(obj, "metadata.resourceVersion"));
	char *path = item_path(n, obj);

	ctrl_op_patch(op, G.kc, path, KC_PATCH_MERGE, patch);
	free(path);
	json_decref(patch);
	json_decref(value);
}

static void delete_item(struct ctrl_op *op, const struct gc_node *n, const json_t *obj,
			const char *policy)
{
	json_t *opts = json_pack("{s:s, s:s, s:{s:s}}", "kind", "DeleteOptions",
				 "propagationPolicy", policy, "preconditions", "uid", n->uid);
	char *path = item_path(n, obj);

	log_v(2, "garbage collector: deleting %s (%s)", path, policy);
	ctrl_op_delete(op, G.kc, path, opts);
	free(path);
	json_decref(opts);
}

/* The first time an owner seems gone only starts the clock. */
static bool absence_confirmed(const char *uid)
{
	struct absent *a = hmap_get(&G.absent, uid);
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!a) {
		a = xcalloc(1, sizeof(*a));
		a->uid = xstrdup(uid);
		a->since = now;
		hmap_put(&G.absent, a->uid, a);
		return false;
	}
	return (now.tv_sec - a->since.tv_sec) * 1000 + (now.tv_nsec - a->since.tv_nsec) / 1000000 >=
	       CONFIRM_ABSENT_MS;
}

static void absence_clear(const char *uid)
{
	struct absent *a = hmap_del(&G.absent, uid);

	if (a) {
		free(a->uid);
		free(a);
	}
}

static void attempt_delete(struct ctrl_op *op, const struct gc_node *n, const json_t *obj)
{
	json_t *refs = jx_get(obj, "metadata.ownerReferences"), *r;
	size_t nr = json_array_size(refs), i, nbad = 0, ngone = 0;
	enum gc_ref_state *st = xcalloc(nr ? nr : 1, sizeof(*st));
	const char **bad = xcalloc(nr ? nr : 1, sizeof(*bad));
	enum gc_action a;

	json_array_foreach(refs, i, r)
	{
		st[i] = ref_state(obj, r);
		if (st[i] == GC_REF_DANGLING || st[i] == GC_REF_WAITING)
			bad[nbad++] = jx_str(r, "uid");
		ngone += st[i] == GC_REF_DANGLING;
	}
	a = gc_decide(st, nr, dependents(n->uid) > 0);
	if ((a == GC_DELETE || a == GC_DROP_REFS) && ngone && !absence_confirmed(n->uid)) {
		ctrl_op_requeue_after(op, CONFIRM_ABSENT_MS);
		goto out;
	}
	switch (a) {
	case GC_RETRY:
		ctrl_op_requeue_after(op, 1000);
		break;
	case GC_DROP_REFS:
		patch_meta(op, n, obj, "ownerReferences", gc_refs_without(obj, bad, nbad));
		break;
	case GC_DELETE_FOREGROUND:
		patch_meta(op, n, obj, "ownerReferences", gc_refs_unblocked(obj, bad, nbad));
		delete_item(op, n, obj, "Foreground");
		break;
	case GC_DELETE:
		delete_item(op, n, obj, gc_policy(obj));
		break;
	default:
		break;
	}
	if (a != GC_DELETE && a != GC_DROP_REFS)
		absence_clear(n->uid);
out:
	free(bad);
	free(st);
}

/* Orphan: strip the owner's references from every dependent. True when none is left. */
static bool orphan_dependents(struct ctrl_op *op, const struct gc_node *owner)
{
	struct uidset *s = hmap_get(&G.deps, owner->uid);
	const char *k;
	void *v;
	const char *uid = owner->uid;

	for (size_t i = 0; s && (i = hmap_next(&s->m, i, &k, &v));) {
		struct gc_node *d = hmap_get(&G.nodes, k);
		const json_t *obj = d ? lookup(d) : NULL;
		if (obj)
			patch_meta(op, d, obj, "ownerReferences", gc_refs_without(obj, &uid, 1));
	}
	return !s;
}

/* Foreground: every dependent is asked to go; the owner stays while blocking ones exist. */
static bool dependents_gone(const struct gc_node *owner)
{
	struct uidset *s = hmap_get(&G.deps, owner->uid);
	const char *k;
	void *v;
	size_t blocking = 0;

	for (size_t i = 0; s && (i = hmap_next(&s->m, i, &k, &v));) {
		struct gc_node *d = hmap_get(&G.nodes, k);
		const json_t *obj = d ? lookup(d) : NULL;
		if (obj && gc_blocks(obj, owner->uid))
			blocking++;
		wq_add(G.q, k);
	}
	return !blocking;
}

static void process_deleting(struct ctrl_op *op, const struct gc_node *n, const json_t *obj)
{
	const char *done[2];
	size_t nd = 0;

	if (gc_has_finalizer(obj, GC_ORPHAN) && orphan_dependents(op, n))
		done[nd++] = GC_ORPHAN;
	if (gc_has_finalizer(obj, GC_FOREGROUND) && dependents_gone(n))
		done[nd++] = GC_FOREGROUND;
	if (nd)
		patch_meta(op, n, obj, "finalizers", gc_finalizers_without(obj, done, nd));
	else if (ctrl_op_pending(op))
		ctrl_op_requeue_after(op, 500);
}

static int sync(void *arg, const char *uid)
{
	struct ctrl_op *op = ctrl_op_new(G.q, uid);
	struct gc_node *n = hmap_get(&G.nodes, uid);
	const json_t *obj = n ? lookup(n) : NULL;

	(void)arg;
	if (!obj)
		return ctrl_op_finish(op);
	if (jx_get(obj, "metadata.deletionTimestamp"))
		process_deleting(op, n, obj);
	else if (json_array_size(jx_get(obj, "metadata.ownerReferences")))
		attempt_delete(op, n, obj);
	return ctrl_op_finish(op);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	G.cm = cm;
	G.kc = cm_client(cm, "generic-garbage-collector");
	hmap_init(&G.nodes);
	hmap_init(&G.deps);
	hmap_init(&G.absent);
	return 0;
}

static void run(struct cm *cm)
{
	struct timeval tv = {DISCOVERY_PERIOD_MS / 1000, 0};

	if (!cm->o->enable_gc)
		return;
	G.q = wq_new(cm->base, "garbagecollector", cm->o->gc_syncs, sync, NULL);
	G.timer = event_new(cm->base, -1, EV_PERSIST, rediscover, NULL);
	event_add(G.timer, &tv);
	rediscover(-1, 0, NULL);
}

const struct cm_controller cm_garbagecollector_controller = {
    .name = "garbagecollector",
    .init = init,
    .run = run,
};
