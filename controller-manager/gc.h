/* gc: the garbage collector's decisions (upstream's attemptToDeleteItem), free of I/O. */
#ifndef CM_GC_H
#define CM_GC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define GC_FOREGROUND "foregroundDeletion"
#define GC_ORPHAN     "orphan"

/* What one ownerReference points at. */
enum gc_ref_state {
	GC_REF_SOLID,	 /* the owner exists and is not waiting on its dependents */
	GC_REF_DANGLING, /* no object with that uid */
	GC_REF_WAITING,	 /* the owner is being deleted in the foreground */
	GC_REF_UNKNOWN,	 /* cannot tell yet (kind unknown, cache not synced) */
	GC_REF_INVALID,	 /* a cluster-scoped object naming a namespaced owner */
};

enum gc_action {
	GC_NOTHING,
	GC_RETRY,	      /* decide later */
	GC_DROP_REFS,	      /* remove the dangling and waiting references */
	GC_DELETE_FOREGROUND, /* unblock waiting owners, then delete with Foreground */
	GC_DELETE,	      /* delete with gc_policy's propagation */
};

/* The action for an object whose references are in states st[0..n). */
enum gc_action gc_decide(const enum gc_ref_state *st, size_t n, bool has_dependents);
/* Propagation for deleting obj: Orphan or Foreground when it carries that finalizer already,
 * otherwise Background. */
const char *gc_policy(const json_t *obj);
bool gc_has_finalizer(const json_t *obj, const char *name);
/* obj's ownerReferences without those to uids (new reference, possibly empty). */
json_t *gc_refs_without(const json_t *obj, const char *const *uids, size_t n);
/* obj's ownerReferences with blockOwnerDeletion false on those to uids. */
json_t *gc_refs_unblocked(const json_t *obj, const char *const *uids, size_t n);
/* dep's reference to owner_uid has blockOwnerDeletion set. */
bool gc_blocks(const json_t *dep, const char *owner_uid);
/* obj's finalizers without those named (new reference, possibly empty). */
json_t *gc_finalizers_without(const json_t *obj, const char *const *names, size_t n);

#endif
