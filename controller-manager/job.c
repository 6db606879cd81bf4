/*
 * job: run pods to completion (upstream's Job controller). Pods carry the job-tracking
 * finalizer until counted: a finished pod first goes into status.uncountedTerminatedPods (or,
 * for a succeeded Indexed pod, into completedIndexes), then loses its finalizer, then moves to
 * the succeeded/failed counters -- each step only after the previous one is stored, so a pod is
 * never counted twice or lost. Success and failure are declared in two steps as 1.33 does:
 * SuccessCriteriaMet / FailureTarget at once, Complete / Failed once no pod is left running.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "expect.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "podctl.h"
#include "recorder.h"
#include "selector.h"
#include "workload.h"

#define JOBS_PATH      "/apis/batch/v1/jobs"
#define TRACKING       "batch.kubernetes.io/job-tracking"
#define INDEX_KEY      "batch.kubernetes.io/job-completion-index"
#define MAX_INDEXED    100000 /* completions of Indexed jobs we track as a bitmap */
#define BACKOFF_BASE_S 10
#define BACKOFF_MAX_S  600

/* When this process last saw a job's pods fail, for the back-off before replacing them. */
struct failure {
	char *uid;
	time_t at;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *jobs, *pods;
	struct wq *q;
	struct exp_set *exp;
	struct rec *rec;
	struct hmap failures;
} jc;

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* ---- pure pieces ---- */

int job_parse_indexes(const char *s, bool *set, long n)
{
	const char *p = s ? s : "";

	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;

		if (end == p || a < 0)
			return -1;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || b < a)
				return -1;
			p = end;
		}
		for (long i = a; i <= b && i < n; i++)
			set[i] = true;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}

char *job_format_indexes(const bool *set, long n)
{
	char *out = xstrdup(""), *next;

	for (long i = 0; i < n; i++) {
		long j = i;

		if (!set[i])
			continue;
		while (j + 1 < n && set[j + 1])
			j++;
		if (j > i)
			next = xasprintf("%s%s%ld-%ld", out, *out ? "," : "", i, j);
		else
			next = xasprintf("%s%s%ld", out, *out ? "," : "", i);
		free(out);
		out = next;
		i = j;
	}
	return out;
}

long job_pod_index(const json_t *pod)
{
	/* The key holds dots: no jx_ path lookups. */
	const char *v =
	    json_string_value(json_object_get(jx_get(pod, "metadata.annotations"), INDEX_KEY));
	char *end;
	long i;

	if (!v)
		v = json_string_value(json_object_get(jx_get(pod, "metadata.labels"), INDEX_KEY));
	if (!v || !*v)
		return -1;
	i = strtol(v, &end, 10);
	return *end || i < 0 ? -1 : i;
}

long job_want_active(const json_t *job, long succeeded)
{
	long par = (long)jx_int(job, "spec.parallelism", 1);
	const json_t *comp = jx_get(job, "spec.completions");
	long want;

	if (jx_bool(job, "spec.suspend", false) || par < 0)
		return 0;
	if (!json_is_integer(comp))
		return succeeded > 0 ? 0 : par;
	want = (long)json_integer_value(comp) - succeeded;
	if (want > par)
		want = par;
	return want < 0 ? 0 : want;
}

long job_backoff_secs(long failures)
{
	long d = BACKOFF_BASE_S;

	if (failures <= 0)
		return 0;
	for (long i = 1; i < failures && d < BACKOFF_MAX_S; i++)
		d *= 2;
	return d > BACKOFF_MAX_S ? BACKOFF_MAX_S : d;
}

/* ---- one sync ---- */

struct sync {
	const json_t *job;
	const char *key, *ns, *name;
	struct ctrl_op *op;
	const json_t **pods;
	size_t npods;
	json_t *obj, *st; /* the job to write and its status */
	json_t *unc_s, *unc_f;
	const json_t *old_s, *old_f; /* the stored uncountedTerminatedPods */
	bool indexed;
	long completions;
	bool *done, *done_old; /* Indexed: completed indexes, now and as stored */
	long active, ready, terminating, new_failures;
	const json_t **act; /* active pods */
	long requeue_ms;
	time_t now;
};

static bool has_finalizer(const json_t *pod)
{
	size_t i;
	json_t *f;

	json_array_foreach(jx_get(pod, "metadata.finalizers"), i,
			   f) if (str_eq(json_string_value(f), TRACKING)) return true;
	return false;
}

static bool uid_in(const json_t *list, const char *uid)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) if (str_eq(json_string_value(v), uid)) return true;
	return false;
}

static void uid_del(json_t *list, const char *uid)
{
	for (size_t i = 0; i < json_array_size(list); i++)
		if (str_eq(json_string_value(json_array_get(list, i)), uid))
			json_array_remove(list, i--);
}

/* Upstream's isPodFailed with podReplacementPolicy TerminatingOrFailed. */
static bool pod_failed(const json_t *pod)
{
	const char *phase = jx_str(pod, "status.phase");

	return str_eq(phase, "Failed") || (pod_deleting(pod) && !str_eq(phase, "Succeeded"));
}

static void remove_finalizer(struct sync *s, const json_t *pod)
{
	json_t *fins = json_array(), *f, *patch;
	char *path;
	size_t i;

	json_array_foreach(jx_get(pod, "metadata.finalizers"), i,
			   f) if (!str_eq(json_string_value(f), TRACKING))
	    json_array_append(fins, f);
	if (!json_array_size(fins)) { /* null drops the field, as upstream leaves none */
		json_decref(fins);
		fins = json_null();
	}
	patch = json_pack("{s:{s:o, s:s?, s:s?}}", "metadata", "finalizers", fins, "uid",
			  jx_str(pod, "metadata.uid"), "resourceVersion",
			  jx_str(pod, "metadata.resourceVersion"));
	path = xasprintf("/api/v1/namespaces/%s/pods/%s", s->ns, jx_str(pod, "metadata.name"));
	ctrl_op_patch(s->op, jc.kc, path, KC_PATCH_MERGE, patch);
	free(path);
	json_decref(patch);
}

/* Record finished pods and release those already recorded. */
static void track_pods(struct sync *s)
{
	for (size_t i = 0; i < s->npods; i++) {
		const json_t *pod = s->pods[i];
		const char *uid = jx_str(pod, "metadata.uid");
		bool ok = str_eq(jx_str(pod, "status.phase"), "Succeeded");
		bool failed = !ok && pod_failed(pod), fin = has_finalizer(pod);
		long ix = job_pod_index(pod);
		bool valid_ix = s->indexed && ix >= 0 && ix < s->completions;

		if (!ok && !failed) {
			if (pod_deleting(pod)) {
				s->terminating++;
			} else {
				s->act[s->active++] = pod;
				s->ready += pod_ready(pod);
			}
			continue;
		}
		if (pod_deleting(pod) && !str_eq(jx_str(pod, "status.phase"), "Failed") &&
		    !str_eq(jx_str(pod, "status.phase"), "Succeeded"))
			s->terminating++;
		if (!fin || !uid)
			continue;
		if (ok && s->indexed) {
			if (!valid_ix || s->done_old[ix])
				remove_finalizer(s, pod);
			else
				s->done[ix] = true;
		} else if (uid_in(ok ? s->old_s : s->old_f, uid)) {
			remove_finalizer(s, pod);
		} else if (!uid_in(ok ? s->unc_s : s->unc_f, uid)) {
			json_array_append_new(ok ? s->unc_s : s->unc_f, json_string(uid));
			s->new_failures += failed;
		}
	}
}

/* Stored uncounted pods whose finalizer is gone (or pod too) move to the counters. */
static void count_released(struct sync *s)
{
	static const char *const fields[] = {"succeeded", "failed"};
	const json_t *old[] = {s->old_s, s->old_f};
	json_t *unc[] = {s->unc_s, s->unc_f};

	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *v;

		json_array_foreach(old[k], i, v)
		{
			const char *uid = json_string_value(v);
			bool held = false;

			for (size_t j = 0; j < s->npods && !held; j++)
				held = str_eq(jx_str(s->pods[j], "metadata.uid"), uid) &&
				       has_finalizer(s->pods[j]);
			if (held)
				continue;
			uid_del(unc[k], uid);
			json_object_set_new(s->st, fields[k],
					    json_integer(jx_int(s->st, fields[k], 0) + 1));
		}
	}
}

static long succeeded(const struct sync *s)
{
	long n = 0;

	if (!s->indexed)
		return (long)jx_int(s->st, "succeeded", 0) + (long)json_array_size(s->unc_s);
	for (long i = 0; i < s->completions; i++)
		n += s->done[i];
	return n;
}

static long failed(const struct sync *s)
{
	return (long)jx_int(s->st, "failed", 0) + (long)json_array_size(s->unc_f);
}

static bool pods_left(const struct sync *s)
{
	if (s->active || s->terminating || json_array_size(s->unc_s) || json_array_size(s->unc_f))
		return true;
	for (size_t i = 0; i < s->npods; i++)
		if (has_finalizer(s->pods[i]))
			return true;
	return false;
}

static void delete_pods(struct sync *s, const json_t **pods, long n)
{
	exp_expect(jc.exp, s->key, 0, (int)n);
	for (long i = 0; i < n; i++)
		wl_delete_pod(s->op, jc.kc, jc.rec, jc.exp, s->key, s->job, pods[i], NULL, NULL);
}

static json_t *job_pod(struct sync *s, long ix)
{
	json_t *pod = podctl_new_pod(jx_get(s->job, "spec.template"), s->job, NULL);
	json_t *meta = json_object_get(pod, "metadata");
	json_t *fins = json_object_get(meta, "finalizers");

	if (!json_is_array(fins)) {
		fins = json_array();
		json_object_set_new(meta, "finalizers", fins);
	}
	json_array_append_new(fins, json_string(TRACKING));
	if (ix < 0)
		return pod;
	json_object_set_new(meta, "generateName", json_sprintf("%s-%ld-", s->name, ix));
	json_object_set_new(jx_obj(pod, "metadata.annotations"), INDEX_KEY,
			    json_sprintf("%ld", ix));
	json_object_set_new(jx_obj(pod, "metadata.labels"), INDEX_KEY, json_sprintf("%ld", ix));
	if (!jx_str(pod, "spec.hostname"))
		jx_set(pod, "spec.hostname", json_sprintf("%s-%ld", s->name, ix));
	return pod;
}

/* Seconds left of the back-off after the last failure seen, 0 when none. */
static long backoff_left(struct sync *s)
{
	const char *uid = jx_str(s->job, "metadata.uid");
	struct failure *f = uid ? hmap_get(&jc.failures, uid) : NULL;
	long left;

	if (s->new_failures && uid) {
		if (!f) {
			f = xcalloc(1, sizeof(*f));
			f->uid = xstrdup(uid);
			hmap_put(&jc.failures, f->uid, f);
		}
		f->at = s->now;
	}
	if (!f)
		return 0;
	left = f->at + job_backoff_secs(failed(s)) - s->now;
	return left > 0 ? left : 0;
}

static void create_pods(struct sync *s, long n)
{
	char *path = xasprintf("/api/v1/namespaces/%s/pods", s->ns);
	long *ix = xcalloc((size_t)n + 1, sizeof(*ix)), m = 0;
	bool *busy = NULL;

	if (s->indexed) {
		busy = xcalloc((size_t)s->completions + 1, 1);
		for (long i = 0; i < s->active; i++) {
			long k = job_pod_index(s->act[i]);

			if (k >= 0 && k < s->completions)
				busy[k] = true;
		}
		for (long i = 0; i < s->completions && m < n; i++)
			if (!s->done[i] && !busy[i])
				ix[m++] = i;
	} else {
		for (; m < n; m++)
			ix[m] = -1;
	}
	exp_expect(jc.exp, s->key, (int)m, 0);
	for (long i = 0; i < m; i++) {
		json_t *pod = job_pod(s, ix[i]);

		wl_create(s->op, jc.kc, jc.rec, jc.exp, s->key, s->job, path, pod, NULL, NULL);
		json_decref(pod);
	}
	free(busy);
	free(ix);
	free(path);
}

static int by_readiness(const void *a, const void *b)
{
	/* Not-ready pods go first, then the newest. */
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	const char *cx = jx_str(x, "metadata.creationTimestamp");
	const char *cy = jx_str(y, "metadata.creationTimestamp");

	if (pod_ready(x) != pod_ready(y))
		return pod_ready(x) - pod_ready(y);
	return -strcmp(cx ? cx : "", cy ? cy : "");
}

/* Create or delete pods toward the wanted number running. */
static void manage(struct sync *s)
{
	long want = job_want_active(s->job, succeeded(s)), left;

	if (!exp_satisfied(jc.exp, s->key))
		return;
	if (s->active > want) {
		qsort(s->act, (size_t)s->active, sizeof(*s->act), by_readiness);
		delete_pods(s, s->act, s->active - want);
		return;
	}
	if (s->active == want)
		return;
	if ((left = backoff_left(s)) > 0) {
		s->requeue_ms = left * 1000;
		return;
	}
	create_pods(s, want - s->active);
}

static void set_time(json_t *st, const char *field, time_t t)
{
	char buf[32];

	kt_format(t, buf);
	json_object_set_new(st, field, json_string(buf));
}

static void suspend_state(struct sync *s)
{
	bool susp = jx_bool(s->job, "spec.suspend", false);
	const json_t *c = cond_get(s->obj, "Suspended");

	if (susp && !cond_true(s->obj, "Suspended")) {
		cond_set(s->obj, "Suspended", "True", "JobSuspended", "Job suspended", NULL);
		rec_event(jc.rec, s->job, "Normal", "Suspended", "Job suspended");
		json_object_del(s->st, "startTime");
	} else if (!susp && c && cond_true(s->obj, "Suspended")) {
		cond_set(s->obj, "Suspended", "False", "JobResumed", "Job resumed", NULL);
		rec_event(jc.rec, s->job, "Normal", "Resumed", "Job resumed");
		set_time(s->st, "startTime", s->now);
	}
	if (!susp && !json_object_get(s->st, "startTime"))
		set_time(s->st, "startTime", s->now);
}

/* Decide success or failure; returns true when the job has stopped making pods. */
static bool judge(struct sync *s)
{
	const json_t *target = cond_get(s->obj, "FailureTarget");
	long deadline = (long)jx_int(s->job, "spec.activeDeadlineSeconds", -1);
	struct timespec start;

	if (cond_true(s->obj, "FailureTarget") || cond_true(s->obj, "SuccessCriteriaMet"))
		goto finishing;
	if (failed(s) > jx_int(s->job, "spec.backoffLimit", 6)) {
		cond_set(s->obj, "FailureTarget", "True", "BackoffLimitExceeded",
			 "Job has reached the specified backoff limit", NULL);
	} else if (deadline >= 0 && jx_str(s->st, "startTime") &&
		   !kt_parse(jx_str(s->st, "startTime"), &start) &&
		   !jx_bool(s->job, "spec.suspend", false)) {
		if (s->now - start.tv_sec >= deadline)
			cond_set(s->obj, "FailureTarget", "True", "DeadlineExceeded",
				 "Job was active longer than specified deadline", NULL);
		else
			s->requeue_ms = (start.tv_sec + deadline - s->now) * 1000;
	}
	if (!cond_true(s->obj, "FailureTarget")) {
		long ok = succeeded(s);
		bool done = json_is_integer(jx_get(s->job, "spec.completions"))
				? ok >= (long)jx_int(s->job, "spec.completions", 1)
				: ok > 0 && !s->active;

		if (!done)
			return false;
		cond_set(s->obj, "SuccessCriteriaMet", "True", "CompletionsReached",
			 "Reached expected number of succeeded pods", NULL);
	}
finishing:
	target = cond_get(s->obj, "FailureTarget");
	if (s->active) /* failing, or done with extra pods still running */
		delete_pods(s, s->act, s->active);
	if (pods_left(s))
		return true;
	if (target && cond_true(s->obj, "FailureTarget")) {
		cond_set(s->obj, "Failed", "True", jx_str(target, "reason"),
			 jx_str(target, "message"), NULL);
		rec_event(jc.rec, s->job, "Warning", jx_str(target, "reason"), "%s",
			  jx_str(target, "message"));
	} else {
		cond_set(s->obj, "Complete", "True", "CompletionsReached",
			 "Reached expected number of succeeded pods", NULL);
		set_time(s->st, "completionTime", s->now);
		rec_event(jc.rec, s->job, "Normal", "Completed", "Job completed");
	}
	return true;
}

static void write_status(struct sync *s)
{
	json_t *unc = json_object();
	char *path;

	if (json_array_size(s->unc_s))
		json_object_set(unc, "succeeded", s->unc_s);
	if (json_array_size(s->unc_f))
		json_object_set(unc, "failed", s->unc_f);
	json_object_set_new(s->st, "uncountedTerminatedPods", unc);
	json_object_set_new(s->st, "active", json_integer(s->active));
	if (!s->active)
		json_object_del(s->st, "active");
	json_object_set_new(s->st, "ready", json_integer(s->ready));
	json_object_set_new(s->st, "terminating", json_integer(s->terminating));
	if (s->indexed) {
		char *ci = job_format_indexes(s->done, s->completions);

		json_object_set_new(s->st, "succeeded", json_integer(succeeded(s)));
		if (*ci)
			json_object_set_new(s->st, "completedIndexes", json_string(ci));
		free(ci);
	}
	if (!jx_int(s->st, "succeeded", 0))
		json_object_del(s->st, "succeeded");
	if (!jx_int(s->st, "failed", 0))
		json_object_del(s->st, "failed");
	if (jx_equal(s->st, jx_get(s->job, "status")))
		return;
	path = xasprintf("/apis/batch/v1/namespaces/%s/jobs/%s/status", s->ns, s->name);
	ctrl_op_update(s->op, jc.kc, path, s->obj);
	free(path);
}

static bool finished(const json_t *job)
{
	return cond_true(job, "Complete") || cond_true(job, "Failed");
}

static void setup(struct sync *s)
{
	const json_t *unc = jx_get(s->job, "status.uncountedTerminatedPods");

	s->obj = json_deep_copy(s->job);
	s->st = jx_obj(s->obj, "status");
	s->old_s = json_object_get(unc, "succeeded");
	s->old_f = json_object_get(unc, "failed");
	s->unc_s = json_is_array(s->old_s) ? json_deep_copy(s->old_s) : json_array();
	s->unc_f = json_is_array(s->old_f) ? json_deep_copy(s->old_f) : json_array();
	s->indexed = str_eq(jx_str(s->job, "spec.completionMode"), "Indexed");
	s->completions = (long)jx_int(s->job, "spec.completions", 0);
	if (s->completions < 0 || s->completions > MAX_INDEXED)
		s->completions = 0;
	s->done = xcalloc((size_t)s->completions + 1, 1);
	s->done_old = xcalloc((size_t)s->completions + 1, 1);
	if (s->indexed) {
		job_parse_indexes(jx_str(s->job, "status.completedIndexes"), s->done,
				  s->completions);
		memcpy(s->done_old, s->done, (size_t)s->completions);
	}
	s->act = xcalloc(s->npods + 1, sizeof(*s->act));
}

static void sync_job(struct sync *s)
{
	struct lsel *sel = NULL;
	const json_t **all;
	char *err = NULL;
	size_t n;

	if (lsel_from_json(jx_get(s->job, "spec.selector"), &sel, &err)) {
		free(err);
		return;
	}
	n = inf_by_index(jc.pods, INF_INDEX_NAMESPACE, s->ns, &all);
	s->npods = podctl_claim(s->op, jc.kc, s->job, sel, all, n, "pods", &s->pods);
	free(all);
	lsel_free(sel);
	setup(s);
	if (finished(s->job)) { /* only let go of pods still held */
		for (size_t i = 0; i < s->npods; i++)
			if (has_finalizer(s->pods[i]))
				remove_finalizer(s, s->pods[i]);
		return;
	}
	track_pods(s);
	count_released(s);
	suspend_state(s);
	if (!judge(s)) {
		if (jx_bool(s->job, "spec.suspend", false)) {
			if (s->active && exp_satisfied(jc.exp, s->key))
				delete_pods(s, s->act, s->active);
		} else {
			manage(s);
		}
	}
	write_status(s);
}

static int sync(void *arg, const char *key)
{
	struct sync s = {.key = key, .now = time(NULL)};
	char *ns = NULL, *name = NULL;
	int rc;

	(void)arg;
	s.op = ctrl_op_new(jc.q, key);
	s.job = inf_get(jc.jobs, key);
	if (!s.job || ctrl_split_key(key, &ns, &name)) {
		exp_forget(jc.exp, key);
		goto out;
	}
	s.ns = ns;
	s.name = name;
	sync_job(&s);
	if (s.requeue_ms > 0)
		ctrl_op_requeue_after(s.op, s.requeue_ms);
out:
	rc = ctrl_op_finish(s.op);
	json_decref(s.obj);
	json_decref(s.unc_s);
	json_decref(s.unc_f);
	free(s.done);
	free(s.done_old);
	free(s.act);
	free(s.pods);
	free(ns);
	free(name);
	return rc;
}

/* ---- handlers ---- */

static void pod_event(const json_t *pod, bool add, bool del)
{
	const json_t *ref = ctrl_controller_ref(pod);
	char *key;

	if (!ref || !str_eq(jx_str(ref, "kind"), "Job") ||
	    !str_eq(jx_str(ref, "apiVersion"), "batch/v1"))
		return;
	key = xasprintf("%s/%s", jx_str(pod, "metadata.namespace"), jx_str(ref, "name"));
	if (add)
		exp_observed_add(jc.exp, key);
	if (del)
		exp_observed_del(jc.exp, key);
	if (jc.q)
		wq_add(jc.q, key);
	free(key);
}

static void pod_added(void *arg, const json_t *pod)
{
	(void)arg;
	pod_event(pod, true, false);
}

static void pod_updated(void *arg, const json_t *old, const json_t *pod)
{
	(void)arg;
	/* A pod that starts terminating counts as a deletion already, as upstream. */
	pod_event(pod, false, !pod_deleting(old) && pod_deleting(pod));
}

static void pod_deleted(void *arg, const json_t *pod)
{
	(void)arg;
	pod_event(pod, false, !pod_deleting(pod));
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_added, pod_updated, pod_deleted, NULL};

	(void)err;
	(void)errlen;
	jc.cm = cm;
	jc.kc = cm_client(cm, "job-controller");
	jc.exp = exp_new();
	hmap_init(&jc.failures);
	jc.rec = cm_recorder(jc.kc, "job-controller");
	jc.jobs = inf_factory_get(cm->inf, JOBS_PATH, NULL, NULL);
	jc.pods = inf_factory_get(cm->inf, "/api/v1/pods", NULL, NULL);
	ctrl_enqueue_self(jc.jobs, &jc.q);
	inf_add_handler(jc.pods, &ph);
	return 0;
}

static void run(struct cm *cm)
{
	jc.q = wq_new(cm->base, "job", cm->o->job_syncs, sync, NULL);
	ctrl_enqueue_all(jc.jobs, jc.q);
}

const struct cm_controller cm_job_controller = {
    .name = "job",
    .init = init,
    .run = run,
};
