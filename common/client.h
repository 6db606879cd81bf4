/* client: asynchronous JSON requests and watch streams to the API server on the process's
 * event loop, throttled client-side by a token bucket (--kube-api-qps / --kube-api-burst).
 * Callbacks always run later from the loop, never from inside the call that started them. */
#ifndef KUBE_CLIENT_H
#define KUBE_CLIENT_H

#include <event2/event.h>
#include <jansson.h>

struct kcfg;
struct kc;
struct kc_req;

/* client-go's rest.Config defaults when the daemon sets none. */
#define KC_DEFAULT_QPS	 5.0
#define KC_DEFAULT_BURST 10

/*
 * A finished request. code is the HTTP status, 0 when no response came (err says why). body is
 * the parsed response (borrowed: incref to keep it), NULL when empty or not JSON; for a non-2xx
 * code it is the Status, and err its message. err is NULL for 2xx.
 */
typedef void (*kc_done_fn)(void *arg, int code, json_t *body, const char *err);

/* One watch event: type "ADDED", "MODIFIED", "DELETED", "BOOKMARK" or "ERROR" (then object is
 * a Status). object is borrowed. */
typedef void (*kc_event_fn)(void *arg, const char *type, json_t *object);
/* The stream is over: code 200 with err NULL is a clean end (server timeout); otherwise code
 * is the HTTP status (0: transport failure or a truncated stream) and status the error body. */
typedef void (*kc_end_fn)(void *arg, int code, json_t *status, const char *err);

enum kc_patch {
	KC_PATCH_JSON,	    /* application/json-patch+json */
	KC_PATCH_MERGE,	    /* application/merge-patch+json */
	KC_PATCH_STRATEGIC, /* application/strategic-merge-patch+json */
	KC_PATCH_APPLY,	    /* application/apply-patch+yaml (server-side apply) */
};

/* cfg is copied; user_agent may be NULL ("kubec"). */
struct kc *kc_new(struct event_base *base, const struct kcfg *cfg, const char *user_agent);
/*
 * A client for from's server and CA without its credentials, as rest.AnonymousClientConfig:
 * no client certificate and no token until kc_set_token. Its user agent is from's with
 * "/ua_suffix" appended (rest.AddUserAgent; NULL keeps it); rate and timeout are from's.
 */
struct kc *kc_new_anonymous(const struct kc *from, const char *ua_suffix);
/* Replace the bearer token later requests carry (NULL: none); a token file is no longer read. */
void kc_set_token(struct kc *kc, const char *token);
/* Called when a request sent with the current token is answered 401 Unauthorized, before the
 * request's own callback: the token is no longer good (client-go's ResettableTokenSource).
 * fn must not call into kc; NULL removes it. */
void kc_on_unauthorized(struct kc *kc, void (*fn)(void *arg), void *arg);
/* Frees everything; no callback runs afterwards. Not from inside a kc callback. */
void kc_free(struct kc *kc);
/* qps <= 0 disables throttling. Requests already queued keep their place. */
void kc_set_rate(struct kc *kc, double qps, int burst);
/* Timeout for ordinary requests (default 60000 ms; 0: none). Watches have none. */
void kc_set_timeout(struct kc *kc, long ms);
/* The configuration's namespace ("default" when none). */
const char *kc_namespace(const struct kc *kc);
struct event_base *kc_base(const struct kc *kc);
/* Requests waiting for a token (for tests and metrics). */
size_t kc_queued(const struct kc *kc);

/*
 * Any request: path is relative to the server and carries its query ("/api/v1/pods?limit=5").
 * ctype may be NULL ("application/json" when body is set). body is borrowed. Returns a handle
 * valid until done runs or kc_cancel.
 */
struct kc_req *kc_request(struct kc *kc, const char *method, const char *path, const char *ctype,
			  const json_t *body, kc_done_fn done, void *arg);
struct kc_req *kc_get(struct kc *kc, const char *path, kc_done_fn done, void *arg);
struct kc_req *kc_create(struct kc *kc, const char *path, const json_t *obj, kc_done_fn done,
			 void *arg);
struct kc_req *kc_update(struct kc *kc, const char *path, const json_t *obj, kc_done_fn done,
			 void *arg);
struct kc_req *kc_patch(struct kc *kc, const char *path, enum kc_patch type, const json_t *patch,
			kc_done_fn done, void *arg);
/* opts: DeleteOptions or NULL. */
struct kc_req *kc_delete(struct kc *kc, const char *path, const json_t *opts, kc_done_fn done,
			 void *arg);

/* A watch: path carries the whole query, watch=true included. Events arrive one parsed object
 * at a time; end runs once when the stream stops, unless kc_cancel stopped it. */
struct kc_req *kc_watch(struct kc *kc, const char *path, kc_event_fn event, kc_end_fn end,
			void *arg);

/* Stop a request or watch; none of its callbacks runs afterwards. Safe from inside them. */
void kc_cancel(struct kc_req *r);

/* Percent-encode a query value (selectors, continue tokens). malloc'd. */
char *kc_escape(const char *s);

#endif
