/*
 * decide: the pure decisions of the node, pod GC, quota, disruption and certificate
 * controllers, apart from their informers and writes so unit tests can reach them.
 */
#ifndef CM_DECIDE_H
#define CM_DECIDE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ---- nodelifecycle.c ---- */

/* Set the kubelet's conditions (Ready, MemoryPressure, DiskPressure, PIDPressure) of node
 * (modified) to Unknown, as upstream does once heartbeats stop; now is metav1.Time. True when
 * anything changed. */
bool nl_mark_unknown(json_t *node, const char *now);
/* The taints node should carry: its own ones the controller does not manage, then the
 * NoSchedule taints its conditions call for and the NoExecute taint of a not-ready or
 * unreachable node (timeAdded now, kept from before when present). New reference. */
json_t *nl_desired_taints(const json_t *node, const char *now);
/* Same taints, order ignored (timeAdded ignored too). */
bool nl_taints_equal(const json_t *a, const json_t *b);

/* ---- tainteviction.c ---- */

/* Does toleration tol tolerate taint? (upstream's Toleration.ToleratesTaint) */
bool te_tolerates(const json_t *tol, const json_t *taint);
/* For NoExecute taints (other effects are skipped) against a pod's tolerations: -2 when some
 * taint is not tolerated (evict now), -1 when all are tolerated forever (or there are none),
 * else the seconds after which the pod must go (the smallest tolerationSeconds). */
long te_eviction_delay(const json_t *taints, const json_t *tolerations);

/* ---- nodeipam.c ---- */

/* An IPv4 pool: cidr split into subnets of mask bits. */
struct ipam_pool {
	uint32_t base;
	int prefix, mask;
	size_t n, next;
	unsigned char *used;
};
/* "10.244.0.0/16" with node masks of mask bits. 0 or -1 (err filled). */
int ipam_pool_init(struct ipam_pool *p, const char *cidr, int mask, char *err, size_t errlen);
void ipam_pool_free(struct ipam_pool *p);
/* Take the next free subnet after the last one given out; -1 when exhausted. */
long ipam_pool_alloc(struct ipam_pool *p);
/* Mark "a.b.c.d/m" taken (-1 when not one of the pool's subnets); return its index. */
long ipam_pool_occupy(struct ipam_pool *p, const char *cidr);
void ipam_pool_release(struct ipam_pool *p, long idx);
/* "a.b.c.d/mask" of subnet idx into buf. */
void ipam_pool_cidr(const struct ipam_pool *p, long idx, char *buf, size_t len);

/* ---- podgc.c ---- */

/* Of n pods, the terminated ones beyond threshold, oldest first: *out (malloc'd, borrowed
 * pointers), returns how many. */
size_t podgc_terminated_victims(const json_t *const *pods, size_t n, int threshold,
				const json_t ***out);

/* ---- ttlafterfinished.c ---- */

/* Seconds until finished job (with ttlSecondsAfterFinished) should be deleted: <= 0 means now;
 * -1 with *never when it has no TTL or has not finished. */
long ttl_expires_in(const json_t *job, time_t now, bool *never);

/* ---- resourcequota.c ---- */

/* Does the quota's scopes / scopeSelector select the object? */
bool rq_matches(const json_t *quota, const char *resource, const json_t *obj);
/* used (modified) += usage, for the names in hard only. */
void rq_add(json_t *used, const json_t *usage, const json_t *hard);
/* A ResourceList of hard's names, all "0". New reference. */
json_t *rq_zero(const json_t *hard);
/* Same names and the same quantities. */
bool rq_equal(const json_t *a, const json_t *b);

/* ---- disruption.c ---- */

/* An int-or-percent against total: percents round up. -1 when malformed. */
long pdb_scaled(const json_t *v, long total);
/* The status fields of a budget: expected and desired from spec and scale, allowed from
 * healthy. */
struct pdb_counts {
	long expected, desired, healthy, allowed;
};
/* pods: the pods the budget selects; scale: the sum of their controllers' replicas (-1 when
 * not needed or unknown). Returns 0, or -1 with err. */
int pdb_compute(const json_t *pdb, size_t npods, long scale, long healthy, struct pdb_counts *c,
		char *err, size_t errlen);

/* ---- csrapproving.c / csrsigning.c / csrcleaner.c ---- */

/* The parts of a CSR request the approver and signer look at. */
struct csr_info {
	char *cn;
	char **orgs;
	size_t norgs;
	size_t ndns, nip, nemail, nuri;
};
/* spec.request (base64 of a PEM CERTIFICATE REQUEST) parsed by OpenSSL (an X509_REQ), or
 * NULL. */
struct X509_req_st *csr_request(const json_t *csr);
/* Parse spec.request (base64 of a PEM CERTIFICATE REQUEST). 0 or -1. */
int csr_parse(const json_t *csr, struct csr_info *info);
void csr_info_free(struct csr_info *info);
/* A kubelet client certificate request (upstream's isNodeClientCert). */
bool csr_is_node_client(const json_t *csr, const struct csr_info *info);
/* ... made by the node it names (isSelfNodeClientCert). */
bool csr_is_self_node_client(const json_t *csr, const struct csr_info *info);
/* The condition of that type with status True, or NULL. */
const json_t *csr_condition(const json_t *csr, const char *type);
/* Why a signer refuses the request, or NULL when it may sign it. Static string. */
const char *csr_signer_refuses(const json_t *csr, const struct csr_info *info);
/* Should the cleaner delete it by now? */
bool csrc_expired(const json_t *csr, time_t now);

#endif
