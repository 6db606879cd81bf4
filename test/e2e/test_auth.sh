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

echo "-- service account tokens"
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
seg() { # N TOKEN: the Nth segment of a JWT, decoded
	python3 -c 'import sys, base64; s = sys.argv[2].split(".")[int(sys.argv[1])]; print(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode())' "$@"
}
jwt() { # claims JSON: an RS256 token signed with the cluster's service account key
	local h p
	h=$(printf '{"alg":"RS256","kid":""}' | b64url)
	p=$(printf '%s' "$1" | b64url)
	printf '%s.%s.%s' "$h" "$p" "$(printf '%s.%s' "$h" "$p" | openssl dgst -sha256 -sign "$CLUSTER/pki/sa.key" -binary | b64url)"
}
review() { # token [audience]: the TokenReview's status
	local auds=${2:+,\"audiences\":[\"$2\"]}
	k27 create --validate=false -o 'jsonpath={.status}' -f - <<<"{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"$1\"$auds}}"
}
k27 create serviceaccount sa1 >/dev/null
k27 create serviceaccount default >/dev/null 2>&1
k27 create rolebinding sa1-view --clusterrole=view --serviceaccount=default:sa1 -n default >/dev/null
k27 create rolebinding default-view --clusterrole=view --serviceaccount=default:default -n default >/dev/null
T=$(k create token sa1)
out "kubectl create token issues a JWT" '^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' echo "$T"
out "the token is RS256 with its key's id" '^\{"alg":"RS256","kid":"[A-Za-z0-9_-]{43}"\}$' seg 0 "$T"
out "the token names its account, issuer and audience" '"aud":\["https://kubernetes.default.svc.cluster.local"\].*"iss":"https://kubernetes.default.svc.cluster.local".*"serviceaccount":\{"name":"sa1","uid":"[0-9a-f-]{36}"\}.*"sub":"system:serviceaccount:default:sa1"' seg 1 "$T"
out "the service account's token lists pods" 'No resources found|NAME' as "$T" get pods -n default
fails "but may not read secrets" 'User "system:serviceaccount:default:sa1" cannot list resource "secrets"' as "$T" get secrets -n default
out "kubectl --token=\$(kubectl create token default) get pods" 'No resources found|NAME' as "$(k create token default)" get pods -n default
out "kubectl 1.27 creates tokens too (JSON)" '^eyJ' k27 create token sa1 --duration=1h
fails "tokens last at least ten minutes" 'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes' k create token sa1 --duration=1m
fails "the service account must exist" 'serviceaccounts "nosuch" not found' k create token nosuch
fails "a bound pod must exist" 'pods "nopod" not found' k create token sa1 --bound-object-kind Pod --bound-object-name nopod
k27 run tokpod --image=nginx --overrides='{"apiVersion":"v1","spec":{"serviceAccountName":"sa1"}}' >/dev/null
PT=$(k create token sa1 --bound-object-kind Pod --bound-object-name tokpod)
out "a pod-bound token names its pod" '"pod":\{"name":"tokpod","uid":"[0-9a-f-]{36}"\}' seg 1 "$PT"
out "a pod-bound token works while its pod exists" 'tokpod' as "$PT" get pods -n default
out "TokenReview reports the pod in extra" '"authentication.kubernetes.io/pod-name":\["tokpod"\]' review "$PT"
fails "a token bound to another uid is refused" 'does not match the UID in record' \
	k create token sa1 --bound-object-kind Pod --bound-object-name tokpod --bound-object-uid 00000000-0000-0000-0000-000000000000
k delete pod tokpod --force --grace-period=0 >/dev/null 2>&1
fails "a pod-bound token stops working once its pod is gone" 'Unauthorized|provide credentials' as "$PT" get pods -n default
out "TokenReview says it was invalidated" 'service account token has been invalidated' review "$PT"
now=$(date +%s)
sa_uid=$(k get sa sa1 -o 'jsonpath={.metadata.uid}')
claims() { # exp
	printf '{"aud":["https://kubernetes.default.svc.cluster.local"],"exp":%d,"iat":%d,"iss":"https://kubernetes.default.svc.cluster.local","kubernetes.io":{"namespace":"default","serviceaccount":{"name":"sa1","uid":"%s"}},"nbf":%d,"sub":"system:serviceaccount:default:sa1"}' \
		"$1" $((now - 7200)) "$sa_uid" $((now - 7200))
}
out "a token signed with the service account key is accepted" 'No resources found|NAME' as "$(jwt "$(claims $((now + 600)))")" get pods -n default
expired=$(jwt "$(claims $((now - 3600)))")
fails "an expired token is 401" 'Unauthorized|provide credentials' as "$expired" get pods -n default
out "TokenReview says it expired" 'service account token has expired' review "$expired"
tampered="$(cut -d. -f1 <<<"$T").$(seg 1 "$T" | sed 's/:sa1"/:default"/' | b64url).$(cut -d. -f3 <<<"$T")"
fails "a tampered token is 401" 'Unauthorized|provide credentials' as "$tampered" get pods -n default
out "TokenReview says the signature is bad" 'invalid signature' review "$tampered"
out "TokenReview authenticates a service account token" '"authenticated":true' review "$T"
out "TokenReview names the user" '"username":"system:serviceaccount:default:sa1"' review "$T"
out "TokenReview lists the groups" '"groups":\["system:serviceaccounts","system:serviceaccounts:default","system:authenticated"\]' review "$T"
out "TokenReview lists the audiences" '"audiences":\["https://kubernetes.default.svc.cluster.local"\]' review "$T"
out "TokenReview refuses other audiences" '^\{"error":"token audiences \[.*kubernetes.default.svc.cluster.local.*\] is invalid for the target audiences \[.*other-audience.*\]","user":\{\}\}$' review "$T" other-audience
out "TokenReview knows static tokens" '"username":"viewer"' review viewtoken
out "TokenReview does not know made-up tokens" '^\{"user":\{\}\}$' review nosuchtoken
fails "TokenReview needs a token" 'token is required for TokenReview' review ""
legacy=$(jwt "{\"iss\":\"kubernetes/serviceaccount\",\"kubernetes.io/serviceaccount/namespace\":\"default\",\"kubernetes.io/serviceaccount/secret.name\":\"sa1-legacy\",\"kubernetes.io/serviceaccount/service-account.name\":\"sa1\",\"kubernetes.io/serviceaccount/service-account.uid\":\"$sa_uid\",\"sub\":\"system:serviceaccount:default:sa1\"}")
k create -f - >/dev/null <<<"{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"sa1-legacy\",\"annotations\":{\"kubernetes.io/service-account.name\":\"sa1\"}},\"type\":\"kubernetes.io/service-account-token\",\"data\":{\"token\":\"$(printf %s "$legacy" | base64 -w0)\"}}"
out "a legacy token held by its secret is accepted" 'No resources found|NAME' as "$legacy" get pods -n default
k delete secret sa1-legacy >/dev/null
fails "a legacy token stops working with its secret" 'Unauthorized|provide credentials' as "$legacy" get pods -n default
k delete serviceaccount sa1 >/dev/null
fails "a token stops working with its service account" 'Unauthorized|provide credentials' as "$T" get pods -n default
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

# Impersonation (kubectl --as / --as-group / --as-uid), authorized per part as upstream.
echo "-- impersonation"
fails "the admin acts as viewer with --as" 'User "viewer" cannot list resource "secrets"' \
	k get secrets -n default --as=viewer
out "can-i answers for the impersonated user" '^yes$' k auth can-i list pods -n default --as=viewer
fails "and denies what viewer may not do" '^no$' k auth can-i list pods -n kube-system --as=viewer
fails "viewer may not impersonate" \
	'users "admin" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope' \
	as viewtoken get pods -n default --as=admin
out "--as-group adds the group" '^yes$' k auth can-i '*' '*' --as=someone --as-group=system:masters
fails "a service account is impersonated as one" \
	'User "system:serviceaccount:default:default" cannot list resource "secrets"' \
	k get secrets -n default --as=system:serviceaccount:default:default
k create clusterrole impersonate-groups --verb=impersonate --resource=groups >/dev/null
k create clusterrolebinding viewer-imp --clusterrole=impersonate-groups --user=viewer >/dev/null
fails "impersonating only groups needs a user" 'without impersonating a user|impersonat' \
	as viewtoken get pods -n default --as-group=x
k delete clusterrolebinding viewer-imp >/dev/null

echo "-- kubectl auth whoami (SelfSubjectReview)"
out "the admin's certificate user and groups" 'Username +kubernetes-admin' k auth whoami
out "a token user" 'Username +viewer' as viewtoken auth whoami
out "whoami follows impersonation" 'Groups +\[devs system:authenticated\]' \
	k auth whoami --as=jane --as-group=devs
whoami_as() { # EXTRA-HEADER: a SelfSubjectReview by the admin impersonating jane
	curl -sS --cacert "$CLUSTER/pki/ca.crt" --cert "$CLUSTER/pki/admin.crt" \
		--key "$CLUSTER/pki/admin.key" -H 'Content-Type: application/json' \
		-H 'Impersonate-User: jane' -H "$1" -d '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
		"https://127.0.0.1:$PORT/apis/authentication.k8s.io/v1/selfsubjectreviews"
}
out "an Impersonate-Extra key is lower-cased and percent-decoded" '"extra":\{"scopes/a":\["x"\]\}' \
	whoami_as 'Impersonate-Extra-Scopes%2FA: x'
out "a key with a malformed escape is kept as it is" '"extra":\{"bad%4g":\["y"\]\}' \
	whoami_as 'Impersonate-Extra-Bad%4G: y'

finish
