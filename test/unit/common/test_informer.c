/* Informers against a scripted fake API server: paged lists, watch events, bookmarks, 410 Gone
 * (as an ERROR event and as an HTTP status), a stream dropped mid-event, relist diffs, indexes,
 * resync and the shared factory. */
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
#include "informer.h"
#include "jsonx.h"
#include "kubeconfig.h"
#include "log.h"

#define PAGE 2

static struct event_base *base;
static struct http_server *srv;
static struct kc *kc;
static json_t *objs; /* the server's pods by "ns/name" */
static long rv, min_rv;
static bool http_gone; /* answer stale watches with HTTP 410 rather than an ERROR event */
static struct http_req *watch_req;	  /* the newest open watch */
static struct http_req *open_watches[16]; /* all of them, to end at teardown */
static int nlists, nwatches;
static char last_list_query[512];

/* --- the fake server --- */

static json_t *pod(const char *ns, const char *name, const char *node)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s}}", "kind", "Pod", "apiVersion",
			 "v1", "metadata", "name", name, "namespace", ns, "resourceVersion", "0",
			 "spec", "nodeName", node);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void serve_list(struct http_req *req)
{
	char *cont = http_query_get(req, "continue"), rvs[32];
	size_t off = cont ? (size_t)atol(cont) : 0, n = json_object_size(objs), i = 0;
	const char **keys = malloc(sizeof(*keys) * (n + 1)), *k;
	json_t *v, *items = json_array(), *list;

	nlists++;
	snprintf(last_list_query, sizeof(last_list_query), "%s", req->query);
	json_object_foreach(objs, k, v) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (i = off; i < n && i < off + PAGE; i++) {
		json_t *o = json_deep_copy(json_object_get(objs, keys[i]));
		json_object_del(o, "kind"); /* list items carry no type */
		json_object_del(o, "apiVersion");
		json_array_append_new(items, o);
	}
	snprintf(rvs, sizeof(rvs), "%ld", rv);
	list = json_pack("{s:s, s:s, s:{s:s}, s:o}", "kind", "PodList", "apiVersion", "v1",
			 "metadata", "resourceVersion", rvs, "items", items);
	if (i < n) {
		char c[32];
		snprintf(c, sizeof(c), "%zu", i);
		jx_set_str(list, "metadata.continue", c);
	}
	http_reply_json(req, 200, list);
	json_decref(list);
	free(keys);
	free(cont);
}

static void forget_watch(struct http_req *req)
{
	for (int i = 0; i < 16; i++)
		if (open_watches[i] == req)
			open_watches[i] = NULL;
	if (watch_req == req)
		watch_req = NULL;
}

/* The client went away: the request is still ours to free. */
static void watch_closed(void *arg)
{
	forget_watch(arg);
	http_stream_end(arg);
}

/* The test ends a stream itself. */
static void end_watch(struct http_req *req)
{
	forget_watch(req);
	http_stream_end(req);
}

static void serve_watch(struct http_req *req)
{
	char *from = http_query_get(req, "resourceVersion");
	char *bm = http_query_get(req, "allowWatchBookmarks");
	long at = from ? atol(from) : 0;
	static const char gone[] =
	    "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":"
	    "\"v1\",\"status\":\"Failure\",\"message\":\"too old resource "
	    "version\",\"reason\":\"Expired\",\"code\":410}}\n";

	nwatches++;
	assert_string_equal(bm, "true");
	free(bm);
	free(from);
	if (at < min_rv && http_gone) {
		http_reply(req, 410, "application/json", "{\"kind\":\"Status\",\"code\":410}", 27,
			   NULL);
		return;
	}
	http_stream_begin(req, 200, "application/json", watch_closed, req);
	if (at < min_rv) {
		http_stream_write(req, gone, strlen(gone));
		http_stream_end(req);
		return;
	}
	watch_req = req;
	for (int i = 0; i < 16; i++)
		if (!open_watches[i]) {
			open_watches[i] = req;
			break;
		}
}

static void handler(struct http_req *req, void *arg)
{
	char *w = http_query_get(req, "watch");

	(void)arg;
	if (w && !strcmp(w, "true"))
		serve_watch(req);
	else
		serve_list(req);
	free(w);
}

/* Change the server's state; the open watch (if any) hears of it. */
static void change(const char *type, json_t *obj)
{
	char key[128], rvs[32], *ev;
	json_t *e;

	snprintf(key, sizeof(key), "%s/%s", jx_str(obj, "metadata.namespace"),
		 jx_str(obj, "metadata.name"));
	snprintf(rvs, sizeof(rvs), "%ld", ++rv);
	jx_set_str(obj, "metadata.resourceVersion", rvs);
	if (!strcmp(type, "DELETED"))
		json_object_del(objs, key);
	else
		json_object_set(objs, key, obj);
	if (watch_req) {
		e = json_pack("{s:s, s:O}", "type", type, "object", obj);
		ev = json_dumps(e, JSON_COMPACT);
		http_stream_write(watch_req, ev, strlen(ev));
		http_stream_write(watch_req, "\n", 1);
		free(ev);
		json_decref(e);
	}
	json_decref(obj);
}

/* --- handlers that record what they hear --- */

struct seen {
	int adds, updates, deletes, same; /* same: updates with old == new (resync) */
	char last[128];
};

static void on_add(void *arg, const json_t *o)
{
	struct seen *s = arg;

	s->adds++;
	snprintf(s->last, sizeof(s->last), "add %s", jx_str(o, "metadata.name"));
}

static void on_update(void *arg, const json_t *old, const json_t *o)
{
	struct seen *s = arg;

	s->updates++;
	if (old == o)
		s->same++;
	snprintf(s->last, sizeof(s->last), "update %s", jx_str(o, "metadata.name"));
}

static void on_delete(void *arg, const json_t *o)
{
	struct seen *s = arg;

	s->deletes++;
	snprintf(s->last, sizeof(s->last), "delete %s", jx_str(o, "metadata.name"));
}

static void index_node(const json_t *obj, struct inf_values *out)
{
	inf_values_add(out, jx_str(obj, "spec.nodeName"));
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
	kc = kc_new(base, cfg, "informer-test");
	kcfg_free(cfg);
	kc_set_rate(kc, 0, 0);
	objs = json_object();
	rv = 100;
	min_rv = 0;
	http_gone = false;
	nlists = nwatches = 0;
	watch_req = NULL;
	for (int i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof(name), "p%d", i);
		change("ADDED", pod(i < 3 ? "ns1" : "ns2", name, i % 2 ? "n2" : "n1"));
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kc_free(kc);
	for (int i = 0; i < 20; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	for (int i = 0; i < 16; i++)
		if (open_watches[i])
			end_watch(open_watches[i]);
	http_server_free(srv);
	event_base_free(base);
	json_decref(objs);
	return 0;
}

static void run_until(bool (*cond)(void), int ms)
{
	for (int i = 0; i < ms && !(cond && cond()); i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		usleep(1000);
	}
}

static bool watching(void)
{
	return watch_req != NULL;
}

static struct inf *started(struct seen *s, int resync)
{
	struct inf *inf = inf_new(kc, "/api/v1/pods", "app=web", NULL, resync);
	struct inf_handler h = {on_add, on_update, on_delete, s};

	inf_set_backoff(inf, 10, 100);
	inf_add_index(inf, "node", index_node);
	inf_add_handler(inf, &h);
	inf_start(inf);
	run_until(watching, 3000);
	assert_true(inf_synced(inf));
	assert_non_null(watch_req);
	return inf;
}

static size_t by_index(struct inf *inf, const char *index, const char *value)
{
	const json_t **all;
	size_t n = inf_by_index(inf, index, value, &all);

	free(all);
	return n;
}

static void test_list_watch(void **state)
{
	struct seen s = {0};
	struct inf *inf = started(&s, 0);
	const json_t *p0;

	(void)state;
	assert_int_equal(nlists, 3); /* five pods in pages of two */
	assert_non_null(strstr(last_list_query, "labelSelector=app%3Dweb"));
	assert_non_null(strstr(last_list_query, "continue=4"));
	assert_int_equal(s.adds, 5);
	assert_int_equal(inf_count(inf), 5);
	assert_string_equal(inf_resource_version(inf), "105");
	p0 = inf_get(inf, "ns1/p0");
	assert_non_null(p0);
	assert_string_equal(jx_str(p0, "kind"), "Pod"); /* filled in from the list */
	assert_ptr_equal(inf_get_ns(inf, "ns1", "p0"), p0);
	assert_null(inf_get(inf, "ns1/nope"));
	assert_int_equal(by_index(inf, INF_INDEX_NAMESPACE, "ns1"), 3);
	assert_int_equal(by_index(inf, INF_INDEX_NAMESPACE, "ns2"), 2);
	assert_int_equal(by_index(inf, "node", "n1"), 3);
	assert_int_equal(by_index(inf, "node", "n9"), 0);
	assert_int_equal(by_index(inf, "nosuch", "n1"), 0);

	change("ADDED", pod("ns2", "p5", "n2"));
	change("MODIFIED", pod("ns1", "p0", "n2"));
	change("DELETED", pod("ns1", "p1", "n2"));
	run_until(NULL, 50);
	assert_int_equal(s.adds, 6);
	assert_int_equal(s.updates, 1);
	assert_int_equal(s.deletes, 1);
	assert_string_equal(s.last, "delete p1");
	assert_int_equal(inf_count(inf), 5);
	assert_string_equal(jx_str(inf_get(inf, "ns1/p0"), "spec.nodeName"), "n2");
	assert_int_equal(by_index(inf, "node", "n1"), 2);
	assert_int_equal(by_index(inf, "node", "n2"), 3);
	assert_int_equal(by_index(inf, INF_INDEX_NAMESPACE, "ns1"), 2);
	assert_string_equal(inf_resource_version(inf), "108");

	const char *bm = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":"
			 "{\"resourceVersion\":\"150\"}}}\n";
	http_stream_write(watch_req, bm, strlen(bm));
	run_until(NULL, 30);
	assert_string_equal(inf_resource_version(inf), "150");
	assert_int_equal(s.adds + s.updates + s.deletes, 8);
	inf_free(inf);
}

/* What happens while the informer is away is told as differences on the relist. */
static void relist_case(bool http)
{
	struct seen s = {0};
	struct inf *inf = started(&s, 0);
	int lists = nlists;
	struct http_req *old = watch_req;

	http_gone = http;
	forget_watch(old); /* changes below are missed */
	change("DELETED", pod("ns1", "p2", "n1"));
	change("MODIFIED", pod("ns2", "p3", "n9"));
	change("ADDED", pod("ns2", "p9", "n9"));
	min_rv = rv; /* and the history is gone */
	http_stream_end(old);
	run_until(watching, 3000);
	assert_non_null(watch_req);
	assert_int_equal(nlists, lists + 3);
	assert_int_equal(s.adds, 6);
	assert_int_equal(s.updates, 1);
	assert_int_equal(s.deletes, 1);
	assert_null(inf_get(inf, "ns1/p2"));
	assert_non_null(inf_get(inf, "ns2/p9"));
	assert_int_equal(by_index(inf, "node", "n9"), 2);
	assert_string_equal(inf_resource_version(inf), "108");
	inf_free(inf);
}

static void test_relist_error_event(void **state)
{
	(void)state;
	relist_case(false);
}

static void test_relist_http_gone(void **state)
{
	(void)state;
	relist_case(true);
}

static void test_dropped_stream(void **state)
{
	struct seen s = {0};
	struct inf *inf = started(&s, 0);
	int lists = nlists, watches = nwatches;
	struct http_req *old = watch_req;

	(void)state;
	/* Half an event, then the stream stops: the informer lists again, and since nothing
	 * changed, the handlers hear nothing more. */
	http_stream_write(old, "{\"type\":\"MODIFIED\",\"obj", 22);
	end_watch(old);
	run_until(watching, 3000);
	assert_int_equal(nlists, lists + 3);
	assert_int_equal(nwatches, watches + 1);
	assert_int_equal(s.adds, 5);
	assert_int_equal(s.updates + s.deletes, 0);

	/* A clean end (the server's timeout) just watches again. */
	lists = nlists;
	end_watch(watch_req);
	run_until(watching, 3000);
	assert_int_equal(nlists, lists);
	assert_int_equal(nwatches, watches + 2);
	inf_free(inf);
}

static void test_resync(void **state)
{
	struct seen s = {0};
	struct inf *inf = started(&s, 1);

	(void)state;
	run_until(NULL, 1300);
	assert_int_equal(s.updates, 5);
	assert_int_equal(s.same, 5);
	inf_free(inf);
}

static bool synced_flag;

static void synced(void *arg)
{
	(void)arg;
	synced_flag = true;
}

static bool is_synced(void)
{
	return synced_flag;
}

static void test_factory(void **state)
{
	struct inf_factory *f = inf_factory_new(kc, 0);
	struct inf *a = inf_factory_get(f, "/api/v1/pods", NULL, NULL);
	struct inf *b = inf_factory_get(f, "/api/v1/pods", NULL, NULL);
	struct inf *c = inf_factory_get(f, "/api/v1/pods", NULL, "spec.nodeName=n1");
	struct seen s1 = {0}, s2 = {0}, s3 = {0};
	struct inf_handler h1 = {on_add, on_update, on_delete, &s1};
	struct inf_handler h2 = {on_add, on_update, on_delete, &s2};
	struct inf_handler h3 = {on_add, NULL, NULL, &s3};

	(void)state;
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	inf_add_handler(a, &h1);
	inf_add_handler(b, &h2);
	inf_factory_on_synced(f, synced, NULL);
	assert_false(synced_flag);
	inf_factory_start(f);
	run_until(is_synced, 3000);
	assert_true(synced_flag);
	assert_true(inf_factory_synced(f));
	assert_int_equal(s1.adds, 5);
	assert_int_equal(s2.adds, 5);
	/* A late handler is told of what is there already. */
	inf_add_handler(a, &h3);
	assert_int_equal(s3.adds, 5);
	inf_factory_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_list_watch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_relist_error_event, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_relist_http_gone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dropped_stream, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resync, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_factory, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
