/* discovery: /api, /apis and every preferred group version, gathered into one resource list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "discovery.h"
#include "jsonx.h"
#include "log.h"

static const struct {
	const char *name;
	unsigned bit;
} verb_bits[] = {
    {"get", DISC_GET},	     {"list", DISC_LIST},
    {"watch", DISC_WATCH},   {"create", DISC_CREATE},
    {"update", DISC_UPDATE}, {"patch", DISC_PATCH},
    {"delete", DISC_DELETE}, {"deletecollection", DISC_DELETECOLLECTION},
};

/* One group version being asked for. */
struct gv_req {
	struct fetch *f;
	char *group, *version;
};

/* One fetch in flight: the result so far and how many answers are still due. */
struct fetch {
	struct kc *kc;
	disc_done_fn done;
	void *arg;
	int pending;
	struct disc *d;
	struct gv_req **reqs; /* freed with the fetch */
	size_t nreqs;
	struct fetch *next;
};

/* Fetches in flight stay reachable, so one cut short by the process's exit is no leak. */
static struct fetch *inflight;

static unsigned parse_verbs(const json_t *verbs)
{
	unsigned bits = 0;
	size_t i;
	json_t *v;

	json_array_foreach(verbs, i, v)
	{
		const char *s = json_string_value(v);
		for (size_t j = 0; s && j < sizeof(verb_bits) / sizeof(verb_bits[0]); j++)
			if (!strcmp(s, verb_bits[j].name))
				bits |= verb_bits[j].bit;
	}
	return bits;
}

void disc_add_list(struct disc *d, const json_t *list, const char *group, const char *version)
{
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(list, "resources"), i, r)
	{
		const char *name = jx_str(r, "name"), *kind = jx_str(r, "kind");
		struct disc_res *x;

		if (!name || !kind || strchr(name, '/'))
			continue;
		d->res = xrealloc(d->res, sizeof(*d->res) * (d->n + 1));
		x = &d->res[d->n++];
		x->group = xstrdup(jx_str(r, "group") ?: group);
		x->version = xstrdup(jx_str(r, "version") ?: version);
		x->resource = xstrdup(name);
		x->kind = xstrdup(kind);
		x->namespaced = jx_bool(r, "namespaced", false);
		x->verbs = parse_verbs(json_object_get(r, "verbs"));
	}
}

void disc_free(struct disc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->res[i].group);
		free(d->res[i].version);
		free(d->res[i].resource);
		free(d->res[i].kind);
	}
	free(d->res);
	json_decref(d->failed);
	free(d);
}

static void fetch_step_done(struct fetch *f)
{
	struct fetch **pp;

	if (--f->pending > 0)
		return;
	for (pp = &inflight; *pp && *pp != f; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = f->next;
	f->done(f->arg, f->d);
	for (size_t i = 0; i < f->nreqs; i++) {
		free(f->reqs[i]->group);
		free(f->reqs[i]->version);
		free(f->reqs[i]);
	}
	free(f->reqs);
	free(f);
}

static void record_failure(struct fetch *f, const char *gv, int code, const char *err)
{
	char *msg = xasprintf("%s", err ? err : "");

	if (!*msg) {
		free(msg);
		msg = xasprintf("the server answered %d", code);
	}
	json_object_set_new(f->d->failed, gv, json_string(msg));
	free(msg);
}

static void gv_done(void *arg, int code, json_t *body, const char *err)
{
	struct gv_req *g = arg;
	char *gv = *g->group ? xasprintf("%s/%s", g->group, g->version) : xstrdup(g->version);

	if (code / 100 == 2 && json_is_object(body))
		disc_add_list(g->f->d, body, g->group, g->version);
	else
		record_failure(g->f, gv, code, err);
	free(gv);
	fetch_step_done(g->f);
}

static void ask_gv(struct fetch *f, const char *group, const char *version)
{
	struct gv_req *g = xcalloc(1, sizeof(*g));
	char *path =
	    *group ? xasprintf("/apis/%s/%s", group, version) : xasprintf("/api/%s", version);

	g->f = f;
	g->group = xstrdup(group);
	g->version = xstrdup(version);
	f->reqs = xrealloc(f->reqs, sizeof(*f->reqs) * (f->nreqs + 1));
	f->reqs[f->nreqs++] = g;
	f->pending++;
	kc_get(f->kc, path, gv_done, g);
	free(path);
}

static void core_done(void *arg, int code, json_t *body, const char *err)
{
	struct fetch *f = arg;
	size_t i;
	json_t *v;

	if (code / 100 != 2)
		record_failure(f, "v1", code, err);
	json_array_foreach(json_object_get(body, "versions"), i, v)
	{
		if (json_is_string(v))
			ask_gv(f, "", json_string_value(v));
	}
	fetch_step_done(f);
}

static void groups_done(void *arg, int code, json_t *body, const char *err)
{
	struct fetch *f = arg;
	size_t i;
	json_t *g;

	if (code / 100 != 2)
		record_failure(f, "apis", code, err);
	json_array_foreach(json_object_get(body, "groups"), i, g)
	{
		const char *name = jx_str(g, "name");
		const char *ver = jx_str(g, "preferredVersion.version");

		if (!ver)
			ver = jx_str(json_array_get(json_object_get(g, "versions"), 0), "version");
		if (name && ver)
			ask_gv(f, name, ver);
	}
	fetch_step_done(f);
}

void disc_fetch(struct kc *kc, disc_done_fn done, void *arg)
{
	struct fetch *f = xcalloc(1, sizeof(*f));

	f->kc = kc;
	f->done = done;
	f->arg = arg;
	f->d = xcalloc(1, sizeof(*f->d));
	f->d->failed = json_object();
	f->pending = 2;
	f->next = inflight;
	inflight = f;
	kc_get(kc, "/api", core_done, f);
	kc_get(kc, "/apis", groups_done, f);
}

static void split_api_version(const char *av, char **group, const char **version)
{
	const char *slash = strchr(av, '/');

	*group = slash ? xstrndup(av, (size_t)(slash - av)) : xstrdup("");
	*version = slash ? slash + 1 : av;
}

const struct disc_res *disc_find_kind(const struct disc *d, const char *api_version,
				      const char *kind)
{
	const struct disc_res *other = NULL;
	const char *version;
	char *group;

	if (!d || !api_version || !kind)
		return NULL;
	split_api_version(api_version, &group, &version);
	for (size_t i = 0; i < d->n; i++) {
		const struct disc_res *r = &d->res[i];
		if (strcmp(r->group, group) || strcmp(r->kind, kind))
			continue;
		if (!strcmp(r->version, version)) {
			free(group);
			return r;
		}
		other = other ? other : r;
	}
	free(group);
	return other;
}

char *disc_path(const struct disc_res *r, const char *ns)
{
	char *base = *r->group ? xasprintf("/apis/%s/%s", r->group, r->version)
			       : xasprintf("/api/%s", r->version);
	char *out = ns && r->namespaced ? xasprintf("%s/namespaces/%s/%s", base, ns, r->resource)
					: xasprintf("%s/%s", base, r->resource);

	free(base);
	return out;
}

char *disc_group_resource(const struct disc_res *r)
{
	return *r->group ? xasprintf("%s.%s", r->resource, r->group) : xstrdup(r->resource);
}

char *disc_api_version(const struct disc_res *r)
{
	return *r->group ? xasprintf("%s/%s", r->group, r->version) : xstrdup(r->version);
}
