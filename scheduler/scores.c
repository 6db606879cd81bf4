/*
 * Score plugins with upstream's formulas and normalizations, each giving 0..100 per node; the
 * cycle adds them up weighted (NodeResourcesFit 1, BalancedAllocation 1, NodeAffinity 2,
 * TaintToleration 3, InterPodAffinity 2, PodTopologySpread 2, ImageLocality 1).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "log.h"
#include "scheduler.h"

#define MB		     (1024LL * 1024)
#define IMAGE_MIN	     (23 * MB)
#define IMAGE_MAX_PER_CTR    (1000 * MB)
#define HARD_AFFINITY_WEIGHT 1

/* DefaultNormalizeScore: scale to the largest; reverse turns "more is worse" around. */
static void normalize(int64_t *s, size_t n, bool reverse)
{
	int64_t max = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] > max)
			max = s[i];
	for (size_t i = 0; i < n; i++) {
		int64_t v = max ? SCH_MAX_NODE_SCORE * s[i] / max : 0;

		s[i] = reverse ? SCH_MAX_NODE_SCORE - v : v;
	}
}

static const char *label(const struct sch_node *n, const char *key)
{
	return key ? json_string_value(json_object_get(n->labels, key)) : NULL;
}

/* ---- NodeResourcesFit (LeastAllocated) and BalancedAllocation over cpu and memory ---- */

static int64_t least(int64_t req, int64_t cap)
{
	if (cap == 0 || req > cap)
		return 0;
	return (cap - req) * SCH_MAX_NODE_SCORE / cap;
}

static void s_fit(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct sch_node *x = nodes[i];
		int64_t sum = 0, w = 0;

		if (x->alloc.cpu) {
			sum += least(x->nonzero.cpu + cy->nonzero.cpu, x->alloc.cpu);
			w++;
		}
		if (x->alloc.mem) {
			sum += least(x->nonzero.mem + cy->nonzero.mem, x->alloc.mem);
			w++;
		}
		out[i] = w ? sum / w : 0;
	}
}

static void s_balanced(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	/* Best-effort pods are skipped: they change no node's balance. */
	bool skip = !cy->req.cpu && !cy->req.mem;

	for (size_t i = 0; i < n; i++) {
		const struct sch_node *x = nodes[i];
		double f[2];
		int nf = 0;

		out[i] = 0;
		if (skip)
			continue;
		if (x->alloc.cpu)
			f[nf++] =
			    fmin(1.0, (double)(x->req.cpu + cy->req.cpu) / (double)x->alloc.cpu);
		if (x->alloc.mem)
			f[nf++] =
			    fmin(1.0, (double)(x->req.mem + cy->req.mem) / (double)x->alloc.mem);
		out[i] =
		    (int64_t)((1 - (nf == 2 ? fabs((f[0] - f[1]) / 2) : 0)) * SCH_MAX_NODE_SCORE);
	}
}

/* ---- NodeAffinity (preferred) and TaintToleration (PreferNoSchedule) ---- */

static void s_affinity(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	const json_t *t;
	size_t j;

	for (size_t i = 0; i < n; i++) {
		out[i] = 0;
		json_array_foreach(cy->preferred, j, t)
		{
			json_int_t w = jx_int(t, "weight", 0);

			if (w && sch_node_selector_term(json_object_get(t, "preference"), nodes[i]))
				out[i] += w;
		}
	}
	normalize(out, n, false);
}

static void s_taint(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	json_t *tols = json_array();
	const json_t *t;
	size_t j;

	/* Only tolerations that can cover PreferNoSchedule count here. */
	json_array_foreach(cy->tolerations, j, t)
	{
		const char *e = jx_str(t, "effect");

		if (!e || !*e || !strcmp(e, "PreferNoSchedule"))
			json_array_append((json_t *)tols, (json_t *)t);
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = 0;
		for (size_t k = 0; k < nodes[i]->ntaints; k++)
			if (!strcmp(nodes[i]->taints[k].effect, "PreferNoSchedule") &&
			    !sch_tolerated(tols, &nodes[i]->taints[k]))
				out[i]++;
	}
	json_decref(tols);
	normalize(out, n, true);
}

/* ---- InterPodAffinity (preferred terms both ways, and existing pods' required affinity) ---- */

static void add_terms(struct sch_cycle *cy, const json_t *terms, const char *term_ns,
		      const json_t *target, const struct sch_node *on, int sign, bool weighted)
{
	const json_t *t;
	size_t i;

	json_array_foreach((json_t *)terms, i, t)
	{
		const json_t *term = weighted ? json_object_get(t, "podAffinityTerm") : t;
		long w = weighted ? (long)jx_int(t, "weight", 0) : HARD_AFFINITY_WEIGHT;
		const char *key = jx_str(term, "topologyKey"), *v = label(on, key);

		if (w && v && sch_term_matches(term, term_ns, target))
			sch_pair_add(&cy->score_pairs, 0, key, v, sign * w);
	}
}

static const json_t *pod_terms(const json_t *pod, const char *path)
{
	return jx_get(pod, path);
}

static void interpod_prescore(struct sch_cycle *cy)
{
	bool mine = json_array_size(cy->paff) || json_array_size(cy->panti);
	const char *k;
	void *v;

	if (!mine && !cy->cache->naffinity)
		return;
	cy->interpod_score = true;
	for (size_t it = 0; (it = hmap_next(&cy->cache->pods, it, &k, &v));) {
		const struct sch_pod *p = v;

		if (!p->node->obj || (!mine && !p->affinity))
			continue;
		add_terms(cy, cy->paff, cy->ns, p->obj, p->node, 1, true);
		add_terms(cy, cy->panti, cy->ns, p->obj, p->node, -1, true);
		if (!p->affinity)
			continue;
		add_terms(cy,
			  pod_terms(p->obj, "spec.affinity.podAffinity."
					    "requiredDuringSchedulingIgnoredDuringExecution"),
			  p->ns, cy->pod, p->node, 1, false);
		add_terms(cy,
			  pod_terms(p->obj, "spec.affinity.podAffinity."
					    "preferredDuringSchedulingIgnoredDuringExecution"),
			  p->ns, cy->pod, p->node, 1, true);
		add_terms(cy,
			  pod_terms(p->obj, "spec.affinity.podAntiAffinity."
					    "preferredDuringSchedulingIgnoredDuringExecution"),
			  p->ns, cy->pod, p->node, -1, true);
	}
}

static void s_interpod(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	int64_t min = INT64_MAX, max = INT64_MIN;
	const char *k;
	void *v;

	interpod_prescore(cy);
	for (size_t i = 0; i < n; i++) {
		out[i] = 0;
		for (size_t it = 0;
		     cy->interpod_score && (it = hmap_next(&cy->score_pairs, it, &k, &v));) {
			const char *key = strchr(k, '\x1f') + 1, *val = strchr(key, '\x1f') + 1;
			char *name = xstrndup(key, (size_t)(val - 1 - key));
			const char *have = label(nodes[i], name);

			if (have && !strcmp(have, val))
				out[i] += sch_pair_get(&cy->score_pairs, 0, name, val);
			free(name);
		}
		if (out[i] < min)
			min = out[i];
		if (out[i] > max)
			max = out[i];
	}
	for (size_t i = 0; i < n; i++)
		out[i] = cy->interpod_score && max > min
			     ? (int64_t)(SCH_MAX_NODE_SCORE *
					 ((double)(out[i] - min) / (double)(max - min)))
			     : 0;
}

/* ---- PodTopologySpread (ScheduleAnyway constraints, or the system defaults) ---- */

static bool has_soft_keys(struct sch_cycle *cy, const struct sch_node *x)
{
	for (size_t j = 0; j < cy->nspread; j++)
		if (!cy->spread[j].hard && !label(x, cy->spread[j].key))
			return false;
	return true;
}

/* Pods per topology value of every non-hostname soft constraint, over all nodes, for the values
 * the feasible nodes have; and each constraint's number of domains among them. */
static void spread_counts(struct sch_cycle *cy, struct sch_node **nodes, size_t n, bool *ignored,
			  struct hmap *pairs, long *size)
{
	bool all = !cy->system_spread;

	for (size_t i = 0; i < n; i++) {
		ignored[i] = all && !has_soft_keys(cy, nodes[i]);
		if (ignored[i])
			continue;
		for (size_t j = 0; j < cy->nspread; j++) {
			const struct sch_spread *s = &cy->spread[j];
			const char *v = label(nodes[i], s->key) ?: "";

			if (s->hard)
				continue;
			if (!strcmp(s->key, SCH_HOSTNAME_LABEL)) {
				size[j]++;
			} else if (!sch_pair_get(pairs, 2 * (long)j + 1, s->key, v)) {
				size[j]++;
				/* A marker (odd terms) that the value is a domain; counts go in the
				 * even ones. */
				sch_pair_add(pairs, 2 * (long)j + 1, s->key, v, 1);
			}
		}
	}
	for (size_t i = 0; i < cy->cache->n; i++) {
		const struct sch_node *x = cy->cache->list[i];

		if ((all && !has_soft_keys(cy, x)) || !sch_node_affinity_ok(cy, x))
			continue;
		for (size_t j = 0; j < cy->nspread; j++) {
			const struct sch_spread *s = &cy->spread[j];
			const char *v = label(x, s->key) ?: "";

			if (s->hard || !s->ctr || !strcmp(s->key, SCH_HOSTNAME_LABEL))
				continue;
			if (sch_pair_get(pairs, 2 * (long)j + 1, s->key, v))
				sch_pair_add(pairs, 2 * (long)j, s->key, v, s->ctr->counts[x->idx]);
		}
	}
}

static void spread_normalize(int64_t *out, const bool *ignored, size_t n)
{
	int64_t min = INT64_MAX, max = 0;

	for (size_t i = 0; i < n; i++) {
		if (ignored[i])
			continue;
		if (out[i] < min)
			min = out[i];
		if (out[i] > max)
			max = out[i];
	}
	for (size_t i = 0; i < n; i++) {
		if (ignored[i])
			out[i] = 0;
		else if (!max)
			out[i] = SCH_MAX_NODE_SCORE;
		else
			out[i] = SCH_MAX_NODE_SCORE * (max + min - out[i]) / max;
	}
}

static void s_spread(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	bool soft = false, *ignored = xcalloc(n + 1, sizeof(*ignored));
	long *size = xcalloc(cy->nspread + 1, sizeof(*size));
	struct hmap pairs;

	hmap_init(&pairs);
	for (size_t j = 0; j < cy->nspread; j++)
		soft |= !cy->spread[j].hard;
	memset(out, 0, n * sizeof(*out));
	if (!soft)
		goto out;
	spread_counts(cy, nodes, n, ignored, &pairs, size);
	for (size_t i = 0; i < n; i++) {
		double score = 0;

		for (size_t j = 0; j < cy->nspread && !ignored[i]; j++) {
			const struct sch_spread *s = &cy->spread[j];
			const char *v = label(nodes[i], s->key);
			long cnt;

			if (s->hard || !v)
				continue;
			if (!strcmp(s->key, SCH_HOSTNAME_LABEL))
				cnt = s->ctr ? s->ctr->counts[nodes[i]->idx] : 0;
			else
				cnt = sch_pair_get(&pairs, 2 * (long)j, s->key, v);
			score += (double)cnt * log((double)size[j] + 2) + (s->max_skew - 1);
		}
		out[i] = (int64_t)llround(score);
	}
	spread_normalize(out, ignored, n);
out:
	sch_pairs_free(&pairs);
	free(size);
	free(ignored);
}

/* ---- ImageLocality ---- */

static void s_image(struct sch_cycle *cy, struct sch_node **nodes, size_t n, int64_t *out)
{
	int64_t maxt = IMAGE_MAX_PER_CTR * (cy->ncontainers ? cy->ncontainers : 1);

	for (size_t i = 0; i < n; i++) {
		int64_t sum = 0;

		out[i] = 0;
		if (!nodes[i]->images.count)
			continue;
		for (size_t j = 0; j < cy->nimages; j++) {
			const struct sch_image *im = hmap_get(&nodes[i]->images, cy->images[j]);
			const struct sch_image *g = hmap_get(&cy->cache->images, cy->images[j]);

			if (im && g && cy->cache->n)
				sum +=
				    (int64_t)((double)im->size * ((double)g->nodes / cy->cache->n));
		}
		sum = sum < IMAGE_MIN ? IMAGE_MIN : sum > maxt ? maxt : sum;
		out[i] = SCH_MAX_NODE_SCORE * (sum - IMAGE_MIN) / (maxt - IMAGE_MIN);
	}
}

const struct sch_score sch_scores[SCH_SC_COUNT] = {
    [SCH_SC_FIT] = {"NodeResourcesFit", 1, s_fit},
    [SCH_SC_BALANCED] = {"NodeResourcesBalancedAllocation", 1, s_balanced},
    [SCH_SC_AFFINITY] = {"NodeAffinity", 2, s_affinity},
    [SCH_SC_TAINT] = {"TaintToleration", 3, s_taint},
    [SCH_SC_INTERPOD] = {"InterPodAffinity", 2, s_interpod},
    [SCH_SC_SPREAD] = {"PodTopologySpread", 2, s_spread},
    [SCH_SC_IMAGE] = {"ImageLocality", 1, s_image},
};

void sch_score_nodes(struct sch_cycle *cy, const int *weights, struct sch_node **nodes, size_t n,
		     int64_t *out)
{
	int64_t *tmp = xcalloc(n + 1, sizeof(*tmp));

	memset(out, 0, n * sizeof(*out));
	for (int p = 0; p < SCH_SC_COUNT; p++) {
		if (!weights[p])
			continue;
		sch_scores[p].fn(cy, nodes, n, tmp);
		for (size_t i = 0; i < n; i++)
			out[i] += tmp[i] * weights[p];
	}
	free(tmp);
}
