/*
 * endpointslice controller: discovery.k8s.io/v1 EndpointSlices for every selector-bearing
 * Service, one set per address type and port set, at most 100 endpoints each. Endpoints stay
 * in the slice they are in while they last, so a change touches as few slices as it can; new
 * ones fill the slices being written anyway before others, and only then new slices.
 */
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "controller.h"
#include "endpoints.h"
#include "expect.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "pod.h"
#include "selector.h"
#include "workqueue.h"

#define SLICES_PATH "/apis/discovery.k8s.io/v1"
#define SVC_INDEX   "eps-service"
#define ZONE_LABEL  "topology.kubernetes.io/zone"

/* ---- desired endpoints ---- */

static json_t *slice_ports(const json_t *svc, const json_t *pod)
{
	json_t *out = json_array(), *sp;
	size_t i;

	json_array_foreach(jx_get(svc, "spec.ports"), i, sp)
	{
		int num = ep_find_port(pod, sp);
		json_t *p;

		if (num <= 0)
			continue;
		p = json_pack("{s:s, s:s, s:i}", "name", jx_str(sp, "name") ?: "", "protocol",
			      jx_str(sp, "protocol") ?: "TCP", "port", num);
		if (jx_str(sp, "appProtocol"))
			json_object_set_new(p, "appProtocol",
					    json_string(jx_str(sp, "appProtocol")));
		json_array_append_new(out, p);
	}
	return out;
}

static json_t *pod_endpoint(const json_t *svc, const json_t *pod, const char *ip, struct inf *nodes)
{
	bool serving = pod_ready(pod), terminating = pod_deleting(pod);
	bool ready =
	    jx_bool(svc, "spec.publishNotReadyAddresses", false) || (serving && !terminating);
	const char *node = jx_str(pod, "spec.nodeName"), *host = ep_hostname(pod, svc);
	const json_t *n = node && *node && nodes ? inf_get(nodes, node) : NULL;
	const char *zone =
	    n ? json_string_value(json_object_get(jx_get(n, "metadata.labels"), ZONE_LABEL)) : NULL;
	json_t *e = json_pack("{s:[s], s:{s:b, s:b, s:b}}", "addresses", ip, "conditions", "ready",
			      ready, "serving", serving, "terminating", terminating);

	if (host)
		json_object_set_new(e, "hostname", json_string(host));
	json_object_set_new(e, "targetRef",
			    json_pack("{s:s, s:s, s:s, s:s}", "kind", "Pod", "namespace",
				      jx_str(pod, "metadata.namespace") ?: "", "name",
				      jx_str(pod, "metadata.name") ?: "", "uid",
				      jx_str(pod, "metadata.uid") ?: ""));
	if (node && *node)
		json_object_set_new(e, "nodeName", json_string(node));
	if (zone && *zone)
		json_object_set_new(e, "zone", json_string(zone));
	return e;
}

static struct eps_group *group_of(struct eps_group **gs, size_t *ng, const char *type,
				  json_t *ports)
{
	for (size_t i = 0; i < *ng; i++)
		if (!strcmp((*gs)[i].address_type, type) && json_equal((*gs)[i].ports, ports)) {
			json_decref(ports);
			return &(*gs)[i];
		}
	*gs = xrealloc(*gs, sizeof(**gs) * (*ng + 1));
	(*gs)[*ng] = (struct eps_group){xstrdup(type), ports, json_array()};
	return &(*gs)[(*ng)++];
}

static int endpoint_cmp(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *ax = json_string_value(json_array_get(json_object_get(x, "addresses"), 0));
	const char *ay = json_string_value(json_array_get(json_object_get(y, "addresses"), 0));
	int c = strcmp(ax ?: "", ay ?: "");

	return c ? c : strcmp(jx_str(x, "targetRef.name") ?: "", jx_str(y, "targetRef.name") ?: "");
}

static void sort_endpoints(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), endpoint_cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* The service's address families: spec.ipFamilies, else its cluster IP's. */
static json_t *families(const json_t *svc)
{
	json_t *f = jx_get(svc, "spec.ipFamilies");

	if (json_array_size(f))
		return json_incref(f);
	return json_pack("[s]", ep_service_ipv6(svc) ? "IPv6" : "IPv4");
}

size_t eps_desired(const json_t *svc, const json_t *const *pods, size_t n, struct inf *nodes,
		   struct eps_group **out)
{
	json_t *fams = families(svc), *fam;
	struct eps_group *gs = NULL;
	size_t ng = 0, j;

	for (size_t i = 0; i < n; i++) {
		if (!ep_pod_serves(pods[i], true))
			continue;
		json_array_foreach(fams, j, fam)
		{
			const char *type = json_string_value(fam) ?: "IPv4";
			const char *ip = ep_pod_ip(pods[i], !strcmp(type, "IPv6"));
			struct eps_group *g;

			if (!ip)
				continue;
			g = group_of(&gs, &ng, type, slice_ports(svc, pods[i]));
			json_array_append_new(g->endpoints, pod_endpoint(svc, pods[i], ip, nodes));
		}
	}
	for (size_t i = 0; i < ng; i++)
		sort_endpoints(gs[i].endpoints);
	json_decref(fams);
	*out = gs;
	return ng;
}

void eps_groups_free(struct eps_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].address_type);
		json_decref(g[i].ports);
		json_decref(g[i].endpoints);
	}
	free(g);
}

/* ---- the plan ---- */

static json_t *slice_labels(const json_t *svc)
{
	json_t *l = json_is_object(jx_get(svc, "metadata.labels"))
			? json_deep_copy(jx_get(svc, "metadata.labels"))
			: json_object();

	json_object_set_new(l, EPS_SERVICE_NAME, json_string(jx_str(svc, "metadata.name") ?: ""));
	json_object_set_new(l, EPS_MANAGED_BY, json_string(EPS_CONTROLLER));
	if (ep_headless(svc))
		json_object_set_new(l, EP_HEADLESS_LABEL, json_string(""));
	else
		json_object_del(l, EP_HEADLESS_LABEL);
	return l;
}

static void set_meta(json_t *slice, const json_t *svc, const char *trigger)
{
	json_t *ann = jx_obj(slice, "metadata.annotations");

	jx_set(slice, "metadata.labels", slice_labels(svc));
	if (trigger)
		json_object_set_new(ann, EP_TRIGGER_ANNOTATION, json_string(trigger));
	else
		json_object_del(ann, EP_TRIGGER_ANNOTATION);
	if (!json_object_size(ann))
		jx_del(slice, "metadata.annotations");
}

static json_t *new_slice(const json_t *svc, const char *type, const json_t *ports,
			 json_t *endpoints, const char *trigger)
{
	json_t *s = json_pack(
	    "{s:s, s:s, s:{s:s, s:s?, s:[{s:s, s:s, s:s?, s:s?, s:b, s:b}]}, s:s, s:o, s:O}",
	    "apiVersion", "discovery.k8s.io/v1", "kind", "EndpointSlice", "metadata",
	    "generateName", "", "namespace", jx_str(svc, "metadata.namespace"), "ownerReferences",
	    "apiVersion", "v1", "kind", "Service", "name", jx_str(svc, "metadata.name"), "uid",
	    jx_str(svc, "metadata.uid"), "controller", 1, "blockOwnerDeletion", 1, "addressType",
	    type, "endpoints", endpoints, "ports", ports);
	char *prefix = xasprintf("%s-", jx_str(svc, "metadata.name") ?: "");

	jx_set_str(s, "metadata.generateName", prefix);
	free(prefix);
	set_meta(s, svc, trigger);
	return s;
}

static bool ports_equal(const json_t *a, const json_t *b)
{
	if (!json_array_size(a) && !json_array_size(b))
		return true;
	return json_equal(a, b);
}

static char *endpoint_key(const json_t *e)
{
	return xasprintf("%s|%s", jx_str(e, "targetRef.uid") ?: "",
			 json_string_value(json_array_get(json_object_get(e, "addresses"), 0))
			     ?: "");
}

/* One existing slice being reworked. */
struct work {
	const json_t *orig;
	json_t *eps;
	bool changed;
};

/* Keep each endpoint where it is when still wanted (refreshed), drop the rest. */
static void keep_placed(struct work *w, const struct eps_group *g, struct hmap *want, bool *placed)
{
	size_t i;
	json_t *e;

	w->eps = json_array();
	json_array_foreach(json_object_get(w->orig, "endpoints"), i, e)
	{
		char *k = endpoint_key(e);
		size_t *idx = hmap_get(want, k);

		free(k);
		if (!idx || placed[*idx]) {
			w->changed = true;
			continue;
		}
		placed[*idx] = true;
		json_array_append(w->eps, json_array_get(g->endpoints, *idx));
		w->changed |= !json_equal(e, json_array_get(g->endpoints, *idx));
	}
}

/* Unplaced endpoints go first to slices being written anyway, then to others with room,
 * then to new slices. */
static void fill(struct work *ws, size_t nw, const struct eps_group *g, bool *placed,
		 const json_t *svc, const char *trigger, struct eps_plan *plan)
{
	size_t n = json_array_size(g->endpoints), next = 0;
	json_t *fresh = NULL;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nw; i++) {
			if (ws[i].changed != (pass == 0))
				continue;
			while (json_array_size(ws[i].eps) < EPS_MAX_ENDPOINTS && next < n) {
				if (placed[next]) {
					next++;
					continue;
				}
				placed[next] = true;
				json_array_append(ws[i].eps, json_array_get(g->endpoints, next++));
				ws[i].changed = true;
			}
		}
	for (; next < n; next++) {
		if (placed[next])
			continue;
		if (!fresh)
			fresh = json_array();
		json_array_append(fresh, json_array_get(g->endpoints, next));
		if (json_array_size(fresh) == EPS_MAX_ENDPOINTS) {
			json_array_append_new(plan->create, new_slice(svc, g->address_type,
								      g->ports, fresh, trigger));
			fresh = NULL;
		}
	}
	if (fresh)
		json_array_append_new(plan->create,
				      new_slice(svc, g->address_type, g->ports, fresh, trigger));
}

static bool labels_stale(const json_t *slice, const json_t *svc)
{
	json_t *want = slice_labels(svc);
	bool stale = !json_equal(want, jx_get(slice, "metadata.labels"));

	json_decref(want);
	return stale;
}

static void settle_work(struct work *w, const json_t *svc, const char *trigger,
			struct eps_plan *plan)
{
	json_t *s;

	if (!json_array_size(w->eps)) {
		json_array_append_new(plan->remove, json_string(jx_str(w->orig, "metadata.name")));
	} else if (w->changed || labels_stale(w->orig, svc)) {
		s = json_deep_copy(w->orig);
		json_object_set(s, "endpoints", w->eps);
		if (w->changed)
			set_meta(s, svc, trigger);
		else
			jx_set(s, "metadata.labels", slice_labels(svc));
		json_array_append_new(plan->update, s);
	}
	json_decref(w->eps);
}

static void plan_group(const json_t *svc, const struct eps_group *g, const json_t *const *existing,
		       size_t ne, bool *claimed, const char *trigger, struct eps_plan *plan)
{
	size_t n = json_array_size(g->endpoints), nw = 0;
	size_t *idx = xcalloc(n ? n : 1, sizeof(*idx));
	bool *placed = xcalloc(n ? n : 1, sizeof(*placed));
	struct work *ws = xcalloc(ne ? ne : 1, sizeof(*ws));
	struct hmap want;
	const char *k;
	void *v;

	hmap_init(&want);
	for (size_t i = 0; i < n; i++) {
		idx[i] = i;
		char *key = endpoint_key(json_array_get(g->endpoints, i));
		if (hmap_get(&want, key))
			free(key);
		else
			hmap_put(&want, key, &idx[i]);
	}
	for (size_t i = 0; i < ne; i++) {
		if (claimed[i] ||
		    strcmp(jx_str(existing[i], "addressType") ?: "", g->address_type) ||
		    !ports_equal(json_object_get(existing[i], "ports"), g->ports))
			continue;
		claimed[i] = true;
		ws[nw].orig = existing[i];
		keep_placed(&ws[nw++], g, &want, placed);
	}
	fill(ws, nw, g, placed, svc, trigger, plan);
	for (size_t i = 0; i < nw; i++)
		settle_work(&ws[i], svc, trigger, plan);
	for (size_t i = 0; (i = hmap_next(&want, i, &k, &v));)
		free((char *)k);
	hmap_clear(&want);
	free(ws);
	free(placed);
	free(idx);
}

/* No endpoints at all: one empty slice says the service was seen. */
static void plan_placeholder(const json_t *svc, const json_t *const *existing, size_t ne,
			     bool *claimed, struct eps_plan *plan)
{
	json_t *fams = families(svc), *ports;
	const char *type = json_string_value(json_array_get(fams, 0)) ?: "IPv4";

	for (size_t i = 0; i < ne; i++) {
		json_t *s;
		if (json_array_size(json_object_get(existing[i], "endpoints")) ||
		    strcmp(jx_str(existing[i], "addressType") ?: "", type))
			continue;
		claimed[i] = true;
		if (json_array_size(json_object_get(existing[i], "ports")) ||
		    labels_stale(existing[i], svc)) {
			s = json_deep_copy(existing[i]);
			json_object_set_new(s, "ports", json_array());
			set_meta(s, svc, NULL);
			json_array_append_new(plan->update, s);
		}
		goto out;
	}
	ports = json_array();
	json_array_append_new(plan->create, new_slice(svc, type, ports, json_array(), NULL));
	json_decref(ports);
out:
	json_decref(fams);
}

void eps_plan(const json_t *svc, const struct eps_group *g, size_t ng,
	      const json_t *const *existing, size_t ne, const char *trigger, struct eps_plan *plan)
{
	bool *claimed = xcalloc(ne ? ne : 1, sizeof(*claimed));

	plan->create = json_array();
	plan->update = json_array();
	plan->remove = json_array();
	for (size_t i = 0; i < ng; i++)
		plan_group(svc, &g[i], existing, ne, claimed, trigger, plan);
	if (!ng)
		plan_placeholder(svc, existing, ne, claimed, plan);
	for (size_t i = 0; i < ne; i++)
		if (!claimed[i])
			json_array_append_new(plan->remove,
					      json_string(jx_str(existing[i], "metadata.name")));
	free(claimed);
}

void eps_plan_free(struct eps_plan *plan)
{
	json_decref(plan->create);
	json_decref(plan->update);
	json_decref(plan->remove);
}

/* ---- the controller ---- */

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *svcs, *pods, *nodes, *slices;
	struct wq *q;
	struct ep_tt *tt;
	struct exp_set *exp;
} S;

static const char *managed_service(const json_t *slice)
{
	json_t *l = jx_get(slice, "metadata.labels");
	const char *by = json_string_value(json_object_get(l, EPS_MANAGED_BY));

	if (!by || strcmp(by, EPS_CONTROLLER))
		return NULL;
	return json_string_value(json_object_get(l, EPS_SERVICE_NAME));
}

static void index_service(const json_t *slice, struct inf_values *out)
{
	const char *svc = managed_service(slice);
	char *key;

	if (!svc)
		return;
	key = xasprintf("%s/%s", jx_str(slice, "metadata.namespace") ?: "", svc);
	inf_values_add(out, key);
	free(key);
}

static void enqueue_slice_service(const json_t *slice)
{
	const char *svc = managed_service(slice);
	char *key;

	if (!svc || !S.q)
		return;
	key = xasprintf("%s/%s", jx_str(slice, "metadata.namespace") ?: "", svc);
	wq_add(S.q, key);
	free(key);
}

static void slice_add(void *arg, const json_t *slice)
{
	const char *svc = managed_service(slice);
	char *key;

	(void)arg;
	if (svc) {
		key = xasprintf("%s/%s", jx_str(slice, "metadata.namespace") ?: "", svc);
		exp_observed_add(S.exp, key);
		free(key);
	}
	enqueue_slice_service(slice);
}

static void slice_update(void *arg, const json_t *old, const json_t *slice)
{
	(void)arg;
	(void)old;
	enqueue_slice_service(slice);
}

static void slice_delete(void *arg, const json_t *slice)
{
	(void)arg;
	enqueue_slice_service(slice);
}

static void pod_add(void *arg, const json_t *pod)
{
	(void)arg;
	if (S.q)
		ep_enqueue_services_of(S.svcs, S.q, pod);
}

static void pod_update(void *arg, const json_t *old, const json_t *pod)
{
	(void)arg;
	if (!S.q)
		return;
	ep_enqueue_services_of(S.svcs, S.q, pod);
	if (!jx_equal(jx_get(old, "metadata.labels"), jx_get(pod, "metadata.labels")))
		ep_enqueue_services_of(S.svcs, S.q, old);
}

static void svc_add(void *arg, const json_t *svc)
{
	(void)arg;
	if (S.q)
		ctrl_enqueue(S.q, svc);
}

static void svc_update(void *arg, const json_t *old, const json_t *svc)
{
	(void)old;
	svc_add(arg, svc);
}

/* A failed create will never be observed. */
static bool create_check(void *arg, int code, json_t *body, const char *err)
{
	char *key = arg;

	(void)body;
	(void)err;
	if (code / 100 != 2)
		exp_observed_add(S.exp, key);
	free(key);
	return code / 100 == 2;
}

static void apply_plan(struct ctrl_op *op, const char *key, const char *ns,
		       const struct eps_plan *plan)
{
	char *coll = xasprintf(SLICES_PATH "/namespaces/%s/endpointslices", ns);
	size_t i;
	json_t *v;

	exp_expect(S.exp, key, (int)json_array_size(plan->create), 0);
	json_array_foreach(plan->create, i, v)
	    ctrl_op_request(op, S.kc, "POST", coll, NULL, v, create_check, xstrdup(key));
	json_array_foreach(plan->update, i, v)
	{
		char *path = xasprintf("%s/%s", coll, jx_str(v, "metadata.name"));
		ctrl_op_update(op, S.kc, path, v);
		free(path);
	}
	json_array_foreach(plan->remove, i, v)
	{
		char *path = xasprintf("%s/%s", coll, json_string_value(v));
		ctrl_op_delete(op, S.kc, path, NULL);
		free(path);
	}
	free(coll);
}

static void sync_service(struct ctrl_op *op, const char *key, const json_t *svc)
{
	struct lsel *sel = ep_selector(svc);
	const json_t **pods = NULL, **slices = NULL;
	struct eps_group *g = NULL;
	struct eps_plan plan;
	size_t n, ng, ns;
	char trigger[40];
	bool has_trigger;

	if (!sel || jx_get(svc, "metadata.deletionTimestamp"))
		goto out;
	n = ep_selected_pods(S.pods, svc, sel, &pods);
	ns = inf_by_index(S.slices, SVC_INDEX, key, &slices);
	has_trigger = ep_tt_compute(S.tt, key, svc, pods, n, trigger);
	ng = eps_desired(svc, pods, n, S.nodes, &g);
	eps_plan(svc, g, ng, slices, ns, has_trigger ? trigger : NULL, &plan);
	apply_plan(op, key, jx_str(svc, "metadata.namespace"), &plan);
	eps_plan_free(&plan);
	eps_groups_free(g, ng);
out:
	free(slices);
	free(pods);
	lsel_free(sel);
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(S.q, key);
	const json_t *svc = inf_get(S.svcs, key);
	const char *type = jx_str(svc, "spec.type");

	(void)arg;
	if (!svc) {
		/* The slices' ownerReferences let the garbage collector remove them. */
		ep_tt_forget(S.tt, key);
		exp_forget(S.exp, key);
	} else if (!exp_satisfied(S.exp, key)) {
		ctrl_op_requeue_after(op, 100);
	} else if (!(type && !strcmp(type, "ExternalName"))) {
		sync_service(op, key, svc);
	}
	return ctrl_op_finish(op);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_add, pod_update, pod_add, NULL};
	struct inf_handler sh = {svc_add, svc_update, svc_add, NULL};
	struct inf_handler eh = {slice_add, slice_update, slice_delete, NULL};

	(void)err;
	(void)errlen;
	S.cm = cm;
	S.kc = cm_client(cm, "endpointslice-controller");
	S.svcs = inf_factory_get(cm->inf, "/api/v1/services", NULL, NULL);
	S.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	S.nodes = inf_factory_get(cm->inf, "/api/v1/nodes", NULL, NULL);
	S.slices = inf_factory_get(cm->inf, SLICES_PATH "/endpointslices", NULL, NULL);
	S.tt = ep_tt_new();
	S.exp = exp_new();
	inf_add_index(S.slices, SVC_INDEX, index_service);
	inf_add_handler(S.pods, &ph);
	inf_add_handler(S.svcs, &sh);
	inf_add_handler(S.slices, &eh);
	return 0;
}

static void run(struct cm *cm)
{
	S.q = wq_new(cm->base, "endpointslice", cm->o->endpointslice_syncs, sync, NULL);
	ctrl_enqueue_all(S.svcs, S.q);
}

const struct cm_controller cm_endpointslice_controller = {
    .name = "endpointslice",
    .init = init,
    .run = run,
};
