/* tls: OpenSSL contexts for servers, and self-signed serving certificates. */
#ifndef KUBE_TLS_H
#define KUBE_TLS_H

#include <openssl/ssl.h>

/* A server context: TLS 1.2 or newer. With client_ca, client certificates are requested and
 * verified, but a bad one does not fail the handshake: the server answers 401 instead. */
SSL_CTX *tls_server_ctx(const char *cert, const char *key, const char *client_ca,
			const char *min_version, char *err, size_t errlen);
/* Also accept client certificates signed by the CAs in file (a second bundle, such as the
 * front proxy's): they join the verification store and the names sent to clients, and client
 * certificates are asked for. Returns 0 or -1 with err. */
int tls_add_client_ca(SSL_CTX *ctx, const char *file, char *err, size_t errlen);
/* Restrict TLS 1.2 to the named suites: Go's names, as --tls-cipher-suites takes them
 * (comma-separated). TLS 1.3 suites are accepted and, as upstream, not configurable.
 * Returns 0 or -1 with err naming the unknown suite. */
int tls_set_cipher_suites(SSL_CTX *ctx, const char *names, char *err, size_t errlen);

/* A PEM CERTIFICATE REQUEST, base64-encoded as a CertificateSigningRequest's spec.request;
 * NULL when it does not parse. The caller frees it with X509_REQ_free. */
X509_REQ *tls_csr_from_b64(const char *b64);

/* Write a self-signed certificate and key for hosts (comma-separated DNS names and IPs)
 * unless both files exist. Returns 0 or -1 with err. */
int tls_self_signed(const char *cert, const char *key, const char *cn, const char *hosts, char *err,
		    size_t errlen);

#endif
