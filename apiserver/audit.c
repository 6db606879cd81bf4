/*
 * audit: upstream's audit log (--audit-policy-file, --audit-log-path). Each request the policy
 * does not exempt becomes audit.k8s.io/v1 Event lines: RequestReceived once it is authorized
 * and ResponseComplete when it is over, at the first matching rule's level (Metadata; Request
 * adds the request body; RequestResponse the response body too). The log rotates past
 * --audit-log-maxsize megabytes, keeping --audit-log-maxbackup old files.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "apiserver.h"
#include "audit.h"
#include "auth.h"
#include "http.h"
#include "jsonx.h"
#include "kproto.h"
#include "ktime.h"
#include "log.h"
#include "yaml.h"

enum level { L_NONE, L_METADATA, L_REQUEST, L_REQUEST_RESPONSE };
static const char *const level_names[] = {"None", "Metadata", "Request", "RequestResponse"};

static const char *const stage_names[] = {"RequestReceived", "ResponseStarted", "ResponseComplete",
					  "Panic"};

struct audit_ev {
	char id[37];
	struct timespec received;
	enum level level;
	int omit;
	bool resolved;
	json_t *ev; /* the fields every stage shares */
};

static struct {
	json_t *rules;
	int omit; /* policy-wide omitStages */
	int fd;
	char *path;
	long max_bytes;
	int max_backups;
	off_t size;
} A = {.fd = -1};

static int stage_bits(const json_t *list, char *err, size_t errlen)
{
	int bits = 0;
	size_t i, j;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		for (j = 0; j < 4 && strcmp(json_string_value(v) ?: "", stage_names[j]); j++)
			;
		if (j == 4) {
			snprintf(err, errlen, "unknown stage in omitStages: %s",
				 json_string_value(v) ?: "?");
			return -1;
		}
		bits |= 1 << j;
	}
	return bits;
}

static int rule_level(const json_t *rule)
{
	const char *l = jx_str(rule, "level");

	for (int i = 0; l && i < 4; i++)
		if (!strcmp(l, level_names[i]))
			return i;
	return -1;
}

static int load_policy(const char *file, char *err, size_t errlen)
{
	json_t *p = NULL, *r;
	char *msg = NULL;
	size_t i;
	int rc = -1, bits;
	size_t len = 0;
	char *buf = file_read(file, &len);

	if (buf) {
		p = yaml_load(buf, len, &msg);
		free(buf);
	}
	if (!p) {
		snprintf(err, errlen, "loading audit policy file %s: %s", file,
			 msg ? msg : strerror(errno));
		goto out;
	}
	if (strcmp(jx_str(p, "kind") ?: "", "Policy") ||
	    (strcmp(jx_str(p, "apiVersion") ?: "", "audit.k8s.io/v1") &&
	     strcmp(jx_str(p, "apiVersion") ?: "", "audit.k8s.io/v1beta1"))) {
		snprintf(err, errlen, "%s: not an audit.k8s.io/v1 Policy", file);
		goto out;
	}
	if (!json_is_array(jx_get(p, "rules")) || !json_array_size(jx_get(p, "rules"))) {
		snprintf(err, errlen, "%s: the policy has no rules", file);
		goto out;
	}
	json_array_foreach(jx_get(p, "rules"), i, r)
	{
		if (rule_level(r) < 0) {
			snprintf(err, errlen, "%s: rules[%zu].level: Unsupported value: \"%s\"",
				 file, i, jx_str(r, "level") ?: "");
			goto out;
		}
		if (jx_get(r, "resources") && jx_get(r, "nonResourceURLs")) {
			snprintf(err, errlen,
				 "%s: rules[%zu]: rules cannot apply to both regular resources and "
				 "non-resource URLs",
				 file, i);
			goto out;
		}
		if (stage_bits(jx_get(r, "omitStages"), err, errlen) < 0)
			goto out;
	}
	if ((bits = stage_bits(jx_get(p, "omitStages"), err, errlen)) < 0)
		goto out;
	A.omit = bits;
	A.rules = json_incref(jx_get(p, "rules"));
	rc = 0;
out:
	free(msg);
	json_decref(p);
	return rc;
}

int audit_init(const struct audit_config *c, char *err, size_t errlen)
{
	if (!c->policy_file || !c->log_path)
		return 0;
	if (c->format && strcmp(c->format, "json")) {
		snprintf(err, errlen, "--audit-log-format %s is not supported (only json)",
			 c->format);
		return -1;
	}
	if (load_policy(c->policy_file, err, errlen))
		return -1;
	A.max_bytes = c->max_size_mb > 0 ? (long)c->max_size_mb << 20 : 0;
	A.max_backups = c->max_backups;
	A.path = xstrdup(c->log_path);
	A.fd = !strcmp(c->log_path, "-") ? dup(1)
					 : open(c->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (A.fd < 0) {
		snprintf(err, errlen, "opening audit log %s: %m", c->log_path);
		return -1;
	}
	struct stat st;
	if (!fstat(A.fd, &st))
		A.size = st.st_size;
	log_info("audit log: %s", c->log_path);
	return 0;
}

bool audit_enabled(void)
{
	return A.fd >= 0;
}

static bool in_list(const json_t *list, const char *s)
{
	json_t *v;
	size_t i;

	if (!json_is_array(list) || !json_array_size(list))
		return true; /* an empty list matches all */
	json_array_foreach(list, i, v)
	{
		if (!strcmp(json_string_value(v) ?: "", s ? s : ""))
			return true;
	}
	return false;
}

static bool any_group(const json_t *list, const struct user *u)
{
	if (!json_is_array(list) || !json_array_size(list))
		return true;
	for (int i = 0; i < u->ngroups; i++)
		if (in_list(list, u->groups[i]))
			return true;
	return false;
}

/* resources: [{group, resources, resourceNames}]; a resource may be "pods", "pods/log",
 * or a pattern with "*" for the resource or subresource part. */
static bool resource_match(const json_t *rules, const struct attrs *a)
{
	json_t *g, *r;
	size_t i, j;
	char *full = a->sub ? xasprintf("%s/%s", a->resource, a->sub) : xstrdup(a->resource);
	bool hit = false;

	json_array_foreach(rules, i, g)
	{
		if (json_object_get(g, "group") && strcmp(jx_str(g, "group") ?: "", a->group ?: ""))
			continue;
		if (!in_list(jx_get(g, "resourceNames"), a->name))
			continue;
		if (!json_array_size(jx_get(g, "resources"))) {
			hit = true;
			break;
		}
		json_array_foreach(jx_get(g, "resources"), j, r)
		{
			if (!fnmatch(json_string_value(r) ?: "", full, 0) ||
			    (!a->sub && !strcmp(json_string_value(r) ?: "", a->resource))) {
				hit = true;
				break;
			}
		}
		if (hit)
			break;
	}
	free(full);
	return hit;
}

static bool url_match(const json_t *urls, const char *path)
{
	json_t *v;
	size_t i;

	json_array_foreach(urls, i, v)
	{
		const char *p = json_string_value(v) ?: "";
		size_t n = strlen(p);

		if (n && p[n - 1] == '*' ? !strncmp(p, path, n - 1) : !strcmp(p, path))
			return true;
	}
	return false;
}

static bool rule_matches(const json_t *r, const struct user *u, const struct attrs *a)
{
	if (!in_list(jx_get(r, "users"), u->name) || !any_group(jx_get(r, "userGroups"), u) ||
	    !in_list(jx_get(r, "verbs"), a->verb))
		return false;
	if (a->resource_request) {
		if (jx_get(r, "nonResourceURLs"))
			return false;
		if (!in_list(jx_get(r, "namespaces"), a->ns))
			return false;
		return !jx_get(r, "resources") || resource_match(jx_get(r, "resources"), a);
	}
	if (jx_get(r, "resources") || jx_get(r, "namespaces"))
		return false;
	return !jx_get(r, "nonResourceURLs") || url_match(jx_get(r, "nonResourceURLs"), a->path);
}

/* Keep the newest max_backups rotated files: their names sort by their timestamps. */
static void prune(const char *base, const char *ext)
{
	char *pat = xasprintf("%s-*%s%s", base, ext ? "." : "", ext ? ext : "");
	glob_t g;

	if (A.max_backups > 0 && !glob(pat, 0, NULL, &g)) {
		for (size_t i = 0; i + (size_t)A.max_backups < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}
	free(pat);
}

static void rotate(void)
{
	char stamp[48], *dot, *name, *base;
	struct timespec ts;
	struct tm tm;

	if (!A.max_bytes || A.size < A.max_bytes || !strcmp(A.path, "-"))
		return;
	/* Milliseconds, as lumberjack names backups: two rotations in a second stay apart. */
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H-%M-%S", &tm);
	snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp), ".%03ld",
		 ts.tv_nsec / 1000000);
	base = xstrdup(A.path);
	dot = strrchr(base, '.');
	if (dot && !strchr(dot, '/')) {
		*dot = 0;
		name = xasprintf("%s-%s.%s", base, stamp, dot + 1);
	} else {
		name = xasprintf("%s-%s", base, stamp);
	}
	close(A.fd);
	if (rename(A.path, name))
		log_warn("audit log: rotating to %s failed", name);
	A.fd = open(A.path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0600);
	A.size = 0;
	prune(base, dot && !strchr(dot, '/') ? dot + 1 : NULL);
	free(name);
	free(base);
}

static void emit(struct audit_ev *e, int stage, json_t *extra)
{
	json_t *ev = json_deep_copy(e->ev);
	struct timespec now;
	char ts[40];
	char *line;
	size_t len;

	if (e->omit & (1 << stage))
		goto out;
	kt_now(&now);
	kt_format_micro(&now, ts);
	json_object_set_new(ev, "level", json_string(level_names[e->level]));
	json_object_set_new(ev, "stage", json_string(stage_names[stage]));
	json_object_set_new(ev, "stageTimestamp", json_string(ts));
	if (extra)
		json_object_update(ev, extra);
	line = json_dumps(ev, JSON_COMPACT);
	len = strlen(line);
	line[len] = '\n';
	rotate();
	if (A.fd >= 0 && write(A.fd, line, len + 1) > 0)
		A.size += (off_t)len + 1;
	free(line);
out:
	json_decref(ev);
}

static void uuid4(char out[37])
{
	unsigned char b[16];
	FILE *f = fopen("/dev/urandom", "r");

	if (!f || fread(b, 1, sizeof(b), f) != sizeof(b))
		for (int i = 0; i < 16; i++)
			b[i] = (unsigned char)rand();
	if (f)
		fclose(f);
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

/* json_pack's "s?" leaves nulls: audit events omit absent fields instead. */
static json_t *no_nulls(json_t *o)
{
	const char *k;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, k, v)
	{
		if (json_is_null(v))
			json_object_del(o, k);
	}
	return o;
}

struct audit_ev *audit_begin(struct http_req *req)
{
	struct audit_ev *e;
	char ts[40];

	if (!audit_enabled())
		return NULL;
	e = xcalloc(1, sizeof(*e));
	uuid4(e->id);
	kt_now(&e->received);
	kt_format_micro(&e->received, ts);
	e->ev = json_pack("{s:s, s:s, s:s, s:s, s:[s], s:s, s:s?}", "kind", "Event", "apiVersion",
			  "audit.k8s.io/v1", "auditID", e->id, "requestURI", req->target,
			  "sourceIPs", req->peer, "requestReceivedTimestamp", ts, "userAgent",
			  http_header_get(req, "User-Agent"));
	no_nulls(e->ev);
	return e;
}

static json_t *user_json(const struct user *u)
{
	json_t *j = no_nulls(json_pack("{s:s?, s:s?}", "username", u->name, "uid", u->uid));
	json_t *g = json_array();

	for (int i = 0; i < u->ngroups; i++)
		json_array_append_new(g, json_string(u->groups[i]));
	json_object_set_new(j, "groups", g);
	return j;
}

void audit_authorized(struct audit_ev *e, struct http_req *req, const struct user *u,
		      const struct attrs *a, const char *version, bool allowed)
{
	json_t *ref;

	if (!e || e->resolved)
		return;
	e->resolved = true;
	for (size_t i = 0; i < json_array_size(A.rules); i++) {
		json_t *r = json_array_get(A.rules, i);
		int bits;
		char err[8];

		if (!rule_matches(r, u, a))
			continue;
		e->level = (enum level)rule_level(r);
		bits = stage_bits(jx_get(r, "omitStages"), err, sizeof(err));
		e->omit = A.omit | (bits > 0 ? bits : 0);
		break;
	}
	if (e->level == L_NONE)
		return;
	json_object_set_new(e->ev, "verb", json_string(a->verb));
	json_object_set_new(e->ev, "user", user_json(u));
	if (a->resource_request) {
		ref = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "resource", a->resource,
				"namespace", a->ns, "name", a->name, "apiGroup",
				a->group && *a->group ? a->group : NULL, "apiVersion", version,
				"subresource", a->sub);
		json_object_set_new(e->ev, "objectRef", no_nulls(ref));
	}
	json_object_set_new(e->ev, "annotations",
			    json_pack("{s:s, s:s}", "authorization.k8s.io/decision",
				      allowed ? "allow" : "forbid", "authorization.k8s.io/reason",
				      ""));
	if (e->level >= L_REQUEST_RESPONSE)
		req->keep_reply = true;
	if (e->level >= L_REQUEST && req->body_len) {
		const char *ct = http_header_get(req, "Content-Type");
		char *perr = NULL;
		json_t *body =
		    ct && strstr(ct, "protobuf")
			? kp_decode((const unsigned char *)req->body, req->body_len, &perr)
			: json_loadb(req->body, req->body_len, 0, NULL);

		free(perr);
		if (body)
			json_object_set_new(e->ev, "requestObject", body);
	}
	emit(e, 0, NULL);
}

/* responseStatus: the code, and for failures the Status's reason and message. */
static json_t *response_status(const struct http_req *req, json_t *body)
{
	json_t *st = json_pack("{s:{}, s:i}", "metadata", "code", req->code);

	if ((req->code < 200 || req->code >= 300) && body &&
	    !strcmp(jx_str(body, "kind") ?: "", "Status")) {
		if (jx_str(body, "status"))
			json_object_set_new(st, "status", json_string(jx_str(body, "status")));
		if (jx_str(body, "message"))
			json_object_set_new(st, "message", json_string(jx_str(body, "message")));
		if (jx_str(body, "reason"))
			json_object_set_new(st, "reason", json_string(jx_str(body, "reason")));
	}
	return st;
}

void audit_end(struct audit_ev *e, struct http_req *req)
{
	json_t *extra, *body = NULL;

	if (!e)
		return;
	if (!e->resolved) {
		/* Refused before authorization (authentication, overload): Metadata, as
		 * upstream records failed authentication. */
		e->level = L_METADATA;
		e->omit = A.omit;
		json_object_set_new(e->ev, "user", json_object());
	}
	if (e->level != L_NONE) {
		if (req->reply && req->reply_len)
			body = json_loadb(req->reply, req->reply_len, 0, NULL);
		extra = json_pack("{s:o}", "responseStatus", response_status(req, body));
		if (e->level >= L_REQUEST_RESPONSE && body)
			json_object_set(extra, "responseObject", body);
		emit(e, 2, extra);
		json_decref(extra);
		json_decref(body);
	}
	json_decref(e->ev);
	free(e);
}
