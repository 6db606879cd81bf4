/* nodeauth: what a kubelet's credential may do, as upstream's Node authorizer
 * (plugin/pkg/auth/authorizer/node) and NodeRestriction admission plugin
 * (plugin/pkg/admission/noderestriction). Both know a node by its user: system:node:<name>
 * in the group system:nodes. */
#ifndef KUBE_NODEAUTH_H
#define KUBE_NODEAUTH_H

#include <jansson.h>
#include <stdbool.h>

#include "auth.h"

struct rinfo;

/* ---- nodeauth.c: node identity, what a pod refers to, the Node authorizer ---- */

/* Is u a node? Then *name is its node's name (borrowed from u; "" when the user name has
 * nothing after the prefix, a node that cannot be told apart). */
bool nodeauth_identity(const struct user *u, const char **name);

/* Visit what a pod refers to by name in its namespace, as upstream's VisitPodSecretNames,
 * VisitPodConfigmapNames and the node graph do: fn(ctx, resource, name) with resource
 * "secrets", "configmaps", "persistentvolumeclaims" (claims, and the claims of ephemeral
 * volumes) or "serviceaccounts". fn returns true to stop the visit; so does this. */
typedef bool (*nodeauth_ref_fn)(void *ctx, const char *resource, const char *name);
bool nodeauth_pod_refs(const json_t *pod, nodeauth_ref_fn fn, void *ctx);
/* The secrets a PersistentVolume hands the kubelet (upstream's kubelet-visible ones): fn(ctx,
 * namespace, name); a reference without a namespace means the bound claim's where upstream
 * says so. Stops as nodeauth_pod_refs does. */
typedef bool (*nodeauth_secret_fn)(void *ctx, const char *ns, const char *name);
bool nodeauth_pv_secrets(const json_t *pv, nodeauth_secret_fn fn, void *ctx);

/* A core-group object from the watch cache (a new reference), NULL when there is none. */
json_t *nodeauth_object(const char *resource, const char *ns, const char *name);

/* The Node authorizer: true when it allows a for u; otherwise it has no opinion and *reason
 * (malloc'd, or NULL) says why, for the next authorizer's turn and the 403's message. */
bool nodeauth_authorize(const struct user *u, const struct attrs *a, char **reason);
/* Why the Node authorizer cannot list a node's rules (a rules review); NULL for others. */
const char *nodeauth_rules_error(const struct user *u);

/* ---- noderestriction.c: the NodeRestriction admission plugin ---- */

/* A create (old NULL) or update by a node, subresources included: NULL or a Status. */
json_t *nr_admit(const struct rinfo *ri, const json_t *obj, const json_t *old);
/* A delete by a node, or a pods/eviction (cur is the pod): NULL or a Status. */
json_t *nr_delete(const struct rinfo *ri, const json_t *cur);
/* A serviceaccounts/token request by a node (tr is the TokenRequest as sent). */
json_t *nr_token_request(const struct rinfo *ri, const json_t *tr);
/* The label keys that differ between labels and old_labels (either may be NULL) that a node
 * may not add, change or remove, sorted and joined by ", " (malloc'd); NULL when none. */
char *nr_forbidden_labels(const json_t *labels, const json_t *old_labels);
/* May a kubelet set this label key on its own Node (upstream's IsKubeletLabel)? */
bool nr_kubelet_label(const char *key);

#endif
