#!/usr/bin/env bash
# The replicaset, replicationcontroller and deployment controllers with the real kubectl:
# seed 003's Deployments (create, scale, rolling update, history, undo, pause/resume, restart,
# describe) and seed 004's ReplicaSet self-healing and relabelled pod, a ReplicationController.
# Pods are run by bin/hollow-node (scheduled by bin/kube-scheduler when there is one; otherwise
# the test binds and marks them ready itself).
. "$(dirname "$0")/lib.sh"
cluster_up
D=$TOP/test/e2e/data

# As kubeadm runs it: its own user (no system:masters), one service account per controller.
start_daemon kube-controller-manager kube-controller-manager \
	--kubeconfig="$CLUSTER/controller-manager.conf" --use-service-account-credentials \
	--secure-port=0 --leader-elect=false \
	--controllers=replicaset,replicationcontroller,deployment
# The stand-ins are not under test: the plain builds in bin/ when there are.
helper() { [ -x "$TOP/bin/$1" ] && echo "$TOP/bin/$1" || echo "$BIN/$1"; }
"$(helper hollow-node)" --kubeconfig "$CLUSTER/admin.conf" --node-name hollow --nodes 3 \
	>> "$CLUSTER/logs/hollow-node.log" 2>&1 &
DAEMON_PIDS+=($!)
if [ -x "$(helper kube-scheduler)" ]; then
	"$(helper kube-scheduler)" --kubeconfig "$CLUSTER/admin.conf" --secure-port=0 \
		--leader-elect=false --cert-dir "$WORK/sched-certs" >> "$CLUSTER/logs/kube-scheduler.log" 2>&1 &
	DAEMON_PIDS+=($!)
else
	# No scheduler: bind every unbound pod to hollow-0 from here.
	( while sleep 0.3; do
		for p in $(k get pods -o jsonpath='{range .items[?(@.spec.nodeName=="")]}{.metadata.name} {end}' 2>/dev/null); do
			k create -f - >/dev/null 2>&1 <<Y
{"apiVersion":"v1","kind":"Binding","metadata":{"name":"$p"},"target":{"kind":"Node","name":"hollow-0"}}
Y
		done
	done ) &
	DAEMON_PIDS+=($!)
fi

# jp OBJ PATH: kubectl get -o jsonpath.
jp() { k get $1 -o "jsonpath=$2" 2>/dev/null; }
# is WANT OBJ PATH: the jsonpath is exactly WANT.
is() { [ "$(jp "$2" "$3")" = "$1" ]; }
# running LABELS N: exactly N pods with the labels, all Running and ready, none terminating.
running() {
	local s
	s=$(k get pods -l "$1" -o jsonpath='{range .items[*]}{.status.phase}/{.status.conditions[?(@.type=="Ready")].status}/{.metadata.deletionTimestamp}{"\n"}{end}' 2>/dev/null | sort | uniq -c | awk '{print $1" "$2}')
	[ "$s" = "$2 Running/True/" ]
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

eventually "the hollow nodes are Ready" sh -c "[ \$($K33 get nodes --no-headers 2>/dev/null | grep -c ' Ready') = 3 ]"

echo "-- seed 003: Deployments"
ok "create auth (extensions/v1beta1, as written)" k create -f "$D/auth-v1beta1.yaml"
eventually "auth's ReplicaSet is created" sh -c "[ \$($K33 get rs -l app=auth -o name | wc -l) = 1 ]"
RS=$(jp "rs -l app=auth" '{.items[0].metadata.name}')
HASH=$(jp "rs $RS" '{.metadata.labels.pod-template-hash}')
out "RS is named <deployment>-<pod-template-hash>" "^auth-$HASH\$" echo "$RS"
out "hash is safe-encoded" '^[bcdfghjklmnpqrstvwxz2456789]{1,10}$' echo "$HASH"
out "RS selector carries the hash" "\"pod-template-hash\":\"$HASH\"" jp "rs $RS" '{.spec.selector.matchLabels}'
out "RS revision 1, desired and max replicas" '^1 1 2$' jp "rs $RS" \
	'{.metadata.annotations.deployment\.kubernetes\.io/revision} {.metadata.annotations.deployment\.kubernetes\.io/desired-replicas} {.metadata.annotations.deployment\.kubernetes\.io/max-replicas}'
out "RS is controlled by the Deployment" '^Deployment auth true$' jp "rs $RS" \
	'{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].controller}'
eventually "auth's pod runs and is ready" running app=auth 1
# The manager's own user may not create pods: the pod came from the controller's account,
# which the manager created.
out "the replicaset controller's service account exists" '^replicaset-controller$' \
	k get sa -n kube-system replicaset-controller -o 'jsonpath={.metadata.name}'
may_create_pods() {
	k create --validate=false -o 'jsonpath={.status.allowed}' -f - <<YAML
apiVersion: authorization.k8s.io/v1
kind: SubjectAccessReview
spec: {user: "$1", resourceAttributes: {verb: create, resource: pods, namespace: default}}
YAML
}
out "system:kube-controller-manager itself may not create pods" '^false$' \
	may_create_pods system:kube-controller-manager
out "system:serviceaccount:kube-system:replicaset-controller may" '^true$' \
	may_create_pods system:serviceaccount:kube-system:replicaset-controller
eventually "auth is available: 1 1 1 1" is "1 1 1 1" deploy/auth \
	'{.status.replicas} {.status.updatedReplicas} {.status.readyReplicas} {.status.availableReplicas}'
out "kubectl get deployment" '^auth +1/1 +1 +1 ' k get deployment auth --no-headers
out "pod carries the template hash" "$HASH" jp "pods -l app=auth" '{.items[0].metadata.labels.pod-template-hash}'
out "extensions/v1beta1 defaults: no progress deadline" '^2147483647$' jp deploy/auth '{.spec.progressDeadlineSeconds}'
out "so no Progressing condition" '^$' jp deploy/auth '{.status.conditions[?(@.type=="Progressing")].reason}'
out "Available with upstream's message" 'True MinimumReplicasAvailable Deployment has minimum availability.' \
	jp deploy/auth '{.status.conditions[?(@.type=="Available")].status} {.status.conditions[?(@.type=="Available")].reason} {.status.conditions[?(@.type=="Available")].message}'
eventually "deployment revision annotation" is 1 deploy/auth '{.metadata.annotations.deployment\.kubernetes\.io/revision}'
eventually "observedGeneration caught up" sh -c "[ \"\$($K33 get deploy auth -o jsonpath='{.status.observedGeneration}')\" = \"\$($K33 get deploy auth -o jsonpath='{.metadata.generation}')\" ]"
out "rollout status completes" 'successfully rolled out' k rollout status deploy/auth --timeout=30s
describe=$(k describe deployment auth)
out "describe: replicas line" 'Replicas: +1 desired \| 1 updated \| 1 total \| 1 available \| 0 unavailable' echo "$describe"
out "describe: strategy (v1beta1 defaults, as in the seed)" 'RollingUpdateStrategy: +1 max unavailable, 1 max surge' echo "$describe"
out "describe: NewReplicaSet" "NewReplicaSet: +$RS \(1/1 replicas created\)" echo "$describe"
out "describe: OldReplicaSets none" 'OldReplicaSets: +<none>' echo "$describe"
out "describe: event" "ScalingReplicaSet .*deployment-controller +Scaled up replica set $RS from 0 to 1" echo "$describe"
out "describe: conditions" 'Available +True +MinimumReplicasAvailable' echo "$describe"

echo "-- scale 1 -> 3 -> 1 (hello, via kubectl apply as in the seed, then kubectl scale)"
ok "create hello" k apply -f "$D/deploy.yaml"
eventually "hello has one ready pod" running app=hello,track=stable 1
sed 's/replicas: 1/replicas: 3/' "$D/deploy.yaml" > "$WORK/hello3.yaml"
ok "apply replicas: 3" k apply -f "$WORK/hello3.yaml"
eventually "three hello pods ready" running app=hello,track=stable 3
HRS=$(jp "rs -l app=hello" '{.items[0].metadata.name}')
out "still one ReplicaSet" '^1$' sh -c "$K33 get rs -l app=hello -o name | wc -l"
eventually "Progressing NewReplicaSetAvailable" is "True NewReplicaSetAvailable ReplicaSet \"$HRS\" has successfully progressed." deploy/hello \
	'{.status.conditions[?(@.type=="Progressing")].status} {.status.conditions[?(@.type=="Progressing")].reason} {.status.conditions[?(@.type=="Progressing")].message}'
eventually "rs shows 3 3 3" is "3 3 3" rs/$HRS '{.spec.replicas} {.status.replicas} {.status.readyReplicas}'
eventually "scale event wording" sh -c "$K33 get events --field-selector involvedObject.name=hello -o jsonpath='{.items[*].message}' | grep -q 'Scaled up replica set $HRS from 1 to 3'"
ok "kubectl scale --replicas=1" k scale deployment hello --replicas=1
eventually "back to one hello pod" running app=hello,track=stable 1
eventually "scale down event" sh -c "$K33 get events --field-selector involvedObject.name=hello -o jsonpath='{.items[*].message}' | grep -q 'Scaled down replica set $HRS from 3 to 1'"
eventually "desired-replicas annotation follows" is 1 rs/$HRS '{.metadata.annotations.deployment\.kubernetes\.io/desired-replicas}'

echo "-- rolling update, history, undo"
k scale deployment hello --replicas=3 >/dev/null
eventually "three hello pods again" running app=hello,track=stable 3
k annotate deployment hello kubernetes.io/change-cause="image 2.0.0" >/dev/null
ok "kubectl set image" k set image deployment/hello hello=udacity/example-hello:2.0.0
out "rollout status completes" 'successfully rolled out' k rollout status deploy/hello --timeout=60s
eventually "two ReplicaSets" sh -c "[ \$($K33 get rs -l app=hello -o name | wc -l) = 2 ]"
NEW=$(k get rs -l app=hello -o jsonpath='{range .items[?(@.spec.replicas==3)]}{.metadata.name}{end}')
out "new RS has the new image" 'udacity/example-hello:2.0.0' jp "rs $NEW" '{.spec.template.spec.containers[0].image}'
out "old RS scaled to 0" '^0$' jp "rs $HRS" '{.spec.replicas}'
out "new RS is revision 2" '^2$' jp "rs $NEW" '{.metadata.annotations.deployment\.kubernetes\.io/revision}'
eventually "all pods run the new image" sh -c "[ \"\$($K33 get pods -l app=hello -o jsonpath='{.items[*].spec.containers[0].image}' | tr ' ' '\n' | sort -u)\" = udacity/example-hello:2.0.0 ]"
eventually "status 3 updated, 3 available" is "3 3 3" deploy/hello '{.status.replicas} {.status.updatedReplicas} {.status.availableReplicas}'
hist=$(k rollout history deployment/hello)
out "rollout history lists both revisions" '^1 ' echo "$hist"
out "rollout history shows the change cause" '^2 +image 2.0.0' echo "$hist"
out "history of revision 2 shows its image" 'udacity/example-hello:2.0.0' k rollout history deployment/hello --revision=2
describe=$(k describe deployment hello)
out "describe: old RS listed" "OldReplicaSets: +$HRS \(0/0 replicas created\)" echo "$describe"
out "describe: new RS listed" "NewReplicaSet: +$NEW \(3/3 replicas created\)" echo "$describe"
out "describe: rolling events" "Scaled down replica set $HRS from" echo "$describe"
ok "kubectl rollout undo" k rollout undo deployment/hello
out "undo rollout completes" 'successfully rolled out' k rollout status deploy/hello --timeout=60s
out "template has the old image" 'udacity/example-hello:1.0.0' jp deploy/hello '{.spec.template.spec.containers[0].image}'
eventually "the old RS is back to 3" is 3 rs/$HRS '{.spec.replicas}'
out "no third ReplicaSet" '^2$' sh -c "$K33 get rs -l app=hello -o name | wc -l"
out "the old RS got revision 3" '^3$' jp "rs $HRS" '{.metadata.annotations.deployment\.kubernetes\.io/revision}'
out "and remembers revision 1" '^1$' jp "rs $HRS" '{.metadata.annotations.deployment\.kubernetes\.io/revision-history}'
eventually "deployment revision 3" is 3 deploy/hello '{.metadata.annotations.deployment\.kubernetes\.io/revision}'
out "history now 2 and 3" '^2 .*
3 ' sh -c "$K33 rollout history deployment/hello | grep -E '^[0-9]'"

echo "-- pause, resume, restart"
ok "kubectl rollout pause" k rollout pause deployment/hello
eventually "Progressing Unknown DeploymentPaused" is "Unknown DeploymentPaused Deployment is paused" deploy/hello \
	'{.status.conditions[?(@.type=="Progressing")].status} {.status.conditions[?(@.type=="Progressing")].reason} {.status.conditions[?(@.type=="Progressing")].message}'
k set image deployment/hello hello=udacity/example-hello:3.0.0 >/dev/null
sleep 2
out "paused: no new ReplicaSet" '^2$' sh -c "$K33 get rs -l app=hello -o name | wc -l"
fails "undo refuses a paused deployment" 'paused' k rollout undo deployment/hello
ok "kubectl rollout resume" k rollout resume deployment/hello
out "resumed rollout completes" 'successfully rolled out' k rollout status deploy/hello --timeout=60s
out "three ReplicaSets now" '^3$' sh -c "$K33 get rs -l app=hello -o name | wc -l"
ok "kubectl rollout restart" k rollout restart deployment/hello
out "restart rollout completes" 'successfully rolled out' k rollout status deploy/hello --timeout=60s
out "restart made a fourth ReplicaSet" '^4$' sh -c "$K33 get rs -l app=hello -o name | wc -l"
out "its template has restartedAt" 'restartedAt' sh -c "$K33 get rs -l app=hello -o jsonpath='{range .items[?(@.spec.replicas==3)]}{.spec.template.metadata.annotations}{end}'"

echo "-- revisionHistoryLimit, Recreate, progress deadline"
k patch deployment hello -p '{"spec":{"revisionHistoryLimit":1}}' >/dev/null
eventually "old ReplicaSets beyond the limit are deleted" sh -c "[ \$($K33 get rs -l app=hello -o name | wc -l) = 2 ]"
k create deployment rec --image=nginx:1 --replicas=2 >/dev/null
k patch deployment rec -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}' >/dev/null
eventually "rec runs 2 pods" running app=rec 2
k set image deployment/rec nginx=nginx:2 >/dev/null
out "Recreate rollout completes" 'successfully rolled out' k rollout status deploy/rec --timeout=60s
out "Recreate: old RS at 0" '^0 2$' sh -c "$K33 get rs -l app=rec -o jsonpath='{range .items[*]}{.spec.replicas}{\"\\n\"}{end}' | sort | tr '\n' ' ' | sed 's/ \$//'"
k create deployment stuck --image=nginx --replicas=1 >/dev/null
k patch deployment stuck -p '{"spec":{"progressDeadlineSeconds":2,"template":{"spec":{"nodeSelector":{"nowhere":"x"}}}}}' >/dev/null
eventually "ProgressDeadlineExceeded" is "False ProgressDeadlineExceeded" deploy/stuck \
	'{.status.conditions[?(@.type=="Progressing")].status} {.status.conditions[?(@.type=="Progressing")].reason}'
fails "rollout status reports the deadline" 'exceeded its progress deadline' k rollout status deploy/stuck --timeout=10s

echo "-- proportional scaling mid-rollout"
k create deployment prop --image=nginx:1 --replicas=10 >/dev/null
eventually_long "prop runs 10" running app=prop 10
k patch deployment prop -p '{"spec":{"template":{"spec":{"nodeSelector":{"nowhere":"x"}}}}}' >/dev/null
eventually "prop's rollout is stuck at its surge" sh -c "[ \"\$($K33 get rs -l app=prop -o jsonpath='{range .items[*]}{.spec.replicas}{\" \"}{end}' | tr ' ' '\n' | sort -n | tr '\n' ' ')\" = '5 8 ' ]"
k scale deployment prop --replicas=20 >/dev/null
eventually "scaled proportionally (15 + 10 = 20 + 25% surge)" sh -c "[ \"\$($K33 get rs -l app=prop -o jsonpath='{range .items[*]}{.spec.replicas}{\" \"}{end}' | tr ' ' '\n' | sort -n | tr '\n' ' ')\" = '10 15 ' ]"

echo "-- seed 004: a ReplicaSet heals itself"
ok "create the ReplicaSet" k create -f "$D/rs.yaml"
eventually "two nginx pods" running app=nginx 2
eventually "kubectl get rs" sh -c "$K33 get rs nginx --no-headers | grep -qE '^nginx +2 +2 +2'"
victim=$(jp "pods -l app=nginx" '{.items[0].metadata.name}')
ok "delete a pod" k delete pod "$victim" --wait=false
eventually "replaced: two ready nginx pods again" running app=nginx 2
out "the deleted pod is not among them" '^0$' sh -c "$K33 get pods -l app=nginx -o name | grep -c '/$victim\$' || true"
out "SuccessfulCreate events" 'Created pod: nginx-' sh -c "$K33 get events --field-selector involvedObject.name=nginx,reason=SuccessfulCreate -o jsonpath='{.items[*].message}'"
relabel=$(jp "pods -l app=nginx" '{.items[0].metadata.name}')
ok "kubectl label --overwrite (as in the seed)" k label pods "$relabel" app=foobar --overwrite
eventually "the relabelled pod is released" sh -c "! $K33 get pod $relabel -o jsonpath='{.metadata.ownerReferences}' | grep -q uid"
eventually "a replacement brings app=nginx back to 2" running app=nginx 2
out "the relabelled pod still runs" '^Running$' jp pod/$relabel '{.status.phase}'
out "three pods in all" '^3$' sh -c "$K33 get pods -l 'app in (nginx,foobar)' -o name | wc -l"
ok "kubectl scale rs --replicas=5" k scale rs nginx --replicas=5
eventually "five nginx pods" running app=nginx 5
eventually "rs status 5 5 5 5" is "5 5 5 5" rs/nginx '{.status.replicas} {.status.fullyLabeledReplicas} {.status.readyReplicas} {.status.availableReplicas}'
ok "kubectl scale rs --replicas=1" k scale rs nginx --replicas=1
eventually "one nginx pod left" running app=nginx 1
out "SuccessfulDelete events" 'Deleted pod: nginx-' sh -c "$K33 get events --field-selector involvedObject.name=nginx,reason=SuccessfulDelete -o jsonpath='{.items[*].message}'"
ok "label the orphan back" k label pods "$relabel" app=nginx --overwrite
eventually "the orphan is adopted and the surplus deleted" sh -c "[ \"\$($K33 get pods -l app=nginx -o jsonpath='{range .items[?(@.metadata.deletionTimestamp)]}x{end}')\" = '' ] && [ \$($K33 get pods -l app=nginx -o name | wc -l) = 1 ]"
ok "delete the ReplicaSet" k delete rs nginx
k delete pods -l app=nginx --wait=false >/dev/null 2>&1

echo "-- extensions/v1beta1 ReplicaSet and minReadySeconds"
ok "create nginx-legacy" k create -f "$D/rs-v1beta1.yaml"
k patch rs nginx-legacy -p '{"spec":{"minReadySeconds":3}}' >/dev/null
eventually "ready before available" is "2 2" rs/nginx-legacy '{.status.readyReplicas} {.status.replicas}'
eventually "available after minReadySeconds" is "2" rs/nginx-legacy '{.status.availableReplicas}'

echo "-- ReplicationController"
k create -f - >/dev/null <<'Y'
apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 2
  selector:
    app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
Y
eventually "RC runs two pods" running app=web 2
out "pods are controlled by the RC" '^ReplicationController ReplicationController$' \
	jp "pods -l app=web" '{.items[*].metadata.ownerReferences[0].kind}'
eventually "RC status" is "2 2 2 2" rc/web '{.status.replicas} {.status.fullyLabeledReplicas} {.status.readyReplicas} {.status.availableReplicas}'
out "kubectl get rc" '^web +2 +2 +2' k get rc web --no-headers
victim=$(jp "pods -l app=web" '{.items[0].metadata.name}')
k delete pod "$victim" --wait=false >/dev/null
eventually "RC replaces a deleted pod" running app=web 2
ok "kubectl scale rc" k scale rc web --replicas=3
eventually "RC scaled to 3" running app=web 3
out "RC events come from replication-controller" 'replication-controller' \
	sh -c "$K33 get events --field-selector involvedObject.name=web -o jsonpath='{.items[*].source.component}'"

finish
