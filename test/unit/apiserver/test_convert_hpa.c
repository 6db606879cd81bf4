/* autoscaling/v1 <-> v2 HorizontalPodAutoscaler conversion and the v2 defaults, against what
 * upstream's conversion.go and defaults.go produce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonx.h"
#include "../../../apiserver/kind.h"

#define A_METRICS    "autoscaling.alpha.kubernetes.io/metrics"
#define A_CURRENT    "autoscaling.alpha.kubernetes.io/current-metrics"
#define A_CONDITIONS "autoscaling.alpha.kubernetes.io/conditions"
#define A_BEHAVIOR   "autoscaling.alpha.kubernetes.io/behavior"

static json_t *parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	if (!v)
		fail_msg("bad test JSON: %s", err.text);
	return v;
}

static void expect(const json_t *obj, const char *path, const char *want)
{
	json_t *w = want ? json_loads(want, JSON_DECODE_ANY, NULL) : NULL;
	const json_t *got = jx_get(obj, path);

	if (!jx_equal(got, w)) {
		char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

		fail_msg("%s: got %s, want %s", path, g ? g : "(absent)", want ? want : "(absent)");
	}
	json_decref(w);
}

static const char *annotation(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(jx_get(obj, "metadata.annotations"), key));
}

static void test_v1_cpu_target(void **state)
{
	(void)state;
	json_t *o = parse("{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"HorizontalPodAutoscaler\","
			  "\"metadata\":{\"name\":\"x\"},\"spec\":{\"scaleTargetRef\":{\"kind\":"
			  "\"Deployment\",\"name\":\"x\",\"apiVersion\":\"apps/v1\"},"
			  "\"maxReplicas\":5,\"targetCPUUtilizationPercentage\":50}}");

	hpa_v1_in(o);
	expect(o, "apiVersion", "\"autoscaling/v2\"");
	expect(o, "spec.minReplicas", "1");
	expect(o, "spec.metrics",
	       "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":"
	       "{\"type\":\"Utilization\",\"averageUtilization\":50}}}]");
	expect(o, "spec.scaleTargetRef",
	       "{\"kind\":\"Deployment\",\"name\":\"x\",\"apiVersion\":\"apps/v1\"}");
	expect(o, "status", "{\"desiredReplicas\":0}");
	expect(o, "metadata.annotations", NULL);

	hpa_v1_out(o);
	expect(o, "apiVersion", "\"autoscaling/v1\"");
	expect(o, "spec",
	       "{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":\"x\",\"apiVersion\":"
	       "\"apps/v1\"},\"minReplicas\":1,\"maxReplicas\":5,"
	       "\"targetCPUUtilizationPercentage\":50}");
	expect(o, "status", "{\"currentReplicas\":0,\"desiredReplicas\":0}");
	expect(o, "metadata.annotations", NULL);
	json_decref(o);
}

/* No target at all: the 80% CPU the v1 controller used to assume. */
static void test_v1_default_cpu(void **state)
{
	(void)state;
	json_t *o = parse("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"scaleTargetRef\":"
			  "{\"kind\":\"Deployment\",\"name\":\"x\"},\"maxReplicas\":3}}");

	hpa_v1_in(o);
	expect(o, "spec.metrics",
	       "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":"
	       "{\"type\":\"Utilization\",\"averageUtilization\":80}}}]");
	json_decref(o);
}

/* What v1 cannot say goes to annotations and comes back unchanged. */
static void test_round_trip(void **state)
{
	(void)state;
	json_t *o = parse(
	    "{\"apiVersion\":\"autoscaling/v2\",\"metadata\":{\"name\":\"x\",\"annotations\":"
	    "{\"keep\":\"me\"}},\"spec\":{\"scaleTargetRef\":{\"kind\":\"Deployment\",\"name\":"
	    "\"x\"},\"minReplicas\":2,\"maxReplicas\":5,\"metrics\":["
	    "{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"target\":{\"type\":"
	    "\"AverageValue\",\"averageValue\":\"100Mi\"}}},"
	    "{\"type\":\"Pods\",\"pods\":{\"metric\":{\"name\":\"qps\"},\"target\":{\"type\":"
	    "\"AverageValue\",\"averageValue\":\"10\"}}},"
	    "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":"
	    "\"Utilization\",\"averageUtilization\":60}}}],"
	    "\"behavior\":{\"scaleUp\":{\"stabilizationWindowSeconds\":0,\"selectPolicy\":\"Max\","
	    "\"policies\":[{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":15}]},"
	    "\"scaleDown\":{\"selectPolicy\":\"Min\",\"policies\":[{\"type\":\"Percent\","
	    "\"value\":10,\"periodSeconds\":60}]}}},"
	    "\"status\":{\"currentReplicas\":2,\"desiredReplicas\":3,\"currentMetrics\":["
	    "{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"current\":{\"averageValue\":"
	    "\"120m\",\"averageUtilization\":40}}}],\"conditions\":[{\"type\":\"AbleToScale\","
	    "\"status\":\"True\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\",\"reason\":"
	    "\"ReadyForNewScale\"}]}}");
	json_t *orig = json_deep_copy(o);

	hpa_v1_out(o);
	expect(o, "spec.targetCPUUtilizationPercentage", "60");
	expect(o, "status.currentCPUUtilizationPercentage", "40");
	expect(o, "status.currentReplicas", "2");
	assert_string_equal(annotation(o, "keep"), "me");
	assert_string_equal(annotation(o, A_METRICS),
			    "[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\","
			    "\"targetAverageValue\":\"100Mi\"}},{\"type\":\"Pods\",\"pods\":"
			    "{\"metricName\":\"qps\",\"targetAverageValue\":\"10\"}}]");
	assert_string_equal(annotation(o, A_CURRENT),
			    "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\","
			    "\"currentAverageUtilization\":40,\"currentAverageValue\":\"120m\"}}]");
	assert_string_equal(annotation(o, A_CONDITIONS),
			    "[{\"type\":\"AbleToScale\",\"status\":\"True\",\"lastTransitionTime\":"
			    "\"2026-01-01T00:00:00Z\",\"reason\":\"ReadyForNewScale\"}]");
	/* Go's json.Marshal of the internal type: field names, nil as null. */
	assert_string_equal(
	    annotation(o, A_BEHAVIOR),
	    "{\"ScaleUp\":{\"StabilizationWindowSeconds\":0,\"SelectPolicy\":\"Max\","
	    "\"Policies\":[{\"Type\":\"Pods\",\"Value\":4,\"PeriodSeconds\":15}],"
	    "\"Tolerance\":null},\"ScaleDown\":{\"StabilizationWindowSeconds\":null,"
	    "\"SelectPolicy\":\"Min\",\"Policies\":[{\"Type\":\"Percent\",\"Value\":10,"
	    "\"PeriodSeconds\":60}],\"Tolerance\":null}}");

	hpa_v1_in(o);
	/* The CPU target comes back last, after the annotation's metrics. */
	assert_true(jx_equal(jx_get(o, "spec.metrics"), jx_get(orig, "spec.metrics")));
	expect(o, "spec.behavior",
	       "{\"scaleUp\":{\"stabilizationWindowSeconds\":0,"
	       "\"selectPolicy\":\"Max\",\"policies\":[{\"type\":\"Pods\","
	       "\"value\":4,\"periodSeconds\":15}]},\"scaleDown\":"
	       "{\"selectPolicy\":\"Min\",\"policies\":[{\"type\":\"Percent\","
	       "\"value\":10,\"periodSeconds\":60}]}}");
	expect(o, "status.currentMetrics",
	       "[{\"type\":\"Resource\",\"resource\":{\"name\":"
	       "\"cpu\",\"current\":{\"averageValue\":\"120m\","
	       "\"averageUtilization\":40}}}]");
	expect(o, "status.conditions",
	       "[{\"type\":\"AbleToScale\",\"status\":\"True\","
	       "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\","
	       "\"reason\":\"ReadyForNewScale\"}]");
	expect(o, "metadata.annotations", "{\"keep\":\"me\"}");
	json_decref(orig);
	json_decref(o);
}

/* The other metric kinds, in v1's shapes (targetValue, metricSelector...) and back. */
static void test_metric_shapes(void **state)
{
	(void)state;
	const char *metrics =
	    "[{\"type\":\"Object\",\"object\":{\"describedObject\":{\"kind\":\"Ingress\",\"name\":"
	    "\"main\",\"apiVersion\":\"networking.k8s.io/v1\"},\"target\":{\"type\":\"Value\","
	    "\"value\":\"2k\"},\"metric\":{\"name\":\"rps\"}}},"
	    "{\"type\":\"External\",\"external\":{\"metric\":{\"name\":\"queue\",\"selector\":"
	    "{\"matchLabels\":{\"q\":\"a\"}}},\"target\":{\"type\":\"AverageValue\","
	    "\"averageValue\":\"30\"}}},"
	    "{\"type\":\"ContainerResource\",\"containerResource\":{\"name\":\"cpu\",\"target\":"
	    "{\"type\":\"Utilization\",\"averageUtilization\":70},\"container\":\"app\"}}]";
	json_t *m = parse(metrics);
	json_t *o = json_pack("{s:{s:s}, s:{s:{s:s, s:s}, s:i, s:O}}", "metadata", "name", "x",
			      "spec", "scaleTargetRef", "kind", "Deployment", "name", "x",
			      "maxReplicas", 4, "metrics", m);

	hpa_v1_out(o);
	expect(o, "spec.targetCPUUtilizationPercentage", NULL);
	assert_string_equal(
	    annotation(o, A_METRICS),
	    "[{\"type\":\"Object\",\"object\":{\"target\":{\"kind\":\"Ingress\",\"name\":\"main\","
	    "\"apiVersion\":\"networking.k8s.io/v1\"},\"metricName\":\"rps\",\"targetValue\":"
	    "\"2k\"}},{\"type\":\"External\",\"external\":{\"metricName\":\"queue\","
	    "\"metricSelector\":{\"matchLabels\":{\"q\":\"a\"}},\"targetAverageValue\":\"30\"}},"
	    "{\"type\":\"ContainerResource\",\"containerResource\":{\"name\":\"cpu\","
	    "\"targetAverageUtilization\":70,\"container\":\"app\"}}]");
	hpa_v1_in(o);
	assert_true(jx_equal(jx_get(o, "spec.metrics"), m));
	json_decref(m);
	json_decref(o);
}

/* A behavior annotation that does not decode, or decodes to nothing, is ignored, as upstream;
 * Go's decoder matches field names ignoring case. */
static void test_behavior_annotation(void **state)
{
	(void)state;
	static const char *const bad[] = {"not json", "{}", "{\"ScaleUp\":null}",
					  "{\"ScaleUp\":{\"Policies\":5}}",
					  "{\"ScaleUp\":{\"StabilizationWindowSeconds\":\"x\"}}"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *o = json_pack("{s:{s:s, s:{s:s}}, s:{s:i}}", "metadata", "name", "x",
				      "annotations", A_BEHAVIOR, bad[i], "spec", "maxReplicas", 1);
		hpa_v1_in(o);
		expect(o, "spec.behavior", NULL);
		expect(o, "metadata.annotations", NULL);
		json_decref(o);
	}
	json_t *o = json_pack("{s:{s:s, s:{s:s}}, s:{s:i}}", "metadata", "name", "x", "annotations",
			      A_BEHAVIOR, "{\"scaledown\":{\"stabilizationwindowseconds\":30}}",
			      "spec", "maxReplicas", 1);
	hpa_v1_in(o);
	expect(o, "spec.behavior", "{\"scaleDown\":{\"stabilizationWindowSeconds\":30}}");
	json_decref(o);
}

/* Upstream's v2 SetDefaults: behavior is filled only when given, and scale-down gets no
 * stabilization window. */
static void test_v2_defaults(void **state)
{
	(void)state;
	json_t *o = parse("{\"spec\":{\"maxReplicas\":3}}");

	hpa_strategy.defaults(o);
	expect(o, "spec.minReplicas", "1");
	expect(o, "spec.behavior", NULL);
	expect(o, "spec.metrics",
	       "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":"
	       "{\"type\":\"Utilization\",\"averageUtilization\":80}}}]");
	json_decref(o);

	o = parse("{\"spec\":{\"maxReplicas\":3,\"behavior\":{\"scaleUp\":"
		  "{\"stabilizationWindowSeconds\":60}}}}");
	hpa_strategy.defaults(o);
	expect(o, "spec.behavior",
	       "{\"scaleUp\":{\"stabilizationWindowSeconds\":60,\"selectPolicy\":\"Max\","
	       "\"policies\":[{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":15},"
	       "{\"type\":\"Percent\",\"value\":100,\"periodSeconds\":15}]},"
	       "\"scaleDown\":{\"selectPolicy\":\"Max\",\"policies\":[{\"type\":\"Percent\","
	       "\"value\":100,\"periodSeconds\":15}]}}");
	json_decref(o);

	o = parse("{\"spec\":{\"maxReplicas\":3,\"behavior\":{\"scaleUp\":null,\"scaleDown\":"
		  "{\"stabilizationWindowSeconds\":120}}}}");
	hpa_strategy.defaults(o);
	expect(o, "spec.behavior.scaleUp.stabilizationWindowSeconds", "0");
	expect(o, "spec.behavior.scaleDown.stabilizationWindowSeconds", "120");
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v1_cpu_target),	cmocka_unit_test(test_v1_default_cpu),
	    cmocka_unit_test(test_round_trip),		cmocka_unit_test(test_metric_shapes),
	    cmocka_unit_test(test_behavior_annotation), cmocka_unit_test(test_v2_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
