/* strategy_other: strategies of batch, coordination, discovery, rbac, certificates, policy,
 * networking, autoscaling, events, scheduling, storage and apiregistration kinds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "conditions.h"
#include "defaults.h"
#include "jsonx.h"
#include "kind.h"
#include "log.h"
#include "status.h"
#include "validation.h"

static const char rbac_group[] = "rbac.authorization.k8s.io";
static const char *const protocols[] = {"SCTP", "TCP", "UDP", NULL};

static void set_status(json_t *obj, json_t *status)
{
	json_object_set_new(obj, "status", status);
}

static bool str_empty(const json_t *obj, const char *path)
{
	const char *s = jx_str(obj, path);

	return !s || !*s;
}

static void require(json_t *causes, const json_t *obj, const char *path)
{
	if (str_empty(obj, path))
		fe_required(causes, path, "");
}

static void immutable_selector(const json_t *obj, const json_t *old, const char *path,
			       json_t *causes)
{
	char *r;

	if (!old || jx_equal(jx_get(obj, path), jx_get(old, path)))
		return;
	r = val_selector_go(jx_get(obj, path));
	val_invalid_raw(causes, path, r ? r : "", "field is immutable");
	free(r);
}

/* ---- jobs ---- */

static void job_spec_defaults(json_t *spec)
{
	if (!json_is_object(spec))
		return;
	if (!json_object_get(spec, "completions") && !json_object_get(spec, "parallelism"))
		json_object_set_new(spec, "completions", json_integer(1));
	def_set(spec, "parallelism", json_integer(1));
	def_set(spec, "backoffLimit",
		json_integer(json_object_get(spec, "backoffLimitPerIndex") ? 2147483647 : 6));
	def_set(spec, "completionMode", json_string("NonIndexed"));
	def_set(spec, "suspend", json_false());
	def_set(spec, "podReplacementPolicy",
		json_string(json_object_get(spec, "podFailurePolicy") ? "Failed"
								      : "TerminatingOrFailed"));
}

static void job_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");
	json_t *labels = jx_get(spec, "template.metadata.labels");

	job_spec_defaults(spec);
	if (json_is_object(labels) && !json_object_size(jx_get(obj, "metadata.labels")))
		jx_set(obj, "metadata.labels", json_deep_copy(labels));
	def_pod_template(json_object_get(spec, "template"));
}

/* Upstream's generateSelector: pods carry the job's name and uid; the selector picks the
 * uid. Needs metadata.uid, which the registry sets before prepare_create. */
static void job_generate_selector(json_t *obj)
{
	static const char *const name_keys[] = {"job-name", "batch.kubernetes.io/job-name", NULL};
	static const char *const uid_keys[] = {"controller-uid",
					       "batch.kubernetes.io/controller-uid", NULL};
	const char *name = jx_str(obj, "metadata.name"), *uid = jx_str(obj, "metadata.uid");
	json_t *labels = jx_obj(obj, "spec.template.metadata.labels");
	json_t *ml = jx_obj(obj, "spec.selector.matchLabels");

	if (!labels || !ml)
		return;
	for (int i = 0; name_keys[i]; i++)
		if (!json_object_get(labels, name_keys[i]))
			json_object_set_new(labels, name_keys[i], json_string(name ? name : ""));
	for (int i = 0; uid_keys[i]; i++)
		if (!json_object_get(labels, uid_keys[i]))
			json_object_set_new(labels, uid_keys[i], json_string(uid ? uid : ""));
	if (!json_object_get(ml, uid_keys[1]))
		json_object_set_new(ml, uid_keys[1], json_string(uid ? uid : ""));
}

static void job_prepare_create(json_t *obj)
{
	if (!jx_bool(obj, "spec.manualSelector", false) &&
	    json_is_object(json_object_get(obj, "spec")))
		job_generate_selector(obj);
	set_status(obj, json_object());
}

static void job_validate_spec(const json_t *spec, const char *base, json_t *causes)
{
	static const char *const nonneg[] = {"parallelism",
					     "completions",
					     "activeDeadlineSeconds",
					     "backoffLimit",
					     "ttlSecondsAfterFinished",
					     NULL};
	static const char *const modes[] = {"NonIndexed", "Indexed", NULL};
	static const char *const restart[] = {"OnFailure", "Never", NULL};
	char f[128];

	for (int i = 0; nonneg[i]; i++)
		val_nonneg(causes, fe_path(f, sizeof(f), "%s.%s", base, nonneg[i]),
			   json_object_get(spec, nonneg[i]));
	if (json_object_get(spec, "completionMode")) {
		val_enum(causes, fe_path(f, sizeof(f), "%s.completionMode", base),
			 json_object_get(spec, "completionMode"), modes, true);
		if (!strcmp(jx_str(spec, "completionMode") ? jx_str(spec, "completionMode") : "",
			    "Indexed") &&
		    !json_object_get(spec, "completions"))
			fe_required(causes, fe_path(f, sizeof(f), "%s.completions", base),
				    "when completion mode is Indexed");
	}
	if (!json_object_get(spec, "selector"))
		fe_required(causes, fe_path(f, sizeof(f), "%s.selector", base), "");
	else
		val_label_selector(causes, fe_path(f, sizeof(f), "%s.selector", base),
				   json_object_get(spec, "selector"));
	val_workload_template(causes, fe_path(f, sizeof(f), "%s.template", base),
			      json_object_get(spec, "template"), json_object_get(spec, "selector"),
			      restart, NULL);
}

static void job_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const immut[] = {"completionMode", "podFailurePolicy",
					    "backoffLimitPerIndex", "managedBy", NULL};
	const json_t *spec = json_object_get(obj, "spec"), *ospec;
	char f[64];

	job_validate_spec(spec, "spec", causes);
	if (!old)
		return;
	ospec = json_object_get(old, "spec");
	if (!jx_str(spec, "completionMode") || strcmp(jx_str(spec, "completionMode"), "Indexed"))
		val_immutable(causes, "spec.completions", json_object_get(spec, "completions"),
			      json_object_get(ospec, "completions"));
	immutable_selector(obj, old, "spec.selector", causes);
	/* Upstream prints the whole core.PodTemplateSpec struct here. */
	if (!jx_equal(json_object_get(spec, "template"), json_object_get(ospec, "template")))
		val_invalid_raw(causes, "spec.template", "core.PodTemplateSpec{...}",
				"field is immutable");
	for (int i = 0; immut[i]; i++)
		if (!jx_equal(json_object_get(spec, immut[i]), json_object_get(ospec, immut[i])))
			val_immutable(causes, fe_path(f, sizeof(f), "spec.%s", immut[i]),
				      json_object_get(spec, immut[i])
					  ? json_object_get(spec, immut[i])
					  : json_null(),
				      json_object_get(ospec, immut[i]));
}

const struct strategy job_strategy = {
    .defaults = job_defaults,
    .prepare_create = job_prepare_create,
    .validate = job_validate,
};

/* ---- cron jobs ---- */

static void cronjob_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec"), *jt;

	if (!json_is_object(spec))
		return;
	if (str_empty(spec, "concurrencyPolicy"))
		jx_set_str(spec, "concurrencyPolicy", "Allow");
	def_set(spec, "suspend", json_false());
	def_set(spec, "successfulJobsHistoryLimit", json_integer(3));
	def_set(spec, "failedJobsHistoryLimit", json_integer(1));
	jt = json_object_get(spec, "jobTemplate");
	if (json_is_object(jt)) {
		def_set(jx_obj(jt, "metadata"), "creationTimestamp", json_null());
		def_pod_template(jx_get(jt, "spec.template"));
	}
}

static void cronjob_prepare_create(json_t *obj)
{
	set_status(obj, json_object());
}

static bool cron_field_ok(const char *f)
{
	for (; *f; f++)
		if (!strchr("0123456789*/,-?LW#", *f) && !(*f >= 'A' && *f <= 'Z') &&
		    !(*f >= 'a' && *f <= 'z'))
			return false;
	return true;
}

/* A five-field schedule or a @descriptor, as robfig/cron's standard parser accepts. */
static void cron_validate_schedule(const char *s, json_t *causes)
{
	static const char *const desc[] = {"@yearly", "@annually", "@monthly", "@weekly",
					   "@daily",  "@midnight", "@hourly",  NULL};
	char buf[256], *save = NULL, *tok, detail[320];
	const char *body = s;
	int n = 0;
	bool ok = true;

	if (!strncmp(s, "TZ=", 3) || !strncmp(s, "CRON_TZ=", 8)) {
		fe_invalid_str(causes, "spec.schedule", s,
			       "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
		return;
	}
	if (*s == '@') {
		for (int i = 0; desc[i]; i++)
			if (!strcmp(s, desc[i]))
				return;
		if (!strncmp(s, "@every ", 7))
			return;
		snprintf(detail, sizeof(detail), "unrecognized descriptor: %s", s);
		fe_invalid_str(causes, "spec.schedule", s, detail);
		return;
	}
	snprintf(buf, sizeof(buf), "%s", body);
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		n++;
		ok &= cron_field_ok(tok);
	}
	if (n != 5) {
		snprintf(detail, sizeof(detail), "expected exactly 5 fields, found %d: %s", n, s);
		fe_invalid_str(causes, "spec.schedule", s, detail);
	} else if (!ok) {
		fe_invalid_str(causes, "spec.schedule", s, "failed to parse schedule");
	}
}

static void cronjob_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const policies[] = {"Allow", "Forbid", "Replace", NULL};
	static const char *const restart[] = {"OnFailure", "Never", NULL};
	const json_t *spec = json_object_get(obj, "spec");
	const char *name = jx_str(obj, "metadata.name");
	const json_t *jt = json_object_get(spec, "jobTemplate");

	if (!old && name && strlen(name) > 52)
		fe_invalid_str(causes, "metadata.name", name, "must be no more than 52 characters");
	if (str_empty(spec, "schedule"))
		fe_required(causes, "spec.schedule", "");
	else
		cron_validate_schedule(jx_str(spec, "schedule"), causes);
	val_nonneg(causes, "spec.startingDeadlineSeconds",
		   json_object_get(spec, "startingDeadlineSeconds"));
	val_enum(causes, "spec.concurrencyPolicy", json_object_get(spec, "concurrencyPolicy"),
		 policies, true);
	val_nonneg(causes, "spec.successfulJobsHistoryLimit",
		   json_object_get(spec, "successfulJobsHistoryLimit"));
	val_nonneg(causes, "spec.failedJobsHistoryLimit",
		   json_object_get(spec, "failedJobsHistoryLimit"));
	val_labels(causes, "spec.jobTemplate.labels", jx_get(jt, "metadata.labels"));
	val_annotations(causes, "spec.jobTemplate.annotations", jx_get(jt, "metadata.annotations"));
	val_workload_template(causes, "spec.jobTemplate.spec.template", jx_get(jt, "spec.template"),
			      jx_get(jt, "spec.selector"), restart, NULL);
}

const struct strategy cronjob_strategy = {
    .defaults = cronjob_defaults,
    .prepare_create = cronjob_prepare_create,
    .validate = cronjob_validate,
};

/* ---- leases ---- */

static void lease_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *d = jx_get(obj, "spec.leaseDurationSeconds");

	(void)old;
	if (json_is_integer(d) && json_integer_value(d) <= 0)
		fe_invalid(causes, "spec.leaseDurationSeconds", d, "must be greater than 0");
	val_nonneg(causes, "spec.leaseTransitions", jx_get(obj, "spec.leaseTransitions"));
	if (jx_get(obj, "spec.preferredHolder") && !jx_get(obj, "spec.strategy"))
		fe_forbidden(causes, "spec.preferredHolder",
			     "may only be specified if `strategy` is defined");
}

const struct strategy lease_strategy = {
    .validate = lease_validate,
};

/* ---- endpoint slices ---- */

static void endpointslice_defaults(json_t *obj)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(obj, "ports"), i, p)
	{
		if (!json_is_object(p))
			continue;
		def_set(p, "name", json_string(""));
		def_set(p, "protocol", json_string("TCP"));
	}
}

static void endpointslice_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const types[] = {"FQDN", "IPv4", "IPv6", NULL};
	const json_t *e, *p;
	char f[96];
	size_t i;

	val_enum(causes, "addressType", json_object_get(obj, "addressType"), types, true);
	json_array_foreach(json_object_get(obj, "endpoints"), i, e)
	{
		size_t n = json_array_size(json_object_get(e, "addresses"));

		fe_path(f, sizeof(f), "endpoints[%zu].addresses", i);
		if (!n)
			fe_required(causes, f, "must contain at least 1 address");
		else if (n > 100)
			fe_too_many(causes, f, (int)n, 100);
	}
	json_array_foreach(json_object_get(obj, "ports"), i, p)
	{
		if (!str_empty(p, "name"))
			val_dns_label(causes, fe_path(f, sizeof(f), "ports[%zu].name", i),
				      jx_str(p, "name"));
		if (json_object_get(p, "port"))
			val_port_num(causes, fe_path(f, sizeof(f), "ports[%zu].port", i),
				     json_object_get(p, "port"), false);
		val_enum(causes, fe_path(f, sizeof(f), "ports[%zu].protocol", i),
			 json_object_get(p, "protocol"), protocols, true);
	}
	if (old)
		val_immutable(causes, "addressType", json_object_get(obj, "addressType"),
			      json_object_get(old, "addressType"));
}

const struct strategy endpointslice_strategy = {
    .defaults = endpointslice_defaults,
    .validate = endpointslice_validate,
};

/* ---- RBAC ---- */

static void rbac_validate_rules(const json_t *obj, bool namespaced, json_t *causes)
{
	const json_t *r;
	char f[96];
	size_t i;

	json_array_foreach(json_object_get(obj, "rules"), i, r)
	{
		const json_t *urls = json_object_get(r, "nonResourceURLs");

		if (!json_array_size(json_object_get(r, "verbs")))
			fe_required(causes, fe_path(f, sizeof(f), "rules[%zu].verbs", i),
				    "verbs must contain at least one value");
		if (json_array_size(urls)) {
			fe_path(f, sizeof(f), "rules[%zu].nonResourceURLs", i);
			if (namespaced)
				fe_invalid(causes, f, urls,
					   "namespaced rules cannot apply to non-resource URLs");
			if (json_array_size(json_object_get(r, "apiGroups")) ||
			    json_array_size(json_object_get(r, "resources")) ||
			    json_array_size(json_object_get(r, "resourceNames")))
				fe_invalid(causes, f, urls,
					   "rules cannot apply to both regular resources and "
					   "non-resource URLs");
			continue;
		}
		if (!json_array_size(json_object_get(r, "apiGroups")))
			fe_required(causes, fe_path(f, sizeof(f), "rules[%zu].apiGroups", i),
				    "resource rules must supply at least one api group");
		if (!json_array_size(json_object_get(r, "resources")))
			fe_required(causes, fe_path(f, sizeof(f), "rules[%zu].resources", i),
				    "resource rules must supply at least one resource");
	}
}

static void role_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	(void)old;
	rbac_validate_rules(obj, true, causes);
}

static void clusterrole_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *s;
	char f[96];
	size_t i;

	(void)old;
	rbac_validate_rules(obj, false, causes);
	json_array_foreach(jx_get(obj, "aggregationRule.clusterRoleSelectors"), i, s)
	    val_label_selector(
		causes, fe_path(f, sizeof(f), "aggregationRule.clusterRoleSelectors[%zu]", i), s);
}

const struct strategy role_strategy = {
    .validate = role_validate,
};

const struct strategy clusterrole_strategy = {
    .validate = clusterrole_validate,
};

static void binding_defaults(json_t *obj)
{
	json_t *s;
	size_t i;

	if (json_is_object(json_object_get(obj, "roleRef")) && str_empty(obj, "roleRef.apiGroup"))
		jx_set_str(obj, "roleRef.apiGroup", rbac_group);
	json_array_foreach(json_object_get(obj, "subjects"), i, s)
	{
		const char *kind = jx_str(s, "kind");

		if (!json_is_object(s) || !str_empty(s, "apiGroup") || !kind)
			continue;
		if (!strcmp(kind, "User") || !strcmp(kind, "Group"))
			jx_set_str(s, "apiGroup", rbac_group);
	}
}

static void binding_validate_subject(const json_t *s, bool namespaced, const char *path,
				     json_t *causes)
{
	static const char *const kinds[] = {"ServiceAccount", "User", "Group", NULL};
	static const char *const core_group[] = {"", NULL};
	static const char *const rbac_groups[] = {rbac_group, NULL};
	const char *kind = jx_str(s, "kind") ? jx_str(s, "kind") : "";
	const char *group = jx_str(s, "apiGroup") ? jx_str(s, "apiGroup") : "";
	json_t *gv = json_string(group);
	char f[128];

	fe_path(f, sizeof(f), "%s.name", path);
	if (str_empty(s, "name"))
		fe_required(causes, f, "");
	if (!strcmp(kind, "ServiceAccount")) {
		if (!str_empty(s, "name"))
			val_dns_subdomain(causes, f, jx_str(s, "name"));
		if (*group)
			fe_not_supported(causes, fe_path(f, sizeof(f), "%s.apiGroup", path), gv,
					 core_group);
		if (!namespaced && str_empty(s, "namespace"))
			fe_required(causes, fe_path(f, sizeof(f), "%s.namespace", path), "");
	} else if (!strcmp(kind, "User") || !strcmp(kind, "Group")) {
		if (strcmp(group, rbac_group))
			fe_not_supported(causes, fe_path(f, sizeof(f), "%s.apiGroup", path), gv,
					 rbac_groups);
	} else {
		json_t *kv = json_string(kind);

		fe_not_supported(causes, fe_path(f, sizeof(f), "%s.kind", path), kv, kinds);
		json_decref(kv);
	}
	json_decref(gv);
}

static bool kind_in(const char *kind, const char *const *list)
{
	for (int i = 0; kind && list[i]; i++)
		if (!strcmp(kind, list[i]))
			return true;
	return false;
}

static void binding_validate(const json_t *obj, const json_t *old, bool namespaced, json_t *causes)
{
	static const char *const rbac_groups[] = {rbac_group, NULL};
	static const char *const ns_kinds[] = {"Role", "ClusterRole", NULL};
	static const char *const cluster_kinds[] = {"ClusterRole", NULL};
	const json_t *ref = json_object_get(obj, "roleRef"), *s;
	json_t *empty = json_string("");
	char f[64];
	size_t i;

	if (strcmp(jx_str(ref, "apiGroup") ? jx_str(ref, "apiGroup") : "", rbac_group))
		fe_not_supported(causes, "roleRef.apiGroup",
				 json_object_get(ref, "apiGroup") ? json_object_get(ref, "apiGroup")
								  : empty,
				 rbac_groups);
	if (!kind_in(jx_str(ref, "kind"), namespaced ? ns_kinds : cluster_kinds))
		fe_not_supported(causes, "roleRef.kind",
				 json_object_get(ref, "kind") ? json_object_get(ref, "kind")
							      : empty,
				 namespaced ? ns_kinds : cluster_kinds);
	if (str_empty(ref, "name"))
		fe_required(causes, "roleRef.name", "");
	else
		val_name(causes, "roleRef.name", jx_str(ref, "name"), VAL_NAME_SEGMENT);
	json_array_foreach(json_object_get(obj, "subjects"), i, s) binding_validate_subject(
	    s, namespaced, fe_path(f, sizeof(f), "subjects[%zu]", i), causes);
	if (old && !jx_equal(ref, json_object_get(old, "roleRef"))) {
		char r[512];

		snprintf(r, sizeof(r), "rbac.RoleRef{APIGroup:\"%s\", Kind:\"%s\", Name:\"%s\"}",
			 jx_str(ref, "apiGroup") ? jx_str(ref, "apiGroup") : "",
			 jx_str(ref, "kind") ? jx_str(ref, "kind") : "",
			 jx_str(ref, "name") ? jx_str(ref, "name") : "");
		val_invalid_raw(causes, "roleRef", r, "cannot change roleRef");
	}
	json_decref(empty);
}

static void rolebinding_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	binding_validate(obj, old, true, causes);
}

static void clusterrolebinding_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	binding_validate(obj, old, false, causes);
}

const struct strategy rolebinding_strategy = {
    .defaults = binding_defaults,
    .validate = rolebinding_validate,
};

const struct strategy clusterrolebinding_strategy = {
    .defaults = binding_defaults,
    .validate = clusterrolebinding_validate,
};

/* ---- certificate signing requests ---- */

static void csr_prepare_create(json_t *obj)
{
	set_status(obj, json_object());
}

/* Who asked is the requester, whatever the body says: approvers trust these fields. */
static void csr_stamp_requester(json_t *obj, const struct user *u)
{
	json_t *spec = jx_obj(obj, "spec"), *groups = json_array();

	if (!spec)
		return;
	json_object_del(spec, "username");
	json_object_del(spec, "uid");
	json_object_del(spec, "groups");
	json_object_del(spec, "extra");
	if (u->name)
		json_object_set_new(spec, "username", json_string(u->name));
	if (u->uid && *u->uid)
		json_object_set_new(spec, "uid", json_string(u->uid));
	for (int i = 0; i < u->ngroups; i++)
		json_array_append_new(groups, json_string(u->groups[i]));
	json_object_set_new(spec, "groups", groups);
}

static void csr_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const usages[] = {"signing",
					     "digital signature",
					     "content commitment",
					     "key encipherment",
					     "key agreement",
					     "data encipherment",
					     "cert sign",
					     "crl sign",
					     "encipher only",
					     "decipher only",
					     "any",
					     "server auth",
					     "client auth",
					     "code signing",
					     "email protection",
					     "s/mime",
					     "ipsec end system",
					     "ipsec tunnel",
					     "ipsec user",
					     "timestamping",
					     "ocsp signing",
					     "microsoft sgc",
					     "netscape sgc",
					     NULL};
	const json_t *u;
	size_t i;

	(void)old;
	require(causes, obj, "spec.request");
	if (str_empty(obj, "spec.signerName"))
		fe_required(causes, "spec.signerName", "");
	else if (!strchr(jx_str(obj, "spec.signerName"), '/'))
		fe_invalid(causes, "spec.signerName", jx_get(obj, "spec.signerName"),
			   "must be a fully qualified domain and path of the form "
			   "'example.com/signer-name'");
	if (!json_array_size(jx_get(obj, "spec.usages")))
		fe_required(causes, "spec.usages", "");
	json_array_foreach(jx_get(obj, "spec.usages"), i, u)
	{
		char f[64];

		val_enum(causes, fe_path(f, sizeof(f), "spec.usages[%zu]", i), u, usages, true);
	}
	val_positive(causes, "spec.expirationSeconds", jx_get(obj, "spec.expirationSeconds"));
}

const struct strategy csr_strategy = {
    .prepare_create = csr_prepare_create,
    .stamp_requester = csr_stamp_requester,
    .validate = csr_validate,
};

/* ---- pod disruption budgets ---- */

static void pdb_prepare_create(json_t *obj)
{
	set_status(obj, json_pack("{s:i, s:i, s:i, s:i}", "disruptionsAllowed", 0, "currentHealthy",
				  0, "desiredHealthy", 0, "expectedPods", 0));
}

static void pdb_int_or_percent(json_t *causes, const char *field, const json_t *v)
{
	const char *s = json_string_value(v);
	char *end;
	long n;

	if (json_is_integer(v)) {
		val_nonneg(causes, field, v);
		return;
	}
	if (!s)
		return;
	n = strtol(s, &end, 10);
	if (end == s || strcmp(end, "%"))
		fe_invalid(causes, field, v,
			   "a valid percent string must be a numeric string followed by an ending "
			   "'%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
	else if (n > 100)
		fe_invalid(causes, field, v, "must not be greater than 100%");
}

static void pdb_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const policies[] = {"AlwaysAllow", "IfHealthyBudget", NULL};
	const json_t *spec = json_object_get(obj, "spec");

	(void)old;
	if (json_object_get(spec, "minAvailable") && json_object_get(spec, "maxUnavailable"))
		fe_invalid(causes, "spec.minAvailable", json_object_get(spec, "minAvailable"),
			   "minAvailable and maxUnavailable cannot be both set");
	pdb_int_or_percent(causes, "spec.minAvailable", json_object_get(spec, "minAvailable"));
	pdb_int_or_percent(causes, "spec.maxUnavailable", json_object_get(spec, "maxUnavailable"));
	val_label_selector(causes, "spec.selector", json_object_get(spec, "selector"));
	if (json_object_get(spec, "unhealthyPodEvictionPolicy"))
		val_enum(causes, "spec.unhealthyPodEvictionPolicy",
			 json_object_get(spec, "unhealthyPodEvictionPolicy"), policies, true);
}

const struct strategy pdb_strategy = {
    .prepare_create = pdb_prepare_create,
    .validate = pdb_validate,
};

/* ---- ingresses and ingress classes ---- */

static void ingress_prepare_create(json_t *obj)
{
	set_status(obj, json_pack("{s:{}}", "loadBalancer"));
}

static void ingress_validate_backend(const json_t *b, const char *path, json_t *causes)
{
	const json_t *svc = json_object_get(b, "service");
	char f[256];

	if (json_object_get(b, "resource") && svc) {
		fe_invalid_str(causes, path, "", "cannot set both resource and service backends");
		return;
	}
	if (json_object_get(b, "resource")) {
		if (str_empty(json_object_get(b, "resource"), "kind"))
			fe_required(causes, fe_path(f, sizeof(f), "%s.resource.kind", path), "");
		if (str_empty(json_object_get(b, "resource"), "name"))
			fe_required(causes, fe_path(f, sizeof(f), "%s.resource.name", path), "");
		return;
	}
	if (!svc) {
		fe_invalid_str(causes, path, "", "resource or service backend is required");
		return;
	}
	fe_path(f, sizeof(f), "%s.service.name", path);
	if (str_empty(svc, "name"))
		fe_required(causes, f, "");
	else
		val_dns1035_label(causes, f, jx_str(svc, "name"));
	if (!str_empty(svc, "port.name") && jx_int(svc, "port.number", 0))
		fe_invalid_str(causes, path, "", "cannot set both port name & port number");
	else if (!str_empty(svc, "port.name"))
		val_port_name(causes, fe_path(f, sizeof(f), "%s.service.port.name", path),
			      jx_str(svc, "port.name"));
	else if (jx_int(svc, "port.number", 0))
		val_port_num(causes, fe_path(f, sizeof(f), "%s.service.port.number", path),
			     jx_get(svc, "port.number"), false);
	else
		fe_required(causes, path, "port name or number is required");
}

static void ingress_validate_rule(const json_t *r, size_t i, json_t *causes)
{
	static const char *const types[] = {"Exact", "ImplementationSpecific", "Prefix", NULL};
	const char *host = jx_str(r, "host");
	const json_t *p;
	char f[128], g[192];
	size_t j;

	if (host && *host) {
		fe_path(f, sizeof(f), "spec.rules[%zu].host", i);
		if (!strncmp(host, "*.", 2))
			val_dns_subdomain(causes, f, host + 2);
		else
			val_dns_subdomain(causes, f, host);
	}
	json_array_foreach(jx_get(r, "http.paths"), j, p)
	{
		const char *path = jx_str(p, "path");

		fe_path(f, sizeof(f), "spec.rules[%zu].http.paths[%zu]", i, j);
		if (str_empty(p, "pathType"))
			fe_required(causes, fe_path(g, sizeof(g), "%s.pathType", f),
				    "pathType must be specified");
		else
			val_enum(causes, fe_path(g, sizeof(g), "%s.pathType", f),
				 json_object_get(p, "pathType"), types, true);
		if (path && *path != '/')
			fe_invalid_str(causes, fe_path(g, sizeof(g), "%s.path", f), path,
				       "must be an absolute path");
		ingress_validate_backend(json_object_get(p, "backend"),
					 fe_path(g, sizeof(g), "%s.backend", f), causes);
	}
}

static void ingress_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *spec = json_object_get(obj, "spec"), *r;
	size_t i;

	(void)old;
	if (!json_array_size(json_object_get(spec, "rules")) &&
	    !json_object_get(spec, "defaultBackend"))
		fe_invalid(causes, "spec", spec ? spec : json_null(),
			   "either `defaultBackend` or `rules` must be specified");
	if (json_object_get(spec, "defaultBackend"))
		ingress_validate_backend(json_object_get(spec, "defaultBackend"),
					 "spec.defaultBackend", causes);
	json_array_foreach(json_object_get(spec, "rules"), i, r)
	    ingress_validate_rule(r, i, causes);
	if (jx_str(spec, "ingressClassName"))
		val_dns_subdomain(causes, "spec.ingressClassName",
				  jx_str(spec, "ingressClassName"));
}

const struct strategy ingress_strategy = {
    .prepare_create = ingress_prepare_create,
    .validate = ingress_validate,
};

static void ingressclass_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const char *c = jx_str(obj, "spec.controller");

	if (!c || !*c)
		fe_required(causes, "spec.controller", "");
	else if (strlen(c) > 250)
		fe_too_long(causes, "spec.controller", NULL, 250);
	else if (!strchr(c, '/'))
		fe_invalid_str(causes, "spec.controller", c,
			       "must be a domain-prefixed path (such as \"acme.io/foo\")");
	if (old)
		val_immutable(causes, "spec.controller", jx_get(obj, "spec.controller"),
			      jx_get(old, "spec.controller"));
}

const struct strategy ingressclass_strategy = {
    .validate = ingressclass_validate,
};

/* ---- network policies ---- */

static void netpol_default_ports(json_t *rules, const char *key)
{
	json_t *r, *p;
	size_t i, j;

	json_array_foreach(rules, i, r)
	    json_array_foreach(json_object_get(r, key), j, p) if (json_is_object(p))
		def_set(p, "protocol", json_string("TCP"));
}

static void networkpolicy_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec"), *types;

	if (!json_is_object(spec))
		return;
	netpol_default_ports(json_object_get(spec, "ingress"), "ports");
	netpol_default_ports(json_object_get(spec, "egress"), "ports");
	if (json_array_size(json_object_get(spec, "policyTypes")))
		return;
	types = json_pack("[s]", "Ingress");
	if (json_array_size(json_object_get(spec, "egress")))
		json_array_append_new(types, json_string("Egress"));
	json_object_set_new(spec, "policyTypes", types);
}

static void networkpolicy_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const types[] = {"Ingress", "Egress", NULL};
	const json_t *spec = json_object_get(obj, "spec"), *t;
	size_t i;

	(void)old;
	val_label_selector(causes, "spec.podSelector", json_object_get(spec, "podSelector"));
	if (json_array_size(json_object_get(spec, "policyTypes")) > 2)
		fe_invalid(causes, "spec.policyTypes", json_object_get(spec, "policyTypes"),
			   "may not specify more than two policyTypes");
	json_array_foreach(json_object_get(spec, "policyTypes"), i, t)
	{
		char f[64];

		val_enum(causes, fe_path(f, sizeof(f), "spec.policyTypes[%zu]", i), t, types, true);
	}
}

const struct strategy networkpolicy_strategy = {
    .defaults = networkpolicy_defaults,
    .validate = networkpolicy_validate,
};

/* ---- horizontal pod autoscalers ---- */

/* Upstream's GenerateHPAScale{Up,Down}Rules: an absent or null direction gets every default.
 * Scale-down has no default stabilization window, so that the controller's
 * --horizontal-pod-autoscaler-downscale-stabilization applies. */
static void hpa_rules_defaults(json_t *b, const char *key, bool up)
{
	json_t *rules = json_object_get(b, key);

	if (!rules || json_is_null(rules)) {
		rules = json_object();
		json_object_set_new(b, key, rules);
	}
	if (!json_is_object(rules))
		return;
	if (up)
		def_set(rules, "stabilizationWindowSeconds", json_integer(0));
	def_set(rules, "selectPolicy", json_string("Max"));
	if (up)
		def_set(rules, "policies",
			json_pack("[{s:s, s:i, s:i}, {s:s, s:i, s:i}]", "type", "Pods", "value", 4,
				  "periodSeconds", 15, "type", "Percent", "value", 100,
				  "periodSeconds", 15));
	else
		def_set(rules, "policies",
			json_pack("[{s:s, s:i, s:i}]", "type", "Percent", "value", 100,
				  "periodSeconds", 15));
}

static void hpa_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec"), *b;

	if (!json_is_object(spec))
		return;
	def_set(spec, "minReplicas", json_integer(1));
	if (!json_array_size(json_object_get(spec, "metrics")))
		json_object_set_new(spec, "metrics",
				    json_pack("[{s:s, s:{s:s, s:{s:s, s:i}}}]", "type", "Resource",
					      "resource", "name", "cpu", "target", "type",
					      "Utilization", "averageUtilization", 80));
	/* Only a given behavior is filled in. */
	b = json_object_get(spec, "behavior");
	if (json_is_object(b)) {
		hpa_rules_defaults(b, "scaleUp", true);
		hpa_rules_defaults(b, "scaleDown", false);
	}
}

static void hpa_prepare_create(json_t *obj)
{
	set_status(obj, json_pack("{s:i}", "desiredReplicas", 0));
}

static void hpa_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *min = json_object_get(spec, "minReplicas");
	const json_t *max = json_object_get(spec, "maxReplicas");

	(void)old;
	require(causes, obj, "spec.scaleTargetRef.kind");
	require(causes, obj, "spec.scaleTargetRef.name");
	if (json_is_integer(min) && json_integer_value(min) < 1)
		fe_invalid(causes, "spec.minReplicas", min, "must be greater than or equal to 1");
	if (!json_is_integer(max) || json_integer_value(max) < 1) {
		json_t *z = json_integer(json_integer_value(max));

		fe_invalid(causes, "spec.maxReplicas", z, "must be greater than 0");
		json_decref(z);
	}
	if (json_is_integer(min) && json_is_integer(max) &&
	    json_integer_value(max) < json_integer_value(min))
		fe_invalid(causes, "spec.maxReplicas", max,
			   "must be greater than or equal to `minReplicas`");
}

const struct strategy hpa_strategy = {
    .defaults = hpa_defaults,
    .prepare_create = hpa_prepare_create,
    .validate = hpa_validate,
};

/* ---- events.k8s.io events ---- */

static void eventv1_max(json_t *causes, const json_t *obj, const char *key, size_t max)
{
	const char *s = jx_str(obj, key);
	char detail[64];

	if (s && strlen(s) > max) {
		snprintf(detail, sizeof(detail), "can have at most %zu characters", max);
		fe_invalid_str(causes, key, "", detail);
	}
}

static void eventv1_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const char *type = jx_str(obj, "type") ? jx_str(obj, "type") : "";
	char detail[128];

	if (old)
		return;
	require(causes, obj, "eventTime");
	if (strcmp(type, "Normal") && strcmp(type, "Warning")) {
		snprintf(detail, sizeof(detail), "has invalid value: %.100s", type);
		fe_invalid_str(causes, "type", "", detail);
	}
	require(causes, obj, "reportingController");
	if (!str_empty(obj, "reportingController"))
		val_qualified_name(causes, "reportingController",
				   jx_str(obj, "reportingController"));
	require(causes, obj, "reportingInstance");
	eventv1_max(causes, obj, "reportingInstance", 128);
	require(causes, obj, "action");
	eventv1_max(causes, obj, "action", 128);
	require(causes, obj, "reason");
	eventv1_max(causes, obj, "reason", 128);
	eventv1_max(causes, obj, "note", 1024);
}

const struct strategy eventv1_strategy = {
    .validate = eventv1_validate,
};

/* ---- priority classes ---- */

static void priorityclass_defaults(json_t *obj)
{
	def_set(obj, "preemptionPolicy", json_string("PreemptLowerPriority"));
}

static void priorityclass_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const policies[] = {"PreemptLowerPriority", "Never", NULL};
	const char *name = jx_str(obj, "metadata.name");

	if (!old && name && !strncmp(name, "system-", 7) && strcmp(name, "system-node-critical") &&
	    strcmp(name, "system-cluster-critical"))
		fe_forbidden(causes, "metadata.name",
			     "priority class names with 'system-' prefix are reserved");
	if (!old && jx_int(obj, "value", 0) > 1000000000 && (!name || strncmp(name, "system-", 7)))
		fe_forbidden(causes, "value",
			     "maximum allowed value of a user defined priority is 1000000000");
	val_enum(causes, "preemptionPolicy", json_object_get(obj, "preemptionPolicy"), policies,
		 false);
	if (old && !jx_equal(json_object_get(obj, "value"), json_object_get(old, "value")))
		fe_forbidden(causes, "value", "may not be changed in an update.");
	if (old && !jx_equal(json_object_get(obj, "preemptionPolicy"),
			     json_object_get(old, "preemptionPolicy")))
		val_immutable(causes, "preemptionPolicy", json_object_get(obj, "preemptionPolicy"),
			      json_object_get(old, "preemptionPolicy"));
}

const struct strategy priorityclass_strategy = {
    .defaults = priorityclass_defaults,
    .validate = priorityclass_validate,
};

/* ---- storage classes ---- */

static void storageclass_defaults(json_t *obj)
{
	if (str_empty(obj, "reclaimPolicy"))
		jx_set_str(obj, "reclaimPolicy", "Delete");
	if (str_empty(obj, "volumeBindingMode"))
		jx_set_str(obj, "volumeBindingMode", "Immediate");
}

static void storageclass_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const reclaim[] = {"Delete", "Retain", NULL};
	static const char *const modes[] = {"Immediate", "WaitForFirstConsumer", NULL};
	static const struct {
		const char *key, *msg;
	} frozen[] = {
	    {"parameters", "updates to parameters are forbidden."},
	    {"provisioner", "updates to provisioner are forbidden."},
	    {"reclaimPolicy", "updates to reclaimPolicy are forbidden."},
	};
	const char *prov = jx_str(obj, "provisioner");

	if (!prov || !*prov) {
		fe_required(causes, "provisioner", "");
	} else {
		char lower[512];
		size_t i;

		for (i = 0; prov[i] && i < sizeof(lower) - 1; i++)
			lower[i] =
			    (char)(prov[i] >= 'A' && prov[i] <= 'Z' ? prov[i] + 32 : prov[i]);
		lower[i] = 0;
		val_qualified_name(causes, "provisioner", lower);
	}
	val_enum(causes, "reclaimPolicy", json_object_get(obj, "reclaimPolicy"), reclaim, false);
	val_enum(causes, "volumeBindingMode", json_object_get(obj, "volumeBindingMode"), modes,
		 false);
	if (!old)
		return;
	for (size_t i = 0; i < sizeof(frozen) / sizeof(frozen[0]); i++)
		if (!jx_equal(json_object_get(obj, frozen[i].key),
			      json_object_get(old, frozen[i].key)))
			fe_forbidden(causes, frozen[i].key, frozen[i].msg);
	val_immutable(causes, "volumeBindingMode", json_object_get(obj, "volumeBindingMode"),
		      json_object_get(old, "volumeBindingMode"));
}

const struct strategy storageclass_strategy = {
    .defaults = storageclass_defaults,
    .validate = storageclass_validate,
};

/* ---- API services (apiregistration.k8s.io) ---- */

static void apiservice_defaults(json_t *obj)
{
	json_t *svc = jx_get(obj, "spec.service");

	if (json_is_object(svc))
		def_set(svc, "port", json_integer(443));
}

/* Status is the availability controller's; a local APIService is available from the start. */
static void apiservice_prepare_create(json_t *obj)
{
	set_status(obj, json_object());
	if (!json_is_object(jx_get(obj, "spec.service")))
		cond_set(obj, "Available", "True", "Local",
			 "Local APIServices are always available", NULL);
}

/* Names are "<version>.<group>", checked once the name is a valid path segment. */
static void apiservice_name(const json_t *obj, json_t *causes)
{
	const char *name = jx_str(obj, "metadata.name");
	char *want, *msg;

	if (!name || !*name || strchr(name, '/') || strchr(name, '%') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return;
	want =
	    xasprintf("%s.%s", jx_str(obj, "spec.version") ?: "", jx_str(obj, "spec.group") ?: "");
	if (strcmp(name, want)) {
		msg = xasprintf("must be `spec.version+\".\"+spec.group`: \"%s\"", want);
		fe_invalid_str(causes, "metadata.name", name, msg);
		free(msg);
	}
	free(want);
}

static void apiservice_priority(json_t *causes, const json_t *obj, const char *field, long max)
{
	json_t *v = jx_get(obj, field);
	json_int_t p = json_integer_value(v);
	char *msg;

	if (json_is_integer(v) && p > 0 && p <= max)
		return;
	msg = xasprintf("must be positive and less than %ld", max);
	v = json_integer(p);
	fe_invalid(causes, field, v, msg);
	json_decref(v);
	free(msg);
}

static void apiservice_service(const json_t *obj, json_t *causes)
{
	json_t *port = jx_get(obj, "spec.service.port");
	json_int_t p = json_integer_value(port);

	require(causes, obj, "spec.service.namespace");
	require(causes, obj, "spec.service.name");
	if (!json_is_integer(port) || p < 1 || p > 65535) {
		json_t *v = json_integer(p);
		fe_invalid(causes, "spec.service.port", v,
			   "port is not valid: must be between 1 and 65535, inclusive");
		json_decref(v);
	}
	if (jx_bool(obj, "spec.insecureSkipTLSVerify", false) && !str_empty(obj, "spec.caBundle"))
		fe_invalid(causes, "spec.insecureSkipTLSVerify", json_true(),
			   "may not be true if caBundle is present");
}

static void apiservice_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const char *group = jx_str(obj, "spec.group") ?: "", *version = jx_str(obj, "spec.version");

	(void)old;
	apiservice_name(obj, causes);
	if (!*group && (!version || strcmp(version, "v1")))
		fe_required(causes, "spec.group",
			    "only v1 may have an empty group and it better be legacy kube");
	if (*group)
		val_dns_subdomain(causes, "spec.group", group);
	val_dns1035_label(causes, "spec.version", version ? version : "");
	apiservice_priority(causes, obj, "spec.groupPriorityMinimum", 20000);
	apiservice_priority(causes, obj, "spec.versionPriority", 1000);
	if (json_is_object(jx_get(obj, "spec.service"))) {
		apiservice_service(obj, causes);
		return;
	}
	if (!str_empty(obj, "spec.caBundle")) {
		const char *b = jx_str(obj, "spec.caBundle");
		size_t len = strlen(b),
		       pad = (len && b[len - 1] == '=') + (len > 1 && b[len - 2] == '=');
		char *n = xasprintf("%zu bytes", len / 4 * 3 - (len % 4 ? 0 : pad));
		fe_invalid_str(causes, "spec.caBundle", n,
			       "local APIServices may not have a caBundle");
		free(n);
	}
	if (jx_bool(obj, "spec.insecureSkipTLSVerify", false))
		fe_invalid(causes, "spec.insecureSkipTLSVerify", json_true(),
			   "local APIServices may not have insecureSkipTLSVerify");
}

static void apiservice_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const statuses[] = {"True", "False", "Unknown", NULL};
	json_t *c;
	size_t i;

	(void)old;
	json_array_foreach(jx_get(obj, "status.conditions"), i, c)
	{
		json_t *s = json_object_get(c, "status"), *shown;
		const char *v = json_string_value(s);
		char f[64];

		if (v && (!strcmp(v, "True") || !strcmp(v, "False") || !strcmp(v, "Unknown")))
			continue;
		shown = json_string(v ? v : "");
		fe_not_supported(causes, fe_path(f, sizeof(f), "status.conditions[%zu].status", i),
				 shown, statuses);
		json_decref(shown);
	}
}

const struct strategy apiservice_strategy = {
    .defaults = apiservice_defaults,
    .prepare_create = apiservice_prepare_create,
    .validate = apiservice_validate,
    .validate_status = apiservice_validate_status,
};
