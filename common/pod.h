/* pod: what controllers and the scheduler ask of a Pod's status, as upstream's podutil. */
#ifndef KUBE_POD_H
#define KUBE_POD_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

/* The Ready condition is True. */
bool pod_ready(const json_t *pod);
/* Phase Succeeded or Failed. */
bool pod_terminal(const json_t *pod);
/* Neither terminal nor being deleted: counts toward a controller's replicas. */
bool pod_active(const json_t *pod);
/* Ready for at least min_ready_secs by now (the Ready condition's lastTransitionTime). */
bool pod_available(const json_t *pod, long min_ready_secs, time_t now);
/* metadata.deletionTimestamp is set. */
bool pod_deleting(const json_t *obj);
/* Seconds until the pod becomes available (0 when it is, -1 when not ready at all). */
long pod_available_in(const json_t *pod, long min_ready_secs, time_t now);

#endif
