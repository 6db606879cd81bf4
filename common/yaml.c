#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Our header is found first on the include path and hands over to libyaml's. */
#define KUBE_YAML_LIBYAML
#include <yaml.h>

#define TAG_PREFIX "tag:yaml.org,2002:"

/* ---------------------------------------------------------------------------------------------
 * Scalar resolution (go-yaml v2's resolve(), reimplemented)
 * ------------------------------------------------------------------------------------------- */

enum rkind { R_NULL, R_BOOL, R_INT, R_UINT, R_BIG, R_FLOAT, R_STR };

struct rval {
	enum rkind kind;
	bool b;
	int64_t i;
	uint64_t u;
	double f;
};

struct rword {
	const char *s;
	enum rkind kind;
	int val; /* bool value, or the float: 1 = +inf, -1 = -inf, 0 = nan */
};

static const struct rword rwords[] = {
    {"y", R_BOOL, 1},	    {"Y", R_BOOL, 1},	    {"yes", R_BOOL, 1},	    {"Yes", R_BOOL, 1},
    {"YES", R_BOOL, 1},	    {"true", R_BOOL, 1},    {"True", R_BOOL, 1},    {"TRUE", R_BOOL, 1},
    {"on", R_BOOL, 1},	    {"On", R_BOOL, 1},	    {"ON", R_BOOL, 1},	    {"n", R_BOOL, 0},
    {"N", R_BOOL, 0},	    {"no", R_BOOL, 0},	    {"No", R_BOOL, 0},	    {"NO", R_BOOL, 0},
    {"false", R_BOOL, 0},   {"False", R_BOOL, 0},   {"FALSE", R_BOOL, 0},   {"off", R_BOOL, 0},
    {"Off", R_BOOL, 0},	    {"OFF", R_BOOL, 0},	    {"", R_NULL, 0},	    {"~", R_NULL, 0},
    {"null", R_NULL, 0},    {"Null", R_NULL, 0},    {"NULL", R_NULL, 0},    {".nan", R_FLOAT, 0},
    {".NaN", R_FLOAT, 0},   {".NAN", R_FLOAT, 0},   {".inf", R_FLOAT, 1},   {".Inf", R_FLOAT, 1},
    {".INF", R_FLOAT, 1},   {"+.inf", R_FLOAT, 1},  {"+.Inf", R_FLOAT, 1},  {"+.INF", R_FLOAT, 1},
    {"-.inf", R_FLOAT, -1}, {"-.Inf", R_FLOAT, -1}, {"-.INF", R_FLOAT, -1},
};

static const struct rword *rword_find(const char *s)
{
	for (size_t i = 0; i < sizeof(rwords) / sizeof(rwords[0]); i++)
		if (!strcmp(rwords[i].s, s))
			return &rwords[i];
	return NULL;
}

static int digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Unsigned magnitude in the given base; false on a bad digit, empty input or overflow. */
static bool parse_mag(const char *s, int base, uint64_t *out, bool *range)
{
	uint64_t v = 0;

	*range = false;
	if (!*s)
		return false;
	for (; *s; s++) {
		int d = digit_val((unsigned char)*s);
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
			*range = true;
			return false;
		}
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* Go's strconv base-0 prefix rules: 0x, 0o, 0b, or a leading 0 for octal. */
static const char *go_base(const char *s, int *base)
{
	*base = 10;
	if (s[0] != '0' || !s[1])
		return s;
	if (s[2] && (s[1] == 'x' || s[1] == 'X')) {
		*base = 16;
		return s + 2;
	}
	if (s[2] && (s[1] == 'o' || s[1] == 'O')) {
		*base = 8;
		return s + 2;
	}
	if (s[2] && (s[1] == 'b' || s[1] == 'B')) {
		*base = 2;
		return s + 2;
	}
	*base = 8;
	return s + 1;
}

/* strconv.ParseInt(s, 0, 64) then ParseUint(s, 0, 64); *range reports an out-of-range number. */
static bool go_parse_int(const char *s, struct rval *r, bool *range)
{
	bool neg = false, signed_ = false;
	const char *p = s;
	uint64_t mag;
	int base;

	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		signed_ = true;
		p++;
	}
	p = go_base(p, &base);
	if (!parse_mag(p, base, &mag, range))
		return false;
	if (neg && mag <= (uint64_t)INT64_MAX + 1) {
		r->kind = R_INT;
		r->i = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
		return true;
	}
	if (neg) {
		*range = true;
		return false;
	}
	if (mag <= (uint64_t)INT64_MAX) {
		r->kind = R_INT;
		r->i = (int64_t)mag;
		return true;
	}
	if (signed_) /* ParseUint takes no sign */
		return false;
	r->kind = R_UINT;
	r->u = mag;
	return true;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	} else {
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == 0;
}

static bool parse_float(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return !*end && errno != ERANGE && isfinite(*out);
}

static void resolve_number(const char *in, struct rval *r)
{
	size_t n = strlen(in);
	char *plain = malloc(n + 1), *q = plain;
	bool range = false;

	r->kind = R_STR;
	if (!plain)
		return;
	for (const char *p = in; *p; p++)
		if (*p != '_')
			*q++ = *p;
	*q = 0;
	if (go_parse_int(plain, r, &range))
		goto out;
	if (yaml_style_float(plain) && parse_float(plain, &r->f)) {
		r->kind = R_FLOAT;
		goto out;
	}
	/* Too big for 64 bits but a valid integer: go-yaml keeps a big.Int. */
	if (range && parse_float(plain, &r->f))
		r->kind = R_BIG;
out:
	free(plain);
}

/* What a plain, untagged scalar means to go-yaml v2. */
static void resolve_plain(const char *in, struct rval *r)
{
	const struct rword *w = rword_find(in);
	int c = (unsigned char)in[0];

	memset(r, 0, sizeof(*r));
	r->kind = R_STR;
	if (w) {
		r->kind = w->kind;
		r->b = w->val;
		r->f = w->kind != R_FLOAT ? 0 : w->val ? w->val * INFINITY : NAN;
		return;
	}
	if (c == '.') {
		/* Go's ParseFloat; it takes no underscores and nothing but a plain float here. */
		if (yaml_style_float(in) && parse_float(in, &r->f))
			r->kind = R_FLOAT;
	} else if (c == '+' || c == '-' || isdigit(c)) {
		resolve_number(in, r);
	}
}

/* ---------------------------------------------------------------------------------------------
 * Go float formatting: strconv.FormatFloat(f, 'g', -1, bits)
 * ------------------------------------------------------------------------------------------- */

/* Shortest digits that read back as the same float (or float32): digits and decimal exponent. */
static void shortest_digits(double v, int bits, char *digs, int *exp10)
{
	char buf[64];
	int p;

	for (p = 0; p < 17; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p, v);
		double back = strtod(buf, NULL);
		if (bits == 32 ? (float)back == (float)v : back == v)
			break;
	}
	char *e = strchr(buf, 'e');
	*exp10 = atoi(e + 1);
	int n = 0;
	for (char *s = buf; s < e; s++)
		if (isdigit((unsigned char)*s))
			digs[n++] = *s;
	while (n > 1 && digs[n - 1] == '0')
		n--;
	digs[n] = 0;
}

static void go_format_float(double v, int bits, char *out, size_t size)
{
	char digs[32];
	int exp10, n, pos = 0;

	if (isnan(v)) {
		snprintf(out, size, ".nan");
		return;
	}
	if (isinf(v)) {
		snprintf(out, size, v > 0 ? ".inf" : "-.inf");
		return;
	}
	if (v == 0) {
		snprintf(out, size, signbit(v) ? "-0" : "0");
		return;
	}
	shortest_digits(fabs(v), bits, digs, &exp10);
	n = (int)strlen(digs);
	if (v < 0)
		pos += snprintf(out + pos, size - pos, "-");
	if (exp10 < -4 || exp10 >= 6) {
		/* The shortest form switches to an exponent from 1e+06 on, as Go's %g does. */
		pos += snprintf(out + pos, size - pos, "%c", digs[0]);
		if (n > 1)
			pos += snprintf(out + pos, size - pos, ".%s", digs + 1);
		snprintf(out + pos, size - pos, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
		return;
	}
	if (exp10 < 0) {
		pos += snprintf(out + pos, size - pos, "0.");
		for (int i = 0; i < -exp10 - 1; i++)
			pos += snprintf(out + pos, size - pos, "0");
		snprintf(out + pos, size - pos, "%s", digs);
		return;
	}
	for (int i = 0; i <= exp10; i++)
		pos += snprintf(out + pos, size - pos, "%c", i < n ? digs[i] : '0');
	if (n > exp10 + 1)
		snprintf(out + pos, size - pos, ".%s", digs + exp10 + 1);
}

/* ---------------------------------------------------------------------------------------------
 * Loading: libyaml events -> a node graph (aliases shared) -> JSON
 * ------------------------------------------------------------------------------------------- */

enum ykind { YN_SCALAR, YN_SEQ, YN_MAP, YN_ALIAS };

struct ynode {
	enum ykind kind;
	int line;
	bool plain; /* a plain scalar: subject to resolution */
	bool done;  /* fully parsed; an alias to an unfinished node is a cycle */
	char *tag;
	char *val;
	size_t len;
	struct ynode *target; /* YN_ALIAS */
	struct ynode **kids;  /* sequence items, or mapping key, value, key, value... */
	size_t nkids, cap;
	struct ynode *next; /* every node of a document, for freeing */
};

struct yload {
	yaml_parser_t parser;
	struct ynode *all;
	struct ynode *root;
	struct ynode *stack[YAML_MAX_DEPTH];
	int depth;
	json_t *anchors; /* name -> node address (as an integer), per document */
	json_t *docs;
	char *err;
	/* go-yaml's alias budget */
	long decodes, aliased;
	int alias_depth, conv_depth;
};

static void set_err(struct yload *l, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(struct yload *l, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (l->err)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0) {
		size_t n = strlen(msg) + 32;
		l->err = malloc(n);
		if (l->err)
			snprintf(l->err, n, "yaml: line %d: %s", line, msg);
	} else {
		l->err = malloc(strlen(msg) + 7);
		if (l->err)
			sprintf(l->err, "yaml: %s", msg);
	}
}

static void free_nodes(struct yload *l)
{
	struct ynode *n, *next;

	for (n = l->all; n; n = next) {
		next = n->next;
		free(n->tag);
		free(n->val);
		free(n->kids);
		free(n);
	}
	l->all = NULL;
	l->root = NULL;
	l->depth = 0;
	json_decref(l->anchors);
	l->anchors = NULL;
}

static struct ynode *new_node(struct yload *l, enum ykind kind, const yaml_event_t *ev)
{
	struct ynode *n = calloc(1, sizeof(*n));

	if (!n) {
		set_err(l, 0, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = (int)ev->start_mark.line + 1;
	n->next = l->all;
	l->all = n;
	return n;
}

static int add_child(struct yload *l, struct ynode *n)
{
	struct ynode *top;

	if (!l->depth) {
		l->root = n;
		return 0;
	}
	top = l->stack[l->depth - 1];
	if (top->nkids == top->cap) {
		size_t cap = top->cap ? top->cap * 2 : 8;
		struct ynode **k = realloc(top->kids, cap * sizeof(*k));
		if (!k) {
			set_err(l, 0, "out of memory");
			return -1;
		}
		top->kids = k;
		top->cap = cap;
	}
	top->kids[top->nkids++] = n;
	return 0;
}

static int set_anchor(struct yload *l, const yaml_char_t *anchor, struct ynode *n)
{
	if (!anchor)
		return 0;
	if (!l->anchors && !(l->anchors = json_object()))
		return -1;
	/* The node's address is kept as an integer: jansson is only used as the hash table. */
	return json_object_set_new(l->anchors, (const char *)anchor,
				   json_integer((json_int_t)(intptr_t)n));
}

static int on_scalar(struct yload *l, const yaml_event_t *ev)
{
	struct ynode *n = new_node(l, YN_SCALAR, ev);

	if (!n)
		return -1;
	n->done = true;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->len = ev->data.scalar.length;
	n->val = malloc(n->len + 1);
	if (ev->data.scalar.tag)
		n->tag = strdup((const char *)ev->data.scalar.tag);
	if (!n->val || (ev->data.scalar.tag && !n->tag)) {
		set_err(l, 0, "out of memory");
		return -1;
	}
	memcpy(n->val, ev->data.scalar.value, n->len);
	n->val[n->len] = 0;
	if (set_anchor(l, ev->data.scalar.anchor, n))
		return -1;
	return add_child(l, n);
}

static int on_start(struct yload *l, const yaml_event_t *ev, enum ykind kind)
{
	const yaml_char_t *anchor =
	    kind == YN_SEQ ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
	struct ynode *n;

	if (l->depth >= YAML_MAX_DEPTH) {
		set_err(l, (int)ev->start_mark.line + 1, "exceeded max depth of %d",
			YAML_MAX_DEPTH);
		return -1;
	}
	n = new_node(l, kind, ev);
	if (!n || set_anchor(l, anchor, n) || add_child(l, n))
		return -1;
	l->stack[l->depth++] = n;
	return 0;
}

static int on_alias(struct yload *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	json_t *a = l->anchors ? json_object_get(l->anchors, name) : NULL;
	struct ynode *n, *target;
	int line = (int)ev->start_mark.line + 1;

	if (!a) {
		set_err(l, line, "unknown anchor '%s' referenced", name);
		return -1;
	}
	target = (struct ynode *)(intptr_t)json_integer_value(a);
	if (!target->done) {
		set_err(l, line, "anchor '%s' value contains itself", name);
		return -1;
	}
	n = new_node(l, YN_ALIAS, ev);
	if (!n)
		return -1;
	n->done = true;
	n->target = target;
	return add_child(l, n);
}

static json_t *to_json(struct yload *l, const struct ynode *n);

/* go-yaml v2 refuses documents whose decoding is mostly alias expansion (billion laughs). */
static bool alias_budget_ok(struct yload *l)
{
	double ratio;

	l->decodes++;
	if (l->alias_depth > 0)
		l->aliased++;
	if (l->aliased <= 100 || l->decodes <= 1000)
		return true;
	if (l->decodes <= 400000)
		ratio = 0.99;
	else if (l->decodes >= 4000000)
		ratio = 0.10;
	else
		ratio = 0.99 - 0.89 * ((double)(l->decodes - 400000) / 3600000.0);
	return (double)l->aliased / (double)l->decodes <= ratio;
}

static bool is_tag(const char *tag, const char *name)
{
	size_t n = strlen(TAG_PREFIX);

	return tag && !strncmp(tag, TAG_PREFIX, n) && !strcmp(tag + n, name);
}

/* Resolve a scalar node: explicit tags of the core schema, else plain-scalar rules. */
static int resolve_node(struct yload *l, const struct ynode *n, struct rval *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = R_STR;
	if (strlen(n->val) != n->len) /* an escaped NUL: only ever a string */
		return 0;
	if (n->tag) {
		static const char *const typed[] = {"bool", "int", "float", "null"};
		for (size_t i = 0; i < 4; i++) {
			if (!is_tag(n->tag, typed[i]))
				continue;
			resolve_plain(n->val, r);
			bool ok = (i == 0 && r->kind == R_BOOL) ||
				  (i == 1 && (r->kind == R_INT || r->kind == R_UINT)) ||
				  (i == 2 && (r->kind == R_FLOAT || r->kind == R_INT)) ||
				  (i == 3 && r->kind == R_NULL);
			if (!ok) {
				set_err(l, n->line, "cannot decode `%s` as a !!%s", n->val,
					typed[i]);
				return -1;
			}
			if (i == 2 && r->kind == R_INT) {
				r->kind = R_FLOAT;
				r->f = (double)r->i;
			}
			return 0;
		}
		return 0; /* !!str, !!timestamp, !!binary, local tags: the text itself */
	}
	if (n->plain)
		resolve_plain(n->val, r);
	return 0;
}

static json_t *float_json(struct yload *l, const struct ynode *n, double f)
{
	if (isnan(f) || isinf(f)) {
		set_err(l, n->line, "json: unsupported value: %s",
			isnan(f) ? "NaN"
			: f > 0	 ? "+Inf"
				 : "-Inf");
		return NULL;
	}
	/* encoding/json writes 2.0 as 2, so the JSON that upstream produces holds an integer. */
	if (f == floor(f) && fabs(f) < 9.2233720368547e18)
		return json_integer((json_int_t)f);
	return json_real(f);
}

static json_t *scalar_json(struct yload *l, const struct ynode *n)
{
	struct rval r;

	if (resolve_node(l, n, &r))
		return NULL;
	switch (r.kind) {
	case R_NULL:
		return json_null();
	case R_BOOL:
		return json_boolean(r.b);
	case R_INT:
		return json_integer((json_int_t)r.i);
	case R_UINT:
		return json_real((double)r.u);
	case R_BIG:
	case R_FLOAT:
		return float_json(l, n, r.f);
	case R_STR:
		break;
	}
	return json_stringn(n->val, n->len);
}

/* sigs.k8s.io/yaml turns resolved keys back into strings; it refuses null and big keys. */
static char *key_string(struct yload *l, const struct ynode *k)
{
	struct rval r;
	char buf[64];

	while (k->kind == YN_ALIAS)
		k = k->target;
	if (k->kind != YN_SCALAR) {
		set_err(l, k->line, "invalid map key: a %s",
			k->kind == YN_MAP ? "map" : "sequence");
		return NULL;
	}
	if (resolve_node(l, k, &r))
		return NULL;
	switch (r.kind) {
	case R_STR:
		return strdup(k->val);
	case R_BOOL:
		return strdup(r.b ? "true" : "false");
	case R_INT:
		snprintf(buf, sizeof(buf), "%" PRId64, r.i);
		return strdup(buf);
	case R_FLOAT:
		go_format_float(r.f, 32, buf, sizeof(buf));
		return strdup(buf);
	case R_NULL:
		set_err(l, k->line, "unsupported map key of type: <nil>");
		return NULL;
	case R_UINT:
	case R_BIG:
		break;
	}
	set_err(l, k->line, "unsupported map key: %s", k->val);
	return NULL;
}

static bool is_merge_key(const struct ynode *k)
{
	return k->kind == YN_SCALAR && !strcmp(k->val, "<<") &&
	       (k->tag ? is_tag(k->tag, "merge") : k->plain);
}

static const struct ynode *deref(const struct ynode *n)
{
	return n->kind == YN_ALIAS ? n->target : n;
}

/* One source of a merge key: a mapping whose keys are copied over out. */
static int merge_one(struct yload *l, const struct ynode *src, json_t *out)
{
	json_t *m;
	int rc;

	if (deref(src)->kind != YN_MAP) {
		set_err(l, src->line, "map merge requires map or sequence of maps as the value");
		return -1;
	}
	m = to_json(l, src);
	if (!m)
		return -1;
	rc = json_object_update(out, m);
	json_decref(m);
	return rc;
}

static int merge(struct yload *l, const struct ynode *v, json_t *out)
{
	const struct ynode *d = deref(v);

	if (d->kind != YN_SEQ || v->kind == YN_ALIAS)
		return merge_one(l, v, out);
	/* Earlier mappings take precedence, so they are applied last. */
	for (size_t i = d->nkids; i-- > 0;)
		if (merge_one(l, d->kids[i], out))
			return -1;
	return 0;
}

static json_t *map_json(struct yload *l, const struct ynode *n)
{
	json_t *obj = json_object();

	if (!obj)
		return NULL;
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		char *key;
		json_t *val;

		if (is_merge_key(k)) {
			if (merge(l, v, obj))
				goto fail;
			continue;
		}
		key = key_string(l, k);
		if (!key)
			goto fail;
		val = to_json(l, v);
		if (!val || json_object_set_new(obj, key, val)) {
			free(key);
			goto fail;
		}
		free(key);
	}
	return obj;
fail:
	json_decref(obj);
	return NULL;
}

static json_t *seq_json(struct yload *l, const struct ynode *n)
{
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		json_t *v = to_json(l, n->kids[i]);
		if (!v || json_array_append_new(arr, v)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *to_json(struct yload *l, const struct ynode *n)
{
	json_t *out = NULL;

	if (!alias_budget_ok(l)) {
		set_err(l, 0, "document contains excessive aliasing");
		return NULL;
	}
	/* Aliases can stack nesting beyond what the parser saw. */
	if (l->conv_depth >= 2 * YAML_MAX_DEPTH) {
		set_err(l, n->line, "exceeded max depth of %d", 2 * YAML_MAX_DEPTH);
		return NULL;
	}
	l->conv_depth++;
	switch (n->kind) {
	case YN_ALIAS:
		l->alias_depth++;
		out = to_json(l, n->target);
		l->alias_depth--;
		break;
	case YN_SCALAR:
		out = scalar_json(l, n);
		break;
	case YN_SEQ:
		out = seq_json(l, n);
		break;
	case YN_MAP:
		out = map_json(l, n);
		break;
	}
	l->conv_depth--;
	if (!out)
		set_err(l, n->line, "out of memory");
	return out;
}

/* A document with nothing in it (or only comments) reads as one empty plain scalar. */
static bool empty_doc(const struct ynode *root)
{
	return !root || (root->kind == YN_SCALAR && root->plain && !root->len && !root->tag);
}

static int on_doc_end(struct yload *l)
{
	json_t *v;
	int rc = 0;

	if (!empty_doc(l->root)) {
		l->decodes = l->aliased = 0;
		v = to_json(l, l->root);
		rc = v ? json_array_append_new(l->docs, v) : -1;
	}
	free_nodes(l);
	return rc;
}

static int on_event(struct yload *l, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		free_nodes(l);
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		return on_doc_end(l);
	case YAML_SCALAR_EVENT:
		return on_scalar(l, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(l, ev, YN_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(l, ev, YN_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (l->depth > 0)
			l->stack[--l->depth]->done = true;
		return 0;
	case YAML_ALIAS_EVENT:
		return on_alias(l, ev);
	default:
		return 0;
	}
}

/* go-yaml's line numbering: scanner errors count from 1, parser errors keep libyaml's 0-based
 * problem line (so upstream messages point at the line before the problem). */
static void parser_error(struct yload *l)
{
	const yaml_parser_t *p = &l->parser;
	int line = 0;

	if (p->problem_mark.line) {
		line = (int)p->problem_mark.line;
		if (p->error == YAML_SCANNER_ERROR)
			line++;
	} else if (p->context_mark.line) {
		line = (int)p->context_mark.line;
	}
	set_err(l, line, "%s", p->problem ? p->problem : "unknown problem parsing YAML content");
}

/* kubectl reads a stream that starts with '{' as concatenated JSON objects. */
static json_t *load_json_stream(const char *buf, size_t len)
{
	json_t *docs = json_array();
	size_t off = 0;

	while (docs) {
		json_error_t e;
		json_t *v;

		while (off < len && isspace((unsigned char)buf[off]))
			off++;
		if (off == len)
			return docs;
		if (buf[off] != '{')
			break;
		v = json_loadb(buf + off, len - off, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &e);
		if (!v)
			break;
		json_array_append_new(docs, v);
		off += (size_t)e.position;
	}
	json_decref(docs);
	return NULL;
}

json_t *yaml_load_all(const char *buf, size_t len, char **err)
{
	struct yload l;
	json_t *out = NULL;
	size_t i = 0;

	if (err)
		*err = NULL;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (!buf)
		buf = "", len = 0;
	if (i < len && buf[i] == '{' && (out = load_json_stream(buf, len)))
		return out;

	memset(&l, 0, sizeof(l));
	l.docs = json_array();
	if (!l.docs || !yaml_parser_initialize(&l.parser)) {
		set_err(&l, 0, "out of memory");
		goto out;
	}
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)buf, len);
	for (;;) {
		yaml_event_t ev;
		yaml_event_type_t type;
		int rc;

		if (!yaml_parser_parse(&l.parser, &ev)) {
			parser_error(&l);
			break;
		}
		rc = on_event(&l, &ev);
		type = ev.type;
		yaml_event_delete(&ev);
		if (rc)
			break;
		if (type == YAML_STREAM_END_EVENT) {
			out = l.docs;
			l.docs = NULL;
			break;
		}
	}
	yaml_parser_delete(&l.parser);
out:
	free_nodes(&l);
	json_decref(l.docs);
	if (!out && !l.err)
		set_err(&l, 0, "out of memory");
	if (out || !err)
		free(l.err);
	else
		*err = l.err;
	return out;
}

json_t *yaml_load(const char *buf, size_t len, char **err)
{
	json_t *docs = yaml_load_all(buf, len, err), *one = NULL;
	size_t n;

	if (!docs)
		return NULL;
	n = json_array_size(docs);
	if (n == 1)
		one = json_incref(json_array_get(docs, 0));
	else if (err)
		*err = strdup(n ? "yaml: expected a single document in the stream"
				: "yaml: no document in the stream");
	json_decref(docs);
	return one;
}

/* ---------------------------------------------------------------------------------------------
 * Dumping: JSON -> libyaml emitter events, scalar styles chosen as go-yaml's encoder does
 * ------------------------------------------------------------------------------------------- */

struct ybuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static int buf_write(void *data, unsigned char *b, size_t n)
{
	struct ybuf *o = data;

	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *s;
		while (cap < o->len + n + 1)
			cap *= 2;
		s = realloc(o->s, cap);
		if (!s) {
			o->oom = true;
			return 0;
		}
		o->s = s;
		o->cap = cap;
	}
	memcpy(o->s + o->len, b, n);
	o->len += n;
	o->s[o->len] = 0;
	return 1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* Reads a 1-2 digit number within [lo, hi]; advances *p. */
static bool num12(const char **p, int lo, int hi, int *out)
{
	const char *s = *p;
	int n = 0, v = 0;

	while (n < 2 && isdigit((unsigned char)s[n]))
		v = v * 10 + (s[n++] - '0');
	if (!n || v < lo || v > hi)
		return false;
	*p = s + n;
	*out = v;
	return true;
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100) || y % 400 == 0;

	return d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* The time.Parse layouts go-yaml v2 tries: date, date[Tt ]time[.frac][Z|+hh:mm]. */
static bool is_timestamp(const char *s)
{
	const char *p = s + 5;
	int y, m, d, v;
	char sep;

	if (!all_digits(s, 4) || s[4] != '-')
		return false;
	y = atoi(s);
	if (!num12(&p, 1, 12, &m) || *p++ != '-' || !num12(&p, 1, 31, &d) || !valid_date(y, m, d))
		return false;
	if (!*p)
		return true;
	sep = *p++;
	if (sep != 'T' && sep != 't' && sep != ' ')
		return false;
	if (!num12(&p, 0, 23, &v) || *p++ != ':' || !num12(&p, 0, 59, &v) || *p++ != ':' ||
	    !num12(&p, 0, 59, &v))
		return false;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (sep == ' ')
		return !*p;
	if (*p == 'Z')
		return !p[1];
	return (*p == '+' || *p == '-') && all_digits(p + 1, 2) && p[3] == ':' &&
	       all_digits(p + 4, 2) && !p[6];
}

/* ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ : quoted on output for YAML 1.1 readers. */
static bool is_base60_float(const char *s)
{
	const char *p = s;
	int groups = 0;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p) || *p == '_')
		p++;
	while (*p == ':') {
		p++;
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])) {
			if (p[0] > '5')
				return false;
			p += 2;
		} else if (isdigit((unsigned char)p[0])) {
			p++;
		} else {
			return false;
		}
		groups++;
	}
	if (!groups)
		return false;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p) || *p == '_'; p++)
			;
	return !*p;
}

/* Would this string read back as something other than a string if written plain? */
static bool needs_quotes(const char *s, size_t len)
{
	struct rval r;

	if (strlen(s) != len)
		return true;
	resolve_plain(s, &r);
	if (r.kind != R_STR)
		return true;
	if (!strcmp(s, "<<"))
		return true;
	if ((isdigit((unsigned char)s[0]) || s[0] == '+' || s[0] == '-') && is_timestamp(s))
		return true;
	return is_base60_float(s);
}

struct yemit {
	yaml_emitter_t em;
	bool sorted;
	int depth;
};

static int emit(struct yemit *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(&e->em, ev) ? 0 : -1;
}

static int emit_scalar(struct yemit *e, const char *s, size_t len, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style))
		return -1;
	return emit(e, &ev);
}

static int emit_string(struct yemit *e, const char *s, size_t len)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

	if (memchr(s, '\n', len))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (needs_quotes(s, len))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return emit_scalar(e, s, len, style);
}

static int emit_number(struct yemit *e, const json_t *v)
{
	char buf[64];

	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else {
		double f = json_real_value(v);
		/* Upstream's JSON holds integral floats as integers, which go-yaml prints whole. */
		if (f == floor(f) && fabs(f) < 1e21)
			snprintf(buf, sizeof(buf), "%.0f", f);
		else
			go_format_float(f, 64, buf, sizeof(buf));
	}
	return emit_scalar(e, buf, strlen(buf), YAML_PLAIN_SCALAR_STYLE);
}

static int emit_value(struct yemit *e, const json_t *v);

/* go-yaml v2's key order: runs of digits compare as numbers, non-letters before letters. */
static int go_key_cmp(const void *pa, const void *pb)
{
	const unsigned char *a = *(const unsigned char *const *)pa;
	const unsigned char *b = *(const unsigned char *const *)pb;
	size_t i;

	for (i = 0; a[i] && b[i]; i++) {
		if (a[i] == b[i])
			continue;
		/* Non-ASCII bytes are taken as letters: labels and names are ASCII in practice. */
		bool al = isalpha(a[i]) || a[i] >= 0x80, bl = isalpha(b[i]) || b[i] >= 0x80;
		if (al && bl)
			return a[i] < b[i] ? -1 : 1;
		if (al || bl)
			return bl ? -1 : 1;
		int64_t an = 0, bn = 0;
		size_t ai, bi;
		if (a[i] == '0' || b[i] == '0') {
			for (size_t j = i; j-- > 0 && isdigit(a[j]);)
				if (a[j] != '0') {
					an = bn = 1;
					break;
				}
		}
		for (ai = i; isdigit(a[ai]) && an < INT64_MAX / 10 - 10; ai++)
			an = an * 10 + (a[ai] - '0');
		for (bi = i; isdigit(b[bi]) && bn < INT64_MAX / 10 - 10; bi++)
			bn = bn * 10 + (b[bi] - '0');
		if (an != bn)
			return an < bn ? -1 : 1;
		if (ai != bi)
			return ai < bi ? -1 : 1;
		return a[i] < b[i] ? -1 : 1;
	}
	return a[i] ? 1 : b[i] ? -1 : 0;
}

static int emit_object(struct yemit *e, const json_t *obj)
{
	size_t n = json_object_size(obj), i = 0;
	const char **keys = malloc((n ? n : 1) * sizeof(*keys));
	const char *k;
	json_t *v;
	yaml_event_t ev;
	int rc = -1;

	if (!keys)
		return -1;
	json_object_foreach((json_t *)obj, k, v)
	{
		keys[i++] = k;
	}
	if (e->sorted)
		qsort(keys, n, sizeof(*keys), go_key_cmp);
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	if (emit(e, &ev))
		goto out;
	for (i = 0; i < n; i++)
		if (emit_string(e, keys[i], strlen(keys[i])) ||
		    emit_value(e, json_object_get(obj, keys[i])))
			goto out;
	yaml_mapping_end_event_initialize(&ev);
	rc = emit(e, &ev);
out:
	free(keys);
	return rc;
}

static int emit_array(struct yemit *e, const json_t *arr)
{
	yaml_event_t ev;
	size_t i;
	json_t *v;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	if (emit(e, &ev))
		return -1;
	json_array_foreach(arr, i, v)
	{
		if (emit_value(e, v))
			return -1;
	}
	yaml_sequence_end_event_initialize(&ev);
	return emit(e, &ev);
}

static int emit_value(struct yemit *e, const json_t *v)
{
	int rc = -1;

	if (e->depth >= YAML_MAX_DEPTH)
		return -1;
	e->depth++;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		rc = emit_object(e, v);
		break;
	case JSON_ARRAY:
		rc = emit_array(e, v);
		break;
	case JSON_STRING:
		rc = emit_string(e, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		rc = emit_number(e, v);
		break;
	case JSON_TRUE:
		rc = emit_scalar(e, "true", 4, YAML_PLAIN_SCALAR_STYLE);
		break;
	case JSON_FALSE:
		rc = emit_scalar(e, "false", 5, YAML_PLAIN_SCALAR_STYLE);
		break;
	case JSON_NULL:
		rc = emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
		break;
	}
	e->depth--;
	return rc;
}

static int emit_stream(struct yemit *e, const json_t *v)
{
	yaml_event_t ev;

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (emit(e, &ev))
		return -1;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (emit(e, &ev) || emit_value(e, v))
		return -1;
	yaml_document_end_event_initialize(&ev, 1);
	if (emit(e, &ev))
		return -1;
	yaml_stream_end_event_initialize(&ev);
	return emit(e, &ev);
}

static char *dump(const json_t *v, bool sorted)
{
	struct yemit e = {.sorted = sorted};
	struct ybuf out = {0};
	int rc;

	if (!v || !yaml_emitter_initialize(&e.em))
		return NULL;
	yaml_emitter_set_output(&e.em, buf_write, &out);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_indent(&e.em, 2);
	yaml_emitter_set_width(&e.em, 80);
	rc = emit_stream(&e, v);
	yaml_emitter_delete(&e.em);
	if (rc || out.oom || !out.s) {
		free(out.s);
		return NULL;
	}
	/* libyaml closes a document ending in a kept ("|+") block with "...": go-yaml does not. */
	if (out.len >= 5 && !strcmp(out.s + out.len - 5, "\n...\n"))
		out.s[out.len - 4] = 0;
	return out.s;
}

char *yaml_dump(const json_t *v)
{
	return dump(v, false);
}

char *yaml_dump_sorted(const json_t *v)
{
	return dump(v, true);
}
