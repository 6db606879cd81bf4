/* etcd: an etcd v3 client over etcd's JSON gateway, asynchronous on the libevent loop. */
#ifndef KUBE_ETCD_H
#define KUBE_ETCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "httpc.h"

struct etcd;
struct etcd_watch;

struct etcd_kv {
	char *key;
	char *value; /* NUL-terminated for convenience; value_len is the real length */
	size_t value_len;
	int64_t create_rev, mod_rev, version, lease;
};

struct etcd_resp {
	int64_t revision;    /* the store's revision when answered */
	bool succeeded;	     /* txn: the compare held */
	struct etcd_kv *kvs; /* range results, or a failed txn's current value */
	size_t nkvs;
	bool more;
	int64_t count;
	int64_t deleted;
	int64_t lease_id;
	int64_t compact_rev; /* the revision asked for has been compacted away */
};

/* err is NULL on success; the response is only valid during the call. */
typedef void (*etcd_cb)(void *arg, const char *err, struct etcd_resp *r);

struct etcd_event {
	bool deleted;
	struct etcd_kv kv;
	struct etcd_kv prev; /* prev.key is NULL when etcd sent no previous value */
};

/* Events of one watch response. On a broken stream err is set (resume from rev + 1); when the
 * start revision was compacted, compact_rev says the oldest revision still available. */
typedef void (*etcd_watch_fn)(void *arg, const struct etcd_event *evs, size_t n, int64_t rev,
			      const char *err, int64_t compact_rev);

enum { ETCD_PREFIX = 1, ETCD_KEYS_ONLY = 2, ETCD_COUNT_ONLY = 4 };

/* endpoints: comma-separated URLs ("http://127.0.0.1:2379"). */
struct etcd *etcd_new(struct event_base *base, const char *endpoints, const struct httpc_tls *tls);
void etcd_free(struct etcd *e);

/* Read one key, or with ETCD_PREFIX every key starting with key at or after from (NULL: key). */
void etcd_range(struct etcd *e, const char *key, const char *from, int flags, int64_t rev,
		int64_t limit, etcd_cb cb, void *arg);
void etcd_put(struct etcd *e, const char *key, const char *val, size_t len, int64_t lease,
	      etcd_cb cb, void *arg);
/* Put only if the key's mod_revision is expect (0: the key must not exist). When the compare
 * fails, r->succeeded is false and r->kvs holds the current value (none if absent). */
void etcd_cas_put(struct etcd *e, const char *key, int64_t expect, const char *val, size_t len,
		  int64_t lease, etcd_cb cb, void *arg);
/* Delete only if mod_revision is expect (0: unconditionally); failure as etcd_cas_put. */
void etcd_cas_delete(struct etcd *e, const char *key, int64_t expect, etcd_cb cb, void *arg);
void etcd_lease_grant(struct etcd *e, int64_t ttl, etcd_cb cb, void *arg);
void etcd_compact(struct etcd *e, int64_t rev, etcd_cb cb, void *arg);

struct etcd_watch *etcd_watch(struct etcd *e, const char *prefix, int64_t start_rev, bool prev_kv,
			      etcd_watch_fn fn, void *arg);
void etcd_watch_cancel(struct etcd_watch *w);

/* The exclusive end of a prefix range (malloc'd). */
char *etcd_prefix_end(const char *prefix);

#endif
