# Shared helpers for end-to-end tests: a throwaway cluster and checks that count.
# A test script sources this, calls cluster_up, runs checks, and ends with finish.

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${BIN:-$TOP/bin}
KDIR=$(dirname "$(readlink -f "$(command -v kubectl)")")
K33=$KDIR/kubectl.1.33
K27=$KDIR/kubectl.1.27
RESULTS=${RESULTS:-/dev/null}
PASSED=0
FAILED=0
WORK=$(mktemp -d /tmp/kubec-e2e.XXXXXX)
CLUSTER=$WORK/cluster

# A free port whose successor is free too (etcd's peer port), below the kernel's ephemeral
# range so that busy outgoing connections never take it.
free_port() {
	python3 - <<'PY'
import random, socket
for _ in range(200):
    p = random.randrange(20000, 32000)
    try:
        socks = []
        for q in (p, p + 1):
            s = socket.socket(); s.bind(("127.0.0.1", q)); socks.append(s)
        print(p); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
}

# cluster_up [local-up flags]: with none, only etcd and the API server (--apiserver-only);
# `cluster_up --hollow-nodes 3` starts the whole control plane and three stand-in nodes.
cluster_up() {
	local flags=("$@")
	[ $# -gt 0 ] || flags=(--apiserver-only)
	# etcd also needs ETCD_PORT+1 for peers, which may be taken: try fresh ports again.
	for _ in 1 2 3; do
		PORT=$(free_port)
		ETCD_PORT=$(free_port)
		if "$TOP/deploy/local-up.sh" --dir "$CLUSTER" --port "$PORT" --etcd-port "$ETCD_PORT" \
			--bin "$BIN" --quiet "${flags[@]}"; then
			export KUBECONFIG=$CLUSTER/admin.conf
			return
		fi
		rm -rf "$CLUSTER/etcd"
	done
	fail "cluster starts" "$(tail -5 "$CLUSTER"/logs/*.log 2>/dev/null)"
	finish
}

cluster_down() {
	"$TOP/deploy/local-up.sh" --dir "$CLUSTER" --down >/dev/null 2>&1 || true
}

# Restart only the API server, keeping etcd.
apiserver_restart() {
	local pidf=$CLUSTER/run/kube-apiserver.pid
	kill "$(cat "$pidf")"
	while kill -0 "$(cat "$pidf")" 2>/dev/null; do sleep 0.1; done
	"$TOP/deploy/local-up.sh" --dir "$CLUSTER" --port "$PORT" --etcd-port "$ETCD_PORT" \
		--bin "$BIN" --quiet --restart-apiserver
}

k() { "$K33" "$@"; }
k27() { "$K27" "$@"; }

pass() { PASSED=$((PASSED + 1)); echo "PASS $1" >> "$RESULTS"; echo "  ok   $1"; }
fail() {
	FAILED=$((FAILED + 1)); echo "FAIL $1" >> "$RESULTS"; echo "  FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -20 | sed 's/^/       | /'
	return 0
}

# ok DESC CMD...: the command succeeds.
ok() {
	local desc=$1; shift
	local o
	if o=$("$@" 2>&1); then pass "$desc"; else fail "$desc" "$o"; fi
}

# out DESC REGEX CMD...: the command succeeds and its output matches REGEX.
out() {
	local desc=$1 re=$2; shift 2
	local o
	if o=$("$@" 2>&1) && printf '%s\n' "$o" | grep -Eq -- "$re"; then pass "$desc"
	else fail "$desc" "want /$re/, got: $o"; fi
}

# fails DESC REGEX CMD...: the command fails and says something matching REGEX.
fails() {
	local desc=$1 re=$2; shift 2
	local o
	if o=$("$@" 2>&1); then fail "$desc" "unexpected success: $o"
	elif printf '%s\n' "$o" | grep -Eq -- "$re"; then pass "$desc"
	else fail "$desc" "want /$re/, got: $o"; fi
}

# eventually DESC CMD...: the command succeeds within 30 seconds.
eventually() {
	local desc=$1; shift
	for _ in $(seq 300); do
		if "$@" >/dev/null 2>&1; then pass "$desc"; return; fi
		sleep 0.1
	done
	fail "$desc" "$("$@" 2>&1)"
}

# Sanitizer reports in daemon logs are failures too.
check_logs() {
	local f
	for f in "$CLUSTER"/logs/*.log; do
		[ -e "$f" ] && [ "$(basename "$f")" != etcd.log ] || continue
		if grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$f"; then
			fail "no sanitizer reports in $(basename "$f")" "$(grep -E -A15 'ERROR: |runtime error:' "$f")"
		else
			pass "no sanitizer reports in $(basename "$f")"
		fi
	done
}

# start_daemon LOGNAME BINARY ARGS...: run $BIN/BINARY in the background, logging to
# $CLUSTER/logs/LOGNAME.log (so its sanitizer reports count); sets DAEMON_PID. finish stops it.
DAEMON_PIDS=()
start_daemon() {
	local name=$1 bin=$2
	shift 2
	mkdir -p "$CLUSTER/logs"
	"$BIN/$bin" "$@" >> "$CLUSTER/logs/$name.log" 2>&1 &
	DAEMON_PID=$!
	DAEMON_PIDS+=("$DAEMON_PID")
}

stop_daemons() {
	local p
	for p in "${DAEMON_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${DAEMON_PIDS[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null || true
	done
	DAEMON_PIDS=()
}

finish() {
	stop_daemons
	cluster_down
	check_logs
	[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit
}
