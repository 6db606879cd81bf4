/* status: metav1.Status error objects, carried from deep inside to the HTTP response. */
#ifndef KUBE_STATUS_H
#define KUBE_STATUS_H

#include <jansson.h>

/* A new Status (kind Status, apiVersion v1, status Failure) with code, reason and message. */
json_t *st_new(int code, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Attach details {name, group, kind} (any may be NULL); returns st. */
json_t *st_details(json_t *st, const char *name, const char *group, const char *kind);
int st_code(const json_t *st);
const char *st_reason(const json_t *st);
const char *st_message(const json_t *st);

/* Upstream's standard errors. group may be "" for the core group; resource is plural. */
json_t *st_not_found(const char *group, const char *resource, const char *name);
json_t *st_already_exists(const char *group, const char *resource, const char *name);
json_t *st_conflict(const char *group, const char *resource, const char *name, const char *why);
json_t *st_bad_request(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
json_t *st_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
json_t *st_forbidden(const char *group, const char *resource, const char *name, const char *why);
json_t *st_method_not_allowed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
json_t *st_gone(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
json_t *st_too_large(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 422 Invalid from field causes (an array built with the fe_* functions, stolen).
 * kind_group is "Pod" or "Deployment.apps". */
json_t *st_invalid(const char *kind_group, const char *group, const char *kind, const char *name,
		   json_t *causes);

/* Field errors, as upstream's field.Error: each appends {reason, message, field} to causes.
 * Values are rendered as upstream does: strings quoted Go-style, numbers bare. */
void fe_required(json_t *causes, const char *field, const char *detail);
void fe_invalid(json_t *causes, const char *field, const json_t *value, const char *detail);
void fe_invalid_str(json_t *causes, const char *field, const char *value, const char *detail);
void fe_not_supported(json_t *causes, const char *field, const json_t *value,
		      const char *const *supported);
void fe_forbidden(json_t *causes, const char *field, const char *detail);
void fe_duplicate(json_t *causes, const char *field, const json_t *value);
void fe_too_long(json_t *causes, const char *field, const json_t *value, int max);
void fe_too_many(json_t *causes, const char *field, int actual, int max);
/* A field path built printf-style: fe_path(buf, "spec.containers[%d].image", i). */
const char *fe_path(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
