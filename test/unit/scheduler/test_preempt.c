/* Preemption's choice of victims and node, PodDisruptionBudgets, preemptionPolicy Never and the
 * messages when it cannot help; and the cache is left as it was by the dry runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../scheduler/scheduler.h"
#include "jsonx.h"

static struct sch_cache cache;
static json_t *budgets; /* array of PDBs the lookup returns */

static void mknode(const char *name, const char *cpu, bool tainted)
{
	json_t *n =
	    json_pack("{s:{s:s, s:{s:s}}, s:{s:s}, s:{s:{s:s, s:s, s:s}}}", "metadata", "name",
		      name, "labels", "kubernetes.io/hostname", name, "spec", "x", "y", "status",
		      "allocatable", "cpu", cpu, "memory", "4Gi", "pods", "110");

	if (tainted)
		json_object_set_new(json_object_get(n, "spec"), "taints",
				    json_pack("[{s:s, s:s}]", "key", "k", "effect", "NoSchedule"));
	sch_cache_node_set(&cache, n);
	json_decref(n);
}

static json_t *mkpod(const char *name, int prio, const char *cpu, const char *app)
{
	return json_pack("{s:{s:s, s:s, s:s, s:{s:s}}, s:{s:i, s:[{s:s, s:{s:{s:s}}}]}}",
			 "metadata", "name", name, "namespace", "default", "creationTimestamp",
			 "2024-01-01T00:00:00Z", "labels", "app", app, "spec", "priority", prio,
			 "containers", "name", "c", "resources", "requests", "cpu", cpu);
}

static void place(const char *name, int prio, const char *cpu, const char *app, const char *on)
{
	json_t *p = mkpod(name, prio, cpu, app);

	sch_cache_pod_set(&cache, p, on, false);
	json_decref(p);
}

static size_t pdbs(void *arg, const char *ns, const json_t ***out)
{
	size_t n = json_array_size(budgets);

	(void)arg;
	(void)ns;
	*out = calloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		(*out)[i] = json_array_get(budgets, i);
	return n;
}

/* Filter every node, then preempt: returns the rc; names the node and victims in out. */
static int preempt(json_t *pod, char *out, size_t len, char **msg)
{
	struct sch_status *st = calloc(cache.n, sizeof(*st));
	struct sch_victims v;
	struct sch_cycle cy;
	int rc;

	sch_cycle_init(&cy, &cache, pod, NULL);
	for (size_t i = 0; i < cache.n; i++)
		assert_int_not_equal(sch_filter_node(&cy, cache.list[i], &st[i]), SCH_OK);
	rc = sch_preempt(&cy, st, pdbs, NULL, &v, msg);
	out[0] = 0;
	if (rc == 0) {
		snprintf(out, len, "%s:", v.node->name);
		for (size_t i = 0; i < v.n; i++)
			snprintf(out + strlen(out), len - strlen(out), " %s",
				 jx_str(v.pods[i]->obj, "metadata.name"));
	}
	sch_victims_free(&v);
	for (size_t i = 0; i < cache.n; i++)
		sch_status_clear(&st[i]);
	free(st);
	sch_cycle_free(&cy);
	return rc;
}

static int setup(void **state)
{
	(void)state;
	sch_cache_init(&cache);
	budgets = json_array();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sch_cache_free(&cache);
	json_decref(budgets);
	return 0;
}

static void test_fewest_least_important(void **state)
{
	json_t *p = mkpod("vip", 1000, "1500m", "vip");
	char out[256], *msg = NULL;

	(void)state;
	mknode("a", "2", false);
	mknode("b", "2", false);
	place("a-mid", 500, "1", "x", "a"); /* a: more important victims */
	place("a-mid2", 500, "1", "x", "a");
	place("b-low", 10, "1", "x", "b");	/* b: one low pod is enough... */
	place("b-small", 10, "100m", "x", "b"); /* ...and this one can stay */
	place("b-peer", 2000, "300m", "x", "b");
	assert_int_equal(preempt(p, out, sizeof(out), &msg), 0);
	assert_string_equal(out, "b: b-low");
	assert_int_equal(sch_cache_node(&cache, "b")->req.cpu, 1400); /* restored */
	assert_int_equal(sch_cache_node(&cache, "b")->npods, 3);
	json_decref(p);
}

static void test_pdb_respected(void **state)
{
	json_t *p = mkpod("vip", 1000, "1", "vip");
	char out[256], *msg = NULL;

	(void)state;
	mknode("a", "1", false);
	mknode("b", "1", false);
	place("guarded", 1, "1", "db", "a");
	place("free", 5, "1", "web", "b");
	json_array_append_new(budgets, json_pack("{s:{s:s}, s:{s:{s:{s:s}}}, s:{s:i}}", "metadata",
						 "name", "db", "spec", "selector", "matchLabels",
						 "app", "db", "status", "disruptionsAllowed", 0));
	/* Lower priority on a, but its eviction would break the budget. */
	assert_int_equal(preempt(p, out, sizeof(out), &msg), 0);
	assert_string_equal(out, "b: free");
	json_decref(p);
}

static void test_not_helpful(void **state)
{
	json_t *p = mkpod("vip", 1000, "3", "vip");
	json_t *never = mkpod("n", 1000, "3", "vip");
	char out[256], *msg = NULL;

	(void)state;
	mknode("a", "2", true);
	mknode("b", "2", false);
	mknode("c", "4", false);
	place("c-peer", 1000, "2", "x", "c"); /* as important: no victim */
	place("b-low", 1, "1", "x", "b");     /* evicting it is not enough */
	assert_int_equal(preempt(p, out, sizeof(out), &msg), -1);
	assert_string_equal(msg, "0/3 nodes are available: 1 Insufficient cpu, 1 No preemption "
				 "victims found for incoming pod, 1 Preemption is not helpful for "
				 "scheduling.");
	free(msg);
	json_object_set_new(json_object_get(never, "spec"), "preemptionPolicy",
			    json_string("Never"));
	assert_int_equal(preempt(never, out, sizeof(out), &msg), -1);
	assert_string_equal(msg, "not eligible due to preemptionPolicy=Never.");
	free(msg);
	json_decref(p);
	json_decref(never);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fewest_least_important, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pdb_respected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_helpful, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
