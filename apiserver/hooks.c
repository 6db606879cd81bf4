/* Storage hooks: service cluster IPs and node ports, graceful pod and namespace deletion. */
#include <arpa/inet.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

#define RECENT	    64
#define RECENT_SECS 30

/* Allocations not yet visible in the cache, so two quick creates never get the same one. */
static struct {
	uint32_t ip;
	int port;
	time_t at;
} recent[RECENT];
static int recent_next;

static void remember(uint32_t ip, int port)
{
	recent[recent_next].ip = ip;
	recent[recent_next].port = port;
	recent[recent_next].at = time(NULL);
	recent_next = (recent_next + 1) % RECENT;
}

static bool recently(uint32_t ip, int port)
{
	time_t now = time(NULL);

	for (int i = 0; i < RECENT; i++)
		if (recent[i].at && now - recent[i].at < RECENT_SECS &&
		    ((ip && recent[i].ip == ip) || (port && recent[i].port == port)))
			return true;
	return false;
}

/* Is ip (or port) held by any stored service other than the one named self? */
static bool in_use(uint32_t ip, int port, const char *self_key)
{
	struct cache *c = cache_of(kind_by_resource("", "v1", "services"));
	struct filter f = {0};
	struct centry **items;
	size_t remaining, n = cache_list(c, &f, NULL, 0, &items, &remaining);
	bool used = recently(ip, port);

	for (size_t i = 0; i < n && !used; i++) {
		json_t *svc;
		if (self_key && !strcmp(items[i]->key, self_key))
			continue;
		svc = json_loads(items[i]->json, 0, NULL);
		if (ip) {
			struct in_addr a;
			const char *cip = jx_str(svc, "spec.clusterIP");
			used = cip && inet_pton(AF_INET, cip, &a) == 1 && ntohl(a.s_addr) == ip;
		}
		if (port) {
			size_t j;
			json_t *p;
			json_array_foreach(jx_get(svc, "spec.ports"), j,
					   p) if (jx_int(p, "nodePort", 0) == port) used = true;
		}
		json_decref(svc);
	}
	for (size_t i = 0; i < n; i++)
		centry_unref(items[i]);
	free(items);
	return used;
}

static json_t *ip_invalid(const json_t *svc, const char *ip, const char *why)
{
	json_t *causes = json_array();
	char detail[256];

	snprintf(detail, sizeof(detail), "failed to allocate IP %s: %s", ip, why);
	fe_invalid(causes, "spec.clusterIPs", json_pack("[s]", ip), detail);
	return st_invalid("Service", "", "Service", jx_str(svc, "metadata.name"), causes);
}

static json_t *alloc_ip(json_t *svc, const char *self)
{
	const char *want = jx_str(svc, "spec.clusterIP");
	uint32_t size = g_as->svc_bits >= 32 ? 1 : 1u << (32 - g_as->svc_bits);
	struct in_addr a;
	char buf[INET_ADDRSTRLEN];
	uint32_t start;

	if (want && !strcmp(want, "None"))
		goto set;
	if (want && *want) {
		if (inet_pton(AF_INET, want, &a) != 1)
			return ip_invalid(svc, want, "not a valid IP");
		if ((ntohl(a.s_addr) & g_as->svc_mask) != g_as->svc_net)
			return ip_invalid(svc, want, "the provided IP is not in the valid range");
		if (in_use(ntohl(a.s_addr), 0, self))
			return ip_invalid(svc, want, "provided IP is already allocated");
		remember(ntohl(a.s_addr), 0);
		goto set;
	}
	/* Random, skipping the network address and the broadcast address. */
	RAND_bytes((unsigned char *)&start, sizeof(start));
	for (uint32_t i = 0; i < size; i++) {
		uint32_t off = (start + i) % size;
		if (off == 0 || off == size - 1 || (size > 2 && off == 1 && !want))
			continue;
		if (in_use(g_as->svc_net + off, 0, self))
			continue;
		a.s_addr = htonl(g_as->svc_net + off);
		inet_ntop(AF_INET, &a, buf, sizeof(buf));
		jx_set_str(svc, "spec.clusterIP", buf);
		remember(g_as->svc_net + off, 0);
		goto set;
	}
	return st_new(500, "InternalError",
		      "Internal error occurred: failed to allocate a serviceIP: range is full");
set:
	jx_set(svc, "spec.clusterIPs", json_pack("[s]", jx_str(svc, "spec.clusterIP")));
	return NULL;
}

static json_t *alloc_ports(json_t *svc, const json_t *old, const char *self)
{
	const char *type = jx_str(svc, "spec.type") ?: "ClusterIP";
	bool wants = !strcmp(type, "NodePort") || !strcmp(type, "LoadBalancer");
	int span = g_as->nodeport_hi - g_as->nodeport_lo + 1;
	size_t i;
	json_t *p;

	json_array_foreach(jx_get(svc, "spec.ports"), i, p)
	{
		json_int_t np = jx_int(p, "nodePort", 0);
		uint32_t r;
		if (!wants) {
			json_object_del(p, "nodePort");
			continue;
		}
		if (np) {
			/* Keeping one's own port is fine; taking another's is not. */
			if (np < g_as->nodeport_lo || np > g_as->nodeport_hi ||
			    in_use(0, (int)np, self)) {
				json_t *causes = json_array();
				char f[64], d[128];
				snprintf(d, sizeof(d), "provided port is %s",
					 np < g_as->nodeport_lo || np > g_as->nodeport_hi
					     ? "not in the valid range"
					     : "already allocated");
				fe_invalid(causes,
					   fe_path(f, sizeof(f), "spec.ports[%zu].nodePort", i),
					   json_object_get(p, "nodePort"), d);
				return st_invalid("Service", "", "Service",
						  jx_str(svc, "metadata.name"), causes);
			}
			if (!old)
				remember(0, (int)np);
			continue;
		}
		RAND_bytes((unsigned char *)&r, sizeof(r));
		for (int t = 0; t < span; t++) {
			int port = g_as->nodeport_lo + (int)((r + (uint32_t)t) % (uint32_t)span);
			if (in_use(0, port, self))
				continue;
			json_object_set_new(p, "nodePort", json_integer(port));
			remember(0, port);
			break;
		}
		if (!json_object_get(p, "nodePort"))
			return st_new(
			    500, "InternalError",
			    "Internal error occurred: failed to allocate a nodePort: range "
			    "is full");
	}
	return NULL;
}

static json_t *service_before_write(json_t *svc, const json_t *old)
{
	char self[512];
	json_t *st;

	snprintf(self, sizeof(self), "%s/%s", jx_str(svc, "metadata.namespace") ?: "",
		 jx_str(svc, "metadata.name") ?: "");
	if (!strcmp(jx_str(svc, "spec.type") ?: "", "ExternalName"))
		return NULL;
	if (!old || !jx_str(old, "spec.clusterIP") || !*jx_str(old, "spec.clusterIP")) {
		if ((st = alloc_ip(svc, old ? self : NULL)))
			return st;
	}
	return alloc_ports(svc, old, old ? self : NULL);
}

const struct hooks service_hooks = {.before_write = service_before_write};

/* Pods on a node are deleted gracefully: the kubelet stops them and finishes the delete. */
static bool pod_graceful(const json_t *pod, long *grace, json_t **st)
{
	const char *node = jx_str(pod, "spec.nodeName");
	const char *phase = jx_str(pod, "status.phase") ?: "";

	(void)st;
	if (*grace < 0)
		*grace = (long)jx_int(pod, "spec.terminationGracePeriodSeconds", 30);
	if (!node || !*node || !strcmp(phase, "Succeeded") || !strcmp(phase, "Failed"))
		return false;
	return *grace != 0;
}

const struct hooks pod_hooks = {.graceful_delete = pod_graceful};

static bool namespace_graceful(const json_t *ns, long *grace, json_t **st)
{
	static const char *const immortal[] = {"default", "kube-system", "kube-public", NULL};
	const char *name = jx_str(ns, "metadata.name") ?: "";

	*grace = 0;
	for (int i = 0; immortal[i]; i++)
		if (!strcmp(name, immortal[i])) {
			*st = st_forbidden("", "namespaces", name,
					   "this namespace may not be deleted");
			return false;
		}
	return json_array_size(jx_get(ns, "spec.finalizers")) > 0;
}

const struct hooks namespace_hooks = {.graceful_delete = namespace_graceful};
