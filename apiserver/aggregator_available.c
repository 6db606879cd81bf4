/* The availability controller (upstream's local and remote AvailableConditionControllers):
 * each APIService's status condition Available, kept through the registry. A local one is
 * always available; a remote one needs its Service, a ready endpoint on the Service's port
 * and an answer to GET /apis/GROUP/VERSION from it. Checks run on APIService, Service and
 * endpoint changes, every 30 seconds, and after a failed proxy dial; failures are retried with
 * a back-off from 5 ms to 30 s, as upstream's queue. */
#include <stdlib.h>
#include <string.h>

#include "aggregator.h"
#include "apiserver.h"
#include "conditions.h"
#include "httpc.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"
#include "workqueue.h"

#define ATTEMPTS      5
#define CHECK_TIMEOUT 5000 /* ms */
#define RESYNC_SEC    30

static struct {
	struct wq *q;
	struct event *resync;
} A;

static const struct kind *apiservice_kind(void)
{
	return kind_by_resource("apiregistration.k8s.io", "v1", "apiservices");
}

void avail_enqueue(const char *name)
{
	if (A.q && name)
		wq_add(A.q, name);
}

/* ---- writing the condition ---- */

struct cond {
	char *status, *reason, *message;
};

static void cond_free(void *arg)
{
	struct cond *c = arg;

	free(c->status);
	free(c->reason);
	free(c->message);
	free(c);
}

static json_t *status_mutate(struct rinfo *ri, const json_t *cur, void *ctx, json_t **st)
{
	struct cond *c = ctx;
	json_t *next = json_deep_copy(cur), *out;
	const char *was = jx_str(cond_get(cur, "Available"), "status");

	/* Only a change is written: the checks run often. */
	if (!cond_set(next, "Available", c->status, c->reason, c->message, NULL))
		return next;
	if (strcmp(was ? was : "Unknown", c->status))
		log_v(2,
		      "changing APIService availability name=%s oldStatus=%s newStatus=%s "
		      "message=\"%s\" reason=%s",
		      ri->name, was ? was : "Unknown", c->status, c->message, c->reason);
	out = reg_prepare_update(ri, next, cur, st);
	json_decref(next);
	return out;
}

/* Set the condition unless it already says so. */
static void set_available(const json_t *obj, const char *status, const char *reason,
			  const char *message)
{
	const json_t *have = cond_get(obj, "Available");
	struct cond *c;
	struct rinfo *ri;

	if (have && !strcmp(jx_str(have, "status") ?: "", status) &&
	    !strcmp(jx_str(have, "reason") ?: "", reason) &&
	    !strcmp(jx_str(have, "message") ?: "", message))
		return;
	c = xcalloc(1, sizeof(*c));
	c->status = xstrdup(status);
	c->reason = xstrdup(reason);
	c->message = xstrdup(message);
	ri = xcalloc(1, sizeof(*ri));
	ri->k = apiservice_kind();
	ri->verb = "update";
	ri->name = xstrdup(jx_str(obj, "metadata.name"));
	ri->sub = xstrdup("status");
	ri->field_manager = xstrdup("kube-apiserver");
	reg_mutate(NULL, ri, status_mutate, c, cond_free, NULL, 200);
}

static void set_false(const json_t *obj, const char *reason, char *message)
{
	set_available(obj, "False", reason, message);
	free(message);
}

/* ---- the checks before any request ---- */

/* Ready endpoints of ns/svc on the port named port_name: 1, 0 when none is ready, -1 when
 * the Service has no endpoints at all (slices, or the Endpoints that stand in for them). */
static int endpoints_state(const char *ns, const char *svc, const char *port_name)
{
	struct filter f = {.ns = ns};
	struct centry **items;
	const struct kind *sk = kind_by_resource("discovery.k8s.io", NULL, "endpointslices");
	size_t rem, n = cache_list(cache_of(sk), &f, NULL, 0, &items, &rem), i, j, k;
	int state = -1;
	json_t *o, *p, *ep, *ss;

	for (i = 0; i < n; i++) {
		const char *owner = centry_label(items[i], "kubernetes.io/service-name");
		if (owner && !strcmp(owner, svc) &&
		    (o = json_loadb(items[i]->json, items[i]->len, 0, NULL))) {
			bool ready = false, port = false;
			state = state < 0 ? 0 : state;
			json_array_foreach(json_object_get(o, "endpoints"), j, ep) ready =
			    ready || jx_bool(ep, "conditions.ready", true);
			json_array_foreach(json_object_get(o, "ports"), j, p) port =
			    port || (json_is_string(json_object_get(p, "name")) &&
				     !strcmp(jx_str(p, "name"), port_name) && jx_get(p, "port"));
			if (ready && port)
				state = 1;
			json_decref(o);
		}
		centry_unref(items[i]);
	}
	free(items);
	if (state >= 0)
		return state;
	o = NULL;
	if (cache_get(cache_of(kind_by_resource("", "v1", "endpoints")), ns, svc)) {
		struct centry *e =
		    cache_get(cache_of(kind_by_resource("", "v1", "endpoints")), ns, svc);
		o = json_loadb(e->json, e->len, 0, NULL);
	}
	if (!o)
		return -1;
	state = 0;
	json_array_foreach(json_object_get(o, "subsets"), i,
			   ss) if (json_array_size(json_object_get(ss, "addresses")))
	    json_array_foreach(json_object_get(ss, "ports"), k,
			       p) if (!strcmp(jx_str(p, "name") ?: "", port_name)) state = 1;
	json_decref(o);
	return state;
}

/* Upstream's checks of the Service: false when one failed (and was recorded). */
static bool service_ok(const json_t *obj)
{
	const char *ns = jx_str(obj, "spec.service.namespace") ?: "";
	const char *name = jx_str(obj, "spec.service.name") ?: "";
	int port = (int)jx_int(obj, "spec.service.port", 443), state;
	struct centry *e = cache_get(cache_of(kind_by_resource("", "v1", "services")), ns, name);
	json_t *svc = e ? json_loadb(e->json, e->len, 0, NULL) : NULL, *p;
	const char *port_name = NULL;
	size_t i;
	bool ok = false;

	if (!svc) {
		set_false(obj, "ServiceNotFound",
			  xasprintf("service/%s in \"%s\" is not present", name, ns));
		return false;
	}
	if (strcmp(jx_str(svc, "spec.type") ?: "ClusterIP", "ClusterIP")) {
		ok = true;
		goto out;
	}
	json_array_foreach(jx_get(svc, "spec.ports"), i, p) if (jx_int(p, "port", 0) == port)
	{
		port_name = jx_str(p, "name") ?: "";
		break;
	}
	if (!port_name) {
		set_false(
		    obj, "ServicePortError",
		    xasprintf("service/%s in \"%s\" is not listening on port %d", name, ns, port));
		goto out;
	}
	state = endpoints_state(ns, name, port_name);
	if (state < 0)
		set_false(
		    obj, "EndpointsNotFound",
		    xasprintf("cannot find endpointslices for service/%s in \"%s\"", name, ns));
	else if (!state)
		set_false(
		    obj, "MissingEndpoints",
		    xasprintf("endpointslices for service/%s in \"%s\" have no addresses with "
			      "port name \"%s\"",
			      name, ns, port_name));
	ok = state > 0;
out:
	json_decref(svc);
	return ok;
}

/* ---- the discovery check: a few GETs at once, one success is enough ---- */

struct check {
	char *name;
	json_t *obj;
	int pending;
	bool passed;
	char *last_error;
	struct agg_client *client;
	struct agg_target first; /* the endpoint sync found */
};

struct attempt {
	struct check *c;
	char *url, *host_port;
	struct httpc_req *hr;
};

static void check_finish(struct check *c)
{
	if (c->passed) {
		set_available(c->obj, "True", "Passed", "all checks passed");
		wq_forget(A.q, c->name);
	} else {
		set_available(c->obj, "False", "FailedDiscoveryCheck", c->last_error);
		wq_add_rate_limited(A.q, c->name);
	}
	wq_done(A.q, c->name);
	agg_client_unref(c->client);
	json_decref(c->obj);
	free(c->last_error);
	free(c->name);
	free(c);
}

static void attempt_failed(struct check *c, char *why)
{
	free(c->last_error);
	c->last_error = why;
}

static void attempt_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct attempt *a = arg;
	struct check *c = a->c;
	char *why;

	(void)body;
	(void)len;
	if (!err && code >= 200 && code < 300) {
		c->passed = true;
	} else if (!err) {
		attempt_failed(c, xasprintf("failing or missing response from %s: bad status from "
					    "%s: %d",
					    a->url, a->url, code));
	} else {
		why = agg_transfer_error(a->host_port, err, httpc_os_errno(a->hr), true);
		attempt_failed(c, xasprintf("failing or missing response from %s: Get \"%s\": %s",
					    a->url, a->url, why));
		free(why);
	}
	free(a->url);
	free(a->host_port);
	free(a);
	if (!--c->pending)
		check_finish(c);
}

static void attempt_start(struct check *c)
{
	const json_t *o = c->obj;
	struct agg_target t;
	struct user u = {.name = (char *)"system:kube-aggregator"};
	char *grp = (char *)"system:masters", **hdrs = NULL, *why = NULL;
	size_t n = 0;
	struct attempt *a;

	/* Each attempt picks its own endpoint, as upstream's. */
	if (agg_resolve(jx_str(o, "spec.service.namespace") ?: "",
			jx_str(o, "spec.service.name") ?: "",
			(int)jx_int(o, "spec.service.port", 443), &t, &why)) {
		free(why);
		t = c->first;
	}
	a = xcalloc(1, sizeof(*a));
	a->c = c;
	a->host_port = xasprintf(strchr(t.host, ':') ? "[%s]:%d" : "%s:%d", t.host, t.port);
	/* The legacy group's health is its /api/VERSION. */
	if (!strcmp(c->name, "v1."))
		a->url = xasprintf("https://%s/api/%s", a->host_port, jx_str(o, "spec.version"));
	else
		a->url = xasprintf("https://%s/apis/%s/%s", a->host_port,
				   jx_str(o, "spec.group") ?: "", jx_str(o, "spec.version") ?: "");
	u.groups = &grp;
	u.ngroups = 1;
	agg_user_headers(&u, &hdrs, &n);
	a->hr = httpc_request(agg_client_httpc(c->client), "GET", a->url, (const char *const *)hdrs,
			      NULL, 0, CHECK_TIMEOUT, attempt_done, NULL, a);
	for (size_t i = 0; i < n; i++)
		free(hdrs[i]);
	free(hdrs);
}

static int sync(void *arg, const char *name)
{
	struct centry *e = cache_get(cache_of(apiservice_kind()), NULL, name);
	json_t *obj = e ? json_loadb(e->json, e->len, 0, NULL) : NULL;
	struct check *c;
	struct agg_target t;
	char *why = NULL;

	(void)arg;
	if (!obj)
		return WQ_OK;
	if (!json_is_object(jx_get(obj, "spec.service"))) {
		set_available(obj, "True", "Local", "Local APIServices are always available");
		json_decref(obj);
		return WQ_OK;
	}
	if (!service_ok(obj)) {
		json_decref(obj);
		return WQ_OK;
	}
	if (agg_resolve(jx_str(obj, "spec.service.namespace") ?: "",
			jx_str(obj, "spec.service.name") ?: "",
			(int)jx_int(obj, "spec.service.port", 443), &t, &why)) {
		set_false(obj, "FailedDiscoveryCheck", why);
		json_decref(obj);
		return WQ_RETRY;
	}
	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->obj = obj;
	/* Availability checks trust any certificate: whoever owns the network can only lie
	 * about a status (upstream's reasoning). */
	c->client = agg_client_insecure();
	c->first = t;
	c->pending = ATTEMPTS;
	for (int i = 0; i < ATTEMPTS; i++)
		attempt_start(c);
	return WQ_PENDING;
}

static void resync(evutil_socket_t fd, short what, void *arg)
{
	struct filter f = {0};
	struct centry **items;
	size_t rem, n = cache_list(cache_of(apiservice_kind()), &f, NULL, 0, &items, &rem);

	(void)fd;
	(void)what;
	(void)arg;
	for (size_t i = 0; i < n; i++) {
		wq_add(A.q, items[i]->name);
		centry_unref(items[i]);
	}
	free(items);
}

void avail_start(void)
{
	struct timeval every = {RESYNC_SEC, 0};

	A.q = wq_new(g_as->base, "RemoteAvailabilityController", 5, sync, NULL);
	wq_set_limits(A.q, 5, RESYNC_SEC * 1000, 1e9, 1 << 30);
	A.resync = event_new(g_as->base, -1, EV_PERSIST, resync, NULL);
	evtimer_add(A.resync, &every);
}
