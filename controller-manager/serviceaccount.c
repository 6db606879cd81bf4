/*
 * serviceaccount controller: every active namespace has a "default" ServiceAccount, made
 * again when deleted.
 */
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "controller.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "workqueue.h"

static const char *const accounts[] = {"default"};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *nss, *sas;
	struct wq *q;
} A;

static bool active(const json_t *ns)
{
	const char *phase = jx_str(ns, "status.phase");

	return ns && !jx_get(ns, "metadata.deletionTimestamp") &&
	       (!phase || !strcmp(phase, "Active"));
}

/* Someone else made it meanwhile, or the namespace started terminating: nothing to retry. */
static bool create_check(void *arg, int code, json_t *body, const char *err)
{
	(void)arg;
	(void)body;
	(void)err;
	return code / 100 == 2 || code == 409 || code == 403;
}

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(A.q, name);
	const json_t *ns = inf_get(A.nss, name);

	(void)arg;
	if (!active(ns))
		return ctrl_op_finish(op);
	for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
		json_t *sa;
		char *path;

		if (inf_get_ns(A.sas, name, accounts[i]))
			continue;
		sa = json_pack("{s:s, s:s, s:{s:s}}", "apiVersion", "v1", "kind", "ServiceAccount",
			       "metadata", "name", accounts[i]);
		path = xasprintf("/api/v1/namespaces/%s/serviceaccounts", name);
		ctrl_op_request(op, A.kc, "POST", path, NULL, sa, create_check, NULL);
		free(path);
		json_decref(sa);
	}
	return ctrl_op_finish(op);
}

static void ns_add(void *arg, const json_t *ns)
{
	(void)arg;
	if (A.q && active(ns))
		ctrl_enqueue(A.q, ns);
}

static void ns_update(void *arg, const json_t *old, const json_t *ns)
{
	(void)old;
	ns_add(arg, ns);
}

static void sa_deleted(void *arg, const json_t *sa)
{
	(void)arg;
	if (A.q && jx_str(sa, "metadata.namespace"))
		wq_add(A.q, jx_str(sa, "metadata.namespace"));
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler nh = {ns_add, ns_update, NULL, NULL};
	struct inf_handler sh = {NULL, NULL, sa_deleted, NULL};

	(void)err;
	(void)errlen;
	A.cm = cm;
	A.kc = cm_client(cm, "service-account-controller");
	A.nss = inf_factory_get(cm->inf, "/api/v1/namespaces", NULL, NULL);
	A.sas = inf_factory_get(cm->inf, "/api/v1/serviceaccounts", NULL, NULL);
	inf_add_handler(A.nss, &nh);
	inf_add_handler(A.sas, &sh);
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **all = NULL;
	size_t n;

	A.q = wq_new(cm->base, "serviceaccount", 1, sync, NULL);
	n = inf_list(A.nss, &all);
	for (size_t i = 0; i < n; i++)
		ns_add(NULL, all[i]);
	free(all);
}

const struct cm_controller cm_serviceaccount_controller = {
    .name = "serviceaccount",
    .init = init,
    .run = run,
};
