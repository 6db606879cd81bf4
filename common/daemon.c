#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "controller.h"
#include "daemon.h"
#include "http.h"
#include "informer.h"
#include "kubeconfig.h"
#include "leader.h"
#include "log.h"
#include "tls.h"

/* Upstream's generic flags of a client daemon. */
struct daemon_opts {
	char *kubeconfig, *master, *bind_address, *cert_dir, *tls_cert, *tls_key;
	char *lock_name, *lock_ns, *lock_type;
	char *authn_kubeconfig, *authz_kubeconfig, *client_ca, *reqheader_ca, *profiling;
	char *tls_min_version, *tls_ciphers;
	double qps;
	int burst, secure_port, v;
	long lease_ms, renew_ms, retry_ms;
	bool leader_elect, help;
};

struct daemon {
	const struct daemon_spec *spec;
	struct daemon_opts o;
	struct event_base *base;
	struct kc *kc;
	struct inf_factory *inf;
	struct le *le;
	struct http_server *http;
	SSL_CTX *ssl;
	char host[256];
	int port;
	bool synced, running, stopping;
	time_t started;
};

/* Upstream's generic flags of a client daemon, pointing into o. Returns how many; fills f
 * when it is not NULL. */
static size_t common_flags(struct daemon_opts *o, struct flag *f)
{
	const struct flag t[] = {
	    {"kubeconfig", FLAG_STRING, &o->kubeconfig, "path to a kubeconfig file"},
	    {"master", FLAG_STRING, &o->master,
	     "the API server's address (overrides the kubeconfig's)"},
	    {"kube-api-qps", FLAG_FLOAT, &o->qps, "queries per second to the API server"},
	    {"kube-api-burst", FLAG_INT, &o->burst, "burst of queries to the API server"},
	    {"leader-elect", FLAG_BOOL, &o->leader_elect, "elect a leader so only one copy works"},
	    {"leader-elect-lease-duration", FLAG_DURATION, &o->lease_ms, "how long a lease holds"},
	    {"leader-elect-renew-deadline", FLAG_DURATION, &o->renew_ms,
	     "how long the leader keeps renewing"},
	    {"leader-elect-retry-period", FLAG_DURATION, &o->retry_ms, "wait between attempts"},
	    {"leader-elect-resource-lock", FLAG_STRING, &o->lock_type,
	     "the lock's kind (only leases)"},
	    {"leader-elect-resource-name", FLAG_STRING, &o->lock_name, "the Lease's name"},
	    {"leader-elect-resource-namespace", FLAG_STRING, &o->lock_ns, "the Lease's namespace"},
	    {"bind-address", FLAG_STRING, &o->bind_address,
	     "address of the health and metrics endpoint"},
	    {"secure-port", FLAG_INT, &o->secure_port,
	     "HTTPS port of /healthz and /metrics (0: do not serve them)"},
	    {"cert-dir", FLAG_STRING, &o->cert_dir,
	     "where a self-signed serving certificate is written"},
	    {"tls-cert-file", FLAG_STRING, &o->tls_cert, "the serving certificate"},
	    {"tls-private-key-file", FLAG_STRING, &o->tls_key, "the serving certificate's key"},
	    {"tls-min-version", FLAG_STRING, &o->tls_min_version, "VersionTLS12 or VersionTLS13"},
	    {"tls-cipher-suites", FLAG_STRING, &o->tls_ciphers,
	     "TLS 1.2 cipher suites, by Go's names"},
	    {"authentication-kubeconfig", FLAG_STRING, &o->authn_kubeconfig,
	     "accepted for kubeadm's manifests"},
	    {"authorization-kubeconfig", FLAG_STRING, &o->authz_kubeconfig,
	     "accepted for kubeadm's manifests"},
	    {"client-ca-file", FLAG_STRING, &o->client_ca, "accepted for kubeadm's manifests"},
	    {"requestheader-client-ca-file", FLAG_STRING, &o->reqheader_ca,
	     "accepted for kubeadm's manifests"},
	    {"profiling", FLAG_STRING, &o->profiling, "accepted; no profiling endpoint is served"},
	    {"v", FLAG_INT, &o->v, "log verbosity"},
	    {"help", FLAG_BOOL, &o->help, "print the flags"},
	};

	if (f)
		memcpy(f, t, sizeof(t));
	return sizeof(t) / sizeof(t[0]);
}

/* The daemon's own flags after the common ones; malloc'd, {0}-terminated. */
static struct flag *all_flags(struct daemon *d)
{
	size_t nc = common_flags(&d->o, NULL), ns = 0;
	struct flag *f;

	while (d->spec->flags && d->spec->flags[ns].name)
		ns++;
	f = xcalloc(nc + ns + 1, sizeof(*f));
	common_flags(&d->o, f);
	if (ns)
		memcpy(f + nc, d->spec->flags, ns * sizeof(*f));
	return f;
}

struct event_base *daemon_base(const struct daemon *d)
{
	return d->base;
}

struct kc *daemon_client(const struct daemon *d)
{
	return d->kc;
}

struct inf_factory *daemon_informers(const struct daemon *d)
{
	return d->inf;
}

struct le *daemon_elector(const struct daemon *d)
{
	return d->le;
}

const char *daemon_host(const struct daemon *d)
{
	return d->host;
}

int daemon_port(const struct daemon *d)
{
	return d->port;
}

void daemon_metric(char **buf, const char *name, double value)
{
	char *line = xasprintf("%s%s %.17g\n", *buf ? *buf : "", name, value);

	free(*buf);
	*buf = line;
}

static long rss_bytes(void)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * sysconf(_SC_PAGESIZE);
}

static void serve_metrics(struct daemon *d, struct http_req *req)
{
	char *buf = NULL;
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	daemon_metric(&buf, "process_resident_memory_bytes", (double)rss_bytes());
	daemon_metric(&buf, "process_start_time_seconds", (double)d->started);
	daemon_metric(&buf, "process_cpu_seconds_total",
		      ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
			  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	if (d->le) {
		char *name =
		    xasprintf("leader_election_master_status{name=\"%s\"}", d->o.lock_name);
		daemon_metric(&buf, name, le_is_leader(d->le));
		free(name);
	}
	if (d->spec->metrics)
		d->spec->metrics(d->spec->arg, &buf);
	http_reply_take(req, 200, "text/plain; version=0.0.4; charset=utf-8", buf,
			buf ? strlen(buf) : 0, NULL);
}

/* /healthz, /livez, /readyz answer "ok" as upstream's (no checks beyond being alive, except
 * readyz, which waits for the informers); /metrics is the Prometheus text. */
static void handle(struct http_req *req, void *arg)
{
	struct daemon *d = arg;
	const char *p = req->path;

	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		http_reply(req, 405, "text/plain", "method not allowed\n", 19, NULL);
	} else if (!strncmp(p, "/healthz", 8) || !strncmp(p, "/livez", 6)) {
		http_reply(req, 200, "text/plain; charset=utf-8", "ok", 2, NULL);
	} else if (!strncmp(p, "/readyz", 7)) {
		if (d->synced)
			http_reply(req, 200, "text/plain; charset=utf-8", "ok", 2, NULL);
		else
			http_reply(req, 500, "text/plain; charset=utf-8", "informers not synced\n",
				   21, NULL);
	} else if (!strcmp(p, "/metrics")) {
		serve_metrics(d, req);
	} else {
		http_reply(req, 404, "text/plain", "404 page not found\n", 19, NULL);
	}
}

/* Upstream serves these over HTTPS; without a certificate one is made in --cert-dir. Port 0
 * turns them off, as upstream's --secure-port=0. */
static int serve(struct daemon *d, char *err, size_t errlen)
{
	struct http_server_opts ho = {
	    .max_body = 1 << 16, .max_header = 1 << 16, .idle_timeout = 90};
	char *cert = d->o.tls_cert, *key = d->o.tls_key;
	int rc = -1;

	if (d->o.secure_port <= 0)
		return 0;
	if (!cert || !key) {
		cert = xasprintf("%s/%s.crt", d->o.cert_dir, d->spec->name);
		key = xasprintf("%s/%s.key", d->o.cert_dir, d->spec->name);
		mkdir(d->o.cert_dir, 0755);
		if (tls_self_signed(cert, key, d->spec->name, "localhost,127.0.0.1", err, errlen))
			goto out;
	}
	d->ssl = ho.ssl = tls_server_ctx(cert, key, NULL, d->o.tls_min_version, err, errlen);
	if (!ho.ssl ||
	    (d->o.tls_ciphers && tls_set_cipher_suites(ho.ssl, d->o.tls_ciphers, err, errlen)))
		goto out;
	d->http = http_server_new(d->base, &ho, handle, d);
	d->port = http_server_listen(d->http, d->o.bind_address, d->o.secure_port);
	if (d->port < 0) {
		snprintf(err, errlen, "failed to listen on %s:%d", d->o.bind_address,
			 d->o.secure_port);
		goto out;
	}
	log_info("serving /healthz and /metrics on https://%s:%d", d->o.bind_address, d->port);
	rc = 0;
out:
	if (cert != d->o.tls_cert)
		free(cert);
	if (key != d->o.tls_key)
		free(key);
	return rc;
}

static void maybe_run(struct daemon *d)
{
	if (d->running || !d->synced || (d->le && !le_is_leader(d->le)))
		return;
	d->running = true;
	log_info("%s: caches synced, starting work", d->spec->name);
	d->spec->run(d, d->spec->arg);
}

static void on_synced(void *arg)
{
	struct daemon *d = arg;

	d->synced = true;
	maybe_run(d);
}

static void started_leading(void *arg)
{
	struct daemon *d = arg;

	log_info("%s: became the leader (%s)", d->spec->name, le_identity(d->le));
	maybe_run(d);
}

/* Two leaders must never act at once: a leader that cannot renew stops the whole process
 * (and a supervisor restarts it as a candidate), as upstream's daemons do. */
static void stopped_leading(void *arg)
{
	struct daemon *d = arg;

	if (d->stopping)
		return;
	log_error("%s: leaderelection lost", d->spec->name);
	exit(1);
}

static void loop_break(void *arg)
{
	event_base_loopbreak(arg);
}

static void new_leader(void *arg, const char *identity)
{
	struct daemon *d = arg;

	if (d->le && strcmp(identity, le_identity(d->le)))
		log_info("%s: the leader is %s", d->spec->name, identity);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	(void)what;
	log_info("received signal %d, shutting down", (int)sig);
	d->stopping = true;
	/* Hand the lease back so a standby takes over at once rather than after it expires. */
	if (d->le)
		le_stop(d->le, loop_break, d->base);
	else
		event_base_loopbreak(d->base);
}

static int setup(struct daemon *d, char *err, size_t errlen)
{
	struct kcfg *cfg = NULL;
	char *msg = NULL;

	if (kcfg_build(d->o.master, d->o.kubeconfig, &cfg, &msg)) {
		snprintf(err, errlen, "invalid configuration: %s", msg);
		free(msg);
		return -1;
	}
	d->kc = kc_new(d->base, cfg, d->spec->name);
	kcfg_free(cfg);
	kc_set_rate(d->kc, d->o.qps, d->o.burst);
	d->inf = inf_factory_new(d->kc, 0);
	if (d->o.leader_elect) {
		struct le_config lc = {.namespace = d->o.lock_ns,
				       .name = d->o.lock_name,
				       .lease_duration_ms = d->o.lease_ms,
				       .renew_deadline_ms = d->o.renew_ms,
				       .retry_period_ms = d->o.retry_ms};
		struct le_callbacks cb = {started_leading, stopped_leading, new_leader, d};

		if (strcmp(d->o.lock_type, "leases")) {
			snprintf(err, errlen, "unsupported --leader-elect-resource-lock %s",
				 d->o.lock_type);
			return -1;
		}
		d->le = le_new(d->kc, &lc, &cb);
	}
	return d->spec->init(d, d->spec->arg, err, errlen);
}

int daemon_main(const struct daemon_spec *spec, int argc, char **argv)
{
	struct daemon d = {.spec = spec};
	struct event *sigs[2] = {0};
	struct flag *flags = all_flags(&d);
	char err[512];
	int rc = 1;

	d.o = (struct daemon_opts){.qps = spec->qps,
				   .burst = spec->burst,
				   .secure_port = spec->secure_port,
				   .bind_address = "0.0.0.0",
				   .cert_dir = "/var/run/kubernetes",
				   .lock_name = (char *)spec->name,
				   .lock_ns = "kube-system",
				   .lock_type = "leases",
				   .leader_elect = !spec->no_election,
				   .lease_ms = 15000,
				   .renew_ms = 10000,
				   .retry_ms = 2000};
	if (flags_parse(flags, argc, argv, NULL, err, sizeof(err))) {
		fprintf(stderr, "Error: %s\n", err);
		goto out;
	}
	if (d.o.help) {
		flags_usage(stdout, spec->name, flags);
		rc = 0;
		goto out;
	}
	log_verbosity = d.o.v;
	signal(SIGPIPE, SIG_IGN);
	gethostname(d.host, sizeof(d.host) - 1);
	d.started = time(NULL);
	d.base = event_base_new();
	if (setup(&d, err, sizeof(err)) || serve(&d, err, sizeof(err))) {
		log_error("%s", err);
		fprintf(stderr, "Error: %s\n", err);
		goto out;
	}
	sigs[0] = evsignal_new(d.base, SIGINT, on_signal, &d);
	sigs[1] = evsignal_new(d.base, SIGTERM, on_signal, &d);
	evsignal_add(sigs[0], NULL);
	evsignal_add(sigs[1], NULL);
	inf_factory_start(d.inf);
	inf_factory_on_synced(d.inf, on_synced, &d);
	if (d.le)
		le_start(d.le);
	log_info("%s started (leader election %s)", spec->name, d.le ? "on" : "off");
	event_base_dispatch(d.base);
	rc = 0;
out:
	for (int i = 0; i < 2; i++)
		if (sigs[i])
			event_free(sigs[i]);
	le_free(d.le);
	inf_factory_free(d.inf);
	if (d.http)
		http_server_free(d.http);
	if (d.ssl)
		SSL_CTX_free(d.ssl);
	kc_free(d.kc);
	ctrl_op_abandon_all();
	if (d.base)
		event_base_free(d.base);
	free(flags);
	return rc;
}
