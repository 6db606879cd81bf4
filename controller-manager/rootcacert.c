/*
 * root-ca-cert-publisher: a ConfigMap kube-root-ca.crt in every namespace holding the CA
 * bundle (--root-ca-file) that pods use to verify the API server; put back when deleted or
 * changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "cm.h"
#include "controller.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "workqueue.h"

#define CM_NAME		"kube-root-ca.crt"
#define DESCRIPTION_KEY "kubernetes.io/description"
/* The annotation's value, as upstream's publisher writes it (clients may compare it). */
#define DESCRIPTION                                                                                \
	"Contains a CA bundle that can be used to verify the kube-apiserver when using "           \
	"internal endpoints such as the internal service IP or kubernetes.default.svc. No other "  \
	"usage is guaranteed across distributions of Kubernetes clusters."

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *nss, *cms;
	struct wq *q;
	char *ca;
} R;

static json_t *wanted_data(void)
{
	return json_pack("{s:s}", "ca.crt", R.ca);
}

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(R.q, name);
	const json_t *ns = inf_get(R.nss, name), *cur = inf_get_ns(R.cms, name, CM_NAME);
	json_t *data = wanted_data(), *next;
	char *path;

	(void)arg;
	if (!ns || jx_get(ns, "metadata.deletionTimestamp"))
		goto out;
	if (!cur) {
		next = json_pack("{s:s, s:s, s:{s:s, s:{s:s}}, s:O}", "apiVersion", "v1", "kind",
				 "ConfigMap", "metadata", "name", CM_NAME, "annotations",
				 DESCRIPTION_KEY, DESCRIPTION, "data", data);
		path = xasprintf("/api/v1/namespaces/%s/configmaps", name);
		ctrl_op_create(op, R.kc, path, next);
	} else if (!json_equal(json_object_get(cur, "data"), data) ||
		   !json_string_length(
		       json_object_get(jx_get(cur, "metadata.annotations"), DESCRIPTION_KEY))) {
		next = json_deep_copy(cur);
		json_object_set(next, "data", data);
		json_object_set_new(jx_obj(next, "metadata.annotations"), DESCRIPTION_KEY,
				    json_string(DESCRIPTION));
		path = xasprintf("/api/v1/namespaces/%s/configmaps/%s", name, CM_NAME);
		ctrl_op_update(op, R.kc, path, next);
	} else {
		goto out;
	}
	free(path);
	json_decref(next);
out:
	json_decref(data);
	return ctrl_op_finish(op);
}

static void ns_add(void *arg, const json_t *ns)
{
	(void)arg;
	if (R.q)
		ctrl_enqueue(R.q, ns);
}

static void ns_update(void *arg, const json_t *old, const json_t *ns)
{
	(void)old;
	ns_add(arg, ns);
}

static void cm_changed(void *arg, const json_t *c)
{
	const char *name = jx_str(c, "metadata.name"), *ns = jx_str(c, "metadata.namespace");

	(void)arg;
	if (R.q && name && ns && !strcmp(name, CM_NAME))
		wq_add(R.q, ns);
}

static void cm_updated(void *arg, const json_t *old, const json_t *c)
{
	(void)old;
	cm_changed(arg, c);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler nh = {ns_add, ns_update, NULL, NULL};
	struct inf_handler ch = {NULL, cm_updated, cm_changed, NULL};

	R.cm = cm;
	R.kc = cm_client(cm, "root-ca-cert-publisher");
	if (!cm->o->root_ca || !*cm->o->root_ca) {
		log_warn("root-ca-cert-publisher: no --root-ca-file, not publishing " CM_NAME);
		return 0;
	}
	R.ca = file_read(cm->o->root_ca, NULL);
	if (!R.ca) {
		snprintf(err, errlen, "error reading root-ca-file %s", cm->o->root_ca);
		return -1;
	}
	R.nss = inf_factory_get(cm->inf, "/api/v1/namespaces", NULL, NULL);
	R.cms = inf_factory_get(cm->inf, "/api/v1/configmaps", NULL, NULL);
	inf_add_handler(R.nss, &nh);
	inf_add_handler(R.cms, &ch);
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **all = NULL;
	size_t n;

	if (!R.ca)
		return;
	R.q = wq_new(cm->base, "root_ca_cert_publisher", 1, sync, NULL);
	n = inf_list(R.nss, &all);
	for (size_t i = 0; i < n; i++)
		ns_add(NULL, all[i]);
	free(all);
}

const struct cm_controller cm_rootcacert_controller = {
    .name = "root-ca-cert-publisher",
    .init = init,
    .run = run,
};
