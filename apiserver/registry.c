/* The generic registry: one create/update/patch/delete pipeline for every kind, in upstream's
 * order (decode, default, prepare, admit, validate, store), kinds supplying only strategies. */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admission.h"
#include "apiserver.h"
#include "encrypt.h"
#include "apply.h"
#include "b64.h"
#include "jsonx.h"
#include "kproto.h"
#include "ktime.h"
#include "log.h"
#include "patch.h"
#include "schema.h"
#include "status.h"
#include "validation.h"
#include "yaml.h"

#define MAX_ATTEMPTS 8

struct op;
/* Produce the next state from the current one (NULL if absent); NULL and *st to refuse. */
typedef json_t *(*mutate_fn)(struct op *op, const json_t *cur, json_t **st);

struct op {
	struct http_req *req;
	struct rinfo *ri;
	struct cache *c;
	char *key;
	json_t *body;
	mutate_fn mutate;
	int attempts;
	bool created;	 /* the mutation created the object (apply, create-on-update) */
	bool deleting;	 /* the write is a delete */
	bool from_cache; /* cur came from the watch cache and may be stale */
	bool stale;	 /* cur as stored is sealed with an old key: write even a no-op */
	int code;	 /* success status code */
	json_t *cur;	 /* last state read, for the reply of a delete */
	const char *patch_type;
	struct delete_opts *del;
	bool shared_ri; /* ri belongs to a batch */
	reg_mutate_fn custom;
	void *custom_ctx;
	void (*custom_free)(void *);
	json_t *(*present)(struct rinfo *ri, json_t *obj);
	/* Where the result goes: obj on success, st on failure (both stolen). */
	void (*finish)(struct op *op, json_t *obj, json_t *st);
	void *batch;
};

struct delete_opts {
	long grace; /* -1 unset */
	char *policy;
	char *pre_uid, *pre_rv;
};

static void delete_opts_free(struct delete_opts *d);

char *reg_key(const struct kind *k, const char *ns, const char *name)
{
	if (kind_namespaced(k))
		return xasprintf("%s/%s/%s/%s", g_as->prefix, k->resource, ns ? ns : "", name);
	return xasprintf("%s/%s/%s", g_as->prefix, k->resource, name);
}

static void op_free(struct op *op)
{
	if (!op->shared_ri)
		rinfo_free(op->ri);
	free(op->key);
	json_decref(op->body);
	json_decref(op->cur);
	if (op->del)
		delete_opts_free(op->del);
	if (op->custom_free)
		op->custom_free(op->custom_ctx);
	free(op);
}

static void op_reply(struct op *op, json_t *obj, json_t *st)
{
	if (st) {
		reply_status(op->req, st);
	} else if (op->present) {
		json_t *p = op->present(op->ri, obj);
		json_decref(obj);
		if (op->req)
			http_reply_json(op->req, op->code, p);
		json_decref(p);
	} else {
		reply_object(op->req, op->ri, op->code, obj);
	}
	op_free(op);
}

static void op_fail(struct op *op, json_t *st)
{
	op->finish(op, NULL, st);
}

static void uuid4(char out[37])
{
	unsigned char b[16];

	RAND_bytes(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

static void now_rfc3339(char buf[32])
{
	kt_format(time(NULL), buf);
}

static const char *manager_of(const struct rinfo *ri)
{
	if (ri->field_manager && *ri->field_manager)
		return ri->field_manager;
	return ri->user_agent_manager ? ri->user_agent_manager : "unknown";
}

/* managedFields for an ordinary write; apply maintains its own. */
static void track(struct rinfo *ri, json_t *obj, const json_t *old)
{
	char av[64], ts[32];

	if (ri->applying)
		return;
	now_rfc3339(ts);
	kind_api_version(ri->k, av);
	if (ri->sub && !strcmp(ri->sub, "status"))
		apply_track_update_sub(obj, old, manager_of(ri), "Update", av, ts, "status");
	else
		apply_track_update(obj, old, manager_of(ri), "Update", av, ts);
}

/* upstream's generateName suffix: five characters from an alphabet without vowels. */
static char *generate_name(const char *base)
{
	static const char alpha[] = "bcdfghjklmnpqrstvwxz2456789";
	unsigned char r[5];
	char sfx[6];
	size_t n = strlen(base);

	RAND_bytes(r, sizeof(r));
	for (int i = 0; i < 5; i++)
		sfx[i] = alpha[r[i] % (sizeof(alpha) - 1)];
	sfx[5] = 0;
	if (n > 58)
		n = 58;
	return xasprintf("%.*s%s", (int)n, base, sfx);
}

json_t *reg_decode(struct http_req *req, json_t **st)
{
	const char *ct = http_header_get(req, "Content-Type");
	char *err = NULL;
	json_t *v;

	if (ct && strstr(ct, "yaml"))
		v = yaml_load(req->body, req->body_len, &err);
	else if (ct && strstr(ct, "application/vnd.kubernetes.protobuf"))
		/* Typed clients (kubectl create ns|cm|secret|...) send Kubernetes protobuf. */
		v = kp_decode((const unsigned char *)req->body, req->body_len, &err);
	else if (ct && strstr(ct, "cbor")) {
		*st = st_new(
		    415, "UnsupportedMediaType",
		    "the body of the request was in an unknown format - accepted media types "
		    "include: application/json, application/yaml, "
		    "application/vnd.kubernetes.protobuf");
		return NULL;
	} else
		v = jx_parse(req->body, req->body_len, &err);
	if (!v) {
		*st = st_bad_request("error decoding request body: %s", err ? err : "invalid");
		free(err);
		return NULL;
	}
	return v;
}

/* fieldValidation: unknown and duplicate fields; Strict refuses them, Warn (the default)
 * answers with warnings, Ignore does neither. raw is the JSON body when there is one. */
/* Drop a field named by an unknown-field path ("spec.containers[0].foo"), as decoding into
 * upstream's typed objects drops what the schema does not know. */
static void prune_path(json_t *obj, const char *path)
{
	char *copy = xstrdup(path), *seg = copy, *next;
	json_t *cur = obj;

	for (;;) {
		char *br;
		next = strchr(seg, '.');
		if (next)
			*next = 0;
		br = strchr(seg, '[');
		if (br)
			*br = 0;
		if (!next && !br) {
			if (json_is_object(cur))
				json_object_del(cur, seg);
			break;
		}
		cur = json_object_get(cur, seg);
		while (br && cur) {
			cur = json_array_get(cur, (size_t)atol(br + 1));
			br = strchr(br + 1, '[');
		}
		if (!cur || !next)
			break;
		seg = next + 1;
	}
	free(copy);
}

static json_t *check_fields(struct rinfo *ri, json_t *obj, const char *raw, size_t len)
{
	const char *mode = ri->validation && *ri->validation ? ri->validation : "Warn";
	json_t *unknown, *dups, *msgs, *p, *st = NULL;
	size_t i;
	char *joined = NULL;
	size_t jlen = 0;
	FILE *f;

	if (strcmp(mode, "Ignore") && strcmp(mode, "Strict") && strcmp(mode, "Warn"))
		return st_bad_request(
		    "fieldValidation: Unsupported value: \"%s\": supported values: "
		    "\"Ignore\", \"Warn\", \"Strict\"",
		    mode);
	unknown = json_array();
	dups = json_array();
	msgs = json_array();
	if (raw)
		schema_duplicate_fields(raw, len, dups);
	schema_unknown_fields(ri->k->group, ri->k->version, ri->k->kind, obj, unknown);
	if (strcmp(mode, "Strict"))
		json_array_foreach(unknown, i, p) prune_path(obj, json_string_value(p));
	if (!strcmp(mode, "Ignore"))
		goto out;
	json_array_foreach(dups, i, p)
	{
		bool also_unknown = false;
		size_t j;
		json_t *u;
		json_array_foreach(unknown, j, u) if (json_equal(u, p)) also_unknown = true;
		if (!also_unknown)
			json_array_append_new(
			    msgs, json_sprintf("duplicate field \"%s\"", json_string_value(p)));
	}
	json_array_foreach(unknown, i, p)
	    json_array_append_new(msgs, json_sprintf("unknown field \"%s\"", json_string_value(p)));
	if (!json_array_size(msgs))
		goto out;
	if (!strcmp(mode, "Warn")) {
		if (!ri->warnings)
			ri->warnings = json_array();
		json_array_extend(ri->warnings, msgs);
		goto out;
	}
	f = open_memstream(&joined, &jlen);
	json_array_foreach(msgs, i, p) fprintf(f, "%s%s", i ? ", " : "", json_string_value(p));
	fclose(f);
	st =
	    st_bad_request("%s in version \"%s\" cannot be handled as a %s: strict decoding error: "
			   "%s",
			   ri->k->kind, ri->k->version, ri->k->kind, joined);
	free(joined);
out:
	json_decref(unknown);
	json_decref(dups);
	json_decref(msgs);
	return st;
}

/* The raw body, when it is JSON, for duplicate-key detection. */
static const char *json_body(struct http_req *req, size_t *len)
{
	const char *ct = http_header_get(req, "Content-Type");

	*len = req->body_len;
	return !ct || strstr(ct, "json") ? req->body : NULL;
}

/* The object must be of the kind the URL names; apiVersion and kind are filled when absent. */
static json_t *check_kind(struct rinfo *ri, json_t *obj)
{
	const char *kind = jx_str(obj, "kind"), *av = jx_str(obj, "apiVersion");
	char want[64];

	if (!json_is_object(obj))
		return st_bad_request("the object provided is not a JSON object");
	kind_api_version(ri->k, want);
	if (kind && *kind && strcmp(kind, ri->k->kind))
		return st_bad_request(
		    "the API version in the data (%s) does not match the expected "
		    "API version (%s)",
		    av ? av : "", want);
	if (av && *av && strcmp(av, want))
		return st_bad_request(
		    "the API version in the data (%s) does not match the expected "
		    "API version (%s)",
		    av, want);
	/* Serve kind, apiVersion and metadata first, as upstream's encoder does; the values are
	 * moved by reference, not copied. */
	{
		json_t *rest = json_object(), *meta = json_object_get(obj, "metadata"), *v;
		const char *key;
		json_object_set_new(rest, "kind", json_string(ri->k->kind));
		json_object_set_new(rest, "apiVersion", json_string(want));
		if (meta)
			json_object_set(rest, "metadata", meta);
		json_object_foreach(obj, key, v)
		{
			if (strcmp(key, "kind") && strcmp(key, "apiVersion") &&
			    strcmp(key, "metadata"))
				json_object_set(rest, key, v);
		}
		json_object_clear(obj);
		json_object_update(obj, rest);
		json_decref(rest);
	}
	if (ri->k->to_storage)
		ri->k->to_storage(obj);
	return NULL;
}

/* Namespace in the body must agree with the URL's; cluster-scoped objects have none. */
static json_t *check_namespace(struct rinfo *ri, json_t *obj)
{
	const char *ns = jx_str(obj, "metadata.namespace");

	if (!kind_namespaced(ri->k)) {
		jx_del(obj, "metadata.namespace");
		return NULL;
	}
	if (ns && *ns && ri->ns && strcmp(ns, ri->ns))
		return st_bad_request("the namespace of the provided object does not match the "
				      "namespace sent on the request");
	if (ri->ns)
		jx_set_str(obj, "metadata.namespace", ri->ns);
	return NULL;
}

static json_t *validate(struct rinfo *ri, json_t *obj, const json_t *old, bool status)
{
	const struct strategy *s = ri->k->strategy;
	json_t *causes = json_array();
	char qk[96];

	if (!status)
		val_object_meta(obj, kind_namespaced(ri->k), old, causes);
	if (s && status && s->validate_status)
		s->validate_status(obj, old, causes);
	else if (s && !status && s->validate)
		s->validate(obj, old, causes);
	if (!json_array_size(causes)) {
		json_decref(causes);
		return NULL;
	}
	return st_invalid(kind_qualified(ri->k, qk), ri->k->group, ri->k->kind,
			  jx_str(obj, "metadata.name"), causes);
}

/* Everything but metadata and status: what a generation counts. */
static bool spec_changed(const json_t *a, const json_t *b)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)a, key, v)
	{
		if (!strcmp(key, "metadata") || !strcmp(key, "status"))
			continue;
		if (!jx_equal(v, json_object_get(b, key)))
			return true;
	}
	json_object_foreach((json_t *)b, key, v)
	{
		if (strcmp(key, "metadata") && strcmp(key, "status") && !json_object_get(a, key))
			return true;
	}
	return false;
}

/* The create pipeline up to storage, shared by POST, apply and create-on-update. */
static json_t *prepare_create(struct rinfo *ri, json_t *obj, json_t **st)
{
	const struct strategy *s = ri->k->strategy;
	char uid[37], ts[32];
	json_t *meta;

	if ((*st = check_kind(ri, obj)) || (*st = check_namespace(ri, obj)))
		return NULL;
	meta = jx_obj(obj, "metadata");
	if (!meta) {
		*st = st_bad_request("metadata must be an object");
		return NULL;
	}
	if (!jx_str(obj, "metadata.name") || !*jx_str(obj, "metadata.name")) {
		const char *gn = jx_str(obj, "metadata.generateName");
		if (gn && *gn) {
			char *name = generate_name(gn);
			jx_set_str(obj, "metadata.name", name);
			free(name);
		}
	}
	uuid4(uid);
	now_rfc3339(ts);
	json_object_set_new(meta, "uid", json_string(uid));
	json_object_set_new(meta, "creationTimestamp", json_string(ts));
	json_object_del(meta, "resourceVersion");
	json_object_del(meta, "deletionTimestamp");
	json_object_del(meta, "deletionGracePeriodSeconds");
	json_object_del(meta, "selfLink");
	if (!(ri->k->flags & K_NOGEN))
		json_object_set_new(meta, "generation", json_integer(1));
	else
		json_object_del(meta, "generation");
	if (s && s->defaults)
		s->defaults(obj);
	if ((*st = adm_mutate(ri, obj, NULL)))
		return NULL;
	if (s && s->prepare_create)
		s->prepare_create(obj);
	if (s && s->stamp_requester)
		s->stamp_requester(obj, &ri->user);
	if ((*st = validate(ri, obj, NULL, false)) || (*st = adm_validate(ri, obj, NULL)))
		return NULL;
	if (ri->k->hooks && ri->k->hooks->before_write &&
	    (*st = ri->k->hooks->before_write(obj, NULL)))
		return NULL;
	if (!ri->applying)
		json_object_del(meta, "managedFields");
	track(ri, obj, NULL);
	return json_incref(obj);
}

/* The update pipeline: new is the client's intended state, cur the stored one. */
json_t *reg_prepare_update(struct rinfo *ri, json_t *obj, const json_t *cur, json_t **st)
{
	const struct strategy *s = ri->k->strategy;
	/* CSR approval writes conditions only, like a status write. */
	bool status = ri->sub && (!strcmp(ri->sub, "status") || !strcmp(ri->sub, "approval"));
	const char *rv = jx_str(obj, "metadata.resourceVersion");
	const char *uid = jx_str(obj, "metadata.uid");
	json_t *meta, *cmeta = jx_get(cur, "metadata");
	static const char *const keep[] = {"uid",
					   "creationTimestamp",
					   "deletionTimestamp",
					   "deletionGracePeriodSeconds",
					   "generation",
					   NULL};

	if ((*st = check_kind(ri, obj)) || (*st = check_namespace(ri, obj)))
		return NULL;
	if (!(meta = jx_obj(obj, "metadata"))) {
		*st = st_bad_request("metadata must be an object");
		return NULL;
	}
	if (rv && *rv && strcmp(rv, jx_str(cur, "metadata.resourceVersion") ?: "")) {
		*st = st_conflict(ri->k->group, ri->k->resource, ri->name,
				  "the object has been modified; please apply your changes to the "
				  "latest version and try again");
		return NULL;
	}
	if (uid && *uid && strcmp(uid, jx_str(cur, "metadata.uid") ?: "")) {
		*st = st_conflict(ri->k->group, ri->k->resource, ri->name,
				  "Precondition failed: UID in precondition does not match the "
				  "object's UID");
		return NULL;
	}
	for (int i = 0; keep[i]; i++) {
		json_t *v = json_object_get(cmeta, keep[i]);
		if (v)
			json_object_set(meta, keep[i], v);
		else
			json_object_del(meta, keep[i]);
	}
	json_object_del(meta, "selfLink");
	if (ri->k->flags & K_STATUS) {
		if (status) {
			/* Through status: everything but status stays as stored. */
			json_t *st_new_status = json_incref(json_object_get(obj, "status"));
			json_t *copy = json_deep_copy(cur);
			json_t *annot = jx_get(obj, "metadata.annotations");

			json_object_del(copy, "status");
			if (ri->k->flags & K_STATUS_ANNOT) {
				if (annot)
					json_object_set(jx_obj(copy, "metadata"), "annotations",
							annot);
				else
					jx_del(copy, "metadata.annotations");
			}
			if (st_new_status)
				json_object_set_new(copy, "status", st_new_status);
			json_object_set(jx_obj(copy, "metadata"), "resourceVersion",
					json_object_get(meta, "resourceVersion") ?: json_null());
			json_object_clear(obj);
			json_object_update(obj, copy);
			json_decref(copy);
		} else {
			json_t *cst = json_object_get(cur, "status");
			if (cst)
				json_object_set(obj, "status", cst);
			else
				json_object_del(obj, "status");
		}
	}
	if (s && s->defaults)
		s->defaults(obj);
	if ((*st = adm_mutate(ri, obj, cur)))
		return NULL;
	if (s && s->prepare_update && !status)
		s->prepare_update(obj, cur);
	if (!(ri->k->flags & K_NOGEN) && spec_changed(obj, cur))
		json_object_set_new(jx_obj(obj, "metadata"), "generation",
				    json_integer(jx_int(cur, "metadata.generation", 0) + 1));
	if ((*st = validate(ri, obj, cur, status)) || (*st = adm_validate(ri, obj, cur)))
		return NULL;
	if (ri->k->hooks && ri->k->hooks->before_write &&
	    (*st = ri->k->hooks->before_write(obj, cur)))
		return NULL;
	/* A client that sends no managedFields keeps the stored ones. */
	if (!jx_get(obj, "metadata.managedFields") && jx_get(cur, "metadata.managedFields"))
		jx_set(obj, "metadata.managedFields",
		       json_deep_copy(jx_get(cur, "metadata.managedFields")));
	track(ri, obj, cur);
	return json_incref(obj);
}

/* ---- storage ---- */

static void reply_written(struct op *op, json_t *obj, int64_t rev)
{
	char rv[32];

	snprintf(rv, sizeof(rv), "%lld", (long long)rev);
	jx_set_str(obj, "metadata.resourceVersion", rv);
	if (!op->ri->dry_run)
		cache_fence(op->c, rev);
	op->finish(op, obj, NULL);
}

/* What etcd keeps for obj of the storage kind k: JSON, encrypted when the config says so. */
char *reg_storage_bytes(const struct kind *k, const char *key, json_t *obj, size_t *len)
{
	json_t *meta = jx_get(obj, "metadata");
	json_t *rv = json_incref(json_object_get(meta, "resourceVersion"));
	char *s, *sealed;

	/* resourceVersion lives in etcd's mod_revision, not in the stored bytes. */
	json_object_del(meta, "resourceVersion");
	s = json_dumps(obj, JSON_COMPACT);
	if (rv)
		json_object_set_new(meta, "resourceVersion", rv);
	*len = strlen(s);
	if ((sealed = enc_encode(k, key, s, *len, len))) {
		free(s);
		s = sealed;
	}
	return s;
}

/* The JSON object a stored value holds, decrypted when it was sealed; NULL if unreadable. */
json_t *reg_stored_object(const struct kind *k, const char *key, const char *val, size_t len,
			  bool *stale)
{
	char *err = NULL, *plain;
	size_t plen;
	bool old;
	json_t *o;

	plain = enc_decode(k, key, val, len, &plen, &old, &err);
	if (stale)
		*stale = old;
	if (err) {
		log_error("%s: %s", k->resource, err);
		free(err);
		return NULL;
	}
	o = plain ? json_loadb(plain, plen, 0, NULL) : json_loadb(val, len, 0, NULL);
	free(plain);
	return o;
}

struct write_ctx {
	struct op *op;
	json_t *obj;
};

static void try_update(struct op *op, const json_t *cur, int64_t mod_rev);

static json_t *obj_from_kv(struct op *op, const struct etcd_kv *kv)
{
	json_t *o =
	    reg_stored_object(cache_kind(op->c), kv->key, kv->value, kv->value_len, &op->stale);
	char rv[32];

	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	snprintf(rv, sizeof(rv), "%lld", (long long)kv->mod_rev);
	jx_set_str(o, "metadata.resourceVersion", rv);
	return o;
}

static void write_done(void *arg, const char *err, struct etcd_resp *r)
{
	struct write_ctx *w = arg;
	struct op *op = w->op;
	json_t *obj = w->obj;

	free(w);
	if (err) {
		json_decref(obj);
		op_fail(op, st_internal("etcd: %s", err));
		return;
	}
	if (r->succeeded) {
		if (op->deleting) {
			cache_fence(op->c, r->revision);
			json_decref(obj);
			op->finish(op, json_incref(op->cur), NULL);
			return;
		}
		reply_written(op, obj, r->revision);
		return;
	}
	json_decref(obj);
	op->from_cache = false;
	/* Someone wrote first: try again on what is there now. */
	if (!op->mutate) {
		op_fail(op, st_already_exists(op->ri->k->group, op->ri->k->resource,
					      jx_str(op->body, "metadata.name")));
		return;
	}
	if (++op->attempts >= MAX_ATTEMPTS) {
		op_fail(op, st_conflict(op->ri->k->group, op->ri->k->resource, op->ri->name,
					"too many concurrent writers; try again"));
		return;
	}
	if (r->nkvs) {
		json_t *cur = obj_from_kv(op, &r->kvs[0]);
		try_update(op, cur, r->kvs[0].mod_rev);
		json_decref(cur);
	} else {
		try_update(op, NULL, 0);
	}
}

static void store(struct op *op, json_t *obj, int64_t expect)
{
	struct write_ctx *w;
	size_t len;
	char *bytes;

	if (op->ri->dry_run) {
		op->finish(op, obj, NULL);
		return;
	}
	/* Its client was answered (a timeout) or left: as upstream's cancelled context, no new
	 * write starts; one already sent to etcd lands or not as a whole. */
	if (op->req && !op->req->conn) {
		json_decref(obj);
		op_fail(op, st_new(504, "Timeout", "Timeout: request did not complete"));
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->op = op;
	w->obj = obj;
	if (op->deleting) {
		etcd_cas_delete(g_as->etcd, op->key, expect, write_done, w);
		return;
	}
	bytes = reg_storage_bytes(cache_kind(op->c), op->key, obj, &len);
	etcd_cas_put(g_as->etcd, op->key, expect, bytes, len, 0, write_done, w);
	free(bytes);
}

/* An update leaving no finalizers on an object whose deletion was already asked for, with no
 * grace period still running, deletes it (upstream's shouldDeleteDuringUpdate). An update
 * that starts a graceful deletion (a pod on a node) leaves it for its kubelet. */
static bool finalized(const json_t *cur, const json_t *next)
{
	/* spec.finalizers is a Namespace's: the namespace controller empties it through
	 * namespaces/NAME/finalize once the namespace's content is gone. */
	return jx_get(cur, "metadata.deletionTimestamp") &&
	       jx_int(cur, "metadata.deletionGracePeriodSeconds", 0) == 0 &&
	       !json_array_size(jx_get(next, "metadata.finalizers")) &&
	       !json_array_size(jx_get(next, "spec.finalizers"));
}

static void guaranteed_update(struct op *op);
static void read_etcd(struct op *op);

static void try_update(struct op *op, const json_t *cur, int64_t mod_rev)
{
	json_t *st = NULL, *next;

	json_decref(op->cur);
	op->cur = cur ? json_deep_copy(cur) : NULL;
	next = op->mutate(op, cur, &st);
	/* A refusal or a no-op judged on a cached copy may be the cache's lag: ask etcd. */
	if (op->from_cache && (!next || (cur && !op->deleting && json_equal(next, cur)))) {
		json_decref(st);
		json_decref(next);
		read_etcd(op);
		return;
	}
	if (!next) {
		op_fail(op, st);
		return;
	}
	if (cur && !op->deleting && !op->stale && json_equal(next, cur)) {
		/* Nothing changed: no write, the same resourceVersion, as upstream. */
		op->finish(op, next, NULL);
		return;
	}
	if (cur && !op->deleting && finalized(cur, next)) {
		op->deleting = true;
		json_decref(op->cur);
		op->cur = json_incref(next);
	}
	store(op, next, mod_rev);
}

static void read_done(void *arg, const char *err, struct etcd_resp *r)
{
	struct op *op = arg;
	json_t *cur = NULL;

	if (err) {
		op_fail(op, st_internal("etcd: %s", err));
		return;
	}
	if (r->nkvs)
		cur = obj_from_kv(op, &r->kvs[0]);
	try_update(op, cur, r->nkvs ? r->kvs[0].mod_rev : 0);
	json_decref(cur);
}

static void read_etcd(struct op *op)
{
	op->from_cache = false;
	etcd_range(g_as->etcd, op->key, NULL, 0, 0, 0, read_done, op);
}

/*
 * Read, mutate, compare-and-swap, retry: upstream's GuaranteedUpdate. The first guess at the
 * current state is the watch cache's copy, as upstream's: it saves an etcd round trip per
 * update, and a stale guess costs nothing extra, since a failed compare answers with what
 * etcd holds. Only an object the cache lacks is read from etcd first.
 */
static void guaranteed_update(struct op *op)
{
	const char *name = strrchr(op->key, '/');
	struct centry *e = NULL;
	json_t *cur;

	if (op->c && name)
		e = cache_get(op->c, kind_namespaced(op->ri->k) ? op->ri->ns : NULL, name + 1);
	if (!e || !(cur = json_loadb(e->json, e->len, 0, NULL))) {
		read_etcd(op);
		return;
	}
	op->from_cache = true;
	try_update(op, cur, e->rev);
	json_decref(cur);
}

static struct op *op_new(struct http_req *req, struct rinfo *ri, const char *name)
{
	struct op *op = xcalloc(1, sizeof(*op));

	op->req = req;
	op->ri = ri;
	op->c = cache_of(ri->k);
	op->key = reg_key(ri->k, ri->ns, name);
	op->code = 200;
	op->finish = op_reply;
	return op;
}

/* ---- verbs ---- */

struct read_ctx {
	struct http_req *req;
	struct rinfo *ri;
};

static void get_ready(void *arg)
{
	struct read_ctx *rc = arg;
	struct rinfo *ri = rc->ri;
	struct centry *e =
	    cache_get(cache_of(ri->k), kind_namespaced(ri->k) ? ri->ns : NULL, ri->name);

	if (!e) {
		reply_status(rc->req, st_not_found(ri->k->group, ri->k->resource, ri->name));
	} else if (ri->fmt == OUT_OBJECT && !ri->k->from_storage) {
		http_reply(rc->req, 200, "application/json", e->json, e->len, NULL);
	} else {
		json_t *obj = json_loads(e->json, 0, NULL);
		reply_object(rc->req, ri, 200, obj);
	}
	rinfo_free(ri);
	free(rc);
}

/* The revision a read must reflect: this server's own writes, or a newer one the client
 * names; resourceVersion=0 takes whatever the cache has. -1 for a malformed version. */
static int64_t read_rev(const struct rinfo *ri)
{
	int64_t want = cache_fence_rev(cache_of(ri->k)), rv;
	char *end;

	if (!ri->rv || !*ri->rv)
		return want;
	rv = strtoll(ri->rv, &end, 10);
	if (*end || rv < 0)
		return -1;
	if (rv == 0)
		return 0;
	return rv > want ? rv : want;
}

static bool start_read(struct http_req *req, struct rinfo *ri, void (*fn)(void *))
{
	int64_t rev = read_rev(ri);
	struct read_ctx *rc;

	if (rev < 0) {
		reply_status(req, st_bad_request("invalid resource version: %s", ri->rv));
		rinfo_free(ri);
		return false;
	}
	rc = xcalloc(1, sizeof(*rc));
	rc->req = req;
	rc->ri = ri;
	cache_wait(cache_of(ri->k), rev, fn, rc);
	return true;
}

void reg_get(struct http_req *req, struct rinfo *ri)
{
	start_read(req, ri, get_ready);
}

/* Continue tokens: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"key"}, as upstream. */
static char *encode_continue(int64_t rev, const char *key)
{
	json_t *j = json_pack("{s:s, s:I, s:s}", "v", "meta.k8s.io/v1", "rv", (json_int_t)rev,
			      "start", key);
	char *s = json_dumps(j, JSON_COMPACT), *out = b64_encode(s, strlen(s), false);

	free(s);
	json_decref(j);
	return out;
}

static char *decode_continue(const char *tok)
{
	size_t len = 0;
	char *raw = b64_decode(tok, strlen(tok), false, &len);
	json_t *j = raw ? json_loadb(raw, len, 0, NULL) : NULL;
	char *start = jx_str(j, "start") ? xstrdup(jx_str(j, "start")) : NULL;

	json_decref(j);
	free(raw);
	return start;
}

static void list_ready(void *arg)
{
	struct read_ctx *rc = arg;
	struct rinfo *ri = rc->ri;
	struct cache *c = cache_of(ri->k);
	struct filter f;
	json_t *st = NULL;
	struct centry **items;
	size_t n, remaining, len;
	char *start = NULL, *cont = NULL, *body;

	if (filter_from_rinfo(ri, &f, &st)) {
		reply_status(rc->req, st);
		goto out;
	}
	if (ri->cont && *ri->cont && !(start = decode_continue(ri->cont))) {
		reply_status(rc->req, st_bad_request("continue key is not valid: illegal base64 "
						     "data"));
		filter_clear(&f);
		goto out;
	}
	n = cache_list(c, &f, start, ri->limit > 0 ? (size_t)ri->limit : 0, &items, &remaining);
	if (remaining && n)
		cont = encode_continue(cache_rev(c), items[n - 1]->key);
	body = out_list(ri, items, n, cache_rev(c), cont, remaining, &len);
	http_reply_take(rc->req, 200, "application/json", body, len, NULL);
	for (size_t i = 0; i < n; i++)
		centry_unref(items[i]);
	free(items);
	free(cont);
	free(start);
	filter_clear(&f);
out:
	rinfo_free(ri);
	free(rc);
}

void reg_list(struct http_req *req, struct rinfo *ri)
{
	start_read(req, ri, list_ready);
}

/* The write is done: the namespace's next quota turn may start. */
static void create_finish(struct op *op, json_t *obj, json_t *st)
{
	adm_quota_leave(op->batch, obj);
	op_reply(op, obj, st);
}

/* ResourceQuota's turn came: store, or answer with its refusal. */
static void create_admitted(void *arg, json_t *ready, struct adm_turn *t, json_t *st)
{
	struct op *op = arg;

	if (st) {
		op_fail(op, st);
		return;
	}
	if (t) {
		op->batch = t;
		op->finish = create_finish;
	}
	store(op, ready, 0);
}

void reg_create(struct http_req *req, struct rinfo *ri)
{
	json_t *st = NULL, *obj, *ready;
	struct op *op;

	if (review_kind(ri->k)) {
		review_create(req, ri);
		return;
	}
	obj = reg_decode(req, &st);
	if (!obj) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	{
		size_t len;
		const char *raw = json_body(req, &len);
		st = json_is_object(obj) ? check_fields(ri, obj, raw, len) : NULL;
	}
	ready = st ? NULL : prepare_create(ri, obj, &st);
	if (!ready) {
		json_decref(obj);
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	op = op_new(req, ri, jx_str(obj, "metadata.name"));
	op->body = obj;
	op->code = 201;
	adm_quota_enter(ri, ready, create_admitted, op);
}

/* PUT: replace with the client's object; create when the kind allows it. */
static json_t *mutate_update(struct op *op, const json_t *cur, json_t **st)
{
	json_t *obj = json_deep_copy(op->body), *out;

	if (!cur) {
		*st = st_not_found(op->ri->k->group, op->ri->k->resource, op->ri->name);
		json_decref(obj);
		return NULL;
	}
	out = reg_prepare_update(op->ri, obj, cur, st);
	json_decref(obj);
	return out;
}

void reg_update(struct http_req *req, struct rinfo *ri)
{
	json_t *st = NULL, *obj = reg_decode(req, &st);
	struct op *op;
	const char *name;

	if (!obj) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	{
		size_t len;
		const char *raw = json_body(req, &len);
		if (json_is_object(obj) && (st = check_fields(ri, obj, raw, len))) {
			json_decref(obj);
			reply_status(req, st);
			rinfo_free(ri);
			return;
		}
	}
	name = jx_str(obj, "metadata.name");
	if (!name || strcmp(name, ri->name)) {
		json_decref(obj);
		reply_status(req, st_bad_request("the name of the object (%s) does not match the "
						 "name on the URL (%s)",
						 name ? name : "", ri->name));
		rinfo_free(ri);
		return;
	}
	op = op_new(req, ri, ri->name);
	op->body = obj;
	op->mutate = mutate_update;
	guaranteed_update(op);
}

/* PATCH: apply the patch to the current state, then run the update pipeline. */
static json_t *mutate_patch(struct op *op, const json_t *cur, json_t **st)
{
	const char *t = op->patch_type;
	char *err = NULL;
	json_t *patched = NULL, *out = NULL, *served;

	if (!cur) {
		*st = st_not_found(op->ri->k->group, op->ri->k->resource, op->ri->name);
		return NULL;
	}
	served = out_served(op->ri, cur);
	if (!strcmp(t, "json"))
		patched = patch_json(served, op->body, &err);
	else if (!strcmp(t, "merge"))
		patched = patch_merge(served, op->body);
	else
		patched = patch_strategic(served, op->body, kind_storage(op->ri->k)->group,
					  op->ri->k->kind, &err);
	json_decref(served);
	if (!patched) {
		*st = st_new(422, "Invalid", "%s", err ? err : "the patch could not be applied");
		free(err);
		return NULL;
	}
	if (!json_is_object(patched)) {
		*st = st_bad_request("the patch produced a value that is not an object");
		json_decref(patched);
		return NULL;
	}
	if (!op->attempts && (*st = check_fields(op->ri, patched, NULL, 0))) {
		json_decref(patched);
		return NULL;
	}
	out = reg_prepare_update(op->ri, patched, cur, st);
	json_decref(patched);
	return out;
}

/* Server-side apply: merge the applied configuration by field ownership. */
static json_t *mutate_apply(struct op *op, const json_t *cur, json_t **st)
{
	struct rinfo *ri = op->ri;
	json_t *out = NULL, *conflicts = NULL, *ready, *served;
	char *err = NULL;
	int rc;

	served = cur ? out_served(ri, cur) : NULL;
	rc = apply_patch(served, op->body, manager_of(ri), ri->force, kind_storage(ri->k)->group,
			 ri->k->kind, &out, &conflicts, &err);
	json_decref(served);
	if (rc == APPLY_CONFLICT) {
		char *msg = apply_conflict_message(conflicts);
		json_t *causes = json_array(), *c;
		size_t i;
		json_array_foreach(conflicts, i, c) json_array_append_new(
		    causes,
		    json_pack("{s:s, s:O?, s:O?}", "reason", "FieldManagerConflict", "message",
			      json_object_get(c, "message"), "field", json_object_get(c, "field")));
		*st = st_details(st_new(409, "Conflict", "%s", msg), ri->name, ri->k->group,
				 ri->k->resource);
		json_object_set_new(json_object_get(*st, "details"), "causes", causes);
		free(msg);
		json_decref(conflicts);
		return NULL;
	}
	json_decref(conflicts);
	if (rc != APPLY_OK || !out) {
		*st = st_bad_request("%s", err ? err : "invalid apply configuration");
		free(err);
		json_decref(out);
		return NULL;
	}
	ri->applying = true;
	op->code = cur ? 200 : 201;
	ready = cur ? reg_prepare_update(ri, out, cur, st) : prepare_create(ri, out, st);
	json_decref(out);
	return ready;
}

static const char *patch_type_of(const char *ct)
{
	if (!ct)
		return NULL;
	if (!strncmp(ct, "application/json-patch+json", 27))
		return "json";
	if (!strncmp(ct, "application/merge-patch+json", 28))
		return "merge";
	if (!strncmp(ct, "application/strategic-merge-patch+json", 38))
		return "strategic";
	if (!strncmp(ct, "application/apply-patch+yaml", 28))
		return "apply";
	return NULL;
}

void reg_patch(struct http_req *req, struct rinfo *ri)
{
	const char *t = patch_type_of(http_header_get(req, "Content-Type"));
	json_t *st = NULL, *body;
	struct op *op;

	if (!t) {
		reply_status(req,
			     st_new(415, "UnsupportedMediaType",
				    "the body of the request was in an unknown format - "
				    "accepted media types include: application/json-patch+json, "
				    "application/merge-patch+json, "
				    "application/apply-patch+yaml"));
		rinfo_free(ri);
		return;
	}
	if (!strcmp(t, "apply") && !(ri->field_manager && *ri->field_manager)) {
		json_t *causes = json_array();
		fe_required(causes, "fieldManager", "is required for apply patch");
		reply_status(req, st_invalid("PatchOptions.meta.k8s.io", "meta.k8s.io",
					     "PatchOptions", "", causes));
		rinfo_free(ri);
		return;
	}
	if (!strcmp(t, "strategic") &&
	    !patch_strategic_known(kind_storage(ri->k)->group, ri->k->kind)) {
		reply_status(req,
			     st_new(415, "UnsupportedMediaType",
				    "strategic merge patch is not supported for %s", ri->k->kind));
		rinfo_free(ri);
		return;
	}
	body = reg_decode(req, &st);
	if (!body) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	if (!strcmp(t, "apply") && strcmp(jx_str(body, "metadata.name") ?: "", ri->name)) {
		reply_status(req, st_bad_request("the name of the object (%s) does not match the "
						 "name on the URL (%s)",
						 jx_str(body, "metadata.name") ?: "", ri->name));
		json_decref(body);
		rinfo_free(ri);
		return;
	}
	op = op_new(req, ri, ri->name);
	op->body = body;
	op->patch_type = t;
	op->mutate = strcmp(t, "apply") ? mutate_patch : mutate_apply;
	guaranteed_update(op);
}

static json_t *mutate_custom(struct op *op, const json_t *cur, json_t **st)
{
	if (!cur) {
		*st = st_not_found(op->ri->k->group, op->ri->k->resource, op->ri->name);
		return NULL;
	}
	return op->custom(op->ri, cur, op->custom_ctx, st);
}

void reg_mutate(struct http_req *req, struct rinfo *ri, reg_mutate_fn fn, void *ctx,
		void (*ctx_free)(void *), json_t *(*present)(struct rinfo *ri, json_t *obj),
		int code)
{
	struct op *op = op_new(req, ri, ri->name);

	op->custom_free = ctx_free;
	op->mutate = mutate_custom;
	op->custom = fn;
	op->custom_ctx = ctx;
	op->present = present;
	op->code = code;
	guaranteed_update(op);
}

/* ---- delete ---- */

static const char *policy_finalizer(const char *policy)
{
	if (policy && !strcmp(policy, "Foreground"))
		return "foregroundDeletion";
	if (policy && !strcmp(policy, "Orphan"))
		return "orphan";
	return NULL;
}

static bool has_string(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) if (json_is_string(v) &&
					  !strcmp(json_string_value(v), s)) return true;
	return false;
}

static json_t *mutate_delete(struct op *op, const json_t *cur, json_t **st)
{
	struct delete_opts *d = op->del;
	const struct kind *k = op->ri->k;
	json_t *next;
	long grace = d->grace;
	const char *fin;
	bool graceful = false;
	char ts[32];

	if (!cur) {
		*st = st_not_found(k->group, k->resource, op->ri->name);
		return NULL;
	}
	/* An eviction met admission as such before its delete. */
	if (!op->ri->sub && (*st = adm_delete(op->ri, cur)))
		return NULL;
	if (d->pre_uid && strcmp(d->pre_uid, jx_str(cur, "metadata.uid") ?: "")) {
		*st = st_conflict(k->group, k->resource, op->ri->name,
				  "Precondition failed: UID in precondition does not match the "
				  "object's UID");
		return NULL;
	}
	if (d->pre_rv && strcmp(d->pre_rv, jx_str(cur, "metadata.resourceVersion") ?: "")) {
		*st = st_conflict(k->group, k->resource, op->ri->name,
				  "Precondition failed: ResourceVersion in precondition does not "
				  "match the object's ResourceVersion");
		return NULL;
	}
	if (k->hooks && k->hooks->graceful_delete) {
		graceful = k->hooks->graceful_delete(cur, &grace, st);
		if (*st)
			return NULL;
	}
	fin = policy_finalizer(d->policy);
	next = json_deep_copy(cur);
	if (fin && !has_string(jx_get(cur, "metadata.finalizers"), fin)) {
		json_t *fins = jx_get(next, "metadata.finalizers");
		if (!json_is_array(fins)) {
			fins = json_array();
			jx_set(next, "metadata.finalizers", fins);
		}
		json_array_append_new(fins, json_string(fin));
	}
	if (graceful || json_array_size(jx_get(next, "metadata.finalizers"))) {
		/* Someone else finishes the delete: mark it and keep it. */
		if (!jx_get(next, "metadata.deletionTimestamp")) {
			kt_format(time(NULL) + (graceful ? grace : 0), ts);
			jx_set_str(next, "metadata.deletionTimestamp", ts);
			jx_set(next, "metadata.deletionGracePeriodSeconds",
			       json_integer(graceful ? grace : 0));
		}
		if (!strcmp(k->resource, "namespaces"))
			jx_set_str(next, "status.phase", "Terminating");
		return next;
	}
	op->deleting = true;
	return next;
}

static void delete_opts_free(struct delete_opts *d)
{
	free(d->policy);
	free(d->pre_uid);
	free(d->pre_rv);
	free(d);
}

/* The fields of a DeleteOptions object (borrowed; NULL for none) into d. */
static void delete_opts_from_json(const json_t *o, struct delete_opts *d)
{
	json_t *orphan = json_object_get(o, "orphanDependents");

	if (json_is_integer(json_object_get(o, "gracePeriodSeconds")))
		d->grace = (long)json_integer_value(json_object_get(o, "gracePeriodSeconds"));
	if (jx_str(o, "propagationPolicy"))
		d->policy = xstrdup(jx_str(o, "propagationPolicy"));
	else if (json_is_boolean(orphan))
		d->policy = xstrdup(json_is_true(orphan) ? "Orphan" : "Background");
	if (jx_str(o, "preconditions.uid"))
		d->pre_uid = xstrdup(jx_str(o, "preconditions.uid"));
	if (jx_str(o, "preconditions.resourceVersion"))
		d->pre_rv = xstrdup(jx_str(o, "preconditions.resourceVersion"));
}

/* Delete options come from the body (DeleteOptions) or the query. */
static struct delete_opts *delete_opts_parse(struct http_req *req, json_t **st)
{
	struct delete_opts *d = xcalloc(1, sizeof(*d));
	json_t *body = NULL;
	char *q;

	d->grace = -1;
	if (req->body_len) {
		char *err = NULL;
		body = jx_parse(req->body, req->body_len, &err);
		if (!json_is_object(body)) {
			*st = st_bad_request("error decoding DeleteOptions: %s", err ? err
										     : "not an "
										       "object");
			free(err);
			json_decref(body);
			delete_opts_free(d);
			return NULL;
		}
		delete_opts_from_json(body, d);
		json_decref(body);
	}
	if ((q = http_query_get(req, "gracePeriodSeconds"))) {
		d->grace = atol(q);
		free(q);
	}
	if ((q = http_query_get(req, "propagationPolicy"))) {
		free(d->policy);
		d->policy = q;
	}
	if (d->policy && strcmp(d->policy, "Orphan") && strcmp(d->policy, "Background") &&
	    strcmp(d->policy, "Foreground")) {
		*st = st_bad_request("DeleteOptions.propagationPolicy: Unsupported value: \"%s\": "
				     "supported values: \"Foreground\", \"Background\", \"Orphan\"",
				     d->policy);
		delete_opts_free(d);
		return NULL;
	}
	return d;
}

static void start_delete(struct http_req *req, struct rinfo *ri, struct delete_opts *d,
			 json_t *(*present)(struct rinfo *ri, json_t *obj), int code)
{
	struct op *op = op_new(req, ri, ri->name);

	op->del = d;
	op->mutate = mutate_delete;
	op->present = present;
	op->code = code;
	guaranteed_update(op);
}

void reg_delete_with(struct http_req *req, struct rinfo *ri, json_t *options,
		     json_t *(*present)(struct rinfo *ri, json_t *obj), int code)
{
	struct delete_opts *d = xcalloc(1, sizeof(*d));

	d->grace = -1;
	delete_opts_from_json(options, d);
	start_delete(req, ri, d, present, code);
}

void reg_delete(struct http_req *req, struct rinfo *ri)
{
	json_t *st = NULL;
	struct delete_opts *d = delete_opts_parse(req, &st);

	if (!d) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	start_delete(req, ri, d, NULL, 200);
}

/* DELETE on a collection: every selected object, one after another. */
struct batch {
	struct http_req *req;
	struct rinfo *ri;
	char **names;
	size_t n, i;
	json_t *items;
	json_t *err;
};

static void batch_next(struct batch *b);

static void batch_finish(struct op *op, json_t *obj, json_t *st)
{
	struct batch *b = op->batch;

	if (obj)
		json_array_append_new(b->items, obj);
	if (st && st_code(st) != 404 && !b->err)
		b->err = st;
	else
		json_decref(st);
	op_free(op);
	batch_next(b);
}

static void batch_next(struct batch *b)
{
	struct op *op;
	json_t *st = NULL;
	struct delete_opts *d;

	if (b->i == b->n || b->err) {
		if (b->err) {
			reply_status(b->req, b->err);
		} else {
			char av[64];
			json_t *list = json_pack("{s:s, s:s, s:{}, s:O}", "kind", "", "apiVersion",
						 kind_api_version(b->ri->k, av), "metadata",
						 "items", b->items);
			json_object_set_new(list, "kind", json_sprintf("%sList", b->ri->k->kind));
			http_reply_json(b->req, 200, list);
			json_decref(list);
		}
		for (size_t i = 0; i < b->n; i++)
			free(b->names[i]);
		free(b->names);
		json_decref(b->items);
		rinfo_free(b->ri);
		free(b);
		return;
	}
	d = delete_opts_parse(b->req, &st);
	if (!d) {
		b->err = st;
		b->i = b->n;
		batch_next(b);
		return;
	}
	op = xcalloc(1, sizeof(*op));
	op->req = b->req;
	op->ri = b->ri;
	op->shared_ri = true;
	op->c = cache_of(b->ri->k);
	op->key = reg_key(b->ri->k, b->ri->ns, b->names[b->i]);
	op->code = 200;
	op->finish = batch_finish;
	op->batch = b;
	op->del = d;
	op->mutate = mutate_delete;
	free(b->ri->name);
	b->ri->name = xstrdup(b->names[b->i++]);
	guaranteed_update(op);
}

static void delete_collection_ready(void *arg)
{
	struct read_ctx *rc = arg;
	struct batch *b = xcalloc(1, sizeof(*b));
	struct filter f;
	json_t *st = NULL;
	struct centry **items;
	size_t remaining;

	b->req = rc->req;
	b->ri = rc->ri;
	b->items = json_array();
	free(rc);
	if (filter_from_rinfo(b->ri, &f, &st)) {
		b->err = st;
		batch_next(b);
		return;
	}
	b->n = cache_list(cache_of(b->ri->k), &f, NULL, 0, &items, &remaining);
	b->names = xcalloc(b->n + 1, sizeof(char *));
	for (size_t i = 0; i < b->n; i++) {
		b->names[i] = xstrdup(items[i]->name);
		centry_unref(items[i]);
	}
	free(items);
	filter_clear(&f);
	batch_next(b);
}

void reg_delete_collection(struct http_req *req, struct rinfo *ri)
{
	start_read(req, ri, delete_collection_ready);
}

/* ---- objects the server makes itself ---- */

struct internal {
	void (*fn)(void *, json_t *);
	void *arg;
};

static void internal_finish(struct op *op, json_t *obj, json_t *st)
{
	struct internal *in = op->batch;

	json_decref(obj);
	in->fn(in->arg, st);
	free(in);
	op_free(op);
}

void reg_create_internal(const struct kind *k, json_t *obj, void (*fn)(void *, json_t *st),
			 void *arg)
{
	struct rinfo *ri = xcalloc(1, sizeof(*ri));
	struct internal *in = xcalloc(1, sizeof(*in));
	json_t *st = NULL, *ready;
	struct op *op;

	ri->k = k;
	ri->verb = "create";
	if (jx_str(obj, "metadata.namespace"))
		ri->ns = xstrdup(jx_str(obj, "metadata.namespace"));
	in->fn = fn;
	in->arg = arg;
	ready = prepare_create(ri, obj, &st);
	if (!ready) {
		json_decref(obj);
		rinfo_free(ri);
		fn(arg, st);
		free(in);
		return;
	}
	op = op_new(NULL, ri, jx_str(obj, "metadata.name"));
	op->body = obj;
	op->finish = internal_finish;
	op->batch = in;
	store(op, ready, 0);
}
