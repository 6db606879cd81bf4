/* apply: field sets, comparison, merge and manager bookkeeping for server-side apply.
 *
 * Internally a set node always spells its own membership as a "." member; the wire form
 * (fieldsV1) writes a member without children as {}. fs_* work on the internal form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "patch.h"

#define FS_SELF	     "."
#define FS_MAX_DEPTH 128

/* ---- set trees ---- */

static bool fs_member(const json_t *n)
{
	return json_object_get(n, FS_SELF) != NULL;
}

/* Wire form to internal form. */
static json_t *fs_from_v1(const json_t *v1)
{
	json_t *out = json_object(), *x;
	const char *k;

	if (!json_is_object(v1))
		return out;
	if (!json_object_size(v1))
		json_object_set_new(out, FS_SELF, json_object());
	json_object_foreach((json_t *)v1, k, x)
	{
		if (!strcmp(k, FS_SELF))
			json_object_set_new(out, FS_SELF, json_object());
		else
			json_object_set_new(out, k, fs_from_v1(x));
	}
	return out;
}

static int fs_keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Internal form to wire form, keys sorted as upstream writes them. */
static json_t *fs_to_v1(const json_t *s)
{
	size_t n = json_object_size(s), i = 0;
	const char **keys = calloc(n + 1, sizeof(*keys));
	json_t *out = json_object(), *x;
	const char *k;

	if (!keys)
		return out;
	json_object_foreach((json_t *)s, k, x) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), fs_keycmp);
	for (i = 0; i < n; i++) {
		if (!strcmp(keys[i], FS_SELF)) {
			if (n > 1)
				json_object_set_new(out, FS_SELF, json_object());
			continue;
		}
		json_object_set_new(out, keys[i], fs_to_v1(json_object_get(s, keys[i])));
	}
	free(keys);
	return out;
}

/* Adds b's fields to out, in place. */
static void fs_add(json_t *out, const json_t *b)
{
	json_t *x, *mine;
	const char *k;

	json_object_foreach((json_t *)b, k, x)
	{
		if (!strcmp(k, FS_SELF)) {
			json_object_set_new(out, FS_SELF, json_object());
			continue;
		}
		if ((mine = json_object_get(out, k)))
			fs_add(mine, x);
		else
			json_object_set_new(out, k, json_deep_copy(x));
	}
}

static json_t *fs_union(const json_t *a, const json_t *b)
{
	json_t *out = json_deep_copy(a);

	fs_add(out, b);
	return out;
}

static json_t *fs_diff(const json_t *a, const json_t *b)
{
	json_t *out = json_object(), *x, *theirs, *c;
	const char *k;

	json_object_foreach((json_t *)a, k, x)
	{
		theirs = json_object_get(b, k);
		if (!strcmp(k, FS_SELF)) {
			if (!theirs)
				json_object_set_new(out, FS_SELF, json_object());
			continue;
		}
		c = theirs ? fs_diff(x, theirs) : json_deep_copy(x);
		if (json_object_size(c))
			json_object_set_new(out, k, c);
		else
			json_decref(c);
	}
	return out;
}

static json_t *fs_inter(const json_t *a, const json_t *b)
{
	json_t *out = json_object(), *x, *theirs, *c;
	const char *k;

	json_object_foreach((json_t *)a, k, x)
	{
		if (!(theirs = json_object_get(b, k)))
			continue;
		if (!strcmp(k, FS_SELF)) {
			json_object_set_new(out, FS_SELF, json_object());
			continue;
		}
		c = fs_inter(x, theirs);
		if (json_object_size(c))
			json_object_set_new(out, k, c);
		else
			json_decref(c);
	}
	return out;
}

/* Replace *s by op(*s, b). */
static void fs_update(json_t **s, const json_t *b, json_t *(*op)(const json_t *, const json_t *))
{
	json_t *n = op(*s, b);

	json_decref(*s);
	*s = n;
}

struct fs_path {
	char *el[FS_MAX_DEPTH];
	int n;
};

static bool fs_push(struct fs_path *p, char *el)
{
	if (!el || p->n >= FS_MAX_DEPTH) {
		free(el);
		return false;
	}
	p->el[p->n++] = el;
	return true;
}

static void fs_pop(struct fs_path *p)
{
	free(p->el[--p->n]);
}

static char *fs_field_el(const char *name)
{
	char *s = NULL;

	return asprintf(&s, "f:%s", name) < 0 ? NULL : s;
}

/* "k:" or "v:" followed by compact JSON (keys sorted). */
static char *fs_json_el(char tag, const json_t *v)
{
	char *j = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY), *s = NULL;

	if (!j)
		return NULL;
	if (asprintf(&s, "%c:%s", tag, j) < 0)
		s = NULL;
	free(j);
	return s;
}

static void fs_insert(json_t *set, const struct fs_path *p)
{
	json_t *n = set, *c;

	if (!p->n)
		return;
	for (int i = 0; i < p->n; i++) {
		if (!(c = json_object_get(n, p->el[i]))) {
			c = json_object();
			json_object_set_new(n, p->el[i], c);
		}
		n = c;
	}
	json_object_set_new(n, FS_SELF, json_object());
}

/* ---- list element identities ---- */

/* Key fields upstream's schema defaults when an element omits them. */
static const char *fs_key_default(const char *key)
{
	return !strcmp(key, "protocol") ? "TCP" : NULL;
}

/* The "k:{...}" element of an associative list entry; NULL when a key field is missing. */
static char *fs_assoc_el(const json_t *elem, const char *list_keys)
{
	json_t *k = json_object(), *v;
	char name[128], *out = NULL;
	const char *p = list_keys, *comma, *def;
	size_t len;

	if (!json_is_object(elem))
		goto out;
	for (; p && *p; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len >= sizeof(name))
			goto out;
		memcpy(name, p, len);
		name[len] = '\0';
		v = json_object_get(elem, name);
		if (v && !json_is_null(v))
			json_object_set(k, name, v);
		else if ((def = fs_key_default(name)))
			json_object_set_new(k, name, json_string(def));
		else
			goto out;
	}
	out = fs_json_el('k', k);
out:
	json_decref(k);
	return out;
}

static bool fs_assoc(const struct smp_field *f)
{
	return f && (f->flags & SMP_ASSOC) && f->list_keys;
}

static bool fs_set(const struct smp_field *f)
{
	return f && (f->flags & SMP_SET);
}

/* The element identity of a granular list entry, or NULL. */
static char *fs_elem_el(const json_t *elem, const struct smp_field *f)
{
	if (fs_assoc(f))
		return fs_assoc_el(elem, f->list_keys);
	if (json_is_object(elem) || json_is_array(elem))
		return NULL;
	return fs_json_el('v', elem);
}

/* ---- the fields an object sets ---- */

static void fs_collect(const json_t *v, const struct smp_field *f, const struct smp_type *t,
		       struct fs_path *p, json_t *set)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v) && json_object_size(v) && !(f && (f->flags & SMP_ATOMIC))) {
		json_object_foreach((json_t *)v, k, x)
		{
			const struct smp_field *cf = smp_field(t, k);

			if (!fs_push(p, fs_field_el(k)))
				continue;
			fs_collect(x, cf, cf ? cf->type : NULL, p, set);
			fs_pop(p);
		}
		return;
	}
	if (json_is_array(v) && (fs_assoc(f) || fs_set(f))) {
		json_array_foreach(v, i, x)
		{
			if (!fs_push(p, fs_elem_el(x, f)))
				continue;
			if (fs_assoc(f))
				fs_collect(x, NULL, f->type, p, set);
			fs_insert(set, p);
			fs_pop(p);
		}
		return;
	}
	fs_insert(set, p);
}

/* Drop what upstream never records as owned: apiVersion, kind and server-set metadata. */
static void fs_strip(json_t *set)
{
	static const char *const meta[] = {
	    "f:name",	     "f:namespace",  "f:creationTimestamp", "f:selfLink",	 "f:uid",
	    "f:clusterName", "f:generation", "f:managedFields",	    "f:resourceVersion",
	};
	json_t *m = json_object_get(set, "f:metadata"), *c;

	json_object_del(set, "f:apiVersion");
	json_object_del(set, "f:kind");
	if (!m)
		return;
	json_object_del(m, FS_SELF);
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		if (!(c = json_object_get(m, meta[i])))
			continue;
		json_object_del(c, FS_SELF);
		if (!json_object_size(c))
			json_object_del(m, meta[i]);
	}
	if (!json_object_size(m))
		json_object_del(set, "f:metadata");
}

static json_t *fs_of(const json_t *obj, const struct smp_type *t)
{
	struct fs_path p = {.n = 0};
	json_t *set = json_object();

	if (json_is_object(obj))
		fs_collect(obj, NULL, t, &p, set);
	fs_strip(set);
	return set;
}

/* ---- comparison ---- */

struct fs_cmp {
	json_t *added, *modified, *removed;
};

static bool fs_empty_value(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_object(v) && !json_object_size(v)) ||
	       (json_is_array(v) && !json_array_size(v));
}

static void fs_cmp(const json_t *l, const json_t *r, const struct smp_field *f,
		   const struct smp_type *t, struct fs_path *p, struct fs_cmp *c);

static void fs_cmp_child(const json_t *l, const json_t *r, char *el, const struct smp_field *f,
			 const struct smp_type *t, struct fs_path *p, struct fs_cmp *c)
{
	if (!fs_push(p, el))
		return;
	fs_cmp(l, r, f, t, p, c);
	fs_pop(p);
}

static void fs_cmp_map(const json_t *l, const json_t *r, const struct smp_type *t,
		       struct fs_path *p, struct fs_cmp *c)
{
	const char *k;
	json_t *x;
	const struct smp_field *cf;

	json_object_foreach((json_t *)l, k, x)
	{
		cf = smp_field(t, k);
		fs_cmp_child(x, json_object_get(r, k), fs_field_el(k), cf, cf ? cf->type : NULL, p,
			     c);
	}
	json_object_foreach((json_t *)r, k, x)
	{
		if (json_object_get(l, k))
			continue;
		cf = smp_field(t, k);
		fs_cmp_child(NULL, x, fs_field_el(k), cf, cf ? cf->type : NULL, p, c);
	}
}

/* The first element of list whose identity is el, or NULL. */
static const json_t *fs_find_elem(const json_t *list, const char *el, const struct smp_field *f)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
	{
		char *xe = fs_elem_el(x, f);
		bool same = xe && !strcmp(xe, el);

		free(xe);
		if (same)
			return x;
	}
	return NULL;
}

static void fs_cmp_list(const json_t *l, const json_t *r, const struct smp_field *f,
			struct fs_path *p, struct fs_cmp *c)
{
	size_t i;
	json_t *x;
	char *el;

	json_array_foreach(l, i, x)
	{
		if (!(el = fs_elem_el(x, f)))
			continue;
		if (fs_find_elem(l, el, f) != x) {
			free(el); /* duplicates compare once */
			continue;
		}
		fs_cmp_child(x, fs_find_elem(r, el, f), el, NULL, f->type, p, c);
	}
	json_array_foreach(r, i, x)
	{
		if (!(el = fs_elem_el(x, f)))
			continue;
		if (fs_find_elem(l, el, f) || fs_find_elem(r, el, f) != x) {
			free(el);
			continue;
		}
		fs_cmp_child(NULL, x, el, NULL, f->type, p, c);
	}
}

/* structured-merge-diff's compare: leaves are added, modified or removed; a granular node
 * that appears or disappears is itself added or removed. */
static void fs_cmp(const json_t *l, const json_t *r, const struct smp_field *f,
		   const struct smp_type *t, struct fs_path *p, struct fs_cmp *c)
{
	bool atomic = f && (f->flags & SMP_ATOMIC),
	     both_empty = fs_empty_value(l) && fs_empty_value(r);
	bool lnull = !l || json_is_null(l), rnull = !r || json_is_null(r);

	if (!atomic && !both_empty && (lnull || json_is_object(l)) &&
	    (rnull || json_is_object(r))) {
		fs_cmp_map(l, r, t, p, c);
	} else if (!both_empty && (fs_assoc(f) || fs_set(f)) && (lnull || json_is_array(l)) &&
		   (rnull || json_is_array(r))) {
		fs_cmp_list(l, r, f, p, c);
	} else {
		if (!l && r)
			fs_insert(c->added, p);
		else if (l && !r)
			fs_insert(c->removed, p);
		else if (l && r && !json_equal((json_t *)l, (json_t *)r))
			fs_insert(c->modified, p);
		return;
	}
	if (!l)
		fs_insert(c->added, p);
	else if (!r)
		fs_insert(c->removed, p);
}

/* The Go zero object of a type: value structs as {}, non-omitempty lists as null. */
static json_t *fs_zero(const struct smp_type *t)
{
	json_t *z = json_object();

	for (const struct smp_field *f = t ? t->fields : NULL; f && f->name; f++) {
		if (!(f->flags & SMP_VALUE))
			continue;
		json_object_set_new(z, f->name,
				    (f->flags & SMP_LIST) ? json_null() : fs_zero(f->type));
	}
	return z;
}

static void fs_compare(const json_t *old, const json_t *new_obj, const struct smp_type *t,
		       struct fs_cmp *c)
{
	struct fs_path p = {.n = 0};
	json_t *zero = old ? NULL : fs_zero(t);

	c->added = json_object();
	c->modified = json_object();
	c->removed = json_object();
	fs_cmp(old ? old : zero, new_obj, NULL, t, &p, c);
	json_decref(zero);
}

static void fs_cmp_free(struct fs_cmp *c)
{
	json_decref(c->added);
	json_decref(c->modified);
	json_decref(c->removed);
}

/* ---- merge ---- */

static json_t *fs_merge(const json_t *l, const json_t *r, const struct smp_field *f,
			const struct smp_type *t);

/* Identities of every element, or NULL when one cannot be keyed. */
static char **fs_elem_ids(const json_t *list, const struct smp_field *f)
{
	size_t n = json_array_size(list), i;
	char **ids = calloc(n + 1, sizeof(*ids));
	json_t *x;

	if (!ids)
		return NULL;
	json_array_foreach(list, i, x)
	{
		if (!(ids[i] = fs_elem_el(x, f))) {
			for (size_t j = 0; j < i; j++)
				free(ids[j]);
			free(ids);
			return NULL;
		}
	}
	return ids;
}

static void fs_free_ids(char **ids, size_t n)
{
	for (size_t i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
}

static long fs_id_at(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(ids[i], id))
			return (long)i;
	}
	return -1;
}

struct fs_lm {
	const json_t *l, *r;
	char **lid, **rid;
	size_t ln, rn;
	json_t *done; /* identities of rhs items already emitted */
	const struct smp_field *f;
	json_t *out;
};

static void fs_lm_emit(struct fs_lm *m, const char *id)
{
	long li = fs_id_at(m->lid, m->ln, id), ri = fs_id_at(m->rid, m->rn, id);
	const json_t *lv = li >= 0 ? json_array_get(m->l, (size_t)li) : NULL;

	json_object_set_new(m->done, id, json_true());
	json_array_append_new(m->out,
			      fs_merge(lv, json_array_get(m->r, (size_t)ri), NULL, m->f->type));
}

/* The next rhs identity also present in lhs, at or after rhs index from. */
static const char *fs_lm_shared(struct fs_lm *m, size_t from)
{
	for (size_t i = from; i < m->rn; i++) {
		if (fs_id_at(m->lid, m->ln, m->rid[i]) >= 0 && !json_object_get(m->done, m->rid[i]))
			return m->rid[i];
	}
	return NULL;
}

/* structured-merge-diff's list merge: shared items follow the applied order, live-only items
 * keep their place relative to them. */
static void fs_lm_run(struct fs_lm *m)
{
	size_t li = 0, ri = 0;

	while (li < m->ln || ri < m->rn) {
		if (li < m->ln && ri < m->rn) {
			const char *pe = m->lid[li], *shared = fs_lm_shared(m, ri);

			if (!strcmp(pe, m->rid[ri])) {
				fs_lm_emit(m, pe);
				li++;
				ri++;
				continue;
			}
			if (fs_id_at(m->rid, m->rn, pe) >= 0 && shared && strcmp(shared, pe)) {
				li++;
				continue;
			}
		}
		if (li < m->ln) {
			const char *pe = m->lid[li];

			if (fs_id_at(m->rid, m->rn, pe) < 0) {
				json_array_append(m->out, json_array_get(m->l, li++));
				continue;
			}
			if (json_object_get(m->done, pe))
				li++;
		}
		if (ri < m->rn) {
			if (!json_object_get(m->done, m->rid[ri]))
				fs_lm_emit(m, m->rid[ri]);
			ri++;
		}
	}
}

static json_t *fs_merge_list(const json_t *l, const json_t *r, const struct smp_field *f)
{
	struct fs_lm m = {
	    .l = l, .r = r, .f = f, .ln = json_array_size(l), .rn = json_array_size(r)};
	json_t *out = NULL;

	m.lid = fs_elem_ids(l, f);
	m.rid = fs_elem_ids(r, f);
	if (!m.lid || !m.rid) {
		out = json_deep_copy(r); /* unkeyable entries: the applied list wins */
		goto out;
	}
	m.done = json_object();
	m.out = json_array();
	fs_lm_run(&m);
	out = m.out;
	json_decref(m.done);
out:
	fs_free_ids(m.lid, m.ln);
	fs_free_ids(m.rid, m.rn);
	return out;
}

static json_t *fs_merge(const json_t *l, const json_t *r, const struct smp_field *f,
			const struct smp_type *t)
{
	const char *k;
	json_t *x, *out;

	if (!r)
		return json_deep_copy(l);
	if (!l || json_is_null(l))
		return json_deep_copy(r);
	if (json_is_object(l) && json_is_object(r) && !(f && (f->flags & SMP_ATOMIC))) {
		out = json_deep_copy(l);
		json_object_foreach((json_t *)r, k, x)
		{
			const struct smp_field *cf = smp_field(t, k);

			json_object_set_new(
			    out, k, fs_merge(json_object_get(l, k), x, cf, cf ? cf->type : NULL));
		}
		return out;
	}
	if (json_is_array(l) && json_is_array(r) && (fs_assoc(f) || fs_set(f)))
		return fs_merge_list(l, r, f);
	return json_deep_copy(r);
}

/* ---- removing owned-no-more fields ---- */

/* Remove from obj every member path of rm. */
static void fs_remove(json_t *obj, const json_t *rm, const struct smp_field *f,
		      const struct smp_type *t)
{
	const char *k;
	json_t *x, *target;
	size_t i;

	json_object_foreach((json_t *)rm, k, x)
	{
		if (!strcmp(k, FS_SELF))
			continue;
		if (!strncmp(k, "f:", 2) && json_is_object(obj)) {
			const struct smp_field *cf = smp_field(t, k + 2);

			if (!(target = json_object_get(obj, k + 2)))
				continue;
			if (fs_member(x))
				json_object_del(obj, k + 2);
			else
				fs_remove(target, x, cf, cf ? cf->type : NULL);
			continue;
		}
		if (!json_is_array(obj))
			continue;
		for (i = 0; i < json_array_size(obj); i++) {
			char *el = fs_elem_el(json_array_get(obj, i), f);
			bool hit = el && !strcmp(el, k);

			free(el);
			if (!hit)
				continue;
			if (fs_member(x))
				json_array_remove(obj, i);
			else
				fs_remove(json_array_get(obj, i), x, NULL, f ? f->type : NULL);
			break;
		}
	}
}

/* rm without the paths others own at or beneath. */
static json_t *fs_unowned(const json_t *rm, const json_t *others)
{
	json_t *out = json_object(), *x, *c;
	const char *k;

	json_object_foreach((json_t *)rm, k, x)
	{
		if (!strcmp(k, FS_SELF)) {
			if (!others)
				json_object_set_new(out, FS_SELF, json_object());
			continue;
		}
		c = fs_unowned(x, others ? json_object_get(others, k) : NULL);
		if (json_object_size(c))
			json_object_set_new(out, k, c);
		else
			json_decref(c);
	}
	return out;
}

/* ---- public set functions (wire form) ---- */

static json_t *fs_binop(const json_t *a, const json_t *b,
			json_t *(*op)(const json_t *, const json_t *))
{
	json_t *ia = fs_from_v1(a), *ib = fs_from_v1(b), *r = op(ia, ib), *out = fs_to_v1(r);

	json_decref(ia);
	json_decref(ib);
	json_decref(r);
	return out;
}

json_t *apply_set_union(const json_t *a, const json_t *b)
{
	return fs_binop(a, b, fs_union);
}

json_t *apply_set_difference(const json_t *a, const json_t *b)
{
	return fs_binop(a, b, fs_diff);
}

json_t *apply_set_intersection(const json_t *a, const json_t *b)
{
	return fs_binop(a, b, fs_inter);
}

bool apply_set_empty(const json_t *s)
{
	return !json_object_size(s);
}

/* One path element in upstream's notation: ".f", "[k=v,...]", "[=v]". */
static void fs_print_el(FILE *f, const char *el)
{
	json_t *v = json_loads(el + 2, JSON_DECODE_ANY, NULL), *x;
	const char *k;
	char *s;
	bool first = true;

	if (!strncmp(el, "f:", 2)) {
		fprintf(f, ".%s", el + 2);
	} else if (!strncmp(el, "k:", 2) && json_is_object(v)) {
		fputc('[', f);
		json_object_foreach(v, k, x)
		{
			s = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY);
			fprintf(f, "%s%s=%s", first ? "" : ",", k, s ? s : "");
			free(s);
			first = false;
		}
		fputc(']', f);
	} else {
		fprintf(f, "[=%s]", el + 2);
	}
	json_decref(v);
}

static void fs_paths(const json_t *n, struct fs_path *p, json_t *out)
{
	const char *k;
	json_t *x;

	if (fs_member(n) && p->n) {
		char *s = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&s, &len);

		if (f) {
			for (int i = 0; i < p->n; i++)
				fs_print_el(f, p->el[i]);
			fclose(f);
			json_array_append_new(out, json_string(s));
			free(s);
		}
	}
	json_object_foreach((json_t *)n, k, x)
	{
		if (strcmp(k, FS_SELF) && fs_push(p, strdup(k))) {
			fs_paths(x, p, out);
			fs_pop(p);
		}
	}
}

static json_t *fs_path_list(const json_t *internal)
{
	struct fs_path p = {.n = 0};
	json_t *out = json_array();

	fs_paths(internal, &p, out);
	return out;
}

json_t *apply_set_paths(const json_t *s)
{
	json_t *in = fs_from_v1(s), *out = fs_path_list(in);

	json_decref(in);
	return out;
}

json_t *apply_fieldset(const json_t *obj, const char *group, const char *kind)
{
	json_t *in = fs_of(obj, smp_kind_type(group, kind)), *out = fs_to_v1(in);

	json_decref(in);
	return out;
}

void apply_compare(const json_t *old, const json_t *new_obj, const char *group, const char *kind,
		   json_t **added, json_t **modified, json_t **removed)
{
	struct fs_cmp c;

	fs_compare(old, new_obj, smp_kind_type(group, kind), &c);
	if (added)
		*added = fs_to_v1(c.added);
	if (modified)
		*modified = fs_to_v1(c.modified);
	if (removed)
		*removed = fs_to_v1(c.removed);
	fs_cmp_free(&c);
}

json_t *apply_merge(const json_t *live, const json_t *applied, const char *group, const char *kind)
{
	return fs_merge(live, applied, NULL, smp_kind_type(group, kind));
}

/* ---- managed fields entries ---- */

/* One metadata.managedFields entry, with its set in internal form. */
struct fs_entry {
	char *manager, *operation, *api_version, *time, *subresource;
	json_t *set;
};

struct fs_managers {
	struct fs_entry *e;
	size_t n;
};

static char *fs_dup(const char *s)
{
	return strdup(s ? s : "");
}

static void fs_managers_free(struct fs_managers *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].manager);
		free(m->e[i].operation);
		free(m->e[i].api_version);
		free(m->e[i].time);
		free(m->e[i].subresource);
		json_decref(m->e[i].set);
	}
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static struct fs_entry *fs_managers_add(struct fs_managers *m, const char *manager, const char *op,
					const char *api_version, const char *subresource)
{
	struct fs_entry *e = realloc(m->e, (m->n + 1) * sizeof(*e));

	if (!e)
		return NULL;
	m->e = e;
	e = &m->e[m->n++];
	e->manager = fs_dup(manager);
	e->operation = fs_dup(op);
	e->api_version = fs_dup(api_version);
	e->subresource = fs_dup(subresource);
	e->time = NULL;
	e->set = json_object();
	return e;
}

static void fs_managers_decode(struct fs_managers *m, const json_t *obj)
{
	json_t *list = json_object_get(json_object_get(obj, "metadata"), "managedFields"), *x;
	size_t i;

	json_array_foreach(list, i, x)
	{
		struct fs_entry *e =
		    fs_managers_add(m, json_string_value(json_object_get(x, "manager")),
				    json_string_value(json_object_get(x, "operation")),
				    json_string_value(json_object_get(x, "apiVersion")),
				    json_string_value(json_object_get(x, "subresource")));
		const char *t = json_string_value(json_object_get(x, "time"));

		if (!e)
			return;
		e->time = t ? strdup(t) : NULL;
		json_decref(e->set);
		e->set = fs_from_v1(json_object_get(x, "fieldsV1"));
	}
}

/* The entry upstream would consider the same manager (Apply entries are not versioned). */
static struct fs_entry *fs_managers_find(struct fs_managers *m, const char *manager, const char *op,
					 const char *api_version, const char *subresource)
{
	for (size_t i = 0; i < m->n; i++) {
		struct fs_entry *e = &m->e[i];

		if (strcmp(e->manager, manager) || strcmp(e->operation, op) ||
		    strcmp(e->subresource, subresource ? subresource : ""))
			continue;
		if (!strcmp(op, "Apply") || !strcmp(e->api_version, api_version ? api_version : ""))
			return e;
	}
	return NULL;
}

static int fs_entry_cmp(const void *a, const void *b)
{
	const struct fs_entry *p = a, *q = b;
	int c;

	if ((c = strcmp(p->operation, q->operation)))
		return c;
	if ((c = strcmp(p->time ? p->time : "", q->time ? q->time : "")))
		return c;
	if ((c = strcmp(p->manager, q->manager)))
		return c;
	if ((c = strcmp(p->api_version, q->api_version)))
		return c;
	return strcmp(p->subresource, q->subresource);
}

/* Write the entries back into obj, in upstream's order, dropping empty ones. */
static void fs_managers_encode(struct fs_managers *m, json_t *obj)
{
	json_t *meta = json_object_get(obj, "metadata"), *list = json_array();

	qsort(m->e, m->n, sizeof(*m->e), fs_entry_cmp);
	for (size_t i = 0; i < m->n; i++) {
		struct fs_entry *e = &m->e[i];
		json_t *x;

		if (!json_object_size(e->set))
			continue;
		x = json_pack("{s:s,s:s,s:s}", "manager", e->manager, "operation", e->operation,
			      "apiVersion", e->api_version);
		if (e->time)
			json_object_set_new(x, "time", json_string(e->time));
		json_object_set_new(x, "fieldsType", json_string("FieldsV1"));
		json_object_set_new(x, "fieldsV1", fs_to_v1(e->set));
		if (*e->subresource)
			json_object_set_new(x, "subresource", json_string(e->subresource));
		json_array_append_new(list, x);
	}
	if (!json_is_object(meta)) {
		meta = json_object();
		json_object_set_new(obj, "metadata", meta);
	}
	if (json_array_size(list))
		json_object_set_new(meta, "managedFields", list);
	else {
		json_object_del(meta, "managedFields");
		json_decref(list);
	}
}

/* A copy of obj reduced to what a (sub)resource write tracks: no managedFields; no status for
 * the main resource, only status for the status subresource. */
static json_t *fs_tracked(const json_t *obj, const char *subresource)
{
	json_t *c, *meta;

	if (!obj)
		return NULL;
	if (subresource && !strcmp(subresource, "status")) {
		c = json_object();
		if (json_object_get(obj, "status"))
			json_object_set(c, "status", json_object_get(obj, "status"));
		return c;
	}
	c = json_deep_copy(obj);
	json_object_del(c, "status");
	if ((meta = json_object_get(c, "metadata")))
		json_object_del(meta, "managedFields");
	return c;
}

static void fs_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Take from other managers what changed or vanished (upstream's forced update). */
static void fs_managers_take(struct fs_managers *m, const struct fs_entry *self,
			     const struct fs_cmp *c)
{
	json_t *changed;

	if (m->n < 2)
		return; /* nobody else to take from, as on every create */
	changed = fs_union(c->added, c->modified);
	for (size_t i = 0; i < m->n; i++) {
		if (&m->e[i] == self)
			continue;
		fs_update(&m->e[i].set, changed, fs_diff);
		fs_update(&m->e[i].set, c->removed, fs_diff);
	}
	json_decref(changed);
}

/* The type of obj from its apiVersion ("apps/v1" -> group apps) and kind. */
static const struct smp_type *fs_type_of(const json_t *obj)
{
	const char *av = json_string_value(json_object_get(obj, "apiVersion"));
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	const char *slash = av ? strchr(av, '/') : NULL;
	char group[256] = "";

	if (slash && (size_t)(slash - av) < sizeof(group)) {
		memcpy(group, av, (size_t)(slash - av));
		group[slash - av] = '\0';
	}
	return smp_kind_type(group, kind);
}

static bool fs_cmp_empty(const struct fs_cmp *c)
{
	return !json_object_size(c->added) && !json_object_size(c->modified) &&
	       !json_object_size(c->removed);
}

static void fs_stamp(struct fs_entry *e, const char *time_rfc3339)
{
	char now[32];

	if (!time_rfc3339) {
		fs_now(now, sizeof(now));
		time_rfc3339 = now;
	}
	free(e->time);
	e->time = strdup(time_rfc3339);
}

/* The updating manager gains what it changed; everyone else loses it. */
static void fs_record_update(struct fs_managers *m, const struct fs_cmp *c, const char *manager,
			     const char *operation, const char *api_version,
			     const char *subresource, const char *time_rfc3339)
{
	struct fs_entry *self = fs_managers_find(m, manager, operation, api_version, subresource);
	size_t idx;

	if (!self && !(self = fs_managers_add(m, manager, operation, api_version, subresource)))
		return;
	idx = (size_t)(self - m->e);
	fs_managers_take(m, self, c);
	self = &m->e[idx];
	fs_update(&self->set, c->removed, fs_diff);
	fs_add(self->set, c->modified);
	fs_add(self->set, c->added);
	fs_strip(self->set);
	if (!fs_cmp_empty(c) || !self->time)
		fs_stamp(self, time_rfc3339);
}

void apply_track_update_sub(json_t *new_obj, const json_t *old_obj, const char *manager,
			    const char *operation, const char *api_version,
			    const char *time_rfc3339, const char *subresource)
{
	struct fs_managers m = {0};
	struct fs_cmp c;
	json_t *o, *n;

	if (!json_is_object(new_obj) || !manager)
		return;
	subresource = subresource ? subresource : "";
	/* A client may reset managedFields by sending them; otherwise the live ones stand. */
	fs_managers_decode(&m, new_obj);
	if (!m.n || *subresource) {
		fs_managers_free(&m);
		fs_managers_decode(&m, old_obj);
	}
	o = fs_tracked(old_obj, subresource);
	n = fs_tracked(new_obj, subresource);
	fs_compare(o, n, fs_type_of(new_obj), &c);
	fs_record_update(&m, &c, manager, operation ? operation : "Update", api_version,
			 subresource, time_rfc3339);
	fs_managers_encode(&m, new_obj);
	fs_managers_free(&m);
	fs_cmp_free(&c);
	json_decref(o);
	json_decref(n);
}

void apply_track_update(json_t *new_obj, const json_t *old_obj, const char *manager,
			const char *operation, const char *api_version, const char *time_rfc3339)
{
	apply_track_update_sub(new_obj, old_obj, manager, operation, api_version, time_rfc3339,
			       NULL);
}

/* ---- server-side apply ---- */

/* Go's %q for plain manager names. */
static void fs_quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A manager as upstream's conflict messages name it. */
static char *fs_manager_name(const struct fs_entry *e)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		return NULL;
	fs_quote(f, e->manager);
	if (*e->subresource) {
		fputs(" with subresource ", f);
		fs_quote(f, e->subresource);
	}
	if (!strcmp(e->operation, "Update"))
		fprintf(f, " using %s", e->api_version);
	fclose(f);
	return s;
}

/* Conflicts of the applying manager with everyone else's sets; NULL when there are none. */
static json_t *fs_conflicts(const struct fs_managers *m, const struct fs_entry *self,
			    const struct fs_cmp *c)
{
	json_t *changed = fs_union(c->added, c->modified), *out = json_array();

	for (size_t i = 0; i < m->n; i++) {
		const struct fs_entry *e = &m->e[i];
		json_t *hit, *paths, *p;
		char *name;
		size_t j;

		if (e == self)
			continue;
		hit = fs_inter(e->set, changed);
		paths = fs_path_list(hit);
		name = fs_manager_name(e);
		json_array_foreach(paths, j, p)
		{
			char *msg = NULL;

			if (asprintf(&msg, "conflict with %s", name ? name : "") < 0)
				msg = NULL;
			json_array_append_new(out, json_pack("{s:s,s:O,s:s}", "manager",
							     name ? name : "", "field", p,
							     "message", msg ? msg : ""));
			free(msg);
		}
		free(name);
		json_decref(paths);
		json_decref(hit);
	}
	json_decref(changed);
	if (!json_array_size(out)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

char *apply_conflict_message(const json_t *conflicts)
{
	size_t n = json_array_size(conflicts), i, j;
	char *s = NULL;
	size_t len = 0;
	FILE *f;
	json_t *c, *d;

	if (n == 1) {
		c = json_array_get(conflicts, 0);
		if (asprintf(&s, "Apply failed with 1 conflict: %s: %s",
			     json_string_value(json_object_get(c, "message")),
			     json_string_value(json_object_get(c, "field"))) < 0)
			return NULL;
		return s;
	}
	if (!(f = open_memstream(&s, &len)))
		return NULL;
	fprintf(f, "Apply failed with %zu conflicts: ", n);
	/* Grouped by manager in order of first appearance (entries come sorted). */
	json_array_foreach(conflicts, i, c)
	{
		const char *mgr = json_string_value(json_object_get(c, "manager"));
		bool seen = false;

		for (j = 0; j < i && !seen; j++) {
			d = json_array_get(conflicts, j);
			seen = !strcmp(mgr, json_string_value(json_object_get(d, "manager")));
		}
		if (seen)
			continue;
		fprintf(f, "%sconflicts with %s:", i ? "\n" : "", mgr);
		for (j = i; j < n; j++) {
			d = json_array_get(conflicts, j);
			if (!strcmp(mgr, json_string_value(json_object_get(d, "manager"))))
				fprintf(f, "\n- %s",
					json_string_value(json_object_get(d, "field")));
		}
	}
	fclose(f);
	return s;
}

/* Drop fields the manager applied last time but no longer does, unless someone else owns
 * them (upstream's prune). */
static void fs_prune(json_t *merged, const struct fs_managers *m, const struct fs_entry *self,
		     const json_t *newset, const struct smp_type *t)
{
	json_t *others, *rm, *keep;

	if (!self)
		return;
	others = json_deep_copy(newset);
	for (size_t i = 0; i < m->n; i++) {
		if (&m->e[i] != self)
			fs_update(&others, m->e[i].set, fs_union);
	}
	rm = fs_diff(self->set, newset);
	keep = fs_unowned(rm, others);
	fs_remove(merged, keep, NULL, t);
	json_decref(others);
	json_decref(rm);
	json_decref(keep);
}

/* Objects that were never tracked get their fields credited to "before-first-apply". */
static void fs_before_first_apply(struct fs_managers *m, const json_t *live_c,
				  const struct smp_type *t, const char *api_version)
{
	struct fs_cmp c;

	fs_compare(NULL, live_c, t, &c);
	fs_record_update(m, &c, "before-first-apply", "Update", api_version, "", NULL);
	fs_cmp_free(&c);
}

struct fs_apply {
	const struct smp_type *t;
	struct fs_managers m;
	json_t *cfg, *live_c, *merged, *newset;
	struct fs_cmp c;
	bool compared;
};

static void fs_apply_free(struct fs_apply *a)
{
	fs_managers_free(&a->m);
	json_decref(a->cfg);
	json_decref(a->live_c);
	json_decref(a->merged);
	json_decref(a->newset);
	if (a->compared)
		fs_cmp_free(&a->c);
}

static int fs_apply_check(const json_t *applied, char **err)
{
	const json_t *meta = json_object_get(applied, "metadata");

	if (!json_is_object(applied)) {
		*err = strdup("apply configuration must be an object");
		return -1;
	}
	if (json_object_get(meta, "managedFields") &&
	    !json_is_null(json_object_get(meta, "managedFields"))) {
		*err = strdup("metadata.managedFields must be nil");
		return -1;
	}
	return 0;
}

/* The new object: merged fields, the live status, the managers. */
static json_t *fs_apply_result(struct fs_apply *a, const json_t *live)
{
	json_t *out = json_deep_copy(a->merged), *st = json_object_get(live, "status");

	if (st)
		json_object_set(out, "status", st);
	fs_managers_encode(&a->m, out);
	return out;
}

int apply_patch(const json_t *live, const json_t *applied, const char *manager, bool force,
		const char *group, const char *kind, json_t **out, json_t **conflicts, char **err)
{
	struct fs_apply a = {.t = smp_kind_type(group, kind)};
	const char *av = json_string_value(json_object_get(applied, "apiVersion"));
	struct fs_entry *self;
	size_t idx;
	int rc = APPLY_BAD;

	*out = NULL;
	*conflicts = NULL;
	*err = NULL;
	if (fs_apply_check(applied, err) < 0)
		return APPLY_BAD;
	a.cfg = fs_tracked(applied, NULL);
	a.live_c = fs_tracked(live, NULL);
	if (live) {
		fs_managers_decode(&a.m, live);
		if (!a.m.n)
			fs_before_first_apply(
			    &a.m, a.live_c, a.t,
			    json_string_value(json_object_get(live, "apiVersion")));
	}
	a.newset = fs_of(a.cfg, a.t);
	a.merged = fs_merge(a.live_c, a.cfg, NULL, a.t);
	self = fs_managers_find(&a.m, manager, "Apply", av, "");
	fs_prune(a.merged, &a.m, self, a.newset, a.t);
	fs_compare(a.live_c, a.merged, a.t, &a.c);
	a.compared = true;
	if (!self && !(self = fs_managers_add(&a.m, manager, "Apply", av, "")))
		goto out;
	idx = (size_t)(self - a.m.e);
	if (!force && (*conflicts = fs_conflicts(&a.m, self, &a.c))) {
		rc = APPLY_CONFLICT;
		goto out;
	}
	fs_managers_take(&a.m, &a.m.e[idx], &a.c);
	self = &a.m.e[idx];
	json_decref(self->set);
	self->set = json_incref(a.newset);
	free(self->api_version);
	self->api_version = fs_dup(av);
	fs_stamp(self, NULL);
	*out = fs_apply_result(&a, live);
	rc = APPLY_OK;
out:
	fs_apply_free(&a);
	return rc;
}
