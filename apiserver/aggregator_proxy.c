/* The aggregator's proxy: a request for a group-version an extension server serves goes, once
 * authenticated and authorized here, to a ready endpoint of the APIService's Service over
 * HTTPS (the certificate checked against spec.caBundle for the name <svc>.<ns>.svc, the proxy
 * client certificate presented), with the user in X-Remote-* headers. The answer streams back
 * as it comes, watches included. */
#include <ctype.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aggregator.h"
#include "apiserver.h"
#include "httpc.h"
#include "jsonx.h"
#include "log.h"
#include "reqheader.h"
#include "selector.h"
#include "status.h"

#define HIGH_WATER (4 * 1024 * 1024) /* bytes queued for a slow client before reading stops */
#define LOW_WATER  (1024 * 1024)

/* ---- HTTPS clients, one per trust configuration ---- */

struct agg_client {
	int refs;
	char *key; /* "insecure", or "ca:" and the caBundle as stored */
	char *ca;  /* the decoded bundle */
	size_t ca_len;
	struct httpc *h;
	struct agg_client *next;
};

static struct {
	const char *cert, *key;
	struct agg_client *clients;
} P;

void agg_init(const struct agg_config *c)
{
	P.cert = c->proxy_cert;
	P.key = c->proxy_key;
	if (!P.cert)
		log_warn("aggregator: no --proxy-client-cert-file: extension API servers will not "
			 "authenticate this proxy");
}

static struct agg_client *client_for(const char *key, const char *b64, bool insecure)
{
	struct agg_client *c;
	struct httpc_tls tls = {0};
	size_t len = b64 ? strlen(b64) : 0;

	for (c = P.clients; c; c = c->next)
		if (!strcmp(c->key, key))
			return agg_client_ref(c);
	c = xcalloc(1, sizeof(*c));
	c->refs = 1;
	c->key = xstrdup(key);
	if (len) {
		int n;
		c->ca = xmalloc(len / 4 * 3 + 4);
		n = EVP_DecodeBlock((unsigned char *)c->ca, (const unsigned char *)b64, (int)len);
		while (n > 0 && len && b64[--len] == '=')
			n--;
		c->ca_len = n > 0 ? (size_t)n : 0;
		tls.ca_blob = c->ca;
		tls.ca_blob_len = c->ca_len;
	}
	tls.cert_file = P.cert;
	tls.key_file = P.key;
	tls.insecure = insecure;
	c->h = httpc_new(g_as->base, &tls);
	c->next = P.clients;
	P.clients = c;
	return c;
}

struct agg_client *agg_client_get(const json_t *apiservice)
{
	const char *ca = jx_str(apiservice, "spec.caBundle");
	char *key;
	struct agg_client *c;

	if (jx_bool(apiservice, "spec.insecureSkipTLSVerify", false))
		return agg_client_insecure();
	key = xasprintf("ca:%s", ca ? ca : "");
	c = client_for(key, ca, false);
	free(key);
	return c;
}

struct agg_client *agg_client_insecure(void)
{
	return client_for("insecure", NULL, true);
}

struct agg_client *agg_client_ref(struct agg_client *c)
{
	c->refs++;
	return c;
}

static void client_free(evutil_socket_t fd, short what, void *arg)
{
	struct agg_client *c = arg;

	(void)fd;
	(void)what;
	httpc_free(c->h);
	free(c->key);
	free(c->ca);
	free(c);
}

void agg_client_unref(struct agg_client *c)
{
	struct agg_client **p;

	if (!c || --c->refs)
		return;
	for (p = &P.clients; *p != c; p = &(*p)->next)
		;
	*p = c->next;
	/* Not from inside the client's own callbacks, where the last user may let go. */
	event_base_once(g_as->base, -1, EV_TIMEOUT, client_free, c, NULL);
}

struct httpc *agg_client_httpc(struct agg_client *c)
{
	return c->h;
}

/* ---- where a service's requests go ---- */

static json_t *load(const char *group, const char *resource, const char *ns, const char *name)
{
	struct centry *e = cache_get(cache_of(kind_by_resource(group, NULL, resource)), ns, name);

	return e ? json_loadb(e->json, e->len, 0, NULL) : NULL;
}

struct candidates {
	const char *ips[64];
	int ports[64];
	int n;
};

static void add_candidate(struct candidates *c, const char *ip, int port)
{
	if (ip && c->n < 64) {
		c->ips[c->n] = ip;
		c->ports[c->n++] = port;
	}
}

/* Ready endpoints of the slices of ns/svc with the named port; false when it has none. */
static bool from_slices(const char *ns, const char *svc, const char *port_name,
			struct candidates *c, json_t *keep)
{
	struct filter f = {.ns = ns};
	struct centry **items;
	size_t rem,
	    n = cache_list(cache_of(kind_by_resource("discovery.k8s.io", NULL, "endpointslices")),
			   &f, NULL, 0, &items, &rem);
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		const char *owner = centry_label(items[i], "kubernetes.io/service-name");
		json_t *s, *p, *ep;
		size_t j, k;

		if (owner && !strcmp(owner, svc) &&
		    (s = json_loadb(items[i]->json, items[i]->len, 0, NULL))) {
			const char *at = jx_str(s, "addressType") ?: "";
			any = true;
			json_array_append_new(keep, s);
			if (strcmp(at, "IPv4") && strcmp(at, "IPv6"))
				goto next;
			json_array_foreach(json_object_get(s, "ports"), j, p)
			{
				if (!json_is_string(json_object_get(p, "name")) ||
				    strcmp(jx_str(p, "name"), port_name) || !jx_get(p, "port"))
					continue;
				json_array_foreach(json_object_get(s, "endpoints"), k, ep)
				{
					if (!jx_bool(ep, "conditions.ready", true))
						continue;
					add_candidate(c,
						      json_string_value(json_array_get(
							  jx_get(ep, "addresses"), 0)),
						      (int)jx_int(p, "port", 0));
				}
			}
		}
	next:
		centry_unref(items[i]);
	}
	free(items);
	return any;
}

/* Endpoints stand in for slices nobody mirrored (no endpointslice-mirroring controller). */
static void from_endpoints(const char *ns, const char *svc, const char *port_name,
			   struct candidates *c, json_t *keep)
{
	json_t *eps = load("", "endpoints", ns, svc), *ss, *p, *a;
	size_t i, j, k;

	if (!eps)
		return;
	json_array_append_new(keep, eps);
	json_array_foreach(json_object_get(eps, "subsets"), i, ss)
	{
		json_array_foreach(json_object_get(ss, "ports"), j, p)
		{
			if (strcmp(jx_str(p, "name") ?: "", port_name))
				continue;
			json_array_foreach(json_object_get(ss, "addresses"), k, a)
			    add_candidate(c, jx_str(a, "ip"), (int)jx_int(p, "port", 0));
		}
	}
}

int agg_resolve(const char *ns, const char *svc, int port, struct agg_target *t, char **why)
{
	json_t *s = load("", "services", ns, svc), *p, *keep = json_array();
	const char *type, *port_name = NULL;
	struct candidates c = {.n = 0};
	size_t i;
	int rc = -1, pick;

	if (!s) {
		*why = xasprintf("service \"%s\" not found", svc);
		goto out;
	}
	type = jx_str(s, "spec.type") ?: "ClusterIP";
	if (strcmp(type, "ClusterIP") && strcmp(type, "NodePort") && strcmp(type, "LoadBalancer")) {
		*why = xasprintf("unsupported service type \"%s\"", type);
		goto out;
	}
	json_array_foreach(jx_get(s, "spec.ports"), i, p) if (jx_int(p, "port", 0) == port)
	{
		port_name = jx_str(p, "name") ?: "";
		break;
	}
	if (!port_name) {
		*why = xasprintf("no service port %d found for service \"%s\"", port, svc);
		goto out;
	}
	if (!from_slices(ns, svc, port_name, &c, keep))
		from_endpoints(ns, svc, port_name, &c, keep);
	if (!c.n) {
		*why = xasprintf("no endpoints available for service \"%s\"", svc);
		goto out;
	}
	pick = rand() % c.n;
	snprintf(t->host, sizeof(t->host), "%s", c.ips[pick]);
	t->port = c.ports[pick];
	rc = 0;
out:
	json_decref(keep);
	json_decref(s);
	return rc;
}

/* ---- the user, as the extension server learns it ---- */

static void add_header(char ***hdrs, size_t *n, char *h)
{
	/* A value that would end the header early is not sent (Go refuses such values). */
	if (strpbrk(h, "\r\n")) {
		free(h);
		return;
	}
	*hdrs = xrealloc(*hdrs, (*n + 2) * sizeof(char *));
	(*hdrs)[(*n)++] = h;
	(*hdrs)[*n] = NULL;
}

/* client-go's headerKeyEscape: bytes that are not token characters, and '%', as %XX. */
static char *escape_key(const char *k)
{
	char *out = xmalloc(strlen(k) * 3 + 1), *o = out;

	for (; *k; k++) {
		unsigned char b = (unsigned char)*k;
		if (isalnum(b) || (b != '%' && strchr("!#$&'*+-.^_`|~", b) && b))
			*o++ = (char)b;
		else
			o += sprintf(o, "%%%02X", b);
	}
	*o = 0;
	return out;
}

void agg_user_headers(const struct user *u, char ***hdrs, size_t *n)
{
	const char *k;
	json_t *vals, *v;
	size_t i;

	add_header(hdrs, n, xasprintf("X-Remote-User: %s", u->name ? u->name : ""));
	if (u->uid && *u->uid)
		add_header(hdrs, n, xasprintf("X-Remote-Uid: %s", u->uid));
	for (int g = 0; g < u->ngroups; g++)
		add_header(hdrs, n, xasprintf("X-Remote-Group: %s", u->groups[g]));
	json_object_foreach(u->extra, k, vals)
	{
		char *ek = escape_key(k);
		json_array_foreach(vals, i, v) add_header(
		    hdrs, n, xasprintf("X-Remote-Extra-%s: %s", ek, json_string_value(v) ?: ""));
		free(ek);
	}
}

char *agg_transfer_error(const char *host_port, const char *err, int os_errno, bool timed)
{
	char *s, *e;

	if (os_errno) {
		e = xstrdup(strerror(os_errno));
		e[0] = (char)tolower((unsigned char)e[0]);
		s = xasprintf("dial tcp %s: connect: %s", host_port, e);
		free(e);
		return s;
	}
	if (err && strcasestr(err, "timed out"))
		return xstrdup(timed ? "context deadline exceeded (Client.Timeout exceeded while "
				       "awaiting headers)"
				     : "i/o timeout");
	return xstrdup(err ? err : "EOF");
}

/* ---- request attributes (upstream's RequestInfoFactory for resource paths) ---- */

/* A fieldSelector naming one object: metadata.name=NAME, a valid path segment. */
static void selector_name(const struct http_req *req, struct agg_rinfo *ri)
{
	char *sel = http_query_get(req, "fieldSelector"), *err = NULL;
	struct fsel *fs = NULL;

	if (sel && !fsel_parse(sel, &fs, &err)) {
		for (int i = 0; i < fsel_count(fs); i++) {
			const char *v = fsel_value(fs, i);
			if (strcmp(fsel_field(fs, i), "metadata.name") || !fsel_is_eq(fs, i) ||
			    !*v || strpbrk(v, "/%") || !strcmp(v, ".") || !strcmp(v, "..") ||
			    strlen(v) >= sizeof(ri->name))
				continue;
			snprintf(ri->name, sizeof(ri->name), "%s", v);
			ri->a.name = ri->name;
			break;
		}
	}
	fsel_free(fs);
	free(err);
	free(sel);
}

static const char *method_verb(const char *m)
{
	if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return "get";
	if (!strcmp(m, "POST"))
		return "create";
	if (!strcmp(m, "PUT"))
		return "update";
	if (!strcmp(m, "PATCH"))
		return "patch";
	if (!strcmp(m, "DELETE"))
		return "delete";
	return "";
}

void agg_request_attrs(const struct http_req *req, const char *group, char **s, int n,
		       struct agg_rinfo *ri)
{
	char *w;
	bool watch;

	memset(ri, 0, sizeof(*ri));
	ri->a.resource_request = true;
	ri->a.group = group;
	ri->a.verb = method_verb(req->method);
	if (n && (!strcmp(s[0], "watch") || !strcmp(s[0], "proxy"))) {
		ri->a.verb = s[0];
		s++;
		n--;
	}
	if (n && !strcmp(s[0], "namespaces") && n > 1) {
		ri->a.ns = s[1];
		if (n > 2 && strcmp(s[2], "status") && strcmp(s[2], "finalize")) {
			s += 2;
			n -= 2;
		}
	}
	if (n >= 3 && strcmp(ri->a.verb, "proxy"))
		ri->a.sub = s[2];
	if (n >= 2)
		ri->a.name = s[1];
	if (n >= 1)
		ri->a.resource = s[0];
	if (!ri->a.name && !strcmp(ri->a.verb, "get")) {
		w = http_query_get(req, "watch");
		watch = w && (!strcmp(w, "true") || !strcmp(w, "1") || !strcmp(w, "True") ||
			      !strcmp(w, "t") || !strcmp(w, "T") || !strcmp(w, "TRUE"));
		free(w);
		ri->a.verb = watch ? "watch" : "list";
		selector_name(req, ri);
	} else if (!ri->a.name && !strcmp(ri->a.verb, "delete")) {
		ri->a.verb = "deletecollection";
	}
}

/* ---- one proxied request ---- */

struct aproxy {
	struct http_req *req;
	struct httpc_req *hr;
	struct agg_client *client;
	char *name; /* the APIService's */
	char *host_port, *url;
	bool streaming, headed;
	int code;
	char *ctype;
	char **extra;		/* the answer's headers to pass on: name, value, ..., NULL */
	struct event *timer;	/* waits for a slow client to drain */
	struct event *watchdog; /* until the head: notices a client gone or timed out */
};

static void ap_free(struct aproxy *p)
{
	for (int i = 0; p->extra && p->extra[i]; i++)
		free(p->extra[i]);
	free(p->extra);
	if (p->timer)
		event_free(p->timer);
	if (p->watchdog)
		event_free(p->watchdog);
	agg_client_unref(p->client);
	free(p->ctype);
	free(p->name);
	free(p->host_port);
	free(p->url);
	free(p);
}

/* upstream's proxyError: http.Error's plain text. */
static void reply_text(struct http_req *req, int code, const char *msg)
{
	static const char *const nosniff[] = {"X-Content-Type-Options", "nosniff", NULL};
	char *body = xasprintf("%s\n", msg);

	http_reply(req, code, "text/plain; charset=utf-8", body, strlen(body), nosniff);
	free(body);
}

static void client_gone(void *arg)
{
	struct aproxy *p = arg;

	/* The stream is over for the client: end the request and let the transfer go. */
	httpc_cancel(p->hr);
	http_stream_end(p->req);
	ap_free(p);
}

/* Before the head nothing tells of a client that went away or of a request answered 504 by
 * its deadline (both leave req without a connection): look every second, and stop the
 * transfer then, as upstream's cancelled context does. */
static void watchdog(evutil_socket_t fd, short what, void *arg)
{
	struct aproxy *p = arg;
	struct timeval tv = {1, 0};

	(void)fd;
	(void)what;
	if (p->req->conn) {
		evtimer_add(p->watchdog, &tv);
		return;
	}
	httpc_cancel(p->hr);
	http_reply(p->req, 503, NULL, "", 0, NULL);
	ap_free(p);
}

static int on_head(void *arg, int code, const char *const *headers)
{
	struct aproxy *p = arg;
	size_t n = 0;

	p->headed = true;
	evtimer_del(p->watchdog);
	p->code = code;
	for (int i = 0; headers[i]; i += 2) {
		if (!strcasecmp(headers[i], "Content-Type")) {
			free(p->ctype);
			p->ctype = xstrdup(headers[i + 1]);
		}
		if (proxy_hop_header(headers[i]))
			continue;
		p->extra = xrealloc(p->extra, (n + 3) * sizeof(char *));
		p->extra[n++] = xstrdup(headers[i]);
		p->extra[n++] = xstrdup(headers[i + 1]);
		p->extra[n] = NULL;
	}
	/* Answers without a body wait for the end; the rest stream from here. */
	if (!strcmp(p->req->method, "HEAD") || code == 204 || code == 304)
		return 0;
	http_stream_begin_headers(p->req, code, p->ctype, (const char *const *)p->extra,
				  client_gone, p);
	p->streaming = true;
	return 0;
}

static void drain_check(evutil_socket_t fd, short what, void *arg)
{
	struct aproxy *p = arg;
	struct timeval tv = {0, 20000};

	(void)fd;
	(void)what;
	if (http_stream_pending(p->req) > LOW_WATER && p->req->conn) {
		evtimer_add(p->timer, &tv);
		return;
	}
	httpc_pause(p->hr, 0);
}

static int on_data(void *arg, const char *data, size_t len)
{
	struct aproxy *p = arg;
	struct timeval tv = {0, 20000};

	if (!p->streaming || http_stream_write(p->req, data, len) < 0)
		return 1;
	if (http_stream_pending(p->req) > HIGH_WATER) {
		/* A slow client holds the extension server back rather than filling memory. */
		httpc_pause(p->hr, 1);
		if (!p->timer)
			p->timer = evtimer_new(g_as->base, drain_check, p);
		evtimer_add(p->timer, &tv);
	}
	return 0;
}

static void on_done(void *arg, int code, const char *body, size_t len, const char *err)
{
	struct aproxy *p = arg;
	char *why;

	(void)code;
	(void)body;
	(void)len;
	if (p->streaming) {
		http_stream_end(p->req);
	} else if (p->headed && !err) {
		http_reply(p->req, p->code, p->ctype, "", 0, (const char *const *)p->extra);
	} else {
		/* Unreachable or broken before answering: upstream's responder says why, and the
		 * APIService is checked again now rather than at its next resync. */
		why = agg_transfer_error(p->host_port, err, httpc_os_errno(p->hr), false);
		log_error("Error while proxying request: %s", why);
		reply_text(p->req, 503, why);
		free(why);
		avail_enqueue(p->name);
	}
	ap_free(p);
}

/* The request's own headers that go on, then the proxy's. */
static char **forward_headers(const struct http_req *req, const struct user *u,
			      const struct agg_target *t)
{
	static const char *const never[] = {"Host",
					    "Authorization",
					    "Content-Length",
					    "Transfer-Encoding",
					    "Connection",
					    "Keep-Alive",
					    "Proxy-Connection",
					    "Proxy-Authorization",
					    "TE",
					    "Trailer",
					    "Upgrade",
					    "Expect",
					    "X-Remote-User",
					    "X-Remote-Uid",
					    "X-Remote-Group",
					    NULL};
	char **h = NULL;
	size_t n = 0;
	const char *xff = http_header_get(req, "X-Forwarded-For");

	for (int i = 0; i < req->nheaders; i++) {
		const char *name = req->headers[i].name;
		bool drop = !strncasecmp(name, "Impersonate-", 12) ||
			    !strncasecmp(name, "X-Remote-Extra-", 15) || rh_header(name) ||
			    !strcasecmp(name, "X-Forwarded-For");
		for (int j = 0; never[j] && !drop; j++)
			drop = !strcasecmp(name, never[j]);
		if (!drop)
			add_header(&h, &n, xasprintf("%s: %s", name, req->headers[i].value));
	}
	add_header(
	    &h, &n,
	    xasprintf(strchr(t->host, ':') ? "Host: [%s]:%d" : "Host: %s:%d", t->host, t->port));
	add_header(&h, &n,
		   xff ? xasprintf("X-Forwarded-For: %s, %s", xff, req->peer)
		       : xasprintf("X-Forwarded-For: %s", req->peer));
	/* curl adds these unless told not to; a Go proxy would not. */
	if (!http_header_get(req, "Accept"))
		add_header(&h, &n, xstrdup("Accept:"));
	if (!http_header_get(req, "Content-Type"))
		add_header(&h, &n, xstrdup("Content-Type:"));
	agg_user_headers(u, &h, &n);
	return h;
}

void agg_proxy(struct http_req *req, const char *group, const char *version, struct user *u)
{
	char name[320], *why = NULL, *host, *ct, **hdrs;
	struct agg_svc *s;
	struct agg_target t;
	struct aproxy *p;
	struct httpc_opts o = {0};
	bool body =
	    req->body_len || (strcmp(req->method, "GET") && strcmp(req->method, "HEAD") &&
			      strcmp(req->method, "DELETE") && strcmp(req->method, "OPTIONS"));

	snprintf(name, sizeof(name), "%s.%s", version, group);
	s = agg_svc_get(name);
	if (!s || !s->available) {
		reply_text(req, 503, "service unavailable");
		goto out;
	}
	if (agg_resolve(s->ns, s->svc, s->port, &t, &why)) {
		log_error("error resolving %s/%s: %s", s->ns, s->svc, why);
		free(why);
		reply_text(req, 503, "service unavailable");
		goto out;
	}
	p = xcalloc(1, sizeof(*p));
	p->req = req;
	p->name = xstrdup(name);
	p->client = agg_client_ref(s->client);
	p->host_port = xasprintf(strchr(t.host, ':') ? "[%s]:%d" : "%s:%d", t.host, t.port);
	host = xasprintf("%s.%s.svc:%d", s->svc, s->ns, s->port);
	p->url = xasprintf("https://%s%s", host, req->target);
	o.connect_to = ct = xasprintf("%s:%s", host, p->host_port);
	o.head = on_head;
	hdrs = forward_headers(req, u, &t);
	p->hr = httpc_request_opts(agg_client_httpc(p->client), req->method, p->url,
				   (const char *const *)hdrs, body ? req->body : NULL,
				   req->body_len, 0, &o, on_done, on_data, p);
	p->watchdog = evtimer_new(g_as->base, watchdog, p);
	watchdog(-1, 0, p);
	for (size_t i = 0; hdrs && hdrs[i]; i++)
		free(hdrs[i]);
	free(hdrs);
	free(ct);
	free(host);
out:
	user_clear(u);
}
