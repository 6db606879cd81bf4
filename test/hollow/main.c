/*
 * hollow-node: stands in for the kubelets of one or more nodes in tests and benchmarks, as
 * upstream's kubemark does. It registers the Node objects, renews their Leases in
 * kube-node-lease, reports them Ready, marks every pod bound to them Running and Ready (no
 * container is run), and finishes the deletion of pods being deleted. Killing it is a node
 * failure: its heartbeats stop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "conditions.h"
#include "controller.h"
#include "daemon.h"
#include "hmap.h"
#include "informer.h"
#include "jsonx.h"
#include "ktime.h"
#include "log.h"
#include "pod.h"
#include "workqueue.h"

#define LEASE_SECS 40

struct hol_node {
	char *name;
	int index;
	unsigned next_ip;
	bool registered;
};

static struct {
	char *name, *cpu, *memory, *pods, *zone, *labels;
	int nodes, workers;
	bool run_pods;
	long lease_ms, status_ms;
} opt = {
    .cpu = "4",
    .memory = "16Gi",
    .pods = "110",
    .nodes = 1,
    .workers = 50,
    .lease_ms = 10000,
    .status_ms = 60000,
    .run_pods = true,
};

static const struct flag flags[] = {
    {"node-name", FLAG_STRING, &opt.name,
     "the node's name; with --nodes K, the prefix of NAME-0 .. NAME-(K-1)"},
    {"nodes", FLAG_INT, &opt.nodes, "how many nodes to stand in for"},
    {"cpu", FLAG_STRING, &opt.cpu, "each node's cpu capacity"},
    {"memory", FLAG_STRING, &opt.memory, "each node's memory capacity"},
    {"max-pods", FLAG_STRING, &opt.pods, "each node's pod capacity"},
    {"zone", FLAG_STRING, &opt.zone, "topology.kubernetes.io/zone label of the nodes"},
    {"node-labels", FLAG_STRING, &opt.labels, "extra labels: k=v,k2=v2"},
    {"node-lease-renew-interval", FLAG_DURATION, &opt.lease_ms, "how often Leases are renewed"},
    {"node-status-report-frequency", FLAG_DURATION, &opt.status_ms,
     "how often node status is posted when nothing changed"},
    {"workers", FLAG_INT, &opt.workers, "pod status writes in flight"},
    {"run-pods", FLAG_BOOL, &opt.run_pods,
     "report bound pods Running (false: nodes only, as the scheduler benchmark wants)"},
    {0},
};

static struct kc *kc;
static struct hmap nodes; /* name -> struct hol_node */
static struct hol_node *node_list;
static struct inf *pods_inf, *nodes_inf;
static struct wq *pod_q, *node_q;
static struct event *lease_ev, *status_ev;

static json_t *node_labels(const struct hol_node *n)
{
	json_t *l = json_pack("{s:s, s:s, s:s}", "kubernetes.io/hostname", n->name,
			      "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64");
	char *copy, *save = NULL;

	if (opt.zone)
		json_object_set_new(l, "topology.kubernetes.io/zone", json_string(opt.zone));
	if (!opt.labels)
		return l;
	copy = xstrdup(opt.labels);
	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');

		if (eq) {
			*eq = 0;
			json_object_set_new(l, kv, json_string(eq + 1));
		}
	}
	free(copy);
	return l;
}

static json_t *node_conditions(void)
{
	char now[32];

	kt_format(time(NULL), now);
	return json_pack(
	    "[{s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s},"
	    " {s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s}]",
	    "type", "MemoryPressure", "status", "False", "reason", "KubeletHasSufficientMemory",
	    "message", "kubelet has sufficient memory available", "lastHeartbeatTime", now,
	    "lastTransitionTime", now, "type", "DiskPressure", "status", "False", "reason",
	    "KubeletHasNoDiskPressure", "message", "kubelet has no disk pressure",
	    "lastHeartbeatTime", now, "lastTransitionTime", now, "type", "PIDPressure", "status",
	    "False", "reason", "KubeletHasSufficientPID", "message",
	    "kubelet has sufficient PID available", "lastHeartbeatTime", now, "lastTransitionTime",
	    now, "type", "Ready", "status", "True", "reason", "KubeletReady", "message",
	    "kubelet is posting ready status", "lastHeartbeatTime", now, "lastTransitionTime", now);
}

static json_t *node_status(const struct hol_node *n)
{
	json_t *res = json_pack("{s:s, s:s, s:s, s:s}", "cpu", opt.cpu, "memory", opt.memory,
				"pods", opt.pods, "ephemeral-storage", "100Gi");
	char ip[32];

	snprintf(ip, sizeof(ip), "10.%d.%d.%d", 96 + (n->index + 1) / 65536,
		 ((n->index + 1) / 256) % 256, (n->index + 1) % 256);
	return json_pack(
	    "{s:O, s:o, s:o, s:[{s:s, s:s}, {s:s, s:s}], s:{s:{s:i}},"
	    " s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}}",
	    "capacity", res, "allocatable", res, "conditions", node_conditions(), "addresses",
	    "type", "InternalIP", "address", ip, "type", "Hostname", "address", n->name,
	    "daemonEndpoints", "kubeletEndpoint", "Port", 10250, "nodeInfo", "machineID", n->name,
	    "systemUUID", n->name, "bootID", n->name, "kernelVersion", "6.1.0-hollow", "osImage",
	    "hollow", "containerRuntimeVersion", "hollow://1.0", "kubeletVersion", "v1.33.0",
	    "kubeProxyVersion", "v1.33.0", "operatingSystem", "linux", "architecture", "amd64");
}

static const char *node_path(const char *name, const char *sub)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "/api/v1/nodes/%s%s", name, sub);
	return buf;
}

/* A node's status is (re)posted whole: Ready, heartbeats, capacity. */
static void post_status(struct ctrl_op *op, const struct hol_node *n)
{
	json_t *patch = json_pack("{s:o}", "status", node_status(n));

	ctrl_op_patch(op, kc, node_path(n->name, "/status"), KC_PATCH_STRATEGIC, patch);
	json_decref(patch);
}

static json_t *lease(const struct hol_node *n)
{
	struct timespec ts;
	char now[40];

	kt_now(&ts);
	kt_format_micro(&ts, now);
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:i, s:s}}", "apiVersion",
			 "coordination.k8s.io/v1", "kind", "Lease", "metadata", "name", n->name,
			 "namespace", "kube-node-lease", "spec", "holderIdentity", n->name,
			 "leaseDurationSeconds", LEASE_SECS, "renewTime", now);
}

/* Renew with a server-side apply: creates the Lease the first time, updates it after. */
static void renew(struct ctrl_op *op, const struct hol_node *n)
{
	json_t *l = lease(n);
	char *path = xasprintf("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/"
			       "%s?fieldManager=hollow-node&force=true",
			       n->name);

	ctrl_op_patch(op, kc, path, KC_PATCH_APPLY, l);
	free(path);
	json_decref(l);
}

/* Node keys: register once, then post status or renew the lease as their timers ask. */
static int sync_node(void *arg, const char *key)
{
	struct hol_node *n = hmap_get(&nodes, key);
	struct ctrl_op *op;
	const json_t *cur;

	(void)arg;
	if (!n)
		return WQ_OK;
	op = ctrl_op_new(node_q, key);
	cur = inf_get(nodes_inf, key);
	if (!cur) {
		json_t *node = json_pack("{s:s, s:s, s:{s:s, s:o}, s:{}, s:o}", "apiVersion", "v1",
					 "kind", "Node", "metadata", "name", n->name, "labels",
					 node_labels(n), "spec", "status", node_status(n));

		ctrl_op_create(op, kc, "/api/v1/nodes", node);
		json_decref(node);
	} else if (!n->registered || !cond_true(cur, "Ready")) {
		post_status(op, n);
	}
	n->registered = true;
	renew(op, n);
	return ctrl_op_finish(op);
}

/* Timers tick ten times per period and each tick serves a tenth of the nodes, so a thousand
 * nodes do not renew in one burst (which a real cluster's kubelets never do either). */
#define SLICES 10

static void each_node(void (*fn)(struct ctrl_op *, const struct hol_node *), unsigned *tick)
{
	unsigned slice = (*tick)++ % SLICES;

	for (int i = (int)slice; i < opt.nodes; i += SLICES) {
		/* Timer writes are not a key's sync: no queue to tell. */
		struct ctrl_op *op = ctrl_op_new(NULL, node_list[i].name);

		fn(op, &node_list[i]);
		ctrl_op_finish(op);
	}
}

static void lease_cb(evutil_socket_t fd, short what, void *arg)
{
	static unsigned tick;

	(void)fd, (void)what, (void)arg;
	each_node(renew, &tick);
}

static void status_cb(evutil_socket_t fd, short what, void *arg)
{
	static unsigned tick;

	(void)fd, (void)what, (void)arg;
	each_node(post_status, &tick);
}

static json_t *pod_status(const json_t *pod, struct hol_node *n)
{
	json_t *st = json_object(), *cs = json_array(), *c;
	char now[32], ip[32];
	const char *host = NULL;
	size_t i;

	kt_format(time(NULL), now);
	n->next_ip++;
	snprintf(ip, sizeof(ip), "10.%d.%d.%u", 128 + n->index / 256, n->index % 256,
		 2 + n->next_ip % 250);
	json_array_foreach(jx_get(inf_get(nodes_inf, n->name), "status.addresses"), i, c)
	{
		if (jx_str(c, "type") && !strcmp(jx_str(c, "type"), "InternalIP"))
			host = jx_str(c, "address");
	}
	json_array_foreach(jx_get(pod, "spec.containers"), i, c)
	{
		json_array_append_new(
		    cs, json_pack("{s:s?, s:s?, s:s, s:s, s:b, s:b, s:i, s:{s:{s:s}}}", "name",
				  jx_str(c, "name"), "image", jx_str(c, "image"), "imageID",
				  "hollow://image", "containerID", "hollow://container", "ready", 1,
				  "started", 1, "restartCount", 0, "state", "running", "startedAt",
				  now));
	}
	json_object_set_new(st, "phase", json_string("Running"));
	if (host)
		json_object_set_new(st, "hostIP", json_string(host));
	json_object_set_new(st, "startTime", json_string(now));
	json_object_set_new(st, "containerStatuses", cs);
	if (!jx_bool(pod, "spec.hostNetwork", false)) {
		json_object_set_new(st, "podIP", json_string(ip));
		json_object_set_new(st, "podIPs", json_pack("[{s:s}]", "ip", ip));
	} else if (host) {
		json_object_set_new(st, "podIP", json_string(host));
		json_object_set_new(st, "podIPs", json_pack("[{s:s}]", "ip", host));
	}
	return st;
}

static int sync_pod(void *arg, const char *key)
{
	const json_t *pod = inf_get(pods_inf, key);
	struct hol_node *n = pod ? hmap_get(&nodes, jx_str(pod, "spec.nodeName")) : NULL;
	struct ctrl_op *op;
	char *path;

	(void)arg;
	if (!n || pod_terminal(pod))
		return WQ_OK;
	op = ctrl_op_new(pod_q, key);
	path = xasprintf("/api/v1/namespaces/%s/pods/%s", jx_str(pod, "metadata.namespace"),
			 jx_str(pod, "metadata.name"));
	if (pod_deleting(pod)) {
		/* Nothing runs, so stopping is immediate: finish the deletion as a kubelet does. */
		json_t *opts = json_pack("{s:s, s:s, s:i, s:{s:s?}}", "kind", "DeleteOptions",
					 "apiVersion", "v1", "gracePeriodSeconds", 0,
					 "preconditions", "uid", jx_str(pod, "metadata.uid"));
		ctrl_op_delete(op, kc, path, opts);
		json_decref(opts);
	} else if (!pod_ready(pod) || strcmp(jx_str(pod, "status.phase") ?: "", "Running")) {
		json_t *copy = json_deep_copy(pod);
		static const char *const conds[] = {"PodReadyToStartContainers", "Initialized",
						    "Ready", "ContainersReady", "PodScheduled"};
		char *spath = xasprintf("%s/status", path);

		json_object_set_new(copy, "status", pod_status(pod, n));
		for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
			cond_set(copy, conds[i], "True", NULL, NULL, NULL);
		ctrl_op_update(op, kc, spath, copy);
		free(spath);
		json_decref(copy);
	}
	free(path);
	return ctrl_op_finish(op);
}

static void pod_event(void *arg, const json_t *obj)
{
	(void)arg;
	if (hmap_get(&nodes, jx_str(obj, "spec.nodeName") ?: ""))
		ctrl_enqueue(pod_q, obj);
}

static void pod_update(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	pod_event(arg, obj);
}

static void node_update(void *arg, const json_t *old, const json_t *obj)
{
	(void)old;
	(void)arg;
	/* Someone else marked us unhealthy (the node lifecycle controller): say we are fine. */
	if (hmap_get(&nodes, jx_str(obj, "metadata.name") ?: "") && !cond_true(obj, "Ready"))
		ctrl_enqueue(node_q, obj);
}

static int init(struct daemon *d, void *arg, char *err, size_t errlen)
{
	struct inf_handler ph = {pod_event, pod_update, NULL, NULL};
	struct inf_handler nh = {NULL, node_update, NULL, NULL};

	(void)arg;
	if (!opt.name || opt.nodes < 1) {
		snprintf(err, errlen, "--node-name is required and --nodes must be positive");
		return -1;
	}
	kc = daemon_client(d);
	hmap_init(&nodes);
	node_list = xcalloc((size_t)opt.nodes, sizeof(*node_list));
	for (int i = 0; i < opt.nodes; i++) {
		struct hol_node *n = &node_list[i];

		n->index = i;
		n->name = opt.nodes == 1 ? xstrdup(opt.name) : xasprintf("%s-%d", opt.name, i);
		hmap_put(&nodes, n->name, n);
	}
	pod_q = wq_new(daemon_base(d), "pods", opt.workers, sync_pod, NULL);
	node_q = wq_new(daemon_base(d), "nodes", opt.workers, sync_node, NULL);
	nodes_inf = inf_factory_get(daemon_informers(d), "/api/v1/nodes", NULL, NULL);
	inf_add_handler(nodes_inf, &nh);
	if (opt.run_pods) {
		pods_inf =
		    inf_factory_get(daemon_informers(d), "/api/v1/pods", NULL, "spec.nodeName!=");
		inf_add_handler(pods_inf, &ph);
	}
	return 0;
}

static void run(struct daemon *d, void *arg)
{
	long lease_ms = opt.lease_ms / SLICES, status_ms = opt.status_ms / SLICES;
	struct timeval lease_tv = {lease_ms / 1000, (lease_ms % 1000) * 1000};
	struct timeval status_tv = {status_ms / 1000, (status_ms % 1000) * 1000};

	(void)arg;
	for (int i = 0; i < opt.nodes; i++)
		wq_add(node_q, node_list[i].name);
	lease_ev = event_new(daemon_base(d), -1, EV_PERSIST, lease_cb, NULL);
	status_ev = event_new(daemon_base(d), -1, EV_PERSIST, status_cb, NULL);
	event_add(lease_ev, &lease_tv);
	event_add(status_ev, &status_tv);
	log_info("hollow-node: standing in for %d node(s)", opt.nodes);
}

int main(int argc, char **argv)
{
	struct daemon_spec spec = {
	    .name = "hollow-node",
	    .flags = flags,
	    .secure_port = -1,
	    .qps = 1000,
	    .burst = 2000,
	    .no_election = true,
	    .init = init,
	    .run = run,
	};

	return daemon_main(&spec, argc, argv);
}
