/*
 * pod-garbage-collector: every 20 s, force-deletes pods nothing else will ever finish:
 * terminated pods beyond --terminated-pod-gc-threshold (oldest first), pods bound to nodes
 * that are gone (after 40 s of quarantine and a GET that confirms the node is gone),
 * terminating pods that were never scheduled, and terminating pods on a not-ready node with
 * the node.kubernetes.io/out-of-service taint. Live pods are marked Failed first, as upstream.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "decide.h"
#include "informer.h"
#include "hmap.h"
#include "jsonx.h"
#include "log.h"
#include "pod.h"

#define GC_PERIOD_MS   20000
#define QUARANTINE_S   40.0
#define OUT_OF_SERVICE "node.kubernetes.io/out-of-service"

/* A node the cache does not know, since when (monotonic). */
struct missing {
	char *name;
	double since;
	bool checking;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *pods, *nodes;
	struct event *tick;
	struct hmap missing;
	int busy; /* requests of the last pass still out */
} gc;

/* ---- decisions ---- */

static int by_creation(const void *a, const void *b)
{
	const char *x = jx_str(*(const json_t *const *)a, "metadata.creationTimestamp") ?: "";
	const char *y = jx_str(*(const json_t *const *)b, "metadata.creationTimestamp") ?: "";

	return strcmp(x, y);
}

size_t podgc_terminated_victims(const json_t *const *pods, size_t n, int threshold,
				const json_t ***out)
{
	const json_t **term = xcalloc(n + 1, sizeof(*term));
	size_t nterm = 0, nvict;

	for (size_t i = 0; i < n; i++)
		if (pod_terminal(pods[i]))
			term[nterm++] = pods[i];
	if (threshold <= 0 || nterm <= (size_t)threshold) {
		nvict = 0;
	} else {
		nvict = nterm - (size_t)threshold;
		qsort(term, nterm, sizeof(*term), by_creation);
	}
	*out = term;
	return nvict;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- writes: mark Failed, then force-delete ---- */

struct victim {
	char *path;
};

static void deleted(void *arg, int code, json_t *body, const char *err)
{
	struct victim *v = arg;

	(void)body;
	if (code != 200 && code != 404)
		log_warn("podgc: deleting %s: %s", v->path, err ? err : "failed");
	gc.busy--;
	free(v->path);
	free(v);
}

static void force_delete(struct victim *v)
{
	json_t *opts = json_pack("{s:s, s:s, s:i}", "kind", "DeleteOptions", "apiVersion", "v1",
				 "gracePeriodSeconds", 0);

	kc_delete(gc.kc, v->path, opts, deleted, v);
	json_decref(opts);
}

static void marked(void *arg, int code, json_t *body, const char *err)
{
	(void)code;
	(void)body;
	(void)err;
	force_delete(arg);
}

/* reason NULL: no DisruptionTarget condition. */
static void collect(const json_t *pod, const char *reason, const char *message)
{
	struct victim *v = xcalloc(1, sizeof(*v));
	json_t *copy, *patch;
	char *spath;

	v->path =
	    xasprintf("/api/v1/namespaces/%s/pods/%s", jx_str(pod, "metadata.namespace") ?: "",
		      jx_str(pod, "metadata.name") ?: "");
	log_info("podgc: force-deleting pod %s", v->path);
	gc.busy++;
	if (pod_terminal(pod)) {
		force_delete(v);
		return;
	}
	copy = json_deep_copy(pod);
	if (reason)
		cond_set(copy, "DisruptionTarget", "True", reason, message, NULL);
	patch = json_pack("{s:{s:s, s:O*}}", "status", "phase", "Failed", "conditions",
			  jx_get(copy, "status.conditions"));
	spath = xasprintf("%s/status", v->path);
	kc_patch(gc.kc, spath, KC_PATCH_MERGE, patch, marked, v);
	free(spath);
	json_decref(patch);
	json_decref(copy);
}

/* ---- the passes ---- */

static void gc_terminated(const json_t **pods, size_t n)
{
	const json_t **victims;
	size_t nv =
	    podgc_terminated_victims(pods, n, gc.cm->o->terminated_pod_gc_threshold, &victims);

	for (size_t i = 0; i < nv; i++)
		collect(victims[i], NULL, NULL);
	free(victims);
}

static bool has_taint(const json_t *node, const char *key)
{
	size_t i;
	json_t *t;

	json_array_foreach(jx_get(node, "spec.taints"), i,
			   t) if (!strcmp(jx_str(t, "key") ?: "", key)) return true;
	return false;
}

static void gc_terminating(const json_t **pods, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *nn = jx_str(pods[i], "spec.nodeName");
		const json_t *node;

		if (!pod_deleting(pods[i]))
			continue;
		if (!nn || !*nn) {
			collect(pods[i], NULL, NULL);
			continue;
		}
		node = inf_get(gc.nodes, nn);
		if (node && !cond_true(node, "Ready") && has_taint(node, OUT_OF_SERVICE))
			collect(pods[i], "DeletionByPodGC", "PodGC: node is out of service");
	}
}

static void node_checked(void *arg, int code, json_t *body, const char *err)
{
	struct missing *m = arg;
	const json_t **pods;
	size_t n;

	(void)body;
	(void)err;
	m->checking = false;
	gc.busy--;
	if (code != 404 || inf_get(gc.nodes, m->name))
		return;
	n = inf_list(gc.pods, &pods);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(jx_str(pods[i], "spec.nodeName") ?: "", m->name))
			collect(pods[i], "DeletionByPodGC", "PodGC: node no longer exists");
	free(pods);
	hmap_del(&gc.missing, m->name);
	free(m->name);
	free(m);
}

static void gc_orphans(const json_t **pods, size_t n)
{
	double now = mono();

	for (size_t i = 0; i < n; i++) {
		const char *nn = jx_str(pods[i], "spec.nodeName");
		struct missing *m;

		if (!nn || !*nn || inf_get(gc.nodes, nn))
			continue;
		if (!(m = hmap_get(&gc.missing, nn))) {
			m = xcalloc(1, sizeof(*m));
			m->name = xstrdup(nn);
			m->since = now;
			hmap_put(&gc.missing, m->name, m);
		}
		if (m->checking || now - m->since < QUARANTINE_S)
			continue;
		/* The cache may lag: ask the API server before deleting anything. */
		char *path = xasprintf("/api/v1/nodes/%s", nn);
		m->checking = true;
		gc.busy++;
		kc_get(gc.kc, path, node_checked, m);
		free(path);
	}
}

/* Nodes back in the cache leave quarantine. */
static void gc_unquarantine(void)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&gc.missing, i, &k, &v));) {
		struct missing *m = v;
		if (!m->checking && inf_get(gc.nodes, m->name)) {
			hmap_del(&gc.missing, m->name);
			free(m->name);
			free(m);
		}
	}
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	const json_t **pods;
	size_t n;

	(void)fd;
	(void)what;
	(void)arg;
	if (gc.busy > 0)
		return; /* the last pass is still being written */
	gc_unquarantine();
	n = inf_list(gc.pods, &pods);
	gc_terminated(pods, n);
	gc_terminating(pods, n);
	gc_orphans(pods, n);
	free(pods);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	gc.cm = cm;
	gc.kc = cm_client(cm, "pod-garbage-collector");
	hmap_init(&gc.missing);
	gc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	gc.nodes = inf_factory_get(cm->inf, "/api/v1/nodes", NULL, NULL);
	return 0;
}

static void run(struct cm *cm)
{
	struct timeval tv = {GC_PERIOD_MS / 1000, 0};

	gc.tick = event_new(cm->base, -1, EV_PERSIST, tick, NULL);
	event_add(gc.tick, &tv);
	tick(-1, 0, NULL);
}

const struct cm_controller cm_podgc_controller = {
    .name = "pod-garbage-collector",
    .init = init,
    .run = run,
};
