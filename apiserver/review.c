/* authorization.k8s.io reviews: "may this user do that?" and "what may I do here?", answered
 * by the authorizer and never stored, as upstream's access and rules reviews; and
 * authentication.k8s.io's SelfSubjectReview, "who am I?" (kubectl auth whoami). */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

#define AUTHZ_GROUP "authorization.k8s.io"
#define AUTHN_GROUP "authentication.k8s.io"
#define RBAC_GROUP  "rbac.authorization.k8s.io"

enum review_type { SELF_ACCESS, ACCESS, LOCAL_ACCESS, SELF_RULES };

static const struct {
	const char *kind;
	enum review_type type;
} review_kinds[] = {
    {"SelfSubjectAccessReview", SELF_ACCESS},
    {"SubjectAccessReview", ACCESS},
    {"LocalSubjectAccessReview", LOCAL_ACCESS},
    {"SelfSubjectRulesReview", SELF_RULES},
};

static int review_type_of(const struct kind *k)
{
	if (strcmp(k->group, AUTHZ_GROUP))
		return -1;
	for (size_t i = 0; i < sizeof(review_kinds) / sizeof(review_kinds[0]); i++)
		if (!strcmp(review_kinds[i].kind, k->kind))
			return (int)review_kinds[i].type;
	return -1;
}

static bool self_subject_kind(const struct kind *k)
{
	return !strcmp(k->group, AUTHN_GROUP) && !strcmp(k->kind, "SelfSubjectReview");
}

bool review_kind(const struct kind *k)
{
	return review_type_of(k) >= 0 || sat_review_kind(k) || self_subject_kind(k);
}

/* ---- who am I ---- */

static json_t *user_info(const struct user *u)
{
	json_t *out = json_pack("{s:s}", "username", u->name ? u->name : ""), *groups;

	if (u->uid && *u->uid)
		json_object_set_new(out, "uid", json_string(u->uid));
	if (u->ngroups) {
		groups = json_array();
		for (int i = 0; i < u->ngroups; i++)
			json_array_append_new(groups, json_string(u->groups[i]));
		json_object_set_new(out, "groups", groups);
	}
	if (json_object_size(u->extra))
		json_object_set(out, "extra", u->extra);
	return out;
}

/* ---- access reviews ---- */

/* Request attributes from spec (borrowed strings); false and causes when malformed. */
static bool spec_attrs(const json_t *spec, enum review_type t, const char *url_ns, struct attrs *a,
		       json_t *causes)
{
	json_t *res = json_object_get(spec, "resourceAttributes");
	json_t *nonres = json_object_get(spec, "nonResourceAttributes");

	if (res && nonres) {
		fe_invalid_str(causes, "spec.resourceAttributes", "nonResourceAttributes",
			       "cannot be specified in combination with resourceAttributes");
		return false;
	}
	if (!json_is_object(res) && !json_is_object(nonres)) {
		fe_required(causes, "spec.resourceAttributes",
			    "exactly one of nonResourceAttributes or resourceAttributes must be "
			    "specified");
		return false;
	}
	if (t == LOCAL_ACCESS && nonres) {
		fe_invalid(causes, "spec.nonResourceAttributes", nonres,
			   "disallowed on this kind of request");
		return false;
	}
	if (nonres) {
		a->resource_request = false;
		a->path = jx_str(nonres, "path") ?: "";
		a->verb = jx_str(nonres, "verb") ?: "";
		return true;
	}
	a->resource_request = true;
	a->ns = jx_str(res, "namespace") ?: "";
	a->verb = jx_str(res, "verb") ?: "";
	a->group = jx_str(res, "group") ?: "";
	a->resource = jx_str(res, "resource") ?: "";
	a->sub = jx_str(res, "subresource") ?: "";
	a->name = jx_str(res, "name") ?: "";
	a->field_selector = jx_str(res, "fieldSelector.rawSelector");
	if (t == LOCAL_ACCESS && strcmp(a->ns, url_ns ? url_ns : "")) {
		fe_invalid_str(causes, "spec.resourceAttributes.namespace", a->ns,
			       "must match metadata.namespace");
		return false;
	}
	return true;
}

/* The user a SubjectAccessReview asks about (strings owned by u). */
static bool spec_user(const json_t *spec, struct user *u, json_t *causes)
{
	const json_t *groups = json_object_get(spec, "groups"), *g;
	const char *name = jx_str(spec, "user");
	size_t i;

	if ((!name || !*name) && !json_array_size(groups)) {
		fe_invalid_str(causes, "spec.user", name ? name : "",
			       "at least one of user or group must be specified");
		return false;
	}
	u->name = xstrdup(name ? name : "");
	if (jx_str(spec, "uid"))
		u->uid = xstrdup(jx_str(spec, "uid"));
	u->groups = xcalloc(json_array_size(groups) + 1, sizeof(char *));
	json_array_foreach((json_t *)groups, i, g)
	{
		if (json_is_string(g))
			u->groups[u->ngroups++] = xstrdup(json_string_value(g));
	}
	return true;
}

static json_t *access_status(const struct user *u, const struct attrs *a)
{
	json_t *out;
	char *reason = NULL;

	if (!auth_decide(u, a, &reason)) {
		/* No authorizer had an opinion: not allowed, with the reasons they gave. */
		out = json_pack("{s:b}", "allowed", 0);
		if (reason)
			json_object_set_new(out, "reason", json_string(reason));
		free(reason);
		return out;
	}
	free(reason);
	out = json_pack("{s:b}", "allowed", 1);
	if (!user_in_group(u, "system:masters") && auth_rbac_allows(u, a, &reason) && reason)
		json_object_set_new(out, "reason", json_string(reason));
	free(reason);
	return out;
}

/* ---- rules review: what RBAC grants a user in a namespace ---- */

static json_t *pick(const json_t *rule, const char *const *keys)
{
	json_t *out = json_object();

	for (int i = 0; keys[i]; i++) {
		json_t *v = json_object_get(rule, keys[i]);
		if (json_array_size(v) || !strcmp(keys[i], "verbs"))
			json_object_set(out, keys[i], v ? v : json_array());
	}
	return out;
}

/* Split PolicyRules into the review's resource and non-resource rule lists. */
static json_t *rules_status(const struct user *u, const char *ns)
{
	static const char *const res_keys[] = {"verbs", "apiGroups", "resources", "resourceNames",
					       NULL};
	static const char *const url_keys[] = {"verbs", "nonResourceURLs", NULL};
	json_t *rules = json_array(), *res = json_array(), *nonres = json_array(), *r, *out;
	char *missing = NULL;
	size_t i;

	auth_rbac_rules(u, ns, rules, &missing);
	missing = auth_rules_error(u, missing);
	json_array_foreach(rules, i, r)
	{
		if (json_array_size(json_object_get(r, "resources")))
			json_array_append_new(res, pick(r, res_keys));
		if (json_array_size(json_object_get(r, "nonResourceURLs")))
			json_array_append_new(nonres, pick(r, url_keys));
	}
	out = json_pack("{s:o, s:o, s:b}", "resourceRules", res, "nonResourceRules", nonres,
			"incomplete", missing != NULL);
	if (missing)
		json_object_set_new(out, "evaluationError", json_string(missing));
	free(missing);
	json_decref(rules);
	return out;
}

/* ---- the create handler ---- */

/* Upstream refuses reviews carrying object metadata beyond a namespace. */
static void check_meta(const json_t *body, enum review_type t, json_t *causes)
{
	json_t *meta = json_object_get(body, "metadata"), *v;
	const char *k;

	json_object_foreach(meta, k, v)
	{
		if (json_is_null(v) || (t == LOCAL_ACCESS && !strcmp(k, "namespace")))
			continue;
		fe_invalid(causes, "metadata", meta, "must be empty");
		return;
	}
}

static json_t *evaluate(struct rinfo *ri, enum review_type t, const json_t *spec, json_t *causes)
{
	struct attrs a = {0};
	struct user subject = {0};
	json_t *status = NULL;

	if (t == SELF_RULES) {
		const char *ns = jx_str(spec, "namespace");
		return rules_status(&ri->user, ns ? ns : "");
	}
	if (t != SELF_ACCESS && !spec_user(spec, &subject, causes))
		goto out;
	if (!spec_attrs(spec, t, ri->ns, &a, causes))
		goto out;
	status = access_status(t == SELF_ACCESS ? &ri->user : &subject, &a);
out:
	user_clear(&subject);
	return status;
}

static json_t *check_type(const struct rinfo *ri, const json_t *body)
{
	const char *kind = jx_str(body, "kind"), *av = jx_str(body, "apiVersion");
	char want[64];

	if (!json_is_object(body))
		return st_bad_request("the object provided is not a JSON object");
	kind_api_version(ri->k, want);
	if ((kind && *kind && strcmp(kind, ri->k->kind)) || (av && *av && strcmp(av, want)))
		return st_bad_request("the API version in the data (%s) does not match the "
				      "expected API version (%s)",
				      av ? av : "", want);
	return NULL;
}

void review_create(struct http_req *req, struct rinfo *ri)
{
	enum review_type t = (enum review_type)review_type_of(ri->k);
	json_t *st = NULL, *body, *spec, *status, *causes, *out;
	char av[64], qk[96];

	if (sat_review_kind(ri->k)) {
		sat_token_review(req, ri); /* authentication.k8s.io's TokenReview */
		return;
	}
	body = reg_decode(req, &st);
	if (!body || (st = check_type(ri, body)))
		goto fail;
	if (self_subject_kind(ri->k)) {
		/* The requester as authenticated (or impersonated); the body carries nothing. */
		out = json_pack("{s:s, s:s, s:{s:n}, s:{s:o}}", "kind", ri->k->kind, "apiVersion",
				kind_api_version(ri->k, av), "metadata", "creationTimestamp",
				"status", "userInfo", user_info(&ri->user));
		goto reply;
	}
	spec = json_object_get(body, "spec");
	causes = json_array();
	check_meta(body, t, causes);
	if (t == SELF_RULES && !json_array_size(causes) && !jx_str(spec, "namespace")) {
		json_decref(causes);
		st = st_bad_request("no namespace on request");
		goto fail;
	}
	status = json_array_size(causes) ? NULL : evaluate(ri, t, spec, causes);
	if (!status) {
		st = st_invalid(kind_qualified(ri->k, qk), ri->k->group, ri->k->kind, "", causes);
		goto fail;
	}
	json_decref(causes);
	out = json_pack("{s:s, s:s, s:{s:n}, s:o, s:o}", "kind", ri->k->kind, "apiVersion",
			kind_api_version(ri->k, av), "metadata", "creationTimestamp", "spec",
			/* a rules review answers with its status alone, as upstream */
			spec && t != SELF_RULES ? json_incref(spec) : json_object(), "status",
			status);
	if (t == LOCAL_ACCESS && ri->ns)
		json_object_set_new(json_object_get(out, "metadata"), "namespace",
				    json_string(ri->ns));
reply:
	http_reply_json(req, 201, out);
	json_decref(out);
	json_decref(body);
	rinfo_free(ri);
	return;
fail:
	reply_status(req, st);
	json_decref(body);
	rinfo_free(ri);
}
