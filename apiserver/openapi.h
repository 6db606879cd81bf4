/* openapi: the OpenAPI documents of /openapi/v2 and /openapi/v3, built once from the kinds
 * table and the schema description, then served from a cache (they never change while the
 * server runs). Not thread-safe on first use: call from the event loop. */
#ifndef KUBE_OPENAPI_H
#define KUBE_OPENAPI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Upstream answers with the dotted form: "@" is not valid in a media type and Go clients
 * refuse to parse it. */
#define OAPI_CT_V2_PROTOBUF "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

/* GET /openapi/v3: {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=H"}}}.
 * A new reference. */
json_t *oapi_v3_index(void);
/* GET /openapi/v3/<gv_path> ("api/v1", "apis/apps/v1"): a new reference, NULL if unknown. */
json_t *oapi_v3_doc(const char *gv_path);
/* The hash a gv document is published under (also a fit strong ETag); NULL if unknown. */
const char *oapi_v3_hash(const char *gv_path);
/* GET /openapi/v2, as swagger JSON or as the protobuf encoding of gnostic's
 * openapi_v2.Document. *out is a malloc'd copy the caller frees. Returns 0 or -1. */
int oapi_v2(bool protobuf, unsigned char **out, size_t *len, const char **content_type);
/* A quoted strong ETag for the v2 document in the given encoding. */
const char *oapi_v2_etag(bool protobuf);
/* Whether an Accept header asks for the protobuf form of /openapi/v2. */
bool oapi_v2_wants_protobuf(const char *accept_header);
/* Free the cached documents (for leak checkers in tests). */
void oapi_cleanup(void);

#endif
