#!/usr/bin/env bash
# Node and cluster-housekeeping controllers with the real kubectl: node-lifecycle and
# taint-eviction on a node whose heartbeats stop, node-ipam, pod GC, resource quota usage,
# disruption budgets, TTL after finished, and kubelet-style certificate requests approved and
# signed by the controller manager. Three hollow nodes stand in for kubelets.
. "$(dirname "$0")/lib.sh"
# RBAC, so that the CSR approver's SubjectAccessReviews can say no.
export APISERVER_FLAGS="--authorization-mode=RBAC"
cluster_up
BIN=$(cd "$BIN" && pwd)
mkdir -p "$WORK"
cd "$WORK" || exit 1
P=$CLUSTER/pki
PIDS=()
stop_all() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
trap stop_all EXIT

hollow() {
	"$BIN/hollow-node" --kubeconfig "$CLUSTER/admin.conf" --node-name "$1" --run-pods \
		--node-lease-renew-interval=1s --node-status-report-frequency=2s --secure-port=0 \
		> "$CLUSTER/logs/hollow-$1.log" 2>&1 &
	eval "HOLLOW_$1=$!"
	PIDS+=($!)
}
for n in n1 n2 n3; do hollow "$n"; done

"$BIN/kube-controller-manager" --kubeconfig="$CLUSTER/admin.conf" --secure-port=0 \
	--leader-elect=false --v=2 \
	--controllers=node-lifecycle,taint-eviction-controller,node-ipam,pod-garbage-collector,resourcequota,disruption,csrapproving,csrsigning,csrcleaner,ttl-after-finished \
	--node-monitor-grace-period=8s --node-monitor-period=1s \
	--allocate-node-cidrs --cluster-cidr=10.244.0.0/16 --node-cidr-mask-size=24 \
	--service-cluster-ip-range=10.96.0.0/12 --resource-quota-sync-period=5s --terminated-pod-gc-threshold=2 \
	--cluster-signing-cert-file="$P/ca.crt" --cluster-signing-key-file="$P/ca.key" \
	> "$CLUSTER/logs/kube-controller-manager.log" 2>&1 &
PIDS+=($!)

ready_nodes() { [ "$(k get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)" = 3 ]; }
eventually "three hollow nodes are Ready" ready_nodes

echo "-- node-ipam"
cidrs() { k get nodes -o jsonpath='{range .items[*]}{.spec.podCIDR} {.spec.podCIDRs[0]}{"\n"}{end}'; }
three_cidrs() { [ "$(cidrs | grep -cE '^10\.244\.[0-9]+\.0/24 10\.244\.[0-9]+\.0/24$')" = 3 ]; }
eventually "every node gets a /24 pod CIDR" three_cidrs
out "the CIDRs are distinct" '^3$' sh -c "$K33 get nodes -o jsonpath='{range .items[*]}{.spec.podCIDR}{\"\n\"}{end}' | sort -u | wc -l"

echo "-- node-lifecycle and taint eviction"
cat > pods.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: short, labels: {app: web}}
spec:
  nodeName: n3
  containers: [{name: c, image: nginx}]
  tolerations:
  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
---
apiVersion: v1
kind: Pod
metadata: {name: forever}
spec:
  nodeName: n3
  containers: [{name: c, image: nginx}]
  tolerations:
  - {operator: Exists}
---
apiVersion: v1
kind: Pod
metadata: {name: defaulted}
spec:
  nodeName: n3
  containers: [{name: c, image: nginx}]
EOF
ok "pods on n3" k apply -f pods.yaml
pod_ready() { [ "$(k get pod "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]; }
eventually "the hollow node runs them" pod_ready short
out "DefaultTolerationSeconds gave the plain pod 300 s" '300' \
	k get pod defaulted -o jsonpath='{.spec.tolerations[?(@.key=="node.kubernetes.io/unreachable")].tolerationSeconds}'
kill "$HOLLOW_n3"
t0=$(date +%s)
n3_unknown() { [ "$(k get node n3 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = Unknown ]; }
eventually "n3 goes Unknown after the grace period" n3_unknown
t1=$(date +%s)
if [ $((t1 - t0)) -ge 6 ]; then pass "not before the grace period ($((t1 - t0)) s)"
else fail "not before the grace period" "$((t1 - t0)) s"; fi
out "Ready says why" 'NodeStatusUnknown Kubelet stopped posting node status.' \
	k get node n3 -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason} {.status.conditions[?(@.type=="Ready")].message}'
out "MemoryPressure is Unknown too" 'Unknown' \
	k get node n3 -o jsonpath='{.status.conditions[?(@.type=="MemoryPressure")].status}'
taints() { k get node n3 -o jsonpath='{range .spec.taints[*]}{.key}:{.effect} {end}'; }
has_taints() { taints | grep -q 'node.kubernetes.io/unreachable:NoExecute' && taints | grep -q 'node.kubernetes.io/unreachable:NoSchedule'; }
eventually "n3 is tainted unreachable (NoExecute and NoSchedule)" has_taints
out "kubectl shows NotReady" '^n3 +NotReady' k get node n3 --no-headers
out "node event NodeNotReady" 'Node n3 status is now: NodeNotReady' k get events -A --field-selector reason=NodeNotReady
pod_not_ready() { [ "$(k get pod forever -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = False ]; }
eventually "pods on n3 are marked not ready" pod_not_ready
deleting() { [ -n "$(k get pod "$1" -o jsonpath='{.metadata.deletionTimestamp}' 2>/dev/null)" ] || ! k get pod "$1" >/dev/null 2>&1; }
eventually "the 5 s pod is deleted" deleting short
t2=$(date +%s)
tainted_at=$(k get node n3 -o jsonpath='{.spec.taints[?(@.effect=="NoExecute")].timeAdded}')
if [ $((t2 - t1)) -ge 3 ]; then pass "after its tolerationSeconds ($((t2 - t1)) s after Unknown)"
else fail "after its tolerationSeconds" "$((t2 - t1)) s; taint added $tainted_at"; fi
# The API server may finish the delete at once when no kubelet is there to do it.
if k get pod short >/dev/null 2>&1; then
	out "with DisruptionTarget DeletionByTaintManager" 'DeletionByTaintManager' \
		k get pod short -o jsonpath='{.status.conditions[?(@.type=="DisruptionTarget")].reason}'
fi
out "event TaintManagerEviction" 'Marking for deletion Pod default/short' k get events --field-selector reason=TaintManagerEviction
if deleting forever || deleting defaulted; then fail "tolerating pods stay" "$(k get pods)"
else pass "tolerating pods stay"; fi

echo "-- recovery"
hollow n3
eventually "n3 is Ready again" ready_nodes
untainted() { ! taints | grep -q unreachable; }
eventually "the unreachable taints are removed" untainted

echo "-- pod GC of terminated pods beyond the threshold (2)"
k delete pod forever defaulted --wait=false >/dev/null 2>&1
for i in 1 2 3 4; do
	k run "done-$i" --image=nginx --overrides='{"spec":{"nodeName":"n1"}}' >/dev/null
	k patch pod "done-$i" --subresource=status --type=merge -p '{"status":{"phase":"Succeeded"}}' >/dev/null
	sleep 1
done
gc_done() { ! k get pod done-1 >/dev/null 2>&1 && ! k get pod done-2 >/dev/null 2>&1; }
eventually "the two oldest finished pods are deleted" gc_done
out "the newest stay" 'done-3.*done-4|done-4.*done-3' sh -c "$K33 get pods -o name | tr '\n' ' '"

echo "-- resource quota"
cat > quota.yaml <<'EOF'
apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: qns}
spec:
  hard: {pods: "10", requests.cpu: "2", requests.memory: 1Gi, limits.cpu: "4", configmaps: "5", services: "3", services.nodeports: "2", count/deployments.apps: "2"}
EOF
k create namespace qns >/dev/null
ok "create quota" k apply -f quota.yaml
for i in 1 2; do
	k -n qns run "p$i" --image=nginx --overrides='{"spec":{"nodeName":"n1","containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":"250m","memory":"100Mi"},"limits":{"cpu":"500m"}}}]}}' >/dev/null
done
k -n qns create service nodeport np --tcp=80:80 >/dev/null
k -n qns create configmap c1 >/dev/null
quota_line() { k describe quota q -n qns | grep -E "^$1 " | tr -s ' '; }
q_used() { quota_line "$1" | grep -q "^$1 $2 $3$"; }
eventually "pods used 2/10" q_used pods 2 10
eventually "requests.cpu used 500m/2" q_used requests.cpu 500m 2
eventually "requests.memory used 200Mi/1Gi" q_used requests.memory 200Mi 1Gi
eventually "limits.cpu used 1/4" q_used limits.cpu 1 4
eventually "services.nodeports used 1/2" q_used services.nodeports 1 2
eventually "configmaps counted (kube-root-ca.crt too when present)" q_used configmaps '[12]' 5
eventually "count/deployments.apps 0/2" q_used count/deployments.apps 0 2
k -n qns patch pod p1 --subresource=status --type=merge -p '{"status":{"phase":"Succeeded"}}' >/dev/null
eventually "a finished pod stops counting" q_used pods 1 10
eventually "and its cpu too" q_used requests.cpu 250m 2

echo "-- disruption budgets"
k create namespace pdb >/dev/null
k -n pdb create -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
EOF
uid=$(k -n pdb get rs web -o jsonpath='{.metadata.uid}')
for i in 1 2 3; do
	k -n pdb create -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web-$i
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, uid: $uid, controller: true}]
spec: {nodeName: n$i, containers: [{name: c, image: nginx}]}
EOF
done
three_ready() { [ "$(k -n pdb get pods -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)" = 3 ]; }
eventually "three budgeted pods run" three_ready
ok "minAvailable budget" k -n pdb create pdb min --selector=app=web --min-available=2
ok "maxUnavailable budget" k -n pdb create pdb max --selector=app=web --max-unavailable=50%
ok "a budget nothing matches" k -n pdb create pdb none --selector=app=nothing --min-available=1
pdb_row() { k -n pdb get pdb "$1" --no-headers | tr -s ' ' | grep -Eq "^$1 $2$"; }
eventually "kubectl get pdb: min allows 1" pdb_row min '2 N/A 1 .*'
eventually "kubectl get pdb: 50% of 3 (rounded up) allows 2" pdb_row max 'N/A 50% 2 .*'
eventually "kubectl get pdb: nothing to disrupt" pdb_row none '1 N/A 0 .*'
out "status as upstream" '^3 3 2 1 SufficientPods$' k -n pdb get pdb min -o jsonpath='{.status.currentHealthy} {.status.expectedPods} {.status.desiredHealthy} {.status.disruptionsAllowed} {.status.conditions[0].reason}'
out "max expects the ReplicaSet's replicas" '^3 1$' k -n pdb get pdb max -o jsonpath='{.status.expectedPods} {.status.desiredHealthy}'
k -n pdb patch pdb min --type=merge -p '{"spec":{"minAvailable":3}}' >/dev/null
eventually "a stricter budget allows nothing" pdb_row min '3 N/A 0 .*'
out "observedGeneration follows" '^2$' k -n pdb get pdb min -o jsonpath='{.status.observedGeneration}'
out "InsufficientPods" 'InsufficientPods' k -n pdb get pdb min -o jsonpath='{.status.conditions[0].reason}'
echo '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-2"}}' > evict.json
fails "eviction is refused" 'disruption budget' k create --raw /api/v1/namespaces/pdb/pods/web-2/eviction -f evict.json

echo "-- ttl-after-finished"
k create -f - >/dev/null <<'EOF'
apiVersion: batch/v1
kind: Job
metadata: {name: done}
spec:
  ttlSecondsAfterFinished: 2
  template:
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
EOF
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
k patch job done --subresource=status --type=merge -p "{\"status\":{\"startTime\":\"$now\",\"completionTime\":\"$now\",\"conditions\":[{\"type\":\"SuccessCriteriaMet\",\"status\":\"True\",\"lastTransitionTime\":\"$now\"},{\"type\":\"Complete\",\"status\":\"True\",\"lastTransitionTime\":\"$now\"}]}}" >/dev/null 2>&1 ||
	k patch job done --subresource=status --type=merge -p "{\"status\":{\"completionTime\":\"$now\",\"conditions\":[{\"type\":\"Complete\",\"status\":\"True\",\"lastTransitionTime\":\"$now\"}]}}" >/dev/null
job_gone() { ! k get job done >/dev/null 2>&1 || [ -n "$(k get job done -o jsonpath='{.metadata.deletionTimestamp}')" ]; }
eventually "the finished job is deleted after its TTL" job_gone

echo "-- certificates: a kube-apiserver-client CSR approved by kubectl"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout alice.key \
	-subj "/O=dev/CN=alice" -out alice.csr 2>/dev/null
cat > csr.yaml <<EOF
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: alice}
spec:
  request: $(base64 -w0 < alice.csr)
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 3600
  usages: [client auth]
EOF
ok "create the CSR" k apply -f csr.yaml
out "it is pending" 'Pending' k get csr alice
ok "approve it" k certificate approve alice
issued() { [ -n "$(k get csr alice -o jsonpath='{.status.certificate}')" ]; }
eventually "the signer issues a certificate" issued
out "kubectl shows Approved,Issued" 'Approved,Issued' k get csr alice
k get csr alice -o jsonpath='{.status.certificate}' | base64 -d > alice.crt
out "it verifies against the cluster CA" 'alice.crt: OK' openssl verify -CAfile "$P/ca.crt" alice.crt
out "subject kept" 'CN ?= ?alice' openssl x509 -in alice.crt -noout -subject
out "client auth only" 'TLS Web Client Authentication' openssl x509 -in alice.crt -noout -ext extendedKeyUsage
nb=$(date -d "$(openssl x509 -in alice.crt -noout -startdate | cut -d= -f2)" +%s)
na=$(date -d "$(openssl x509 -in alice.crt -noout -enddate | cut -d= -f2)" +%s)
if [ $((na - nb)) -eq 3900 ]; then pass "valid for expirationSeconds, backdated 5 minutes"
else fail "valid for expirationSeconds, backdated 5 minutes" "$((na - nb)) s"; fi
k create clusterrolebinding alice-view --clusterrole=view --user=alice >/dev/null
ok "the certificate logs in" k --server "$(k config view -o jsonpath='{.clusters[0].cluster.server}')" \
	--certificate-authority "$P/ca.crt" --client-certificate alice.crt --client-key alice.key \
	--kubeconfig /dev/null get pods

echo "-- certificates: a kubelet bootstrap CSR auto-approved"
# A client certificate as the bootstrap token's identity would have.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout boot.key \
	-subj "/O=system:bootstrappers/CN=system:bootstrap:abcdef" -out boot.csr 2>/dev/null
echo "extendedKeyUsage=clientAuth" > client.ext
openssl x509 -req -in boot.csr -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial -days 1 \
	-extfile client.ext -out boot.crt 2>/dev/null
kb() { k --server "$(k config view -o jsonpath='{.clusters[0].cluster.server}')" \
	--certificate-authority "$P/ca.crt" --client-certificate boot.crt --client-key boot.key \
	--kubeconfig /dev/null "$@"; }
k create clusterrolebinding boot-csr --clusterrole=system:node-bootstrapper --group=system:bootstrappers >/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout node.key \
	-subj "/O=system:nodes/CN=system:node:n9" -out node.csr 2>/dev/null
cat > nodecsr.yaml <<EOF
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: node-csr-n9}
spec:
  request: $(base64 -w0 < node.csr)
  signerName: kubernetes.io/kube-apiserver-client-kubelet
  usages: [digital signature, client auth]
EOF
ok "the bootstrapper creates a node CSR" kb create -f nodecsr.yaml
out "the API server records the requester" '^system:bootstrap:abcdef system:bootstrappers' \
	k get csr node-csr-n9 -o jsonpath='{.spec.username} {.spec.groups[0]}'
sleep 2
out "without permission it stays pending" 'Pending' k get csr node-csr-n9
ok "allow bootstrappers node client certificates" k create clusterrolebinding boot-approve \
	--clusterrole=system:certificates.k8s.io:certificatesigningrequests:nodeclient --group=system:bootstrappers
# The approver backs off after a refusal; a change to the CSR brings it back at once.
k annotate csr node-csr-n9 poke=1 >/dev/null
node_issued() { [ -n "$(k get csr node-csr-n9 -o jsonpath='{.status.certificate}')" ]; }
eventually "auto-approved and issued" node_issued
out "approved by the controller" 'AutoApproved Auto approving kubelet client certificate after SubjectAccessReview.' \
	k get csr node-csr-n9 -o jsonpath='{.status.conditions[?(@.type=="Approved")].reason} {.status.conditions[?(@.type=="Approved")].message}'
k get csr node-csr-n9 -o jsonpath='{.status.certificate}' | base64 -d > node.crt
out "the node certificate verifies" 'node.crt: OK' openssl verify -CAfile "$P/ca.crt" node.crt

echo "-- certificates: a request the signer refuses"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout bad.key \
	-subj "/CN=mallory" -out bad.csr 2>/dev/null
cat > bad.yaml <<EOF
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: bad}
spec:
  request: $(base64 -w0 < bad.csr)
  signerName: kubernetes.io/kube-apiserver-client-kubelet
  usages: [digital signature, client auth]
EOF
k apply -f bad.yaml >/dev/null
ok "approve it anyway" k certificate approve bad
failed() { k get csr bad | grep -q Failed; }
eventually "the signer marks it Failed" failed

if grep -Eq 'ERROR: |runtime error:' "$CLUSTER"/logs/kube-controller-manager.log; then
	fail "controller manager ran clean" "$(grep -E -A10 'ERROR: |runtime error:' "$CLUSTER"/logs/kube-controller-manager.log)"
fi
stop_all
trap - EXIT
finish
