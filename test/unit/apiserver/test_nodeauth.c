/* The Node authorizer's and NodeRestriction's pure parts: who is a node, what a pod refers
 * to, which labels a node may set, and the decisions that need no watch cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/nodeauth.h"

static json_t *parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	if (!v)
		fail_msg("bad test JSON: %s (%s)", err.text, s);
	return v;
}

static char *groups_node[] = {"system:nodes", "system:authenticated"};
static char *groups_other[] = {"system:authenticated"};

static struct user node_user(const char *name)
{
	struct user u = {.name = (char *)name, .groups = groups_node, .ngroups = 2};
	return u;
}

static void test_identity(void **state)
{
	struct user n1 = node_user("system:node:n1"), empty = node_user("system:node:");
	struct user nogroup = {.name = "system:node:n1", .groups = groups_other, .ngroups = 1};
	struct user other = node_user("alice");
	const char *name = NULL;

	(void)state;
	assert_true(nodeauth_identity(&n1, &name));
	assert_string_equal(name, "n1");
	assert_true(nodeauth_identity(&empty, &name));
	assert_string_equal(name, "");
	assert_false(nodeauth_identity(&nogroup, &name));
	assert_false(nodeauth_identity(&other, &name));
}

/* ---- what a pod refers to ---- */

static bool collect(void *ctx, const char *resource, const char *name)
{
	json_t *seen = ctx;
	json_array_append_new(seen, json_sprintf("%s/%s", resource, name));
	return false;
}

static bool stop_at_configmap(void *ctx, const char *resource, const char *name)
{
	(void)name;
	++*(int *)ctx;
	return !strcmp(resource, "configmaps");
}

static void expect_refs(const char *pod_json, const char *want_json)
{
	json_t *pod = parse(pod_json), *seen = json_array(), *want = parse(want_json);

	assert_false(nodeauth_pod_refs(pod, collect, seen));
	if (!json_equal(seen, want)) {
		char *got = json_dumps(seen, JSON_COMPACT);
		fail_msg("refs: got %s, want %s", got, want_json);
	}
	json_decref(pod);
	json_decref(seen);
	json_decref(want);
}

static void test_pod_refs(void **state)
{
	json_t *pod;
	int calls = 0;

	(void)state;
	expect_refs(
	    "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"serviceAccountName\":\"sa\","
	    "\"imagePullSecrets\":[{\"name\":\"pull\"},{\"name\":\"\"}],"
	    "\"initContainers\":[{\"envFrom\":[{\"secretRef\":{\"name\":\"init-env\"}}]}],"
	    "\"containers\":[{\"env\":[{\"name\":\"A\",\"valueFrom\":{\"secretKeyRef\":{\"name\":"
	    "\"s-env\",\"key\":\"k\"}}},{\"name\":\"B\",\"valueFrom\":{\"configMapKeyRef\":{"
	    "\"name\":"
	    "\"cm-env\",\"key\":\"k\"}}},{\"name\":\"C\",\"value\":\"x\"}],"
	    "\"envFrom\":[{\"configMapRef\":{\"name\":\"cm-from\"}}]}],"
	    "\"ephemeralContainers\":[{\"envFrom\":[{\"secretRef\":{\"name\":\"debug\"}}]}],"
	    "\"volumes\":[{\"name\":\"a\",\"secret\":{\"secretName\":\"s-vol\"}},"
	    "{\"name\":\"b\",\"configMap\":{\"name\":\"cm-vol\"}},"
	    "{\"name\":\"c\",\"projected\":{\"sources\":[{\"secret\":{\"name\":\"s-proj\"}},"
	    "{\"configMap\":{\"name\":\"cm-proj\"}},{\"serviceAccountToken\":{\"path\":\"t\"}}]}},"
	    "{\"name\":\"d\",\"persistentVolumeClaim\":{\"claimName\":\"claim\"}},"
	    "{\"name\":\"e\",\"ephemeral\":{\"volumeClaimTemplate\":{\"spec\":{}}}},"
	    "{\"name\":\"f\",\"csi\":{\"driver\":\"d\",\"nodePublishSecretRef\":{\"name\":\"csi\"}}"
	    "},"
	    "{\"name\":\"g\",\"rbd\":{\"secretRef\":{\"name\":\"ceph\"}}},"
	    "{\"name\":\"h\",\"azureFile\":{\"secretName\":\"azure\",\"shareName\":\"x\"}},"
	    "{\"name\":\"i\",\"emptyDir\":{}}]}}",
	    "[\"serviceaccounts/sa\",\"secrets/pull\",\"secrets/init-env\",\"configmaps/cm-from\","
	    "\"secrets/s-env\",\"configmaps/cm-env\",\"secrets/debug\",\"secrets/s-vol\","
	    "\"configmaps/cm-vol\",\"secrets/s-proj\",\"configmaps/cm-proj\","
	    "\"persistentvolumeclaims/claim\",\"persistentvolumeclaims/web-e\",\"secrets/csi\","
	    "\"secrets/ceph\",\"secrets/azure\"]");
	expect_refs("{\"spec\":{\"containers\":[{\"name\":\"c\"}]}}", "[]");
	expect_refs("{}", "[]");
	/* The visit stops when asked to. */
	pod = parse("{\"spec\":{\"volumes\":[{\"configMap\":{\"name\":\"a\"}},"
		    "{\"secret\":{\"secretName\":\"b\"}}]}}");
	assert_true(nodeauth_pod_refs(pod, stop_at_configmap, &calls));
	assert_int_equal(calls, 1);
	json_decref(pod);
}

static bool collect_secret(void *ctx, const char *ns, const char *name)
{
	json_array_append_new(ctx, json_sprintf("%s/%s", ns, name));
	return false;
}

static void expect_pv_secrets(const char *pv_json, const char *want_json)
{
	json_t *pv = parse(pv_json), *seen = json_array(), *want = parse(want_json);

	assert_false(nodeauth_pv_secrets(pv, collect_secret, seen));
	if (!json_equal(seen, want)) {
		char *got = json_dumps(seen, JSON_COMPACT);
		fail_msg("pv secrets: got %s, want %s", got, want_json);
	}
	json_decref(pv);
	json_decref(seen);
	json_decref(want);
}

static void test_pv_secrets(void **state)
{
	(void)state;
	/* The kubelet's CSI secrets; the controller's are not its business. */
	expect_pv_secrets("{\"spec\":{\"claimRef\":{\"namespace\":\"app\",\"name\":\"c\"},\"csi\":{"
			  "\"driver\":\"d\",\"controllerPublishSecretRef\":{\"namespace\":\"x\","
			  "\"name\":\"ctl\"},\"nodeStageSecretRef\":{\"namespace\":\"x\",\"name\":"
			  "\"stage\"},\"nodePublishSecretRef\":{\"namespace\":\"y\",\"name\":"
			  "\"pub\"}}}}",
			  "[\"y/pub\",\"x/stage\"]");
	/* In-tree plugins: a reference without a namespace means the claim's. */
	expect_pv_secrets("{\"spec\":{\"claimRef\":{\"namespace\":\"app\",\"name\":\"c\"},"
			  "\"rbd\":{\"secretRef\":{\"name\":\"ceph\"}}}}",
			  "[\"app/ceph\"]");
	expect_pv_secrets("{\"spec\":{\"claimRef\":{\"namespace\":\"app\",\"name\":\"c\"},"
			  "\"azureFile\":{\"secretName\":\"az\",\"shareName\":\"s\"}}}",
			  "[\"app/az\"]");
	expect_pv_secrets("{\"spec\":{\"claimRef\":{\"namespace\":\"app\",\"name\":\"c\"},"
			  "\"azureFile\":{\"secretName\":\"az\",\"secretNamespace\":\"other\"}}}",
			  "[\"other/az\"]");
	expect_pv_secrets("{\"spec\":{\"hostPath\":{\"path\":\"/x\"}}}", "[]");
}

/* ---- labels ---- */

static void expect_labels(const char *labels, const char *old, const char *want)
{
	json_t *l = labels ? parse(labels) : NULL, *o = old ? parse(old) : NULL;
	char *got = nr_forbidden_labels(l, o);

	if (!want)
		assert_null(got);
	else
		assert_string_equal(got ? got : "(none)", want);
	free(got);
	json_decref(l);
	json_decref(o);
}

static void test_kubelet_labels(void **state)
{
	(void)state;
	assert_true(nr_kubelet_label("kubernetes.io/hostname"));
	assert_true(nr_kubelet_label("kubernetes.io/os"));
	assert_true(nr_kubelet_label("beta.kubernetes.io/arch"));
	assert_true(nr_kubelet_label("topology.kubernetes.io/zone"));
	assert_true(nr_kubelet_label("failure-domain.beta.kubernetes.io/region"));
	assert_true(nr_kubelet_label("node.kubernetes.io/instance-type"));
	assert_true(nr_kubelet_label("node.kubernetes.io/anything"));
	assert_true(nr_kubelet_label("foo.node.kubernetes.io/x"));
	assert_true(nr_kubelet_label("kubelet.kubernetes.io/x"));
	assert_false(nr_kubelet_label("node-role.kubernetes.io/control-plane"));
	assert_false(nr_kubelet_label("kubernetes.io/role"));
	assert_false(nr_kubelet_label("xnode.kubernetes.io/x"));
	assert_false(nr_kubelet_label("hostname"));
}

static void test_forbidden_labels(void **state)
{
	(void)state;
	/* Anyone's labels, and the kubelet's own, are fine. */
	expect_labels("{\"example.com/a\":\"1\",\"plain\":\"x\",\"kubernetes.io/hostname\":\"n1\","
		      "\"node.kubernetes.io/exclude-from-external-load-balancers\":\"\"}",
		      NULL, NULL);
	/* The node-restriction namespace and its subdomains are the admin's. */
	expect_labels("{\"node-restriction.kubernetes.io/x\":\"y\"}", NULL,
		      "node-restriction.kubernetes.io/x");
	expect_labels("{\"a.node-restriction.kubernetes.io/x\":\"y\"}", NULL,
		      "a.node-restriction.kubernetes.io/x");
	/* Other kubernetes.io and k8s.io labels too, sorted. */
	expect_labels("{\"node-role.kubernetes.io/control-plane\":\"\",\"k8s.io/z\":\"1\","
		      "\"x.k8s.io/y\":\"1\",\"ok\":\"1\"}",
		      NULL, "k8s.io/z, node-role.kubernetes.io/control-plane, x.k8s.io/y");
	/* Only changes count: kept as they are, such labels stay; changed or removed, not. */
	expect_labels("{\"node-role.kubernetes.io/worker\":\"\",\"a\":\"2\"}",
		      "{\"node-role.kubernetes.io/worker\":\"\",\"a\":\"1\"}", NULL);
	expect_labels("{\"node-role.kubernetes.io/worker\":\"yes\"}",
		      "{\"node-role.kubernetes.io/worker\":\"\"}",
		      "node-role.kubernetes.io/worker");
	expect_labels("{}", "{\"node-restriction.kubernetes.io/pool\":\"a\"}",
		      "node-restriction.kubernetes.io/pool");
	expect_labels(NULL, NULL, NULL);
}

/* ---- decisions that need no cache ---- */

static void expect_decision(const struct user *u, struct attrs a, bool allow, const char *why)
{
	char *reason = NULL;
	bool got;

	a.resource_request = true;
	got = nodeauth_authorize(u, &a, &reason);
	if (got != allow)
		fail_msg("%s %s/%s %s: got %s (%s)", a.verb, a.resource, a.sub ? a.sub : "",
			 a.name ? a.name : "", got ? "allow" : "no opinion", reason ? reason : "");
	if (why)
		assert_string_equal(reason ? reason : "(none)", why);
	else
		assert_null(reason);
	free(reason);
}

static void test_authorize(void **state)
{
	struct user n1 = node_user("system:node:n1"), anon = node_user("system:node:");
	struct user alice = {.name = "alice", .groups = groups_other, .ngroups = 1};

	(void)state;
	/* Not a node: no opinion, no reason. */
	expect_decision(&alice, (struct attrs){.verb = "get", .group = "", .resource = "nodes"},
			false, NULL);
	expect_decision(&anon, (struct attrs){.verb = "get", .group = "", .resource = "nodes"},
			false, "unknown node for user \"system:node:\"");
	/* Its own Node, by name only; writes are NodeRestriction's to limit. */
	expect_decision(&n1, (struct attrs){.verb = "get", .resource = "nodes", .name = "n1"}, true,
			NULL);
	expect_decision(&n1, (struct attrs){.verb = "get", .resource = "nodes", .name = "n2"},
			false, "node 'n1' cannot read 'n2', only its own Node object");
	expect_decision(&n1, (struct attrs){.verb = "list", .resource = "nodes"}, false,
			"node 'n1' cannot read all nodes, only its own Node object");
	expect_decision(&n1, (struct attrs){.verb = "patch", .resource = "nodes", .name = "n2"},
			true, NULL);
	expect_decision(
	    &n1,
	    (struct attrs){.verb = "update", .resource = "nodes", .sub = "status", .name = "n2"},
	    true, NULL);
	expect_decision(&n1, (struct attrs){.verb = "delete", .resource = "nodes", .name = "n1"},
			false, NULL);
	/* Pods: its own by field selector; mirror pods; status and evictions. */
	expect_decision(&n1,
			(struct attrs){.verb = "list",
				       .resource = "pods",
				       .field_selector = "spec.nodeName=n1"},
			true, NULL);
	expect_decision(&n1,
			(struct attrs){.verb = "watch",
				       .resource = "pods",
				       .field_selector = "status.phase!=Failed,spec.nodeName==n1"},
			true, NULL);
	expect_decision(&n1,
			(struct attrs){.verb = "list",
				       .resource = "pods",
				       .field_selector = "spec.nodeName=n2"},
			false, "can only list/watch pods with spec.nodeName field selector");
	expect_decision(&n1, (struct attrs){.verb = "create", .resource = "pods", .ns = "d"}, true,
			NULL);
	expect_decision(
	    &n1,
	    (struct attrs){
		.verb = "patch", .resource = "pods", .sub = "status", .ns = "d", .name = "p"},
	    true, NULL);
	expect_decision(
	    &n1,
	    (struct attrs){
		.verb = "create", .resource = "pods", .sub = "eviction", .ns = "d", .name = "p"},
	    true, NULL);
	expect_decision(
	    &n1, (struct attrs){.verb = "update", .resource = "pods", .ns = "d", .name = "p"},
	    false, NULL);
	expect_decision(
	    &n1,
	    (struct attrs){.verb = "get", .resource = "pods", .sub = "log", .ns = "d", .name = "p"},
	    false, NULL);
	/* Secrets and config maps: reads of one named object only. */
	expect_decision(&n1, (struct attrs){.verb = "list", .resource = "secrets", .ns = "d"},
			false, "No Object name found");
	expect_decision(
	    &n1, (struct attrs){.verb = "update", .resource = "secrets", .ns = "d", .name = "s"},
	    false, "can only read resources of this type");
	expect_decision(&n1, (struct attrs){.verb = "get", .resource = "configmaps", .name = "c"},
			false, "can only read namespaced object of this type");
	expect_decision(&n1, (struct attrs){.verb = "list", .resource = "persistentvolumes"}, false,
			"can only get individual resources of this type");
	expect_decision(&n1,
			(struct attrs){.verb = "get",
				       .resource = "persistentvolumeclaims",
				       .sub = "status",
				       .ns = "d",
				       .name = "c"},
			false, "can only get/update/patch this type");
	expect_decision(&n1,
			(struct attrs){.verb = "create", .resource = "serviceaccounts", .ns = "d"},
			false, "can only create tokens for individual service accounts");
	expect_decision(
	    &n1,
	    (struct attrs){
		.verb = "create", .resource = "serviceaccounts", .ns = "d", .name = "sa"},
	    false, "can only create token subresource of serviceaccount");
	/* Leases: its own, in kube-node-lease; the name of a create is admission's. */
	expect_decision(&n1,
			(struct attrs){.verb = "create",
				       .group = "coordination.k8s.io",
				       .resource = "leases",
				       .ns = "kube-node-lease"},
			true, NULL);
	expect_decision(&n1,
			(struct attrs){.verb = "update",
				       .group = "coordination.k8s.io",
				       .resource = "leases",
				       .ns = "kube-node-lease",
				       .name = "n1"},
			true, NULL);
	expect_decision(&n1,
			(struct attrs){.verb = "update",
				       .group = "coordination.k8s.io",
				       .resource = "leases",
				       .ns = "kube-node-lease",
				       .name = "n2"},
			false,
			"can only access node lease with the same name as the requesting node");
	expect_decision(&n1,
			(struct attrs){.verb = "get",
				       .group = "coordination.k8s.io",
				       .resource = "leases",
				       .ns = "kube-system",
				       .name = "n1"},
			false,
			"can only access leases in the \"kube-node-lease\" system namespace");
	expect_decision(&n1,
			(struct attrs){.verb = "list",
				       .group = "coordination.k8s.io",
				       .resource = "leases",
				       .ns = "kube-node-lease"},
			false, "can only get, create, update, patch, or delete a node lease");
	/* Everything else: system:node's rules. */
	expect_decision(&n1, (struct attrs){.verb = "create", .resource = "events", .ns = "d"},
			true, NULL);
	expect_decision(&n1, (struct attrs){.verb = "watch", .resource = "services"}, true, NULL);
	expect_decision(&n1,
			(struct attrs){.verb = "create",
				       .group = "certificates.k8s.io",
				       .resource = "certificatesigningrequests"},
			true, NULL);
	expect_decision(&n1, (struct attrs){.verb = "list", .resource = "namespaces"}, false, NULL);
	expect_decision(
	    &n1, (struct attrs){.verb = "create", .group = "apps", .resource = "deployments"},
	    false, NULL);
}

static void test_rules_error(void **state)
{
	struct user n1 = node_user("system:node:n1");
	struct user alice = {.name = "alice", .groups = groups_other, .ngroups = 1};

	(void)state;
	assert_string_equal(nodeauth_rules_error(&n1),
			    "node authorizer does not support user rule resolution");
	assert_null(nodeauth_rules_error(&alice));
}

static void test_selector_name(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(auth_selector_name("metadata.name=s1", buf, sizeof(buf)), "s1");
	assert_string_equal(auth_selector_name("a=b,metadata.name==s2", buf, sizeof(buf)), "s2");
	assert_null(auth_selector_name("metadata.name!=s1", buf, sizeof(buf)));
	assert_null(auth_selector_name("metadata.name=a/b", buf, sizeof(buf)));
	assert_null(auth_selector_name("metadata.name=..", buf, sizeof(buf)));
	assert_null(auth_selector_name("spec.nodeName=n1", buf, sizeof(buf)));
	assert_null(auth_selector_name(NULL, buf, sizeof(buf)));
	assert_null(auth_selector_name("metadata.name", buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identity),	     cmocka_unit_test(test_pod_refs),
	    cmocka_unit_test(test_pv_secrets),	     cmocka_unit_test(test_kubelet_labels),
	    cmocka_unit_test(test_forbidden_labels), cmocka_unit_test(test_authorize),
	    cmocka_unit_test(test_rules_error),	     cmocka_unit_test(test_selector_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
