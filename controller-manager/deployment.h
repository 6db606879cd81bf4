/*
 * deployment: the rollout logic of the Deployment controller (deployment_rollout.c), working on
 * private copies of one Deployment and its ReplicaSets so that deciding is apart from writing
 * (deployment.c) and can be tested alone.
 */
#ifndef CM_DEPLOYMENT_H
#define CM_DEPLOYMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define DEP_HASH_LABEL	  "pod-template-hash"
#define DEP_REVISION	  "deployment.kubernetes.io/revision"
#define DEP_REVISION_HIST "deployment.kubernetes.io/revision-history"
#define DEP_DESIRED	  "deployment.kubernetes.io/desired-replicas"
#define DEP_MAX		  "deployment.kubernetes.io/max-replicas"

/* ---- values ---- */

/* An IntOrString (25, "25%") scaled against total: percentages round up or down. 0 when
 * absent or malformed. */
int dep_scaled_value(const json_t *v, int total, bool round_up);
/* Upstream's ResolveFenceposts: surge rounds up, unavailable down, and both 0 makes
 * unavailable 1. */
void dep_fenceposts(const json_t *max_surge, const json_t *max_unavailable, int desired, int *surge,
		    int *unavailable);
/* For a Deployment: 0 unless RollingUpdate; unavailable never above spec.replicas. */
int dep_max_surge(const json_t *d);
int dep_max_unavailable(const json_t *d);

/* Upstream's rand.SafeEncodeString: each byte mapped onto "bcdfghjklmnpqrstvwxz2456789".
 * out has room for strlen(in) + 1. */
void dep_safe_encode(const char *in, char *out);
/* The pod-template-hash of a template: FNV-32a over its canonical JSON, then the collision
 * count (when not NULL) as 8 little-endian bytes, rendered in decimal and safe-encoded.
 * malloc'd. */
char *dep_hash(const json_t *tmpl, const json_t *collision_count);
/* Two pod templates are the same but for their pod-template-hash label. */
bool dep_equal_ignore_hash(const json_t *a, const json_t *b);

/* Two DeploymentStatus objects say the same (zero counts and absent ones alike). */
bool dep_status_equal(const json_t *a, const json_t *b);

/* ---- one reconciliation ---- */

/* A ReplicaSet as this sync wants it. */
struct dep_rs {
	json_t *obj;	  /* private copy */
	long scaled_from; /* spec.replicas before this sync */
	bool create;	  /* to be created */
	bool dirty;	  /* to be updated */
	bool remove;	  /* to be deleted (beyond revisionHistoryLimit) */
};

struct dep_ctx {
	json_t *d;	   /* private copy: status and annotations are changed here */
	struct dep_rs *rs; /* claimed ReplicaSets, oldest first; a created one is appended */
	size_t nrs;
	/* Every ReplicaSet and Pod in the namespace (borrowed): name collisions, and whether
	 * old pods still run (Recreate). */
	const json_t *const *ns_rs;
	size_t n_ns_rs;
	const json_t *const *pods;
	size_t npods;
	time_t now;
	long requeue_ms;  /* > 0: look again after this long */
	int new_idx;	  /* index of the new ReplicaSet in rs, -1 when none */
	bool status_only; /* the Deployment is being deleted */
};

/* Fill x->rs from claimed ReplicaSets (borrowed; copied and sorted). */
void dep_ctx_init(struct dep_ctx *x, const json_t *d, const json_t *const *rs, size_t n);
void dep_ctx_free(struct dep_ctx *x);
/* Decide everything one sync of upstream's controller would: scale, create, clean up, and
 * the status (in x->d). */
void dep_reconcile(struct dep_ctx *x);

#endif
