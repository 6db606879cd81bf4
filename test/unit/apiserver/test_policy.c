/* Reconciliation of the default RBAC policy: only what is missing is added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/apiserver.h"

static json_t *load(const char *s)
{
	json_t *v = json_loads(s, 0, NULL);
	assert_non_null(v);
	return v;
}

static const char *want_role =
    "{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"r\",\"labels\":{\"kubernetes.io/"
    "bootstrapping\":\"rbac-defaults\"},\"annotations\":{\"rbac.authorization.kubernetes.io/"
    "autoupdate\":\"true\"}},\"rules\":[{\"verbs\":[\"get\",\"list\"],\"apiGroups\":[\"\"],"
    "\"resources\":[\"pods\",\"pods/log\"]},{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/api\"]}]}";

static void test_covered_role_unchanged(void **state)
{
	json_t *want = load(want_role);
	/* A wider grant covers the wanted rules; extra labels stay. */
	json_t *cur = load("{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"r\",\"labels\":{"
			   "\"kubernetes.io/bootstrapping\":\"rbac-defaults\",\"x\":\"y\"},"
			   "\"annotations\":{\"rbac.authorization.kubernetes.io/autoupdate\":"
			   "\"true\"}},\"rules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],"
			   "\"resources\":[\"pods\",\"*/log\"]},{\"verbs\":[\"get\"],"
			   "\"nonResourceURLs\":[\"/a*\"]}]}");

	(void)state;
	assert_null(policy_merge(cur, want));
	json_decref(cur);
	json_decref(want);
}

static void test_missing_parts_added(void **state)
{
	json_t *want = load(want_role), *next;
	json_t *cur = load("{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"r\"},\"rules\":[{"
			   "\"verbs\":[\"get\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}]}");

	(void)state;
	next = policy_merge(cur, want);
	assert_non_null(next);
	/* list pods, get and list pods/log, get /api: one atomic rule each */
	assert_int_equal(json_array_size(json_object_get(next, "rules")), 5);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(json_object_get(next, "metadata"), "labels"),
				"kubernetes.io/bootstrapping")),
			    "rbac-defaults");
	/* merging again finds nothing to add */
	assert_null(policy_merge(next, want));
	json_decref(next);
	json_decref(cur);
	json_decref(want);
}

static void test_opted_out_left_alone(void **state)
{
	json_t *want = load(want_role);
	json_t *cur = load("{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"r\",\"annotations\":"
			   "{\"rbac.authorization.kubernetes.io/autoupdate\":\"false\"}},"
			   "\"rules\":[]}");

	(void)state;
	assert_null(policy_merge(cur, want));
	json_decref(cur);
	json_decref(want);
}

static void test_binding_subjects_added(void **state)
{
	json_t *want =
	    load("{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"b\"},"
		 "\"subjects\":[{\"kind\":\"Group\",\"name\":\"a\"},{\"kind\":\"Group\","
		 "\"name\":\"b\"}],\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"r\"}}");
	json_t *cur =
	    load("{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"b\"},"
		 "\"subjects\":[{\"kind\":\"User\",\"name\":\"u\"},{\"kind\":\"Group\","
		 "\"name\":\"a\"}],\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"r\"}}");
	json_t *next;

	(void)state;
	next = policy_merge(cur, want);
	assert_non_null(next);
	assert_int_equal(json_array_size(json_object_get(next, "subjects")), 3);
	json_decref(next);
	json_decref(cur);
	json_decref(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_covered_role_unchanged),
	    cmocka_unit_test(test_missing_parts_added),
	    cmocka_unit_test(test_opted_out_left_alone),
	    cmocka_unit_test(test_binding_subjects_added),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
