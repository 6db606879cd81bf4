/*
 * podres: the resources a pod asks for and a node offers, as the scheduler and the kubelet's
 * admission count them (upstream's resourcehelper.PodRequests and NodeInfo's Allocatable).
 * A pod's requests are max(sum of its containers plus restartable init containers, each
 * ordinary init container plus the restartable ones started before it) plus spec.overhead.
 */
#ifndef KUBE_PODRES_H
#define KUBE_PODRES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a container without a cpu or memory request counts as when scoring (upstream's
 * DefaultMilliCPURequest and DefaultMemoryRequest), so best-effort pods still spread. */
#define PODRES_DEFAULT_MILLI_CPU 100
#define PODRES_DEFAULT_MEMORY	 (200LL * 1024 * 1024)

/* An extended (scalar) resource: "nvidia.com/gpu", "hugepages-2Mi", ... */
struct podres_ext {
	char *name;
	int64_t val;
};

struct podres {
	int64_t cpu;  /* millicores */
	int64_t mem;  /* bytes */
	int64_t eph;  /* ephemeral-storage bytes */
	int64_t pods; /* a node's allocatable pod count; 0 for a pod */
	size_t next;
	struct podres_ext *ext;
};

void podres_init(struct podres *r);
void podres_free(struct podres *r);
void podres_copy(struct podres *dst, const struct podres *src);
/* A pod's effective requests; nonzero substitutes the defaults above for a container's missing
 * cpu or memory request. Malformed quantities count as zero. */
void podres_pod(const json_t *pod, bool nonzero, struct podres *out);
/* A node's status.allocatable. */
void podres_node(const json_t *node, struct podres *out);
/* Add or subtract one resource list (a container's requests, allocatable...) to r. */
void podres_add_list(struct podres *r, const json_t *list);
void podres_add(struct podres *a, const struct podres *b);
void podres_sub(struct podres *a, const struct podres *b);
/* a = max(a, b) per resource. */
void podres_max(struct podres *a, const struct podres *b);
/* The extended resource's amount (0 when absent). */
int64_t podres_ext(const struct podres *r, const char *name);
/* True when nothing at all is requested. */
bool podres_empty(const struct podres *r);

#endif
