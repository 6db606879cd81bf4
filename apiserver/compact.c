/* etcd compaction, as upstream's apiserver does it: every interval, compact to the revision
 * seen one interval earlier, so watchers always have at least one interval of history. */
#include <stdlib.h>

#include "apiserver.h"
#include "log.h"

static struct {
	struct event *timer;
	int64_t seen; /* revision at the previous tick */
	int64_t done; /* last revision compacted to */
} cp;

static void compacted(void *arg, const char *err, struct etcd_resp *r)
{
	int64_t rev = (int64_t)(intptr_t)arg;

	(void)r;
	if (err && !r)
		log_warn("compaction to %lld failed: %s", (long long)rev, err);
	else
		log_v(2, "etcd compacted to revision %lld", (long long)rev);
}

static void revision_read(void *arg, const char *err, struct etcd_resp *r)
{
	(void)arg;
	if (err || !r)
		return;
	if (cp.seen > 1 && cp.seen > cp.done) {
		cp.done = cp.seen;
		etcd_compact(g_as->etcd, cp.seen, compacted, (void *)(intptr_t)cp.seen);
	}
	cp.seen = r->revision;
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	/* Any read answers with the store's current revision. */
	etcd_range(g_as->etcd, "compact_rev_key", NULL, ETCD_COUNT_ONLY, 0, 0, revision_read, NULL);
}

void compact_start(struct apiserver *as, int interval_secs)
{
	struct timeval tv = {interval_secs, 0};

	if (interval_secs <= 0)
		return;
	cp.timer = event_new(as->base, -1, EV_PERSIST, tick, NULL);
	evtimer_add(cp.timer, &tv);
	tick(-1, 0, NULL);
}
