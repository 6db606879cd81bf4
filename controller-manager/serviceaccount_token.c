/*
 * serviceaccount-token controller: fills legacy kubernetes.io/service-account-token Secrets
 * with a token (a JWT of issuer "kubernetes/serviceaccount" signed with
 * --service-account-private-key-file), ca.crt and namespace, and deletes such secrets once
 * their service account is gone (or was replaced by another of the same name).
 *
 * Tokens are signed as the API server signs its own (libkube's jws.c): RS256 for RSA keys,
 * ES256/384/512 by curve for EC keys, with upstream's key id.
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "file.h"
#include "cm.h"
#include "controller.h"
#include "informer.h"
#include "jsonx.h"
#include "jws.h"
#include "log.h"
#include "workqueue.h"

#define TOKEN_TYPE    "kubernetes.io/service-account-token"
#define NAME_ANN      "kubernetes.io/service-account.name"
#define UID_ANN	      "kubernetes.io/service-account.uid"
#define LEGACY_ISSUER "kubernetes/serviceaccount"
#define CLAIM	      "kubernetes.io/serviceaccount/"

static struct {
	struct cm *cm;
	struct inf *secrets, *sas;
	struct wq *q;
	EVP_PKEY *key;
	char *kid;
	char *ca;
} T;

/* ---- tokens ---- */

static char *legacy_token(const json_t *sa, const json_t *secret)
{
	const char *ns = jx_str(sa, "metadata.namespace"), *name = jx_str(sa, "metadata.name");
	char *sub = xasprintf("system:serviceaccount:%s:%s", ns, name), *tok;
	json_t *claims = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s}", "iss", LEGACY_ISSUER, CLAIM "namespace", ns,
	    CLAIM "secret.name", jx_str(secret, "metadata.name"), CLAIM "service-account.name",
	    name, CLAIM "service-account.uid", jx_str(sa, "metadata.uid"), "sub", sub);

	tok = jws_sign(T.key, T.kid, claims);
	json_decref(claims);
	free(sub);
	return tok;
}

/* ---- sync ---- */

static const char *annotation(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(jx_get(obj, "metadata.annotations"), key));
}

static bool has_data(const json_t *secret, const char *key)
{
	return json_string_length(json_object_get(json_object_get(secret, "data"), key)) > 0;
}

/* data[key] = base64(value), the value stolen. */
static void set_b64(json_t *data, const char *key, char *value)
{
	char *enc = b64_encode(value, strlen(value), false);

	json_object_set_new(data, key, json_string(enc));
	free(enc);
	free(value);
}

/* Upstream refreshes only what is missing (or a CA that changed). */
static void fill(struct ctrl_op *op, const json_t *secret, const json_t *sa)
{
	json_t *next = json_deep_copy(secret), *data = jx_obj(next, "data");
	json_t *ann = jx_obj(next, "metadata.annotations");
	char *ca64 = T.ca ? b64_encode(T.ca, strlen(T.ca), false) : NULL, *path, *tok;
	const char *cur_ca =
	    json_string_value(json_object_get(json_object_get(secret, "data"), "ca.crt"));
	bool needs_ca = ca64 && (!cur_ca || strcmp(cur_ca, ca64));

	if (!needs_ca && has_data(secret, "token") && has_data(secret, "namespace"))
		goto out;
	if (needs_ca)
		json_object_set_new(data, "ca.crt", json_string(ca64));
	if (!has_data(secret, "namespace"))
		set_b64(data, "namespace", xstrdup(jx_str(sa, "metadata.namespace") ?: ""));
	if (!has_data(secret, "token")) {
		tok = legacy_token(sa, secret);
		if (!tok) {
			log_error("serviceaccount-token: cannot sign a token");
			ctrl_op_fail(op);
			goto out;
		}
		set_b64(data, "token", tok);
	}
	json_object_set_new(ann, NAME_ANN, json_string(jx_str(sa, "metadata.name")));
	json_object_set_new(ann, UID_ANN, json_string(jx_str(sa, "metadata.uid")));
	path = xasprintf("/api/v1/namespaces/%s/secrets/%s", jx_str(secret, "metadata.namespace"),
			 jx_str(secret, "metadata.name"));
	ctrl_op_update(op, T.cm->kc, path, next);
	free(path);
out:
	free(ca64);
	json_decref(next);
}

static void delete_secret(struct ctrl_op *op, const json_t *secret)
{
	json_t *opts = json_pack("{s:s, s:{s:s?}}", "kind", "DeleteOptions", "preconditions", "uid",
				 jx_str(secret, "metadata.uid"));
	char *path =
	    xasprintf("/api/v1/namespaces/%s/secrets/%s", jx_str(secret, "metadata.namespace"),
		      jx_str(secret, "metadata.name"));

	ctrl_op_delete(op, T.cm->kc, path, opts);
	free(path);
	json_decref(opts);
}

static void sync_secret(struct ctrl_op *op, const json_t *secret)
{
	const char *name = annotation(secret, NAME_ANN), *uid = annotation(secret, UID_ANN);
	const json_t *sa;

	if (!name)
		return;
	sa = inf_get_ns(T.sas, jx_str(secret, "metadata.namespace"), name);
	if (!sa || (uid && *uid && strcmp(uid, jx_str(sa, "metadata.uid") ?: ""))) {
		delete_secret(op, secret);
		return;
	}
	if (!jx_get(secret, "metadata.deletionTimestamp"))
		fill(op, secret, sa);
}

static bool is_token_secret(const json_t *s)
{
	const char *type = jx_str(s, "type");

	return type && !strcmp(type, TOKEN_TYPE);
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(T.q, key);
	const json_t *secret = inf_get(T.secrets, key);

	(void)arg;
	if (secret && is_token_secret(secret))
		sync_secret(op, secret);
	return ctrl_op_finish(op);
}

static void secret_add(void *arg, const json_t *s)
{
	(void)arg;
	if (T.q && is_token_secret(s))
		ctrl_enqueue(T.q, s);
}

static void secret_update(void *arg, const json_t *old, const json_t *s)
{
	(void)old;
	secret_add(arg, s);
}

/* An account's change (its deletion above all) concerns the token secrets naming it. */
static void sa_changed(void *arg, const json_t *sa)
{
	const json_t **all = NULL;
	const char *name = jx_str(sa, "metadata.name");
	size_t n;

	(void)arg;
	if (!T.q || !name)
		return;
	n = inf_by_index(T.secrets, INF_INDEX_NAMESPACE, jx_str(sa, "metadata.namespace") ?: "",
			 &all);
	for (size_t i = 0; i < n; i++) {
		const char *ref = annotation(all[i], NAME_ANN);
		if (is_token_secret(all[i]) && ref && !strcmp(ref, name))
			ctrl_enqueue(T.q, all[i]);
	}
	free(all);
}

static void sa_updated(void *arg, const json_t *old, const json_t *sa)
{
	(void)old;
	sa_changed(arg, sa);
}

/* The key holds OpenSSL provider state that is only released with the key itself. */
__attribute__((destructor)) static void free_key(void)
{
	EVP_PKEY_free(T.key);
	T.key = NULL;
	free(T.kid);
	T.kid = NULL;
}

static int load_key(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");

	if (f) {
		T.key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	ERR_clear_error();
	if (!T.key) {
		snprintf(err, errlen, "error reading key for service account token controller: %s",
			 path);
		return -1;
	}
	T.kid = jws_key_id(T.key);
	return 0;
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler sh = {secret_add, secret_update, NULL, NULL};
	struct inf_handler ah = {sa_changed, sa_updated, sa_changed, NULL};

	T.cm = cm;
	if (!cm->o->sa_private_key || !*cm->o->sa_private_key) {
		log_warn("serviceaccount-token: no --service-account-private-key-file, not "
			 "starting");
		return 0;
	}
	if (load_key(cm->o->sa_private_key, err, errlen))
		return -1;
	if (cm->o->root_ca && *cm->o->root_ca && !(T.ca = file_read(cm->o->root_ca, NULL))) {
		snprintf(err, errlen, "error reading root-ca-file %s", cm->o->root_ca);
		return -1;
	}
	T.secrets = inf_factory_get(cm->inf, "/api/v1/secrets", NULL, NULL);
	T.sas = inf_factory_get(cm->inf, "/api/v1/serviceaccounts", NULL, NULL);
	inf_add_handler(T.secrets, &sh);
	inf_add_handler(T.sas, &ah);
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **all = NULL;
	size_t n;

	if (!T.key)
		return;
	T.q = wq_new(cm->base, "serviceaccount-token", cm->o->sa_token_syncs, sync, NULL);
	n = inf_list(T.secrets, &all);
	for (size_t i = 0; i < n; i++)
		secret_add(NULL, all[i]);
	free(all);
}

const struct cm_controller cm_serviceaccount_token_controller = {
    .name = "serviceaccount-token",
    .init = init,
    .run = run,
};
