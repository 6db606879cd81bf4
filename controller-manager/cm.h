/*
 * kube-controller-manager: one process running many controllers, each one file holding its
 * struct cm_controller and a sync(key). They share the daemon's client and informer factory,
 * so each collection is listed and watched once however many controllers read it.
 */
#ifndef CM_H
#define CM_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon.h"

struct kc;
struct inf_factory;
struct rec;

/* Upstream's kube-controller-manager flags that controllers read. */
struct cm_opts {
	char *controllers; /* --controllers: "*", "foo", "-foo", comma-separated */
	char *cluster_name, *cluster_cidr, *service_cidr;
	char *signing_cert, *signing_key, *root_ca, *sa_private_key;
	long signing_duration_ms;
	bool allocate_node_cidrs, use_sa_credentials, enable_gc;
	int node_cidr_mask_size;
	long node_monitor_grace_ms, node_monitor_period_ms, node_startup_grace_ms;
	long quota_sync_ms, hpa_sync_ms, min_resync_ms;
	/* --horizontal-pod-autoscaler-*: tolerance, downscale-stabilization,
	 * cpu-initialization-period, initial-readiness-delay */
	double hpa_tolerance;
	long hpa_downscale_ms, hpa_cpu_init_ms, hpa_ready_delay_ms;
	int terminated_pod_gc_threshold;
	/* --concurrent-*-syncs */
	int deployment_syncs, replicaset_syncs, rc_syncs, endpoint_syncs, endpointslice_syncs;
	int gc_syncs, namespace_syncs, job_syncs, cronjob_syncs, daemonset_syncs;
	int statefulset_syncs, sa_token_syncs, quota_syncs, ttl_syncs, hpa_syncs;
};

struct cm {
	struct daemon *d;
	struct kc *kc;
	struct inf_factory *inf;
	struct event_base *base;
	const struct cm_opts *o;
};

/* One controller. init runs before leader election (register informers and handlers; queue
 * nothing that writes); run starts the work once leading with synced caches. */
struct cm_controller {
	const char *name;	  /* upstream's --controllers name, e.g. "replicaset" */
	bool disabled_by_default; /* in "*" only when named, as bootstrapsigner */
	int (*init)(struct cm *cm, char *err, size_t errlen);
	void (*run)(struct cm *cm);
	/* Optional: append Prometheus lines (see daemon_metric). */
	void (*metrics)(char **buf);
};

/* Every controller, in start order; NULL-terminated. */
extern const struct cm_controller *const cm_controllers[];

/* True when --controllers enables this one. */
bool cm_enabled(const char *list, const struct cm_controller *c);
/*
 * The client a controller writes with: with --use-service-account-credentials one acting as
 * the service account kube-system/<account> (upstream's name for the controller, e.g.
 * "replicaset-controller"), otherwise, or for a NULL account, the manager's own. Call it from
 * init: run is only called once every account asked for has its first token. Owned by the
 * controller manager.
 */
struct kc *cm_client(struct cm *cm, const char *account);
/* Get the accounts' tokens, then call ready (at once without the flag). */
void cm_clients_start(struct cm *cm, void (*ready)(struct cm *cm));
/* A recorder writing with kc whose events name the controller as source.component
 * ("<name>-controller" unless given whole); made once per component, owned by the controller
 * manager. */
struct rec *cm_recorder(struct kc *kc, const char *component);

#endif
