/*
 * discovery: which resources the API server serves, read from /api and /apis (the preferred
 * version of every group), as the garbage collector and the namespace deleter need to reach
 * every kind, custom resources included.
 */
#ifndef CM_DISCOVERY_H
#define CM_DISCOVERY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kc;

/* Verbs a resource accepts, as bits. */
enum {
	DISC_GET = 1 << 0,
	DISC_LIST = 1 << 1,
	DISC_WATCH = 1 << 2,
	DISC_CREATE = 1 << 3,
	DISC_UPDATE = 1 << 4,
	DISC_PATCH = 1 << 5,
	DISC_DELETE = 1 << 6,
	DISC_DELETECOLLECTION = 1 << 7,
};

struct disc_res {
	char *group; /* "" for the core group */
	char *version, *resource, *kind;
	bool namespaced;
	unsigned verbs;
};

struct disc {
	struct disc_res *res;
	size_t n;
	json_t *failed; /* "group/version" -> error message, for the groups that failed */
};

/* The result is the callee's: free it with disc_free. */
typedef void (*disc_done_fn)(void *arg, struct disc *d);

/* Fetch everything asynchronously; done runs once, from the loop. */
void disc_fetch(struct kc *kc, disc_done_fn done, void *arg);
void disc_free(struct disc *d);

/* Append the top-level resources of one APIResourceList (subresources are skipped). */
void disc_add_list(struct disc *d, const json_t *list, const char *group, const char *version);
/* The resource serving apiVersion ("v1", "apps/v1") and kind; when that version is not the
 * preferred one, the same group and kind in another version. NULL when unknown. */
const struct disc_res *disc_find_kind(const struct disc *d, const char *api_version,
				      const char *kind);
/* The collection path: "/api/v1/pods", or "/apis/apps/v1/namespaces/NS/deployments" when ns is
 * given for a namespaced resource. malloc'd. */
char *disc_path(const struct disc_res *r, const char *ns);
/* "pods", "deployments.apps": upstream's GroupResource string. malloc'd. */
char *disc_group_resource(const struct disc_res *r);
/* "group/version" or "version". malloc'd. */
char *disc_api_version(const struct disc_res *r);

#endif
