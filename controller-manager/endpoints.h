/*
 * endpoints: what the Endpoints and EndpointSlice controllers share (upstream's endpoint and
 * endpointslice utilities): which pods back a service, on which port numbers, at which
 * address, and when the change that moved them happened.
 */
#ifndef CM_ENDPOINTS_H
#define CM_ENDPOINTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define EP_HEADLESS_LABEL     "service.kubernetes.io/headless"
#define EP_TRIGGER_ANNOTATION "endpoints.kubernetes.io/last-change-trigger-time"

struct lsel;

/* The pod has an IP and a phase that can serve; terminating pods only when asked. */
bool ep_pod_serves(const json_t *pod, bool include_terminating);
/* The container port a service port (an element of spec.ports) reaches on pod: targetPort as
 * a number, or a named container port of the same protocol. -1 when the pod has none. */
int ep_find_port(const json_t *pod, const json_t *svc_port);
/* The pod's IP of that family (status.podIPs, then status.podIP), or NULL. */
const char *ep_pod_ip(const json_t *pod, bool ipv6);
/* The service's first IP family is IPv6. */
bool ep_service_ipv6(const json_t *svc);
/* clusterIP "None". */
bool ep_headless(const json_t *svc);
/* The service's selector, or NULL when it has none (then its endpoints are not managed). */
struct lsel *ep_selector(const json_t *svc);
/* The pod's hostname in the service's DNS (spec.hostname when its subdomain is the service),
 * or NULL. */
const char *ep_hostname(const json_t *pod, const json_t *svc);

/* Upstream's RepackSubsets then SortSubsets: addresses grouped by identical port sets, ready
 * beating not ready, everything in upstream's order. subsets is borrowed; new reference. */
json_t *ep_repack(const json_t *subsets);
/* The subsets of a service's Endpoints from its selected pods (borrowed). New reference. */
json_t *ep_subsets(const json_t *svc, const json_t *const *pods, size_t n);

/* Upstream's TriggerTimeTracker: the earliest change (a pod's Ready transition or the
 * service's creation) since the last call for this service. */
struct ep_tt;
struct ep_tt *ep_tt_new(void);
void ep_tt_free(struct ep_tt *t);
/* Writes the time into out and returns true when there is one. */
bool ep_tt_compute(struct ep_tt *t, const char *key, const json_t *svc, const json_t *const *pods,
		   size_t n, char out[40]);
void ep_tt_forget(struct ep_tt *t, const char *key);

/* The pods of the service's namespace its selector matches: a malloc'd array of borrowed
 * pointers from the pods informer. */
struct inf;
size_t ep_selected_pods(struct inf *pods, const json_t *svc, const struct lsel *sel,
			const json_t ***out);
/* Enqueue into q the keys of the services (informer svcs) selecting pod. */
struct wq;
void ep_enqueue_services_of(struct inf *svcs, struct wq *q, const json_t *pod);

/* The endpointslice controller's pure part: slices wanted for a service. */
#define EPS_MAX_ENDPOINTS 100
#define EPS_MANAGED_BY	  "endpointslice.kubernetes.io/managed-by"
#define EPS_CONTROLLER	  "endpointslice-controller.k8s.io"
#define EPS_SERVICE_NAME  "kubernetes.io/service-name"

/* The desired endpoints of one address type and port set. */
struct eps_group {
	char *address_type; /* "IPv4" or "IPv6" */
	json_t *ports;	    /* array of EndpointPorts */
	json_t *endpoints;  /* array of Endpoints, sorted */
};

/* Group the pods' endpoints; nodes maps node name to its Node (NULL: no zones). Returns
 * the number of groups in *out (malloc'd; eps_groups_free). */
struct inf;
size_t eps_desired(const json_t *svc, const json_t *const *pods, size_t n, struct inf *nodes,
		   struct eps_group **out);
void eps_groups_free(struct eps_group *g, size_t n);

/* The reconciliation of one service: what to create, update and delete. Existing slices are
 * borrowed; the plan's objects are new (creates lack names; updates are changed copies). */
struct eps_plan {
	json_t *create; /* array of EndpointSlices */
	json_t *update; /* array of EndpointSlices */
	json_t *remove; /* array of names */
};
void eps_plan(const json_t *svc, const struct eps_group *g, size_t ng,
	      const json_t *const *existing, size_t ne, const char *trigger, struct eps_plan *plan);
void eps_plan_free(struct eps_plan *plan);

#endif
