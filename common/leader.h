/*
 * leader: leader election on a coordination.k8s.io/v1 Lease, as upstream's leaderelection
 * package (--leader-elect): take the lease when it is free or its holder stopped renewing for
 * a lease duration, renew it every retry period, give up leading when no renewal succeeded
 * within the renew deadline, and hand it back on shutdown.
 */
#ifndef KUBE_LEADER_H
#define KUBE_LEADER_H

#include <stdbool.h>

struct kc;
struct le;

struct le_config {
	const char *namespace; /* "kube-system" when NULL */
	const char *name;      /* the Lease, e.g. "kube-scheduler" */
	const char *identity;  /* NULL: "<hostname>_<uuid>" */
	/* 0 picks upstream's defaults: 15 s, 10 s, 2 s. */
	long lease_duration_ms, renew_deadline_ms, retry_period_ms;
};

struct le_callbacks {
	void (*started_leading)(void *arg);
	/* Leadership is lost (or released): the elector has stopped. Upstream daemons exit. */
	void (*stopped_leading)(void *arg);
	/* Optional: someone (maybe us) was seen to hold the lease. */
	void (*new_leader)(void *arg, const char *identity);
	void *arg;
};

/* Strings and callbacks are copied. Nothing happens until le_start. */
struct le *le_new(struct kc *kc, const struct le_config *cfg, const struct le_callbacks *cb);
void le_start(struct le *le);
bool le_is_leader(const struct le *le);
const char *le_identity(const struct le *le);
/* The holder last seen (may be NULL). */
const char *le_leader(const struct le *le);
/* Stop electing; a leader writes the lease back released (holder "") first, then calls
 * stopped_leading. done (may be NULL) runs when that is over: at once when not leading. */
void le_stop(struct le *le, void (*done)(void *arg), void *arg);
/* Frees without releasing. */
void le_free(struct le *le);

#endif
