/* Subresources: status, scale (autoscaling/v1 Scale), pods' binding and eviction,
 * namespaces' finalize. Each reuses the registry's pipeline with its own mutation. */
#include <stdlib.h>
#include <string.h>

#include "admission.h"
#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "patch.h"
#include "selector.h"
#include "status.h"

static bool has_sub(const struct kind *k, const char *sub)
{
	for (const char *const *s = k->subresources; s && *s; s++)
		if (!strcmp(*s, sub))
			return true;
	return false;
}

/* ---- scale ---- */

static json_t *to_scale(struct rinfo *ri, json_t *obj)
{
	json_t *sel = jx_get(obj, ri->k->scale_selector ? ri->k->scale_selector : "spec.selector");
	json_t *scale;
	char *selstr = NULL;
	struct lsel *ls = NULL;
	char *err = NULL;

	/* ReplicationControllers have a plain map; the others a LabelSelector. */
	if (json_is_object(sel) && !json_object_get(sel, "matchLabels") &&
	    !json_object_get(sel, "matchExpressions") && !strcmp(ri->k->kind, "ReplicationController")) {
		json_t *ls_json = json_pack("{s:O}", "matchLabels", sel);
		if (!lsel_from_json(ls_json, &ls, &err))
			selstr = lsel_string(ls);
		json_decref(ls_json);
	} else if (json_is_object(sel) && !lsel_from_json(sel, &ls, &err)) {
		selstr = lsel_string(ls);
	}
	lsel_free(ls);
	free(err);
	scale = json_pack("{s:s, s:s, s:{s:O?, s:O?, s:O?, s:O?, s:O?}, s:{s:I}, s:{s:I, s:s?}}",
			  "kind", "Scale", "apiVersion", "autoscaling/v1", "metadata", "name",
			  jx_get(obj, "metadata.name"), "namespace", jx_get(obj, "metadata.namespace"),
			  "uid", jx_get(obj, "metadata.uid"), "resourceVersion",
			  jx_get(obj, "metadata.resourceVersion"), "creationTimestamp",
			  jx_get(obj, "metadata.creationTimestamp"), "spec", "replicas",
			  (json_int_t)jx_int(obj, "spec.replicas", 0), "status", "replicas",
			  (json_int_t)jx_int(obj, "status.replicas", 0), "selector", selstr);
	free(selstr);
	return scale;
}

struct scale_ctx {
	json_t *body;          /* a Scale (PUT) or a patch of one (PATCH) */
	const char *patch_type; /* NULL for PUT */
};

static json_t *mutate_scale(struct rinfo *ri, const json_t *cur, void *arg, json_t **st)
{
	struct scale_ctx *sc = arg;
	json_t *scale = to_scale(ri, (json_t *)cur), *target = NULL, *next, *out;
	json_t *replicas;
	char *err = NULL;
	const char *rv;

	if (!sc->patch_type)
		target = json_incref(sc->body);
	else if (!strcmp(sc->patch_type, "json"))
		target = patch_json(scale, sc->body, &err);
	else
		target = patch_merge(scale, sc->body);
	json_decref(scale);
	if (!target) {
		*st = st_new(422, "Invalid", "%s", err ? err : "the patch could not be applied");
		free(err);
		return NULL;
	}
	replicas = jx_get(target, "spec.replicas");
	if (replicas && (!json_is_integer(replicas) || json_integer_value(replicas) < 0)) {
		json_t *causes = json_array();
		fe_invalid(causes, "spec.replicas", replicas, "must be greater than or equal to 0");
		*st = st_invalid("Scale.autoscaling", "autoscaling", "Scale",
				 jx_str(target, "metadata.name"), causes);
		json_decref(target);
		return NULL;
	}
	rv = jx_str(target, "metadata.resourceVersion");
	if (rv && *rv && strcmp(rv, jx_str(cur, "metadata.resourceVersion") ?: "")) {
		*st = st_conflict(ri->k->group, ri->k->resource, ri->name,
				  "the object has been modified; please apply your changes to the "
				  "latest version and try again");
		json_decref(target);
		return NULL;
	}
	next = json_deep_copy(cur);
	jx_set(next, "spec.replicas", json_integer(replicas ? json_integer_value(replicas) : 0));
	json_decref(target);
	free(ri->sub);
	ri->sub = NULL; /* the main resource's pipeline */
	out = reg_prepare_update(ri, next, cur, st);
	ri->sub = xstrdup("scale");
	json_decref(next);
	return out;
}

static void scale_free_ctx(void *arg)
{
	struct scale_ctx *sc = arg;

	json_decref(sc->body);
	free(sc);
}

static void body_free(void *arg)
{
	json_decref(arg);
}

static json_t *present_scale(struct rinfo *ri, json_t *obj)
{
	return to_scale(ri, obj);
}

/* ---- binding ---- */

static json_t *mutate_binding(struct rinfo *ri, const json_t *cur, void *arg, json_t **st)
{
	json_t *binding = arg, *next, *conds, *c;
	const char *node = jx_str(binding, "target.name");
	const char *assigned = jx_str(cur, "spec.nodeName");
	size_t i;

	(void)ri;
	if (!node || !*node) {
		json_t *causes = json_array();
		fe_required(causes, "target.name", "");
		*st = st_invalid("Binding", "", "Binding", jx_str(cur, "metadata.name"), causes);
		return NULL;
	}
	if (jx_get(cur, "metadata.deletionTimestamp")) {
		*st = st_conflict("", "pods/binding", jx_str(cur, "metadata.name"),
				  "pod is being deleted, cannot be assigned to a host");
		return NULL;
	}
	if (assigned && *assigned) {
		char why[512];
		snprintf(why, sizeof(why), "pod %s is already assigned to node \"%s\"",
			 jx_str(cur, "metadata.name"), assigned);
		*st = st_conflict("", "pods/binding", jx_str(cur, "metadata.name"), why);
		return NULL;
	}
	next = json_deep_copy(cur);
	jx_set_str(next, "spec.nodeName", node);
	conds = jx_get(next, "status.conditions");
	if (!json_is_array(conds)) {
		conds = json_array();
		jx_set(next, "status.conditions", conds);
	}
	json_array_foreach(conds, i, c) if (!strcmp(jx_str(c, "type") ?: "", "PodScheduled"))
	{
		json_array_remove(conds, i);
		break;
	}
	json_array_append_new(conds, json_pack("{s:s, s:s, s:n, s:o}", "type", "PodScheduled",
					       "status", "True", "lastProbeTime",
					       "lastTransitionTime",
					       json_string(jx_str(cur, "metadata.creationTimestamp"))));
	return next;
}

static json_t *present_success(struct rinfo *ri, json_t *obj)
{
	(void)obj;
	return json_pack("{s:s, s:s, s:{}, s:s, s:i, s:{s:s, s:s}}", "kind", "Status",
			 "apiVersion", "v1", "metadata", "status", "Success", "code", 201,
			 "details", "name", ri->name, "kind", ri->k->resource);
}

/* ---- eviction: a delete that honours PodDisruptionBudgets ---- */

static json_t *pdb_blocks(const json_t *pod)
{
	const struct kind *k = kind_by_resource("policy", "v1", "poddisruptionbudgets");
	struct filter f = {.ns = jx_str(pod, "metadata.namespace")};
	struct centry **items;
	size_t remaining, n = cache_list(cache_of(k), &f, NULL, 0, &items, &remaining);
	json_t *st = NULL;

	for (size_t i = 0; i < n && !st; i++) {
		json_t *pdb = json_loads(items[i]->json, 0, NULL);
		struct lsel *ls = NULL;
		char *err = NULL;
		if (!lsel_from_json(jx_get(pdb, "spec.selector"), &ls, &err) &&
		    lsel_match_json(ls, jx_get(pod, "metadata.labels")) &&
		    jx_int(pdb, "status.disruptionsAllowed", 0) <= 0) {
			st = st_new(429, "TooManyRequests",
				    "Cannot evict pod as it would violate the pod's disruption "
				    "budget.");
			json_object_set_new(st, "details",
					    json_pack("{s:[{s:s, s:s}]}", "causes", "reason",
						      "DisruptionBudget", "message",
						      "The disruption budget needs more healthy pods."));
		}
		lsel_free(ls);
		free(err);
		json_decref(pdb);
	}
	for (size_t i = 0; i < n; i++)
		centry_unref(items[i]);
	free(items);
	return st;
}

/* Subresource reads see this server's own writes, as reg_get does: wait for the cache. */
struct fresh {
	struct http_req *req;
	struct rinfo *ri;
	void (*fn)(struct http_req *req, struct rinfo *ri);
};

static void fresh_ready(void *arg)
{
	struct fresh *f = arg;

	f->fn(f->req, f->ri);
	free(f);
}

static void after_fence(struct http_req *req, struct rinfo *ri,
			void (*fn)(struct http_req *req, struct rinfo *ri))
{
	struct fresh *f = xcalloc(1, sizeof(*f));
	struct cache *c = cache_of(ri->k);

	f->req = req;
	f->ri = ri;
	f->fn = fn;
	cache_wait(c, cache_fence_rev(c), fresh_ready, f);
}

static void scale_get(struct http_req *req, struct rinfo *ri)
{
	struct centry *e = cache_get(cache_of(ri->k), ri->ns, ri->name);
	json_t *obj = e ? json_loads(e->json, 0, NULL) : NULL;

	if (!obj) {
		reply_status(req, st_not_found(ri->k->group, ri->k->resource, ri->name));
	} else {
		json_t *sc_obj = to_scale(ri, obj);
		http_reply_json(req, 200, sc_obj);
		json_decref(sc_obj);
		json_decref(obj);
	}
	rinfo_free(ri);
}

static void evict(struct http_req *req, struct rinfo *ri)
{
	json_t *st = NULL, *body = reg_decode(req, &st), *pod;
	struct centry *e = cache_get(cache_of(ri->k), ri->ns, ri->name);

	if (!body) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	if (!e) {
		reply_status(req, st_not_found("", "pods", ri->name));
		goto out;
	}
	pod = json_loads(e->json, 0, NULL);
	st = adm_delete(ri, pod);
	if (!st && !jx_get(pod, "metadata.deletionTimestamp"))
		st = pdb_blocks(pod);
	json_decref(pod);
	if (st) {
		reply_status(req, st);
		goto out;
	}
	reg_delete_with(req, ri, jx_get(body, "deleteOptions"), present_success, 201);
	json_decref(body);
	return;
out:
	json_decref(body);
	rinfo_free(ri);
}

/* ---- namespaces/finalize: spec.finalizers only ---- */

static json_t *mutate_finalize(struct rinfo *ri, const json_t *cur, void *arg, json_t **st)
{
	json_t *body = arg, *next = json_deep_copy(cur);
	json_t *fins = jx_get(body, "spec.finalizers");

	(void)ri;
	(void)st;
	jx_set(next, "spec.finalizers", fins ? json_incref(fins) : json_array());
	/* A terminating namespace with nothing left to finalize goes away. */
	if (jx_get(next, "metadata.deletionTimestamp") && !json_array_size(fins) &&
	    !json_array_size(jx_get(next, "metadata.finalizers")))
		json_object_set_new(jx_obj(next, "metadata"), "finalizers", json_array());
	return next;
}

static const char *patch_kind(struct http_req *req)
{
	const char *ct = http_header_get(req, "Content-Type");

	if (ct && !strncmp(ct, "application/json-patch+json", 27))
		return "json";
	return "merge";
}

static void with_body(struct http_req *req, struct rinfo *ri, reg_mutate_fn fn,
		      json_t *(*present)(struct rinfo *, json_t *), int code)
{
	json_t *st = NULL, *body = reg_decode(req, &st);

	if (!body) {
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	/* The body rides along as the mutation's context, freed with the operation. */
	reg_mutate(req, ri, fn, body, body_free, present, code);
}

void sub_handle(struct http_req *req, struct rinfo *ri)
{
	const char *sub = ri->sub, *m = req->method;

	if (!has_sub(ri->k, sub)) {
		json_t *st = st_new(404, "NotFound", "the server could not find the requested "
						     "resource");
		reply_status(req, st);
		rinfo_free(ri);
		return;
	}
	if (!strcmp(sub, "status") || !strcmp(sub, "approval")) {
		if (!strcmp(m, "GET"))
			reg_get(req, ri);
		else if (!strcmp(m, "PUT"))
			reg_update(req, ri);
		else if (!strcmp(m, "PATCH"))
			reg_patch(req, ri);
		else
			goto not_allowed;
		return;
	}
	if (!strcmp(sub, "scale")) {
		struct scale_ctx *sc;
		json_t *st = NULL;
		if (!strcmp(m, "GET")) {
			after_fence(req, ri, scale_get);
			return;
		}
		if (strcmp(m, "PUT") && strcmp(m, "PATCH"))
			goto not_allowed;
		sc = xcalloc(1, sizeof(*sc));
		sc->body = reg_decode(req, &st);
		if (!sc->body) {
			free(sc);
			reply_status(req, st);
			rinfo_free(ri);
			return;
		}
		sc->patch_type = strcmp(m, "PATCH") ? NULL : patch_kind(req);
		reg_mutate(req, ri, mutate_scale, sc, scale_free_ctx, present_scale, 200);
		return;
	}
	if (!strcmp(sub, "binding") && !strcmp(m, "POST")) {
		with_body(req, ri, mutate_binding, present_success, 201);
		return;
	}
	if (!strcmp(sub, "eviction") && !strcmp(m, "POST")) {
		after_fence(req, ri, evict);
		return;
	}
	if (!strcmp(sub, "token") && !strcmp(m, "POST")) {
		sat_token_request(req, ri);
		return;
	}
	if (!strcmp(sub, "finalize") && !strcmp(m, "PUT")) {
		with_body(req, ri, mutate_finalize, NULL, 200);
		return;
	}
	if (proxy_serves(sub)) {
		proxy_handle(req, ri);
		return;
	}
	reply_status(req, st_new(503, "ServiceUnavailable",
				 "%s/%s is served by the node's kubelet, which kubec does not run "
				 "yet",
				 ri->k->resource, sub));
	rinfo_free(ri);
	return;
not_allowed:
	reply_status(req, st_method_not_allowed("the server does not allow this method on the "
						"requested resource"));
	rinfo_free(ri);
}
