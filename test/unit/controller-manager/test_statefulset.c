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

static void test_ordinals(void **state)
{
	(void)state;
	assert_int_equal(sts_ordinal("web", "web-0"), 0);
	assert_int_equal(sts_ordinal("web", "web-12"), 12);
	assert_int_equal(sts_ordinal("my-set", "my-set-3"), 3);
	/* A set whose name prefixes another's must not claim its ordinals. */
	assert_int_equal(sts_ordinal("web", "web-x-1"), -1);
	assert_int_equal(sts_ordinal("web", "webby-1"), -1);
	assert_int_equal(sts_ordinal("web", "web-"), -1);
	assert_int_equal(sts_ordinal("web", "web"), -1);
	assert_int_equal(sts_ordinal("web", "web-1a"), -1);
	assert_int_equal(sts_ordinal("web", "web--1"), -1);
	assert_int_equal(sts_ordinal("web", NULL), -1);
	assert_int_equal(sts_ordinal("web", "web-99999999999999999999"), -1);
}

static void test_claim_names(void **state)
{
	char *n = sts_claim_name("data", "web", 2);

	(void)state;
	assert_string_equal(n, "data-web-2");
	/* The claim of ordinal 2 parses back under the "<template>-<set>" prefix. */
	assert_int_equal(sts_ordinal("data-web", n), 2);
	free(n);
}

static void test_running_ready(void **state)
{
	json_t *p = json_pack("{s:{s:s, s:[{s:s, s:s}]}}", "status", "phase", "Running",
			      "conditions", "type", "Ready", "status", "True");

	(void)state;
	assert_true(sts_running_ready(p));
	jx_set_str(p, "status.phase", "Pending");
	assert_false(sts_running_ready(p));
	jx_set_str(p, "status.phase", "Running");
	json_object_set_new(json_array_get(jx_get(p, "status.conditions"), 0), "status",
			    json_string("False"));
	assert_false(sts_running_ready(p));
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ordinals),
	    cmocka_unit_test(test_claim_names),
	    cmocka_unit_test(test_running_ready),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
