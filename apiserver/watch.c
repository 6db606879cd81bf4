/* Serving watches: one watcher per request, fed by its resource's cache. */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "selector.h"
#include "status.h"

#define SLOW_WATCHER_BYTES (32u << 20) /* a client this far behind is dropped; it resumes */
#define BOOKMARK_SECS	   60

struct watcher {
	struct http_req *req;
	struct rinfo *ri;
	struct cache *c;
	struct filter f;
	struct event *timeout, *bookmark;
	int64_t sent_rev;
	bool columns_sent;
	bool ended;
};

void filter_clear(struct filter *f)
{
	lsel_free(f->ls);
	fsel_free(f->fs);
	memset(f, 0, sizeof(*f));
}

/* Field selectors this kind supports, as upstream: 400 for anything else. */
static bool field_supported(const struct kind *k, const char *field)
{
	if (!strcmp(field, "metadata.name") || !strcmp(field, "metadata.namespace"))
		return true;
	for (const char *const *fs = k->field_selectors; fs && *fs; fs++)
		if (!strcmp(*fs, field))
			return true;
	return false;
}

int filter_from_rinfo(struct rinfo *ri, struct filter *f, json_t **st)
{
	char *err = NULL;

	memset(f, 0, sizeof(*f));
	f->ns = ri->ns;
	if (ri->label_selector && *ri->label_selector &&
	    lsel_parse(ri->label_selector, &f->ls, &err)) {
		*st = st_bad_request("unable to parse requirement: %s",
				     err ? err : "invalid selector");
		goto fail;
	}
	if (ri->field_selector && *ri->field_selector) {
		if (fsel_parse(ri->field_selector, &f->fs, &err)) {
			*st = st_bad_request("invalid field selector: %s", err ? err : "");
			goto fail;
		}
		for (int i = 0; i < fsel_count(f->fs); i++) {
			const char *fld = fsel_field(f->fs, i);
			if (!field_supported(ri->k, fld)) {
				*st = st_bad_request("\"%s\" is not a known field selector: only "
						     "\"metadata.name\", \"metadata.namespace\"",
						     fld);
				goto fail;
			}
			if (!strcmp(fld, "metadata.name") && fsel_is_eq(f->fs, i))
				f->name = fsel_value(f->fs, i);
		}
	}
	return 0;
fail:
	free(err);
	filter_clear(f);
	return -1;
}

static void watcher_free(struct watcher *w)
{
	cache_unwatch(w->c, w);
	if (w->timeout)
		event_free(w->timeout);
	if (w->bookmark)
		event_free(w->bookmark);
	filter_clear(&w->f);
	rinfo_free(w->ri);
	free(w);
}

static void watcher_end(struct watcher *w)
{
	if (w->ended)
		return;
	w->ended = true;
	http_stream_end(w->req);
	watcher_free(w);
}

static void watcher_gone(void *arg)
{
	struct watcher *w = arg;

	w->ended = true;
	http_stream_end(w->req); /* the client is gone: this only frees the request */
	watcher_free(w);
}

/* Write one event; the object is raw served bytes or a converted representation. */
static void send_event(struct watcher *w, const char *type, const struct centry *e)
{
	char *s;
	size_t n;

	if (w->ri->fmt == OUT_OBJECT) {
		size_t len;
		bool owned;
		const char *b = out_entry_bytes(w->ri, e, &len, &owned);
		n = strlen(type) + len + 24;
		s = xmalloc(n);
		n = (size_t)snprintf(s, n, "{\"type\":\"%s\",\"object\":%s}\n", type, b);
		if (owned)
			free((char *)b);
	} else {
		json_t *obj = json_loads(e->json, 0, NULL);
		json_t *conv = out_convert(w->ri, obj, !w->columns_sent);
		json_t *ev = json_pack("{s:s, s:o}", "type", type, "object", conv);
		w->columns_sent = true;
		s = json_dumps(ev, JSON_COMPACT);
		n = strlen(s);
		s = xrealloc(s, n + 2);
		s[n++] = '\n';
		json_decref(ev);
		json_decref(obj);
	}
	http_stream_write(w->req, s, n);
	free(s);
	w->sent_rev = e->rev;
}

static void on_event(struct watcher *w, const struct cevent *ev)
{
	bool now = ev->type != EV_DELETED && centry_match(w->c, ev->obj, &w->f);
	bool before = ev->prev && centry_match(w->c, ev->prev, &w->f);
	const char *type;

	if (w->ended)
		return;
	if (ev->type == EV_DELETED)
		type = before ? "DELETED" : NULL;
	else if (now)
		type = before ? "MODIFIED" : "ADDED";
	else
		type = before ? "DELETED" : NULL; /* it left the selection */
	if (!type)
		return;
	send_event(w, type, ev->obj);
	if (http_stream_pending(w->req) > SLOW_WATCHER_BYTES) {
		log_warn("watch %s: client too slow (%u bytes queued), closing; it may resume",
			 w->ri->k->resource, SLOW_WATCHER_BYTES);
		watcher_end(w);
	}
}

static void timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	watcher_end(arg);
}

static void bookmark_cb(evutil_socket_t fd, short what, void *arg)
{
	struct watcher *w = arg;
	char av[64];
	char *s;
	int64_t rev = cache_rev(w->c);

	(void)fd;
	(void)what;
	if (rev <= w->sent_rev)
		return;
	s = xasprintf("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"%s\",\"apiVersion\":\"%s\","
		      "\"metadata\":{\"resourceVersion\":\"%lld\"}}}\n",
		      w->ri->k->kind, kind_api_version(w->ri->k, av), (long long)rev);
	http_stream_write(w->req, s, strlen(s));
	free(s);
	w->sent_rev = rev;
}

static void send_error(struct watcher *w, json_t *st)
{
	json_t *ev = json_pack("{s:s, s:o}", "type", "ERROR", "object", st);
	char *s = json_dumps(ev, JSON_COMPACT);

	http_stream_write(w->req, s, strlen(s));
	http_stream_write(w->req, "\n", 1);
	free(s);
	json_decref(ev);
}

struct wstart {
	struct watcher *w;
	int64_t from;
};

/* The cache is current: send the initial state if asked, then follow. */
static void watch_begin(void *arg)
{
	struct wstart *ws = arg;
	struct watcher *w = ws->w;
	int64_t from = ws->from;
	struct timeval tv = {w->ri->timeout, 0};
	struct timeval bt = {BOOKMARK_SECS, 0};

	free(ws);
	if (!w->req->conn) {
		/* The client left while we waited. */
		watcher_gone(w);
		return;
	}
	w->req->on_close = watcher_gone;
	w->req->close_arg = w;
	if (from < 0) {
		struct centry **items;
		size_t remaining, n = cache_list(w->c, &w->f, NULL, 0, &items, &remaining);
		for (size_t i = 0; i < n; i++) {
			send_event(w, "ADDED", items[i]);
			centry_unref(items[i]);
		}
		free(items);
		from = cache_rev(w->c);
	}
	if (cache_watch(w->c, w, from, on_event)) {
		send_error(w, st_gone("too old resource version: %lld (%lld)", (long long)from,
				      (long long)cache_rev(w->c)));
		watcher_end(w);
		return;
	}
	if (w->ri->timeout > 0) {
		w->timeout = evtimer_new(g_as->base, timeout_cb, w);
		evtimer_add(w->timeout, &tv);
	}
	if (w->ri->bookmarks) {
		w->bookmark = event_new(g_as->base, -1, EV_PERSIST, bookmark_cb, w);
		evtimer_add(w->bookmark, &bt);
	}
}

void watch_serve(struct http_req *req, struct rinfo *ri)
{
	struct watcher *w;
	struct wstart *ws;
	json_t *st = NULL;
	struct filter f;
	int64_t from = -1;

	if (filter_from_rinfo(ri, &f, &st)) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	if (ri->rv && *ri->rv && strcmp(ri->rv, "0")) {
		char *end;
		from = strtoll(ri->rv, &end, 10);
		if (*end || from < 0) {
			reply_status(req,
				     st_bad_request("invalid resource version \"%s\"", ri->rv));
			filter_clear(&f);
			rinfo_free(ri);
			return;
		}
	}
	/* No timeoutSeconds: upstream's random time in [min, 2*min) spreads the reconnects, and
	 * --min-request-timeout=0 means none. */
	if (ri->timeout <= 0 && g_as->min_request_timeout > 0)
		ri->timeout = g_as->min_request_timeout + rand() % g_as->min_request_timeout;
	w = xcalloc(1, sizeof(*w));
	w->req = req;
	w->ri = ri;
	w->c = cache_of(ri->k);
	w->f = f;
	/* No close callback until the watcher is registered: until then nothing else holds w. */
	http_stream_begin(req, 200, "application/json", NULL, NULL);
	ws = xcalloc(1, sizeof(*ws));
	ws->w = w;
	ws->from = from;
	/* A watch from "now" must include this server's own writes. */
	cache_wait(w->c, from < 0 ? cache_fence_rev(w->c) : 0, watch_begin, ws);
}
