#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "jsonx.h"
#include "kubeconfig.h"
#include "log.h"
#include "yaml.h"

static char *read_all(const char *path, size_t *len, char **err)
{
	char *buf = file_read(path, len);

	if (!buf)
		*err = xasprintf("open %s: %s", path, strerror(errno));
	return buf;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Standard base64 (padding optional, whitespace ignored); NULL on a bad character. */
static char *b64_decode(const char *s, size_t *len)
{
	char *out = xmalloc(strlen(s) / 4 * 3 + 4);
	unsigned acc = 0;
	int bits = 0;
	size_t n = 0;

	for (; *s && *s != '='; s++) {
		int v = b64val((unsigned char)*s);
		if (v < 0) {
			if (strchr(" \t\r\n", *s))
				continue;
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[n] = 0;
	*len = n;
	return out;
}

/* The entry of a named list ("clusters", "users", "contexts") called name, or NULL. */
static json_t *named(const json_t *doc, const char *list, const char *field, const char *name)
{
	json_t *arr = json_object_get(doc, list), *e;
	size_t i;

	json_array_foreach(arr, i, e)
	{
		const char *n = jx_str(e, "name");
		if (n && !strcmp(n, name))
			return json_object_get(e, field);
	}
	return NULL;
}

/* A server URL without trailing slashes, so paths can be appended. */
static char *server_url(const char *s)
{
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		n--;
	return xstrndup(s, n);
}

static char *resolve_path(const char *dir, const char *p)
{
	if (!p || !*p)
		return NULL;
	if (p[0] == '/' || !dir || !*dir)
		return xstrdup(p);
	return xasprintf("%s/%s", dir, p);
}

/* One credential from "<name>" (a path) and "<name>-data" (base64 PEM). */
static int load_pem(const json_t *sec, const char *name, const char *dir, struct kcfg_pem *pem,
		    char **err)
{
	char key[64];
	const char *data;

	snprintf(key, sizeof(key), "%s-data", name);
	data = jx_str(sec, key);
	if (data && *data) {
		pem->data = b64_decode(data, &pem->len);
		if (!pem->data) {
			*err = xasprintf("%s: illegal base64 data", key);
			return -1;
		}
		return 0;
	}
	pem->file = resolve_path(dir, jx_str(sec, name));
	return 0;
}

static char *trim_dup(const char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static int load_user(struct kcfg *c, const json_t *user, const char *dir, char **err)
{
	const char *tok = jx_str(user, "token");

	if (load_pem(user, "client-certificate", dir, &c->cert, err) ||
	    load_pem(user, "client-key", dir, &c->key, err))
		return -1;
	c->token_file = resolve_path(dir, jx_str(user, "tokenFile"));
	if (tok && *tok) {
		c->token = xstrdup(tok);
	} else if (c->token_file) {
		char *buf = read_all(c->token_file, NULL, err);
		if (!buf)
			return -1;
		c->token = trim_dup(buf);
		free(buf);
	}
	return 0;
}

static int load_cluster(struct kcfg *c, const json_t *cl, const char *dir, char **err)
{
	const char *server = jx_str(cl, "server"), *sni = jx_str(cl, "tls-server-name");

	if (!server || !*server) {
		*err = xstrdup("invalid configuration: no server found for cluster");
		return -1;
	}
	c->server = server_url(server);
	c->insecure = jx_bool(cl, "insecure-skip-tls-verify", false);
	if (sni && *sni)
		c->tls_server_name = xstrdup(sni);
	return load_pem(cl, "certificate-authority", dir, &c->ca, err);
}

static int resolve(const json_t *doc, const char *dir, const char *context, struct kcfg *c,
		   char **err)
{
	const json_t *ctx, *cl, *user;
	const char *ns, *cname, *uname;

	if (!context || !*context)
		context = jx_str(doc, "current-context");
	if (!context || !*context) {
		*err = xstrdup("invalid configuration: no configuration has been provided");
		return -1;
	}
	c->context = xstrdup(context);
	ctx = named(doc, "contexts", "context", context);
	if (!ctx) {
		*err = xasprintf("context was not found for specified context: %s", context);
		return -1;
	}
	cname = jx_str(ctx, "cluster");
	uname = jx_str(ctx, "user");
	cl = cname ? named(doc, "clusters", "cluster", cname) : NULL;
	if (!cl) {
		*err = xasprintf("cluster \"%s\" not found for context \"%s\"", cname ? cname : "",
				 context);
		return -1;
	}
	if (load_cluster(c, cl, dir, err))
		return -1;
	user = uname ? named(doc, "users", "user", uname) : NULL;
	if (user && load_user(c, user, dir, err))
		return -1;
	ns = jx_str(ctx, "namespace");
	c->namespace = xstrdup(ns && *ns ? ns : "default");
	return 0;
}

int kcfg_parse(const char *buf, size_t len, const char *dir, const char *context, struct kcfg **out,
	       char **err)
{
	struct kcfg *c = xcalloc(1, sizeof(*c));
	json_t *doc = yaml_load(buf, len, err);
	int rc = -1;

	*out = NULL;
	if (!doc)
		goto out;
	if (!json_is_object(doc)) {
		*err = xstrdup("kubeconfig: not a mapping");
		goto out;
	}
	rc = resolve(doc, dir, context, c, err);
out:
	json_decref(doc);
	if (rc)
		kcfg_free(c);
	else
		*out = c;
	return rc;
}

int kcfg_load(const char *path, const char *context, struct kcfg **out, char **err)
{
	size_t len;
	char *buf = read_all(path, &len, err);
	char *dir, *slash;
	int rc;

	*out = NULL;
	if (!buf)
		return -1;
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	rc = kcfg_parse(buf, len, slash ? (*dir ? dir : "/") : NULL, context, out, err);
	if (rc) {
		char *e = xasprintf("%s: %s", path, *err);
		free(*err);
		*err = e;
	}
	free(dir);
	free(buf);
	return rc;
}

int kcfg_in_cluster(const char *sa_dir, struct kcfg **out, char **err)
{
	const char *host = getenv("KUBERNETES_SERVICE_HOST"),
		   *port = getenv("KUBERNETES_SERVICE_PORT");
	struct kcfg *c;
	char *path, *buf;

	*out = NULL;
	if (!host || !*host || !port || !*port) {
		*err =
		    xstrdup("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
			    "KUBERNETES_SERVICE_PORT must be defined");
		return -1;
	}
	if (!sa_dir)
		sa_dir = KCFG_SA_DIR;
	c = xcalloc(1, sizeof(*c));
	c->server = strchr(host, ':') ? xasprintf("https://[%s]:%s", host, port)
				      : xasprintf("https://%s:%s", host, port);
	c->token_file = xasprintf("%s/token", sa_dir);
	buf = read_all(c->token_file, NULL, err);
	if (!buf) {
		kcfg_free(c);
		return -1;
	}
	c->token = trim_dup(buf);
	free(buf);
	c->ca.file = xasprintf("%s/ca.crt", sa_dir);
	path = xasprintf("%s/namespace", sa_dir);
	buf = read_all(path, NULL, err);
	free(*err); /* no namespace file is not an error */
	*err = NULL;
	c->namespace = buf ? trim_dup(buf) : xstrdup("default");
	if (!*c->namespace) {
		free(c->namespace);
		c->namespace = xstrdup("default");
	}
	free(buf);
	free(path);
	*out = c;
	return 0;
}

struct kcfg *kcfg_new_server(const char *server)
{
	struct kcfg *c = xcalloc(1, sizeof(*c));

	c->server = server_url(server);
	c->namespace = xstrdup("default");
	return c;
}

/* The kubeconfig clientcmd's default loading rules would pick: $KUBECONFIG's first existing
 * file, else ~/.kube/config. NULL when there is none. */
static char *default_path(void)
{
	const char *env = getenv("KUBECONFIG"), *home = getenv("HOME");
	char *p;

	if (env && *env) {
		char *copy = xstrdup(env), *save = NULL;
		for (char *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
			if (!access(t, R_OK)) {
				p = xstrdup(t);
				free(copy);
				return p;
			}
		}
		free(copy);
	}
	if (!home)
		return NULL;
	p = xasprintf("%s/.kube/config", home);
	if (!access(p, R_OK))
		return p;
	free(p);
	return NULL;
}

int kcfg_build(const char *master, const char *kubeconfig, struct kcfg **out, char **err)
{
	char *path = NULL;
	int rc;

	*out = NULL;
	if ((!master || !*master) && (!kubeconfig || !*kubeconfig)) {
		if (!kcfg_in_cluster(NULL, out, err))
			return 0;
		log_warn("neither --kubeconfig nor --master was specified; in-cluster config "
			 "failed (%s), trying the default kubeconfig",
			 *err);
		free(*err);
		*err = NULL;
	}
	path = kubeconfig && *kubeconfig ? xstrdup(kubeconfig) : default_path();
	if (!path) {
		if (master && *master) {
			*out = kcfg_new_server(master);
			return 0;
		}
		*err = xstrdup("invalid configuration: no configuration has been provided");
		return -1;
	}
	rc = kcfg_load(path, NULL, out, err);
	free(path);
	if (!rc && master && *master) {
		free((*out)->server);
		(*out)->server = server_url(master);
	}
	return rc;
}

static void pem_free(struct kcfg_pem *p)
{
	free(p->file);
	free(p->data);
}

void kcfg_free(struct kcfg *c)
{
	if (!c)
		return;
	free(c->server);
	free(c->context);
	free(c->namespace);
	pem_free(&c->ca);
	pem_free(&c->cert);
	pem_free(&c->key);
	free(c->token);
	free(c->token_file);
	free(c->tls_server_name);
	free(c);
}
