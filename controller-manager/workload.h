/*
 * workload: the pure decisions of the daemonset, statefulset and job controllers and the
 * ControllerRevision history they share, apart from informers and writes so unit tests can
 * reach them.
 */
#ifndef CM_WORKLOAD_H
#define CM_WORKLOAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define WL_HASH_LABEL "controller-revision-hash"

/* ---- workload.c: ControllerRevisions (apps/v1) and pod writes ---- */

/* What a revision stores for owner's pod template: {"spec":{"template":{..., "$patch":
 * "replace"}}}. New reference. */
json_t *wl_rev_data(const json_t *owner);
/* The revision hash of data (upstream's FNV-32a, safe-encoded) into buf. */
void wl_rev_hash(const json_t *data, unsigned collisions, char buf[16]);
/* A ControllerRevision "<owner>-<hash>" controlled by owner. New reference. */
json_t *wl_rev_new(const json_t *owner, const json_t *data, const char *hash, long revision);
/* The template a revision holds (borrowed), or NULL. */
const json_t *wl_rev_template(const json_t *rev);
/* Of n revisions: the highest .revision (0 when none). */
long wl_rev_max(const json_t *const *revs, size_t n);
/*
 * Revisions to delete: the oldest of those not live (live: named in live[], nlive names)
 * beyond limit. *out is malloc'd (borrowed pointers); returns how many.
 */
size_t wl_rev_truncate(const json_t *const *revs, size_t n, const char *const *live, size_t nlive,
		       long limit, const json_t ***out);

struct ctrl_op;
struct kc;
struct rec;
struct exp_set;

/*
 * Create obj (a Pod or PersistentVolumeClaim) at path through op. On success the owner gets a
 * Normal SuccessfulCreate event saying ok_msg (NULL: "Created pod: <name>"); on failure a
 * Warning FailedCreate event saying fail_msg followed by the error, and when exp is set, the
 * expected creation for key is counted as seen (it never will be).
 */
void wl_create(struct ctrl_op *op, struct kc *kc, struct rec *rec, struct exp_set *exp,
	       const char *key, const json_t *owner, const char *path, const json_t *obj,
	       const char *ok_msg, const char *fail_msg);
/* Delete a pod likewise: SuccessfulDelete (ok_msg NULL: "Deleted pod: <name>") or
 * FailedDelete; the pod's uid is a precondition, so a namesake is never deleted. */
void wl_delete_pod(struct ctrl_op *op, struct kc *kc, struct rec *rec, struct exp_set *exp,
		   const char *key, const json_t *owner, const json_t *pod, const char *ok_msg,
		   const char *fail_msg);

/* ---- daemonset.c ---- */

/* The tolerations upstream gives every daemon pod, added to spec (modified) when missing. */
void ds_add_tolerations(json_t *spec);
/* Require the pod (spec, modified) onto node by a matchFields metadata.name term. */
void ds_set_node_affinity(json_t *spec, const char *node);
/* Does node satisfy the pod spec's nodeSelector and required node affinity? */
bool ds_node_matches(const json_t *spec, const json_t *node);
/* Upstream's NodeShouldRunDaemonPod: should a daemon pod be created on node, and may an
 * existing one stay (it may when only NoSchedule taints are untolerated). */
void ds_should_run(const json_t *ds, const json_t *node, bool *run, bool *keep);
/* The node a daemon pod is for: spec.nodeName, else its metadata.name affinity (borrowed). */
const char *ds_target_node(const json_t *pod);

/* ---- statefulset.c ---- */

/* The ordinal of a pod named "<set>-<n>" of set, or -1. */
long sts_ordinal(const char *set, const char *pod);
/* Phase Running and Ready. */
bool sts_running_ready(const json_t *pod);
/* "<template>-<set>-<ordinal>". malloc'd. */
char *sts_claim_name(const char *tmpl, const char *set, long ordinal);

/* ---- job.c ---- */

/* Parse a completedIndexes string ("1,3-5") into flags over [0, n). -1 if malformed. */
int job_parse_indexes(const char *s, bool *set, long n);
/* Format flags over [0, n) as upstream ("1,3-5"; "" when none). malloc'd. */
char *job_format_indexes(const bool *set, long n);
/* The completion index of a pod (annotation, else label), or -1. */
long job_pod_index(const json_t *pod);
/* How many pods to run now: min(parallelism, completions - succeeded), 0 when suspended;
 * without completions, parallelism until one succeeds. */
long job_want_active(const json_t *job, long succeeded);
/* Seconds to wait before replacing after `failures` failed pods (10 s doubling, max 360 s). */
long job_backoff_secs(long failures);

#endif
