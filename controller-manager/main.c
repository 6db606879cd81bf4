/* kube-controller-manager: the controllers that drive current state toward desired state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "hmap.h"
#include "log.h"
#include "recorder.h"

static struct cm_opts opt = {
    .controllers = "*",
    .cluster_name = "kubernetes",
    .node_cidr_mask_size = 24,
    .signing_duration_ms = 8760L * 3600 * 1000,
    .enable_gc = true,
    .node_monitor_grace_ms = 40000,
    .node_monitor_period_ms = 5000,
    .node_startup_grace_ms = 60000,
    .quota_sync_ms = 300000,
    .hpa_sync_ms = 15000,
    .hpa_tolerance = 0.1,
    .hpa_downscale_ms = 300000,
    .hpa_cpu_init_ms = 300000,
    .hpa_ready_delay_ms = 30000,
    .min_resync_ms = 12L * 3600 * 1000,
    .terminated_pod_gc_threshold = 12500,
    .deployment_syncs = 5,
    .replicaset_syncs = 5,
    .rc_syncs = 5,
    .endpoint_syncs = 5,
    .endpointslice_syncs = 5,
    .gc_syncs = 20,
    .namespace_syncs = 10,
    .job_syncs = 5,
    .cronjob_syncs = 5,
    .daemonset_syncs = 2,
    .statefulset_syncs = 5,
    .sa_token_syncs = 5,
    .quota_syncs = 5,
    .ttl_syncs = 5,
    .hpa_syncs = 5,
};

static const struct flag flags[] = {
    {"controllers", FLAG_STRING, &opt.controllers,
     "controllers to run: '*' (all on by default), 'foo' enables, '-foo' disables"},
    {"cluster-name", FLAG_STRING, &opt.cluster_name, "the cluster's instance prefix"},
    {"cluster-cidr", FLAG_STRING, &opt.cluster_cidr, "CIDR range of pods"},
    {"service-cluster-ip-range", FLAG_STRING, &opt.service_cidr, "CIDR range of services"},
    {"allocate-node-cidrs", FLAG_BOOL, &opt.allocate_node_cidrs,
     "give every node a podCIDR from --cluster-cidr"},
    {"node-cidr-mask-size", FLAG_INT, &opt.node_cidr_mask_size, "mask size of node podCIDRs"},
    {"node-cidr-mask-size-ipv4", FLAG_INT, &opt.node_cidr_mask_size,
     "mask size of node podCIDRs (IPv4)"},
    {"cluster-signing-cert-file", FLAG_STRING, &opt.signing_cert,
     "CA certificate that signs cluster-scoped certificates"},
    {"cluster-signing-key-file", FLAG_STRING, &opt.signing_key,
     "key of --cluster-signing-cert-file"},
    {"cluster-signing-duration", FLAG_DURATION, &opt.signing_duration_ms,
     "longest validity of signed certificates"},
    {"root-ca-file", FLAG_STRING, &opt.root_ca,
     "CA bundle published as kube-root-ca.crt and in service account token secrets"},
    {"service-account-private-key-file", FLAG_STRING, &opt.sa_private_key,
     "key that signs legacy service account tokens"},
    {"use-service-account-credentials", FLAG_BOOL, &opt.use_sa_credentials,
     "use an individual service account credential for each controller"},
    {"enable-garbage-collector", FLAG_BOOL, &opt.enable_gc, "run the garbage collector"},
    {"node-monitor-grace-period", FLAG_DURATION, &opt.node_monitor_grace_ms,
     "how long a node may go without heartbeat before it is unhealthy"},
    {"node-monitor-period", FLAG_DURATION, &opt.node_monitor_period_ms,
     "how often node health is checked"},
    {"node-startup-grace-period", FLAG_DURATION, &opt.node_startup_grace_ms,
     "how long a starting node may stay unresponsive"},
    {"terminated-pod-gc-threshold", FLAG_INT, &opt.terminated_pod_gc_threshold,
     "terminated pods kept before the oldest are deleted"},
    {"resource-quota-sync-period", FLAG_DURATION, &opt.quota_sync_ms,
     "how often quota usage is recomputed"},
    {"horizontal-pod-autoscaler-sync-period", FLAG_DURATION, &opt.hpa_sync_ms,
     "how often autoscalers are evaluated"},
    {"horizontal-pod-autoscaler-tolerance", FLAG_FLOAT, &opt.hpa_tolerance,
     "minimum change (from 1.0) in the desired-to-actual metrics ratio for the autoscaler to "
     "consider scaling"},
    {"horizontal-pod-autoscaler-downscale-stabilization", FLAG_DURATION, &opt.hpa_downscale_ms,
     "how far back the autoscaler looks for a higher recommendation before scaling down"},
    {"horizontal-pod-autoscaler-cpu-initialization-period", FLAG_DURATION, &opt.hpa_cpu_init_ms,
     "period after pod start when CPU samples might be skipped"},
    {"horizontal-pod-autoscaler-initial-readiness-delay", FLAG_DURATION, &opt.hpa_ready_delay_ms,
     "period after pod start during which readiness changes count as the initial readiness"},
    {"min-resync-period", FLAG_DURATION, &opt.min_resync_ms, "accepted for compatibility"},
    {"concurrent-deployment-syncs", FLAG_INT, &opt.deployment_syncs, "deployment workers"},
    {"concurrent-replicaset-syncs", FLAG_INT, &opt.replicaset_syncs, "replicaset workers"},
    {"concurrent-rc-syncs", FLAG_INT, &opt.rc_syncs, "replicationcontroller workers"},
    {"concurrent-endpoint-syncs", FLAG_INT, &opt.endpoint_syncs, "endpoints workers"},
    {"concurrent-service-endpoint-syncs", FLAG_INT, &opt.endpointslice_syncs,
     "endpointslice workers"},
    {"concurrent-gc-syncs", FLAG_INT, &opt.gc_syncs, "garbage collector workers"},
    {"concurrent-namespace-syncs", FLAG_INT, &opt.namespace_syncs, "namespace workers"},
    {"concurrent-job-syncs", FLAG_INT, &opt.job_syncs, "job workers"},
    {"concurrent-cron-job-syncs", FLAG_INT, &opt.cronjob_syncs, "cronjob workers"},
    {"concurrent-daemonset-syncs", FLAG_INT, &opt.daemonset_syncs, "daemonset workers"},
    {"concurrent-statefulset-syncs", FLAG_INT, &opt.statefulset_syncs, "statefulset workers"},
    {"concurrent-serviceaccount-token-syncs", FLAG_INT, &opt.sa_token_syncs,
     "service account token workers"},
    {"concurrent-resource-quota-syncs", FLAG_INT, &opt.quota_syncs, "resource quota workers"},
    {"concurrent-ttl-after-finished-syncs", FLAG_INT, &opt.ttl_syncs, "ttl-after-finished workers"},
    {"concurrent-horizontal-pod-autoscaler-syncs", FLAG_INT, &opt.hpa_syncs,
     "horizontal pod autoscaler workers"},
    {0},
};

static struct cm cm = {.o = &opt};
static struct hmap recorders;

bool cm_enabled(const char *list, const struct cm_controller *c)
{
	bool on = false, star = false;
	char *copy = xstrdup(list), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "*"))
			star = true;
		else if (t[0] == '-' && !strcmp(t + 1, c->name))
			goto off;
		else if (!strcmp(t, c->name))
			on = true;
	}
	free(copy);
	return on || (star && !c->disabled_by_default);
off:
	free(copy);
	return false;
}

struct rec *cm_recorder(struct kc *kc, const char *component)
{
	char *name =
	    strchr(component, '-') ? xstrdup(component) : xasprintf("%s-controller", component);
	struct rec *r = hmap_get(&recorders, name);

	if (!r) {
		r = rec_new(kc, name, NULL);
		hmap_put(&recorders, name, r);
		return r; /* the key is kept by the map */
	}
	free(name);
	return r;
}

/* Every name in --controllers must be known (besides "*"), as upstream rejects typos. */
static int check_names(char *err, size_t errlen)
{
	char *copy = xstrdup(opt.controllers), *save = NULL;
	int rc = 0;

	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		const char *name = t[0] == '-' ? t + 1 : t;
		size_t i;

		if (!strcmp(t, "*"))
			continue;
		for (i = 0; cm_controllers[i] && strcmp(cm_controllers[i]->name, name); i++)
			;
		if (!cm_controllers[i]) {
			snprintf(err, errlen, "\"%s\" is not in the list of known controllers",
				 name);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

static int init(struct daemon *d, void *arg, char *err, size_t errlen)
{
	(void)arg;
	cm.d = d;
	cm.kc = daemon_client(d);
	cm.inf = daemon_informers(d);
	cm.base = daemon_base(d);
	hmap_init(&recorders);
	if (check_names(err, errlen))
		return -1;
	for (size_t i = 0; cm_controllers[i]; i++) {
		const struct cm_controller *c = cm_controllers[i];

		if (!cm_enabled(opt.controllers, c))
			continue;
		if (c->init && c->init(&cm, err, errlen))
			return -1;
	}
	return 0;
}

static void run_controllers(struct cm *m)
{
	for (size_t i = 0; cm_controllers[i]; i++) {
		const struct cm_controller *c = cm_controllers[i];

		if (!cm_enabled(m->o->controllers, c))
			continue;
		log_info("starting %s controller", c->name);
		if (c->run)
			c->run(m);
	}
}

static void run(struct daemon *d, void *arg)
{
	(void)d;
	(void)arg;
	cm_clients_start(&cm, run_controllers);
}

static void metrics(void *arg, char **buf)
{
	(void)arg;
	for (size_t i = 0; cm_controllers[i]; i++) {
		if (cm_controllers[i]->metrics && cm_enabled(opt.controllers, cm_controllers[i]))
			cm_controllers[i]->metrics(buf);
	}
}

int main(int argc, char **argv)
{
	struct daemon_spec spec = {
	    .name = "kube-controller-manager",
	    .flags = flags,
	    .secure_port = 10257,
	    .qps = 20,
	    .burst = 30,
	    .init = init,
	    .run = run,
	    .metrics = metrics,
	};

	return daemon_main(&spec, argc, argv);
}
