/* The kinds this API server serves: discovery data, selectors, strategies and printers. */
#include <stdio.h>
#include <string.h>

#include "kind.h"

const struct kind kinds[] = {
	{.group = "", .version = "v1", .kind = "Namespace", .resource = "namespaces", .singular = "namespace",
	 .short_names = {"ns"}, .categories = {0}, .flags = K_CLUSTER|K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"status", "finalize", NULL},
	 .field_selectors = (const char *const[]){"status.phase", NULL},
	 .scale_selector = NULL, .strategy = &namespace_strategy, .printer = &namespace_printer,
	 .hooks = &namespace_hooks},
	{.group = "", .version = "v1", .kind = "Pod", .resource = "pods", .singular = "pod",
	 .short_names = {"po"}, .categories = {"all"}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "ephemeralcontainers", NULL},
	 .field_selectors = (const char *const[]){"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName", NULL},
	 .scale_selector = NULL, .strategy = &pod_strategy, .printer = &pod_printer,
	 .hooks = &pod_hooks},
	{.group = "", .version = "v1", .kind = "Service", .resource = "services", .singular = "service",
	 .short_names = {"svc"}, .categories = {"all"}, .flags = K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"status", "proxy", NULL},
	 .field_selectors = (const char *const[]){"spec.clusterIP", "spec.type", NULL},
	 .scale_selector = NULL, .strategy = &service_strategy, .printer = &service_printer,
	 .hooks = &service_hooks},
	{.group = "", .version = "v1", .kind = "Endpoints", .resource = "endpoints", .singular = "endpoints",
	 .short_names = {"ep"}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &endpoints_strategy, .printer = &endpoints_printer},
	{.group = "", .version = "v1", .kind = "Node", .resource = "nodes", .singular = "node",
	 .short_names = {"no"}, .categories = {0}, .flags = K_CLUSTER|K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"status", "proxy", NULL},
	 .field_selectors = (const char *const[]){"spec.unschedulable", NULL},
	 .scale_selector = NULL, .strategy = &node_strategy, .printer = &node_printer},
	{.group = "", .version = "v1", .kind = "ReplicationController", .resource = "replicationcontrollers", .singular = "replicationcontroller",
	 .short_names = {"rc"}, .categories = {"all"}, .flags = K_STATUS|K_SCALE,
	 .subresources = (const char *const[]){"scale", "status", NULL},
	 .field_selectors = (const char *const[]){"status.replicas", NULL},
	 .scale_selector = "spec.selector", .strategy = &replicationcontroller_strategy, .printer = &replicationcontroller_printer},
	{.group = "", .version = "v1", .kind = "ConfigMap", .resource = "configmaps", .singular = "configmap",
	 .short_names = {"cm"}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &configmap_strategy, .printer = &configmap_printer},
	{.group = "", .version = "v1", .kind = "Secret", .resource = "secrets", .singular = "secret",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){"type", NULL},
	 .scale_selector = NULL, .strategy = &secret_strategy, .printer = &secret_printer},
	{.group = "", .version = "v1", .kind = "ServiceAccount", .resource = "serviceaccounts", .singular = "serviceaccount",
	 .short_names = {"sa"}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){"token", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &serviceaccount_strategy, .printer = &serviceaccount_printer},
	{.group = "", .version = "v1", .kind = "Event", .resource = "events", .singular = "event",
	 .short_names = {"ev"}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type", NULL},
	 .scale_selector = NULL, .strategy = &event_strategy, .printer = &event_printer},
	{.group = "", .version = "v1", .kind = "ResourceQuota", .resource = "resourcequotas", .singular = "resourcequota",
	 .short_names = {"quota"}, .categories = {0}, .flags = K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &resourcequota_strategy, .printer = &resourcequota_printer},
	{.group = "", .version = "v1", .kind = "LimitRange", .resource = "limitranges", .singular = "limitrange",
	 .short_names = {"limits"}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &limitrange_strategy, .printer = &limitrange_printer},
	{.group = "", .version = "v1", .kind = "PodTemplate", .resource = "podtemplates", .singular = "podtemplate",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &podtemplate_strategy, .printer = &podtemplate_printer},
	{.group = "", .version = "v1", .kind = "PersistentVolume", .resource = "persistentvolumes", .singular = "persistentvolume",
	 .short_names = {"pv"}, .categories = {0}, .flags = K_CLUSTER|K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &persistentvolume_strategy, .printer = &persistentvolume_printer},
	{.group = "", .version = "v1", .kind = "PersistentVolumeClaim", .resource = "persistentvolumeclaims", .singular = "persistentvolumeclaim",
	 .short_names = {"pvc"}, .categories = {0}, .flags = K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &persistentvolumeclaim_strategy, .printer = &persistentvolumeclaim_printer},
	{.group = "apps", .version = "v1", .kind = "Deployment", .resource = "deployments", .singular = "deployment",
	 .short_names = {"deploy"}, .categories = {"all"}, .flags = K_STATUS|K_SCALE,
	 .subresources = (const char *const[]){"scale", "status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = "spec.selector", .strategy = &deployment_strategy, .printer = &deployment_printer},
	{.group = "apps", .version = "v1", .kind = "ReplicaSet", .resource = "replicasets", .singular = "replicaset",
	 .short_names = {"rs"}, .categories = {"all"}, .flags = K_STATUS|K_SCALE,
	 .subresources = (const char *const[]){"scale", "status", NULL},
	 .field_selectors = (const char *const[]){"status.replicas", NULL},
	 .scale_selector = "spec.selector", .strategy = &replicaset_strategy, .printer = &replicaset_printer},
	{.group = "apps", .version = "v1", .kind = "StatefulSet", .resource = "statefulsets", .singular = "statefulset",
	 .short_names = {"sts"}, .categories = {"all"}, .flags = K_STATUS|K_SCALE,
	 .subresources = (const char *const[]){"scale", "status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = "spec.selector", .strategy = &statefulset_strategy, .printer = &statefulset_printer},
	{.group = "apps", .version = "v1", .kind = "DaemonSet", .resource = "daemonsets", .singular = "daemonset",
	 .short_names = {"ds"}, .categories = {"all"}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &daemonset_strategy, .printer = &daemonset_printer},
	{.group = "apps", .version = "v1", .kind = "ControllerRevision", .resource = "controllerrevisions", .singular = "controllerrevision",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &controllerrevision_strategy, .printer = &controllerrevision_printer},
	{.group = "batch", .version = "v1", .kind = "Job", .resource = "jobs", .singular = "job",
	 .short_names = {0}, .categories = {"all"}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){"status.successful", NULL},
	 .scale_selector = NULL, .strategy = &job_strategy, .printer = &job_printer},
	{.group = "batch", .version = "v1", .kind = "CronJob", .resource = "cronjobs", .singular = "cronjob",
	 .short_names = {"cj"}, .categories = {"all"}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &cronjob_strategy, .printer = &cronjob_printer},
	{.group = "coordination.k8s.io", .version = "v1", .kind = "Lease", .resource = "leases", .singular = "lease",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &lease_strategy, .printer = &lease_printer},
	{.group = "discovery.k8s.io", .version = "v1", .kind = "EndpointSlice", .resource = "endpointslices", .singular = "endpointslice",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &endpointslice_strategy, .printer = &endpointslice_printer},
	{.group = "rbac.authorization.k8s.io", .version = "v1", .kind = "Role", .resource = "roles", .singular = "role",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &role_strategy, .printer = &role_printer},
	{.group = "rbac.authorization.k8s.io", .version = "v1", .kind = "ClusterRole", .resource = "clusterroles", .singular = "clusterrole",
	 .short_names = {0}, .categories = {0}, .flags = K_CLUSTER|K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &clusterrole_strategy, .printer = &clusterrole_printer},
	{.group = "rbac.authorization.k8s.io", .version = "v1", .kind = "RoleBinding", .resource = "rolebindings", .singular = "rolebinding",
	 .short_names = {0}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &rolebinding_strategy, .printer = &rolebinding_printer},
	{.group = "rbac.authorization.k8s.io", .version = "v1", .kind = "ClusterRoleBinding", .resource = "clusterrolebindings", .singular = "clusterrolebinding",
	 .short_names = {0}, .categories = {0}, .flags = K_CLUSTER|K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &clusterrolebinding_strategy, .printer = &clusterrolebinding_printer},
	{.group = "certificates.k8s.io", .version = "v1", .kind = "CertificateSigningRequest", .resource = "certificatesigningrequests", .singular = "certificatesigningrequest",
	 .short_names = {"csr"}, .categories = {0}, .flags = K_CLUSTER|K_STATUS|K_NOGEN,
	 .subresources = (const char *const[]){"approval", "status", NULL},
	 .field_selectors = (const char *const[]){"spec.signerName", NULL},
	 .scale_selector = NULL, .strategy = &csr_strategy, .printer = &csr_printer},
	{.group = "policy", .version = "v1", .kind = "PodDisruptionBudget", .resource = "poddisruptionbudgets", .singular = "poddisruptionbudget",
	 .short_names = {"pdb"}, .categories = {0}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &pdb_strategy, .printer = &pdb_printer},
	{.group = "networking.k8s.io", .version = "v1", .kind = "Ingress", .resource = "ingresses", .singular = "ingress",
	 .short_names = {"ing"}, .categories = {0}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &ingress_strategy, .printer = &ingress_printer},
	{.group = "networking.k8s.io", .version = "v1", .kind = "IngressClass", .resource = "ingressclasses", .singular = "ingressclass",
	 .short_names = {0}, .categories = {0}, .flags = K_CLUSTER,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &ingressclass_strategy, .printer = &ingressclass_printer},
	{.group = "networking.k8s.io", .version = "v1", .kind = "NetworkPolicy", .resource = "networkpolicies", .singular = "networkpolicy",
	 .short_names = {"netpol"}, .categories = {0}, .flags = 0,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &networkpolicy_strategy, .printer = &networkpolicy_printer},
	{.group = "autoscaling", .version = "v2", .kind = "HorizontalPodAutoscaler", .resource = "horizontalpodautoscalers", .singular = "horizontalpodautoscaler",
	 .short_names = {"hpa"}, .categories = {"all"}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &hpa_strategy, .printer = &hpa_printer},
	{.group = "events.k8s.io", .version = "v1", .kind = "Event", .resource = "events", .singular = "event",
	 .short_names = {"ev"}, .categories = {0}, .flags = K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &eventv1_strategy, .printer = &eventv1_printer},
	{.group = "scheduling.k8s.io", .version = "v1", .kind = "PriorityClass", .resource = "priorityclasses", .singular = "priorityclass",
	 .short_names = {"pc"}, .categories = {0}, .flags = K_CLUSTER|K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &priorityclass_strategy, .printer = &priorityclass_printer},
	{.group = "storage.k8s.io", .version = "v1", .kind = "StorageClass", .resource = "storageclasses", .singular = "storageclass",
	 .short_names = {"sc"}, .categories = {0}, .flags = K_CLUSTER|K_NOGEN,
	 .subresources = (const char *const[]){NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &storageclass_strategy, .printer = &storageclass_printer},
	/* extensions/v1beta1, removed upstream in 1.16 but still in users' files: served from
	 * the apps/v1 storage, without short names so those keep meaning apps/v1. */
	{.group = "extensions", .version = "v1beta1", .kind = "Deployment", .resource = "deployments", .singular = "deployment",
	 .short_names = {0}, .categories = {0}, .flags = K_STATUS|K_SCALE,
	 .subresources = (const char *const[]){"scale", "status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = "spec.selector", .strategy = &deployment_strategy, .printer = &deployment_printer,
	 .storage_group = "apps", .storage_version = "v1", .to_storage = legacy_extensions_in, .from_storage = legacy_extensions_out},
	{.group = "extensions", .version = "v1beta1", .kind = "ReplicaSet", .resource = "replicasets", .singular = "replicaset",
	 .short_names = {0}, .categories = {0}, .flags = K_STATUS|K_SCALE,
	 .subresources = (const char *const[]){"scale", "status", NULL},
	 .field_selectors = (const char *const[]){"status.replicas", NULL},
	 .scale_selector = "spec.selector", .strategy = &replicaset_strategy, .printer = &replicaset_printer,
	 .storage_group = "apps", .storage_version = "v1", .to_storage = legacy_extensions_in, .from_storage = legacy_extensions_out},
	{.group = "extensions", .version = "v1beta1", .kind = "DaemonSet", .resource = "daemonsets", .singular = "daemonset",
	 .short_names = {0}, .categories = {0}, .flags = K_STATUS,
	 .subresources = (const char *const[]){"status", NULL},
	 .field_selectors = (const char *const[]){NULL},
	 .scale_selector = NULL, .strategy = &daemonset_strategy, .printer = &daemonset_printer,
	 .storage_group = "apps", .storage_version = "v1", .to_storage = legacy_extensions_in, .from_storage = legacy_extensions_out},
};

const int nkinds = sizeof(kinds) / sizeof(kinds[0]);

const struct kind *kind_by_resource(const char *group, const char *version, const char *resource)
{
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		if (!strcmp(k->group, group) && !strcmp(k->resource, resource) &&
		    (!version || !strcmp(k->version, version)))
			return k;
	}
	return NULL;
}

const struct kind *kind_by_kind(const char *group, const char *kind)
{
	for (int i = 0; i < nkinds; i++)
		if (!strcmp(kinds[i].group, group) && !strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

const char *kind_api_version(const struct kind *k, char *buf)
{
	if (!*k->group)
		snprintf(buf, 64, "%s", k->version);
	else
		snprintf(buf, 64, "%s/%s", k->group, k->version);
	return buf;
}

bool kind_namespaced(const struct kind *k)
{
	return !(k->flags & K_CLUSTER);
}

const char *kind_qualified(const struct kind *k, char *buf)
{
	if (!*k->group)
		snprintf(buf, 96, "%s", k->kind);
	else
		snprintf(buf, 96, "%s.%s", k->kind, k->group);
	return buf;
}

const struct kind *kind_storage(const struct kind *k)
{
	const struct kind *s;

	if (!k->storage_group)
		return k;
	s = kind_by_resource(k->storage_group, k->storage_version, k->resource);
	return s ? s : k;
}
