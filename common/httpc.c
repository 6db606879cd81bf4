#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "httpc.h"
#include "log.h"

struct httpc {
	struct event_base *base;
	CURLM *multi;
	struct event *timer;
	struct httpc_tls tls;
	int running;
	/* Requests started from inside curl's callbacks wait here: libcurl refuses to add
	 * handles while it is running one of ours. */
	bool in_curl;
	CURL **queued;
	size_t nqueued, capqueued;
	struct httpc_req *live; /* every request not yet freed, so httpc_free can release them */
};

struct httpc_req {
	struct httpc *h;
	CURL *easy;
	struct curl_slist *hdrs;
	char *body;
	char *resp;
	size_t resp_len, resp_cap;
	httpc_done_fn done;
	httpc_data_fn data;
	httpc_head_fn head;
	char **head_lines; /* the response head so far: name, value, ... */
	size_t nhead;
	struct curl_slist *connect_to;
	void *arg;
	bool cancelled;
	struct event *reaper;
	struct httpc_req *prev, *next;
	char errbuf[CURL_ERROR_SIZE];
};

/* One libevent event per socket curl asks us to watch. */
struct sockev {
	struct event *ev;
};

static void head_clear(struct httpc_req *r)
{
	for (size_t i = 0; i < r->nhead; i++)
		free(r->head_lines[i]);
	free(r->head_lines);
	r->head_lines = NULL;
	r->nhead = 0;
}

static void req_free(struct httpc_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		r->h->live = r->next;
	if (r->next)
		r->next->prev = r->prev;
	curl_multi_remove_handle(r->h->multi, r->easy);
	curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->hdrs);
	curl_slist_free_all(r->connect_to);
	head_clear(r);
	if (r->reaper)
		event_free(r->reaper);
	free(r->body);
	free(r->resp);
	free(r);
}

static void check_done(struct httpc *h)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct httpc_req *r;
		long code = 0;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		if (r->cancelled)
			continue; /* its reaper frees it */
		{
			const char *err = NULL;
			if (m->data.result == CURLE_OK)
				curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
			else
				err = r->errbuf[0] ? r->errbuf : curl_easy_strerror(m->data.result);
			r->done(r->arg, (int)code, r->resp ? r->resp : "", r->resp_len, err);
		}
		req_free(r);
	}
}

static void socket_action(struct httpc *h, curl_socket_t fd, int flags)
{
	h->in_curl = true;
	curl_multi_socket_action(h->multi, fd, flags, &h->running);
	h->in_curl = false;
	for (size_t i = 0; i < h->nqueued; i++)
		curl_multi_add_handle(h->multi, h->queued[i]);
	h->nqueued = 0;
	check_done(h);
}

static void event_cb(evutil_socket_t fd, short what, void *arg)
{
	int flags = (what & EV_READ ? CURL_CSELECT_IN : 0) | (what & EV_WRITE ? CURL_CSELECT_OUT : 0);

	socket_action(arg, fd, flags);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct httpc *h = arg;

	(void)fd;
	(void)what;
	socket_action(h, CURL_SOCKET_TIMEOUT, 0);
}

static int socket_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct httpc *h = userp;
	struct sockev *se = socketp;
	short kind;

	(void)e;
	if (what == CURL_POLL_REMOVE) {
		if (se) {
			event_free(se->ev);
			free(se);
			curl_multi_assign(h->multi, s, NULL);
		}
		return 0;
	}
	kind = (short)((what & CURL_POLL_IN ? EV_READ : 0) | (what & CURL_POLL_OUT ? EV_WRITE : 0) |
		       EV_PERSIST);
	if (!se) {
		se = xcalloc(1, sizeof(*se));
		curl_multi_assign(h->multi, s, se);
	} else {
		event_free(se->ev);
	}
	se->ev = event_new(h->base, s, kind, event_cb, h);
	event_add(se->ev, NULL);
	return 0;
}

static int timer_set_cb(CURLM *m, long ms, void *userp)
{
	struct httpc *h = userp;
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	(void)m;
	if (ms < 0)
		evtimer_del(h->timer);
	else
		evtimer_add(h->timer, &tv);
	return 0;
}

static size_t write_cb(char *ptr, size_t size, size_t n, void *userp)
{
	struct httpc_req *r = userp;
	size_t len = size * n;

	if (r->cancelled)
		return 0;
	if (r->data)
		return r->data(r->arg, ptr, len) ? 0 : len;
	if (r->resp_len + len + 1 > r->resp_cap) {
		r->resp_cap = (r->resp_len + len + 1) * 2;
		r->resp = xrealloc(r->resp, r->resp_cap);
	}
	memcpy(r->resp + r->resp_len, ptr, len);
	r->resp_len += len;
	r->resp[r->resp_len] = 0;
	return len;
}

/* Header lines as curl hands them over: a status line starts a head (there may be several,
 * as after 100 Continue), the empty line ends it. */
static size_t header_cb(char *ptr, size_t size, size_t n, void *userp)
{
	struct httpc_req *r = userp;
	size_t len = size * n, vlen;
	char *colon;
	long code = 0;

	if (r->cancelled)
		return 0;
	while (len && (ptr[len - 1] == '\n' || ptr[len - 1] == '\r'))
		len--;
	if (len >= 5 && !strncmp(ptr, "HTTP/", 5)) {
		head_clear(r);
		return size * n;
	}
	if (len) {
		colon = memchr(ptr, ':', len);
		if (!colon)
			return size * n;
		r->head_lines = xrealloc(r->head_lines, (r->nhead + 3) * sizeof(char *));
		r->head_lines[r->nhead++] = xstrndup(ptr, (size_t)(colon - ptr));
		for (colon++; colon < ptr + len && (*colon == ' ' || *colon == '\t'); colon++)
			;
		vlen = (size_t)(ptr + len - colon);
		r->head_lines[r->nhead++] = xstrndup(colon, vlen);
		r->head_lines[r->nhead] = NULL;
		return size * n;
	}
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
	if (code < 200 || !r->head)
		return size * n;
	if (!r->head_lines)
		r->head_lines = xcalloc(1, sizeof(char *));
	return r->head(r->arg, (int)code, (const char *const *)r->head_lines) ? 0 : size * n;
}

struct httpc *httpc_new(struct event_base *base, const struct httpc_tls *tls)
{
	static bool inited;
	struct httpc *h = xcalloc(1, sizeof(*h));

	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = true;
	}
	h->base = base;
	if (tls)
		h->tls = *tls;
	h->multi = curl_multi_init();
	h->timer = evtimer_new(base, timer_cb, h);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_set_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	/* Room for every request in flight plus the watch streams: a smaller pool makes curl
	 * close and reopen a connection per request under load. */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, 512L);
	return h;
}

void httpc_free(struct httpc *h)
{
	while (h->live)
		req_free(h->live);
	curl_multi_cleanup(h->multi);
	free(h->queued);
	event_free(h->timer);
	free(h);
}

static void apply_tls(struct httpc *h, CURL *e)
{
	if (h->tls.ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->tls.ca_file);
	if (h->tls.cert_file)
		curl_easy_setopt(e, CURLOPT_SSLCERT, h->tls.cert_file);
	if (h->tls.key_file)
		curl_easy_setopt(e, CURLOPT_SSLKEY, h->tls.key_file);
	if (h->tls.ca_blob) {
		struct curl_blob b = {(void *)h->tls.ca_blob, h->tls.ca_blob_len, CURL_BLOB_COPY};
		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &b);
	}
	if (h->tls.cert_blob) {
		struct curl_blob b = {(void *)h->tls.cert_blob, h->tls.cert_blob_len,
				      CURL_BLOB_COPY};
		curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &b);
	}
	if (h->tls.key_blob) {
		struct curl_blob b = {(void *)h->tls.key_blob, h->tls.key_blob_len, CURL_BLOB_COPY};
		curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &b);
	}
	if (h->tls.insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

struct httpc_req *httpc_request(struct httpc *h, const char *method, const char *url,
				const char *const *headers, const char *body, size_t len,
				long timeout_ms, httpc_done_fn done, httpc_data_fn data, void *arg)
{
	return httpc_request_opts(h, method, url, headers, body, len, timeout_ms, NULL, done, data,
				  arg);
}

struct httpc_req *httpc_request_opts(struct httpc *h, const char *method, const char *url,
				     const char *const *headers, const char *body, size_t len,
				     long timeout_ms, const struct httpc_opts *o,
				     httpc_done_fn done, httpc_data_fn data, void *arg)
{
	struct httpc_req *r = xcalloc(1, sizeof(*r));
	CURL *e = r->easy = curl_easy_init();

	r->h = h;
	r->next = h->live;
	if (h->live)
		h->live->prev = r;
	h->live = r;
	r->done = done;
	r->data = data;
	r->arg = arg;
	r->hdrs = curl_slist_append(NULL, "Expect:");
	if (h->tls.bearer_token) {
		char *a = xasprintf("Authorization: Bearer %s", h->tls.bearer_token);
		r->hdrs = curl_slist_append(r->hdrs, a);
		free(a);
	}
	for (; headers && *headers; headers++)
		r->hdrs = curl_slist_append(r->hdrs, *headers);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	if (timeout_ms)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
	if (body) {
		r->body = xmalloc(len + 1);
		memcpy(r->body, body, len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, body ? "POST" : "GET"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (o && o->connect_to) {
		r->connect_to = curl_slist_append(NULL, o->connect_to);
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, r->connect_to);
	}
	if (o && o->head) {
		r->head = o->head;
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	}
	apply_tls(h, e);
	if (h->in_curl) {
		if (h->nqueued == h->capqueued) {
			h->capqueued = h->capqueued ? h->capqueued * 2 : 16;
			h->queued = xrealloc(h->queued, h->capqueued * sizeof(*h->queued));
		}
		h->queued[h->nqueued++] = e;
	} else {
		curl_multi_add_handle(h->multi, e);
	}
	return r;
}

static void reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct httpc_req *r = arg;

	(void)fd;
	(void)what;
	req_free(r);
}

void httpc_cancel(struct httpc_req *r)
{
	struct timeval now = {0, 0};

	if (r->cancelled)
		return;
	r->cancelled = true;
	/* Not from inside curl's callbacks: removing a handle there is not allowed. */
	r->reaper = evtimer_new(r->h->base, reap_cb, r);
	evtimer_add(r->reaper, &now);
}

int httpc_code(const struct httpc_req *r)
{
	long code = 0;

	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
	return (int)code;
}

void httpc_pause(struct httpc_req *r, int paused)
{
	if (!r->cancelled)
		curl_easy_pause(r->easy, paused ? CURLPAUSE_RECV : CURLPAUSE_CONT);
}

int httpc_os_errno(const struct httpc_req *r)
{
	long err = 0;

	curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &err);
	return (int)err;
}
