#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "log.h"
#include "podres.h"
#include "quantity.h"

void podres_init(struct podres *r)
{
	memset(r, 0, sizeof(*r));
}

void podres_free(struct podres *r)
{
	for (size_t i = 0; i < r->next; i++)
		free(r->ext[i].name);
	free(r->ext);
	podres_init(r);
}

void podres_copy(struct podres *dst, const struct podres *src)
{
	podres_init(dst);
	podres_add(dst, src);
	dst->pods = src->pods;
}

static int64_t *ext_slot(struct podres *r, const char *name)
{
	for (size_t i = 0; i < r->next; i++)
		if (!strcmp(r->ext[i].name, name))
			return &r->ext[i].val;
	r->ext = xrealloc(r->ext, (r->next + 1) * sizeof(*r->ext));
	r->ext[r->next].name = xstrdup(name);
	r->ext[r->next].val = 0;
	return &r->ext[r->next++].val;
}

int64_t podres_ext(const struct podres *r, const char *name)
{
	for (size_t i = 0; i < r->next; i++)
		if (!strcmp(r->ext[i].name, name))
			return r->ext[i].val;
	return 0;
}

/* The counter a resource name adds to, and whether it is counted in millis. */
static int64_t *slot(struct podres *r, const char *name, bool *milli)
{
	*milli = false;
	if (!strcmp(name, "cpu")) {
		*milli = true;
		return &r->cpu;
	}
	if (!strcmp(name, "memory"))
		return &r->mem;
	if (!strcmp(name, "ephemeral-storage"))
		return &r->eph;
	if (!strcmp(name, "pods"))
		return &r->pods;
	return ext_slot(r, name);
}

void podres_add_list(struct podres *r, const json_t *list)
{
	const char *name;
	json_t *v;
	struct qty q;
	bool milli;

	json_object_foreach((json_t *)list, name, v)
	{
		if (!json_is_string(v) || qty_parse(json_string_value(v), &q))
			continue;
		int64_t *p = slot(r, name, &milli);
		*p += milli ? qty_milli(&q) : qty_value(&q);
	}
}

void podres_add(struct podres *a, const struct podres *b)
{
	a->cpu += b->cpu;
	a->mem += b->mem;
	a->eph += b->eph;
	a->pods += b->pods;
	for (size_t i = 0; i < b->next; i++)
		*ext_slot(a, b->ext[i].name) += b->ext[i].val;
}

void podres_sub(struct podres *a, const struct podres *b)
{
	a->cpu -= b->cpu;
	a->mem -= b->mem;
	a->eph -= b->eph;
	a->pods -= b->pods;
	for (size_t i = 0; i < b->next; i++)
		*ext_slot(a, b->ext[i].name) -= b->ext[i].val;
}

static void max64(int64_t *a, int64_t b)
{
	if (b > *a)
		*a = b;
}

void podres_max(struct podres *a, const struct podres *b)
{
	max64(&a->cpu, b->cpu);
	max64(&a->mem, b->mem);
	max64(&a->eph, b->eph);
	max64(&a->pods, b->pods);
	for (size_t i = 0; i < b->next; i++)
		max64(ext_slot(a, b->ext[i].name), b->ext[i].val);
}

bool podres_empty(const struct podres *r)
{
	if (r->cpu || r->mem || r->eph || r->pods)
		return false;
	for (size_t i = 0; i < r->next; i++)
		if (r->ext[i].val)
			return false;
	return true;
}

/* One container's requests, with the scoring defaults when asked for. */
static void container_requests(const json_t *c, bool nonzero, struct podres *out)
{
	const json_t *req = jx_get(c, "resources.requests");

	podres_init(out);
	if (json_is_object(req))
		podres_add_list(out, req);
	if (!nonzero)
		return;
	if (!json_object_get(req, "cpu"))
		out->cpu = PODRES_DEFAULT_MILLI_CPU;
	if (!json_object_get(req, "memory"))
		out->mem = PODRES_DEFAULT_MEMORY;
}

static bool restartable(const json_t *c)
{
	const char *rp = jx_str(c, "restartPolicy");

	return rp && !strcmp(rp, "Always");
}

/* Init containers run one at a time before the app containers, so only the largest counts;
 * sidecars (restartable init containers) keep running, so they add to everything after them. */
static void init_requests(const json_t *inits, bool nonzero, struct podres *sidecars,
			  struct podres *peak)
{
	const json_t *c;
	size_t i;

	json_array_foreach((json_t *)inits, i, c)
	{
		struct podres one;

		container_requests(c, nonzero, &one);
		if (restartable(c)) {
			podres_add(sidecars, &one);
		} else {
			podres_add(&one, sidecars);
			podres_max(peak, &one);
		}
		podres_free(&one);
	}
}

void podres_pod(const json_t *pod, bool nonzero, struct podres *out)
{
	const json_t *spec = json_object_get(pod, "spec"), *c;
	struct podres sidecars, peak;
	size_t i;

	podres_init(out);
	podres_init(&sidecars);
	podres_init(&peak);
	json_array_foreach(json_object_get(spec, "containers"), i, c)
	{
		struct podres one;

		container_requests(c, nonzero, &one);
		podres_add(out, &one);
		podres_free(&one);
	}
	init_requests(json_object_get(spec, "initContainers"), nonzero, &sidecars, &peak);
	podres_add(out, &sidecars);
	podres_max(out, &peak);
	if (json_is_object(json_object_get(spec, "overhead")))
		podres_add_list(out, json_object_get(spec, "overhead"));
	podres_free(&sidecars);
	podres_free(&peak);
}

void podres_node(const json_t *node, struct podres *out)
{
	const json_t *alloc = jx_get(node, "status.allocatable");

	podres_init(out);
	if (json_is_object(alloc))
		podres_add_list(out, alloc);
}
