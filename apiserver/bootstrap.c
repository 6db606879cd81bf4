/* What the server creates once its caches are ready: the system namespaces, then the
 * `kubernetes` service with endpoints pointing at this server, the default RBAC policy and the
 * aggregator's objects (Local APIServices, extension-apiserver-authentication). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator.h"
#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

static int pending;
static int phase;
static void phase_two(void *arg);

static void phase_done(void *arg)
{
	(void)arg;
	log_v(2, "bootstrap: phase %d complete", phase);
	if (phase == 1) {
		phase_two(g_as);

		return;
	}
	g_as->ready = true;
	log_info("kube-apiserver ready");
}

static void created(void *arg, json_t *st)
{
	const char *what = arg;
	const struct kind *nsk = kind_by_resource("", "v1", "namespaces");

	if (st && st_code(st) != 409)
		log_warn("bootstrap: creating %s: %s", what, st_message(st));
	json_decref(st);
	log_v(2, "bootstrap: %s done, %d pending", what, pending - 1);
	/* The next phase reads this one's objects from the cache: wait until they are in. */
	if (--pending == 0)
		cache_wait(cache_of(nsk), cache_fence_rev(cache_of(nsk)), phase_done, NULL);
}

static void ensure(const char *resource, const char *group, json_t *obj, const char *what)
{
	const struct kind *k = kind_by_resource(group, NULL, resource);
	const char *ns = jx_str(obj, "metadata.namespace");

	if (cache_get(cache_of(k), ns, jx_str(obj, "metadata.name"))) {
		json_decref(obj);
		pending++;
		created((void *)what, NULL);
		return;
	}
	pending++;
	reg_create_internal(k, obj, created, (void *)what);
}

static json_t *namespace(const char *name)
{
	return json_pack("{s:s, s:s, s:{s:s}}", "apiVersion", "v1", "kind", "Namespace", "metadata",
			 "name", name);
}

void bootstrap_start(struct apiserver *as)
{
	static const char *const system_ns[] = {"default", "kube-system", "kube-public",
						"kube-node-lease", NULL};

	(void)as; /* phase two reads it from g_as, once the namespaces exist */
	agg_start();
	phase = 1;
	pending = 1; /* held until every create is started */
	for (int i = 0; system_ns[i]; i++)
		ensure("namespaces", "", namespace(system_ns[i]), system_ns[i]);
	created((void *)"namespaces", NULL);
}

static void phase_two(void *arg)
{
	struct apiserver *as = arg;
	char ip[INET_ADDRSTRLEN];
	struct in_addr a = {htonl(as->svc_net + 1)};

	phase = 2;
	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	pending = 1;
	ensure("services", "",
	       json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s, s:s}}, s:{s:s, s:[{s:s, s:s, s:i, "
			 "s:i}], s:s}}",
			 "apiVersion", "v1", "kind", "Service", "metadata", "name", "kubernetes",
			 "namespace", "default", "labels", "component", "apiserver", "provider",
			 "kubernetes", "spec", "type", "ClusterIP", "ports", "name", "https",
			 "protocol", "TCP", "port", 443, "targetPort", as->secure_port, "clusterIP",
			 ip),
	       "service kubernetes");
	ensure("endpoints", "",
	       json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:[{s:[{s:s}], s:[{s:s, s:i, s:s}]}]}",
			 "apiVersion", "v1", "kind", "Endpoints", "metadata", "name", "kubernetes",
			 "namespace", "default", "labels",
			 "endpointslice.kubernetes.io/skip-mirror", "true", "subsets", "addresses",
			 "ip", as->advertise_address, "ports", "name", "https", "port",
			 as->secure_port, "protocol", "TCP"),
	       "endpoints kubernetes");
	ensure("endpointslices", "discovery.k8s.io",
	       json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:s, s:[{s:[s], s:{s:b}}], "
			 "s:[{s:s, s:i, s:s}]}",
			 "apiVersion", "discovery.k8s.io/v1", "kind", "EndpointSlice", "metadata",
			 "name", "kubernetes", "namespace", "default", "labels",
			 "kubernetes.io/service-name", "kubernetes", "addressType", "IPv4",
			 "endpoints", "addresses", as->advertise_address, "conditions", "ready", 1,
			 "ports", "name", "https", "port", as->secure_port, "protocol", "TCP"),
	       "endpointslice kubernetes");
	pending++;
	policy_reconcile(created, (void *)"default RBAC policy");
	pending++;
	agg_bootstrap(created, (void *)"APIServices and extension-apiserver-authentication");
	created((void *)"bootstrap", NULL);
}
