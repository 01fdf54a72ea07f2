#!/usr/bin/env bash
# verdict.sh - tests of scripts/vm_verdict.py on made-up VM runs: splats
# are caught and quoted, regressions against the baseline fail, a test of
# ours that skips counts as not passed, a VM that did not finish fails.
#
# Usage: scripts/tests/verdict.sh [--help]
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

printf 'ftrace a.tc\nftrace b.tc\nexec ours.sh\n' >"$T/plan"
printf 'PASS ftrace a.tc\nUNSUPPORTED ftrace b.tc\n' >"$T/baseline"
tap() { printf 'TAP version 13\n1..3\n%s\n' "$@" >"$T/tap"; }
console() { printf '%s\n' "Linux version 6.12" "$@" "guest: done" >"$T/console"; }
verdict() {
	python3 "$TOP/scripts/vm_verdict.py" --plan t --planfile "$T/plan" --tap "$T/tap" \
		--console "$T/console" --status "$T/status" --baseline "$T/baseline" --json "$T/json" "$@"
}
echo "done" >"$T/status"

tap "ok 1 ftrace a.tc # time=3s" "ok 2 ftrace b.tc # SKIP UNSUPPORTED # time=1s" "ok 3 exec ours.sh # time=2s"
console "random: crng init done"
expect_ok "a clean run passes" verdict
check "... and its JSON counts 3 passed" grep -q '"passed": 3' "$T/json"

cp "$T/baseline" "$T/baseline.keep"
tap "ok 1 ftrace a.tc # time=3s" "ok 2 ftrace b.tc # SKIP UNSUPPORTED # time=1s" "not ok 3 exec ours.sh # FAIL # time=2s"
expect_ok "--record writes a baseline from a run with a failing test" verdict --record
check_eq "... with the upstream cases, not ours (a failure of ours on the base excuses nothing)" \
	"PASS ftrace a.tc|UNSUPPORTED ftrace b.tc" "$(grep -v '^#' "$T/baseline" | paste -sd'|')"
mv "$T/baseline.keep" "$T/baseline"
tap "ok 1 ftrace a.tc # time=3s" "ok 2 ftrace b.tc # SKIP UNSUPPORTED # time=1s" "ok 3 exec ours.sh # time=2s"

console "==================================================================" \
	"BUG: KASAN: slab-use-after-free in eventfs_iterate+0x1a/0x2b0" "Read of size 8 at addr ffff888003a1"
expect_err "a KASAN report fails and is quoted" "BUG: KASAN: slab-use-after-free in eventfs_iterate" verdict
console "WARNING: possible circular locking dependency detected"
expect_err "a lockdep report fails" "possible circular locking" verdict
console "WARNING: CPU: 0 PID: 1 at fs/tracefs/event_inode.c:100 foo+0x1/0x2"
expect_err "a WARN fails" "WARNING: CPU: 0" verdict
console "unreferenced object 0xffff888004b2c000 (size 64):"
expect_err "a kmemleak report fails" "unreferenced object" verdict
console "INFO: task rmdir:123 blocked for more than 120 seconds."
expect_err "a hung task fails" "blocked for more than" verdict
console "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:"
expect_err "an RCU stall fails" "detected stall" verdict
console "list_del corruption. prev->next should be ffff8880, but was dead000000000100"
expect_err "a list corruption fails" "list_del corruption" verdict

# A KCSAN kernel: races in the scope's functions fail, others are listed.
printf 'eventfs_iterate\ntracefs_get_inode\n' >"$T/scope"
kcsan() { # A B: a KCSAN report of a race between A and B, then a second one
	console "==================================================================" \
		"BUG: KCSAN: data-race in $1 / $2" "" "write to 0xffff888003a1 of 4 bytes by task 7 on cpu 1:" \
		" $2+0x1a/0x2b0" "==================================================================" \
		"==================================================================" \
		"BUG: KCSAN: data-race in ${3:-rcu_core} / ${4:-rcu_gp_kthread}" \
		"==================================================================" "after"
}
kverdict() { verdict --kcsan-scope "$T/scope"; }
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "ok 3 exec ours.sh"
kcsan d_alloc_parallel eventfs_iterate.isra.0
expect_err "a KCSAN race in a function of the scope fails" "FAIL: kernel splat:.*" kverdict
check "... and the report of the race elsewhere is listed apart" \
	grep -q '"kcsan_elsewhere": \[$' "$T/json"
kcsan rcu_core rcu_gp_kthread
expect_ok "KCSAN races outside the scope do not fail" kverdict
check "... and are listed in the JSON" grep -q 'data-race in rcu_core' "$T/json"
expect_err "... nor without a scope: every KCSAN report fails then" "BUG: KCSAN" verdict
: >"$T/scope"
expect_err "an empty scope file is refused" "no symbols in" kverdict

console "random: crng init done"
tap "not ok 1 ftrace a.tc # FAIL # time=3s" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "ok 3 exec ours.sh"
expect_err "a test passing on the base that fails now is a regression" "regressed: PASS on the base" verdict
tap "ok 1 ftrace a.tc" "not ok 2 ftrace b.tc # FAIL" "ok 3 exec ours.sh"
expect_ok "a test not passing on the base may still fail" verdict
# The end of a failed test's log is quoted: ours, and an ftrace case's
# own log (in the ftracetest run's directory that its log names).
mkdir -p "$T/logs/ftracetest-0.d"
for i in 1 2 3; do echo "ftracetest run: logs/ftracetest-0.log, logs/ftracetest-0.d" >"$T/logs/$i.log"; done
printf 'line %s\n' $(seq 30) >"$T/logs/3.log"
printf '+ cat trace\nthe case went wrong\n' >"$T/logs/ftracetest-0.d/1-a.tc-log.Ab12Cd"
printf 'b went wrong\n' >"$T/logs/ftracetest-0.d/2-b.tc-log.Ef34Gh"
vflat() { verdict --logs "$T/logs" | tr '\n' .; }     # its output on one line
vlacks() { local out; out=$(verdict --logs "$T/logs"); ! grep -q -- "$1" <<<"$out"; }
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "not ok 3 exec ours.sh # FAIL"
expect_err "a failed test of ours: the end of its log is quoted" \
	"# the end of .*/logs/3.log:.#   line 11.*#   line 30" vflat
check "... its last 20 lines, not more" vlacks "line 10$"
tap "not ok 1 ftrace a.tc # FAIL" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "ok 3 exec ours.sh"
expect_err "a failed ftrace case: its own log is quoted" \
	"# the end of .*/ftracetest-0.d/1-a.tc-log.Ab12Cd:.#   . cat trace.#   the case went wrong" vflat
check "... and no other case's" vlacks "b went wrong"
rm "$T/logs/3.log"
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "not ok 3 exec ours.sh # FAIL"
expect_err "a failed test without a log: said so" "#   \(no log\)" verdict --logs "$T/logs"
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "ok 3 exec ours.sh # SKIP SKIP"
expect_err "a test of ours that skips is not passed" "ours.sh: SKIP \(not passing" verdict
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED"
expect_err "a test with no result fails" "ours.sh: MISSING" verdict
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "not ok 3 exec ours.sh # TIMEOUT"
expect_err "a timeout fails" "ours.sh: TIMEOUT" verdict
tap "ok 1 ftrace a.tc" "ok 2 ftrace b.tc # SKIP UNSUPPORTED" "ok 3 exec ours.sh"
rm "$T/status"
expect_err "a VM that did not finish fails" "did not finish" verdict
t_done
