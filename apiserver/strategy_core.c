/* strategy_core: strategies of the core ("") group kinds, as upstream's pkg/registry/core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "defaults.h"
#include "jsonx.h"
#include "kind.h"
#include "status.h"
#include "validation.h"

static const char *const always_only[] = {"Always", NULL};
static const char *const protocols[] = {"SCTP", "TCP", "UDP", NULL};

/* Replace obj.status with a fresh object (stolen). */
static void reset_status(json_t *obj, json_t *status)
{
	json_object_set_new(obj, "status", status);
}

/* ---- namespaces ---- */

static void namespace_defaults(json_t *obj)
{
	const char *name = jx_str(obj, "metadata.name");
	json_t *md = jx_obj(obj, "metadata");

	jx_default(obj, "status.phase", json_string("Active"));
	if (name && *name && md) {
		json_t *labels = json_object_get(md, "labels");

		if (!json_is_object(labels)) {
			labels = json_object();
			json_object_set_new(md, "labels", labels);
		}
		json_object_set_new(labels, "kubernetes.io/metadata.name", json_string(name));
	}
}

static void namespace_prepare_create(json_t *obj)
{
	json_t *fins = jx_get(obj, "spec.finalizers"), *f;
	bool has = false;
	size_t i;

	reset_status(obj, json_pack("{s:s}", "phase", "Active"));
	json_array_foreach(fins, i, f) has |=
	    json_is_string(f) && !strcmp(json_string_value(f), "kubernetes");
	if (!json_is_array(fins)) {
		fins = json_array();
		jx_set(obj, "spec.finalizers", fins);
	}
	if (!has)
		json_array_append_new(fins, json_string("kubernetes"));
}

static void namespace_prepare_update(json_t *obj, const json_t *old)
{
	json_t *fins = jx_get(old, "spec.finalizers");

	/* Finalizers change only through the finalize subresource. */
	if (fins)
		jx_set(obj, "spec.finalizers", json_deep_copy(fins));
	else
		jx_del(obj, "spec.finalizers");
}

static void namespace_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	size_t i;
	json_t *f;

	(void)old;
	json_array_foreach(jx_get(obj, "spec.finalizers"), i, f)
	{
		const char *s = json_string_value(f) ? json_string_value(f) : "";

		val_qualified_name(causes, "spec.finalizers", s);
		if (!strchr(s, '/') && strcmp(s, "kubernetes") && strcmp(s, "orphan") &&
		    strcmp(s, "foregroundDeletion"))
			fe_invalid_str(causes, "spec.finalizers", s,
				       "name is neither a standard finalizer name nor is it fully "
				       "qualified");
	}
}

static void namespace_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *md = json_object_get(obj, "metadata");

	(void)old;
	if (!json_object_get(md, "deletionTimestamp") && jx_str(obj, "status.phase") &&
	    strcmp(jx_str(obj, "status.phase"), "Active"))
		fe_invalid(causes, "status.Phase", jx_get(obj, "status.phase"),
			   "may only be 'Active' if `deletionTimestamp` is empty");
}

const struct strategy namespace_strategy = {
    .defaults = namespace_defaults,
    .prepare_create = namespace_prepare_create,
    .prepare_update = namespace_prepare_update,
    .validate = namespace_validate,
    .validate_status = namespace_validate_status,
};

/* ---- pods ---- */

static void pod_defaults(json_t *obj)
{
	def_pod(obj);
}

/* Upstream's qos.GetPodQOS over cpu and memory, container by container. */
static const char *pod_qos(const json_t *spec)
{
	static const char *const lists[] = {"containers", "initContainers", NULL};
	static const char *const res[] = {"cpu", "memory", NULL};
	json_t *zero = json_integer(0), *c;
	bool any = false, guaranteed = true;
	size_t i;

	for (int l = 0; lists[l]; l++)
		json_array_foreach(json_object_get(spec, lists[l]), i, c)
		{
			const json_t *req = jx_get(c, "resources.requests");
			const json_t *lim = jx_get(c, "resources.limits");

			for (int r = 0; res[r]; r++) {
				const json_t *q = json_object_get(req, res[r]);
				const json_t *l = json_object_get(lim, res[r]);
				bool has_req = q && val_quantity_cmp(q, zero) > 0;
				bool has_lim = l && val_quantity_cmp(l, zero) > 0;

				any |= has_req || has_lim;
				if (!has_lim || (has_req && val_quantity_cmp(q, l) != 0))
					guaranteed = false;
			}
		}
	json_decref(zero);
	if (!any)
		return "BestEffort";
	return guaranteed ? "Guaranteed" : "Burstable";
}

static void pod_prepare_create(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");
	json_t *st = json_pack("{s:s, s:s}", "phase", "Pending", "qosClass", pod_qos(spec));

	if (json_array_size(json_object_get(spec, "schedulingGates")))
		json_object_set_new(
		    st, "conditions",
		    json_pack("[{s:s, s:n, s:s, s:s, s:s}]", "type", "PodScheduled",
			      "lastProbeTime", "status", "False", "reason", "SchedulingGated",
			      "message",
			      "Scheduling is blocked due to non-empty scheduling gates"));
	reset_status(obj, st);
}

static void pod_validate_create(const json_t *obj, json_t *causes)
{
	val_pod_spec(causes, "spec", json_object_get(obj, "spec"));
}

/* Upstream's check that only tolerations are added and existing ones keep all but
 * tolerationSeconds. */
static void pod_validate_tolerations(const json_t *nt, const json_t *ot, json_t *causes)
{
	size_t i, j;
	json_t *o, *n;

	json_array_foreach(ot, i, o)
	{
		bool kept = false;

		json_array_foreach(nt, j, n)
		{
			json_t *a = json_deep_copy(o), *b = json_deep_copy(n);

			json_object_del(a, "tolerationSeconds");
			json_object_del(b, "tolerationSeconds");
			kept |= json_equal(a, b);
			json_decref(a);
			json_decref(b);
		}
		if (!kept) {
			fe_forbidden(causes, "spec.tolerations",
				     "existing toleration can not be modified except its "
				     "tolerationSeconds");
			return;
		}
	}
}

/* Appends "\n" and a short listing of the spec fields that differ, in place of upstream's
 * cmp.Diff output. */
static void pod_spec_diff(FILE *f, const json_t *old, const json_t *nw)
{
	const char *k;
	json_t *v;

	fputs("\n  core.PodSpec{\n", f);
	json_object_foreach((json_t *)old, k, v) if (!jx_equal(v, json_object_get(nw, k)))
	{
		char *a = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		char *b = json_dumps(json_object_get(nw, k), JSON_COMPACT | JSON_ENCODE_ANY);

		fprintf(f, "- \t%s: %s,\n+ \t%s: %s,\n", k, a ? a : "nil", k, b ? b : "nil");
		free(a);
		free(b);
	}
	json_object_foreach((json_t *)nw, k, v) if (!json_object_get(old, k))
	{
		char *b = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

		fprintf(f, "+ \t%s: %s,\n", k, b ? b : "nil");
		free(b);
	}
	fputs("  }\n", f);
}

static void pod_forbid_spec_change(const json_t *munged, const json_t *nspec, json_t *causes)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *f;

	if (jx_equal(munged, nspec) || !(f = open_memstream(&msg, &len)))
		return;
	fputs("pod updates may not change fields other than `spec.containers[*].image`,"
	      "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
	      "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
	      "(allow it to be set to 1 if it was previously negative)",
	      f);
	pod_spec_diff(f, munged, nspec);
	fclose(f);
	fe_forbidden(causes, "spec", msg);
	free(msg);
}

/* Copy of the old spec carrying over what an update may change. */
static json_t *pod_munge(const json_t *ospec, const json_t *nspec)
{
	static const char *const lists[] = {"containers", "initContainers", NULL};
	static const char *const carried[] = {"activeDeadlineSeconds", "tolerations",
					      "schedulingGates", NULL};
	json_t *m = json_deep_copy(ospec), *c;
	size_t i;

	for (int l = 0; lists[l]; l++)
		json_array_foreach(json_object_get(m, lists[l]), i, c)
		{
			json_t *img =
			    jx_get(json_array_get(json_object_get(nspec, lists[l]), i), "image");

			if (img)
				json_object_set(c, "image", img);
		}
	for (int k = 0; carried[k]; k++) {
		json_t *v = json_object_get(nspec, carried[k]);

		if (v)
			json_object_set(m, carried[k], v);
		else
			json_object_del(m, carried[k]);
	}
	if (jx_int(ospec, "terminationGracePeriodSeconds", 0) < 0 &&
	    jx_int(nspec, "terminationGracePeriodSeconds", 0) == 1)
		json_object_set_new(m, "terminationGracePeriodSeconds", json_integer(1));
	return m;
}

static void pod_validate_update(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *nspec = json_object_get(obj, "spec"), *ospec = json_object_get(old, "spec");
	const json_t *nads = json_object_get(nspec, "activeDeadlineSeconds");
	const json_t *oads = json_object_get(ospec, "activeDeadlineSeconds");
	char p[64];
	json_t *m, *c;
	size_t i;

	val_pod_spec(causes, "spec", nspec);
	if (json_array_size(json_object_get(nspec, "containers")) !=
	    json_array_size(json_object_get(ospec, "containers"))) {
		fe_forbidden(causes, "spec.containers",
			     "pod updates may not add or remove containers");
		return;
	}
	json_array_foreach(json_object_get(nspec, "containers"), i,
			   c) if (!jx_str(c, "image") || !*jx_str(c, "image"))
	    fe_required(causes, fe_path(p, sizeof(p), "spec.containers[%zu].image", i), "");
	if (json_is_integer(nads) && json_is_integer(oads) &&
	    json_integer_value(oads) < json_integer_value(nads)) {
		fe_invalid(causes, "spec.activeDeadlineSeconds", nads,
			   "must be less than or equal to previous value");
		return;
	}
	if (json_is_integer(oads) && !json_is_integer(nads))
		fe_invalid(causes, "spec.activeDeadlineSeconds", NULL,
			   "must not update from a positive integer to nil value");
	m = pod_munge(ospec, nspec);
	pod_forbid_spec_change(m, nspec, causes);
	json_decref(m);
	pod_validate_tolerations(json_object_get(nspec, "tolerations"),
				 json_object_get(ospec, "tolerations"), causes);
}

static void pod_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	if (old)
		pod_validate_update(obj, old, causes);
	else
		pod_validate_create(obj, causes);
}

const struct strategy pod_strategy = {
    .defaults = pod_defaults,
    .prepare_create = pod_prepare_create,
    .validate = pod_validate,
};

/* ---- services ---- */

static bool svc_type_is(const json_t *obj, const char *t)
{
	const char *s = jx_str(obj, "spec.type");

	return s && !strcmp(s, t);
}

static bool svc_external(const json_t *obj)
{
	return svc_type_is(obj, "LoadBalancer") || svc_type_is(obj, "NodePort") ||
	       (svc_type_is(obj, "ClusterIP") &&
		json_array_size(jx_get(obj, "spec.externalIPs")) > 0);
}

static void service_defaults(json_t *obj)
{
	json_t *spec = jx_obj(obj, "spec"), *p;
	size_t i;

	if (!spec)
		return;
	if (!jx_str(spec, "sessionAffinity") || !*jx_str(spec, "sessionAffinity"))
		jx_set_str(spec, "sessionAffinity", "None");
	if (!strcmp(jx_str(spec, "sessionAffinity"), "None"))
		json_object_del(spec, "sessionAffinityConfig");
	if (!jx_str(spec, "type") || !*jx_str(spec, "type"))
		jx_set_str(spec, "type", "ClusterIP");
	json_array_foreach(json_object_get(spec, "ports"), i, p)
	{
		json_t *tp = json_object_get(p, "targetPort");

		if (!json_is_object(p))
			continue;
		if (!jx_str(p, "protocol") || !*jx_str(p, "protocol"))
			jx_set_str(p, "protocol", "TCP");
		if (!tp || json_is_null(tp) || (json_is_integer(tp) && !json_integer_value(tp)) ||
		    (json_is_string(tp) && !*json_string_value(tp)))
			json_object_set(p, "targetPort", json_object_get(p, "port"));
	}
	if (svc_external(obj) && !jx_str(spec, "externalTrafficPolicy"))
		jx_set_str(spec, "externalTrafficPolicy", "Cluster");
	if (!json_object_get(spec, "internalTrafficPolicy") &&
	    (svc_type_is(obj, "ClusterIP") || svc_type_is(obj, "NodePort") ||
	     svc_type_is(obj, "LoadBalancer")))
		jx_set_str(spec, "internalTrafficPolicy", "Cluster");
	if (svc_type_is(obj, "LoadBalancer"))
		def_set(spec, "allocateLoadBalancerNodePorts", json_true());
}

/* clusterIP and clusterIPs[0] describe the same address; fill whichever is missing. */
static void svc_normalize_ips(json_t *spec)
{
	const char *ip = jx_str(spec, "clusterIP");
	json_t *ips = json_object_get(spec, "clusterIPs");

	if (ip && *ip && !json_array_size(ips))
		json_object_set_new(spec, "clusterIPs", json_pack("[s]", ip));
	else if ((!ip || !*ip) && json_array_size(ips))
		json_object_set(spec, "clusterIP", json_array_get(ips, 0));
}

/* What the service REST layer fills in for every service that gets a cluster IP. */
static void svc_ip_families(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");

	if (!json_is_object(spec) || svc_type_is(obj, "ExternalName"))
		return;
	def_set(spec, "ipFamilyPolicy", json_string("SingleStack"));
	def_set(spec, "ipFamilies", json_pack("[s]", "IPv4"));
}

static void service_prepare_create(json_t *obj)
{
	reset_status(obj, json_pack("{s:{}}", "loadBalancer"));
	if (json_is_object(json_object_get(obj, "spec")))
		svc_normalize_ips(json_object_get(obj, "spec"));
	svc_ip_families(obj);
}

static bool svc_needs_node_ports(const json_t *obj)
{
	return svc_type_is(obj, "NodePort") ||
	       (svc_type_is(obj, "LoadBalancer") &&
		jx_bool(obj, "spec.allocateLoadBalancerNodePorts", true));
}

/* Upstream's patchAllocatedValues: a client that leaves out allocated values keeps them. */
static void svc_patch_allocated(json_t *obj, const json_t *old)
{
	json_t *spec = json_object_get(obj, "spec"), *p, *op;
	const json_t *ospec = json_object_get(old, "spec");
	size_t i, j;

	if (!json_is_object(spec))
		return;
	if (!svc_type_is(obj, "ExternalName") && !svc_type_is(old, "ExternalName")) {
		if (!jx_str(spec, "clusterIP") || !*jx_str(spec, "clusterIP"))
			if (json_object_get(ospec, "clusterIP"))
				json_object_set(spec, "clusterIP",
						json_object_get(ospec, "clusterIP"));
		if (!json_array_size(json_object_get(spec, "clusterIPs")) &&
		    json_object_get(ospec, "clusterIPs"))
			json_object_set_new(spec, "clusterIPs",
					    json_deep_copy(json_object_get(ospec, "clusterIPs")));
		if (!json_object_get(spec, "ipFamilies") && json_object_get(ospec, "ipFamilies"))
			json_object_set_new(spec, "ipFamilies",
					    json_deep_copy(json_object_get(ospec, "ipFamilies")));
		if (!json_object_get(spec, "ipFamilyPolicy") &&
		    json_object_get(ospec, "ipFamilyPolicy"))
			json_object_set(spec, "ipFamilyPolicy",
					json_object_get(ospec, "ipFamilyPolicy"));
	}
	if (svc_needs_node_ports(obj) && svc_needs_node_ports(old)) {
		json_array_foreach(json_object_get(spec, "ports"), i, p)
		{
			const char *name = jx_str(p, "name") ? jx_str(p, "name") : "";

			if (jx_int(p, "nodePort", 0) || !json_is_object(p))
				continue;
			json_array_foreach(json_object_get(ospec, "ports"), j, op)
			{
				bool used = false;
				size_t k;
				json_t *q;

				if (strcmp(jx_str(op, "name") ? jx_str(op, "name") : "", name))
					continue;
				json_array_foreach(json_object_get(spec, "ports"), k, q) used |=
				    jx_int(q, "nodePort", 0) == jx_int(op, "nodePort", -1);
				if (!used && json_object_get(op, "nodePort"))
					json_object_set(p, "nodePort",
							json_object_get(op, "nodePort"));
				break;
			}
		}
	}
	if (jx_int(ospec, "healthCheckNodePort", 0) && !jx_int(spec, "healthCheckNodePort", 0) &&
	    json_object_get(spec, "healthCheckNodePort") == NULL &&
	    svc_type_is(obj, "LoadBalancer"))
		json_object_set(spec, "healthCheckNodePort",
				json_object_get(ospec, "healthCheckNodePort"));
}

static void service_prepare_update(json_t *obj, const json_t *old)
{
	svc_patch_allocated(obj, old);
	if (json_is_object(json_object_get(obj, "spec")))
		svc_normalize_ips(json_object_get(obj, "spec"));
	svc_ip_families(obj);
}

static bool svc_headless(const json_t *obj)
{
	const char *ip = jx_str(obj, "spec.clusterIP");

	return ip && !strcmp(ip, "None");
}

/* %#v of the core.ServicePort key upstream reports duplicates with. */
static void svc_dup_port(json_t *causes, const char *field, const json_t *p)
{
	char buf[256], *msg = NULL;

	snprintf(buf, sizeof(buf),
		 "core.ServicePort{Name:\"\", Protocol:\"%s\", AppProtocol:(*string)(nil), "
		 "Port:%lld, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, "
		 "NodePort:0}",
		 jx_str(p, "protocol") ? jx_str(p, "protocol") : "",
		 (long long)jx_int(p, "port", 0));
	if (asprintf(&msg, "Duplicate value: %s", buf) < 0)
		return;
	json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason", "FieldValueDuplicate",
						"message", msg, "field", field));
	free(msg);
}

/* An int32 field that must be a valid port number, zero included as invalid. */
static void port_in_range(json_t *causes, const char *field, const json_t *p, const char *key)
{
	json_int_t v = jx_int(p, key, 0);
	json_t *n;

	if (v >= 1 && v <= 65535)
		return;
	n = json_integer(v);
	fe_invalid(causes, field, n, "must be between 1 and 65535, inclusive");
	json_decref(n);
}

static void svc_validate_port(const json_t *p, const char *path, bool multi, json_t *names,
			      json_t *causes)
{
	const char *name = jx_str(p, "name");
	char f[128];

	fe_path(f, sizeof(f), "%s.name", path);
	if (multi && (!name || !*name)) {
		fe_required(causes, f, "");
	} else if (name && *name) {
		val_dns_label(causes, f, name);
		if (json_object_get(names, name))
			fe_duplicate(causes, f, json_object_get(p, "name"));
		json_object_set_new(names, name, json_true());
	}
	port_in_range(causes, fe_path(f, sizeof(f), "%s.port", path), p, "port");
	val_enum(causes, fe_path(f, sizeof(f), "%s.protocol", path), json_object_get(p, "protocol"),
		 protocols, true);
	val_port_num_or_name(causes, fe_path(f, sizeof(f), "%s.targetPort", path),
			     json_object_get(p, "targetPort"));
	if (jx_str(p, "appProtocol"))
		val_qualified_name(causes, fe_path(f, sizeof(f), "%s.appProtocol", path),
				   jx_str(p, "appProtocol"));
}

static void svc_validate_type(const json_t *obj, json_t *causes)
{
	const json_t *ports = jx_get(obj, "spec.ports"), *p;
	const char *ip0 = json_string_value(json_array_get(jx_get(obj, "spec.clusterIPs"), 0));
	char f[64];
	size_t i;

	if (svc_type_is(obj, "LoadBalancer") || svc_type_is(obj, "NodePort")) {
		if (svc_headless(obj))
			fe_invalid_str(causes, "spec.clusterIPs[0]", ip0 ? ip0 : "None",
				       svc_type_is(obj, "NodePort")
					   ? "may not be set to 'None' for NodePort services"
					   : "may not be set to 'None' for LoadBalancer services");
		json_array_foreach(ports, i, p) if (svc_type_is(obj, "LoadBalancer") &&
						    jx_int(p, "port", 0) == 10250)
		    fe_invalid(causes, fe_path(f, sizeof(f), "spec.ports[%zu]", i),
			       json_object_get(p, "port"),
			       "may not expose port 10250 externally since it is used by kubelet");
	} else if (svc_type_is(obj, "ExternalName")) {
		char cname[300];
		const char *en = jx_str(obj, "spec.externalName");
		size_t n;

		if (json_array_size(jx_get(obj, "spec.clusterIPs")))
			fe_forbidden(causes, "spec.clusterIPs",
				     "may not be set for ExternalName services");
		if (json_array_size(jx_get(obj, "spec.ipFamilies")))
			fe_forbidden(causes, "spec.ipFamilies",
				     "may not be set for ExternalName services");
		if (jx_get(obj, "spec.ipFamilyPolicy"))
			fe_forbidden(causes, "spec.ipFamilyPolicy",
				     "may not be set for ExternalName services");
		snprintf(cname, sizeof(cname), "%s", en ? en : "");
		n = strlen(cname);
		if (n && cname[n - 1] == '.')
			cname[n - 1] = 0;
		if (*cname)
			val_dns_subdomain(causes, "spec.externalName", cname);
		else
			fe_required(causes, "spec.externalName", "");
	}
}

static void svc_validate_dups(const json_t *obj, json_t *causes)
{
	const json_t *ports = jx_get(obj, "spec.ports"), *p, *q;
	char f[64];
	size_t i, j;

	json_array_foreach(ports, i, p)
	{
		if (svc_type_is(obj, "ClusterIP") && jx_int(p, "nodePort", 0))
			fe_forbidden(causes, fe_path(f, sizeof(f), "spec.ports[%zu].nodePort", i),
				     "may not be used when `type` is 'ClusterIP'");
	}
	json_array_foreach(ports, i, p)
	{
		for (j = 0; j < i && jx_int(p, "nodePort", 0); j++) {
			q = json_array_get(ports, j);
			if (jx_int(q, "nodePort", 0) == jx_int(p, "nodePort", 0) &&
			    jx_equal(json_object_get(q, "protocol"),
				     json_object_get(p, "protocol"))) {
				fe_duplicate(causes,
					     fe_path(f, sizeof(f), "spec.ports[%zu].nodePort", i),
					     json_object_get(p, "nodePort"));
				break;
			}
		}
	}
	json_array_foreach(ports, i, p)
	{
		for (j = 0; j < i; j++) {
			q = json_array_get(ports, j);
			if (jx_int(q, "port", 0) == jx_int(p, "port", 0) &&
			    jx_equal(json_object_get(q, "protocol"),
				     json_object_get(p, "protocol"))) {
				svc_dup_port(causes, fe_path(f, sizeof(f), "spec.ports[%zu]", i),
					     p);
				break;
			}
		}
	}
}

static void svc_validate_traffic(const json_t *obj, json_t *causes)
{
	static const char *const etp[] = {"Cluster", "Local", NULL};
	const json_t *v = jx_get(obj, "spec.externalTrafficPolicy");

	if (!svc_external(obj)) {
		if (v && json_string_value(v) && *json_string_value(v))
			fe_invalid(causes, "spec.externalTrafficPolicy", v,
				   "may only be set for externally-accessible services");
	} else {
		val_enum(causes, "spec.externalTrafficPolicy", v, etp, true);
	}
	if (jx_get(obj, "spec.internalTrafficPolicy"))
		val_enum(causes, "spec.internalTrafficPolicy",
			 jx_get(obj, "spec.internalTrafficPolicy"), etp, true);
}

static void service_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const types[] = {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort",
					    NULL};
	static const char *const affinity[] = {"ClientIP", "None", NULL};
	const json_t *ports = jx_get(obj, "spec.ports"), *p;
	json_t *names = json_object();
	char f[64];
	size_t i;

	if (!json_array_size(ports) && !svc_headless(obj) && !svc_type_is(obj, "ExternalName"))
		fe_required(causes, "spec.ports", "");
	svc_validate_type(obj, causes);
	json_array_foreach(ports, i, p)
	    svc_validate_port(p, fe_path(f, sizeof(f), "spec.ports[%zu]", i),
			      json_array_size(ports) > 1, names, causes);
	json_decref(names);
	if (jx_get(obj, "spec.selector"))
		val_labels(causes, "spec.selector", jx_get(obj, "spec.selector"));
	val_enum(causes, "spec.sessionAffinity", jx_get(obj, "spec.sessionAffinity"), affinity,
		 true);
	if (jx_str(obj, "spec.sessionAffinity") &&
	    !strcmp(jx_str(obj, "spec.sessionAffinity"), "None") &&
	    jx_get(obj, "spec.sessionAffinityConfig"))
		fe_forbidden(causes, "spec.sessionAffinityConfig",
			     "must not be set when session affinity is None");
	val_enum(causes, "spec.type", jx_get(obj, "spec.type"), types, true);
	svc_validate_dups(obj, causes);
	svc_validate_traffic(obj, causes);
	if (old && !svc_type_is(obj, "ExternalName") && !svc_type_is(old, "ExternalName")) {
		const char *o0 =
		    json_string_value(json_array_get(jx_get(old, "spec.clusterIPs"), 0));
		const char *n0 =
		    json_string_value(json_array_get(jx_get(obj, "spec.clusterIPs"), 0));

		if (o0 && n0 && strcmp(o0, n0))
			fe_invalid(causes, "spec.clusterIPs[0]", jx_get(obj, "spec.clusterIPs"),
				   "may not change once set");
	}
}

const struct strategy service_strategy = {
    .defaults = service_defaults,
    .prepare_create = service_prepare_create,
    .prepare_update = service_prepare_update,
    .validate = service_validate,
};

/* ---- endpoints ---- */

static void endpoints_defaults(json_t *obj)
{
	json_t *s, *p;
	size_t i, j;

	json_array_foreach(json_object_get(obj, "subsets"), i, s) json_array_foreach(
	    json_object_get(s, "ports"), j, p) if (json_is_object(p) && !jx_str(p, "protocol"))
	    jx_set_str(p, "protocol", "TCP");
}

static void endpoints_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *s, *a, *p;
	char f[96];
	size_t i, j;

	(void)old;
	json_array_foreach(json_object_get(obj, "subsets"), i, s)
	{
		if (!json_array_size(json_object_get(s, "addresses")) &&
		    !json_array_size(json_object_get(s, "notReadyAddresses")))
			fe_required(causes, fe_path(f, sizeof(f), "subsets[%zu]", i),
				    "must specify `addresses` or `notReadyAddresses`");
		json_array_foreach(json_object_get(s, "addresses"), j,
				   a) if (!jx_str(a, "ip") || !*jx_str(a, "ip"))
		    fe_required(causes,
				fe_path(f, sizeof(f), "subsets[%zu].addresses[%zu].ip", i, j), "");
		json_array_foreach(json_object_get(s, "ports"), j, p)
		{
			bool multi = json_array_size(json_object_get(s, "ports")) > 1;

			if (multi && (!jx_str(p, "name") || !*jx_str(p, "name")))
				fe_required(
				    causes,
				    fe_path(f, sizeof(f), "subsets[%zu].ports[%zu].name", i, j),
				    "");
			port_in_range(causes,
				      fe_path(f, sizeof(f), "subsets[%zu].ports[%zu].port", i, j),
				      p, "port");
			val_enum(causes,
				 fe_path(f, sizeof(f), "subsets[%zu].ports[%zu].protocol", i, j),
				 json_object_get(p, "protocol"), protocols, true);
		}
	}
}

const struct strategy endpoints_strategy = {
    .defaults = endpoints_defaults,
    .validate = endpoints_validate,
};

/* ---- nodes ---- */

static void node_defaults(json_t *obj)
{
	json_t *cap = jx_get(obj, "status.capacity");

	if (json_is_object(cap) && !jx_get(obj, "status.allocatable"))
		jx_set(obj, "status.allocatable", json_deep_copy(cap));
}

static void node_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const effects[] = {"NoSchedule", "PreferNoSchedule", "NoExecute", NULL};
	const json_t *t;
	char f[96];
	size_t i;

	json_array_foreach(jx_get(obj, "spec.taints"), i, t)
	{
		const char *key = jx_str(t, "key");

		fe_path(f, sizeof(f), "spec.taints[%zu].key", i);
		if (!key || !*key)
			fe_required(causes, f, "");
		else
			val_qualified_name(causes, f, key);
		if (jx_str(t, "value"))
			val_label_value(causes, fe_path(f, sizeof(f), "spec.taints[%zu].value", i),
					jx_str(t, "value"));
		val_enum(causes, fe_path(f, sizeof(f), "spec.taints[%zu].effect", i),
			 json_object_get(t, "effect"), effects, true);
	}
	if (old && jx_str(old, "spec.podCIDR") && *jx_str(old, "spec.podCIDR") &&
	    !jx_equal(jx_get(obj, "spec.podCIDR"), jx_get(old, "spec.podCIDR")))
		fe_forbidden(causes, "spec.podCIDRs",
			     "node updates may not change podCIDR except from \"\" to valid");
}

const struct strategy node_strategy = {
    .defaults = node_defaults,
    .validate = node_validate,
};

/* ---- replication controllers ---- */

static void rc_defaults(json_t *obj)
{
	json_t *labels = jx_get(obj, "spec.template.metadata.labels");

	if (json_is_object(labels)) {
		if (!json_object_size(jx_get(obj, "spec.selector")))
			jx_set(obj, "spec.selector", json_deep_copy(labels));
		if (!json_object_size(jx_get(obj, "metadata.labels")))
			jx_set(obj, "metadata.labels", json_deep_copy(labels));
	}
	if (json_is_object(json_object_get(obj, "spec")))
		def_set(json_object_get(obj, "spec"), "replicas", json_integer(1));
	def_pod_template(jx_get(obj, "spec.template"));
}

static void rc_prepare_create(json_t *obj)
{
	reset_status(obj, json_pack("{s:i}", "replicas", 0));
}

static void rc_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *sel = jx_get(obj, "spec.selector");
	json_t *wrapped = json_pack("{s:O?}", "matchLabels", sel);

	(void)old;
	val_nonneg(causes, "spec.minReadySeconds", jx_get(obj, "spec.minReadySeconds"));
	if (!json_object_size(sel))
		fe_required(causes, "spec.selector", "");
	val_nonneg(causes, "spec.replicas", jx_get(obj, "spec.replicas"));
	val_workload_template(causes, "spec.template", jx_get(obj, "spec.template"), wrapped,
			      always_only, "ReplicationController");
	json_decref(wrapped);
}

static void rc_validate_status(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const keys[] = {"replicas",		 "fullyLabeledReplicas",
					   "readyReplicas",	 "availableReplicas",
					   "observedGeneration", NULL};
	char f[64];

	(void)old;
	for (int i = 0; keys[i]; i++)
		val_nonneg(causes, fe_path(f, sizeof(f), "status.%s", keys[i]),
			   jx_get(json_object_get(obj, "status"), keys[i]));
}

const struct strategy replicationcontroller_strategy = {
    .defaults = rc_defaults,
    .prepare_create = rc_prepare_create,
    .validate = rc_validate,
    .validate_status = rc_validate_status,
};

/* ---- config maps and secrets ---- */

/* Decoded size of a base64 string. */
static size_t b64_len(const char *s)
{
	size_t n = strlen(s), pad = 0;

	while (pad < 2 && n > pad && s[n - 1 - pad] == '=')
		pad++;
	if (n % 4 == 0)
		return n / 4 * 3 - pad;
	return n * 3 / 4;
}

static void configmap_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *data = json_object_get(obj, "data"),
		     *bin = json_object_get(obj, "binaryData");
	const char *k;
	json_t *v;
	size_t total = 0;
	char f[512];

	json_object_foreach((json_t *)data, k, v)
	{
		fe_path(f, sizeof(f), "data[%s]", k);
		val_config_key(causes, f, k);
		if (json_object_get(bin, k))
			fe_invalid_str(causes, f, k, "duplicate of key present in binaryData");
		total += json_string_length(v);
	}
	json_object_foreach((json_t *)bin, k, v)
	{
		fe_path(f, sizeof(f), "binaryData[%s]", k);
		val_config_key(causes, f, k);
		if (json_object_get(data, k))
			fe_invalid_str(causes, f, k, "duplicate of key present in data");
		total += json_is_string(v) ? b64_len(json_string_value(v)) : 0;
	}
	if (total > 1024 * 1024)
		fe_too_long(causes, "", NULL, 1024 * 1024);
	if (old && jx_bool(old, "immutable", false)) {
		if (!jx_bool(obj, "immutable", false))
			fe_forbidden(causes, "immutable",
				     "field is immutable when `immutable` is set");
		if (!jx_equal(data, json_object_get(old, "data")))
			fe_forbidden(causes, "data", "field is immutable when `immutable` is set");
		if (!jx_equal(bin, json_object_get(old, "binaryData")))
			fe_forbidden(causes, "binaryData",
				     "field is immutable when `immutable` is set");
	}
}

const struct strategy configmap_strategy = {
    .validate = configmap_validate,
};

/* stringData is write-only: conversion merges it into data, base64-encoded. */
static void secret_defaults(json_t *obj)
{
	json_t *sd = json_object_get(obj, "stringData"), *data, *v;
	const char *k;

	if (!jx_str(obj, "type") || !*jx_str(obj, "type"))
		jx_set_str(obj, "type", "Opaque");
	if (!json_is_object(sd))
		goto out;
	data = json_object_get(obj, "data");
	if (!json_is_object(data)) {
		data = json_object();
		json_object_set_new(obj, "data", data);
	}
	json_object_foreach(sd, k, v)
	{
		char *enc;

		if (!json_is_string(v))
			continue;
		enc = b64_encode(json_string_value(v), json_string_length(v), false);
		json_object_set_new(data, k, json_string(enc));
		free(enc);
	}
out:
	json_object_del(obj, "stringData");
}

static void secret_validate_type(const json_t *obj, json_t *causes)
{
	const char *type = jx_str(obj, "type") ? jx_str(obj, "type") : "";
	const json_t *data = json_object_get(obj, "data");

	if (!strcmp(type, "kubernetes.io/service-account-token")) {
		const json_t *ann = jx_get(obj, "metadata.annotations");
		const char *sa =
		    json_string_value(json_object_get(ann, "kubernetes.io/service-account.name"));

		if (!sa || !*sa)
			fe_required(causes,
				    "metadata.annotations[kubernetes.io/service-account.name]", "");
	} else if (!strcmp(type, "kubernetes.io/dockercfg")) {
		if (!json_object_get(data, ".dockercfg"))
			fe_required(causes, "data[.dockercfg]", "");
	} else if (!strcmp(type, "kubernetes.io/dockerconfigjson")) {
		if (!json_object_get(data, ".dockerconfigjson"))
			fe_required(causes, "data[.dockerconfigjson]", "");
	} else if (!strcmp(type, "kubernetes.io/basic-auth")) {
		if (!json_object_get(data, "username") && !json_object_get(data, "password")) {
			fe_required(causes, "data[username]", "");
			fe_required(causes, "data[password]", "");
		}
	} else if (!strcmp(type, "kubernetes.io/ssh-auth")) {
		if (!jx_str(obj, "data.ssh-privatekey") || !*jx_str(obj, "data.ssh-privatekey"))
			fe_required(causes, "data[ssh-privatekey]", "");
	} else if (!strcmp(type, "kubernetes.io/tls")) {
		if (!json_object_get(data, "tls.crt"))
			fe_required(causes, "data[tls.crt]", "");
		if (!json_object_get(data, "tls.key"))
			fe_required(causes, "data[tls.key]", "");
	}
}

static void secret_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *data = json_object_get(obj, "data");
	size_t total = 0;
	const char *k;
	json_t *v;
	char f[512];

	json_object_foreach((json_t *)data, k, v)
	{
		val_config_key(causes, fe_path(f, sizeof(f), "data[%s]", k), k);
		total += json_is_string(v) ? b64_len(json_string_value(v)) : 0;
	}
	if (total > 1024 * 1024)
		fe_too_long(causes, "data", NULL, 1024 * 1024);
	secret_validate_type(obj, causes);
	if (!old)
		return;
	val_immutable(causes, "type", json_object_get(obj, "type"), json_object_get(old, "type"));
	if (jx_bool(old, "immutable", false)) {
		if (!jx_bool(obj, "immutable", false))
			fe_forbidden(causes, "immutable",
				     "field is immutable when `immutable` is set");
		if (!jx_equal(data, json_object_get(old, "data")))
			fe_forbidden(causes, "data", "field is immutable when `immutable` is set");
	}
}

const struct strategy secret_strategy = {
    .defaults = secret_defaults,
    .validate = secret_validate,
};

/* ---- service accounts, events ---- */

const struct strategy serviceaccount_strategy = {0};

static void event_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const char *ns = jx_str(obj, "metadata.namespace") ? jx_str(obj, "metadata.namespace") : "";
	const char *ins = jx_str(obj, "involvedObject.namespace");
	const char *et = jx_str(obj, "eventTime");

	(void)old;
	if (et && *et)
		return;
	if ((!ins || !*ins) ? (*ns && strcmp(ns, "default")) : strcmp(ns, ins))
		fe_invalid_str(causes, "involvedObject.namespace", ins ? ins : "",
			       "does not match event.namespace");
}

const struct strategy event_strategy = {
    .validate = event_validate,
};

/* ---- resource quotas, limit ranges ---- */

static void rq_prepare_create(json_t *obj)
{
	reset_status(obj, json_object());
}

static void rq_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const scopes[] = {"BestEffort",
					     "CrossNamespacePodAffinity",
					     "NotBestEffort",
					     "NotTerminating",
					     "PriorityClass",
					     "Terminating",
					     NULL};
	const char *k;
	json_t *v;
	char f[512];
	size_t i;

	(void)old;
	json_object_foreach(jx_get(obj, "spec.hard"), k, v)
	{
		fe_path(f, sizeof(f), "spec.hard[%s]", k);
		val_qualified_name(causes, f, k);
		val_quantity(causes, f, v);
	}
	json_array_foreach(jx_get(obj, "spec.scopes"), i, v)
	    val_enum(causes, "spec.scopes", v, scopes, true);
}

const struct strategy resourcequota_strategy = {
    .prepare_create = rq_prepare_create,
    .validate = rq_validate,
};

/* Copy each key of from missing in obj[key] (created when there is anything to copy). */
static void fill_missing(json_t *item, const char *key, const json_t *from)
{
	json_t *to = json_object_get(item, key), *v;
	const char *k;

	json_object_foreach((json_t *)from, k, v)
	{
		if (!json_is_object(to)) {
			to = json_object();
			json_object_set_new(item, key, to);
		}
		if (!json_object_get(to, k))
			json_object_set(to, k, v);
	}
}

static void limitrange_defaults(json_t *obj)
{
	json_t *it;
	size_t i;

	json_array_foreach(jx_get(obj, "spec.limits"), i, it)
	{
		if (!jx_str(it, "type") || strcmp(jx_str(it, "type"), "Container"))
			continue;
		fill_missing(it, "default", json_object_get(it, "max"));
		fill_missing(it, "defaultRequest", json_object_get(it, "default"));
		fill_missing(it, "defaultRequest", json_object_get(it, "min"));
	}
}

static void limitrange_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const types[] = {"Container", "Pod", "PersistentVolumeClaim", NULL};
	static const char *const maps[] = {
	    "max", "min", "default", "defaultRequest", "maxLimitRequestRatio", NULL};
	json_t *it, *v;
	const char *k;
	char f[512];
	size_t i;

	(void)old;
	json_array_foreach(jx_get(obj, "spec.limits"), i, it)
	{
		val_enum(causes, fe_path(f, sizeof(f), "spec.limits[%zu].type", i),
			 json_object_get(it, "type"), types, true);
		for (int m = 0; maps[m]; m++)
			json_object_foreach(json_object_get(it, maps[m]), k, v) val_quantity(
			    causes, fe_path(f, sizeof(f), "spec.limits[%zu].%s[%s]", i, maps[m], k),
			    v);
	}
}

const struct strategy limitrange_strategy = {
    .defaults = limitrange_defaults,
    .validate = limitrange_validate,
};

/* ---- pod templates ---- */

static void podtemplate_defaults(json_t *obj)
{
	def_pod_template(json_object_get(obj, "template"));
}

static void podtemplate_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	(void)old;
	val_pod_template(causes, "template", json_object_get(obj, "template"));
}

const struct strategy podtemplate_strategy = {
    .defaults = podtemplate_defaults,
    .validate = podtemplate_validate,
};

/* ---- persistent volumes and claims ---- */

static const char *const access_modes[] = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
					   "ReadWriteOncePod", NULL};

static void pv_defaults(json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");

	if (json_is_object(spec)) {
		if (!jx_str(spec, "persistentVolumeReclaimPolicy"))
			jx_set_str(spec, "persistentVolumeReclaimPolicy", "Retain");
		if (!jx_str(spec, "volumeMode"))
			jx_set_str(spec, "volumeMode", "Filesystem");
		if (json_is_object(json_object_get(spec, "hostPath")))
			def_set(json_object_get(spec, "hostPath"), "type", json_string(""));
	}
	jx_default(obj, "status.phase", json_string("Pending"));
}

static void pv_prepare_create(json_t *obj)
{
	reset_status(obj, json_pack("{s:s}", "phase", "Pending"));
}

static void access_modes_check(const json_t *spec, json_t *causes)
{
	json_t *m;
	size_t i;

	if (!json_array_size(json_object_get(spec, "accessModes")))
		fe_required(causes, "spec.accessModes", "");
	json_array_foreach(json_object_get(spec, "accessModes"), i, m)
	    val_enum(causes, "spec.accessModes", m, access_modes, true);
}

static void pv_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	static const char *const reclaim[] = {"Delete", "Recycle", "Retain", NULL};
	static const char *const storage[] = {"storage", NULL};
	static const char *const sources[] = {"hostPath",
					      "gcePersistentDisk",
					      "awsElasticBlockStore",
					      "nfs",
					      "iscsi",
					      "glusterfs",
					      "rbd",
					      "cinder",
					      "cephfs",
					      "fc",
					      "flocker",
					      "flexVolume",
					      "azureFile",
					      "vsphereVolume",
					      "quobyte",
					      "azureDisk",
					      "photonPersistentDisk",
					      "portworxVolume",
					      "scaleIO",
					      "local",
					      "storageos",
					      "csi",
					      NULL};
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *cap = json_object_get(spec, "capacity");
	int n = 0;

	access_modes_check(spec, causes);
	if (!json_object_size(cap))
		fe_required(causes, "spec.capacity", "");
	if (!json_object_get(cap, "storage") || json_object_size(cap) > 1)
		fe_not_supported(causes, "spec.capacity", cap, storage);
	else
		val_quantity(causes, "spec.capacity[storage]", json_object_get(cap, "storage"));
	if (jx_get(spec, "persistentVolumeReclaimPolicy"))
		val_enum(causes, "spec.persistentVolumeReclaimPolicy",
			 json_object_get(spec, "persistentVolumeReclaimPolicy"), reclaim, true);
	for (int i = 0; sources[i]; i++)
		n += json_object_get(spec, sources[i]) != NULL;
	if (!n)
		fe_required(causes, "spec", "must specify a volume type");
	if (old && !jx_equal(json_object_get(spec, "volumeMode"), jx_get(old, "spec.volumeMode")))
		val_immutable(causes, "spec.volumeMode", json_object_get(spec, "volumeMode"),
			      jx_get(old, "spec.volumeMode"));
}

const struct strategy persistentvolume_strategy = {
    .defaults = pv_defaults,
    .prepare_create = pv_prepare_create,
    .validate = pv_validate,
};

static void pvc_defaults(json_t *obj)
{
	def_pvc(obj);
}

static void pvc_prepare_create(json_t *obj)
{
	reset_status(obj, json_pack("{s:s}", "phase", "Pending"));
}

static void pvc_validate(const json_t *obj, const json_t *old, json_t *causes)
{
	const json_t *spec = json_object_get(obj, "spec");
	const json_t *storage = jx_get(spec, "resources.requests.storage");

	access_modes_check(spec, causes);
	if (jx_get(spec, "selector"))
		val_label_selector(causes, "spec.selector", jx_get(spec, "selector"));
	if (!storage)
		fe_required(causes, "spec.resources[storage]", "");
	else
		val_quantity(causes, "spec.resources[storage]", storage);
	if (old) {
		json_t *a = json_deep_copy(spec), *b = json_deep_copy(jx_get(old, "spec"));

		/* Only requests (resizing) and the attributes class may change. */
		jx_del(a, "resources.requests");
		jx_del(b, "resources.requests");
		jx_del(a, "volumeAttributesClassName");
		jx_del(b, "volumeAttributesClassName");
		if (!jx_equal(a, b))
			fe_forbidden(causes, "spec",
				     "spec is immutable after creation except resources.requests "
				     "and volumeAttributesClassName for bound claims");
		json_decref(a);
		json_decref(b);
	}
}

const struct strategy persistentvolumeclaim_strategy = {
    .defaults = pvc_defaults,
    .prepare_create = pvc_prepare_create,
    .validate = pvc_validate,
};
