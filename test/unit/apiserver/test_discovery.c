/* Discovery documents: shapes, verbs and content negotiation as kubectl 1.27 and 1.33 use them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/discovery.h"
#include "../../../apiserver/kind.h"

static json_t *find_by(json_t *arr, const char *key, const char *val)
{
	size_t i;
	json_t *e;
	json_array_foreach(
	    arr, i, e) if (!strcmp(json_string_value(json_object_get(e, key)), val)) return e;
	return NULL;
}

static char *verbs(json_t *entry)
{
	static char buf[256];
	size_t i;
	json_t *v;
	buf[0] = 0;
	json_array_foreach(json_object_get(entry, "verbs"), i, v)
	{
		strcat(buf, i ? " " : "");
		strcat(buf, json_string_value(v));
	}
	return buf;
}

static void test_api_versions(void **state)
{
	(void)state;
	json_t *d = disc_api_versions("10.0.0.1:6443");
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "APIVersions");
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "versions"), 0)),
			    "v1");
	json_t *cidr = json_array_get(json_object_get(d, "serverAddressByClientCIDRs"), 0);
	assert_string_equal(json_string_value(json_object_get(cidr, "clientCIDR")), "0.0.0.0/0");
	assert_string_equal(json_string_value(json_object_get(cidr, "serverAddress")),
			    "10.0.0.1:6443");
	json_decref(d);
}

static void test_api_groups(void **state)
{
	(void)state;
	json_t *d = disc_api_groups();
	json_t *groups = json_object_get(d, "groups");
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "APIGroupList");
	assert_null(find_by(groups, "name", ""));
	json_t *apps = find_by(groups, "name", "apps");
	assert_non_null(apps);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(apps, "preferredVersion"), "groupVersion")),
			    "apps/v1");
	/* Upstream's priority order: the aggregator's own group first, then apps; batch comes
	 * before rbac. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(groups, 0), "name")),
			    "apiregistration.k8s.io");
	assert_string_equal(json_string_value(json_object_get(json_array_get(groups, 1), "name")),
			    "apps");
	json_t *hpa = find_by(groups, "name", "autoscaling");
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(hpa, "versions"), 0), "version")),
			    "v2");
	json_decref(d);
}

static void test_group(void **state)
{
	(void)state;
	json_t *g = disc_group("batch");
	assert_string_equal(json_string_value(json_object_get(g, "kind")), "APIGroup");
	assert_string_equal(json_string_value(json_object_get(g, "name")), "batch");
	json_decref(g);
	assert_null(disc_group("nope.example.com"));
	assert_null(disc_group(""));
}

static void test_core_resources(void **state)
{
	(void)state;
	json_t *d = disc_resources("", "v1");
	json_t *res = json_object_get(d, "resources");
	assert_string_equal(json_string_value(json_object_get(d, "groupVersion")), "v1");
	json_t *pods = find_by(res, "name", "pods");
	assert_non_null(pods);
	assert_string_equal(verbs(pods),
			    "create delete deletecollection get list patch update watch");
	assert_true(json_is_true(json_object_get(pods, "namespaced")));
	assert_string_equal(json_string_value(json_object_get(pods, "singularName")), "pod");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(pods, "shortNames"), 0)), "po");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(pods, "categories"), 0)), "all");
	assert_int_equal(strlen(json_string_value(json_object_get(pods, "storageVersionHash"))),
			 12);
	assert_string_equal(verbs(find_by(res, "name", "pods/status")), "get patch update");
	assert_string_equal(verbs(find_by(res, "name", "pods/log")), "get");
	assert_string_equal(verbs(find_by(res, "name", "pods/exec")), "create get");
	assert_string_equal(verbs(find_by(res, "name", "pods/binding")), "create");
	json_t *ev = find_by(res, "name", "pods/eviction");
	assert_string_equal(json_string_value(json_object_get(ev, "group")), "policy");
	assert_string_equal(json_string_value(json_object_get(ev, "kind")), "Eviction");
	json_t *tok = find_by(res, "name", "serviceaccounts/token");
	assert_string_equal(json_string_value(json_object_get(tok, "group")),
			    "authentication.k8s.io");
	assert_string_equal(json_string_value(json_object_get(tok, "kind")), "TokenRequest");
	assert_string_equal(
	    json_string_value(json_object_get(find_by(res, "name", "nodes/proxy"), "kind")),
	    "NodeProxyOptions");
	json_t *ns = find_by(res, "name", "namespaces");
	assert_false(json_is_true(json_object_get(ns, "namespaced")));
	assert_string_equal(verbs(ns), "create delete get list patch update watch");
	/* Sorted by name, as upstream lists them. */
	for (size_t i = 1; i < json_array_size(res); i++)
		assert_true(
		    strcmp(json_string_value(json_object_get(json_array_get(res, i - 1), "name")),
			   json_string_value(json_object_get(json_array_get(res, i), "name"))) < 0);
	json_decref(d);
}

static void test_group_resources(void **state)
{
	(void)state;
	json_t *d = disc_resources("apps", "v1");
	json_t *res = json_object_get(d, "resources");
	assert_string_equal(json_string_value(json_object_get(d, "groupVersion")), "apps/v1");
	json_t *scale = find_by(res, "name", "deployments/scale");
	assert_string_equal(json_string_value(json_object_get(scale, "group")), "autoscaling");
	assert_string_equal(json_string_value(json_object_get(scale, "version")), "v1");
	assert_string_equal(json_string_value(json_object_get(scale, "kind")), "Scale");
	assert_string_equal(verbs(scale), "get patch update");
	assert_null(json_object_get(find_by(res, "name", "deployments/status"), "group"));
	json_decref(d);
	assert_null(disc_resources("apps", "v2"));
	assert_null(disc_resources("nope", "v1"));
}

static void test_aggregated(void **state)
{
	(void)state;
	json_t *d = disc_aggregated(false, "v2beta1");
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "APIGroupDiscoveryList");
	assert_string_equal(json_string_value(json_object_get(d, "apiVersion")),
			    "apidiscovery.k8s.io/v2beta1");
	json_t *items = json_object_get(d, "items"), *apps = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *n =
		    json_string_value(json_object_get(json_object_get(it, "metadata"), "name"));
		assert_non_null(n);
		if (!strcmp(n, "apps"))
			apps = it;
	}
	assert_non_null(apps);
	json_t *v = json_array_get(json_object_get(apps, "versions"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "freshness")), "Current");
	json_t *dep = find_by(json_object_get(v, "resources"), "resource", "deployments");
	assert_string_equal(json_string_value(json_object_get(dep, "scope")), "Namespaced");
	assert_string_equal(json_string_value(json_object_get(dep, "singularResource")),
			    "deployment");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(dep, "responseKind"), "kind")),
	    "Deployment");
	json_t *sc = find_by(json_object_get(dep, "subresources"), "subresource", "scale");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(sc, "responseKind"), "group")),
	    "autoscaling");
	json_decref(d);

	d = disc_aggregated(true, "v2");
	assert_string_equal(json_string_value(json_object_get(d, "apiVersion")),
			    "apidiscovery.k8s.io/v2");
	items = json_object_get(d, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *core = json_array_get(items, 0);
	assert_null(json_object_get(json_object_get(core, "metadata"), "name"));
	v = json_array_get(json_object_get(core, "versions"), 0);
	json_t *nodes = find_by(json_object_get(v, "resources"), "resource", "nodes");
	assert_string_equal(json_string_value(json_object_get(nodes, "scope")), "Cluster");
	json_decref(d);
}

static void test_negotiate(void **state)
{
	(void)state;
	bool agg;
	const char *ver;
	/* kubectl 1.27 */
	const char *ct = disc_negotiate("application/json;g=apidiscovery.k8s.io;v=v2beta1;as="
					"APIGroupDiscoveryList,application/json",
					&agg, &ver);
	assert_true(agg);
	assert_string_equal(ver, "v2beta1");
	assert_string_equal(ct, "application/json;g=apidiscovery.k8s.io;v=v2beta1;as="
				"APIGroupDiscoveryList");
	/* kubectl 1.33 */
	ct = disc_negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
			    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as="
			    "APIGroupDiscoveryList,application/json",
			    &agg, &ver);
	assert_true(agg);
	assert_string_equal(ver, "v2");
	assert_string_equal(ct, DISC_CT_V2);
	ct = disc_negotiate("application/json, */*", &agg, &ver);
	assert_false(agg);
	assert_string_equal(ct, "application/json");
	disc_negotiate("application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList",
		       &agg, &ver);
	assert_true(agg);
	disc_negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0",
		       &agg, &ver);
	assert_false(agg);
	disc_negotiate("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList", &agg,
		       &ver);
	assert_false(agg);
	disc_negotiate("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as="
		       "APIGroupDiscoveryList",
		       &agg, &ver);
	assert_false(agg);
	disc_negotiate(NULL, &agg, &ver);
	assert_false(agg);
	disc_negotiate(";;,,;=", &agg, &ver);
	assert_false(agg);
}

static void test_storage_hash(void **state)
{
	(void)state;
	char a[16], b[16], c[16];
	disc_storage_hash("apps", "v1", "Deployment", a);
	disc_storage_hash("apps", "v1", "Deployment", b);
	disc_storage_hash("apps", "v1", "ReplicaSet", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_api_versions),    cmocka_unit_test(test_api_groups),
	    cmocka_unit_test(test_group),	    cmocka_unit_test(test_core_resources),
	    cmocka_unit_test(test_group_resources), cmocka_unit_test(test_aggregated),
	    cmocka_unit_test(test_negotiate),	    cmocka_unit_test(test_storage_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
