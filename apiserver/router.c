/* Routing: an API path and query become a request info; the verb picks the registry call. */
#include <stdlib.h>
#include <string.h>

#include "aggregator.h"
#include "apiserver.h"
#include "audit.h"
#include "discovery.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "openapi.h"
#include "status.h"

#define MAX_SEGS 12

struct apiserver *g_as;

/* What a request holds from arrival until it is over, however it ends. */
struct rctx {
	struct http_req *req;
	int slot; /* its max-in-flight slot, -1 for none */
	struct audit_ev *audit;
	struct event *deadline; /* its timeout, NULL for a long-running request */
};

static void request_done(void *arg)
{
	struct rctx *rc = arg;

	if (rc->deadline)
		event_free(rc->deadline);
	inflight_release(rc->slot);
	audit_end(rc->audit, rc->req);
	free(rc);
}

/* Upstream's timeout filter writes its Status with Go's JSON encoder (so no kind or
 * apiVersion) and no Content-Type, which Go's server then sniffs as text/plain: kubectl reports
 * "the server was unable to return a response in the time allotted". */
static const char timeout_body[] =
    "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Timeout: request did not complete "
    "within the allotted timeout\",\"reason\":\"Timeout\",\"details\":{},\"code\":504}\n";
#define TIMEOUT_CTYPE "text/plain; charset=utf-8"

void router_timed_out(struct http_req *req, void *arg)
{
	(void)arg;
	http_reply(req, 504, TIMEOUT_CTYPE, timeout_body, sizeof(timeout_body) - 1, NULL);
}

/* The deadline passed first: the client gets the 504 now, and the handler keeps the request
 * and answers into the void once its etcd round trips are over (the in-flight slot is held
 * until then, as upstream's goroutine holds it). */
static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct rctx *rc = arg;

	(void)fd;
	(void)what;
	log_v(2, "%s %s: timed out", rc->req->method, rc->req->target);
	http_reply_detach(rc->req, 504, TIMEOUT_CTYPE, timeout_body, sizeof(timeout_body) - 1);
}

/* Upstream's WithRequestDeadline: --request-timeout from when the request's head was read, or
 * a shorter positive ?timeout= (a Go duration). false, answered 400, when that is malformed. */
static bool start_deadline(struct http_req *req, struct rctx *rc)
{
	char *v = http_query_get(req, "timeout"), *err = NULL;
	long ms = g_as->request_timeout_ms;
	struct timespec now;
	struct timeval tv;
	double secs = 0;

	if (v && *v && kt_go_duration(v, &secs, &err)) {
		reply_status(
		    req, st_bad_request("invalid timeout specified in the request URL - %s", err));
		free(err);
		free(v);
		return false;
	}
	if (v && *v && secs > 0 && secs * 1000 < ms)
		ms = (long)(secs * 1000);
	free(v);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms -= (long)(now.tv_sec - req->received.tv_sec) * 1000 +
	      (now.tv_nsec - req->received.tv_nsec) / 1000000;
	tv.tv_sec = ms > 0 ? ms / 1000 : 0;
	tv.tv_usec = ms > 0 ? (ms % 1000) * 1000 : 0;
	rc->deadline = evtimer_new(g_as->base, deadline_cb, rc);
	evtimer_add(rc->deadline, &tv);
	return true;
}

void rinfo_free(struct rinfo *ri)
{
	if (!ri)
		return;
	free(ri->ns);
	free(ri->name);
	free(ri->sub);
	free(ri->proxy_path);
	free(ri->label_selector);
	free(ri->field_selector);
	free(ri->rv);
	free(ri->rv_match);
	free(ri->cont);
	free(ri->field_manager);
	free(ri->validation);
	free(ri->user_agent_manager);
	user_clear(&ri->user);
	json_decref(ri->warnings);
	free(ri);
}

void reply_status(struct http_req *req, json_t *st)
{
	if (req)
		http_reply_json(req, st_code(st) ? st_code(st) : 500, st);
	json_decref(st);
}

/* Warnings travel as "Warning: 299 - "text"" headers, which kubectl prints. */
static void reply_warned(struct http_req *req, int code, const json_t *body, const json_t *warnings)
{
	size_t n = json_array_size(warnings), i;
	const char **hdrs = xcalloc(2 * n + 1, sizeof(char *));
	char *s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
	json_t *w;

	json_array_foreach(warnings, i, w)
	{
		json_t *q = json_string(json_string_value(w));
		char *quoted = json_dumps(q, JSON_ENCODE_ANY);
		hdrs[2 * i] = "Warning";
		hdrs[2 * i + 1] = xasprintf("299 - %s", quoted);
		free(quoted);
		json_decref(q);
	}
	http_reply(req, code, "application/json", s, strlen(s), hdrs);
	for (i = 0; i < n; i++)
		free((char *)hdrs[2 * i + 1]);
	free(hdrs);
	free(s);
}

void reply_object(struct http_req *req, struct rinfo *ri, int code, json_t *obj)
{
	json_t *out = out_convert(ri, obj, true);

	if (req && json_array_size(ri->warnings))
		reply_warned(req, code, out, ri->warnings);
	else if (req)
		http_reply_json(req, code, out);
	json_decref(out);
	json_decref(obj);
}

static void not_found(struct http_req *req)
{
	json_t *st = st_new(404, "NotFound", "the server could not find the requested resource");
	json_t *code = json_incref(json_object_get(st, "code"));

	/* metav1.Status's field order: details before code. */
	json_object_del(st, "code");
	json_object_set_new(st, "details", json_object());
	json_object_set_new(st, "code", code);
	reply_status(req, st);
}

/* Paths no handler claims (an unknown group, or outside /api and /apis) fall through to Go's
 * http.NotFound upstream: plain text, not a Status. */
static void page_not_found(struct http_req *req)
{
	static const char *const nosniff[] = {"X-Content-Type-Options", "nosniff", NULL};
	static const char body[] = "404 page not found\n";

	http_reply(req, 404, "text/plain; charset=utf-8", body, sizeof(body) - 1, nosniff);
}

/* A group of the kinds table: upstream registers a handler for its whole /apis/GROUP prefix,
 * so that unknown versions and resources in it get a NotFound Status. */
static bool builtin_group(const char *group)
{
	for (int i = 0; i < nkinds; i++)
		if (!strcmp(kinds[i].group, group))
			return true;
	return false;
}

static bool qbool(struct http_req *req, const char *key)
{
	char *v = http_query_get(req, key);
	/* Go's strconv.ParseBool: the Python client sends "True". */
	bool b = v && (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE") ||
		       !strcmp(v, "1") || !strcmp(v, "t") || !strcmp(v, "T"));

	free(v);
	return b;
}

static long qlong(struct http_req *req, const char *key)
{
	char *v = http_query_get(req, key);
	long n = v ? strtol(v, NULL, 10) : 0;

	free(v);
	return n;
}

static enum out_fmt negotiate(struct http_req *req)
{
	const char *accept = http_header_get(req, "Accept");

	if (!accept)
		return OUT_OBJECT;
	if (strstr(accept, "as=Table"))
		return OUT_TABLE;
	if (strstr(accept, "as=PartialObjectMetadata"))
		return OUT_PARTIAL;
	return OUT_OBJECT;
}

static void parse_query(struct http_req *req, struct rinfo *ri)
{
	char *v;

	ri->label_selector = http_query_get(req, "labelSelector");
	ri->field_selector = http_query_get(req, "fieldSelector");
	ri->rv = http_query_get(req, "resourceVersion");
	ri->rv_match = http_query_get(req, "resourceVersionMatch");
	ri->cont = http_query_get(req, "continue");
	ri->field_manager = http_query_get(req, "fieldManager");
	ri->validation = http_query_get(req, "fieldValidation");
	ri->limit = qlong(req, "limit");
	ri->timeout = qlong(req, "timeoutSeconds");
	ri->watch = qbool(req, "watch") || ri->watch;
	ri->bookmarks = qbool(req, "allowWatchBookmarks");
	ri->force = qbool(req, "force");
	v = http_query_get(req, "dryRun");
	ri->dry_run = v && !strcmp(v, "All");
	free(v);
	v = http_query_get(req, "includeObject");
	ri->table_object = v && !strcmp(v, "Object");
	ri->table_none = v && !strcmp(v, "None");
	free(v);
	ri->fmt = negotiate(req);
	v = (char *)http_header_get(req, "User-Agent");
	/* Upstream names the default manager after the User-Agent's product, up to the '/'. */
	ri->user_agent_manager = xstrndup(v ? v : "unknown", v ? strcspn(v, "/") : 7);
}

/* Split into at most MAX_SEGS segments; *more says the path goes on (only proxy paths may). */
static int split(char *path, char **segs, bool *more)
{
	int n = 0;
	char *save = NULL;

	*more = false;
	for (char *t = strtok_r(path, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (n == MAX_SEGS) {
			*more = true;
			break;
		}
		segs[n++] = t;
	}
	return n;
}

static bool is_ns_subresource(const char *s)
{
	return !strcmp(s, "status") || !strcmp(s, "finalize");
}

/* Resource path after /api/v1 or /apis/g/v: [watch/][namespaces/NS/]RES[/NAME[/SUB]], or
 * RES/NAME/proxy/ANY...: then *proxy_end points just past "proxy" in the split path. */
static struct rinfo *parse_resource(const char *group, const char *version, char **s, int n,
				    json_t **st, const char **proxy_end)
{
	struct rinfo *ri = xcalloc(1, sizeof(*ri));
	const char *res;

	if (n && !strcmp(s[0], "watch")) {
		ri->watch = true;
		s++;
		n--;
	}
	if (n >= 3 && !strcmp(s[0], "namespaces") && !(n == 3 && is_ns_subresource(s[2]))) {
		ri->ns = xstrdup(s[1]);
		s += 2;
		n -= 2;
	}
	*proxy_end = NULL;
	if (n >= 3 && !strcmp(s[2], "proxy")) {
		*proxy_end = s[2] + 5;
		n = 3;
	}
	if (n < 1 || n > 3)
		goto notfound;
	res = s[0];
	ri->k = kind_by_resource(group, version, res);
	if (!ri->k)
		goto notfound;
	if (n >= 2)
		ri->name = xstrdup(s[1]);
	if (n == 3)
		ri->sub = xstrdup(s[2]);
	if (ri->ns && !kind_namespaced(ri->k))
		goto notfound;
	return ri;
notfound:
	rinfo_free(ri);
	*st = NULL;
	return NULL;
}

static const char *verb_of(const char *method, const struct rinfo *ri)
{
	bool named = ri->name != NULL;

	if (!strcmp(method, "GET"))
		return named ? (ri->watch ? "watch" : "get") : ri->watch ? "watch" : "list";
	if (!strcmp(method, "POST"))
		return named && !ri->sub ? NULL : "create";
	if (!strcmp(method, "PUT"))
		return named ? "update" : NULL;
	if (!strcmp(method, "PATCH"))
		return named ? "patch" : NULL;
	if (!strcmp(method, "DELETE"))
		return named ? "delete" : "deletecollection";
	return NULL;
}

static void dispatch(struct http_req *req, struct rinfo *ri)
{
	const char *v = ri->verb;

	if (ri->sub) {
		sub_handle(req, ri);
		return;
	}
	if (!strcmp(v, "get"))
		reg_get(req, ri);
	else if (!strcmp(v, "list"))
		reg_list(req, ri);
	else if (!strcmp(v, "watch")) {
		if (ri->name && !ri->field_selector)
			ri->field_selector = xasprintf("metadata.name=%s", ri->name);
		watch_serve(req, ri);
	} else if (!strcmp(v, "create"))
		reg_create(req, ri);
	else if (!strcmp(v, "update"))
		reg_update(req, ri);
	else if (!strcmp(v, "patch"))
		reg_patch(req, ri);
	else if (!strcmp(v, "delete"))
		reg_delete(req, ri);
	else
		reg_delete_collection(req, ri);
}

/* base is the split copy of req->path: offsets into it are offsets into the path. */
static void serve_api(struct http_req *req, const char *group, const char *version, char **s, int n,
		      struct user *u, const char *base, bool more)
{
	json_t *st = NULL;
	const char *proxy_end = NULL;
	struct rinfo *ri = parse_resource(group, version, s, n, &st, &proxy_end);
	struct attrs a = {.resource_request = true};
	char selected[256];

	if (ri && proxy_end && req->path[proxy_end - base])
		ri->proxy_path = xstrdup(req->path + (proxy_end - base));
	if (!ri || (more && !proxy_end)) {
		rinfo_free(ri);
		not_found(req);
		return;
	}
	ri->user = *u;
	memset(u, 0, sizeof(*u));
	parse_query(req, ri);
	if (ri->k->flags & K_CREATEONLY && strcmp(req->method, "POST")) {
		reply_status(req, st_method_not_allowed("the server does not allow this method on "
							"the requested resource"));
		rinfo_free(ri);
		return;
	}
	ri->verb = verb_of(req->method, ri);
	if (!ri->verb) {
		reply_status(req, st_method_not_allowed("the server does not allow this method on "
							"the requested resource"));
		rinfo_free(ri);
		return;
	}
	a.verb = ri->verb;
	a.ns = ri->ns;
	a.group = ri->k->group;
	a.resource = ri->k->resource;
	a.sub = ri->sub;
	a.name = ri->name;
	a.field_selector = ri->field_selector;
	if (!a.name && (!strcmp(a.verb, "list") || !strcmp(a.verb, "watch")))
		a.name = auth_selector_name(ri->field_selector, selected, sizeof(selected));
	st = auth_authorize(&ri->user, &a);
	audit_authorized(((struct rctx *)req->user)->audit, req, &ri->user, &a, version, !st);
	if (st) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	/* Namespaced kinds in a namespace; the namespace of a collection URL, else all. */
	if (!cache_ready(cache_of(ri->k))) {
		reply_status(req, st_new(503, "ServiceUnavailable",
					 "the server is currently unable to handle the request"));
		rinfo_free(ri);
		return;
	}
	if (kind_namespaced(ri->k) && !ri->ns && ri->name) {
		/* A namespaced object by name needs its namespace. */
		not_found(req);
		rinfo_free(ri);
		return;
	}
	dispatch(req, ri);
}

/* A group-version an APIService sends to an extension server: authorized here as any resource
 * request (discovery paths were, as non-resource paths), then proxied. Takes u. */
static void serve_aggregated(struct http_req *req, const char *group, const char *version, char **s,
			     int n, struct user *u)
{
	struct agg_rinfo ri;
	json_t *st;

	if (n > 0) {
		agg_request_attrs(req, group, s, n, &ri);
		st = auth_authorize(u, &ri.a);
		audit_authorized(((struct rctx *)req->user)->audit, req, u, &ri.a, version, !st);
		if (st) {
			reply_status(req, st);
			return;
		}
	}
	agg_proxy(req, group, version, u);
}

/* A resource request for a group nobody serves is still authorized first, as upstream's
 * filters do before any handler looks at the path. */
static bool authorized_unknown(struct http_req *req, const char *group, const char *version,
			       char **s, int n, const struct user *u)
{
	struct agg_rinfo ri;
	json_t *st;

	agg_request_attrs(req, group, s, n, &ri);
	st = auth_authorize(u, &ri.a);
	audit_authorized(((struct rctx *)req->user)->audit, req, u, &ri.a, version, !st);
	if (st)
		reply_status(req, st);
	return !st;
}

static void reply_text(struct http_req *req, int code, const char *text)
{
	http_reply(req, code, "text/plain; charset=utf-8", text, strlen(text), NULL);
}

static void serve_version(struct http_req *req)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "major", "1",
			      "minor", "33", "gitVersion", "v1.33.0", "gitCommit", "kubec",
			      "gitTreeState", "clean", "buildDate", "2026-11-23T00:00:00Z",
			      "goVersion", "c11", "compiler", "gcc", "platform", "linux/amd64");

	http_reply_json(req, 200, v);
	json_decref(v);
}

static void reply_discovery(struct http_req *req, json_t *doc, const char *ctype)
{
	char *s;

	if (!doc) {
		not_found(req);
		return;
	}
	s = json_dumps(doc, JSON_COMPACT);
	http_reply(req, 200, ctype, s, strlen(s), NULL);
	free(s);
	json_decref(doc);
}

/* /api and /apis: plain or aggregated discovery, by the Accept header. */
static void serve_root_discovery(struct http_req *req, bool legacy)
{
	bool agg = false;
	const char *ver = NULL;
	const char *ctype = disc_negotiate(http_header_get(req, "Accept"), &agg, &ver);

	if (agg) {
		reply_discovery(req, disc_aggregated(legacy, ver), ctype);
		return;
	}
	reply_discovery(req, legacy ? disc_api_versions(g_as->server_addr) : disc_api_groups(),
			"application/json");
}

static void serve_openapi(struct http_req *req, char **s, int n)
{
	if (n == 2 && !strcmp(s[1], "v2")) {
		const char *accept = http_header_get(req, "Accept");
		bool pb = accept && strstr(accept, "protobuf");
		unsigned char *out;
		size_t len;
		const char *ctype;
		if (oapi_v2(pb, &out, &len, &ctype)) {
			not_found(req);
			return;
		}
		http_reply(req, 200, ctype, (const char *)out, len, NULL);
		free(out);
		return;
	}
	if (n == 2 && !strcmp(s[1], "v3")) {
		reply_discovery(req, oapi_v3_index(), "application/json");
		return;
	}
	if (n >= 3 && !strcmp(s[1], "v3")) {
		char gv[256] = "";
		for (int i = 2; i < n; i++) {
			strncat(gv, s[i], sizeof(gv) - strlen(gv) - 2);
			if (i + 1 < n)
				strcat(gv, "/");
		}
		reply_discovery(req, oapi_v3_doc(gv), "application/json");
		return;
	}
	not_found(req);
}

/* Non-resource paths are authorized by path and the HTTP verb. */
static bool allowed_path(struct http_req *req, const struct user *u, const char *path)
{
	char verb[16];
	struct attrs a = {.resource_request = false, .path = path, .verb = verb};
	json_t *st;
	size_t i;

	for (i = 0; req->method[i] && i < sizeof(verb) - 1; i++)
		verb[i] = (char)(req->method[i] | 0x20);
	verb[i] = 0;
	st = auth_authorize(u, &a);
	audit_authorized(((struct rctx *)req->user)->audit, req, u, &a, NULL, !st);
	if (st) {
		reply_status(req, st);
		return false;
	}
	return true;
}

void router_handle(struct http_req *req, void *arg)
{
	char *path = xstrdup(req->path);
	char *s[MAX_SEGS];
	bool more;
	int n = split(path, s, &more);
	struct user u;
	struct rctx *rc = xcalloc(1, sizeof(*rc));
	json_t *st, *doc;
	bool api;

	(void)arg;
	rc->req = req;
	rc->slot = -1;
	rc->audit = audit_begin(req);
	req->user = rc;
	req->on_free = request_done;
	req->free_arg = rc;
	st = auth_authenticate(req, &u);
	if (!st)
		st = auth_impersonate(req, &u);
	log_v(4, "%s %s ct=%s accept=%s", req->method, req->target,
	      http_header_get(req, "Content-Type") ?: "", http_header_get(req, "Accept") ?: "");
	if (st) {
		reply_status(req, st);
		goto out;
	}
	if (n >= 0 && !inflight_admit(req, s, n, &rc->slot))
		goto out;
	/* The requests holding an in-flight slot are those upstream times out: long-running ones
	 * (watches, proxy, exec, logs...) hold none, nor do health checks, answered at once. */
	if (rc->slot >= 0 && !start_deadline(req, rc))
		goto out;
	api = n > 2 && (!strcmp(s[0], "api") || (n > 3 && !strcmp(s[0], "apis")));
	if (!api && !allowed_path(req, &u, req->path))
		goto out;
	if (n < 0 || (more && !api)) {
		page_not_found(req);
	} else if (n == 1 && (!strcmp(s[0], "healthz") || !strcmp(s[0], "livez"))) {
		reply_text(req, 200, "ok");
	} else if (n == 1 && !strcmp(s[0], "readyz")) {
		if (g_as->ready)
			reply_text(req, 200, "ok");
		else
			reply_text(req, 500,
				   "[-]informer-sync failed: not all caches are synced\n"
				   "readyz check failed");
	} else if (n == 1 && !strcmp(s[0], "version")) {
		serve_version(req);
	} else if (n >= 1 && !strcmp(s[0], "openapi")) {
		serve_openapi(req, s, n);
	} else if (n == 1 && !strcmp(s[0], "api")) {
		serve_root_discovery(req, true);
	} else if (n == 1 && !strcmp(s[0], "apis")) {
		serve_root_discovery(req, false);
	} else if (n == 2 && !strcmp(s[0], "api")) {
		reply_discovery(req, disc_resources("", s[1]), "application/json");
	} else if (n >= 3 && !strcmp(s[0], "apis") && agg_claims(s[1], s[2])) {
		serve_aggregated(req, s[1], s[2], s + 3, n - 3, &u);
	} else if (n >= 2 && !strcmp(s[0], "apis") && !builtin_group(s[1])) {
		/* Left: groups extension servers alone serve, by their discovery, and nothing. */
		if (n == 2 && (doc = disc_group(s[1])))
			reply_discovery(req, doc, "application/json");
		else if (n <= 3 || authorized_unknown(req, s[1], s[2], s + 3, n - 3, &u))
			page_not_found(req);
	} else if (n == 2 && !strcmp(s[0], "apis")) {
		reply_discovery(req, disc_group(s[1]), "application/json");
	} else if (n == 3 && !strcmp(s[0], "apis")) {
		reply_discovery(req, disc_resources(s[1], s[2]), "application/json");
	} else if (n > 2 && !strcmp(s[0], "api")) {
		serve_api(req, "", s[1], s + 2, n - 2, &u, path, more);
	} else if (n > 3 && !strcmp(s[0], "apis")) {
		serve_api(req, s[1], s[2], s + 3, n - 3, &u, path, more);
	} else {
		page_not_found(req);
	}
out:
	user_clear(&u);
	free(path);
}
