/*
 * The NodeRestriction admission plugin (--enable-admission-plugins=NodeRestriction): what the
 * Node authorizer lets every node do, kept to the node's own objects. A node may create and
 * update only its own Node (without steering labels, taints or a config source), create only
 * mirror pods bound to itself, write status and evict or delete only pods bound to it, use only
 * its own Lease, ask for certificates only in its own name, and request tokens only for pods
 * bound to it, for audiences those pods use. Messages are upstream's.
 */
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "nodeauth.h"
#include "status.h"
#include "tls.h"

#define MIRROR_ANNOTATION "kubernetes.io/config.mirror"
#define NODE_LEASE_NS	  "kube-node-lease"
#define RESTRICTION_NS	  "node-restriction.kubernetes.io"

/* A 403 for the request's resource, naming the object; why is taken. */
static json_t *forbid(const struct rinfo *ri, const json_t *obj, char *why)
{
	const char *name = ri->name && *ri->name ? ri->name : jx_str(obj, "metadata.name");
	json_t *st = st_forbidden(ri->k->group, ri->k->resource, name ? name : "", why);

	free(why);
	return st;
}

static const char *str(const json_t *obj, const char *path)
{
	return jx_str(obj, path) ?: "";
}

/* ---- labels ---- */

/* The part of a label key before the slash, "" when it has none. */
static size_t label_ns(const char *key, const char **ns)
{
	const char *slash = strchr(key, '/');

	*ns = key;
	return slash ? (size_t)(slash - key) : 0;
}

/* Is the label namespace (ns, n bytes) domain or a subdomain of it? */
static bool in_domain(const char *ns, size_t n, const char *domain)
{
	size_t d = strlen(domain);

	return (n == d && !strncmp(ns, domain, d)) ||
	       (n > d && ns[n - d - 1] == '.' && !strncmp(ns + n - d, domain, d));
}

bool nr_kubelet_label(const char *key)
{
	static const char *const labels[] = {
	    "kubernetes.io/hostname",
	    "topology.kubernetes.io/zone",
	    "topology.kubernetes.io/region",
	    "failure-domain.beta.kubernetes.io/zone",
	    "failure-domain.beta.kubernetes.io/region",
	    "beta.kubernetes.io/instance-type",
	    "node.kubernetes.io/instance-type",
	    "kubernetes.io/os",
	    "kubernetes.io/arch",
	    "beta.kubernetes.io/os",
	    "beta.kubernetes.io/arch",
	};
	const char *ns;
	size_t n = label_ns(key, &ns);

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(key, labels[i]))
			return true;
	return in_domain(ns, n, "kubelet.kubernetes.io") || in_domain(ns, n, "node.kubernetes.io");
}

static bool forbidden_label(const char *key)
{
	const char *ns;
	size_t n = label_ns(key, &ns);
	bool kubernetes = in_domain(ns, n, "kubernetes.io") || in_domain(ns, n, "k8s.io");

	return in_domain(ns, n, RESTRICTION_NS) || (kubernetes && !nr_kubelet_label(key));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the keys of a whose value in b differs (or is missing) and that are forbidden. */
static void collect(const json_t *a, const json_t *b, const char ***keys, size_t *n)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)a, k, v)
	{
		json_t *w = json_object_get(b, k);
		bool seen = false;
		if ((w && json_equal(v, w)) || !forbidden_label(k))
			continue;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = !strcmp((*keys)[i], k);
		if (seen)
			continue;
		*keys = xrealloc(*keys, (*n + 1) * sizeof(**keys));
		(*keys)[(*n)++] = k;
	}
}

char *nr_forbidden_labels(const json_t *labels, const json_t *old_labels)
{
	const char **keys = NULL;
	size_t n = 0, len = 0;
	char *out = NULL;

	collect(labels, old_labels, &keys, &n);
	collect(old_labels, labels, &keys, &n);
	if (!n)
		return NULL;
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (size_t i = 0; i < n; i++)
		len += strlen(keys[i]) + 2;
	out = xmalloc(len + 1);
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, ", ");
		strcat(out, keys[i]);
	}
	free(keys);
	return out;
}

/* ---- nodes ---- */

/* Absent, null and empty lists are alike, as upstream's semantic equality has it. */
static bool same_list(const json_t *a, const json_t *b)
{
	if (!json_array_size(a) || !json_array_size(b))
		return json_array_size(a) == json_array_size(b);
	return json_equal(a, b);
}

static json_t *admit_node(const struct rinfo *ri, const char *node, const json_t *obj,
			  const json_t *old)
{
	const char *name = ri->name && *ri->name ? ri->name : str(obj, "metadata.name");
	const json_t *source = jx_get(obj, "spec.configSource");
	char *labels, *why;

	if (strcmp(name, node))
		return forbid(
		    ri, obj,
		    xasprintf("node \"%s\" is not allowed to modify node \"%s\"", node, name));
	if (source && json_is_null(source))
		source = NULL;
	if (!old && source)
		return forbid(ri, obj,
			      xasprintf("node \"%s\" is not allowed to create pods with a non-nil "
					"configSource",
					node));
	if (old && source && !json_equal(source, jx_get(old, "spec.configSource")))
		return forbid(
		    ri, obj,
		    xasprintf("node \"%s\" is not allowed to update configSource to a new "
			      "non-nil configSource",
			      node));
	if (old && !same_list(jx_get(obj, "spec.taints"), jx_get(old, "spec.taints")))
		return forbid(ri, obj,
			      xasprintf("node \"%s\" is not allowed to modify taints", node));
	labels = nr_forbidden_labels(jx_get(obj, "metadata.labels"),
				     old ? jx_get(old, "metadata.labels") : NULL);
	if (!labels)
		return NULL;
	/* Upstream's update message names no node. */
	why = old ? xasprintf("is not allowed to modify labels: %s", labels)
		  : xasprintf("node \"%s\" is not allowed to set the following labels: %s", node,
			      labels);
	free(labels);
	return forbid(ri, obj, why);
}

/* ---- pods ---- */

struct seen {
	bool secrets, configmaps;
};

static bool note_ref(void *ctx, const char *resource, const char *name)
{
	struct seen *s = ctx;

	(void)name;
	s->secrets |= !strcmp(resource, "secrets");
	s->configmaps |= !strcmp(resource, "configmaps");
	return false;
}

static bool has_volume(const json_t *pod, const char *source)
{
	json_t *v, *src;
	size_t i, j;

	json_array_foreach(jx_get(pod, "spec.volumes"), i, v)
	{
		if (strchr(source, '.')) {
			json_array_foreach(
			    jx_get(v, "projected.sources"), j,
			    src) if (json_object_get(src, strchr(source, '.') + 1)) return true;
		} else if (json_object_get(v, source)) {
			return true;
		}
	}
	return false;
}

/* The single owner reference of a mirror pod: the node itself, as its controller. */
static json_t *check_owner(const struct rinfo *ri, const char *node, const json_t *pod)
{
	const json_t *owners = jx_get(pod, "metadata.ownerReferences");
	const json_t *o = json_array_get(owners, 0);
	json_t *n;
	char *why = NULL;

	if (json_array_size(owners) > 1)
		why = xasprintf("node \"%s\" can only create pods with a single owner reference "
				"set to itself",
				node);
	else if (!o || strcmp(str(o, "apiVersion"), "v1") || strcmp(str(o, "kind"), "Node") ||
		 strcmp(str(o, "name"), node))
		why = xasprintf("node \"%s\" can only create pods with an owner reference set to "
				"itself",
				node);
	else if (!jx_bool(o, "controller", false))
		why = xasprintf("node \"%s\" can only create pods with a controller owner "
				"reference set to itself",
				node);
	else if (jx_bool(o, "blockOwnerDeletion", false))
		why = xasprintf("node \"%s\" must not set blockOwnerDeletion on an owner reference",
				node);
	if (why)
		return forbid(ri, pod, why);
	if (!(n = nodeauth_object("nodes", NULL, node)))
		return st_not_found("", "node", node); /* upstream's lister says "node" */
	if (strcmp(str(o, "uid"), str(n, "metadata.uid")))
		why = xasprintf("node %s UID mismatch: expected %s got %s", node, str(o, "uid"),
				str(n, "metadata.uid"));
	json_decref(n);
	return why ? forbid(ri, pod, why) : NULL;
}

/* A node creates only mirror pods of its static pods, which may refer to nothing else. */
static json_t *admit_mirror_pod(const struct rinfo *ri, const char *node, const json_t *pod)
{
	struct seen refs = {0};
	char *why = NULL;
	json_t *st;

	if (!json_object_get(jx_get(pod, "metadata.annotations"), MIRROR_ANNOTATION))
		return forbid(ri, pod,
			      xasprintf("pod does not have \"%s\" annotation, node \"%s\" can only "
					"create mirror pods",
					MIRROR_ANNOTATION, node));
	if (strcmp(str(pod, "spec.nodeName"), node))
		return forbid(
		    ri, pod,
		    xasprintf("node \"%s\" can only create pods with spec.nodeName set to "
			      "itself",
			      node));
	if ((st = check_owner(ri, node, pod)))
		return st;
	nodeauth_pod_refs(pod, note_ref, &refs);
	if (*str(pod, "spec.serviceAccountName"))
		why = xasprintf("node \"%s\" can not create pods that reference a service account",
				node);
	else if (refs.secrets)
		why = xasprintf("node \"%s\" can not create pods that reference secrets", node);
	else if (refs.configmaps)
		why = xasprintf("node \"%s\" can not create pods that reference configmaps", node);
	else if (has_volume(pod, "projected.clusterTrustBundle"))
		why = xasprintf("node \"%s\" can not create pods that reference "
				"clustertrustbundles",
				node);
	else if (has_volume(pod, "persistentVolumeClaim"))
		why = xasprintf("node \"%s\" can not create pods that reference "
				"persistentvolumeclaims",
				node);
	return why ? forbid(ri, pod, why) : NULL;
}

static bool same_labels(const json_t *a, const json_t *b)
{
	if (!json_object_size(a) || !json_object_size(b))
		return json_object_size(a) == json_object_size(b);
	return json_equal(a, b);
}

/* Resource claim statuses: the same claims, in the same order. */
static bool same_claims(const json_t *a, const json_t *b)
{
	size_t n = json_array_size(a);

	if (n != json_array_size(b))
		return false;
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
		if (strcmp(str(x, "name"), str(y, "name")) ||
		    !jx_get(x, "resourceClaimName") != !jx_get(y, "resourceClaimName") ||
		    strcmp(str(x, "resourceClaimName"), str(y, "resourceClaimName")))
			return false;
	}
	return true;
}

static json_t *admit_pod_status(const struct rinfo *ri, const char *node, const json_t *pod,
				const json_t *old)
{
	char *why = NULL;

	if (!old)
		why = xstrdup("unexpected operation \"CREATE\"");
	else if (strcmp(str(old, "spec.nodeName"), node))
		why =
		    xasprintf("node \"%s\" can only update pod status for pods with spec.nodeName "
			      "set to itself",
			      node);
	else if (!same_labels(jx_get(pod, "metadata.labels"), jx_get(old, "metadata.labels")))
		why = xasprintf("node \"%s\" cannot update labels through pod status", node);
	else if (!same_claims(jx_get(pod, "status.resourceClaimStatuses"),
			      jx_get(old, "status.resourceClaimStatuses")))
		why = xasprintf("node \"%s\" cannot update resource claim statues", node);
	return why ? forbid(ri, pod, why) : NULL;
}

static json_t *admit_pod(const struct rinfo *ri, const char *node, const json_t *pod,
			 const json_t *old)
{
	if (ri->sub && !strcmp(ri->sub, "status"))
		return admit_pod_status(ri, node, pod, old);
	if (ri->sub)
		return forbid(ri, pod,
			      xasprintf("unexpected pod subresource \"%s\", only 'status' and "
					"'eviction' are allowed",
					ri->sub));
	if (old)
		return forbid(ri, pod,
			      xasprintf("unexpected operation \"UPDATE\", node \"%s\" can only "
					"create and delete mirror pods",
					node));
	return admit_mirror_pod(ri, node, pod);
}

/* ---- claims, leases, certificate requests ---- */

/* What a node may change in a claim through status: capacity, conditions, and what volume
 * expansion records (upstream's RecoverVolumeExpansionFailure is on). */
static json_t *claim_sans_status_fields(const json_t *pvc)
{
	static const char *const fields[] = {"capacity", "conditions", "allocatedResourceStatuses",
					     "allocatedResources", NULL};
	json_t *c = json_deep_copy(pvc), *meta = json_object_get(c, "metadata");

	json_object_del(meta, "resourceVersion");
	json_object_del(meta, "managedFields");
	for (int i = 0; fields[i]; i++)
		json_object_del(json_object_get(c, "status"), fields[i]);
	return c;
}

static json_t *admit_claim(const struct rinfo *ri, const char *node, const json_t *pvc,
			   const json_t *old)
{
	json_t *a, *b;
	bool same;

	if (!ri->sub || strcmp(ri->sub, "status"))
		return forbid(ri, pvc, xstrdup("may only update PVC status"));
	if (!old)
		return forbid(ri, pvc, xstrdup("unexpected operation \"CREATE\""));
	a = claim_sans_status_fields(pvc);
	b = claim_sans_status_fields(old);
	same = json_equal(a, b);
	json_decref(a);
	json_decref(b);
	/* Upstream appends a field diff (go-cmp's); kubec names the rule only. */
	return same ? NULL
		    : forbid(ri, pvc,
			     xasprintf("node \"%s\" is not allowed to update fields other than "
				       "status.quantity and status.conditions",
				       node));
}

static json_t *admit_lease(const struct rinfo *ri, const char *node, const json_t *lease)
{
	const char *name = lease ? str(lease, "metadata.name") : ri->name;

	if (strcmp(ri->ns ? ri->ns : "", NODE_LEASE_NS))
		return forbid(ri, lease,
			      xstrdup("can only access leases in the \"" NODE_LEASE_NS
				      "\" system namespace"));
	if (strcmp(name ? name : "", node))
		return forbid(ri, lease,
			      xstrdup("can only access node lease with the same name as the "
				      "requesting node"));
	return NULL;
}

static json_t *admit_csr(const struct rinfo *ri, const char *node, const json_t *csr)
{
	const char *signer = str(csr, "spec.signerName");
	X509_REQ *req;
	char cn[256] = "", want[300];

	if (strcmp(signer, "kubernetes.io/kubelet-serving") &&
	    strcmp(signer, "kubernetes.io/kube-apiserver-client-kubelet"))
		return NULL;
	if (!(req = tls_csr_from_b64(jx_str(csr, "spec.request"))))
		return forbid(ri, csr,
			      xstrdup("unable to parse csr: PEM block type must be CERTIFICATE "
				      "REQUEST"));
	X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req), NID_commonName, cn, sizeof(cn));
	X509_REQ_free(req);
	snprintf(want, sizeof(want), "system:node:%s", node);
	if (strcmp(cn, want))
		return forbid(ri, csr,
			      xasprintf("can only create a node CSR with CN=system:node:%s", node));
	return NULL;
}

/* ---- the plugin ---- */

static bool is(const struct rinfo *ri, const char *group, const char *resource)
{
	const struct kind *k = kind_storage(ri->k);

	return !strcmp(k->group, group) && !strcmp(k->resource, resource);
}

/* The requester's node, or a refusal (*st) for a node identity without a name. */
static bool requesting_node(const struct rinfo *ri, const json_t *obj, const char **node,
			    json_t **st)
{
	*st = NULL;
	if (!nodeauth_identity(&ri->user, node))
		return false;
	if (!**node)
		*st = forbid(ri, obj,
			     xasprintf("could not determine node from user \"%s\"", ri->user.name));
	return !*st;
}

json_t *nr_admit(const struct rinfo *ri, const json_t *obj, const json_t *old)
{
	const char *node;
	json_t *st;

	if (!requesting_node(ri, obj, &node, &st))
		return st;
	if (is(ri, "", "pods"))
		return admit_pod(ri, node, obj, old);
	if (is(ri, "", "nodes"))
		return admit_node(ri, node, obj, old);
	if (is(ri, "", "persistentvolumeclaims"))
		return admit_claim(ri, node, obj, old);
	if (is(ri, "coordination.k8s.io", "leases"))
		return admit_lease(ri, node, old ? NULL : obj);
	if (is(ri, "certificates.k8s.io", "certificatesigningrequests") && !old)
		return admit_csr(ri, node, obj);
	return NULL;
}

json_t *nr_delete(const struct rinfo *ri, const json_t *cur)
{
	bool eviction = ri->sub && !strcmp(ri->sub, "eviction");
	const char *node;
	json_t *st;

	if (!requesting_node(ri, cur, &node, &st))
		return st;
	if (is(ri, "", "pods") && !strcmp(str(cur, "spec.nodeName"), node))
		return NULL;
	if (is(ri, "", "pods") && eviction)
		return forbid(ri, cur,
			      xasprintf("node %s can only evict pods with spec.nodeName set to "
					"itself",
					node));
	if (is(ri, "", "pods"))
		return forbid(
		    ri, cur,
		    xasprintf("node \"%s\" can only delete pods with spec.nodeName set to "
			      "itself",
			      node));
	if (is(ri, "coordination.k8s.io", "leases"))
		return admit_lease(ri, node, NULL);
	return NULL;
}

/* ---- service account tokens ---- */

/* The claim a volume uses (an ephemeral volume's is named for the pod), "" for none. */
static char *volume_claim(const json_t *pod, const json_t *vol)
{
	if (json_object_get(vol, "ephemeral"))
		return xasprintf("%s-%s", str(pod, "metadata.name"), str(vol, "name"));
	return xstrdup(str(vol, "persistentVolumeClaim.claimName"));
}

/* A claim's volume, looked up as far as it goes: *err (malloc'd) when something is missing or
 * the volume is a CSI driver's, whose CSIDriver kubec cannot have. */
static void claim_audience(const char *ns, const char *claim, char **err)
{
	json_t *pvc = nodeauth_object("persistentvolumeclaims", ns, claim), *pv = NULL;

	if (!pvc)
		*err = xasprintf("persistentvolumeclaim \"%s\" not found", claim);
	else if (!(pv = nodeauth_object("persistentvolumes", NULL, str(pvc, "spec.volumeName"))))
		*err = xasprintf("persistentvolume \"%s\" not found", str(pvc, "spec.volumeName"));
	else if (jx_get(pv, "spec.csi"))
		*err = xasprintf("csidriver.storage.k8s.io \"%s\" not found",
				 str(pv, "spec.csi.driver"));
	json_decref(pvc);
	json_decref(pv);
}

/* Does the pod use a token for audience: a projected service account token, or a CSI
 * driver's? A CSI driver's audiences are in its CSIDriver object; kubec serves none, so the
 * lookup fails as upstream's does when there is none. *err (malloc'd) when a lookup fails. */
static bool pod_uses_audience(const json_t *pod, const char *audience, char **err)
{
	json_t *v, *src;
	size_t i, j;

	*err = NULL;
	json_array_foreach(jx_get(pod, "spec.volumes"), i, v)
	{
		json_array_foreach(jx_get(v, "projected.sources"), j, src)
		{
			json_t *tok = json_object_get(src, "serviceAccountToken");
			if (tok && !strcmp(str(tok, "audience"), audience))
				return true;
		}
	}
	json_array_foreach(jx_get(pod, "spec.volumes"), i, v)
	{
		if (!jx_get(v, "csi"))
			continue;
		*err = xasprintf("csidriver.storage.k8s.io \"%s\" not found", str(v, "csi.driver"));
		return false;
	}
	json_array_foreach(jx_get(pod, "spec.volumes"), i, v)
	{
		char *claim = volume_claim(pod, v);
		if (*claim)
			claim_audience(str(pod, "metadata.namespace"), claim, err);
		free(claim);
		if (*err)
			return false;
	}
	return false;
}

/* ServiceAccountNodeAudienceRestriction (on by default in 1.33): an audience the pod uses, or
 * one the node is authorized for (verb request-serviceaccounts-token-audience). */
static json_t *check_audience(const struct rinfo *ri, const char *node, const json_t *tr,
			      const json_t *pod)
{
	const json_t *auds = jx_get(tr, "spec.audiences");
	const char *aud = json_array_size(auds) ? json_string_value(json_array_get(auds, 0)) : "";
	struct attrs a = {.resource_request = true,
			  .verb = "request-serviceaccounts-token-audience",
			  .ns = ri->ns,
			  .group = "",
			  .resource = aud ? aud : "",
			  .name = ri->name};
	char *err = NULL, *reason = NULL;
	bool ok;

	if (json_array_size(auds) > 1)
		return forbid(ri, tr, xstrdup("node may only request 0 or 1 audiences"));
	if (pod_uses_audience(pod, a.resource, &err))
		return NULL;
	if (err) {
		char *why = xasprintf("error validating audience \"%s\": %s", a.resource, err);
		free(err);
		return forbid(ri, tr, why);
	}
	ok = auth_decide(&ri->user, &a, &reason);
	free(reason);
	if (ok)
		return NULL;
	return forbid(ri, tr,
		      xasprintf("audience \"%s\" not found in pod spec volume, system:node:%s is "
				"not authorized to request tokens for this audience",
				a.resource, node));
}

json_t *nr_token_request(const struct rinfo *ri, const json_t *tr)
{
	const json_t *ref = jx_get(tr, "spec.boundObjectRef");
	const char *node;
	json_t *st, *pod;

	if (!requesting_node(ri, tr, &node, &st))
		return st;
	if (!ref || strcmp(str(ref, "apiVersion"), "v1") || strcmp(str(ref, "kind"), "Pod") ||
	    !*str(ref, "name"))
		return forbid(ri, tr, xstrdup("node requested token not bound to a pod"));
	if (!*str(ref, "uid"))
		return forbid(ri, tr,
			      xstrdup("node requested token with a pod binding without a uid"));
	if (!(pod = nodeauth_object("pods", ri->ns, str(ref, "name"))))
		return st_not_found("", "pod", str(ref, "name"));
	if (strcmp(str(ref, "uid"), str(pod, "metadata.uid")))
		st = forbid(
		    ri, tr,
		    xasprintf("the UID in the bound object reference (%s) does not match the "
			      "UID in record. The object might have been deleted and then "
			      "recreated",
			      str(ref, "uid")));
	else if (strcmp(str(pod, "spec.nodeName"), node))
		st = forbid(ri, tr,
			    xstrdup("node requested token bound to a pod scheduled on a different "
				    "node"));
	else
		st = check_audience(ri, node, tr, pod);
	json_decref(pod);
	return st;
}
