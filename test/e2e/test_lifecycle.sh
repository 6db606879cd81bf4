#!/usr/bin/env bash
# Lifecycle controllers against the real kubectl: endpoints and endpointslices from pod
# readiness, namespace deletion, cascading deletion (background, foreground, orphan), default
# service accounts, kube-root-ca.crt and legacy service account token secrets.
. "$(dirname "$0")/lib.sh"
cluster_up
P=$CLUSTER/pki
"$BIN/kube-controller-manager" --kubeconfig="$CLUSTER/admin.conf" --secure-port=0 \
	--leader-elect=false --root-ca-file="$P/ca.crt" --service-account-private-key-file="$P/sa.key" \
	--controllers=endpoint,endpointslice,namespace,garbagecollector,serviceaccount,serviceaccount-token,root-ca-cert-publisher \
	> "$CLUSTER/logs/kube-controller-manager.log" 2>&1 &
CM=$!
trap 'kill $CM 2>/dev/null' EXIT
stop_cm() { kill "$CM" 2>/dev/null; wait "$CM" 2>/dev/null; }

# has CMD... REGEX: the command's output matches (for eventually).
fails_quiet() { ! "$@" >/dev/null 2>&1; }
has() { local re=${*: -1}; "${@:1:$#-1}" 2>&1 | grep -Eq -- "$re"; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
pod() { # name ip ready
	k create -f - >/dev/null <<POD
apiVersion: v1
kind: Pod
metadata: {name: $1, labels: {app: web}}
spec:
  containers:
  - name: c
    image: nginx
    ports: [{name: http, containerPort: 8080}]
POD
	k patch pod "$1" --subresource=status --type=merge -p "{\"status\":{\"phase\":\"Running\",\"podIP\":\"$2\",\"podIPs\":[{\"ip\":\"$2\"}],\"conditions\":[{\"type\":\"Ready\",\"status\":\"$3\",\"lastTransitionTime\":\"$(now)\"}]}}" >/dev/null
}

echo "-- endpoints and endpointslices"
k create service clusterip web --tcp=80:http >/dev/null
k patch service web --type=merge -p '{"spec":{"selector":{"app":"web"}}}' >/dev/null
pod web-a 10.1.0.1 True
pod web-b 10.1.0.2 True
pod web-c 10.1.0.3 False
eventually "endpoints list the ready pods on the named port" \
	has k get endpoints web '10.1.0.1:8080,10.1.0.2:8080'
eventually "an unready pod is a notReadyAddress" \
	has k get endpoints web -o jsonpath='{.subsets[0].notReadyAddresses[*].ip}' '10.1.0.3'
out "addresses point at their pods" 'Pod web-a' \
	k get endpoints web -o jsonpath='{.subsets[0].addresses[0].targetRef.kind} {.subsets[0].addresses[0].targetRef.name}'
out "the trigger time annotation is set" '[0-9]{4}-' \
	k get endpoints web -o jsonpath='{.metadata.annotations.endpoints\.kubernetes\.io/last-change-trigger-time}'
eventually "an endpointslice lists all three" has k get endpointslices -l kubernetes.io/service-name=web \
	'IPv4 +8080 +10.1.0.1,10.1.0.2,10.1.0.3'
out "the slice is the controller's and the service's" 'endpointslice-controller.k8s.io Service web' \
	k get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{.items[0].metadata.labels.endpointslice\.kubernetes\.io/managed-by} {.items[0].metadata.ownerReferences[0].kind} {.items[0].metadata.ownerReferences[0].name}'
out "conditions follow readiness" 'false' k get endpointslices -l kubernetes.io/service-name=web \
	-o jsonpath='{.items[0].endpoints[?(@.addresses[0]=="10.1.0.3")].conditions.ready}'
k patch pod web-c --subresource=status --type=merge -p "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"$(now)\"}]}}" >/dev/null
eventually "a pod turning ready joins the addresses" \
	has k get endpoints web '10.1.0.1:8080,10.1.0.2:8080,10.1.0.3:8080'
k delete pod web-a --wait=false >/dev/null
eventually "a deleted pod leaves" has k get endpoints web ' 10.1.0.2:8080,10.1.0.3:8080 '
k create service clusterip hl --clusterip=None >/dev/null
k patch service hl --type=merge -p '{"spec":{"selector":{"app":"web"}}}' >/dev/null
eventually "a headless service without ports gets addresses" \
	has k get endpoints hl -o jsonpath='{.subsets[0].addresses[*].ip}' '10.1.0.2 10.1.0.3'
out "headless endpoints carry the headless label" 'true' \
	sh -c "$K33 get endpoints hl -o json | grep -q 'service.kubernetes.io/headless' && echo true"
k create -f - >/dev/null <<'SVC'
apiVersion: v1
kind: Service
metadata: {name: manual}
spec: {ports: [{port: 80}]}
SVC
sleep 1
fails "a service without selector is left alone" 'NotFound' k get endpoints manual
k delete service web >/dev/null
eventually "endpoints go with their service" fails_quiet k get endpoints web
eventually "slices go with their service (garbage collector)" \
	has k get endpointslices -l kubernetes.io/service-name=web 'No resources'

echo "-- service accounts and the root CA"
k create namespace life >/dev/null
eventually "a new namespace gets a default service account" k -n life get serviceaccount default
eventually "a new namespace gets kube-root-ca.crt" k -n life get configmap kube-root-ca.crt
out "kube-root-ca.crt holds the CA" 'BEGIN CERTIFICATE' \
	k -n life get configmap kube-root-ca.crt -o jsonpath='{.data.ca\.crt}'
k -n life delete serviceaccount default >/dev/null
eventually "a deleted default service account comes back" k -n life get serviceaccount default
k -n life patch configmap kube-root-ca.crt --type=merge -p '{"data":{"ca.crt":"junk"}}' >/dev/null
eventually "a modified kube-root-ca.crt is restored" \
	has k -n life get configmap kube-root-ca.crt -o jsonpath='{.data.ca\.crt}' 'BEGIN CERTIFICATE'

echo "-- legacy service account token secrets"
k -n life create serviceaccount robot >/dev/null
k -n life create -f - >/dev/null <<'SEC'
apiVersion: v1
kind: Secret
metadata: {name: robot-token, annotations: {kubernetes.io/service-account.name: robot}}
type: kubernetes.io/service-account-token
SEC
eventually "the token secret gets a token" \
	has k -n life get secret robot-token -o jsonpath='{.data.token}' '.'
out "and the account's uid" "$(k -n life get sa robot -o jsonpath='{.metadata.uid}')" \
	k -n life get secret robot-token -o jsonpath='{.metadata.annotations.kubernetes\.io/service-account\.uid}'
out "and its namespace" '^life$' sh -c "$K33 -n life get secret robot-token -o jsonpath='{.data.namespace}' | base64 -d"
TOKEN=$(k -n life get secret robot-token -o jsonpath='{.data.token}' | base64 -d)
as() { k --kubeconfig=/dev/null --server="https://127.0.0.1:$PORT" \
	--certificate-authority="$P/ca.crt" --token="$1" "${@:2}"; }
# RBAC (local-up runs Node,RBAC) gives the account nothing: a Forbidden naming it shows that
# the token authenticated.
fails "the token authenticates" 'User "system:serviceaccount:life:robot" cannot list' \
	as "$TOKEN" -n life get serviceaccounts
fails "a tampered token does not" "Unauthorized" as "${TOKEN}x" -n life get serviceaccounts
k -n life delete serviceaccount robot >/dev/null
eventually "the secret goes with its account" fails_quiet k -n life get secret robot-token

echo "-- cascading deletion"
owner() { k -n life create configmap "$1" >/dev/null; k -n life get configmap "$1" -o jsonpath='{.metadata.uid}'; }
dependent() { # name owner-name owner-uid [block]
	k -n life create -f - >/dev/null <<DEP
apiVersion: v1
kind: ConfigMap
metadata:
  name: $1
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: $2, uid: $3, blockOwnerDeletion: ${4:-false}}]
DEP
}
uid=$(owner bg)
dependent bg-dep bg "$uid"
k -n life delete configmap bg >/dev/null
eventually "background: the dependent is collected" fails_quiet k -n life get configmap bg-dep
uid=$(owner fg)
dependent fg-dep fg "$uid" true
k -n life delete configmap fg --cascade=foreground --wait=false >/dev/null
eventually "foreground: the dependent goes" fails_quiet k -n life get configmap fg-dep
eventually "foreground: then the owner" fails_quiet k -n life get configmap fg
uid=$(owner or)
dependent or-dep or "$uid"
k -n life delete configmap or --cascade=orphan >/dev/null
eventually "orphan: the owner goes" fails_quiet k -n life get configmap or
out "orphan: the dependent stays without the reference" '^or-dep:$' \
	k -n life get configmap or-dep -o jsonpath='{.metadata.name}:{.metadata.ownerReferences}'
dependent ghost nobody 00000000-0000-0000-0000-000000000000
eventually "a dependent of an owner that never existed is collected" fails_quiet k -n life get configmap ghost
k -n life create deployment d --image=nginx >/dev/null
k -n life delete deployment d --cascade=orphan >/dev/null
fails "kubectl delete deploy --cascade=orphan works" 'NotFound' k -n life get deploy d
k -n life create deployment f --image=nginx >/dev/null
k -n life delete deployment f --cascade=foreground >/dev/null
fails "kubectl delete deploy --cascade=foreground works" 'NotFound' k -n life get deploy f

echo "-- namespace deletion"
k -n life create configmap keep-me >/dev/null
k -n life create deployment web --image=nginx >/dev/null
k -n life run p --image=nginx >/dev/null
k delete namespace life --wait=false >/dev/null
eventually "the namespace is emptied and disappears" fails_quiet k get namespace life
out "nothing of it is left behind" '^$' k get configmaps,deployments,pods,serviceaccounts -n life -o name

k create namespace held >/dev/null
k -n held create -f - >/dev/null <<'CM'
apiVersion: v1
kind: ConfigMap
metadata: {name: held, finalizers: [example.com/hold]}
CM
k delete namespace held --wait=false >/dev/null
eventually "a namespace waiting on finalizers says so" has k get namespace held \
	-o jsonpath='{.status.conditions[?(@.type=="NamespaceFinalizersRemaining")].message}' \
	'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'
eventually "and which content remains" has k get namespace held \
	-o jsonpath='{.status.conditions[?(@.type=="NamespaceContentRemaining")].message}' \
	'^Some resources are remaining: configmaps has 1 resource instances$'
out "the namespace is Terminating" 'Terminating' k get namespace held
k -n held patch configmap held --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null
eventually "once the finalizer is gone so is the namespace" fails_quiet k get namespace held

stop_cm
finish
