#!/usr/bin/env bash
# The horizontalpodautoscaling controller with the real kubectl: `kubectl autoscale`, the
# conditions and events of an autoscaler whose metrics cannot be read, minReplicas and
# maxReplicas enforced without metrics, a target at zero, missing and unknown targets, two
# autoscalers on one selector; then, with the metrics.k8s.io fixture (test/e2e/metrics_server.py)
# registered through an APIService: scaling up to maxReplicas, down after the stabilization
# window, and up at the pace of a behavior policy.
# The controller manager runs with short sync and stabilization periods.
. "$(dirname "$0")/lib.sh"
export CONTROLLER_MANAGER_FLAGS="--horizontal-pod-autoscaler-sync-period=1s --horizontal-pod-autoscaler-downscale-stabilization=6s"
cluster_up --hollow-nodes 3

# jp OBJ PATH: kubectl get -o jsonpath.
jp() { k get $1 -o "jsonpath=$2" 2>/dev/null; }
# is WANT OBJ PATH: the jsonpath is exactly WANT.
is() { [ "$(jp "$2" "$3")" = "$1" ]; }
# matches REGEX OBJ PATH: the jsonpath matches REGEX.
matches() { jp "$2" "$3" | grep -Eq -- "$1"; }
# cond HPA TYPE: "status reason message" of one condition.
cond() { jp "hpa/$1" "{.status.conditions[?(@.type==\"$2\")].status} {.status.conditions[?(@.type==\"$2\")].reason} {.status.conditions[?(@.type==\"$2\")].message}"; }
cond_is() { cond "$1" "$2" | grep -Eq -- "$3"; }
# event HPA REASON REGEX: an event about the autoscaler with that reason says REGEX.
event() {
	k get events --field-selector "involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=$1,reason=$2" \
		-o jsonpath='{range .items[*]}{.source.component}|{.type}|{.message}{"\n"}{end}' 2>/dev/null |
		grep -Eq -- "$3"
}
# eventually_long DESC CMD...: within 60 seconds.
eventually_long() {
	local desc=$1; shift
	for _ in $(seq 600); do
		if "$@" >/dev/null 2>&1; then pass "$desc"; return; fi
		sleep 0.1
	done
	fail "$desc" "$("$@" 2>&1)"
}
# stays DESC SECONDS CMD...: the command keeps succeeding for that long.
stays() {
	local desc=$1 secs=$2; shift 2
	for _ in $(seq $((secs * 10))); do
		if ! "$@" >/dev/null 2>&1; then fail "$desc" "$("$@" 2>&1)"; return; fi
		sleep 0.1
	done
	pass "$desc"
}

eventually "the hollow nodes are Ready" sh -c "[ \$($K33 get nodes --no-headers 2>/dev/null | grep -c ' Ready') = 3 ]"

echo "-- no metrics API"
ok "create deployment web" k create deployment web --image=nginx --replicas=1
out "kubectl autoscale" 'horizontalpodautoscaler.autoscaling/web autoscaled' \
	k autoscale deployment web --cpu-percent=50 --min=1 --max=5
out "served as autoscaling/v2 with kubectl's spec" '^Deployment web apps/v1 1 5 Resource cpu Utilization 50$' \
	jp hpa/web '{.spec.scaleTargetRef.kind} {.spec.scaleTargetRef.name} {.spec.scaleTargetRef.apiVersion} {.spec.minReplicas} {.spec.maxReplicas} {.spec.metrics[0].type} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.type} {.spec.metrics[0].resource.target.averageUtilization}'
NOMETRICS='the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: '
eventually "ScalingActive False: FailedGetResourceMetric" cond_is web ScalingActive "^False FailedGetResourceMetric $NOMETRICS"
out "AbleToScale True: SucceededGetScale" "^True SucceededGetScale the HPA controller was able to get the target's current scale$" \
	cond web AbleToScale
out "kubectl get hpa: <unknown>/50%" '^web +Deployment/web +cpu: <unknown>/50% +1 +5 +1 ' k get hpa web --no-headers
out "kubectl 1.27 get hpa" '^web +Deployment/web +.*<unknown>/50% +1 +5 +1 ' k27 get hpa web --no-headers
out "status: current replicas, the unread metric's empty entry" '^1 0 \[\{"type":""\}\]$' \
	jp hpa/web '{.status.currentReplicas} {.status.desiredReplicas} {.status.currentMetrics}'
eventually "event FailedGetResourceMetric from horizontal-pod-autoscaler" \
	event web FailedGetResourceMetric '^horizontal-pod-autoscaler\|Warning\|failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: '
eventually "event FailedComputeMetricsReplicas" event web FailedComputeMetricsReplicas \
	'^horizontal-pod-autoscaler\|Warning\|invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: '
out "kubectl describe hpa" 'ScalingActive +False +FailedGetResourceMetric' k describe hpa web
stays "no scaling without metrics" 3 is 1 deploy/web '{.spec.replicas}'

echo "-- minReplicas and maxReplicas without metrics"
ok "raise minReplicas to 3" k patch hpa web -p '{"spec":{"minReplicas":3}}'
eventually "the deployment is raised to 3" is 3 deploy/web '{.spec.replicas}'
eventually "event SuccessfulRescale: below Spec.MinReplicas" event web SuccessfulRescale \
	'^horizontal-pod-autoscaler\|Normal\|New size: 3; reason: Current number of replicas below Spec.MinReplicas$'
eventually "status: 3 desired, lastScaleTime set" matches '^3 3 [0-9]{4}-[0-9]{2}-[0-9]{2}T' hpa/web \
	'{.status.currentReplicas} {.status.desiredReplicas} {.status.lastScaleTime}'
ok "scale the deployment to 8" k scale deployment web --replicas=8
eventually "the autoscaler brings it back to 5" is 5 deploy/web '{.spec.replicas}'
eventually "event SuccessfulRescale: above Spec.MaxReplicas" event web SuccessfulRescale \
	'New size: 5; reason: Current number of replicas above Spec.MaxReplicas$'
ok "scale the deployment to 0" k scale deployment web --replicas=0
eventually "ScalingActive False: ScalingDisabled" cond_is web ScalingActive \
	'^False ScalingDisabled scaling is disabled since the replica count of the target is zero$'
stays "a target at zero stays at zero" 3 is 0 deploy/web '{.spec.replicas}'
ok "scale the deployment to 1" k scale deployment web --replicas=1
eventually "minReplicas applies again" is 3 deploy/web '{.spec.replicas}'
eventually "metrics are tried again" cond_is web ScalingActive '^False FailedGetResourceMetric '

echo "-- targets that cannot be scaled"
ok "autoscale a missing deployment" k create -f - <<'Y'
{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"nope"},
 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"nope"},"maxReplicas":3}}
Y
eventually "AbleToScale False: FailedGetScale, not found" cond_is nope AbleToScale \
	"^False FailedGetScale the HPA controller was unable to get the target's current scale: deployments.apps \"nope\" not found$"
eventually "event FailedGetScale" event nope FailedGetScale 'Warning\|deployments.apps "nope" not found$'
out "the default metric is 80% cpu" '^Resource cpu 80$' \
	jp hpa/nope '{.spec.metrics[0].type} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageUtilization}'
ok "autoscale an unknown kind" k create -f - <<'Y'
{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"foo"},
 "spec":{"scaleTargetRef":{"apiVersion":"example.com/v1","kind":"Foo","name":"x"},"maxReplicas":3}}
Y
eventually "AbleToScale False: no matches for kind" cond_is foo AbleToScale \
	"^False FailedGetScale the HPA controller was unable to get the target's current scale: no matches for kind \"Foo\" in group \"example.com\"$"
ok "delete both" k delete hpa nope foo

echo "-- two autoscalers on one selector"
ok "autoscale web a second time" k autoscale deployment web --name=web2 --cpu-percent=60 --min=1 --max=4
eventually "ScalingActive False: AmbiguousSelector" cond_is web2 ScalingActive \
	'^False AmbiguousSelector pods by selector app=web are controlled by multiple HPAs: \[default/web default/web2\]$'
eventually "event AmbiguousSelector" event web2 AmbiguousSelector 'Warning\|pods by selector app=web are controlled by multiple HPAs'
ok "delete the second" k delete hpa web2
eventually "the first is no longer ambiguous" cond_is web ScalingActive '^False FailedGetResourceMetric '

echo "-- autoscaling/v1, served from the v2 storage"
out "api-versions: autoscaling/v1 and v2" '^autoscaling/v1 autoscaling/v2$' \
	sh -c "'$K33' api-versions | grep '^autoscaling/' | tr '\n' ' ' | sed 's/ $//'"
out "api-resources: hpa is autoscaling/v2" '^horizontalpodautoscalers +hpa +autoscaling/v2 +true +HorizontalPodAutoscaler' \
	k api-resources --api-group=autoscaling --no-headers
out "APIGroup: v2 preferred, then v1" '"versions":\[\{"groupVersion":"autoscaling/v2","version":"v2"\},\{"groupVersion":"autoscaling/v1","version":"v1"\}\],"preferredVersion":\{"groupVersion":"autoscaling/v2"' \
	k get --raw /apis/autoscaling
agg_versions() {
	curl -sS --cacert "$CLUSTER/pki/ca.crt" --cert "$CLUSTER/pki/admin.crt" --key "$CLUSTER/pki/admin.key" \
		-H 'Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' "https://127.0.0.1:$PORT/apis" |
		python3 -c 'import json,sys
print(*[v["version"] for g in json.load(sys.stdin)["items"] if g["metadata"]["name"]=="autoscaling" for v in g["versions"]])'
}
out "aggregated discovery lists v2 then v1" '^v2 v1$' agg_versions
out "kubectl explain reads the v1 schema" 'targetCPUUtilizationPercentage' \
	k explain hpa.spec --api-version=autoscaling/v1
ok "create deployment old" k create deployment old --image=nginx --replicas=1
out "kubectl 1.27 autoscale POSTs autoscaling/v1" 'POST https://[^ ]*/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers.* 201 Created' \
	k27 autoscale deployment old --cpu-percent=50 --min=1 --max=5 -v=6
out "kubectl 1.27 get hpa" '^old +Deployment/old +.*<unknown>/50% +1 +5 +' k27 get hpa old --no-headers
out "kubectl get hpa: the v2 columns" '^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE$' k get horizontalpodautoscalers.v1.autoscaling old
out "read as v1: upstream's v1 shape" '^autoscaling/v1 Deployment old apps/v1 1 5 50 \|\|\|$' \
	jp horizontalpodautoscalers.v1.autoscaling/old '{.apiVersion} {.spec.scaleTargetRef.kind} {.spec.scaleTargetRef.name} {.spec.scaleTargetRef.apiVersion} {.spec.minReplicas} {.spec.maxReplicas} {.spec.targetCPUUtilizationPercentage} |{.spec.metrics}|{.spec.behavior}|'
out "read as v2: the cpu target as a Resource metric" '^autoscaling/v2 Resource cpu Utilization 50$' \
	jp hpa/old '{.apiVersion} {.spec.metrics[0].type} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.type} {.spec.metrics[0].resource.target.averageUtilization}'
eventually "v1 status: conditions in their annotation" matches '"type":"AbleToScale","status":"True"' \
	horizontalpodautoscalers.v1.autoscaling/old '{.metadata.annotations.autoscaling\.alpha\.kubernetes\.io/conditions}'
out "v1 status: current and desired replicas" '^1 0$' \
	jp horizontalpodautoscalers.v1.autoscaling/old '{.status.currentReplicas} {.status.desiredReplicas}'
table_object() {
	curl -sS --cacert "$CLUSTER/pki/ca.crt" --cert "$CLUSTER/pki/admin.crt" --key "$CLUSTER/pki/admin.key" \
		-H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io' \
		"https://127.0.0.1:$PORT/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/old?includeObject=Object" |
		python3 -c 'import json,sys
o=json.load(sys.stdin)["rows"][0]["object"]; print(o["apiVersion"], o["spec"].get("targetCPUUtilizationPercentage"))'
}
out "a v1 Table's objects are v1" '^autoscaling/v1 50$' table_object
out "-o yaml as v1: no v2 fields" '^0$' sh -c "'$K33' get horizontalpodautoscalers.v1.autoscaling old -o yaml | grep -cE '^  (metrics|behavior):|^    (conditions|currentMetrics):' || true"

echo "-- v2-only fields round-trip through v1"
ok "create a v2 autoscaler with a memory metric and a behavior" k create -f - <<'Y'
{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"mem"},
 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"ghost"},"minReplicas":1,"maxReplicas":4,
  "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},
   {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}],
  "behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}}
Y
out "read as v1: cpu as the target, memory in the metrics annotation" \
	'^70 \[\{"type":"Resource","resource":\{"name":"memory","targetAverageValue":"100Mi"\}\}\]$' \
	jp horizontalpodautoscalers.v1.autoscaling/mem '{.spec.targetCPUUtilizationPercentage} {.metadata.annotations.autoscaling\.alpha\.kubernetes\.io/metrics}'
out "read as v1: the behavior annotation" '"ScaleDown":\{"StabilizationWindowSeconds":30,"SelectPolicy":"Max"' \
	jp horizontalpodautoscalers.v1.autoscaling/mem '{.metadata.annotations.autoscaling\.alpha\.kubernetes\.io/behavior}'
k get horizontalpodautoscalers.v1.autoscaling mem -o json | python3 -c 'import json,sys
o=json.load(sys.stdin); del o["metadata"]["resourceVersion"]; o["spec"]["maxReplicas"]=6
json.dump(o,sys.stdout)' > "$WORK/mem-v1.json"
out "replace as v1" 'horizontalpodautoscaler.autoscaling/mem replaced' k replace -f "$WORK/mem-v1.json"
out "read as v2: memory and cpu metrics kept, the v1 write applied" '^6 memory 100Mi cpu 70$' \
	jp hpa/mem '{.spec.maxReplicas} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.averageValue} {.spec.metrics[1].resource.name} {.spec.metrics[1].resource.target.averageUtilization}'
out "read as v2: behavior kept" '^30 Max$' jp hpa/mem '{.spec.behavior.scaleDown.stabilizationWindowSeconds} {.spec.behavior.scaleDown.selectPolicy}'
out "read as v2: no round-trip annotations stored" '^$' jp hpa/mem '{.metadata.annotations}'

echo "-- v2 behavior defaults"
ok "create a v2 autoscaler with behavior.scaleUp only" k create -f - <<'Y'
{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"beh"},
 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"ghost"},"maxReplicas":3,
  "behavior":{"scaleUp":{"policies":[{"type":"Pods","value":2,"periodSeconds":30}]}}}}
Y
out "scaleUp: window 0, Max, the given policy" '^0 Max Pods 2 30$' jp hpa/beh \
	'{.spec.behavior.scaleUp.stabilizationWindowSeconds} {.spec.behavior.scaleUp.selectPolicy} {.spec.behavior.scaleUp.policies[*].type} {.spec.behavior.scaleUp.policies[*].value} {.spec.behavior.scaleUp.policies[*].periodSeconds}'
out "scaleDown: policies and Max, no stabilizationWindowSeconds" '^Max Percent 100 15 \|\|$' jp hpa/beh \
	'{.spec.behavior.scaleDown.selectPolicy} {.spec.behavior.scaleDown.policies[*].type} {.spec.behavior.scaleDown.policies[*].value} {.spec.behavior.scaleDown.policies[*].periodSeconds} |{.spec.behavior.scaleDown.stabilizationWindowSeconds}|'
out "no behavior given: none filled in" '^\|\|$' jp hpa/old '|{.spec.behavior}|'
ok "delete the v1 section's autoscalers and deployment" k delete hpa old mem beh
ok "delete deployment old" k delete deployment old

echo "-- the metrics API (test/e2e/metrics_server.py behind an APIService)"
PKI=$CLUSTER/pki
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3 -subj /CN=metrics-server \
	-addext subjectAltName=DNS:metrics-server.kube-system.svc \
	-keyout "$WORK/ms.key" -out "$WORK/ms.crt" 2>/dev/null
# usage RULE...: the fixture's metrics file, replaced whole; a rule gives every container of
# the matching Running pods that cpu usage. Samples cover a 1 s window.
usage() {
	printf '{"window": "1s", "rules": [%s]}\n' "$(IFS=,; echo "$*")" > "$WORK/metrics.json.new"
	mv "$WORK/metrics.json.new" "$WORK/metrics.json"
}
rule() { echo "{\"namespace\": \"default\", \"selector\": {\"app\": \"$1\"}, \"cpu\": \"$2\"}"; }
usage
MPORT=$(free_port)
python3 "$TOP/test/e2e/metrics_server.py" --port "$MPORT" --cert "$WORK/ms.crt" --key "$WORK/ms.key" \
	--metrics "$WORK/metrics.json" --requestheader-client-ca "$PKI/front-proxy-ca.crt" \
	--apiserver "https://127.0.0.1:$PORT" --apiserver-ca "$PKI/ca.crt" \
	--apiserver-cert "$PKI/admin.crt" --apiserver-key "$PKI/admin.key" \
	>> "$CLUSTER/logs/metrics-server.log" 2>&1 &
DAEMON_PIDS+=($!)
ok "register metrics.k8s.io" k create -f - <<Y
{"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"metrics-server","namespace":"kube-system"},
  "spec":{"ports":[{"name":"https","port":443,"targetPort":$MPORT}]}},
 {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"metrics-server","namespace":"kube-system"},
  "subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"name":"https","port":$MPORT}]}]},
 {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1beta1.metrics.k8s.io"},
  "spec":{"group":"metrics.k8s.io","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":100,
   "caBundle":"$(base64 -w0 < "$WORK/ms.crt")",
   "service":{"namespace":"kube-system","name":"metrics-server"}}}]}
Y
eventually "the APIService is Available" is True apiservice/v1beta1.metrics.k8s.io \
	'{.status.conditions[?(@.type=="Available")].status}'
eventually_long "no usage reported: no metrics returned" cond_is web ScalingActive \
	"^False FailedGetResourceMetric the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API$"
usage "$(rule web 10m)"
eventually_long "pods without cpu requests: missing request" cond_is web ScalingActive \
	"^False FailedGetResourceMetric the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod web-"
ok "delete the web autoscaler" k delete hpa web

echo "-- scaling up on cpu utilization"
ok "create deployment app requesting 100m cpu" k create -f - <<'Y'
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app"},
 "spec":{"replicas":1,"selector":{"matchLabels":{"app":"app"}},
  "template":{"metadata":{"labels":{"app":"app"}},
   "spec":{"containers":[{"name":"app","image":"nginx","resources":{"requests":{"cpu":"100m"}}}]}}}}
Y
eventually "its pod is ready" is 1 deploy/app '{.status.readyReplicas}'
usage "$(rule app 100m)"
ok "kubectl autoscale app: 50% cpu, 1 to 3" k autoscale deployment app --cpu-percent=50 --min=1 --max=3
eventually_long "100% of 50% at 1 replica: SuccessfulRescale to 2" event app SuccessfulRescale \
	'^horizontal-pod-autoscaler\|Normal\|New size: 2; reason: cpu resource utilization \(percentage of request\) above target$'
eventually_long "then to maxReplicas 3" is 3 deploy/app '{.spec.replicas}'
eventually "SuccessfulRescale to 3" event app SuccessfulRescale \
	'New size: 3; reason: cpu resource utilization \(percentage of request\) above target$'
eventually_long "ScalingActive True: ValidMetricFound" cond_is app ScalingActive \
	'^True ValidMetricFound the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)$'
eventually_long "ScalingLimited True: TooManyReplicas" cond_is app ScalingLimited \
	'^True TooManyReplicas the desired replica count is more than the maximum replica count$'
eventually_long "kubectl get hpa: cpu: 100%/50%" sh -c "'$K33' get hpa app --no-headers | grep -Eq '^app +Deployment/app +cpu: 100%/50% +1 +3 +3 '"
out "status.currentMetrics: utilization and average value" '^Resource cpu 100 100m$' \
	jp hpa/app '{.status.currentMetrics[0].type} {.status.currentMetrics[0].resource.name} {.status.currentMetrics[0].resource.current.averageUtilization} {.status.currentMetrics[0].resource.current.averageValue}'
out "status: 3 current, 3 desired" '^3 3$' jp hpa/app '{.status.currentReplicas} {.status.desiredReplicas}'
out "kubectl describe hpa shows the metric" 'resource cpu on pods +\(as a percentage of request\): +100% \(100m\) / 50%' \
	k describe hpa app

echo "-- scaling down after the stabilization window"
usage "$(rule app 10m)"
eventually "10% of 50%, held by the window: ScaleDownStabilized" cond_is app AbleToScale \
	'^True ScaleDownStabilized recent recommendations were higher than current one, applying the highest recent recommendation$'
out "still 3 replicas meanwhile" '^3$' jp deploy/app '{.spec.replicas}'
eventually_long "scaled down to 1 after the window" is 1 deploy/app '{.spec.replicas}'
eventually "SuccessfulRescale: All metrics below target" event app SuccessfulRescale \
	'^horizontal-pod-autoscaler\|Normal\|New size: 1; reason: All metrics below target$'
eventually_long "kubectl get hpa: cpu: 10%/50%" sh -c "'$K33' get hpa app --no-headers | grep -Eq '^app +Deployment/app +cpu: 10%/50% +1 +3 +1 '"

echo "-- behavior: one pod per minute up"
ok "limit scaling up to 1 pod per 60 s" k patch hpa app --type=merge \
	-p '{"spec":{"behavior":{"scaleUp":{"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}}}'
out "behavior defaults filled in" '^Max 0$' \
	jp hpa/app '{.spec.behavior.scaleUp.selectPolicy} {.spec.behavior.scaleUp.stabilizationWindowSeconds}'
usage "$(rule app 200m)"
eventually_long "scaled up by one" is 2 deploy/app '{.spec.replicas}'
eventually_long "ScalingLimited True: ScaleUpLimit" cond_is app ScalingLimited \
	'^True ScaleUpLimit the desired replica count is increasing faster than the maximum scale rate$'
stays "no further within the period" 3 is 2 deploy/app '{.spec.replicas}'

finish
