/* quota: what a ResourceQuota charges objects for and which objects its scopes take in,
 * shared by the API server's ResourceQuota admission (charging at create) and the
 * resourcequota controller (recounting). A kind is named by its group-resource, as quota
 * names count them: "pods", "deployments.apps". */
#ifndef KUBE_QUOTA_H
#define KUBE_QUOTA_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

/* Storage-class scoped names: "<class>.storageclass.storage.k8s.io/requests.storage". */
#define QUOTA_SC_SUFFIX ".storageclass.storage.k8s.io/"

/* Every spec.scopes entry and spec.scopeSelector expression holds for obj (only pods can
 * fall in a scope; a quota without scopes takes in everything). */
bool quota_scopes_match(const json_t *quota, bool is_pod, const json_t *obj);

/* Does a quota naming resource `name` charge objects of group-resource gr? */
bool quota_charges(const char *gr, const char *name);
/* What obj of group-resource gr uses, as a resource list ({"count/pods": "1", "pods": "1",
 * "requests.cpu": "250m", ...}). Pods finished, or past their deletion grace at `now`, hold
 * no compute resources. */
json_t *quota_usage(const char *gr, const json_t *obj, time_t now);
/* The compute names one set of requests and limits charges (a pod's, or one container's). */
void quota_compute_usage(json_t *out, const json_t *req, const json_t *lim);

#endif
