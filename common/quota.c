#include <string.h>

#include "jsonx.h"
#include "quantity.h"
#include "quota.h"

static bool pod_best_effort(const json_t *spec)
{
	static const char *const container_lists[] = {"containers", "initContainers", NULL};
	static const char *const lists[] = {"requests", "limits", NULL};
	json_t *c;
	size_t i;

	for (int l = 0; container_lists[l]; l++)
		json_array_foreach(json_object_get(spec, container_lists[l]), i, c)
		{
			for (int w = 0; lists[w]; w++) {
				const json_t *rl =
				    json_object_get(json_object_get(c, "resources"), lists[w]);
				struct qty q;
				if ((qty_from_json(json_object_get(rl, "cpu"), &q) &&
				     !qty_is_zero(&q)) ||
				    (qty_from_json(json_object_get(rl, "memory"), &q) &&
				     !qty_is_zero(&q)))
					return false;
			}
		}
	return true;
}

/* Does a pod fall in a scope? op and values only matter for PriorityClass selectors. */
static bool pod_in_scope(const json_t *pod, const char *scope, const char *op, const json_t *values)
{
	const json_t *spec = json_object_get(pod, "spec");
	const json_t *ads = json_object_get(spec, "activeDeadlineSeconds");
	const char *pc = jx_str(spec, "priorityClassName") ?: "";
	bool terminating = json_is_integer(ads) && json_integer_value(ads) >= 0;

	if (!strcmp(scope, "Terminating"))
		return terminating;
	if (!strcmp(scope, "NotTerminating"))
		return !terminating;
	if (!strcmp(scope, "BestEffort"))
		return pod_best_effort(spec);
	if (!strcmp(scope, "NotBestEffort"))
		return !pod_best_effort(spec);
	if (!strcmp(scope, "PriorityClass")) {
		if (!op || !strcmp(op, "Exists"))
			return *pc != 0;
		if (!strcmp(op, "In"))
			return jx_has_str(values, pc);
		if (!strcmp(op, "NotIn"))
			return !jx_has_str(values, pc);
	}
	/* DoesNotExist never holds (the class is always a key), and cross-namespace affinity
	 * is not evaluated: such quotas charge nothing. */
	return false;
}

bool quota_scopes_match(const json_t *quota, bool is_pod, const json_t *obj)
{
	const json_t *scopes = jx_get(quota, "spec.scopes");
	const json_t *exprs = jx_get(quota, "spec.scopeSelector.matchExpressions");
	size_t i;
	json_t *s;

	json_array_foreach(scopes, i, s)
	{
		if (!is_pod || !json_is_string(s) ||
		    !pod_in_scope(obj, json_string_value(s), NULL, NULL))
			return false;
	}
	json_array_foreach(exprs, i, s)
	{
		if (!is_pod || !pod_in_scope(obj, jx_str(s, "scopeName") ?: "",
					     jx_str(s, "operator"), json_object_get(s, "values")))
			return false;
	}
	return true;
}
