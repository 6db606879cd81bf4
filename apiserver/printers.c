/* Server-side printing: the helpers every printer shares, the default name/creation table and
 * the core group's printers. Column names, types, placeholders and cell text follow upstream's
 * internal printers; kubectl get shows exactly these cells. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "printers.h"
#include "quantity.h"
#include "selector.h"

/* Go's zero time.Time, 0001-01-01T00:00:00Z, in Unix seconds. */
#define GO_ZERO_TIME (-62135596800LL)

void pr_add(struct pr_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void pr_item(struct pr_buf *b, const char *sep, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	pr_add(b, "%s%s", b->n++ ? sep : "", s);
	free(s);
}

char *pr_take(struct pr_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

void pr_str(json_t *cells, const char *s)
{
	json_array_append_new(cells, json_string(s ? s : ""));
}

void pr_or(json_t *cells, const char *s, const char *fallback)
{
	pr_str(cells, s && *s ? s : fallback);
}

void pr_int(json_t *cells, json_int_t n)
{
	json_array_append_new(cells, json_integer(n));
}

void pr_bool(json_t *cells, bool b)
{
	json_array_append_new(cells, json_boolean(b));
}

void pr_own(json_t *cells, char *s)
{
	pr_str(cells, s);
	free(s);
}

bool pr_time(const json_t *obj, const char *path, struct timespec *ts)
{
	const char *s = jx_str(obj, path);

	if (!s || !*s || kt_parse(s, ts) != 0)
		return false;
	return !(ts->tv_sec == GO_ZERO_TIME && ts->tv_nsec == 0);
}

const char *pr_since(const json_t *obj, const char *path, time_t now, char buf[32])
{
	struct timespec ts;

	if (!pr_time(obj, path, &ts)) {
		snprintf(buf, 32, "<unknown>");
		return buf;
	}
	return kt_human_duration((double)(now - ts.tv_sec) - ts.tv_nsec / 1e9, buf);
}

void pr_age(json_t *cells, const json_t *obj, time_t now)
{
	char buf[32];

	pr_str(cells, pr_since(obj, "metadata.creationTimestamp", now, buf));
}

static int pr_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t pr_sort_unique(const char **v, size_t n)
{
	size_t out = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), pr_strcmp);
	for (size_t i = 0; i < n; i++)
		if (!out || strcmp(v[out - 1], v[i]))
			v[out++] = v[i];
	return out;
}

char *pr_labels(const json_t *map)
{
	size_t n = json_is_object(map) ? json_object_size(map) : 0, i = 0;
	const char **keys;
	struct pr_buf b = {0};
	const char *k;
	json_t *v;

	if (!n)
		return xstrdup("<none>");
	keys = xcalloc(n, sizeof(*keys));
	json_object_foreach((json_t *)map, k, v)
	{
		keys[i++] = k;
	}
	n = pr_sort_unique(keys, n);
	for (i = 0; i < n; i++) {
		const char *val = json_string_value(json_object_get(map, keys[i]));
		pr_item(&b, ",", "%s=%s", keys[i], val ? val : "");
	}
	free(keys);
	return pr_take(&b);
}

char *pr_selector(const json_t *sel)
{
	struct lsel *ls = NULL;
	char *err = NULL, *s = NULL;

	/* Both a missing and an empty selector print as nothing; skip the parser for them. */
	if (!json_object_size(jx_get(sel, "matchLabels")) &&
	    !json_array_size(jx_get(sel, "matchExpressions")))
		return xstrdup("");
	if (lsel_from_json(sel, &ls, &err) == 0)
		s = lsel_string(ls);
	lsel_free(ls);
	free(err);
	return s;
}

char *pr_selector_fmt(const json_t *sel)
{
	char *s = pr_selector(sel);

	if (!s)
		return xstrdup("<error>");
	if (!*s) {
		free(s);
		return xstrdup("<none>");
	}
	return s;
}

void pr_containers(json_t *cells, const json_t *containers)
{
	struct pr_buf names = {0}, images = {0};
	size_t i;
	json_t *c;

	json_array_foreach(containers, i, c)
	{
		pr_item(&names, ",", "%s", jx_str(c, "name") ?: "");
		pr_item(&images, ",", "%s", jx_str(c, "image") ?: "");
	}
	pr_own(cells, pr_take(&names));
	pr_own(cells, pr_take(&images));
}

char *pr_access_modes(const json_t *modes)
{
	static const char *const order[][2] = {{"ReadWriteOnce", "RWO"},
					       {"ReadOnlyMany", "ROX"},
					       {"ReadWriteMany", "RWX"},
					       {"ReadWriteOncePod", "RWOP"}};
	struct pr_buf b = {0};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t j;
		json_t *m;
		json_array_foreach(modes, j, m)
		{
			if (json_is_string(m) && !strcmp(json_string_value(m), order[i][0])) {
				pr_item(&b, ",", "%s", order[i][1]);
				break;
			}
		}
	}
	return pr_take(&b);
}

char *pr_qty(const json_t *v, const char *unset)
{
	char num[32], *out = NULL;
	const char *s = json_string_value(v);
	struct qty q;

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		s = num;
	}
	if (!s)
		return xstrdup(unset);
	if (qty_parse(s, &q) == 0)
		out = qty_string(&q);
	return out ? out : xstrdup(s);
}

const char *pr_bool_ptr(const json_t *v)
{
	if (!json_is_boolean(v))
		return "<unset>";
	return json_is_true(v) ? "True" : "False";
}

const char *pr_int_or_str(const json_t *v, char buf[32])
{
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return json_string_value(v);
}

/* Kinds upstream serves with the default table: name and creation time. */
static const struct column default_columns[] = {
    PR_NAME_COL,
    PR_COL("Created At", "date", 0, "The time the object was created, in RFC 3339 form (UTC)."),
    {0}};

static void default_row(const json_t *obj, json_t *cells, time_t now)
{
	struct timespec ts;
	struct tm tm;
	char buf[64];

	(void)now;
	pr_str(cells, jx_str(obj, "metadata.name"));
	if (!pr_time(obj, "metadata.creationTimestamp", &ts))
		ts = (struct timespec){.tv_sec = GO_ZERO_TIME};
	/* Printed by hand: strftime's %Y drops the zero padding of Go's year 1. */
	if (gmtime_r(&ts.tv_sec, &tm))
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(buf, sizeof(buf), "0001-01-01T00:00:00Z");
	pr_str(cells, buf);
}

const struct printer limitrange_printer = {default_columns, default_row};
const struct printer role_printer = {default_columns, default_row};
const struct printer clusterrole_printer = {default_columns, default_row};

/* ---- Namespace, ConfigMap, Secret, ServiceAccount ---- */

static const struct column namespace_columns[] = {
    PR_NAME_COL,
    PR_COL("Status", "string", 0, "The namespace's lifecycle phase (Active or Terminating)."),
    PR_AGE_COL,
    {0}};

static void namespace_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_str(cells, jx_str(obj, "status.phase"));
	pr_age(cells, obj, now);
}

const struct printer namespace_printer = {namespace_columns, namespace_row};

static const struct column configmap_columns[] = {
    PR_NAME_COL,
    PR_COL("Data", "string", 0, "How many keys the configmap holds, text and binary."),
    PR_AGE_COL,
    {0}};

static void configmap_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_int(cells, (json_int_t)(json_object_size(jx_get(obj, "data")) +
				   json_object_size(jx_get(obj, "binaryData"))));
	pr_age(cells, obj, now);
}

const struct printer configmap_printer = {configmap_columns, configmap_row};

static const struct column secret_columns[] = {
    PR_NAME_COL,
    PR_COL("Type", "string", 0, "The secret's type, which decides the keys it must hold."),
    PR_COL("Data", "string", 0, "How many keys the secret holds."),
    PR_AGE_COL,
    {0}};

static void secret_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_str(cells, jx_str(obj, "type"));
	pr_int(cells, (json_int_t)json_object_size(jx_get(obj, "data")));
	pr_age(cells, obj, now);
}

const struct printer secret_printer = {secret_columns, secret_row};

static const struct column serviceaccount_columns[] = {
    PR_NAME_COL,
    PR_COL("Secrets", "string", 0, "How many secrets the service account lists."),
    PR_AGE_COL,
    {0}};

static void serviceaccount_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_int(cells, (json_int_t)json_array_size(jx_get(obj, "secrets")));
	pr_age(cells, obj, now);
}

const struct printer serviceaccount_printer = {serviceaccount_columns, serviceaccount_row};

/* ---- Pod ---- */

static const struct column pod_columns[] = {
    PR_NAME_COL,
    PR_COL("Ready", "string", 0, "Ready containers out of all long-running containers."),
    PR_COL("Status", "string", 0, "A one-word summary of the pod's containers and phase."),
    PR_COL("Restarts", "string", 0,
	   "Container restarts in the pod, and how long ago the latest one happened."),
    PR_AGE_COL,
    PR_COL("IP", "string", 1, "The first IP address given to the pod."),
    PR_COL("Node", "string", 1, "The node the pod is bound to."),
    PR_COL("Nominated Node", "string", 1,
	   "The node the scheduler expects to place the pod on after preemption."),
    PR_COL("Readiness Gates", "string", 1,
	   "Readiness gate conditions that are true, out of all gates the pod declares."),
    {0}};

/* What printing a pod accumulates while walking its container statuses. */
struct pod_sum {
	char reason[160];
	int restarts, sidecar_restarts, ready;
	struct timespec last, sidecar_last;
	bool has_last, has_sidecar_last;
};

/* Keep the latest lastState.terminated.finishedAt seen. */
static void pod_note_restart(const json_t *cs, struct timespec *last, bool *has)
{
	struct timespec t;

	if (!pr_time(cs, "lastState.terminated.finishedAt", &t))
		return;
	if (!*has || t.tv_sec > last->tv_sec ||
	    (t.tv_sec == last->tv_sec && t.tv_nsec > last->tv_nsec)) {
		*last = t;
		*has = true;
	}
}

static bool pod_is_sidecar(const json_t *pod, const char *name)
{
	size_t i;
	json_t *c;

	json_array_foreach(jx_get(pod, "spec.initContainers"), i, c)
	{
		const char *n = jx_str(c, "name"), *rp = jx_str(c, "restartPolicy");
		if (n && name && !strcmp(n, name))
			return rp && !strcmp(rp, "Always");
	}
	return false;
}

static bool pod_condition(const json_t *pod, const char *type, const char *status,
			  const char *reason)
{
	size_t i;
	json_t *c;

	json_array_foreach(jx_get(pod, "status.conditions"), i, c)
	{
		const char *t = jx_str(c, "type");
		if (!t || strcmp(t, type))
			continue;
		if (reason)
			return jx_str(c, "reason") && !strcmp(jx_str(c, "reason"), reason);
		return jx_str(c, "status") && !strcmp(jx_str(c, "status"), status);
	}
	return false;
}

/* Why a terminated container stopped: its reason, else its signal or exit code. */
static void pod_exit_reason(const json_t *term, const char *prefix, char *out, size_t len)
{
	const char *r = jx_str(term, "reason");
	json_int_t sig = jx_int(term, "signal", 0);

	if (r && *r)
		snprintf(out, len, "%s%s", prefix, r);
	else if (sig)
		snprintf(out, len, "%sSignal:%lld", prefix, (long long)sig);
	else
		snprintf(out, len, "%sExitCode:%lld", prefix,
			 (long long)jx_int(term, "exitCode", 0));
}

/* Walk init container statuses; true while the pod is still initializing. */
static bool pod_init_statuses(const json_t *pod, struct pod_sum *s)
{
	size_t ninit = json_array_size(jx_get(pod, "spec.initContainers")), i;
	json_t *cs;

	json_array_foreach(jx_get(pod, "status.initContainerStatuses"), i, cs)
	{
		bool sidecar = pod_is_sidecar(pod, jx_str(cs, "name"));
		const json_t *term = jx_get(cs, "state.terminated");
		const char *wait = jx_str(cs, "state.waiting.reason");

		s->restarts += (int)jx_int(cs, "restartCount", 0);
		pod_note_restart(cs, &s->last, &s->has_last);
		if (sidecar) {
			s->sidecar_restarts += (int)jx_int(cs, "restartCount", 0);
			pod_note_restart(cs, &s->sidecar_last, &s->has_sidecar_last);
		}
		if (json_is_object(term) && jx_int(term, "exitCode", 0) == 0)
			continue;
		if (sidecar && jx_bool(cs, "started", false)) {
			s->ready += jx_bool(cs, "ready", false);
			continue;
		}
		if (json_is_object(term))
			pod_exit_reason(term, "Init:", s->reason, sizeof(s->reason));
		else if (wait && *wait && strcmp(wait, "PodInitializing"))
			snprintf(s->reason, sizeof(s->reason), "Init:%s", wait);
		else
			snprintf(s->reason, sizeof(s->reason), "Init:%zu/%zu", i, ninit);
		return true;
	}
	return false;
}

static void pod_main_statuses(const json_t *pod, struct pod_sum *s)
{
	const json_t *list = jx_get(pod, "status.containerStatuses");
	bool running = false;

	s->restarts = s->sidecar_restarts;
	s->last = s->sidecar_last;
	s->has_last = s->has_sidecar_last;
	for (size_t i = json_array_size(list); i-- > 0;) {
		const json_t *cs = json_array_get(list, i);
		const json_t *term = jx_get(cs, "state.terminated");
		const char *wait = jx_str(cs, "state.waiting.reason");

		s->restarts += (int)jx_int(cs, "restartCount", 0);
		pod_note_restart(cs, &s->last, &s->has_last);
		if (wait && *wait) {
			snprintf(s->reason, sizeof(s->reason), "%s", wait);
		} else if (json_is_object(term)) {
			pod_exit_reason(term, "", s->reason, sizeof(s->reason));
		} else if (jx_bool(cs, "ready", false) &&
			   json_is_object(jx_get(cs, "state.running"))) {
			running = true;
			s->ready++;
		}
	}
	if (!strcmp(s->reason, "Completed") && running)
		snprintf(s->reason, sizeof(s->reason), "%s",
			 pod_condition(pod, "Ready", "True", NULL) ? "Running" : "NotReady");
}

static void pod_status(const json_t *pod, struct pod_sum *s)
{
	const char *phase = jx_str(pod, "status.phase") ?: "";
	const char *reason = jx_str(pod, "status.reason");
	bool deleting = jx_get(pod, "metadata.deletionTimestamp") &&
			!json_is_null(jx_get(pod, "metadata.deletionTimestamp"));

	snprintf(s->reason, sizeof(s->reason), "%s", reason && *reason ? reason : phase);
	if (pod_condition(pod, "PodScheduled", NULL, "SchedulingGated"))
		snprintf(s->reason, sizeof(s->reason), "SchedulingGated");
	if (!pod_init_statuses(pod, s) || pod_condition(pod, "Initialized", "True", NULL))
		pod_main_statuses(pod, s);
	if (deleting && reason && !strcmp(reason, "NodeLost"))
		snprintf(s->reason, sizeof(s->reason), "Unknown");
	else if (deleting && strcmp(phase, "Succeeded") && strcmp(phase, "Failed"))
		snprintf(s->reason, sizeof(s->reason), "Terminating");
}

static char *pod_readiness_gates(const json_t *pod)
{
	const json_t *gates = jx_get(pod, "spec.readinessGates");
	size_t i, n = json_array_size(gates), ok = 0;
	json_t *g;

	if (!n)
		return xstrdup("<none>");
	json_array_foreach(gates, i, g)
	{
		const char *type = jx_str(g, "conditionType");
		ok += type && pod_condition(pod, type, "True", NULL);
	}
	return xasprintf("%zu/%zu", ok, n);
}

static void pod_row(const json_t *pod, json_t *cells, time_t now)
{
	struct pod_sum s = {0};
	size_t i, total = json_array_size(jx_get(pod, "spec.containers"));
	char buf[32];
	json_t *c;

	json_array_foreach(jx_get(pod, "spec.initContainers"), i, c)
	{
		const char *rp = jx_str(c, "restartPolicy");
		total += rp && !strcmp(rp, "Always");
	}
	pod_status(pod, &s);
	pr_str(cells, jx_str(pod, "metadata.name"));
	pr_own(cells, xasprintf("%d/%zu", s.ready, total));
	pr_str(cells, s.reason);
	if (s.restarts && s.has_last)
		pr_own(cells,
		       xasprintf("%d (%s ago)", s.restarts,
				 kt_human_duration(
				     (double)(now - s.last.tv_sec) - s.last.tv_nsec / 1e9, buf)));
	else
		pr_own(cells, xasprintf("%d", s.restarts));
	pr_age(cells, pod, now);
	pr_or(cells, jx_str(json_array_get(jx_get(pod, "status.podIPs"), 0), "ip"), "<none>");
	pr_or(cells, jx_str(pod, "spec.nodeName"), "<none>");
	pr_or(cells, jx_str(pod, "status.nominatedNodeName"), "<none>");
	pr_own(cells, pod_readiness_gates(pod));
}

const struct printer pod_printer = {pod_columns, pod_row};

static const struct column podtemplate_columns[] = {
    PR_NAME_COL,
    PR_COL("Containers", "string", 0, "Names of the containers in the pod template."),
    PR_COL("Images", "string", 0, "Images used by the containers in the pod template."),
    PR_COL("Pod Labels", "string", 0, "Labels the template puts on its pods."),
    {0}};

static void podtemplate_row(const json_t *obj, json_t *cells, time_t now)
{
	(void)now;
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_containers(cells, jx_get(obj, "template.spec.containers"));
	pr_own(cells, pr_labels(jx_get(obj, "template.metadata.labels")));
}

const struct printer podtemplate_printer = {podtemplate_columns, podtemplate_row};

/* ---- Service, Endpoints ---- */

static const struct column service_columns[] = {
    PR_NAME_COL,
    PR_COL("Type", "string", 0,
	   "How the service is exposed: ClusterIP, NodePort, "
	   "LoadBalancer or ExternalName."),
    PR_COL("Cluster-IP", "string", 0, "The virtual IP the service has inside the cluster."),
    PR_COL("External-IP", "string", 0,
	   "Addresses the service is reachable on from outside the cluster."),
    PR_COL("Port(s)", "string", 0, "The ports the service exposes, with node ports."),
    PR_AGE_COL,
    PR_COL("Selector", "string", 1, "Labels of the pods the service sends traffic to."),
    {0}};

/* Load-balancer ingress points (IP, else hostname), sorted and unique. */
static size_t svc_lb_points(const json_t *ingress, const char **out)
{
	size_t i, n = 0;
	json_t *e;

	json_array_foreach(ingress, i, e)
	{
		const char *ip = jx_str(e, "ip"), *host = jx_str(e, "hostname");
		if (ip && *ip)
			out[n++] = ip;
		else if (host && *host)
			out[n++] = host;
	}
	return pr_sort_unique(out, n);
}

static char *svc_join(const json_t *arr, const char **pre, size_t npre)
{
	struct pr_buf b = {0};
	size_t i;
	json_t *v;

	for (i = 0; i < npre; i++)
		pr_item(&b, ",", "%s", pre[i]);
	json_array_foreach(arr, i, v)
	{
		pr_item(&b, ",", "%s", json_string_value(v) ?: "");
	}
	return pr_take(&b);
}

char *pr_lb_status(const json_t *ingress)
{
	const char **pts = xcalloc(json_array_size(ingress) + 1, sizeof(*pts));
	char *s = svc_join(NULL, pts, svc_lb_points(ingress, pts));

	free(pts);
	return s;
}

static char *svc_external_ip(const json_t *svc)
{
	const char *type = jx_str(svc, "spec.type") ?: "";
	const json_t *ext = jx_get(svc, "spec.externalIPs");
	const json_t *ing = jx_get(svc, "status.loadBalancer.ingress");
	const char **pts;
	char *s;

	if (!strcmp(type, "ClusterIP") || !strcmp(type, "NodePort"))
		return json_array_size(ext) ? svc_join(ext, NULL, 0) : xstrdup("<none>");
	if (!strcmp(type, "ExternalName"))
		return xstrdup(jx_str(svc, "spec.externalName") ?: "");
	if (strcmp(type, "LoadBalancer"))
		return xstrdup("<unknown>");
	pts = xcalloc(json_array_size(ing) + 1, sizeof(*pts));
	s = svc_join(ext, pts, svc_lb_points(ing, pts));
	free(pts);
	if (!*s) {
		free(s);
		s = xstrdup("<pending>");
	}
	return s;
}

static char *svc_ports(const json_t *svc)
{
	struct pr_buf b = {0};
	size_t i;
	json_t *p;

	json_array_foreach(jx_get(svc, "spec.ports"), i, p)
	{
		long long port = jx_int(p, "port", 0), np = jx_int(p, "nodePort", 0);
		const char *proto = jx_str(p, "protocol") ?: "";
		if (np > 0)
			pr_item(&b, ",", "%lld:%lld/%s", port, np, proto);
		else
			pr_item(&b, ",", "%lld/%s", port, proto);
	}
	if (!b.n)
		pr_add(&b, "<none>");
	return pr_take(&b);
}

static void service_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_str(cells, jx_str(obj, "spec.type"));
	pr_or(cells, json_string_value(json_array_get(jx_get(obj, "spec.clusterIPs"), 0)),
	      "<none>");
	pr_own(cells, svc_external_ip(obj));
	pr_own(cells, svc_ports(obj));
	pr_age(cells, obj, now);
	pr_own(cells, pr_labels(jx_get(obj, "spec.selector")));
}

const struct printer service_printer = {service_columns, service_row};

static const struct column endpoints_columns[] = {
    PR_NAME_COL,
    PR_COL("Endpoints", "string", 0, "The first few address:port pairs behind the service."),
    PR_AGE_COL,
    {0}};

/* Upstream lists at most three endpoints and counts the rest. */
#define PR_MAX_LISTED 3

static void ep_add(struct pr_buf *b, int *count, bool *more, const char *ip, const json_t *port)
{
	(*count)++;
	if (b->n == PR_MAX_LISTED) {
		*more = true;
		return;
	}
	if (!port)
		pr_item(b, ",", "%s", ip);
	else if (strchr(ip, ':'))
		pr_item(b, ",", "[%s]:%lld", ip, (long long)jx_int(port, "port", 0));
	else
		pr_item(b, ",", "%s:%lld", ip, (long long)jx_int(port, "port", 0));
}

static char *ep_format(const json_t *ep)
{
	const json_t *subsets = jx_get(ep, "subsets");
	struct pr_buf b = {0};
	int count = 0;
	bool more = false;
	size_t i, j, k;
	json_t *ss, *a, *p;

	if (!json_array_size(subsets))
		return xstrdup("<none>");
	json_array_foreach(subsets, i, ss)
	{
		const json_t *ports = jx_get(ss, "ports");
		if (!json_array_size(ports)) {
			json_array_foreach(jx_get(ss, "addresses"), j, a)
			{
				ep_add(&b, &count, &more, jx_str(a, "ip") ?: "", NULL);
			}
			continue;
		}
		json_array_foreach(ports, k, p)
		{
			json_array_foreach(jx_get(ss, "addresses"), j, a)
			{
				ep_add(&b, &count, &more, jx_str(a, "ip") ?: "", p);
			}
		}
	}
	if (more)
		pr_add(&b, " + %d more...", count - PR_MAX_LISTED);
	return pr_take(&b);
}

static void endpoints_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_own(cells, ep_format(obj));
	pr_age(cells, obj, now);
}

const struct printer endpoints_printer = {endpoints_columns, endpoints_row};

/* ---- Node ---- */

static const struct column node_columns[] = {
    PR_NAME_COL,
    PR_COL("Status", "string", 0, "Whether the node is Ready, and whether it takes new pods."),
    PR_COL("Roles", "string", 0, "Roles taken from the node's node-role labels."),
    PR_AGE_COL,
    PR_COL("Version", "string", 0, "The kubelet version the node reports."),
    PR_COL("Internal-IP", "string", 1, "The node's first internal address."),
    PR_COL("External-IP", "string", 1, "The node's first external address."),
    PR_COL("OS-Image", "string", 1, "The operating system image the node reports."),
    PR_COL("Kernel-Version", "string", 1, "The kernel version the node reports."),
    PR_COL("Container-Runtime", "string", 1, "The container runtime and its version."),
    {0}};

#define NODE_ROLE_PREFIX "node-role.kubernetes.io/"

static char *node_status(const json_t *node)
{
	const char *ready = NULL;
	struct pr_buf b = {0};
	size_t i;
	json_t *c;

	json_array_foreach(jx_get(node, "status.conditions"), i, c)
	{
		const char *t = jx_str(c, "type");
		if (t && !strcmp(t, "Ready"))
			ready = jx_str(c, "status") ?: "";
	}
	if (ready)
		pr_item(&b, ",", "%s", !strcmp(ready, "True") ? "Ready" : "NotReady");
	else
		pr_item(&b, ",", "Unknown");
	if (jx_bool(node, "spec.unschedulable", false))
		pr_item(&b, ",", "SchedulingDisabled");
	return pr_take(&b);
}

static char *node_roles(const json_t *node)
{
	const json_t *labels = jx_get(node, "metadata.labels");
	const char **roles = xcalloc(json_object_size(labels) + 1, sizeof(*roles));
	struct pr_buf b = {0};
	size_t n = 0, plen = strlen(NODE_ROLE_PREFIX);
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)labels, k, v)
	{
		const char *val = json_string_value(v);
		if (!strncmp(k, NODE_ROLE_PREFIX, plen) && k[plen])
			roles[n++] = k + plen;
		else if (!strcmp(k, "kubernetes.io/role") && val && *val)
			roles[n++] = val;
	}
	n = pr_sort_unique(roles, n);
	for (size_t i = 0; i < n; i++)
		pr_item(&b, ",", "%s", roles[i]);
	free(roles);
	if (!n)
		pr_add(&b, "<none>");
	return pr_take(&b);
}

static const char *node_address(const json_t *node, const char *type)
{
	size_t i;
	json_t *a;

	json_array_foreach(jx_get(node, "status.addresses"), i, a)
	{
		const char *t = jx_str(a, "type");
		if (t && !strcmp(t, type))
			return jx_str(a, "address") ?: "";
	}
	return "<none>";
}

static void node_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_own(cells, node_status(obj));
	pr_own(cells, node_roles(obj));
	pr_age(cells, obj, now);
	pr_str(cells, jx_str(obj, "status.nodeInfo.kubeletVersion"));
	pr_str(cells, node_address(obj, "InternalIP"));
	pr_str(cells, node_address(obj, "ExternalIP"));
	pr_or(cells, jx_str(obj, "status.nodeInfo.osImage"), "<unknown>");
	pr_or(cells, jx_str(obj, "status.nodeInfo.kernelVersion"), "<unknown>");
	pr_or(cells, jx_str(obj, "status.nodeInfo.containerRuntimeVersion"), "<unknown>");
}

const struct printer node_printer = {node_columns, node_row};

/* ---- Events (core/v1 and events.k8s.io/v1 print alike) ---- */

static const struct column event_columns[] = {
    PR_COL("Last Seen", "string", 0, "How long ago the event was last observed."),
    PR_COL("Type", "string", 0, "Normal or Warning."),
    PR_COL("Reason", "string", 0, "A short machine-readable word for why the event happened."),
    PR_COL("Object", "string", 0, "The object the event is about, as kind/name."),
    PR_COL("Subobject", "string", 1, "The part of the object concerned, such as a container."),
    PR_COL("Source", "string", 1, "The component, and host, that reported the event."),
    PR_COL("Message", "string", 0, "The event's human-readable description."),
    PR_COL("First Seen", "string", 1, "How long ago the event was first observed."),
    PR_COL("Count", "string", 1, "How many times the event has occurred."),
    {"Name", "string", "name", 1, "The event object's own name."},
    {0}};

/* Where each version keeps the fields the event table shows. */
struct event_fields {
	const char *first, *last, *count, *regarding, *message, *source;
};

static const struct event_fields core_event = {"firstTimestamp", "lastTimestamp", "count",
					       "involvedObject", "message",	  "source"};
static const struct event_fields v1_event = {
    "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "regarding", "note",
    "deprecatedSource"};

static const char *ev_get(const json_t *ev, const char *field, const char *sub)
{
	return jx_str(jx_get(ev, field), sub);
}

static char *ev_source(const json_t *ev, const struct event_fields *f)
{
	const char *comp = ev_get(ev, f->source, "component");
	const char *host = ev_get(ev, f->source, "host");

	if (!comp || !*comp)
		comp = jx_str(ev, "reportingController") ?: "";
	if (!host || !*host)
		host = jx_str(ev, "reportingInstance") ?: "";
	return *host ? xasprintf("%s, %s", comp, host) : xstrdup(comp);
}

static char *ev_target(const json_t *ev, const struct event_fields *f)
{
	char *kind = xstrdup(ev_get(ev, f->regarding, "kind") ?: "");
	const char *name = ev_get(ev, f->regarding, "name");
	char *s;

	for (size_t i = 0; kind[i]; i++)
		kind[i] = (char)tolower((unsigned char)kind[i]);
	if (!name || !*name)
		return kind;
	s = xasprintf("%s/%s", kind, name);
	free(kind);
	return s;
}

static char *ev_message(const json_t *ev, const struct event_fields *f)
{
	const char *m = jx_str(ev, f->message) ?: "";
	size_t n;

	while (isspace((unsigned char)*m))
		m++;
	n = strlen(m);
	while (n && isspace((unsigned char)m[n - 1]))
		n--;
	return xstrndup(m, n);
}

static void event_cells(const json_t *ev, json_t *cells, time_t now, const struct event_fields *f)
{
	char first[32], last[32];
	const json_t *series = jx_get(ev, "series");
	json_int_t count = jx_int(ev, f->count, 0);

	pr_since(ev, f->first, now, first);
	if (!pr_time(ev, f->first, &(struct timespec){0}))
		pr_since(ev, "eventTime", now, first);
	if (pr_time(ev, f->last, &(struct timespec){0}))
		pr_since(ev, f->last, now, last);
	else
		snprintf(last, sizeof(last), "%s", first);
	if (json_is_object(series)) {
		pr_since(series, "lastObservedTime", now, last);
		count = jx_int(series, "count", 0);
	} else if (!count) {
		count = 1;
	}
	pr_str(cells, last);
	pr_str(cells, jx_str(ev, "type"));
	pr_str(cells, jx_str(ev, "reason"));
	pr_own(cells, ev_target(ev, f));
	pr_str(cells, ev_get(ev, f->regarding, "fieldPath"));
	pr_own(cells, ev_source(ev, f));
	pr_own(cells, ev_message(ev, f));
	pr_str(cells, first);
	pr_int(cells, count);
	pr_str(cells, jx_str(ev, "metadata.name"));
}

static void event_row(const json_t *obj, json_t *cells, time_t now)
{
	event_cells(obj, cells, now, &core_event);
}

static void eventv1_row(const json_t *obj, json_t *cells, time_t now)
{
	event_cells(obj, cells, now, &v1_event);
}

const struct printer event_printer = {event_columns, event_row};
const struct printer eventv1_printer = {event_columns, eventv1_row};

/* ---- ResourceQuota ---- */

static const struct column resourcequota_columns[] = {
    PR_NAME_COL,
    PR_COL("Request", "string", 0, "Used out of hard quota for each non-limit resource."),
    PR_COL("Limit", "string", 0, "Used out of hard quota for each limits.* resource."),
    PR_AGE_COL,
    {0}};

static void resourcequota_row(const json_t *obj, json_t *cells, time_t now)
{
	const json_t *hard = jx_get(obj, "status.hard"), *used = jx_get(obj, "status.used");
	const char **keys = xcalloc(json_object_size(hard) + 1, sizeof(*keys));
	struct pr_buf req = {0}, lim = {0};
	size_t n = 0;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)hard, k, v)
	{
		keys[n++] = k;
	}
	n = pr_sort_unique(keys, n);
	for (size_t i = 0; i < n; i++) {
		char *u = pr_qty(json_object_get(used, keys[i]), "0");
		char *h = pr_qty(json_object_get(hard, keys[i]), "0");
		/* Only names with a "limits" segment before the first dot go to LIMIT. */
		bool limit = !strncmp(keys[i], "limits.", 7);
		pr_item(limit ? &lim : &req, ", ", "%s: %s/%s", keys[i], u, h);
		free(u);
		free(h);
	}
	free(keys);
	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_own(cells, pr_take(&req));
	pr_own(cells, pr_take(&lim));
	pr_age(cells, obj, now);
}

const struct printer resourcequota_printer = {resourcequota_columns, resourcequota_row};

/* ---- PersistentVolume, PersistentVolumeClaim ---- */

#define STORAGE_CLASS_ANN "volume.beta.kubernetes.io/storage-class"

static const struct column persistentvolume_columns[] = {
    PR_NAME_COL,
    PR_COL("Capacity", "string", 0, "The volume's storage size."),
    PR_COL("Access Modes", "string", 0, "How the volume can be mounted (RWO, ROX, RWX, RWOP)."),
    PR_COL("Reclaim Policy", "string", 0, "What happens to the volume once its claim is gone."),
    PR_COL("Status", "string", 0, "The volume's phase, or Terminating while being deleted."),
    PR_COL("Claim", "string", 0, "The claim bound to the volume, as namespace/name."),
    PR_COL("StorageClass", "string", 0, "The storage class the volume belongs to."),
    PR_COL("VolumeAttributesClass", "string", 0, "The volume attributes class in use."),
    PR_COL("Reason", "string", 0, "A short reason for the volume's phase, if any."),
    PR_AGE_COL,
    PR_COL("VolumeMode", "string", 1, "Whether the volume is a filesystem or a raw block."),
    {0}};

bool pr_deleting(const json_t *obj)
{
	const json_t *d = jx_get(obj, "metadata.deletionTimestamp");

	return d && !json_is_null(d);
}

static const char *pv_class(const json_t *obj)
{
	const char *ann = json_string_value(
	    json_object_get(jx_get(obj, "metadata.annotations"), STORAGE_CLASS_ANN));

	return ann ? ann : jx_str(obj, "spec.storageClassName");
}

static void persistentvolume_row(const json_t *obj, json_t *cells, time_t now)
{
	const json_t *claim = jx_get(obj, "spec.claimRef");

	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_own(cells, pr_qty(jx_get(obj, "spec.capacity.storage"), "0"));
	pr_own(cells, pr_access_modes(jx_get(obj, "spec.accessModes")));
	pr_str(cells, jx_str(obj, "spec.persistentVolumeReclaimPolicy"));
	pr_str(cells, pr_deleting(obj) ? "Terminating" : jx_str(obj, "status.phase"));
	if (json_is_object(claim))
		pr_own(cells, xasprintf("%s/%s", jx_str(claim, "namespace") ?: "",
					jx_str(claim, "name") ?: ""));
	else
		pr_str(cells, "");
	pr_str(cells, pv_class(obj));
	pr_str(cells, jx_str(obj, "spec.volumeAttributesClassName") ?: "<unset>");
	pr_str(cells, jx_str(obj, "status.reason"));
	pr_age(cells, obj, now);
	pr_str(cells, jx_str(obj, "spec.volumeMode") ?: "<unset>");
}

const struct printer persistentvolume_printer = {persistentvolume_columns, persistentvolume_row};

static const struct column persistentvolumeclaim_columns[] = {
    PR_NAME_COL,
    PR_COL("Status", "string", 0, "The claim's phase, or Terminating while being deleted."),
    PR_COL("Volume", "string", 0, "The volume bound to the claim."),
    PR_COL("Capacity", "string", 0, "The storage size of the bound volume."),
    PR_COL("Access Modes", "string", 0, "How the bound volume can be mounted."),
    PR_COL("StorageClass", "string", 0, "The storage class the claim asks for."),
    PR_COL("VolumeAttributesClass", "string", 0, "The volume attributes class requested."),
    PR_AGE_COL,
    PR_COL("VolumeMode", "string", 1, "Whether the claim wants a filesystem or a raw block."),
    {0}};

static void persistentvolumeclaim_row(const json_t *obj, json_t *cells, time_t now)
{
	const char *vol = jx_str(obj, "spec.volumeName");
	bool bound = vol && *vol;

	pr_str(cells, jx_str(obj, "metadata.name"));
	pr_str(cells, pr_deleting(obj) ? "Terminating" : jx_str(obj, "status.phase"));
	pr_str(cells, vol);
	if (bound)
		pr_own(cells, pr_qty(jx_get(obj, "status.capacity.storage"), "0"));
	else
		pr_str(cells, "");
	if (bound)
		pr_own(cells, pr_access_modes(jx_get(obj, "status.accessModes")));
	else
		pr_str(cells, "");
	pr_str(cells, pv_class(obj));
	pr_str(cells, jx_str(obj, "spec.volumeAttributesClassName") ?: "<unset>");
	pr_age(cells, obj, now);
	pr_str(cells, jx_str(obj, "spec.volumeMode") ?: "<unset>");
}

const struct printer persistentvolumeclaim_printer = {persistentvolumeclaim_columns,
						      persistentvolumeclaim_row};
