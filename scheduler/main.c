/* kube-scheduler: assigns pending pods to nodes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "scheduler.h"

static char *config_path;

static const struct flag flags[] = {
    {"config", FLAG_STRING, &config_path, "a KubeSchedulerConfiguration file"},
    {0},
};

/* The value of --config (or --config=...) in argv, before the daemon parses everything. */
static const char *find_config(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-')
			a++;
		if (!strncmp(a, "-config=", 8))
			return a + 8;
		if (!strcmp(a, "-config") && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

/*
 * With --config, the file's clientConnection replaces --kubeconfig and the API rate (as
 * upstream ignores those flags then), while --leader-elect on the command line still wins
 * over the file's: so the file's leader election goes first and its client settings last.
 */
static char **with_config(const struct sch_config *c, int argc, char **argv, int *nargc,
			  char **owned)
{
	char **v = xcalloc((size_t)argc + 5, sizeof(*v));
	int n = 0, k = 0;

	v[n++] = argv[0];
	if (c->leader_elect >= 0)
		v[n++] = owned[k++] =
		    xasprintf("--leader-elect=%s", c->leader_elect ? "true" : "false");
	for (int i = 1; i < argc; i++)
		v[n++] = argv[i];
	if (c->kubeconfig)
		v[n++] = owned[k++] = xasprintf("--kubeconfig=%s", c->kubeconfig);
	v[n++] = owned[k++] = xasprintf("--kube-api-qps=%g", c->qps);
	v[n++] = owned[k++] = xasprintf("--kube-api-burst=%d", c->burst);
	*nargc = n;
	return v;
}

int main(int argc, char **argv)
{
	struct sch_config cfg;
	const char *path = find_config(argc, argv);
	char *err = NULL, *owned[4] = {0}, **args = argv;
	struct sch *s;
	int rc, nargc = argc;

	sch_config_defaults(&cfg);
	if (path) {
		if (sch_config_load(path, &cfg, &err)) {
			fprintf(stderr, "Error: %s\n", err);
			free(err);
			sch_config_free(&cfg);
			return 1;
		}
		args = with_config(&cfg, argc, argv, &nargc, owned);
	}
	s = sch_new(&cfg);
	struct daemon_spec spec = {
	    .name = "kube-scheduler",
	    .flags = flags,
	    .secure_port = 10259,
	    .qps = 50,
	    .burst = 100,
	    .init = sch_init,
	    .run = sch_run,
	    .metrics = sch_metrics,
	    .arg = s,
	};
	rc = daemon_main(&spec, nargc, args);
	sch_free(s);
	sch_config_free(&cfg);
	for (int i = 0; i < 4; i++)
		free(owned[i]);
	if (args != argv)
		free(args);
	return rc;
}
