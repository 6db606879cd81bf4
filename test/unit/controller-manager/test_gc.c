/* The garbage collector's decisions and the discovery list they rest on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/discovery.h"
#include "../../../controller-manager/gc.h"
#include "jsonx.h"

static json_t *parse(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (!v)
		fail_msg("bad test JSON: %s", e.text);
	return v;
}

#define DECIDE(deps, ...)                                                                          \
	({                                                                                         \
		enum gc_ref_state st_[] = {__VA_ARGS__};                                           \
		gc_decide(st_, sizeof(st_) / sizeof(st_[0]), deps);                                \
	})

static void test_decide(void **state)
{
	(void)state;
	assert_int_equal(gc_decide(NULL, 0, false), GC_NOTHING);
	assert_int_equal(DECIDE(false, GC_REF_SOLID), GC_NOTHING);
	assert_int_equal(DECIDE(false, GC_REF_DANGLING), GC_DELETE);
	assert_int_equal(DECIDE(false, GC_REF_SOLID, GC_REF_DANGLING), GC_DROP_REFS);
	assert_int_equal(DECIDE(true, GC_REF_SOLID, GC_REF_WAITING), GC_DROP_REFS);
	assert_int_equal(DECIDE(true, GC_REF_WAITING), GC_DELETE_FOREGROUND);
	assert_int_equal(DECIDE(false, GC_REF_WAITING), GC_DELETE);
	assert_int_equal(DECIDE(true, GC_REF_WAITING, GC_REF_DANGLING), GC_DELETE_FOREGROUND);
	assert_int_equal(DECIDE(false, GC_REF_DANGLING, GC_REF_UNKNOWN), GC_RETRY);
	assert_int_equal(DECIDE(false, GC_REF_UNKNOWN, GC_REF_INVALID), GC_NOTHING);
}

static void test_policy_and_refs(void **state)
{
	json_t *o = parse("{\"metadata\":{\"finalizers\":[\"x\",\"orphan\"],\"ownerReferences\":["
			  "{\"uid\":\"a\",\"name\":\"a\",\"blockOwnerDeletion\":true},"
			  "{\"uid\":\"b\",\"name\":\"b\"}]}}");
	json_t *fg = parse("{\"metadata\":{\"finalizers\":[\"foregroundDeletion\"]}}");
	json_t *plain = parse("{\"metadata\":{}}");
	const char *a = "a", *both[] = {"orphan", "foregroundDeletion"};
	json_t *r;

	(void)state;
	assert_string_equal(gc_policy(o), "Orphan");
	assert_string_equal(gc_policy(fg), "Foreground");
	assert_string_equal(gc_policy(plain), "Background");
	assert_true(gc_blocks(o, "a"));
	assert_false(gc_blocks(o, "b"));
	r = gc_refs_without(o, &a, 1);
	assert_int_equal(json_array_size(r), 1);
	assert_string_equal(jx_str(json_array_get(r, 0), "uid"), "b");
	json_decref(r);
	r = gc_refs_unblocked(o, &a, 1);
	assert_false(jx_bool(json_array_get(r, 0), "blockOwnerDeletion", true));
	assert_int_equal(json_array_size(r), 2);
	json_decref(r);
	r = gc_finalizers_without(o, both, 2);
	assert_int_equal(json_array_size(r), 1);
	assert_string_equal(json_string_value(json_array_get(r, 0)), "x");
	json_decref(r);
	json_decref(o);
	json_decref(fg);
	json_decref(plain);
}

static void test_discovery(void **state)
{
	struct disc *d = calloc(1, sizeof(*d));
	json_t *core =
	    parse("{\"resources\":[{\"name\":\"pods\",\"kind\":\"Pod\",\"namespaced\":true,"
		  "\"verbs\":[\"list\",\"watch\",\"delete\",\"deletecollection\"]},"
		  "{\"name\":\"pods/status\",\"kind\":\"Pod\",\"namespaced\":true,"
		  "\"verbs\":[\"get\"]},{\"name\":\"nodes\",\"kind\":\"Node\","
		  "\"verbs\":[\"list\"]}]}");
	json_t *apps = parse("{\"resources\":[{\"name\":\"deployments\",\"kind\":\"Deployment\","
			     "\"namespaced\":true,\"verbs\":[\"list\",\"delete\"]}]}");
	const struct disc_res *r;
	char *s;

	(void)state;
	d->failed = json_object();
	disc_add_list(d, core, "", "v1");
	disc_add_list(d, apps, "apps", "v1");
	assert_int_equal(d->n, 3);
	r = disc_find_kind(d, "v1", "Pod");
	assert_non_null(r);
	assert_int_equal(r->verbs & (DISC_LIST | DISC_DELETECOLLECTION),
			 DISC_LIST | DISC_DELETECOLLECTION);
	s = disc_path(r, "ns");
	assert_string_equal(s, "/api/v1/namespaces/ns/pods");
	free(s);
	/* Another version of the same group resolves to the served one. */
	r = disc_find_kind(d, "apps/v1beta2", "Deployment");
	assert_non_null(r);
	s = disc_path(r, NULL);
	assert_string_equal(s, "/apis/apps/v1/deployments");
	free(s);
	s = disc_group_resource(r);
	assert_string_equal(s, "deployments.apps");
	free(s);
	r = disc_find_kind(d, "v1", "Node");
	s = disc_path(r, "ns");
	assert_string_equal(s, "/api/v1/nodes");
	free(s);
	assert_null(disc_find_kind(d, "batch/v1", "Job"));
	json_decref(core);
	json_decref(apps);
	disc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decide),
	    cmocka_unit_test(test_policy_and_refs),
	    cmocka_unit_test(test_discovery),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
