/*
 * daemonset: one pod per eligible node (upstream's DaemonSetsController). A node is eligible
 * when the pod template's nodeSelector and required node affinity match it and its NoSchedule
 * and NoExecute taints are tolerated (daemon pods tolerate the node-condition taints on top of
 * their own tolerations). Pods are pinned to their node by a metadata.name node affinity and
 * left to the scheduler to bind. Updates roll node by node (maxUnavailable, or maxSurge), or
 * wait for pods to be deleted (OnDelete); every template is kept as a ControllerRevision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "decide.h"
#include "expect.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "podctl.h"
#include "recorder.h"
#include "selector.h"
#include "workload.h"

#define DS_PATH	  "/apis/apps/v1/daemonsets"
#define REVS_PATH "/apis/apps/v1/controllerrevisions"
#define GEN_LABEL "pod-template-generation"

/* Back-off between deletions of failed daemon pods on one node (upstream: 1 s to 15 min). */
struct fail_backoff {
	char *key;
	long delay_ms;
	time_t last;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *sets, *pods, *nodes, *revs;
	struct wq *q;
	struct exp_set *exp;
	struct rec *rec;
	struct hmap backoff;
} dsc;

/* ---- node eligibility ---- */

static const struct {
	const char *key, *effect;
	bool host_network_only;
} daemon_tolerations[] = {
    {"node.kubernetes.io/not-ready", "NoExecute", false},
    {"node.kubernetes.io/unreachable", "NoExecute", false},
    {"node.kubernetes.io/disk-pressure", "NoSchedule", false},
    {"node.kubernetes.io/memory-pressure", "NoSchedule", false},
    {"node.kubernetes.io/pid-pressure", "NoSchedule", false},
    {"node.kubernetes.io/unschedulable", "NoSchedule", false},
    {"node.kubernetes.io/network-unavailable", "NoSchedule", true},
};

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void ds_add_tolerations(json_t *spec)
{
	json_t *tols = json_object_get(spec, "tolerations"), *t;
	bool host_net = jx_bool(spec, "hostNetwork", false);

	if (!json_is_array(tols)) {
		tols = json_array();
		json_object_set_new(spec, "tolerations", tols);
	}
	for (size_t i = 0; i < sizeof(daemon_tolerations) / sizeof(daemon_tolerations[0]); i++) {
		bool have = false;
		size_t j;

		if (daemon_tolerations[i].host_network_only && !host_net)
			continue;
		json_array_foreach(tols, j, t) have |=
		    str_eq(jx_str(t, "key"), daemon_tolerations[i].key) &&
		    str_eq(jx_str(t, "operator"), "Exists") &&
		    str_eq(jx_str(t, "effect"), daemon_tolerations[i].effect);
		if (!have)
			json_array_append_new(tols, json_pack("{s:s, s:s, s:s}", "key",
							      daemon_tolerations[i].key, "operator",
							      "Exists", "effect",
							      daemon_tolerations[i].effect));
	}
}

void ds_set_node_affinity(json_t *spec, const char *node)
{
	json_t *na = jx_obj(spec, "affinity.nodeAffinity");
	json_t *terms = json_pack("[{s:[{s:s, s:s, s:[s]}]}]", "matchFields", "key",
				  "metadata.name", "operator", "In", "values", node);

	/* Upstream replaces every required term: the node was already checked against them. */
	if (na)
		json_object_set_new(na, "requiredDuringSchedulingIgnoredDuringExecution",
				    json_pack("{s:o}", "nodeSelectorTerms", terms));
	else
		json_decref(terms);
}

static bool in_values(const json_t *values, const char *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(values, i, x) if (str_eq(json_string_value(x), v)) return true;
	return false;
}

/* One NodeSelectorRequirement against a label or field value (NULL: absent). */
static bool req_matches(const json_t *req, const char *val)
{
	const char *op = jx_str(req, "operator") ? jx_str(req, "operator") : "";
	const json_t *values = json_object_get(req, "values");
	char *end;
	long a, b;

	if (!strcmp(op, "In"))
		return val && in_values(values, val);
	if (!strcmp(op, "NotIn"))
		return !val || !in_values(values, val);
	if (!strcmp(op, "Exists"))
		return val != NULL;
	if (!strcmp(op, "DoesNotExist"))
		return val == NULL;
	if ((strcmp(op, "Gt") && strcmp(op, "Lt")) || !val || json_array_size(values) != 1 ||
	    !json_is_string(json_array_get(values, 0)))
		return false;
	a = strtol(val, &end, 10);
	if (*end || !*val)
		return false;
	b = strtol(json_string_value(json_array_get(values, 0)), &end, 10);
	if (*end)
		return false;
	return op[0] == 'G' ? a > b : a < b;
}

static bool term_matches(const json_t *term, const json_t *node)
{
	const json_t *exprs = json_object_get(term, "matchExpressions");
	const json_t *fields = json_object_get(term, "matchFields");
	const json_t *labels = jx_get(node, "metadata.labels");
	size_t i;
	json_t *r;

	/* An empty term selects nothing. */
	if (!json_array_size(exprs) && !json_array_size(fields))
		return false;
	json_array_foreach(exprs, i, r)
	{
		if (!req_matches(r, json_string_value(json_object_get(
					labels, jx_str(r, "key") ? jx_str(r, "key") : ""))))
			return false;
	}
	json_array_foreach(fields, i, r)
	{
		const char *v = str_eq(jx_str(r, "key"), "metadata.name")
				    ? jx_str(node, "metadata.name")
				    : NULL;
		if (!req_matches(r, v))
			return false;
	}
	return true;
}

bool ds_node_matches(const json_t *spec, const json_t *node)
{
	const json_t *sel = json_object_get(spec, "nodeSelector"), *labels, *terms, *v;
	const char *k;
	size_t i;
	json_t *t;

	labels = jx_get(node, "metadata.labels");
	json_object_foreach((json_t *)sel, k, v)
	{
		if (!str_eq(json_string_value(json_object_get(labels, k)), json_string_value(v)))
			return false;
	}
	terms =
	    jx_get(spec, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
	if (!terms)
		return true;
	json_array_foreach(json_object_get(terms, "nodeSelectorTerms"), i,
			   t) if (term_matches(t, node)) return true;
	return false;
}

void ds_should_run(const json_t *ds, const json_t *node, bool *run, bool *keep)
{
	const json_t *spec = jx_get(ds, "spec.template.spec");
	const char *want = jx_str(spec, "nodeName");
	json_t *pod_spec, *taint;
	bool fits = true, noexec = false;
	size_t i;

	*run = *keep = false;
	if ((want && *want && !str_eq(want, jx_str(node, "metadata.name"))) ||
	    !ds_node_matches(spec, node))
		return;
	pod_spec = json_is_object(spec) ? json_deep_copy(spec) : json_object();
	ds_add_tolerations(pod_spec);
	json_array_foreach(jx_get(node, "spec.taints"), i, taint)
	{
		const char *effect = jx_str(taint, "effect");
		const json_t *tols = json_object_get(pod_spec, "tolerations"), *tol;
		bool tolerated = false;
		size_t j;

		if (!str_eq(effect, "NoSchedule") && !str_eq(effect, "NoExecute"))
			continue;
		json_array_foreach(tols, j, tol) tolerated |= te_tolerates(tol, taint);
		if (tolerated)
			continue;
		fits = false;
		noexec |= str_eq(effect, "NoExecute");
	}
	json_decref(pod_spec);
	*run = fits;
	*keep = fits || !noexec;
}

const char *ds_target_node(const json_t *pod)
{
	const json_t *terms, *t, *f;
	size_t i, j;

	if (jx_str(pod, "spec.nodeName") && *jx_str(pod, "spec.nodeName"))
		return jx_str(pod, "spec.nodeName");
	terms =
	    jx_get(pod, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
			"nodeSelectorTerms");
	json_array_foreach(terms, i, t) json_array_foreach(json_object_get(t, "matchFields"), j, f)
	{
		if (str_eq(jx_str(f, "key"), "metadata.name") &&
		    str_eq(jx_str(f, "operator"), "In") &&
		    json_array_size(json_object_get(f, "values")) == 1)
			return json_string_value(json_array_get(json_object_get(f, "values"), 0));
	}
	return NULL;
}

/* ---- one sync ---- */

/* A daemon set's pods grouped by the node they are for. */
struct node_pods {
	const char *node;
	const json_t **v;
	size_t n;
};

struct sync {
	const json_t *ds;
	const char *key, *ns, *name;
	char hash[16], *rev_name;
	struct ctrl_op *op;
	const json_t **pods, **nodes;
	size_t npods, nnodes;
	struct hmap by_node; /* node name -> struct node_pods */
	json_t *create;	     /* node names */
	const json_t **del;  /* pods */
	size_t ndel;
	long requeue_ms;
	time_t now;
};

static void requeue(struct sync *s, long ms)
{
	if (ms > 0 && (!s->requeue_ms || ms < s->requeue_ms))
		s->requeue_ms = ms;
}

static void group_pods(struct sync *s)
{
	hmap_init(&s->by_node);
	for (size_t i = 0; i < s->npods; i++) {
		const char *node = ds_target_node(s->pods[i]);
		struct node_pods *np;

		if (!node)
			continue;
		if (!(np = hmap_get(&s->by_node, node))) {
			np = xcalloc(1, sizeof(*np));
			np->node = node;
			np->v = xcalloc(s->npods, sizeof(*np->v));
			hmap_put(&s->by_node, node, np);
		}
		np->v[np->n++] = s->pods[i];
	}
}

static void free_groups(struct sync *s)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&s->by_node, i, &k, &v));) {
		free(((struct node_pods *)v)->v);
		free(v);
	}
	hmap_clear(&s->by_node);
}

static struct node_pods *pods_on(struct sync *s, const char *node)
{
	return node ? hmap_get(&s->by_node, node) : NULL;
}

static bool updated(const struct sync *s, const json_t *pod)
{
	return str_eq(jx_str(pod, "metadata.labels." WL_HASH_LABEL), s->hash);
}

static int by_age(const void *a, const void *b)
{
	const char *x = jx_str(*(const json_t *const *)a, "metadata.creationTimestamp");
	const char *y = jx_str(*(const json_t *const *)b, "metadata.creationTimestamp");

	return strcmp(x ? x : "", y ? y : "");
}

static void delete_pod(struct sync *s, const json_t *pod)
{
	for (size_t i = 0; i < s->ndel; i++)
		if (s->del[i] == pod)
			return;
	s->del[s->ndel++] = pod;
}

static long min_ready(const struct sync *s)
{
	return (long)jx_int(s->ds, "spec.minReadySeconds", 0);
}

static bool available(struct sync *s, const json_t *pod)
{
	long in = pod_available_in(pod, min_ready(s), s->now);

	if (in > 0)
		requeue(s, in * 1000);
	return in == 0;
}

static long max_surge(const struct sync *s, long desired);
/* Failed daemon pods go, but not faster than the node's back-off allows. */
static bool failed_pod(struct sync *s, const json_t *pod, const char *node)
{
	char *key = xasprintf("%s/%s", jx_str(s->ds, "metadata.uid"), node);
	struct fail_backoff *b = hmap_get(&dsc.backoff, key);

	if (b && s->now - b->last < b->delay_ms / 1000) {
		requeue(s, (b->delay_ms / 1000 - (s->now - b->last)) * 1000);
		free(key);
		return false;
	}
	if (!b) {
		b = xcalloc(1, sizeof(*b));
		b->key = key;
		hmap_put(&dsc.backoff, key, b);
	} else {
		free(key);
	}
	b->delay_ms = b->delay_ms ? b->delay_ms * 2 : 1000;
	if (b->delay_ms > 15 * 60 * 1000)
		b->delay_ms = 15 * 60 * 1000;
	b->last = s->now;
	rec_event(dsc.rec, s->ds, "Warning", "FailedDaemonPod",
		  "Found failed daemon pod %s/%s on node %s, will try to kill it", s->ns,
		  jx_str(pod, "metadata.name"), node);
	return true;
}

/* Upstream's podsShouldBeOnNode for a node where pods may stay. */
static void keep_pods(struct sync *s, struct node_pods *np, long surge)
{
	const json_t **live = xcalloc(np ? np->n + 1 : 1, sizeof(*live));
	const json_t *oldest_new = NULL, *oldest_old = NULL;
	size_t n = 0;

	for (size_t i = 0; np && i < np->n; i++) {
		const json_t *p = np->v[i];
		const char *phase = jx_str(p, "status.phase");

		if (pod_deleting(p))
			continue;
		if (str_eq(phase, "Failed")) {
			if (failed_pod(s, p, np->node))
				delete_pod(s, p);
		} else if (str_eq(phase, "Succeeded")) {
			delete_pod(s, p);
		} else {
			live[n++] = p;
		}
	}
	qsort(live, n, sizeof(*live), by_age);
	for (size_t i = 0; i < n; i++) {
		if (updated(s, live[i]) && !oldest_new)
			oldest_new = live[i];
		else if (!updated(s, live[i]) && !oldest_old)
			oldest_old = live[i];
	}
	for (size_t i = 0; i < n; i++) {
		bool keep;

		if (!surge) /* at most one pod: the oldest */
			keep = i == 0;
		else /* with surge an old pod stays until its replacement is available */
			keep =
			    live[i] == oldest_new ||
			    (live[i] == oldest_old && (!oldest_new || !available(s, oldest_new)));
		if (!keep)
			delete_pod(s, live[i]);
	}
	free(live);
}

static void manage(struct sync *s, long surge)
{
	for (size_t i = 0; i < s->nnodes; i++) {
		const char *name = jx_str(s->nodes[i], "metadata.name");
		struct node_pods *np = pods_on(s, name);
		bool run, keep;

		ds_should_run(s->ds, s->nodes[i], &run, &keep);
		if (run && (!np || !np->n)) {
			json_array_append_new(s->create, json_string(name));
		} else if (keep) {
			keep_pods(s, np, surge);
		} else {
			for (size_t j = 0; np && j < np->n; j++)
				if (!pod_deleting(np->v[j]))
					delete_pod(s, np->v[j]);
		}
	}
	/* Pods for nodes that are gone and not bound anywhere. */
	for (size_t i = 0; i < s->npods; i++) {
		const char *node = ds_target_node(s->pods[i]);
		bool found = false;

		for (size_t j = 0; j < s->nnodes && !found; j++)
			found = str_eq(node, jx_str(s->nodes[j], "metadata.name"));
		if (!found && !jx_str(s->pods[i], "spec.nodeName") && !pod_deleting(s->pods[i]))
			delete_pod(s, s->pods[i]);
	}
}

/* The updated and the old pod on a node (deleting ones aside); false when there are more. */
static bool split_node(struct sync *s, struct node_pods *np, const json_t **nw, const json_t **old)
{
	*nw = *old = NULL;
	for (size_t i = 0; i < np->n; i++) {
		const json_t **slot = updated(s, np->v[i]) ? nw : old;

		if (pod_deleting(np->v[i]))
			continue;
		if (*slot)
			return false;
		*slot = np->v[i];
	}
	return true;
}

static long scaled(const json_t *v, long total)
{
	long n;

	/* Percentages round up for daemon sets, as upstream. */
	return jx_int_or_percent(v, total, true, &n) ? 0 : n;
}

static long max_surge(const struct sync *s, long desired)
{
	if (!str_eq(jx_str(s->ds, "spec.updateStrategy.type"), "RollingUpdate"))
		return 0;
	return scaled(jx_get(s->ds, "spec.updateStrategy.rollingUpdate.maxSurge"), desired);
}

static long max_unavailable(const struct sync *s, long desired)
{
	long mu =
	    scaled(jx_get(s->ds, "spec.updateStrategy.rollingUpdate.maxUnavailable"), desired);

	return !mu && !max_surge(s, desired) ? 1 : mu;
}

static long desired_count(struct sync *s)
{
	long n = 0;

	for (size_t i = 0; i < s->nnodes; i++) {
		bool run, keep;

		ds_should_run(s->ds, s->nodes[i], &run, &keep);
		n += run;
	}
	return n;
}

/* Upstream's rollingUpdate: replace old pods within maxUnavailable, or surge within maxSurge. */
static void rolling_update(struct sync *s)
{
	long desired = desired_count(s), surge = max_surge(s, desired);
	long budget = surge ? surge : max_unavailable(s, desired), used = 0;
	const json_t **cand = xcalloc(s->npods + 1, sizeof(*cand));
	json_t *cand_nodes = json_array();
	size_t ncand = 0;
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&s->by_node, i, &k, &v));) {
		struct node_pods *np = v;
		const json_t *nw, *old;

		if (!split_node(s, np, &nw, &old)) {
			used++;
			continue;
		}
		if (!surge) {
			if ((!nw && !old) || (nw && old) || (nw && !available(s, nw)))
				used++;
			else if (old && !available(s, old))
				delete_pod(s, old);
			else if (old && !nw)
				cand[ncand++] = old;
			continue;
		}
		if (!old)
			continue;
		if (!nw && !available(s, old))
			json_array_append_new(s->create, json_string(np->node));
		else if (!nw)
			json_array_append_new(cand_nodes, json_string(np->node));
		else if (!available(s, nw))
			used++;
		else
			delete_pod(s, old);
	}
	for (size_t i = 0; i < ncand && (long)i < budget - used; i++)
		delete_pod(s, cand[i]);
	for (size_t i = 0; i < json_array_size(cand_nodes) && (long)i < budget - used; i++)
		json_array_append(s->create, json_array_get(cand_nodes, i));
	json_decref(cand_nodes);
	free(cand);
}

static json_t *daemon_pod(struct sync *s, const char *node)
{
	json_t *pod = podctl_new_pod(jx_get(s->ds, "spec.template"), s->ds, NULL);
	json_t *labels = jx_obj(pod, "metadata.labels"), *spec = json_object_get(pod, "spec");

	json_object_set_new(labels, WL_HASH_LABEL, json_string(s->hash));
	json_object_set_new(
	    labels, GEN_LABEL,
	    json_sprintf("%lld", (long long)jx_int(s->ds, "metadata.generation", 1)));
	ds_set_node_affinity(spec, node);
	ds_add_tolerations(spec);
	return pod;
}

static void write_pods(struct sync *s)
{
	char *path = xasprintf("/api/v1/namespaces/%s/pods", s->ns);
	size_t i;
	json_t *n;

	exp_expect(dsc.exp, s->key, (int)json_array_size(s->create), (int)s->ndel);
	json_array_foreach(s->create, i, n)
	{
		json_t *pod = daemon_pod(s, json_string_value(n));

		wl_create(s->op, dsc.kc, dsc.rec, dsc.exp, s->key, s->ds, path, pod, NULL, NULL);
		json_decref(pod);
	}
	for (i = 0; i < s->ndel; i++)
		wl_delete_pod(s->op, dsc.kc, dsc.rec, dsc.exp, s->key, s->ds, s->del[i], NULL,
			      NULL);
	free(path);
}

/* ---- revisions ---- */

/* Make sure the current template has a revision, newest numbered; drop old ones. */
static void sync_history(struct sync *s)
{
	json_t *data = wl_rev_data(s->ds);
	const json_t **revs, **old, *cur = NULL;
	size_t n = ctrl_owned(dsc.revs, s->ns, s->ds, &revs), nold, nlive = 0;
	long max = wl_rev_max(revs, n);
	const char **live = xcalloc(s->npods + 1, sizeof(*live));
	char *path;

	for (unsigned coll = (unsigned)jx_int(s->ds, "status.collisionCount", 0);; coll++) {
		wl_rev_hash(data, coll, s->hash);
		free(s->rev_name);
		s->rev_name = xasprintf("%s-%s", s->name, s->hash);
		for (size_t i = 0; i < n && !cur; i++)
			if (str_eq(jx_str(revs[i], "metadata.name"), s->rev_name))
				cur = revs[i];
		if (!cur || json_equal(json_object_get(cur, "data"), data) || coll > 100)
			break;
		cur = NULL;
	}
	path = xasprintf("/apis/apps/v1/namespaces/%s/controllerrevisions", s->ns);
	if (!cur) {
		json_t *rev = wl_rev_new(s->ds, data, s->hash, max + 1);

		ctrl_op_create(s->op, dsc.kc, path, rev);
		json_decref(rev);
	} else if (jx_int(cur, "revision", 0) < max) {
		json_t *rev = json_deep_copy(cur);
		char *p = xasprintf("%s/%s", path, s->rev_name);

		json_object_set_new(rev, "revision", json_integer(max + 1));
		ctrl_op_update(s->op, dsc.kc, p, rev);
		json_decref(rev);
		free(p);
	}
	live[nlive++] = s->rev_name;
	for (size_t i = 0; i < s->npods; i++) {
		const char *h = jx_str(s->pods[i], "metadata.labels." WL_HASH_LABEL);

		if (h)
			live[nlive++] = xasprintf("%s-%s", s->name, h);
	}
	nold = wl_rev_truncate(revs, n, live, nlive,
			       (long)jx_int(s->ds, "spec.revisionHistoryLimit", 10), &old);
	for (size_t i = 0; i < nold; i++) {
		char *p = xasprintf("%s/%s", path, jx_str(old[i], "metadata.name"));

		ctrl_op_delete(s->op, dsc.kc, p, NULL);
		free(p);
	}
	for (size_t i = 1; i < nlive; i++)
		free((char *)live[i]);
	free(live);
	free(old);
	free(path);
	free(revs);
	json_decref(data);
}

/* ---- status ---- */

static void set_count(json_t *st, const char *field, long v, bool omit_zero)
{
	if (v || !omit_zero)
		json_object_set_new(st, field, json_integer(v));
	else
		json_object_del(st, field);
}

static void write_status(struct sync *s)
{
	long desired = 0, current = 0, mis = 0, ready = 0, upd = 0, avail = 0;
	json_t *obj, *st;
	char *path;

	for (size_t i = 0; i < s->nnodes; i++) {
		struct node_pods *np = pods_on(s, jx_str(s->nodes[i], "metadata.name"));
		bool run, keep;

		ds_should_run(s->ds, s->nodes[i], &run, &keep);
		if (!run) {
			mis += np && np->n;
			continue;
		}
		desired++;
		if (!np || !np->n)
			continue;
		current++;
		qsort(np->v, np->n, sizeof(*np->v), by_age);
		ready += pod_ready(np->v[0]);
		avail += available(s, np->v[0]);
		upd += updated(s, np->v[0]);
	}
	obj = json_deep_copy(s->ds);
	st = jx_obj(obj, "status");
	set_count(st, "observedGeneration", (long)jx_int(s->ds, "metadata.generation", 0), true);
	set_count(st, "currentNumberScheduled", current, false);
	set_count(st, "numberMisscheduled", mis, false);
	set_count(st, "desiredNumberScheduled", desired, false);
	set_count(st, "numberReady", ready, false);
	set_count(st, "updatedNumberScheduled", upd, true);
	set_count(st, "numberAvailable", avail, true);
	set_count(st, "numberUnavailable", desired - avail > 0 ? desired - avail : 0, true);
	if (!jx_equal(st, jx_get(s->ds, "status"))) {
		path =
		    xasprintf("/apis/apps/v1/namespaces/%s/daemonsets/%s/status", s->ns, s->name);
		ctrl_op_update(s->op, dsc.kc, path, obj);
		free(path);
	}
	json_decref(obj);
}

static int sync_set(struct sync *s)
{
	const json_t **all;
	struct lsel *sel = NULL;
	char *err = NULL;
	size_t n;

	if (lsel_from_json(jx_get(s->ds, "spec.selector"), &sel, &err) || lsel_empty(sel)) {
		if (!err)
			rec_event(dsc.rec, s->ds, "Warning", "SelectingAll",
				  "This daemon set is selecting all pods. A non-empty selector is "
				  "required.");
		free(err);
		lsel_free(sel);
		return 0;
	}
	n = inf_by_index(dsc.pods, INF_INDEX_NAMESPACE, s->ns, &all);
	s->npods = podctl_claim(s->op, dsc.kc, s->ds, sel, all, n, "pods", &s->pods);
	free(all);
	lsel_free(sel);
	s->nnodes = inf_list(dsc.nodes, &s->nodes);
	group_pods(s);
	sync_history(s);
	if (exp_satisfied(dsc.exp, s->key)) {
		long surge = max_surge(s, desired_count(s));

		manage(s, surge);
		if (!json_array_size(s->create) && !s->ndel &&
		    str_eq(jx_str(s->ds, "spec.updateStrategy.type"), "RollingUpdate"))
			rolling_update(s);
		write_pods(s);
	}
	write_status(s);
	free_groups(s);
	return 0;
}

static int sync(void *arg, const char *key)
{
	struct sync s = {.key = key, .now = time(NULL)};
	char *ns = NULL, *name = NULL;
	int rc;

	(void)arg;
	s.op = ctrl_op_new(dsc.q, key);
	s.ds = inf_get(dsc.sets, key);
	if (!s.ds || ctrl_split_key(key, &ns, &name)) {
		exp_forget(dsc.exp, key);
		goto out;
	}
	if (pod_deleting(s.ds))
		goto out;
	s.ns = ns;
	s.name = name;
	s.create = json_array();
	s.del = NULL;
	s.del = xcalloc(inf_count(dsc.pods) + 1, sizeof(*s.del));
	sync_set(&s);
	if (s.requeue_ms)
		ctrl_op_requeue_after(s.op, s.requeue_ms);
out:
	rc = ctrl_op_finish(s.op);
	json_decref(s.create);
	free(s.del);
	free(s.pods);
	free(s.nodes);
	free(s.rev_name);
	free(ns);
	free(name);
	return rc;
}

/* ---- handlers ---- */

/* The key of the daemon set controlling pod, or NULL. malloc'd. */
static char *owner_key(const json_t *pod)
{
	const json_t *ref = ctrl_controller_ref(pod);

	if (!ref || !str_eq(jx_str(ref, "kind"), "DaemonSet") ||
	    !str_eq(jx_str(ref, "apiVersion"), "apps/v1"))
		return NULL;
	return xasprintf("%s/%s", jx_str(pod, "metadata.namespace"), jx_str(ref, "name"));
}

static void pod_event(const json_t *pod, int add, int del)
{
	char *key = owner_key(pod);

	if (!key)
		return;
	if (add)
		exp_observed_add(dsc.exp, key);
	if (del)
		exp_observed_del(dsc.exp, key);
	if (dsc.q)
		wq_add(dsc.q, key);
	free(key);
}

static void pod_added(void *arg, const json_t *pod)
{
	(void)arg;
	pod_event(pod, 1, 0);
}

static void pod_updated(void *arg, const json_t *old, const json_t *pod)
{
	(void)arg;
	(void)old;
	pod_event(pod, 0, 0);
}

static void pod_deleted(void *arg, const json_t *pod)
{
	(void)arg;
	pod_event(pod, 0, 1);
}

static void enqueue_all(void)
{
	if (!dsc.q)
		return;
	ctrl_enqueue_all(dsc.sets, dsc.q);
}

static void node_changed(void *arg, const json_t *node)
{
	(void)arg;
	(void)node;
	enqueue_all();
}

/* Heartbeats change nodes often; only what eligibility reads matters. */
static void node_updated(void *arg, const json_t *old, const json_t *node)
{
	static const char *const types[] = {"Ready", "MemoryPressure", "DiskPressure",
					    "PIDPressure", "NetworkUnavailable"};
	bool changed = !jx_equal(jx_get(old, "metadata.labels"), jx_get(node, "metadata.labels")) ||
		       !jx_equal(jx_get(old, "spec"), jx_get(node, "spec"));

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]) && !changed; i++)
		changed = !jx_equal(jx_get(cond_get(old, types[i]), "status"),
				    jx_get(cond_get(node, types[i]), "status"));
	if (changed)
		node_changed(arg, node);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_added, pod_updated, pod_deleted, NULL};
	struct inf_handler nh = {node_changed, node_updated, node_changed, NULL};

	(void)err;
	(void)errlen;
	dsc.cm = cm;
	dsc.kc = cm_client(cm, "daemon-set-controller");
	dsc.exp = exp_new();
	hmap_init(&dsc.backoff);
	dsc.rec = cm_recorder(dsc.kc, "daemonset-controller");
	dsc.sets = inf_factory_get(cm->inf, DS_PATH, NULL, NULL);
	dsc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	dsc.nodes = inf_factory_get(cm->inf, "/api/v1/nodes", NULL, NULL);
	dsc.revs = inf_factory_get(cm->inf, REVS_PATH, NULL, NULL);
	ctrl_enqueue_self(dsc.sets, &dsc.q);
	inf_add_handler(dsc.pods, &ph);
	inf_add_handler(dsc.nodes, &nh);
	return 0;
}

static void run(struct cm *cm)
{
	dsc.q = wq_new(cm->base, "daemonset", cm->o->daemonset_syncs, sync, NULL);
	enqueue_all();
}

const struct cm_controller cm_daemonset_controller = {
    .name = "daemonset",
    .init = init,
    .run = run,
};
