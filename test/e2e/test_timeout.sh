#!/usr/bin/env bash
# Request timeouts: a request that is not long-running and takes longer than --request-timeout
# (here stuck on an etcd stopped with SIGSTOP) is answered 504 with upstream's Timeout Status,
# sooner with ?timeout=; a write already sent to etcd lands whole once etcd goes on. Watches
# without timeoutSeconds end within [--min-request-timeout, twice that). Slow clients, a head
# trickled or a body never finished, are disconnected.
. "$(dirname "$0")/lib.sh"
export APISERVER_FLAGS="--request-timeout=5s --min-request-timeout=3"
fails "a negative --min-request-timeout is refused as upstream" \
	'--min-request-timeout can not be negative value' \
	timeout 10 "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:1 --secure-port 0 \
	--cert-dir "$WORK/certs" --min-request-timeout=-1
fails "a malformed --request-timeout is refused" 'invalid argument "soon" for "--request-timeout"' \
	timeout 10 "$BIN/kube-apiserver" --etcd-servers http://127.0.0.1:1 --secure-port 0 \
	--cert-dir "$WORK/certs" --request-timeout=soon
cluster_up
PKI=$CLUSTER/pki
URL=https://127.0.0.1:$PORT
SLOW="python3 $TOP/test/e2e/slow_client.py $PORT $PKI"
curlk() { curl -s --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"; }
now() { date +%s.%N; }
# within START LOW HIGH: the seconds since START lie in [LOW, HIGH). The upper bounds leave
# room for a loaded machine's TLS handshakes; they only need to tell the deadlines apart.
within() { python3 -c "import sys,time; d=time.time()-$1; print('%.1fs' % d); sys.exit(0 if $2 <= d < $3 else 1)"; }

# The slow head takes 32 s (upstream's ReadHeaderTimeout) to be dropped: let it run meanwhile.
$SLOW head > "$WORK/slow_head" 2>&1 &
SLOW_HEAD=$!

TIMEOUT_BODY='{"metadata":{},"status":"Failure","message":"Timeout: request did not complete within the allotted timeout","reason":"Timeout","details":{},"code":504}'
cm() { echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$1\"},\"data\":{\"k\":\"$1\"}}"; }
post() { # NAME [QUERY]: create a ConfigMap; headers to $WORK/h, body to $WORK/b, prints the code
	curlk -D "$WORK/h" -o "$WORK/b" -w '%{http_code}' -H 'Content-Type: application/json' \
		-X POST "$URL/api/v1/namespaces/default/configmaps${2:-}" -d "$(cm "$1")"
}

out "?timeout= that is not a Go duration is a 400 as upstream" \
	'invalid timeout specified in the request URL - time: invalid duration \\"soon\\"","reason":"BadRequest","code":400' \
	curlk "$URL/api/v1/namespaces?timeout=soon"
out "a missing unit is Go's error too" 'time: missing unit in duration \\"5\\"' \
	curlk "$URL/api/v1/namespaces?timeout=5"
out "a request on time is unaffected by ?timeout=" '^201$' post quick '?timeout=10s'

# etcd stopped (SIGSTOP) under each request: writes wait on it past the deadline. Each stop
# stays well below the etcd client's own 30s timeout, so the write it holds reaches etcd.
EPID=$(cat "$CLUSTER/run/etcd.pid")
stopped() { # CMD...: run CMD while etcd is stopped
	local rc=0
	kill -STOP "$EPID"
	"$@" || rc=$?
	kill -CONT "$EPID"
	return $rc
}
t=$(now)
out "a create stuck on etcd is answered 504" '^504$' stopped post stuck
out "after --request-timeout (5s)" '^' within "$t" 4.9 9
same() { [ "$(cat "$1")" = "$2" ] || { cat "$1"; false; }; }
ok "with upstream's Timeout Status (no kind or apiVersion, as Go's encoder writes it)" \
	same "$WORK/b" "$TIMEOUT_BODY"
out "labelled text/plain, as Go's server sniffs it" '^Content-Type: text/plain; charset=utf-8' \
	tr -d '\r' < "$WORK/h"
t=$(now)
out "?timeout=1s shortens it" '^504$' stopped post stuck-short '?timeout=1s'
out "to about a second" '^' within "$t" 0.9 4.9
t=$(now)
out "?timeout= above --request-timeout does not lengthen it" '^504$' \
	stopped post stuck-long '?timeout=1h'
out "still 5s" '^' within "$t" 4.9 9
t=$(now)
fails "kubectl reports upstream's timeout" \
	'the server was unable to return a response in the time allotted, but may still be processing the request \(post configmaps\)' \
	stopped k create configmap stuck-kubectl --from-literal=k=v
out "within the server's deadline" '^' within "$t" 4.9 12
out "reads from the watch cache answer while etcd is stopped" '^default ' \
	stopped k get namespace default --no-headers
# The writes were sent to etcd before their deadline: they land, each whole.
holds() { [ "$(k get configmap "$1" -o jsonpath='{.data.k}')" = "$2" ]; }
for n in stuck stuck-short stuck-long; do
	eventually "the timed-out create of $n lands once etcd goes on" holds $n $n
done
eventually "and kubectl's" holds stuck-kubectl v
watch_lasts() { # QUERY LOW HIGH [OUT]: a watch ends cleanly after [LOW, HIGH) seconds
	local t
	t=$(now)
	curlk -N "$URL/api/v1/namespaces/default/configmaps?watch=true&$1" -o "${4:-/dev/null}" ||
		return 1
	within "$t" "$2" "$3"
}
ok "watches are long-running: an 8s watch outlives the 5s deadline" \
	watch_lasts timeoutSeconds=8 7.9 12
out "the server serves writes again" '^201$' post after
out "the in-flight slots were given back" '^201$' post after2

# Watches without timeoutSeconds: a random deadline in [3s, 6s) (--min-request-timeout=3).
for i in 1 2 3; do
	watch_lasts resourceVersion=0 2.9 9 "$WORK/watch.$i" > "$WORK/wd.$i" 2>&1 &
	WP[$i]=$!
done
for i in 1 2 3; do
	if wait "${WP[$i]}"; then pass "watch $i ended cleanly after [3s, 6s) ($(cat "$WORK/wd.$i"))"
	else fail "watch $i ended cleanly after [3s, 6s)" "$(cat "$WORK/wd.$i")"; fi
done
out "and it had sent the objects first" '"name":"after2"' cat "$WORK/watch.1"

# A body that never completes: the 504 at --request-timeout, then the connection closes.
t=$(now)
$SLOW body > "$WORK/slow_body" 2>&1
out "a body never finished is answered 504 at 5s" '^after [5-8] s: HTTP/1.1 504 Gateway Timeout' \
	cat "$WORK/slow_body"
out "with the Timeout Status" 'request did not complete within the allotted timeout' cat "$WORK/slow_body"
out "and the connection is closed" '^closed$' tail -1 "$WORK/slow_body"

# The trickled head: dropped without an answer 32 s after it began.
wait "$SLOW_HEAD"
out "a head trickled a byte every 2s is dropped at 32s, unanswered" \
	'^closed after 3[2-9] s, no answer$' cat "$WORK/slow_head"
out "kubectl still works" '^default ' k get namespace default --no-headers
finish
