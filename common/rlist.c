#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "rlist.h"

void rl_put(json_t *rl, const char *name, const struct qty *q)
{
	char *s = qty_string(q);

	json_object_set_new(rl, name, json_string(s));
	free(s);
}

void rl_add(json_t *rl, const char *name, const struct qty *q, bool sub)
{
	struct qty cur;

	if (!qty_from_json(json_object_get(rl, name), &cur))
		qty_from_int(&cur, 0, q->format);
	if (sub)
		qty_sub(&cur, q);
	else
		qty_add(&cur, q);
	rl_put(rl, name, &cur);
}

void rl_add_value(json_t *rl, const char *name, const json_t *v)
{
	struct qty q;

	if (qty_from_json(v, &q))
		rl_add(rl, name, &q, false);
}

void rl_add_all(json_t *rl, const json_t *more)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)more, k, v) rl_add_value(rl, k, v);
}

void rl_max_all(json_t *rl, const json_t *more)
{
	struct qty a, b;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)more, k, v)
	{
		if (!qty_from_json(v, &b))
			continue;
		if (!qty_from_json(json_object_get(rl, k), &a) || qty_cmp(&b, &a) > 0)
			rl_put(rl, k, &b);
	}
}

void rl_set_int(json_t *rl, const char *name, int64_t n)
{
	struct qty q;

	qty_from_int(&q, n, QTY_DECIMAL_SI);
	rl_put(rl, name, &q);
}

static bool restartable(const json_t *c)
{
	return !strcmp(jx_str(c, "restartPolicy") ?: "", "Always");
}

json_t *rl_pod_total(const json_t *spec, const char *which, bool overhead)
{
	json_t *sum = json_object(), *side = json_object(), *init = json_object(), *c;
	char path[32];
	size_t i;

	snprintf(path, sizeof(path), "resources.%s", which);
	json_array_foreach(json_object_get(spec, "containers"), i, c)
	    rl_add_all(sum, jx_get(c, path));
	json_array_foreach(json_object_get(spec, "initContainers"), i, c)
	{
		json_t *tmp = json_object();
		if (restartable(c)) {
			rl_add_all(sum, jx_get(c, path));
			rl_add_all(side, jx_get(c, path));
		}
		rl_add_all(tmp, jx_get(c, path));
		rl_add_all(tmp, side);
		rl_max_all(init, tmp);
		json_decref(tmp);
	}
	rl_max_all(sum, init);
	if (overhead)
		rl_add_all(sum, json_object_get(spec, "overhead"));
	json_decref(side);
	json_decref(init);
	return sum;
}
