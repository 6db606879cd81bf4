#!/usr/bin/env bash
# Seed 003's failure story on the whole control plane: three nodes (one hollow-node process
# each), a Deployment spread one pod per node; one node's heartbeats stop, the node lifecycle
# controller marks it unreachable, its pod is evicted and the Deployment's pod comes back on a
# node that is alive.
. "$(dirname "$0")/lib.sh"
export CONTROLLER_MANAGER_FLAGS="--leader-elect=false --node-monitor-grace-period=8s --node-monitor-period=1s"
export SCHEDULER_FLAGS="--leader-elect=false"
cluster_up --hollow-nodes 0
for n in n1 n2 n3; do
	start_daemon "hollow-$n" hollow-node --kubeconfig "$CLUSTER/admin.conf" --node-name "$n" \
		--node-lease-renew-interval=1s
	eval "PID_$n=$DAEMON_PID"
done
ready_nodes() { [ "$(k get nodes --no-headers 2>/dev/null | grep -c ' Ready ')" = 3 ]; }
eventually "three nodes Ready" ready_nodes

k apply -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend}
spec:
  replicas: 3
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers: [{name: php-redis, image: gcr.io/google-samples/gb-frontend:v4}]
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
YAML
available() { [ "$(k get deploy frontend -o jsonpath='{.status.availableReplicas}')" = "$1" ]; }
eventually "3 replicas available" available 3
spread() { [ "$(k get pods -l app=frontend -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort -u | wc -l)" = 3 ]; }
eventually "one pod per node" spread
victim=$(k get pods -l app=frontend -o jsonpath='{.items[0].spec.nodeName}')
eval "kill -9 \$PID_$victim"
unknown() { k get node "$victim" --no-headers | grep -q NotReady; }
for _ in $(seq 10); do unknown && break; sleep 1; done   # the grace period is 8 s
eventually "the silent node goes NotReady" unknown
out "and is tainted unreachable" 'node.kubernetes.io/unreachable' \
	k get node "$victim" -o jsonpath='{.spec.taints[*].key}'
moved() {
	local alive
	alive=$(k get pods -l app=frontend -o jsonpath='{range .items[?(@.status.phase=="Running")]}{.metadata.deletionTimestamp}{"|"}{.spec.nodeName}{"\n"}{end}' |
		grep '^|' | grep -vc "|$victim\$")
	[ "$alive" = 3 ]
}
eventually "three pods run again, none on the dead node" moved
eventually "the Deployment is available again" available 3
out "the evicted pod was marked for deletion by the taint manager" 'TaintManagerEviction' \
	k get events --field-selector reason=TaintManagerEviction
finish
