/* Watch fan-out: N watchers on one namespace's pods, then `rounds` creates one at a time.
 * For each create, every watcher's receipt time of the ADDED event (the moment its line is
 * complete) is compared with the time the create's response arrived. Round 0 is a warm-up
 * that also proves every watch is established. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbench.h"
#include "log.h"

struct watcher {
	struct fan *f;
	char *buf;
	size_t len, cap;
};

struct fan {
	const struct kb_opts *o;
	struct event_base *base;
	struct httpc *http;
	struct watcher *ws;
	char *marker; /* "name":"PREFIX- */
	char *rv;     /* the watches start after this resourceVersion */
	int round;
	double *t_send, *t_resp; /* per round */
	double *t_recv;		 /* rounds x watchers, 0 until received */
	int *nrecv;		 /* per round */
	int create_errors, bad_events;
	struct event *next_ev, *timeout_ev;
};

static void fan_next(evutil_socket_t fd, short what, void *arg);

static int fan_rounds(const struct fan *f)
{
	return f->o->rounds + 1;
}

/* Move on once the round's create has returned and every watcher has the event. */
static void fan_check_round(struct fan *f)
{
	struct timeval gap = {0, 50000};

	if (f->round >= fan_rounds(f) || !f->t_resp[f->round])
		return;
	if (f->nrecv[f->round] < f->o->watchers)
		return;
	evtimer_del(f->timeout_ev);
	evtimer_add(f->next_ev, &gap);
}

static void fan_line(struct watcher *w, const char *line, double now)
{
	struct fan *f = w->f;
	const char *p = strstr(line, f->marker);
	long r;

	if (!p || !strstr(line, "\"type\":\"ADDED\"")) {
		f->bad_events++;
		return;
	}
	r = strtol(p + strlen(f->marker), NULL, 10);
	if (r < 0 || r >= fan_rounds(f))
		return;
	if (!f->t_recv[r * f->o->watchers + (w - f->ws)]) {
		f->t_recv[r * f->o->watchers + (w - f->ws)] = now;
		f->nrecv[r]++;
	}
	if (r == f->round)
		fan_check_round(f);
}

static int fan_data(void *arg, const char *data, size_t len)
{
	struct watcher *w = arg;
	double now = kb_now();
	char *nl;
	size_t start = 0;

	if (w->len + len + 1 > w->cap) {
		w->cap = (w->len + len + 1) * 2;
		w->buf = xrealloc(w->buf, w->cap);
	}
	memcpy(w->buf + w->len, data, len);
	w->len += len;
	w->buf[w->len] = 0;
	while ((nl = memchr(w->buf + start, '\n', w->len - start))) {
		*nl = 0;
		fan_line(w, w->buf + start, now);
		start = (size_t)(nl - w->buf) + 1;
	}
	memmove(w->buf, w->buf + start, w->len - start);
	w->len -= start;
	return 0;
}

static void fan_watch_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	(void)len;
	(void)arg;
	fprintf(stderr, "kbench watch: stream ended: HTTP %d %s %.200s\n", code, err ? err : "",
		body);
}

static void fan_create_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct fan *f = arg;

	(void)len;
	f->t_resp[f->round] = kb_now();
	if (code != 201) {
		f->create_errors++;
		fprintf(stderr, "kbench watch: create: HTTP %d %s %.200s\n", code, err ? err : "",
			body);
	}
	fan_check_round(f);
}

static void fan_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct fan *f = arg;

	fprintf(stderr, "kbench watch: round %d: %d of %d watchers got the event\n", f->round,
		f->nrecv[f->round], f->o->watchers);
	fan_next(fd, what, arg);
}

static void fan_next(evutil_socket_t fd, short what, void *arg)
{
	static const char *const hdrs[] = {"Content-Type: application/json", NULL};
	struct fan *f = arg;
	struct timeval limit = {f->t_send[0] ? 5 : 15, 0};
	char *url, *body;

	(void)fd;
	(void)what;
	if (f->t_send[f->round] && ++f->round >= fan_rounds(f)) {
		event_base_loopexit(f->base, NULL);
		return;
	}
	url = xasprintf("%s/api/v1/namespaces/%s/pods", f->o->server, f->o->ns);
	body = kb_pod_json(f->o, f->round);
	f->t_send[f->round] = kb_now();
	httpc_request(f->http, "POST", url, hdrs, body, strlen(body), 30000, fan_create_done, NULL,
		      f);
	evtimer_add(f->timeout_ev, &limit);
	free(url);
	free(body);
}

/* The collection's resourceVersion, so the watches start exactly after it. */
static void fan_list_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct fan *f = arg;
	json_t *j = code == 200 ? json_loadb(body, len, 0, NULL) : NULL;
	json_t *v = json_object_get(json_object_get(j, "metadata"), "resourceVersion");

	if (json_is_string(v))
		f->rv = xstrdup(json_string_value(v));
	else
		fprintf(stderr, "kbench watch: list: HTTP %d %s\n", code, err ? err : "");
	json_decref(j);
	event_base_loopexit(f->base, NULL);
}

static void fan_list_rv(struct fan *f)
{
	char *url = xasprintf("%s/api/v1/namespaces/%s/pods?limit=1", f->o->server, f->o->ns);

	httpc_request(f->http, "GET", url, NULL, NULL, 0, 30000, fan_list_done, NULL, f);
	event_base_dispatch(f->base);
	free(url);
}

static void fan_report(struct fan *f)
{
	int n = f->o->watchers;
	double *lat = xcalloc((size_t)f->o->rounds * (size_t)n + 1, sizeof(*lat));
	double *create = xcalloc((size_t)f->o->rounds + 1, sizeof(*create));
	double *sent = xcalloc((size_t)f->o->rounds * (size_t)n + 1, sizeof(*sent));
	size_t nlat = 0, early = 0, missed = 0;

	for (int r = 1; r < fan_rounds(f); r++) {
		create[r - 1] = f->t_resp[r] - f->t_send[r];
		for (int w = 0; w < n; w++) {
			double t = f->t_recv[r * n + w], d = t - f->t_resp[r];

			if (!t || !f->t_resp[r]) {
				missed++;
				continue;
			}
			if (d < 0) { /* the event overtook the create's response */
				early++;
				d = 0;
			}
			sent[nlat] = t - f->t_send[r];
			lat[nlat++] = d;
		}
	}
	printf("mode=watch watchers=%d rounds=%d connected=%d missed=%zu early=%zu "
	       "create_errors=%d other_events=%d",
	       n, f->o->rounds, f->nrecv[0], missed, early, f->create_errors, f->bad_events);
	kb_stats_print("lat", lat, nlat);
	kb_stats_print("fromsend", sent, nlat);
	kb_stats_print("create", create, (size_t)f->o->rounds);
	printf("\n");
	fflush(stdout);
	free(lat);
	free(sent);
	free(create);
}

static void fan_start(struct fan *f)
{
	struct timeval settle = {0, 500000};

	for (int i = 0; i < f->o->watchers; i++) {
		char *url = xasprintf("%s/api/v1/namespaces/%s/pods?watch=true&resourceVersion=%s",
				      f->o->server, f->o->ns, f->rv);

		f->ws[i].f = f;
		httpc_request(f->http, "GET", url, NULL, NULL, 0, 0, fan_watch_done, fan_data,
			      &f->ws[i]);
		free(url);
	}
	evtimer_add(f->next_ev, &settle);
	event_base_dispatch(f->base);
}

int kb_watch_run(const struct kb_opts *o)
{
	struct fan f = {.o = o};
	size_t nr = (size_t)o->rounds + 1;
	int rc = 1;

	f.base = event_base_new();
	f.http = kb_http_new(f.base, o, 0);
	f.ws = xcalloc((size_t)o->watchers, sizeof(*f.ws));
	f.marker = xasprintf("\"name\":\"%s-", o->prefix);
	f.t_send = xcalloc(nr, sizeof(double));
	f.t_resp = xcalloc(nr, sizeof(double));
	f.nrecv = xcalloc(nr, sizeof(int));
	f.t_recv = xcalloc(nr * (size_t)o->watchers, sizeof(double));
	f.next_ev = evtimer_new(f.base, fan_next, &f);
	f.timeout_ev = evtimer_new(f.base, fan_timeout, &f);
	fan_list_rv(&f);
	if (!f.rv)
		goto out;
	fan_start(&f);
	fan_report(&f);
	rc = f.create_errors || f.nrecv[0] < o->watchers;
out:
	free(f.rv);
	event_free(f.next_ev);
	event_free(f.timeout_ev);
	httpc_free(f.http);
	event_base_free(f.base);
	for (int i = 0; i < o->watchers; i++)
		free(f.ws[i].buf);
	free(f.ws);
	free(f.marker);
	free(f.t_send);
	free(f.t_resp);
	free(f.nrecv);
	free(f.t_recv);
	return rc;
}
