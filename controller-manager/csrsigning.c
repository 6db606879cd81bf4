/*
 * csrsigning: issues certificates for approved CSRs of the built-in signers
 * (kube-apiserver-client, kube-apiserver-client-kubelet, kubelet-serving, legacy-unknown)
 * with the cluster CA (--cluster-signing-cert-file / --cluster-signing-key-file). A request a
 * signer refuses gets the Failed condition. Certificates start 5 minutes in the past (clock
 * skew) and last the shorter of --cluster-signing-duration and spec.expirationSeconds, never
 * beyond the CA.
 */
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "b64.h"
#include "cm.h"
#include "controller.h"
#include "decide.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"

#define CSRS	 "/apis/certificates.k8s.io/v1/certificatesigningrequests"
#define BACKDATE 300

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *csrs;
	struct wq *q;
	X509 *ca;
	EVP_PKEY *key;
} cs;

/* ---- what each signer accepts ---- */

static bool has_usage(const json_t *csr, const char *u)
{
	size_t i;
	json_t *v;

	json_array_foreach(jx_get(csr, "spec.usages"), i,
			   v) if (!strcmp(json_string_value(v) ?: "", u)) return true;
	return false;
}

/* Every usage is one of allowed (NULL-terminated). */
static bool usages_within(const json_t *csr, const char *const *allowed)
{
	size_t i, j;
	json_t *v;

	json_array_foreach(jx_get(csr, "spec.usages"), i, v)
	{
		for (j = 0; allowed[j] && strcmp(json_string_value(v) ?: "", allowed[j]); j++)
			;
		if (!allowed[j])
			return false;
	}
	return true;
}

static const char *node_subject(const struct csr_info *info)
{
	if (info->norgs != 1 || strcmp(info->orgs[0], "system:nodes"))
		return "subject organization is not system:nodes";
	if (strncmp(info->cn, "system:node:", 12))
		return "subject common name does not begin with system:node:";
	return NULL;
}

static const char *kubelet_client(const json_t *csr, const struct csr_info *info)
{
	static const char *const ok[] = {"digital signature", "key encipherment", "client auth",
					 NULL};
	const char *why = node_subject(info);

	if (why)
		return why;
	if (info->ndns || info->nip || info->nemail || info->nuri)
		return "dnsNames, emailAddresses, ipAddresses and uris are forbidden";
	if (!usages_within(csr, ok) || !has_usage(csr, "client auth") ||
	    !has_usage(csr, "digital signature"))
		return "usages did not match [digital signature key encipherment client auth]";
	return NULL;
}

static const char *kubelet_serving(const json_t *csr, const struct csr_info *info)
{
	static const char *const ok[] = {"digital signature", "key encipherment", "server auth",
					 NULL};
	const char *why = node_subject(info);

	if (why)
		return why;
	if (info->nemail || info->nuri)
		return "emailAddresses and uris are forbidden";
	if (!info->ndns && !info->nip)
		return "at least one DNS or IP subjectAltName is required";
	if (!usages_within(csr, ok) || !has_usage(csr, "server auth") ||
	    !has_usage(csr, "digital signature"))
		return "usages did not match [digital signature key encipherment server auth]";
	return NULL;
}

static const char *apiserver_client(const json_t *csr, const struct csr_info *info)
{
	static const char *const ok[] = {"digital signature", "key encipherment", "client auth",
					 NULL};

	(void)info;
	if (!usages_within(csr, ok))
		return "invalid usage for client certificate";
	return NULL;
}

static const struct {
	const char *name;
	const char *(*refuses)(const json_t *csr, const struct csr_info *info);
} signers[] = {
    {"kubernetes.io/kube-apiserver-client", apiserver_client},
    {"kubernetes.io/kube-apiserver-client-kubelet", kubelet_client},
    {"kubernetes.io/kubelet-serving", kubelet_serving},
    {"kubernetes.io/legacy-unknown", NULL},
};

static int signer_of(const json_t *csr)
{
	const char *name = jx_str(csr, "spec.signerName") ?: "";

	for (size_t i = 0; i < sizeof(signers) / sizeof(signers[0]); i++)
		if (!strcmp(signers[i].name, name))
			return (int)i;
	return -1;
}

const char *csr_signer_refuses(const json_t *csr, const struct csr_info *info)
{
	int s = signer_of(csr);

	if (s < 0)
		return "not a signer of this controller";
	return signers[s].refuses ? signers[s].refuses(csr, info) : NULL;
}

/* ---- signing ---- */

/* spec.usages as OpenSSL's keyUsage and extendedKeyUsage values ("a,b"); -1 on an unknown
 * usage. */
static int usage_strings(const json_t *csr, char *ku, char *eku, size_t len)
{
	static const struct {
		const char *usage, *ku, *eku;
	} map[] = {
	    {"signing", "digitalSignature", NULL},
	    {"digital signature", "digitalSignature", NULL},
	    {"content commitment", "nonRepudiation", NULL},
	    {"key encipherment", "keyEncipherment", NULL},
	    {"key agreement", "keyAgreement", NULL},
	    {"data encipherment", "dataEncipherment", NULL},
	    {"cert sign", "keyCertSign", NULL},
	    {"crl sign", "cRLSign", NULL},
	    {"encipher only", "encipherOnly", NULL},
	    {"decipher only", "decipherOnly", NULL},
	    {"any", NULL, "anyExtendedKeyUsage"},
	    {"server auth", NULL, "serverAuth"},
	    {"client auth", NULL, "clientAuth"},
	    {"code signing", NULL, "codeSigning"},
	    {"email protection", NULL, "emailProtection"},
	    {"s/mime", NULL, "emailProtection"},
	    {"ipsec end system", NULL, "1.3.6.1.5.5.7.3.5"},
	    {"ipsec tunnel", NULL, "1.3.6.1.5.5.7.3.6"},
	    {"ipsec user", NULL, "1.3.6.1.5.5.7.3.7"},
	    {"timestamping", NULL, "timeStamping"},
	    {"ocsp signing", NULL, "OCSPSigning"},
	    {"microsoft sgc", NULL, "msSGC"},
	    {"netscape sgc", NULL, "nsSGC"},
	};
	size_t i, j;
	json_t *v;

	*ku = *eku = 0;
	json_array_foreach(jx_get(csr, "spec.usages"), i, v)
	{
		for (j = 0; j < sizeof(map) / sizeof(map[0]) &&
			    strcmp(json_string_value(v) ?: "", map[j].usage);
		     j++)
			;
		if (j == sizeof(map) / sizeof(map[0]))
			return -1;
		if (map[j].ku && !strstr(ku, map[j].ku))
			snprintf(ku + strlen(ku), len - strlen(ku), "%s%s", *ku ? "," : "",
				 map[j].ku);
		if (map[j].eku && !strstr(eku, map[j].eku))
			snprintf(eku + strlen(eku), len - strlen(eku), "%s%s", *eku ? "," : "",
				 map[j].eku);
	}
	return 0;
}

static int add_ext(X509 *crt, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	int rc = e && X509_add_ext(crt, e, -1) ? 0 : -1;

	X509_EXTENSION_free(e);
	return rc;
}

static void copy_sans(X509 *crt, X509_REQ *req)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);

	for (int i = 0; exts && i < sk_X509_EXTENSION_num(exts); i++) {
		X509_EXTENSION *e = sk_X509_EXTENSION_value(exts, i);
		if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) == NID_subject_alt_name)
			X509_add_ext(crt, e, -1);
	}
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
}

static int set_validity(X509 *crt, long secs)
{
	time_t now = time(NULL);

	if (!X509_time_adj_ex(X509_getm_notBefore(crt), 0, -BACKDATE, &now) ||
	    !X509_time_adj_ex(X509_getm_notAfter(crt), 0, secs, &now))
		return -1;
	/* Never outlive the CA. */
	if (ASN1_TIME_compare(X509_get0_notAfter(crt), X509_get0_notAfter(cs.ca)) > 0)
		X509_set1_notAfter(crt, X509_get0_notAfter(cs.ca));
	return 0;
}

static int set_serial(X509 *crt)
{
	BIGNUM *bn = BN_new();
	int rc = -1;

	if (bn && BN_rand(bn, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(crt)))
		rc = 0;
	BN_free(bn);
	return rc;
}

/* A signed certificate's PEM (malloc'd), or NULL. */
static char *sign(X509_REQ *req, const json_t *csr, long secs)
{
	char ku[512], eku[512], *pem = NULL;
	EVP_PKEY *pub = X509_REQ_get_pubkey(req);
	X509 *crt = X509_new();
	X509V3_CTX ctx;
	BIO *bio = NULL;
	BUF_MEM *mem;

	if (!pub || !crt || X509_REQ_verify(req, pub) <= 0 ||
	    usage_strings(csr, ku, eku, sizeof(ku)) || !X509_set_version(crt, 2) ||
	    set_serial(crt) || set_validity(crt, secs) ||
	    !X509_set_issuer_name(crt, X509_get_subject_name(cs.ca)) ||
	    !X509_set_subject_name(crt, X509_REQ_get_subject_name(req)) ||
	    !X509_set_pubkey(crt, pub))
		goto out;
	X509V3_set_ctx(&ctx, cs.ca, crt, NULL, NULL, 0);
	if ((*ku && add_ext(crt, &ctx, NID_key_usage, ku)) ||
	    (*eku && add_ext(crt, &ctx, NID_ext_key_usage, eku)) ||
	    add_ext(crt, &ctx, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_ext(crt, &ctx, NID_authority_key_identifier, "keyid"))
		goto out;
	copy_sans(crt, req);
	if (!X509_sign(crt, cs.key, EVP_sha256()))
		goto out;
	bio = BIO_new(BIO_s_mem());
	if (bio && PEM_write_bio_X509(bio, crt)) {
		BIO_get_mem_ptr(bio, &mem);
		pem = xstrndup(mem->data, mem->length);
	}
out:
	BIO_free(bio);
	X509_free(crt);
	EVP_PKEY_free(pub);
	return pem;
}

/* ---- the controller ---- */

static void write_status(struct ctrl_op *op, json_t *copy)
{
	char *path = xasprintf(CSRS "/%s/status", jx_str(copy, "metadata.name") ?: "");

	ctrl_op_update(op, cs.kc, path, copy);
	free(path);
}

static void fail(struct ctrl_op *op, const json_t *csr, const char *why)
{
	json_t *copy = json_deep_copy(csr), *conds = jx_get(copy, "status.conditions");
	char now[32];

	log_info("csrsigning: %s refused: %s", jx_str(csr, "metadata.name") ?: "", why);
	kt_format(time(NULL), now);
	if (!json_is_array(conds)) {
		conds = json_array();
		jx_set(copy, "status.conditions", conds);
	}
	json_array_append_new(conds, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "Failed",
					       "status", "True", "reason",
					       "SignerValidationFailure", "message", why,
					       "lastUpdateTime", now, "lastTransitionTime", now));
	write_status(op, copy);
	json_decref(copy);
}

static long validity(const json_t *csr)
{
	long secs = cs.cm->o->signing_duration_ms / 1000;
	json_int_t exp = jx_int(csr, "spec.expirationSeconds", 0);

	if (exp > 0 && exp < secs)
		secs = (long)exp;
	return secs;
}

static void issue(struct ctrl_op *op, const json_t *csr, X509_REQ *req)
{
	char *pem = sign(req, csr, validity(csr)), *enc;
	json_t *copy;

	if (!pem) {
		log_warn("csrsigning: could not sign %s", jx_str(csr, "metadata.name") ?: "");
		ctrl_op_fail(op);
		return;
	}
	enc = b64_encode(pem, strlen(pem), false);
	copy = json_deep_copy(csr);
	jx_set_str(copy, "status.certificate", enc);
	log_info("csrsigning: issued a certificate for %s", jx_str(csr, "metadata.name") ?: "");
	write_status(op, copy);
	json_decref(copy);
	free(enc);
	free(pem);
}

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(cs.q, name);
	const json_t *csr = inf_get(cs.csrs, name);
	struct csr_info info = {0};
	X509_REQ *req = NULL;
	const char *why;

	(void)arg;
	if (!csr || signer_of(csr) < 0 || jx_str(csr, "status.certificate") ||
	    !csr_condition(csr, "Approved") || csr_condition(csr, "Denied") ||
	    csr_condition(csr, "Failed"))
		goto out;
	if (!(req = csr_request(csr)) || csr_parse(csr, &info)) {
		fail(op, csr, "unable to parse csr");
		goto out;
	}
	if ((why = csr_signer_refuses(csr, &info)))
		fail(op, csr, why);
	else
		issue(op, csr, req);
out:
	csr_info_free(&info);
	X509_REQ_free(req);
	return ctrl_op_finish(op);
}

static int load_ca(const char *cert, const char *key, char *err, size_t errlen)
{
	FILE *f;

	if ((f = fopen(cert, "r"))) {
		cs.ca = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if ((f = fopen(key, "r"))) {
		cs.key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!cs.ca || !cs.key || X509_check_private_key(cs.ca, cs.key) != 1) {
		snprintf(err, errlen, "error reading CSR signer CA from %s and %s", cert, key);
		return -1;
	}
	return 0;
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	const char *cert = cm->o->signing_cert, *key = cm->o->signing_key;

	cs.cm = cm;
	cs.kc = cm_client(cm, "certificate-controller");
	if (!cert || !*cert || !key || !*key) {
		log_info("csrsigning: no --cluster-signing-cert-file/--cluster-signing-key-file, "
			 "not signing");
		return 0;
	}
	if (load_ca(cert, key, err, errlen))
		return -1;
	cs.csrs = inf_factory_get(cm->inf, CSRS, NULL, NULL);
	return 0;
}

static void run(struct cm *cm)
{
	if (!cs.csrs)
		return;
	cs.q = wq_new(cm->base, "csrsigning", 5, sync, NULL);
	ctrl_enqueue_self(cs.csrs, &cs.q);
}

const struct cm_controller cm_csrsigning_controller = {
    .name = "csrsigning",
    .init = init,
    .run = run,
};
