/* Unit tests for common/patch.c: merge patch, JSON patch, strategic merge patch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "patch.h"

/* JSON written with single quotes for readability. */
static json_t *J(const char *text)
{
	char *s = strdup(text);
	json_error_t e;
	json_t *v;

	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	v = json_loads(s, JSON_DECODE_ANY, &e);
	if (!v)
		fail_msg("bad test JSON (%s): %s", e.text, s);
	free(s);
	return v;
}

static void expect_json(json_t *got, const char *want_text)
{
	json_t *want = J(want_text);

	if (!got || !json_equal(got, want)) {
		char *g = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("NULL");
		char *w = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);

		print_error("got:  %s\nwant: %s\n", g, w);
		free(g);
		free(w);
		json_decref(want);
		fail();
	}
	json_decref(want);
}

/* ---- merge patch ---- */

static void check_merge(const char *orig, const char *patch, const char *want)
{
	json_t *o = J(orig), *p = J(patch), *o_copy = json_deep_copy(o);
	json_t *got = patch_merge(o, p);

	expect_json(got, want);
	assert_true(json_equal(o, o_copy)); /* input untouched */
	json_decref(got);
	json_decref(o);
	json_decref(p);
	json_decref(o_copy);
}

static void test_merge_rfc7386(void **state)
{
	(void)state;
	/* The examples of RFC 7386 appendix A. */
	check_merge("{'a':'b'}", "{'a':'c'}", "{'a':'c'}");
	check_merge("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}");
	check_merge("{'a':'b'}", "{'a':null}", "{}");
	check_merge("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}");
	check_merge("{'a':['b']}", "{'a':'c'}", "{'a':'c'}");
	check_merge("{'a':'c'}", "{'a':['b']}", "{'a':['b']}");
	check_merge("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}");
	check_merge("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}");
	check_merge("['a','b']", "['c','d']", "['c','d']");
	check_merge("{'a':'b'}", "['c']", "['c']");
	check_merge("{'a':'foo'}", "null", "null");
	check_merge("{'a':'foo'}", "'bar'", "'bar'");
	check_merge("{'e':null}", "{'a':1}", "{'e':null,'a':1}");
	check_merge("[1,2]", "{'a':'b','c':null}", "{'a':'b'}");
	check_merge("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}");
}

static void test_merge_kube(void **state)
{
	(void)state;
	/* Labels merge, lists are replaced wholesale, nulls nested in new values vanish. */
	check_merge(
	    "{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'containers':[{'name':'x'}]}}",
	    "{'metadata':{'labels':{'b':null,'c':'3'}},'spec':{'containers':[{'name':'y'}]}}",
	    "{'metadata':{'labels':{'a':'1','c':'3'}},'spec':{'containers':[{'name':'y'}]}}");
	check_merge("{'spec':{'replicas':1}}", "{'spec':{'template':{'x':null,'y':{'z':null}}}}",
		    "{'spec':{'replicas':1,'template':{'y':{}}}}");
	/* A null live value is treated as absent. */
	check_merge("{'a':null}", "{'a':{'b':null,'c':1}}", "{'a':{'c':1}}");
	/* A new array keeps null elements but prunes nulls inside its objects. */
	check_merge("{}", "{'a':[null,{'b':null,'c':2}]}", "{'a':[null,{'c':2}]}");
}

/* ---- JSON patch ---- */

static void check_jp(const char *orig, const char *ops, const char *want)
{
	json_t *o = J(orig), *p = J(ops);
	char *err = NULL;
	json_t *got = patch_json(o, p, &err);

	if (!got)
		print_error("unexpected error: %s\n", err);
	expect_json(got, want);
	assert_null(err);
	json_decref(got);
	json_decref(o);
	json_decref(p);
}

static void check_jp_err(const char *orig, const char *ops, const char *want_err)
{
	json_t *o = J(orig), *p = J(ops);
	char *err = NULL;
	json_t *got = patch_json(o, p, &err);

	assert_null(got);
	assert_non_null(err);
	if (strcmp(err, want_err)) {
		print_error("got error:  %s\nwant error: %s\n", err, want_err);
		fail();
	}
	free(err);
	json_decref(o);
	json_decref(p);
}

static void test_jp_ops(void **state)
{
	(void)state;
	check_jp("{'a':1}", "[{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}");
	check_jp("{'a':[1,2]}", "[{'op':'add','path':'/a/1','value':9}]", "{'a':[1,9,2]}");
	check_jp("{'a':[1,2]}", "[{'op':'add','path':'/a/-','value':3}]", "{'a':[1,2,3]}");
	check_jp("{'a':[1,2]}", "[{'op':'add','path':'/a/2','value':3}]", "{'a':[1,2,3]}");
	check_jp("{'a':[1,2]}", "[{'op':'add','path':'/a/-1','value':3}]", "{'a':[1,2,3]}");
	check_jp("{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]", "{'b':2}");
	check_jp("{'a':[1,2,3]}", "[{'op':'remove','path':'/a/-1'}]", "{'a':[1,2]}");
	check_jp("{'a':[1,2,3]}", "[{'op':'remove','path':'/a/0'}]", "{'a':[2,3]}");
	check_jp("{'a':{'b':1}}", "[{'op':'replace','path':'/a/b','value':'x'}]",
		 "{'a':{'b':'x'}}");
	/* Upstream's library lets replace create a missing object member. */
	check_jp("{'a':{}}", "[{'op':'replace','path':'/a/b','value':1}]", "{'a':{'b':1}}");
	check_jp("{'a':1}", "[{'op':'replace','path':'','value':{'z':0}}]", "{'z':0}");
	check_jp("{'a':{'b':1},'c':{}}", "[{'op':'move','from':'/a/b','path':'/c/d'}]",
		 "{'a':{},'c':{'d':1}}");
	check_jp("{'a':[1,2,3]}", "[{'op':'move','from':'/a/0','path':'/a/-'}]", "{'a':[2,3,1]}");
	check_jp("{'a':{'b':[1]}}", "[{'op':'copy','from':'/a/b','path':'/c'}]",
		 "{'a':{'b':[1]},'c':[1]}");
	check_jp("{'a':{'b':[1]}}",
		 "[{'op':'copy','from':'/a','path':'/c'},{'op':'add','path':'/c/b/-','value':2}]",
		 "{'a':{'b':[1]},'c':{'b':[1,2]}}");
	check_jp("{'a':'x'}", "[{'op':'test','path':'/a','value':'x'}]", "{'a':'x'}");
	check_jp("{'a':null}", "[{'op':'test','path':'/b','value':null}]", "{'a':null}");
	check_jp("{'a':null}", "[{'op':'test','path':'/a','value':null}]", "{'a':null}");
	check_jp("{'a':[1]}", "[{'op':'test','path':'','value':{'a':[1]}}]", "{'a':[1]}");
	check_jp("{'a':1}", "[]", "{'a':1}");
}

static void test_jp_escapes(void **state)
{
	(void)state;
	check_jp("{'metadata':{'labels':{'app.kubernetes.io/name':'x','a~b':'y'}}}",
		 "[{'op':'remove','path':'/metadata/labels/app.kubernetes.io~1name'},"
		 "{'op':'replace','path':'/metadata/labels/a~0b','value':'z'}]",
		 "{'metadata':{'labels':{'a~b':'z'}}}");
	check_jp("{}", "[{'op':'add','path':'/~01','value':1}]", "{'~1':1}");
	check_jp("{'':{'':2}}", "[{'op':'replace','path':'//','value':3}]", "{'':{'':3}}");
}

static void test_jp_errors(void **state)
{
	(void)state;
	check_jp_err("{'a':1}", "[{'op':'add','path':'/x/y','value':1}]",
		     "add operation does not apply: doc is missing path: \"/x/y\": missing value");
	check_jp_err("{'a':1}", "[{'op':'remove','path':'/b'}]",
		     "error in remove for path: '/b': Unable to remove nonexistent key: b: "
		     "missing value");
	check_jp_err("{'a':1}", "[{'op':'remove','path':'/b/c'}]",
		     "remove operation does not apply: doc is missing path: \"/b/c\": missing "
		     "value");
	check_jp_err("{'a':[1]}", "[{'op':'replace','path':'/a/5','value':1}]",
		     "replace operation does not apply: doc is missing key: /a/5: missing value");
	check_jp_err("{'a':1}", "[{'op':'test','path':'/a','value':2}]",
		     "testing value /a failed: test failed");
	check_jp_err("{'a':1}", "[{'op':'test','path':'/b','value':2}]",
		     "testing value /b failed: test failed");
	check_jp_err("{'a':1}", "[{'op':'frob','path':'/a'}]", "Unexpected kind: frob");
	check_jp_err("{'a':1}", "[{'path':'/a'}]", "Unexpected kind: unknown");
	check_jp_err("{'a':1}", "[{'op':'add','value':1}]",
		     "add operation failed to decode path: missing value");
	check_jp_err("{'a':[1]}", "[{'op':'add','path':'/a/3','value':1}]",
		     "error in add for path: '/a/3': Unable to access invalid index: 3: invalid "
		     "index referenced");
	check_jp_err("{'a':[1]}", "[{'op':'add','path':'/a/x','value':1}]",
		     "error in add for path: '/a/x': value was not a proper array index: 'x': "
		     "strconv.Atoi: parsing \"x\": invalid syntax");
	check_jp_err("{'a':1}", "[{'op':'move','from':'/nope','path':'/b'}]",
		     "error in move for path: 'nope': Unable to remove nonexistent key: nope: "
		     "missing value");
	check_jp_err(
	    "{'a':1}", "[{'op':'copy','from':'/x/y','path':'/b'}]",
	    "copy operation does not apply: doc is missing from path: /x/y: missing value");
	check_jp_err("{'a':1}", "{'op':'add'}",
		     "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
	check_jp_err("{'a':1}", "['add']",
		     "json: cannot unmarshal string into Go value of type jsonpatch.Operation");
	/* A failing later operation discards earlier ones: the input is untouched. */
	check_jp_err("{'a':1}", "[{'op':'add','path':'/b','value':1},{'op':'remove','path':'/c'}]",
		     "error in remove for path: '/c': Unable to remove nonexistent key: c: missing "
		     "value");
}

static void test_jp_limits(void **state)
{
	json_t *ops = json_array(), *doc = J("{'a':'x'}"), *got;
	char *err = NULL, *big = malloc(1024 * 1024 + 1);

	(void)state;
	for (int i = 0; i <= PATCH_JSON_MAX_OPS; i++)
		json_array_append_new(ops, J("{'op':'test','path':'/a','value':'x'}"));
	assert_null(patch_json(doc, ops, &err));
	assert_string_equal(err,
			    "The allowed maximum operations in a JSON patch is 10000, got 10001");
	free(err);
	json_decref(ops);
	json_decref(doc);

	/* Doubling a megabyte by copy quickly passes the copy budget. */
	memset(big, 'x', 1024 * 1024);
	big[1024 * 1024] = '\0';
	doc = json_pack("{s:{s:s}}", "a", "s", big);
	ops = json_array();
	for (int i = 0; i < 4; i++)
		json_array_append_new(
		    ops, json_pack("{s:s,s:s,s:s}", "op", "copy", "from", "/a", "path", "/b"));
	got = patch_json(doc, ops, &err);
	assert_null(got);
	assert_non_null(strstr(err, "Unable to complete the copy"));
	free(err);
	free(big);
	json_decref(ops);
	json_decref(doc);
}

/* ---- strategic merge patch ---- */

static void check_smp(const char *group, const char *kind, const char *orig, const char *patch,
		      const char *want)
{
	json_t *o = J(orig), *p = J(patch), *o_copy = json_deep_copy(o),
	       *p_copy = json_deep_copy(p);
	char *err = NULL;
	json_t *got = patch_strategic(o, p, group, kind, &err);

	if (!got)
		print_error("unexpected error: %s\n", err);
	expect_json(got, want);
	assert_null(err);
	assert_true(json_equal(o, o_copy));
	assert_true(json_equal(p, p_copy));
	json_decref(got);
	json_decref(o);
	json_decref(p);
	json_decref(o_copy);
	json_decref(p_copy);
}

static void check_smp_err(const char *group, const char *kind, const char *orig, const char *patch,
			  const char *want_substr)
{
	json_t *o = J(orig), *p = J(patch);
	char *err = NULL;
	json_t *got = patch_strategic(o, p, group, kind, &err);

	if (got) {
		char *g = json_dumps(got, JSON_COMPACT);

		print_error("expected error containing '%s', got %s\n", want_substr, g);
		free(g);
		fail();
	}
	assert_non_null(err);
	if (!strstr(err, want_substr)) {
		print_error("error '%s' lacks '%s'\n", err, want_substr);
		fail();
	}
	free(err);
	json_decref(o);
	json_decref(p);
}

#define POD(spec) "{'kind':'Pod','metadata':{'name':'p'},'spec':" spec "}"
#define DEPLOY(podspec)                                                                            \
	"{'kind':'Deployment','spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'a'}}," \
	"'spec':" podspec "}}}"

static void test_smp_containers(void **state)
{
	(void)state;
	/* Merge into an existing element by name; others stay where they are. */
	check_smp("", "Pod",
		  POD("{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}"),
		  "{'spec':{'containers':[{'name':'b','image':'z'}]}}",
		  POD("{'containers':[{'name':'a','image':'x'},{'name':'b','image':'z'}]}"));
	/* A new element goes in front of server-only ones, as upstream does. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a'},{'name':'b'}]}"),
		  "{'spec':{'containers':[{'name':'c','image':'r'}]}}",
		  POD("{'containers':[{'name':'c','image':'r'},{'name':'a'},{'name':'b'}]}"));
	/* Nested keyed lists: env by name, ports by containerPort, volumeMounts by mountPath. */
	check_smp("", "Pod",
		  POD("{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y',"
		      "'value':'2'}],'ports':[{'containerPort':80,'name':'http'}],"
		      "'volumeMounts':[{'name':'v','mountPath':'/m'}],'args':['1','2']}]}"),
		  "{'spec':{'containers':[{'name':'a','env':[{'name':'Y','value':'3'}],"
		  "'ports':[{'containerPort':80,'protocol':'TCP'}],"
		  "'volumeMounts':[{'name':'w','mountPath':'/m'}],'args':['3']}]}}",
		  POD("{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y',"
		      "'value':'3'}],'ports':[{'containerPort':80,'name':'http','protocol':'TCP'}],"
		      "'volumeMounts':[{'name':'w','mountPath':'/m'}],'args':['3']}]}"));
	/* Deleting an element by merge key. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
		  "{'spec':{'containers':[{'name':'b','$patch':'delete'}]}}",
		  POD("{'containers':[{'name':'a'},{'name':'c'}]}"));
	/* Deleting a missing element is not an error. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		  "{'spec':{'containers':[{'name':'zz','$patch':'delete'}]}}",
		  POD("{'containers':[{'name':'a'}]}"));
	/* $patch: replace inside the list replaces the whole list. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a','image':'1'},{'name':'b'}]}"),
		  "{'spec':{'containers':[{'$patch':'replace'},{'name':'c','image':'2'}]}}",
		  POD("{'containers':[{'name':'c','image':'2'}]}"));
	/* A null inside a merged element deletes that field. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a','image':'1','command':['sh']}]}"),
		  "{'spec':{'containers':[{'name':'a','command':null}]}}",
		  POD("{'containers':[{'name':'a','image':'1'}]}"));
}

static void test_smp_deployment_template(void **state)
{
	(void)state;
	/* Containers nested in a deployment's pod template merge the same way. */
	check_smp("apps", "Deployment",
		  DEPLOY("{'containers':[{'name':'web','image':'nginx:1','env':[{'name':'A',"
			 "'value':'1'}]}],'volumes':[{'name':'v1','emptyDir':{}}]}"),
		  "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx:2',"
		  "'env':[{'name':'B','value':'2'}]}],'volumes':[{'name':'v2','secret':"
		  "{'secretName':'s'}}]}}}}",
		  DEPLOY("{'containers':[{'name':'web','image':'nginx:2','env':[{'name':'B',"
			 "'value':'2'},{'name':'A','value':'1'}]}],'volumes':[{'name':'v2',"
			 "'secret':{'secretName':'s'}},{'name':'v1','emptyDir':{}}]}"));
	/* CronJob: jobTemplate.spec.template.spec.containers. */
	check_smp("batch", "CronJob",
		  "{'spec':{'schedule':'*','jobTemplate':{'spec':{'template':{'spec':"
		  "{'containers':[{'name':'a','image':'1'},{'name':'b','image':'1'}]}}}}}}",
		  "{'spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':"
		  "[{'name':'b','image':'2'}]}}}}}}",
		  "{'spec':{'schedule':'*','jobTemplate':{'spec':{'template':{'spec':"
		  "{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}}}}}}");
}

static void test_smp_replace_lists(void **state)
{
	(void)state;
	/* Tolerations, args and endpoint subsets carry no merge strategy: replaced. */
	check_smp("", "Pod", POD("{'tolerations':[{'key':'a','operator':'Exists'}]}"),
		  "{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}",
		  POD("{'tolerations':[{'key':'b','operator':'Exists'}]}"));
	check_smp("", "Endpoints", "{'subsets':[{'addresses':[{'ip':'1.1.1.1'}]}]}",
		  "{'subsets':[{'addresses':[{'ip':'2.2.2.2'}]}]}",
		  "{'subsets':[{'addresses':[{'ip':'2.2.2.2'}]}]}");
	check_smp("rbac.authorization.k8s.io", "Role", "{'rules':[{'verbs':['get']}]}",
		  "{'rules':[{'verbs':['list']}]}", "{'rules':[{'verbs':['list']}]}");
	/* Service ports merge by port. */
	check_smp(
	    "", "Service",
	    "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443}],'selector':{'a':'b'}}}",
	    "{'spec':{'ports':[{'port':80,'targetPort':9090}],'selector':{'c':'d'}}}",
	    "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':443}],"
	    "'selector':{'a':'b','c':'d'}}}");
	/* A PodDisruptionBudget selector has patchStrategy replace. */
	check_smp("policy", "PodDisruptionBudget",
		  "{'spec':{'selector':{'matchLabels':{'a':'1'}},'minAvailable':1}}",
		  "{'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
		  "{'spec':{'selector':{'matchLabels':{'b':'2'}},'minAvailable':1}}");
}

static void test_smp_meta(void **state)
{
	(void)state;
	/* Labels merge, null deletes; finalizers union; ownerReferences by uid. */
	check_smp("", "ConfigMap",
		  "{'metadata':{'labels':{'a':'1','b':'2'},'finalizers':['x','y'],"
		  "'ownerReferences':[{'uid':'u1','name':'o1'}]},'data':{'k':'v'}}",
		  "{'metadata':{'labels':{'a':null,'c':'3'},'finalizers':['z','x'],"
		  "'ownerReferences':[{'uid':'u2','name':'o2'},{'uid':'u1','name':'o1b'}]},"
		  "'data':{'k2':'v2'}}",
		  "{'metadata':{'labels':{'b':'2','c':'3'},'finalizers':['z','x','y'],"
		  "'ownerReferences':[{'uid':'u2','name':'o2'},{'uid':'u1','name':'o1b'}]},"
		  "'data':{'k':'v','k2':'v2'}}");
	/* $deleteFromPrimitiveList removes finalizers. */
	check_smp("", "Namespace", "{'metadata':{'finalizers':['a','b','c']}}",
		  "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','nope']}}",
		  "{'metadata':{'finalizers':['a','c']}}");
	/* ... and does not create a missing list. */
	check_smp("", "Namespace", "{'metadata':{'name':'n'}}",
		  "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}",
		  "{'metadata':{'name':'n'}}");
	/* Deleting the whole map with $patch: delete. */
	check_smp("", "Secret", "{'metadata':{'labels':{'a':'1'}},'data':{'x':'eA=='}}",
		  "{'metadata':{'labels':{'$patch':'delete'}}}",
		  "{'metadata':{'labels':{}},'data':{'x':'eA=='}}");
	/* $patch: replace on a map keeps only the patch's keys. */
	check_smp("", "ConfigMap", "{'data':{'a':'1','b':'2'}}",
		  "{'data':{'$patch':'replace','c':'3'}}", "{'data':{'c':'3'}}");
	/* Conditions merge by type. */
	check_smp(
	    "", "Node",
	    "{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'DiskPressure',"
	    "'status':'False'}],'addresses':[{'type':'InternalIP','address':'1.2.3.4'}]}}",
	    "{'status':{'conditions':[{'type':'Ready','status':'True'}],"
	    "'addresses':[{'type':'Hostname','address':'n1'}]}}",
	    "{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'DiskPressure',"
	    "'status':'False'}],'addresses':[{'type':'Hostname','address':'n1'},"
	    "{'type':'InternalIP','address':'1.2.3.4'}]}}");
}

static void test_smp_set_element_order(void **state)
{
	(void)state;
	/* Mirrors upstream's "set elements order in a list with server-only items 2". */
	check_smp("", "Pod",
		  POD("{'containers':[{'name':'1','x':'a'},{'name':'2','v':2},{'name':'9'},"
		      "{'name':'3','v':3},{'name':'4','v':4}]}"),
		  "{'spec':{'$setElementOrder/containers':[{'name':'2'},{'name':'1'},{'name':'4'},"
		  "{'name':'3'}]}}",
		  POD("{'containers':[{'name':'2','v':2},{'name':'1','x':'a'},{'name':'9'},"
		      "{'name':'4','v':4},{'name':'3','v':3}]}"));
	/* ... "with server-only items 3". */
	check_smp("", "Pod",
		  POD("{'containers':[{'name':'1'},{'name':'2'},{'name':'7'},{'name':'9'},"
		      "{'name':'8'},{'name':'3'},{'name':'4'}]}"),
		  "{'spec':{'$setElementOrder/containers':[{'name':'2'},{'name':'1'},{'name':'4'},"
		  "{'name':'3'}]}}",
		  POD("{'containers':[{'name':'2'},{'name':'1'},{'name':'7'},{'name':'9'},"
		      "{'name':'8'},{'name':'4'},{'name':'3'}]}"));
	/* What kubectl apply sends when adding an env var in the middle. */
	check_smp("", "Pod",
		  POD("{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Z',"
		      "'value':'3'}]}]}"),
		  "{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'a',"
		  "'$setElementOrder/env':[{'name':'X'},{'name':'Y'},{'name':'Z'}],"
		  "'env':[{'name':'Y','value':'2'}]}]}}",
		  POD("{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y',"
		      "'value':'2'},{'name':'Z','value':'3'}]}]}"));
	/* Deleting and reordering at once. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
		  "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}],"
		  "'containers':[{'name':'b','$patch':'delete'}]}}",
		  POD("{'containers':[{'name':'c'},{'name':'a'}]}"));
	/* Primitive lists: order from the directive, server-only items kept. */
	check_smp("", "ConfigMap", "{'metadata':{'finalizers':['a','b','s']}}",
		  "{'metadata':{'$setElementOrder/finalizers':['c','b','a'],'finalizers':['c']}}",
		  "{'metadata':{'finalizers':['c','b','a','s']}}");
	/* On a missing list the patch list is taken, ordered. */
	check_smp("", "Pod", POD("{}"),
		  "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],"
		  "'containers':[{'name':'b','image':'x'},{'name':'a'}]}}",
		  POD("{'containers':[{'name':'b','image':'x'},{'name':'a'}]}"));
	/* The patch list must follow the directive's order. */
	check_smp_err("", "Pod", POD("{'containers':[{'name':'1'},{'name':'3'},{'name':'2'}]}"),
		      "{'spec':{'$setElementOrder/containers':[{'name':'1'},{'name':'2'},"
		      "{'name':'3'}],'containers':[{'name':'3','v':3},{'name':'1','v':1}]}}",
		      "doesn't match $setElementOrder list");
}

static void test_smp_retain_keys(void **state)
{
	(void)state;
	/* A volume changing source kind: retainKeys clears the old source. */
	check_smp("", "Pod", POD("{'volumes':[{'name':'v','hostPath':{'path':'/x'}}]}"),
		  "{'spec':{'volumes':[{'name':'v','$retainKeys':['emptyDir','name'],"
		  "'emptyDir':{}}]}}",
		  POD("{'volumes':[{'name':'v','emptyDir':{}}]}"));
	/* Deployment strategy switch from RollingUpdate to Recreate. */
	check_smp("apps", "Deployment",
		  "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
		  "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
		  "{'spec':{'strategy':{'type':'Recreate'}}}");
	check_smp_err("apps", "Deployment", "{'spec':{'strategy':{'type':'RollingUpdate'}}}",
		      "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}",
		      "invalid patch format of retainKeys");
	check_smp_err("apps", "Deployment", "{'spec':{'strategy':{'type':'RollingUpdate'}}}",
		      "{'spec':{'strategy':{'$retainKeys':'type'}}}",
		      "invalid patch format of retainKeys");
}

static void test_smp_new_values(void **state)
{
	(void)state;
	/* Values landing where nothing was lose nulls and directives. */
	check_smp(
	    "", "Pod", "{'metadata':{'name':'p'}}",
	    "{'spec':{'nodeName':null,'containers':[{'name':'a','image':null},"
	    "{'name':'gone','$patch':'delete'}],'$setElementOrder/containers':[{'name':'a'}]}}",
	    "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a'}]}}");
	/* A directive map where nothing was is dropped, as upstream. */
	check_smp("", "ConfigMap", "{}", "{'data':{'$patch':'replace','a':'1'}}", "{}");
	/* Type changes replace the live value. */
	check_smp("", "ConfigMap", "{'data':{'a':{'b':1}},'x':[1]}",
		  "{'data':{'a':'s'},'x':{'y':1}}", "{'data':{'a':'s'},'x':{'y':1}}");
	check_smp("", "ConfigMap", "{'x':1}", "{'x':1.5}", "{'x':1.5}");
	/* A null list entirely deletes the field. */
	check_smp("", "Pod", POD("{'containers':[{'name':'a'}],'tolerations':[]}"),
		  "{'spec':{'tolerations':null}}", POD("{'containers':[{'name':'a'}]}"));
}

static void test_smp_errors(void **state)
{
	(void)state;
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'containers':[{'image':'x'}]}}",
		      "map: map[image:x] does not contain declared merge key: name");
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'containers':['x']}}", "list element types are not identical");
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'containers':[[1]]}}", "list element types are not identical");
	check_smp_err("", "ConfigMap", "{'metadata':{'finalizers':['a']}}",
		      "{'metadata':{'finalizers':[['b']]}}", "");
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'containers':[{'name':'a','$patch':'merge'}]}}",
		      "merging lists cannot yet be specified in the patch");
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'containers':[{'name':'a','$patch':'frob'}]}}",
		      "unknown patch type: frob in map: map[$patch:frob name:a]");
	check_smp_err("", "ConfigMap", "{'data':{'a':'1'}}", "{'data':{'$patch':'merge'}}",
		      "unknown patch type: merge");
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'containers':[{'$patch':'delete'}]}}",
		      "does not contain declared merge key: name");
	check_smp_err("", "Pod", POD("{'containers':[{'name':'a'}]}"),
		      "{'spec':{'$setElementOrder/containers':'x'}}",
		      "expected a []interface {}, but received a string");
	check_smp_err("", "ConfigMap", "{'metadata':{'finalizers':['a']}}",
		      "{'metadata':{'$deleteFromPrimitiveList':['a']}}",
		      "invalid patch format of primitive list");
	/* A live element without the merge key cannot be matched. */
	check_smp_err("", "Pod", POD("{'containers':[{'image':'a'}]}"),
		      "{'spec':{'containers':[{'name':'b'}]}}",
		      "does not contain declared merge key");
	check_smp_err("", "ConfigMap", "{}", "[1]",
		      "cannot unmarshal array into Go value of type map[string]interface {}");
	check_smp_err("example.com", "Widget", "{}", "{}",
		      "strategic merge patch is not supported for Widget");
}

static void test_smp_more_kinds(void **state)
{
	(void)state;
	check_smp("", "ServiceAccount",
		  "{'secrets':[{'name':'a'}],'imagePullSecrets':[{'name':'x'}]}",
		  "{'secrets':[{'name':'b'}],'imagePullSecrets':[{'name':'y'}]}",
		  "{'secrets':[{'name':'b'},{'name':'a'}],'imagePullSecrets':[{'name':'y'}]}");
	check_smp("autoscaling", "HorizontalPodAutoscaler",
		  "{'status':{'conditions':[{'type':'AbleToScale','status':'True'}]}}",
		  "{'status':{'conditions':[{'type':'ScalingActive','status':'False'}]}}",
		  "{'status':{'conditions':[{'type':'ScalingActive','status':'False'},"
		  "{'type':'AbleToScale','status':'True'}]}}");
	check_smp("", "Pod",
		  POD("{'imagePullSecrets':[{'name':'a'}],'initContainers':[{'name':'i'}]}"),
		  "{'spec':{'imagePullSecrets':[{'name':'a','$patch':'delete'}],"
		  "'initContainers':[{'name':'i','image':'busybox'}]},"
		  "'status':{'podIPs':[{'ip':'10.0.0.1'}]}}",
		  POD("{'imagePullSecrets':[],'initContainers':[{'name':'i','image':'busybox'}]}"
		      ",'status':{'podIPs':[{'ip':'10.0.0.1'}]}"));
	check_smp("", "Node", "{'spec':{'podCIDRs':['10.0.0.0/24'],'taints':[{'key':'a'}]}}",
		  "{'spec':{'podCIDRs':['10.0.1.0/24'],'taints':[{'key':'b'}]}}",
		  "{'spec':{'podCIDRs':['10.0.1.0/24','10.0.0.0/24'],'taints':[{'key':'b'}]}}");
	/* Adding and removing finalizers in one patch. */
	check_smp("", "ConfigMap", "{'metadata':{'finalizers':['a','b']}}",
		  "{'metadata':{'finalizers':['c'],'$deleteFromPrimitiveList/finalizers':['a']}}",
		  "{'metadata':{'finalizers':['c','b']}}");
	/* Without a live object the patch is the result. */
	check_smp("", "ConfigMap", "{}", "{'data':{'a':'1'}}", "{'data':{'a':'1'}}");
}

/* Odd inputs must give a result or an error, never a crash or leak. */
static void test_smp_odd_inputs(void **state)
{
	static const char *const patches[] = {
	    "{'spec':{'containers':null}}",
	    "{'spec':{'containers':[null]}}",
	    "{'spec':{'containers':{}}}",
	    "{'spec':{'containers':'x'}}",
	    "{'spec':{'containers':[{'name':null}]}}",
	    "{'spec':{'containers':[{'name':'a','env':[{'$patch':'replace'}]}]}}",
	    "{'spec':{'containers':[{'name':'a','env':[{'name':'e','$patch':'delete'}]}]}}",
	    "{'spec':{'containers':[{'name':'a','$retainKeys':['name']}]}}",
	    "{'spec':{'$setElementOrder/containers':[1,2]}}",
	    "{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':{}}}",
	    "{'spec':{'$setElementOrder/volumes':[],'volumes':[]}}",
	    "{'spec':{'$deleteFromPrimitiveList/containers':[{'name':'a'}]}}",
	    "{'spec':{'$deleteFromPrimitiveList/nodeName':['x']}}",
	    "{'spec':{'$retainKeys':[1,{}]}}",
	    "{'spec':{'$patch':7}}",
	    "{'metadata':{'finalizers':[{'a':1}]}}",
	    "{'metadata':{'finalizers':[1,'a']}}",
	    "{'$patch':'delete'}",
	    "{'$patch':'replace','kind':'Pod'}",
	};
	json_t *orig = J("{'metadata':{'finalizers':['f']},'spec':{'containers':[{'name':'a',"
			 "'env':[{'name':'e'}]},{'name':'b'}],'volumes':[{'name':'v'}],"
			 "'nodeName':'n'}}");

	(void)state;
	for (size_t i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		json_t *p = J(patches[i]);
		char *err = NULL;
		json_t *got = patch_strategic(orig, p, "", "Pod", &err);

		assert_true((got != NULL) != (err != NULL));
		json_decref(got);
		free(err);
		json_decref(p);
	}
	json_decref(orig);
}

static void test_smp_known(void **state)
{
	(void)state;
	assert_true(patch_strategic_known("", "Pod"));
	assert_true(patch_strategic_known(NULL, "ConfigMap"));
	assert_true(patch_strategic_known("core", "Service"));
	assert_true(patch_strategic_known("apps", "StatefulSet"));
	assert_true(patch_strategic_known("batch", "CronJob"));
	assert_true(patch_strategic_known("networking.k8s.io", "NetworkPolicy"));
	assert_true(patch_strategic_known("coordination.k8s.io", "Lease"));
	assert_true(patch_strategic_known("autoscaling", "HorizontalPodAutoscaler"));
	assert_false(patch_strategic_known("apps", "Pod"));
	assert_false(patch_strategic_known("stable.example.com", "CronTab"));
	assert_false(patch_strategic_known("", NULL));
}

static void test_smp_schema(void **state)
{
	const struct smp_type *pod = smp_kind_type("", "Pod");
	const struct smp_field *f;

	(void)state;
	f = smp_field(smp_field(pod, "spec")->type, "containers");
	assert_non_null(f);
	assert_string_equal(f->merge_key, "name");
	assert_true(f->flags & SMP_MERGE);
	f = smp_field(f->type, "ports");
	assert_string_equal(f->merge_key, "containerPort");
	assert_string_equal(f->list_keys, "containerPort,protocol");
	f = smp_field(smp_field(pod, "spec")->type, "tolerations");
	assert_false(f->flags & SMP_MERGE);
	assert_null(smp_field(smp_field(pod, "spec")->type, "restartPolicy"));
	assert_null(smp_field(NULL, "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_rfc7386),
	    cmocka_unit_test(test_merge_kube),
	    cmocka_unit_test(test_jp_ops),
	    cmocka_unit_test(test_jp_escapes),
	    cmocka_unit_test(test_jp_errors),
	    cmocka_unit_test(test_jp_limits),
	    cmocka_unit_test(test_smp_containers),
	    cmocka_unit_test(test_smp_deployment_template),
	    cmocka_unit_test(test_smp_replace_lists),
	    cmocka_unit_test(test_smp_meta),
	    cmocka_unit_test(test_smp_set_element_order),
	    cmocka_unit_test(test_smp_retain_keys),
	    cmocka_unit_test(test_smp_new_values),
	    cmocka_unit_test(test_smp_errors),
	    cmocka_unit_test(test_smp_more_kinds),
	    cmocka_unit_test(test_smp_odd_inputs),
	    cmocka_unit_test(test_smp_known),
	    cmocka_unit_test(test_smp_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
