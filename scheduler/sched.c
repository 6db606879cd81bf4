/*
 * The scheduler: informer events feed the cache and the queue; the loop pops pods in batches,
 * runs one cycle per pod (filters, scores, pick), assumes the pod onto its node and sends the
 * Binding without waiting. A pod that fits nowhere may preempt; otherwise it is reported
 * (PodScheduled=False, a FailedScheduling event) and waits for the cluster to change.
 */
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "controller.h"
#include "daemon.h"
#include "informer.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "recorder.h"
#include "scheduler.h"
#include "selector.h"

/* One loop turn schedules at most this many pods or this long, then lets the loop run. */
#define BATCH_PODS 512
#define BATCH_SECS 0.02
#define TICK_MS	   200
/* Bindings in flight at once: the API server answers 429 beyond its own limit of writes
 * (--max-mutating-requests-inflight, 200), which events and other clients share. The rest
 * wait here, assumed. */
#define BINDS_MAX     64
#define BIND_RETRY_MS 100

enum { RES_SCHEDULED, RES_UNSCHEDULABLE, RES_ERROR, RES_COUNT };
static const char *const result_names[RES_COUNT] = {"scheduled", "unschedulable", "error"};

struct sch {
	struct sch_config cfg;
	struct kc *kc;
	struct inf *pods, *nodes, *svcs, *rss, *rcs, *sss, *pdbs;
	struct rec *rec;
	struct sch_cache cache;
	struct sch_queue q;
	struct event *kick, *tick, *bind_retry;
	struct op *waiting, *waiting_tail; /* bindings not sent yet */
	struct sch_status *st;		   /* per node, reused by every cycle */
	size_t nst;
	size_t next_start;
	bool running, kicked;
	unsigned long attempts[RES_COUNT], preemptions, victims, binds;
	double duration_sum;
	unsigned long duration_count;
};

/* A Binding (or an eviction) on its way: the pod is named, never pointed to, as the informer
 * may drop it meanwhile. */
struct op {
	struct sch *s;
	char *key, *ns, *name, *uid, *node;
	struct op *next;
};

double sch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void op_free(struct op *o);

struct sch *sch_new(const struct sch_config *cfg)
{
	struct sch *s = xcalloc(1, sizeof(*s));

	s->cfg = *cfg;
	s->cfg.name = xstrdup(cfg->name);
	s->cfg.kubeconfig = cfg->kubeconfig ? xstrdup(cfg->kubeconfig) : NULL;
	sch_cache_init(&s->cache);
	sch_queue_init(&s->q);
	return s;
}

void sch_free(struct sch *s)
{
	if (!s)
		return;
	if (s->kick)
		event_free(s->kick);
	if (s->tick)
		event_free(s->tick);
	if (s->bind_retry)
		event_free(s->bind_retry);
	while (s->waiting) {
		struct op *o = s->waiting;

		s->waiting = o->next;
		op_free(o);
	}
	rec_free(s->rec);
	for (size_t i = 0; i < s->nst; i++)
		sch_status_clear(&s->st[i]);
	free(s->st);
	sch_queue_free(&s->q);
	sch_cache_free(&s->cache);
	sch_config_free(&s->cfg);
	free(s);
}

static void kick(struct sch *s)
{
	static const struct timeval now = {0, 0};

	/* A zero timer, not event_active: timers run after the loop has polled the sockets,
	 * so watches and bindings progress between batches. */
	if (s->running && !s->kicked && s->q.active.n) {
		s->kicked = true;
		evtimer_add(s->kick, &now);
	}
}

/* ---- API writes ---- */

static struct op *op_new(struct sch *s, const json_t *pod, const char *node)
{
	struct op *o = xcalloc(1, sizeof(*o));

	o->s = s;
	o->key = inf_key(pod);
	o->ns = xstrdup(jx_str(pod, "metadata.namespace") ?: "");
	o->name = xstrdup(jx_str(pod, "metadata.name") ?: "");
	o->uid = xstrdup(jx_str(pod, "metadata.uid") ?: "");
	o->node = node ? xstrdup(node) : NULL;
	return o;
}

static void op_free(struct op *o)
{
	free(o->key);
	free(o->ns);
	free(o->name);
	free(o->uid);
	free(o->node);
	free(o);
}

static json_t *pod_ref(const struct op *o)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "Pod", "apiVersion", "v1",
			 "namespace", o->ns, "name", o->name, "uid", o->uid);
}

static void event(struct sch *s, const struct op *o, const char *type, const char *reason,
		  const char *msg)
{
	json_t *ref = pod_ref(o);

	rec_event(s->rec, ref, type, reason, "%s", msg);
	json_decref(ref);
}

static void binds_drain(struct sch *s);

static void bind_wait(struct sch *s, struct op *o)
{
	o->next = NULL;
	if (s->waiting_tail)
		s->waiting_tail->next = o;
	else
		s->waiting = o;
	s->waiting_tail = o;
}

static void bind_failed(struct sch *s, struct op *o, int code, const char *err)
{
	struct sch_pod *p = sch_cache_pod(&s->cache, o->key);
	struct sch_qpod *qp = sch_queue_get(&s->q, o->key);
	char *msg;

	log_warn("binding %s to %s failed: %d %s", o->key, o->node, code, err ? err : "");
	s->attempts[RES_ERROR]++;
	/* Forget the assumption: its room is free for others again. */
	if (p && p->assumed) {
		sch_cache_pod_del(&s->cache, o->key);
		sch_queue_move_all(&s->q, sch_now());
	}
	if (qp && qp->state == SCH_Q_INFLIGHT)
		sch_queue_requeue(&s->q, qp, false, sch_now());
	if (code != 404 && code != 409) {
		msg = xasprintf("running Bind plugin \"DefaultBinder\": %s", err ? err : "failed");
		event(s, o, "Warning", "FailedScheduling", msg);
		free(msg);
	}
}

static void bind_done(void *arg, int code, json_t *body, const char *err)
{
	struct op *o = arg;
	struct sch *s = o->s;
	struct sch_pod *p = sch_cache_pod(&s->cache, o->key);
	struct sch_qpod *qp = sch_queue_get(&s->q, o->key);
	static const struct timeval retry = {0, BIND_RETRY_MS * 1000};
	char *msg;

	(void)body;
	s->binds--;
	if (code == 429 && p && p->assumed) {
		/* The server is busy: try again shortly, still assumed. */
		bind_wait(s, o);
		evtimer_add(s->bind_retry, &retry);
		return;
	}
	if (code >= 200 && code < 300) {
		s->attempts[RES_SCHEDULED]++;
		msg = xasprintf("Successfully assigned %s/%s to %s", o->ns, o->name, o->node);
		event(s, o, "Normal", "Scheduled", msg);
		free(msg);
		if (qp && qp->state == SCH_Q_INFLIGHT)
			sch_queue_del(&s->q, o->key);
	} else {
		bind_failed(s, o, code, err);
	}
	op_free(o);
	binds_drain(s);
	kick(s);
}

static void binds_drain(struct sch *s)
{
	while (s->waiting && s->binds < BINDS_MAX) {
		struct op *o = s->waiting;
		struct sch_pod *p = sch_cache_pod(&s->cache, o->key);
		json_t *b;
		char *path;

		s->waiting = o->next;
		if (!s->waiting)
			s->waiting_tail = NULL;
		/* Deleted or confirmed meanwhile: nothing to bind. */
		if (!p || !p->assumed) {
			op_free(o);
			continue;
		}
		b = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}", "apiVersion",
			      "v1", "kind", "Binding", "metadata", "name", o->name, "namespace",
			      o->ns, "uid", o->uid, "target", "apiVersion", "v1", "kind", "Node",
			      "name", o->node);
		path = xasprintf("/api/v1/namespaces/%s/pods/%s/binding", o->ns, o->name);
		s->binds++;
		kc_create(s->kc, path, b, bind_done, o);
		free(path);
		json_decref(b);
	}
}

static void on_bind_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	binds_drain(arg);
}

static void send_binding(struct sch *s, const json_t *pod, const char *node)
{
	bind_wait(s, op_new(s, pod, node));
	binds_drain(s);
}

static void write_done(void *arg, int code, json_t *body, const char *err)
{
	struct op *o = arg;

	(void)body;
	if ((code < 200 || code >= 300) && code != 404)
		log_warn("updating pod %s failed: %d %s", o->key, code, err ? err : "");
	op_free(o);
}

/* PodScheduled=False with the reason why, and the nominated node; skipped when the pod says
 * so already (as upstream's updatePod). */
static void report(struct sch *s, const json_t *pod, const char *msg, const char *nominated)
{
	const json_t *old = NULL, *c;
	const char *had = jx_str(pod, "status.nominatedNodeName");
	json_t *patch, *cond, *st;
	char now[32], *path;
	struct op *o;
	size_t i;

	json_array_foreach(jx_get(pod, "status.conditions"), i,
			   c) if (!strcmp(jx_str(c, "type") ?: "", "PodScheduled")) old = c;
	bool same_nom =
	    (!nominated && (!had || !*had)) || (nominated && had && !strcmp(nominated, had));
	if (old && same_nom && !strcmp(jx_str(old, "status") ?: "", "False") &&
	    !strcmp(jx_str(old, "reason") ?: "", "Unschedulable") &&
	    !strcmp(jx_str(old, "message") ?: "", msg))
		return;
	kt_format(time(NULL), now);
	if (old && !strcmp(jx_str(old, "status") ?: "", "False") &&
	    jx_str(old, "lastTransitionTime"))
		snprintf(now, sizeof(now), "%s", jx_str(old, "lastTransitionTime"));
	cond = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}", "type", "PodScheduled", "status",
			 "False", "lastProbeTime", json_null(), "lastTransitionTime", now, "reason",
			 "Unschedulable", "message", msg);
	st = json_pack("{s:[o]}", "conditions", cond);
	if (!same_nom)
		json_object_set_new(st, "nominatedNodeName",
				    nominated ? json_string(nominated) : json_null());
	patch = json_pack("{s:o}", "status", st);
	o = op_new(s, pod, NULL);
	path = xasprintf("/api/v1/namespaces/%s/pods/%s/status", o->ns, o->name);
	kc_patch(s->kc, path, KC_PATCH_STRATEGIC, patch, write_done, o);
	free(path);
	json_decref(patch);
}

static void victim_patched(void *arg, int code, json_t *body, const char *err)
{
	struct op *o = arg;
	char *path = xasprintf("/api/v1/namespaces/%s/pods/%s", o->ns, o->name);

	(void)code;
	(void)body;
	(void)err;
	kc_delete(o->s->kc, path, NULL, write_done, o);
	free(path);
}

/* Upstream marks the victim (DisruptionTarget) and then deletes it. */
static void evict(struct sch *s, const struct sch_cycle *cy, const struct sch_pod *v,
		  const char *node)
{
	struct op *o = op_new(s, v->obj, NULL);
	char *msg = xasprintf("%s: preempting to accommodate a higher priority pod", s->cfg.name);
	char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status", o->ns, o->name);
	char now[32];
	json_t *patch;

	kt_format(time(NULL), now);
	patch = json_pack("{s:{s:[{s:s, s:s, s:s, s:s, s:s}]}}", "status", "conditions", "type",
			  "DisruptionTarget", "status", "True", "reason", "PreemptionByScheduler",
			  "message", msg, "lastTransitionTime", now);
	kc_patch(s->kc, path, KC_PATCH_STRATEGIC, patch, victim_patched, o);
	free(msg);
	msg = xasprintf("Preempted by pod %s on node %s", jx_str(cy->pod, "metadata.uid") ?: "",
			node);
	event(s, o, "Normal", "Preempted", msg);
	free(msg);
	free(path);
	json_decref(patch);
	s->victims++;
}

/* ---- the default spreading's selector ---- */

static void merge_map(json_t *set, const json_t *sel)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)sel, k, v) json_object_set(set, k, v);
}

static bool map_selects(const json_t *sel, const json_t *labels)
{
	const char *k;
	json_t *v;

	if (!json_object_size(sel))
		return false;
	json_object_foreach((json_t *)sel, k, v)
	{
		const char *have = json_string_value(json_object_get(labels, k));

		if (!have || !json_is_string(v) || strcmp(have, json_string_value(v)))
			return false;
	}
	return true;
}

static char *selector_string(const json_t *ls)
{
	struct lsel *sel = NULL;
	char *err = NULL, *str;

	if (lsel_from_json(ls, &sel, &err)) {
		free(err);
		return NULL;
	}
	str = lsel_empty(sel) ? NULL : lsel_string(sel);
	lsel_free(sel);
	return str;
}

/* Upstream's DefaultSelector: the selectors of the Services selecting the pod, and its
 * controller's (RC, ReplicaSet or StatefulSet), merged. malloc'd; NULL when empty. */
static char *default_selector(struct sch *s, const json_t *pod)
{
	const char *ns = jx_str(pod, "metadata.namespace") ?: "";
	const json_t *labels = jx_get(pod, "metadata.labels"), **svcs = NULL, *owner, *ctl;
	json_t *set = json_object(), *ls;
	size_t n = inf_by_index(s->svcs, INF_INDEX_NAMESPACE, ns, &svcs);
	char *extra = NULL, *out = NULL;

	for (size_t i = 0; i < n; i++)
		if (map_selects(jx_get(svcs[i], "spec.selector"), labels))
			merge_map(set, jx_get(svcs[i], "spec.selector"));
	free(svcs);
	owner = ctrl_controller_ref(pod);
	const char *kind = jx_str(owner, "kind") ?: "", *name = jx_str(owner, "name") ?: "";
	if (!strcmp(kind, "ReplicationController") && (ctl = inf_get_ns(s->rcs, ns, name)))
		merge_map(set, jx_get(ctl, "spec.selector"));
	else if (!strcmp(kind, "ReplicaSet") && (ctl = inf_get_ns(s->rss, ns, name)))
		extra = selector_string(jx_get(ctl, "spec.selector"));
	else if (!strcmp(kind, "StatefulSet") && (ctl = inf_get_ns(s->sss, ns, name)))
		extra = selector_string(jx_get(ctl, "spec.selector"));
	ls = json_pack("{s:O}", "matchLabels", set);
	out = selector_string(ls);
	json_decref(ls);
	json_decref(set);
	if (extra) {
		char *both = out ? xasprintf("%s,%s", out, extra) : xstrdup(extra);

		free(out);
		out = both;
	}
	free(extra);
	return out;
}

/* ---- one cycle ---- */

static size_t pdbs(void *arg, const char *ns, const json_t ***out)
{
	struct sch *s = arg;

	return inf_by_index(s->pdbs, INF_INDEX_NAMESPACE, ns, out);
}

static void statuses_fit(struct sch *s)
{
	if (s->nst >= s->cache.n)
		return;
	s->st = xrealloc(s->st, s->cache.n * sizeof(*s->st));
	memset(s->st + s->nst, 0, (s->cache.n - s->nst) * sizeof(*s->st));
	s->nst = s->cache.n;
}

static void statuses_clear(struct sch *s)
{
	for (size_t i = 0; i < s->nst; i++)
		if (s->st[i].n)
			sch_status_clear(&s->st[i]);
}

/* The node the pod was nominated to by an earlier preemption, when it fits now. */
static struct sch_node *try_nominated(struct sch *s, struct sch_cycle *cy)
{
	const char *nom = jx_str(cy->pod, "status.nominatedNodeName");
	struct sch_node *n;

	if (!nom || !*nom)
		nom = hmap_get(&s->cache.noms, cy->key);
	n = sch_cache_node(&s->cache, nom);
	if (!n || !n->obj)
		return NULL;
	if (sch_filter_node(cy, n, &s->st[n->idx]) == SCH_OK)
		return n;
	sch_status_clear(&s->st[n->idx]);
	return NULL;
}

static struct sch_node *best(struct sch *s, struct sch_cycle *cy, struct sch_node **feas, size_t n)
{
	int64_t *score = xcalloc(n, sizeof(*score)), top = INT64_MIN;
	size_t pick = 0, ties = 0;

	sch_score_nodes(cy, s->cfg.weights, feas, n, score);
	for (size_t i = 0; i < n; i++) {
		if (score[i] > top) {
			top = score[i];
			pick = i;
			ties = 1;
		} else if (score[i] == top && (size_t)random() % ++ties == 0) {
			pick = i;
		}
	}
	free(score);
	return feas[pick];
}

/* Filter from where the last cycle stopped until enough nodes fit; *found 0 means every node
 * was tried and s->st says why each failed. */
static struct sch_node *pick(struct sch *s, struct sch_cycle *cy, size_t *found)
{
	size_t want = sch_nodes_to_find(s->cfg.percentage, s->cache.n);
	struct sch_node **feas, *node;

	*found = 0;
	if ((node = try_nominated(s, cy))) {
		*found = 1;
		return node;
	}
	feas = xcalloc(want + 1, sizeof(*feas));
	*found = sch_find_feasible(cy, &s->next_start, want, feas, s->st);
	node = *found == 0 ? NULL : *found == 1 ? feas[0] : best(s, cy, feas, *found);
	free(feas);
	return node;
}

/* Nowhere to go: try preemption, then say why on the pod and wait for a change. */
static void unschedulable(struct sch *s, struct sch_qpod *qp, struct sch_cycle *cy)
{
	struct sch_victims v = {0};
	char *pmsg = NULL, *post = NULL, *msg;
	const char *nominated = NULL;
	struct op *o = op_new(s, cy->pod, NULL);

	if (!s->cache.n) {
		msg = xstrdup(SCH_R_NO_NODES);
	} else {
		s->preemptions++;
		if (sch_preempt(cy, s->st, pdbs, s, &v, &pmsg) == 0) {
			nominated = v.node->name;
			for (size_t i = 0; i < v.n; i++)
				evict(s, cy, v.pods[i], nominated);
			sch_cache_nominate(&s->cache, cy->key, nominated, cy->prio, &cy->req);
		} else if (pmsg) {
			post = xasprintf("preemption: %s", pmsg);
		}
		msg = sch_fit_message(s->st, s->cache.n, post);
	}
	log_v(2, "unable to schedule pod %s: %s", cy->key, msg);
	s->attempts[RES_UNSCHEDULABLE]++;
	event(s, o, "Warning", "FailedScheduling", msg);
	report(s, cy->pod, msg, nominated);
	sch_queue_requeue(&s->q, qp, true, sch_now());
	sch_victims_free(&v);
	op_free(o);
	free(msg);
	free(pmsg);
	free(post);
}

static bool responsible(const struct sch *s, const json_t *pod)
{
	const char *name = jx_str(pod, "spec.schedulerName");

	return !strcmp(name && *name ? name : SCH_DEFAULT_NAME, s->cfg.name);
}

static bool pending(const struct sch *s, const json_t *pod)
{
	const char *node = jx_str(pod, "spec.nodeName");

	return (!node || !*node) && !pod_deleting(pod) && !pod_terminal(pod) &&
	       responsible(s, pod) && !json_array_size(jx_get(pod, "spec.schedulingGates"));
}

static void schedule_one(struct sch *s, struct sch_qpod *qp)
{
	json_t *pod = json_incref(qp->obj);
	double t0 = sch_now();
	struct sch_cycle cy;
	struct sch_node *node;
	char *sel;
	size_t found;

	if (!pending(s, pod)) {
		sch_queue_del(&s->q, qp->key);
		json_decref(pod);
		return;
	}
	statuses_fit(s);
	sel = default_selector(s, pod);
	sch_cycle_init(&cy, &s->cache, pod, sel);
	node = pick(s, &cy, &found);
	if (node) {
		sch_cache_pod_set(&s->cache, pod, node->name, true);
		sch_cache_unnominate(&s->cache, cy.key);
		send_binding(s, pod, node->name);
	} else {
		unschedulable(s, qp, &cy);
	}
	statuses_clear(s);
	sch_cycle_free(&cy);
	free(sel);
	json_decref(pod);
	s->duration_sum += sch_now() - t0;
	s->duration_count++;
}

static void on_kick(evutil_socket_t fd, short what, void *arg)
{
	struct sch *s = arg;
	double t0 = sch_now();
	struct sch_qpod *qp;
	int n = 0;

	(void)fd;
	(void)what;
	s->kicked = false;
	sch_queue_flush(&s->q, t0);
	while (n < BATCH_PODS && sch_now() - t0 < BATCH_SECS && (qp = sch_queue_pop(&s->q))) {
		schedule_one(s, qp);
		n++;
	}
	kick(s);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct sch *s = arg;

	(void)fd;
	(void)what;
	sch_queue_flush(&s->q, sch_now());
	kick(s);
}

/* ---- informer handlers ---- */

static void pod_gone(struct sch *s, const json_t *pod)
{
	char *key = inf_key(pod);

	if (!key)
		return;
	if (sch_cache_pod(&s->cache, key)) {
		sch_cache_pod_del(&s->cache, key);
		sch_queue_move_all(&s->q, sch_now());
	}
	sch_queue_del(&s->q, key);
	sch_cache_unnominate(&s->cache, key);
	free(key);
	kick(s);
}

static void pod_seen(struct sch *s, const json_t *pod)
{
	const char *node = jx_str(pod, "spec.nodeName");
	char *key;
	struct sch_pod *p;

	if (pod_terminal(pod)) {
		pod_gone(s, pod);
		return;
	}
	key = inf_key(pod);
	if (!key)
		return;
	if (node && *node) {
		sch_cache_pod_set(&s->cache, pod, node, false);
		sch_queue_del(&s->q, key);
		sch_cache_unnominate(&s->cache, key);
	} else if (pending(s, pod)) {
		p = sch_cache_pod(&s->cache, key);
		if (!p || !p->assumed)
			sch_queue_add(&s->q, pod, sch_now());
	} else {
		sch_queue_del(&s->q, key);
	}
	free(key);
	kick(s);
}

static void pod_add(void *arg, const json_t *obj)
{
	pod_seen(arg, obj);
}

static void pod_update(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	pod_seen(arg, obj);
}

static void pod_delete(void *arg, const json_t *obj)
{
	pod_gone(arg, obj);
}

/* What the filters read of a node; heartbeats change none of it. */
static bool node_changed(const json_t *a, const json_t *b)
{
	static const char *const paths[] = {"metadata.labels", "spec.taints", "spec.unschedulable",
					    "status.allocatable", "status.images"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (!jx_equal(jx_get(a, paths[i]), jx_get(b, paths[i])))
			return true;
	return false;
}

static void node_add(void *arg, const json_t *obj)
{
	struct sch *s = arg;

	sch_cache_node_set(&s->cache, obj);
	sch_queue_move_all(&s->q, sch_now());
	kick(s);
}

static void node_update(void *arg, const json_t *old, const json_t *obj)
{
	struct sch *s = arg;

	sch_cache_node_set(&s->cache, obj);
	if (node_changed(old, obj)) {
		sch_queue_move_all(&s->q, sch_now());
		kick(s);
	}
}

static void node_delete(void *arg, const json_t *obj)
{
	struct sch *s = arg;

	sch_cache_node_del(&s->cache, jx_str(obj, "metadata.name"));
}

/* ---- daemon hooks ---- */

int sch_init(struct daemon *d, void *arg, char *err, size_t errlen)
{
	struct sch *s = arg;
	struct inf_factory *f = daemon_informers(d);
	struct inf_handler ph = {pod_add, pod_update, pod_delete, s};
	struct inf_handler nh = {node_add, node_update, node_delete, s};

	(void)err;
	(void)errlen;
	s->kc = daemon_client(d);
	s->rec = rec_new(s->kc, s->cfg.name, NULL);
	s->pods = inf_factory_get(f, "/api/v1/pods", NULL, NULL);
	s->nodes = inf_factory_get(f, "/api/v1/nodes", NULL, NULL);
	s->svcs = inf_factory_get(f, "/api/v1/services", NULL, NULL);
	s->rcs = inf_factory_get(f, "/api/v1/replicationcontrollers", NULL, NULL);
	s->rss = inf_factory_get(f, "/apis/apps/v1/replicasets", NULL, NULL);
	s->sss = inf_factory_get(f, "/apis/apps/v1/statefulsets", NULL, NULL);
	s->pdbs = inf_factory_get(f, "/apis/policy/v1/poddisruptionbudgets", NULL, NULL);
	/* Nodes first, so the pods that name them find them. */
	inf_add_handler(s->nodes, &nh);
	inf_add_handler(s->pods, &ph);
	s->kick = evtimer_new(daemon_base(d), on_kick, s);
	s->tick = event_new(daemon_base(d), -1, EV_PERSIST, on_tick, s);
	s->bind_retry = evtimer_new(daemon_base(d), on_bind_retry, s);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	log_info("scheduler profile %s, percentageOfNodesToScore %d", s->cfg.name,
		 s->cfg.percentage);
	return 0;
}

void sch_run(struct daemon *d, void *arg)
{
	struct sch *s = arg;
	struct timeval tv = {0, TICK_MS * 1000};

	(void)d;
	s->running = true;
	event_add(s->tick, &tv);
	kick(s);
}

static void metric(char **buf, const char *fmt, const char *label, double v)
{
	char *name = xasprintf(fmt, label);

	daemon_metric(buf, name, v);
	free(name);
}

void sch_metrics(void *arg, char **buf)
{
	struct sch *s = arg;
	static const char *const queues[] = {"active", "backoff", "unschedulable"};
	char *lbl;

	for (int i = 0; i < 3; i++)
		metric(buf, "scheduler_pending_pods{queue=\"%s\"}", queues[i],
		       (double)sch_queue_count(&s->q, (enum sch_qstate)i));
	daemon_metric(buf, "scheduler_pending_pods{queue=\"gated\"}", 0);
	for (int i = 0; i < RES_COUNT; i++) {
		lbl = xasprintf("%s\",result=\"%s", s->cfg.name, result_names[i]);
		metric(buf, "scheduler_schedule_attempts_total{profile=\"%s\"}", lbl,
		       (double)s->attempts[i]);
		free(lbl);
	}
	daemon_metric(buf, "scheduler_preemption_attempts_total", (double)s->preemptions);
	daemon_metric(buf, "scheduler_preemption_victims_sum", (double)s->victims);
	metric(buf, "scheduler_cache_size{type=\"%s\"}", "nodes", (double)s->cache.n);
	metric(buf, "scheduler_cache_size{type=\"%s\"}", "pods", (double)s->cache.pods.count);
	metric(buf, "scheduler_cache_size{type=\"%s\"}", "assumed_pods", (double)s->cache.nassumed);
	daemon_metric(buf, "scheduler_scheduling_attempt_duration_seconds_sum", s->duration_sum);
	daemon_metric(buf, "scheduler_scheduling_attempt_duration_seconds_count",
		      (double)s->duration_count);
	daemon_metric(buf, "scheduler_binds_in_flight", (double)s->binds);
	metric(buf, "scheduler_cache_size{type=\"%s\"}", "nominated_pods",
	       (double)s->cache.noms.count);
}
