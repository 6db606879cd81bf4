/* kind: the table of API kinds the server serves, each with its strategy and printer.
 * The registry runs one pipeline for every kind; kinds only fill in their differences. */
#ifndef KUBE_KIND_H
#define KUBE_KIND_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

struct user;

/* Per-kind behaviour, as upstream's rest strategies. Every hook is optional. */
struct strategy {
	/* Upstream's SetDefaults_* for the whole object (spec and status). */
	void (*defaults)(json_t *obj);
	/* On create, after defaults: reset what a client may not set (status, for most kinds). */
	void (*prepare_create)(json_t *obj);
	/* On create, for kinds that record who asked (a CSR's spec.username, groups, uid). */
	void (*stamp_requester)(json_t *obj, const struct user *u);
	/* On update of the main resource; old is the stored object. The registry has already
	 * kept old.status for kinds with a status subresource. */
	void (*prepare_update)(json_t *obj, const json_t *old);
	/* Validation of everything but ObjectMeta (the registry validates metadata). old is NULL
	 * on create; on update, immutable fields are checked against it. Appends fe_* causes. */
	void (*validate)(const json_t *obj, const json_t *old, json_t *causes);
	/* Validation for writes through the status subresource. */
	void (*validate_status)(const json_t *obj, const json_t *old, json_t *causes);
};

/* One column of a server-side printed Table (metav1.TableColumnDefinition). */
struct column {
	const char *name;
	const char *type;   /* "string", "integer", "date", "number" */
	const char *format; /* "name" for the first column, else "" */
	int priority;	    /* 0 always shown, 1 with -o wide */
	const char *description;
};

struct printer {
	const struct column *columns; /* ends with {0} */
	/* Append one cell per column to cells. now is the server's clock, for ages. */
	void (*row)(const json_t *obj, json_t *cells, time_t now);
};

/* Storage-side behaviour a few kinds add to the registry's pipeline (not validation). */
struct hooks {
	/* Before any write of a new state; old is NULL on create. May change obj (allocate a
	 * cluster IP); returns a Status on failure. */
	json_t *(*before_write)(json_t *obj, const json_t *old);
	/* Delete: return true to delete gracefully (set deletionTimestamp) rather than at once.
	 * *st may be set to refuse the delete. */
	bool (*graceful_delete)(const json_t *obj, long *grace, json_t **st);
};

enum kind_flags {
	K_STATUS = 1 << 0,  /* has a status subresource: main ignores status, status ignores spec */
	K_SCALE = 1 << 1,   /* has a scale subresource */
	K_NOGEN = 1 << 2,   /* metadata.generation is not tracked */
	K_CLUSTER = 1 << 3, /* cluster-scoped */
	K_CREATEONLY = 1 << 4, /* only create (bindings, reviews) */
	K_NOWATCH = 1 << 5,    /* not listed or watched */
	/* A status write may change annotations too (the apps kinds: their controllers record
	 * revisions that way, as upstream's status strategies for them allow). */
	K_STATUS_ANNOT = 1 << 6,
};

struct kind {
	const char *group; /* "" for the core group */
	const char *version;
	const char *kind;
	const char *resource; /* plural */
	const char *singular;
	const char *short_names[4];
	const char *categories[2];
	unsigned flags;
	const char *const *subresources;    /* "status", "scale", "binding", ...; NULL-terminated */
	const char *const *field_selectors; /* beyond metadata.name/namespace; NULL-terminated */
	/* For the scale subresource: where spec/status replicas and the selector live. */
	const char *scale_selector; /* path of the label selector, e.g. "spec.selector" */
	const struct strategy *strategy;
	const struct printer *printer;
	const struct hooks *hooks;
	/* An older version served from a newer one's storage: the conversions between them.
	 * to_storage gets the served object and leaves the stored one (apiVersion included). */
	const char *storage_group, *storage_version;
	void (*to_storage)(json_t *obj);
	void (*from_storage)(json_t *obj);
};

/* The kind whose representation is stored for k (k itself unless k is a legacy version). */
const struct kind *kind_storage(const struct kind *k);

extern const struct hooks service_hooks, pod_hooks, namespace_hooks;
void legacy_extensions_in(json_t *obj);
void legacy_extensions_out(json_t *obj);
/* autoscaling/v1 HorizontalPodAutoscalers to and from the v2 storage (convert_hpa.c). */
void hpa_v1_in(json_t *obj);
void hpa_v1_out(json_t *obj);

extern const struct kind kinds[];
extern const int nkinds;

/* Find by group and resource ("" for core); NULL if unknown. */
const struct kind *kind_by_resource(const char *group, const char *version, const char *resource);
const struct kind *kind_by_kind(const char *group, const char *kind);
/* "apps/v1" or "v1". buf must hold 64 bytes. */
const char *kind_api_version(const struct kind *k, char *buf);
bool kind_namespaced(const struct kind *k);
/* "Deployment.apps" or "Pod", as upstream's qualified kind in messages. buf of 96. */
const char *kind_qualified(const struct kind *k, char *buf);

/* Strategies and printers, one per kind, defined in strategy_*.c and printers.c. */
#define KIND_DECL(x)                                                                               \
	extern const struct strategy x##_strategy;                                                 \
	extern const struct printer x##_printer;
KIND_DECL(namespace)
KIND_DECL(pod)
KIND_DECL(service)
KIND_DECL(endpoints)
KIND_DECL(node)
KIND_DECL(replicationcontroller)
KIND_DECL(configmap)
KIND_DECL(secret)
KIND_DECL(serviceaccount)
KIND_DECL(event)
KIND_DECL(resourcequota)
KIND_DECL(limitrange)
KIND_DECL(podtemplate)
KIND_DECL(persistentvolume)
KIND_DECL(persistentvolumeclaim)
KIND_DECL(deployment)
KIND_DECL(replicaset)
KIND_DECL(statefulset)
KIND_DECL(daemonset)
KIND_DECL(controllerrevision)
KIND_DECL(job)
KIND_DECL(cronjob)
KIND_DECL(lease)
KIND_DECL(endpointslice)
KIND_DECL(role)
KIND_DECL(clusterrole)
KIND_DECL(rolebinding)
KIND_DECL(clusterrolebinding)
KIND_DECL(csr)
KIND_DECL(pdb)
KIND_DECL(ingress)
KIND_DECL(ingressclass)
KIND_DECL(networkpolicy)
KIND_DECL(hpa)
KIND_DECL(eventv1)
KIND_DECL(priorityclass)
KIND_DECL(storageclass)
KIND_DECL(apiservice)
#undef KIND_DECL

#endif
