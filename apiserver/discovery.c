/* discovery: APIVersions, APIGroupList, APIGroup, APIResourceList and APIGroupDiscoveryList,
 * all derived from the kinds table so that adding a kind publishes it everywhere. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aggregator.h"
#include "b64.h"
#include "discovery.h"
#include "kind.h"

/* What a subresource answers with and which verbs it takes. A NULL kind means the parent's;
 * "*ProxyOptions" means the parent's kind followed by ProxyOptions. */
struct subres {
	const char *name;
	const char *group, *version, *kind;
	const char *verbs[6];
};

static const struct subres subresources[] = {
    {"status", NULL, NULL, NULL, {"get", "patch", "update"}},
    {"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}},
    {"binding", "", "v1", "Binding", {"create"}},
    {"eviction", "policy", "v1", "Eviction", {"create"}},
    {"log", NULL, NULL, NULL, {"get"}},
    {"exec", "", "v1", "PodExecOptions", {"create", "get"}},
    {"attach", "", "v1", "PodAttachOptions", {"create", "get"}},
    {"portforward", "", "v1", "PodPortForwardOptions", {"create", "get"}},
    {"proxy", "", "v1", "*ProxyOptions", {"create", "delete", "get", "patch", "update"}},
    {"ephemeralcontainers", NULL, NULL, NULL, {"get", "patch", "update"}},
    {"resize", NULL, NULL, NULL, {"get", "patch", "update"}},
    {"finalize", NULL, NULL, NULL, {"update"}},
    {"approval", NULL, NULL, NULL, {"get", "patch", "update"}},
    {"token", "authentication.k8s.io", "v1", "TokenRequest", {"create"}},
};

static const char *const all_verbs[] = {
    "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch", NULL};
/* Namespaces are deleted one by one, through finalization. */
static const char *const ns_verbs[] = {"create", "delete", "get",   "list",
				       "patch",	 "update", "watch", NULL};
static const char *const create_verbs[] = {"create", NULL};
static const char *const nolist_verbs[] = {"create", "delete", "get", "patch", "update", NULL};

/* Upstream lists groups by priority, not by name. */
static const char *const group_order[] = {
    "apiregistration.k8s.io",
    "apps",
    "events.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "networking.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "scheduling.k8s.io",
    "coordination.k8s.io",
    "node.k8s.io",
    "discovery.k8s.io",
};

static const struct subres *subres_find(const char *name)
{
	for (size_t i = 0; i < sizeof(subresources) / sizeof(subresources[0]); i++)
		if (!strcmp(subresources[i].name, name))
			return &subresources[i];
	return NULL;
}

static json_t *str_array(const char *const *v, size_t max)
{
	json_t *a = json_array();
	for (size_t i = 0; i < max && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static const char *const *kind_verbs(const struct kind *k)
{
	if (k->flags & K_CREATEONLY)
		return create_verbs;
	if (k->flags & K_NOWATCH)
		return nolist_verbs;
	if (!*k->group && !strcmp(k->resource, "namespaces"))
		return ns_verbs;
	return all_verbs;
}

const char *disc_storage_hash(const char *group, const char *version, const char *kind, char *buf)
{
	char key[192];
	unsigned char raw[8];
	uint64_t h = 14695981039346656037ULL;
	char *enc;

	snprintf(key, sizeof(key), "%s/%s/%s", group, version, kind);
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (int i = 0; i < 8; i++)
		raw[i] = (unsigned char)(h >> (56 - 8 * i));
	enc = b64_encode(raw, sizeof(raw), false);
	memcpy(buf, enc, strlen(enc) + 1); /* 12 characters */
	free(enc);
	return buf;
}

/* The kind a subresource responds with, as (group, version, kind). */
static void subres_kind(const struct kind *k, const struct subres *s, const char **g,
			const char **v, const char **kd, char *buf, size_t len)
{
	*g = s && s->kind ? s->group : k->group;
	*v = s && s->kind ? s->version : k->version;
	*kd = s && s->kind ? s->kind : k->kind;
	if (s && s->kind && s->kind[0] == '*') {
		snprintf(buf, len, "%s%s", k->kind, s->kind + 1);
		*kd = buf;
	}
}

static int by_key(const void *a, const void *b, const char *key)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, key)),
		      json_string_value(json_object_get(*(json_t *const *)b, key)));
}

static int by_name(const void *a, const void *b)
{
	return by_key(a, b, "name");
}

static int by_resource(const void *a, const void *b)
{
	return by_key(a, b, "resource");
}

static int by_subresource(const void *a, const void *b)
{
	return by_key(a, b, "subresource");
}

/* Sort an array of objects in place with cmp. */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(arr);
	json_t **v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

static json_t *resource_entry(const struct kind *k)
{
	char hash[16];
	json_t *r = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", k->resource, "singularName",
			      k->singular, "namespaced", kind_namespaced(k), "kind", k->kind,
			      "verbs", str_array(kind_verbs(k), 16));
	if (k->short_names[0])
		json_object_set_new(r, "shortNames", str_array(k->short_names, 4));
	if (k->categories[0])
		json_object_set_new(r, "categories", str_array(k->categories, 2));
	/* Hashed from the version stored, which older versions share with the current one. */
	const struct kind *sk = kind_storage(k);
	json_object_set_new(r, "storageVersionHash",
			    json_string(disc_storage_hash(sk->group, sk->version, k->kind, hash)));
	return r;
}

static json_t *subresource_entry(const struct kind *k, const char *name)
{
	char full[128], buf[96];
	const char *g, *v, *kd;
	const struct subres *s = subres_find(name);
	subres_kind(k, s, &g, &v, &kd, buf, sizeof(buf));
	snprintf(full, sizeof(full), "%s/%s", k->resource, name);
	json_t *r = json_pack("{s:s, s:s, s:b}", "name", full, "singularName", "", "namespaced",
			      kind_namespaced(k));
	if (strcmp(g, k->group) || strcmp(v, k->version)) {
		json_object_set_new(r, "group", json_string(g));
		json_object_set_new(r, "version", json_string(v));
	}
	json_object_set_new(r, "kind", json_string(kd));
	json_object_set_new(r, "verbs", s ? str_array(s->verbs, 6) : json_array());
	return r;
}

static bool kind_in(const struct kind *k, const char *group, const char *version)
{
	return !strcmp(k->group, group) && (!version || !strcmp(k->version, version));
}

json_t *disc_resources(const char *group, const char *version)
{
	json_t *list = json_array();
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		if (!kind_in(k, group, version))
			continue;
		json_array_append_new(list, resource_entry(k));
		for (int j = 0; k->subresources && k->subresources[j]; j++)
			json_array_append_new(list, subresource_entry(k, k->subresources[j]));
	}
	if (!json_array_size(list)) {
		json_decref(list);
		return NULL;
	}
	sort_array(list, by_name);
	char gv[160];
	snprintf(gv, sizeof(gv), "%s%s%s", group, *group ? "/" : "", version);
	return json_pack("{s:s, s:s, s:s, s:o}", "kind", "APIResourceList", "apiVersion", "v1",
			 "groupVersion", gv, "resources", list);
}

json_t *disc_api_versions(const char *server_address)
{
	return json_pack("{s:s, s:[s], s:[{s:s, s:s}]}", "kind", "APIVersions", "versions", "v1",
			 "serverAddressByClientCIDRs", "clientCIDR", "0.0.0.0/0", "serverAddress",
			 server_address ? server_address : "");
}

/* The versions a group serves, in table order, without repeats. */
static json_t *group_versions(const char *group)
{
	json_t *vs = json_array();
	for (int i = 0; i < nkinds; i++) {
		bool seen = false;
		if (strcmp(kinds[i].group, group))
			continue;
		for (size_t j = 0; j < json_array_size(vs); j++)
			seen |= !strcmp(json_string_value(json_array_get(vs, j)), kinds[i].version);
		if (!seen)
			json_array_append_new(vs, json_string(kinds[i].version));
	}
	return vs;
}

static json_t *gv_ref(const char *group, const char *version)
{
	char gv[160];
	snprintf(gv, sizeof(gv), "%s/%s", group, version);
	return json_pack("{s:s, s:s}", "groupVersion", gv, "version", version);
}

static json_t *group_entry(const char *group)
{
	json_t *vs = group_versions(group);
	json_t *out = NULL;
	if (!json_array_size(vs)) {
		/* A group only extension servers serve: its APIServices say which versions. */
		json_t *remote = agg_group_versions(group);
		if (remote)
			out = json_pack("{s:s, s:o, s:O}", "name", group, "versions", remote,
					"preferredVersion", json_array_get(remote, 0));
		goto out;
	}
	json_t *list = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(vs, i, v)
	    json_array_append_new(list, gv_ref(group, json_string_value(v)));
	out = json_pack("{s:s, s:o, s:o}", "name", group, "versions", list, "preferredVersion",
			gv_ref(group, json_string_value(json_array_get(vs, 0))));
out:
	json_decref(vs);
	return out;
}

static int group_rank(const char *group)
{
	int n = sizeof(group_order) / sizeof(group_order[0]);
	for (int i = 0; i < n; i++)
		if (!strcmp(group_order[i], group))
			return i;
	return n;
}

/* Every non-core group once, in upstream's priority order, then table order. */
static json_t *group_names(void)
{
	json_t *names = json_array();
	int n = sizeof(group_order) / sizeof(group_order[0]);
	for (int rank = 0; rank <= n; rank++)
		for (int i = 0; i < nkinds; i++) {
			const char *g = kinds[i].group;
			bool seen = false;
			if (!*g || group_rank(g) != rank)
				continue;
			for (size_t j = 0; j < json_array_size(names); j++)
				seen |= !strcmp(json_string_value(json_array_get(names, j)), g);
			if (!seen)
				json_array_append_new(names, json_string(g));
		}
	agg_merge_group_names(names);
	return names;
}

json_t *disc_api_groups(void)
{
	json_t *groups = json_array(), *names = group_names();
	size_t i;
	json_t *g;
	json_array_foreach(names, i, g)
	{
		json_t *one = group_entry(json_string_value(g));
		if (one)
			json_array_append_new(groups, one);
	}
	json_decref(names);
	return json_pack("{s:s, s:s, s:o}", "kind", "APIGroupList", "apiVersion", "v1", "groups",
			 groups);
}

json_t *disc_group(const char *group)
{
	if (!group || !*group)
		return NULL;
	json_t *g = group_entry(group);
	if (!g)
		return NULL;
	json_object_set_new(g, "kind", json_string("APIGroup"));
	json_object_set_new(g, "apiVersion", json_string("v1"));
	return g;
}

static json_t *gvk(const char *g, const char *v, const char *k)
{
	return json_pack("{s:s, s:s, s:s}", "group", g, "version", v, "kind", k);
}

static json_t *agg_resource(const struct kind *k)
{
	json_t *subs = json_array();
	for (int j = 0; k->subresources && k->subresources[j]; j++) {
		char buf[96];
		const char *g, *v, *kd;
		const struct subres *s = subres_find(k->subresources[j]);
		subres_kind(k, s, &g, &v, &kd, buf, sizeof(buf));
		json_array_append_new(subs, json_pack("{s:s, s:o, s:o}", "subresource",
						      k->subresources[j], "responseKind",
						      gvk(g, v, kd), "verbs",
						      s ? str_array(s->verbs, 6) : json_array()));
	}
	sort_array(subs, by_subresource);
	json_t *r = json_pack("{s:s, s:o, s:s, s:s, s:o}", "resource", k->resource, "responseKind",
			      gvk(k->group, k->version, k->kind), "scope",
			      kind_namespaced(k) ? "Namespaced" : "Cluster", "singularResource",
			      k->singular, "verbs", str_array(kind_verbs(k), 16));
	if (k->short_names[0])
		json_object_set_new(r, "shortNames", str_array(k->short_names, 4));
	if (k->categories[0])
		json_object_set_new(r, "categories", str_array(k->categories, 2));
	if (json_array_size(subs))
		json_object_set(r, "subresources", subs);
	json_decref(subs);
	return r;
}

static json_t *agg_version(const char *group, const char *version)
{
	json_t *res = json_array();
	for (int i = 0; i < nkinds; i++)
		if (kind_in(&kinds[i], group, version))
			json_array_append_new(res, agg_resource(&kinds[i]));
	sort_array(res, by_resource);
	return json_pack("{s:s, s:o, s:s}", "version", version, "resources", res, "freshness",
			 "Current");
}

static json_t *agg_group(const char *group)
{
	json_t *vs = group_versions(group), *versions = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(vs, i, v)
	    json_array_append_new(versions, agg_version(group, json_string_value(v)));
	if (!json_array_size(vs)) {
		/* Extension servers' versions, as last fetched from them. */
		json_decref(versions);
		versions = agg_discovery_versions(group);
	}
	json_decref(vs);
	if (!versions)
		return NULL;
	json_t *meta = json_pack("{s:n}", "creationTimestamp");
	if (*group)
		json_object_set_new(meta, "name", json_string(group));
	return json_pack("{s:o, s:o}", "metadata", meta, "versions", versions);
}

json_t *disc_aggregated(bool legacy_core, const char *api_version)
{
	char av[64];
	json_t *items = json_array();
	snprintf(av, sizeof(av), "apidiscovery.k8s.io/%s", api_version ? api_version : "v2");
	if (legacy_core) {
		json_array_append_new(items, agg_group(""));
	} else {
		json_t *names = group_names();
		size_t i;
		json_t *g;
		json_array_foreach(names, i, g)
		{
			json_t *one = agg_group(json_string_value(g));
			if (one)
				json_array_append_new(items, one);
		}
		json_decref(names);
	}
	return json_pack("{s:s, s:s, s:{}, s:o}", "kind", "APIGroupDiscoveryList", "apiVersion", av,
			 "metadata", "items", items);
}

/* Trim spaces around [s, e) and compare with want, ignoring case. */
static bool token_is(const char *s, const char *e, const char *want)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return (size_t)(e - s) == strlen(want) && !strncasecmp(s, want, e - s);
}

/* Which aggregated version one media range asks for, or NULL. */
static const char *media_range_version(const char *s, const char *e)
{
	const char *semi = memchr(s, ';', e - s);
	bool g = false, as = false, q0 = false;
	const char *ver = NULL;
	if (!semi || !token_is(s, semi, "application/json"))
		return NULL;
	while (semi && semi < e) {
		const char *p = semi + 1;
		const char *next = memchr(p, ';', e - p);
		const char *pe = next ? next : e;
		const char *eq = memchr(p, '=', pe - p);
		if (eq && token_is(p, eq, "g"))
			g = token_is(eq + 1, pe, "apidiscovery.k8s.io");
		else if (eq && token_is(p, eq, "as"))
			as = token_is(eq + 1, pe, "APIGroupDiscoveryList");
		else if (eq && token_is(p, eq, "v"))
			ver = token_is(eq + 1, pe, "v2")	? "v2"
			      : token_is(eq + 1, pe, "v2beta1") ? "v2beta1"
								: NULL;
		else if (eq && token_is(p, eq, "q"))
			q0 = token_is(eq + 1, pe, "0") || token_is(eq + 1, pe, "0.0");
		semi = next;
	}
	return g && as && !q0 ? ver : NULL;
}

const char *disc_negotiate(const char *accept_header, bool *aggregated, const char **version)
{
	const char *s = accept_header;
	*aggregated = false;
	*version = NULL;
	while (s && *s) {
		const char *e = strchr(s, ',');
		if (!e)
			e = s + strlen(s);
		const char *v = media_range_version(s, e);
		if (v) {
			*aggregated = true;
			*version = v;
			return !strcmp(v, "v2") ? DISC_CT_V2 : DISC_CT_V2BETA1;
		}
		s = *e ? e + 1 : e;
	}
	return "application/json";
}
