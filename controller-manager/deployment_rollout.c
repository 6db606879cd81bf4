/*
 * The Deployment controller's decisions (upstream's deployment/sync.go, rolling.go,
 * recreate.go, progress.go and util): which ReplicaSet is new, its revision and annotations,
 * how far each ReplicaSet may scale this round, old ones to forget, and the status. It only
 * edits the private copies in a dep_ctx; deployment.c writes what changed.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "deployment.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"

/* Longest deployment.kubernetes.io/revision-history kept. */
#define HISTORY_CHARS 2000

/* ---- values ---- */

int dep_scaled_value(const json_t *v, int total, bool round_up)
{
	long n;

	return jx_int_or_percent(v, total, round_up, &n) ? 0 : (int)n;
}

/* Absent means the API's default, 25%. */
static int fencepost(const json_t *v, int desired, bool round_up)
{
	double x = desired * 0.25;

	if (!v || json_is_null(v))
		return (int)(round_up ? ceil(x) : floor(x));
	return dep_scaled_value(v, desired, round_up);
}

void dep_fenceposts(const json_t *max_surge, const json_t *max_unavailable, int desired, int *surge,
		    int *unavailable)
{
	*surge = fencepost(max_surge, desired, true);
	*unavailable = fencepost(max_unavailable, desired, false);
	if (!*surge && !*unavailable)
		*unavailable = 1;
}

static long reps(const json_t *o)
{
	return (long)jx_int(o, "spec.replicas", 1);
}

static long stat(const json_t *o, const char *field)
{
	return (long)jx_int(json_object_get(o, "status"), field, 0);
}

static bool rolling(const json_t *d)
{
	const char *t = jx_str(d, "spec.strategy.type");

	return !t || !strcmp(t, "RollingUpdate");
}

static void resolve(const json_t *d, int *surge, int *unavailable)
{
	const json_t *ru = jx_get(d, "spec.strategy.rollingUpdate");

	dep_fenceposts(json_object_get(ru, "maxSurge"), json_object_get(ru, "maxUnavailable"),
		       (int)reps(d), surge, unavailable);
}

int dep_max_surge(const json_t *d)
{
	int surge, unavailable;

	if (!rolling(d))
		return 0;
	resolve(d, &surge, &unavailable);
	return surge;
}

int dep_max_unavailable(const json_t *d)
{
	int surge, unavailable;

	if (!rolling(d) || reps(d) == 0)
		return 0;
	resolve(d, &surge, &unavailable);
	return unavailable > reps(d) ? (int)reps(d) : unavailable;
}

void dep_safe_encode(const char *in, char *out)
{
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	size_t i;

	for (i = 0; in[i]; i++)
		out[i] = alphabet[(unsigned char)in[i] % (sizeof(alphabet) - 1)];
	out[i] = '\0';
}

static uint32_t fnv32a(uint32_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

char *dep_hash(const json_t *tmpl, const json_t *collision_count)
{
	char *js = tmpl ? json_dumps(tmpl, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	uint32_t h = 2166136261u;
	char dec[16], *out = xmalloc(sizeof(dec));

	if (js)
		h = fnv32a(h, (const unsigned char *)js, strlen(js));
	if (json_is_integer(collision_count)) {
		uint32_t c = (uint32_t)json_integer_value(collision_count);
		unsigned char b[8] = {c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, c >> 24, 0, 0, 0,
				      0};

		h = fnv32a(h, b, sizeof(b));
	}
	snprintf(dec, sizeof(dec), "%u", (unsigned)h);
	dep_safe_encode(dec, out);
	free(js);
	return out;
}

/* Drop nulls and empty containers, which upstream's semantic equality does not tell from
 * absent fields. */
static void prune(json_t *v)
{
	const char *k;
	json_t *c;
	void *tmp;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, c)
		{
			prune(c);
		}
		return;
	}
	json_object_foreach_safe(v, tmp, k, c)
	{
		prune(c);
		if (json_is_null(c) || (json_is_object(c) && !json_object_size(c)) ||
		    (json_is_array(c) && !json_array_size(c)))
			json_object_del(v, k);
	}
}

static json_t *without_hash(const json_t *tmpl)
{
	json_t *c = tmpl ? json_deep_copy(tmpl) : json_object();

	json_object_del(jx_get(c, "metadata.labels"), DEP_HASH_LABEL);
	prune(c);
	return c;
}

bool dep_equal_ignore_hash(const json_t *a, const json_t *b)
{
	json_t *x = without_hash(a), *y = without_hash(b);
	bool eq = json_equal(x, y);

	json_decref(x);
	json_decref(y);
	return eq;
}

/* ---- annotations ---- */

static const char *ann(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(jx_get(o, "metadata.annotations"), key));
}

/* Set an annotation; true when it changed. */
static bool set_ann(json_t *o, const char *key, const char *val)
{
	json_t *a = jx_obj(o, "metadata.annotations");
	const char *cur = json_string_value(json_object_get(a, key));

	if (!a || (cur && !strcmp(cur, val)))
		return false;
	json_object_set_new(a, key, json_string(val));
	return true;
}

static bool set_ann_long(json_t *o, const char *key, long val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", val);
	return set_ann(o, key, buf);
}

/* A decimal annotation; false when absent or malformed. */
static bool ann_long(const json_t *o, const char *key, long *out)
{
	const char *s = ann(o, key);
	char *end;

	if (!s || !*s)
		return false;
	*out = strtol(s, &end, 10);
	return !*end;
}

static long revision_of(const json_t *rs)
{
	long r;

	return ann_long(rs, DEP_REVISION, &r) ? r : 0;
}

/* What a Deployment never passes on to its ReplicaSets. */
static bool skip_annotation(const char *key)
{
	static const char *const skip[] = {"kubectl.kubernetes.io/last-applied-configuration",
					   DEP_REVISION,
					   DEP_REVISION_HIST,
					   DEP_DESIRED,
					   DEP_MAX,
					   "deprecated.deployment.rollback.to"};

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strcmp(key, skip[i]))
			return true;
	return false;
}

static bool copy_annotations(const json_t *d, json_t *rs)
{
	const json_t *v;
	const char *k;
	bool changed = false;

	json_object_foreach(jx_get(d, "metadata.annotations"), k, v)
	{
		if (!skip_annotation(k) && json_is_string(v))
			changed = set_ann(rs, k, json_string_value(v)) || changed;
	}
	return changed;
}

static bool replicas_annotations(json_t *rs, long desired, long max)
{
	bool a = set_ann_long(rs, DEP_DESIRED, desired);

	return set_ann_long(rs, DEP_MAX, max) || a;
}

/* The revision that rs had before being made new again goes to its revision history. */
static void add_history(json_t *rs, const char *old)
{
	const char *hist = ann(rs, DEP_REVISION_HIST);
	size_t len, skip = 0;
	char *joined;

	if (!hist || !*hist) {
		set_ann(rs, DEP_REVISION_HIST, old);
		return;
	}
	/* Drop the oldest entries until the new one fits. */
	len = strlen(hist) + strlen(old) + 1;
	while (len > HISTORY_CHARS && hist[skip]) {
		const char *comma = strchr(hist + skip, ',');
		size_t entry = comma ? (size_t)(comma - hist - skip) : strlen(hist + skip);

		len -= entry + 1;
		skip += entry + (comma ? 1 : 0);
	}
	if (len > HISTORY_CHARS)
		return;
	joined = hist[skip] ? xasprintf("%s,%s", hist + skip, old) : xstrdup(old);
	set_ann(rs, DEP_REVISION_HIST, joined);
	free(joined);
}

static bool new_rs_annotations(const json_t *d, json_t *rs, const char *rev, bool exists)
{
	bool changed = copy_annotations(d, rs);
	const char *old = ann(rs, DEP_REVISION);
	long old_rev = 0, new_rev = strtol(rev, NULL, 10);
	char *old_copy;

	if (old && *old && !ann_long(rs, DEP_REVISION, &old_rev))
		return false;
	if (old_rev < new_rev) {
		old_copy = old ? xstrdup(old) : NULL;
		changed = set_ann(rs, DEP_REVISION, rev) || changed;
		if (old_copy)
			add_history(rs, old_copy);
		free(old_copy);
	}
	if (!exists && replicas_annotations(rs, reps(d), reps(d) + dep_max_surge(d)))
		changed = true;
	return changed;
}

/* ---- conditions (upstream's SetDeploymentCondition semantics) ---- */

static json_t *cond_find(const json_t *st, const char *type, size_t *idx)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(st, "conditions"), i, c)
	{
		const char *t = jx_str(c, "type");

		if (t && !strcmp(t, type)) {
			if (idx)
				*idx = i;
			return (json_t *)c;
		}
	}
	return NULL;
}

static const char *cond_field(const json_t *c, const char *f)
{
	const char *s = jx_str(c, f);

	return s ? s : "";
}

static json_t *cond_new(const char *type, const char *status, const char *reason, const char *msg,
			time_t now)
{
	char ts[32];

	kt_format(now, ts);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", type, "status", status,
			 "lastUpdateTime", ts, "lastTransitionTime", ts, "reason", reason,
			 "message", msg);
}

static void cond_remove(json_t *st, const char *type)
{
	size_t i;

	if (cond_find(st, type, &i))
		json_array_remove(json_object_get(st, "conditions"), i);
}

/* Nothing changes when status and reason are the same; the transition time stays when the
 * status is; a changed condition moves to the end. c is stolen. */
static void cond_put(json_t *st, json_t *c)
{
	const char *type = cond_field(c, "type");
	json_t *cur = cond_find(st, type, NULL);

	if (cur && !strcmp(cond_field(cur, "status"), cond_field(c, "status")) &&
	    !strcmp(cond_field(cur, "reason"), cond_field(c, "reason"))) {
		json_decref(c);
		return;
	}
	if (cur && !strcmp(cond_field(cur, "status"), cond_field(c, "status")))
		json_object_set(c, "lastTransitionTime",
				json_object_get(cur, "lastTransitionTime"));
	cond_remove(st, type);
	if (!json_is_array(json_object_get(st, "conditions")))
		json_object_set_new(st, "conditions", json_array());
	json_array_append_new(json_object_get(st, "conditions"), c);
}

static void cond_set(json_t *st, const char *type, const char *status, const char *reason,
		     const char *msg, time_t now)
{
	cond_put(st, cond_new(type, status, reason, msg, now));
}

static json_t *dstatus(struct dep_ctx *x)
{
	json_t *st = json_object_get(x->d, "status");

	if (!json_is_object(st)) {
		st = json_object();
		json_object_set_new(x->d, "status", st);
	}
	return st;
}

static bool has_deadline(const json_t *d)
{
	const json_t *p = jx_get(d, "spec.progressDeadlineSeconds");

	return json_is_integer(p) && json_integer_value(p) != INT32_MAX;
}

/* ---- the working set ---- */

static struct timespec created_at(const json_t *o)
{
	struct timespec ts = {LONG_MAX, 0};
	const char *s = jx_str(o, "metadata.creationTimestamp");

	if (s && kt_parse(s, &ts))
		ts.tv_sec = LONG_MAX;
	return ts;
}

/* Oldest first; the same second by name (a ReplicaSet not yet created is newest). */
static int cmp_created(const json_t *a, const json_t *b)
{
	struct timespec ta = created_at(a), tb = created_at(b);
	const char *na = jx_str(a, "metadata.name"), *nb = jx_str(b, "metadata.name");

	if (ta.tv_sec != tb.tv_sec)
		return ta.tv_sec < tb.tv_sec ? -1 : 1;
	if (ta.tv_nsec != tb.tv_nsec)
		return ta.tv_nsec < tb.tv_nsec ? -1 : 1;
	return strcmp(na ? na : "", nb ? nb : "");
}

static int cmp_rs(const void *a, const void *b)
{
	return cmp_created(((const struct dep_rs *)a)->obj, ((const struct dep_rs *)b)->obj);
}

static int cmp_rsp(const void *a, const void *b)
{
	return cmp_created((*(struct dep_rs *const *)a)->obj, (*(struct dep_rs *const *)b)->obj);
}

void dep_ctx_init(struct dep_ctx *x, const json_t *d, const json_t *const *rs, size_t n)
{
	x->d = json_deep_copy(d);
	x->rs = xcalloc(n + 1, sizeof(*x->rs));
	x->nrs = n;
	x->new_idx = -1;
	for (size_t i = 0; i < n; i++) {
		x->rs[i].obj = json_deep_copy(rs[i]);
		x->rs[i].scaled_from = reps(rs[i]);
	}
	qsort(x->rs, n, sizeof(*x->rs), cmp_rs);
}

void dep_ctx_free(struct dep_ctx *x)
{
	for (size_t i = 0; i < x->nrs; i++)
		json_decref(x->rs[i].obj);
	free(x->rs);
	json_decref(x->d);
	x->rs = NULL;
	x->d = NULL;
}

static struct dep_rs *new_rs(struct dep_ctx *x)
{
	return x->new_idx >= 0 ? &x->rs[x->new_idx] : NULL;
}

struct rs_list {
	struct dep_rs **v;
	size_t n;
};

/* The old ReplicaSets (all, or only those with replicas), oldest first. */
static struct rs_list olds(struct dep_ctx *x, bool active)
{
	struct rs_list l = {xcalloc(x->nrs + 1, sizeof(*l.v)), 0};

	for (size_t i = 0; i < x->nrs; i++)
		if ((int)i != x->new_idx && (!active || reps(x->rs[i].obj) > 0))
			l.v[l.n++] = &x->rs[i];
	return l;
}

static long sum_reps(struct rs_list l)
{
	long n = 0;

	for (size_t i = 0; i < l.n; i++)
		n += reps(l.v[i]->obj);
	return n;
}

static long sum_all(struct dep_ctx *x, bool spec, const char *field)
{
	long n = 0;

	for (size_t i = 0; i < x->nrs; i++)
		n += spec ? reps(x->rs[i].obj) : stat(x->rs[i].obj, field);
	return n;
}

/* ---- scaling ---- */

/* Upstream's scaleReplicaSet: the size and the replicas annotations; true when resized. */
static bool scale_to(struct dep_ctx *x, struct dep_rs *r, long n)
{
	long desired = reps(x->d);
	bool size = reps(r->obj) != n;
	bool annots = replicas_annotations(r->obj, desired, desired + dep_max_surge(x->d));

	if (size)
		jx_set(r->obj, "spec.replicas", json_integer(n));
	if ((size || annots) && !r->create)
		r->dirty = true;
	return size;
}

static bool scale(struct dep_ctx *x, struct dep_rs *r, long n)
{
	return reps(r->obj) != n && scale_to(x, r, n);
}

/* ---- the new ReplicaSet ---- */

static int find_new(struct dep_ctx *x)
{
	const json_t *tmpl = jx_get(x->d, "spec.template");

	for (size_t i = 0; i < x->nrs; i++)
		if (dep_equal_ignore_hash(jx_get(x->rs[i].obj, "spec.template"), tmpl))
			return (int)i;
	return -1;
}

/* Upstream's NewRSNewReplicas. */
static long new_replicas(struct dep_ctx *x)
{
	struct dep_rs *n = new_rs(x);
	long total, max_total, up;

	if (!rolling(x->d))
		return reps(x->d);
	total = sum_all(x, true, NULL);
	max_total = reps(x->d) + dep_max_surge(x->d);
	if (total >= max_total)
		return reps(n->obj);
	up = max_total - total;
	if (up > reps(x->d) - reps(n->obj))
		up = reps(x->d) - reps(n->obj);
	return reps(n->obj) + up;
}

static void set_dep_revision(struct dep_ctx *x, const char *rev)
{
	if (rev)
		set_ann(x->d, DEP_REVISION, rev);
}

static void progressing(struct dep_ctx *x, const char *reason, const char *fmt, const char *name)
{
	char *msg = xasprintf(fmt, name);

	cond_set(dstatus(x), "Progressing", "True", reason, msg, x->now);
	free(msg);
}

static void sync_existing(struct dep_ctx *x, const char *rev)
{
	struct dep_rs *r = new_rs(x);
	json_t *mrs = jx_get(x->d, "spec.minReadySeconds");
	bool changed = new_rs_annotations(x->d, r->obj, rev, true);

	if (jx_int(r->obj, "spec.minReadySeconds", 0) != jx_int(x->d, "spec.minReadySeconds", 0)) {
		jx_set(r->obj, "spec.minReadySeconds", json_integer(json_integer_value(mrs)));
		changed = true;
	}
	if (changed)
		r->dirty = true;
	set_dep_revision(x, ann(r->obj, DEP_REVISION));
	if (has_deadline(x->d) && !cond_find(dstatus(x), "Progressing", NULL))
		progressing(x, "FoundNewReplicaSet", "Found new replica set \"%s\"",
			    jx_str(r->obj, "metadata.name"));
}

/* Another ReplicaSet already has the name: count a collision so the next hash differs. */
static bool name_taken(struct dep_ctx *x, const char *name)
{
	for (size_t i = 0; i < x->n_ns_rs; i++) {
		const char *n = jx_str(x->ns_rs[i], "metadata.name");

		if (n && !strcmp(n, name))
			return true;
	}
	return false;
}

static json_t *rs_from_template(struct dep_ctx *x, const char *name, const char *hash)
{
	json_t *tmpl = json_deep_copy(jx_get(x->d, "spec.template"));
	json_t *sel = json_deep_copy(jx_get(x->d, "spec.selector"));
	json_t *rs, *refs = json_array();

	if (!json_is_object(tmpl)) {
		json_decref(tmpl);
		tmpl = json_object();
	}
	if (!json_is_object(sel)) {
		json_decref(sel);
		sel = json_object();
	}
	jx_set(tmpl, "metadata.labels." DEP_HASH_LABEL, json_string(hash));
	jx_set(sel, "matchLabels." DEP_HASH_LABEL, json_string(hash));
	json_array_append_new(refs, ctrl_owner_ref(x->d));
	rs = json_pack("{s:s, s:s, s:{s:s, s:s?, s:o?, s:{}, s:o}, s:{s:i, s:I, s:o, s:o}}",
		       "apiVersion", "apps/v1", "kind", "ReplicaSet", "metadata", "name", name,
		       "namespace", jx_str(x->d, "metadata.namespace"), "labels",
		       json_deep_copy(jx_get(tmpl, "metadata.labels")), "annotations",
		       "ownerReferences", refs, "spec", "replicas", 0, "minReadySeconds",
		       (json_int_t)jx_int(x->d, "spec.minReadySeconds", 0), "selector", sel,
		       "template", tmpl);
	return rs;
}

static bool create_new(struct dep_ctx *x, const char *rev)
{
	const json_t *cc = jx_get(x->d, "status.collisionCount");
	char *hash = dep_hash(jx_get(x->d, "spec.template"), cc);
	char *name = xasprintf("%s-%s", jx_str(x->d, "metadata.name"), hash);
	struct dep_rs *r;
	bool ok = false;

	if (name_taken(x, name)) {
		json_object_set_new(dstatus(x), "collisionCount",
				    json_integer(jx_int(x->d, "status.collisionCount", 0) + 1));
		log_info("deployment %s: hash collision on %s", jx_str(x->d, "metadata.name"),
			 name);
		goto out;
	}
	r = &x->rs[x->nrs];
	memset(r, 0, sizeof(*r));
	r->obj = rs_from_template(x, name, hash);
	r->create = true;
	x->new_idx = (int)x->nrs++;
	jx_set(r->obj, "spec.replicas", json_integer(new_replicas(x)));
	new_rs_annotations(x->d, r->obj, rev, false);
	set_dep_revision(x, rev);
	if (has_deadline(x->d))
		progressing(x, "NewReplicaSetCreated", "Created new replica set \"%s\"", name);
	ok = true;
out:
	free(hash);
	free(name);
	return ok;
}

/* Upstream's getAllReplicaSetsAndSyncRevision; false when this sync must stop. */
static bool sync_revision(struct dep_ctx *x, bool create)
{
	struct rs_list old;
	long max = 0;
	char rev[24];

	x->new_idx = find_new(x);
	old = olds(x, false);
	for (size_t i = 0; i < old.n; i++)
		if (revision_of(old.v[i]->obj) > max)
			max = revision_of(old.v[i]->obj);
	free(old.v);
	snprintf(rev, sizeof(rev), "%ld", max + 1);
	if (x->new_idx >= 0) {
		sync_existing(x, rev);
		return true;
	}
	return !create || create_new(x, rev);
}

/* ---- status ---- */

static void put_count(json_t *st, const char *key, long n)
{
	if (n)
		json_object_set_new(st, key, json_integer(n));
}

static json_t *calc_status(struct dep_ctx *x)
{
	struct dep_rs *n = new_rs(x);
	json_t *st = json_object(), *conds = jx_get(x->d, "status.conditions");
	const json_t *cc = jx_get(x->d, "status.collisionCount");
	long avail = sum_all(x, false, "availableReplicas"), total = sum_all(x, true, NULL);

	put_count(st, "observedGeneration", (long)jx_int(x->d, "metadata.generation", 0));
	put_count(st, "replicas", sum_all(x, false, "replicas"));
	put_count(st, "updatedReplicas", n ? stat(n->obj, "replicas") : 0);
	put_count(st, "readyReplicas", sum_all(x, false, "readyReplicas"));
	put_count(st, "availableReplicas", avail);
	put_count(st, "unavailableReplicas", total > avail ? total - avail : 0);
	json_object_set_new(st, "conditions",
			    json_is_array(conds) ? json_deep_copy(conds) : json_array());
	if (json_is_integer(cc))
		json_object_set(st, "collisionCount", (json_t *)cc);
	if (avail >= reps(x->d) - dep_max_unavailable(x->d))
		cond_set(st, "Available", "True", "MinimumReplicasAvailable",
			 "Deployment has minimum availability.", x->now);
	else
		cond_set(st, "Available", "False", "MinimumReplicasUnavailable",
			 "Deployment does not have minimum availability.", x->now);
	return st;
}

/* A copy without what upstream's JSON omits: zero counts and no conditions. */
static json_t *status_norm(const json_t *st)
{
	static const char *const counts[] = {"observedGeneration", "replicas",
					     "updatedReplicas",	   "readyReplicas",
					     "availableReplicas",  "unavailableReplicas",
					     "terminatingReplicas"};
	json_t *c = json_is_object(st) ? json_deep_copy(st) : json_object();

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (jx_int(c, counts[i], -1) == 0)
			json_object_del(c, counts[i]);
	if (!json_array_size(json_object_get(c, "conditions")))
		json_object_del(c, "conditions");
	return c;
}

bool dep_status_equal(const json_t *a, const json_t *b)
{
	json_t *x = status_norm(a), *y = status_norm(b);
	bool eq = json_equal(x, y);

	json_decref(x);
	json_decref(y);
	return eq;
}

static void set_status(struct dep_ctx *x, json_t *st)
{
	if (!json_array_size(json_object_get(st, "conditions")))
		json_object_del(st, "conditions");
	json_object_set_new(x->d, "status", st);
}

static bool complete(const json_t *d, const json_t *st)
{
	long want = reps(d);

	return jx_int(st, "updatedReplicas", 0) == want && jx_int(st, "replicas", 0) == want &&
	       jx_int(st, "availableReplicas", 0) == want &&
	       jx_int(st, "observedGeneration", 0) >= jx_int(d, "metadata.generation", 0);
}

static bool made_progress(const json_t *d, const json_t *st)
{
	const json_t *old = json_object_get(d, "status");
	long old_old = jx_int(old, "replicas", 0) - jx_int(old, "updatedReplicas", 0);
	long new_old = jx_int(st, "replicas", 0) - jx_int(st, "updatedReplicas", 0);

	return jx_int(st, "updatedReplicas", 0) > jx_int(old, "updatedReplicas", 0) ||
	       new_old < old_old ||
	       jx_int(st, "readyReplicas", 0) > jx_int(old, "readyReplicas", 0) ||
	       jx_int(st, "availableReplicas", 0) > jx_int(old, "availableReplicas", 0);
}

/* Seconds since the Progressing condition last changed, compared to the deadline: ms left
 * (may be negative), or LONG_MAX when there is no deadline to watch. */
static long deadline_left(const json_t *d, const json_t *st, time_t now)
{
	const json_t *c = cond_find(st, "Progressing", NULL);
	struct timespec from;

	if (!has_deadline(d) || !c || kt_parse(cond_field(c, "lastUpdateTime"), &from))
		return LONG_MAX;
	return ((long)from.tv_sec + (long)jx_int(d, "spec.progressDeadlineSeconds", 0) -
		(long)now) *
	       1000L;
}

static bool timed_out(const json_t *d, const json_t *st, time_t now)
{
	const json_t *c = cond_find(st, "Progressing", NULL);

	if (!has_deadline(d) || !c || !strcmp(cond_field(c, "reason"), "NewReplicaSetAvailable"))
		return false;
	if (!strcmp(cond_field(c, "reason"), "ProgressDeadlineExceeded"))
		return true;
	return deadline_left(d, st, now) < 0;
}

static void progress_cond(struct dep_ctx *x, json_t *st, const char *status, const char *reason,
			  const char *rs_fmt, const char *d_fmt)
{
	struct dep_rs *n = new_rs(x);
	char *msg = n ? xasprintf(rs_fmt, jx_str(n->obj, "metadata.name"))
		      : xasprintf(d_fmt, jx_str(x->d, "metadata.name"));
	json_t *c = cond_new("Progressing", status, reason, msg, x->now);
	const json_t *cur = cond_find(json_object_get(x->d, "status"), "Progressing", NULL);

	/* Progress refreshes lastUpdateTime every time, keeping a True transition time. */
	if (!strcmp(reason, "ReplicaSetUpdated") && cur) {
		if (!strcmp(cond_field(cur, "status"), "True"))
			json_object_set(c, "lastTransitionTime",
					json_object_get(cur, "lastTransitionTime"));
		cond_remove(st, "Progressing");
	}
	cond_put(st, c);
	free(msg);
}

/* A ReplicaFailure of the new ReplicaSet, else of any, shows on the Deployment. */
static void replica_failure(struct dep_ctx *x, json_t *st)
{
	struct dep_rs *n = new_rs(x);
	const json_t *c =
	    n ? cond_find(json_object_get(n->obj, "status"), "ReplicaFailure", NULL) : NULL;

	for (size_t i = 0; !c && i < x->nrs; i++)
		c = cond_find(json_object_get(x->rs[i].obj, "status"), "ReplicaFailure", NULL);
	if (!c) {
		cond_remove(st, "ReplicaFailure");
		return;
	}
	cond_put(st, json_pack("{s:s, s:s, s:O?, s:O?, s:s, s:s}", "type", "ReplicaFailure",
			       "status", cond_field(c, "status"), "lastUpdateTime",
			       json_object_get(c, "lastTransitionTime"), "lastTransitionTime",
			       json_object_get(c, "lastTransitionTime"), "reason",
			       cond_field(c, "reason"), "message", cond_field(c, "message")));
}

/* Come back when the deadline passes, unless the rollout is over either way. */
static void requeue_stuck(struct dep_ctx *x, const json_t *st)
{
	const json_t *c = cond_find(st, "Progressing", NULL);
	long left;

	if (!has_deadline(x->d) || !c || complete(x->d, st) ||
	    !strcmp(cond_field(c, "reason"), "ProgressDeadlineExceeded"))
		return;
	left = deadline_left(x->d, st, x->now);
	x->requeue_ms = left < 1000 ? 1000 : left;
}

/* Upstream's syncRolloutStatus. */
static void rollout_status(struct dep_ctx *x)
{
	json_t *st = calc_status(x);
	const json_t *cur = cond_find(json_object_get(x->d, "status"), "Progressing", NULL);
	bool done = jx_int(st, "replicas", 0) == jx_int(st, "updatedReplicas", 0) && cur &&
		    !strcmp(cond_field(cur, "reason"), "NewReplicaSetAvailable");

	if (!has_deadline(x->d))
		cond_remove(st, "Progressing");
	if (has_deadline(x->d) && !done) {
		if (complete(x->d, st))
			progress_cond(x, st, "True", "NewReplicaSetAvailable",
				      "ReplicaSet \"%s\" has successfully progressed.",
				      "Deployment \"%s\" has successfully progressed.");
		else if (made_progress(x->d, st))
			progress_cond(x, st, "True", "ReplicaSetUpdated",
				      "ReplicaSet \"%s\" is progressing.",
				      "Deployment \"%s\" is progressing.");
		else if (timed_out(x->d, st, x->now))
			progress_cond(x, st, "False", "ProgressDeadlineExceeded",
				      "ReplicaSet \"%s\" has timed out progressing.",
				      "Deployment \"%s\" has timed out progressing.");
	}
	replica_failure(x, st);
	if (!json_array_size(json_object_get(st, "conditions")))
		json_object_del(st, "conditions");
	if (dep_status_equal(json_object_get(x->d, "status"), st))
		requeue_stuck(x, st);
	set_status(x, st);
}

/* ---- cleanup ---- */

static int cmp_revision(const void *a, const void *b)
{
	const json_t *x = (*(struct dep_rs *const *)a)->obj, *y = (*(struct dep_rs *const *)b)->obj;
	long rx = revision_of(x), ry = revision_of(y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return cmp_created(x, y);
}

/* Forget the oldest old ReplicaSets beyond revisionHistoryLimit that have nothing left. */
static void cleanup(struct dep_ctx *x)
{
	const json_t *limit = jx_get(x->d, "spec.revisionHistoryLimit");
	struct rs_list l;
	size_t m = 0;
	long diff;

	if (!json_is_integer(limit))
		return;
	l = olds(x, false);
	for (size_t i = 0; i < l.n; i++)
		if (!jx_get(l.v[i]->obj, "metadata.deletionTimestamp"))
			l.v[m++] = l.v[i];
	diff = (long)m - (long)json_integer_value(limit);
	qsort(l.v, m, sizeof(*l.v), cmp_revision);
	for (long i = 0; i < diff; i++) {
		const json_t *o = l.v[i]->obj;

		if (stat(o, "replicas") || reps(o) ||
		    jx_int(o, "metadata.generation", 0) > stat(o, "observedGeneration"))
			continue;
		l.v[i]->remove = true;
	}
	free(l.v);
}

/* ---- rolling update ---- */

static bool reconcile_new(struct dep_ctx *x)
{
	struct dep_rs *n = new_rs(x);

	if (!n || reps(n->obj) == reps(x->d))
		return false;
	if (reps(n->obj) > reps(x->d))
		return scale(x, n, reps(x->d));
	return scale(x, n, new_replicas(x));
}

/* Old ReplicaSets whose pods are not available go down first, within max. */
static long cleanup_unhealthy(struct dep_ctx *x, struct rs_list old, long max)
{
	long total = 0;

	qsort(old.v, old.n, sizeof(*old.v), cmp_rsp);
	for (size_t i = 0; i < old.n && total < max; i++) {
		struct dep_rs *r = old.v[i];
		long n = reps(r->obj), avail = stat(r->obj, "availableReplicas"), down;

		if (!n || n == avail)
			continue;
		down = max - total < n - avail ? max - total : n - avail;
		scale(x, r, n - down);
		total += down;
	}
	return total;
}

static long scale_down_old(struct dep_ctx *x, struct rs_list old)
{
	long min_avail = reps(x->d) - dep_max_unavailable(x->d);
	long avail = sum_all(x, false, "availableReplicas"), want, total = 0;

	if (avail <= min_avail)
		return 0;
	want = avail - min_avail;
	qsort(old.v, old.n, sizeof(*old.v), cmp_rsp);
	for (size_t i = 0; i < old.n && total < want; i++) {
		long n = reps(old.v[i]->obj), down;

		if (!n)
			continue;
		down = n < want - total ? n : want - total;
		scale(x, old.v[i], n - down);
		total += down;
	}
	return total;
}

static bool reconcile_old(struct dep_ctx *x)
{
	struct dep_rs *n = new_rs(x);
	struct rs_list old = olds(x, true);
	long all = sum_all(x, true, NULL), min_avail, new_unavail, max_down, done = 0;

	if (!n || !sum_reps(old))
		goto out;
	min_avail = reps(x->d) - dep_max_unavailable(x->d);
	new_unavail = reps(n->obj) - stat(n->obj, "availableReplicas");
	max_down = all - min_avail - new_unavail;
	if (max_down <= 0)
		goto out;
	done = cleanup_unhealthy(x, old, max_down);
	done += scale_down_old(x, old);
out:
	free(old.v);
	return done > 0;
}

static void rolling_update(struct dep_ctx *x)
{
	if (!sync_revision(x, true))
		return;
	if (reconcile_new(x) || reconcile_old(x)) {
		rollout_status(x);
		return;
	}
	if (complete(x->d, json_object_get(x->d, "status")))
		cleanup(x);
	rollout_status(x);
}

/* ---- recreate ---- */

static bool old_pods_running(struct dep_ctx *x)
{
	struct rs_list old = olds(x, false);
	bool running = false;

	for (size_t i = 0; i < old.n; i++)
		running = running || stat(old.v[i]->obj, "replicas") > 0;
	for (size_t p = 0; !running && p < x->npods; p++) {
		const char *uid = jx_str(ctrl_controller_ref(x->pods[p]), "uid");
		const char *phase = jx_str(x->pods[p], "status.phase");

		if (!uid || (phase && (!strcmp(phase, "Failed") || !strcmp(phase, "Succeeded"))))
			continue;
		for (size_t i = 0; !running && i < old.n; i++)
			running = !strcmp(uid, jx_str(old.v[i]->obj, "metadata.uid")
						   ? jx_str(old.v[i]->obj, "metadata.uid")
						   : "");
	}
	free(old.v);
	return running;
}

static void recreate(struct dep_ctx *x)
{
	struct rs_list old;
	bool down = false;

	if (!sync_revision(x, false))
		return;
	old = olds(x, true);
	for (size_t i = 0; i < old.n; i++)
		down = scale(x, old.v[i], 0) || down;
	free(old.v);
	if (down || old_pods_running(x)) {
		rollout_status(x);
		return;
	}
	if (x->new_idx < 0 && !sync_revision(x, true))
		return;
	if (reconcile_new(x)) {
		rollout_status(x);
		return;
	}
	if (complete(x->d, json_object_get(x->d, "status")))
		cleanup(x);
	rollout_status(x);
}

/* ---- scaling events and paused deployments ---- */

static bool scaling_event(struct dep_ctx *x)
{
	long desired;

	x->new_idx = find_new(x);
	for (size_t i = 0; i < x->nrs; i++)
		if (reps(x->rs[i].obj) > 0 && ann_long(x->rs[i].obj, DEP_DESIRED, &desired) &&
		    desired != reps(x->d))
			return true;
	return false;
}

/* The only active ReplicaSet, or the newest when none is active; NULL when several are. */
static struct dep_rs *active_or_latest(struct dep_ctx *x)
{
	struct rs_list old = olds(x, false);
	struct dep_rs *n = new_rs(x), *only = NULL;
	size_t active = 0;

	for (size_t i = 0; i < old.n; i++)
		if (reps(old.v[i]->obj) > 0) {
			only = old.v[i];
			active++;
		}
	if (n && reps(n->obj) > 0) {
		only = n;
		active++;
	}
	if (!active)
		only = n ? n : (old.n ? old.v[old.n - 1] : NULL);
	free(old.v);
	return active > 1 ? NULL : only;
}

static bool saturated(const json_t *d, const json_t *rs)
{
	long desired;

	return rs && ann_long(rs, DEP_DESIRED, &desired) && reps(rs) == reps(d) &&
	       desired == reps(d) && stat(rs, "availableReplicas") == reps(d);
}

/* Upstream's getReplicaSetFraction. */
static long fraction(const json_t *rs, const json_t *d)
{
	long dep = reps(d) + dep_max_surge(d), annotated;
	double size;

	if (reps(d) == 0)
		return -reps(rs);
	if (!ann_long(rs, DEP_MAX, &annotated))
		annotated = stat(d, "replicas");
	if (annotated <= 0)
		return 0;
	size = (double)(reps(rs) * dep) / (double)annotated;
	return (long)(size < 0 ? size - 0.5 : size + 0.5) - reps(rs);
}

static long proportion(const json_t *rs, const json_t *d, long to_add, long added)
{
	long frac, allowed = to_add - added;

	if (!reps(rs) || !to_add || to_add == added)
		return 0;
	frac = fraction(rs, d);
	if (to_add > 0)
		return frac < allowed ? frac : allowed;
	return frac > allowed ? frac : allowed;
}

static int cmp_bigger_newer(const void *a, const void *b)
{
	const json_t *x = (*(struct dep_rs *const *)a)->obj, *y = (*(struct dep_rs *const *)b)->obj;

	if (reps(x) != reps(y))
		return reps(x) > reps(y) ? -1 : 1;
	return -cmp_created(x, y);
}

static int cmp_bigger_older(const void *a, const void *b)
{
	const json_t *x = (*(struct dep_rs *const *)a)->obj, *y = (*(struct dep_rs *const *)b)->obj;

	if (reps(x) != reps(y))
		return reps(x) > reps(y) ? -1 : 1;
	return cmp_created(x, y);
}

/* Spread a change of spec.replicas over the active ReplicaSets in proportion to their size. */
static void scale_proportionally(struct dep_ctx *x)
{
	struct rs_list all = olds(x, true);
	struct dep_rs *n = new_rs(x);
	long allowed, to_add, added = 0, *sizes;

	if (n && reps(n->obj) > 0)
		all.v[all.n++] = n;
	allowed = reps(x->d) > 0 ? reps(x->d) + dep_max_surge(x->d) : 0;
	to_add = allowed - sum_reps(all);
	if (to_add > 0)
		qsort(all.v, all.n, sizeof(*all.v), cmp_bigger_newer);
	else if (to_add < 0)
		qsort(all.v, all.n, sizeof(*all.v), cmp_bigger_older);
	sizes = xcalloc(all.n + 1, sizeof(*sizes));
	for (size_t i = 0; i < all.n; i++) {
		long p = proportion(all.v[i]->obj, x->d, to_add, added);

		sizes[i] = reps(all.v[i]->obj) + p;
		added += p;
	}
	if (all.n && to_add && (sizes[0] += to_add - added) < 0)
		sizes[0] = 0;
	for (size_t i = 0; i < all.n; i++)
		scale_to(x, all.v[i], sizes[i]);
	free(sizes);
	free(all.v);
}

static void scale_deployment(struct dep_ctx *x)
{
	struct dep_rs *one = active_or_latest(x), *n = new_rs(x);
	struct rs_list old;

	if (one) {
		scale(x, one, reps(x->d));
		return;
	}
	if (n && saturated(x->d, n->obj)) {
		old = olds(x, true);
		for (size_t i = 0; i < old.n; i++)
			scale(x, old.v[i], 0);
		free(old.v);
		return;
	}
	if (rolling(x->d))
		scale_proportionally(x);
}

/* Upstream's sync(): a scaling event or a paused deployment. */
static void sync_scale(struct dep_ctx *x)
{
	if (!sync_revision(x, false))
		return;
	scale_deployment(x);
	if (jx_bool(x->d, "spec.paused", false))
		cleanup(x);
	set_status(x, calc_status(x));
}

static void paused_conditions(struct dep_ctx *x)
{
	const json_t *c = cond_find(dstatus(x), "Progressing", NULL);
	const char *reason = c ? cond_field(c, "reason") : "";
	bool paused = jx_bool(x->d, "spec.paused", false);

	if (!has_deadline(x->d) || !strcmp(reason, "ProgressDeadlineExceeded"))
		return;
	if (paused && strcmp(reason, "DeploymentPaused"))
		cond_set(dstatus(x), "Progressing", "Unknown", "DeploymentPaused",
			 "Deployment is paused", x->now);
	else if (!paused && !strcmp(reason, "DeploymentPaused"))
		cond_set(dstatus(x), "Progressing", "Unknown", "DeploymentResumed",
			 "Deployment is resumed", x->now);
}

void dep_reconcile(struct dep_ctx *x)
{
	if (!x->now)
		x->now = time(NULL);
	if (x->status_only) {
		if (sync_revision(x, false))
			set_status(x, calc_status(x));
		return;
	}
	paused_conditions(x);
	if (jx_bool(x->d, "spec.paused", false) || scaling_event(x))
		sync_scale(x);
	else if (rolling(x->d))
		rolling_update(x);
	else
		recreate(x);
}
