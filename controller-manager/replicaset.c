/*
 * The ReplicaSet and ReplicationController controllers (upstream's ReplicaSetController, which
 * serves both): keep spec.replicas active pods matching the selector, adopting and releasing
 * pods by ownerReference, creating in slow-start batches and deleting the pods least worth
 * keeping first. Expectations keep a slow watch from making it act twice on the same need.
 * The two kinds differ only in the rows of `kinds`.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "expect.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "podctl.h"
#include "recorder.h"
#include "replicaset.h"
#include "selector.h"
#include "workqueue.h"

/* ---- which pods go first ---- */

struct ranked {
	const json_t *pod;
	int rank;
};

static int phase_ordinal(const json_t *pod)
{
	static const char *const order[] = {"Pending", "Unknown", "Running"};
	const char *phase = jx_str(pod, "status.phase");

	for (int i = 0; phase && i < 3; i++)
		if (!strcmp(phase, order[i]))
			return i;
	return 0;
}

static const char *node_of(const json_t *pod)
{
	const char *n = jx_str(pod, "spec.nodeName");

	return n ? n : "";
}

/* controller.kubernetes.io/pod-deletion-cost; 0 when absent or not an int32. */
static long deletion_cost(const json_t *pod)
{
	const json_t *v = json_object_get(jx_get(pod, "metadata.annotations"),
					  "controller.kubernetes.io/pod-deletion-cost");
	const char *s = json_string_value(v);
	char *end;
	long long n;

	if (!s || !*s)
		return 0;
	n = strtoll(s, &end, 10);
	if (*end || n < INT32_MIN || n > INT32_MAX)
		return 0;
	return (long)n;
}

/* A timestamp, zero (tv_sec 0) when absent or malformed, as Go's zero metav1.Time. */
static struct timespec stamp(const char *s)
{
	struct timespec ts = {0, 0};

	if (!s || kt_parse(s, &ts))
		ts.tv_sec = ts.tv_nsec = 0;
	return ts;
}

static bool ts_zero(struct timespec t)
{
	return !t.tv_sec && !t.tv_nsec;
}

static bool ts_eq(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static bool ts_after(struct timespec a, struct timespec b)
{
	return a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec;
}

/* A zero time counts as later than any other. */
static bool after_or_zero(struct timespec a, struct timespec b)
{
	if (ts_zero(a) || ts_zero(b))
		return ts_zero(a);
	return ts_after(a, b);
}

/* floor(log2(now - t)) in nanoseconds, -1 when t is not in the past. */
static int log_rank(struct timespec t, const struct timespec *now)
{
	int64_t d = ((int64_t)now->tv_sec - t.tv_sec) * 1000000000LL + (now->tv_nsec - t.tv_nsec);

	return d > 0 ? 63 - __builtin_clzll((unsigned long long)d) : -1;
}

static bool uid_less(const json_t *a, const json_t *b)
{
	const char *ua = jx_str(a, "metadata.uid"), *ub = jx_str(b, "metadata.uid");

	return strcmp(ua ? ua : "", ub ? ub : "") < 0;
}

/* Newer (on a log2 scale of age when now is known) goes first; ties by uid. */
static bool newer_first(const json_t *a, const json_t *b, struct timespec ta, struct timespec tb,
			const struct timespec *now)
{
	int diff;

	if (!now || ts_zero(*now) || ts_zero(ta) || ts_zero(tb))
		return after_or_zero(ta, tb);
	diff = log_rank(ta, now) - log_rank(tb, now);
	return diff ? diff < 0 : uid_less(a, b);
}

static struct timespec ready_since(const json_t *pod)
{
	struct timespec zero = {0, 0};

	if (!pod_ready(pod))
		return zero;
	return stamp(jx_str(cond_get(pod, "Ready"), "lastTransitionTime"));
}

static long max_restarts(const json_t *pod)
{
	const json_t *st;
	long most = 0;
	size_t i;

	json_array_foreach(jx_get(pod, "status.containerStatuses"), i, st)
	{
		long r = (long)jx_int(st, "restartCount", 0);

		if (r > most)
			most = r;
	}
	return most;
}

static bool pod_less(const struct ranked *x, const struct ranked *y, const struct timespec *now)
{
	const json_t *a = x->pod, *b = y->pod;
	const char *na = node_of(a), *nb = node_of(b);
	struct timespec ta, tb;

	if (strcmp(na, nb) && (!*na || !*nb))
		return !*na;
	if (phase_ordinal(a) != phase_ordinal(b))
		return phase_ordinal(a) < phase_ordinal(b);
	if (pod_ready(a) != pod_ready(b))
		return !pod_ready(a);
	if (deletion_cost(a) != deletion_cost(b))
		return deletion_cost(a) < deletion_cost(b);
	if (x->rank != y->rank)
		return x->rank > y->rank;
	if (pod_ready(a) && pod_ready(b)) {
		ta = ready_since(a);
		tb = ready_since(b);
		if (!ts_eq(ta, tb))
			return newer_first(a, b, ta, tb, now);
	}
	if (max_restarts(a) != max_restarts(b))
		return max_restarts(a) > max_restarts(b);
	ta = stamp(jx_str(a, "metadata.creationTimestamp"));
	tb = stamp(jx_str(b, "metadata.creationTimestamp"));
	if (!ts_eq(ta, tb))
		return newer_first(a, b, ta, tb, now);
	return false;
}

static int pod_cmp(const void *pa, const void *pb, void *arg)
{
	const struct ranked *a = pa, *b = pb;

	if (pod_less(a, b, arg))
		return -1;
	return pod_less(b, a, arg) ? 1 : 0;
}

void rs_rank_pods(const json_t **pods, size_t n, const json_t *const *related, size_t nrel,
		  const struct timespec *now)
{
	struct ranked *r = xcalloc(n ? n : 1, sizeof(*r));

	for (size_t i = 0; i < n; i++) {
		r[i].pod = pods[i];
		for (size_t j = 0; j < nrel; j++)
			if (pod_active(related[j]) &&
			    !strcmp(node_of(related[j]), node_of(pods[i])))
				r[i].rank++;
	}
	qsort_r(r, n, sizeof(*r), pod_cmp, (void *)now);
	for (size_t i = 0; i < n; i++)
		pods[i] = r[i].pod;
	free(r);
}

int rs_next_batch(int prev, int remaining)
{
	int size = prev > 0 ? 2 * prev : 1;

	return size < remaining ? size : remaining;
}

/* ---- status ---- */

/* Every label of the pod template is on the pod. */
static bool fully_labeled(const json_t *tmpl_labels, const json_t *pod)
{
	const json_t *labels = jx_get(pod, "metadata.labels"), *v;
	const char *k;

	json_object_foreach((json_t *)tmpl_labels, k, v)
	{
		if (!jx_equal(v, json_object_get(labels, k)))
			return false;
	}
	return true;
}

static void set_count(json_t *st, const char *key, long n, bool always)
{
	if (n || always)
		json_object_set_new(st, key, json_integer(n));
}

/* The conditions to report: ReplicaFailure added on a failure (an existing one is kept as it
 * is), dropped without one. */
static json_t *status_conditions(const json_t *rs, const char *reason, const char *msg, time_t now)
{
	const json_t *c;
	json_t *out = json_array();
	bool had = false;
	char ts[32];
	size_t i;

	json_array_foreach(jx_get(rs, "status.conditions"), i, c)
	{
		const char *type = jx_str(c, "type");
		bool failure = type && !strcmp(type, "ReplicaFailure");

		had = had || failure;
		if (!failure || reason)
			json_array_append(out, (json_t *)c);
	}
	if (reason && !had) {
		kt_format(now, ts);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s}", "type",
						     "ReplicaFailure", "status", "True",
						     "lastTransitionTime", ts, "reason", reason,
						     "message", msg ? msg : ""));
	}
	return out;
}

json_t *rs_status(const json_t *rs, const json_t *const *pods, size_t n, const char *fail_reason,
		  const char *fail_msg, time_t now)
{
	const json_t *tmpl_labels = jx_get(rs, "spec.template.metadata.labels");
	long min_ready = (long)jx_int(rs, "spec.minReadySeconds", 0);
	long labeled = 0, ready = 0, available = 0;
	json_t *st = json_object(), *conds;

	for (size_t i = 0; i < n; i++) {
		if (fully_labeled(tmpl_labels, pods[i]))
			labeled++;
		if (pod_ready(pods[i])) {
			ready++;
			if (pod_available(pods[i], min_ready, now))
				available++;
		}
	}
	set_count(st, "replicas", (long)n, true);
	set_count(st, "fullyLabeledReplicas", labeled, false);
	set_count(st, "readyReplicas", ready, false);
	set_count(st, "availableReplicas", available, false);
	set_count(st, "observedGeneration", (long)jx_int(rs, "metadata.generation", 0), false);
	conds = status_conditions(rs, fail_reason, fail_msg, now);
	if (json_array_size(conds))
		json_object_set(st, "conditions", conds);
	json_decref(conds);
	return st;
}

bool rs_status_changed(const json_t *rs, const json_t *status)
{
	static const char *const counts[] = {"replicas", "fullyLabeledReplicas", "readyReplicas",
					     "availableReplicas", "observedGeneration"};
	const json_t *cur = json_object_get(rs, "status");
	const json_t *a = json_object_get(cur, "conditions");
	const json_t *b = json_object_get(status, "conditions");

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (jx_int(cur, counts[i], 0) != jx_int(status, counts[i], 0))
			return true;
	if (json_array_size(a) || json_array_size(b))
		return !jx_equal(a, b);
	return false;
}

/* ---- the controller ---- */

/* What differs between ReplicaSets and ReplicationControllers. */
struct rs_kind {
	const char *name;      /* --controllers name, also the queue's */
	const char *kind;      /* ownerReference kind */
	const char *prefix;    /* API group path */
	const char *resource;  /* collection */
	const char *component; /* events' source */
	size_t workers;	       /* offset of the --concurrent-*-syncs field in cm_opts */
	bool map_selector;     /* spec.selector is a plain label map */
};

static const struct rs_kind kinds[] = {
    {"replicaset", "ReplicaSet", "/apis/apps/v1", "replicasets", "replicaset-controller",
     offsetof(struct cm_opts, replicaset_syncs), false},
    {"replicationcontroller", "ReplicationController", "/api/v1", "replicationcontrollers",
     "replication-controller", offsetof(struct cm_opts, rc_syncs), true},
};

struct rsc {
	const struct rs_kind *k;
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *objs, *pods;
	struct wq *q; /* made by run: nothing is synced before */
	struct exp_set *exp;
	struct hmap dels;  /* pod key -> struct del_track: deletions asked for, not yet seen */
	struct hmap fails; /* owner key -> struct fail: the last failed create or delete */
	struct rec *rec;
};

static struct rsc ctrls[2];

struct del_track {
	char *pod_key, *owner_key;
};

struct fail {
	char *key, *reason, *msg;
};

static void track_free(struct del_track *t)
{
	if (!t)
		return;
	free(t->pod_key);
	free(t->owner_key);
	free(t);
}

/* A deletion asked for was seen, or will never be: count it once. */
static void track_seen(struct rsc *c, const char *pod_key)
{
	struct del_track *t = pod_key ? hmap_del(&c->dels, pod_key) : NULL;

	if (t)
		exp_observed_del(c->exp, t->owner_key);
	track_free(t);
}

static void fail_free(struct fail *f)
{
	if (!f)
		return;
	free(f->key);
	free(f->reason);
	free(f->msg);
	free(f);
}

static void fail_set(struct rsc *c, const char *key, const char *reason, const char *msg)
{
	struct fail *f = xcalloc(1, sizeof(*f));

	f->key = xstrdup(key);
	f->reason = xstrdup(reason);
	f->msg = xstrdup(msg ? msg : "unknown error");
	fail_free(hmap_put(&c->fails, f->key, f));
}

static char *obj_path(const struct rsc *c, const char *ns, const char *resource, const char *name)
{
	const char *prefix = strcmp(resource, "pods") ? c->k->prefix : "/api/v1";

	return xasprintf("%s/namespaces/%s/%s%s%s", prefix, ns, resource, name ? "/" : "",
			 name ? name : "");
}

static void enqueue(struct rsc *c, const json_t *obj)
{
	if (c->q && obj)
		ctrl_enqueue(c->q, obj);
}

/* The owner's selector, or NULL when it selects nothing or is malformed. */
static struct lsel *selector_of(const struct rsc *c, const json_t *obj)
{
	const json_t *s = jx_get(obj, "spec.selector");
	struct lsel *sel = NULL;
	char *err = NULL;
	json_t *ls;
	int rc;

	if (c->k->map_selector) {
		if (!json_is_object(s) || !json_object_size(s))
			return NULL;
		ls = json_pack("{s:O}", "matchLabels", s);
		rc = lsel_from_json(ls, &sel, &err);
		json_decref(ls);
	} else {
		rc = lsel_from_json(s, &sel, &err);
	}
	if (rc) {
		log_v(2, "%s %s: invalid selector: %s", c->k->kind, jx_str(obj, "metadata.name"),
		      err ? err : "");
		free(err);
		return NULL;
	}
	return sel;
}

/* The owner a pod's controller reference names, if it is one of ours and still there. */
static const json_t *owner_of(const struct rsc *c, const json_t *pod)
{
	const json_t *ref = ctrl_controller_ref(pod), *o;
	const char *kind = jx_str(ref, "kind"), *name = jx_str(ref, "name");
	const char *uid = jx_str(ref, "uid"), *ns = jx_str(pod, "metadata.namespace");

	if (!kind || strcmp(kind, c->k->kind) || !name || !ns || !uid)
		return NULL;
	o = inf_get_ns(c->objs, ns, name);
	if (!o || strcmp(uid, jx_str(o, "metadata.uid") ? jx_str(o, "metadata.uid") : ""))
		return NULL;
	return o;
}

/* An orphan changed: every owner whose selector matches it may want to adopt it. */
static void enqueue_matching(struct rsc *c, const json_t *pod)
{
	const char *ns = jx_str(pod, "metadata.namespace");
	const json_t **objs = NULL;
	size_t n;

	if (!ns || !c->q)
		return;
	n = inf_by_index(c->objs, INF_INDEX_NAMESPACE, ns, &objs);
	for (size_t i = 0; i < n; i++) {
		struct lsel *sel = selector_of(c, objs[i]);

		if (sel && lsel_match_json(sel, jx_get(pod, "metadata.labels")))
			enqueue(c, objs[i]);
		lsel_free(sel);
	}
	free(objs);
}

/* A pod is going or gone: a deletion we asked for has been seen. */
static void pod_gone(struct rsc *c, const json_t *pod)
{
	char *key = inf_key(pod);

	track_seen(c, key);
	free(key);
	enqueue(c, owner_of(c, pod));
}

static void pod_added(void *arg, const json_t *pod)
{
	struct rsc *c = arg;
	const json_t *o;
	char *key;

	if (pod_deleting(pod)) {
		pod_gone(c, pod);
		return;
	}
	if (!ctrl_controller_ref(pod)) {
		enqueue_matching(c, pod);
		return;
	}
	if (!(o = owner_of(c, pod)) || !(key = inf_key(o)))
		return;
	exp_observed_add(c->exp, key);
	free(key);
	enqueue(c, o);
}

static void pod_updated(void *arg, const json_t *old, const json_t *cur)
{
	struct rsc *c = arg;
	const json_t *oref = ctrl_controller_ref(old), *cref = ctrl_controller_ref(cur);
	bool labels = !jx_equal(jx_get(old, "metadata.labels"), jx_get(cur, "metadata.labels"));
	bool refs = !jx_equal(oref, cref);

	if (jx_equal(jx_get(old, "metadata.resourceVersion"),
		     jx_get(cur, "metadata.resourceVersion")))
		return;
	if (pod_deleting(cur)) {
		pod_gone(c, cur);
		if (labels)
			pod_gone(c, old);
		return;
	}
	if (refs && oref)
		enqueue(c, owner_of(c, old));
	if (cref) {
		enqueue(c, owner_of(c, cur));
		return;
	}
	if (labels || refs)
		enqueue_matching(c, cur);
}

static void pod_deleted(void *arg, const json_t *pod)
{
	pod_gone(arg, pod);
}

static void obj_changed(void *arg, const json_t *obj)
{
	enqueue(arg, obj);
}

static void obj_updated(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	enqueue(arg, obj);
}

/* ---- creating pods in slow-start batches ---- */

/* One owner's creations: a batch goes out when the one before has all succeeded. */
struct batch {
	struct rsc *c;
	struct ctrl_op *op;
	char *key, *path;
	json_t *owner, *pod;
	int remaining, size, inflight;
	bool failed;
};

static bool created(void *arg, int code, json_t *body, const char *err);

static void batch_send(struct batch *b)
{
	b->size = rs_next_batch(b->size, b->remaining);
	b->remaining -= b->size;
	b->inflight = b->size;
	for (int i = 0; i < b->size; i++)
		ctrl_op_request(b->op, b->c->kc, "POST", b->path, NULL, b->pod, created, b);
}

/* Creations never sent will never be seen. */
static void batch_end(struct batch *b)
{
	for (int i = 0; i < b->remaining; i++)
		exp_observed_add(b->c->exp, b->key);
	json_decref(b->owner);
	json_decref(b->pod);
	free(b->key);
	free(b->path);
	free(b);
}

static bool created(void *arg, int code, json_t *body, const char *err)
{
	struct batch *b = arg;
	struct rsc *c = b->c;
	bool ok = code >= 200 && code < 300;

	if (ok) {
		rec_event(c->rec, b->owner, "Normal", "SuccessfulCreate", "Created pod: %s",
			  jx_str(body, "metadata.name") ? jx_str(body, "metadata.name") : "");
	} else {
		rec_event(c->rec, b->owner, "Warning", "FailedCreate", "Error creating: %s",
			  err ? err : "unknown error");
		exp_observed_add(c->exp, b->key);
		fail_set(c, b->key, "FailedCreate", err);
		b->failed = true;
	}
	if (--b->inflight == 0) {
		if (!b->failed && b->remaining > 0)
			batch_send(b);
		else
			batch_end(b);
	}
	return ok;
}

static void create_pods(struct rsc *c, struct ctrl_op *op, const char *key, const json_t *obj,
			int count)
{
	struct batch *b = xcalloc(1, sizeof(*b));

	b->c = c;
	b->op = op;
	b->key = xstrdup(key);
	b->path = obj_path(c, jx_str(obj, "metadata.namespace"), "pods", NULL);
	b->owner = json_incref((json_t *)obj);
	b->pod = podctl_new_pod(jx_get(obj, "spec.template"), obj, NULL);
	b->remaining = count;
	exp_expect(c->exp, key, count, 0);
	batch_send(b);
}

/* ---- deleting surplus pods ---- */

struct del_req {
	struct rsc *c;
	char *key, *pod_key, *name;
	json_t *owner;
};

static bool deleted(void *arg, int code, json_t *body, const char *err)
{
	struct del_req *d = arg;
	struct rsc *c = d->c;
	bool ok = (code >= 200 && code < 300) || code == 404;

	(void)body;
	if (code >= 200 && code < 300)
		rec_event(c->rec, d->owner, "Normal", "SuccessfulDelete", "Deleted pod: %s",
			  d->name);
	else
		track_seen(c, d->pod_key); /* never to be seen, or already gone */
	if (!ok) {
		rec_event(c->rec, d->owner, "Warning", "FailedDelete", "Error deleting: %s",
			  err ? err : "unknown error");
		fail_set(c, d->key, "FailedDelete", err);
	}
	json_decref(d->owner);
	free(d->key);
	free(d->pod_key);
	free(d->name);
	free(d);
	return ok;
}

/* The pods of every owner that shares this owner's controller (a Deployment's ReplicaSets):
 * how crowded a node is counts across all of them. */
static size_t related_pods(struct rsc *c, const json_t *obj, const json_t ***out)
{
	const char *uid = jx_str(ctrl_controller_ref(obj), "uid");
	const char *ns = jx_str(obj, "metadata.namespace");
	const json_t **objs = NULL, **pods = NULL;
	size_t nobj, npods, n = 0;

	npods = inf_by_index(c->pods, INF_INDEX_NAMESPACE, ns, &pods);
	*out = xcalloc(npods ? npods : 1, sizeof(**out));
	if (!uid)
		goto out;
	nobj = inf_by_index(c->objs, INF_INDEX_NAMESPACE, ns, &objs);
	for (size_t i = 0; i < npods; i++) {
		for (size_t j = 0; j < nobj; j++) {
			const char *ouid = jx_str(ctrl_controller_ref(objs[j]), "uid");
			struct lsel *sel;
			bool match;

			if (!ouid || strcmp(ouid, uid) || !(sel = selector_of(c, objs[j])))
				continue;
			match = lsel_match_json(sel, jx_get(pods[i], "metadata.labels"));
			lsel_free(sel);
			if (match) {
				(*out)[n++] = pods[i];
				break;
			}
		}
	}
out:
	free(objs);
	free(pods);
	return n;
}

static void delete_pods(struct rsc *c, struct ctrl_op *op, const char *key, const json_t *obj,
			const json_t *const *owned, size_t n, int count)
{
	const json_t **victims = xcalloc(n ? n : 1, sizeof(*victims)), **related = NULL;
	size_t nrel = related_pods(c, obj, &related);
	struct timespec now;

	memcpy(victims, owned, n * sizeof(*victims));
	kt_now(&now);
	rs_rank_pods(victims, n, related, nrel, &now);
	exp_expect(c->exp, key, 0, count);
	for (int i = 0; i < count && (size_t)i < n; i++) {
		struct del_track *t = xcalloc(1, sizeof(*t));
		struct del_req *d = xcalloc(1, sizeof(*d));
		char *path;

		t->pod_key = inf_key(victims[i]);
		t->owner_key = xstrdup(key);
		track_free(hmap_put(&c->dels, t->pod_key, t));
		d->c = c;
		d->key = xstrdup(key);
		d->pod_key = xstrdup(t->pod_key);
		d->name = xstrdup(jx_str(victims[i], "metadata.name"));
		d->owner = json_incref((json_t *)obj);
		path = obj_path(c, jx_str(obj, "metadata.namespace"), "pods", d->name);
		ctrl_op_request(op, c->kc, "DELETE", path, NULL, NULL, deleted, d);
		free(path);
	}
	free(related);
	free(victims);
}

/* ---- sync ---- */

static void manage(struct rsc *c, struct ctrl_op *op, const char *key, const json_t *obj,
		   const json_t *const *owned, size_t n)
{
	long diff = (long)n - (long)jx_int(obj, "spec.replicas", 1);

	if (diff < 0)
		create_pods(c, op, key, obj, (int)(-diff < RS_BURST ? -diff : RS_BURST));
	else if (diff > 0)
		delete_pods(c, op, key, obj, owned, n, (int)(diff < RS_BURST ? diff : RS_BURST));
}

/* Write the status if it changed; come back when a ready pod will have been ready long enough. */
static void update_status(struct rsc *c, struct ctrl_op *op, const char *key, const json_t *obj,
			  const json_t *const *owned, size_t n)
{
	struct fail *f = hmap_del(&c->fails, key);
	time_t now = time(NULL);
	json_t *st = rs_status(obj, owned, n, f ? f->reason : NULL, f ? f->msg : NULL, now);
	long min_ready = (long)jx_int(obj, "spec.minReadySeconds", 0), soonest = -1;

	if (rs_status_changed(obj, st)) {
		json_t *body = json_deep_copy(obj);
		char *base = obj_path(c, jx_str(obj, "metadata.namespace"), c->k->resource,
				      jx_str(obj, "metadata.name"));
		char *path = xasprintf("%s/status", base);

		json_object_set(body, "status", st);
		ctrl_op_update(op, c->kc, path, body);
		json_decref(body);
		free(base);
		free(path);
	}
	for (size_t i = 0; min_ready > 0 && i < n; i++) {
		long left = pod_available_in(owned[i], min_ready, now);

		if (left > 0 && (soonest < 0 || left < soonest))
			soonest = left;
	}
	if (soonest > 0)
		ctrl_op_requeue_after(op, soonest * 1000 + 100);
	json_decref(st);
	fail_free(f);
}

/* Keep only the pods that count: neither finished nor being deleted. */
static size_t keep_active(const json_t **pods, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (pod_active(pods[i]))
			pods[m++] = pods[i];
	return m;
}

static int rs_sync(void *arg, const char *key)
{
	struct rsc *c = arg;
	const json_t *obj = inf_get(c->objs, key), **pods = NULL, **owned = NULL;
	const char *ns = jx_str(obj, "metadata.namespace");
	struct ctrl_op *op;
	struct lsel *sel;
	size_t n, nown;
	bool need;

	if (!obj || !ns) {
		exp_forget(c->exp, key);
		fail_free(hmap_del(&c->fails, key));
		return WQ_OK;
	}
	need = exp_satisfied(c->exp, key);
	op = ctrl_op_new(c->q, key);
	if (!(sel = selector_of(c, obj)))
		return ctrl_op_finish(op);
	n = inf_by_index(c->pods, INF_INDEX_NAMESPACE, ns, &pods);
	n = keep_active(pods, n);
	nown = podctl_claim(op, c->kc, obj, sel, pods, n, "pods", &owned);
	if (need && !pod_deleting(obj))
		manage(c, op, key, obj, owned, nown);
	update_status(c, op, key, obj, owned, nown);
	lsel_free(sel);
	free(owned);
	free(pods);
	return ctrl_op_finish(op);
}

/* ---- wiring ---- */

static int rsc_init(struct rsc *c, const struct rs_kind *k, struct cm *cm)
{
	char *path = xasprintf("%s/%s", k->prefix, k->resource);
	struct inf_handler oh = {obj_changed, obj_updated, obj_changed, c};
	struct inf_handler ph = {pod_added, pod_updated, pod_deleted, c};

	c->k = k;
	c->cm = cm;
	/* Upstream names each account as its events' source. */
	c->kc = cm_client(cm, k->component);
	c->objs = inf_factory_get(cm->inf, path, NULL, NULL);
	c->pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	c->exp = exp_new();
	c->rec = cm_recorder(c->kc, k->component);
	hmap_init(&c->dels);
	hmap_init(&c->fails);
	inf_add_handler(c->objs, &oh);
	inf_add_handler(c->pods, &ph);
	free(path);
	return 0;
}

static void rsc_run(struct rsc *c)
{
	int workers = *(const int *)((const char *)c->cm->o + c->k->workers);
	const json_t **objs = NULL;
	size_t n;

	c->q = wq_new(c->cm->base, c->k->name, workers, rs_sync, c);
	n = inf_list(c->objs, &objs);
	for (size_t i = 0; i < n; i++)
		enqueue(c, objs[i]);
	free(objs);
}

static int rs_init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return rsc_init(&ctrls[0], &kinds[0], cm);
}

static int rc_init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return rsc_init(&ctrls[1], &kinds[1], cm);
}

static void rs_run(struct cm *cm)
{
	(void)cm;
	rsc_run(&ctrls[0]);
}

static void rc_run(struct cm *cm)
{
	(void)cm;
	rsc_run(&ctrls[1]);
}

const struct cm_controller cm_replicaset_controller = {
    .name = "replicaset",
    .init = rs_init,
    .run = rs_run,
};

const struct cm_controller cm_replicationcontroller_controller = {
    .name = "replicationcontroller",
    .init = rc_init,
    .run = rc_run,
};
