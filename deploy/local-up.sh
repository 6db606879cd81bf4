#!/usr/bin/env bash
# Start a local kubec cluster: etcd and every kubec daemon built so far, as background
# processes with all state in one directory. `--down` stops what it started.
set -euo pipefail

dir=./_local
down=0
port=6443
etcd_port=2379
bindir=
quiet=0
only_apiserver=0
apiserver_only=0
hollow=0
while [ $# -gt 0 ]; do
	case "$1" in
	--dir) dir=$2; shift 2 ;;
	--dir=*) dir=${1#*=}; shift ;;
	--down) down=1; shift ;;
	--port) port=$2; shift 2 ;;
	--etcd-port) etcd_port=$2; shift 2 ;;
	--bin) bindir=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--restart-apiserver) only_apiserver=1; shift ;;
	--apiserver-only) apiserver_only=1; shift ;;
	--hollow-nodes) hollow=$2; shift 2 ;;
	-h|--help)
		cat <<USAGE
usage: $0 [--dir DIR] [--port N] [--etcd-port N] [--bin DIR] [--apiserver-only]
          [--hollow-nodes N] [--quiet] [--down]
  --apiserver-only   start etcd and kube-apiserver but no scheduler or controller-manager
  --hollow-nodes N   start bin/hollow-node standing in for N nodes (hollow-0 ...) until a
                     kubelet exists: pods get scheduled and reported Running, nothing runs
USAGE
		exit 0 ;;
	*) echo "local-up: unknown argument $1" >&2; exit 1 ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
bindir=${bindir:-$top/bin}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
run=$dir/run
logs=$dir/logs
pki=$dir/pki

stop_all() {
	for pidf in "$run"/*.pid; do
		[ -e "$pidf" ] || continue
		pid=$(cat "$pidf")
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$pidf"
	done
}

if [ $down = 1 ]; then
	stop_all
	echo "local cluster in $dir stopped"
	exit 0
fi
if [ $only_apiserver = 1 ]; then
	[ -e "$run/kube-apiserver.pid" ] && kill "$(cat "$run/kube-apiserver.pid")" 2>/dev/null || true
else
	stop_all
fi
mkdir -p "$run" "$logs" "$pki"

# PKI as kubeadm lays it out: a cluster CA, the serving certificate, an admin client.
if [ ! -e "$pki/ca.crt" ]; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/CN=kubernetes" -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
	cat > "$pki/apiserver.ext" <<EXT
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1
extendedKeyUsage=serverAuth
EXT
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=kube-apiserver" \
		-keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
	openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
		-CAcreateserial -days 3650 -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj "/O=system:masters/CN=kubernetes-admin" \
		-keyout "$pki/admin.key" -out "$pki/admin.csr" 2>/dev/null
	echo "extendedKeyUsage=clientAuth" > "$pki/client.ext"
	openssl x509 -req -in "$pki/admin.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
		-CAcreateserial -days 3650 -extfile "$pki/client.ext" -out "$pki/admin.crt" 2>/dev/null
fi

# Service account token keys, as kubeadm's sa.key and sa.pub.
if [ ! -e "$pki/sa.key" ]; then
	openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
	openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
fi

# The front proxy's CA and the certificate kube-apiserver presents to extension API servers
# (the aggregation layer), as kubeadm's front-proxy-ca and front-proxy-client.
if [ ! -e "$pki/front-proxy-ca.crt" ]; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
		-subj "/CN=front-proxy-ca" -keyout "$pki/front-proxy-ca.key" \
		-out "$pki/front-proxy-ca.crt" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=front-proxy-client" \
		-keyout "$pki/front-proxy-client.key" -out "$pki/front-proxy-client.csr" 2>/dev/null
	openssl x509 -req -in "$pki/front-proxy-client.csr" -CA "$pki/front-proxy-ca.crt" \
		-CAkey "$pki/front-proxy-ca.key" -CAcreateserial -days 3650 \
		-extfile <(echo "extendedKeyUsage=clientAuth") -out "$pki/front-proxy-client.crt" 2>/dev/null
fi
front_proxy=(--proxy-client-cert-file "$pki/front-proxy-client.crt"
	--proxy-client-key-file "$pki/front-proxy-client.key"
	--requestheader-client-ca-file "$pki/front-proxy-ca.crt"
	--requestheader-allowed-names=front-proxy-client
	--requestheader-extra-headers-prefix=X-Remote-Extra-
	--requestheader-group-headers=X-Remote-Group
	--requestheader-username-headers=X-Remote-User)

# A client certificate signed by the cluster CA: file stem, then the subject (made again when
# the subject it has is another).
client_cert() {
	[ -e "$pki/$1.crt" ] &&
		[ "$(openssl x509 -in "$pki/$1.crt" -noout -subject -nameopt compat)" = "subject=$2" ] &&
		return 0
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$2" \
		-keyout "$pki/$1.key" -out "$pki/$1.csr" 2>/dev/null
	openssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
		-CAcreateserial -days 3650 -extfile "$pki/client.ext" -out "$pki/$1.crt" 2>/dev/null
}

b64() { base64 -w0 < "$1"; }
# kubeadm's kubeconfig files: one per component, each with its own identity.
kubeconfig() { # file, user, cert stem
	cat > "$dir/$1" <<CONF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $(b64 "$pki/ca.crt")
    server: https://127.0.0.1:$port
  name: kubec
contexts:
- context:
    cluster: kubec
    user: $2
  name: $2@kubec
current-context: $2@kubec
users:
- name: $2
  user:
    client-certificate-data: $(b64 "$pki/$3.crt")
    client-key-data: $(b64 "$pki/$3.key")
CONF
	chmod 600 "$dir/$1"
}
client_cert scheduler "/CN=system:kube-scheduler"
client_cert controller-manager "/CN=system:kube-controller-manager"
kubeconfig scheduler.conf system:kube-scheduler scheduler
kubeconfig controller-manager.conf system:kube-controller-manager controller-manager

cat > "$dir/admin.conf" <<CONF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $(b64 "$pki/ca.crt")
    server: https://127.0.0.1:$port
  name: kubec
contexts:
- context:
    cluster: kubec
    user: kubernetes-admin
  name: kubernetes-admin@kubec
current-context: kubernetes-admin@kubec
users:
- name: kubernetes-admin
  user:
    client-certificate-data: $(b64 "$pki/admin.crt")
    client-key-data: $(b64 "$pki/admin.key")
CONF
chmod 600 "$dir/admin.conf"

start() { # name, then the command
	local name=$1; shift
	if ! command -v "$1" >/dev/null; then
		echo "local-up: $1 is not built, so $name is not started" >&2
		return 0
	fi
	"$@" >> "$logs/$name.log" 2>&1 &
	echo $! > "$run/$name.pid"
}

[ $only_apiserver = 1 ] || start etcd etcd --name kubec --data-dir "$dir/etcd" \
	--listen-client-urls "http://127.0.0.1:$etcd_port" \
	--advertise-client-urls "http://127.0.0.1:$etcd_port" \
	--listen-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
	--initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
	--initial-cluster "kubec=http://127.0.0.1:$((etcd_port + 1))"

# As kubeadm: the Node authorizer and RBAC, and NodeRestriction (APISERVER_FLAGS may override).
start kube-apiserver "$bindir/kube-apiserver" \
	--etcd-servers "http://127.0.0.1:$etcd_port" \
	--secure-port "$port" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
	--tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
	--client-ca-file "$pki/ca.crt" --service-cluster-ip-range 10.0.0.0/24 \
	"${front_proxy[@]}" \
	--service-account-signing-key-file "$pki/sa.key" --service-account-key-file "$pki/sa.pub" \
	--service-account-issuer https://kubernetes.default.svc.cluster.local \
	--authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction ${APISERVER_FLAGS:-}

# The rest talk to the API server through their kubeconfigs; each finds it when it is up.
[ "$port" = 6443 ] && ports=(10259 10257) || ports=(0 0)
if [ $only_apiserver = 0 ] && [ $apiserver_only = 0 ]; then
	start kube-scheduler "$bindir/kube-scheduler" --kubeconfig "$dir/scheduler.conf" \
		--bind-address 127.0.0.1 --secure-port "${ports[0]}" --cert-dir "$pki" \
		${SCHEDULER_FLAGS:-}
	start kube-controller-manager "$bindir/kube-controller-manager" \
		--kubeconfig "$dir/controller-manager.conf" --bind-address 127.0.0.1 \
		--secure-port "${ports[1]}" --cert-dir "$pki" \
		--root-ca-file "$pki/ca.crt" --service-account-private-key-file "$pki/sa.key" \
		--cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
		--allocate-node-cidrs --cluster-cidr 10.244.0.0/16 \
		--service-cluster-ip-range 10.0.0.0/24 --use-service-account-credentials \
		${CONTROLLER_MANAGER_FLAGS:-}
fi
if [ $only_apiserver = 0 ] && [ "$hollow" -gt 0 ]; then
	start hollow-node "$bindir/hollow-node" --kubeconfig "$dir/admin.conf" \
		--node-name hollow --nodes "$hollow"
fi

curlk() { curl -s --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$@"; }
for _ in $(seq 300); do
	if [ "$(curlk "https://127.0.0.1:$port/readyz" 2>/dev/null)" = ok ]; then
		[ $quiet = 1 ] && exit 0
		cat <<MSG
kubec is running (state and logs in $dir).

  export KUBECONFIG=$dir/admin.conf
  kubectl get namespaces
  kubectl create deployment web --image=nginx --replicas=3
  kubectl get pods -o wide
$( [ "$hollow" -gt 0 ] && echo "
Nodes hollow-0 .. hollow-$((hollow - 1)) are stood in for by bin/hollow-node: pods are scheduled
and reported Running, but no container runs (there is no kubelet yet)." || echo "
There is no kubelet yet, so pods stay Pending: start with --hollow-nodes 3 (make up HOLLOW=3)
to have stand-in nodes that report pods Running.")

Stop it with: make down   (or: $0 --dir $dir --down)
MSG
		exit 0
	fi
	for pidf in "$run"/*.pid; do
		if ! kill -0 "$(cat "$pidf")" 2>/dev/null; then
			name=$(basename "$pidf" .pid)
			echo "local-up: $name exited; its log ($logs/$name.log) ends with:" >&2
			tail -20 "$logs/$name.log" >&2
			stop_all
			exit 1
		fi
	done
	sleep 0.1
done
echo "local-up: the cluster did not become ready in 30s; see $logs" >&2
stop_all
exit 1
