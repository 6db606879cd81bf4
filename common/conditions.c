#include <string.h>
#include <time.h>

#include "conditions.h"
#include "jsonx.h"
#include "ktime.h"

static json_t *find(const json_t *obj, const char *type, size_t *at)
{
	json_t *list = jx_get(obj, "status.conditions"), *c;
	size_t i;

	json_array_foreach(list, i, c)
	{
		const char *t = jx_str(c, "type");

		if (t && !strcmp(t, type)) {
			if (at)
				*at = i;
			return c;
		}
	}
	return NULL;
}

const json_t *cond_get(const json_t *obj, const char *type)
{
	return find(obj, type, NULL);
}

bool cond_true(const json_t *obj, const char *type)
{
	const char *s = jx_str(find(obj, type, NULL), "status");

	return s && !strcmp(s, "True");
}

/* Set field to s (NULL: remove it); true when that changed anything. */
static bool set_str(json_t *c, const char *field, const char *s)
{
	const char *old = jx_str(c, field);

	if (!s) {
		if (!json_object_get(c, field))
			return false;
		json_object_del(c, field);
		return true;
	}
	if (old && !strcmp(old, s))
		return false;
	json_object_set_new(c, field, json_string(s));
	return true;
}

bool cond_set(json_t *obj, const char *type, const char *status, const char *reason,
	      const char *message, const char *touch)
{
	json_t *list, *c = find(obj, type, NULL);
	bool changed = false, flipped;
	char now[32];

	kt_format(time(NULL), now);
	if (!c) {
		list = jx_get(obj, "status.conditions");
		if (!json_is_array(list)) {
			list = json_array();
			if (jx_set(obj, "status.conditions", list))
				return false;
		}
		c = json_pack("{ss}", "type", type);
		json_array_append_new(list, c);
		changed = true;
	}
	flipped = set_str(c, "status", status);
	changed |= set_str(c, "reason", reason);
	changed |= set_str(c, "message", message);
	if (flipped || changed || !jx_str(c, "lastTransitionTime")) {
		if (flipped || !jx_str(c, "lastTransitionTime"))
			json_object_set_new(c, "lastTransitionTime", json_string(now));
		changed = true;
	}
	if (touch && (changed || flipped))
		json_object_set_new(c, touch, json_string(now));
	return changed || flipped;
}

bool cond_del(json_t *obj, const char *type)
{
	size_t at;

	if (!find(obj, type, &at))
		return false;
	json_array_remove(jx_get(obj, "status.conditions"), at);
	return true;
}
