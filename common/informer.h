/*
 * informer: a local, always-fresh copy of one collection (client-go's shared informer). It
 * lists (in pages), then watches from the list's resourceVersion with bookmarks; on 410 Gone,
 * ERROR events or broken streams it lists again after an exponential back-off and tells the
 * handlers only what changed meanwhile.
 *
 * Cached objects are shared and immutable: every json_t the informer hands out (inf_get,
 * inf_list, inf_by_index, handler arguments) is BORROWED and must NOT be modified -- json_deep_copy
 * one before changing it. A pointer stays valid until the next return to the event loop; incref
 * it to keep it longer.
 */
#ifndef KUBE_INFORMER_H
#define KUBE_INFORMER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kc;
struct inf;

/* Handlers run after the cache has been updated. They should only enqueue keys. */
struct inf_handler {
	void (*on_add)(void *arg, const json_t *obj);
	void (*on_update)(void *arg, const json_t *old, const json_t *obj);
	void (*on_delete)(void *arg, const json_t *obj);
	void *arg;
};

/* Index values of one object: an index function calls inf_values_add for each (copied). */
struct inf_values;
void inf_values_add(struct inf_values *v, const char *value);
typedef void (*inf_index_fn)(const json_t *obj, struct inf_values *out);

/* The built-in index over metadata.namespace. */
#define INF_INDEX_NAMESPACE "namespace"

/*
 * An informer on path ("/api/v1/pods", "/apis/apps/v1/replicasets", or namespaced
 * "/api/v1/namespaces/x/pods"). Selectors may be NULL; resync_secs 0 means no periodic resync.
 * Nothing happens until inf_start.
 */
struct inf *inf_new(struct kc *kc, const char *path, const char *label_selector,
		    const char *field_selector, int resync_secs);
/* Stops the watch and frees the cache. Not from inside its own handlers. */
void inf_free(struct inf *inf);
void inf_start(struct inf *inf);
/* True once the first list has been delivered. */
bool inf_synced(const struct inf *inf);
/* A handler added to a synced informer first receives on_add for every cached object (at
 * once, from inside this call). The handler struct is copied. */
void inf_add_handler(struct inf *inf, const struct inf_handler *h);
/* Add an index (it is built over what is cached already). name is copied. Asking again for a
 * name the informer has is a no-op, so controllers sharing an informer can each ask. */
void inf_add_index(struct inf *inf, const char *name, inf_index_fn fn);
/* An index of pods by spec.nodeName (unbound pods are not in it). */
#define INF_INDEX_NODE_NAME "spec.nodeName"
void inf_index_node_name(const json_t *pod, struct inf_values *out);
/* Back-off between relists: initial and maximal delay (defaults 800 ms, 30 s). */
void inf_set_backoff(struct inf *inf, long initial_ms, long max_ms);
const char *inf_path(const struct inf *inf);
/* The resourceVersion the cache is at. */
const char *inf_resource_version(const struct inf *inf);

/* The key an informer files an object under: "ns/name", or "name" when cluster-scoped.
 * malloc'd; NULL when the object has no name. */
char *inf_key(const json_t *obj);
/* Borrowed (see above); NULL when absent. */
const json_t *inf_get(const struct inf *inf, const char *key);
const json_t *inf_get_ns(const struct inf *inf, const char *ns, const char *name);
size_t inf_count(const struct inf *inf);
/* Every cached object: *out is a malloc'd array (free it) of borrowed pointers. */
size_t inf_list(const struct inf *inf, const json_t ***out);
/* Objects whose index `index` holds value; unknown index or value gives 0. */
size_t inf_by_index(const struct inf *inf, const char *index, const char *value,
		    const json_t ***out);

/* One informer per (path, selectors) in a process, shared by all its controllers. */
struct inf_factory;
struct inf_factory *inf_factory_new(struct kc *kc, int resync_secs);
/* The shared informer, created on first use; owned by the factory. */
struct inf *inf_factory_get(struct inf_factory *f, const char *path, const char *label_selector,
			    const char *field_selector);
/* Start every informer not yet started (later ones need another call). */
void inf_factory_start(struct inf_factory *f);
/* True when every informer the factory has made has synced (so start them all first). */
bool inf_factory_synced(const struct inf_factory *f);
/* fn runs once, when inf_factory_synced becomes true (at once if it is). */
void inf_factory_on_synced(struct inf_factory *f, void (*fn)(void *arg), void *arg);
void inf_factory_free(struct inf_factory *f);

#endif
