/* schema: the description compiles, every served kind (and its list) is described field by
 * field, unknown fields and duplicate keys are found with upstream's path spelling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/kind.h"
#include "../../../apiserver/schema.h"

/* Types allowed to accept anything: embedded objects and patch bodies. */
static const char *const opaque_types[] = {
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
    NULL,
};

static bool is_opaque(const char *name)
{
	for (int i = 0; opaque_types[i]; i++)
		if (!strcmp(opaque_types[i], name))
			return true;
	return false;
}

static json_t *load(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (!j)
		fail_msg("bad test JSON: %s", err.text);
	return j;
}

/* The paths schema_unknown_fields finds, as one comma-separated string (static). */
static const char *unknown(const char *group, const char *version, const char *kind,
			   const char *text)
{
	static char buf[4096];
	json_t *obj = load(text), *paths = json_array();
	int n = schema_unknown_fields(group, version, kind, obj, paths);
	assert_int_equal(n, (int)json_array_size(paths));
	buf[0] = 0;
	size_t i;
	json_t *p;
	json_array_foreach(paths, i, p)
	{
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "%s%s", i ? "," : "", json_string_value(p));
	}
	json_decref(obj);
	json_decref(paths);
	return buf;
}

static const char *dups(const char *text)
{
	static char buf[4096];
	json_t *paths = json_array();
	int n = schema_duplicate_fields(text, strlen(text), paths);
	if (n < 0) {
		assert_int_equal(json_array_size(paths), 0);
		json_decref(paths);
		return NULL;
	}
	assert_int_equal(n, (int)json_array_size(paths));
	buf[0] = 0;
	size_t i;
	json_t *p;
	json_array_foreach(paths, i, p)
	{
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "%s%s", i ? "," : "", json_string_value(p));
	}
	json_decref(paths);
	return buf;
}

/* The first call may be any query: each must trigger the parse itself. */
static void test_first_use(void **state)
{
	(void)state;
	schema_cleanup();
	assert_true(schema_kind_detailed("", "v1", "Namespace"));
	schema_cleanup();
	assert_string_equal(schema_kind_name("", "v1", "Namespace"),
			    "io.k8s.api.core.v1.Namespace");
	schema_cleanup();
	json_t *paths = json_array();
	assert_int_equal(schema_unknown_fields("", "v1", "Namespace", paths, paths), -1);
	json_decref(paths);
	assert_null(schema_error());
}

static void test_every_kind_detailed(void **state)
{
	(void)state;
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		if (k->storage_group)
			continue; /* legacy versions served from another's storage */
		if (!schema_kind_detailed(k->group, k->version, k->kind))
			fail_msg("%s/%s %s has no detailed schema", k->group, k->version, k->kind);
	}
}

static void test_list_kinds(void **state)
{
	(void)state;
	json_t *all = schema_all(SCHEMA_V3);
	const char *n = schema_kind_name("", "v1", "PodList");
	assert_string_equal(n, "io.k8s.api.core.v1.PodList");
	json_t *list = json_object_get(all, n);
	json_t *items = json_object_get(json_object_get(list, "properties"), "items");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(items, "items"), "$ref")),
	    "#/components/schemas/io.k8s.api.core.v1.Pod");
	json_t *gvk = json_array_get(json_object_get(list, "x-kubernetes-group-version-kind"), 0);
	assert_string_equal(json_string_value(json_object_get(gvk, "kind")), "PodList");
	assert_non_null(schema_kind_name("rbac.authorization.k8s.io", "v1", "ClusterRoleList"));
}

/* Every reference of every type resolves, in both flavours. */
static void check_refs(json_t *s, json_t *all, const char *prefix)
{
	if (json_is_array(s)) {
		size_t i;
		json_t *e;
		json_array_foreach(s, i, e) check_refs(e, all, prefix);
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach(s, k, v)
	{
		if (strcmp(k, "$ref")) {
			if (json_is_object(v) || json_is_array(v))
				check_refs(v, all, prefix);
			continue;
		}
		const char *r = json_string_value(v);
		assert_int_equal(strncmp(r, prefix, strlen(prefix)), 0);
		if (!json_object_get(all, r + strlen(prefix)))
			fail_msg("dangling reference %s", r);
	}
}

static void test_refs_resolve(void **state)
{
	(void)state;
	check_refs(schema_all(SCHEMA_V3), schema_all(SCHEMA_V3), "#/components/schemas/");
	check_refs(schema_all(SCHEMA_V2), schema_all(SCHEMA_V2), "#/definitions/");
}

/* Within every detailed kind, only the opaque types accept arbitrary fields. */
static void test_no_open_fields(void **state)
{
	(void)state;
	json_t *all = schema_all(SCHEMA_V2);
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		if (!schema_kind_detailed(k->group, k->version, k->kind))
			continue;
		json_t *cl = json_object();
		schema_closure(all, schema_kind_name(k->group, k->version, k->kind), cl);
		const char *name, *f;
		json_t *t, *fs;
		json_object_foreach(cl, name, t)
		{
			if (is_opaque(name))
				continue;
			if (json_object_get(t, "x-kubernetes-preserve-unknown-fields"))
				fail_msg("%s is open", name);
			json_object_foreach(json_object_get(t, "properties"), f, fs)
			{
				json_t *in = json_object_get(fs, "items");
				json_t *ap = json_object_get(fs, "additionalProperties");
				if (json_object_get(fs, "x-kubernetes-preserve-unknown-fields") ||
				    json_object_get(in, "x-kubernetes-preserve-unknown-fields") ||
				    json_object_get(ap, "x-kubernetes-preserve-unknown-fields"))
					fail_msg("%s.%s is open", name, f);
			}
		}
		json_decref(cl);
	}
}

static void test_patch_keys(void **state)
{
	(void)state;
	json_t *all = schema_all(SCHEMA_V2);
	json_t *sa = json_object_get(all, "io.k8s.api.core.v1.ServiceAccount");
	json_t *secrets = json_object_get(json_object_get(sa, "properties"), "secrets");
	assert_string_equal(
	    json_string_value(json_object_get(secrets, "x-kubernetes-patch-merge-key")), "name");
	json_t *hpa =
	    json_object_get(all, "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus");
	json_t *conds = json_object_get(json_object_get(hpa, "properties"), "conditions");
	assert_string_equal(
	    json_string_value(json_object_get(conds, "x-kubernetes-patch-merge-key")), "type");
	json_t *pdb = json_object_get(all, "io.k8s.api.policy.v1.PodDisruptionBudgetSpec");
	json_t *sel = json_object_get(json_object_get(pdb, "properties"), "selector");
	assert_string_equal(json_string_value(json_object_get(sel, "x-kubernetes-patch-strategy")),
			    "replace");
}

static const char deployment[] =
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"bar\":1,"
    "\"metadata\":{\"name\":\"d\",\"labels\":{\"a.b/c\":\"x\"},\"annotations\":{\"k\":\"v\"},"
    "\"foo\":true,\"managedFields\":[{\"manager\":\"m\",\"fieldsV1\":{\"f:spec\":{}}}]},"
    "\"spec\":{\"replicas\":1,\"foo\":{\"deep\":1},\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxSurgeX\":1}},"
    "\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":["
    "{\"name\":\"a\",\"image\":\"x\",\"foo\":1},"
    "{\"name\":\"b\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"example.com/gpu\":2},\"foo\":{}},"
    "\"env\":[{\"name\":\"E\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"x\",\"bogus\":1}}}]}],"
    "\"nodeSelector\":{\"disk\":\"ssd\"}}}}}";

static void test_unknown_deployment(void **state)
{
	(void)state;
	assert_string_equal(unknown("apps", "v1", "Deployment", deployment),
			    "bar,metadata.foo,spec.foo,spec.strategy.rollingUpdate.maxSurgeX,"
			    "spec.template.spec.containers[0].foo,"
			    "spec.template.spec.containers[1].resources.foo,"
			    "spec.template.spec.containers[1].env[0].valueFrom.fieldRef.bogus");
}

static void test_unknown_clean(void **state)
{
	(void)state;
	assert_string_equal(
	    unknown(
		"", "v1", "ConfigMap",
		"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},"
		"\"data\":{\"any.key\":\"v\",\"other\":\"w\"},\"binaryData\":{\"b\":\"AA==\"}}"),
	    "");
	/* An embedded object of any kind is kept as written. */
	assert_string_equal(unknown("apps", "v1", "ControllerRevision",
				    "{\"revision\":1,\"data\":{\"spec\":{\"whatever\":[1]}}}"),
			    "");
	/* Maps of lists; odd-cased field names. */
	assert_string_equal(unknown("certificates.k8s.io", "v1", "CertificateSigningRequest",
				    "{\"spec\":{\"request\":\"AA==\",\"signerName\":\"s\","
				    "\"extra\":{\"k\":[\"a\"]},\"nope\":1}}"),
			    "spec.nope");
	assert_string_equal(unknown("", "v1", "Node",
				    "{\"status\":{\"daemonEndpoints\":{\"kubeletEndpoint\":"
				    "{\"Port\":10250,\"port\":1}}}}"),
			    "status.daemonEndpoints.kubeletEndpoint.port");
}

static void test_unknown_newly_described(void **state)
{
	(void)state;
	assert_string_equal(
	    unknown("autoscaling", "v2", "HorizontalPodAutoscaler",
		    "{\"spec\":{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"d\"},"
		    "\"maxReplicas\":3,\"metrics\":[{\"type\":\"Resource\",\"resource\":"
		    "{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\","
		    "\"averageUtilization\":50,\"x\":1}}}]}}"),
	    "spec.metrics[0].resource.target.x");
	assert_string_equal(unknown("rbac.authorization.k8s.io", "v1", "ClusterRole",
				    "{\"rules\":[{\"verbs\":[\"get\"],\"resources\":[\"pods\"]},"
				    "{\"verbs\":[\"*\"],\"resource\":[\"x\"]}]}"),
			    "rules[1].resource");
	assert_string_equal(
	    unknown("networking.k8s.io", "v1", "Ingress",
		    "{\"spec\":{\"rules\":[{\"host\":\"h\",\"http\":{\"paths\":[{"
		    "\"path\":\"/\",\"pathType\":\"Prefix\",\"backend\":{\"service\":"
		    "{\"name\":\"s\",\"port\":{\"number\":80,\"nmber\":1}}}}]}}]}}"),
	    "spec.rules[0].http.paths[0].backend.service.port.nmber");
	assert_string_equal(
	    unknown("batch", "v1", "Job",
		    "{\"spec\":{\"podFailurePolicy\":{\"rules\":[{\"action\":\"Ignore\","
		    "\"onExitCodes\":{\"operator\":\"In\",\"values\":[1],\"x\":0}}]},"
		    "\"template\":{}}}"),
	    "spec.podFailurePolicy.rules[0].onExitCodes.x");
	assert_string_equal(unknown("", "v1", "PodList",
				    "{\"metadata\":{\"continue\":\"\"},\"items\":[{\"spec\":{}},"
				    "{\"spec\":{\"foo\":1}}]}"),
			    "items[1].spec.foo");
}

/* Wrong types are for decoding and validation to refuse, not unknown fields. */
static void test_unknown_wrong_types(void **state)
{
	(void)state;
	assert_string_equal(unknown("", "v1", "Pod",
				    "{\"spec\":{\"containers\":{\"a\":1},\"nodeName\":{\"x\":1},"
				    "\"volumes\":\"v\"},\"status\":null,\"metadata\":[1]}"),
			    "");
	assert_string_equal(unknown("", "v1", "Pod", "{\"spec\":{\"foo\":null}}"), "spec.foo");
}

static void test_unknown_errors(void **state)
{
	(void)state;
	json_t *paths = json_array(), *obj = load("{\"spec\":{\"foo\":1}}");
	/* Legacy versions have their own schema. */
	assert_int_equal(schema_unknown_fields("extensions", "v1beta1", "Deployment", obj, paths),
			 1);
	json_array_clear(paths);
	assert_int_equal(schema_unknown_fields("", "v1", "Nope", obj, paths), -1);
	json_t *arr = json_array();
	assert_int_equal(schema_unknown_fields("", "v1", "Pod", arr, paths), -1);
	assert_int_equal(schema_unknown_fields("", "v1", "Pod", obj, NULL), -1);
	assert_int_equal(json_array_size(paths), 0);
	json_decref(arr);
	json_decref(obj);
	/* No more than upstream's 100. */
	obj = json_object();
	for (int i = 0; i < 150; i++) {
		char k[16];
		snprintf(k, sizeof(k), "f%d", i);
		json_object_set_new(obj, k, json_integer(i));
	}
	assert_int_equal(schema_unknown_fields("", "v1", "Pod", obj, paths), 100);
	assert_string_equal(json_string_value(json_array_get(paths, 0)), "f0");
	json_decref(obj);
	json_decref(paths);
}

static void test_duplicates(void **state)
{
	(void)state;
	assert_string_equal(dups("{\"a\":1,\"b\":2}"), "");
	assert_string_equal(dups("{\"a\":1,\"a\":2}"), "a");
	assert_string_equal(dups("{\"a\":1,\"a\":2,\"a\":3}"), "a,a");
	assert_string_equal(dups(" {\"spec\" : {\"replicas\":1, \"template\":{},\n"
				 "\"replicas\":2}} \n"),
			    "spec.replicas");
	assert_string_equal(dups("{\"spec\":{\"containers\":[{\"name\":\"a\"},"
				 "{\"name\":\"b\",\"image\":\"x\",\"name\":\"c\"}]}}"),
			    "spec.containers[1].name");
	assert_string_equal(dups("{\"metadata\":{\"labels\":{\"app\":\"x\",\"app\":\"y\"}}}"),
			    "metadata.labels.app");
	/* Keys compare after unescaping; escaped quotes in values do not end strings. */
	assert_string_equal(dups("{\"a\":\"x\\\"y\",\"\\u0061\":1}"), "a");
	assert_string_equal(dups("{\"a\\u0000b\":1,\"a\\u0000b\":2,\"a\":3}"), "a");
	assert_string_equal(dups("[{\"x\":[[],{}],\"x\":null},true,-1.5e3]"), "[0].x");
	assert_string_equal(dups("{\"a\":{\"x\":1},\"b\":{\"x\":1}}"), "");
}

static void test_duplicates_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",	      "{",	 "{\"a\":1",   "{\"a\":1,\"a\":2",
	    "[1,2,]", "{\"a\"}", "{\"a\":1}x", "{\"a\":1 \"b\":2}",
	    "\"abc",  "{\"a\\",	 "[1 2]",      "{,}",
	    NULL,
	};
	for (int i = 0; bad[i]; i++)
		if (dups(bad[i]))
			fail_msg("accepted %s", bad[i]);
	json_t *paths = json_array();
	assert_int_equal(schema_duplicate_fields(NULL, 0, paths), -1);
	assert_int_equal(schema_duplicate_fields("{}", 2, NULL), -1);
	/* Too deep to follow: refused, not a crash. */
	size_t n = 5000;
	char *deep = malloc(2 * n + 1);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = 0;
	assert_int_equal(schema_duplicate_fields(deep, 2 * n, paths), -1);
	/* A length that stops inside the text is honoured. */
	assert_int_equal(schema_duplicate_fields("{\"a\":1}{\"a\":1,\"a\":1}", 7, paths), 0);
	assert_int_equal(json_array_size(paths), 0);
	free(deep);
	json_decref(paths);
}

static int teardown(void **state)
{
	(void)state;
	schema_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_use),
	    cmocka_unit_test(test_every_kind_detailed),
	    cmocka_unit_test(test_list_kinds),
	    cmocka_unit_test(test_refs_resolve),
	    cmocka_unit_test(test_no_open_fields),
	    cmocka_unit_test(test_patch_keys),
	    cmocka_unit_test(test_unknown_deployment),
	    cmocka_unit_test(test_unknown_clean),
	    cmocka_unit_test(test_unknown_newly_described),
	    cmocka_unit_test(test_unknown_wrong_types),
	    cmocka_unit_test(test_unknown_errors),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_duplicates_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
