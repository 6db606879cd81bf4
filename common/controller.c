#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "jsonx.h"
#include "log.h"

/* arg is the controller's own queue pointer: handlers are added at init, and events that
 * come before the queue is made (at run) are covered by the start's ctrl_enqueue_all. */
static void on_add(void *arg, const json_t *obj)
{
	struct wq **q = arg;

	if (*q)
		ctrl_enqueue(*q, obj);
}

static void on_update(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	on_add(arg, obj);
}

void ctrl_enqueue_self(struct inf *inf, struct wq **q)
{
	struct inf_handler h = {on_add, on_update, on_add, q};

	inf_add_handler(inf, &h);
}

void ctrl_enqueue(struct wq *q, const json_t *obj)
{
	char *key = inf_key(obj);

	if (key)
		wq_add(q, key);
	free(key);
}

void ctrl_enqueue_all(struct inf *inf, struct wq *q)
{
	const json_t **all;
	size_t n = inf_list(inf, &all);

	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(q, all[i]);
	free(all);
}

struct ctrl_op {
	struct wq *q;
	char *key;
	int pending;
	bool failed, finished;
	long requeue_ms; /* 0: none */
};

struct op_req {
	struct ctrl_op *op;
	ctrl_check_fn check;
	void *arg;
	bool is_delete;
	struct op_req *prev, *next; /* in in_flight */
};

/* Requests sent and not yet answered: the module owns them (and through them their ops) until
 * the answer, or until ctrl_op_abandon_all at shutdown, when no answer will come. */
static struct op_req *in_flight;

static void unlink_req(struct op_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		in_flight = r->next;
	if (r->next)
		r->next->prev = r->prev;
}

struct ctrl_op *ctrl_op_new(struct wq *q, const char *key)
{
	struct ctrl_op *op = xcalloc(1, sizeof(*op));

	op->q = q;
	op->key = xstrdup(key);
	return op;
}

/* The last answer is in and the sync said it has no more to send: finish the key. */
static int settle(struct ctrl_op *op)
{
	int rc = op->failed ? WQ_RETRY : WQ_OK;

	if (op->pending) {
		/* The queue learns the result from settle() called by the last answer. */
		return WQ_PENDING;
	}
	if (op->q && !op->failed && op->requeue_ms > 0)
		wq_add_after(op->q, op->key, op->requeue_ms);
	free(op->key);
	free(op);
	return rc;
}

/* Settling asynchronously: do what the queue does with a returned result. */
static void settle_later(struct ctrl_op *op)
{
	struct wq *q = op->q;
	char *key = xstrdup(op->key);
	int rc = settle(op);

	if (!q)
		goto out;
	switch (rc) {
	case WQ_RETRY:
		wq_add_rate_limited(q, key);
		break;
	default:
		wq_forget(q, key);
		break;
	}
	wq_done(q, key);
out:
	free(key);
}

static void answered(void *arg, int code, json_t *body, const char *err)
{
	struct op_req *r = arg;
	struct ctrl_op *op = r->op;
	bool ok;

	unlink_req(r);
	if (r->check)
		ok = r->check(r->arg, code, body, err);
	else
		ok = (code >= 200 && code < 300) || (r->is_delete && code == 404);
	if (!ok) {
		log_v(2, "%s: request failed (%d): %s", op->key, code, err ? err : "");
		op->failed = true;
	}
	free(r);
	op->pending--;
	if (!op->pending && op->finished)
		settle_later(op);
}

void ctrl_op_request(struct ctrl_op *op, struct kc *kc, const char *method, const char *path,
		     const char *ctype, const json_t *body, ctrl_check_fn check, void *arg)
{
	struct op_req *r = xcalloc(1, sizeof(*r));

	r->op = op;
	r->check = check;
	r->arg = arg;
	r->is_delete = !strcmp(method, "DELETE");
	r->next = in_flight;
	if (in_flight)
		in_flight->prev = r;
	in_flight = r;
	op->pending++;
	kc_request(kc, method, path, ctype, body, answered, r);
}

void ctrl_op_create(struct ctrl_op *op, struct kc *kc, const char *path, const json_t *obj)
{
	ctrl_op_request(op, kc, "POST", path, NULL, obj, NULL, NULL);
}

void ctrl_op_update(struct ctrl_op *op, struct kc *kc, const char *path, const json_t *obj)
{
	ctrl_op_request(op, kc, "PUT", path, NULL, obj, NULL, NULL);
}

void ctrl_op_patch(struct ctrl_op *op, struct kc *kc, const char *path, enum kc_patch type,
		   const json_t *patch)
{
	static const char *const ctypes[] = {
	    [KC_PATCH_JSON] = "application/json-patch+json",
	    [KC_PATCH_MERGE] = "application/merge-patch+json",
	    [KC_PATCH_STRATEGIC] = "application/strategic-merge-patch+json",
	    [KC_PATCH_APPLY] = "application/apply-patch+yaml",
	};

	ctrl_op_request(op, kc, "PATCH", path, ctypes[type], patch, NULL, NULL);
}

void ctrl_op_delete(struct ctrl_op *op, struct kc *kc, const char *path, const json_t *opts)
{
	ctrl_op_request(op, kc, "DELETE", path, NULL, opts, NULL, NULL);
}

void ctrl_op_fail(struct ctrl_op *op)
{
	op->failed = true;
}

void ctrl_op_requeue_after(struct ctrl_op *op, long ms)
{
	if (ms > 0 && (!op->requeue_ms || ms < op->requeue_ms))
		op->requeue_ms = ms;
}

int ctrl_op_pending(const struct ctrl_op *op)
{
	return op->pending;
}

int ctrl_op_finish(struct ctrl_op *op)
{
	op->finished = true;
	return settle(op);
}

const json_t *ctrl_controller_ref(const json_t *obj)
{
	json_t *refs = jx_get(obj, "metadata.ownerReferences"), *r;
	size_t i;

	json_array_foreach(refs, i, r)
	{
		if (jx_bool(r, "controller", false))
			return r;
	}
	return NULL;
}

json_t *ctrl_owner_ref(const json_t *owner)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?, s:b, s:b}", "apiVersion",
			 jx_str(owner, "apiVersion"), "kind", jx_str(owner, "kind"), "name",
			 jx_str(owner, "metadata.name"), "uid", jx_str(owner, "metadata.uid"),
			 "controller", 1, "blockOwnerDeletion", 1);
}

bool ctrl_owned_by(const json_t *obj, const json_t *owner)
{
	const char *uid = jx_str(ctrl_controller_ref(obj), "uid");
	const char *ouid = jx_str(owner, "metadata.uid");

	return uid && ouid && !strcmp(uid, ouid);
}

size_t ctrl_owned(const struct inf *inf, const char *ns, const json_t *owner, const json_t ***out)
{
	const json_t **all;
	size_t n = inf_by_index(inf, INF_INDEX_NAMESPACE, ns, &all), m = 0;

	*out = xcalloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		if (ctrl_owned_by(all[i], owner))
			(*out)[m++] = all[i];
	free(all);
	return m;
}

int ctrl_split_key(const char *key, char **ns, char **name)
{
	const char *slash = strchr(key, '/');

	*ns = *name = NULL;
	if (!*key || (slash && (slash == key || !slash[1])))
		return -1;
	if (slash) {
		*ns = xstrndup(key, (size_t)(slash - key));
		*name = xstrdup(slash + 1);
	} else {
		*name = xstrdup(key);
	}
	return 0;
}

void ctrl_op_abandon_all(void)
{
	while (in_flight) {
		struct op_req *r = in_flight;
		struct ctrl_op *op = r->op;

		unlink_req(r);
		free(r);
		if (--op->pending == 0 && op->finished) {
			free(op->key);
			free(op);
		}
	}
}
