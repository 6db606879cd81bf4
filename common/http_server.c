#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "log.h"

#define MAX_HEADERS 256

struct http_server {
	struct event_base *base;
	struct http_server_opts o;
	http_handler_fn fn;
	void *arg;
	struct evconnlistener **listeners;
	int nlisteners;
};

enum conn_state { ST_HEAD, ST_BODY, ST_CHUNK_SIZE, ST_CHUNK_DATA, ST_CHUNK_END, ST_TRAILER };

struct http_conn {
	struct http_server *srv;
	struct bufferevent *bev;
	struct http_req *cur;	  /* parsed and handed to the handler, not yet answered */
	struct http_req *parsing; /* head read, body still arriving */
	enum conn_state state;
	size_t need;
	bool keepalive;
	bool closing;
	bool identity_done;
	bool dispatching; /* inside the handler: a hijack defers freeing to conn_dispatch */
	bool hijacked;
	char *cert_user;
	char **cert_groups;
	int cert_ngroups;
	bool cert_bad;
	X509 *cert, *cert_root;
	char peer[48];
	/* The bound on a head or a body still arriving (header_timeout_ms, body_timeout_ms). */
	struct event *deadline;
};

static void conn_process(struct http_conn *c);
static void conn_free(struct http_conn *c);

const char *http_reason(int code)
{
	switch (code) {
	case 101:
		return "Switching Protocols";
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 206:
		return "Partial Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 307:
		return "Temporary Redirect";
	case 308:
		return "Permanent Redirect";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 413:
		return "Request Entity Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Entity";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return "Unknown";
	}
}

static void req_free(struct http_req *r)
{
	if (!r)
		return;
	if (r->on_free)
		r->on_free(r->free_arg);
	free(r->reply);
	X509_free(r->cert);
	X509_free(r->cert_root);
	for (int i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->method);
	free(r->target);
	free(r->path);
	free(r->body);
	free(r);
}

const char *http_header_get(const struct http_req *req, const char *name)
{
	for (int i = 0; i < req->nheaders; i++)
		if (!strcasecmp(req->headers[i].name, name))
			return req->headers[i].value;
	return NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *http_unescape(const char *s, size_t n, bool form)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n)
				goto bad;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				goto bad;
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (form && s[i] == '+') {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = 0;
	return out;
bad:
	free(out);
	return NULL;
}

char *http_query_get(const struct http_req *req, const char *key)
{
	size_t klen = strlen(key);
	const char *p = req->query;

	while (p && *p) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		size_t nlen = eq ? (size_t)(eq - p) : len;
		char *name = http_unescape(p, nlen, true);
		bool hit = name && strlen(name) == klen && !memcmp(name, key, klen);

		free(name);
		if (hit)
			return eq ? http_unescape(eq + 1, len - nlen - 1, true) : xstrdup("");
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

/* Identity from a client certificate, read once per connection. */
static void conn_identity(struct http_conn *c)
{
	SSL *ssl;
	X509 *cert;
	X509_NAME *subj;
	STACK_OF(X509) *chain;
	int idx = -1;

	c->identity_done = true;
	if (!c->srv->o.ssl || !(ssl = bufferevent_openssl_get_ssl(c->bev)))
		return;
	cert = SSL_get1_peer_certificate(ssl);
	if (!cert)
		return;
	X509_up_ref(cert);
	c->cert = cert;
	if (SSL_get_verify_result(ssl) != X509_V_OK) {
		c->cert_bad = true;
		goto out;
	}
	chain = SSL_get0_verified_chain(ssl);
	if (chain && sk_X509_num(chain) > 0) {
		c->cert_root = sk_X509_value(chain, sk_X509_num(chain) - 1);
		X509_up_ref(c->cert_root);
	}
	subj = X509_get_subject_name(cert);
	idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
	if (idx >= 0) {
		ASN1_STRING *d = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, idx));
		c->cert_user =
		    xstrndup((const char *)ASN1_STRING_get0_data(d), (size_t)ASN1_STRING_length(d));
	}
	idx = -1;
	while ((idx = X509_NAME_get_index_by_NID(subj, NID_organizationName, idx)) >= 0) {
		ASN1_STRING *d = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subj, idx));
		c->cert_groups =
		    xrealloc(c->cert_groups, sizeof(char *) * (size_t)(c->cert_ngroups + 1));
		c->cert_groups[c->cert_ngroups++] =
		    xstrndup((const char *)ASN1_STRING_get0_data(d), (size_t)ASN1_STRING_length(d));
	}
out:
	X509_free(cert);
}

static void write_head(struct http_conn *c, int code, const char *ctype, const char *len_or_chunked,
		       const char *const *extra)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n", code, http_reason(code));
	if (ctype)
		evbuffer_add_printf(out, "Content-Type: %s\r\n", ctype);
	evbuffer_add_printf(out, "Cache-Control: no-cache, private\r\n%s\r\n", len_or_chunked);
	for (; extra && extra[0]; extra += 2)
		evbuffer_add_printf(out, "%s: %s\r\n", extra[0], extra[1]);
	if (!c->keepalive)
		evbuffer_add_printf(out, "Connection: close\r\n");
	evbuffer_add(out, "\r\n", 2);
}

/* The request is answered: free it and go on with the next one on this connection. */
static void conn_done(struct http_conn *c)
{
	c->cur = NULL;
	if (!c->keepalive) {
		/* write_cb frees the connection once the answer has drained. */
		c->closing = true;
		bufferevent_disable(c->bev, EV_READ);
		return;
	}
	if (evbuffer_get_length(bufferevent_get_input(c->bev)))
		bufferevent_trigger(c->bev, EV_READ,
				    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
}

static void note_reply(struct http_req *req, int code, const char *body, size_t len)
{
	req->code = code;
	if (req->keep_reply && !req->reply) {
		req->reply = xstrndup(body ? body : "", len);
		req->reply_len = len;
	}
}

void http_reply(struct http_req *req, int code, const char *ctype, const char *body, size_t len,
		const char *const *extra)
{
	struct http_conn *c = req->conn;
	char cl[64];

	note_reply(req, code, body, len);
	if (c) {
		snprintf(cl, sizeof(cl), "Content-Length: %zu", len);
		write_head(c, code, ctype, cl, extra);
		evbuffer_add(bufferevent_get_output(c->bev), body, len);
	}
	req_free(req);
	if (c)
		conn_done(c);
}

static void free_body(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

void http_reply_take(struct http_req *req, int code, const char *ctype, char *body, size_t len,
		     const char *const *extra)
{
	struct http_conn *c = req->conn;
	char cl[64];

	note_reply(req, code, body, len);
	if (!c) {
		free(body);
		req_free(req);
		return;
	}
	snprintf(cl, sizeof(cl), "Content-Length: %zu", len);
	write_head(c, code, ctype, cl, extra);
	evbuffer_add_reference(bufferevent_get_output(c->bev), body, len, free_body, NULL);
	req_free(req);
	conn_done(c);
}

void http_reply_json(struct http_req *req, int code, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	size_t n = s ? strlen(s) : 0;

	/* Upstream ends JSON bodies with a newline; clients don't care, but curl users do. */
	if (s) {
		s = xrealloc(s, n + 2);
		s[n++] = '\n';
		s[n] = 0;
	}
	http_reply(req, code, "application/json", s ? s : "", n, NULL);
	free(s);
}

void http_reply_detach(struct http_req *req, int code, const char *ctype, const char *body,
		       size_t len)
{
	struct http_conn *c = req->conn;
	char cl[64];

	if (!c)
		return;
	if (req->streaming) {
		/* conn_free tells the stream's owner its client is gone. */
		conn_free(c);
		return;
	}
	req->conn = NULL;
	c->cur = NULL;
	snprintf(cl, sizeof(cl), "Content-Length: %zu", len);
	write_head(c, code, ctype, cl, NULL);
	evbuffer_add(bufferevent_get_output(c->bev), body, len);
	conn_done(c);
}

void http_stream_begin(struct http_req *req, int code, const char *ctype, void (*on_close)(void *),
		       void *arg)
{
	http_stream_begin_headers(req, code, ctype, NULL, on_close, arg);
}

void http_stream_begin_headers(struct http_req *req, int code, const char *ctype,
			       const char *const *extra, void (*on_close)(void *), void *arg)
{
	req->streaming = true;
	req->code = code;
	req->on_close = on_close;
	req->close_arg = arg;
	if (req->conn)
		write_head(req->conn, code, ctype, "Transfer-Encoding: chunked", extra);
}

struct bufferevent *http_hijack(struct http_req *req)
{
	struct http_conn *c = req->conn;
	struct bufferevent *bev;

	req->code = 101;
	req_free(req);
	if (!c)
		return NULL;
	bev = c->bev;
	c->bev = NULL;
	c->cur = NULL;
	bufferevent_setcb(bev, NULL, NULL, NULL, NULL);
	bufferevent_set_timeouts(bev, NULL, NULL);
	/* Freeing the connection under its own read callback would pull the floor from
	 * conn_process: the dispatcher frees it once the handler returns. */
	if (c->dispatching)
		c->hijacked = true;
	else
		conn_free(c);
	return bev;
}

int http_stream_write(struct http_req *req, const char *data, size_t len)
{
	struct evbuffer *out;

	if (!req->conn)
		return -1;
	if (!len)
		return 0;
	out = bufferevent_get_output(req->conn->bev);
	evbuffer_add_printf(out, "%zx\r\n", len);
	evbuffer_add(out, data, len);
	evbuffer_add(out, "\r\n", 2);
	return 0;
}

size_t http_stream_pending(const struct http_req *req)
{
	return req->conn ? evbuffer_get_length(bufferevent_get_output(req->conn->bev)) : 0;
}

void http_stream_end(struct http_req *req)
{
	struct http_conn *c = req->conn;

	if (c)
		evbuffer_add(bufferevent_get_output(c->bev), "0\r\n\r\n", 5);
	req_free(req);
	if (c)
		conn_done(c);
}

/* Answer a request that could not be parsed, then close. */
static void conn_fail(struct http_conn *c, int code, const char *msg)
{
	char cl[64];

	c->keepalive = false;
	snprintf(cl, sizeof(cl), "Content-Length: %zu", strlen(msg));
	write_head(c, code, "text/plain; charset=utf-8", cl, NULL);
	evbuffer_add(bufferevent_get_output(c->bev), msg, strlen(msg));
	req_free(c->parsing);
	c->parsing = NULL;
	c->closing = true;
	bufferevent_disable(c->bev, EV_READ);
}

static int parse_request_line(struct http_req *r, char *line, bool *http10)
{
	char *sp1 = strchr(line, ' '), *sp2, *q;

	if (!sp1)
		return -1;
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || strncmp(sp2 + 1, "HTTP/1.", 7))
		return -1;
	*http10 = !strcmp(sp2 + 1, "HTTP/1.0");
	r->method = xstrndup(line, (size_t)(sp1 - line));
	r->target = xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	if (r->target[0] != '/')
		return -1;
	q = strchr(r->target, '?');
	r->query = q ? q + 1 : r->target + strlen(r->target);
	r->path = http_unescape(r->target, q ? (size_t)(q - r->target) : strlen(r->target), false);
	return r->path ? 0 : -1;
}

/* Parse the request head; returns 1 when done, 0 for more input, -1 after failing. */
static int parse_head(struct http_conn *c, struct evbuffer *in)
{
	struct evbuffer_ptr end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	size_t hlen;
	char *head, *line, *save = NULL;
	struct http_req *r;
	bool http10 = false;
	const char *v;

	if (end.pos < 0) {
		if (evbuffer_get_length(in) > c->srv->o.max_header)
			conn_fail(c, 431, "request header fields too large");
		return end.pos < 0 && c->closing ? -1 : 0;
	}
	hlen = (size_t)end.pos + 4;
	if (hlen > c->srv->o.max_header) {
		conn_fail(c, 431, "request header fields too large");
		return -1;
	}
	head = xmalloc(hlen + 1);
	evbuffer_remove(in, head, hlen);
	head[hlen] = 0;
	r = c->parsing = xcalloc(1, sizeof(*r));
	memcpy(r->peer, c->peer, sizeof(r->peer));
	line = strtok_r(head, "\r\n", &save);
	if (!line || parse_request_line(r, line, &http10))
		goto bad;
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		char *colon = strchr(line, ':'), *val;
		if (!colon || colon == line || r->nheaders >= MAX_HEADERS)
			goto bad;
		for (val = colon + 1; *val == ' ' || *val == '\t'; val++)
			;
		r->headers = xrealloc(r->headers, sizeof(*r->headers) * (size_t)(r->nheaders + 1));
		r->headers[r->nheaders].name = xstrndup(line, (size_t)(colon - line));
		r->headers[r->nheaders++].value = xstrdup(val);
	}
	free(head);
	v = http_header_get(r, "Connection");
	c->keepalive =
	    http10 ? (v && !strcasecmp(v, "keep-alive")) : !(v && !strcasecmp(v, "close"));
	v = http_header_get(r, "Transfer-Encoding");
	if (v && strcasecmp(v, "identity")) {
		if (strcasecmp(v, "chunked"))
			goto bad_te;
		c->state = ST_CHUNK_SIZE;
		return 1;
	}
	v = http_header_get(r, "Content-Length");
	c->need = 0;
	if (v) {
		char *e;
		unsigned long long n = strtoull(v, &e, 10);
		if (!*v || *e || !isdigit((unsigned char)*v))
			goto bad2;
		c->need = (size_t)n;
	}
	c->state = ST_BODY;
	return 1;
bad:
	free(head);
bad2:
	conn_fail(c, 400, "malformed HTTP request");
	return -1;
bad_te:
	conn_fail(c, 501, "unsupported transfer encoding");
	return -1;
}

static void deadline_arm(struct http_conn *c, long ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	evtimer_add(c->deadline, &tv);
}

/* The request's body will not be read: its owner answers it, and the connection closes. */
static struct http_req *hand_over(struct http_conn *c)
{
	struct http_req *r = c->parsing;

	evtimer_del(c->deadline);
	c->parsing = NULL;
	c->keepalive = false;
	c->cur = r;
	r->conn = c;
	bufferevent_disable(c->bev, EV_READ);
	return r;
}

/* The body would exceed the limit: let the owner answer in its own shape, then close. */
static void body_too_large(struct http_conn *c)
{
	struct http_req *r = hand_over(c);

	if (c->srv->o.too_large)
		c->srv->o.too_large(r, c->srv->arg);
	else
		http_reply(r, 413, "text/plain", "request entity too large", 24, NULL);
}

static void body_append(struct http_req *r, struct evbuffer *in, size_t n)
{
	r->body = xrealloc(r->body, r->body_len + n + 1);
	evbuffer_remove(in, r->body + r->body_len, n);
	r->body_len += n;
	r->body[r->body_len] = 0;
}

/* Read chunked body pieces; returns 1 when the body is complete, 0 for more, -1 on failure. */
static int parse_chunks(struct http_conn *c, struct evbuffer *in)
{
	for (;;) {
		size_t len;
		char *line;

		switch (c->state) {
		case ST_CHUNK_SIZE:
			line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF);
			if (!line)
				return evbuffer_get_length(in) > 1024
					   ? (conn_fail(c, 400, "bad chunk"), -1)
					   : 0;
			{
				char *e;
				unsigned long long n = strtoull(line, &e, 16);
				bool ok = e != line && (!*e || *e == ';');
				free(line);
				if (!ok) {
					conn_fail(c, 400, "bad chunk size");
					return -1;
				}
				if (c->parsing->body_len + n > c->srv->o.max_body) {
					body_too_large(c);
					return -1;
				}
				c->need = (size_t)n;
				c->state = n ? ST_CHUNK_DATA : ST_TRAILER;
			}
			break;
		case ST_CHUNK_DATA:
			if (evbuffer_get_length(in) < c->need + 2)
				return 0;
			body_append(c->parsing, in, c->need);
			evbuffer_drain(in, 2);
			c->state = ST_CHUNK_SIZE;
			break;
		case ST_TRAILER:
			line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF);
			if (!line)
				return 0;
			free(line);
			if (!len)
				return 1;
			break;
		default:
			return -1;
		}
	}
}

/* Hand the parsed request to the handler; false when the handler took the connection. */
static bool conn_dispatch(struct http_conn *c)
{
	struct http_req *r = c->parsing;

	c->parsing = NULL;
	c->state = ST_HEAD;
	evtimer_del(c->deadline);
	if (!r->body)
		r->body = xcalloc(1, 1);
	if (!c->identity_done)
		conn_identity(c);
	r->cert_user = c->cert_user;
	r->cert_groups = c->cert_groups;
	r->cert_ngroups = c->cert_ngroups;
	r->cert_bad = c->cert_bad;
	if ((r->cert = c->cert))
		X509_up_ref(r->cert);
	if ((r->cert_root = c->cert_root))
		X509_up_ref(r->cert_root);
	r->conn = c;
	c->cur = r;
	c->dispatching = true;
	c->srv->fn(r, c->srv->arg);
	c->dispatching = false;
	if (c->hijacked) {
		conn_free(c);
		return false;
	}
	return true;
}

static void conn_process(struct http_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);

	while (!c->cur && !c->closing) {
		int rc;

		if (c->state == ST_HEAD) {
			if (!evbuffer_get_length(in))
				return;
			/* A head has begun (a connection's first is bounded from its start). */
			if (!evtimer_pending(c->deadline, NULL))
				deadline_arm(c, c->srv->o.header_timeout_ms);
			if (parse_head(c, in) <= 0)
				return;
			clock_gettime(CLOCK_MONOTONIC, &c->parsing->received);
			deadline_arm(c, c->srv->o.body_timeout_ms);
		}
		if (c->state == ST_BODY) {
			if (c->need > c->srv->o.max_body) {
				body_too_large(c);
				return;
			}
			if (evbuffer_get_length(in) < c->need)
				return;
			if (c->need)
				body_append(c->parsing, in, c->need);
		} else if (c->state != ST_HEAD) {
			rc = parse_chunks(c, in);
			if (rc <= 0)
				return;
		}
		if (!conn_dispatch(c))
			return;
	}
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_process(arg);
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	struct http_conn *c = arg;

	(void)bev;
	if (c->closing && !c->cur)
		conn_free(c);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct http_conn *c = arg;

	if (what & BEV_EVENT_CONNECTED) {
		/* TLS is up: the first head gets its own bound, as Go's after a handshake. */
		if (!c->cur && !c->parsing)
			deadline_arm(c, c->srv->o.header_timeout_ms);
		return;
	}
	if ((what & BEV_EVENT_TIMEOUT) && (what & BEV_EVENT_READING) && c->cur) {
		/* A watch in flight: the client has no reason to speak. */
		bufferevent_enable(bev, EV_READ);
		return;
	}
	/* Gone, idle for idle_timeout, or taking no bytes of an answer for as long. */
	conn_free(c);
}

/* A head or a body did not arrive in time. Go's server drops a connection whose head is late
 * without a word; a late body is answered by the owner's timeout, as upstream's timeout
 * filter answers a handler still reading one, and the connection closes. */
static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_conn *c = arg;

	(void)fd;
	(void)what;
	if (c->cur)
		return;
	if (c->parsing && !c->closing && c->srv->o.timed_out) {
		log_v(2, "http: %s: %s %s: body not read in %ld ms", c->peer, c->parsing->method,
		      c->parsing->target, c->srv->o.body_timeout_ms);
		c->srv->o.timed_out(hand_over(c), c->srv->arg);
		return;
	}
	log_v(2, "http: %s: request %s not read in time, closing", c->peer,
	      c->parsing ? "body" : "head");
	conn_free(c);
}

static void conn_free(struct http_conn *c)
{
	struct http_req *r = c->cur;

	if (r) {
		/* The handler still owns the request; tell a stream its client is gone. */
		r->conn = NULL;
		c->cur = NULL;
		if (r->streaming && r->on_close)
			r->on_close(r->close_arg);
	}
	req_free(c->parsing);
	if (c->deadline)
		event_free(c->deadline);
	if (c->bev)
		bufferevent_free(c->bev);
	free(c->cert_user);
	for (int i = 0; i < c->cert_ngroups; i++)
		free(c->cert_groups[i]);
	free(c->cert_groups);
	X509_free(c->cert);
	X509_free(c->cert_root);
	free(c);
}

static void peer_name(const struct sockaddr *sa, char *buf, size_t n)
{
	const void *a = sa->sa_family == AF_INET6
			    ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
			    : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	if (!inet_ntop(sa->sa_family, a, buf, (socklen_t)n))
		snprintf(buf, n, "unknown");
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int slen,
		      void *arg)
{
	struct http_server *s = arg;
	struct http_conn *c = xcalloc(1, sizeof(*c));
	struct timeval idle = {s->o.idle_timeout, 0};
	int one = 1;

	(void)l;
	(void)slen;
	peer_name(sa, c->peer, sizeof(c->peer));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->srv = s;
	if (s->o.ssl) {
		SSL *ssl = SSL_new(s->o.ssl);
		c->bev = bufferevent_openssl_socket_new(s->base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
							BEV_OPT_CLOSE_ON_FREE);
		if (c->bev)
			bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
	} else {
		c->bev = bufferevent_socket_new(s->base, fd, BEV_OPT_CLOSE_ON_FREE);
	}
	if (!c->bev) {
		evutil_closesocket(fd);
		free(c);
		return;
	}
	c->deadline = evtimer_new(s->base, deadline_cb, c);
	if (!c->deadline) {
		conn_free(c);
		return;
	}
	deadline_arm(c, s->o.header_timeout_ms);
	bufferevent_setcb(c->bev, read_cb, write_cb, event_cb, c);
	bufferevent_set_timeouts(c->bev, &idle, &idle);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

struct http_server *http_server_new(struct event_base *base, const struct http_server_opts *o,
				    http_handler_fn fn, void *arg)
{
	struct http_server *s = xcalloc(1, sizeof(*s));

	s->base = base;
	s->o = *o;
	if (!s->o.max_body)
		s->o.max_body = 3 * 1024 * 1024;
	if (!s->o.max_header)
		s->o.max_header = 1024 * 1024;
	if (!s->o.idle_timeout)
		s->o.idle_timeout = 90;
	if (s->o.header_timeout_ms <= 0)
		s->o.header_timeout_ms = 32000;
	if (s->o.body_timeout_ms <= 0)
		s->o.body_timeout_ms = 60000;
	s->fn = fn;
	s->arg = arg;
	return s;
}

int http_server_listen(struct http_server *s, const char *addr, int port)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	socklen_t slen;
	struct evconnlistener *l;

	if (port < 0 || port > 65535)
		return -1;
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		slen = sizeof(*v4);
	} else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		slen = sizeof(*v6);
	} else {
		return -1;
	}
	l = evconnlistener_new_bind(s->base, accept_cb, s,
				    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
					LEV_OPT_CLOSE_ON_EXEC,
				    1024, (struct sockaddr *)&ss, (int)slen);
	if (!l)
		return -1;
	s->listeners = xrealloc(s->listeners, sizeof(*s->listeners) * (size_t)(s->nlisteners + 1));
	s->listeners[s->nlisteners++] = l;
	slen = sizeof(ss);
	getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&ss, &slen);
	return ntohs(ss.ss_family == AF_INET6 ? v6->sin6_port : v4->sin_port);
}

void http_server_free(struct http_server *s)
{
	for (int i = 0; i < s->nlisteners; i++)
		evconnlistener_free(s->listeners[i]);
	free(s->listeners);
	free(s);
}
