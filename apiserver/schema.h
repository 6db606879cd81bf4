/* schema: field-level descriptions of every kind, for the OpenAPI documents.
 *
 * The types are written in a small line-oriented language (schema_data.c) that is parsed once,
 * on first use, into JSON Schema. Kinds of the kinds table that the language does not describe
 * get a permissive schema, so that nothing valid is ever refused because of a missing type. */
#ifndef KUBE_SCHEMA_H
#define KUBE_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>

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
/* Free the cached documents (for leak checkers in tests). */
void schema_cleanup(void);

#endif
