/* Authentication (client certificates, static tokens, anonymous) and authorization
 * (AlwaysAllow, AlwaysDeny, Node, RBAC) for every request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "apiserver.h"
#include "auth.h"
#include "b64.h"
#include "jsonx.h"
#include "kind.h"
#include "ktime.h"
#include "log.h"
#include "nodeauth.h"
#include "reqheader.h"
#include "selector.h"
#include "status.h"

struct token {
	char *token;
	struct user u;
};

static struct {
	struct auth_config cfg;
	struct token *tokens;
	size_t ntokens;
} A;

void user_add_group(struct user *u, const char *g)
{
	for (int i = 0; i < u->ngroups; i++)
		if (!strcmp(u->groups[i], g))
			return;
	u->groups = xrealloc(u->groups, sizeof(char *) * (size_t)(u->ngroups + 1));
	u->groups[u->ngroups++] = xstrdup(g);
}

void user_clear(struct user *u)
{
	free(u->name);
	free(u->uid);
	for (int i = 0; i < u->ngroups; i++)
		free(u->groups[i]);
	free(u->groups);
	json_decref(u->extra);
	memset(u, 0, sizeof(*u));
}

bool user_in_group(const struct user *u, const char *group)
{
	for (int i = 0; i < u->ngroups; i++)
		if (!strcmp(u->groups[i], group))
			return true;
	return false;
}

/* One CSV field, honouring double quotes; advances *p. malloc'd. */
static char *csv_field(const char **p)
{
	const char *s = *p;
	char *out = xmalloc(strlen(s) + 1), *o = out;
	bool quoted = *s == '"';

	if (quoted)
		s++;
	while (*s && (quoted ? !(*s == '"' && s[1] != '"') : *s != ',')) {
		if (quoted && *s == '"')
			s++; /* "" inside quotes is one quote */
		*o++ = *s++;
	}
	if (quoted && *s == '"')
		s++;
	if (*s == ',')
		s++;
	*o = 0;
	*p = s;
	return out;
}

/* upstream's --token-auth-file: token,user,uid[,"group1,group2"] per line. */
static int load_tokens(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;

	if (!f) {
		snprintf(err, errlen, "--token-auth-file: cannot open %s", path);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		const char *p = line;
		struct token t = {0};
		char *groups;

		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (!*line || *line == '#')
			continue;
		t.token = csv_field(&p);
		t.u.name = csv_field(&p);
		t.u.uid = csv_field(&p);
		if (!*t.token || !*t.u.name) {
			snprintf(err, errlen, "--token-auth-file: line %d: token and user required",
				 lineno);
			free(t.token);
			user_clear(&t.u);
			free(line);
			fclose(f);
			return -1;
		}
		groups = csv_field(&p);
		for (char *save = NULL, *g = strtok_r(groups, ",", &save); g;
		     g = strtok_r(NULL, ",", &save))
			user_add_group(&t.u, g);
		free(groups);
		A.tokens = xrealloc(A.tokens, sizeof(*A.tokens) * (A.ntokens + 1));
		A.tokens[A.ntokens++] = t;
	}
	free(line);
	fclose(f);
	return 0;
}

int auth_init(const struct auth_config *cfg, char *err, size_t errlen)
{
	A.cfg = *cfg;
	if (!A.cfg.modes || !*A.cfg.modes)
		A.cfg.modes = "AlwaysAllow";
	for (const char *m = A.cfg.modes; *m;) {
		size_t len = strcspn(m, ",");
		if (!(len == 11 && !strncmp(m, "AlwaysAllow", len)) &&
		    !(len == 10 && !strncmp(m, "AlwaysDeny", len)) &&
		    !(len == 4 && !strncmp(m, "RBAC", len)) &&
		    !(len == 4 && !strncmp(m, "Node", len))) {
			snprintf(err, errlen, "--authorization-mode: unknown mode \"%.*s\"",
				 (int)len, m);
			return -1;
		}
		m += len + (m[len] == ',');
	}
	if (cfg->token_file && *cfg->token_file)
		return load_tokens(cfg->token_file, err, errlen);
	return 0;
}

static json_t *unauthorized(void)
{
	return st_new(401, "Unauthorized", "Unauthorized");
}

static void user_copy(struct user *dst, const struct user *src)
{
	dst->name = xstrdup(src->name);
	dst->uid = src->uid && *src->uid ? xstrdup(src->uid) : NULL;
	for (int i = 0; i < src->ngroups; i++)
		user_add_group(dst, src->groups[i]);
}

bool auth_static_token(const char *token, struct user *u)
{
	memset(u, 0, sizeof(*u));
	for (size_t i = 0; i < A.ntokens; i++)
		if (!strcmp(A.tokens[i].token, token)) {
			user_copy(u, &A.tokens[i].u);
			return true;
		}
	return false;
}

/* A data field of a Secret, base64-decoded into buf; NULL when absent or not base64. */
static const char *secret_field(const json_t *sec, const char *key, char *buf, size_t n)
{
	const char *v = json_string_value(json_object_get(jx_get(sec, "data"), key));
	size_t len = 0;
	char *raw = v ? b64_decode(v, strlen(v), false, &len) : NULL;
	const char *out = NULL;

	if (raw && len < n && strlen(raw) == len) {
		memcpy(buf, raw, len + 1);
		out = buf;
	}
	free(raw);
	return out;
}

static bool token_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return !s[n] || s[n] == '.';
}

/*
 * A bootstrap token "<id>.<secret>" (kubeadm join): the Secret kube-system/bootstrap-token-<id>
 * of type bootstrap.kubernetes.io/token, allowed for authentication and not expired. The user
 * is system:bootstrap:<id> in system:bootstrappers and the token's auth-extra-groups.
 */
static bool bootstrap_token(const char *tok, struct user *u)
{
	char name[64], id[64], secret[64], usage[16], exp[64], groups[512];
	const struct kind *k = kind_by_resource("", "v1", "secrets");
	struct centry *e;
	json_t *sec = NULL;
	bool ok = false;
	struct timespec ts;

	if (strlen(tok) != 23 || !token_chars(tok, 6) || tok[6] != '.' || !token_chars(tok + 7, 16))
		return false;
	snprintf(name, sizeof(name), "bootstrap-token-%.6s", tok);
	if (!k || !(e = cache_get(cache_of(k), "kube-system", name)) ||
	    !(sec = json_loadb(e->json, e->len, 0, NULL)))
		return false;
	if (strcmp(jx_str(sec, "type") ?: "", "bootstrap.kubernetes.io/token") ||
	    jx_get(sec, "metadata.deletionTimestamp") ||
	    !secret_field(sec, "token-id", id, sizeof(id)) || strncmp(id, tok, 6) || id[6] ||
	    !secret_field(sec, "token-secret", secret, sizeof(secret)) ||
	    CRYPTO_memcmp(secret, tok + 7, 16) || secret[16] ||
	    !secret_field(sec, "usage-bootstrap-authentication", usage, sizeof(usage)) ||
	    strcmp(usage, "true"))
		goto out;
	if (secret_field(sec, "expiration", exp, sizeof(exp)) &&
	    (kt_parse(exp, &ts) || ts.tv_sec <= time(NULL))) {
		log_v(2, "bootstrap token %.6s has expired", tok);
		goto out;
	}
	u->name = xasprintf("system:bootstrap:%.6s", tok);
	user_add_group(u, "system:bootstrappers");
	if (secret_field(sec, "auth-extra-groups", groups, sizeof(groups))) {
		char *save = NULL;

		for (char *g = strtok_r(groups, ",", &save); g; g = strtok_r(NULL, ",", &save))
			if (!strncmp(g, "system:bootstrappers:", 21))
				user_add_group(u, g);
	}
	ok = true;
out:
	json_decref(sec);
	return ok;
}

json_t *auth_authenticate(const struct http_req *req, struct user *u)
{
	const char *authz = http_header_get(req, "Authorization");
	enum rh_verdict rh;

	memset(u, 0, sizeof(*u));
	if (req->cert_bad)
		return unauthorized();
	/* The front proxy's certificate vouches for the user in its headers (reqheader.c). */
	rh = rh_authenticate(req, u);
	if (rh == RH_USER) {
		user_add_group(u, "system:authenticated");
		return NULL;
	}
	if (req->cert_user && rh == RH_NONE) {
		u->name = xstrdup(req->cert_user);
		for (int i = 0; i < req->cert_ngroups; i++)
			user_add_group(u, req->cert_groups[i]);
		user_add_group(u, "system:authenticated");
		return NULL;
	}
	if (authz && !strncmp(authz, "Bearer ", 7)) {
		const char *tok = authz + 7;
		char *why = NULL;
		int rc =
		    auth_static_token(tok, u) || (A.cfg.bootstrap_tokens && bootstrap_token(tok, u))
			? SAT_OK
			: sat_authenticate(tok, NULL, u, &u->extra, NULL, &why);
		if (rc == SAT_OK) {
			user_add_group(u, "system:authenticated");
			return NULL;
		}
		if (why)
			log_v(2, "service account token refused: %s", why);
		free(why);
		return unauthorized(); /* a bad credential is never anonymous */
	}
	if (!A.cfg.anonymous || rh == RH_FAIL)
		return unauthorized();
	u->name = xstrdup("system:anonymous");
	user_add_group(u, "system:unauthenticated");
	return NULL;
}

/* ---- RBAC ---- */

static bool match_str(const json_t *list, const char *want)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		if (s && (!strcmp(s, "*") || !strcmp(s, want)))
			return true;
	}
	return false;
}

/* Non-resource URLs: exact, or a prefix ending in '*'. */
static bool match_url(const json_t *list, const char *path)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		size_t n = s ? strlen(s) : 0;
		if (!s)
			continue;
		if (!strcmp(s, "*") || !strcmp(s, path) ||
		    (n && s[n - 1] == '*' && !strncmp(s, path, n - 1)))
			return true;
	}
	return false;
}

static bool rule_allows(const json_t *rule, const struct attrs *a)
{
	json_t *verbs = json_object_get(rule, "verbs");

	if (!match_str(verbs, a->verb))
		return false;
	if (!a->resource_request)
		return match_url(json_object_get(rule, "nonResourceURLs"), a->path);
	if (!match_str(json_object_get(rule, "apiGroups"), a->group ? a->group : ""))
		return false;
	{
		json_t *res = json_object_get(rule, "resources");
		char combined[256];
		if (a->sub && *a->sub) {
			snprintf(combined, sizeof(combined), "%s/%s", a->resource, a->sub);
			if (!match_str(res, combined)) {
				char star[160];
				snprintf(star, sizeof(star), "*/%s", a->sub);
				if (!match_str(res, star))
					return false;
			}
		} else if (!match_str(res, a->resource)) {
			return false;
		}
	}
	if (json_array_size(json_object_get(rule, "resourceNames")))
		return a->name && *a->name &&
		       match_str(json_object_get(rule, "resourceNames"), a->name);
	return true;
}

bool auth_rules_allow(const json_t *rules, const struct attrs *a)
{
	size_t i;
	json_t *r;

	json_array_foreach(rules, i, r) if (rule_allows(r, a)) return true;
	return false;
}

/* The RBAC objects, parsed once per change of any of them. */
static struct {
	struct cache *caches[4]; /* of rbac_resources, looked up once: checked per request */
	int64_t revs[4];
	json_t *crbs;	/* [ClusterRoleBinding] */
	json_t *rbs;	/* {ns: [RoleBinding]} */
	json_t *roles;	/* {"ns/name": [rules]} */
	json_t *croles; /* {name: [rules]}, aggregation resolved */
} R;

static const char *const rbac_resources[] = {"clusterrolebindings", "rolebindings", "roles",
					     "clusterroles"};

static json_t *all_objects(const char *resource)
{
	struct cache *c = cache_of(kind_by_resource("rbac.authorization.k8s.io", "v1", resource));
	struct filter f = {0};
	struct centry **items;
	size_t remaining, n = cache_list(c, &f, NULL, 0, &items, &remaining);
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_loads(items[i]->json, 0, NULL);
		if (o)
			json_array_append_new(out, o);
		centry_unref(items[i]);
	}
	free(items);
	return out;
}

void auth_rules_merge(json_t *rules, const json_t *more)
{
	size_t i, j;
	json_t *r, *have;

	json_array_foreach(more, i, r)
	{
		bool dup = false;
		json_array_foreach(rules, j, have) dup |= json_equal(have, r);
		if (!dup)
			json_array_append(rules, r);
	}
}

/* aggregationRule: a ClusterRole's rules are the union of those whose labels match. */
static json_t *aggregate(json_t *croles_list, json_t *cr, int depth)
{
	json_t *rules = json_deep_copy(json_object_get(cr, "rules"));
	json_t *sels = jx_get(cr, "aggregationRule.clusterRoleSelectors"), *sel, *other;
	size_t i, j;

	if (!json_is_array(rules))
		rules = json_array();
	if (depth > 4)
		return rules;
	json_array_foreach(sels, i, sel)
	{
		struct lsel *ls = NULL;
		char *err = NULL;
		if (lsel_from_json(sel, &ls, &err)) {
			free(err);
			continue;
		}
		json_array_foreach(croles_list, j, other)
		{
			if (other == cr || !lsel_match_json(ls, jx_get(other, "metadata.labels")))
				continue;
			auth_rules_merge(rules, json_object_get(other, "rules"));
		}
		lsel_free(ls);
	}
	return rules;
}

static void rbac_refresh(void)
{
	int64_t revs[4];
	json_t *list, *o;
	size_t i;

	for (int k = 0; k < 4; k++) {
		if (!R.caches[k])
			R.caches[k] = cache_of(
			    kind_by_resource("rbac.authorization.k8s.io", "v1", rbac_resources[k]));
		revs[k] = cache_rev(R.caches[k]);
	}
	if (R.crbs && !memcmp(revs, R.revs, sizeof(revs)))
		return;
	memcpy(R.revs, revs, sizeof(revs));
	json_decref(R.crbs);
	json_decref(R.rbs);
	json_decref(R.roles);
	json_decref(R.croles);
	R.crbs = all_objects("clusterrolebindings");
	R.rbs = json_object();
	list = all_objects("rolebindings");
	json_array_foreach(list, i, o)
	{
		const char *ns = jx_str(o, "metadata.namespace") ?: "";
		json_t *arr = json_object_get(R.rbs, ns);
		if (!arr)
			json_object_set_new(R.rbs, ns, arr = json_array());
		json_array_append(arr, o);
	}
	json_decref(list);
	R.roles = json_object();
	list = all_objects("roles");
	json_array_foreach(list, i, o)
	{
		char key[512];
		snprintf(key, sizeof(key), "%s/%s", jx_str(o, "metadata.namespace") ?: "",
			 jx_str(o, "metadata.name") ?: "");
		json_object_set(R.roles, key, json_object_get(o, "rules") ?: json_array());
	}
	json_decref(list);
	R.croles = json_object();
	list = all_objects("clusterroles");
	json_array_foreach(list, i, o)
	    json_object_set_new(R.croles, jx_str(o, "metadata.name") ?: "", aggregate(list, o, 0));
	json_decref(list);
}

static bool subject_matches(const json_t *subj, const struct user *u, const char *binding_ns)
{
	const char *kind = jx_str(subj, "kind") ?: "", *name = jx_str(subj, "name") ?: "";

	if (!strcmp(kind, "User"))
		return !strcmp(name, u->name);
	if (!strcmp(kind, "Group"))
		return user_in_group(u, name);
	if (!strcmp(kind, "ServiceAccount")) {
		char sa[512];
		const char *ns = jx_str(subj, "namespace");
		snprintf(sa, sizeof(sa), "system:serviceaccount:%s:%s", ns && *ns ? ns : binding_ns,
			 name);
		return !strcmp(sa, u->name);
	}
	return false;
}

static bool binds(const json_t *b, const struct user *u, const char *ns)
{
	json_t *subj;
	size_t i;

	json_array_foreach(json_object_get(b, "subjects"), i,
			   subj) if (subject_matches(subj, u, ns)) return true;
	return false;
}

static const json_t *binding_rules(const json_t *b, const char *ns)
{
	const char *kind = jx_str(b, "roleRef.kind") ?: "", *name = jx_str(b, "roleRef.name") ?: "";
	char key[512];

	if (!strcmp(kind, "ClusterRole"))
		return json_object_get(R.croles, name);
	snprintf(key, sizeof(key), "%s/%s", ns, name);
	return json_object_get(R.roles, key);
}

/* Does binding b (in ns, "" for cluster bindings) grant a to u? */
static bool binding_allows(const json_t *b, const char *ns, const struct user *u,
			   const struct attrs *a, char **reason)
{
	const json_t *rules, *r;
	json_t *subj;
	size_t i;
	bool bound = false;

	json_array_foreach(json_object_get(b, "subjects"), i,
			   subj) if (subject_matches(subj, u, ns))
	{
		bound = true;
		break;
	}
	if (!bound || !(rules = binding_rules(b, ns)))
		return false;
	json_array_foreach((json_t *)rules, i, r) if (rule_allows(r, a))
	{
		if (reason)
			*reason = xasprintf("RBAC: allowed by %s \"%s\" of %s \"%s\" to %s",
					    *ns ? "RoleBinding" : "ClusterRoleBinding",
					    jx_str(b, "metadata.name") ?: "",
					    jx_str(b, "roleRef.kind") ?: "",
					    jx_str(b, "roleRef.name") ?: "", u->name);
		return true;
	}
	return false;
}

bool auth_rbac_allows(const struct user *u, const struct attrs *a, char **reason)
{
	json_t *b, *nsb;
	size_t i;

	if (reason)
		*reason = NULL;
	rbac_refresh();
	json_array_foreach(R.crbs, i, b) if (binding_allows(b, "", u, a, reason)) return true;
	if (a->resource_request && a->ns && *a->ns) {
		nsb = json_object_get(R.rbs, a->ns);
		json_array_foreach(nsb, i,
				   b) if (binding_allows(b, a->ns, u, a, reason)) return true;
	}
	return false;
}

/* Rules of every binding of u: its cluster bindings, and ns's bindings when ns is set. */
static void add_bound(const json_t *b, const char *ns, json_t *rules, FILE *missing)
{
	const json_t *r = binding_rules(b, ns);

	if (r) {
		auth_rules_merge(rules, r);
		return;
	}
	fprintf(missing, "%s%s.rbac.authorization.k8s.io \"%s\" not found",
		ftell(missing) ? ", " : "",
		strcmp(jx_str(b, "roleRef.kind") ?: "", "ClusterRole") ? "role" : "clusterrole",
		jx_str(b, "roleRef.name") ?: "");
}

void auth_rbac_rules(const struct user *u, const char *ns, json_t *rules, char **missing)
{
	size_t i, len = 0;
	json_t *b;
	FILE *f = open_memstream(missing, &len);

	rbac_refresh();
	json_array_foreach(R.crbs, i, b) if (binds(b, u, "")) add_bound(b, "", rules, f);
	if (ns && *ns)
		json_array_foreach(json_object_get(R.rbs, ns), i, b) if (binds(b, u, ns))
		    add_bound(b, ns, rules, f);
	fclose(f);
	if (!len) {
		free(*missing);
		*missing = NULL;
	}
}

/* Upstream's message, with the authorizers' reason after a colon when there is one. */
static json_t *forbidden(const struct user *u, const struct attrs *a, const char *reason)
{
	char res[256], what[512], gr[256], why[1024] = "";
	json_t *st;

	if (reason && *reason)
		snprintf(why, sizeof(why), ": %s", reason);
	if (!a->resource_request) {
		st = st_new(403, "Forbidden", "forbidden: User \"%s\" cannot %s path \"%s\"%s",
			    u->name, a->verb, a->path, why);
		return st_details(st, NULL, NULL, NULL);
	}
	snprintf(res, sizeof(res), "%s%s%s", a->resource, a->sub && *a->sub ? "/" : "",
		 a->sub ? a->sub : "");
	if (a->ns && *a->ns)
		snprintf(what, sizeof(what), "in the namespace \"%s\"", a->ns);
	else
		snprintf(what, sizeof(what), "at the cluster scope");
	if (a->group && *a->group)
		snprintf(gr, sizeof(gr), "%s.%s", a->resource, a->group);
	else
		snprintf(gr, sizeof(gr), "%s", a->resource);
	if (a->name && *a->name)
		st =
		    st_new(403, "Forbidden",
			   "%s \"%s\" is forbidden: User \"%s\" cannot %s resource \"%s\" in API "
			   "group \"%s\" %s%s",
			   gr, a->name, u->name, a->verb, res, a->group ? a->group : "", what, why);
	else
		st = st_new(403, "Forbidden",
			    "%s is forbidden: User \"%s\" cannot %s resource \"%s\" in API group "
			    "\"%s\" %s%s",
			    gr, u->name, a->verb, res, a->group ? a->group : "", what, why);
	return st_details(st, a->name, a->group, a->resource);
}

static bool mode_is(const char *m, size_t len, const char *mode)
{
	return len == strlen(mode) && !strncmp(m, mode, len);
}

bool auth_mode_on(const char *mode)
{
	for (const char *m = A.cfg.modes; m && *m;) {
		size_t len = strcspn(m, ",");
		if (mode_is(m, len, mode))
			return true;
		m += len + (m[len] == ',');
	}
	return false;
}

/* A no-opinion reason joins the others with a newline, as upstream's union authorizer. */
static void add_reason(char **all, char *reason)
{
	char *joined;

	if (!reason || !*reason) {
		free(reason);
		return;
	}
	if (!*all) {
		*all = reason;
		return;
	}
	joined = xasprintf("%s\n%s", *all, reason);
	free(*all);
	free(reason);
	*all = joined;
}

bool auth_decide(const struct user *u, const struct attrs *a, char **reason)
{
	const char *m = A.cfg.modes;

	*reason = NULL;
	/* The superuser group passes every authorizer, as upstream's privileged group. */
	if (user_in_group(u, "system:masters"))
		return true;
	while (*m) {
		size_t len = strcspn(m, ",");
		char *why = NULL;
		if (mode_is(m, len, "AlwaysAllow"))
			return true;
		if (mode_is(m, len, "AlwaysDeny"))
			return false;
		if (mode_is(m, len, "RBAC") && auth_rbac_allows(u, a, NULL))
			return true;
		if (mode_is(m, len, "Node")) {
			if (nodeauth_authorize(u, a, &why)) {
				free(why);
				free(*reason);
				*reason = NULL;
				return true;
			}
			add_reason(reason, why);
		}
		m += len + (m[len] == ',');
	}
	return false;
}

json_t *auth_authorize(const struct user *u, const struct attrs *a)
{
	char *reason;
	json_t *st;

	if (auth_decide(u, a, &reason))
		return NULL;
	st = forbidden(u, a, reason);
	free(reason);
	return st;
}

const char *auth_selector_name(const char *field_selector, char *buf, size_t n)
{
	struct fsel *fs = NULL;
	char *err = NULL;
	const char *name = NULL;

	if (!field_selector || fsel_parse(field_selector, &fs, &err)) {
		free(err);
		return NULL;
	}
	for (int i = 0; i < fsel_count(fs) && !name; i++) {
		const char *v = fsel_value(fs, i);
		/* Only a name that could be a path segment, as upstream's request info. */
		if (strcmp(fsel_field(fs, i), "metadata.name") || !fsel_is_eq(fs, i) || !*v ||
		    strpbrk(v, "/%") || !strcmp(v, ".") || !strcmp(v, "..") || strlen(v) >= n)
			continue;
		name = strcpy(buf, v);
	}
	fsel_free(fs);
	return name;
}

char *auth_rules_error(const struct user *u, char *rbac_missing)
{
	const char *node_err = auth_mode_on("Node") ? nodeauth_rules_error(u) : NULL;
	char *out;

	if (!node_err)
		return rbac_missing;
	out = rbac_missing ? xasprintf("[%s, %s]", node_err, rbac_missing) : xstrdup(node_err);
	free(rbac_missing);
	return out;
}
