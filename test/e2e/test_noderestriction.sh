#!/usr/bin/env bash
# The Node authorizer and the NodeRestriction admission plugin, as kubeadm runs them
# (--authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction, which local-up
# passes), with the real kubectl and kubelet-style credentials: a node's client certificate
# (CN=system:node:n1, O=system:nodes) reaches its own Node, Lease and pods and what those pods
# use, and cannot modify another node.
. "$(dirname "$0")/lib.sh"
cluster_up
mkdir -p "$WORK"
cd "$WORK" || exit 1
P=$CLUSTER/pki
SERVER=$(k config view -o jsonpath='{.clusters[0].cluster.server}')
echo "extendedKeyUsage=clientAuth" > client.ext

# node_conf NAME [SUBJECT]: a kubeconfig NAME.conf whose client certificate the cluster CA signs.
node_conf() {
	local subj=${2:-/O=system:nodes/CN=system:node:$1} c=$WORK/$1.conf
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" \
		-subj "$subj" -out "$1.csr" 2>/dev/null
	openssl x509 -req -in "$1.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial -days 1 \
		-extfile client.ext -out "$1.crt" 2>/dev/null
	k config set-cluster kubec --server="$SERVER" --certificate-authority="$P/ca.crt" \
		--embed-certs --kubeconfig="$c" >/dev/null
	k config set-credentials "$1" --client-certificate="$1.crt" --client-key="$1.key" \
		--embed-certs --kubeconfig="$c" >/dev/null
	k config set-context "$1" --cluster=kubec --user="$1" --kubeconfig="$c" >/dev/null
	k config use-context "$1" --kubeconfig="$c" >/dev/null
}
node_conf n1
node_conf n2
node_conf nogroup "/CN=system:node:n1"
n1() { k --kubeconfig "$WORK/n1.conf" "$@"; }
n2() { k --kubeconfig "$WORK/n2.conf" "$@"; }
FORBID_N1='User "system:node:n1" cannot'
# jset STATEMENT: the JSON object on stdin, changed by a Python statement on it (o), on stdout.
jset() { python3 -c "import json,sys; o=json.load(sys.stdin); $1; print(json.dumps(o))"; }

node_yaml() { # name, then extra labels as "key: value" lines
	local name=$1; shift
	printf 'apiVersion: v1\nkind: Node\nmetadata:\n  name: %s\n  labels:\n    kubernetes.io/hostname: %s\n' "$name" "$name"
	for l in "$@"; do printf '    %s\n' "$l"; done
}

echo "-- a node registers itself, and only itself"
fails "a node cannot register with a steering label" \
	'nodes "n1" is forbidden: node "n1" is not allowed to set the following labels: node-restriction.kubernetes.io/pool' \
	n1 create -f - < <(node_yaml n1 'node-restriction.kubernetes.io/pool: gpu')
out "n1 creates its own Node" 'node/n1 created' n1 create -f - < <(node_yaml n1 'kubernetes.io/os: linux' 'node.kubernetes.io/instance-type: small')
ok "n2 creates its own Node" n2 create -f - < <(node_yaml n2)
fails "n1 cannot create a Node for another" 'nodes "n3" is forbidden: node "n1" is not allowed to modify node "n3"' \
	n1 create -f - < <(node_yaml n3)
fails "a node name without the group is no node: RBAC decides" \
	'nodes "n1" is forbidden: User "system:node:n1" cannot get resource "nodes" in API group "" at the cluster scope$' \
	k --kubeconfig "$WORK/nogroup.conf" get node n1

echo "-- its own Node: read, status, the labels a kubelet may set"
out "n1 reads its Node" '^n1 ' n1 get node n1 --no-headers
fails "n1 cannot list all nodes" \
	"nodes is forbidden: $FORBID_N1 list resource \"nodes\" in API group \"\" at the cluster scope: node 'n1' cannot read all nodes, only its own Node object" \
	n1 get nodes
out "n1 lists its own by field selector" '^n1 ' n1 get nodes --field-selector metadata.name=n1 --no-headers
fails "n1 cannot read n2" "node 'n1' cannot read 'n2', only its own Node object" n1 get node n2
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ready="o.setdefault('status', {})['conditions'] = [{'type': 'Ready', 'status': 'True', 'reason': 'KubeletReady', 'message': 'kubelet is posting ready status', 'lastHeartbeatTime': '$now', 'lastTransitionTime': '$now'}]"
# kubectl patch reads nodes/status first, which the Node authorizer (as upstream's) does not
# allow: a kubelet writes status without reading it, as this PUT does.
k get node n1 -o json | jset "$ready" > n1-status.json
k get node n2 -o json | jset "$ready" > n2-status.json
out "n1 writes its Node status" '"type": ?"Ready"' n1 replace --raw /api/v1/nodes/n1/status -f n1-status.json
out "it shows Ready" '^n1 +Ready' k get node n1 --no-headers
fails "kubectl patch --subresource=status cannot read the status first, as upstream" \
	"$FORBID_N1 get resource \"nodes/status\" in API group \"\" at the cluster scope$" \
	n1 patch node n1 --subresource=status --type=merge -p '{"status":{}}'
out "n1 sets kubelet labels on itself" 'node/n1 labeled' n1 label --overwrite node n1 \
	kubelet.kubernetes.io/managed=yes node.kubernetes.io/instance-type=big topology.kubernetes.io/zone=z1 example.com/rack=r7
out "they are there" '^yes big z1 r7$' k get node n1 -o \
	'jsonpath={.metadata.labels.kubelet\.kubernetes\.io/managed} {.metadata.labels.node\.kubernetes\.io/instance-type} {.metadata.labels.topology\.kubernetes\.io/zone} {.metadata.labels.example\.com/rack}'
fails "n1 cannot label itself node-restriction.kubernetes.io/" \
	'nodes "n1" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/x' \
	n1 label node n1 node-restriction.kubernetes.io/x=y
fails "n1 cannot make itself a control-plane node" \
	'nodes "n1" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/control-plane' \
	n1 label node n1 node-role.kubernetes.io/control-plane=
k label node n1 node-restriction.kubernetes.io/pool=a >/dev/null
fails "n1 cannot remove a node-restriction label the admin set" \
	'nodes "n1" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/pool' \
	n1 label node n1 node-restriction.kubernetes.io/pool-
out "an unrelated label still goes with it unchanged" 'node/n1 labeled' n1 label node n1 example.com/b=1
fails "n1 cannot change its taints" 'nodes "n1" is forbidden: node "n1" is not allowed to modify taints' \
	n1 taint node n1 dedicated=x:NoSchedule
out "the admin can" 'node/n1 tainted' k taint node n1 dedicated=x:NoSchedule
fails "n1 cannot remove them" 'node "n1" is not allowed to modify taints' n1 taint node n1 dedicated-
fails "n1 cannot set a config source" 'node "n1" is not allowed to update configSource to a new non-nil configSource' \
	n1 patch node n1 --type=merge -p '{"spec":{"configSource":{"configMap":{"name":"c","namespace":"kube-system","kubeletConfigKey":"k"}}}}'

echo "-- another node: no modification"
k get node n2 -o json | jset "o['metadata']['labels']['stolen'] = 'yes'" > n2-stolen.json
fails "n1 cannot update n2" 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"' \
	n1 replace --raw /api/v1/nodes/n2 -f n2-stolen.json
fails "n1 cannot write n2's status" 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"' \
	n1 replace --raw /api/v1/nodes/n2/status -f n2-status.json
fails "n1 cannot patch n2 (nor read it first)" "node 'n1' cannot read 'n2', only its own Node object" \
	n1 patch node n2 --type=merge -p '{"metadata":{"labels":{"stolen":"yes"}}}'
fails "n1 cannot label n2 (nor read it)" "node 'n1' cannot read 'n2', only its own Node object" \
	n1 label node n2 stolen=yes
fails "n1 cannot delete n2" \
	"nodes \"n2\" is forbidden: $FORBID_N1 delete resource \"nodes\" in API group \"\" at the cluster scope$" \
	n1 delete node n2 --wait=false
fails "nor itself" "$FORBID_N1 delete resource \"nodes\"" n1 delete node n1 --wait=false
out "n2 is untouched" '^$' k get node n2 -o jsonpath='{.metadata.labels.stolen}'

echo "-- secrets and config maps: those of its pods only"
k create serviceaccount builder >/dev/null
k create secret generic s1 --from-literal=a=1 >/dev/null
k create secret generic s2 --from-literal=a=2 >/dev/null
k create secret generic s3 --from-literal=a=3 >/dev/null
k create secret docker-registry pull --docker-server=r.example.com --docker-username=u --docker-password=p >/dev/null
k create configmap cm1 --from-literal=k=v >/dev/null
k create configmap cm2 --from-literal=k=v >/dev/null
k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: p1}
spec:
  nodeName: n1
  serviceAccountName: builder
  imagePullSecrets: [{name: pull}]
  containers:
  - name: c
    image: nginx
    envFrom: [{configMapRef: {name: cm1}}]
    volumeMounts: [{name: s, mountPath: /s}]
  volumes:
  - {name: s, secret: {secretName: s1}}
---
apiVersion: v1
kind: Pod
metadata: {name: p2}
spec:
  nodeName: n2
  serviceAccountName: builder
  containers:
  - name: c
    image: nginx
    env: [{name: A, valueFrom: {secretKeyRef: {name: s2, key: a}}}, {name: B, valueFrom: {configMapKeyRef: {name: cm2, key: k}}}]
EOF
out "n1 reads the secret its pod mounts" '^s1 ' n1 get secret s1 --no-headers
out "and its image pull secret" '^pull ' n1 get secret pull --no-headers
out "and the config map its pod uses" '^cm1 ' n1 get configmap cm1 --no-headers
NOREL="no relationship found between node 'n1' and this object"
fails "not the secret of n2's pod" \
	"secrets \"s2\" is forbidden: $FORBID_N1 get resource \"secrets\" in API group \"\" in the namespace \"default\": $NOREL" \
	n1 get secret s2
fails "nor n2's config map" "configmaps \"cm2\" is forbidden: .*$NOREL" n1 get configmap cm2
fails "nor an unrelated secret" "secrets \"s3\" is forbidden: .*$NOREL" n1 get secret s3
fails "n1 cannot list secrets" \
	"secrets is forbidden: $FORBID_N1 list resource \"secrets\" in API group \"\" in the namespace \"default\": No Object name found" \
	n1 get secrets
out "a kubelet-style list of one by name works" '^s1 ' n1 get secrets --field-selector metadata.name=s1 --no-headers
fails "but not of another" "secrets \"s3\" is forbidden: .*$NOREL" n1 get secrets --field-selector metadata.name=s3
fails "n1 cannot change a secret it may read" "$FORBID_N1 patch resource \"secrets\" .*: can only read resources of this type" \
	n1 patch secret s1 -p '{"data":{"b":"Yg=="}}'
k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: p3}
spec:
  nodeName: n1
  containers: [{name: c, image: nginx, envFrom: [{secretRef: {name: s3}}]}]
EOF
ok "a pod bound to n1 that uses s3 lets n1 read it" n1 get secret s3
k delete pod p3 --grace-period=0 --force >/dev/null 2>&1
k delete pod p3 --ignore-not-found >/dev/null 2>&1
gone_s3() { ! n1 get secret s3 >/dev/null 2>&1; }
eventually "once the pod is gone, it cannot" gone_s3

echo "-- pods: its own"
out "n1 reads its pod" '^p1 ' n1 get pod p1 --no-headers
fails "not n2's" "pods \"p2\" is forbidden: $FORBID_N1 get resource \"pods\" .*: $NOREL" n1 get pod p2
out "n1 lists its pods by spec.nodeName" '^p1$' n1 get pods --field-selector spec.nodeName=n1 -o 'jsonpath={.items[*].metadata.name}'
fails "n1 cannot list every pod" 'can only list/watch pods with spec.nodeName field selector' n1 get pods
n1 get pod p1 -o json | jset "o['status']['phase'] = 'Running'" > p1-status.json
k get pod p2 -o json | jset "o['status']['phase'] = 'Running'" > p2-status.json
out "n1 updates its pod's status" '"phase": ?"Running"' \
	n1 replace --raw /api/v1/namespaces/default/pods/p1/status -f p1-status.json
out "it is Running" '^Running$' k get pod p1 -o jsonpath='{.status.phase}'
fails "not n2's pod's status" \
	'pods "p2" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself' \
	n1 replace --raw /api/v1/namespaces/default/pods/p2/status -f p2-status.json
fails "n1 cannot update a pod's spec" "$FORBID_N1 patch resource \"pods\"" \
	n1 patch pod p1 -p '{"metadata":{"labels":{"a":"b"}}}'
fails "n1 cannot delete n2's pod" 'pods "p2" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself' \
	n1 delete pod p2 --wait=false
echo '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p2"}}' > evict.json
fails "nor evict it" 'pods "p2" is forbidden: node n1 can only evict pods with spec.nodeName set to itself' \
	n1 create --raw /api/v1/namespaces/default/pods/p2/eviction -f evict.json
fails "n1 creates no ordinary pods" \
	'pods "x" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods' \
	n1 run x --image=nginx --overrides='{"spec":{"nodeName":"n1"}}'
uid_n1=$(k get node n1 -o jsonpath='{.metadata.uid}')
mirror() { # name node secret-volume?
	cat <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: $1
  annotations: {kubernetes.io/config.mirror: "hash"}
  ownerReferences: [{apiVersion: v1, kind: Node, name: n1, uid: "$uid_n1", controller: true}]
spec:
  nodeName: $2
  containers: [{name: c, image: nginx}]
$( [ -n "${3:-}" ] && printf '  volumes: [{name: s, secret: {secretName: %s}}]' "$3")
EOF
}
out "n1 creates a mirror pod of its static pod" 'pod/static-n1 created' n1 create -f - < <(mirror static-n1 n1)
fails "not one bound to n2" 'node "n1" can only create pods with spec.nodeName set to itself' n1 create -f - < <(mirror static-x n2)
fails "nor one that uses a secret" 'node "n1" can not create pods that reference secrets' n1 create -f - < <(mirror static-y n1 s3)
ok "n1 deletes its own pod" n1 delete pod static-n1 --wait=false

echo "-- leases: its own, in kube-node-lease"
lease() { # name namespace
	printf '{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s","namespace":"%s"},"spec":{"holderIdentity":"%s","leaseDurationSeconds":40,"renewTime":"%s"}}' \
		"$1" "$2" "$1" "$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)"
}
out "n1 creates its Lease" 'lease.coordination.k8s.io/n1 created' n1 create -f - <<<"$(lease n1 kube-node-lease)"
out "and renews it" 'lease.coordination.k8s.io/n1 patched' \
	n1 patch lease n1 -n kube-node-lease --type=merge -p "{\"spec\":{\"renewTime\":\"$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)\"}}"
out "and replaces it" 'lease.coordination.k8s.io/n1 replaced' n1 replace -f - <<<"$(n1 get lease n1 -n kube-node-lease -o json)"
fails "n1 cannot create n2's Lease" \
	'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node' \
	n1 create -f - <<<"$(lease n2 kube-node-lease)"
ok "n2 creates its own" n2 create -f - <<<"$(lease n2 kube-node-lease)"
k get lease n2 -n kube-node-lease -o json | jset "o['spec']['holderIdentity'] = 'n1'" > n2-lease.json
fails "n1 cannot renew n2's Lease" \
	"leases.coordination.k8s.io \"n2\" is forbidden: $FORBID_N1 update resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"kube-node-lease\": can only access node lease with the same name as the requesting node" \
	n1 replace --raw /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n2 -f n2-lease.json
fails "nor read it" "$FORBID_N1 get resource \"leases\"" n1 get lease n2 -n kube-node-lease
fails "nor delete it" 'can only access node lease with the same name as the requesting node' \
	n1 delete lease n2 -n kube-node-lease --wait=false
fails "nor keep a Lease elsewhere" 'can only access leases in the "kube-node-lease" system namespace' \
	n1 create -f - <<<"$(lease n1 default)"

echo "-- service account tokens: for its pods, their audiences"
uid_p1=$(k get pod p1 -o jsonpath='{.metadata.uid}')
uid_p2=$(k get pod p2 -o jsonpath='{.metadata.uid}')
ok "n1 gets a token for its pod's service account" \
	n1 create token builder --bound-object-kind Pod --bound-object-name p1 --bound-object-uid "$uid_p1"
fails "not bound to n2's pod" 'serviceaccounts "builder" is forbidden: node requested token bound to a pod scheduled on a different node' \
	n1 create token builder --bound-object-kind Pod --bound-object-name p2 --bound-object-uid "$uid_p2"
fails "not unbound" 'serviceaccounts "builder" is forbidden: node requested token not bound to a pod' n1 create token builder
fails "not for an audience the pod does not use" \
	'serviceaccounts "builder" is forbidden: audience "vault" not found in pod spec volume, system:node:n1 is not authorized to request tokens for this audience' \
	n1 create token builder --audience vault --bound-object-kind Pod --bound-object-name p1 --bound-object-uid "$uid_p1"
fails "not for a service account no pod of its uses" \
	"serviceaccounts \"default\" is forbidden: $FORBID_N1 create resource \"serviceaccounts/token\" .*: $NOREL" \
	n1 create token default --bound-object-kind Pod --bound-object-name p1 --bound-object-uid "$uid_p1"

echo "-- certificate requests: in its own name"
csr() { # name CN
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.k" \
		-subj "/O=system:nodes/CN=$2" -out "$1.req" 2>/dev/null
	printf '{"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"%s"},"spec":{"request":"%s","signerName":"kubernetes.io/kube-apiserver-client-kubelet","usages":["digital signature","client auth"]}}' \
		"$1" "$(base64 -w0 < "$1.req")"
}
out "n1 asks for a client certificate of its own" 'csr-n1 created' n1 create -f - <<<"$(csr csr-n1 system:node:n1)"
fails "not one for n2" \
	'certificatesigningrequests.certificates.k8s.io "csr-n2" is forbidden: can only create a node CSR with CN=system:node:n1' \
	n1 create -f - <<<"$(csr csr-n2 system:node:n2)"

echo "-- kubectl auth can-i as a node"
out "can-i get its secret" '^yes$' n1 auth can-i get secret/s1
fails "can-i get n2's secret: no, with the reason" "^no - $NOREL$" n1 auth can-i get secret/s2
fails "can-i list secrets: no" '^no - No Object name found$' n1 auth can-i list secrets
out "can-i patch its Node" '^yes$' n1 auth can-i patch node/n1
fails "can-i update n2's Lease: no" '^no - can only access node lease with the same name as the requesting node$' \
	n1 auth can-i update lease/n2 -n kube-node-lease
out "can-i create events (the static node rules)" '^yes$' n1 auth can-i create events
fails "can-i create deployments: no" '^no$' n1 auth can-i create deployments.apps
sar() { # verb resource name
	printf '{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"system:node:n1","groups":["system:nodes","system:authenticated"],"resourceAttributes":{"namespace":"default","verb":"%s","resource":"%s","name":"%s"}}}' "$@" |
		k create --validate=false -f - -o jsonpath='{.status.allowed} {.status.reason}'
}
out "the admin asks about n1: allowed" '^true $' sar get secrets s1
out "and denied, with the reason" "^false $NOREL$" sar get secrets s2
out "a rules review says the Node authorizer cannot list them" 'node authorizer does not support user rule resolution' \
	n1 auth can-i --list

echo "-- others are unaffected"
out "the admin labels n2 as it likes" 'node/n2 labeled' k label node n2 node-role.kubernetes.io/control-plane= node-restriction.kubernetes.io/pool=b
out "and reads every secret" 's3' k get secrets
finish
