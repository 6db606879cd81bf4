/* apply: server-side apply building blocks, after structured-merge-diff.
 *
 * A field set is held in its metadata.managedFields "fieldsV1" shape: a JSON object tree whose
 * keys are path elements ("f:<field>", "k:<key fields as JSON>", "v:<value as JSON>") and
 * where a "." member marks a path that is itself in the set. Functions returning sets return
 * that wire form (leaves are {}), ready to store. List and map kinds come from the smp_* type
 * graph of patch.h; unknown kinds are treated as all-granular objects with atomic lists. */
#ifndef KUBE_APPLY_H
#define KUBE_APPLY_H

#include <jansson.h>
#include <stdbool.h>

/* The set of fields obj sets, as an applier owning obj would be recorded (apiVersion, kind,
 * and the server-managed metadata fields left out). */
json_t *apply_fieldset(const json_t *obj, const char *group, const char *kind);

/* Set algebra over fieldsV1 trees; each returns a new set. */
json_t *apply_set_union(const json_t *a, const json_t *b);
json_t *apply_set_difference(const json_t *a, const json_t *b);
json_t *apply_set_intersection(const json_t *a, const json_t *b);
bool apply_set_empty(const json_t *s);
/* The member paths of s in upstream's notation (".spec.containers[name=\"a\"].image"). */
json_t *apply_set_paths(const json_t *s);

/* Fields that differ between old (NULL: the kind's zero object) and new, as structured-merge-diff
 * compares them. Any out pointer may be NULL. */
void apply_compare(const json_t *old, const json_t *new_obj, const char *group, const char *kind,
		   json_t **added, json_t **modified, json_t **removed);

/* live merged with an applied configuration: applied values win, keyed lists merge by key,
 * sets union, atomic lists and maps are replaced. live may be NULL. */
json_t *apply_merge(const json_t *live, const json_t *applied, const char *group, const char *kind);

#define APPLY_OK       0
#define APPLY_CONFLICT 409
#define APPLY_BAD      400

/* Server-side apply (application/apply-patch+yaml, already parsed) of the main resource.
 * On APPLY_OK *out is the new object with metadata.managedFields updated. On APPLY_CONFLICT
 * *conflicts is an array of {manager, field, message} (see apply_conflict_message). On
 * APPLY_BAD *err is a malloc'd message. */
int apply_patch(const json_t *live, const json_t *applied, const char *manager, bool force,
		const char *group, const char *kind, json_t **out, json_t **conflicts, char **err);
/* Upstream's 409 message for a conflict list ("Apply failed with 1 conflict: ..."); malloc'd. */
char *apply_conflict_message(const json_t *conflicts);

/* Record an ordinary create/update/patch by manager in new_obj's metadata.managedFields:
 * its Update entry gains what changed, other managers lose what changed or vanished.
 * old_obj is NULL on create. status is not tracked for the main resource. */
void apply_track_update(json_t *new_obj, const json_t *old_obj, const char *manager,
			const char *operation, const char *api_version, const char *time_rfc3339);
/* The same for a subresource ("status" tracks only status; NULL or "" is the main resource). */
void apply_track_update_sub(json_t *new_obj, const json_t *old_obj, const char *manager,
			    const char *operation, const char *api_version,
			    const char *time_rfc3339, const char *subresource);

#endif
