/* Service account tokens, as upstream's: JWTs signed with --service-account-signing-key-file
 * (RS256, or ES256/384/512 by curve), issued through serviceaccounts/NAME/token, accepted as
 * bearer tokens while their service account (and bound pod, secret or node) still exists,
 * and answered for in TokenReviews. Legacy secret-based tokens are accepted too. */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admission.h"
#include "apiserver.h"
#include "b64.h"
#include "jsonx.h"
#include "jws.h"
#include "ktime.h"
#include "log.h"
#include "status.h"

#define AUTHN_GROUP    "authentication.k8s.io"
#define LEGACY_ISSUER  "kubernetes/serviceaccount"
#define LEEWAY	       60  /* seconds of clock skew tolerated, as go-jose's */
#define MIN_EXPIRATION 600 /* ten minutes */
#define MAX_EXPIRATION (1LL << 32)
#define WARN_ONLY_SECS 3607	 /* what kubelets ask for: extended when allowed */
#define EXTENDED_SECS  31536000L /* a year */
#define EXTRA_PREFIX   "authentication.kubernetes.io/"
#define LEGACY_CLAIM   "kubernetes.io/serviceaccount/"

static struct {
	EVP_PKEY *signer;
	char *signer_kid;
	EVP_PKEY **keys;
	size_t nkeys;
	char *issuer;
	json_t *audiences; /* the API audiences */
	long max_exp;
	bool extend;
} S;

/* ---- keys ---- */

const char *sat_key_id(void)
{
	return S.signer_kid;
}

/* One PEM block's key: public keys, certificates, or a private key's public half. */
static EVP_PKEY *pem_block_key(const char *name, const unsigned char *der, long len)
{
	const unsigned char *p = der;
	EVP_PKEY *k = NULL;

	if (!strcmp(name, "PUBLIC KEY")) {
		k = d2i_PUBKEY(NULL, &p, len);
	} else if (!strcmp(name, "RSA PUBLIC KEY")) {
		k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len);
	} else if (!strcmp(name, "CERTIFICATE")) {
		X509 *x = d2i_X509(NULL, &p, len);
		k = x ? X509_get_pubkey(x) : NULL;
		X509_free(x);
	} else if (!strcmp(name, "EC PRIVATE KEY")) {
		k = d2i_PrivateKey(EVP_PKEY_EC, NULL, &p, len);
	} else if (!strcmp(name, "RSA PRIVATE KEY")) {
		k = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, len);
	} else if (!strcmp(name, "PRIVATE KEY")) {
		k = d2i_AutoPrivateKey(NULL, &p, len);
	}
	return k;
}

/* Append every key of a PEM file to S.keys; the number added, or -1. */
static int load_public_keys(const char *path, char *err, size_t errlen)
{
	BIO *b = BIO_new_file(path, "r");
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long len;
	int added = 0;

	if (!b) {
		snprintf(err, errlen, "--service-account-key-file: cannot open %s", path);
		return -1;
	}
	while (PEM_read_bio(b, &name, &header, &data, &len)) {
		EVP_PKEY *k = pem_block_key(name, data, len);
		if (k && jws_alg_of_key(k)) {
			S.keys = xrealloc(S.keys, sizeof(*S.keys) * (S.nkeys + 1));
			S.keys[S.nkeys++] = k;
			added++;
		} else {
			EVP_PKEY_free(k);
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
	}
	ERR_clear_error();
	BIO_free(b);
	if (!added) {
		snprintf(err, errlen, "--service-account-key-file: no usable public key in %s",
			 path);
		return -1;
	}
	return added;
}

static int load_signer(const char *path, char *err, size_t errlen)
{
	BIO *b = BIO_new_file(path, "r");

	S.signer = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	ERR_clear_error();
	if (!S.signer || !jws_alg_of_key(S.signer)) {
		snprintf(err, errlen,
			 "--service-account-signing-key-file: no RSA or EC (P-256, P-384, P-521) "
			 "private key in %s",
			 path);
		return -1;
	}
	S.signer_kid = jws_key_id(S.signer);
	return 0;
}

static void sat_reset(void)
{
	EVP_PKEY_free(S.signer);
	free(S.signer_kid);
	for (size_t i = 0; i < S.nkeys; i++)
		EVP_PKEY_free(S.keys[i]);
	free(S.keys);
	free(S.issuer);
	json_decref(S.audiences);
	memset(&S, 0, sizeof(S));
}

static json_t *split_list(const char *s)
{
	json_t *out = json_array();

	while (s && *s) {
		size_t n = strcspn(s, ",");
		if (n)
			json_array_append_new(out, json_stringn(s, n));
		s += n + (s[n] == ',');
	}
	return out;
}

int sat_init(const struct sat_config *cfg, char *err, size_t errlen)
{
	sat_reset();
	S.max_exp = cfg->max_expiration;
	S.extend = cfg->extend_expiration;
	if (cfg->issuer && *cfg->issuer)
		S.issuer = xstrdup(cfg->issuer);
	S.audiences = split_list(cfg->audiences);
	if (!json_array_size(S.audiences) && S.issuer)
		json_array_append_new(S.audiences, json_string(S.issuer));
	if (S.max_exp && (S.max_exp < 3600 || S.max_exp > MAX_EXPIRATION)) {
		snprintf(err, errlen,
			 "the service-account-max-token-expiration must be between 1 hour and 2^32 "
			 "seconds");
		return -1;
	}
	if (cfg->signing_key_file && *cfg->signing_key_file) {
		if (!S.issuer) {
			snprintf(err, errlen, "service-account-issuer is a required flag");
			return -1;
		}
		if (load_signer(cfg->signing_key_file, err, errlen))
			return -1;
	}
	{
		json_t *files = split_list(cfg->key_files), *f;
		size_t i;
		json_array_foreach(files, i,
				   f) if (load_public_keys(json_string_value(f), err, errlen) < 0)
		{
			json_decref(files);
			return -1;
		}
		json_decref(files);
	}
	if (!S.nkeys && S.signer) {
		S.keys = xmalloc(sizeof(*S.keys));
		EVP_PKEY_up_ref(S.signer);
		S.keys[S.nkeys++] = S.signer;
	}
	return 0;
}

/* ---- signing and verifying ---- */

char *sat_sign(const json_t *claims)
{
	return jws_sign(S.signer, S.signer_kid, claims);
}

/* The JSON of one base64url segment, an object; NULL when malformed. */
static json_t *segment_json(const char *s, size_t n)
{
	size_t len;
	char *raw = b64_decode(s, n, true, &len);
	json_t *v = raw ? json_loadb(raw, len, 0, NULL) : NULL;

	free(raw);
	if (v && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	return v;
}

static bool issuer_known(const char *iss)
{
	return iss && ((S.issuer && !strcmp(iss, S.issuer)) || !strcmp(iss, LEGACY_ISSUER));
}

static bool signature_ok(const char *token, size_t inlen, const char *alg, const char *sig64)
{
	const struct jws_alg *a = jws_alg_by_name(alg);
	size_t siglen;
	char *sig = b64_decode(sig64, strlen(sig64), true, &siglen);
	bool ok = false;

	for (size_t i = 0; a && sig && !ok && i < S.nkeys; i++)
		ok = jws_verify(S.keys[i], a, token, inlen, (unsigned char *)sig, siglen);
	free(sig);
	return ok;
}

/* NumericDate claims, "exp" or "nbf": present and a number, or absent (-1). */
static long long num_claim(const json_t *claims, const char *key)
{
	json_t *v = json_object_get(claims, key);

	return json_is_number(v) ? (long long)json_number_value(v) : -1;
}

static int reject(char **why, const char *msg)
{
	if (why)
		*why = xstrdup(msg);
	return SAT_BAD;
}

int sat_verify(const char *token, time_t now, json_t **claims, char **why)
{
	const char *d1 = strchr(token, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	json_t *hdr = NULL, *c = NULL;
	long long exp, nbf;
	int rc = SAT_NOT_MINE;

	*claims = NULL;
	if (why)
		*why = NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.') || !S.nkeys)
		return SAT_NOT_MINE;
	hdr = segment_json(token, (size_t)(d1 - token));
	c = segment_json(d1 + 1, (size_t)(d2 - d1 - 1));
	/* Tokens of other issuers belong to other authenticators. */
	if (!hdr || !c || !issuer_known(jx_str(c, "iss")))
		goto out;
	if (!signature_ok(token, (size_t)(d2 - token), jx_str(hdr, "alg"), d2 + 1)) {
		rc = reject(why, "invalid signature");
		goto out;
	}
	exp = num_claim(c, "exp");
	nbf = num_claim(c, "nbf");
	if (exp >= 0 && (long long)now > exp + LEEWAY) {
		rc = reject(why, "service account token has expired");
		goto out;
	}
	if (nbf >= 0 && (long long)now + LEEWAY < nbf) {
		rc = reject(why, "service account token is not valid yet");
		goto out;
	}
	*claims = c;
	c = NULL;
	rc = SAT_OK;
out:
	json_decref(hdr);
	json_decref(c);
	return rc;
}

/* ---- issuing ---- */

static char *new_uuid(void)
{
	unsigned char b[16];

	RAND_bytes(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
			 b[12], b[13], b[14], b[15]);
}

static json_t *ref_of(const json_t *obj)
{
	return json_pack("{s:s, s:s}", "name", jx_str(obj, "metadata.name") ?: "", "uid",
			 jx_str(obj, "metadata.uid") ?: "");
}

json_t *sat_claims(const json_t *sa, const json_t *bound[3], const json_t *auds, time_t now,
		   long exp_secs, long warnafter)
{
	static const char *const refs[] = {"pod", "secret", "node"};
	const char *ns = jx_str(sa, "metadata.namespace") ?: "";
	char *sub = xasprintf("system:serviceaccount:%s:%s", ns, jx_str(sa, "metadata.name") ?: "");
	char *jti = new_uuid();
	json_t *k8s = json_pack("{s:s, s:o}", "namespace", ns, "serviceaccount", ref_of(sa));
	json_t *c;

	for (int i = 0; i < 3; i++)
		if (bound && bound[i])
			json_object_set_new(k8s, refs[i], ref_of(bound[i]));
	if (warnafter)
		json_object_set_new(k8s, "warnafter", json_integer((json_int_t)(now + warnafter)));
	c = json_pack("{s:O, s:I, s:I, s:s, s:s, s:o, s:I, s:s}", "aud", auds, "exp",
		      (json_int_t)(now + exp_secs), "iat", (json_int_t)now, "iss",
		      S.issuer ? S.issuer : "", "jti", jti, "kubernetes.io", k8s, "nbf",
		      (json_int_t)now, "sub", sub);
	free(sub);
	free(jti);
	return c;
}

static json_t *cached(const char *resource, const char *ns, const char *name)
{
	const struct kind *k = kind_by_resource("", "v1", resource);
	struct cache *c = k ? cache_of(k) : NULL;
	struct centry *e = c && name ? cache_get(c, ns, name) : NULL; /* borrowed */

	return e ? json_loadb(e->json, e->len, 0, NULL) : NULL;
}

enum bound { B_POD, B_SECRET, B_NODE };

/* The bound object a TokenRequest names, checked as upstream: NULL and *st on refusal. */
static json_t *bound_object(const json_t *ref, const char *ns, const char *sa_name, int *which,
			    json_t **st)
{
	static const char *const kinds_[] = {"Pod", "Secret", "Node"};
	static const char *const resources[] = {"pods", "secrets", "nodes"};
	const char *kind = jx_str(ref, "kind") ?: "", *av = jx_str(ref, "apiVersion") ?: "";
	const char *name = jx_str(ref, "name") ?: "", *uid = jx_str(ref, "uid");
	json_t *obj;
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(kind, kinds_[i]))
			break;
	if (i == 3 || (*av && strcmp(av, "v1"))) {
		const char *slash = strchr(av, '/');
		*st =
		    st_bad_request("cannot bind token to object of type %.*s/%s, Kind=%s",
				   slash ? (int)(slash - av) : 0, av, slash ? slash + 1 : av, kind);
		return NULL;
	}
	obj = cached(resources[i], i == B_NODE ? "" : ns, name);
	if (!obj) {
		*st = st_not_found("", resources[i], name);
		return NULL;
	}
	if (i == B_POD && strcmp(jx_str(obj, "spec.serviceAccountName") ?: "", sa_name)) {
		*st = st_bad_request("cannot bind token for serviceaccount \"%s\" to pod running "
				     "with different serviceaccount name.",
				     sa_name);
		json_decref(obj);
		return NULL;
	}
	if (uid && *uid && strcmp(uid, jx_str(obj, "metadata.uid") ?: "")) {
		char *why = xasprintf("the UID in the bound object reference (%s) does not match "
				      "the UID in record. The object might have been deleted and "
				      "then recreated",
				      uid);
		*st = st_conflict("", kinds_[i], name, why);
		free(why);
		json_decref(obj);
		return NULL;
	}
	*which = i;
	return obj;
}

static json_t *check_request(const struct rinfo *ri, const json_t *body, long *exp)
{
	const char *kind = jx_str(body, "kind"), *av = jx_str(body, "apiVersion");
	const char *name = jx_str(body, "metadata.name"), *ns = jx_str(body, "metadata.namespace");
	json_t *e = jx_get(body, "spec.expirationSeconds"), *causes;

	if (!json_is_object(body))
		return st_bad_request("the object provided is not a JSON object");
	if ((kind && *kind && strcmp(kind, "TokenRequest")) ||
	    (av && *av && strcmp(av, AUTHN_GROUP "/v1")))
		return st_bad_request("the API version in the data (%s) does not match the "
				      "expected API version (" AUTHN_GROUP "/v1)",
				      av ? av : "");
	if ((name && *name && strcmp(name, ri->name)) || (ns && *ns && strcmp(ns, ri->ns)))
		return st_bad_request("TokenRequest name and namespace must match the service "
				      "account's");
	*exp = json_is_integer(e) && json_integer_value(e) ? (long)json_integer_value(e) : 3600;
	if (*exp >= MIN_EXPIRATION && *exp <= MAX_EXPIRATION)
		return NULL;
	causes = json_array();
	e = json_integer(*exp);
	fe_invalid(causes, "spec.expirationSeconds", e,
		   *exp < MIN_EXPIRATION ? "may not specify a duration less than 10 minutes"
					 : "may not specify a duration larger than 2^32 seconds");
	json_decref(e);
	return st_invalid("TokenRequest." AUTHN_GROUP, AUTHN_GROUP, "TokenRequest", ri->name,
			  causes);
}

static void reply_token(struct http_req *req, json_t *out, const char *warning)
{
	char *s = json_dumps(out, JSON_COMPACT), *hv = NULL;
	const char *hdrs[3] = {NULL, NULL, NULL};

	if (warning) {
		json_t *q = json_string(warning);
		char *quoted = json_dumps(q, JSON_ENCODE_ANY);
		hv = xasprintf("299 - %s", quoted);
		hdrs[0] = "Warning";
		hdrs[1] = hv;
		free(quoted);
		json_decref(q);
	}
	http_reply(req, 201, "application/json", s, strlen(s), hdrs);
	free(hv);
	free(s);
}

/* Expiration after the --service-account-max-token-expiration cap and the extension
 * kubelets' 3607-second pod tokens get; *warn is the cap's warning (malloc'd) or NULL. */
static long effective_expiration(long req_exp, bool pod_bound, const json_t *auds, long *warnafter,
				 char **warn)
{
	*warnafter = 0;
	*warn = NULL;
	if (S.max_exp && req_exp > S.max_exp) {
		*warn = xasprintf("requested expiration of %ld seconds shortened to %ld seconds",
				  req_exp, S.max_exp);
		req_exp = S.max_exp;
	}
	if (S.extend && pod_bound && req_exp == WARN_ONLY_SECS && json_equal(auds, S.audiences)) {
		*warnafter = WARN_ONLY_SECS;
		return EXTENDED_SECS > (S.max_exp ? S.max_exp : 0) ? EXTENDED_SECS : S.max_exp;
	}
	return req_exp;
}

static json_t *issue(const struct rinfo *ri, json_t *body, const json_t *sa, json_t **st,
		     char **warn)
{
	json_t *spec = jx_obj(body, "spec"), *auds = json_object_get(spec, "audiences");
	json_t *ref = json_object_get(spec, "boundObjectRef"), *bound = NULL, *out = NULL;
	const json_t *objs[3] = {NULL, NULL, NULL};
	int which = -1;
	long exp = 0, warnafter;
	time_t now = time(NULL);
	char *tok, ts[32], created[32];

	if ((*st = check_request(ri, body, &exp)))
		return NULL;
	if (!json_array_size(auds))
		json_object_set(spec, "audiences", S.audiences);
	auds = json_object_get(spec, "audiences");
	if (json_is_object(ref) && !(bound = bound_object(ref, ri->ns, ri->name, &which, st)))
		return NULL;
	if (bound)
		objs[which] = bound;
	/* A pod's token also names its node, so node deletion can be audited. */
	if (which == B_POD && jx_str(bound, "spec.nodeName"))
		objs[B_NODE] = cached("nodes", "", jx_str(bound, "spec.nodeName"));
	exp = effective_expiration(exp, which == B_POD, auds, &warnafter, warn);
	json_object_set_new(spec, "expirationSeconds",
			    json_integer(warnafter ? WARN_ONLY_SECS : (json_int_t)exp));
	{
		json_t *claims = sat_claims(sa, objs, auds, now, exp, warnafter);
		tok = sat_sign(claims);
		json_decref(claims);
	}
	if (!tok) {
		*st = st_internal("failed to sign the token");
		goto out;
	}
	/* Upstream reports the requested lifetime even when the token outlives it. */
	kt_format(now + (warnafter ? WARN_ONLY_SECS : exp), ts);
	kt_format(now, created);
	out = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:O, s:{s:s, s:s}}", "kind", "TokenRequest",
			"apiVersion", AUTHN_GROUP "/v1", "metadata", "name", ri->name, "namespace",
			ri->ns, "creationTimestamp", created, "spec", spec, "status", "token", tok,
			"expirationTimestamp", ts);
	free(tok);
out:
	if (objs[B_NODE] && which != B_NODE)
		json_decref((json_t *)objs[B_NODE]);
	json_decref(bound);
	return out;
}

void sat_token_request(struct http_req *req, struct rinfo *ri)
{
	json_t *st = NULL, *body = NULL, *sa = NULL, *out = NULL;
	char *warn = NULL;

	if (!S.signer) {
		st = st_new(404, "NotFound", "the server could not find the requested resource");
		goto out;
	}
	if (!(body = reg_decode(req, &st)) || (st = adm_token_request(ri, body)))
		goto out;
	if (!(sa = cached("serviceaccounts", ri->ns, ri->name))) {
		st = st_not_found("", "serviceaccounts", ri->name);
		goto out;
	}
	out = issue(ri, body, sa, &st, &warn);
out:
	if (out)
		reply_token(req, out, warn);
	else
		reply_status(req, st);
	free(warn);
	json_decref(out);
	json_decref(sa);
	json_decref(body);
	rinfo_free(ri);
}

/* ---- authenticating ---- */

/* An object a token is bound to, by its claim {name, uid}: NULL when it still stands,
 * else why the token no longer counts. Deletion counts once past the leeway. */
static const char *check_ref(const char *resource, const char *kind, const char *ns,
			     const json_t *ref, time_t now, char **msg)
{
	json_t *obj = cached(resource, ns, jx_str(ref, "name"));
	const char *del = jx_str(obj, "metadata.deletionTimestamp"), *uid;
	struct timespec ts;

	*msg = NULL;
	if (!obj || (del && !kt_parse(del, &ts) && ts.tv_sec < now - LEEWAY)) {
		json_decref(obj);
		return "service account token has been invalidated";
	}
	uid = jx_str(obj, "metadata.uid") ?: "";
	if (strcmp(uid, jx_str(ref, "uid") ?: ""))
		*msg = xasprintf("%s UID (%s) does not match claim (%s)", kind, uid,
				 jx_str(ref, "uid") ?: "");
	json_decref(obj);
	return *msg;
}

static char *check_sa(const char *ns, const char *name, const char *uid, time_t now)
{
	json_t *sa = cached("serviceaccounts", ns, name);
	const char *del = jx_str(sa, "metadata.deletionTimestamp");
	struct timespec ts;
	char *why = NULL;

	if (!sa)
		why = xasprintf("serviceaccounts \"%s\" not found", name ? name : "");
	else if (del && !kt_parse(del, &ts) && ts.tv_sec < now - LEEWAY)
		why = xasprintf("ServiceAccount %s/%s has been deleted", ns, name);
	else if (strcmp(jx_str(sa, "metadata.uid") ?: "", uid ? uid : ""))
		why = xasprintf("ServiceAccount UID (%s) does not match claim (%s)",
				jx_str(sa, "metadata.uid") ?: "", uid ? uid : "");
	json_decref(sa);
	return why;
}

static void set_user(struct user *u, const char *ns, const char *name, const char *uid)
{
	u->name = xasprintf("system:serviceaccount:%s:%s", ns, name);
	u->uid = uid && *uid ? xstrdup(uid) : NULL;
	u->groups = xcalloc(3, sizeof(char *));
	u->groups[0] = xstrdup("system:serviceaccounts");
	u->groups[1] = xasprintf("system:serviceaccounts:%s", ns);
	u->ngroups = 2;
}

static void extra_add(json_t *extra, const char *key, const char *val)
{
	char k[128];

	if (!val || !*val)
		return;
	snprintf(k, sizeof(k), EXTRA_PREFIX "%s", key);
	json_object_set_new(extra, k, json_pack("[s]", val));
}

/* Bound (TokenRequest) tokens: the account and whatever the token is bound to. */
static char *validate_bound(const json_t *c, time_t now, struct user *u, json_t *extra)
{
	const json_t *k8s = json_object_get(c, "kubernetes.io");
	const json_t *sa = json_object_get(k8s, "serviceaccount");
	const json_t *pod = json_object_get(k8s, "pod"), *secret = json_object_get(k8s, "secret");
	const json_t *node = json_object_get(k8s, "node");
	const char *ns = jx_str(k8s, "namespace") ?: "", *name = jx_str(sa, "name") ?: "";
	char *why = NULL;
	const char *fixed = NULL;

	if (!json_is_object(k8s) || !*ns || !*name)
		return xstrdup("service account token claims could not be validated");
	if ((why = check_sa(ns, name, jx_str(sa, "uid"), now)))
		return why;
	if (secret && (fixed = check_ref("secrets", "Secret", ns, secret, now, &why)))
		goto bad;
	if (pod && (fixed = check_ref("pods", "Pod", ns, pod, now, &why)))
		goto bad;
	if (node && !pod && (fixed = check_ref("nodes", "Node", "", node, now, &why)))
		goto bad;
	set_user(u, ns, name, jx_str(sa, "uid"));
	extra_add(extra, "pod-name", jx_str(pod, "name"));
	extra_add(extra, "pod-uid", jx_str(pod, "uid"));
	extra_add(extra, "node-name", jx_str(node, "name"));
	extra_add(extra, "node-uid", jx_str(node, "uid"));
	if (jx_str(c, "jti")) {
		char *id = xasprintf("JTI=%s", jx_str(c, "jti"));
		extra_add(extra, "credential-id", id);
		free(id);
	}
	return NULL;
bad:
	return why ? why : xstrdup(fixed);
}

/* Legacy tokens live in kubernetes.io/service-account-token secrets: the secret must still
 * hold this very token, and its account must still exist. */
static char *validate_legacy(const char *token, const json_t *c, time_t now, struct user *u)
{
	/* The claim names hold dots: no jx_ paths. */
	const char *ns = json_string_value(json_object_get(c, LEGACY_CLAIM "namespace"));
	const char *secret_name = json_string_value(json_object_get(c, LEGACY_CLAIM "secret.name"));
	const char *name =
	    json_string_value(json_object_get(c, LEGACY_CLAIM "service-account.name"));
	const char *uid = json_string_value(json_object_get(c, LEGACY_CLAIM "service-account.uid"));
	json_t *secret;
	char *data = NULL;
	size_t len = 0;
	char *why = NULL;

	if (!ns || !secret_name || !name)
		return xstrdup("service account token claims could not be validated");
	secret = cached("secrets", ns, secret_name);
	if (secret) {
		const char *b64 = jx_str(secret, "data.token") ?: "";
		data = b64_decode(b64, strlen(b64), false, &len);
	}
	if (!data || len != strlen(token) || memcmp(data, token, len))
		why = xstrdup("service account token has been invalidated");
	else if (json_object_get(jx_get(secret, "metadata.labels"),
				 "kubernetes.io/legacy-token-invalid-since"))
		why = xstrdup("service account token has been invalidated");
	else
		why = check_sa(ns, name, uid, now);
	if (!why)
		set_user(u, ns, name, uid);
	free(data);
	json_decref(secret);
	return why;
}

static bool has_str(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) if (json_is_string(v) &&
					  !strcmp(json_string_value(v), s)) return true;
	return false;
}

/* The token's audiences that the request accepts (req: NULL for the API audiences). */
json_t *sat_audiences_match(const json_t *token_auds, const json_t *req)
{
	json_t *out = json_array(), *v;
	size_t i;

	if (!req || !json_array_size(req))
		req = S.audiences;
	json_array_foreach(req, i, v) if (has_str(token_auds, json_string_value(v)))
	    json_array_append(out, v);
	return out;
}

/* Go's %q of a string slice: ["a" "b"]. */
static char *quoted_list(const json_t *arr)
{
	char *out = xstrdup("["), *next;
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		next = xasprintf("%s%s\"%s\"", out, i ? " " : "", json_string_value(v) ?: "");
		free(out);
		out = next;
	}
	next = xasprintf("%s]", out);
	free(out);
	return next;
}

static char *audience_error(const json_t *token_auds, const json_t *req)
{
	char *t = quoted_list(token_auds), *r, *out;

	r = quoted_list(req && json_array_size(req) ? req : S.audiences);
	out = xasprintf("token audiences %s is invalid for the target audiences %s", t, r);
	free(t);
	free(r);
	return out;
}

int sat_authenticate(const char *token, const json_t *req_auds, struct user *u, json_t **extra,
		     json_t **auds, char **why)
{
	time_t now = time(NULL);
	json_t *c = NULL, *tauds, *x = json_object();
	int rc = sat_verify(token, now, &c, why);

	memset(u, 0, sizeof(*u));
	if (extra)
		*extra = NULL;
	if (auds)
		*auds = NULL;
	if (rc != SAT_OK)
		goto out;
	rc = SAT_BAD;
	if (!strcmp(jx_str(c, "iss"), LEGACY_ISSUER)) {
		/* Legacy tokens name no audience: they are good for the API's own. */
		if ((*why = validate_legacy(token, c, now, u)))
			goto out;
		tauds =
		    json_deep_copy(req_auds && json_array_size(req_auds) ? req_auds : S.audiences);
	} else {
		json_t *ta = json_object_get(c, "aud");
		json_t *list = json_is_string(ta) ? json_pack("[O]", ta) : json_incref(ta);
		tauds = sat_audiences_match(list, req_auds);
		if (!json_array_size(tauds)) {
			*why = audience_error(list, req_auds);
			json_decref(list);
			json_decref(tauds);
			goto out;
		}
		json_decref(list);
		if ((*why = validate_bound(c, now, u, x))) {
			json_decref(tauds);
			goto out;
		}
	}
	rc = SAT_OK;
	if (auds)
		*auds = tauds;
	else
		json_decref(tauds);
	if (extra && json_object_size(x))
		*extra = json_incref(x);
out:
	if (rc != SAT_OK)
		user_clear(u);
	json_decref(x);
	json_decref(c);
	return rc;
}

/* ---- TokenReview ---- */

bool sat_review_kind(const struct kind *k)
{
	return !strcmp(k->group, AUTHN_GROUP) && !strcmp(k->kind, "TokenReview");
}

static json_t *user_json(const struct user *u, json_t *extra)
{
	json_t *groups = json_array(), *out;

	for (int i = 0; i < u->ngroups; i++)
		json_array_append_new(groups, json_string(u->groups[i]));
	if (!user_in_group(u, "system:authenticated"))
		json_array_append_new(groups, json_string("system:authenticated"));
	out = json_pack("{s:s, s:s?, s:o}", "username", u->name, "uid", u->uid, "groups", groups);
	if (extra)
		json_object_set(out, "extra", extra);
	return out;
}

/* The review's verdict on spec.token: static tokens first, then service account tokens. */
static json_t *review_status(const char *token, const json_t *req_auds)
{
	struct user u = {0};
	json_t *extra = NULL, *auds = NULL, *status;
	char *why = NULL;
	int rc;

	if (auth_static_token(token, &u)) {
		auds = sat_audiences_match(S.audiences, req_auds);
		/* Audience-agnostic tokens serve only the API's own audiences. */
		rc = json_array_size(auds) || !json_array_size(S.audiences) ? SAT_OK : SAT_BAD;
		if (rc != SAT_OK)
			why = audience_error(S.audiences, req_auds);
	} else {
		rc = sat_authenticate(token, req_auds, &u, &extra, &auds, &why);
	}
	if (rc == SAT_OK) {
		status = json_pack("{s:b, s:o}", "authenticated", 1, "user", user_json(&u, extra));
		if (json_array_size(auds))
			json_object_set(status, "audiences", auds);
	} else {
		status = json_pack("{s:{}}", "user");
		if (why)
			json_object_set_new(status, "error", json_string(why));
	}
	free(why);
	json_decref(extra);
	json_decref(auds);
	user_clear(&u);
	return status;
}

void sat_token_review(struct http_req *req, struct rinfo *ri)
{
	json_t *st = NULL, *body = reg_decode(req, &st), *spec, *out;
	const char *kind, *av, *token;

	if (!body)
		goto fail;
	kind = jx_str(body, "kind");
	av = jx_str(body, "apiVersion");
	if (!json_is_object(body)) {
		st = st_bad_request("the object provided is not a JSON object");
		goto fail;
	}
	if ((kind && *kind && strcmp(kind, "TokenReview")) ||
	    (av && *av && strcmp(av, AUTHN_GROUP "/v1"))) {
		st = st_bad_request("the API version in the data (%s) does not match the expected "
				    "API version (" AUTHN_GROUP "/v1)",
				    av ? av : "");
		goto fail;
	}
	spec = json_object_get(body, "spec");
	token = jx_str(spec, "token");
	if (!token || !*token) {
		st = st_bad_request("token is required for TokenReview in authentication");
		goto fail;
	}
	out = json_pack("{s:s, s:s, s:{s:n}, s:O, s:o}", "kind", "TokenReview", "apiVersion",
			AUTHN_GROUP "/v1", "metadata", "creationTimestamp", "spec", spec, "status",
			review_status(token, json_object_get(spec, "audiences")));
	http_reply_json(req, 201, out);
	json_decref(out);
	json_decref(body);
	rinfo_free(ri);
	return;
fail:
	reply_status(req, st);
	json_decref(body);
	rinfo_free(ri);
}
