/* auth: who is asking (authentication) and may they (authorization), as upstream's
 * authenticators and authorizers, in --authorization-mode order. */
#ifndef KUBE_AUTH_H
#define KUBE_AUTH_H

#include <jansson.h>
#include <stdbool.h>

#include "http.h"

struct user {
	char *name;
	char *uid;
	char **groups;
	int ngroups;
	json_t *extra; /* {key: [values]} (service account tokens, front proxies), NULL: none */
};

/* What a request does, as upstream's authorizer.Attributes. */
struct attrs {
	bool resource_request;
	const char *verb; /* get list watch create update patch delete deletecollection, or an
			   * HTTP verb in lower case for non-resource paths */
	const char *ns, *group, *resource, *sub, *name;
	const char *path;	    /* non-resource requests */
	const char *field_selector; /* the fieldSelector of a list or watch, NULL when none */
};

struct auth_config {
	bool anonymous;
	const char *token_file;
	const char *modes;     /* comma-separated: AlwaysAllow, AlwaysDeny, RBAC, Node */
	bool bootstrap_tokens; /* --enable-bootstrap-token-auth */
};

/* Load files named by the config; returns 0 or -1 with err. */
int auth_init(const struct auth_config *cfg, char *err, size_t errlen);
/* Identify the requester. NULL on success (u filled), else a 401 Status. */
json_t *auth_authenticate(const struct http_req *req, struct user *u);
/* A --token-auth-file token's user (u filled, system:authenticated not added); false if none. */
bool auth_static_token(const char *token, struct user *u);
void user_clear(struct user *u);
/* Adds g to u's groups unless there. */
void user_add_group(struct user *u, const char *g);
/* Impersonation headers (impersonate.c): u becomes the impersonated user when it may
 * impersonate every part of it; NULL, or the Status (403, 400) to answer with. */
json_t *auth_impersonate(const struct http_req *req, struct user *u);
bool user_in_group(const struct user *u, const char *group);
/* NULL when allowed, else the 403 Status to answer with. */
json_t *auth_authorize(const struct user *u, const struct attrs *a);
/* The --authorization-mode chain's verdict; when not allowed, *reason (malloc'd, or NULL when
 * no authorizer gave one) joins the authorizers' reasons as upstream's union does. */
bool auth_decide(const struct user *u, const struct attrs *a, char **reason);
/* Is --authorization-mode's list holding mode? */
bool auth_mode_on(const char *mode);
/* The name a list or watch names with a fieldSelector metadata.name=NAME (upstream's request
 * info does the same), copied into buf; NULL when it names none. */
const char *auth_selector_name(const char *field_selector, char *buf, size_t n);
/* Does any of rules (RBAC PolicyRules) grant a? */
bool auth_rules_allow(const json_t *rules, const struct attrs *a);
/* The evaluation error of a rules review for u: the Node authorizer's, when it is on and u is
 * a node, joined to rbac_missing (taken; as auth_rbac_rules gives it). malloc'd or NULL. */
char *auth_rules_error(const struct user *u, char *rbac_missing);
/* Append every RBAC rule granted to u in ns (cluster-wide and ns's bindings, aggregation
 * resolved) to rules; *missing names roles the bindings refer to that do not exist (or NULL). */
void auth_rbac_rules(const struct user *u, const char *ns, json_t *rules, char **missing);
/* Append the rules of more that rules does not already hold. */
void auth_rules_merge(json_t *rules, const json_t *more);
/* The RBAC verdict alone, for SubjectAccessReviews; reason says which rule or why not. */
bool auth_rbac_allows(const struct user *u, const struct attrs *a, char **reason);

#endif
