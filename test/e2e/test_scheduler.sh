#!/usr/bin/env bash
# kube-scheduler against a real API server (no kubelets: Node objects made with kubectl, and
# the test finishes victims' graceful deletion itself): spreading, nodeSelector and taints, the
# unschedulable condition and event with upstream's message, retry when the cluster changes,
# priority preemption, leader election and fail-over, /healthz and /metrics.
. "$(dirname "$0")/lib.sh"
cluster_up

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT

# start_scheduler NAME ARGS...: runs in the background, log in the cluster's logs.
start_scheduler() {
	local name=$1; shift
	"$BIN/kube-scheduler" --kubeconfig "$CLUSTER/admin.conf" --secure-port="$(free_port)" \
		--cert-dir "$WORK/certs-$name" "$@" > "$CLUSTER/logs/kube-scheduler-$name.log" 2>&1 &
	PIDS+=($!)
	LAST_PID=$!
}
sched_port() { # NAME
	sed -n 's/.*serving \/healthz.*:\([0-9]*\)$/\1/p' "$CLUSTER/logs/kube-scheduler-$1.log" | head -1
}
get_url() { curl -sk "https://127.0.0.1:$(sched_port "$1")$2"; }

make_node() { # NAME CPU [ZONE]
	k create -f - >/dev/null <<Y
apiVersion: v1
kind: Node
metadata:
  name: $1
  labels: {kubernetes.io/hostname: $1, topology.kubernetes.io/zone: ${3:-z1}}
status:
  allocatable: {cpu: "$2", memory: 4Gi, pods: "110"}
  capacity: {cpu: "$2", memory: 4Gi, pods: "110"}
Y
}

pod() { # NAME [SPEC-JSON-FIELDS]
	k run "$1" --image=registry.k8s.io/pause:3.9 --restart=Never --labels="${LABELS:-run=$1}" \
		--overrides="{\"apiVersion\":\"v1\",\"spec\":{${2:-}}}" >/dev/null
}
node_of() { k get pod "$1" -o jsonpath='{.spec.nodeName}'; }
bound() { [ -n "$(node_of "$1")" ]; }
cond_msg() { k get pod "$1" -o jsonpath='{.status.conditions[?(@.type=="PodScheduled")].message}'; }

for n in n1 n2 n3; do make_node $n 2; done
start_scheduler a --leader-elect=false
eventually "the scheduler serves /healthz" sh -c "[ -n \"\$(sed -n 's/.*serving \/healthz.*:\([0-9]*\)$/\1/p' $CLUSTER/logs/kube-scheduler-a.log)\" ]"
out "/healthz answers ok" '^ok$' get_url a /healthz

echo "-- spreading"
k create service clusterip web --tcp=80:80 >/dev/null
for i in 1 2 3; do LABELS=app=web pod web-$i; done
eventually "three replicas are bound" sh -c "[ \$($K33 get pods -l app=web -o jsonpath='{.items[*].spec.nodeName}' | wc -w) = 3 ]"
out "one replica per node" '^3$' sh -c "$K33 get pods -l app=web -o jsonpath='{range .items[*]}{.spec.nodeName}{\"\\n\"}{end}' | sort -u | wc -l"
out "a Scheduled event with upstream's wording" 'Scheduled.*Successfully assigned default/web-1 to n[123]' k get events --field-selector involvedObject.name=web-1

echo "-- nodeSelector and taints"
pod pinned '"nodeSelector":{"kubernetes.io/hostname":"n3"}'
eventually "nodeSelector is respected" sh -c "[ \"\$($K33 get pod pinned -o jsonpath='{.spec.nodeName}')\" = n3 ]"
k taint node n1 dedicated=gpu:NoSchedule >/dev/null
pod wants-n1 '"nodeSelector":{"kubernetes.io/hostname":"n1"}'
want="0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."
eventually "an untolerated taint keeps the pod off" sh -c "[ \"\$($K33 get pod wants-n1 -o jsonpath='{.status.conditions[?(@.type==\"PodScheduled\")].reason}')\" = Unschedulable ]"
out "PodScheduled=False has upstream's message" "^$(printf '%s' "$want" | sed 's/[.{}()]/\\&/g')\$" cond_msg wants-n1
out "kubectl describe shows FailedScheduling" 'Warning +FailedScheduling .*default-scheduler +0/3 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}' k describe pod wants-n1
out "the Event is in kubectl get events" 'FailedScheduling' k get events --field-selector involvedObject.name=wants-n1
pod tolerant '"nodeSelector":{"kubernetes.io/hostname":"n1"},"tolerations":[{"key":"dedicated","operator":"Equal","value":"gpu","effect":"NoSchedule"}]'
eventually "a toleration lets a pod on the tainted node" sh -c "[ \"\$($K33 get pod tolerant -o jsonpath='{.spec.nodeName}')\" = n1 ]"
k taint node n1 dedicated=gpu:NoSchedule- >/dev/null
eventually "removing the taint schedules the waiting pod" sh -c "[ \"\$($K33 get pod wants-n1 -o jsonpath='{.spec.nodeName}')\" = n1 ]"

echo "-- resources"
pod big '"containers":[{"name":"big","image":"registry.k8s.io/pause:3.9","resources":{"requests":{"cpu":"3"}}}]'
want="0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.."
eventually "a pod too big for every node is reported" sh -c "[ \"\$($K33 get pod big -o jsonpath='{.status.conditions[?(@.type==\"PodScheduled\")].message}')\" = \"$want\" ]"
make_node n4 4 z2
eventually "a new node that fits takes the waiting pod" sh -c "[ \"\$($K33 get pod big -o jsonpath='{.spec.nodeName}')\" = n4 ]"

echo "-- priority and preemption"
k create priorityclass low --value=100 >/dev/null
k create priorityclass high --value=1000 >/dev/null
k create priorityclass high-never --value=1000 --preemption-policy=Never >/dev/null
req='"containers":[{"name":"c","image":"registry.k8s.io/pause:3.9","resources":{"requests":{"cpu":"1500m"}}}],"nodeSelector":{"kubernetes.io/hostname":"n2"}'
pod low "$req,\"priorityClassName\":\"low\""
eventually "the low-priority pod is bound" bound low
pod never "$req,\"priorityClassName\":\"high-never\""
eventually "preemptionPolicy Never does not preempt" sh -c "$K33 get pod never -o jsonpath='{.status.conditions[*].message}' | grep -q 'preemption: not eligible due to preemptionPolicy=Never'"
k delete pod never --wait=false >/dev/null
pod high "$req,\"priorityClassName\":\"high\""
# The API server may finish the victim's graceful deletion itself; without a kubelet the
# test finishes it otherwise.
evicted() { ! $K33 get pod low >/dev/null 2>&1 || [ -n "$($K33 get pod low -o jsonpath='{.metadata.deletionTimestamp}')" ]; }
eventually "the victim is evicted" evicted
out "the preemptor is nominated to the node" '^n2$' k get pod high -o jsonpath='{.status.nominatedNodeName}'
out "the victim gets a Preempted event" 'Preempted.*Preempted by pod' k get events --field-selector involvedObject.name=low
k delete pod low --grace-period=0 --force >/dev/null 2>&1
eventually "the preemptor is bound once the victim is gone" sh -c "[ \"\$($K33 get pod high -o jsonpath='{.spec.nodeName}')\" = n2 ]"

echo "-- metrics"
out "/metrics has scheduling attempts" 'scheduler_schedule_attempts_total\{profile="default-scheduler",result="scheduled"\} [1-9]' get_url a /metrics
out "/metrics has pending pods" 'scheduler_pending_pods\{queue="unschedulable"\}' get_url a /metrics
kill "$LAST_PID"

echo "-- config file"
printf 'apiVersion: kubescheduler.config.k8s.io/v1beta1\nkind: KubeSchedulerConfiguration\n' > "$WORK/old.yaml"
fails "an unknown config apiVersion is refused" 'no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta1"' "$BIN/kube-scheduler" --config "$WORK/old.yaml" --secure-port=0

echo "-- leader election"
le="--leader-elect=true --leader-elect-lease-duration=4s --leader-elect-renew-deadline=3s --leader-elect-retry-period=1s"
start_scheduler b $le; PB=$LAST_PID
eventually "the first candidate leads" grep -q 'became the leader' "$CLUSTER/logs/kube-scheduler-b.log"
start_scheduler c $le; PC=$LAST_PID
eventually "the second candidate sees the leader" grep -q 'the leader is' "$CLUSTER/logs/kube-scheduler-c.log"
for i in 1 2 3; do pod le-$i; done
eventually "pods are bound under leader election" sh -c "[ \$($K33 get pods le-1 le-2 le-3 -o jsonpath='{.items[*].spec.nodeName}' | wc -w) = 3 ]"
out "only the leader binds" 'result="scheduled"\} 3$' get_url b /metrics
out "the standby binds nothing" 'result="scheduled"\} 0$' get_url c /metrics
kill -9 "$PB"; wait "$PB" 2>/dev/null
t0=$(date +%s)
pod after-failover
eventually "the standby takes over and schedules" bound after-failover
t1=$(date +%s)
out "take-over within the lease time and a few retries" '^ok$' sh -c "[ $((t1 - t0)) -le 10 ] && echo ok || echo $((t1 - t0))s"
out "the standby says it leads" 'became the leader' cat "$CLUSTER/logs/kube-scheduler-c.log"
kill "$PC"
wait "$PC" 2>/dev/null

cleanup
finish
