#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/replicaset.h"
#include "jsonx.h"
#include "ktime.h"

#define NOW 1700000000L

/* replicaset.c's controller half asks main.c for its event recorder; never called here. */
struct kc;
struct rec *cm_recorder(struct kc *kc, const char *component);
struct rec *cm_recorder(struct kc *kc, const char *component)
{
	(void)kc;
	(void)component;
	return NULL;
}

/* A pod: name, node ("" unassigned), phase, ready since (seconds before NOW, <0: not ready),
 * created (seconds before NOW), restarts. */
static json_t *pod(const char *name, const char *node, const char *phase, long ready_ago,
		   long created_ago, int restarts)
{
	char ready[32], created[32];
	json_t *p;

	kt_format(NOW - (ready_ago < 0 ? 0 : ready_ago), ready);
	kt_format(NOW - created_ago, created);
	p = json_pack("{s:{s:s, s:s, s:s, s:{s:s}}, s:{s:s}, s:{s:s, s:[{s:s, s:s, s:s}], "
		      "s:[{s:i}]}}",
		      "metadata", "name", name, "uid", name, "creationTimestamp", created, "labels",
		      "app", "x", "spec", "nodeName", node, "status", "phase", phase, "conditions",
		      "type", "Ready", "status", ready_ago < 0 ? "False" : "True",
		      "lastTransitionTime", ready, "containerStatuses", "restartCount", restarts);
	return p;
}

static void check_order(json_t **pods, size_t n, json_t **related, size_t nrel,
			const char *const *want)
{
	const json_t **v = calloc(n, sizeof(*v));
	struct timespec now = {NOW, 0};

	for (size_t i = 0; i < n; i++)
		v[n - 1 - i] = pods[i]; /* reversed, so the sort has to work */
	rs_rank_pods(v, n, (const json_t *const *)related, nrel, &now);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(jx_str(v[i], "metadata.name"), want[i]);
	free(v);
}

static void free_all(json_t **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(v[i]);
}

static void test_rank_basic(void **state)
{
	(void)state;
	json_t *p[] = {
	    pod("running-ready", "n1", "Running", 100, 200, 0),
	    pod("unassigned", "", "Pending", -1, 200, 0),
	    pod("pending", "n1", "Pending", -1, 200, 0),
	    pod("unknown", "n1", "Unknown", -1, 200, 0),
	    pod("running-notready", "n1", "Running", -1, 200, 0),
	};
	static const char *const want[] = {"unassigned", "pending", "unknown", "running-notready",
					   "running-ready"};

	check_order(p, 5, NULL, 0, want);
	free_all(p, 5);
}

static void test_rank_time_and_restarts(void **state)
{
	(void)state;
	json_t *p[] = {
	    pod("ready-long", "n1", "Running", 100000, 200000, 0),
	    pod("ready-short", "n1", "Running", 10, 200000, 0),
	    /* Same readiness bucket as ready-long: more restarts go first. */
	    pod("restarted", "n1", "Running", 100000, 200000, 5),
	};
	static const char *const want[] = {"ready-short", "restarted", "ready-long"};
	json_t *q[] = {
	    pod("old", "n1", "Pending", -1, 100000, 0),
	    pod("new", "n1", "Pending", -1, 10, 0),
	};
	static const char *const want_q[] = {"new", "old"};

	check_order(p, 3, NULL, 0, want);
	check_order(q, 2, NULL, 0, want_q);
	free_all(p, 3);
	free_all(q, 2);
}

static void test_rank_cost_and_colocation(void **state)
{
	(void)state;
	json_t *p[] = {
	    pod("alone", "n2", "Running", 100, 200, 0),
	    pod("crowded", "n1", "Running", 100, 200, 0),
	};
	json_t *rel[] = {p[0], p[1], pod("other", "n1", "Running", 100, 200, 0)};
	static const char *const want[] = {"crowded", "alone"};
	static const char *const want_cost[] = {"alone", "crowded"};

	check_order(p, 2, rel, 3, want);
	/* A lower pod-deletion-cost goes before anything colocation says. */
	jx_set(p[0], "metadata.annotations",
	       json_pack("{s:s}", "controller.kubernetes.io/pod-deletion-cost", "-5"));
	check_order(p, 2, rel, 3, want_cost);
	json_decref(rel[2]);
	free_all(p, 2);
}

static void test_slow_start(void **state)
{
	int seq[8], n = 0, prev = 0, remaining = 10;

	(void)state;
	while (remaining > 0) {
		prev = rs_next_batch(prev, remaining);
		seq[n++] = prev;
		remaining -= prev;
	}
	assert_int_equal(n, 4);
	assert_int_equal(seq[0], 1);
	assert_int_equal(seq[1], 2);
	assert_int_equal(seq[2], 4);
	assert_int_equal(seq[3], 3);
	assert_int_equal(rs_next_batch(0, 1), 1);
	assert_int_equal(rs_next_batch(16, 100), 32);
	assert_int_equal(rs_next_batch(0, 0), 0);
}

static json_t *rs_obj(long min_ready)
{
	return json_pack("{s:{s:s, s:i}, s:{s:i, s:I, s:{s:{s:{s:s, s:s}}}}, s:{s:i}}", "metadata",
			 "name", "web", "generation", 4, "spec", "replicas", 3, "minReadySeconds",
			 (json_int_t)min_ready, "template", "metadata", "labels", "app", "x",
			 "tier", "fe", "status", "replicas", 0);
}

static void test_status(void **state)
{
	json_t *rs = rs_obj(30), *st;
	json_t *p[] = {
	    pod("a", "n1", "Running", 100, 200, 0), /* ready and available */
	    pod("b", "n1", "Running", 10, 200, 0),  /* ready, not yet available */
	    pod("c", "n1", "Pending", -1, 200, 0),  /* neither */
	};

	(void)state;
	jx_set(p[0], "metadata.labels.tier", json_string("fe"));
	jx_set(p[1], "metadata.labels.tier", json_string("fe"));
	st = rs_status(rs, (const json_t *const *)p, 3, NULL, NULL, NOW);
	assert_int_equal(jx_int(st, "replicas", -1), 3);
	assert_int_equal(jx_int(st, "fullyLabeledReplicas", -1), 2);
	assert_int_equal(jx_int(st, "readyReplicas", -1), 2);
	assert_int_equal(jx_int(st, "availableReplicas", -1), 1);
	assert_int_equal(jx_int(st, "observedGeneration", -1), 4);
	assert_null(json_object_get(st, "conditions"));
	assert_true(rs_status_changed(rs, st));
	json_object_set(rs, "status", st);
	assert_false(rs_status_changed(rs, st));
	json_decref(st);

	/* A failed create adds ReplicaFailure; it stays while failures go on. */
	st = rs_status(rs, (const json_t *const *)p, 3, "FailedCreate", "quota", NOW);
	assert_string_equal(jx_str(json_array_get(json_object_get(st, "conditions"), 0), "reason"),
			    "FailedCreate");
	assert_true(rs_status_changed(rs, st));
	json_object_set(rs, "status", st);
	json_decref(st);
	st = rs_status(rs, (const json_t *const *)p, 3, "FailedCreate", "other", NOW + 5);
	assert_false(rs_status_changed(rs, st));
	json_decref(st);
	/* Success drops it. */
	st = rs_status(rs, (const json_t *const *)p, 3, NULL, NULL, NOW);
	assert_null(json_object_get(st, "conditions"));
	assert_true(rs_status_changed(rs, st));
	json_decref(st);

	/* No pods: zero counts are left out, replicas is not. */
	st = rs_status(rs, NULL, 0, NULL, NULL, NOW);
	assert_int_equal(jx_int(st, "replicas", -1), 0);
	assert_null(json_object_get(st, "readyReplicas"));
	json_decref(st);
	free_all(p, 3);
	json_decref(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rank_basic),
	    cmocka_unit_test(test_rank_time_and_restarts),
	    cmocka_unit_test(test_rank_cost_and_colocation),
	    cmocka_unit_test(test_slow_start),
	    cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
