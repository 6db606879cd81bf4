/* converge: how fast the control plane brings pods to a state. The informer (libkube's, as
 * the daemons use) sees each pod's first moment bound or Ready; the clock is the client's,
 * so the numbers include the watch's delivery, as a user would see them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "kbench.h"
#include "kubeconfig.h"
#include "log.h"
#include "pod.h"

struct conv {
	const struct kb_opts *o;
	struct event_base *base;
	struct kc *kc;
	struct inf_factory *f;
	struct hmap seen; /* pod key -> itself: reached the state */
	long n;
	double t0, t_created, t_first, t_last;
	bool ready; /* until ready, not bound */
	int rc;
	struct event *timeout;
};

static void check(struct conv *c, const json_t *pod)
{
	char *key;
	double now;

	if (c->ready ? !pod_ready(pod) : !jx_str(pod, "spec.nodeName"))
		return;
	key = inf_key(pod);
	if (!key || hmap_get(&c->seen, key)) {
		free(key);
		return;
	}
	hmap_put(&c->seen, key, key);
	now = kb_now();
	if (!c->n++)
		c->t_first = now;
	c->t_last = now;
	if (c->n >= c->o->count)
		event_base_loopbreak(c->base);
}

static void on_add(void *arg, const json_t *obj)
{
	check(arg, obj);
}

static void on_update(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	check(arg, obj);
}

static void created(void *arg, int code, json_t *body, const char *err)
{
	struct conv *c = arg;

	(void)body;
	if (code < 200 || code >= 300) {
		fprintf(stderr, "kbench: create failed (%d): %s\n", code, err ? err : "");
		c->rc = 1;
		event_base_loopbreak(c->base);
	}
}

static void synced(void *arg)
{
	struct conv *c = arg;
	json_t *obj;
	json_error_t jerr;

	if (!c->o->create)
		return;
	obj = json_load_file(c->o->create, 0, &jerr);
	if (!obj || !c->o->create_path) {
		fprintf(stderr, "kbench: --create needs a JSON file and --create-path\n");
		c->rc = 2;
		event_base_loopbreak(c->base);
		json_decref(obj);
		return;
	}
	c->t_created = kb_now();
	kc_create(c->kc, c->o->create_path, obj, created, c);
	json_decref(obj);
}

static void timed_out(evutil_socket_t fd, short what, void *arg)
{
	struct conv *c = arg;

	(void)fd, (void)what;
	fprintf(stderr, "kbench: converge timed out with %ld of %ld pods\n", c->n, c->o->count);
	c->rc = 1;
	event_base_loopbreak(c->base);
}

int kb_converge_run(const struct kb_opts *o)
{
	struct conv c = {.o = o, .ready = o->until && !strcmp(o->until, "ready")};
	struct kcfg cfg = {.server = (char *)o->server, .ca.file = (char *)o->ca,
			   .cert.file = (char *)o->cert, .key.file = (char *)o->key};
	struct inf_handler h = {on_add, on_update, NULL, &c};
	struct timeval limit = {o->duration > 0 ? (long)o->duration : 600, 0};
	char *path = xasprintf("/api/v1/namespaces/%s/pods", o->ns);
	const char *k;
	void *v;

	c.base = event_base_new();
	c.kc = kc_new(c.base, &cfg, "kbench");
	kc_set_rate(c.kc, 0, 0);
	hmap_init(&c.seen);
	c.f = inf_factory_new(c.kc, 0);
	inf_add_handler(inf_factory_get(c.f, path, NULL, NULL), &h);
	c.timeout = evtimer_new(c.base, timed_out, &c);
	evtimer_add(c.timeout, &limit);
	c.t0 = kb_now();
	inf_factory_start(c.f);
	inf_factory_on_synced(c.f, synced, &c);
	event_base_dispatch(c.base);
	printf("converge until=%s ok=%ld first_s=%.3f last_s=%.3f from_create_s=%.3f rate=%.1f\n",
	       c.ready ? "ready" : "bound", c.n, c.n ? c.t_first - c.t0 : 0,
	       c.n ? c.t_last - c.t0 : 0, c.t_created && c.n ? c.t_last - c.t_created : 0,
	       c.n > 1 && c.t_last > c.t_first ? (c.n - 1) / (c.t_last - c.t_first) : 0);
	for (size_t i = 0; (i = hmap_next(&c.seen, i, &k, &v));)
		free(v);
	hmap_clear(&c.seen);
	event_free(c.timeout);
	inf_factory_free(c.f);
	kc_free(c.kc);
	event_base_free(c.base);
	free(path);
	return c.rc || c.n < o->count;
}
