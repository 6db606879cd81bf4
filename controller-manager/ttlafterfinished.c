/*
 * ttl-after-finished: deletes a finished Job (and, by foreground deletion, its pods)
 * ttlSecondsAfterFinished after it finished. A Job not due yet is checked again when it is.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "controller.h"
#include "decide.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *jobs;
	struct wq *q;
} ttl;

/* When the Job finished: the True Complete or Failed condition's transition (upstream's
 * jobFinishTime), else status.completionTime. -1 when unfinished. */
static time_t finished_at(const json_t *job)
{
	static const char *const types[] = {"Complete", "Failed"};
	const json_t *c;
	struct timespec ts;
	size_t i;

	for (int t = 0; t < 2; t++)
		json_array_foreach(jx_get(job, "status.conditions"), i, c)
		{
			if (!strcmp(jx_str(c, "type") ?: "", types[t]) &&
			    !strcmp(jx_str(c, "status") ?: "", "True") &&
			    !kt_parse(jx_str(c, "lastTransitionTime") ?: "", &ts))
				return ts.tv_sec;
		}
	if (!kt_parse(jx_str(job, "status.completionTime") ?: "", &ts))
		return ts.tv_sec;
	return -1;
}

long ttl_expires_in(const json_t *job, time_t now, bool *never)
{
	const json_t *secs = jx_get(job, "spec.ttlSecondsAfterFinished");
	time_t done;

	*never = true;
	if (!json_is_integer(secs) || pod_deleting(job) || (done = finished_at(job)) < 0)
		return -1;
	*never = false;
	return (long)(done + (time_t)json_integer_value(secs) - now);
}

static int sync(void *arg, const char *key)
{
	struct ctrl_op *op = ctrl_op_new(ttl.q, key);
	const json_t *job = inf_get(ttl.jobs, key);
	bool never;
	long left;
	json_t *opts;
	char *path;

	(void)arg;
	if (!job)
		goto out;
	left = ttl_expires_in(job, time(NULL), &never);
	if (never)
		goto out;
	if (left > 0) {
		ctrl_op_requeue_after(op, left * 1000);
		goto out;
	}
	log_info("ttl-after-finished: deleting job %s", key);
	opts = json_pack("{s:s, s:s, s:s, s:{s:s?}}", "kind", "DeleteOptions", "apiVersion", "v1",
			 "propagationPolicy", "Foreground", "preconditions", "uid",
			 jx_str(job, "metadata.uid"));
	path =
	    xasprintf("/apis/batch/v1/namespaces/%s/jobs/%s",
		      jx_str(job, "metadata.namespace") ?: "", jx_str(job, "metadata.name") ?: "");
	ctrl_op_delete(op, ttl.kc, path, opts);
	free(path);
	json_decref(opts);
out:
	return ctrl_op_finish(op);
}

static void job_changed(void *arg, const json_t *job)
{
	bool never;

	(void)arg;
	if (!ttl.q)
		return;
	ttl_expires_in(job, time(NULL), &never);
	if (!never)
		ctrl_enqueue(ttl.q, job);
}

static void job_updated(void *arg, const json_t *old, const json_t *job)
{
	(void)old;
	job_changed(arg, job);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler h = {job_changed, job_updated, NULL, NULL};

	(void)err;
	(void)errlen;
	ttl.cm = cm;
	ttl.kc = cm_client(cm, "ttl-after-finished-controller");
	ttl.jobs = inf_factory_get(cm->inf, "/apis/batch/v1/jobs", NULL, NULL);
	inf_add_handler(ttl.jobs, &h);
	return 0;
}

static void run(struct cm *cm)
{
	const json_t **jobs;
	size_t n;

	ttl.q = wq_new(cm->base, "ttl-after-finished", cm->o->ttl_syncs, sync, NULL);
	n = inf_list(ttl.jobs, &jobs);
	for (size_t i = 0; i < n; i++)
		job_changed(NULL, jobs[i]);
	free(jobs);
}

const struct cm_controller cm_ttlafterfinished_controller = {
    .name = "ttl-after-finished",
    .init = init,
    .run = run,
};
