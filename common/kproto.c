/*
 * kproto: Kubernetes protobuf bodies <-> upstream-shaped JSON, driven by kproto_types.c.
 *
 * Decoding follows how upstream fills a Go struct from the wire and then prints it with
 * encoding/json: an absent non-pointer field still prints its zero value unless omitempty
 * drops it, and omitempty never drops a struct (hence "creationTimestamp": null, "status": {}).
 * Encoding follows the generated marshallers: non-pointer scalars and structs are always
 * written, pointers and slices only when set, map entries in key order.
 */
#include "kproto.h"
#include "pbw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "b64.h"
#include "ktime.h"
#include "quantity.h"

#define KP_MAX_DEPTH  64
#define KP_MAX_FIELDS 128
#define KP_MAX_QTY    128
/* Seconds of 0001-01-01T00:00:00Z (Go's zero time) and of 9999-12-31T23:59:59Z. */
#define KP_ZERO_SEC (-62135596800LL)
#define KP_MAX_SEC  253402300799LL

enum { WT_VARINT = 0, WT_FIXED64 = 1, WT_LEN = 2, WT_FIXED32 = 5 };

struct kp_ctx {
	int depth;
	char msg[256];
};

/* One field as read off the wire. */
struct kp_wire {
	uint32_t num;
	int wt;
	uint64_t v;		/* varint and fixed values */
	const unsigned char *p; /* length-delimited payload */
	size_t n;
};

struct kp_rd {
	const unsigned char *p, *end;
};


static int kp_fail(struct kp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int kp_fail(struct kp_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->msg[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void kp_set_err(char **err, const struct kp_ctx *c)
{
	if (err)
		*err = strdup(c->msg[0] ? c->msg : "protobuf: error");
}

static const struct kp_type *kp_find(const char *api_version, const char *kind)
{
	if (!api_version || !kind)
		return NULL;
	for (size_t i = 0; i < kp_ntypes; i++) {
		const struct kp_type *t = &kp_types[i];

		if (strcmp(t->kind, kind) == 0 &&
		    (!t->api_version || strcmp(t->api_version, api_version) == 0))
			return t;
	}
	return NULL;
}

bool kp_known(const char *api_version, const char *kind)
{
	return kp_find(api_version, kind) != NULL;
}

/* ---- base64 (Go's StdEncoding, as encoding/json uses for []byte) ---- */

static const char kp_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static json_t *kp_b64_string(const unsigned char *p, size_t n)
{
	char *s = b64_encode(p, n, false);
	json_t *j = json_string(s);

	free(s);
	return j;
}

static int kp_b64_val(char ch)
{
	const char *q = ch ? strchr(kp_b64, ch) : NULL;

	return q ? (int)(q - kp_b64) : -1;
}

/* Strict padded decoding; CR and LF are skipped as Go does. *out is malloc'd. */
static int kp_b64_decode(const char *s, size_t n, unsigned char **out, size_t *olen)
{
	unsigned char *b = malloc(n / 4 * 3 + 3);
	size_t o = 0, q = 0, pad = 0;
	uint32_t acc = 0;

	if (!b)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v;

		if (s[i] == '\r' || s[i] == '\n')
			continue;
		if (s[i] == '=') {
			pad++;
			v = 0;
		} else {
			v = kp_b64_val(s[i]);
			if (v < 0 || pad)
				goto bad;
		}
		acc = acc << 6 | (uint32_t)v;
		if (++q == 4) {
			if (pad > 2)
				goto bad;
			b[o++] = acc >> 16;
			if (pad < 2)
				b[o++] = acc >> 8;
			if (pad < 1)
				b[o++] = acc;
			q = 0;
			acc = 0;
			if (pad)
				break;
		}
	}
	if (q)
		goto bad;
	*out = b;
	*olen = o;
	return 0;
bad:
	free(b);
	return -1;
}

/* ---- strings: Go prints invalid UTF-8 as U+FFFD, one per bad byte ---- */

static size_t kp_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t need;
	uint32_t cp, min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2, cp = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3, cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

static json_t *kp_string(const unsigned char *p, size_t n)
{
	json_t *j = json_stringn((const char *)p, n);
	unsigned char *s;
	size_t o = 0;

	if (j)
		return j;
	s = malloc(n * 3 + 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t l = kp_utf8_len(p + i, n - i);

		if (l) {
			memcpy(s + o, p + i, l);
			o += l;
			i += l;
		} else {
			memcpy(s + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_stringn((const char *)s, o);
	free(s);
	return j;
}

/* ---- wire reading ---- */

static int kp_rd_varint(struct kp_rd *r, uint64_t *v)
{
	uint64_t x = 0;

	for (int shift = 0; shift < 70 && r->p < r->end; shift += 7) {
		unsigned char b = *r->p++;

		if (shift < 64)
			x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int kp_rd_fixed(struct kp_rd *r, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if ((size_t)(r->end - r->p) < n)
		return -1;
	for (size_t i = 0; i < n; i++)
		x |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	*v = x;
	return 0;
}

/* Next field of a message; 1 at the end, 0 for a field, -1 for malformed bytes. */
static int kp_rd_field(struct kp_rd *r, struct kp_wire *w)
{
	uint64_t tag, n;

	if (r->p >= r->end)
		return 1;
	if (kp_rd_varint(r, &tag) || tag >> 3 == 0 || tag >> 3 > 0x1fffffff)
		return -1;
	w->num = (uint32_t)(tag >> 3);
	w->wt = (int)(tag & 7);
	switch (w->wt) {
	case WT_VARINT:
		return kp_rd_varint(r, &w->v);
	case WT_FIXED64:
		return kp_rd_fixed(r, 8, &w->v);
	case WT_FIXED32:
		return kp_rd_fixed(r, 4, &w->v);
	case WT_LEN:
		if (kp_rd_varint(r, &n) || n > (uint64_t)(r->end - r->p))
			return -1;
		w->p = r->p;
		w->n = (size_t)n;
		r->p += n;
		return 0;
	default: /* groups never appear in Kubernetes messages */
		return -1;
	}
}

static struct kp_rd kp_rd_of(const unsigned char *p, size_t n)
{
	struct kp_rd r = {p, p ? p + n : p};

	return r;
}

/* ---- decoding of the special messages ---- */

static int kp_timestamp(struct kp_ctx *c, const struct kp_wire *w, int64_t *sec, int32_t *nsec)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire f;
	int rc;

	*sec = 0;
	*nsec = 0;
	while ((rc = kp_rd_field(&r, &f)) == 0) {
		if (f.num == 1 && f.wt == WT_VARINT)
			*sec = (int64_t)f.v;
		else if (f.num == 2 && f.wt == WT_VARINT)
			*nsec = (int32_t)f.v;
		else if (f.num <= 2)
			return kp_fail(c, "protobuf: bad Timestamp field %u", f.num);
	}
	return rc < 0 ? kp_fail(c, "protobuf: malformed Timestamp") : 0;
}

static json_t *kp_dec_time(struct kp_ctx *c, const struct kp_wire *w, bool micro)
{
	struct timespec ts;
	int64_t sec;
	int32_t nsec;
	char buf[40];

	if (w->n == 0)
		return json_null();
	if (kp_timestamp(c, w, &sec, &nsec))
		return NULL;
	/* metav1.Time drops the nanoseconds; MicroTime keeps whole microseconds. */
	nsec = micro ? nsec / 1000 * 1000 : 0;
	sec += nsec / 1000000000;
	nsec %= 1000000000;
	if (nsec < 0) {
		nsec += 1000000000;
		sec--;
	}
	if (sec == KP_ZERO_SEC && nsec == 0)
		return json_null();
	if (sec < KP_ZERO_SEC || sec > KP_MAX_SEC)
		return kp_fail(c, "protobuf: timestamp %lld out of range", (long long)sec), NULL;
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = nsec;
	if (micro)
		kt_format_micro(&ts, buf);
	else
		kt_format(ts.tv_sec, buf);
	return json_string(buf);
}

static json_t *kp_qty_json(struct kp_ctx *c, const char *s, size_t n)
{
	char tmp[KP_MAX_QTY + 1];
	struct qty q;
	char *out;
	json_t *j;

	if (n > KP_MAX_QTY || memchr(s, 0, n))
		return kp_fail(c, "quantity: invalid value"), NULL;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	if (qty_parse(tmp, &q))
		return kp_fail(c, "quantity: cannot parse %.40s", tmp), NULL;
	out = qty_string(&q);
	j = out ? json_string(out) : NULL;
	free(out);
	return j;
}

static json_t *kp_dec_qty(struct kp_ctx *c, const struct kp_wire *w)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire f;
	const unsigned char *s = NULL;
	size_t n = 0;
	int rc;

	while ((rc = kp_rd_field(&r, &f)) == 0) {
		if (f.num == 1 && f.wt != WT_LEN)
			return kp_fail(c, "protobuf: bad Quantity"), NULL;
		if (f.num == 1) {
			s = f.p;
			n = f.n;
		}
	}
	if (rc < 0)
		return kp_fail(c, "protobuf: malformed Quantity"), NULL;
	return s ? kp_qty_json(c, (const char *)s, n) : json_string("0");
}

static json_t *kp_dec_ios(struct kp_ctx *c, const struct kp_wire *w)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire f;
	int64_t type = 0;
	int32_t iv = 0;
	const unsigned char *s = NULL;
	size_t n = 0;
	int rc;

	while ((rc = kp_rd_field(&r, &f)) == 0) {
		int want = f.num == 3 ? WT_LEN : WT_VARINT;

		if (f.num <= 3 && f.wt != want)
			return kp_fail(c, "protobuf: bad IntOrString field %u", f.num), NULL;
		if (f.num == 1)
			type = (int64_t)f.v;
		else if (f.num == 2)
			iv = (int32_t)f.v;
		else if (f.num == 3)
			s = f.p, n = f.n;
	}
	if (rc < 0)
		return kp_fail(c, "protobuf: malformed IntOrString"), NULL;
	if (type == 0)
		return json_integer(iv);
	if (type == 1)
		return s ? kp_string(s, n) : json_string("");
	return kp_fail(c, "protobuf: IntOrString type %lld", (long long)type), NULL;
}

/* RawExtension and FieldsV1: {1: bytes} holding a JSON document. */
static json_t *kp_dec_rawjson(struct kp_ctx *c, const struct kp_wire *w)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire f;
	const unsigned char *s = NULL;
	size_t n = 0;
	json_error_t jerr;
	json_t *j;
	int rc;

	while ((rc = kp_rd_field(&r, &f)) == 0) {
		if (f.num == 1 && f.wt != WT_LEN)
			return kp_fail(c, "protobuf: bad raw JSON field"), NULL;
		if (f.num == 1)
			s = f.p, n = f.n;
	}
	if (rc < 0)
		return kp_fail(c, "protobuf: malformed raw JSON field"), NULL;
	if (!s || n == 0)
		return json_null();
	j = json_loadb((const char *)s, n, JSON_DECODE_ANY, &jerr);
	if (!j)
		kp_fail(c, "protobuf: embedded JSON: %s", jerr.text);
	return j;
}

static json_t *kp_dec_strlist(struct kp_ctx *c, const struct kp_wire *w)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire f;
	json_t *a = json_array();
	int rc;

	while ((rc = kp_rd_field(&r, &f)) == 0) {
		if (f.num != 1)
			continue;
		if (f.wt != WT_LEN) {
			rc = -1;
			break;
		}
		json_array_append_new(a, kp_string(f.p, f.n));
	}
	if (rc < 0) {
		json_decref(a);
		return kp_fail(c, "protobuf: malformed string list"), NULL;
	}
	if (json_array_size(a) == 0) {
		json_decref(a);
		return json_null(); /* a nil slice */
	}
	return a;
}

/* ---- decoding of messages ---- */

static int kp_dec_msg(struct kp_ctx *c, const struct kp_msg *m, const unsigned char *p, size_t n,
		      json_t *obj);

static int kp_want_wt(uint8_t kind)
{
	return kind == KP_I32 || kind == KP_I64 || kind == KP_BOOL ? WT_VARINT : WT_LEN;
}

static json_t *kp_dec_varint(uint8_t kind, uint64_t v)
{
	if (kind == KP_I32)
		return json_integer((int32_t)v);
	if (kind == KP_I64)
		return json_integer((json_int_t)(int64_t)v);
	return json_boolean(v != 0);
}

static json_t *kp_dec_value(struct kp_ctx *c, const struct kp_field *f, const struct kp_wire *w)
{
	json_t *o;

	if (w->wt != kp_want_wt(f->kind))
		return kp_fail(c, "protobuf: wrong wire type %d for field %s", w->wt, f->json),
		       NULL;
	switch (f->kind) {
	case KP_I32:
	case KP_I64:
	case KP_BOOL:
		return kp_dec_varint(f->kind, w->v);
	case KP_STR:
		return kp_string(w->p, w->n);
	case KP_BYTES:
		return kp_b64_string(w->p, w->n);
	case KP_TIME:
	case KP_MTIME:
		return kp_dec_time(c, w, f->kind == KP_MTIME);
	case KP_QTY:
		return kp_dec_qty(c, w);
	case KP_IOS:
		return kp_dec_ios(c, w);
	case KP_RAW:
	case KP_FV1:
		return kp_dec_rawjson(c, w);
	case KP_STRLIST:
		return kp_dec_strlist(c, w);
	case KP_MSG:
		o = json_object();
		if (kp_dec_msg(c, f->msg, w->p, w->n, o)) {
			json_decref(o);
			return NULL;
		}
		return o;
	}
	return kp_fail(c, "protobuf: bad table kind"), NULL;
}

/* The JSON of a Go zero value of this field's type (nil slices and pointers print null). */
static json_t *kp_zero(struct kp_ctx *c, const struct kp_field *f)
{
	struct kp_wire none = {0, WT_LEN, 0, NULL, 0};

	switch (f->kind) {
	case KP_STR:
		return json_string("");
	case KP_I32:
	case KP_I64:
		return json_integer(0);
	case KP_BOOL:
		return json_false();
	case KP_QTY:
		return json_string("0");
	case KP_IOS:
		return json_integer(0);
	case KP_MSG:
		return kp_dec_value(c, f, &none);
	default:
		return json_null();
	}
}

static int kp_dec_packed(struct kp_ctx *c, const struct kp_field *f, const struct kp_wire *w,
			 json_t *arr)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	uint64_t v;

	while (r.p < r.end) {
		if (kp_rd_varint(&r, &v))
			return kp_fail(c, "protobuf: malformed packed field %s", f->json);
		json_array_append_new(arr, kp_dec_varint(f->kind, v));
	}
	return 0;
}

/* One map entry {1: key, 2: value}; a missing value is the zero value, as upstream. */
static int kp_dec_entry(struct kp_ctx *c, const struct kp_field *f, const struct kp_wire *w,
			json_t *map)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire e;
	json_t *key = NULL, *val = NULL;
	int rc;

	if (w->wt != WT_LEN)
		return kp_fail(c, "protobuf: wrong wire type for map %s", f->json);
	while ((rc = kp_rd_field(&r, &e)) == 0) {
		json_t **slot = e.num == 1 ? &key : e.num == 2 ? &val : NULL;
		json_t *v;

		if (!slot)
			continue;
		if (e.num == 1 && e.wt != WT_LEN)
			v = (kp_fail(c, "protobuf: bad map key in %s", f->json), NULL);
		else
			v = e.num == 1 ? kp_string(e.p, e.n) : kp_dec_value(c, f, &e);
		if (!v) {
			rc = -1;
			break;
		}
		json_decref(*slot);
		*slot = v;
	}
	if (rc > 0 && !val)
		val = kp_zero(c, f);
	if (rc < 0 || !val)
		rc = kp_fail(c, "protobuf: malformed map entry in %s", f->json);
	else
		json_object_set_new(map, key ? json_string_value(key) : "", val);
	if (rc < 0)
		json_decref(val);
	json_decref(key);
	return rc < 0 ? -1 : 0;
}

static int kp_dec_field(struct kp_ctx *c, const struct kp_field *f, const struct kp_wire *w,
			json_t **slot)
{
	json_t *v;

	if (f->flags & KP_MAP) {
		if (!*slot)
			*slot = json_object();
		return kp_dec_entry(c, f, w, *slot);
	}
	if (f->flags & KP_LIST) {
		if (!*slot)
			*slot = json_array();
		if (w->wt == WT_LEN && kp_want_wt(f->kind) == WT_VARINT)
			return kp_dec_packed(c, f, w, *slot);
	}
	v = kp_dec_value(c, f, w);
	if (!v)
		return -1;
	if (f->flags & KP_LIST)
		return json_array_append_new(*slot, v);
	/* A repeated singular field: the last one wins. */
	json_decref(*slot);
	*slot = v;
	return 0;
}

static bool kp_is_empty(const json_t *v)
{
	if (json_is_string(v))
		return json_string_length(v) == 0;
	if (json_is_integer(v))
		return json_integer_value(v) == 0;
	return json_is_false(v) || json_is_null(v);
}

/* What upstream prints for a field: v (owned) when present, else the absent form. */
static json_t *kp_shown(struct kp_ctx *c, const struct kp_field *f, json_t *v)
{
	bool omit = f->flags & KP_OMIT;
	bool scalar = f->kind <= KP_BYTES;

	if (!v) {
		if ((f->flags & (KP_LIST | KP_MAP | KP_PTR)) || f->kind == KP_BYTES)
			return omit ? NULL : json_null();
		v = kp_zero(c, f);
	}
	/* omitempty drops empty scalars of non-pointer fields; never a struct. */
	if (v && omit && scalar && !(f->flags & KP_PTR) && kp_is_empty(v)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

static int kp_dec_emit(struct kp_ctx *c, const struct kp_msg *m, json_t **vals, json_t *obj)
{
	for (size_t i = 0; i < m->nfields; i++) {
		const struct kp_field *f = &m->fields[i];
		json_t *v = vals[i];

		vals[i] = NULL;
		if (f->flags & KP_INLINE) {
			int rc =
			    v ? json_object_update(obj, v) : kp_dec_msg(c, f->msg, NULL, 0, obj);

			json_decref(v);
			if (rc)
				return -1;
			continue;
		}
		v = kp_shown(c, f, v);
		if (c->msg[0]) {
			json_decref(v);
			return -1;
		}
		if (v)
			json_object_set_new(obj, f->json, v);
	}
	return 0;
}

static const struct kp_field *kp_field_by_num(const struct kp_msg *m, uint32_t num, size_t *idx)
{
	for (size_t i = 0; i < m->nfields; i++) {
		if (m->fields[i].num == num) {
			*idx = i;
			return &m->fields[i];
		}
	}
	return NULL;
}

static int kp_dec_msg(struct kp_ctx *c, const struct kp_msg *m, const unsigned char *p, size_t n,
		      json_t *obj)
{
	struct kp_rd r = kp_rd_of(p, n);
	struct kp_wire w;
	json_t **vals;
	int rc = -1;

	if (++c->depth > KP_MAX_DEPTH) {
		kp_fail(c, "protobuf: nesting deeper than %d", KP_MAX_DEPTH);
		goto out;
	}
	vals = calloc(m->nfields ? m->nfields : 1, sizeof(*vals));
	if (!vals) {
		kp_fail(c, "protobuf: out of memory");
		goto out;
	}
	while ((rc = kp_rd_field(&r, &w)) == 0) {
		size_t i;
		const struct kp_field *f = kp_field_by_num(m, w.num, &i);

		/* Unknown fields are skipped, as upstream's decoder does. */
		if (f && kp_dec_field(c, f, &w, &vals[i])) {
			rc = -1;
			break;
		}
	}
	if (rc > 0)
		rc = kp_dec_emit(c, m, vals, obj);
	else if (!c->msg[0])
		kp_fail(c, "protobuf: malformed %s", m->name);
	for (size_t i = 0; i < m->nfields; i++)
		json_decref(vals[i]);
	free(vals);
	rc = rc < 0 ? -1 : 0;
out:
	c->depth--;
	return rc;
}

/* ---- the envelope ---- */

struct kp_unknown {
	const unsigned char *api_version, *kind, *raw, *encoding;
	size_t api_version_n, kind_n, raw_n, encoding_n;
};

static int kp_typemeta(const struct kp_wire *w, struct kp_unknown *u)
{
	struct kp_rd r = kp_rd_of(w->p, w->n);
	struct kp_wire f;
	int rc;

	while ((rc = kp_rd_field(&r, &f)) == 0) {
		if (f.num > 2)
			continue;
		if (f.wt != WT_LEN)
			return -1;
		if (f.num == 1)
			u->api_version = f.p, u->api_version_n = f.n;
		else
			u->kind = f.p, u->kind_n = f.n;
	}
	return rc < 0 ? -1 : 0;
}

static int kp_envelope(const unsigned char *p, size_t n, struct kp_unknown *u)
{
	struct kp_rd r = kp_rd_of(p, n);
	struct kp_wire f;
	int rc;

	memset(u, 0, sizeof(*u));
	while ((rc = kp_rd_field(&r, &f)) == 0) {
		if (f.num > 4)
			continue;
		if (f.wt != WT_LEN || (f.num == 1 && kp_typemeta(&f, u)))
			return -1;
		if (f.num == 2)
			u->raw = f.p, u->raw_n = f.n;
		else if (f.num == 3)
			u->encoding = f.p, u->encoding_n = f.n;
	}
	return rc < 0 ? -1 : 0;
}

/* A NUL-terminated copy of a short wire string; NULL when it holds a NUL or is too long. */
static char *kp_cstr(const unsigned char *p, size_t n, char *buf, size_t cap)
{
	if (n >= cap || (n && memchr(p, 0, n)))
		return NULL;
	if (n)
		memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

json_t *kp_decode(const unsigned char *buf, size_t len, char **err)
{
	struct kp_ctx c = {0};
	struct kp_unknown u;
	char av[256], kind[256];
	const struct kp_type *t;
	json_t *obj = NULL;

	if (err)
		*err = NULL;
	if (!buf || len < KP_MAGIC_LEN || memcmp(buf, KP_MAGIC, KP_MAGIC_LEN) != 0) {
		kp_fail(&c, "protobuf: missing the k8s magic prefix");
		goto fail;
	}
	if (kp_envelope(buf + KP_MAGIC_LEN, len - KP_MAGIC_LEN, &u)) {
		kp_fail(&c, "protobuf: malformed envelope");
		goto fail;
	}
	if (u.encoding_n) {
		kp_fail(&c, "protobuf: unsupported content encoding");
		goto fail;
	}
	if (!kp_cstr(u.api_version, u.api_version_n, av, sizeof(av)) ||
	    !kp_cstr(u.kind, u.kind_n, kind, sizeof(kind)) || !(t = kp_find(av, kind))) {
		kp_fail(&c, "protobuf: no type known for %.*s, Kind=%.*s",
			(int)(u.api_version_n > 64 ? 64 : u.api_version_n),
			u.api_version ? (const char *)u.api_version : "",
			(int)(u.kind_n > 64 ? 64 : u.kind_n), u.kind ? (const char *)u.kind : "");
		goto fail;
	}
	obj = json_object();
	json_object_set_new(obj, "kind", json_string(kind));
	json_object_set_new(obj, "apiVersion", json_string(av));
	if (kp_dec_msg(&c, t->msg, u.raw, u.raw_n, obj))
		goto fail;
	return obj;
fail:
	json_decref(obj);
	kp_set_err(err, &c);
	return NULL;
}

/* ---- encoding ---- */

static int kp_enc_msg(struct kp_ctx *c, const struct kp_msg *m, const json_t *obj, struct pbw *b);

static int kp_enc_int(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
		      struct pbw *b)
{
	json_int_t x = 0;

	if (f->kind == KP_BOOL) {
		if (v && !json_is_boolean(v))
			return kp_fail(c, "json: %s: expected a boolean", f->json);
		pbw_uint(b, num, json_is_true(v) ? 1 : 0);
		return 0;
	}
	if (v && !json_is_integer(v))
		return kp_fail(c, "json: %s: expected an integer", f->json);
	if (v)
		x = json_integer_value(v);
	if (f->kind == KP_I32 && (x < INT32_MIN || x > INT32_MAX))
		return kp_fail(c, "json: %s: %lld overflows int32", f->json, (long long)x);
	/* Negative numbers are sign-extended to 64 bits: ten bytes on the wire. */
	pbw_uint(b, num, (uint64_t)(int64_t)x);
	return 0;
}

static int kp_enc_bytes(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
			bool in_map, struct pbw *b)
{
	unsigned char *d = NULL;
	size_t n = 0;

	if (!v) {
		/* A nil slice is left out, but a map value is always written. */
		if (in_map)
			pbw_bytes(b, num, "", 0);
		return 0;
	}
	if (!json_is_string(v) ||
	    kp_b64_decode(json_string_value(v), json_string_length(v), &d, &n))
		return kp_fail(c, "json: %s: expected a base64 string", f->json);
	pbw_bytes(b, num, d, n);
	free(d);
	return 0;
}

static int kp_enc_time(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
		       struct pbw *b)
{
	struct timespec ts;
	struct pbw sub = {0};

	if (v && (!json_is_string(v) || kt_parse(json_string_value(v), &ts)))
		return kp_fail(c, "json: %s: expected an RFC 3339 time", f->json);
	/* The zero time is an empty message; Time carries no nanoseconds, MicroTime does. */
	if (v && !(ts.tv_sec == KP_ZERO_SEC && ts.tv_nsec == 0)) {
		pbw_uint(&sub, 1, (uint64_t)(int64_t)ts.tv_sec);
		pbw_uint(&sub, 2,
			    f->kind == KP_MTIME ? (uint64_t)(ts.tv_nsec / 1000 * 1000) : 0);
	}
	pbw_sub(b, num, &sub);
	return 0;
}

static int kp_enc_qty(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
		      struct pbw *b)
{
	char tmp[64];
	const char *s = "0";
	size_t n = 1;
	json_t *canon;
	struct pbw sub = {0};

	if (json_is_integer(v)) {
		snprintf(tmp, sizeof(tmp), "%lld", (long long)json_integer_value(v));
		s = tmp;
		n = strlen(tmp);
	} else if (json_is_real(v)) {
		snprintf(tmp, sizeof(tmp), "%.15g", json_real_value(v));
		s = tmp;
		n = strlen(tmp);
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
	} else if (v) {
		return kp_fail(c, "json: %s: expected a quantity", f->json);
	}
	canon = kp_qty_json(c, s, n);
	if (!canon)
		return -1;
	pbw_bytes(&sub, 1, json_string_value(canon), json_string_length(canon));
	json_decref(canon);
	pbw_sub(b, num, &sub);
	return 0;
}

static int kp_enc_ios(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
		      struct pbw *b)
{
	struct pbw sub = {0};
	json_int_t x = json_is_integer(v) ? json_integer_value(v) : 0;
	bool str = json_is_string(v);

	if (v && !str && !json_is_integer(v))
		return kp_fail(c, "json: %s: expected an integer or a string", f->json);
	if (x < INT32_MIN || x > INT32_MAX)
		return kp_fail(c, "json: %s: %lld overflows int32", f->json, (long long)x);
	pbw_uint(&sub, 1, str ? 1 : 0);
	pbw_uint(&sub, 2, (uint64_t)(int64_t)x);
	pbw_bytes(&sub, 3, str ? json_string_value(v) : "", str ? json_string_length(v) : 0);
	pbw_sub(b, num, &sub);
	return 0;
}

static int kp_enc_rawjson(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
			  struct pbw *b)
{
	struct pbw sub = {0};
	char *s;

	if (v) {
		s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		if (!s)
			return kp_fail(c, "json: %s: cannot serialize", f->json);
		pbw_bytes(&sub, 1, s, strlen(s));
		free(s);
	}
	pbw_sub(b, num, &sub);
	return 0;
}

static int kp_enc_strlist(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
			  struct pbw *b)
{
	struct pbw sub = {0};
	size_t i;
	json_t *e;

	if (v && !json_is_array(v))
		return kp_fail(c, "json: %s: expected an array", f->json);
	json_array_foreach(v, i, e)
	{
		if (!json_is_string(e) && !json_is_null(e)) {
			free(sub.p);
			return kp_fail(c, "json: %s: expected strings", f->json);
		}
		pbw_bytes(&sub, 1, json_is_string(e) ? json_string_value(e) : "",
			     json_string_length(e));
	}
	pbw_sub(b, num, &sub);
	return 0;
}

static int kp_enc_nested(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
			 struct pbw *b)
{
	struct pbw sub = {0};

	if (kp_enc_msg(c, f->msg, v, &sub)) {
		free(sub.p);
		return -1;
	}
	pbw_sub(b, num, &sub);
	return 0;
}

/* One value as field num; v NULL (absent or null) writes the Go zero value. */
static int kp_enc_value(struct kp_ctx *c, const struct kp_field *f, uint32_t num, const json_t *v,
			bool in_map, struct pbw *b)
{
	if (json_is_null(v))
		v = NULL;
	switch (f->kind) {
	case KP_STR:
		if (v && !json_is_string(v))
			return kp_fail(c, "json: %s: expected a string", f->json);
		pbw_bytes(b, num, v ? json_string_value(v) : "", v ? json_string_length(v) : 0);
		return 0;
	case KP_I32:
	case KP_I64:
	case KP_BOOL:
		return kp_enc_int(c, f, num, v, b);
	case KP_BYTES:
		return kp_enc_bytes(c, f, num, v, in_map, b);
	case KP_TIME:
	case KP_MTIME:
		return kp_enc_time(c, f, num, v, b);
	case KP_QTY:
		return kp_enc_qty(c, f, num, v, b);
	case KP_IOS:
		return kp_enc_ios(c, f, num, v, b);
	case KP_RAW:
	case KP_FV1:
		return kp_enc_rawjson(c, f, num, v, b);
	case KP_STRLIST:
		return kp_enc_strlist(c, f, num, v, b);
	case KP_MSG:
		return kp_enc_nested(c, f, num, v, b);
	}
	return kp_fail(c, "json: bad table kind");
}

static int kp_key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Map entries go out sorted by key, as upstream's marshallers write them. */
static int kp_enc_map(struct kp_ctx *c, const struct kp_field *f, const json_t *v, struct pbw *b)
{
	size_t n = json_object_size(v), i = 0;
	const char **keys;
	const char *k;
	json_t *e;
	int rc = 0;

	if (!json_is_object(v))
		return kp_fail(c, "json: %s: expected an object", f->json);
	keys = malloc((n ? n : 1) * sizeof(*keys));
	if (!keys)
		return kp_fail(c, "json: out of memory");
	json_object_foreach((json_t *)v, k, e) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), kp_key_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		struct pbw sub = {0};

		pbw_bytes(&sub, 1, keys[i], strlen(keys[i]));
		rc = kp_enc_value(c, f, 2, json_object_get(v, keys[i]), true, &sub);
		if (rc == 0)
			pbw_sub(b, f->num, &sub);
		free(sub.p);
	}
	free(keys);
	return rc;
}

static int kp_enc_field(struct kp_ctx *c, const struct kp_field *f, const json_t *obj,
			struct pbw *b)
{
	const json_t *v = obj ? json_object_get(obj, f->json) : NULL;
	size_t i;
	json_t *e;

	if (f->flags & KP_INLINE)
		return kp_enc_nested(c, f, f->num, obj, b);
	if (json_is_null(v))
		v = NULL;
	if (f->flags & KP_MAP)
		return v ? kp_enc_map(c, f, v, b) : 0;
	if (f->flags & KP_LIST) {
		if (v && !json_is_array(v))
			return kp_fail(c, "json: %s: expected an array", f->json);
		json_array_foreach(v, i, e)
		{
			if (kp_enc_value(c, f, f->num, e, false, b))
				return -1;
		}
		return 0;
	}
	if (!v && (f->flags & KP_PTR))
		return 0;
	return kp_enc_value(c, f, f->num, v, false, b);
}

static int kp_enc_msg(struct kp_ctx *c, const struct kp_msg *m, const json_t *obj, struct pbw *b)
{
	unsigned char order[KP_MAX_FIELDS];
	int rc = -1;

	if (++c->depth > KP_MAX_DEPTH || m->nfields > KP_MAX_FIELDS) {
		kp_fail(c, "json: %s nested too deeply", m->name);
		goto out;
	}
	if (json_is_null(obj))
		obj = NULL;
	if (obj && !json_is_object(obj)) {
		kp_fail(c, "json: %s: expected an object", m->name);
		goto out;
	}
	/* Fields go out in field-number order; the table is in JSON order. */
	for (size_t i = 0; i < m->nfields; i++) {
		size_t j = i;

		for (; j > 0 && m->fields[order[j - 1]].num > m->fields[i].num; j--)
			order[j] = order[j - 1];
		order[j] = (unsigned char)i;
	}
	rc = 0;
	for (size_t i = 0; i < m->nfields && rc == 0; i++)
		rc = kp_enc_field(c, &m->fields[order[i]], obj, b);
out:
	c->depth--;
	return rc;
}

int kp_encode(const json_t *obj, unsigned char **out, size_t *len, char **err)
{
	struct kp_ctx c = {0};
	struct pbw body = {0}, tm = {0}, env = {0};
	const char *av = json_string_value(json_object_get(obj, "apiVersion"));
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	const struct kp_type *t = kp_find(av, kind);
	int rc = -1;

	if (err)
		*err = NULL;
	if (!t) {
		kp_fail(&c, "protobuf: no type known for %s, Kind=%s", av ? av : "",
			kind ? kind : "");
		goto out;
	}
	if (kp_enc_msg(&c, t->msg, obj, &body))
		goto out;
	pbw_raw(&env, KP_MAGIC, KP_MAGIC_LEN);
	pbw_bytes(&tm, 1, av, strlen(av));
	pbw_bytes(&tm, 2, kind, strlen(kind));
	pbw_sub(&env, 1, &tm);
	pbw_sub(&env, 2, &body);
	pbw_bytes(&env, 3, "", 0); /* contentEncoding */
	pbw_bytes(&env, 4, "", 0); /* contentType */
	if (env.oom) {
		kp_fail(&c, "protobuf: out of memory");
		goto out;
	}
	*out = env.p;
	*len = env.len;
	env.p = NULL;
	rc = 0;
out:
	free(body.p);
	free(tm.p);
	free(env.p);
	if (rc)
		kp_set_err(err, &c);
	return rc;
}
