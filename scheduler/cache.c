/*
 * The scheduler's cache: every node with what its pods request, kept current from informer
 * events and from the scheduler's own assumptions, so a cycle reads C structs and never JSON.
 * Pods may name a node the cache has not seen (or has seen deleted): that node is kept without
 * an object, outside the list the cycles scan, until the Node comes or its pods go.
 */
#include <stdlib.h>
#include <string.h>

#include "informer.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "scheduler.h"
#include "selector.h"

/* Selectors counted at once; the least recently used goes first. */
#define COUNTERS_MAX 64

void sch_cache_init(struct sch_cache *c)
{
	memset(c, 0, sizeof(*c));
	hmap_init(&c->nodes);
	hmap_init(&c->pods);
	hmap_init(&c->images);
	hmap_init(&c->counters);
	hmap_init(&c->noms);
}

int32_t sch_pod_priority(const json_t *pod)
{
	return (int32_t)jx_int(pod, "spec.priority", 0);
}

double sch_pod_time(const json_t *pod, const char *path)
{
	const char *s = jx_str(pod, path);
	struct timespec ts;

	if (!s || kt_parse(s, &ts))
		return 0;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

char *sch_image_name(const char *image)
{
	const char *colon = strrchr(image, ':'), *slash = strrchr(image, '/');

	if (!colon || (slash && colon < slash))
		return xasprintf("%s:latest", image);
	return xstrdup(image);
}

size_t sch_pod_ports(const json_t *pod, struct sch_port **out)
{
	const json_t *c, *p;
	size_t i, j, n = 0;

	*out = NULL;
	json_array_foreach(jx_get(pod, "spec.containers"), i, c)
	{
		json_array_foreach(json_object_get(c, "ports"), j, p)
		{
			json_int_t hp = jx_int(p, "hostPort", 0);
			const char *proto = jx_str(p, "protocol"), *ip = jx_str(p, "hostIP");

			if (hp <= 0 || hp > 65535)
				continue;
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n].port = (int)hp;
			snprintf((*out)[n].proto, sizeof((*out)[n].proto), "%s",
				 proto && *proto ? proto : "TCP");
			snprintf((*out)[n].ip, sizeof((*out)[n].ip), "%s",
				 ip && *ip ? ip : "0.0.0.0");
			n++;
		}
	}
	return n;
}

/* ---- counters ---- */

static void counter_free(struct sch_counter *k)
{
	lsel_free(k->sel);
	free(k->counts);
	free(k->key);
	free(k->ns);
	free(k);
}

/* Nodes came or went: indexes moved, so every count is rebuilt on next use. */
static void counters_clear(struct sch_cache *c)
{
	const char *key;
	void *v;

	for (size_t i = 0; (i = hmap_next(&c->counters, i, &key, &v));)
		counter_free(v);
	hmap_clear(&c->counters);
	hmap_init(&c->counters);
}

static bool counted(const struct sch_counter *k, const struct sch_pod *p)
{
	return p->node && p->node->obj && !p->deleting && p->ns && !strcmp(p->ns, k->ns) &&
	       lsel_match_json(k->sel, jx_get(p->obj, "metadata.labels"));
}

static void counters_update(struct sch_cache *c, const struct sch_pod *p, int d)
{
	const char *key;
	void *v;

	if (!p->node || !p->node->obj)
		return;
	for (size_t i = 0; (i = hmap_next(&c->counters, i, &key, &v));) {
		struct sch_counter *k = v;

		if (p->node->idx < k->cap && counted(k, p))
			k->counts[p->node->idx] += d;
	}
}

static void counters_evict(struct sch_cache *c)
{
	struct sch_counter *old = NULL;
	const char *key;
	void *v;

	for (size_t i = 0; (i = hmap_next(&c->counters, i, &key, &v));) {
		struct sch_counter *k = v;

		if (!old || k->used < old->used)
			old = k;
	}
	if (old) {
		hmap_del(&c->counters, old->key);
		counter_free(old);
	}
}

struct sch_counter *sch_cache_counter(struct sch_cache *c, const char *ns, const char *sel)
{
	char *key = xasprintf("%s\x1f%s", ns, sel), *err = NULL;
	struct sch_counter *k = hmap_get(&c->counters, key);
	const char *pk;
	void *v;

	if (k)
		goto out;
	k = xcalloc(1, sizeof(*k));
	if (lsel_parse(sel, &k->sel, &err)) {
		free(err);
		free(k);
		k = NULL;
		goto out;
	}
	if (c->counters.count >= COUNTERS_MAX)
		counters_evict(c);
	k->key = key;
	key = NULL;
	k->ns = xstrdup(ns);
	k->cap = c->n;
	k->counts = xcalloc(k->cap + 1, sizeof(*k->counts));
	for (size_t i = 0; (i = hmap_next(&c->pods, i, &pk, &v));)
		if (counted(k, v))
			k->counts[((struct sch_pod *)v)->node->idx]++;
	hmap_put(&c->counters, k->key, k);
out:
	if (k)
		k->used = ++c->tick;
	free(key);
	return k;
}

/* ---- nodes ---- */

static void images_release(struct sch_cache *c, struct sch_node *n)
{
	const char *key;
	void *v;

	for (size_t i = 0; (i = hmap_next(&n->images, i, &key, &v));) {
		struct sch_image *im = v, *g = hmap_get(&c->images, key);

		if (g && --g->nodes <= 0) {
			hmap_del(&c->images, key);
			free(g->name);
			free(g);
		}
		free(im->name);
		free(im);
	}
	hmap_clear(&n->images);
	hmap_init(&n->images);
}

static void image_add(struct sch_cache *c, struct sch_node *n, const char *name, int64_t size)
{
	struct sch_image *im, *g;

	if (hmap_get(&n->images, name))
		return;
	im = xcalloc(1, sizeof(*im));
	im->name = xstrdup(name);
	im->size = size;
	hmap_put(&n->images, im->name, im);
	g = hmap_get(&c->images, name);
	if (!g) {
		g = xcalloc(1, sizeof(*g));
		g->name = xstrdup(name);
		hmap_put(&c->images, g->name, g);
	}
	g->nodes++;
}

static void images_load(struct sch_cache *c, struct sch_node *n)
{
	const json_t *img, *name;
	size_t i, j;

	json_array_foreach(jx_get(n->obj, "status.images"), i, img)
	{
		int64_t size = jx_int(img, "sizeBytes", 0);

		json_array_foreach(json_object_get(img, "names"), j, name) if (json_is_string(name))
		    image_add(c, n, json_string_value(name), size);
	}
}

static void taints_load(struct sch_node *n)
{
	const json_t *t;
	size_t i;

	free(n->taints);
	n->taints = NULL;
	n->ntaints = 0;
	json_array_foreach(jx_get(n->obj, "spec.taints"), i, t)
	{
		if (!json_is_object(t))
			continue;
		n->taints = xrealloc(n->taints, (n->ntaints + 1) * sizeof(*n->taints));
		n->taints[n->ntaints++] = (struct sch_taint){
		    .key = jx_str(t, "key") ?: "",
		    .value = jx_str(t, "value") ?: "",
		    .effect = jx_str(t, "effect") ?: "",
		};
	}
}

static void node_unlist(struct sch_cache *c, struct sch_node *n)
{
	struct sch_node *last = c->list[--c->n];

	c->list[n->idx] = last;
	last->idx = n->idx;
	counters_clear(c);
}

static void node_free(struct sch_node *n)
{
	podres_free(&n->alloc);
	podres_free(&n->req);
	podres_free(&n->nonzero);
	free(n->taints);
	free(n->pods);
	hmap_clear(&n->images);
	for (size_t i = 0; i < n->nnoms; i++) {
		free(n->noms[i].key);
		podres_free(&n->noms[i].req);
	}
	free(n->noms);
	free(n->name);
	free(n);
}

static struct sch_node *node_get(struct sch_cache *c, const char *name)
{
	struct sch_node *n = hmap_get(&c->nodes, name);

	if (!n) {
		n = xcalloc(1, sizeof(*n));
		n->name = xstrdup(name);
		hmap_init(&n->images);
		hmap_put(&c->nodes, n->name, n);
	}
	return n;
}

struct sch_node *sch_cache_node(const struct sch_cache *c, const char *name)
{
	return name ? hmap_get(&c->nodes, name) : NULL;
}

struct sch_node *sch_cache_node_set(struct sch_cache *c, const json_t *obj)
{
	const char *name = jx_str(obj, "metadata.name");
	struct sch_node *n;

	if (!name || !*name)
		return NULL;
	n = node_get(c, name);
	if (n->obj) {
		images_release(c, n);
		json_decref(n->obj);
	} else {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->list = xrealloc(c->list, c->cap * sizeof(*c->list));
		}
		n->idx = c->n;
		c->list[c->n++] = n;
		counters_clear(c);
	}
	n->obj = json_incref((json_t *)obj);
	podres_free(&n->alloc);
	podres_node(obj, &n->alloc);
	n->unschedulable = jx_bool(obj, "spec.unschedulable", false);
	n->labels = jx_get(obj, "metadata.labels");
	taints_load(n);
	images_load(c, n);
	return n;
}

static void node_maybe_free(struct sch_cache *c, struct sch_node *n)
{
	if (n->obj || n->npods || n->nnoms)
		return;
	hmap_del(&c->nodes, n->name);
	node_free(n);
}

void sch_cache_node_del(struct sch_cache *c, const char *name)
{
	struct sch_node *n = sch_cache_node(c, name);

	if (!n || !n->obj)
		return;
	images_release(c, n);
	node_unlist(c, n);
	json_decref(n->obj);
	n->obj = NULL;
	n->labels = NULL;
	free(n->taints);
	n->taints = NULL;
	n->ntaints = 0;
	node_maybe_free(c, n);
}

/* ---- pods ---- */

struct sch_pod *sch_cache_pod(const struct sch_cache *c, const char *key)
{
	return key ? hmap_get(&c->pods, key) : NULL;
}

void sch_cache_pod_attach(struct sch_cache *c, struct sch_pod *p)
{
	struct sch_node *n = p->node;

	if (n->npods == n->podcap) {
		n->podcap = n->podcap ? n->podcap * 2 : 16;
		n->pods = xrealloc(n->pods, n->podcap * sizeof(*n->pods));
	}
	p->slot = n->npods;
	n->pods[n->npods++] = p;
	podres_add(&n->req, &p->req);
	podres_add(&n->nonzero, &p->nonzero);
	if (p->nports)
		n->nports++;
	if (p->affinity)
		c->naffinity++;
	counters_update(c, p, 1);
}

void sch_cache_pod_detach(struct sch_cache *c, struct sch_pod *p)
{
	struct sch_node *n = p->node;

	counters_update(c, p, -1);
	n->pods[p->slot] = n->pods[--n->npods];
	n->pods[p->slot]->slot = p->slot;
	podres_sub(&n->req, &p->req);
	podres_sub(&n->nonzero, &p->nonzero);
	if (p->nports)
		n->nports--;
	if (p->affinity)
		c->naffinity--;
}

static bool has_terms(const json_t *pod, const char *path)
{
	return json_array_size(jx_get(pod, path)) > 0;
}

static void pod_load(struct sch_pod *p, const json_t *obj)
{
	p->obj = json_incref((json_t *)obj);
	p->ns = jx_str(obj, "metadata.namespace") ?: "";
	podres_pod(obj, false, &p->req);
	podres_pod(obj, true, &p->nonzero);
	p->prio = sch_pod_priority(obj);
	p->deleting = pod_deleting(obj);
	p->nports = sch_pod_ports(obj, &p->ports);
	p->anti = has_terms(obj, "spec.affinity.podAntiAffinity."
				 "requiredDuringSchedulingIgnoredDuringExecution");
	p->affinity = p->anti || jx_get(obj, "spec.affinity.podAffinity") ||
		      jx_get(obj, "spec.affinity.podAntiAffinity");
	p->start = sch_pod_time(obj, "status.startTime");
	if (!p->start)
		p->start = sch_pod_time(obj, "metadata.creationTimestamp");
}

static void pod_free(struct sch_pod *p)
{
	podres_free(&p->req);
	podres_free(&p->nonzero);
	free(p->ports);
	json_decref(p->obj);
	free(p->key);
	free(p);
}

void sch_cache_pod_del(struct sch_cache *c, const char *key)
{
	struct sch_pod *p = sch_cache_pod(c, key);
	struct sch_node *n;

	if (!p)
		return;
	n = p->node;
	sch_cache_pod_detach(c, p);
	hmap_del(&c->pods, p->key);
	if (p->assumed)
		c->nassumed--;
	pod_free(p);
	node_maybe_free(c, n);
}

struct sch_pod *sch_cache_pod_set(struct sch_cache *c, const json_t *obj, const char *node,
				  bool assumed)
{
	char *key = inf_key(obj);
	struct sch_pod *p;

	if (!key || !node || !*node) {
		free(key);
		return NULL;
	}
	sch_cache_pod_del(c, key);
	p = xcalloc(1, sizeof(*p));
	p->key = key;
	p->assumed = assumed;
	pod_load(p, obj);
	p->node = node_get(c, node);
	sch_cache_pod_attach(c, p);
	hmap_put(&c->pods, p->key, p);
	if (assumed)
		c->nassumed++;
	return p;
}

/* ---- nominations ---- */

void sch_cache_unnominate(struct sch_cache *c, const char *key)
{
	char *name = hmap_get(&c->noms, key);
	struct sch_node *n = sch_cache_node(c, name);

	if (!name)
		return;
	/* The map's key is the nomination's own string: drop the entry before freeing it. */
	hmap_del(&c->noms, key);
	for (size_t i = 0; n && i < n->nnoms; i++) {
		if (strcmp(n->noms[i].key, key))
			continue;
		free(n->noms[i].key);
		podres_free(&n->noms[i].req);
		n->noms[i] = n->noms[--n->nnoms];
		break;
	}
	free(name);
	if (n)
		node_maybe_free(c, n);
}

void sch_cache_nominate(struct sch_cache *c, const char *key, const char *node, int32_t prio,
			const struct podres *req)
{
	struct sch_node *n;
	struct sch_nom *m;

	sch_cache_unnominate(c, key);
	n = node_get(c, node);
	n->noms = xrealloc(n->noms, (n->nnoms + 1) * sizeof(*n->noms));
	m = &n->noms[n->nnoms++];
	m->key = xstrdup(key);
	m->prio = prio;
	podres_copy(&m->req, req);
	hmap_put(&c->noms, m->key, xstrdup(node));
}

void sch_cache_free(struct sch_cache *c)
{
	const char *key;
	void *v;

	for (size_t i = 0; (i = hmap_next(&c->noms, i, &key, &v));)
		free(v);
	hmap_clear(&c->noms);
	for (size_t i = 0; (i = hmap_next(&c->pods, i, &key, &v));)
		pod_free(v);
	hmap_clear(&c->pods);
	for (size_t i = 0; (i = hmap_next(&c->nodes, i, &key, &v));) {
		struct sch_node *n = v;

		images_release(c, n);
		json_decref(n->obj);
		node_free(n);
	}
	hmap_clear(&c->nodes);
	hmap_clear(&c->images);
	counters_clear(c);
	hmap_clear(&c->counters);
	free(c->list);
	memset(c, 0, sizeof(*c));
}
