/*
 * replicaset: the decisions of the ReplicaSet and ReplicationController controllers that
 * depend on nothing but their inputs (which pods go first, how creations are batched, what
 * status to report), apart from the controller so that they can be tested alone.
 */
#ifndef CM_REPLICASET_H
#define CM_REPLICASET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Most pods one sync creates or deletes (upstream's burstReplicas). */
#define RS_BURST 500

/*
 * Sort pods (borrowed) so the ones to delete first come first, as upstream's
 * ActivePodsWithRanks: unscheduled, then by phase, not ready, lower deletion cost, more
 * related pods on the same node, ready for less time, more restarts, newer. related are the
 * active pods of every ReplicaSet sharing the owner's controller (the owner's own included).
 */
void rs_rank_pods(const json_t **pods, size_t n, const json_t *const *related, size_t nrel,
		  const struct timespec *now);

/* The size of the next slow-start batch after one of size prev (0 before the first), with
 * remaining creations still to go: 1, 2, 4, ... capped by remaining. */
int rs_next_batch(int prev, int remaining);

/*
 * The status a ReplicaSet (or ReplicationController) should report with pods (borrowed, the
 * active pods it owns). fail_reason/fail_msg, when set, describe the last failed create or
 * delete (a ReplicaFailure condition); without them that condition is dropped. New reference.
 */
json_t *rs_status(const json_t *rs, const json_t *const *pods, size_t n, const char *fail_reason,
		  const char *fail_msg, time_t now);

/* True when status (as rs_status returns it) differs from what rs reports now. */
bool rs_status_changed(const json_t *rs, const json_t *status);

#endif
