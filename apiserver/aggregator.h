/* aggregator: upstream's API aggregation layer (kube-aggregator) inside kube-apiserver.
 * An APIService (apiregistration.k8s.io/v1) names the server of one group-version: this one
 * ("Local") or an extension API server behind a Service, to which authenticated and
 * authorized requests are proxied with the user in X-Remote-* headers. Its availability is
 * kept in status.conditions, and its resources join discovery.
 *
 * aggregator.c           the APIServices followed from the watch cache, the Local ones made
 *                        at start, extension-apiserver-authentication, discovery
 * aggregator_proxy.c     endpoints, HTTPS clients and the proxy itself
 * aggregator_available.c the availability controller */
#ifndef KUBE_AGGREGATOR_H
#define KUBE_AGGREGATOR_H

#include <jansson.h>
#include <stdbool.h>

#include "auth.h"
#include "http.h"

struct agg_config {
	/* --proxy-client-cert-file, --proxy-client-key-file: what the proxy presents to extension
	 * servers. NULL: no client certificate (upstream warns the same way). */
	const char *proxy_cert, *proxy_key;
};

void agg_init(const struct agg_config *c);
/* Once the caches are ready: follow APIServices, Services and their endpoints. */
void agg_start(void);
/* Create or update the Local APIServices of the group-versions served here and the ConfigMap
 * kube-system/extension-apiserver-authentication; done(arg, NULL) once both are written. */
void agg_bootstrap(void (*done)(void *arg, json_t *st), void *arg);

/* ---- routing ---- */

/* Does an APIService send group/version to an extension server? */
bool agg_claims(const char *group, const char *version);
/* A request's attributes for authorization, as upstream's request info reads any resource
 * path: s[0..n) are the segments after /apis/GROUP/VERSION (n > 0). The strings point into s
 * and ri. */
struct agg_rinfo {
	struct attrs a;
	char name[256];
};
void agg_request_attrs(const struct http_req *req, const char *group, char **s, int n,
		       struct agg_rinfo *ri);
/* Proxy an authorized request for a claimed group-version; takes u. */
void agg_proxy(struct http_req *req, const char *group, const char *version, struct user *u);

/* ---- discovery (discovery.c) ---- */

/* Insert the groups only extension servers serve into names (an array of group names in
 * discovery order), by their APIServices' priorities. */
void agg_merge_group_names(json_t *names);
/* The versions of a group only extension servers serve, highest priority first, as
 * APIGroup's versions ([{groupVersion, version}]); NULL when there are none. */
json_t *agg_group_versions(const char *group);
/* The same versions as aggregated discovery has them (APIVersionDiscovery, resources as last
 * fetched from each server, "Stale" when that failed); NULL when there are none. */
json_t *agg_discovery_versions(const char *group);

/* ---- between the aggregator's files ---- */

struct agg_client;

/* One remote APIService, as the aggregator knows it. */
struct agg_svc {
	char *name; /* "v1beta1.metrics.k8s.io" */
	char *group, *version;
	char *ns, *svc; /* spec.service */
	int port;
	long gprio, vprio;
	bool available; /* status Available=True */
	struct agg_client *client;
	json_t *disc; /* APIVersionDiscovery last fetched, NULL before */
	bool stale;   /* the last fetch failed */
};

struct agg_svc *agg_svc_get(const char *name);
/* Every remote APIService, NULL-terminated (malloc'd array of borrowed pointers). */
struct agg_svc **agg_svc_all(void);
/* Discovery of name must be fetched again (its service or availability changed). */
void agg_disc_refresh(const char *name);

/* Where a request for a service goes: a ready endpoint of its port. */
struct agg_target {
	char host[64];
	int port;
};
/* 0 and t, or -1 with *why (malloc'd, upstream's message). */
int agg_resolve(const char *ns, const char *svc, int port, struct agg_target *t, char **why);

/* An HTTPS client verifying with the APIService's caBundle (or none when insecure) and
 * presenting the proxy client certificate. Referenced by each user. */
struct agg_client *agg_client_get(const json_t *apiservice);
struct agg_client *agg_client_ref(struct agg_client *c);
void agg_client_unref(struct agg_client *c);
/* One that checks no certificate, for the availability checks. */
struct agg_client *agg_client_insecure(void);
struct httpc *agg_client_httpc(struct agg_client *c);
/* Append the X-Remote-* headers naming u ("Name: value" strings, malloc'd) to hdrs. */
void agg_user_headers(const struct user *u, char ***hdrs, size_t *n);
/* Go's wording for a failed transfer to host_port (malloc'd), from curl's err and the
 * system errno; timed: a client timeout rather than a dial's. */
char *agg_transfer_error(const char *host_port, const char *err, int os_errno, bool timed);

/* ---- aggregator_available.c ---- */

void avail_start(void);
/* Check the APIService of that name soon. */
void avail_enqueue(const char *name);

#endif
