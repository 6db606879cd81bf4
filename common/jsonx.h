/* jsonx: small conveniences over jansson for dotted-path access. */
#ifndef KUBE_JSONX_H
#define KUBE_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Look up a dotted path ("spec.template.metadata.labels"); NULL when any step is missing. */
json_t *jx_get(const json_t *obj, const char *path);
/* The string at path, or NULL when absent or not a string. */
const char *jx_str(const json_t *obj, const char *path);
/* The integer at path, or def when absent or not an integer. */
json_int_t jx_int(const json_t *obj, const char *path, json_int_t def);
bool jx_bool(const json_t *obj, const char *path, bool def);
/* The object at path, created (with intermediate objects) when missing. NULL if a step is not
 * an object. */
json_t *jx_obj(json_t *obj, const char *path);
/* Set path to val (stolen), creating intermediate objects. Returns 0 or -1. */
int jx_set(json_t *obj, const char *path, json_t *val);
int jx_set_str(json_t *obj, const char *path, const char *s);
/* Set path to val (stolen) only when absent; the value is freed otherwise. */
void jx_default(json_t *obj, const char *path, json_t *val);
int jx_del(json_t *obj, const char *path);
/* An IntOrString (3, or "25%") resolved against total, as upstream's
 * GetScaledValueFromIntOrPercent: a percentage rounds up or down as asked. 0, or -1 when v is
 * neither an integer nor a non-negative whole percentage. */
int jx_int_or_percent(const json_t *v, long total, bool round_up, long *out);
/* arr is an array holding the string s. */
bool jx_has_str(const json_t *arr, const char *s);
/* Deep equality that treats absent, null and empty containers alike is not wanted here:
 * jx_equal is strict json_equal that tolerates NULL pointers. */
bool jx_equal(const json_t *a, const json_t *b);
/* Compact serialization (malloc'd) with keys in insertion order. */
char *jx_dump(const json_t *v);
/* Parse a buffer; on failure *err gets a malloc'd message. */
json_t *jx_parse(const char *buf, size_t len, char **err);

#endif
