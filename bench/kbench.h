/* kbench: the load generator behind `make bench`. One process, one libevent loop, requests
 * through libkube's httpc (libcurl multi, keep-alive connections). Each mode prints one line
 * of key=value pairs that bench/run.sh turns into bench/RESULTS.md. */
#ifndef KBENCH_H
#define KBENCH_H

#include <event2/event.h>
#include <stddef.h>

#include "httpc.h"

struct kb_opts {
	const char *server; /* https://127.0.0.1:PORT, the apiserver */
	const char *etcd;   /* http://127.0.0.1:PORT, etcd's JSON gateway */
	const char *ca, *cert, *key;
	const char *ns;
	const char *prefix; /* object names are PREFIX-INDEX */
	const char *query;  /* appended to list URLs, e.g. "?resourceVersion=0" */
	int conc;
	long count;
	long warmup;	 /* completions before the clock starts; not in the samples */
	long objects;	 /* gets cycle over PREFIX-0 .. PREFIX-(objects-1) */
	long pad;	 /* etcd values are padded to this many bytes (0: the pod as posted) */
	double duration; /* seconds; 0 means bounded by count only */
	int watchers;
	int rounds;
	const char *until;	 /* converge: "bound" or "ready" */
	const char *create;	 /* converge: a JSON file POSTed once the watch is up */
	const char *create_path; /* ... to this collection path */
};

/* One request of a workload: everything malloc'd, owned by the caller. */
struct kb_call {
	const char *method;
	char *url;
	char *body;
	size_t len;
};

/* A request-response workload the rate driver repeats: build request i. */
struct kb_workload {
	const char *name;
	int to_etcd;
	void (*build)(const struct kb_opts *o, long i, struct kb_call *c);
};

/* stats.c */
double kb_now(void);
/* Sorts v in place and prints "NAME_p50_ms=.. NAME_p90_ms=.. NAME_p99_ms=.. NAME_max_ms=..". */
void kb_stats_print(const char *name, double *v, size_t n);
void kb_call_free(struct kb_call *c);

/* workloads.c */
const struct kb_workload *kb_workload_find(const char *name);
/* The body POSTed for pod i: also the value etcd-put stores, so both carry the same bytes. */
char *kb_pod_json(const struct kb_opts *o, long i);
struct httpc *kb_http_new(struct event_base *base, const struct kb_opts *o, int to_etcd);

/* rate.c: keep opts->conc requests in flight until count or duration runs out. */
int kb_rate_run(const struct kb_opts *o, const struct kb_workload *wl);

/* watch.c: opts->watchers watches on pods in opts->ns; opts->rounds creates, one at a time. */
int kb_watch_run(const struct kb_opts *o);

/* converge.c: watch the pods of opts->ns until opts->count of them are bound (spec.nodeName)
 * or Ready, optionally after POSTing one object (a ReplicaSet); prints when the first and the
 * last got there and the rate in between. */
int kb_converge_run(const struct kb_opts *o);

#endif
