#include <stdlib.h>
#include <string.h>

#include "jsonx.h"

/* Walk to the parent of the last path element; *leaf points into path. */
static json_t *walk(const json_t *obj, const char *path, bool create, const char **leaf)
{
	json_t *cur = (json_t *)obj;
	const char *p = path;
	const char *dot;

	while ((dot = strchr(p, '.'))) {
		char key[256];
		size_t n = (size_t)(dot - p);
		json_t *next;

		if (!json_is_object(cur) || n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = 0;
		next = json_object_get(cur, key);
		if (!next && create) {
			next = json_object();
			json_object_set_new(cur, key, next);
		}
		if (!next)
			return NULL;
		cur = next;
		p = dot + 1;
	}
	*leaf = p;
	return json_is_object(cur) ? cur : NULL;
}

json_t *jx_get(const json_t *obj, const char *path)
{
	const char *leaf;
	json_t *parent;

	if (!obj)
		return NULL;
	parent = walk(obj, path, false, &leaf);
	return parent ? json_object_get(parent, leaf) : NULL;
}

const char *jx_str(const json_t *obj, const char *path)
{
	return json_string_value(jx_get(obj, path));
}

json_int_t jx_int(const json_t *obj, const char *path, json_int_t def)
{
	json_t *v = jx_get(obj, path);
	return json_is_integer(v) ? json_integer_value(v) : def;
}

bool jx_bool(const json_t *obj, const char *path, bool def)
{
	json_t *v = jx_get(obj, path);
	return json_is_boolean(v) ? json_is_true(v) : def;
}

json_t *jx_obj(json_t *obj, const char *path)
{
	const char *leaf;
	json_t *parent = walk(obj, path, true, &leaf);
	json_t *v;

	if (!parent)
		return NULL;
	v = json_object_get(parent, leaf);
	if (!v) {
		v = json_object();
		json_object_set_new(parent, leaf, v);
	}
	return json_is_object(v) ? v : NULL;
}

int jx_set(json_t *obj, const char *path, json_t *val)
{
	const char *leaf;
	json_t *parent = walk(obj, path, true, &leaf);

	if (!parent) {
		json_decref(val);
		return -1;
	}
	return json_object_set_new(parent, leaf, val);
}

int jx_set_str(json_t *obj, const char *path, const char *s)
{
	return jx_set(obj, path, json_string(s));
}

void jx_default(json_t *obj, const char *path, json_t *val)
{
	json_t *cur = jx_get(obj, path);

	if (cur && !json_is_null(cur)) {
		json_decref(val);
		return;
	}
	jx_set(obj, path, val);
}

int jx_del(json_t *obj, const char *path)
{
	const char *leaf;
	json_t *parent = walk(obj, path, false, &leaf);

	return parent ? json_object_del(parent, leaf) : -1;
}

bool jx_equal(const json_t *a, const json_t *b)
{
	if (!a || !b)
		return a == b;
	return json_equal(a, b);
}

char *jx_dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

json_t *jx_parse(const char *buf, size_t len, char **err)
{
	json_error_t e;
	json_t *v = json_loadb(buf, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);

	if (!v && err) {
		if (asprintf(err, "%s at line %d, column %d", e.text, e.line, e.column) < 0)
			*err = NULL;
	}
	return v;
}

bool jx_has_str(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	}
	return false;
}

int jx_int_or_percent(const json_t *v, long total, bool round_up, long *out)
{
	const char *s = json_string_value(v);
	char *end;
	long pct;

	if (json_is_integer(v)) {
		*out = (long)json_integer_value(v);
		return 0;
	}
	if (!s || !*s)
		return -1;
	pct = strtol(s, &end, 10);
	if (end == s || strcmp(end, "%") || pct < 0)
		return -1;
	*out = round_up ? (pct * total + 99) / 100 : pct * total / 100;
	return 0;
}
