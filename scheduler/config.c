/* The KubeSchedulerConfiguration file (--config), kubescheduler.config.k8s.io/v1 only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "jsonx.h"
#include "log.h"
#include "scheduler.h"
#include "yaml.h"

#define CONFIG_GROUP_VERSION "kubescheduler.config.k8s.io/v1"
#define CONFIG_KIND	     "KubeSchedulerConfiguration"
#define CONFIG_MAX_BYTES     (1 << 20)

void sch_config_defaults(struct sch_config *c)
{
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(SCH_DEFAULT_NAME);
	c->leader_elect = -1;
	c->qps = 50;
	c->burst = 100;
	for (int i = 0; i < SCH_SC_COUNT; i++)
		c->weights[i] = sch_scores[i].weight;
}

void sch_config_free(struct sch_config *c)
{
	free(c->name);
	free(c->kubeconfig);
	c->name = c->kubeconfig = NULL;
}

const char *sch_score_name(int id)
{
	return id >= 0 && id < SCH_SC_COUNT ? sch_scores[id].name : NULL;
}

int sch_score_id(const char *name)
{
	for (int i = 0; name && i < SCH_SC_COUNT; i++)
		if (!strcmp(sch_scores[i].name, name))
			return i;
	return -1;
}

static int fail(char **err, const char *fmt, const char *arg)
{
	*err = xasprintf(fmt, arg);
	return -1;
}

static int percentage(const json_t *v, int *out, const char *field, char **err)
{
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) {
		char *s = jx_dump(v);

		*err = xasprintf("%s: Invalid value: %s: not in valid range [0-100]", field, s);
		free(s);
		return -1;
	}
	*out = (int)json_integer_value(v);
	return 0;
}

/* plugins.score.disabled then .enabled: "*" disables every default, enabled sets weights
 * (0 or none keeps the default weight), as upstream merges a profile over the defaults. */
static int score_plugins(const json_t *score, struct sch_config *c, char **err)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(score, "disabled"), i, p)
	{
		const char *name = jx_str(p, "name");
		int id = sch_score_id(name);

		if (name && !strcmp(name, "*"))
			memset(c->weights, 0, sizeof(c->weights));
		else if (id >= 0)
			c->weights[id] = 0;
	}
	json_array_foreach(json_object_get(score, "enabled"), i, p)
	{
		const char *name = jx_str(p, "name");
		int id = sch_score_id(name);
		json_int_t w = jx_int(p, "weight", 0);

		if (!name)
			return fail(err, "%s",
				    "profiles[0].plugins.score.enabled: name is required");
		if (w < 0 || w > 100)
			return fail(err,
				    "profiles[0].plugins.score.enabled: weight of %s out of range "
				    "[1-100]",
				    name);
		if (id < 0) {
			log_warn("config: score plugin %s is not implemented; ignored", name);
			continue;
		}
		c->weights[id] = w ? (int)w : sch_scores[id].weight;
	}
	return 0;
}

static int client_connection(const json_t *cc, struct sch_config *c, char **err)
{
	const char *kcfg = jx_str(cc, "kubeconfig");
	const json_t *qps = json_object_get(cc, "qps"), *burst = json_object_get(cc, "burst");

	if (kcfg && *kcfg) {
		free(c->kubeconfig);
		c->kubeconfig = xstrdup(kcfg);
	}
	if (qps && !json_is_number(qps))
		return fail(err, "%s", "clientConnection.qps: must be a number");
	if (burst && !json_is_integer(burst))
		return fail(err, "%s", "clientConnection.burst: must be an integer");
	if (qps)
		c->qps = json_number_value(qps);
	if (burst)
		c->burst = (int)json_integer_value(burst);
	return 0;
}

static int profile(const json_t *prof, struct sch_config *c, char **err)
{
	const char *name = jx_str(prof, "schedulerName");

	if (prof && !json_is_object(prof))
		return fail(err, "%s", "profiles[0]: must be an object");
	if (name && *name) {
		free(c->name);
		c->name = xstrdup(name);
	}
	if (percentage(json_object_get(prof, "percentageOfNodesToScore"), &c->percentage,
		       "profiles[0].percentageOfNodesToScore", err))
		return -1;
	return score_plugins(jx_get(prof, "plugins.score"), c, err);
}

int sch_config_parse(const json_t *doc, struct sch_config *c, char **err)
{
	const char *av = jx_str(doc, "apiVersion"), *kind = jx_str(doc, "kind");
	const json_t *profs = json_object_get(doc, "profiles"), *le;

	*err = NULL;
	if (!json_is_object(doc))
		return fail(err, "%s", "the configuration is not an object");
	if (!av || !kind)
		return fail(
		    err, "%s",
		    "couldn't decode as KubeSchedulerConfiguration: apiVersion and kind "
		    "must be set (kubescheduler.config.k8s.io/v1, KubeSchedulerConfiguration)");
	if (strcmp(av, CONFIG_GROUP_VERSION) || strcmp(kind, CONFIG_KIND)) {
		*err = xasprintf("couldn't decode as KubeSchedulerConfiguration: no kind \"%s\" is "
				 "registered for version \"%s\" (only %s is supported)",
				 kind, av, CONFIG_GROUP_VERSION);
		return -1;
	}
	if (percentage(json_object_get(doc, "percentageOfNodesToScore"), &c->percentage,
		       "percentageOfNodesToScore", err))
		return -1;
	if (client_connection(json_object_get(doc, "clientConnection"), c, err))
		return -1;
	le = jx_get(doc, "leaderElection.leaderElect");
	if (json_is_boolean(le))
		c->leader_elect = json_is_true(le);
	if (profs && !json_is_array(profs))
		return fail(err, "%s", "profiles: must be a list");
	if (json_array_size(profs) > 1)
		log_warn("config: only the first of %zu profiles is used", json_array_size(profs));
	return json_array_size(profs) ? profile(json_array_get(profs, 0), c, err) : 0;
}

static char *slurp(const char *path, size_t *len, char **err)
{
	char *buf = file_read(path, len);

	if (!buf) {
		*err = xasprintf("failed to read config file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (*len > CONFIG_MAX_BYTES) {
		free(buf);
		*err = xasprintf("config file %s is too large", path);
		return NULL;
	}
	return buf;
}

int sch_config_load(const char *path, struct sch_config *c, char **err)
{
	size_t len = 0;
	char *buf = slurp(path, &len, err), *yerr = NULL;
	json_t *doc;
	int rc;

	if (!buf)
		return -1;
	doc = yaml_load(buf, len, &yerr);
	free(buf);
	if (!doc) {
		*err = xasprintf("failed to decode config file %s: %s", path,
				 yerr ? yerr : "empty document");
		free(yerr);
		return -1;
	}
	rc = sch_config_parse(doc, c, err);
	json_decref(doc);
	return rc;
}
