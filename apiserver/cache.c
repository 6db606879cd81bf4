/* The watch cache: every object of one resource in memory, as served bytes, kept current by
 * one etcd watch, with a history of recent events so watches can resume where they left. */
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "selector.h"

#define HISTORY_REVS 10000 /* how far back a fresh cache replays etcd history */
#define RING_CAP     65536 /* events kept for resuming watches */
#define LIST_PAGE    5000
#define WAIT_TIMEOUT 5

struct waiter {
	int64_t rev;
	void (*fn)(void *);
	void *arg;
	struct event *timer;
	struct cache *c;
	struct waiter *next;
};

struct wslot {
	struct watcher *w;
	cache_event_fn fn;
};

struct cache {
	struct apiserver *as;
	const struct kind *k;
	char *prefix;
	size_t prefix_len;
	struct hmap map;
	struct centry **sorted;
	size_t nsorted;
	bool dirty;
	int64_t rev;	    /* every event up to here is applied */
	int64_t list_rev;   /* the initial list's revision */
	int64_t hist_start; /* the history holds every event after this */
	int64_t seen_rev;   /* the watch has delivered every event up to here */
	int64_t fence;
	struct cevent *ring;
	size_t ring_head, ring_len;
	struct etcd_watch *ew;
	bool ew_prev; /* ew asks for prev_kv: it is replaying history from before the list */
	struct event *retry;
	bool ready;
	char *list_from;
	struct wslot *ws;
	size_t nws, capws;
	int delivering;
	struct waiter *waiters;
};

static struct cache **by_kind;

struct cache *cache_of(const struct kind *k)
{
	return by_kind[k - kinds];
}

const struct kind *cache_kind(const struct cache *c)
{
	return c->k;
}

const char *cache_prefix(const struct cache *c)
{
	return c->prefix;
}

bool cache_ready(const struct cache *c)
{
	return c->ready;
}

int64_t cache_rev(const struct cache *c)
{
	return c->rev;
}

size_t cache_count(const struct cache *c)
{
	return c->map.count;
}

struct centry *centry_ref(struct centry *e)
{
	if (e)
		e->refs++;
	return e;
}

void centry_unref(struct centry *e)
{
	if (!e || --e->refs > 0)
		return;
	free(e->key);
	free(e->json);
	free(e->attrs);
	free(e);
}

/* Value of a field selector path, as upstream renders it for matching. */
static void field_value(const json_t *obj, const char *path, char *buf, size_t n)
{
	json_t *v;

	if (!strcmp(path, "source"))
		path = "source.component";
	else if (!strcmp(path, "status.podIPs"))
		path = "status.podIP";
	v = jx_get(obj, path);
	if (json_is_string(v))
		snprintf(buf, n, "%s", json_string_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, n, "%s", json_is_true(v) ? "true" : "false");
	else if (json_is_integer(v))
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
	else if (!strcmp(path, "spec.unschedulable") || !strcmp(path, "spec.hostNetwork"))
		snprintf(buf, n, "false");
	else
		buf[0] = 0;
}

/* Pack labels then field values: "k\0v\0...k\0v\0" followed by one string per field. */
static void pack_attrs(struct centry *e, const struct kind *k, const json_t *obj)
{
	json_t *labels = jx_get(obj, "metadata.labels"), *v;
	const char *key;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	e->nlabels = 0;
	json_object_foreach(labels, key, v)
	{
		if (!json_is_string(v))
			continue;
		fwrite(key, 1, strlen(key) + 1, f);
		fwrite(json_string_value(v), 1, strlen(json_string_value(v)) + 1, f);
		e->nlabels++;
	}
	for (const char *const *fs = k->field_selectors; fs && *fs; fs++) {
		char val[512];
		field_value(obj, *fs, val, sizeof(val));
		fwrite(val, 1, strlen(val) + 1, f);
	}
	fclose(f);
	e->attrs = buf;
}

const char *centry_label(const struct centry *e, const char *key)
{
	const char *p = e->attrs;

	for (size_t i = 0; i < e->nlabels; i++) {
		const char *v = p + strlen(p) + 1;
		if (!strcmp(p, key))
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

static const char *centry_field(const struct cache *c, const struct centry *e, const char *field)
{
	const char *p = e->attrs;

	if (!strcmp(field, "metadata.name"))
		return e->name;
	if (!strcmp(field, "metadata.namespace"))
		return e->ns;
	for (size_t i = 0; i < e->nlabels; i++) {
		p += strlen(p) + 1;
		p += strlen(p) + 1;
	}
	for (const char *const *fs = c->k->field_selectors; fs && *fs; fs++) {
		if (!strcmp(*fs, field))
			return p;
		p += strlen(p) + 1;
	}
	return "";
}

struct match_ctx {
	const struct cache *c;
	const struct centry *e;
};

static const char *get_label(void *arg, const char *key)
{
	struct match_ctx *m = arg;
	return centry_label(m->e, key);
}

static const char *get_field(void *arg, const char *field)
{
	struct match_ctx *m = arg;
	return centry_field(m->c, m->e, field);
}

bool centry_match(const struct cache *c, const struct centry *e, const struct filter *f)
{
	struct match_ctx m = {c, e};

	if (f->ns && strcmp(f->ns, e->ns))
		return false;
	if (f->name && strcmp(f->name, e->name))
		return false;
	if (f->ls && !lsel_match(f->ls, get_label, &m))
		return false;
	if (f->fs && !fsel_match(f->fs, get_field, &m))
		return false;
	return true;
}

/* Offset just past the '{' of the top-level "metadata" object in JSON text; 0 if none. */
static size_t metadata_open(const char *s, size_t n)
{
	int depth = 0;
	size_t i = 0;

	while (i < n) {
		if (s[i] == '"') {
			size_t start = ++i, j;
			while (i < n && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (i >= n)
				return 0;
			j = ++i;
			if (depth != 1 || i - start - 1 != 8 || memcmp(s + start, "metadata", 8))
				continue;
			while (j < n && strchr(" \t\r\n", s[j]))
				j++;
			if (j < n && s[j] == ':')
				for (j++; j < n && strchr(" \t\r\n", s[j]);)
					j++;
			if (j < n && s[j] == '{' && s[i] != ',')
				return j + 1;
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			depth--;
		i++;
	}
	return 0;
}

/* The served bytes: the stored ones with resourceVersion spliced into metadata, which
 * spares re-serializing every object the watch brings; re-serialized when that can't be. */
static char *served_bytes(json_t *obj, const char *val, size_t len, const char *rv, size_t *out)
{
	size_t at = jx_get(obj, "metadata.resourceVersion") ? 0 : metadata_open(val, len);
	size_t k = at;
	char *buf;

	if (!at) {
		jx_set_str(obj, "metadata.resourceVersion", rv);
		buf = json_dumps(obj, JSON_COMPACT);
		*out = strlen(buf);
		return buf;
	}
	while (k < len && strchr(" \t\r\n", val[k]))
		k++;
	buf = xmalloc(len + strlen(rv) + 32);
	*out = (size_t)sprintf(buf, "%.*s\"resourceVersion\":\"%s\"%s", (int)at, val, rv,
			       k < len && val[k] == '}' ? "" : ",");
	memcpy(buf + *out, val + at, len - at);
	*out += len - at;
	buf[*out] = 0;
	return buf;
}

/* Build an entry from stored bytes, setting resourceVersion to rev. NULL if unparseable. */
static struct centry *centry_new(struct cache *c, const char *key, const char *val, size_t len,
				 int64_t rev)
{
	char full[1024];
	json_t *obj;
	struct centry *e;
	char rv[32];

	snprintf(full, sizeof(full), "%s%s", c->prefix, key);
	obj = reg_stored_object(c->k, full, val, len, NULL);
	const char *slash;

	if (!json_is_object(obj)) {
		log_warn("cache %s: undecodable object at %s%s, skipped", c->k->resource, c->prefix,
			 key);
		json_decref(obj);
		return NULL;
	}
	snprintf(rv, sizeof(rv), "%lld", (long long)rev);
	e = xcalloc(1, sizeof(*e));
	e->refs = 1;
	e->rev = rev;
	/* key is "ns/name" or "name"; ns and name point into one copy "ns\0name". */
	e->key = xmalloc(2 * strlen(key) + 3);
	strcpy(e->key, key);
	slash = strchr(key, '/');
	e->ns = e->key + strlen(key) + 1;
	if (slash) {
		memcpy(e->ns, key, (size_t)(slash - key));
		e->ns[slash - key] = 0;
		e->name = e->ns + (slash - key) + 1;
		strcpy(e->name, slash + 1);
	} else {
		e->ns[0] = 0;
		e->name = e->ns + 1;
		strcpy(e->name, key);
	}
	e->json = served_bytes(obj, val, len, rv, &e->len);
	pack_attrs(e, c->k, obj);
	json_decref(obj);
	return e;
}

struct centry *cache_get(struct cache *c, const char *ns, const char *name)
{
	char key[512];

	if (ns && *ns)
		snprintf(key, sizeof(key), "%s/%s", ns, name);
	else
		snprintf(key, sizeof(key), "%s", name);
	return hmap_get(&c->map, key);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp((*(struct centry *const *)a)->key, (*(struct centry *const *)b)->key);
}

/* Lists want key order; sorting lazily keeps writes O(1). */
static void sort_entries(struct cache *c)
{
	const char *k;
	void *v;
	size_t n = 0;

	if (!c->dirty)
		return;
	c->sorted = xrealloc(c->sorted, sizeof(*c->sorted) * (c->map.count + 1));
	for (size_t i = 0; (i = hmap_next(&c->map, i, &k, &v));)
		c->sorted[n++] = v;
	qsort(c->sorted, n, sizeof(*c->sorted), cmp_entry);
	c->nsorted = n;
	c->dirty = false;
}

/* First index whose key is > after (or >= from when after is NULL). */
static size_t lower_bound(struct cache *c, const char *key, bool strictly_after)
{
	size_t lo = 0, hi = c->nsorted;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(c->sorted[mid]->key, key);
		if (r < 0 || (strictly_after && r == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t cache_list(struct cache *c, const struct filter *f, const char *start_after, size_t limit,
		  struct centry ***out, size_t *remaining)
{
	size_t i = 0, n = 0, cap = 64, nslen = 0;
	char nsprefix[300];
	struct centry **items = xmalloc(cap * sizeof(*items));

	sort_entries(c);
	*remaining = 0;
	if (f->ns && *f->ns && kind_namespaced(c->k)) {
		nslen = (size_t)snprintf(nsprefix, sizeof(nsprefix), "%s/", f->ns);
		i = lower_bound(c, nsprefix, false);
	}
	if (start_after) {
		size_t j = lower_bound(c, start_after, true);
		if (j > i)
			i = j;
	}
	for (; i < c->nsorted; i++) {
		struct centry *e = c->sorted[i];
		if (nslen && strncmp(e->key, nsprefix, nslen))
			break;
		if (!centry_match(c, e, f))
			continue;
		if (limit && n == limit) {
			(*remaining)++;
			continue;
		}
		if (n == cap) {
			cap *= 2;
			items = xrealloc(items, cap * sizeof(*items));
		}
		items[n++] = centry_ref(e);
	}
	*out = items;
	return n;
}

/* ---- waiting for a revision ---- */

static void waiter_fire(struct cache *c, struct waiter *w)
{
	struct waiter **pp;

	for (pp = &c->waiters; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	event_free(w->timer);
	w->fn(w->arg);
	free(w);
}

static void waiter_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct waiter *w = arg;

	(void)fd;
	(void)what;
	log_warn("cache %s: revision %lld not seen in %ds (at %lld); answering from what we have",
		 w->c->k->resource, (long long)w->rev, WAIT_TIMEOUT, (long long)w->c->rev);
	waiter_fire(w->c, w);
}

static void run_waiters(struct cache *c)
{
	struct waiter *w = c->waiters;

	while (w) {
		struct waiter *next = w->next;
		if (c->ready && w->rev <= c->rev)
			waiter_fire(c, w);
		w = next;
	}
}

void cache_wait(struct cache *c, int64_t rev, void (*fn)(void *), void *arg)
{
	struct waiter *w;
	struct timeval tv = {WAIT_TIMEOUT, 0};

	if (c->ready && rev <= c->rev) {
		fn(arg);
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->rev = rev;
	w->fn = fn;
	w->arg = arg;
	w->c = c;
	w->timer = evtimer_new(c->as->base, waiter_timeout, w);
	evtimer_add(w->timer, &tv);
	w->next = c->waiters;
	c->waiters = w;
}

void cache_fence(struct cache *c, int64_t rev)
{
	if (rev > c->fence)
		c->fence = rev;
}

int64_t cache_fence_rev(const struct cache *c)
{
	return c->fence;
}

/* ---- watchers and history ---- */

static void ring_push(struct cache *c, const struct cevent *ev)
{
	size_t idx;

	if (!c->ring)
		c->ring = xcalloc(RING_CAP, sizeof(*c->ring));
	if (c->ring_len == RING_CAP) {
		struct cevent *old = &c->ring[c->ring_head];
		c->hist_start = old->rev;
		centry_unref(old->obj);
		centry_unref(old->prev);
		c->ring_head = (c->ring_head + 1) % RING_CAP;
		c->ring_len--;
	}
	idx = (c->ring_head + c->ring_len) % RING_CAP;
	c->ring[idx] = *ev;
	centry_ref(ev->obj);
	centry_ref(ev->prev);
	c->ring_len++;
}

static void deliver(struct cache *c, const struct cevent *ev)
{
	size_t i, j;

	c->delivering++;
	for (i = 0; i < c->nws; i++)
		if (c->ws[i].w)
			c->ws[i].fn(c->ws[i].w, ev);
	c->delivering--;
	if (c->delivering)
		return;
	/* Compact slots of watchers removed while we were delivering. */
	for (i = j = 0; i < c->nws; i++)
		if (c->ws[i].w)
			c->ws[j++] = c->ws[i];
	c->nws = j;
}

int cache_watch(struct cache *c, struct watcher *w, int64_t from_rev, cache_event_fn fn)
{
	if (from_rev < c->hist_start)
		return -1;
	if (c->nws == c->capws) {
		c->capws = c->capws ? c->capws * 2 : 16;
		c->ws = xrealloc(c->ws, c->capws * sizeof(*c->ws));
	}
	c->ws[c->nws++] = (struct wslot){w, fn};
	/* Replay what happened after from_rev. */
	c->delivering++;
	for (size_t i = 0; i < c->ring_len; i++) {
		struct cevent *ev = &c->ring[(c->ring_head + i) % RING_CAP];
		if (ev->rev > from_rev && ev->rev <= c->rev)
			fn(w, ev);
	}
	c->delivering--;
	return 0;
}

void cache_unwatch(struct cache *c, struct watcher *w)
{
	for (size_t i = 0; i < c->nws; i++) {
		if (c->ws[i].w != w)
			continue;
		if (c->delivering) {
			c->ws[i].w = NULL;
		} else {
			c->ws[i] = c->ws[--c->nws];
		}
		return;
	}
}

/* ---- feeding from etcd ---- */

static void apply_event(struct cache *c, const struct etcd_event *ee)
{
	const char *key = ee->kv.key + c->prefix_len;
	bool replay = ee->kv.mod_rev <= c->list_rev;
	struct centry *cur = replay ? NULL : hmap_get(&c->map, key);
	struct centry *prev = cur ? centry_ref(cur) : NULL;
	struct cevent ev = {0};

	if (strncmp(ee->kv.key, c->prefix, c->prefix_len))
		return;
	if (!prev && ee->prev.key)
		prev = centry_new(c, key, ee->prev.value, ee->prev.value_len, ee->prev.mod_rev);
	ev.rev = ee->kv.mod_rev;
	if (ee->deleted) {
		if (!prev)
			goto out; /* never knew it: nothing to tell */
		ev.type = EV_DELETED;
		/* The last state, at the deletion's revision. */
		if (ee->prev.key)
			ev.obj = centry_new(c, key, ee->prev.value, ee->prev.value_len, ev.rev);
		else
			ev.obj = centry_new(c, key, prev->json, prev->len, ev.rev);
		if (!ev.obj)
			goto out;
		if (!replay && cur) {
			hmap_del(&c->map, key);
			centry_unref(cur);
			c->dirty = true;
		}
	} else {
		ev.obj = centry_new(c, key, ee->kv.value, ee->kv.value_len, ev.rev);
		if (!ev.obj)
			goto out;
		ev.type = (replay ? ee->kv.version == 1 : !cur) ? EV_ADDED : EV_MODIFIED;
		if (!replay) {
			hmap_put(&c->map, ev.obj->key, centry_ref(ev.obj));
			centry_unref(cur);
			c->dirty = true;
		}
	}
	ev.prev = ev.type == EV_ADDED ? NULL : prev;
	ring_push(c, &ev);
	if (!replay) {
		if (ev.rev > c->rev)
			c->rev = ev.rev;
		deliver(c, &ev);
	}
out:
	centry_unref(ev.obj);
	centry_unref(prev);
}

static void start_list(struct cache *c);
static void start_watch(struct cache *c, int64_t from);

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct cache *c = arg;

	(void)fd;
	(void)what;
	if (c->ready)
		start_watch(c, c->rev + 1);
	else
		start_list(c);
}

static void schedule_retry(struct cache *c)
{
	struct timeval tv = {1, 0};

	if (!c->retry)
		c->retry = evtimer_new(c->as->base, retry_cb, c);
	evtimer_add(c->retry, &tv);
}

static void reset(struct cache *c)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(&c->map, i, &k, &v));)
		centry_unref(v);
	hmap_clear(&c->map);
	c->dirty = true;
	for (size_t i = 0; i < c->ring_len; i++) {
		struct cevent *ev = &c->ring[(c->ring_head + i) % RING_CAP];
		centry_unref(ev->obj);
		centry_unref(ev->prev);
	}
	c->ring_len = c->ring_head = 0;
}

static void watch_cb(void *arg, const struct etcd_event *evs, size_t n, int64_t rev,
		     const char *err, int64_t compact_rev)
{
	struct cache *c = arg;

	if (err) {
		etcd_watch_cancel(c->ew);
		c->ew = NULL;
		if (compact_rev && compact_rev <= c->list_rev + 1) {
			/* Only the history we replay was compacted: start where it begins. */
			start_watch(c, compact_rev);
			return;
		}
		if (compact_rev) {
			/* We fell behind a compaction: start over. Watchers see their stream end
			 * and resume, getting 410 if they are too far behind. */
			log_warn("cache %s: watch compacted at %lld, relisting", c->k->resource,
				 (long long)compact_rev);
			c->ready = false;
			reset(c);
			start_list(c);
			return;
		}
		log_warn("cache %s: etcd watch broke (%s); resuming from %lld", c->k->resource, err,
			 (long long)c->rev + 1);
		schedule_retry(c);
		return;
	}
	log_v(5, "cache %s: %zu events at %lld", c->k->resource, n, (long long)rev);
	for (size_t i = 0; i < n; i++)
		apply_event(c, &evs[i]);
	if (n && evs[n - 1].kv.mod_rev > c->seen_rev)
		c->seen_rev = evs[n - 1].kv.mod_rev;
	/* An empty message is a progress notification: every event up to rev is in. */
	if (!n && rev > c->seen_rev)
		c->seen_rev = rev;
	if (!n && rev > c->rev && c->ready && rev > c->list_rev)
		c->rev = rev;
	/* Replaying needs each event's previous value (the cache did not hold it yet); live
	 * events find it in the cache. Past the list, go on without prev_kv, which costs etcd
	 * a read and the gateway a second encoding of the object on every write. */
	if (c->ew_prev && c->seen_rev > c->list_rev) {
		log_v(2, "cache %s: history replayed; following from %lld without prev_kv",
		      c->k->resource, (long long)c->seen_rev + 1);
		etcd_watch_cancel(c->ew);
		start_watch(c, c->seen_rev + 1);
	}
	run_waiters(c);
}

static void start_watch(struct cache *c, int64_t from)
{
	if (from < 1)
		from = 1;
	/* A gap in what was delivered (a compaction, or a break while replaying) ends the
	 * history that watchers can resume from. */
	if (from - 1 > c->seen_rev) {
		if (c->hist_start < from - 1)
			c->hist_start = from - 1;
		c->seen_rev = from - 1;
	}
	c->ew_prev = from <= c->list_rev;
	c->ew = etcd_watch(c->as->etcd, c->prefix, from, c->ew_prev, watch_cb, c);
}

static void list_cb(void *arg, const char *err, struct etcd_resp *r)
{
	struct cache *c = arg;

	if (err) {
		log_warn("cache %s: list failed: %s", c->k->resource, err);
		free(c->list_from);
		c->list_from = NULL;
		c->list_rev = 0;
		reset(c);
		schedule_retry(c);
		return;
	}
	if (!c->list_rev)
		c->list_rev = r->revision;
	for (size_t i = 0; i < r->nkvs; i++) {
		struct etcd_kv *kv = &r->kvs[i];
		struct centry *e =
		    centry_new(c, kv->key + c->prefix_len, kv->value, kv->value_len, kv->mod_rev);
		if (e)
			centry_unref(hmap_put(&c->map, e->key, e));
	}
	c->dirty = true;
	free(c->list_from);
	c->list_from = NULL;
	if (r->more && r->nkvs) {
		/* The next page starts just after the last key. */
		const char *last = r->kvs[r->nkvs - 1].key;
		c->list_from = xasprintf("%s\x01", last);
		etcd_range(c->as->etcd, c->prefix, c->list_from, ETCD_PREFIX, c->list_rev,
			   LIST_PAGE, list_cb, c);
		return;
	}
	c->rev = c->list_rev;
	c->ready = true;
	log_v(2, "cache %s: %zu objects at revision %lld", c->k->resource, c->map.count,
	      (long long)c->rev);
	/* Replay some history so watches from before our start can resume. */
	c->hist_start = 0;
	c->seen_rev = 0;
	start_watch(c, c->list_rev + 1 > HISTORY_REVS ? c->list_rev + 1 - HISTORY_REVS : 1);
	run_waiters(c);
}

static void start_list(struct cache *c)
{
	c->list_rev = 0;
	etcd_range(c->as->etcd, c->prefix, NULL, ETCD_PREFIX, 0, LIST_PAGE, list_cb, c);
}

void cache_start(struct cache *c)
{
	start_list(c);
}

struct cache *cache_new(struct apiserver *as, const struct kind *k)
{
	struct cache *c;

	if (!by_kind)
		by_kind = xcalloc((size_t)nkinds, sizeof(*by_kind));
	/* Kinds of one resource (core and events.k8s.io events) share one cache. */
	for (int i = 0; i < nkinds; i++)
		if (by_kind[i] && !strcmp(kinds[i].resource, k->resource)) {
			by_kind[k - kinds] = by_kind[i];
			return NULL;
		}
	c = xcalloc(1, sizeof(*c));
	c->as = as;
	c->k = k;
	c->prefix = xasprintf("%s/%s/", as->prefix, k->resource);
	c->prefix_len = strlen(c->prefix);
	hmap_init(&c->map);
	c->dirty = true;
	by_kind[k - kinds] = c;
	return c;
}
