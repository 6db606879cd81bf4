#!/usr/bin/env bash
# Overload protection: past --max-mutating-requests-inflight / --max-requests-inflight the
# API server answers 429 TooManyRequests with Retry-After at once; watches hold no slot.
# And --tls-cipher-suites limits TLS 1.2 to the suites named.
. "$(dirname "$0")/lib.sh"
export APISERVER_FLAGS="--max-mutating-requests-inflight=2 --max-requests-inflight=3"
APISERVER_FLAGS+=" --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256"
fails "an unknown cipher suite is refused at start" "Cipher suite BOGUS not supported" \
	timeout 10 "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:1 --secure-port 0 \
	--cert-dir "$WORK/certs" --tls-cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA,BOGUS
cluster_up
PKI=$CLUSTER/pki
URL=https://127.0.0.1:$PORT
curlk() { curl -s --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"; }
k create namespace ov >/dev/null
tls12() { echo | openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -cipher "$1" 2>&1 || true; }
out "TLS 1.2 with a named suite connects" 'Cipher is ECDHE-ECDSA-AES256-GCM-SHA384' \
	tls12 ECDHE-ECDSA-AES256-GCM-SHA384
out "TLS 1.2 with a suite not named is refused" 'alert handshake failure|Cipher is \(NONE\)' \
	tls12 ECDHE-ECDSA-AES128-GCM-SHA256

# Watches that stay open must not use up the read-only slots.
for i in 1 2 3 4; do
	curlk -N "$URL/api/v1/namespaces/ov/configmaps?watch=true" >/dev/null &
	W[$i]=$!
done
sleep 1
out "reads still served with 4 watches open (limit 3)" '^ov ' k get namespace ov --no-headers

# 40 creates at once against 2 mutating slots: some are refused, none is lost or half-done.
burst() {
	seq 40 | xargs -P 40 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
		--cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
		-H 'Content-Type: application/json' -X POST "$URL/api/v1/namespaces/ov/configmaps" \
		-d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c{}"}}'
}
codes=$(burst | sort | uniq -c)
out "concurrent creates past the limit get 429" ' 429$' echo "$codes"
out "and the others are created" ' 201$' echo "$codes"
created=$(echo "$codes" | awk '$2 == 201 { print $1 }')
out "every 201 is stored, nothing else" "^${created:-x}\$" \
	bash -c "$K33 get configmaps -n ov --no-headers | grep -c '^c[0-9]'"

# The refusal is upstream's Status with Retry-After.
refusal() {
	local hdrs=$WORK/h
	for _ in $(seq 20); do
		seq 30 | xargs -P 30 -I{} curl -s -D "$hdrs.{}" -o "$hdrs.{}.body" \
			--cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
			-H 'Content-Type: application/json' -X POST \
			"$URL/api/v1/namespaces/ov/configmaps" \
			-d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"r-"}}'
		for f in "$hdrs".*.body; do
			if grep -q TooManyRequests "$f"; then
				cat "${f%.body}" "$f"
				return 0
			fi
		done
	done
	return 1
}
r=$(refusal)
out "429 carries Retry-After: 1" '^Retry-After: 1' echo "$r"
out "429 body is a TooManyRequests Status" '"reason":"TooManyRequests".*"retryAfterSeconds":1' echo "$r"
out "429 message as upstream" 'Too many requests, please try again later.' echo "$r"
out "kubectl still works once the burst is over" '^ov ' k get namespace ov --no-headers
for i in 1 2 3 4; do kill "${W[$i]}" 2>/dev/null; done
finish
