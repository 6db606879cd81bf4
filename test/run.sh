#!/usr/bin/env bash
# Run every test: cmocka unit tests and kubectl end-to-end tests, on the normal build and
# on the ASan+UBSan build. Ends with one line "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
unit_only=0
[ "${1:-}" = --unit-only ] && unit_only=1
passed=0
failed=0
results=$(mktemp)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

run_unit() { # binary
	local out p f
	out=$("$1" 2>&1)
	local rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0}; f=${f:-0}
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if printf '%s\n' "$out" | grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:'; then f=$((f + 1)); fi
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $1"; printf '%s\n' "$out" | grep -E 'FAIL|ERROR|error|Sanitizer' | head -20
	else
		echo "ok   $1 ($p)"
	fi
}

for build in build build-san; do
	echo "== unit tests ($build)"
	for t in $(find "$build/test" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
		run_unit "$t"
	done
done

if [ $unit_only = 0 ]; then
	for bin in bin bin-san; do
		for t in test/e2e/test_*.sh; do
			echo "== $t ($bin)"
			: > "$results"
			BIN=$PWD/$bin RESULTS=$results bash "$t"
			passed=$((passed + $(grep -c '^PASS' "$results")))
			failed=$((failed + $(grep -c '^FAIL' "$results")))
		done
	done
fi
rm -f "$results"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
