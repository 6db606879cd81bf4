/* Certificate requests: what csrapproving recognizes, what the signers refuse, what csrcleaner
 * deletes, and pod GC / TTL timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "../../../controller-manager/cm.h"
#include "../../../controller-manager/decide.h"
#include "jsonx.h"
#include "ktime.h"

struct rec *cm_recorder(struct kc *kc, const char *component)
{
	(void)kc;
	(void)component;
	return NULL;
}

/* A CSR object: subject CN and O (may be NULL), optional DNS SAN, signer and usages (JSON). */
static json_t *make_csr(const char *cn, const char *org, const char *dns, const char *signer,
			const char *usages, const char *user)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509_REQ *req = X509_REQ_new();
	X509_NAME *name = X509_NAME_new();
	BIO *bio = BIO_new(BIO_s_mem());
	BUF_MEM *mem;
	char *b64;
	json_t *csr;

	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	if (org)
		X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)org, -1,
					   -1, 0);
	X509_REQ_set_subject_name(req, name);
	X509_REQ_set_pubkey(req, key);
	if (dns) {
		STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
		char v[200];
		snprintf(v, sizeof(v), "DNS:%s", dns);
		sk_X509_EXTENSION_push(exts,
				       X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, v));
		X509_REQ_add_extensions(req, exts);
		sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	}
	X509_REQ_sign(req, key, EVP_sha256());
	PEM_write_bio_X509_REQ(bio, req);
	BIO_get_mem_ptr(bio, &mem);
	b64 = calloc(1, 4 * (mem->length / 3 + 2));
	EVP_EncodeBlock((unsigned char *)b64, (unsigned char *)mem->data, (int)mem->length);
	csr = json_pack("{s:{s:s}, s:{s:s, s:s, s:s, s:o}}", "metadata", "name", "c", "spec",
			"request", b64, "signerName", signer, "username", user, "usages",
			json_loads(usages, 0, NULL));
	free(b64);
	BIO_free(bio);
	X509_NAME_free(name);
	X509_REQ_free(req);
	EVP_PKEY_free(key);
	return csr;
}

#define KUBELET	      "kubernetes.io/kube-apiserver-client-kubelet"
#define CLIENT_USAGES "[\"digital signature\",\"client auth\"]"

static void check(json_t *csr, bool node, bool self)
{
	struct csr_info info;

	assert_int_equal(csr_parse(csr, &info), 0);
	assert_int_equal(csr_is_node_client(csr, &info), node);
	assert_int_equal(csr_is_self_node_client(csr, &info), self);
	csr_info_free(&info);
	json_decref(csr);
}

static void test_recognize(void **state)
{
	(void)state;
	/* a bootstrap token asking for a node's certificate */
	check(make_csr("system:node:n1", "system:nodes", NULL, KUBELET, CLIENT_USAGES,
		       "system:bootstrap:abcdef"),
	      true, false);
	/* the node renewing its own, with the legacy usages */
	check(make_csr("system:node:n1", "system:nodes", NULL, KUBELET,
		       "[\"key encipherment\",\"digital signature\",\"client auth\"]",
		       "system:node:n1"),
	      true, true);
	/* not these */
	check(make_csr("system:node:n1", "system:masters", NULL, KUBELET, CLIENT_USAGES, "x"),
	      false, false);
	check(make_csr("n1", "system:nodes", NULL, KUBELET, CLIENT_USAGES, "n1"), false, false);
	check(make_csr("system:node:n1", "system:nodes", "n1.example", KUBELET, CLIENT_USAGES, "x"),
	      false, false);
	check(make_csr("system:node:n1", "system:nodes", NULL, KUBELET,
		       "[\"digital signature\",\"client auth\",\"server auth\"]", "x"),
	      false, false);
	check(make_csr("system:node:n1", "system:nodes", NULL,
		       "kubernetes.io/kube-apiserver-client", CLIENT_USAGES, "x"),
	      false, false);
}

static void refuses(json_t *csr, bool want)
{
	struct csr_info info;
	const char *why;

	assert_int_equal(csr_parse(csr, &info), 0);
	why = csr_signer_refuses(csr, &info);
	if ((why != NULL) != want)
		fail_msg("refuses: %s", why ? why : "(accepted)");
	csr_info_free(&info);
	json_decref(csr);
}

static void test_signers(void **state)
{
	(void)state;
	refuses(make_csr("alice", "dev", NULL, "kubernetes.io/kube-apiserver-client", CLIENT_USAGES,
			 "a"),
		false);
	refuses(make_csr("alice", NULL, NULL, "kubernetes.io/kube-apiserver-client",
			 "[\"server auth\"]", "a"),
		true);
	refuses(make_csr("system:node:n", "system:nodes", NULL, KUBELET, CLIENT_USAGES, "a"),
		false);
	refuses(make_csr("alice", "system:nodes", NULL, KUBELET, CLIENT_USAGES, "a"), true);
	refuses(make_csr("system:node:n", "system:nodes", "n.example",
			 "kubernetes.io/kubelet-serving", "[\"digital signature\",\"server auth\"]",
			 "a"),
		false);
	refuses(make_csr("system:node:n", "system:nodes", NULL, "kubernetes.io/kubelet-serving",
			 "[\"digital signature\",\"server auth\"]", "a"),
		true);
	refuses(make_csr("x", NULL, NULL, "kubernetes.io/legacy-unknown", "[\"any\"]", "a"), false);
	refuses(make_csr("x", NULL, NULL, "example.com/mine", "[]", "a"), true);
}

static void test_bad_request(void **state)
{
	json_t *csr = json_pack("{s:{s:s}}", "spec", "request", "bm90IGEgY3Ny");
	struct csr_info info;

	(void)state;
	assert_int_equal(csr_parse(csr, &info), -1);
	json_object_clear(json_object_get(csr, "spec"));
	assert_int_equal(csr_parse(csr, &info), -1);
	json_decref(csr);
}

static json_t *with_condition(const char *type, const char *when)
{
	return json_pack("{s:{s:s}, s:{s:[{s:s, s:s, s:s}]}}", "metadata", "creationTimestamp",
			 "2024-01-01T00:00:00Z", "status", "conditions", "type", type, "status",
			 "True", "lastUpdateTime", when);
}

static void test_cleaner(void **state)
{
	struct timespec ts;
	json_t *c;
	time_t t0;

	(void)state;
	kt_parse("2024-01-01T00:00:00Z", &ts);
	t0 = ts.tv_sec;
	c = with_condition("Denied", "2024-01-01T00:00:00Z");
	assert_false(csrc_expired(c, t0 + 3000));
	assert_true(csrc_expired(c, t0 + 3700));
	json_decref(c);
	c = with_condition("Failed", "2024-01-01T00:00:00Z");
	assert_true(csrc_expired(c, t0 + 3700));
	json_decref(c);
	/* approved but not issued: left alone, as upstream */
	c = with_condition("Approved", "2024-01-01T00:00:00Z");
	assert_false(csrc_expired(c, t0 + 30 * 3600));
	json_decref(c);
	/* pending: a day */
	c = json_pack("{s:{s:s}}", "metadata", "creationTimestamp", "2024-01-01T00:00:00Z");
	assert_false(csrc_expired(c, t0 + 23 * 3600));
	assert_true(csrc_expired(c, t0 + 25 * 3600));
	json_decref(c);
}

static void test_podgc(void **state)
{
	json_t *pods[5];
	const json_t *const *pp = (const json_t *const *)pods, **out;
	static const char *const phase[] = {"Succeeded", "Running", "Failed", "Failed", "Pending"};
	static const char *const made[] = {"2024-01-03T00:00:00Z", "2024-01-01T00:00:00Z",
					   "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z",
					   "2024-01-01T00:00:00Z"};
	size_t n;

	(void)state;
	for (int i = 0; i < 5; i++)
		pods[i] = json_pack("{s:{s:s}, s:{s:s}}", "metadata", "creationTimestamp", made[i],
				    "status", "phase", phase[i]);
	n = podgc_terminated_victims(pp, 5, 1, &out);
	assert_int_equal(n, 2); /* three terminated, one kept: the two oldest go */
	assert_ptr_equal(out[0], pods[2]);
	assert_ptr_equal(out[1], pods[3]);
	free(out);
	assert_int_equal(podgc_terminated_victims(pp, 5, 3, &out), 0);
	free(out);
	assert_int_equal(podgc_terminated_victims(pp, 5, 0, &out), 0); /* 0: disabled */
	free(out);
	for (int i = 0; i < 5; i++)
		json_decref(pods[i]);
}

static void test_ttl(void **state)
{
	json_t *job =
	    json_pack("{s:{s:i}, s:{s:[{s:s, s:s, s:s}]}}", "spec", "ttlSecondsAfterFinished", 100,
		      "status", "conditions", "type", "Complete", "status", "True",
		      "lastTransitionTime", "2024-01-01T00:00:00Z");
	struct timespec ts;
	bool never;

	(void)state;
	kt_parse("2024-01-01T00:00:00Z", &ts);
	assert_int_equal(ttl_expires_in(job, ts.tv_sec + 30, &never), 70);
	assert_false(never);
	assert_true(ttl_expires_in(job, ts.tv_sec + 130, &never) <= 0);
	jx_del(job, "spec.ttlSecondsAfterFinished");
	ttl_expires_in(job, ts.tv_sec, &never);
	assert_true(never);
	json_decref(job);
	job = json_pack("{s:{s:i}, s:{}}", "spec", "ttlSecondsAfterFinished", 0, "status");
	ttl_expires_in(job, ts.tv_sec, &never);
	assert_true(never); /* still running */
	json_decref(job);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_recognize),	cmocka_unit_test(test_signers),
	    cmocka_unit_test(test_bad_request), cmocka_unit_test(test_cleaner),
	    cmocka_unit_test(test_podgc),	cmocka_unit_test(test_ttl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
