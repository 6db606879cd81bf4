#!/usr/bin/env bash
# Connect subresources through the API server to a fake kubelet: pods/log, pods/exec,
# nodes/proxy and services/proxy, with upstream's errors.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"

# The fake kubelet serves a self-signed certificate (the API server's kubelet CA) and takes
# only client certificates signed by its own client CA.
pki() { openssl "$@" 2>/dev/null; }
pki req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=fake-kubelet \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/kubelet.key" -out "$WORK/kubelet.crt"
pki req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=kubelet-client-ca \
	-keyout "$WORK/kcca.key" -out "$WORK/kcca.crt"
pki req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /O=system:masters/CN=kube-apiserver \
	-keyout "$WORK/apiclient.key" -out "$WORK/apiclient.csr"
echo "extendedKeyUsage=clientAuth" > "$WORK/client.ext"
pki x509 -req -in "$WORK/apiclient.csr" -CA "$WORK/kcca.crt" -CAkey "$WORK/kcca.key" -CAcreateserial \
	-days 30 -extfile "$WORK/client.ext" -out "$WORK/apiclient.crt"

KUBELET_FLAGS="--kubelet-client-certificate=$WORK/apiclient.crt --kubelet-client-key=$WORK/apiclient.key"
KUBELET_FLAGS+=" --kubelet-certificate-authority=$WORK/kubelet.crt"
export APISERVER_FLAGS=$KUBELET_FLAGS
cluster_up
# After the cluster: etcd wants its port + 1 too.
python3 "$TOP/test/e2e/fake_kubelet.py" --cert "$WORK/kubelet.crt" --key "$WORK/kubelet.key" \
	--client-ca "$WORK/kcca.crt" --log "$WORK/kubelet-requests.log" --lifetime 300 \
	> "$WORK/fake.out" 2> "$WORK/fake.err" &
FAKE_PID=$!
for _ in $(seq 50); do [ -s "$WORK/fake.out" ] && break; sleep 0.1; done
read -r _ KPORT HPORT < "$WORK/fake.out"


node() { # name, then the JSON of status.addresses
	k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Node","metadata":{"name":"$1"}}
EOF
	k patch node "$1" --subresource=status --type=merge -p \
		"{\"status\":{\"addresses\":$2,\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":$KPORT}}}}" >/dev/null
}
pod() { # name, node, containers as "a b"
	local cs="" c
	for c in $3; do cs+="${cs:+,}{\"name\":\"$c\",\"image\":\"busybox\"}"; done
	k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$1","namespace":"default"},
 "spec":{${2:+\"nodeName\":\"$2\",}"containers":[$cs]}}
EOF
}
node fake '[{"type":"InternalIP","address":"127.0.0.1"}]'
node badhost '[{"type":"Hostname","address":"no-such-host.invalid"},{"type":"InternalIP","address":"127.0.0.1"}]'
node noaddr '[]'
pod one fake c1
pod two fake "a b"
pod pending "" c1
pod odd fake "waiting gone"
pod lost noaddr c1
pod unknown nosuchnode c1

echo "-- pods/log"
out "logs of the only container" '^c1 line 1$' k logs one
out "logs --tail 1" '^c1 line 5$' k logs one --tail 1
ok "logs --tail 1 is one line" test "$(k logs one --tail 1 | wc -l)" = 1
out "logs --timestamps" '^2024-01-01T00:00:00Z c1 line 1$' k logs one --timestamps
out "logs -c picks the container" '^b line 1$' k logs two -c b
out "kubectl 1.27 logs too" '^c1 line 5$' k27 logs one --tail=1
out "logs -f streams until the kubelet ends" 'c1 follow 2' k logs -f one
k logs one --previous --since=60s --limit-bytes=10 >/dev/null
ok "--previous, --since, --limit-bytes reach the kubelet" \
	grep -q 'GET /containerLogs/default/one/c1?limitBytes=10&previous=true&sinceSeconds=60$' "$WORK/kubelet-requests.log"
fails "two containers need a name" 'a container name must be specified for pod two, choose one of: \[a b\]' \
	k get --raw /api/v1/namespaces/default/pods/two/log
fails "an unknown container is refused" 'container nope is not valid for pod one' k logs one -c nope
fails "a missing pod is NotFound" 'pods "nothere" not found' k logs nothere
out "an unscheduled pod has empty logs" '^$' k logs pending
fails "negative tailLines is invalid" 'PodLogOptions "one" is invalid: tailLines: Invalid value: -2: must be greater than or equal to 0' \
	k get --raw '/api/v1/namespaces/default/pods/one/log?tailLines=-2'
fails "the kubelet's 400 comes back as BadRequest" 'is waiting to start: ContainerCreating' \
	k logs odd -c waiting
fails "the kubelet's 404 as upstream words it" 'the server could not find the requested resource \( pods/log odd\)' \
	k logs odd -c gone
fails "a node without addresses" 'no preferred addresses found; known addresses: \[\]' k logs lost
fails "a missing node" 'nodes "nosuchnode" not found' k logs unknown

echo "-- pods/exec"
out "exec runs a command (websocket)" '^hello world$' k exec one -- echo hello world
out "exec -i echoes stdin" '^ping$' sh -c "echo ping | \"$K33\" exec -i one -- cat"
ok "exec asked the kubelet for output and error streams" grep -q 'GET /exec/default/one/c1?command=echo&command=hello&command=world&error=1&output=1' "$WORK/kubelet-requests.log"
fails "exec without an upgrade" 'Upgrade request required' k get --raw '/api/v1/namespaces/default/pods/one/exec?command=ls'
fails "exec on an unscheduled pod" 'pod pending does not have a host assigned' k exec pending -- ls
fails "exec with two containers needs one named" 'a container name must be specified for pod two, choose one of: \[a b\]' \
	k get --raw '/api/v1/namespaces/default/pods/two/exec?command=ls'

echo "-- nodes/proxy"
fails "a loopback kubelet is refused as upstream does" 'address not allowed' k get --raw /api/v1/nodes/fake/proxy/healthz
export APISERVER_FLAGS="$KUBELET_FLAGS --proxy-allow-loopback"
apiserver_restart
out "nodes/proxy/healthz reaches the kubelet" '^ok$' k get --raw /api/v1/nodes/fake/proxy/healthz
out "the path and query go on" '^GET /echo/a/b/\?x=1&y=2$' k get --raw '/api/v1/nodes/fake/proxy/echo/a/b/?x=1&y=2'
out "a long path goes on whole" '^GET /echo/1/2/3/4/5/6/7/8/9/10\?$' k get --raw /api/v1/nodes/fake/proxy/echo/1/2/3/4/5/6/7/8/9/10
out "POST goes on" '^POST /echo/p\?$' k create --raw /api/v1/nodes/fake/proxy/echo/p -f - <<<'{}'
out "another port of the node, plain HTTP" "^GET /echo/h\?\$" k get --raw "/api/v1/nodes/http:fake:$HPORT/proxy/echo/h"
fails "a missing node" 'nodes "ghost" not found' k get --raw /api/v1/nodes/ghost/proxy/healthz
fails "preferred address types: Hostname first" 'error trying to reach service: dial tcp: lookup no-such-host.invalid' \
	k get --raw /api/v1/nodes/badhost/proxy/healthz
out "a bare proxy path is redirected" 'HTTP/1.1 301|Location: /api/v1/nodes/fake/proxy/' \
	curl -sk -i --cert "$CLUSTER/pki/admin.crt" --key "$CLUSTER/pki/admin.key" "https://127.0.0.1:$PORT/api/v1/nodes/fake/proxy"
k patch node fake --subresource=status --type=merge -p '{"status":{"daemonEndpoints":{"kubeletEndpoint":{"Port":1}}}}' >/dev/null
fails "an unreachable kubelet is 503" 'error trying to reach service: dial tcp 127.0.0.1:1: connect: connection refused' \
	k get --raw /api/v1/nodes/fake/proxy/healthz
fails "an unreachable kubelet for logs" 'Get "https://127.0.0.1:1/containerLogs/default/one/c1": dial tcp 127.0.0.1:1: connect: connection refused' \
	k logs one
k patch node fake --subresource=status --type=merge -p "{\"status\":{\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":$KPORT}}}}" >/dev/null

echo "-- services/proxy"
k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
 "spec":{"ports":[{"name":"http","port":80,"targetPort":$HPORT}],"selector":{"app":"web"}}}
EOF
pod backend fake c1
k patch pod backend --subresource=status --type=merge \
	-p '{"status":{"podIP":"127.0.0.1","podIPs":[{"ip":"127.0.0.1"}]}}' >/dev/null
out "pods/proxy reaches the pod's IP (loopback allowed here)" '^GET /echo/pp\?$' \
	k get --raw "/api/v1/namespaces/default/pods/http:backend:$HPORT/proxy/echo/pp"
fails "no endpoints yet" 'endpoints "web" not found' k get --raw /api/v1/namespaces/default/services/web/proxy/
k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web","namespace":"default"},
 "subsets":[{"addresses":[{"ip":"127.0.0.1","targetRef":{"kind":"Pod","name":"backend","namespace":"default"}}],
 "ports":[{"name":"http","port":$HPORT}]}]}
EOF
out "services/NAME:PORTNAME/proxy reaches an endpoint" '^GET /echo/svc\?q=1$' \
	k get --raw '/api/v1/namespaces/default/services/web:http/proxy/echo/svc?q=1'
out "a port number names the port" '^GET /echo/n\?$' k get --raw /api/v1/namespaces/default/services/web:80/proxy/echo/n
out "http: scheme prefix" '^GET /echo/s\?$' k get --raw /api/v1/namespaces/default/services/http:web:http/proxy/echo/s
fails "an unknown port number" 'no service port 81 found for service "web"' \
	k get --raw /api/v1/namespaces/default/services/web:81/proxy/
fails "no endpoint with an unnamed port" 'no endpoints available for service "web"' \
	k get --raw /api/v1/namespaces/default/services/web/proxy/
fails "an invalid scheme" 'invalid service request "ftp:web:80"' \
	k get --raw /api/v1/namespaces/default/services/ftp:web:80/proxy/

kill "$FAKE_PID" 2>/dev/null
finish
