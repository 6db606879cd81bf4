/* Front-proxy authentication (upstream's requestheader authenticator) and the bookkeeping
 * that separates the front proxy's certificates from ordinary client certificates. */
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"
#include "reqheader.h"

/* One CA bundle: its certificates (to recognise a verified chain's root) and a store (to
 * verify a certificate whose chain the handshake did not keep). */
struct pool {
	STACK_OF(X509) * certs;
	X509_STORE *store;
};

/* A comma-separated flag value, split and trimmed. */
struct names {
	char **v;
	int n;
};

static struct {
	bool on;
	struct pool client, proxy;
	struct names allowed, users, uids, groups, extras;
} R;

static void names_parse(struct names *l, const char *s)
{
	char *copy = xstrdup(s ? s : ""), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t len;
		while (*t == ' ')
			t++;
		len = strlen(t);
		while (len && t[len - 1] == ' ')
			t[--len] = 0;
		if (!len)
			continue;
		l->v = xrealloc(l->v, sizeof(char *) * (size_t)(l->n + 1));
		l->v[l->n++] = xstrdup(t);
	}
	free(copy);
}

static int pool_load(struct pool *p, const char *file, char *err, size_t errlen)
{
	BIO *bio = BIO_new_file(file, "r");
	X509 *x;

	p->certs = sk_X509_new_null();
	p->store = X509_STORE_new();
	if (!bio) {
		snprintf(err, errlen, "unable to load client CA file %s", file);
		return -1;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		X509_STORE_add_cert(p->store, x);
		sk_X509_push(p->certs, x);
	}
	BIO_free(bio);
	if (!sk_X509_num(p->certs)) {
		snprintf(err, errlen, "unable to load client CA file %s: no certificates", file);
		return -1;
	}
	return 0;
}

int rh_init(const struct rh_config *c, char *err, size_t errlen)
{
	if (c->client_ca && *c->client_ca && pool_load(&R.client, c->client_ca, err, errlen))
		return -1;
	if (!c->ca || !*c->ca)
		return 0;
	if (pool_load(&R.proxy, c->ca, err, errlen))
		return -1;
	names_parse(&R.allowed, c->allowed_names);
	names_parse(&R.users, c->username_headers);
	names_parse(&R.uids, c->uid_headers);
	names_parse(&R.groups, c->group_headers);
	names_parse(&R.extras, c->extra_prefixes);
	R.on = true;
	return 0;
}

bool rh_enabled(void)
{
	return R.on;
}

/* Did the handshake's verified chain end at one of p's certificates? Without a chain (a
 * resumed session keeps none) the certificate is verified against p here. */
static bool chains_to(const struct http_req *req, const struct pool *p)
{
	X509_STORE_CTX *ctx;
	bool ok;

	if (!p->certs || !req->cert)
		return false;
	if (req->cert_root) {
		for (int i = 0; i < sk_X509_num(p->certs); i++)
			if (!X509_cmp(sk_X509_value(p->certs, i), req->cert_root))
				return true;
		return false;
	}
	ctx = X509_STORE_CTX_new();
	ok = ctx && X509_STORE_CTX_init(ctx, p->store, req->cert, NULL) == 1 &&
	     X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT) == 1 &&
	     X509_verify_cert(ctx) == 1;
	X509_STORE_CTX_free(ctx);
	return ok;
}

static bool name_allowed(const char *cn)
{
	if (!R.allowed.n)
		return true;
	for (int i = 0; cn && i < R.allowed.n; i++)
		if (!strcmp(R.allowed.v[i], cn))
			return true;
	return false;
}

/* The first non-empty value of the first of names the request carries. */
static const char *first_value(const struct http_req *req, const struct names *names)
{
	for (int i = 0; i < names->n; i++)
		for (int h = 0; h < req->nheaders; h++)
			if (!strcasecmp(req->headers[h].name, names->v[i]) &&
			    *req->headers[h].value)
				return req->headers[h].value;
	return NULL;
}

static void add_group(struct user *u, const char *g)
{
	u->groups = xrealloc(u->groups, sizeof(char *) * (size_t)(u->ngroups + 1));
	u->groups[u->ngroups++] = xstrdup(g);
}

/* X-Remote-Extra-<key>: the key is percent-decoded and lower-cased, as upstream. */
static void add_extra(struct user *u, const char *key, size_t len, const char *value)
{
	char *k = http_unescape(key, len, false);
	json_t *vals;

	if (!k)
		k = xstrndup(key, len);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	if (!u->extra)
		u->extra = json_object();
	vals = json_object_get(u->extra, k);
	if (!vals)
		json_object_set_new(u->extra, k, vals = json_array());
	json_array_append_new(vals, json_string(value));
	free(k);
}

static void headers_to_user(const struct http_req *req, const char *name, struct user *u)
{
	const char *uid = first_value(req, &R.uids);

	u->name = xstrdup(name);
	u->uid = uid ? xstrdup(uid) : NULL;
	for (int h = 0; h < req->nheaders; h++) {
		const struct http_header *hd = &req->headers[h];
		for (int i = 0; i < R.groups.n; i++)
			if (!strcasecmp(hd->name, R.groups.v[i]))
				add_group(u, hd->value);
		for (int i = 0; i < R.extras.n; i++) {
			size_t pl = strlen(R.extras.v[i]);
			if (!strncasecmp(hd->name, R.extras.v[i], pl) && hd->name[pl])
				add_extra(u, hd->name + pl, strlen(hd->name + pl), hd->value);
		}
	}
}

enum rh_verdict rh_authenticate(const struct http_req *req, struct user *u)
{
	const char *name;
	char cn[256] = "";

	if (!R.on || !req->cert)
		return RH_NONE;
	if (chains_to(req, &R.proxy)) {
		X509_NAME_get_text_by_NID(X509_get_subject_name(req->cert), NID_commonName, cn,
					  sizeof(cn));
		if (!name_allowed(cn))
			log_v(2,
			      "requestheader: x509: subject with cn=%s is not in the allowed list",
			      cn);
		else if ((name = first_value(req, &R.users))) {
			headers_to_user(req, name, u);
			return RH_USER;
		}
	}
	/* Otherwise only a certificate of --client-ca-file authenticates anyone. */
	return chains_to(req, &R.client) ? RH_NONE : RH_FAIL;
}

static bool in_names(const struct names *l, const char *name, bool prefix)
{
	for (int i = 0; i < l->n; i++) {
		size_t n = strlen(l->v[i]);
		if (prefix ? !strncasecmp(name, l->v[i], n) : !strcasecmp(name, l->v[i]))
			return true;
	}
	return false;
}

bool rh_header(const char *name)
{
	return R.on && (in_names(&R.users, name, false) || in_names(&R.uids, name, false) ||
			in_names(&R.groups, name, false) || in_names(&R.extras, name, true));
}

/* Certificates of a PEM bundle appended to out, skipping those already there and those
 * expired more than five minutes ago, as upstream combines bundles. */
static void certs_merge(STACK_OF(X509) * out, const char *pem, size_t len)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	time_t cutoff = time(NULL) - 300;
	X509 *x;

	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		bool dup = X509_cmp_time(X509_get0_notAfter(x), &cutoff) < 0;
		for (int i = 0; !dup && i < sk_X509_num(out); i++)
			dup = !X509_cmp(sk_X509_value(out, i), x);
		if (dup)
			X509_free(x);
		else
			sk_X509_push(out, x);
	}
	BIO_free(bio);
}

/* Set data[key] to the bundle of existing's data[key] and p's certificates. */
static void set_bundle(json_t *data, const json_t *existing, const char *key, const struct pool *p)
{
	const char *have = json_string_value(json_object_get(existing, key));
	STACK_OF(X509) *all = sk_X509_new_null();
	BIO *bio = BIO_new(BIO_s_mem());
	char *pem;
	long len;

	if (have)
		certs_merge(all, have, strlen(have));
	for (int i = 0; i < sk_X509_num(p->certs); i++) {
		BIO *one = BIO_new(BIO_s_mem());
		PEM_write_bio_X509(one, sk_X509_value(p->certs, i));
		len = BIO_get_mem_data(one, &pem);
		certs_merge(all, pem, (size_t)len);
		BIO_free(one);
	}
	for (int i = 0; i < sk_X509_num(all); i++)
		PEM_write_bio_X509(bio, sk_X509_value(all, i));
	len = BIO_get_mem_data(bio, &pem);
	if (len > 0)
		json_object_set_new(data, key, json_stringn(pem, (size_t)len));
	BIO_free(bio);
	sk_X509_pop_free(all, X509_free);
}

/* Set data[key] to the JSON array (in a string) of existing's values, then l's new ones. */
static void set_list(json_t *data, const json_t *existing, const char *key, const struct names *l)
{
	const char *have = json_string_value(json_object_get(existing, key));
	json_t *arr = have && *have ? json_loads(have, 0, NULL) : NULL;
	char *s;

	if (!json_is_array(arr)) {
		json_decref(arr);
		arr = json_array();
	}
	for (int i = 0; i < l->n; i++)
		if (!jx_has_str(arr, l->v[i]))
			json_array_append_new(arr, json_string(l->v[i]));
	s = json_dumps(arr, JSON_COMPACT);
	json_object_set_new(data, key, json_string(s));
	free(s);
	json_decref(arr);
}

json_t *rh_configmap_data(const json_t *existing)
{
	json_t *data = json_object();

	if (R.client.certs)
		set_bundle(data, existing, "client-ca-file", &R.client);
	if (!R.on)
		return data;
	set_list(data, existing, "requestheader-username-headers", &R.users);
	set_list(data, existing, "requestheader-uid-headers", &R.uids);
	set_list(data, existing, "requestheader-group-headers", &R.groups);
	set_list(data, existing, "requestheader-extra-headers-prefix", &R.extras);
	set_bundle(data, existing, "requestheader-client-ca-file", &R.proxy);
	set_list(data, existing, "requestheader-allowed-names", &R.allowed);
	return data;
}
