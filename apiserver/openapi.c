/* openapi: paths and operations for every kind, wrapped around the schemas of schema.c.
 *
 * Clients read these documents for three things: whether PATCH takes the fieldValidation
 * parameter (then they leave validation to the server), the patch merge keys of each field
 * (for kubectl apply), and the descriptions (for kubectl explain). Operations are described
 * once, in a neutral form, and rendered as swagger 2.0 or OpenAPI 3.0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "kind.h"
#include "openapi.h"
#include "pbw.h"
#include "schema.h"

#define META	  "io.k8s.apimachinery.pkg.apis.meta.v1."
#define PATCH_DEF META "Patch"

struct param {
	const char *name;
	const char *in;
	const char *type;
	const char *desc;
};

static const struct param p_namespace = {"namespace", "path", "string",
					 "Namespace the object lives in."};
static const struct param p_name = {"name", "path", "string", "Name of the object."};
static const struct param p_pretty = {"pretty", "query", "string",
				      "When 'true', the output is indented for people to read."};
static const struct param write_params[] = {
    {"dryRun", "query", "string",
     "When 'All', every stage runs but nothing is persisted. Other values are refused."},
    {"fieldManager", "query", "string",
     "Name of the actor making the change, recorded in managedFields."},
    {"fieldValidation", "query", "string",
     "What to do with unknown or duplicate fields in the object: Ignore drops them, Warn "
     "drops them and answers with a warning for each, Strict fails the request."},
    {0},
};
static const struct param patch_params[] = {
    {"force", "query", "boolean",
     "For apply patches only: take ownership of fields other managers own."},
    {0},
};
static const struct param list_params[] = {
    {"allowWatchBookmarks", "query", "boolean", "Ask for BOOKMARK events in a watch."},
    {"continue", "query", "string", "Token from a previous page to fetch the next one."},
    {"fieldSelector", "query", "string", "Keep only objects whose fields match."},
    {"labelSelector", "query", "string", "Keep only objects whose labels match."},
    {"limit", "query", "integer", "Largest number of items to return in one page."},
    {"resourceVersion", "query", "string", "How fresh the answer must be."},
    {"resourceVersionMatch", "query", "string", "How resourceVersion is applied."},
    {"sendInitialEvents", "query", "boolean", "Start a watch with the current state."},
    {"timeoutSeconds", "query", "integer", "End the call after this many seconds."},
    {"watch", "query", "boolean", "Stream changes instead of returning a list."},
    {0},
};
static const struct param delete_params[] = {
    {"dryRun", "query", "string", "When 'All', nothing is deleted."},
    {"gracePeriodSeconds", "query", "integer", "Seconds to wait before deleting."},
    {"propagationPolicy", "query", "string",
     "How dependents are collected: Orphan, Background or Foreground."},
    {0},
};

enum op_body { BODY_NONE, BODY_OBJECT, BODY_PATCH };

/* One HTTP method of a path. verb is the discovery verb that must be present. */
struct op_spec {
	const char *method;
	const char *action; /* x-kubernetes-action */
	const char *opverb; /* operationId prefix */
	const char *verb;
	enum op_body body;
	bool item;
	const char *code;
};

static const struct op_spec ops[] = {
    {"get", "list", "list", "list", BODY_NONE, false, "200"},
    {"post", "post", "create", "create", BODY_OBJECT, false, "201"},
    {"delete", "deletecollection", "deleteCollection", "deletecollection", BODY_NONE, false, "200"},
    {"get", "get", "read", "get", BODY_NONE, true, "200"},
    {"put", "put", "replace", "update", BODY_OBJECT, true, "200"},
    {"patch", "patch", "patch", "patch", BODY_PATCH, true, "200"},
    {"delete", "delete", "delete", "delete", BODY_NONE, true, "200"},
};

/* Everything needed to describe the paths of one resource or subresource. */
struct target {
	const struct kind *k;
	const char *sub;	/* "status", "scale" or NULL */
	const char *g, *v, *kd; /* the kind the path reads and writes */
	const char *def;	/* its definition name */
	const char *list_def;	/* the definition of its list kind, or NULL */
	bool detailed;
	const char *const *verbs;
};

struct oapi_cache {
	bool done;
	json_t *v3docs; /* gv path -> document */
	json_t *v3hash; /* gv path -> hash */
	unsigned char *v2[2];
	size_t v2len[2];
	char v2etag[2][168];
};

static struct oapi_cache cache;

static const char *const all_verbs[] = {"create", "delete", "deletecollection", "get",
					"list",	  "patch",  "update",		NULL};
static const char *const sub_verbs[] = {"get", "patch", "update", NULL};

static bool has_verb(const char *const *verbs, const char *verb)
{
	for (int i = 0; verbs[i]; i++)
		if (!strcmp(verbs[i], verb))
			return true;
	return false;
}

static const char *const *kind_verbs(const struct kind *k)
{
	static const char *const create_only[] = {"create", NULL};
	static const char *const nolist[] = {"create", "delete", "get", "patch", "update", NULL};
	if (k->flags & K_CREATEONLY)
		return create_only;
	if (k->flags & K_NOWATCH)
		return nolist;
	return all_verbs;
}

/* "rbac.authorization.k8s.io" -> "RbacAuthorization", "" -> "Core". */
static void camel_group(const char *group, char *out, size_t len)
{
	size_t n = 0;
	bool up = true;
	if (!*group)
		group = "core";
	for (const char *p = group; *p && n + 1 < len; p++) {
		if (!strncmp(p, ".k8s.io", 7) && !p[7])
			break;
		if (*p == '.') {
			up = true;
			continue;
		}
		out[n++] = up && *p >= 'a' && *p <= 'z' ? *p - 32 : *p;
		up = false;
	}
	out[n] = 0;
}

static void operation_id(const struct target *t, const struct op_spec *op, bool all_ns, char *buf,
			 size_t len)
{
	char g[64], v[16], sub[32] = "";
	camel_group(t->k->group, g, sizeof(g));
	snprintf(v, sizeof(v), "%s", t->k->version);
	v[0] = (char)(v[0] - 32);
	if (t->sub)
		snprintf(sub, sizeof(sub), "%c%s", t->sub[0] - 32, t->sub + 1);
	snprintf(buf, len, "%s%s%s%s%s%s%s", op->opverb, g, v,
		 kind_namespaced(t->k) && !all_ns ? "Namespaced" : "", t->k->kind, sub,
		 all_ns ? "ForAllNamespaces" : "");
}

static json_t *param_json(const struct param *p, bool v3)
{
	json_t *j =
	    json_pack("{s:s, s:s, s:s}", "name", p->name, "in", p->in, "description", p->desc);
	if (!strcmp(p->in, "path"))
		json_object_set_new(j, "required", json_true());
	if (v3)
		json_object_set_new(j, "schema",
				    json_pack("{s:s, s:b}", "type", p->type, "uniqueItems", 1));
	else {
		json_object_set_new(j, "type", json_string(p->type));
		json_object_set_new(j, "uniqueItems", json_true());
	}
	return j;
}

static void add_params(json_t *arr, const struct param *ps, bool v3)
{
	for (; ps->name; ps++)
		json_array_append_new(arr, param_json(ps, v3));
}

static json_t *ref(const char *def, bool v3)
{
	char buf[320];
	snprintf(buf, sizeof(buf), "%s%s", v3 ? "#/components/schemas/" : "#/definitions/", def);
	return json_pack("{s:s}", "$ref", buf);
}

static json_t *op_params(const struct target *t, const struct op_spec *op, bool all_ns, bool v3)
{
	json_t *ps = json_array();
	if (op->item)
		json_array_append_new(ps, param_json(&p_name, v3));
	if (kind_namespaced(t->k) && !all_ns)
		json_array_append_new(ps, param_json(&p_namespace, v3));
	json_array_append_new(ps, param_json(&p_pretty, v3));
	if (op->body != BODY_NONE)
		add_params(ps, write_params, v3);
	if (op->body == BODY_PATCH)
		add_params(ps, patch_params, v3);
	if (!strcmp(op->action, "list"))
		add_params(ps, list_params, v3);
	if (!strcmp(op->method, "delete"))
		add_params(ps, delete_params, v3);
	if (!v3 && op->body != BODY_NONE)
		json_array_append_new(
		    ps,
		    json_pack("{s:s, s:s, s:b, s:o}", "name", "body", "in", "body", "required", 1,
			      "schema", ref(op->body == BODY_PATCH ? PATCH_DEF : t->def, false)));
	return ps;
}

static json_t *v3_body(const struct target *t, const struct op_spec *op)
{
	static const char *const patch_types[] = {
	    "application/apply-patch+yaml", "application/json-patch+json",
	    "application/merge-patch+json", "application/strategic-merge-patch+json", NULL};
	json_t *content = json_object();
	if (op->body == BODY_OBJECT) {
		json_object_set_new(content, "*/*",
				    json_pack("{s:o}", "schema", ref(t->def, true)));
	} else {
		/* Strategic merge needs field-level merge keys: offer it only when we have
		 * them, so clients fall back to the swagger 2.0 document otherwise. */
		for (int i = 0; patch_types[i]; i++)
			if (i != 3 || t->detailed)
				json_object_set_new(
				    content, patch_types[i],
				    json_pack("{s:o}", "schema", ref(PATCH_DEF, true)));
	}
	return json_pack("{s:o, s:b}", "content", content, "required", 1);
}

static json_t *responses(const struct target *t, const struct op_spec *op, bool v3)
{
	json_t *r;
	/* A list answers with the list kind; deletecollection with a Status (not described). */
	const char *def = !strcmp(op->action, "list")		    ? t->list_def
			  : !strcmp(op->action, "deletecollection") ? NULL
								    : t->def;
	if (!def) {
		r = json_pack("{s:s}", "description", "OK");
	} else if (v3) {
		json_t *content = json_object();
		json_object_set_new(content, "application/json",
				    json_pack("{s:o}", "schema", ref(def, true)));
		json_object_set_new(content, "application/yaml",
				    json_pack("{s:o}", "schema", ref(def, true)));
		r = json_pack("{s:s, s:o}", "description", "OK", "content", content);
	} else {
		r = json_pack("{s:s, s:o}", "description", "OK", "schema", ref(def, false));
	}
	return json_pack("{s:o, s:{s:s}}", op->code, r, "401", "description", "Unauthorized");
}

static json_t *operation(const struct target *t, const struct op_spec *op, bool all_ns, bool v3)
{
	char id[160], tag[96];
	operation_id(t, op, all_ns, id, sizeof(id));
	camel_group(t->k->group, tag, sizeof(tag));
	tag[0] = (char)(tag[0] + 32);
	snprintf(tag + strlen(tag), sizeof(tag) - strlen(tag), "_%s", t->k->version);
	json_t *o = json_pack("{s:[s], s:s, s:s, s:o, s:o, s:s, s:{s:s, s:s, s:s}}", "tags", tag,
			      "description", op->action, "operationId", id, "parameters",
			      op_params(t, op, all_ns, v3), "responses", responses(t, op, v3),
			      "x-kubernetes-action", op->action, "x-kubernetes-group-version-kind",
			      "group", t->g, "version", t->v, "kind", t->kd);
	if (v3 && op->body != BODY_NONE)
		json_object_set_new(o, "requestBody", v3_body(t, op));
	if (!v3) {
		json_object_set_new(o, "schemes", json_pack("[s]", "https"));
		json_object_set_new(o, "produces",
				    json_pack("[s,s]", "application/json", "application/yaml"));
		json_object_set_new(o, "consumes",
				    op->body == BODY_PATCH
					? json_pack("[s,s,s,s]", "application/json-patch+json",
						    "application/merge-patch+json",
						    "application/strategic-merge-patch+json",
						    "application/apply-patch+yaml")
					: json_pack("[s]", "*/*"));
	}
	return o;
}

static void gv_prefix(const struct kind *k, char *buf, size_t len)
{
	if (*k->group)
		snprintf(buf, len, "/apis/%s/%s", k->group, k->version);
	else
		snprintf(buf, len, "/api/%s", k->version);
}

/* Add the operations of t whose item-ness matches to the path item at url. */
static void add_path(json_t *paths, const char *url, const struct target *t, bool item, bool all_ns,
		     bool v3)
{
	json_t *pi = json_object();
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct op_spec *op = &ops[i];
		if (op->item != item || !has_verb(t->verbs, op->verb))
			continue;
		if (all_ns && strcmp(op->action, "list"))
			continue;
		json_object_set_new(pi, op->method, operation(t, op, all_ns, v3));
	}
	if (json_object_size(pi))
		json_object_set_new(paths, url, pi);
	else
		json_decref(pi);
}

static void add_target(json_t *paths, const struct target *t, bool v3)
{
	char base[160], url[320], sub[40] = "";
	gv_prefix(t->k, base, sizeof(base));
	if (t->sub)
		snprintf(sub, sizeof(sub), "/%s", t->sub);
	const char *ns = kind_namespaced(t->k) ? "/namespaces/{namespace}" : "";
	if (!t->sub) {
		snprintf(url, sizeof(url), "%s%s/%s", base, ns, t->k->resource);
		add_path(paths, url, t, false, false, v3);
		if (*ns) {
			snprintf(url, sizeof(url), "%s/%s", base, t->k->resource);
			add_path(paths, url, t, false, true, v3);
		}
	}
	snprintf(url, sizeof(url), "%s%s/%s/{name}%s", base, ns, t->k->resource, sub);
	add_path(paths, url, t, true, false, v3);
}

static void kind_targets(const struct kind *k, json_t *paths, json_t *defs, bool v3)
{
	struct target t = {
	    .k = k, .g = k->group, .v = k->version, .kd = k->kind, .verbs = kind_verbs(k)};
	t.def = schema_kind_name(k->group, k->version, k->kind);
	t.detailed = schema_kind_detailed(k->group, k->version, k->kind);
	if (!t.def)
		return;
	char list_kind[96];
	snprintf(list_kind, sizeof(list_kind), "%sList", k->kind);
	t.list_def = schema_kind_name(k->group, k->version, list_kind);
	json_object_set_new(defs, t.def, json_true());
	if (t.list_def)
		json_object_set_new(defs, t.list_def, json_true());
	add_target(paths, &t, v3);
	for (int i = 0; k->subresources && k->subresources[i]; i++) {
		struct target s = t;
		s.sub = k->subresources[i];
		s.verbs = sub_verbs;
		if (!strcmp(s.sub, "scale")) {
			s.g = "autoscaling", s.v = "v1", s.kd = "Scale";
			s.def = schema_kind_name(s.g, s.v, s.kd);
			s.detailed = true;
		} else if (strcmp(s.sub, "status")) {
			continue; /* connect-style subresources carry no schema */
		}
		if (!s.def)
			continue;
		json_object_set_new(defs, s.def, json_true());
		add_target(paths, &s, v3);
	}
}

static void gv_path(const struct kind *k, char *buf, size_t len)
{
	if (*k->group)
		snprintf(buf, len, "apis/%s/%s", k->group, k->version);
	else
		snprintf(buf, len, "api/%s", k->version);
}

static json_t *info(void)
{
	return json_pack("{s:s, s:s}", "title", "Kubernetes", "version", "v1.33.0");
}

/* The schemas referenced by names (an object used as a set), with their dependencies. */
static json_t *closure(json_t *all, json_t *names)
{
	json_t *out = json_object();
	const char *k;
	json_t *v;
	schema_closure(all, PATCH_DEF, out);
	json_object_foreach(names, k, v) schema_closure(all, k, out);
	return out;
}

static json_t *build_v3_doc(const char *path)
{
	json_t *paths = json_object(), *names = json_object();
	for (int i = 0; i < nkinds; i++) {
		char p[160];
		gv_path(&kinds[i], p, sizeof(p));
		if (!strcmp(p, path))
			kind_targets(&kinds[i], paths, names, true);
	}
	json_t *schemas = closure(schema_all(SCHEMA_V3), names);
	json_decref(names);
	return json_pack("{s:s, s:o, s:o, s:{s:o}}", "openapi", "3.0.0", "info", info(), "paths",
			 paths, "components", "schemas", schemas);
}

static void hex_digest(const void *data, size_t len, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha512(), NULL);
	size_t n = 0;
	for (unsigned i = 0; i < mdlen && n + 3 <= outlen; i++)
		n += (size_t)snprintf(out + n, outlen - n, "%02X", md[i]);
}

static void build_v3(void)
{
	cache.v3docs = json_object();
	cache.v3hash = json_object();
	for (int i = 0; i < nkinds; i++) {
		char p[160], hash[160];
		gv_path(&kinds[i], p, sizeof(p));
		if (json_object_get(cache.v3docs, p))
			continue;
		json_t *doc = build_v3_doc(p);
		char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
		hex_digest(text, text ? strlen(text) : 0, hash, sizeof(hash));
		free(text);
		json_object_set_new(cache.v3docs, p, doc);
		json_object_set_new(cache.v3hash, p, json_string(hash));
	}
}

static json_t *build_v2_json(void)
{
	json_t *paths = json_object(), *names = json_object();
	for (int i = 0; i < nkinds; i++)
		kind_targets(&kinds[i], paths, names, false);
	json_decref(names);
	/* Every definition: clients look kinds up by their group-version-kind extension. */
	return json_pack("{s:s, s:o, s:o, s:O}", "swagger", "2.0", "info", info(), "paths", paths,
			 "definitions", schema_all(SCHEMA_V2));
}

/* A protobuf encoder for gnostic's openapi_v2.Document (OpenAPIv2.proto), driven by tables
 * that map swagger JSON keys to field numbers. Only what our documents use is mapped. */
static void pb_str(struct pbw *b, unsigned num, const char *s)
{
	pbw_bytes(b, num, s, strlen(s));
}

enum pbk {
	PB_STR,	     /* string */
	PB_BOOL,     /* bool */
	PB_I64,	     /* int64 */
	PB_F64,	     /* double */
	PB_STRS,     /* repeated string */
	PB_MSG,	     /* message: fields in msg */
	PB_MSGS,     /* repeated message */
	PB_MAP,	     /* JSON object -> wrapper{inner: repeated Named{1 name, 2 value per val}} */
	PB_WRAP,     /* value encoded per msg as field inner of a wrapper message */
	PB_ANY,	     /* Any{2 yaml} */
	PB_ANYS,     /* repeated Any */
	PB_TYPES,    /* TypeItem{1 repeated string} from a string or an array */
	PB_ITEMS,    /* ItemsItem{1 repeated Schema} from a schema or an array */
	PB_ADDPROPS, /* AdditionalPropertiesItem{1 Schema | 2 bool} */
	PB_PARAMS,   /* repeated ParametersItem */
	PB_EXT,	     /* every "x-" key: repeated NamedAny */
};

struct pbf {
	const char *key; /* JSON key; NULL ends a message */
	unsigned num;
	enum pbk kind;
	const struct pbf *msg;
	unsigned inner;
	const struct pbf *val;
};

/* Tentative definitions: these messages refer to themselves. */
static const struct pbf pb_schema[20];
static const struct pbf pb_schema_val[2];

static const struct pbf pb_schema[20] = {
    {"$ref", 1, PB_STR, 0, 0, 0},
    {"format", 2, PB_STR, 0, 0, 0},
    {"title", 3, PB_STR, 0, 0, 0},
    {"description", 4, PB_STR, 0, 0, 0},
    {"default", 5, PB_ANY, 0, 0, 0},
    {"maximum", 7, PB_F64, 0, 0, 0},
    {"minimum", 9, PB_F64, 0, 0, 0},
    {"maxLength", 11, PB_I64, 0, 0, 0},
    {"minLength", 12, PB_I64, 0, 0, 0},
    {"pattern", 13, PB_STR, 0, 0, 0},
    {"required", 19, PB_STRS, 0, 0, 0},
    {"enum", 20, PB_ANYS, 0, 0, 0},
    {"additionalProperties", 21, PB_ADDPROPS, pb_schema, 0, 0},
    {"type", 22, PB_TYPES, 0, 0, 0},
    {"items", 23, PB_ITEMS, pb_schema, 0, 0},
    {"allOf", 24, PB_MSGS, pb_schema, 0, 0},
    {"properties", 25, PB_MAP, 0, 1, pb_schema_val},
    {"readOnly", 27, PB_BOOL, 0, 0, 0},
    {"x-", 31, PB_EXT, 0, 0, 0},
    {0},
};
static const struct pbf pb_schema_val[2] = {{"", 2, PB_MSG, pb_schema, 0, 0}, {0}};

static const struct pbf pb_body_param[] = {
    {"description", 1, PB_STR, 0, 0, 0},
    {"name", 2, PB_STR, 0, 0, 0},
    {"in", 3, PB_STR, 0, 0, 0},
    {"required", 4, PB_BOOL, 0, 0, 0},
    {"schema", 5, PB_MSG, pb_schema, 0, 0},
    {"x-", 6, PB_EXT, 0, 0, 0},
    {0},
};
/* Query and form parameters share a layout; path and header ones have no allowEmptyValue. */
static const struct pbf pb_query_param[] = {
    {"required", 1, PB_BOOL, 0, 0, 0},
    {"in", 2, PB_STR, 0, 0, 0},
    {"description", 3, PB_STR, 0, 0, 0},
    {"name", 4, PB_STR, 0, 0, 0},
    {"type", 6, PB_STR, 0, 0, 0},
    {"format", 7, PB_STR, 0, 0, 0},
    {"uniqueItems", 20, PB_BOOL, 0, 0, 0},
    {"x-", 23, PB_EXT, 0, 0, 0},
    {0},
};
static const struct pbf pb_path_param[] = {
    {"required", 1, PB_BOOL, 0, 0, 0},
    {"in", 2, PB_STR, 0, 0, 0},
    {"description", 3, PB_STR, 0, 0, 0},
    {"name", 4, PB_STR, 0, 0, 0},
    {"type", 5, PB_STR, 0, 0, 0},
    {"format", 6, PB_STR, 0, 0, 0},
    {"uniqueItems", 19, PB_BOOL, 0, 0, 0},
    {"x-", 22, PB_EXT, 0, 0, 0},
    {0},
};
static const struct pbf pb_response[] = {
    {"description", 1, PB_STR, 0, 0, 0},
    {"schema", 2, PB_WRAP, pb_schema, 1, 0},
    {"x-", 5, PB_EXT, 0, 0, 0},
    {0},
};
static const struct pbf pb_response_val[] = {{"", 2, PB_WRAP, pb_response, 1, 0}, {0}};
static const struct pbf pb_operation[] = {
    {"tags", 1, PB_STRS, 0, 0, 0},	   {"summary", 2, PB_STR, 0, 0, 0},
    {"description", 3, PB_STR, 0, 0, 0},   {"operationId", 5, PB_STR, 0, 0, 0},
    {"produces", 6, PB_STRS, 0, 0, 0},	   {"consumes", 7, PB_STRS, 0, 0, 0},
    {"parameters", 8, PB_PARAMS, 0, 0, 0}, {"responses", 9, PB_MAP, 0, 1, pb_response_val},
    {"schemes", 10, PB_STRS, 0, 0, 0},	   {"deprecated", 11, PB_BOOL, 0, 0, 0},
    {"x-", 13, PB_EXT, 0, 0, 0},	   {0},
};
static const struct pbf pb_path_item[] = {
    {"$ref", 1, PB_STR, 0, 0, 0},
    {"get", 2, PB_MSG, pb_operation, 0, 0},
    {"put", 3, PB_MSG, pb_operation, 0, 0},
    {"post", 4, PB_MSG, pb_operation, 0, 0},
    {"delete", 5, PB_MSG, pb_operation, 0, 0},
    {"options", 6, PB_MSG, pb_operation, 0, 0},
    {"head", 7, PB_MSG, pb_operation, 0, 0},
    {"patch", 8, PB_MSG, pb_operation, 0, 0},
    {"parameters", 9, PB_PARAMS, 0, 0, 0},
    {"x-", 10, PB_EXT, 0, 0, 0},
    {0},
};
static const struct pbf pb_path_val[] = {{"", 2, PB_MSG, pb_path_item, 0, 0}, {0}};
static const struct pbf pb_info[] = {
    {"title", 1, PB_STR, 0, 0, 0},
    {"version", 2, PB_STR, 0, 0, 0},
    {"description", 3, PB_STR, 0, 0, 0},
    {"x-", 7, PB_EXT, 0, 0, 0},
    {0},
};
static const struct pbf pb_document[] = {
    {"swagger", 1, PB_STR, 0, 0, 0},
    {"info", 2, PB_MSG, pb_info, 0, 0},
    {"host", 3, PB_STR, 0, 0, 0},
    {"basePath", 4, PB_STR, 0, 0, 0},
    {"schemes", 5, PB_STRS, 0, 0, 0},
    {"consumes", 6, PB_STRS, 0, 0, 0},
    {"produces", 7, PB_STRS, 0, 0, 0},
    {"paths", 8, PB_MAP, 0, 2, pb_path_val},
    {"definitions", 9, PB_MAP, 0, 1, pb_schema_val},
    {"x-", 16, PB_EXT, 0, 0, 0},
    {0},
};

static void pb_msg(struct pbw *b, const struct pbf *fields, json_t *obj);

static void pb_any(struct pbw *b, unsigned num, json_t *v)
{
	struct pbw any = {0};
	char *yaml = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!yaml) {
		b->oom = true;
		return;
	}
	/* JSON is YAML: clients parse these strings with a YAML decoder. */
	pb_str(&any, 2, yaml);
	free(yaml);
	pbw_sub(b, num, &any);
}

static void pb_message_field(struct pbw *b, unsigned num, const struct pbf *msg, json_t *v)
{
	struct pbw sub = {0};
	pb_msg(&sub, msg, v);
	pbw_sub(b, num, &sub);
}

static void pb_wrap(struct pbw *b, const struct pbf *f, json_t *v)
{
	struct pbw w = {0};
	pb_message_field(&w, f->inner, f->msg, v);
	pbw_sub(b, f->num, &w);
}

static void pb_map(struct pbw *b, const struct pbf *f, json_t *obj)
{
	struct pbw w = {0};
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		struct pbw named = {0};
		pb_str(&named, 1, k);
		if (f->val->kind == PB_WRAP)
			pb_wrap(&named, f->val, v);
		else
			pb_message_field(&named, 2, f->val->msg, v);
		pbw_sub(&w, f->inner, &named);
	}
	pbw_sub(b, f->num, &w);
}

static void pb_param(struct pbw *b, unsigned num, json_t *p)
{
	struct pbw item = {0}, param = {0};
	const char *in = json_string_value(json_object_get(p, "in"));
	const char *r = json_string_value(json_object_get(p, "$ref"));
	if (r) {
		struct pbw jr = {0};
		pb_str(&jr, 1, r);
		pbw_sub(&item, 2, &jr);
	} else if (in && !strcmp(in, "body")) {
		pb_message_field(&param, 1, pb_body_param, p);
		pbw_sub(&item, 1, &param);
	} else {
		/* NonBodyParameter's oneof: 1 header, 2 formData, 3 query, 4 path. */
		struct pbw nb = {0};
		bool path = in && !strcmp(in, "path"), header = in && !strcmp(in, "header");
		bool form = in && !strcmp(in, "formData");
		unsigned which = path ? 4 : header ? 1 : form ? 2 : 3;
		pb_message_field(&nb, which, path || header ? pb_path_param : pb_query_param, p);
		pbw_sub(&param, 2, &nb);
		pbw_sub(&item, 1, &param);
	}
	pbw_sub(b, num, &item);
}

static void pb_ext(struct pbw *b, unsigned num, const char *k, json_t *v)
{
	struct pbw named = {0};
	pb_str(&named, 1, k);
	pb_any(&named, 2, v);
	pbw_sub(b, num, &named);
}

static void pb_field(struct pbw *b, const struct pbf *f, json_t *v)
{
	size_t i;
	json_t *e;
	switch (f->kind) {
	case PB_STR:
		if (json_is_string(v) && *json_string_value(v))
			pb_str(b, f->num, json_string_value(v));
		break;
	case PB_BOOL:
		if (json_is_true(v)) {
			pbw_tag(b, f->num, 0);
			pbw_varint(b, 1);
		}
		break;
	case PB_I64:
		if (json_is_integer(v)) {
			pbw_tag(b, f->num, 0);
			pbw_varint(b, (uint64_t)json_integer_value(v));
		}
		break;
	case PB_F64:
		if (json_is_number(v)) {
			double d = json_number_value(v);
			uint64_t bits;
			unsigned char le[8];
			memcpy(&bits, &d, 8);
			for (int j = 0; j < 8; j++)
				le[j] = (unsigned char)(bits >> (8 * j));
			pbw_tag(b, f->num, 1);
			pbw_raw(b, le, 8);
		}
		break;
	case PB_STRS:
		json_array_foreach(v, i, e) if (json_is_string(e))
		    pb_str(b, f->num, json_string_value(e));
		break;
	case PB_MSG:
		if (json_is_object(v))
			pb_message_field(b, f->num, f->msg, v);
		break;
	case PB_MSGS:
		json_array_foreach(v, i, e) pb_message_field(b, f->num, f->msg, e);
		break;
	case PB_MAP:
		if (json_is_object(v))
			pb_map(b, f, v);
		break;
	case PB_WRAP:
		if (json_is_object(v))
			pb_wrap(b, f, v);
		break;
	case PB_ANY:
		pb_any(b, f->num, v);
		break;
	case PB_ANYS:
		json_array_foreach(v, i, e) pb_any(b, f->num, e);
		break;
	case PB_TYPES: {
		struct pbw t = {0};
		if (json_is_string(v))
			pb_str(&t, 1, json_string_value(v));
		json_array_foreach(v, i, e) if (json_is_string(e))
		    pb_str(&t, 1, json_string_value(e));
		pbw_sub(b, f->num, &t);
		break;
	}
	case PB_ITEMS: {
		struct pbw t = {0};
		if (json_is_object(v))
			pb_message_field(&t, 1, f->msg, v);
		json_array_foreach(v, i, e) pb_message_field(&t, 1, f->msg, e);
		pbw_sub(b, f->num, &t);
		break;
	}
	case PB_ADDPROPS: {
		struct pbw t = {0};
		if (json_is_object(v)) {
			pb_message_field(&t, 1, f->msg, v);
		} else if (json_is_boolean(v)) {
			pbw_tag(&t, 2, 0);
			pbw_varint(&t, json_is_true(v));
		}
		pbw_sub(b, f->num, &t);
		break;
	}
	case PB_PARAMS:
		json_array_foreach(v, i, e) pb_param(b, f->num, e);
		break;
	case PB_EXT:
		break;
	}
}

static void pb_msg(struct pbw *b, const struct pbf *fields, json_t *obj)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		const struct pbf *f, *ext = NULL;
		for (f = fields; f->key; f++) {
			if (f->kind == PB_EXT)
				ext = f;
			else if (!strcmp(f->key, k))
				break;
		}
		if (f->key) {
			pb_field(b, f, v);
		} else if (ext && !strncmp(k, "x-", 2)) {
			pb_ext(b, ext->num, k, v);
		}
	}
}

static int oapi_pb_encode(json_t *doc, unsigned char **out, size_t *len)
{
	struct pbw b = {0};
	pb_msg(&b, pb_document, doc);
	if (b.oom) {
		free(b.p);
		return -1;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

static void set_v2(int i, unsigned char *data, size_t len)
{
	char hash[160];
	cache.v2[i] = data;
	cache.v2len[i] = len;
	hex_digest(data, len, hash, sizeof(hash));
	snprintf(cache.v2etag[i], sizeof(cache.v2etag[i]), "\"%s\"", hash);
}

static void oapi_init(void)
{
	cache.done = true;
	if (!schema_all(SCHEMA_V3))
		return;
	build_v3();
	json_t *v2 = build_v2_json();
	char *text = json_dumps(v2, JSON_COMPACT);
	if (text)
		set_v2(0, (unsigned char *)text, strlen(text));
	unsigned char *pb = NULL;
	size_t pblen = 0;
	if (!oapi_pb_encode(v2, &pb, &pblen))
		set_v2(1, pb, pblen);
	json_decref(v2);
}

static void ensure(void)
{
	if (!cache.done)
		oapi_init();
}

json_t *oapi_v3_index(void)
{
	ensure();
	json_t *paths = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(cache.v3hash, k, v)
	{
		char url[512];
		snprintf(url, sizeof(url), "/openapi/v3/%s?hash=%s", k, json_string_value(v));
		json_object_set_new(paths, k, json_pack("{s:s}", "serverRelativeURL", url));
	}
	return json_pack("{s:o}", "paths", paths);
}

json_t *oapi_v3_doc(const char *gv_path)
{
	ensure();
	if (!gv_path)
		return NULL;
	while (*gv_path == '/')
		gv_path++;
	return json_incref(json_object_get(cache.v3docs, gv_path));
}

const char *oapi_v3_hash(const char *gv_path)
{
	ensure();
	while (gv_path && *gv_path == '/')
		gv_path++;
	return gv_path ? json_string_value(json_object_get(cache.v3hash, gv_path)) : NULL;
}

int oapi_v2(bool protobuf, unsigned char **out, size_t *len, const char **content_type)
{
	ensure();
	int i = protobuf ? 1 : 0;
	*out = NULL;
	*len = 0;
	if (!cache.v2[i])
		return -1;
	*out = malloc(cache.v2len[i]);
	if (!*out)
		return -1;
	memcpy(*out, cache.v2[i], cache.v2len[i]);
	*len = cache.v2len[i];
	if (content_type)
		*content_type = protobuf ? OAPI_CT_V2_PROTOBUF : "application/json";
	return 0;
}

const char *oapi_v2_etag(bool protobuf)
{
	ensure();
	return cache.v2etag[protobuf ? 1 : 0];
}

bool oapi_v2_wants_protobuf(const char *accept_header)
{
	return accept_header && strstr(accept_header, "application/com.github.proto-openapi");
}

void oapi_cleanup(void)
{
	json_decref(cache.v3docs);
	json_decref(cache.v3hash);
	free(cache.v2[0]);
	free(cache.v2[1]);
	memset(&cache, 0, sizeof(cache));
	schema_cleanup();
}
