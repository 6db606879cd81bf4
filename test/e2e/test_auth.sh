#!/usr/bin/env bash
# Authentication (client certificates, static tokens, anonymous) and RBAC authorization.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"
cat > "$WORK/tokens.csv" <<TOK
admintoken,token-admin,1,"system:masters"
viewtoken,viewer,2,
devtoken,dev,3,"devs,other"
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

finish
