#!/usr/bin/env bash
# Encryption at rest: --encryption-provider-config seals the resources it names in etcd with
# upstream's envelope; reads, lists, watches and restarts see plain objects; keys rotate.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"
K1=$(head -c 32 /dev/urandom | base64 -w0)
K2=$(head -c 32 /dev/urandom | base64 -w0)
conf() { # FIRST-PROVIDER-YAML...
	{
		echo "apiVersion: apiserver.config.k8s.io/v1"
		echo "kind: EncryptionConfiguration"
		echo "resources:"
		echo "- resources: [secrets]"
		echo "  providers:"
		for p in "$@"; do echo "  - $p"; done
		echo "  - identity: {}"
	} > "$WORK/enc.yaml"
}
conf "aescbc: {keys: [{name: key1, secret: $K1}]}"
export APISERVER_FLAGS="--encryption-provider-config=$WORK/enc.yaml"
printf 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - aescbc: {keys: [{name: k, secret: c2hvcnQ=}]}\n' > "$WORK/bad.yaml"
fails "a key of the wrong length is refused at start" "secret is not of the expected length" \
	timeout 10 "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:1 --secure-port 0 \
	--cert-dir "$WORK/certs" --encryption-provider-config="$WORK/bad.yaml"
cluster_up
raw() { # etcd's stored bytes for KEY
	curl -s "http://127.0.0.1:$ETCD_PORT/v3/kv/range" \
		-d "{\"key\":\"$(printf %s "$1" | base64 -w0)\"}" |
		python3 -c 'import sys,json,base64; kv=json.load(sys.stdin).get("kvs",[]); sys.stdout.buffer.write(base64.b64decode(kv[0]["value"]) if kv else b"")'
}
k create secret generic s1 --from-literal=password=hunter2 >/dev/null
k create configmap c1 --from-literal=password=hunter2 >/dev/null
out "the secret is sealed with aescbc key1 in etcd" '^k8s:enc:aescbc:v1:key1:' \
	bash -c "$(declare -f raw); ETCD_PORT=$ETCD_PORT raw /registry/secrets/default/s1 | head -c 24"
if raw /registry/secrets/default/s1 | grep -aq hunter2; then fail "no plaintext of the secret in etcd"
else pass "no plaintext of the secret in etcd"; fi
out "configmaps are not named, so stored plain" 'hunter2' bash -c "$(declare -f raw); ETCD_PORT=$ETCD_PORT raw /registry/configmaps/default/c1"
out "kubectl reads the secret" '^aHVudGVyMg==$' k get secret s1 -o jsonpath='{.data.password}'
out "and lists it" '^s1 ' k get secrets --no-headers
ok "updates keep working" k label secret s1 a=b
apiserver_restart
out "after a restart it is still readable" '^aHVudGVyMg==$' k get secret s1 -o jsonpath='{.data.password}'
# Rotation: a new key first, the old still listed; rewriting re-seals with the new one.
conf "aesgcm: {keys: [{name: key2, secret: $K2}]}" "aescbc: {keys: [{name: key1, secret: $K1}]}"
apiserver_restart
out "old values still read after a new key is put first" '^aHVudGVyMg==$' k get secret s1 -o jsonpath='{.data.password}'
k create secret generic s2 --from-literal=x=y >/dev/null
out "new writes use the first provider (aesgcm key2)" '^k8s:enc:aesgcm:v1:key2:' \
	bash -c "$(declare -f raw); ETCD_PORT=$ETCD_PORT raw /registry/secrets/default/s2 | head -c 24"
k get secrets -o json | k replace -f - >/dev/null
out "rewriting every secret moves it to the new key" '^k8s:enc:aesgcm:v1:key2:' \
	bash -c "$(declare -f raw); ETCD_PORT=$ETCD_PORT raw /registry/secrets/default/s1 | head -c 24"
out "and it still reads" '^aHVudGVyMg==$' k get secret s1 -o jsonpath='{.data.password}'
finish
