#!/usr/bin/env bash
# The audit log: --audit-policy-file and --audit-log-path write audit.k8s.io/v1 Events at the
# level of the first matching rule, with the stages the policy does not omit.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"
cat > "$WORK/policy.yaml" <<'YAML'
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: None
  nonResourceURLs: ["/healthz*", "/readyz*", "/livez*", "/version", "/api", "/api/*", "/apis", "/apis/*", "/openapi/*"]
- level: None
  resources: [{group: "coordination.k8s.io", resources: ["leases"]}]
- level: RequestResponse
  resources: [{group: "", resources: ["configmaps"]}]
  omitStages: ["RequestReceived"]
- level: Request
  resources: [{group: "", resources: ["secrets"]}]
- level: Metadata
  omitStages: ["RequestReceived"]
YAML
LOG=$WORK/audit.log
export APISERVER_FLAGS="--audit-policy-file=$WORK/policy.yaml --audit-log-path=$LOG --audit-log-maxsize=1 --audit-log-maxbackup=2"
printf 'apiVersion: v1\nkind: ConfigMap\n' > "$WORK/bad.yaml"
fails "a policy that is not a Policy is refused at start" "not an audit.k8s.io/v1 Policy" \
	timeout 10 "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:1 --secure-port 0 \
	--cert-dir "$WORK/certs" --audit-policy-file="$WORK/bad.yaml" --audit-log-path="$WORK/x.log"
cluster_up
k create namespace au >/dev/null
k create configmap cm1 -n au --from-literal=a=b >/dev/null
k create secret generic s1 -n au --from-literal=p=q >/dev/null
k get pods -n au >/dev/null 2>&1
k get configmap missing -n au >/dev/null 2>&1
sleep 0.5
line() { grep "$1" "$LOG" | head -1; }
cm_create=$(grep '"verb":"create"' "$LOG" | grep '"resource":"configmaps"' | head -1)
out "configmap create logged at RequestResponse" '"level":"RequestResponse"' echo "$cm_create"
out "with the request object" '"requestObject":\{[^}]*"kind":"ConfigMap"' echo "$cm_create"
out "and the response object" '"responseObject":\{.*"uid":' echo "$cm_create"
out "objectRef names it" '"objectRef":\{"resource":"configmaps","namespace":"au","name":"cm1"|"objectRef":\{"resource":"configmaps","namespace":"au"' echo "$cm_create"
out "user and groups recorded" '"user":\{"username":"kubernetes-admin".*"system:masters"' echo "$cm_create"
out "source IP, user agent, auditID" '"sourceIPs":\["127.0.0.1"\].*"userAgent":"kubectl|"auditID":"[0-9a-f-]{36}"' echo "$cm_create"
out "responseStatus 201" '"responseStatus":\{"metadata":\{\},"code":201\}' echo "$cm_create"
out "only ResponseComplete (RequestReceived omitted)" '^0$' \
	bash -c "grep '\"resource\":\"configmaps\"' '$LOG' | grep -c RequestReceived || true"
sec=$(grep '"resource":"secrets"' "$LOG" | grep '"verb":"create"')
out "secrets at Request level, both stages (no omitStages)" 'RequestReceived' echo "$sec"
out "secret request object logged, no response object" '"level":"Request"' echo "$sec"
if echo "$sec" | grep -q responseObject; then fail "no responseObject at Request level" "$sec"
else pass "no responseObject at Request level"; fi
pods=$(grep '"resource":"pods"' "$LOG" | grep '"verb":"list"' | head -1)
out "other requests at Metadata" '"level":"Metadata"' echo "$pods"
out "a 404 records the Status reason" '"code":404.*|"reason":"NotFound"' bash -c "grep '\"name\":\"missing\"' '$LOG'"
if grep -q '"requestURI":"/healthz' "$LOG" || grep -q '"requestURI":"/api"' "$LOG"; then
	fail "rules with level None exempt discovery and health" "$(grep -m2 'requestURI":"/\(healthz\|api"\)' "$LOG")"
else pass "rules with level None exempt discovery and health"; fi
out "decision annotation" '"authorization.k8s.io/decision":"allow"' echo "$cm_create"
# Forbidden and unauthenticated requests are audited too.
curl -s -o /dev/null --cacert "$CLUSTER/pki/ca.crt" -H 'Authorization: Bearer nope' \
	"https://127.0.0.1:$PORT/api/v1/namespaces/au/pods"
sleep 0.3
out "failed authentication audited with its 401" '"code":401' tail -3 "$LOG"
# Rotation past --audit-log-maxsize (1 MB), keeping 2 backups.
head -c 400000 /dev/zero | tr '\0' x > "$WORK/big.txt"
for i in $(seq 6); do
	k create configmap "big$i" -n au --from-file=data="$WORK/big.txt" >/dev/null
done
out "the log rotates past its max size, keeping 2 backups" '^2$' \
	bash -c "ls '$WORK' | grep -c '^audit-.*\.log$'"
out "every line is one JSON Event" '^ok$' python3 -c "
import json,glob,sys
for f in glob.glob('$WORK/audit*.log'):
    for l in open(f):
        e=json.loads(l); assert e['kind']=='Event' and e['apiVersion']=='audit.k8s.io/v1', l
print('ok')"
finish
