/* kube-apiserver's private header: every file's functions, in a block headed by the file. */
#ifndef KUBE_APISERVER_H
#define KUBE_APISERVER_H

#include <event2/event.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "etcd.h"
#include "hmap.h"
#include "http.h"
#include "auth.h"
#include "kind.h"

struct lsel;
struct fsel;
struct cache;

struct apiserver {
	struct event_base *base;
	struct etcd *etcd;
	struct http_server *http;
	const char *prefix;    /* "/registry" */
	struct cache **caches; /* one per kind, shared by kinds of the same resource */
	const char *advertise_address;
	int secure_port;
	uint32_t svc_net, svc_mask; /* service cluster IP range (IPv4) */
	int svc_bits;
	int nodeport_lo, nodeport_hi;
	bool ready;
	char *server_addr; /* "host:port" for discovery */
	/* Reaching kubelets (proxy.c): upstream's --kubelet-* flags. */
	const char *kubelet_client_cert, *kubelet_client_key, *kubelet_ca;
	const char *const *kubelet_addr_types; /* NULL-terminated, in preference order */
	int kubelet_timeout;		       /* seconds to connect */
	bool proxy_allow_loopback; /* kubec: let nodes/pods proxy reach loopback addresses */
	long request_timeout_ms;   /* --request-timeout: non-long-running requests get 504 */
	int min_request_timeout;   /* --min-request-timeout: watches end in [min, 2*min) s */
};

extern struct apiserver *g_as;

/* ---- cache.c: the watch cache of one resource, fed by one etcd watch ---- */

/* One stored object as served: immutable, shared by the map and the event history. */
struct centry {
	int refs;
	int64_t rev;
	char *key; /* "ns/name" or "name" */
	char *ns;  /* "" when cluster-scoped */
	char *name;
	char *json; /* the object with metadata.resourceVersion set */
	size_t len;
	char *attrs; /* packed "labels\0k\0v\0...\0" then field selector values, see cache.c */
	size_t nlabels;
};

enum ev_type { EV_ADDED, EV_MODIFIED, EV_DELETED };

struct cevent {
	enum ev_type type;
	int64_t rev;
	struct centry *obj;  /* for DELETED: the last state, at the deletion's revision */
	struct centry *prev; /* NULL for ADDED */
};

/* What a list or watch selects. */
struct filter {
	const char *ns;	  /* NULL: all namespaces */
	const char *name; /* metadata.name from a field selector, NULL: any */
	struct lsel *ls;
	struct fsel *fs;
};

struct watcher;
typedef void (*cache_event_fn)(struct watcher *w, const struct cevent *ev);

struct cache *cache_new(struct apiserver *as, const struct kind *k);
void cache_start(struct cache *c);
bool cache_ready(const struct cache *c);
int64_t cache_rev(const struct cache *c);
const struct kind *cache_kind(const struct cache *c);
const char *cache_prefix(const struct cache *c); /* "/registry/pods/" */
struct centry *cache_get(struct cache *c, const char *ns, const char *name);
void centry_unref(struct centry *e);
struct centry *centry_ref(struct centry *e);
bool centry_match(const struct cache *c, const struct centry *e, const struct filter *f);
const char *centry_label(const struct centry *e, const char *key);
/* Entries sorted by key, after start_after (NULL: from the first), matching f; at most limit
 * (0: all). *out is malloc'd and its entries referenced; *remaining counts the rest. */
size_t cache_list(struct cache *c, const struct filter *f, const char *start_after, size_t limit,
		  struct centry ***out, size_t *remaining);
/* Call fn once the cache has seen revision rev (at once if it has). */
void cache_wait(struct cache *c, int64_t rev, void (*fn)(void *), void *arg);
/* Remember that this server wrote rev: reads wait for it, so clients read their writes. */
void cache_fence(struct cache *c, int64_t rev);
int64_t cache_fence_rev(const struct cache *c);
/* Register a watcher; replays history after from_rev. Returns -1 if from_rev is too old. */
int cache_watch(struct cache *c, struct watcher *w, int64_t from_rev, cache_event_fn fn);
void cache_unwatch(struct cache *c, struct watcher *w);
size_t cache_count(const struct cache *c);
/* The cache serving a kind (kinds of one resource share one). */
struct cache *cache_of(const struct kind *k);

/* ---- router.c: URLs to request info, and dispatch ---- */

enum out_fmt { OUT_OBJECT, OUT_TABLE, OUT_PARTIAL };

struct rinfo {
	const struct kind *k;
	const char *verb;
	char *ns;	  /* NULL for cluster-scoped or all namespaces */
	char *name;	  /* NULL for collections */
	char *sub;	  /* subresource */
	char *proxy_path; /* for "proxy": the rest of the URL path ("/a/b/"), NULL when none */
	enum out_fmt fmt;
	bool table_object; /* includeObject=Object */
	bool table_none;   /* includeObject=None */
	bool dry_run;
	char *label_selector, *field_selector, *rv, *rv_match, *cont, *field_manager, *validation;
	long limit;
	long timeout;
	bool watch, bookmarks, force;
	bool applying;		  /* server-side apply: managedFields come from the apply engine */
	char *user_agent_manager; /* upstream's default field manager, from the User-Agent */
	struct user user;	  /* who asks */
	json_t *warnings;	  /* Warning headers for the answer */
};

void router_handle(struct http_req *req, void *arg);
/* The HTTP server's timed_out: a body still not read at --request-timeout gets the 504. */
void router_timed_out(struct http_req *req, void *arg);
void rinfo_free(struct rinfo *ri);
/* Send a Status error (stolen) as the answer. */
void reply_status(struct http_req *req, json_t *st);

/* The bytes etcd is to hold at key for obj of storage kind k (its resourceVersion left out;
 * encrypted when configured). malloc'd. */
char *reg_storage_bytes(const struct kind *k, const char *key, json_t *obj, size_t *len);
/* The JSON object of a value etcd holds for storage kind k (decrypted); NULL if unreadable.
 * *stale (may be NULL): sealed otherwise than a write now would seal it. */
json_t *reg_stored_object(const struct kind *k, const char *key, const char *val, size_t len,
			  bool *stale);

/* ---- inflight.c: --max-requests-inflight / --max-mutating-requests-inflight ---- */
void inflight_init(int max_readonly, int max_mutating);
/* Take a slot for req (*slot: -1 when it needs none), or answer 429 and return false.
 * s[0..n) are the path's segments. The slot is given back with inflight_release. */
bool inflight_admit(struct http_req *req, char **s, int n, int *slot);
void inflight_release(int slot);
/* Answer with an object (stolen), in the representation the request asked for. */
void reply_object(struct http_req *req, struct rinfo *ri, int code, json_t *obj);

/* ---- registry.c: the one create/update/patch/delete pipeline for every kind ---- */

void reg_get(struct http_req *req, struct rinfo *ri);
void reg_list(struct http_req *req, struct rinfo *ri);
void reg_create(struct http_req *req, struct rinfo *ri);
void reg_update(struct http_req *req, struct rinfo *ri);
void reg_patch(struct http_req *req, struct rinfo *ri);
void reg_delete(struct http_req *req, struct rinfo *ri);
void reg_delete_collection(struct http_req *req, struct rinfo *ri);
/* Decode a request body (JSON or YAML); NULL and *st on failure. */
json_t *reg_decode(struct http_req *req, json_t **st);
/* Store an object made by the server itself (bootstrap); fn gets the result Status or NULL. */
void reg_create_internal(const struct kind *k, json_t *obj, void (*fn)(void *, json_t *st),
			 void *arg);
char *reg_key(const struct kind *k, const char *ns, const char *name);
/* The update pipeline (preconditions, immutable metadata, status rules, defaults,
 * validation, hooks) for an intended state obj against the stored cur. */
json_t *reg_prepare_update(struct rinfo *ri, json_t *obj, const json_t *cur, json_t **st);
/* A guaranteed update whose next state fn computes from the current one; the reply is
 * present(obj) when given, else the object. */
typedef json_t *(*reg_mutate_fn)(struct rinfo *ri, const json_t *cur, void *ctx, json_t **st);
void reg_mutate(struct http_req *req, struct rinfo *ri, reg_mutate_fn fn, void *ctx,
		void (*ctx_free)(void *), json_t *(*present)(struct rinfo *ri, json_t *obj),
		int code);
/* Delete with DeleteOptions given as JSON (borrowed), answering present(obj). */
void reg_delete_with(struct http_req *req, struct rinfo *ri, json_t *options,
		     json_t *(*present)(struct rinfo *ri, json_t *obj), int code);

/* ---- ensure.c: objects the server keeps in place at start ---- */

/* What to write over the stored cur so that it has what want asks for; NULL when cur already
 * does (or must be left alone). */
typedef json_t *(*ens_merge_fn)(const json_t *cur, const json_t *want);
/* A batch of such objects; done runs once ens_end is called and every write has finished. */
struct ens *ens_begin(const char *who, void (*done)(void *arg), void *arg);
/* want (stolen) is created when missing; when stored, merge (if any) decides an update. */
void ens_object(struct ens *b, const struct kind *k, json_t *want, ens_merge_fn merge);
/* Another piece of work the batch waits for: ens_release (or ens_release_st, as a
 * Status callback) when it is over. */
struct ens *ens_hold(struct ens *b);
void ens_release(struct ens *b);
void ens_release_st(void *b, json_t *st);
void ens_end(struct ens *b);

/* ---- watch.c: serving watches ---- */

void watch_serve(struct http_req *req, struct rinfo *ri);
/* Build a filter from a request's selectors; NULL and *st on bad selectors. */
int filter_from_rinfo(struct rinfo *ri, struct filter *f, json_t **st);
void filter_clear(struct filter *f);

/* ---- output.c: lists, tables and partial metadata ---- */

/* A list or table body for entries (borrowed). */
char *out_list(struct rinfo *ri, struct centry **items, size_t n, int64_t rev, const char *cont,
	       size_t remaining, size_t *len);
/* Convert one object (borrowed) to the requested representation (new reference). */
json_t *out_convert(struct rinfo *ri, const json_t *obj, bool with_columns);
json_t *out_table_columns(const struct kind *k);
/* The served bytes of a cached object: e->json itself, or a converted copy for legacy
 * versions (then *owned is set and the caller frees it). */
const char *out_entry_bytes(const struct rinfo *ri, const struct centry *e, size_t *len,
			    bool *owned);
/* A deep copy of a stored object in the version the request speaks (new reference). */
json_t *out_served(const struct rinfo *ri, const json_t *obj);

/* ---- alloc.c: service cluster IPs and node ports ---- */

json_t *alloc_service(json_t *svc, const json_t *old);

/* ---- compact.c: periodic etcd compaction ---- */

void compact_start(struct apiserver *as, int interval_secs);

/* ---- bootstrap.c: what the server creates at start ---- */

void bootstrap_start(struct apiserver *as);

/* ---- subres.c: scale, binding, status and other subresources ---- */

void sub_handle(struct http_req *req, struct rinfo *ri);

/* ---- proxy.c: connect subresources (log, exec, attach, portforward, proxy) ---- */

/* Serve pods/log, pods/exec, pods/attach, pods/portforward and {pods,nodes,services}/proxy
 * by reaching the kubelet or a pod; takes ri. */
void proxy_handle(struct http_req *req, struct rinfo *ri);
/* Is sub one of the subresources proxy_handle serves? */
bool proxy_serves(const char *sub);
/* Response headers a proxy does not pass on: hop-by-hop ones, the length and type (the
 * stream's own) and CORS headers, as upstream's proxy handler drops them. */
bool proxy_hop_header(const char *name);
/* Parse a --kubelet-preferred-address-types list into a NULL-terminated array; NULL and
 * *bad set to the offending entry (malloc'd) on an unknown type. */
const char **proxy_parse_address_types(const char *list, char **bad);

/* ---- policy.c: upstream's default RBAC roles and bindings ---- */

/* Create what is missing of the default policy and add back the rules, subjects, labels and
 * annotations that auto-updated objects lack; done(arg, NULL) once the authorizer sees it. */
void policy_reconcile(void (*done)(void *arg, json_t *st), void *arg);
/* cur with what it lacks of want added (a new object), or NULL when it lacks nothing or its
 * rbac.authorization.kubernetes.io/autoupdate annotation is "false". */
json_t *policy_merge(const json_t *cur, const json_t *want);
/* The rules of the default ClusterRole name as the server creates it (a new array), NULL when
 * there is none: the Node authorizer's static rules are system:node's. */
json_t *policy_role_rules(const char *name);

/* ---- review.c: authorization.k8s.io access and rules reviews ---- */

bool review_kind(const struct kind *k);
/* Answer a review POST from the authorizer; stores nothing. Takes ri. */
void review_create(struct http_req *req, struct rinfo *ri);

/* ---- satoken.c: service account tokens, TokenRequest and TokenReview ---- */

struct sat_config {
	const char *signing_key_file; /* PEM private key, RSA or EC; NULL: no issuing */
	const char *key_files;	      /* comma-separated PEM files; none: the signing key */
	const char *issuer;	      /* the "iss" of issued tokens */
	const char *audiences;	      /* comma-separated API audiences; NULL: the issuer */
	long max_expiration;	      /* seconds; 0: no limit */
	bool extend_expiration;	      /* kubelets' 3607-second pod tokens last a year */
};

enum { SAT_OK = 0, SAT_NOT_MINE = 1, SAT_BAD = -1 };

/* Load the keys; 0, or -1 with err. May be called again (tests). */
int sat_init(const struct sat_config *cfg, char *err, size_t errlen);
/* The signing key's "kid" (upstream's hash of its public key), NULL without one. */
const char *sat_key_id(void);
/* A compact JWS of claims signed with the signing key (malloc'd); NULL without one. */
char *sat_sign(const json_t *claims);
/* Check a token's signature (any verifying key), issuer and times at now: SAT_OK and
 * *claims (new reference), SAT_NOT_MINE for tokens of other issuers or not JWTs, or SAT_BAD
 * and *why (malloc'd) when why is not NULL. */
int sat_verify(const char *token, time_t now, json_t **claims, char **why);
/* The claims of a bound token for service account sa; bound[] is {pod, secret, node}, any
 * NULL (or bound NULL). */
json_t *sat_claims(const json_t *sa, const json_t *bound[3], const json_t *auds, time_t now,
		   long exp_secs, long warnafter);
/* The token audiences that req (NULL or empty: the API audiences) accepts (new array). */
json_t *sat_audiences_match(const json_t *token_auds, const json_t *req);
/* Authenticate a bearer token against the watch cache: SAT_OK with u (and *extra, *auds as
 * new references when asked for), SAT_NOT_MINE, or SAT_BAD with *why (malloc'd). */
int sat_authenticate(const char *token, const json_t *req_auds, struct user *u, json_t **extra,
		     json_t **auds, char **why);
/* POST serviceaccounts/NAME/token. Takes ri. */
void sat_token_request(struct http_req *req, struct rinfo *ri);
bool sat_review_kind(const struct kind *k);
/* POST tokenreviews. Takes ri. */
void sat_token_review(struct http_req *req, struct rinfo *ri);

#endif
