/* The default RBAC policy the server keeps at start: upstream's bootstrap roles and bindings,
 * created when missing and, for objects still marked for auto-update, given back the rules
 * and subjects they lack (upstream's reconciliation, which only ever adds). */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

#define RBAC_GROUP "rbac.authorization.k8s.io"
#define AUTOUPDATE "rbac.authorization.kubernetes.io/autoupdate"
#define AGG_PREFIX "rbac.authorization.k8s.io/aggregate-to-"

/* One PolicyRule. Lists are space-separated words; in groups, "core" is the legacy group "".
 * A rule has either groups and resources, or urls. */
struct policy_rule {
	const char *verbs, *groups, *resources, *names, *urls;
};

struct policy_role {
	const char *name;
	const char *ns;	       /* NULL for a ClusterRole */
	const char *aggregate; /* "admin": aggregates roles labeled aggregate-to-admin */
	const char *labels;    /* "admin edit": labeled aggregate-to-admin and aggregate-to-edit */
	const struct policy_rule *rules;
};

/* Subjects are "User:name", "Group:name" or "ServiceAccount:namespace:name". */
struct policy_binding {
	const char *name;
	const char *ns; /* NULL for a ClusterRoleBinding */
	const char *role;
	const char *subjects[4];
};

#define R(v, g, r)                                                                                 \
	{                                                                                          \
		.verbs = v, .groups = g, .resources = r                                            \
	}
#define RN(v, g, r, n)                                                                             \
	{                                                                                          \
		.verbs = v, .groups = g, .resources = r, .names = n                                \
	}
#define URLS(v, u)                                                                                 \
	{                                                                                          \
		.verbs = v, .urls = u                                                              \
	}
#define RULES(...)                                                                                 \
	(const struct policy_rule[])                                                               \
	{                                                                                          \
		__VA_ARGS__,                                                                       \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}
#define READ	   "get list watch"
#define WRITE	   "create delete deletecollection patch update"
#define READ_WRITE "create delete deletecollection get list patch update watch"
#define ALL_OBJ	   "create delete get list patch update watch"
#define EVENTS	   R("create patch update", "core events.k8s.io", "events")
#define LEADER_LOCKING                                                                             \
	RULES(R("create get list update watch", "coordination.k8s.io", "leases"),                  \
	      R("create get list update watch", "coordination.k8s.io", "leasecandidates"))

static const struct policy_role roles[] = {
    {"admin", NULL, "admin", NULL, NULL},
    {"cluster-admin", NULL, NULL, NULL, RULES(R("*", "*", "*"), URLS("*", "*"))},
    {"edit", NULL, "edit", "admin", NULL},
    {"system:aggregate-to-admin", NULL, NULL, "admin",
     RULES(R("create", "authorization.k8s.io", "localsubjectaccessreviews"),
	   R(READ_WRITE, RBAC_GROUP, "rolebindings roles"))},
    {"system:aggregate-to-edit", NULL, NULL, "edit",
     RULES(R(READ, "core",
	     "pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy"),
	   R("impersonate", "core", "serviceaccounts"),
	   R(WRITE, "core", "pods pods/attach pods/exec pods/portforward pods/proxy"),
	   R("create", "core", "pods/eviction"),
	   R(WRITE, "core",
	     "configmaps events persistentvolumeclaims replicationcontrollers "
	     "replicationcontrollers/scale secrets serviceaccounts services services/proxy"),
	   R("create", "core", "serviceaccounts/token"),
	   R(WRITE, "apps",
	     "daemonsets deployments deployments/rollback deployments/scale replicasets "
	     "replicasets/scale statefulsets statefulsets/scale"),
	   R(WRITE, "autoscaling", "horizontalpodautoscalers"), R(WRITE, "batch", "cronjobs jobs"),
	   R(WRITE, "extensions",
	     "daemonsets deployments deployments/rollback deployments/scale ingresses "
	     "networkpolicies replicasets replicasets/scale replicationcontrollers/scale"),
	   R(WRITE, "policy", "poddisruptionbudgets"),
	   R(WRITE, "networking.k8s.io", "ingresses networkpolicies"),
	   R(READ_WRITE, "coordination.k8s.io", "leases"))},
    {"system:aggregate-to-view", NULL, NULL, "view",
     RULES(R(READ, "core",
	     "configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods "
	     "replicationcontrollers replicationcontrollers/scale serviceaccounts services "
	     "services/status"),
	   R(READ, "core",
	     "bindings events limitranges namespaces/status pods/log pods/status "
	     "replicationcontrollers/status resourcequotas resourcequotas/status"),
	   R(READ, "core", "namespaces"), R(READ, "discovery.k8s.io", "endpointslices"),
	   R(READ, "apps",
	     "controllerrevisions daemonsets daemonsets/status deployments deployments/scale "
	     "deployments/status replicasets replicasets/scale replicasets/status statefulsets "
	     "statefulsets/scale statefulsets/status"),
	   R(READ, "autoscaling", "horizontalpodautoscalers horizontalpodautoscalers/status"),
	   R(READ, "batch", "cronjobs cronjobs/status jobs jobs/status"),
	   R(READ, "extensions",
	     "daemonsets daemonsets/status deployments deployments/scale deployments/status "
	     "ingresses ingresses/status networkpolicies replicasets replicasets/scale "
	     "replicasets/status replicationcontrollers/scale"),
	   R(READ, "policy", "poddisruptionbudgets poddisruptionbudgets/status"),
	   R(READ, "networking.k8s.io", "ingresses ingresses/status networkpolicies"))},
    {"system:auth-delegator", NULL, NULL, NULL,
     RULES(R("create", "authentication.k8s.io", "tokenreviews"),
	   R("create", "authorization.k8s.io", "subjectaccessreviews"))},
    {"system:basic-user", NULL, NULL, NULL,
     RULES(R("create", "authorization.k8s.io", "selfsubjectaccessreviews selfsubjectrulesreviews"),
	   R("create", "authentication.k8s.io", "selfsubjectreviews"))},
    {"system:certificates.k8s.io:certificatesigningrequests:nodeclient", NULL, NULL, NULL,
     RULES(R("create", "certificates.k8s.io", "certificatesigningrequests/nodeclient"))},
    {"system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", NULL, NULL, NULL,
     RULES(R("create", "certificates.k8s.io", "certificatesigningrequests/selfnodeclient"))},
    {"system:certificates.k8s.io:kube-apiserver-client-approver", NULL, NULL, NULL,
     RULES(RN("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client"))},
    {"system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", NULL, NULL, NULL,
     RULES(RN("approve", "certificates.k8s.io", "signers",
	      "kubernetes.io/kube-apiserver-client-kubelet"))},
    {"system:certificates.k8s.io:kubelet-serving-approver", NULL, NULL, NULL,
     RULES(RN("approve", "certificates.k8s.io", "signers", "kubernetes.io/kubelet-serving"))},
    {"system:certificates.k8s.io:legacy-unknown-approver", NULL, NULL, NULL,
     RULES(RN("approve", "certificates.k8s.io", "signers", "kubernetes.io/legacy-unknown"))},
    {"system:discovery", NULL, NULL, NULL,
     RULES(URLS("get", "/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz "
		       "/version /version/"))},
    {"system:heapster", NULL, NULL, NULL,
     RULES(R(READ, "core", "events namespaces nodes pods"), R(READ, "extensions", "deployments"))},
    {"system:kube-aggregator", NULL, NULL, NULL, RULES(R(READ, "core", "endpoints services"))},
    {"system:kube-controller-manager", NULL, NULL, NULL,
     RULES(EVENTS, R("create", "coordination.k8s.io", "leases"),
	   RN("get update", "coordination.k8s.io", "leases", "kube-controller-manager"),
	   R("create", "core", "secrets serviceaccounts"), R("delete", "core", "secrets"),
	   R("get", "core", "configmaps namespaces secrets serviceaccounts"),
	   R("update", "core", "secrets serviceaccounts"),
	   R("create", "authentication.k8s.io", "tokenreviews"),
	   R("create", "authorization.k8s.io", "subjectaccessreviews"), R("list watch", "*", "*"),
	   R("create", "core", "serviceaccounts/token"))},
    {"system:kube-dns", NULL, NULL, NULL, RULES(R("list watch", "core", "endpoints services"))},
    {"system:kube-scheduler", NULL, NULL, NULL,
     RULES(EVENTS, R("create", "coordination.k8s.io", "leases"),
	   RN("get update", "coordination.k8s.io", "leases", "kube-scheduler"),
	   R(READ, "core", "nodes"), R("delete get list watch", "core", "pods"),
	   R("create", "core", "bindings pods/binding"), R("patch update", "core", "pods/status"),
	   R(READ, "core", "replicationcontrollers services"),
	   R(READ, "apps extensions", "replicasets"), R(READ, "apps", "statefulsets"),
	   R(READ, "policy", "poddisruptionbudgets"),
	   R(READ, "core", "persistentvolumeclaims persistentvolumes"),
	   R("create", "authentication.k8s.io", "tokenreviews"),
	   R("create", "authorization.k8s.io", "subjectaccessreviews"),
	   R(READ, "storage.k8s.io", "csinodes"), R(READ, "core", "namespaces"),
	   R(READ, "storage.k8s.io", "csidrivers"),
	   R(READ, "storage.k8s.io", "csistoragecapacities"))},
    {"system:kubelet-api-admin", NULL, NULL, NULL,
     RULES(R(READ, "core", "nodes"), R("proxy", "core", "nodes"),
	   R("*", "core", "nodes/log nodes/metrics nodes/proxy nodes/stats"))},
    {"system:monitoring", NULL, NULL, NULL,
     RULES(URLS("get", "/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz "
		       "/readyz/*"))},
    {"system:node", NULL, NULL, NULL,
     RULES(R("create", "authentication.k8s.io", "tokenreviews"),
	   R("create", "authorization.k8s.io", "localsubjectaccessreviews subjectaccessreviews"),
	   R(READ, "core", "services"), R("create get list watch", "core", "nodes"),
	   R("patch update", "core", "nodes/status"), R("patch update", "core", "nodes"),
	   R("create patch update", "core", "events"), R(READ, "core", "pods"),
	   R("create delete", "core", "pods"), R("patch update", "core", "pods/status"),
	   R("create", "core", "pods/eviction"), R(READ, "core", "configmaps secrets"),
	   R("get", "core", "persistentvolumeclaims persistentvolumes"),
	   R("get", "core", "endpoints"),
	   R("create get list watch", "certificates.k8s.io", "certificatesigningrequests"),
	   R("create delete get patch update", "coordination.k8s.io", "leases"),
	   R("get", "storage.k8s.io", "volumeattachments"),
	   R("create", "core", "serviceaccounts/token"),
	   R("get patch update", "core", "persistentvolumeclaims/status"),
	   R(READ, "storage.k8s.io", "csidrivers"),
	   R("create delete get patch update", "storage.k8s.io", "csinodes"),
	   R(READ, "node.k8s.io", "runtimeclasses"))},
    {"system:node-bootstrapper", NULL, NULL, NULL,
     RULES(R("create get list watch", "certificates.k8s.io", "certificatesigningrequests"))},
    {"system:node-problem-detector", NULL, NULL, NULL,
     RULES(R("get", "core", "nodes"), R("patch", "core", "nodes/status"), EVENTS)},
    {"system:node-proxier", NULL, NULL, NULL,
     RULES(R("list watch", "core", "endpoints services"), R(READ, "core", "nodes"), EVENTS,
	   R("list watch", "discovery.k8s.io", "endpointslices"))},
    {"system:persistent-volume-provisioner", NULL, NULL, NULL,
     RULES(R("create delete get list watch", "core", "persistentvolumes"),
	   R("get list update watch", "core", "persistentvolumeclaims"),
	   R(READ, "storage.k8s.io", "storageclasses"), R("watch", "core", "events"), EVENTS)},
    {"system:public-info-viewer", NULL, NULL, NULL,
     RULES(URLS("get", "/healthz /livez /readyz /version /version/"))},
    {"system:service-account-issuer-discovery", NULL, NULL, NULL,
     RULES(URLS("get", "/.well-known/openid-configuration /openid/v1/jwks"))},
    {"system:volume-scheduler", NULL, NULL, NULL,
     RULES(R("get list patch update watch", "core", "persistentvolumes"),
	   R(READ, "storage.k8s.io", "storageclasses"),
	   R("get list patch update watch", "core", "persistentvolumeclaims"))},
    {"view", NULL, "view", "edit", NULL},

    /* The controller-manager's per-controller roles, each bound to its service account. */
    {"system:controller:attachdetach-controller", NULL, NULL, NULL,
     RULES(R("list watch", "core", "persistentvolumeclaims persistentvolumes"),
	   R(READ, "core", "nodes"), R("patch update", "core", "nodes/status"),
	   R("list watch", "core", "pods"), EVENTS,
	   R("create delete get list watch", "storage.k8s.io", "volumeattachments"),
	   R(READ, "storage.k8s.io", "csidrivers"), R(READ, "storage.k8s.io", "csinodes"))},
    {"system:controller:certificate-controller", NULL, NULL, NULL,
     RULES(R("delete get list watch", "certificates.k8s.io", "certificatesigningrequests"),
	   R("update", "certificates.k8s.io",
	     "certificatesigningrequests/approval certificatesigningrequests/status"),
	   RN("approve", "certificates.k8s.io", "signers",
	      "kubernetes.io/kube-apiserver-client-kubelet"),
	   RN("sign", "certificates.k8s.io", "signers",
	      "kubernetes.io/kube-apiserver-client kubernetes.io/kube-apiserver-client-kubelet "
	      "kubernetes.io/kubelet-serving kubernetes.io/legacy-unknown"),
	   R("create", "authorization.k8s.io", "subjectaccessreviews"), EVENTS)},
    {"system:controller:clusterrole-aggregation-controller", NULL, NULL, NULL,
     RULES(R("escalate get list patch update watch", RBAC_GROUP, "clusterroles"))},
    {"system:controller:cronjob-controller", NULL, NULL, NULL,
     RULES(R("get list update watch", "batch", "cronjobs"), R(ALL_OBJ, "batch", "jobs"),
	   R("update", "batch", "cronjobs/status"), R("update", "batch", "cronjobs/finalizers"),
	   R("delete list watch", "core", "pods"), EVENTS)},
    {"system:controller:daemon-set-controller", NULL, NULL, NULL,
     RULES(R(READ, "apps extensions", "daemonsets"),
	   R("update", "apps extensions", "daemonsets/status"),
	   R("update", "apps extensions", "daemonsets/finalizers"),
	   R("list watch", "core", "nodes"), R("create delete list patch watch", "core", "pods"),
	   R("create", "core", "pods/binding"), R(ALL_OBJ, "apps", "controllerrevisions"), EVENTS)},
    {"system:controller:deployment-controller", NULL, NULL, NULL,
     RULES(R("get list update watch", "apps extensions", "deployments"),
	   R("update", "apps extensions", "deployments/status"),
	   R("update", "apps extensions", "deployments/finalizers"),
	   R(ALL_OBJ, "apps extensions", "replicasets"), R("get list update watch", "core", "pods"),
	   EVENTS)},
    {"system:controller:disruption-controller", NULL, NULL, NULL,
     RULES(R(READ, "apps extensions", "deployments"), R(READ, "apps extensions", "replicasets"),
	   R(READ, "core", "replicationcontrollers"), R(READ, "policy", "poddisruptionbudgets"),
	   R(READ, "apps", "statefulsets"), R("update", "policy", "poddisruptionbudgets/status"),
	   R("patch update", "core", "pods/status"), R("get", "*", "*/scale"), EVENTS)},
    {"system:controller:endpoint-controller", NULL, NULL, NULL,
     RULES(R(READ, "core", "pods services"),
	   R("create delete get list update watch", "core", "endpoints"),
	   R("create", "core", "endpoints/restricted"), EVENTS)},
    {"system:controller:endpointslice-controller", NULL, NULL, NULL,
     RULES(R(READ, "core", "nodes pods services"), R("update", "core", "services/finalizers"),
	   R("create delete get list update watch", "discovery.k8s.io", "endpointslices"), EVENTS)},
    {"system:controller:endpointslicemirroring-controller", NULL, NULL, NULL,
     RULES(R(READ, "core", "endpoints services"), R("update", "core", "services/finalizers"),
	   R("update", "core", "endpoints/finalizers"),
	   R("create delete get list update watch", "discovery.k8s.io", "endpointslices"), EVENTS)},
    {"system:controller:ephemeral-volume-controller", NULL, NULL, NULL,
     RULES(R(READ, "core", "pods"), R("update", "core", "pods/finalizers"),
	   R("create get list watch", "core", "persistentvolumeclaims"), EVENTS)},
    {"system:controller:expand-controller", NULL, NULL, NULL,
     RULES(R("get list patch update watch", "core", "persistentvolumes"),
	   R("patch update", "core", "persistentvolumeclaims/status"),
	   R(READ, "core", "persistentvolumeclaims"), EVENTS)},
    {"system:controller:generic-garbage-collector", NULL, NULL, NULL,
     RULES(R("delete get list patch update watch", "*", "*"), EVENTS)},
    {"system:controller:horizontal-pod-autoscaler", NULL, NULL, NULL,
     RULES(R(READ, "autoscaling", "horizontalpodautoscalers"),
	   R("update", "autoscaling", "horizontalpodautoscalers/status"),
	   R("get update", "*", "*/scale"), R("list watch", "core", "pods"),
	   R("list watch", "metrics.k8s.io", "pods"), R(READ, "custom.metrics.k8s.io", "*"),
	   R(READ, "external.metrics.k8s.io", "*"), EVENTS)},
    {"system:controller:job-controller", NULL, NULL, NULL,
     RULES(R("get list patch update watch", "batch", "jobs"), R("update", "batch", "jobs/status"),
	   R("update", "batch", "jobs/finalizers"),
	   R("create delete list patch watch", "core", "pods"), EVENTS)},
    {"system:controller:legacy-service-account-token-cleaner", NULL, NULL, NULL,
     RULES(RN("get", "core", "configmaps", "kube-apiserver-legacy-service-account-token-tracking"),
	   R("delete patch", "core", "secrets"))},
    {"system:controller:namespace-controller", NULL, NULL, NULL,
     RULES(R("delete get list watch", "core", "namespaces"),
	   R("update", "core", "namespaces/finalize namespaces/status"),
	   R("delete deletecollection get list watch", "*", "*"))},
    {"system:controller:node-controller", NULL, NULL, NULL,
     RULES(R("delete get list patch update watch", "core", "nodes"),
	   R("patch update", "core", "nodes/status"), R("patch update", "core", "pods/status"),
	   R("delete get list watch", "core", "pods"), EVENTS)},
    {"system:controller:persistent-volume-binder", NULL, NULL, NULL,
     RULES(R("create delete get list update watch", "core", "persistentvolumes"),
	   R("update", "core", "persistentvolumes/status"),
	   R("get list update watch", "core", "persistentvolumeclaims"),
	   R("update", "core", "persistentvolumeclaims/status"),
	   R("create delete get list watch", "core", "pods"),
	   R(READ, "storage.k8s.io", "storageclasses"), R("list watch", "core", "nodes"), EVENTS,
	   R("watch", "core", "events"))},
    {"system:controller:pod-garbage-collector", NULL, NULL, NULL,
     RULES(R("delete list watch", "core", "pods"), R(READ, "core", "nodes"),
	   R("patch", "core", "pods/status"))},
    {"system:controller:pv-protection-controller", NULL, NULL, NULL,
     RULES(R("get list update watch", "core", "persistentvolumes"), EVENTS)},
    {"system:controller:pvc-protection-controller", NULL, NULL, NULL,
     RULES(R("get list update watch", "core", "persistentvolumeclaims"),
	   R("update", "core", "persistentvolumeclaims/status"), R(READ, "core", "pods"), EVENTS)},
    {"system:controller:replicaset-controller", NULL, NULL, NULL,
     RULES(R("get list update watch", "apps extensions", "replicasets"),
	   R("update", "apps extensions", "replicasets/status"),
	   R("update", "apps extensions", "replicasets/finalizers"),
	   R("create delete list patch watch", "core", "pods"), EVENTS)},
    {"system:controller:replication-controller", NULL, NULL, NULL,
     RULES(R("get list update watch", "core", "replicationcontrollers"),
	   R("update", "core", "replicationcontrollers/status"),
	   R("update", "core", "replicationcontrollers/finalizers"),
	   R("create delete list patch watch", "core", "pods"), EVENTS)},
    {"system:controller:resourcequota-controller", NULL, NULL, NULL,
     RULES(R("list watch", "*", "*"), R("update", "core", "resourcequotas/status"), EVENTS)},
    {"system:controller:root-ca-cert-publisher", NULL, NULL, NULL,
     RULES(R("create update", "core", "configmaps"), EVENTS)},
    {"system:controller:route-controller", NULL, NULL, NULL,
     RULES(R("list watch", "core", "nodes"), R("patch", "core", "nodes/status"), EVENTS)},
    {"system:controller:service-account-controller", NULL, NULL, NULL,
     RULES(R("create", "core", "serviceaccounts"), EVENTS)},
    {"system:controller:service-cidrs-controller", NULL, NULL, NULL,
     RULES(R("get list patch update watch", "networking.k8s.io", "servicecidrs"),
	   R("patch update", "networking.k8s.io", "servicecidrs/finalizers"),
	   R("patch update", "networking.k8s.io", "servicecidrs/status"),
	   R(READ, "networking.k8s.io", "ipaddresses"), EVENTS)},
    {"system:controller:service-controller", NULL, NULL, NULL,
     RULES(R(READ, "core", "services"), R("patch update", "core", "services/status"),
	   R("list watch", "core", "nodes"), EVENTS)},
    {"system:controller:statefulset-controller", NULL, NULL, NULL,
     RULES(R("list watch", "core", "pods"), R(READ, "apps", "statefulsets"),
	   R("update", "apps", "statefulsets/status"),
	   R("update", "apps", "statefulsets/finalizers"),
	   R("create delete get patch update", "core", "pods"),
	   R(ALL_OBJ, "apps", "controllerrevisions"),
	   R("create get list watch", "core", "persistentvolumeclaims"),
	   R("delete update", "core", "persistentvolumeclaims"),
	   R("update", "core", "pods/finalizers"), EVENTS)},
    {"system:controller:ttl-after-finished-controller", NULL, NULL, NULL,
     RULES(R("delete get list watch", "batch", "jobs"), EVENTS)},
    {"system:controller:ttl-controller", NULL, NULL, NULL,
     RULES(R("list patch update watch", "core", "nodes"), EVENTS)},
    {"system:controller:validatingadmissionpolicy-status-controller", NULL, NULL, NULL,
     RULES(R(READ, "admissionregistration.k8s.io", "validatingadmissionpolicies"),
	   R("get patch update", "admissionregistration.k8s.io",
	     "validatingadmissionpolicies/status"),
	   EVENTS)},

    /* Roles in kube-system and kube-public. */
    {"system:controller:bootstrap-signer", "kube-public", NULL, NULL,
     RULES(R(READ, "core", "configmaps"), RN("update", "core", "configmaps", "cluster-info"),
	   EVENTS)},
    {"extension-apiserver-authentication-reader", "kube-system", NULL, NULL,
     RULES(RN(READ, "core", "configmaps", "extension-apiserver-authentication"))},
    {"system::leader-locking-kube-controller-manager", "kube-system", NULL, NULL, LEADER_LOCKING},
    {"system::leader-locking-kube-scheduler", "kube-system", NULL, NULL, LEADER_LOCKING},
    {"system:controller:bootstrap-signer", "kube-system", NULL, NULL,
     RULES(R(READ, "core", "secrets"))},
    {"system:controller:cloud-provider", "kube-system", NULL, NULL,
     RULES(R("create get list watch", "core", "configmaps"))},
    {"system:controller:token-cleaner", "kube-system", NULL, NULL,
     RULES(R("delete get list watch", "core", "secrets"), EVENTS)},
};

/* Bindings beyond the controllers' (those are derived from the roles above). */
static const struct policy_binding bindings[] = {
    {"cluster-admin", NULL, "cluster-admin", {"Group:system:masters"}},
    {"system:monitoring", NULL, "system:monitoring", {"Group:system:monitoring"}},
    {"system:discovery", NULL, "system:discovery", {"Group:system:authenticated"}},
    {"system:basic-user", NULL, "system:basic-user", {"Group:system:authenticated"}},
    {"system:public-info-viewer",
     NULL,
     "system:public-info-viewer",
     {"Group:system:authenticated", "Group:system:unauthenticated"}},
    {"system:node-proxier", NULL, "system:node-proxier", {"User:system:kube-proxy"}},
    {"system:kube-controller-manager",
     NULL,
     "system:kube-controller-manager",
     {"User:system:kube-controller-manager"}},
    {"system:kube-dns", NULL, "system:kube-dns", {"ServiceAccount:kube-system:kube-dns"}},
    {"system:kube-scheduler", NULL, "system:kube-scheduler", {"User:system:kube-scheduler"}},
    {"system:volume-scheduler", NULL, "system:volume-scheduler", {"User:system:kube-scheduler"}},
    /* Kept without subjects: the Node authorizer took over; upstream leaves it empty. */
    {"system:node", NULL, "system:node", {NULL}},
    {"system:service-account-issuer-discovery",
     NULL,
     "system:service-account-issuer-discovery",
     {"Group:system:serviceaccounts"}},
    {"system:controller:bootstrap-signer",
     "kube-public",
     "system:controller:bootstrap-signer",
     {"ServiceAccount:kube-system:bootstrap-signer"}},
    {"system::extension-apiserver-authentication-reader",
     "kube-system",
     "extension-apiserver-authentication-reader",
     {"User:system:kube-controller-manager", "User:system:kube-scheduler"}},
    {"system::leader-locking-kube-controller-manager",
     "kube-system",
     "system::leader-locking-kube-controller-manager",
     {"User:system:kube-controller-manager", "ServiceAccount:kube-system:kube-controller-manager",
      "ServiceAccount:kube-system:leader-election-controller"}},
    {"system::leader-locking-kube-scheduler",
     "kube-system",
     "system::leader-locking-kube-scheduler",
     {"User:system:kube-scheduler", "ServiceAccount:kube-system:kube-scheduler"}},
    {"system:controller:bootstrap-signer",
     "kube-system",
     "system:controller:bootstrap-signer",
     {"ServiceAccount:kube-system:bootstrap-signer"}},
    {"system:controller:cloud-provider",
     "kube-system",
     "system:controller:cloud-provider",
     {"ServiceAccount:kube-system:cloud-provider"}},
    {"system:controller:token-cleaner",
     "kube-system",
     "system:controller:token-cleaner",
     {"ServiceAccount:kube-system:token-cleaner"}},
};

#define NROLES		  (sizeof(roles) / sizeof(roles[0]))
#define NBINDINGS	  (sizeof(bindings) / sizeof(bindings[0]))
#define CONTROLLER_PREFIX "system:controller:"

/* ---- building objects ---- */

static json_t *words(const char *s, bool groups)
{
	json_t *a = json_array();

	while (s && *s) {
		size_t n = strcspn(s, " ");
		if (n) {
			bool core = groups && n == 4 && !strncmp(s, "core", 4);
			json_array_append_new(a, json_stringn(s, core ? 0 : n));
		}
		s += n + (s[n] == ' ');
	}
	return a;
}

static json_t *rule_json(const struct policy_rule *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "verbs", words(r->verbs, false));
	if (r->urls) {
		json_object_set_new(o, "nonResourceURLs", words(r->urls, false));
		return o;
	}
	json_object_set_new(o, "apiGroups", words(r->groups, true));
	json_object_set_new(o, "resources", words(r->resources, false));
	if (r->names)
		json_object_set_new(o, "resourceNames", words(r->names, false));
	return o;
}

static json_t *meta_json(const char *name, const char *ns, const char *agg_labels)
{
	json_t *m = json_pack("{s:s}", "name", name), *labels;

	if (ns)
		json_object_set_new(m, "namespace", json_string(ns));
	labels = json_pack("{s:s}", "kubernetes.io/bootstrapping", "rbac-defaults");
	for (const char *s = agg_labels; s && *s;) {
		size_t n = strcspn(s, " ");
		char *key = xasprintf(AGG_PREFIX "%.*s", (int)n, s);
		json_object_set_new(labels, key, json_string("true"));
		free(key);
		s += n + (s[n] == ' ');
	}
	json_object_set_new(m, "labels", labels);
	json_object_set_new(m, "annotations", json_pack("{s:s}", AUTOUPDATE, "true"));
	return m;
}

static bool has_label(const struct policy_role *r, const char *which)
{
	json_t *w = words(r->labels, false), *v;
	size_t i;
	bool found = false;

	json_array_foreach(w, i, v)
	{
		found |= !strcmp(json_string_value(v), which);
	}
	json_decref(w);
	return found;
}

/* A role's rules; for an aggregating role, what the aggregation controller would fill in
 * from the other default roles (the authorizer also aggregates at evaluation time). */
static json_t *role_rules(const struct policy_role *r, int depth)
{
	json_t *rules = json_array();

	for (const struct policy_rule *p = r->rules; p && p->verbs; p++)
		json_array_append_new(rules, rule_json(p));
	if (!r->aggregate || depth > 4)
		return rules;
	for (size_t i = 0; i < NROLES; i++) {
		json_t *part;
		if (&roles[i] == r || roles[i].ns || !has_label(&roles[i], r->aggregate))
			continue;
		part = role_rules(&roles[i], depth + 1);
		auth_rules_merge(rules, part);
		json_decref(part);
	}
	return rules;
}

json_t *policy_role_rules(const char *name)
{
	for (size_t i = 0; i < NROLES; i++)
		if (!roles[i].ns && !strcmp(roles[i].name, name))
			return role_rules(&roles[i], 0);
	return NULL;
}

static json_t *role_json(const struct policy_role *r)
{
	json_t *o = json_pack("{s:s, s:s}", "apiVersion", RBAC_GROUP "/v1", "kind",
			      r->ns ? "Role" : "ClusterRole");

	json_object_set_new(o, "metadata", meta_json(r->name, r->ns, r->labels));
	json_object_set_new(o, "rules", role_rules(r, 0));
	if (r->aggregate) {
		char *key = xasprintf(AGG_PREFIX "%s", r->aggregate);
		json_object_set_new(o, "aggregationRule",
				    json_pack("{s:[{s:{s:s}}]}", "clusterRoleSelectors",
					      "matchLabels", key, "true"));
		free(key);
	}
	return o;
}

static json_t *subject_json(const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t kn = colon ? (size_t)(colon - spec) : 0;

	if (kn == 14 && !strncmp(spec, "ServiceAccount", kn)) {
		const char *ns = colon + 1, *name = strchr(ns, ':');
		return json_pack("{s:s, s:s, s:s#}", "kind", "ServiceAccount", "name",
				 name ? name + 1 : "", "namespace", ns,
				 (int)(name ? (size_t)(name - ns) : strlen(ns)));
	}
	return json_pack("{s:s#, s:s, s:s}", "kind", spec, (int)kn, "apiGroup", RBAC_GROUP, "name",
			 colon ? colon + 1 : spec);
}

static json_t *binding_json(const char *name, const char *ns, const char *role,
			    const char *const *subjects, size_t nsubjects)
{
	json_t *o = json_pack("{s:s, s:s}", "apiVersion", RBAC_GROUP "/v1", "kind",
			      ns ? "RoleBinding" : "ClusterRoleBinding");
	json_t *subj = json_array();

	json_object_set_new(o, "metadata", meta_json(name, ns, NULL));
	for (size_t i = 0; i < nsubjects && subjects[i]; i++)
		json_array_append_new(subj, subject_json(subjects[i]));
	if (json_array_size(subj))
		json_object_set_new(o, "subjects", subj);
	else
		json_decref(subj);
	json_object_set_new(o, "roleRef",
			    json_pack("{s:s, s:s, s:s}", "apiGroup", RBAC_GROUP, "kind",
				      ns ? "Role" : "ClusterRole", "name", role));
	return o;
}

/* ---- reconciliation: add what is missing, never take away ---- */

static bool list_has(const json_t *list, const char *want, bool prefix_star)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		size_t n = s ? strlen(s) : 0;
		if (!s)
			continue;
		if (!strcmp(s, "*") || !strcmp(s, want))
			return true;
		if (prefix_star && n && s[n - 1] == '*' && !strncmp(s, want, n - 1))
			return true;
	}
	return false;
}

static bool resource_covered(const json_t *have, const char *res)
{
	const char *slash = strchr(res, '/');
	char star[256];

	if (list_has(have, res, false))
		return true;
	if (!slash)
		return false;
	snprintf(star, sizeof(star), "*%s", slash);
	return list_has(have, star, false);
}

/* Does rule own grant everything the one-verb, one-item rule atom does? */
static bool rule_covers(const json_t *own, const json_t *atom)
{
	const char *verb = json_string_value(json_array_get(json_object_get(atom, "verbs"), 0));
	json_t *url = json_array_get(json_object_get(atom, "nonResourceURLs"), 0);
	json_t *names = json_object_get(own, "resourceNames");
	json_t *name = json_array_get(json_object_get(atom, "resourceNames"), 0);

	if (!verb || !list_has(json_object_get(own, "verbs"), verb, false))
		return false;
	if (url)
		return list_has(json_object_get(own, "nonResourceURLs"), json_string_value(url),
				true);
	if (!list_has(json_object_get(own, "apiGroups"),
		      json_string_value(json_array_get(json_object_get(atom, "apiGroups"), 0)),
		      false) ||
	    !resource_covered(
		json_object_get(own, "resources"),
		json_string_value(json_array_get(json_object_get(atom, "resources"), 0))))
		return false;
	if (!json_array_size(names))
		return true;
	return name && list_has(names, json_string_value(name), false);
}

static bool covered_by(const json_t *rules, const json_t *atom)
{
	size_t i;
	json_t *r;

	json_array_foreach((json_t *)rules, i, r)
	{
		if (rule_covers(r, atom))
			return true;
	}
	return false;
}

/* Append atom (stolen) to out unless have or out already grant it. */
static void keep_uncovered(const json_t *have, json_t *out, json_t *atom)
{
	if (covered_by(have, atom) || covered_by(out, atom))
		json_decref(atom);
	else
		json_array_append_new(out, atom);
}

static json_t *one(json_t *v)
{
	return json_pack("[O]", v);
}

static void uncovered_resources(const json_t *have, const json_t *want, json_t *verb, json_t *out)
{
	json_t *names = json_object_get(want, "resourceNames"), *g, *r, *n;
	size_t ig, ir, in;

	json_array_foreach(json_object_get(want, "apiGroups"), ig, g)
	{
		json_array_foreach(json_object_get(want, "resources"), ir, r)
		{
			json_t *base = json_pack("{s:o, s:o, s:o}", "verbs", one(verb), "apiGroups",
						 one(g), "resources", one(r));
			json_array_foreach(names, in, n)
			{
				json_t *atom = json_deep_copy(base);
				json_object_set_new(atom, "resourceNames", one(n));
				keep_uncovered(have, out, atom);
			}
			if (json_array_size(names))
				json_decref(base);
			else
				keep_uncovered(have, out, base);
		}
	}
}

/* The parts of rule want that have does not grant, one verb and one item per rule, as
 * upstream's reconciliation adds them. */
static void uncovered(const json_t *have, const json_t *want, json_t *out)
{
	json_t *v, *u;
	size_t iv, iu;

	json_array_foreach(json_object_get(want, "verbs"), iv, v)
	{
		json_array_foreach(json_object_get(want, "nonResourceURLs"), iu, u)
		{
			keep_uncovered(
			    have, out,
			    json_pack("{s:o, s:o}", "verbs", one(v), "nonResourceURLs", one(u)));
		}
		uncovered_resources(have, want, v, out);
	}
}

static json_t *meta_map(const json_t *obj, const char *which)
{
	return json_object_get(json_object_get(obj, "metadata"), which);
}

/* Copy the keys of want's labels or annotations that cur lacks; true if any was added. */
static bool merge_map(json_t *cur, const json_t *want, const char *which)
{
	json_t *meta = jx_obj(cur, "metadata"), *have = json_object_get(meta, which), *v;
	const char *k;
	bool changed = false;

	if (!json_is_object(have))
		json_object_set_new(meta, which, have = json_object());
	json_object_foreach(meta_map(want, which), k, v)
	{
		if (json_object_get(have, k))
			continue;
		json_object_set(have, k, v);
		changed = true;
	}
	return changed;
}

static bool merge_array(json_t *cur, const char *key, const json_t *want)
{
	json_t *have = json_object_get(cur, key), *w, *h;
	size_t i, j;
	bool changed = false;

	if (!json_is_array(have))
		json_object_set_new(cur, key, have = json_array());
	json_array_foreach(want, i, w)
	{
		bool found = false;
		json_array_foreach(have, j, h)
		{
			found |= json_equal(h, w);
		}
		if (!found) {
			json_array_append(have, w);
			changed = true;
		}
	}
	return changed;
}

json_t *policy_merge(const json_t *cur, const json_t *want)
{
	json_t *next = json_deep_copy(cur), *add = json_array(), *w;
	const char *au =
	    json_string_value(json_object_get(meta_map(cur, "annotations"), AUTOUPDATE));
	bool changed = false;
	size_t i;

	if (au && !strcmp(au, "false")) {
		json_decref(add);
		json_decref(next);
		return NULL;
	}
	changed |= merge_map(next, want, "labels");
	changed |= merge_map(next, want, "annotations");
	if (json_object_get(want, "roleRef")) {
		changed |= merge_array(next, "subjects", json_object_get(want, "subjects"));
	} else {
		if (json_object_get(want, "aggregationRule"))
			changed |=
			    merge_array(jx_obj(next, "aggregationRule"), "clusterRoleSelectors",
					jx_get(want, "aggregationRule.clusterRoleSelectors"));
		json_array_foreach(json_object_get(want, "rules"), i, w)
		    uncovered(json_object_get(next, "rules"), w, add);
		if (json_array_size(add)) {
			if (!json_is_array(json_object_get(next, "rules")))
				json_object_set_new(next, "rules", json_array());
			json_array_extend(json_object_get(next, "rules"), add);
			changed = true;
		}
	}
	json_decref(add);
	if (changed)
		return next;
	json_decref(next);
	return NULL;
}

/* ---- writing ---- */

static struct {
	void (*done)(void *, json_t *);
	void *arg;
	int wait_idx;
} P;

static const char *const rbac_resources[] = {"clusterroles", "clusterrolebindings", "roles",
					     "rolebindings"};

static struct cache *rbac_cache(int i)
{
	return cache_of(kind_by_resource(RBAC_GROUP, "v1", rbac_resources[i]));
}

/* Once written, wait until every RBAC cache shows the writes: the authorizer reads them. */
static void wait_caches(void *arg)
{
	(void)arg;
	if (P.wait_idx < 4) {
		struct cache *c = rbac_cache(P.wait_idx++);
		cache_wait(c, cache_fence_rev(c), wait_caches, NULL);
		return;
	}
	log_v(2, "policy: default RBAC policy in place");
	P.done(P.arg, NULL);
}

static void ensure(struct ens *b, const char *resource, json_t *want)
{
	ens_object(b, kind_by_resource(RBAC_GROUP, "v1", resource), want, policy_merge);
}

void policy_reconcile(void (*done)(void *arg, json_t *st), void *arg)
{
	struct ens *b = ens_begin("policy", wait_caches, NULL);

	P.done = done;
	P.arg = arg;
	P.wait_idx = 0;
	for (size_t i = 0; i < NROLES; i++)
		ensure(b, roles[i].ns ? "roles" : "clusterroles", role_json(&roles[i]));
	for (size_t i = 0; i < NBINDINGS; i++) {
		const struct policy_binding *bd = &bindings[i];
		ensure(b, bd->ns ? "rolebindings" : "clusterrolebindings",
		       binding_json(bd->name, bd->ns, bd->role, bd->subjects, 4));
	}
	for (size_t i = 0; i < NROLES; i++) {
		const char *n = roles[i].name;
		char *sa;
		if (roles[i].ns || strncmp(n, CONTROLLER_PREFIX, strlen(CONTROLLER_PREFIX)))
			continue;
		sa = xasprintf("ServiceAccount:kube-system:%s", n + strlen(CONTROLLER_PREFIX));
		ensure(b, "clusterrolebindings",
		       binding_json(n, NULL, n, (const char *const *)&sa, 1));
		free(sa);
	}
	ens_end(b);
}
