/* Leader election against a fake Lease API: acquiring a free lease, waiting on a live holder,
 * taking over an expired one, release on stop, and losing the lease when renewals fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "http.h"
#include "jsonx.h"
#include "kubeconfig.h"
#include "leader.h"
#include "log.h"

#define LEASE_PATH "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/sched"

static struct event_base *base;
static struct http_server *srv;
static struct kc *kc;
static json_t *lease; /* NULL: none */
static long rv;
static bool failing;
static int nwrites;

static void reply_status(struct http_req *req, int code, const char *reason)
{
	json_t *st = json_pack("{s:s, s:s, s:i}", "kind", "Status", "reason", reason, "code", code);

	http_reply_json(req, code, st);
	json_decref(st);
}

static void store(struct http_req *req, json_t *obj, int code)
{
	char rvs[32];

	snprintf(rvs, sizeof(rvs), "%ld", ++rv);
	jx_set_str(obj, "metadata.resourceVersion", rvs);
	json_decref(lease);
	lease = obj;
	nwrites++;
	http_reply_json(req, code, lease);
}

static void handler(struct http_req *req, void *arg)
{
	json_t *body = req->body_len ? json_loadb(req->body, req->body_len, 0, NULL) : NULL;
	const char *brv = jx_str(body, "metadata.resourceVersion");

	(void)arg;
	if (failing) {
		reply_status(req, 500, "InternalError");
	} else if (!strcmp(req->method, "GET")) {
		if (lease && !strcmp(req->path, LEASE_PATH))
			http_reply_json(req, 200, lease);
		else
			reply_status(req, 404, "NotFound");
	} else if (!strcmp(req->method, "POST")) {
		if (lease)
			reply_status(req, 409, "AlreadyExists");
		else
			store(req, json_incref(body), 201);
	} else if (!strcmp(req->method, "PUT")) {
		if (!lease || !brv || strcmp(brv, jx_str(lease, "metadata.resourceVersion")))
			reply_status(req, 409, "Conflict");
		else
			store(req, json_incref(body), 200);
	} else {
		reply_status(req, 405, "MethodNotAllowed");
	}
	json_decref(body);
}

static int setup(void **state)
{
	struct http_server_opts o = {0};
	struct kcfg *cfg;
	char url[64];
	int port;

	(void)state;
	base = event_base_new();
	srv = http_server_new(base, &o, handler, NULL);
	port = http_server_listen(srv, "127.0.0.1", 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
	cfg = kcfg_new_server(url);
	kc = kc_new(base, cfg, "leader-test");
	kcfg_free(cfg);
	kc_set_rate(kc, 0, 0);
	lease = NULL;
	failing = false;
	nwrites = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kc_free(kc);
	for (int i = 0; i < 20; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	http_server_free(srv);
	event_base_free(base);
	json_decref(lease);
	return 0;
}

static void run_for(int ms)
{
	for (int i = 0; i < ms; i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		usleep(1000);
	}
}

struct who {
	int started, stopped;
	char leader[128];
};

static void started_leading(void *arg)
{
	((struct who *)arg)->started++;
}

static void stopped_leading(void *arg)
{
	((struct who *)arg)->stopped++;
}

static void new_leader(void *arg, const char *id)
{
	snprintf(((struct who *)arg)->leader, 128, "%s", id);
}

static struct le *elector(const char *id, struct who *w)
{
	struct le_config cfg = {.name = "sched",
				.identity = id,
				.lease_duration_ms = 1000,
				.renew_deadline_ms = 600,
				.retry_period_ms = 100};
	struct le_callbacks cb = {started_leading, stopped_leading, new_leader, w};

	return le_new(kc, &cfg, &cb);
}

static void stopped(void *arg)
{
	(*(int *)arg)++;
}

static void test_acquire_and_release(void **state)
{
	struct who wa = {0}, wb = {0};
	struct le *a = elector("a", &wa), *b = elector("b", &wb);
	char first_renew[64];
	int done = 0;

	(void)state;
	le_start(a);
	run_for(200);
	assert_true(le_is_leader(a));
	assert_int_equal(wa.started, 1);
	assert_string_equal(jx_str(lease, "spec.holderIdentity"), "a");
	assert_int_equal(jx_int(lease, "spec.leaseDurationSeconds", 0), 1);
	assert_int_equal(jx_int(lease, "spec.leaseTransitions", -1), 0);
	snprintf(first_renew, sizeof(first_renew), "%s", jx_str(lease, "spec.renewTime"));

	/* b waits while a keeps renewing, well past a lease duration. */
	le_start(b);
	run_for(1500);
	assert_false(le_is_leader(b));
	assert_string_equal(le_leader(b), "a");
	assert_string_equal(wb.leader, "a");
	assert_true(le_is_leader(a));
	assert_string_not_equal(jx_str(lease, "spec.renewTime"), first_renew);
	assert_true(nwrites > 5);

	/* a steps down and hands the lease back; b takes it at its next try. */
	le_stop(a, stopped, &done);
	run_for(50);
	assert_int_equal(done, 1);
	assert_int_equal(wa.stopped, 1);
	assert_false(le_is_leader(a));
	run_for(400);
	assert_true(le_is_leader(b));
	assert_int_equal(wb.started, 1);
	assert_string_equal(jx_str(lease, "spec.holderIdentity"), "b");
	assert_int_equal(jx_int(lease, "spec.leaseTransitions", -1), 1);
	le_stop(b, NULL, NULL);
	run_for(50);
	assert_string_equal(jx_str(lease, "spec.holderIdentity"), "");
	le_free(a);
	le_free(b);
}

static void test_expired_holder(void **state)
{
	struct who w = {0};
	struct le *e = elector(NULL, &w);

	(void)state;
	lease = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:i, s:s, s:s, s:i}}", "kind",
			  "Lease", "apiVersion", "coordination.k8s.io/v1", "metadata", "name",
			  "sched", "namespace", "kube-system", "resourceVersion", "1", "spec",
			  "holderIdentity", "ghost", "leaseDurationSeconds", 1, "acquireTime",
			  "2020-01-01T00:00:00.000000Z", "renewTime", "2020-01-01T00:00:00.000000Z",
			  "leaseTransitions", 3);
	rv = 1;
	/* The holder's clock is not trusted: a lease duration must pass on ours first. */
	le_start(e);
	run_for(600);
	assert_false(le_is_leader(e));
	assert_string_equal(w.leader, "ghost");
	run_for(1200);
	assert_true(le_is_leader(e));
	assert_string_equal(jx_str(lease, "spec.holderIdentity"), le_identity(e));
	assert_int_equal(jx_int(lease, "spec.leaseTransitions", 0), 4);
	/* "<hostname>_<uuid>" */
	assert_non_null(strchr(le_identity(e), '_'));
	assert_int_equal(strlen(strrchr(le_identity(e), '_') + 1), 36);
	le_free(e);
}

static void test_renew_deadline(void **state)
{
	struct who w = {0};
	struct le *e = elector("a", &w);

	(void)state;
	le_start(e);
	run_for(200);
	assert_true(le_is_leader(e));
	failing = true;
	run_for(400);
	assert_true(le_is_leader(e)); /* still within the renew deadline */
	run_for(500);
	assert_false(le_is_leader(e));
	assert_int_equal(w.stopped, 1);
	failing = false;
	run_for(300);
	assert_int_equal(w.started, 1); /* the elector has stopped */
	le_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_acquire_and_release, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_expired_holder, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_renew_deadline, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
