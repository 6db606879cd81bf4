/* Conversions for legacy API versions served from current storage. extensions/v1beta1
 * workloads differ from apps/v1 in their defaults and in the selector being optional. */
#include <string.h>

#include "jsonx.h"
#include "kind.h"

#define MAX_INT32 2147483647

/* extensions/v1beta1 -> apps/v1: fill what the old version defaulted differently. */
void legacy_extensions_in(json_t *obj)
{
	const char *kind = jx_str(obj, "kind") ?: "";
	json_t *labels = jx_get(obj, "spec.template.metadata.labels");

	if (!jx_get(obj, "spec.selector") && json_is_object(labels))
		jx_set(obj, "spec.selector", json_pack("{s:O}", "matchLabels", labels));
	if (!jx_get(obj, "metadata.labels") && json_is_object(labels))
		jx_set(obj, "metadata.labels", json_deep_copy(labels));
	if (!strcmp(kind, "Deployment")) {
		if (!jx_get(obj, "spec.strategy.type") ||
		    !strcmp(jx_str(obj, "spec.strategy.type") ?: "", "RollingUpdate")) {
			jx_default(obj, "spec.strategy.type", json_string("RollingUpdate"));
			jx_default(obj, "spec.strategy.rollingUpdate.maxUnavailable",
				   json_integer(1));
			jx_default(obj, "spec.strategy.rollingUpdate.maxSurge", json_integer(1));
		}
		jx_default(obj, "spec.revisionHistoryLimit", json_integer(MAX_INT32));
		jx_default(obj, "spec.progressDeadlineSeconds", json_integer(MAX_INT32));
	}
	if (!strcmp(kind, "DaemonSet")) {
		jx_default(obj, "spec.updateStrategy.type", json_string("OnDelete"));
		jx_default(obj, "spec.revisionHistoryLimit", json_integer(10));
	}
	jx_set_str(obj, "apiVersion", "apps/v1");
}

void legacy_extensions_out(json_t *obj)
{
	jx_set_str(obj, "apiVersion", "extensions/v1beta1");
}
