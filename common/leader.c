#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "jsonx.h"
#include "ktime.h"
#include "leader.h"
#include "log.h"

enum le_state { LE_IDLE, LE_ACQUIRING, LE_LEADING, LE_RELEASING, LE_STOPPED };

struct le {
	struct kc *kc;
	char *ns, *name, *id, *path, *coll;
	long lease_ms, renew_ms, retry_ms;
	struct le_callbacks cb;
	enum le_state state;
	struct event *tick;
	struct kc_req *req;
	double attempt_start, last_renew;
	/* What we saw last, and when (our clock: other nodes' clocks are not trusted). */
	char *observed; /* holder|renewTime|transitions */
	char *holder;
	double observed_at;
	json_t *lease; /* the lease as last read or written */
	void (*stop_done)(void *arg);
	void *stop_arg;
};

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A random (version 4) UUID, as upstream's uuid.NewUUID string. */
static void make_uuid(char out[37])
{
	unsigned char b[16];
	FILE *f = fopen("/dev/urandom", "rb");

	if (!f || fread(b, 1, sizeof(b), f) != sizeof(b)) {
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (unsigned char)rand();
	}
	if (f)
		fclose(f);
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg);

struct le *le_new(struct kc *kc, const struct le_config *cfg, const struct le_callbacks *cb)
{
	struct le *le = xcalloc(1, sizeof(*le));
	char host[256] = "localhost", uuid[37];

	le->kc = kc;
	le->ns = xstrdup(cfg->namespace ? cfg->namespace : "kube-system");
	le->name = xstrdup(cfg->name);
	if (cfg->identity) {
		le->id = xstrdup(cfg->identity);
	} else {
		gethostname(host, sizeof(host) - 1);
		make_uuid(uuid);
		le->id = xasprintf("%s_%s", host, uuid);
	}
	le->coll = xasprintf("/apis/coordination.k8s.io/v1/namespaces/%s/leases", le->ns);
	le->path = xasprintf("%s/%s", le->coll, le->name);
	le->lease_ms = cfg->lease_duration_ms ? cfg->lease_duration_ms : 15000;
	le->renew_ms = cfg->renew_deadline_ms ? cfg->renew_deadline_ms : 10000;
	le->retry_ms = cfg->retry_period_ms ? cfg->retry_period_ms : 2000;
	le->cb = *cb;
	le->tick = evtimer_new(kc_base(kc), tick_cb, le);
	return le;
}

void le_free(struct le *le)
{
	if (!le)
		return;
	kc_cancel(le->req);
	event_free(le->tick);
	json_decref(le->lease);
	free(le->ns);
	free(le->name);
	free(le->id);
	free(le->path);
	free(le->coll);
	free(le->observed);
	free(le->holder);
	free(le);
}

bool le_is_leader(const struct le *le)
{
	return le->state == LE_LEADING;
}

const char *le_identity(const struct le *le)
{
	return le->id;
}

const char *le_leader(const struct le *le)
{
	return le->holder;
}

/* Next attempt: trying to acquire waits a jittered period (up to 1.2 more, as upstream). */
static void schedule(struct le *le)
{
	long ms = le->retry_ms;
	struct timeval tv;

	if (le->state == LE_ACQUIRING)
		ms += (long)((double)ms * 1.2 * ((double)rand() / RAND_MAX));
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(le->tick, &tv);
}

static void lose(struct le *le, const char *why)
{
	log_error("leader election: lost lease %s/%s: %s", le->ns, le->name, why);
	le->state = LE_STOPPED;
	evtimer_del(le->tick);
	kc_cancel(le->req);
	le->req = NULL;
	if (le->cb.stopped_leading)
		le->cb.stopped_leading(le->cb.arg);
}

/* Remember the record seen; a change restarts the clock its holder has. */
static void observe(struct le *le, const json_t *lease)
{
	const char *holder = jx_str(lease, "spec.holderIdentity");
	const char *renew = jx_str(lease, "spec.renewTime");
	char *rec = xasprintf("%s|%s|%lld", holder ? holder : "", renew ? renew : "",
			      (long long)jx_int(lease, "spec.leaseTransitions", 0));

	if (le->observed && !strcmp(le->observed, rec)) {
		free(rec);
		return;
	}
	free(le->observed);
	le->observed = rec;
	le->observed_at = mono_now();
	if (!le->holder || strcmp(le->holder, holder ? holder : "")) {
		free(le->holder);
		le->holder = xstrdup(holder ? holder : "");
		if (*le->holder && le->cb.new_leader)
			le->cb.new_leader(le->cb.arg, le->holder);
	}
}

/* The lease spec we write: held by us now, or released (holder ""). */
static json_t *record(struct le *le, const json_t *old, bool release)
{
	struct timespec now;
	char ts[40];
	json_t *spec = json_object();
	bool ours = !release && le->holder && !strcmp(le->holder, le->id);
	json_int_t trans = jx_int(old, "spec.leaseTransitions", 0);
	const char *acq = jx_str(old, "spec.acquireTime");

	kt_now(&now);
	kt_format_micro(&now, ts);
	json_object_set_new(spec, "holderIdentity", json_string(release ? "" : le->id));
	json_object_set_new(spec, "leaseDurationSeconds",
			    json_integer(release ? 1 : (le->lease_ms + 999) / 1000));
	json_object_set_new(spec, "acquireTime", json_string(ours && acq ? acq : ts));
	json_object_set_new(spec, "renewTime", json_string(ts));
	/* Taking over from anyone (even a released lease) counts a transition; a new lease
	 * starts at 0. */
	if (old && !release && !ours)
		trans++;
	json_object_set_new(spec, "leaseTransitions", json_integer(trans));
	return spec;
}

static void written(void *arg, int code, json_t *body, const char *err)
{
	struct le *le = arg;

	le->req = NULL;
	if (code != 200 && code != 201) {
		log_v(2, "leader election: writing lease %s/%s failed (%d): %s", le->ns, le->name,
		      code, err ? err : "");
		return;
	}
	json_decref(le->lease);
	le->lease = json_incref(body);
	observe(le, body);
	le->last_renew = mono_now();
	if (le->state == LE_ACQUIRING) {
		log_info("leader election: acquired lease %s/%s as %s", le->ns, le->name, le->id);
		le->state = LE_LEADING;
		if (le->cb.started_leading)
			le->cb.started_leading(le->cb.arg);
	}
}

static void write_lease(struct le *le, const json_t *old, bool release, kc_done_fn done)
{
	json_t *obj;

	if (old) {
		obj = json_deep_copy(old);
		json_object_set_new(obj, "spec", record(le, old, release));
		le->req = kc_update(le->kc, le->path, obj, done, le);
	} else {
		obj = json_pack("{s:s, s:s, s:{s:s, s:s}, s:o}", "apiVersion",
				"coordination.k8s.io/v1", "kind", "Lease", "metadata", "name",
				le->name, "namespace", le->ns, "spec", record(le, NULL, false));
		le->req = kc_create(le->kc, le->coll, obj, done, le);
	}
	json_decref(obj);
}

static void got(void *arg, int code, json_t *body, const char *err)
{
	struct le *le = arg;
	const char *holder;
	double valid;

	le->req = NULL;
	if (code == 404) {
		write_lease(le, NULL, false, written);
		return;
	}
	if (code != 200) {
		log_v(2, "leader election: reading lease %s/%s failed (%d): %s", le->ns, le->name,
		      code, err ? err : "");
		return;
	}
	observe(le, body);
	holder = jx_str(body, "spec.holderIdentity");
	valid = (double)jx_int(body, "spec.leaseDurationSeconds", 0);
	if (holder && *holder && strcmp(holder, le->id) && le->observed_at + valid > mono_now())
		return; /* held by someone who is still renewing */
	write_lease(le, body, false, written);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct le *le = arg;
	double now = mono_now();

	(void)fd;
	(void)what;
	if (le->state == LE_LEADING && (now - le->last_renew) * 1000 > (double)le->renew_ms) {
		lose(le, "failed to renew within the renew deadline");
		return;
	}
	/* A stuck attempt should not block the next, but a slow one must not be cut off at
	 * every retry either, or a loaded server never lets it through: client-go bounds an
	 * attempt by the renew deadline, not the retry period. */
	if (le->req && (now - le->attempt_start) * 1000 > (double)le->renew_ms) {
		kc_cancel(le->req);
		le->req = NULL;
	}
	if (!le->req) {
		le->attempt_start = now;
		le->req = kc_get(le->kc, le->path, got, le);
	}
	schedule(le);
}

void le_start(struct le *le)
{
	struct timeval now = {0, 0};

	if (le->state != LE_IDLE && le->state != LE_STOPPED)
		return;
	le->state = LE_ACQUIRING;
	evtimer_add(le->tick, &now);
}

static void released(void *arg, int code, json_t *body, const char *err)
{
	struct le *le = arg;

	(void)body;
	le->req = NULL;
	if (code != 200)
		log_warn("leader election: releasing lease %s/%s failed (%d): %s", le->ns, le->name,
			 code, err ? err : "");
	le->state = LE_STOPPED;
	if (le->cb.stopped_leading)
		le->cb.stopped_leading(le->cb.arg);
	if (le->stop_done)
		le->stop_done(le->stop_arg);
}

void le_stop(struct le *le, void (*done)(void *arg), void *arg)
{
	bool leading = le->state == LE_LEADING && le->lease;

	evtimer_del(le->tick);
	kc_cancel(le->req);
	le->req = NULL;
	if (!leading) {
		le->state = LE_STOPPED;
		if (done)
			done(arg);
		return;
	}
	le->state = LE_RELEASING;
	le->stop_done = done;
	le->stop_arg = arg;
	write_lease(le, le->lease, true, released);
}
