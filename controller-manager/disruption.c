/*
 * disruption: keeps each PodDisruptionBudget's status, which the API server's eviction reads:
 * how many selected pods are healthy, how many must stay so (minAvailable, or the controllers'
 * replicas less maxUnavailable; percents round up), and so how many may be disrupted now.
 * Pods named in status.disruptedPods (evicted, not yet gone) are not counted healthy for
 * two minutes. The stale DisruptionTarget condition cleanup of upstream is not done.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "decide.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "recorder.h"
#include "selector.h"

#define PDBS	      "/apis/policy/v1/poddisruptionbudgets"
#define DISRUPT_TTL_S 120

/* The controllers whose replicas make a budget's expected count. */
enum { C_RS, C_DEPLOY, C_STS, C_RC, C_N };
static const struct {
	const char *kind, *group, *path;
} ctrls[C_N] = {
    [C_RS] = {"ReplicaSet", "apps", "/apis/apps/v1/replicasets"},
    [C_DEPLOY] = {"Deployment", "apps", "/apis/apps/v1/deployments"},
    [C_STS] = {"StatefulSet", "apps", "/apis/apps/v1/statefulsets"},
    [C_RC] = {"ReplicationController", "", "/api/v1/replicationcontrollers"},
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *pdbs, *pods, *ctrl[C_N];
	struct wq *q;
	struct rec *rec;
} dc;

/* ---- decisions ---- */

long pdb_scaled(const json_t *v, long total)
{
	long n;

	return jx_int_or_percent(v, total, true, &n) ? -1 : n;
}

static int scaled_or_err(const json_t *v, long total, long *out, char *err, size_t errlen)
{
	if ((*out = pdb_scaled(v, total)) < 0) {
		snprintf(err, errlen,
			 "invalid value for IntOrString: invalid type: string is not a "
			 "percentage");
		return -1;
	}
	return 0;
}

int pdb_compute(const json_t *pdb, size_t npods, long scale, long healthy, struct pdb_counts *c,
		char *err, size_t errlen)
{
	const json_t *maxu = jx_get(pdb, "spec.maxUnavailable");
	const json_t *mina = jx_get(pdb, "spec.minAvailable");
	long v;

	memset(c, 0, sizeof(*c));
	c->healthy = healthy;
	if (maxu && !json_is_null(maxu)) {
		c->expected = scale;
		if (scaled_or_err(maxu, scale, &v, err, errlen))
			return -1;
		c->desired = scale - v > 0 ? scale - v : 0;
	} else if (json_is_integer(mina)) {
		c->desired = (long)json_integer_value(mina);
		c->expected = (long)npods;
	} else if (json_is_string(mina)) {
		c->expected = scale;
		if (scaled_or_err(mina, scale, &c->desired, err, errlen))
			return -1;
	}
	c->allowed = healthy - c->desired;
	if (c->expected <= 0 || c->allowed < 0)
		c->allowed = 0;
	return 0;
}

/* Does the budget need the controllers' scale? */
static bool needs_scale(const json_t *pdb)
{
	const json_t *maxu = jx_get(pdb, "spec.maxUnavailable");

	return (maxu && !json_is_null(maxu)) || json_is_string(jx_get(pdb, "spec.minAvailable"));
}

/* ---- reading the caches ---- */

static const json_t *owner_of(const json_t *ref, const char *ns, int which)
{
	const char *group = ctrls[which].group, *api = jx_str(ref, "apiVersion") ?: "";
	const json_t *o;
	size_t gl = strlen(group);

	if (strcmp(jx_str(ref, "kind") ?: "", ctrls[which].kind))
		return NULL;
	if (gl ? strncmp(api, group, gl) || api[gl] != '/' : strchr(api, '/') != NULL)
		return NULL;
	o = inf_get_ns(dc.ctrl[which], ns, jx_str(ref, "name") ?: "");
	if (!o || strcmp(jx_str(o, "metadata.uid") ?: "", jx_str(ref, "uid") ?: ""))
		return NULL;
	return o;
}

/* The controller that scales the pod's owner, and its replicas; NULL when not found. */
static const json_t *scaler(const json_t *ref, const char *ns)
{
	const json_t *o, *d;

	if ((o = owner_of(ref, ns, C_RS))) {
		d = owner_of(ctrl_controller_ref(o), ns, C_DEPLOY);
		return d ? d : o;
	}
	if ((o = owner_of(ref, ns, C_STS)) || (o = owner_of(ref, ns, C_RC)))
		return o;
	return NULL;
}

/* Sum of the replicas of the selected pods' controllers, each once. -1 with err. */
static long expected_scale(const json_t *pdb, const json_t **pods, size_t n, char *err,
			   size_t errlen)
{
	const char *ns = jx_str(pdb, "metadata.namespace") ?: "";
	json_t *seen = json_object();
	long sum = 0, unmanaged = 0;

	for (size_t i = 0; i < n; i++) {
		const json_t *ref = ctrl_controller_ref(pods[i]), *s;
		if (!ref) {
			unmanaged++;
			continue;
		}
		if (!(s = scaler(ref, ns))) {
			snprintf(err, errlen, "found no controllers for pod \"%s\"",
				 jx_str(pods[i], "metadata.name") ?: "");
			rec_event(dc.rec, pdb, "Warning", "NoControllers", "%s", err);
			sum = -1;
			break;
		}
		if (json_object_get(seen, jx_str(s, "metadata.uid") ?: ""))
			continue;
		json_object_set_new(seen, jx_str(s, "metadata.uid") ?: "", json_true());
		sum += (long)jx_int(s, "spec.replicas", 1);
	}
	if (unmanaged && sum >= 0) {
		char *sel = jx_dump(jx_get(pdb, "spec.selector"));
		rec_event(dc.rec, pdb, "Warning", "UnmanagedPods",
			  "Pods selected by this PodDisruptionBudget (selector: %s) were found to "
			  "be unmanaged. As a result, the status of the PDB cannot be calculated "
			  "correctly, which may result in undefined behavior. To account for these "
			  "pods please set \".spec.minAvailable\" field of the PDB to an integer "
			  "value.",
			  sel ? sel : "");
		free(sel);
	}
	json_decref(seen);
	return sum;
}

/* The budget's pods. *out malloc'd (borrowed pointers). */
static size_t selected(const json_t *pdb, const json_t ***out)
{
	const json_t **pods;
	struct lsel *sel = NULL;
	char *err = NULL;
	size_t n, k = 0;

	n = inf_by_index(dc.pods, INF_INDEX_NAMESPACE, jx_str(pdb, "metadata.namespace") ?: "",
			 &pods);
	if (lsel_from_json(jx_get(pdb, "spec.selector"), &sel, &err))
		n = 0;
	for (size_t i = 0; i < n; i++)
		if (lsel_match_json(sel, jx_get(pods[i], "metadata.labels")))
			pods[k++] = pods[i];
	lsel_free(sel);
	free(err);
	*out = pods;
	return k;
}

/* status.disruptedPods kept: still there, not deleting, younger than two minutes. Returns
 * the new map; *recheck is the seconds until the first entry expires (0: none). */
static json_t *disrupted(const json_t *pdb, const json_t **pods, size_t n, time_t now,
			 long *recheck)
{
	const json_t *old = jx_get(pdb, "status.disruptedPods");
	json_t *out = json_object();
	struct timespec ts;

	*recheck = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = jx_str(pods[i], "metadata.name") ?: "";
		const char *when = json_string_value(json_object_get(old, name));
		long left;
		if (!when || pod_deleting(pods[i]) || kt_parse(when, &ts))
			continue;
		left = (long)(ts.tv_sec + DISRUPT_TTL_S - now);
		if (left <= 0)
			continue;
		json_object_set_new(out, name, json_string(when));
		if (!*recheck || left < *recheck)
			*recheck = left;
	}
	return out;
}

static long healthy_count(const json_t **pods, size_t n, const json_t *dis)
{
	long h = 0;

	for (size_t i = 0; i < n; i++)
		if (!pod_deleting(pods[i]) &&
		    !json_object_get(dis, jx_str(pods[i], "metadata.name") ?: "") &&
		    pod_ready(pods[i]))
			h++;
	return h;
}

/* ---- writing status ---- */

static void put_status(struct ctrl_op *op, const json_t *pdb, json_t *status)
{
	json_t *copy = json_deep_copy(pdb);
	char *path;

	if (jx_equal(jx_get(pdb, "status"), status)) {
		json_decref(copy);
		json_decref(status);
		return;
	}
	jx_set(copy, "status", status);
	path =
	    xasprintf("/apis/policy/v1/namespaces/%s/poddisruptionbudgets/%s/status",
		      jx_str(pdb, "metadata.namespace") ?: "", jx_str(pdb, "metadata.name") ?: "");
	ctrl_op_update(op, dc.kc, path, copy);
	free(path);
	json_decref(copy);
}

/* status with the DisruptionAllowed condition set from what the budget had. */
static void set_condition(json_t *status, const json_t *pdb, bool ok, const char *reason,
			  const char *msg)
{
	const json_t *old = jx_get(pdb, "status.conditions");
	json_t *holder;

	if (json_is_array(old))
		json_object_set_new(status, "conditions", json_deep_copy(old));
	holder = json_pack("{s:O}", "status", status); /* cond_set works on status.conditions */
	cond_set(holder, "DisruptionAllowed", ok ? "True" : "False", reason, msg, NULL);
	json_decref(holder);
}

static void fail_safe(struct ctrl_op *op, const json_t *pdb, const char *why)
{
	json_t *status = json_deep_copy(jx_get(pdb, "status"));

	if (!json_is_object(status)) {
		json_decref(status);
		status = json_object();
	}
	json_object_set_new(status, "disruptionsAllowed", json_integer(0));
	set_condition(status, pdb, false, "SyncFailed", why);
	put_status(op, pdb, status);
}

/* The counts, or -1 with err when the expected count cannot be known. */
static int counts(const json_t *pdb, const json_t **pods, size_t n, const json_t *dis,
		  struct pdb_counts *c, char *err, size_t errlen)
{
	long scale = -1;

	if (needs_scale(pdb) && (scale = expected_scale(pdb, pods, n, err, errlen)) < 0)
		return -1;
	if (pdb_compute(pdb, n, scale, healthy_count(pods, n, dis), c, err, errlen)) {
		rec_event(dc.rec, pdb, "Warning", "CalculateExpectedPodCountFailed",
			  "Failed to calculate the number of expected pods: %s", err);
		return -1;
	}
	return 0;
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(dc.q, key);
	const json_t *pdb = inf_get(dc.pdbs, key), **pods = NULL;
	struct pdb_counts c;
	json_t *dis = NULL, *status;
	long recheck;
	char err[256];
	size_t n;

	(void)arg;
	if (!pdb)
		goto out;
	n = selected(pdb, &pods);
	if (!n)
		rec_event(dc.rec, pdb, "Normal", "NoPods", "No matching pods found");
	dis = disrupted(pdb, pods, n, time(NULL), &recheck);
	if (counts(pdb, pods, n, dis, &c, err, sizeof(err))) {
		fail_safe(op, pdb, err);
		ctrl_op_fail(op);
		goto out;
	}
	status = json_pack("{s:I, s:I, s:I, s:I, s:I}", "observedGeneration",
			   jx_int(pdb, "metadata.generation", 0), "disruptionsAllowed",
			   (json_int_t)c.allowed, "currentHealthy", (json_int_t)c.healthy,
			   "desiredHealthy", (json_int_t)c.desired, "expectedPods",
			   (json_int_t)c.expected);
	if (json_object_size(dis))
		json_object_set(status, "disruptedPods", dis);
	set_condition(status, pdb, c.allowed > 0,
		      c.allowed > 0 ? "SufficientPods" : "InsufficientPods", "");
	put_status(op, pdb, status);
	if (recheck > 0)
		ctrl_op_requeue_after(op, recheck * 1000);
out:
	json_decref(dis);
	free(pods);
	return ctrl_op_finish(op);
}

/* ---- wiring ---- */

static void budgets_of_ns(const char *ns)
{
	const json_t **pdbs;
	size_t n;

	if (!dc.q || !ns)
		return;
	n = inf_by_index(dc.pdbs, INF_INDEX_NAMESPACE, ns, &pdbs);
	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(dc.q, pdbs[i]);
	free(pdbs);
}

static void obj_changed(void *arg, const json_t *obj)
{
	(void)arg;
	budgets_of_ns(jx_str(obj, "metadata.namespace"));
}

static void obj_updated(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	obj_changed(arg, obj);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler h = {obj_changed, obj_updated, obj_changed, NULL};

	(void)err;
	(void)errlen;
	dc.cm = cm;
	dc.kc = cm_client(cm, "disruption-controller");
	dc.pdbs = inf_factory_get(cm->inf, PDBS, NULL, NULL);
	dc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	inf_add_handler(dc.pods, &h);
	for (int i = 0; i < C_N; i++) {
		dc.ctrl[i] = inf_factory_get(cm->inf, ctrls[i].path, NULL, NULL);
		inf_add_handler(dc.ctrl[i], &h);
	}
	/* Upstream's source has no "-controller" suffix, which cm_recorder would add. */
	dc.rec = rec_new(dc.kc, "controllermanager", NULL);
	return 0;
}

static void run(struct cm *cm)
{
	dc.q = wq_new(cm->base, "disruption", 1, sync, NULL);
	ctrl_enqueue_self(dc.pdbs, &dc.q);
}

const struct cm_controller cm_disruption_controller = {
    .name = "disruption",
    .init = init,
    .run = run,
};
