/* The etcd client against a real etcd started for the test on loopback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "etcd.h"

static pid_t etcd_pid;
static char dir[] = "/tmp/kubec-etcd-test.XXXXXX";
static struct event_base *base;
static struct etcd *ec;

struct result {
	bool done;
	char err[256];
	struct etcd_resp r;
	char value[256];
	char keys[8][128];
	int64_t mod_rev;
};

static void cb(void *arg, const char *err, struct etcd_resp *r)
{
	struct result *res = arg;

	res->done = true;
	if (err)
		snprintf(res->err, sizeof(res->err), "%s", err);
	if (!r)
		return;
	res->r = *r;
	res->r.kvs = NULL;
	if (r->nkvs) {
		snprintf(res->value, sizeof(res->value), "%s", r->kvs[0].value);
		res->mod_rev = r->kvs[0].mod_rev;
	}
	for (size_t i = 0; i < r->nkvs && i < 8; i++)
		snprintf(res->keys[i], sizeof(res->keys[i]), "%s", r->kvs[i].key);
}

static void wait_for(bool *flag)
{
	for (int i = 0; i < 10000 && !*flag; i++)
		event_base_loop(base, EVLOOP_ONCE);
}

static int port_free(void)
{
	return 20000 + (int)(getpid() % 20000);
}

static int setup(void **state)
{
	int port = port_free();
	char client[64], peer[64], cluster[96];

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(client, sizeof(client), "http://127.0.0.1:%d", port);
	snprintf(peer, sizeof(peer), "http://127.0.0.1:%d", port + 1);
	snprintf(cluster, sizeof(cluster), "default=%s", peer);
	etcd_pid = fork();
	if (etcd_pid == 0) {
		freopen("/dev/null", "w", stderr);
		freopen("/dev/null", "w", stdout);
		execlp("etcd", "etcd", "--data-dir", dir, "--listen-client-urls", client,
		       "--advertise-client-urls", client, "--listen-peer-urls", peer,
		       "--initial-advertise-peer-urls", peer, "--initial-cluster",
		       cluster, (char *)NULL);
		_exit(127);
	}
	base = event_base_new();
	ec = etcd_new(base, client, NULL);
	/* Wait until it answers. */
	for (int i = 0; i < 100; i++) {
		struct result res = {0};
		etcd_range(ec, "/probe", NULL, 0, 0, 0, cb, &res);
		wait_for(&res.done);
		if (!res.err[0])
			return 0;
		usleep(100000);
	}
	return -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	etcd_free(ec);
	event_base_free(base);
	kill(etcd_pid, SIGTERM);
	waitpid(etcd_pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void test_put_range(void **state)
{
	struct result p = {0}, g = {0};

	(void)state;
	etcd_put(ec, "/t/a", "hello\0x", 7, 0, cb, &p);
	wait_for(&p.done);
	assert_string_equal(p.err, "");
	assert_true(p.r.revision > 1);
	etcd_range(ec, "/t/a", NULL, 0, 0, 0, cb, &g);
	wait_for(&g.done);
	assert_int_equal(g.r.nkvs, 1);
	assert_string_equal(g.value, "hello");
	assert_int_equal(g.mod_rev, p.r.revision);
}

static void test_cas(void **state)
{
	struct result c1 = {0}, c2 = {0}, c3 = {0};

	(void)state;
	etcd_cas_put(ec, "/t/cas", 0, "v1", 2, 0, cb, &c1);
	wait_for(&c1.done);
	assert_true(c1.r.succeeded);
	/* Creating again fails and shows what is there. */
	etcd_cas_put(ec, "/t/cas", 0, "v2", 2, 0, cb, &c2);
	wait_for(&c2.done);
	assert_false(c2.r.succeeded);
	assert_int_equal(c2.r.nkvs, 1);
	assert_string_equal(c2.value, "v1");
	assert_int_equal(c2.mod_rev, c1.r.revision);
	etcd_cas_put(ec, "/t/cas", c1.r.revision, "v3", 2, 0, cb, &c3);
	wait_for(&c3.done);
	assert_true(c3.r.succeeded);
}

static void test_prefix_limit_delete(void **state)
{
	struct result puts[3] = {{0}}, page = {0}, del = {0}, after = {0};
	const char *keys[] = {"/p/1", "/p/2", "/p/3"};

	(void)state;
	for (int i = 0; i < 3; i++) {
		etcd_put(ec, keys[i], "x", 1, 0, cb, &puts[i]);
		wait_for(&puts[i].done);
	}
	etcd_range(ec, "/p/", NULL, ETCD_PREFIX, 0, 2, cb, &page);
	wait_for(&page.done);
	assert_int_equal(page.r.nkvs, 2);
	assert_true(page.r.more);
	assert_string_equal(page.keys[0], "/p/1");
	assert_string_equal(page.keys[1], "/p/2");
	etcd_cas_delete(ec, "/p/2", 0, cb, &del);
	wait_for(&del.done);
	assert_int_equal(del.r.deleted, 1);
	etcd_range(ec, "/p/", NULL, ETCD_PREFIX, 0, 0, cb, &after);
	wait_for(&after.done);
	assert_int_equal(after.r.nkvs, 2);
	assert_string_equal(after.keys[1], "/p/3");
}

struct wres {
	int events;
	bool deleted_with_prev;
	bool compacted;
	int64_t compact_rev;
};

static void wcb(void *arg, const struct etcd_event *evs, size_t n, int64_t rev, const char *err,
		int64_t compact_rev)
{
	struct wres *w = arg;

	(void)rev;
	if (err) {
		w->compacted = compact_rev > 0;
		w->compact_rev = compact_rev;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		w->events++;
		if (evs[i].deleted && evs[i].prev.key && !strcmp(evs[i].prev.value, "v"))
			w->deleted_with_prev = true;
	}
}

static void test_watch(void **state)
{
	struct wres w = {0};
	struct result a = {0}, d = {0};
	struct etcd_watch *wt = etcd_watch(ec, "/w/", 0, true, wcb, &w);

	(void)state;
	for (int i = 0; i < 50; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	usleep(200000);
	event_base_loop(base, EVLOOP_NONBLOCK);
	etcd_put(ec, "/w/x", "v", 1, 0, cb, &a);
	wait_for(&a.done);
	etcd_cas_delete(ec, "/w/x", 0, cb, &d);
	wait_for(&d.done);
	for (int i = 0; i < 1000 && w.events < 2; i++)
		event_base_loop(base, EVLOOP_ONCE);
	assert_int_equal(w.events, 2);
	assert_true(w.deleted_with_prev);
	etcd_watch_cancel(wt);
}

static void test_compacted(void **state)
{
	struct result p = {0}, c = {0}, old = {0};
	struct wres w = {0};
	struct etcd_watch *wt;

	(void)state;
	etcd_put(ec, "/c/x", "v", 1, 0, cb, &p);
	wait_for(&p.done);
	etcd_compact(ec, p.r.revision, cb, &c);
	wait_for(&c.done);
	assert_string_equal(c.err, "");
	etcd_range(ec, "/c/x", NULL, 0, 2, 0, cb, &old);
	wait_for(&old.done);
	assert_true(old.err[0] != 0);
	assert_true(old.r.compact_rev != 0);
	wt = etcd_watch(ec, "/c/", 2, true, wcb, &w);
	for (int i = 0; i < 1000 && !w.compacted; i++)
		event_base_loop(base, EVLOOP_ONCE);
	assert_true(w.compacted);
	assert_int_equal(w.compact_rev, p.r.revision);
	etcd_watch_cancel(wt);
}

static void test_lease(void **state)
{
	struct result l = {0};

	(void)state;
	etcd_lease_grant(ec, 10, cb, &l);
	wait_for(&l.done);
	assert_string_equal(l.err, "");
	assert_true(l.r.lease_id != 0);
}

static void test_unreachable(void **state)
{
	struct event_base *b2 = event_base_new();
	struct etcd *dead = etcd_new(b2, "http://127.0.0.1:1", NULL);
	struct result r = {0};

	(void)state;
	etcd_range(dead, "/x", NULL, 0, 0, 0, cb, &r);
	for (int i = 0; i < 1000 && !r.done; i++)
		event_base_loop(b2, EVLOOP_ONCE);
	assert_true(r.done);
	assert_true(r.err[0] != 0);
	etcd_free(dead);
	event_base_free(b2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_range),  cmocka_unit_test(test_cas),
		cmocka_unit_test(test_prefix_limit_delete), cmocka_unit_test(test_watch),
		cmocka_unit_test(test_compacted), cmocka_unit_test(test_lease),
		cmocka_unit_test(test_unreachable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
