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
 * Every kind also gets its list kind (PodList: metadata and items) without being written.
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
    {"authorization", "authorization.k8s.io"},
    {"extensions", "extensions"},
    {"apiregistration", "apiregistration.k8s.io"},
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
	json_t *types; /* neutral form: "$ref" holds a full name; for unknown-field checks */
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

/* Every kind gets its list kind ("PodList"), as upstream publishes them. */
static void add_list_kind(struct parser *p, const char *group, const char *version,
			  const char *full, const char *name)
{
	char lfull[272], lname[96], key[208], desc[160];
	snprintf(lfull, sizeof(lfull), "%sList", full);
	snprintf(lname, sizeof(lname), "%sList", name);
	if (json_object_get(p->types, lfull))
		return;
	snprintf(desc, sizeof(desc), "A list of %s objects.", name);
	json_t *props = json_object();
	kind_fields(props);
	json_object_set_new(props, "metadata",
			    json_pack("{s:s, s:s}", "$ref", META "ListMeta", "description",
				      "Standard list metadata."));
	json_object_set_new(props, "items",
			    json_pack("{s:s, s:{s:s}, s:s}", "type", "array", "items", "$ref", full,
				      "description", "The objects."));
	json_t *t = json_pack("{s:s, s:s, s:o, s:[s], s:o}", "description", desc, "type", "object",
			      "properties", props, "required", "items",
			      "x-kubernetes-group-version-kind", gvk_ext(group, version, lname));
	json_object_set_new(p->types, lfull, t);
	json_object_set_new(p->owners, lfull, json_string(p->pkg));
	snprintf(key, sizeof(key), "%s/%s/%s", group, version, lname);
	json_object_set_new(p->kinds, key, json_string(lfull));
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
	add_list_kind(p, group, version, full, name);
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
	cache.types = json_incref(p.types);
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

/* map is read only after schema_init ran, which fills it on first use. */
static json_t *kind_entry(json_t *const *map, const char *group, const char *version,
			  const char *kind)
{
	char key[192];
	if (!cache.done)
		schema_init();
	snprintf(key, sizeof(key), "%s/%s/%s", group, version, kind);
	return json_object_get(*map, key);
}

const char *schema_kind_name(const char *group, const char *version, const char *kind)
{
	return json_string_value(kind_entry(&cache.kinds, group, version, kind));
}

bool schema_kind_detailed(const char *group, const char *version, const char *kind)
{
	return kind_entry(&cache.detailed, group, version, kind) != NULL;
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
	json_decref(cache.types);
	json_decref(cache.kinds);
	json_decref(cache.detailed);
	memset(&cache, 0, sizeof(cache));
}

/* Field paths as upstream's strict decoder spells them: keys joined with dots, list indexes
 * in brackets ("spec.containers[0].foo"), map keys like field names. Upstream stops
 * collecting after 100 problems; so do we. */
#define PATHS_MAX 100

struct fpath {
	char buf[1024];
	json_t *out;
	int found;
};

/* Append a segment; returns the previous length, for fpath_pop. */
static size_t fpath_key(struct fpath *fp, const char *key, size_t klen)
{
	size_t n = strlen(fp->buf);
	snprintf(fp->buf + n, sizeof(fp->buf) - n, "%s%.*s", n ? "." : "", (int)klen, key);
	return n;
}

static size_t fpath_index(struct fpath *fp, size_t i)
{
	size_t n = strlen(fp->buf);
	snprintf(fp->buf + n, sizeof(fp->buf) - n, "[%zu]", i);
	return n;
}

static void fpath_pop(struct fpath *fp, size_t n)
{
	fp->buf[n] = 0;
}

static void fpath_report(struct fpath *fp)
{
	if (fp->found >= PATHS_MAX)
		return;
	json_array_append_new(fp->out, json_string(fp->buf));
	fp->found++;
}

/* Follow references (and aliases) to the schema that describes the value. */
static const json_t *unknown_deref(const json_t *s)
{
	for (int i = 0; s && i < 8; i++) {
		const char *r = json_string_value(json_object_get(s, "$ref"));
		if (!r)
			return s;
		s = json_object_get(cache.types, r);
	}
	return NULL;
}

static void unknown_walk(struct fpath *fp, const json_t *s, const json_t *v);

static void unknown_array(struct fpath *fp, const json_t *items, const json_t *v)
{
	size_t i;
	const json_t *e;
	json_array_foreach(v, i, e)
	{
		size_t n = fpath_index(fp, i);
		unknown_walk(fp, items, e);
		fpath_pop(fp, n);
	}
}

/* A value of the wrong type (an object where a string is expected) is not an unknown field:
 * decoding or validation refuses it, so it is skipped here. */
static void unknown_walk(struct fpath *fp, const json_t *s, const json_t *v)
{
	s = unknown_deref(s);
	if (!s || json_is_true(json_object_get(s, "x-kubernetes-preserve-unknown-fields")))
		return;
	if (json_is_array(v)) {
		const json_t *items = json_object_get(s, "items");
		if (items)
			unknown_array(fp, items, v);
		return;
	}
	const json_t *props = json_object_get(s, "properties");
	const json_t *ap = json_object_get(s, "additionalProperties");
	if (!json_is_object(v) || (!props && !json_is_object(ap)))
		return;
	const char *k;
	json_t *sub;
	json_object_foreach((json_t *)v, k, sub)
	{
		const json_t *fs = props ? json_object_get(props, k) : NULL;
		size_t n = fpath_key(fp, k, strlen(k));
		if (!fs && json_is_object(ap))
			fs = ap;
		if (fs)
			unknown_walk(fp, fs, sub);
		else
			fpath_report(fp);
		fpath_pop(fp, n);
	}
}

int schema_unknown_fields(const char *group, const char *version, const char *kind,
			  const json_t *obj, json_t *paths_out)
{
	const char *name = schema_kind_name(group, version, kind);
	if (!name || !json_is_object(obj) || !json_is_array(paths_out))
		return -1;
	struct fpath fp = {.out = paths_out};
	const json_t *s = json_object_get(cache.types, name);
	if (s) /* kinds with a permissive schema know no unknown fields */
		unknown_walk(&fp, s, obj);
	return fp.found;
}

/* Duplicate keys: jansson's JSON_REJECT_DUPLICATES stops at the first one and reports only
 * a line and column, so the body is scanned here, keeping the path as it goes. The scanner
 * expects a body that already parsed as JSON, but stays within bounds on any input. */
struct dscan {
	const char *p, *end;
	struct fpath fp;
	int depth;
};

#define DSCAN_DEPTH 1024

static int dscan_value(struct dscan *d);

static void dscan_ws(struct dscan *d)
{
	while (d->p < d->end && (*d->p == ' ' || *d->p == '\t' || *d->p == '\n' || *d->p == '\r'))
		d->p++;
}

/* Skip a string token; *raw and *rlen cover it, quotes included. */
static int dscan_string(struct dscan *d, const char **raw, size_t *rlen)
{
	const char *s = d->p;
	if (d->p >= d->end || *d->p != '"')
		return -1;
	for (d->p++; d->p < d->end && *d->p != '"'; d->p++)
		if (*d->p == '\\' && ++d->p >= d->end)
			return -1;
	if (d->p >= d->end)
		return -1;
	d->p++;
	*raw = s;
	*rlen = (size_t)(d->p - s);
	return 0;
}

/* The key as a JSON string value (escapes decoded), a new reference or NULL. */
static json_t *dscan_key(const char *raw, size_t rlen)
{
	if (!memchr(raw, '\\', rlen))
		return json_stringn(raw + 1, rlen - 2);
	return json_loadb(raw, rlen, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
}

static int dscan_member(struct dscan *d, json_t *seen)
{
	const char *raw;
	size_t rlen;
	int rc = -1;
	if (dscan_string(d, &raw, &rlen))
		return -1;
	json_t *key = dscan_key(raw, rlen);
	if (!json_is_string(key))
		goto out;
	const char *k = json_string_value(key);
	size_t klen = json_string_length(key);
	size_t n = fpath_key(&d->fp, k, klen);
	if (json_object_getn(seen, k, klen))
		fpath_report(&d->fp);
	json_object_setn_new(seen, k, klen, json_true());
	dscan_ws(d);
	if (d->p < d->end && *d->p == ':') {
		d->p++;
		rc = dscan_value(d);
	}
	fpath_pop(&d->fp, n);
out:
	json_decref(key);
	return rc;
}

static int dscan_object(struct dscan *d)
{
	json_t *seen = json_object();
	int rc = -1;
	d->p++;
	dscan_ws(d);
	if (d->p < d->end && *d->p == '}') {
		d->p++;
		rc = 0;
		goto out;
	}
	while (!dscan_member(d, seen)) {
		dscan_ws(d);
		if (d->p >= d->end)
			break;
		if (*d->p++ == '}') {
			rc = 0;
			break;
		}
		if (d->p[-1] != ',')
			break;
		dscan_ws(d);
	}
out:
	json_decref(seen);
	return rc;
}

static int dscan_array(struct dscan *d)
{
	d->p++;
	dscan_ws(d);
	if (d->p < d->end && *d->p == ']') {
		d->p++;
		return 0;
	}
	for (size_t i = 0;; i++) {
		size_t n = fpath_index(&d->fp, i);
		int rc = dscan_value(d);
		fpath_pop(&d->fp, n);
		if (rc)
			return -1;
		dscan_ws(d);
		if (d->p >= d->end)
			return -1;
		if (*d->p++ == ']')
			return 0;
		if (d->p[-1] != ',')
			return -1;
	}
}

static int dscan_value(struct dscan *d)
{
	const char *raw;
	size_t rlen;
	int rc;
	dscan_ws(d);
	if (d->p >= d->end || d->depth >= DSCAN_DEPTH)
		return -1;
	d->depth++;
	if (*d->p == '{') {
		rc = dscan_object(d);
	} else if (*d->p == '[') {
		rc = dscan_array(d);
	} else if (*d->p == '"') {
		rc = dscan_string(d, &raw, &rlen);
	} else {
		/* a number or a literal: its end is the next delimiter */
		const char *s = d->p;
		while (d->p < d->end && !strchr(",]} \t\r\n", *d->p))
			d->p++;
		rc = d->p > s ? 0 : -1;
	}
	d->depth--;
	return rc;
}

int schema_duplicate_fields(const char *body, size_t len, json_t *paths_out)
{
	if (!body || !json_is_array(paths_out))
		return -1;
	size_t before = json_array_size(paths_out);
	struct dscan d = {.p = body, .end = body + len, .fp = {.out = paths_out}};
	int rc = dscan_value(&d);
	dscan_ws(&d);
	if (!rc && d.p == d.end)
		return d.fp.found;
	while (json_array_size(paths_out) > before) /* leave no half answer behind */
		json_array_remove(paths_out, before);
	return -1;
}
