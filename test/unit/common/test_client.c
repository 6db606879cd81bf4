/* The API client against an in-process fake server: requests, errors, watch streams split
 * anywhere, throttling, cancelling; and the event recorder's create-then-patch aggregation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "http.h"
#include "jsonx.h"
#include "kubeconfig.h"
#include "log.h"
#include "recorder.h"

static struct event_base *base;
static struct http_server *srv;
static struct kc *kc;
static int port;
static struct http_req *held; /* a request the test answers itself */
static bool held_set;
static json_t *events; /* Events the fake server stores, by name */
static int npatches;

struct result {
	bool done;
	int code;
	json_t *body;
	char *err;
	json_t *events; /* watch: [type, name] pairs */
};

static void reply_status(struct http_req *req, int code, const char *reason, const char *msg)
{
	json_t *st =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "kind", "Status", "apiVersion", "v1",
		      "status", "Failure", "message", msg, "reason", reason, "code", code);
	http_reply_json(req, code, st);
	json_decref(st);
}

static void echo(struct http_req *req)
{
	const char *ct = http_header_get(req, "Content-Type");
	const char *auth = http_header_get(req, "Authorization");
	const char *ua = http_header_get(req, "User-Agent");
	json_t *body = req->body_len ? json_loadb(req->body, req->body_len, 0, NULL) : NULL;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o*}", "method", req->method, "target",
			      req->target, "ctype", ct ? ct : "", "auth", auth ? auth : "", "ua",
			      ua ? ua : "", "body", body);

	http_reply_json(req, 200, o);
	json_decref(o);
}

/* The stream is written in awkward pieces: an event split across chunks, two in one. */
static void watch_stream(struct http_req *req, const char *kind)
{
	static const char *const pieces[] = {
	    "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n{\"type\":\"MOD",
	    "IFIED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n",
	    "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n"
	    "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}",
	    NULL};

	http_stream_begin(req, 200, "application/json", NULL, NULL);
	for (int i = 0; pieces[i]; i++)
		http_stream_write(req, pieces[i], strlen(pieces[i]));
	if (!strcmp(kind, "bad"))
		http_stream_write(req, "\nnot json\n", 10);
	if (!strcmp(kind, "open")) {
		held = req;
		held_set = true;
		return;
	}
	http_stream_end(req);
}

static void events_api(struct http_req *req)
{
	const char *name = strrchr(req->path, '/') + 1;
	json_t *body = json_loadb(req->body, req->body_len, 0, NULL);

	if (!strcmp(req->method, "POST")) {
		json_object_set(events, jx_str(body, "metadata.name"), body);
		http_reply_json(req, 201, body);
	} else if (!json_object_get(events, name)) {
		reply_status(req, 404, "NotFound", "events not found");
	} else {
		json_t *ev = json_object_get(events, name);
		npatches++;
		assert_string_equal(http_header_get(req, "Content-Type"),
				    "application/strategic-merge-patch+json");
		json_object_update(ev, body);
		http_reply_json(req, 200, ev);
	}
	json_decref(body);
}

static int busy_left;

static void handler(struct http_req *req, void *arg)
{
	(void)arg;
	if (!strncmp(req->path, "/api/v1/namespaces/", 19) && strstr(req->path, "/events"))
		events_api(req);
	else if (!strcmp(req->path, "/missing"))
		reply_status(req, 404, "NotFound", "pods \"missing\" not found");
	else if (!strcmp(req->path, "/text"))
		http_reply(req, 500, "text/plain", "boom", 4, NULL);
	else if (!strncmp(req->path, "/watch/", 7))
		watch_stream(req, req->path + 7);
	else if (!strcmp(req->path, "/gone"))
		reply_status(req, 410, "Expired", "too old resource version: 1 (5)");
	else if (!strcmp(req->path, "/busy") && busy_left > 0) {
		/* Overloaded twice, as the max-in-flight filter answers, then fine. */
		json_t *st = json_pack("{s:s, s:s, s:s, s:s, s:{s:i}, s:i}", "kind", "Status",
				       "status", "Failure", "reason", "TooManyRequests", "message",
				       "Too many requests, please try again later.", "details",
				       "retryAfterSeconds", 1, "code", 429);
		busy_left--;
		http_reply_json(req, 429, st);
		json_decref(st);
	} else if (!strcmp(req->path, "/hold"))
		held = req, held_set = true;
	else
		echo(req);
}

static int setup(void **state)
{
	struct http_server_opts o = {0};
	struct kcfg *cfg;
	char url[64];

	(void)state;
	base = event_base_new();
	srv = http_server_new(base, &o, handler, NULL);
	port = http_server_listen(srv, "127.0.0.1", 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	cfg = kcfg_new_server(url);
	cfg->token = xstrdup("sekret");
	kc = kc_new(base, cfg, "test-agent/1.0");
	kcfg_free(cfg);
	kc_set_rate(kc, 0, 0);
	events = json_object();
	return port > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kc_free(kc);
	/* Let the server see its clients go before it is freed. */
	for (int i = 0; i < 20; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	http_server_free(srv);
	event_base_free(base);
	json_decref(events);
	return 0;
}

static void run_until(const bool *flag, int ms)
{
	for (int i = 0; i < ms && !(flag && *flag); i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		usleep(1000);
	}
}

static void on_done(void *arg, int code, json_t *body, const char *err)
{
	struct result *r = arg;

	r->done = true;
	r->code = code;
	r->body = json_incref(body);
	r->err = err ? xstrdup(err) : NULL;
}

static void result_clear(struct result *r)
{
	json_decref(r->body);
	json_decref(r->events);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

static void test_get(void **state)
{
	struct result r = {0};

	(void)state;
	kc_get(kc, "/api/v1/pods?limit=2", on_done, &r);
	assert_false(r.done); /* never from inside the call */
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 200);
	assert_null(r.err);
	assert_string_equal(jx_str(r.body, "method"), "GET");
	assert_string_equal(jx_str(r.body, "target"), "/api/v1/pods?limit=2");
	assert_string_equal(jx_str(r.body, "auth"), "Bearer sekret");
	assert_string_equal(jx_str(r.body, "ua"), "test-agent/1.0");
	result_clear(&r);
}

static void test_retry_429(void **state)
{
	struct result r = {0};
	struct timespec t0, t1;

	(void)state;
	busy_left = 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kc_get(kc, "/busy", on_done, &r);
	run_until(&r.done, 5000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(r.code, 200); /* the caller never saw the 429s */
	assert_int_equal(busy_left, 0);
	assert_true(t1.tv_sec - t0.tv_sec >= 1); /* it waited as the server asked */
	result_clear(&r);
}

static void test_verbs(void **state)
{
	static const struct {
		const char *method, *ctype;
		int patch;
	} cases[] = {
	    {"POST", "application/json", -1},
	    {"PUT", "application/json", -1},
	    {"PATCH", "application/merge-patch+json", KC_PATCH_MERGE},
	    {"PATCH", "application/strategic-merge-patch+json", KC_PATCH_STRATEGIC},
	    {"PATCH", "application/json-patch+json", KC_PATCH_JSON},
	    {"PATCH", "application/apply-patch+yaml", KC_PATCH_APPLY},
	    {"DELETE", "application/json", -1},
	};
	json_t *obj = json_pack("{s:{s:s}}", "metadata", "name", "x");

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct result r = {0};
		if (cases[i].patch >= 0)
			kc_patch(kc, "/p", cases[i].patch, obj, on_done, &r);
		else if (!strcmp(cases[i].method, "POST"))
			kc_create(kc, "/p", obj, on_done, &r);
		else if (!strcmp(cases[i].method, "PUT"))
			kc_update(kc, "/p", obj, on_done, &r);
		else
			kc_delete(kc, "/p", obj, on_done, &r);
		run_until(&r.done, 2000);
		assert_int_equal(r.code, 200);
		assert_string_equal(jx_str(r.body, "method"), cases[i].method);
		assert_string_equal(jx_str(r.body, "ctype"), cases[i].ctype);
		assert_string_equal(jx_str(r.body, "body.metadata.name"), "x");
		result_clear(&r);
	}
	json_decref(obj);
}

static void test_errors(void **state)
{
	struct result r = {0};
	struct kcfg *cfg = kcfg_new_server("http://127.0.0.1:1");
	struct kc *dead = kc_new(base, cfg, NULL);

	(void)state;
	kc_get(kc, "/missing", on_done, &r);
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 404);
	assert_string_equal(r.err, "pods \"missing\" not found");
	assert_string_equal(jx_str(r.body, "reason"), "NotFound");
	result_clear(&r);
	kc_get(kc, "/text", on_done, &r);
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 500);
	assert_null(r.body);
	assert_non_null(r.err);
	result_clear(&r);
	kc_get(dead, "/x", on_done, &r);
	run_until(&r.done, 5000);
	assert_int_equal(r.code, 0);
	assert_non_null(r.err);
	result_clear(&r);
	kc_free(dead);
	kcfg_free(cfg);
}

static void on_event(void *arg, const char *type, json_t *obj)
{
	struct result *r = arg;
	const char *name = jx_str(obj, "metadata.name");

	if (!r->events)
		r->events = json_array();
	json_array_append_new(
	    r->events,
	    json_pack("[s,s]", type, name ? name : jx_str(obj, "metadata.resourceVersion")));
}

static void on_end(void *arg, int code, json_t *status, const char *err)
{
	on_done(arg, code, status, err);
}

static void test_watch(void **state)
{
	struct result r = {0};
	json_t *want = json_pack("[[s,s],[s,s],[s,s],[s,s]]", "ADDED", "a", "MODIFIED", "a",
				 "DELETED", "a", "BOOKMARK", "9");

	(void)state;
	kc_watch(kc, "/watch/ok?watch=true", on_event, on_end, &r);
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 200);
	assert_null(r.err);
	assert_true(json_equal(r.events, want));
	result_clear(&r);

	kc_watch(kc, "/watch/bad?watch=true", on_event, on_end, &r);
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 0);
	assert_string_equal(r.err, "malformed watch event");
	assert_true(json_equal(r.events, want));
	result_clear(&r);

	kc_watch(kc, "/gone?watch=true", on_event, on_end, &r);
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 410);
	assert_string_equal(jx_str(r.body, "reason"), "Expired");
	assert_null(r.events);
	result_clear(&r);
	json_decref(want);
}

static struct kc_req *to_cancel;

static void cancel_on_event(void *arg, const char *type, json_t *obj)
{
	on_event(arg, type, obj);
	kc_cancel(to_cancel); /* from inside its own callback */
}

static void test_cancel(void **state)
{
	struct result r = {0}, w = {0};
	struct kc_req *req;

	(void)state;
	held = NULL;
	held_set = false;
	req = kc_get(kc, "/hold", on_done, &r);
	run_until(&held_set, 2000);
	assert_non_null(held);
	kc_cancel(req);
	http_reply(held, 200, "application/json", "{}", 2, NULL);
	held = NULL;
	held_set = false;
	run_until(NULL, 50);
	assert_false(r.done);

	to_cancel = kc_watch(kc, "/watch/open?watch=true", cancel_on_event, on_end, &w);
	run_until(&held_set, 2000);
	run_until(NULL, 50);
	assert_false(w.done);
	assert_int_equal(json_array_size(w.events), 1); /* nothing after the cancel */
	http_stream_end(held);
	held = NULL;
	run_until(NULL, 20);
	result_clear(&w);

	/* Cancelling queued requests. */
	kc_set_rate(kc, 1, 1);
	kc_get(kc, "/a", on_done, &r);
	req = kc_get(kc, "/b", on_done, &w);
	assert_int_equal(kc_queued(kc), 1);
	kc_cancel(req);
	assert_int_equal(kc_queued(kc), 0);
	run_until(&r.done, 2000);
	assert_int_equal(r.code, 200);
	result_clear(&r);
}

static int arrived;

static void count_done(void *arg, int code, json_t *body, const char *err)
{
	(void)body;
	(void)err;
	assert_int_equal(code, 200);
	(*(int *)arg)++;
}

static void test_rate_limit(void **state)
{
	struct timespec a, b;
	double secs;

	(void)state;
	arrived = 0;
	kc_set_rate(kc, 20, 3);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 9; i++)
		kc_get(kc, "/r", count_done, &arrived);
	/* Burst 3 go at once; the other 6 wait for tokens at 20/s: about 0.3 s. */
	assert_int_equal(kc_queued(kc), 6);
	while (arrived < 9)
		run_until(NULL, 5);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	assert_true(secs > 0.25);
	assert_true(secs < 1.5);
	kc_set_rate(kc, 0, 0);
}

static void test_escape(void **state)
{
	char *s = kc_escape("app in (a,b),x!=y/z~");

	(void)state;
	assert_string_equal(s, "app%20in%20%28a%2Cb%29%2Cx%21%3Dy%2Fz~");
	free(s);
}

static void test_recorder(void **state)
{
	struct rec *rec = rec_new(kc, "test-controller", "node-1");
	json_t *pod = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "kind", "Pod", "apiVersion",
				"v1", "metadata", "name", "web-1", "namespace", "ns", "uid", "u-1",
				"resourceVersion", "7");
	const char *name = NULL, *key;
	json_t *ev;

	(void)state;
	rec_event(rec, pod, "Normal", "Scheduled", "assigned %s to %s", "ns/web-1", "node-1");
	run_until(NULL, 100);
	assert_int_equal(json_object_size(events), 1);
	json_object_foreach(events, key, ev) name = xstrdup(key);
	ev = json_object_get(events, name);
	assert_true(!strncmp(name, "web-1.", 6));
	assert_string_equal(jx_str(ev, "involvedObject.kind"), "Pod");
	assert_string_equal(jx_str(ev, "involvedObject.uid"), "u-1");
	assert_string_equal(jx_str(ev, "involvedObject.namespace"), "ns");
	assert_string_equal(jx_str(ev, "message"), "assigned ns/web-1 to node-1");
	assert_string_equal(jx_str(ev, "source.component"), "test-controller");
	assert_string_equal(jx_str(ev, "source.host"), "node-1");
	assert_string_equal(jx_str(ev, "reportingComponent"), "test-controller");
	assert_string_equal(jx_str(ev, "type"), "Normal");
	assert_int_equal(jx_int(ev, "count", 0), 1);
	assert_non_null(jx_str(ev, "firstTimestamp"));

	/* Again: the same Event is counted up by a patch. */
	rec_event(rec, pod, "Normal", "Scheduled", "assigned %s to %s", "ns/web-1", "node-1");
	rec_event(rec, pod, "Normal", "Scheduled", "assigned %s to %s", "ns/web-1", "node-1");
	run_until(NULL, 100);
	assert_int_equal(json_object_size(events), 1);
	assert_int_equal(npatches, 2);
	assert_int_equal(jx_int(json_object_get(events, name), "count", 0), 3);

	/* Another message is another Event. */
	rec_event(rec, pod, "Warning", "Failed", "no");
	run_until(NULL, 100);
	assert_int_equal(json_object_size(events), 2);

	/* The counted Event was deleted: it is created again. */
	json_object_del(events, name);
	rec_event(rec, pod, "Normal", "Scheduled", "assigned %s to %s", "ns/web-1", "node-1");
	run_until(NULL, 100);
	assert_int_equal(json_object_size(events), 2);
	assert_int_equal(jx_int(json_object_get(events, name), "count", 0), 4);
	assert_int_equal(rec_sent(rec), 6);
	json_decref(pod);
	free((char *)name);
	rec_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_verbs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retry_429, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_watch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rate_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_escape, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recorder, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
