/*
 * hpa: what the horizontalpodautoscaling controller (hpa.c) shares with the part that reads
 * the metrics APIs and maps kinds to resources (hpa_metrics.c). A reconcile is one struct run:
 * a chain of asynchronous requests in one ctrl_op, each answer handled by a step.
 */
#ifndef CM_HPA_H
#define CM_HPA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hpa_calc.h"

struct ctrl_op;
struct lsel;

#define HPA_ERRLEN 1024

/* One spec.metrics entry's raw data, fetched before anything is computed. */
struct metric {
	struct run *r;
	const json_t *spec; /* in run.hpa */
	char *err;	    /* the fetch failed, in the metrics client's words */
	struct hpa_samples samples;
	int64_t value; /* an object's value, or the sum of external series */
	char *version; /* custom.metrics.k8s.io version in use */
};

/* One reconcile in flight. */
struct run {
	struct ctrl_op *op;
	char *key, *ns, *ref; /* ref: "Kind/ns/name" for logs */
	json_t *hpa;	      /* a copy whose status is rewritten */
	json_t *orig;	      /* the status as it was */
	json_t *scale;
	char *scale_path, *selector;
	struct lsel *sel;
	int32_t current, status_replicas, min, max;
	struct metric *m;
	size_t nm, waiting;
	json_t *statuses; /* currentMetrics being built */
};

/* One answer of a run's request; arg is the request's own. */
typedef void (*hpa_step_fn)(struct run *r, void *arg, int code, json_t *body, const char *err);
/* A request in the run's ctrl_op (body borrowed). */
void hpa_request(struct run *r, const char *method, const char *path, const json_t *body,
		 hpa_step_fn fn, void *arg);

/* client-go's words for a failed request: the Status's message, or a generic sentence naming
 * what was asked ("the server could not find the requested resource (get pods.metrics.k8s.io)").
 * malloc'd. */
char *hpa_api_error(int code, const json_t *body, const char *err, const char *what);
/* A quantity in milli-units; false when absent or malformed. */
bool hpa_milli(const json_t *v, int64_t *out);
/* A metric's label selector as a query string ("" for none): 0, or -1 with err. */
int hpa_metric_selector(const json_t *ls, char **out, char *err, size_t errlen);

/* Fetch metric m; hpa_fetched(r) runs once it is in (or failed: m->err). */
void hpa_fetch_metric(struct metric *m);
void hpa_fetched(struct run *r);

/* A kind of a group mapped to its resource, as a REST mapper does. */
struct hpa_kind {
	const char *group, *kind, *version, *resource;
};
/* Map (group, kind): at once for the scalable built-in kinds, otherwise from the group's
 * discovery. done gets the mapping, or NULL and upstream's "no matches for kind" error. */
typedef void (*hpa_kind_fn)(struct run *r, void *arg, const struct hpa_kind *k, const char *err);
void hpa_lookup_kind(struct run *r, const char *group, const char *kind, hpa_kind_fn done,
		     void *arg);

#endif
