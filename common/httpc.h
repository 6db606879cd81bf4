/* httpc: a non-blocking HTTP client, libcurl's multi interface driven by a libevent loop. */
#ifndef KUBE_HTTPC_H
#define KUBE_HTTPC_H

#include <event2/event.h>
#include <stddef.h>

struct httpc;
struct httpc_req;

struct httpc_tls {
	const char *ca_file;
	const char *cert_file;
	const char *key_file;
	const char *bearer_token;
	int insecure;
};

/* code is the HTTP status, 0 when the transfer failed (err says why). body is NUL-terminated
 * and only valid during the call; empty for streamed requests. */
typedef void (*httpc_done_fn)(void *arg, int code, const char *body, size_t len, const char *err);
/* For streamed requests: data as it arrives. Return nonzero to stop the transfer. */
typedef int (*httpc_data_fn)(void *arg, const char *data, size_t len);

struct httpc *httpc_new(struct event_base *base, const struct httpc_tls *tls);
void httpc_free(struct httpc *h);
/* Start a request; body may be NULL for GET. Headers: NULL-terminated "Name: value" list.
 * timeout_ms 0 means none (watches). done is called exactly once unless cancelled. */
struct httpc_req *httpc_request(struct httpc *h, const char *method, const char *url,
				const char *const *headers, const char *body, size_t len,
				long timeout_ms, httpc_done_fn done, httpc_data_fn data, void *arg);
/* Stop a request; its done callback will not be called. Safe from inside its callbacks. */
void httpc_cancel(struct httpc_req *r);

#endif
