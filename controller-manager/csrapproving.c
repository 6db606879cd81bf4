/*
 * csrapproving: approves kubelet client certificate requests (signer
 * kubernetes.io/kube-apiserver-client-kubelet) when a SubjectAccessReview says the requester
 * may: a node renewing its own (create certificatesigningrequests/selfnodeclient) or anyone
 * allowed to ask for node client certificates, such as bootstrap tokens (…/nodeclient).
 * Also home of the CSR parsing the signer and cleaner share.
 */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "controller.h"
#include "decide.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "tls.h"

#define CSRS	       "/apis/certificates.k8s.io/v1/certificatesigningrequests"
#define KUBELET_CLIENT "kubernetes.io/kube-apiserver-client-kubelet"

/* ---- CSR parsing ---- */

X509_REQ *csr_request(const json_t *csr)
{
	return tls_csr_from_b64(jx_str(csr, "spec.request"));
}

static void count_sans(X509_REQ *req, struct csr_info *info)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	GENERAL_NAMES *names = NULL;

	for (int i = 0; exts && i < sk_X509_EXTENSION_num(exts) && !names; i++) {
		X509_EXTENSION *e = sk_X509_EXTENSION_value(exts, i);
		if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) == NID_subject_alt_name)
			names = X509V3_EXT_d2i(e);
	}
	for (int i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		switch (sk_GENERAL_NAME_value(names, i)->type) {
		case GEN_DNS:
			info->ndns++;
			break;
		case GEN_IPADD:
			info->nip++;
			break;
		case GEN_EMAIL:
			info->nemail++;
			break;
		case GEN_URI:
			info->nuri++;
			break;
		}
	}
	GENERAL_NAMES_free(names);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
}

static char *entry_text(X509_NAME_ENTRY *e)
{
	unsigned char *utf8 = NULL;
	int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
	char *s = n >= 0 ? xstrndup((const char *)utf8, (size_t)n) : xstrdup("");

	OPENSSL_free(utf8);
	return s;
}

int csr_parse(const json_t *csr, struct csr_info *info)
{
	X509_REQ *req = csr_request(csr);
	X509_NAME *subj;

	memset(info, 0, sizeof(*info));
	if (!req)
		return -1;
	subj = X509_REQ_get_subject_name(req);
	for (int i = 0; i < X509_NAME_entry_count(subj); i++) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(subj, i);
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		if (nid == NID_commonName) {
			free(info->cn);
			info->cn = entry_text(e);
		} else if (nid == NID_organizationName) {
			info->orgs = xrealloc(info->orgs, (info->norgs + 1) * sizeof(char *));
			info->orgs[info->norgs++] = entry_text(e);
		}
	}
	count_sans(req, info);
	X509_REQ_free(req);
	if (!info->cn)
		info->cn = xstrdup("");
	return 0;
}

void csr_info_free(struct csr_info *info)
{
	for (size_t i = 0; i < info->norgs; i++)
		free(info->orgs[i]);
	free(info->orgs);
	free(info->cn);
	memset(info, 0, sizeof(*info));
}

const json_t *csr_condition(const json_t *csr, const char *type)
{
	size_t i;
	json_t *c;

	json_array_foreach(jx_get(csr, "status.conditions"), i, c)
	{
		if (!strcmp(jx_str(c, "type") ?: "", type) &&
		    !strcmp(jx_str(c, "status") ?: "True", "True"))
			return c;
	}
	return NULL;
}

/* spec.usages is exactly the set want (NULL-terminated). */
static bool exact_usages(const json_t *csr, const char *const *want)
{
	const json_t *usages = jx_get(csr, "spec.usages");
	size_t n = 0, i, j;
	json_t *u;

	while (want[n])
		n++;
	if (json_array_size(usages) != n)
		return false;
	json_array_foreach(usages, i, u)
	{
		for (j = 0; j < n && strcmp(json_string_value(u) ?: "", want[j]); j++)
			;
		if (j == n)
			return false;
	}
	return true;
}

bool csr_is_node_client(const json_t *csr, const struct csr_info *info)
{
	static const char *const plain[] = {"digital signature", "client auth", NULL};
	static const char *const legacy[] = {"key encipherment", "digital signature", "client auth",
					     NULL};

	if (strcmp(jx_str(csr, "spec.signerName") ?: "", KUBELET_CLIENT))
		return false;
	if (info->ndns || info->nip || info->nemail || info->nuri)
		return false;
	if (info->norgs != 1 || strcmp(info->orgs[0], "system:nodes"))
		return false;
	if (strncmp(info->cn, "system:node:", 12))
		return false;
	return exact_usages(csr, plain) || exact_usages(csr, legacy);
}

bool csr_is_self_node_client(const json_t *csr, const struct csr_info *info)
{
	return csr_is_node_client(csr, info) &&
	       !strcmp(jx_str(csr, "spec.username") ?: "", info->cn);
}

/* ---- the approver ---- */

static const struct recognizer {
	bool (*recognize)(const json_t *csr, const struct csr_info *info);
	const char *subresource, *message;
} recognizers[] = {
    {csr_is_self_node_client, "selfnodeclient",
     "Auto approving self kubelet client certificate after SubjectAccessReview."},
    {csr_is_node_client, "nodeclient",
     "Auto approving kubelet client certificate after SubjectAccessReview."},
};
#define NRECOGNIZERS (sizeof(recognizers) / sizeof(recognizers[0]))

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *csrs;
	struct wq *q;
} ca;

/* One CSR's reviews in flight: the recognizers still to try, in order. */
struct review {
	struct ctrl_op *op;
	json_t *csr;
	bool match[NRECOGNIZERS];
	size_t at;
};

static bool reviewed(void *arg, int code, json_t *body, const char *err);

static json_t *sar_for(const json_t *csr, const char *subresource)
{
	json_t *spec = json_pack(
	    "{s:s?, s:s?, s:O?, s:O?, s:{s:s, s:s, s:s, s:s, s:s}}", "user",
	    jx_str(csr, "spec.username"), "uid", jx_str(csr, "spec.uid"), "groups",
	    jx_get(csr, "spec.groups"), "extra", jx_get(csr, "spec.extra"), "resourceAttributes",
	    "group", "certificates.k8s.io", "version", "*", "resource",
	    "certificatesigningrequests", "verb", "create", "subresource", subresource);

	return json_pack("{s:s, s:s, s:o}", "apiVersion", "authorization.k8s.io/v1", "kind",
			 "SubjectAccessReview", "spec", spec);
}

/* Ask about the next recognizer that matched; false when none is left. */
static bool review_next(struct review *r)
{
	json_t *sar;

	while (r->at < NRECOGNIZERS && !r->match[r->at])
		r->at++;
	if (r->at == NRECOGNIZERS)
		return false;
	sar = sar_for(r->csr, recognizers[r->at].subresource);
	ctrl_op_request(r->op, ca.kc, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
			NULL, sar, reviewed, r);
	json_decref(sar);
	return true;
}

static void approve(struct review *r)
{
	json_t *conds = jx_get(r->csr, "status.conditions");
	char now[32], *path;

	kt_format(time(NULL), now);
	if (!json_is_array(conds)) {
		conds = json_array();
		jx_set(r->csr, "status.conditions", conds);
	}
	json_array_append_new(conds, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "Approved",
					       "status", "True", "reason", "AutoApproved",
					       "message", recognizers[r->at].message,
					       "lastUpdateTime", now, "lastTransitionTime", now));
	path = xasprintf(CSRS "/%s/approval", jx_str(r->csr, "metadata.name") ?: "");
	log_info("csrapproving: approving %s (%s)", jx_str(r->csr, "metadata.name") ?: "",
		 recognizers[r->at].subresource);
	ctrl_op_update(r->op, ca.kc, path, r->csr);
	free(path);
}

static bool reviewed(void *arg, int code, json_t *body, const char *err)
{
	struct review *r = arg;
	bool ok = false;

	if (code != 200 && code != 201) {
		log_warn("csrapproving: SubjectAccessReview failed (%d): %s", code, err ? err : "");
		goto done;
	}
	if (jx_bool(body, "status.allowed", false)) {
		approve(r);
		ok = true;
		goto done;
	}
	r->at++;
	if (review_next(r))
		return true; /* the next review is out and owns r */
	/* Recognized but not allowed: retried with back-off, as upstream's ignorable error. */
	log_v(2, "csrapproving: %s recognized, but no SubjectAccessReview allowed it",
	      jx_str(r->csr, "metadata.name") ?: "");
done:
	json_decref(r->csr);
	free(r);
	return ok;
}

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(ca.q, name);
	const json_t *csr = inf_get(ca.csrs, name);
	struct csr_info info;
	struct review *r;
	bool any = false;

	(void)arg;
	if (!csr || jx_str(csr, "status.certificate") || csr_condition(csr, "Approved") ||
	    csr_condition(csr, "Denied"))
		goto out;
	/* A review needs a requester: without one (never set by the API server) nothing can
	 * ever be allowed, and spec is immutable, so there is nothing to retry. */
	if (!*(jx_str(csr, "spec.username") ?: "") && !json_array_size(jx_get(csr, "spec.groups")))
		goto out;
	if (csr_parse(csr, &info)) {
		log_warn("csrapproving: unable to parse csr \"%s\"", name);
		goto out;
	}
	r = xcalloc(1, sizeof(*r));
	for (size_t i = 0; i < NRECOGNIZERS; i++)
		any |= r->match[i] = recognizers[i].recognize(csr, &info);
	csr_info_free(&info);
	if (!any) {
		free(r);
		goto out;
	}
	r->op = op;
	r->csr = json_deep_copy(csr);
	review_next(r);
out:
	return ctrl_op_finish(op);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	ca.cm = cm;
	ca.kc = cm_client(cm, "certificate-controller");
	ca.csrs = inf_factory_get(cm->inf, CSRS, NULL, NULL);
	return 0;
}

static void run(struct cm *cm)
{
	ca.q = wq_new(cm->base, "csrapproving", 5, sync, NULL);
	ctrl_enqueue_self(ca.csrs, &ca.q);
}

const struct cm_controller cm_csrapproving_controller = {
    .name = "csrapproving",
    .init = init,
    .run = run,
};
