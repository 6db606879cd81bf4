#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "jsonx.h"
#include "log.h"
#include "podctl.h"
#include "selector.h"

json_t *podctl_new_pod(const json_t *tmpl, const json_t *owner, const char *name)
{
	/* A copy: callers change the spec, and the template is the informer's cached object. */
	json_t *spec = jx_get(tmpl, "spec") ? json_deep_copy(jx_get(tmpl, "spec")) : NULL;
	json_t *pod = json_pack("{s:s, s:s, s:{}, s:o?}", "apiVersion", "v1", "kind", "Pod",
				"metadata", "spec", spec);
	json_t *meta = json_object_get(pod, "metadata");
	static const char *const copied[] = {"labels", "annotations", "finalizers"};
	const char *ns = jx_str(owner, "metadata.namespace");
	json_t *refs = json_array();

	for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
		json_t *v = jx_get(tmpl, "metadata")
				? json_object_get(jx_get(tmpl, "metadata"), copied[i])
				: NULL;
		if (v)
			json_object_set_new(meta, copied[i], json_deep_copy(v));
	}
	if (name)
		json_object_set_new(meta, "name", json_string(name));
	else
		json_object_set_new(meta, "generateName",
				    json_sprintf("%s-", jx_str(owner, "metadata.name")
							    ? jx_str(owner, "metadata.name")
							    : "pod"));
	if (ns)
		json_object_set_new(meta, "namespace", json_string(ns));
	json_array_append_new(refs, ctrl_owner_ref(owner));
	json_object_set_new(meta, "ownerReferences", refs);
	if (!json_object_get(pod, "spec"))
		json_object_set_new(pod, "spec", json_object());
	return pod;
}

/* A merge patch replacing ownerReferences, guarded by the pod's uid so a pod recreated under
 * the same name is never touched. */
static void patch_refs(struct ctrl_op *op, struct kc *kc, const json_t *pod, json_t *refs,
		       const char *resource)
{
	/* No references left: null removes the field, as upstream leaves none behind. */
	json_t *patch = json_pack("{s:{s:o, s:s?}}", "metadata", "ownerReferences",
				  json_array_size(refs) ? refs : (json_decref(refs), json_null()),
				  "uid", jx_str(pod, "metadata.uid"));
	/* "pods" is core; anything else is "group/version/resource". */
	const char *res = strrchr(resource, '/');
	char *path =
	    res ? xasprintf("/apis/%.*s/namespaces/%s/%s/%s", (int)(res - resource), resource,
			    jx_str(pod, "metadata.namespace"), res + 1,
			    jx_str(pod, "metadata.name"))
		: xasprintf("/api/v1/namespaces/%s/%s/%s", jx_str(pod, "metadata.namespace"),
			    resource, jx_str(pod, "metadata.name"));

	ctrl_op_patch(op, kc, path, KC_PATCH_MERGE, patch);
	free(path);
	json_decref(patch);
}

static void adopt(struct ctrl_op *op, struct kc *kc, const json_t *owner, const json_t *pod,
		  const char *resource)
{
	json_t *old = jx_get(pod, "metadata.ownerReferences");
	json_t *refs = json_is_array(old) ? json_deep_copy(old) : json_array();

	json_array_append_new(refs, ctrl_owner_ref(owner));
	patch_refs(op, kc, pod, refs, resource);
}

static void release(struct ctrl_op *op, struct kc *kc, const json_t *owner, const json_t *pod,
		    const char *resource)
{
	json_t *refs = json_array(), *r;
	const char *uid = jx_str(owner, "metadata.uid");
	size_t i;

	json_array_foreach(jx_get(pod, "metadata.ownerReferences"), i, r)
	{
		const char *ruid = jx_str(r, "uid");

		if (!ruid || strcmp(ruid, uid))
			json_array_append(refs, r);
	}
	patch_refs(op, kc, pod, refs, resource);
}

size_t podctl_claim(struct ctrl_op *op, struct kc *kc, const json_t *owner, const struct lsel *sel,
		    const json_t *const *objs, size_t n, const char *resource, const json_t ***out)
{
	bool owner_deleting = jx_get(owner, "metadata.deletionTimestamp") != NULL;
	size_t count = 0;

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		const json_t *pod = objs[i], *ref = ctrl_controller_ref(pod);
		bool match = lsel_match_json(sel, jx_get(pod, "metadata.labels"));

		if (ref) {
			if (!ctrl_owned_by(pod, owner))
				continue;
			/* A deleting owner keeps its pods rather than letting them go. */
			if (match || owner_deleting)
				(*out)[count++] = pod;
			else if (!jx_get(pod, "metadata.deletionTimestamp"))
				release(op, kc, owner, pod, resource);
			continue;
		}
		if (!match || owner_deleting || jx_get(pod, "metadata.deletionTimestamp"))
			continue;
		adopt(op, kc, owner, pod, resource);
		(*out)[count++] = pod;
	}
	return count;
}
