/* reqheader: front-proxy (request header) authentication, as upstream's requestheader
 * authenticator: a client certificate signed by --requestheader-client-ca-file, with a common
 * name in --requestheader-allowed-names (any when none), vouches for the user named in its
 * request headers. Also tells the certificates of --client-ca-file apart from the front
 * proxy's, since the TLS handshake trusts both. */
#ifndef KUBE_REQHEADER_H
#define KUBE_REQHEADER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct http_req;
struct user;

/* Lists are comma-separated (repeated flags joined with commas); NULL or "" for none. */
struct rh_config {
	const char *client_ca; /* --client-ca-file */
	const char *ca;	       /* --requestheader-client-ca-file: without it, all is off */
	const char *allowed_names;
	const char *username_headers, *uid_headers, *group_headers, *extra_prefixes;
};

/* Load the CA bundles; 0, or -1 with err. */
int rh_init(const struct rh_config *c, char *err, size_t errlen);
bool rh_enabled(void);

enum rh_verdict {
	RH_NONE, /* not a front-proxy request: the other authenticators decide */
	RH_USER, /* u is the user the front proxy vouches for (system:authenticated not added) */
	RH_FAIL, /* a certificate neither authenticator takes: only a token may still succeed */
};
enum rh_verdict rh_authenticate(const struct http_req *req, struct user *u);
/* Is name one of the headers a front proxy authenticates with? They never travel further. */
bool rh_header(const char *name);
/* The data of kube-system/extension-apiserver-authentication as upstream keeps it: the client
 * CA bundle and, with request header authentication, its CA, names and headers (each list a
 * JSON array in a string), each combined with what existing (the stored data, may be NULL)
 * already holds. A new object. */
json_t *rh_configmap_data(const json_t *existing);

#endif
