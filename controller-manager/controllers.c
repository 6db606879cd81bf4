/* The controllers of kube-controller-manager, in the order they start. Each lives in its own
 * file, named for the controller. */
#include <stddef.h>

#include "cm.h"

extern const struct cm_controller cm_serviceaccount_token_controller;
extern const struct cm_controller cm_endpoints_controller;
extern const struct cm_controller cm_endpointslice_controller;
extern const struct cm_controller cm_namespace_controller;
extern const struct cm_controller cm_serviceaccount_controller;
extern const struct cm_controller cm_garbagecollector_controller;
extern const struct cm_controller cm_rootcacert_controller;
extern const struct cm_controller cm_replicaset_controller;
extern const struct cm_controller cm_replicationcontroller_controller;
extern const struct cm_controller cm_deployment_controller;
extern const struct cm_controller cm_podgc_controller;
extern const struct cm_controller cm_resourcequota_controller;
extern const struct cm_controller cm_disruption_controller;
extern const struct cm_controller cm_csrsigning_controller;
extern const struct cm_controller cm_csrapproving_controller;
extern const struct cm_controller cm_csrcleaner_controller;
extern const struct cm_controller cm_nodeipam_controller;
extern const struct cm_controller cm_nodelifecycle_controller;
extern const struct cm_controller cm_tainteviction_controller;
extern const struct cm_controller cm_ttlafterfinished_controller;
extern const struct cm_controller cm_daemonset_controller;
extern const struct cm_controller cm_job_controller;
extern const struct cm_controller cm_statefulset_controller;
extern const struct cm_controller cm_cronjob_controller;
extern const struct cm_controller cm_hpa_controller;

const struct cm_controller *const cm_controllers[] = {
    &cm_serviceaccount_token_controller,
    &cm_endpoints_controller,
    &cm_endpointslice_controller,
    &cm_replicationcontroller_controller,
    &cm_replicaset_controller,
    &cm_podgc_controller,
    &cm_resourcequota_controller,
    &cm_namespace_controller,
    &cm_serviceaccount_controller,
    &cm_garbagecollector_controller,
    &cm_deployment_controller,
    &cm_daemonset_controller,
    &cm_job_controller,
    &cm_disruption_controller,
    &cm_statefulset_controller,
    &cm_cronjob_controller,
    &cm_hpa_controller,
    &cm_csrsigning_controller,
    &cm_csrapproving_controller,
    &cm_csrcleaner_controller,
    &cm_nodeipam_controller,
    &cm_nodelifecycle_controller,
    &cm_tainteviction_controller,
    &cm_ttlafterfinished_controller,
    &cm_rootcacert_controller,
    NULL,
};
