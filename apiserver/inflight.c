/*
 * inflight: upstream's max-in-flight filter (--max-requests-inflight for reads,
 * --max-mutating-requests-inflight for writes). Past the limit a request is answered 429 with
 * Retry-After at once, before authorization or any storage work, so an overloaded server sheds
 * load cheaply instead of queueing without bound. Long-running requests (watches, proxy,
 * exec, attach, port-forward, logs) hold no slot, or a few thousand watches would starve the
 * rest; health checks hold none either, so overload never reads as death.
 */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

static int limit[2], used[2]; /* [0] read-only, [1] mutating; limit 0: none */

void inflight_init(int max_readonly, int max_mutating)
{
	limit[0] = max_readonly > 0 ? max_readonly : 0;
	limit[1] = max_mutating > 0 ? max_mutating : 0;
}

static bool is_query_watch(const struct http_req *req)
{
	char *w = http_query_get(req, "watch");
	bool on = w && (!strcmp(w, "true") || !strcmp(w, "1"));

	free(w);
	return on;
}

/* s: the path's segments, s[0] "api" or "apis". */
static bool long_running(const struct http_req *req, char **s, int n)
{
	static const char *const subs[] = {"proxy", "exec", "attach", "portforward", "log"};
	int base = !strcmp(s[0], "api") ? 2 : 3, at;

	if (is_query_watch(req) || (n > base && !strcmp(s[base], "watch")))
		return true;
	/* [namespaces, NS, RES, NAME, SUB] or, cluster-scoped, [RES, NAME, SUB] */
	at = n > base && !strcmp(s[base], "namespaces") && n > base + 4 ? base + 4 : base + 2;
	if (at >= n)
		return false;
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(s[at], subs[i]))
			return true;
	return false;
}

void inflight_release(int slot)
{
	if (slot >= 0)
		used[slot]--;
}

bool inflight_admit(struct http_req *req, char **s, int n, int *slot)
{
	static const char *const retry[] = {"Retry-After", "1", NULL};
	int kind;
	json_t *st;
	char *body;

	*slot = -1;
	if (n < 1 || (n == 1 && (!strcmp(s[0], "healthz") || !strcmp(s[0], "livez") ||
				 !strcmp(s[0], "readyz"))))
		return true;
	if ((!strcmp(s[0], "api") || !strcmp(s[0], "apis")) && long_running(req, s, n))
		return true;
	kind = strcmp(req->method, "GET") && strcmp(req->method, "HEAD") &&
	       strcmp(req->method, "OPTIONS");
	if (!limit[kind] || used[kind] < limit[kind]) {
		used[kind]++;
		*slot = kind;
		return true;
	}
	st = st_new(429, "TooManyRequests", "Too many requests, please try again later.");
	jx_set(st, "details.retryAfterSeconds", json_integer(1));
	body = json_dumps(st, JSON_COMPACT);
	log_v(2, "max-in-flight: %s %s refused (%d %s in flight)", req->method, req->target,
	      used[kind], kind ? "mutating" : "read-only");
	http_reply(req, 429, "application/json", body, strlen(body), retry);
	free(body);
	json_decref(st);
	return false;
}
