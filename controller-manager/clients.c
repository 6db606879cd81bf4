/*
 * Per-controller credentials (--use-service-account-credentials), as upstream's
 * DynamicControllerClientBuilder: each controller's client acts as the service account
 * kube-system/<account>, which the manager's own client creates when missing and gets tokens
 * for through the TokenRequest API, replacing each before it expires. The shared informers
 * keep the manager's own credential, so the accounts need no list/watch of their own.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "cm.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"

#define SA_NAMESPACE "kube-system"
/* Upstream's defaultExpirationSeconds and defaultLeewayPercent: a token is replaced once 80%
 * of its life has passed. */
#define TOKEN_SECS     3600
#define LEEWAY_PERCENT 20
/* A shorter lifetime than this is taken for clock skew, as upstream does. */
#define MIN_LIFETIME_SECS 600
#define RETRY_FIRST_MS	  500
#define RETRY_MAX_MS	  30000

struct acct {
	char *name;
	char *path; /* the ServiceAccount's */
	struct kc *kc;
	struct event *timer; /* the next refresh or retry */
	long retry_ms;
	bool has_token;
	bool busy; /* asking for a token now */
};

static struct {
	bool init, started;
	struct hmap accts;
	size_t waiting; /* accounts still without their first token */
	struct cm *cm;
	void (*ready)(struct cm *cm);
} C;

static void acct_start(struct acct *a);

static void schedule(struct acct *a, long ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	evtimer_add(a->timer, &tv);
}

static void retry(struct acct *a, const char *what, int code, const char *err)
{
	a->busy = false;
	log_warn("%s for %s/%s failed (%d): %s; retrying in %ld ms", what, SA_NAMESPACE, a->name,
		 code, err ? err : "", a->retry_ms);
	schedule(a, a->retry_ms);
	a->retry_ms = a->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : a->retry_ms * 2;
}

static void first_token(struct acct *a)
{
	void (*ready)(struct cm * cm) = C.ready;

	a->has_token = true;
	if (C.waiting)
		C.waiting--;
	if (C.waiting || !ready)
		return;
	C.ready = NULL;
	ready(C.cm);
}

static void token_got(void *arg, int code, json_t *body, const char *err)
{
	struct acct *a = arg;
	const char *token = jx_str(body, "status.token");
	const char *expires = jx_str(body, "status.expirationTimestamp");
	struct timespec exp = {0, 0}, now;
	long lifetime;

	if (code < 200 || code >= 300 || !token || !*token) {
		retry(a, "getting a token", code, err ? err : "no status.token");
		return;
	}
	kt_now(&now);
	if (!expires || kt_parse(expires, &exp))
		exp.tv_sec = 0;
	lifetime = (long)(exp.tv_sec - now.tv_sec);
	if (lifetime < MIN_LIFETIME_SECS)
		lifetime = MIN_LIFETIME_SECS;
	kc_set_token(a->kc, token);
	a->busy = false;
	a->retry_ms = RETRY_FIRST_MS;
	schedule(a, lifetime * (100 - LEEWAY_PERCENT) * 10);
	log_v(2, "got a token for %s/%s, valid %ld s", SA_NAMESPACE, a->name, lifetime);
	if (!a->has_token)
		first_token(a);
}

static void token_request(struct acct *a)
{
	char *path = xasprintf("%s/token", a->path);
	json_t *tr = json_pack("{s:s,s:s,s:{s:i}}", "apiVersion", "authentication.k8s.io/v1",
			       "kind", "TokenRequest", "spec", "expirationSeconds", TOKEN_SECS);

	kc_create(C.cm->kc, path, tr, token_got, a);
	json_decref(tr);
	free(path);
}

/* The namespace was missing: once it is made, the account again; we may lack the right, so
 * a refusal is only retried later, as upstream tolerates it. */
static void ns_created(void *arg, int code, json_t *body, const char *err)
{
	struct acct *a = arg;

	(void)body;
	if (code >= 200 && code < 300)
		acct_start(a);
	else
		retry(a, "creating namespace " SA_NAMESPACE, code, err);
}

static void sa_created(void *arg, int code, json_t *body, const char *err)
{
	struct acct *a = arg;
	json_t *ns;

	(void)body;
	if ((code >= 200 && code < 300) || code == 409) {
		log_info("created service account %s/%s", SA_NAMESPACE, a->name);
		token_request(a);
		return;
	}
	if (code != 404) {
		retry(a, "creating the service account", code, err);
		return;
	}
	ns = json_pack("{s:s,s:s,s:{s:s}}", "apiVersion", "v1", "kind", "Namespace", "metadata",
		       "name", SA_NAMESPACE);
	kc_create(C.cm->kc, "/api/v1/namespaces", ns, ns_created, a);
	json_decref(ns);
}

static void sa_got(void *arg, int code, json_t *body, const char *err)
{
	struct acct *a = arg;
	json_t *sa;

	(void)body;
	if (code == 200) {
		token_request(a);
		return;
	}
	if (code != 404) {
		retry(a, "getting the service account", code, err);
		return;
	}
	sa = json_pack("{s:s,s:s,s:{s:s,s:s}}", "apiVersion", "v1", "kind", "ServiceAccount",
		       "metadata", "namespace", SA_NAMESPACE, "name", a->name);
	kc_create(C.cm->kc, "/api/v1/namespaces/" SA_NAMESPACE "/serviceaccounts", sa, sa_created,
		  a);
	json_decref(sa);
}

/* Every token starts from the account, as upstream re-checks it before each TokenRequest. */
static void acct_start(struct acct *a)
{
	a->busy = true;
	kc_get(C.cm->kc, a->path, sa_got, a);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	acct_start(arg);
}

/* The server refused the current token (its account was deleted, say): get another at once
 * rather than at the next refresh. */
static void unauthorized(void *arg)
{
	struct acct *a = arg;

	if (a->busy)
		return;
	log_info("the token of %s/%s was refused; asking for another", SA_NAMESPACE, a->name);
	schedule(a, 0);
}

struct kc *cm_client(struct cm *cm, const char *account)
{
	struct acct *a;
	char *user;

	if (!cm->o->use_sa_credentials || !account)
		return cm->kc;
	if (!C.init) {
		hmap_init(&C.accts);
		C.cm = cm;
		C.init = true;
	}
	a = hmap_get(&C.accts, account);
	if (a)
		return a->kc;
	a = xcalloc(1, sizeof(*a));
	a->name = xstrdup(account);
	a->path = xasprintf("/api/v1/namespaces/%s/serviceaccounts/%s", SA_NAMESPACE, account);
	user = xasprintf("system:serviceaccount:%s:%s", SA_NAMESPACE, account);
	a->kc = kc_new_anonymous(cm->kc, user);
	kc_on_unauthorized(a->kc, unauthorized, a);
	free(user);
	a->timer = evtimer_new(cm->base, timer_cb, a);
	a->retry_ms = RETRY_FIRST_MS;
	hmap_put(&C.accts, a->name, a);
	C.waiting++;
	if (C.started)
		acct_start(a);
	return a->kc; /* the account is kept by the map for the life of the process */
}

void cm_clients_start(struct cm *cm, void (*ready)(struct cm *cm))
{
	const char *k;
	void *v;

	if (!cm->o->use_sa_credentials || !C.init || !C.waiting) {
		ready(cm);
		return;
	}
	log_info("waiting for %zu controller service account tokens", C.waiting);
	C.started = true;
	C.ready = ready;
	for (size_t i = 0; (i = hmap_next(&C.accts, i, &k, &v));)
		acct_start(v);
}
