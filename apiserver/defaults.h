/* defaults: upstream's SetDefaults_* for the structures several kinds share (pod specs,
 * templates, claims), applied in place to decoded JSON. */
#ifndef KUBE_DEFAULTS_H
#define KUBE_DEFAULTS_H

#include <jansson.h>

/* SetDefaults_PodSpec and everything under it: containers, ports, probes, volumes. */
void def_pod_spec(json_t *spec);
/* A PodTemplateSpec: its spec, and the creationTimestamp: null upstream prints. */
void def_pod_template(json_t *tmpl);
/* What only a Pod gets: requests copied from limits, enableServiceLinks, host ports of
 * host-network pods; then def_pod_spec. */
void def_pod(json_t *pod);
/* SetDefaults_PersistentVolumeClaimSpec (volumeMode Filesystem). */
void def_pvc_spec(json_t *spec);
/* A PersistentVolumeClaim or a claim template: spec defaults and status.phase Pending. */
void def_pvc(json_t *pvc);
/* "Always" for images tagged latest or untagged, else "IfNotPresent". */
const char *def_pull_policy(const char *image);
/* Set obj[key] to val (stolen) when absent or null; frees val otherwise. */
void def_set(json_t *obj, const char *key, json_t *val);

#endif
