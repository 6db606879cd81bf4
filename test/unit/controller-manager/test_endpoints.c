/* Endpoints and EndpointSlices: ports, packing, ordering, slicing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/endpoints.h"
#include "jsonx.h"
#include "log.h"

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (!v)
		fail_msg("bad test JSON: %s: %s", e.text, s);
	return v;
}

static json_t *mkpod(const char *name, const char *ip, bool ready, const char *extra)
{
	char *s = xasprintf(
	    "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"ns\",\"uid\":\"u-%s\"},"
	    "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"ports\":["
	    "{\"name\":\"http\",\"containerPort\":8080},{\"name\":\"dns\",\"containerPort\":53,"
	    "\"protocol\":\"UDP\"}]}]},"
	    "\"status\":{\"phase\":\"Running\",\"podIP\":\"%s\",\"conditions\":[{\"type\":"
	    "\"Ready\","
	    "\"status\":\"%s\"}]}%s}",
	    name, name, ip, ready ? "True" : "False", extra ? extra : "");
	json_t *p = parse(s);

	free(s);
	return p;
}

static void test_find_port(void **state)
{
	json_t *pod = mkpod("a", "10.0.0.1", true, NULL);
	json_t *num = parse("{\"port\":80,\"targetPort\":9090}");
	json_t *named = parse("{\"port\":80,\"targetPort\":\"http\",\"protocol\":\"TCP\"}");
	json_t *udp = parse("{\"port\":53,\"targetPort\":\"dns\",\"protocol\":\"UDP\"}");
	json_t *wrongproto = parse("{\"port\":53,\"targetPort\":\"dns\"}");
	json_t *none = parse("{\"port\":81}");

	(void)state;
	assert_int_equal(ep_find_port(pod, num), 9090);
	assert_int_equal(ep_find_port(pod, named), 8080);
	assert_int_equal(ep_find_port(pod, udp), 53);
	assert_int_equal(ep_find_port(pod, wrongproto), -1);
	assert_int_equal(ep_find_port(pod, none), 81);
	json_decref(pod);
	json_decref(num);
	json_decref(named);
	json_decref(udp);
	json_decref(wrongproto);
	json_decref(none);
}

static void test_pod_serves(void **state)
{
	json_t *ok = mkpod("a", "10.0.0.1", false, NULL);
	json_t *noip = parse("{\"status\":{\"phase\":\"Running\"}}");
	json_t *done = parse("{\"status\":{\"phase\":\"Succeeded\",\"podIP\":\"1.1.1.1\"}}");
	json_t *term = parse("{\"metadata\":{\"deletionTimestamp\":\"2024-01-01T00:00:00Z\"},"
			     "\"status\":{\"phase\":\"Running\",\"podIP\":\"1.1.1.1\"}}");

	(void)state;
	assert_true(ep_pod_serves(ok, false));
	assert_false(ep_pod_serves(noip, true));
	assert_false(ep_pod_serves(done, true));
	assert_false(ep_pod_serves(term, false));
	assert_true(ep_pod_serves(term, true));
	json_decref(ok);
	json_decref(noip);
	json_decref(done);
	json_decref(term);
}

/* Addresses offering the same ports share a subset; ready wins over not ready. */
static void test_repack(void **state)
{
	json_t *in = parse("[{\"addresses\":[{\"ip\":\"5.6.7.8\"}],\"ports\":[{\"port\":111,"
			   "\"protocol\":\"TCP\"}]},"
			   "{\"addresses\":[{\"ip\":\"1.2.3.4\"}],\"ports\":[{\"port\":111,"
			   "\"protocol\":\"TCP\"}]},"
			   "{\"addresses\":[{\"ip\":\"1.2.3.4\"}],\"ports\":[{\"port\":222,"
			   "\"protocol\":\"TCP\"}]},"
			   "{\"addresses\":[{\"ip\":\"5.6.7.8\"}],\"ports\":[{\"port\":222,"
			   "\"protocol\":\"TCP\"}]},"
			   "{\"notReadyAddresses\":[{\"ip\":\"1.2.3.4\"}],\"ports\":[{\"port\":111,"
			   "\"protocol\":\"TCP\"}]},"
			   "{\"notReadyAddresses\":[{\"ip\":\"9.9.9.9\"}],\"ports\":[{\"port\":333,"
			   "\"protocol\":\"TCP\"}]}]");
	json_t *out = ep_repack(in), *s, *shared = NULL, *lone = NULL;
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(out), 2);
	json_array_foreach(out, i, s)
	{
		if (json_array_size(json_object_get(s, "ports")) == 2)
			shared = s;
		else
			lone = s;
	}
	assert_non_null(shared);
	assert_non_null(lone);
	/* Sorted by IP, both ready. */
	assert_string_equal(jx_str(json_array_get(json_object_get(shared, "addresses"), 0), "ip"),
			    "1.2.3.4");
	assert_string_equal(jx_str(json_array_get(json_object_get(shared, "addresses"), 1), "ip"),
			    "5.6.7.8");
	assert_null(json_object_get(shared, "notReadyAddresses"));
	assert_string_equal(
	    jx_str(json_array_get(json_object_get(lone, "notReadyAddresses"), 0), "ip"), "9.9.9.9");
	assert_null(json_object_get(lone, "addresses"));
	/* The same input in another order packs identically. */
	json_t *rev = json_array();
	for (i = json_array_size(in); i-- > 0;)
		json_array_append(rev, json_array_get(in, i));
	json_t *out2 = ep_repack(rev);
	assert_true(json_equal(out, out2));
	json_decref(out2);
	json_decref(rev);
	json_decref(out);
	json_decref(in);
}

static void test_subsets(void **state)
{
	json_t *svc = parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\"},\"spec\":{"
			    "\"clusterIP\":\"10.96.0.5\",\"selector\":{\"app\":\"web\"},"
			    "\"ports\":[{\"name\":\"h\",\"port\":80,\"targetPort\":\"http\"}]}}");
	json_t *pods[3] = {mkpod("a", "10.0.0.2", true, NULL), mkpod("b", "10.0.0.1", false, NULL),
			   mkpod("c", "", true, NULL)};
	json_t *sub;

	(void)state;
	json_object_set_new(json_object_get(pods[2], "status"), "podIP", json_null());
	sub = ep_subsets(svc, (const json_t *const *)pods, 3);
	assert_int_equal(json_array_size(sub), 1);
	json_t *s = json_array_get(sub, 0);
	assert_string_equal(jx_str(json_array_get(json_object_get(s, "addresses"), 0), "ip"),
			    "10.0.0.2");
	assert_string_equal(
	    jx_str(json_array_get(json_object_get(s, "notReadyAddresses"), 0), "targetRef.name"),
	    "b");
	assert_int_equal(jx_int(json_array_get(json_object_get(s, "ports"), 0), "port", 0), 8080);
	assert_string_equal(jx_str(json_array_get(json_object_get(s, "ports"), 0), "name"), "h");
	json_decref(sub);
	/* publishNotReadyAddresses makes everyone ready. */
	json_object_set_new(json_object_get(svc, "spec"), "publishNotReadyAddresses", json_true());
	sub = ep_subsets(svc, (const json_t *const *)pods, 3);
	assert_int_equal(json_array_size(json_object_get(json_array_get(sub, 0), "addresses")), 2);
	json_decref(sub);
	/* Headless without ports: addresses without ports. */
	json_object_set_new(json_object_get(svc, "spec"), "clusterIP", json_string("None"));
	json_object_del(json_object_get(svc, "spec"), "ports");
	sub = ep_subsets(svc, (const json_t *const *)pods, 3);
	assert_int_equal(json_array_size(sub), 1);
	assert_null(json_object_get(json_array_get(sub, 0), "ports"));
	json_decref(sub);
	for (int i = 0; i < 3; i++)
		json_decref(pods[i]);
	json_decref(svc);
}

static json_t *svc_web(void)
{
	return parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"uid\":\"s1\"},"
		     "\"spec\":{\"clusterIP\":\"10.96.0.5\",\"selector\":{\"app\":\"web\"},"
		     "\"ports\":[{\"name\":\"h\",\"port\":80,\"targetPort\":\"http\"}]}}");
}

static json_t **many_pods(int n)
{
	json_t **pods = calloc((size_t)n, sizeof(*pods));

	for (int i = 0; i < n; i++) {
		char name[16], ip[32];
		snprintf(name, sizeof(name), "p%03d", i);
		snprintf(ip, sizeof(ip), "10.0.%d.%d", i / 200, i % 200);
		pods[i] = mkpod(name, ip, i % 2, NULL);
	}
	return pods;
}

static void free_pods(json_t **pods, int n)
{
	for (int i = 0; i < n; i++)
		json_decref(pods[i]);
	free(pods);
}

static void test_slices_split(void **state)
{
	json_t *svc = svc_web(), **pods = many_pods(250);
	struct eps_group *g;
	struct eps_plan plan;
	size_t ng = eps_desired(svc, (const json_t *const *)pods, 250, NULL, &g);

	(void)state;
	assert_int_equal(ng, 1);
	assert_int_equal(json_array_size(g[0].endpoints), 250);
	eps_plan(svc, g, ng, NULL, 0, "2024-01-01T00:00:00Z", &plan);
	assert_int_equal(json_array_size(plan.create), 3);
	assert_int_equal(json_array_size(plan.update), 0);
	assert_int_equal(
	    json_array_size(json_object_get(json_array_get(plan.create, 0), "endpoints")), 100);
	assert_int_equal(
	    json_array_size(json_object_get(json_array_get(plan.create, 2), "endpoints")), 50);
	json_t *s = json_array_get(plan.create, 0);
	assert_string_equal(jx_str(s, "metadata.generateName"), "web-");
	assert_string_equal(jx_str(s, "addressType"), "IPv4");
	assert_string_equal(
	    json_string_value(json_object_get(jx_get(s, "metadata.labels"), EPS_SERVICE_NAME)),
	    "web");
	assert_string_equal(jx_str(json_array_get(jx_get(s, "metadata.ownerReferences"), 0), "uid"),
			    "s1");
	assert_int_equal(jx_int(json_array_get(json_object_get(s, "ports"), 0), "port", 0), 8080);
	json_t *ep = json_array_get(json_object_get(s, "endpoints"), 1);
	assert_true(jx_bool(ep, "conditions.ready", false));
	assert_string_equal(jx_str(ep, "nodeName"), "n1");

	/* The slices as created; one pod gone, one added: only the touched slices change. */
	json_t *existing[3];
	for (int i = 0; i < 3; i++) {
		existing[i] = json_deep_copy(json_array_get(plan.create, i));
		char *name = xasprintf("web-%d", i);
		jx_set_str(existing[i], "metadata.name", name);
		free(name);
	}
	eps_plan_free(&plan);
	eps_groups_free(g, ng);
	json_decref(pods[120]);
	pods[120] = mkpod("new", "10.9.9.9", true, NULL);
	ng = eps_desired(svc, (const json_t *const *)pods, 250, NULL, &g);
	eps_plan(svc, g, ng, (const json_t *const *)existing, 3, NULL, &plan);
	assert_int_equal(json_array_size(plan.create), 0);
	assert_int_equal(json_array_size(plan.remove), 0);
	assert_int_equal(json_array_size(plan.update), 1);
	/* The new pod took the freed place in the slice that lost one. */
	char *dump = jx_dump(json_array_get(plan.update, 0));
	assert_non_null(strstr(dump, "10.9.9.9"));
	free(dump);
	assert_int_equal(
	    json_array_size(json_object_get(json_array_get(plan.update, 0), "endpoints")), 100);
	eps_plan_free(&plan);
	eps_groups_free(g, ng);

	/* Nothing selected: one placeholder slice is kept, the others removed. */
	json_object_set_new(existing[0], "endpoints", json_array());
	json_object_set_new(existing[0], "ports", json_array());
	eps_plan(svc, NULL, 0, (const json_t *const *)existing, 3, NULL, &plan);
	assert_int_equal(json_array_size(plan.create), 0);
	assert_int_equal(json_array_size(plan.remove), 2);
	eps_plan_free(&plan);
	for (int i = 0; i < 3; i++)
		json_decref(existing[i]);
	free_pods(pods, 250);
	json_decref(svc);
}

static void test_trigger_time(void **state)
{
	struct ep_tt *t = ep_tt_new();
	json_t *svc = parse("{\"metadata\":{\"creationTimestamp\":\"2024-01-01T00:00:00Z\"}}");
	json_t *p = parse("{\"metadata\":{\"name\":\"a\"},\"status\":{\"conditions\":[{\"type\":"
			  "\"Ready\",\"status\":\"True\",\"lastTransitionTime\":"
			  "\"2024-01-01T00:00:05Z\"}]}}");
	const json_t *pods[1] = {p};
	char out[40];

	(void)state;
	assert_true(ep_tt_compute(t, "ns/s", svc, pods, 1, out));
	assert_string_equal(out, "2024-01-01T00:00:00Z");
	assert_false(ep_tt_compute(t, "ns/s", svc, pods, 1, out));
	jx_set_str(json_array_get(jx_get(p, "status.conditions"), 0), "lastTransitionTime",
		   "2024-01-01T00:01:00Z");
	assert_true(ep_tt_compute(t, "ns/s", svc, pods, 1, out));
	assert_string_equal(out, "2024-01-01T00:01:00Z");
	ep_tt_free(t);
	json_decref(svc);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_find_port),	 cmocka_unit_test(test_pod_serves),
	    cmocka_unit_test(test_repack),	 cmocka_unit_test(test_subsets),
	    cmocka_unit_test(test_slices_split), cmocka_unit_test(test_trigger_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
