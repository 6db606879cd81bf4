/*
 * workqueue: controllers' queue of object keys (client-go's rate-limited work queue) on the
 * event loop. Adding a key already waiting does nothing; a key being processed is never handed
 * out again until wq_done, and an add meanwhile brings it back after. At most `workers` keys
 * are in processing at once.
 */
#ifndef KUBE_WORKQUEUE_H
#define KUBE_WORKQUEUE_H

#include <event2/event.h>
#include <stddef.h>

/* What sync returns. */
enum {
	WQ_OK = 0,	/* finished: the key's failures are forgotten, and it is done */
	WQ_PENDING = 1, /* still working: the callee calls wq_done (and wq_forget or
			 * wq_add_rate_limited) itself later */
	WQ_RETRY = -1,	/* failed: the key is re-added rate-limited, and it is done */
};

/* Called from the loop for each key handed out. Must not block. */
typedef int (*wq_sync_fn)(void *arg, const char *key);

struct wq;

/* name is for logs. workers < 1 counts as 1. */
struct wq *wq_new(struct event_base *base, const char *name, int workers, wq_sync_fn sync,
		  void *arg);
/* Drops everything queued or waiting; keys in processing are forgotten (wq_done on them later
 * must not happen). */
void wq_free(struct wq *q);

void wq_add(struct wq *q, const char *key);
/* Add after ms milliseconds (ms <= 0: now); a key already waiting keeps the earlier time. */
void wq_add_after(struct wq *q, const char *key, long ms);
/* Add after the larger of the key's own back-off (5 ms doubling per failure up to 1000 s) and
 * the queue-wide token bucket (10 per second, burst 100), as client-go's default limiter. */
void wq_add_rate_limited(struct wq *q, const char *key);
/* Forget a key's failures (its next back-off starts at 5 ms again). */
void wq_forget(struct wq *q, const char *key);
/* How many times the key has been re-added rate-limited since it was forgotten. */
int wq_requeues(const struct wq *q, const char *key);
/* The key's processing has finished. */
void wq_done(struct wq *q, const char *key);

/* Keys waiting to be handed out (not those delayed or in processing). */
size_t wq_len(const struct wq *q);
size_t wq_processing(const struct wq *q);

/* Tune the rate limiter (for tests): per-key base and cap in ms, bucket qps and burst. */
void wq_set_limits(struct wq *q, long base_ms, long max_ms, double qps, int burst);

#endif
