/* kube-apiserver: the Kubernetes REST API over etcd. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "admission.h"
#include "aggregator.h"
#include "apiserver.h"
#include "audit.h"
#include "encrypt.h"
#include "flags.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "reqheader.h"
#include "status.h"
#include "tls.h"

static struct {
	char *etcd_servers, *etcd_prefix, *etcd_cafile, *etcd_certfile, *etcd_keyfile;
	char *bind_address, *advertise_address, *cert_dir, *tls_cert, *tls_key, *client_ca;
	char *svc_range, *nodeport_range, *tls_min_version, *compaction_interval;
	char *tls_ciphers;
	char *audit_policy, *audit_path, *audit_format, *encryption_config;
	int audit_maxsize, audit_maxbackup, audit_maxage;
	char *token_auth_file, *authorization_mode, *enable_admission, *disable_admission;
	char *kubelet_client_cert, *kubelet_client_key, *kubelet_ca, *kubelet_addr_types;
	char *kubelet_timeout;
	char *sa_signing_key, *sa_key_file, *sa_issuer, *api_audiences, *sa_max_expiration;
	char *rh_ca, *rh_names, *rh_users, *rh_uids, *rh_groups, *rh_extras;
	char *proxy_client_cert, *proxy_client_key;
	int secure_port, v, max_inflight, max_mutating;
	long request_timeout; /* ms */
	int min_request_timeout;
	bool help, enable_apf, bootstrap_auth, anonymous_auth, proxy_allow_loopback,
	    sa_extend_expiration;
} opt = {
    .etcd_servers = "http://127.0.0.1:2379",
    .etcd_prefix = "/registry",
    .bind_address = "0.0.0.0",
    .cert_dir = "/var/run/kubernetes",
    .svc_range = "10.0.0.0/24",
    .nodeport_range = "30000-32767",
    .secure_port = 6443,
    .max_inflight = 400,
    .max_mutating = 200,
    .request_timeout = 60000,
    .min_request_timeout = 1800,
    .enable_apf = true,
    .anonymous_auth = true,
    .authorization_mode = "AlwaysAllow",
    .compaction_interval = "5m0s",
    .kubelet_addr_types = "Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP",
    .kubelet_timeout = "5s",
    .sa_extend_expiration = true,
};

static const struct flag flags[] = {
    {"etcd-servers", FLAG_STRING, &opt.etcd_servers, "comma-separated etcd URLs"},
    {"etcd-prefix", FLAG_STRING, &opt.etcd_prefix, "the prefix of every key in etcd"},
    {"etcd-cafile", FLAG_STRING, &opt.etcd_cafile, "CA bundle for etcd's TLS"},
    {"etcd-certfile", FLAG_STRING, &opt.etcd_certfile, "client certificate for etcd"},
    {"etcd-keyfile", FLAG_STRING, &opt.etcd_keyfile, "client key for etcd"},
    {"secure-port", FLAG_INT, &opt.secure_port, "the HTTPS port"},
    {"bind-address", FLAG_STRING, &opt.bind_address, "the address to listen on"},
    {"advertise-address", FLAG_STRING, &opt.advertise_address,
     "the address published in the kubernetes service's endpoints"},
    {"cert-dir", FLAG_STRING, &opt.cert_dir,
     "where a self-signed serving certificate is written when none is given"},
    {"tls-cert-file", FLAG_STRING, &opt.tls_cert, "the serving certificate"},
    {"tls-private-key-file", FLAG_STRING, &opt.tls_key, "the serving certificate's key"},
    {"tls-min-version", FLAG_STRING, &opt.tls_min_version, "VersionTLS12 or VersionTLS13"},
    {"tls-cipher-suites", FLAG_STRING, &opt.tls_ciphers,
     "comma-separated TLS 1.2 cipher suites, by Go's names (default: ECDHE with AES-GCM or "
     "ChaCha20-Poly1305)"},
    {"client-ca-file", FLAG_STRING, &opt.client_ca, "CA bundle that signs client certificates"},
    {"requestheader-client-ca-file", FLAG_STRING, &opt.rh_ca,
     "CA bundle that signs front proxies' client certificates: such a proxy (with a common "
     "name in --requestheader-allowed-names) names the user in the request headers below"},
    {"requestheader-allowed-names", FLAG_STRING, &opt.rh_names,
     "common names a front proxy's certificate may have (comma-separated; none: any)"},
    {"requestheader-username-headers", FLAG_STRING, &opt.rh_users,
     "request headers naming the user, the first present wins (X-Remote-User is common)"},
    {"requestheader-uid-headers", FLAG_STRING, &opt.rh_uids,
     "request headers with the user's UID (X-Remote-Uid is suggested)"},
    {"requestheader-group-headers", FLAG_STRING, &opt.rh_groups,
     "request headers with the user's groups (X-Remote-Group is suggested)"},
    {"requestheader-extra-headers-prefix", FLAG_STRING, &opt.rh_extras,
     "request header prefixes of the user's extra attributes (X-Remote-Extra- is suggested)"},
    {"proxy-client-cert-file", FLAG_STRING, &opt.proxy_client_cert,
     "client certificate the aggregator presents to extension API servers, which expect it "
     "to be signed by --requestheader-client-ca-file"},
    {"proxy-client-key-file", FLAG_STRING, &opt.proxy_client_key,
     "key of --proxy-client-cert-file"},
    {"service-cluster-ip-range", FLAG_STRING, &opt.svc_range, "CIDR for service cluster IPs"},
    {"service-node-port-range", FLAG_STRING, &opt.nodeport_range, "range for NodePorts"},
    {"etcd-compaction-interval", FLAG_STRING, &opt.compaction_interval,
     "how often etcd is compacted (a Go duration; 0 disables)"},
    {"encryption-provider-config", FLAG_STRING, &opt.encryption_config,
     "an EncryptionConfiguration: which resources are encrypted in etcd, and how"},
    {"audit-policy-file", FLAG_STRING, &opt.audit_policy,
     "the audit policy (audit.k8s.io/v1 Policy); with --audit-log-path turns auditing on"},
    {"audit-log-path", FLAG_STRING, &opt.audit_path,
     "file the audit log is appended to (\"-\": standard output)"},
    {"audit-log-format", FLAG_STRING, &opt.audit_format, "json (the only format)"},
    {"audit-log-maxsize", FLAG_INT, &opt.audit_maxsize,
     "megabytes the audit log grows to before it is rotated (0: never)"},
    {"audit-log-maxbackup", FLAG_INT, &opt.audit_maxbackup, "rotated audit logs kept (0: all)"},
    {"audit-log-maxage", FLAG_INT, &opt.audit_maxage,
     "accepted; rotated logs are pruned by count (--audit-log-maxbackup)"},
    {"max-requests-inflight", FLAG_INT, &opt.max_inflight,
     "most read-only requests in flight at once (0: no limit); more get 429"},
    {"max-mutating-requests-inflight", FLAG_INT, &opt.max_mutating,
     "most mutating requests in flight at once (0: no limit); more get 429"},
    {"request-timeout", FLAG_DURATION, &opt.request_timeout,
     "how long a request that is not long-running (not a watch, proxy, exec, attach, "
     "port-forward or log) may take before it is answered 504 Timeout (default 1m0s)"},
    {"min-request-timeout", FLAG_INT, &opt.min_request_timeout,
     "the least seconds a watch without timeoutSeconds is kept open; each gets a random time "
     "between this and twice this, to spread reconnects (0: no limit)"},
    {"enable-priority-and-fairness", FLAG_BOOL, &opt.enable_apf,
     "accepted; the two max-in-flight limits are applied either way"},
    {"enable-bootstrap-token-auth", FLAG_BOOL, &opt.bootstrap_auth,
     "let bootstrap tokens (Secrets of type bootstrap.kubernetes.io/token in kube-system) "
     "authenticate"},
    {"anonymous-auth", FLAG_BOOL, &opt.anonymous_auth,
     "let requests without credentials in as system:anonymous"},
    {"token-auth-file", FLAG_STRING, &opt.token_auth_file,
     "static bearer tokens: CSV of token,user,uid,\"group1,group2\""},
    {"authorization-mode", FLAG_STRING, &opt.authorization_mode,
     "ordered list of AlwaysAllow, AlwaysDeny, Node, RBAC"},
    {"enable-admission-plugins", FLAG_STRING, &opt.enable_admission,
     "admission plugins to turn on besides the default ones (e.g. NodeRestriction)"},
    {"disable-admission-plugins", FLAG_STRING, &opt.disable_admission,
     "default admission plugins to turn off"},
    {"kubelet-client-certificate", FLAG_STRING, &opt.kubelet_client_cert,
     "client certificate presented to kubelets"},
    {"kubelet-client-key", FLAG_STRING, &opt.kubelet_client_key,
     "key of --kubelet-client-certificate"},
    {"kubelet-certificate-authority", FLAG_STRING, &opt.kubelet_ca,
     "CA bundle that verifies kubelets' serving certificates (none: not verified)"},
    {"kubelet-preferred-address-types", FLAG_STRING, &opt.kubelet_addr_types,
     "the node address types tried, in order, to reach a kubelet"},
    {"kubelet-timeout", FLAG_STRING, &opt.kubelet_timeout,
     "how long to wait for a connection to a kubelet (a Go duration)"},
    {"proxy-allow-loopback", FLAG_BOOL, &opt.proxy_allow_loopback,
     "kubec only: let nodes/proxy and pods/proxy reach loopback and link-local addresses, "
     "which upstream refuses"},
    {"service-account-signing-key-file", FLAG_STRING, &opt.sa_signing_key,
     "private key (PEM, RSA or EC) that signs service account tokens"},
    {"service-account-key-file", FLAG_STRING, &opt.sa_key_file,
     "PEM file of public keys (or private keys, or certificates) that verify service "
     "account tokens; may be repeated or comma-separated; default: the signing key"},
    {"service-account-issuer", FLAG_STRING, &opt.sa_issuer,
     "the issuer (\"iss\") of service account tokens"},
    {"api-audiences", FLAG_STRING, &opt.api_audiences,
     "comma-separated audiences the API accepts in tokens; default: the issuer"},
    {"service-account-max-token-expiration", FLAG_STRING, &opt.sa_max_expiration,
     "the longest a requested service account token may last (a Go duration)"},
    {"service-account-extend-token-expiration", FLAG_BOOL, &opt.sa_extend_expiration,
     "let kubelets' pod tokens last a year while warning after their requested expiry"},
    {"v", FLAG_INT, &opt.v, "log verbosity"},
    {"help", FLAG_BOOL, &opt.help, "show this help"},
    {0},
};

static int parse_cidr(const char *cidr, struct apiserver *as)
{
	char ip[64];
	const char *slash = strchr(cidr, '/');
	struct in_addr a;
	int bits;

	if (!slash || (size_t)(slash - cidr) >= sizeof(ip))
		return -1;
	memcpy(ip, cidr, (size_t)(slash - cidr));
	ip[slash - cidr] = 0;
	bits = atoi(slash + 1);
	if (inet_pton(AF_INET, ip, &a) != 1 || bits < 8 || bits > 30)
		return -1;
	as->svc_bits = bits;
	as->svc_mask = bits ? ~0u << (32 - bits) : 0;
	as->svc_net = ntohl(a.s_addr) & as->svc_mask;
	return 0;
}

/* A Go duration in whole seconds; -1 if malformed. */
static long parse_duration(const char *s)
{
	long ms = kt_parse_duration_ms(s);

	return ms < 0 ? -1 : (ms + 500) / 1000;
}

static void too_large(struct http_req *req, void *arg)
{
	(void)arg;
	reply_status(req, st_too_large("the request is too large: limit is 3145728 bytes"));
}

static void ready_check(evutil_socket_t fd, short what, void *arg)
{
	struct event *self = arg;

	(void)fd;
	(void)what;
	for (int i = 0; i < nkinds; i++)
		if (cache_of(&kinds[i]) && !cache_ready(cache_of(&kinds[i])))
			return;
	event_free(self);
	bootstrap_start(g_as);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	log_info("received signal %d, shutting down", (int)sig);
	event_base_loopexit(arg, NULL);
}

static SSL_CTX *serving_ctx(void)
{
	char err[512], *cert = opt.tls_cert, *key = opt.tls_key, *hosts;
	SSL_CTX *ctx;

	if (!cert || !key) {
		mkdir(opt.cert_dir, 0755);
		cert = xasprintf("%s/apiserver.crt", opt.cert_dir);
		key = xasprintf("%s/apiserver.key", opt.cert_dir);
		hosts = xasprintf("localhost,127.0.0.1,%s,kubernetes,kubernetes.default,"
				  "kubernetes.default.svc,kubernetes.default.svc.cluster.local",
				  g_as->advertise_address);
		if (tls_self_signed(cert, key, "localhost@kubec", hosts, err, sizeof(err)))
			fatal("self-signed certificate: %s", err);
		free(hosts);
	}
	ctx = tls_server_ctx(cert, key, opt.client_ca, opt.tls_min_version, err, sizeof(err));
	if (!ctx)
		fatal("TLS: %s", err);
	if (opt.tls_ciphers && tls_set_cipher_suites(ctx, opt.tls_ciphers, err, sizeof(err)))
		fatal("--tls-cipher-suites: %s", err);
	/* The handshake takes the front proxy's certificates too; reqheader.c tells them apart. */
	if (opt.rh_ca && *opt.rh_ca && tls_add_client_ca(ctx, opt.rh_ca, err, sizeof(err)))
		fatal("--requestheader-client-ca-file: %s", err);
	if (cert != opt.tls_cert) {
		free(cert);
		free(key);
	}
	return ctx;
}

/* Every value of a repeatable flag (--name=v or --name v) joined with commas, as
 * upstream's string slices take repeats and commas alike; malloc'd, NULL when absent. */
static char *repeated_flag(int argc, char **argv, const char *name)
{
	size_t len = strlen(name);
	char *out = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char *joined;
		if (a[0] != '-')
			continue;
		a += a[1] == '-' ? 2 : 1;
		if (strncmp(a, name, len))
			continue;
		if (a[len] == '=')
			val = a + len + 1;
		else if (!a[len] && i + 1 < argc)
			val = argv[++i];
		if (!val)
			continue;
		joined = out ? xasprintf("%s,%s", out, val) : xstrdup(val);
		free(out);
		out = joined;
	}
	return out;
}

static void sa_config(int argc, char **argv)
{
	struct sat_config sc = {opt.sa_signing_key, NULL, opt.sa_issuer,
				opt.api_audiences,  0,	  opt.sa_extend_expiration};
	char err[512], *keys;

	if (opt.sa_max_expiration) {
		sc.max_expiration = parse_duration(opt.sa_max_expiration);
		if (sc.max_expiration < 0)
			fatal("--service-account-max-token-expiration: invalid duration \"%s\"",
			      opt.sa_max_expiration);
	}
	keys = repeated_flag(argc, argv, "service-account-key-file");
	sc.key_files = keys;
	if (sat_init(&sc, err, sizeof(err)))
		fatal("%s", err);
	free(keys);
}

/* Both plugin flags are string slices upstream: repeats add up. */
static void admission_config(int argc, char **argv)
{
	char err[512], *enable = repeated_flag(argc, argv, "enable-admission-plugins");
	char *disable = repeated_flag(argc, argv, "disable-admission-plugins");

	if (adm_configure(enable, disable, err, sizeof(err)))
		fatal("%s", err);
	free(enable);
	free(disable);
}

/* Front-proxy authentication and the aggregator's client certificate; the header lists are
 * string slices upstream, so repeats add up. */
static void aggregation_config(int argc, char **argv)
{
	char err[512];
	char *names = repeated_flag(argc, argv, "requestheader-allowed-names");
	char *users = repeated_flag(argc, argv, "requestheader-username-headers");
	char *uids = repeated_flag(argc, argv, "requestheader-uid-headers");
	char *groups = repeated_flag(argc, argv, "requestheader-group-headers");
	char *extras = repeated_flag(argc, argv, "requestheader-extra-headers-prefix");
	struct rh_config rc = {opt.client_ca, opt.rh_ca, names, users, uids, groups, extras};
	struct agg_config ac = {opt.proxy_client_cert, opt.proxy_client_key};

	if (!opt.proxy_client_cert != !opt.proxy_client_key)
		fatal("--proxy-client-cert-file and --proxy-client-key-file go together");
	if (rh_init(&rc, err, sizeof(err)))
		fatal("%s", err);
	agg_init(&ac);
	free(names);
	free(users);
	free(uids);
	free(groups);
	free(extras);
}

static void kubelet_config(struct apiserver *as)
{
	char *bad = NULL;
	long secs = parse_duration(opt.kubelet_timeout);

	as->kubelet_client_cert = opt.kubelet_client_cert;
	as->kubelet_client_key = opt.kubelet_client_key;
	as->kubelet_ca = opt.kubelet_ca;
	as->proxy_allow_loopback = opt.proxy_allow_loopback;
	if (!opt.kubelet_client_cert != !opt.kubelet_client_key)
		fatal("--kubelet-client-certificate and --kubelet-client-key go together");
	as->kubelet_addr_types = proxy_parse_address_types(opt.kubelet_addr_types, &bad);
	if (!as->kubelet_addr_types)
		fatal("--kubelet-preferred-address-types: unknown address type \"%s\"", bad);
	if (secs <= 0 || secs > 86400)
		fatal("--kubelet-timeout: invalid duration \"%s\"", opt.kubelet_timeout);
	as->kubelet_timeout = (int)secs;
}

int main(int argc, char **argv)
{
	char err[512];
	static struct apiserver as; /* static: reachable until exit, for leak checkers */
	struct http_server_opts ho = {0};
	struct event *sigint, *sigterm, *readiness;
	struct timeval tick = {0, 50000};
	struct httpc_tls etls = {0};
	int port;

	if (flags_parse(flags, argc, argv, NULL, err, sizeof(err))) {
		fprintf(stderr, "Error: %s\n", err);
		return 1;
	}
	if (opt.help) {
		flags_usage(stdout, "kube-apiserver", flags);
		return 0;
	}
	log_verbosity = opt.v;
	inflight_init(opt.max_inflight, opt.max_mutating);
	{
		struct audit_config ac = {opt.audit_policy, opt.audit_path, opt.audit_format,
					  opt.audit_maxsize, opt.audit_maxbackup};
		char aerr[512];

		if (audit_init(&ac, aerr, sizeof(aerr)) ||
		    enc_init(opt.encryption_config, aerr, sizeof(aerr)))
			fatal("%s", aerr);
	}
	signal(SIGPIPE, SIG_IGN);
	g_as = &as;
	as.base = event_base_new();
	as.prefix = opt.etcd_prefix;
	as.secure_port = opt.secure_port;
	as.advertise_address = opt.advertise_address ? opt.advertise_address : "127.0.0.1";
	if (parse_cidr(opt.svc_range, &as))
		fatal("--service-cluster-ip-range: invalid IPv4 CIDR \"%s\"", opt.svc_range);
	if (sscanf(opt.nodeport_range, "%d-%d", &as.nodeport_lo, &as.nodeport_hi) != 2 ||
	    as.nodeport_lo < 1 || as.nodeport_hi > 65535 || as.nodeport_lo > as.nodeport_hi)
		fatal("--service-node-port-range: invalid range \"%s\"", opt.nodeport_range);
	{
		struct auth_config ac = {opt.anonymous_auth, opt.token_auth_file,
					 opt.authorization_mode, opt.bootstrap_auth};
		if (auth_init(&ac, err, sizeof(err)))
			fatal("%s", err);
	}
	sa_config(argc, argv);
	admission_config(argc, argv);
	aggregation_config(argc, argv);
	kubelet_config(&as);
	etls.ca_file = opt.etcd_cafile;
	etls.cert_file = opt.etcd_certfile;
	etls.key_file = opt.etcd_keyfile;
	as.etcd = etcd_new(as.base, opt.etcd_servers, &etls);
	as.server_addr = xasprintf("%s:%d", as.advertise_address, opt.secure_port);
	ho.ssl = serving_ctx();
	ho.max_body = 3 * 1024 * 1024;
	ho.too_large = too_large;
	/* Upstream's ReadHeaderTimeout; a body is due within the request's timeout. */
	ho.header_timeout_ms = 32000;
	ho.body_timeout_ms = opt.request_timeout > 0 ? opt.request_timeout : 1;
	ho.timed_out = router_timed_out;
	if (opt.min_request_timeout < 0)
		fatal("--min-request-timeout can not be negative value");
	as.request_timeout_ms = opt.request_timeout;
	as.min_request_timeout = opt.min_request_timeout;
	as.http = http_server_new(as.base, &ho, router_handle, &as);
	port = http_server_listen(as.http, opt.bind_address, opt.secure_port);
	if (port < 0)
		fatal("listen on %s:%d failed", opt.bind_address, opt.secure_port);
	for (int i = 0; i < nkinds; i++) {
		struct cache *c = cache_new(&as, &kinds[i]);
		if (c)
			cache_start(c);
	}
	{
		long secs = parse_duration(opt.compaction_interval);
		if (secs < 0 || secs > 1000000000)
			fatal("--etcd-compaction-interval: invalid duration \"%s\"",
			      opt.compaction_interval);
		compact_start(&as, (int)secs);
	}
	readiness = event_new(as.base, -1, EV_PERSIST, ready_check, event_self_cbarg());
	evtimer_add(readiness, &tick);
	sigint = evsignal_new(as.base, SIGINT, on_signal, as.base);
	sigterm = evsignal_new(as.base, SIGTERM, on_signal, as.base);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	log_info("kube-apiserver serving on https://%s:%d, etcd %s", opt.bind_address, port,
		 opt.etcd_servers);
	event_base_dispatch(as.base);
	return 0;
}
