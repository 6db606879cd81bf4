/* ferr: field errors shaped as upstream's field.Error, appended to a causes array.
 * A cause is {reason, message, field}; message is what upstream's ErrorBody() prints. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

/* Go's strconv.Quote: printable UTF-8 passes, the rest is escaped. */
static void quote(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			continue;
		case '\\':
			fputs("\\\\", f);
			continue;
		case '\n':
			fputs("\\n", f);
			continue;
		case '\t':
			fputs("\\t", f);
			continue;
		case '\r':
			fputs("\\r", f);
			continue;
		case '\a':
			fputs("\\a", f);
			continue;
		case '\b':
			fputs("\\b", f);
			continue;
		case '\f':
			fputs("\\f", f);
			continue;
		case '\v':
			fputs("\\v", f);
			continue;
		}
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool all_strings(const json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e) if (!json_is_string(e)) return false;
		return true;
	}
	json_array_foreach(v, i, e) if (!json_is_string(e)) return false;
	return true;
}

/* map[string]string{"a":"b", "c":"d"}, keys sorted as Go's fmt does. */
static void render_map(FILE *f, const json_t *v)
{
	size_t n = json_object_size(v), i = 0;
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	const char *k;
	json_t *e;

	if (!keys)
		return;
	json_object_foreach((json_t *)v, k, e) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	fputs("map[string]string{", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		quote(f, keys[i]);
		fputc(':', f);
		quote(f, json_string_value(json_object_get(v, keys[i])));
	}
	fputc('}', f);
	free(keys);
}

static void render(FILE *f, const json_t *v)
{
	size_t i;
	json_t *e;
	char *s;

	if (!v || json_is_null(v)) {
		fputs("\"null\"", f);
	} else if (json_is_string(v)) {
		quote(f, json_string_value(v));
	} else if (json_is_integer(v)) {
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		fprintf(f, "%g", json_real_value(v));
	} else if (json_is_boolean(v)) {
		fputs(json_is_true(v) ? "true" : "false", f);
	} else if (json_is_object(v) && all_strings(v)) {
		render_map(f, v);
	} else if (json_is_array(v) && all_strings(v)) {
		fputs("[]string{", f);
		json_array_foreach(v, i, e)
		{
			fputs(i ? ", " : "", f);
			quote(f, json_string_value(e));
		}
		fputc('}', f);
	} else {
		s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		fputs(s ? s : "", f);
		free(s);
	}
}

static void add(json_t *causes, const char *reason, const char *field, const char *msg)
{
	if (!causes)
		return;
	json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason", reason, "message", msg,
						"field", field ? field : ""));
}

/* "Type: value: detail", with the value and detail parts optional. */
static void add_body(json_t *causes, const char *reason, const char *type, const char *field,
		     const json_t *value, bool with_value, const char *detail)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);

	if (!f)
		return;
	fputs(type, f);
	if (with_value) {
		fputs(": ", f);
		render(f, value);
	}
	if (detail && *detail)
		fprintf(f, ": %s", detail);
	fclose(f);
	add(causes, reason, field, msg);
	free(msg);
}

void fe_required(json_t *causes, const char *field, const char *detail)
{
	add_body(causes, "FieldValueRequired", "Required value", field, NULL, false, detail);
}

void fe_invalid(json_t *causes, const char *field, const json_t *value, const char *detail)
{
	add_body(causes, "FieldValueInvalid", "Invalid value", field, value, true, detail);
}

void fe_invalid_str(json_t *causes, const char *field, const char *value, const char *detail)
{
	json_t *v = json_string(value ? value : "");

	fe_invalid(causes, field, v, detail);
	json_decref(v);
}

void fe_not_supported(json_t *causes, const char *field, const json_t *value,
		      const char *const *supported)
{
	char *detail = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&detail, &len);

	if (!f)
		return;
	for (int i = 0; supported && supported[i]; i++) {
		fputs(i ? ", " : "supported values: ", f);
		quote(f, supported[i]);
	}
	fclose(f);
	add_body(causes, "FieldValueNotSupported", "Unsupported value", field, value, true, detail);
	free(detail);
}

void fe_forbidden(json_t *causes, const char *field, const char *detail)
{
	add_body(causes, "FieldValueForbidden", "Forbidden", field, NULL, false, detail);
}

void fe_duplicate(json_t *causes, const char *field, const json_t *value)
{
	add_body(causes, "FieldValueDuplicate", "Duplicate value", field, value, true, NULL);
}

void fe_too_long(json_t *causes, const char *field, const json_t *value, int max)
{
	char detail[64];

	(void)value; /* upstream never prints the too-long value */
	if (max >= 0)
		snprintf(detail, sizeof(detail), "may not be more than %d bytes", max);
	else
		snprintf(detail, sizeof(detail), "value is too long");
	add_body(causes, "FieldValueTooLong", "Too long", field, NULL, false, detail);
}

void fe_too_many(json_t *causes, const char *field, int actual, int max)
{
	char detail[64];
	json_t *v = json_integer(actual);

	if (max >= 0)
		snprintf(detail, sizeof(detail), "must have at most %d items", max);
	else
		snprintf(detail, sizeof(detail), "has too many items");
	add_body(causes, "FieldValueTooMany", "Too many", field, v, actual >= 0, detail);
	json_decref(v);
}

const char *fe_path(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return buf;
}
