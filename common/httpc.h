/* httpc: a non-blocking HTTP client, libcurl's multi interface driven by a libevent loop. */
#ifndef KUBE_HTTPC_H
#define KUBE_HTTPC_H

#include <event2/event.h>
#include <stddef.h>

struct httpc;
struct httpc_req;

/* Strings and blobs are borrowed: they must outlive the client. A blob (PEM in memory, as a
 * kubeconfig's *-data fields) is used instead of the file of the same role when set. */
struct httpc_tls {
	const char *ca_file;
	const char *cert_file;
	const char *key_file;
	const char *bearer_token;
	int insecure;
	const void *ca_blob;
	size_t ca_blob_len;
	const void *cert_blob;
	size_t cert_blob_len;
	const void *key_blob;
	size_t key_blob_len;
};

/* code is the HTTP status, 0 when the transfer failed (err says why). body is NUL-terminated
 * and only valid during the call; empty for streamed requests. */
typedef void (*httpc_done_fn)(void *arg, int code, const char *body, size_t len, const char *err);
/* For streamed requests: data as it arrives. Return nonzero to stop the transfer. */
typedef int (*httpc_data_fn)(void *arg, const char *data, size_t len);

/* A response's head, once it is complete: the status and its headers as name, value pairs
 * ending with NULL (valid during the call). Return nonzero to stop the transfer. */
typedef int (*httpc_head_fn)(void *arg, int code, const char *const *headers);

/* What httpc_request_opts adds to a request. */
struct httpc_opts {
	/* Reach another address than the URL's host, whose name TLS still checks: curl's
	 * CONNECT_TO, "HOST:PORT:ADDR:PORT" (an IPv6 ADDR in brackets). NULL: the URL's. */
	const char *connect_to;
	httpc_head_fn head; /* NULL: no head callback */
};

struct httpc *httpc_new(struct event_base *base, const struct httpc_tls *tls);
/* Also releases requests still in flight, without calling their callbacks. */
void httpc_free(struct httpc *h);
/* Start a request; body may be NULL for GET. Headers: NULL-terminated "Name: value" list.
 * timeout_ms 0 means none (watches). done is called exactly once unless cancelled. */
struct httpc_req *httpc_request(struct httpc *h, const char *method, const char *url,
				const char *const *headers, const char *body, size_t len,
				long timeout_ms, httpc_done_fn done, httpc_data_fn data, void *arg);
/* httpc_request with the options o (may be NULL). A HEAD request reads no body. */
struct httpc_req *httpc_request_opts(struct httpc *h, const char *method, const char *url,
				     const char *const *headers, const char *body, size_t len,
				     long timeout_ms, const struct httpc_opts *o,
				     httpc_done_fn done, httpc_data_fn data, void *arg);
/* Stop (paused nonzero) or resume taking a streamed response's body, so that a slow reader
 * holds the sender back. Safe from inside the data callback. */
void httpc_pause(struct httpc_req *r, int paused);
/* The system error of a transfer that failed to connect (errno), 0 when none: only valid
 * until the done callback returns. */
int httpc_os_errno(const struct httpc_req *r);
/* Stop a request; its done callback will not be called. Safe from inside its callbacks. */
void httpc_cancel(struct httpc_req *r);
/* The response's HTTP status once its headers have arrived (0 before): lets a streamed
 * request's data callback tell an event stream from an error body. */
int httpc_code(const struct httpc_req *r);

#endif
