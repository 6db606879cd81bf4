#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hmap.h"
#include "log.h"
#include "workqueue.h"

/* Keys handed out per loop turn, so a long queue does not starve other events. */
#define DISPATCH_BATCH 64

struct item {
	struct wq *q;
	char *key;
	bool queued, processing, dirty, delayed;
	int failures;
	struct event *delay;
	double due; /* when the delayed add fires (monotonic seconds) */
	struct item *qnext;
};

struct wq {
	struct event_base *base;
	char *name;
	int workers;
	size_t nproc, nqueued;
	wq_sync_fn sync;
	void *arg;
	struct hmap items; /* key -> struct item */
	struct item *head, *tail;
	struct event *dispatch_ev;
	/* Rate limiter. */
	long base_ms, max_ms;
	double qps, tokens, last_fill;
	int burst;
};

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void dispatch_cb(evutil_socket_t fd, short what, void *arg);

struct wq *wq_new(struct event_base *base, const char *name, int workers, wq_sync_fn sync,
		  void *arg)
{
	struct wq *q = xcalloc(1, sizeof(*q));

	q->base = base;
	q->name = xstrdup(name ? name : "queue");
	q->workers = workers < 1 ? 1 : workers;
	q->sync = sync;
	q->arg = arg;
	q->dispatch_ev = evtimer_new(base, dispatch_cb, q);
	wq_set_limits(q, 5, 1000 * 1000, 10, 100);
	return q;
}

void wq_set_limits(struct wq *q, long base_ms, long max_ms, double qps, int burst)
{
	q->base_ms = base_ms;
	q->max_ms = max_ms;
	q->qps = qps;
	q->burst = burst;
	q->tokens = burst;
	q->last_fill = mono_now();
}

static void item_free(struct item *it)
{
	if (it->delay)
		event_free(it->delay);
	free(it->key);
	free(it);
}

void wq_free(struct wq *q)
{
	const char *k;
	void *v;

	if (!q)
		return;
	for (size_t i = 0; (i = hmap_next(&q->items, i, &k, &v));)
		item_free(v);
	hmap_clear(&q->items);
	event_free(q->dispatch_ev);
	free(q->name);
	free(q);
}

static struct item *item_get(struct wq *q, const char *key)
{
	struct item *it = hmap_get(&q->items, key);

	if (!it) {
		it = xcalloc(1, sizeof(*it));
		it->q = q;
		it->key = xstrdup(key);
		hmap_put(&q->items, it->key, it);
	}
	return it;
}

/* An item that remembers nothing any more goes. */
static void item_release(struct wq *q, struct item *it)
{
	if (it->queued || it->processing || it->dirty || it->delayed || it->failures)
		return;
	hmap_del(&q->items, it->key);
	item_free(it);
}

static void kick(struct wq *q)
{
	struct timeval now = {0, 0};

	if (q->head && q->nproc < (size_t)q->workers && !evtimer_pending(q->dispatch_ev, NULL))
		evtimer_add(q->dispatch_ev, &now);
}

static void push(struct wq *q, struct item *it)
{
	it->queued = true;
	it->qnext = NULL;
	if (q->tail)
		q->tail->qnext = it;
	else
		q->head = it;
	q->tail = it;
	q->nqueued++;
	kick(q);
}

static struct item *pop(struct wq *q)
{
	struct item *it = q->head;

	q->head = it->qnext;
	if (!q->head)
		q->tail = NULL;
	it->qnext = NULL;
	it->queued = false;
	q->nqueued--;
	return it;
}

void wq_add(struct wq *q, const char *key)
{
	struct item *it = item_get(q, key);

	if (it->processing)
		it->dirty = true;
	else if (!it->queued)
		push(q, it);
}

static void delay_cb(evutil_socket_t fd, short what, void *arg)
{
	struct item *it = arg;
	struct wq *q = it->q;

	(void)fd;
	(void)what;
	it->delayed = false;
	wq_add(q, it->key);
}

void wq_add_after(struct wq *q, const char *key, long ms)
{
	struct item *it;
	double due = mono_now() + (double)ms / 1000;
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	if (ms <= 0) {
		wq_add(q, key);
		return;
	}
	it = item_get(q, key);
	if (it->delayed && it->due <= due)
		return;
	if (!it->delay)
		it->delay = evtimer_new(q->base, delay_cb, it);
	it->delayed = true;
	it->due = due;
	evtimer_add(it->delay, &tv);
}

/* The bucket's delay for one more add: tokens are reserved, so a burst spreads out. */
static long bucket_delay(struct wq *q)
{
	double now = mono_now();

	if (q->qps <= 0)
		return 0;
	q->tokens += (now - q->last_fill) * q->qps;
	if (q->tokens > q->burst)
		q->tokens = q->burst;
	q->last_fill = now;
	q->tokens -= 1;
	return q->tokens >= 0 ? 0 : (long)(-q->tokens / q->qps * 1000);
}

void wq_add_rate_limited(struct wq *q, const char *key)
{
	struct item *it = item_get(q, key);
	long per = q->base_ms, bucket;

	for (int i = 0; i < it->failures && per < q->max_ms; i++)
		per *= 2;
	if (per > q->max_ms)
		per = q->max_ms;
	it->failures++;
	bucket = bucket_delay(q);
	wq_add_after(q, key, per > bucket ? per : bucket);
}

void wq_forget(struct wq *q, const char *key)
{
	struct item *it = hmap_get(&q->items, key);

	if (!it)
		return;
	it->failures = 0;
	item_release(q, it);
}

int wq_requeues(const struct wq *q, const char *key)
{
	struct item *it = hmap_get(&q->items, key);

	return it ? it->failures : 0;
}

void wq_done(struct wq *q, const char *key)
{
	struct item *it = hmap_get(&q->items, key);

	if (!it || !it->processing) {
		log_warn("workqueue %s: done for %s, which is not in processing", q->name, key);
		return;
	}
	it->processing = false;
	q->nproc--;
	if (it->dirty) {
		it->dirty = false;
		push(q, it);
	}
	item_release(q, it);
	kick(q);
}

size_t wq_len(const struct wq *q)
{
	return q->nqueued;
}

size_t wq_processing(const struct wq *q)
{
	return q->nproc;
}

static void dispatch_cb(evutil_socket_t fd, short what, void *arg)
{
	struct wq *q = arg;

	(void)fd;
	(void)what;
	for (int n = 0; n < DISPATCH_BATCH && q->head && q->nproc < (size_t)q->workers; n++) {
		struct item *it = pop(q);
		char *key = xstrdup(it->key); /* the callee may finish it before we look again */
		int rc;

		it->processing = true;
		q->nproc++;
		rc = q->sync(q->arg, key);
		if (rc == WQ_OK) {
			wq_forget(q, key);
			wq_done(q, key);
		} else if (rc != WQ_PENDING) {
			wq_add_rate_limited(q, key);
			wq_done(q, key);
		}
		free(key);
	}
	kick(q);
}
