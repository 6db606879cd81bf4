/*
 * node-lifecycle: tells live nodes from dead ones by their heartbeats (the Ready condition's
 * lastHeartbeatTime and the node's Lease in kube-node-lease). A node silent for
 * --node-monitor-grace-period gets its kubelet conditions set Unknown; nodes carry the
 * NoSchedule taints their conditions call for and the not-ready / unreachable NoExecute taint
 * the taint-eviction controller acts on. Heartbeats are timed by this process's own clock when
 * they change, as upstream, so clock skew with the kubelet does not matter. Zone rate limits
 * (--node-eviction-rate) are not implemented: taints are applied at once.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm.h"
#include "conditions.h"
#include "controller.h"
#include "decide.h"
#include "hmap.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "recorder.h"

#define NODES	   "/api/v1/nodes"
#define LEASES	   "/apis/coordination.k8s.io/v1/leases"
#define PODS	   "/api/v1/pods"
#define LEASE_NS   "kube-node-lease"
#define T_NOTREADY "node.kubernetes.io/not-ready"
#define T_UNREACH  "node.kubernetes.io/unreachable"
#define T_UNSCHED  "node.kubernetes.io/unschedulable"

/* What was last seen of a node's heartbeats, and when (monotonic seconds). */
struct health {
	char *name, *uid, *heartbeat, *renew;
	double probe;
	bool ready; /* Ready was True when last checked */
	bool mark_pods;
};

static struct {
	struct cm *cm;
	struct kc *kc; /* writes and events: cm_client */
	struct inf *nodes, *leases, *pods;
	struct wq *q;
	struct rec *rec;
	struct hmap health;
	struct event *tick;
} nl;

/* ---- decisions ---- */

static const char *const kubelet_conditions[] = {"Ready", "MemoryPressure", "DiskPressure",
						 "PIDPressure", NULL};

bool nl_mark_unknown(json_t *node, const char *now)
{
	bool changed = false;

	for (int i = 0; kubelet_conditions[i]; i++) {
		const json_t *c = cond_get(node, kubelet_conditions[i]);
		json_t *nc;

		if (c && !strcmp(jx_str(c, "status") ?: "", "Unknown"))
			continue;
		if (c) {
			cond_set(node, kubelet_conditions[i], "Unknown", "NodeStatusUnknown",
				 "Kubelet stopped posting node status.", NULL);
		} else {
			cond_set(node, kubelet_conditions[i], "Unknown", "NodeStatusNeverUpdated",
				 "Kubelet never posted node status.", NULL);
			nc = (json_t *)cond_get(node, kubelet_conditions[i]);
			json_object_set_new(
			    nc, "lastHeartbeatTime",
			    json_string(jx_str(node, "metadata.creationTimestamp") ?: now));
		}
		changed = true;
	}
	return changed;
}

/* Condition -> NoSchedule taint, as upstream's TaintNodesByCondition. */
static const struct {
	const char *type, *status, *taint;
} cond_taints[] = {
    {"Ready", "False", T_NOTREADY},
    {"Ready", "Unknown", T_UNREACH},
    {"MemoryPressure", "True", "node.kubernetes.io/memory-pressure"},
    {"DiskPressure", "True", "node.kubernetes.io/disk-pressure"},
    {"NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"},
    {"PIDPressure", "True", "node.kubernetes.io/pid-pressure"},
};

static bool managed(const json_t *t)
{
	const char *key = jx_str(t, "key") ?: "", *effect = jx_str(t, "effect") ?: "";

	if (!strcmp(effect, "NoExecute"))
		return !strcmp(key, T_NOTREADY) || !strcmp(key, T_UNREACH);
	if (strcmp(effect, "NoSchedule"))
		return false;
	if (!strcmp(key, T_UNSCHED))
		return true;
	for (size_t i = 0; i < sizeof(cond_taints) / sizeof(cond_taints[0]); i++)
		if (!strcmp(key, cond_taints[i].taint))
			return true;
	return false;
}

static const json_t *find_taint(const json_t *taints, const char *key, const char *effect)
{
	size_t i;
	json_t *t;

	json_array_foreach(taints, i, t)
	{
		if (!strcmp(jx_str(t, "key") ?: "", key) &&
		    !strcmp(jx_str(t, "effect") ?: "", effect))
			return t;
	}
	return NULL;
}

static void want(json_t *out, const json_t *old, const char *key, const char *effect,
		 const char *now)
{
	const json_t *prev = find_taint(old, key, effect);
	json_t *t;

	if (find_taint(out, key, effect))
		return;
	t = json_pack("{s:s, s:s}", "key", key, "effect", effect);
	if (!strcmp(effect, "NoExecute"))
		json_object_set_new(t, "timeAdded", json_string(jx_str(prev, "timeAdded") ?: now));
	json_array_append_new(out, t);
}

json_t *nl_desired_taints(const json_t *node, const char *now)
{
	const json_t *old = jx_get(node, "spec.taints");
	const char *ready = jx_str(cond_get(node, "Ready"), "status");
	json_t *out = json_array(), *t;
	size_t i;

	json_array_foreach(old, i, t) if (json_is_object(t) && !managed(t))
	    json_array_append(out, t);
	for (size_t c = 0; c < sizeof(cond_taints) / sizeof(cond_taints[0]); c++) {
		const char *st = jx_str(cond_get(node, cond_taints[c].type), "status");
		if (st && !strcmp(st, cond_taints[c].status))
			want(out, old, cond_taints[c].taint, "NoSchedule", now);
	}
	if (jx_bool(node, "spec.unschedulable", false))
		want(out, old, T_UNSCHED, "NoSchedule", now);
	if (ready && !strcmp(ready, "False"))
		want(out, old, T_NOTREADY, "NoExecute", now);
	else if (ready && !strcmp(ready, "Unknown"))
		want(out, old, T_UNREACH, "NoExecute", now);
	return out;
}

bool nl_taints_equal(const json_t *a, const json_t *b)
{
	size_t i;
	json_t *t;

	if (json_array_size(a) != json_array_size(b))
		return false;
	json_array_foreach(a, i, t)
	{
		const json_t *o = find_taint(b, jx_str(t, "key") ?: "", jx_str(t, "effect") ?: "");
		if (!o || !jx_equal(json_object_get(t, "value"), json_object_get(o, "value")))
			return false;
	}
	return true;
}

/* ---- health records ---- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool str_changed(char **saved, const char *now)
{
	if ((!*saved && !now) || (*saved && now && !strcmp(*saved, now)))
		return false;
	free(*saved);
	*saved = now ? xstrdup(now) : NULL;
	return true;
}

/* Upstream files node events under the node's name as uid (kubectl looks for both). */
static void node_event(const char *name, const char *uid, const char *reason, const char *msg)
{
	json_t *ref = json_pack("{s:s, s:s, s:s}", "kind", "Node", "name", name, "uid", uid);

	rec_event(nl.rec, ref, "Normal", reason, "%s", msg);
	json_decref(ref);
}

static void health_free(struct health *h)
{
	free(h->name);
	free(h->uid);
	free(h->heartbeat);
	free(h->renew);
	free(h);
}

static struct health *health_get(const json_t *node, const char *name)
{
	struct health *h = hmap_get(&nl.health, name);
	char *msg;

	if (h)
		return h;
	h = xcalloc(1, sizeof(*h));
	h->name = xstrdup(name);
	h->uid = xstrdup(jx_str(node, "metadata.uid") ?: name);
	h->probe = mono();
	h->ready = cond_true(node, "Ready");
	hmap_put(&nl.health, h->name, h);
	msg = xasprintf("Node %s event: Registered Node %s in Controller", name, name);
	node_event(name, h->uid, "RegisteredNode", msg);
	free(msg);
	return h;
}

static void health_forget(const char *name)
{
	struct health *h = hmap_del(&nl.health, name);
	char *msg;

	if (!h)
		return;
	msg = xasprintf("Node %s event: Removing Node %s from Controller", name, name);
	node_event(name, h->uid, "RemovingNode", msg);
	free(msg);
	health_free(h);
}

/* A changed heartbeat or a renewed lease restarts the node's grace period. */
static void observe(struct health *h, const json_t *node)
{
	const json_t *lease = inf_get_ns(nl.leases, LEASE_NS, h->name);
	bool seen =
	    str_changed(&h->heartbeat, jx_str(cond_get(node, "Ready"), "lastHeartbeatTime"));

	seen |= str_changed(&h->renew, jx_str(lease, "spec.renewTime"));
	if (seen)
		h->probe = mono();
}

/* ---- writes ---- */

static void write_patch(struct ctrl_op *op, const char *path, const json_t *node, json_t *patch)
{
	json_object_set_new(
	    patch, "metadata",
	    json_pack("{s:s?}", "resourceVersion", jx_str(node, "metadata.resourceVersion")));
	ctrl_op_patch(op, nl.kc, path, KC_PATCH_MERGE, patch);
	json_decref(patch);
}

/* Ready False on every pod bound to the node (upstream's MarkPodsNotReady). */
static void mark_pods_not_ready(struct ctrl_op *op, const char *name)
{
	const json_t **pods;
	size_t n = inf_by_index(nl.pods, INF_INDEX_NODE_NAME, name, &pods);

	for (size_t i = 0; i < n; i++) {
		json_t *copy, *patch;
		char *path;

		if (!cond_true(pods[i], "Ready"))
			continue;
		copy = json_deep_copy(pods[i]);
		cond_set(copy, "Ready", "False", NULL, NULL, NULL);
		patch = json_pack("{s:{s:O}}", "status", "conditions",
				  jx_get(copy, "status.conditions"));
		path = xasprintf("/api/v1/namespaces/%s/pods/%s/status",
				 jx_str(pods[i], "metadata.namespace") ?: "",
				 jx_str(pods[i], "metadata.name") ?: "");
		write_patch(op, path, pods[i], patch);
		free(path);
		json_decref(copy);
	}
	free(pods);
}

/* Conditions Unknown once the grace period is over. True when a status write went out. */
static bool check_heartbeat(struct ctrl_op *op, struct health *h, const json_t *node,
			    const char *now)
{
	long grace = cond_get(node, "Ready") ? nl.cm->o->node_monitor_grace_ms
					     : nl.cm->o->node_startup_grace_ms;
	double left = h->probe + (double)grace / 1000 - mono();
	json_t *copy;
	char *path;

	if (left > 0) {
		ctrl_op_requeue_after(op, (long)(left * 1000) + 10);
		return false;
	}
	copy = json_deep_copy(node);
	if (!nl_mark_unknown(copy, now)) {
		json_decref(copy);
		return false;
	}
	log_info("node %s: no heartbeat for %ld ms, its conditions are now Unknown", h->name,
		 grace);
	path = xasprintf(NODES "/%s/status", h->name);
	write_patch(
	    op, path, node,
	    json_pack("{s:{s:O}}", "status", "conditions", jx_get(copy, "status.conditions")));
	free(path);
	json_decref(copy);
	return true;
}

static void sync_taints(struct ctrl_op *op, const json_t *node, const char *now)
{
	json_t *want = nl_desired_taints(node, now);
	const json_t *have = jx_get(node, "spec.taints");
	char *path;

	if (!nl_taints_equal(want, json_is_array(have) ? have : NULL)) {
		path = xasprintf(NODES "/%s", jx_str(node, "metadata.name"));
		write_patch(op, path, node, json_pack("{s:{s:O}}", "spec", "taints", want));
		free(path);
	}
	json_decref(want);
}

static int sync(void *arg, const char *name)
{
	struct ctrl_op *op = ctrl_op_new(nl.q, name);
	const json_t *node = inf_get(nl.nodes, name);
	struct health *h;
	bool ready;
	char now[32];

	(void)arg;
	if (!node) {
		health_forget(name);
		goto out;
	}
	kt_format(time(NULL), now);
	h = health_get(node, name);
	observe(h, node);
	if (check_heartbeat(op, h, node, now))
		goto out; /* taints follow when the new status comes back */
	ready = cond_true(node, "Ready");
	if (h->ready && !ready) {
		char *msg = xasprintf("Node %s status is now: NodeNotReady", name);
		node_event(name, name, "NodeNotReady", msg);
		free(msg);
		h->mark_pods = true;
	}
	h->ready = ready;
	sync_taints(op, node, now);
	if (h->mark_pods && !ready) {
		mark_pods_not_ready(op, name);
		h->mark_pods = false;
	}
out:
	return ctrl_op_finish(op);
}

/* ---- wiring ---- */

static void lease_changed(void *arg, const json_t *lease)
{
	(void)arg;
	if (nl.q && !strcmp(jx_str(lease, "metadata.namespace") ?: "", LEASE_NS) &&
	    jx_str(lease, "metadata.name"))
		wq_add(nl.q, jx_str(lease, "metadata.name"));
}

static void lease_updated(void *arg, const json_t *old, const json_t *lease)
{
	(void)old;
	lease_changed(arg, lease);
}

static void node_changed(void *arg, const json_t *node)
{
	(void)arg;
	if (nl.q)
		ctrl_enqueue(nl.q, node);
}

static void node_updated(void *arg, const json_t *old, const json_t *node)
{
	(void)old;
	node_changed(arg, node);
}

/* Every node_monitor_period, every node is checked (heartbeats that stopped bring no
 * event). */
static void tick(evutil_socket_t fd, short what, void *arg)
{
	const json_t **nodes;
	size_t n = inf_list(nl.nodes, &nodes);

	(void)fd;
	(void)what;
	(void)arg;
	for (size_t i = 0; i < n; i++)
		ctrl_enqueue(nl.q, nodes[i]);
	free(nodes);
}

static int init(struct cm *cm, char *err, size_t errlen)
{
	struct inf_handler nh = {node_changed, node_updated, node_changed, NULL};
	struct inf_handler lh = {lease_changed, lease_updated, NULL, NULL};

	(void)err;
	(void)errlen;
	nl.cm = cm;
	nl.kc = cm_client(cm, "node-controller");
	hmap_init(&nl.health);
	nl.nodes = inf_factory_get(cm->inf, NODES, NULL, NULL);
	nl.leases = inf_factory_get(cm->inf, LEASES, NULL, NULL);
	nl.pods = inf_factory_get(cm->inf, PODS, NULL, NULL);
	inf_add_index(nl.pods, INF_INDEX_NODE_NAME, inf_index_node_name);
	inf_add_handler(nl.nodes, &nh);
	inf_add_handler(nl.leases, &lh);
	nl.rec = cm_recorder(nl.kc, "node-controller");
	return 0;
}

static void run(struct cm *cm)
{
	long period = cm->o->node_monitor_period_ms > 0 ? cm->o->node_monitor_period_ms : 5000;
	struct timeval tv = {period / 1000, (period % 1000) * 1000};

	nl.q = wq_new(cm->base, "node-lifecycle", 1, sync, NULL);
	nl.tick = event_new(cm->base, -1, EV_PERSIST, tick, NULL);
	event_add(nl.tick, &tv);
	tick(-1, 0, NULL);
}

const struct cm_controller cm_nodelifecycle_controller = {
    .name = "node-lifecycle",
    .init = init,
    .run = run,
};
