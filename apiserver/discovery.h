/* discovery: the documents behind /api, /apis, /apis/<group> and the resource lists, built
 * from the kinds table, in both the classic and the aggregated (apidiscovery.k8s.io) form.
 * Every function returns a new reference the caller owns. */
#ifndef KUBE_DISCOVERY_H
#define KUBE_DISCOVERY_H

#include <jansson.h>
#include <stdbool.h>

/* The Content-Types of aggregated discovery, exactly as clients compare them. */
#define DISC_CT_V2	"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
#define DISC_CT_V2BETA1 "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

/* GET /api: APIVersions; server_address is "host:port" clients should use. */
json_t *disc_api_versions(const char *server_address);
/* GET /apis: APIGroupList of every non-core group. */
json_t *disc_api_groups(void);
/* GET /apis/<group>: APIGroup, or NULL for an unknown group. */
json_t *disc_group(const char *group);
/* GET /api/v1 (group "") and /apis/<group>/<version>: APIResourceList, or NULL if unknown. */
json_t *disc_resources(const char *group, const char *version);
/* GET /api (legacy_core) or /apis in the aggregated form. api_version is "v2" or "v2beta1". */
json_t *disc_aggregated(bool legacy_core, const char *api_version);
/* Read an Accept header. Sets *aggregated when the client asks for APIGroupDiscoveryList in a
 * version we serve, and *version to "v2" or "v2beta1"; returns the Content-Type to answer with
 * (a static string). A NULL header means plain JSON. */
const char *disc_negotiate(const char *accept_header, bool *aggregated, const char **version);
/* The stable base64 hash published as storageVersionHash for a kind. buf holds 16 bytes. */
const char *disc_storage_hash(const char *group, const char *version, const char *kind, char *buf);

#endif
