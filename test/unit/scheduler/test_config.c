/* KubeSchedulerConfiguration parsing (good and bad files), and podres: a pod's effective
 * requests and a node's allocatable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../../scheduler/scheduler.h"
#include "podres.h"
#include "yaml.h"

static int parse(const char *yaml, struct sch_config *c, char **err)
{
	char *yerr = NULL;
	json_t *doc = yaml_load(yaml, strlen(yaml), &yerr);
	int rc;

	assert_non_null(doc);
	sch_config_defaults(c);
	rc = sch_config_parse(doc, c, err);
	json_decref(doc);
	return rc;
}

static void test_good(void **state)
{
	struct sch_config c;
	char *err = NULL;

	(void)state;
	assert_int_equal(parse("apiVersion: kubescheduler.config.k8s.io/v1\n"
			       "kind: KubeSchedulerConfiguration\n"
			       "percentageOfNodesToScore: 30\n"
			       "clientConnection: {kubeconfig: /etc/k.conf, qps: 200, burst: 400}\n"
			       "leaderElection: {leaderElect: false}\n"
			       "profiles:\n"
			       "- schedulerName: my-scheduler\n"
			       "  plugins:\n"
			       "    score:\n"
			       "      disabled: [{name: ImageLocality}]\n"
			       "      enabled:\n"
			       "      - {name: NodeResourcesFit, weight: 7}\n"
			       "      - {name: TaintToleration}\n",
			       &c, &err),
			 0);
	assert_string_equal(c.name, "my-scheduler");
	assert_int_equal(c.percentage, 30);
	assert_string_equal(c.kubeconfig, "/etc/k.conf");
	assert_true(c.qps == 200);
	assert_int_equal(c.burst, 400);
	assert_int_equal(c.leader_elect, 0);
	assert_int_equal(c.weights[SCH_SC_FIT], 7);
	assert_int_equal(c.weights[SCH_SC_TAINT], 3);
	assert_int_equal(c.weights[SCH_SC_IMAGE], 0);
	assert_int_equal(c.weights[SCH_SC_SPREAD], 2);
	sch_config_free(&c);

	assert_int_equal(parse("apiVersion: kubescheduler.config.k8s.io/v1\n"
			       "kind: KubeSchedulerConfiguration\n"
			       "profiles:\n"
			       "- plugins: {score: {disabled: [{name: '*'}], enabled: [{name: "
			       "PodTopologySpread, weight: 1}]}}\n",
			       &c, &err),
			 0);
	assert_string_equal(c.name, SCH_DEFAULT_NAME);
	assert_int_equal(c.weights[SCH_SC_FIT], 0);
	assert_int_equal(c.weights[SCH_SC_SPREAD], 1);
	assert_int_equal(c.leader_elect, -1);
	sch_config_free(&c);
}

static void test_bad(void **state)
{
	static const char *const bad[][2] = {
	    {"apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n",
	     "no kind \"KubeSchedulerConfiguration\" is registered for version "
	     "\"kubescheduler.config.k8s.io/v1beta3\""},
	    {"kind: KubeSchedulerConfiguration\n", "apiVersion and kind must be set"},
	    {"apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
	     "percentageOfNodesToScore: 200\n",
	     "percentageOfNodesToScore: Invalid value: 200: not in valid range [0-100]"},
	    {"apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
	     "profiles: {a: 1}\n",
	     "profiles: must be a list"},
	    {"apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
	     "clientConnection: {qps: fast}\n",
	     "clientConnection.qps: must be a number"},
	};
	struct sch_config c;
	char *err = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i][0], &c, &err), -1);
		if (!strstr(err, bad[i][1]))
			fail_msg("case %zu: %s", i, err);
		free(err);
		sch_config_free(&c);
	}
}

static void test_load_file(void **state)
{
	char path[] = "/tmp/schcfgXXXXXX";
	int fd = mkstemp(path);
	const char *doc = "{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\","
			  "\"kind\":\"KubeSchedulerConfiguration\",\"percentageOfNodesToScore\":5}";
	struct sch_config c;
	char *err = NULL;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, doc, strlen(doc)), (int)strlen(doc));
	close(fd);
	sch_config_defaults(&c);
	assert_int_equal(sch_config_load(path, &c, &err), 0);
	assert_int_equal(c.percentage, 5);
	sch_config_free(&c);
	unlink(path);
	sch_config_defaults(&c);
	assert_int_equal(sch_config_load(path, &c, &err), -1);
	assert_non_null(strstr(err, "failed to read config file"));
	free(err);
	sch_config_free(&c);
}

static void test_podres(void **state)
{
	json_error_t e;
	json_t *pod = json_loads(
	    "{\"spec\":{\"overhead\":{\"cpu\":\"10m\"},"
	    "\"initContainers\":[{\"resources\":{\"requests\":{\"cpu\":\"2\",\"memory\":\"1Gi\"}}},"
	    "{\"restartPolicy\":\"Always\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}],"
	    "\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"250m\",\"memory\":\"64Mi\","
	    "\"example.com/gpu\":\"1\"}}},{\"resources\":{\"requests\":{\"ephemeral-storage\":"
	    "\"1G\"}}},{\"resources\":{\"requests\":{\"cpu\":\"oops\"}}}]}}",
	    0, &e);
	json_t *node = json_loads("{\"status\":{\"allocatable\":{\"cpu\":\"3500m\",\"memory\":"
				  "\"2Ki\",\"pods\":\"110\",\"hugepages-2Mi\":\"0\"}}}",
				  0, &e);
	struct podres r;

	(void)state;
	podres_pod(pod, false, &r);
	/* containers 250m + sidecar 100m = 350m < init 2 cpu; plus overhead */
	assert_int_equal(r.cpu, 2010);
	assert_int_equal(r.mem, 1LL << 30);
	assert_int_equal(r.eph, 1000000000LL);
	assert_int_equal(podres_ext(&r, "example.com/gpu"), 1);
	podres_free(&r);
	podres_pod(pod, true, &r);
	/* Missing requests count as 100m and 200Mi when scoring; init max is still 2 cpu. */
	assert_int_equal(r.cpu, 2010);
	assert_int_equal(r.mem, (1LL << 30));
	podres_free(&r);
	podres_node(node, &r);
	assert_int_equal(r.cpu, 3500);
	assert_int_equal(r.mem, 2048);
	assert_int_equal(r.pods, 110);
	podres_free(&r);
	json_decref(pod);
	json_decref(node);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_load_file),
	    cmocka_unit_test(test_podres),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
