/* Connect subresources: pods' log, exec, attach and portforward reach the pod's kubelet;
 * nodes/proxy, services/proxy and pods/proxy reach a kubelet, an endpoint or a pod. The
 * target is worked out from the stored objects as upstream does (container defaulting,
 * preferred node address types, a ready endpoint backed by its pod), then one backend
 * connection carries the request: a plain answer is streamed back, a 101 Switching
 * Protocols takes over the client's connection and bytes are spliced both ways. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/dns.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "status.h"

#define KUBELET_PORT   10250
#define MAX_HEAD       (64 * 1024)
#define MAX_ERROR_BODY 50000		 /* upstream reads this much of a failed log answer */
#define HIGH_WATER     (4 * 1024 * 1024) /* bytes queued for a slow peer before reading stops */
#define LOW_WATER      (1024 * 1024)

static const char *const address_types[] = {"Hostname",	   "InternalDNS", "InternalIP",
					    "ExternalDNS", "ExternalIP",  NULL};

/* ---- small helpers ---- */

const char **proxy_parse_address_types(const char *list, char **bad)
{
	const char **out = xcalloc(strlen(list) / 2 + 2, sizeof(*out));
	char *copy = xstrdup(list), *save = NULL;
	int n = 0;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int i;
		for (i = 0; address_types[i] && strcmp(address_types[i], t); i++)
			;
		if (!address_types[i]) {
			*bad = xstrdup(t);
			free(out);
			out = NULL;
			break;
		}
		out[n++] = address_types[i];
	}
	free(copy);
	return out;
}

bool proxy_serves(const char *sub)
{
	static const char *const subs[] = {"log", "exec", "attach", "portforward", "proxy", NULL};

	for (int i = 0; subs[i]; i++)
		if (!strcmp(subs[i], sub))
			return true;
	return false;
}

static json_t *load(const char *resource, const char *ns, const char *name)
{
	const struct kind *k = kind_by_resource("", "v1", resource);
	struct centry *e = k ? cache_get(cache_of(k), ns, name) : NULL;

	return e ? json_loads(e->json, 0, NULL) : NULL;
}

/* Percent-encode s into b: a path keeps '/' and sub-delimiters, a query value is form-encoded. */
static void escape(struct evbuffer *b, const char *s, bool query)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~", c) || (!query && strchr("/!$&'()*+,;=:@", c)))
			evbuffer_add(b, s, 1);
		else if (query && c == ' ')
			evbuffer_add(b, "+", 1);
		else
			evbuffer_add_printf(b, "%%%02X", c);
	}
}

static char *drain_string(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = xmalloc(n + 1);

	evbuffer_remove(b, s, n);
	s[n] = 0;
	evbuffer_free(b);
	return s;
}

/* Upstream's utilnet.SplitSchemeNamePort: "name", "name:port" or "scheme:name:port". */
static bool split_scheme_name_port(const char *id, char **scheme, char **name, char **port)
{
	const char *c1 = strchr(id, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

	if (c2 && strchr(c2 + 1, ':'))
		return false;
	if (!c1) {
		*scheme = xstrdup("");
		*name = xstrdup(id);
		*port = xstrdup("");
	} else if (!c2) {
		*scheme = xstrdup("");
		*name = xstrndup(id, (size_t)(c1 - id));
		*port = xstrdup(c1 + 1);
	} else {
		*scheme = xstrndup(id, (size_t)(c1 - id));
		*name = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
		*port = xstrdup(c2 + 1);
	}
	if (**name && (!**scheme || !strcmp(*scheme, "http") || !strcmp(*scheme, "https")))
		return true;
	free(*scheme);
	free(*name);
	free(*port);
	return false;
}

/* Go's net.IP.IsGlobalUnicast for a literal; false for anything that is not an IP. */
static bool global_unicast(const char *ip)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, ip, a) == 1)
		return !(a[0] == 0 || a[0] == 127 || a[0] >= 224 || (a[0] == 169 && a[1] == 254));
	if (inet_pton(AF_INET6, ip, a) == 1) {
		static const unsigned char zero[15];
		if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80))
			return false;
		if (!memcmp(a, zero, 15) && a[15] <= 1) /* :: and ::1 */
			return false;
		if (!memcmp(a, zero, 10) && a[10] == 0xff && a[11] == 0xff)
			return global_unicast(inet_ntop(AF_INET, a + 12, (char[16]){0}, 16));
		return true;
	}
	return false;
}

static bool is_ip(const char *s)
{
	unsigned char a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* httpstream.IsUpgradeRequest: a Connection header naming "upgrade". */
static bool wants_upgrade(const struct http_req *req)
{
	for (int i = 0; i < req->nheaders; i++)
		if (!strcasecmp(req->headers[i].name, "Connection") &&
		    strcasestr(req->headers[i].value, "upgrade"))
			return true;
	return false;
}

/* ---- query parameters, as upstream's parameter codec reads them ---- */

/* Next name=value pair of a query (both decoded and malloc'd); false at the end. */
static bool query_next(const char **p, char **name, char **value)
{
	while (*p && **p) {
		const char *amp = strchr(*p, '&');
		size_t len = amp ? (size_t)(amp - *p) : strlen(*p);
		const char *eq = memchr(*p, '=', len);
		size_t nlen = eq ? (size_t)(eq - *p) : len;
		const char *start = *p;

		*p = amp ? amp + 1 : NULL;
		if (!len)
			continue;
		*name = http_unescape(start, nlen, true);
		*value = eq ? http_unescape(eq + 1, len - nlen - 1, true) : xstrdup("");
		if (*name && *value)
			return true;
		free(*name);
		free(*value);
	}
	return false;
}

static json_t *parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True", NULL};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False", NULL};

	for (int i = 0; yes[i]; i++) {
		if (!strcmp(v, yes[i]))
			return (*out = true), NULL;
		if (!strcmp(v, no[i]))
			return (*out = false), NULL;
	}
	return st_bad_request("strconv.ParseBool: parsing \"%s\": invalid syntax", v);
}

static json_t *parse_int(const char *v, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(v, &end, 10);
	if (!*v || *end || errno)
		return st_bad_request("strconv.ParseInt: parsing \"%s\": %s", v,
				      errno ? "value out of range" : "invalid syntax");
	return NULL;
}

/* Options of log, exec, attach and portforward; each field is what upstream's options hold. */
struct opts {
	char *container;
	bool follow, previous, timestamps, insecure;
	bool stdin_, tty;
	long long since_seconds, tail_lines, limit_bytes;
	bool has_since_seconds, has_tail_lines, has_limit_bytes;
	char *since_time;
	struct evbuffer *command; /* "command=a&command=b" for the kubelet */
	struct evbuffer *ports;	  /* "80,443" */
};

enum opt_type { O_STR, O_BOOL, O_INT, O_REPEAT };

struct opt_field {
	const char *name;
	enum opt_type type;
	size_t off;
	size_t has_off; /* O_INT: its presence flag */
};

#define OFF(f) offsetof(struct opts, f)
static const struct opt_field opt_fields[] = {
    {"container", O_STR, OFF(container), 0},
    {"sinceTime", O_STR, OFF(since_time), 0},
    {"follow", O_BOOL, OFF(follow), 0},
    {"previous", O_BOOL, OFF(previous), 0},
    {"timestamps", O_BOOL, OFF(timestamps), 0},
    {"insecureSkipTLSVerifyBackend", O_BOOL, OFF(insecure), 0},
    {"stdin", O_BOOL, OFF(stdin_), 0},
    {"tty", O_BOOL, OFF(tty), 0},
    {"sinceSeconds", O_INT, OFF(since_seconds), OFF(has_since_seconds)},
    {"tailLines", O_INT, OFF(tail_lines), OFF(has_tail_lines)},
    {"limitBytes", O_INT, OFF(limit_bytes), OFF(has_limit_bytes)},
    {"command", O_REPEAT, OFF(command), 0},
    {"ports", O_REPEAT, OFF(ports), 0},
    {NULL, O_STR, 0, 0},
};

static json_t *opt_set(struct opts *o, const struct opt_field *f, const char *v)
{
	char *base = (char *)o;
	struct evbuffer *b;

	switch (f->type) {
	case O_STR:
		free(*(char **)(base + f->off));
		*(char **)(base + f->off) = xstrdup(v);
		return NULL;
	case O_BOOL:
		return parse_bool(v, (bool *)(base + f->off));
	case O_INT:
		*(bool *)(base + f->has_off) = true;
		return parse_int(v, (long long *)(base + f->off));
	case O_REPEAT:
		b = *(struct evbuffer **)(base + f->off);
		if (!strcmp(f->name, "command")) {
			evbuffer_add_printf(b, "%scommand=", evbuffer_get_length(b) ? "&" : "");
			escape(b, v, true);
		} else {
			evbuffer_add_printf(b, "%s%s", evbuffer_get_length(b) ? "," : "", v);
		}
		return NULL;
	}
	return NULL;
}

static json_t *opts_parse(const struct http_req *req, struct opts *o)
{
	const char *p = req->query;
	char *name, *value;
	json_t *st = NULL;

	memset(o, 0, sizeof(*o));
	o->command = evbuffer_new();
	o->ports = evbuffer_new();
	while (!st && query_next(&p, &name, &value)) {
		for (const struct opt_field *f = opt_fields; f->name; f++)
			if (!strcmp(f->name, name)) {
				st = opt_set(o, f, value);
				break;
			}
		free(name);
		free(value);
	}
	return st;
}

static void opts_clear(struct opts *o)
{
	free(o->container);
	free(o->since_time);
	if (o->command)
		evbuffer_free(o->command);
	if (o->ports)
		evbuffer_free(o->ports);
}

/* ValidatePodLogOptions. */
static json_t *opts_validate_log(const struct opts *o, const char *name)
{
	json_t *causes = json_array(), *v;

	if (o->has_tail_lines && o->tail_lines < 0) {
		v = json_integer(o->tail_lines);
		fe_invalid(causes, "tailLines", v, "must be greater than or equal to 0");
		json_decref(v);
	}
	if (o->has_limit_bytes && o->limit_bytes < 1) {
		v = json_integer(o->limit_bytes);
		fe_invalid(causes, "limitBytes", v, "must be greater than 0");
		json_decref(v);
	}
	if (o->has_since_seconds && o->since_time) {
		fe_forbidden(causes, "",
			     "at most one of `sinceTime` or `sinceSeconds` may be specified");
	} else if (o->has_since_seconds && o->since_seconds < 1) {
		v = json_integer(o->since_seconds);
		fe_invalid(causes, "sinceSeconds", v, "must be greater than 0");
		json_decref(v);
	}
	if (!json_array_size(causes)) {
		json_decref(causes);
		return NULL;
	}
	return st_invalid("PodLogOptions", "", "PodLogOptions", name, causes);
}

/* ---- where a request goes ---- */

struct target {
	char *host;
	int port;
	bool tls;
	bool kubelet;	  /* present the kubelet client certificate, verify with its CA */
	bool insecure;	  /* don't verify the serving certificate even with a CA */
	bool check_peer;  /* refuse loopback and link-local peers (nodes/proxy) */
	char *path_query; /* escaped */
};

static void target_clear(struct target *t)
{
	free(t->host);
	free(t->path_query);
}

/* Go's %v of []NodeAddress: "[{InternalIP 10.0.0.1} {Hostname n1}]". */
static char *format_addresses(const json_t *addrs)
{
	struct evbuffer *b = evbuffer_new();
	size_t i;
	json_t *a;

	evbuffer_add(b, "[", 1);
	json_array_foreach(addrs, i, a)
	{
		evbuffer_add_printf(b, "%s{%s %s}", i ? " " : "", jx_str(a, "type") ?: "",
				    jx_str(a, "address") ?: "");
	}
	evbuffer_add(b, "]", 1);
	return drain_string(b);
}

/* The kubelet of a node: NodeConnectionInfoGetter. */
static json_t *node_kubelet(const char *node, struct target *t)
{
	json_t *obj = load("nodes", NULL, node), *addrs, *a, *st = NULL;
	size_t i;

	if (!obj)
		return st_not_found("", "nodes", node);
	addrs = jx_get(obj, "status.addresses");
	for (const char *const *type = g_as->kubelet_addr_types; type && *type && !t->host; type++)
		json_array_foreach(addrs, i, a) if (!strcmp(jx_str(a, "type") ?: "", *type) &&
						    jx_str(a, "address"))
		{
			t->host = xstrdup(jx_str(a, "address"));
			break;
		}
	if (!t->host) {
		char *known = format_addresses(addrs);
		st = st_new(500, "", "no preferred addresses found; known addresses: %s", known);
		free(known);
	}
	t->port = (int)jx_int(obj, "status.daemonEndpoints.kubeletEndpoint.Port", 0);
	if (t->port <= 0 || t->port > 65535)
		t->port = KUBELET_PORT;
	t->tls = t->kubelet = true;
	json_decref(obj);
	return st;
}

/* Init, regular and ephemeral containers' names, as Go prints a []string. */
static bool pod_containers(const json_t *pod, const char *want, char **list)
{
	static const char *const lists[] = {"spec.initContainers", "spec.containers",
					    "spec.ephemeralContainers", NULL};
	struct evbuffer *b = evbuffer_new();
	bool found = false;

	evbuffer_add(b, "[", 1);
	for (int l = 0; lists[l]; l++) {
		size_t i;
		json_t *c;
		json_array_foreach(jx_get(pod, lists[l]), i, c)
		{
			const char *n = jx_str(c, "name") ?: "";
			evbuffer_add_printf(b, "%s%s", evbuffer_get_length(b) > 1 ? " " : "", n);
			found = found || (want && !strcmp(want, n));
		}
	}
	evbuffer_add(b, "]", 1);
	if (list)
		*list = drain_string(b);
	else
		evbuffer_free(b);
	return found;
}

/* validateContainer: the named container must exist; unnamed, the only one is taken. */
static json_t *pick_container(const json_t *pod, const char *name, char **out)
{
	json_t *cs = jx_get(pod, "spec.containers");
	char *list = NULL;
	json_t *st;

	if (name && *name) {
		if (!pod_containers(pod, name, NULL))
			return st_bad_request("container %s is not valid for pod %s", name,
					      jx_str(pod, "metadata.name"));
		*out = xstrdup(name);
		return NULL;
	}
	if (json_array_size(cs) == 1) {
		*out = xstrdup(jx_str(json_array_get(cs, 0), "name") ?: "");
		return NULL;
	}
	if (!json_array_size(cs))
		return st_bad_request("a container name must be specified for pod %s",
				      jx_str(pod, "metadata.name"));
	pod_containers(pod, NULL, &list);
	st = st_bad_request("a container name must be specified for pod %s, choose one of: %s",
			    jx_str(pod, "metadata.name"), list);
	free(list);
	return st;
}

/* pods/log: LogLocation. An unscheduled pod has no location: the answer is empty. */
static json_t *log_target(struct rinfo *ri, const json_t *pod, const struct opts *o,
			  struct target *t, bool *nowhere)
{
	char *container = NULL;
	json_t *st = pick_container(pod, o->container, &container);
	const char *node = jx_str(pod, "spec.nodeName");
	struct evbuffer *b;
	const char *sep = "?";

	if (st)
		return st;
	if (!node || !*node) {
		*nowhere = true;
		free(container);
		return NULL;
	}
	if ((st = node_kubelet(node, t))) {
		free(container);
		return st;
	}
	t->insecure = o->insecure;
	b = evbuffer_new();
	evbuffer_add(b, "/containerLogs/", 15);
	escape(b, ri->ns, false);
	evbuffer_add(b, "/", 1);
	escape(b, ri->name, false);
	evbuffer_add(b, "/", 1);
	escape(b, container, false);
	/* url.Values.Encode: keys in order. */
#define PARAM(cond, ...)                                                                           \
	if (cond) {                                                                                \
		evbuffer_add_printf(b, "%s", sep);                                                 \
		evbuffer_add_printf(b, __VA_ARGS__);                                               \
		sep = "&";                                                                         \
	}
	PARAM(o->follow, "follow=true");
	PARAM(o->has_limit_bytes, "limitBytes=%lld", o->limit_bytes);
	PARAM(o->previous, "previous=true");
	PARAM(o->has_since_seconds, "sinceSeconds=%lld", o->since_seconds);
	if (o->since_time) {
		PARAM(true, "sinceTime=");
		escape(b, o->since_time, true);
	}
	PARAM(o->has_tail_lines, "tailLines=%lld", o->tail_lines);
	PARAM(o->timestamps, "timestamps=true");
#undef PARAM
	t->path_query = drain_string(b);
	free(container);
	return NULL;
}

/* exec, attach and portforward: streamLocation and PortForwardLocation. */
static json_t *stream_target(struct rinfo *ri, const json_t *pod, const struct opts *o,
			     struct target *t)
{
	bool pf = !strcmp(ri->sub, "portforward");
	char *container = NULL;
	const char *node = jx_str(pod, "spec.nodeName");
	struct evbuffer *b;
	json_t *st;

	if (!pf && (st = pick_container(pod, o->container, &container)))
		return st;
	if (!node || !*node) {
		free(container);
		return st_bad_request("pod %s does not have a host assigned", ri->name);
	}
	if ((st = node_kubelet(node, t))) {
		free(container);
		return st;
	}
	b = evbuffer_new();
	evbuffer_add_printf(b, "/%s/", pf ? "portForward" : ri->sub);
	escape(b, ri->ns, false);
	evbuffer_add(b, "/", 1);
	escape(b, ri->name, false);
	if (pf) {
		if (evbuffer_get_length(o->ports))
			evbuffer_add_printf(b, "?port=%s", (char *)evbuffer_pullup(o->ports, -1));
	} else {
		/* Upstream defaults stdout and stderr to true whatever was asked. */
		evbuffer_add(b, "/", 1);
		escape(b, container, false);
		evbuffer_add(b, "?", 1);
		if (evbuffer_get_length(o->command)) {
			evbuffer_add_buffer(b, o->command);
			evbuffer_add(b, "&", 1);
		}
		evbuffer_add_printf(b, "error=1%s&output=1%s", o->stdin_ ? "&input=1" : "",
				    o->tty ? "&tty=1" : "");
	}
	t->path_query = drain_string(b);
	free(container);
	return NULL;
}

static void target_path(struct target *t, const char *path, const char *query)
{
	struct evbuffer *b = evbuffer_new();

	escape(b, path, false);
	if (query && *query)
		evbuffer_add_printf(b, "?%s", query);
	t->path_query = drain_string(b);
}

static json_t *node_proxy_target(struct rinfo *ri, struct target *t)
{
	char *scheme, *name, *port;
	json_t *st;

	if (!split_scheme_name_port(ri->name, &scheme, &name, &port))
		return st_bad_request("invalid node request \"%s\"", ri->name);
	st = node_kubelet(name, t);
	if (!st && is_ip(t->host) && !global_unicast(t->host) && !g_as->proxy_allow_loopback)
		st = st_bad_request("address not allowed");
	if (!st && *port && atoi(port) != t->port) {
		/* Another port than the kubelet's: the plain proxy transport. */
		t->port = atoi(port);
		t->tls = !strcmp(scheme, "https");
		t->kubelet = false;
		if (t->port <= 0 || t->port > 65535)
			st = st_bad_request("invalid node request \"%s\"", ri->name);
	}
	t->check_peer = !g_as->proxy_allow_loopback;
	free(scheme);
	free(name);
	free(port);
	return st;
}

static json_t *pod_proxy_target(struct rinfo *ri, struct target *t)
{
	char *scheme, *name, *port;
	json_t *pod, *c, *st = NULL;
	const char *ip;
	size_t i;

	if (!split_scheme_name_port(ri->name, &scheme, &name, &port))
		return st_bad_request("invalid pod request \"%s\"", ri->name);
	pod = load("pods", ri->ns, name);
	if (!pod) {
		st = st_not_found("", "pods", name);
		goto out;
	}
	json_array_foreach(jx_get(pod, "spec.containers"), i, c) if (!*port && jx_get(c, "ports"))
	{
		json_t *p0 = json_array_get(jx_get(c, "ports"), 0);
		if (p0) {
			free(port);
			port = xasprintf("%" JSON_INTEGER_FORMAT, jx_int(p0, "containerPort", 0));
		}
	}
	ip = jx_str(json_array_get(jx_get(pod, "status.podIPs"), 0), "ip");
	if (!ip || !is_ip(ip) || (!global_unicast(ip) && !g_as->proxy_allow_loopback)) {
		st = st_bad_request("address not allowed");
		goto out;
	}
	t->host = xstrdup(ip);
	t->tls = !strcmp(scheme, "https");
	t->port = *port ? atoi(port) : t->tls ? 443 : 80;
out:
	json_decref(pod);
	free(scheme);
	free(name);
	free(port);
	return st;
}

/* isValidAddress: an endpoint address counts when its pod has that IP. */
static bool endpoint_valid(const char *ns, const json_t *addr)
{
	const char *ip = jx_str(addr, "ip"), *ref_ns = jx_str(addr, "targetRef.namespace");
	json_t *pod, *pip;
	bool ok = false;
	size_t i;

	if (!ip || !jx_get(addr, "targetRef") || strcmp(ref_ns ?: "", ns))
		return false;
	pod = load("pods", ns, jx_str(addr, "targetRef.name") ?: "");
	json_array_foreach(jx_get(pod, "status.podIPs"), i, pip) ok =
	    ok || !strcmp(jx_str(pip, "ip") ?: "", ip);
	json_decref(pod);
	return ok;
}

/* One valid address of a subset with the named port, starting at a random one. */
static bool subset_pick(const char *ns, const json_t *ss, const char *port_name, struct target *t)
{
	json_t *addrs = jx_get(ss, "addresses"), *p;
	size_t n = json_array_size(addrs), i;

	json_array_foreach(jx_get(ss, "ports"), i, p)
	{
		size_t seed;
		if (strcmp(jx_str(p, "name") ?: "", port_name))
			continue;
		seed = n ? (size_t)rand() % n : 0;
		for (size_t k = 0; k < n; k++) {
			json_t *a = json_array_get(addrs, (seed + k) % n);
			if (!endpoint_valid(ns, a))
				continue;
			t->host = xstrdup(jx_str(a, "ip"));
			t->port = (int)jx_int(p, "port", 0);
			return true;
		}
	}
	return false;
}

/* A numeric port names the service port with that number. */
static json_t *service_port_name(const char *ns, const char *svc, char **port)
{
	char *end;
	long num = strtol(*port, &end, 10);
	json_t *obj, *p, *st = NULL;
	size_t i;

	if (!**port || *end)
		return NULL;
	if (!(obj = load("services", ns, svc)))
		return st_not_found("", "services", svc);
	json_array_foreach(jx_get(obj, "spec.ports"), i, p) if (jx_int(p, "port", -1) == num)
	{
		free(*port);
		*port = xstrdup(jx_str(p, "name") ?: "");
		goto out;
	}
	st = st_new(503, "ServiceUnavailable", "no service port %ld found for service \"%s\"", num,
		    svc);
out:
	json_decref(obj);
	return st;
}

static json_t *service_proxy_target(struct rinfo *ri, struct target *t)
{
	char *scheme, *name, *port;
	json_t *eps = NULL, *subsets, *st;
	size_t n, seed;

	if (!split_scheme_name_port(ri->name, &scheme, &name, &port))
		return st_bad_request("invalid service request \"%s\"", ri->name);
	if ((st = service_port_name(ri->ns, name, &port)))
		goto out;
	if (!(eps = load("endpoints", ri->ns, name))) {
		st = st_not_found("", "endpoints", name);
		goto out;
	}
	subsets = jx_get(eps, "subsets");
	n = json_array_size(subsets);
	if (!n) {
		st = st_new(503, "ServiceUnavailable", "no endpoints available for service \"%s\"",
			    name);
		goto out;
	}
	seed = (size_t)rand() % n;
	for (size_t k = 0; k < n && !t->host; k++)
		subset_pick(ri->ns, json_array_get(subsets, (seed + k) % n), port, t);
	if (!t->host)
		st = st_new(503, "ServiceUnavailable", "no endpoints available for service \"%s\"",
			    ri->name);
	t->tls = !strcmp(scheme, "https");
out:
	json_decref(eps);
	free(scheme);
	free(name);
	free(port);
	return st;
}

/* ---- one backend connection ---- */

enum px_mode {
	PX_LOG,	   /* a 2xx answer streamed as text/plain, anything else becomes a Status */
	PX_STREAM, /* exec, attach, portforward: upgraded, or the kubelet's answer as it is */
	PX_PROXY,  /* the backend's answer as it is, or upgraded when the client asked */
};

enum px_state { PS_CONNECTING, PS_HEAD, PS_BODY, PS_SPLICE };
enum framing { FR_NONE, FR_LENGTH, FR_CHUNKED, FR_CLOSE };
enum chunk_state { CH_SIZE, CH_DATA, CH_CRLF };

struct px {
	enum px_mode mode;
	enum px_state state;
	struct http_req *req; /* until answered, hijacked or given back */
	struct rinfo *ri;
	struct bufferevent *be;	      /* the backend */
	struct bufferevent *fe;	      /* the client, once hijacked */
	struct bufferevent *flushing; /* the side still being written before closing */
	struct event *timer;	      /* waits for a slow client to drain */
	char *url;		      /* "https://host:port/path" for messages */
	struct target t;
	bool upgrade;
	bool streaming; /* the answer's head went out */
	int busy;	/* inside a callback: freeing waits */
	bool dead;
	int code;
	enum framing framing;
	enum chunk_state chunk;
	int64_t left;
	struct evbuffer *errbody; /* PX_LOG: a failed answer's body */
};

static struct evdns_base *dns;
static SSL_CTX *ssl_ctxs[3]; /* kubelet verified, kubelet unverified, other backends */

static void px_free(struct px *p)
{
	if (p->req) {
		if (p->streaming)
			http_stream_end(p->req);
		else
			reply_status(p->req, st_internal("the proxied connection failed"));
	}
	if (p->be)
		bufferevent_free(p->be);
	if (p->fe)
		bufferevent_free(p->fe);
	if (p->timer)
		event_free(p->timer);
	if (p->errbody)
		evbuffer_free(p->errbody);
	target_clear(&p->t);
	rinfo_free(p->ri);
	free(p->url);
	free(p);
}

static void px_close(struct px *p)
{
	p->dead = true;
	if (!p->busy)
		px_free(p);
}

static void px_client_gone(void *arg)
{
	px_close(arg);
}

static void px_enter(struct px *p)
{
	p->busy++;
}

static void px_leave(struct px *p)
{
	if (!--p->busy && p->dead)
		px_free(p);
}

static void px_answer(struct px *p, json_t *st)
{
	reply_status(p->req, st);
	p->req = NULL;
	px_close(p);
}

/* The backend could not be reached or broke before answering: each kind says it its way. */
static void px_fail(struct px *p, const char *why)
{
	if (p->mode == PX_LOG)
		px_answer(p, st_new(500, "", "Get \"%s\": %s", p->url, why));
	else if (p->mode == PX_STREAM)
		px_answer(p,
			  st_new(500, "", "%s%s",
				 p->state == PS_CONNECTING ? "error dialing backend: " : "", why));
	else
		px_answer(
		    p, st_new(503, "ServiceUnavailable", "error trying to reach service: %s", why));
}

static SSL_CTX *px_ssl_ctx(const struct target *t)
{
	int i = !t->kubelet ? 2 : t->insecure || !g_as->kubelet_ca ? 1 : 0;
	SSL_CTX *ctx = ssl_ctxs[i];

	if (ctx)
		return ctx;
	ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, i ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, NULL);
	if (!i && SSL_CTX_load_verify_locations(ctx, g_as->kubelet_ca, NULL) != 1)
		log_error("--kubelet-certificate-authority %s: cannot be loaded", g_as->kubelet_ca);
	if (i < 2 && g_as->kubelet_client_cert &&
	    (SSL_CTX_use_certificate_chain_file(ctx, g_as->kubelet_client_cert) != 1 ||
	     SSL_CTX_use_PrivateKey_file(ctx, g_as->kubelet_client_key, SSL_FILETYPE_PEM) != 1))
		log_error("--kubelet-client-certificate %s: cannot be loaded",
			  g_as->kubelet_client_cert);
	return ssl_ctxs[i] = ctx;
}

/* Go's wording for a failed dial or handshake. */
static char *dial_error(struct px *p, short what, int err)
{
	int dnserr = p->be ? bufferevent_socket_get_dns_error(p->be) : 0;
	unsigned long sslerr = p->be && p->t.tls ? bufferevent_get_openssl_error(p->be) : 0;
	char hp[300], reason[256], *s;
	bool verifying = p->t.kubelet && !p->t.insecure && g_as->kubelet_ca;
	SSL *ssl;

	snprintf(hp, sizeof(hp), strchr(p->t.host, ':') ? "[%s]:%d" : "%s:%d", p->t.host,
		 p->t.port);
	if (dnserr)
		return xasprintf("dial tcp: lookup %s: %s", p->t.host, evutil_gai_strerror(dnserr));
	if (what & BEV_EVENT_TIMEOUT)
		return xasprintf("dial tcp %s: i/o timeout", hp);
	ssl = p->be && p->t.tls ? bufferevent_openssl_get_ssl(p->be) : NULL;
	if (ssl && verifying && p->state == PS_CONNECTING &&
	    SSL_get_verify_result(ssl) != X509_V_OK)
		return xasprintf("tls: failed to verify certificate: x509: %s",
				 X509_verify_cert_error_string(SSL_get_verify_result(ssl)));
	/* A bare small number is libevent's record of SSL_ERROR_SYSCALL: errno says it. */
	if (sslerr && ERR_GET_LIB(sslerr)) {
		ERR_error_string_n(sslerr, reason, sizeof(reason));
		return xasprintf("remote error: tls: %s", reason);
	}
	if (!err)
		return xstrdup("EOF");
	s = xasprintf("dial tcp %s: connect: %s", hp, strerror(err));
	s[strlen(s) - strlen(strerror(err))] = (char)tolower((unsigned char)*strerror(err));
	return s;
}

/* Only what the request itself says goes on: credentials stay here, and without an upgrade
 * the hop-by-hop headers are this connection's alone. */
static bool header_forwarded(const char *name, bool upgrade)
{
	static const char *const never[] = {
	    "Host", "Authorization", "Content-Length", "Transfer-Encoding", "Proxy-Authorization",
	    NULL};
	static const char *const hop[] = {
	    "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade", NULL};

	if (!strncasecmp(name, "Impersonate-", 12))
		return false;
	for (int i = 0; never[i]; i++)
		if (!strcasecmp(name, never[i]))
			return false;
	for (int i = 0; !upgrade && hop[i]; i++)
		if (!strcasecmp(name, hop[i]))
			return false;
	return true;
}

static void px_send(struct px *p)
{
	struct evbuffer *out = bufferevent_get_output(p->be);
	struct http_req *r = p->req;
	const char *m = p->mode == PX_LOG ? "GET" : r->method;
	bool body = r->body_len || !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH");

	evbuffer_add_printf(out, "%s %s HTTP/1.1\r\nHost: %s:%d\r\n", m, p->t.path_query, p->t.host,
			    p->t.port);
	if (p->mode == PX_LOG) {
		evbuffer_add_printf(out, "User-Agent: kube-apiserver\r\nConnection: close\r\n\r\n");
		return;
	}
	for (int i = 0; i < r->nheaders; i++)
		if (header_forwarded(r->headers[i].name, p->upgrade))
			evbuffer_add_printf(out, "%s: %s\r\n", r->headers[i].name,
					    r->headers[i].value);
	if (!p->upgrade)
		evbuffer_add_printf(out, "Connection: close\r\n");
	if (body)
		evbuffer_add_printf(out, "Content-Length: %zu\r\n", r->body_len);
	evbuffer_add(out, "\r\n", 2);
	evbuffer_add(out, r->body, r->body_len);
}

/* Upstream's isProxyableHostname, on the address actually reached. */
static bool peer_allowed(struct px *p)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char ip[INET6_ADDRSTRLEN] = "";

	if (!p->t.check_peer)
		return true;
	if (getpeername(bufferevent_getfd(p->be), (struct sockaddr *)&ss, &len))
		return false;
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof(ip));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof(ip));
	return global_unicast(ip);
}

static void px_read(struct bufferevent *bev, void *arg);
static void px_event(struct bufferevent *bev, short what, void *arg);

static void px_connected(struct px *p)
{
	if (!peer_allowed(p)) {
		px_answer(p, st_bad_request("address not allowed"));
		return;
	}
	bufferevent_set_timeouts(p->be, NULL, NULL);
	p->state = PS_HEAD;
	px_send(p);
}

/* ---- the answer ---- */

static void px_slow_client(evutil_socket_t fd, short what, void *arg);

/* Give body bytes to the client (or keep a failed log answer's); false once p is closing. */
static bool px_forward(struct px *p, const char *data, size_t n)
{
	if (p->errbody) {
		size_t have = evbuffer_get_length(p->errbody);
		if (have < MAX_ERROR_BODY)
			evbuffer_add(p->errbody, data,
				     n < MAX_ERROR_BODY - have ? n : MAX_ERROR_BODY - have);
		return true;
	}
	if (http_stream_write(p->req, data, n) < 0 || p->dead) {
		px_close(p);
		return false;
	}
	if (http_stream_pending(p->req) > HIGH_WATER) {
		struct timeval tv = {0, 20000};
		bufferevent_disable(p->be, EV_READ);
		if (!p->timer)
			p->timer = evtimer_new(g_as->base, px_slow_client, p);
		evtimer_add(p->timer, &tv);
	}
	return true;
}

static void px_slow_client(evutil_socket_t fd, short what, void *arg)
{
	struct px *p = arg;
	struct timeval tv = {0, 20000};

	(void)fd;
	(void)what;
	if (!p->req || !p->req->conn) {
		px_close(p);
		return;
	}
	if (http_stream_pending(p->req) > LOW_WATER) {
		evtimer_add(p->timer, &tv);
		return;
	}
	bufferevent_enable(p->be, EV_READ);
	bufferevent_trigger(p->be, EV_READ, BEV_TRIG_IGNORE_WATERMARKS);
}

/* Upstream's NewGenericServerResponse wording, by the kubelet's status code. */
static const struct {
	int code;
	const char *reason, *message; /* NULL message: the kubelet's own */
} generic_errors[] = {
    {401, "Unauthorized", "the server has asked for the client to provide credentials"},
    {403, "Forbidden", NULL},
    {404, "NotFound", "the server could not find the requested resource"},
    {409, "Conflict", "the server reported a conflict"},
    {429, "TooManyRequests",
     "the server has received too many requests and has asked us to try again later"},
    {503, "ServiceUnavailable", "the server is currently unable to handle the request"},
    {504, "Timeout",
     "the server was unable to return a response in the time allotted, but may "
     "still be processing the request"},
};

/* GenericHttpResponseChecker: a kubelet's refusal as a Status. */
static json_t *log_error_status(struct px *p)
{
	size_t n = evbuffer_get_length(p->errbody);
	char *body = n ? xstrndup((const char *)evbuffer_pullup(p->errbody, -1), n) : xstrdup("");
	const char *name = p->ri->name;
	json_t *st = NULL;

	if (p->code == 500) {
		st = st_new(500, "InternalError", "Internal error occurred: %s", body);
		json_object_set_new(st, "details",
				    json_pack("{s:[{s:s}]}", "causes", "message", body));
	} else if (p->code == 400) {
		st = st_bad_request("%s", body);
	}
	for (size_t i = 0; !st && i < sizeof(generic_errors) / sizeof(generic_errors[0]); i++)
		if (generic_errors[i].code == p->code)
			st = st_new(p->code, generic_errors[i].reason, "%s ( pods/log %s)",
				    generic_errors[i].message ?: body, name);
	if (!st && p->code >= 500)
		st = st_new(p->code, "InternalError",
			    "an error on the server (\"%s\") has prevented the request from "
			    "succeeding ( pods/log %s)",
			    body, name);
	else if (!st)
		st = st_new(p->code, "",
			    "the server responded with the status code %d but did not return more "
			    "information ( pods/log %s)",
			    p->code, name);
	if (p->code != 500 && p->code != 400)
		st_details(st, name, "", "pods/log");
	free(body);
	return st;
}

static void px_done(struct px *p)
{
	if (p->errbody) {
		px_answer(p, log_error_status(p));
		return;
	}
	if (p->req)
		http_stream_end(p->req);
	p->req = NULL;
	px_close(p);
}

/* Take body bytes off the backend by its framing; false once p is closing. */
static bool px_body_step(struct px *p, struct evbuffer *in)
{
	char buf[16384];
	size_t avail = evbuffer_get_length(in), n;
	char *line;

	if (p->framing == FR_CLOSE || (p->framing != FR_NONE && p->chunk == CH_DATA)) {
		n = avail < sizeof(buf) ? avail : sizeof(buf);
		if (p->framing != FR_CLOSE && (int64_t)n > p->left)
			n = (size_t)p->left;
		if (!n)
			return false;
		evbuffer_remove(in, buf, n);
		p->left -= (int64_t)n;
		if (!px_forward(p, buf, n))
			return false;
		if (p->framing == FR_LENGTH && !p->left) {
			px_done(p);
			return false;
		}
		if (p->framing == FR_CHUNKED && !p->left)
			p->chunk = CH_CRLF;
		return true;
	}
	if (p->framing == FR_CHUNKED && p->chunk == CH_CRLF) {
		if (avail < 2)
			return false;
		evbuffer_drain(in, 2);
		p->chunk = CH_SIZE;
		return true;
	}
	if (p->framing == FR_CHUNKED) {
		if (!(line = evbuffer_readln(in, &n, EVBUFFER_EOL_CRLF)))
			return false;
		p->left = (int64_t)strtoll(line, NULL, 16);
		free(line);
		p->chunk = CH_DATA;
		if (p->left <= 0) {
			px_done(p); /* trailers are not passed on */
			return false;
		}
		return true;
	}
	px_done(p);
	return false;
}

static void px_body(struct px *p)
{
	struct evbuffer *in = bufferevent_get_input(p->be);

	while (!p->dead && px_body_step(p, in))
		;
}

/* ---- upgraded connections: bytes both ways until a side closes ---- */

static void splice_read(struct bufferevent *from, void *arg);
static void splice_write(struct bufferevent *to, void *arg);
static void splice_event(struct bufferevent *bev, short what, void *arg);

static struct bufferevent *other(struct px *p, struct bufferevent *b)
{
	return b == p->fe ? p->be : p->fe;
}

static void splice_read(struct bufferevent *from, void *arg)
{
	struct px *p = arg;
	struct bufferevent *to = other(p, from);

	px_enter(p);
	evbuffer_add_buffer(bufferevent_get_output(to), bufferevent_get_input(from));
	if (!p->dead && evbuffer_get_length(bufferevent_get_output(to)) > HIGH_WATER) {
		bufferevent_disable(from, EV_READ);
		bufferevent_setwatermark(to, EV_WRITE, LOW_WATER, 0);
	}
	px_leave(p);
}

static void splice_write(struct bufferevent *to, void *arg)
{
	struct px *p = arg;

	if (p->flushing == to) {
		if (!evbuffer_get_length(bufferevent_get_output(to)))
			px_close(p);
		return;
	}
	bufferevent_setwatermark(to, EV_WRITE, 0, 0);
	bufferevent_enable(other(p, to), EV_READ);
}

static void splice_event(struct bufferevent *bev, short what, void *arg)
{
	struct px *p = arg;
	struct bufferevent *to = other(p, bev);

	(void)what;
	px_enter(p);
	/* What this side said last still goes to the other, then both close. */
	evbuffer_add_buffer(bufferevent_get_output(to), bufferevent_get_input(bev));
	bufferevent_disable(bev, EV_READ | EV_WRITE);
	bufferevent_disable(to, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(to)) && !p->flushing) {
		p->flushing = to;
		bufferevent_setwatermark(to, EV_WRITE, 0, 0);
		bufferevent_setcb(bev, NULL, NULL, NULL, NULL);
	} else {
		px_close(p);
	}
	px_leave(p);
}

static void px_upgrade(struct px *p, const char *head, size_t hlen)
{
	struct bufferevent *fe = http_hijack(p->req);

	p->req = NULL;
	if (!fe) {
		px_close(p);
		return;
	}
	p->fe = fe;
	p->state = PS_SPLICE;
	bufferevent_write(fe, head, hlen);
	bufferevent_write_buffer(fe, bufferevent_get_input(p->be));
	bufferevent_write_buffer(p->be, bufferevent_get_input(fe));
	bufferevent_setcb(fe, splice_read, splice_write, splice_event, p);
	bufferevent_setcb(p->be, splice_read, splice_write, splice_event, p);
	bufferevent_enable(fe, EV_READ | EV_WRITE);
	bufferevent_enable(p->be, EV_READ | EV_WRITE);
}

/* ---- the response head ---- */

bool proxy_hop_header(const char *name)
{
	static const char *const skip[] = {"Connection",
					   "Keep-Alive",
					   "Proxy-Connection",
					   "Transfer-Encoding",
					   "Content-Length",
					   "Content-Type",
					   "Cache-Control",
					   "Upgrade",
					   "Trailer",
					   "Access-Control-Allow-Credentials",
					   "Access-Control-Allow-Headers",
					   "Access-Control-Allow-Methods",
					   "Access-Control-Allow-Origin",
					   NULL};

	for (int i = 0; skip[i]; i++)
		if (!strcasecmp(name, skip[i]))
			return true;
	return false;
}

struct head {
	int code;
	char *ctype;
	int64_t length; /* -1: none given */
	bool chunked;
	const char **extra; /* name, value, ..., NULL: passed on to the client */
	int nextra;
};

static void head_clear(struct head *h)
{
	for (int i = 0; i < h->nextra; i++)
		free((char *)h->extra[i]);
	free(h->extra);
}

static int head_parse(char *text, struct head *h)
{
	char *save = NULL, *line = strtok_r(text, "\r\n", &save);

	memset(h, 0, sizeof(*h));
	h->length = -1;
	if (!line || strncmp(line, "HTTP/1.", 7) || strlen(line) < 12)
		return -1;
	h->code = atoi(line + 9);
	if (h->code < 100 || h->code > 999)
		return -1;
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		char *colon = strchr(line, ':'), *v;
		if (!colon)
			return -1;
		*colon = 0;
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if (!strcasecmp(line, "Content-Type"))
			h->ctype = v;
		else if (!strcasecmp(line, "Content-Length"))
			h->length = strtoll(v, NULL, 10);
		else if (!strcasecmp(line, "Transfer-Encoding"))
			h->chunked = strcasestr(v, "chunked") != NULL;
		if (proxy_hop_header(line))
			continue;
		h->extra = xrealloc(h->extra, sizeof(*h->extra) * (size_t)(h->nextra + 3));
		h->extra[h->nextra++] = xstrdup(line);
		h->extra[h->nextra++] = xstrdup(v);
		h->extra[h->nextra] = NULL;
	}
	return 0;
}

static void px_begin_body(struct px *p, struct head *h)
{
	bool ok = h->code >= 200 && h->code <= 206;

	p->code = h->code;
	p->framing = h->chunked ? FR_CHUNKED : h->length >= 0 ? FR_LENGTH : FR_CLOSE;
	p->left = h->length;
	p->chunk = h->chunked ? CH_SIZE : CH_DATA;
	if (h->code < 200 || h->code == 204 || h->code == 304 || !h->length)
		p->framing = FR_NONE;
	p->state = PS_BODY;
	if (p->mode == PX_LOG && !ok) {
		p->errbody = evbuffer_new();
	} else if (p->framing == FR_NONE) {
		http_reply(p->req, h->code, h->ctype, "", 0, h->extra);
		p->req = NULL;
		px_close(p);
		return;
	} else {
		http_stream_begin_headers(p->req, p->mode == PX_LOG ? 200 : h->code,
					  p->mode == PX_LOG ? "text/plain" : h->ctype,
					  p->mode == PX_LOG ? NULL : h->extra, px_client_gone, p);
		p->streaming = true;
	}
	if (p->framing == FR_NONE)
		px_done(p);
	else
		px_body(p);
}

static void px_head(struct px *p)
{
	struct evbuffer *in = bufferevent_get_input(p->be);
	struct evbuffer_ptr end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	size_t hlen;
	char *raw, *text;
	struct head h;

	if (end.pos < 0) {
		if (evbuffer_get_length(in) > MAX_HEAD)
			px_fail(p, "net/http: response headers too long");
		return;
	}
	hlen = (size_t)end.pos + 4;
	raw = xmalloc(hlen + 1);
	evbuffer_remove(in, raw, hlen);
	raw[hlen] = 0;
	text = xstrdup(raw);
	if (head_parse(text, &h)) {
		px_fail(p, "malformed HTTP response");
	} else if (p->upgrade && h.code == 101) {
		px_upgrade(p, raw, hlen);
	} else {
		/* Without an upgrade (or when the kubelet refused one) the answer goes back. */
		px_begin_body(p, &h);
	}
	head_clear(&h);
	free(text);
	free(raw);
}

static void px_read(struct bufferevent *bev, void *arg)
{
	struct px *p = arg;

	(void)bev;
	px_enter(p);
	if (p->state == PS_HEAD)
		px_head(p);
	else if (p->state == PS_BODY)
		px_body(p);
	px_leave(p);
}

static void px_event(struct bufferevent *bev, short what, void *arg)
{
	struct px *p = arg;
	int err = EVUTIL_SOCKET_ERROR();
	char *why;

	(void)bev;
	px_enter(p);
	if (what & BEV_EVENT_CONNECTED) {
		px_connected(p);
	} else if (p->state == PS_BODY) {
		/* The backend closed: the rest of its body, then the end. */
		px_body(p);
		if (!p->dead)
			px_done(p);
	} else {
		why = dial_error(p, what, p->state == PS_CONNECTING ? err : 0);
		px_fail(p, why);
		free(why);
	}
	px_leave(p);
}

static int px_dial(struct px *p)
{
	struct timeval tv = {g_as->kubelet_timeout, 0};

	if (!dns)
		dns = evdns_base_new(g_as->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
	if (p->t.tls) {
		SSL *ssl = SSL_new(px_ssl_ctx(&p->t));
		if (!is_ip(p->t.host))
			SSL_set_tlsext_host_name(ssl, p->t.host);
		if (p->t.kubelet && !p->t.insecure && g_as->kubelet_ca) {
			if (is_ip(p->t.host))
				X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), p->t.host);
			else
				SSL_set1_host(ssl, p->t.host);
		}
		p->be = bufferevent_openssl_socket_new(
		    g_as->base, -1, ssl, BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
		if (p->be)
			bufferevent_openssl_set_allow_dirty_shutdown(p->be, 1);
	} else {
		/* Callbacks run at once, so errno still tells why a connect failed. */
		p->be = bufferevent_socket_new(g_as->base, -1, BEV_OPT_CLOSE_ON_FREE);
	}
	if (!p->be)
		return -1;
	bufferevent_setcb(p->be, px_read, NULL, px_event, p);
	bufferevent_set_timeouts(p->be, &tv, &tv);
	bufferevent_enable(p->be, EV_READ | EV_WRITE);
	return bufferevent_socket_connect_hostname(p->be, dns, AF_UNSPEC, p->t.host, p->t.port);
}

/* Open the connection for req; p owns req, ri and t from here on. */
static void px_start(struct http_req *req, struct rinfo *ri, struct target *t, enum px_mode mode)
{
	struct px *p = xcalloc(1, sizeof(*p));

	p->mode = mode;
	p->req = req;
	p->ri = ri;
	p->t = *t;
	p->upgrade = mode != PX_LOG && wants_upgrade(req);
	p->url = xasprintf(strchr(t->host, ':') ? "%s://[%s]:%d%s" : "%s://%s:%d%s",
			   t->tls ? "https" : "http", t->host, t->port, t->path_query);
	px_enter(p);
	if (px_dial(p)) {
		char *why = dial_error(p, 0, errno);
		px_fail(p, why);
		free(why);
	}
	px_leave(p);
}

/* ---- the subresources ---- */

static json_t *check_method(const char *sub, const char *m)
{
	bool ok = !strcmp(sub, "log")	 ? !strcmp(m, "GET")
		  : strcmp(sub, "proxy") ? !strcmp(m, "GET") || !strcmp(m, "POST")
					 : true;

	return ok ? NULL
		  : st_method_not_allowed("the server does not allow this method on the requested "
					  "resource");
}

/* A websocket (GET) exec, attach or port-forward needs "create" too, as upstream checks. */
static json_t *check_create(struct http_req *req, struct rinfo *ri)
{
	struct attrs a = {.resource_request = true,
			  .verb = "create",
			  .ns = ri->ns,
			  .group = ri->k->group,
			  .resource = ri->k->resource,
			  .sub = ri->sub,
			  .name = ri->name};

	if (strcmp(req->method, "GET") || !strcmp(ri->sub, "log") || !strcmp(ri->sub, "proxy"))
		return NULL;
	return auth_authorize(&ri->user, &a);
}

static json_t *pod_sub_target(struct http_req *req, struct rinfo *ri, struct target *t,
			      bool *nowhere)
{
	struct opts o;
	json_t *pod = NULL, *st = opts_parse(req, &o);

	if (!st && !strcmp(ri->sub, "log"))
		st = opts_validate_log(&o, ri->name);
	if (!st && !(pod = load("pods", ri->ns, ri->name)))
		st = st_not_found("", "pods", ri->name);
	if (!st)
		st = !strcmp(ri->sub, "log") ? log_target(ri, pod, &o, t, nowhere)
					     : stream_target(ri, pod, &o, t);
	if (!st && !*nowhere && strcmp(ri->sub, "log") && !wants_upgrade(req))
		st = st_bad_request("Upgrade request required");
	json_decref(pod);
	opts_clear(&o);
	return st;
}

/* A proxy path that stops at ".../proxy" is sent on to ".../proxy/" as upstream does. */
static void redirect_bare(struct http_req *req)
{
	char *loc = xasprintf("%s/%s%s", req->path, *req->query ? "?" : "", req->query);
	const char *hdrs[3] = {"Location", loc, NULL};

	http_reply(req, 301, NULL, "", 0, hdrs);
	free(loc);
}

static json_t *proxy_target(struct http_req *req, struct rinfo *ri, struct target *t)
{
	const char *res = ri->k->resource;
	json_t *st;

	if (!strcmp(res, "nodes"))
		st = node_proxy_target(ri, t);
	else if (!strcmp(res, "services"))
		st = service_proxy_target(ri, t);
	else
		st = pod_proxy_target(ri, t);
	/* A bare ".../proxy" is redirected, unless it upgrades: then it goes to "/". */
	if (!st && (ri->proxy_path || wants_upgrade(req)))
		target_path(t, ri->proxy_path ? ri->proxy_path : "/", req->query);
	return st;
}

void proxy_handle(struct http_req *req, struct rinfo *ri)
{
	struct target t = {0};
	bool nowhere = false, proxy = !strcmp(ri->sub, "proxy");
	json_t *st = check_method(ri->sub, req->method);

	if (!st)
		st = check_create(req, ri);
	if (!st)
		st = proxy ? proxy_target(req, ri, &t) : pod_sub_target(req, ri, &t, &nowhere);
	if (st)
		reply_status(req, st);
	else if (nowhere)
		http_reply(req, 200, "text/plain", "", 0, NULL);
	else if (proxy && !ri->proxy_path && !wants_upgrade(req))
		redirect_bare(req);
	if (st || nowhere || !t.path_query) {
		target_clear(&t);
		rinfo_free(ri);
		return;
	}
	px_start(req, ri, &t, proxy ? PX_PROXY : !strcmp(ri->sub, "log") ? PX_LOG : PX_STREAM);
}
