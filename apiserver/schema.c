/* schema: compile the schema language of schema_data.c into JSON Schema.
 *
 * The language, one line per string:
 *   # comment
 *   package io.k8s.api.core.v1           types below get this prefix
 *   Pod kind : description               a type; "kind" marks an API kind (gets apiVersion,
 *                                        kind, metadata and the group-version-kind extension)
 *   Quantity alias=string : description  a named primitive (see prims below)
 *     nodeName string : description      a field: name, type, options, " : ", description
 *     containers [Container] req mk=name
 * Field types: a primitive, a type name (short, resolved in the current package first, or
 * full), [T] for a list, {T} for a map with string keys. Options: req (required), mk=KEY
 * (patch merge key, strategy merge), ps=STRATEGY, lt=LISTTYPE, lk=K1,K2 (list map keys),
 * mt=MAPTYPE, enum=A|B|C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kind.h"
#include "schema.h"

struct prim {
	const char *name;
	const char *type;
	const char *format;
};

/* Named primitives; "object" is anything at all. */
static const struct prim prims[] = {
    {"string", "string", NULL},
    {"int32", "integer", "int32"},
    {"int64", "integer", "int64"},
    {"bool", "boolean", NULL},
    {"number", "number", "double"},
    {"bytes", "string", "byte"},
    {"datetime", "string", "date-time"},
    {"intstr", "string", "int-or-string"},
    {"object", NULL, NULL},
};

/* The package segment before the version names the API group. */
static const char *const pkg_groups[][2] = {
    {"core", ""},
    {"apps", "apps"},
    {"batch", "batch"},
    {"autoscaling", "autoscaling"},
    {"policy", "policy"},
    {"coordination", "coordination.k8s.io"},
    {"discovery", "discovery.k8s.io"},
    {"rbac", "rbac.authorization.k8s.io"},
    {"certificates", "certificates.k8s.io"},
    {"networking", "networking.k8s.io"},
    {"events", "events.k8s.io"},
    {"scheduling", "scheduling.k8s.io"},
    {"storage", "storage.k8s.io"},
    {"authentication", "authentication.k8s.io"},
};

#define META "io.k8s.apimachinery.pkg.apis.meta.v1."

struct parser {
	char pkg[128];
	json_t *types;	/* full name -> neutral schema (refs hold full or short names) */
	json_t *owners; /* full name -> package, to resolve short references */
	json_t *shorts; /* short name -> full name, or null when ambiguous */
	json_t *kinds;	/* "group/version/Kind" -> full name */
	json_t *cur;	/* the type fields are added to */
	int line;
	char err[256];
};

static struct {
	bool done;
	json_t *flavours[2];
	json_t *kinds;
	json_t *detailed;
	char err[256];
} cache;

static const struct prim *prim_find(const char *name)
{
	for (size_t i = 0; i < sizeof(prims) / sizeof(prims[0]); i++)
		if (!strcmp(prims[i].name, name))
			return &prims[i];
	return NULL;
}

static json_t *prim_schema(const struct prim *p)
{
	json_t *s = json_object();
	if (!p->type)
		json_object_set_new(s, "x-kubernetes-preserve-unknown-fields", json_true());
	else
		json_object_set_new(s, "type", json_string(p->type));
	if (p->format)
		json_object_set_new(s, "format", json_string(p->format));
	return s;
}

/* The schema of a field type: primitive, [T], {T} or a reference. NULL if malformed. */
static json_t *type_schema(const char *t)
{
	size_t n = strlen(t);
	const struct prim *p = prim_find(t);
	if (p)
		return prim_schema(p);
	if (n > 2 && ((t[0] == '[' && t[n - 1] == ']') || (t[0] == '{' && t[n - 1] == '}'))) {
		char inner[128];
		snprintf(inner, sizeof(inner), "%.*s", (int)(n - 2), t + 1);
		json_t *sub = type_schema(inner);
		if (!sub)
			return NULL;
		if (t[0] == '[')
			return json_pack("{s:s, s:o}", "type", "array", "items", sub);
		return json_pack("{s:s, s:o}", "type", "object", "additionalProperties", sub);
	}
	if (!n || strpbrk(t, "[]{}=|"))
		return NULL;
	return json_pack("{s:s}", "$ref", t);
}

static json_t *split_list(const char *s, const char *sep)
{
	json_t *a = json_array();
	char *dup = strdup(s), *save = NULL;
	for (char *tok = strtok_r(dup, sep, &save); tok; tok = strtok_r(NULL, sep, &save))
		json_array_append_new(a, json_string(tok));
	free(dup);
	return a;
}

/* Apply one option token to a field schema; required fields are noted in req. */
static int field_option(json_t *s, const char *opt, const char *name, json_t *req)
{
	const char *v = strchr(opt, '=');
	v = v ? v + 1 : "";
	if (!strcmp(opt, "req")) {
		json_array_append_new(req, json_string(name));
	} else if (!strncmp(opt, "mk=", 3)) {
		json_object_set_new(s, "x-kubernetes-patch-merge-key", json_string(v));
		if (!json_object_get(s, "x-kubernetes-patch-strategy"))
			json_object_set_new(s, "x-kubernetes-patch-strategy", json_string("merge"));
	} else if (!strncmp(opt, "ps=", 3)) {
		json_object_set_new(s, "x-kubernetes-patch-strategy", json_string(v));
	} else if (!strncmp(opt, "lt=", 3)) {
		json_object_set_new(s, "x-kubernetes-list-type", json_string(v));
	} else if (!strncmp(opt, "lk=", 3)) {
		json_object_set_new(s, "x-kubernetes-list-map-keys", split_list(v, ","));
	} else if (!strncmp(opt, "mt=", 3)) {
		json_object_set_new(s, "x-kubernetes-map-type", json_string(v));
	} else if (!strncmp(opt, "enum=", 5)) {
		json_object_set_new(s, "enum", split_list(v, "|"));
	} else {
		return -1;
	}
	return 0;
}

static int fail(struct parser *p, const char *what, const char *tok)
{
	if (!*p->err)
		snprintf(p->err, sizeof(p->err), "schema line %d: %s '%.120s'", p->line, what, tok);
	return -1;
}

/* Split "tokens : description" into at most max tokens and the description. */
static int tokenize(char *line, char **tok, int max, const char **desc)
{
	char *colon = strstr(line, " : ");
	int n = 0;
	*desc = NULL;
	if (colon) {
		*colon = 0;
		*desc = colon + 3;
	}
	char *save = NULL;
	for (char *t = strtok_r(line, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	return n;
}

static int add_field(struct parser *p, char **tok, int n, const char *desc)
{
	if (!p->cur)
		return fail(p, "field outside a type", tok[0]);
	if (n < 2)
		return fail(p, "field without a type", tok[0]);
	json_t *s = type_schema(tok[1]);
	if (!s)
		return fail(p, "bad type", tok[1]);
	json_t *req = json_object_get(p->cur, "required");
	for (int i = 2; i < n; i++)
		if (field_option(s, tok[i], tok[0], req)) {
			json_decref(s);
			return fail(p, "bad option", tok[i]);
		}
	if (desc)
		json_object_set_new(s, "description", json_string(desc));
	json_object_set_new(json_object_get(p->cur, "properties"), tok[0], s);
	return 0;
}

static const char *pkg_group(const char *pkg, char *version, size_t vlen)
{
	const char *last = strrchr(pkg, '.');
	if (!last)
		return NULL;
	snprintf(version, vlen, "%s", last + 1);
	for (size_t i = 0; i < sizeof(pkg_groups) / sizeof(pkg_groups[0]); i++) {
		size_t l = strlen(pkg_groups[i][0]);
		if ((size_t)(last - pkg) > l && !strncmp(last - l, pkg_groups[i][0], l) &&
		    last[-(long)l - 1] == '.')
			return pkg_groups[i][1];
	}
	return NULL;
}

static json_t *gvk_ext(const char *group, const char *version, const char *kind)
{
	return json_pack("[{s:s, s:s, s:s}]", "group", group, "kind", kind, "version", version);
}

/* A kind's common header fields, which every kind repeats. */
static void kind_fields(json_t *props)
{
	json_object_set_new(props, "apiVersion",
			    json_pack("{s:s, s:s}", "type", "string", "description",
				      "The versioned schema this object is written in; the server "
				      "converts it to the version it stores."));
	json_object_set_new(props, "kind",
			    json_pack("{s:s, s:s}", "type", "string", "description",
				      "The REST type of this object, in CamelCase. Clients may not "
				      "change it."));
	json_object_set_new(props, "metadata",
			    json_pack("{s:s, s:s}", "$ref", META "ObjectMeta", "description",
				      "Standard object metadata: name, namespace, labels, "
				      "annotations, owners and bookkeeping."));
}

static int mark_kind(struct parser *p, const char *full, const char *name, json_t *t)
{
	char version[32], key[192];
	const char *group = pkg_group(p->pkg, version, sizeof(version));
	if (!group)
		return fail(p, "no API group for package", p->pkg);
	kind_fields(json_object_get(t, "properties"));
	json_object_set_new(t, "x-kubernetes-group-version-kind", gvk_ext(group, version, name));
	snprintf(key, sizeof(key), "%s/%s/%s", group, version, name);
	json_object_set_new(p->kinds, key, json_string(full));
	return 0;
}

static int type_option(struct parser *p, json_t *t, const char *opt, const char *full,
		       const char *name)
{
	if (!strcmp(opt, "kind"))
		return mark_kind(p, full, name, t);
	if (!strncmp(opt, "mt=", 3)) {
		json_object_set_new(t, "x-kubernetes-map-type", json_string(opt + 3));
		return 0;
	}
	if (!strncmp(opt, "alias=", 6)) {
		const struct prim *pr = prim_find(opt + 6);
		if (!pr)
			return fail(p, "unknown primitive", opt);
		json_object_clear(t);
		json_t *s = prim_schema(pr);
		json_object_update(t, s);
		json_decref(s);
		return 0;
	}
	return fail(p, "bad type option", opt);
}

static int add_type(struct parser *p, char **tok, int n, const char *desc)
{
	char full[256];
	if (!*p->pkg)
		return fail(p, "type before any package", tok[0]);
	snprintf(full, sizeof(full), "%s.%s", p->pkg, tok[0]);
	if (json_object_get(p->types, full))
		return fail(p, "duplicate type", full);
	json_t *t = json_pack("{s:s, s:{}, s:[]}", "type", "object", "properties", "required");
	json_object_set_new(p->types, full, t);
	json_object_set_new(p->owners, full, json_string(p->pkg));
	json_t *seen = json_object_get(p->shorts, tok[0]);
	json_object_set_new(p->shorts, tok[0], seen ? json_null() : json_string(full));
	p->cur = t;
	for (int i = 1; i < n; i++)
		if (type_option(p, t, tok[i], full, tok[0]))
			return -1;
	if (json_object_get(t, "properties") == NULL)
		p->cur = NULL; /* an alias: no fields */
	if (desc)
		json_object_set_new(t, "description", json_string(desc));
	return 0;
}

static int parse_line(struct parser *p, const char *src)
{
	char buf[2048], *tok[16];
	const char *desc;
	if (strlen(src) >= sizeof(buf))
		return fail(p, "line too long", "");
	snprintf(buf, sizeof(buf), "%s", src);
	bool indented = buf[0] == ' ' || buf[0] == '\t';
	int n = tokenize(buf, tok, 16, &desc);
	if (!n || tok[0][0] == '#')
		return 0;
	if (!indented && !strcmp(tok[0], "package") && n == 2) {
		snprintf(p->pkg, sizeof(p->pkg), "%s", tok[1]);
		p->cur = NULL;
		return 0;
	}
	return indented ? add_field(p, tok, n, desc) : add_type(p, tok, n, desc);
}

static int resolve(struct parser *p, const char *pkg, json_t *s)
{
	json_t *ref = json_object_get(s, "$ref");
	if (ref) {
		char full[256];
		const char *r = json_string_value(ref);
		snprintf(full, sizeof(full), "%s.%s", pkg, r);
		if (json_object_get(p->types, full)) {
			json_object_set_new(s, "$ref", json_string(full));
		} else if (!json_object_get(p->types, r)) {
			const char *f = json_string_value(json_object_get(p->shorts, r));
			if (!f)
				return fail(p, "unknown or ambiguous type", r);
			json_object_set_new(s, "$ref", json_string(f));
		}
		return 0;
	}
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(s, "properties"), k, v)
	{
		if (resolve(p, pkg, v))
			return -1;
	}
	json_t *items = json_object_get(s, "items");
	if (items && resolve(p, pkg, items))
		return -1;
	json_t *ap = json_object_get(s, "additionalProperties");
	if (json_is_object(ap) && resolve(p, pkg, ap))
		return -1;
	return 0;
}

static void render(json_t *s, enum schema_flavour f);

/* Kinds of the kinds table that the language does not describe accept any fields. */
static void add_permissive(struct parser *p, json_t *v3, json_t *v2)
{
	for (int i = 0; i < nkinds; i++) {
		const struct kind *k = &kinds[i];
		char key[192], full[256];
		const char *seg = "core";
		snprintf(key, sizeof(key), "%s/%s/%s", k->group, k->version, k->kind);
		if (json_object_get(p->kinds, key))
			continue;
		for (size_t g = 0; g < sizeof(pkg_groups) / sizeof(pkg_groups[0]); g++)
			if (!strcmp(pkg_groups[g][1], k->group))
				seg = pkg_groups[g][0];
		snprintf(full, sizeof(full), "io.k8s.api.%s.%s.%s", seg, k->version, k->kind);
		if (json_object_get(v3, full))
			continue; /* a helper type of that name exists: keep it */
		json_object_set_new(p->kinds, key, json_string(full));
		char desc[256];
		snprintf(desc, sizeof(desc),
			 "A %s object. Its fields are not described in detail here; any field is "
			 "accepted and checked by the server.",
			 k->kind);
		json_t *ext = gvk_ext(k->group, k->version, k->kind);
		/* v2 clients walk the schema to compute patches: a schema without a type lets
		 * them treat every field as opaque instead of failing on a missing one. */
		json_object_set_new(v2, full,
				    json_pack("{s:s, s:b, s:O}", "description", desc,
					      "x-kubernetes-preserve-unknown-fields", 1,
					      "x-kubernetes-group-version-kind", ext));
		json_t *props = json_object();
		kind_fields(props);
		json_t *s =
		    json_pack("{s:s, s:s, s:o, s:b, s:o}", "description", desc, "type", "object",
			      "properties", props, "x-kubernetes-preserve-unknown-fields", 1,
			      "x-kubernetes-group-version-kind", ext);
		render(s, SCHEMA_V3);
		json_object_set_new(v3, full, s);
	}
}

/* Rewrite neutral references ("$ref": full name) into the flavour's form, in place. */
static void render(json_t *s, enum schema_flavour f)
{
	json_t *ref = json_object_get(s, "$ref");
	if (ref) {
		char buf[320];
		snprintf(buf, sizeof(buf), "%s%s",
			 f == SCHEMA_V2 ? "#/definitions/" : "#/components/schemas/",
			 json_string_value(ref));
		if (f == SCHEMA_V3 && json_object_size(s) > 1) {
			json_object_del(s, "$ref");
			json_object_set_new(s, "allOf", json_pack("[{s:s}]", "$ref", buf));
		} else {
			json_object_set_new(s, "$ref", json_string(buf));
		}
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(s, "properties"), k, v) render(v, f);
	json_t *items = json_object_get(s, "items");
	if (items)
		render(items, f);
	json_t *ap = json_object_get(s, "additionalProperties");
	if (json_is_object(ap))
		render(ap, f);
	if (json_array_size(json_object_get(s, "required")) == 0)
		json_object_del(s, "required");
}

static json_t *flavour(json_t *types, enum schema_flavour f)
{
	json_t *out = json_deep_copy(types);
	const char *k;
	json_t *v;
	json_object_foreach(out, k, v) render(v, f);
	return out;
}

static int parse_all(struct parser *p)
{
	for (int i = 0; schema_source[i]; i++) {
		p->line = i + 1;
		if (parse_line(p, schema_source[i]))
			return -1;
	}
	const char *k;
	json_t *v;
	p->line = 0;
	json_object_foreach(p->types, k, v)
	{
		if (resolve(p, json_string_value(json_object_get(p->owners, k)), v))
			return -1;
	}
	return 0;
}

static void schema_init(void)
{
	struct parser p = {.types = json_object(),
			   .owners = json_object(),
			   .shorts = json_object(),
			   .kinds = json_object()};
	cache.done = true;
	if (parse_all(&p)) {
		snprintf(cache.err, sizeof(cache.err), "%s", p.err);
		goto out;
	}
	cache.detailed = json_deep_copy(p.kinds);
	json_t *v3 = flavour(p.types, SCHEMA_V3), *v2 = flavour(p.types, SCHEMA_V2);
	add_permissive(&p, v3, v2);
	cache.flavours[SCHEMA_V3] = v3;
	cache.flavours[SCHEMA_V2] = v2;
	cache.kinds = json_incref(p.kinds);
out:
	json_decref(p.types);
	json_decref(p.owners);
	json_decref(p.shorts);
	json_decref(p.kinds);
}

json_t *schema_all(enum schema_flavour f)
{
	if (!cache.done)
		schema_init();
	return cache.flavours[f];
}

const char *schema_error(void)
{
	if (!cache.done)
		schema_init();
	return *cache.err ? cache.err : NULL;
}

static json_t *kind_entry(json_t *map, const char *group, const char *version, const char *kind)
{
	char key[192];
	if (!cache.done)
		schema_init();
	snprintf(key, sizeof(key), "%s/%s/%s", group, version, kind);
	return json_object_get(map, key);
}

const char *schema_kind_name(const char *group, const char *version, const char *kind)
{
	return json_string_value(kind_entry(cache.kinds, group, version, kind));
}

bool schema_kind_detailed(const char *group, const char *version, const char *kind)
{
	return kind_entry(cache.detailed, group, version, kind) != NULL;
}

static void closure_walk(json_t *all, json_t *s, json_t *out)
{
	json_t *ref = json_object_get(s, "$ref");
	json_t *allof = json_array_get(json_object_get(s, "allOf"), 0);
	if (allof)
		ref = json_object_get(allof, "$ref");
	if (ref) {
		const char *r = strrchr(json_string_value(ref), '/');
		if (r)
			schema_closure(all, r + 1, out);
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(s, "properties"), k, v) closure_walk(all, v, out);
	json_t *items = json_object_get(s, "items");
	if (items)
		closure_walk(all, items, out);
	json_t *ap = json_object_get(s, "additionalProperties");
	if (json_is_object(ap))
		closure_walk(all, ap, out);
}

void schema_closure(json_t *all, const char *name, json_t *out)
{
	json_t *s = json_object_get(all, name);
	if (!s || json_object_get(out, name))
		return;
	json_object_set(out, name, s);
	closure_walk(all, s, out);
}

void schema_cleanup(void)
{
	json_decref(cache.flavours[0]);
	json_decref(cache.flavours[1]);
	json_decref(cache.kinds);
	json_decref(cache.detailed);
	memset(&cache, 0, sizeof(cache));
}
