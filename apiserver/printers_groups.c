/* Server-side printing for the cluster groups: coordination, discovery, rbac, certificates,
 * networking, scheduling, storage and apiregistration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "printers.h"

static const char *name_of(const json_t *obj)
{
	return jx_str(obj, "metadata.name");
}

static bool has(const json_t *v, const char *path)
{
	const json_t *x = jx_get(v, path);

	return x && !json_is_null(x);
}

/* ---- Lease ---- */

static const struct column lease_columns[] = {
    PR_NAME_COL,
    PR_COL("Holder", "string", 0, "The identity currently holding the lease."),
    PR_AGE_COL,
    {0}};

static void lease_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_str(cells, jx_str(obj, "spec.holderIdentity"));
	pr_age(cells, obj, now);
}

const struct printer lease_printer = {lease_columns, lease_row};

/* ---- EndpointSlice ---- */

static const struct column endpointslice_columns[] = {
    PR_NAME_COL,
    PR_COL("AddressType", "string", 0, "The kind of addresses the slice holds (IPv4, IPv6, FQDN)."),
    PR_COL("Ports", "string", 0, "The first few ports of the slice."),
    PR_COL("Endpoints", "string", 0, "The first few endpoint addresses of the slice."),
    PR_AGE_COL,
    {0}};

/* The slice lists at most three items and counts the rest; "<unset>" when there are none. */
#define SLICE_MAX_LISTED 3

static void slice_add(struct pr_buf *b, int *count, const char *s)
{
	if (b->n < SLICE_MAX_LISTED)
		pr_item(b, ",", "%s", s);
	(*count)++;
}

static char *slice_finish(struct pr_buf *b, int count)
{
	if (count > SLICE_MAX_LISTED)
		pr_add(b, " + %d more...", count - SLICE_MAX_LISTED);
	else if (!b->len)
		pr_add(b, "<unset>");
	return pr_take(b);
}

static char *slice_ports(const json_t *obj)
{
	struct pr_buf b = {0};
	int count = 0;
	size_t i;
	json_t *p;

	json_array_foreach(jx_get(obj, "ports"), i, p)
	{
		char num[32];
		if (json_is_integer(jx_get(p, "port")))
			snprintf(num, sizeof(num), "%lld", (long long)jx_int(p, "port", 0));
		else
			snprintf(num, sizeof(num), "%s",
				 has(p, "name") ? jx_str(p, "name") ?: "" : "*");
		slice_add(&b, &count, num);
	}
	return slice_finish(&b, count);
}

static char *slice_endpoints(const json_t *obj)
{
	struct pr_buf b = {0};
	int count = 0;
	size_t i, j;
	json_t *e, *a;

	json_array_foreach(jx_get(obj, "endpoints"), i, e)
	{
		json_array_foreach(jx_get(e, "addresses"), j, a)
		{
			slice_add(&b, &count, json_string_value(a) ?: "");
		}
	}
	return slice_finish(&b, count);
}

static void endpointslice_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_str(cells, jx_str(obj, "addressType"));
	pr_own(cells, slice_ports(obj));
	pr_own(cells, slice_endpoints(obj));
	pr_age(cells, obj, now);
}

const struct printer endpointslice_printer = {endpointslice_columns, endpointslice_row};

/* ---- RoleBinding, ClusterRoleBinding ---- */

static const struct column binding_columns[] = {
    PR_NAME_COL,
    PR_COL("Role", "string", 0, "The role granted, as Kind/name."),
    PR_AGE_COL,
    PR_COL("Users", "string", 1, "Users the binding grants the role to."),
    PR_COL("Groups", "string", 1, "Groups the binding grants the role to."),
    PR_COL("ServiceAccounts", "string", 1,
	   "Service accounts the binding grants the role to, as namespace/name."),
    {0}};

static void binding_row(const json_t *obj, json_t *cells, time_t now)
{
	struct pr_buf users = {0}, groups = {0}, sas = {0};
	size_t i;
	json_t *s;

	json_array_foreach(jx_get(obj, "subjects"), i, s)
	{
		const char *kind = jx_str(s, "kind") ?: "", *name = jx_str(s, "name") ?: "";
		if (!strcmp(kind, "User"))
			pr_item(&users, ", ", "%s", name);
		else if (!strcmp(kind, "Group"))
			pr_item(&groups, ", ", "%s", name);
		else if (!strcmp(kind, "ServiceAccount"))
			pr_item(&sas, ", ", "%s/%s", jx_str(s, "namespace") ?: "", name);
	}
	pr_str(cells, name_of(obj));
	pr_own(cells, xasprintf("%s/%s", jx_str(obj, "roleRef.kind") ?: "",
				jx_str(obj, "roleRef.name") ?: ""));
	pr_age(cells, obj, now);
	pr_own(cells, pr_take(&users));
	pr_own(cells, pr_take(&groups));
	pr_own(cells, pr_take(&sas));
}

const struct printer rolebinding_printer = {binding_columns, binding_row};
const struct printer clusterrolebinding_printer = {binding_columns, binding_row};

/* ---- CertificateSigningRequest ---- */

static const struct column csr_columns[] = {
    PR_NAME_COL,
    PR_AGE_COL,
    PR_COL("SignerName", "string", 0, "The signer asked to issue the certificate."),
    PR_COL("Requestor", "string", 0, "The user who created the request."),
    PR_COL("RequestedDuration", "string", 0, "The certificate lifetime asked for."),
    PR_COL("Condition", "string", 0, "Approved, Denied or Pending, plus Failed and Issued."),
    {0}};

static char *csr_condition(const json_t *obj)
{
	bool approved = false, denied = false, failed = false;
	struct pr_buf b = {0};
	const char *cert = jx_str(obj, "status.certificate");
	size_t i;
	json_t *c;

	json_array_foreach(jx_get(obj, "status.conditions"), i, c)
	{
		const char *t = jx_str(c, "type") ?: "";
		approved |= !strcmp(t, "Approved");
		denied |= !strcmp(t, "Denied");
		failed |= !strcmp(t, "Failed");
	}
	pr_add(&b, "%s", denied ? "Denied" : approved ? "Approved" : "Pending");
	if (failed)
		pr_add(&b, ",Failed");
	if (cert && *cert)
		pr_add(&b, ",Issued");
	return pr_take(&b);
}

static void csr_row(const json_t *obj, json_t *cells, time_t now)
{
	const json_t *exp = jx_get(obj, "spec.expirationSeconds");
	char buf[32];

	pr_str(cells, name_of(obj));
	pr_age(cells, obj, now);
	pr_or(cells, jx_str(obj, "spec.signerName"), "<none>");
	pr_str(cells, jx_str(obj, "spec.username"));
	if (json_is_integer(exp))
		pr_str(cells, kt_human_duration((double)json_integer_value(exp), buf));
	else
		pr_str(cells, "<none>");
	pr_own(cells, csr_condition(obj));
}

const struct printer csr_printer = {csr_columns, csr_row};

/* ---- Ingress, IngressClass, NetworkPolicy ---- */

static const struct column ingress_columns[] = {
    PR_NAME_COL,
    PR_COL("Class", "string", 0, "The IngressClass that handles this ingress."),
    PR_COL("Hosts", "string", 0, "Host names the rules match, the first few of them."),
    PR_COL("Address", "string", 0, "Addresses of the load balancer serving the ingress."),
    PR_COL("Ports", "string", 0, "Ports the ingress serves: 80, and 443 when TLS is set."),
    PR_AGE_COL,
    {0}};

#define INGRESS_MAX_HOSTS 3

/* Named hosts of the first rules; more rules than that are counted, hostless or not. */
static char *ingress_hosts(const json_t *obj)
{
	const json_t *rules = jx_get(obj, "spec.rules");
	struct pr_buf b = {0};
	size_t i, n = json_array_size(rules);
	bool more = false;
	json_t *r;

	json_array_foreach(rules, i, r)
	{
		const char *host = jx_str(r, "host");
		if (b.n == INGRESS_MAX_HOSTS)
			more = true;
		if (!more && host && *host)
			pr_item(&b, ",", "%s", host);
	}
	if (!b.n)
		pr_add(&b, "*");
	else if (more)
		pr_add(&b, " + %zu more...", n - INGRESS_MAX_HOSTS);
	return pr_take(&b);
}

static void ingress_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_str(cells, jx_str(obj, "spec.ingressClassName") ?: "<none>");
	pr_own(cells, ingress_hosts(obj));
	pr_own(cells, pr_lb_status(jx_get(obj, "status.loadBalancer.ingress")));
	pr_str(cells, json_array_size(jx_get(obj, "spec.tls")) ? "80, 443" : "80");
	pr_age(cells, obj, now);
}

const struct printer ingress_printer = {ingress_columns, ingress_row};

static const struct column ingressclass_columns[] = {
    PR_NAME_COL,
    PR_COL("Controller", "string", 0, "The controller that implements this class."),
    PR_COL("Parameters", "string", 0, "The resource holding extra settings for the class."),
    PR_AGE_COL,
    {0}};

static void ingressclass_row(const json_t *obj, json_t *cells, time_t now)
{
	const json_t *p = jx_get(obj, "spec.parameters");

	pr_str(cells, name_of(obj));
	pr_str(cells, jx_str(obj, "spec.controller"));
	if (!json_is_object(p))
		pr_str(cells, "<none>");
	else if (has(p, "apiGroup"))
		pr_own(cells, xasprintf("%s.%s/%s", jx_str(p, "kind") ?: "",
					jx_str(p, "apiGroup") ?: "", jx_str(p, "name") ?: ""));
	else
		pr_own(cells, xasprintf("%s/%s", jx_str(p, "kind") ?: "", jx_str(p, "name") ?: ""));
	pr_age(cells, obj, now);
}

const struct printer ingressclass_printer = {ingressclass_columns, ingressclass_row};

static const struct column networkpolicy_columns[] = {
    PR_NAME_COL,
    PR_COL("Pod-Selector", "string", 0, "The pods the policy applies to."),
    PR_AGE_COL,
    {0}};

static void networkpolicy_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_own(cells, pr_selector_fmt(jx_get(obj, "spec.podSelector")));
	pr_age(cells, obj, now);
}

const struct printer networkpolicy_printer = {networkpolicy_columns, networkpolicy_row};

/* ---- PriorityClass, StorageClass ---- */

static const struct column priorityclass_columns[] = {
    PR_NAME_COL,
    PR_COL("Value", "integer", 0, "The priority given to pods of this class."),
    PR_COL("Global-Default", "boolean", 0, "Whether pods without a class get this one."),
    PR_AGE_COL,
    PR_COL("PreemptionPolicy", "string", 0, "Whether pods of this class may preempt others."),
    {0}};

static void priorityclass_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_int(cells, jx_int(obj, "value", 0));
	pr_bool(cells, jx_bool(obj, "globalDefault", false));
	pr_age(cells, obj, now);
	pr_str(cells, jx_str(obj, "preemptionPolicy"));
}

const struct printer priorityclass_printer = {priorityclass_columns, priorityclass_row};

static const struct column storageclass_columns[] = {
    PR_NAME_COL,
    PR_COL("Provisioner", "string", 0, "The volume plugin that provisions volumes."),
    PR_COL("ReclaimPolicy", "string", 0, "What happens to volumes once released."),
    PR_COL("VolumeBindingMode", "string", 0, "When volumes are provisioned and bound."),
    PR_COL("AllowVolumeExpansion", "string", 0, "Whether volumes may be grown."),
    PR_AGE_COL,
    {0}};

static bool storageclass_default(const json_t *obj)
{
	static const char *const anns[] = {"storageclass.kubernetes.io/is-default-class",
					   "storageclass.beta.kubernetes.io/is-default-class"};
	const json_t *a = jx_get(obj, "metadata.annotations");

	for (size_t i = 0; i < sizeof(anns) / sizeof(anns[0]); i++) {
		const char *v = json_string_value(json_object_get(a, anns[i]));
		if (v && !strcmp(v, "true"))
			return true;
	}
	return false;
}

static void storageclass_row(const json_t *obj, json_t *cells, time_t now)
{
	if (storageclass_default(obj))
		pr_own(cells, xasprintf("%s (default)", name_of(obj) ?: ""));
	else
		pr_str(cells, name_of(obj));
	pr_str(cells, jx_str(obj, "provisioner"));
	pr_str(cells, jx_str(obj, "reclaimPolicy") ?: "Delete");
	pr_str(cells, jx_str(obj, "volumeBindingMode") ?: "Immediate");
	pr_bool(cells, jx_bool(obj, "allowVolumeExpansion", false));
	pr_age(cells, obj, now);
}

const struct printer storageclass_printer = {storageclass_columns, storageclass_row};

/* ---- APIService ---- */

static const struct column apiservice_columns[] = {
    PR_NAME_COL,
    PR_COL("Service", "string", 0, "The reference to the service that hosts this API endpoint."),
    PR_COL("Available", "string", 0, "Whether this service is available."),
    PR_AGE_COL,
    {0}};

/* "Local" or "ns/name"; "True", or "False (Reason)" as upstream's table convertor. */
static void apiservice_row(const json_t *obj, json_t *cells, time_t now)
{
	const json_t *svc = jx_get(obj, "spec.service"), *c;
	const char *status = "Unknown", *reason;
	size_t i;

	pr_str(cells, name_of(obj));
	if (json_is_object(svc))
		pr_own(cells, xasprintf("%s/%s", jx_str(svc, "namespace") ?: "",
					jx_str(svc, "name") ?: ""));
	else
		pr_str(cells, "Local");
	json_array_foreach(jx_get(obj, "status.conditions"), i, c)
	{
		if (strcmp(jx_str(c, "type") ?: "", "Available"))
			continue;
		status = jx_str(c, "status") ?: "";
		reason = jx_str(c, "reason");
		if (strcmp(status, "True") && reason && *reason) {
			pr_own(cells, xasprintf("%s (%s)", status, reason));
			status = NULL;
		}
		break;
	}
	if (status)
		pr_str(cells, status);
	pr_age(cells, obj, now);
}

const struct printer apiservice_printer = {apiservice_columns, apiservice_row};
