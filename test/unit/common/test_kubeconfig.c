/* kubeconfig files (contexts, relative paths, inline data, token files) and in-cluster config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kubeconfig.h"

static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char config[] =
    "apiVersion: v1\n"
    "kind: Config\n"
    "current-context: admin\n"
    "clusters:\n"
    "- name: main\n"
    "  cluster:\n"
    "    server: https://127.0.0.1:6443/\n"
    "    certificate-authority: pki/ca.crt\n"
    "- name: other\n"
    "  cluster:\n"
    "    server: https://other:443\n"
    "    insecure-skip-tls-verify: true\n"
    "    certificate-authority-data: Q0EtREFUQQ==\n"
    "contexts:\n"
    "- name: admin\n"
    "  context: {cluster: main, user: admin}\n"
    "- name: dev\n"
    "  context: {cluster: other, user: robot, namespace: dev}\n"
    "- name: broken\n"
    "  context: {cluster: nowhere, user: admin}\n"
    "users:\n"
    "- name: admin\n"
    "  user:\n"
    "    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n"
    "    client-key: /abs/admin.key\n"
    "    token: tok-admin\n"
    "- name: robot\n"
    "  user:\n"
    "    tokenFile: robot.token\n";

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kcfg-test-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	write_file("config", config);
	write_file("robot.token", "tok-robot\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static struct kcfg *load(const char *context)
{
	char path[128], *err = NULL;
	struct kcfg *c;

	snprintf(path, sizeof(path), "%s/config", dir);
	assert_int_equal(kcfg_load(path, context, &c, &err), 0);
	assert_null(err);
	return c;
}

static void test_current_context(void **state)
{
	struct kcfg *c = load(NULL);
	char want[128];

	(void)state;
	assert_string_equal(c->server, "https://127.0.0.1:6443");
	assert_string_equal(c->context, "admin");
	assert_string_equal(c->namespace, "default");
	snprintf(want, sizeof(want), "%s/pki/ca.crt", dir);
	assert_string_equal(c->ca.file, want);
	assert_null(c->cert.file);
	assert_int_equal(c->cert.len, 28);
	assert_memory_equal(c->cert.data, "-----BEGIN CERTIFICATE-----\n", 28);
	assert_string_equal(c->key.file, "/abs/admin.key");
	assert_string_equal(c->token, "tok-admin");
	assert_false(c->insecure);
	kcfg_free(c);
}

static void test_named_context(void **state)
{
	struct kcfg *c = load("dev");
	char want[128];

	(void)state;
	assert_string_equal(c->server, "https://other:443");
	assert_string_equal(c->namespace, "dev");
	assert_true(c->insecure);
	assert_string_equal(c->ca.data, "CA-DATA");
	assert_string_equal(c->token, "tok-robot");
	snprintf(want, sizeof(want), "%s/robot.token", dir);
	assert_string_equal(c->token_file, want);
	kcfg_free(c);
}

static void test_errors(void **state)
{
	char path[128], *err = NULL;
	struct kcfg *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/config", dir);
	assert_int_equal(kcfg_load(path, "nope", &c, &err), -1);
	assert_null(c);
	assert_non_null(strstr(err, "context was not found for specified context: nope"));
	free(err);
	err = NULL;
	assert_int_equal(kcfg_load(path, "broken", &c, &err), -1);
	assert_non_null(strstr(err, "nowhere"));
	free(err);
	err = NULL;
	assert_int_equal(kcfg_load("/nonexistent/config", NULL, &c, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(kcfg_parse("users: [\n", 9, NULL, NULL, &c, &err), -1);
	free(err);
	err = NULL;
	const char *bad = "current-context: a\ncontexts: [{name: a, context: {cluster: c}}]\n"
			  "clusters: [{name: c, cluster: {server: 'https://x', "
			  "certificate-authority-data: '*bad*'}}]\n";
	assert_int_equal(kcfg_parse(bad, strlen(bad), NULL, NULL, &c, &err), -1);
	assert_non_null(strstr(err, "base64"));
	free(err);
	err = NULL;
	const char *none = "apiVersion: v1\nkind: Config\n";
	assert_int_equal(kcfg_parse(none, strlen(none), NULL, NULL, &c, &err), -1);
	assert_non_null(strstr(err, "no configuration has been provided"));
	free(err);
}

static void test_in_cluster(void **state)
{
	struct kcfg *c;
	char *err = NULL, want[128];

	(void)state;
	unsetenv("KUBERNETES_SERVICE_HOST");
	assert_int_equal(kcfg_in_cluster(dir, &c, &err), -1);
	assert_non_null(strstr(err, "KUBERNETES_SERVICE_HOST"));
	free(err);
	err = NULL;
	write_file("token", "sa-token\n");
	write_file("namespace", "kube-system");
	setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	assert_int_equal(kcfg_in_cluster(dir, &c, &err), 0);
	assert_string_equal(c->server, "https://10.96.0.1:443");
	assert_string_equal(c->token, "sa-token");
	assert_string_equal(c->namespace, "kube-system");
	snprintf(want, sizeof(want), "%s/ca.crt", dir);
	assert_string_equal(c->ca.file, want);
	kcfg_free(c);
	setenv("KUBERNETES_SERVICE_HOST", "fd00::1", 1);
	assert_int_equal(kcfg_in_cluster(dir, &c, &err), 0);
	assert_string_equal(c->server, "https://[fd00::1]:443");
	kcfg_free(c);
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
}

static void test_build(void **state)
{
	char path[128], *err = NULL;
	struct kcfg *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/config", dir);
	assert_int_equal(kcfg_build("http://127.0.0.1:8080/", path, &c, &err), 0);
	assert_string_equal(c->server, "http://127.0.0.1:8080");
	assert_string_equal(c->token, "tok-admin");
	kcfg_free(c);
	setenv("KUBECONFIG", "/nonexistent:", 1);
	setenv("HOME", "/nonexistent", 1);
	assert_int_equal(kcfg_build("http://m:1", NULL, &c, &err), 0);
	assert_string_equal(c->server, "http://m:1");
	assert_null(c->token);
	kcfg_free(c);
	setenv("KUBECONFIG", path, 1);
	assert_int_equal(kcfg_build(NULL, NULL, &c, &err), 0);
	assert_string_equal(c->context, "admin");
	kcfg_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_current_context), cmocka_unit_test(test_named_context),
	    cmocka_unit_test(test_errors),	    cmocka_unit_test(test_in_cluster),
	    cmocka_unit_test(test_build),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
