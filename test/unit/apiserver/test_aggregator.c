/* The aggregator's request attributes (upstream's request info for any resource path) and the
 * X-Remote-* headers that carry the user to an extension server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../apiserver/aggregator.h"

/* Attributes of METHOD /apis/metrics.k8s.io/v1beta1/PATH?QUERY. */
static void attrs(const char *method, const char *path, const char *query, struct agg_rinfo *ri)
{
	static char buf[512];
	char *segs[16], *save = NULL;
	int n = 0;
	struct http_req req = {0};

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *t = strtok_r(buf, "/", &save); t && n < 16; t = strtok_r(NULL, "/", &save))
		segs[n++] = t;
	req.method = (char *)method;
	req.query = (char *)query;
	agg_request_attrs(&req, "metrics.k8s.io", segs, n, ri);
}

static void expect(const struct agg_rinfo *ri, const char *verb, const char *ns,
		   const char *resource, const char *name, const char *sub)
{
	assert_string_equal(ri->a.verb, verb);
	assert_true(ri->a.resource_request);
	assert_string_equal(ri->a.group, "metrics.k8s.io");
	if (ns)
		assert_string_equal(ri->a.ns, ns);
	else
		assert_null(ri->a.ns);
	assert_string_equal(ri->a.resource, resource);
	if (name)
		assert_string_equal(ri->a.name, name);
	else
		assert_null(ri->a.name);
	if (sub)
		assert_string_equal(ri->a.sub, sub);
	else
		assert_null(ri->a.sub);
}

static void test_request_attrs(void **state)
{
	struct agg_rinfo ri;

	(void)state;
	attrs("GET", "namespaces/default/pods", "", &ri);
	expect(&ri, "list", "default", "pods", NULL, NULL);
	attrs("GET", "namespaces/default/pods", "watch=true", &ri);
	expect(&ri, "watch", "default", "pods", NULL, NULL);
	attrs("GET", "watch/namespaces/default/pods", "", &ri);
	expect(&ri, "watch", "default", "pods", NULL, NULL);
	attrs("GET", "namespaces/default/pods/web-1", "", &ri);
	expect(&ri, "get", "default", "pods", "web-1", NULL);
	attrs("GET", "nodes", "fieldSelector=metadata.name%3Dn1", &ri);
	expect(&ri, "list", NULL, "nodes", "n1", NULL);
	attrs("DELETE", "namespaces/default/pods", "", &ri);
	expect(&ri, "deletecollection", "default", "pods", NULL, NULL);
	attrs("PUT", "namespaces/default/pods/web-1/status", "", &ri);
	expect(&ri, "update", "default", "pods", "web-1", "status");
	/* A namespace itself, and its status. */
	attrs("GET", "namespaces/team1", "", &ri);
	expect(&ri, "get", "team1", "namespaces", "team1", NULL);
	attrs("PATCH", "namespaces/team1/status", "", &ri);
	expect(&ri, "patch", "team1", "namespaces", "team1", "status");
	attrs("POST", "nodes", "", &ri);
	expect(&ri, "create", NULL, "nodes", NULL, NULL);
}

static bool has(char **h, const char *line)
{
	for (; h && *h; h++)
		if (!strcmp(*h, line))
			return true;
	return false;
}

static void test_user_headers(void **state)
{
	char *groups[] = {(char *)"devs", (char *)"system:authenticated"};
	struct user u = {
	    .name = (char *)"alice", .uid = (char *)"42", .groups = groups, .ngroups = 2};
	char **h = NULL;
	size_t n = 0;

	(void)state;
	u.extra = json_pack("{s:[s,s], s:[s]}", "authentication.kubernetes.io/pod-name", "p1", "p2",
			    "bad", "a\r\nX-Remote-User: root");
	agg_user_headers(&u, &h, &n);
	assert_true(has(h, "X-Remote-User: alice"));
	assert_true(has(h, "X-Remote-Uid: 42"));
	assert_true(has(h, "X-Remote-Group: devs"));
	assert_true(has(h, "X-Remote-Group: system:authenticated"));
	/* client-go's headerKeyEscape: '/' is not a token character. */
	assert_true(has(h, "X-Remote-Extra-authentication.kubernetes.io%2Fpod-name: p1"));
	assert_true(has(h, "X-Remote-Extra-authentication.kubernetes.io%2Fpod-name: p2"));
	/* A value that would smuggle a header is not sent. */
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		free(h[i]);
	free(h);
	json_decref(u.extra);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_attrs),
	    cmocka_unit_test(test_user_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
