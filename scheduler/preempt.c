/*
 * DefaultPreemption: when a pod fits nowhere, find the node where evicting lower-priority pods
 * makes room, evicting as few and as unimportant pods as possible and sparing those a
 * PodDisruptionBudget protects when it can. The dry run takes pods off a node's accounting,
 * runs the filters, and puts them back: the cache is the same afterwards.
 *
 * Simplification: spreading and inter-pod affinity keep the counts the cycle began with, so a
 * victim's removal only helps the resource, port and pod-count filters.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "log.h"
#include "scheduler.h"
#include "selector.h"

struct pdb {
	struct lsel *sel;
	const json_t *obj;
	long allowed;
};

struct cand {
	struct sch_victims v;
	enum sch_code code;
	struct sch_status st;
};

/* More important first: higher priority, then the one that started earlier. */
static int cmp_importance(const void *a, const void *b)
{
	const struct sch_pod *x = *(struct sch_pod *const *)a, *y = *(struct sch_pod *const *)b;

	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static size_t pdbs_load(const json_t **objs, size_t n, struct pdb **out)
{
	size_t k = 0;

	*out = xcalloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		char *err = NULL;
		struct lsel *sel = NULL;

		if (lsel_from_json(jx_get(objs[i], "spec.selector"), &sel, &err)) {
			free(err);
			continue;
		}
		(*out)[k++] = (struct pdb){sel, objs[i],
					   (long)jx_int(objs[i], "status.disruptionsAllowed", 0)};
	}
	return k;
}

static void pdbs_free(struct pdb *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lsel_free(p[i].sel);
	free(p);
}

/* Evicting p would break a budget (each counted pod spends one allowed disruption). */
static bool violates(const struct sch_pod *p, struct pdb *pdbs, size_t n)
{
	const char *name = jx_str(p->obj, "metadata.name") ?: "";
	bool bad = false;

	for (size_t i = 0; i < n; i++) {
		if (lsel_empty(pdbs[i].sel) ||
		    !lsel_match_json(pdbs[i].sel, jx_get(p->obj, "metadata.labels")))
			continue;
		if (json_object_get(jx_get(pdbs[i].obj, "status.disruptedPods"), name))
			continue;
		if (--pdbs[i].allowed < 0)
			bad = true;
	}
	return bad;
}

static bool fits(struct sch_cycle *cy, struct sch_node *n)
{
	struct sch_status st = {0};
	bool ok = sch_filter_node(cy, n, &st) == SCH_OK;

	sch_status_clear(&st);
	return ok;
}

/* Put back every potential victim we may spare, most important first, PDB-protected ones
 * before the others; what cannot come back is a victim. */
static void reprieve(struct sch_cycle *cy, struct sch_pod **pods, size_t n, struct pdb *pdbs,
		     size_t npdbs, struct cand *c)
{
	bool *viol = xcalloc(n + 1, sizeof(*viol));

	for (size_t i = 0; i < n; i++)
		viol[i] = violates(pods[i], pdbs, npdbs);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			if (viol[i] != (pass == 0))
				continue;
			sch_cache_pod_attach(cy->cache, pods[i]);
			if (fits(cy, c->v.node))
				continue;
			sch_cache_pod_detach(cy->cache, pods[i]);
			c->v.pods[c->v.n++] = pods[i];
			c->v.pdb_violations += viol[i];
		}
	}
	free(viol);
}

static void select_victims(struct sch_cycle *cy, struct sch_node *n, struct pdb *pdbs, size_t npdbs,
			   struct cand *c)
{
	struct sch_pod **pods = xcalloc(n->npods + 1, sizeof(*pods));
	size_t np = 0;

	c->v.node = n;
	for (size_t i = 0; i < n->npods; i++)
		if (n->pods[i]->prio < cy->prio)
			pods[np++] = n->pods[i];
	if (!np) {
		c->code = SCH_UNRESOLVABLE;
		sch_status_add(&c->st, SCH_R_NO_VICTIMS);
		goto out;
	}
	for (size_t i = 0; i < np; i++)
		sch_cache_pod_detach(cy->cache, pods[i]);
	c->code = sch_filter_node(cy, n, &c->st);
	if (c->code != SCH_OK) {
		for (size_t i = 0; i < np; i++)
			sch_cache_pod_attach(cy->cache, pods[i]);
		goto out;
	}
	qsort(pods, np, sizeof(*pods), cmp_importance);
	c->v.pods = xcalloc(np, sizeof(*c->v.pods));
	reprieve(cy, pods, np, pdbs, npdbs, c);
	for (size_t i = 0; i < c->v.n; i++)
		sch_cache_pod_attach(cy->cache, c->v.pods[i]);
out:
	free(pods);
}

static long long prio_sum(const struct sch_victims *v)
{
	long long s = 0;

	for (size_t i = 0; i < v->n; i++)
		s += (long long)v->pods[i]->prio + INT32_MAX + 1LL;
	return s;
}

/* The earliest start among the most important victims (victims are sorted). */
static double earliest_top(const struct sch_victims *v)
{
	double t = v->pods[0]->start;

	for (size_t i = 1; i < v->n && v->pods[i]->prio == v->pods[0]->prio; i++)
		if (v->pods[i]->start < t)
			t = v->pods[i]->start;
	return t;
}

/* Negative when a is the better node (upstream's pickOneNodeForPreemption criteria). */
static int cmp_cand(const struct sch_victims *a, const struct sch_victims *b)
{
	long long sa, sb;

	if (a->pdb_violations != b->pdb_violations)
		return a->pdb_violations - b->pdb_violations;
	if (a->pods[0]->prio != b->pods[0]->prio)
		return a->pods[0]->prio < b->pods[0]->prio ? -1 : 1;
	sa = prio_sum(a);
	sb = prio_sum(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (earliest_top(a) != earliest_top(b))
		return earliest_top(a) > earliest_top(b) ? -1 : 1;
	return 0;
}

static bool eligible(struct sch_cycle *cy, const struct sch_status *st, char **msg)
{
	const char *policy = jx_str(cy->pod, "spec.preemptionPolicy");
	const char *nom = jx_str(cy->pod, "status.nominatedNodeName");
	struct sch_node *n = sch_cache_node(cy->cache, nom);

	if (policy && !strcmp(policy, "Never")) {
		*msg = xstrdup("not eligible due to preemptionPolicy=Never.");
		return false;
	}
	if (!n || !n->obj || st[n->idx].code == SCH_UNRESOLVABLE)
		return true;
	for (size_t i = 0; i < n->npods; i++)
		if (n->pods[i]->deleting && n->pods[i]->prio < cy->prio) {
			*msg =
			    xstrdup("not eligible due to a terminating pod on the nominated node.");
			return false;
		}
	return true;
}

int sch_preempt(struct sch_cycle *cy, const struct sch_status *st, sch_pdbs_fn pdbs_fn, void *arg,
		struct sch_victims *out, char **msg)
{
	size_t n = cy->cache->n, npdbs = 0, best = SIZE_MAX;
	struct cand *c;
	const json_t **objs = NULL;
	struct pdb *pdbs;
	struct sch_status *why;

	memset(out, 0, sizeof(*out));
	*msg = NULL;
	if (!eligible(cy, st, msg))
		return -1;
	npdbs = pdbs_fn ? pdbs_fn(arg, cy->ns, &objs) : 0;
	npdbs = pdbs_load(objs, npdbs, &pdbs);
	free(objs);
	c = xcalloc(n + 1, sizeof(*c));
	why = xcalloc(n + 1, sizeof(*why));
	for (size_t i = 0; i < n; i++) {
		if (st[i].code == SCH_UNRESOLVABLE) {
			sch_status_add(&why[i], SCH_R_NOT_HELPFUL);
			continue;
		}
		/* Budgets are spent per node: each dry run starts from the cached counts. */
		for (size_t k = 0; k < npdbs; k++)
			pdbs[k].allowed = (long)jx_int(pdbs[k].obj, "status.disruptionsAllowed", 0);
		select_victims(cy, cy->cache->list[i], pdbs, npdbs, &c[i]);
		if (c[i].code != SCH_OK) {
			why[i] = c[i].st;
			memset(&c[i].st, 0, sizeof(c[i].st));
		} else if (c[i].v.n && (best == SIZE_MAX || cmp_cand(&c[i].v, &c[best].v) < 0)) {
			best = i;
		}
	}
	if (best != SIZE_MAX) {
		*out = c[best].v;
		c[best].v.pods = NULL;
	} else {
		*msg = sch_fit_message(why, n, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		free(c[i].v.pods);
		sch_status_clear(&c[i].st);
		sch_status_clear(&why[i]);
	}
	free(c);
	free(why);
	pdbs_free(pdbs, npdbs);
	return best != SIZE_MAX ? 0 : -1;
}

void sch_victims_free(struct sch_victims *v)
{
	free(v->pods);
	memset(v, 0, sizeof(*v));
}
