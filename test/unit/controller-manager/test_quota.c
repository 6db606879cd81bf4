/* resourcequota's usage sums and scopes, and the disruption controller's budget arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/cm.h"
#include "../../../controller-manager/decide.h"
#include "quota.h"
#include "jsonx.h"

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

#define POD_A                                                                                      \
	"{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":["                                \
	"{\"resources\":{\"requests\":{\"cpu\":\"250m\",\"memory\":\"64Mi\"},"                     \
	"\"limits\":{\"cpu\":\"500m\",\"memory\":\"128Mi\"}}},"                                    \
	"{\"resources\":{\"requests\":{\"cpu\":\"250m\",\"memory\":\"64Mi\",\"example.com/gpu\":"  \
	"\"1\"}}}],"                                                                               \
	"\"initContainers\":[{\"resources\":{\"requests\":{\"cpu\":\"2\"}}}]}}"

static void test_pod_usage(void **state)
{
	json_t *pod = parse(POD_A), *u = quota_usage("pods", pod, 0);

	(void)state;
	assert_string_equal(jx_str(u, "pods"), "1");
	assert_string_equal(json_string_value(json_object_get(u, "count/pods")), "1");
	/* the init container's 2 cpus are more than the containers' sum */
	assert_string_equal(json_string_value(json_object_get(u, "requests.cpu")), "2");
	assert_string_equal(jx_str(u, "cpu"), "2");
	assert_string_equal(json_string_value(json_object_get(u, "requests.memory")), "128Mi");
	assert_string_equal(json_string_value(json_object_get(u, "limits.cpu")), "500m");
	assert_string_equal(json_string_value(json_object_get(u, "requests.example.com/gpu")), "1");
	json_decref(u);

	/* a finished pod counts as an object only */
	jx_set_str(pod, "status.phase", "Succeeded");
	u = quota_usage("pods", pod, 0);
	assert_int_equal(json_object_size(u), 1);
	assert_non_null(json_object_get(u, "count/pods"));
	json_decref(u);
	json_decref(pod);
}

static void test_sum_and_mask(void **state)
{
	json_t *hard = parse("{\"pods\":\"10\",\"requests.cpu\":\"4\",\"requests.memory\":\"1Gi\","
			     "\"services\":\"5\",\"services.nodeports\":\"2\","
			     "\"configmaps\":\"3\",\"count/deployments.apps\":\"1\"}");
	json_t *used = rq_zero(hard), *pod = parse(POD_A), *u;
	json_t *svc =
	    parse("{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":1},{\"port\":2}]}}");
	json_t *want = parse("{\"pods\":\"2\",\"requests.cpu\":\"4\",\"requests.memory\":\"256Mi\","
			     "\"services\":\"1\",\"services.nodeports\":\"2\",\"configmaps\":\"1\","
			     "\"count/deployments.apps\":\"1\"}");

	(void)state;
	for (int i = 0; i < 2; i++) {
		u = quota_usage("pods", pod, 0);
		rq_add(used, u, hard);
		json_decref(u);
	}
	u = quota_usage("services", svc, 0);
	rq_add(used, u, hard);
	json_decref(u);
	u = quota_usage("configmaps", pod, 0);
	rq_add(used, u, hard);
	json_decref(u);
	u = quota_usage("deployments.apps", pod, 0);
	rq_add(used, u, hard);
	json_decref(u);
	/* names the quota does not limit are not reported */
	assert_null(json_object_get(used, "limits.cpu"));
	if (!rq_equal(used, want))
		fail_msg("used %s", jx_dump(used));
	assert_string_equal(json_string_value(json_object_get(used, "requests.memory")), "256Mi");
	assert_false(rq_equal(used, hard));
	json_decref(hard);
	json_decref(used);
	json_decref(pod);
	json_decref(svc);
	json_decref(want);
}

static void test_scopes(void **state)
{
	json_t *be = parse("{\"spec\":{\"containers\":[{}]}}");
	json_t *burst = parse(POD_A);
	json_t *term =
	    parse("{\"spec\":{\"activeDeadlineSeconds\":5,\"priorityClassName\":\"high\","
		  "\"containers\":[{}]}}");
	json_t *q_be = parse("{\"spec\":{\"scopes\":[\"BestEffort\"]}}");
	json_t *q_term = parse("{\"spec\":{\"scopes\":[\"Terminating\"]}}");
	json_t *q_pc = parse("{\"spec\":{\"scopeSelector\":{\"matchExpressions\":[{\"scopeName\":"
			     "\"PriorityClass\",\"operator\":\"In\",\"values\":[\"high\"]}]}}}");

	(void)state;
	assert_true(rq_matches(q_be, "pods", be));
	assert_false(rq_matches(q_be, "pods", burst));
	assert_true(rq_matches(q_be, "pods", term));
	assert_true(rq_matches(q_term, "pods", term));
	assert_false(rq_matches(q_term, "pods", be));
	assert_true(rq_matches(q_pc, "pods", term));
	assert_false(rq_matches(q_pc, "pods", burst));
	/* scoped quotas count pods only */
	assert_false(rq_matches(q_be, "services", be));
	json_decref(be);
	json_decref(burst);
	json_decref(term);
	json_decref(q_be);
	json_decref(q_term);
	json_decref(q_pc);
}

static void pdb_case(const char *spec, size_t npods, long scale, long healthy, long expected,
		     long desired, long allowed)
{
	json_t *pdb = parse(spec);
	struct pdb_counts c;
	char err[200];

	if (pdb_compute(pdb, npods, scale, healthy, &c, err, sizeof(err)))
		fail_msg("%s: %s", spec, err);
	if (c.expected != expected || c.desired != desired || c.allowed != allowed)
		fail_msg("%s: expected %ld desired %ld allowed %ld", spec, c.expected, c.desired,
			 c.allowed);
	json_decref(pdb);
}

static void test_pdb(void **state)
{
	json_t *bad = parse("{\"spec\":{\"minAvailable\":\"half\"}}");
	struct pdb_counts c;
	char err[200];

	(void)state;
	/* minAvailable int: expected is the pods found */
	pdb_case("{\"spec\":{\"minAvailable\":2}}", 3, -1, 3, 3, 2, 1);
	pdb_case("{\"spec\":{\"minAvailable\":2}}", 3, -1, 1, 3, 2, 0);
	/* percent of the controllers' scale, rounded up */
	pdb_case("{\"spec\":{\"minAvailable\":\"50%\"}}", 3, 5, 4, 5, 3, 1);
	/* maxUnavailable against the scale */
	pdb_case("{\"spec\":{\"maxUnavailable\":1}}", 3, 3, 3, 3, 2, 1);
	pdb_case("{\"spec\":{\"maxUnavailable\":\"34%\"}}", 3, 3, 3, 3, 1, 2);
	pdb_case("{\"spec\":{\"maxUnavailable\":5}}", 3, 3, 3, 3, 0, 3);
	/* no pods expected: nothing may be disrupted */
	pdb_case("{\"spec\":{\"minAvailable\":0}}", 0, -1, 0, 0, 0, 0);
	json_t *pct = json_string("10%"), *plain = json_string("10");
	assert_int_equal(pdb_scaled(pct, 15), 2);
	assert_int_equal(pdb_scaled(plain, 15), -1);
	json_decref(pct);
	json_decref(plain);
	assert_int_equal(pdb_compute(bad, 1, 1, 1, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a percentage"));
	json_decref(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pod_usage),
	    cmocka_unit_test(test_sum_and_mask),
	    cmocka_unit_test(test_scopes),
	    cmocka_unit_test(test_pdb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
