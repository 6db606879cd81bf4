#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "status.h"

static json_t *st_vnew(int code, const char *reason, const char *fmt, va_list ap)
{
	char *msg = NULL;
	json_t *st;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	st = json_pack("{s:s, s:s, s:{}, s:s, s:s?, s:s?, s:i}", "kind", "Status", "apiVersion",
		       "v1", "metadata", "status", "Failure", "message", msg ? msg : "", "reason",
		       reason && *reason ? reason : NULL, "code", code);
	free(msg);
	return st;
}

json_t *st_new(int code, const char *reason, const char *fmt, ...)
{
	va_list ap;
	json_t *st;

	va_start(ap, fmt);
	st = st_vnew(code, reason, fmt, ap);
	va_end(ap);
	return st;
}

json_t *st_details(json_t *st, const char *name, const char *group, const char *kind)
{
	json_t *d = json_object();

	if (name && *name)
		json_object_set_new(d, "name", json_string(name));
	if (group && *group)
		json_object_set_new(d, "group", json_string(group));
	if (kind && *kind)
		json_object_set_new(d, "kind", json_string(kind));
	json_object_set_new(st, "details", d);
	return st;
}

int st_code(const json_t *st)
{
	return (int)json_integer_value(json_object_get(st, "code"));
}

const char *st_reason(const json_t *st)
{
	return json_string_value(json_object_get(st, "reason"));
}

const char *st_message(const json_t *st)
{
	return json_string_value(json_object_get(st, "message"));
}

/* "pods" or "deployments.apps", as upstream's GroupResource.String(). */
static void group_resource(char *buf, size_t n, const char *group, const char *resource)
{
	if (group && *group)
		snprintf(buf, n, "%s.%s", resource, group);
	else
		snprintf(buf, n, "%s", resource);
}

json_t *st_not_found(const char *group, const char *resource, const char *name)
{
	char gr[256];

	group_resource(gr, sizeof(gr), group, resource);
	return st_details(st_new(404, "NotFound", "%s \"%s\" not found", gr, name), name, group,
			  resource);
}

json_t *st_already_exists(const char *group, const char *resource, const char *name)
{
	char gr[256];

	group_resource(gr, sizeof(gr), group, resource);
	return st_details(st_new(409, "AlreadyExists", "%s \"%s\" already exists", gr, name), name,
			  group, resource);
}

json_t *st_conflict(const char *group, const char *resource, const char *name, const char *why)
{
	char gr[256];

	group_resource(gr, sizeof(gr), group, resource);
	return st_details(st_new(409, "Conflict", "Operation cannot be fulfilled on %s \"%s\": %s",
				 gr, name, why),
			  name, group, resource);
}

json_t *st_forbidden(const char *group, const char *resource, const char *name, const char *why)
{
	char gr[256];

	group_resource(gr, sizeof(gr), group, resource);
	return st_details(st_new(403, "Forbidden", "%s \"%s\" is forbidden: %s", gr, name, why),
			  name, group, resource);
}

#define ST_SIMPLE(fn, code, reason)                                                                \
	json_t *fn(const char *fmt, ...)                                                           \
	{                                                                                          \
		va_list ap;                                                                        \
		json_t *st;                                                                        \
		va_start(ap, fmt);                                                                 \
		st = st_vnew(code, reason, fmt, ap);                                               \
		va_end(ap);                                                                        \
		return st;                                                                         \
	}

ST_SIMPLE(st_bad_request, 400, "BadRequest")
ST_SIMPLE(st_internal, 500, "InternalError")
ST_SIMPLE(st_method_not_allowed, 405, "MethodNotAllowed")
ST_SIMPLE(st_gone, 410, "Expired")
ST_SIMPLE(st_too_large, 413, "RequestEntityTooLarge")

/* Upstream joins one cause as "field: body" and several as "[a, b]". */
json_t *st_invalid(const char *kind_group, const char *group, const char *kind, const char *name,
		   json_t *causes)
{
	size_t n = json_array_size(causes), i;
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);
	json_t *st, *c;

	fprintf(f, "%s \"%s\" is invalid: ", kind_group, name ? name : "");
	if (n > 1)
		fputc('[', f);
	json_array_foreach(causes, i, c)
	{
		const char *field = json_string_value(json_object_get(c, "field"));
		fprintf(f, "%s%s%s%s", i ? ", " : "", field && *field ? field : "",
			field && *field ? ": " : "",
			json_string_value(json_object_get(c, "message")));
	}
	if (n > 1)
		fputc(']', f);
	fclose(f);
	st = st_new(422, "Invalid", "%s", msg);
	free(msg);
	st_details(st, name, group, kind);
	json_object_set_new(json_object_get(st, "details"), "causes", causes);
	return st;
}
