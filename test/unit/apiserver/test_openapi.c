/* OpenAPI documents: the schema description parses, every kind has a schema, the v3 and v2
 * documents advertise fieldValidation on PATCH, and the protobuf form decodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/kind.h"
#include "../../../apiserver/openapi.h"
#include "../../../apiserver/schema.h"

#define POD_ITEM "/api/v1/namespaces/{namespace}/pods/{name}"

static void test_schema_parses(void **state)
{
	(void)state;
	assert_null(schema_error());
	assert_non_null(schema_all(SCHEMA_V2));
	assert_non_null(schema_all(SCHEMA_V3));
}

static void test_every_kind_has_schema(void **state)
{
	(void)state;
	json_t *all = schema_all(SCHEMA_V3);
	for (int i = 0; i < nkinds; i++) {
		const char *n = schema_kind_name(kinds[i].group, kinds[i].version, kinds[i].kind);
		assert_non_null(n);
		json_t *gvk = json_array_get(
		    json_object_get(json_object_get(all, n), "x-kubernetes-group-version-kind"), 0);
		assert_string_equal(json_string_value(json_object_get(gvk, "kind")), kinds[i].kind);
		assert_string_equal(json_string_value(json_object_get(gvk, "group")),
				    kinds[i].group);
	}
	assert_string_equal(schema_kind_name("", "v1", "Pod"), "io.k8s.api.core.v1.Pod");
	assert_true(schema_kind_detailed("apps", "v1", "Deployment"));
	assert_null(schema_kind_name("", "v1", "Nope"));
}

/* Every reference in s names a schema of schemas. */
static void check_refs(json_t *s, json_t *schemas, const char *prefix)
{
	if (json_is_array(s)) {
		size_t i;
		json_t *e;
		json_array_foreach(s, i, e) check_refs(e, schemas, prefix);
		return;
	}
	if (!json_is_object(s))
		return;
	const char *k;
	json_t *v;
	json_object_foreach(s, k, v)
	{
		if (!strcmp(k, "$ref")) {
			const char *r = json_string_value(v);
			assert_int_equal(strncmp(r, prefix, strlen(prefix)), 0);
			if (!json_object_get(schemas, r + strlen(prefix)))
				fail_msg("dangling reference %s", r);
		} else {
			check_refs(v, schemas, prefix);
		}
	}
}

static void test_v3_index(void **state)
{
	(void)state;
	json_t *idx = oapi_v3_index();
	json_t *core = json_object_get(json_object_get(idx, "paths"), "api/v1");
	const char *url = json_string_value(json_object_get(core, "serverRelativeURL"));
	assert_non_null(url);
	assert_int_equal(strncmp(url, "/openapi/v3/api/v1?hash=", 24), 0);
	assert_string_equal(url + 24, oapi_v3_hash("api/v1"));
	assert_non_null(json_object_get(json_object_get(idx, "paths"), "apis/apps/v1"));
	json_decref(idx);
}

static void test_v3_doc(void **state)
{
	(void)state;
	json_t *doc = oapi_v3_doc("api/v1");
	assert_non_null(doc);
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	json_t *patch =
	    json_object_get(json_object_get(json_object_get(doc, "paths"), POD_ITEM), "patch");
	assert_non_null(patch);
	json_t *gvk = json_object_get(patch, "x-kubernetes-group-version-kind");
	assert_string_equal(json_string_value(json_object_get(gvk, "kind")), "Pod");
	bool found = false;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(patch, "parameters"), i, p) found |=
	    !strcmp(json_string_value(json_object_get(p, "name")), "fieldValidation") &&
	    !strcmp(json_string_value(json_object_get(p, "in")), "query");
	assert_true(found);
	json_t *content = json_object_get(json_object_get(patch, "requestBody"), "content");
	assert_non_null(json_object_get(content, "application/strategic-merge-patch+json"));

	json_t *pod = json_object_get(schemas, "io.k8s.api.core.v1.Pod");
	assert_non_null(json_object_get(pod, "x-kubernetes-group-version-kind"));
	json_t *spec = json_object_get(schemas, "io.k8s.api.core.v1.PodSpec");
	json_t *ctrs = json_object_get(json_object_get(spec, "properties"), "containers");
	assert_string_equal(
	    json_string_value(json_object_get(ctrs, "x-kubernetes-patch-merge-key")), "name");
	assert_string_equal(json_string_value(json_object_get(ctrs, "x-kubernetes-patch-strategy")),
			    "merge");
	assert_string_equal(json_string_value(json_array_get(json_object_get(spec, "required"), 0)),
			    "containers");
	/* A reference with a description beside it is wrapped in allOf, as upstream does. */
	json_t *meta = json_object_get(json_object_get(pod, "properties"), "metadata");
	assert_non_null(json_object_get(meta, "allOf"));
	check_refs(doc, schemas, "#/components/schemas/");
	/* A list answers with the list kind. */
	json_t *list = json_object_get(
	    json_object_get(json_object_get(doc, "paths"), "/api/v1/namespaces/{namespace}/pods"),
	    "get");
	json_t *ok = json_object_get(json_object_get(list, "responses"), "200");
	json_t *lschema = json_object_get(
	    json_object_get(json_object_get(ok, "content"), "application/json"), "schema");
	assert_string_equal(json_string_value(json_object_get(lschema, "$ref")),
			    "#/components/schemas/io.k8s.api.core.v1.PodList");
	json_decref(doc);

	doc = oapi_v3_doc("/apis/apps/v1");
	assert_non_null(doc);
	schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	assert_non_null(json_object_get(schemas, "io.k8s.api.autoscaling.v1.Scale"));
	check_refs(doc, schemas, "#/components/schemas/");
	json_decref(doc);
	assert_null(oapi_v3_doc("apis/nope/v1"));
	assert_null(oapi_v3_doc(NULL));
}

static void test_v2_json(void **state)
{
	(void)state;
	unsigned char *out;
	size_t len;
	const char *ct;
	assert_int_equal(oapi_v2(false, &out, &len, &ct), 0);
	assert_string_equal(ct, "application/json");
	json_t *doc = json_loadb((const char *)out, len, 0, NULL);
	free(out);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "swagger")), "2.0");
	json_t *defs = json_object_get(doc, "definitions");
	assert_non_null(json_object_get(defs, "io.k8s.api.apps.v1.Deployment"));
	check_refs(doc, defs, "#/definitions/");
	json_t *patch =
	    json_object_get(json_object_get(json_object_get(doc, "paths"), POD_ITEM), "patch");
	json_t *params = json_object_get(patch, "parameters");
	bool found = false, body = false;
	size_t i;
	json_t *p;
	json_array_foreach(params, i, p)
	{
		found |= !strcmp(json_string_value(json_object_get(p, "name")), "fieldValidation");
		body |= !strcmp(json_string_value(json_object_get(p, "in")), "body");
	}
	assert_true(found);
	assert_true(body);
	json_decref(doc);
	assert_non_null(oapi_v2_etag(false));
	assert_string_not_equal(oapi_v2_etag(false), oapi_v2_etag(true));
}

/* A minimal protobuf reader: the n-th length-delimited occurrence of field num. */
struct pbv {
	const unsigned char *p;
	size_t len;
};

static bool rd_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		unsigned char b = *(*p)++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

/* Walks the whole message, so it also proves the encoding is well formed. */
static int pb_get(struct pbv m, unsigned num, int n, struct pbv *out)
{
	const unsigned char *p = m.p, *end = m.p + m.len;
	int seen = 0;
	while (p < end) {
		uint64_t key, v;
		assert_true(rd_varint(&p, end, &key));
		switch (key & 7) {
		case 0:
			assert_true(rd_varint(&p, end, &v));
			break;
		case 1:
			assert_true(end - p >= 8);
			p += 8;
			break;
		case 2:
			assert_true(rd_varint(&p, end, &v));
			assert_true((uint64_t)(end - p) >= v);
			if ((key >> 3) == num && seen++ == n) {
				out->p = p;
				out->len = v;
				return 0;
			}
			p += v;
			break;
		default:
			fail_msg("unexpected wire type %d", (int)(key & 7));
		}
	}
	return -1;
}

static bool pb_str_is(struct pbv m, unsigned num, const char *s)
{
	struct pbv v;
	return !pb_get(m, num, 0, &v) && v.len == strlen(s) && !memcmp(v.p, s, v.len);
}

/* The value of the Named* entry called name in field num of m (a repeated Named*). */
static int pb_named(struct pbv m, unsigned num, const char *name, struct pbv *out)
{
	struct pbv e;
	for (int i = 0; !pb_get(m, num, i, &e); i++)
		if (pb_str_is(e, 1, name))
			return pb_get(e, 2, 0, out);
	return -1;
}

static void test_v2_protobuf(void **state)
{
	(void)state;
	unsigned char *out;
	size_t len;
	const char *ct;
	assert_int_equal(oapi_v2(true, &out, &len, &ct), 0);
	assert_string_equal(ct, OAPI_CT_V2_PROTOBUF);
	struct pbv doc = {out, len}, paths, item, patch, defs, pod, ext, any;
	assert_true(pb_str_is(doc, 1, "2.0"));
	/* Document.paths(8) -> Paths.path(2) -> NamedPathItem -> PathItem.patch(8) */
	assert_int_equal(pb_get(doc, 8, 0, &paths), 0);
	assert_int_equal(pb_named(paths, 2, POD_ITEM, &item), 0);
	assert_int_equal(pb_get(item, 8, 0, &patch), 0);
	/* Operation.vendor_extension(13) -> NamedAny -> Any.yaml(2) */
	assert_int_equal(pb_named(patch, 13, "x-kubernetes-group-version-kind", &ext), 0);
	assert_int_equal(pb_get(ext, 2, 0, &any), 0);
	assert_non_null(memmem(any.p, any.len, "\"Pod\"", 5));
	/* Operation.parameters(8) -> ParametersItem.parameter(1) -> Parameter.non_body(2)
	 * -> NonBodyParameter.query(3) -> name(4) */
	bool found = false;
	struct pbv pi, param, nb, q;
	for (int i = 0; !pb_get(patch, 8, i, &pi); i++)
		if (!pb_get(pi, 1, 0, &param) && !pb_get(param, 2, 0, &nb) && !pb_get(nb, 3, 0, &q))
			found |= pb_str_is(q, 4, "fieldValidation");
	assert_true(found);
	/* Document.definitions(9) -> NamedSchema -> Schema.properties(25) */
	assert_int_equal(pb_get(doc, 9, 0, &defs), 0);
	assert_int_equal(pb_named(defs, 1, "io.k8s.api.core.v1.Pod", &pod), 0);
	struct pbv props, spec;
	assert_int_equal(pb_get(pod, 25, 0, &props), 0);
	assert_int_equal(pb_named(props, 1, "spec", &spec), 0);
	assert_true(pb_str_is(spec, 1, "#/definitions/io.k8s.api.core.v1.PodSpec"));
	assert_int_equal(pb_named(pod, 31, "x-kubernetes-group-version-kind", &ext), 0);
	free(out);
}

static void test_accept(void **state)
{
	(void)state;
	assert_true(oapi_v2_wants_protobuf("application/com.github.proto-openapi.spec.v2@v1.0+"
					   "protobuf"));
	assert_false(oapi_v2_wants_protobuf("application/json"));
	assert_false(oapi_v2_wants_protobuf(NULL));
}

static int teardown(void **state)
{
	(void)state;
	oapi_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schema_parses), cmocka_unit_test(test_every_kind_has_schema),
	    cmocka_unit_test(test_v3_index),	  cmocka_unit_test(test_v3_doc),
	    cmocka_unit_test(test_v2_json),	  cmocka_unit_test(test_v2_protobuf),
	    cmocka_unit_test(test_accept),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
