#!/usr/bin/env bash
# The everyday kubectl workflow against etcd + kube-apiserver, with kubectl 1.33 and 1.27.
. "$(dirname "$0")/lib.sh"
D=$TOP/test/e2e/data
cluster_up

echo "-- discovery"
out "version shows the server" 'Server Version: v1\.' k version
out "api-resources lists deployments" 'deployments +deploy +apps/v1 +true +Deployment' k api-resources
out "api-resources (1.27)" 'pods +po +v1 +true +Pod' k27 api-resources
out "system namespaces exist" 'kube-system +Active' k get ns
out "kubernetes service" 'kubernetes +ClusterIP +10\.0\.0\.1 +<none> +443/TCP' k get svc kubernetes

echo "-- create and get"
out "create -f pod" 'pod/qingge created' k create -f "$D/pod.yaml"
fails "create duplicate" 'Error from server \(AlreadyExists\): error when creating ".*pod.yaml": pods "qingge" already exists' k create -f "$D/pod.yaml"
fails "get missing" 'Error from server \(NotFound\): pods "nope" not found' k get pod nope
fails "invalid object" 'The Pod "Bad_Name" is invalid: ' k create -f "$D/bad-pod.yaml"
fails "invalid object names the field" 'metadata\.name: Invalid value: "Bad_Name"' k create -f "$D/bad-pod.yaml"
fails "invalid object names a missing image" 'spec\.containers\[0\]\.image: Required value' k create -f "$D/bad-pod.yaml"
out "get pods table" '^qingge +0/1 +Pending +0 +[0-9]+s' k get pods
out "get -o wide" 'IP +NODE +NOMINATED NODE +READINESS GATES' k get pods -o wide
out "get -o json" '"name": "qingge"' k get pod qingge -o json
out "get -o yaml has defaults" 'imagePullPolicy: Always' k get pod qingge -o yaml
out "get -o jsonpath" '^nginx$' k get pod qingge -o 'jsonpath={.spec.containers[0].image}'
out "get -A" 'default +qingge' k get pods -A
out "describe pod" 'Name: +qingge' k describe pod qingge
out "1.27 get pods" '^qingge' k27 get pods

cat > "$WORK/gen.yaml" <<GEN
apiVersion: v1
kind: ConfigMap
metadata:
  generateName: gen-
data:
  a: b
GEN
out "generateName" 'configmap/gen-[a-z0-9]{5} created' k create -f "$WORK/gen.yaml"
out "dry-run=server creates nothing" 'configmap/dry created \(server dry run\)' k27 create configmap dry --from-literal=a=b --dry-run=server
fails "dry-run left nothing behind" 'not found' k get configmap dry

echo "-- labels and annotations"
out "label" 'pod/qingge labeled' k label pods qingge app=redis
fails "label without --overwrite" "'app' already has a value \(redis\), and --overwrite is false" k label pods qingge app=db
out "label --overwrite" 'pod/qingge labeled' k label pods qingge app=db --overwrite
out "--show-labels" 'qingge .* app=db' k get pods --show-labels
out "-L app" 'APP' k get pods -Lapp
out "-l selects" '^qingge' k get pods -l app=db
out "-l excludes" 'No resources found' k get pods -l app=web
out "set-based selector" '^qingge' k get pods -l 'app in (db,web)'
out "annotate" 'pod/qingge annotated' k annotate pod qingge note=hello
out "annotation stored" 'note: hello' k get pod qingge -o yaml

echo "-- namespaces, configmaps, secrets"
out "create namespace" 'namespace/team created' k create namespace team
out "create configmap" 'configmap/cfg created' k create configmap cfg -n team --from-literal=a=1 --from-literal=b=2
out "configmap DATA column" 'cfg +2 ' k get cm -n team
out "create secret" 'secret/s1 created' k create secret generic s1 --from-literal=password=x
out "secret TYPE column" 's1 +Opaque +1 ' k get secrets
fails "namespace missing for create" 'namespaces "nope" not found' k create configmap x -n nope --from-literal=a=b
out "1.27 create configmap" 'configmap/cfg27 created' k27 create configmap cfg27 --from-literal=a=b

echo "-- apply, patch, scale, edit, replace"
out "apply creates" 'deployment.apps/hello created' k apply -f "$D/deploy.yaml"
out "apply again unchanged" 'deployment.apps/hello unchanged' k apply -f "$D/deploy.yaml"
sed 's/replicas: 1/replicas: 3/' "$D/deploy.yaml" > "$WORK/deploy3.yaml"
out "apply changed reports configured" 'deployment.apps/hello configured' k apply -f "$WORK/deploy3.yaml"
out "apply took effect" '^3$' k get deploy hello -o 'jsonpath={.spec.replicas}'
out "1.27 apply" 'deployment.apps/hello (configured|unchanged)' k27 apply -f "$D/deploy.yaml"
out "server-side apply" 'deployment.apps/hello serverside-applied' k apply --server-side --force-conflicts -f "$WORK/deploy3.yaml"
out "patch strategic" 'patched' k patch deploy hello -p '{"spec":{"template":{"spec":{"containers":[{"name":"hello","image":"nginx:1.25"}]}}}}'
out "strategic kept the port" '"containerPort": 80' k get deploy hello -o json
out "patch merge" 'patched' k patch deploy hello --type=merge -p '{"metadata":{"labels":{"tier":"web"}}}'
out "patch json" 'patched' k patch deploy hello --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'
out "json patch took effect" '^2$' k get deploy hello -o 'jsonpath={.spec.replicas}'
fails "failed json patch test" 'The request is invalid: testing value /spec/replicas failed' k patch deploy hello --type=json -p '[{"op":"test","path":"/spec/replicas","value":9}]'
out "scale" 'deployment.apps/hello scaled' k scale deploy hello --replicas=5
out "scale took effect" '^5$' k get deploy hello -o 'jsonpath={.spec.replicas}'
out "generation counts spec changes" '^[0-9]+$' k get deploy hello -o 'jsonpath={.metadata.generation}'
out "edit" 'deployment.apps/hello edited' env KUBE_EDITOR="sed -i s/replicas:\ 5/replicas:\ 4/" "$K33" edit deploy hello
out "edit took effect" '^4$' k get deploy hello -o 'jsonpath={.spec.replicas}'
k get deploy hello -o yaml > "$WORK/stale.yaml"
k scale deploy hello --replicas=1 >/dev/null
fails "replace with a stale resourceVersion" 'Operation cannot be fulfilled on deployments.apps "hello": the object has been modified; please apply your changes to the latest version and try again' k replace -f "$WORK/stale.yaml"
grep -v resourceVersion "$WORK/stale.yaml" > "$WORK/fresh.yaml"
out "replace without resourceVersion" 'deployment.apps/hello replaced' k replace -f "$WORK/fresh.yaml"

echo "-- field validation"
cat > "$WORK/unknown.yaml" <<UNK
apiVersion: v1
kind: ConfigMap
metadata:
  name: unk
  bogus: 1
data:
  a: b
extra: yes
UNK
fails "unknown fields are refused (strict, 1.33)" 'strict decoding error: unknown field "extra", unknown field "metadata.bogus"' k create -f "$WORK/unknown.yaml"
fails "unknown fields are refused (strict, 1.27)" 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error' k27 create -f "$WORK/unknown.yaml"
out "--validate=warn warns" 'Warning: unknown field "extra"' k create -f "$WORK/unknown.yaml" --validate=warn
out "unknown fields are dropped, not stored" '^0$' sh -c "\"$K33\" get cm unk -o json | grep -c extra; true"

echo "-- legacy extensions/v1beta1 (seeds 003 and 004, typed as written)"
out "create an extensions/v1beta1 deployment without a selector" 'deployment.extensions/auth created' k create -f "$D/auth-v1beta1.yaml"
out "its selector comes from the template" 'Selector: +app=auth,track=stable' k describe deployment auth
out "its old defaults" 'RollingUpdateStrategy: +1 max unavailable, 1 max surge' k describe deployment auth
out "apply to it (1.33)" 'deployment.extensions/auth configured' k apply -f "$D/auth-v1beta1.yaml"
out "extensions/v1beta1 replicaset" 'replicaset.extensions/nginx-legacy created' k27 create -f "$D/rs-v1beta1.yaml"
out "served as apps/v1 too" 'apps/v1' k get rs nginx-legacy -o jsonpath='{.apiVersion}'

echo "-- services"
out "create NodePort service" 'service/nginx created' k create -f "$D/svc.yaml"
out "service gets a cluster IP and node port" 'nginx +NodePort +10\.0\.0\.[0-9]+ +<none> +80:3[0-9]{4}/TCP' k get svc nginx

echo "-- watch"
k get pods -w --output-watch-events > "$WORK/watch.out" 2>&1 &
wpid=$!
sleep 1
k create configmap trigger --from-literal=a=b >/dev/null
k delete pod qingge --wait=false >/dev/null
sleep 1
kill $wpid 2>/dev/null
out "get -w shows the deletion" 'DELETED +qingge' cat "$WORK/watch.out"

echo "-- delete"
out "delete" 'configmap "trigger" deleted' k delete configmap trigger
out "delete namespace" 'namespace "team" deleted' k delete namespace team --wait=false
fails "default namespace cannot be deleted" 'forbidden: this namespace may not be deleted' k delete namespace default

finish
