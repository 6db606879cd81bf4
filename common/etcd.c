#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "etcd.h"
#include "log.h"

struct etcd {
	struct event_base *base;
	struct httpc *http;
	char **eps;
	int neps;
	int cur;
};

struct call {
	struct etcd *e;
	etcd_cb cb;
	void *arg;
	bool txn;
};

struct etcd_watch {
	struct etcd *e;
	struct httpc_req *req;
	etcd_watch_fn fn;
	void *arg;
	char *buf;
	size_t len, cap;
	int64_t last_rev;
	bool failed;
};

/* The gateway sends int64 fields as strings, and omits zero values. */
static int64_t jint(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		return strtoll(json_string_value(v), NULL, 10);
	return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* The gateway carries keys and values as proto3 bytes: padded standard base64. */
static int kv_parse(const json_t *j, struct etcd_kv *kv)
{
	const json_t *k = json_object_get(j, "key"), *v = json_object_get(j, "value");

	memset(kv, 0, sizeof(*kv));
	kv->key = b64_decode(json_string_value(k) ?: "", json_string_length(k), false, NULL);
	kv->value =
	    b64_decode(json_string_value(v) ?: "", json_string_length(v), false, &kv->value_len);
	kv->create_rev = jint(j, "create_revision");
	kv->mod_rev = jint(j, "mod_revision");
	kv->version = jint(j, "version");
	kv->lease = jint(j, "lease");
	return kv->key && kv->value ? 0 : -1;
}

static void kv_clear(struct etcd_kv *kv)
{
	free(kv->key);
	free(kv->value);
}

static void kvs_parse(const json_t *arr, struct etcd_resp *r)
{
	size_t i;
	json_t *j;

	r->nkvs = json_array_size(arr);
	r->kvs = r->nkvs ? xcalloc(r->nkvs, sizeof(*r->kvs)) : NULL;
	json_array_foreach(arr, i, j) kv_parse(j, &r->kvs[i]);
}

static void resp_clear(struct etcd_resp *r)
{
	for (size_t i = 0; i < r->nkvs; i++)
		kv_clear(&r->kvs[i]);
	free(r->kvs);
}

static void call_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct call *c = arg;
	struct etcd_resp r = {0};
	json_t *j = NULL;
	char ebuf[512];

	if (err || !code) {
		snprintf(ebuf, sizeof(ebuf), "etcd: %s", err ? err : "no response");
		c->e->cur = (c->e->cur + 1) % c->e->neps;
		c->cb(c->arg, ebuf, NULL);
		goto out;
	}
	j = json_loadb(body, len, 0, NULL);
	if (code != 200 || !j) {
		const char *m = j ? json_string_value(json_object_get(j, "error")) : NULL;
		snprintf(ebuf, sizeof(ebuf), "etcd: %s", m ? m : "bad response");
		if (m && strstr(m, "compacted"))
			r.compact_rev = 1;
		c->cb(c->arg, ebuf, &r);
		goto out;
	}
	r.revision = jint(json_object_get(j, "header"), "revision");
	r.succeeded = json_is_true(json_object_get(j, "succeeded"));
	r.more = json_is_true(json_object_get(j, "more"));
	r.count = jint(j, "count");
	r.deleted = jint(j, "deleted");
	r.lease_id = jint(j, "ID");
	if (c->txn) {
		/* A failed compare answers with the range of the failure branch. */
		json_t *resp = json_array_get(json_object_get(j, "responses"), 0);
		json_t *rr = json_object_get(resp, "response_range");
		if (rr)
			kvs_parse(json_object_get(rr, "kvs"), &r);
	} else {
		kvs_parse(json_object_get(j, "kvs"), &r);
	}
	c->cb(c->arg, NULL, &r);
	resp_clear(&r);
out:
	json_decref(j);
	free(c);
}

static void call(struct etcd *e, const char *path, json_t *body, bool txn, etcd_cb cb, void *arg)
{
	struct call *c = xcalloc(1, sizeof(*c));
	char *s = json_dumps(body, JSON_COMPACT);
	char *url = xasprintf("%s%s", e->eps[e->cur], path);
	static const char *const hdrs[] = {"Content-Type: application/json", NULL};

	c->e = e;
	c->cb = cb;
	c->arg = arg;
	c->txn = txn;
	httpc_request(e->http, "POST", url, hdrs, s, strlen(s), 30000, call_done, NULL, c);
	free(url);
	free(s);
	json_decref(body);
}

char *etcd_prefix_end(const char *prefix)
{
	char *end = xstrdup(prefix);
	size_t n = strlen(end);

	/* Increment the last byte that can be; a prefix of all 0xff has no end. */
	while (n > 0) {
		if ((unsigned char)end[n - 1] < 0xff) {
			end[n - 1]++;
			end[n] = 0;
			return end;
		}
		n--;
	}
	end[0] = 0;
	return end;
}

static json_t *range_req(const char *key, const char *from, int flags, int64_t rev, int64_t limit)
{
	json_t *j = json_object();
	const char *start = from ? from : key;
	char *k = b64_encode(start, strlen(start), false);

	json_object_set_new(j, "key", json_string(k));
	free(k);
	if (flags & ETCD_PREFIX) {
		char *end = etcd_prefix_end(key);
		char *e = b64_encode(end, strlen(end), false);
		json_object_set_new(j, "range_end", json_string(e));
		free(end);
		free(e);
	}
	if (rev)
		json_object_set_new(j, "revision", json_integer(rev));
	if (limit)
		json_object_set_new(j, "limit", json_integer(limit));
	if (flags & ETCD_KEYS_ONLY)
		json_object_set_new(j, "keys_only", json_true());
	if (flags & ETCD_COUNT_ONLY)
		json_object_set_new(j, "count_only", json_true());
	return j;
}

void etcd_range(struct etcd *e, const char *key, const char *from, int flags, int64_t rev,
		int64_t limit, etcd_cb cb, void *arg)
{
	call(e, "/v3/kv/range", range_req(key, from, flags, rev, limit), false, cb, arg);
}

static json_t *put_req(const char *key, const char *val, size_t len, int64_t lease)
{
	char *k = b64_encode(key, strlen(key), false), *v = b64_encode(val, len, false);
	json_t *j = json_pack("{s:s, s:s}", "key", k, "value", v);

	if (lease)
		json_object_set_new(j, "lease", json_integer(lease));
	free(k);
	free(v);
	return j;
}

void etcd_put(struct etcd *e, const char *key, const char *val, size_t len, int64_t lease,
	      etcd_cb cb, void *arg)
{
	call(e, "/v3/kv/put", put_req(key, val, len, lease), false, cb, arg);
}

static json_t *cas_txn(const char *key, int64_t expect, json_t *op)
{
	char *k = b64_encode(key, strlen(key), false);
	json_t *t =
	    json_pack("{s:[{s:s, s:s, s:s, s:I}], s:[o], s:[{s:{s:s}}]}", "compare", "key", k,
		      "target", "MOD", "result", "EQUAL", "mod_revision", (json_int_t)expect,
		      "success", op, "failure", "request_range", "key", k);

	free(k);
	return t;
}

void etcd_cas_put(struct etcd *e, const char *key, int64_t expect, const char *val, size_t len,
		  int64_t lease, etcd_cb cb, void *arg)
{
	json_t *op = json_pack("{s:o}", "request_put", put_req(key, val, len, lease));

	call(e, "/v3/kv/txn", cas_txn(key, expect, op), true, cb, arg);
}

void etcd_cas_delete(struct etcd *e, const char *key, int64_t expect, etcd_cb cb, void *arg)
{
	char *k = b64_encode(key, strlen(key), false);
	json_t *op = json_pack("{s:{s:s}}", "request_delete_range", "key", k);

	free(k);
	if (!expect) {
		call(e, "/v3/kv/deleterange",
		     json_incref(json_object_get(op, "request_delete_range")), false, cb, arg);
		json_decref(op);
		return;
	}
	call(e, "/v3/kv/txn", cas_txn(key, expect, op), true, cb, arg);
}

void etcd_lease_grant(struct etcd *e, int64_t ttl, etcd_cb cb, void *arg)
{
	call(e, "/v3/lease/grant", json_pack("{s:I}", "TTL", (json_int_t)ttl), false, cb, arg);
}

void etcd_compact(struct etcd *e, int64_t rev, etcd_cb cb, void *arg)
{
	call(e, "/v3/kv/compaction", json_pack("{s:I}", "revision", (json_int_t)rev), false, cb,
	     arg);
}

/* One watch response message: deliver its events. */
static void watch_message(struct etcd_watch *w, json_t *msg)
{
	json_t *res = json_object_get(msg, "result"), *evs, *ev;
	int64_t rev = jint(json_object_get(res, "header"), "revision");
	int64_t compact = jint(res, "compact_revision");
	struct etcd_event *out;
	size_t i, n;

	if (!res) {
		const char *m =
		    json_string_value(json_object_get(json_object_get(msg, "error"), "message"));
		w->failed = true;
		w->fn(w->arg, NULL, 0, w->last_rev, m ? m : "watch error", 0);
		return;
	}
	if (compact || json_is_true(json_object_get(res, "canceled"))) {
		w->failed = true;
		w->fn(w->arg, NULL, 0, w->last_rev,
		      compact ? "required revision has been compacted" : "watch canceled", compact);
		return;
	}
	evs = json_object_get(res, "events");
	n = json_array_size(evs);
	/* The creation's answer: its revision is etcd's, not how far the watch has delivered
	 * (one that starts in the past has yet to catch up). Progress notifications are the
	 * empty messages that do say so. */
	if (!n && json_is_true(json_object_get(res, "created")))
		return;
	out = n ? xcalloc(n, sizeof(*out)) : NULL;
	json_array_foreach(evs, i, ev)
	{
		json_t *prev = json_object_get(ev, "prev_kv");
		out[i].deleted =
		    !strcmp(json_string_value(json_object_get(ev, "type")) ?: "", "DELETE");
		kv_parse(json_object_get(ev, "kv"), &out[i].kv);
		if (prev)
			kv_parse(prev, &out[i].prev);
	}
	if (rev > w->last_rev)
		w->last_rev = rev;
	w->fn(w->arg, out, n, rev, NULL, 0);
	for (i = 0; i < n; i++) {
		kv_clear(&out[i].kv);
		kv_clear(&out[i].prev);
	}
	free(out);
}

static int watch_data(void *arg, const char *data, size_t len)
{
	struct etcd_watch *w = arg;
	size_t off = 0;

	if (w->len + len > w->cap) {
		w->cap = (w->len + len) * 2;
		w->buf = xrealloc(w->buf, w->cap);
	}
	memcpy(w->buf + w->len, data, len);
	w->len += len;
	/* Messages are newline-delimited JSON objects. */
	while (!w->failed) {
		char *nl = memchr(w->buf + off, '\n', w->len - off);
		json_t *msg;

		if (!nl)
			break;
		msg = json_loadb(w->buf + off, (size_t)(nl - (w->buf + off)), 0, NULL);
		off = (size_t)(nl - w->buf) + 1;
		if (msg)
			watch_message(w, msg);
		json_decref(msg);
	}
	memmove(w->buf, w->buf + off, w->len - off);
	w->len -= off;
	return w->failed;
}

static void watch_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct etcd_watch *w = arg;

	(void)body;
	(void)len;
	w->req = NULL;
	if (!w->failed)
		w->fn(w->arg, NULL, 0, w->last_rev,
		      err	    ? err
		      : code == 200 ? "watch ended"
				    : "watch failed",
		      0);
}

struct etcd_watch *etcd_watch(struct etcd *e, const char *prefix, int64_t start_rev, bool prev_kv,
			      etcd_watch_fn fn, void *arg)
{
	struct etcd_watch *w = xcalloc(1, sizeof(*w));
	json_t *cr = range_req(prefix, NULL, ETCD_PREFIX, 0, 0);
	json_t *body;
	char *s, *url;

	if (start_rev)
		json_object_set_new(cr, "start_revision", json_integer(start_rev));
	if (prev_kv)
		json_object_set_new(cr, "prev_kv", json_true());
	json_object_set_new(cr, "progress_notify", json_true());
	body = json_pack("{s:o}", "create_request", cr);
	s = json_dumps(body, JSON_COMPACT);
	url = xasprintf("%s/v3/watch", e->eps[e->cur]);
	w->e = e;
	w->fn = fn;
	w->arg = arg;
	w->last_rev = start_rev ? start_rev - 1 : 0;
	w->req =
	    httpc_request(e->http, "POST", url, NULL, s, strlen(s), 0, watch_done, watch_data, w);
	free(url);
	free(s);
	json_decref(body);
	return w;
}

static void watch_free(evutil_socket_t fd, short what, void *arg)
{
	struct etcd_watch *w = arg;

	(void)fd;
	(void)what;
	free(w->buf);
	free(w);
}

void etcd_watch_cancel(struct etcd_watch *w)
{
	struct timeval now = {0, 0};

	if (w->req)
		httpc_cancel(w->req);
	w->req = NULL;
	w->failed = true;
	/* Deferred: the caller may be inside this watch's own callback. */
	event_base_once(w->e->base, -1, EV_TIMEOUT, watch_free, w, &now);
}

struct etcd *etcd_new(struct event_base *base, const char *endpoints, const struct httpc_tls *tls)
{
	struct etcd *e = xcalloc(1, sizeof(*e));
	char *copy = xstrdup(endpoints), *save = NULL, *tok;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t n = strlen(tok);
		e->eps = xrealloc(e->eps, sizeof(char *) * (size_t)(e->neps + 1));
		while (n && tok[n - 1] == '/')
			tok[--n] = 0;
		e->eps[e->neps++] = xstrdup(tok);
	}
	free(copy);
	if (!e->neps)
		fatal("etcd: no endpoints in \"%s\"", endpoints);
	e->base = base;
	e->http = httpc_new(base, tls);
	return e;
}

void etcd_free(struct etcd *e)
{
	for (int i = 0; i < e->neps; i++)
		free(e->eps[i]);
	free(e->eps);
	httpc_free(e->http);
	free(e);
}
