/* Impersonation, as upstream's filter: Impersonate-User, -Uid, -Group (repeatable) and
 * -Extra-<key> headers make a request act as another user once the requester is authorized
 * to "impersonate" each of them (users, serviceaccounts, groups, uids, userextras). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apiserver.h"
#include "auth.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

#define EXTRA_PREFIX "Impersonate-Extra-"
#define SA_PREFIX    "system:serviceaccount:"

/* The extra key a header names, as upstream reads it: lower-cased, then percent-decoded, or
 * kept as it is when its escapes are malformed. */
static char *extra_key(const char *s)
{
	char *low = xstrdup(s), *key;

	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	key = http_unescape(low, strlen(low), false);
	if (!key)
		return low;
	free(low);
	return key;
}

static json_t *check(const struct user *u, const char *group, const char *resource, const char *sub,
		     const char *ns, const char *name)
{
	struct attrs a = {.resource_request = true,
			  .verb = "impersonate",
			  .group = group,
			  .resource = resource,
			  .sub = sub,
			  .ns = ns,
			  .name = name};

	return auth_authorize(u, &a);
}

/* The user to impersonate: a service account is authorized as one, in its namespace. */
static json_t *check_user(const struct user *u, const char *name, struct user *as)
{
	const char *rest =
	    !strncmp(name, SA_PREFIX, strlen(SA_PREFIX)) ? name + strlen(SA_PREFIX) : NULL;
	const char *colon = rest ? strchr(rest, ':') : NULL;
	json_t *st;

	if (colon && colon > rest && colon[1] && !strchr(colon + 1, ':')) {
		char ns[256], g[300];
		snprintf(ns, sizeof(ns), "%.*s", (int)(colon - rest), rest);
		if ((st = check(u, "", "serviceaccounts", NULL, ns, colon + 1)))
			return st;
		snprintf(g, sizeof(g), "system:serviceaccounts:%s", ns);
		user_add_group(as, "system:serviceaccounts");
		user_add_group(as, g);
		return NULL;
	}
	return check(u, "", "users", NULL, NULL, name);
}

json_t *auth_impersonate(const struct http_req *req, struct user *u)
{
	const char *name = NULL, *uid = NULL;
	struct user as = {0};
	json_t *st = NULL;
	bool other = false;

	for (int i = 0; i < req->nheaders; i++) {
		const char *h = req->headers[i].name;
		if (!strcasecmp(h, "Impersonate-User"))
			name = req->headers[i].value;
		else if (!strcasecmp(h, "Impersonate-Uid"))
			uid = req->headers[i].value;
		else if (!strcasecmp(h, "Impersonate-Group") ||
			 !strncasecmp(h, EXTRA_PREFIX, strlen(EXTRA_PREFIX)))
			other = true;
	}
	if (!name && !uid && !other)
		return NULL;
	if (!name || !*name)
		return st_bad_request("requested impersonation of groups, a uid or extra fields "
				      "without impersonating a user");
	as.name = xstrdup(name);
	if ((st = check_user(u, name, &as)))
		goto out;
	for (int i = 0; i < req->nheaders && !st; i++) {
		const char *h = req->headers[i].name, *v = req->headers[i].value;
		if (!strcasecmp(h, "Impersonate-Group")) {
			if (!(st = check(u, "", "groups", NULL, NULL, v)))
				user_add_group(&as, v);
		} else if (!strncasecmp(h, EXTRA_PREFIX, strlen(EXTRA_PREFIX))) {
			char *key = extra_key(h + strlen(EXTRA_PREFIX));
			json_t *vals;
			if (!(st = check(u, "authentication.k8s.io", "userextras", key, NULL, v))) {
				if (!as.extra)
					as.extra = json_object();
				if (!(vals = json_object_get(as.extra, key)))
					json_object_set_new(as.extra, key, vals = json_array());
				json_array_append_new(vals, json_string(v));
			}
			free(key);
		}
	}
	if (st)
		goto out;
	if (uid && (st = check(u, "authentication.k8s.io", "uids", NULL, NULL, uid)))
		goto out;
	as.uid = uid ? xstrdup(uid) : NULL;
	/* As upstream: every impersonated user but the anonymous one is authenticated. */
	user_add_group(&as, strcmp(name, "system:anonymous") ? "system:authenticated"
							     : "system:unauthenticated");
	user_clear(u);
	*u = as;
	return NULL;
out:
	user_clear(&as);
	return st;
}
