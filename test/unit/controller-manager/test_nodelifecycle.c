/* Node health and taint decisions (node-lifecycle) and NoExecute eviction timing
 * (taint-eviction-controller). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/cm.h"
#include "conditions.h"
#include "../../../controller-manager/decide.h"
#include "jsonx.h"

/* The controllers' files call this; the tests never get that far. */
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

static const char *status_of(const json_t *node, const char *type)
{
	return jx_str(cond_get(node, type), "status");
}

static void test_mark_unknown(void **state)
{
	json_t *n =
	    parse("{\"metadata\":{\"name\":\"a\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},"
		  "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
		  "\"lastHeartbeatTime\":\"2024-01-01T00:00:10Z\"},"
		  "{\"type\":\"MemoryPressure\",\"status\":\"False\"},"
		  "{\"type\":\"NetworkUnavailable\",\"status\":\"False\"}]}}");

	(void)state;
	assert_true(nl_mark_unknown(n, "2024-01-01T00:01:00Z"));
	assert_string_equal(status_of(n, "Ready"), "Unknown");
	assert_string_equal(jx_str(cond_get(n, "Ready"), "reason"), "NodeStatusUnknown");
	assert_string_equal(jx_str(cond_get(n, "Ready"), "message"),
			    "Kubelet stopped posting node status.");
	/* the heartbeat itself is kept */
	assert_string_equal(jx_str(cond_get(n, "Ready"), "lastHeartbeatTime"),
			    "2024-01-01T00:00:10Z");
	assert_string_equal(status_of(n, "MemoryPressure"), "Unknown");
	/* conditions the kubelet never posted are added, NetworkUnavailable is not the kubelet's */
	assert_string_equal(jx_str(cond_get(n, "DiskPressure"), "reason"),
			    "NodeStatusNeverUpdated");
	assert_string_equal(jx_str(cond_get(n, "PIDPressure"), "lastHeartbeatTime"),
			    "2024-01-01T00:00:00Z");
	assert_string_equal(status_of(n, "NetworkUnavailable"), "False");
	/* a second pass changes nothing */
	assert_false(nl_mark_unknown(n, "2024-01-01T00:02:00Z"));
	json_decref(n);
}

static bool has(const json_t *taints, const char *key, const char *effect)
{
	size_t i;
	json_t *t;

	json_array_foreach(taints, i, t) if (!strcmp(jx_str(t, "key"), key) &&
					     !strcmp(jx_str(t, "effect"), effect)) return true;
	return false;
}

static void test_taints(void **state)
{
	json_t *n =
	    parse("{\"metadata\":{\"name\":\"a\"},\"spec\":{\"unschedulable\":true,\"taints\":["
		  "{\"key\":\"mine\",\"value\":\"x\",\"effect\":\"NoSchedule\"},"
		  "{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\","
		  "\"timeAdded\":\"2024-01-01T00:00:00Z\"}]},"
		  "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\"},"
		  "{\"type\":\"DiskPressure\",\"status\":\"True\"}]}}");
	json_t *t = nl_desired_taints(n, "2024-02-02T00:00:00Z"), *t2;

	(void)state;
	assert_true(has(t, "mine", "NoSchedule"));
	assert_true(has(t, "node.kubernetes.io/unreachable", "NoExecute"));
	assert_true(has(t, "node.kubernetes.io/unreachable", "NoSchedule"));
	assert_true(has(t, "node.kubernetes.io/disk-pressure", "NoSchedule"));
	assert_true(has(t, "node.kubernetes.io/unschedulable", "NoSchedule"));
	assert_false(has(t, "node.kubernetes.io/not-ready", "NoExecute"));
	assert_int_equal(json_array_size(t), 5);
	assert_false(nl_taints_equal(t, jx_get(n, "spec.taints")));

	/* recovered: only the user's and unschedulable remain */
	jx_set_str((json_t *)cond_get(n, "Ready"), "status", "True");
	jx_set_str((json_t *)cond_get(n, "DiskPressure"), "status", "False");
	jx_set(n, "spec.taints", json_deep_copy(t));
	t2 = nl_desired_taints(n, "2024-02-02T00:00:00Z");
	assert_int_equal(json_array_size(t2), 2);
	assert_true(has(t2, "mine", "NoSchedule"));
	assert_true(nl_taints_equal(t2, t2));
	json_decref(t2);

	/* not ready: the NoExecute taint keeps its first timeAdded */
	jx_set_str((json_t *)cond_get(n, "Ready"), "status", "False");
	jx_set(n, "spec.taints",
	       parse("[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\","
		     "\"timeAdded\":\"2024-01-01T00:00:00Z\"}]"));
	t2 = nl_desired_taints(n, "2024-02-02T00:00:00Z");
	assert_int_equal(json_array_size(t2), 3); /* not-ready twice, unschedulable */
	assert_null(jx_str(json_array_get(t2, 0), "timeAdded")); /* NoSchedule: none */
	assert_string_equal(jx_str(json_array_get(t2, 2), "effect"), "NoExecute");
	assert_string_equal(jx_str(json_array_get(t2, 2), "timeAdded"), "2024-01-01T00:00:00Z");
	json_decref(t2);
	json_decref(t);
	json_decref(n);
}

static void test_tolerates(void **state)
{
	json_t *taint = parse("{\"key\":\"k\",\"value\":\"v\",\"effect\":\"NoExecute\"}");
	static const struct {
		const char *tol;
		bool want;
	} cases[] = {
	    {"{\"key\":\"k\",\"operator\":\"Equal\",\"value\":\"v\"}", true},
	    {"{\"key\":\"k\",\"value\":\"v\",\"effect\":\"NoExecute\"}", true},
	    {"{\"key\":\"k\",\"value\":\"w\"}", false},
	    {"{\"key\":\"k\",\"operator\":\"Exists\"}", true},
	    {"{\"operator\":\"Exists\"}", true},
	    {"{\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}", false},
	    {"{\"key\":\"other\",\"operator\":\"Exists\"}", false},
	    {"{\"key\":\"k\",\"operator\":\"Bogus\",\"value\":\"v\"}", false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *t = parse(cases[i].tol);
		if (te_tolerates(t, taint) != cases[i].want)
			fail_msg("case %zu: %s", i, cases[i].tol);
		json_decref(t);
	}
	json_decref(taint);
}

static void test_eviction_delay(void **state)
{
	json_t *taints =
	    parse("[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"},"
		  "{\"key\":\"soft\",\"effect\":\"NoSchedule\"}]");
	json_t *none = parse("[]");
	json_t *t300 = parse("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
			     "\"effect\":\"NoExecute\",\"tolerationSeconds\":300},"
			     "{\"operator\":\"Exists\",\"tolerationSeconds\":5}]");
	json_t *forever = parse("[{\"operator\":\"Exists\"}]");
	json_t *negative = parse("[{\"operator\":\"Exists\",\"tolerationSeconds\":-3}]");

	(void)state;
	assert_int_equal(te_eviction_delay(taints, none), -2); /* untolerated: now */
	assert_int_equal(te_eviction_delay(taints, NULL), -2);
	assert_int_equal(te_eviction_delay(none, none), -1);	  /* no taints */
	assert_int_equal(te_eviction_delay(taints, forever), -1); /* forever */
	/* the first toleration that matches counts, as upstream */
	assert_int_equal(te_eviction_delay(taints, t300), 300);
	assert_int_equal(te_eviction_delay(taints, negative), 0);
	json_decref(taints);
	json_decref(none);
	json_decref(t300);
	json_decref(forever);
	json_decref(negative);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mark_unknown),
	    cmocka_unit_test(test_taints),
	    cmocka_unit_test(test_tolerates),
	    cmocka_unit_test(test_eviction_delay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
