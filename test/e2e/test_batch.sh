#!/usr/bin/env bash
# The job and cronjob controllers with the real kubectl. There is no kubelet: the test moves
# pods to Succeeded or Failed itself with status patches.
. "$(dirname "$0")/lib.sh"
cluster_up

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
"$BIN/kube-controller-manager" --kubeconfig="$CLUSTER/admin.conf" --secure-port=0 \
	--leader-elect=false --controllers=job,cronjob \
	> "$CLUSTER/logs/kube-controller-manager.log" 2>&1 &
PIDS+=($!)

# set_phase PHASE POD...
set_phase() {
	local ph=$1 p; shift
	for p in "$@"; do
		k patch pod "$p" --subresource=status --type=merge \
			-p "{\"status\":{\"phase\":\"$ph\"}}" >/dev/null
	done
}
pods_of() { k get pods -l "batch.kubernetes.io/job-name=$1" -o jsonpath='{.items[*].metadata.name}'; }
count_pods() { [ "$(pods_of "$1" | wc -w)" = "$2" ]; }
jpath() { k get "$1" -o jsonpath="$2"; }

echo "-- a job runs to completion"
k create job ok --image=busybox -- true >/dev/null
eventually "the job's pod is created" count_pods ok 1
p=$(pods_of ok)
out "pods carry the job's labels" '"batch.kubernetes.io/controller-uid":"[-0-9a-f]{36}","batch.kubernetes.io/job-name":"ok"' \
	jpath "pod/$p" '{.metadata.labels}'
out "pods carry the tracking finalizer" 'batch.kubernetes.io/job-tracking' \
	jpath "pod/$p" '{.metadata.finalizers}'
out "the pod is owned by the job" '^Job/ok/true$' \
	jpath "pod/$p" '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}'
eventually "status.active is 1" sh -c "[ \"\$($K33 get job ok -o jsonpath='{.status.active}')\" = 1 ]"
out "startTime is set" '^20' jpath job/ok '{.status.startTime}'
set_phase Succeeded "$p"
ok "kubectl wait --for=condition=complete" k wait --for=condition=complete job/ok --timeout=30s
out "succeeded 1, no active" '^1//' jpath job/ok '{.status.succeeded}/{.status.active}/'
out "SuccessCriteriaMet and Complete with CompletionsReached" \
	'SuccessCriteriaMet=True:CompletionsReached,Complete=True:CompletionsReached' \
	jpath job/ok '{range .status.conditions[*]}{.type}={.status}:{.reason},{end}'
out "completionTime is set" '^20' jpath job/ok '{.status.completionTime}'
eventually "the pod's finalizer is removed" sh -c "[ -z \"\$($K33 get pod $p -o jsonpath='{.metadata.finalizers}')\" ]"
out "kubectl get job shows Complete 1/1" 'ok +Complete +1/1' k get job ok
out "events SuccessfulCreate and Completed" 'SuccessfulCreate.*Created pod: ok-.*|Completed.*Job completed' \
	k get events --field-selector involvedObject.name=ok

echo "-- parallelism and completions"
k create -f - >/dev/null <<'Y'
apiVersion: batch/v1
kind: Job
metadata: {name: par}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
Y
eventually "two pods run at once" count_pods par 2
set_phase Succeeded $(pods_of par)
eventually "the third pod comes" sh -c "[ \"\$($K33 get pods -l batch.kubernetes.io/job-name=par --field-selector=status.phase!=Succeeded -o name | wc -l)\" = 1 ]"
set_phase Succeeded $(k get pods -l batch.kubernetes.io/job-name=par --field-selector=status.phase!=Succeeded -o jsonpath='{.items[*].metadata.name}')
ok "the job completes" k wait --for=condition=complete job/par --timeout=30s
out "succeeded 3" '^3$' jpath job/par '{.status.succeeded}'

echo "-- an Indexed job"
k create -f - >/dev/null <<'Y'
apiVersion: batch/v1
kind: Job
metadata: {name: idx}
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
Y
eventually "three indexed pods" count_pods idx 3
out "indexes 0,1,2 in annotations" '^0 1 2 $' sh -c "$K33 get pods -l batch.kubernetes.io/job-name=idx -o jsonpath='{range .items[*]}{.metadata.annotations.batch\.kubernetes\.io/job-completion-index} {end}' | tr ' ' '\n' | sort | tr '\n' ' '"
p1=$(k get pods -l batch.kubernetes.io/job-completion-index=1 -o jsonpath='{.items[0].metadata.name}')
out "the index label and hostname" '^idx-1$' jpath "pod/$p1" '{.spec.hostname}'
set_phase Succeeded "$p1"
eventually "completedIndexes is 1" sh -c "[ \"\$($K33 get job idx -o jsonpath='{.status.completedIndexes}')\" = 1 ]"
set_phase Succeeded $(k get pods -l batch.kubernetes.io/job-name=idx --field-selector=status.phase!=Succeeded -o jsonpath='{.items[*].metadata.name}')
ok "the indexed job completes" k wait --for=condition=complete job/idx --timeout=30s
out "completedIndexes 0-2" '^0-2$' jpath job/idx '{.status.completedIndexes}'

echo "-- a failing job hits its backoffLimit"
k create -f - >/dev/null <<'Y'
apiVersion: batch/v1
kind: Job
metadata: {name: bad}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
Y
eventually "the first pod" count_pods bad 1
set_phase Failed $(pods_of bad)
eventually "status.failed is 1" sh -c "[ \"\$($K33 get job bad -o jsonpath='{.status.failed}')\" = 1 ]"
# The replacement waits out the 10 s back-off.
for _ in $(seq 40); do
	n=$(k get pods -l batch.kubernetes.io/job-name=bad --field-selector=status.phase!=Failed -o name | wc -l)
	[ "$n" = 1 ] && break
	sleep 0.5
done
out "a replacement pod after the back-off" '^1$' sh -c "$K33 get pods -l batch.kubernetes.io/job-name=bad --field-selector=status.phase!=Failed -o name | wc -l"
set_phase Failed $(k get pods -l batch.kubernetes.io/job-name=bad --field-selector=status.phase!=Failed -o jsonpath='{.items[*].metadata.name}')
ok "kubectl wait --for=condition=failed" k wait --for=condition=failed job/bad --timeout=30s
out "Failed with BackoffLimitExceeded" 'FailureTarget=True:BackoffLimitExceeded,Failed=True:BackoffLimitExceeded' \
	jpath job/bad '{range .status.conditions[*]}{.type}={.status}:{.reason},{end}'
out "the BackoffLimitExceeded event" 'BackoffLimitExceeded.*Job has reached the specified backoff limit' \
	k get events --field-selector involvedObject.name=bad

echo "-- activeDeadlineSeconds"
k create -f - >/dev/null <<'Y'
apiVersion: batch/v1
kind: Job
metadata: {name: slow}
spec:
  activeDeadlineSeconds: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
Y
ok "the job fails past its deadline" k wait --for=condition=failed job/slow --timeout=30s
out "reason DeadlineExceeded" 'DeadlineExceeded' jpath job/slow '{.status.conditions[?(@.type=="Failed")].reason}'
eventually "its pod is deleted" sh -c "[ -z \"\$($K33 get pods -l batch.kubernetes.io/job-name=slow -o name)\" ]"

echo "-- suspend"
k create -f - >/dev/null <<'Y'
apiVersion: batch/v1
kind: Job
metadata: {name: sus}
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
Y
eventually "a suspended job has the Suspended condition" sh -c "[ \"\$($K33 get job sus -o jsonpath='{.status.conditions[?(@.type==\"Suspended\")].status}')\" = True ]"
out "and no pods" '^$' pods_of sus
k patch job sus --type=merge -p '{"spec":{"suspend":false}}' >/dev/null
eventually "resuming creates its pod" count_pods sus 1

echo "-- a cron job"
k create cronjob tick --image=busybox --schedule='*/1 * * * *' -- true >/dev/null
k create -f - >/dev/null <<'Y'
apiVersion: batch/v1
kind: CronJob
metadata: {name: badtz}
spec:
  schedule: "0 * * * *"
  timeZone: Mars/Olympus_Mons
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox}]
Y
k create job --from=cronjob/tick manual >/dev/null
out "kubectl create job --from=cronjob works" 'manual' k get job manual
out "a job of the cron job's that it did not start is reported" 'UnexpectedJob.*did not create or forgot: manual' \
	k get events --field-selector involvedObject.name=tick
for _ in $(seq 80); do
	[ -n "$(k get cronjob tick -o jsonpath='{.status.lastScheduleTime}')" ] && break
	sleep 1
done
out "the cron job fires within ~70 s" '^20.*:00Z$' jpath cronjob/tick '{.status.lastScheduleTime}'
j=$(k get jobs -o name | sed -n 's|^job.batch/\(tick-[0-9]*\)$|\1|p' | head -1)
out "its job is named <cronjob>-<minutes>" '^tick-[0-9]{8}$' echo "$j"
m=${j#tick-}
out "the scheduled-timestamp annotation matches the name" "^$(date -u -d @$((m * 60)) +%Y-%m-%dT%H:%M:%SZ)\$" \
	jpath "job/$j" '{.metadata.annotations.batch\.kubernetes\.io/cronjob-scheduled-timestamp}'
out "status.active names the job" "^$j\$" jpath cronjob/tick '{.status.active[*].name}'
out "a SuccessfulCreate event" "SuccessfulCreate.*Created job $j" k get events --field-selector involvedObject.name=tick
eventually "the job's pod runs" count_pods "$j" 1
set_phase Succeeded $(pods_of "$j")
eventually "the finished job leaves status.active" sh -c "[ -z \"\$($K33 get cronjob tick -o jsonpath='{.status.active}')\" ]"
eventually "lastSuccessfulTime is set" sh -c "[ -n \"\$($K33 get cronjob tick -o jsonpath='{.status.lastSuccessfulTime}')\" ]"
out "a SawCompletedJob event" "SawCompletedJob.*Saw completed job: $j, status: Complete" \
	k get events --field-selector involvedObject.name=tick
out "an unknown time zone is reported" 'UnknownTimeZone.*invalid timeZone' \
	k get events --field-selector involvedObject.name=badtz

finish
