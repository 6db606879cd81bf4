/*
 * daemon: what every client of the API server that runs as a daemon shares (kube-scheduler,
 * kube-controller-manager, later the kubelet and kube-proxy): upstream's client and leader
 * election flags, one event loop, SIGINT/SIGTERM, the HTTPS endpoint with /healthz, /livez,
 * /readyz and /metrics, the shared informer factory, and running the work only while leading.
 *
 * Order of events: flags are parsed, the client and factory made, spec->init registers
 * informers and handlers, the factory starts (a standby keeps warm caches, so taking over is
 * quick), and once it has synced and this process leads (at once without --leader-elect)
 * spec->run starts the work. Losing the lease ends the process with status 1, as upstream.
 */
#ifndef KUBE_DAEMON_H
#define KUBE_DAEMON_H

#include <event2/event.h>
#include <stdbool.h>

#include "flags.h"

struct kc;
struct inf_factory;
struct le;
struct daemon;

/* Appends Prometheus text exposition lines to *buf (a malloc'd string, may be NULL). */
typedef void (*daemon_metrics_fn)(void *arg, char **buf);

struct daemon_spec {
	const char *name;	  /* "kube-scheduler": user agent, lease name, logs */
	const struct flag *flags; /* the daemon's own flags, {0}-terminated; may be NULL */
	int secure_port;	  /* upstream's default: 10259, 10257 */
	double qps;		  /* --kube-api-qps default */
	int burst;		  /* --kube-api-burst default */
	bool no_election;	  /* --leader-elect defaults to false (node agents, tools) */
	/* After flags: check them, register informers and handlers. Returns 0, or -1 with a
	 * one-line message in err (the process exits 1). */
	int (*init)(struct daemon *d, void *arg, char *err, size_t errlen);
	/* Caches synced and leading: start working. */
	void (*run)(struct daemon *d, void *arg);
	/* Optional, for /metrics. */
	daemon_metrics_fn metrics;
	void *arg;
};

/* The whole life of a daemon: returns the process exit status. */
int daemon_main(const struct daemon_spec *spec, int argc, char **argv);

struct event_base *daemon_base(const struct daemon *d);
struct kc *daemon_client(const struct daemon *d);
struct inf_factory *daemon_informers(const struct daemon *d);
/* NULL without --leader-elect. */
struct le *daemon_elector(const struct daemon *d);
/* The host name (for event sources and identities). */
const char *daemon_host(const struct daemon *d);
/* The bound /healthz port (for tests that pass --secure-port=0). */
int daemon_port(const struct daemon *d);

/* Append one "name value\n" sample (with optional "{labels}" inside name) to a metrics buffer. */
void daemon_metric(char **buf, const char *name, double value);

#endif
