#!/usr/bin/env bash
# Encryption at rest: --encryption-provider-config seals the resources it names in etcd with
# upstream's envelope; reads, lists, watches and restarts see plain objects; keys rotate.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK"
K1=$(head -c 32 /dev/urandom | base64 -w0)
K2=$(head -c 32 /dev/urandom | base64 -w0)
K3=$(head -c 32 /dev/urandom | base64 -w0)
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
refused() { # DESC REGEX PROVIDER-YAML: a config with that one provider stops the start
	printf 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - %s\n' "$3" > "$WORK/bad.yaml"
	fails "$1" "$2" timeout 10 "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:1 \
		--secure-port 0 --cert-dir "$WORK/certs" --encryption-provider-config="$WORK/bad.yaml"
}
refused "secretbox refuses a 16-byte key as upstream" \
	'secretbox: keys\[0\]\.secret: secret is not of the expected length, got 16, expected one of \[32\]' \
	"secretbox: {keys: [{name: k, secret: $(head -c 16 /dev/urandom | base64 -w0)}]}"
refused "kms is still refused" 'provider kms is not supported' \
	"kms: {name: k, endpoint: unix:///tmp/kms.sock}"
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
# Upstream's aesgcm authenticates the etcd key: its transformer must open what we sealed.
out "an aesgcm value opens as upstream's transformer opens it (key as additional data)" \
	'"name":"s2"' bash -c "$(declare -f raw); ETCD_PORT=$ETCD_PORT raw /registry/secrets/default/s2 |
	python3 -c '
import sys, base64
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
v = sys.stdin.buffer.read()[len(b\"k8s:enc:aesgcm:v1:key2:\"):]
print(AESGCM(base64.b64decode(\"$K2\")).decrypt(v[:12], v[12:], b\"/registry/secrets/default/s2\").decode())'"
k get secrets -o json | k replace -f - >/dev/null
out "rewriting every secret moves it to the new key" '^k8s:enc:aesgcm:v1:key2:' \
	bash -c "$(declare -f raw); ETCD_PORT=$ETCD_PORT raw /registry/secrets/default/s1 | head -c 24"
out "and it still reads" '^aHVudGVyMg==$' k get secret s1 -o jsonpath='{.data.password}'
# secretbox (XSalsa20-Poly1305) first: the aes keys still read what they sealed.
conf "secretbox: {keys: [{name: key3, secret: $K3}]}" \
	"aesgcm: {keys: [{name: key2, secret: $K2}]}" "aescbc: {keys: [{name: key1, secret: $K1}]}"
apiserver_restart
out "aesgcm values still read with secretbox first" '^aHVudGVyMg==$' k get secret s1 -o jsonpath='{.data.password}'
k create secret generic s3 --from-literal=token=swordfish >/dev/null
head_of() { raw "$1" | head -c "$2"; }
# nonce (24) || tag (16) || ciphertext: longer than the 100-odd bytes of the JSON by 40.
box_ok() {
	raw "$1" | python3 -c 'import sys
b = sys.stdin.buffer.read(); h = b"k8s:enc:secretbox:v1:key3:"
print("ok" if b.startswith(h) and len(b) >= len(h) + 24 + 16 + 100 else len(b))'
}
out "new writes are sealed with secretbox key3" '^k8s:enc:secretbox:v1:key3:' \
	head_of /registry/secrets/default/s3 26
if raw /registry/secrets/default/s3 | grep -aq -e swordfish -e c3dvcmRmaXNo; then
	fail "no plaintext of the secretbox secret in etcd"
else pass "no plaintext of the secretbox secret in etcd"; fi
out "a 24-byte nonce and a 16-byte tag come with the ciphertext" '^ok$' box_ok /registry/secrets/default/s3
out "kubectl reads the secretbox secret" '^c3dvcmRmaXNo$' k get secret s3 -o jsonpath='{.data.token}'
ok "and updates it" k label secret s3 sealed=secretbox
apiserver_restart
out "after a restart the secretbox secret still reads" '^c3dvcmRmaXNo$' k get secret s3 -o jsonpath='{.data.token}'
out "with its label" '^secretbox$' k get secret s3 -o jsonpath='{.metadata.labels.sealed}'
k get secrets -o json | k replace -f - >/dev/null
out "rewriting moves the aesgcm secrets to secretbox" '^k8s:enc:secretbox:v1:key3:' \
	head_of /registry/secrets/default/s1 26
# A value whose tag does not verify is never served (as garbage or at all).
conf "secretbox: {keys: [{name: key3, secret: $K2}]}"
apiserver_restart
fails "a secretbox value under a different key does not read" 'Error from server' \
	k get secret s3 -o jsonpath='{.data.token}'
conf "secretbox: {keys: [{name: key3, secret: $K3}]}"
apiserver_restart
out "with the right key it reads again" '^c3dvcmRmaXNo$' k get secret s3 -o jsonpath='{.data.token}'
finish
