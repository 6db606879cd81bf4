/* The rate driver: a fixed number of requests in flight on keep-alive connections; the
 * first `warmup` completions open the connections and are left out of the numbers. */
#include <stdio.h>
#include <stdlib.h>

#include "kbench.h"
#include "log.h"

enum { RATE_MAX_ERRORS = 100 };

struct rate {
	const struct kb_opts *o;
	const struct kb_workload *wl;
	struct event_base *base;
	struct httpc *http;
	long next, inflight, done, errors;
	double t_start, t_last, deadline;
	double *lat;
	size_t nlat;
	size_t bytes;
	size_t req_bytes; /* request bodies sent, warm-up included */
};

struct rate_req {
	struct rate *r;
	double t0;
};

static void rate_issue(struct rate *r);

static int rate_more(const struct rate *r)
{
	/* A dead or refusing server fails fast: do not spin through the whole count. */
	if (r->next >= r->o->warmup + r->o->count || r->errors >= RATE_MAX_ERRORS)
		return 0;
	return !r->t_start || r->o->duration <= 0 || kb_now() < r->deadline;
}

static void rate_record(struct rate *r, double t0, int code, const char *body, size_t len,
			const char *err)
{
	double now = kb_now();

	r->done++;
	if (code < 200 || code > 299) {
		if (r->errors++ < 3)
			fprintf(stderr, "kbench %s: HTTP %d %s %.200s\n", r->wl->name, code,
				err ? err : "", body);
		return;
	}
	if (r->done == r->o->warmup) {
		r->t_start = now;
		r->deadline = now + r->o->duration;
	}
	if (r->done <= r->o->warmup)
		return;
	if (!r->t_start) {
		r->t_start = t0;
		r->deadline = t0 + r->o->duration;
	}
	r->lat[r->nlat++] = now - t0;
	r->bytes += len;
	r->t_last = now;
}

static void rate_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct rate_req *q = arg;
	struct rate *r = q->r;

	rate_record(r, q->t0, code, body, len, err);
	free(q);
	r->inflight--;
	if (rate_more(r))
		rate_issue(r);
	else if (!r->inflight)
		event_base_loopexit(r->base, NULL);
}

static void rate_issue(struct rate *r)
{
	static const char *const hdrs[] = {"Content-Type: application/json",
					   "Accept: application/json", NULL};
	struct kb_call c = {0};
	struct rate_req *q = xcalloc(1, sizeof(*q));

	r->wl->build(r->o, r->next++, &c);
	q->r = r;
	q->t0 = kb_now();
	r->req_bytes += c.len;
	r->inflight++;
	httpc_request(r->http, c.method, c.url, hdrs, c.body, c.len, 60000, rate_done, NULL, q);
	kb_call_free(&c);
}

static void rate_report(struct rate *r)
{
	double secs = r->t_last > r->t_start ? r->t_last - r->t_start : 0;

	printf("mode=%s conc=%d ok=%zu errors=%ld secs=%.3f rate=%.1f avg_bytes=%.0f "
	       "total_bytes=%zu avg_req_bytes=%.0f",
	       r->wl->name, r->o->conc, r->nlat, r->errors, secs,
	       secs > 0 ? (double)r->nlat / secs : 0,
	       r->nlat ? (double)r->bytes / (double)r->nlat : 0, r->bytes,
	       r->next ? (double)r->req_bytes / (double)r->next : 0);
	kb_stats_print("lat", r->lat, r->nlat);
	printf("\n");
	fflush(stdout);
}

int kb_rate_run(const struct kb_opts *o, const struct kb_workload *wl)
{
	struct rate r = {.o = o, .wl = wl};
	int rc;

	r.base = event_base_new();
	r.http = kb_http_new(r.base, o, wl->to_etcd);
	r.lat = xcalloc((size_t)(o->count + o->warmup + 1), sizeof(*r.lat));
	for (int i = 0; i < o->conc && rate_more(&r); i++)
		rate_issue(&r);
	event_base_dispatch(r.base);
	rate_report(&r);
	rc = r.errors ? 1 : 0;
	httpc_free(r.http);
	event_base_free(r.base);
	free(r.lat);
	return rc;
}
