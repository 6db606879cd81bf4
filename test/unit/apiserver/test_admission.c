/* The admission plugins' logic over plain objects, with upstream's messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonx.h"
#include "../../../apiserver/admission.h"
#include "../../../apiserver/kind.h"

static json_t *parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	if (!v)
		fail_msg("bad test JSON: %s (%s)", err.text, s);
	return v;
}

static void check_value(const json_t *got, const char *what, const char *want)
{
	json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);

	if (!jx_equal(got, w)) {
		char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

		fail_msg("%s: got %s, want %s", what, g ? g : "(absent)", want);
	}
	json_decref(w);
}

/* Compare obj's value at path with the JSON text want. */
static void expect(const json_t *obj, const char *path, const char *want)
{
	check_value(jx_get(obj, path), path, want);
}

/* The same for a key that may hold dots (resource names). */
static void expect_key(const json_t *obj, const char *key, const char *want)
{
	check_value(json_object_get(obj, key), key, want);
}

static void expect_msg(char *got, const char *want)
{
	if (!want && got)
		fail_msg("unexpected message: %s", got);
	if (want && (!got || strcmp(got, want)))
		fail_msg("got %s\nwant %s", got ? got : "(none)", want);
	free(got);
}

static const struct kind *kind(const char *group, const char *resource)
{
	const struct kind *k = kind_by_resource(group, NULL, resource);

	assert_non_null(k);
	return k;
}

#define RANGE                                                                                      \
	"[{\"metadata\":{\"name\":\"lim\"},\"spec\":{\"limits\":[{\"type\":\"Container\","         \
	"\"default\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},"                                     \
	"\"defaultRequest\":{\"cpu\":\"200m\"},\"min\":{\"cpu\":\"100m\"},"                        \
	"\"max\":{\"cpu\":\"1\"},\"maxLimitRequestRatio\":{\"cpu\":\"4\"}},"                       \
	"{\"type\":\"Pod\",\"max\":{\"memory\":\"1Gi\"}},"                                         \
	"{\"type\":\"PersistentVolumeClaim\",\"min\":{\"storage\":\"1Gi\"},"                       \
	"\"max\":{\"storage\":\"10Gi\"}}]}}]"

static void test_limit_defaults(void **state)
{
	json_t *ranges = parse(RANGE);
	json_t *pod = parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":"
			    "\"web\",\"resources\":{\"limits\":{\"memory\":\"128Mi\"},"
			    "\"requests\":{\"memory\":\"128Mi\"}}}],\"initContainers\":[{\"name\":"
			    "\"init\"}]}}");

	(void)state;
	adm_limit_default(pod, ranges);
	expect(pod, "spec.containers",
	       "[{\"name\":\"web\",\"resources\":{\"limits\":{\"memory\":"
	       "\"128Mi\",\"cpu\":\"500m\"},\"requests\":{\"memory\":"
	       "\"128Mi\",\"cpu\":\"200m\"}}}]");
	expect(pod, "spec.initContainers",
	       "[{\"name\":\"init\",\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":"
	       "\"256Mi\"},\"requests\":{\"cpu\":\"200m\"}}}]");
	assert_string_equal(
	    json_string_value(
		json_object_get(jx_get(pod, "metadata.annotations"), "kubernetes.io/limit-ranger")),
	    "LimitRanger plugin set: cpu request for container web; cpu limit for container web; "
	    "cpu request for init container init; cpu, memory limit for init container init");
	json_decref(pod);
	json_decref(ranges);
}

static void test_limit_checks(void **state)
{
	json_t *ranges = parse(RANGE);
	json_t *bad =
	    parse("{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{"
		  "\"requests\":{\"cpu\":\"0.05\",\"memory\":\"1Gi\"},\"limits\":{\"cpu\":"
		  "\"2\",\"memory\":\"2Gi\"}}}]}}");
	json_t *good = parse("{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{"
			     "\"requests\":{\"cpu\":\"250m\",\"memory\":\"64Mi\"},\"limits\":{"
			     "\"cpu\":\"500m\",\"memory\":\"64Mi\"}}}]}}");
	json_t *noreq = parse("{\"spec\":{\"containers\":[{\"name\":\"c\"}]}}");
	json_t *pvc = parse("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"20Gi\"}}}}");

	(void)state;
	expect_msg(adm_limit_check("Pod", bad, ranges),
		   "[minimum cpu usage per Container is 100m, but request is 50m, maximum cpu "
		   "usage per Container is 1, but limit is 2, cpu max limit to request ratio per "
		   "Container is 4, but provided ratio is 40.000000, maximum memory usage per Pod "
		   "is 1Gi, but limit is 2Gi]");
	expect_msg(adm_limit_check("Pod", good, ranges), NULL);
	expect_msg(adm_limit_check("Pod", noreq, ranges),
		   "[minimum cpu usage per Container is 100m.  No request is specified, maximum "
		   "cpu usage per Container is 1.  No limit is specified, cpu max limit to request "
		   "ratio per Container is 4, but no request is specified or request is 0, "
		   "maximum memory usage per Pod is 1Gi.  No limit is specified]");
	expect_msg(adm_limit_check("PersistentVolumeClaim", pvc, ranges),
		   "maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi");
	json_decref(ranges);
	json_decref(bad);
	json_decref(good);
	json_decref(noreq);
	json_decref(pvc);
}

static void test_service_account(void **state)
{
	json_t *pod = parse("{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\","
			    "\"volumeMounts\":[{\"name\":\"x\",\"mountPath\":"
			    "\"/var/run/secrets/kubernetes.io/serviceaccount\"}]}],"
			    "\"volumes\":[{\"name\":\"x\",\"emptyDir\":{}}]}}");
	json_t *off = parse("{\"spec\":{\"automountServiceAccountToken\":false}}");
	json_t *sa_off = parse("{\"automountServiceAccountToken\":false}");
	json_t *on = parse("{\"spec\":{\"automountServiceAccountToken\":true}}");

	(void)state;
	adm_sa_mount(pod, "kube-api-access-abcde");
	expect(json_array_get(jx_get(pod, "spec.containers"), 0), "volumeMounts",
	       "[{\"name\":\"kube-api-access-abcde\",\"readOnly\":true,\"mountPath\":"
	       "\"/var/run/secrets/kubernetes.io/serviceaccount\"}]");
	/* A container that mounts something there keeps it. */
	assert_int_equal(json_array_size(jx_get(json_array_get(jx_get(pod, "spec.containers"), 1),
						"volumeMounts")),
			 1);
	expect(json_array_get(jx_get(pod, "spec.volumes"), 1), "projected",
	       "{\"sources\":[{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":"
	       "\"token\"}},{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":"
	       "\"ca.crt\",\"path\":\"ca.crt\"}]}},{\"downwardAPI\":{\"items\":[{\"path\":"
	       "\"namespace\",\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":"
	       "\"metadata.namespace\"}}]}}],\"defaultMode\":420}");
	/* Mounting twice changes nothing. */
	adm_sa_mount(pod, "kube-api-access-zzzzz");
	assert_int_equal(json_array_size(jx_get(pod, "spec.volumes")), 2);
	assert_false(adm_sa_automount(off, NULL));
	assert_false(adm_sa_automount(pod, sa_off));
	assert_true(adm_sa_automount(on, sa_off));
	assert_true(adm_sa_automount(pod, NULL));
	json_decref(pod);
	json_decref(off);
	json_decref(sa_off);
	json_decref(on);
}

static void test_tolerations(void **state)
{
	json_t *pod = parse("{\"spec\":{\"tolerations\":[{\"key\":\"node.kubernetes.io/"
			    "unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
			    "\"tolerationSeconds\":10}]}}");
	json_t *all = parse("{\"spec\":{\"tolerations\":[{\"operator\":\"Exists\"}]}}");

	(void)state;
	adm_tolerations(pod);
	expect(pod, "spec.tolerations",
	       "[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":"
	       "\"NoExecute\",\"tolerationSeconds\":10},{\"key\":\"node.kubernetes.io/not-ready\","
	       "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");
	adm_tolerations(all);
	expect(all, "spec.tolerations", "[{\"operator\":\"Exists\"}]");
	json_decref(pod);
	json_decref(all);
}

static void test_priority(void **state)
{
	json_t *classes = parse("[{\"metadata\":{\"name\":\"high\"},\"value\":1000,"
				"\"preemptionPolicy\":\"Never\"},{\"metadata\":{\"name\":\"d\"},"
				"\"value\":7,\"globalDefault\":true}]");
	json_t *none = parse("[]");
	json_t *p1 = parse("{\"spec\":{\"priorityClassName\":\"high\"}}");
	json_t *p2 = parse("{\"spec\":{}}");
	json_t *p3 = parse("{\"spec\":{}}");
	json_t *p4 = parse("{\"spec\":{\"priorityClassName\":\"system-cluster-critical\"}}");
	json_t *p5 = parse("{\"spec\":{\"priorityClassName\":\"foo\"}}");
	json_t *p6 = parse("{\"spec\":{\"priorityClassName\":\"high\",\"priority\":5}}");

	(void)state;
	expect_msg(adm_priority(p1, classes), NULL);
	expect(p1, "spec",
	       "{\"priorityClassName\":\"high\",\"priority\":1000,"
	       "\"preemptionPolicy\":\"Never\"}");
	expect_msg(adm_priority(p2, classes), NULL);
	expect(p2, "spec",
	       "{\"priorityClassName\":\"d\",\"priority\":7,"
	       "\"preemptionPolicy\":\"PreemptLowerPriority\"}");
	expect_msg(adm_priority(p3, none), NULL);
	expect(p3, "spec", "{\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"}");
	expect_msg(adm_priority(p4, none), NULL);
	expect(p4, "spec.priority", "2000000000");
	expect_msg(adm_priority(p5, classes), "no PriorityClass with name foo was found");
	expect_msg(adm_priority(p6, classes),
		   "the integer value of priority (5) must not be provided in pod spec; priority "
		   "admission controller computed 1000 from the given PriorityClass name");
	json_decref(classes);
	json_decref(none);
	json_decref(p1);
	json_decref(p2);
	json_decref(p3);
	json_decref(p4);
	json_decref(p5);
	json_decref(p6);
}

static void test_usage(void **state)
{
	const struct kind *pods = kind("", "pods"), *svcs = kind("", "services");
	json_t *pod =
	    parse("{\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{"
		  "\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"},\"limits\":{"
		  "\"memory\":\"128Mi\"}}},{\"name\":\"b\",\"resources\":{\"requests\":{"
		  "\"cpu\":\"0.2\"}}}],\"initContainers\":[{\"name\":\"i\",\"resources\":{"
		  "\"requests\":{\"cpu\":\"1\"}}}]}}");
	json_t *done = parse("{\"spec\":{},\"status\":{\"phase\":\"Succeeded\"}}");
	json_t *lb = parse("{\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":1},"
			   "{\"port\":2}]}}");
	json_t *cm = parse("{}");
	json_t *u;

	(void)state;
	u = adm_usage(pods, pod);
	expect_key(u, "pods", "\"1\"");
	expect_key(u, "count/pods", "\"1\"");
	expect_key(u, "requests.cpu", "\"1\""); /* the init container needs more than the rest */
	expect_key(u, "cpu", "\"1\"");
	expect_key(u, "requests.memory", "\"64Mi\"");
	expect_key(u, "limits.memory", "\"128Mi\"");
	json_decref(u);
	u = adm_usage(pods, done);
	assert_int_equal(json_object_size(u), 1);
	expect_key(u, "count/pods", "\"1\"");
	json_decref(u);
	u = adm_usage(svcs, lb);
	expect_key(u, "services.nodeports", "\"2\"");
	expect_key(u, "services.loadbalancers", "\"1\"");
	json_decref(u);
	u = adm_usage(kind("", "configmaps"), cm);
	expect_key(u, "configmaps", "\"1\"");
	assert_non_null(json_object_get(u, "count/configmaps"));
	json_decref(u);
	u = adm_usage(kind("apps", "deployments"), cm);
	assert_non_null(json_object_get(u, "count/deployments.apps"));
	json_decref(u);
	json_decref(pod);
	json_decref(done);
	json_decref(lb);
	json_decref(cm);
}

static void test_quota(void **state)
{
	const struct kind *pods = kind("", "pods");
	json_t *q = parse("{\"metadata\":{\"name\":\"qingge\"},\"spec\":{\"hard\":{\"pods\":"
			  "\"1\"}}}");
	json_t *cpu = parse("{\"metadata\":{\"name\":\"compute\"},\"spec\":{\"hard\":{"
			    "\"requests.cpu\":\"1\",\"limits.memory\":\"1Gi\"}}}");
	json_t *scoped = parse("{\"metadata\":{\"name\":\"s\"},\"spec\":{\"hard\":{\"pods\":"
			       "\"1\"},\"scopes\":[\"BestEffort\"]}}");
	json_t *used1 = parse("{\"pods\":\"1\"}"), *used0 = parse("{\"pods\":\"0\"}");
	json_t *cused = parse("{\"requests.cpu\":\"800m\",\"limits.memory\":\"0\"}");
	json_t *pod = parse("{\"spec\":{\"containers\":[{\"name\":\"nginx\"},{\"name\":\"b\"}]}}");
	json_t *big = parse("{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{"
			    "\"requests\":{\"cpu\":\"300m\"},\"limits\":{\"memory\":\"1Gi\"}}}]}}");

	(void)state;
	assert_true(adm_quota_matches(pods, q, pod));
	assert_false(adm_quota_matches(kind("", "configmaps"), q, pod));
	assert_true(adm_quota_matches(pods, scoped, pod));
	assert_false(adm_quota_matches(pods, scoped, big));
	expect_msg(adm_quota_check(pods, q, used0, pod, NULL), NULL);
	expect_msg(adm_quota_check(pods, q, used1, pod, NULL),
		   "exceeded quota: qingge, requested: pods=1, used: pods=1, limited: pods=1");
	expect_msg(adm_quota_check(pods, cpu, cused, pod, NULL),
		   "failed quota: compute: must specify limits.memory for: b,nginx; requests.cpu "
		   "for: b,nginx");
	expect_msg(adm_quota_check(pods, cpu, cused, big, NULL),
		   "exceeded quota: compute, requested: requests.cpu=300m, used: "
		   "requests.cpu=800m, limited: requests.cpu=1");
	/* An update is charged only for what it adds. */
	expect_msg(adm_quota_check(pods, q, used1, pod, pod), NULL);
	json_decref(q);
	json_decref(cpu);
	json_decref(scoped);
	json_decref(used1);
	json_decref(used0);
	json_decref(cused);
	json_decref(pod);
	json_decref(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_limit_defaults),  cmocka_unit_test(test_limit_checks),
	    cmocka_unit_test(test_service_account), cmocka_unit_test(test_tolerations),
	    cmocka_unit_test(test_priority),	    cmocka_unit_test(test_usage),
	    cmocka_unit_test(test_quota),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
