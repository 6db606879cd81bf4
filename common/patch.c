/* patch: merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch.
 *
 * Error texts follow the libraries upstream's API server uses (evanphx/json-patch v4 and
 * apimachinery's strategicpatch), since clients show them to users verbatim. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patch.h"

static char *pt_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *pt_strf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* ---- Go-style rendering of values, for error messages that quote them ---- */

static int pt_keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void pt_gofmt(FILE *f, const json_t *v, int depth);

static void pt_gofmt_object(FILE *f, const json_t *v, int depth)
{
	size_t n = json_object_size(v), i = 0;
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	const char *k;
	json_t *x;

	if (!keys)
		return;
	json_object_foreach((json_t *)v, k, x) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), pt_keycmp);
	fputs("map[", f);
	for (i = 0; i < n; i++) {
		fprintf(f, "%s%s:", i ? " " : "", keys[i]);
		pt_gofmt(f, json_object_get(v, keys[i]), depth + 1);
	}
	fputc(']', f);
	free(keys);
}

static void pt_gofmt(FILE *f, const json_t *v, int depth)
{
	size_t i;
	json_t *x;

	if (depth > 32) {
		fputs("...", f);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		pt_gofmt_object(f, v, depth);
		break;
	case JSON_ARRAY:
		fputc('[', f);
		json_array_foreach(v, i, x)
		{
			if (i)
				fputc(' ', f);
			pt_gofmt(f, x, depth + 1);
		}
		fputc(']', f);
		break;
	case JSON_STRING:
		fputs(json_string_value(v), f);
		break;
	case JSON_INTEGER:
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		fprintf(f, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		fputs("true", f);
		break;
	case JSON_FALSE:
		fputs("false", f);
		break;
	default:
		fputs("<nil>", f);
	}
}

/* v rendered as Go's %v would; malloc'd. */
static char *pt_go(const json_t *v)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		return NULL;
	if (v)
		pt_gofmt(f, v, 0);
	else
		fputs("<nil>", f);
	fclose(f);
	return s;
}

/* The Go type name a decoded JSON value has upstream (for ErrBadArgType texts). */
static const char *pt_gotype(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		return "map[string]interface {}";
	case JSON_ARRAY:
		return "[]interface {}";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "int64";
	case JSON_REAL:
		return "float64";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	default:
		return "<nil>";
	}
}

/* The JSON kind Go's decoder names in "cannot unmarshal X into ..." errors. */
static const char *pt_json_kind(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	default:
		return "null";
	}
}

/* ---- RFC 7386 merge patch ---- */

/* Drop null members of objects, at any depth (null array elements stay). */
static json_t *pt_prune(const json_t *v)
{
	const char *k;
	size_t i;
	json_t *x, *out;

	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach((json_t *)v, k, x)
		{
			if (!json_is_null(x))
				json_object_set_new(out, k, pt_prune(x));
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
		    json_array_append_new(out, json_is_null(x) ? json_null() : pt_prune(x));
		return out;
	}
	return json_deep_copy(v);
}

static json_t *pt_merge(const json_t *cur, const json_t *patch)
{
	const char *k;
	json_t *out, *v, *old;

	if (!json_is_object(cur))
		return pt_prune(patch);
	if (!json_is_object(patch))
		return json_deep_copy(patch);
	out = json_deep_copy(cur);
	json_object_foreach((json_t *)patch, k, v)
	{
		old = json_object_get(out, k);
		if (json_is_null(v))
			json_object_del(out, k);
		else if (!old || json_is_null(old))
			json_object_set_new(out, k, pt_prune(v));
		else
			json_object_set_new(out, k, pt_merge(old, v));
	}
	return out;
}

json_t *patch_merge(const json_t *orig, const json_t *patch)
{
	if (!patch)
		return orig ? json_deep_copy(orig) : json_null();
	return pt_merge(orig, patch);
}

/* ---- RFC 6902 JSON patch ---- */

/* An RFC 6901 reference token with ~1 and ~0 decoded; malloc'd. */
static char *jp_unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '1' || s[i + 1] == '0')) {
			*o++ = s[i + 1] == '1' ? '/' : '~';
			i++;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* Go's strconv.Atoi: optional sign, then decimal digits only. */
static int jp_atoi(const char *s, long *out, char **err)
{
	const char *p = s;
	long v = 0;
	int neg = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (v > (LONG_MAX - 9) / 10) {
			*err = pt_strf("strconv.Atoi: parsing \"%s\": value out of range", s);
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return 0;
bad:
	*err = pt_strf("strconv.Atoi: parsing \"%s\": invalid syntax", s);
	return -1;
}

/* An existing array index (negative ones count from the end). */
static int jp_index(const json_t *arr, const char *key, size_t *idx, char **err)
{
	long i, n = (long)json_array_size(arr);

	if (jp_atoi(key, &i, err) < 0)
		return -1;
	if (i < 0)
		i += n;
	if (i < 0 || i >= n) {
		*err = pt_strf("Unable to access invalid index: %ld: invalid index referenced",
			       i < 0 ? i - n : i);
		return -1;
	}
	*idx = (size_t)i;
	return 0;
}

/* The container holding the last token of path, and that token decoded. NULL when the path
 * has no token or a step on the way is missing or not a container. */
static json_t *jp_parent(json_t *doc, const char *path, char **key)
{
	const char *p = strchr(path, '/'), *next;
	json_t *con = doc, *child;
	char *tok, *terr = NULL;
	size_t idx;

	*key = NULL;
	if (!p)
		return NULL;
	for (p++; (next = strchr(p, '/')); p = next + 1) {
		if (!(tok = jp_unescape(p, (size_t)(next - p))))
			return NULL;
		child = NULL;
		if (json_is_object(con))
			child = json_object_get(con, tok);
		else if (jp_index(con, tok, &idx, &terr) == 0)
			child = json_array_get(con, idx);
		free(tok);
		free(terr);
		terr = NULL;
		if (!json_is_object(child) && !json_is_array(child))
			return NULL;
		con = child;
	}
	*key = jp_unescape(p, strlen(p));
	return *key ? con : NULL;
}

/* The member at key: NULL with no error when an object lacks it, as upstream. */
static int jp_get(json_t *con, const char *key, json_t **out, char **err)
{
	size_t idx;

	*out = NULL;
	if (json_is_object(con)) {
		*out = json_object_get(con, key);
		return 0;
	}
	if (jp_index(con, key, &idx, err) < 0)
		return -1;
	*out = json_array_get(con, idx);
	return 0;
}

/* Insert val (stolen) at key; "-" appends to arrays. */
static int jp_add(json_t *con, const char *key, json_t *val, char **err)
{
	long i, n;

	if (json_is_object(con))
		return json_object_set_new(con, key, val);
	n = (long)json_array_size(con);
	if (!strcmp(key, "-"))
		return json_array_append_new(con, val);
	if (jp_atoi(key, &i, err) < 0) {
		char *inner = *err;

		*err = pt_strf("value was not a proper array index: '%s': %s", key, inner);
		free(inner);
		goto fail;
	}
	if (i > n || i < -(n + 1)) {
		*err = pt_strf("Unable to access invalid index: %ld: invalid index referenced", i);
		goto fail;
	}
	if (i < 0)
		i += n + 1;
	return json_array_insert_new(con, (size_t)i, val);
fail:
	json_decref(val);
	return -1;
}

static int jp_remove(json_t *con, const char *key, char **err)
{
	size_t idx;

	if (json_is_object(con)) {
		if (json_object_del(con, key) < 0) {
			*err = pt_strf("Unable to remove nonexistent key: %s: missing value", key);
			return -1;
		}
		return 0;
	}
	if (jp_index(con, key, &idx, err) < 0)
		return -1;
	return json_array_remove(con, idx);
}

struct jp_state {
	json_t *doc;
	size_t copied; /* bytes added by copy operations so far */
};

/* Wrap an inner error: *err = prefix + ": " + inner. */
static int jp_wrap(char **err, char *inner, const char *fmt, const char *arg)
{
	char *head = pt_strf(fmt, arg);

	*err = pt_strf("%s: %s", head ? head : "", inner ? inner : "");
	free(head);
	free(inner);
	return -1;
}

static int jp_op_add(struct jp_state *st, const char *path, const json_t *value, char **err)
{
	char *key, *inner = NULL;
	json_t *con = jp_parent(st->doc, path, &key);
	int rc = -1;

	if (!con) {
		*err = pt_strf("add operation does not apply: doc is missing path: \"%s\": "
			       "missing value",
			       path);
		goto out;
	}
	if (jp_add(con, key, value ? json_deep_copy(value) : json_null(), &inner) < 0) {
		jp_wrap(err, inner, "error in add for path: '%s'", path);
		goto out;
	}
	rc = 0;
out:
	free(key);
	return rc;
}

static int jp_op_remove(struct jp_state *st, const char *path, char **err)
{
	char *key, *inner = NULL;
	json_t *con = jp_parent(st->doc, path, &key);
	int rc = -1;

	if (!con) {
		*err = pt_strf("remove operation does not apply: doc is missing path: \"%s\": "
			       "missing value",
			       path);
		goto out;
	}
	if (jp_remove(con, key, &inner) < 0) {
		jp_wrap(err, inner, "error in remove for path: '%s'", path);
		goto out;
	}
	rc = 0;
out:
	free(key);
	return rc;
}

static int jp_op_replace(struct jp_state *st, const char *path, const json_t *value, char **err)
{
	char *key = NULL, *inner = NULL;
	json_t *con, *cur;
	size_t idx;
	int rc = -1;

	if (!*path) {
		if (!json_is_object(value) && !json_is_array(value)) {
			*err = pt_strf("replace operation value must be object or array");
			return -1;
		}
		json_decref(st->doc);
		st->doc = json_deep_copy(value);
		return 0;
	}
	if (!(con = jp_parent(st->doc, path, &key))) {
		*err = pt_strf("replace operation does not apply: doc is missing path: %s: "
			       "missing value",
			       path);
		goto out;
	}
	if (jp_get(con, key, &cur, &inner) < 0) {
		free(inner);
		*err = pt_strf("replace operation does not apply: doc is missing key: %s: "
			       "missing value",
			       path);
		goto out;
	}
	value = value ? value : json_null();
	if (json_is_object(con))
		rc = json_object_set_new(con, key, json_deep_copy(value));
	else if (jp_index(con, key, &idx, &inner) == 0)
		rc = json_array_set_new(con, idx, json_deep_copy(value));
	else
		jp_wrap(err, inner, "error in remove for path: '%s'", path);
out:
	free(key);
	return rc;
}

/* Detach the value at from (a new reference), as move and copy read it. */
static json_t *jp_take(struct jp_state *st, const char *op, const char *from, bool remove,
		       char **err)
{
	char *key, *inner = NULL;
	json_t *con = jp_parent(st->doc, from, &key), *val = NULL;

	if (!con) {
		*err = pt_strf("%s operation does not apply: doc is missing from path: %s: "
			       "missing value",
			       op, from);
		goto out;
	}
	if (jp_get(con, key, &val, &inner) < 0) {
		jp_wrap(err, inner,
			remove ? "error in move for path: '%s'" : "error in copy for from: '%s'",
			remove ? key : from);
		val = NULL;
		goto out;
	}
	val = val ? json_incref(val) : json_null();
	if (remove && jp_remove(con, key, &inner) < 0) {
		jp_wrap(err, inner, "error in move for path: '%s'", key);
		json_decref(val);
		val = NULL;
	}
out:
	free(key);
	return val;
}

static int jp_put(struct jp_state *st, const char *op, const char *path, json_t *val, char **err)
{
	char *key, *inner = NULL;
	json_t *con = jp_parent(st->doc, path, &key);
	int rc = -1;

	if (!con) {
		*err = pt_strf("%s operation does not apply: doc is missing destination path: %s: "
			       "missing value",
			       op, path);
		json_decref(val);
		goto out;
	}
	if (jp_add(con, key, val, &inner) < 0) {
		jp_wrap(err, inner,
			!strcmp(op, "move") ? "error in move for path: '%s'"
					    : "error while adding value during copy%s",
			!strcmp(op, "move") ? path : "");
		goto out;
	}
	rc = 0;
out:
	free(key);
	return rc;
}

static int jp_op_move(struct jp_state *st, const char *from, const char *path, char **err)
{
	json_t *val = jp_take(st, "move", from, true, err);

	return val ? jp_put(st, "move", path, val, err) : -1;
}

static int jp_op_copy(struct jp_state *st, const char *from, const char *path, char **err)
{
	json_t *val = jp_take(st, "copy", from, false, err), *dup;
	char *text;

	if (!val)
		return -1;
	dup = json_deep_copy(val);
	json_decref(val);
	text = json_dumps(dup, JSON_COMPACT | JSON_ENCODE_ANY);
	st->copied += text ? strlen(text) : 0;
	free(text);
	if (st->copied > PATCH_JSON_MAX_COPY_SIZE) {
		*err = pt_strf("Unable to complete the copy, the accumulated size increase of copy "
			       "is %zu, exceeding the limit %d",
			       st->copied, PATCH_JSON_MAX_COPY_SIZE);
		json_decref(dup);
		return -1;
	}
	return jp_put(st, "copy", path, dup, err);
}

static int jp_op_test(struct jp_state *st, const char *path, const json_t *value, char **err)
{
	char *key = NULL, *inner = NULL;
	json_t *con, *cur = st->doc;
	int rc = -1;

	if (*path) {
		if (!(con = jp_parent(st->doc, path, &key))) {
			*err = pt_strf("test operation does not apply: is missing path: %s: "
				       "missing value",
				       path);
			goto out;
		}
		if (jp_get(con, key, &cur, &inner) < 0) {
			jp_wrap(err, inner, "error in test for path: '%s'", path);
			goto out;
		}
	}
	/* A missing member and an explicit null compare equal to an absent or null value. */
	if (json_is_null(cur) || !cur)
		rc = (!value || json_is_null(value)) ? 0 : -1;
	else
		rc = (value && json_equal(cur, (json_t *)value)) ? 0 : -1;
	if (rc < 0)
		*err = pt_strf("testing value %s failed: test failed", path);
out:
	free(key);
	return rc;
}

/* The string member name of op, or NULL. */
static const char *jp_field(const json_t *op, const char *name)
{
	return json_string_value(json_object_get(op, name));
}

static int jp_apply_one(struct jp_state *st, const json_t *op, char **err)
{
	const char *kind = jp_field(op, "op"), *path = jp_field(op, "path");
	const char *from = jp_field(op, "from");
	const json_t *value = json_object_get(op, "value");

	if (!kind)
		kind = "unknown";
	if (strcmp(kind, "add") && strcmp(kind, "remove") && strcmp(kind, "replace") &&
	    strcmp(kind, "move") && strcmp(kind, "copy") && strcmp(kind, "test")) {
		*err = pt_strf("Unexpected kind: %s", kind);
		return -1;
	}
	if (!path) {
		*err = pt_strf("%s operation failed to decode path: missing value", kind);
		return -1;
	}
	if ((!strcmp(kind, "move") || !strcmp(kind, "copy")) && !from) {
		*err = pt_strf("%s operation failed to decode from: missing value", kind);
		return -1;
	}
	if (!strcmp(kind, "add"))
		return jp_op_add(st, path, value, err);
	if (!strcmp(kind, "remove"))
		return jp_op_remove(st, path, err);
	if (!strcmp(kind, "replace"))
		return jp_op_replace(st, path, value, err);
	if (!strcmp(kind, "move"))
		return jp_op_move(st, from, path, err);
	if (!strcmp(kind, "copy"))
		return jp_op_copy(st, from, path, err);
	return jp_op_test(st, path, value, err);
}

json_t *patch_json(const json_t *orig, const json_t *ops, char **err)
{
	struct jp_state st = {0};
	size_t i;
	json_t *op;

	*err = NULL;
	if (!json_is_array(ops)) {
		*err = pt_strf("json: cannot unmarshal %s into Go value of type jsonpatch.Patch",
			       pt_json_kind(ops));
		return NULL;
	}
	if (json_array_size(ops) > PATCH_JSON_MAX_OPS) {
		*err = pt_strf("The allowed maximum operations in a JSON patch is %d, got %zu",
			       PATCH_JSON_MAX_OPS, json_array_size(ops));
		return NULL;
	}
	st.doc = orig ? json_deep_copy(orig) : json_object();
	json_array_foreach(ops, i, op)
	{
		if (!json_is_object(op)) {
			*err = pt_strf("json: cannot unmarshal %s into Go value of type "
				       "jsonpatch.Operation",
				       pt_json_kind(op));
			goto fail;
		}
		if (jp_apply_one(&st, op, err) < 0)
			goto fail;
	}
	return st.doc;
fail:
	if (!*err)
		*err = pt_strf("invalid JSON patch");
	json_decref(st.doc);
	return NULL;
}

/* ---- strategic merge patch ---- */

#define SM_DIRECTIVE  "$patch"
#define SM_RETAIN     "$retainKeys"
#define SM_DELETE_PFX "$deleteFromPrimitiveList"
#define SM_ORDER_PFX  "$setElementOrder"

struct sm {
	char *err;
};

static int sm_fail(struct sm *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int sm_fail(struct sm *s, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	if (s->err)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	s->err = msg ? msg : strdup("strategic merge patch failed");
	return -1;
}

static int sm_no_merge_key(struct sm *s, const json_t *m, const char *key)
{
	char *v = pt_go(m);

	sm_fail(s, "map: %s does not contain declared merge key: %s", v ? v : "", key);
	free(v);
	return -1;
}

static int sm_bad_type(struct sm *s, const char *expected, const json_t *actual)
{
	return sm_fail(s, "expected a %s, but received a %s", expected, pt_gotype(actual));
}

/* "$prefix/field" -> "field"; NULL when the key has another shape. */
static const char *sm_suffix(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(key, prefix, n) || key[n] != '/')
		return NULL;
	return key + n + 1;
}

static bool sm_has_prefix(const char *key, const char *prefix)
{
	return !strncmp(key, prefix, strlen(prefix));
}

/* A patch value as it is stored: null members dropped and directives stripped. NULL when the
 * value is itself a directive map, which upstream drops. */
static json_t *sm_clean(const json_t *v)
{
	const char *k;
	size_t i;
	json_t *x, *c, *out;

	if (json_is_object(v)) {
		if (json_object_get(v, SM_DIRECTIVE))
			return NULL;
		out = json_object();
		json_object_foreach((json_t *)v, k, x)
		{
			if (json_is_null(x) || k[0] == '$')
				continue;
			if ((c = sm_clean(x)))
				json_object_set_new(out, k, c);
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
		{
			if ((c = json_is_null(x) ? json_null() : sm_clean(x)))
				json_array_append_new(out, c);
		}
		return out;
	}
	return json_deep_copy(v);
}

/* sm_clean of a map whose own "$patch" directive has been honoured. */
static json_t *sm_clean_body(const json_t *v)
{
	json_t *tmp = json_copy((json_t *)v), *out;

	json_object_del(tmp, SM_DIRECTIVE);
	out = sm_clean(tmp);
	json_decref(tmp);
	return out;
}

/* Store a cleaned patch value at key, or drop the key when the value is a directive. */
static void sm_set_clean(json_t *obj, const char *key, const json_t *v)
{
	json_t *c = sm_clean(v);

	if (c)
		json_object_set_new(obj, key, c);
	else
		json_object_del(obj, key);
}

/* Upstream compares Go types: int64 and float64 differ, as do maps, slices and scalars. */
static bool sm_same_type(const json_t *a, const json_t *b)
{
	json_type ta = json_typeof(a), tb = json_typeof(b);

	if (ta == JSON_FALSE)
		ta = JSON_TRUE;
	if (tb == JSON_FALSE)
		tb = JSON_TRUE;
	return ta == tb;
}

static json_t *sm_map(json_t *orig, const json_t *patch, const struct smp_type *t, struct sm *s);

/* The identity of a list element: its merge key value, or the element for scalars. */
static int sm_ident(const json_t *elem, const char *key, const json_t **out, struct sm *s)
{
	if (!key) {
		*out = elem;
		return 0;
	}
	if (!json_is_object(elem))
		return sm_bad_type(s, "map[string]interface {}", elem);
	if (!(*out = json_object_get(elem, key)))
		return sm_no_merge_key(s, elem, key);
	return 0;
}

/* Position of the first element of list with the same identity as id, or -1. */
static long sm_index(const json_t *list, const json_t *id, const char *key)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
	{
		const json_t *xid = key ? json_object_get(x, key) : x;

		if (xid && json_equal((json_t *)xid, (json_t *)id))
			return (long)i;
	}
	return -1;
}

/* All elements must share one type that is not a list; returns that type. */
static int sm_elem_type(const json_t *a, const json_t *b, json_type *out, struct sm *s)
{
	const json_t *lists[2] = {a, b};
	const json_t *first = NULL;
	size_t i;
	json_t *x;

	for (int l = 0; l < 2; l++) {
		json_array_foreach(lists[l], i, x)
		{
			if (json_is_null(x) || (first && !sm_same_type(first, x))) {
				char *va = pt_go(a), *vb = pt_go(b);

				sm_fail(s, "list element types are not identical: [%s %s]",
					va ? va : "", vb ? vb : "");
				free(va);
				free(vb);
				return -1;
			}
			if (json_is_array(x))
				return sm_fail(s, "lists of lists are not supported");
			first = first ? first : x;
		}
	}
	if (!first)
		return sm_fail(s, "no elements in any of the given slices");
	*out = json_typeof(first);
	return 0;
}

struct sm_item {
	json_t *v;
	long rank; /* position in the order list; LONG_MAX when absent */
	size_t pos;
};

static int sm_item_cmp(const void *a, const void *b)
{
	const struct sm_item *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Rank items by order (stable), as upstream's normalizeSliceOrder. */
static int sm_rank(struct sm_item *it, size_t n, const json_t *order, const char *key, struct sm *s)
{
	const json_t *id = NULL;
	long r;

	for (size_t i = 0; i < n; i++) {
		if (sm_ident(it[i].v, key, &id, s) < 0)
			return -1;
		r = sm_index(order, id, key);
		it[i].rank = r < 0 ? LONG_MAX : r;
		it[i].pos = i;
	}
	qsort(it, n, sizeof(*it), sm_item_cmp);
	return 0;
}

/* Upstream's element order: items named by the patch (or $setElementOrder) keep that order,
 * server-only items keep theirs, and the two are interleaved using the live order. */
static json_t *sm_order(const json_t *merged, const json_t *patch_order, const json_t *live,
			const char *key, struct sm *s)
{
	size_t n = json_array_size(merged), np = 0, ns = 0, i, j;
	struct sm_item *pi = calloc(n + 1, sizeof(*pi)), *si = calloc(n + 1, sizeof(*si));
	json_t *out = NULL, *x;
	const json_t *id;

	if (!pi || !si)
		goto out;
	json_array_foreach(merged, i, x)
	{
		if (sm_ident(x, key, &id, s) < 0)
			goto out;
		if (sm_index(patch_order, id, key) >= 0)
			pi[np++].v = x;
		else
			si[ns++].v = x;
	}
	if (sm_rank(pi, np, patch_order, key, s) < 0 || sm_rank(si, ns, live, key, s) < 0)
		goto out;
	out = json_array();
	for (i = 0, j = 0; i < ns || j < np;) {
		bool left = j >= np;

		if (i < ns && j < np) {
			long li, ri;

			sm_ident(si[i].v, key, &id, s);
			li = sm_index(live, id, key);
			sm_ident(pi[j].v, key, &id, s);
			ri = sm_index(live, id, key);
			left = li >= 0 && ri >= 0 && li < ri;
		}
		json_array_append(out, left ? si[i++].v : pi[j++].v);
	}
out:
	free(pi);
	free(si);
	return out;
}

/* Scalars: union (deduplicated), or removal for a $deleteFromPrimitiveList list. */
static json_t *sm_scalars(const json_t *cur, const json_t *patch, bool del)
{
	json_t *out = json_array(), *x;
	size_t i;

	json_array_foreach(cur, i, x)
	{
		if (del ? sm_index(patch, x, NULL) >= 0 : sm_index(out, x, NULL) >= 0)
			continue;
		json_array_append(out, x);
	}
	if (del)
		return out;
	json_array_foreach(patch, i, x)
	{
		if (sm_index(out, x, NULL) < 0)
			json_array_append_new(out, json_deep_copy(x));
	}
	return out;
}

/* Honour "$patch" elements of a keyed list: delete entries from base (a private copy) or ask
 * for replacement. *rest gets the ordinary elements. */
static int sm_special(json_t *base, const json_t *patch, const char *key, bool *replace,
		      json_t *rest, struct sm *s)
{
	size_t i;
	json_t *x, *dir;
	const json_t *id;
	long at;

	json_array_foreach(patch, i, x)
	{
		if (!(dir = json_object_get(x, SM_DIRECTIVE))) {
			json_array_append(rest, x);
			continue;
		}
		const char *d = json_string_value(dir);

		if (d && !strcmp(d, "delete")) {
			if (!(id = json_object_get(x, key)))
				return sm_no_merge_key(s, x, key);
			while ((at = sm_index(base, id, key)) >= 0)
				json_array_remove(base, (size_t)at);
		} else if (d && !strcmp(d, "replace")) {
			*replace = true;
		} else if (d && !strcmp(d, "merge")) {
			return sm_fail(s, "merging lists cannot yet be specified in the patch");
		} else {
			char *dv = pt_go(dir), *mv = pt_go(x);

			sm_fail(s, "unknown patch type: %s in map: %s", dv ? dv : "", mv ? mv : "");
			free(dv);
			free(mv);
			return -1;
		}
	}
	return 0;
}

/* Merge the ordinary elements of a keyed list into base (a private copy). */
static int sm_keyed(json_t *base, const json_t *rest, const char *key, const struct smp_type *et,
		    struct sm *s)
{
	size_t i;
	json_t *x, *c;
	const json_t *id;
	long at;

	json_array_foreach(rest, i, x)
	{
		if (!(id = json_object_get(x, key)))
			return sm_no_merge_key(s, x, key);
		at = sm_index(base, id, key);
		if (at < 0) {
			if ((c = sm_clean(x)))
				json_array_append_new(base, c);
			continue;
		}
		c = sm_map(json_incref(json_array_get(base, (size_t)at)), x, et, s);
		if (!c)
			return -1;
		json_array_set_new(base, (size_t)at, c);
	}
	return 0;
}

/* Merge a patch list into a live list with merge strategy; returns a new array. */
static json_t *sm_list(const json_t *cur, const json_t *patch, const struct smp_field *f, bool del,
		       struct sm *s)
{
	const char *key = f ? f->merge_key : NULL;
	json_t *base = NULL, *rest = NULL, *merged = NULL, *out = NULL;
	bool replace = false;
	json_type et = JSON_NULL;

	if (!json_array_size(cur) && !json_array_size(patch))
		return json_array();
	if (sm_elem_type(cur, patch, &et, s) < 0)
		return NULL;
	if (et != JSON_OBJECT) {
		merged = sm_scalars(cur, patch, del);
		if (del)
			return merged;
		out = sm_order(merged, patch, cur, NULL, s);
		goto done;
	}
	if (!key) {
		sm_fail(s, "cannot merge lists without merge key for %s",
			f && f->type ? f->type->name : "struct");
		return NULL;
	}
	base = json_deep_copy(cur);
	rest = json_array();
	if (sm_special(base, patch, key, &replace, rest, s) < 0)
		goto done;
	if (replace) {
		json_decref(base);
		base = sm_clean(rest);
		json_array_clear(rest);
	}
	/* The live order after deletions is what the interleaving consults. */
	merged = json_deep_copy(base);
	if (sm_keyed(merged, rest, key, f->type, s) < 0)
		goto done;
	out = sm_order(merged, rest, base, key, s);
done:
	json_decref(base);
	json_decref(rest);
	json_decref(merged);
	return out;
}

/* Check that the patch list follows the $setElementOrder list, as upstream does. */
static int sm_check_order(const json_t *plist, const json_t *order, const char *key, struct sm *s)
{
	size_t pi = 0, oi = 0, n = json_array_size(plist);
	const json_t *a, *b;
	json_t *x;

	if (!json_array_size(order) || !n)
		return 0;
	while (pi < n && oi < json_array_size(order)) {
		x = json_array_get(plist, pi);
		if (json_object_get(x, SM_DIRECTIVE)) {
			pi++;
			continue;
		}
		if (sm_ident(x, key, &a, s) < 0 ||
		    sm_ident(json_array_get(order, oi), key, &b, s) < 0)
			return -1;
		if (json_equal((json_t *)a, (json_t *)b))
			pi++;
		oi++;
	}
	for (; pi < n; pi++) {
		if (!json_object_get(json_array_get(plist, pi), SM_DIRECTIVE))
			break;
	}
	if (pi < n) {
		char *pv = pt_go(plist), *ov = pt_go(order);

		sm_fail(s, "The order in patch list:\n%s\n doesn't match %s list:\n%s\n",
			pv ? pv : "", SM_ORDER_PFX, ov ? ov : "");
		free(pv);
		free(ov);
		return -1;
	}
	return 0;
}

/* One "$setElementOrder/<field>" directive: merge the field's list now and impose the order.
 * The field is recorded in done so the main pass leaves it alone. */
static int sm_set_order(json_t *orig, const json_t *patch, const char *dkey, const json_t *order,
			const struct smp_type *t, json_t *done, struct sm *s)
{
	const char *name = sm_suffix(dkey, SM_ORDER_PFX);
	const struct smp_field *f;
	json_t *cur, *plist, *merged = NULL, *out;
	const char *key;

	if (!json_is_array(order))
		return sm_bad_type(s, "[]interface {}", order);
	if (!name)
		return sm_fail(s, "invalid patch format of setElementOrder list");
	f = smp_field(t, name);
	key = f ? f->merge_key : NULL;
	cur = json_object_get(orig, name);
	plist = json_object_get(patch, name);
	if (cur && !json_is_array(cur))
		return sm_bad_type(s, "[]interface {}", cur);
	if (plist && !json_is_array(plist))
		return sm_bad_type(s, "[]interface {}", plist);
	json_object_set_new(done, name, json_true());
	if (sm_check_order(plist, order, key, s) < 0)
		return -1;
	if (!cur && !plist)
		return 0;
	if (!plist)
		merged = json_incref(cur);
	else if (!cur)
		merged = sm_clean(plist);
	else if (f && (f->flags & SMP_MERGE))
		merged = sm_list(cur, plist, f, false, s);
	else
		merged = sm_clean(plist);
	if (!merged)
		return -1;
	if (json_array_size(merged) && json_is_object(json_array_get(merged, 0)) && !key) {
		/* Objects without a merge key cannot be ordered by identity: keep them. */
		json_object_set_new(orig, name, merged);
		return 0;
	}
	out = sm_order(merged, order, cur ? cur : merged, key, s);
	json_decref(merged);
	if (!out)
		return -1;
	return json_object_set_new(orig, name, out);
}

/* "$retainKeys": drop live fields the list does not name; the patch may only set named ones. */
static int sm_retain(json_t *orig, const json_t *patch, struct sm *s)
{
	const json_t *keep = json_object_get(patch, SM_RETAIN);
	const char *k;
	json_t *v;
	void *tmp;
	json_t *ks;

	if (!keep)
		return 0;
	if (!json_is_array(keep))
		return sm_fail(s, "invalid patch format of retainKeys");
	json_object_foreach((json_t *)patch, k, v)
	{
		if (json_is_null(v) || !strcmp(k, SM_RETAIN) || sm_has_prefix(k, SM_DELETE_PFX) ||
		    sm_has_prefix(k, SM_ORDER_PFX))
			continue;
		ks = json_string(k);
		long at = sm_index(keep, ks, NULL);
		json_decref(ks);
		if (at < 0)
			return sm_fail(s, "invalid patch format of retainKeys");
	}
	json_object_foreach_safe(orig, tmp, k, v)
	{
		ks = json_string(k);
		if (sm_index(keep, ks, NULL) < 0)
			json_object_del(orig, k);
		json_decref(ks);
	}
	return 0;
}

/* Merge one patch member into orig. del marks a $deleteFromPrimitiveList member. */
static int sm_member(json_t *orig, const char *k, const json_t *v, const struct smp_type *t,
		     bool del, struct sm *s)
{
	json_t *cur = json_object_get(orig, k), *m;
	const struct smp_field *f;

	if (json_is_null(v)) {
		json_object_del(orig, k);
		return 0;
	}
	if (!cur || !sm_same_type(cur, v)) {
		if (!del)
			sm_set_clean(orig, k, v);
		return 0;
	}
	f = smp_field(t, k);
	if (json_is_object(v)) {
		if (f && (f->flags & SMP_REPLACE))
			return json_object_set_new(orig, k, sm_clean_body(v));
		m = sm_map(json_incref(cur), v, f ? f->type : NULL, s);
	} else if (json_is_array(v)) {
		if (!del && !(f && (f->flags & SMP_MERGE))) {
			sm_set_clean(orig, k, v);
			return 0;
		}
		m = sm_list(cur, v, f, del, s);
	} else {
		m = json_deep_copy(v);
	}
	if (!m)
		return -1;
	return json_object_set_new(orig, k, m);
}

/* A map carrying "$patch": replace keeps only the patch, delete empties it. */
static json_t *sm_map_directive(const json_t *dir, const json_t *patch, struct sm *s)
{
	const char *d = json_string_value(dir);
	char *dv, *mv;

	if (d && !strcmp(d, "replace"))
		return sm_clean_body(patch);
	if (d && !strcmp(d, "delete"))
		return json_object();
	dv = pt_go(dir);
	mv = pt_go(patch);
	sm_fail(s, "unknown patch type: %s in map: %s", dv ? dv : "", mv ? mv : "");
	free(dv);
	free(mv);
	return NULL;
}

/* Merge patch into orig (stolen; NULL for none) using type t; returns the result or NULL. */
static json_t *sm_map(json_t *orig, const json_t *patch, const struct smp_type *t, struct sm *s)
{
	const json_t *dir = json_object_get(patch, SM_DIRECTIVE);
	json_t *done = NULL, *v;
	const char *k, *name;

	if (dir) {
		json_decref(orig);
		return sm_map_directive(dir, patch, s);
	}
	if (!orig)
		orig = json_object();
	done = json_object();
	if (sm_retain(orig, patch, s) < 0)
		goto fail;
	json_object_foreach((json_t *)patch, k, v)
	{
		if (sm_has_prefix(k, SM_ORDER_PFX) &&
		    sm_set_order(orig, patch, k, v, t, done, s) < 0)
			goto fail;
	}
	json_object_foreach((json_t *)patch, k, v)
	{
		bool del = sm_has_prefix(k, SM_DELETE_PFX);

		name = k;
		if (del && !(name = sm_suffix(k, SM_DELETE_PFX))) {
			sm_fail(s, "invalid patch format of primitive list");
			goto fail;
		}
		/* Other "$" keys are directives handled above, or unknown ones a typed decode
		 * would drop. */
		if (!del && (k[0] == '$' || json_object_get(done, name)))
			continue;
		if (sm_member(orig, name, v, t, del, s) < 0)
			goto fail;
	}
	json_decref(done);
	return orig;
fail:
	json_decref(done);
	json_decref(orig);
	return NULL;
}

bool patch_strategic_known(const char *group, const char *kind)
{
	return smp_kind_type(group, kind) != NULL;
}

json_t *patch_strategic(const json_t *orig, const json_t *patch, const char *group,
			const char *kind, char **err)
{
	const struct smp_type *t = smp_kind_type(group, kind);
	struct sm s = {0};
	json_t *out;

	*err = NULL;
	if (!t) {
		*err = pt_strf("strategic merge patch is not supported for %s", kind ? kind : "");
		return NULL;
	}
	if (!json_is_object(patch)) {
		*err = pt_strf("json: cannot unmarshal %s into Go value of type "
			       "map[string]interface {}",
			       pt_json_kind(patch));
		return NULL;
	}
	if (orig && !json_is_object(orig)) {
		*err = pt_strf("invalid JSON document");
		return NULL;
	}
	out = sm_map(orig ? json_deep_copy(orig) : NULL, patch, t, &s);
	if (!out)
		*err = s.err ? s.err : pt_strf("strategic merge patch failed");
	else
		free(s.err);
	return out;
}
