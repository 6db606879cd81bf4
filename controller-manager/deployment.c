/*
 * The Deployment controller: claims a Deployment's ReplicaSets, lets deployment_rollout.c
 * decide one step of the rollout on copies, and writes what changed -- ReplicaSets created,
 * scaled or deleted, then the Deployment's status. Every ReplicaSet write carries the cached
 * resourceVersion, so a decision made on a stale cache conflicts and is retried.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "controller.h"
#include "deployment.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "podctl.h"
#include "recorder.h"
#include "selector.h"
#include "workqueue.h"

#define RS_PATH "/apis/apps/v1/replicasets"

struct dc {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *deps, *rss, *pods;
	struct wq *q; /* made by run: nothing is synced before */
	struct rec *rec;
};

static struct dc dc;

/* ---- handlers ---- */

static void enqueue(const json_t *obj)
{
	if (dc.q && obj)
		ctrl_enqueue(dc.q, obj);
}

/* The Deployment obj's controller reference names, if it is still there. */
static const json_t *owning_deployment(const json_t *obj, struct inf *owners, const char *kind)
{
	const json_t *ref = ctrl_controller_ref(obj), *o;
	const char *k = jx_str(ref, "kind"), *name = jx_str(ref, "name"), *uid = jx_str(ref, "uid");
	const char *ns = jx_str(obj, "metadata.namespace");

	if (!k || strcmp(k, kind) || !name || !uid || !ns)
		return NULL;
	o = inf_get_ns(owners, ns, name);
	if (!o || strcmp(uid, jx_str(o, "metadata.uid") ? jx_str(o, "metadata.uid") : ""))
		return NULL;
	return o;
}

/* An orphan ReplicaSet: every Deployment that would adopt it. */
static void enqueue_adopters(const json_t *rs)
{
	const char *ns = jx_str(rs, "metadata.namespace");
	const json_t **deps = NULL;
	size_t n;

	if (!ns || jx_get(rs, "metadata.deletionTimestamp"))
		return;
	n = inf_by_index(dc.deps, INF_INDEX_NAMESPACE, ns, &deps);
	for (size_t i = 0; i < n; i++) {
		struct lsel *sel = NULL;
		char *err = NULL;

		if (!lsel_from_json(jx_get(deps[i], "spec.selector"), &sel, &err) &&
		    !lsel_empty(sel) && lsel_match_json(sel, jx_get(rs, "metadata.labels")))
			enqueue(deps[i]);
		lsel_free(sel);
		free(err);
	}
	free(deps);
}

static void rs_added(void *arg, const json_t *rs)
{
	(void)arg;
	if (ctrl_controller_ref(rs))
		enqueue(owning_deployment(rs, dc.deps, "Deployment"));
	else
		enqueue_adopters(rs);
}

static void rs_updated(void *arg, const json_t *old, const json_t *cur)
{
	(void)arg;
	if (jx_equal(jx_get(old, "metadata.resourceVersion"),
		     jx_get(cur, "metadata.resourceVersion")))
		return;
	if (!jx_equal(ctrl_controller_ref(old), ctrl_controller_ref(cur)))
		enqueue(owning_deployment(old, dc.deps, "Deployment"));
	rs_added(NULL, cur);
}

static void rs_deleted(void *arg, const json_t *rs)
{
	(void)arg;
	enqueue(owning_deployment(rs, dc.deps, "Deployment"));
}

/* A Recreate rollout waits for the old pods to be gone. */
static void pod_deleted(void *arg, const json_t *pod)
{
	const json_t *rs = owning_deployment(pod, dc.rss, "ReplicaSet"), *d;
	const char *type;

	(void)arg;
	if (!rs || !(d = owning_deployment(rs, dc.deps, "Deployment")))
		return;
	type = jx_str(d, "spec.strategy.type");
	if (type && !strcmp(type, "Recreate"))
		enqueue(d);
}

/* ---- writes ---- */

/* One ReplicaSet write; its scaling event is recorded once it succeeded. */
struct rs_write {
	json_t *d;
	char *name;
	long from, to;
	bool create;
};

static bool rs_written(void *arg, int code, json_t *body, const char *err)
{
	struct rs_write *w = arg;
	bool ok = code >= 200 && code < 300;

	(void)body;
	if (ok && w->from != w->to)
		rec_event(dc.rec, w->d, "Normal", "ScalingReplicaSet",
			  "Scaled %s replica set %s from %ld to %ld",
			  w->to > w->from ? "up" : "down", w->name, w->from, w->to);
	if (!ok && w->create && code != 409)
		rec_event(dc.rec, w->d, "Warning", "ReplicaSetCreateError",
			  "Failed to create new replica set \"%s\": %s", w->name,
			  err ? err : "unknown error");
	json_decref(w->d);
	free(w->name);
	free(w);
	return ok;
}

static void write_rs(struct ctrl_op *op, const json_t *d, const struct dep_rs *r)
{
	const char *ns = jx_str(r->obj, "metadata.namespace");
	const char *name = jx_str(r->obj, "metadata.name");
	char *coll = xasprintf("/apis/apps/v1/namespaces/%s/replicasets", ns ? ns : "");
	char *path = xasprintf("%s/%s", coll, name ? name : "");
	struct rs_write *w;

	if (r->remove) {
		ctrl_op_delete(op, dc.kc, path, NULL);
		goto out;
	}
	if (!r->create && !r->dirty)
		goto out;
	w = xcalloc(1, sizeof(*w));
	w->d = json_incref((json_t *)d);
	w->name = xstrdup(name ? name : "");
	w->from = r->create ? 0 : r->scaled_from;
	w->to = (long)jx_int(r->obj, "spec.replicas", 1);
	w->create = r->create;
	ctrl_op_request(op, dc.kc, r->create ? "POST" : "PUT", r->create ? coll : path, NULL,
			r->obj, rs_written, w);
out:
	free(coll);
	free(path);
}

/*
 * The Deployment is written through its status, annotations included, as upstream. An API
 * server that keeps only the status from such a write (this one, for now) answers without
 * the new revision annotation: then it goes through the main resource as well.
 */
struct dep_write {
	struct ctrl_op *op;
	char *path;
	char *revision; /* wanted, or NULL */
};

static bool status_written(void *arg, int code, json_t *body, const char *err)
{
	struct dep_write *w = arg;
	bool ok = code >= 200 && code < 300;
	const char *got =
	    json_string_value(json_object_get(jx_get(body, "metadata.annotations"), DEP_REVISION));
	json_t *patch;

	(void)err;
	if (ok && w->revision && (!got || strcmp(got, w->revision))) {
		patch = json_pack("{s:{s:{s:s}}}", "metadata", "annotations", DEP_REVISION,
				  w->revision);
		ctrl_op_patch(w->op, dc.kc, w->path, KC_PATCH_MERGE, patch);
		json_decref(patch);
	}
	free(w->revision);
	free(w->path);
	free(w);
	return ok;
}

/* The revision annotation d should get, when the cached Deployment lacks it. */
static const char *new_revision(const json_t *cached, const json_t *d)
{
	const char *want =
	    json_string_value(json_object_get(jx_get(d, "metadata.annotations"), DEP_REVISION));
	const char *have = json_string_value(
	    json_object_get(jx_get(cached, "metadata.annotations"), DEP_REVISION));

	return want && (!have || strcmp(have, want)) ? want : NULL;
}

static void write_deployment(struct ctrl_op *op, const json_t *cached, const json_t *d)
{
	const char *rev = new_revision(cached, d);
	struct dep_write *w;
	char *status;

	if (!rev &&
	    dep_status_equal(json_object_get(cached, "status"), json_object_get(d, "status")))
		return;
	w = xcalloc(1, sizeof(*w));
	w->op = op;
	w->path = xasprintf("/apis/apps/v1/namespaces/%s/deployments/%s",
			    jx_str(d, "metadata.namespace"), jx_str(d, "metadata.name"));
	w->revision = rev ? xstrdup(rev) : NULL;
	status = xasprintf("%s/status", w->path);
	ctrl_op_request(op, dc.kc, "PUT", status, NULL, d, status_written, w);
	free(status);
}

/* ---- sync ---- */

/* An empty selector would take every pod in the namespace: refuse, as upstream. */
static void selecting_all(struct ctrl_op *op, const json_t *d)
{
	json_t *copy;

	rec_event(dc.rec, d, "Warning", "SelectingAll",
		  "This deployment is selecting all pods. A non-empty selector is required.");
	if (jx_int(d, "status.observedGeneration", 0) >= jx_int(d, "metadata.generation", 0))
		return;
	copy = json_deep_copy(d);
	jx_set(copy, "status.observedGeneration",
	       json_integer(jx_int(d, "metadata.generation", 0)));
	write_deployment(op, d, copy);
	json_decref(copy);
}

static void reconcile(struct ctrl_op *op, const json_t *d, const struct lsel *sel)
{
	const char *ns = jx_str(d, "metadata.namespace");
	const json_t **rs = NULL, **owned = NULL, **pods = NULL;
	struct dep_ctx x = {0};
	size_t nrs, nown;

	nrs = inf_by_index(dc.rss, INF_INDEX_NAMESPACE, ns, &rs);
	nown = podctl_claim(op, dc.kc, d, sel, rs, nrs, "apps/v1/replicasets", &owned);
	x.ns_rs = rs;
	x.n_ns_rs = nrs;
	x.npods = inf_by_index(dc.pods, INF_INDEX_NAMESPACE, ns, &pods);
	x.pods = pods;
	x.now = time(NULL);
	x.status_only = jx_get(d, "metadata.deletionTimestamp") != NULL;
	dep_ctx_init(&x, d, owned, nown);
	dep_reconcile(&x);
	for (size_t i = 0; i < x.nrs; i++)
		write_rs(op, d, &x.rs[i]);
	write_deployment(op, d, x.d);
	if (x.requeue_ms > 0)
		ctrl_op_requeue_after(op, x.requeue_ms);
	dep_ctx_free(&x);
	free(rs);
	free(owned);
	free(pods);
}

static int dep_sync(void *arg, const char *key)
{
	const json_t *d = inf_get(dc.deps, key);
	struct ctrl_op *op;
	struct lsel *sel = NULL;
	char *err = NULL;

	(void)arg;
	if (!d || !jx_str(d, "metadata.namespace"))
		return WQ_OK;
	op = ctrl_op_new(dc.q, key);
	if (lsel_from_json(jx_get(d, "spec.selector"), &sel, &err)) {
		log_v(2, "deployment %s: invalid selector: %s", key, err ? err : "");
		free(err);
	} else if (lsel_empty(sel)) {
		selecting_all(op, d);
	} else {
		reconcile(op, d, sel);
	}
	lsel_free(sel);
	return ctrl_op_finish(op);
}

/* ---- wiring ---- */

static int dc_init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler rh = {rs_added, rs_updated, rs_deleted, NULL};
	struct inf_handler ph = {NULL, NULL, pod_deleted, NULL};

	(void)err;
	(void)errlen;
	dc.cm = cm;
	dc.kc = cm_client(cm, "deployment-controller");
	dc.deps = inf_factory_get(cm->inf, "/apis/apps/v1/deployments", NULL, NULL);
	dc.rss = inf_factory_get(cm->inf, RS_PATH, NULL, NULL);
	dc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	dc.rec = cm_recorder(dc.kc, "deployment");
	ctrl_enqueue_self(dc.deps, &dc.q);
	inf_add_handler(dc.rss, &rh);
	inf_add_handler(dc.pods, &ph);
	return 0;
}

static void dc_run(struct cm *cm)
{
	const json_t **deps = NULL;
	size_t n;

	dc.q = wq_new(cm->base, "deployment", cm->o->deployment_syncs, dep_sync, NULL);
	n = inf_list(dc.deps, &deps);
	for (size_t i = 0; i < n; i++)
		enqueue(deps[i]);
	free(deps);
}

const struct cm_controller cm_deployment_controller = {
    .name = "deployment",
    .init = dc_init,
    .run = dc_run,
};
