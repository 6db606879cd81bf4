/* conditions: status.conditions lists (Pods, Nodes, Deployments, Jobs...), keyed by type. */
#ifndef KUBE_CONDITIONS_H
#define KUBE_CONDITIONS_H

#include <jansson.h>
#include <stdbool.h>

/* The condition of that type in obj's status.conditions, or NULL (borrowed). */
const json_t *cond_get(const json_t *obj, const char *type);
/* Its status is "True". */
bool cond_true(const json_t *obj, const char *type);
/*
 * Add or change a condition in obj's status.conditions (created when missing). lastTransitionTime
 * is now when the condition is new or its status changes; when touch is set (e.g.
 * "lastUpdateTime", "lastHeartbeatTime") that field is set to now whenever anything changed.
 * reason and message may be NULL (omitted). Returns true when obj changed.
 */
bool cond_set(json_t *obj, const char *type, const char *status, const char *reason,
	      const char *message, const char *touch);
/* Remove the condition; true when there was one. */
bool cond_del(json_t *obj, const char *type);

#endif
