/* Upstream's built-in admission chain in upstream's order: NamespaceLifecycle, LimitRanger,
 * ServiceAccount, NodeRestriction, Priority, DefaultTolerationSeconds, ResourceQuota, each on
 * or off as upstream's defaults and the two plugin flags say. The plugins' logic works on
 * plain objects (tested alone); the chain reads what they need from the watch caches. */
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "admission.h"
#include "apiserver.h"
#include "jsonx.h"
#include "quota.h"
#include "log.h"
#include "nodeauth.h"
#include "quantity.h"
#include "rlist.h"
#include "status.h"

#define SA_MOUNT_PATH "/var/run/secrets/kubernetes.io/serviceaccount"
#define LR_ANNOTATION "kubernetes.io/limit-ranger"
#define SC_SUFFIX     ".storageclass.storage.k8s.io/"

/* ---- which plugins run ---- */

enum plugin {
	P_NAMESPACE_LIFECYCLE,
	P_LIMIT_RANGER,
	P_SERVICE_ACCOUNT,
	P_NODE_RESTRICTION,
	P_PRIORITY,
	P_DEFAULT_TOLERATION_SECONDS,
	P_RESOURCE_QUOTA,
	NPLUGINS
};

/* The plugins kubec has, on as upstream's defaults have them. */
static struct {
	const char *name;
	bool on;
} plugins[NPLUGINS] = {
    [P_NAMESPACE_LIFECYCLE] = {"NamespaceLifecycle", true},
    [P_LIMIT_RANGER] = {"LimitRanger", true},
    [P_SERVICE_ACCOUNT] = {"ServiceAccount", true},
    [P_NODE_RESTRICTION] = {"NodeRestriction", false},
    [P_PRIORITY] = {"Priority", true},
    [P_DEFAULT_TOLERATION_SECONDS] = {"DefaultTolerationSeconds", true},
    [P_RESOURCE_QUOTA] = {"ResourceQuota", true},
};

/* Upstream's other plugins: disabling one is a no-op here, as it never runs; enabling one is
 * refused, since kubec does not have it. */
static const char *const absent_plugins[] = {"AlwaysAdmit",
					     "NamespaceAutoProvision",
					     "NamespaceExists",
					     "LimitPodHardAntiAffinityTopology",
					     "TaintNodesByCondition",
					     "AlwaysPullImages",
					     "ImagePolicyWebhook",
					     "PodSecurity",
					     "PodNodeSelector",
					     "PodTolerationRestriction",
					     "EventRateLimit",
					     "ExtendedResourceToleration",
					     "DefaultStorageClass",
					     "StorageObjectInUseProtection",
					     "OwnerReferencesPermissionEnforcement",
					     "PersistentVolumeClaimResize",
					     "RuntimeClass",
					     "CertificateApproval",
					     "CertificateSigning",
					     "ClusterTrustBundleAttest",
					     "CertificateSubjectRestriction",
					     "DefaultIngressClass",
					     "DenyServiceExternalIPs",
					     "PodTopologyLabels",
					     "MutatingAdmissionPolicy",
					     "MutatingAdmissionWebhook",
					     "ValidatingAdmissionPolicy",
					     "ValidatingAdmissionWebhook",
					     "AlwaysDeny",
					     NULL};

static bool plugin_on(enum plugin p)
{
	return plugins[p].on;
}

static int plugin_index(const char *name, size_t len)
{
	for (int i = 0; i < NPLUGINS; i++)
		if (strlen(plugins[i].name) == len && !strncmp(plugins[i].name, name, len))
			return i;
	return -1;
}

static bool plugin_absent(const char *name, size_t len)
{
	for (int i = 0; absent_plugins[i]; i++)
		if (strlen(absent_plugins[i]) == len && !strncmp(absent_plugins[i], name, len))
			return true;
	return false;
}

/* Is the plugin (name, len bytes) in the comma-separated list? */
static bool listed(const char *list, const char *name, size_t len)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		if (n == len && !strncmp(p, name, len))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

/* Check and apply one flag's names; the first bad one is the error. */
static int apply_flag(const char *list, const char *flag, bool on, char *err, size_t errlen)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		int i = plugin_index(p, n);
		if (n && i >= 0) {
			plugins[i].on = on;
		} else if (n && (on || !plugin_absent(p, n))) {
			snprintf(err, errlen, "%s plugin \"%.*s\" is %s", flag, (int)n, p,
				 plugin_absent(p, n) ? "not implemented by kubec" : "unknown");
			return -1;
		}
		p += n + (p[n] == ',');
	}
	return 0;
}

int adm_configure(const char *enable, const char *disable, char *err, size_t errlen)
{
	char both[512] = "";

	for (const char *p = enable; p && *p;) {
		size_t n = strcspn(p, ",");
		if (n && listed(disable, p, n))
			snprintf(both + strlen(both), sizeof(both) - strlen(both), "%s%.*s",
				 *both ? " " : "", (int)n, p);
		p += n + (p[n] == ',');
	}
	if (*both) {
		snprintf(
		    err, errlen,
		    "[%s] in enable-admission-plugins and disable-admission-plugins overlapped",
		    both);
		return -1;
	}
	if (apply_flag(enable, "enable-admission-plugins", true, err, errlen) ||
	    apply_flag(disable, "disable-admission-plugins", false, err, errlen))
		return -1;
	return 0;
}

static bool rl_has(const json_t *names, const char *name)
{
	return json_object_get(names, name) != NULL;
}

/* The names of rl kept in keep (an object whose keys count), as a new list. */
static json_t *rl_mask(const json_t *rl, const json_t *keep)
{
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)rl, k, v) if (rl_has(keep, k)) json_object_set(out, k, v);
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of an object, sorted (malloc'd array, borrowed strings). */
static const char **sorted_keys(const json_t *o, size_t *n)
{
	const char **keys = xcalloc(json_object_size(o) + 1, sizeof(*keys)), *k;
	json_t *v;

	*n = 0;
	json_object_foreach((json_t *)o, k, v) keys[(*n)++] = k;
	qsort(keys, *n, sizeof(*keys), cmp_str);
	return keys;
}

/* "a=1,b=2" in name order, as upstream prints resource lists in quota errors. */
static char *rl_pretty(const json_t *rl)
{
	size_t n;
	const char **keys = sorted_keys(rl, &n);
	char *out = xstrdup("");

	for (size_t i = 0; i < n; i++) {
		struct qty q;
		char *s =
		    qty_from_json(json_object_get(rl, keys[i]), &q) ? qty_string(&q) : xstrdup("");
		char *next = xasprintf("%s%s%s=%s", out, i ? "," : "", keys[i], s);
		free(s);
		free(out);
		out = next;
	}
	free(keys);
	return out;
}

/* ---- messages: upstream aggregates errors as "[a, b]" without repeats ---- */

static void msg_add(json_t *msgs, char *m)
{
	size_t i;
	json_t *v;

	json_array_foreach(msgs, i, v) if (!strcmp(json_string_value(v), m))
	{
		free(m);
		return;
	}
	json_array_append_new(msgs, json_string(m));
	free(m);
}

static char *str_join(const json_t *names, const char *sep, bool sorted);

static char *msg_join(const json_t *msgs)
{
	char *inner, *out;

	if (json_array_size(msgs) <= 1)
		return json_array_size(msgs) ? xstrdup(json_string_value(json_array_get(msgs, 0)))
					     : NULL;
	inner = str_join(msgs, ", ", false);
	out = xasprintf("[%s]", inner);
	free(inner);
	return out;
}

/* ---- pods: containers and their aggregate requests ---- */

/* Containers first, then init containers, as upstream walks them. */
static const char *const container_lists[] = {"containers", "initContainers", NULL};

/* ---- LimitRanger ---- */

/* The defaults one range gives containers: limits from default, requests from defaultRequest. */
static void limit_defaults_of(const json_t *lr, json_t *req, json_t *lim)
{
	size_t i;
	json_t *it;

	json_array_foreach(jx_get(lr, "spec.limits"), i, it)
	{
		if (strcmp(jx_str(it, "type") ?: "", "Container"))
			continue;
		if (json_is_object(json_object_get(it, "defaultRequest")))
			json_object_update(req, json_object_get(it, "defaultRequest"));
		if (json_is_object(json_object_get(it, "default")))
			json_object_update(lim, json_object_get(it, "default"));
	}
}

/* Copy what c.resources.<which> lacks from def; the names copied go to set. */
static void fill_resources(json_t *c, const char *which, const json_t *def, json_t *set)
{
	json_t *res, *list, *v;
	const char *k;

	if (!json_object_size(def) || !(res = jx_obj(c, "resources")))
		return;
	list = json_object_get(res, which);
	if (!json_is_object(list)) {
		list = json_object();
		json_object_set_new(res, which, list);
	}
	json_object_foreach((json_t *)def, k, v)
	{
		if (json_object_get(list, k))
			continue;
		json_object_set(list, k, v);
		json_array_append_new(set, json_string(k));
	}
	if (!json_object_size(list))
		json_object_del(res, which);
}

static int cmp_json_str(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
		      json_string_value(*(json_t *const *)b));
}

/* The strings of an array joined by sep, in name order if sorted. */
static char *str_join(const json_t *names, const char *sep, bool sorted)
{
	size_t n = json_array_size(names);
	json_t **v = xcalloc(n + 1, sizeof(*v));
	char *out = xstrdup("");

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(names, i);
	if (sorted)
		qsort(v, n, sizeof(*v), cmp_json_str);
	for (size_t i = 0; i < n; i++) {
		char *next = xasprintf("%s%s%s", out, i ? sep : "", json_string_value(v[i]));
		free(out);
		out = next;
	}
	free(v);
	return out;
}

static void note_set(json_t *notes, json_t *set, const char *what, const char *prefix,
		     const char *cname)
{
	char *names;

	if (!json_array_size(set))
		return;
	names = str_join(set, ", ", true);
	json_array_append_new(notes, json_sprintf("%s %s for %s %s", names, what, prefix, cname));
	free(names);
}

static void annotate_limits(json_t *pod, const json_t *notes)
{
	json_t *ann = jx_obj(pod, "metadata.annotations");
	char *text = str_join(notes, "; ", false);

	if (ann)
		json_object_set_new(ann, LR_ANNOTATION,
				    json_sprintf("LimitRanger plugin set: %s", text));
	free(text);
}

void adm_limit_default(json_t *pod, const json_t *ranges)
{
	json_t *spec = json_object_get(pod, "spec"), *lr, *c;
	size_t i, j;

	json_array_foreach(ranges, i, lr)
	{
		json_t *req = json_object(), *lim = json_object(), *notes = json_array();

		limit_defaults_of(lr, req, lim);
		for (int l = 0; container_lists[l]; l++)
			json_array_foreach(json_object_get(spec, container_lists[l]), j, c)
			{
				const char *prefix = l ? "init container" : "container";
				const char *cname = jx_str(c, "name") ?: "";
				json_t *set_req = json_array(), *set_lim = json_array();

				fill_resources(c, "limits", lim, set_lim);
				fill_resources(c, "requests", req, set_req);
				note_set(notes, set_req, "request", prefix, cname);
				note_set(notes, set_lim, "limit", prefix, cname);
				json_decref(set_req);
				json_decref(set_lim);
			}
		if (json_array_size(notes))
			annotate_limits(pod, notes);
		json_decref(notes);
		json_decref(req);
		json_decref(lim);
	}
}

/* The checks upstream's LimitRanger makes of one limit; NULL when it holds. */
static char *lr_min(const char *type, const char *name, const struct qty *enf, const json_t *req,
		    const json_t *lim)
{
	struct qty r, l;
	bool hr = qty_from_json(json_object_get(req, name), &r),
	     hl = qty_from_json(json_object_get(lim, name), &l);
	char *e = qty_string(enf), *o = NULL, *out = NULL;

	if (!hr)
		out = xasprintf("minimum %s usage per %s is %s.  No request is specified", name,
				type, e);
	else if (qty_cmp(&r, enf) < 0)
		out = xasprintf("minimum %s usage per %s is %s, but request is %s", name, type, e,
				(o = qty_string(&r)));
	else if (hl && qty_cmp(&l, enf) < 0)
		out = xasprintf("minimum %s usage per %s is %s, but limit is %s", name, type, e,
				(o = qty_string(&l)));
	free(o);
	free(e);
	return out;
}

static char *lr_max(const char *type, const char *name, const struct qty *enf, const json_t *req,
		    const json_t *lim)
{
	struct qty r, l;
	bool hr = qty_from_json(json_object_get(req, name), &r),
	     hl = qty_from_json(json_object_get(lim, name), &l);
	char *e = qty_string(enf), *o = NULL, *out = NULL;

	if (!hl)
		out = xasprintf("maximum %s usage per %s is %s.  No limit is specified", name, type,
				e);
	else if (qty_cmp(&l, enf) > 0)
		out = xasprintf("maximum %s usage per %s is %s, but limit is %s", name, type, e,
				(o = qty_string(&l)));
	else if (hr && qty_cmp(&r, enf) > 0)
		out = xasprintf("maximum %s usage per %s is %s, but request is %s", name, type, e,
				(o = qty_string(&r)));
	free(o);
	free(e);
	return out;
}

/* For claims the maximum bounds the request, there being no limit. */
static char *lr_max_request(const char *type, const char *name, const struct qty *enf,
			    const json_t *req)
{
	struct qty r;
	char *e = qty_string(enf), *o = NULL, *out = NULL;

	if (!qty_from_json(json_object_get(req, name), &r))
		out = xasprintf("maximum %s usage per %s is %s.  No request is specified", name,
				type, e);
	else if (qty_cmp(&r, enf) > 0)
		out = xasprintf("maximum %s usage per %s is %s, but request is %s", name, type, e,
				(o = qty_string(&r)));
	free(o);
	free(e);
	return out;
}

static char *lr_ratio(const char *type, const char *name, const struct qty *enf, const json_t *req,
		      const json_t *lim)
{
	struct qty r, l;
	bool hr = qty_from_json(json_object_get(req, name), &r),
	     hl = qty_from_json(json_object_get(lim, name), &l);
	char *e = qty_string(enf), *out = NULL;
	double ratio;

	if (!hr || qty_is_zero(&r))
		out = xasprintf("%s max limit to request ratio per %s is %s, but no request is "
				"specified or request is 0",
				name, type, e);
	else if (!hl || qty_is_zero(&l))
		out = xasprintf("%s max limit to request ratio per %s is %s, but no limit is "
				"specified or limit is 0",
				name, type, e);
	else {
		ratio = (double)qty_milli(&l) / (double)qty_milli(&r);
		if (ratio * 1000 > (double)qty_milli(enf))
			out = xasprintf("%s max limit to request ratio per %s is %s, but provided "
					"ratio is %f",
					name, type, e, ratio);
	}
	free(e);
	return out;
}

/* Every min, max and ratio of one limit item against one set of requests and limits. */
static void lr_check_item(json_t *msgs, const json_t *item, const json_t *req, const json_t *lim,
			  bool claim)
{
	static const char *const maps[] = {"min", "max", "maxLimitRequestRatio", NULL};
	const char *type = jx_str(item, "type") ?: "";

	for (int m = 0; maps[m] && !(claim && m == 2); m++) {
		const json_t *bounds = json_object_get(item, maps[m]);
		size_t n;
		const char **keys = sorted_keys(bounds, &n);

		for (size_t i = 0; i < n; i++) {
			struct qty e;
			char *msg;

			if (!qty_from_json(json_object_get(bounds, keys[i]), &e))
				continue;
			if (m == 0)
				msg = lr_min(type, keys[i], &e, req, lim);
			else if (m == 1)
				msg = claim ? lr_max_request(type, keys[i], &e, req)
					    : lr_max(type, keys[i], &e, req, lim);
			else
				msg = lr_ratio(type, keys[i], &e, req, lim);
			if (msg)
				msg_add(msgs, msg);
		}
		free(keys);
	}
}

static void lr_check_pod(json_t *msgs, const json_t *item, const json_t *spec)
{
	const char *type = jx_str(item, "type") ?: "";
	json_t *c;
	size_t j;

	if (!strcmp(type, "Container")) {
		for (int l = 0; container_lists[l]; l++)
			json_array_foreach(json_object_get(spec, container_lists[l]), j, c)
			    lr_check_item(msgs, item, jx_get(c, "resources.requests"),
					  jx_get(c, "resources.limits"), false);
	} else if (!strcmp(type, "Pod")) {
		json_t *req = rl_pod_total(spec, "requests", false);
		json_t *lim = rl_pod_total(spec, "limits", false);
		lr_check_item(msgs, item, req, lim, false);
		json_decref(req);
		json_decref(lim);
	}
}

char *adm_limit_check(const char *kind, const json_t *obj, const json_t *ranges)
{
	bool pod = !strcmp(kind, "Pod");
	json_t *msgs = json_array(), *lr, *it;
	size_t i, j;
	char *out;

	json_array_foreach(ranges, i, lr) json_array_foreach(jx_get(lr, "spec.limits"), j, it)
	{
		if (pod)
			lr_check_pod(msgs, it, json_object_get(obj, "spec"));
		else if (!strcmp(jx_str(it, "type") ?: "", "PersistentVolumeClaim"))
			lr_check_item(msgs, it, jx_get(obj, "spec.resources.requests"), NULL, true);
	}
	out = msg_join(msgs);
	json_decref(msgs);
	return out;
}

/* ---- ServiceAccount ---- */

bool adm_sa_automount(const json_t *pod, const json_t *sa)
{
	json_t *v = jx_get(pod, "spec.automountServiceAccountToken");

	if (json_is_boolean(v))
		return json_is_true(v);
	v = json_object_get(sa, "automountServiceAccountToken");
	return json_is_boolean(v) ? json_is_true(v) : true;
}

/* The bound token, the cluster's CA and the namespace, as upstream projects them. */
static json_t *token_volume(const char *name)
{
	return json_pack("{s:s, s:{s:[{s:{s:i, s:s}}, {s:{s:s, s:[{s:s, s:s}]}}, "
			 "{s:{s:[{s:s, s:{s:s, s:s}}]}}], s:i}}",
			 "name", name, "projected", "sources", "serviceAccountToken",
			 "expirationSeconds", 3607, "path", "token", "configMap", "name",
			 "kube-root-ca.crt", "items", "key", "ca.crt", "path", "ca.crt",
			 "downwardAPI", "items", "path", "namespace", "fieldRef", "apiVersion",
			 "v1", "fieldPath", "metadata.namespace", "defaultMode", 420);
}

static bool mounts_token_path(const json_t *c)
{
	size_t i;
	json_t *m;

	json_array_foreach(json_object_get(c, "volumeMounts"), i, m)
	{
		if (!strcmp(jx_str(m, "mountPath") ?: "", SA_MOUNT_PATH))
			return true;
	}
	return false;
}

void adm_sa_mount(json_t *pod, const char *volume_name)
{
	json_t *spec = jx_obj(pod, "spec"), *v, *c, *vols;
	const char *name = volume_name;
	bool have = false, needed = false;
	size_t i;

	if (!spec)
		return;
	json_array_foreach(json_object_get(spec, "volumes"), i, v)
	{
		const char *vn = jx_str(v, "name") ?: "";
		if (!strncmp(vn, "kube-api-access-", 16)) {
			name = vn;
			have = true;
			break;
		}
	}
	for (int l = 0; container_lists[l]; l++)
		json_array_foreach(json_object_get(spec, container_lists[l]), i, c)
		{
			json_t *mounts;
			if (!json_is_object(c) || mounts_token_path(c))
				continue;
			mounts = json_object_get(c, "volumeMounts");
			if (!json_is_array(mounts)) {
				mounts = json_array();
				json_object_set_new(c, "volumeMounts", mounts);
			}
			json_array_append_new(mounts,
					      json_pack("{s:s, s:b, s:s}", "name", name, "readOnly",
							1, "mountPath", SA_MOUNT_PATH));
			needed = true;
		}
	if (have || !needed)
		return;
	vols = json_object_get(spec, "volumes");
	if (!json_is_array(vols)) {
		vols = json_array();
		json_object_set_new(spec, "volumes", vols);
	}
	json_array_append_new(vols, token_volume(name));
}

/* ---- DefaultTolerationSeconds ---- */

void adm_tolerations(json_t *pod)
{
	static const char *const keys[] = {"node.kubernetes.io/not-ready",
					   "node.kubernetes.io/unreachable", NULL};
	json_t *spec = json_object_get(pod, "spec"), *tols, *t;
	bool found[2] = {false, false};
	size_t i;

	if (!json_is_object(spec))
		return;
	tols = json_object_get(spec, "tolerations");
	json_array_foreach(tols, i, t)
	{
		const char *key = jx_str(t, "key") ?: "", *eff = jx_str(t, "effect") ?: "";
		for (int k = 0; keys[k]; k++)
			if ((!*key || !strcmp(key, keys[k])) &&
			    (!*eff || !strcmp(eff, "NoExecute")))
				found[k] = true;
	}
	for (int k = 0; keys[k]; k++) {
		if (found[k])
			continue;
		if (!json_is_array(tols)) {
			tols = json_array();
			json_object_set_new(spec, "tolerations", tols);
		}
		json_array_append_new(tols, json_pack("{s:s, s:s, s:s, s:i}", "key", keys[k],
						      "operator", "Exists", "effect", "NoExecute",
						      "tolerationSeconds", 300));
	}
}

/* ---- Priority ---- */

/* The classes the API server creates for itself; served even before they are stored. */
static const struct {
	const char *name;
	json_int_t value;
} system_classes[] = {
    {"system-node-critical", 2000001000},
    {"system-cluster-critical", 2000000000},
};

static const json_t *class_named(const json_t *classes, const char *name)
{
	size_t i;
	json_t *c;

	json_array_foreach(classes, i, c)
	{
		if (!strcmp(jx_str(c, "metadata.name") ?: "", name))
			return c;
	}
	return NULL;
}

/* The global default; with several (a race upstream allows too), the lowest. */
static const json_t *class_default(const json_t *classes)
{
	const json_t *best = NULL;
	size_t i;
	json_t *c;

	json_array_foreach(classes, i, c)
	{
		if (jx_bool(c, "globalDefault", false) &&
		    (!best || jx_int(c, "value", 0) < jx_int(best, "value", 0)))
			best = c;
	}
	return best;
}

char *adm_priority(json_t *pod, const json_t *classes)
{
	json_t *spec = jx_obj(pod, "spec"), *v;
	const char *pcn = jx_str(spec, "priorityClassName"), *policy = "PreemptLowerPriority";
	const json_t *pc = NULL;
	json_int_t prio = 0;

	if (!spec)
		return NULL;
	if (!pcn || !*pcn) {
		if ((pc = class_default(classes)))
			jx_set_str(spec, "priorityClassName", jx_str(pc, "metadata.name"));
	} else if (!(pc = class_named(classes, pcn))) {
		size_t i;
		for (i = 0; i < sizeof(system_classes) / sizeof(system_classes[0]); i++)
			if (!strcmp(pcn, system_classes[i].name))
				break;
		if (i == sizeof(system_classes) / sizeof(system_classes[0]))
			return xasprintf("no PriorityClass with name %s was found", pcn);
		prio = system_classes[i].value;
	}
	if (pc) {
		prio = jx_int(pc, "value", 0);
		policy = jx_str(pc, "preemptionPolicy") ?: policy;
	}
	v = json_object_get(spec, "priority");
	if (json_is_integer(v) && json_integer_value(v) != prio)
		return xasprintf("the integer value of priority (%lld) must not be provided in pod "
				 "spec; priority admission controller computed %lld from the given "
				 "PriorityClass name",
				 (long long)json_integer_value(v), (long long)prio);
	json_object_set_new(spec, "priority", json_integer(prio));
	if (jx_str(spec, "preemptionPolicy") && strcmp(jx_str(spec, "preemptionPolicy"), policy))
		return xasprintf(
		    "the string value of PreemptionPolicy (%s) must not be provided in "
		    "pod spec; priority admission controller computed %s from the "
		    "given PriorityClass name",
		    jx_str(spec, "preemptionPolicy"), policy);
	json_object_set_new(spec, "preemptionPolicy", json_string(policy));
	return NULL;
}

/* ---- ResourceQuota: what objects use ---- */

/* Quota on these makes every container state its own value (an old upstream rule kept). */
static const char *const pod_required[] = {
    "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory", NULL};

static bool is_core(const struct kind *k, const char *resource)
{
	k = kind_storage(k);
	return !*k->group && !strcmp(k->resource, resource);
}

/* The group-resource quota names k by: "pods", "deployments.apps". */
static const char *quota_gr(const struct kind *k, char *buf, size_t n)
{
	k = kind_storage(k);
	if (*k->group)
		snprintf(buf, n, "%s.%s", k->resource, k->group);
	else
		snprintf(buf, n, "%s", k->resource);
	return buf;
}

static bool quota_cares(const struct kind *k, const json_t *hard)
{
	const char *name;
	char gr[256];
	json_t *v;

	quota_gr(k, gr, sizeof(gr));
	json_object_foreach((json_t *)hard, name, v) if (quota_charges(gr, name)) return true;
	return false;
}

json_t *adm_usage(const struct kind *k, const json_t *obj)
{
	char gr[256];

	return quota_usage(quota_gr(k, gr, sizeof(gr)), obj, time(NULL));
}

/* ---- ResourceQuota: scopes ---- */

bool adm_quota_matches(const struct kind *k, const json_t *quota, const json_t *obj)
{
	return quota_cares(k, jx_get(quota, "spec.hard")) &&
	       quota_scopes_match(quota, is_core(k, "pods"), obj);
}

/* ---- ResourceQuota: the check ---- */

/* Every container states each compute resource the quota limits, or the pod is refused. */
static char *pod_constraints(const json_t *pod, const json_t *hard)
{
	const json_t *spec = json_object_get(pod, "spec");
	json_t *missing = json_object(), *c, *names;
	char *out = NULL;
	size_t i;

	for (int l = 0; container_lists[l]; l++)
		json_array_foreach(json_object_get(spec, container_lists[l]), i, c)
		{
			json_t *have = json_object();
			quota_compute_usage(have, jx_get(c, "resources.requests"),
				      jx_get(c, "resources.limits"));
			for (int p = 0; pod_required[p]; p++) {
				if (!json_object_get(hard, pod_required[p]) ||
				    json_object_get(have, pod_required[p]))
					continue;
				if (!(names = json_object_get(missing, pod_required[p]))) {
					names = json_array();
					json_object_set_new(missing, pod_required[p], names);
				}
				if (!jx_has_str(names, jx_str(c, "name") ?: ""))
					json_array_append_new(names,
							      json_string(jx_str(c, "name") ?: ""));
			}
			json_decref(have);
		}
	if (json_object_size(missing)) {
		size_t n;
		const char **keys = sorted_keys(missing, &n);
		out = xstrdup("must specify ");
		for (i = 0; i < n; i++) {
			char *who = str_join(json_object_get(missing, keys[i]), ",", true);
			char *next = xasprintf("%s%s%s for: %s", out, i ? "; " : "", keys[i], who);
			free(who);
			free(out);
			out = next;
		}
		free(keys);
	}
	json_decref(missing);
	return out;
}

/* What the write adds: obj's usage less old's, without zeros. */
static json_t *usage_delta(const struct kind *k, const json_t *obj, const json_t *old)
{
	json_t *d = adm_usage(k, obj), *prev, *v;
	const char *name;
	void *tmp;
	struct qty q;

	if (old) {
		prev = adm_usage(k, old);
		json_object_foreach(prev, name, v) if (qty_from_json(v, &q))
		    rl_add(d, name, &q, true);
		json_decref(prev);
	}
	json_object_foreach_safe(d, tmp, name, v)
	{
		if (qty_from_json(v, &q) && qty_is_zero(&q))
			json_object_del(d, name);
	}
	return d;
}

char *adm_quota_check(const struct kind *k, const json_t *quota, const json_t *used,
		      const json_t *obj, const json_t *old)
{
	const json_t *hard = jx_get(quota, "spec.hard");
	const char *qname = jx_str(quota, "metadata.name") ?: "";
	json_t *delta, *req, *over, *v;
	char *msg = NULL;
	const char *name;

	if (is_core(k, "pods") && (msg = pod_constraints(obj, hard))) {
		char *out = xasprintf("failed quota: %s: %s", qname, msg);
		free(msg);
		return out;
	}
	delta = usage_delta(k, obj, old);
	req = rl_mask(delta, hard);
	over = json_object();
	json_object_foreach(req, name, v)
	{
		struct qty u, r, h;
		if (!qty_from_json(json_object_get(used, name), &u))
			qty_from_int(&u, 0, QTY_DECIMAL_SI);
		if (!qty_from_json(v, &r) || !qty_from_json(json_object_get(hard, name), &h))
			continue;
		qty_add(&u, &r);
		if (qty_cmp(&u, &h) > 0)
			json_object_set_new(over, name, json_true());
	}
	if (json_object_size(over)) {
		json_t *fr = rl_mask(req, over), *fu = rl_mask(used, over),
		       *fh = rl_mask(hard, over);
		char *a = rl_pretty(fr), *b = rl_pretty(fu), *c = rl_pretty(fh);
		msg = xasprintf("exceeded quota: %s, requested: %s, used: %s, limited: %s", qname,
				a, b, c);
		free(a);
		free(b);
		free(c);
		json_decref(fr);
		json_decref(fu);
		json_decref(fh);
	}
	json_decref(over);
	json_decref(req);
	json_decref(delta);
	return msg;
}

/* ---- reading the caches ---- */

static const struct kind *kind_of(const char *group, const char *resource)
{
	return kind_by_resource(group, NULL, resource);
}

/* The objects of kind k in ns (NULL: all), parsed: a new array. */
static json_t *list_objects(const struct kind *k, const char *ns)
{
	struct filter f = {.ns = ns};
	struct centry **items;
	size_t remaining, n = cache_list(cache_of(k), &f, NULL, 0, &items, &remaining);
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_loadb(items[i]->json, items[i]->len, 0, NULL);
		if (o)
			json_array_append_new(arr, o);
		centry_unref(items[i]);
	}
	free(items);
	return arr;
}

static const struct kind *quota_kind(void)
{
	return kind_of("", "resourcequotas");
}

static bool is_quota(const struct kind *k)
{
	return is_core(k, "resourcequotas");
}

/* Kinds whose objects quota counts, each cache once. */
static bool countable(const struct kind *k)
{
	return kind_namespaced(k) && kind_storage(k) == k &&
	       !(k->flags & (K_NOWATCH | K_CREATEONLY));
}

/* What ns uses of everything quota limits, from the caches. */
static json_t *ns_used(const json_t *quota, const char *ns)
{
	const json_t *hard = jx_get(quota, "spec.hard");
	json_t *used = json_object(), *objs, *o, *v;
	const char *name;
	size_t j;

	json_object_foreach((json_t *)hard, name, v) rl_set_int(used, name, 0);
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		if (!countable(k) || !quota_cares(k, hard))
			continue;
		objs = list_objects(k, ns);
		json_array_foreach(objs, j, o)
		{
			json_t *u, *m;
			if (!adm_quota_matches(k, quota, o))
				continue;
			u = adm_usage(k, o);
			m = rl_mask(u, hard);
			rl_add_all(used, m);
			json_decref(m);
			json_decref(u);
		}
		json_decref(objs);
	}
	return used;
}

/* status as upstream's quota controller keeps it: hard as in the spec, used as counted. */
static json_t *quota_status(const json_t *quota, const json_t *used)
{
	return json_pack("{s:O, s:O}", "hard", jx_get(quota, "spec.hard") ?: json_object(), "used",
			 used);
}

/* ---- quota status writes ---- */

struct swrite {
	void (*done)(void *arg, bool ok);
	void *arg;
};

static void status_written(void *arg, const char *err, struct etcd_resp *r)
{
	struct swrite *w = arg;
	bool ok = !err && r->succeeded;

	if (ok)
		cache_fence(cache_of(quota_kind()), r->revision);
	else
		log_v(2, "admission: quota status write lost (%s)", err ? err : "conflict");
	if (w->done)
		w->done(w->arg, ok);
	free(w);
}

/* Write status into the stored quota q (as read at revision rev) if it changed. Returns
 * whether a write was started; done follows it. */
static bool status_put(const json_t *q, json_t *status, void (*done)(void *, bool), void *arg)
{
	const char *rvs = jx_str(q, "metadata.resourceVersion");
	int64_t rev = rvs ? strtoll(rvs, NULL, 10) : 0;
	json_t *o;
	struct swrite *w;
	char *key, *bytes;
	size_t len;

	if (rev <= 0 || jx_equal(json_object_get(q, "status"), status))
		return false;
	o = json_deep_copy(q);
	json_object_set(o, "status", status);
	key = reg_key(quota_kind(), jx_str(q, "metadata.namespace"), jx_str(q, "metadata.name"));
	bytes = reg_storage_bytes(quota_kind(), key, o, &len);
	w = xcalloc(1, sizeof(*w));
	w->done = done;
	w->arg = arg;
	etcd_cas_put(g_as->etcd, key, rev, bytes, len, 0, status_written, w);
	free(key);
	free(bytes);
	json_decref(o);
	return true;
}

/* ---- quota status sync: usage changes outside admission (deletes, phase changes) ---- */

static struct {
	bool watching;
	struct hmap dirty; /* namespace -> its own name (malloc'd) */
	struct event *timer;
} syncer;

static struct hmap gates; /* namespace -> struct gate; a zeroed map is empty */

static void sync_arm(int ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	if (!syncer.timer || evtimer_pending(syncer.timer, NULL))
		return;
	evtimer_add(syncer.timer, &tv);
}

static void sync_mark(const char *ns)
{
	char *copy;

	if (!syncer.watching || hmap_get(&syncer.dirty, ns))
		return;
	copy = xstrdup(ns);
	hmap_put(&syncer.dirty, copy, copy);
	sync_arm(100);
}

static void sync_done(void *arg, bool ok)
{
	char *ns = arg;

	if (!ok)
		sync_mark(ns);
	free(ns);
}

static void sync_ns(const char *ns)
{
	json_t *quotas = list_objects(quota_kind(), ns), *q;
	size_t i;

	json_array_foreach(quotas, i, q)
	{
		json_t *used = ns_used(q, ns), *status = quota_status(q, used);
		char *arg = xstrdup(ns);
		if (!status_put(q, status, sync_done, arg))
			free(arg);
		json_decref(status);
		json_decref(used);
	}
	json_decref(quotas);
}

static void sync_run(evutil_socket_t fd, short what, void *arg)
{
	const char *ns;
	void *v;
	bool busy = false;

	(void)fd;
	(void)what;
	(void)arg;
	for (size_t i = 0; (i = hmap_next(&syncer.dirty, i, &ns, &v));) {
		/* A namespace in a quota turn is synced after it. */
		if (hmap_get(&gates, ns)) {
			busy = true;
			continue;
		}
		sync_ns(ns);
		hmap_del(&syncer.dirty, ns);
		free(v);
	}
	if (busy)
		sync_arm(100);
}

static bool ns_has_quota(const char *ns)
{
	struct filter f = {.ns = ns};
	struct centry **items;
	size_t remaining, n = cache_list(cache_of(quota_kind()), &f, NULL, 1, &items, &remaining);

	for (size_t i = 0; i < n; i++)
		centry_unref(items[i]);
	free(items);
	return n > 0;
}

static struct {
	int64_t unused;
} watch_token;

static void sync_event(struct watcher *w, const struct cevent *ev)
{
	(void)w;
	if (ev->obj && ev->obj->ns && *ev->obj->ns && ns_has_quota(ev->obj->ns))
		sync_mark(ev->obj->ns);
}

/* Watch every countable kind once the caches are up; then bring every quota up to date. */
static void sync_start(void)
{
	json_t *quotas, *q;
	size_t i;

	if (syncer.watching || !g_as)
		return;
	for (int k = 0; k < nkinds; k++)
		if (countable(&kinds[k]) && !cache_ready(cache_of(&kinds[k])))
			return;
	syncer.watching = true;
	syncer.timer = evtimer_new(g_as->base, sync_run, NULL);
	for (int k = 0; k < nkinds; k++) {
		struct cache *c = cache_of(&kinds[k]);
		if (countable(&kinds[k]) &&
		    cache_watch(c, (struct watcher *)&watch_token, cache_rev(c), sync_event))
			log_warn("admission: cannot watch %s for quota", kinds[k].resource);
	}
	quotas = list_objects(quota_kind(), NULL);
	json_array_foreach(quotas, i, q) sync_mark(jx_str(q, "metadata.namespace") ?: "");
	json_decref(quotas);
}

/* ---- ResourceQuota: one quota-checked create at a time per namespace ---- */

struct gate {
	char *ns;
	struct adm_turn *head, *tail;
	struct adm_turn *cur;
	bool running; /* gate_next is on the stack: turns ending inside it only clear cur */
};

struct adm_turn {
	struct gate *g;
	const struct kind *k;
	json_t *obj;
	bool dry_run;
	int writes; /* quota status writes in flight */
	adm_go_fn go;
	void *arg;
	struct adm_turn *next;
};

static void gate_next(struct gate *g);

/* Does this create wait for its namespace's turn? Only if some quota there counts it. */
static bool needs_turn(const struct rinfo *ri)
{
	json_t *quotas, *q;
	bool cares = false;
	size_t i;

	if (!kind_namespaced(ri->k) || !ri->ns || !countable(kind_storage(ri->k)))
		return false;
	if (is_quota(ri->k))
		return true;
	if (!plugin_on(P_RESOURCE_QUOTA))
		return false;
	quotas = list_objects(quota_kind(), ri->ns);
	json_array_foreach(quotas, i, q) cares |= quota_cares(ri->k, jx_get(q, "spec.hard"));
	json_decref(quotas);
	return cares;
}

void adm_quota_enter(struct rinfo *ri, json_t *obj, adm_go_fn go, void *arg)
{
	struct adm_turn *t;
	struct gate *g;

	sync_start();
	if (!needs_turn(ri)) {
		go(arg, obj, NULL, NULL);
		return;
	}
	if (!(g = hmap_get(&gates, ri->ns))) {
		g = xcalloc(1, sizeof(*g));
		g->ns = xstrdup(ri->ns);
		hmap_put(&gates, g->ns, g);
	}
	t = xcalloc(1, sizeof(*t));
	t->g = g;
	t->k = ri->k;
	t->obj = obj;
	t->dry_run = ri->dry_run;
	t->go = go;
	t->arg = arg;
	if (g->tail)
		g->tail->next = t;
	else
		g->head = t;
	g->tail = t;
	if (!g->cur)
		gate_next(g);
}

static void turn_go(struct adm_turn *t)
{
	json_t *obj = t->obj;

	t->obj = NULL;
	t->go(t->arg, obj, t, NULL);
}

static void turn_written(void *arg, bool ok)
{
	struct adm_turn *t = arg;

	if (!ok)
		sync_mark(t->g->ns);
	if (--t->writes == 0)
		turn_go(t);
}

/* A new quota starts with its status filled in, as the quota controller would. */
static void quota_initial_status(json_t *quota, const char *ns)
{
	json_t *used = ns_used(quota, ns), *mine, *m;

	if (adm_quota_matches(quota_kind(), quota, quota)) {
		mine = adm_usage(quota_kind(), quota);
		m = rl_mask(mine, jx_get(quota, "spec.hard"));
		rl_add_all(used, m);
		json_decref(m);
		json_decref(mine);
	}
	json_object_set_new(quota, "status", quota_status(quota, used));
	json_decref(used);
}

/* Check the turn's object against every quota of the namespace; on success, charge it to
 * their status (as upstream's admission does) before the object is stored. */
static json_t *turn_check(struct adm_turn *t, json_t *charged)
{
	const char *ns = t->g->ns;
	json_t *quotas = list_objects(quota_kind(), ns), *q, *st = NULL;
	size_t i;

	json_array_foreach(quotas, i, q)
	{
		json_t *used, *delta, *m;
		char *msg;
		if (!adm_quota_matches(t->k, q, t->obj))
			continue;
		used = ns_used(q, ns);
		if ((msg = adm_quota_check(t->k, q, used, t->obj, NULL))) {
			st = st_forbidden(t->k->group, t->k->resource,
					  jx_str(t->obj, "metadata.name") ?: "", msg);
			free(msg);
			json_decref(used);
			break;
		}
		delta = usage_delta(t->k, t->obj, NULL);
		m = rl_mask(delta, jx_get(q, "spec.hard"));
		rl_add_all(used, m);
		json_array_append_new(charged, json_pack("{s:O, s:o}", "quota", q, "used", used));
		json_decref(m);
		json_decref(delta);
	}
	json_decref(quotas);
	return st;
}

static void turn_start(struct adm_turn *t)
{
	json_t *charged = json_array(), *c, *st;
	size_t i;

	if ((st = turn_check(t, charged))) {
		struct gate *g = t->g;
		json_decref(t->obj);
		t->go(t->arg, NULL, NULL, st);
		free(t);
		g->cur = NULL;
		json_decref(charged);
		return;
	}
	if (is_quota(t->k))
		quota_initial_status(t->obj, t->g->ns);
	t->writes = 1; /* held until every write is started */
	json_array_foreach(charged, i, c)
	{
		json_t *q = json_object_get(c, "quota");
		json_t *status = quota_status(q, json_object_get(c, "used"));
		if (!t->dry_run && status_put(q, status, turn_written, t))
			t->writes++;
		json_decref(status);
	}
	json_decref(charged);
	turn_written(t, true);
}

static void gate_next(struct gate *g)
{
	if (g->running)
		return;
	g->running = true;
	while (!g->cur && g->head) {
		struct adm_turn *t = g->head;
		g->head = t->next;
		if (!g->head)
			g->tail = NULL;
		g->cur = t;
		turn_start(t);
	}
	g->running = false;
	if (!g->cur && !g->head) {
		hmap_del(&gates, g->ns);
		free(g->ns);
		free(g);
	}
}

static void turn_end(void *arg)
{
	struct adm_turn *t = arg;
	struct gate *g = t->g;

	g->cur = NULL;
	free(t);
	gate_next(g);
}

void adm_quota_leave(struct adm_turn *t, const json_t *stored)
{
	const char *rvs = stored ? jx_str(stored, "metadata.resourceVersion") : NULL;
	int64_t rev = rvs ? strtoll(rvs, NULL, 10) : 0;

	if (!t)
		return;
	if (rev <= 0 || t->dry_run) {
		/* Charged but not stored: the statuses need a recount. */
		if (!t->dry_run)
			sync_mark(t->g->ns);
		turn_end(t);
		return;
	}
	/* The next turn counts from the cache, so it must hold this write first. */
	cache_wait(cache_of(t->k), rev, turn_end, t);
}

/* ---- the chain ---- */

static json_t *forbid(const struct rinfo *ri, const json_t *obj, char *why)
{
	json_t *st = st_forbidden(ri->k->group, ri->k->resource,
				  jx_str(obj, "metadata.name") ?: (ri->name ?: ""), why);
	free(why);
	return st;
}

/* NamespaceLifecycle: no new content in a missing or terminating namespace. */
static json_t *admit_namespace(const struct rinfo *ri)
{
	struct centry *e;
	json_t *st;

	if (!kind_namespaced(ri->k) || !ri->ns)
		return NULL;
	e = cache_get(cache_of(kind_of("", "namespaces")), NULL, ri->ns);
	if (!e)
		return st_not_found("", "namespaces", ri->ns);
	if (!strstr(e->json, "\"phase\":\"Terminating\""))
		return NULL;
	st = st_forbidden(ri->k->group, ri->k->resource, "",
			  "unable to create new content in namespace because it is being "
			  "terminated");
	json_object_set_new(st, "message",
			    json_sprintf("%s \"\" is forbidden: unable to create new content in "
					 "namespace %s because it is being terminated",
					 ri->k->resource, ri->ns));
	return st;
}

/* ServiceAccount: the default account, its token mounted, its image pull secrets. The
 * account must exist, except "default" while no controller creates it yet. */
static json_t *admit_service_account(const struct rinfo *ri, json_t *pod)
{
	static const char alpha[] = "bcdfghjklmnpqrstvwxz2456789";
	json_t *spec = jx_obj(pod, "spec"), *sa = NULL, *st = NULL;
	const char *name = jx_str(spec, "serviceAccountName");
	unsigned char r[5];
	char vol[32];
	struct centry *e;

	if (json_object_get(jx_get(pod, "metadata.annotations"), "kubernetes.io/config.mirror"))
		return NULL;
	if (!name || !*name)
		name = jx_str(spec, "serviceAccount");
	jx_set_str(spec, "serviceAccountName", name && *name ? name : "default");
	name = jx_str(spec, "serviceAccountName");
	jx_set_str(spec, "serviceAccount", name);
	e = cache_get(cache_of(kind_of("", "serviceaccounts")), ri->ns, name);
	if (e)
		sa = json_loadb(e->json, e->len, 0, NULL);
	else if (strcmp(name, "default"))
		return forbid(ri, pod,
			      xasprintf("error looking up service account %s/%s: serviceaccount "
					"\"%s\" not found",
					ri->ns, name, name));
	if (adm_sa_automount(pod, sa)) {
		RAND_bytes(r, sizeof(r));
		snprintf(vol, sizeof(vol), "kube-api-access-%c%c%c%c%c",
			 alpha[r[0] % (sizeof(alpha) - 1)], alpha[r[1] % (sizeof(alpha) - 1)],
			 alpha[r[2] % (sizeof(alpha) - 1)], alpha[r[3] % (sizeof(alpha) - 1)],
			 alpha[r[4] % (sizeof(alpha) - 1)]);
		adm_sa_mount(pod, vol);
	}
	if (!json_array_size(json_object_get(spec, "imagePullSecrets")) &&
	    json_array_size(json_object_get(sa, "imagePullSecrets"))) {
		json_t *list = json_array(), *s;
		size_t i;
		json_array_foreach(json_object_get(sa, "imagePullSecrets"), i, s)
		    json_array_append_new(list,
					  json_pack("{s:s}", "name", jx_str(s, "name") ?: ""));
		json_object_set_new(spec, "imagePullSecrets", list);
	}
	json_decref(sa); /* e was borrowed from the cache: no reference to drop */
	return st;
}

static json_t *admit_pod_create(const struct rinfo *ri, json_t *pod)
{
	json_t *ranges, *classes, *st;
	char *msg;

	if (plugin_on(P_LIMIT_RANGER)) {
		ranges = list_objects(kind_of("", "limitranges"), ri->ns);
		adm_limit_default(pod, ranges);
		json_decref(ranges);
	}
	if (plugin_on(P_SERVICE_ACCOUNT) && (st = admit_service_account(ri, pod)))
		return st;
	if (plugin_on(P_NODE_RESTRICTION) && (st = nr_admit(ri, pod, NULL)))
		return st;
	if (plugin_on(P_PRIORITY)) {
		classes = list_objects(kind_of("scheduling.k8s.io", "priorityclasses"), NULL);
		msg = adm_priority(pod, classes);
		json_decref(classes);
		if (msg)
			return forbid(ri, pod, msg);
	}
	if (plugin_on(P_DEFAULT_TOLERATION_SECONDS))
		adm_tolerations(pod);
	return NULL;
}

/* Priority was settled at create; an update that drops it keeps the stored one. */
static void admit_pod_update(json_t *pod, const json_t *old)
{
	static const char *const kept[] = {"priority", "preemptionPolicy", NULL};
	json_t *spec = json_object_get(pod, "spec");

	for (int i = 0; kept[i] && json_is_object(spec); i++)
		if (!json_object_get(spec, kept[i]) && jx_get(old, "spec") &&
		    json_object_get(jx_get(old, "spec"), kept[i]))
			json_object_set(spec, kept[i],
					json_object_get(jx_get(old, "spec"), kept[i]));
}

json_t *adm_mutate(struct rinfo *ri, json_t *obj, const json_t *old)
{
	json_t *st;

	sync_start();
	if (!old && plugin_on(P_NAMESPACE_LIFECYCLE) && (st = admit_namespace(ri)))
		return st;
	if (!ri->sub && !old && is_core(ri->k, "pods"))
		return admit_pod_create(ri, obj);
	if (plugin_on(P_NODE_RESTRICTION) && (st = nr_admit(ri, obj, old)))
		return st;
	if (ri->sub)
		return NULL;
	if (is_core(ri->k, "pods") && plugin_on(P_PRIORITY))
		return admit_pod_update(obj, old), NULL;
	if (old && is_quota(ri->k) && ri->ns) {
		json_t *used = ns_used(obj, ri->ns);
		json_object_set_new(obj, "status", quota_status(obj, used));
		json_decref(used);
	}
	return NULL;
}

/* Priority: one global default class at most. */
static json_t *validate_priority_class(const struct rinfo *ri, const json_t *pc)
{
	json_t *classes, *c;
	const char *name = jx_str(pc, "metadata.name") ?: "", *other;
	json_t *st = NULL;
	size_t i;

	if (!jx_bool(pc, "globalDefault", false))
		return NULL;
	classes = list_objects(ri->k, NULL);
	json_array_foreach(classes, i, c)
	{
		other = jx_str(c, "metadata.name") ?: "";
		if (jx_bool(c, "globalDefault", false) && strcmp(other, name)) {
			st = forbid(ri, pc,
				    xasprintf("PriorityClass %s is already marked as default. Only "
					      "one default can exist",
					      other));
			break;
		}
	}
	json_decref(classes);
	return st;
}

/* ResourceQuota outside the gate, against the cache: updates of services and claims, and
 * creates by server-side apply (which take the update path). */
static json_t *validate_quota(const struct rinfo *ri, const json_t *obj, const json_t *old)
{
	json_t *quotas, *q, *st = NULL;
	size_t i;

	if (old && !is_core(ri->k, "services") && !is_core(ri->k, "persistentvolumeclaims"))
		return NULL;
	quotas = list_objects(quota_kind(), ri->ns);
	json_array_foreach(quotas, i, q)
	{
		json_t *used;
		char *msg;
		if (!adm_quota_matches(ri->k, q, obj))
			continue;
		used = ns_used(q, ri->ns);
		msg = adm_quota_check(ri->k, q, used, obj, old);
		json_decref(used);
		if (msg) {
			st = forbid(ri, obj, msg);
			break;
		}
	}
	json_decref(quotas);
	return st;
}

json_t *adm_validate(struct rinfo *ri, const json_t *obj, const json_t *old)
{
	bool pod = is_core(ri->k, "pods"), pvc = is_core(ri->k, "persistentvolumeclaims");
	json_t *ranges, *st;
	char *msg;

	if (ri->sub)
		return NULL;
	/* LimitRanger leaves pod updates alone: containers' resources cannot change. */
	if (plugin_on(P_LIMIT_RANGER) && ri->ns && ((pod && !old) || pvc)) {
		ranges = list_objects(kind_of("", "limitranges"), ri->ns);
		msg = adm_limit_check(pod ? "Pod" : "PersistentVolumeClaim", obj, ranges);
		json_decref(ranges);
		if (msg)
			return forbid(ri, obj, msg);
	}
	if (plugin_on(P_PRIORITY) && !strcmp(kind_storage(ri->k)->resource, "priorityclasses") &&
	    (st = validate_priority_class(ri, obj)))
		return st;
	if (plugin_on(P_RESOURCE_QUOTA) && (old || ri->applying) && ri->ns &&
	    kind_namespaced(ri->k) && (st = validate_quota(ri, obj, old)))
		return st;
	return NULL;
}

json_t *adm_delete(struct rinfo *ri, const json_t *cur)
{
	return plugin_on(P_NODE_RESTRICTION) ? nr_delete(ri, cur) : NULL;
}

json_t *adm_token_request(struct rinfo *ri, const json_t *tr)
{
	return plugin_on(P_NODE_RESTRICTION) ? nr_token_request(ri, tr) : NULL;
}
