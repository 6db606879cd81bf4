/* kubeconfig: where the API server is and who we are to it, from a kubeconfig file (as
 * clientcmd loads one) or from a pod's service account (rest.InClusterConfig). */
#ifndef KUBE_KUBECONFIG_H
#define KUBE_KUBECONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* Where a pod finds its service account's token, CA and namespace. */
#define KCFG_SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"

/* A PEM credential given either as a file or inline (the kubeconfig's *-data, decoded). */
struct kcfg_pem {
	char *file;
	char *data;
	size_t len;
};

/* One resolved connection: the current context's cluster and user. Everything is owned. */
struct kcfg {
	char *server; /* "https://host:port", no trailing slash */
	char *context;
	char *namespace; /* the context's namespace, "default" when it names none */
	struct kcfg_pem ca, cert, key;
	bool insecure;
	char *token;
	char *token_file; /* re-read by the client from time to time, as upstream */
	char *tls_server_name;
};

/*
 * Load a kubeconfig file and resolve context (NULL: its current-context). Relative file paths
 * are taken from the file's directory, *-data fields are base64-decoded, tokenFile is read.
 * Returns 0, or -1 with *err malloc'd.
 */
int kcfg_load(const char *path, const char *context, struct kcfg **out, char **err);

/* The same from a buffer already read; dir resolves relative paths (NULL: the cwd). */
int kcfg_parse(const char *buf, size_t len, const char *dir, const char *context, struct kcfg **out,
	       char **err);

/* In-cluster configuration: KUBERNETES_SERVICE_HOST/PORT and the service account files under
 * sa_dir (NULL: KCFG_SA_DIR). Fails when not running in a pod. */
int kcfg_in_cluster(const char *sa_dir, struct kcfg **out, char **err);

/*
 * As upstream's clientcmd.BuildConfigFromFlags(master, kubeconfig): both empty means in-cluster,
 * falling back to $KUBECONFIG (its first file) or ~/.kube/config; master, when given, replaces
 * the server. A bare master with no kubeconfig anywhere gives a config with only the server.
 */
int kcfg_build(const char *master, const char *kubeconfig, struct kcfg **out, char **err);

/* A config with only a server (for --master without credentials, and tests). */
struct kcfg *kcfg_new_server(const char *server);

void kcfg_free(struct kcfg *c);

#endif
