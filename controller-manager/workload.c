/* ControllerRevisions: the saved pod templates of daemon sets and stateful sets. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "expect.h"
#include "jsonx.h"
#include "log.h"
#include "podctl.h"
#include "recorder.h"
#include "workload.h"

json_t *wl_rev_data(const json_t *owner)
{
	const json_t *tmpl = jx_get(owner, "spec.template");
	json_t *t = json_is_object(tmpl) ? json_deep_copy(tmpl) : json_object();

	json_object_set_new(t, "$patch", json_string("replace"));
	return json_pack("{s:{s:o}}", "spec", "template", t);
}

void wl_rev_hash(const json_t *data, unsigned collisions, char buf[16])
{
	/* Characters that never spell words, as upstream's rand.SafeEncodeString. */
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	char *s = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	uint32_t h = 2166136261u;
	char dec[16];

	for (const char *p = s ? s : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (int i = 0; collisions && i < 4; i++)
		h = (h ^ ((collisions >> (8 * i)) & 0xff)) * 16777619u;
	snprintf(dec, sizeof(dec), "%u", h);
	for (size_t i = 0; i <= strlen(dec); i++)
		buf[i] = dec[i] ? alphabet[(unsigned char)dec[i] % (sizeof(alphabet) - 1)] : 0;
	free(s);
}

json_t *wl_rev_new(const json_t *owner, const json_t *data, const char *hash, long revision)
{
	const json_t *labels = jx_get(owner, "spec.template.metadata.labels");
	json_t *l = json_is_object(labels) ? json_deep_copy(labels) : json_object();
	json_t *rev;

	json_object_set_new(l, WL_HASH_LABEL, json_string(hash));
	rev = json_pack("{s:s, s:s, s:{s:s++, s:s?, s:o, s:[o]}, s:O, s:I}", "apiVersion",
			"apps/v1", "kind", "ControllerRevision", "metadata", "name",
			jx_str(owner, "metadata.name") ? jx_str(owner, "metadata.name") : "", "-",
			hash, "namespace", jx_str(owner, "metadata.namespace"), "labels", l,
			"ownerReferences", ctrl_owner_ref(owner), "data", data, "revision",
			(json_int_t)revision);
	return rev;
}

const json_t *wl_rev_template(const json_t *rev)
{
	const json_t *t = jx_get(rev, "data.spec.template");

	return json_is_object(t) ? t : NULL;
}

long wl_rev_max(const json_t *const *revs, size_t n)
{
	long max = 0;

	for (size_t i = 0; i < n; i++)
		if (jx_int(revs[i], "revision", 0) > max)
			max = (long)jx_int(revs[i], "revision", 0);
	return max;
}

static int by_revision(const void *a, const void *b)
{
	json_int_t x = jx_int(*(const json_t *const *)a, "revision", 0);
	json_int_t y = jx_int(*(const json_t *const *)b, "revision", 0);

	return (x > y) - (x < y);
}

size_t wl_rev_truncate(const json_t *const *revs, size_t n, const char *const *live, size_t nlive,
		       long limit, const json_t ***out)
{
	size_t m = 0, k = 0;

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		const char *name = jx_str(revs[i], "metadata.name");
		bool is_live = false;

		for (size_t j = 0; name && j < nlive && !is_live; j++)
			is_live = live[j] && !strcmp(live[j], name);
		if (!is_live)
			(*out)[m++] = revs[i];
	}
	if (limit < 0)
		limit = 0;
	if (m <= (size_t)limit)
		return 0;
	qsort(*out, m, sizeof(**out), by_revision);
	k = m - (size_t)limit;
	return k;
}

/* ---- pod writes with events and expectations ---- */

struct wl_req {
	struct rec *rec;
	struct exp_set *exp;
	char *key, *name, *ok_msg, *fail_msg;
	json_t *owner;
	bool del;
};

static bool wl_answered(void *arg, int code, json_t *body, const char *err)
{
	struct wl_req *r = arg;
	/* A named object that exists already was made by an earlier sync the cache lags. */
	bool ok = (code >= 200 && code < 300) || (r->del && code == 404) ||
		  (!r->del && r->name && code == 409);
	const char *name = jx_str(body, "metadata.name") ? jx_str(body, "metadata.name") : r->name;

	if (ok && code < 300 && r->ok_msg)
		rec_event(r->rec, r->owner, "Normal",
			  r->del ? "SuccessfulDelete" : "SuccessfulCreate", "%s", r->ok_msg);
	else if (ok && code < 300 && !r->ok_msg)
		rec_event(r->rec, r->owner, "Normal",
			  r->del ? "SuccessfulDelete" : "SuccessfulCreate", "%s pod: %s",
			  r->del ? "Deleted" : "Created", name ? name : "");
	if (!ok)
		rec_event(r->rec, r->owner, "Warning", r->del ? "FailedDelete" : "FailedCreate",
			  "%s%s", r->fail_msg, err ? err : "");
	if (!ok && r->exp)
		(r->del ? exp_observed_del : exp_observed_add)(r->exp, r->key);
	free(r->key);
	free(r->name);
	free(r->ok_msg);
	free(r->fail_msg);
	json_decref(r->owner);
	free(r);
	return ok;
}

static struct wl_req *wl_req_new(struct rec *rec, struct exp_set *exp, const char *key,
				 const json_t *owner, const char *name, const char *ok_msg,
				 const char *fail_msg, bool del)
{
	struct wl_req *r = xcalloc(1, sizeof(*r));

	r->rec = rec;
	r->exp = exp;
	r->key = xstrdup(key);
	r->name = name ? xstrdup(name) : NULL;
	r->ok_msg = ok_msg ? xstrdup(ok_msg) : NULL;
	r->fail_msg = xstrdup(fail_msg ? fail_msg : "");
	/* An ObjectReference is all an event needs, and far smaller than the owner. */
	r->owner = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "kind", jx_str(owner, "kind"),
			     "apiVersion", jx_str(owner, "apiVersion"), "namespace",
			     jx_str(owner, "metadata.namespace"), "name",
			     jx_str(owner, "metadata.name"), "uid", jx_str(owner, "metadata.uid"),
			     "resourceVersion", jx_str(owner, "metadata.resourceVersion"));
	r->del = del;
	return r;
}

void wl_create(struct ctrl_op *op, struct kc *kc, struct rec *rec, struct exp_set *exp,
	       const char *key, const json_t *owner, const char *path, const json_t *obj,
	       const char *ok_msg, const char *fail_msg)
{
	struct wl_req *r = wl_req_new(rec, exp, key, owner, jx_str(obj, "metadata.name"), ok_msg,
				      fail_msg ? fail_msg : "Error creating: ", false);

	ctrl_op_request(op, kc, "POST", path, NULL, obj, wl_answered, r);
}

void wl_delete_pod(struct ctrl_op *op, struct kc *kc, struct rec *rec, struct exp_set *exp,
		   const char *key, const json_t *owner, const json_t *pod, const char *ok_msg,
		   const char *fail_msg)
{
	const char *name = jx_str(pod, "metadata.name");
	char *path = xasprintf("/api/v1/namespaces/%s/pods/%s", jx_str(pod, "metadata.namespace"),
			       name ? name : "");
	json_t *opts = json_pack("{s:s, s:s, s:{s:s?}}", "kind", "DeleteOptions", "apiVersion",
				 "v1", "preconditions", "uid", jx_str(pod, "metadata.uid"));
	struct wl_req *r = wl_req_new(rec, exp, key, owner, name, ok_msg,
				      fail_msg ? fail_msg : "Error deleting: ", true);

	ctrl_op_request(op, kc, "DELETE", path, NULL, opts, wl_answered, r);
	json_decref(opts);
	free(path);
}
