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

/* The next phase reads this one's objects from the cache: wait until they are in. */
static void written(void *arg)
{
	const struct kind *nsk = kind_by_resource("", "v1", "namespaces");

	(void)arg;
	cache_wait(cache_of(nsk), cache_fence_rev(cache_of(nsk)), phase_done, NULL);
}

static void ensure(struct ens *b, const char *resource, const char *group, json_t *obj)
{
	ens_object(b, kind_by_resource(group, NULL, resource), obj, NULL);
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
	struct ens *b = ens_begin("bootstrap", written, NULL);

	(void)as; /* phase two reads it from g_as, once the namespaces exist */
	agg_start();
	phase = 1;
	for (int i = 0; system_ns[i]; i++)
		ensure(b, "namespaces", "", namespace(system_ns[i]));
	ens_end(b);
}

static void phase_two(void *arg)
{
	struct apiserver *as = arg;
	char ip[INET_ADDRSTRLEN];
	struct in_addr a = {htonl(as->svc_net + 1)};
	struct ens *b = ens_begin("bootstrap", written, NULL);

	phase = 2;
	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	ensure(b, "services", "",
	       json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s, s:s}}, s:{s:s, s:[{s:s, s:s, s:i, "
			 "s:i}], s:s}}",
			 "apiVersion", "v1", "kind", "Service", "metadata", "name", "kubernetes",
			 "namespace", "default", "labels", "component", "apiserver", "provider",
			 "kubernetes", "spec", "type", "ClusterIP", "ports", "name", "https",
			 "protocol", "TCP", "port", 443, "targetPort", as->secure_port, "clusterIP",
			 ip));
	ensure(b, "endpoints", "",
	       json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:[{s:[{s:s}], s:[{s:s, s:i, s:s}]}]}",
			 "apiVersion", "v1", "kind", "Endpoints", "metadata", "name", "kubernetes",
			 "namespace", "default", "labels",
			 "endpointslice.kubernetes.io/skip-mirror", "true", "subsets", "addresses",
			 "ip", as->advertise_address, "ports", "name", "https", "port",
			 as->secure_port, "protocol", "TCP"));
	ensure(b, "endpointslices", "discovery.k8s.io",
	       json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:s, s:[{s:[s], s:{s:b}}], "
			 "s:[{s:s, s:i, s:s}]}",
			 "apiVersion", "discovery.k8s.io/v1", "kind", "EndpointSlice", "metadata",
			 "name", "kubernetes", "namespace", "default", "labels",
			 "kubernetes.io/service-name", "kubernetes", "addressType", "IPv4",
			 "endpoints", "addresses", as->advertise_address, "conditions", "ready", 1,
			 "ports", "name", "https", "port", as->secure_port, "protocol", "TCP"));
	policy_reconcile(ens_release_st, ens_hold(b));
	agg_bootstrap(ens_release_st, ens_hold(b));
	ens_end(b);
}
