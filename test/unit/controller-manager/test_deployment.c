#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/deployment.h"
#include "jsonx.h"
#include "ktime.h"

#define NOW 1700000000L

static void test_safe_encode(void **state)
{
	char out[16];

	(void)state;
	/* Seed 004's cluster: pod-template-hash 3283213441 named ReplicaSet redis-76d7657885. */
	dep_safe_encode("3283213441", out);
	assert_string_equal(out, "76d7657885");
	dep_safe_encode("", out);
	assert_string_equal(out, "");
}

static void test_hash(void **state)
{
	json_t *a = json_pack("{s:{s:{s:s}}, s:{s:[{s:s, s:s}]}}", "metadata", "labels", "app", "x",
			      "spec", "containers", "name", "c", "image", "nginx");
	json_t *b = json_pack("{s:{s:[{s:s, s:s}]}, s:{s:{s:s}}}", "spec", "containers", "image",
			      "nginx", "name", "c", "metadata", "labels", "app", "x");
	json_t *one = json_integer(1);
	char *ha = dep_hash(a, NULL), *hb = dep_hash(b, NULL), *hc = dep_hash(a, one);

	(void)state;
	assert_string_equal(ha, hb); /* key order does not matter */
	assert_string_not_equal(ha, hc);
	assert_true(strlen(ha) >= 1 && strlen(ha) <= 10);
	assert_int_equal(strspn(ha, "bcdfghjklmnpqrstvwxz2456789"), strlen(ha));
	free(ha);
	free(hb);
	free(hc);
	json_decref(a);
	json_decref(b);
	json_decref(one);
}

static void test_equal_ignore_hash(void **state)
{
	json_t *a = json_pack("{s:{s:{s:s, s:s}}, s:{s:[{s:s}]}}", "metadata", "labels", "app", "x",
			      "pod-template-hash", "abc", "spec", "containers", "image", "v1");
	json_t *b = json_pack("{s:{s:{s:s}, s:{}}, s:{s:[{s:s}]}}", "metadata", "labels", "app",
			      "x", "annotations", "spec", "containers", "image", "v1");

	(void)state;
	assert_true(dep_equal_ignore_hash(a, b));
	jx_set(json_array_get(jx_get(b, "spec.containers"), 0), "image", json_string("v2"));
	assert_false(dep_equal_ignore_hash(a, b));
	json_decref(a);
	json_decref(b);
}

static void test_fenceposts(void **state)
{
	json_t *p25 = json_string("25%"), *p50 = json_string("50%"), *zero = json_integer(0);
	json_t *p0 = json_string("0%"), *five = json_integer(5), *bad = json_string("3");
	int s, u;

	(void)state;
	dep_fenceposts(p25, p25, 10, &s, &u);
	assert_int_equal(s, 3); /* 2.5 rounds up */
	assert_int_equal(u, 2); /* 2.5 rounds down */
	dep_fenceposts(p50, zero, 3, &s, &u);
	assert_int_equal(s, 2);
	assert_int_equal(u, 0);
	dep_fenceposts(zero, zero, 5, &s, &u);
	assert_int_equal(s, 0);
	assert_int_equal(u, 1); /* both 0: one may be unavailable */
	dep_fenceposts(p0, p25, 1, &s, &u);
	assert_int_equal(s, 0);
	assert_int_equal(u, 1);
	dep_fenceposts(NULL, NULL, 4, &s, &u); /* absent: the 25% defaults */
	assert_int_equal(s, 1);
	assert_int_equal(u, 1);
	assert_int_equal(dep_scaled_value(five, 100, true), 5);
	assert_int_equal(dep_scaled_value(bad, 100, true), 0);
	json_decref(p25);
	json_decref(p50);
	json_decref(zero);
	json_decref(p0);
	json_decref(five);
	json_decref(bad);
}

/* A Deployment "web" (uid d1) of replicas running image, maxSurge/maxUnavailable 25%. */
static json_t *deployment(long replicas, const char *image)
{
	return json_pack(
	    "{s:s, s:s, s:{s:s, s:s, s:s, s:i, s:{}}, s:{s:I, s:{s:{s:s}}, "
	    "s:{s:{s:{s:s}}, s:{s:[{s:s, s:s}]}}, s:{s:s, s:{s:s, s:s}}, s:i, s:i}, s:{}}",
	    "apiVersion", "apps/v1", "kind", "Deployment", "metadata", "name", "web", "namespace",
	    "default", "uid", "d1", "generation", 1, "annotations", "spec", "replicas",
	    (json_int_t)replicas, "selector", "matchLabels", "app", "web", "template", "metadata",
	    "labels", "app", "web", "spec", "containers", "name", "c", "image", image, "strategy",
	    "type", "RollingUpdate", "rollingUpdate", "maxSurge", "25%", "maxUnavailable", "25%",
	    "revisionHistoryLimit", 10, "progressDeadlineSeconds", 600, "status");
}

/* A ReplicaSet of the Deployment with its template at image, replicas, available of them. */
static json_t *replicaset(const json_t *d, const char *name, const char *image, long replicas,
			  long available, long revision, long created_ago, long max_ann)
{
	char ts[32], rev[16], max[16], desired[16];
	json_t *tmpl = json_deep_copy(jx_get(d, "spec.template"));

	kt_format(NOW - created_ago, ts);
	snprintf(rev, sizeof(rev), "%ld", revision);
	snprintf(max, sizeof(max), "%ld", max_ann);
	snprintf(desired, sizeof(desired), "%ld", (long)jx_int(d, "spec.replicas", 1));
	jx_set(json_array_get(jx_get(tmpl, "spec.containers"), 0), "image", json_string(image));
	jx_set(tmpl, "metadata.labels.pod-template-hash", json_string(name));
	return json_pack("{s:{s:s, s:s, s:s, s:s, s:i, s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:s, "
			 "s:b}]}, s:{s:I, s:o}, s:{s:I, s:I, s:I, s:I, s:i}}",
			 "metadata", "name", name, "namespace", "default", "uid", name,
			 "creationTimestamp", ts, "generation", 1, "annotations", DEP_REVISION, rev,
			 DEP_DESIRED, desired, DEP_MAX, max, "ownerReferences", "kind",
			 "Deployment", "name", "web", "uid", "d1", "controller", 1, "spec",
			 "replicas", (json_int_t)replicas, "template", tmpl, "status", "replicas",
			 (json_int_t)replicas, "readyReplicas", (json_int_t)available,
			 "availableReplicas", (json_int_t)available, "fullyLabeledReplicas",
			 (json_int_t)replicas, "observedGeneration", 1);
}

static void run(struct dep_ctx *x, json_t *d, json_t **rs, size_t n)
{
	memset(x, 0, sizeof(*x));
	x->now = NOW;
	x->ns_rs = (const json_t *const *)rs;
	x->n_ns_rs = n;
	dep_ctx_init(x, d, (const json_t *const *)rs, n);
	dep_reconcile(x);
}

static struct dep_rs *named(struct dep_ctx *x, const char *name)
{
	for (size_t i = 0; i < x->nrs; i++)
		if (!strncmp(jx_str(x->rs[i].obj, "metadata.name"), name, strlen(name)))
			return &x->rs[i];
	fail_msg("no ReplicaSet %s", name);
	return NULL;
}

static long reps(const struct dep_rs *r)
{
	return (long)jx_int(r->obj, "spec.replicas", -1);
}

static const char *ann(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(jx_get(o, "metadata.annotations"), k));
}

static const json_t *cond(const json_t *d, const char *type)
{
	const json_t *c;
	size_t i;

	json_array_foreach(jx_get(d, "status.conditions"), i, c)
	{
		if (!strcmp(jx_str(c, "type"), type))
			return c;
	}
	return NULL;
}

static void test_first_rollout(void **state)
{
	json_t *d = deployment(3, "v1");
	struct dep_ctx x;
	struct dep_rs *r;
	char *hash = dep_hash(jx_get(d, "spec.template"), NULL), *name;

	(void)state;
	run(&x, d, NULL, 0);
	assert_int_equal(x.nrs, 1);
	r = &x.rs[0];
	name = jx_str(r->obj, "metadata.name") ? strdup(jx_str(r->obj, "metadata.name")) : NULL;
	assert_true(r->create);
	assert_string_equal(name + 4, hash);
	assert_int_equal(reps(r), 3); /* 3 + 1 surge allowed, but never above 3 */
	assert_string_equal(ann(r->obj, DEP_REVISION), "1");
	assert_string_equal(ann(r->obj, DEP_DESIRED), "3");
	assert_string_equal(ann(r->obj, DEP_MAX), "4");
	assert_string_equal(jx_str(r->obj, "spec.selector.matchLabels.pod-template-hash"), hash);
	assert_string_equal(jx_str(r->obj, "spec.template.metadata.labels.pod-template-hash"),
			    hash);
	assert_string_equal(ann(x.d, DEP_REVISION), "1");
	assert_string_equal(jx_str(cond(x.d, "Progressing"), "reason"), "NewReplicaSetCreated");
	assert_string_equal(jx_str(cond(x.d, "Available"), "reason"), "MinimumReplicasUnavailable");
	assert_int_equal(jx_int(x.d, "status.observedGeneration", 0), 1);
	free(name);
	free(hash);
	dep_ctx_free(&x);
	json_decref(d);
}

static void test_rolling_steps(void **state)
{
	json_t *d = deployment(10, "v2");
	json_t *rs[2] = {replicaset(d, "old", "v1", 10, 10, 1, 100, 13)};
	struct dep_ctx x;
	struct dep_rs *n;

	(void)state;
	/* The template changed: a new ReplicaSet at the surge, the old one down by
	 * maxUnavailable, in one sync. */
	run(&x, d, rs, 1);
	assert_int_equal(x.nrs, 2);
	n = &x.rs[x.new_idx];
	assert_true(n->create);
	assert_int_equal(reps(n), 3);
	assert_string_equal(ann(n->obj, DEP_REVISION), "2");
	assert_int_equal(reps(named(&x, "old")), 8);
	assert_true(named(&x, "old")->dirty);
	assert_string_equal(ann(x.d, DEP_REVISION), "2");
	dep_ctx_free(&x);

	/* New at 3 (nothing available), old at 8: the new one grows to the surge limit (13). */
	rs[1] = replicaset(d, "new", "v2", 3, 0, 2, 10, 13);
	jx_set(rs[0], "spec.replicas", json_integer(8));
	jx_set(rs[0], "status.availableReplicas", json_integer(8));
	run(&x, d, rs, 2);
	assert_int_equal(reps(named(&x, "new")), 5);
	assert_int_equal(reps(named(&x, "old")), 8);
	assert_false(named(&x, "old")->dirty);
	dep_ctx_free(&x);

	/* Stuck there; now scale the Deployment to 20: 12 more spread by size. */
	jx_set(rs[1], "spec.replicas", json_integer(5));
	jx_set(d, "spec.replicas", json_integer(20));
	run(&x, d, rs, 2);
	assert_int_equal(reps(named(&x, "old")), 15);
	assert_int_equal(reps(named(&x, "new")), 10);
	assert_string_equal(ann(named(&x, "new")->obj, DEP_DESIRED), "20");
	assert_string_equal(ann(named(&x, "new")->obj, DEP_MAX), "25");
	dep_ctx_free(&x);

	/* All new pods available at 10 of 10: the old ones go. */
	jx_set(d, "spec.replicas", json_integer(10));
	jx_set(rs[0], "metadata.annotations." DEP_DESIRED, json_string("10"));
	jx_set(rs[1], "metadata.annotations." DEP_DESIRED, json_string("10"));
	jx_set(rs[0], "spec.replicas", json_integer(3));
	jx_set(rs[0], "status.availableReplicas", json_integer(3));
	jx_set(rs[1], "spec.replicas", json_integer(10));
	jx_set(rs[1], "status.availableReplicas", json_integer(10));
	run(&x, d, rs, 2);
	assert_int_equal(reps(named(&x, "old")), 0);
	dep_ctx_free(&x);
	json_decref(rs[0]);
	json_decref(rs[1]);
	json_decref(d);
}

static void test_rollback_reuses_old(void **state)
{
	json_t *d = deployment(2, "v1");
	json_t *rs[2] = {replicaset(d, "first", "v1", 0, 0, 1, 100, 3),
			 replicaset(d, "second", "v2", 2, 2, 2, 50, 3)};
	struct dep_ctx x;
	struct dep_rs *f;

	(void)state;
	run(&x, d, rs, 2);
	assert_int_equal(x.nrs, 2); /* no third ReplicaSet */
	f = named(&x, "first");
	assert_int_equal(x.new_idx, (int)(f - x.rs));
	assert_string_equal(ann(f->obj, DEP_REVISION), "3");
	assert_string_equal(ann(f->obj, DEP_REVISION_HIST), "1");
	assert_int_equal(reps(f), 1); /* surge: 2 + 1 - 2 */
	assert_string_equal(ann(x.d, DEP_REVISION), "3");
	assert_string_equal(jx_str(cond(x.d, "Progressing"), "message"),
			    "ReplicaSet \"first\" is progressing.");
	dep_ctx_free(&x);
	json_decref(rs[0]);
	json_decref(rs[1]);
	json_decref(d);
}

static void test_history_limit_and_status(void **state)
{
	json_t *d = deployment(2, "v4");
	json_t *rs[4] = {
	    replicaset(d, "r1", "v1", 0, 0, 1, 400, 3), replicaset(d, "r2", "v2", 0, 0, 2, 300, 3),
	    replicaset(d, "r3", "v3", 0, 0, 3, 200, 3), replicaset(d, "r4", "v4", 2, 2, 4, 100, 3)};
	struct dep_ctx x;

	(void)state;
	jx_set(d, "spec.revisionHistoryLimit", json_integer(1));
	/* The deployment's status says the rollout is complete. */
	json_object_set_new(d, "status",
			    json_pack("{s:i, s:i, s:i, s:i, s:i}", "observedGeneration", 1,
				      "replicas", 2, "updatedReplicas", 2, "readyReplicas", 2,
				      "availableReplicas", 2));
	run(&x, d, rs, 4);
	assert_true(named(&x, "r1")->remove);
	assert_true(named(&x, "r2")->remove);
	assert_false(named(&x, "r3")->remove);
	assert_false(named(&x, "r4")->remove);
	assert_string_equal(jx_str(cond(x.d, "Progressing"), "reason"), "NewReplicaSetAvailable");
	assert_string_equal(jx_str(cond(x.d, "Progressing"), "message"),
			    "ReplicaSet \"r4\" has successfully progressed.");
	assert_string_equal(jx_str(cond(x.d, "Available"), "message"),
			    "Deployment has minimum availability.");
	assert_int_equal(jx_int(x.d, "status.updatedReplicas", 0), 2);
	assert_null(jx_get(x.d, "status.unavailableReplicas"));
	dep_ctx_free(&x);
	for (int i = 0; i < 4; i++)
		json_decref(rs[i]);
	json_decref(d);
}

static void test_paused_and_deadline(void **state)
{
	json_t *d = deployment(2, "v2");
	json_t *rs[1] = {replicaset(d, "old", "v1", 2, 2, 1, 100, 3)};
	struct dep_ctx x;
	char ts[32];

	(void)state;
	jx_set(d, "spec.paused", json_true());
	run(&x, d, rs, 1);
	assert_int_equal(x.nrs, 1); /* paused: no new ReplicaSet */
	assert_string_equal(jx_str(cond(x.d, "Progressing"), "status"), "Unknown");
	assert_string_equal(jx_str(cond(x.d, "Progressing"), "reason"), "DeploymentPaused");
	dep_ctx_free(&x);

	/* Resumed, no progress for longer than the deadline. */
	jx_set(d, "spec.paused", json_false());
	kt_format(NOW - 700, ts);
	json_object_set_new(
	    d, "status",
	    json_pack("{s:i, s:i, s:i, s:i, s:i, s:[{s:s, s:s, s:s, s:s, s:s, s:s}]}",
		      "observedGeneration", 1, "replicas", 4, "updatedReplicas", 2, "readyReplicas",
		      1, "availableReplicas", 1, "conditions", "type", "Progressing", "status",
		      "True", "reason", "ReplicaSetUpdated", "message", "x", "lastUpdateTime", ts,
		      "lastTransitionTime", ts));
	json_decref(rs[0]);
	{
		json_t *both[2] = {replicaset(d, "old", "v1", 1, 1, 1, 100, 3),
				   replicaset(d, "new", "v2", 2, 0, 2, 50, 3)};

		jx_set(both[0], "status.replicas", json_integer(2));
		run(&x, d, both, 2);
		assert_string_equal(jx_str(cond(x.d, "Progressing"), "reason"),
				    "ProgressDeadlineExceeded");
		assert_string_equal(jx_str(cond(x.d, "Progressing"), "message"),
				    "ReplicaSet \"new\" has timed out progressing.");
		assert_string_equal(jx_str(cond(x.d, "Progressing"), "status"), "False");
		dep_ctx_free(&x);
		json_decref(both[0]);
		json_decref(both[1]);
	}
	json_decref(d);
}

static void test_recreate_and_collision(void **state)
{
	json_t *d = deployment(2, "v2");
	json_t *rs[1] = {replicaset(d, "old", "v1", 2, 2, 1, 100, 2)};
	json_t *other;
	struct dep_ctx x;
	char *hash, *name;

	(void)state;
	jx_set(d, "spec.strategy", json_pack("{s:s}", "type", "Recreate"));
	run(&x, d, rs, 1);
	assert_int_equal(x.nrs, 1); /* old ones first go down to nothing */
	assert_int_equal(reps(named(&x, "old")), 0);
	dep_ctx_free(&x);
	jx_set(rs[0], "spec.replicas", json_integer(0));
	jx_set(rs[0], "status", json_pack("{s:i}", "replicas", 0));
	run(&x, d, rs, 1);
	assert_int_equal(x.nrs, 2);
	assert_int_equal(reps(&x.rs[x.new_idx]), 2);
	dep_ctx_free(&x);

	/* Someone else's ReplicaSet already has the name: count a collision, create nothing. */
	hash = dep_hash(jx_get(d, "spec.template"), NULL);
	name = malloc(strlen(hash) + 8);
	sprintf(name, "web-%s", hash);
	other = json_pack("{s:{s:s, s:s}}", "metadata", "name", name, "namespace", "default");
	memset(&x, 0, sizeof(x));
	x.now = NOW;
	x.ns_rs = (const json_t *const *)&other;
	x.n_ns_rs = 1;
	dep_ctx_init(&x, d, (const json_t *const *)rs, 1);
	dep_reconcile(&x);
	assert_int_equal(x.nrs, 1);
	assert_int_equal(jx_int(x.d, "status.collisionCount", 0), 1);
	dep_ctx_free(&x);
	free(hash);
	free(name);
	json_decref(other);
	json_decref(rs[0]);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_safe_encode),
	    cmocka_unit_test(test_hash),
	    cmocka_unit_test(test_equal_ignore_hash),
	    cmocka_unit_test(test_fenceposts),
	    cmocka_unit_test(test_first_rollout),
	    cmocka_unit_test(test_rolling_steps),
	    cmocka_unit_test(test_rollback_reuses_old),
	    cmocka_unit_test(test_history_limit_and_status),
	    cmocka_unit_test(test_paused_and_deadline),
	    cmocka_unit_test(test_recreate_and_collision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
