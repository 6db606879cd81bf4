#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "log.h"

#define LIST_PAGE 500
/* A back-off is forgotten after this long without failures (upstream's reset duration). */
#define BACKOFF_RESET_SECS 120
/* Watches are asked to end after 5-10 minutes so load spreads over API servers. */
#define WATCH_TIMEOUT_MIN 300

struct item {
	char *key;
	json_t *obj;
};

struct bucket {
	char *value;
	struct hmap keys; /* item key -> struct item */
};

struct index {
	char *name;
	inf_index_fn fn;
	struct hmap buckets; /* value -> struct bucket */
};

struct inf_values {
	char **v;
	int n, cap;
};

struct inf_factory;

struct inf {
	struct kc *kc;
	char *path, *lsel, *fsel;
	int resync_secs;
	struct hmap items; /* key -> struct item */
	struct index *idx;
	int nidx;
	struct inf_handler *h;
	int nh;
	bool started, synced;
	char *rv;
	struct kc_req *req; /* the list page or watch in flight */
	struct hmap fresh;  /* a relist's pages so far: key -> struct item */
	char *cont;	    /* continue token of the next page */
	struct event *retry_ev, *resync_ev;
	long backoff_ms, backoff_init, backoff_max;
	time_t last_fail;
	struct inf_factory *factory;
};

static void start_list(struct inf *inf);

/* --- index values and indexes --- */

void inf_values_add(struct inf_values *v, const char *value)
{
	if (!value)
		return;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->v = xrealloc(v->v, sizeof(*v->v) * (size_t)v->cap);
	}
	v->v[v->n++] = xstrdup(value);
}

static void values_free(struct inf_values *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
}

static void index_namespace(const json_t *obj, struct inf_values *out)
{
	inf_values_add(out, jx_str(obj, "metadata.namespace"));
}

static void index_item(struct index *x, struct item *it, bool add)
{
	struct inf_values v = {0};

	x->fn(it->obj, &v);
	for (int i = 0; i < v.n; i++) {
		struct bucket *b = hmap_get(&x->buckets, v.v[i]);
		if (add) {
			if (!b) {
				b = xcalloc(1, sizeof(*b));
				b->value = xstrdup(v.v[i]);
				hmap_put(&x->buckets, b->value, b);
			}
			hmap_put(&b->keys, it->key, it);
		} else if (b) {
			hmap_del(&b->keys, it->key);
			if (!b->keys.count) {
				hmap_del(&x->buckets, b->value);
				hmap_clear(&b->keys);
				free(b->value);
				free(b);
			}
		}
	}
	values_free(&v);
}

static void index_all(struct inf *inf, struct item *it, bool add)
{
	for (int i = 0; i < inf->nidx; i++)
		index_item(&inf->idx[i], it, add);
}

static void index_free(struct index *x)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&x->buckets, i, &k, &v));) {
		struct bucket *b = v;
		hmap_clear(&b->keys);
		free(b->value);
		free(b);
	}
	hmap_clear(&x->buckets);
	free(x->name);
}

void inf_index_node_name(const json_t *pod, struct inf_values *out)
{
	const char *n = jx_str(pod, "spec.nodeName");

	if (n && *n)
		inf_values_add(out, n);
}

void inf_add_index(struct inf *inf, const char *name, inf_index_fn fn)
{
	struct index *x;
	const char *k;
	void *v;

	for (int i = 0; i < inf->nidx; i++)
		if (!strcmp(inf->idx[i].name, name))
			return;
	inf->idx = xrealloc(inf->idx, sizeof(*inf->idx) * (size_t)(inf->nidx + 1));
	x = &inf->idx[inf->nidx++];
	memset(x, 0, sizeof(*x));
	x->name = xstrdup(name);
	x->fn = fn;
	for (size_t i = 0; (i = hmap_next(&inf->items, i, &k, &v));)
		index_item(x, v, true);
}

/* --- the cache --- */

char *inf_key(const json_t *obj)
{
	const char *ns = jx_str(obj, "metadata.namespace"), *name = jx_str(obj, "metadata.name");

	if (!name)
		return NULL;
	return ns && *ns ? xasprintf("%s/%s", ns, name) : xstrdup(name);
}

static void item_free(struct item *it)
{
	json_decref(it->obj);
	free(it->key);
	free(it);
}

static void notify(struct inf *inf, const json_t *old, const json_t *obj)
{
	for (int i = 0; i < inf->nh; i++) {
		struct inf_handler h = inf->h[i];
		if (old && obj && h.on_update)
			h.on_update(h.arg, old, obj);
		else if (obj && !old && h.on_add)
			h.on_add(h.arg, obj);
		else if (old && !obj && h.on_delete)
			h.on_delete(h.arg, old);
	}
}

static void cache_upsert(struct inf *inf, json_t *obj)
{
	char *key = inf_key(obj);
	struct item *it;
	json_t *old;

	if (!key)
		return;
	it = hmap_get(&inf->items, key);
	if (!it) {
		it = xcalloc(1, sizeof(*it));
		it->key = key;
		it->obj = json_incref(obj);
		hmap_put(&inf->items, it->key, it);
		index_all(inf, it, true);
		notify(inf, NULL, obj);
		return;
	}
	free(key);
	index_all(inf, it, false);
	old = it->obj;
	it->obj = json_incref(obj);
	index_all(inf, it, true);
	notify(inf, old, obj);
	json_decref(old);
}

/* final is what the handlers see deleted (the watch's last state), NULL: the cached one. */
static void cache_delete(struct inf *inf, const char *key, json_t *final)
{
	struct item *it = hmap_del(&inf->items, key);

	if (!it)
		return;
	index_all(inf, it, false);
	notify(inf, final ? final : it->obj, NULL);
	item_free(it);
}

/* A relist's result replaces the cache; handlers hear only of differences. */
static void cache_replace(struct inf *inf)
{
	const char *k;
	void *v;
	char **gone = NULL;
	size_t ngone = 0;

	for (size_t i = 0; (i = hmap_next(&inf->items, i, &k, &v));)
		if (!hmap_get(&inf->fresh, k)) {
			gone = xrealloc(gone, sizeof(*gone) * (ngone + 1));
			gone[ngone++] = xstrdup(k);
		}
	for (size_t i = 0; i < ngone; i++) {
		cache_delete(inf, gone[i], NULL);
		free(gone[i]);
	}
	free(gone);
	for (size_t i = 0; (i = hmap_next(&inf->fresh, i, &k, &v));) {
		struct item *nw = v, *cur = hmap_get(&inf->items, k);
		const char *a = cur ? jx_str(cur->obj, "metadata.resourceVersion") : NULL;
		const char *b = jx_str(nw->obj, "metadata.resourceVersion");
		if (!cur || !a || !b || strcmp(a, b))
			cache_upsert(inf, nw->obj);
	}
}

static void fresh_clear(struct inf *inf)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&inf->fresh, i, &k, &v));)
		item_free(v);
	hmap_clear(&inf->fresh);
	free(inf->cont);
	inf->cont = NULL;
}

/* --- list and watch --- */

static void set_rv(struct inf *inf, const char *rv)
{
	if (!rv || !*rv)
		return;
	free(inf->rv);
	inf->rv = xstrdup(rv);
}

static char *request_path(const struct inf *inf, const char *query)
{
	char *l = inf->lsel ? kc_escape(inf->lsel) : NULL,
	     *f = inf->fsel ? kc_escape(inf->fsel) : NULL;
	char *p = xasprintf("%s?%s%s%s%s%s", inf->path, query, l ? "&labelSelector=" : "",
			    l ? l : "", f ? "&fieldSelector=" : "", f ? f : "");

	free(l);
	free(f);
	return p;
}

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	start_list(arg);
}

static void relist_later(struct inf *inf, const char *why)
{
	time_t now = time(NULL);
	struct timeval tv;

	if (!inf->backoff_ms || now - inf->last_fail > BACKOFF_RESET_SECS)
		inf->backoff_ms = inf->backoff_init;
	else if ((inf->backoff_ms *= 2) > inf->backoff_max)
		inf->backoff_ms = inf->backoff_max;
	inf->last_fail = now;
	log_warn("informer %s: %s; listing again in %ld ms", inf->path, why, inf->backoff_ms);
	tv.tv_sec = inf->backoff_ms / 1000;
	tv.tv_usec = (inf->backoff_ms % 1000) * 1000;
	evtimer_add(inf->retry_ev, &tv);
}

static void start_watch(struct inf *inf);

/* No daemon reads managedFields, and they are often a third of an object: dropped before
 * caching, as upstream's scheduler and controller-manager do with their informers' transform.
 * An update sent without them keeps the stored ones. */
static void trim(json_t *obj)
{
	json_object_del(json_object_get(obj, "metadata"), "managedFields");
}

static void watch_event(void *arg, const char *type, json_t *obj)
{
	struct inf *inf = arg;
	char buf[160];

	if (!strcmp(type, "ERROR")) {
		snprintf(buf, sizeof(buf), "watch error %d: %.100s", (int)jx_int(obj, "code", 0),
			 jx_str(obj, "message") ? jx_str(obj, "message") : "");
		kc_cancel(inf->req);
		inf->req = NULL;
		relist_later(inf, buf);
		return;
	}
	trim(obj);
	if (!strcmp(type, "ADDED") || !strcmp(type, "MODIFIED")) {
		cache_upsert(inf, obj);
	} else if (!strcmp(type, "DELETED")) {
		char *key = inf_key(obj);
		if (key)
			cache_delete(inf, key, obj);
		free(key);
	} else if (strcmp(type, "BOOKMARK")) {
		log_warn("informer %s: unknown watch event type %s", inf->path, type);
		return;
	}
	set_rv(inf, jx_str(obj, "metadata.resourceVersion"));
}

static void watch_end(void *arg, int code, json_t *status, const char *err)
{
	struct inf *inf = arg;
	char buf[160];

	(void)status;
	inf->req = NULL;
	if (code == 200 && !err) {
		start_watch(inf); /* the server's timeout: carry on from where we are */
		return;
	}
	snprintf(buf, sizeof(buf), "watch ended (%d): %.100s", code, err ? err : "");
	relist_later(inf, buf);
}

static void start_watch(struct inf *inf)
{
	char *rv = kc_escape(inf->rv ? inf->rv : "");
	char *q =
	    xasprintf("watch=true&allowWatchBookmarks=true&resourceVersion=%s&timeoutSeconds=%d",
		      rv, WATCH_TIMEOUT_MIN + rand() % WATCH_TIMEOUT_MIN);
	char *p = request_path(inf, q);

	inf->req = kc_watch(inf->kc, p, watch_event, watch_end, inf);
	free(p);
	free(q);
	free(rv);
}

static void factory_check(struct inf_factory *f);

static void list_finish(struct inf *inf, const char *rv)
{
	bool first = !inf->synced;
	struct timeval tv = {inf->resync_secs, 0};

	cache_replace(inf);
	fresh_clear(inf);
	set_rv(inf, rv);
	inf->synced = true;
	if (first && inf->resync_secs > 0)
		evtimer_add(inf->resync_ev, &tv);
	if (first && inf->factory)
		factory_check(inf->factory);
	start_watch(inf);
}

/* A list item lacks kind and apiVersion; give it the list's, as watch events carry them. */
static void fill_type(json_t *item, const json_t *list)
{
	const char *lk = jx_str(list, "kind"), *av = jx_str(list, "apiVersion");
	size_t n = lk ? strlen(lk) : 0;

	if (!json_object_get(item, "kind") && n > 4 && !strcmp(lk + n - 4, "List")) {
		json_t *k = json_stringn(lk, n - 4);
		json_object_set_new(item, "kind", k);
	}
	if (!json_object_get(item, "apiVersion") && av)
		json_object_set_new(item, "apiVersion", json_string(av));
}

static void list_done(void *arg, int code, json_t *body, const char *err)
{
	struct inf *inf = arg;
	json_t *items = json_object_get(body, "items"), *e;
	const char *cont = jx_str(body, "metadata.continue");
	char buf[160];
	size_t i;

	inf->req = NULL;
	if (code != 200 || !json_is_array(items)) {
		snprintf(buf, sizeof(buf), "list failed (%d): %.100s", code,
			 err ? err : "no items");
		fresh_clear(inf);
		relist_later(inf, buf);
		return;
	}
	json_array_foreach(items, i, e)
	{
		struct item *it = xcalloc(1, sizeof(*it));
		fill_type(e, body);
		trim(e);
		it->key = inf_key(e);
		it->obj = json_incref(e);
		if (!it->key || hmap_get(&inf->fresh, it->key)) {
			item_free(it);
			continue;
		}
		hmap_put(&inf->fresh, it->key, it);
	}
	free(inf->cont);
	inf->cont = cont && *cont ? xstrdup(cont) : NULL;
	if (inf->cont)
		start_list(inf);
	else
		list_finish(inf, jx_str(body, "metadata.resourceVersion"));
}

static void start_list(struct inf *inf)
{
	char *c = inf->cont ? kc_escape(inf->cont) : NULL;
	char *q =
	    c ? xasprintf("limit=%d&continue=%s", LIST_PAGE, c) : xasprintf("limit=%d", LIST_PAGE);
	char *p = request_path(inf, q);

	inf->req = kc_get(inf->kc, p, list_done, inf);
	free(p);
	free(q);
	free(c);
}

static void resync_cb(evutil_socket_t fd, short what, void *arg)
{
	struct inf *inf = arg;
	const json_t **all;
	size_t n = inf_list(inf, &all);

	(void)fd;
	(void)what;
	for (size_t i = 0; i < n; i++)
		json_incref((json_t *)all[i]);
	for (size_t i = 0; i < n; i++) {
		notify(inf, all[i], all[i]);
		json_decref((json_t *)all[i]);
	}
	free(all);
}

/* --- the informer --- */

struct inf *inf_new(struct kc *kc, const char *path, const char *label_selector,
		    const char *field_selector, int resync_secs)
{
	struct inf *inf = xcalloc(1, sizeof(*inf));

	inf->kc = kc;
	inf->path = xstrdup(path);
	inf->lsel = label_selector && *label_selector ? xstrdup(label_selector) : NULL;
	inf->fsel = field_selector && *field_selector ? xstrdup(field_selector) : NULL;
	inf->resync_secs = resync_secs;
	inf->backoff_init = 800;
	inf->backoff_max = 30000;
	inf->retry_ev = evtimer_new(kc_base(kc), retry_cb, inf);
	inf->resync_ev = event_new(kc_base(kc), -1, EV_PERSIST, resync_cb, inf);
	inf_add_index(inf, INF_INDEX_NAMESPACE, index_namespace);
	return inf;
}

void inf_free(struct inf *inf)
{
	const char *k;
	void *v;

	if (!inf)
		return;
	kc_cancel(inf->req);
	event_free(inf->retry_ev);
	event_free(inf->resync_ev);
	fresh_clear(inf);
	for (int i = 0; i < inf->nidx; i++)
		index_free(&inf->idx[i]);
	free(inf->idx);
	for (size_t i = 0; (i = hmap_next(&inf->items, i, &k, &v));)
		item_free(v);
	hmap_clear(&inf->items);
	free(inf->h);
	free(inf->path);
	free(inf->lsel);
	free(inf->fsel);
	free(inf->rv);
	free(inf);
}

void inf_start(struct inf *inf)
{
	if (inf->started)
		return;
	inf->started = true;
	start_list(inf);
}

bool inf_synced(const struct inf *inf)
{
	return inf->synced;
}

void inf_add_handler(struct inf *inf, const struct inf_handler *h)
{
	const json_t **all;
	size_t n;

	inf->h = xrealloc(inf->h, sizeof(*inf->h) * (size_t)(inf->nh + 1));
	inf->h[inf->nh++] = *h;
	if (!inf->synced || !h->on_add)
		return;
	n = inf_list(inf, &all);
	for (size_t i = 0; i < n; i++)
		h->on_add(h->arg, all[i]);
	free(all);
}

void inf_set_backoff(struct inf *inf, long initial_ms, long max_ms)
{
	inf->backoff_init = initial_ms;
	inf->backoff_max = max_ms;
	inf->backoff_ms = 0;
}

const char *inf_path(const struct inf *inf)
{
	return inf->path;
}

const char *inf_resource_version(const struct inf *inf)
{
	return inf->rv;
}

const json_t *inf_get(const struct inf *inf, const char *key)
{
	struct item *it = hmap_get(&inf->items, key);

	return it ? it->obj : NULL;
}

const json_t *inf_get_ns(const struct inf *inf, const char *ns, const char *name)
{
	char *key = ns && *ns ? xasprintf("%s/%s", ns, name) : xstrdup(name);
	const json_t *o = inf_get(inf, key);

	free(key);
	return o;
}

size_t inf_count(const struct inf *inf)
{
	return inf->items.count;
}

static size_t collect(const struct hmap *m, const json_t ***out)
{
	const json_t **all = xmalloc(sizeof(*all) * (m->count + 1));
	const char *k;
	void *v;
	size_t n = 0;

	for (size_t i = 0; (i = hmap_next(m, i, &k, &v));)
		all[n++] = ((struct item *)v)->obj;
	*out = all;
	return n;
}

size_t inf_list(const struct inf *inf, const json_t ***out)
{
	return collect(&inf->items, out);
}

size_t inf_by_index(const struct inf *inf, const char *index, const char *value,
		    const json_t ***out)
{
	static const struct hmap empty;

	for (int i = 0; i < inf->nidx; i++) {
		if (!strcmp(inf->idx[i].name, index)) {
			struct bucket *b = hmap_get(&inf->idx[i].buckets, value);
			return collect(b ? &b->keys : &empty, out);
		}
	}
	return collect(&empty, out);
}

/* --- the shared factory --- */

struct synced_cb {
	void (*fn)(void *arg);
	void *arg;
};

struct inf_factory {
	struct kc *kc;
	int resync_secs;
	struct hmap by_id; /* "path?l=..&f=.." -> struct inf */
	char **ids;
	size_t n;
	struct synced_cb *cbs;
	size_t ncbs;
};

struct inf_factory *inf_factory_new(struct kc *kc, int resync_secs)
{
	struct inf_factory *f = xcalloc(1, sizeof(*f));

	f->kc = kc;
	f->resync_secs = resync_secs;
	return f;
}

struct inf *inf_factory_get(struct inf_factory *f, const char *path, const char *label_selector,
			    const char *field_selector)
{
	char *id = xasprintf("%s?l=%s&f=%s", path, label_selector ? label_selector : "",
			     field_selector ? field_selector : "");
	struct inf *inf = hmap_get(&f->by_id, id);

	if (inf) {
		free(id);
		return inf;
	}
	inf = inf_new(f->kc, path, label_selector, field_selector, f->resync_secs);
	inf->factory = f;
	f->ids = xrealloc(f->ids, sizeof(*f->ids) * (f->n + 1));
	f->ids[f->n++] = id;
	hmap_put(&f->by_id, id, inf);
	return inf;
}

void inf_factory_start(struct inf_factory *f)
{
	for (size_t i = 0; i < f->n; i++)
		inf_start(hmap_get(&f->by_id, f->ids[i]));
}

bool inf_factory_synced(const struct inf_factory *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (!inf_synced(hmap_get(&f->by_id, f->ids[i])))
			return false;
	}
	return true;
}

static void factory_check(struct inf_factory *f)
{
	struct synced_cb *cbs = f->cbs;
	size_t n = f->ncbs;

	if (!n || !inf_factory_synced(f))
		return;
	f->cbs = NULL;
	f->ncbs = 0;
	for (size_t i = 0; i < n; i++)
		cbs[i].fn(cbs[i].arg);
	free(cbs);
}

void inf_factory_on_synced(struct inf_factory *f, void (*fn)(void *arg), void *arg)
{
	f->cbs = xrealloc(f->cbs, sizeof(*f->cbs) * (f->ncbs + 1));
	f->cbs[f->ncbs++] = (struct synced_cb){fn, arg};
	factory_check(f);
}

void inf_factory_free(struct inf_factory *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		inf_free(hmap_get(&f->by_id, f->ids[i]));
		free(f->ids[i]);
	}
	hmap_clear(&f->by_id);
	free(f->ids);
	free(f->cbs);
	free(f);
}
