#!/bin/bash
# vfs.sh - the cost of the vfs tracepoints, measured in the guest for
# scripts/bench.sh (plan 'bench').
#
# Usage: vfs.sh [--runs N] [--iterations N]
#   --runs N        rounds of every measurement (default 5)
#   --iterations N  system calls per measurement (default 20000)
# Exit: 0 done, 1 a step failed, 4 skip.
#
# syscall-bench (built on the host, next to this script) times open+close,
# stat, a 1-byte pread, a 1-byte pwrite and create+close+unlink on /tmp,
# in nanoseconds per operation, in three modes, one after the other in
# each round:
#   off     nothing enabled.  On the series kernel the vfs tracepoints are
#           compiled in but disabled: against the base kernel, this is
#           their cost when off.
#   kprobe  kprobe events on the functions bcc's tools probe for these
#           calls (getname_flags, vfs_open, vfs_read, vfs_write,
#           security_inode_create if the kernel has it, vfs_unlink),
#           enabled: what tracing them costs without vfs events, on either
#           kernel.
#   events  every vfs event enabled (the series only; the base has none).
# Both traced modes write their records to the ring buffer, which is
# cleared after each round.  Prints one line per mode, operation and round:
#   bench: syscall.<operation>.<mode> <ns> ns
set -u
T=/sys/kernel/tracing
runs=5 iterations=20000
usage() { echo "usage: $0 [--runs N] [--iterations N]" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift ;;
	--iterations) [ $# -ge 2 ] || usage; iterations=$2; shift ;;
	*) usage ;;
	esac
	shift
done
for v in "$runs" "$iterations"; do
	case $v in '' | *[!0-9]* | 0) echo "vfs.sh: --runs and --iterations need a positive number, not '$v'" >&2; exit 1 ;; esac
done

skip() { echo "SKIP: $*"; exit 4; }
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root"
[ -f $T/kprobe_events ] || skip "no $T/kprobe_events"
bin=$(dirname "$0")/syscall-bench
[ -x "$bin" ] || fail "$bin is not built (scripts/vm.sh builds it)"

# security_inode_create() only exists with CONFIG_SECURITY: probe the
# functions this kernel has, and say which.
probes=
for p in getname_flags vfs_open vfs_read vfs_write security_inode_create vfs_unlink; do
	grep -q " [tT] $p\$" /proc/kallsyms && probes+=" $p"
done
probes=${probes# }
case $probes in *vfs_read*vfs_write*) ;; *) fail "no vfs_read or vfs_write in /proc/kallsyms: cannot probe them" ;; esac
modes="off kprobe"
if [ -d $T/events/vfs ]; then modes+=" events"; fi

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ ! -d $T/events/vfs ] || echo 0 >$T/events/vfs/enable
	[ ! -d $T/events/kprobes ] || echo 0 >$T/events/kprobes/enable
	local p
	for p in $probes; do
		grep -q "bench_$p " $T/kprobe_events && echo "-:bench_$p" >>$T/kprobe_events
	done
	echo >$T/trace
}
trap cleanup EXIT
cleanup
for p in $probes; do
	echo "p:bench_$p $p" >>$T/kprobe_events || fail "cannot add a kprobe on $p"
done

# run MODE: one syscall-bench run in MODE, its lines as bench: lines.
run() {
	case $1 in
	kprobe) echo 1 >$T/events/kprobes/enable ;;
	events) echo 1 >$T/events/vfs/enable ;;
	esac
	"$bin" -n "$iterations" -r 1 /tmp >/tmp/vfs-bench.out 2>&1 ||
		{ cat /tmp/vfs-bench.out; fail "syscall-bench failed in mode $1"; }
	echo 0 >$T/events/kprobes/enable
	[ ! -d $T/events/vfs ] || echo 0 >$T/events/vfs/enable
	echo >$T/trace
	awk -v mode="$1" '$2 == "run=0" { sub("ns/op=", "", $3); print "bench: syscall." $1 "." mode, $3, "ns" }' \
		/tmp/vfs-bench.out >/tmp/vfs-bench.lines
	[ "$(wc -l </tmp/vfs-bench.lines)" = 5 ] ||
		{ cat /tmp/vfs-bench.out; fail "syscall-bench did not time the 5 operations in mode $1"; }
	cat /tmp/vfs-bench.lines
}

echo "vfs.sh: modes: $modes; kprobes on: $probes; $runs rounds of $iterations calls, after one not counted" >&2
run off >/dev/null
for r in $(seq "$runs"); do
	for m in $modes; do
		run "$m"
	done
	echo "vfs.sh: round $r of $runs done" >&2
done
rm -f /tmp/vfs-bench.out /tmp/vfs-bench.lines
