#!/usr/bin/env bash
# The REST API directly: watch resumption across a restart, list paging, selectors,
# bookmarks, and hostile input that must get the right Status and never write anything.
. "$(dirname "$0")/lib.sh"
cluster_up
P=$CLUSTER/pki
api() { curl -sS --cacert "$P/ca.crt" --cert "$P/admin.crt" --key "$P/admin.key" "$@"; }
U=https://127.0.0.1:$PORT
code() { api -o /dev/null -w '%{http_code}' "$@"; }

echo "-- watch resumes across an apiserver restart"
k27 create configmap a --from-literal=x=1 >/dev/null
rv1=$(api "$U/api/v1/namespaces/default/configmaps" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])')
k27 create configmap b --from-literal=x=1 >/dev/null
k patch configmap b -p '{"data":{"x":"2"}}' >/dev/null
k delete configmap a >/dev/null
apiserver_restart
api "$U/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=$rv1&timeoutSeconds=2" > "$WORK/w.json"
types=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l); print(e["type"], e["object"]["metadata"]["name"])' "$WORK/w.json" | tr '\n' ',')
if [ "$types" = "ADDED b,MODIFIED b,DELETED a," ]; then pass "resumed watch replays exactly what happened"
else fail "resumed watch replays exactly what happened" "$types"; fi
last=$(tail -1 "$WORK/w.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["object"]["metadata"]["resourceVersion"])')
api "$U/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=$last&timeoutSeconds=1" > "$WORK/w2.json"
out "a watch from the last event repeats nothing" '^0$' sh -c "wc -l < $WORK/w2.json"
api "$U/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1" > "$WORK/w4.json"
out "resourceVersion=0 starts with synthetic ADDED" '"type":"ADDED".*"name":"b"' cat "$WORK/w4.json"
api "$U/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&fieldSelector=metadata.name%3Db&timeoutSeconds=1" > "$WORK/w5.json"
out "field selector on metadata.name" '^1$' sh -c "wc -l < $WORK/w5.json"

rev=$(ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_PORT" get / -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)["header"]["revision"])')
ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_PORT" compact "$rev" >/dev/null
apiserver_restart
api "$U/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=$rv1&timeoutSeconds=1" > "$WORK/w3.json"
out "a watch from before a compaction gets 410 Expired" '"code":410' cat "$WORK/w3.json"
out "kubectl still lists after the compaction" '^b ' k get cm

echo "-- list paging and selectors"
for i in 1 2 3 4 5; do api -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/kube-public/configmaps" \
	-d "{\"metadata\":{\"name\":\"page-$i\",\"labels\":{\"n\":\"$i\"}},\"data\":{\"x\":\"$i\"}}" >/dev/null; done
api "$U/api/v1/namespaces/kube-public/configmaps?limit=2" > "$WORK/p1.json"
cont=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metadata"]["continue"])' "$WORK/p1.json")
out "first page has 2 items and a remaining count" '"remainingItemCount":3' cat "$WORK/p1.json"
out "continue gives the next page" '"name":"page-3"' api "$U/api/v1/namespaces/kube-public/configmaps?limit=2&continue=$cont"
out "kubectl pages transparently" 'page-5' k get cm -n kube-public --chunk-size=2
out "bad continue token is 400" '^400$' code "$U/api/v1/namespaces/kube-public/configmaps?limit=2&continue=@@@"
out "a continue token of bare padding is 400" '^400$' code "$U/api/v1/namespaces/kube-public/configmaps?limit=2&continue=%3D%3D%3D%3D"
out "unsupported field selector is 400" '^400$' code "$U/api/v1/pods?fieldSelector=spec.bogus%3Dx"
out "pods by spec.nodeName" '"items":\[\]' api "$U/api/v1/pods?fieldSelector=spec.nodeName%3Dnode1"
out "bad label selector is 400" '^400$' code "$U/api/v1/pods?labelSelector=a%20in%20(("

echo "-- status subresource"
k apply -f "$TOP/test/e2e/data/deploy.yaml" >/dev/null
api -X PATCH -H 'Content-Type: application/merge-patch+json' "$U/apis/apps/v1/namespaces/default/deployments/hello/status" \
	-d '{"spec":{"replicas":7},"status":{"replicas":3}}' >/dev/null
out "status writes ignore spec" '^1 3$' k get deploy hello -o 'jsonpath={.spec.replicas} {.status.replicas}'
api -X PATCH -H 'Content-Type: application/merge-patch+json' "$U/apis/apps/v1/namespaces/default/deployments/hello" \
	-d '{"spec":{"replicas":2},"status":{"replicas":9}}' >/dev/null
out "main writes ignore status" '^2 3$' k get deploy hello -o 'jsonpath={.spec.replicas} {.status.replicas}'
out "status writes do not bump generation" '^2$' k get deploy hello -o 'jsonpath={.metadata.generation}'
out "scale subresource speaks autoscaling/v1 Scale" '"kind":"Scale".*"selector":"app=hello,track=stable"' api "$U/apis/apps/v1/namespaces/default/deployments/hello/scale"

echo "-- hostile input"
before=$(ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_PORT" get --prefix /registry --keys-only | grep -c .)
out "malformed JSON is 400" '^400$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" -d '{"metadata":'
out "malformed YAML is 400" '^400$' code -X POST -H 'Content-Type: application/yaml' "$U/api/v1/namespaces/default/configmaps" --data-binary $'a: [\n'
out "wrong kind is 400" '^400$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" -d '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"}}'
out "not an object is 400" '^400$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" -d '[1,2]'
head -c 4000000 /dev/zero | tr '\0' 'a' > "$WORK/big"
out "a 4 MB body is 413" '^413$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" --data-binary @"$WORK/big"
python3 -c 'print("["*100000 + "]"*100000)' > "$WORK/deep"
out "deeply nested JSON is refused" '^4[0-9][0-9]$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" --data-binary @"$WORK/deep"
printf '{"metadata":{"name":"bad\xff"}}' > "$WORK/utf8"
out "invalid UTF-8 is 400" '^400$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" --data-binary @"$WORK/utf8"
out "path traversal in a name is refused" '^4[0-9][0-9]$' code -X POST -H 'Content-Type: application/json' "$U/api/v1/namespaces/default/configmaps" -d '{"metadata":{"name":"../../secrets/x"}}'
out "unknown resource is 404" '^404$' code "$U/api/v1/namespaces/default/gizmos"
# What upstream's handlers claim (/api, /apis/GROUP of a built-in group) answers a Status;
# anything else falls through to Go's http.NotFound, in plain text.
nf() { api -w '|%{http_code}|%{content_type}' "$U$1" | tr '\n' ' '; }
NF_STATUS='^\{"kind":"Status","apiVersion":"v1","metadata":\{\},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":\{\},"code":404\} *\|404\|application/json$'
NF_TEXT='^404 page not found \|404\|text/plain; charset=utf-8$'
out "unknown version of the core group is a 404 Status" "$NF_STATUS" nf /api/v2
out "unknown version of a built-in group is a 404 Status" "$NF_STATUS" nf /apis/apps/v9
out "unknown resource of a built-in group is a 404 Status" "$NF_STATUS" nf /apis/apps/v1/nosuch
out "the Status says the resource was not found" '"message":"the server could not find the requested resource"' nf /apis/apps/v1/nosuch
out "unknown group is 404 page not found" "$NF_TEXT" nf /apis/nosuch
out "unknown group-version is 404 page not found" "$NF_TEXT" nf /apis/nosuch/v1
out "resource of an unknown group is 404 page not found" "$NF_TEXT" nf /apis/nosuch.example.com/v1/foos
out "metrics.k8s.io without its APIService is 404 page not found" "$NF_TEXT" nf /apis/metrics.k8s.io/v1beta1/nodes
out "unknown path is 404 page not found" "$NF_TEXT" nf /nope
out "nosniff on the plain 404" '^X-Content-Type-Options: nosniff' sh -c "curl -sS -D - -o /dev/null --cacert '$P/ca.crt' --cert '$P/admin.crt' --key '$P/admin.key' '$U/nope' | tr -d '\r'"
out "PUT on a collection is 405" '^405$' code -X PUT "$U/api/v1/namespaces/default/configmaps" -d '{}'
out "unknown patch type is 415" '^415$' code -X PATCH -H 'Content-Type: text/plain' "$U/api/v1/namespaces/default/configmaps/b" -d 'x'
after=$(ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_PORT" get --prefix /registry --keys-only | grep -c .)
if [ "$before" = "$after" ]; then pass "hostile requests wrote nothing"; else fail "hostile requests wrote nothing" "$before keys before, $after after"; fi
out "the server still answers" '^ok$' api "$U/readyz"

echo "-- official Python client"
out "python client lists, creates and reads" '^ok$' /usr/bin/python3 "$TOP/test/e2e/python_client.py" "$KUBECONFIG"

finish
