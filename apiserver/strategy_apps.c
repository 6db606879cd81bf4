/* strategy_apps: strategies of the apps group, as upstream's pkg/registry/apps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "jsonx.h"
#include "kind.h"
#include "status.h"
#include "validation.h"

static const char *const always_only[] = {"Always", NULL};

/* Go's %#v of an intstr.IntOrString held by value. */
static char *intstr_go(const json_t *v)
{
	char *s = NULL;
	json_t *tmp = json_array();
	const char *q;

	if (json_is_string(v)) {
		fe_invalid(tmp, "", v, NULL);
		q = json_string_value(jx_get(json_array_get(tmp, 0), "message"));
		if (asprintf(&s, "intstr.IntOrString{Type:1, IntVal:0, StrVal:%s}",
			     q + strlen("Invalid value: ")) < 0)
			s = NULL;
	} else if (asprintf(&s, "intstr.IntOrString{Type:0, IntVal:%lld, StrVal:\"\"}",
			    (long long)json_integer_value(v)) < 0) {
		s = NULL;
	}
	json_decref(tmp);
	return s;
}

/* The value of an int-or-percent; -1 when it does not parse. */
static long intstr_value(const json_t *v)
{
	const char *s = json_string_value(v);
	char *end;
	long n;

	if (!v)
		return 0;
	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (!s || !*s)
		return -1;
	n = strtol(s, &end, 10);
	return strcmp(end, "%") || end == s ? -1 : n;
}

static void val_int_or_percent(json_t *causes, const char *field, const json_t *v)
{
	char *r;

	if (json_is_integer(v)) {
		val_nonneg(causes, field, v);
		return;
	}
	if (!json_is_string(v) || intstr_value(v) >= 0)
		return;
	r = intstr_go(v);
	val_invalid_raw(causes, field, r ? r : "",
			"a valid percent string must be a numeric string followed by an ending '%' "
			"(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
	free(r);
}

static void val_not_over_100(json_t *causes, const char *field, const json_t *v)
{
	char *r;

	if (!json_is_string(v) || intstr_value(v) <= 100)
		return;
	r = intstr_go(v);
	val_invalid_raw(causes, field, r ? r : "", "must not be greater than 100%");
	free(r);
}

/* spec.selector checks every apps workload shares. */
static void val_workload_selector(const json_t *obj, const char *what, json_t *causes)
{
	const json_t *sel = jx_get(obj, "spec.selector");
	char detail[64];

	if (!sel || json_is_null(sel)) {
		fe_required(causes, "spec.selector", "");
		return;
	}
	val_label_selector(causes, "spec.selector", sel);
	if (val_selector_empty(sel)) {
		char *r = val_selector_go(sel);

		snprintf(detail, sizeof(detail), "empty selector is invalid for %s", what);
		val_invalid_raw(causes, "spec.selector", r ? r : "", detail);
		free(r);
	}
}

static void val_selector_immutable(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *ns = jx_get(obj, "spec.selector"), *os = jx_get(old, "spec.selector");
	char *r;

	if (!old || jx_equal(ns, os))
		return;
	r = val_selector_go(ns);
	val_invalid_raw(causes, "spec.selector", r ? r : "", "field is immutable");
	free(r);
}

static void val_status_counts(const json_t *obj, const char *const *keys, json_t *causes)
{
	char f[96];

	for (int i = 0; keys[i]; i++)
		val_nonneg(causes, fe_path(f, sizeof(f), "status.%s", keys[i]),
			   jx_get(json_object_get(obj, "status"), keys[i]));
}

/* ---- deployments ---- */

static void deployment_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec"), *st, *ru;

	if (!json_is_object(spec))
		return;
	def_set(spec, "replicas", json_integer(1));
	st = jx_obj(spec, "strategy");
	if (st && (!jx_str(st, "type") || !*jx_str(st, "type")))
		jx_set_str(st, "type", "RollingUpdate");
	if (st && !strcmp(jx_str(st, "type"), "RollingUpdate")) {
		ru = jx_obj(st, "rollingUpdate");
		def_set(ru, "maxUnavailable", json_string("25%"));
		def_set(ru, "maxSurge", json_string("25%"));
	}
	def_set(spec, "revisionHistoryLimit", json_integer(10));
	def_set(spec, "progressDeadlineSeconds", json_integer(600));
	def_pod_template(json_object_get(spec, "template"));
}

static void deployment_prepare_create(json_t *obj)
{
	json_object_set_new(obj, "status", json_object());
}

/* Upstream bumps a deployment's generation on annotation changes too (rollbacks once rode
 * on them); spec changes are the registry's. */
static void deployment_prepare_update(json_t *obj, const json_t *old)
{
	json_t *md = json_object_get(obj, "metadata");

	if (jx_equal(json_object_get(obj, "spec"), json_object_get(old, "spec")) &&
	    !jx_equal(json_object_get(md, "annotations"), jx_get(old, "metadata.annotations")) &&
	    json_is_object(md))
		json_object_set_new(md, "generation",
				    json_integer(jx_int(old, "metadata.generation", 0) + 1));
}

static void deployment_validate_strategy(const json_t *st, json_t *causes)
{
	static const char *const types[] = {"Recreate", "RollingUpdate", NULL};
	const char *type = jx_str(st, "type") ? jx_str(st, "type") : "";
	const json_t *ru = json_object_get(st, "rollingUpdate");

	if (!strcmp(type, "Recreate")) {
		if (ru && !json_is_null(ru))
			fe_forbidden(causes, "spec.strategy.rollingUpdate",
				     "may not be specified when strategy `type` is 'Recreate'");
	} else if (!strcmp(type, "RollingUpdate")) {
		const json_t *mu = json_object_get(ru, "maxUnavailable");
		const json_t *ms = json_object_get(ru, "maxSurge");

		if (!ru || json_is_null(ru)) {
			fe_required(causes, "spec.strategy.rollingUpdate",
				    "this should be defaulted and never be nil");
			return;
		}
		val_int_or_percent(causes, "spec.strategy.rollingUpdate.maxUnavailable", mu);
		val_int_or_percent(causes, "spec.strategy.rollingUpdate.maxSurge", ms);
		if (intstr_value(mu) == 0 && intstr_value(ms) == 0) {
			char *r = intstr_go(mu);

			val_invalid_raw(causes, "spec.strategy.rollingUpdate.maxUnavailable",
					r ? r : "", "may not be 0 when `maxSurge` is 0");
			free(r);
		}
		val_not_over_100(causes, "spec.strategy.rollingUpdate.maxUnavailable", mu);
	} else {
		/* Upstream reports the whole strategy struct, Go-printed. */
		char *msg = NULL;

		if (asprintf(
			&msg,
			"Unsupported value: apps.DeploymentStrategy{Type:\"%s\", "
			"RollingUpdate:(*apps.RollingUpdateDeployment)(%s)}: supported values: "
			"\"%s\", \"%s\"",
			type, ru ? "0xc000000000" : "nil", types[0], types[1]) >= 0)
			json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason",
								"FieldValueNotSupported", "message",
								msg, "field", "spec.strategy"));
		free(msg);
	}
}

static void deployment_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *pds = json_object_get(spec, "progressDeadlineSeconds");

	val_nonneg(causes, "spec.replicas", json_object_get(spec, "replicas"));
	val_workload_selector(obj, "deployment", causes);
	val_workload_template(causes, "spec.template", json_object_get(spec, "template"),
			      json_object_get(spec, "selector"), always_only, "ReplicaSet");
	deployment_validate_strategy(json_object_get(spec, "strategy"), causes);
	val_nonneg(causes, "spec.minReadySeconds", json_object_get(spec, "minReadySeconds"));
	val_nonneg(causes, "spec.revisionHistoryLimit",
		   json_object_get(spec, "revisionHistoryLimit"));
	if (json_is_integer(pds)) {
		val_nonneg(causes, "spec.progressDeadlineSeconds", pds);
		if (json_integer_value(pds) <= jx_int(spec, "minReadySeconds", 0))
			fe_invalid(causes, "spec.progressDeadlineSeconds", pds,
				   "must be greater than minReadySeconds");
	}
	val_selector_immutable(obj, old, causes);
}

static void deployment_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const keys[] = {"observedGeneration",
					   "replicas",
					   "updatedReplicas",
					   "readyReplicas",
					   "availableReplicas",
					   "unavailableReplicas",
					   NULL};

	(void)old;
	val_status_counts(obj, keys, causes);
}

const struct strategy deployment_strategy = {
    .defaults = deployment_defaults,
    .prepare_create = deployment_prepare_create,
    .prepare_update = deployment_prepare_update,
    .validate = deployment_validate,
    .validate_status = deployment_validate_status,
};

/* ---- replica sets ---- */

static void replicaset_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");

	if (!json_is_object(spec))
		return;
	def_set(spec, "replicas", json_integer(1));
	def_pod_template(json_object_get(spec, "template"));
}

static void replicaset_prepare_create(json_t *obj)
{
	json_object_set_new(obj, "status", json_pack("{s:i}", "replicas", 0));
}

static void replicaset_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *spec = json_object_get(obj, "spec");

	val_nonneg(causes, "spec.replicas", json_object_get(spec, "replicas"));
	val_nonneg(causes, "spec.minReadySeconds", json_object_get(spec, "minReadySeconds"));
	/* Upstream's replica set message names deployments too. */
	val_workload_selector(obj, "deployment", causes);
	val_workload_template(causes, "spec.template", json_object_get(spec, "template"),
			      json_object_get(spec, "selector"), always_only, "ReplicaSet");
	val_selector_immutable(obj, old, causes);
}

static void replicaset_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const keys[] = {"replicas",		 "fullyLabeledReplicas",
					   "readyReplicas",	 "availableReplicas",
					   "observedGeneration", NULL};

	(void)old;
	val_status_counts(obj, keys, causes);
}

const struct strategy replicaset_strategy = {
    .defaults = replicaset_defaults,
    .prepare_create = replicaset_prepare_create,
    .validate = replicaset_validate,
    .validate_status = replicaset_validate_status,
};

/* ---- stateful sets ---- */

static void statefulset_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec"), *us, *rp, *t;
	size_t i;

	if (!json_is_object(spec))
		return;
	if (!jx_str(spec, "podManagementPolicy") || !*jx_str(spec, "podManagementPolicy"))
		jx_set_str(spec, "podManagementPolicy", "OrderedReady");
	us = jx_obj(spec, "updateStrategy");
	if (us && (!jx_str(us, "type") || !*jx_str(us, "type"))) {
		jx_set_str(us, "type", "RollingUpdate");
		jx_obj(us, "rollingUpdate");
	}
	if (us && !strcmp(jx_str(us, "type"), "RollingUpdate") &&
	    json_is_object(json_object_get(us, "rollingUpdate")))
		def_set(json_object_get(us, "rollingUpdate"), "partition", json_integer(0));
	rp = jx_obj(spec, "persistentVolumeClaimRetentionPolicy");
	if (rp && !jx_str(rp, "whenDeleted"))
		jx_set_str(rp, "whenDeleted", "Retain");
	if (rp && !jx_str(rp, "whenScaled"))
		jx_set_str(rp, "whenScaled", "Retain");
	def_set(spec, "replicas", json_integer(1));
	def_set(spec, "revisionHistoryLimit", json_integer(10));
	def_pod_template(json_object_get(spec, "template"));
	json_array_foreach(json_object_get(spec, "volumeClaimTemplates"), i, t)
	{
		if (!json_is_object(t))
			continue;
		def_pvc(t);
		def_set(jx_obj(t, "metadata"), "creationTimestamp", json_null());
		jx_default(t, "apiVersion", json_string("v1"));
		jx_default(t, "kind", json_string("PersistentVolumeClaim"));
	}
}

static void statefulset_prepare_create(json_t *obj)
{
	json_object_set_new(obj, "status",
			    json_pack("{s:i, s:i}", "replicas", 0, "availableReplicas", 0));
}

static void statefulset_validate_spec(const json_t *spec, json_t *causes)
{
	static const char *const retain[] = {"Retain", "Delete", NULL};
	const char *pmp = jx_str(spec, "podManagementPolicy");
	const json_t *us = json_object_get(spec, "updateStrategy");
	const char *ut = jx_str(us, "type");

	if (!pmp || !*pmp)
		fe_required(causes, "spec.podManagementPolicy", "");
	else if (strcmp(pmp, "OrderedReady") && strcmp(pmp, "Parallel"))
		fe_invalid_str(causes, "spec.podManagementPolicy", pmp,
			       "must be 'OrderedReady' or 'Parallel'");
	if (!ut || !*ut) {
		fe_required(causes, "spec.updateStrategy", "");
	} else if (!strcmp(ut, "OnDelete")) {
		if (json_object_get(us, "rollingUpdate"))
			fe_invalid(causes, "spec.updateStrategy.rollingUpdate",
				   json_object_get(us, "rollingUpdate"),
				   "only allowed for updateStrategy 'RollingUpdate'");
	} else if (!strcmp(ut, "RollingUpdate")) {
		val_nonneg(causes, "spec.updateStrategy.rollingUpdate.partition",
			   jx_get(us, "rollingUpdate.partition"));
	} else {
		fe_invalid(causes, "spec.updateStrategy", us,
			   "must be 'RollingUpdate' or 'OnDelete'");
	}
	if (jx_get(spec, "persistentVolumeClaimRetentionPolicy.whenDeleted"))
		val_enum(causes, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
			 jx_get(spec, "persistentVolumeClaimRetentionPolicy.whenDeleted"), retain,
			 true);
	if (jx_get(spec, "persistentVolumeClaimRetentionPolicy.whenScaled"))
		val_enum(causes, "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
			 jx_get(spec, "persistentVolumeClaimRetentionPolicy.whenScaled"), retain,
			 true);
	val_nonneg(causes, "spec.replicas", json_object_get(spec, "replicas"));
	val_nonneg(causes, "spec.minReadySeconds", json_object_get(spec, "minReadySeconds"));
	val_nonneg(causes, "spec.ordinals.start", jx_get(spec, "ordinals.start"));
}

/* Fields a stateful set update may change; the rest must stay. */
static void statefulset_validate_update(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const mutable_fields[] = {"replicas",
						     "ordinals",
						     "template",
						     "updateStrategy",
						     "revisionHistoryLimit",
						     "persistentVolumeClaimRetentionPolicy",
						     "minReadySeconds",
						     NULL};
	json_t *a = json_deep_copy(json_object_get(obj, "spec"));
	json_t *b = json_deep_copy(jx_get(old, "spec"));

	for (int i = 0; mutable_fields[i]; i++) {
		json_object_del(a, mutable_fields[i]);
		json_object_del(b, mutable_fields[i]);
	}
	if (!jx_equal(a, b))
		fe_forbidden(causes, "spec",
			     "updates to statefulset spec for fields other than 'replicas', "
			     "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
			     "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are "
			     "forbidden");
	json_decref(a);
	json_decref(b);
}

static void statefulset_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *spec = json_object_get(obj, "spec");

	statefulset_validate_spec(spec, causes);
	val_workload_selector(obj, "statefulset", causes);
	val_workload_template(causes, "spec.template", json_object_get(spec, "template"),
			      json_object_get(spec, "selector"), always_only, "StatefulSet");
	if (old)
		statefulset_validate_update(obj, old, causes);
}

static void statefulset_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const keys[] = {"replicas",
					   "readyReplicas",
					   "currentReplicas",
					   "updatedReplicas",
					   "availableReplicas",
					   "observedGeneration",
					   NULL};

	(void)old;
	val_status_counts(obj, keys, causes);
}

const struct strategy statefulset_strategy = {
    .defaults = statefulset_defaults,
    .prepare_create = statefulset_prepare_create,
    .validate = statefulset_validate,
    .validate_status = statefulset_validate_status,
};

/* ---- daemon sets ---- */

static void daemonset_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec"), *us, *ru;

	if (!json_is_object(spec))
		return;
	us = jx_obj(spec, "updateStrategy");
	if (us && (!jx_str(us, "type") || !*jx_str(us, "type")))
		jx_set_str(us, "type", "RollingUpdate");
	if (us && !strcmp(jx_str(us, "type"), "RollingUpdate")) {
		ru = jx_obj(us, "rollingUpdate");
		def_set(ru, "maxUnavailable", json_integer(1));
		def_set(ru, "maxSurge", json_integer(0));
	}
	def_set(spec, "revisionHistoryLimit", json_integer(10));
	def_pod_template(json_object_get(spec, "template"));
}

static void daemonset_prepare_create(json_t *obj)
{
	json_object_set_new(obj, "status",
			    json_pack("{s:i, s:i, s:i, s:i}", "currentNumberScheduled", 0,
				      "numberMisscheduled", 0, "desiredNumberScheduled", 0,
				      "numberReady", 0));
}

static void daemonset_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const types[] = {"OnDelete", "RollingUpdate", NULL};
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *us = json_object_get(spec, "updateStrategy");

	val_workload_selector(obj, "daemonset", causes);
	val_workload_template(causes, "spec.template", json_object_get(spec, "template"),
			      json_object_get(spec, "selector"), always_only, "DaemonSet");
	val_nonneg(causes, "spec.minReadySeconds", json_object_get(spec, "minReadySeconds"));
	val_enum(causes, "spec.updateStrategy.type", json_object_get(us, "type"), types, true);
	if (jx_str(us, "type") && !strcmp(jx_str(us, "type"), "RollingUpdate")) {
		const json_t *mu = jx_get(us, "rollingUpdate.maxUnavailable");
		const json_t *ms = jx_get(us, "rollingUpdate.maxSurge");

		val_int_or_percent(causes, "spec.updateStrategy.rollingUpdate.maxUnavailable", mu);
		val_int_or_percent(causes, "spec.updateStrategy.rollingUpdate.maxSurge", ms);
		if (intstr_value(mu) == 0 && intstr_value(ms) == 0) {
			char *r = intstr_go(mu);

			val_invalid_raw(causes, "spec.updateStrategy.rollingUpdate.maxUnavailable",
					r ? r : "", "may not be 0 when `maxSurge` is 0");
			free(r);
		}
		val_not_over_100(causes, "spec.updateStrategy.rollingUpdate.maxUnavailable", mu);
	}
	val_nonneg(causes, "spec.revisionHistoryLimit",
		   json_object_get(spec, "revisionHistoryLimit"));
	val_selector_immutable(obj, old, causes);
}

static void daemonset_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const keys[] = {"currentNumberScheduled",
					   "numberMisscheduled",
					   "desiredNumberScheduled",
					   "numberReady",
					   "observedGeneration",
					   "updatedNumberScheduled",
					   "numberAvailable",
					   "numberUnavailable",
					   NULL};

	(void)old;
	val_status_counts(obj, keys, causes);
}

const struct strategy daemonset_strategy = {
    .defaults = daemonset_defaults,
    .prepare_create = daemonset_prepare_create,
    .validate = daemonset_validate,
    .validate_status = daemonset_validate_status,
};

/* ---- controller revisions ---- */

static void controllerrevision_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *data = json_object_get(obj, "data");

	if (!data || json_is_null(data))
		fe_required(causes, "data", "data is mandatory");
	val_nonneg(causes, "revision", json_object_get(obj, "revision"));
	if (old && !jx_equal(data, json_object_get(old, "data")))
		fe_invalid(causes, "data", data, "field is immutable");
}

const struct strategy controllerrevision_strategy = {
    .validate = controllerrevision_validate,
};
