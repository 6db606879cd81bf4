/*
 * podctl: what every controller that owns pods does alike (upstream's PodControl and
 * ControllerRefManager): make a pod from a template for an owner, and claim the pods in the
 * owner's namespace -- keep those it controls and its selector matches, adopt matching orphans,
 * release those it controls that no longer match.
 */
#ifndef CM_PODCTL_H
#define CM_PODCTL_H

#include <jansson.h>
#include <stddef.h>

struct ctrl_op;
struct kc;
struct lsel;

/*
 * A new Pod (new reference) from template (a PodTemplateSpec: metadata + spec) owned by
 * owner (controller ownerReference), in the owner's namespace. name is the pod's name, or
 * NULL for generateName "<owner name>-". Labels, annotations and finalizers come from the
 * template.
 */
json_t *podctl_new_pod(const json_t *tmpl, const json_t *owner, const char *name);

/*
 * Claim pods (borrowed; typically the namespace's pods from the informer) for owner: *out is a
 * malloc'd array of the pods the owner ends up controlling (borrowed pointers); returns their
 * count. Adoptions and releases are PATCHed through op on `resource`: "pods" (core), or
 * "group/version/resource" such as "apps/v1/replicasets"; the
 * adopted pods are counted as owned. A deleting owner adopts nothing. Terminating pods are
 * claimed but never adopted.
 */
size_t podctl_claim(struct ctrl_op *op, struct kc *kc, const json_t *owner, const struct lsel *sel,
		    const json_t *const *objs, size_t n, const char *resource, const json_t ***out);

#endif
