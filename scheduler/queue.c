/*
 * The scheduling queue, as upstream's PriorityQueue: activeQ (a heap by priority, then
 * creation), backoffQ (a heap by the end of each pod's back-off: 1 s doubling to 10 s per
 * attempt) and the unschedulable pods, which wait for a cluster event or at most 5 minutes.
 * A pod popped is in flight until it is bound (and leaves) or requeued.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "scheduler.h"

static bool active_less(const struct sch_qpod *a, const struct sch_qpod *b)
{
	if (a->prio != b->prio)
		return a->prio > b->prio;
	if (a->created != b->created)
		return a->created < b->created;
	return strcmp(a->key, b->key) < 0;
}

static bool backoff_less(const struct sch_qpod *a, const struct sch_qpod *b)
{
	return a->backoff_until < b->backoff_until;
}

/* ---- heaps ---- */

static void heap_set(struct sch_heap *h, size_t i, struct sch_qpod *p)
{
	h->v[i] = p;
	p->hidx = i;
}

static void heap_up(struct sch_heap *h, size_t i)
{
	struct sch_qpod *p = h->v[i];

	while (i > 0 && h->less(p, h->v[(i - 1) / 2])) {
		heap_set(h, i, h->v[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(h, i, p);
}

static void heap_down(struct sch_heap *h, size_t i)
{
	struct sch_qpod *p = h->v[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->less(h->v[c + 1], h->v[c]))
			c++;
		if (!h->less(h->v[c], p))
			break;
		heap_set(h, i, h->v[c]);
		i = c;
	}
	heap_set(h, i, p);
}

static void heap_push(struct sch_heap *h, struct sch_qpod *p)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
	}
	heap_set(h, h->n++, p);
	heap_up(h, h->n - 1);
}

static void heap_remove(struct sch_heap *h, size_t i)
{
	struct sch_qpod *last = h->v[--h->n];

	if (i == h->n)
		return;
	heap_set(h, i, last);
	heap_down(h, i);
	heap_up(h, last->hidx);
}

/* ---- states ---- */

static void leave(struct sch_queue *q, struct sch_qpod *p)
{
	switch (p->state) {
	case SCH_Q_ACTIVE:
		heap_remove(&q->active, p->hidx);
		break;
	case SCH_Q_BACKOFF:
		heap_remove(&q->backoff, p->hidx);
		break;
	case SCH_Q_UNSCHED:
		q->nunsched--;
		break;
	case SCH_Q_INFLIGHT:
		break;
	}
}

static void enter(struct sch_queue *q, struct sch_qpod *p, enum sch_qstate s, double now)
{
	p->state = s;
	switch (s) {
	case SCH_Q_ACTIVE:
		heap_push(&q->active, p);
		break;
	case SCH_Q_BACKOFF:
		heap_push(&q->backoff, p);
		break;
	case SCH_Q_UNSCHED:
		p->unsched_since = now;
		q->nunsched++;
		break;
	case SCH_Q_INFLIGHT:
		break;
	}
}

static void move(struct sch_queue *q, struct sch_qpod *p, enum sch_qstate s, double now)
{
	leave(q, p);
	enter(q, p, s, now);
}

/* Back to work: through the back-off first when it has not run out. */
static void reactivate(struct sch_queue *q, struct sch_qpod *p, double now)
{
	move(q, p, p->backoff_until > now ? SCH_Q_BACKOFF : SCH_Q_ACTIVE, now);
}

void sch_queue_init(struct sch_queue *q)
{
	memset(q, 0, sizeof(*q));
	hmap_init(&q->all);
	q->active.less = active_less;
	q->backoff.less = backoff_less;
	q->initial_backoff = 1;
	q->max_backoff = 10;
	q->max_unsched = 300;
}

static void qpod_free(struct sch_qpod *p)
{
	json_decref(p->obj);
	free(p->key);
	free(p);
}

void sch_queue_free(struct sch_queue *q)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&q->all, i, &k, &v));)
		qpod_free(v);
	hmap_clear(&q->all);
	free(q->active.v);
	free(q->backoff.v);
	memset(q, 0, sizeof(*q));
}

struct sch_qpod *sch_queue_get(const struct sch_queue *q, const char *key)
{
	return key ? hmap_get(&q->all, key) : NULL;
}

/* Status-only writes (ours included) must not send a pod round again. */
static bool changed(const json_t *a, const json_t *b)
{
	return !jx_equal(json_object_get(a, "spec"), json_object_get(b, "spec")) ||
	       !jx_equal(jx_get(a, "metadata.labels"), jx_get(b, "metadata.labels")) ||
	       !jx_equal(jx_get(a, "metadata.annotations"), jx_get(b, "metadata.annotations"));
}

static void load(struct sch_qpod *p, const json_t *obj)
{
	json_t *old = p->obj;

	p->obj = json_incref((json_t *)obj);
	json_decref(old);
	p->prio = sch_pod_priority(obj);
	p->created = sch_pod_time(obj, "metadata.creationTimestamp");
}

void sch_queue_add(struct sch_queue *q, const json_t *obj, double now)
{
	char *key = inf_key(obj);
	struct sch_qpod *p;
	bool moved;

	if (!key)
		return;
	p = hmap_get(&q->all, key);
	if (!p) {
		p = xcalloc(1, sizeof(*p));
		p->key = key;
		load(p, obj);
		hmap_put(&q->all, p->key, p);
		enter(q, p, SCH_Q_ACTIVE, now);
		return;
	}
	free(key);
	moved = p->state == SCH_Q_UNSCHED && changed(p->obj, obj);
	if (p->state == SCH_Q_ACTIVE && p->prio != sch_pod_priority(obj)) {
		leave(q, p);
		load(p, obj);
		enter(q, p, SCH_Q_ACTIVE, now);
		return;
	}
	load(p, obj);
	if (moved)
		reactivate(q, p, now);
}

void sch_queue_del(struct sch_queue *q, const char *key)
{
	struct sch_qpod *p = sch_queue_get(q, key);

	if (!p)
		return;
	leave(q, p);
	hmap_del(&q->all, p->key);
	qpod_free(p);
}

struct sch_qpod *sch_queue_pop(struct sch_queue *q)
{
	struct sch_qpod *p;

	if (!q->active.n)
		return NULL;
	p = q->active.v[0];
	move(q, p, SCH_Q_INFLIGHT, 0);
	p->cycle = ++q->cycle;
	return p;
}

double sch_queue_backoff(const struct sch_queue *q, int attempts)
{
	double d = q->initial_backoff;

	for (int i = 1; i < attempts && d < q->max_backoff; i++)
		d *= 2;
	return fmin(d, q->max_backoff);
}

void sch_queue_requeue(struct sch_queue *q, struct sch_qpod *p, bool unschedulable, double now)
{
	p->attempts++;
	p->backoff_until = now + sch_queue_backoff(q, p->attempts);
	/* The cluster changed while this pod was being tried: what failed may fit now. */
	if (!unschedulable || q->move_cycle >= p->cycle)
		move(q, p, SCH_Q_BACKOFF, now);
	else
		move(q, p, SCH_Q_UNSCHED, now);
}

void sch_queue_move_all(struct sch_queue *q, double now)
{
	const char *k;
	void *v;

	q->move_cycle = q->cycle;
	if (!q->nunsched)
		return;
	for (size_t i = 0; (i = hmap_next(&q->all, i, &k, &v));)
		if (((struct sch_qpod *)v)->state == SCH_Q_UNSCHED)
			reactivate(q, v, now);
}

void sch_queue_flush(struct sch_queue *q, double now)
{
	const char *k;
	void *v;

	while (q->backoff.n && q->backoff.v[0]->backoff_until <= now)
		move(q, q->backoff.v[0], SCH_Q_ACTIVE, now);
	if (!q->nunsched)
		return;
	for (size_t i = 0; (i = hmap_next(&q->all, i, &k, &v));) {
		struct sch_qpod *p = v;

		if (p->state == SCH_Q_UNSCHED && now - p->unsched_since >= q->max_unsched)
			reactivate(q, p, now);
	}
}

size_t sch_queue_count(const struct sch_queue *q, enum sch_qstate s)
{
	switch (s) {
	case SCH_Q_ACTIVE:
		return q->active.n;
	case SCH_Q_BACKOFF:
		return q->backoff.n;
	case SCH_Q_UNSCHED:
		return q->nunsched;
	case SCH_Q_INFLIGHT:
		return q->all.count - q->active.n - q->backoff.n - q->nunsched;
	}
	return 0;
}
