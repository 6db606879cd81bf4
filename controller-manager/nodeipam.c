/*
 * node-ipam: with --allocate-node-cidrs, gives every node a pod range (spec.podCIDR and
 * podCIDRs) cut from --cluster-cidr in --node-cidr-mask-size subnets, as upstream's
 * RangeAllocator. Ranges in use by existing nodes and the service range are taken first; a
 * deleted node's range is free again. IPv4 only: an IPv6 entry of a dual-stack
 * --cluster-cidr is ignored.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "controller.h"
#include "decide.h"
#include "hmap.h"
#include "jsonx.h"
#include "log.h"
#include "recorder.h"

/* ---- the pool ---- */

static int parse_v4(const char *cidr, uint32_t *addr, int *prefix)
{
	char buf[64], *slash;
	struct in_addr in;
	char *end;
	long p;

	snprintf(buf, sizeof(buf), "%s", cidr);
	if (!(slash = strchr(buf, '/')))
		return -1;
	*slash = 0;
	p = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || p < 0 || p > 32 || inet_pton(AF_INET, buf, &in) != 1)
		return -1;
	*addr = ntohl(in.s_addr);
	*prefix = (int)p;
	if (p < 32)
		*addr &= ~(0xffffffffu >> p);
	return 0;
}

int ipam_pool_init(struct ipam_pool *p, const char *cidr, int mask, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	if (parse_v4(cidr, &p->base, &p->prefix)) {
		snprintf(err, errlen, "invalid IPv4 CIDR \"%s\"", cidr);
		return -1;
	}
	if (mask < p->prefix || mask > 32 || mask - p->prefix > 16) {
		snprintf(err, errlen,
			 "node CIDR mask size %d does not fit cluster CIDR %s (at most 16 bits "
			 "more than its prefix)",
			 mask, cidr);
		return -1;
	}
	p->mask = mask;
	p->n = (size_t)1 << (mask - p->prefix);
	p->used = xcalloc(p->n, 1);
	return 0;
}

void ipam_pool_free(struct ipam_pool *p)
{
	free(p->used);
	p->used = NULL;
}

long ipam_pool_alloc(struct ipam_pool *p)
{
	for (size_t i = 0; i < p->n; i++) {
		size_t idx = (p->next + i) % p->n;
		if (!p->used[idx]) {
			p->used[idx] = 1;
			p->next = (idx + 1) % p->n;
			return (long)idx;
		}
	}
	return -1;
}

long ipam_pool_occupy(struct ipam_pool *p, const char *cidr)
{
	uint32_t addr, first, last, pool_last;
	int prefix;

	if (parse_v4(cidr, &addr, &prefix))
		return -1;
	pool_last = p->base | (p->prefix ? 0xffffffffu >> p->prefix : 0xffffffffu);
	first = addr;
	last = addr | (prefix < 32 ? (prefix ? 0xffffffffu >> prefix : 0xffffffffu) : 0);
	if (last < p->base || first > pool_last)
		return -1;
	if (first < p->base)
		first = p->base;
	if (last > pool_last)
		last = pool_last;
	first = (first - p->base) >> (32 - p->mask);
	last = (last - p->base) >> (32 - p->mask);
	for (uint32_t i = first; i <= last; i++)
		p->used[i] = 1;
	return (long)first;
}

void ipam_pool_release(struct ipam_pool *p, long idx)
{
	if (idx >= 0 && (size_t)idx < p->n)
		p->used[idx] = 0;
}

void ipam_pool_cidr(const struct ipam_pool *p, long idx, char *buf, size_t len)
{
	struct in_addr in;
	char a[INET_ADDRSTRLEN];

	in.s_addr = htonl(p->base + ((uint32_t)idx << (32 - p->mask)));
	inet_ntop(AF_INET, &in, a, sizeof(a));
	snprintf(buf, len, "%s/%d", a, p->mask);
}

/* ---- the controller ---- */

struct given {
	char *name;
	long idx;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *nodes;
	struct wq *q;
	struct rec *rec;
	struct ipam_pool pool;
	struct hmap given; /* node name -> struct given */
	bool on;
} ni;

static void forget(const char *name)
{
	struct given *g = hmap_del(&ni.given, name);

	if (!g)
		return;
	ipam_pool_release(&ni.pool, g->idx);
	free(g->name);
	free(g);
}

static void remember(const char *name, long idx)
{
	struct given *g = hmap_get(&ni.given, name);

	if (g && g->idx == idx)
		return;
	forget(name);
	g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(name);
	g->idx = idx;
	hmap_put(&ni.given, g->name, g);
}

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(ni.q, name);
	const json_t *node = inf_get(ni.nodes, name);
	const char *have = jx_str(node, "spec.podCIDR");
	struct given *g;
	char cidr[64], *path;
	json_t *patch;
	long idx;

	(void)arg;
	if (!node) {
		forget(name);
		goto out;
	}
	if (have && *have) {
		if ((idx = ipam_pool_occupy(&ni.pool, have)) >= 0)
			remember(name, idx);
		goto out;
	}
	g = hmap_get(&ni.given, name);
	if ((idx = g ? g->idx : ipam_pool_alloc(&ni.pool)) < 0) {
		log_warn("node-ipam: no CIDR left for node %s", name);
		patch = json_pack("{s:s, s:s, s:s}", "kind", "Node", "name", name, "uid", name);
		rec_event(ni.rec, patch, "Normal", "CIDRNotAvailable",
			  "Node %s status is now: CIDRNotAvailable", name);
		json_decref(patch);
		ctrl_op_fail(op);
		goto out;
	}
	remember(name, idx);
	ipam_pool_cidr(&ni.pool, idx, cidr, sizeof(cidr));
	log_info("node-ipam: node %s gets pod CIDR %s", name, cidr);
	patch = json_pack("{s:{s:s?}, s:{s:s, s:[s]}}", "metadata", "uid",
			  jx_str(node, "metadata.uid"), "spec", "podCIDR", cidr, "podCIDRs", cidr);
	path = xasprintf("/api/v1/nodes/%s", name);
	ctrl_op_patch(op, ni.kc, path, KC_PATCH_MERGE, patch);
	free(path);
	json_decref(patch);
out:
	return ctrl_op_finish(op);
}

static void node_changed(void *arg, const json_t *node)
{
	(void)arg;
	if (ni.q)
		ctrl_enqueue(ni.q, node);
}

static void node_updated(void *arg, const json_t *old, const json_t *node)
{
	(void)old;
	node_changed(arg, node);
}

/* The first IPv4 entry of a comma-separated list, or NULL. malloc'd. */
static char *first_v4(const char *list)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL, *out = NULL;

	for (char *t = strtok_r(copy, ",", &save); t && !out; t = strtok_r(NULL, ",", &save))
		if (!strchr(t, ':'))
			out = xstrdup(t);
	free(copy);
	return out;
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler h = {node_changed, node_updated, node_changed, NULL};
	char *cidr, *svc;
	int rc = 0;

	ni.cm = cm;
	ni.kc = cm_client(cm, "node-controller");
	if (!cm->o->allocate_node_cidrs) {
		log_info("node-ipam: --allocate-node-cidrs is off, not allocating pod ranges");
		return 0;
	}
	if (!(cidr = first_v4(cm->o->cluster_cidr))) {
		snprintf(err, errlen,
			 "--cluster-cidr must hold an IPv4 range with "
			 "--allocate-node-cidrs");
		return -1;
	}
	if ((rc = ipam_pool_init(&ni.pool, cidr, cm->o->node_cidr_mask_size, err, errlen)))
		goto out;
	if ((svc = first_v4(cm->o->service_cidr)))
		ipam_pool_occupy(&ni.pool, svc);
	free(svc);
	hmap_init(&ni.given);
	ni.nodes = inf_factory_get(cm->inf, "/api/v1/nodes", NULL, NULL);
	inf_add_handler(ni.nodes, &h);
	/* Upstream's component has no "-controller" suffix, which cm_recorder would add. */
	ni.rec = rec_new(ni.kc, "cidrAllocator", NULL);
	ni.on = true;
out:
	free(cidr);
	return rc;
}

static void run(struct cm *cm)
{
	const json_t **nodes;
	size_t n;

	if (!ni.on)
		return;
	/* Ranges already given out are taken before any new one is. */
	n = inf_list(ni.nodes, &nodes);
	for (size_t i = 0; i < n; i++) {
		const char *have = jx_str(nodes[i], "spec.podCIDR");
		long idx;
		if (have && (idx = ipam_pool_occupy(&ni.pool, have)) >= 0)
			remember(jx_str(nodes[i], "metadata.name"), idx);
	}
	ni.q = wq_new(cm->base, "node-ipam", 1, sync, NULL);
	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(ni.q, nodes[i]);
	free(nodes);
}

const struct cm_controller cm_nodeipam_controller = {
    .name = "node-ipam",
    .init = init,
    .run = run,
};
