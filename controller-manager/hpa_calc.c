/*
 * hpa_calc: the horizontal pod autoscaler's replica arithmetic (see hpa_calc.h), following
 * upstream's replica calculator and normalization step by step, integer truncations included,
 * since they decide whether a change falls inside the tolerance.
 */
#include "hpa_calc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conditions.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "quantity.h"

void hpa_samples_add(struct hpa_samples *s, const char *pod, int64_t value, int64_t ts_ms,
		     int64_t window_ms)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = (struct hpa_sample){xstrdup(pod), value, ts_ms, window_ms};
}

void hpa_samples_free(struct hpa_samples *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].pod);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Go's int32(math.Ceil(x)), kept inside int32 (Go's own conversion of out-of-range values is
 * platform-defined, and C's undefined). */
static int32_t ceil_i32(double x)
{
	x = ceil(x);
	if (isnan(x))
		return 0;
	if (x >= INT32_MAX)
		return INT32_MAX;
	if (x <= INT32_MIN)
		return INT32_MIN;
	return (int32_t)x;
}

static bool within(const struct hpa_opts *o, double ratio)
{
	return 1.0 - o->tolerance <= ratio && ratio <= 1.0 + o->tolerance;
}

/* ---- the metrics of one calculation: pod name -> milli-value ---- */

struct mentry {
	const char *pod; /* borrowed from the samples or the pods */
	int64_t value;
	bool live;
};

struct mset {
	struct hmap idx; /* pod -> index + 1 */
	struct mentry *e;
	size_t n, cap, live;
};

static struct mentry *mset_get(struct mset *m, const char *pod)
{
	uintptr_t i = (uintptr_t)hmap_get(&m->idx, pod);

	return i && m->e[i - 1].live ? &m->e[i - 1] : NULL;
}

static void mset_set(struct mset *m, const char *pod, int64_t value)
{
	uintptr_t i = (uintptr_t)hmap_get(&m->idx, pod);

	if (!i) {
		if (m->n == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 8;
			m->e = xrealloc(m->e, m->cap * sizeof(*m->e));
		}
		m->e[m->n] = (struct mentry){pod, 0, false};
		i = ++m->n;
		hmap_put(&m->idx, pod, (void *)i);
	}
	if (!m->e[i - 1].live)
		m->live++;
	m->e[i - 1].value = value;
	m->e[i - 1].live = true;
}

static void mset_del(struct mset *m, const char *pod)
{
	struct mentry *e = mset_get(m, pod);

	if (e) {
		e->live = false;
		m->live--;
	}
}

static void mset_init(struct mset *m, const struct hpa_samples *s)
{
	memset(m, 0, sizeof(*m));
	hmap_init(&m->idx);
	for (size_t i = 0; i < s->n; i++)
		mset_set(m, s->v[i].pod, s->v[i].value);
}

static void mset_free(struct mset *m)
{
	hmap_clear(&m->idx);
	free(m->e);
}

static const struct hpa_sample *sample_of(const struct hpa_samples *s, const char *pod)
{
	for (size_t i = s->n; i-- > 0;)
		if (!strcmp(s->v[i].pod, pod))
			return &s->v[i];
	return NULL;
}

/* ---- grouping pods (upstream's groupPods) ---- */

enum group { G_READY, G_UNREADY, G_MISSING, G_IGNORED };

static int64_t time_ms(const char *s, bool *ok)
{
	struct timespec ts;

	*ok = s && !kt_parse(s, &ts);
	return *ok ? (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 : 0;
}

/* Is a pod with a cpu sample still warming up, or not ready since it started? */
static bool cpu_unready(const struct hpa_opts *o, int64_t now, const json_t *pod,
			const struct hpa_sample *m)
{
	const json_t *ready = cond_get(pod, "Ready");
	bool have_start, have_trans;
	int64_t start = time_ms(jx_str(pod, "status.startTime"), &have_start);
	int64_t trans = time_ms(jx_str(ready, "lastTransitionTime"), &have_trans);
	bool is_false = !strcmp(jx_str(ready, "status") ?: "", "False");

	if (!ready || !have_start)
		return true;
	if (start + o->cpu_init_ms > now)
		return is_false || m->ts_ms < trans + m->window_ms;
	return is_false && start + o->ready_delay_ms > trans;
}

static enum group group_pod(const struct hpa_opts *o, int64_t now, const json_t *pod,
			    const struct hpa_samples *s, bool cpu)
{
	const char *phase = jx_str(pod, "status.phase") ?: "";
	const struct hpa_sample *m;

	if (pod_deleting(pod) || !strcmp(phase, "Failed"))
		return G_IGNORED;
	if (!strcmp(phase, "Pending"))
		return G_UNREADY;
	if (!(m = sample_of(s, jx_str(pod, "metadata.name") ?: "")))
		return G_MISSING;
	if (cpu && cpu_unready(o, now, pod, m))
		return G_UNREADY;
	return G_READY;
}

/* The pods' groups, with the samples of ignored and unready pods dropped from m. */
struct groups {
	enum group *g;
	size_t ready, unready, missing;
};

static void group_pods(const struct hpa_opts *o, int64_t now, const json_t *const *pods, size_t n,
		       const struct hpa_samples *s, const char *resource, struct mset *m,
		       struct groups *gr)
{
	bool cpu = resource && !strcmp(resource, "cpu");

	memset(gr, 0, sizeof(*gr));
	gr->g = xcalloc(n ? n : 1, sizeof(*gr->g));
	for (size_t i = 0; i < n; i++) {
		gr->g[i] = group_pod(o, now, pods[i], s, cpu);
		if (gr->g[i] == G_READY)
			gr->ready++;
		else if (gr->g[i] == G_UNREADY)
			gr->unready++;
		else if (gr->g[i] == G_MISSING)
			gr->missing++;
		if (gr->g[i] == G_IGNORED || gr->g[i] == G_UNREADY)
			mset_del(m, jx_str(pods[i], "metadata.name") ?: "");
	}
}

/* Give every pod of group g the same value. */
static void fill_group(struct mset *m, const json_t *const *pods, size_t n, const struct groups *gr,
		       enum group g, int64_t value)
{
	for (size_t i = 0; i < n; i++)
		if (gr->g[i] == g)
			mset_set(m, jx_str(pods[i], "metadata.name") ?: "", value);
}

/* What both calculations start with: the pods grouped (samples of ignored and unready pods
 * dropped), refused when nothing is left to go on. */
static int plan(const struct hpa_opts *o, int64_t now, const json_t *const *pods, size_t n,
		const struct hpa_samples *s, const char *resource, struct mset *m,
		struct groups *gr, char *err, size_t errlen)
{
	if (!n) {
		snprintf(err, errlen,
			 "no pods returned by selector while calculating replica count");
		return -1;
	}
	group_pods(o, now, pods, n, s, resource, m, gr);
	if (!m->live) {
		snprintf(err, errlen,
			 "did not receive metrics for targeted pods (pods might be "
			 "unready)");
		return -1;
	}
	return 0;
}

/* Whether the first ratio stands: no pod lacks metrics, and no unready pod could hold back a
 * scale-up. */
static bool settled(const struct groups *gr, double ratio)
{
	return !(gr->unready && ratio > 1.0) && !gr->missing;
}

/* Scaling up, pods without metrics and unready pods count as using nothing (the callers fill
 * the missing ones themselves when scaling down). */
static void fill_up(struct mset *m, const json_t *const *pods, size_t n, const struct groups *gr,
		    double ratio)
{
	if (ratio <= 1.0)
		return;
	if (gr->missing)
		fill_group(m, pods, n, gr, G_MISSING, 0);
	if (gr->unready)
		fill_group(m, pods, n, gr, G_UNREADY, 0);
}

/* ---- requests ---- */

static const json_t *container_request(const json_t *c, const char *resource)
{
	return json_object_get(jx_get(c, "resources.requests"), resource);
}

/* Regular containers, then restartable init containers (sidecars), as upstream counts. */
static size_t pod_containers(const json_t *pod, const json_t ***out)
{
	const json_t *cs = jx_get(pod, "spec.containers"),
		     *ics = jx_get(pod, "spec.initContainers");
	const json_t **v = xcalloc(json_array_size(cs) + json_array_size(ics) + 1, sizeof(*v));
	const json_t *c;
	size_t i, n = 0;

	json_array_foreach(cs, i, c) v[n++] = c;
	json_array_foreach(ics, i, c)
	{
		if (!strcmp(jx_str(c, "restartPolicy") ?: "", "Always"))
			v[n++] = c;
	}
	*out = v;
	return n;
}

int64_t hpa_pod_request(const json_t *pod, const char *resource, const char *container, char *err,
			size_t errlen)
{
	const char *pname = jx_str(pod, "metadata.name") ?: "";
	const json_t **cs;
	size_t n = pod_containers(pod, &cs);
	int64_t sum = 0;
	bool any = !container || !*container;

	for (size_t i = 0; i < n; i++) {
		const char *cname = jx_str(cs[i], "name") ?: "";
		struct qty q;

		if (!any && strcmp(container, cname))
			continue;
		if (!qty_from_json(container_request(cs[i], resource), &q)) {
			snprintf(err, errlen, "missing request for %s in container %s of Pod %s",
				 resource, cname, pname);
			sum = -1;
			goto out;
		}
		sum += qty_milli(&q);
		if (!any)
			goto out; /* container names are unique in a pod */
	}
	if (!any) {
		snprintf(err, errlen, "container %s not found in Pod %s", container, pname);
		sum = -1;
	}
out:
	free(cs);
	return sum;
}

/* Every pod's request, aligned with pods. NULL with err when one is missing. */
static int64_t *pod_requests(const json_t *const *pods, size_t n, const char *resource,
			     const char *container, char *err, size_t errlen)
{
	int64_t *req = xcalloc(n ? n : 1, sizeof(*req));

	for (size_t i = 0; i < n; i++) {
		if ((req[i] = hpa_pod_request(pods[i], resource, container, err, errlen)) < 0) {
			free(req);
			return NULL;
		}
	}
	return req;
}

/* ---- ratios ---- */

/* Upstream's GetResourceUtilizationRatio: only samples of listed pods count. */
static int utilization_ratio(const struct mset *m, const struct hmap *podidx, const int64_t *req,
			     int32_t target, double *ratio, int32_t *util, int64_t *raw, char *err,
			     size_t errlen)
{
	int64_t used = 0, requested = 0, entries = 0;

	for (size_t i = 0; i < m->n; i++) {
		uintptr_t k = (uintptr_t)hmap_get(podidx, m->e[i].pod);

		if (!m->e[i].live || !k)
			continue;
		used += m->e[i].value;
		requested += req[k - 1];
		entries++;
	}
	if (!requested) {
		snprintf(err, errlen, "no metrics returned matched known pods");
		return -1;
	}
	*util = (int32_t)(used * 100 / requested);
	*ratio = (double)*util / (double)target;
	*raw = used / entries;
	return 0;
}

/* Upstream's GetMetricUsageRatio: the average of every sample. */
static double usage_ratio(const struct mset *m, int64_t target, int64_t *avg)
{
	int64_t total = 0;

	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].live)
			total += m->e[i].value;
	*avg = m->live ? total / (int64_t)m->live : 0;
	return (double)*avg / (double)target;
}

/* The pods by name (index + 1), for matching samples to requests. */
static void index_pods(struct hmap *idx, const json_t *const *pods, size_t n)
{
	hmap_init(idx);
	for (size_t i = 0; i < n; i++)
		hmap_put(idx, jx_str(pods[i], "metadata.name") ?: "", (void *)(uintptr_t)(i + 1));
}

/* After fillers: keep current when the change is within tolerance or flips direction. */
static int32_t settle_direction(const struct hpa_opts *o, double before, double after,
				size_t considered, int32_t current)
{
	int32_t next;

	if (within(o, after) || (before < 1.0 && after > 1.0) || (before > 1.0 && after < 1.0))
		return current;
	next = ceil_i32(after * (double)considered);
	if ((after < 1.0 && next > current) || (after > 1.0 && next < current))
		return current;
	return next;
}

int hpa_resource_replicas(const struct hpa_opts *o, int64_t now_ms, const json_t *const *pods,
			  size_t npods, struct hpa_samples *s, const char *resource,
			  const char *container, int32_t target_utilization, int32_t current,
			  struct hpa_proposal *p, char *err, size_t errlen)
{
	struct groups gr = {0};
	struct mset m;
	struct hmap idx;
	int64_t *req = NULL;
	double ratio, after;
	int32_t util;
	int64_t raw;
	int rc = -1;

	mset_init(&m, s);
	index_pods(&idx, pods, npods);
	memset(p, 0, sizeof(*p));
	if (plan(o, now_ms, pods, npods, s, resource, &m, &gr, err, errlen))
		goto out;
	if (!(req = pod_requests(pods, npods, resource, container, err, errlen)) ||
	    utilization_ratio(&m, &idx, req, target_utilization, &ratio, &util, &raw, err, errlen))
		goto out;
	p->utilization = util;
	p->usage = raw;
	rc = 0;
	if (settled(&gr, ratio)) {
		p->replicas = within(o, ratio) ? current : ceil_i32(ratio * (double)gr.ready);
		goto out;
	}
	if (gr.missing && ratio < 1.0) {
		/* Scaling down: a pod without metrics counts as using its whole request (or the
		 * target, when that is above 100%). */
		int64_t pct = target_utilization > 100 ? target_utilization : 100;
		for (size_t i = 0; i < npods; i++)
			if (gr.g[i] == G_MISSING)
				mset_set(&m, jx_str(pods[i], "metadata.name") ?: "",
					 req[i] * pct / 100);
	}
	fill_up(&m, pods, npods, &gr, ratio);
	if (utilization_ratio(&m, &idx, req, target_utilization, &after, &util, &raw, err,
			      errlen)) {
		rc = -1;
		goto out;
	}
	p->replicas = settle_direction(o, ratio, after, m.live, current);
out:
	free(gr.g);
	free(req);
	hmap_clear(&idx);
	mset_free(&m);
	return rc;
}

int hpa_plain_replicas(const struct hpa_opts *o, int64_t now_ms, const json_t *const *pods,
		       size_t npods, struct hpa_samples *s, const char *resource, int64_t target,
		       int32_t current, struct hpa_proposal *p, char *err, size_t errlen)
{
	struct groups gr = {0};
	struct mset m;
	double ratio, after;
	int64_t avg, ignored;
	int rc = -1;

	mset_init(&m, s);
	memset(p, 0, sizeof(*p));
	if (plan(o, now_ms, pods, npods, s, resource, &m, &gr, err, errlen))
		goto out;
	ratio = usage_ratio(&m, target, &avg);
	p->usage = avg;
	rc = 0;
	if (settled(&gr, ratio)) {
		p->replicas = within(o, ratio) ? current : ceil_i32(ratio * (double)gr.ready);
		goto out;
	}
	/* Scaling down, a pod without metrics uses exactly the target. */
	if (gr.missing && ratio < 1.0)
		fill_group(&m, pods, npods, &gr, G_MISSING, target);
	fill_up(&m, pods, npods, &gr, ratio);
	after = usage_ratio(&m, target, &ignored);
	p->replicas = settle_direction(o, ratio, after, m.live, current);
out:
	free(gr.g);
	mset_free(&m);
	return rc;
}

int hpa_value_replicas(const struct hpa_opts *o, const json_t *const *pods, size_t npods,
		       int64_t usage, int64_t target, int32_t current, struct hpa_proposal *p,
		       char *err, size_t errlen)
{
	double ratio = (double)usage / (double)target;
	size_t ready = 0;

	memset(p, 0, sizeof(*p));
	p->usage = usage;
	if (!current) {
		/* From zero: as many pods as the ratio says, whatever runs. */
		p->replicas = ceil_i32(ratio);
		return 0;
	}
	if (within(o, ratio)) {
		p->replicas = current;
		return 0;
	}
	if (!npods) {
		snprintf(err, errlen,
			 "unable to calculate ready pods: no pods returned by selector while "
			 "calculating replica count");
		return -1;
	}
	for (size_t i = 0; i < npods; i++)
		if (!strcmp(jx_str(pods[i], "status.phase") ?: "", "Running") && pod_ready(pods[i]))
			ready++;
	p->replicas = ceil_i32(ratio * (double)ready);
	return 0;
}

void hpa_per_pod_replicas(const struct hpa_opts *o, int64_t usage, int64_t target,
			  int32_t status_replicas, struct hpa_proposal *p)
{
	double ratio = (double)usage / ((double)target * (double)status_replicas);

	memset(p, 0, sizeof(*p));
	p->replicas = status_replicas;
	if (!within(o, ratio))
		p->replicas = ceil_i32((double)usage / (double)target);
	p->usage = status_replicas > 0 ? (int64_t)ceil((double)usage / status_replicas) : usage;
}

/* ---- behavior rules ---- */

void hpa_rules_from_json(const json_t *rules, bool up, int32_t default_window_s,
			 struct hpa_rules *out)
{
	const json_t *win = json_object_get(rules, "stabilizationWindowSeconds");
	const json_t *pols = json_object_get(rules, "policies"), *pol;
	const char *sel = jx_str(rules, "selectPolicy") ?: "Max";
	size_t i;

	memset(out, 0, sizeof(*out));
	out->window_s =
	    json_is_integer(win) ? (int32_t)json_integer_value(win) : (up ? 0 : default_window_s);
	out->select = !strcmp(sel, "Min")	 ? HPA_SELECT_MIN
		      : !strcmp(sel, "Disabled") ? HPA_SELECT_DISABLED
						 : HPA_SELECT_MAX;
	if (!json_is_array(pols)) {
		/* Defaulting's rules: up 4 pods or 100% per 15 s; down 100% per 15 s. */
		out->pol = xcalloc(2, sizeof(*out->pol));
		if (up)
			out->pol[out->npol++] = (struct hpa_policy){false, 4, 15};
		out->pol[out->npol++] = (struct hpa_policy){true, 100, 15};
		return;
	}
	out->pol = xcalloc(json_array_size(pols) + 1, sizeof(*out->pol));
	json_array_foreach(pols, i, pol)
	{
		out->pol[out->npol++] = (struct hpa_policy){
		    !strcmp(jx_str(pol, "type") ?: "", "Percent"), (int32_t)jx_int(pol, "value", 0),
		    (int32_t)jx_int(pol, "periodSeconds", 0)};
	}
}

void hpa_rules_free(struct hpa_rules *r)
{
	free(r->pol);
	memset(r, 0, sizeof(*r));
}

/* ---- history ---- */

void hpa_history_free(struct hpa_history *h)
{
	free(h->recs);
	free(h->ev[0]);
	free(h->ev[1]);
	memset(h, 0, sizeof(*h));
}

static void add_rec(struct hpa_history *h, int32_t replicas, int64_t now)
{
	h->recs = xrealloc(h->recs, (h->nrecs + 1) * sizeof(*h->recs));
	h->recs[h->nrecs++] = (struct hpa_rec){replicas, now};
}

void hpa_history_init(struct hpa_history *h, int32_t current, int64_t now_ms)
{
	if (!h->nrecs)
		add_rec(h, current, now_ms);
}

/* Keep a recommendation: in the slot of an expired one when there is one (the last). */
static void put_rec(struct hpa_history *h, bool old, size_t old_idx, int32_t replicas, int64_t now)
{
	if (old)
		h->recs[old_idx] = (struct hpa_rec){replicas, now};
	else
		add_rec(h, replicas, now);
}

static int32_t longest_period(const struct hpa_rules *r)
{
	int32_t longest = 0;

	for (size_t i = 0; i < r->npol; i++)
		if (r->pol[i].period_s > longest)
			longest = r->pol[i].period_s;
	return longest;
}

void hpa_history_scaled(struct hpa_history *h, const struct hpa_rules *up,
			const struct hpa_rules *down, int32_t from, int32_t to, int64_t now_ms)
{
	int d = to > from ? 0 : 1;
	int64_t cutoff = now_ms - (int64_t)longest_period(d ? down : up) * 1000;
	struct hpa_event ev = {d ? from - to : to - from, now_ms, false};
	bool found = false;
	size_t slot = 0;

	for (size_t i = 0; i < h->nev[d]; i++) {
		if (h->ev[d][i].ts_ms < cutoff)
			h->ev[d][i].outdated = true;
		if (h->ev[d][i].outdated) {
			found = true;
			slot = i;
		}
	}
	if (found) {
		h->ev[d][slot] = ev;
		return;
	}
	h->ev[d] = xrealloc(h->ev[d], (h->nev[d] + 1) * sizeof(*h->ev[d]));
	h->ev[d][h->nev[d]++] = ev;
}

/* ---- normalization ---- */

static void verdict(struct hpa_verdict *v, const char *reason, const char *msg)
{
	v->limit_reason = reason;
	v->limit_msg = msg;
}

#define MSG_WITHIN    "the desired count is within the acceptable range"
#define MSG_TOO_FEW   "the desired replica count is less than the minimum replica count"
#define MSG_TOO_MANY  "the desired replica count is more than the maximum replica count"
#define MSG_UP_RATE   "the desired replica count is increasing faster than the maximum scale rate"
#define MSG_DOWN_RATE "the desired replica count is decreasing faster than the maximum scale rate"
#define MSG_READY     "recommended size matches current size"
#define MSG_DOWN_STAB                                                                              \
	"recent recommendations were higher than current one, applying the highest recent "        \
	"recommendation"
#define MSG_UP_STAB                                                                                \
	"recent recommendations were lower than current one, applying the lowest recent "          \
	"recommendation"

/* Upstream's convertDesiredReplicasWithRules. */
static int32_t within_rules(int32_t current, int32_t desired, int32_t min, int32_t max,
			    struct hpa_verdict *v)
{
	int64_t up_limit = 2 * (int64_t)current > 4 ? 2 * (int64_t)current : 4;
	int64_t highest = max;

	if (max > up_limit) {
		highest = up_limit;
		verdict(v, "ScaleUpLimit", MSG_UP_RATE);
	} else {
		verdict(v, "TooManyReplicas", MSG_TOO_MANY);
	}
	if (desired < min) {
		verdict(v, "TooFewReplicas", MSG_TOO_FEW);
		return min;
	}
	if (desired > highest)
		return (int32_t)highest;
	verdict(v, "DesiredWithinRange", MSG_WITHIN);
	return desired;
}

int32_t hpa_normalize(struct hpa_history *h, long window_ms, int32_t current, int32_t desired,
		      int32_t min, int32_t max, int64_t now_ms, struct hpa_verdict *v)
{
	int64_t cutoff = now_ms - window_ms;
	int32_t stable = desired, out;
	bool old = false;
	size_t old_idx = 0;

	for (size_t i = 0; i < h->nrecs; i++) {
		if (h->recs[i].ts_ms < cutoff) {
			old = true;
			old_idx = i;
		} else if (h->recs[i].replicas > stable) {
			stable = h->recs[i].replicas;
		}
	}
	put_rec(h, old, old_idx, desired, now_ms);
	v->able_reason = stable != desired ? "ScaleDownStabilized" : "ReadyForNewScale";
	v->able_msg = stable != desired ? MSG_DOWN_STAB : MSG_READY;
	out = within_rules(current, stable, min, max, v);
	v->limited = out != stable;
	return out;
}

/* Replicas changed in the direction's events newer than period seconds. */
static int64_t changed_within(const struct hpa_history *h, int d, int32_t period_s, int64_t now)
{
	int64_t cutoff = now - (int64_t)period_s * 1000, sum = 0;

	for (size_t i = 0; i < h->nev[d]; i++)
		if (h->ev[d][i].ts_ms > cutoff)
			sum += h->ev[d][i].change;
	return sum;
}

/* The most (up) or fewest (down) replicas the policies allow now. */
static int64_t rate_limit(const struct hpa_history *h, const struct hpa_rules *r, bool up,
			  int32_t current, int64_t now)
{
	bool take_max = (r->select == HPA_SELECT_MIN) != up;
	int64_t result = take_max ? INT32_MIN : INT32_MAX;

	if (r->select == HPA_SELECT_DISABLED)
		return current;
	for (size_t i = 0; i < r->npol; i++) {
		const struct hpa_policy *p = &r->pol[i];
		int64_t start = current - changed_within(h, 0, p->period_s, now) +
				changed_within(h, 1, p->period_s, now);
		int64_t proposed;

		if (up)
			proposed = p->percent
				       ? (int64_t)ceil((double)start * (1 + (double)p->value / 100))
				       : start + p->value;
		else
			proposed = p->percent
				       ? (int64_t)((double)start * (1 - (double)p->value / 100))
				       : start - p->value;
		if (take_max ? proposed > result : proposed < result)
			result = proposed;
	}
	return result;
}

/* Upstream's stabilizeRecommendationWithBehaviors. */
static int32_t stabilize(struct hpa_history *h, const struct hpa_rules *up,
			 const struct hpa_rules *down, int32_t current, int32_t desired,
			 int64_t now, struct hpa_verdict *v)
{
	int64_t up_cut = now - (int64_t)up->window_s * 1000;
	int64_t down_cut = now - (int64_t)down->window_s * 1000;
	int32_t up_rec = desired, down_rec = desired, out = current;
	bool old = false;
	size_t old_idx = 0;

	for (size_t i = 0; i < h->nrecs; i++) {
		const struct hpa_rec *r = &h->recs[i];

		if (r->ts_ms > up_cut && r->replicas < up_rec)
			up_rec = r->replicas;
		if (r->ts_ms > down_cut && r->replicas > down_rec)
			down_rec = r->replicas;
		if (r->ts_ms < up_cut && r->ts_ms < down_cut) {
			old = true;
			old_idx = i;
		}
	}
	if (out < up_rec)
		out = up_rec;
	if (out > down_rec)
		out = down_rec;
	put_rec(h, old, old_idx, desired, now);
	v->able_reason = desired >= current ? "ScaleUpStabilized" : "ScaleDownStabilized";
	v->able_msg = desired >= current ? MSG_UP_STAB : MSG_DOWN_STAB;
	if (out == desired) {
		v->able_reason = "ReadyForNewScale";
		v->able_msg = MSG_READY;
	}
	return out;
}

/* Upstream's convertDesiredReplicasWithBehaviorRate. */
static int32_t within_rate(const struct hpa_history *h, const struct hpa_rules *up,
			   const struct hpa_rules *down, int32_t current, int32_t desired,
			   int32_t min, int32_t max, int64_t now, struct hpa_verdict *v)
{
	verdict(v, "DesiredWithinRange", MSG_WITHIN);
	if (desired > current) {
		int64_t limit = rate_limit(h, up, true, current, now), highest = max;

		if (limit < current)
			limit = current; /* no further up until earlier events age out */
		if (highest > limit) {
			highest = limit;
			verdict(v, "ScaleUpLimit", MSG_UP_RATE);
		} else {
			verdict(v, "TooManyReplicas", MSG_TOO_MANY);
		}
		if (desired > highest)
			return (int32_t)highest;
	} else if (desired < current) {
		int64_t limit = rate_limit(h, down, false, current, now), lowest = min;

		if (limit > current)
			limit = current;
		if (lowest < limit) {
			lowest = limit;
			verdict(v, "ScaleDownLimit", MSG_DOWN_RATE);
		} else {
			verdict(v, "TooFewReplicas", MSG_TOO_FEW);
		}
		if (desired < lowest)
			return (int32_t)lowest;
	}
	verdict(v, "DesiredWithinRange", MSG_WITHIN);
	return desired;
}

int32_t hpa_normalize_behavior(struct hpa_history *h, const struct hpa_rules *up,
			       const struct hpa_rules *down, int32_t current, int32_t desired,
			       int32_t min, int32_t max, int64_t now_ms, struct hpa_verdict *v)
{
	int32_t stable = stabilize(h, up, down, current, desired, now_ms, v);
	int32_t out = within_rate(h, up, down, current, stable, min, max, now_ms, v);

	v->limited = out != stable;
	return out;
}
