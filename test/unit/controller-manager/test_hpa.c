/* The horizontal pod autoscaler's arithmetic: replicas per metric with the tolerance, missing
 * and unready pods, then stabilization, scaling policies and min/max with their reasons. The
 * cases follow upstream's replica calculator and controller tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/cm.h"
#include "../../../controller-manager/hpa_calc.h"
#include "jsonx.h"
#include "ktime.h"

struct rec *cm_recorder(struct kc *kc, const char *component)
{
	(void)kc;
	(void)component;
	return NULL;
}

#define NOW_S  1700000000L
#define NOW_MS ((int64_t)NOW_S * 1000)

static const struct hpa_opts opts = {0.1, 300000, 30000, 300000};

/* A Running pod requesting req milli-cpu (one container "c"), ready or not since trans seconds
 * ago, started start seconds ago. */
static json_t *pod_at(const char *name, long req, const char *phase, const char *ready, long start,
		      long trans)
{
	char st[32], tr[32], cpu[32];

	kt_format(NOW_S - start, st);
	kt_format(NOW_S - trans, tr);
	snprintf(cpu, sizeof(cpu), "%ldm", req);
	return json_pack("{s:{s:s}, s:{s:[{s:s, s:{s:{s:s}}}]}, s:{s:s, s:s, s:[{s:s, s:s, s:s}]}}",
			 "metadata", "name", name, "spec", "containers", "name", "c", "resources",
			 "requests", "cpu", cpu, "status", "phase", phase, "startTime", st,
			 "conditions", "type", "Ready", "status", ready, "lastTransitionTime", tr);
}

/* Ready and running for ten minutes: past every warm-up rule. */
static json_t *pod(const char *name, long req)
{
	return pod_at(name, req, "Running", "True", 600, 590);
}

struct fix {
	json_t *pods[8];
	size_t n;
	struct hpa_samples s;
};

static void add(struct fix *f, json_t *p, long usage)
{
	f->pods[f->n++] = p;
	if (usage >= 0)
		hpa_samples_add(&f->s, jx_str(p, "metadata.name"), usage, NOW_MS - 10000, 30000);
}

static void fix_free(struct fix *f)
{
	for (size_t i = 0; i < f->n; i++)
		json_decref(f->pods[i]);
	hpa_samples_free(&f->s);
	memset(f, 0, sizeof(*f));
}

static int util(struct fix *f, int32_t target, int32_t current, struct hpa_proposal *p, char *err)
{
	return hpa_resource_replicas(&opts, NOW_MS, (const json_t *const *)f->pods, f->n, &f->s,
				     "cpu", "", target, current, p, err, 256);
}

static void test_utilization(void **state)
{
	struct fix f = {0};
	struct hpa_proposal p;
	char err[256];

	(void)state;
	/* up: (300+500+700)/3000 = 50% against 30% -> ceil(1.67 * 3) */
	add(&f, pod("p0", 1000), 300);
	add(&f, pod("p1", 1000), 500);
	add(&f, pod("p2", 1000), 700);
	assert_int_equal(util(&f, 30, 3, &p, err), 0);
	assert_int_equal(p.replicas, 5);
	assert_int_equal(p.utilization, 50);
	assert_int_equal(p.usage, 500);
	fix_free(&f);

	/* down: 1400/5000 = 28% against 50% -> ceil(0.56 * 5) */
	add(&f, pod("p0", 1000), 100);
	add(&f, pod("p1", 1000), 300);
	add(&f, pod("p2", 1000), 500);
	add(&f, pod("p3", 1000), 250);
	add(&f, pod("p4", 1000), 250);
	assert_int_equal(util(&f, 50, 5, &p, err), 0);
	assert_int_equal(p.replicas, 3);
	assert_int_equal(p.utilization, 28);
	fix_free(&f);

	/* within the 10% tolerance: 3060/3000 = 102% of a 100% target keeps 3 */
	add(&f, pod("p0", 900), 1010);
	add(&f, pod("p1", 1000), 1030);
	add(&f, pod("p2", 1100), 1020);
	assert_int_equal(util(&f, 100, 3, &p, err), 0);
	assert_int_equal(p.replicas, 3);
	assert_int_equal(p.utilization, 102);
	fix_free(&f);

	/* the ratio is of the truncated percentage: 109.9% of 100% stays inside */
	add(&f, pod("p0", 1000), 1099);
	assert_int_equal(util(&f, 100, 1, &p, err), 0);
	assert_int_equal(p.replicas, 1);
	fix_free(&f);
}

static void test_missing_and_unready(void **state)
{
	struct fix f = {0};
	struct hpa_proposal p;
	char err[256];

	(void)state;
	/* scaling down, a pod without metrics counts as using all of its request:
	 * 300/3000 = 10% -> (300+1000)/4000 = 32% of 50% -> ceil(0.64 * 4) = 3 */
	add(&f, pod("p0", 1000), 100);
	add(&f, pod("p1", 1000), 100);
	add(&f, pod("p2", 1000), 100);
	add(&f, pod("p3", 1000), -1);
	assert_int_equal(util(&f, 50, 4, &p, err), 0);
	assert_int_equal(p.replicas, 3);
	assert_int_equal(p.utilization, 10);
	fix_free(&f);

	/* scaling up, as using nothing: 90% -> 2700/4000 = 67% of 50% -> ceil(1.34 * 4) = 6 */
	add(&f, pod("p0", 1000), 900);
	add(&f, pod("p1", 1000), 900);
	add(&f, pod("p2", 1000), 900);
	add(&f, pod("p3", 1000), -1);
	assert_int_equal(util(&f, 50, 4, &p, err), 0);
	assert_int_equal(p.replicas, 6);
	fix_free(&f);

	/* and when that would turn the direction (60% -> 45% of 50%), nothing changes */
	add(&f, pod("p0", 1000), 600);
	add(&f, pod("p1", 1000), 600);
	add(&f, pod("p2", 1000), 600);
	add(&f, pod("p3", 1000), -1);
	assert_int_equal(util(&f, 50, 4, &p, err), 0);
	assert_int_equal(p.replicas, 4);
	fix_free(&f);

	/* an unready pod (started a minute ago, not ready) counts as using nothing when
	 * scaling up: 1200/2000 = 60% -> 1200/3000 = 40% of 30% -> ceil(1.33 * 3) = 4 */
	add(&f, pod_at("p0", 1000, "Running", "False", 60, 60), 300);
	add(&f, pod("p1", 1000), 500);
	add(&f, pod("p2", 1000), 700);
	assert_int_equal(util(&f, 30, 3, &p, err), 0);
	assert_int_equal(p.replicas, 4);
	assert_int_equal(p.utilization, 60);
	fix_free(&f);

	/* Pending pods are unready too; deleted and failed pods are ignored */
	add(&f, pod("p0", 1000), 800);
	add(&f, pod_at("p1", 1000, "Pending", "False", 5, 5), -1);
	add(&f, pod_at("p2", 1000, "Failed", "False", 600, 10), 900);
	add(&f, pod("p3", 1000), 800);
	jx_set_str(f.pods[3], "metadata.deletionTimestamp", "2023-11-14T22:13:20Z");
	/* 80% of 50% would scale up, but with the unready p1 as 0, 800/2000 = 40% turns the
	 * direction: the size stays */
	assert_int_equal(util(&f, 50, 2, &p, err), 0);
	assert_int_equal(p.replicas, 2);
	fix_free(&f);

	/* cpu: ready now but within the initialization period and sampled before a full window
	 * since it became ready -> unready; outside it, not ready since a start within the
	 * readiness delay -> unready; not ready after having been ready -> counted */
	add(&f, pod_at("p0", 1000, "Running", "True", 60, 15), 900);
	add(&f, pod_at("p1", 1000, "Running", "False", 600, 590), 900);
	add(&f, pod_at("p2", 1000, "Running", "False", 600, 100), 100);
	add(&f, pod("p3", 1000), 100);
	/* ready p2, p3: 200/2000 = 10% of 50% -> ceil(0.2 * 2) = 1 */
	assert_int_equal(util(&f, 50, 4, &p, err), 0);
	assert_int_equal(p.replicas, 1);
	assert_int_equal(p.utilization, 10);
	fix_free(&f);
}

static void test_errors(void **state)
{
	struct fix f = {0};
	struct hpa_proposal p;
	char err[256];

	(void)state;
	assert_int_equal(util(&f, 50, 1, &p, err), -1);
	assert_string_equal(err, "no pods returned by selector while calculating replica count");

	add(&f, pod_at("p0", 1000, "Pending", "False", 5, 5), 100);
	assert_int_equal(util(&f, 50, 1, &p, err), -1);
	assert_string_equal(err,
			    "did not receive metrics for targeted pods (pods might be unready)");
	fix_free(&f);

	add(&f, pod("p0", 1000), 100);
	json_object_del(
	    jx_get(json_array_get(jx_get(f.pods[0], "spec.containers"), 0), "resources.requests"),
	    "cpu");
	assert_int_equal(util(&f, 50, 1, &p, err), -1);
	assert_string_equal(err, "missing request for cpu in container c of Pod p0");

	fix_free(&f);

	add(&f, pod("p0", 1000), 100);
	assert_int_equal(hpa_resource_replicas(&opts, NOW_MS, (const json_t *const *)f.pods, f.n,
					       &f.s, "cpu", "sidecar", 50, 1, &p, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "container sidecar not found in Pod p0");
	/* a named container's request alone */
	assert_int_equal(hpa_resource_replicas(&opts, NOW_MS, (const json_t *const *)f.pods, f.n,
					       &f.s, "cpu", "c", 5, 1, &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.replicas, 2);
	fix_free(&f);
}

static void test_plain_and_object(void **state)
{
	struct fix f = {0};
	struct hpa_proposal p;
	char err[256];

	(void)state;
	/* a Pods metric: average 20 of 15 -> ceil(1.33 * 3) = 4 */
	add(&f, pod("p0", 1000), 20000);
	add(&f, pod("p1", 1000), 10000);
	add(&f, pod("p2", 1000), 30000);
	assert_int_equal(hpa_plain_replicas(&opts, NOW_MS, (const json_t *const *)f.pods, f.n, &f.s,
					    NULL, 15000, 3, &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.replicas, 4);
	assert_int_equal(p.usage, 20000);
	fix_free(&f);

	/* scaling down, a pod without the metric uses exactly the target */
	add(&f, pod("p0", 1000), 1000);
	add(&f, pod("p1", 1000), 1000);
	add(&f, pod("p2", 1000), -1);
	assert_int_equal(hpa_plain_replicas(&opts, NOW_MS, (const json_t *const *)f.pods, f.n, &f.s,
					    NULL, 10000, 3, &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.replicas, 2); /* 12000/3 = 4000 of 10000: ceil(0.4 * 3) */

	/* an object's value against the ready pods, and from zero */
	assert_int_equal(hpa_value_replicas(&opts, (const json_t *const *)f.pods, f.n, 13333, 10000,
					    3, &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.replicas, 4);
	assert_int_equal(hpa_value_replicas(&opts, (const json_t *const *)f.pods, f.n, 10500, 10000,
					    3, &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.replicas, 3);
	assert_int_equal(hpa_value_replicas(&opts, NULL, 0, 25000, 10000, 0, &p, err, sizeof(err)),
			 0);
	assert_int_equal(p.replicas, 3);
	assert_int_equal(hpa_value_replicas(&opts, NULL, 0, 25000, 10000, 2, &p, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "unable to calculate ready pods: no pods returned by selector "
				 "while calculating replica count");
	fix_free(&f);

	/* an average per pod: 8600 over 3 pods of 2000 -> ceil(4.3) = 5, average 2867 */
	hpa_per_pod_replicas(&opts, 8600, 2000, 3, &p);
	assert_int_equal(p.replicas, 5);
	assert_int_equal(p.usage, 2867);
	hpa_per_pod_replicas(&opts, 6100, 2000, 3, &p);
	assert_int_equal(p.replicas, 3);
}

static void test_normalize(void **state)
{
	struct hpa_history h = {0};
	struct hpa_verdict v;

	(void)state;
	/* twice the current size at most (at least 4) */
	hpa_history_init(&h, 2, NOW_MS);
	assert_int_equal(hpa_normalize(&h, 300000, 2, 10, 1, 20, NOW_MS, &v), 4);
	assert_true(v.limited);
	assert_string_equal(v.limit_reason, "ScaleUpLimit");
	assert_string_equal(v.limit_msg, "the desired replica count is increasing faster than the "
					 "maximum scale rate");
	assert_string_equal(v.able_reason, "ReadyForNewScale");
	hpa_history_free(&h);

	hpa_history_init(&h, 3, NOW_MS);
	assert_int_equal(hpa_normalize(&h, 300000, 3, 10, 1, 5, NOW_MS, &v), 5);
	assert_string_equal(v.limit_reason, "TooManyReplicas");
	assert_string_equal(v.limit_msg,
			    "the desired replica count is more than the maximum replica count");
	hpa_history_free(&h);

	/* within range */
	hpa_history_init(&h, 3, NOW_MS);
	assert_int_equal(hpa_normalize(&h, 300000, 3, 4, 1, 5, NOW_MS, &v), 4);
	assert_false(v.limited);
	assert_string_equal(v.limit_reason, "DesiredWithinRange");
	assert_string_equal(v.limit_msg, "the desired count is within the acceptable range");
	hpa_history_free(&h);

	/* the downscale window keeps the highest recent recommendation */
	hpa_history_init(&h, 5, NOW_MS - 200000);
	assert_int_equal(hpa_normalize(&h, 300000, 5, 2, 1, 10, NOW_MS - 100000, &v), 5);
	assert_string_equal(v.able_reason, "ScaleDownStabilized");
	assert_string_equal(v.able_msg, "recent recommendations were higher than current one, "
					"applying the highest recent recommendation");
	assert_false(v.limited);
	/* the 5 is older than the window now; the 2 is not, and 1 is wanted */
	assert_int_equal(hpa_normalize(&h, 300000, 5, 1, 1, 10, NOW_MS + 150000, &v), 2);
	/* an expired recommendation's slot is reused rather than the list growing */
	assert_int_equal(h.nrecs, 2);
	hpa_history_free(&h);

	/* below minReplicas */
	hpa_history_init(&h, 3, NOW_MS - 1000);
	assert_int_equal(hpa_normalize(&h, 0, 3, 1, 2, 10, NOW_MS, &v), 2);
	assert_true(v.limited);
	assert_string_equal(v.limit_reason, "TooFewReplicas");
	assert_string_equal(v.limit_msg,
			    "the desired replica count is less than the minimum replica count");
	hpa_history_free(&h);
}

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (!v)
		fail_msg("bad fixture: %s: %s", e.text, s);
	return v;
}

static void test_rules(void **state)
{
	struct hpa_rules up, down;
	json_t *b = parse("{\"scaleDown\":{\"stabilizationWindowSeconds\":60,\"selectPolicy\":"
			  "\"Min\",\"policies\":[{\"type\":\"Pods\",\"value\":2,"
			  "\"periodSeconds\":30}]}}");

	(void)state;
	/* unset: defaulting's rules and the controller's downscale window */
	hpa_rules_from_json(NULL, true, 300, &up);
	hpa_rules_from_json(NULL, false, 300, &down);
	assert_int_equal(up.window_s, 0);
	assert_int_equal(up.select, HPA_SELECT_MAX);
	assert_int_equal(up.npol, 2);
	assert_false(up.pol[0].percent);
	assert_int_equal(up.pol[0].value, 4);
	assert_true(up.pol[1].percent);
	assert_int_equal(up.pol[1].value, 100);
	assert_int_equal(up.pol[1].period_s, 15);
	assert_int_equal(down.window_s, 300);
	assert_int_equal(down.npol, 1);
	assert_true(down.pol[0].percent);
	hpa_rules_free(&up);
	hpa_rules_free(&down);

	hpa_rules_from_json(json_object_get(b, "scaleDown"), false, 300, &down);
	assert_int_equal(down.window_s, 60);
	assert_int_equal(down.select, HPA_SELECT_MIN);
	assert_int_equal(down.npol, 1);
	assert_int_equal(down.pol[0].value, 2);
	assert_int_equal(down.pol[0].period_s, 30);
	hpa_rules_free(&down);
	json_decref(b);
}

static void test_behavior(void **state)
{
	struct hpa_rules up, down;
	struct hpa_history h = {0};
	struct hpa_verdict v;
	json_t *b;

	(void)state;
	hpa_rules_from_json(NULL, true, 0, &up);
	hpa_rules_from_json(NULL, false, 0, &down);
	/* up: the larger of 4 pods and 100% per 15 s */
	hpa_history_init(&h, 1, NOW_MS - 1000);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 1, 10, 1, 20, NOW_MS, &v), 5);
	assert_true(v.limited);
	assert_string_equal(v.limit_reason, "ScaleUpLimit");
	assert_string_equal(v.able_reason, "ReadyForNewScale");
	hpa_history_scaled(&h, &up, &down, 1, 5, NOW_MS);
	/* five seconds later the period's start was 1 replica: still at most 5 */
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 5, 10, 1, 20, NOW_MS + 5000, &v),
			 5);
	assert_string_equal(v.limit_reason, "ScaleUpLimit");
	/* after the period: 5 + max(4, 5) */
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 5, 20, 1, 20, NOW_MS + 16000, &v),
			 10);
	/* capped by maxReplicas first */
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 5, 30, 1, 8, NOW_MS + 16000, &v),
			 8);
	assert_string_equal(v.limit_reason, "TooManyReplicas");
	hpa_history_free(&h);
	hpa_rules_free(&up);

	/* Min picks the smaller change; Disabled none */
	b = parse("{\"selectPolicy\":\"Min\"}");
	hpa_rules_from_json(b, true, 0, &up);
	hpa_history_init(&h, 1, NOW_MS - 1000);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 1, 10, 1, 20, NOW_MS, &v), 2);
	hpa_history_free(&h);
	hpa_rules_free(&up);
	json_decref(b);
	b = parse("{\"selectPolicy\":\"Disabled\"}");
	hpa_rules_from_json(b, true, 0, &up);
	hpa_history_init(&h, 3, NOW_MS - 1000);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 3, 10, 1, 20, NOW_MS, &v), 3);
	assert_true(v.limited);
	assert_string_equal(v.limit_reason, "ScaleUpLimit");
	hpa_history_free(&h);
	hpa_rules_free(&up);
	hpa_rules_free(&down);
	json_decref(b);

	/* down: one pod per minute */
	hpa_rules_from_json(NULL, true, 0, &up);
	b = parse("{\"stabilizationWindowSeconds\":0,\"policies\":[{\"type\":\"Pods\","
		  "\"value\":1,\"periodSeconds\":60}]}");
	hpa_rules_from_json(b, false, 300, &down);
	hpa_history_init(&h, 5, NOW_MS - 1000);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 5, 1, 1, 10, NOW_MS, &v), 4);
	assert_string_equal(v.limit_reason, "ScaleDownLimit");
	assert_string_equal(v.limit_msg, "the desired replica count is decreasing faster than the "
					 "maximum scale rate");
	hpa_history_scaled(&h, &up, &down, 5, 4, NOW_MS);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 4, 1, 1, 10, NOW_MS + 10000, &v),
			 4);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 4, 1, 1, 10, NOW_MS + 61000, &v),
			 3);
	/* minReplicas before the rate */
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 4, 1, 4, 10, NOW_MS + 61000, &v),
			 4);
	hpa_history_free(&h);
	hpa_rules_free(&down);
	json_decref(b);

	/* stabilization windows: up keeps the lowest recent, down the highest */
	b = parse("{\"stabilizationWindowSeconds\":60}");
	hpa_rules_free(&up);
	hpa_rules_from_json(b, true, 0, &up);
	hpa_rules_from_json(NULL, false, 300, &down);
	hpa_history_init(&h, 3, NOW_MS - 10000);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 3, 6, 1, 10, NOW_MS, &v), 3);
	assert_string_equal(v.able_reason, "ScaleUpStabilized");
	assert_string_equal(v.able_msg, "recent recommendations were lower than current one, "
					"applying the lowest recent recommendation");
	assert_false(v.limited);
	/* a minute on, the 3 has aged out of the up window; 6 stays recommended */
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 3, 7, 1, 10, NOW_MS + 55000, &v),
			 6);
	assert_int_equal(hpa_normalize_behavior(&h, &up, &down, 6, 2, 1, 10, NOW_MS + 56000, &v),
			 6);
	assert_string_equal(v.able_reason, "ScaleDownStabilized");
	hpa_history_free(&h);
	hpa_rules_free(&up);
	hpa_rules_free(&down);
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utilization), cmocka_unit_test(test_missing_and_unready),
	    cmocka_unit_test(test_errors),	cmocka_unit_test(test_plain_and_object),
	    cmocka_unit_test(test_normalize),	cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_behavior),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
