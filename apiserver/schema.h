/* schema: field-level descriptions of every kind, for the OpenAPI documents.
 *
 * The types are written in a small line-oriented language (schema_data.c) that is parsed once,
 * on first use, into JSON Schema. Kinds of the kinds table that the language does not describe
 * get a permissive schema, so that nothing valid is ever refused because of a missing type. */
#ifndef KUBE_SCHEMA_H
#define KUBE_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The two dialects differ in how they reference another type. */
enum schema_flavour {
	SCHEMA_V2, /* swagger 2.0: "$ref": "#/definitions/NAME" beside the description */
	SCHEMA_V3, /* OpenAPI 3.0: "allOf": [{"$ref": "#/components/schemas/NAME"}] */
};

/* The schema language, one line per string, ends with NULL (schema_data.c). */
extern const char *const schema_source[];

/* Every type, name -> schema, in the given flavour. Borrowed and cached: do not modify.
 * NULL only when the description could not be parsed (schema_error says why). */
json_t *schema_all(enum schema_flavour f);
/* The first parse error, or NULL when the description is sound. */
const char *schema_error(void);
/* The definition name of a kind ("io.k8s.api.core.v1.Pod"); NULL if unknown. */
const char *schema_kind_name(const char *group, const char *version, const char *kind);
/* Whether the kind is described field by field (and so fit for strategic merge patches). */
bool schema_kind_detailed(const char *group, const char *version, const char *kind);
/* Add name and every type it references, transitively, from all (a schema_all result) to out. */
void schema_closure(json_t *all, const char *name, json_t *out);
/* Unknown fields, for the fieldValidation parameter: append to paths_out (an array) the path
 * of every field of obj, an object of the given kind, that the kind's schema does not know,
 * in document order and spelled as upstream's strict decoder does: "spec.foo",
 * "spec.containers[0].foo", "bar" (top level). Maps (labels, data, resource lists) and
 * preserve-unknown-fields values accept any key; values of the wrong type are not reported.
 * Kinds without a detailed schema report nothing. Returns the number appended (at most 100),
 * or -1 for a kind without any schema or a non-object. */
int schema_unknown_fields(const char *group, const char *version, const char *kind,
			  const json_t *obj, json_t *paths_out);
/* Duplicate keys in a JSON body, at any depth, with the same path spelling: each repeated
 * occurrence is appended to paths_out ("spec.replicas", "metadata.labels.app"). Whether the
 * key is known is not considered: a repeated unknown field is reported here too. Returns the
 * number appended (at most 100), or -1 (and appends nothing) when body is not JSON. */
int schema_duplicate_fields(const char *body, size_t len, json_t *paths_out);
/* Free the cached documents (for leak checkers in tests). */
void schema_cleanup(void);

#endif
