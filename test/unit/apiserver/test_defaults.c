/* Defaulting and prepare-for-create, compared with what upstream stores. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonx.h"
#include "../../../apiserver/defaults.h"
#include "../../../apiserver/kind.h"

static json_t *parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	if (!v)
		fail_msg("bad test JSON: %s", err.text);
	return v;
}

/* Compare obj's value at path with the JSON text want. */
static void expect(const json_t *obj, const char *path, const char *want)
{
	json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);
	const json_t *got = jx_get(obj, path);

	if (!jx_equal(got, w)) {
		char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

		fail_msg("%s: got %s, want %s", path, g ? g : "(absent)", want);
	}
	json_decref(w);
}

static void run(const struct strategy *s, json_t *obj)
{
	if (s->defaults)
		s->defaults(obj);
	if (s->prepare_create)
		s->prepare_create(obj);
}

static void test_pull_policy(void **state)
{
	(void)state;
	assert_string_equal(def_pull_policy("nginx"), "Always");
	assert_string_equal(def_pull_policy("nginx:latest"), "Always");
	assert_string_equal(def_pull_policy("nginx:1.25"), "IfNotPresent");
	assert_string_equal(def_pull_policy("localhost:5000/nginx"), "Always");
	assert_string_equal(def_pull_policy("localhost:5000/nginx:v1"), "IfNotPresent");
	assert_string_equal(def_pull_policy("nginx@sha256:abcd"), "IfNotPresent");
	assert_string_equal(def_pull_policy(""), "IfNotPresent");
}

static void test_pod(void **state)
{
	json_t *pod = parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":"
			    "\"c\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":80}],"
			    "\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},"
			    "\"readinessProbe\":{\"httpGet\":{\"port\":80}}}],"
			    "\"volumes\":[{\"name\":\"a\"},{\"name\":\"b\",\"secret\":"
			    "{\"secretName\":\"s\"}}]}}");

	(void)state;
	run(&pod_strategy, pod);
	expect(pod, "spec.restartPolicy", "\"Always\"");
	expect(pod, "spec.dnsPolicy", "\"ClusterFirst\"");
	expect(pod, "spec.terminationGracePeriodSeconds", "30");
	expect(pod, "spec.schedulerName", "\"default-scheduler\"");
	expect(pod, "spec.securityContext", "{}");
	expect(pod, "spec.enableServiceLinks", "true");
	expect(pod, "status", "{\"phase\":\"Pending\",\"qosClass\":\"Guaranteed\"}");
	expect(json_array_get(jx_get(pod, "spec.containers"), 0), "imagePullPolicy", "\"Always\"");
	expect(json_array_get(jx_get(pod, "spec.containers"), 0), "terminationMessagePath",
	       "\"/dev/termination-log\"");
	expect(json_array_get(jx_get(pod, "spec.containers"), 0), "terminationMessagePolicy",
	       "\"File\"");
	expect(json_array_get(jx_get(pod, "spec.containers"), 0), "resources.requests",
	       "{\"cpu\":\"1\",\"memory\":\"1Gi\"}");
	expect(json_array_get(jx_get(pod, "spec.containers"), 0), "readinessProbe",
	       "{\"httpGet\":{\"port\":80,\"path\":\"/\",\"scheme\":\"HTTP\"},\"timeoutSeconds\":1,"
	       "\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3}");
	expect(
	    json_array_get(jx_get(json_array_get(jx_get(pod, "spec.containers"), 0), "ports"), 0),
	    "protocol", "\"TCP\"");
	expect(json_array_get(jx_get(pod, "spec.volumes"), 0), "emptyDir", "{}");
	expect(json_array_get(jx_get(pod, "spec.volumes"), 1), "secret",
	       "{\"secretName\":\"s\",\"defaultMode\":420}");
	json_decref(pod);
}

static void test_pod_qos(void **state)
{
	json_t *be = parse("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");
	json_t *bu = parse("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\","
			   "\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]}}");

	(void)state;
	run(&pod_strategy, be);
	run(&pod_strategy, bu);
	expect(be, "status.qosClass", "\"BestEffort\"");
	expect(bu, "status.qosClass", "\"Burstable\"");
	json_decref(be);
	json_decref(bu);
}

static void test_service(void **state)
{
	json_t *svc = parse("{\"spec\":{\"ports\":[{\"port\":80}],\"selector\":{\"a\":\"b\"}}}");
	json_t *np = parse("{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
			   "\"targetPort\":\"http\"}]}}");

	(void)state;
	run(&service_strategy, svc);
	expect(svc, "spec.type", "\"ClusterIP\"");
	expect(svc, "spec.sessionAffinity", "\"None\"");
	expect(svc, "spec.ports", "[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}]");
	expect(svc, "spec.internalTrafficPolicy", "\"Cluster\"");
	expect(svc, "spec.ipFamilies", "[\"IPv4\"]");
	expect(svc, "spec.ipFamilyPolicy", "\"SingleStack\"");
	expect(svc, "spec.externalTrafficPolicy", NULL);
	expect(svc, "status", "{\"loadBalancer\":{}}");
	run(&service_strategy, np);
	expect(np, "spec.externalTrafficPolicy", "\"Cluster\"");
	expect(np, "spec.ports", "[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":\"http\"}]");
	json_decref(svc);
	json_decref(np);
}

static void test_deployment(void **state)
{
	json_t *d = parse("{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":"
			  "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":"
			  "[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}}}");

	(void)state;
	run(&deployment_strategy, d);
	expect(d, "spec.replicas", "1");
	expect(d, "spec.strategy",
	       "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\","
	       "\"maxSurge\":\"25%\"}}");
	expect(d, "spec.revisionHistoryLimit", "10");
	expect(d, "spec.progressDeadlineSeconds", "600");
	expect(d, "spec.template.metadata.creationTimestamp", "null");
	expect(d, "spec.template.spec.restartPolicy", "\"Always\"");
	expect(d, "spec.template.spec.enableServiceLinks", NULL);
	expect(json_array_get(jx_get(d, "spec.template.spec.containers"), 0), "imagePullPolicy",
	       "\"IfNotPresent\"");
	expect(d, "status", "{}");
	json_decref(d);
}

static void test_job(void **state)
{
	json_t *j = parse("{\"metadata\":{\"name\":\"pi\",\"uid\":\"u1\"},\"spec\":{\"template\":"
			  "{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"c\","
			  "\"image\":\"perl\"}]}}}}");

	(void)state;
	run(&job_strategy, j);
	expect(j, "spec.completions", "1");
	expect(j, "spec.parallelism", "1");
	expect(j, "spec.backoffLimit", "6");
	expect(j, "spec.completionMode", "\"NonIndexed\"");
	expect(j, "spec.suspend", "false");
	expect(j, "spec.podReplacementPolicy", "\"TerminatingOrFailed\"");
	expect(j, "spec.selector",
	       "{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"u1\"}}");
	expect(j, "spec.template.metadata.labels",
	       "{\"job-name\":\"pi\",\"batch.kubernetes.io/job-name\":\"pi\","
	       "\"controller-uid\":\"u1\",\"batch.kubernetes.io/controller-uid\":\"u1\"}");
	json_decref(j);
}

static void test_misc(void **state)
{
	json_t *ns = parse("{\"metadata\":{\"name\":\"dev\"}}");
	json_t *sec = parse("{\"stringData\":{\"a\":\"hello\"},\"data\":{\"b\":\"eA==\"}}");
	json_t *rc = parse("{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"x\":\"y\"}}}}}");
	json_t *cj = parse("{\"spec\":{\"schedule\":\"* * * * *\",\"jobTemplate\":{\"spec\":{}}}}");

	(void)state;
	run(&namespace_strategy, ns);
	expect(ns, "spec.finalizers", "[\"kubernetes\"]");
	expect(ns, "status", "{\"phase\":\"Active\"}");
	expect(ns, "metadata.labels", "{\"kubernetes.io/metadata.name\":\"dev\"}");
	run(&secret_strategy, sec);
	expect(sec, "type", "\"Opaque\"");
	expect(sec, "data", "{\"b\":\"eA==\",\"a\":\"aGVsbG8=\"}");
	expect(sec, "stringData", NULL);
	run(&replicationcontroller_strategy, rc);
	expect(rc, "spec.selector", "{\"x\":\"y\"}");
	expect(rc, "metadata.labels", "{\"x\":\"y\"}");
	expect(rc, "spec.replicas", "1");
	expect(rc, "status", "{\"replicas\":0}");
	run(&cronjob_strategy, cj);
	expect(cj, "spec.concurrencyPolicy", "\"Allow\"");
	expect(cj, "spec.suspend", "false");
	expect(cj, "spec.successfulJobsHistoryLimit", "3");
	expect(cj, "spec.failedJobsHistoryLimit", "1");
	json_decref(ns);
	json_decref(sec);
	json_decref(rc);
	json_decref(cj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pull_policy), cmocka_unit_test(test_pod),
	    cmocka_unit_test(test_pod_qos),	cmocka_unit_test(test_service),
	    cmocka_unit_test(test_deployment),	cmocka_unit_test(test_job),
	    cmocka_unit_test(test_misc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
