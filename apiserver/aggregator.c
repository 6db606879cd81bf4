/* The aggregator's picture of the APIServices (followed from the watch cache), the objects it
 * keeps at start (Local APIServices, extension-apiserver-authentication) and what extension
 * servers add to discovery. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator.h"
#include "apiserver.h"
#include "conditions.h"
#include "httpc.h"
#include "jsonx.h"
#include "log.h"
#include "reqheader.h"
#include "status.h"
#include "workqueue.h"

#define APIREG		 "apiregistration.k8s.io"
#define DISC_TIMEOUT_MS	 5000
#define DISC_REFRESH_SEC 60
#define AUTOMANAGED	 "kube-aggregator.kubernetes.io/automanaged"

/* Upstream's priorities of the built-in group-versions (kube-apiserver's table). extensions is
 * gone upstream; this server still serves it, at the priority it last had. */
static const struct local_gv {
	const char *group, *version;
	int gprio, vprio;
} locals[] = {
    {"", "v1", 18000, 1},
    {"extensions", "v1beta1", 17900, 1},
    {"apps", "v1", 17800, 15},
    {"events.k8s.io", "v1", 17750, 15},
    {"authentication.k8s.io", "v1", 17700, 15},
    {"authorization.k8s.io", "v1", 17600, 15},
    {"autoscaling", "v1", 17500, 15},
    {"autoscaling", "v2", 17500, 30},
    {"batch", "v1", 17400, 15},
    {"certificates.k8s.io", "v1", 17300, 15},
    {"networking.k8s.io", "v1", 17200, 15},
    {"policy", "v1", 17100, 15},
    {"rbac.authorization.k8s.io", "v1", 17000, 15},
    {"storage.k8s.io", "v1", 16800, 15},
    {"admissionregistration.k8s.io", "v1", 16700, 15},
    {"apiextensions.k8s.io", "v1", 16700, 15},
    {"scheduling.k8s.io", "v1", 16600, 15},
    {"coordination.k8s.io", "v1", 16500, 15},
    {"node.k8s.io", "v1", 16300, 15},
    {"discovery.k8s.io", "v1", 16200, 15},
    {"flowcontrol.apiserver.k8s.io", "v1", 16100, 21},
};

/* Cache watchers only compare and hand back the pointer they were given. */
struct agg_watch {
	int which;
};

static struct {
	bool started;
	struct hmap svcs; /* name -> struct agg_svc, remote APIServices only */
	struct wq *disc;  /* APIService names whose discovery is to be fetched */
	struct event *refresh;
	struct agg_watch watches[4];
	void (*done)(void *, json_t *);
	void *done_arg;
} G;

static const struct kind *apiservice_kind(void)
{
	return kind_by_resource(APIREG, "v1", "apiservices");
}

/* ---- the remote APIServices ---- */

struct agg_svc *agg_svc_get(const char *name)
{
	return G.started ? hmap_get(&G.svcs, name) : NULL;
}

struct agg_svc **agg_svc_all(void)
{
	struct agg_svc **out = xcalloc(G.svcs.count + 1, sizeof(*out));
	const char *k;
	void *v;
	size_t n = 0;

	for (size_t i = 0; G.started && (i = hmap_next(&G.svcs, i, &k, &v));)
		out[n++] = v;
	return out;
}

bool agg_claims(const char *group, const char *version)
{
	char name[320];

	if (!G.started || !G.svcs.count)
		return false;
	snprintf(name, sizeof(name), "%s.%s", version, group);
	return hmap_get(&G.svcs, name) != NULL;
}

static void svc_free(struct agg_svc *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->group);
	free(s->version);
	free(s->ns);
	free(s->svc);
	agg_client_unref(s->client);
	json_decref(s->disc);
	free(s);
}

/* Where and how requests go: a change of any of it calls for a new check and fetch. */
static bool same_route(const struct agg_svc *a, const struct agg_svc *b)
{
	return a->port == b->port && !strcmp(a->ns, b->ns) && !strcmp(a->svc, b->svc) &&
	       a->client == b->client;
}

static void svc_remove(const char *name)
{
	struct agg_svc *s = hmap_del(&G.svcs, name);

	svc_free(s);
}

/* An APIService as stored: remote ones are (re)entered, local ones forgotten. */
static void svc_observe(const json_t *obj)
{
	const char *name = jx_str(obj, "metadata.name");
	const json_t *ref = jx_get(obj, "spec.service");
	struct agg_svc *s, *old;

	if (!name)
		return;
	avail_enqueue(name);
	if (!json_is_object(ref)) {
		svc_remove(name);
		return;
	}
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(name);
	s->group = xstrdup(jx_str(obj, "spec.group") ?: "");
	s->version = xstrdup(jx_str(obj, "spec.version") ?: "");
	s->ns = xstrdup(jx_str(ref, "namespace") ?: "");
	s->svc = xstrdup(jx_str(ref, "name") ?: "");
	s->port = (int)jx_int(ref, "port", 443);
	s->gprio = (long)jx_int(obj, "spec.groupPriorityMinimum", 0);
	s->vprio = (long)jx_int(obj, "spec.versionPriority", 0);
	s->available = cond_true(obj, "Available");
	s->client = agg_client_get(obj);
	old = hmap_put(&G.svcs, s->name, s);
	if (old && same_route(old, s) && old->available == s->available) {
		s->disc = json_incref(old->disc);
		s->stale = old->stale;
	} else {
		agg_disc_refresh(name);
	}
	svc_free(old);
}

static void load_all(void)
{
	struct filter f = {0};
	struct centry **items;
	size_t rem, n = cache_list(cache_of(apiservice_kind()), &f, NULL, 0, &items, &rem);

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_loadb(items[i]->json, items[i]->len, 0, NULL);
		if (o)
			svc_observe(o);
		json_decref(o);
		centry_unref(items[i]);
	}
	free(items);
}

/* A Service or its endpoints changed: recheck the APIServices in front of it. */
static void service_changed(const char *ns, const char *name)
{
	struct agg_svc **all;

	if (!name || !G.svcs.count)
		return;
	all = agg_svc_all();
	for (struct agg_svc **s = all; *s; s++)
		if (!strcmp((*s)->ns, ns) && !strcmp((*s)->svc, name))
			avail_enqueue((*s)->name);
	free(all);
}

static void on_event(struct watcher *w, const struct cevent *ev)
{
	const struct agg_watch *aw = (const struct agg_watch *)(void *)w;
	const struct centry *e = ev->obj;
	json_t *o;

	switch (aw->which) {
	case 0:
		if (ev->type == EV_DELETED) {
			svc_remove(e->name);
			avail_enqueue(e->name);
			return;
		}
		o = json_loadb(e->json, e->len, 0, NULL);
		if (o)
			svc_observe(o);
		json_decref(o);
		return;
	case 3: /* endpoint slices name their service in a label */
		service_changed(e->ns, centry_label(e, "kubernetes.io/service-name"));
		return;
	default:
		service_changed(e->ns, e->name);
	}
}

static void refresh_tick(evutil_socket_t fd, short what, void *arg)
{
	struct agg_svc **all = agg_svc_all();

	(void)fd;
	(void)what;
	(void)arg;
	for (struct agg_svc **s = all; *s; s++)
		wq_add(G.disc, (*s)->name);
	free(all);
}

static int disc_sync(void *arg, const char *name);

void agg_start(void)
{
	static const struct {
		const char *group, *resource;
	} followed[] = {{APIREG, "apiservices"},
			{"", "services"},
			{"", "endpoints"},
			{"discovery.k8s.io", "endpointslices"}};
	struct timeval every = {DISC_REFRESH_SEC, 0};

	if (G.started)
		return;
	hmap_init(&G.svcs);
	G.disc = wq_new(g_as->base, "discovery-manager", 2, disc_sync, NULL);
	G.started = true;
	avail_start();
	load_all();
	for (int i = 0; i < 4; i++) {
		struct cache *c =
		    cache_of(kind_by_resource(followed[i].group, NULL, followed[i].resource));
		G.watches[i].which = i;
		cache_watch(c, (struct watcher *)(void *)&G.watches[i], cache_rev(c), on_event);
	}
	G.refresh = event_new(g_as->base, -1, EV_PERSIST, refresh_tick, NULL);
	evtimer_add(G.refresh, &every);
}

/* ---- discovery fetched from extension servers ---- */

void agg_disc_refresh(const char *name)
{
	if (G.disc)
		wq_add(G.disc, name);
}

/* A resource's verbs (a new reference; [] when it has none). */
static json_t *verbs_of(const json_t *r)
{
	json_t *v = json_object_get(r, "verbs");

	return json_is_array(v) ? json_incref(v) : json_array();
}

/* The resource entry named by the first len bytes of name, created when missing. */
static json_t *parent_of(json_t *res, const char *name, size_t len, bool namespaced)
{
	json_t *p;
	char *pn;
	size_t i;

	json_array_foreach(res, i, p)
	{
		const char *have = jx_str(p, "resource");
		if (have && strlen(have) == len && !strncmp(have, name, len))
			return p;
	}
	pn = xstrndup(name, len);
	p = json_pack("{s:s, s:{}, s:s}", "resource", pn, "responseKind", "scope",
		      namespaced ? "Namespaced" : "Cluster");
	json_array_append_new(res, p);
	free(pn);
	return p;
}

static json_t *gvk_of(const json_t *r)
{
	return json_pack("{s:s, s:s, s:s}", "group", jx_str(r, "group") ?: "", "version",
			 jx_str(r, "version") ?: "", "kind", jx_str(r, "kind") ?: "");
}

/* Upstream's ConvertGroupVersionIntoToDiscovery: an APIResourceList's resources, with their
 * subresources folded into the parents. */
static json_t *to_discovery(const char *version, const json_t *list)
{
	json_t *res = json_array(), *r, *d, *parent, *subs;
	size_t i;

	json_array_foreach(json_object_get(list, "resources"), i, r)
	{
		const char *name = jx_str(r, "name") ?: "";
		if (strchr(name, '/'))
			continue;
		d = json_pack(
		    "{s:s, s:o, s:s, s:s, s:o}", "resource", name, "responseKind", gvk_of(r),
		    "scope", jx_bool(r, "namespaced", false) ? "Namespaced" : "Cluster",
		    "singularResource", jx_str(r, "singularName") ?: "", "verbs", verbs_of(r));
		if (json_array_size(json_object_get(r, "shortNames")))
			json_object_set(d, "shortNames", json_object_get(r, "shortNames"));
		if (json_array_size(json_object_get(r, "categories")))
			json_object_set(d, "categories", json_object_get(r, "categories"));
		json_array_append_new(res, d);
	}
	json_array_foreach(json_object_get(list, "resources"), i, r)
	{
		const char *name = jx_str(r, "name") ?: "", *slash = strchr(name, '/');
		if (!slash)
			continue;
		parent =
		    parent_of(res, name, (size_t)(slash - name), jx_bool(r, "namespaced", false));
		d = json_pack("{s:s, s:o, s:o}", "subresource", slash + 1, "responseKind",
			      jx_str(r, "kind") && *jx_str(r, "kind") ? gvk_of(r) : json_object(),
			      "verbs", verbs_of(r));
		if (!json_is_array(subs = json_object_get(parent, "subresources")))
			json_object_set_new(parent, "subresources", subs = json_array());
		json_array_append_new(subs, d);
	}
	return json_pack("{s:s, s:o, s:s}", "version", version, "resources", res, "freshness",
			 "Current");
}

struct fetch {
	char *name, *url;
	struct httpc_req *hr;
};

static void fetch_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct fetch *f = arg;
	struct agg_svc *s = agg_svc_get(f->name);
	json_t *list = code == 200 ? json_loadb(body, len, 0, NULL) : NULL;
	bool ok = list && !strcmp(jx_str(list, "kind") ?: "", "APIResourceList");

	if (s) {
		json_decref(s->disc);
		s->disc = ok ? to_discovery(s->version, list) : NULL;
		s->stale = !ok;
	}
	if (!ok)
		log_info("DiscoveryManager: Failed to download discovery for %s: %d %s", f->url,
			 code, err ? err : "");
	if (ok)
		wq_forget(G.disc, f->name);
	else
		wq_add_rate_limited(G.disc, f->name);
	wq_done(G.disc, f->name);
	json_decref(list);
	free(f->name);
	free(f->url);
	free(f);
}

/* What the proxy would do with GET /apis/GROUP/VERSION as system:kube-aggregator. */
static int disc_sync(void *arg, const char *name)
{
	struct agg_svc *s = agg_svc_get(name);
	struct agg_target t;
	struct user u = {.name = (char *)"system:kube-aggregator"};
	struct httpc_opts o = {0};
	char **hdrs = NULL, *why = NULL, *host, *ct;
	size_t n = 0;
	struct fetch *f;

	(void)arg;
	if (!s)
		return WQ_OK;
	if (!s->available || agg_resolve(s->ns, s->svc, s->port, &t, &why)) {
		free(why);
		json_decref(s->disc);
		s->disc = NULL;
		s->stale = true;
		return WQ_RETRY;
	}
	f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(name);
	host = xasprintf("%s.%s.svc:%d", s->svc, s->ns, s->port);
	f->url = xasprintf("https://%s/apis/%s/%s", host, s->group, s->version);
	o.connect_to = ct =
	    xasprintf(strchr(t.host, ':') ? "%s:[%s]:%d" : "%s:%s:%d", host, t.host, t.port);
	agg_user_headers(&u, &hdrs, &n);
	hdrs = xrealloc(hdrs, (n + 2) * sizeof(char *));
	hdrs[n++] = xstrdup("Accept: application/json");
	hdrs[n] = NULL;
	f->hr = httpc_request_opts(agg_client_httpc(s->client), "GET", f->url,
				   (const char *const *)hdrs, NULL, 0, DISC_TIMEOUT_MS, &o,
				   fetch_done, NULL, f);
	for (size_t i = 0; i < n; i++)
		free(hdrs[i]);
	free(hdrs);
	free(ct);
	free(host);
	return WQ_PENDING;
}

/* ---- discovery documents ---- */

static int local_gprio(const char *group)
{
	if (!strcmp(group, APIREG))
		return 20001; /* the aggregator's own group always comes first */
	for (size_t i = 0; i < sizeof(locals) / sizeof(locals[0]); i++)
		if (!strcmp(locals[i].group, group))
			return locals[i].gprio;
	return 0;
}

/* A group's priority: the highest groupPriorityMinimum of its APIServices. */
static long remote_gprio(struct agg_svc **all, const char *group)
{
	long p = 0;

	for (struct agg_svc **s = all; *s; s++)
		if (!strcmp((*s)->group, group) && (*s)->gprio > p)
			p = (*s)->gprio;
	return p;
}

static bool has_name(const json_t *names, const char *g)
{
	return jx_has_str(names, g);
}

void agg_merge_group_names(json_t *names)
{
	struct agg_svc **all = agg_svc_all();
	json_t *extra = json_array();
	size_t i, at;
	json_t *v;

	for (struct agg_svc **s = all; *s; s++)
		if (*(*s)->group && !has_name(names, (*s)->group) && !has_name(extra, (*s)->group))
			json_array_append_new(extra, json_string((*s)->group));
	json_array_foreach(extra, i, v)
	{
		const char *g = json_string_value(v);
		long p = remote_gprio(all, g);
		for (at = 0; at < json_array_size(names); at++) {
			const char *have = json_string_value(json_array_get(names, at));
			long hp = local_gprio(have);
			if (!hp)
				hp = remote_gprio(all, have);
			if (hp < p || (hp == p && strcmp(have, g) > 0))
				break;
		}
		json_array_insert(names, at, v);
	}
	json_decref(extra);
	free(all);
}

/* Upstream's CompareKubeAwareVersionStrings: GA before beta before alpha, then by major and
 * minor numbers, and versions not of that form last, alphabetically. <0 when a goes first. */
static int version_rank(const char *v, long *major, long *minor)
{
	char *end;

	if (v[0] != 'v' || !isdigit((unsigned char)v[1]))
		return 3;
	*major = strtol(v + 1, &end, 10);
	*minor = 0;
	if (!*end)
		return 0;
	if (!strncmp(end, "beta", 4) && isdigit((unsigned char)end[4])) {
		*minor = strtol(end + 4, &end, 10);
		return *end ? 3 : 1;
	}
	if (!strncmp(end, "alpha", 5) && isdigit((unsigned char)end[5])) {
		*minor = strtol(end + 5, &end, 10);
		return *end ? 3 : 2;
	}
	return 3;
}

static int version_cmp(const char *a, const char *b)
{
	long am = 0, an = 0, bm = 0, bn = 0;
	int ra = version_rank(a, &am, &an), rb = version_rank(b, &bm, &bn);

	if (ra != rb)
		return ra - rb;
	if (ra == 3)
		return strcmp(a, b);
	if (am != bm)
		return am > bm ? -1 : 1;
	return an == bn ? 0 : an > bn ? -1 : 1;
}

static int by_priority(const void *pa, const void *pb)
{
	const struct agg_svc *a = *(struct agg_svc *const *)pa, *b = *(struct agg_svc *const *)pb;

	if (a->vprio != b->vprio)
		return a->vprio > b->vprio ? -1 : 1;
	return version_cmp(a->version, b->version);
}

/* The remote APIServices of group, in version order; NULL-terminated, malloc'd. */
static struct agg_svc **group_svcs(const char *group, size_t *n)
{
	struct agg_svc **all = agg_svc_all();
	size_t k = 0;

	for (struct agg_svc **s = all; *s; s++)
		if (!strcmp((*s)->group, group))
			all[k++] = *s;
	all[k] = NULL;
	qsort(all, k, sizeof(*all), by_priority);
	*n = k;
	return all;
}

json_t *agg_group_versions(const char *group)
{
	size_t n;
	struct agg_svc **svcs = group_svcs(group, &n);
	json_t *out = n ? json_array() : NULL;

	for (size_t i = 0; i < n; i++) {
		char *gv = xasprintf("%s/%s", group, svcs[i]->version);
		json_array_append_new(
		    out, json_pack("{s:s, s:s}", "groupVersion", gv, "version", svcs[i]->version));
		free(gv);
	}
	free(svcs);
	return out;
}

json_t *agg_discovery_versions(const char *group)
{
	size_t n;
	struct agg_svc **svcs = group_svcs(group, &n);
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++) {
		if (svcs[i]->disc)
			json_array_append(out, svcs[i]->disc);
		else if (svcs[i]->stale)
			json_array_append_new(out,
					      json_pack("{s:s, s:s}", "version", svcs[i]->version,
							"freshness", "Stale"));
	}
	free(svcs);
	if (!json_array_size(out)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* ---- what the aggregator keeps at start ---- */

/* The stored object with want's top-level fields (and labels) laid over it; NULL when that
 * changes nothing. */
static json_t *overlay(const json_t *cur, const json_t *want)
{
	json_t *next = json_deep_copy(cur), *labels = jx_get(want, "metadata.labels"), *v;
	const char *k;

	json_object_foreach((json_t *)want, k, v) if (strcmp(k, "metadata"))
	    json_object_set(next, k, v);
	json_object_foreach(labels, k, v) json_object_set(jx_obj(next, "metadata.labels"), k, v);
	if (!json_equal(next, cur))
		return next;
	json_decref(next);
	return NULL;
}

/* Is group/version served here, by some kind of the table? */
static bool served(const char *group, const char *version)
{
	for (int i = 0; i < nkinds; i++)
		if (!strcmp(kinds[i].group, group) && !strcmp(kinds[i].version, version))
			return true;
	return false;
}

static json_t *local_apiservice(const struct local_gv *l)
{
	char *name = xasprintf("%s.%s", l->version, l->group);
	json_t *spec =
	    json_pack("{s:i, s:i}", "groupPriorityMinimum", l->gprio, "versionPriority", l->vprio);
	json_t *o;

	/* Empty group and version are left out, as upstream's omitempty. */
	if (*l->group)
		json_object_set_new(spec, "group", json_string(l->group));
	json_object_set_new(spec, "version", json_string(l->version));
	o = json_pack("{s:s, s:s, s:{s:s, s:{s:s}}, s:o}", "apiVersion", APIREG "/v1", "kind",
		      "APIService", "metadata", "name", name, "labels", AUTOMANAGED, "onstart",
		      "spec", spec);
	free(name);
	return o;
}

static void ensure_auth_configmap(struct ens *b)
{
	const struct kind *k = kind_by_resource("", "v1", "configmaps");
	struct centry *e =
	    cache_get(cache_of(k), "kube-system", "extension-apiserver-authentication");
	json_t *cur = e ? json_loadb(e->json, e->len, 0, NULL) : NULL;
	json_t *data = rh_configmap_data(json_object_get(cur, "data"));

	json_decref(cur);
	ens_object(b, k,
		   json_pack("{s:s, s:s, s:{s:s, s:s}, s:o}", "apiVersion", "v1", "kind",
			     "ConfigMap", "metadata", "name", "extension-apiserver-authentication",
			     "namespace", "kube-system", "data", data),
		   overlay);
}

static void bootstrapped(void *arg)
{
	(void)arg;
	G.done(G.done_arg, NULL);
}

void agg_bootstrap(void (*done)(void *arg, json_t *st), void *arg)
{
	struct ens *b = ens_begin("aggregator", bootstrapped, NULL);

	G.done = done;
	G.done_arg = arg;
	for (size_t i = 0; i < sizeof(locals) / sizeof(locals[0]); i++)
		if (served(locals[i].group, locals[i].version))
			ens_object(b, apiservice_kind(), local_apiservice(&locals[i]), overlay);
	ensure_auth_configmap(b);
	ens_end(b);
}
