/*
 * kube-scheduler's private header: every file's functions, in a block headed by the file.
 *
 * The shape is upstream's: informer events keep a cache of nodes and of the pods placed on
 * them (cache.c) and a priority queue of pods waiting (queue.c); one scheduling cycle pops a
 * pod, runs the filters over nodes (filters.c), scores the ones that pass (scores.c), assumes
 * the pod onto the best node and sends the Binding without waiting (sched.c). A pod that fits
 * nowhere may preempt lower-priority pods (preempt.c); otherwise it is reported unschedulable
 * and waits until the cluster changes.
 */
#ifndef KUBE_SCHEDULER_H
#define KUBE_SCHEDULER_H

#include <event2/event.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hmap.h"
#include "podres.h"

struct lsel;
struct daemon;

#define SCH_DEFAULT_NAME   "default-scheduler"
#define SCH_MAX_NODE_SCORE 100
#define SCH_MIN_FEASIBLE   100 /* minFeasibleNodesToFind */
#define SCH_MIN_PERCENTAGE 5   /* minFeasibleNodesPercentageToFind */
#define SCH_HOSTNAME_LABEL "kubernetes.io/hostname"
#define SCH_ZONE_LABEL	   "topology.kubernetes.io/zone"

/* ---- config.c: KubeSchedulerConfiguration (the subset honoured) ---- */

enum sch_score_id {
	SCH_SC_FIT,	 /* NodeResourcesFit, LeastAllocated */
	SCH_SC_BALANCED, /* NodeResourcesBalancedAllocation */
	SCH_SC_AFFINITY, /* NodeAffinity, preferred terms */
	SCH_SC_TAINT,	 /* TaintToleration, PreferNoSchedule */
	SCH_SC_INTERPOD, /* InterPodAffinity, preferred terms */
	SCH_SC_SPREAD,	 /* PodTopologySpread, ScheduleAnyway and the system defaults */
	SCH_SC_IMAGE,	 /* ImageLocality */
	SCH_SC_COUNT,
};

struct sch_config {
	char *name;		   /* profiles[0].schedulerName */
	int percentage;		   /* percentageOfNodesToScore; 0: adaptive */
	int weights[SCH_SC_COUNT]; /* 0: disabled */
	char *kubeconfig;	   /* clientConnection; NULL when not set */
	double qps;
	int burst;
	int leader_elect; /* leaderElection.leaderElect: -1 unset, 0, 1 */
};

void sch_config_defaults(struct sch_config *c);
void sch_config_free(struct sch_config *c);
/* Parse a decoded document over the defaults in c. 0, or -1 with *err malloc'd. */
int sch_config_parse(const json_t *doc, struct sch_config *c, char **err);
/* Read and parse a YAML or JSON file. */
int sch_config_load(const char *path, struct sch_config *c, char **err);
/* Upstream's plugin name of a score, and the reverse (-1 when unknown). */
const char *sch_score_name(int id);
int sch_score_id(const char *name);

/* ---- cache.c: nodes and the pods bound or assumed on them ---- */

struct sch_taint {
	const char *key, *value, *effect; /* borrowed from the node object */
};

struct sch_port {
	int port;
	char proto[8];
	char ip[48];
};

struct sch_pod;

/* A pod nominated to a node by preemption: its room is kept for it. */
struct sch_nom {
	char *key;
	int32_t prio;
	struct podres req;
};

struct sch_node {
	char *name;
	json_t *obj; /* NULL while only pods name it (the Node not seen, or deleted) */
	size_t idx;  /* position in the cache's node list when obj is set */
	struct podres alloc, req, nonzero;
	bool unschedulable;
	const json_t *labels;
	struct sch_taint *taints;
	size_t ntaints;
	struct sch_pod **pods;
	size_t npods, podcap;
	size_t nports;	    /* pods with host ports here */
	struct hmap images; /* normalized image name -> struct sch_image */
	struct sch_nom *noms;
	size_t nnoms;
};

struct sch_image {
	char *name;
	int64_t size;
	long nodes; /* in the cache-wide map: how many nodes have it */
};

struct sch_pod {
	char *key; /* ns/name */
	json_t *obj;
	const char *ns;
	struct sch_node *node;
	size_t slot; /* index in node->pods */
	struct podres req, nonzero;
	int32_t prio;
	bool assumed, deleting, affinity, anti;
	struct sch_port *ports;
	size_t nports;
	double start; /* status.startTime, else creation, in seconds */
};

/* Pods matching one (namespace, selector) counted per node: what spreading asks every cycle. */
struct sch_counter {
	char *key, *ns;
	struct lsel *sel;
	int *counts; /* by node idx */
	size_t cap;
	unsigned long used;
};

struct sch_cache {
	struct hmap nodes;	/* name -> sch_node */
	struct sch_node **list; /* nodes with an object, scanned round-robin */
	size_t n, cap;
	struct hmap pods; /* key -> sch_pod */
	size_t nassumed, naffinity;
	struct hmap images; /* name -> sch_image (nodes counted) */
	struct hmap counters;
	unsigned long tick;
	struct hmap noms; /* pod key -> node name (malloc'd value) */
};

void sch_cache_init(struct sch_cache *c);
void sch_cache_free(struct sch_cache *c);
/* Add or update a Node. */
struct sch_node *sch_cache_node_set(struct sch_cache *c, const json_t *obj);
void sch_cache_node_del(struct sch_cache *c, const char *name);
struct sch_node *sch_cache_node(const struct sch_cache *c, const char *name);
/* Add or replace a pod on node (its spec.nodeName, or node when assuming). */
struct sch_pod *sch_cache_pod_set(struct sch_cache *c, const json_t *obj, const char *node,
				  bool assumed);
void sch_cache_pod_del(struct sch_cache *c, const char *key);
struct sch_pod *sch_cache_pod(const struct sch_cache *c, const char *key);
/* Take a pod off its node's accounting for a preemption dry run, and put it back. */
void sch_cache_pod_detach(struct sch_cache *c, struct sch_pod *p);
void sch_cache_pod_attach(struct sch_cache *c, struct sch_pod *p);
/* The per-node count of pods in ns matching sel (a label selector's string form); built on
 * first use and kept current. NULL when sel cannot be parsed or selects nothing. */
struct sch_counter *sch_cache_counter(struct sch_cache *c, const char *ns, const char *sel);
/* Room kept for a preemptor on a node (replacing any earlier nomination). */
void sch_cache_nominate(struct sch_cache *c, const char *key, const char *node, int32_t prio,
			const struct podres *req);
void sch_cache_unnominate(struct sch_cache *c, const char *key);
/* The image's normalized name ("nginx" -> "nginx:latest"). malloc'd. */
char *sch_image_name(const char *image);
/* Pod fields the cache and filters read. */
int32_t sch_pod_priority(const json_t *pod);
size_t sch_pod_ports(const json_t *pod, struct sch_port **out);
double sch_pod_time(const json_t *pod, const char *path);

/* ---- filters.c: the Filter plugins and their reasons ---- */

enum sch_code {
	SCH_OK,
	SCH_UNSCHED,	  /* preemption might help */
	SCH_UNRESOLVABLE, /* it cannot */
};

#define SCH_MAX_REASONS 8

struct sch_status {
	enum sch_code code;
	int n;
	char *reasons[SCH_MAX_REASONS];
};

/* One topology spread constraint of the pod being scheduled. */
struct sch_spread {
	int max_skew, min_domains;
	bool hard; /* DoNotSchedule */
	const char *key;
	struct sch_counter *ctr; /* NULL: the selector matches nothing */
	int self;		 /* the pod matches its own selector */
	struct hmap domains;	 /* value -> count (intptr) */
	long min;
	size_t ndomains;
};

/* What one cycle knows about its pod, computed once (upstream's PreFilter/PreScore state). */
struct sch_cycle {
	struct sch_cache *cache;
	const json_t *pod;
	const char *ns;
	char *key;
	int32_t prio;
	struct podres req, nonzero;
	const json_t *labels, *tolerations, *node_selector, *required, *preferred;
	struct sch_port *ports;
	size_t nports;
	int ncontainers;
	const char **images; /* normalized names, malloc'd */
	size_t nimages;
	struct sch_spread *spread;
	size_t nspread;
	bool system_spread; /* the defaults, from the pod's owners */
	/* inter-pod affinity */
	json_t *aff, *anti, *paff, *panti; /* required and preferred terms (borrowed arrays) */
	struct hmap aff_pairs, anti_pairs, existing_anti; /* "term\x1fkey\x1fvalue" -> count */
	bool aff_any, aff_self;
	struct hmap score_pairs; /* "key\x1fvalue" -> weight */
	bool interpod_score;
};

typedef enum sch_code (*sch_filter_fn)(struct sch_cycle *cy, const struct sch_node *n,
				       struct sch_status *st);

struct sch_filter {
	const char *name;
	sch_filter_fn fn;
};

extern const struct sch_filter sch_filters[];
extern const size_t sch_nfilters;

/* Upstream's reason strings. */
#define SCH_R_UNSCHEDULABLE "node(s) were unschedulable"
#define SCH_R_NODENAME	    "node(s) didn't match the requested node name"
#define SCH_R_AFFINITY	    "node(s) didn't match Pod's node affinity/selector"
#define SCH_R_PORTS	    "node(s) didn't have free ports for the requested pod ports"
#define SCH_R_TOO_MANY	    "Too many pods"
#define SCH_R_SPREAD	    "node(s) didn't match pod topology spread constraints"
#define SCH_R_SPREAD_LABEL                                                                         \
	"node(s) didn't match pod topology spread constraints (missing required label)"
#define SCH_R_POD_AFF	    "node(s) didn't match pod affinity rules"
#define SCH_R_POD_ANTI	    "node(s) didn't match pod anti-affinity rules"
#define SCH_R_EXISTING_ANTI "node(s) didn't satisfy existing pods anti-affinity rules"
#define SCH_R_NOT_HELPFUL   "Preemption is not helpful for scheduling"
#define SCH_R_NO_VICTIMS    "No preemption victims found for incoming pod"
#define SCH_R_NO_NODES	    "no nodes available to schedule pods"

/* Prepare a cycle for pod (borrowed; it must outlive the cycle). default_sel is the selector
 * of the system default spreading (from the pod's Services and controller), NULL for none. */
void sch_cycle_init(struct sch_cycle *cy, struct sch_cache *c, const json_t *pod,
		    const char *default_sel);
void sch_cycle_free(struct sch_cycle *cy);
/* Run every filter in order, stopping at the first that fails (its reasons land in st). */
enum sch_code sch_filter_node(struct sch_cycle *cy, const struct sch_node *n,
			      struct sch_status *st);
void sch_status_clear(struct sch_status *st);
void sch_status_add(struct sch_status *st, const char *reason);
/* Helpers shared with the scores. */
bool sch_tolerated(const json_t *tolerations, const struct sch_taint *t);
bool sch_node_selector_term(const json_t *term, const struct sch_node *n);
bool sch_term_matches(const json_t *term, const char *term_ns, const json_t *pod);
/* nodeSelector and required node affinity. */
bool sch_node_affinity_ok(struct sch_cycle *cy, const struct sch_node *n);
/* Counts by topology pair: "term\x1fkey\x1fvalue" -> count (term 0 when not per term). */
void sch_pair_add(struct hmap *m, long term, const char *key, const char *value, long d);
long sch_pair_get(const struct hmap *m, long term, const char *key, const char *value);
void sch_pairs_free(struct hmap *m);
/* "0/3 nodes are available: 1 ..., 2 ...." from per-node statuses; post (may be NULL) is
 * appended as upstream's PostFilter message. malloc'd. */
char *sch_fit_message(const struct sch_status *st, size_t n, const char *post);
/* Filter the cache's nodes round-robin from *start until want of them fit (into feas); *start
 * moves past the nodes tried. st (by node index) gets each failure's reasons. */
size_t sch_find_feasible(struct sch_cycle *cy, size_t *start, size_t want, struct sch_node **feas,
			 struct sch_status *st);
/* How many feasible nodes to look for among n (numFeasibleNodesToFind). */
size_t sch_nodes_to_find(int percentage, size_t n);

/* ---- scores.c: Score plugins, normalized to 0..100 ---- */

typedef void (*sch_score_fn)(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out);

/* Indexed by enum sch_score_id; each default weight as upstream. */
struct sch_score {
	const char *name;
	int weight;
	sch_score_fn fn;
};

extern const struct sch_score sch_scores[SCH_SC_COUNT];
/* Weighted totals into out[n]. */
void sch_score_nodes(struct sch_cycle *cy, const int *weights, struct sch_node **nodes, size_t n,
		     int64_t *out);

/* ---- preempt.c: DefaultPreemption ---- */

struct sch_victims {
	struct sch_node *node;
	struct sch_pod **pods;
	size_t n;
	int pdb_violations;
};

/* PDB lookups: the cached PodDisruptionBudgets in a namespace. */
typedef size_t (*sch_pdbs_fn)(void *arg, const char *ns, const json_t ***out);

/*
 * Find the node where evicting the fewest, least important pods lets the cycle's pod fit.
 * st holds each node's filter status (by cache index). Returns 0 with *out filled, or -1 with
 * *msg (malloc'd) saying why not, in upstream's words.
 */
int sch_preempt(struct sch_cycle *cy, const struct sch_status *st, sch_pdbs_fn pdbs, void *arg,
		struct sch_victims *out, char **msg);
void sch_victims_free(struct sch_victims *v);

/* ---- queue.c: activeQ, backoffQ and unschedulable pods ---- */

enum sch_qstate { SCH_Q_ACTIVE, SCH_Q_BACKOFF, SCH_Q_UNSCHED, SCH_Q_INFLIGHT };

struct sch_qpod {
	char *key;
	json_t *obj;
	int32_t prio;
	double created;
	int attempts;
	double backoff_until, unsched_since;
	unsigned long cycle; /* the queue's cycle when popped */
	enum sch_qstate state;
	size_t hidx; /* in the active or backoff heap */
};

struct sch_heap {
	struct sch_qpod **v;
	size_t n, cap;
	bool (*less)(const struct sch_qpod *a, const struct sch_qpod *b);
};

struct sch_queue {
	struct hmap all; /* key -> sch_qpod */
	struct sch_heap active, backoff;
	size_t nunsched;
	unsigned long cycle, move_cycle;
	double initial_backoff, max_backoff, max_unsched; /* seconds */
};

void sch_queue_init(struct sch_queue *q);
void sch_queue_free(struct sch_queue *q);
/* A pending pod was added or changed (obj borrowed). An unschedulable pod whose spec or
 * labels changed is tried again. */
void sch_queue_add(struct sch_queue *q, const json_t *obj, double now);
void sch_queue_del(struct sch_queue *q, const char *key);
struct sch_qpod *sch_queue_get(const struct sch_queue *q, const char *key);
/* The most important active pod, now in flight; NULL when none. */
struct sch_qpod *sch_queue_pop(struct sch_queue *q);
/* A failed attempt: back to backoff (error, or the cluster changed meanwhile) or to the
 * unschedulable pods. */
void sch_queue_requeue(struct sch_queue *q, struct sch_qpod *p, bool unschedulable, double now);
/* Something changed in the cluster: unschedulable pods are worth another try. */
void sch_queue_move_all(struct sch_queue *q, double now);
/* Backoffs over go to active; pods unschedulable for too long too. */
void sch_queue_flush(struct sch_queue *q, double now);
double sch_queue_backoff(const struct sch_queue *q, int attempts);
size_t sch_queue_count(const struct sch_queue *q, enum sch_qstate s);

/* ---- sched.c: the scheduler ---- */

struct sch;
struct sch *sch_new(const struct sch_config *cfg);
void sch_free(struct sch *s);
int sch_init(struct daemon *d, void *arg, char *err, size_t errlen);
void sch_run(struct daemon *d, void *arg);
void sch_metrics(void *arg, char **buf);
/* Monotonic seconds. */
double sch_now(void);

#endif
