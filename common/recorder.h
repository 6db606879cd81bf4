/*
 * recorder: core/v1 Events about objects, as upstream's record.EventRecorder writes them. The
 * same (object, type, reason, message) again within 10 minutes bumps the Event's count and
 * lastTimestamp with a PATCH instead of creating another. Writing is asynchronous and best
 * effort: failures are logged, never returned.
 */
#ifndef KUBE_RECORDER_H
#define KUBE_RECORDER_H

#include <jansson.h>

struct kc;
struct rec;

/* component is the source.component ("kube-scheduler", "deployment-controller"); host may be
 * NULL (source.host, e.g. the kubelet's node name). */
struct rec *rec_new(struct kc *kc, const char *component, const char *host);
/* Events still being written are abandoned. */
void rec_free(struct rec *r);

/*
 * Record an event. obj is the involved object: a whole object (kind, apiVersion, metadata) or
 * already an ObjectReference ({kind, namespace, name, uid, apiVersion, ...}); it is borrowed.
 * type is "Normal" or "Warning".
 */
void rec_event(struct rec *r, const json_t *obj, const char *type, const char *reason,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Events written or being written since rec_new (creates and patches), for tests. */
unsigned long rec_sent(const struct rec *r);

#endif
