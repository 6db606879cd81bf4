/*
 * Filter plugins, in upstream's order (NodeUnschedulable, NodeName, TaintToleration,
 * NodeAffinity, NodePorts, NodeResourcesFit, PodTopologySpread, InterPodAffinity), with their
 * reasons word for word, and the per-cycle state they share (upstream's PreFilter).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "informer.h"
#include "jsonx.h"
#include "log.h"
#include "scheduler.h"
#include "selector.h"

/* ---- statuses ---- */

void sch_status_clear(struct sch_status *st)
{
	for (int i = 0; i < st->n; i++)
		free(st->reasons[i]);
	st->n = 0;
	st->code = SCH_OK;
}

void sch_status_add(struct sch_status *st, const char *reason)
{
	if (st->n < SCH_MAX_REASONS)
		st->reasons[st->n++] = xstrdup(reason);
}

static enum sch_code fail(struct sch_status *st, enum sch_code code, const char *reason)
{
	st->code = code;
	sch_status_add(st, reason);
	return code;
}

/* ---- shared matching ---- */

bool sch_tolerated(const json_t *tolerations, const struct sch_taint *t)
{
	const json_t *tol;
	size_t i;

	json_array_foreach((json_t *)tolerations, i, tol)
	{
		const char *key = jx_str(tol, "key") ?: "", *op = jx_str(tol, "operator") ?: "";
		const char *effect = jx_str(tol, "effect") ?: "",
			   *value = jx_str(tol, "value") ?: "";

		if (*effect && strcmp(effect, t->effect))
			continue;
		if (*key && strcmp(key, t->key))
			continue;
		if (!strcmp(op, "Exists"))
			return true;
		if ((!*op || !strcmp(op, "Equal")) && !strcmp(value, t->value))
			return true;
	}
	return false;
}

static bool in_values(const json_t *values, const char *v)
{
	const json_t *x;
	size_t i;

	json_array_foreach((json_t *)values, i,
			   x) if (json_is_string(x) &&
				  !strcmp(json_string_value(x), v)) return true;
	return false;
}

static bool parse_i64(const char *s, long long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !errno && !*end;
}

/* One requirement of a node selector term against a label (or field) value, NULL if absent. */
static bool requirement(const json_t *req, const char *v)
{
	const char *op = jx_str(req, "operator") ?: "";
	const json_t *values = json_object_get(req, "values");
	long long a, b;

	if (!strcmp(op, "In"))
		return v && in_values(values, v);
	if (!strcmp(op, "NotIn"))
		return !v || !in_values(values, v);
	if (!strcmp(op, "Exists"))
		return v != NULL;
	if (!strcmp(op, "DoesNotExist"))
		return v == NULL;
	if (json_array_size(values) != 1 || !parse_i64(v, &a) ||
	    !parse_i64(json_string_value(json_array_get(values, 0)), &b))
		return false;
	if (!strcmp(op, "Gt"))
		return a > b;
	if (!strcmp(op, "Lt"))
		return a < b;
	return false;
}

static const char *label(const struct sch_node *n, const char *key)
{
	return key ? json_string_value(json_object_get(n->labels, key)) : NULL;
}

/* A term's requirements are ANDed; an empty term matches nothing, as upstream. */
bool sch_node_selector_term(const json_t *term, const struct sch_node *n)
{
	const json_t *exprs = json_object_get(term, "matchExpressions");
	const json_t *fields = json_object_get(term, "matchFields"), *r;
	size_t i;

	if (!json_array_size(exprs) && !json_array_size(fields))
		return false;
	json_array_foreach((json_t *)exprs, i,
			   r) if (!requirement(r, label(n, jx_str(r, "key")))) return false;
	json_array_foreach((json_t *)fields, i, r)
	{
		const char *key = jx_str(r, "key");

		if (!key || strcmp(key, "metadata.name") || !requirement(r, n->name))
			return false;
	}
	return true;
}

/* A pod affinity term ready to match many pods. */
struct term {
	const json_t *t;
	const char *key; /* topologyKey */
	struct lsel *sel;
	const char *own_ns;
	bool all_ns;
};

static void term_compile(struct term *tm, const json_t *t, const char *own_ns)
{
	const json_t *nsel = json_object_get(t, "namespaceSelector");
	char *err = NULL;

	tm->t = t;
	tm->key = jx_str(t, "topologyKey");
	tm->own_ns = own_ns;
	/* An empty namespaceSelector selects every namespace; a non-empty one would need the
	 * namespaces' labels, which this scheduler does not watch: only `namespaces` counts. */
	tm->all_ns = json_is_object(nsel) && !json_object_size(nsel);
	if (lsel_from_json(json_object_get(t, "labelSelector"), &tm->sel, &err)) {
		free(err);
		tm->sel = NULL;
	}
}

static bool term_match(const struct term *tm, const json_t *pod)
{
	const json_t *nss = json_object_get(tm->t, "namespaces");
	const char *ns = jx_str(pod, "metadata.namespace") ?: "";

	if (!tm->sel || !tm->key)
		return false;
	if (!tm->all_ns) {
		if (json_array_size(nss)
			? !in_values(nss, ns)
			: (json_object_get(tm->t, "namespaceSelector") || strcmp(ns, tm->own_ns)))
			return false;
	}
	return lsel_match_json(tm->sel, jx_get(pod, "metadata.labels"));
}

bool sch_term_matches(const json_t *term, const char *term_ns, const json_t *pod)
{
	struct term tm;
	bool ok;

	term_compile(&tm, term, term_ns);
	ok = term_match(&tm, pod);
	lsel_free(tm.sel);
	return ok;
}

/* ---- counting maps ("term\x1fkey\x1fvalue" -> struct pair) ---- */

struct pair {
	long count;
	char key[];
};

static struct pair *pair_find(const struct hmap *m, long term, const char *key, const char *value)
{
	char *k = xasprintf("%ld\x1f%s\x1f%s", term, key, value);
	struct pair *p = hmap_get(m, k);

	free(k);
	return p;
}

void sch_pair_add(struct hmap *m, long term, const char *key, const char *value, long d)
{
	struct pair *p = pair_find(m, term, key, value);

	if (!p) {
		char *k = xasprintf("%ld\x1f%s\x1f%s", term, key, value);

		p = xmalloc(sizeof(*p) + strlen(k) + 1);
		strcpy(p->key, k);
		p->count = 0;
		free(k);
		hmap_put(m, p->key, p);
	}
	p->count += d;
}

long sch_pair_get(const struct hmap *m, long term, const char *key, const char *value)
{
	struct pair *p = pair_find(m, term, key, value);

	return p ? p->count : 0;
}

void sch_pairs_free(struct hmap *m)
{
	const char *k;
	void *v;

	for (size_t i = 0; (i = hmap_next(m, i, &k, &v));)
		free(v);
	hmap_clear(m);
}

/* ---- per-cycle state ---- */

static const json_t *terms(const json_t *pod, const char *kind, const char *when)
{
	char path[128];

	snprintf(path, sizeof(path), "spec.affinity.%s.%sDuringSchedulingIgnoredDuringExecution",
		 kind, when);
	return json_is_array(jx_get(pod, path)) ? jx_get(pod, path) : NULL;
}

static void images_init(struct sch_cycle *cy)
{
	const char *lists[] = {"spec.initContainers", "spec.containers"};
	const json_t *c;
	size_t i;

	for (int l = 0; l < 2; l++)
		json_array_foreach(jx_get(cy->pod, lists[l]), i, c)
		{
			const char *img = jx_str(c, "image");

			cy->ncontainers++;
			if (!img || !*img)
				continue;
			cy->images = xrealloc(cy->images, (cy->nimages + 1) * sizeof(*cy->images));
			cy->images[cy->nimages++] = sch_image_name(img);
		}
}

/* Domains of a hard constraint: nodes that pass the pod's node affinity and carry every hard
 * constraint's key (upstream's nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore). */
static void spread_domains(struct sch_cycle *cy)
{
	for (size_t i = 0; i < cy->cache->n; i++) {
		const struct sch_node *n = cy->cache->list[i];
		bool all = true;

		for (size_t j = 0; j < cy->nspread && all; j++)
			if (cy->spread[j].hard && !label(n, cy->spread[j].key))
				all = false;
		if (!all || !sch_node_affinity_ok(cy, n))
			continue;
		for (size_t j = 0; j < cy->nspread; j++) {
			struct sch_spread *s = &cy->spread[j];
			int cnt = s->ctr ? s->ctr->counts[n->idx] : 0;

			if (s->hard)
				sch_pair_add(&s->domains, 0, s->key, label(n, s->key), cnt);
		}
	}
	for (size_t j = 0; j < cy->nspread; j++) {
		struct sch_spread *s = &cy->spread[j];
		const char *k;
		void *v;

		s->min = -1;
		for (size_t i = 0; (i = hmap_next(&s->domains, i, &k, &v));) {
			long cnt = ((struct pair *)v)->count;

			s->ndomains++;
			if (s->min < 0 || cnt < s->min)
				s->min = cnt;
		}
		if (s->min < 0 || (long)s->ndomains < s->min_domains)
			s->min = 0;
	}
}

static void spread_add(struct sch_cycle *cy, const char *key, int skew, bool hard, int min_domains,
		       const char *sel, bool self)
{
	struct sch_spread *s;

	cy->spread = xrealloc(cy->spread, (cy->nspread + 1) * sizeof(*cy->spread));
	s = &cy->spread[cy->nspread++];
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->max_skew = skew;
	s->hard = hard;
	s->min_domains = min_domains;
	s->self = self;
	hmap_init(&s->domains);
	/* Counters go stale when another counter is built and evicts them within this cycle:
	 * few constraints per pod, far fewer than the cache keeps. */
	s->ctr = sel ? sch_cache_counter(cy->cache, cy->ns, sel) : NULL;
}

static void spread_init(struct sch_cycle *cy, const char *default_sel)
{
	const json_t *cs = jx_get(cy->pod, "spec.topologySpreadConstraints"), *c;
	bool any_hard = false;
	size_t i;

	if (!json_array_size(cs)) {
		if (!default_sel || !*default_sel)
			return;
		cy->system_spread = true;
		spread_add(cy, SCH_HOSTNAME_LABEL, 3, false, 0, default_sel, true);
		spread_add(cy, SCH_ZONE_LABEL, 5, false, 0, default_sel, true);
		return;
	}
	json_array_foreach((json_t *)cs, i, c)
	{
		const char *key = jx_str(c, "topologyKey"), *when = jx_str(c, "whenUnsatisfiable");
		struct lsel *sel = NULL;
		char *err = NULL, *str = NULL;
		bool hard = when && !strcmp(when, "DoNotSchedule");

		if (!key || lsel_from_json(json_object_get(c, "labelSelector"), &sel, &err)) {
			free(err);
			continue;
		}
		if (json_object_get(c, "labelSelector"))
			str = lsel_string(sel);
		spread_add(cy, key, (int)jx_int(c, "maxSkew", 1), hard,
			   (int)jx_int(c, "minDomains", 1), str, lsel_match_json(sel, cy->labels));
		any_hard |= hard;
		free(str);
		lsel_free(sel);
	}
	if (any_hard)
		spread_domains(cy);
}

/* Count, per topology pair, the pods the incoming pod's required terms match (affinity by term
 * index, anti-affinity all together) and the existing pods whose anti-affinity rejects it. */
static void interpod_init(struct sch_cycle *cy)
{
	struct term *aff = NULL, *anti = NULL;
	size_t naff = json_array_size(cy->aff), nanti = json_array_size(cy->anti), i;
	const char *k;
	void *v;

	if (!naff && !nanti && !cy->cache->naffinity)
		return;
	aff = xcalloc(naff + 1, sizeof(*aff));
	anti = xcalloc(nanti + 1, sizeof(*anti));
	for (i = 0; i < naff; i++)
		term_compile(&aff[i], json_array_get(cy->aff, i), cy->ns);
	for (i = 0; i < nanti; i++)
		term_compile(&anti[i], json_array_get(cy->anti, i), cy->ns);
	cy->aff_self = naff > 0;
	for (i = 0; i < naff; i++)
		cy->aff_self &= term_match(&aff[i], cy->pod);
	for (size_t it = 0; (it = hmap_next(&cy->cache->pods, it, &k, &v));) {
		const struct sch_pod *p = v;
		const struct sch_node *n = p->node;

		if (!n->obj)
			continue;
		for (i = 0; i < naff; i++)
			if (label(n, aff[i].key) && term_match(&aff[i], p->obj)) {
				sch_pair_add(&cy->aff_pairs, (long)i, aff[i].key,
					     label(n, aff[i].key), 1);
				cy->aff_any = true;
			}
		for (i = 0; i < nanti; i++)
			if (label(n, anti[i].key) && term_match(&anti[i], p->obj))
				sch_pair_add(&cy->anti_pairs, 0, anti[i].key, label(n, anti[i].key),
					     1);
		if (p->anti) {
			const json_t *pt = terms(p->obj, "podAntiAffinity", "required"), *t;
			size_t j;

			json_array_foreach((json_t *)pt, j, t)
			{
				const char *key = jx_str(t, "topologyKey");

				if (label(n, key) && sch_term_matches(t, p->ns, cy->pod))
					sch_pair_add(&cy->existing_anti, 0, key, label(n, key), 1);
			}
		}
	}
	for (i = 0; i < naff; i++)
		lsel_free(aff[i].sel);
	for (i = 0; i < nanti; i++)
		lsel_free(anti[i].sel);
	free(aff);
	free(anti);
}

void sch_cycle_init(struct sch_cycle *cy, struct sch_cache *c, const json_t *pod,
		    const char *default_sel)
{
	memset(cy, 0, sizeof(*cy));
	cy->cache = c;
	cy->pod = pod;
	cy->key = inf_key(pod);
	cy->ns = jx_str(pod, "metadata.namespace") ?: "";
	cy->prio = sch_pod_priority(pod);
	podres_pod(pod, false, &cy->req);
	podres_pod(pod, true, &cy->nonzero);
	cy->labels = jx_get(pod, "metadata.labels");
	cy->tolerations = jx_get(pod, "spec.tolerations");
	cy->node_selector = jx_get(pod, "spec.nodeSelector");
	cy->required = jx_get(pod, "spec.affinity.nodeAffinity."
				   "requiredDuringSchedulingIgnoredDuringExecution");
	cy->preferred = jx_get(pod, "spec.affinity.nodeAffinity."
				    "preferredDuringSchedulingIgnoredDuringExecution");
	cy->nports = sch_pod_ports(pod, &cy->ports);
	images_init(cy);
	cy->aff = (json_t *)terms(pod, "podAffinity", "required");
	cy->anti = (json_t *)terms(pod, "podAntiAffinity", "required");
	cy->paff = (json_t *)terms(pod, "podAffinity", "preferred");
	cy->panti = (json_t *)terms(pod, "podAntiAffinity", "preferred");
	hmap_init(&cy->aff_pairs);
	hmap_init(&cy->anti_pairs);
	hmap_init(&cy->existing_anti);
	hmap_init(&cy->score_pairs);
	spread_init(cy, default_sel);
	interpod_init(cy);
}

void sch_cycle_free(struct sch_cycle *cy)
{
	for (size_t i = 0; i < cy->nspread; i++)
		sch_pairs_free(&cy->spread[i].domains);
	free(cy->spread);
	for (size_t i = 0; i < cy->nimages; i++)
		free((char *)cy->images[i]);
	free(cy->images);
	free(cy->ports);
	free(cy->key);
	podres_free(&cy->req);
	podres_free(&cy->nonzero);
	sch_pairs_free(&cy->aff_pairs);
	sch_pairs_free(&cy->anti_pairs);
	sch_pairs_free(&cy->existing_anti);
	sch_pairs_free(&cy->score_pairs);
	memset(cy, 0, sizeof(*cy));
}

/* ---- the filters ---- */

static enum sch_code f_unschedulable(struct sch_cycle *cy, const struct sch_node *n,
				     struct sch_status *st)
{
	static const struct sch_taint t = {"node.kubernetes.io/unschedulable", "", "NoSchedule"};

	if (n->unschedulable && !sch_tolerated(cy->tolerations, &t))
		return fail(st, SCH_UNRESOLVABLE, SCH_R_UNSCHEDULABLE);
	return SCH_OK;
}

static enum sch_code f_node_name(struct sch_cycle *cy, const struct sch_node *n,
				 struct sch_status *st)
{
	const char *want = jx_str(cy->pod, "spec.nodeName");

	if (want && *want && strcmp(want, n->name))
		return fail(st, SCH_UNRESOLVABLE, SCH_R_NODENAME);
	return SCH_OK;
}

static enum sch_code f_taints(struct sch_cycle *cy, const struct sch_node *n, struct sch_status *st)
{
	for (size_t i = 0; i < n->ntaints; i++) {
		const struct sch_taint *t = &n->taints[i];
		char *msg;

		if (strcmp(t->effect, "NoSchedule") && strcmp(t->effect, "NoExecute"))
			continue;
		if (sch_tolerated(cy->tolerations, t))
			continue;
		msg = xasprintf("node(s) had untolerated taint {%s: %s}", t->key, t->value);
		fail(st, SCH_UNRESOLVABLE, msg);
		free(msg);
		return SCH_UNRESOLVABLE;
	}
	return SCH_OK;
}

bool sch_node_affinity_ok(struct sch_cycle *cy, const struct sch_node *n)
{
	const char *k;
	const json_t *v, *term;
	size_t i;

	json_object_foreach((json_t *)cy->node_selector, k, v)
	{
		const char *have = label(n, k);

		if (!have || !json_is_string(v) || strcmp(have, json_string_value(v)))
			return false;
	}
	if (!cy->required)
		return true;
	json_array_foreach(json_object_get(cy->required, "nodeSelectorTerms"), i,
			   term) if (sch_node_selector_term(term, n)) return true;
	return false;
}

static enum sch_code f_node_affinity(struct sch_cycle *cy, const struct sch_node *n,
				     struct sch_status *st)
{
	return sch_node_affinity_ok(cy, n) ? SCH_OK : fail(st, SCH_UNRESOLVABLE, SCH_R_AFFINITY);
}

static bool ports_conflict(const struct sch_port *a, const struct sch_port *b)
{
	if (a->port != b->port || strcmp(a->proto, b->proto))
		return false;
	return !strcmp(a->ip, "0.0.0.0") || !strcmp(b->ip, "0.0.0.0") || !strcmp(a->ip, b->ip);
}

static enum sch_code f_ports(struct sch_cycle *cy, const struct sch_node *n, struct sch_status *st)
{
	if (!cy->nports || !n->nports)
		return SCH_OK;
	for (size_t i = 0; i < n->npods; i++) {
		const struct sch_pod *p = n->pods[i];

		for (size_t j = 0; j < p->nports; j++)
			for (size_t k = 0; k < cy->nports; k++)
				if (ports_conflict(&p->ports[j], &cy->ports[k]))
					return fail(st, SCH_UNSCHED, SCH_R_PORTS);
	}
	return SCH_OK;
}

/* What is in use on n: its pods, plus the room kept for nominated pods at least as important
 * as this one (upstream's RunFilterPluginsWithNominatedPods). */
static void used_with_nominated(struct sch_cycle *cy, const struct sch_node *n, struct podres *used,
				int *npods)
{
	podres_copy(used, &n->req);
	*npods = (int)n->npods;
	for (size_t i = 0; i < n->nnoms; i++) {
		if (n->noms[i].prio < cy->prio || (cy->key && !strcmp(n->noms[i].key, cy->key)))
			continue;
		podres_add(used, &n->noms[i].req);
		(*npods)++;
	}
}

static void insufficient(struct sch_status *st, const char *name)
{
	char *msg = xasprintf("Insufficient %s", name);

	st->code = SCH_UNSCHED;
	sch_status_add(st, msg);
	free(msg);
}

static enum sch_code f_fit(struct sch_cycle *cy, const struct sch_node *n, struct sch_status *st)
{
	const struct podres *r = &cy->req, *a = &n->alloc;
	struct podres used;
	int npods;

	used_with_nominated(cy, n, &used, &npods);
	if (npods + 1 > a->pods) {
		st->code = SCH_UNSCHED;
		sch_status_add(st, SCH_R_TOO_MANY);
	}
	if (r->cpu > 0 && r->cpu > a->cpu - used.cpu)
		insufficient(st, "cpu");
	if (r->mem > 0 && r->mem > a->mem - used.mem)
		insufficient(st, "memory");
	if (r->eph > 0 && r->eph > a->eph - used.eph)
		insufficient(st, "ephemeral-storage");
	for (size_t i = 0; i < r->next; i++)
		if (r->ext[i].val > 0 && r->ext[i].val > podres_ext(a, r->ext[i].name) -
							     podres_ext(&used, r->ext[i].name))
			insufficient(st, r->ext[i].name);
	podres_free(&used);
	return st->code;
}

static enum sch_code f_spread(struct sch_cycle *cy, const struct sch_node *n, struct sch_status *st)
{
	for (size_t i = 0; i < cy->nspread; i++) {
		const struct sch_spread *s = &cy->spread[i];
		const char *v;
		long skew;

		if (!s->hard)
			continue;
		v = label(n, s->key);
		if (!v)
			return fail(st, SCH_UNRESOLVABLE, SCH_R_SPREAD_LABEL);
		skew = sch_pair_get(&s->domains, 0, s->key, v) + s->self - s->min;
		if (skew > s->max_skew)
			return fail(st, SCH_UNSCHED, SCH_R_SPREAD);
	}
	return SCH_OK;
}

static bool affinity_ok(struct sch_cycle *cy, const struct sch_node *n)
{
	size_t i;
	const json_t *t;

	json_array_foreach(cy->aff, i, t)
	{
		const char *key = jx_str(t, "topologyKey"), *v = label(n, key);

		if (!v)
			return false;
		/* The first pod of a group that is affine to itself may go anywhere. */
		if (!sch_pair_get(&cy->aff_pairs, (long)i, key, v) &&
		    (cy->aff_any || !cy->aff_self))
			return false;
	}
	return true;
}

static bool pairs_hit(const struct hmap *m, const struct sch_node *n)
{
	const char *k;
	void *v;

	/* Few pairs: walk them rather than every label of the node. */
	for (size_t i = 0; (i = hmap_next(m, i, &k, &v));) {
		const char *key = strchr(k, '\x1f') + 1, *val = strchr(key, '\x1f') + 1;
		char *name = xstrndup(key, (size_t)(val - 1 - key));
		const char *have = label(n, name);

		free(name);
		if (have && !strcmp(have, val) && ((struct pair *)v)->count > 0)
			return true;
	}
	return false;
}

static enum sch_code f_interpod(struct sch_cycle *cy, const struct sch_node *n,
				struct sch_status *st)
{
	if (json_array_size(cy->aff) && !affinity_ok(cy, n))
		return fail(st, SCH_UNRESOLVABLE, SCH_R_POD_AFF);
	if (cy->anti_pairs.count && pairs_hit(&cy->anti_pairs, n))
		return fail(st, SCH_UNSCHED, SCH_R_POD_ANTI);
	if (cy->existing_anti.count && pairs_hit(&cy->existing_anti, n))
		return fail(st, SCH_UNSCHED, SCH_R_EXISTING_ANTI);
	return SCH_OK;
}

const struct sch_filter sch_filters[] = {
    {"NodeUnschedulable", f_unschedulable},
    {"NodeName", f_node_name},
    {"TaintToleration", f_taints},
    {"NodeAffinity", f_node_affinity},
    {"NodePorts", f_ports},
    {"NodeResourcesFit", f_fit},
    {"PodTopologySpread", f_spread},
    {"InterPodAffinity", f_interpod},
};
const size_t sch_nfilters = sizeof(sch_filters) / sizeof(sch_filters[0]);

enum sch_code sch_filter_node(struct sch_cycle *cy, const struct sch_node *n, struct sch_status *st)
{
	st->code = SCH_OK;
	st->n = 0;
	for (size_t i = 0; i < sch_nfilters; i++)
		if (sch_filters[i].fn(cy, n, st) != SCH_OK)
			return st->code;
	return SCH_OK;
}

/* ---- the summary ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *sch_fit_message(const struct sch_status *st, size_t n, const char *post)
{
	struct hmap hist;
	char **lines = NULL, *msg = xasprintf("0/%zu nodes are available:", n), *tmp;
	size_t nl = 0;
	const char *k;
	void *v;

	hmap_init(&hist);
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < st[i].n; j++)
			hmap_put(&hist, st[i].reasons[j],
				 (void *)((intptr_t)hmap_get(&hist, st[i].reasons[j]) + 1));
	for (size_t i = 0; (i = hmap_next(&hist, i, &k, &v));) {
		lines = xrealloc(lines, (nl + 1) * sizeof(*lines));
		lines[nl++] = xasprintf("%ld %s", (long)(intptr_t)v, k);
	}
	qsort(lines, nl, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < nl; i++) {
		tmp = xasprintf("%s%s%s%s", msg, i ? ", " : " ", lines[i], i + 1 == nl ? "." : "");
		free(msg);
		msg = tmp;
		free(lines[i]);
	}
	free(lines);
	hmap_clear(&hist);
	if (post && *post) {
		tmp = xasprintf("%s %s.", msg, post);
		free(msg);
		msg = tmp;
	}
	return msg;
}

size_t sch_nodes_to_find(int percentage, size_t n)
{
	long pct = percentage, found;

	if (n < SCH_MIN_FEASIBLE || pct >= 100)
		return n;
	if (pct <= 0) {
		pct = 50 - (long)n / 125;
		if (pct < SCH_MIN_PERCENTAGE)
			pct = SCH_MIN_PERCENTAGE;
	}
	found = (long)n * pct / 100;
	return found < SCH_MIN_FEASIBLE ? SCH_MIN_FEASIBLE : (size_t)found;
}

size_t sch_find_feasible(struct sch_cycle *cy, size_t *start, size_t want, struct sch_node **feas,
			 struct sch_status *st)
{
	size_t n = cy->cache->n, from = n ? *start % n : 0, found = 0, i;

	for (i = 0; i < n && found < want; i++) {
		struct sch_node *node = cy->cache->list[(from + i) % n];

		if (sch_filter_node(cy, node, &st[node->idx]) == SCH_OK)
			feas[found++] = node;
	}
	*start = n ? (from + i) % n : 0;
	return found;
}
