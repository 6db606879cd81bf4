/* The HTTP server against raw sockets: keep-alive, chunked bodies, limits, bad input, slow
 * clients and answers ahead of a handler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "http.h"

static struct event_base *base;
static struct http_server *srv;
static int port;
static struct http_req *held; /* a streaming request the test drives */
static struct bufferevent *taken; /* a hijacked connection */

/* The hijacked side echoes what it reads, upper-cased. */
static void echo_read(struct bufferevent *bev, void *arg)
{
	char buf[256];
	size_t n;

	(void)arg;
	while ((n = bufferevent_read(bev, buf, sizeof(buf))) > 0) {
		for (size_t i = 0; i < n; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] = (char)(buf[i] - 32);
		bufferevent_write(bev, buf, n);
	}
}

static void echo_event(struct bufferevent *bev, short what, void *arg)
{
	(void)what;
	(void)arg;
	bufferevent_free(bev);
	taken = NULL;
}

static void take_over(struct bufferevent *bev)
{
	static const char head[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\n\r\n";

	taken = bev;
	bufferevent_setcb(bev, echo_read, NULL, echo_event, NULL);
	bufferevent_write(bev, head, sizeof(head) - 1);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	/* Bytes the client sent right after its request are already waiting. */
	if (evbuffer_get_length(bufferevent_get_input(bev)))
		echo_read(bev, NULL);
}

static void handler(struct http_req *req, void *arg)
{
	char buf[512];

	(void)arg;
	if (!strcmp(req->path, "/upgrade")) {
		take_over(http_hijack(req));
		return;
	}
	if (!strcmp(req->path, "/upgrade-later") || !strcmp(req->path, "/hold")) {
		held = req; /* hijacked by the test, after the handler returned */
		return;
	}
	if (!strcmp(req->path, "/stream")) {
		http_stream_begin(req, 200, "application/json", NULL, NULL);
		http_stream_write(req, "{\"a\":1}\n", 8);
		held = req;
		return;
	}
	snprintf(buf, sizeof(buf), "%s %s body=%zu q=%s", req->method, req->path, req->body_len,
		 req->query);
	http_reply(req, 200, "text/plain", buf, strlen(buf), NULL);
}

static void too_large(struct http_req *req, void *arg)
{
	(void)arg;
	http_reply(req, 413, "application/json", "{\"code\":413}", 12, NULL);
}

static void timed_out(struct http_req *req, void *arg)
{
	(void)arg;
	http_reply(req, 504, "application/json", "{\"code\":504}", 12, NULL);
}

static int setup(void **state)
{
	struct http_server_opts o = {.max_body = 1024,
				     .max_header = 2048,
				     .too_large = too_large,
				     .header_timeout_ms = 300,
				     .body_timeout_ms = 300,
				     .timed_out = timed_out};

	(void)state;
	base = event_base_new();
	srv = http_server_new(base, &o, handler, NULL);
	port = http_server_listen(srv, "127.0.0.1", 0);
	return port > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	http_server_free(srv);
	event_base_free(base);
	return 0;
}

static int dial(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* Send, then run the loop until the socket has read want (or closes); returns bytes read. */
static size_t exchange(int fd, const char *send_buf, size_t n, char *out, size_t cap,
		       const char *want)
{
	size_t got = 0;

	if (n)
		assert_int_equal(write(fd, send_buf, n), (ssize_t)n);
	for (int i = 0; i < 2000; i++) {
		struct pollfd p = {fd, POLLIN, 0};
		event_base_loop(base, EVLOOP_NONBLOCK);
		if (poll(&p, 1, 1) > 0) {
			ssize_t r = read(fd, out + got, cap - got - 1);
			if (r <= 0)
				break;
			got += (size_t)r;
			out[got] = 0;
			if (want && strstr(out, want))
				break;
		}
	}
	out[got] = 0;
	return got;
}

static void test_keepalive(void **state)
{
	char out[4096];
	int fd = dial();
	const char *two = "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n";

	(void)state;
	exchange(fd, two, strlen(two), out, sizeof(out), "GET /b");
	assert_non_null(strstr(out, "GET /a body=0 q=x=1"));
	assert_non_null(strstr(out, "GET /b body=0"));
	close(fd);
}

static void test_bodies(void **state)
{
	char out[4096];
	int fd = dial();
	const char *cl = "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
	const char *ch = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";

	(void)state;
	exchange(fd, cl, strlen(cl), out, sizeof(out), "body=5");
	assert_non_null(strstr(out, "POST /p body=5"));
	exchange(fd, ch, strlen(ch), out, sizeof(out), "body=7");
	assert_non_null(strstr(out, "POST /c body=7"));
	close(fd);
}

static void test_limits(void **state)
{
	char out[8192], big[4096];
	int fd = dial();
	const char *huge = "POST /p HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n";

	(void)state;
	exchange(fd, huge, strlen(huge), out, sizeof(out), "413");
	assert_non_null(strstr(out, "HTTP/1.1 413"));
	close(fd);
	fd = dial();
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	exchange(fd, big, sizeof(big), out, sizeof(out), "431");
	assert_non_null(strstr(out, "HTTP/1.1 431"));
	close(fd);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"GARBAGE\r\n\r\n",
		"GET nopath HTTP/1.1\r\n\r\n",
		"GET / HTTP/2.0\r\n\r\n",
		"GET /%zz HTTP/1.1\r\n\r\n",
		"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
	};
	char out[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int fd = dial();
		exchange(fd, bad[i], strlen(bad[i]), out, sizeof(out), "\r\n\r\n");
		assert_true(!strncmp(out, "HTTP/1.1 400", 12) || !strncmp(out, "HTTP/1.1 501", 12));
		close(fd);
	}
	/* The server still serves. */
	{
		int fd = dial();
		exchange(fd, "GET /ok HTTP/1.1\r\n\r\n", 20, out, sizeof(out), "GET /ok");
		assert_non_null(strstr(out, "GET /ok"));
		close(fd);
	}
}

static void test_stream_and_disconnect(void **state)
{
	char out[4096];
	int fd = dial();

	(void)state;
	held = NULL;
	exchange(fd, "GET /stream HTTP/1.1\r\n\r\n", 24, out, sizeof(out), "{\"a\":1}");
	assert_non_null(strstr(out, "Transfer-Encoding: chunked"));
	assert_non_null(held);
	http_stream_write(held, "{\"b\":2}\n", 8);
	exchange(fd, NULL, 0, out, sizeof(out), "{\"b\":2}");
	assert_non_null(strstr(out, "{\"b\":2}"));
	/* The client goes; a later write reports it and ending frees the request. */
	close(fd);
	for (int i = 0; i < 50; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	assert_int_equal(http_stream_write(held, "x", 1), -1);
	http_stream_end(held);
}

static void test_hijack(void **state)
{
	char out[4096];
	int fd = dial();
	const char *up = "GET /upgrade HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nearly";

	(void)state;
	exchange(fd, up, strlen(up), out, sizeof(out), "EARLY");
	assert_true(!strncmp(out, "HTTP/1.1 101 Switching Protocols\r\n", 34));
	assert_non_null(strstr(out, "\r\n\r\nEARLY"));
	assert_non_null(taken);
	exchange(fd, "more", 4, out, sizeof(out), "MORE");
	assert_string_equal(out, "MORE");
	close(fd);
	for (int i = 0; i < 50 && taken; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	assert_null(taken);
	/* The server still serves plain requests. */
	fd = dial();
	exchange(fd, "GET /ok HTTP/1.1\r\n\r\n", 20, out, sizeof(out), "GET /ok");
	assert_non_null(strstr(out, "GET /ok"));
	close(fd);
}

static void test_hijack_later(void **state)
{
	char out[4096];
	int fd = dial();
	const char *up = "POST /upgrade-later HTTP/1.1\r\nContent-Length: 0\r\n\r\nabc";

	(void)state;
	held = NULL;
	exchange(fd, up, strlen(up), out, sizeof(out), "never");
	assert_int_equal(out[0], 0);
	assert_non_null(held);
	take_over(http_hijack(held));
	exchange(fd, NULL, 0, out, sizeof(out), "ABC");
	assert_non_null(strstr(out, "101 Switching Protocols"));
	assert_non_null(strstr(out, "\r\n\r\nABC"));
	bufferevent_free(taken);
	taken = NULL;
	close(fd);
	/* A client that left before the hijack: NULL, and the request is freed. */
	held = NULL;
	fd = dial();
	exchange(fd, up, strlen(up), out, sizeof(out), "never");
	assert_non_null(held);
	close(fd);
	for (int i = 0; i < 50; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
	assert_null(http_hijack(held));
}

static void test_stream_headers(void **state)
{
	char out[4096];
	int fd = dial();
	static const char *const extra[] = {"X-Extra", "1", NULL};

	(void)state;
	held = NULL;
	exchange(fd, "GET /upgrade-later HTTP/1.1\r\n\r\n", 31, out, sizeof(out), "never");
	assert_non_null(held);
	http_stream_begin_headers(held, 201, "text/plain", extra, NULL, NULL);
	http_stream_write(held, "hi", 2);
	http_stream_end(held);
	exchange(fd, NULL, 0, out, sizeof(out), "0\r\n\r\n");
	assert_true(!strncmp(out, "HTTP/1.1 201 Created\r\n", 22));
	assert_non_null(strstr(out, "X-Extra: 1\r\n"));
	assert_non_null(strstr(out, "\r\n\r\n2\r\nhi\r\n0\r\n\r\n"));
	close(fd);
	for (int i = 0; i < 50; i++)
		event_base_loop(base, EVLOOP_NONBLOCK);
}

static void say(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static size_t ask(int fd, const char *s, char *out, size_t cap, const char *want)
{
	return exchange(fd, s, strlen(s), out, cap, want);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* Run the loop for ms milliseconds, asserting the server sends fd nothing meanwhile. */
static void quiet(int fd, double ms)
{
	for (double t = now_ms(); now_ms() - t < ms;) {
		struct pollfd p = {fd, POLLIN, 0};
		event_base_loop(base, EVLOOP_NONBLOCK);
		assert_int_equal(poll(&p, 1, 1), 0);
	}
}

/* Run the loop until the server closes fd; the milliseconds that took, or -1 if it did not
 * within two seconds. */
static double until_closed(int fd, char *out, size_t cap)
{
	double t = now_ms();
	size_t got = 0;

	out[0] = 0;
	while (now_ms() - t < 2000) {
		struct pollfd p = {fd, POLLIN, 0};
		event_base_loop(base, EVLOOP_NONBLOCK);
		if (poll(&p, 1, 1) > 0) {
			ssize_t r = read(fd, out + got, cap - got - 1);
			if (r <= 0)
				return now_ms() - t;
			got += (size_t)r;
			out[got] = 0;
		}
	}
	return -1;
}

static void test_slow_head(void **state)
{
	char out[4096];
	int fd = dial();
	double ms;

	(void)state;
	/* Never finished: dropped at header_timeout_ms without an answer. */
	say(fd, "GET / HTTP/1.1\r\nX: a");
	ms = until_closed(fd, out, sizeof(out));
	assert_true(ms >= 250 && ms < 1000);
	assert_string_equal(out, "");
	close(fd);
	/* Nothing sent at all: the same bound from the connection's start. */
	fd = dial();
	ms = until_closed(fd, out, sizeof(out));
	assert_true(ms >= 250 && ms < 1000);
	close(fd);
	/* An idle keep-alive connection is no slow head: the bound starts at a request's first
	 * byte, and a head that ends in time is served. */
	fd = dial();
	ask(fd, "GET /a HTTP/1.1\r\n\r\n", out, sizeof(out), "GET /a");
	quiet(fd, 500);
	say(fd, "GET /b HT");
	quiet(fd, 150);
	ask(fd, "TP/1.1\r\n\r\n", out, sizeof(out), "GET /b");
	assert_non_null(strstr(out, "GET /b body=0"));
	close(fd);
}

static void test_slow_body(void **state)
{
	char out[4096];
	int fd = dial();
	double ms;

	(void)state;
	say(fd, "POST /p HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
	ms = until_closed(fd, out, sizeof(out));
	assert_true(ms >= 250 && ms < 1000);
	assert_true(!strncmp(out, "HTTP/1.1 504 Gateway Timeout\r\n", 30));
	assert_non_null(strstr(out, "Connection: close\r\n"));
	assert_non_null(strstr(out, "\r\n\r\n{\"code\":504}"));
	close(fd);
}

static void test_reply_detach(void **state)
{
	char out[4096];
	int fd = dial();

	(void)state;
	held = NULL;
	ask(fd, "GET /hold HTTP/1.1\r\n\r\n", out, sizeof(out), "never");
	assert_non_null(held);
	http_reply_detach(held, 504, "text/plain", "late", 4);
	assert_null(held->conn);
	exchange(fd, NULL, 0, out, sizeof(out), "late");
	assert_true(!strncmp(out, "HTTP/1.1 504 Gateway Timeout\r\n", 30));
	/* The connection goes on while the handler still holds its request. */
	ask(fd, "GET /next HTTP/1.1\r\n\r\n", out, sizeof(out), "GET /next");
	assert_non_null(strstr(out, "GET /next body=0"));
	/* The handler's own answer goes nowhere, and frees the request. */
	http_reply(held, 200, "text/plain", "too late", 8, NULL);
	exchange(fd, NULL, 0, out, sizeof(out), "too late");
	assert_string_equal(out, "");
	close(fd);
	/* A stream already begun cannot be answered again: its connection is cut. */
	fd = dial();
	held = NULL;
	ask(fd, "GET /stream HTTP/1.1\r\n\r\n", out, sizeof(out), "{\"a\":1}");
	assert_non_null(held);
	http_reply_detach(held, 504, "text/plain", "late", 4);
	assert_true(until_closed(fd, out, sizeof(out)) >= 0);
	assert_null(strstr(out, "late"));
	assert_int_equal(http_stream_write(held, "x", 1), -1);
	http_stream_end(held);
	close(fd);
}

static void test_unescape_and_query(void **state)
{
	char *s = http_unescape("a%20b+c", 7, true);
	struct http_req r = {.query = "a=1&b=x%3Dy&flag"};

	(void)state;
	assert_string_equal(s, "a b c");
	free(s);
	assert_null(http_unescape("%4", 2, false));
	assert_null(http_unescape("%", 1, false));
	s = http_query_get(&r, "b");
	assert_string_equal(s, "x=y");
	free(s);
	s = http_query_get(&r, "flag");
	assert_string_equal(s, "");
	free(s);
	assert_null(http_query_get(&r, "c"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_stream_and_disconnect),
		cmocka_unit_test(test_unescape_and_query),
		cmocka_unit_test(test_hijack),
		cmocka_unit_test(test_hijack_later),
		cmocka_unit_test(test_stream_headers),
		cmocka_unit_test(test_slow_head),
		cmocka_unit_test(test_slow_body),
		cmocka_unit_test(test_reply_detach),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
