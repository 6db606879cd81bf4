#include <string.h>

#include "conditions.h"
#include "jsonx.h"
#include "ktime.h"
#include "pod.h"

bool pod_ready(const json_t *pod)
{
	return cond_true(pod, "Ready");
}

bool pod_terminal(const json_t *pod)
{
	const char *phase = jx_str(pod, "status.phase");

	return phase && (!strcmp(phase, "Succeeded") || !strcmp(phase, "Failed"));
}

bool pod_deleting(const json_t *obj)
{
	return jx_get(obj, "metadata.deletionTimestamp") != NULL;
}

bool pod_active(const json_t *pod)
{
	return !pod_terminal(pod) && !pod_deleting(pod);
}

long pod_available_in(const json_t *pod, long min_ready_secs, time_t now)
{
	const json_t *c = cond_get(pod, "Ready");
	const char *since = jx_str(c, "lastTransitionTime");
	struct timespec ts;
	long left;

	if (!c || strcmp(jx_str(c, "status") ? jx_str(c, "status") : "", "True"))
		return -1;
	if (min_ready_secs <= 0 || !since || kt_parse(since, &ts))
		return 0;
	left = (long)(ts.tv_sec + min_ready_secs - now);
	return left > 0 ? left : 0;
}

bool pod_available(const json_t *pod, long min_ready_secs, time_t now)
{
	return pod_available_in(pod, min_ready_secs, now) == 0;
}
