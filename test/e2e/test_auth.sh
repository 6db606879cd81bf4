#!/usr/bin/env bash
# Authentication (client certificates, static tokens, anonymous) and RBAC authorization.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"
cat > "$WORK/tokens.csv" <<TOK
admintoken,token-admin,1,"system:masters"
viewtoken,viewer,2,
devtoken,dev,3,"devs,other"
readtoken,reader,4,
edittoken,editor,5,
nobodytoken,nobody,6,
TOK
export APISERVER_FLAGS="--authorization-mode=RBAC --token-auth-file=$WORK/tokens.csv"
cluster_up
as() { # token, then kubectl arguments
	local t=$1; shift
	k --kubeconfig=/dev/null -s "https://127.0.0.1:$PORT" --certificate-authority="$CLUSTER/pki/ca.crt" \
		${t:+--token=$t} "$@"
}

echo "-- authentication"
out "client certificate in system:masters is admin" 'kube-system' k get ns
out "token in system:masters is admin" 'kube-system' as admintoken get ns
fails "a bad token is 401" 'Unauthorized' as nosuchtoken get ns
anon() { curl -sS --cacert "$CLUSTER/pki/ca.crt" "https://127.0.0.1:$PORT$1"; }
out "anonymous is forbidden without a binding" 'User \\"system:anonymous\\" cannot list resource \\"namespaces\\" in API group \\"\\" at the cluster scope' anon /api/v1/namespaces

echo "-- RBAC"
k27 create clusterrole pod-reader --verb=get,list,watch --resource=pods >/dev/null
k27 create rolebinding viewer-pods --clusterrole=pod-reader --user=viewer -n default >/dev/null
k27 create role cm-writer --verb=create,get --resource=configmaps -n team1 2>/dev/null || \
	{ k27 create namespace team1 >/dev/null 2>&1; k27 create role cm-writer --verb=create,get --resource=configmaps -n team1 >/dev/null; }
k27 create rolebinding devs-cm --role=cm-writer --group=devs -n team1 >/dev/null
out "viewer can list pods in default" 'No resources found|NAME' as viewtoken get pods -n default
fails "viewer cannot list pods elsewhere" 'User "viewer" cannot list resource "pods" in API group "" in the namespace "kube-system"' as viewtoken get pods -n kube-system
fails "viewer cannot create pods" 'cannot create resource "pods"' as viewtoken run x --image=nginx
fails "viewer cannot read secrets" 'cannot list resource "secrets"' as viewtoken get secrets
out "group binding lets dev create a configmap" 'configmap/c1 created' as devtoken create -f - -n team1 <<<'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"}}'
fails "dev cannot delete it" 'cannot delete resource "configmaps" in API group "" in the namespace "team1"' as devtoken delete configmap c1 -n team1
k27 create clusterrole agg --aggregation-rule="rbac.example.com/aggregate=true" >/dev/null
k27 create clusterrole agg-part --verb=list --resource=nodes >/dev/null
k label clusterrole agg-part rbac.example.com/aggregate=true >/dev/null
k27 create clusterrolebinding viewer-agg --clusterrole=agg --user=viewer >/dev/null
out "aggregated cluster role grants its parts" 'No resources found|NAME' as viewtoken get nodes
k delete clusterrolebinding viewer-agg >/dev/null
fails "revoking takes effect" 'cannot list resource "nodes"' as viewtoken get nodes
fails "subresources need their own rule" 'cannot get resource "deployments/scale"' as viewtoken get --raw /apis/apps/v1/namespaces/default/deployments/x/scale

echo "-- default RBAC policy"
out "upstream's default cluster roles exist" 'system:aggregate-to-view' k get clusterroles cluster-admin admin edit view system:aggregate-to-view system:discovery system:basic-user system:public-info-viewer system:node system:kube-scheduler system:kube-controller-manager system:controller:deployment-controller
out "default roles carry the bootstrapping label and autoupdate annotation" '^rbac-defaults true$' \
	k get clusterrole edit -o 'jsonpath={.metadata.labels.kubernetes\.io/bootstrapping} {.metadata.annotations.rbac\.authorization\.kubernetes\.io/autoupdate}'
out "view aggregates the roles labeled aggregate-to-view" 'rbac.authorization.k8s.io/aggregate-to-view' \
	k get clusterrole view -o 'jsonpath={.aggregationRule.clusterRoleSelectors[0].matchLabels}'
out "cluster-admin is bound to system:masters" '^Group system:masters$' k get clusterrolebinding cluster-admin -o 'jsonpath={.subjects[0].kind} {.subjects[0].name}'
out "public info is bound to everyone" 'system:authenticated system:unauthenticated' k get clusterrolebinding system:public-info-viewer -o 'jsonpath={.subjects[*].name}'
out "controller roles are bound to their service accounts" '^ServiceAccount kube-system deployment-controller$' \
	k get clusterrolebinding system:controller:deployment-controller -o 'jsonpath={.subjects[0].kind} {.subjects[0].namespace} {.subjects[0].name}'
out "kube-system roles and bindings exist" 'system::leader-locking-kube-scheduler' k get roles,rolebindings -n kube-system
out "kube-public bootstrap-signer role exists" 'system:controller:bootstrap-signer' k get role -n kube-public

echo "-- access reviews"
# kubectl 1.33 sends these reviews as protobuf, 1.27 as JSON: both are checked.
as27() { # token, then kubectl 1.27 arguments
	local t=$1; shift
	"$K27" --kubeconfig=/dev/null -s "https://127.0.0.1:$PORT" --certificate-authority="$CLUSTER/pki/ca.crt" \
		${t:+--token=$t} "$@"
}
can() { local t=$1; shift; as27 "$t" auth can-i "$@"; }
k27 create clusterrolebinding reader-view --clusterrole=view --user=reader >/dev/null
k27 create rolebinding editor-edit --clusterrole=edit --user=editor -n default >/dev/null
out "client-certificate admin can do anything" '^yes$' k27 auth can-i '*' '*'
out "token admin can do anything" '^yes$' can admintoken '*' '*'
out "admin's rules list everything" '^\*\.\* +\[\] +\[\] +\[\*\]' can admintoken --list
out "kubectl 1.33 (protobuf reviews) agrees for view" '^yes$' as readtoken auth can-i list pods -n default
fails "kubectl 1.33 (protobuf reviews) denies secrets to view" '^no$' as readtoken auth can-i get secrets -n default
out "kubectl 1.33 lists view's rules" '^pods +\[\] +\[\] +\[get list watch\]' as readtoken auth can-i --list
for r in pods services deployments.apps; do
	out "view can list $r" '^yes$' can readtoken list $r -n default
done
out "view reads pods, services and deployments" 'No resources found|NAME' as readtoken get pods,services,deployments -n kube-system
fails "view cannot read secrets (can-i)" '^no$' can readtoken get secrets -n default
fails "view cannot read secrets" 'User "reader" cannot list resource "secrets"' as readtoken get secrets -n default
fails "view cannot create pods" '^no$' can readtoken create pods
out "view's rule list has pods but no secrets" '^pods +\[\] +\[\] +\[get list watch\]' can readtoken --list
if can readtoken --list | grep -q '^secrets'; then fail "view's rule list has no secrets"; else pass "view's rule list has no secrets"; fi
out "edit can create deployments" '^yes$' can edittoken create deployments.apps -n default
fails "edit cannot create roles" '^no$' can edittoken create roles.rbac.authorization.k8s.io -n default
fails "edit is only bound in default" '^no$' can edittoken create deployments.apps -n kube-system
out "edit creates a deployment" 'deployment.apps/web created' as27 edittoken create deployment web --image=nginx -n default
fails "edit cannot create a role" 'User "editor" cannot create resource "roles" in API group "rbac.authorization.k8s.io"' \
	as edittoken create role r1 --verb=get --resource=pods -n default
out "any authenticated user may read discovery paths" '^yes$' can nobodytoken get /api
fails "but not other paths" '^no$' can nobodytoken get /logs
for p in /api /apis /openapi/v2 /openapi/v3 /version; do
	ok "an authenticated user without bindings fetches $p" as nobodytoken get --raw "$p"
done
code() { curl -sS -o /dev/null -w '%{http_code}' --cacert "$CLUSTER/pki/ca.crt" "$@"; }
for p in /healthz /livez /readyz /version; do
	out "anonymous may read $p" '^200$' code "https://127.0.0.1:$PORT$p"
done
for p in /api /apis /openapi/v2 /apis/apps/v1; do
	out "anonymous may not read $p" '^403$' code "https://127.0.0.1:$PORT$p"
done
out "anonymous may not ask what it may do" '^403$' code -X POST -H 'Content-Type: application/json' \
	-d '{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}' \
	"https://127.0.0.1:$PORT/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
echo "  skip service account tokens (not issued yet)"
sar() { # user verb resource
	k27 create --validate=false -o 'jsonpath={.status.allowed}' -f - <<<"{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":\"$1\",\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"$2\",\"resource\":\"$3\"}}}"
}
out "SubjectAccessReview allows view to list pods" '^true$' sar reader list pods
out "SubjectAccessReview denies view to list secrets" '^false$' sar reader list secrets
fails "a SubjectAccessReview needs a user or group" 'at least one of user or group must be specified' \
	k27 create --validate=false -f - <<<'{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}'
fails "an access review needs attributes" 'exactly one of nonResourceAttributes or resourceAttributes must be specified' \
	k27 create --validate=false -f - <<<'{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{}}'
out "a LocalSubjectAccessReview answers in its namespace" '^true$' k27 create --validate=false -n default -o 'jsonpath={.status.allowed}' -f - \
	<<<'{"apiVersion":"authorization.k8s.io/v1","kind":"LocalSubjectAccessReview","spec":{"user":"editor","resourceAttributes":{"namespace":"default","verb":"create","group":"apps","resource":"deployments"}}}'
fails "reviews are not stored" 'MethodNotAllowed|does not allow this method' k get selfsubjectaccessreviews

echo "-- reconciliation at start"
k patch clusterrole system:basic-user --type=json \
	-p '[{"op":"replace","path":"/rules","value":[{"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews"],"verbs":["create"]}]}]' >/dev/null
k patch clusterrole system:heapster --type=json \
	-p '[{"op":"replace","path":"/rules","value":[]},{"op":"replace","path":"/metadata/annotations/rbac.authorization.kubernetes.io~1autoupdate","value":"false"}]' >/dev/null
k delete clusterrole system:kube-dns >/dev/null
apiserver_restart
out "missing rules are added back" 'selfsubjectrulesreviews' k get clusterrole system:basic-user -o 'jsonpath={.rules}'
out "a deleted default role is created again" 'system:kube-dns' k get clusterrole system:kube-dns
out "autoupdate=false is left alone" '^\[\]$|^$' k get clusterrole system:heapster -o 'jsonpath={.rules}'

finish
