/*
 * horizontalpodautoscaling: every --horizontal-pod-autoscaler-sync-period each autoscaling/v2
 * HorizontalPodAutoscaler reads its target's scale subresource, asks the metrics APIs through
 * the API server (metrics.k8s.io for Resource and ContainerResource metrics,
 * custom.metrics.k8s.io for Pods and Object, external.metrics.k8s.io for External), computes
 * the replicas each metric wants (hpa_calc.c), keeps the largest within its bounds, rate
 * policies and stabilization windows, writes the new size through /scale, and reports status,
 * conditions and events with upstream's reasons and wording.
 *
 * One reconcile is a chain of asynchronous requests in one ctrl_op: scale, then the metrics
 * (in parallel), then the rescale, then the status. Pods come from the shared informer. The
 * key comes back every sync period whatever happened, as upstream's fixed-interval queue does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "hmap.h"
#include "hpa.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "quantity.h"
#include "recorder.h"
#include "selector.h"

#define HPAS "/apis/autoscaling/v2/horizontalpodautoscalers"

/* What an autoscaler keeps between syncs: its history and its pods' selector. */
struct hstate {
	char *key;
	struct hpa_history hist;
	struct lsel *sel; /* NULL selects nothing: not reconciled yet */
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *hpas, *pods;
	struct wq *q;
	struct rec *rec;
	struct hpa_opts opts;
	struct hmap states; /* key -> struct hstate */
} hc;

/* ---- small helpers ---- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static json_t *milli_qty(int64_t milli)
{
	struct qty q;
	char *s;
	json_t *v;

	qty_from_milli(&q, milli, QTY_DECIMAL_SI);
	s = qty_string(&q);
	v = json_string(s);
	free(s);
	return v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append to a malloc'd string. */
static void append(char **s, const char *fmt, const char *a, const char *b, const char *c)
{
	char *t = xasprintf(fmt, *s, a, b, c);

	free(*s);
	*s = t;
}

/* Go's %+v of a *metav1.LabelSelector (its generated String()). malloc'd. */
static char *go_selector(const json_t *ls)
{
	const json_t *ml = json_object_get(ls, "matchLabels"), *e, *s;
	const char **keys, *key;
	size_t i, j, k = 0;
	json_t *v;
	char *labels, *exprs, *vals, *out;

	if (!json_is_object(ls))
		return xstrdup("nil");
	labels = xstrdup("");
	exprs = xstrdup("");
	keys = xcalloc(json_object_size(ml) + 1, sizeof(*keys));
	json_object_foreach((json_t *)ml, key, v) keys[k++] = key;
	qsort(keys, k, sizeof(*keys), cmp_str);
	for (i = 0; i < k; i++)
		append(&labels, "%s%s: %s,%s", keys[i],
		       json_string_value(json_object_get(ml, keys[i])) ?: "", "");
	json_array_foreach(json_object_get(ls, "matchExpressions"), i, e)
	{
		vals = xstrdup("");
		json_array_foreach(json_object_get(e, "values"), j, s)
		    append(&vals, "%s%s%s%s", j ? " " : "", json_string_value(s) ?: "", "");
		append(&exprs, "%sLabelSelectorRequirement{Key:%s,Operator:%s,Values:[%s],},",
		       jx_str(e, "key") ?: "", jx_str(e, "operator") ?: "", vals);
		free(vals);
	}
	out = xasprintf("&LabelSelector{MatchLabels:map[string]string{%s},MatchExpressions:[]"
			"LabelSelectorRequirement{%s},}",
			labels, exprs);
	free(keys);
	free(labels);
	free(exprs);
	return out;
}

/* ---- state ---- */

static struct hstate *state(const char *key)
{
	struct hstate *st = hmap_get(&hc.states, key);

	if (!st) {
		st = xcalloc(1, sizeof(*st));
		st->key = xstrdup(key);
		hmap_put(&hc.states, st->key, st);
	}
	return st;
}

static void forget(const char *key)
{
	struct hstate *st = hmap_del(&hc.states, key);

	if (!st)
		return;
	hpa_history_free(&st->hist);
	lsel_free(st->sel);
	free(st->key);
	free(st);
}

/* ---- the run ---- */

static void run_free(struct run *r)
{
	for (size_t i = 0; i < r->nm; i++) {
		free(r->m[i].err);
		free(r->m[i].version);
		hpa_samples_free(&r->m[i].samples);
	}
	free(r->m);
	json_decref(r->hpa);
	json_decref(r->orig);
	json_decref(r->scale);
	json_decref(r->statuses);
	lsel_free(r->sel);
	free(r->scale_path);
	free(r->selector);
	free(r->key);
	free(r->ns);
	free(r->ref);
	free(r);
}

struct step {
	struct run *r;
	hpa_step_fn fn;
	void *arg;
};

static bool step_done(void *arg, int code, json_t *body, const char *err)
{
	struct step *s = arg;

	s->fn(s->r, s->arg, code, body, err);
	free(s);
	return true; /* failures are reported on the autoscaler; the key resyncs regardless */
}

void hpa_request(struct run *r, const char *method, const char *path, const json_t *body,
		 hpa_step_fn fn, void *arg)
{
	struct step *s = xcalloc(1, sizeof(*s));

	*s = (struct step){r, fn, arg};
	ctrl_op_request(r->op, hc.kc, method, path, NULL, body, step_done, s);
}

static void event(struct run *r, const char *type, const char *reason, const char *msg)
{
	rec_event(hc.rec, r->hpa, type, reason, "%s", msg);
}

static void condition(struct run *r, const char *type, bool ok, const char *reason, const char *msg)
{
	cond_set(r->hpa, type, ok ? "True" : "False", reason, msg, NULL);
}

/* ---- status ---- */

/* Upstream's setStatus: the status rebuilt (observedGeneration dropped), metrics stolen. */
static void set_status(struct run *r, int32_t current, int32_t desired, json_t *metrics,
		       bool rescaled)
{
	const json_t *old = jx_get(r->hpa, "status");
	const json_t *last = json_object_get(old, "lastScaleTime");
	const json_t *conds = json_object_get(old, "conditions");
	json_t *st = json_object();
	char now[32];

	kt_format(time(NULL), now);
	if (rescaled)
		json_object_set_new(st, "lastScaleTime", json_string(now));
	else if (last && !json_is_null(last))
		json_object_set(st, "lastScaleTime", (json_t *)last);
	if (current)
		json_object_set_new(st, "currentReplicas", json_integer(current));
	json_object_set_new(st, "desiredReplicas", json_integer(desired));
	json_object_set_new(st, "currentMetrics", metrics ? metrics : json_null());
	if (json_array_size(conds))
		json_object_set(st, "conditions", (json_t *)conds);
	jx_set(r->hpa, "status", st);
}

/* Current replicas and metrics, the last desired count kept. */
static void set_current(struct run *r, json_t *metrics)
{
	set_status(r, r->current, (int32_t)jx_int(r->hpa, "status.desiredReplicas", 0), metrics,
		   false);
}

/* The status as Go compares it: absent, null, empty and zero alike. */
static json_t *canon(const json_t *status)
{
	json_t *c = json_is_object(status) ? json_deep_copy(status) : json_object(), *v;
	const char *k;
	void *tmp;

	json_object_foreach_safe(c, tmp, k, v)
	{
		if (json_is_null(v) || (json_is_array(v) && !json_array_size(v)) ||
		    (json_is_integer(v) && !json_integer_value(v)))
			json_object_del(c, k);
	}
	return c;
}

static void status_written(struct run *r, void *arg, int code, json_t *body, const char *err);

/* Write the status when it changed, then the run is over. */
static void finish(struct run *r)
{
	json_t *a = canon(r->orig), *b = canon(jx_get(r->hpa, "status"));
	char *path;

	if (json_equal(a, b)) {
		run_free(r);
		goto out;
	}
	path = xasprintf("/apis/autoscaling/v2/namespaces/%s/horizontalpodautoscalers/%s/status",
			 r->ns, jx_str(r->hpa, "metadata.name") ?: "");
	hpa_request(r, "PUT", path, r->hpa, status_written, NULL);
	free(path);
out:
	json_decref(a);
	json_decref(b);
}

static void status_written(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	(void)arg;
	if (code < 200 || code > 299) {
		char *msg =
		    hpa_api_error(code, body, err, "put horizontalpodautoscalers.autoscaling");

		event(r, "Warning", "FailedUpdateStatus", msg);
		log_warn("horizontal-pod-autoscaler: failed to update status for %s: %s", r->key,
			 msg);
		free(msg);
	} else {
		log_v(2, "horizontal-pod-autoscaler: updated status of %s", r->key);
	}
	run_free(r);
}

/* ---- rescaling ---- */

struct rescale {
	int32_t desired;
	char *reason;
};

static void rescaled(struct run *r, void *arg, int code, json_t *body, const char *err);

static void rescale(struct run *r, int32_t desired, const char *reason)
{
	json_t *scale = json_deep_copy(r->scale);
	struct rescale *rs = xcalloc(1, sizeof(*rs));

	rs->desired = desired;
	rs->reason = xstrdup(reason);
	jx_set(scale, "spec.replicas", json_integer(desired));
	hpa_request(r, "PUT", r->scale_path, scale, rescaled, rs);
	json_decref(scale);
}

/* Rules of spec.behavior, with the controller's downscale window when unset. */
static void behavior_rules(const struct run *r, struct hpa_rules *up, struct hpa_rules *down)
{
	const json_t *b = jx_get(r->hpa, "spec.behavior");
	int32_t window = (int32_t)(hc.opts.downscale_window_ms / 1000);

	hpa_rules_from_json(json_object_get(b, "scaleUp"), true, window, up);
	hpa_rules_from_json(json_object_get(b, "scaleDown"), false, window, down);
}

static bool has_behavior(const struct run *r)
{
	const json_t *b = jx_get(r->hpa, "spec.behavior");

	return b && !json_is_null(b);
}

static void rescaled(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	struct rescale *rs = arg;
	json_t *metrics = r->statuses;
	char *msg;

	r->statuses = NULL;
	if (code < 200 || code > 299) {
		char *e = hpa_api_error(code, body, err, "put scale");

		msg = xasprintf("New size: %d; reason: %s; error: %s", rs->desired, rs->reason, e);
		event(r, "Warning", "FailedRescale", msg);
		free(msg);
		msg = xasprintf("the HPA controller was unable to update the target scale: %s", e);
		condition(r, "AbleToScale", false, "FailedUpdateScale", msg);
		log_warn("horizontal-pod-autoscaler: failed to rescale %s: %s", r->ref, e);
		set_current(r, metrics);
		free(e);
		goto out;
	}
	msg =
	    xasprintf("the HPA controller was able to update the target scale to %d", rs->desired);
	condition(r, "AbleToScale", true, "SucceededRescale", msg);
	free(msg);
	msg = xasprintf("New size: %d; reason: %s", rs->desired, rs->reason);
	event(r, "Normal", "SuccessfulRescale", msg);
	free(msg);
	if (has_behavior(r)) {
		struct hpa_rules up, down;

		behavior_rules(r, &up, &down);
		hpa_history_scaled(&state(r->key)->hist, &up, &down, r->current, rs->desired,
				   now_ms());
		hpa_rules_free(&up);
		hpa_rules_free(&down);
	}
	log_info("horizontal-pod-autoscaler: successfully rescaled %s from %d to %d: %s", r->key,
		 r->current, rs->desired, rs->reason);
	set_status(r, r->current, rs->desired, metrics, true);
out:
	free(rs->reason);
	free(rs);
	finish(r);
}

/* The count the metrics want, within min/max, rates and stabilization. */
static int32_t normalize(struct run *r, int32_t desired)
{
	struct hstate *st = state(r->key);
	struct hpa_verdict v;
	int32_t out;

	if (!has_behavior(r)) {
		out = hpa_normalize(&st->hist, hc.opts.downscale_window_ms, r->current, desired,
				    r->min, r->max, now_ms(), &v);
	} else {
		struct hpa_rules up, down;

		behavior_rules(r, &up, &down);
		out = hpa_normalize_behavior(&st->hist, &up, &down, r->current, desired, r->min,
					     r->max, now_ms(), &v);
		hpa_rules_free(&up);
		hpa_rules_free(&down);
	}
	condition(r, "AbleToScale", true, v.able_reason, v.able_msg);
	condition(r, "ScalingLimited", v.limited, v.limit_reason, v.limit_msg);
	return out;
}

/* Scale to desired when it differs, then write the status. */
static void conclude(struct run *r, int32_t desired, const char *reason)
{
	json_t *metrics = r->statuses;

	if (desired != r->current) {
		rescale(r, desired, reason);
		return;
	}
	log_v(4, "horizontal-pod-autoscaler: decided not to scale %s (desired %d)", r->ref,
	      desired);
	r->statuses = NULL;
	set_status(r, r->current, r->current, metrics, false);
	finish(r);
}

/* ---- computing one metric ---- */

/* One metric's result. On failure reason is the ScalingActive reason, why the text of the
 * condition and event, and err what computeReplicasForMetric returns. */
struct outcome {
	int32_t replicas;
	char *name;
	json_t *status;
	const char *reason;
	char *why, *err;
};

static void outcome_fail(struct outcome *o, const char *reason, char *why, char *err)
{
	o->reason = reason;
	o->why = why;
	o->err = err ? err : xstrdup(why);
}

static size_t selected_pods(struct run *r, const json_t ***out)
{
	const json_t **pods;
	size_t n = inf_by_index(hc.pods, INF_INDEX_NAMESPACE, r->ns, &pods), k = 0;

	for (size_t i = 0; i < n; i++)
		if (lsel_match_json(r->sel, jx_get(pods[i], "metadata.labels")))
			pods[k++] = pods[i];
	*out = pods;
	return k;
}

static json_t *value_status(const char *field, int64_t milli)
{
	return json_pack("{s:o}", field, milli_qty(milli));
}

static json_t *identifier(const json_t *mi)
{
	json_t *id = json_pack("{s:s}", "name", jx_str(mi, "name") ?: "");
	const json_t *sel = json_object_get(mi, "selector");

	if (sel && !json_is_null(sel))
		json_object_set(id, "selector", (json_t *)sel);
	return id;
}

/* Resource and ContainerResource: a Utilization or AverageValue target. */
static void compute_resource(struct run *r, struct metric *m, bool container, struct outcome *o)
{
	const char *member = container ? "containerResource" : "resource";
	const json_t *src = json_object_get(m->spec, member), *target = jx_get(src, "target");
	const char *res = jx_str(src, "name") ?: "",
		   *cname = container ? jx_str(src, "container") ?: "" : "";
	const json_t *util = json_object_get(target, "averageUtilization");
	const char *reason =
	    container ? "FailedGetContainerResourceMetric" : "FailedGetResourceMetric";
	const json_t **pods = NULL;
	struct hpa_proposal p;
	char err[HPA_ERRLEN], *why = NULL;
	json_t *current = NULL;
	int64_t avg;
	bool by_value = hpa_milli(json_object_get(target, "averageValue"), &avg);

	if (!by_value && !json_is_integer(util)) {
		why = xstrdup("invalid resource metric source: neither an average utilization "
			      "target nor an average value (usage) target was set");
		goto fail;
	}
	if (m->err) {
		snprintf(err, sizeof(err), "unable to get metrics for resource %s: %s", res,
			 m->err);
	} else {
		size_t n = selected_pods(r, &pods);
		int rc = by_value
			     ? hpa_plain_replicas(&hc.opts, now_ms(), pods, n, &m->samples, res,
						  avg, r->current, &p, err, sizeof(err))
			     : hpa_resource_replicas(&hc.opts, now_ms(), pods, n, &m->samples, res,
						     cname, (int32_t)json_integer_value(util),
						     r->current, &p, err, sizeof(err));
		if (!rc)
			goto ok;
	}
	why = xasprintf(
	    by_value ? "failed to get %s usage: %s" : "failed to get %s utilization: %s", res, err);
fail:
	outcome_fail(o, reason, why,
		     container
			 ? xasprintf("failed to get %s container metric value: %s", cname, why)
			 : xasprintf("failed to get %s resource metric value: %s", res, why));
	free(pods);
	return;
ok:
	free(pods);
	o->replicas = p.replicas;
	current = value_status("averageValue", p.usage);
	if (!by_value) {
		json_object_set_new(current, "averageUtilization", json_integer(p.utilization));
		o->name = xasprintf(container ? "%s container resource utilization (percentage of "
						"request)"
					      : "%s resource utilization (percentage of request)",
				    res);
	} else {
		o->name = xasprintf("%s resource", res);
	}
	o->status = container
			? json_pack("{s:s, s:{s:s, s:o, s:s}}", "type", "ContainerResource", member,
				    "name", res, "current", current, "container", cname)
			: json_pack("{s:s, s:{s:s, s:o}}", "type", "Resource", member, "name", res,
				    "current", current);
}

static void compute_pods(struct run *r, struct metric *m, struct outcome *o)
{
	const json_t *src = json_object_get(m->spec, "pods");
	const char *name = jx_str(src, "metric.name") ?: "";
	const json_t **pods = NULL;
	struct hpa_proposal p;
	char err[HPA_ERRLEN], *sel = NULL;
	int64_t target = 0;
	size_t n;

	if (hpa_metric_selector(jx_get(src, "metric.selector"), &sel, err, sizeof(err)))
		goto fail;
	hpa_milli(jx_get(src, "target.averageValue"), &target);
	if (m->err) {
		snprintf(err, sizeof(err), "unable to get metric %s: %s", name, m->err);
		goto fail;
	}
	n = selected_pods(r, &pods);
	if (hpa_plain_replicas(&hc.opts, now_ms(), pods, n, &m->samples, NULL, target, r->current,
			       &p, err, sizeof(err)))
		goto fail;
	o->replicas = p.replicas;
	o->name = xasprintf("pods metric %s", name);
	o->status = json_pack("{s:s, s:{s:o, s:o}}", "type", "Pods", "pods", "metric",
			      identifier(json_object_get(src, "metric")), "current",
			      value_status("averageValue", p.usage));
	goto out;
fail:
	outcome_fail(o, "FailedGetPodsMetric", xstrdup(err),
		     xasprintf("failed to get pods metric value: %s", err));
out:
	free(sel);
	free(pods);
}

static void compute_object(struct run *r, struct metric *m, struct outcome *o)
{
	const json_t *src = json_object_get(m->spec, "object"),
		     *target = json_object_get(src, "target");
	const char *name = jx_str(src, "metric.name") ?: "";
	const json_t **pods = NULL;
	struct hpa_proposal p;
	char err[HPA_ERRLEN], *sel = NULL, *why;
	int64_t want;
	bool value = !strcmp(jx_str(target, "type") ?: "", "Value") &&
		     hpa_milli(json_object_get(target, "value"), &want);
	bool average = !value && !strcmp(jx_str(target, "type") ?: "", "AverageValue") &&
		       hpa_milli(json_object_get(target, "averageValue"), &want);

	if (hpa_metric_selector(jx_get(src, "metric.selector"), &sel, err, sizeof(err))) {
		why = xstrdup(err);
		goto fail;
	}
	if (!value && !average) {
		why = xstrdup("invalid object metric source: neither a value target nor an average "
			      "value target was set");
		goto fail;
	}
	if (m->err) {
		/* Upstream's words in upstream's order. */
		why = xasprintf("unable to get metric %s: %s on %s %s/%s", name,
				jx_str(src, "describedObject.kind") ?: "", r->ns,
				jx_str(src, "describedObject.name") ?: "", m->err);
		if (average) {
			outcome_fail(
			    o, "FailedGetObjectMetric", why,
			    xasprintf("failed to get object metric value: failed to get %s "
				      "object metric: %s",
				      name, why));
			goto out;
		}
		goto fail;
	}
	if (average) {
		char *gs = go_selector(jx_get(src, "metric.selector"));

		hpa_per_pod_replicas(&hc.opts, m->value, want, r->status_replicas, &p);
		o->name = xasprintf("external metric %s(%s)", name, gs);
		free(gs);
		o->status =
		    json_pack("{s:s, s:{s:o, s:o, s:{s:s, s:s}}}", "type", "Object", "object",
			      "metric", identifier(json_object_get(src, "metric")), "current",
			      value_status("averageValue", p.usage), "describedObject", "kind", "",
			      "name", "");
	} else {
		size_t n = selected_pods(r, &pods);

		if (hpa_value_replicas(&hc.opts, pods, n, m->value, want, r->current, &p, err,
				       sizeof(err))) {
			why = xstrdup(err);
			goto fail;
		}
		o->name =
		    xasprintf("%s metric %s", jx_str(src, "describedObject.kind") ?: "", name);
		o->status = json_pack("{s:s, s:{s:o, s:o, s:O}}", "type", "Object", "object",
				      "metric", identifier(json_object_get(src, "metric")),
				      "current", value_status("value", p.usage), "describedObject",
				      json_object_get(src, "describedObject"));
	}
	o->replicas = p.replicas;
	goto out;
fail:
	outcome_fail(o, "FailedGetObjectMetric", why,
		     xasprintf("failed to get object metric value: %s", why));
out:
	free(sel);
	free(pods);
}

static void compute_external(struct run *r, struct metric *m, struct outcome *o)
{
	const json_t *src = json_object_get(m->spec, "external"),
		     *target = json_object_get(src, "target");
	const json_t *msel = jx_get(src, "metric.selector");
	const char *name = jx_str(src, "metric.name") ?: "";
	bool average = json_object_get(target, "averageValue") &&
		       !json_is_null(json_object_get(target, "averageValue"));
	bool value = !average && json_object_get(target, "value") &&
		     !json_is_null(json_object_get(target, "value"));
	const json_t **pods = NULL;
	struct hpa_proposal p;
	char err[HPA_ERRLEN], *sel = NULL, *gs = go_selector(msel), *why;
	int64_t want = 0;

	hpa_milli(json_object_get(target, average ? "averageValue" : "value"), &want);
	if (!average && !value) {
		why =
		    xstrdup("invalid external metric source: neither a value target nor an average "
			    "value target was set");
		outcome_fail(o, "FailedGetExternalMetric", why,
			     xasprintf("failed to get %s external metric value: %s", name, why));
		goto out;
	}
	if (hpa_metric_selector(msel, &sel, err, sizeof(err))) {
		why = xstrdup(err);
	} else if (m->err) {
		why = xasprintf("unable to get external metric %s/%s/%s: %s", r->ns, name, gs,
				m->err);
	} else if (average) {
		hpa_per_pod_replicas(&hc.opts, m->value, want, r->status_replicas, &p);
		goto ok;
	} else {
		size_t n = selected_pods(r, &pods);

		if (!hpa_value_replicas(&hc.opts, pods, n, m->value, want, r->current, &p, err,
					sizeof(err)))
			goto ok;
		why = xstrdup(err);
	}
	outcome_fail(o, "FailedGetExternalMetric", why,
		     average ? xasprintf("failed to get %s external metric value: failed to get %s "
					 "external metric: %s",
					 name, name, why)
			     : xasprintf("failed to get %s external metric value: failed to get "
					 "external metric %s: %s",
					 name, name, why));
	goto out;
ok:
	o->replicas = p.replicas;
	o->name = xasprintf("external metric %s(%s)", name, gs);
	o->status = json_pack("{s:s, s:{s:o, s:o}}", "type", "External", "external", "metric",
			      identifier(json_object_get(src, "metric")), "current",
			      value_status(average ? "averageValue" : "value", p.usage));
out:
	free(gs);
	free(sel);
	free(pods);
}

static void compute_metric(struct run *r, struct metric *m, struct outcome *o)
{
	const char *type = jx_str(m->spec, "type") ?: "";

	memset(o, 0, sizeof(*o));
	if (!strcmp(type, "Resource"))
		compute_resource(r, m, false, o);
	else if (!strcmp(type, "ContainerResource"))
		compute_resource(r, m, true, o);
	else if (!strcmp(type, "Pods"))
		compute_pods(r, m, o);
	else if (!strcmp(type, "Object"))
		compute_object(r, m, o);
	else if (!strcmp(type, "External"))
		compute_external(r, m, o);
	else
		outcome_fail(o, "InvalidMetricSourceType",
			     xasprintf("unknown metric source type \"%s\"", type), NULL);
}

/* Upstream's computeReplicasForMetrics, then the decision. */
static void compute(struct run *r)
{
	int32_t replicas = 0, desired = 0;
	size_t invalid = 0;
	char *metric = NULL, *first_err = NULL, *first_msg = NULL, *err = NULL, *reason;
	const char *first_reason = NULL;

	r->statuses = json_array();
	for (size_t i = 0; i < r->nm; i++) {
		struct outcome o;

		compute_metric(r, &r->m[i], &o);
		if (o.err) {
			event(r, "Warning", o.reason, o.why);
			if (!invalid++) {
				first_reason = o.reason;
				first_err = o.err;
				first_msg = xasprintf("the HPA was unable to compute the replica "
						      "count: %s",
						      o.why);
			} else {
				free(o.err);
			}
			free(o.why);
			json_array_append_new(r->statuses, json_pack("{s:s}", "type", ""));
			continue;
		}
		json_array_append_new(r->statuses, o.status);
		if (!replicas || o.replicas > replicas) {
			replicas = o.replicas;
			free(metric);
			metric = o.name;
		} else {
			free(o.name);
		}
	}
	if (invalid)
		err = xasprintf("invalid metrics (%zu invalid out of %zu), first error is: %s",
				invalid, r->nm, first_err);
	if (invalid && (invalid >= r->nm || replicas < r->current)) {
		json_t *metrics = r->statuses;

		condition(r, "ScalingActive", false, first_reason, first_msg);
		r->statuses = NULL;
		set_current(r, metrics);
		event(r, "Warning", "FailedComputeMetricsReplicas", err);
		log_warn("horizontal-pod-autoscaler: failed to compute desired number of replicas "
			 "based on listed metrics for %s: %s",
			 r->ref, err);
		finish(r);
		goto out;
	}
	if (r->nm) {
		char *msg = xasprintf("the HPA was able to successfully calculate a replica count "
				      "from %s",
				      metric ? metric : "");
		condition(r, "ScalingActive", true, "ValidMetricFound", msg);
		free(msg);
	}
	if (err)
		log_warn("horizontal-pod-autoscaler: %s: %s", r->ref, err);
	if (replicas > desired)
		desired = replicas;
	reason = desired > r->current	? xasprintf("%s above target", metric ? metric : "")
		 : desired < r->current ? xstrdup("All metrics below target")
					: xstrdup("");
	desired = normalize(r, desired);
	conclude(r, desired, reason);
	free(reason);
out:
	free(metric);
	free(first_err);
	free(first_msg);
	free(err);
}

/* ---- metrics in ---- */

void hpa_fetched(struct run *r)
{
	if (--r->waiting == 0)
		compute(r);
}

/* ---- the scale and the selector ---- */

/* The pods of the selector controlled by another autoscaler too? Upstream's check, by the
 * selectors of the autoscalers reconciled so far. */
static char *ambiguous(struct run *r)
{
	const json_t **pods;
	size_t n = selected_pods(r, &pods), prefix = strlen(r->ns) + 1;
	const char **keys = NULL, *k;
	size_t nk = 0, it = 0;
	void *v;
	char *out = NULL, *list = xstrdup("");

	while ((it = hmap_next(&hc.states, it, &k, &v))) {
		struct hstate *st = v;

		if (!st->sel || strncmp(k, r->ns, prefix - 1) || k[prefix - 1] != '/')
			continue;
		for (size_t i = 0; i < n; i++)
			if (lsel_match_json(st->sel, jx_get(pods[i], "metadata.labels"))) {
				keys = xrealloc(keys, (nk + 1) * sizeof(*keys));
				keys[nk++] = k;
				break;
			}
	}
	if (nk > 1) {
		qsort(keys, nk, sizeof(*keys), cmp_str);
		for (size_t i = 0; i < nk; i++)
			append(&list, "%s%s%s%s", i ? " " : "", keys[i], "");
		out = xasprintf("pods by selector %s are controlled by multiple HPAs: [%s]",
				r->selector, list);
	}
	free(list);
	free(keys);
	free(pods);
	return out;
}

/* Upstream's validateAndParseSelector: NULL, or the error (the condition already set). */
static char *check_selector(struct run *r, const char *selector)
{
	struct hstate *st = state(r->key);
	char *perr = NULL, *msg;

	if (!*selector) {
		event(r, "Warning", "SelectorRequired", "selector is required");
		condition(r, "ScalingActive", false, "InvalidSelector",
			  "the HPA target's scale is missing a selector");
		return xstrdup("selector is required");
	}
	if (lsel_parse(selector, &r->sel, &perr)) {
		msg = xasprintf("couldn't convert selector into a corresponding internal selector "
				"object: %s",
				perr ? perr : "");
		free(perr);
		event(r, "Warning", "InvalidSelector", msg);
		condition(r, "ScalingActive", false, "InvalidSelector", msg);
		return msg;
	}
	r->selector = lsel_string(r->sel);
	lsel_free(st->sel);
	lsel_parse(r->selector, &st->sel, &perr);
	free(perr);
	if ((msg = ambiguous(r))) {
		event(r, "Warning", "AmbiguousSelector", msg);
		condition(r, "ScalingActive", false, "AmbiguousSelector", msg);
	}
	return msg;
}

static void metrics_start(struct run *r)
{
	const json_t *specs = jx_get(r->hpa, "spec.metrics");
	char *err = check_selector(r, jx_str(r->scale, "status.selector") ?: "");

	if (err) {
		set_current(r, NULL);
		event(r, "Warning", "FailedComputeMetricsReplicas", err);
		log_warn("horizontal-pod-autoscaler: failed to compute desired number of replicas "
			 "for %s: %s",
			 r->ref, err);
		free(err);
		finish(r);
		return;
	}
	r->nm = json_array_size(specs);
	r->m = xcalloc(r->nm ? r->nm : 1, sizeof(*r->m));
	r->waiting = r->nm + 1; /* held until every fetch has started */
	for (size_t i = 0; i < r->nm; i++) {
		r->m[i].spec = json_array_get(specs, i);
		r->m[i].r = r;
		hpa_fetch_metric(&r->m[i]);
	}
	hpa_fetched(r);
}

static void scale_failed(struct run *r, const char *err)
{
	char *msg =
	    xasprintf("the HPA controller was unable to get the target's current scale: %s", err);

	event(r, "Warning", "FailedGetScale", err);
	condition(r, "AbleToScale", false, "FailedGetScale", msg);
	log_warn("horizontal-pod-autoscaler: failed to query scale subresource for %s: %s", r->ref,
		 err);
	free(msg);
	finish(r);
}

static void got_scale(struct run *r, void *arg, int code, json_t *body, const char *err)
{
	const json_t *min = jx_get(r->hpa, "spec.minReplicas");
	char *e, reason[64];

	(void)arg;
	if (code < 200 || code > 299) {
		e = hpa_api_error(code, body, err, "get scale");
		scale_failed(r, e);
		free(e);
		return;
	}
	r->scale = json_incref(body);
	condition(r, "AbleToScale", true, "SucceededGetScale",
		  "the HPA controller was able to get the target's current scale");
	r->current = (int32_t)jx_int(body, "spec.replicas", 0);
	r->status_replicas = (int32_t)jx_int(body, "status.replicas", 0);
	r->min = json_is_integer(min) ? (int32_t)json_integer_value(min) : 1;
	r->max = (int32_t)jx_int(r->hpa, "spec.maxReplicas", 0);
	hpa_history_init(&state(r->key)->hist, r->current, now_ms());
	if (r->current == 0 && r->min != 0) {
		condition(r, "ScalingActive", false, "ScalingDisabled",
			  "scaling is disabled since the replica count of the target is zero");
		set_status(r, r->current, 0, NULL, false);
		finish(r);
	} else if (r->current > r->max) {
		snprintf(reason, sizeof(reason),
			 "Current number of replicas above Spec.MaxReplicas");
		rescale(r, r->max, reason);
	} else if (r->current < r->min) {
		snprintf(reason, sizeof(reason),
			 "Current number of replicas below Spec.MinReplicas");
		rescale(r, r->min, reason);
	} else {
		metrics_start(r);
	}
}

static void target_kind(struct run *r, void *arg, const struct hpa_kind *kr, const char *err)
{
	const json_t *ref = jx_get(r->hpa, "spec.scaleTargetRef");

	(void)arg;
	if (!kr) {
		scale_failed(r, err);
		return;
	}
	r->scale_path = *kr->group
			    ? xasprintf("/apis/%s/%s/namespaces/%s/%s/%s/scale", kr->group,
					kr->version, r->ns, kr->resource, jx_str(ref, "name") ?: "")
			    : xasprintf("/api/%s/namespaces/%s/%s/%s/scale", kr->version, r->ns,
					kr->resource, jx_str(ref, "name") ?: "");
	hpa_request(r, "GET", r->scale_path, NULL, got_scale, NULL);
}

static void start(struct ctrl_op *op, const char *key, const json_t *hpa)
{
	struct run *r = xcalloc(1, sizeof(*r));
	const json_t *ref = jx_get(hpa, "spec.scaleTargetRef");
	const char *av = jx_str(ref, "apiVersion") ?: "";
	const char *slash = strchr(av, '/');
	char *group;

	r->op = op;
	r->key = xstrdup(key);
	r->ns = xstrdup(jx_str(hpa, "metadata.namespace") ?: "");
	r->hpa = json_deep_copy(hpa);
	r->orig = json_deep_copy(jx_get(hpa, "status"));
	r->ref = xasprintf("%s/%s/%s", jx_str(ref, "kind") ?: "", r->ns, jx_str(ref, "name") ?: "");
	if (slash && strchr(slash + 1, '/')) {
		char *e = xasprintf("unexpected GroupVersion string: %s", av);

		scale_failed(r, e);
		free(e);
		return;
	}
	group = slash ? xstrndup(av, (size_t)(slash - av)) : xstrdup("");
	hpa_lookup_kind(r, group, jx_str(ref, "kind") ?: "", target_kind, NULL);
	free(group);
}

/* ---- wiring ---- */

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(hc.q, key);
	const json_t *hpa = inf_get(hc.hpas, key);

	(void)arg;
	if (!hpa) {
		log_info("horizontal-pod-autoscaler: %s has been deleted", key);
		forget(key);
		goto out;
	}
	ctrl_op_requeue_after(op, hc.cm->o->hpa_sync_ms);
	start(op, key, hpa);
out:
	return ctrl_op_finish(op);
}

/* Every change waits for the next period, as upstream's queue adds them rate-limited. */
static void hpa_changed(void *arg, const json_t *obj)
{
	char *key = inf_key(obj);

	(void)arg;
	if (!key)
		return;
	state(key);
	if (hc.q)
		wq_add_after(hc.q, key, hc.cm->o->hpa_sync_ms);
	free(key);
}

static void hpa_updated(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	hpa_changed(arg, obj);
}

static void hpa_deleted(void *arg, const json_t *obj)
{
	char *key = inf_key(obj);
	struct hstate *st = key ? hmap_get(&hc.states, key) : NULL;

	(void)arg;
	if (st) {
		lsel_free(st->sel);
		st->sel = NULL;
	}
	free(key);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler h = {hpa_changed, hpa_updated, hpa_deleted, NULL};

	(void)err;
	(void)errlen;
	hc.cm = cm;
	hc.kc = cm_client(cm, "horizontal-pod-autoscaler");
	hc.opts = (struct hpa_opts){cm->o->hpa_tolerance, cm->o->hpa_cpu_init_ms,
				    cm->o->hpa_ready_delay_ms, cm->o->hpa_downscale_ms};
	hmap_init(&hc.states);
	hc.hpas = inf_factory_get(cm->inf, HPAS, NULL, NULL);
	hc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	inf_add_handler(hc.hpas, &h);
	hc.rec = cm_recorder(hc.kc, "horizontal-pod-autoscaler");
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **all;
	size_t n;

	hc.q = wq_new(cm->base, "horizontalpodautoscaler", cm->o->hpa_syncs, sync, NULL);
	n = inf_list(hc.hpas, &all);
	for (size_t i = 0; i < n; i++)
		hpa_changed(NULL, all[i]);
	free(all);
}

const struct cm_controller cm_hpa_controller = {
    .name = "horizontalpodautoscaling",
    .init = init,
    .run = run,
};
