/*
 * resourcequota: keeps every ResourceQuota's status true: hard as in the spec, used as
 * counted from the objects in its namespace that its scopes select. The API server's quota
 * admission charges usage as objects are created; this recounts after deletes, phase
 * changes and anything admission cannot see, when objects change and every
 * --resource-quota-sync-period.
 *
 * Objects are counted from informers made only for the kinds some quota limits. Kinds
 * outside the table below (custom resources) are not counted. What each object is charged
 * comes from common/quota.c, as the admission plugin charges it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "controller.h"
#include "decide.h"
#include "jsonx.h"
#include "quota.h"
#include "log.h"
#include "quantity.h"
#include "rlist.h"

#define QUOTAS "/api/v1/resourcequotas"

/* A kind quota counts: its group-resource ("deployments.apps") and collection. */
static struct rq_kind {
	const char *resource, *path;
	struct inf *inf;
} kinds[] = {
    {"pods", "/api/v1/pods", NULL},
    {"services", "/api/v1/services", NULL},
    {"persistentvolumeclaims", "/api/v1/persistentvolumeclaims", NULL},
    {"configmaps", "/api/v1/configmaps", NULL},
    {"secrets", "/api/v1/secrets", NULL},
    {"replicationcontrollers", "/api/v1/replicationcontrollers", NULL},
    {"resourcequotas", QUOTAS, NULL},
    {"serviceaccounts", "/api/v1/serviceaccounts", NULL},
    {"limitranges", "/api/v1/limitranges", NULL},
    {"podtemplates", "/api/v1/podtemplates", NULL},
    {"endpoints", "/api/v1/endpoints", NULL},
    {"deployments.apps", "/apis/apps/v1/deployments", NULL},
    {"replicasets.apps", "/apis/apps/v1/replicasets", NULL},
    {"statefulsets.apps", "/apis/apps/v1/statefulsets", NULL},
    {"daemonsets.apps", "/apis/apps/v1/daemonsets", NULL},
    {"controllerrevisions.apps", "/apis/apps/v1/controllerrevisions", NULL},
    {"jobs.batch", "/apis/batch/v1/jobs", NULL},
    {"cronjobs.batch", "/apis/batch/v1/cronjobs", NULL},
    {"horizontalpodautoscalers.autoscaling", "/apis/autoscaling/v2/horizontalpodautoscalers", NULL},
    {"poddisruptionbudgets.policy", "/apis/policy/v1/poddisruptionbudgets", NULL},
    {"ingresses.networking.k8s.io", "/apis/networking.k8s.io/v1/ingresses", NULL},
    {"networkpolicies.networking.k8s.io", "/apis/networking.k8s.io/v1/networkpolicies", NULL},
    {"roles.rbac.authorization.k8s.io", "/apis/rbac.authorization.k8s.io/v1/roles", NULL},
    {"rolebindings.rbac.authorization.k8s.io", "/apis/rbac.authorization.k8s.io/v1/rolebindings",
     NULL},
    {"leases.coordination.k8s.io", "/apis/coordination.k8s.io/v1/leases", NULL},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *quotas;
	struct wq *q;
	struct event *tick;
} rq;

/* ---- resource lists ---- */

void rq_add(json_t *used, const json_t *usage, const json_t *hard)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)usage, k, v) if (json_object_get(hard, k))
	    rl_add_value(used, k, v);
}

json_t *rq_zero(const json_t *hard)
{
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)hard, k, v) json_object_set_new(out, k, json_string("0"));
	return out;
}

bool rq_equal(const json_t *a, const json_t *b)
{
	const char *k;
	json_t *v;
	struct qty x, y;

	if (!json_is_object(a) || !json_is_object(b) || json_object_size(a) != json_object_size(b))
		return false;
	json_object_foreach((json_t *)a, k, v)
	{
		if (!qty_from_json(v, &x) || !qty_from_json(json_object_get(b, k), &y) ||
		    qty_cmp(&x, &y))
			return false;
	}
	return true;
}

/* Does a quota naming `name` count objects of kind k? */
static bool kind_cares(const struct rq_kind *k, const char *name)
{
	return quota_charges(k->resource, name);
}

static bool kind_needed(const struct rq_kind *k, const json_t *hard)
{
	const char *name;
	json_t *v;

	json_object_foreach((json_t *)hard, name, v) if (kind_cares(k, name)) return true;
	return false;
}

/* ---- scopes ---- */

bool rq_matches(const json_t *quota, const char *resource, const json_t *obj)
{
	return quota_scopes_match(quota, !strcmp(resource, "pods"), obj);
}

/* ---- the controller ---- */

static void quotas_of_ns(const char *ns)
{
	const json_t **qs;
	size_t n;

	if (!rq.q || !ns)
		return;
	n = inf_by_index(rq.quotas, INF_INDEX_NAMESPACE, ns, &qs);
	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(rq.q, qs[i]);
	free(qs);
}

static void obj_changed(void *arg, const json_t *obj)
{
	(void)arg;
	quotas_of_ns(jx_str(obj, "metadata.namespace"));
}

static void obj_updated(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	obj_changed(arg, obj);
}

/* The kind's informer, made the first time some quota needs it. */
static struct inf *kind_inf(struct rq_kind *k)
{
	struct inf_handler h = {obj_changed, obj_updated, obj_changed, NULL};

	if (!k->inf) {
		k->inf = inf_factory_get(rq.cm->inf, k->path, NULL, NULL);
		/* The quota informer's own handler enqueues quotas already. */
		if (strcmp(k->path, QUOTAS))
			inf_add_handler(k->inf, &h);
		if (rq.q)
			inf_factory_start(rq.cm->inf);
	}
	return k->inf;
}

/* Count ns's usage of hard into used; false while an informer is still listing. */
static bool count(const json_t *quota, const char *ns, const json_t *hard, json_t *used)
{
	time_t now = time(NULL);
	bool ready = true;

	for (size_t i = 0; i < NKINDS; i++) {
		const json_t **objs;
		struct inf *inf;
		size_t n;

		if (!kind_needed(&kinds[i], hard))
			continue;
		inf = kind_inf(&kinds[i]);
		if (!inf_synced(inf)) {
			ready = false;
			continue;
		}
		n = inf_by_index(inf, INF_INDEX_NAMESPACE, ns, &objs);
		for (size_t j = 0; j < n; j++) {
			json_t *u;
			if (!rq_matches(quota, kinds[i].resource, objs[j]))
				continue;
			u = quota_usage(kinds[i].resource, objs[j], now);
			rq_add(used, u, hard);
			json_decref(u);
		}
		free(objs);
	}
	return ready;
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(rq.q, key);
	const json_t *quota = inf_get(rq.quotas, key), *hard;
	const char *ns = jx_str(quota, "metadata.namespace");
	json_t *used = NULL, *copy;
	char *path;

	(void)arg;
	if (!quota || !ns)
		goto out;
	hard = jx_get(quota, "spec.hard");
	if (!json_is_object(hard))
		hard = NULL;
	used = rq_zero(hard);
	if (!count(quota, ns, hard, used)) {
		ctrl_op_requeue_after(op, 200);
		goto out;
	}
	if (rq_equal(jx_get(quota, "status.hard"), hard ? hard : used) &&
	    rq_equal(jx_get(quota, "status.used"), used))
		goto out;
	copy = json_deep_copy(quota);
	jx_set(copy, "status", json_pack("{s:O, s:O}", "hard", hard ? hard : used, "used", used));
	path = xasprintf("/api/v1/namespaces/%s/resourcequotas/%s/status", ns,
			 jx_str(quota, "metadata.name"));
	ctrl_op_update(op, rq.kc, path, copy);
	free(path);
	json_decref(copy);
out:
	json_decref(used);
	return ctrl_op_finish(op);
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	const json_t **qs;
	size_t n = inf_list(rq.quotas, &qs);

	(void)fd;
	(void)what;
	(void)arg;
	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(rq.q, qs[i]);
	free(qs);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	rq.cm = cm;
	rq.kc = cm_client(cm, "resourcequota-controller");
	rq.quotas = inf_factory_get(cm->inf, QUOTAS, NULL, NULL);
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].path, QUOTAS))
			kinds[i].inf = rq.quotas;
	/* Pods change most: watch them from the start. */
	kind_inf(&kinds[0]);
	return 0;
}

static void run(struct cm *cm)
{
	long ms = cm->o->quota_sync_ms > 0 ? cm->o->quota_sync_ms : 300000;
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	rq.q = wq_new(cm->base, "resourcequota", cm->o->quota_syncs, sync, NULL);
	ctrl_enqueue_self(rq.quotas, &rq.q);
	rq.tick = event_new(cm->base, -1, EV_PERSIST, tick, NULL);
	event_add(rq.tick, &tv);
}

const struct cm_controller cm_resourcequota_controller = {
    .name = "resourcequota",
    .init = init,
    .run = run,
};
