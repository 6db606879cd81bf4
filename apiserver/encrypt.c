/*
 * encrypt: encryption at rest (--encryption-provider-config), as upstream's
 * EncryptionConfiguration. For each resource the first provider writes; every provider listed
 * can read, so keys rotate by putting the new one first. Values carry upstream's envelope:
 * "k8s:enc:aescbc:v1:<key>:" + 16-byte IV + AES-CBC (PKCS#7), or "k8s:enc:aesgcm:v1:<key>:" +
 * 12-byte nonce + AES-GCM ciphertext and tag. identity stores plain JSON.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver.h"
#include "encrypt.h"
#include "jsonx.h"
#include "kind.h"
#include "log.h"
#include "yaml.h"

enum enc_type { ENC_IDENTITY, ENC_AESCBC, ENC_AESGCM };
static const char *const type_names[] = {"identity", "aescbc", "aesgcm"};

struct enc_key {
	char *name;
	unsigned char secret[32];
	int len;
};

struct enc_provider {
	enum enc_type type;
	struct enc_key *keys;
	size_t nkeys;
};

struct enc_rule {
	char **resources; /* "secrets", "deployments.apps", "*.apps", "*.*" */
	size_t nres;
	struct enc_provider *providers;
	size_t nprov;
};

static struct enc_rule *rules;
static size_t nrules;

static int load_keys(struct enc_provider *p, const json_t *keys, char *err, size_t errlen)
{
	json_t *k;
	size_t i;

	if (!json_array_size(keys)) {
		snprintf(err, errlen, "%s: keys must contain at least one key",
			 type_names[p->type]);
		return -1;
	}
	p->keys = xcalloc(json_array_size(keys), sizeof(*p->keys));
	json_array_foreach(keys, i, k)
	{
		struct enc_key *key = &p->keys[p->nkeys];
		const char *name = jx_str(k, "name"), *secret = jx_str(k, "secret");
		int n;

		if (!name || !*name || !secret) {
			snprintf(err, errlen, "%s: keys[%zu]: name and secret are required",
				 type_names[p->type], i);
			return -1;
		}
		unsigned char raw[48];

		n = strlen(secret) <= 44
			? EVP_DecodeBlock(raw, (const unsigned char *)secret, (int)strlen(secret))
			: -1;
		/* EVP_DecodeBlock counts the padding's bytes too. */
		if (n > 0 && secret[strlen(secret) - 1] == '=')
			n -= secret[strlen(secret) - 2] == '=' ? 2 : 1;
		if (n != 16 && n != 24 && n != 32) {
			snprintf(
			    err, errlen,
			    "%s: keys[%zu].secret: secret is not of the expected length, got %d, "
			    "expected one of [16 24 32]",
			    type_names[p->type], i, n < 0 ? 0 : n);
			return -1;
		}
		memcpy(key->secret, raw, (size_t)n);
		key->len = n;
		key->name = xstrdup(name);
		p->nkeys++;
	}
	return 0;
}

static int load_provider(struct enc_provider *p, const json_t *j, char *err, size_t errlen)
{
	const char *k;
	json_t *v;

	if (json_object_size(j) != 1) {
		snprintf(err, errlen, "providers: each entry names exactly one provider");
		return -1;
	}
	json_object_foreach((json_t *)j, k, v)
	{
		if (!strcmp(k, "identity")) {
			p->type = ENC_IDENTITY;
			return 0;
		}
		if (!strcmp(k, "aescbc") || !strcmp(k, "aesgcm")) {
			p->type = !strcmp(k, "aescbc") ? ENC_AESCBC : ENC_AESGCM;
			return load_keys(p, jx_get(v, "keys"), err, errlen);
		}
		snprintf(err, errlen, "provider %s is not supported (identity, aescbc, aesgcm)", k);
	}
	return -1;
}

static int load_rule(struct enc_rule *r, const json_t *j, char *err, size_t errlen)
{
	json_t *v;
	size_t i;

	if (!json_array_size(jx_get(j, "resources")) || !json_array_size(jx_get(j, "providers"))) {
		snprintf(err, errlen, "resources and providers must both be given");
		return -1;
	}
	r->resources = xcalloc(json_array_size(jx_get(j, "resources")), sizeof(char *));
	json_array_foreach(jx_get(j, "resources"), i, v) r->resources[r->nres++] =
	    xstrdup(json_string_value(v) ?: "");
	r->providers = xcalloc(json_array_size(jx_get(j, "providers")), sizeof(*r->providers));
	json_array_foreach(jx_get(j, "providers"), i, v)
	{
		if (load_provider(&r->providers[r->nprov], v, err, errlen))
			return -1;
		r->nprov++;
	}
	return 0;
}

static json_t *read_yaml(const char *file, char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	char *buf = NULL, *msg = NULL, chunk[4096];
	size_t len = 0, n;
	FILE *mem;
	json_t *j;

	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	mem = open_memstream(&buf, &len);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(mem);
	fclose(f);
	j = yaml_load(buf, len, &msg);
	if (!j)
		snprintf(err, errlen, "%s: %s", file, msg ? msg : "not YAML");
	free(msg);
	free(buf);
	return j;
}

int enc_init(const char *file, char *err, size_t errlen)
{
	json_t *cfg, *r;
	size_t i;
	int rc = -1;

	if (!file)
		return 0;
	if (!(cfg = read_yaml(file, err, errlen)))
		return -1;
	if (strcmp(jx_str(cfg, "kind") ?: "", "EncryptionConfiguration") ||
	    strcmp(jx_str(cfg, "apiVersion") ?: "", "apiserver.config.k8s.io/v1")) {
		snprintf(err, errlen,
			 "%s: not an apiserver.config.k8s.io/v1 EncryptionConfiguration", file);
		goto out;
	}
	rules = xcalloc(json_array_size(jx_get(cfg, "resources")) + 1, sizeof(*rules));
	json_array_foreach(jx_get(cfg, "resources"), i, r)
	{
		char msg[256];

		if (load_rule(&rules[nrules], r, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s: resources[%zu]: %s", file, i, msg);
			nrules++;
			goto out;
		}
		nrules++;
	}
	log_info("encryption at rest: %zu resource rule(s) from %s", nrules, file);
	rc = 0;
out:
	json_decref(cfg);
	return rc;
}

/* "secrets" (core), "deployments.apps", "*.apps", "*.*" (everything), "*." (core only). */
static bool res_match(const char *pat, const struct kind *k)
{
	const char *dot = strchr(pat, '.');
	const char *group = k->group ? k->group : "";

	if (!dot)
		return !*group && !strcmp(pat, k->resource);
	if (strcmp(dot + 1, "*") && strcmp(dot + 1, group))
		return false;
	return (dot - pat == 1 && *pat == '*') || (strlen(k->resource) == (size_t)(dot - pat) &&
						   !strncmp(pat, k->resource, (size_t)(dot - pat)));
}

/* The first rule naming the resource, in file order (upstream: the most specific wins when
 * several match; listing specific ones first gives the same). */
static const struct enc_rule *rule_for(const struct kind *k)
{
	for (size_t i = 0; i < nrules; i++)
		for (size_t j = 0; j < rules[i].nres; j++)
			if (res_match(rules[i].resources[j], k))
				return &rules[i];
	return NULL;
}

static int crypt(enum enc_type t, const struct enc_key *key, bool enc, const unsigned char *iv,
		 const unsigned char *in, int inlen, unsigned char *out, unsigned char *tag)
{
	const EVP_CIPHER *c = t == ENC_AESCBC ? (key->len == 16	  ? EVP_aes_128_cbc()
						 : key->len == 24 ? EVP_aes_192_cbc()
								  : EVP_aes_256_cbc())
					      : (key->len == 16	  ? EVP_aes_128_gcm()
						 : key->len == 24 ? EVP_aes_192_gcm()
								  : EVP_aes_256_gcm());
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, m = 0, rc = -1;

	if (!ctx || !EVP_CipherInit_ex(ctx, c, NULL, key->secret, iv, enc ? 1 : 0))
		goto out;
	if (t == ENC_AESGCM && !enc && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag))
		goto out;
	if (!EVP_CipherUpdate(ctx, out, &n, in, inlen) || !EVP_CipherFinal_ex(ctx, out + n, &m))
		goto out;
	if (t == ENC_AESGCM && enc && !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag))
		goto out;
	rc = n + m;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

char *enc_encode(const struct kind *k, const char *plain, size_t len, size_t *outlen)
{
	const struct enc_rule *r = rule_for(k);
	const struct enc_provider *p;
	const struct enc_key *key;
	unsigned char iv[16];
	size_t ivlen, hlen;
	char *out;
	int n;

	if (!r || r->providers[0].type == ENC_IDENTITY || len > (size_t)1 << 30)
		return NULL;
	p = &r->providers[0];
	key = &p->keys[0];
	ivlen = p->type == ENC_AESCBC ? 16 : 12;
	if (RAND_bytes(iv, (int)ivlen) != 1)
		fatal("encryption: no random bytes for an IV");
	out = xasprintf("k8s:enc:%s:v1:%s:", type_names[p->type], key->name);
	hlen = strlen(out);
	out = xrealloc(out, hlen + ivlen + len + 32);
	memcpy(out + hlen, iv, ivlen);
	n = crypt(p->type, key, true, iv, (const unsigned char *)plain, (int)len,
		  (unsigned char *)out + hlen + ivlen, (unsigned char *)out + hlen + ivlen + len);
	if (n < 0)
		fatal("encryption: %s failed", type_names[p->type]);
	*outlen = hlen + ivlen + (size_t)n + (p->type == ENC_AESGCM ? 16 : 0);
	return out;
}

char *enc_decode(const struct kind *k, const char *val, size_t len, size_t *outlen, bool *stale,
		 char **err)
{
	const struct enc_rule *r = rule_for(k);
	const char *name, *colon;
	size_t tlen, ivlen, clen;
	unsigned char *out;
	int n = -1;

	*err = NULL;
	/* Not written by the first provider's first key: a rewrite would change it. */
	*stale = r && r->providers[0].type != ENC_IDENTITY;
	if (len < 8 || memcmp(val, "k8s:enc:", 8)) {
		/* Plain JSON: readable unless the rule has no identity provider at all. */
		for (size_t i = 0; r && i < r->nprov; i++)
			if (r->providers[i].type == ENC_IDENTITY)
				return NULL;
		if (r)
			*err =
			    xstrdup("stored unencrypted, and no identity provider is configured");
		return NULL;
	}
	for (size_t i = 0; r && i < r->nprov; i++) {
		const struct enc_provider *p = &r->providers[i];
		char head[64];

		if (p->type == ENC_IDENTITY)
			continue;
		tlen = (size_t)snprintf(head, sizeof(head), "k8s:enc:%s:v1:", type_names[p->type]);
		if (len < tlen || memcmp(val, head, tlen))
			continue;
		name = val + tlen;
		colon = memchr(name, ':', len - tlen);
		if (!colon)
			break;
		for (size_t j = 0; j < p->nkeys; j++) {
			const struct enc_key *key = &p->keys[j];
			const unsigned char *iv = (const unsigned char *)colon + 1;

			if (strlen(key->name) != (size_t)(colon - name) ||
			    memcmp(key->name, name, (size_t)(colon - name)))
				continue;
			ivlen = p->type == ENC_AESCBC ? 16 : 12;
			if ((size_t)(val + len - (const char *)iv) <
			    ivlen + (p->type == ENC_AESGCM ? 16 : 1))
				break;
			clen = (size_t)(val + len - (const char *)iv) - ivlen -
			       (p->type == ENC_AESGCM ? 16 : 0);
			out = xmalloc(clen + 32);
			n = crypt(p->type, key, false, iv, iv + ivlen, (int)clen, out,
				  (unsigned char *)iv + ivlen + clen);
			if (n >= 0) {
				*outlen = (size_t)n;
				*stale = i != 0 || j != 0;
				return (char *)out;
			}
			free(out);
			break;
		}
	}
	*err = xstrdup("no configured key can decrypt this value");
	return NULL;
}
