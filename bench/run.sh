#!/usr/bin/env bash
# kubec benchmark suite (`make bench`): starts a private etcd + kube-apiserver on random
# loopback ports, drives them with build/bench/kbench and writes bench/RESULTS.md.
# Targets compare ratios measured in this one run (ours vs raw etcd), never absolute times.
# Knobs (environment): BENCH_SECS BENCH_REPS BENCH_CONC BENCH_LIST_OBJECTS BENCH_WATCHERS
# BENCH_WATCH_ROUNDS BENCH_RSS_OBJECTS BENCH_PROFILE BENCH_OUT BENCH_CONTROLPLANE (0: skip 6).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

secs=${BENCH_SECS:-4}
reps=${BENCH_REPS:-3}
concs=${BENCH_CONC:-1 16 64}
list_objects=${BENCH_LIST_OBJECTS:-10000}
watchers=${BENCH_WATCHERS:-1000}
watch_rounds=${BENCH_WATCH_ROUNDS:-20}
rss_objects=${BENCH_RSS_OBJECTS:-100000}
profile=${BENCH_PROFILE:-auto}
out=${BENCH_OUT:-bench/RESULTS.md}
cmdline="${BENCH_CMD:-make bench}"

make -s -f bench/Makefile
kbench=$top/build/bench/kbench
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

free_port() { # a random loopback port, the next one free too (etcd's peer port), below
	# the kernel's ephemeral range so no outgoing connection can be holding it
	local p lo
	lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
	while :; do
		p=$((10000 + RANDOM % (lo - 10002)))
		ss -Htan "( sport = :$p or sport = :$((p + 1)) )" | grep -q . || { echo $p; return; }
	done
}

top_dir=$(mktemp -d /tmp/kbench.XXXXXX)
raw=$top_dir/raw.txt
: > "$raw"
# A private copy of the binary: a rebuild of bin/ during the run must not change what we measure.
mkdir -p "$top_dir/bin"
cp bin/kube-apiserver "$top_dir/bin/"
dir=
cluster_down() {
	[ -n "$dir" ] && "$top/deploy/local-up.sh" --dir "$dir" --down >/dev/null 2>&1 || true
}
cleanup() {
	cluster_down
	rm -rf "$top_dir"
}
trap cleanup EXIT

cluster_up() { # NAME: a fresh etcd + apiserver in $top_dir/NAME; sets the globals below
	cluster_down
	dir=$top_dir/$1
	port=$(free_port)
	etcd_port=$port
	while [ $((etcd_port - port)) -ge -1 ] && [ $((etcd_port - port)) -le 1 ]; do
		etcd_port=$(free_port)
	done
	"$top/deploy/local-up.sh" --dir "$dir" --port "$port" --etcd-port "$etcd_port" \
		--bin "$top_dir/bin" --quiet --apiserver-only
	api_pid=$(cat "$dir/run/kube-apiserver.pid")
	etcd_pid=$(cat "$dir/run/etcd.pid")
	pki=$dir/pki
	tgt=(--server "https://127.0.0.1:$port" --etcd "http://127.0.0.1:$etcd_port"
		--ca "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key")
	echo "bench: apiserver :$port (pid $api_pid), etcd :$etcd_port (pid $etcd_pid), in $dir"
	for ns in kb-create kb-get kb-list kb-watch kb-rss; do
		curlk -XPOST -H 'Content-Type: application/json' \
			"https://127.0.0.1:$port/api/v1/namespaces" \
			-d "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$ns\"}}" \
			>/dev/null
	done
}
curlk() { curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$@"; }

kv() { # KEY LINE: the value of KEY=... in a kbench result line
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
verdict() { awk "BEGIN { print ($1) ? \"PASS\" : \"MISS\" }"; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

last=
run() { # kbench MODE ARGS...: runs it, logs the line, leaves it in $last
	local line
	line=$("$kbench" "$@" "${tgt[@]}") || echo "bench: kbench $1 reported errors" >&2
	printf '%s\n' "$line" >> "$raw"
	echo "  $line" | cut -c1-150
	last=$line
}

# CPU microseconds per request the apiserver and etcd spent during the last run.
cpu_note=
run_cpu() {
	local a0 e0 n
	a0=$(ticks "$api_pid")
	e0=$(ticks "$etcd_pid")
	run "$@"
	n=$(($(kv ok "$last") + 200))
	cpu_note="$(calc "($(ticks "$api_pid") - $a0) * 1e6 / $hz / $n" 0) / $(calc "($(ticks "$etcd_pid") - $e0) * 1e6 / $hz / $n" 0)"
}

APISERVER_FLAGS="--authorization-mode=RBAC ${APISERVER_FLAGS:-}" cluster_up main

# --- 1. creates/s: ours vs raw etcd, interleaved so background load hits both alike.
echo "bench: creates vs etcd puts (${secs}s each, $reps reps, conc: $concs)"
create_rows=
for c in $concs; do
	ours=()
	theirs=()
	for r in $(seq "$reps"); do
		run_cpu etcd-put --ns kb-create --prefix "r$r-c$c" --conc "$c" --count 1000000 \
			--warmup 200 --duration "$secs"
		theirs+=("$(kv rate "$last")")
		etcd_cpu=$cpu_note
		etcd_p50=$(kv lat_p50_ms "$last")
		run_cpu create-pods --ns kb-create --prefix "r$r-c$c" --conc "$c" --count 1000000 \
			--warmup 200 --duration "$secs"
		ours+=("$(kv rate "$last")")
		ours_cpu=$cpu_note
		ours_p50=$(kv lat_p50_ms "$last")
	done
	mo=$(median "${ours[@]}")
	me=$(median "${theirs[@]}")
	ratio=$(calc "$mo / $me")
	summary+="| creates/s vs etcd puts/s, N=$c | $mo vs $me = ${ratio}x | >= 0.8x | $(calc "$ratio / 0.8") | $(verdict "$ratio >= 0.8") |
"
	create_rows+="| $c | $mo (${ours[*]}) | $me (${theirs[*]}) | $ratio | $(calc "$ratio / 0.8") | $(verdict "$ratio >= 0.8") | $ours_p50 / $etcd_p50 | $ours_cpu | $etcd_cpu |
"
done
pod_bytes=$(kv avg_bytes "$last")
pod_req=$(kv avg_req_bytes "$last")

# --- 1b. What etcd alone does with the write the apiserver issues per create (N=16): a
# create-if-absent txn, with the stored object's size, with a watch open on the prefix as
# the apiserver's cache keeps one (without prev_kv once its history is replayed). Shows how
# much of the gap is etcd's own cost.
b64() { printf %s "$1" | base64 -w0; }
etcd_watch_open() {
	curl -sN "http://127.0.0.1:$etcd_port/v3/watch" -d "{\"create_request\":{\"key\":\"$(b64 /kbench/)\",\"range_end\":\"$(b64 /kbench0)\"}}" >/dev/null &
	watch_pid=$!
	sleep 0.3
}
decomp_modes=(put txn txn-stored txn-stored-watch ours)
declare -A decomp
for r in $(seq "$reps"); do
	for m in "${decomp_modes[@]}"; do
		args=(--ns kb-create --prefix "d$r-$m" --conc 16 --count 1000000 --warmup 200 --duration "$secs")
		case $m in
		put) run etcd-put "${args[@]}" ;;
		txn) run etcd-txn "${args[@]}" ;;
		txn-stored) run etcd-txn "${args[@]}" --pad "$pod_bytes" ;;
		txn-stored-watch)
			etcd_watch_open
			run etcd-txn "${args[@]}" --pad "$pod_bytes"
			kill "$watch_pid"; wait "$watch_pid" 2>/dev/null || true ;;
		ours) run create-pods "${args[@]}" ;;
		esac
		decomp[$m]+="$(kv rate "$last") "
	done
done
decomp_rows=
base=$(median ${decomp[put]})
for m in "${decomp_modes[@]}"; do
	med=$(median ${decomp[$m]})
	decomp_rows+="| $m | $med (${decomp[$m]% }) | $(calc "$med / $base") |
"
done
# No apiserver can create faster than etcd runs the one txn each create needs (a plain put
# cannot refuse a duplicate name), so this bounds the create ratio above.
summary+="| bound: etcd alone running the create-if-absent txn vs put (1b: txn / txn-stored-watch) | $(calc "$(median ${decomp[txn]}) / $base")x / $(calc "$(median ${decomp[txn-stored-watch]}) / $base")x | (bound for the 0.8x target) | - | - |
"

# --- 2. GET latency of single objects, one keep-alive connection, one request at a time.
echo "bench: GET latency"
run create-pods --ns kb-get --prefix g --conc 8 --count 100 >/dev/null
run etcd-put --ns kb-get --prefix g --conc 8 --count 100 >/dev/null
run get-pod --ns kb-get --prefix g --objects 100 --count 5000 --warmup 200
get_line=$last
summary+="| GET single pod p99 | $(kv lat_p99_ms "$last") ms | < 2 ms | $(calc "$(kv lat_p99_ms "$last") / 2") | $(verdict "$(kv lat_p99_ms "$last") < 2") |
"
run etcd-get --ns kb-get --prefix g --objects 100 --count 5000 --warmup 200
etcd_get_line=$last

# --- 2b. What authentication and RBAC cost per request: the same GETs by a user bound to
# `view`, against this apiserver (RBAC) and a second one on the same etcd that differs only in
# --authorization-mode=AlwaysAllow, interleaved. Both verify the client certificate.
echo "bench: authn+authz cost (RBAC vs AlwaysAllow)"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench-viewer" \
	-keyout "$pki/bench-viewer.key" -out "$pki/bench-viewer.csr" 2>/dev/null
openssl x509 -req -in "$pki/bench-viewer.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
	-CAcreateserial -days 1 -extfile "$pki/client.ext" -out "$pki/bench-viewer.crt" 2>/dev/null
curlk -XPOST -H 'Content-Type: application/json' \
	"https://127.0.0.1:$port/apis/rbac.authorization.k8s.io/v1/clusterrolebindings" \
	-d '{"metadata":{"name":"bench-viewer"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"bench-viewer","apiGroup":"rbac.authorization.k8s.io"}]}' \
	>/dev/null
# Two fresh servers from this one's command line, alike but for the mode, so that neither
# carries the heap of the earlier runs.
mapfile -d '' api_args < "/proc/$api_pid/cmdline"
authz_server() { # MODE: starts one, prints its port
	local p i args=("${api_args[@]}")
	p=$(free_port)
	for i in "${!args[@]}"; do
		[ "${args[$i]}" = --secure-port ] && args[$((i + 1))]=$p
	done
	"${args[@]}" --authorization-mode="$1" >> "$dir/logs/kube-apiserver-$1.log" 2>&1 &
	echo $! > "$dir/run/authz-$1.pid"
	for _ in $(seq 100); do
		curlk "https://127.0.0.1:$p/readyz" >/dev/null 2>&1 && break
		sleep 0.2
	done
	echo "$p"
}
rbac_port=$(authz_server RBAC)
allow_port=$(authz_server AlwaysAllow)
viewer=(--ca "$pki/ca.crt" --cert "$pki/bench-viewer.crt" --key "$pki/bench-viewer.key")
authz_p99() { # PORT: p99 ms of 20000 GETs as bench-viewer
	local line
	line=$("$kbench" get-pod --ns kb-get --prefix g --objects 100 --count 20000 --warmup 1000 \
		--server "https://127.0.0.1:$1" --etcd "http://127.0.0.1:$etcd_port" "${viewer[@]}") ||
		echo "bench: kbench get-pod as bench-viewer reported errors" >&2
	printf '%s\n' "$line" >> "$raw"
	echo "  $line" | cut -c1-150 >&2
	[ "$(kv ok "$line")" = 20000 ] || echo "bench: bench-viewer GETs failed: $line" >&2
	kv lat_p99_ms "$line"
}
# Alternating runs, many rounds: p99s of one-at-a-time GETs swing with whatever else the
# machine does, and the median of many alternations cancels most of it. (Running both at
# once instead made the pair compete: one of each pair came out fast, the other slow.)
rbac_runs=()
allow_runs=()
for r in $(seq 7); do
	rbac_runs+=("$(authz_p99 "$rbac_port")")
	allow_runs+=("$(authz_p99 "$allow_port")")
done
kill "$(cat "$dir/run/authz-RBAC.pid")" "$(cat "$dir/run/authz-AlwaysAllow.pid")" || true
rbac_p99=$(median "${rbac_runs[@]}")
allow_p99=$(median "${allow_runs[@]}")
authz_over=$(calc "($rbac_p99 - $allow_p99) * 100 / $allow_p99" 1)
summary+="| authn+authz: GET p99 with RBAC vs AlwaysAllow | $rbac_p99 vs $allow_p99 ms = ${authz_over}% | < 10% | $(calc "$authz_over / 10") | $(verdict "$authz_over < 10") |
"
authz_row="| $rbac_p99 (${rbac_runs[*]}) | $allow_p99 (${allow_runs[*]}) | ${authz_over}% | $(verdict "$authz_over < 10") |"

# --- 3. LIST of 10,000 pods.
echo "bench: LIST of $list_objects pods (filling)"
run create-pods --ns kb-list --prefix l --conc 32 --count "$list_objects"
list_rows=
for q in "" "?resourceVersion=0"; do
	run list-pods --ns kb-list --query "$q" --count 20 --warmup 2
	p50=$(kv lat_p50_ms "$last")
	summary+="| LIST $list_objects pods${q:+ ($q)} p50 | $p50 ms | < 100 ms | $(calc "$p50 / 100") | $(verdict "$p50 < 100") |
"
	list_rows+="| \`GET .../namespaces/kb-list/pods${q}\` | $(calc "$(kv avg_bytes "$last") / 1048576" 1) MiB | $p50 | $(kv lat_p90_ms "$last") | $(kv lat_max_ms "$last") | $(calc "$p50 / 100") | $(verdict "$p50 < 100") |
"
done

# --- 4. Watch fan-out.
echo "bench: $watchers watchers"
run watch --ns kb-watch --prefix w --watchers "$watchers" --rounds "$watch_rounds"
watch_line=$last
summary+="| $watchers watchers, event after create: max (p50 / p99) | $(kv lat_max_ms "$last") ms ($(kv lat_p50_ms "$last") / $(kv lat_p99_ms "$last")) | < 50 ms | $(calc "$(kv lat_max_ms "$last") / 50") | $(verdict "$(kv lat_max_ms "$last") < 50 && $(kv missed "$last") == 0") |
"

# --- 6. Where the apiserver spends its time on creates and on the big LIST (separate runs,
# not part of the measurements).
profile_run() { # NAME KBENCH-ARGS...: perf the apiserver for 3 s while kbench runs
	local name=$1 kb
	shift
	"$kbench" "$@" "${tgt[@]}" >/dev/null &
	kb=$!
	sleep 1
	perf record -F 499 --call-graph dwarf,16384 -o "$dir/$name.data" -p "$api_pid" -- sleep 3 \
		>"$dir/perf.log" 2>&1 || cat "$dir/perf.log" >&2
	wait $kb || true
	printf '%s\n\n children   self\n' \
		"$(perf report -i "$dir/$name.data" --no-children --stdio --sort dso 2>/dev/null |
			grep -E '^ +[0-9.]+%' | head -8 | sed 's/ *$//' || true)"
	perf report -i "$dir/$name.data" --children --stdio --sort symbol --no-call-graph \
		2>/dev/null | grep -E '^ +[0-9.]+%' | grep -v '\] 0x' | grep -v '^ *100.00%' |
		head -45 | sed 's/ *$//' || true
}
prof_create=
prof_list=
if [ "$profile" != 0 ] && command -v perf >/dev/null &&
	perf record -o "$dir/perf.probe" -p "$api_pid" -- true >/dev/null 2>&1; then
	echo "bench: profiling creates and LIST"
	prof_create=$(profile_run create create-pods --ns kb-create --prefix prof --conc 16 \
		--count 1000000 --warmup 200 --duration 5)
	prof_list=$(profile_run list list-pods --ns kb-list --count 25)
fi

# --- 5. RSS with many small objects held, on a cluster of its own so that neither the objects
# of the other tests nor heap they left behind blur the picture.
cluster_up rss
echo "bench: RSS with $rss_objects configmaps (filling)"
rss() { awk '/^VmRSS/ { print $2 * 1024 }' "/proc/$1/status"; }
rss0=$(rss "$api_pid")
run create-configmaps --ns kb-rss --prefix cm --conc 32 --count "$rss_objects"
rss_line=$last
sleep 2
rss1=$(rss "$api_pid")
etcd_rss=$(rss "$etcd_pid")
json_total=$(kv total_bytes "$rss_line")
rss_ratio=$(calc "$rss1 / $json_total")
summary+="| RSS / JSON of $rss_objects configmaps | $(calc "$rss1 / 1048576" 1) MiB / $(calc "$json_total / 1048576" 1) MiB = ${rss_ratio}x | <= 3x | $(calc "$rss_ratio / 3") | $(verdict "$rss_ratio <= 3") |
"

cluster_down

# --- 6. The scheduler and controllers (bench/controlplane.sh, its own clusters).
cp_section=
if [ "${BENCH_CONTROLPLANE:-1}" != 0 ] && [ -x bin/kube-scheduler ] &&
	[ -x bin/kube-controller-manager ]; then
	cp_section=$(bench/controlplane.sh "$top_dir/cp_summary") ||
		echo "bench: control-plane benchmark failed" >&2
	[ -e "$top_dir/cp_summary" ] && summary+=$(cat "$top_dir/cp_summary")$'\n'
fi

# --- RESULTS.md
get() { kv "$1" "$get_line"; }
w() { kv "$1" "$watch_line"; }
mib() { calc "$1 / 1048576" 1; }
{
	cat <<EOF
# kubec benchmark results

Produced by \`$cmdline\` (bench/run.sh; load generator build/bench/kbench from bench/*.c).

- Date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')
- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -m | awk '/^Mem:/ { print $2 }') MiB RAM, $(uname -sr)
- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine may share the cores; that is why every comparison is a ratio within this run)
- etcd $(etcd --version 2>/dev/null | sed -n 's/^etcd Version: //p'), single member, local disk; apiserver: HTTPS with client-certificate auth; etcd: plain HTTP JSON gateway.
- Client: one kbench process (libcurl multi on libevent, keep-alive connections), on the same 2 cores as the servers.

## Summary

| metric | measured | target | measured/target | verdict |
|---|---|---|---|---|
${summary}
## 1. Creates per second: apiserver vs raw etcd

POST /api/v1/namespaces/kb-create/pods with a ${pod_req} byte pod versus POST /v3/kv/put of the
same bytes (base64) to etcd's JSON gateway. N keep-alive connections, N requests in flight,
${secs} s per run after 200 warm-up requests, $reps interleaved runs per side; median (all runs).
The server writes a ${pod_bytes} byte object (what the create returns) per pod.
Target: ours >= 0.8x raw etcd.

| N | ours creates/s | etcd puts/s | ratio | ratio/target | verdict | p50 ms ours / etcd (last run) | CPU µs/req apiserver / etcd, during our creates (last run) | CPU µs/req apiserver / etcd, during raw puts (last run) |
|---|---|---|---|---|---|---|---|---|
${create_rows}
### 1b. etcd alone, doing what the apiserver asks of it per create (N=16)

put: the comparison above. txn: create-if-absent (compare mod_revision = 0, then put), the
request the apiserver sends per create, same ${pod_req} byte value. txn-stored: the value padded
to the ${pod_bytes} bytes the apiserver stores. txn-stored-watch: the same with one watch (no
prev_kv) open on the prefix through the gateway (curl), as the apiserver's watch cache keeps one. ours:
apiserver creates. Median of $reps interleaved runs; ratio to put.

| workload | ops/s (runs) | ratio to put |
|---|---|---|
${decomp_rows}
## 2. GET latency of single objects

One keep-alive connection, one request at a time, 5000 GETs cycling over 100 pods.
Target: p99 < 2 ms.

| what | p50 ms | p90 ms | p99 ms | max ms | p99/target | verdict |
|---|---|---|---|---|---|---|
| apiserver GET pod | $(get lat_p50_ms) | $(get lat_p90_ms) | $(get lat_p99_ms) | $(get lat_max_ms) | $(calc "$(get lat_p99_ms) / 2") | $(verdict "$(get lat_p99_ms) < 2") |
| etcd range (reference) | $(kv lat_p50_ms "$etcd_get_line") | $(kv lat_p90_ms "$etcd_get_line") | $(kv lat_p99_ms "$etcd_get_line") | $(kv lat_max_ms "$etcd_get_line") | - | - |

## 2b. Cost of authentication and authorization

20000 GETs of pods (as in 2, after 1000 warm-up) by \`bench-viewer\`, a client-certificate
user bound to the \`view\` ClusterRole, against two fresh apiservers on the same etcd started
with the flags of the one above, one with --authorization-mode=RBAC and one with
--authorization-mode=AlwaysAllow; 7 rounds alternating between them, median of the runs' p99.
Target: RBAC adds under 10% to the p99.

| p99 ms with RBAC (runs) | p99 ms with AlwaysAllow (runs) | overhead | verdict |
|---|---|---|---|
${authz_row}

## 3. LIST of $list_objects pods

20 sequential LISTs (after 2 warm-up) of a namespace holding $list_objects pods, JSON.
Target: < 100 ms; the verdict is on the median.

| request | response | p50 ms | p90 ms | max ms | p50/target | verdict |
|---|---|---|---|---|---|---|
${list_rows}
## 4. Watch fan-out

$(w watchers) watches (watch=true on pods in one namespace, one keep-alive connection each),
then $(w rounds) creates one at a time; latency is from the create's response reaching the client
to each watcher's complete event line (events that beat the response count as 0). Target: every
watcher within 50 ms, so the verdict is on the maximum.

| watchers x rounds | p50 ms | p90 ms | p99 ms | max ms | max/target | verdict | missed | early | from request sent: p50 / p99 / max ms | create latency p50 ms |
|---|---|---|---|---|---|---|---|---|---|---|
| $(w watchers) x $(w rounds) | $(w lat_p50_ms) | $(w lat_p90_ms) | $(w lat_p99_ms) | $(w lat_max_ms) | $(calc "$(w lat_max_ms) / 50") | $(verdict "$(w lat_max_ms) < 50 && $(w missed) == 0") | $(w missed) | $(w early) | $(w fromsend_p50_ms) / $(w fromsend_p99_ms) / $(w fromsend_max_ms) | $(w create_p50_ms) |

## 5. Memory with $rss_objects configmaps

VmRSS of kube-apiserver (/proc/PID/status) after creating $rss_objects small configmaps on a
fresh cluster of its own (so the server holds little else), against the total JSON size of
those objects as the server returned them from the creates.
Target: RSS <= 3x the JSON.

| objects | JSON total | RSS before | RSS after | RSS/JSON | ratio/target | verdict | (RSS after - before)/JSON | etcd RSS |
|---|---|---|---|---|---|---|---|---|
| $(kv ok "$rss_line") | $(mib "$json_total") MiB | $(mib "$rss0") MiB | $(mib "$rss1") MiB | $rss_ratio | $(calc "$rss_ratio / 3") | $(verdict "$rss_ratio <= 3") | $(calc "($rss1 - $rss0) / $json_total") | $(mib "$etcd_rss") MiB |
EOF
	if [ -n "$prof_create" ]; then
		cat <<EOF

## Where the apiserver spends time

\`perf record --call-graph dwarf -p <apiserver>\` for 3 s, in separate runs after the
measurements. Self time by library, then inclusive ("children") and self time of named
functions; jansson's internals have no symbols here and are left out.

### Creates (N=16)

\`\`\`
$prof_create
\`\`\`

### LIST of $list_objects pods (sequential)

\`\`\`
$prof_list
\`\`\`
EOF
	fi
	[ -n "$cp_section" ] && printf '\n%s\n' "$cp_section"
	cat <<EOF

## Raw kbench output

\`\`\`
$(cat "$raw")
\`\`\`
EOF
} > "$out"
echo "bench: wrote $out"
