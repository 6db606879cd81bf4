/*
 * resourcequota: keeps every ResourceQuota's status true: hard as in the spec, used as
 * counted from the objects in its namespace that its scopes select. The API server's quota
 * admission charges usage as objects are created; this recounts after deletes, phase
 * changes and anything admission cannot see, when objects change and every
 * --resource-quota-sync-period.
 *
 * Objects are counted from informers made only for the kinds some quota limits. Kinds
 * outside the table below (custom resources) are not counted. Pod requests and limits are
 * summed here with exact quantities (common/podres keeps requests only, as integers).
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
#include "ktime.h"
#include "log.h"
#include "quantity.h"

#define QUOTAS	  "/api/v1/resourcequotas"
#define SC_SUFFIX ".storageclass.storage.k8s.io/"

/* A kind quota counts: its resource name ("deployments.apps"), collection and legacy count
 * name (core kinds counted by bare name too). */
static struct rq_kind {
	const char *resource, *path, *legacy;
	struct inf *inf;
} kinds[] = {
    {"pods", "/api/v1/pods", NULL, NULL},
    {"services", "/api/v1/services", "services", NULL},
    {"persistentvolumeclaims", "/api/v1/persistentvolumeclaims", "persistentvolumeclaims", NULL},
    {"configmaps", "/api/v1/configmaps", "configmaps", NULL},
    {"secrets", "/api/v1/secrets", "secrets", NULL},
    {"replicationcontrollers", "/api/v1/replicationcontrollers", "replicationcontrollers", NULL},
    {"resourcequotas", QUOTAS, "resourcequotas", NULL},
    {"serviceaccounts", "/api/v1/serviceaccounts", NULL, NULL},
    {"limitranges", "/api/v1/limitranges", NULL, NULL},
    {"podtemplates", "/api/v1/podtemplates", NULL, NULL},
    {"endpoints", "/api/v1/endpoints", NULL, NULL},
    {"deployments.apps", "/apis/apps/v1/deployments", NULL, NULL},
    {"replicasets.apps", "/apis/apps/v1/replicasets", NULL, NULL},
    {"statefulsets.apps", "/apis/apps/v1/statefulsets", NULL, NULL},
    {"daemonsets.apps", "/apis/apps/v1/daemonsets", NULL, NULL},
    {"controllerrevisions.apps", "/apis/apps/v1/controllerrevisions", NULL, NULL},
    {"jobs.batch", "/apis/batch/v1/jobs", NULL, NULL},
    {"cronjobs.batch", "/apis/batch/v1/cronjobs", NULL, NULL},
    {"horizontalpodautoscalers.autoscaling", "/apis/autoscaling/v2/horizontalpodautoscalers", NULL,
     NULL},
    {"poddisruptionbudgets.policy", "/apis/policy/v1/poddisruptionbudgets", NULL, NULL},
    {"ingresses.networking.k8s.io", "/apis/networking.k8s.io/v1/ingresses", NULL, NULL},
    {"networkpolicies.networking.k8s.io", "/apis/networking.k8s.io/v1/networkpolicies", NULL, NULL},
    {"roles.rbac.authorization.k8s.io", "/apis/rbac.authorization.k8s.io/v1/roles", NULL, NULL},
    {"rolebindings.rbac.authorization.k8s.io", "/apis/rbac.authorization.k8s.io/v1/rolebindings",
     NULL, NULL},
    {"leases.coordination.k8s.io", "/apis/coordination.k8s.io/v1/leases", NULL, NULL},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static struct {
	struct cm *cm;
	struct inf *quotas;
	struct wq *q;
	struct event *tick;
} rq;

/* ---- resource lists ---- */

static void rl_put(json_t *rl, const char *name, const struct qty *q)
{
	char *s = qty_string(q);

	json_object_set_new(rl, name, json_string(s));
	free(s);
}

static void rl_add_value(json_t *rl, const char *name, const json_t *v)
{
	struct qty cur, q;

	if (!qty_from_json(v, &q))
		return;
	if (!qty_from_json(json_object_get(rl, name), &cur))
		qty_from_int(&cur, 0, q.format);
	qty_add(&cur, &q);
	rl_put(rl, name, &cur);
}

static void rl_add_all(json_t *rl, const json_t *more)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)more, k, v) rl_add_value(rl, k, v);
}

static void rl_max_all(json_t *rl, const json_t *more)
{
	struct qty a, b;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)more, k, v)
	{
		if (qty_from_json(v, &b) &&
		    (!qty_from_json(json_object_get(rl, k), &a) || qty_cmp(&b, &a) > 0))
			rl_put(rl, k, &b);
	}
}

static void rl_one(json_t *rl, const char *name)
{
	json_object_set_new(rl, name, json_string("1"));
}

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

/* ---- what objects use ---- */

static bool restartable(const json_t *c)
{
	return !strcmp(jx_str(c, "restartPolicy") ?: "", "Always");
}

/* A pod's effective requests or limits: containers and sidecars summed, each init container
 * (with the sidecars started before it) at most, plus overhead. */
static json_t *pod_total(const json_t *spec, const char *which)
{
	json_t *sum = json_object(), *side = json_object(), *init = json_object(), *c;
	char path[32];
	size_t i;

	snprintf(path, sizeof(path), "resources.%s", which);
	json_array_foreach(json_object_get(spec, "containers"), i, c)
	    rl_add_all(sum, jx_get(c, path));
	json_array_foreach(json_object_get(spec, "initContainers"), i, c)
	{
		json_t *tmp = json_object();
		if (restartable(c)) {
			rl_add_all(sum, jx_get(c, path));
			rl_add_all(side, jx_get(c, path));
		}
		rl_add_all(tmp, jx_get(c, path));
		rl_add_all(tmp, side);
		rl_max_all(init, tmp);
		json_decref(tmp);
	}
	rl_max_all(sum, init);
	rl_add_all(sum, json_object_get(spec, "overhead"));
	json_decref(side);
	json_decref(init);
	return sum;
}

static bool starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* Extended resources have a domain that is not kubernetes.io's. */
static bool extended(const char *name)
{
	const char *slash = strchr(name, '/');

	return slash && !(slash - name >= 13 && !strncmp(slash - 13, "kubernetes.io", 13));
}

/* Terminal pods, and pods past their deletion grace period, hold no compute resources. */
static bool pod_charged(const json_t *pod, time_t now)
{
	const char *phase = jx_str(pod, "status.phase") ?: "";
	const json_t *grace = jx_get(pod, "metadata.deletionGracePeriodSeconds");
	struct timespec ts;

	if (!strcmp(phase, "Succeeded") || !strcmp(phase, "Failed"))
		return false;
	if (json_is_integer(grace) &&
	    !kt_parse(jx_str(pod, "metadata.deletionTimestamp") ?: "", &ts) &&
	    now > ts.tv_sec + (time_t)json_integer_value(grace))
		return false;
	return true;
}

static void pod_usage(json_t *out, const json_t *pod, time_t now)
{
	static const char *const base[] = {"cpu", "memory", "ephemeral-storage", NULL};
	const json_t *spec = json_object_get(pod, "spec");
	json_t *req, *lim, *v;
	const char *k;
	char name[300];

	rl_one(out, "count/pods");
	if (!pod_charged(pod, now))
		return;
	rl_one(out, "pods");
	req = pod_total(spec, "requests");
	lim = pod_total(spec, "limits");
	for (int i = 0; base[i]; i++) {
		if ((v = json_object_get(req, base[i]))) {
			rl_add_value(out, base[i], v);
			snprintf(name, sizeof(name), "requests.%s", base[i]);
			rl_add_value(out, name, v);
		}
		if ((v = json_object_get(lim, base[i]))) {
			snprintf(name, sizeof(name), "limits.%s", base[i]);
			rl_add_value(out, name, v);
		}
	}
	json_object_foreach(req, k, v)
	{
		snprintf(name, sizeof(name), "requests.%s", k);
		if (starts(k, "hugepages-"))
			rl_add_value(out, k, v);
		if (starts(k, "hugepages-") || extended(k))
			rl_add_value(out, name, v);
	}
	json_decref(req);
	json_decref(lim);
}

static void set_int(json_t *rl, const char *name, long long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", n);
	json_object_set_new(rl, name, json_string(buf));
}

static void service_usage(json_t *out, const json_t *svc)
{
	const char *type = jx_str(svc, "spec.type") ?: "ClusterIP";
	const json_t *ports = jx_get(svc, "spec.ports"), *p;
	long long nports = (long long)json_array_size(ports);
	size_t i;

	rl_one(out, "count/services");
	rl_one(out, "services");
	if (!strcmp(type, "LoadBalancer")) {
		/* Without node ports allocated, only ports that name one count. */
		if (json_is_false(jx_get(svc, "spec.allocateLoadBalancerNodePorts"))) {
			nports = 0;
			json_array_foreach(ports, i, p) nports += jx_int(p, "nodePort", 0) != 0;
		}
		set_int(out, "services.nodeports", nports);
		set_int(out, "services.loadbalancers", 1);
	} else if (!strcmp(type, "NodePort")) {
		set_int(out, "services.nodeports", nports);
	}
}

static void pvc_usage(json_t *out, const json_t *pvc)
{
	const char *sc = jx_str(pvc, "spec.storageClassName");
	const json_t *req = jx_get(pvc, "spec.resources.requests.storage");
	const json_t *alloc = jx_get(pvc, "status.allocatedResources.storage");
	struct qty a, b;
	char name[300];

	if (!sc)
		sc = json_string_value(json_object_get(jx_get(pvc, "metadata.annotations"),
						       "volume.beta.kubernetes.io/storage-class"));
	rl_one(out, "count/persistentvolumeclaims");
	rl_one(out, "persistentvolumeclaims");
	if (sc && *sc) {
		snprintf(name, sizeof(name), "%s" SC_SUFFIX "persistentvolumeclaims", sc);
		rl_one(out, name);
	}
	/* A resize in progress charges the larger of asked and allocated. */
	if (qty_from_json(alloc, &b) && (!qty_from_json(req, &a) || qty_cmp(&b, &a) > 0))
		req = alloc;
	if (!qty_from_json(req, &a))
		return;
	rl_put(out, "requests.storage", &a);
	if (sc && *sc) {
		snprintf(name, sizeof(name), "%s" SC_SUFFIX "requests.storage", sc);
		rl_put(out, name, &a);
	}
}

static const struct rq_kind *kind_named(const char *resource)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].resource, resource))
			return &kinds[i];
	return NULL;
}

json_t *rq_usage(const char *resource, const json_t *obj, time_t now)
{
	const struct rq_kind *k = kind_named(resource);
	json_t *out = json_object();
	char name[300];

	if (!strcmp(resource, "pods")) {
		pod_usage(out, obj, now);
	} else if (!strcmp(resource, "services")) {
		service_usage(out, obj);
	} else if (!strcmp(resource, "persistentvolumeclaims")) {
		pvc_usage(out, obj);
	} else {
		snprintf(name, sizeof(name), "count/%s", resource);
		rl_one(out, name);
		if (k && k->legacy)
			rl_one(out, k->legacy);
	}
	return out;
}

/* What quota charges pods for, besides hugepages and extended resources. */
static const char *const pod_names[] = {"pods",
					"cpu",
					"memory",
					"ephemeral-storage",
					"requests.cpu",
					"requests.memory",
					"requests.ephemeral-storage",
					"limits.cpu",
					"limits.memory",
					"limits.ephemeral-storage",
					NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/* Does a quota naming `name` count objects of kind k? */
static bool kind_cares(const struct rq_kind *k, const char *name)
{
	char cn[300];

	snprintf(cn, sizeof(cn), "count/%s", k->resource);
	if (!strcmp(name, cn) || (k->legacy && !strcmp(name, k->legacy)))
		return true;
	if (!strcmp(k->resource, "pods"))
		return in_list(pod_names, name) || starts(name, "hugepages-") ||
		       starts(name, "requests.hugepages-") ||
		       (starts(name, "requests.") && extended(name + 9));
	if (!strcmp(k->resource, "services"))
		return starts(name, "services.");
	if (!strcmp(k->resource, "persistentvolumeclaims"))
		return !strcmp(name, "requests.storage") || strstr(name, SC_SUFFIX);
	return false;
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
			u = rq_usage(kinds[i].resource, objs[j], now);
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
	ctrl_op_update(op, rq.cm->kc, path, copy);
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
	ctrl_enqueue_self(rq.quotas, rq.q);
	rq.tick = event_new(cm->base, -1, EV_PERSIST, tick, NULL);
	event_add(rq.tick, &tv);
}

const struct cm_controller cm_resourcequota_controller = {
    .name = "resourcequota",
    .init = init,
    .run = run,
};
