/*
 * csrcleaner: deletes certificate requests nobody needs any more, once an hour as upstream:
 * issued ones an hour after approval or once the certificate expired, denied and failed ones
 * after an hour, and those still pending (no condition at all) after a day.
 */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "cm.h"
#include "decide.h"
#include "informer.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"

#define CSRS	 "/apis/certificates.k8s.io/v1/certificatesigningrequests"
#define PERIOD_S 3600
#define DONE_TTL 3600
#define PEND_TTL (24 * 3600)

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *csrs;
	struct event *tick;
} cc;

static bool older(const char *ts, time_t now, long secs)
{
	struct timespec t;

	return ts && !kt_parse(ts, &t) && t.tv_sec + secs < now;
}

/* The issued certificate's notAfter has passed. */
static bool cert_expired(const char *b64, time_t now)
{
	size_t len = strlen(b64);
	unsigned char *pem = xmalloc(len + 1);
	int n = EVP_DecodeBlock(pem, (const unsigned char *)b64, (int)len), cmp = 1;
	X509 *crt = NULL;
	BIO *bio;

	for (size_t l = len; n > 0 && l > 0 && b64[l - 1] == '='; l--)
		n--;
	if (n > 0 && (bio = BIO_new_mem_buf(pem, n))) {
		crt = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	if (crt)
		cmp = X509_cmp_time(X509_get0_notAfter(crt), &now);
	X509_free(crt);
	free(pem);
	return cmp < 0;
}

bool csrc_expired(const json_t *csr, time_t now)
{
	const char *cert = jx_str(csr, "status.certificate");
	const json_t *c;

	if (cert && *cert) {
		c = csr_condition(csr, "Approved");
		if (c && older(jx_str(c, "lastUpdateTime"), now, DONE_TTL))
			return true;
		return cert_expired(cert, now);
	}
	if ((c = csr_condition(csr, "Denied")) && older(jx_str(c, "lastUpdateTime"), now, DONE_TTL))
		return true;
	if ((c = csr_condition(csr, "Failed")) && older(jx_str(c, "lastUpdateTime"), now, DONE_TTL))
		return true;
	return !json_array_size(jx_get(csr, "status.conditions")) &&
	       older(jx_str(csr, "metadata.creationTimestamp"), now, PEND_TTL);
}

static void deleted(void *arg, int code, json_t *body, const char *err)
{
	(void)body;
	if (code != 200 && code != 404)
		log_warn("csrcleaner: deleting %s: %s", (char *)arg, err ? err : "failed");
	free(arg);
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	const json_t **csrs;
	size_t n = inf_list(cc.csrs, &csrs);
	time_t now = time(NULL);

	(void)fd;
	(void)what;
	(void)arg;
	for (size_t i = 0; i < n; i++) {
		char *path;
		if (!csrc_expired(csrs[i], now))
			continue;
		path = xasprintf(CSRS "/%s", jx_str(csrs[i], "metadata.name") ?: "");
		log_info("csrcleaner: deleting %s", path);
		kc_delete(cc.kc, path, NULL, deleted, path);
	}
	free(csrs);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	cc.cm = cm;
	cc.kc = cm_client(cm, "certificate-controller");
	cc.csrs = inf_factory_get(cm->inf, CSRS, NULL, NULL);
	return 0;
}

static void run(struct cm *cm)
{
	struct timeval tv = {PERIOD_S, 0};

	cc.tick = event_new(cm->base, -1, EV_PERSIST, tick, NULL);
	event_add(cc.tick, &tv);
	tick(-1, 0, NULL);
}

const struct cm_controller cm_csrcleaner_controller = {
    .name = "csrcleaner",
    .init = init,
    .run = run,
};
