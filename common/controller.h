/*
 * controller: the pieces every controller repeats around its sync(key): informer handlers that
 * enqueue keys, and one sync's API writes tracked together so the key is finished (forgotten,
 * retried with back-off, or re-checked later) when the last of them answers.
 *
 *	static int sync(void *arg, const char *key)
 *	{
 *		struct ctrl_op *op = ctrl_op_new(c->q, key);
 *		...
 *		ctrl_op_create(op, c->kc, "/api/v1/namespaces/ns/pods", pod);
 *		return ctrl_op_finish(op);  // WQ_PENDING while writes are in flight
 *	}
 */
#ifndef KUBE_CONTROLLER_H
#define KUBE_CONTROLLER_H

#include <jansson.h>
#include <stdbool.h>

#include "client.h"
#include "informer.h"
#include "workqueue.h"

/* Handlers that add the object's own key ("ns/name") to *q on add, update and delete, once
 * *q is set (a controller makes its queue after adding its handlers). */
void ctrl_enqueue_self(struct inf *inf, struct wq **q);
/* Add the key of every object the informer holds (a controller's start). */
void ctrl_enqueue_all(struct inf *inf, struct wq *q);
/* Add the key of obj (tombstones included) to q. */
void ctrl_enqueue(struct wq *q, const json_t *obj);

/*
 * One sync's writes. Every write counts as failed unless its answer is 2xx, or 404 for a
 * DELETE (already gone), or the caller's check says otherwise. When any failed the key is
 * re-added rate-limited; otherwise its failures are forgotten.
 */
struct ctrl_op;
/* q may be NULL for writes outside any sync (timers): failures are then only logged. */
struct ctrl_op *ctrl_op_new(struct wq *q, const char *key);

/* Called with each answer (body borrowed); return true when it counts as success. */
typedef bool (*ctrl_check_fn)(void *arg, int code, json_t *body, const char *err);

/* Any request (path with query); check may be NULL. body is borrowed. */
void ctrl_op_request(struct ctrl_op *op, struct kc *kc, const char *method, const char *path,
		     const char *ctype, const json_t *body, ctrl_check_fn check, void *arg);
void ctrl_op_create(struct ctrl_op *op, struct kc *kc, const char *path, const json_t *obj);
void ctrl_op_update(struct ctrl_op *op, struct kc *kc, const char *path, const json_t *obj);
void ctrl_op_patch(struct ctrl_op *op, struct kc *kc, const char *path, enum kc_patch type,
		   const json_t *patch);
/* opts: DeleteOptions or NULL. */
void ctrl_op_delete(struct ctrl_op *op, struct kc *kc, const char *path, const json_t *opts);
/* Mark the sync failed without a request (the key is retried with back-off). */
void ctrl_op_fail(struct ctrl_op *op);
/* After success, check the key again in ms (minReadySeconds, deadlines, the next cron time);
 * the earliest asked for wins. */
void ctrl_op_requeue_after(struct ctrl_op *op, long ms);
/* Writes in flight so far. */
int ctrl_op_pending(const struct ctrl_op *op);
/*
 * No more writes: returns what sync returns. With nothing in flight the op is settled now
 * (WQ_OK or WQ_RETRY, the requeue-after applied); otherwise WQ_PENDING and it settles
 * itself (wq_done included) when the last answer comes.
 */
int ctrl_op_finish(struct ctrl_op *op);
/* At shutdown, once no event loop runs again: frees the writes still waiting for an answer
 * and their ops, which no answer will settle now. */
void ctrl_op_abandon_all(void);

/* metadata.ownerReferences entry with controller: true, or NULL (borrowed). */
const json_t *ctrl_controller_ref(const json_t *obj);
/* An ownerReference to owner (apiVersion, kind from owner) with controller and
 * blockOwnerDeletion true. New reference. */
json_t *ctrl_owner_ref(const json_t *owner);
/* True when obj's controller reference names owner's uid. */
bool ctrl_owned_by(const json_t *obj, const json_t *owner);

/* The objects in ns that owner controls (borrowed): *out is malloc'd; returns the count. */
size_t ctrl_owned(const struct inf *inf, const char *ns, const json_t *owner, const json_t ***out);

/* Split "ns/name" into ns (NULL when cluster-scoped) and name, both malloc'd. -1 if empty. */
int ctrl_split_key(const char *key, char **ns, char **name);

#endif
