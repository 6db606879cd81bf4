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

static void roundtrip(const char *in, long n, const char *want)
{
	bool set[64] = {0};
	char *out;

	assert_int_equal(job_parse_indexes(in, set, n), 0);
	out = job_format_indexes(set, n);
	if (strcmp(out, want))
		fail_msg("%s over %ld: got %s, want %s", in, n, out, want);
	free(out);
}

static void test_indexes(void **state)
{
	bool set[16] = {0};

	(void)state;
	roundtrip("", 10, "");
	roundtrip("0", 10, "0");
	roundtrip("1,3-5", 10, "1,3-5");
	roundtrip("1,2,3,5", 10, "1-3,5");
	roundtrip("0-2,3", 10, "0-3");
	roundtrip("0-9", 10, "0-9");
	roundtrip("4-12", 8, "4-7"); /* indexes past completions are dropped */
	assert_int_equal(job_parse_indexes("1,,2", set, 16), -1);
	assert_int_equal(job_parse_indexes("3-1", set, 16), -1);
	assert_int_equal(job_parse_indexes("a", set, 16), -1);
	assert_int_equal(job_parse_indexes("-1", set, 16), -1);
}

static void test_pod_index(void **state)
{
	json_t *p = json_pack("{s:{s:{s:s}}}", "metadata", "annotations",
			      "batch.kubernetes.io/job-completion-index", "3");

	(void)state;
	assert_int_equal(job_pod_index(p), 3);
	json_object_del(json_object_get(p, "metadata"), "annotations");
	assert_int_equal(job_pod_index(p), -1);
	json_object_set_new(jx_obj(p, "metadata"), "labels",
			    json_pack("{s:s}", "batch.kubernetes.io/job-completion-index", "7"));
	assert_int_equal(job_pod_index(p), 7);
	json_object_set_new(jx_obj(p, "metadata"), "labels",
			    json_pack("{s:s}", "batch.kubernetes.io/job-completion-index", "7x"));
	assert_int_equal(job_pod_index(p), -1);
	json_decref(p);
}

static long want(const char *spec, long succeeded)
{
	json_error_t e;
	json_t *job = json_loads(spec, 0, &e);
	long n = job_want_active(job, succeeded);

	json_decref(job);
	return n;
}

static void test_want_active(void **state)
{
	(void)state;
	assert_int_equal(want("{\"spec\":{\"completions\":5,\"parallelism\":2}}", 0), 2);
	assert_int_equal(want("{\"spec\":{\"completions\":5,\"parallelism\":2}}", 4), 1);
	assert_int_equal(want("{\"spec\":{\"completions\":5,\"parallelism\":2}}", 5), 0);
	assert_int_equal(want("{\"spec\":{\"completions\":5,\"parallelism\":2}}", 7), 0);
	/* Without completions: parallelism until any pod succeeds (a work queue). */
	assert_int_equal(want("{\"spec\":{\"parallelism\":3}}", 0), 3);
	assert_int_equal(want("{\"spec\":{\"parallelism\":3}}", 1), 0);
	assert_int_equal(
	    want("{\"spec\":{\"completions\":5,\"parallelism\":2,\"suspend\":true}}", 0), 0);
	assert_int_equal(want("{\"spec\":{\"completions\":1,\"parallelism\":0}}", 0), 0);
}

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(job_backoff_secs(0), 0);
	assert_int_equal(job_backoff_secs(1), 10);
	assert_int_equal(job_backoff_secs(2), 20);
	assert_int_equal(job_backoff_secs(3), 40);
	assert_int_equal(job_backoff_secs(7), 600);
	assert_int_equal(job_backoff_secs(1000), 600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_indexes),
	    cmocka_unit_test(test_pod_index),
	    cmocka_unit_test(test_want_active),
	    cmocka_unit_test(test_backoff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
