/* validation: names, labels, ObjectMeta, selectors and quantities, worded as upstream's
 * apimachinery validation; pod specs follow in the second half of the file. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "status.h"
#include "validation.h"

#define LABEL_FMT     "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#define SUBDOMAIN_FMT LABEL_FMT "(\\." LABEL_FMT ")*"
#define DNS1035_FMT   "[a-z]([-a-z0-9]*[a-z0-9])?"
#define QNAME_FMT     "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
#define QNAME_MSG                                                                                  \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "   \
	"an alphanumeric character"

static const char label_msg[] =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '" LABEL_FMT "')";
static const char subdomain_msg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '" SUBDOMAIN_FMT "')";
static const char dns1035_msg[] =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '" DNS1035_FMT "')";
static const char qname_regex_msg[] = QNAME_MSG " (e.g. 'MyName',  or 'my.name',  or '123-abc', "
						"regex used for validation is '" QNAME_FMT "')";
static const char label_value_msg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is '(" QNAME_FMT ")?')";
static const char config_key_msg[] =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
    "'[-._a-zA-Z0-9]+')";
static const char quantity_msg[] = "quantities must match the regular expression "
				   "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/* The messages one grammar check produced, as upstream's []string. */
struct msgs {
	int n;
	char s[4][640];
};

static void msg_add(struct msgs *m, const char *fmt, const char *a)
{
	if (m->n < 4)
		snprintf(m->s[m->n++], sizeof(m->s[0]), fmt, a ? a : "");
}

static void invalid_each(json_t *causes, const char *field, const char *value, const struct msgs *m)
{
	for (int i = 0; i < m->n; i++)
		fe_invalid_str(causes, field, value, m->s[i]);
}

static bool is_lower_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool label_span(const char *s, size_t n)
{
	if (!n || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

bool val_is_dns_label(const char *s)
{
	return s && strlen(s) <= 63 && label_span(s, strlen(s));
}

static bool subdomain_grammar(const char *s)
{
	const char *p = s, *dot;

	for (;;) {
		dot = strchr(p, '.');
		if (!label_span(p, dot ? (size_t)(dot - p) : strlen(p)))
			return false;
		if (!dot)
			return true;
		p = dot + 1;
	}
}

bool val_is_dns_subdomain(const char *s)
{
	return s && strlen(s) <= 253 && subdomain_grammar(s);
}

static void is_label(const char *v, struct msgs *m)
{
	if (strlen(v) > 63)
		msg_add(m, "must be no more than %s characters", "63");
	if (!label_span(v, strlen(v)))
		msg_add(m, "%s", subdomain_grammar(v) ? "must not contain dots" : label_msg);
}

static void is_subdomain(const char *v, struct msgs *m)
{
	if (strlen(v) > 253)
		msg_add(m, "must be no more than %s characters", "253");
	if (!subdomain_grammar(v))
		msg_add(m, "%s", subdomain_msg);
}

static void is_dns1035(const char *v, struct msgs *m)
{
	if (strlen(v) > 63)
		msg_add(m, "must be no more than %s characters", "63");
	if (!label_span(v, strlen(v)) || !(v[0] >= 'a' && v[0] <= 'z'))
		msg_add(m, "%s", dns1035_msg);
}

static bool qname_part(const char *s, size_t n)
{
	if (!n || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

static void is_qualified(const char *v, struct msgs *m)
{
	const char *slash = strchr(v, '/'), *name = v;
	char prefix[300];
	struct msgs pm = {0};

	if (slash && strchr(slash + 1, '/')) {
		msg_add(m,
			"a qualified name %s with an optional DNS subdomain prefix and '/' (e.g. "
			"'example.com/MyName')",
			qname_regex_msg);
		return;
	}
	if (slash) {
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(slash - v), v);
		name = slash + 1;
		if (!*prefix)
			msg_add(m, "prefix part %s", "must be non-empty");
		else
			is_subdomain(prefix, &pm);
		for (int i = 0; i < pm.n; i++)
			msg_add(m, "prefix part %s", pm.s[i]);
	}
	if (!*name)
		msg_add(m, "name part %s", "must be non-empty");
	else if (strlen(name) > 63)
		msg_add(m, "name part %s", "must be no more than 63 characters");
	if (!qname_part(name, strlen(name)))
		msg_add(m, "name part %s", qname_regex_msg);
}

bool val_is_qualified_name(const char *s)
{
	struct msgs m = {0};

	is_qualified(s, &m);
	return m.n == 0;
}

static void is_label_value(const char *v, struct msgs *m)
{
	if (strlen(v) > 63)
		msg_add(m, "must be no more than %s characters", "63");
	if (*v && !qname_part(v, strlen(v)))
		msg_add(m, "%s", label_value_msg);
}

static void is_segment(const char *v, bool prefix, struct msgs *m)
{
	if (!prefix && (!strcmp(v, ".") || !strcmp(v, ".."))) {
		msg_add(m, "may not be '%s'", v);
		return;
	}
	if (strchr(v, '/'))
		msg_add(m, "may not contain '%s'", "/");
	if (strchr(v, '%'))
		msg_add(m, "may not contain '%s'", "%");
}

/* Upstream validates a generateName as a name whose trailing dash is masked. */
static void name_msgs(enum val_name_rule rule, const char *v, bool prefix, struct msgs *m)
{
	char buf[512];
	size_t n = strlen(v);

	if (prefix && n > 1 && n < sizeof(buf) && v[n - 1] == '-') {
		memcpy(buf, v, n + 1);
		buf[n - 1] = 'a';
		v = buf;
	}
	switch (rule) {
	case VAL_NAME_LABEL:
		is_label(v, m);
		break;
	case VAL_NAME_DNS1035:
		is_dns1035(v, m);
		break;
	case VAL_NAME_SEGMENT:
		is_segment(v, prefix, m);
		break;
	case VAL_NAME_ANY:
		break;
	default:
		is_subdomain(v, m);
	}
}

#define GRAMMAR_FN(fn, check)                                                                      \
	void fn(json_t *causes, const char *field, const char *value)                              \
	{                                                                                          \
		struct msgs m = {0};                                                               \
		check(value ? value : "", &m);                                                     \
		invalid_each(causes, field, value, &m);                                            \
	}
GRAMMAR_FN(val_dns_label, is_label)
GRAMMAR_FN(val_dns_subdomain, is_subdomain)
GRAMMAR_FN(val_dns1035_label, is_dns1035)
GRAMMAR_FN(val_qualified_name, is_qualified)
GRAMMAR_FN(val_label_value, is_label_value)

void val_name(json_t *causes, const char *field, const char *value, enum val_name_rule rule)
{
	struct msgs m = {0};

	name_msgs(rule, value ? value : "", false, &m);
	invalid_each(causes, field, value, &m);
}

void val_config_key(json_t *causes, const char *field, const char *key)
{
	struct msgs m = {0};
	size_t n = strlen(key);
	bool ok = n > 0;

	if (n > 253)
		msg_add(&m, "must be no more than %s characters", "253");
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)key[i]) && !strchr("-._", key[i]))
			ok = false;
	if (!ok)
		msg_add(&m, "%s", config_key_msg);
	if (!strcmp(key, ".") || !strcmp(key, ".."))
		msg_add(&m, "must not be '%s'", key);
	else if (!strncmp(key, "..", 2))
		msg_add(&m, "%s", "must not start with '..'");
	invalid_each(causes, field, key, &m);
}

void val_port_name(json_t *causes, const char *field, const char *v)
{
	struct msgs m = {0};
	bool charset = *v != 0, letter = false;

	if (strlen(v) > 15)
		msg_add(&m, "must be no more than %s characters", "15");
	for (const char *p = v; *p; p++) {
		if (!is_lower_alnum(*p) && *p != '-')
			charset = false;
		if (*p >= 'a' && *p <= 'z')
			letter = true;
	}
	if (!charset)
		msg_add(&m, "%s",
			"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
	if (!letter)
		msg_add(&m, "%s", "must contain at least one letter (a-z)");
	if (strstr(v, "--"))
		msg_add(&m, "%s", "must not contain consecutive hyphens (--)");
	if (*v && (v[0] == '-' || v[strlen(v) - 1] == '-'))
		msg_add(&m, "%s", "must not begin or end with a hyphen (-)");
	invalid_each(causes, field, v, &m);
}

/* ---- name rules per kind ---- */

static const struct {
	const char *group, *kind;
	enum val_name_rule rule;
} name_rules[] = {
    {"", "Namespace", VAL_NAME_LABEL},
    {"", "Service", VAL_NAME_DNS1035},
    {"rbac.authorization.k8s.io", "Role", VAL_NAME_SEGMENT},
    {"rbac.authorization.k8s.io", "ClusterRole", VAL_NAME_SEGMENT},
    {"rbac.authorization.k8s.io", "RoleBinding", VAL_NAME_SEGMENT},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", VAL_NAME_SEGMENT},
    {"certificates.k8s.io", "CertificateSigningRequest", VAL_NAME_ANY},
    {"apiregistration.k8s.io", "APIService", VAL_NAME_SEGMENT},
};

enum val_name_rule val_name_rule(const char *group, const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(name_rules) / sizeof(name_rules[0]); i++)
		if (!strcmp(name_rules[i].kind, kind) &&
		    !strcmp(name_rules[i].group, group ? group : ""))
			return name_rules[i].rule;
	return VAL_NAME_SUBDOMAIN;
}

bool val_name_is_label(const char *resource)
{
	return resource && (!strcmp(resource, "namespaces") || !strcmp(resource, "services"));
}

static enum val_name_rule rule_of(const json_t *obj)
{
	const char *av = jx_str(obj, "apiVersion"), *slash;
	char group[128] = "";

	if (av && (slash = strchr(av, '/')))
		snprintf(group, sizeof(group), "%.*s", (int)(slash - av), av);
	return val_name_rule(group, jx_str(obj, "kind"));
}

/* ---- generic fields ---- */

void val_invalid_raw(json_t *causes, const char *field, const char *rendered, const char *detail)
{
	char *msg = NULL;

	if (asprintf(&msg, "Invalid value: %s%s%s", rendered, detail && *detail ? ": " : "",
		     detail ? detail : "") < 0)
		return;
	json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason", "FieldValueInvalid",
						"message", msg, "field", field));
	free(msg);
}

void val_not_found(json_t *causes, const char *field, const char *value)
{
	json_t *tmp = json_array(), *c;

	/* Render the value like fe_invalid, then retag the cause. */
	fe_invalid_str(tmp, field, value, NULL);
	c = json_array_get(tmp, 0);
	if (c) {
		const char *msg = json_string_value(json_object_get(c, "message"));
		char *m = NULL;

		if (asprintf(&m, "Not found%s", msg + strlen("Invalid value")) >= 0) {
			json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason",
								"FieldValueNotFound", "message", m,
								"field", field));
			free(m);
		}
	}
	json_decref(tmp);
}

void val_nonneg(json_t *causes, const char *field, const json_t *v)
{
	if (json_is_integer(v) && json_integer_value(v) < 0)
		fe_invalid(causes, field, v, "must be greater than or equal to 0");
}

void val_positive(json_t *causes, const char *field, const json_t *v)
{
	if (json_is_integer(v) && json_integer_value(v) <= 0)
		fe_invalid(causes, field, v, "must be greater than 0");
}

void val_port_num(json_t *causes, const char *field, const json_t *v, bool req)
{
	json_int_t p = json_integer_value(v);

	if (!v || (json_is_integer(v) && p == 0)) {
		if (req)
			fe_required(causes, field, "");
		return;
	}
	if (!json_is_integer(v) || p < 1 || p > 65535)
		fe_invalid(causes, field, v, "must be between 1 and 65535, inclusive");
}

void val_port_num_or_name(json_t *causes, const char *field, const json_t *v)
{
	if (json_is_string(v))
		val_port_name(causes, field, json_string_value(v));
	else if (v)
		val_port_num(causes, field, v, false);
}

void val_enum(json_t *causes, const char *field, const json_t *v, const char *const *allowed,
	      bool required)
{
	const char *s = json_string_value(v);

	if (!s || !*s) {
		if (required || (v && !json_is_null(v)))
			fe_required(causes, field, "");
		return;
	}
	for (int i = 0; allowed[i]; i++)
		if (!strcmp(allowed[i], s))
			return;
	fe_not_supported(causes, field, v, allowed);
}

void val_immutable(json_t *causes, const char *field, const json_t *nv, const json_t *ov)
{
	if (!jx_equal(nv, ov))
		fe_invalid(causes, field, nv, "field is immutable");
}

/* ---- labels and annotations ---- */

void val_labels(json_t *causes, const char *field, const json_t *labels)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)labels, k, v)
	{
		struct msgs m = {0};

		is_qualified(k, &m);
		invalid_each(causes, field, k, &m);
		memset(&m, 0, sizeof(m));
		if (json_is_string(v)) {
			is_label_value(json_string_value(v), &m);
			invalid_each(causes, field, json_string_value(v), &m);
		}
	}
}

void val_annotations(json_t *causes, const char *field, const json_t *annotations)
{
	size_t total = 0;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)annotations, k, v)
	{
		struct msgs m = {0};
		char *lower = strdup(k);

		for (char *p = lower; p && *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (lower)
			is_qualified(lower, &m);
		free(lower);
		invalid_each(causes, field, k, &m);
		total += strlen(k) + (json_is_string(v) ? json_string_length(v) : 0);
	}
	if (total > 256 * 1024)
		fe_too_long(causes, field, NULL, 256 * 1024);
}

/* ---- ObjectMeta ---- */

static bool is_standard_finalizer(const char *f)
{
	return !strcmp(f, "kubernetes") || !strcmp(f, "orphan") || !strcmp(f, "foregroundDeletion");
}

static void val_finalizers(json_t *causes, const json_t *fins)
{
	bool orphan = false, foreground = false;
	char path[64];
	size_t i;
	json_t *f;

	json_array_foreach(fins, i, f)
	{
		const char *s = json_string_value(f);

		if (!s)
			continue;
		val_qualified_name(causes, "metadata.finalizers", s);
		orphan |= !strcmp(s, "orphan");
		foreground |= !strcmp(s, "foregroundDeletion");
	}
	if (orphan && foreground)
		fe_invalid(causes, "metadata.finalizers", fins,
			   "finalizer orphan and foregroundDeletion cannot be both set");
	/* Core's ObjectMeta check: an unqualified finalizer must be a standard one. */
	json_array_foreach(fins, i, f)
	{
		const char *s = json_string_value(f);

		if (!s)
			continue;
		fe_path(path, sizeof(path), "metadata.finalizers[%zu]", i);
		val_qualified_name(causes, path, s);
		if (!strchr(s, '/') && !is_standard_finalizer(s))
			fe_invalid_str(causes, path, s,
				       "name is neither a standard finalizer name nor is it fully "
				       "qualified");
	}
}

static void val_owner_refs(json_t *causes, const json_t *refs)
{
	const char *f = "metadata.ownerReferences";
	int controllers = 0;
	size_t i;
	json_t *r;

	json_array_foreach(refs, i, r)
	{
		const char *av = jx_str(r, "apiVersion");
		const char *ver = av && strchr(av, '/') ? strchr(av, '/') + 1 : av;

		if (!ver || !*ver)
			fe_invalid_str(causes, "metadata.ownerReferences.apiVersion", av,
				       "version must not be empty");
		if (!jx_str(r, "kind") || !*jx_str(r, "kind"))
			fe_invalid_str(causes, "metadata.ownerReferences.kind", jx_str(r, "kind"),
				       "kind must not be empty");
		if (!jx_str(r, "name") || !*jx_str(r, "name"))
			fe_invalid_str(causes, "metadata.ownerReferences.name", jx_str(r, "name"),
				       "name must not be empty");
		if (!jx_str(r, "uid") || !*jx_str(r, "uid"))
			fe_invalid_str(causes, "metadata.ownerReferences.uid", jx_str(r, "uid"),
				       "uid must not be empty");
		controllers += jx_bool(r, "controller", false);
	}
	if (controllers > 1)
		fe_invalid(causes, f, refs, "Only one reference can have Controller set to true");
}

static void val_meta_common(const json_t *md, json_t *causes)
{
	val_labels(causes, "metadata.labels", json_object_get(md, "labels"));
	val_annotations(causes, "metadata.annotations", json_object_get(md, "annotations"));
	val_owner_refs(causes, json_object_get(md, "ownerReferences"));
}

static void val_meta_create(const json_t *md, bool namespaced, enum val_name_rule rule,
			    json_t *causes)
{
	const char *name = jx_str(md, "name"), *gen = jx_str(md, "generateName");
	const char *ns = jx_str(md, "namespace");
	struct msgs m = {0};

	if (gen && *gen) {
		name_msgs(rule, gen, true, &m);
		invalid_each(causes, "metadata.generateName", gen, &m);
	}
	if (!name || !*name) {
		fe_required(causes, "metadata.name", "name or generateName is required");
	} else {
		memset(&m, 0, sizeof(m));
		name_msgs(rule, name, false, &m);
		invalid_each(causes, "metadata.name", name, &m);
	}
	if (namespaced && (!ns || !*ns)) {
		fe_required(causes, "metadata.namespace", "");
	} else if (namespaced) {
		memset(&m, 0, sizeof(m));
		is_label(ns, &m);
		invalid_each(causes, "metadata.namespace", ns, &m);
	} else if (ns && *ns) {
		fe_forbidden(causes, "metadata.namespace", "not allowed on this type");
	}
	val_nonneg(causes, "metadata.generation", json_object_get(md, "generation"));
	val_meta_common(md, causes);
	val_finalizers(causes, json_object_get(md, "finalizers"));
}

static void val_new_finalizers(json_t *causes, const json_t *nf, const json_t *of)
{
	json_t *extra = json_array(), *f, *o;
	size_t i, j;

	json_array_foreach(nf, i, f)
	{
		bool found = false;

		json_array_foreach(of, j, o) found |= json_equal(f, o);
		if (!found)
			json_array_append(extra, f);
	}
	if (json_array_size(extra)) {
		/* Go prints the set as []string{"a", "b"}, as fe_invalid renders it. */
		json_t *tmp = json_array();
		const char *body;
		char *msg = NULL;

		fe_invalid(tmp, "", extra, NULL);
		body = json_string_value(jx_get(json_array_get(tmp, 0), "message"));
		if (body &&
		    asprintf(&msg,
			     "no new finalizers can be added if the object is being deleted, "
			     "found new finalizers %s",
			     body + strlen("Invalid value: ")) >= 0)
			fe_forbidden(causes, "metadata.finalizers", msg);
		free(msg);
		json_decref(tmp);
	}
	json_decref(extra);
}

static void val_meta_update(const json_t *md, const json_t *omd, json_t *causes)
{
	static const char *const immut[] = {"name",
					    "namespace",
					    "uid",
					    "creationTimestamp",
					    "deletionTimestamp",
					    "deletionGracePeriodSeconds",
					    NULL};
	char path[64];

	if (json_object_get(omd, "deletionTimestamp"))
		val_new_finalizers(causes, json_object_get(md, "finalizers"),
				   json_object_get(omd, "finalizers"));
	if (jx_int(md, "generation", 0) < jx_int(omd, "generation", 0))
		fe_invalid(causes, "metadata.generation", json_object_get(md, "generation"),
			   "must not be decremented");
	for (int i = 0; immut[i]; i++) {
		const json_t *nv = json_object_get(md, immut[i]);
		const json_t *ov = json_object_get(omd, immut[i]);
		json_t *empty = json_string("");

		/* Absent and empty strings are the same Go value. */
		if (!nv && json_is_string(ov))
			nv = empty;
		if (!ov && json_is_string(nv))
			ov = empty;
		if (!jx_equal(nv, ov) && !(json_is_null(nv) && !ov) && !(json_is_null(ov) && !nv))
			fe_invalid(causes, fe_path(path, sizeof(path), "metadata.%s", immut[i]),
				   nv ? nv : json_null(), "field is immutable");
		json_decref(empty);
	}
	val_meta_common(md, causes);
}

void val_object_meta_rule(const json_t *obj, bool namespaced, const json_t *old,
			  enum val_name_rule rule, json_t *causes)
{
	const json_t *md = json_object_get(obj, "metadata");

	if (!json_is_object(md)) {
		fe_required(causes, "metadata.name", "name or generateName is required");
		return;
	}
	if (old)
		val_meta_update(md, json_object_get(old, "metadata"), causes);
	else
		val_meta_create(md, namespaced, rule, causes);
}

void val_object_meta(const json_t *obj, bool namespaced, const json_t *old, json_t *causes)
{
	val_object_meta_rule(obj, namespaced, old, rule_of(obj), causes);
}

/* ---- quantities ---- */

/* Parse the resource.Quantity grammar into a value; false when it does not match. */
static bool quantity_value(const char *s, long double *out)
{
	static const struct {
		const char *sfx;
		long double mul;
	} sfx[] = {
	    {"Ki", 0x1p10L}, {"Mi", 0x1p20L}, {"Gi", 0x1p30L}, {"Ti", 0x1p40L},
	    {"Pi", 0x1p50L}, {"Ei", 0x1p60L}, {"n", 1e-9L},    {"u", 1e-6L},
	    {"m", 1e-3L},    {"", 1.0L},      {"k", 1e3L},     {"M", 1e6L},
	    {"G", 1e9L},     {"T", 1e12L},    {"P", 1e15L},    {"E", 1e18L},
	};
	const char *p = s;
	char *end;
	int digits = 0, dots = 0;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p) || *p == '.'; p++)
		*p == '.' ? dots++ : digits++;
	if (!digits || dots > 1)
		return false;
	*out = strtold(s, &end);
	if (end != p)
		return false;
	if ((*p == 'e' || *p == 'E') && p[1]) {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (!*q)
			return false;
		for (const char *r = q; *r; r++)
			if (!isdigit((unsigned char)*r))
				return false;
		*out *= powl(10.0L, strtold(p + 1, NULL));
		return true;
	}
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (!strcmp(p, sfx[i].sfx)) {
			*out *= sfx[i].mul;
			return true;
		}
	return false;
}

bool val_is_quantity(const char *s)
{
	long double v;

	return s && quantity_value(s, &v);
}

static bool json_quantity(const json_t *q, long double *v)
{
	if (json_is_integer(q)) {
		*v = (long double)json_integer_value(q);
		return true;
	}
	if (json_is_real(q)) {
		*v = json_real_value(q);
		return true;
	}
	return json_is_string(q) && quantity_value(json_string_value(q), v);
}

void val_quantity(json_t *causes, const char *field, const json_t *q)
{
	long double v;

	if (!json_quantity(q, &v))
		fe_invalid(causes, field, q, quantity_msg);
	else if (v < 0)
		fe_invalid(causes, field, q, "must be greater than or equal to 0");
}

int val_quantity_cmp(const json_t *a, const json_t *b)
{
	long double x, y;

	if (!json_quantity(a, &x) || !json_quantity(b, &y))
		return 0;
	return x < y ? -1 : x > y;
}

/* ---- label selectors ---- */

void val_label_selector(json_t *causes, const char *field, const json_t *sel)
{
	char path[256], vpath[300];
	size_t i, j;
	json_t *e, *v;

	if (!sel)
		return;
	val_labels(causes, fe_path(path, sizeof(path), "%s.matchLabels", field),
		   json_object_get(sel, "matchLabels"));
	json_array_foreach(json_object_get(sel, "matchExpressions"), i, e)
	{
		const char *op = jx_str(e, "operator");
		size_t nv = json_array_size(json_object_get(e, "values"));

		fe_path(path, sizeof(path), "%s.matchExpressions[%zu]", field, i);
		if (op && (!strcmp(op, "In") || !strcmp(op, "NotIn"))) {
			if (!nv)
				fe_required(causes,
					    fe_path(vpath, sizeof(vpath), "%s.values", path),
					    "must be specified when `operator` is 'In' or 'NotIn'");
		} else if (op && (!strcmp(op, "Exists") || !strcmp(op, "DoesNotExist"))) {
			if (nv)
				fe_forbidden(causes,
					     fe_path(vpath, sizeof(vpath), "%s.values", path),
					     "may not be specified when `operator` is 'Exists' or "
					     "'DoesNotExist'");
		} else {
			fe_invalid_str(causes, fe_path(vpath, sizeof(vpath), "%s.operator", path),
				       op, "not a valid selector operator");
		}
		val_qualified_name(causes, fe_path(vpath, sizeof(vpath), "%s.key", path),
				   jx_str(e, "key") ? jx_str(e, "key") : "");
		json_array_foreach(json_object_get(e, "values"), j, v) val_label_value(
		    causes, fe_path(vpath, sizeof(vpath), "%s.values[%zu]", path, j),
		    json_string_value(v) ? json_string_value(v) : "");
	}
}

bool val_selector_empty(const json_t *sel)
{
	return !json_object_size(json_object_get(sel, "matchLabels")) &&
	       !json_array_size(json_object_get(sel, "matchExpressions"));
}

static bool expr_matches(const json_t *e, const json_t *labels)
{
	const char *op = jx_str(e, "operator"), *key = jx_str(e, "key");
	const json_t *have = key ? json_object_get(labels, key) : NULL;
	bool in = false;
	size_t i;
	json_t *v;

	if (!op)
		return false;
	json_array_foreach(json_object_get(e, "values"), i, v) in |= jx_equal(v, have);
	if (!strcmp(op, "In"))
		return in;
	if (!strcmp(op, "NotIn"))
		return !in;
	if (!strcmp(op, "Exists"))
		return have != NULL;
	if (!strcmp(op, "DoesNotExist"))
		return have == NULL;
	return false;
}

bool val_selector_matches(const json_t *sel, const json_t *labels)
{
	const char *k;
	size_t i;
	json_t *v;

	json_object_foreach(json_object_get(sel, "matchLabels"), k,
			    v) if (!jx_equal(v, json_object_get(labels, k))) return false;
	json_array_foreach(json_object_get(sel, "matchExpressions"), i,
			   v) if (!expr_matches(v, labels)) return false;
	return true;
}

static void go_quote(FILE *f, const char *s)
{
	json_t *tmp = json_array();
	const char *msg;

	/* fe_invalid renders strings with Go's quoting; reuse it. */
	fe_invalid_str(tmp, "", s, NULL);
	msg = json_string_value(jx_get(json_array_get(tmp, 0), "message"));
	fputs(msg ? msg + strlen("Invalid value: ") : "\"\"", f);
	json_decref(tmp);
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void map_go(FILE *f, const json_t *m)
{
	size_t n = json_object_size(m), i = 0;
	const char **keys;
	const char *k;
	json_t *v;

	if (!json_is_object(m)) {
		fputs("map[string]string(nil)", f);
		return;
	}
	keys = calloc(n ? n : 1, sizeof(*keys));
	if (!keys)
		return;
	json_object_foreach((json_t *)m, k, v) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_keys);
	fputs("map[string]string{", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		go_quote(f, keys[i]);
		fputc(':', f);
		go_quote(f,
			 jx_str(m, keys[i]) ? json_string_value(json_object_get(m, keys[i])) : "");
	}
	fputc('}', f);
	free(keys);
}

char *val_map_go(const json_t *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	map_go(f, m);
	fclose(f);
	return buf;
}

char *val_selector_go(const json_t *sel)
{
	const json_t *exprs = json_object_get(sel, "matchExpressions");
	char *buf = NULL;
	size_t len = 0, i, j;
	FILE *f = open_memstream(&buf, &len);
	json_t *e, *v;

	if (!f)
		return NULL;
	fputs("v1.LabelSelector{MatchLabels:", f);
	map_go(f, json_object_get(sel, "matchLabels"));
	fputs(", MatchExpressions:[]v1.LabelSelectorRequirement", f);
	if (!json_is_array(exprs)) {
		fputs("(nil)}", f);
		goto out;
	}
	fputc('{', f);
	json_array_foreach(exprs, i, e)
	{
		fputs(i ? ", v1.LabelSelectorRequirement{Key:" : "v1.LabelSelectorRequirement{Key:",
		      f);
		go_quote(f, jx_str(e, "key") ? jx_str(e, "key") : "");
		fputs(", Operator:", f);
		go_quote(f, jx_str(e, "operator") ? jx_str(e, "operator") : "");
		fputs(", Values:[]string", f);
		if (!json_is_array(json_object_get(e, "values"))) {
			fputs("(nil)}", f);
			continue;
		}
		fputc('{', f);
		json_array_foreach(json_object_get(e, "values"), j, v)
		{
			fputs(j ? ", " : "", f);
			go_quote(f, json_string_value(v) ? json_string_value(v) : "");
		}
		fputs("}}", f);
	}
	fputs("}}", f);
out:
	fclose(f);
	return buf;
}

/* ---- pod specs ---- */

static const char *const protocols[] = {"SCTP", "TCP", "UDP", NULL};
static const char file_mode_msg[] = "must be a number between 0 and 0777 (octal), both inclusive";

/* Every volume source a Volume may name, one of which it must. */
const char *const val_volume_sources[] = {
    "hostPath",
    "emptyDir",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "persistentVolumeClaim",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "downwardAPI",
    "fc",
    "azureFile",
    "configMap",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "projected",
    "portworxVolume",
    "scaleIO",
    "storageos",
    "csi",
    "ephemeral",
    "image",
    NULL,
};

/* A child path: "<base>.<name>". */
static const char *sub(char *buf, size_t n, const char *base, const char *name)
{
	return fe_path(buf, n, "%s.%s", base, name);
}

static void require_str(json_t *causes, const char *base, const json_t *obj, const char *key)
{
	char p[512];
	const char *s = jx_str(obj, key);

	if (!s || !*s)
		fe_required(causes, sub(p, sizeof(p), base, key), "");
}

static void val_file_mode(json_t *causes, const char *base, const json_t *src, const char *key)
{
	const json_t *m = json_object_get(src, key);
	char p[512];

	if (json_is_integer(m) && (json_integer_value(m) < 0 || json_integer_value(m) > 0777))
		fe_invalid(causes, sub(p, sizeof(p), base, key), m, file_mode_msg);
}

static void val_volume_source(json_t *causes, const char *path, const char *type, const json_t *src)
{
	static const char *const host_types[] = {
	    "",		  "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket",
	    "CharDevice", "BlockDevice",       NULL};
	char p[512];

	sub(p, sizeof(p), path, type);
	if (!strcmp(type, "secret")) {
		require_str(causes, p, src, "secretName");
		val_file_mode(causes, p, src, "defaultMode");
	} else if (!strcmp(type, "configMap")) {
		require_str(causes, p, src, "name");
		val_file_mode(causes, p, src, "defaultMode");
	} else if (!strcmp(type, "persistentVolumeClaim")) {
		require_str(causes, p, src, "claimName");
	} else if (!strcmp(type, "hostPath")) {
		char tp[600];

		require_str(causes, p, src, "path");
		if (json_object_get(src, "type"))
			val_enum(causes, sub(tp, sizeof(tp), p, "type"),
				 json_object_get(src, "type"), host_types + 1, false);
	} else if (!strcmp(type, "nfs")) {
		require_str(causes, p, src, "server");
		require_str(causes, p, src, "path");
	} else if (!strcmp(type, "downwardAPI") || !strcmp(type, "projected")) {
		val_file_mode(causes, p, src, "defaultMode");
	} else if (!strcmp(type, "emptyDir")) {
		char sp[600];

		if (json_object_get(src, "sizeLimit"))
			val_quantity(causes, sub(sp, sizeof(sp), p, "sizeLimit"),
				     json_object_get(src, "sizeLimit"));
	}
}

/* Validates spec.volumes; returns the names of the valid ones (an object used as a set). */
static json_t *val_volumes(json_t *causes, const char *field, const json_t *vols)
{
	json_t *names = json_object(), *v;
	size_t i;

	json_array_foreach(vols, i, v)
	{
		json_t *errs = json_array();
		const char *name = jx_str(v, "name");
		char path[256], np[300];
		int nsrc = 0;

		fe_path(path, sizeof(path), "%s[%zu]", field, i);
		for (int s = 0; val_volume_sources[s]; s++) {
			const json_t *src = json_object_get(v, val_volume_sources[s]);

			if (!src || json_is_null(src))
				continue;
			if (nsrc++) {
				fe_forbidden(errs, sub(np, sizeof(np), path, val_volume_sources[s]),
					     "may not specify more than 1 volume type");
				continue;
			}
			val_volume_source(errs, path, val_volume_sources[s], src);
		}
		if (!nsrc)
			fe_required(errs, path, "must specify a volume type");
		sub(np, sizeof(np), path, "name");
		if (!name || !*name)
			fe_required(errs, np, "");
		else
			val_dns_label(errs, np, name);
		if (name && json_object_get(names, name))
			fe_duplicate(errs, np, json_object_get(v, "name"));
		if (!json_array_size(errs) && name)
			json_object_set_new(names, name, json_true());
		json_array_extend(causes, errs);
		json_decref(errs);
	}
	return names;
}

static void val_ports(json_t *causes, const char *field, const json_t *ports)
{
	json_t *names = json_object(), *pt;
	char path[256], p[300];
	size_t i;

	json_array_foreach(ports, i, pt)
	{
		const char *name = jx_str(pt, "name");

		fe_path(path, sizeof(path), "%s[%zu]", field, i);
		if (name && *name) {
			json_t *errs = json_array();

			val_port_name(errs, sub(p, sizeof(p), path, "name"), name);
			if (!json_array_size(errs) && json_object_get(names, name))
				fe_duplicate(errs, p, json_object_get(pt, "name"));
			json_object_set_new(names, name, json_true());
			json_array_extend(causes, errs);
			json_decref(errs);
		}
		val_port_num(causes, sub(p, sizeof(p), path, "containerPort"),
			     json_object_get(pt, "containerPort"), true);
		val_port_num(causes, sub(p, sizeof(p), path, "hostPort"),
			     json_object_get(pt, "hostPort"), false);
		val_enum(causes, sub(p, sizeof(p), path, "protocol"),
			 json_object_get(pt, "protocol"), protocols, true);
	}
	json_decref(names);
}

static void val_env_name(json_t *causes, const char *field, const char *name)
{
	if (!*name)
		fe_invalid_str(causes, field, name, "environment variable name must be non-empty");
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '=') {
			fe_invalid_str(causes, field, name,
				       "a valid environment variable name must consist only of "
				       "printable ASCII characters other than '='");
			break;
		}
}

static void val_env(json_t *causes, const char *field, const json_t *env)
{
	static const char *const sources[] = {"fieldRef", "resourceFieldRef", "configMapKeyRef",
					      "secretKeyRef", NULL};
	char path[256], p[300], q[400];
	size_t i;
	json_t *e;

	json_array_foreach(env, i, e)
	{
		const char *name = jx_str(e, "name") ? jx_str(e, "name") : "";
		const json_t *vf = json_object_get(e, "valueFrom");
		int n = 0;

		fe_path(path, sizeof(path), "%s[%zu]", field, i);
		if (!*name)
			fe_required(causes, sub(p, sizeof(p), path, "name"), "");
		val_env_name(causes, sub(p, sizeof(p), path, "name"), name);
		if (!vf || json_is_null(vf))
			continue;
		sub(p, sizeof(p), path, "valueFrom");
		for (int s = 0; sources[s]; s++) {
			const json_t *src = json_object_get(vf, sources[s]);

			if (!src)
				continue;
			if (n++) {
				fe_invalid_str(
				    causes, p, "",
				    "may not have more than one field specified at a time");
				break;
			}
			if (!strcmp(sources[s], "fieldRef")) {
				require_str(causes, sub(q, sizeof(q), p, sources[s]), src,
					    "fieldPath");
			} else if (!strcmp(sources[s], "resourceFieldRef")) {
				require_str(causes, sub(q, sizeof(q), p, sources[s]), src,
					    "resource");
			} else {
				sub(q, sizeof(q), p, sources[s]);
				require_str(causes, q, src, "name");
				require_str(causes, q, src, "key");
			}
		}
		if (!n)
			fe_invalid_str(causes, p, "",
				       "must specify one of: `fieldRef`, `resourceFieldRef`, "
				       "`configMapKeyRef` or `secretKeyRef`");
		else if (jx_str(e, "value") && *jx_str(e, "value"))
			fe_invalid_str(causes, p, "",
				       "may not be specified when `value` is not empty");
	}
}

static void val_mounts(json_t *causes, const char *field, const json_t *mounts, const json_t *vols)
{
	json_t *seen = json_object(), *m;
	char path[256], p[300];
	size_t i;

	json_array_foreach(mounts, i, m)
	{
		const char *name = jx_str(m, "name") ? jx_str(m, "name") : "";
		const char *mp = jx_str(m, "mountPath") ? jx_str(m, "mountPath") : "";

		fe_path(path, sizeof(path), "%s[%zu]", field, i);
		sub(p, sizeof(p), path, "name");
		if (!*name)
			fe_required(causes, p, "");
		if (!json_object_get(vols, name))
			val_not_found(causes, p, name);
		sub(p, sizeof(p), path, "mountPath");
		if (!*mp)
			fe_required(causes, p, "");
		if (json_object_get(seen, mp))
			fe_invalid_str(causes, p, mp, "must be unique");
		json_object_set_new(seen, mp, json_true());
		if (jx_str(m, "subPath") && *jx_str(m, "subPath") && jx_str(m, "subPathExpr") &&
		    *jx_str(m, "subPathExpr"))
			fe_invalid_str(causes, sub(p, sizeof(p), path, "subPathExpr"),
				       jx_str(m, "subPathExpr"),
				       "subPathExpr and subPath are mutually exclusive");
	}
	json_decref(seen);
}

static bool standard_container_resource(const char *name)
{
	return !strcmp(name, "cpu") || !strcmp(name, "memory") ||
	       !strcmp(name, "ephemeral-storage") || !strncmp(name, "hugepages-", 10);
}

static void val_resource_list(json_t *causes, const char *field, const json_t *list)
{
	const char *k;
	json_t *q;
	char p[512];

	json_object_foreach((json_t *)list, k, q)
	{
		fe_path(p, sizeof(p), "%s[%s]", field, k);
		val_qualified_name(causes, p, k);
		if (!strchr(k, '/') && !standard_container_resource(k))
			fe_invalid_str(causes, p, k, "must be a standard resource for containers");
		val_quantity(causes, p, q);
	}
}

void val_resources(json_t *causes, const char *field, const json_t *res)
{
	const json_t *lim = json_object_get(res, "limits"), *req = json_object_get(res, "requests");
	char lp[256], rp[256], detail[256];
	const char *k;
	json_t *q;

	val_resource_list(causes, sub(lp, sizeof(lp), field, "limits"), lim);
	val_resource_list(causes, sub(rp, sizeof(rp), field, "requests"), req);
	json_object_foreach((json_t *)req, k, q)
	{
		const json_t *l = json_object_get(lim, k);
		bool overcommit = !strncmp(k, "hugepages-", 10) ? false : true;

		if (l && !overcommit && val_quantity_cmp(q, l) != 0) {
			snprintf(detail, sizeof(detail), "must be equal to %s limit of %s", k,
				 json_string_value(l) ? json_string_value(l) : "");
			fe_invalid(causes, rp, q, detail);
		} else if (l && val_quantity_cmp(q, l) > 0) {
			char *ls = json_is_string(l) ? strdup(json_string_value(l))
						     : json_dumps(l, JSON_ENCODE_ANY);

			snprintf(detail, sizeof(detail),
				 "must be less than or equal to %s limit of %s", k, ls ? ls : "");
			free(ls);
			fe_invalid(causes, rp, q, detail);
		} else if (!l && !overcommit) {
			fe_required(causes, lp,
				    "Limit must be set for non overcommitable resources");
		}
	}
}

static void val_handler(json_t *causes, const char *field, const json_t *h, bool required)
{
	static const char *const kinds[] = {"exec", "httpGet", "tcpSocket", "grpc", "sleep", NULL};
	static const char *const schemes[] = {"HTTP", "HTTPS", NULL};
	char p[512], q[600];
	int n = 0;

	for (int i = 0; kinds[i]; i++) {
		const json_t *a = json_object_get(h, kinds[i]);

		if (!a || json_is_null(a))
			continue;
		sub(p, sizeof(p), field, kinds[i]);
		if (n++) {
			fe_forbidden(causes, p, "may not specify more than 1 handler type");
			continue;
		}
		if (!strcmp(kinds[i], "exec") && !json_array_size(json_object_get(a, "command")))
			fe_required(causes, sub(q, sizeof(q), p, "command"), "");
		if (!strcmp(kinds[i], "httpGet")) {
			require_str(causes, p, a, "path");
			val_port_num_or_name(causes, sub(q, sizeof(q), p, "port"),
					     json_object_get(a, "port"));
			val_enum(causes, sub(q, sizeof(q), p, "scheme"),
				 json_object_get(a, "scheme"), schemes, false);
		}
		if (!strcmp(kinds[i], "tcpSocket") || !strcmp(kinds[i], "grpc"))
			val_port_num_or_name(causes, sub(q, sizeof(q), p, "port"),
					     json_object_get(a, "port"));
	}
	if (!n && required)
		fe_required(causes, field, "must specify a handler type");
}

static void val_probe(json_t *causes, const char *path, const json_t *ctr, const char *which)
{
	static const char *const nonneg[] = {"initialDelaySeconds", "timeoutSeconds",
					     "periodSeconds",	    "successThreshold",
					     "failureThreshold",    NULL};
	const json_t *pr = json_object_get(ctr, which);
	const json_t *st;
	char field[300], p[400];

	if (!pr || json_is_null(pr))
		return;
	sub(field, sizeof(field), path, which);
	val_handler(causes, field, pr, true);
	for (int i = 0; nonneg[i]; i++)
		val_nonneg(causes, sub(p, sizeof(p), field, nonneg[i]),
			   json_object_get(pr, nonneg[i]));
	st = json_object_get(pr, "successThreshold");
	if (strcmp(which, "readinessProbe") && json_is_integer(st) && json_integer_value(st) != 1)
		fe_invalid(causes, sub(p, sizeof(p), field, "successThreshold"), st, "must be 1");
}

static void val_container(json_t *causes, const char *path, const json_t *c, const json_t *vols,
			  bool probes)
{
	static const char *const tmp[] = {"File", "FallbackToLogsOnError", NULL};
	static const char *const pull[] = {"Always", "IfNotPresent", "Never", NULL};
	const char *name = jx_str(c, "name"), *image = jx_str(c, "image");
	char p[300];

	sub(p, sizeof(p), path, "name");
	if (!name || !*name)
		fe_required(causes, p, "");
	else
		val_dns_label(causes, p, name);
	if (!image || !*image)
		fe_required(causes, sub(p, sizeof(p), path, "image"), "");
	val_enum(causes, sub(p, sizeof(p), path, "terminationMessagePolicy"),
		 json_object_get(c, "terminationMessagePolicy"), tmp, true);
	val_ports(causes, sub(p, sizeof(p), path, "ports"), json_object_get(c, "ports"));
	val_env(causes, sub(p, sizeof(p), path, "env"), json_object_get(c, "env"));
	val_mounts(causes, sub(p, sizeof(p), path, "volumeMounts"),
		   json_object_get(c, "volumeMounts"), vols);
	val_enum(causes, sub(p, sizeof(p), path, "imagePullPolicy"),
		 json_object_get(c, "imagePullPolicy"), pull, true);
	val_resources(causes, sub(p, sizeof(p), path, "resources"),
		      json_object_get(c, "resources"));
	if (probes) {
		val_probe(causes, path, c, "livenessProbe");
		val_probe(causes, path, c, "readinessProbe");
		val_probe(causes, path, c, "startupProbe");
	}
}

static void val_containers(json_t *causes, const char *field, const json_t *ctrs,
			   const json_t *vols, json_t *names, bool init)
{
	char path[256], p[300];
	size_t i;
	json_t *c;

	if (!init && !json_array_size(ctrs)) {
		fe_required(causes, field, "");
		return;
	}
	json_array_foreach(ctrs, i, c)
	{
		const char *name = jx_str(c, "name");

		fe_path(path, sizeof(path), "%s[%zu]", field, i);
		val_container(causes, path, c, vols, !init || jx_str(c, "restartPolicy"));
		if (name && json_object_get(names, name))
			fe_duplicate(causes, sub(p, sizeof(p), path, "name"),
				     json_object_get(c, "name"));
		else if (name)
			json_object_set_new(names, name, json_true());
		if (!init && json_object_get(c, "restartPolicy"))
			fe_forbidden(causes, sub(p, sizeof(p), path, "restartPolicy"),
				     "may not be set for non-init containers");
	}
}

void val_tolerations(json_t *causes, const char *field, const json_t *tols)
{
	static const char *const ops[] = {"Equal", "Exists", NULL};
	static const char *const effects[] = {"NoSchedule", "PreferNoSchedule", "NoExecute", NULL};
	char path[256], p[300];
	size_t i;
	json_t *t;

	json_array_foreach(tols, i, t)
	{
		const char *key = jx_str(t, "key") ? jx_str(t, "key") : "";
		const char *op = jx_str(t, "operator") ? jx_str(t, "operator") : "";
		const char *val = jx_str(t, "value") ? jx_str(t, "value") : "";
		const char *eff = jx_str(t, "effect") ? jx_str(t, "effect") : "";

		fe_path(path, sizeof(path), "%s[%zu]", field, i);
		if (*key)
			val_qualified_name(causes, sub(p, sizeof(p), path, "key"), key);
		sub(p, sizeof(p), path, "operator");
		if (!*key && strcmp(op, "Exists"))
			fe_invalid_str(causes, p, op,
				       "operator must be Exists when `key` is empty, which means "
				       "\"match all values and all keys\"");
		if (json_object_get(t, "tolerationSeconds") &&
		    !json_is_null(json_object_get(t, "tolerationSeconds")) &&
		    strcmp(eff, "NoExecute")) {
			char ep[300];

			fe_invalid_str(
			    causes, sub(ep, sizeof(ep), path, "effect"), eff,
			    "effect must be 'NoExecute' when `tolerationSeconds` is set");
		}
		if (!*op || !strcmp(op, "Equal")) {
			struct msgs m = {0};
			char joined[1400] = "";

			is_label_value(val, &m);
			for (int k = 0; k < m.n; k++)
				snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined),
					 "%s%s", k ? ";" : "", m.s[k]);
			if (m.n)
				fe_invalid_str(causes, p, val, joined);
		} else if (!strcmp(op, "Exists")) {
			if (*val) {
				char *s = json_dumps(t, JSON_COMPACT | JSON_SORT_KEYS);

				val_invalid_raw(causes, p, s ? s : "",
						"value must be empty when `operator` is 'Exists'");
				free(s);
			}
		} else {
			fe_not_supported(causes, p, json_object_get(t, "operator"), ops);
		}
		if (*eff)
			val_enum(causes, sub(p, sizeof(p), path, "effect"),
				 json_object_get(t, "effect"), effects, false);
	}
}

static void val_name_field(json_t *causes, const char *base, const json_t *spec, const char *key,
			   void (*fn)(json_t *, const char *, const char *))
{
	const char *s = jx_str(spec, key);
	char p[300];

	if (s && *s)
		fn(causes, sub(p, sizeof(p), base, key), s);
}

void val_pod_spec(json_t *causes, const char *field, const json_t *spec)
{
	static const char *const restart[] = {"Always", "OnFailure", "Never", NULL};
	static const char *const dns[] = {"ClusterFirstWithHostNet", "ClusterFirst", "Default",
					  "None", NULL};
	static const char *const preempt[] = {"PreemptLowerPriority", "Never", NULL};
	json_t *vols, *names = json_object();
	const json_t *ads;
	char p[300];

	vols = val_volumes(causes, sub(p, sizeof(p), field, "volumes"),
			   json_object_get(spec, "volumes"));
	val_containers(causes, sub(p, sizeof(p), field, "containers"),
		       json_object_get(spec, "containers"), vols, names, false);
	val_containers(causes, sub(p, sizeof(p), field, "initContainers"),
		       json_object_get(spec, "initContainers"), vols, names, true);
	val_enum(causes, sub(p, sizeof(p), field, "restartPolicy"),
		 json_object_get(spec, "restartPolicy"), restart, true);
	val_enum(causes, sub(p, sizeof(p), field, "dnsPolicy"), json_object_get(spec, "dnsPolicy"),
		 dns, true);
	val_labels(causes, sub(p, sizeof(p), field, "nodeSelector"),
		   json_object_get(spec, "nodeSelector"));
	val_name_field(causes, field, spec, "serviceAccountName", val_dns_subdomain);
	val_name_field(causes, field, spec, "nodeName", val_dns_subdomain);
	ads = json_object_get(spec, "activeDeadlineSeconds");
	if (json_is_integer(ads) &&
	    (json_integer_value(ads) < 1 || json_integer_value(ads) > 2147483647))
		fe_invalid(causes, sub(p, sizeof(p), field, "activeDeadlineSeconds"), ads,
			   "must be between 1 and 2147483647, inclusive");
	val_name_field(causes, field, spec, "hostname", val_dns_label);
	val_name_field(causes, field, spec, "subdomain", val_dns_label);
	val_tolerations(causes, sub(p, sizeof(p), field, "tolerations"),
			json_object_get(spec, "tolerations"));
	val_name_field(causes, field, spec, "priorityClassName", val_dns_subdomain);
	if (json_object_get(spec, "preemptionPolicy"))
		val_enum(causes, sub(p, sizeof(p), field, "preemptionPolicy"),
			 json_object_get(spec, "preemptionPolicy"), preempt, true);
	val_nonneg(causes, sub(p, sizeof(p), field, "terminationGracePeriodSeconds"),
		   json_object_get(spec, "terminationGracePeriodSeconds"));
	json_decref(vols);
	json_decref(names);
}

void val_pod_template(json_t *causes, const char *field, const json_t *tmpl)
{
	const json_t *md = json_object_get(tmpl, "metadata");
	char p[300];

	val_labels(causes, sub(p, sizeof(p), field, "labels"), json_object_get(md, "labels"));
	val_annotations(causes, sub(p, sizeof(p), field, "annotations"),
			json_object_get(md, "annotations"));
	val_pod_spec(causes, sub(p, sizeof(p), field, "spec"), json_object_get(tmpl, "spec"));
	if (json_array_size(jx_get(tmpl, "spec.ephemeralContainers")))
		fe_forbidden(causes, sub(p, sizeof(p), field, "spec.ephemeralContainers"),
			     "ephemeral containers not allowed in pod template");
}

void val_workload_template(json_t *causes, const char *field, const json_t *tmpl, const json_t *sel,
			   const char *const *restart, const char *owner)
{
	const json_t *labels = jx_get(tmpl, "metadata.labels");
	char p[300], detail[128];

	if (!tmpl) {
		fe_required(causes, field, "");
		return;
	}
	if (sel && !val_selector_empty(sel) && !val_selector_matches(sel, labels)) {
		char *m = val_map_go(labels);

		val_invalid_raw(causes, sub(p, sizeof(p), field, "metadata.labels"), m ? m : "",
				"`selector` does not match template `labels`");
		free(m);
	}
	val_pod_template(causes, field, tmpl);
	if (restart) {
		const json_t *rp = jx_get(tmpl, "spec.restartPolicy");
		bool ok = false;

		for (int i = 0; restart[i]; i++)
			ok |= jx_str(tmpl, "spec.restartPolicy") &&
			      !strcmp(restart[i], jx_str(tmpl, "spec.restartPolicy"));
		if (!ok) {
			json_t *empty = json_string("");

			fe_not_supported(causes, sub(p, sizeof(p), field, "spec.restartPolicy"),
					 rp ? rp : empty, restart);
			json_decref(empty);
		}
	}
	if (owner && jx_get(tmpl, "spec.activeDeadlineSeconds") &&
	    !json_is_null(jx_get(tmpl, "spec.activeDeadlineSeconds"))) {
		snprintf(detail, sizeof(detail), "activeDeadlineSeconds in %s is not Supported",
			 owner);
		fe_forbidden(causes, sub(p, sizeof(p), field, "spec.activeDeadlineSeconds"),
			     detail);
	}
}
