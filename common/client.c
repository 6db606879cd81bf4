#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "httpc.h"
#include "jsonx.h"
#include "kubeconfig.h"
#include "log.h"

/* How often a token file (a projected service account token rotates) is read again. */
#define TOKEN_REREAD_SECS 60

struct kc {
	struct event_base *base;
	struct httpc *http;
	struct httpc_tls tls; /* points into the copies below */
	char *server, *ns, *ua;
	struct kcfg_pem ca, cert, key;
	char *token, *token_file;
	time_t token_read;
	unsigned token_gen; /* bumped by kc_set_token */
	void (*unauth)(void *arg);
	void *unauth_arg;
	long timeout_ms;
	/* Token bucket. */
	double qps, tokens;
	int burst;
	struct timespec last_fill;
	struct event *pump_ev;
	struct kc_req *qhead, *qtail; /* waiting for a token, in order */
	size_t nqueued;
	struct kc_req *live; /* every request not yet freed */
};

struct kc_req {
	struct kc *kc;
	struct kc_req *prev, *next; /* live list */
	struct kc_req *qnext;	    /* wait queue */
	char *method, *path, *ctype, *body;
	size_t body_len;
	kc_done_fn done;
	kc_event_fn event;
	kc_end_fn end;
	void *arg;
	struct httpc_req *h;
	bool queued, cancelled, in_cb;
	/* Watch stream: bytes not yet split into events. */
	char *buf;
	size_t len, cap;
	char *broken; /* why the stream was stopped from our side */
	struct event *retry_ev; /* a 429 answer: sent again when it fires */
	int retries;
	unsigned token_gen; /* the token it was sent with */
};

static void req_free(struct kc_req *r)
{
	struct kc *kc = r->kc;

	if (r->prev)
		r->prev->next = r->next;
	else
		kc->live = r->next;
	if (r->next)
		r->next->prev = r->prev;
	free(r->method);
	free(r->path);
	free(r->ctype);
	free(r->body);
	free(r->buf);
	free(r->broken);
	if (r->retry_ev)
		event_free(r->retry_ev);
	free(r);
}

static void dequeue(struct kc_req *r)
{
	struct kc *kc = r->kc;
	struct kc_req **pp = &kc->qhead, *prev = NULL;

	while (*pp && *pp != r) {
		prev = *pp;
		pp = &(*pp)->qnext;
	}
	if (!*pp)
		return;
	*pp = r->qnext;
	if (kc->qtail == r)
		kc->qtail = prev;
	r->queued = false;
	kc->nqueued--;
}

static void pem_copy(struct kcfg_pem *dst, const struct kcfg_pem *src)
{
	dst->file = src->file ? xstrdup(src->file) : NULL;
	dst->len = src->len;
	dst->data = NULL;
	if (src->data) {
		dst->data = xmalloc(src->len + 1);
		memcpy(dst->data, src->data, src->len);
		dst->data[src->len] = 0;
	}
}

static void pump_cb(evutil_socket_t fd, short what, void *arg);

struct kc *kc_new(struct event_base *base, const struct kcfg *cfg, const char *user_agent)
{
	struct kc *kc = xcalloc(1, sizeof(*kc));

	kc->base = base;
	kc->server = xstrdup(cfg->server);
	kc->ns = xstrdup(cfg->namespace ? cfg->namespace : "default");
	kc->ua = xstrdup(user_agent ? user_agent : "kubec");
	pem_copy(&kc->ca, &cfg->ca);
	pem_copy(&kc->cert, &cfg->cert);
	pem_copy(&kc->key, &cfg->key);
	kc->token = cfg->token ? xstrdup(cfg->token) : NULL;
	kc->token_file = cfg->token_file ? xstrdup(cfg->token_file) : NULL;
	kc->token_read = time(NULL);
	kc->tls = (struct httpc_tls){
	    .ca_file = kc->ca.file,
	    .cert_file = kc->cert.file,
	    .key_file = kc->key.file,
	    .insecure = cfg->insecure,
	    .ca_blob = kc->ca.data,
	    .ca_blob_len = kc->ca.len,
	    .cert_blob = kc->cert.data,
	    .cert_blob_len = kc->cert.len,
	    .key_blob = kc->key.data,
	    .key_blob_len = kc->key.len,
	};
	kc->http = httpc_new(base, &kc->tls);
	kc->timeout_ms = 60000;
	kc->pump_ev = evtimer_new(base, pump_cb, kc);
	kc_set_rate(kc, KC_DEFAULT_QPS, KC_DEFAULT_BURST);
	return kc;
}

struct kc *kc_new_anonymous(const struct kc *from, const char *ua_suffix)
{
	struct kcfg cfg = {
	    .server = from->server,
	    .namespace = from->ns,
	    .ca = from->ca,
	    .insecure = from->tls.insecure,
	};
	char *ua = ua_suffix ? xasprintf("%s/%s", from->ua, ua_suffix) : xstrdup(from->ua);
	struct kc *kc = kc_new(from->base, &cfg, ua);

	free(ua);
	kc_set_rate(kc, from->qps, from->burst);
	kc->timeout_ms = from->timeout_ms;
	return kc;
}

void kc_set_token(struct kc *kc, const char *token)
{
	free(kc->token);
	free(kc->token_file);
	kc->token = token ? xstrdup(token) : NULL;
	kc->token_file = NULL;
	kc->token_gen++;
}

void kc_on_unauthorized(struct kc *kc, void (*fn)(void *arg), void *arg)
{
	kc->unauth = fn;
	kc->unauth_arg = arg;
}

void kc_free(struct kc *kc)
{
	if (!kc)
		return;
	httpc_free(kc->http); /* releases the transfers: no callback can follow */
	while (kc->live)
		req_free(kc->live);
	event_free(kc->pump_ev);
	free(kc->server);
	free(kc->ns);
	free(kc->ua);
	free(kc->ca.file);
	free(kc->ca.data);
	free(kc->cert.file);
	free(kc->cert.data);
	free(kc->key.file);
	free(kc->key.data);
	free(kc->token);
	free(kc->token_file);
	free(kc);
}

void kc_set_rate(struct kc *kc, double qps, int burst)
{
	kc->qps = qps;
	kc->burst = burst < 1 ? 1 : burst;
	kc->tokens = kc->burst;
	clock_gettime(CLOCK_MONOTONIC, &kc->last_fill);
}

void kc_set_timeout(struct kc *kc, long ms)
{
	kc->timeout_ms = ms;
}

const char *kc_namespace(const struct kc *kc)
{
	return kc->ns;
}

struct event_base *kc_base(const struct kc *kc)
{
	return kc->base;
}

size_t kc_queued(const struct kc *kc)
{
	return kc->nqueued;
}

char *kc_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~", c)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = 0;
	return out;
}

static void refresh_token(struct kc *kc)
{
	time_t now = time(NULL);
	FILE *f;
	char buf[8192];
	size_t n;

	if (!kc->token_file || now - kc->token_read < TOKEN_REREAD_SECS)
		return;
	kc->token_read = now;
	f = fopen(kc->token_file, "r");
	if (!f) {
		log_warn("reading token file %s failed; keeping the old token", kc->token_file);
		return;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	while (n && strchr(" \t\r\n", buf[n - 1]))
		n--;
	buf[n] = 0;
	if (n) {
		free(kc->token);
		kc->token = xstrdup(buf);
	}
}

/* The Status message of an error body, or something to say when there is none. */
static const char *status_message(int code, const json_t *body, char *buf, size_t n)
{
	const char *m = jx_str(body, "message");

	if (m && *m)
		return m;
	snprintf(buf, n, "the server responded with HTTP %d", code);
	return buf;
}

static void start(struct kc *kc, struct kc_req *r);

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_req *r = arg;

	(void)fd, (void)what;
	start(r->kc, r);
}

/* client-go sends a request refused with 429 (the server's max-in-flight limit) again after
 * the wait the server asks for, up to 10 times, before the caller hears of it. */
static bool retry_later(struct kc_req *r, int code, const json_t *v)
{
	long secs = (long)jx_int(v, "details.retryAfterSeconds", 1);
	struct timeval tv = {secs > 0 && secs < 60 ? secs : 1, 0};

	if (code != 429 || r->retries >= 10)
		return false;
	r->retries++;
	if (!r->retry_ev)
		r->retry_ev = evtimer_new(r->kc->base, retry_cb, r);
	evtimer_add(r->retry_ev, &tv);
	return true;
}

static void call_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct kc_req *r = arg;
	json_t *v = len ? json_loadb(body, len, 0, NULL) : NULL;
	char buf[64];

	r->h = NULL;
	if (!err && retry_later(r, code, v)) {
		json_decref(v);
		return;
	}
	if (!err && (code < 200 || code > 299))
		err = status_message(code, v, buf, sizeof(buf));
	/* Only a refusal of the current token says anything about it. */
	if (code == 401 && r->kc->unauth && r->token_gen == r->kc->token_gen)
		r->kc->unauth(r->kc->unauth_arg);
	r->in_cb = true;
	r->done(r->arg, code, v, err);
	json_decref(v);
	req_free(r);
}

static void stream_break(struct kc_req *r, const char *why)
{
	if (!r->broken)
		r->broken = xstrdup(why);
}

/* One line of the stream: deliver it, or return -1 when it is not a watch event. */
static int deliver_line(struct kc_req *r, const char *line, size_t n)
{
	json_t *ev = json_loadb(line, n, 0, NULL);
	const char *type = jx_str(ev, "type");
	json_t *obj = json_object_get(ev, "object");
	int rc = -1;

	if (type && json_is_object(obj)) {
		r->event(r->arg, type, obj);
		rc = 0;
	}
	json_decref(ev);
	return rc;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

/* Split complete lines off the buffer; stops early when the watch is cancelled. */
static int split_events(struct kc_req *r)
{
	size_t off = 0;
	char *nl;
	int rc = 0;

	r->in_cb = true;
	while (!r->cancelled && (nl = memchr(r->buf + off, '\n', r->len - off))) {
		size_t n = (size_t)(nl - (r->buf + off));
		if (!blank(r->buf + off, n) && deliver_line(r, r->buf + off, n)) {
			stream_break(r, "malformed watch event");
			rc = -1;
			break;
		}
		off += n + 1;
	}
	r->in_cb = false;
	memmove(r->buf, r->buf + off, r->len - off);
	r->len -= off;
	return rc;
}

static int watch_data(void *arg, const char *data, size_t len)
{
	struct kc_req *r = arg;
	int code = httpc_code(r->h);

	if (r->len + len + 1 > r->cap) {
		r->cap = (r->len + len + 1) * 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memcpy(r->buf + r->len, data, len);
	r->len += len;
	r->buf[r->len] = 0;
	if (code < 200 || code > 299)
		return 0; /* an error body: read whole at the end */
	if (split_events(r))
		return 1;
	if (r->cancelled) {
		req_free(r); /* httpc_cancel already stopped the transfer */
		return 1;
	}
	return 0;
}

static void watch_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct kc_req *r = arg;
	json_t *st = NULL;
	char buf[64];

	(void)body;
	(void)len;
	r->h = NULL;
	if (r->broken) {
		code = 0;
		err = r->broken;
	} else if (!err && code >= 200 && code <= 299 && !blank(r->buf, r->len)) {
		/* A last event without its newline is whole only if it parses. */
		r->in_cb = true;
		if (deliver_line(r, r->buf, r->len)) {
			code = 0;
			err = "watch stream ended in the middle of an event";
		}
		r->in_cb = false;
		if (r->cancelled) {
			req_free(r);
			return;
		}
	} else if (!err && (code < 200 || code > 299)) {
		st = json_loadb(r->buf ? r->buf : "", r->len, 0, NULL);
		err = status_message(code, st, buf, sizeof(buf));
	}
	r->in_cb = true;
	r->end(r->arg, code, st, err);
	json_decref(st);
	req_free(r);
}

static void start(struct kc *kc, struct kc_req *r)
{
	const char *hdrs[6];
	char *url = xasprintf("%s%s", kc->server, r->path);
	char *ua = xasprintf("User-Agent: %s", kc->ua), *auth = NULL, *ct = NULL;
	int n = 0;

	refresh_token(kc);
	r->token_gen = kc->token_gen;
	hdrs[n++] = "Accept: application/json";
	hdrs[n++] = ua;
	if (kc->token && *kc->token)
		hdrs[n++] = auth = xasprintf("Authorization: Bearer %s", kc->token);
	if (r->body)
		hdrs[n++] = ct = xasprintf("Content-Type: %s", r->ctype);
	hdrs[n] = NULL;
	if (r->event)
		r->h = httpc_request(kc->http, r->method, url, hdrs, NULL, 0, 0, watch_done,
				     watch_data, r);
	else
		r->h = httpc_request(kc->http, r->method, url, hdrs, r->body, r->body_len,
				     kc->timeout_ms, call_done, NULL, r);
	free(url);
	free(ua);
	free(auth);
	free(ct);
}

static void refill(struct kc *kc)
{
	struct timespec now;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - kc->last_fill.tv_sec) +
	     (double)(now.tv_nsec - kc->last_fill.tv_nsec) / 1e9;
	kc->last_fill = now;
	kc->tokens += dt * kc->qps;
	if (kc->tokens > kc->burst)
		kc->tokens = kc->burst;
}

/* Start queued requests while tokens last; otherwise wake when the next token is due. */
static void pump(struct kc *kc)
{
	while (kc->qhead) {
		struct kc_req *r = kc->qhead;
		if (kc->qps > 0) {
			refill(kc);
			if (kc->tokens < 1) {
				double wait = (1 - kc->tokens) / kc->qps;
				struct timeval tv = {
				    (time_t)wait,
				    (suseconds_t)((wait - (double)(time_t)wait) * 1e6) + 1};
				evtimer_add(kc->pump_ev, &tv);
				return;
			}
			kc->tokens -= 1;
		}
		dequeue(r);
		start(kc, r);
	}
}

static void pump_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	pump(arg);
}

static struct kc_req *enqueue(struct kc *kc, const char *method, const char *path,
			      const char *ctype, const json_t *body, void *arg)
{
	struct kc_req *r = xcalloc(1, sizeof(*r));

	r->kc = kc;
	r->method = xstrdup(method);
	r->path = xstrdup(path);
	r->arg = arg;
	if (body) {
		r->body = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!r->body)
			fatal("kc: cannot serialize a request body");
		r->body_len = strlen(r->body);
		r->ctype = xstrdup(ctype ? ctype : "application/json");
	}
	r->next = kc->live;
	if (kc->live)
		kc->live->prev = r;
	kc->live = r;
	r->queued = true;
	if (kc->qtail)
		kc->qtail->qnext = r;
	else
		kc->qhead = r;
	kc->qtail = r;
	kc->nqueued++;
	return r;
}

struct kc_req *kc_request(struct kc *kc, const char *method, const char *path, const char *ctype,
			  const json_t *body, kc_done_fn done, void *arg)
{
	struct kc_req *r = enqueue(kc, method, path, ctype, body, arg);

	r->done = done;
	pump(kc);
	return r;
}

struct kc_req *kc_watch(struct kc *kc, const char *path, kc_event_fn event, kc_end_fn end,
			void *arg)
{
	struct kc_req *r = enqueue(kc, "GET", path, NULL, NULL, arg);

	r->event = event;
	r->end = end;
	pump(kc);
	return r;
}

struct kc_req *kc_get(struct kc *kc, const char *path, kc_done_fn done, void *arg)
{
	return kc_request(kc, "GET", path, NULL, NULL, done, arg);
}

struct kc_req *kc_create(struct kc *kc, const char *path, const json_t *obj, kc_done_fn done,
			 void *arg)
{
	return kc_request(kc, "POST", path, NULL, obj, done, arg);
}

struct kc_req *kc_update(struct kc *kc, const char *path, const json_t *obj, kc_done_fn done,
			 void *arg)
{
	return kc_request(kc, "PUT", path, NULL, obj, done, arg);
}

struct kc_req *kc_patch(struct kc *kc, const char *path, enum kc_patch type, const json_t *patch,
			kc_done_fn done, void *arg)
{
	static const char *const ctypes[] = {
	    [KC_PATCH_JSON] = "application/json-patch+json",
	    [KC_PATCH_MERGE] = "application/merge-patch+json",
	    [KC_PATCH_STRATEGIC] = "application/strategic-merge-patch+json",
	    [KC_PATCH_APPLY] = "application/apply-patch+yaml",
	};

	return kc_request(kc, "PATCH", path, ctypes[type], patch, done, arg);
}

struct kc_req *kc_delete(struct kc *kc, const char *path, const json_t *opts, kc_done_fn done,
			 void *arg)
{
	return kc_request(kc, "DELETE", path, NULL, opts, done, arg);
}

void kc_cancel(struct kc_req *r)
{
	if (!r || r->cancelled)
		return;
	r->cancelled = true;
	if (r->h)
		httpc_cancel(r->h);
	r->h = NULL;
	if (r->queued)
		dequeue(r);
	/* Inside one of its own callbacks the request is freed when that returns. */
	if (!r->in_cb)
		req_free(r);
}
