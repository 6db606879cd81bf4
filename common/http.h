/* http: an HTTP/1.1 server on libevent bufferevents, plain or TLS, with streamed (chunked)
 * responses for watches. One event loop; a handler may answer later (after an etcd round
 * trip), and every request is answered exactly once by http_reply or http_stream_end. */
#ifndef KUBE_HTTP_H
#define KUBE_HTTP_H

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct http_conn;
struct http_server;

struct http_header {
	char *name;
	char *value;
};

struct http_req {
	struct http_conn *conn; /* NULL once the client has gone */
	char *method;
	char *target; /* as sent: path and query */
	char *path;   /* percent-decoded path */
	char *query;  /* raw query string, "" when none */
	struct http_header *headers;
	int nheaders;
	char *body;
	size_t body_len;
	/* Client certificate identity, when verified against the client CA. */
	char *cert_user;
	char **cert_groups;
	int cert_ngroups;
	bool cert_bad; /* a certificate was presented and failed verification */
	/* The certificate itself, and the trust anchor its verified chain ends at (NULL when
	 * unknown, as on a resumed session): lets authenticators trusting different CAs tell
	 * them apart. Both referenced by the request. */
	X509 *cert, *cert_root;
	/* Streaming state. */
	bool streaming;
	void (*on_close)(void *arg);
	void *close_arg;
	void *user; /* for the handler */
	/* Runs once when the request is over, however it ended (answered, streamed, hijacked,
	 * or its client gone): lets a handler release what it counted for it. */
	void (*on_free)(void *arg);
	void *free_arg;
	/* What was answered, for on_free: the status (101 for a hijack; 0 when none), and with
	 * keep_reply set beforehand a copy of the body. */
	int code;
	bool keep_reply;
	char *reply;
	size_t reply_len;
	char peer[48];		  /* the client's address */
	struct timespec received; /* CLOCK_MONOTONIC: when the request head had been read */
};

typedef void (*http_handler_fn)(struct http_req *req, void *arg);

struct http_server_opts {
	SSL_CTX *ssl;	   /* NULL for plain HTTP */
	size_t max_body;   /* larger bodies get 413 */
	size_t max_header; /* larger request heads get 431 */
	int idle_timeout;  /* seconds an idle keep-alive connection is kept, and a client that takes
			    * no bytes of an answer */
	/* Slow clients, as Go's ReadHeaderTimeout: milliseconds from a connection's start (and
	 * its TLS handshake) or from a request's first byte until its head is read, else the
	 * connection is closed without an answer (default 32000). */
	long header_timeout_ms;
	/* Milliseconds from the head until the body is read (default 60000); then timed_out
	 * answers if set, and the connection is closed. */
	long body_timeout_ms;
	/* Called for a body over max_body, so the answer can be the caller's shape. */
	void (*too_large)(struct http_req *req, void *arg);
	/* Called for a body that did not arrive within body_timeout_ms, likewise. */
	void (*timed_out)(struct http_req *req, void *arg);
};

struct http_server *http_server_new(struct event_base *base, const struct http_server_opts *o,
				    http_handler_fn fn, void *arg);
/* Listen on addr:port (port 0 picks one); returns the bound port or -1. */
int http_server_listen(struct http_server *s, const char *addr, int port);
void http_server_free(struct http_server *s);

const char *http_header_get(const struct http_req *req, const char *name);
/* The first value of a query parameter, percent-decoded into a malloc'd string; NULL if absent. */
char *http_query_get(const struct http_req *req, const char *key);
/* Percent-decode into a malloc'd string (+ as space when form is true); NULL on bad escapes. */
char *http_unescape(const char *s, size_t n, bool form);

/* Answer and free the request. Extra headers may be NULL or a NULL-terminated name,value list. */
void http_reply(struct http_req *req, int code, const char *ctype, const char *body, size_t len,
		const char *const *extra_headers);
/* As http_reply, taking ownership of body (malloc'd): large answers are not copied. */
void http_reply_take(struct http_req *req, int code, const char *ctype, char *body, size_t len,
		     const char *const *extra_headers);
/* Answer with a JSON body (v is borrowed). */
void http_reply_json(struct http_req *req, int code, const json_t *v);
/* Answer the client now for a handler that still holds req, as a timeout does: the connection
 * goes on as after http_reply, and req stays the handler's, detached (conn NULL), until it
 * answers or ends it, which then only frees it. A response already begun (a stream) cannot be
 * replaced: its connection is closed instead (on_close runs), as Go aborts a handler. Call it
 * from the event loop, not from inside the handler. */
void http_reply_detach(struct http_req *req, int code, const char *ctype, const char *body,
		       size_t len);

/* Start a chunked response; on_close is called once if the client goes away first. */
void http_stream_begin(struct http_req *req, int code, const char *ctype, void (*on_close)(void *),
		       void *arg);
/* The same, with extra headers: NULL or a NULL-terminated name,value list. */
void http_stream_begin_headers(struct http_req *req, int code, const char *ctype,
			       const char *const *extra, void (*on_close)(void *), void *arg);
/* Send one chunk; returns -1 if the client has gone. */
int http_stream_write(struct http_req *req, const char *data, size_t len);
/* Bytes written but not yet taken by the client: lets a caller drop a slow watcher. */
size_t http_stream_pending(const struct http_req *req);
/* Finish the stream and free the request. */
void http_stream_end(struct http_req *req);

/* Take over the client's connection, as for a protocol upgrade (101 Switching Protocols):
 * the request is answered by the caller's own bytes and freed here. The caller owns the
 * returned bufferevent (no callbacks, no timeouts; bytes the client sent after the request
 * are still in its input) and frees it. NULL, with the request freed, if the client has gone.
 * Callable from inside the handler or later. */
struct bufferevent *http_hijack(struct http_req *req);

const char *http_reason(int code);

#endif
