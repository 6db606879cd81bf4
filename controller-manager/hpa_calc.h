/*
 * hpa_calc: the horizontal pod autoscaler's arithmetic, apart from its API calls so unit tests
 * reach it (upstream's replica calculator and the normalization of horizontal.go): how many
 * replicas each metric asks for, with the tolerance and upstream's treatment of missing and
 * not-yet-ready pods, then the stabilization windows, scaling policies and min/max bounds.
 * Times are milliseconds since the epoch, passed in.
 */
#ifndef CM_HPA_CALC_H
#define CM_HPA_CALC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The controller manager's --horizontal-pod-autoscaler-* settings the calculation uses. */
struct hpa_opts {
	double tolerance;	  /* --horizontal-pod-autoscaler-tolerance */
	long cpu_init_ms;	  /* --horizontal-pod-autoscaler-cpu-initialization-period */
	long ready_delay_ms;	  /* --horizontal-pod-autoscaler-initial-readiness-delay */
	long downscale_window_ms; /* --horizontal-pod-autoscaler-downscale-stabilization */
};

/* One pod's metric as a metrics API reports it: milli-units, sampled at ts over window. */
struct hpa_sample {
	char *pod;
	int64_t value;
	int64_t ts_ms, window_ms;
};

struct hpa_samples {
	struct hpa_sample *v;
	size_t n, cap;
};

void hpa_samples_add(struct hpa_samples *s, const char *pod, int64_t value, int64_t ts_ms,
		     int64_t window_ms);
void hpa_samples_free(struct hpa_samples *s);

/* What one metric proposes, and what it observed. */
struct hpa_proposal {
	int32_t replicas;
	int32_t utilization; /* percent of the pods' requests (Utilization targets) */
	int64_t usage;	     /* milli-units: the average per pod, or an object's value */
};

/*
 * A Utilization target of a resource ("cpu", "memory") over the selected pods (borrowed) and
 * their samples (changed: fillers for missing and unready pods are added). container "" means
 * whole pods. current is the target's spec replicas. 0, or -1 with err (upstream's message).
 */
int hpa_resource_replicas(const struct hpa_opts *o, int64_t now_ms, const json_t *const *pods,
			  size_t npods, struct hpa_samples *s, const char *resource,
			  const char *container, int32_t target_utilization, int32_t current,
			  struct hpa_proposal *p, char *err, size_t errlen);

/* An AverageValue target (milli-units) over per-pod samples: a resource's raw usage (resource
 * set, so cpu readiness rules apply) or a Pods metric (resource NULL). */
int hpa_plain_replicas(const struct hpa_opts *o, int64_t now_ms, const json_t *const *pods,
		       size_t npods, struct hpa_samples *s, const char *resource, int64_t target,
		       int32_t current, struct hpa_proposal *p, char *err, size_t errlen);

/* A Value target of one object or of the sum of external series: usage/target against the
 * ready pods (none needed when current is 0, to scale from zero). */
int hpa_value_replicas(const struct hpa_opts *o, const json_t *const *pods, size_t npods,
		       int64_t usage, int64_t target, int32_t current, struct hpa_proposal *p,
		       char *err, size_t errlen);

/* An AverageValue target of an object or external metric: usage spread over the target's
 * status replicas. */
void hpa_per_pod_replicas(const struct hpa_opts *o, int64_t usage, int64_t target,
			  int32_t status_replicas, struct hpa_proposal *p);

/* A pod's request of resource in milli-units (containers and restartable init containers, or
 * just the named container). -1 with err when one is missing. */
int64_t hpa_pod_request(const json_t *pod, const char *resource, const char *container, char *err,
			size_t errlen);

/* ---- normalization ---- */

enum hpa_select { HPA_SELECT_MAX, HPA_SELECT_MIN, HPA_SELECT_DISABLED };

struct hpa_policy {
	bool percent; /* "Percent", else "Pods" */
	int32_t value, period_s;
};

/* One direction of spec.behavior, upstream's defaults filled in. */
struct hpa_rules {
	int32_t window_s;
	enum hpa_select select;
	struct hpa_policy *pol;
	size_t npol;
};

/* spec.behavior.scaleUp (up) or scaleDown: absent fields take the defaults (up: 0 s, 4 pods or
 * 100% per 15 s; down: default_window_s, 100% per 15 s), as defaulting and the controller do. */
void hpa_rules_from_json(const json_t *rules, bool up, int32_t default_window_s,
			 struct hpa_rules *out);
void hpa_rules_free(struct hpa_rules *r);

/* What one autoscaler remembers between syncs: recent recommendations and scale events. */
struct hpa_rec {
	int32_t replicas;
	int64_t ts_ms;
};
struct hpa_event {
	int32_t change; /* replicas added (up) or removed (down) */
	int64_t ts_ms;
	bool outdated;
};
struct hpa_history {
	struct hpa_rec *recs;
	size_t nrecs;
	struct hpa_event *ev[2]; /* [0] scale up, [1] scale down */
	size_t nev[2];
};
void hpa_history_free(struct hpa_history *h);
/* The first sync remembers the current size as a recommendation. */
void hpa_history_init(struct hpa_history *h, int32_t current, int64_t now_ms);
/* Remember a rescale (only autoscalers with spec.behavior use them). */
void hpa_history_scaled(struct hpa_history *h, const struct hpa_rules *up,
			const struct hpa_rules *down, int32_t from, int32_t to, int64_t now_ms);

/* The conditions a normalization settles (static strings). */
struct hpa_verdict {
	const char *able_reason, *able_msg; /* AbleToScale True */
	bool limited;			    /* ScalingLimited True */
	const char *limit_reason, *limit_msg;
};

/* Without spec.behavior: the highest recommendation of the downscale window, then at most
 * twice the current size (at least 4) and min/max. */
int32_t hpa_normalize(struct hpa_history *h, long window_ms, int32_t current, int32_t desired,
		      int32_t min, int32_t max, int64_t now_ms, struct hpa_verdict *v);
/* With spec.behavior: both stabilization windows, then the policies' rates and min/max. */
int32_t hpa_normalize_behavior(struct hpa_history *h, const struct hpa_rules *up,
			       const struct hpa_rules *down, int32_t current, int32_t desired,
			       int32_t min, int32_t max, int64_t now_ms, struct hpa_verdict *v);

#endif
