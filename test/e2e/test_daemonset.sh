#!/usr/bin/env bash
# The daemonset and statefulset controllers with the real kubectl, kube-scheduler binding the
# pods and bin/hollow-node standing in for three kubelets (it marks bound pods Running and
# Ready). Statefulset pods are left unbound and made Ready by the test, so their order shows.
. "$(dirname "$0")/lib.sh"
cluster_up

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
start() { # NAME ARGS...
	local name=$1; shift
	"$BIN/$name" --kubeconfig="$CLUSTER/admin.conf" "$@" > "$CLUSTER/logs/$name.log" 2>&1 &
	PIDS+=($!)
}
start kube-controller-manager --secure-port=0 --leader-elect=false --controllers=daemonset,statefulset
start kube-scheduler --secure-port=0 --leader-elect=false --cert-dir="$WORK/sched-certs"
start hollow-node --node-name=n --nodes=3 --secure-port=0 --cert-dir="$WORK/hollow-certs"

jpath() { k get "$1" -o jsonpath="$2"; }
ready() { k patch pod "$1" --subresource=status --type=merge -p '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}' >/dev/null; }
ds_nodes() { k get pods -l app=agent -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort | tr '\n' ' '; }

eventually "three nodes register" sh -c "[ \$($K33 get nodes -o name | wc -l) = 3 ]"
k taint node n-2 dedicated=infra:NoSchedule >/dev/null

echo "-- a daemon set covers every eligible node"
k create -f - >/dev/null <<'Y'
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: registry.k8s.io/pause:3.9}]
Y
eventually "one pod on each untainted node" sh -c "[ \"\$(k() { $K33 \"\$@\"; }; $K33 get pods -l app=agent -o jsonpath='{range .items[*]}{.spec.nodeName}{\"\\n\"}{end}' | sort | tr '\n' ' ')\" = 'n-0 n-1 ' ]"
p=$(k get pods -l app=agent -o jsonpath='{.items[0].metadata.name}')
out "pods are pinned by a metadata.name node affinity" '"matchFields":\[\{"key":"metadata.name","operator":"In","values":\["n-[01]"\]\}\]' \
	jpath "pod/$p" '{.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution}'
out "pods tolerate the node-condition taints" 'node.kubernetes.io/not-ready.*node.kubernetes.io/unreachable.*node.kubernetes.io/unschedulable' \
	jpath "pod/$p" '{.spec.tolerations}'
out "pods carry controller-revision-hash" '^[bcdfghjklmnpqrstvwxz2456789]+$' \
	jpath "pod/$p" '{.metadata.labels.controller-revision-hash}'
out "a ControllerRevision records the template" '^agent-[a-z0-9]+ +daemonset.apps/agent +1 ' k get controllerrevisions
eventually "status counts two ready pods" sh -c "[ \"\$($K33 get ds agent -o jsonpath='{.status.desiredNumberScheduled}/{.status.currentNumberScheduled}/{.status.numberReady}/{.status.numberAvailable}/{.status.updatedNumberScheduled}')\" = 2/2/2/2/2 ]"
ok "kubectl rollout status ds completes" k rollout status ds/agent --timeout=30s
out "kubectl get ds" 'agent +2 +2 +2 +2 +2' k get ds agent

echo "-- a toleration and a new node"
k patch ds agent --type=merge -p '{"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Exists"}]}}}}' >/dev/null
eventually "the tolerated node gets a pod" sh -c "[ \$($K33 get pods -l app=agent --field-selector=spec.nodeName=n-2 -o name | wc -l) = 1 ]"
ok "the update rolls out" k rollout status ds/agent --timeout=60s
out "every pod is at the new revision" '^3$' sh -c "$K33 get pods -l app=agent -l controller-revision-hash=$($K33 get pods -l app=agent --field-selector=spec.nodeName=n-2 -o jsonpath='{.items[0].metadata.labels.controller-revision-hash}') -o name | wc -l"
out "two revisions are kept" '^2$' sh -c "$K33 get controllerrevisions -o name | wc -l"
k create -f - >/dev/null <<'Y'
apiVersion: v1
kind: Node
metadata: {name: extra, labels: {kubernetes.io/hostname: extra}}
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
Y
eventually "a new node gets a daemon pod" sh -c "[ \$($K33 get pods -l app=agent -o jsonpath='{.items[*].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}' | tr ' ' '\n' | grep -c '^extra$') = 1 ]"
# A deleted node's bound pods are the pod GC's to remove (upstream's split), not the DS's.
k delete node extra >/dev/null

echo "-- nodeSelector"
k label node n-0 role=edge >/dev/null
k create -f - >/dev/null <<'Y'
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: edge}
spec:
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec:
      nodeSelector: {role: edge}
      containers: [{name: c, image: registry.k8s.io/pause:3.9}]
Y
eventually "only the labelled node runs it" sh -c "[ \"\$($K33 get pods -l app=edge -o jsonpath='{.items[*].spec.nodeName}')\" = n-0 ]"
k label node n-0 role- >/dev/null
eventually "unlabelling removes the pod" sh -c "[ -z \"\$($K33 get pods -l app=edge -o name)\" ]"

echo "-- a stateful set starts its pods in order"
k create service clusterip web --clusterip=None >/dev/null
k create -f - >/dev/null <<'Y'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      schedulerName: nobody   # left unbound: the test plays kubelet
      containers: [{name: c, image: registry.k8s.io/pause:3.9}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
Y
eventually "web-0 is created" k get pod web-0
sleep 1
fails "web-1 waits for web-0 to be ready" 'not found' k get pod web-1
out "the pod's identity labels" '"apps.kubernetes.io/pod-index":"0".*"statefulset.kubernetes.io/pod-name":"web-0"' \
	jpath pod/web-0 '{.metadata.labels}'
out "hostname and subdomain" '^web-0\.web$' jpath pod/web-0 '{.spec.hostname}.{.spec.subdomain}'
out "the claim is mounted" '^data-web-0$' jpath pod/web-0 '{.spec.volumes[?(@.name=="data")].persistentVolumeClaim.claimName}'
ok "the PVC data-web-0 exists" k get pvc data-web-0
ready web-0
eventually "web-1 follows" k get pod web-1
ready web-1
eventually "web-2 follows" k get pod web-2
ready web-2
eventually "readyReplicas 3" sh -c "[ \"\$($K33 get sts web -o jsonpath='{.status.replicas}/{.status.readyReplicas}/{.status.currentReplicas}/{.status.updatedReplicas}')\" = 3/3/3/3 ]"
out "three claims" 'data-web-0.*data-web-1.*data-web-2' sh -c "$K33 get pvc -o name | tr '\n' ' '"
out "current and update revisions agree" '^(web-[a-z0-9]+) \1$' jpath sts/web '{.status.currentRevision} {.status.updateRevision}'
ok "kubectl rollout status sts completes" k rollout status sts/web --timeout=30s

echo "-- scaling down from the highest ordinal"
k scale sts web --replicas=1 >/dev/null
eventually "web-2 goes first" sh -c "! $K33 get pod web-2 >/dev/null 2>&1"
eventually "then web-1" sh -c "! $K33 get pod web-1 >/dev/null 2>&1"
ok "web-0 stays" k get pod web-0
ok "claims are retained" k get pvc data-web-2

echo "-- a rolling update"
k scale sts web --replicas=2 >/dev/null
eventually "web-1 comes back" k get pod web-1
ready web-1
old=$(jpath sts/web '{.status.updateRevision}')
k patch sts web --type=merge -p '{"spec":{"template":{"metadata":{"annotations":{"v":"2"}}}}}' >/dev/null
eventually "the update revision changes" sh -c "[ \"\$($K33 get sts web -o jsonpath='{.status.updateRevision}')\" != $old ]"
new=$(jpath sts/web '{.status.updateRevision}')
eventually "web-1 is replaced at the new revision" sh -c "[ \"\$($K33 get pod web-1 -o jsonpath='{.metadata.labels.controller-revision-hash}')\" = $new ]"
out "web-0 still runs the old one" "^$old\$" jpath pod/web-0 '{.metadata.labels.controller-revision-hash}'
ready web-1
eventually "then web-0" sh -c "[ \"\$($K33 get pod web-0 -o jsonpath='{.metadata.labels.controller-revision-hash}')\" = $new ]"
ready web-0
eventually "currentRevision becomes the new one" sh -c "[ \"\$($K33 get sts web -o jsonpath='{.status.currentRevision}')\" = $new ]"
out "events name the pods" 'create Pod web-0 in StatefulSet web successful' k get events --field-selector involvedObject.name=web

finish
