/*
 * endpoints controller: an Endpoints object per selector-bearing Service listing the
 * addresses of its pods, ready or not, with the ports their targetPorts resolve to. Subsets
 * are packed and ordered as upstream does, down to its hash-based order of ports and subsets
 * (an md5 over go-spew's "%#v" rendering of the Go structs), so output matches byte for byte.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "endpoints.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "selector.h"
#include "workqueue.h"

/* ---- what a pod offers ---- */

bool ep_pod_serves(const json_t *pod, bool include_terminating)
{
	if (pod_terminal(pod))
		return false;
	if (!jx_str(pod, "status.podIP") && !json_array_size(jx_get(pod, "status.podIPs")))
		return false;
	return include_terminating || !pod_deleting(pod);
}

static const char *protocol_of(const json_t *port)
{
	return jx_str(port, "protocol") ?: "TCP";
}

static int named_port(const json_t *containers, const char *name, const char *proto,
		      bool sidecars_only)
{
	size_t i, j;
	json_t *c, *p;

	json_array_foreach(containers, i, c)
	{
		const char *rp = jx_str(c, "restartPolicy");
		if (sidecars_only && (!rp || strcmp(rp, "Always")))
			continue;
		json_array_foreach(json_object_get(c, "ports"), j, p)
		{
			const char *pn = jx_str(p, "name");
			if (pn && !strcmp(pn, name) && !strcmp(protocol_of(p), proto))
				return (int)jx_int(p, "containerPort", -1);
		}
	}
	return -1;
}

int ep_find_port(const json_t *pod, const json_t *svc_port)
{
	json_t *tp = json_object_get(svc_port, "targetPort");
	const char *proto = protocol_of(svc_port);
	int n;

	if (json_is_integer(tp) && json_integer_value(tp) > 0)
		return (int)json_integer_value(tp);
	if (!json_is_string(tp))
		return (int)jx_int(svc_port, "port", -1);
	n = named_port(jx_get(pod, "spec.containers"), json_string_value(tp), proto, false);
	if (n < 0)
		n = named_port(jx_get(pod, "spec.initContainers"), json_string_value(tp), proto,
			       true);
	return n;
}

static bool is_ipv6(const char *ip)
{
	return ip && strchr(ip, ':');
}

const char *ep_pod_ip(const json_t *pod, bool ipv6)
{
	const char *ip = jx_str(pod, "status.podIP");
	size_t i;
	json_t *e;

	json_array_foreach(jx_get(pod, "status.podIPs"), i, e)
	{
		const char *s = jx_str(e, "ip");
		if (s && is_ipv6(s) == ipv6)
			return s;
	}
	return ip && is_ipv6(ip) == ipv6 ? ip : NULL;
}

bool ep_headless(const json_t *svc)
{
	const char *ip = jx_str(svc, "spec.clusterIP");

	return ip && !strcmp(ip, "None");
}

bool ep_service_ipv6(const json_t *svc)
{
	const char *fam = json_string_value(json_array_get(jx_get(svc, "spec.ipFamilies"), 0));
	const char *ip = jx_str(svc, "spec.clusterIP");

	if (fam)
		return !strcmp(fam, "IPv6");
	return !ep_headless(svc) && is_ipv6(ip);
}

struct lsel *ep_selector(const json_t *svc)
{
	json_t *sel = jx_get(svc, "spec.selector"), *ls;
	struct lsel *s = NULL;
	char *err = NULL;

	if (!json_is_object(sel))
		return NULL;
	ls = json_pack("{s:O}", "matchLabels", sel);
	if (lsel_from_json(ls, &s, &err)) {
		free(err);
		s = NULL;
	}
	json_decref(ls);
	return s;
}

const char *ep_hostname(const json_t *pod, const json_t *svc)
{
	const char *h = jx_str(pod, "spec.hostname"), *sub = jx_str(pod, "spec.subdomain");
	const char *pns = jx_str(pod, "metadata.namespace"),
		   *sns = jx_str(svc, "metadata.namespace");

	if (!h || !*h || !sub || strcmp(sub, jx_str(svc, "metadata.name") ?: "") || !pns || !sns ||
	    strcmp(pns, sns))
		return NULL;
	return h;
}

/* ---- upstream's ordering: md5 over go-spew "%#v" ---- */

static void spew_addr(FILE *f, const json_t *a)
{
	const json_t *ref = json_object_get(a, "targetRef");
	const char *node = jx_str(a, "nodeName");

	fprintf(f, "{IP:(string)%s Hostname:(string)%s NodeName:(*string)%s TargetRef:",
		jx_str(a, "ip") ?: "", jx_str(a, "hostname") ?: "", node ? node : "<nil>");
	if (!json_is_object(ref))
		fputs("(*v1.ObjectReference)<nil>}", f);
	else
		fprintf(f,
			"(*v1.ObjectReference){Kind:(string)%s Namespace:(string)%s "
			"Name:(string)%s UID:(types.UID)%s APIVersion:(string)%s "
			"ResourceVersion:(string)%s FieldPath:(string)%s}}",
			jx_str(ref, "kind") ?: "", jx_str(ref, "namespace") ?: "",
			jx_str(ref, "name") ?: "", jx_str(ref, "uid") ?: "",
			jx_str(ref, "apiVersion") ?: "", jx_str(ref, "resourceVersion") ?: "",
			jx_str(ref, "fieldPath") ?: "");
}

static void spew_port(FILE *f, const json_t *p)
{
	const char *app = jx_str(p, "appProtocol");

	fprintf(
	    f,
	    "{Name:(string)%s Port:(int32)%lld Protocol:(v1.Protocol)%s AppProtocol:(*string)%s}",
	    jx_str(p, "name") ?: "", (long long)jx_int(p, "port", 0), jx_str(p, "protocol") ?: "",
	    app ? app : "<nil>");
}

static void spew_list(FILE *f, const json_t *arr, void (*one)(FILE *, const json_t *))
{
	size_t i;
	json_t *v;

	if (!json_array_size(arr)) {
		fputs("<nil>", f);
		return;
	}
	fputc('[', f);
	json_array_foreach(arr, i, v)
	{
		if (i)
			fputc(' ', f);
		one(f, v);
	}
	fputc(']', f);
}

static void spew_subset(FILE *f, const json_t *s)
{
	fputs("{Addresses:([]v1.EndpointAddress)", f);
	spew_list(f, json_object_get(s, "addresses"), spew_addr);
	fputs(" NotReadyAddresses:([]v1.EndpointAddress)", f);
	spew_list(f, json_object_get(s, "notReadyAddresses"), spew_addr);
	fputs(" Ports:([]v1.EndpointPort)", f);
	spew_list(f, json_object_get(s, "ports"), spew_port);
	fputc('}', f);
}

struct hashed {
	unsigned char md[16];
	json_t *v;
};

static void hash_one(struct hashed *h, const char *type, void (*body)(FILE *, const json_t *))
{
	char *buf = NULL;
	size_t len = 0;
	unsigned mdlen = 0;
	FILE *f = open_memstream(&buf, &len);

	fprintf(f, "(%s)", type);
	body(f, h->v);
	fclose(f);
	EVP_Digest(buf, len, h->md, &mdlen, EVP_md5(), NULL);
	free(buf);
}

static int hashed_cmp(const void *a, const void *b)
{
	return memcmp(((const struct hashed *)a)->md, ((const struct hashed *)b)->md, 16);
}

/* Sort arr (in place) by the md5 of each element's spew rendering. */
static void sort_by_hash(json_t *arr, const char *type, void (*body)(FILE *, const json_t *))
{
	size_t n = json_array_size(arr);
	struct hashed *h = xcalloc(n ? n : 1, sizeof(*h));

	for (size_t i = 0; i < n; i++) {
		h[i].v = json_incref(json_array_get(arr, i));
		hash_one(&h[i], type, body);
	}
	qsort(h, n, sizeof(*h), hashed_cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, h[i].v);
	free(h);
}

/* Upstream's LessEndpointAddress: by IP bytes, then target uid (none first). */
static int addr_cmp(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(jx_str(x, "ip") ?: "", jx_str(y, "ip") ?: "");
	const char *ux = jx_str(x, "targetRef.uid"), *uy = jx_str(y, "targetRef.uid");

	if (c)
		return c;
	if (!json_object_get(y, "targetRef"))
		return json_object_get(x, "targetRef") ? 1 : 0;
	if (!json_object_get(x, "targetRef"))
		return -1;
	return strcmp(ux ?: "", uy ?: "");
}

static void sort_addrs(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), addr_cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* ---- packing ---- */

/* One distinct port (NULL: the "no ports" sentinel) and the addresses offering it. */
struct pgroup {
	json_t *port;
	char **keys; /* address keys, in arrival order */
	bool *ready;
	size_t n;
	char *sig;
};

static char *addr_key(const json_t *a)
{
	return xasprintf("%s|%s", jx_str(a, "ip") ?: "", jx_str(a, "targetRef.uid") ?: "");
}

static struct pgroup *pgroup_of(struct pgroup **gs, size_t *ng, const json_t *port)
{
	for (size_t i = 0; i < *ng; i++)
		if ((!port && !(*gs)[i].port) || (port && jx_equal((*gs)[i].port, port)))
			return &(*gs)[i];
	*gs = xrealloc(*gs, sizeof(**gs) * (*ng + 1));
	memset(&(*gs)[*ng], 0, sizeof(**gs));
	(*gs)[*ng].port = port ? json_incref((json_t *)port) : NULL;
	return &(*gs)[(*ng)++];
}

/* A ready sighting wins over a not-ready one. */
static void pgroup_add(struct pgroup *g, const char *key, bool ready)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->keys[i], key)) {
			g->ready[i] |= ready;
			return;
		}
	g->keys = xrealloc(g->keys, sizeof(*g->keys) * (g->n + 1));
	g->ready = xrealloc(g->ready, sizeof(*g->ready) * (g->n + 1));
	g->keys[g->n] = xstrdup(key);
	g->ready[g->n++] = ready;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The identity of an address set with readiness: sorted "key=r" entries. */
static void pgroup_sign(struct pgroup *g)
{
	char **v = xcalloc(g->n ? g->n : 1, sizeof(*v));
	char *sig = xstrdup("");

	for (size_t i = 0; i < g->n; i++)
		v[i] = xasprintf("%s=%d", g->keys[i], g->ready[i]);
	qsort(v, g->n, sizeof(*v), str_cmp);
	for (size_t i = 0; i < g->n; i++) {
		char *next = xasprintf("%s%s,", sig, v[i]);
		free(sig);
		sig = next;
		free(v[i]);
	}
	free(v);
	g->sig = sig;
}

static void collect(struct hmap *addrs, struct pgroup **gs, size_t *ng, const json_t *subset)
{
	static const char *const lists[] = {"addresses", "notReadyAddresses"};
	json_t *ports = json_object_get(subset, "ports");
	size_t np = json_array_size(ports);

	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *a;

		json_array_foreach(json_object_get(subset, lists[l]), i, a)
		{
			char *key = addr_key(a);
			if (!hmap_get(addrs, key)) {
				hmap_put(addrs, xstrdup(key), a);
			}
			for (size_t p = 0; p < (np ? np : 1); p++)
				pgroup_add(pgroup_of(gs, ng, np ? json_array_get(ports, p) : NULL),
					   key, l == 0);
			free(key);
		}
	}
}

static json_t *subset_of(const struct hmap *addrs, const struct pgroup *g)
{
	json_t *ready = json_array(), *not_ready = json_array(), *s = json_object();

	for (size_t i = 0; i < g->n; i++)
		json_array_append(g->ready[i] ? ready : not_ready, hmap_get(addrs, g->keys[i]));
	sort_addrs(ready);
	sort_addrs(not_ready);
	if (json_array_size(ready))
		json_object_set(s, "addresses", ready);
	if (json_array_size(not_ready))
		json_object_set(s, "notReadyAddresses", not_ready);
	json_decref(ready);
	json_decref(not_ready);
	return s;
}

static void free_groups(struct hmap *addrs, struct pgroup *gs, size_t ng)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(addrs, i, &k, &v));)
		free((char *)k);
	hmap_clear(addrs);
	for (size_t i = 0; i < ng; i++) {
		for (size_t j = 0; j < gs[i].n; j++)
			free(gs[i].keys[j]);
		free(gs[i].keys);
		free(gs[i].ready);
		free(gs[i].sig);
		json_decref(gs[i].port);
	}
	free(gs);
}

json_t *ep_repack(const json_t *subsets)
{
	struct hmap addrs;
	struct pgroup *gs = NULL;
	size_t ng = 0, i;
	json_t *out = json_array(), *s;
	bool *used;

	hmap_init(&addrs);
	json_array_foreach(subsets, i, s) collect(&addrs, &gs, &ng, s);
	for (i = 0; i < ng; i++)
		pgroup_sign(&gs[i]);
	used = xcalloc(ng ? ng : 1, sizeof(*used));
	/* Ports whose address sets are identical share one subset. */
	for (i = 0; i < ng; i++) {
		json_t *sub, *ports;
		if (used[i])
			continue;
		sub = subset_of(&addrs, &gs[i]);
		ports = json_array();
		for (size_t j = i; j < ng; j++) {
			if (used[j] || strcmp(gs[i].sig, gs[j].sig))
				continue;
			used[j] = true;
			if (gs[j].port)
				json_array_append(ports, gs[j].port);
		}
		sort_by_hash(ports, "v1.EndpointPort", spew_port);
		if (json_array_size(ports))
			json_object_set(sub, "ports", ports);
		json_decref(ports);
		json_array_append_new(out, sub);
	}
	free(used);
	free_groups(&addrs, gs, ng);
	sort_by_hash(out, "v1.EndpointSubset", spew_subset);
	return out;
}

static json_t *pod_address(const json_t *pod, const json_t *svc, const char *ip)
{
	json_t *a = json_pack("{s:s}", "ip", ip);
	const char *host = ep_hostname(pod, svc);

	if (host)
		json_object_set_new(a, "hostname", json_string(host));
	/* Upstream points nodeName at the pod's, set or not. */
	json_object_set_new(a, "nodeName", json_string(jx_str(pod, "spec.nodeName") ?: ""));
	json_object_set_new(a, "targetRef",
			    json_pack("{s:s, s:s, s:s, s:s}", "kind", "Pod", "namespace",
				      jx_str(pod, "metadata.namespace") ?: "", "name",
				      jx_str(pod, "metadata.name") ?: "", "uid",
				      jx_str(pod, "metadata.uid") ?: ""));
	return a;
}

static json_t *endpoint_port(const json_t *sp, int num)
{
	json_t *p = json_object();
	const char *name = jx_str(sp, "name"), *app = jx_str(sp, "appProtocol");

	if (name && *name)
		json_object_set_new(p, "name", json_string(name));
	json_object_set_new(p, "port", json_integer(num));
	json_object_set_new(p, "protocol", json_string(protocol_of(sp)));
	if (app)
		json_object_set_new(p, "appProtocol", json_string(app));
	return p;
}

static void add_subset(json_t *raw, json_t *addr, json_t *port, bool ready)
{
	json_t *s = json_object();

	json_object_set_new(s, ready ? "addresses" : "notReadyAddresses", json_pack("[O]", addr));
	if (port)
		json_object_set_new(s, "ports", json_pack("[o]", port));
	json_array_append_new(raw, s);
}

json_t *ep_subsets(const json_t *svc, const json_t *const *pods, size_t n)
{
	bool tolerate = jx_bool(svc, "spec.publishNotReadyAddresses", false);
	bool ipv6 = ep_service_ipv6(svc);
	json_t *ports = jx_get(svc, "spec.ports"), *raw = json_array(), *out;

	for (size_t i = 0; i < n; i++) {
		const char *ip;
		json_t *addr, *sp;
		bool ready;
		size_t j;

		if (!ep_pod_serves(pods[i], tolerate))
			continue;
		/* A headless service without families takes each pod's own. */
		ip = json_array_size(jx_get(svc, "spec.ipFamilies")) || !ep_headless(svc)
			 ? ep_pod_ip(pods[i], ipv6)
			 : jx_str(pods[i], "status.podIP");
		if (!ip)
			continue;
		addr = pod_address(pods[i], svc, ip);
		ready = tolerate || pod_ready(pods[i]);
		if (!json_array_size(ports) && ep_headless(svc))
			add_subset(raw, addr, NULL, ready);
		json_array_foreach(ports, j, sp)
		{
			int num = ep_find_port(pods[i], sp);
			if (num > 0)
				add_subset(raw, addr, endpoint_port(sp, num), ready);
		}
		json_decref(addr);
	}
	out = ep_repack(raw);
	json_decref(raw);
	return out;
}

/* ---- trigger times ---- */

struct tt_state {
	char *key;
	struct timespec svc;
	struct hmap pods; /* name -> struct timespec * (key owned alongside) */
};

struct ep_tt {
	struct hmap services;
};

struct ep_tt *ep_tt_new(void)
{
	struct ep_tt *t = xcalloc(1, sizeof(*t));

	hmap_init(&t->services);
	return t;
}

static void pods_clear(struct hmap *m)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(m, i, &k, &v));) {
		free((char *)k);
		free(v);
	}
	hmap_clear(m);
}

static void tt_state_free(struct tt_state *s)
{
	pods_clear(&s->pods);
	free(s->key);
	free(s);
}

void ep_tt_forget(struct ep_tt *t, const char *key)
{
	struct tt_state *s = hmap_del(&t->services, key);

	if (s)
		tt_state_free(s);
}

void ep_tt_free(struct ep_tt *t)
{
	const char *k;
	void *v;

	if (!t)
		return;
	for (size_t i = 0; (i = hmap_next(&t->services, i, &k, &v));)
		tt_state_free(v);
	hmap_clear(&t->services);
	free(t);
}

static bool ts_after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static void ts_min(struct timespec *acc, bool *set, const struct timespec *t)
{
	if (!*set || ts_after(acc, t))
		*acc = *t;
	*set = true;
}

/* Go's RFC3339Nano: the fraction only when there is one, without trailing zeros. */
static void format_nano(const struct timespec *ts, char out[40])
{
	char base[32], frac[12];
	int len;

	kt_format(ts->tv_sec, base);
	if (!ts->tv_nsec) {
		snprintf(out, 40, "%s", base);
		return;
	}
	len = snprintf(frac, sizeof(frac), "%09ld", ts->tv_nsec % 1000000000L);
	while (len > 0 && frac[len - 1] == '0')
		frac[--len] = 0;
	snprintf(out, 40, "%.19s.%.9sZ", base, frac); /* the seconds without their Z */
}

bool ep_tt_compute(struct ep_tt *t, const char *key, const json_t *svc, const json_t *const *pods,
		   size_t n, char out[40])
{
	struct tt_state *s = hmap_get(&t->services, key);
	struct hmap fresh;
	struct timespec min = {0}, ts, zero = {0};
	bool set = false;

	if (!s) {
		s = xcalloc(1, sizeof(*s));
		s->key = xstrdup(key);
		hmap_init(&s->pods);
		hmap_put(&t->services, s->key, s);
	}
	hmap_init(&fresh);
	for (size_t i = 0; i < n; i++) {
		const char *lt = jx_str(cond_get(pods[i], "Ready"), "lastTransitionTime");
		const char *name = jx_str(pods[i], "metadata.name");
		struct timespec *prev, *keep;

		if (!lt || !name || kt_parse(lt, &ts))
			continue;
		prev = hmap_get(&s->pods, name);
		if (ts_after(&ts, prev ? prev : &zero))
			ts_min(&min, &set, &ts);
		if (hmap_get(&fresh, name))
			continue;
		keep = xmalloc(sizeof(*keep));
		*keep = ts;
		hmap_put(&fresh, xstrdup(name), keep);
	}
	pods_clear(&s->pods);
	s->pods = fresh;
	if (jx_str(svc, "metadata.creationTimestamp") &&
	    !kt_parse(jx_str(svc, "metadata.creationTimestamp"), &ts)) {
		if (ts_after(&ts, &s->svc))
			ts_min(&min, &set, &ts);
		s->svc = ts;
	}
	if (set)
		format_nano(&min, out);
	return set;
}

/* ---- shared informer helpers ---- */

size_t ep_selected_pods(struct inf *pods, const json_t *svc, const struct lsel *sel,
			const json_t ***out)
{
	const json_t **all = NULL;
	size_t n = inf_by_index(pods, INF_INDEX_NAMESPACE, jx_str(svc, "metadata.namespace") ?: "",
				&all),
	       m = 0;

	for (size_t i = 0; i < n; i++)
		if (lsel_match_json(sel, jx_get(all[i], "metadata.labels")))
			all[m++] = all[i];
	*out = all;
	return m;
}

void ep_enqueue_services_of(struct inf *svcs, struct wq *q, const json_t *pod)
{
	const json_t **all = NULL;
	size_t n =
	    inf_by_index(svcs, INF_INDEX_NAMESPACE, jx_str(pod, "metadata.namespace") ?: "", &all);

	for (size_t i = 0; i < n; i++) {
		struct lsel *sel = ep_selector(all[i]);
		if (sel && lsel_match_json(sel, jx_get(pod, "metadata.labels")))
			ctrl_enqueue(q, all[i]);
		lsel_free(sel);
	}
	free(all);
}

/* ---- the controller ---- */

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *svcs, *pods, *eps;
	struct wq *q;
	struct ep_tt *tt;
} E;

static void pod_add(void *arg, const json_t *pod)
{
	(void)arg;
	if (E.q)
		ep_enqueue_services_of(E.svcs, E.q, pod);
}

static void pod_update(void *arg, const json_t *old, const json_t *pod)
{
	(void)arg;
	if (!E.q || jx_equal(jx_get(old, "metadata.resourceVersion"),
			     jx_get(pod, "metadata.resourceVersion")))
		return;
	ep_enqueue_services_of(E.svcs, E.q, pod);
	if (!jx_equal(jx_get(old, "metadata.labels"), jx_get(pod, "metadata.labels")))
		ep_enqueue_services_of(E.svcs, E.q, old);
}

static void svc_add(void *arg, const json_t *svc)
{
	(void)arg;
	if (E.q)
		ctrl_enqueue(E.q, svc);
}

static void svc_update(void *arg, const json_t *old, const json_t *svc)
{
	(void)old;
	svc_add(arg, svc);
}

/* Upstream's labels: the service's, plus the headless marker on headless services. */
static json_t *wanted_labels(const json_t *svc)
{
	json_t *l = json_is_object(jx_get(svc, "metadata.labels"))
			? json_deep_copy(jx_get(svc, "metadata.labels"))
			: json_object();

	if (ep_headless(svc))
		json_object_set_new(l, EP_HEADLESS_LABEL, json_string(""));
	else
		json_object_del(l, EP_HEADLESS_LABEL);
	return l;
}

/* Current labels but the headless one, against the service's own. */
static bool labels_current(const json_t *cur, const json_t *svc)
{
	json_t *a = json_is_object(jx_get(cur, "metadata.labels"))
			? json_deep_copy(jx_get(cur, "metadata.labels"))
			: json_object();
	json_t *b = jx_get(svc, "metadata.labels");
	bool same;

	json_object_del(a, EP_HEADLESS_LABEL);
	same = json_is_object(b) ? json_equal(a, b) : !json_object_size(a);
	json_decref(a);
	return same;
}

static json_t *empty_if_null(json_t *v)
{
	return v ? v : json_array();
}

static bool subsets_equal(const json_t *cur, const json_t *want)
{
	json_t *a = empty_if_null(json_incref(jx_get(cur, "subsets")));
	bool eq = json_equal(a, want);

	json_decref(a);
	return eq;
}

static json_t *build_endpoints(const json_t *svc, const json_t *cur, json_t *subsets,
			       const char *trigger)
{
	json_t *ep = cur ? json_deep_copy(cur)
			 : json_pack("{s:s, s:s, s:{s:s?, s:s?}}", "apiVersion", "v1", "kind",
				     "Endpoints", "metadata", "name", jx_str(svc, "metadata.name"),
				     "namespace", jx_str(svc, "metadata.namespace"));
	json_t *ann = jx_obj(ep, "metadata.annotations");

	if (trigger)
		json_object_set_new(ann, EP_TRIGGER_ANNOTATION, json_string(trigger));
	else
		json_object_del(ann, EP_TRIGGER_ANNOTATION);
	if (!json_object_size(ann))
		jx_del(ep, "metadata.annotations");
	jx_set(ep, "metadata.labels", wanted_labels(svc));
	if (!json_object_size(jx_get(ep, "metadata.labels")))
		jx_del(ep, "metadata.labels");
	if (json_array_size(subsets))
		json_object_set(ep, "subsets", subsets);
	else
		json_object_del(ep, "subsets");
	return ep;
}

/* A failed write (a conflict on a stale cache, say) must not use up the trigger time the
 * tracker has just taken in: forget the service's history so the retry reports it again. */
static bool written(void *arg, int code, json_t *body, const char *err)
{
	char *key = arg;
	bool ok = code >= 200 && code < 300;

	(void)body, (void)err;
	if (!ok)
		ep_tt_forget(E.tt, key);
	free(key);
	return ok;
}

static void write_endpoints(struct ctrl_op *op, const char *key, const json_t *svc,
			    const json_t *cur, json_t *subsets, const char *trigger)
{
	const char *ns = jx_str(svc, "metadata.namespace"), *name = jx_str(svc, "metadata.name");
	json_t *ep = build_endpoints(svc, cur, subsets, trigger);
	char *path = cur ? xasprintf("/api/v1/namespaces/%s/endpoints/%s", ns, name)
			 : xasprintf("/api/v1/namespaces/%s/endpoints", ns);

	ctrl_op_request(op, E.kc, cur ? "PUT" : "POST", path, NULL, ep, written, xstrdup(key));
	free(path);
	json_decref(ep);
}

static void sync_service(struct ctrl_op *op, const char *key, const json_t *svc, const json_t *cur)
{
	struct lsel *sel = ep_selector(svc);
	const json_t **pods = NULL;
	size_t n;
	json_t *subsets;
	char trigger[40];
	bool has_trigger;

	if (!sel)
		return; /* without a selector the endpoints belong to someone else */
	n = ep_selected_pods(E.pods, svc, sel, &pods);
	has_trigger = ep_tt_compute(E.tt, key, svc, pods, n, trigger);
	subsets = ep_subsets(svc, pods, n);
	if (!cur && jx_get(svc, "metadata.deletionTimestamp"))
		goto out;
	if (cur && subsets_equal(cur, subsets) && labels_current(cur, svc))
		goto out;
	write_endpoints(op, key, svc, cur, subsets, has_trigger ? trigger : NULL);
out:
	json_decref(subsets);
	free(pods);
	lsel_free(sel);
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(E.q, key);
	const json_t *svc = inf_get(E.svcs, key), *cur = inf_get(E.eps, key);
	const char *type = jx_str(svc, "spec.type");

	(void)arg;
	if (!svc) {
		ep_tt_forget(E.tt, key);
		if (cur) {
			char *path = xasprintf("/api/v1/namespaces/%s/endpoints/%s",
					       jx_str(cur, "metadata.namespace"),
					       jx_str(cur, "metadata.name"));
			ctrl_op_delete(op, E.kc, path, NULL);
			free(path);
		}
	} else if (!(type && !strcmp(type, "ExternalName")) && strcmp(key, "default/kubernetes")) {
		sync_service(op, key, svc, cur);
	}
	return ctrl_op_finish(op);
}

static void eps_deleted(void *arg, const json_t *ep)
{
	(void)arg;
	if (E.q)
		ctrl_enqueue(E.q, ep);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_add, pod_update, pod_add, NULL};
	struct inf_handler sh = {svc_add, svc_update, svc_add, NULL};
	struct inf_handler eh = {NULL, NULL, eps_deleted, NULL};

	(void)err;
	(void)errlen;
	E.cm = cm;
	E.kc = cm_client(cm, "endpoint-controller");
	E.svcs = inf_factory_get(cm->inf, "/api/v1/services", NULL, NULL);
	E.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	E.eps = inf_factory_get(cm->inf, "/api/v1/endpoints", NULL, NULL);
	E.tt = ep_tt_new();
	inf_add_handler(E.pods, &ph);
	inf_add_handler(E.svcs, &sh);
	inf_add_handler(E.eps, &eh);
	return 0;
}

static void run(struct cm *cm)
{
	E.q = wq_new(cm->base, "endpoint", cm->o->endpoint_syncs, sync, NULL);
	ctrl_enqueue_all(E.svcs, E.q);
}

const struct cm_controller cm_endpoints_controller = {
    .name = "endpoint",
    .init = init,
    .run = run,
};
