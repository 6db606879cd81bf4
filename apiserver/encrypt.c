/*
 * encrypt: encryption at rest (--encryption-provider-config), as upstream's
 * EncryptionConfiguration. For each resource the first provider writes; every provider listed
 * can read, so keys rotate by putting the new one first. Values carry upstream's envelope:
 * "k8s:enc:aescbc:v1:<key>:" + 16-byte IV + AES-CBC (PKCS#7), "k8s:enc:aesgcm:v1:<key>:" +
 * 12-byte nonce + AES-GCM ciphertext and tag, or "k8s:enc:secretbox:v1:<key>:" + 24-byte nonce
 * + NaCl secretbox (Poly1305 tag, then XSalsa20 ciphertext). identity stores plain JSON.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "apiserver.h"
#include "encrypt.h"
#include "jsonx.h"
#include "kind.h"
#include "log.h"
#include "secretbox.h"
#include "yaml.h"

enum enc_type { ENC_IDENTITY, ENC_AESCBC, ENC_AESGCM, ENC_SECRETBOX };
static const char *const type_names[] = {"identity", "aescbc", "aesgcm", "secretbox"};
/* Bytes of nonce (IV) before the ciphertext, and of tag besides it. */
static const size_t nonce_len[] = {0, 16, 12, SBOX_NONCE_BYTES};
static const size_t tag_len[] = {0, 0, 16, SBOX_TAG_BYTES};

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
		/* AES takes 16, 24 or 32 bytes; NaCl's secretbox only 32. */
		if (p->type == ENC_SECRETBOX ? n != 32 : (n != 16 && n != 24 && n != 32)) {
			snprintf(err, errlen,
				 "%s: keys[%zu].secret: secret is not of the expected length, got "
				 "%d, expected one of %s",
				 type_names[p->type], i, n < 0 ? 0 : n,
				 p->type == ENC_SECRETBOX ? "[32]" : "[16 24 32]");
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
		for (enum enc_type t = ENC_AESCBC; t <= ENC_SECRETBOX; t++) {
			if (strcmp(k, type_names[t]))
				continue;
			p->type = t;
			return load_keys(p, jx_get(v, "keys"), err, errlen);
		}
		snprintf(err, errlen,
			 "provider %s is not supported (identity, aescbc, aesgcm, secretbox)", k);
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
	size_t len = 0;
	char *buf = file_read(file, &len), *msg = NULL;
	json_t *j;

	if (!buf) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
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

static int crypt(enum enc_type t, const struct enc_key *key, bool enc, const char *aad,
		 const unsigned char *iv, const unsigned char *in, int inlen, unsigned char *out,
		 unsigned char *tag)
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
	if (t == ENC_AESGCM && aad &&
	    !EVP_CipherUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)strlen(aad)))
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

/* Seal len bytes after nonce into out (room for len + 32) in the provider's layout: AES-CBC
 * ciphertext, AES-GCM ciphertext then tag, or secretbox's tag then ciphertext. Its length, or
 * -1. */
static int seal(enum enc_type t, const struct enc_key *key, const char *aad,
		const unsigned char *nonce, const unsigned char *in, size_t len, unsigned char *out)
{
	int n;

	if (t == ENC_SECRETBOX)
		return sbox_seal(out, in, len, nonce, key->secret) ? -1
								   : (int)(len + SBOX_TAG_BYTES);
	n = crypt(t, key, true, aad, nonce, in, (int)len, out, out + len);
	return n < 0 ? -1 : n + (int)tag_len[t];
}

/* Open clen bytes that seal made into out (room for clen): the plain length, or -1 when the
 * value is too short or does not authenticate. */
static int unseal(enum enc_type t, const struct enc_key *key, const char *aad,
		  const unsigned char *nonce, const unsigned char *in, size_t clen,
		  unsigned char *out)
{
	if (clen < tag_len[t] + (t == ENC_AESCBC) || clen > (size_t)1 << 30)
		return -1;
	if (t == ENC_SECRETBOX)
		return sbox_open(out, in, clen, nonce, key->secret) ? (int)(clen - SBOX_TAG_BYTES)
								    : -1;
	return crypt(t, key, false, aad, nonce, in, (int)(clen - tag_len[t]), out,
		     (unsigned char *)in + clen - tag_len[t]);
}

char *enc_encode(const struct kind *k, const char *ekey, const char *plain, size_t len,
		 size_t *outlen)
{
	const struct enc_rule *r = rule_for(k);
	const struct enc_provider *p;
	const struct enc_key *key;
	unsigned char *nonce;
	size_t ivlen, hlen;
	char *out;
	int n;

	if (!r || r->providers[0].type == ENC_IDENTITY || len > (size_t)1 << 30)
		return NULL;
	p = &r->providers[0];
	key = &p->keys[0];
	ivlen = nonce_len[p->type];
	out = xasprintf("k8s:enc:%s:v1:%s:", type_names[p->type], key->name);
	hlen = strlen(out);
	out = xrealloc(out, hlen + ivlen + len + 32);
	nonce = (unsigned char *)out + hlen;
	if (RAND_bytes(nonce, (int)ivlen) != 1)
		fatal("encryption: no random bytes for a nonce");
	n = seal(p->type, key, ekey, nonce, (const unsigned char *)plain, len, nonce + ivlen);
	if (n < 0)
		fatal("encryption: %s failed", type_names[p->type]);
	*outlen = hlen + ivlen + (size_t)n;
	return out;
}

char *enc_decode(const struct kind *k, const char *ekey, const char *val, size_t len,
		 size_t *outlen, bool *stale, char **err)
{
	const struct enc_rule *r = rule_for(k);
	const char *name, *colon;
	size_t tlen, rest;
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
			const unsigned char *nonce = (const unsigned char *)colon + 1;

			if (strlen(key->name) != (size_t)(colon - name) ||
			    memcmp(key->name, name, (size_t)(colon - name)))
				continue;
			rest = (size_t)(val + len - (const char *)nonce);
			if (rest < nonce_len[p->type])
				break;
			out = xmalloc(rest + 1);
			n = unseal(p->type, key, ekey, nonce, nonce + nonce_len[p->type],
				   rest - nonce_len[p->type], out);
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
