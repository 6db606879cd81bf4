#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "kbench.h"
#include "log.h"

char *kb_pod_json(const struct kb_opts *o, long i)
{
	return xasprintf(
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s-%ld\","
	    "\"labels\":{\"app\":\"kbench\"}},\"spec\":{\"containers\":[{\"name\":"
	    "\"c\",\"image\":\"registry.k8s.io/pause:3.9\"}]}}",
	    o->prefix, i);
}

/* The value etcd workloads store: the pod, grown by an annotation to o->pad bytes when asked,
 * so etcd can be given objects the size the apiserver writes. */
static char *etcd_value(const struct kb_opts *o, long i)
{
	char *pod = kb_pod_json(o, i), *out;
	/* "metadata":{ gains "annotations":{"pad":""}, = 25 bytes plus the padding. */
	long fill = o->pad - (long)strlen(pod) - 25;
	const char *meta = "\"metadata\":{";
	char *at = strstr(pod, meta);

	if (fill <= 0 || !at)
		return pod;
	at += strlen(meta);
	out = xasprintf("%.*s\"annotations\":{\"pad\":\"%0*d\"},%s", (int)(at - pod), pod,
			(int)fill, 0, at);
	free(pod);
	return out;
}

static char *b64(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n);
	return out;
}

static void set_body(struct kb_call *c, char *body)
{
	c->body = body;
	c->len = strlen(body);
}

static void build_create_pod(const struct kb_opts *o, long i, struct kb_call *c)
{
	c->method = "POST";
	c->url = xasprintf("%s/api/v1/namespaces/%s/pods", o->server, o->ns);
	set_body(c, kb_pod_json(o, i));
}

static void build_create_configmap(const struct kb_opts *o, long i, struct kb_call *c)
{
	c->method = "POST";
	c->url = xasprintf("%s/api/v1/namespaces/%s/configmaps", o->server, o->ns);
	set_body(c, xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
			      "\"name\":\"%s-%ld\"},\"data\":{\"key\":\"value-%ld\"}}",
			      o->prefix, i, i));
}

static char *etcd_key(const struct kb_opts *o, long i)
{
	char *k = xasprintf("/kbench/%s/%s-%ld", o->ns, o->prefix, i);
	char *e = b64(k);

	free(k);
	return e;
}

/* The same bytes the apiserver is sent, under a key of the same shape as its own. */
static void build_etcd_put(const struct kb_opts *o, long i, struct kb_call *c)
{
	char *key = etcd_key(o, i), *pod = etcd_value(o, i), *val = b64(pod);

	c->method = "POST";
	c->url = xasprintf("%s/v3/kv/put", o->etcd);
	set_body(c, xasprintf("{\"key\":\"%s\",\"value\":\"%s\"}", key, val));
	free(key);
	free(pod);
	free(val);
}

/* What the apiserver sends etcd for a create: put only if the key does not exist yet. */
static void build_etcd_txn(const struct kb_opts *o, long i, struct kb_call *c)
{
	char *key = etcd_key(o, i), *pod = etcd_value(o, i), *val = b64(pod);

	c->method = "POST";
	c->url = xasprintf("%s/v3/kv/txn", o->etcd);
	set_body(c, xasprintf("{\"compare\":[{\"key\":\"%s\",\"target\":\"MOD\",\"result\":"
			      "\"EQUAL\",\"mod_revision\":0}],\"success\":[{\"request_put\":{"
			      "\"key\":\"%s\",\"value\":\"%s\"}}],\"failure\":[{"
			      "\"request_range\":{\"key\":\"%s\"}}]}",
			      key, key, val, key));
	free(key);
	free(pod);
	free(val);
}

static void build_get_pod(const struct kb_opts *o, long i, struct kb_call *c)
{
	c->method = "GET";
	c->url = xasprintf("%s/api/v1/namespaces/%s/pods/%s-%ld", o->server, o->ns, o->prefix,
			   i % (o->objects > 0 ? o->objects : 1));
}

static void build_etcd_get(const struct kb_opts *o, long i, struct kb_call *c)
{
	char *key = etcd_key(o, i % (o->objects > 0 ? o->objects : 1));

	c->method = "POST";
	c->url = xasprintf("%s/v3/kv/range", o->etcd);
	set_body(c, xasprintf("{\"key\":\"%s\"}", key));
	free(key);
}

static void build_list_pods(const struct kb_opts *o, long i, struct kb_call *c)
{
	(void)i;
	c->method = "GET";
	c->url =
	    xasprintf("%s/api/v1/namespaces/%s/pods%s", o->server, o->ns, o->query ? o->query : "");
}

static const struct kb_workload workloads[] = {
    {"create-pods", 0, build_create_pod}, {"create-configmaps", 0, build_create_configmap},
    {"etcd-put", 1, build_etcd_put},	  {"etcd-txn", 1, build_etcd_txn},
    {"get-pod", 0, build_get_pod},	  {"etcd-get", 1, build_etcd_get},
    {"list-pods", 0, build_list_pods},
};

const struct kb_workload *kb_workload_find(const char *name)
{
	for (size_t i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}

struct httpc *kb_http_new(struct event_base *base, const struct kb_opts *o, int to_etcd)
{
	struct httpc_tls tls = {.ca_file = o->ca, .cert_file = o->cert, .key_file = o->key};

	return httpc_new(base, to_etcd ? NULL : &tls);
}
