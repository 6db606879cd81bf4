#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selector.h"

/* ---------------------------------------------------------------------------------------------
 * A growing string, used for error messages and String() forms
 * ------------------------------------------------------------------------------------------- */

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n >= 0)
		sb_addn(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static char *sb_take(struct sbuf *b)
{
	if (b->oom) {
		free(b->s);
		return NULL;
	}
	return b->s ? b->s : strdup("");
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;

	if (s[0] >= 0xf8)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Go's %q, close enough for error messages: printable UTF-8 kept, the rest escaped. */
static void sb_quote(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	sb_add(b, "\"");
	while (*p) {
		size_t n;
		if (*p == '"' || *p == '\\') {
			sb_printf(b, "\\%c", *p++);
		} else if (*p == '\n') {
			sb_add(b, "\\n");
			p++;
		} else if (*p == '\t') {
			sb_add(b, "\\t");
			p++;
		} else if (*p == '\r') {
			sb_add(b, "\\r");
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			sb_printf(b, "\\x%02x", *p++);
		} else if (*p < 0x80) {
			sb_addn(b, (const char *)p++, 1);
		} else if ((n = utf8_len(p))) {
			sb_addn(b, (const char *)p, n);
			p += n;
		} else {
			sb_printf(b, "\\x%02x", *p++);
		}
	}
	sb_add(b, "\"");
}

/* ---------------------------------------------------------------------------------------------
 * Validation (k8s.io/apimachinery/pkg/util/validation), messages in upstream's words
 * ------------------------------------------------------------------------------------------- */

#define QNAME_MSG                                                                                  \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "   \
	"an "                                                                                      \
	"alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "     \
	"validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define DNS1123_MSG                                                                                \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "  \
	"or "                                                                                      \
	"'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "   \
	"used for validation is "                                                                  \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define LABEL_VALUE_MSG                                                                            \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "   \
	"or "                                                                                      \
	"'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "         \
	"'my_value',  or '12345', regex used for validation is "                                   \
	"'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] over s[0..n) */
static bool qname_ok(const char *s, size_t n)
{
	if (!n || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

static bool dns_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)* */
static bool dns1123_subdomain_ok(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!dns_alnum(s[i]) && s[i] != '-')
				return false;
			continue;
		}
		if (i == start || !dns_alnum(s[start]) || !dns_alnum(s[i - 1]))
			return false;
		start = i + 1;
	}
	return true;
}

/* IsQualifiedName: the problems joined with "; ", or an empty buffer. */
static void check_qualified_name(struct sbuf *b, const char *k)
{
	const char *slash = strchr(k, '/'), *name = k;
	size_t before = b->len;

#define SEP() (b->len > before ? "; " : "")
	if (slash && strchr(slash + 1, '/')) {
		sb_add(
		    b,
		    "a qualified name " QNAME_MSG
		    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
		return;
	}
	if (slash) {
		size_t plen = (size_t)(slash - k);
		name = slash + 1;
		if (!plen) {
			sb_add(b, "prefix part must be non-empty");
		} else {
			if (plen > 253)
				sb_add(b, "prefix part must be no more than 253 characters");
			if (!dns1123_subdomain_ok(k, plen)) {
				sb_add(b, SEP());
				sb_add(b, "prefix part " DNS1123_MSG);
			}
		}
	}
	if (!*name)
		sb_printf(b, "%sname part must be non-empty", SEP());
	else if (strlen(name) > 63)
		sb_printf(b, "%sname part must be no more than 63 characters", SEP());
	if (!qname_ok(name, strlen(name))) {
		sb_add(b, SEP());
		sb_add(b, "name part " QNAME_MSG);
	}
#undef SEP
}

static void check_label_value(struct sbuf *b, const char *v)
{
	size_t n = strlen(v);

	if (n > 63)
		sb_add(b, "must be no more than 63 characters");
	if (n && !qname_ok(v, n)) {
		sb_add(b, n > 63 ? "; " : "");
		sb_add(b, LABEL_VALUE_MSG);
	}
}

/* A list of field.Error strings, rendered as upstream's aggregate: one bare, several in [ ]. */
struct errlist {
	char **msgs;
	size_t n;
};

static void errs_add(struct errlist *e, char *msg)
{
	char **m;

	if (!msg)
		return;
	for (size_t i = 0; i < e->n; i++) {
		if (!strcmp(e->msgs[i], msg)) {
			free(msg);
			return;
		}
	}
	m = realloc(e->msgs, (e->n + 1) * sizeof(*m));
	if (!m) {
		free(msg);
		return;
	}
	e->msgs = m;
	e->msgs[e->n++] = msg;
}

/* "<field>: Invalid value: "<v>": <detail>" */
static char *invalid(const char *field, const char *value, const char *detail)
{
	struct sbuf b = {0};

	sb_add(&b, field);
	sb_add(&b, ": Invalid value: ");
	sb_quote(&b, value);
	sb_add(&b, ": ");
	sb_add(&b, detail);
	return sb_take(&b);
}

static char *errs_take(struct errlist *e)
{
	struct sbuf b = {0};

	if (e->n == 1) {
		char *m = e->msgs[0];
		free(e->msgs);
		return m;
	}
	sb_add(&b, "[");
	for (size_t i = 0; i < e->n; i++) {
		sb_add(&b, i ? ", " : "");
		sb_add(&b, e->msgs[i]);
		free(e->msgs[i]);
	}
	sb_add(&b, "]");
	free(e->msgs);
	return sb_take(&b);
}

/* ---------------------------------------------------------------------------------------------
 * Label selector requirements
 * ------------------------------------------------------------------------------------------- */

enum lop { OP_EQ, OP_DEQ, OP_NE, OP_IN, OP_NOTIN, OP_EXISTS, OP_NOT_EXISTS, OP_GT, OP_LT };

struct lreq {
	char *key;
	enum lop op;
	char **vals;
	size_t nvals;
	size_t order; /* position before sorting, so equal keys keep their order */
};

struct lsel {
	struct lreq *reqs;
	size_t n, cap;
	bool nothing;
};

static void req_free(struct lreq *r)
{
	free(r->key);
	for (size_t i = 0; i < r->nvals; i++)
		free(r->vals[i]);
	free(r->vals);
}

void lsel_free(struct lsel *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		req_free(&s->reqs[i]);
	free(s->reqs);
	free(s);
}

static bool parse_int64(const char *s, long long *out)
{
	char *end;

	if (!*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !*end && errno != ERANGE;
}

/* NewRequirement's checks; path is "" for the string parser, which reports key problems itself. */
static char *validate_req(const struct lreq *r, bool check_key)
{
	struct errlist e = {0};
	struct sbuf b = {0};
	char field[64];

	if (check_key) {
		check_qualified_name(&b, r->key);
		if (b.len)
			errs_add(&e, invalid("key", r->key, b.s));
		free(b.s);
		b = (struct sbuf){0};
	}
	switch (r->op) {
	case OP_IN:
	case OP_NOTIN:
		if (!r->nvals)
			errs_add(&e,
				 strdup("values: Invalid value: []string(nil): for 'in', 'notin' "
					"operators, values set can't be empty"));
		break;
	case OP_EXISTS:
	case OP_NOT_EXISTS:
		if (r->nvals)
			errs_add(&e, strdup("values: Invalid value: []string: values set must be "
					    "empty for exists and does not exist"));
		break;
	case OP_GT:
	case OP_LT:
		for (size_t i = 0; i < r->nvals; i++) {
			long long v;
			if (parse_int64(r->vals[i], &v))
				continue;
			snprintf(field, sizeof(field), "values[%zu]", i);
			errs_add(&e,
				 invalid(field, r->vals[i],
					 "for 'Gt', 'Lt' operators, the value must be an integer"));
		}
		break;
	default:
		break;
	}
	for (size_t i = 0; i < r->nvals; i++) {
		check_label_value(&b, r->vals[i]);
		if (b.len) {
			struct sbuf f = {0};
			sb_printf(&f, "values[%zu][", i);
			sb_add(&f, r->key);
			sb_add(&f, "]");
			if (f.s)
				errs_add(&e, invalid(f.s, r->vals[i], b.s));
			free(f.s);
		}
		free(b.s);
		b = (struct sbuf){0};
	}
	return e.n ? errs_take(&e) : NULL;
}

static struct lreq *add_req(struct lsel *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		struct lreq *r = realloc(s->reqs, cap * sizeof(*r));
		if (!r)
			return NULL;
		s->reqs = r;
		s->cap = cap;
	}
	memset(&s->reqs[s->n], 0, sizeof(s->reqs[0]));
	s->reqs[s->n].order = s->n;
	return &s->reqs[s->n++];
}

static int add_val(struct lreq *r, const char *v, size_t n)
{
	char **vals = realloc(r->vals, (r->nvals + 1) * sizeof(*vals));
	char *copy = strndup(v, n);

	if (!vals || !copy) {
		free(copy);
		if (vals)
			r->vals = vals;
		return -1;
	}
	r->vals = vals;
	r->vals[r->nvals++] = copy;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sets.String.List(): sorted, without duplicates. */
static void sort_unique(struct lreq *r)
{
	size_t out = 0;

	if (r->nvals > 1)
		qsort(r->vals, r->nvals, sizeof(*r->vals), cmp_str);
	for (size_t i = 0; i < r->nvals; i++) {
		if (out && !strcmp(r->vals[out - 1], r->vals[i])) {
			free(r->vals[i]);
			continue;
		}
		r->vals[out++] = r->vals[i];
	}
	r->nvals = out;
}

static int cmp_req(const void *a, const void *b)
{
	const struct lreq *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void sort_reqs(struct lsel *s)
{
	if (s->n > 1)
		qsort(s->reqs, s->n, sizeof(*s->reqs), cmp_req);
}

/* ---------------------------------------------------------------------------------------------
 * Label selector lexer and parser (labels.Parse)
 * ------------------------------------------------------------------------------------------- */

enum tok {
	T_ERROR,
	T_EOS,
	T_CLOSE,
	T_COMMA,
	T_NOT,
	T_DEQ,
	T_EQ,
	T_GT,
	T_IDENT,
	T_IN,
	T_LT,
	T_NE,
	T_NOTIN,
	T_OPEN,
};

struct token {
	enum tok t;
	char *lit;
};

static const struct {
	const char *s;
	enum tok t;
} keywords[] = {
    {")", T_CLOSE}, {",", T_COMMA}, {"!", T_NOT}, {"==", T_DEQ},      {"=", T_EQ},   {">", T_GT},
    {"in", T_IN},   {"<", T_LT},    {"!=", T_NE}, {"notin", T_NOTIN}, {"(", T_OPEN},
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_special(char c)
{
	return c && strchr("=!(),><", c);
}

static enum tok keyword(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].s) == n && !strncmp(keywords[i].s, s, n))
			return keywords[i].t;
	return T_IDENT;
}

/* The longest run of special characters that still spells an operator. */
static size_t scan_special(const char *p, enum tok *t)
{
	size_t best = 0;

	*t = T_ERROR;
	for (size_t n = 1; is_special(p[n - 1]); n++) {
		enum tok k = keyword(p, n);
		if (k != T_IDENT) {
			best = n;
			*t = k;
		} else if (best) {
			break;
		}
	}
	return best ? best : 1;
}

struct parser {
	struct token *toks;
	size_t n, pos;
	char *err;
};

static int lex(const char *s, struct parser *p)
{
	size_t cap = 0;

	for (;;) {
		enum tok t;
		size_t n;
		const char *start;

		while (is_ws(*s))
			s++;
		start = s;
		if (!*s) {
			t = T_EOS;
			n = 0;
		} else if (is_special(*s)) {
			n = scan_special(s, &t);
		} else {
			for (n = 0; s[n] && !is_special(s[n]) && !is_ws(s[n]); n++)
				;
			t = keyword(s, n);
		}
		if (p->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct token *tk = realloc(p->toks, cap * sizeof(*tk));
			if (!tk)
				return -1;
			p->toks = tk;
		}
		p->toks[p->n].t = t;
		p->toks[p->n].lit = strndup(start, n);
		if (!p->toks[p->n++].lit)
			return -1;
		s += n;
		if (t == T_EOS)
			return 0;
	}
}

/* In a values context the words in and notin are plain identifiers. */
static enum tok look(struct parser *p, bool values, const char **lit)
{
	struct token *t = &p->toks[p->pos];

	if (lit)
		*lit = t->lit;
	if (values && (t->t == T_IN || t->t == T_NOTIN))
		return T_IDENT;
	return t->t;
}

static enum tok consume(struct parser *p, bool values, const char **lit)
{
	enum tok t = look(p, values, lit);

	if (p->pos + 1 < p->n)
		p->pos++;
	return t;
}

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&p->err, fmt, ap) < 0)
		p->err = NULL;
	va_end(ap);
	return -1;
}

static int parse_key(struct parser *p, struct lreq *r)
{
	const char *lit;
	enum tok t = consume(p, true, &lit);
	struct sbuf b = {0};

	r->op = OP_EQ;
	if (t == T_NOT) {
		r->op = OP_NOT_EXISTS;
		t = consume(p, true, &lit);
	}
	if (t != T_IDENT)
		return fail(p, "found '%s', expected: identifier", lit);
	check_qualified_name(&b, lit);
	if (b.len) {
		char *m = invalid("<nil>", lit, b.s);
		free(b.s);
		fail(p, "%s", m ? m : "invalid key");
		free(m);
		return -1;
	}
	free(b.s);
	r->key = strdup(lit);
	t = look(p, true, NULL);
	if ((t == T_EOS || t == T_COMMA) && r->op != OP_NOT_EXISTS)
		r->op = OP_EXISTS;
	return r->key ? 0 : -1;
}

static int parse_operator(struct parser *p, struct lreq *r)
{
	static const struct {
		enum tok t;
		enum lop op;
	} ops[] = {{T_IN, OP_IN}, {T_EQ, OP_EQ},       {T_DEQ, OP_DEQ}, {T_GT, OP_GT},
		   {T_LT, OP_LT}, {T_NOTIN, OP_NOTIN}, {T_NE, OP_NE}};
	const char *lit;
	enum tok t = consume(p, false, &lit);

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].t == t) {
			r->op = ops[i].op;
			return 0;
		}
	}
	return fail(p, "found '%s', expected: in, notin, =, ==, !=, gt, lt", lit);
}

/* "(a,b,,c)": empty entries are the empty value. */
static int parse_values(struct parser *p, struct lreq *r)
{
	const char *lit;
	enum tok t = consume(p, true, &lit);

	if (t != T_OPEN)
		return fail(p, "found '%s' expected: '('", lit);
	t = look(p, true, &lit);
	if (t == T_CLOSE) {
		consume(p, true, NULL);
		return add_val(r, "", 0);
	}
	if (t != T_IDENT && t != T_COMMA)
		return fail(p, "found '%s', expected: ',', ')' or identifier", lit);
	for (;;) {
		const char *lit2;
		t = consume(p, true, &lit);
		if (t == T_IDENT) {
			if (add_val(r, lit, strlen(lit)))
				return -1;
			enum tok t2 = look(p, true, &lit2);
			if (t2 == T_CLOSE)
				break;
			if (t2 != T_COMMA)
				return fail(p, "found '%s', expected: ',' or ')'", lit2);
			continue;
		}
		if (t != T_COMMA)
			return fail(p, "found '%s', expected: ',', or identifier", lit);
		if (!r->nvals && add_val(r, "", 0))
			return -1;
		enum tok t2 = look(p, true, NULL);
		if (t2 == T_CLOSE) {
			if (add_val(r, "", 0))
				return -1;
			break;
		}
		if (t2 == T_COMMA) {
			consume(p, true, NULL);
			if (add_val(r, "", 0))
				return -1;
		}
	}
	if (consume(p, true, NULL) != T_CLOSE)
		return fail(p, "found '%s', expected: ')'", lit);
	sort_unique(r);
	return 0;
}

static int parse_exact_value(struct parser *p, struct lreq *r)
{
	const char *lit;
	enum tok t = look(p, true, &lit);

	if (t == T_EOS || t == T_COMMA)
		return add_val(r, "", 0);
	t = consume(p, true, &lit);
	if (t != T_IDENT)
		return fail(p, "found '%s', expected: identifier", lit);
	return add_val(r, lit, strlen(lit));
}

static int parse_requirement(struct parser *p, struct lreq *r)
{
	char *verr;

	if (parse_key(p, r))
		return -1;
	if (r->op != OP_EXISTS && r->op != OP_NOT_EXISTS) {
		if (parse_operator(p, r))
			return -1;
		if ((r->op == OP_IN || r->op == OP_NOTIN) ? parse_values(p, r)
							  : parse_exact_value(p, r))
			return -1;
	}
	verr = validate_req(r, false);
	if (verr) {
		fail(p, "%s", verr);
		free(verr);
		return -1;
	}
	return 0;
}

static int parse_all(struct parser *p, struct lsel *s)
{
	for (;;) {
		const char *lit;
		enum tok t = look(p, true, &lit);
		struct lreq *r;

		if (t == T_EOS)
			return 0;
		if (t != T_IDENT && t != T_NOT)
			return fail(p, "found '%s', expected: !, identifier, or 'end of string'",
				    lit);
		r = add_req(s);
		if (!r)
			return fail(p, "out of memory");
		if (parse_requirement(p, r)) {
			char *inner = p->err;
			p->err = NULL;
			fail(p, "unable to parse requirement: %s", inner ? inner : "out of memory");
			free(inner);
			return -1;
		}
		t = consume(p, true, &lit);
		if (t == T_EOS)
			return 0;
		if (t != T_COMMA)
			return fail(p, "found '%s', expected: ',' or 'end of string'", lit);
		t = look(p, true, &lit);
		if (t != T_IDENT && t != T_NOT)
			return fail(p, "found '%s', expected: identifier after ','", lit);
	}
}

int lsel_parse(const char *str, struct lsel **out, char **err)
{
	struct parser p = {0};
	struct lsel *s = calloc(1, sizeof(*s));
	int rc = -1;

	*out = NULL;
	if (err)
		*err = NULL;
	if (!s || lex(str ? str : "", &p)) {
		fail(&p, "out of memory");
		goto out;
	}
	if (parse_all(&p, s))
		goto out;
	sort_reqs(s);
	*out = s;
	s = NULL;
	rc = 0;
out:
	for (size_t i = 0; i < p.n; i++)
		free(p.toks[i].lit);
	free(p.toks);
	lsel_free(s);
	if (rc && err)
		*err = p.err ? p.err : strdup("out of memory");
	else
		free(p.err);
	return rc;
}

/* ---------------------------------------------------------------------------------------------
 * metav1.LabelSelector
 * ------------------------------------------------------------------------------------------- */

static int from_match_labels(struct lsel *s, const json_t *ml, char **err)
{
	const char *k;
	json_t *v;

	if (ml && !json_is_object(ml) && !json_is_null(ml)) {
		*err = strdup("matchLabels must be an object");
		return -1;
	}
	json_object_foreach((json_t *)ml, k, v)
	{
		struct lreq *r = add_req(s);
		if (!r || !(r->key = strdup(k)))
			goto oom;
		r->op = OP_EQ;
		if (!json_is_string(v)) {
			asprintf(err, "matchLabels.%s must be a string", k);
			return -1;
		}
		if (add_val(r, json_string_value(v), json_string_length(v)))
			goto oom;
		if ((*err = validate_req(r, true)))
			return -1;
	}
	return 0;
oom:
	*err = strdup("out of memory");
	return -1;
}

static int expr_op(const char *op, enum lop *out)
{
	static const struct {
		const char *s;
		enum lop op;
	} ops[] = {{"In", OP_IN},
		   {"NotIn", OP_NOTIN},
		   {"Exists", OP_EXISTS},
		   {"DoesNotExist", OP_NOT_EXISTS}};

	for (size_t i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (!strcmp(ops[i].s, op)) {
			*out = ops[i].op;
			return 0;
		}
	}
	return -1;
}

static int from_expression(struct lsel *s, const json_t *ex, char **err)
{
	const char *key = json_string_value(json_object_get(ex, "key"));
	const char *op = json_string_value(json_object_get(ex, "operator"));
	json_t *vals = json_object_get(ex, "values"), *v;
	struct lreq *r;
	size_t i;

	if (!json_is_object(ex) || (vals && !json_is_array(vals) && !json_is_null(vals))) {
		*err = strdup("matchExpressions entries must be objects with a values list");
		return -1;
	}
	r = add_req(s);
	if (!r || !(r->key = strdup(key ? key : "")))
		goto oom;
	if (expr_op(op, &r->op)) {
		struct sbuf b = {0};
		sb_quote(&b, op ? op : "");
		sb_add(&b, " is not a valid label selector operator");
		*err = sb_take(&b);
		return -1;
	}
	json_array_foreach(vals, i, v)
	{
		if (!json_is_string(v)) {
			*err = strdup("matchExpressions values must be strings");
			return -1;
		}
		if (add_val(r, json_string_value(v), json_string_length(v)))
			goto oom;
	}
	*err = validate_req(r, true);
	return *err ? -1 : 0;
oom:
	*err = strdup("out of memory");
	return -1;
}

int lsel_from_json(const json_t *ls, struct lsel **out, char **err)
{
	struct lsel *s = calloc(1, sizeof(*s));
	char *e = NULL;
	json_t *exprs, *ex;
	size_t i;

	*out = NULL;
	if (err)
		*err = NULL;
	if (!s) {
		e = strdup("out of memory");
		goto fail;
	}
	if (!ls || json_is_null(ls)) {
		s->nothing = true;
		*out = s;
		return 0;
	}
	if (!json_is_object(ls)) {
		e = strdup("label selector must be an object");
		goto fail;
	}
	if (from_match_labels(s, json_object_get(ls, "matchLabels"), &e))
		goto fail;
	exprs = json_object_get(ls, "matchExpressions");
	if (exprs && !json_is_array(exprs) && !json_is_null(exprs)) {
		e = strdup("matchExpressions must be a list");
		goto fail;
	}
	json_array_foreach(exprs, i, ex)
	{
		if (from_expression(s, ex, &e))
			goto fail;
	}
	sort_reqs(s);
	*out = s;
	return 0;
fail:
	lsel_free(s);
	if (err)
		*err = e ? e : strdup("invalid label selector");
	else
		free(e);
	return -1;
}

/* ---------------------------------------------------------------------------------------------
 * Matching and printing
 * ------------------------------------------------------------------------------------------- */

static bool has_value(const struct lreq *r, const char *v)
{
	for (size_t i = 0; i < r->nvals; i++)
		if (!strcmp(r->vals[i], v))
			return true;
	return false;
}

static bool req_match(const struct lreq *r, const char *v)
{
	long long have, want;

	switch (r->op) {
	case OP_EQ:
	case OP_DEQ:
	case OP_IN:
		return v && has_value(r, v);
	case OP_NE:
	case OP_NOTIN:
		return !v || !has_value(r, v);
	case OP_EXISTS:
		return v != NULL;
	case OP_NOT_EXISTS:
		return v == NULL;
	case OP_GT:
	case OP_LT:
		if (!v || r->nvals != 1 || !parse_int64(v, &have) ||
		    !parse_int64(r->vals[0], &want))
			return false;
		return r->op == OP_GT ? have > want : have < want;
	}
	return false;
}

bool lsel_match(const struct lsel *s, sel_get_fn get, void *ctx)
{
	if (!s)
		return true;
	if (s->nothing)
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (!req_match(&s->reqs[i], get(ctx, s->reqs[i].key)))
			return false;
	return true;
}

static const char *json_label(void *ctx, const char *key)
{
	return json_string_value(json_object_get(ctx, key));
}

bool lsel_match_json(const struct lsel *s, const json_t *labels)
{
	return lsel_match(s, json_label, (void *)labels);
}

bool lsel_empty(const struct lsel *s)
{
	return !s || (!s->nothing && !s->n);
}

static void req_string(struct sbuf *b, const struct lreq *r)
{
	static const char *const ops[] = {
	    [OP_EQ] = "=",	    [OP_DEQ] = "==", [OP_NE] = "!=", [OP_IN] = " in ",
	    [OP_NOTIN] = " notin ", [OP_GT] = ">",   [OP_LT] = "<",
	};
	char **sorted;

	if (r->op == OP_NOT_EXISTS)
		sb_add(b, "!");
	sb_add(b, r->key);
	if (r->op == OP_EXISTS || r->op == OP_NOT_EXISTS)
		return;
	sb_add(b, ops[r->op]);
	if (r->op == OP_IN || r->op == OP_NOTIN)
		sb_add(b, "(");
	/* Values print sorted without touching the requirement itself. */
	sorted = malloc((r->nvals ? r->nvals : 1) * sizeof(*sorted));
	if (!sorted) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < r->nvals; i++)
		sorted[i] = r->vals[i];
	if (r->nvals > 1)
		qsort(sorted, r->nvals, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < r->nvals; i++) {
		if (i)
			sb_add(b, ",");
		sb_add(b, sorted[i]);
	}
	free(sorted);
	if (r->op == OP_IN || r->op == OP_NOTIN)
		sb_add(b, ")");
}

char *lsel_string(const struct lsel *s)
{
	struct sbuf b = {0};

	for (size_t i = 0; s && !s->nothing && i < s->n; i++) {
		if (i)
			sb_add(&b, ",");
		req_string(&b, &s->reqs[i]);
	}
	return sb_take(&b);
}

/* ---------------------------------------------------------------------------------------------
 * Field selectors (fields.ParseSelector)
 * ------------------------------------------------------------------------------------------- */

struct fterm {
	char *field;
	char *value;
	bool eq;
};

struct fsel {
	struct fterm *t;
	int n;
};

void fsel_free(struct fsel *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++) {
		free(s->t[i].field);
		free(s->t[i].value);
	}
	free(s->t);
	free(s);
}

/* Split on commas that a backslash does not escape. */
static char **split_terms(const char *s, size_t *count)
{
	size_t n = 1, k = 0, start = 0;
	bool slash = false;
	char **parts;

	for (const char *p = s; *p; p++)
		n += *p == ',';
	parts = calloc(n, sizeof(*parts));
	if (!parts)
		return NULL;
	for (size_t i = 0;; i++) {
		if (s[i] && slash) {
			slash = false;
		} else if (s[i] == '\\') {
			slash = true;
		} else if (s[i] == ',' || !s[i]) {
			if (!(parts[k++] = strndup(s + start, i - start)))
				goto oom;
			start = i + 1;
			if (!s[i])
				break;
		}
	}
	*count = k;
	return parts;
oom:
	for (size_t i = 0; i < k; i++)
		free(parts[i]);
	free(parts);
	return NULL;
}

/* Values escape \, , and = with a backslash; anything else after one is an error. */
static char *unescape_value(const char *s, char **err)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	bool slash = false;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (slash) {
			if (*s != '\\' && *s != ',' && *s != '=') {
				asprintf(err,
					 "invalid field selector: invalid escape sequence: \\%c",
					 *s);
				free(out);
				return NULL;
			}
			*o++ = *s;
			slash = false;
		} else if (*s == '\\') {
			slash = true;
		} else if (*s == ',' || *s == '=') {
			/* Go prints the rune as its number here. */
			asprintf(err, "invalid field selector: unescaped character in value: %d",
				 *s);
			free(out);
			return NULL;
		} else {
			*o++ = *s;
		}
	}
	if (slash) {
		*err = strdup("invalid field selector: invalid escape sequence: \\");
		free(out);
		return NULL;
	}
	*o = 0;
	return out;
}

/* The first operator from the left: "!=", then "==", then "=" at each position. */
static const char *split_term(const char *t, size_t *oplen)
{
	for (const char *p = t; *p; p++) {
		if (!strncmp(p, "!=", 2) || !strncmp(p, "==", 2)) {
			*oplen = 2;
			return p;
		}
		if (*p == '=') {
			*oplen = 1;
			return p;
		}
	}
	return NULL;
}

static int add_term(struct fsel *s, const char *sel, const char *part, char **err)
{
	size_t oplen;
	const char *op = split_term(part, &oplen);
	struct fterm *t;

	if (!op) {
		asprintf(err, "invalid selector: '%s'; can't understand '%s'", sel, part);
		return -1;
	}
	t = &s->t[s->n];
	t->eq = *op == '=';
	t->value = unescape_value(op + oplen, err);
	if (!t->value)
		return -1;
	t->field = strndup(part, (size_t)(op - part));
	if (!t->field) {
		free(t->value);
		return -1;
	}
	s->n++;
	return 0;
}

int fsel_parse(const char *sel, struct fsel **out, char **err)
{
	struct fsel *s = calloc(1, sizeof(*s));
	size_t n = 0;
	char **parts = NULL, *e = NULL;
	int rc = -1;

	*out = NULL;
	if (err)
		*err = NULL;
	sel = sel ? sel : "";
	if (!s || !(parts = *sel ? split_terms(sel, &n) : calloc(1, sizeof(*parts))))
		goto out;
	if (n > INT32_MAX || !(s->t = calloc(n ? n : 1, sizeof(*s->t))))
		goto out;
	/* Upstream sorts the raw terms before reading them. */
	qsort(parts, n, sizeof(*parts), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (*parts[i] && add_term(s, sel, parts[i], &e))
			goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
	fsel_free(s);
	if (rc && err)
		*err = e ? e : strdup("out of memory");
	else
		free(e);
	return rc;
}

bool fsel_match(const struct fsel *s, sel_get_fn get, void *ctx)
{
	for (int i = 0; s && i < s->n; i++) {
		const char *v = get(ctx, s->t[i].field);
		if (!strcmp(v ? v : "", s->t[i].value) != s->t[i].eq)
			return false;
	}
	return true;
}

int fsel_count(const struct fsel *s)
{
	return s ? s->n : 0;
}

const char *fsel_field(const struct fsel *s, int i)
{
	return s && i >= 0 && i < s->n ? s->t[i].field : NULL;
}

const char *fsel_value(const struct fsel *s, int i)
{
	return s && i >= 0 && i < s->n ? s->t[i].value : NULL;
}

bool fsel_is_eq(const struct fsel *s, int i)
{
	return s && i >= 0 && i < s->n && s->t[i].eq;
}

char *fsel_string(const struct fsel *s)
{
	struct sbuf b = {0};

	for (int i = 0; s && i < s->n; i++) {
		if (i)
			sb_add(&b, ",");
		sb_add(&b, s->t[i].field);
		sb_add(&b, s->t[i].eq ? "=" : "!=");
		for (const char *p = s->t[i].value; *p; p++) {
			if (*p == '\\' || *p == ',' || *p == '=')
				sb_add(&b, "\\");
			sb_addn(&b, p, 1);
		}
	}
	return sb_take(&b);
}
