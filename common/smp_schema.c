/* smp_schema: the merge-relevant part of the built-in API types.
 *
 * Only fields that change how a patch or an apply combines are listed: lists carrying a
 * patchStrategy/patchMergeKey tag in k8s.io/api, lists and maps with a special
 * structured-merge-diff type (set, map keyed by several fields, atomic), and the fields leading
 * to them. Everything else behaves as an untagged field: objects merge key by key and lists
 * are replaced (atomic for apply), so it need not be spelled out. */
#include <string.h>

#include "patch.h"

/* Field constructors; flags and keys mirror the struct tags and list markers of k8s.io/api. */
#define OBJ(n, t)                                                                                  \
	{                                                                                          \
		.name = (n), .type = &(t)                                                          \
	}
/* An object field that is a value (not pointer) struct in Go, so a zero object carries it. */
#define VOBJ(n, t)                                                                                 \
	{                                                                                          \
		.name = (n), .type = &(t), .flags = SMP_VALUE                                      \
	}
#define ATOMIC(n)                                                                                  \
	{                                                                                          \
		.name = (n), .flags = SMP_ATOMIC                                                   \
	}
#define LIST(n)                                                                                    \
	{                                                                                          \
		.name = (n), .flags = SMP_LIST                                                     \
	}
/* A list merged by key in both strategic merge patch and apply. */
#define LMK(n, t, key, akeys, extra)                                                               \
	{                                                                                          \
		.name = (n), .type = (t), .flags = SMP_LIST | SMP_MERGE | SMP_ASSOC | (extra),     \
		.merge_key = (key), .list_keys = (akeys)                                           \
	}
#define KEYED(n, key) LMK(n, NULL, key, key, 0)
/* A list of scalars union-merged by strategic merge patch, a set for apply. */
#define LSET(n)                                                                                    \
	{                                                                                          \
		.name = (n), .flags = SMP_LIST | SMP_MERGE | SMP_SET                               \
	}
#define END                                                                                        \
	{                                                                                          \
		.name = NULL                                                                       \
	}

/* Tentative definitions so the types can refer to one another in any order. */
static const struct smp_type t_meta, t_pod, t_pod_spec, t_container, t_pod_status, t_template,
    t_plain, t_spec_plain, t_conditions, t_with_conditions;

static const struct smp_field f_meta[] = {
    KEYED("ownerReferences", "uid"),
    LSET("finalizers"),
    LIST("managedFields"),
    END,
};
static const struct smp_type t_meta = {"ObjectMeta", f_meta};

/* The status of most kinds: conditions merged by type. */
static const struct smp_field f_conditions[] = {
    KEYED("conditions", "type"),
    END,
};
static const struct smp_type t_conditions = {"Status", f_conditions};

/* Kinds whose only merge-relevant parts are metadata and status.conditions. */
static const struct smp_field f_with_conditions[] = {
    VOBJ("metadata", t_meta),
    {.name = "spec", .flags = SMP_VALUE},
    VOBJ("status", t_conditions),
    END,
};
static const struct smp_type t_with_conditions = {"ObjectWithConditions", f_with_conditions};

static const struct smp_field f_plain[] = {
    VOBJ("metadata", t_meta),
    END,
};
static const struct smp_type t_plain = {"Object", f_plain};

/* Kinds with a spec (and maybe a status) but nothing merge-relevant inside. */
static const struct smp_field f_spec_plain[] = {
    VOBJ("metadata", t_meta),
    {.name = "spec", .flags = SMP_VALUE},
    {.name = "status", .flags = SMP_VALUE},
    END,
};
static const struct smp_type t_spec_plain = {"ObjectWithSpec", f_spec_plain};

/* ---- core/v1 pods ---- */

static const struct smp_field f_resources[] = {
    {.name = "claims", .flags = SMP_LIST | SMP_ASSOC, .list_keys = "name"},
    END,
};
static const struct smp_type t_resources = {"ResourceRequirements", f_resources};

static const struct smp_field f_container[] = {
    LMK("ports", NULL, "containerPort", "containerPort,protocol", 0),
    KEYED("env", "name"),
    KEYED("volumeMounts", "mountPath"),
    KEYED("volumeDevices", "devicePath"),
    OBJ("resources", t_resources),
    LIST("command"),
    LIST("args"),
    LIST("envFrom"),
    LIST("resizePolicy"),
    END,
};
static const struct smp_type t_container = {"Container", f_container};

static const struct smp_field f_pod_spec[] = {
    LMK("volumes", NULL, "name", "name", SMP_RETAIN_KEYS),
    LMK("initContainers", &t_container, "name", "name", 0),
    LMK("containers", &t_container, "name", "name", SMP_VALUE),
    LMK("ephemeralContainers", &t_container, "name", "name", 0),
    KEYED("imagePullSecrets", "name"),
    KEYED("hostAliases", "ip"),
    LMK("topologySpreadConstraints", NULL, "topologyKey", "topologyKey,whenUnsatisfiable", 0),
    KEYED("schedulingGates", "name"),
    LMK("resourceClaims", NULL, "name", "name", SMP_RETAIN_KEYS),
    ATOMIC("nodeSelector"),
    LIST("tolerations"),
    LIST("readinessGates"),
    END,
};
static const struct smp_type t_pod_spec = {"PodSpec", f_pod_spec};

static const struct smp_field f_pod_status[] = {
    KEYED("conditions", "type"),
    KEYED("podIPs", "ip"),
    /* hostIPs merge by ip for patches but are atomic for apply. */
    {.name = "hostIPs", .flags = SMP_LIST | SMP_MERGE, .merge_key = "ip"},
    LMK("resourceClaimStatuses", NULL, "name", "name", SMP_RETAIN_KEYS),
    LIST("containerStatuses"),
    LIST("initContainerStatuses"),
    LIST("ephemeralContainerStatuses"),
    END,
};
static const struct smp_type t_pod_status = {"PodStatus", f_pod_status};

static const struct smp_field f_pod[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_pod_spec),
    VOBJ("status", t_pod_status),
    END,
};
static const struct smp_type t_pod = {"Pod", f_pod};

static const struct smp_field f_template[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_pod_spec),
    END,
};
static const struct smp_type t_template = {"PodTemplateSpec", f_template};

static const struct smp_field f_pod_template[] = {
    VOBJ("metadata", t_meta),
    VOBJ("template", t_template),
    END,
};
static const struct smp_type t_pod_template = {"PodTemplate", f_pod_template};

/* ---- core/v1 others ---- */

static const struct smp_field f_rc_spec[] = {
    OBJ("template", t_template),
    ATOMIC("selector"),
    END,
};
static const struct smp_type t_rc_spec = {"ReplicationControllerSpec", f_rc_spec};
static const struct smp_field f_rc[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_rc_spec),
    VOBJ("status", t_conditions),
    END,
};
static const struct smp_type t_rc = {"ReplicationController", f_rc};

static const struct smp_field f_service_spec[] = {
    LMK("ports", NULL, "port", "port,protocol", 0),
    ATOMIC("selector"),
    LIST("clusterIPs"),
    LIST("externalIPs"),
    LIST("ipFamilies"),
    LIST("loadBalancerSourceRanges"),
    END,
};
static const struct smp_type t_service_spec = {"ServiceSpec", f_service_spec};
static const struct smp_field f_service[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_service_spec),
    VOBJ("status", t_conditions),
    END,
};
static const struct smp_type t_service = {"Service", f_service};

static const struct smp_field f_service_account[] = {
    VOBJ("metadata", t_meta),
    KEYED("secrets", "name"),
    LIST("imagePullSecrets"),
    END,
};
static const struct smp_type t_service_account = {"ServiceAccount", f_service_account};

static const struct smp_field f_node_spec[] = {
    LSET("podCIDRs"),
    LIST("taints"),
    END,
};
static const struct smp_type t_node_spec = {"NodeSpec", f_node_spec};
static const struct smp_field f_node_status[] = {
    KEYED("conditions", "type"), KEYED("addresses", "type"), LIST("images"),
    LIST("volumesInUse"),	 LIST("volumesAttached"),    END,
};
static const struct smp_type t_node_status = {"NodeStatus", f_node_status};
static const struct smp_field f_node[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_node_spec),
    VOBJ("status", t_node_status),
    END,
};
static const struct smp_type t_node = {"Node", f_node};

/* ---- apps/v1, batch/v1 ---- */

/* Deployment, ReplicaSet, StatefulSet and DaemonSet specs share these fields. */
static const struct smp_field f_apps_spec[] = {
    VOBJ("template", t_template),
    ATOMIC("selector"),
    {.name = "strategy", .flags = SMP_RETAIN_KEYS | SMP_VALUE},
    {.name = "updateStrategy", .flags = SMP_VALUE},
    LIST("volumeClaimTemplates"),
    END,
};
static const struct smp_type t_apps_spec = {"WorkloadSpec", f_apps_spec};
static const struct smp_field f_apps[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_apps_spec),
    VOBJ("status", t_conditions),
    END,
};
static const struct smp_type t_apps = {"Workload", f_apps};

static const struct smp_field f_job_spec[] = {
    VOBJ("template", t_template),
    ATOMIC("selector"),
    END,
};
static const struct smp_type t_job_spec = {"JobSpec", f_job_spec};
/* Job conditions merge by type for patches but are an atomic list for apply. */
static const struct smp_field f_job_status[] = {
    {.name = "conditions", .flags = SMP_LIST | SMP_MERGE, .merge_key = "type"},
    END,
};
static const struct smp_type t_job_status = {"JobStatus", f_job_status};
static const struct smp_field f_job[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_job_spec),
    VOBJ("status", t_job_status),
    END,
};
static const struct smp_type t_job = {"Job", f_job};

static const struct smp_field f_job_template[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_job_spec),
    END,
};
static const struct smp_type t_job_template = {"JobTemplateSpec", f_job_template};
static const struct smp_field f_cronjob_spec[] = {
    VOBJ("jobTemplate", t_job_template),
    END,
};
static const struct smp_type t_cronjob_spec = {"CronJobSpec", f_cronjob_spec};
static const struct smp_field f_cronjob[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_cronjob_spec),
    END,
};
static const struct smp_type t_cronjob = {"CronJob", f_cronjob};

/* ---- policy, admissionregistration, storage ---- */

static const struct smp_field f_pdb_spec[] = {
    {.name = "selector", .flags = SMP_REPLACE | SMP_ATOMIC},
    END,
};
static const struct smp_type t_pdb_spec = {"PodDisruptionBudgetSpec", f_pdb_spec};
static const struct smp_field f_pdb[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_pdb_spec),
    VOBJ("status", t_conditions),
    END,
};
static const struct smp_type t_pdb = {"PodDisruptionBudget", f_pdb};

static const struct smp_field f_webhook[] = {
    KEYED("matchConditions", "name"),
    LIST("rules"),
    END,
};
static const struct smp_type t_webhook = {"Webhook", f_webhook};
static const struct smp_field f_webhook_config[] = {
    VOBJ("metadata", t_meta),
    LMK("webhooks", &t_webhook, "name", "name", 0),
    END,
};
static const struct smp_type t_webhook_config = {"WebhookConfiguration", f_webhook_config};

static const struct smp_field f_vap_spec[] = {
    KEYED("matchConditions", "name"),
    KEYED("variables", "name"),
    END,
};
static const struct smp_type t_vap_spec = {"ValidatingAdmissionPolicySpec", f_vap_spec};
static const struct smp_field f_vap[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_vap_spec),
    END,
};
static const struct smp_type t_vap = {"ValidatingAdmissionPolicy", f_vap};

static const struct smp_field f_csinode_spec[] = {
    KEYED("drivers", "name"),
    END,
};
static const struct smp_type t_csinode_spec = {"CSINodeSpec", f_csinode_spec};
static const struct smp_field f_csinode[] = {
    VOBJ("metadata", t_meta),
    VOBJ("spec", t_csinode_spec),
    END,
};
static const struct smp_type t_csinode = {"CSINode", f_csinode};

/* CertificateSigningRequest conditions are keyed for apply only. */
static const struct smp_field f_csr_status[] = {
    {.name = "conditions", .flags = SMP_LIST | SMP_ASSOC, .list_keys = "type"},
    END,
};
static const struct smp_type t_csr_status = {"CertificateSigningRequestStatus", f_csr_status};
static const struct smp_field f_csr[] = {
    VOBJ("metadata", t_meta),
    VOBJ("status", t_csr_status),
    END,
};
static const struct smp_type t_csr = {"CertificateSigningRequest", f_csr};

struct smp_kind {
	const char *group;
	const char *kind;
	const struct smp_type *type;
};

static const struct smp_kind smp_kinds[] = {
    {"", "Pod", &t_pod},
    {"", "PodTemplate", &t_pod_template},
    {"", "ReplicationController", &t_rc},
    {"", "Service", &t_service},
    {"", "ServiceAccount", &t_service_account},
    {"", "Node", &t_node},
    {"", "Namespace", &t_with_conditions},
    {"", "PersistentVolumeClaim", &t_with_conditions},
    {"", "PersistentVolume", &t_spec_plain},
    {"", "Endpoints", &t_plain},
    {"", "ConfigMap", &t_plain},
    {"", "Secret", &t_plain},
    {"", "ResourceQuota", &t_spec_plain},
    {"", "LimitRange", &t_spec_plain},
    {"", "Event", &t_plain},
    {"", "ComponentStatus", &t_with_conditions},
    {"apps", "Deployment", &t_apps},
    {"apps", "ReplicaSet", &t_apps},
    {"apps", "StatefulSet", &t_apps},
    {"apps", "DaemonSet", &t_apps},
    {"apps", "ControllerRevision", &t_plain},
    {"batch", "Job", &t_job},
    {"batch", "CronJob", &t_cronjob},
    {"autoscaling", "HorizontalPodAutoscaler", &t_with_conditions},
    {"policy", "PodDisruptionBudget", &t_pdb},
    {"networking.k8s.io", "Ingress", &t_spec_plain},
    {"networking.k8s.io", "IngressClass", &t_spec_plain},
    {"networking.k8s.io", "NetworkPolicy", &t_spec_plain},
    {"rbac.authorization.k8s.io", "Role", &t_plain},
    {"rbac.authorization.k8s.io", "ClusterRole", &t_plain},
    {"rbac.authorization.k8s.io", "RoleBinding", &t_plain},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", &t_plain},
    {"coordination.k8s.io", "Lease", &t_spec_plain},
    {"discovery.k8s.io", "EndpointSlice", &t_plain},
    {"events.k8s.io", "Event", &t_plain},
    {"scheduling.k8s.io", "PriorityClass", &t_plain},
    {"node.k8s.io", "RuntimeClass", &t_plain},
    {"storage.k8s.io", "StorageClass", &t_plain},
    {"storage.k8s.io", "CSIDriver", &t_spec_plain},
    {"storage.k8s.io", "CSINode", &t_csinode},
    {"storage.k8s.io", "VolumeAttachment", &t_spec_plain},
    {"storage.k8s.io", "CSIStorageCapacity", &t_plain},
    {"certificates.k8s.io", "CertificateSigningRequest", &t_csr},
    {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration", &t_webhook_config},
    {"admissionregistration.k8s.io", "MutatingWebhookConfiguration", &t_webhook_config},
    {"admissionregistration.k8s.io", "ValidatingAdmissionPolicy", &t_vap},
    {"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding", &t_spec_plain},
    {"flowcontrol.apiserver.k8s.io", "FlowSchema", &t_with_conditions},
    {"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", &t_with_conditions},
    {"apiextensions.k8s.io", "CustomResourceDefinition", &t_spec_plain},
};

const struct smp_type *smp_kind_type(const char *group, const char *kind)
{
	if (!group || !strcmp(group, "core"))
		group = "";
	if (!kind)
		return NULL;
	for (size_t i = 0; i < sizeof(smp_kinds) / sizeof(smp_kinds[0]); i++) {
		if (!strcmp(smp_kinds[i].group, group) && !strcmp(smp_kinds[i].kind, kind))
			return smp_kinds[i].type;
	}
	return NULL;
}

const struct smp_field *smp_field(const struct smp_type *t, const char *name)
{
	if (!t || !name)
		return NULL;
	for (const struct smp_field *f = t->fields; f->name; f++) {
		if (!strcmp(f->name, name))
			return f;
	}
	return NULL;
}
