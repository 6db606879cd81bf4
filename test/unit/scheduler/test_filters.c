/* Filters (each one's pass and reason), the summary message, round-robin with the percentage
 * of nodes to score, and the scores' effect on the choice. Nodes and pods are hand-built JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "../../../scheduler/scheduler.h"

static struct sch_cache cache;

static json_t *J(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (!v)
		fail_msg("bad JSON in test: %s: %s", e.text, s);
	return v;
}

/* A node with cpu (cores), 4Gi memory, 110 pods, the hostname label plus extra metadata. */
static struct sch_node *node(const char *name, const char *cpu, const char *extra_meta,
			     const char *spec)
{
	char buf[2048];
	json_t *o;
	struct sch_node *n;

	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\",\"labels\":{\"kubernetes.io/hostname\":\"%s\"%s}},"
		 "\"spec\":%s,\"status\":{\"allocatable\":{\"cpu\":\"%s\",\"memory\":\"4Gi\","
		 "\"pods\":\"110\",\"example.com/gpu\":\"1\"}}}",
		 name, name, extra_meta ? extra_meta : "", spec ? spec : "{}", cpu);
	o = J(buf);
	n = sch_cache_node_set(&cache, o);
	json_decref(o);
	return n;
}

static json_t *pod(const char *name, const char *labels, const char *spec)
{
	char buf[4096];

	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"default\",\"uid\":\"u-%s\","
		 "\"labels\":%s},\"spec\":%s}",
		 name, name, labels ? labels : "{}",
		 spec ? spec : "{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}");
	return J(buf);
}

static void place(const char *name, const char *labels, const char *spec, const char *on)
{
	json_t *p = pod(name, labels, spec);

	sch_cache_pod_set(&cache, p, on, false);
	json_decref(p);
}

/* Run the filters for pod on node: returns the code, reasons joined with "|" in out. */
static enum sch_code run(const json_t *p, const char *nodename, char *out, size_t len)
{
	struct sch_cycle cy;
	struct sch_status st = {0};
	enum sch_code c;

	sch_cycle_init(&cy, &cache, p, NULL);
	c = sch_filter_node(&cy, sch_cache_node(&cache, nodename), &st);
	out[0] = 0;
	for (int i = 0; i < st.n; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? "|" : "", st.reasons[i]);
	sch_status_clear(&st);
	sch_cycle_free(&cy);
	return c;
}

static int setup(void **state)
{
	(void)state;
	sch_cache_init(&cache);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sch_cache_free(&cache);
	return 0;
}

#define CTR(req)                                                                                   \
	"{\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"requests\":" req "}}]"

struct filter_case {
	const char *what;
	const char *spec; /* the pod's spec */
	enum sch_code code;
	const char *reasons;
};

static void test_filter_table(void **state)
{
	static const struct filter_case cases[] = {
	    {"fits", CTR("{\"cpu\":\"500m\"}") "}", SCH_OK, ""},
	    {"too much cpu and memory", CTR("{\"cpu\":\"3\",\"memory\":\"5Gi\"}") "}", SCH_UNSCHED,
	     "Insufficient cpu|Insufficient memory"},
	    {"extended resource", CTR("{\"example.com/gpu\":\"2\"}") "}", SCH_UNSCHED,
	     "Insufficient example.com/gpu"},
	    {"node name", CTR("{}") ",\"nodeName\":\"other\"}", SCH_UNRESOLVABLE, SCH_R_NODENAME},
	    {"nodeSelector miss", CTR("{}") ",\"nodeSelector\":{\"disk\":\"hdd\"}}",
	     SCH_UNRESOLVABLE, SCH_R_AFFINITY},
	    {"nodeSelector hit", CTR("{}") ",\"nodeSelector\":{\"disk\":\"ssd\"}}", SCH_OK, ""},
	    {"affinity In",
	     CTR("{}") ",\"affinity\":{\"nodeAffinity\":{"
		       "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":["
		       "{\"matchExpressions\":[{\"key\":\"disk\",\"operator\":\"In\",\"values\":["
		       "\"ssd\",\"nvme\"]}]}]}}}}",
	     SCH_OK, ""},
	    {"affinity Gt",
	     CTR("{}") ",\"affinity\":{\"nodeAffinity\":{"
		       "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":["
		       "{\"matchExpressions\":[{\"key\":\"cores\",\"operator\":\"Gt\",\"values\":["
		       "\"8\"]}]}]}}}}",
	     SCH_UNRESOLVABLE, SCH_R_AFFINITY},
	    {"affinity Lt and DoesNotExist",
	     CTR("{}") ",\"affinity\":{\"nodeAffinity\":{"
		       "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":["
		       "{\"matchExpressions\":[{\"key\":\"cores\",\"operator\":\"Lt\",\"values\":["
		       "\"8\"]},{\"key\":\"gpu\",\"operator\":\"DoesNotExist\"}]}]}}}}",
	     SCH_OK, ""},
	    {"matchFields metadata.name",
	     CTR("{}") ",\"affinity\":{\"nodeAffinity\":{"
		       "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":["
		       "{\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":\"NotIn\","
		       "\"values\":[\"n1\"]}]}]}}}}",
	     SCH_UNRESOLVABLE, SCH_R_AFFINITY},
	    {"host port taken",
	     "{\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":80,"
	     "\"hostPort\":8080}]}]}",
	     SCH_UNSCHED, SCH_R_PORTS},
	    {"host port on another protocol",
	     "{\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":80,"
	     "\"hostPort\":8080,\"protocol\":\"UDP\"}]}]}",
	     SCH_OK, ""},
	};
	char out[512];

	(void)state;
	node("n1", "2", ",\"disk\":\"ssd\",\"cores\":\"4\"", NULL);
	place("web", NULL,
	      "{\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":80,"
	      "\"hostPort\":8080,\"hostIP\":\"10.0.0.1\"}]}]}",
	      "n1");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *p = pod("p", NULL, cases[i].spec);
		enum sch_code c = run(p, "n1", out, sizeof(out));

		if (c != cases[i].code || strcmp(out, cases[i].reasons))
			fail_msg("%s: got %d \"%s\", want %d \"%s\"", cases[i].what, c, out,
				 cases[i].code, cases[i].reasons);
		json_decref(p);
	}
}

static void test_taints_and_unschedulable(void **state)
{
	char out[256];
	json_t *plain = pod("p", NULL, NULL);
	json_t *tol = pod("t", NULL,
			  "{\"containers\":[],\"tolerations\":[{\"key\":\"dedicated\",\"operator\":"
			  "\"Equal\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]}");
	json_t *all =
	    pod("a", NULL, "{\"containers\":[],\"tolerations\":[{\"operator\":\"Exists\"}]}");

	(void)state;
	node("t1", "2", NULL,
	     "{\"taints\":[{\"key\":\"soft\",\"effect\":\"PreferNoSchedule\"},{\"key\":"
	     "\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]}");
	node("t2", "2", NULL, "{\"taints\":[{\"key\":\"gone\",\"effect\":\"NoExecute\"}]}");
	node("u1", "2", NULL, "{\"unschedulable\":true}");
	assert_int_equal(run(plain, "t1", out, sizeof(out)), SCH_UNRESOLVABLE);
	assert_string_equal(out, "node(s) had untolerated taint {dedicated: gpu}");
	assert_int_equal(run(tol, "t1", out, sizeof(out)), SCH_OK);
	assert_int_equal(run(tol, "t2", out, sizeof(out)), SCH_UNRESOLVABLE);
	assert_string_equal(out, "node(s) had untolerated taint {gone: }");
	assert_int_equal(run(all, "t2", out, sizeof(out)), SCH_OK);
	assert_int_equal(run(plain, "u1", out, sizeof(out)), SCH_UNRESOLVABLE);
	assert_string_equal(out, SCH_R_UNSCHEDULABLE);
	assert_int_equal(run(all, "u1", out, sizeof(out)), SCH_OK);
	json_decref(plain);
	json_decref(tol);
	json_decref(all);
}

static void test_pods_count_and_nominated(void **state)
{
	char out[256];
	json_t *p = pod("p", NULL, CTR("{\"cpu\":\"1500m\"}") ",\"priority\":5}");
	struct podres r = {.cpu = 1000};
	json_t *o = J("{\"metadata\":{\"name\":\"tiny\"},\"status\":{\"allocatable\":{\"cpu\":"
		      "\"4\",\"pods\":\"1\"}}}");

	(void)state;
	node("n1", "2", NULL, NULL);
	assert_int_equal(run(p, "n1", out, sizeof(out)), SCH_OK);
	/* Room kept for a more important nominated pod counts as used. */
	sch_cache_nominate(&cache, "default/vip", "n1", 10, &r);
	assert_int_equal(run(p, "n1", out, sizeof(out)), SCH_UNSCHED);
	assert_string_equal(out, "Insufficient cpu");
	sch_cache_unnominate(&cache, "default/vip");
	sch_cache_nominate(&cache, "default/minor", "n1", 1, &r);
	assert_int_equal(run(p, "n1", out, sizeof(out)), SCH_OK);
	sch_cache_unnominate(&cache, "default/minor");
	sch_cache_node_set(&cache, o);
	place("x", NULL, NULL, "tiny");
	assert_int_equal(run(p, "tiny", out, sizeof(out)), SCH_UNSCHED);
	assert_string_equal(out, SCH_R_TOO_MANY);
	json_decref(o);
	json_decref(p);
}

static void test_interpod(void **state)
{
	char out[256];
	json_t *aff = pod("a", "{\"app\":\"web\"}",
			  "{\"containers\":[],\"affinity\":{\"podAffinity\":{"
			  "\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"topologyKey\":"
			  "\"zone\",\"labelSelector\":{\"matchLabels\":{\"app\":\"db\"}}}]}}}");
	json_t *anti = pod("b", "{\"app\":\"web\"}",
			   "{\"containers\":[],\"affinity\":{\"podAntiAffinity\":{"
			   "\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"topologyKey\":"
			   "\"zone\",\"labelSelector\":{\"matchLabels\":{\"app\":\"db\"}}}]}}}");
	json_t *plain = pod("c", "{\"app\":\"web\"}", NULL);

	(void)state;
	node("z1a", "2", ",\"zone\":\"z1\"", NULL);
	node("z1b", "2", ",\"zone\":\"z1\"", NULL);
	node("z2a", "2", ",\"zone\":\"z2\"", NULL);
	place("db", "{\"app\":\"db\"}", NULL, "z1a");
	assert_int_equal(run(aff, "z1b", out, sizeof(out)), SCH_OK);
	assert_int_equal(run(aff, "z2a", out, sizeof(out)), SCH_UNRESOLVABLE);
	assert_string_equal(out, SCH_R_POD_AFF);
	assert_int_equal(run(anti, "z1b", out, sizeof(out)), SCH_UNSCHED);
	assert_string_equal(out, SCH_R_POD_ANTI);
	assert_int_equal(run(anti, "z2a", out, sizeof(out)), SCH_OK);
	/* An existing pod that refuses web pods in its zone. */
	place("loner", "{\"app\":\"x\"}",
	      "{\"containers\":[],\"affinity\":{\"podAntiAffinity\":{"
	      "\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"topologyKey\":\"zone\","
	      "\"labelSelector\":{\"matchLabels\":{\"app\":\"web\"}}}]}}}",
	      "z2a");
	assert_int_equal(run(plain, "z2a", out, sizeof(out)), SCH_UNSCHED);
	assert_string_equal(out, SCH_R_EXISTING_ANTI);
	assert_int_equal(run(plain, "z1b", out, sizeof(out)), SCH_OK);
	json_decref(aff);
	json_decref(anti);
	json_decref(plain);
}

static void test_spread_filter(void **state)
{
	char out[256];
	json_t *p = pod("p", "{\"app\":\"s\"}",
			"{\"containers\":[],\"topologySpreadConstraints\":[{\"maxSkew\":1,"
			"\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSchedule\","
			"\"labelSelector\":{\"matchLabels\":{\"app\":\"s\"}}}]}");

	(void)state;
	node("a", "2", ",\"zone\":\"z1\"", NULL);
	node("b", "2", ",\"zone\":\"z2\"", NULL);
	node("c", "2", NULL, NULL);
	place("s1", "{\"app\":\"s\"}", NULL, "a");
	assert_int_equal(run(p, "a", out, sizeof(out)), SCH_UNSCHED);
	assert_string_equal(out, SCH_R_SPREAD);
	assert_int_equal(run(p, "b", out, sizeof(out)), SCH_OK);
	assert_int_equal(run(p, "c", out, sizeof(out)), SCH_UNRESOLVABLE);
	assert_string_equal(out, SCH_R_SPREAD_LABEL);
	json_decref(p);
}

static void test_fit_message(void **state)
{
	struct sch_status st[3] = {0};
	char *m;

	(void)state;
	sch_status_add(&st[0], "node(s) had untolerated taint {k: v}");
	sch_status_add(&st[1], "Insufficient cpu");
	sch_status_add(&st[2], "Insufficient cpu");
	sch_status_add(&st[2], "Insufficient memory");
	m = sch_fit_message(st, 3,
			    "preemption: 0/3 nodes are available: 3 Preemption is not "
			    "helpful for scheduling.");
	assert_string_equal(m, "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had "
			       "untolerated taint {k: v}, 2 Insufficient cpu. preemption: 0/3 "
			       "nodes are available: 3 Preemption is not helpful for scheduling..");
	free(m);
	m = sch_fit_message(st, 3, NULL);
	assert_string_equal(m, "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had "
			       "untolerated taint {k: v}, 2 Insufficient cpu.");
	free(m);
	for (int i = 0; i < 3; i++)
		sch_status_clear(&st[i]);
}

static void test_nodes_to_find(void **state)
{
	(void)state;
	assert_int_equal(sch_nodes_to_find(0, 3), 3);
	assert_int_equal(sch_nodes_to_find(0, 99), 99);
	assert_int_equal(sch_nodes_to_find(0, 1000), 420);  /* 50% - 1000/125 */
	assert_int_equal(sch_nodes_to_find(0, 5000), 500);  /* 10% */
	assert_int_equal(sch_nodes_to_find(0, 10000), 500); /* at least 5% */
	assert_int_equal(sch_nodes_to_find(10, 500), 100);  /* at least 100 */
	assert_int_equal(sch_nodes_to_find(30, 1000), 300);
	assert_int_equal(sch_nodes_to_find(100, 1000), 1000);
}

static void test_round_robin(void **state)
{
	struct sch_node *feas[200];
	struct sch_status st[250] = {0};
	struct sch_cycle cy;
	json_t *p = pod("p", NULL, NULL);
	size_t start = 0, found;
	char name[16];

	(void)state;
	for (int i = 0; i < 250; i++) {
		snprintf(name, sizeof(name), "n%03d", i);
		node(name, "2", NULL, NULL);
	}
	sch_cycle_init(&cy, &cache, p, NULL);
	found = sch_find_feasible(&cy, &start, sch_nodes_to_find(0, 250), feas, st);
	assert_int_equal(found, 120); /* 250 * (50 - 2) / 100 */
	assert_int_equal(start, 120);
	assert_string_equal(feas[0]->name, "n000");
	found = sch_find_feasible(&cy, &start, 120, feas, st);
	assert_string_equal(feas[0]->name, "n120");
	assert_int_equal(start, 240);
	found = sch_find_feasible(&cy, &start, 120, feas, st);
	assert_string_equal(feas[10]->name, "n000"); /* wrapped around */
	assert_int_equal(start, 110);
	sch_cycle_free(&cy);
	json_decref(p);
}

/* The pick follows the scores: least allocated wins, PreferNoSchedule and preferred affinity
 * weigh in, and the default spreading counts the owner's pods. */
static void test_scores(void **state)
{
	struct sch_node *nodes[3];
	int64_t out[3];
	struct sch_cycle cy;
	int w[SCH_SC_COUNT];
	json_t *p = pod(
	    "p", "{\"app\":\"web\"}",
	    CTR("{\"cpu\":\"100m\",\"memory\":\"100Mi\"}") ",\"affinity\":{\"nodeAffinity\":{"
							   "\"preferredDuringSchedulingIgnoredDurin"
							   "gExecution\":[{\"weight\":5,"
							   "\"preference\":{\"matchExpressions\":[{"
							   "\"key\":\"fast\",\"operator\":"
							   "\"Exists\"}]}}]}}}");

	(void)state;
	nodes[0] = node("a", "4", NULL, NULL);
	nodes[1] = node("b", "4", ",\"fast\":\"yes\"", NULL);
	nodes[2] = node("c", "4", NULL,
			"{\"taints\":[{\"key\":\"meh\",\"effect\":\"PreferNoSchedule\"}]}");
	place("busy", NULL, CTR("{\"cpu\":\"2\",\"memory\":\"2Gi\"}") "}", "a");
	place("w1", "{\"app\":\"web\"}", NULL, "c");
	place("w2", "{\"app\":\"web\"}", NULL, "c");
	for (int i = 0; i < SCH_SC_COUNT; i++)
		w[i] = 0;
	sch_cycle_init(&cy, &cache, p, "app=web");

	w[SCH_SC_FIT] = 1;
	sch_score_nodes(&cy, w, nodes, 3, out);
	assert_true(out[0] < out[1]);
	w[SCH_SC_FIT] = 0;

	w[SCH_SC_AFFINITY] = 1;
	sch_score_nodes(&cy, w, nodes, 3, out);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 100);
	w[SCH_SC_AFFINITY] = 0;

	w[SCH_SC_TAINT] = 1;
	sch_score_nodes(&cy, w, nodes, 3, out);
	assert_int_equal(out[0], 100);
	assert_int_equal(out[2], 0);
	w[SCH_SC_TAINT] = 0;

	w[SCH_SC_SPREAD] = 1;
	sch_score_nodes(&cy, w, nodes, 3, out);
	assert_int_equal(out[0], 100);
	assert_int_equal(out[1], 100);
	assert_true(out[2] < 100);
	sch_cycle_free(&cy);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_filter_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_taints_and_unschedulable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pods_count_and_nominated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_interpod, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_spread_filter, setup, teardown),
	    cmocka_unit_test(test_fit_message),
	    cmocka_unit_test(test_nodes_to_find),
	    cmocka_unit_test_setup_teardown(test_round_robin, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
