#!/usr/bin/env bash
# The admission chain: ResourceQuota (seed 004's workflow, exactness under concurrent creates),
# LimitRanger, ServiceAccount, Priority and DefaultTolerationSeconds.
. "$(dirname "$0")/lib.sh"
cluster_up
mkdir -p "$WORK"
cd "$WORK" || exit 1

cat > pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: qingge
spec:
  containers:
  - name: nginx
    image: nginx
EOF
sed 's/qingge/redis/; s/nginx/redis/g' pod.yaml > redis.yaml

echo "-- seed 004: a pods quota"
ok "a pod exists before the quota" k create -f redis.yaml
out "create quota" 'resourcequota/qingge created' k27 create quota qingge --hard=pods=1
out "get quota" '^qingge +pods: 1/1' k get quota
quota_yaml=$(k get quota qingge -o yaml)
if printf '%s\n' "$quota_yaml" | grep -Eq '^status:$' &&
	printf '%s\n' "$quota_yaml" | sed -n '/^status:/,$p' | tr -d '\n ' | grep -q 'hard:pods:"1"used:pods:"1"'; then
	pass "status.hard and status.used as upstream's quota controller keeps them"
else
	fail "status.hard and status.used as upstream's quota controller keeps them" "$quota_yaml"
fi
fails "a second pod exceeds the quota" \
	'Error from server \(Forbidden\): error when creating "pod.yaml": pods "qingge" is forbidden: exceeded quota: qingge, requested: pods=1, used: pods=1, limited: pods=1' \
	k create -f pod.yaml
export KUBE_EDITOR='sed -i "s/pods: \"1\"/pods: \"2\"/"'
out "edit the quota to pods=2" 'resourcequota/qingge edited' k edit resourcequota qingge
unset KUBE_EDITOR
out "now the pod is created" 'pod/qingge created' k create -f pod.yaml
out "used follows the create" '^2/2$' k get quota qingge -o 'jsonpath={.status.used.pods}/{.status.hard.pods}'
k delete pod redis --wait=false >/dev/null
eventually "used follows a delete" sh -c "'$K33' get quota qingge -o jsonpath='{.status.used.pods}' | grep -qx 1"
out "kubectl describe shows the usage" 'pods +1 +2' k describe quota qingge
k delete pod qingge --wait=false >/dev/null
k delete quota qingge >/dev/null

echo "-- ResourceQuota is exact under concurrent creates"
k create ns conc >/dev/null
k create -n conc -f - >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"ten"},"spec":{"hard":{"pods":"10"}}}
EOF
for i in $(seq 20); do
	curl -s -o /dev/null -w '%{http_code}\n' --cacert "$CLUSTER/pki/ca.crt" \
		--cert "$CLUSTER/pki/admin.crt" --key "$CLUSTER/pki/admin.key" \
		-H 'Content-Type: application/json' -X POST \
		"https://127.0.0.1:$PORT/api/v1/namespaces/conc/pods" \
		-d "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p$i\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}" &
done > codes.txt
wait
codes=$(sort codes.txt | uniq -c | tr -s ' ' | tr '\n' ';')
if [ "$codes" = " 10 201; 10 403;" ]; then pass "10 of 20 concurrent creates admitted"
else fail "10 of 20 concurrent creates admitted" "$codes"; fi
out "exactly 10 pods stored" '^10$' sh -c "'$K33' get pods -n conc --no-headers | wc -l"
out "status.used is exact" '^10$' k get quota ten -n conc -o 'jsonpath={.status.used.pods}'

echo "-- ResourceQuota on compute resources and object counts"
k create ns cq >/dev/null
k create -n cq -f - >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"compute"},"spec":{"hard":{"requests.cpu":"1","limits.memory":"1Gi","configmaps":"1","services.nodeports":"0"}}}
EOF
fails "pods must state what the quota limits" \
	'pods "x" is forbidden: failed quota: compute: must specify limits.memory for: x; requests.cpu for: x' \
	k run x -n cq --image=nginx
req() { printf '{"spec":{"containers":[{"name":"%s","image":"nginx","resources":{"requests":{"cpu":"%s"},"limits":{"memory":"512Mi"}}}]}}' "$1" "$2"; }
out "a pod within the quota" 'pod/y created' k run y -n cq --image=nginx --overrides="$(req y 800m)"
fails "a pod beyond it" \
	'pods "z" is forbidden: exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=800m, limited: requests.cpu=1' \
	k run z -n cq --image=nginx --overrides="$(req z 300m)"
out "quantities add up in status.used" '^800m 512Mi$' k get quota compute -n cq -o 'jsonpath={.status.used.requests\.cpu} {.status.used.limits\.memory}'
out "one configmap" 'configmap/a created' k27 create configmap a -n cq
fails "not two" 'configmaps "b" is forbidden: exceeded quota: compute, requested: configmaps=1, used: configmaps=1, limited: configmaps=1' \
	k27 create configmap b -n cq
fails "no node ports" 'services "np" is forbidden: exceeded quota: compute, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0' \
	k27 create service nodeport np -n cq --tcp=80
out "a ClusterIP service needs none" 'service/cip created' k27 create service clusterip cip -n cq --tcp=80
fails "changing its type is checked too" 'exceeded quota: compute, requested: services.nodeports=1' \
	k patch service cip -n cq -p '{"spec":{"type":"NodePort"}}'

echo "-- LimitRanger"
k create ns lr >/dev/null
k create -n lr -f - >/dev/null <<'EOF'
apiVersion: v1
kind: LimitRange
metadata: {name: lim}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 200m, memory: 128Mi}
    min: {cpu: 100m}
    max: {cpu: "1"}
    maxLimitRequestRatio: {cpu: "4"}
EOF
k27 run web -n lr --image=nginx >/dev/null
pod_yaml=$(k get pod web -n lr -o yaml)
if printf '%s\n' "$pod_yaml" | sed -n '/resources:/,/terminationMessagePath/p' | tr -d '\n ' |
	grep -q 'resources:limits:cpu:500mmemory:256Mirequests:cpu:200mmemory:128Mi'; then
	pass "defaults from the LimitRange in kubectl get pod -o yaml"
else
	fail "defaults from the LimitRange in kubectl get pod -o yaml" "$pod_yaml"
fi
out "the annotation names what was set" \
	'^LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web$' \
	k get pod web -n lr -o 'jsonpath={.metadata.annotations.kubernetes\.io/limit-ranger}'
out "defaulted requests make the pod Burstable" '^Burstable$' k get pod web -n lr -o 'jsonpath={.status.qosClass}'
fails "min, max and ratio are enforced" \
	'pods "bad" is forbidden: \[minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per Container is 1, but limit is 2, cpu max limit to request ratio per Container is 4, but provided ratio is 40.000000\]' \
	k run bad -n lr --image=nginx --overrides='{"spec":{"containers":[{"name":"bad","image":"nginx","resources":{"requests":{"cpu":"50m"},"limits":{"cpu":"2"}}}]}}'

echo "-- ServiceAccount and DefaultTolerationSeconds"
out "the default service account" '^default$' k get pod web -n lr -o 'jsonpath={.spec.serviceAccountName}'
out "the token volume is projected" '^kube-api-access-[a-z0-9]{5} 3607 kube-root-ca.crt metadata.namespace$' \
	k get pod web -n lr -o 'jsonpath={.spec.volumes[0].name} {.spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds} {.spec.volumes[0].projected.sources[1].configMap.name} {.spec.volumes[0].projected.sources[2].downwardAPI.items[0].fieldRef.fieldPath}'
out "and mounted" '^/var/run/secrets/kubernetes.io/serviceaccount true$' \
	k get pod web -n lr -o 'jsonpath={.spec.containers[0].volumeMounts[0].mountPath} {.spec.containers[0].volumeMounts[0].readOnly}'
out "no token when the pod opts out" '^$' \
	sh -c "'$K33' run nt -n lr --image=nginx --overrides='{\"spec\":{\"automountServiceAccountToken\":false}}' >/dev/null && '$K33' get pod nt -n lr -o jsonpath='{.spec.volumes}'"
fails "a named account must exist" \
	'pods "sa" is forbidden: error looking up service account lr/nosuch: serviceaccount "nosuch" not found' \
	k run sa -n lr --image=nginx --overrides='{"spec":{"serviceAccountName":"nosuch"}}'
out "not-ready and unreachable tolerated for 300s" \
	'^node.kubernetes.io/not-ready NoExecute 300 node.kubernetes.io/unreachable NoExecute 300$' \
	k get pod web -n lr -o 'jsonpath={.spec.tolerations[0].key} {.spec.tolerations[0].effect} {.spec.tolerations[0].tolerationSeconds} {.spec.tolerations[1].key} {.spec.tolerations[1].effect} {.spec.tolerations[1].tolerationSeconds}'

echo "-- Priority"
k create ns prio >/dev/null
out "no class: priority 0" '^0 PreemptLowerPriority$' k get pod web -n lr -o 'jsonpath={.spec.priority} {.spec.preemptionPolicy}'
k27 create priorityclass high --value=1000 --preemption-policy=Never >/dev/null
out "a class sets priority and preemption policy" '^1000 Never$' \
	sh -c "'$K33' run hp -n prio --image=nginx --overrides='{\"spec\":{\"priorityClassName\":\"high\"}}' >/dev/null && '$K33' get pod hp -n prio -o jsonpath='{.spec.priority} {.spec.preemptionPolicy}'"
out "system classes are built in" '^2000001000$' \
	sh -c "'$K33' run sn -n prio --image=nginx --overrides='{\"spec\":{\"priorityClassName\":\"system-node-critical\"}}' >/dev/null && '$K33' get pod sn -n prio -o jsonpath='{.spec.priority}'"
fails "an unknown class is refused" 'pods "np" is forbidden: no PriorityClass with name foo was found' \
	k run np -n prio --image=nginx --overrides='{"spec":{"priorityClassName":"foo"}}'
k27 create priorityclass dflt --value=7 --global-default >/dev/null
out "the global default applies" '^dflt 7$' \
	sh -c "'$K33' run dp -n prio --image=nginx >/dev/null && '$K33' get pod dp -n prio -o jsonpath='{.spec.priorityClassName} {.spec.priority}'"
fails "only one global default" 'PriorityClass dflt is already marked as default. Only one default can exist' \
	k27 create priorityclass dflt2 --value=8 --global-default

echo "-- NamespaceLifecycle"
fails "no content in a missing namespace" 'namespaces "nosuch" not found' k27 create configmap c -n nosuch

finish
