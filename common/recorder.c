#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "recorder.h"

/* Same event within this window: count it on the existing Event. */
#define AGGREGATE_SECS 600
/* Events remembered for that (upstream's LRU size). */
#define CACHE_MAX 4096
/* Writes in flight or queued beyond this are dropped, as upstream's broadcaster drops. */
#define PENDING_MAX 1000

struct seen {
	char *key;
	char *name, *ns;
	char first[32];
	long count;
	time_t last;
	struct seen *prev, *next; /* most recent first */
};

struct post {
	struct rec *r;
	struct kc_req *req;
	json_t *event; /* to create it again if the patched Event has gone */
	struct post *prev, *next;
};

struct rec {
	struct kc *kc;
	char *component, *host;
	struct hmap seen; /* key -> struct seen */
	struct seen *head, *tail;
	struct post *posts;
	size_t nposts;
	unsigned long sent;
};

struct rec *rec_new(struct kc *kc, const char *component, const char *host)
{
	struct rec *r = xcalloc(1, sizeof(*r));

	r->kc = kc;
	r->component = xstrdup(component);
	r->host = xstrdup(host ? host : "");
	return r;
}

static void seen_unlink(struct rec *r, struct seen *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		r->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	else
		r->tail = s->prev;
	s->prev = s->next = NULL;
}

static void seen_front(struct rec *r, struct seen *s)
{
	s->next = r->head;
	if (r->head)
		r->head->prev = s;
	r->head = s;
	if (!r->tail)
		r->tail = s;
}

static void seen_free(struct seen *s)
{
	free(s->key);
	free(s->name);
	free(s->ns);
	free(s);
}

static void post_free(struct post *p)
{
	struct rec *r = p->r;

	if (p->prev)
		p->prev->next = p->next;
	else
		r->posts = p->next;
	if (p->next)
		p->next->prev = p->prev;
	r->nposts--;
	json_decref(p->event);
	free(p);
}

void rec_free(struct rec *r)
{
	if (!r)
		return;
	while (r->posts) {
		kc_cancel(r->posts->req);
		post_free(r->posts);
	}
	while (r->head) {
		struct seen *s = r->head;
		seen_unlink(r, s);
		seen_free(s);
	}
	hmap_clear(&r->seen);
	free(r->component);
	free(r->host);
	free(r);
}

unsigned long rec_sent(const struct rec *r)
{
	return r->sent;
}

/* An ObjectReference to obj (a whole object or a reference already). */
static json_t *reference(const json_t *obj)
{
	static const char *const ref_fields[] = {
	    "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath", NULL};
	static const char *const meta_fields[] = {"namespace", "name", "uid", "resourceVersion",
						  NULL};
	json_t *ref = json_object();
	const json_t *meta = json_object_get(obj, "metadata");

	if (!meta) {
		for (int i = 0; ref_fields[i]; i++) {
			json_t *v = json_object_get(obj, ref_fields[i]);
			if (json_is_string(v))
				json_object_set(ref, ref_fields[i], v);
		}
		return ref;
	}
	if (jx_str(obj, "kind"))
		json_object_set_new(ref, "kind", json_string(jx_str(obj, "kind")));
	for (int i = 0; meta_fields[i]; i++) {
		const char *v = jx_str(meta, meta_fields[i]);
		if (v)
			json_object_set_new(ref, meta_fields[i], json_string(v));
	}
	if (jx_str(obj, "apiVersion"))
		json_object_set_new(ref, "apiVersion", json_string(jx_str(obj, "apiVersion")));
	return ref;
}

static char *event_key(const struct rec *r, const json_t *ref, const char *type, const char *reason,
		       const char *msg)
{
	static const char *const parts[] = {"kind", "namespace",  "name", "fieldPath",
					    "uid",  "apiVersion", NULL};
	size_t cap = strlen(r->component) + strlen(r->host) + strlen(type) + strlen(reason) +
		     strlen(msg) + 16;
	char *key, *p;

	for (int i = 0; parts[i]; i++)
		cap += (jx_str(ref, parts[i]) ? strlen(jx_str(ref, parts[i])) : 0) + 1;
	key = xmalloc(cap);
	p = key + sprintf(key, "%s\x1f%s", r->component, r->host);
	for (int i = 0; parts[i]; i++)
		p += sprintf(p, "\x1f%s", jx_str(ref, parts[i]) ? jx_str(ref, parts[i]) : "");
	sprintf(p, "\x1f%s\x1f%s\x1f%s", type, reason, msg);
	return key;
}

static void posted(void *arg, int code, json_t *body, const char *err);

static void post_send(struct rec *r, const char *method, const char *path, json_t *body,
		      json_t *event)
{
	struct post *p;

	if (r->nposts >= PENDING_MAX) {
		log_warn("event recorder: too many events pending; dropping one");
		json_decref(event);
		return;
	}
	p = xcalloc(1, sizeof(*p));
	p->r = r;
	p->event = event;
	p->next = r->posts;
	if (r->posts)
		r->posts->prev = p;
	r->posts = p;
	r->nposts++;
	r->sent++;
	if (!strcmp(method, "PATCH"))
		p->req = kc_patch(r->kc, path, KC_PATCH_STRATEGIC, body, posted, p);
	else
		p->req = kc_create(r->kc, path, body, posted, p);
}

static void posted(void *arg, int code, json_t *body, const char *err)
{
	struct post *p = arg;
	struct rec *r = p->r;
	json_t *ev = p->event;

	(void)body;
	p->req = NULL;
	p->event = NULL;
	if (code == 404 && ev) {
		/* The Event we counted on was deleted (or expired): write it anew. */
		char *path =
		    xasprintf("/api/v1/namespaces/%s/events", jx_str(ev, "metadata.namespace"));
		post_send(r, "POST", path, ev, NULL);
		free(path);
		json_decref(ev);
	} else {
		if (code < 200 || code > 299)
			log_warn("event recorder: writing an event failed (%d): %s", code,
				 err ? err : "");
		json_decref(ev);
	}
	post_free(p);
}

static struct seen *remember(struct rec *r, char *key, const char *name, const char *ns,
			     const char *ts)
{
	struct seen *s = xcalloc(1, sizeof(*s));

	if (r->seen.count >= CACHE_MAX) {
		struct seen *old = r->tail;
		seen_unlink(r, old);
		hmap_del(&r->seen, old->key);
		seen_free(old);
	}
	s->key = key;
	s->name = xstrdup(name);
	s->ns = xstrdup(ns);
	snprintf(s->first, sizeof(s->first), "%s", ts);
	s->count = 1;
	s->last = time(NULL);
	hmap_put(&r->seen, s->key, s);
	seen_front(r, s);
	return s;
}

static json_t *new_event(struct rec *r, json_t *ref, const char *name, const char *ns,
			 const char *type, const char *reason, const char *msg, const char *ts,
			 long count, const char *first)
{
	json_t *ev =
	    json_pack("{s:s, s:s, s:{s:s, s:s}, s:O, s:s, s:s, s:{s:s}, s:s, s:s, s:I, "
		      "s:s, s:n, s:s, s:s}",
		      "kind", "Event", "apiVersion", "v1", "metadata", "name", name, "namespace",
		      ns, "involvedObject", ref, "reason", reason, "message", msg, "source",
		      "component", r->component, "firstTimestamp", first, "lastTimestamp", ts,
		      "count", (json_int_t)count, "type", type, "eventTime", "reportingComponent",
		      r->component, "reportingInstance", r->host);

	if (ev && *r->host)
		jx_set_str(ev, "source.host", r->host);
	return ev;
}

void rec_event(struct rec *r, const json_t *obj, const char *type, const char *reason,
	       const char *fmt, ...)
{
	json_t *ref = reference(obj);
	const char *oname = jx_str(ref, "name"), *ons = jx_str(ref, "namespace");
	const char *ns = ons && *ons ? ons : "default";
	char *msg, *key, *name = NULL, *path = NULL, ts[32];
	struct timespec now;
	struct seen *s;
	json_t *ev;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	kt_now(&now);
	kt_format(now.tv_sec, ts);
	key = event_key(r, ref, type, reason, msg);
	s = hmap_get(&r->seen, key);
	if (s && time(NULL) - s->last <= AGGREGATE_SECS) {
		json_t *patch = json_pack("{s:I, s:s}", "count", (json_int_t)(s->count + 1),
					  "lastTimestamp", ts);
		s->count++;
		s->last = time(NULL);
		seen_unlink(r, s);
		seen_front(r, s);
		ev = new_event(r, ref, s->name, s->ns, type, reason, msg, ts, s->count, s->first);
		path = xasprintf("/api/v1/namespaces/%s/events/%s", s->ns, s->name);
		post_send(r, "PATCH", path, patch, ev);
		json_decref(patch);
		free(key);
		goto out;
	}
	if (s) {
		seen_unlink(r, s);
		hmap_del(&r->seen, s->key);
		seen_free(s);
	}
	name = xasprintf("%s.%llx", oname ? oname : "",
			 (unsigned long long)now.tv_sec * 1000000000ull +
			     (unsigned long long)now.tv_nsec);
	remember(r, key, name, ns, ts);
	ev = new_event(r, ref, name, ns, type, reason, msg, ts, 1, ts);
	path = xasprintf("/api/v1/namespaces/%s/events", ns);
	post_send(r, "POST", path, ev, NULL);
	json_decref(ev);
out:
	free(path);
	free(name);
	free(msg);
	json_decref(ref);
}
