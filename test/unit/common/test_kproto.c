#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonx.h"
#include "kproto.h"

/* Bodies captured from kubectl 1.33 against a recording server, next to `--dry-run=client -o
 * json` output of the same command (.json), or reviewed decoder output (.decoded.json) for
 * commands with no dry-run. */
#define FIXTURES "test/unit/common/fixtures/kproto/"

static const char *const dry_run_fixtures[] = {
    "namespace",     "configmap",	  "secret",	    "secret_dockercfg",
    "deployment",    "deployment0",	  "service",	    "service_clusterip",
    "job",	     "cronjob",		  "quota",	    "quota2",
    "role",	     "rolebinding",	  "clusterrole",    "clusterrolebinding",
    "priorityclass", "priorityclass_neg", "serviceaccount", "pdb",
    "pdb_pct",	     "ingress",
};

static const char *const decoded_fixtures[] = {"token", "cani", "canilist", "approve"};

/* ---- helpers ---- */

struct pb {
	unsigned char b[4096];
	size_t n;
};

static void pb_raw(struct pb *p, const void *d, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static void pb_varint(struct pb *p, uint64_t v)
{
	do {
		unsigned char c = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);

		pb_raw(p, &c, 1);
		v >>= 7;
	} while (v);
}

static void pb_uint(struct pb *p, unsigned num, uint64_t v)
{
	pb_varint(p, (uint64_t)num << 3);
	pb_varint(p, v);
}

static void pb_bytes(struct pb *p, unsigned num, const void *d, size_t n)
{
	pb_varint(p, (uint64_t)num << 3 | 2);
	pb_varint(p, n);
	pb_raw(p, d, n);
}

static void pb_str(struct pb *p, unsigned num, const char *s)
{
	pb_bytes(p, num, s, strlen(s));
}

static void pb_sub(struct pb *p, unsigned num, const struct pb *sub)
{
	pb_bytes(p, num, sub->b, sub->n);
}

/* magic + Unknown{typeMeta, raw, contentEncoding, contentType} */
static struct pb *envelope(const char *av, const char *kind, const struct pb *raw)
{
	static struct pb out;
	struct pb tm = {0};

	memset(&out, 0, sizeof(out));
	pb_raw(&out, KP_MAGIC, KP_MAGIC_LEN);
	pb_str(&tm, 1, av);
	pb_str(&tm, 2, kind);
	pb_sub(&out, 1, &tm);
	pb_sub(&out, 2, raw);
	pb_str(&out, 3, "");
	pb_str(&out, 4, "");
	return &out;
}

static json_t *decode_ok(const struct pb *p)
{
	char *err = NULL;
	json_t *j = kp_decode(p->b, p->n, &err);

	if (!j)
		fail_msg("decode: %s", err);
	return j;
}

static void decode_fails(const void *buf, size_t n, const char *what)
{
	char *err = NULL;
	json_t *j = kp_decode(buf, n, &err);

	if (j)
		fail_msg("%s: decoded, expected an error", what);
	if (!err || !*err || strchr(err, '\n'))
		fail_msg("%s: want a one-line error", what);
	free(err);
}

static void assert_json(const json_t *got, const char *want_text)
{
	char *err = NULL;
	json_t *want = jx_parse(want_text, strlen(want_text), &err);

	if (!want)
		fail_msg("bad expected JSON: %s", err);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_SORT_KEYS);

		fail_msg("got %s\nwant %s", g, want_text);
	}
	json_decref(want);
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;

	if (!f)
		fail_msg("cannot open %s", path);
	b = malloc(1 << 16);
	*n = fread(b, 1, 1 << 16, f);
	fclose(f);
	return b;
}

static unsigned char *encode_ok(const json_t *obj, size_t *n)
{
	unsigned char *out = NULL;
	char *err = NULL;

	if (kp_encode(obj, &out, n, &err))
		fail_msg("encode: %s", err);
	return out;
}

/* Decodes a capture, compares with the JSON file, and re-encodes it byte for byte. */
static void check_capture(const char *name, const char *suffix)
{
	char path[256];
	size_t n, en;
	unsigned char *buf, *enc;
	json_t *got, *want;
	json_error_t jerr;
	char *err = NULL, *ga, *wa;

	snprintf(path, sizeof(path), FIXTURES "%s.pb", name);
	buf = slurp(path, &n);
	got = kp_decode(buf, n, &err);
	if (!got)
		fail_msg("%s: %s", name, err);
	snprintf(path, sizeof(path), FIXTURES "%s%s", name, suffix);
	want = json_load_file(path, 0, &jerr);
	assert_non_null(want);
	if (!json_equal(got, want))
		fail_msg("%s: got %s", name, json_dumps(got, JSON_SORT_KEYS));
	/* Keys also come out in upstream's (Go struct) order. */
	ga = json_dumps(got, JSON_COMPACT);
	wa = json_dumps(want, JSON_COMPACT);
	assert_string_equal(ga, wa);
	free(ga);
	free(wa);
	enc = encode_ok(got, &en);
	if (en != n || memcmp(enc, buf, n) != 0)
		fail_msg("%s: re-encoding differs (%zu vs %zu bytes)", name, en, n);
	free(enc);
	free(buf);
	json_decref(got);
	json_decref(want);
}

/* ---- captures ---- */

static void test_captures_match_dry_run(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(dry_run_fixtures) / sizeof(*dry_run_fixtures); i++)
		check_capture(dry_run_fixtures[i], ".json");
}

static void test_captures_without_dry_run(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(decoded_fixtures) / sizeof(*decoded_fixtures); i++)
		check_capture(decoded_fixtures[i], ".decoded.json");
}

/* kubectl drain posts its Eviction as JSON: encode it and read it back. */
static void test_eviction_roundtrip(void **state)
{
	json_error_t jerr;
	json_t *ev = json_load_file(FIXTURES "eviction_drain.json", 0, &jerr);
	unsigned char *buf;
	size_t n;
	char *err = NULL;
	json_t *back;

	(void)state;
	assert_non_null(ev);
	buf = encode_ok(ev, &n);
	back = kp_decode(buf, n, &err);
	assert_non_null(back);
	assert_true(json_equal(ev, back));
	free(buf);
	json_decref(ev);
	json_decref(back);
}

/* ---- hand-built bodies ---- */

static void test_negative_int32(void **state)
{
	static const unsigned char ten[] = {0x10, 0xfb, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0x01};
	struct pb raw = {0}, meta = {0};
	json_t *j, *obj;
	unsigned char *enc;
	size_t n;

	(void)state;
	pb_sub(&raw, 1, &meta);
	pb_uint(&raw, 2, (uint64_t)(int64_t)-5);
	j = decode_ok(envelope("scheduling.k8s.io/v1", "PriorityClass", &raw));
	assert_json(j, "{\"kind\":\"PriorityClass\",\"apiVersion\":\"scheduling.k8s.io/v1\","
		       "\"metadata\":{\"creationTimestamp\":null},\"value\":-5}");
	json_decref(j);

	/* A 5-byte (32-bit) form of the same number reads the same. */
	raw.n = 0;
	pb_uint(&raw, 2, 0xfffffffbu);
	j = decode_ok(envelope("scheduling.k8s.io/v1", "PriorityClass", &raw));
	assert_int_equal(json_integer_value(json_object_get(j, "value")), -5);
	json_decref(j);

	obj = json_pack("{s:s, s:s, s:i}", "apiVersion", "scheduling.k8s.io/v1", "kind",
			"PriorityClass", "value", -5);
	enc = encode_ok(obj, &n);
	assert_non_null(memmem(enc, n, ten, sizeof(ten)));
	free(enc);
	json_decref(obj);
}

static void test_optional_zero(void **state)
{
	struct pb spec = {0}, raw = {0};
	json_t *j;

	(void)state;
	pb_uint(&spec, 1, 0); /* replicas: 0, present */
	pb_sub(&raw, 2, &spec);
	j = decode_ok(envelope("apps/v1", "Deployment", &raw));
	assert_non_null(jx_get(j, "spec.replicas"));
	assert_int_equal(json_integer_value(jx_get(j, "spec.replicas")), 0);
	/* Non-pointer structs print even when absent; nil pointers without omitempty print null. */
	assert_json(jx_get(j, "spec.template"),
		    "{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":null}}");
	assert_true(json_is_null(jx_get(j, "spec.selector")));
	assert_json(jx_get(j, "spec.strategy"), "{}");
	assert_json(jx_get(j, "status"), "{}");
	json_decref(j);

	raw.n = 0;
	j = decode_ok(envelope("apps/v1", "Deployment", &raw));
	assert_null(jx_get(j, "spec.replicas"));
	json_decref(j);

	/* A present empty string in an omitempty field stays out; in a plain one it shows. */
	raw.n = spec.n = 0;
	pb_str(&spec, 1, "");
	pb_uint(&spec, 7, 0);
	pb_sub(&raw, 1, &spec);
	j = decode_ok(envelope("v1", "ServiceAccount", &raw));
	assert_json(jx_get(j, "metadata"), "{\"creationTimestamp\":null}");
	json_decref(j);
}

static void test_maps(void **state)
{
	struct pb raw = {0}, e = {0};
	static const unsigned char bin[] = {0x00, 0xff};
	json_t *j, *obj;
	unsigned char *enc;
	size_t n;

	(void)state;
	pb_str(&e, 1, "a");
	pb_str(&e, 2, "b");
	pb_sub(&raw, 2, &e);
	e.n = 0;
	pb_str(&e, 1, "novalue");
	pb_sub(&raw, 2, &e);
	e.n = 0;
	pb_str(&e, 1, "a");
	pb_str(&e, 2, "last");
	pb_sub(&raw, 2, &e);
	e.n = 0;
	pb_str(&e, 1, "bin");
	pb_bytes(&e, 2, bin, sizeof(bin));
	pb_sub(&raw, 3, &e);
	j = decode_ok(envelope("v1", "ConfigMap", &raw));
	assert_json(
	    j, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\","
	       "\"metadata\":{\"creationTimestamp\":null},"
	       "\"data\":{\"a\":\"last\",\"novalue\":\"\"},\"binaryData\":{\"bin\":\"AP8=\"}}");
	json_decref(j);

	/* Map entries go out sorted by key, value always written. */
	obj = json_pack("{s:s, s:s, s:{s:s, s:s}}", "apiVersion", "v1", "kind", "ConfigMap", "data",
			"z", "1", "a", "");
	enc = encode_ok(obj, &n);
	{
		static const unsigned char want[] = {
		    0x0a, 0x10, 0x0a, 0x00, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a,
		    0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00, 0x12, 0x05, 0x0a, 0x01,
		    'a',  0x12, 0x00, 0x12, 0x06, 0x0a, 0x01, 'z',  0x12, 0x01, '1'};
		assert_non_null(memmem(enc, n, want, sizeof(want)));
	}
	free(enc);
	json_decref(obj);

	/* Quantity maps come out canonical. */
	raw.n = e.n = 0;
	{
		struct pb q = {0}, spec = {0};

		pb_str(&q, 1, "1000m");
		pb_str(&e, 1, "cpu");
		pb_sub(&e, 2, &q);
		pb_sub(&spec, 1, &e);
		pb_sub(&raw, 2, &spec);
	}
	j = decode_ok(envelope("v1", "ResourceQuota", &raw));
	assert_json(jx_get(j, "spec"), "{\"hard\":{\"cpu\":\"1\"}}");
	json_decref(j);
}

static void test_nested_lists(void **state)
{
	struct pb raw = {0}, rule = {0};
	json_t *j;

	(void)state;
	pb_str(&rule, 1, "get");
	pb_str(&rule, 1, "list");
	pb_str(&rule, 2, "");
	pb_str(&rule, 3, "pods");
	pb_sub(&raw, 2, &rule);
	rule.n = 0;
	pb_str(&rule, 1, "*");
	pb_str(&rule, 5, "/healthz");
	pb_sub(&raw, 2, &rule);
	j = decode_ok(envelope("rbac.authorization.k8s.io/v1", "ClusterRole", &raw));
	assert_json(jx_get(j, "rules"),
		    "[{\"verbs\":[\"get\",\"list\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\"]},"
		    "{\"verbs\":[\"*\"],\"nonResourceURLs\":[\"/healthz\"]}]");
	json_decref(j);

	/* No rules at all: a nil slice without omitempty prints null. */
	raw.n = 0;
	j = decode_ok(envelope("rbac.authorization.k8s.io/v1", "Role", &raw));
	assert_true(json_is_null(json_object_get(j, "rules")));
	json_decref(j);
}

static void test_packed_and_unpacked(void **state)
{
	struct pb raw = {0}, spec = {0}, sc = {0}, packed = {0};
	json_t *j;

	(void)state;
	pb_varint(&packed, 1);
	pb_varint(&packed, 300);
	pb_bytes(&sc, 4, packed.b, packed.n);
	pb_uint(&sc, 4, (uint64_t)(int64_t)-2);
	pb_sub(&spec, 14, &sc);
	pb_sub(&raw, 2, &spec);
	j = decode_ok(envelope("v1", "Pod", &raw));
	assert_json(jx_get(j, "spec.securityContext"), "{\"supplementalGroups\":[1,300,-2]}");
	json_decref(j);
}

static void test_special_types(void **state)
{
	struct pb raw = {0}, spec = {0}, port = {0}, ios = {0}, ts = {0}, meta = {0}, mf = {0};
	struct pb fv = {0};
	json_t *j;
	unsigned char *enc;
	size_t n;
	char *err = NULL;
	json_t *back;

	(void)state;
	pb_uint(&ios, 1, 1);
	pb_str(&ios, 3, "http");
	pb_uint(&port, 3, 80);
	pb_sub(&port, 4, &ios);
	pb_sub(&spec, 1, &port);
	pb_sub(&raw, 2, &spec);
	j = decode_ok(envelope("v1", "Service", &raw));
	assert_json(jx_get(j, "spec.ports"), "[{\"port\":80,\"targetPort\":\"http\"}]");
	json_decref(j);

	/* MicroTime keeps microseconds, Time whole seconds; FieldsV1 is embedded JSON. */
	raw.n = spec.n = 0;
	pb_uint(&ts, 1, 1704164645);
	pb_uint(&ts, 2, 123456789);
	pb_str(&spec, 1, "holder");
	pb_sub(&spec, 3, &ts);
	pb_str(&mf, 1, "kubectl");
	pb_sub(&mf, 4, &ts);
	pb_str(&fv, 1, "{\"f:spec\":{}}");
	pb_sub(&mf, 7, &fv);
	pb_sub(&meta, 17, &mf);
	pb_sub(&raw, 1, &meta);
	pb_sub(&raw, 2, &spec);
	j = decode_ok(envelope("coordination.k8s.io/v1", "Lease", &raw));
	assert_json(j,
		    "{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\","
		    "\"metadata\":{\"creationTimestamp\":null,\"managedFields\":[{\"manager\":"
		    "\"kubectl\",\"time\":\"2024-01-02T03:04:05Z\",\"fieldsV1\":{\"f:spec\":{}}}]},"
		    "\"spec\":{\"holderIdentity\":\"holder\","
		    "\"acquireTime\":\"2024-01-02T03:04:05.123456Z\"}}");
	enc = encode_ok(j, &n);
	back = kp_decode(enc, n, &err);
	assert_non_null(back);
	assert_true(json_equal(j, back));
	free(enc);
	json_decref(back);
	json_decref(j);
}

static void test_utf8_and_unknown_fields(void **state)
{
	struct pb raw = {0}, e = {0};
	json_t *j;

	(void)state;
	pb_str(&e, 1, "k");
	pb_str(&e, 2,
	       "a\xff"
	       "b");
	pb_sub(&raw, 2, &e);
	pb_uint(&raw, 99, 7);			     /* unknown varint field */
	pb_str(&raw, 100, "ignored");		     /* unknown bytes field */
	pb_raw(&raw, "\xad\x06\x01\x02\x03\x04", 6); /* unknown fixed32 (field 101) */
	j = decode_ok(envelope("v1", "ConfigMap", &raw));
	assert_json(jx_get(j, "data"), "{\"k\":\"a\xef\xbf\xbd"
				       "b\"}");
	json_decref(j);
}

static void test_malformed(void **state)
{
	struct pb raw = {0}, x = {0};
	struct pb *env;
	unsigned char big[16];

	(void)state;
	decode_fails("", 0, "empty");
	decode_fails("k8s", 3, "short magic");
	decode_fails("k9s\0\x0a\x00", 6, "bad magic");
	decode_fails("k8s\0\x0a\x05\x0a", 7, "truncated envelope");
	env = envelope("v1", "NoSuchKind", &raw);
	decode_fails(env->b, env->n, "unknown kind");
	env = envelope("apps/v2", "Deployment", &raw);
	decode_fails(env->b, env->n, "unknown version");

	/* An 11-byte varint. */
	memset(big, 0xff, 11);
	big[11] = 0x01;
	raw.n = 0;
	pb_varint(&raw, 2 << 3);
	pb_raw(&raw, big, 12);
	env = envelope("scheduling.k8s.io/v1", "PriorityClass", &raw);
	decode_fails(env->b, env->n, "long varint");

	/* A length running past the end. */
	raw.n = 0;
	pb_raw(&raw, "\x0a\x7f\x0a\x00", 4);
	env = envelope("v1", "Namespace", &raw);
	decode_fails(env->b, env->n, "overlong length");

	/* Wrong wire type for a known field (metadata as a varint). */
	raw.n = 0;
	pb_uint(&raw, 1, 5);
	env = envelope("v1", "Namespace", &raw);
	decode_fails(env->b, env->n, "wrong wire type");

	/* A bad quantity, a bad IntOrString type, a start-group tag, field number 0. */
	raw.n = x.n = 0;
	{
		struct pb q = {0}, e = {0}, spec = {0};

		pb_str(&q, 1, "1.2.3");
		pb_str(&e, 1, "cpu");
		pb_sub(&e, 2, &q);
		pb_sub(&spec, 1, &e);
		pb_sub(&raw, 2, &spec);
	}
	env = envelope("v1", "ResourceQuota", &raw);
	decode_fails(env->b, env->n, "bad quantity");
	raw.n = 0;
	{
		struct pb ios = {0}, port = {0}, spec = {0};

		pb_uint(&ios, 1, 7);
		pb_sub(&port, 4, &ios);
		pb_sub(&spec, 1, &port);
		pb_sub(&raw, 2, &spec);
	}
	env = envelope("v1", "Service", &raw);
	decode_fails(env->b, env->n, "bad IntOrString");
	raw.n = 0;
	pb_raw(&raw, "\x0b\x0c", 2);
	env = envelope("v1", "Namespace", &raw);
	decode_fails(env->b, env->n, "group");
	raw.n = 0;
	pb_raw(&raw, "\x00\x00", 2);
	env = envelope("v1", "Namespace", &raw);
	decode_fails(env->b, env->n, "field 0");

	/* Bad embedded JSON, a compressed envelope. */
	raw.n = 0;
	{
		struct pb meta = {0}, mf = {0}, fv = {0};

		pb_str(&fv, 1, "{not json");
		pb_sub(&mf, 7, &fv);
		pb_sub(&meta, 17, &mf);
		pb_sub(&raw, 1, &meta);
	}
	env = envelope("v1", "Namespace", &raw);
	decode_fails(env->b, env->n, "bad fieldsV1");
	raw.n = 0;
	env = envelope("v1", "Namespace", &raw);
	env->n -= 4;
	pb_str(env, 3, "gzip");
	pb_str(env, 4, "");
	decode_fails(env->b, env->n, "content encoding");
}

/* Truncations and random corruption of every capture: an error or an object, never a crash;
 * whatever decodes must encode again. */
static void test_hostile_mutations(void **state)
{
	uint32_t seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(dry_run_fixtures) / sizeof(*dry_run_fixtures); i++) {
		char path[256];
		size_t n;
		unsigned char *orig, *buf;

		snprintf(path, sizeof(path), FIXTURES "%s.pb", dry_run_fixtures[i]);
		orig = slurp(path, &n);
		buf = malloc(n);
		for (size_t cut = 0; cut < n; cut++) {
			char *err = NULL;
			json_t *j = kp_decode(orig, cut, &err);

			json_decref(j);
			free(err);
		}
		for (int round = 0; round < 300; round++) {
			char *err = NULL;
			json_t *j;

			memcpy(buf, orig, n);
			for (int k = 0; k < 1 + round % 4; k++) {
				seed = seed * 1103515245 + 12345;
				buf[KP_MAGIC_LEN + (seed >> 8) % (n - KP_MAGIC_LEN)] = seed >> 24;
			}
			j = kp_decode(buf, n, &err);
			if (j) {
				unsigned char *enc = NULL;
				size_t en;

				if (kp_encode(j, &enc, &en, &err))
					fail_msg("%s: decoded but cannot encode: %s",
						 dry_run_fixtures[i], err);
				free(enc);
			}
			json_decref(j);
			free(err);
		}
		free(buf);
		free(orig);
	}
}

static void encode_fails(const char *json_text, const char *what)
{
	char *err = NULL;
	json_t *obj = jx_parse(json_text, strlen(json_text), &err);
	unsigned char *out = NULL;
	size_t n;

	assert_non_null(obj);
	if (kp_encode(obj, &out, &n, &err) == 0)
		fail_msg("%s: encoded, expected an error", what);
	assert_non_null(err);
	free(err);
	json_decref(obj);
}

static void test_encode_errors(void **state)
{
	(void)state;
	encode_fails("{\"apiVersion\":\"v1\",\"kind\":\"Nope\"}", "unknown kind");
	encode_fails("{\"kind\":\"Namespace\"}", "no apiVersion");
	encode_fails("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicas\":"
		     "\"2\"}}",
		     "string for int");
	encode_fails("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicas\":"
		     "4294967296}}",
		     "int32 overflow");
	encode_fails("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"data\":{\"a\":\"!!\"}}",
		     "bad base64");
	encode_fails("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":"
		     "{\"creationTimestamp\":\"yesterday\"}}",
		     "bad time");
	encode_fails("{\"apiVersion\":\"v1\",\"kind\":\"ResourceQuota\",\"spec\":{\"hard\":"
		     "{\"cpu\":\"lots\"}}}",
		     "bad quantity");
	encode_fails("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":[]}",
		     "array for object");
}

static void test_encode_values(void **state)
{
	static const char *const objs[] = {
	    "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"s\","
	    "\"creationTimestamp\":\"2024-01-02T03:04:05Z\",\"labels\":{\"b\":\"2\",\"a\":\"1\"},"
	    "\"deletionGracePeriodSeconds\":0},\"data\":{\"k\":\"aGk=\"},\"type\":\"Opaque\"}",
	    "{\"kind\":\"PodDisruptionBudget\",\"apiVersion\":\"policy/v1\",\"metadata\":"
	    "{\"creationTimestamp\":null},\"spec\":{\"maxUnavailable\":\"50%\",\"selector\":"
	    "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[\"x\"]}]}},"
	    "\"status\":{\"disruptionsAllowed\":0,\"currentHealthy\":0,\"desiredHealthy\":0,"
	    "\"expectedPods\":0}}",
	    "{\"kind\":\"Event\",\"apiVersion\":\"events.k8s.io/v1\",\"metadata\":"
	    "{\"creationTimestamp\":null},\"eventTime\":\"2024-01-02T03:04:05.000001Z\","
	    "\"reportingController\":\"c\",\"reportingInstance\":\"i\",\"action\":\"a\","
	    "\"reason\":\"r\",\"regarding\":{\"kind\":\"Pod\",\"name\":\"p\"},\"note\":\"n\","
	    "\"type\":\"Normal\",\"deprecatedSource\":{},\"deprecatedFirstTimestamp\":null,"
	    "\"deprecatedLastTimestamp\":null}",
	    "{\"kind\":\"TokenReview\",\"apiVersion\":\"authentication.k8s.io/v1\",\"metadata\":"
	    "{\"creationTimestamp\":null},\"spec\":{\"token\":\"t\"},\"status\":{\"user\":"
	    "{\"username\":\"u\",\"extra\":{\"x\":[\"1\",\"2\"]}}}}",
	    "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":"
	    "{\"creationTimestamp\":null},\"spec\":{\"replicas\":3},\"status\":{\"replicas\":0}}",
	    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
	    "\"message\":\"m\",\"reason\":\"NotFound\",\"details\":{\"name\":\"x\",\"kind\":"
	    "\"pods\"},\"code\":404}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(objs) / sizeof(*objs); i++) {
		char *err = NULL;
		json_t *obj = jx_parse(objs[i], strlen(objs[i]), &err), *back;
		unsigned char *enc;
		size_t n;

		assert_non_null(obj);
		enc = encode_ok(obj, &n);
		back = kp_decode(enc, n, &err);
		if (!back)
			fail_msg("%zu: %s", i, err);
		if (!json_equal(obj, back))
			fail_msg("%zu: got %s", i, json_dumps(back, JSON_SORT_KEYS));
		free(enc);
		json_decref(obj);
		json_decref(back);
	}
}

static void test_known(void **state)
{
	(void)state;
	assert_true(kp_known("apps/v1", "Deployment"));
	assert_true(kp_known("v1", "Pod"));
	assert_true(kp_known("policy/v1", "Eviction"));
	assert_true(kp_known("authorization.k8s.io/v1", "SelfSubjectAccessReview"));
	assert_true(kp_known("events.k8s.io/v1", "Event"));
	assert_true(kp_known("v1", "DeleteOptions"));
	assert_true(kp_known("meta.k8s.io/v1", "DeleteOptions"));
	assert_true(kp_known("v1", "Status"));
	assert_false(kp_known("apps/v1", "Pod"));
	assert_false(kp_known("v1", "Nope"));
	assert_false(kp_known(NULL, "Pod"));
	assert_false(kp_known("v1", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_captures_match_dry_run),
	    cmocka_unit_test(test_captures_without_dry_run),
	    cmocka_unit_test(test_eviction_roundtrip),
	    cmocka_unit_test(test_negative_int32),
	    cmocka_unit_test(test_optional_zero),
	    cmocka_unit_test(test_maps),
	    cmocka_unit_test(test_nested_lists),
	    cmocka_unit_test(test_packed_and_unpacked),
	    cmocka_unit_test(test_special_types),
	    cmocka_unit_test(test_utf8_and_unknown_fields),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_hostile_mutations),
	    cmocka_unit_test(test_encode_errors),
	    cmocka_unit_test(test_encode_values),
	    cmocka_unit_test(test_known),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
