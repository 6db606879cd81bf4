/*
 * cronjob: start Jobs on a cron schedule (upstream's CronJobControllerV2). Each sync finds the
 * most recent unmet schedule time, starts its Job "<cronjob>-<minutes since epoch>" as the
 * concurrency policy allows, keeps status.active and the last schedule/success times, prunes
 * finished Jobs beyond the history limits, and comes back at the next schedule time.
 *
 * A created Job enters status.active when the informer shows it (its uid is known only then):
 * an unfinished Job of ours named for a schedule time later than lastScheduleTime is the one
 * just started. Its deterministic name makes a repeated create a harmless 409.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "cron.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "recorder.h"

#define CRONJOBS_PATH "/apis/batch/v1/cronjobs"
#define JOBS_PATH     "/apis/batch/v1/jobs"
#define SCHEDULED_ANN "batch.kubernetes.io/cronjob-scheduled-timestamp"
#define MANY_MISSED   100
#define NEXT_DELTA_MS 100 /* upstream wakes 100 ms after the schedule time */

struct zone_entry {
	char *name;
	struct cron_zone *z;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *cronjobs, *jobs;
	struct wq *q;
	struct rec *rec;
	struct hmap zones;
} cjc;

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static int64_t ts_of(const json_t *obj, const char *path)
{
	struct timespec ts;
	const char *s = jx_str(obj, path);

	return s && !kt_parse(s, &ts) ? (int64_t)ts.tv_sec : 0;
}

/* "Complete" or "Failed" when the job has finished, else NULL. */
static const char *finished(const json_t *job)
{
	if (cond_true(job, "Complete"))
		return "Complete";
	if (cond_true(job, "Failed"))
		return "Failed";
	return NULL;
}

/* A zone by name from the cache, loading it the first time. NULL with *err on failure. */
static const struct cron_zone *zone(const char *name, bool *ok, char **err)
{
	struct zone_entry *e = hmap_get(&cjc.zones, name);
	struct cron_zone *z;

	*ok = true;
	if (e)
		return e->z;
	if (cron_zone_load(NULL, name, &z, err)) {
		*ok = false;
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->name = xstrdup(name);
	e->z = z;
	hmap_put(&cjc.zones, e->name, e);
	return z;
}

/* ---- schedule arithmetic ---- */

/*
 * The most recent schedule time at or before now not yet started (0: none), counting the
 * missed ones in *missed; *base gets the time the next one is computed from. Like upstream's
 * mostRecentScheduleTime, but walks the schedule so irregular ones come out exact.
 */
static int64_t most_recent(const json_t *cj, const struct cron_sched *s, const struct cron_zone *z,
			   int64_t now, long *missed, int64_t *base)
{
	int64_t earliest = ts_of(cj, "status.lastScheduleTime"), t, last = 0;
	const json_t *sds = jx_get(cj, "spec.startingDeadlineSeconds");

	if (!earliest)
		earliest = ts_of(cj, "metadata.creationTimestamp");
	if (json_is_integer(sds) && now - json_integer_value(sds) > earliest)
		earliest = now - json_integer_value(sds);
	*missed = 0;
	*base = earliest;
	for (t = cron_next(s, z, earliest); t && t <= now; t = cron_next(s, z, t)) {
		last = t;
		if (++*missed > 100000) { /* a pathological backlog: jump to now's neighbourhood */
			earliest = now - 60;
			t = earliest;
		}
	}
	if (last)
		*base = last;
	return last;
}

/* ---- writes ---- */

struct create_req {
	json_t *ref; /* the cron job, for events */
	char *name;
};

static bool created(void *arg, int code, json_t *body, const char *err)
{
	struct create_req *r = arg;
	bool ok = (code >= 200 && code < 300) || code == 409;

	(void)body;
	if (code >= 200 && code < 300)
		rec_event(cjc.rec, r->ref, "Normal", "SuccessfulCreate", "Created job %s", r->name);
	else if (!ok)
		rec_event(cjc.rec, r->ref, "Warning", "FailedCreate", "Error creating job: %s",
			  err ? err : "");
	json_decref(r->ref);
	free(r->name);
	free(r);
	return ok;
}

static json_t *object_ref(const json_t *obj)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "kind", jx_str(obj, "kind"),
			 "namespace", jx_str(obj, "metadata.namespace"), "name",
			 jx_str(obj, "metadata.name"), "uid", jx_str(obj, "metadata.uid"),
			 "apiVersion", jx_str(obj, "apiVersion"), "resourceVersion",
			 jx_str(obj, "metadata.resourceVersion"));
}

static void create_job(struct ctrl_op *op, const json_t *cj, const struct cron_zone *z,
		       int64_t when)
{
	const json_t *tmpl = jx_get(cj, "spec.jobTemplate");
	const json_t *labels = jx_get(tmpl, "metadata.labels");
	const json_t *ann = jx_get(tmpl, "metadata.annotations");
	struct create_req *r = xcalloc(1, sizeof(*r));
	char stamp[40], *path;
	json_t *job, *a;

	cron_format(z, when, stamp);
	a = json_is_object(ann) ? json_deep_copy(ann) : json_object();
	json_object_set_new(a, SCHEDULED_ANN, json_string(stamp));
	r->name = xasprintf("%s-%lld", jx_str(cj, "metadata.name"), (long long)(when / 60));
	job = json_pack("{s:s, s:s, s:{s:s, s:s?, s:o, s:[o]}, s:O?}", "apiVersion", "batch/v1",
			"kind", "Job", "metadata", "name", r->name, "namespace",
			jx_str(cj, "metadata.namespace"), "annotations", a, "ownerReferences",
			ctrl_owner_ref(cj), "spec", jx_get(tmpl, "spec"));
	if (json_is_object(labels))
		json_object_set_new(json_object_get(job, "metadata"), "labels",
				    json_deep_copy(labels));
	r->ref = object_ref(cj);
	path = xasprintf("/apis/batch/v1/namespaces/%s/jobs", jx_str(cj, "metadata.namespace"));
	ctrl_op_request(op, cjc.kc, "POST", path, NULL, job, created, r);
	free(path);
	json_decref(job);
}

static void delete_job(struct ctrl_op *op, const json_t *cj, const char *ns, const char *name)
{
	char *path = xasprintf("/apis/batch/v1/namespaces/%s/jobs/%s", ns, name);
	json_t *opts = json_pack("{s:s, s:s, s:s}", "kind", "DeleteOptions", "apiVersion", "v1",
				 "propagationPolicy", "Background");

	ctrl_op_delete(op, cjc.kc, path, opts);
	rec_event(cjc.rec, cj, "Normal", "SuccessfulDelete", "Deleted job %s", name);
	json_decref(opts);
	free(path);
}

/* ---- one sync ---- */

struct sync {
	const json_t *cj;
	const char *ns, *name;
	struct ctrl_op *op;
	const json_t **jobs;
	size_t njobs;
	json_t *obj, *st, *active;
	long requeue_ms;
};

static long active_index(const json_t *active, const char *field, const char *v)
{
	size_t i;
	json_t *r;

	json_array_foreach(active, i, r) if (str_eq(jx_str(r, field), v)) return (long)i;
	return -1;
}

/* The schedule time a job's name records ("<cronjob>-<minutes>"), or 0. */
static int64_t name_time(const struct sync *s, const char *job)
{
	size_t n = strlen(s->name);
	char *end;
	long long m;

	if (!job || strncmp(job, s->name, n) || job[n] != '-' || !job[n + 1])
		return 0;
	m = strtoll(job + n + 1, &end, 10);
	return *end || m <= 0 ? 0 : (int64_t)m * 60;
}

static void set_time(json_t *st, const char *field, int64_t t)
{
	char buf[32];

	kt_format((time_t)t, buf);
	json_object_set_new(st, field, json_string(buf));
}

/* Reconcile status.active and lastSuccessfulTime with the jobs that exist. */
static void reconcile_active(struct sync *s)
{
	for (size_t i = 0; i < s->njobs; i++) {
		const json_t *j = s->jobs[i];
		const char *jname = jx_str(j, "metadata.name"), *fin = finished(j);
		long at = active_index(s->active, "uid", jx_str(j, "metadata.uid"));
		int64_t when = name_time(s, jname);

		if (at < 0 && !fin) {
			if (when && when > ts_of(s->st, "lastScheduleTime")) {
				json_array_append_new(s->active, object_ref(j));
				set_time(s->st, "lastScheduleTime", when);
			} else {
				rec_event(cjc.rec, s->cj, "Warning", "UnexpectedJob",
					  "Saw a job that the controller did not create or "
					  "forgot: %s",
					  jname);
			}
		} else if (at >= 0 && fin) {
			json_array_remove(s->active, (size_t)at);
			rec_event(cjc.rec, s->cj, "Normal", "SawCompletedJob",
				  "Saw completed job: %s, status: %s", jname, fin);
		} else if (fin && !strcmp(fin, "Complete")) {
			int64_t done = ts_of(j, "status.completionTime");

			if (done && done > ts_of(s->st, "lastSuccessfulTime"))
				set_time(s->st, "lastSuccessfulTime", done);
		}
	}
	for (size_t i = 0; i < json_array_size(s->active); i++) {
		const json_t *r = json_array_get(s->active, i);
		bool found = false;

		for (size_t j = 0; j < s->njobs && !found; j++)
			found = str_eq(jx_str(s->jobs[j], "metadata.uid"), jx_str(r, "uid"));
		if (found)
			continue;
		rec_event(cjc.rec, s->cj, "Normal", "MissingJob", "Active job went missing: %s",
			  jx_str(r, "name") ? jx_str(r, "name") : "");
		json_array_remove(s->active, i--);
	}
}

/* Start the job of the most recent unmet schedule time; set when to come back. */
static void schedule(struct sync *s, const struct cron_sched *sched, const struct cron_zone *z)
{
	struct timespec ts;
	int64_t now, when, base, next;
	const json_t *sds = jx_get(s->cj, "spec.startingDeadlineSeconds");
	const char *policy = jx_str(s->cj, "spec.concurrencyPolicy");
	char *jname = NULL;
	long missed;

	kt_now(&ts);
	now = ts.tv_sec;
	when = most_recent(s->cj, sched, z, now, &missed, &base);
	next = cron_next(sched, z, base);
	if (next)
		s->requeue_ms = (long)(next - now) * 1000 - ts.tv_nsec / 1000000 + NEXT_DELTA_MS;
	if (!when)
		return;
	if (missed > MANY_MISSED)
		rec_event(cjc.rec, s->cj, "Warning", "TooManyMissedTimes",
			  "too many missed start times: %ld. Set or decrease "
			  ".spec.startingDeadlineSeconds or check clock skew",
			  missed);
	if (json_is_integer(sds) && when + json_integer_value(sds) < now) {
		char buf[64];
		time_t w = (time_t)when;
		struct tm tm;

		gmtime_r(&w, &tm);
		strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S +0000", &tm);
		rec_event(cjc.rec, s->cj, "Warning", "MissSchedule",
			  "Missed scheduled time to start a job: %s", buf);
		return;
	}
	jname = xasprintf("%s-%lld", s->name, (long long)(when / 60));
	if (active_index(s->active, "name", jname) >= 0 || ts_of(s->st, "lastScheduleTime") == when)
		goto out;
	if (str_eq(policy, "Forbid") && json_array_size(s->active)) {
		rec_event(cjc.rec, s->cj, "Normal", "JobAlreadyActive",
			  "Not starting job because prior execution is running and concurrency "
			  "policy is Forbid");
		goto out;
	}
	if (str_eq(policy, "Replace")) {
		size_t i;
		json_t *r;

		json_array_foreach(s->active, i, r)
		    delete_job(s->op, s->cj, s->ns, jx_str(r, "name"));
		json_array_clear(s->active);
	}
	create_job(s->op, s->cj, z, when);
out:
	free(jname);
}

static int by_start(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	int64_t tx = ts_of(x, "status.startTime"), ty = ts_of(y, "status.startTime");

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return strcmp(jx_str(x, "metadata.name") ? jx_str(x, "metadata.name") : "",
		      jx_str(y, "metadata.name") ? jx_str(y, "metadata.name") : "");
}

/* Delete the oldest finished jobs beyond the history limits. */
static void prune(struct sync *s)
{
	static const struct {
		const char *state, *limit;
	} kinds[] = {{"Complete", "spec.successfulJobsHistoryLimit"},
		     {"Failed", "spec.failedJobsHistoryLimit"}};
	const json_t **v = xcalloc(s->njobs + 1, sizeof(*v));

	for (size_t k = 0; k < 2; k++) {
		const json_t *limit = jx_get(s->cj, kinds[k].limit);
		size_t n = 0;

		if (!json_is_integer(limit))
			continue;
		for (size_t i = 0; i < s->njobs; i++)
			if (str_eq(finished(s->jobs[i]), kinds[k].state) &&
			    !jx_get(s->jobs[i], "metadata.deletionTimestamp"))
				v[n++] = s->jobs[i];
		qsort(v, n, sizeof(*v), by_start);
		for (size_t i = 0; (json_int_t)(n - i) > json_integer_value(limit); i++)
			delete_job(s->op, s->cj, s->ns, jx_str(v[i], "metadata.name"));
	}
	free(v);
}

static void sync_cronjob(struct sync *s)
{
	const char *tz = jx_str(s->cj, "spec.timeZone"), *spec = jx_str(s->cj, "spec.schedule");
	const struct cron_zone *z = NULL;
	struct cron_sched *sched = NULL;
	char *err = NULL;
	bool ok = true;

	reconcile_active(s);
	if (jx_get(s->cj, "metadata.deletionTimestamp"))
		return;
	if (tz && !(z = zone(tz, &ok, &err)) && !ok) {
		rec_event(cjc.rec, s->cj, "Warning", "UnknownTimeZone",
			  "invalid timeZone: \"%s\": %s", tz, err);
		goto out;
	}
	if (!jx_bool(s->cj, "spec.suspend", false)) {
		if (cron_parse(spec ? spec : "", &sched, &err))
			rec_event(cjc.rec, s->cj, "Warning", "UnparseableSchedule",
				  "unparseable schedule: \"%s\" : %s", spec ? spec : "", err);
		else
			schedule(s, sched, z);
	}
	prune(s);
out:
	cron_free(sched);
	free(err);
}

static int sync(void *arg, const char *key)
{
	struct sync s = {0};
	char *ns = NULL, *name = NULL, *path;
	int rc;

	(void)arg;
	s.op = ctrl_op_new(cjc.q, key);
	s.cj = inf_get(cjc.cronjobs, key);
	if (!s.cj || ctrl_split_key(key, &ns, &name))
		goto out;
	s.ns = ns;
	s.name = name;
	s.njobs = ctrl_owned(cjc.jobs, ns, s.cj, &s.jobs);
	s.obj = json_deep_copy(s.cj);
	s.st = jx_obj(s.obj, "status");
	s.active = json_object_get(s.st, "active");
	if (!json_is_array(s.active)) {
		s.active = json_array();
		json_object_set_new(s.st, "active", s.active);
	}
	sync_cronjob(&s);
	if (!json_array_size(s.active))
		json_object_del(s.st, "active");
	if (!jx_equal(s.st, jx_get(s.cj, "status")) &&
	    !(json_object_size(s.st) == 0 && !jx_get(s.cj, "status"))) {
		path = xasprintf("/apis/batch/v1/namespaces/%s/cronjobs/%s/status", ns, name);
		ctrl_op_update(s.op, cjc.kc, path, s.obj);
		free(path);
	}
	if (s.requeue_ms > 0)
		ctrl_op_requeue_after(s.op, s.requeue_ms);
out:
	rc = ctrl_op_finish(s.op);
	json_decref(s.obj);
	free(s.jobs);
	free(ns);
	free(name);
	return rc;
}

/* ---- handlers ---- */

static void job_changed(void *arg, const json_t *job)
{
	const json_t *ref = ctrl_controller_ref(job);
	char *key;

	(void)arg;
	if (!cjc.q || !ref || !str_eq(jx_str(ref, "kind"), "CronJob"))
		return;
	key = xasprintf("%s/%s", jx_str(job, "metadata.namespace"), jx_str(ref, "name"));
	wq_add(cjc.q, key);
	free(key);
}

static void job_updated(void *arg, const json_t *old, const json_t *job)
{
	(void)old;
	job_changed(arg, job);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler jh = {job_changed, job_updated, job_changed, NULL};

	(void)err;
	(void)errlen;
	cjc.cm = cm;
	cjc.kc = cm_client(cm, "cronjob-controller");
	hmap_init(&cjc.zones);
	cjc.rec = cm_recorder(cjc.kc, "cronjob-controller");
	cjc.cronjobs = inf_factory_get(cm->inf, CRONJOBS_PATH, NULL, NULL);
	cjc.jobs = inf_factory_get(cm->inf, JOBS_PATH, NULL, NULL);
	ctrl_enqueue_self(cjc.cronjobs, &cjc.q);
	inf_add_handler(cjc.jobs, &jh);
	return 0;
}

static void run(struct cm *cm)
{
	cjc.q = wq_new(cm->base, "cronjob", cm->o->cronjob_syncs, sync, NULL);
	ctrl_enqueue_all(cjc.cronjobs, cjc.q);
}

const struct cm_controller cm_cronjob_controller = {
    .name = "cronjob",
    .init = init,
    .run = run,
};
