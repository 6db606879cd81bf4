/*
 * taint-eviction-controller: deletes pods from nodes with NoExecute taints they do not
 * tolerate: at once when some taint is not tolerated at all, or once the shortest
 * tolerationSeconds of the tolerations used has passed since the taint was first seen here.
 * The pod is marked DisruptionTarget (DeletionByTaintManager) before the delete.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "decide.h"
#include "hmap.h"
#include "jsonx.h"
#include "log.h"
#include "pod.h"
#include "recorder.h"

/* An eviction waiting for tolerationSeconds: when it was first planned (monotonic). */
struct planned {
	char *key;
	double since;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *nodes, *pods;
	struct wq *q;
	struct rec *rec;
	struct hmap planned;
} te;

/* ---- decisions ---- */

bool te_tolerates(const json_t *tol, const json_t *taint)
{
	const char *effect = jx_str(tol, "effect"), *key = jx_str(tol, "key");
	const char *op = jx_str(tol, "operator") ?: "";

	if (effect && *effect && strcmp(effect, jx_str(taint, "effect") ?: ""))
		return false;
	if (key && *key && strcmp(key, jx_str(taint, "key") ?: ""))
		return false;
	if (!strcmp(op, "Exists"))
		return true;
	if (*op && strcmp(op, "Equal"))
		return false;
	return !strcmp(jx_str(tol, "value") ?: "", jx_str(taint, "value") ?: "");
}

/* The first toleration that tolerates taint, or NULL. */
static const json_t *tolerating(const json_t *tolerations, const json_t *taint)
{
	size_t i;
	json_t *t;

	json_array_foreach(tolerations, i, t) if (te_tolerates(t, taint)) return t;
	return NULL;
}

long te_eviction_delay(const json_t *taints, const json_t *tolerations)
{
	long min = -1;
	size_t i;
	json_t *taint;

	json_array_foreach(taints, i, taint)
	{
		const json_t *tol, *secs;
		long s;

		if (strcmp(jx_str(taint, "effect") ?: "", "NoExecute"))
			continue;
		if (!(tol = tolerating(tolerations, taint)))
			return -2;
		secs = json_object_get(tol, "tolerationSeconds");
		if (!json_is_integer(secs))
			continue;
		s = json_integer_value(secs) > 0 ? (long)json_integer_value(secs) : 0;
		if (min < 0 || s < min)
			min = s;
	}
	return min;
}

/* ---- plans ---- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct planned *plan(const char *key)
{
	struct planned *p = hmap_get(&te.planned, key);

	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->key = xstrdup(key);
		p->since = mono();
		hmap_put(&te.planned, p->key, p);
	}
	return p;
}

static bool unplan(const char *key)
{
	struct planned *p = hmap_del(&te.planned, key);

	if (!p)
		return false;
	free(p->key);
	free(p);
	return true;
}

static void cancel(const json_t *pod, const char *key)
{
	if (unplan(key) && pod)
		rec_event(te.rec, pod, "Normal", "TaintManagerEviction",
			  "Cancelling deletion of Pod %s", key);
}

/* ---- writes ---- */

static void evict(struct ctrl_op *op, const json_t *pod, const char *key)
{
	const char *ns = jx_str(pod, "metadata.namespace") ?: "";
	const char *name = jx_str(pod, "metadata.name") ?: "";
	json_t *copy = json_deep_copy(pod), *patch;
	char *path = xasprintf("/api/v1/namespaces/%s/pods/%s", ns, name), *spath;

	log_info("taint eviction: deleting pod %s", key);
	rec_event(te.rec, pod, "Normal", "TaintManagerEviction", "Marking for deletion Pod %s",
		  key);
	if (cond_set(copy, "DisruptionTarget", "True", "DeletionByTaintManager",
		     "Taint manager: deleting due to NoExecute taint", NULL)) {
		patch = json_pack("{s:{s:O}}", "status", "conditions",
				  jx_get(copy, "status.conditions"));
		spath = xasprintf("%s/status", path);
		ctrl_op_patch(op, te.kc, spath, KC_PATCH_MERGE, patch);
		json_decref(patch);
		free(spath);
	}
	ctrl_op_delete(op, te.kc, path, NULL);
	unplan(key);
	free(path);
	json_decref(copy);
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(te.q, key);
	const json_t *pod = inf_get(te.pods, key), *node = NULL;
	const char *nodename = jx_str(pod, "spec.nodeName");
	long delay;
	double left;

	(void)arg;
	if (!pod || !nodename || !*nodename || pod_deleting(pod)) {
		unplan(key);
		goto out;
	}
	node = inf_get(te.nodes, nodename);
	delay = te_eviction_delay(jx_get(node, "spec.taints"), jx_get(pod, "spec.tolerations"));
	if (delay == -1) {
		cancel(pod, key);
	} else if (delay == -2) {
		evict(op, pod, key);
	} else {
		left = plan(key)->since + (double)delay - mono();
		if (left <= 0)
			evict(op, pod, key);
		else
			ctrl_op_requeue_after(op, (long)(left * 1000) + 1);
	}
out:
	return ctrl_op_finish(op);
}

/* ---- wiring ---- */

static void pod_added(void *arg, const json_t *pod)
{
	(void)arg;
	if (te.q && jx_str(pod, "spec.nodeName"))
		ctrl_enqueue(te.q, pod);
}

static void pod_updated(void *arg, const json_t *old, const json_t *pod)
{
	(void)old;
	pod_added(arg, pod);
}

static void pods_of(const json_t *node)
{
	const json_t **pods;
	size_t n;

	if (!te.q || !jx_str(node, "metadata.name"))
		return;
	n = inf_by_index(te.pods, INF_INDEX_NODE_NAME, jx_str(node, "metadata.name"), &pods);
	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(te.q, pods[i]);
	free(pods);
}

static void node_added(void *arg, const json_t *node)
{
	(void)arg;
	pods_of(node);
}

static void node_updated(void *arg, const json_t *old, const json_t *node)
{
	(void)arg;
	if (!jx_equal(jx_get(old, "spec.taints"), jx_get(node, "spec.taints")))
		pods_of(node);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_added, pod_updated, pod_added, NULL};
	struct inf_handler nh = {node_added, node_updated, node_added, NULL};

	(void)err;
	(void)errlen;
	te.cm = cm;
	/* Upstream gives it the node-controller account and role. */
	te.kc = cm_client(cm, "node-controller");
	hmap_init(&te.planned);
	te.nodes = inf_factory_get(cm->inf, "/api/v1/nodes", NULL, NULL);
	te.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	inf_add_index(te.pods, INF_INDEX_NODE_NAME, inf_index_node_name);
	inf_add_handler(te.pods, &ph);
	inf_add_handler(te.nodes, &nh);
	te.rec = cm_recorder(te.kc, "taint-eviction-controller");
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **pods;
	size_t n;

	te.q = wq_new(cm->base, "taint-eviction-controller", 8, sync, NULL);
	n = inf_list(te.pods, &pods);
	for (size_t i = 0; i < n; i++)
		pod_added(NULL, pods[i]);
	free(pods);
}

const struct cm_controller cm_tainteviction_controller = {
    .name = "taint-eviction-controller",
    .init = init,
    .run = run,
};
