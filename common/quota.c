#include <stdio.h>
#include <string.h>

#include "jsonx.h"
#include "ktime.h"
#include "quantity.h"
#include "quota.h"
#include "rlist.h"

static bool pod_best_effort(const json_t *spec)
{
	static const char *const container_lists[] = {"containers", "initContainers", NULL};
	static const char *const lists[] = {"requests", "limits", NULL};
	json_t *c;
	size_t i;

	for (int l = 0; container_lists[l]; l++)
		json_array_foreach(json_object_get(spec, container_lists[l]), i, c)
		{
			for (int w = 0; lists[w]; w++) {
				const json_t *rl =
				    json_object_get(json_object_get(c, "resources"), lists[w]);
				struct qty q;
				if ((qty_from_json(json_object_get(rl, "cpu"), &q) &&
				     !qty_is_zero(&q)) ||
				    (qty_from_json(json_object_get(rl, "memory"), &q) &&
				     !qty_is_zero(&q)))
					return false;
			}
		}
	return true;
}

/* Does a pod fall in a scope? op and values only matter for PriorityClass selectors. */
static bool pod_in_scope(const json_t *pod, const char *scope, const char *op, const json_t *values)
{
	const json_t *spec = json_object_get(pod, "spec");
	const json_t *ads = json_object_get(spec, "activeDeadlineSeconds");
	const char *pc = jx_str(spec, "priorityClassName") ?: "";
	bool terminating = json_is_integer(ads) && json_integer_value(ads) >= 0;

	if (!strcmp(scope, "Terminating"))
		return terminating;
	if (!strcmp(scope, "NotTerminating"))
		return !terminating;
	if (!strcmp(scope, "BestEffort"))
		return pod_best_effort(spec);
	if (!strcmp(scope, "NotBestEffort"))
		return !pod_best_effort(spec);
	if (!strcmp(scope, "PriorityClass")) {
		if (!op || !strcmp(op, "Exists"))
			return *pc != 0;
		if (!strcmp(op, "In"))
			return jx_has_str(values, pc);
		if (!strcmp(op, "NotIn"))
			return !jx_has_str(values, pc);
	}
	/* DoesNotExist never holds (the class is always a key), and cross-namespace affinity
	 * is not evaluated: such quotas charge nothing. */
	return false;
}

bool quota_scopes_match(const json_t *quota, bool is_pod, const json_t *obj)
{
	const json_t *scopes = jx_get(quota, "spec.scopes");
	const json_t *exprs = jx_get(quota, "spec.scopeSelector.matchExpressions");
	size_t i;
	json_t *s;

	json_array_foreach(scopes, i, s)
	{
		if (!is_pod || !json_is_string(s) ||
		    !pod_in_scope(obj, json_string_value(s), NULL, NULL))
			return false;
	}
	json_array_foreach(exprs, i, s)
	{
		if (!is_pod || !pod_in_scope(obj, jx_str(s, "scopeName") ?: "",
					     jx_str(s, "operator"), json_object_get(s, "values")))
			return false;
	}
	return true;
}

/* ---- what objects use ---- */

/* The names quota knows for pods, beyond the prefixed ones. */
static const char *const pod_names[] = {"count/pods",
					"pods",
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
static const char *const service_names[] = {"count/services", "services", "services.nodeports",
					    "services.loadbalancers", NULL};
static const char *const pvc_names[] = {"count/persistentvolumeclaims", "persistentvolumeclaims",
					"requests.storage", NULL};
/* Core kinds whose object count has a name of its own besides count/<resource>. */
static const char *const legacy_counts[] = {"configmaps", "secrets", "replicationcontrollers",
					    "resourcequotas", NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Native resources have no domain or a kubernetes.io one; the rest are extended. */
static bool extended(const char *name)
{
	const char *slash = strchr(name, '/');

	if (!slash || starts(name, "requests."))
		return false;
	return !(slash - name >= 13 && !strncmp(slash - 13, "kubernetes.io", 13));
}

bool quota_charges(const char *gr, const char *name)
{
	char cn[300];

	if (!strcmp(gr, "pods"))
		return in_list(pod_names, name) || starts(name, "hugepages-") ||
		       starts(name, "requests.hugepages-") ||
		       (starts(name, "requests.") && extended(name + 9));
	if (!strcmp(gr, "services"))
		return in_list(service_names, name);
	if (!strcmp(gr, "persistentvolumeclaims") &&
	    (in_list(pvc_names, name) ||
	     (strstr(name, QUOTA_SC_SUFFIX) &&
	      (strstr(name, QUOTA_SC_SUFFIX "requests.storage") ||
	       strstr(name, QUOTA_SC_SUFFIX "persistentvolumeclaims")))))
		return true;
	snprintf(cn, sizeof(cn), "count/%s", gr);
	return !strcmp(name, cn) || (in_list(legacy_counts, gr) && !strcmp(name, gr));
}

static void rl_copy(json_t *out, const char *name, const json_t *v)
{
	struct qty q;

	if (qty_from_json(v, &q))
		rl_put(out, name, &q);
}

void quota_compute_usage(json_t *out, const json_t *req, const json_t *lim)
{
	static const char *const base[] = {"cpu", "memory", "ephemeral-storage", NULL};
	char name[300];
	const char *k;
	json_t *v;

	rl_set_int(out, "pods", 1);
	for (int i = 0; base[i]; i++) {
		if ((v = json_object_get(req, base[i]))) {
			rl_copy(out, base[i], v);
			snprintf(name, sizeof(name), "requests.%s", base[i]);
			rl_copy(out, name, v);
		}
		if ((v = json_object_get(lim, base[i]))) {
			snprintf(name, sizeof(name), "limits.%s", base[i]);
			rl_copy(out, name, v);
		}
	}
	json_object_foreach((json_t *)req, k, v)
	{
		snprintf(name, sizeof(name), "requests.%s", k);
		if (starts(k, "hugepages-"))
			rl_copy(out, k, v);
		if (starts(k, "hugepages-") || extended(k))
			rl_copy(out, name, v);
	}
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
	const json_t *spec = json_object_get(pod, "spec");
	json_t *req, *lim;

	rl_set_int(out, "count/pods", 1);
	if (!pod_charged(pod, now))
		return;
	req = rl_pod_total(spec, "requests", true);
	lim = rl_pod_total(spec, "limits", true);
	quota_compute_usage(out, req, lim);
	json_decref(req);
	json_decref(lim);
}

static void service_usage(json_t *out, const json_t *svc)
{
	const char *type = jx_str(svc, "spec.type") ?: "ClusterIP";
	const json_t *ports = jx_get(svc, "spec.ports"), *p;
	int64_t nports = (int64_t)json_array_size(ports);
	size_t i;

	rl_set_int(out, "count/services", 1);
	rl_set_int(out, "services", 1);
	if (!strcmp(type, "LoadBalancer")) {
		/* Without node ports allocated, only the ports that name one count. */
		if (json_is_false(jx_get(svc, "spec.allocateLoadBalancerNodePorts"))) {
			nports = 0;
			json_array_foreach(ports, i, p) nports += jx_int(p, "nodePort", 0) != 0;
		}
		rl_set_int(out, "services.nodeports", nports);
		rl_set_int(out, "services.loadbalancers", 1);
	} else if (!strcmp(type, "NodePort")) {
		rl_set_int(out, "services.nodeports", nports);
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
	rl_set_int(out, "count/persistentvolumeclaims", 1);
	rl_set_int(out, "persistentvolumeclaims", 1);
	if (sc && *sc) {
		snprintf(name, sizeof(name), "%s" QUOTA_SC_SUFFIX "persistentvolumeclaims", sc);
		rl_set_int(out, name, 1);
	}
	/* A resize in progress charges the larger of asked and allocated. */
	if (qty_from_json(alloc, &b) && (!qty_from_json(req, &a) || qty_cmp(&b, &a) > 0))
		req = alloc;
	if (!qty_from_json(req, &a))
		return;
	rl_put(out, "requests.storage", &a);
	if (sc && *sc) {
		snprintf(name, sizeof(name), "%s" QUOTA_SC_SUFFIX "requests.storage", sc);
		rl_put(out, name, &a);
	}
}

json_t *quota_usage(const char *gr, const json_t *obj, time_t now)
{
	json_t *out = json_object();
	char name[300];

	if (!strcmp(gr, "pods")) {
		pod_usage(out, obj, now);
	} else if (!strcmp(gr, "services")) {
		service_usage(out, obj);
	} else if (!strcmp(gr, "persistentvolumeclaims")) {
		pvc_usage(out, obj);
	} else {
		snprintf(name, sizeof(name), "count/%s", gr);
		rl_set_int(out, name, 1);
		if (in_list(legacy_counts, gr))
			rl_set_int(out, gr, 1);
	}
	return out;
}
