/*
 * statefulset: pods with stable names and storage (upstream's StatefulSetController). Pod
 * <set>-<n> for each ordinal n, each with a PersistentVolumeClaim <template>-<set>-<n> per
 * volumeClaimTemplate. OrderedReady creates in ascending order, waiting for each pod to be
 * Running and Ready, and removes from the highest ordinal one at a time; Parallel does both at
 * once. RollingUpdate replaces pods at or above the partition from the highest ordinal down,
 * one at a time; OnDelete waits for pods to be deleted. Templates are kept as
 * ControllerRevisions, and pods name theirs in the controller-revision-hash label.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "controller.h"
#include "jsonx.h"
#include "log.h"
#include "pod.h"
#include "podctl.h"
#include "recorder.h"
#include "selector.h"
#include "workload.h"

#define STS_PATH   "/apis/apps/v1/statefulsets"
#define PVCS_PATH  "/api/v1/persistentvolumeclaims"
#define REVS_PATH  "/apis/apps/v1/controllerrevisions"
#define NAME_LABEL "statefulset.kubernetes.io/pod-name"
#define IDX_LABEL  "apps.kubernetes.io/pod-index"

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *sets, *pods, *pvcs, *revs;
	struct wq *q;
	struct rec *rec;
} ssc;

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* ---- pure pieces ---- */

long sts_ordinal(const char *set, const char *pod)
{
	size_t n = set ? strlen(set) : 0;
	const char *p;
	long v = 0;

	if (!pod || strncmp(pod, set, n) || pod[n] != '-' || !pod[n + 1])
		return -1;
	for (p = pod + n + 1; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

bool sts_running_ready(const json_t *pod)
{
	return str_eq(jx_str(pod, "status.phase"), "Running") && pod_ready(pod);
}

char *sts_claim_name(const char *tmpl, const char *set, long ordinal)
{
	return xasprintf("%s-%s-%ld", tmpl, set, ordinal);
}

/* ---- one sync ---- */

struct sync {
	const json_t *set;
	const char *key, *ns, *name;
	struct ctrl_op *op;
	const json_t **pods;
	size_t npods;
	const json_t **slots; /* by ordinal - start */
	const json_t **condemned;
	size_t ncondemned;
	long start, replicas;
	bool monotonic;
	char hash[16], *update_rev;
	const json_t *current; /* the current revision, NULL when it is the update one */
	const char *current_rev;
	time_t now;
	long requeue_ms;
};

static const char *revision_of(const json_t *pod)
{
	return jx_str(pod, "metadata.labels." WL_HASH_LABEL);
}

static void ensure_claims(struct sync *s, const char *pod_name, long ord)
{
	const json_t *sel_labels = jx_get(s->set, "spec.selector.matchLabels"), *t;
	json_t *v;
	bool owned = str_eq(jx_str(s->set, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted"),
			    "Delete");
	char *path = xasprintf("/api/v1/namespaces/%s/persistentvolumeclaims", s->ns);
	const char *k;
	size_t i;

	json_array_foreach(jx_get(s->set, "spec.volumeClaimTemplates"), i, t)
	{
		const char *tn = jx_str(t, "metadata.name");
		char *cn, *ok, *fail;
		json_t *pvc, *labels;

		if (!tn)
			continue;
		cn = sts_claim_name(tn, s->name, ord);
		if (inf_get_ns(ssc.pvcs, s->ns, cn)) {
			free(cn);
			continue;
		}
		labels = json_is_object(jx_get(t, "metadata.labels"))
			     ? json_deep_copy(jx_get(t, "metadata.labels"))
			     : json_object();
		json_object_foreach((json_t *)sel_labels, k, v) json_object_set(labels, k, v);
		pvc = json_pack("{s:s, s:s, s:{s:s, s:s, s:o, s:O?}, s:O?}", "apiVersion", "v1",
				"kind", "PersistentVolumeClaim", "metadata", "name", cn,
				"namespace", s->ns, "labels", labels, "annotations",
				jx_get(t, "metadata.annotations"), "spec", jx_get(t, "spec"));
		if (owned) {
			json_t *ref = ctrl_owner_ref(s->set);

			json_object_del(ref, "controller");
			json_object_del(ref, "blockOwnerDeletion");
			jx_set(pvc, "metadata.ownerReferences", json_pack("[o]", ref));
		}
		ok = xasprintf("create Claim %s Pod %s in StatefulSet %s success", cn, pod_name,
			       s->name);
		fail = xasprintf("create Claim %s for Pod %s in StatefulSet %s failed error: ", cn,
				 pod_name, s->name);
		wl_create(s->op, ssc.kc, ssc.rec, NULL, s->key, s->set, path, pvc, ok, fail);
		json_decref(pvc);
		free(ok);
		free(fail);
		free(cn);
	}
	free(path);
}

static void add_claim_volumes(struct sync *s, json_t *pod, long ord)
{
	json_t *vols = jx_get(pod, "spec.volumes"), *t;
	size_t i;

	if (!json_is_array(vols)) {
		vols = json_array();
		jx_set(pod, "spec.volumes", vols);
	}
	json_array_foreach(jx_get(s->set, "spec.volumeClaimTemplates"), i, t)
	{
		const char *tn = jx_str(t, "metadata.name");
		char *cn;

		if (!tn)
			continue;
		for (size_t j = 0; j < json_array_size(vols); j++)
			if (str_eq(jx_str(json_array_get(vols, j), "name"), tn))
				json_array_remove(vols, j--);
		cn = sts_claim_name(tn, s->name, ord);
		json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name", tn,
						      "persistentVolumeClaim", "claimName", cn));
		free(cn);
	}
}

static void create_pod(struct sync *s, long ord)
{
	long partition = (long)jx_int(s->set, "spec.updateStrategy.rollingUpdate.partition", 0);
	bool old = s->current && ord < partition &&
		   str_eq(jx_str(s->set, "spec.updateStrategy.type"), "RollingUpdate");
	const json_t *tmpl = old ? wl_rev_template(s->current) : jx_get(s->set, "spec.template");
	char *name = xasprintf("%s-%ld", s->name, ord), *path, *ok, *fail;
	json_t *pod = podctl_new_pod(tmpl, s->set, name), *labels = jx_obj(pod, "metadata.labels");
	const char *svc = jx_str(s->set, "spec.serviceName");

	json_object_set_new(labels, NAME_LABEL, json_string(name));
	json_object_set_new(labels, IDX_LABEL, json_sprintf("%ld", ord));
	json_object_set_new(labels, WL_HASH_LABEL,
			    json_string(old ? s->current_rev : s->update_rev));
	jx_set_str(pod, "spec.hostname", name);
	if (svc && *svc)
		jx_set_str(pod, "spec.subdomain", svc);
	add_claim_volumes(s, pod, ord);
	ensure_claims(s, name, ord);
	path = xasprintf("/api/v1/namespaces/%s/pods", s->ns);
	ok = xasprintf("create Pod %s in StatefulSet %s successful", name, s->name);
	fail = xasprintf("create Pod %s in StatefulSet %s failed error: ", name, s->name);
	wl_create(s->op, ssc.kc, ssc.rec, NULL, s->key, s->set, path, pod, ok, fail);
	json_decref(pod);
	free(path);
	free(ok);
	free(fail);
	free(name);
}

static void delete_pod(struct sync *s, const json_t *pod)
{
	const char *name = jx_str(pod, "metadata.name");
	char *ok = xasprintf("delete Pod %s in StatefulSet %s successful", name, s->name);
	char *fail = xasprintf("delete Pod %s in StatefulSet %s failed error: ", name, s->name);

	wl_delete_pod(s->op, ssc.kc, ssc.rec, NULL, s->key, s->set, pod, ok, fail);
	free(ok);
	free(fail);
}

static bool healthy(const json_t *pod)
{
	return sts_running_ready(pod) && !pod_deleting(pod);
}

/* Create, replace and remove pods as the policy allows. */
static void update_pods(struct sync *s)
{
	long partition = (long)jx_int(s->set, "spec.updateStrategy.rollingUpdate.partition", 0);

	for (long i = 0; i < s->replicas; i++) {
		const json_t *pod = s->slots[i];
		const char *phase = jx_str(pod, "status.phase");

		if (!pod) {
			create_pod(s, s->start + i);
			if (s->monotonic)
				return;
			continue;
		}
		if ((str_eq(phase, "Failed") || str_eq(phase, "Succeeded")) && !pod_deleting(pod)) {
			delete_pod(s, pod); /* recreated by a later sync */
			if (s->monotonic)
				return;
			continue;
		}
		if (s->monotonic && !healthy(pod))
			return;
	}
	for (size_t i = 0; i < s->ncondemned; i++) {
		const json_t *pod = s->condemned[i];

		if (pod_deleting(pod)) {
			if (s->monotonic)
				return;
			continue;
		}
		delete_pod(s, pod);
		if (s->monotonic)
			return;
	}
	if (s->ncondemned || !str_eq(jx_str(s->set, "spec.updateStrategy.type"), "RollingUpdate"))
		return;
	for (long i = s->replicas - 1; i >= 0 && i >= partition - s->start; i--) {
		const json_t *pod = s->slots[i];

		if (!pod)
			return;
		if (!str_eq(revision_of(pod), s->update_rev) && !pod_deleting(pod)) {
			delete_pod(s, pod);
			return;
		}
		if (!healthy(pod))
			return;
	}
}

/* Claims of ordinals scaled away, when the policy says they go with their pods. */
static void delete_scaled_claims(struct sync *s)
{
	const json_t **all, *t;
	size_t n, i;

	if (!str_eq(jx_str(s->set, "spec.persistentVolumeClaimRetentionPolicy.whenScaled"),
		    "Delete"))
		return;
	n = inf_by_index(ssc.pvcs, INF_INDEX_NAMESPACE, s->ns, &all);
	json_array_foreach(jx_get(s->set, "spec.volumeClaimTemplates"), i, t)
	{
		const char *tn = jx_str(t, "metadata.name");
		char *prefix = xasprintf("%s-%s", tn ? tn : "", s->name);

		for (size_t j = 0; tn && j < n; j++) {
			const char *cn = jx_str(all[j], "metadata.name");
			long ord = sts_ordinal(prefix, cn);
			char *pod = xasprintf("%s-%ld", s->name, ord), *path;

			if (ord >= 0 && (ord < s->start || ord >= s->start + s->replicas) &&
			    !inf_get_ns(ssc.pods, s->ns, pod) &&
			    !jx_get(all[j], "metadata.deletionTimestamp")) {
				path = xasprintf("/api/v1/namespaces/%s/persistentvolumeclaims/%s",
						 s->ns, cn);
				ctrl_op_delete(s->op, ssc.kc, path, NULL);
				free(path);
			}
			free(pod);
		}
		free(prefix);
	}
	free(all);
}

/* ---- revisions ---- */

static void sync_history(struct sync *s)
{
	json_t *data = wl_rev_data(s->set);
	const json_t **revs, **old, *upd = NULL;
	size_t n = ctrl_owned(ssc.revs, s->ns, s->set, &revs), nold, nlive = 0;
	long max = wl_rev_max(revs, n);
	const char **live = xcalloc(s->npods + 3, sizeof(*live));
	char *path = xasprintf("/apis/apps/v1/namespaces/%s/controllerrevisions", s->ns);
	const char *cur = jx_str(s->set, "status.currentRevision");

	for (unsigned coll = (unsigned)jx_int(s->set, "status.collisionCount", 0);; coll++) {
		wl_rev_hash(data, coll, s->hash);
		free(s->update_rev);
		s->update_rev = xasprintf("%s-%s", s->name, s->hash);
		for (size_t i = 0; i < n && !upd; i++)
			if (str_eq(jx_str(revs[i], "metadata.name"), s->update_rev))
				upd = revs[i];
		if (!upd || json_equal(json_object_get(upd, "data"), data) || coll > 100)
			break;
		upd = NULL;
	}
	if (!upd) {
		json_t *rev = wl_rev_new(s->set, data, s->hash, max + 1);

		ctrl_op_create(s->op, ssc.kc, path, rev);
		json_decref(rev);
	} else if (jx_int(upd, "revision", 0) < max) {
		json_t *rev = json_deep_copy(upd);
		char *p = xasprintf("%s/%s", path, s->update_rev);

		json_object_set_new(rev, "revision", json_integer(max + 1));
		ctrl_op_update(s->op, ssc.kc, p, rev);
		json_decref(rev);
		free(p);
	}
	s->current_rev = s->update_rev;
	for (size_t i = 0; cur && i < n; i++)
		if (str_eq(jx_str(revs[i], "metadata.name"), cur) && !str_eq(cur, s->update_rev)) {
			s->current = revs[i];
			s->current_rev = jx_str(revs[i], "metadata.name");
		}
	live[nlive++] = s->update_rev;
	live[nlive++] = s->current_rev;
	for (size_t i = 0; i < s->npods; i++)
		live[nlive++] = revision_of(s->pods[i]);
	nold = wl_rev_truncate(revs, n, live, nlive,
			       (long)jx_int(s->set, "spec.revisionHistoryLimit", 10), &old);
	for (size_t i = 0; i < nold; i++) {
		char *p = xasprintf("%s/%s", path, jx_str(old[i], "metadata.name"));

		ctrl_op_delete(s->op, ssc.kc, p, NULL);
		free(p);
	}
	free(live);
	free(old);
	free(path);
	free(revs);
	json_decref(data);
}

/* ---- status ---- */

static void set_count(json_t *st, const char *field, long v, bool omit_zero)
{
	if (v || !omit_zero)
		json_object_set_new(st, field, json_integer(v));
	else
		json_object_del(st, field);
}

static void write_status(struct sync *s)
{
	long replicas = 0, ready = 0, avail = 0, cur = 0, upd = 0;
	long min_ready = (long)jx_int(s->set, "spec.minReadySeconds", 0);
	json_t *obj = json_deep_copy(s->set), *st = jx_obj(obj, "status");
	const char *cur_rev = s->current_rev;
	char *path;

	for (size_t i = 0; i < s->npods; i++) {
		const json_t *p = s->pods[i];

		replicas += jx_str(p, "status.phase") != NULL;
		if (sts_running_ready(p)) {
			long in = pod_available_in(p, min_ready, s->now);

			ready++;
			avail += in == 0;
			if (in > 0 && (!s->requeue_ms || in * 1000 < s->requeue_ms))
				s->requeue_ms = in * 1000;
		}
		if (jx_str(p, "status.phase") && !pod_deleting(p)) {
			cur += str_eq(revision_of(p), s->current_rev);
			upd += str_eq(revision_of(p), s->update_rev);
		}
	}
	if (upd == replicas && ready == replicas) {
		cur = upd;
		cur_rev = s->update_rev;
	}
	set_count(st, "observedGeneration", (long)jx_int(s->set, "metadata.generation", 0), true);
	set_count(st, "replicas", replicas, false);
	set_count(st, "readyReplicas", ready, true);
	set_count(st, "currentReplicas", cur, true);
	set_count(st, "updatedReplicas", upd, true);
	set_count(st, "availableReplicas", avail, false);
	json_object_set_new(st, "currentRevision", json_string(cur_rev));
	json_object_set_new(st, "updateRevision", json_string(s->update_rev));
	if (!json_object_get(st, "collisionCount"))
		json_object_set_new(st, "collisionCount", json_integer(0));
	if (!jx_equal(st, jx_get(s->set, "status"))) {
		path =
		    xasprintf("/apis/apps/v1/namespaces/%s/statefulsets/%s/status", s->ns, s->name);
		ctrl_op_update(s->op, ssc.kc, path, obj);
		free(path);
	}
	json_decref(obj);
}

static int by_ordinal_desc(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	const char *set = jx_str(ctrl_controller_ref(x), "name");
	long ox = sts_ordinal(set, jx_str(x, "metadata.name"));
	long oy = sts_ordinal(set, jx_str(y, "metadata.name"));

	return (oy > ox) - (oy < ox);
}

static void sort_pods(struct sync *s)
{
	s->slots = xcalloc((size_t)s->replicas + 1, sizeof(*s->slots));
	s->condemned = xcalloc(s->npods + 1, sizeof(*s->condemned));
	for (size_t i = 0; i < s->npods; i++) {
		long ord = sts_ordinal(s->name, jx_str(s->pods[i], "metadata.name"));

		if (ord < 0)
			continue;
		if (ord >= s->start && ord < s->start + s->replicas)
			s->slots[ord - s->start] = s->pods[i];
		else
			s->condemned[s->ncondemned++] = s->pods[i];
	}
	qsort(s->condemned, s->ncondemned, sizeof(*s->condemned), by_ordinal_desc);
}

static void sync_set(struct sync *s)
{
	const json_t **all;
	struct lsel *sel = NULL;
	char *err = NULL;
	size_t n;

	if (lsel_from_json(jx_get(s->set, "spec.selector"), &sel, &err)) {
		free(err);
		return;
	}
	n = inf_by_index(ssc.pods, INF_INDEX_NAMESPACE, s->ns, &all);
	s->npods = podctl_claim(s->op, ssc.kc, s->set, sel, all, n, "pods", &s->pods);
	free(all);
	lsel_free(sel);
	s->start = (long)jx_int(s->set, "spec.ordinals.start", 0);
	s->replicas = (long)jx_int(s->set, "spec.replicas", 1);
	if (s->replicas < 0 || s->replicas > 1000000)
		s->replicas = 0;
	s->monotonic = !str_eq(jx_str(s->set, "spec.podManagementPolicy"), "Parallel");
	sort_pods(s);
	sync_history(s);
	update_pods(s);
	delete_scaled_claims(s);
	write_status(s);
}

static int sync(void *arg, const char *key)
{
	struct sync s = {.key = key, .now = time(NULL)};
	char *ns = NULL, *name = NULL;
	int rc;

	(void)arg;
	s.op = ctrl_op_new(ssc.q, key);
	s.set = inf_get(ssc.sets, key);
	if (!s.set || ctrl_split_key(key, &ns, &name) || pod_deleting(s.set))
		goto out;
	s.ns = ns;
	s.name = name;
	sync_set(&s);
	if (s.requeue_ms > 0)
		ctrl_op_requeue_after(s.op, s.requeue_ms);
out:
	rc = ctrl_op_finish(s.op);
	free(s.pods);
	free(s.slots);
	free(s.condemned);
	free(s.update_rev);
	free(ns);
	free(name);
	return rc;
}

/* ---- handlers ---- */

static void pod_changed(void *arg, const json_t *pod)
{
	const json_t *ref = ctrl_controller_ref(pod);
	char *key;

	(void)arg;
	if (!ssc.q || !ref || !str_eq(jx_str(ref, "kind"), "StatefulSet"))
		return;
	key = xasprintf("%s/%s", jx_str(pod, "metadata.namespace"), jx_str(ref, "name"));
	wq_add(ssc.q, key);
	free(key);
}

static void pod_updated(void *arg, const json_t *old, const json_t *pod)
{
	(void)old;
	pod_changed(arg, pod);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_changed, pod_updated, pod_changed, NULL};

	(void)err;
	(void)errlen;
	ssc.cm = cm;
	ssc.kc = cm_client(cm, "statefulset-controller");
	ssc.rec = cm_recorder(ssc.kc, "statefulset-controller");
	ssc.sets = inf_factory_get(cm->inf, STS_PATH, NULL, NULL);
	ssc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	ssc.pvcs = inf_factory_get(cm->inf, PVCS_PATH, NULL, NULL);
	ssc.revs = inf_factory_get(cm->inf, REVS_PATH, NULL, NULL);
	ctrl_enqueue_self(ssc.sets, &ssc.q);
	inf_add_handler(ssc.pods, &ph);
	return 0;
}

static void run(struct cm *cm)
{
	ssc.q = wq_new(cm->base, "statefulset", cm->o->statefulset_syncs, sync, NULL);
	ctrl_enqueue_all(ssc.sets, ssc.q);
}

const struct cm_controller cm_statefulset_controller = {
    .name = "statefulset",
    .init = init,
    .run = run,
};
