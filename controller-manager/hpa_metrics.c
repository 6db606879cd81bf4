/*
 * hpa_metrics: the horizontal pod autoscaler's reads of the metrics APIs, through the API
 * server as upstream's metrics clients do: metrics.k8s.io pod metrics for Resource and
 * ContainerResource metrics, custom.metrics.k8s.io (its version found in discovery) for Pods
 * and Object metrics, external.metrics.k8s.io for External ones; and kinds mapped to
 * resources for scale targets and described objects. Errors keep the clients' wording.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "hpa.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "quantity.h"
#include "selector.h"

#define RESOURCE_MA "/apis/metrics.k8s.io/v1beta1"
#define CUSTOM_MA   "custom.metrics.k8s.io"
#define EXTERNAL_MA "/apis/external.metrics.k8s.io/v1beta1"

/* ---- shared helpers ---- */

bool hpa_milli(const json_t *v, int64_t *out)
{
	struct qty q;

	if (!v || json_is_null(v) || !qty_from_json(v, &q))
		return false;
	*out = qty_milli(&q);
	return true;
}

/* client-go's NewGenericServerResponse sentences by status code. */
static const char *generic_error(int code)
{
	switch (code) {
	case 400:
		return "the server rejected our request for an unknown reason";
	case 401:
		return "the server has asked for the client to provide credentials";
	case 403:
		return "the server does not allow access to the requested resource";
	case 404:
		return "the server could not find the requested resource";
	case 405:
		return "the server does not allow this method on the requested resource";
	case 409:
		return "the server reported a conflict";
	case 422:
		return "the server rejected our request due to an error in our request";
	case 429:
		return "the server has received too many requests and has asked us to try again "
		       "later";
	case 503:
		return "the server is currently unable to handle the request";
	case 504:
		return "the server was unable to return a response in the time allotted, but may "
		       "still be processing the request";
	default:
		return NULL;
	}
}

char *hpa_api_error(int code, const json_t *body, const char *err, const char *what)
{
	const char *msg = jx_str(body, "message"), *g;

	if (!code)
		return xstrdup(err && *err ? err : "the request failed");
	if (!strcmp(jx_str(body, "kind") ?: "", "Status") &&
	    !strcmp(jx_str(body, "status") ?: "", "Failure") && msg)
		return xstrdup(msg);
	if ((g = generic_error(code)))
		return xasprintf("%s (%s)", g, what);
	if (code >= 500)
		return xasprintf("an error on the server (\"unknown\") has prevented the request "
				 "from succeeding (%s)",
				 what);
	return xasprintf("the server responded with the status code %d but did not return more "
			 "information (%s)",
			 code, what);
}

int hpa_metric_selector(const json_t *ls, char **out, char *err, size_t errlen)
{
	struct lsel *s = NULL;
	char *e = NULL;

	*out = NULL;
	if (lsel_from_json(ls && !json_is_null(ls) ? ls : NULL, &s, &e)) {
		snprintf(err, errlen, "%s", e ? e : "invalid selector");
		free(e);
		return -1;
	}
	*out = lsel_string(s);
	lsel_free(s);
	return 0;
}

static void fail_fetch(struct metric *m, char *err)
{
	m->err = err;
	hpa_fetched(m->r);
}

static bool ok(int code)
{
	return code >= 200 && code <= 299;
}

static int64_t sample_time(const json_t *item)
{
	struct timespec ts;

	if (kt_parse(jx_str(item, "timestamp") ?: "", &ts))
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- metrics.k8s.io ---- */

/* A PodMetrics' usage of one resource: the pod's sum, or one container's. A pod lacking it
 * gets no sample, so it counts as missing. */
static void pod_usage(struct metric *m, const json_t *item, const char *res, const char *container)
{
	const json_t *cs = json_object_get(item, "containers"), *c;
	long window = kt_parse_duration_ms(jx_str(item, "window") ?: "");
	int64_t sum = 0, v;
	size_t i;

	if (!container && !json_array_size(cs))
		return;
	json_array_foreach(cs, i, c)
	{
		if (container && strcmp(jx_str(c, "name") ?: "", container))
			continue;
		if (!hpa_milli(json_object_get(json_object_get(c, "usage"), res), &v))
			return;
		sum += v;
		if (container)
			break;
	}
	hpa_samples_add(&m->samples, jx_str(item, "metadata.name") ?: "", sum, sample_time(item),
			window > 0 ? window : 0);
}

static bool has_container(const json_t *item, const char *container)
{
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(item, "containers"), i, c)
	{
		if (!strcmp(jx_str(c, "name") ?: "", container))
			return true;
	}
	return false;
}

static void resource_metrics(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct metric *m = arg;
	bool container = !strcmp(jx_str(m->spec, "type") ?: "", "ContainerResource");
	const json_t *src = json_object_get(m->spec, container ? "containerResource" : "resource");
	const char *res = jx_str(src, "name") ?: "", *cname = jx_str(src, "container") ?: "";
	const json_t *items = json_object_get(body, "items"), *item;
	size_t k;
	char *e;

	if (!ok(code)) {
		e = hpa_api_error(code, body, err, "get pods.metrics.k8s.io");
		fail_fetch(m,
			   xasprintf("unable to fetch metrics from resource metrics API: %s", e));
		free(e);
		return;
	}
	if (!json_array_size(items)) {
		fail_fetch(m, xstrdup("no metrics returned from resource metrics API"));
		return;
	}
	json_array_foreach(items, k, item)
	{
		if (container && !has_container(item, cname)) {
			hpa_samples_free(&m->samples);
			fail_fetch(m, xasprintf("failed to get container metrics: container %s not "
						"present in metrics for pod %s/%s",
						cname, jx_str(item, "metadata.namespace") ?: r->ns,
						jx_str(item, "metadata.name") ?: ""));
			return;
		}
		pod_usage(m, item, res, container ? cname : NULL);
	}
	hpa_fetched(r);
}

static void fetch_resource(struct metric *m)
{
	char *sel = kc_escape(m->r->selector);
	char *path =
	    xasprintf("%s/namespaces/%s/pods?labelSelector=%s", RESOURCE_MA, m->r->ns, sel);

	hpa_request(m->r, "GET", path, NULL, resource_metrics, m);
	free(path);
	free(sel);
}

/* ---- kinds to resources ---- */

/* The kinds the API server serves with a scale subresource. */
static const struct hpa_kind scalable[] = {
    {"", "ReplicationController", "v1", "replicationcontrollers"},
    {"apps", "Deployment", "v1", "deployments"},
    {"apps", "ReplicaSet", "v1", "replicasets"},
    {"apps", "StatefulSet", "v1", "statefulsets"},
    {"extensions", "Deployment", "v1beta1", "deployments"},
    {"extensions", "ReplicaSet", "v1beta1", "replicasets"},
};

struct lookup {
	char *group, *kind, *version;
	hpa_kind_fn done;
	void *arg;
};

static void lookup_end(struct run *r, struct lookup *l, const char *resource)
{
	struct hpa_kind k = {l->group, l->kind, l->version, resource};
	char *err = NULL;

	if (!resource)
		err = xasprintf("no matches for kind \"%s\" in group \"%s\"", l->kind, l->group);
	l->done(r, l->arg, resource ? &k : NULL, err);
	free(err);
	free(l->group);
	free(l->kind);
	free(l->version);
	free(l);
}

static void lookup_list(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct lookup *l = arg;
	const json_t *res;
	size_t k;

	(void)err;
	if (ok(code))
		json_array_foreach(json_object_get(body, "resources"), k, res)
		{
			const char *name = jx_str(res, "name") ?: "";

			if (!strchr(name, '/') && !strcmp(jx_str(res, "kind") ?: "", l->kind)) {
				lookup_end(r, l, name);
				return;
			}
		}
	lookup_end(r, l, NULL);
}

static void lookup_group(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct lookup *l = arg;
	const char *v = jx_str(body, "preferredVersion.version");
	char *path;

	(void)err;
	if (!ok(code) || !v) {
		lookup_end(r, l, NULL);
		return;
	}
	l->version = xstrdup(v);
	path = xasprintf("/apis/%s/%s", l->group, v);
	hpa_request(r, "GET", path, NULL, lookup_list, l);
	free(path);
}

void hpa_lookup_kind(struct run *r, const char *group, const char *kind, hpa_kind_fn done,
		     void *arg)
{
	struct lookup *l;
	char *path;

	for (size_t i = 0; i < sizeof(scalable) / sizeof(scalable[0]); i++)
		if (!strcmp(scalable[i].group, group) && !strcmp(scalable[i].kind, kind)) {
			done(r, arg, &scalable[i], NULL);
			return;
		}
	l = xcalloc(1, sizeof(*l));
	*l = (struct lookup){xstrdup(group), xstrdup(kind), NULL, done, arg};
	if (!*group) {
		l->version = xstrdup("v1");
		hpa_request(r, "GET", "/api/v1", NULL, lookup_list, l);
		return;
	}
	path = xasprintf("/apis/%s", group);
	hpa_request(r, "GET", path, NULL, lookup_group, l);
	free(path);
}

/* ---- custom.metrics.k8s.io ---- */

/* The version the custom metrics client would use: NULL when the group is not served, ""
 * when none of its versions is one the client knows. */
static const char *custom_version(const json_t *groups)
{
	const json_t *g, *v;
	size_t i, j;

	json_array_foreach(json_object_get(groups, "groups"), i, g)
	{
		const char *pref = jx_str(g, "preferredVersion.version") ?: "";

		if (strcmp(jx_str(g, "name") ?: "", CUSTOM_MA))
			continue;
		if (!strcmp(pref, "v1beta2") || !strcmp(pref, "v1beta1"))
			return pref;
		json_array_foreach(json_object_get(g, "versions"), j, v)
		{
			const char *ver = jx_str(v, "version") ?: "";

			if (!strcmp(ver, "v1beta2") || !strcmp(ver, "v1beta1"))
				return ver;
		}
		return "";
	}
	return NULL;
}

static bool is_pods(const struct metric *m)
{
	return !strcmp(jx_str(m->spec, "type") ?: "", "Pods");
}

/* The path of a Pods metric, or of an Object metric whose kind maps to qres ("services",
 * "deployments.apps"; NULL for a Namespace). */
static char *custom_path(struct metric *m, const char *qres)
{
	const json_t *src = json_object_get(m->spec, is_pods(m) ? "pods" : "object");
	const char *name = jx_str(src, "metric.name") ?: "", *ns = m->r->ns;
	char *msel = NULL, *q, *path, *esc = NULL, *pesc, err[HPA_ERRLEN];

	if (!hpa_metric_selector(jx_get(src, "metric.selector"), &msel, err, sizeof(err)) && *msel)
		esc = kc_escape(msel);
	if (is_pods(m)) {
		pesc = kc_escape(m->r->selector);
		q = xasprintf("?labelSelector=%s%s%s", pesc, esc ? "&metricLabelSelector=" : "",
			      esc ? esc : "");
		free(pesc);
		path = xasprintf("/apis/%s/%s/namespaces/%s/pods/*/%s%s", CUSTOM_MA, m->version, ns,
				 name, q);
	} else {
		q = xasprintf("%s%s", esc ? "?metricLabelSelector=" : "", esc ? esc : "");
		path =
		    qres ? xasprintf("/apis/%s/%s/namespaces/%s/%s/%s/%s%s", CUSTOM_MA, m->version,
				     ns, qres, jx_str(src, "describedObject.name") ?: "", name, q)
			 : xasprintf("/apis/%s/%s/namespaces/%s/metrics/%s%s", CUSTOM_MA,
				     m->version, ns, name, q);
	}
	free(q);
	free(esc);
	free(msel);
	return path;
}

static void custom_metric(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct metric *m = arg;
	const json_t *items = json_object_get(body, "items"), *item;
	const json_t *src = json_object_get(m->spec, "object");
	size_t k;
	char *e, *what;

	if (!ok(code)) {
		what = is_pods(m) ? xstrdup("get pods.custom.metrics.k8s.io")
				  : xasprintf("get %s.custom.metrics.k8s.io %s",
					      jx_str(src, "describedObject.kind") ?: "",
					      jx_str(src, "describedObject.name") ?: "");
		e = hpa_api_error(code, body, err, what);
		fail_fetch(m, xasprintf("unable to fetch metrics from custom metrics API: %s", e));
		free(e);
		free(what);
		return;
	}
	if (is_pods(m) && !json_array_size(items)) {
		fail_fetch(m, xstrdup("no metrics returned from custom metrics API"));
		return;
	}
	if (!is_pods(m) && json_array_size(items) != 1) {
		fail_fetch(m,
			   xasprintf("unable to fetch metrics from custom metrics API: the custom "
				     "metrics API server returned %zu results when we asked for "
				     "exactly one",
				     json_array_size(items)));
		return;
	}
	json_array_foreach(items, k, item)
	{
		/* v1beta2 says windowSeconds, v1beta1 window; a minute when neither does */
		const json_t *w =
		    json_object_get(item, "windowSeconds") ?: json_object_get(item, "window");
		int64_t v = 0, window = json_is_integer(w) ? json_integer_value(w) * 1000 : 60000;

		hpa_milli(json_object_get(item, "value"), &v);
		if (is_pods(m))
			hpa_samples_add(&m->samples, jx_str(item, "describedObject.name") ?: "", v,
					sample_time(item), window);
		else
			m->value = v;
	}
	hpa_fetched(r);
}

static char *group_of(const char *api_version)
{
	const char *slash = strchr(api_version, '/');

	return slash ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
}

static void object_kind(struct run *r, void *arg, const struct hpa_kind *k, const char *err)
{
	struct metric *m = arg;
	const json_t *src = json_object_get(m->spec, "object");
	char *path, *qres;

	if (!k) {
		/* the kind named as a GroupKind: "Foo.example.com" */
		char *g = group_of(jx_str(src, "describedObject.apiVersion") ?: "");

		fail_fetch(
		    m, xasprintf("unable to fetch metrics from custom metrics API: unable to "
				 "map kind %s%s%s to resource: %s",
				 jx_str(src, "describedObject.kind") ?: "", *g ? "." : "", g, err));
		free(g);
		return;
	}
	qres = *k->group ? xasprintf("%s.%s", k->resource, k->group) : xstrdup(k->resource);
	path = custom_path(m, qres);
	hpa_request(r, "GET", path, NULL, custom_metric, m);
	free(path);
	free(qres);
}

static void custom_groups(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct metric *m = arg;
	const char *version = ok(code) ? custom_version(body) : NULL;
	const json_t *src = json_object_get(m->spec, "object");
	const char *av = jx_str(src, "describedObject.apiVersion") ?: "";
	const char *kind = jx_str(src, "describedObject.kind") ?: "";
	char *path, *e;

	if (!ok(code)) {
		e = hpa_api_error(code, body, err, "get");
		fail_fetch(m, xasprintf("unable to fetch metrics from custom metrics API: %s", e));
		free(e);
		return;
	}
	if (!version || !*version) {
		fail_fetch(m, xasprintf("unable to fetch metrics from custom metrics API: %s",
					!version ? "no custom metrics API (custom.metrics.k8s.io) "
						   "registered"
						 : "no known available metric versions found"));
		return;
	}
	m->version = xstrdup(version);
	if (!is_pods(m) && !(strcmp(kind, "Namespace") || strchr(av, '/'))) {
		/* a namespace's metrics are read at the namespace itself */
		path = custom_path(m, NULL);
	} else if (!is_pods(m)) {
		e = group_of(av);
		hpa_lookup_kind(r, e, kind, object_kind, m);
		free(e);
		return;
	} else {
		path = custom_path(m, NULL);
	}
	hpa_request(r, "GET", path, NULL, custom_metric, m);
	free(path);
}

/* ---- external.metrics.k8s.io ---- */

static void external_metric(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct metric *m = arg;
	const json_t *items = json_object_get(body, "items"), *item;
	size_t k;

	if (!ok(code)) {
		char *what = xasprintf("get %s.external.metrics.k8s.io",
				       jx_str(m->spec, "external.metric.name") ?: "");
		char *e = hpa_api_error(code, body, err, what);

		fail_fetch(m,
			   xasprintf("unable to fetch metrics from external metrics API: %s", e));
		free(e);
		free(what);
		return;
	}
	if (!json_array_size(items)) {
		fail_fetch(m, xstrdup("no metrics returned from external metrics API"));
		return;
	}
	json_array_foreach(items, k, item)
	{
		int64_t v = 0;

		hpa_milli(json_object_get(item, "value"), &v);
		if (__builtin_add_overflow(m->value, v, &m->value)) {
			m->value = INT64_MAX; /* upstream caps the sum */
			break;
		}
	}
	hpa_fetched(r);
}

void hpa_fetch_metric(struct metric *m)
{
	const char *type = jx_str(m->spec, "type") ?: "";
	const char *member = !strcmp(type, "Pods")     ? "pods"
			     : !strcmp(type, "Object") ? "object"
						       : "external";
	char err[HPA_ERRLEN], *sel = NULL, *path, *esc;

	if (!strcmp(type, "Resource") || !strcmp(type, "ContainerResource")) {
		fetch_resource(m);
		return;
	}
	/* A malformed metric selector, or an unknown type, is reported when computing. */
	if ((strcmp(type, "Pods") && strcmp(type, "Object") && strcmp(type, "External")) ||
	    hpa_metric_selector(jx_get(json_object_get(m->spec, member), "metric.selector"), &sel,
				err, sizeof(err))) {
		hpa_fetched(m->r);
		return;
	}
	if (strcmp(type, "External")) {
		hpa_request(m->r, "GET", "/apis", NULL, custom_groups, m);
		free(sel);
		return;
	}
	esc = kc_escape(sel);
	path = xasprintf("%s/namespaces/%s/%s%s%s", EXTERNAL_MA, m->r->ns,
			 jx_str(m->spec, "external.metric.name") ?: "",
			 *sel ? "?labelSelector=" : "", *sel ? esc : "");
	hpa_request(m->r, "GET", path, NULL, external_metric, m);
	free(path);
	free(esc);
	free(sel);
}
