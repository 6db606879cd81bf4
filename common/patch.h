/* patch: the PATCH body formats the API server accepts (merge, JSON, strategic merge), and the
 * type graph (smp_*) that tells strategic merge and server-side apply how lists combine. */
#ifndef KUBE_PATCH_H
#define KUBE_PATCH_H

#include <jansson.h>
#include <stdbool.h>

/* Upstream refuses JSON patches with more operations than this (413), and bounds the bytes
 * "copy" operations may add (JSONPatchMaxCopyBytes). */
#define PATCH_JSON_MAX_OPS	 10000
#define PATCH_JSON_MAX_COPY_SIZE (3 * 1024 * 1024)

/* RFC 7386 merge patch (application/merge-patch+json). A patch that is not an object replaces
 * the document. Returns a new value; orig and patch are not modified. */
json_t *patch_merge(const json_t *orig, const json_t *patch);

/* RFC 6902 JSON patch (application/json-patch+json) with the semantics of the library upstream
 * uses (evanphx/json-patch v4): negative array indices allowed, "replace" of a missing object
 * member adds it, "test" of a missing member against null passes. Returns a new value, or NULL
 * with a malloc'd *err worded as upstream's. */
json_t *patch_json(const json_t *orig, const json_t *ops, char **err);

/* Strategic merge patch (application/strategic-merge-patch+json) as upstream's strategicpatch
 * applies it server side, with list semantics from the smp_* type graph. group is "" (or NULL)
 * for the core group. Returns a new object, or NULL with a malloc'd *err; an unknown kind gives
 * "strategic merge patch is not supported for <kind>". */
json_t *patch_strategic(const json_t *orig, const json_t *patch, const char *group,
			const char *kind, char **err);
bool patch_strategic_known(const char *group, const char *kind);

/* ---- smp_schema.c: the type graph ---- */

/* Field flags. The first three mirror the patchStrategy struct tags of k8s.io/api; the rest are
 * the list/map types structured-merge-diff (server-side apply) uses. */
enum {
	SMP_MERGE = 1 << 0,	  /* patchStrategy "merge" */
	SMP_REPLACE = 1 << 1,	  /* patchStrategy "replace" */
	SMP_RETAIN_KEYS = 1 << 2, /* patchStrategy "retainKeys" (a client-side hint) */
	SMP_LIST = 1 << 3,	  /* the field is a JSON array */
	SMP_SET = 1 << 4,	  /* apply: list of scalars compared as a set */
	SMP_ASSOC = 1 << 5,	  /* apply: list of objects keyed by list_keys */
	SMP_ATOMIC = 1 << 6,	  /* apply: map or object owned as a whole */
	SMP_VALUE = 1 << 7,	  /* apply: present in the Go zero object ({} or null) */
};

struct smp_type;

struct smp_field {
	const char *name;
	const struct smp_type *type; /* the object (or list element) type; NULL when opaque */
	unsigned flags;
	const char *merge_key; /* patchMergeKey, for SMP_MERGE lists of objects */
	const char *list_keys; /* apply: comma-separated keys of an SMP_ASSOC list */
};

struct smp_type {
	const char *name;
	const struct smp_field *fields; /* ends with a zeroed entry */
};

/* The top type of a kind, or NULL when strategic merge patch does not know it. */
const struct smp_type *smp_kind_type(const char *group, const char *kind);
/* A field of t, or NULL when t is NULL (opaque) or has no such field listed. Fields not listed
 * behave as upstream's untagged fields: objects merge key by key, lists are replaced. */
const struct smp_field *smp_field(const struct smp_type *t, const char *name);

#endif
