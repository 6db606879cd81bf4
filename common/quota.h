/* quota: which objects a ResourceQuota's scopes take in, shared by the API server's
 * ResourceQuota admission (charging at create) and the resourcequota controller (recounting). */
#ifndef KUBE_QUOTA_H
#define KUBE_QUOTA_H

#include <jansson.h>
#include <stdbool.h>

/* Every spec.scopes entry and spec.scopeSelector expression holds for obj (only pods can
 * fall in a scope; a quota without scopes takes in everything). */
bool quota_scopes_match(const json_t *quota, bool is_pod, const json_t *obj);

#endif
