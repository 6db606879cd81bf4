/* convert_hpa: autoscaling/v1 HorizontalPodAutoscalers served from the autoscaling/v2 storage.
 *
 * v1 only knows a CPU utilization target. Everything else v2 holds travels in annotations, as
 * upstream's v1 conversion writes them, so that a v1 client reading and writing an object back
 * loses nothing: the other metrics and the current metrics in v1's own metric shapes (the
 * v2beta1-style targetAverageValue, metricName...), the conditions, and the behavior as Go's
 * json.Marshal of upstream's internal type (no json tags: "ScaleUp", "Policies"...). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonx.h"
#include "kind.h"

#define A_METRICS		"autoscaling.alpha.kubernetes.io/metrics"
#define A_CURRENT		"autoscaling.alpha.kubernetes.io/current-metrics"
#define A_CONDITIONS		"autoscaling.alpha.kubernetes.io/conditions"
#define A_BEHAVIOR		"autoscaling.alpha.kubernetes.io/behavior"
#define DEFAULT_CPU_UTILIZATION 80

static const char *const round_trip[] = {A_METRICS, A_CURRENT, A_CONDITIONS, A_BEHAVIOR, NULL};

/* A member that Go would decode into a non-nil pointer: present and not null. */
static json_t *present(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_null(v) ? NULL : v;
}

static void copy_if(json_t *out, const char *okey, const json_t *in, const char *ikey)
{
	json_t *v = present(in, ikey);

	if (v)
		json_object_set(out, okey, v);
}

/* in[ikey] as out[okey], or def (stolen) when absent. */
static void copy_or(json_t *out, const char *okey, const json_t *in, const char *ikey, json_t *def)
{
	json_t *v = present(in, ikey);

	if (v) {
		json_object_set(out, okey, v);
		json_decref(def);
	} else {
		json_object_set_new(out, okey, def);
	}
}

/* A string field Go declares without a pointer: "" when absent. */
static json_t *str_or_empty(const json_t *in, const char *key)
{
	json_t *v = json_object_get(in, key);

	return json_is_string(v) ? json_incref(v) : json_string("");
}

/* A resource.Quantity Go declares without a pointer: the zero quantity marshals as "0". */
static json_t *qty_or_zero(const json_t *in, const char *key)
{
	json_t *v = present(in, key);

	return v ? json_incref(v) : json_string("0");
}

static json_t *cross_ref(const json_t *r)
{
	json_t *out = json_pack("{s:o, s:o}", "kind", str_or_empty(r, "kind"), "name",
				str_or_empty(r, "name"));

	copy_if(out, "apiVersion", r, "apiVersion");
	return out;
}

static bool is_cpu_resource(const json_t *m)
{
	return !strcmp(jx_str(m, "type") ?: "", "Resource") && present(m, "resource") &&
	       !strcmp(jx_str(m, "resource.name") ?: "", "cpu");
}

static json_t *cpu_metric(json_t *utilization)
{
	return json_pack("{s:s, s:{s:s, s:{s:s, s:o}}}", "type", "Resource", "resource", "name",
			 "cpu", "target", "type", "Utilization", "averageUtilization", utilization);
}

/* ---- metric specs and statuses, v2 <-> v1's annotation shapes ---- */

/* The metric identifier of a v2 source, spelled v1's way: metricName and the selector. */
static void ident_to_v1(json_t *out, const json_t *src, const char *selector_key)
{
	const json_t *metric = json_object_get(src, "metric");

	json_object_set_new(out, "metricName", str_or_empty(metric, "name"));
	copy_if(out, selector_key, metric, "selector");
}

static json_t *ident_to_v2(const json_t *src, const char *selector_key)
{
	json_t *id = json_pack("{s:o}", "name", str_or_empty(src, "metricName"));

	copy_if(id, "selector", src, selector_key);
	return id;
}

static json_t *spec_to_v1(const json_t *m)
{
	json_t *out = json_pack("{s:o}", "type", str_or_empty(m, "type")), *src, *v;
	const json_t *t;

	if ((src = present(m, "object"))) {
		t = json_object_get(src, "target");
		v = json_pack("{s:o}", "target",
			      cross_ref(json_object_get(src, "describedObject")));
		json_object_set_new(v, "metricName",
				    str_or_empty(json_object_get(src, "metric"), "name"));
		json_object_set_new(v, "targetValue", qty_or_zero(t, "value"));
		copy_if(v, "selector", json_object_get(src, "metric"), "selector");
		copy_if(v, "averageValue", t, "averageValue");
		json_object_set_new(out, "object", v);
	}
	if ((src = present(m, "pods"))) {
		v = json_object();
		json_object_set_new(v, "metricName",
				    str_or_empty(json_object_get(src, "metric"), "name"));
		json_object_set_new(v, "targetAverageValue",
				    qty_or_zero(json_object_get(src, "target"), "averageValue"));
		copy_if(v, "selector", json_object_get(src, "metric"), "selector");
		json_object_set_new(out, "pods", v);
	}
	for (int c = 0; c < 2; c++) {
		const char *key = c ? "containerResource" : "resource";
		if (!(src = present(m, key)))
			continue;
		t = json_object_get(src, "target");
		v = json_pack("{s:o}", "name", str_or_empty(src, "name"));
		copy_if(v, "targetAverageUtilization", t, "averageUtilization");
		copy_if(v, "targetAverageValue", t, "averageValue");
		if (c)
			json_object_set_new(v, "container", str_or_empty(src, "container"));
		json_object_set_new(out, key, v);
	}
	if ((src = present(m, "external"))) {
		t = json_object_get(src, "target");
		v = json_object();
		ident_to_v1(v, src, "metricSelector");
		copy_if(v, "targetValue", t, "value");
		copy_if(v, "targetAverageValue", t, "averageValue");
		json_object_set_new(out, "external", v);
	}
	return out;
}

static json_t *spec_to_v2(const json_t *m)
{
	json_t *out = json_pack("{s:o}", "type", str_or_empty(m, "type")), *src, *t;

	if ((src = present(m, "object"))) {
		t = json_pack("{s:s, s:o}", "type",
			      present(src, "averageValue") ? "AverageValue" : "Value", "value",
			      qty_or_zero(src, "targetValue"));
		copy_if(t, "averageValue", src, "averageValue");
		json_object_set_new(out, "object",
				    json_pack("{s:o, s:o, s:o}", "describedObject",
					      cross_ref(json_object_get(src, "target")), "target",
					      t, "metric", ident_to_v2(src, "selector")));
	}
	if ((src = present(m, "pods")))
		json_object_set_new(out, "pods",
				    json_pack("{s:o, s:{s:s, s:o}}", "metric",
					      ident_to_v2(src, "selector"), "target", "type",
					      "AverageValue", "averageValue",
					      qty_or_zero(src, "targetAverageValue")));
	for (int c = 0; c < 2; c++) {
		const char *key = c ? "containerResource" : "resource";
		json_t *v;
		if (!(src = present(m, key)))
			continue;
		t = json_pack("{s:s}", "type",
			      present(src, "targetAverageUtilization") ? "Utilization"
								       : "AverageValue");
		copy_if(t, "averageValue", src, "targetAverageValue");
		copy_if(t, "averageUtilization", src, "targetAverageUtilization");
		v = json_pack("{s:o, s:o}", "name", str_or_empty(src, "name"), "target", t);
		if (c)
			json_object_set_new(v, "container", str_or_empty(src, "container"));
		json_object_set_new(out, key, v);
	}
	if ((src = present(m, "external"))) {
		t = json_pack("{s:s}", "type",
			      present(src, "targetValue") ? "Value" : "AverageValue");
		copy_if(t, "value", src, "targetValue");
		copy_if(t, "averageValue", src, "targetAverageValue");
		json_object_set_new(out, "external",
				    json_pack("{s:o, s:o}", "metric",
					      ident_to_v2(src, "metricSelector"), "target", t));
	}
	return out;
}

static json_t *status_to_v1(const json_t *m)
{
	json_t *out = json_pack("{s:o}", "type", str_or_empty(m, "type")), *src, *v;
	const json_t *cur;

	if ((src = present(m, "object"))) {
		cur = json_object_get(src, "current");
		v = json_pack("{s:o}", "target",
			      cross_ref(json_object_get(src, "describedObject")));
		json_object_set_new(v, "metricName",
				    str_or_empty(json_object_get(src, "metric"), "name"));
		json_object_set_new(v, "currentValue", qty_or_zero(cur, "value"));
		copy_if(v, "selector", json_object_get(src, "metric"), "selector");
		copy_if(v, "averageValue", cur, "averageValue");
		json_object_set_new(out, "object", v);
	}
	if ((src = present(m, "pods"))) {
		v = json_object();
		json_object_set_new(v, "metricName",
				    str_or_empty(json_object_get(src, "metric"), "name"));
		json_object_set_new(v, "currentAverageValue",
				    qty_or_zero(json_object_get(src, "current"), "averageValue"));
		copy_if(v, "selector", json_object_get(src, "metric"), "selector");
		json_object_set_new(out, "pods", v);
	}
	for (int c = 0; c < 2; c++) {
		const char *key = c ? "containerResource" : "resource";
		if (!(src = present(m, key)))
			continue;
		cur = json_object_get(src, "current");
		v = json_pack("{s:o}", "name", str_or_empty(src, "name"));
		copy_if(v, "currentAverageUtilization", cur, "averageUtilization");
		json_object_set_new(v, "currentAverageValue", qty_or_zero(cur, "averageValue"));
		if (c)
			json_object_set_new(v, "container", str_or_empty(src, "container"));
		json_object_set_new(out, key, v);
	}
	if ((src = present(m, "external"))) {
		cur = json_object_get(src, "current");
		v = json_object();
		ident_to_v1(v, src, "metricSelector");
		json_object_set_new(v, "currentValue", qty_or_zero(cur, "value"));
		copy_if(v, "currentAverageValue", cur, "averageValue");
		json_object_set_new(out, "external", v);
	}
	return out;
}

static json_t *status_to_v2(const json_t *m)
{
	json_t *out = json_pack("{s:o}", "type", str_or_empty(m, "type")), *src, *cur;

	if ((src = present(m, "object"))) {
		cur = json_pack("{s:o}", "value", qty_or_zero(src, "currentValue"));
		copy_if(cur, "averageValue", src, "averageValue");
		json_object_set_new(
		    out, "object",
		    json_pack("{s:o, s:o, s:o}", "metric", ident_to_v2(src, "selector"), "current",
			      cur, "describedObject", cross_ref(json_object_get(src, "target"))));
	}
	if ((src = present(m, "pods")))
		json_object_set_new(
		    out, "pods",
		    json_pack("{s:o, s:{s:o}}", "metric", ident_to_v2(src, "selector"), "current",
			      "averageValue", qty_or_zero(src, "currentAverageValue")));
	for (int c = 0; c < 2; c++) {
		const char *key = c ? "containerResource" : "resource";
		json_t *v;
		if (!(src = present(m, key)))
			continue;
		cur = json_pack("{s:o}", "averageValue", qty_or_zero(src, "currentAverageValue"));
		copy_if(cur, "averageUtilization", src, "currentAverageUtilization");
		v = json_pack("{s:o, s:o}", "name", str_or_empty(src, "name"), "current", cur);
		if (c)
			json_object_set_new(v, "container", str_or_empty(src, "container"));
		json_object_set_new(out, key, v);
	}
	if ((src = present(m, "external"))) {
		cur = json_pack("{s:o}", "value", qty_or_zero(src, "currentValue"));
		copy_if(cur, "averageValue", src, "currentAverageValue");
		json_object_set_new(out, "external",
				    json_pack("{s:o, s:o}", "metric",
					      ident_to_v2(src, "metricSelector"), "current", cur));
	}
	return out;
}

/* v1's condition: lastTransitionTime is a struct in Go, so a zero one marshals as null. */
static json_t *condition_to_v1(const json_t *c)
{
	json_t *out = json_pack("{s:o, s:o}", "type", str_or_empty(c, "type"), "status",
				str_or_empty(c, "status"));
	json_t *t = present(c, "lastTransitionTime");

	json_object_set(out, "lastTransitionTime", t ? t : json_null());
	if (*(jx_str(c, "reason") ?: ""))
		copy_if(out, "reason", c, "reason");
	if (*(jx_str(c, "message") ?: ""))
		copy_if(out, "message", c, "message");
	return out;
}

static json_t *condition_to_v2(const json_t *c)
{
	json_t *out = json_pack("{s:o, s:o}", "type", str_or_empty(c, "type"), "status",
				str_or_empty(c, "status"));

	if (json_is_string(json_object_get(c, "lastTransitionTime")))
		copy_if(out, "lastTransitionTime", c, "lastTransitionTime");
	if (*(jx_str(c, "reason") ?: ""))
		copy_if(out, "reason", c, "reason");
	if (*(jx_str(c, "message") ?: ""))
		copy_if(out, "message", c, "message");
	return out;
}

/* Each element of arr through conv, as a new array. */
static json_t *map_array(const json_t *arr, json_t *(*conv)(const json_t *))
{
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach(arr, i, v) json_array_append_new(out, conv(v));
	return out;
}

/* ---- behavior, as Go's json.Marshal of the internal type ---- */

static json_t *policy_to_go(const json_t *p)
{
	json_t *out = json_pack("{s:o}", "Type", str_or_empty(p, "type"));

	copy_or(out, "Value", p, "value", json_integer(0));
	copy_or(out, "PeriodSeconds", p, "periodSeconds", json_integer(0));
	return out;
}

static json_t *rules_to_go(const json_t *r)
{
	json_t *out, *pols, *p;
	size_t i;

	if (!json_is_object(r))
		return json_null();
	out = json_object();
	json_object_set(out, "StabilizationWindowSeconds",
			present(r, "stabilizationWindowSeconds") ?: json_null());
	json_object_set(out, "SelectPolicy", present(r, "selectPolicy") ?: json_null());
	pols = json_is_array(json_object_get(r, "policies")) ? json_array() : json_null();
	json_array_foreach(json_object_get(r, "policies"), i, p)
	    json_array_append_new(pols, policy_to_go(p));
	json_object_set_new(out, "Policies", pols);
	json_object_set(out, "Tolerance", present(r, "tolerance") ?: json_null());
	return out;
}

/* A member matched as encoding/json does: the exact name, else ignoring case. */
static json_t *get_ci(const json_t *o, const char *name)
{
	const char *k;
	json_t *v = json_object_get(o, name);

	if (v)
		return v;
	json_object_foreach((json_t *)o, k, v) if (!strcasecmp(k, name)) return v;
	return NULL;
}

/* Fields of one decoded Go struct: a value of the wrong JSON type fails the whole decode. */
static bool go_field(json_t *out, const char *okey, const json_t *in, const char *name,
		     json_type type)
{
	json_t *v = get_ci(in, name);

	if (!v || json_is_null(v))
		return true;
	if (type == JSON_INTEGER ? !json_is_integer(v)
	    : type == JSON_REAL	 ? !json_is_number(v) && !json_is_string(v)
				 : json_typeof(v) != type)
		return false;
	json_object_set(out, okey, v);
	return true;
}

static json_t *policy_from_go(const json_t *p)
{
	json_t *out = json_pack("{s:s, s:i, s:i}", "type", "", "value", 0, "periodSeconds", 0);

	if (!json_is_object(p) || !go_field(out, "type", p, "Type", JSON_STRING) ||
	    !go_field(out, "value", p, "Value", JSON_INTEGER) ||
	    !go_field(out, "periodSeconds", p, "PeriodSeconds", JSON_INTEGER)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* One direction's rules; *ok turns false when the annotation does not decode. */
static json_t *rules_from_go(const json_t *r, bool *ok)
{
	json_t *out, *pols, *p, *one;
	size_t i;

	if (!r || json_is_null(r))
		return NULL;
	out = json_object();
	if (!json_is_object(r) ||
	    !go_field(out, "stabilizationWindowSeconds", r, "StabilizationWindowSeconds",
		      JSON_INTEGER) ||
	    !go_field(out, "selectPolicy", r, "SelectPolicy", JSON_STRING))
		goto bad;
	pols = get_ci(r, "Policies");
	if (pols && !json_is_null(pols)) {
		if (!json_is_array(pols))
			goto bad;
		json_object_set_new(out, "policies", json_array());
		json_array_foreach(pols, i, p)
		{
			if (!(one = policy_from_go(p)))
				goto bad;
			json_array_append_new(json_object_get(out, "policies"), one);
		}
	}
	/* Quantities decode from strings and numbers alike. */
	if (!go_field(out, "tolerance", r, "Tolerance", JSON_REAL))
		goto bad;
	return out;
bad:
	*ok = false;
	json_decref(out);
	return NULL;
}

/* The behavior an annotation holds, or NULL when it does not decode or is the zero value
 * (upstream then leaves spec.behavior unset). */
static json_t *behavior_from_go(const char *enc)
{
	json_t *v = json_loads(enc, JSON_DECODE_ANY, NULL), *up = NULL, *down = NULL, *out = NULL;
	bool ok = true;

	if (!json_is_object(v))
		goto out;
	up = rules_from_go(get_ci(v, "ScaleUp"), &ok);
	down = rules_from_go(get_ci(v, "ScaleDown"), &ok);
	if (!ok || (!up && !down))
		goto out;
	out = json_object();
	if (up)
		json_object_set(out, "scaleUp", up);
	if (down)
		json_object_set(out, "scaleDown", down);
out:
	json_decref(up);
	json_decref(down);
	json_decref(v);
	return out;
}

/* ---- annotations ---- */

static void drop_round_trip(json_t *obj)
{
	json_t *ann = jx_get(obj, "metadata.annotations");

	if (!json_is_object(ann))
		return;
	for (int i = 0; round_trip[i]; i++)
		json_object_del(ann, round_trip[i]);
	if (!json_object_size(ann))
		jx_del(obj, "metadata.annotations");
}

/* Set one annotation to the compact JSON of val (stolen). */
static void annotate(json_t *obj, const char *key, json_t *val)
{
	char *s = jx_dump(val);
	json_t *ann = jx_obj(obj, "metadata.annotations");

	if (ann && s)
		json_object_set_new(ann, key, json_string(s));
	free(s);
	json_decref(val);
}

/* The array an annotation holds, or NULL when absent or not an array. */
static json_t *annotation_array(const json_t *obj, const char *key)
{
	const json_t *ann = jx_get(obj, "metadata.annotations");
	const char *enc = json_string_value(json_object_get(ann, key));
	json_t *v = enc ? json_loads(enc, JSON_DECODE_ANY, NULL) : NULL;

	if (json_is_array(v))
		return v;
	json_decref(v);
	return NULL;
}

/* ---- whole objects ---- */

static json_t *spec_v2_to_v1(const json_t *in)
{
	json_t *out = json_pack("{s:o}", "scaleTargetRef",
				cross_ref(json_object_get(in, "scaleTargetRef"))),
	       *m;
	size_t i;

	copy_if(out, "minReplicas", in, "minReplicas");
	copy_or(out, "maxReplicas", in, "maxReplicas", json_integer(0));
	json_array_foreach(json_object_get(in, "metrics"), i, m)
	{
		if (!is_cpu_resource(m))
			continue;
		copy_if(out, "targetCPUUtilizationPercentage",
			json_object_get(json_object_get(m, "resource"), "target"),
			"averageUtilization");
		break;
	}
	return out;
}

static json_t *status_v2_to_v1(const json_t *in)
{
	json_t *out = json_object(), *m, *u;
	size_t i;

	copy_if(out, "observedGeneration", in, "observedGeneration");
	copy_if(out, "lastScaleTime", in, "lastScaleTime");
	copy_or(out, "currentReplicas", in, "currentReplicas", json_integer(0));
	copy_or(out, "desiredReplicas", in, "desiredReplicas", json_integer(0));
	/* No break, as upstream: the last CPU utilization wins. */
	json_array_foreach(json_object_get(in, "currentMetrics"), i, m)
	{
		if (!is_cpu_resource(m))
			continue;
		u = present(jx_get(m, "resource.current"), "averageUtilization");
		if (u)
			json_object_set(out, "currentCPUUtilizationPercentage", u);
	}
	return out;
}

/* Metrics v1 cannot express: all but CPU utilization targets. */
static json_t *other_metrics(const json_t *metrics)
{
	json_t *out = json_array(), *m;
	size_t i;

	json_array_foreach(metrics, i, m)
	{
		if (is_cpu_resource(m) &&
		    present(jx_get(m, "resource.target"), "averageUtilization"))
			continue;
		json_array_append_new(out, spec_to_v1(m));
	}
	return out;
}

void hpa_v1_out(json_t *obj)
{
	json_t *spec = json_incref(json_object_get(obj, "spec"));
	json_t *status = json_incref(json_object_get(obj, "status"));
	json_t *others = other_metrics(json_object_get(spec, "metrics"));
	const json_t *cur = json_object_get(status, "currentMetrics");
	const json_t *conds = json_object_get(status, "conditions");

	/* Only the annotations this conversion writes may reach a v1 client. */
	drop_round_trip(obj);
	json_object_set_new(obj, "spec", spec_v2_to_v1(spec));
	json_object_set_new(obj, "status", status_v2_to_v1(status));
	if (json_array_size(others))
		annotate(obj, A_METRICS, json_incref(others));
	if (json_array_size(cur))
		annotate(obj, A_CURRENT, map_array(cur, status_to_v1));
	if (present(spec, "behavior"))
		annotate(obj, A_BEHAVIOR,
			 json_pack("{s:o, s:o}", "ScaleUp",
				   rules_to_go(jx_get(spec, "behavior.scaleUp")), "ScaleDown",
				   rules_to_go(jx_get(spec, "behavior.scaleDown"))));
	if (json_array_size(conds))
		annotate(obj, A_CONDITIONS, map_array(conds, condition_to_v1));
	jx_set_str(obj, "apiVersion", "autoscaling/v1");
	json_decref(others);
	json_decref(spec);
	json_decref(status);
}

static json_t *spec_v1_to_v2(const json_t *obj, const json_t *in)
{
	json_t *out =
	    json_pack("{s:o}", "scaleTargetRef", cross_ref(json_object_get(in, "scaleTargetRef")));
	json_t *metrics = json_array(), *others = annotation_array(obj, A_METRICS), *cpu, *b;
	const char *benc =
	    json_string_value(json_object_get(jx_get(obj, "metadata.annotations"), A_BEHAVIOR));
	size_t i;
	json_t *m;

	/* v1's own defaulting, ahead of the conversion. */
	copy_or(out, "minReplicas", in, "minReplicas", json_integer(1));
	copy_or(out, "maxReplicas", in, "maxReplicas", json_integer(0));
	json_array_foreach(others, i, m) json_array_append_new(metrics, spec_to_v2(m));
	/* The CPU target goes after the annotation's metrics. */
	if ((cpu = present(in, "targetCPUUtilizationPercentage")))
		json_array_append_new(metrics, cpu_metric(json_incref(cpu)));
	/* What the v1 controller used to assume, made explicit. */
	if (!json_array_size(metrics))
		json_array_append_new(metrics, cpu_metric(json_integer(DEFAULT_CPU_UTILIZATION)));
	json_object_set_new(out, "metrics", metrics);
	if (benc && (b = behavior_from_go(benc)))
		json_object_set_new(out, "behavior", b);
	json_decref(others);
	return out;
}

static json_t *status_v1_to_v2(const json_t *obj, const json_t *in)
{
	json_t *out = json_object(), *cur = annotation_array(obj, A_CURRENT);
	json_t *conds = annotation_array(obj, A_CONDITIONS), *u;

	copy_if(out, "observedGeneration", in, "observedGeneration");
	copy_if(out, "lastScaleTime", in, "lastScaleTime");
	if (json_integer_value(json_object_get(in, "currentReplicas")))
		copy_if(out, "currentReplicas", in, "currentReplicas");
	copy_or(out, "desiredReplicas", in, "desiredReplicas", json_integer(0));
	/* The annotation has more than the percentage: it wins. */
	if (cur)
		json_object_set_new(out, "currentMetrics", map_array(cur, status_to_v2));
	else if ((u = present(in, "currentCPUUtilizationPercentage")))
		json_object_set_new(out, "currentMetrics",
				    json_pack("[{s:s, s:{s:s, s:{s:O}}}]", "type", "Resource",
					      "resource", "name", "cpu", "current",
					      "averageUtilization", u));
	if (conds)
		json_object_set_new(out, "conditions", map_array(conds, condition_to_v2));
	json_decref(cur);
	json_decref(conds);
	return out;
}

void hpa_v1_in(json_t *obj)
{
	json_t *spec = spec_v1_to_v2(obj, json_object_get(obj, "spec"));
	json_t *status = status_v1_to_v2(obj, json_object_get(obj, "status"));

	json_object_set_new(obj, "spec", spec);
	json_object_set_new(obj, "status", status);
	drop_round_trip(obj);
	jx_set_str(obj, "apiVersion", "autoscaling/v2");
}
