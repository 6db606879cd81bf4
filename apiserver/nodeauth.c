/*
 * The Node authorizer (--authorization-mode=Node): a kubelet may read the secrets, config maps,
 * claims and volumes of the pods bound to its node and request tokens for their service
 * accounts, read its own Node and Lease, and do what upstream's static node rules allow (the
 * rules of the system:node ClusterRole, from the policy table); for everything else it has
 * no opinion and the next authorizer decides.
 *
 * Upstream keeps a graph of those references, fed by informers. Here each decision walks the
 * watch caches instead: the node's pods in the object's namespace are found by a scan of that
 * namespace's sorted keys matching the pre-extracted spec.nodeName, so a request parses only
 * the JSON of one node's pods in one namespace.
 */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "nodeauth.h"
#include "selector.h"

#define NODE_USER_PREFIX  "system:node:"
#define NODES_GROUP	  "system:nodes"
#define MIRROR_ANNOTATION "kubernetes.io/config.mirror"
#define NODE_LEASE_NS	  "kube-node-lease"

bool nodeauth_identity(const struct user *u, const char **name)
{
	size_t n = strlen(NODE_USER_PREFIX);

	if (!u->name || strncmp(u->name, NODE_USER_PREFIX, n) || !user_in_group(u, NODES_GROUP))
		return false;
	*name = u->name + n;
	return true;
}

/* ---- what a pod refers to ---- */

struct visit {
	nodeauth_ref_fn fn;
	void *ctx;
};

/* Empty names refer to nothing that can exist, so they are not visited. */
static bool ref(const struct visit *v, const char *resource, const json_t *name)
{
	const char *s = json_string_value(name);

	return s && *s && v->fn(v->ctx, resource, s);
}

static bool container_refs(const struct visit *v, const json_t *c)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(c, "envFrom"), i, e)
	{
		if (ref(v, "secrets", jx_get(e, "secretRef.name")) ||
		    ref(v, "configmaps", jx_get(e, "configMapRef.name")))
			return true;
	}
	json_array_foreach(json_object_get(c, "env"), i, e)
	{
		if (ref(v, "secrets", jx_get(e, "valueFrom.secretKeyRef.name")) ||
		    ref(v, "configmaps", jx_get(e, "valueFrom.configMapKeyRef.name")))
			return true;
	}
	return false;
}

/* Volume sources that name a secret of the pod's namespace, and where the name is. */
static const char *const volume_secrets[][2] = {
    {"azureFile", "secretName"},     {"cephfs", "secretRef.name"},
    {"cinder", "secretRef.name"},    {"flexVolume", "secretRef.name"},
    {"rbd", "secretRef.name"},	     {"secret", "secretName"},
    {"scaleIO", "secretRef.name"},   {"iscsi", "secretRef.name"},
    {"storageos", "secretRef.name"}, {"csi", "nodePublishSecretRef.name"},
};

static bool volume_refs(const struct visit *v, const json_t *pod, const json_t *vol)
{
	json_t *src;
	size_t i;
	char *claim;
	bool stop;

	for (i = 0; i < sizeof(volume_secrets) / sizeof(volume_secrets[0]); i++) {
		json_t *s = json_object_get(vol, volume_secrets[i][0]);
		if (s && ref(v, "secrets", jx_get(s, volume_secrets[i][1])))
			return true;
	}
	if (ref(v, "configmaps", jx_get(vol, "configMap.name")))
		return true;
	json_array_foreach(jx_get(vol, "projected.sources"), i, src)
	{
		if (ref(v, "secrets", jx_get(src, "secret.name")) ||
		    ref(v, "configmaps", jx_get(src, "configMap.name")))
			return true;
	}
	if (ref(v, "persistentvolumeclaims", jx_get(vol, "persistentVolumeClaim.claimName")))
		return true;
	if (!json_object_get(vol, "ephemeral"))
		return false;
	/* An ephemeral volume's claim is named for the pod and the volume. */
	claim = xasprintf("%s-%s", jx_str(pod, "metadata.name") ?: "", jx_str(vol, "name") ?: "");
	stop = v->fn(v->ctx, "persistentvolumeclaims", claim);
	free(claim);
	return stop;
}

bool nodeauth_pod_refs(const json_t *pod, nodeauth_ref_fn fn, void *ctx)
{
	static const char *const containers[] = {"initContainers", "containers",
						 "ephemeralContainers"};
	const struct visit v = {fn, ctx};
	const json_t *spec = json_object_get(pod, "spec");
	json_t *e;
	size_t i;

	if (ref(&v, "serviceaccounts", json_object_get(spec, "serviceAccountName")))
		return true;
	json_array_foreach(json_object_get(spec, "imagePullSecrets"), i, e)
	{
		if (ref(&v, "secrets", json_object_get(e, "name")))
			return true;
	}
	for (size_t c = 0; c < sizeof(containers) / sizeof(containers[0]); c++)
		json_array_foreach(json_object_get(spec, containers[c]), i, e)
		{
			if (container_refs(&v, e))
				return true;
		}
	json_array_foreach(json_object_get(spec, "volumes"), i, e)
	{
		if (volume_refs(&v, pod, e))
			return true;
	}
	return false;
}

/* PersistentVolume sources whose secret the kubelet uses: the source, the reference, and
 * whether a reference without a namespace means the bound claim's. */
static const struct {
	const char *source, *ref;
	bool claim_ns;
} pv_secrets[] = {
    {"cephfs", "secretRef", true},	  {"cinder", "secretRef", false},
    {"flexVolume", "secretRef", true},	  {"rbd", "secretRef", true},
    {"scaleIO", "secretRef", true},	  {"iscsi", "secretRef", true},
    {"storageos", "secretRef", false},	  {"csi", "nodePublishSecretRef", false},
    {"csi", "nodeStageSecretRef", false}, {"csi", "nodeExpandSecretRef", false},
};

static bool pv_secret(const char *ns, const json_t *name, nodeauth_secret_fn fn, void *ctx)
{
	const char *s = json_string_value(name);

	return s && *s && fn(ctx, ns ? ns : "", s);
}

bool nodeauth_pv_secrets(const json_t *pv, nodeauth_secret_fn fn, void *ctx)
{
	const json_t *spec = json_object_get(pv, "spec");
	const char *claim_ns = jx_str(spec, "claimRef.namespace") ?: "";
	json_t *az = json_object_get(spec, "azureFile");
	const char *ns;

	if (az) {
		ns = jx_str(az, "secretNamespace");
		return pv_secret(ns && *ns ? ns : claim_ns, json_object_get(az, "secretName"), fn,
				 ctx);
	}
	for (size_t i = 0; i < sizeof(pv_secrets) / sizeof(pv_secrets[0]); i++) {
		json_t *r = jx_get(json_object_get(spec, pv_secrets[i].source), pv_secrets[i].ref);
		if (!r)
			continue;
		ns = jx_str(r, "namespace");
		if (pv_secrets[i].claim_ns && !(ns && *ns))
			ns = claim_ns;
		if (pv_secret(ns, json_object_get(r, "name"), fn, ctx))
			return true;
	}
	return false;
}

/* ---- reachability through the watch caches ---- */

static struct cache *core_cache(const char *resource)
{
	const struct kind *k = kind_by_resource("", "v1", resource);

	return k ? cache_of(k) : NULL;
}

/* A filter on the pods bound to node (escaped: a user name may hold anything). */
static bool node_filter(const char *node, const char *ns, struct filter *f)
{
	size_t n = strlen(node);
	char *sel = xmalloc(2 * n + sizeof("spec.nodeName=")), *p;
	char *err = NULL;
	int rc;

	p = stpcpy(sel, "spec.nodeName=");
	for (size_t i = 0; i < n; i++) {
		if (strchr(",=\\", node[i]))
			*p++ = '\\';
		*p++ = node[i];
	}
	*p = 0;
	memset(f, 0, sizeof(*f));
	f->ns = ns;
	rc = fsel_parse(sel, &f->fs, &err);
	free(sel);
	free(err);
	return rc == 0;
}

typedef bool (*pod_fn)(void *ctx, const json_t *pod);

/* Call fn with each pod bound to node in ns (NULL: every namespace) until it returns true. */
static bool node_pods(const char *node, const char *ns, pod_fn fn, void *ctx)
{
	struct cache *c = core_cache("pods");
	struct centry **items = NULL;
	struct filter f;
	size_t n = 0, remaining;
	bool found = false;

	if (!c || !node_filter(node, ns, &f))
		return false;
	n = cache_list(c, &f, NULL, 0, &items, &remaining);
	for (size_t i = 0; i < n; i++) {
		json_t *pod = found ? NULL : json_loadb(items[i]->json, items[i]->len, 0, NULL);
		found = found || (pod && fn(ctx, pod));
		json_decref(pod);
		centry_unref(items[i]);
	}
	free(items);
	fsel_free(f.fs);
	return found;
}

struct target {
	const char *resource, *name;
};

static bool is_target(void *ctx, const char *resource, const char *name)
{
	const struct target *t = ctx;

	return !strcmp(resource, t->resource) && !strcmp(name, t->name);
}

/* A mirror pod is the node's own making: it grants nothing beyond itself. */
static bool pod_refers(void *ctx, const json_t *pod)
{
	return !json_object_get(jx_get(pod, "metadata.annotations"), MIRROR_ANNOTATION) &&
	       nodeauth_pod_refs(pod, is_target, ctx);
}

static bool pods_refer(const char *node, const char *resource, const char *ns, const char *name)
{
	struct target t = {resource, name};

	return node_pods(node, ns, pod_refers, &t);
}

static bool pod_bound(const char *node, const char *ns, const char *name)
{
	struct cache *c = core_cache("pods");
	struct centry *e = c ? cache_get(c, ns, name) : NULL; /* borrowed */
	struct filter f;
	bool bound;

	if (!e || !node_filter(node, NULL, &f))
		return false;
	bound = centry_match(c, e, &f);
	fsel_free(f.fs);
	return bound;
}

json_t *nodeauth_object(const char *resource, const char *ns, const char *name)
{
	struct cache *c = core_cache(resource);
	struct centry *e = c && name ? cache_get(c, ns, name) : NULL; /* borrowed */

	return e ? json_loadb(e->json, e->len, 0, NULL) : NULL;
}

/* A volume reaches the node through the claim its claimRef names. */
static bool pv_reaches(const char *node, const json_t *pv)
{
	const char *ns = jx_str(pv, "spec.claimRef.namespace");
	const char *claim = jx_str(pv, "spec.claimRef.name");

	return ns && claim && pods_refer(node, "persistentvolumeclaims", ns, claim);
}

struct ns_name {
	const char *ns, *name;
};

static bool is_secret(void *ctx, const char *ns, const char *name)
{
	const struct ns_name *want = ctx;

	return !strcmp(ns, want->ns) && !strcmp(name, want->name);
}

/* A secret a bound volume hands the kubelet (CSI and in-tree plugins' credentials). */
static bool volumes_refer(const char *node, const char *ns, const char *name)
{
	struct cache *c = core_cache("persistentvolumes");
	struct ns_name want = {ns, name};
	struct filter f = {0};
	struct centry **items = NULL;
	size_t n = c ? cache_list(c, &f, NULL, 0, &items, &(size_t){0}) : 0;
	bool found = false;

	for (size_t i = 0; i < n; i++) {
		json_t *pv = found ? NULL : json_loadb(items[i]->json, items[i]->len, 0, NULL);
		found = pv && jx_get(pv, "spec.claimRef") &&
			nodeauth_pv_secrets(pv, is_secret, &want) && pv_reaches(node, pv);
		json_decref(pv);
		centry_unref(items[i]);
	}
	free(items);
	return found;
}

/* Is there a path from the object a names to the node, as upstream's graph would have? */
static bool reaches(const char *node, const struct attrs *a)
{
	const char *res = a->resource, *ns = a->ns ? a->ns : "";
	json_t *pv;
	bool ok;

	if (a->group && *a->group)
		return false; /* volume attachments, resource claims and slices: kubec serves none
			       */
	if (!strcmp(res, "pods"))
		return pod_bound(node, ns, a->name);
	if (!strcmp(res, "secrets"))
		return pods_refer(node, res, ns, a->name) || volumes_refer(node, ns, a->name);
	if (!strcmp(res, "persistentvolumes")) {
		pv = nodeauth_object(res, NULL, a->name);
		ok = pv && pv_reaches(node, pv);
		json_decref(pv);
		return ok;
	}
	return pods_refer(node, res, ns, a->name);
}

/* ---- the authorizer ---- */

static bool has(const char *s)
{
	return s && *s;
}

/* Is verb one of the space-separated verbs? */
static bool verb_in(const char *verb, const char *verbs)
{
	size_t n = strlen(verb);

	for (const char *p = verbs; *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, verb, n))
			return true;
		p += len + (p[len] == ' ');
	}
	return false;
}

/* Does the request's field selector require field=value? */
static bool selects(const char *field_selector, const char *field, const char *value)
{
	struct fsel *fs = NULL;
	char *err = NULL;
	bool yes = false;

	if (!field_selector || fsel_parse(field_selector, &fs, &err)) {
		free(err);
		return false;
	}
	for (int i = 0; i < fsel_count(fs) && !yes; i++)
		yes = fsel_is_eq(fs, i) && !strcmp(fsel_field(fs, i), field) &&
		      !strcmp(fsel_value(fs, i), value);
	fsel_free(fs);
	return yes;
}

static bool deny(char **reason, char *why)
{
	*reason = why;
	return false;
}

/* Upstream's authorize(): a named object related to the node. */
static bool related(const char *node, const struct attrs *a, char **reason)
{
	if (!has(a->name))
		return deny(reason, xstrdup("No Object name found"));
	if (reaches(node, a))
		return true;
	log_v(2, "NODE DENY: '%s' %s %s/%s", node, a->resource, a->ns ? a->ns : "", a->name);
	return deny(reason,
		    xasprintf("no relationship found between node '%s' and this object", node));
}

/* Secrets and config maps: get, and list or watch of one by name. */
static bool read_namespaced(const char *node, const struct attrs *a, char **reason)
{
	if (!verb_in(a->verb, "get list watch"))
		return deny(reason, xstrdup("can only read resources of this type"));
	if (has(a->sub))
		return deny(reason, xstrdup("cannot read subresource"));
	if (!has(a->ns))
		return deny(reason, xstrdup("can only read namespaced object of this type"));
	return related(node, a, reason);
}

static bool get_related(const char *node, const struct attrs *a, char **reason)
{
	if (strcmp(a->verb, "get"))
		return deny(reason, xstrdup("can only get individual resources of this type"));
	if (has(a->sub))
		return deny(reason, xstrdup("cannot get subresource"));
	return related(node, a, reason);
}

static bool claim(const char *node, const struct attrs *a, char **reason)
{
	if (!has(a->sub) || strcmp(a->sub, "status"))
		return get_related(node, a, reason);
	if (!verb_in(a->verb, "update patch"))
		return deny(reason, xstrdup("can only get/update/patch this type"));
	return related(node, a, reason);
}

static bool token(const char *node, const struct attrs *a, char **reason)
{
	if (strcmp(a->verb, "create") || !has(a->name))
		return deny(reason,
			    xstrdup("can only create tokens for individual service accounts"));
	if (!has(a->sub) || strcmp(a->sub, "token"))
		return deny(reason, xstrdup("can only create token subresource of serviceaccount"));
	if (reaches(node, a))
		return true;
	return deny(reason,
		    xasprintf("no relationship found between node '%s' and this object", node));
}

/* Leases and CSINodes: the node's own, named for it (a create is checked by admission). */
static bool own_named(const char *node, const struct attrs *a, const char *what, char **reason)
{
	bool lease = !strcmp(what, "node lease");

	if (!verb_in(a->verb, "get create update patch delete"))
		return deny(reason,
			    xasprintf("can only get, create, update, patch, or delete a %s", what));
	if (!lease && has(a->sub))
		return deny(reason, xstrdup("cannot authorize CSINode subresources"));
	if (lease && strcmp(a->ns ? a->ns : "", NODE_LEASE_NS))
		return deny(reason, xstrdup("can only access leases in the \"" NODE_LEASE_NS
					    "\" system namespace"));
	if (strcmp(a->verb, "create") && strcmp(a->name ? a->name : "", node))
		return deny(reason, xasprintf("can only access %s with the same name as the "
					      "requesting node",
					      what));
	return true;
}

static bool slice(const char *node, const struct attrs *a, char **reason)
{
	if (has(a->sub))
		return deny(reason, xstrdup("cannot authorize ResourceSlice subresources"));
	if (!strcmp(a->verb, "create"))
		return true; /* NodeRestriction checks spec.nodeName */
	if (verb_in(a->verb, "get update patch delete"))
		return related(node, a, reason);
	if (!verb_in(a->verb, "watch list deletecollection"))
		return deny(reason, xstrdup("only the following verbs are allowed for a "
					    "ResourceSlice: get, watch, list, create, update, "
					    "patch, delete, deletecollection"));
	if (selects(a->field_selector, "nodeName", node))
		return true;
	return deny(reason, xstrdup("can only list/watch/deletecollection resourceslices with "
				    "nodeName field selector"));
}

static bool node_object(const char *node, const struct attrs *a, char **reason)
{
	if (has(a->sub))
		return !strcmp(a->sub, "status") && verb_in(a->verb, "update patch");
	if (verb_in(a->verb, "create update patch"))
		return true; /* NodeRestriction keeps a node to its own object */
	if (!verb_in(a->verb, "get list watch"))
		return false;
	/* By name rather than through pods: a kubelet reads its Node before creating it. */
	if (has(a->name) && !strcmp(a->name, node))
		return true;
	if (!has(a->name))
		return deny(reason, xasprintf("node '%s' cannot read all nodes, only its own Node "
					      "object",
					      node));
	return deny(reason, xasprintf("node '%s' cannot read '%s', only its own Node object", node,
				      a->name));
}

static bool pod(const char *node, const struct attrs *a, char **reason)
{
	if (has(a->sub))
		return (!strcmp(a->sub, "status") && verb_in(a->verb, "update patch")) ||
		       (!strcmp(a->sub, "eviction") && !strcmp(a->verb, "create"));
	if (!strcmp(a->verb, "get"))
		return get_related(node, a, reason);
	if (verb_in(a->verb, "create delete"))
		return true; /* mirror pods; NodeRestriction keeps them to the node's own */
	if (!verb_in(a->verb, "list watch"))
		return false;
	if (selects(a->field_selector, "spec.nodeName", node))
		return true;
	if (has(a->name))
		return related(node, a, reason);
	return deny(reason, xstrdup("can only list/watch pods with spec.nodeName field selector"));
}

/* Everything else: upstream's NodeRules, which are the system:node ClusterRole's rules. */
static bool static_rules(const struct attrs *a)
{
	static json_t *rules; /* built once, kept for the process's life */

	if (!rules)
		rules = policy_role_rules("system:node");
	return auth_rules_allow(rules, a);
}

static bool is(const struct attrs *a, const char *group, const char *resource)
{
	return !strcmp(a->group ? a->group : "", group) && !strcmp(a->resource, resource);
}

bool nodeauth_authorize(const struct user *u, const struct attrs *a, char **reason)
{
	const char *node;

	*reason = NULL;
	if (!nodeauth_identity(u, &node))
		return false;
	if (!*node)
		return deny(reason, xasprintf("unknown node for user \"%s\"", u->name));
	if (!a->resource_request)
		return static_rules(a);
	if (is(a, "", "secrets") || is(a, "", "configmaps"))
		return read_namespaced(node, a, reason);
	if (is(a, "", "persistentvolumeclaims"))
		return claim(node, a, reason);
	if (is(a, "", "persistentvolumes") || is(a, "resource.k8s.io", "resourceclaims") ||
	    is(a, "storage.k8s.io", "volumeattachments"))
		return get_related(node, a, reason);
	if (is(a, "", "serviceaccounts"))
		return token(node, a, reason);
	if (is(a, "coordination.k8s.io", "leases"))
		return own_named(node, a, "node lease", reason);
	if (is(a, "storage.k8s.io", "csinodes"))
		return own_named(node, a, "CSINode", reason);
	if (is(a, "resource.k8s.io", "resourceslices"))
		return slice(node, a, reason);
	if (is(a, "", "nodes"))
		return node_object(node, a, reason);
	if (is(a, "", "pods"))
		return pod(node, a, reason);
	return static_rules(a);
}

const char *nodeauth_rules_error(const struct user *u)
{
	const char *node;

	return nodeauth_identity(u, &node) ? "node authorizer does not support user rule resolution"
					   : NULL;
}
