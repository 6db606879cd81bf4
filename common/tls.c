#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "tls.h"

static void ssl_err(char *err, size_t errlen, const char *what)
{
	char buf[256];

	ERR_error_string_n(ERR_get_error(), buf, sizeof(buf));
	snprintf(err, errlen, "%s: %s", what, buf);
}

/* Let the handshake finish; the request handler judges the verification result. */
static int accept_any(int ok, X509_STORE_CTX *ctx)
{
	(void)ok;
	(void)ctx;
	return 1;
}

SSL_CTX *tls_server_ctx(const char *cert, const char *key, const char *client_ca,
			const char *min_version, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	int minv = TLS1_2_VERSION;

	if (!ctx) {
		ssl_err(err, errlen, "SSL_CTX_new");
		return NULL;
	}
	if (min_version && !strcmp(min_version, "VersionTLS13"))
		minv = TLS1_3_VERSION;
	SSL_CTX_set_min_proto_version(ctx, minv);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20");
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		ssl_err(err, errlen, cert);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		ssl_err(err, errlen, key);
		goto fail;
	}
	if (client_ca && *client_ca) {
		STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(client_ca);
		if (SSL_CTX_load_verify_locations(ctx, client_ca, NULL) != 1 || !names) {
			ssl_err(err, errlen, client_ca);
			goto fail;
		}
		SSL_CTX_set_client_CA_list(ctx, names);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any);
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

int tls_add_client_ca(SSL_CTX *ctx, const char *file, char *err, size_t errlen)
{
	STACK_OF(X509_NAME) *names = SSL_CTX_get_client_CA_list(ctx);

	if (!names) {
		names = sk_X509_NAME_new_null();
		SSL_CTX_set_client_CA_list(ctx, names);
	}
	if (SSL_CTX_load_verify_locations(ctx, file, NULL) != 1 ||
	    SSL_add_file_cert_subjects_to_stack(names, file) != 1) {
		ssl_err(err, errlen, file);
		return -1;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any);
	return 0;
}

static bool is_ip_literal(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static int add_sans(X509 *x, const char *hosts)
{
	char *copy = xstrdup(hosts), *save = NULL, *tok;
	char *list = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&list, &len);
	X509_EXTENSION *ext;
	int first = 1, rc = -1;
	X509V3_CTX v3;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool is_ip = is_ip_literal(tok);
		fprintf(f, "%s%s:%s", first ? "" : ",", is_ip ? "IP" : "DNS", tok);
		first = 0;
	}
	fclose(f);
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, list);
	if (ext) {
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
		rc = 0;
	}
	free(list);
	free(copy);
	return rc;
}

static int write_pem(const char *path, X509 *x, EVP_PKEY *pk)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	if (pk)
		fchmod(fileno(f), 0600);
	ok = x ? PEM_write_X509(f, x) : PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL);
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Two daemons sharing a --cert-dir may start at once; without a lock one can read its key
 * next to the other's certificate. The lock is the directory's own (no file left behind);
 * -1 when it cannot be had, and the check goes on unlocked. */
static int lock_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	free(copy);
	if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int tls_self_signed(const char *cert, const char *key, const char *cn, const char *hosts, char *err,
		    size_t errlen)
{
	EVP_PKEY *pk = NULL;
	X509 *x = NULL;
	int rc = -1, lock = lock_dir_of(cert);

	if (!access(cert, R_OK) && !access(key, R_OK)) {
		rc = 0;
		goto out;
	}
	pk = EVP_EC_gen("P-256");
	x = X509_new();
	if (!pk || !x) {
		ssl_err(err, errlen, "generating a key");
		goto out;
	}
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), (long)time(NULL));
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 365L * 24 * 3600);
	X509_set_pubkey(x, pk);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	if (add_sans(x, hosts) || !X509_sign(x, pk, EVP_sha256())) {
		ssl_err(err, errlen, "signing the certificate");
		goto out;
	}
	if (write_pem(key, NULL, pk) || write_pem(cert, x, NULL)) {
		snprintf(err, errlen, "writing %s: %s", cert, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	X509_free(x);
	EVP_PKEY_free(pk);
	if (lock >= 0)
		close(lock); /* releases the flock */
	return rc;
}

/* Go's cipher suite names and OpenSSL's for the same suite ("" for TLS 1.3 ones). */
static const char *const suites[][2] = {
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {"TLS_AES_128_GCM_SHA256", ""},
    {"TLS_AES_256_GCM_SHA384", ""},
    {"TLS_CHACHA20_POLY1305_SHA256", ""},
};

int tls_set_cipher_suites(SSL_CTX *ctx, const char *names, char *err, size_t errlen)
{
	char *copy = strdup(names), *save = NULL, list[1024] = "";
	int rc = -1;

	if (!copy)
		return -1;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t i, n = sizeof(suites) / sizeof(suites[0]);

		while (*t == ' ')
			t++;
		for (i = 0; i < n && strcmp(suites[i][0], t); i++)
			;
		if (i == n) {
			snprintf(err, errlen, "Cipher suite %s not supported or doesn't exist", t);
			goto out;
		}
		if (*suites[i][1] && strlen(list) + strlen(suites[i][1]) + 2 < sizeof(list)) {
			if (*list)
				strcat(list, ":");
			strcat(list, suites[i][1]);
		}
	}
	/* Only TLS 1.3 suites named: TLS 1.2 keeps its defaults, as Go would. */
	if (*list && !SSL_CTX_set_cipher_list(ctx, list)) {
		snprintf(err, errlen, "no usable cipher suite in %s", names);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

X509_REQ *tls_csr_from_b64(const char *b64)
{
	size_t len = b64 ? strlen(b64) : 0;
	unsigned char *pem;
	X509_REQ *req = NULL;
	BIO *bio;
	int n;

	if (!len || len > 1 << 20)
		return NULL;
	pem = xmalloc(len);
	n = EVP_DecodeBlock(pem, (const unsigned char *)b64, (int)len);
	if (n > 0) {
		while (n > 0 && len > 0 && b64[len - 1] == '=') {
			n--; /* EVP_DecodeBlock counts padding as data */
			len--;
		}
		bio = BIO_new_mem_buf(pem, n);
		req = PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	free(pem);
	return req;
}
