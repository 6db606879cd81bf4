#!/usr/bin/env bash
# The API aggregation layer: APIService objects, front-proxy authentication, requests proxied
# to an extension API server (the metrics-server fixture) with the user in X-Remote-* headers,
# discovery of its resources, kubectl top, and the Available condition.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"
cat > "$WORK/tokens.csv" <<TOK
viewtoken,viewer,2,
readtoken,reader,3,"metrics-readers"
TOK
export APISERVER_FLAGS="--authorization-mode=RBAC --token-auth-file=$WORK/tokens.csv"
cluster_up
PKI=$CLUSTER/pki
API=https://127.0.0.1:$PORT
as() { # token, then kubectl arguments
	local t=$1; shift
	k --kubeconfig=/dev/null -s "$API" --certificate-authority="$PKI/ca.crt" --token="$t" "$@"
}
proxycurl() { # as the front proxy: curl arguments
	curl -sS --cacert "$PKI/ca.crt" --cert "$PKI/front-proxy-client.crt" \
		--key "$PKI/front-proxy-client.key" "$@"
}
admincurl() { curl -sS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"; }

echo "-- APIService objects"
out "built-in group-versions have Local APIServices" \
	'^v1\. +Local +True' k get apiservices
out "v2.autoscaling is Local and available" '^v2\.autoscaling +Local +True' k get apiservices
out "Local ones are marked automanaged onstart" '^onstart True Local$' \
	k get apiservice v1.apps -o 'jsonpath={.metadata.labels.kube-aggregator\.kubernetes\.io/automanaged} {.status.conditions[0].status} {.status.conditions[0].reason}'
out "priorities as upstream's" '^17800 15$' \
	k get apiservice v1.apps -o 'jsonpath={.spec.groupPriorityMinimum} {.spec.versionPriority}'
fails "the name must be version.group" 'metadata.name: Invalid value: "v1.wrong": must be `spec.version\+"."\+spec.group`: "v1beta1.example.com"' \
	k create -f - <<'EOF'
{"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1.wrong"},
 "spec":{"group":"example.com","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":10,
 "service":{"namespace":"default","name":"x"}}}
EOF
fails "priorities are checked" 'spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000' \
	k create -f - <<'EOF'
{"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1beta1.example.com"},
 "spec":{"group":"example.com","version":"v1beta1","versionPriority":10,"service":{"namespace":"default","name":"x"}}}
EOF
fails "a local APIService takes no caBundle" 'local APIServices may not have a caBundle' \
	k create -f - <<'EOF'
{"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1beta1.example.com"},
 "spec":{"group":"example.com","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":10,"caBundle":"AAAA"}}
EOF
out "extension-apiserver-authentication is published" '^\["front-proxy-client"\] \["X-Remote-User"\]$' \
	k get configmap -n kube-system extension-apiserver-authentication \
	-o 'jsonpath={.data.requestheader-allowed-names} {.data.requestheader-username-headers}'

echo "-- front-proxy authentication"
out "the front proxy's user is the one it names" 'User \\"alice\\" cannot list resource \\"secrets\\"' \
	proxycurl -H 'X-Remote-User: alice' -H 'X-Remote-Group: devs' "$API/api/v1/namespaces/default/secrets"
out "with its groups" '"kind": ?"SecretList"' \
	proxycurl -H 'X-Remote-User: alice' -H 'X-Remote-Group: system:masters' "$API/api/v1/namespaces/default/secrets"
out "without a user header the front proxy is no one" '"code": ?401' \
	proxycurl "$API/api/v1/namespaces/default/secrets"
out "an ordinary client certificate cannot name a user" '"kind": ?"SecretList"' \
	admincurl -H 'X-Remote-User: nobody' "$API/api/v1/namespaces/default/secrets"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=not-the-proxy" \
	-keyout "$WORK/other.key" -out "$WORK/other.csr" 2>/dev/null
openssl x509 -req -in "$WORK/other.csr" -CA "$PKI/front-proxy-ca.crt" -CAkey "$PKI/front-proxy-ca.key" \
	-CAcreateserial -days 3 -extfile <(echo "extendedKeyUsage=clientAuth") -out "$WORK/other.crt" 2>/dev/null
out "a front-proxy CA certificate with another name is refused" '"code": ?401' \
	curl -sS --cacert "$PKI/ca.crt" --cert "$WORK/other.crt" --key "$WORK/other.key" \
	-H 'X-Remote-User: alice' -H 'X-Remote-Group: system:masters' "$API/api/v1/namespaces/default/secrets"

echo "-- an extension API server"
# Its serving certificate names the service, as the aggregator checks it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3 -subj /CN=metrics-server \
	-addext subjectAltName=DNS:metrics-server.kube-system.svc \
	-keyout "$WORK/ms.key" -out "$WORK/ms.crt" 2>/dev/null
cat > "$WORK/metrics.json" <<'EOF'
{"pods": {"default/web-1": {"labels": {"app": "web"}, "containers": {"web": {"cpu": "250m", "memory": "64Mi"}}},
          "default/db-0": {"labels": {"app": "db"}, "containers": {"db": {"cpu": "40m", "memory": "200Mi"}}}},
 "nodes": {"agg-node": {"cpu": "1", "memory": "1Gi"}}}
EOF
MPORT=$(free_port)
start_ms() {
	python3 "$TOP/test/e2e/metrics_server.py" --port "$MPORT" --cert "$WORK/ms.crt" --key "$WORK/ms.key" \
		--metrics "$WORK/metrics.json" --requestheader-client-ca "$PKI/front-proxy-ca.crt" \
		--log "$WORK/ms-requests.log" >> "$CLUSTER/logs/metrics-server.log" 2>&1 &
	MS_PID=$!
	DAEMON_PIDS+=("$MS_PID")
}
start_ms
k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"metrics-server","namespace":"kube-system"},
  "spec":{"ports":[{"name":"https","port":443,"targetPort":$MPORT}]}},
 {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"metrics-server","namespace":"kube-system"},
  "subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"name":"https","port":$MPORT}]}]},
 {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1beta1.metrics.k8s.io"},
  "spec":{"group":"metrics.k8s.io","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":100,
   "caBundle":"$(base64 -w0 < "$WORK/ms.crt")",
   "service":{"namespace":"kube-system","name":"metrics-server"}}}]}
EOF
available() { [ "$(k get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.status.conditions[?(@.type=="Available")].status}')" = "$1" ]; }
eventually "the APIService becomes Available" available True
out "its condition is upstream's" '^Passed all checks passed$' \
	k get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.status.conditions[0].reason} {.status.conditions[0].message}'
out "the service port defaults to 443" '^443$' k get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.spec.service.port}'
out "kubectl get apiservices shows it" '^v1beta1\.metrics\.k8s\.io +kube-system/metrics-server +True' k get apiservices

out "discovery of the group-version comes from the extension server" '"kind": ?"PodMetrics"' \
	k get --raw /apis/metrics.k8s.io/v1beta1
out "its group is served from the APIServices" '"preferredVersion":\{"groupVersion":"metrics.k8s.io/v1beta1"' \
	k get --raw /apis/metrics.k8s.io
out "/apis lists the group" '"name":"metrics.k8s.io"' k get --raw /apis
out "kubectl api-versions lists it" '^metrics\.k8s\.io/v1beta1$' k api-versions
eventually "kubectl api-resources lists pods.metrics.k8s.io" \
	sh -c "'$K33' api-resources 2>&1 | grep -Eq '^pods +metrics\.k8s\.io/v1beta1 +true +PodMetrics'"
out "kubectl 1.27 (v2beta1 discovery) lists it too" '^nodes +metrics\.k8s\.io/v1beta1 +false +NodeMetrics' \
	k27 api-resources --api-group=metrics.k8s.io
out "a list goes through to the extension server" '"name":"web-1".*"cpu":"250m"' \
	k get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods
out "with its label selector" '^1 web-1$' sh -c "'$K33' get --raw '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d[\"items\"]), d[\"items\"][0][\"metadata\"][\"name\"])'"
fails "the extension server's errors come back as they are" 'podmetrics.metrics.k8s.io "default/nope" not found' \
	k get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope
last_request() { tail -1 "$WORK/ms-requests.log"; }
out "the extension server sees the user and its groups" '"user": "kubernetes-admin", "groups": \["system:masters", "system:authenticated"\]' last_request
out "the proxy presents the front-proxy client certificate" '"cn": "front-proxy-client"' last_request
out "kubectl top pod" '^web-1 +250m +64Mi' k top pod -n default
out "kubectl top pod with a selector" '^db-0 +40m +200Mi' k top pod -n default -l app=db
k create -f - >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Node","metadata":{"name":"agg-node"},
 "status":{"capacity":{"cpu":"4","memory":"4Gi"},"allocatable":{"cpu":"4","memory":"4Gi"}}}
EOF
k patch node agg-node --subresource=status --type=merge \
	-p '{"status":{"capacity":{"cpu":"4","memory":"4Gi"},"allocatable":{"cpu":"4","memory":"4Gi"}}}' >/dev/null
out "kubectl top node" '^agg-node +1000m +25% +1024Mi +25%' k top node

echo "-- authorization happens before the proxy"
: > "$WORK/ms-requests.log"
fails "a user without RBAC is refused here" 'pods.metrics.k8s.io is forbidden: User "viewer" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "default"' \
	as viewtoken get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods
fails "so is a get by name" 'pods.metrics.k8s.io "web-1" is forbidden: User "viewer" cannot get resource "pods"' \
	as viewtoken get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-1
out "and the extension server never heard of it" '^0$' sh -c "grep -c viewer '$WORK/ms-requests.log' || true"
k create clusterrole metrics-reader --verb=get,list --resource=pods.metrics.k8s.io >/dev/null
k create clusterrolebinding metrics-readers --clusterrole=metrics-reader --group=metrics-readers >/dev/null
out "a user granted pods.metrics.k8s.io reads them" '"kind":"PodMetricsList"' \
	as readtoken get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods
out "and the extension server sees that user" '"user": "reader", "groups": \["metrics-readers", "system:authenticated"\]' last_request

echo "-- streaming"
# A watch streams: the first event arrives while the answer is still open.
out "a watch through the proxy streams its events" '"type": ?"ADDED"' \
	sh -c "curl -sN --max-time 2 --cacert '$PKI/ca.crt' --cert '$PKI/admin.crt' --key '$PKI/admin.key' \
	'$API/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?watch=true&timeoutSeconds=30'; true"

echo "-- an extension server that goes away"
kill "$MS_PID"; wait "$MS_PID" 2>/dev/null
fails "its requests get 503" 'the server is currently unable to handle the request' \
	k get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods
eventually "the APIService becomes unavailable" available False
out "with upstream's reason and message" "^False \(FailedDiscoveryCheck\)" k get apiservices v1beta1.metrics.k8s.io --no-headers -o custom-columns=A:.status.conditions[0].status,B:.status.conditions[0].reason -o 'jsonpath={.status.conditions[0].status} ({.status.conditions[0].reason})'
out "naming the failed check" "failing or missing response from https://127.0.0.1:$MPORT/apis/metrics.k8s.io/v1beta1: .*connection refused" \
	k get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.status.conditions[0].message}'
out "requests get 503 service unavailable" '^service unavailable$' \
	admincurl "$API/apis/metrics.k8s.io/v1beta1/namespaces/default/pods"
fails "kubectl top says the metrics API is unavailable" 'Metrics API not available|unable to handle the request' k top pod -n default
out "aggregated discovery marks the group-version stale" '"name":"metrics.k8s.io"\},"versions":\[\{"version":"v1beta1","freshness":"Stale"\}\]' \
	admincurl -H 'Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' "$API/apis"
k delete endpoints metrics-server -n kube-system >/dev/null
eventually "without endpoints it is EndpointsNotFound" sh -c "'$K33' get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.status.conditions[0].reason}' | grep -qx EndpointsNotFound"
k delete service metrics-server -n kube-system >/dev/null
eventually "without its service it is ServiceNotFound" sh -c "'$K33' get apiservice v1beta1.metrics.k8s.io -o 'jsonpath={.status.conditions[0].message}' | grep -qx 'service/metrics-server in \"kube-system\" is not present'"
k delete apiservice v1beta1.metrics.k8s.io >/dev/null
fails "once deleted its group-version is unknown" 'NotFound|could not find the requested resource' \
	k get --raw /apis/metrics.k8s.io/v1beta1
out "and gone from discovery" '^0$' sh -c "'$K33' api-versions | grep -c metrics || true"

finish
