/* Server-side printing for the workload groups: apps, batch, autoscaling and policy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "printers.h"

#define TEMPLATE_CONTAINERS "spec.template.spec.containers"

static const char *name_of(const json_t *obj)
{
	return jx_str(obj, "metadata.name");
}

/* ---- ReplicationController, ReplicaSet ---- */

static const struct column replicationcontroller_columns[] = {
    PR_NAME_COL,
    PR_COL("Desired", "integer", 0, "How many pods the controller is asked to run."),
    PR_COL("Current", "integer", 0, "How many pods the controller runs now."),
    PR_COL("Ready", "integer", 0, "How many of its pods are ready."),
    PR_AGE_COL,
    PR_CONTAINERS_COL,
    PR_IMAGES_COL,
    PR_COL("Selector", "string", 1, "Labels a pod must carry to be counted."),
    {0}};

/* NAME DESIRED CURRENT READY AGE: spec.replicas is defaulted to 1 by the strategy. */
static void replicas_cells(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_int(cells, jx_int(obj, "spec.replicas", 1));
	pr_int(cells, jx_int(obj, "status.replicas", 0));
	pr_int(cells, jx_int(obj, "status.readyReplicas", 0));
	pr_age(cells, obj, now);
	pr_containers(cells, jx_get(obj, TEMPLATE_CONTAINERS));
}

static void replicationcontroller_row(const json_t *obj, json_t *cells, time_t now)
{
	replicas_cells(obj, cells, now);
	pr_own(cells, pr_labels(jx_get(obj, "spec.selector")));
}

const struct printer replicationcontroller_printer = {replicationcontroller_columns,
						      replicationcontroller_row};

static const struct column replicaset_columns[] = {
    PR_NAME_COL,
    PR_COL("Desired", "integer", 0, "How many pods the replica set is asked to run."),
    PR_COL("Current", "integer", 0, "How many pods the replica set runs now."),
    PR_COL("Ready", "integer", 0, "How many of its pods are ready."),
    PR_AGE_COL,
    PR_CONTAINERS_COL,
    PR_IMAGES_COL,
    PR_COL("Selector", "string", 1, "The label selector that picks the replica set's pods."),
    {0}};

static void replicaset_row(const json_t *obj, json_t *cells, time_t now)
{
	replicas_cells(obj, cells, now);
	pr_own(cells, pr_selector_fmt(jx_get(obj, "spec.selector")));
}

const struct printer replicaset_printer = {replicaset_columns, replicaset_row};

/* ---- Deployment, StatefulSet, DaemonSet, ControllerRevision ---- */

static const struct column deployment_columns[] = {
    PR_NAME_COL,
    PR_COL("Ready", "string", 0, "Ready pods out of the desired number."),
    PR_COL("Up-to-date", "string", 0, "Pods already running the latest pod template."),
    PR_COL("Available", "string", 0, "Pods ready for at least minReadySeconds."),
    PR_AGE_COL,
    PR_CONTAINERS_COL,
    PR_IMAGES_COL,
    PR_COL("Selector", "string", 1, "The label selector that picks the deployment's pods."),
    {0}};

static void deployment_row(const json_t *obj, json_t *cells, time_t now)
{
	char *sel = pr_selector(jx_get(obj, "spec.selector"));

	pr_str(cells, name_of(obj));
	pr_own(cells, xasprintf("%lld/%lld", (long long)jx_int(obj, "status.readyReplicas", 0),
				(long long)jx_int(obj, "spec.replicas", 1)));
	pr_int(cells, jx_int(obj, "status.updatedReplicas", 0));
	pr_int(cells, jx_int(obj, "status.availableReplicas", 0));
	pr_age(cells, obj, now);
	pr_containers(cells, jx_get(obj, TEMPLATE_CONTAINERS));
	if (sel)
		pr_own(cells, sel);
	else
		pr_str(cells, "<invalid>");
}

const struct printer deployment_printer = {deployment_columns, deployment_row};

static const struct column statefulset_columns[] = {
    PR_NAME_COL,   PR_COL("Ready", "string", 0, "Ready pods out of the desired number."),
    PR_AGE_COL,	   PR_CONTAINERS_COL,
    PR_IMAGES_COL, {0}};

static void statefulset_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_own(cells, xasprintf("%lld/%lld", (long long)jx_int(obj, "status.readyReplicas", 0),
				(long long)jx_int(obj, "spec.replicas", 1)));
	pr_age(cells, obj, now);
	pr_containers(cells, jx_get(obj, TEMPLATE_CONTAINERS));
}

const struct printer statefulset_printer = {statefulset_columns, statefulset_row};

static const struct column daemonset_columns[] = {
    PR_NAME_COL,
    PR_COL("Desired", "integer", 0, "Nodes that should run the daemon pod."),
    PR_COL("Current", "integer", 0, "Nodes running at least one daemon pod."),
    PR_COL("Ready", "integer", 0, "Nodes whose daemon pod is ready."),
    PR_COL("Up-to-date", "integer", 0, "Nodes running the latest pod template."),
    PR_COL("Available", "integer", 0, "Nodes whose daemon pod is available."),
    PR_COL("Node Selector", "string", 0, "Node labels the daemon pods are restricted to."),
    PR_AGE_COL,
    PR_CONTAINERS_COL,
    PR_IMAGES_COL,
    PR_COL("Selector", "string", 1, "The label selector that picks the daemon set's pods."),
    {0}};

static void daemonset_row(const json_t *obj, json_t *cells, time_t now)
{
	static const char *const counts[] = {"desiredNumberScheduled", "currentNumberScheduled",
					     "numberReady", "updatedNumberScheduled",
					     "numberAvailable"};

	pr_str(cells, name_of(obj));
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		pr_int(cells, jx_int(jx_get(obj, "status"), counts[i], 0));
	pr_own(cells, pr_labels(jx_get(obj, "spec.template.spec.nodeSelector")));
	pr_age(cells, obj, now);
	pr_containers(cells, jx_get(obj, TEMPLATE_CONTAINERS));
	pr_own(cells, pr_selector_fmt(jx_get(obj, "spec.selector")));
}

const struct printer daemonset_printer = {daemonset_columns, daemonset_row};

static const struct column controllerrevision_columns[] = {
    PR_NAME_COL,
    PR_COL("Controller", "string", 0, "The object that owns the revision, as kind.group/name."),
    PR_COL("Revision", "string", 0, "The revision number of the saved state."),
    PR_AGE_COL,
    {0}};

/* The controlling owner as "kind.group/name" in lower case; "<none>" when there is none. */
static char *controller_of(const json_t *obj)
{
	size_t i;
	json_t *o;

	json_array_foreach(jx_get(obj, "metadata.ownerReferences"), i, o)
	{
		const char *api = jx_str(o, "apiVersion") ?: "", *kind = jx_str(o, "kind") ?: "";
		const char *name = jx_str(o, "name") ?: "", *slash = strchr(api, '/');
		char *s;

		if (!jx_bool(o, "controller", false))
			continue;
		if (!slash && !*kind)
			return xstrdup(name);
		s = slash ? xasprintf("%s.%.*s", kind, (int)(slash - api), api) : xstrdup(kind);
		for (char *p = s; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		char *out = xasprintf("%s/%s", s, name);
		free(s);
		return out;
	}
	return xstrdup("<none>");
}

static void controllerrevision_row(const json_t *obj, json_t *cells, time_t now)
{
	pr_str(cells, name_of(obj));
	pr_own(cells, controller_of(obj));
	pr_int(cells, jx_int(obj, "revision", 0));
	pr_age(cells, obj, now);
}

const struct printer controllerrevision_printer = {controllerrevision_columns,
						   controllerrevision_row};

/* ---- Job, CronJob ---- */

static const struct column job_columns[] = {
    PR_NAME_COL,
    PR_COL("Status", "string", 0, "The job's state: Running, Complete, Failed, Suspended..."),
    PR_COL("Completions", "string", 0, "Succeeded pods out of the completions asked for."),
    PR_COL("Duration", "string", 0, "How long the job has run, or ran until it finished."),
    PR_AGE_COL,
    PR_CONTAINERS_COL,
    PR_IMAGES_COL,
    PR_COL("Selector", "string", 1, "The label selector that picks the job's pods."),
    {0}};

static bool job_condition(const json_t *job, const char *type)
{
	size_t i;
	json_t *c;

	json_array_foreach(jx_get(job, "status.conditions"), i, c)
	{
		const char *t = jx_str(c, "type"), *st = jx_str(c, "status");
		if (t && !strcmp(t, type))
			return st && !strcmp(st, "True");
	}
	return false;
}

static const char *job_status(const json_t *job)
{
	if (job_condition(job, "Complete"))
		return "Complete";
	if (job_condition(job, "Failed"))
		return "Failed";
	if (pr_deleting(job))
		return "Terminating";
	if (job_condition(job, "Suspended"))
		return "Suspended";
	if (job_condition(job, "FailureTarget"))
		return "FailureTarget";
	return "Running";
}

static char *job_completions(const json_t *job)
{
	long long done = jx_int(job, "status.succeeded", 0);
	const json_t *want = jx_get(job, "spec.completions");
	long long par = jx_int(job, "spec.parallelism", 0);

	if (json_is_integer(want))
		return xasprintf("%lld/%lld", done, (long long)json_integer_value(want));
	if (par > 1)
		return xasprintf("%lld/1 of %lld", done, par);
	return xasprintf("%lld/1", done);
}

static void job_duration(const json_t *job, time_t now, char buf[32])
{
	struct timespec start, end;

	buf[0] = 0;
	if (!pr_time(job, "status.startTime", &start))
		return;
	if (!pr_time(job, "status.completionTime", &end)) {
		end.tv_sec = now;
		end.tv_nsec = 0;
	}
	kt_human_duration((double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9,
			  buf);
}

static void job_row(const json_t *obj, json_t *cells, time_t now)
{
	char dur[32];

	job_duration(obj, now, dur);
	pr_str(cells, name_of(obj));
	pr_str(cells, job_status(obj));
	pr_own(cells, job_completions(obj));
	pr_str(cells, dur);
	pr_age(cells, obj, now);
	pr_containers(cells, jx_get(obj, TEMPLATE_CONTAINERS));
	pr_own(cells, pr_selector_fmt(jx_get(obj, "spec.selector")));
}

const struct printer job_printer = {job_columns, job_row};

static const struct column cronjob_columns[] = {
    PR_NAME_COL,
    PR_COL("Schedule", "string", 0, "When jobs are started, in cron syntax."),
    PR_COL("Timezone", "string", 0, "The time zone the schedule is read in."),
    PR_COL("Suspend", "boolean", 0, "Whether starting new jobs is paused."),
    PR_COL("Active", "integer", 0, "How many of its jobs are running."),
    PR_COL("Last Schedule", "string", 0, "How long ago a job was last started."),
    PR_AGE_COL,
    PR_CONTAINERS_COL,
    PR_IMAGES_COL,
    PR_COL("Selector", "string", 1, "The label selector of the job template."),
    {0}};

static void cronjob_row(const json_t *obj, json_t *cells, time_t now)
{
	char last[32];

	if (jx_str(obj, "status.lastScheduleTime"))
		pr_since(obj, "status.lastScheduleTime", now, last);
	else
		snprintf(last, sizeof(last), "<none>");
	pr_str(cells, name_of(obj));
	pr_str(cells, jx_str(obj, "spec.schedule"));
	pr_str(cells, jx_str(obj, "spec.timeZone") ?: "<none>");
	pr_str(cells, pr_bool_ptr(jx_get(obj, "spec.suspend")));
	pr_int(cells, (json_int_t)json_array_size(jx_get(obj, "status.active")));
	pr_str(cells, last);
	pr_age(cells, obj, now);
	pr_containers(cells, jx_get(obj, "spec.jobTemplate.spec.template.spec.containers"));
	pr_own(cells, pr_selector_fmt(jx_get(obj, "spec.jobTemplate.spec.selector")));
}

const struct printer cronjob_printer = {cronjob_columns, cronjob_row};

/* ---- HorizontalPodAutoscaler (autoscaling/v2) ---- */

static const struct column hpa_columns[] = {
    PR_NAME_COL,
    PR_COL("Reference", "string", 0, "The scaled object, as Kind/name."),
    PR_COL("Targets", "string", 0, "Current metric values against their targets."),
    PR_COL("MinPods", "string", 0, "The fewest replicas the autoscaler scales down to."),
    PR_COL("MaxPods", "string", 0, "The most replicas the autoscaler scales up to."),
    PR_COL("Replicas", "string", 0, "How many replicas the target has now."),
    PR_AGE_COL,
    {0}};

/* The autoscaler shows two metrics and counts the rest. */
#define HPA_MAX_LISTED 2

/* Metric source types, the member holding each, and how they print. */
static const struct hpa_source {
	const char *type, *member;
	bool named; /* prefixed with the resource name */
	bool pods;  /* always an average value */
} hpa_sources[] = {
    {"External", "external", false, false},
    {"Pods", "pods", false, true},
    {"Object", "object", false, false},
    {"Resource", "resource", true, false},
    {"ContainerResource", "containerResource", true, false},
};

static bool has(const json_t *v, const char *path)
{
	const json_t *x = jx_get(v, path);

	return x && !json_is_null(x);
}

/* A quantity that upstream dereferences even when unset prints as Go's nil quantity. */
static char *hpa_qty(const json_t *v, const char *path)
{
	return pr_qty(jx_get(v, path), "<nil>");
}

static char *hpa_utilization(const json_t *v, const char *path, const char *unset)
{
	const json_t *u = jx_get(v, path);

	if (!json_is_integer(u))
		return xstrdup(unset);
	return xasprintf("%lld%%", (long long)json_integer_value(u));
}

/* "current/target" for one metric, with the resource name or "(avg)" where upstream adds it. */
static char *hpa_metric(const struct hpa_source *src, const json_t *spec, const json_t *status)
{
	const json_t *m = jx_get(spec, src->member), *target = jx_get(m, "target");
	const json_t *c = has(status, src->member) ? jx_get(status, src->member) : NULL;
	const char *name = jx_str(m, "name") ?: "", *fmt = "%s%s/%s";
	char *cv, *tv, *out;

	if (src->pods || has(target, "averageValue")) {
		/* External and Object need the current average itself to be set. */
		bool known = c && (src->pods || src->named || has(c, "current.averageValue"));
		cv = known ? hpa_qty(c, "current.averageValue") : xstrdup("<unknown>");
		tv = hpa_qty(target, "averageValue");
		if (!src->pods && !src->named)
			fmt = "%s%s/%s (avg)";
	} else if (!src->named) {
		cv = c ? hpa_qty(c, "current.value") : xstrdup("<unknown>");
		tv = hpa_qty(target, "value");
	} else {
		cv = hpa_utilization(c, "current.averageUtilization", "<unknown>");
		tv = hpa_utilization(target, "averageUtilization", "<auto>");
	}
	out = src->named ? xasprintf("%s: %s/%s", name, cv, tv) : xasprintf(fmt, "", cv, tv);
	free(cv);
	free(tv);
	return out;
}

static char *hpa_targets(const json_t *hpa)
{
	const json_t *specs = jx_get(hpa, "spec.metrics");
	const json_t *statuses = jx_get(hpa, "status.currentMetrics");
	struct pr_buf b = {0};
	size_t i, n = json_array_size(specs);
	json_t *spec;

	if (!n)
		return xstrdup("<none>");
	json_array_foreach(specs, i, spec)
	{
		const char *type = jx_str(spec, "type") ?: "";
		const json_t *status = json_array_get(statuses, i);
		const struct hpa_source *src = NULL;
		char *m;

		if (i >= HPA_MAX_LISTED)
			break;
		for (size_t k = 0; k < sizeof(hpa_sources) / sizeof(hpa_sources[0]); k++)
			if (!strcmp(hpa_sources[k].type, type))
				src = &hpa_sources[k];
		m = src ? hpa_metric(src, spec, status) : xstrdup("<unknown type>");
		pr_item(&b, ", ", "%s", m);
		free(m);
	}
	if (n > HPA_MAX_LISTED)
		pr_add(&b, " + %zu more...", n - HPA_MAX_LISTED);
	return pr_take(&b);
}

static void hpa_row(const json_t *obj, json_t *cells, time_t now)
{
	const json_t *min = jx_get(obj, "spec.minReplicas");

	pr_str(cells, name_of(obj));
	pr_own(cells, xasprintf("%s/%s", jx_str(obj, "spec.scaleTargetRef.kind") ?: "",
				jx_str(obj, "spec.scaleTargetRef.name") ?: ""));
	pr_own(cells, hpa_targets(obj));
	if (json_is_integer(min))
		pr_own(cells, xasprintf("%lld", (long long)json_integer_value(min)));
	else
		pr_str(cells, "<unset>");
	pr_int(cells, jx_int(obj, "spec.maxReplicas", 0));
	pr_int(cells, jx_int(obj, "status.currentReplicas", 0));
	pr_age(cells, obj, now);
}

const struct printer hpa_printer = {hpa_columns, hpa_row};

/* ---- PodDisruptionBudget ---- */

static const struct column pdb_columns[] = {
    PR_NAME_COL,
    PR_COL("Min Available", "string", 0, "Pods that must stay available, as a count or %."),
    PR_COL("Max Unavailable", "string", 0, "Pods that may be unavailable, as a count or %."),
    PR_COL("Allowed Disruptions", "integer", 0, "Pods that may be evicted right now."),
    PR_AGE_COL,
    {0}};

static void pdb_row(const json_t *obj, json_t *cells, time_t now)
{
	char buf[32];

	pr_str(cells, name_of(obj));
	pr_str(cells, pr_int_or_str(jx_get(obj, "spec.minAvailable"), buf) ?: "N/A");
	pr_str(cells, pr_int_or_str(jx_get(obj, "spec.maxUnavailable"), buf) ?: "N/A");
	pr_int(cells, jx_int(obj, "status.disruptionsAllowed", 0));
	pr_age(cells, obj, now);
}

const struct printer pdb_printer = {pdb_columns, pdb_row};
