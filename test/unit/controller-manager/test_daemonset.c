#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonx.h"
#include "../../../controller-manager/cm.h"
#include "../../../controller-manager/workload.h"

/* The controller manager's main.c is not in the archive. */
struct rec *cm_recorder(struct kc *kc, const char *component)
{
	(void)kc;
	(void)component;
	return NULL;
}

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (!v)
		fail_msg("bad fixture: %s: %s", e.text, s);
	return v;
}

static json_t *node(const char *name, const char *labels, const char *taints)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\",\"labels\":%s},\"spec\":{\"taints\":%s}}", name,
		 labels ? labels : "{}", taints ? taints : "[]");
	return parse(buf);
}

static json_t *ds(const char *podspec)
{
	char buf[2048];

	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"template\":{\"spec\":%s}}}", podspec);
	return parse(buf);
}

static void check(const char *podspec, const json_t *n, bool want_run, bool want_keep)
{
	json_t *d = ds(podspec);
	bool run, keep;

	ds_should_run(d, n, &run, &keep);
	if (run != want_run || keep != want_keep)
		fail_msg("%s on %s: run %d keep %d, want %d %d", podspec,
			 jx_str(n, "metadata.name"), run, keep, want_run, want_keep);
	json_decref(d);
}

static void test_taints(void **state)
{
	json_t *plain = node("a", NULL, NULL);
	json_t *nosched =
	    node("b", NULL, "[{\"key\":\"k\",\"value\":\"v\",\"effect\":\"NoSchedule\"}]");
	json_t *noexec = node("c", NULL, "[{\"key\":\"k\",\"effect\":\"NoExecute\"}]");
	json_t *prefer = node("d", NULL, "[{\"key\":\"k\",\"effect\":\"PreferNoSchedule\"}]");
	json_t *notready =
	    node("e", NULL,
		 "[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\"},"
		 "{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"},"
		 "{\"key\":\"node.kubernetes.io/disk-pressure\",\"effect\":\"NoSchedule\"}]");
	json_t *netun = node(
	    "f", NULL,
	    "[{\"key\":\"node.kubernetes.io/network-unavailable\",\"effect\":\"NoSchedule\"}]");

	(void)state;
	check("{}", plain, true, true);
	check("{}", nosched, false, true); /* an existing pod may stay */
	check("{}", noexec, false, false);
	check("{}", prefer, true, true);
	check("{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Equal\",\"value\":\"v\"}]}", nosched,
	      true, true);
	check("{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Equal\",\"value\":\"x\"}]}", nosched,
	      false, true);
	check("{\"tolerations\":[{\"operator\":\"Exists\"}]}", noexec, true, true);
	/* The automatic daemon tolerations: */
	check("{}", notready, true, true);
	check("{}", netun, false, true);
	check("{\"hostNetwork\":true}", netun, true, true);
	json_decref(plain);
	json_decref(nosched);
	json_decref(noexec);
	json_decref(prefer);
	json_decref(notready);
	json_decref(netun);
}

static void test_affinity(void **state)
{
	json_t *a = node("a", "{\"zone\":\"z1\",\"gen\":\"5\"}", NULL);
	json_t *b = node("b", "{\"zone\":\"z2\"}", NULL);
	const char *in_z1 =
	    "{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
	    "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"In\","
	    "\"values\":[\"z1\"]}]}]}}}}";
	const char *or_terms =
	    "{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
	    "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"gen\",\"operator\":\"Gt\","
	    "\"values\":[\"4\"]}]},{\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":"
	    "\"In\","
	    "\"values\":[\"b\"]}]}]}}}}";
	const char *absent =
	    "{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
	    "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"gen\",\"operator\":"
	    "\"DoesNotExist\"}]}]}}}}";

	(void)state;
	check("{\"nodeSelector\":{\"zone\":\"z1\"}}", a, true, true);
	check("{\"nodeSelector\":{\"zone\":\"z1\"}}", b, false, false);
	check(in_z1, a, true, true);
	check(in_z1, b, false, false);
	check(or_terms, a, true, true);
	check(or_terms, b, true, true);
	check(absent, a, false, false);
	check(absent, b, true, true);
	check("{\"nodeName\":\"b\"}", a, false, false);
	check("{\"nodeName\":\"b\"}", b, true, true);
	json_decref(a);
	json_decref(b);
}

static void test_pod_shape(void **state)
{
	json_t *spec = parse(
	    "{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
	    "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"x\",\"operator\":\"Exists\"}"
	    "]}]},"
	    "\"preferredDuringSchedulingIgnoredDuringExecution\":[]}},"
	    "\"tolerations\":[{\"key\":\"node.kubernetes.io/"
	    "not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]}");
	json_t *pod;
	char *s;

	(void)state;
	ds_set_node_affinity(spec, "n1");
	ds_add_tolerations(spec);
	s = jx_dump(
	    jx_get(spec, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
	assert_string_equal(s,
			    "{\"nodeSelectorTerms\":[{\"matchFields\":[{\"key\":\"metadata.name\","
			    "\"operator\":\"In\",\"values\":[\"n1\"]}]}]}");
	free(s);
	assert_non_null(
	    jx_get(spec, "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"));
	/* not-ready was there already; five more, no network-unavailable without hostNetwork */
	assert_int_equal(json_array_size(json_object_get(spec, "tolerations")), 6);
	pod = json_pack("{s:O}", "spec", spec);
	assert_string_equal(ds_target_node(pod), "n1");
	json_object_set_new(json_object_get(pod, "spec"), "nodeName", json_string("n2"));
	assert_string_equal(ds_target_node(pod), "n2");
	json_decref(pod);
	json_decref(spec);
}

static void test_revisions(void **state)
{
	json_t *a = parse("{\"metadata\":{\"name\":\"d\",\"namespace\":\"ns\",\"uid\":\"u\"},"
			  "\"kind\":\"DaemonSet\","
			  "\"apiVersion\":\"apps/"
			  "v1\",\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},"
			  "\"spec\":{}}}}");
	json_t *da = wl_rev_data(a), *rev;
	const json_t *revs[3];
	const json_t **old;
	const char *live[] = {"d-2"};
	char h1[16], h2[16];

	(void)state;
	wl_rev_hash(da, 0, h1);
	wl_rev_hash(da, 1, h2);
	assert_string_not_equal(h1, h2);
	assert_int_equal(strspn(h1, "bcdfghjklmnpqrstvwxz2456789"), strlen(h1));
	rev = wl_rev_new(a, da, h1, 4);
	assert_string_equal(jx_str(rev, "metadata.labels.app"), "x");
	assert_string_equal(jx_str(rev, "data.spec.template.$patch"), "replace");
	assert_int_equal(jx_int(rev, "revision", 0), 4);
	assert_non_null(wl_rev_template(rev));
	json_decref(rev);
	revs[0] = parse("{\"metadata\":{\"name\":\"d-1\"},\"revision\":1}");
	revs[1] = parse("{\"metadata\":{\"name\":\"d-3\"},\"revision\":3}");
	revs[2] = parse("{\"metadata\":{\"name\":\"d-2\"},\"revision\":2}");
	assert_int_equal(wl_rev_max(revs, 3), 3);
	assert_int_equal(wl_rev_truncate(revs, 3, live, 1, 1, &old), 1);
	assert_string_equal(jx_str(old[0], "metadata.name"), "d-1");
	free(old);
	assert_int_equal(wl_rev_truncate(revs, 3, live, 1, 5, &old), 0);
	free(old);
	for (int i = 0; i < 3; i++)
		json_decref((json_t *)revs[i]);
	json_decref(da);
	json_decref(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_taints),
	    cmocka_unit_test(test_affinity),
	    cmocka_unit_test(test_pod_shape),
	    cmocka_unit_test(test_revisions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
