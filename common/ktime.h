/* ktime: Kubernetes timestamps (metav1.Time, metav1.MicroTime) and kubectl's AGE durations. */
#ifndef KUBE_KTIME_H
#define KUBE_KTIME_H

#include <time.h>

/* RFC 3339, as Go's time.Parse(time.RFC3339): "2024-01-02T03:04:05Z", optional fractional
 * seconds (up to nanoseconds kept), "Z" or a "+hh:mm"/"-hh:mm" offset. 0 or -1. */
int kt_parse(const char *s, struct timespec *ts);
/* "2024-01-02T03:04:05Z" (UTC, whole seconds): metav1.Time's form. */
void kt_format(time_t t, char buf[32]);
/* "2024-01-02T03:04:05.123456Z" (microseconds, truncated): metav1.MicroTime's form. */
void kt_format_micro(const struct timespec *ts, char buf[40]);
void kt_now(struct timespec *ts);
/* Upstream's duration.HumanDuration: "5s", "4m12s", "3h5m", "2d3h", "45d", "2y30d", "9y";
 * "0s" for up to a second in the future and "<invalid>" beyond. Returns buf. */
char *kt_human_duration(double seconds, char buf[32]);

/* A Go duration ("5m0s", "1h30m", "1.5s", "250ms", "0") in milliseconds; -1 if malformed
 * or negative. */
long kt_parse_duration_ms(const char *s);
/* Go's time.ParseDuration: 0 with *secs (negative allowed), or -1 with *err (malloc'd; err may
 * be NULL) worded as Go's: time: invalid duration "x", time: missing unit in duration "5",
 * time: unknown unit "x" in duration "5x". */
int kt_go_duration(const char *s, double *secs, char **err);

#endif
