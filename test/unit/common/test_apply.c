/* Unit tests for common/apply.c: field sets, compare, merge, managedFields bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "apply.h"

/* JSON written with single quotes for readability; a backquote is an escaped quote. */
static json_t *J(const char *text)
{
	char *s = malloc(2 * strlen(text) + 1), *o = s;
	json_error_t e;
	json_t *v;

	for (const char *p = text; *p; p++) {
		if (*p == '`')
			*o++ = '\\';
		*o++ = (*p == '\'' || *p == '`') ? '"' : *p;
	}
	*o = '\0';
	v = json_loads(s, JSON_DECODE_ANY, &e);
	if (!v)
		fail_msg("bad test JSON (%s): %s", e.text, s);
	free(s);
	return v;
}

static void expect_json(const json_t *got, const char *want_text)
{
	json_t *want = J(want_text);

	if (!got || !json_equal((json_t *)got, want)) {
		char *g = got ? json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS) : strdup("NULL");
		char *w = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS);

		print_error("got:  %s\nwant: %s\n", g, w);
		free(g);
		free(w);
		json_decref(want);
		fail();
	}
	json_decref(want);
}

#define APPLIED_DEPLOY                                                                             \
	"{'apiVersion':'apps/"                                                                     \
	"v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'a'}},"                  \
	"'spec':{'replicas':2,'selector':{'matchLabels':{'app':'a'}},'template':{'metadata':"      \
	"{'labels':{'app':'a'}},'spec':{'containers':[{'name':'nginx','image':'nginx',"            \
	"'ports':[{'containerPort':80}]}]}}}}"

static void test_fieldset_apply(void **state)
{
	json_t *obj = J(APPLIED_DEPLOY), *set;

	(void)state;
	set = apply_fieldset(obj, "apps", "Deployment");
	expect_json(set, "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},"
			 "'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},"
			 "'f:spec':{'f:containers':{'k:{`name`:`nginx`}':{'.':{},'f:image':{},"
			 "'f:name':{},'f:ports':{'k:{`containerPort`:80,`protocol`:`TCP`}':"
			 "{'.':{},'f:containerPort':{}}}}}}}}}");
	json_decref(set);
	json_decref(obj);

	/* Finalizers are a set, tolerations atomic, an empty map is a leaf. */
	obj =
	    J("{'apiVersion':'v1','kind':'Pod','metadata':{'finalizers':['a/b'],'annotations':{}},"
	      "'spec':{'tolerations':[{'key':'k'}],'securityContext':{}}}");
	set = apply_fieldset(obj, "", "Pod");
	expect_json(set, "{'f:metadata':{'f:annotations':{},'f:finalizers':{'v:`a/b`':{}}},"
			 "'f:spec':{'f:securityContext':{},'f:tolerations':{}}}");
	json_decref(set);
	json_decref(obj);
}

static void test_set_algebra(void **state)
{
	json_t *a = J("{'f:a':{},'f:b':{'f:c':{},'f:d':{}},'f:e':{'.':{},'f:x':{}}}");
	json_t *b = J("{'f:b':{'f:c':{}},'f:e':{'f:x':{}},'f:z':{}}");
	json_t *r;

	(void)state;
	r = apply_set_union(a, b);
	expect_json(r, "{'f:a':{},'f:b':{'f:c':{},'f:d':{}},'f:e':{'.':{},'f:x':{}},'f:z':{}}");
	json_decref(r);
	r = apply_set_difference(a, b);
	expect_json(r, "{'f:a':{},'f:b':{'f:d':{}},'f:e':{}}");
	json_decref(r);
	r = apply_set_intersection(a, b);
	expect_json(r, "{'f:b':{'f:c':{}},'f:e':{'f:x':{}}}");
	json_decref(r);
	assert_false(apply_set_empty(a));
	r = apply_set_difference(a, a);
	assert_true(apply_set_empty(r));
	json_decref(r);
	json_decref(a);
	json_decref(b);

	a = J("{'f:spec':{'f:containers':{'k:{`name`:`x`}':{'.':{},'f:image':{}}},"
	      "'f:ports':{'k:{`port`:80,`protocol`:`TCP`}':{}}},"
	      "'f:metadata':{'f:finalizers':{'v:`f`':{}}}}");
	r = apply_set_paths(a);
	expect_json(r, "['.spec.containers[name=`x`]','.spec.containers[name=`x`].image',"
		       "'.spec.ports[port=80,protocol=`TCP`]','.metadata.finalizers[=`f`]']");
	json_decref(r);
	json_decref(a);
}

#define CREATED_DEPLOY                                                                             \
	"{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','uid':'u',"          \
	"'creationTimestamp':'2024-01-01T00:00:00Z','labels':{'app':'a'}},'spec':{'replicas':1,"   \
	"'selector':{'matchLabels':{'app':'a'}},'strategy':{'type':'RollingUpdate','"              \
	"rollingUpdate':"                                                                          \
	"{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':"  \
	"[{'name':'nginx','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}],"        \
	"'resources':{}}]}}},'status':{'replicas':0}}"

#define CREATED_FIELDS                                                                             \
	"{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{}" \
	","                                                                                        \
	"'f:strategy':{'f:rollingUpdate':{'.':{},'f:maxSurge':{}},'f:type':{}},'f:template':"      \
	"{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:containers':"                 \
	"{'k:{`name`:`nginx`}':{'.':{},'f:image':{},'f:name':{},'f:ports':{'.':{},"                \
	"'k:{`containerPort`:80,`protocol`:`TCP`}':{'.':{},'f:containerPort':{},"                  \
	"'f:protocol':{}}},'f:resources':{}}}}}}}"

/* Walk object members; NULL-terminated. */
static json_t *at(json_t *v, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, v);
	while (v && (k = va_arg(ap, const char *)))
		v = json_object_get(v, k);
	va_end(ap);
	return v;
}

static json_t *created(void)
{
	json_t *obj = J(CREATED_DEPLOY);

	apply_track_update(obj, NULL, "kubectl-create", "Update", "apps/v1",
			   "2024-01-01T00:00:00Z");
	return obj;
}

static void test_track_create(void **state)
{
	json_t *obj = created();

	(void)state;
	/* The shape upstream records for a create: "." on fields that did not exist in the zero
	 * object, none on value structs, server-set metadata and status left out. */
	expect_json(
	    json_object_get(json_object_get(obj, "metadata"), "managedFields"),
	    "[{'manager':'kubectl-create','operation':'Update','apiVersion':'apps/v1',"
	    "'time':'2024-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':" CREATED_FIELDS
	    "}]");
	json_decref(obj);
}

static void test_track_update(void **state)
{
	json_t *old = created(), *new_obj = json_deep_copy(old), *mf;

	(void)state;
	json_object_set_new(json_object_get(new_obj, "spec"), "replicas", json_integer(5));
	json_object_del(json_object_get(json_object_get(new_obj, "metadata"), "labels"), "app");
	apply_track_update(new_obj, old, "kubectl-scale", "Update", "apps/v1",
			   "2024-01-02T00:00:00Z");
	mf = json_object_get(json_object_get(new_obj, "metadata"), "managedFields");
	assert_int_equal(json_array_size(mf), 2);
	/* The scaler took replicas; the creator lost it and the removed label. */
	expect_json(json_object_get(json_array_get(mf, 1), "fieldsV1"),
		    "{'f:spec':{'f:replicas':{}}}");
	assert_string_equal(json_string_value(json_object_get(json_array_get(mf, 1), "manager")),
			    "kubectl-scale");
	assert_null(at(json_array_get(mf, 0), "fieldsV1", "f:spec", "f:replicas", NULL));
	/* labels itself stays owned, now a leaf: its only child went away. */
	expect_json(at(json_array_get(mf, 0), "fieldsV1", "f:metadata", "f:labels", NULL), "{}");

	/* A no-op update by the same manager keeps its timestamp. */
	json_decref(old);
	old = json_deep_copy(new_obj);
	apply_track_update(new_obj, old, "kubectl-scale", "Update", "apps/v1",
			   "2024-01-03T00:00:00Z");
	mf = json_object_get(json_object_get(new_obj, "metadata"), "managedFields");
	assert_string_equal(json_string_value(json_object_get(json_array_get(mf, 1), "time")),
			    "2024-01-02T00:00:00Z");
	json_decref(old);
	json_decref(new_obj);
}

static void test_track_status(void **state)
{
	json_t *old = created(), *new_obj = json_deep_copy(old), *mf;

	(void)state;
	json_object_set_new(new_obj, "status", J("{'replicas':1,'readyReplicas':1}"));
	apply_track_update_sub(new_obj, old, "kube-controller-manager", "Update", "apps/v1",
			       "2024-01-02T00:00:00Z", "status");
	mf = json_object_get(json_object_get(new_obj, "metadata"), "managedFields");
	assert_int_equal(json_array_size(mf), 2);
	expect_json(
	    json_array_get(mf, 1),
	    "{'manager':'kube-controller-manager','operation':'Update','apiVersion':'apps/v1',"
	    "'time':'2024-01-02T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':"
	    "{'f:status':{'f:readyReplicas':{},'f:replicas':{}}},'subresource':'status'}");
	json_decref(old);
	json_decref(new_obj);
}

static void test_merge_lists(void **state)
{
	json_t *live, *cfg, *out;

	(void)state;
	/* Keyed lists merge by key: live-only entries keep their place, applied ones follow
	 * the applied order. */
	live = J("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},"
		 "{'name':'b','image':'1'}]}}}}");
	cfg = J("{'spec':{'template':{'spec':{'containers':[{'name':'c'},{'name':'b','image':'2'}]}"
		"}}}");
	out = apply_merge(live, cfg, "apps", "Deployment");
	expect_json(out, "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},"
			 "{'name':'c'},{'name':'b','image':'2'}]}}}}");
	json_decref(out);
	json_decref(live);
	json_decref(cfg);

	/* Atomic lists and maps are replaced, sets union. */
	live = J("{'metadata':{'finalizers':['x']},'spec':{'tolerations':[{'key':'a'}],"
		 "'nodeSelector':{'a':'1'}}}");
	cfg = J("{'metadata':{'finalizers':['y']},'spec':{'tolerations':[{'key':'b'}],"
		"'nodeSelector':{'b':'2'}}}");
	out = apply_merge(live, cfg, "", "Pod");
	expect_json(out, "{'metadata':{'finalizers':['x','y']},'spec':{'tolerations':[{'key':'b'}],"
			 "'nodeSelector':{'b':'2'}}}");
	json_decref(out);
	json_decref(live);
	json_decref(cfg);
}

static int do_apply(const json_t *live, const char *cfg_text, const char *manager, bool force,
		    json_t **out, json_t **conflicts)
{
	json_t *cfg = J(cfg_text);
	char *err = NULL;
	int rc = apply_patch(live, cfg, manager, force, "apps", "Deployment", out, conflicts, &err);

	if (rc == APPLY_BAD)
		print_error("apply failed: %s\n", err);
	free(err);
	json_decref(cfg);
	return rc;
}

static const json_t *entry(const json_t *obj, const char *manager, const char *op)
{
	json_t *mf = json_object_get(json_object_get(obj, "metadata"), "managedFields"), *e;
	size_t i;

	json_array_foreach(mf, i, e)
	{
		if (!strcmp(json_string_value(json_object_get(e, "manager")), manager) &&
		    !strcmp(json_string_value(json_object_get(e, "operation")), op))
			return e;
	}
	return NULL;
}

static void test_apply_create(void **state)
{
	json_t *out = NULL, *conflicts = NULL;

	(void)state;
	assert_int_equal(do_apply(NULL, APPLIED_DEPLOY, "kubectl", false, &out, &conflicts),
			 APPLY_OK);
	assert_null(conflicts);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "spec"), "replicas")), 2);
	assert_non_null(entry(out, "kubectl", "Apply"));
	assert_string_equal(
	    json_string_value(json_object_get(entry(out, "kubectl", "Apply"), "apiVersion")),
	    "apps/v1");
	assert_non_null(
	    json_object_get(json_object_get(entry(out, "kubectl", "Apply"), "fieldsV1"), "f:spec"));
	json_decref(out);
}

static void test_apply_conflict(void **state)
{
	json_t *live = created(), *out = NULL, *conflicts = NULL, *e;
	char *msg;

	(void)state;
	/* replicas 1 is owned by kubectl-create: applying 2 conflicts. */
	assert_int_equal(do_apply(live, APPLIED_DEPLOY, "kubectl", false, &out, &conflicts),
			 APPLY_CONFLICT);
	assert_null(out);
	assert_int_equal(json_array_size(conflicts), 1);
	expect_json(json_array_get(conflicts, 0),
		    "{'manager':'`kubectl-create` using apps/v1','field':'.spec.replicas',"
		    "'message':'conflict with `kubectl-create` using apps/v1'}");
	msg = apply_conflict_message(conflicts);
	assert_string_equal(msg, "Apply failed with 1 conflict: conflict with \"kubectl-create\" "
				 "using apps/v1: .spec.replicas");
	free(msg);
	json_decref(conflicts);
	conflicts = NULL;

	/* Forced: the field changes hands; shared equal values stay co-owned. */
	assert_int_equal(do_apply(live, APPLIED_DEPLOY, "kubectl", true, &out, &conflicts),
			 APPLY_OK);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "spec"), "replicas")), 2);
	e = json_object_get(entry(out, "kubectl-create", "Update"), "fieldsV1");
	assert_null(json_object_get(json_object_get(e, "f:spec"), "f:replicas"));
	assert_non_null(json_object_get(json_object_get(e, "f:spec"), "f:selector"));
	/* Live-only fields survive the merge. */
	assert_non_null(json_object_get(json_object_get(out, "spec"), "strategy"));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(out, "metadata"), "uid")), "u");
	json_decref(out);
	json_decref(live);
}

static void test_apply_multi_conflict_message(void **state)
{
	json_t *c =
	    J("[{'manager':'`a` using v1','field':'.x','message':'conflict with `a` using v1'},"
	      "{'manager':'`a` using v1','field':'.y','message':'conflict with `a` using v1'},"
	      "{'manager':'`b`','field':'.z','message':'conflict with `b`'}]");
	char *msg = apply_conflict_message(c);

	(void)state;
	assert_string_equal(msg,
			    "Apply failed with 3 conflicts: conflicts with \"a\" using v1:\n- .x\n"
			    "- .y\nconflicts with \"b\":\n- .z");
	free(msg);
	json_decref(c);
}

static void test_apply_prune(void **state)
{
	json_t *live = NULL, *out = NULL, *conflicts = NULL;

	(void)state;
	assert_int_equal(
	    do_apply(NULL,
		     "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'w',"
		     "'labels':{'a':'1','b':'2'}},'spec':{'replicas':1}}",
		     "kubectl", false, &live, &conflicts),
	    APPLY_OK);
	/* Dropping label b and replicas from the configuration removes them. */
	assert_int_equal(
	    do_apply(live,
		     "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'w',"
		     "'labels':{'a':'1'}}}",
		     "kubectl", false, &out, &conflicts),
	    APPLY_OK);
	expect_json(json_object_get(json_object_get(out, "metadata"), "labels"), "{'a':'1'}");
	assert_null(json_object_get(json_object_get(out, "spec"), "replicas"));
	json_decref(out);

	/* A field another applier also owns is kept. */
	json_decref(live);
	live = NULL;
	assert_int_equal(
	    do_apply(NULL,
		     "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'w',"
		     "'labels':{'a':'1','b':'2'}}}",
		     "one", false, &live, &conflicts),
	    APPLY_OK);
	assert_int_equal(
	    do_apply(live,
		     "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'w',"
		     "'labels':{'b':'2'}}}",
		     "two", false, &out, &conflicts),
	    APPLY_OK);
	json_decref(live);
	live = out;
	assert_int_equal(
	    do_apply(live,
		     "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'w',"
		     "'labels':{'a':'1'}}}",
		     "one", false, &out, &conflicts),
	    APPLY_OK);
	expect_json(json_object_get(json_object_get(out, "metadata"), "labels"),
		    "{'a':'1','b':'2'}");
	json_decref(out);
	json_decref(live);
}

static void test_apply_untracked(void **state)
{
	json_t *live = J(CREATED_DEPLOY), *out = NULL, *conflicts = NULL;
	char *msg;

	(void)state;
	/* An object nobody tracked: its fields belong to before-first-apply. */
	assert_int_equal(do_apply(live, APPLIED_DEPLOY, "kubectl", false, &out, &conflicts),
			 APPLY_CONFLICT);
	msg = apply_conflict_message(conflicts);
	assert_string_equal(msg,
			    "Apply failed with 1 conflict: conflict with \"before-first-apply\" "
			    "using apps/v1: .spec.replicas");
	free(msg);
	json_decref(conflicts);
	json_decref(live);
}

static void test_apply_bad(void **state)
{
	json_t *cfg = J("{'metadata':{'managedFields':[]}}"), *out, *conflicts;
	char *err = NULL;

	(void)state;
	assert_int_equal(
	    apply_patch(NULL, cfg, "m", false, "", "ConfigMap", &out, &conflicts, &err), APPLY_BAD);
	assert_string_equal(err, "metadata.managedFields must be nil");
	free(err);
	json_decref(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fieldset_apply),
	    cmocka_unit_test(test_set_algebra),
	    cmocka_unit_test(test_track_create),
	    cmocka_unit_test(test_track_update),
	    cmocka_unit_test(test_track_status),
	    cmocka_unit_test(test_merge_lists),
	    cmocka_unit_test(test_apply_create),
	    cmocka_unit_test(test_apply_conflict),
	    cmocka_unit_test(test_apply_multi_conflict_message),
	    cmocka_unit_test(test_apply_prune),
	    cmocka_unit_test(test_apply_untracked),
	    cmocka_unit_test(test_apply_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
