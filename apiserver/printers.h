/* printers: helpers shared by the server-side Table printers (printers.c, printers_workloads.c).
 * A printer appends one JSON cell per column, in upstream's order and with upstream's text;
 * the server always prints the wide form, kubectl hides priority-1 columns itself. */
#ifndef KUBE_PRINTERS_H
#define KUBE_PRINTERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "kind.h"

/* Column definitions: the first column of every table is the object's name. */
#define PR_COL(n, t, p, d)                                                                         \
	{                                                                                          \
		(n), (t), "", (p), (d)                                                             \
	}
#define PR_NAME_COL                                                                                \
	{                                                                                          \
		"Name", "string", "name", 0,                                                       \
		    "The object's name, unique among objects of its kind in its namespace."        \
	}
#define PR_AGE_COL PR_COL("Age", "string", 0, "Time elapsed since the object was created.")
#define PR_CONTAINERS_COL                                                                          \
	PR_COL("Containers", "string", 1, "Names of the containers in the pod template.")
#define PR_IMAGES_COL                                                                              \
	PR_COL("Images", "string", 1, "Images used by the containers in the pod template.")

/* A growing string. pr_item writes sep before every item but the first. */
struct pr_buf {
	char *s;
	size_t len, cap;
	int n;
};
void pr_add(struct pr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pr_item(struct pr_buf *b, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The text built so far ("" if none), handed to the caller; the buffer is left empty. */
char *pr_take(struct pr_buf *b);

/* Cell appenders. NULL strings print as "". */
void pr_str(json_t *cells, const char *s);
/* s, or fallback when s is NULL or empty. */
void pr_or(json_t *cells, const char *s, const char *fallback);
void pr_int(json_t *cells, json_int_t n);
void pr_bool(json_t *cells, bool b);
/* Appends s and frees it. */
void pr_own(json_t *cells, char *s);

/* The RFC 3339 time at path; false when unset, unparsable or Go's zero time. */
bool pr_time(const json_t *obj, const char *path, struct timespec *ts);
/* Human age of the time at path, as kubectl shows it; "<unknown>" when unset. */
const char *pr_since(const json_t *obj, const char *path, time_t now, char buf[32]);
/* The AGE cell, from metadata.creationTimestamp. */
void pr_age(json_t *cells, const json_t *obj, time_t now);

/* A label map as "k1=v1,k2=v2" sorted by key; "<none>" when empty. */
char *pr_labels(const json_t *map);
/* A LabelSelector in selector syntax ("app=x,tier in (a,b)"), via common/selector; "" when
 * empty or absent, NULL when upstream could not convert it (bad operator, key or values). */
char *pr_selector(const json_t *sel);
/* As pr_selector, but "<none>" when empty and "<error>" when invalid. */
char *pr_selector_fmt(const json_t *sel);
/* Two cells: container names and images, each comma-separated. */
void pr_containers(json_t *cells, const json_t *containers);
/* Access modes as "RWO,ROX,RWX,RWOP" in that fixed order. */
char *pr_access_modes(const json_t *modes);
/* A quantity in upstream's canonical form ("1Gi" for "1024Mi"); as stored when it does not
 * parse, unset when v is absent. */
char *pr_qty(const json_t *v, const char *unset);
/* An optional boolean: "True", "False" or "<unset>". */
const char *pr_bool_ptr(const json_t *v);
/* IntOrString as text; NULL when absent. buf holds 32 bytes. */
const char *pr_int_or_str(const json_t *v, char buf[32]);

/* Load-balancer ingress points (IP, else hostname), sorted, unique, joined by commas. */
char *pr_lb_status(const json_t *ingress);
/* True when metadata.deletionTimestamp is set. */
bool pr_deleting(const json_t *obj);

/* Sort v (n entries) and drop duplicates; returns the new count. */
size_t pr_sort_unique(const char **v, size_t n);

#endif
