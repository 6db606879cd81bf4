/*
 * kproto_types: field table for kproto, in kubec's own format. One row per field, in Go struct
 * order: {json name, field number, kind, flags, nested message}. Numbers, names and shapes
 * follow k8s.io/api and k8s.io/apimachinery v0.33 (Kubernetes 1.33).
 */
#include "kproto.h"

#define KP_N(a) (sizeof(a) / sizeof((a)[0]))

static const struct kp_msg m_meta_v1_OwnerReference;
static const struct kp_msg m_meta_v1_ManagedFieldsEntry;
static const struct kp_msg m_meta_v1_ObjectMeta;
static const struct kp_msg m_core_v1_NamespaceSpec;
static const struct kp_msg m_core_v1_NamespaceCondition;
static const struct kp_msg m_core_v1_NamespaceStatus;
static const struct kp_msg m_core_v1_Namespace;
static const struct kp_msg m_core_v1_ConfigMap;
static const struct kp_msg m_core_v1_Secret;
static const struct kp_msg m_core_v1_ServicePort;
static const struct kp_msg m_core_v1_ClientIPConfig;
static const struct kp_msg m_core_v1_SessionAffinityConfig;
static const struct kp_msg m_core_v1_ServiceSpec;
static const struct kp_msg m_core_v1_PortStatus;
static const struct kp_msg m_core_v1_LoadBalancerIngress;
static const struct kp_msg m_core_v1_LoadBalancerStatus;
static const struct kp_msg m_meta_v1_Condition;
static const struct kp_msg m_core_v1_ServiceStatus;
static const struct kp_msg m_core_v1_Service;
static const struct kp_msg m_core_v1_ObjectReference;
static const struct kp_msg m_core_v1_LocalObjectReference;
static const struct kp_msg m_core_v1_ServiceAccount;
static const struct kp_msg m_core_v1_ScopedResourceSelectorRequirement;
static const struct kp_msg m_core_v1_ScopeSelector;
static const struct kp_msg m_core_v1_ResourceQuotaSpec;
static const struct kp_msg m_core_v1_ResourceQuotaStatus;
static const struct kp_msg m_core_v1_ResourceQuota;
static const struct kp_msg m_core_v1_HostPathVolumeSource;
static const struct kp_msg m_core_v1_EmptyDirVolumeSource;
static const struct kp_msg m_core_v1_GCEPersistentDiskVolumeSource;
static const struct kp_msg m_core_v1_AWSElasticBlockStoreVolumeSource;
static const struct kp_msg m_core_v1_GitRepoVolumeSource;
static const struct kp_msg m_core_v1_KeyToPath;
static const struct kp_msg m_core_v1_SecretVolumeSource;
static const struct kp_msg m_core_v1_NFSVolumeSource;
static const struct kp_msg m_core_v1_ISCSIVolumeSource;
static const struct kp_msg m_core_v1_GlusterfsVolumeSource;
static const struct kp_msg m_core_v1_PersistentVolumeClaimVolumeSource;
static const struct kp_msg m_core_v1_RBDVolumeSource;
static const struct kp_msg m_core_v1_FlexVolumeSource;
static const struct kp_msg m_core_v1_CinderVolumeSource;
static const struct kp_msg m_core_v1_CephFSVolumeSource;
static const struct kp_msg m_core_v1_FlockerVolumeSource;
static const struct kp_msg m_core_v1_ObjectFieldSelector;
static const struct kp_msg m_core_v1_ResourceFieldSelector;
static const struct kp_msg m_core_v1_DownwardAPIVolumeFile;
static const struct kp_msg m_core_v1_DownwardAPIVolumeSource;
static const struct kp_msg m_core_v1_FCVolumeSource;
static const struct kp_msg m_core_v1_AzureFileVolumeSource;
static const struct kp_msg m_core_v1_ConfigMapVolumeSource;
static const struct kp_msg m_core_v1_VsphereVirtualDiskVolumeSource;
static const struct kp_msg m_core_v1_QuobyteVolumeSource;
static const struct kp_msg m_core_v1_AzureDiskVolumeSource;
static const struct kp_msg m_core_v1_PhotonPersistentDiskVolumeSource;
static const struct kp_msg m_core_v1_SecretProjection;
static const struct kp_msg m_core_v1_DownwardAPIProjection;
static const struct kp_msg m_core_v1_ConfigMapProjection;
static const struct kp_msg m_core_v1_ServiceAccountTokenProjection;
static const struct kp_msg m_meta_v1_LabelSelectorRequirement;
static const struct kp_msg m_meta_v1_LabelSelector;
static const struct kp_msg m_core_v1_ClusterTrustBundleProjection;
static const struct kp_msg m_core_v1_VolumeProjection;
static const struct kp_msg m_core_v1_ProjectedVolumeSource;
static const struct kp_msg m_core_v1_PortworxVolumeSource;
static const struct kp_msg m_core_v1_ScaleIOVolumeSource;
static const struct kp_msg m_core_v1_StorageOSVolumeSource;
static const struct kp_msg m_core_v1_CSIVolumeSource;
static const struct kp_msg m_core_v1_VolumeResourceRequirements;
static const struct kp_msg m_core_v1_TypedLocalObjectReference;
static const struct kp_msg m_core_v1_TypedObjectReference;
static const struct kp_msg m_core_v1_PersistentVolumeClaimSpec;
static const struct kp_msg m_core_v1_PersistentVolumeClaimTemplate;
static const struct kp_msg m_core_v1_EphemeralVolumeSource;
static const struct kp_msg m_core_v1_ImageVolumeSource;
static const struct kp_msg m_core_v1_VolumeSource;
static const struct kp_msg m_core_v1_Volume;
static const struct kp_msg m_core_v1_ContainerPort;
static const struct kp_msg m_core_v1_ConfigMapEnvSource;
static const struct kp_msg m_core_v1_SecretEnvSource;
static const struct kp_msg m_core_v1_EnvFromSource;
static const struct kp_msg m_core_v1_ConfigMapKeySelector;
static const struct kp_msg m_core_v1_SecretKeySelector;
static const struct kp_msg m_core_v1_EnvVarSource;
static const struct kp_msg m_core_v1_EnvVar;
static const struct kp_msg m_core_v1_ResourceClaim;
static const struct kp_msg m_core_v1_ResourceRequirements;
static const struct kp_msg m_core_v1_ContainerResizePolicy;
static const struct kp_msg m_core_v1_VolumeMount;
static const struct kp_msg m_core_v1_VolumeDevice;
static const struct kp_msg m_core_v1_ExecAction;
static const struct kp_msg m_core_v1_HTTPHeader;
static const struct kp_msg m_core_v1_HTTPGetAction;
static const struct kp_msg m_core_v1_TCPSocketAction;
static const struct kp_msg m_core_v1_GRPCAction;
static const struct kp_msg m_core_v1_ProbeHandler;
static const struct kp_msg m_core_v1_Probe;
static const struct kp_msg m_core_v1_SleepAction;
static const struct kp_msg m_core_v1_LifecycleHandler;
static const struct kp_msg m_core_v1_Lifecycle;
static const struct kp_msg m_core_v1_Capabilities;
static const struct kp_msg m_core_v1_SELinuxOptions;
static const struct kp_msg m_core_v1_WindowsSecurityContextOptions;
static const struct kp_msg m_core_v1_SeccompProfile;
static const struct kp_msg m_core_v1_AppArmorProfile;
static const struct kp_msg m_core_v1_SecurityContext;
static const struct kp_msg m_core_v1_Container;
static const struct kp_msg m_core_v1_EphemeralContainerCommon;
static const struct kp_msg m_core_v1_EphemeralContainer;
static const struct kp_msg m_core_v1_Sysctl;
static const struct kp_msg m_core_v1_PodSecurityContext;
static const struct kp_msg m_core_v1_NodeSelectorRequirement;
static const struct kp_msg m_core_v1_NodeSelectorTerm;
static const struct kp_msg m_core_v1_NodeSelector;
static const struct kp_msg m_core_v1_PreferredSchedulingTerm;
static const struct kp_msg m_core_v1_NodeAffinity;
static const struct kp_msg m_core_v1_PodAffinityTerm;
static const struct kp_msg m_core_v1_WeightedPodAffinityTerm;
static const struct kp_msg m_core_v1_PodAffinity;
static const struct kp_msg m_core_v1_PodAntiAffinity;
static const struct kp_msg m_core_v1_Affinity;
static const struct kp_msg m_core_v1_Toleration;
static const struct kp_msg m_core_v1_HostAlias;
static const struct kp_msg m_core_v1_PodDNSConfigOption;
static const struct kp_msg m_core_v1_PodDNSConfig;
static const struct kp_msg m_core_v1_PodReadinessGate;
static const struct kp_msg m_core_v1_TopologySpreadConstraint;
static const struct kp_msg m_core_v1_PodOS;
static const struct kp_msg m_core_v1_PodSchedulingGate;
static const struct kp_msg m_core_v1_PodResourceClaim;
static const struct kp_msg m_core_v1_PodSpec;
static const struct kp_msg m_core_v1_PodCondition;
static const struct kp_msg m_core_v1_HostIP;
static const struct kp_msg m_core_v1_PodIP;
static const struct kp_msg m_core_v1_ContainerStateWaiting;
static const struct kp_msg m_core_v1_ContainerStateRunning;
static const struct kp_msg m_core_v1_ContainerStateTerminated;
static const struct kp_msg m_core_v1_ContainerState;
static const struct kp_msg m_core_v1_VolumeMountStatus;
static const struct kp_msg m_core_v1_LinuxContainerUser;
static const struct kp_msg m_core_v1_ContainerUser;
static const struct kp_msg m_core_v1_ResourceHealth;
static const struct kp_msg m_core_v1_ResourceStatus;
static const struct kp_msg m_core_v1_ContainerStatus;
static const struct kp_msg m_core_v1_PodResourceClaimStatus;
static const struct kp_msg m_core_v1_PodStatus;
static const struct kp_msg m_core_v1_Pod;
static const struct kp_msg m_core_v1_Taint;
static const struct kp_msg m_core_v1_ConfigMapNodeConfigSource;
static const struct kp_msg m_core_v1_NodeConfigSource;
static const struct kp_msg m_core_v1_NodeSpec;
static const struct kp_msg m_core_v1_NodeCondition;
static const struct kp_msg m_core_v1_NodeAddress;
static const struct kp_msg m_core_v1_DaemonEndpoint;
static const struct kp_msg m_core_v1_NodeDaemonEndpoints;
static const struct kp_msg m_core_v1_NodeSwapStatus;
static const struct kp_msg m_core_v1_NodeSystemInfo;
static const struct kp_msg m_core_v1_ContainerImage;
static const struct kp_msg m_core_v1_AttachedVolume;
static const struct kp_msg m_core_v1_NodeConfigStatus;
static const struct kp_msg m_core_v1_NodeRuntimeHandlerFeatures;
static const struct kp_msg m_core_v1_NodeRuntimeHandler;
static const struct kp_msg m_core_v1_NodeFeatures;
static const struct kp_msg m_core_v1_NodeStatus;
static const struct kp_msg m_core_v1_Node;
static const struct kp_msg m_core_v1_EndpointAddress;
static const struct kp_msg m_core_v1_EndpointPort;
static const struct kp_msg m_core_v1_EndpointSubset;
static const struct kp_msg m_core_v1_Endpoints;
static const struct kp_msg m_core_v1_EventSource;
static const struct kp_msg m_core_v1_EventSeries;
static const struct kp_msg m_core_v1_Event;
static const struct kp_msg m_core_v1_Binding;
static const struct kp_msg m_core_v1_PodTemplateSpec;
static const struct kp_msg m_core_v1_ReplicationControllerSpec;
static const struct kp_msg m_core_v1_ReplicationControllerCondition;
static const struct kp_msg m_core_v1_ReplicationControllerStatus;
static const struct kp_msg m_core_v1_ReplicationController;
static const struct kp_msg m_core_v1_PersistentVolumeClaimCondition;
static const struct kp_msg m_core_v1_ModifyVolumeStatus;
static const struct kp_msg m_core_v1_PersistentVolumeClaimStatus;
static const struct kp_msg m_core_v1_PersistentVolumeClaim;
static const struct kp_msg m_core_v1_LimitRangeItem;
static const struct kp_msg m_core_v1_LimitRangeSpec;
static const struct kp_msg m_core_v1_LimitRange;
static const struct kp_msg m_apps_v1_RollingUpdateDeployment;
static const struct kp_msg m_apps_v1_DeploymentStrategy;
static const struct kp_msg m_apps_v1_DeploymentSpec;
static const struct kp_msg m_apps_v1_DeploymentCondition;
static const struct kp_msg m_apps_v1_DeploymentStatus;
static const struct kp_msg m_apps_v1_Deployment;
static const struct kp_msg m_apps_v1_ReplicaSetSpec;
static const struct kp_msg m_apps_v1_ReplicaSetCondition;
static const struct kp_msg m_apps_v1_ReplicaSetStatus;
static const struct kp_msg m_apps_v1_ReplicaSet;
static const struct kp_msg m_apps_v1_RollingUpdateStatefulSetStrategy;
static const struct kp_msg m_apps_v1_StatefulSetUpdateStrategy;
static const struct kp_msg m_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy;
static const struct kp_msg m_apps_v1_StatefulSetOrdinals;
static const struct kp_msg m_apps_v1_StatefulSetSpec;
static const struct kp_msg m_apps_v1_StatefulSetCondition;
static const struct kp_msg m_apps_v1_StatefulSetStatus;
static const struct kp_msg m_apps_v1_StatefulSet;
static const struct kp_msg m_apps_v1_RollingUpdateDaemonSet;
static const struct kp_msg m_apps_v1_DaemonSetUpdateStrategy;
static const struct kp_msg m_apps_v1_DaemonSetSpec;
static const struct kp_msg m_apps_v1_DaemonSetCondition;
static const struct kp_msg m_apps_v1_DaemonSetStatus;
static const struct kp_msg m_apps_v1_DaemonSet;
static const struct kp_msg m_batch_v1_PodFailurePolicyOnExitCodesRequirement;
static const struct kp_msg m_batch_v1_PodFailurePolicyOnPodConditionsPattern;
static const struct kp_msg m_batch_v1_PodFailurePolicyRule;
static const struct kp_msg m_batch_v1_PodFailurePolicy;
static const struct kp_msg m_batch_v1_SuccessPolicyRule;
static const struct kp_msg m_batch_v1_SuccessPolicy;
static const struct kp_msg m_batch_v1_JobSpec;
static const struct kp_msg m_batch_v1_JobCondition;
static const struct kp_msg m_batch_v1_UncountedTerminatedPods;
static const struct kp_msg m_batch_v1_JobStatus;
static const struct kp_msg m_batch_v1_Job;
static const struct kp_msg m_batch_v1_JobTemplateSpec;
static const struct kp_msg m_batch_v1_CronJobSpec;
static const struct kp_msg m_batch_v1_CronJobStatus;
static const struct kp_msg m_batch_v1_CronJob;
static const struct kp_msg m_rbac_v1_PolicyRule;
static const struct kp_msg m_rbac_v1_Role;
static const struct kp_msg m_rbac_v1_Subject;
static const struct kp_msg m_rbac_v1_RoleRef;
static const struct kp_msg m_rbac_v1_RoleBinding;
static const struct kp_msg m_rbac_v1_AggregationRule;
static const struct kp_msg m_rbac_v1_ClusterRole;
static const struct kp_msg m_rbac_v1_ClusterRoleBinding;
static const struct kp_msg m_policy_v1_PodDisruptionBudgetSpec;
static const struct kp_msg m_policy_v1_PodDisruptionBudgetStatus;
static const struct kp_msg m_policy_v1_PodDisruptionBudget;
static const struct kp_msg m_meta_v1_Preconditions;
static const struct kp_msg m_meta_v1_DeleteOptions;
static const struct kp_msg m_policy_v1_Eviction;
static const struct kp_msg m_scheduling_v1_PriorityClass;
static const struct kp_msg m_networking_v1_ServiceBackendPort;
static const struct kp_msg m_networking_v1_IngressServiceBackend;
static const struct kp_msg m_networking_v1_IngressBackend;
static const struct kp_msg m_networking_v1_IngressTLS;
static const struct kp_msg m_networking_v1_HTTPIngressPath;
static const struct kp_msg m_networking_v1_HTTPIngressRuleValue;
static const struct kp_msg m_networking_v1_IngressRuleValue;
static const struct kp_msg m_networking_v1_IngressRule;
static const struct kp_msg m_networking_v1_IngressSpec;
static const struct kp_msg m_networking_v1_IngressPortStatus;
static const struct kp_msg m_networking_v1_IngressLoadBalancerIngress;
static const struct kp_msg m_networking_v1_IngressLoadBalancerStatus;
static const struct kp_msg m_networking_v1_IngressStatus;
static const struct kp_msg m_networking_v1_Ingress;
static const struct kp_msg m_authn_v1_BoundObjectReference;
static const struct kp_msg m_authn_v1_TokenRequestSpec;
static const struct kp_msg m_authn_v1_TokenRequestStatus;
static const struct kp_msg m_authn_v1_TokenRequest;
static const struct kp_msg m_authn_v1_TokenReviewSpec;
static const struct kp_msg m_authn_v1_UserInfo;
static const struct kp_msg m_authn_v1_TokenReviewStatus;
static const struct kp_msg m_authn_v1_TokenReview;
static const struct kp_msg m_authn_v1_SelfSubjectReviewStatus;
static const struct kp_msg m_authn_v1_SelfSubjectReview;
static const struct kp_msg m_meta_v1_FieldSelectorRequirement;
static const struct kp_msg m_authz_v1_FieldSelectorAttributes;
static const struct kp_msg m_authz_v1_LabelSelectorAttributes;
static const struct kp_msg m_authz_v1_ResourceAttributes;
static const struct kp_msg m_authz_v1_NonResourceAttributes;
static const struct kp_msg m_authz_v1_SelfSubjectAccessReviewSpec;
static const struct kp_msg m_authz_v1_SubjectAccessReviewStatus;
static const struct kp_msg m_authz_v1_SelfSubjectAccessReview;
static const struct kp_msg m_authz_v1_SubjectAccessReviewSpec;
static const struct kp_msg m_authz_v1_SubjectAccessReview;
static const struct kp_msg m_authz_v1_LocalSubjectAccessReview;
static const struct kp_msg m_authz_v1_SelfSubjectRulesReviewSpec;
static const struct kp_msg m_authz_v1_ResourceRule;
static const struct kp_msg m_authz_v1_NonResourceRule;
static const struct kp_msg m_authz_v1_SubjectRulesReviewStatus;
static const struct kp_msg m_authz_v1_SelfSubjectRulesReview;
static const struct kp_msg m_certs_v1_CertificateSigningRequestSpec;
static const struct kp_msg m_certs_v1_CertificateSigningRequestCondition;
static const struct kp_msg m_certs_v1_CertificateSigningRequestStatus;
static const struct kp_msg m_certs_v1_CertificateSigningRequest;
static const struct kp_msg m_discovery_v1_EndpointConditions;
static const struct kp_msg m_discovery_v1_ForZone;
static const struct kp_msg m_discovery_v1_ForNode;
static const struct kp_msg m_discovery_v1_EndpointHints;
static const struct kp_msg m_discovery_v1_Endpoint;
static const struct kp_msg m_discovery_v1_EndpointPort;
static const struct kp_msg m_discovery_v1_EndpointSlice;
static const struct kp_msg m_coord_v1_LeaseSpec;
static const struct kp_msg m_coord_v1_Lease;
static const struct kp_msg m_events_v1_EventSeries;
static const struct kp_msg m_events_v1_Event;
static const struct kp_msg m_autoscaling_v1_ScaleSpec;
static const struct kp_msg m_autoscaling_v1_ScaleStatus;
static const struct kp_msg m_autoscaling_v1_Scale;
static const struct kp_msg m_autoscaling_v2_CrossVersionObjectReference;
static const struct kp_msg m_autoscaling_v2_MetricIdentifier;
static const struct kp_msg m_autoscaling_v2_MetricTarget;
static const struct kp_msg m_autoscaling_v2_MetricValueStatus;
static const struct kp_msg m_autoscaling_v2_ObjectMetricSource;
static const struct kp_msg m_autoscaling_v2_PodsMetricSource;
static const struct kp_msg m_autoscaling_v2_ResourceMetricSource;
static const struct kp_msg m_autoscaling_v2_ContainerResourceMetricSource;
static const struct kp_msg m_autoscaling_v2_ExternalMetricSource;
static const struct kp_msg m_autoscaling_v2_MetricSpec;
static const struct kp_msg m_autoscaling_v2_HPAScalingPolicy;
static const struct kp_msg m_autoscaling_v2_HPAScalingRules;
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerBehavior;
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerSpec;
static const struct kp_msg m_autoscaling_v2_ObjectMetricStatus;
static const struct kp_msg m_autoscaling_v2_PodsMetricStatus;
static const struct kp_msg m_autoscaling_v2_ResourceMetricStatus;
static const struct kp_msg m_autoscaling_v2_ContainerResourceMetricStatus;
static const struct kp_msg m_autoscaling_v2_ExternalMetricStatus;
static const struct kp_msg m_autoscaling_v2_MetricStatus;
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerCondition;
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerStatus;
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscaler;
static const struct kp_msg m_meta_v1_ListMeta;
static const struct kp_msg m_meta_v1_StatusCause;
static const struct kp_msg m_meta_v1_StatusDetails;
static const struct kp_msg m_meta_v1_Status;
static const struct kp_field f_meta_v1_OwnerReference[] = {
    {"apiVersion", 5, KP_STR, 0, NULL},
    {"kind", 1, KP_STR, 0, NULL},
    {"name", 3, KP_STR, 0, NULL},
    {"uid", 4, KP_STR, 0, NULL},
    {"controller", 6, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"blockOwnerDeletion", 7, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_OwnerReference = {"OwnerReference", f_meta_v1_OwnerReference,
						       KP_N(f_meta_v1_OwnerReference)};
static const struct kp_field f_meta_v1_ManagedFieldsEntry[] = {
    {"manager", 1, KP_STR, KP_OMIT, NULL},     {"operation", 2, KP_STR, KP_OMIT, NULL},
    {"apiVersion", 3, KP_STR, KP_OMIT, NULL},  {"time", 4, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"fieldsType", 6, KP_STR, KP_OMIT, NULL},  {"fieldsV1", 7, KP_FV1, KP_PTR | KP_OMIT, NULL},
    {"subresource", 8, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_ManagedFieldsEntry = {
    "ManagedFieldsEntry", f_meta_v1_ManagedFieldsEntry, KP_N(f_meta_v1_ManagedFieldsEntry)};
static const struct kp_field f_meta_v1_ObjectMeta[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
    {"generateName", 2, KP_STR, KP_OMIT, NULL},
    {"namespace", 3, KP_STR, KP_OMIT, NULL},
    {"selfLink", 4, KP_STR, KP_OMIT, NULL},
    {"uid", 5, KP_STR, KP_OMIT, NULL},
    {"resourceVersion", 6, KP_STR, KP_OMIT, NULL},
    {"generation", 7, KP_I64, KP_OMIT, NULL},
    {"creationTimestamp", 8, KP_TIME, KP_OMIT, NULL},
    {"deletionTimestamp", 9, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"deletionGracePeriodSeconds", 10, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"labels", 11, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"annotations", 12, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"ownerReferences", 13, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_OwnerReference},
    {"finalizers", 14, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"managedFields", 17, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_ManagedFieldsEntry},
};
static const struct kp_msg m_meta_v1_ObjectMeta = {"ObjectMeta", f_meta_v1_ObjectMeta,
						   KP_N(f_meta_v1_ObjectMeta)};
static const struct kp_field f_core_v1_NamespaceSpec[] = {
    {"finalizers", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NamespaceSpec = {"NamespaceSpec", f_core_v1_NamespaceSpec,
						      KP_N(f_core_v1_NamespaceSpec)};
static const struct kp_field f_core_v1_NamespaceCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastTransitionTime", 4, KP_TIME, KP_OMIT, NULL},
    {"reason", 5, KP_STR, KP_OMIT, NULL},
    {"message", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NamespaceCondition = {
    "NamespaceCondition", f_core_v1_NamespaceCondition, KP_N(f_core_v1_NamespaceCondition)};
static const struct kp_field f_core_v1_NamespaceStatus[] = {
    {"phase", 1, KP_STR, KP_OMIT, NULL},
    {"conditions", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_NamespaceCondition},
};
static const struct kp_msg m_core_v1_NamespaceStatus = {
    "NamespaceStatus", f_core_v1_NamespaceStatus, KP_N(f_core_v1_NamespaceStatus)};
static const struct kp_field f_core_v1_Namespace[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_NamespaceSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_NamespaceStatus},
};
static const struct kp_msg m_core_v1_Namespace = {"Namespace", f_core_v1_Namespace,
						  KP_N(f_core_v1_Namespace)};
static const struct kp_field f_core_v1_ConfigMap[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"immutable", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"data", 2, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"binaryData", 3, KP_BYTES, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ConfigMap = {"ConfigMap", f_core_v1_ConfigMap,
						  KP_N(f_core_v1_ConfigMap)};
static const struct kp_field f_core_v1_Secret[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"immutable", 5, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"data", 2, KP_BYTES, KP_MAP | KP_OMIT, NULL},
    {"stringData", 4, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"type", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Secret = {"Secret", f_core_v1_Secret, KP_N(f_core_v1_Secret)};
static const struct kp_field f_core_v1_ServicePort[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
    {"protocol", 2, KP_STR, KP_OMIT, NULL},
    {"appProtocol", 6, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"port", 3, KP_I32, 0, NULL},
    {"targetPort", 4, KP_IOS, KP_OMIT, NULL},
    {"nodePort", 5, KP_I32, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ServicePort = {"ServicePort", f_core_v1_ServicePort,
						    KP_N(f_core_v1_ServicePort)};
static const struct kp_field f_core_v1_ClientIPConfig[] = {
    {"timeoutSeconds", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ClientIPConfig = {"ClientIPConfig", f_core_v1_ClientIPConfig,
						       KP_N(f_core_v1_ClientIPConfig)};
static const struct kp_field f_core_v1_SessionAffinityConfig[] = {
    {"clientIP", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ClientIPConfig},
};
static const struct kp_msg m_core_v1_SessionAffinityConfig = {
    "SessionAffinityConfig", f_core_v1_SessionAffinityConfig,
    KP_N(f_core_v1_SessionAffinityConfig)};
static const struct kp_field f_core_v1_ServiceSpec[] = {
    {"ports", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ServicePort},
    {"selector", 2, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"clusterIP", 3, KP_STR, KP_OMIT, NULL},
    {"clusterIPs", 18, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"type", 4, KP_STR, KP_OMIT, NULL},
    {"externalIPs", 5, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"sessionAffinity", 7, KP_STR, KP_OMIT, NULL},
    {"loadBalancerIP", 8, KP_STR, KP_OMIT, NULL},
    {"loadBalancerSourceRanges", 9, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"externalName", 10, KP_STR, KP_OMIT, NULL},
    {"externalTrafficPolicy", 11, KP_STR, KP_OMIT, NULL},
    {"healthCheckNodePort", 12, KP_I32, KP_OMIT, NULL},
    {"publishNotReadyAddresses", 13, KP_BOOL, KP_OMIT, NULL},
    {"sessionAffinityConfig", 14, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SessionAffinityConfig},
    {"ipFamilies", 19, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"ipFamilyPolicy", 17, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"allocateLoadBalancerNodePorts", 20, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"loadBalancerClass", 21, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"internalTrafficPolicy", 22, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"trafficDistribution", 23, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ServiceSpec = {"ServiceSpec", f_core_v1_ServiceSpec,
						    KP_N(f_core_v1_ServiceSpec)};
static const struct kp_field f_core_v1_PortStatus[] = {
    {"port", 1, KP_I32, 0, NULL},
    {"protocol", 2, KP_STR, 0, NULL},
    {"error", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PortStatus = {"PortStatus", f_core_v1_PortStatus,
						   KP_N(f_core_v1_PortStatus)};
static const struct kp_field f_core_v1_LoadBalancerIngress[] = {
    {"ip", 1, KP_STR, KP_OMIT, NULL},
    {"hostname", 2, KP_STR, KP_OMIT, NULL},
    {"ipMode", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"ports", 4, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PortStatus},
};
static const struct kp_msg m_core_v1_LoadBalancerIngress = {
    "LoadBalancerIngress", f_core_v1_LoadBalancerIngress, KP_N(f_core_v1_LoadBalancerIngress)};
static const struct kp_field f_core_v1_LoadBalancerStatus[] = {
    {"ingress", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_LoadBalancerIngress},
};
static const struct kp_msg m_core_v1_LoadBalancerStatus = {
    "LoadBalancerStatus", f_core_v1_LoadBalancerStatus, KP_N(f_core_v1_LoadBalancerStatus)};
static const struct kp_field f_meta_v1_Condition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"observedGeneration", 3, KP_I64, KP_OMIT, NULL},
    {"lastTransitionTime", 4, KP_TIME, 0, NULL},
    {"reason", 5, KP_STR, 0, NULL},
    {"message", 6, KP_STR, 0, NULL},
};
static const struct kp_msg m_meta_v1_Condition = {"Condition", f_meta_v1_Condition,
						  KP_N(f_meta_v1_Condition)};
static const struct kp_field f_core_v1_ServiceStatus[] = {
    {"loadBalancer", 1, KP_MSG, KP_OMIT, &m_core_v1_LoadBalancerStatus},
    {"conditions", 2, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_Condition},
};
static const struct kp_msg m_core_v1_ServiceStatus = {"ServiceStatus", f_core_v1_ServiceStatus,
						      KP_N(f_core_v1_ServiceStatus)};
static const struct kp_field f_core_v1_Service[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_ServiceSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_ServiceStatus},
};
static const struct kp_msg m_core_v1_Service = {"Service", f_core_v1_Service,
						KP_N(f_core_v1_Service)};
static const struct kp_field f_core_v1_ObjectReference[] = {
    {"kind", 1, KP_STR, KP_OMIT, NULL},	      {"namespace", 2, KP_STR, KP_OMIT, NULL},
    {"name", 3, KP_STR, KP_OMIT, NULL},	      {"uid", 4, KP_STR, KP_OMIT, NULL},
    {"apiVersion", 5, KP_STR, KP_OMIT, NULL}, {"resourceVersion", 6, KP_STR, KP_OMIT, NULL},
    {"fieldPath", 7, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ObjectReference = {
    "ObjectReference", f_core_v1_ObjectReference, KP_N(f_core_v1_ObjectReference)};
static const struct kp_field f_core_v1_LocalObjectReference[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_LocalObjectReference = {
    "LocalObjectReference", f_core_v1_LocalObjectReference, KP_N(f_core_v1_LocalObjectReference)};
static const struct kp_field f_core_v1_ServiceAccount[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"secrets", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ObjectReference},
    {"imagePullSecrets", 3, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_LocalObjectReference},
    {"automountServiceAccountToken", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ServiceAccount = {"ServiceAccount", f_core_v1_ServiceAccount,
						       KP_N(f_core_v1_ServiceAccount)};
static const struct kp_field f_core_v1_ScopedResourceSelectorRequirement[] = {
    {"scopeName", 1, KP_STR, 0, NULL},
    {"operator", 2, KP_STR, 0, NULL},
    {"values", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ScopedResourceSelectorRequirement = {
    "ScopedResourceSelectorRequirement", f_core_v1_ScopedResourceSelectorRequirement,
    KP_N(f_core_v1_ScopedResourceSelectorRequirement)};
static const struct kp_field f_core_v1_ScopeSelector[] = {
    {"matchExpressions", 1, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_ScopedResourceSelectorRequirement},
};
static const struct kp_msg m_core_v1_ScopeSelector = {"ScopeSelector", f_core_v1_ScopeSelector,
						      KP_N(f_core_v1_ScopeSelector)};
static const struct kp_field f_core_v1_ResourceQuotaSpec[] = {
    {"hard", 1, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"scopes", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"scopeSelector", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ScopeSelector},
};
static const struct kp_msg m_core_v1_ResourceQuotaSpec = {
    "ResourceQuotaSpec", f_core_v1_ResourceQuotaSpec, KP_N(f_core_v1_ResourceQuotaSpec)};
static const struct kp_field f_core_v1_ResourceQuotaStatus[] = {
    {"hard", 1, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"used", 2, KP_QTY, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ResourceQuotaStatus = {
    "ResourceQuotaStatus", f_core_v1_ResourceQuotaStatus, KP_N(f_core_v1_ResourceQuotaStatus)};
static const struct kp_field f_core_v1_ResourceQuota[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_ResourceQuotaSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_ResourceQuotaStatus},
};
static const struct kp_msg m_core_v1_ResourceQuota = {"ResourceQuota", f_core_v1_ResourceQuota,
						      KP_N(f_core_v1_ResourceQuota)};
static const struct kp_field f_core_v1_HostPathVolumeSource[] = {
    {"path", 1, KP_STR, 0, NULL},
    {"type", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_HostPathVolumeSource = {
    "HostPathVolumeSource", f_core_v1_HostPathVolumeSource, KP_N(f_core_v1_HostPathVolumeSource)};
static const struct kp_field f_core_v1_EmptyDirVolumeSource[] = {
    {"medium", 1, KP_STR, KP_OMIT, NULL},
    {"sizeLimit", 2, KP_QTY, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_EmptyDirVolumeSource = {
    "EmptyDirVolumeSource", f_core_v1_EmptyDirVolumeSource, KP_N(f_core_v1_EmptyDirVolumeSource)};
static const struct kp_field f_core_v1_GCEPersistentDiskVolumeSource[] = {
    {"pdName", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
    {"partition", 3, KP_I32, KP_OMIT, NULL},
    {"readOnly", 4, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_GCEPersistentDiskVolumeSource = {
    "GCEPersistentDiskVolumeSource", f_core_v1_GCEPersistentDiskVolumeSource,
    KP_N(f_core_v1_GCEPersistentDiskVolumeSource)};
static const struct kp_field f_core_v1_AWSElasticBlockStoreVolumeSource[] = {
    {"volumeID", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
    {"partition", 3, KP_I32, KP_OMIT, NULL},
    {"readOnly", 4, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_AWSElasticBlockStoreVolumeSource = {
    "AWSElasticBlockStoreVolumeSource", f_core_v1_AWSElasticBlockStoreVolumeSource,
    KP_N(f_core_v1_AWSElasticBlockStoreVolumeSource)};
static const struct kp_field f_core_v1_GitRepoVolumeSource[] = {
    {"repository", 1, KP_STR, 0, NULL},
    {"revision", 2, KP_STR, KP_OMIT, NULL},
    {"directory", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_GitRepoVolumeSource = {
    "GitRepoVolumeSource", f_core_v1_GitRepoVolumeSource, KP_N(f_core_v1_GitRepoVolumeSource)};
static const struct kp_field f_core_v1_KeyToPath[] = {
    {"key", 1, KP_STR, 0, NULL},
    {"path", 2, KP_STR, 0, NULL},
    {"mode", 3, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_KeyToPath = {"KeyToPath", f_core_v1_KeyToPath,
						  KP_N(f_core_v1_KeyToPath)};
static const struct kp_field f_core_v1_SecretVolumeSource[] = {
    {"secretName", 1, KP_STR, KP_OMIT, NULL},
    {"items", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_KeyToPath},
    {"defaultMode", 3, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"optional", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_SecretVolumeSource = {
    "SecretVolumeSource", f_core_v1_SecretVolumeSource, KP_N(f_core_v1_SecretVolumeSource)};
static const struct kp_field f_core_v1_NFSVolumeSource[] = {
    {"server", 1, KP_STR, 0, NULL},
    {"path", 2, KP_STR, 0, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NFSVolumeSource = {
    "NFSVolumeSource", f_core_v1_NFSVolumeSource, KP_N(f_core_v1_NFSVolumeSource)};
static const struct kp_field f_core_v1_ISCSIVolumeSource[] = {
    {"targetPortal", 1, KP_STR, 0, NULL},
    {"iqn", 2, KP_STR, 0, NULL},
    {"lun", 3, KP_I32, 0, NULL},
    {"iscsiInterface", 4, KP_STR, KP_OMIT, NULL},
    {"fsType", 5, KP_STR, KP_OMIT, NULL},
    {"readOnly", 6, KP_BOOL, KP_OMIT, NULL},
    {"portals", 7, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"chapAuthDiscovery", 8, KP_BOOL, KP_OMIT, NULL},
    {"chapAuthSession", 11, KP_BOOL, KP_OMIT, NULL},
    {"secretRef", 10, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
    {"initiatorName", 12, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ISCSIVolumeSource = {
    "ISCSIVolumeSource", f_core_v1_ISCSIVolumeSource, KP_N(f_core_v1_ISCSIVolumeSource)};
static const struct kp_field f_core_v1_GlusterfsVolumeSource[] = {
    {"endpoints", 1, KP_STR, 0, NULL},
    {"path", 2, KP_STR, 0, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_GlusterfsVolumeSource = {
    "GlusterfsVolumeSource", f_core_v1_GlusterfsVolumeSource,
    KP_N(f_core_v1_GlusterfsVolumeSource)};
static const struct kp_field f_core_v1_PersistentVolumeClaimVolumeSource[] = {
    {"claimName", 1, KP_STR, 0, NULL},
    {"readOnly", 2, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PersistentVolumeClaimVolumeSource = {
    "PersistentVolumeClaimVolumeSource", f_core_v1_PersistentVolumeClaimVolumeSource,
    KP_N(f_core_v1_PersistentVolumeClaimVolumeSource)};
static const struct kp_field f_core_v1_RBDVolumeSource[] = {
    {"monitors", 1, KP_STR, KP_LIST, NULL},
    {"image", 2, KP_STR, 0, NULL},
    {"fsType", 3, KP_STR, KP_OMIT, NULL},
    {"pool", 4, KP_STR, KP_OMIT, NULL},
    {"user", 5, KP_STR, KP_OMIT, NULL},
    {"keyring", 6, KP_STR, KP_OMIT, NULL},
    {"secretRef", 7, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
    {"readOnly", 8, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_RBDVolumeSource = {
    "RBDVolumeSource", f_core_v1_RBDVolumeSource, KP_N(f_core_v1_RBDVolumeSource)};
static const struct kp_field f_core_v1_FlexVolumeSource[] = {
    {"driver", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
    {"secretRef", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
    {"readOnly", 4, KP_BOOL, KP_OMIT, NULL},
    {"options", 5, KP_STR, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_FlexVolumeSource = {
    "FlexVolumeSource", f_core_v1_FlexVolumeSource, KP_N(f_core_v1_FlexVolumeSource)};
static const struct kp_field f_core_v1_CinderVolumeSource[] = {
    {"volumeID", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL},
    {"secretRef", 4, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
};
static const struct kp_msg m_core_v1_CinderVolumeSource = {
    "CinderVolumeSource", f_core_v1_CinderVolumeSource, KP_N(f_core_v1_CinderVolumeSource)};
static const struct kp_field f_core_v1_CephFSVolumeSource[] = {
    {"monitors", 1, KP_STR, KP_LIST, NULL},
    {"path", 2, KP_STR, KP_OMIT, NULL},
    {"user", 3, KP_STR, KP_OMIT, NULL},
    {"secretFile", 4, KP_STR, KP_OMIT, NULL},
    {"secretRef", 5, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
    {"readOnly", 6, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_CephFSVolumeSource = {
    "CephFSVolumeSource", f_core_v1_CephFSVolumeSource, KP_N(f_core_v1_CephFSVolumeSource)};
static const struct kp_field f_core_v1_FlockerVolumeSource[] = {
    {"datasetName", 1, KP_STR, KP_OMIT, NULL},
    {"datasetUUID", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_FlockerVolumeSource = {
    "FlockerVolumeSource", f_core_v1_FlockerVolumeSource, KP_N(f_core_v1_FlockerVolumeSource)};
static const struct kp_field f_core_v1_ObjectFieldSelector[] = {
    {"apiVersion", 1, KP_STR, KP_OMIT, NULL},
    {"fieldPath", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_ObjectFieldSelector = {
    "ObjectFieldSelector", f_core_v1_ObjectFieldSelector, KP_N(f_core_v1_ObjectFieldSelector)};
static const struct kp_field f_core_v1_ResourceFieldSelector[] = {
    {"containerName", 1, KP_STR, KP_OMIT, NULL},
    {"resource", 2, KP_STR, 0, NULL},
    {"divisor", 3, KP_QTY, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ResourceFieldSelector = {
    "ResourceFieldSelector", f_core_v1_ResourceFieldSelector,
    KP_N(f_core_v1_ResourceFieldSelector)};
static const struct kp_field f_core_v1_DownwardAPIVolumeFile[] = {
    {"path", 1, KP_STR, 0, NULL},
    {"fieldRef", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ObjectFieldSelector},
    {"resourceFieldRef", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ResourceFieldSelector},
    {"mode", 4, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_DownwardAPIVolumeFile = {
    "DownwardAPIVolumeFile", f_core_v1_DownwardAPIVolumeFile,
    KP_N(f_core_v1_DownwardAPIVolumeFile)};
static const struct kp_field f_core_v1_DownwardAPIVolumeSource[] = {
    {"items", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_DownwardAPIVolumeFile},
    {"defaultMode", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_DownwardAPIVolumeSource = {
    "DownwardAPIVolumeSource", f_core_v1_DownwardAPIVolumeSource,
    KP_N(f_core_v1_DownwardAPIVolumeSource)};
static const struct kp_field f_core_v1_FCVolumeSource[] = {
    {"targetWWNs", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"lun", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"fsType", 3, KP_STR, KP_OMIT, NULL},
    {"readOnly", 4, KP_BOOL, KP_OMIT, NULL},
    {"wwids", 5, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_FCVolumeSource = {"FCVolumeSource", f_core_v1_FCVolumeSource,
						       KP_N(f_core_v1_FCVolumeSource)};
static const struct kp_field f_core_v1_AzureFileVolumeSource[] = {
    {"secretName", 1, KP_STR, 0, NULL},
    {"shareName", 2, KP_STR, 0, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_AzureFileVolumeSource = {
    "AzureFileVolumeSource", f_core_v1_AzureFileVolumeSource,
    KP_N(f_core_v1_AzureFileVolumeSource)};
static const struct kp_field f_core_v1_ConfigMapVolumeSource[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"items", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_KeyToPath},
    {"defaultMode", 3, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"optional", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ConfigMapVolumeSource = {
    "ConfigMapVolumeSource", f_core_v1_ConfigMapVolumeSource,
    KP_N(f_core_v1_ConfigMapVolumeSource)};
static const struct kp_field f_core_v1_VsphereVirtualDiskVolumeSource[] = {
    {"volumePath", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
    {"storagePolicyName", 3, KP_STR, KP_OMIT, NULL},
    {"storagePolicyID", 4, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_VsphereVirtualDiskVolumeSource = {
    "VsphereVirtualDiskVolumeSource", f_core_v1_VsphereVirtualDiskVolumeSource,
    KP_N(f_core_v1_VsphereVirtualDiskVolumeSource)};
static const struct kp_field f_core_v1_QuobyteVolumeSource[] = {
    {"registry", 1, KP_STR, 0, NULL},	     {"volume", 2, KP_STR, 0, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL}, {"user", 4, KP_STR, KP_OMIT, NULL},
    {"group", 5, KP_STR, KP_OMIT, NULL},     {"tenant", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_QuobyteVolumeSource = {
    "QuobyteVolumeSource", f_core_v1_QuobyteVolumeSource, KP_N(f_core_v1_QuobyteVolumeSource)};
static const struct kp_field f_core_v1_AzureDiskVolumeSource[] = {
    {"diskName", 1, KP_STR, 0, NULL},
    {"diskURI", 2, KP_STR, 0, NULL},
    {"cachingMode", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"fsType", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"readOnly", 5, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"kind", 6, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_AzureDiskVolumeSource = {
    "AzureDiskVolumeSource", f_core_v1_AzureDiskVolumeSource,
    KP_N(f_core_v1_AzureDiskVolumeSource)};
static const struct kp_field f_core_v1_PhotonPersistentDiskVolumeSource[] = {
    {"pdID", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PhotonPersistentDiskVolumeSource = {
    "PhotonPersistentDiskVolumeSource", f_core_v1_PhotonPersistentDiskVolumeSource,
    KP_N(f_core_v1_PhotonPersistentDiskVolumeSource)};
static const struct kp_field f_core_v1_SecretProjection[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"items", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_KeyToPath},
    {"optional", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_SecretProjection = {
    "SecretProjection", f_core_v1_SecretProjection, KP_N(f_core_v1_SecretProjection)};
static const struct kp_field f_core_v1_DownwardAPIProjection[] = {
    {"items", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_DownwardAPIVolumeFile},
};
static const struct kp_msg m_core_v1_DownwardAPIProjection = {
    "DownwardAPIProjection", f_core_v1_DownwardAPIProjection,
    KP_N(f_core_v1_DownwardAPIProjection)};
static const struct kp_field f_core_v1_ConfigMapProjection[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"items", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_KeyToPath},
    {"optional", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ConfigMapProjection = {
    "ConfigMapProjection", f_core_v1_ConfigMapProjection, KP_N(f_core_v1_ConfigMapProjection)};
static const struct kp_field f_core_v1_ServiceAccountTokenProjection[] = {
    {"audience", 1, KP_STR, KP_OMIT, NULL},
    {"expirationSeconds", 2, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"path", 3, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_ServiceAccountTokenProjection = {
    "ServiceAccountTokenProjection", f_core_v1_ServiceAccountTokenProjection,
    KP_N(f_core_v1_ServiceAccountTokenProjection)};
static const struct kp_field f_meta_v1_LabelSelectorRequirement[] = {
    {"key", 1, KP_STR, 0, NULL},
    {"operator", 2, KP_STR, 0, NULL},
    {"values", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_LabelSelectorRequirement = {
    "LabelSelectorRequirement", f_meta_v1_LabelSelectorRequirement,
    KP_N(f_meta_v1_LabelSelectorRequirement)};
static const struct kp_field f_meta_v1_LabelSelector[] = {
    {"matchLabels", 1, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"matchExpressions", 2, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_LabelSelectorRequirement},
};
static const struct kp_msg m_meta_v1_LabelSelector = {"LabelSelector", f_meta_v1_LabelSelector,
						      KP_N(f_meta_v1_LabelSelector)};
static const struct kp_field f_core_v1_ClusterTrustBundleProjection[] = {
    {"name", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"signerName", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"labelSelector", 3, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"optional", 5, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"path", 4, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_ClusterTrustBundleProjection = {
    "ClusterTrustBundleProjection", f_core_v1_ClusterTrustBundleProjection,
    KP_N(f_core_v1_ClusterTrustBundleProjection)};
static const struct kp_field f_core_v1_VolumeProjection[] = {
    {"secret", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SecretProjection},
    {"downwardAPI", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_DownwardAPIProjection},
    {"configMap", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ConfigMapProjection},
    {"serviceAccountToken", 4, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ServiceAccountTokenProjection},
    {"clusterTrustBundle", 5, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ClusterTrustBundleProjection},
};
static const struct kp_msg m_core_v1_VolumeProjection = {
    "VolumeProjection", f_core_v1_VolumeProjection, KP_N(f_core_v1_VolumeProjection)};
static const struct kp_field f_core_v1_ProjectedVolumeSource[] = {
    {"sources", 1, KP_MSG, KP_LIST, &m_core_v1_VolumeProjection},
    {"defaultMode", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ProjectedVolumeSource = {
    "ProjectedVolumeSource", f_core_v1_ProjectedVolumeSource,
    KP_N(f_core_v1_ProjectedVolumeSource)};
static const struct kp_field f_core_v1_PortworxVolumeSource[] = {
    {"volumeID", 1, KP_STR, 0, NULL},
    {"fsType", 2, KP_STR, KP_OMIT, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PortworxVolumeSource = {
    "PortworxVolumeSource", f_core_v1_PortworxVolumeSource, KP_N(f_core_v1_PortworxVolumeSource)};
static const struct kp_field f_core_v1_ScaleIOVolumeSource[] = {
    {"gateway", 1, KP_STR, 0, NULL},
    {"system", 2, KP_STR, 0, NULL},
    {"secretRef", 3, KP_MSG, KP_PTR, &m_core_v1_LocalObjectReference},
    {"sslEnabled", 4, KP_BOOL, KP_OMIT, NULL},
    {"protectionDomain", 5, KP_STR, KP_OMIT, NULL},
    {"storagePool", 6, KP_STR, KP_OMIT, NULL},
    {"storageMode", 7, KP_STR, KP_OMIT, NULL},
    {"volumeName", 8, KP_STR, KP_OMIT, NULL},
    {"fsType", 9, KP_STR, KP_OMIT, NULL},
    {"readOnly", 10, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ScaleIOVolumeSource = {
    "ScaleIOVolumeSource", f_core_v1_ScaleIOVolumeSource, KP_N(f_core_v1_ScaleIOVolumeSource)};
static const struct kp_field f_core_v1_StorageOSVolumeSource[] = {
    {"volumeName", 1, KP_STR, KP_OMIT, NULL},
    {"volumeNamespace", 2, KP_STR, KP_OMIT, NULL},
    {"fsType", 3, KP_STR, KP_OMIT, NULL},
    {"readOnly", 4, KP_BOOL, KP_OMIT, NULL},
    {"secretRef", 5, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
};
static const struct kp_msg m_core_v1_StorageOSVolumeSource = {
    "StorageOSVolumeSource", f_core_v1_StorageOSVolumeSource,
    KP_N(f_core_v1_StorageOSVolumeSource)};
static const struct kp_field f_core_v1_CSIVolumeSource[] = {
    {"driver", 1, KP_STR, 0, NULL},
    {"readOnly", 2, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"fsType", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"volumeAttributes", 4, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"nodePublishSecretRef", 5, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LocalObjectReference},
};
static const struct kp_msg m_core_v1_CSIVolumeSource = {
    "CSIVolumeSource", f_core_v1_CSIVolumeSource, KP_N(f_core_v1_CSIVolumeSource)};
static const struct kp_field f_core_v1_VolumeResourceRequirements[] = {
    {"limits", 1, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"requests", 2, KP_QTY, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_VolumeResourceRequirements = {
    "VolumeResourceRequirements", f_core_v1_VolumeResourceRequirements,
    KP_N(f_core_v1_VolumeResourceRequirements)};
static const struct kp_field f_core_v1_TypedLocalObjectReference[] = {
    {"apiGroup", 1, KP_STR, KP_PTR, NULL},
    {"kind", 2, KP_STR, 0, NULL},
    {"name", 3, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_TypedLocalObjectReference = {
    "TypedLocalObjectReference", f_core_v1_TypedLocalObjectReference,
    KP_N(f_core_v1_TypedLocalObjectReference)};
static const struct kp_field f_core_v1_TypedObjectReference[] = {
    {"apiGroup", 1, KP_STR, KP_PTR, NULL},
    {"kind", 2, KP_STR, 0, NULL},
    {"name", 3, KP_STR, 0, NULL},
    {"namespace", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_TypedObjectReference = {
    "TypedObjectReference", f_core_v1_TypedObjectReference, KP_N(f_core_v1_TypedObjectReference)};
static const struct kp_field f_core_v1_PersistentVolumeClaimSpec[] = {
    {"accessModes", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"selector", 4, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"resources", 2, KP_MSG, KP_OMIT, &m_core_v1_VolumeResourceRequirements},
    {"volumeName", 3, KP_STR, KP_OMIT, NULL},
    {"storageClassName", 5, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"volumeMode", 6, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"dataSource", 7, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_TypedLocalObjectReference},
    {"dataSourceRef", 8, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_TypedObjectReference},
    {"volumeAttributesClassName", 9, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PersistentVolumeClaimSpec = {
    "PersistentVolumeClaimSpec", f_core_v1_PersistentVolumeClaimSpec,
    KP_N(f_core_v1_PersistentVolumeClaimSpec)};
static const struct kp_field f_core_v1_PersistentVolumeClaimTemplate[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_core_v1_PersistentVolumeClaimSpec},
};
static const struct kp_msg m_core_v1_PersistentVolumeClaimTemplate = {
    "PersistentVolumeClaimTemplate", f_core_v1_PersistentVolumeClaimTemplate,
    KP_N(f_core_v1_PersistentVolumeClaimTemplate)};
static const struct kp_field f_core_v1_EphemeralVolumeSource[] = {
    {"volumeClaimTemplate", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PersistentVolumeClaimTemplate},
};
static const struct kp_msg m_core_v1_EphemeralVolumeSource = {
    "EphemeralVolumeSource", f_core_v1_EphemeralVolumeSource,
    KP_N(f_core_v1_EphemeralVolumeSource)};
static const struct kp_field f_core_v1_ImageVolumeSource[] = {
    {"reference", 1, KP_STR, KP_OMIT, NULL},
    {"pullPolicy", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ImageVolumeSource = {
    "ImageVolumeSource", f_core_v1_ImageVolumeSource, KP_N(f_core_v1_ImageVolumeSource)};
static const struct kp_field f_core_v1_VolumeSource[] = {
    {"hostPath", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_HostPathVolumeSource},
    {"emptyDir", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_EmptyDirVolumeSource},
    {"gcePersistentDisk", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_GCEPersistentDiskVolumeSource},
    {"awsElasticBlockStore", 4, KP_MSG, KP_PTR | KP_OMIT,
     &m_core_v1_AWSElasticBlockStoreVolumeSource},
    {"gitRepo", 5, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_GitRepoVolumeSource},
    {"secret", 6, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SecretVolumeSource},
    {"nfs", 7, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NFSVolumeSource},
    {"iscsi", 8, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ISCSIVolumeSource},
    {"glusterfs", 9, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_GlusterfsVolumeSource},
    {"persistentVolumeClaim", 10, KP_MSG, KP_PTR | KP_OMIT,
     &m_core_v1_PersistentVolumeClaimVolumeSource},
    {"rbd", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_RBDVolumeSource},
    {"flexVolume", 12, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_FlexVolumeSource},
    {"cinder", 13, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_CinderVolumeSource},
    {"cephfs", 14, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_CephFSVolumeSource},
    {"flocker", 15, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_FlockerVolumeSource},
    {"downwardAPI", 16, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_DownwardAPIVolumeSource},
    {"fc", 17, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_FCVolumeSource},
    {"azureFile", 18, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_AzureFileVolumeSource},
    {"configMap", 19, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ConfigMapVolumeSource},
    {"vsphereVolume", 20, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_VsphereVirtualDiskVolumeSource},
    {"quobyte", 21, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_QuobyteVolumeSource},
    {"azureDisk", 22, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_AzureDiskVolumeSource},
    {"photonPersistentDisk", 23, KP_MSG, KP_PTR | KP_OMIT,
     &m_core_v1_PhotonPersistentDiskVolumeSource},
    {"projected", 26, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ProjectedVolumeSource},
    {"portworxVolume", 24, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PortworxVolumeSource},
    {"scaleIO", 25, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ScaleIOVolumeSource},
    {"storageos", 27, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_StorageOSVolumeSource},
    {"csi", 28, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_CSIVolumeSource},
    {"ephemeral", 29, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_EphemeralVolumeSource},
    {"image", 30, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ImageVolumeSource},
};
static const struct kp_msg m_core_v1_VolumeSource = {"VolumeSource", f_core_v1_VolumeSource,
						     KP_N(f_core_v1_VolumeSource)};
static const struct kp_field f_core_v1_Volume[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"", 2, KP_MSG, KP_INLINE, &m_core_v1_VolumeSource},
};
static const struct kp_msg m_core_v1_Volume = {"Volume", f_core_v1_Volume, KP_N(f_core_v1_Volume)};
static const struct kp_field f_core_v1_ContainerPort[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},	   {"hostPort", 2, KP_I32, KP_OMIT, NULL},
    {"containerPort", 3, KP_I32, 0, NULL}, {"protocol", 4, KP_STR, KP_OMIT, NULL},
    {"hostIP", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ContainerPort = {"ContainerPort", f_core_v1_ContainerPort,
						      KP_N(f_core_v1_ContainerPort)};
static const struct kp_field f_core_v1_ConfigMapEnvSource[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"optional", 2, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ConfigMapEnvSource = {
    "ConfigMapEnvSource", f_core_v1_ConfigMapEnvSource, KP_N(f_core_v1_ConfigMapEnvSource)};
static const struct kp_field f_core_v1_SecretEnvSource[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"optional", 2, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_SecretEnvSource = {
    "SecretEnvSource", f_core_v1_SecretEnvSource, KP_N(f_core_v1_SecretEnvSource)};
static const struct kp_field f_core_v1_EnvFromSource[] = {
    {"prefix", 1, KP_STR, KP_OMIT, NULL},
    {"configMapRef", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ConfigMapEnvSource},
    {"secretRef", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SecretEnvSource},
};
static const struct kp_msg m_core_v1_EnvFromSource = {"EnvFromSource", f_core_v1_EnvFromSource,
						      KP_N(f_core_v1_EnvFromSource)};
static const struct kp_field f_core_v1_ConfigMapKeySelector[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"key", 2, KP_STR, 0, NULL},
    {"optional", 3, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ConfigMapKeySelector = {
    "ConfigMapKeySelector", f_core_v1_ConfigMapKeySelector, KP_N(f_core_v1_ConfigMapKeySelector)};
static const struct kp_field f_core_v1_SecretKeySelector[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_LocalObjectReference},
    {"key", 2, KP_STR, 0, NULL},
    {"optional", 3, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_SecretKeySelector = {
    "SecretKeySelector", f_core_v1_SecretKeySelector, KP_N(f_core_v1_SecretKeySelector)};
static const struct kp_field f_core_v1_EnvVarSource[] = {
    {"fieldRef", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ObjectFieldSelector},
    {"resourceFieldRef", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ResourceFieldSelector},
    {"configMapKeyRef", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ConfigMapKeySelector},
    {"secretKeyRef", 4, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SecretKeySelector},
};
static const struct kp_msg m_core_v1_EnvVarSource = {"EnvVarSource", f_core_v1_EnvVarSource,
						     KP_N(f_core_v1_EnvVarSource)};
static const struct kp_field f_core_v1_EnvVar[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"value", 2, KP_STR, KP_OMIT, NULL},
    {"valueFrom", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_EnvVarSource},
};
static const struct kp_msg m_core_v1_EnvVar = {"EnvVar", f_core_v1_EnvVar, KP_N(f_core_v1_EnvVar)};
static const struct kp_field f_core_v1_ResourceClaim[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"request", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ResourceClaim = {"ResourceClaim", f_core_v1_ResourceClaim,
						      KP_N(f_core_v1_ResourceClaim)};
static const struct kp_field f_core_v1_ResourceRequirements[] = {
    {"limits", 1, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"requests", 2, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"claims", 3, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ResourceClaim},
};
static const struct kp_msg m_core_v1_ResourceRequirements = {
    "ResourceRequirements", f_core_v1_ResourceRequirements, KP_N(f_core_v1_ResourceRequirements)};
static const struct kp_field f_core_v1_ContainerResizePolicy[] = {
    {"resourceName", 1, KP_STR, 0, NULL},
    {"restartPolicy", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_ContainerResizePolicy = {
    "ContainerResizePolicy", f_core_v1_ContainerResizePolicy,
    KP_N(f_core_v1_ContainerResizePolicy)};
static const struct kp_field f_core_v1_VolumeMount[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"readOnly", 2, KP_BOOL, KP_OMIT, NULL},
    {"recursiveReadOnly", 7, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"mountPath", 3, KP_STR, 0, NULL},
    {"subPath", 4, KP_STR, KP_OMIT, NULL},
    {"mountPropagation", 5, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"subPathExpr", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_VolumeMount = {"VolumeMount", f_core_v1_VolumeMount,
						    KP_N(f_core_v1_VolumeMount)};
static const struct kp_field f_core_v1_VolumeDevice[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"devicePath", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_VolumeDevice = {"VolumeDevice", f_core_v1_VolumeDevice,
						     KP_N(f_core_v1_VolumeDevice)};
static const struct kp_field f_core_v1_ExecAction[] = {
    {"command", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ExecAction = {"ExecAction", f_core_v1_ExecAction,
						   KP_N(f_core_v1_ExecAction)};
static const struct kp_field f_core_v1_HTTPHeader[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"value", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_HTTPHeader = {"HTTPHeader", f_core_v1_HTTPHeader,
						   KP_N(f_core_v1_HTTPHeader)};
static const struct kp_field f_core_v1_HTTPGetAction[] = {
    {"path", 1, KP_STR, KP_OMIT, NULL},
    {"port", 2, KP_IOS, 0, NULL},
    {"host", 3, KP_STR, KP_OMIT, NULL},
    {"scheme", 4, KP_STR, KP_OMIT, NULL},
    {"httpHeaders", 5, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_HTTPHeader},
};
static const struct kp_msg m_core_v1_HTTPGetAction = {"HTTPGetAction", f_core_v1_HTTPGetAction,
						      KP_N(f_core_v1_HTTPGetAction)};
static const struct kp_field f_core_v1_TCPSocketAction[] = {
    {"port", 1, KP_IOS, 0, NULL},
    {"host", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_TCPSocketAction = {
    "TCPSocketAction", f_core_v1_TCPSocketAction, KP_N(f_core_v1_TCPSocketAction)};
static const struct kp_field f_core_v1_GRPCAction[] = {
    {"port", 1, KP_I32, 0, NULL},
    {"service", 2, KP_STR, KP_PTR, NULL},
};
static const struct kp_msg m_core_v1_GRPCAction = {"GRPCAction", f_core_v1_GRPCAction,
						   KP_N(f_core_v1_GRPCAction)};
static const struct kp_field f_core_v1_ProbeHandler[] = {
    {"exec", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ExecAction},
    {"httpGet", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_HTTPGetAction},
    {"tcpSocket", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_TCPSocketAction},
    {"grpc", 4, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_GRPCAction},
};
static const struct kp_msg m_core_v1_ProbeHandler = {"ProbeHandler", f_core_v1_ProbeHandler,
						     KP_N(f_core_v1_ProbeHandler)};
static const struct kp_field f_core_v1_Probe[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_ProbeHandler},
    {"initialDelaySeconds", 2, KP_I32, KP_OMIT, NULL},
    {"timeoutSeconds", 3, KP_I32, KP_OMIT, NULL},
    {"periodSeconds", 4, KP_I32, KP_OMIT, NULL},
    {"successThreshold", 5, KP_I32, KP_OMIT, NULL},
    {"failureThreshold", 6, KP_I32, KP_OMIT, NULL},
    {"terminationGracePeriodSeconds", 7, KP_I64, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Probe = {"Probe", f_core_v1_Probe, KP_N(f_core_v1_Probe)};
static const struct kp_field f_core_v1_SleepAction[] = {
    {"seconds", 1, KP_I64, 0, NULL},
};
static const struct kp_msg m_core_v1_SleepAction = {"SleepAction", f_core_v1_SleepAction,
						    KP_N(f_core_v1_SleepAction)};
static const struct kp_field f_core_v1_LifecycleHandler[] = {
    {"exec", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ExecAction},
    {"httpGet", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_HTTPGetAction},
    {"tcpSocket", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_TCPSocketAction},
    {"sleep", 4, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SleepAction},
};
static const struct kp_msg m_core_v1_LifecycleHandler = {
    "LifecycleHandler", f_core_v1_LifecycleHandler, KP_N(f_core_v1_LifecycleHandler)};
static const struct kp_field f_core_v1_Lifecycle[] = {
    {"postStart", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LifecycleHandler},
    {"preStop", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LifecycleHandler},
    {"stopSignal", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Lifecycle = {"Lifecycle", f_core_v1_Lifecycle,
						  KP_N(f_core_v1_Lifecycle)};
static const struct kp_field f_core_v1_Capabilities[] = {
    {"add", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"drop", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Capabilities = {"Capabilities", f_core_v1_Capabilities,
						     KP_N(f_core_v1_Capabilities)};
static const struct kp_field f_core_v1_SELinuxOptions[] = {
    {"user", 1, KP_STR, KP_OMIT, NULL},
    {"role", 2, KP_STR, KP_OMIT, NULL},
    {"type", 3, KP_STR, KP_OMIT, NULL},
    {"level", 4, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_SELinuxOptions = {"SELinuxOptions", f_core_v1_SELinuxOptions,
						       KP_N(f_core_v1_SELinuxOptions)};
static const struct kp_field f_core_v1_WindowsSecurityContextOptions[] = {
    {"gmsaCredentialSpecName", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"gmsaCredentialSpec", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"runAsUserName", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"hostProcess", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_WindowsSecurityContextOptions = {
    "WindowsSecurityContextOptions", f_core_v1_WindowsSecurityContextOptions,
    KP_N(f_core_v1_WindowsSecurityContextOptions)};
static const struct kp_field f_core_v1_SeccompProfile[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"localhostProfile", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_SeccompProfile = {"SeccompProfile", f_core_v1_SeccompProfile,
						       KP_N(f_core_v1_SeccompProfile)};
static const struct kp_field f_core_v1_AppArmorProfile[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"localhostProfile", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_AppArmorProfile = {
    "AppArmorProfile", f_core_v1_AppArmorProfile, KP_N(f_core_v1_AppArmorProfile)};
static const struct kp_field f_core_v1_SecurityContext[] = {
    {"capabilities", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Capabilities},
    {"privileged", 2, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"seLinuxOptions", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SELinuxOptions},
    {"windowsOptions", 10, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_WindowsSecurityContextOptions},
    {"runAsUser", 4, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"runAsGroup", 8, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"runAsNonRoot", 5, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"readOnlyRootFilesystem", 6, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"allowPrivilegeEscalation", 7, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"procMount", 9, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"seccompProfile", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SeccompProfile},
    {"appArmorProfile", 12, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_AppArmorProfile},
};
static const struct kp_msg m_core_v1_SecurityContext = {
    "SecurityContext", f_core_v1_SecurityContext, KP_N(f_core_v1_SecurityContext)};
static const struct kp_field f_core_v1_Container[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"image", 2, KP_STR, KP_OMIT, NULL},
    {"command", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"args", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"workingDir", 5, KP_STR, KP_OMIT, NULL},
    {"ports", 6, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerPort},
    {"envFrom", 19, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EnvFromSource},
    {"env", 7, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EnvVar},
    {"resources", 8, KP_MSG, KP_OMIT, &m_core_v1_ResourceRequirements},
    {"resizePolicy", 23, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerResizePolicy},
    {"restartPolicy", 24, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"volumeMounts", 9, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_VolumeMount},
    {"volumeDevices", 21, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_VolumeDevice},
    {"livenessProbe", 10, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Probe},
    {"readinessProbe", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Probe},
    {"startupProbe", 22, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Probe},
    {"lifecycle", 12, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Lifecycle},
    {"terminationMessagePath", 13, KP_STR, KP_OMIT, NULL},
    {"terminationMessagePolicy", 20, KP_STR, KP_OMIT, NULL},
    {"imagePullPolicy", 14, KP_STR, KP_OMIT, NULL},
    {"securityContext", 15, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SecurityContext},
    {"stdin", 16, KP_BOOL, KP_OMIT, NULL},
    {"stdinOnce", 17, KP_BOOL, KP_OMIT, NULL},
    {"tty", 18, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Container = {"Container", f_core_v1_Container,
						  KP_N(f_core_v1_Container)};
static const struct kp_field f_core_v1_EphemeralContainerCommon[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"image", 2, KP_STR, KP_OMIT, NULL},
    {"command", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"args", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"workingDir", 5, KP_STR, KP_OMIT, NULL},
    {"ports", 6, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerPort},
    {"envFrom", 19, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EnvFromSource},
    {"env", 7, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EnvVar},
    {"resources", 8, KP_MSG, KP_OMIT, &m_core_v1_ResourceRequirements},
    {"resizePolicy", 23, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerResizePolicy},
    {"restartPolicy", 24, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"volumeMounts", 9, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_VolumeMount},
    {"volumeDevices", 21, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_VolumeDevice},
    {"livenessProbe", 10, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Probe},
    {"readinessProbe", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Probe},
    {"startupProbe", 22, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Probe},
    {"lifecycle", 12, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Lifecycle},
    {"terminationMessagePath", 13, KP_STR, KP_OMIT, NULL},
    {"terminationMessagePolicy", 20, KP_STR, KP_OMIT, NULL},
    {"imagePullPolicy", 14, KP_STR, KP_OMIT, NULL},
    {"securityContext", 15, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SecurityContext},
    {"stdin", 16, KP_BOOL, KP_OMIT, NULL},
    {"stdinOnce", 17, KP_BOOL, KP_OMIT, NULL},
    {"tty", 18, KP_BOOL, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_EphemeralContainerCommon = {
    "EphemeralContainerCommon", f_core_v1_EphemeralContainerCommon,
    KP_N(f_core_v1_EphemeralContainerCommon)};
static const struct kp_field f_core_v1_EphemeralContainer[] = {
    {"", 1, KP_MSG, KP_INLINE, &m_core_v1_EphemeralContainerCommon},
    {"targetContainerName", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_EphemeralContainer = {
    "EphemeralContainer", f_core_v1_EphemeralContainer, KP_N(f_core_v1_EphemeralContainer)};
static const struct kp_field f_core_v1_Sysctl[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"value", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_Sysctl = {"Sysctl", f_core_v1_Sysctl, KP_N(f_core_v1_Sysctl)};
static const struct kp_field f_core_v1_PodSecurityContext[] = {
    {"seLinuxOptions", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SELinuxOptions},
    {"windowsOptions", 8, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_WindowsSecurityContextOptions},
    {"runAsUser", 2, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"runAsGroup", 6, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"runAsNonRoot", 3, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"supplementalGroups", 4, KP_I64, KP_LIST | KP_OMIT, NULL},
    {"supplementalGroupsPolicy", 12, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"fsGroup", 5, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"sysctls", 7, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_Sysctl},
    {"fsGroupChangePolicy", 9, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"seccompProfile", 10, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_SeccompProfile},
    {"appArmorProfile", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_AppArmorProfile},
    {"seLinuxChangePolicy", 13, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PodSecurityContext = {
    "PodSecurityContext", f_core_v1_PodSecurityContext, KP_N(f_core_v1_PodSecurityContext)};
static const struct kp_field f_core_v1_NodeSelectorRequirement[] = {
    {"key", 1, KP_STR, 0, NULL},
    {"operator", 2, KP_STR, 0, NULL},
    {"values", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeSelectorRequirement = {
    "NodeSelectorRequirement", f_core_v1_NodeSelectorRequirement,
    KP_N(f_core_v1_NodeSelectorRequirement)};
static const struct kp_field f_core_v1_NodeSelectorTerm[] = {
    {"matchExpressions", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_NodeSelectorRequirement},
    {"matchFields", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_NodeSelectorRequirement},
};
static const struct kp_msg m_core_v1_NodeSelectorTerm = {
    "NodeSelectorTerm", f_core_v1_NodeSelectorTerm, KP_N(f_core_v1_NodeSelectorTerm)};
static const struct kp_field f_core_v1_NodeSelector[] = {
    {"nodeSelectorTerms", 1, KP_MSG, KP_LIST, &m_core_v1_NodeSelectorTerm},
};
static const struct kp_msg m_core_v1_NodeSelector = {"NodeSelector", f_core_v1_NodeSelector,
						     KP_N(f_core_v1_NodeSelector)};
static const struct kp_field f_core_v1_PreferredSchedulingTerm[] = {
    {"weight", 1, KP_I32, 0, NULL},
    {"preference", 2, KP_MSG, 0, &m_core_v1_NodeSelectorTerm},
};
static const struct kp_msg m_core_v1_PreferredSchedulingTerm = {
    "PreferredSchedulingTerm", f_core_v1_PreferredSchedulingTerm,
    KP_N(f_core_v1_PreferredSchedulingTerm)};
static const struct kp_field f_core_v1_NodeAffinity[] = {
    {"requiredDuringSchedulingIgnoredDuringExecution", 1, KP_MSG, KP_PTR | KP_OMIT,
     &m_core_v1_NodeSelector},
    {"preferredDuringSchedulingIgnoredDuringExecution", 2, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_PreferredSchedulingTerm},
};
static const struct kp_msg m_core_v1_NodeAffinity = {"NodeAffinity", f_core_v1_NodeAffinity,
						     KP_N(f_core_v1_NodeAffinity)};
static const struct kp_field f_core_v1_PodAffinityTerm[] = {
    {"labelSelector", 1, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"namespaces", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"topologyKey", 3, KP_STR, 0, NULL},
    {"namespaceSelector", 4, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"matchLabelKeys", 5, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"mismatchLabelKeys", 6, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PodAffinityTerm = {
    "PodAffinityTerm", f_core_v1_PodAffinityTerm, KP_N(f_core_v1_PodAffinityTerm)};
static const struct kp_field f_core_v1_WeightedPodAffinityTerm[] = {
    {"weight", 1, KP_I32, 0, NULL},
    {"podAffinityTerm", 2, KP_MSG, 0, &m_core_v1_PodAffinityTerm},
};
static const struct kp_msg m_core_v1_WeightedPodAffinityTerm = {
    "WeightedPodAffinityTerm", f_core_v1_WeightedPodAffinityTerm,
    KP_N(f_core_v1_WeightedPodAffinityTerm)};
static const struct kp_field f_core_v1_PodAffinity[] = {
    {"requiredDuringSchedulingIgnoredDuringExecution", 1, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_PodAffinityTerm},
    {"preferredDuringSchedulingIgnoredDuringExecution", 2, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_WeightedPodAffinityTerm},
};
static const struct kp_msg m_core_v1_PodAffinity = {"PodAffinity", f_core_v1_PodAffinity,
						    KP_N(f_core_v1_PodAffinity)};
static const struct kp_field f_core_v1_PodAntiAffinity[] = {
    {"requiredDuringSchedulingIgnoredDuringExecution", 1, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_PodAffinityTerm},
    {"preferredDuringSchedulingIgnoredDuringExecution", 2, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_WeightedPodAffinityTerm},
};
static const struct kp_msg m_core_v1_PodAntiAffinity = {
    "PodAntiAffinity", f_core_v1_PodAntiAffinity, KP_N(f_core_v1_PodAntiAffinity)};
static const struct kp_field f_core_v1_Affinity[] = {
    {"nodeAffinity", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeAffinity},
    {"podAffinity", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PodAffinity},
    {"podAntiAffinity", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PodAntiAffinity},
};
static const struct kp_msg m_core_v1_Affinity = {"Affinity", f_core_v1_Affinity,
						 KP_N(f_core_v1_Affinity)};
static const struct kp_field f_core_v1_Toleration[] = {
    {"key", 1, KP_STR, KP_OMIT, NULL},
    {"operator", 2, KP_STR, KP_OMIT, NULL},
    {"value", 3, KP_STR, KP_OMIT, NULL},
    {"effect", 4, KP_STR, KP_OMIT, NULL},
    {"tolerationSeconds", 5, KP_I64, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Toleration = {"Toleration", f_core_v1_Toleration,
						   KP_N(f_core_v1_Toleration)};
static const struct kp_field f_core_v1_HostAlias[] = {
    {"ip", 1, KP_STR, 0, NULL},
    {"hostnames", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_HostAlias = {"HostAlias", f_core_v1_HostAlias,
						  KP_N(f_core_v1_HostAlias)};
static const struct kp_field f_core_v1_PodDNSConfigOption[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
    {"value", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PodDNSConfigOption = {
    "PodDNSConfigOption", f_core_v1_PodDNSConfigOption, KP_N(f_core_v1_PodDNSConfigOption)};
static const struct kp_field f_core_v1_PodDNSConfig[] = {
    {"nameservers", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"searches", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"options", 3, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodDNSConfigOption},
};
static const struct kp_msg m_core_v1_PodDNSConfig = {"PodDNSConfig", f_core_v1_PodDNSConfig,
						     KP_N(f_core_v1_PodDNSConfig)};
static const struct kp_field f_core_v1_PodReadinessGate[] = {
    {"conditionType", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_PodReadinessGate = {
    "PodReadinessGate", f_core_v1_PodReadinessGate, KP_N(f_core_v1_PodReadinessGate)};
static const struct kp_field f_core_v1_TopologySpreadConstraint[] = {
    {"maxSkew", 1, KP_I32, 0, NULL},
    {"topologyKey", 2, KP_STR, 0, NULL},
    {"whenUnsatisfiable", 3, KP_STR, 0, NULL},
    {"labelSelector", 4, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"minDomains", 5, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"nodeAffinityPolicy", 6, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"nodeTaintsPolicy", 7, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"matchLabelKeys", 8, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_TopologySpreadConstraint = {
    "TopologySpreadConstraint", f_core_v1_TopologySpreadConstraint,
    KP_N(f_core_v1_TopologySpreadConstraint)};
static const struct kp_field f_core_v1_PodOS[] = {
    {"name", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_PodOS = {"PodOS", f_core_v1_PodOS, KP_N(f_core_v1_PodOS)};
static const struct kp_field f_core_v1_PodSchedulingGate[] = {
    {"name", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_PodSchedulingGate = {
    "PodSchedulingGate", f_core_v1_PodSchedulingGate, KP_N(f_core_v1_PodSchedulingGate)};
static const struct kp_field f_core_v1_PodResourceClaim[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"resourceClaimName", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"resourceClaimTemplateName", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PodResourceClaim = {
    "PodResourceClaim", f_core_v1_PodResourceClaim, KP_N(f_core_v1_PodResourceClaim)};
static const struct kp_field f_core_v1_PodSpec[] = {
    {"volumes", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_Volume},
    {"initContainers", 20, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_Container},
    {"containers", 2, KP_MSG, KP_LIST, &m_core_v1_Container},
    {"ephemeralContainers", 34, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EphemeralContainer},
    {"restartPolicy", 3, KP_STR, KP_OMIT, NULL},
    {"terminationGracePeriodSeconds", 4, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"activeDeadlineSeconds", 5, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"dnsPolicy", 6, KP_STR, KP_OMIT, NULL},
    {"nodeSelector", 7, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"serviceAccountName", 8, KP_STR, KP_OMIT, NULL},
    {"serviceAccount", 9, KP_STR, KP_OMIT, NULL},
    {"automountServiceAccountToken", 21, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"nodeName", 10, KP_STR, KP_OMIT, NULL},
    {"hostNetwork", 11, KP_BOOL, KP_OMIT, NULL},
    {"hostPID", 12, KP_BOOL, KP_OMIT, NULL},
    {"hostIPC", 13, KP_BOOL, KP_OMIT, NULL},
    {"shareProcessNamespace", 27, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"securityContext", 14, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PodSecurityContext},
    {"imagePullSecrets", 15, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_LocalObjectReference},
    {"hostname", 16, KP_STR, KP_OMIT, NULL},
    {"subdomain", 17, KP_STR, KP_OMIT, NULL},
    {"affinity", 18, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_Affinity},
    {"schedulerName", 19, KP_STR, KP_OMIT, NULL},
    {"tolerations", 22, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_Toleration},
    {"hostAliases", 23, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_HostAlias},
    {"priorityClassName", 24, KP_STR, KP_OMIT, NULL},
    {"priority", 25, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"dnsConfig", 26, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PodDNSConfig},
    {"readinessGates", 28, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodReadinessGate},
    {"runtimeClassName", 29, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"enableServiceLinks", 30, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"preemptionPolicy", 31, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"overhead", 32, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"topologySpreadConstraints", 33, KP_MSG, KP_LIST | KP_OMIT,
     &m_core_v1_TopologySpreadConstraint},
    {"setHostnameAsFQDN", 35, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"os", 36, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PodOS},
    {"hostUsers", 37, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"schedulingGates", 38, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodSchedulingGate},
    {"resourceClaims", 39, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodResourceClaim},
    {"resources", 40, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ResourceRequirements},
};
static const struct kp_msg m_core_v1_PodSpec = {"PodSpec", f_core_v1_PodSpec,
						KP_N(f_core_v1_PodSpec)};
static const struct kp_field f_core_v1_PodCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"observedGeneration", 7, KP_I64, KP_OMIT, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastProbeTime", 3, KP_TIME, KP_OMIT, NULL},
    {"lastTransitionTime", 4, KP_TIME, KP_OMIT, NULL},
    {"reason", 5, KP_STR, KP_OMIT, NULL},
    {"message", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PodCondition = {"PodCondition", f_core_v1_PodCondition,
						     KP_N(f_core_v1_PodCondition)};
static const struct kp_field f_core_v1_HostIP[] = {
    {"ip", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_HostIP = {"HostIP", f_core_v1_HostIP, KP_N(f_core_v1_HostIP)};
static const struct kp_field f_core_v1_PodIP[] = {
    {"ip", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_PodIP = {"PodIP", f_core_v1_PodIP, KP_N(f_core_v1_PodIP)};
static const struct kp_field f_core_v1_ContainerStateWaiting[] = {
    {"reason", 1, KP_STR, KP_OMIT, NULL},
    {"message", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ContainerStateWaiting = {
    "ContainerStateWaiting", f_core_v1_ContainerStateWaiting,
    KP_N(f_core_v1_ContainerStateWaiting)};
static const struct kp_field f_core_v1_ContainerStateRunning[] = {
    {"startedAt", 1, KP_TIME, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ContainerStateRunning = {
    "ContainerStateRunning", f_core_v1_ContainerStateRunning,
    KP_N(f_core_v1_ContainerStateRunning)};
static const struct kp_field f_core_v1_ContainerStateTerminated[] = {
    {"exitCode", 1, KP_I32, 0, NULL},	       {"signal", 2, KP_I32, KP_OMIT, NULL},
    {"reason", 3, KP_STR, KP_OMIT, NULL},      {"message", 4, KP_STR, KP_OMIT, NULL},
    {"startedAt", 5, KP_TIME, KP_OMIT, NULL},  {"finishedAt", 6, KP_TIME, KP_OMIT, NULL},
    {"containerID", 7, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ContainerStateTerminated = {
    "ContainerStateTerminated", f_core_v1_ContainerStateTerminated,
    KP_N(f_core_v1_ContainerStateTerminated)};
static const struct kp_field f_core_v1_ContainerState[] = {
    {"waiting", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ContainerStateWaiting},
    {"running", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ContainerStateRunning},
    {"terminated", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ContainerStateTerminated},
};
static const struct kp_msg m_core_v1_ContainerState = {"ContainerState", f_core_v1_ContainerState,
						       KP_N(f_core_v1_ContainerState)};
static const struct kp_field f_core_v1_VolumeMountStatus[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"mountPath", 2, KP_STR, 0, NULL},
    {"readOnly", 3, KP_BOOL, KP_OMIT, NULL},
    {"recursiveReadOnly", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_VolumeMountStatus = {
    "VolumeMountStatus", f_core_v1_VolumeMountStatus, KP_N(f_core_v1_VolumeMountStatus)};
static const struct kp_field f_core_v1_LinuxContainerUser[] = {
    {"uid", 1, KP_I64, 0, NULL},
    {"gid", 2, KP_I64, 0, NULL},
    {"supplementalGroups", 3, KP_I64, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_LinuxContainerUser = {
    "LinuxContainerUser", f_core_v1_LinuxContainerUser, KP_N(f_core_v1_LinuxContainerUser)};
static const struct kp_field f_core_v1_ContainerUser[] = {
    {"linux", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_LinuxContainerUser},
};
static const struct kp_msg m_core_v1_ContainerUser = {"ContainerUser", f_core_v1_ContainerUser,
						      KP_N(f_core_v1_ContainerUser)};
static const struct kp_field f_core_v1_ResourceHealth[] = {
    {"resourceID", 1, KP_STR, 0, NULL},
    {"health", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ResourceHealth = {"ResourceHealth", f_core_v1_ResourceHealth,
						       KP_N(f_core_v1_ResourceHealth)};
static const struct kp_field f_core_v1_ResourceStatus[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"resources", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ResourceHealth},
};
static const struct kp_msg m_core_v1_ResourceStatus = {"ResourceStatus", f_core_v1_ResourceStatus,
						       KP_N(f_core_v1_ResourceStatus)};
static const struct kp_field f_core_v1_ContainerStatus[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"state", 2, KP_MSG, KP_OMIT, &m_core_v1_ContainerState},
    {"lastState", 3, KP_MSG, KP_OMIT, &m_core_v1_ContainerState},
    {"ready", 4, KP_BOOL, 0, NULL},
    {"restartCount", 5, KP_I32, 0, NULL},
    {"image", 6, KP_STR, 0, NULL},
    {"imageID", 7, KP_STR, 0, NULL},
    {"containerID", 8, KP_STR, KP_OMIT, NULL},
    {"started", 9, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"allocatedResources", 10, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"resources", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ResourceRequirements},
    {"volumeMounts", 12, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_VolumeMountStatus},
    {"user", 13, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ContainerUser},
    {"allocatedResourcesStatus", 14, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ResourceStatus},
    {"stopSignal", 15, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ContainerStatus = {
    "ContainerStatus", f_core_v1_ContainerStatus, KP_N(f_core_v1_ContainerStatus)};
static const struct kp_field f_core_v1_PodResourceClaimStatus[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"resourceClaimName", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PodResourceClaimStatus = {
    "PodResourceClaimStatus", f_core_v1_PodResourceClaimStatus,
    KP_N(f_core_v1_PodResourceClaimStatus)};
static const struct kp_field f_core_v1_PodStatus[] = {
    {"observedGeneration", 17, KP_I64, KP_OMIT, NULL},
    {"phase", 1, KP_STR, KP_OMIT, NULL},
    {"conditions", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodCondition},
    {"message", 3, KP_STR, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"nominatedNodeName", 11, KP_STR, KP_OMIT, NULL},
    {"hostIP", 5, KP_STR, KP_OMIT, NULL},
    {"hostIPs", 16, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_HostIP},
    {"podIP", 6, KP_STR, KP_OMIT, NULL},
    {"podIPs", 12, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodIP},
    {"startTime", 7, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"initContainerStatuses", 10, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerStatus},
    {"containerStatuses", 8, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerStatus},
    {"qosClass", 9, KP_STR, KP_OMIT, NULL},
    {"ephemeralContainerStatuses", 13, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerStatus},
    {"resize", 14, KP_STR, KP_OMIT, NULL},
    {"resourceClaimStatuses", 15, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PodResourceClaimStatus},
};
static const struct kp_msg m_core_v1_PodStatus = {"PodStatus", f_core_v1_PodStatus,
						  KP_N(f_core_v1_PodStatus)};
static const struct kp_field f_core_v1_Pod[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_PodSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_PodStatus},
};
static const struct kp_msg m_core_v1_Pod = {"Pod", f_core_v1_Pod, KP_N(f_core_v1_Pod)};
static const struct kp_field f_core_v1_Taint[] = {
    {"key", 1, KP_STR, 0, NULL},
    {"value", 2, KP_STR, KP_OMIT, NULL},
    {"effect", 3, KP_STR, 0, NULL},
    {"timeAdded", 4, KP_TIME, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_Taint = {"Taint", f_core_v1_Taint, KP_N(f_core_v1_Taint)};
static const struct kp_field f_core_v1_ConfigMapNodeConfigSource[] = {
    {"namespace", 1, KP_STR, 0, NULL},	      {"name", 2, KP_STR, 0, NULL},
    {"uid", 3, KP_STR, KP_OMIT, NULL},	      {"resourceVersion", 4, KP_STR, KP_OMIT, NULL},
    {"kubeletConfigKey", 5, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_ConfigMapNodeConfigSource = {
    "ConfigMapNodeConfigSource", f_core_v1_ConfigMapNodeConfigSource,
    KP_N(f_core_v1_ConfigMapNodeConfigSource)};
static const struct kp_field f_core_v1_NodeConfigSource[] = {
    {"configMap", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ConfigMapNodeConfigSource},
};
static const struct kp_msg m_core_v1_NodeConfigSource = {
    "NodeConfigSource", f_core_v1_NodeConfigSource, KP_N(f_core_v1_NodeConfigSource)};
static const struct kp_field f_core_v1_NodeSpec[] = {
    {"podCIDR", 1, KP_STR, KP_OMIT, NULL},
    {"podCIDRs", 7, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"providerID", 3, KP_STR, KP_OMIT, NULL},
    {"unschedulable", 4, KP_BOOL, KP_OMIT, NULL},
    {"taints", 5, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_Taint},
    {"configSource", 6, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeConfigSource},
    {"externalID", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeSpec = {"NodeSpec", f_core_v1_NodeSpec,
						 KP_N(f_core_v1_NodeSpec)};
static const struct kp_field f_core_v1_NodeCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastHeartbeatTime", 3, KP_TIME, KP_OMIT, NULL},
    {"lastTransitionTime", 4, KP_TIME, KP_OMIT, NULL},
    {"reason", 5, KP_STR, KP_OMIT, NULL},
    {"message", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeCondition = {"NodeCondition", f_core_v1_NodeCondition,
						      KP_N(f_core_v1_NodeCondition)};
static const struct kp_field f_core_v1_NodeAddress[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"address", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_NodeAddress = {"NodeAddress", f_core_v1_NodeAddress,
						    KP_N(f_core_v1_NodeAddress)};
static const struct kp_field f_core_v1_DaemonEndpoint[] = {
    {"Port", 1, KP_I32, 0, NULL},
};
static const struct kp_msg m_core_v1_DaemonEndpoint = {"DaemonEndpoint", f_core_v1_DaemonEndpoint,
						       KP_N(f_core_v1_DaemonEndpoint)};
static const struct kp_field f_core_v1_NodeDaemonEndpoints[] = {
    {"kubeletEndpoint", 1, KP_MSG, KP_OMIT, &m_core_v1_DaemonEndpoint},
};
static const struct kp_msg m_core_v1_NodeDaemonEndpoints = {
    "NodeDaemonEndpoints", f_core_v1_NodeDaemonEndpoints, KP_N(f_core_v1_NodeDaemonEndpoints)};
static const struct kp_field f_core_v1_NodeSwapStatus[] = {
    {"capacity", 1, KP_I64, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeSwapStatus = {"NodeSwapStatus", f_core_v1_NodeSwapStatus,
						       KP_N(f_core_v1_NodeSwapStatus)};
static const struct kp_field f_core_v1_NodeSystemInfo[] = {
    {"machineID", 1, KP_STR, 0, NULL},
    {"systemUUID", 2, KP_STR, 0, NULL},
    {"bootID", 3, KP_STR, 0, NULL},
    {"kernelVersion", 4, KP_STR, 0, NULL},
    {"osImage", 5, KP_STR, 0, NULL},
    {"containerRuntimeVersion", 6, KP_STR, 0, NULL},
    {"kubeletVersion", 7, KP_STR, 0, NULL},
    {"kubeProxyVersion", 8, KP_STR, 0, NULL},
    {"operatingSystem", 9, KP_STR, 0, NULL},
    {"architecture", 10, KP_STR, 0, NULL},
    {"swap", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeSwapStatus},
};
static const struct kp_msg m_core_v1_NodeSystemInfo = {"NodeSystemInfo", f_core_v1_NodeSystemInfo,
						       KP_N(f_core_v1_NodeSystemInfo)};
static const struct kp_field f_core_v1_ContainerImage[] = {
    {"names", 1, KP_STR, KP_LIST, NULL},
    {"sizeBytes", 2, KP_I64, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ContainerImage = {"ContainerImage", f_core_v1_ContainerImage,
						       KP_N(f_core_v1_ContainerImage)};
static const struct kp_field f_core_v1_AttachedVolume[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"devicePath", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_AttachedVolume = {"AttachedVolume", f_core_v1_AttachedVolume,
						       KP_N(f_core_v1_AttachedVolume)};
static const struct kp_field f_core_v1_NodeConfigStatus[] = {
    {"assigned", 1, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeConfigSource},
    {"active", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeConfigSource},
    {"lastKnownGood", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeConfigSource},
    {"error", 4, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeConfigStatus = {
    "NodeConfigStatus", f_core_v1_NodeConfigStatus, KP_N(f_core_v1_NodeConfigStatus)};
static const struct kp_field f_core_v1_NodeRuntimeHandlerFeatures[] = {
    {"recursiveReadOnlyMounts", 1, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"userNamespaces", 2, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeRuntimeHandlerFeatures = {
    "NodeRuntimeHandlerFeatures", f_core_v1_NodeRuntimeHandlerFeatures,
    KP_N(f_core_v1_NodeRuntimeHandlerFeatures)};
static const struct kp_field f_core_v1_NodeRuntimeHandler[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"features", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeRuntimeHandlerFeatures},
};
static const struct kp_msg m_core_v1_NodeRuntimeHandler = {
    "NodeRuntimeHandler", f_core_v1_NodeRuntimeHandler, KP_N(f_core_v1_NodeRuntimeHandler)};
static const struct kp_field f_core_v1_NodeFeatures[] = {
    {"supplementalGroupsPolicy", 1, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_NodeFeatures = {"NodeFeatures", f_core_v1_NodeFeatures,
						     KP_N(f_core_v1_NodeFeatures)};
static const struct kp_field f_core_v1_NodeStatus[] = {
    {"capacity", 1, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"allocatable", 2, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"phase", 3, KP_STR, KP_OMIT, NULL},
    {"conditions", 4, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_NodeCondition},
    {"addresses", 5, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_NodeAddress},
    {"daemonEndpoints", 6, KP_MSG, KP_OMIT, &m_core_v1_NodeDaemonEndpoints},
    {"nodeInfo", 7, KP_MSG, KP_OMIT, &m_core_v1_NodeSystemInfo},
    {"images", 8, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ContainerImage},
    {"volumesInUse", 9, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"volumesAttached", 10, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_AttachedVolume},
    {"config", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeConfigStatus},
    {"runtimeHandlers", 12, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_NodeRuntimeHandler},
    {"features", 13, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_NodeFeatures},
};
static const struct kp_msg m_core_v1_NodeStatus = {"NodeStatus", f_core_v1_NodeStatus,
						   KP_N(f_core_v1_NodeStatus)};
static const struct kp_field f_core_v1_Node[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_NodeSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_NodeStatus},
};
static const struct kp_msg m_core_v1_Node = {"Node", f_core_v1_Node, KP_N(f_core_v1_Node)};
static const struct kp_field f_core_v1_EndpointAddress[] = {
    {"ip", 1, KP_STR, 0, NULL},
    {"hostname", 3, KP_STR, KP_OMIT, NULL},
    {"nodeName", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"targetRef", 2, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ObjectReference},
};
static const struct kp_msg m_core_v1_EndpointAddress = {
    "EndpointAddress", f_core_v1_EndpointAddress, KP_N(f_core_v1_EndpointAddress)};
static const struct kp_field f_core_v1_EndpointPort[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
    {"port", 2, KP_I32, 0, NULL},
    {"protocol", 3, KP_STR, KP_OMIT, NULL},
    {"appProtocol", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_EndpointPort = {"EndpointPort", f_core_v1_EndpointPort,
						     KP_N(f_core_v1_EndpointPort)};
static const struct kp_field f_core_v1_EndpointSubset[] = {
    {"addresses", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EndpointAddress},
    {"notReadyAddresses", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EndpointAddress},
    {"ports", 3, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EndpointPort},
};
static const struct kp_msg m_core_v1_EndpointSubset = {"EndpointSubset", f_core_v1_EndpointSubset,
						       KP_N(f_core_v1_EndpointSubset)};
static const struct kp_field f_core_v1_Endpoints[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"subsets", 2, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_EndpointSubset},
};
static const struct kp_msg m_core_v1_Endpoints = {"Endpoints", f_core_v1_Endpoints,
						  KP_N(f_core_v1_Endpoints)};
static const struct kp_field f_core_v1_EventSource[] = {
    {"component", 1, KP_STR, KP_OMIT, NULL},
    {"host", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_EventSource = {"EventSource", f_core_v1_EventSource,
						    KP_N(f_core_v1_EventSource)};
static const struct kp_field f_core_v1_EventSeries[] = {
    {"count", 1, KP_I32, KP_OMIT, NULL},
    {"lastObservedTime", 2, KP_MTIME, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_EventSeries = {"EventSeries", f_core_v1_EventSeries,
						    KP_N(f_core_v1_EventSeries)};
static const struct kp_field f_core_v1_Event[] = {
    {"metadata", 1, KP_MSG, 0, &m_meta_v1_ObjectMeta},
    {"involvedObject", 2, KP_MSG, 0, &m_core_v1_ObjectReference},
    {"reason", 3, KP_STR, KP_OMIT, NULL},
    {"message", 4, KP_STR, KP_OMIT, NULL},
    {"source", 5, KP_MSG, KP_OMIT, &m_core_v1_EventSource},
    {"firstTimestamp", 6, KP_TIME, KP_OMIT, NULL},
    {"lastTimestamp", 7, KP_TIME, KP_OMIT, NULL},
    {"count", 8, KP_I32, KP_OMIT, NULL},
    {"type", 9, KP_STR, KP_OMIT, NULL},
    {"eventTime", 10, KP_MTIME, KP_OMIT, NULL},
    {"series", 11, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_EventSeries},
    {"action", 12, KP_STR, KP_OMIT, NULL},
    {"related", 13, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ObjectReference},
    {"reportingComponent", 14, KP_STR, 0, NULL},
    {"reportingInstance", 15, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_Event = {"Event", f_core_v1_Event, KP_N(f_core_v1_Event)};
static const struct kp_field f_core_v1_Binding[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"target", 2, KP_MSG, 0, &m_core_v1_ObjectReference},
};
static const struct kp_msg m_core_v1_Binding = {"Binding", f_core_v1_Binding,
						KP_N(f_core_v1_Binding)};
static const struct kp_field f_core_v1_PodTemplateSpec[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_PodSpec},
};
static const struct kp_msg m_core_v1_PodTemplateSpec = {
    "PodTemplateSpec", f_core_v1_PodTemplateSpec, KP_N(f_core_v1_PodTemplateSpec)};
static const struct kp_field f_core_v1_ReplicationControllerSpec[] = {
    {"replicas", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"minReadySeconds", 4, KP_I32, KP_OMIT, NULL},
    {"selector", 2, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"template", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_PodTemplateSpec},
};
static const struct kp_msg m_core_v1_ReplicationControllerSpec = {
    "ReplicationControllerSpec", f_core_v1_ReplicationControllerSpec,
    KP_N(f_core_v1_ReplicationControllerSpec)};
static const struct kp_field f_core_v1_ReplicationControllerCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastTransitionTime", 3, KP_TIME, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"message", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_ReplicationControllerCondition = {
    "ReplicationControllerCondition", f_core_v1_ReplicationControllerCondition,
    KP_N(f_core_v1_ReplicationControllerCondition)};
static const struct kp_field f_core_v1_ReplicationControllerStatus[] = {
    {"replicas", 1, KP_I32, 0, NULL},
    {"fullyLabeledReplicas", 2, KP_I32, KP_OMIT, NULL},
    {"readyReplicas", 4, KP_I32, KP_OMIT, NULL},
    {"availableReplicas", 5, KP_I32, KP_OMIT, NULL},
    {"observedGeneration", 3, KP_I64, KP_OMIT, NULL},
    {"conditions", 6, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ReplicationControllerCondition},
};
static const struct kp_msg m_core_v1_ReplicationControllerStatus = {
    "ReplicationControllerStatus", f_core_v1_ReplicationControllerStatus,
    KP_N(f_core_v1_ReplicationControllerStatus)};
static const struct kp_field f_core_v1_ReplicationController[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_ReplicationControllerSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_ReplicationControllerStatus},
};
static const struct kp_msg m_core_v1_ReplicationController = {
    "ReplicationController", f_core_v1_ReplicationController,
    KP_N(f_core_v1_ReplicationController)};
static const struct kp_field f_core_v1_PersistentVolumeClaimCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastProbeTime", 3, KP_TIME, KP_OMIT, NULL},
    {"lastTransitionTime", 4, KP_TIME, KP_OMIT, NULL},
    {"reason", 5, KP_STR, KP_OMIT, NULL},
    {"message", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_PersistentVolumeClaimCondition = {
    "PersistentVolumeClaimCondition", f_core_v1_PersistentVolumeClaimCondition,
    KP_N(f_core_v1_PersistentVolumeClaimCondition)};
static const struct kp_field f_core_v1_ModifyVolumeStatus[] = {
    {"targetVolumeAttributesClassName", 1, KP_STR, KP_OMIT, NULL},
    {"status", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_core_v1_ModifyVolumeStatus = {
    "ModifyVolumeStatus", f_core_v1_ModifyVolumeStatus, KP_N(f_core_v1_ModifyVolumeStatus)};
static const struct kp_field f_core_v1_PersistentVolumeClaimStatus[] = {
    {"phase", 1, KP_STR, KP_OMIT, NULL},
    {"accessModes", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"capacity", 3, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"conditions", 4, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PersistentVolumeClaimCondition},
    {"allocatedResources", 5, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"allocatedResourceStatuses", 7, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"currentVolumeAttributesClassName", 8, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"modifyVolumeStatus", 9, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ModifyVolumeStatus},
};
static const struct kp_msg m_core_v1_PersistentVolumeClaimStatus = {
    "PersistentVolumeClaimStatus", f_core_v1_PersistentVolumeClaimStatus,
    KP_N(f_core_v1_PersistentVolumeClaimStatus)};
static const struct kp_field f_core_v1_PersistentVolumeClaim[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_PersistentVolumeClaimSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_core_v1_PersistentVolumeClaimStatus},
};
static const struct kp_msg m_core_v1_PersistentVolumeClaim = {
    "PersistentVolumeClaim", f_core_v1_PersistentVolumeClaim,
    KP_N(f_core_v1_PersistentVolumeClaim)};
static const struct kp_field f_core_v1_LimitRangeItem[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"max", 2, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"min", 3, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"default", 4, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"defaultRequest", 5, KP_QTY, KP_MAP | KP_OMIT, NULL},
    {"maxLimitRequestRatio", 6, KP_QTY, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_core_v1_LimitRangeItem = {"LimitRangeItem", f_core_v1_LimitRangeItem,
						       KP_N(f_core_v1_LimitRangeItem)};
static const struct kp_field f_core_v1_LimitRangeSpec[] = {
    {"limits", 1, KP_MSG, KP_LIST, &m_core_v1_LimitRangeItem},
};
static const struct kp_msg m_core_v1_LimitRangeSpec = {"LimitRangeSpec", f_core_v1_LimitRangeSpec,
						       KP_N(f_core_v1_LimitRangeSpec)};
static const struct kp_field f_core_v1_LimitRange[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_core_v1_LimitRangeSpec},
};
static const struct kp_msg m_core_v1_LimitRange = {"LimitRange", f_core_v1_LimitRange,
						   KP_N(f_core_v1_LimitRange)};
static const struct kp_field f_apps_v1_RollingUpdateDeployment[] = {
    {"maxUnavailable", 1, KP_IOS, KP_PTR | KP_OMIT, NULL},
    {"maxSurge", 2, KP_IOS, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_RollingUpdateDeployment = {
    "RollingUpdateDeployment", f_apps_v1_RollingUpdateDeployment,
    KP_N(f_apps_v1_RollingUpdateDeployment)};
static const struct kp_field f_apps_v1_DeploymentStrategy[] = {
    {"type", 1, KP_STR, KP_OMIT, NULL},
    {"rollingUpdate", 2, KP_MSG, KP_PTR | KP_OMIT, &m_apps_v1_RollingUpdateDeployment},
};
static const struct kp_msg m_apps_v1_DeploymentStrategy = {
    "DeploymentStrategy", f_apps_v1_DeploymentStrategy, KP_N(f_apps_v1_DeploymentStrategy)};
static const struct kp_field f_apps_v1_DeploymentSpec[] = {
    {"replicas", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"selector", 2, KP_MSG, KP_PTR, &m_meta_v1_LabelSelector},
    {"template", 3, KP_MSG, 0, &m_core_v1_PodTemplateSpec},
    {"strategy", 4, KP_MSG, KP_OMIT, &m_apps_v1_DeploymentStrategy},
    {"minReadySeconds", 5, KP_I32, KP_OMIT, NULL},
    {"revisionHistoryLimit", 6, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"paused", 7, KP_BOOL, KP_OMIT, NULL},
    {"progressDeadlineSeconds", 9, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_DeploymentSpec = {"DeploymentSpec", f_apps_v1_DeploymentSpec,
						       KP_N(f_apps_v1_DeploymentSpec)};
static const struct kp_field f_apps_v1_DeploymentCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastUpdateTime", 6, KP_TIME, KP_OMIT, NULL},
    {"lastTransitionTime", 7, KP_TIME, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"message", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_DeploymentCondition = {
    "DeploymentCondition", f_apps_v1_DeploymentCondition, KP_N(f_apps_v1_DeploymentCondition)};
static const struct kp_field f_apps_v1_DeploymentStatus[] = {
    {"observedGeneration", 1, KP_I64, KP_OMIT, NULL},
    {"replicas", 2, KP_I32, KP_OMIT, NULL},
    {"updatedReplicas", 3, KP_I32, KP_OMIT, NULL},
    {"readyReplicas", 7, KP_I32, KP_OMIT, NULL},
    {"availableReplicas", 4, KP_I32, KP_OMIT, NULL},
    {"unavailableReplicas", 5, KP_I32, KP_OMIT, NULL},
    {"terminatingReplicas", 9, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"conditions", 6, KP_MSG, KP_LIST | KP_OMIT, &m_apps_v1_DeploymentCondition},
    {"collisionCount", 8, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_DeploymentStatus = {
    "DeploymentStatus", f_apps_v1_DeploymentStatus, KP_N(f_apps_v1_DeploymentStatus)};
static const struct kp_field f_apps_v1_Deployment[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_apps_v1_DeploymentSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_apps_v1_DeploymentStatus},
};
static const struct kp_msg m_apps_v1_Deployment = {"Deployment", f_apps_v1_Deployment,
						   KP_N(f_apps_v1_Deployment)};
static const struct kp_field f_apps_v1_ReplicaSetSpec[] = {
    {"replicas", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"minReadySeconds", 4, KP_I32, KP_OMIT, NULL},
    {"selector", 2, KP_MSG, KP_PTR, &m_meta_v1_LabelSelector},
    {"template", 3, KP_MSG, KP_OMIT, &m_core_v1_PodTemplateSpec},
};
static const struct kp_msg m_apps_v1_ReplicaSetSpec = {"ReplicaSetSpec", f_apps_v1_ReplicaSetSpec,
						       KP_N(f_apps_v1_ReplicaSetSpec)};
static const struct kp_field f_apps_v1_ReplicaSetCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastTransitionTime", 3, KP_TIME, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"message", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_ReplicaSetCondition = {
    "ReplicaSetCondition", f_apps_v1_ReplicaSetCondition, KP_N(f_apps_v1_ReplicaSetCondition)};
static const struct kp_field f_apps_v1_ReplicaSetStatus[] = {
    {"replicas", 1, KP_I32, 0, NULL},
    {"fullyLabeledReplicas", 2, KP_I32, KP_OMIT, NULL},
    {"readyReplicas", 4, KP_I32, KP_OMIT, NULL},
    {"availableReplicas", 5, KP_I32, KP_OMIT, NULL},
    {"terminatingReplicas", 7, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"observedGeneration", 3, KP_I64, KP_OMIT, NULL},
    {"conditions", 6, KP_MSG, KP_LIST | KP_OMIT, &m_apps_v1_ReplicaSetCondition},
};
static const struct kp_msg m_apps_v1_ReplicaSetStatus = {
    "ReplicaSetStatus", f_apps_v1_ReplicaSetStatus, KP_N(f_apps_v1_ReplicaSetStatus)};
static const struct kp_field f_apps_v1_ReplicaSet[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_apps_v1_ReplicaSetSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_apps_v1_ReplicaSetStatus},
};
static const struct kp_msg m_apps_v1_ReplicaSet = {"ReplicaSet", f_apps_v1_ReplicaSet,
						   KP_N(f_apps_v1_ReplicaSet)};
static const struct kp_field f_apps_v1_RollingUpdateStatefulSetStrategy[] = {
    {"partition", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"maxUnavailable", 2, KP_IOS, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_RollingUpdateStatefulSetStrategy = {
    "RollingUpdateStatefulSetStrategy", f_apps_v1_RollingUpdateStatefulSetStrategy,
    KP_N(f_apps_v1_RollingUpdateStatefulSetStrategy)};
static const struct kp_field f_apps_v1_StatefulSetUpdateStrategy[] = {
    {"type", 1, KP_STR, KP_OMIT, NULL},
    {"rollingUpdate", 2, KP_MSG, KP_PTR | KP_OMIT, &m_apps_v1_RollingUpdateStatefulSetStrategy},
};
static const struct kp_msg m_apps_v1_StatefulSetUpdateStrategy = {
    "StatefulSetUpdateStrategy", f_apps_v1_StatefulSetUpdateStrategy,
    KP_N(f_apps_v1_StatefulSetUpdateStrategy)};
static const struct kp_field f_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy[] = {
    {"whenDeleted", 1, KP_STR, KP_OMIT, NULL},
    {"whenScaled", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy = {
    "StatefulSetPersistentVolumeClaimRetentionPolicy",
    f_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy,
    KP_N(f_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy)};
static const struct kp_field f_apps_v1_StatefulSetOrdinals[] = {
    {"start", 1, KP_I32, 0, NULL},
};
static const struct kp_msg m_apps_v1_StatefulSetOrdinals = {
    "StatefulSetOrdinals", f_apps_v1_StatefulSetOrdinals, KP_N(f_apps_v1_StatefulSetOrdinals)};
static const struct kp_field f_apps_v1_StatefulSetSpec[] = {
    {"replicas", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"selector", 2, KP_MSG, KP_PTR, &m_meta_v1_LabelSelector},
    {"template", 3, KP_MSG, 0, &m_core_v1_PodTemplateSpec},
    {"volumeClaimTemplates", 4, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_PersistentVolumeClaim},
    {"serviceName", 5, KP_STR, 0, NULL},
    {"podManagementPolicy", 6, KP_STR, KP_OMIT, NULL},
    {"updateStrategy", 7, KP_MSG, KP_OMIT, &m_apps_v1_StatefulSetUpdateStrategy},
    {"revisionHistoryLimit", 8, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"minReadySeconds", 9, KP_I32, KP_OMIT, NULL},
    {"persistentVolumeClaimRetentionPolicy", 10, KP_MSG, KP_PTR | KP_OMIT,
     &m_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy},
    {"ordinals", 11, KP_MSG, KP_PTR | KP_OMIT, &m_apps_v1_StatefulSetOrdinals},
};
static const struct kp_msg m_apps_v1_StatefulSetSpec = {
    "StatefulSetSpec", f_apps_v1_StatefulSetSpec, KP_N(f_apps_v1_StatefulSetSpec)};
static const struct kp_field f_apps_v1_StatefulSetCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastTransitionTime", 3, KP_TIME, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"message", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_StatefulSetCondition = {
    "StatefulSetCondition", f_apps_v1_StatefulSetCondition, KP_N(f_apps_v1_StatefulSetCondition)};
static const struct kp_field f_apps_v1_StatefulSetStatus[] = {
    {"observedGeneration", 1, KP_I64, KP_OMIT, NULL},
    {"replicas", 2, KP_I32, 0, NULL},
    {"readyReplicas", 3, KP_I32, KP_OMIT, NULL},
    {"currentReplicas", 4, KP_I32, KP_OMIT, NULL},
    {"updatedReplicas", 5, KP_I32, KP_OMIT, NULL},
    {"currentRevision", 6, KP_STR, KP_OMIT, NULL},
    {"updateRevision", 7, KP_STR, KP_OMIT, NULL},
    {"collisionCount", 9, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"conditions", 10, KP_MSG, KP_LIST | KP_OMIT, &m_apps_v1_StatefulSetCondition},
    {"availableReplicas", 11, KP_I32, 0, NULL},
};
static const struct kp_msg m_apps_v1_StatefulSetStatus = {
    "StatefulSetStatus", f_apps_v1_StatefulSetStatus, KP_N(f_apps_v1_StatefulSetStatus)};
static const struct kp_field f_apps_v1_StatefulSet[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_apps_v1_StatefulSetSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_apps_v1_StatefulSetStatus},
};
static const struct kp_msg m_apps_v1_StatefulSet = {"StatefulSet", f_apps_v1_StatefulSet,
						    KP_N(f_apps_v1_StatefulSet)};
static const struct kp_field f_apps_v1_RollingUpdateDaemonSet[] = {
    {"maxUnavailable", 1, KP_IOS, KP_PTR | KP_OMIT, NULL},
    {"maxSurge", 2, KP_IOS, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_RollingUpdateDaemonSet = {
    "RollingUpdateDaemonSet", f_apps_v1_RollingUpdateDaemonSet,
    KP_N(f_apps_v1_RollingUpdateDaemonSet)};
static const struct kp_field f_apps_v1_DaemonSetUpdateStrategy[] = {
    {"type", 1, KP_STR, KP_OMIT, NULL},
    {"rollingUpdate", 2, KP_MSG, KP_PTR | KP_OMIT, &m_apps_v1_RollingUpdateDaemonSet},
};
static const struct kp_msg m_apps_v1_DaemonSetUpdateStrategy = {
    "DaemonSetUpdateStrategy", f_apps_v1_DaemonSetUpdateStrategy,
    KP_N(f_apps_v1_DaemonSetUpdateStrategy)};
static const struct kp_field f_apps_v1_DaemonSetSpec[] = {
    {"selector", 1, KP_MSG, KP_PTR, &m_meta_v1_LabelSelector},
    {"template", 2, KP_MSG, 0, &m_core_v1_PodTemplateSpec},
    {"updateStrategy", 3, KP_MSG, KP_OMIT, &m_apps_v1_DaemonSetUpdateStrategy},
    {"minReadySeconds", 4, KP_I32, KP_OMIT, NULL},
    {"revisionHistoryLimit", 6, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_DaemonSetSpec = {"DaemonSetSpec", f_apps_v1_DaemonSetSpec,
						      KP_N(f_apps_v1_DaemonSetSpec)};
static const struct kp_field f_apps_v1_DaemonSetCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastTransitionTime", 3, KP_TIME, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"message", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_apps_v1_DaemonSetCondition = {
    "DaemonSetCondition", f_apps_v1_DaemonSetCondition, KP_N(f_apps_v1_DaemonSetCondition)};
static const struct kp_field f_apps_v1_DaemonSetStatus[] = {
    {"currentNumberScheduled", 1, KP_I32, 0, NULL},
    {"numberMisscheduled", 2, KP_I32, 0, NULL},
    {"desiredNumberScheduled", 3, KP_I32, 0, NULL},
    {"numberReady", 4, KP_I32, 0, NULL},
    {"observedGeneration", 5, KP_I64, KP_OMIT, NULL},
    {"updatedNumberScheduled", 6, KP_I32, KP_OMIT, NULL},
    {"numberAvailable", 7, KP_I32, KP_OMIT, NULL},
    {"numberUnavailable", 8, KP_I32, KP_OMIT, NULL},
    {"collisionCount", 9, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"conditions", 10, KP_MSG, KP_LIST | KP_OMIT, &m_apps_v1_DaemonSetCondition},
};
static const struct kp_msg m_apps_v1_DaemonSetStatus = {
    "DaemonSetStatus", f_apps_v1_DaemonSetStatus, KP_N(f_apps_v1_DaemonSetStatus)};
static const struct kp_field f_apps_v1_DaemonSet[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_apps_v1_DaemonSetSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_apps_v1_DaemonSetStatus},
};
static const struct kp_msg m_apps_v1_DaemonSet = {"DaemonSet", f_apps_v1_DaemonSet,
						  KP_N(f_apps_v1_DaemonSet)};
static const struct kp_field f_batch_v1_PodFailurePolicyOnExitCodesRequirement[] = {
    {"containerName", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"operator", 2, KP_STR, 0, NULL},
    {"values", 3, KP_I32, KP_LIST, NULL},
};
static const struct kp_msg m_batch_v1_PodFailurePolicyOnExitCodesRequirement = {
    "PodFailurePolicyOnExitCodesRequirement", f_batch_v1_PodFailurePolicyOnExitCodesRequirement,
    KP_N(f_batch_v1_PodFailurePolicyOnExitCodesRequirement)};
static const struct kp_field f_batch_v1_PodFailurePolicyOnPodConditionsPattern[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
};
static const struct kp_msg m_batch_v1_PodFailurePolicyOnPodConditionsPattern = {
    "PodFailurePolicyOnPodConditionsPattern", f_batch_v1_PodFailurePolicyOnPodConditionsPattern,
    KP_N(f_batch_v1_PodFailurePolicyOnPodConditionsPattern)};
static const struct kp_field f_batch_v1_PodFailurePolicyRule[] = {
    {"action", 1, KP_STR, 0, NULL},
    {"onExitCodes", 2, KP_MSG, KP_PTR | KP_OMIT,
     &m_batch_v1_PodFailurePolicyOnExitCodesRequirement},
    {"onPodConditions", 3, KP_MSG, KP_LIST | KP_OMIT,
     &m_batch_v1_PodFailurePolicyOnPodConditionsPattern},
};
static const struct kp_msg m_batch_v1_PodFailurePolicyRule = {
    "PodFailurePolicyRule", f_batch_v1_PodFailurePolicyRule, KP_N(f_batch_v1_PodFailurePolicyRule)};
static const struct kp_field f_batch_v1_PodFailurePolicy[] = {
    {"rules", 1, KP_MSG, KP_LIST, &m_batch_v1_PodFailurePolicyRule},
};
static const struct kp_msg m_batch_v1_PodFailurePolicy = {
    "PodFailurePolicy", f_batch_v1_PodFailurePolicy, KP_N(f_batch_v1_PodFailurePolicy)};
static const struct kp_field f_batch_v1_SuccessPolicyRule[] = {
    {"succeededIndexes", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"succeededCount", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_SuccessPolicyRule = {
    "SuccessPolicyRule", f_batch_v1_SuccessPolicyRule, KP_N(f_batch_v1_SuccessPolicyRule)};
static const struct kp_field f_batch_v1_SuccessPolicy[] = {
    {"rules", 1, KP_MSG, KP_LIST, &m_batch_v1_SuccessPolicyRule},
};
static const struct kp_msg m_batch_v1_SuccessPolicy = {"SuccessPolicy", f_batch_v1_SuccessPolicy,
						       KP_N(f_batch_v1_SuccessPolicy)};
static const struct kp_field f_batch_v1_JobSpec[] = {
    {"parallelism", 1, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"completions", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"activeDeadlineSeconds", 3, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"podFailurePolicy", 11, KP_MSG, KP_PTR | KP_OMIT, &m_batch_v1_PodFailurePolicy},
    {"successPolicy", 16, KP_MSG, KP_PTR | KP_OMIT, &m_batch_v1_SuccessPolicy},
    {"backoffLimit", 7, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"backoffLimitPerIndex", 12, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"maxFailedIndexes", 13, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"selector", 4, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"manualSelector", 5, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"template", 6, KP_MSG, 0, &m_core_v1_PodTemplateSpec},
    {"ttlSecondsAfterFinished", 8, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"completionMode", 9, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"suspend", 10, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"podReplacementPolicy", 14, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"managedBy", 15, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_JobSpec = {"JobSpec", f_batch_v1_JobSpec,
						 KP_N(f_batch_v1_JobSpec)};
static const struct kp_field f_batch_v1_JobCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastProbeTime", 3, KP_TIME, KP_OMIT, NULL},
    {"lastTransitionTime", 4, KP_TIME, KP_OMIT, NULL},
    {"reason", 5, KP_STR, KP_OMIT, NULL},
    {"message", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_JobCondition = {"JobCondition", f_batch_v1_JobCondition,
						      KP_N(f_batch_v1_JobCondition)};
static const struct kp_field f_batch_v1_UncountedTerminatedPods[] = {
    {"succeeded", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"failed", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_UncountedTerminatedPods = {
    "UncountedTerminatedPods", f_batch_v1_UncountedTerminatedPods,
    KP_N(f_batch_v1_UncountedTerminatedPods)};
static const struct kp_field f_batch_v1_JobStatus[] = {
    {"conditions", 1, KP_MSG, KP_LIST | KP_OMIT, &m_batch_v1_JobCondition},
    {"startTime", 2, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"completionTime", 3, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"active", 4, KP_I32, KP_OMIT, NULL},
    {"succeeded", 5, KP_I32, KP_OMIT, NULL},
    {"failed", 6, KP_I32, KP_OMIT, NULL},
    {"terminating", 11, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"completedIndexes", 7, KP_STR, KP_OMIT, NULL},
    {"failedIndexes", 10, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"uncountedTerminatedPods", 8, KP_MSG, KP_PTR | KP_OMIT, &m_batch_v1_UncountedTerminatedPods},
    {"ready", 9, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_JobStatus = {"JobStatus", f_batch_v1_JobStatus,
						   KP_N(f_batch_v1_JobStatus)};
static const struct kp_field f_batch_v1_Job[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_batch_v1_JobSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_batch_v1_JobStatus},
};
static const struct kp_msg m_batch_v1_Job = {"Job", f_batch_v1_Job, KP_N(f_batch_v1_Job)};
static const struct kp_field f_batch_v1_JobTemplateSpec[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_batch_v1_JobSpec},
};
static const struct kp_msg m_batch_v1_JobTemplateSpec = {
    "JobTemplateSpec", f_batch_v1_JobTemplateSpec, KP_N(f_batch_v1_JobTemplateSpec)};
static const struct kp_field f_batch_v1_CronJobSpec[] = {
    {"schedule", 1, KP_STR, 0, NULL},
    {"timeZone", 8, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"startingDeadlineSeconds", 2, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"concurrencyPolicy", 3, KP_STR, KP_OMIT, NULL},
    {"suspend", 4, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"jobTemplate", 5, KP_MSG, 0, &m_batch_v1_JobTemplateSpec},
    {"successfulJobsHistoryLimit", 6, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"failedJobsHistoryLimit", 7, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_CronJobSpec = {"CronJobSpec", f_batch_v1_CronJobSpec,
						     KP_N(f_batch_v1_CronJobSpec)};
static const struct kp_field f_batch_v1_CronJobStatus[] = {
    {"active", 1, KP_MSG, KP_LIST | KP_OMIT, &m_core_v1_ObjectReference},
    {"lastScheduleTime", 4, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"lastSuccessfulTime", 5, KP_TIME, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_batch_v1_CronJobStatus = {"CronJobStatus", f_batch_v1_CronJobStatus,
						       KP_N(f_batch_v1_CronJobStatus)};
static const struct kp_field f_batch_v1_CronJob[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_batch_v1_CronJobSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_batch_v1_CronJobStatus},
};
static const struct kp_msg m_batch_v1_CronJob = {"CronJob", f_batch_v1_CronJob,
						 KP_N(f_batch_v1_CronJob)};
static const struct kp_field f_rbac_v1_PolicyRule[] = {
    {"verbs", 1, KP_STR, KP_LIST, NULL},
    {"apiGroups", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"resources", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"resourceNames", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"nonResourceURLs", 5, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_rbac_v1_PolicyRule = {"PolicyRule", f_rbac_v1_PolicyRule,
						   KP_N(f_rbac_v1_PolicyRule)};
static const struct kp_field f_rbac_v1_Role[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"rules", 2, KP_MSG, KP_LIST, &m_rbac_v1_PolicyRule},
};
static const struct kp_msg m_rbac_v1_Role = {"Role", f_rbac_v1_Role, KP_N(f_rbac_v1_Role)};
static const struct kp_field f_rbac_v1_Subject[] = {
    {"kind", 1, KP_STR, 0, NULL},
    {"apiGroup", 2, KP_STR, KP_OMIT, NULL},
    {"name", 3, KP_STR, 0, NULL},
    {"namespace", 4, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_rbac_v1_Subject = {"Subject", f_rbac_v1_Subject,
						KP_N(f_rbac_v1_Subject)};
static const struct kp_field f_rbac_v1_RoleRef[] = {
    {"apiGroup", 1, KP_STR, 0, NULL},
    {"kind", 2, KP_STR, 0, NULL},
    {"name", 3, KP_STR, 0, NULL},
};
static const struct kp_msg m_rbac_v1_RoleRef = {"RoleRef", f_rbac_v1_RoleRef,
						KP_N(f_rbac_v1_RoleRef)};
static const struct kp_field f_rbac_v1_RoleBinding[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"subjects", 2, KP_MSG, KP_LIST | KP_OMIT, &m_rbac_v1_Subject},
    {"roleRef", 3, KP_MSG, 0, &m_rbac_v1_RoleRef},
};
static const struct kp_msg m_rbac_v1_RoleBinding = {"RoleBinding", f_rbac_v1_RoleBinding,
						    KP_N(f_rbac_v1_RoleBinding)};
static const struct kp_field f_rbac_v1_AggregationRule[] = {
    {"clusterRoleSelectors", 1, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_LabelSelector},
};
static const struct kp_msg m_rbac_v1_AggregationRule = {
    "AggregationRule", f_rbac_v1_AggregationRule, KP_N(f_rbac_v1_AggregationRule)};
static const struct kp_field f_rbac_v1_ClusterRole[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"rules", 2, KP_MSG, KP_LIST, &m_rbac_v1_PolicyRule},
    {"aggregationRule", 3, KP_MSG, KP_PTR | KP_OMIT, &m_rbac_v1_AggregationRule},
};
static const struct kp_msg m_rbac_v1_ClusterRole = {"ClusterRole", f_rbac_v1_ClusterRole,
						    KP_N(f_rbac_v1_ClusterRole)};
static const struct kp_field f_rbac_v1_ClusterRoleBinding[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"subjects", 2, KP_MSG, KP_LIST | KP_OMIT, &m_rbac_v1_Subject},
    {"roleRef", 3, KP_MSG, 0, &m_rbac_v1_RoleRef},
};
static const struct kp_msg m_rbac_v1_ClusterRoleBinding = {
    "ClusterRoleBinding", f_rbac_v1_ClusterRoleBinding, KP_N(f_rbac_v1_ClusterRoleBinding)};
static const struct kp_field f_policy_v1_PodDisruptionBudgetSpec[] = {
    {"minAvailable", 1, KP_IOS, KP_PTR | KP_OMIT, NULL},
    {"selector", 2, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
    {"maxUnavailable", 3, KP_IOS, KP_PTR | KP_OMIT, NULL},
    {"unhealthyPodEvictionPolicy", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_policy_v1_PodDisruptionBudgetSpec = {
    "PodDisruptionBudgetSpec", f_policy_v1_PodDisruptionBudgetSpec,
    KP_N(f_policy_v1_PodDisruptionBudgetSpec)};
static const struct kp_field f_policy_v1_PodDisruptionBudgetStatus[] = {
    {"observedGeneration", 1, KP_I64, KP_OMIT, NULL},
    {"disruptedPods", 2, KP_TIME, KP_MAP | KP_OMIT, NULL},
    {"disruptionsAllowed", 3, KP_I32, 0, NULL},
    {"currentHealthy", 4, KP_I32, 0, NULL},
    {"desiredHealthy", 5, KP_I32, 0, NULL},
    {"expectedPods", 6, KP_I32, 0, NULL},
    {"conditions", 7, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_Condition},
};
static const struct kp_msg m_policy_v1_PodDisruptionBudgetStatus = {
    "PodDisruptionBudgetStatus", f_policy_v1_PodDisruptionBudgetStatus,
    KP_N(f_policy_v1_PodDisruptionBudgetStatus)};
static const struct kp_field f_policy_v1_PodDisruptionBudget[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_policy_v1_PodDisruptionBudgetSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_policy_v1_PodDisruptionBudgetStatus},
};
static const struct kp_msg m_policy_v1_PodDisruptionBudget = {
    "PodDisruptionBudget", f_policy_v1_PodDisruptionBudget, KP_N(f_policy_v1_PodDisruptionBudget)};
static const struct kp_field f_meta_v1_Preconditions[] = {
    {"uid", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"resourceVersion", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_Preconditions = {"Preconditions", f_meta_v1_Preconditions,
						      KP_N(f_meta_v1_Preconditions)};
static const struct kp_field f_meta_v1_DeleteOptions[] = {
    {"gracePeriodSeconds", 1, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"preconditions", 2, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_Preconditions},
    {"orphanDependents", 3, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"propagationPolicy", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"dryRun", 5, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"ignoreStoreReadErrorWithClusterBreakingPotential", 6, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_DeleteOptions = {"DeleteOptions", f_meta_v1_DeleteOptions,
						      KP_N(f_meta_v1_DeleteOptions)};
static const struct kp_field f_policy_v1_Eviction[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"deleteOptions", 2, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_DeleteOptions},
};
static const struct kp_msg m_policy_v1_Eviction = {"Eviction", f_policy_v1_Eviction,
						   KP_N(f_policy_v1_Eviction)};
static const struct kp_field f_scheduling_v1_PriorityClass[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"value", 2, KP_I32, 0, NULL},
    {"globalDefault", 3, KP_BOOL, KP_OMIT, NULL},
    {"description", 4, KP_STR, KP_OMIT, NULL},
    {"preemptionPolicy", 5, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_scheduling_v1_PriorityClass = {
    "PriorityClass", f_scheduling_v1_PriorityClass, KP_N(f_scheduling_v1_PriorityClass)};
static const struct kp_field f_networking_v1_ServiceBackendPort[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
    {"number", 2, KP_I32, KP_OMIT, NULL},
};
static const struct kp_msg m_networking_v1_ServiceBackendPort = {
    "ServiceBackendPort", f_networking_v1_ServiceBackendPort,
    KP_N(f_networking_v1_ServiceBackendPort)};
static const struct kp_field f_networking_v1_IngressServiceBackend[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"port", 2, KP_MSG, KP_OMIT, &m_networking_v1_ServiceBackendPort},
};
static const struct kp_msg m_networking_v1_IngressServiceBackend = {
    "IngressServiceBackend", f_networking_v1_IngressServiceBackend,
    KP_N(f_networking_v1_IngressServiceBackend)};
static const struct kp_field f_networking_v1_IngressBackend[] = {
    {"service", 4, KP_MSG, KP_PTR | KP_OMIT, &m_networking_v1_IngressServiceBackend},
    {"resource", 3, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_TypedLocalObjectReference},
};
static const struct kp_msg m_networking_v1_IngressBackend = {
    "IngressBackend", f_networking_v1_IngressBackend, KP_N(f_networking_v1_IngressBackend)};
static const struct kp_field f_networking_v1_IngressTLS[] = {
    {"hosts", 1, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"secretName", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_networking_v1_IngressTLS = {"IngressTLS", f_networking_v1_IngressTLS,
							 KP_N(f_networking_v1_IngressTLS)};
static const struct kp_field f_networking_v1_HTTPIngressPath[] = {
    {"path", 1, KP_STR, KP_OMIT, NULL},
    {"pathType", 3, KP_STR, KP_PTR, NULL},
    {"backend", 2, KP_MSG, 0, &m_networking_v1_IngressBackend},
};
static const struct kp_msg m_networking_v1_HTTPIngressPath = {
    "HTTPIngressPath", f_networking_v1_HTTPIngressPath, KP_N(f_networking_v1_HTTPIngressPath)};
static const struct kp_field f_networking_v1_HTTPIngressRuleValue[] = {
    {"paths", 1, KP_MSG, KP_LIST, &m_networking_v1_HTTPIngressPath},
};
static const struct kp_msg m_networking_v1_HTTPIngressRuleValue = {
    "HTTPIngressRuleValue", f_networking_v1_HTTPIngressRuleValue,
    KP_N(f_networking_v1_HTTPIngressRuleValue)};
static const struct kp_field f_networking_v1_IngressRuleValue[] = {
    {"http", 1, KP_MSG, KP_PTR | KP_OMIT, &m_networking_v1_HTTPIngressRuleValue},
};
static const struct kp_msg m_networking_v1_IngressRuleValue = {
    "IngressRuleValue", f_networking_v1_IngressRuleValue, KP_N(f_networking_v1_IngressRuleValue)};
static const struct kp_field f_networking_v1_IngressRule[] = {
    {"host", 1, KP_STR, KP_OMIT, NULL},
    {"", 2, KP_MSG, KP_INLINE, &m_networking_v1_IngressRuleValue},
};
static const struct kp_msg m_networking_v1_IngressRule = {
    "IngressRule", f_networking_v1_IngressRule, KP_N(f_networking_v1_IngressRule)};
static const struct kp_field f_networking_v1_IngressSpec[] = {
    {"ingressClassName", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"defaultBackend", 1, KP_MSG, KP_PTR | KP_OMIT, &m_networking_v1_IngressBackend},
    {"tls", 2, KP_MSG, KP_LIST | KP_OMIT, &m_networking_v1_IngressTLS},
    {"rules", 3, KP_MSG, KP_LIST | KP_OMIT, &m_networking_v1_IngressRule},
};
static const struct kp_msg m_networking_v1_IngressSpec = {
    "IngressSpec", f_networking_v1_IngressSpec, KP_N(f_networking_v1_IngressSpec)};
static const struct kp_field f_networking_v1_IngressPortStatus[] = {
    {"port", 1, KP_I32, 0, NULL},
    {"protocol", 2, KP_STR, 0, NULL},
    {"error", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_networking_v1_IngressPortStatus = {
    "IngressPortStatus", f_networking_v1_IngressPortStatus,
    KP_N(f_networking_v1_IngressPortStatus)};
static const struct kp_field f_networking_v1_IngressLoadBalancerIngress[] = {
    {"ip", 1, KP_STR, KP_OMIT, NULL},
    {"hostname", 2, KP_STR, KP_OMIT, NULL},
    {"ports", 4, KP_MSG, KP_LIST | KP_OMIT, &m_networking_v1_IngressPortStatus},
};
static const struct kp_msg m_networking_v1_IngressLoadBalancerIngress = {
    "IngressLoadBalancerIngress", f_networking_v1_IngressLoadBalancerIngress,
    KP_N(f_networking_v1_IngressLoadBalancerIngress)};
static const struct kp_field f_networking_v1_IngressLoadBalancerStatus[] = {
    {"ingress", 1, KP_MSG, KP_LIST | KP_OMIT, &m_networking_v1_IngressLoadBalancerIngress},
};
static const struct kp_msg m_networking_v1_IngressLoadBalancerStatus = {
    "IngressLoadBalancerStatus", f_networking_v1_IngressLoadBalancerStatus,
    KP_N(f_networking_v1_IngressLoadBalancerStatus)};
static const struct kp_field f_networking_v1_IngressStatus[] = {
    {"loadBalancer", 1, KP_MSG, KP_OMIT, &m_networking_v1_IngressLoadBalancerStatus},
};
static const struct kp_msg m_networking_v1_IngressStatus = {
    "IngressStatus", f_networking_v1_IngressStatus, KP_N(f_networking_v1_IngressStatus)};
static const struct kp_field f_networking_v1_Ingress[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_networking_v1_IngressSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_networking_v1_IngressStatus},
};
static const struct kp_msg m_networking_v1_Ingress = {"Ingress", f_networking_v1_Ingress,
						      KP_N(f_networking_v1_Ingress)};
static const struct kp_field f_authn_v1_BoundObjectReference[] = {
    {"kind", 1, KP_STR, KP_OMIT, NULL},
    {"apiVersion", 2, KP_STR, KP_OMIT, NULL},
    {"name", 3, KP_STR, KP_OMIT, NULL},
    {"uid", 4, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authn_v1_BoundObjectReference = {
    "BoundObjectReference", f_authn_v1_BoundObjectReference, KP_N(f_authn_v1_BoundObjectReference)};
static const struct kp_field f_authn_v1_TokenRequestSpec[] = {
    {"audiences", 1, KP_STR, KP_LIST, NULL},
    {"expirationSeconds", 4, KP_I64, KP_PTR, NULL},
    {"boundObjectRef", 3, KP_MSG, KP_PTR, &m_authn_v1_BoundObjectReference},
};
static const struct kp_msg m_authn_v1_TokenRequestSpec = {
    "TokenRequestSpec", f_authn_v1_TokenRequestSpec, KP_N(f_authn_v1_TokenRequestSpec)};
static const struct kp_field f_authn_v1_TokenRequestStatus[] = {
    {"token", 1, KP_STR, 0, NULL},
    {"expirationTimestamp", 2, KP_TIME, 0, NULL},
};
static const struct kp_msg m_authn_v1_TokenRequestStatus = {
    "TokenRequestStatus", f_authn_v1_TokenRequestStatus, KP_N(f_authn_v1_TokenRequestStatus)};
static const struct kp_field f_authn_v1_TokenRequest[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_authn_v1_TokenRequestSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_authn_v1_TokenRequestStatus},
};
static const struct kp_msg m_authn_v1_TokenRequest = {"TokenRequest", f_authn_v1_TokenRequest,
						      KP_N(f_authn_v1_TokenRequest)};
static const struct kp_field f_authn_v1_TokenReviewSpec[] = {
    {"token", 1, KP_STR, KP_OMIT, NULL},
    {"audiences", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_authn_v1_TokenReviewSpec = {
    "TokenReviewSpec", f_authn_v1_TokenReviewSpec, KP_N(f_authn_v1_TokenReviewSpec)};
static const struct kp_field f_authn_v1_UserInfo[] = {
    {"username", 1, KP_STR, KP_OMIT, NULL},
    {"uid", 2, KP_STR, KP_OMIT, NULL},
    {"groups", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"extra", 4, KP_STRLIST, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_authn_v1_UserInfo = {"UserInfo", f_authn_v1_UserInfo,
						  KP_N(f_authn_v1_UserInfo)};
static const struct kp_field f_authn_v1_TokenReviewStatus[] = {
    {"authenticated", 1, KP_BOOL, KP_OMIT, NULL},
    {"user", 2, KP_MSG, KP_OMIT, &m_authn_v1_UserInfo},
    {"audiences", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"error", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authn_v1_TokenReviewStatus = {
    "TokenReviewStatus", f_authn_v1_TokenReviewStatus, KP_N(f_authn_v1_TokenReviewStatus)};
static const struct kp_field f_authn_v1_TokenReview[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_authn_v1_TokenReviewSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_authn_v1_TokenReviewStatus},
};
static const struct kp_msg m_authn_v1_TokenReview = {"TokenReview", f_authn_v1_TokenReview,
						     KP_N(f_authn_v1_TokenReview)};
static const struct kp_field f_authn_v1_SelfSubjectReviewStatus[] = {
    {"userInfo", 1, KP_MSG, KP_OMIT, &m_authn_v1_UserInfo},
};
static const struct kp_msg m_authn_v1_SelfSubjectReviewStatus = {
    "SelfSubjectReviewStatus", f_authn_v1_SelfSubjectReviewStatus,
    KP_N(f_authn_v1_SelfSubjectReviewStatus)};
static const struct kp_field f_authn_v1_SelfSubjectReview[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"status", 2, KP_MSG, KP_OMIT, &m_authn_v1_SelfSubjectReviewStatus},
};
static const struct kp_msg m_authn_v1_SelfSubjectReview = {
    "SelfSubjectReview", f_authn_v1_SelfSubjectReview, KP_N(f_authn_v1_SelfSubjectReview)};
static const struct kp_field f_meta_v1_FieldSelectorRequirement[] = {
    {"key", 1, KP_STR, 0, NULL},
    {"operator", 2, KP_STR, 0, NULL},
    {"values", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_FieldSelectorRequirement = {
    "FieldSelectorRequirement", f_meta_v1_FieldSelectorRequirement,
    KP_N(f_meta_v1_FieldSelectorRequirement)};
static const struct kp_field f_authz_v1_FieldSelectorAttributes[] = {
    {"rawSelector", 1, KP_STR, KP_OMIT, NULL},
    {"requirements", 2, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_FieldSelectorRequirement},
};
static const struct kp_msg m_authz_v1_FieldSelectorAttributes = {
    "FieldSelectorAttributes", f_authz_v1_FieldSelectorAttributes,
    KP_N(f_authz_v1_FieldSelectorAttributes)};
static const struct kp_field f_authz_v1_LabelSelectorAttributes[] = {
    {"rawSelector", 1, KP_STR, KP_OMIT, NULL},
    {"requirements", 2, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_LabelSelectorRequirement},
};
static const struct kp_msg m_authz_v1_LabelSelectorAttributes = {
    "LabelSelectorAttributes", f_authz_v1_LabelSelectorAttributes,
    KP_N(f_authz_v1_LabelSelectorAttributes)};
static const struct kp_field f_authz_v1_ResourceAttributes[] = {
    {"namespace", 1, KP_STR, KP_OMIT, NULL},
    {"verb", 2, KP_STR, KP_OMIT, NULL},
    {"group", 3, KP_STR, KP_OMIT, NULL},
    {"version", 4, KP_STR, KP_OMIT, NULL},
    {"resource", 5, KP_STR, KP_OMIT, NULL},
    {"subresource", 6, KP_STR, KP_OMIT, NULL},
    {"name", 7, KP_STR, KP_OMIT, NULL},
    {"fieldSelector", 8, KP_MSG, KP_PTR | KP_OMIT, &m_authz_v1_FieldSelectorAttributes},
    {"labelSelector", 9, KP_MSG, KP_PTR | KP_OMIT, &m_authz_v1_LabelSelectorAttributes},
};
static const struct kp_msg m_authz_v1_ResourceAttributes = {
    "ResourceAttributes", f_authz_v1_ResourceAttributes, KP_N(f_authz_v1_ResourceAttributes)};
static const struct kp_field f_authz_v1_NonResourceAttributes[] = {
    {"path", 1, KP_STR, KP_OMIT, NULL},
    {"verb", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_NonResourceAttributes = {
    "NonResourceAttributes", f_authz_v1_NonResourceAttributes,
    KP_N(f_authz_v1_NonResourceAttributes)};
static const struct kp_field f_authz_v1_SelfSubjectAccessReviewSpec[] = {
    {"resourceAttributes", 1, KP_MSG, KP_PTR | KP_OMIT, &m_authz_v1_ResourceAttributes},
    {"nonResourceAttributes", 2, KP_MSG, KP_PTR | KP_OMIT, &m_authz_v1_NonResourceAttributes},
};
static const struct kp_msg m_authz_v1_SelfSubjectAccessReviewSpec = {
    "SelfSubjectAccessReviewSpec", f_authz_v1_SelfSubjectAccessReviewSpec,
    KP_N(f_authz_v1_SelfSubjectAccessReviewSpec)};
static const struct kp_field f_authz_v1_SubjectAccessReviewStatus[] = {
    {"allowed", 1, KP_BOOL, 0, NULL},
    {"denied", 4, KP_BOOL, KP_OMIT, NULL},
    {"reason", 2, KP_STR, KP_OMIT, NULL},
    {"evaluationError", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_SubjectAccessReviewStatus = {
    "SubjectAccessReviewStatus", f_authz_v1_SubjectAccessReviewStatus,
    KP_N(f_authz_v1_SubjectAccessReviewStatus)};
static const struct kp_field f_authz_v1_SelfSubjectAccessReview[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_authz_v1_SelfSubjectAccessReviewSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_authz_v1_SubjectAccessReviewStatus},
};
static const struct kp_msg m_authz_v1_SelfSubjectAccessReview = {
    "SelfSubjectAccessReview", f_authz_v1_SelfSubjectAccessReview,
    KP_N(f_authz_v1_SelfSubjectAccessReview)};
static const struct kp_field f_authz_v1_SubjectAccessReviewSpec[] = {
    {"resourceAttributes", 1, KP_MSG, KP_PTR | KP_OMIT, &m_authz_v1_ResourceAttributes},
    {"nonResourceAttributes", 2, KP_MSG, KP_PTR | KP_OMIT, &m_authz_v1_NonResourceAttributes},
    {"user", 3, KP_STR, KP_OMIT, NULL},
    {"groups", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"extra", 5, KP_STRLIST, KP_MAP | KP_OMIT, NULL},
    {"uid", 6, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_SubjectAccessReviewSpec = {
    "SubjectAccessReviewSpec", f_authz_v1_SubjectAccessReviewSpec,
    KP_N(f_authz_v1_SubjectAccessReviewSpec)};
static const struct kp_field f_authz_v1_SubjectAccessReview[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_authz_v1_SubjectAccessReviewSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_authz_v1_SubjectAccessReviewStatus},
};
static const struct kp_msg m_authz_v1_SubjectAccessReview = {
    "SubjectAccessReview", f_authz_v1_SubjectAccessReview, KP_N(f_authz_v1_SubjectAccessReview)};
static const struct kp_field f_authz_v1_LocalSubjectAccessReview[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_authz_v1_SubjectAccessReviewSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_authz_v1_SubjectAccessReviewStatus},
};
static const struct kp_msg m_authz_v1_LocalSubjectAccessReview = {
    "LocalSubjectAccessReview", f_authz_v1_LocalSubjectAccessReview,
    KP_N(f_authz_v1_LocalSubjectAccessReview)};
static const struct kp_field f_authz_v1_SelfSubjectRulesReviewSpec[] = {
    {"namespace", 1, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_SelfSubjectRulesReviewSpec = {
    "SelfSubjectRulesReviewSpec", f_authz_v1_SelfSubjectRulesReviewSpec,
    KP_N(f_authz_v1_SelfSubjectRulesReviewSpec)};
static const struct kp_field f_authz_v1_ResourceRule[] = {
    {"verbs", 1, KP_STR, KP_LIST, NULL},
    {"apiGroups", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"resources", 3, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"resourceNames", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_ResourceRule = {"ResourceRule", f_authz_v1_ResourceRule,
						      KP_N(f_authz_v1_ResourceRule)};
static const struct kp_field f_authz_v1_NonResourceRule[] = {
    {"verbs", 1, KP_STR, KP_LIST, NULL},
    {"nonResourceURLs", 2, KP_STR, KP_LIST | KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_NonResourceRule = {
    "NonResourceRule", f_authz_v1_NonResourceRule, KP_N(f_authz_v1_NonResourceRule)};
static const struct kp_field f_authz_v1_SubjectRulesReviewStatus[] = {
    {"resourceRules", 1, KP_MSG, KP_LIST, &m_authz_v1_ResourceRule},
    {"nonResourceRules", 2, KP_MSG, KP_LIST, &m_authz_v1_NonResourceRule},
    {"incomplete", 3, KP_BOOL, 0, NULL},
    {"evaluationError", 4, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_authz_v1_SubjectRulesReviewStatus = {
    "SubjectRulesReviewStatus", f_authz_v1_SubjectRulesReviewStatus,
    KP_N(f_authz_v1_SubjectRulesReviewStatus)};
static const struct kp_field f_authz_v1_SelfSubjectRulesReview[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_authz_v1_SelfSubjectRulesReviewSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_authz_v1_SubjectRulesReviewStatus},
};
static const struct kp_msg m_authz_v1_SelfSubjectRulesReview = {
    "SelfSubjectRulesReview", f_authz_v1_SelfSubjectRulesReview,
    KP_N(f_authz_v1_SelfSubjectRulesReview)};
static const struct kp_field f_certs_v1_CertificateSigningRequestSpec[] = {
    {"request", 1, KP_BYTES, 0, NULL},
    {"signerName", 7, KP_STR, 0, NULL},
    {"expirationSeconds", 8, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"usages", 5, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"username", 2, KP_STR, KP_OMIT, NULL},
    {"uid", 3, KP_STR, KP_OMIT, NULL},
    {"groups", 4, KP_STR, KP_LIST | KP_OMIT, NULL},
    {"extra", 6, KP_STRLIST, KP_MAP | KP_OMIT, NULL},
};
static const struct kp_msg m_certs_v1_CertificateSigningRequestSpec = {
    "CertificateSigningRequestSpec", f_certs_v1_CertificateSigningRequestSpec,
    KP_N(f_certs_v1_CertificateSigningRequestSpec)};
static const struct kp_field f_certs_v1_CertificateSigningRequestCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 6, KP_STR, 0, NULL},
    {"reason", 2, KP_STR, KP_OMIT, NULL},
    {"message", 3, KP_STR, KP_OMIT, NULL},
    {"lastUpdateTime", 4, KP_TIME, KP_OMIT, NULL},
    {"lastTransitionTime", 5, KP_TIME, KP_OMIT, NULL},
};
static const struct kp_msg m_certs_v1_CertificateSigningRequestCondition = {
    "CertificateSigningRequestCondition", f_certs_v1_CertificateSigningRequestCondition,
    KP_N(f_certs_v1_CertificateSigningRequestCondition)};
static const struct kp_field f_certs_v1_CertificateSigningRequestStatus[] = {
    {"conditions", 1, KP_MSG, KP_LIST | KP_OMIT, &m_certs_v1_CertificateSigningRequestCondition},
    {"certificate", 2, KP_BYTES, KP_OMIT, NULL},
};
static const struct kp_msg m_certs_v1_CertificateSigningRequestStatus = {
    "CertificateSigningRequestStatus", f_certs_v1_CertificateSigningRequestStatus,
    KP_N(f_certs_v1_CertificateSigningRequestStatus)};
static const struct kp_field f_certs_v1_CertificateSigningRequest[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, 0, &m_certs_v1_CertificateSigningRequestSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_certs_v1_CertificateSigningRequestStatus},
};
static const struct kp_msg m_certs_v1_CertificateSigningRequest = {
    "CertificateSigningRequest", f_certs_v1_CertificateSigningRequest,
    KP_N(f_certs_v1_CertificateSigningRequest)};
static const struct kp_field f_discovery_v1_EndpointConditions[] = {
    {"ready", 1, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"serving", 2, KP_BOOL, KP_PTR | KP_OMIT, NULL},
    {"terminating", 3, KP_BOOL, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_discovery_v1_EndpointConditions = {
    "EndpointConditions", f_discovery_v1_EndpointConditions,
    KP_N(f_discovery_v1_EndpointConditions)};
static const struct kp_field f_discovery_v1_ForZone[] = {
    {"name", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_discovery_v1_ForZone = {"ForZone", f_discovery_v1_ForZone,
						     KP_N(f_discovery_v1_ForZone)};
static const struct kp_field f_discovery_v1_ForNode[] = {
    {"name", 1, KP_STR, 0, NULL},
};
static const struct kp_msg m_discovery_v1_ForNode = {"ForNode", f_discovery_v1_ForNode,
						     KP_N(f_discovery_v1_ForNode)};
static const struct kp_field f_discovery_v1_EndpointHints[] = {
    {"forZones", 1, KP_MSG, KP_LIST | KP_OMIT, &m_discovery_v1_ForZone},
    {"forNodes", 2, KP_MSG, KP_LIST | KP_OMIT, &m_discovery_v1_ForNode},
};
static const struct kp_msg m_discovery_v1_EndpointHints = {
    "EndpointHints", f_discovery_v1_EndpointHints, KP_N(f_discovery_v1_EndpointHints)};
static const struct kp_field f_discovery_v1_Endpoint[] = {
    {"addresses", 1, KP_STR, KP_LIST, NULL},
    {"conditions", 2, KP_MSG, KP_OMIT, &m_discovery_v1_EndpointConditions},
    {"hostname", 3, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"targetRef", 4, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ObjectReference},
    {"deprecatedTopology", 5, KP_STR, KP_MAP | KP_OMIT, NULL},
    {"nodeName", 6, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"zone", 7, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"hints", 8, KP_MSG, KP_PTR | KP_OMIT, &m_discovery_v1_EndpointHints},
};
static const struct kp_msg m_discovery_v1_Endpoint = {"Endpoint", f_discovery_v1_Endpoint,
						      KP_N(f_discovery_v1_Endpoint)};
static const struct kp_field f_discovery_v1_EndpointPort[] = {
    {"name", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"protocol", 2, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"port", 3, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"appProtocol", 4, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_discovery_v1_EndpointPort = {
    "EndpointPort", f_discovery_v1_EndpointPort, KP_N(f_discovery_v1_EndpointPort)};
static const struct kp_field f_discovery_v1_EndpointSlice[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"addressType", 4, KP_STR, 0, NULL},
    {"endpoints", 2, KP_MSG, KP_LIST, &m_discovery_v1_Endpoint},
    {"ports", 3, KP_MSG, KP_LIST, &m_discovery_v1_EndpointPort},
};
static const struct kp_msg m_discovery_v1_EndpointSlice = {
    "EndpointSlice", f_discovery_v1_EndpointSlice, KP_N(f_discovery_v1_EndpointSlice)};
static const struct kp_field f_coord_v1_LeaseSpec[] = {
    {"holderIdentity", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"leaseDurationSeconds", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"acquireTime", 3, KP_MTIME, KP_PTR | KP_OMIT, NULL},
    {"renewTime", 4, KP_MTIME, KP_PTR | KP_OMIT, NULL},
    {"leaseTransitions", 5, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"strategy", 6, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"preferredHolder", 7, KP_STR, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_coord_v1_LeaseSpec = {"LeaseSpec", f_coord_v1_LeaseSpec,
						   KP_N(f_coord_v1_LeaseSpec)};
static const struct kp_field f_coord_v1_Lease[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_coord_v1_LeaseSpec},
};
static const struct kp_msg m_coord_v1_Lease = {"Lease", f_coord_v1_Lease, KP_N(f_coord_v1_Lease)};
static const struct kp_field f_events_v1_EventSeries[] = {
    {"count", 1, KP_I32, 0, NULL},
    {"lastObservedTime", 2, KP_MTIME, 0, NULL},
};
static const struct kp_msg m_events_v1_EventSeries = {"EventSeries", f_events_v1_EventSeries,
						      KP_N(f_events_v1_EventSeries)};
static const struct kp_field f_events_v1_Event[] = {
    {"metadata", 1, KP_MSG, 0, &m_meta_v1_ObjectMeta},
    {"eventTime", 2, KP_MTIME, 0, NULL},
    {"series", 3, KP_MSG, KP_PTR | KP_OMIT, &m_events_v1_EventSeries},
    {"reportingController", 4, KP_STR, KP_OMIT, NULL},
    {"reportingInstance", 5, KP_STR, KP_OMIT, NULL},
    {"action", 6, KP_STR, KP_OMIT, NULL},
    {"reason", 7, KP_STR, KP_OMIT, NULL},
    {"regarding", 8, KP_MSG, KP_OMIT, &m_core_v1_ObjectReference},
    {"related", 9, KP_MSG, KP_PTR | KP_OMIT, &m_core_v1_ObjectReference},
    {"note", 10, KP_STR, KP_OMIT, NULL},
    {"type", 11, KP_STR, KP_OMIT, NULL},
    {"deprecatedSource", 12, KP_MSG, KP_OMIT, &m_core_v1_EventSource},
    {"deprecatedFirstTimestamp", 13, KP_TIME, KP_OMIT, NULL},
    {"deprecatedLastTimestamp", 14, KP_TIME, KP_OMIT, NULL},
    {"deprecatedCount", 15, KP_I32, KP_OMIT, NULL},
};
static const struct kp_msg m_events_v1_Event = {"Event", f_events_v1_Event,
						KP_N(f_events_v1_Event)};
static const struct kp_field f_autoscaling_v1_ScaleSpec[] = {
    {"replicas", 1, KP_I32, KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v1_ScaleSpec = {"ScaleSpec", f_autoscaling_v1_ScaleSpec,
							 KP_N(f_autoscaling_v1_ScaleSpec)};
static const struct kp_field f_autoscaling_v1_ScaleStatus[] = {
    {"replicas", 1, KP_I32, 0, NULL},
    {"selector", 2, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v1_ScaleStatus = {
    "ScaleStatus", f_autoscaling_v1_ScaleStatus, KP_N(f_autoscaling_v1_ScaleStatus)};
static const struct kp_field f_autoscaling_v1_Scale[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_autoscaling_v1_ScaleSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_autoscaling_v1_ScaleStatus},
};
static const struct kp_msg m_autoscaling_v1_Scale = {"Scale", f_autoscaling_v1_Scale,
						     KP_N(f_autoscaling_v1_Scale)};
static const struct kp_field f_autoscaling_v1_CrossVersionObjectReference[] = {
    {"kind", 1, KP_STR, 0, NULL},
    {"name", 2, KP_STR, 0, NULL},
    {"apiVersion", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v1_CrossVersionObjectReference = {
    "CrossVersionObjectReference", f_autoscaling_v1_CrossVersionObjectReference,
    KP_N(f_autoscaling_v1_CrossVersionObjectReference)};
static const struct kp_field f_autoscaling_v1_HorizontalPodAutoscalerSpec[] = {
    {"scaleTargetRef", 1, KP_MSG, 0, &m_autoscaling_v1_CrossVersionObjectReference},
    {"minReplicas", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"maxReplicas", 3, KP_I32, 0, NULL},
    {"targetCPUUtilizationPercentage", 4, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v1_HorizontalPodAutoscalerSpec = {
    "HorizontalPodAutoscalerSpec", f_autoscaling_v1_HorizontalPodAutoscalerSpec,
    KP_N(f_autoscaling_v1_HorizontalPodAutoscalerSpec)};
static const struct kp_field f_autoscaling_v1_HorizontalPodAutoscalerStatus[] = {
    {"observedGeneration", 1, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"lastScaleTime", 2, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"currentReplicas", 3, KP_I32, 0, NULL},
    {"desiredReplicas", 4, KP_I32, 0, NULL},
    {"currentCPUUtilizationPercentage", 5, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v1_HorizontalPodAutoscalerStatus = {
    "HorizontalPodAutoscalerStatus", f_autoscaling_v1_HorizontalPodAutoscalerStatus,
    KP_N(f_autoscaling_v1_HorizontalPodAutoscalerStatus)};
static const struct kp_field f_autoscaling_v1_HorizontalPodAutoscaler[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_autoscaling_v1_HorizontalPodAutoscalerSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_autoscaling_v1_HorizontalPodAutoscalerStatus},
};
static const struct kp_msg m_autoscaling_v1_HorizontalPodAutoscaler = {
    "HorizontalPodAutoscaler", f_autoscaling_v1_HorizontalPodAutoscaler,
    KP_N(f_autoscaling_v1_HorizontalPodAutoscaler)};
static const struct kp_field f_autoscaling_v2_CrossVersionObjectReference[] = {
    {"kind", 1, KP_STR, 0, NULL},
    {"name", 2, KP_STR, 0, NULL},
    {"apiVersion", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v2_CrossVersionObjectReference = {
    "CrossVersionObjectReference", f_autoscaling_v2_CrossVersionObjectReference,
    KP_N(f_autoscaling_v2_CrossVersionObjectReference)};
static const struct kp_field f_autoscaling_v2_MetricIdentifier[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"selector", 2, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_LabelSelector},
};
static const struct kp_msg m_autoscaling_v2_MetricIdentifier = {
    "MetricIdentifier", f_autoscaling_v2_MetricIdentifier, KP_N(f_autoscaling_v2_MetricIdentifier)};
static const struct kp_field f_autoscaling_v2_MetricTarget[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"value", 2, KP_QTY, KP_PTR | KP_OMIT, NULL},
    {"averageValue", 3, KP_QTY, KP_PTR | KP_OMIT, NULL},
    {"averageUtilization", 4, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v2_MetricTarget = {
    "MetricTarget", f_autoscaling_v2_MetricTarget, KP_N(f_autoscaling_v2_MetricTarget)};
static const struct kp_field f_autoscaling_v2_MetricValueStatus[] = {
    {"value", 1, KP_QTY, KP_PTR | KP_OMIT, NULL},
    {"averageValue", 2, KP_QTY, KP_PTR | KP_OMIT, NULL},
    {"averageUtilization", 3, KP_I32, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v2_MetricValueStatus = {
    "MetricValueStatus", f_autoscaling_v2_MetricValueStatus,
    KP_N(f_autoscaling_v2_MetricValueStatus)};
static const struct kp_field f_autoscaling_v2_ObjectMetricSource[] = {
    {"describedObject", 1, KP_MSG, 0, &m_autoscaling_v2_CrossVersionObjectReference},
    {"target", 2, KP_MSG, 0, &m_autoscaling_v2_MetricTarget},
    {"metric", 3, KP_MSG, 0, &m_autoscaling_v2_MetricIdentifier},
};
static const struct kp_msg m_autoscaling_v2_ObjectMetricSource = {
    "ObjectMetricSource", f_autoscaling_v2_ObjectMetricSource,
    KP_N(f_autoscaling_v2_ObjectMetricSource)};
static const struct kp_field f_autoscaling_v2_PodsMetricSource[] = {
    {"metric", 1, KP_MSG, 0, &m_autoscaling_v2_MetricIdentifier},
    {"target", 2, KP_MSG, 0, &m_autoscaling_v2_MetricTarget},
};
static const struct kp_msg m_autoscaling_v2_PodsMetricSource = {
    "PodsMetricSource", f_autoscaling_v2_PodsMetricSource, KP_N(f_autoscaling_v2_PodsMetricSource)};
static const struct kp_field f_autoscaling_v2_ResourceMetricSource[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"target", 2, KP_MSG, 0, &m_autoscaling_v2_MetricTarget},
};
static const struct kp_msg m_autoscaling_v2_ResourceMetricSource = {
    "ResourceMetricSource", f_autoscaling_v2_ResourceMetricSource,
    KP_N(f_autoscaling_v2_ResourceMetricSource)};
static const struct kp_field f_autoscaling_v2_ContainerResourceMetricSource[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"target", 2, KP_MSG, 0, &m_autoscaling_v2_MetricTarget},
    {"container", 3, KP_STR, 0, NULL},
};
static const struct kp_msg m_autoscaling_v2_ContainerResourceMetricSource = {
    "ContainerResourceMetricSource", f_autoscaling_v2_ContainerResourceMetricSource,
    KP_N(f_autoscaling_v2_ContainerResourceMetricSource)};
static const struct kp_field f_autoscaling_v2_ExternalMetricSource[] = {
    {"metric", 1, KP_MSG, 0, &m_autoscaling_v2_MetricIdentifier},
    {"target", 2, KP_MSG, 0, &m_autoscaling_v2_MetricTarget},
};
static const struct kp_msg m_autoscaling_v2_ExternalMetricSource = {
    "ExternalMetricSource", f_autoscaling_v2_ExternalMetricSource,
    KP_N(f_autoscaling_v2_ExternalMetricSource)};
static const struct kp_field f_autoscaling_v2_MetricSpec[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"object", 2, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_ObjectMetricSource},
    {"pods", 3, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_PodsMetricSource},
    {"resource", 4, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_ResourceMetricSource},
    {"containerResource", 7, KP_MSG, KP_PTR | KP_OMIT,
     &m_autoscaling_v2_ContainerResourceMetricSource},
    {"external", 5, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_ExternalMetricSource},
};
static const struct kp_msg m_autoscaling_v2_MetricSpec = {"MetricSpec", f_autoscaling_v2_MetricSpec,
							  KP_N(f_autoscaling_v2_MetricSpec)};
static const struct kp_field f_autoscaling_v2_HPAScalingPolicy[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"value", 2, KP_I32, 0, NULL},
    {"periodSeconds", 3, KP_I32, 0, NULL},
};
static const struct kp_msg m_autoscaling_v2_HPAScalingPolicy = {
    "HPAScalingPolicy", f_autoscaling_v2_HPAScalingPolicy, KP_N(f_autoscaling_v2_HPAScalingPolicy)};
static const struct kp_field f_autoscaling_v2_HPAScalingRules[] = {
    {"stabilizationWindowSeconds", 3, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"selectPolicy", 1, KP_STR, KP_PTR | KP_OMIT, NULL},
    {"policies", 2, KP_MSG, KP_LIST | KP_OMIT, &m_autoscaling_v2_HPAScalingPolicy},
    {"tolerance", 4, KP_QTY, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v2_HPAScalingRules = {
    "HPAScalingRules", f_autoscaling_v2_HPAScalingRules, KP_N(f_autoscaling_v2_HPAScalingRules)};
static const struct kp_field f_autoscaling_v2_HorizontalPodAutoscalerBehavior[] = {
    {"scaleUp", 1, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_HPAScalingRules},
    {"scaleDown", 2, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_HPAScalingRules},
};
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerBehavior = {
    "HorizontalPodAutoscalerBehavior", f_autoscaling_v2_HorizontalPodAutoscalerBehavior,
    KP_N(f_autoscaling_v2_HorizontalPodAutoscalerBehavior)};
static const struct kp_field f_autoscaling_v2_HorizontalPodAutoscalerSpec[] = {
    {"scaleTargetRef", 1, KP_MSG, 0, &m_autoscaling_v2_CrossVersionObjectReference},
    {"minReplicas", 2, KP_I32, KP_PTR | KP_OMIT, NULL},
    {"maxReplicas", 3, KP_I32, 0, NULL},
    {"metrics", 4, KP_MSG, KP_LIST | KP_OMIT, &m_autoscaling_v2_MetricSpec},
    {"behavior", 5, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_HorizontalPodAutoscalerBehavior},
};
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerSpec = {
    "HorizontalPodAutoscalerSpec", f_autoscaling_v2_HorizontalPodAutoscalerSpec,
    KP_N(f_autoscaling_v2_HorizontalPodAutoscalerSpec)};
static const struct kp_field f_autoscaling_v2_ObjectMetricStatus[] = {
    {"metric", 1, KP_MSG, 0, &m_autoscaling_v2_MetricIdentifier},
    {"current", 2, KP_MSG, 0, &m_autoscaling_v2_MetricValueStatus},
    {"describedObject", 3, KP_MSG, 0, &m_autoscaling_v2_CrossVersionObjectReference},
};
static const struct kp_msg m_autoscaling_v2_ObjectMetricStatus = {
    "ObjectMetricStatus", f_autoscaling_v2_ObjectMetricStatus,
    KP_N(f_autoscaling_v2_ObjectMetricStatus)};
static const struct kp_field f_autoscaling_v2_PodsMetricStatus[] = {
    {"metric", 1, KP_MSG, 0, &m_autoscaling_v2_MetricIdentifier},
    {"current", 2, KP_MSG, 0, &m_autoscaling_v2_MetricValueStatus},
};
static const struct kp_msg m_autoscaling_v2_PodsMetricStatus = {
    "PodsMetricStatus", f_autoscaling_v2_PodsMetricStatus, KP_N(f_autoscaling_v2_PodsMetricStatus)};
static const struct kp_field f_autoscaling_v2_ResourceMetricStatus[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"current", 2, KP_MSG, 0, &m_autoscaling_v2_MetricValueStatus},
};
static const struct kp_msg m_autoscaling_v2_ResourceMetricStatus = {
    "ResourceMetricStatus", f_autoscaling_v2_ResourceMetricStatus,
    KP_N(f_autoscaling_v2_ResourceMetricStatus)};
static const struct kp_field f_autoscaling_v2_ContainerResourceMetricStatus[] = {
    {"name", 1, KP_STR, 0, NULL},
    {"current", 2, KP_MSG, 0, &m_autoscaling_v2_MetricValueStatus},
    {"container", 3, KP_STR, 0, NULL},
};
static const struct kp_msg m_autoscaling_v2_ContainerResourceMetricStatus = {
    "ContainerResourceMetricStatus", f_autoscaling_v2_ContainerResourceMetricStatus,
    KP_N(f_autoscaling_v2_ContainerResourceMetricStatus)};
static const struct kp_field f_autoscaling_v2_ExternalMetricStatus[] = {
    {"metric", 1, KP_MSG, 0, &m_autoscaling_v2_MetricIdentifier},
    {"current", 2, KP_MSG, 0, &m_autoscaling_v2_MetricValueStatus},
};
static const struct kp_msg m_autoscaling_v2_ExternalMetricStatus = {
    "ExternalMetricStatus", f_autoscaling_v2_ExternalMetricStatus,
    KP_N(f_autoscaling_v2_ExternalMetricStatus)};
static const struct kp_field f_autoscaling_v2_MetricStatus[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"object", 2, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_ObjectMetricStatus},
    {"pods", 3, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_PodsMetricStatus},
    {"resource", 4, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_ResourceMetricStatus},
    {"containerResource", 7, KP_MSG, KP_PTR | KP_OMIT,
     &m_autoscaling_v2_ContainerResourceMetricStatus},
    {"external", 5, KP_MSG, KP_PTR | KP_OMIT, &m_autoscaling_v2_ExternalMetricStatus},
};
static const struct kp_msg m_autoscaling_v2_MetricStatus = {
    "MetricStatus", f_autoscaling_v2_MetricStatus, KP_N(f_autoscaling_v2_MetricStatus)};
static const struct kp_field f_autoscaling_v2_HorizontalPodAutoscalerCondition[] = {
    {"type", 1, KP_STR, 0, NULL},
    {"status", 2, KP_STR, 0, NULL},
    {"lastTransitionTime", 3, KP_TIME, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"message", 5, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerCondition = {
    "HorizontalPodAutoscalerCondition", f_autoscaling_v2_HorizontalPodAutoscalerCondition,
    KP_N(f_autoscaling_v2_HorizontalPodAutoscalerCondition)};
static const struct kp_field f_autoscaling_v2_HorizontalPodAutoscalerStatus[] = {
    {"observedGeneration", 1, KP_I64, KP_PTR | KP_OMIT, NULL},
    {"lastScaleTime", 2, KP_TIME, KP_PTR | KP_OMIT, NULL},
    {"currentReplicas", 3, KP_I32, KP_OMIT, NULL},
    {"desiredReplicas", 4, KP_I32, 0, NULL},
    {"currentMetrics", 5, KP_MSG, KP_LIST, &m_autoscaling_v2_MetricStatus},
    {"conditions", 6, KP_MSG, KP_LIST | KP_OMIT,
     &m_autoscaling_v2_HorizontalPodAutoscalerCondition},
};
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscalerStatus = {
    "HorizontalPodAutoscalerStatus", f_autoscaling_v2_HorizontalPodAutoscalerStatus,
    KP_N(f_autoscaling_v2_HorizontalPodAutoscalerStatus)};
static const struct kp_field f_autoscaling_v2_HorizontalPodAutoscaler[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ObjectMeta},
    {"spec", 2, KP_MSG, KP_OMIT, &m_autoscaling_v2_HorizontalPodAutoscalerSpec},
    {"status", 3, KP_MSG, KP_OMIT, &m_autoscaling_v2_HorizontalPodAutoscalerStatus},
};
static const struct kp_msg m_autoscaling_v2_HorizontalPodAutoscaler = {
    "HorizontalPodAutoscaler", f_autoscaling_v2_HorizontalPodAutoscaler,
    KP_N(f_autoscaling_v2_HorizontalPodAutoscaler)};
static const struct kp_field f_meta_v1_ListMeta[] = {
    {"selfLink", 1, KP_STR, KP_OMIT, NULL},
    {"resourceVersion", 2, KP_STR, KP_OMIT, NULL},
    {"continue", 3, KP_STR, KP_OMIT, NULL},
    {"remainingItemCount", 4, KP_I64, KP_PTR | KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_ListMeta = {"ListMeta", f_meta_v1_ListMeta,
						 KP_N(f_meta_v1_ListMeta)};
static const struct kp_field f_meta_v1_StatusCause[] = {
    {"reason", 1, KP_STR, KP_OMIT, NULL},
    {"message", 2, KP_STR, KP_OMIT, NULL},
    {"field", 3, KP_STR, KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_StatusCause = {"StatusCause", f_meta_v1_StatusCause,
						    KP_N(f_meta_v1_StatusCause)};
static const struct kp_field f_meta_v1_StatusDetails[] = {
    {"name", 1, KP_STR, KP_OMIT, NULL},
    {"group", 2, KP_STR, KP_OMIT, NULL},
    {"kind", 3, KP_STR, KP_OMIT, NULL},
    {"uid", 6, KP_STR, KP_OMIT, NULL},
    {"causes", 4, KP_MSG, KP_LIST | KP_OMIT, &m_meta_v1_StatusCause},
    {"retryAfterSeconds", 5, KP_I32, KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_StatusDetails = {"StatusDetails", f_meta_v1_StatusDetails,
						      KP_N(f_meta_v1_StatusDetails)};
static const struct kp_field f_meta_v1_Status[] = {
    {"metadata", 1, KP_MSG, KP_OMIT, &m_meta_v1_ListMeta},
    {"status", 2, KP_STR, KP_OMIT, NULL},
    {"message", 3, KP_STR, KP_OMIT, NULL},
    {"reason", 4, KP_STR, KP_OMIT, NULL},
    {"details", 5, KP_MSG, KP_PTR | KP_OMIT, &m_meta_v1_StatusDetails},
    {"code", 6, KP_I32, KP_OMIT, NULL},
};
static const struct kp_msg m_meta_v1_Status = {"Status", f_meta_v1_Status, KP_N(f_meta_v1_Status)};
const struct kp_type kp_types[] = {
    {"v1", "Namespace", &m_core_v1_Namespace},
    {"v1", "ConfigMap", &m_core_v1_ConfigMap},
    {"v1", "Secret", &m_core_v1_Secret},
    {"v1", "Service", &m_core_v1_Service},
    {"v1", "ServiceAccount", &m_core_v1_ServiceAccount},
    {"v1", "ResourceQuota", &m_core_v1_ResourceQuota},
    {"v1", "Pod", &m_core_v1_Pod},
    {"v1", "Node", &m_core_v1_Node},
    {"v1", "Endpoints", &m_core_v1_Endpoints},
    {"v1", "Event", &m_core_v1_Event},
    {"v1", "Binding", &m_core_v1_Binding},
    {"v1", "ReplicationController", &m_core_v1_ReplicationController},
    {"v1", "PersistentVolumeClaim", &m_core_v1_PersistentVolumeClaim},
    {"v1", "LimitRange", &m_core_v1_LimitRange},
    {"apps/v1", "Deployment", &m_apps_v1_Deployment},
    {"apps/v1", "ReplicaSet", &m_apps_v1_ReplicaSet},
    {"apps/v1", "StatefulSet", &m_apps_v1_StatefulSet},
    {"apps/v1", "DaemonSet", &m_apps_v1_DaemonSet},
    {"batch/v1", "Job", &m_batch_v1_Job},
    {"batch/v1", "CronJob", &m_batch_v1_CronJob},
    {"rbac.authorization.k8s.io/v1", "Role", &m_rbac_v1_Role},
    {"rbac.authorization.k8s.io/v1", "RoleBinding", &m_rbac_v1_RoleBinding},
    {"rbac.authorization.k8s.io/v1", "ClusterRole", &m_rbac_v1_ClusterRole},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", &m_rbac_v1_ClusterRoleBinding},
    {"policy/v1", "PodDisruptionBudget", &m_policy_v1_PodDisruptionBudget},
    {"policy/v1", "Eviction", &m_policy_v1_Eviction},
    {"scheduling.k8s.io/v1", "PriorityClass", &m_scheduling_v1_PriorityClass},
    {"networking.k8s.io/v1", "Ingress", &m_networking_v1_Ingress},
    {"authentication.k8s.io/v1", "TokenRequest", &m_authn_v1_TokenRequest},
    {"authentication.k8s.io/v1", "TokenReview", &m_authn_v1_TokenReview},
    {"authentication.k8s.io/v1", "SelfSubjectReview", &m_authn_v1_SelfSubjectReview},
    {"authorization.k8s.io/v1", "SelfSubjectAccessReview", &m_authz_v1_SelfSubjectAccessReview},
    {"authorization.k8s.io/v1", "SubjectAccessReview", &m_authz_v1_SubjectAccessReview},
    {"authorization.k8s.io/v1", "LocalSubjectAccessReview", &m_authz_v1_LocalSubjectAccessReview},
    {"authorization.k8s.io/v1", "SelfSubjectRulesReview", &m_authz_v1_SelfSubjectRulesReview},
    {"certificates.k8s.io/v1", "CertificateSigningRequest", &m_certs_v1_CertificateSigningRequest},
    {"discovery.k8s.io/v1", "EndpointSlice", &m_discovery_v1_EndpointSlice},
    {"coordination.k8s.io/v1", "Lease", &m_coord_v1_Lease},
    {"events.k8s.io/v1", "Event", &m_events_v1_Event},
    {"autoscaling/v1", "Scale", &m_autoscaling_v1_Scale},
    {"autoscaling/v1", "HorizontalPodAutoscaler", &m_autoscaling_v1_HorizontalPodAutoscaler},
    {"autoscaling/v2", "HorizontalPodAutoscaler", &m_autoscaling_v2_HorizontalPodAutoscaler},
    {NULL, "DeleteOptions", &m_meta_v1_DeleteOptions},
    {"v1", "Status", &m_meta_v1_Status},
};
const size_t kp_ntypes = KP_N(kp_types);
