/* rlist: resource lists, the JSON objects of quantity strings that requests, limits,
 * allocatable and quota hard/used are ({"cpu": "250m", "memory": "1Gi"}), summed exactly. */
#ifndef KUBE_RLIST_H
#define KUBE_RLIST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "quantity.h"

void rl_put(json_t *rl, const char *name, const struct qty *q);
/* rl[name] += q, or -= q when sub; a missing entry counts as zero. */
void rl_add(json_t *rl, const char *name, const struct qty *q, bool sub);
/* rl[name] += v when v is a quantity. */
void rl_add_value(json_t *rl, const char *name, const json_t *v);
void rl_add_all(json_t *rl, const json_t *more);
/* rl[name] = max(rl[name], more[name]) for each name of more. */
void rl_max_all(json_t *rl, const json_t *more);
void rl_set_int(json_t *rl, const char *name, int64_t n);
/* A pod's total requests or limits (which: "requests" or "limits"), as upstream sums them:
 * regular and sidecar containers add up; each other init container runs alone with the
 * sidecars started before it, so the pod needs the larger; plus spec.overhead if asked. */
json_t *rl_pod_total(const json_t *spec, const char *which, bool overhead);

#endif
