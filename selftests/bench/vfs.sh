#!/bin/bash
# vfs.sh - the cost of the vfs events, disabled and enabled, against
# kprobes on the functions the tools probe today; measured in the guest
# for scripts/bench.sh (plan 'bench').
#
# Usage: vfs.sh [--runs N] [--iterations N] [--modes "MODE..."] [--ops OP,...]
#   --runs N        rounds of every measurement (default 5)
#   --iterations N  operations per measurement (default 20000)
#   --modes LIST    the modes to run, of: off kprobe event kprobe-norecord
#                   event-norecord bpf-kprobe bpf-tracepoint
#                   bpf-tracepoint-ret1 bpf-raw-tracepoint bpftrace-kprobe
#                   bpftrace-event (default: all; a mode the kernel or
#                   the system cannot run is reported as not available)
#   --ops LIST      the operations of syscall-bench (default: all)
# Exit: 0 done, 1 a step failed, 4 skip.
#
# syscall-bench (built on the host, next to this script) times, on /tmp
# (tmpfs), in nanoseconds per operation, what the vfs events (v2) cover:
# open+close, fsync, create+close+unlink, mkdir+rmdir and rename; and, as
# controls, stat (only vfs_getname) and a 1-byte pread (no vfs event).
# The modes:
#   off              nothing enabled.  On a kernel with the vfs events they
#                    are compiled in but disabled: against the base kernel,
#                    this is their cost when off.
#   kprobe           kprobe events (tracefs) on the functions the tools probe
#                    for these operations today: getname_flags (perf's
#                    vfs_getname probe), vfs_open, vfs_fsync, vfs_unlink,
#                    vfs_rmdir, vfs_rename (bcc's vfsstat and filelife),
#                    enabled, recording to the ring buffer.
#   event            the vfs events of the same operations enabled (tracefs),
#                    one event for each kprobe: vfs_getname, vfs_open,
#                    vfs_fsync and the exit events vfs_unlink, vfs_rmdir,
#                    vfs_rename (the _enter events, which copy the names,
#                    are what filegone adds), recording to the ring buffer.
#                    Only on a kernel that has them (events/vfs);
#                    elsewhere reported as not available.
#   kprobe-norecord, event-norecord
#                    kprobe and event with tracing_on 0: every probe runs,
#                    and the ring buffer refuses the record; the cost of
#                    the probe mechanism without the record both write.
#   bpf-kprobe       one small BPF program per probe that counts its hits
#                    (bpf-count, built on the host next to this script: an
#                    atomic add to an array map), attached to kprobes on the
#                    functions of mode kprobe through the kprobe PMU, as
#                    bcc's vfsstat and libbpf attach them.
#   bpf-tracepoint   the same programs on the tracepoints of mode event,
#                    attached through perf (as bpftrace 0.17's tracepoint:
#                    and libbpf's tp/ do): each hit fills the event's whole
#                    record in a perf buffer before the program runs.
#   bpf-tracepoint-ret1  bpf-tracepoint with programs that return 1, as
#                    bpftrace's tracepoint: programs do (so that perf does
#                    not drop the event for the other users of the perf
#                    event): perf then offers every hit to the perf event.
#   bpf-raw-tracepoint  the same programs on the same tracepoints attached
#                    as raw tracepoints (libbpf's raw_tp/ and tp_btf/,
#                    bpftrace's rawtracepoint:): the program gets the
#                    tracepoint's arguments, no record is built.
#   bpftrace-kprobe  a bpftrace program that counts the hits of each probe
#                    (@[probe] = count(), as vfsstat does), attached to
#                    kprobes on the functions of mode kprobe.
#   bpftrace-event   the same program attached to the tracepoints of mode
#                    event.
# One probe per operation in each mode, so that the counts are the same.
# Every round of every mode starts with the page, dentry and inode caches
# dropped: the eventfs benchmark before this one leaves some 160000
# dentries, and a syscall loop on /tmp then ran 11 us an operation slower
# in some boots until something (bpftrace's start) shrank the caches.
# The modes other than bpftrace's run one after the other in each round
# (after one round of off that is not counted).  bpftrace takes long to start under
# emulation, so it is started once per bpftrace mode: when it has printed
# that it attached (its BEGIN probe runs after every other one is
# attached), syscall-bench runs all rounds, then bpftrace is stopped and
# its counts are printed.
# Prints, for each mode, what it enables or why it is not available:
#   bench-mode: <mode> <what it enables>
#   bench-mode: <mode> n/a <reason>
# the method:
#   bench-method: vfs <text>
# and one line per mode, operation and round:
#   bench: syscall.<operation>.<mode> <ns> ns
set -u
T=/sys/kernel/tracing
EVENTS="vfs_getname vfs_open vfs_fsync vfs_unlink vfs_rmdir vfs_rename"
runs=5 iterations=20000 ops="" want="off kprobe event kprobe-norecord event-norecord bpf-kprobe bpf-tracepoint bpf-tracepoint-ret1 bpf-raw-tracepoint bpftrace-kprobe bpftrace-event"
all_modes=$want
usage() { echo "usage: $0 [--runs N] [--iterations N] [--modes \"MODE...\"] [--ops OP,...]" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift ;;
	--iterations) [ $# -ge 2 ] || usage; iterations=$2; shift ;;
	--modes) [ $# -ge 2 ] || usage; want=$2; shift ;;
	--ops) [ $# -ge 2 ] || usage; ops=$2; shift ;;
	*) usage ;;
	esac
	shift
done
for v in "$runs" "$iterations"; do
	case $v in '' | *[!0-9]* | 0) echo "vfs.sh: --runs and --iterations need a positive number, not '$v'" >&2; exit 1 ;; esac
done
[ "$runs" -le 100 ] || { echo "vfs.sh: --runs is at most 100" >&2; exit 1; }
for m in $want; do
	case " $all_modes " in *" $m "*) ;; *) echo "vfs.sh: no mode '$m' (modes: $all_modes)" >&2; exit 1 ;; esac
done
[ -n "${want// /}" ] || { echo "vfs.sh: --modes needs at least one mode" >&2; exit 1; }
case $ops in *[!a-z_0-9,]*) echo "vfs.sh: bad --ops '$ops'" >&2; exit 1 ;; esac

skip() { echo "SKIP: $*"; exit 4; }
# To stderr: the warm-up's output goes to /dev/null, its failure must not.
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root"
[ -f $T/kprobe_events ] || skip "no $T/kprobe_events"
bin=$(dirname "$0")/syscall-bench
[ -x "$bin" ] || fail "$bin is not built (scripts/vm.sh builds it)"
bpfc=$(dirname "$0")/bpf-count
[ -x "$bpfc" ] || fail "$bpfc is not built (scripts/vm.sh builds it)"
W=$(mktemp -d /tmp/vfs-bench.XXXXXX) || fail "cannot create a directory in /tmp"

# The functions of the kprobe modes; each must be there, or the two
# kernels would not be compared on the same probes.
FUNCS="getname_flags vfs_open vfs_fsync vfs_unlink vfs_rmdir vfs_rename"
for p in $FUNCS; do
	grep -q " [tT] $p\$" /proc/kallsyms || fail "no function $p in /proc/kallsyms: cannot probe it"
done
GROUP=vfsbench
# shellcheck disable=SC2086 # one argument per function
bt_kprobes=$(printf 'kprobe:%s,' $FUNCS)
bt_kprobes=${bt_kprobes%,}
# shellcheck disable=SC2086 # one argument per event
bt_events=$(printf 'tracepoint:vfs:%s,' $EVENTS)
bt_events=${bt_events%,}

# Which modes this kernel and this system can run, and why not.
declare -A why
for m in $want; do
	case $m in
	event | event-norecord | bpf-tracepoint* | bpf-raw-tracepoint | bpftrace-event)
		for e in $EVENTS; do
			[ -d "$T/events/vfs/$e" ] || why[$m]="this kernel has no vfs event $e (no $T/events/vfs/$e)"
		done ;;
	esac
	case $m in
	bpftrace-*) command -v bpftrace >/dev/null || why[$m]="no bpftrace in PATH" ;;
	bpf-kprobe) [ -f /sys/bus/event_source/devices/kprobe/type ] || why[$m]="no kprobe PMU (/sys/bus/event_source/devices/kprobe)" ;;
	esac
done
modes="" btmodes=""
# bpftrace's programs run JIT-compiled only with CONFIG_BPF_JIT (and the sysctl on).
case $(cat /proc/sys/net/core/bpf_jit_enable 2>/dev/null) in
1 | 2) jit="BPF JIT on" ;;
0) jit="BPF JIT off (bpf_jit_enable 0): interpreted" ;;
*) jit="no BPF JIT (CONFIG_BPF_JIT): interpreted" ;;
esac
for m in $want; do
	if [ -n "${why[$m]:-}" ]; then
		echo "bench-mode: $m n/a ${why[$m]}"
		continue
	fi
	case $m in
	off) echo "bench-mode: off nothing enabled" ;;
	kprobe) echo "bench-mode: kprobe kprobe events (tracefs) on $FUNCS" ;;
	event) echo "bench-mode: event the vfs events (tracefs): $EVENTS" ;;
	kprobe-norecord) echo "bench-mode: kprobe-norecord the kprobe events of mode kprobe, tracing_on 0 (no record written)" ;;
	event-norecord) echo "bench-mode: event-norecord the vfs events of mode event, tracing_on 0 (no record written)" ;;
	bpf-kprobe) echo "bench-mode: bpf-kprobe bpf-count (array map += 1) on kprobes (kprobe PMU) $FUNCS; $jit" ;;
	bpf-tracepoint) echo "bench-mode: bpf-tracepoint bpf-count (array map += 1) on tracepoints (perf) $EVENTS; $jit" ;;
	bpf-tracepoint-ret1) echo "bench-mode: bpf-tracepoint-ret1 bpf-count --return 1 on tracepoints (perf) $EVENTS; $jit" ;;
	bpf-raw-tracepoint) echo "bench-mode: bpf-raw-tracepoint bpf-count (array map += 1) on raw tracepoints $EVENTS; $jit" ;;
	bpftrace-kprobe) echo "bench-mode: bpftrace-kprobe bpftrace @[probe] = count() on $bt_kprobes; $jit" ;;
	bpftrace-event) echo "bench-mode: bpftrace-event bpftrace @[probe] = count() on $bt_events; $jit" ;;
	esac
	case $m in
	bpftrace-*) btmodes+=" $m" ;;
	*) modes+=" $m" ;;
	esac
done
echo "bench-method: vfs syscall-bench on /tmp (tmpfs), guest CPUs: $(nproc), $iterations operations a measurement, $runs rounds; kernel $(uname -r)"

btpid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -z "$btpid" ] || { kill -INT "$btpid" 2>/dev/null; wait "$btpid"; }
	btpid=
	echo 1 >$T/tracing_on
	[ ! -d $T/events/vfs ] || echo 0 >$T/events/vfs/enable
	[ ! -d $T/events/$GROUP ] || echo 0 >$T/events/$GROUP/enable
	local p
	for p in $FUNCS; do
		! grep -q "^p:$GROUP/$p " $T/kprobe_events || echo "-:$GROUP/$p" >>$T/kprobe_events
	done
	echo >$T/trace
}
trap 'cleanup; rm -rf "$W"' EXIT
cleanup
if [[ " $modes " == *" kprobe"[\ -]* ]]; then
	for p in $FUNCS; do
		echo "p:$GROUP/$p $p" >>$T/kprobe_events || fail "cannot add a kprobe event on $p"
	done
fi

# bench MODE RUNS [RUNNER...]: syscall-bench, RUNS rounds, its lines as
# bench: lines; RUNNER, when given, runs it (bpf-count ... --).
bench() {
	local n
	"${@:3}" "$bin" -n "$iterations" -r "$2" ${ops:+-o "$ops"} /tmp >"$W/out" 2>&1 ||
		{ cat "$W/out" >&2; fail "syscall-bench failed in mode $1"; }
	awk -v mode="$1" '$2 ~ /^run=/ { sub("ns/op=", "", $3); print "bench: syscall." $1 "." mode, $3, "ns" }' \
		"$W/out" >"$W/lines"
	n=$(grep -c '^summary ' "$W/out")
	if [ "$n" = 0 ] || [ "$(wc -l <"$W/lines")" != $((n * $2)) ]; then
		cat "$W/out" >&2
		fail "syscall-bench did not time $2 rounds of its operations in mode $1"
	fi
	cat "$W/lines"
	sed -n "s/^bpf-count: /vfs.sh: $1: count /p" "$W/out" >&2
}
# settle: the caches dropped, so that every round starts from the same state.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
# run MODE: one round of a mode that is not bpftrace's.
run() {
	case $1 in
	kprobe*) echo 1 >$T/events/$GROUP/enable || fail "cannot enable the kprobe events" ;;
	event*)
		for e in $EVENTS; do
			echo 1 >"$T/events/vfs/$e/enable" || fail "cannot enable the vfs event $e"
		done ;;
	esac
	case $1 in *-norecord) echo 0 >$T/tracing_on ;; esac
	settle
	# shellcheck disable=SC2086 # one argument per probe
	case $1 in
	bpf-kprobe) bench "$1" 1 "$bpfc" kprobe $FUNCS -- ;;
	bpf-tracepoint) bench "$1" 1 "$bpfc" tracepoint ${EVENTS//vfs_/vfs/vfs_} -- ;;
	bpf-tracepoint-ret1) bench "$1" 1 "$bpfc" --return 1 tracepoint ${EVENTS//vfs_/vfs/vfs_} -- ;;
	bpf-raw-tracepoint) bench "$1" 1 "$bpfc" raw_tracepoint $EVENTS -- ;;
	*) bench "$1" 1 ;;
	esac
	echo 1 >$T/tracing_on
	case $1 in
	kprobe*) echo 0 >$T/events/$GROUP/enable ;;
	event*) echo 0 >$T/events/vfs/enable ;;
	esac
	echo >$T/trace
}
# bpftrace_run MODE: start bpftrace, wait until it attached, all rounds, stop it.
bpftrace_run() {
	local attach i t0 t1
	case $1 in
	bpftrace-kprobe) attach=$bt_kprobes ;;
	bpftrace-event) attach=$bt_events ;;
	esac
	t0=${EPOCHREALTIME%.*}
	bpftrace -e "BEGIN { printf(\"attached\\n\"); } $attach { @[probe] = count(); }" >"$W/bt" 2>&1 &
	btpid=$!
	# It compiles with LLVM and loads its libraries over 9p: slow when emulated.
	for ((i = 0; i < 1800; i++)); do
		grep -q '^attached' "$W/bt" && break
		kill -0 "$btpid" 2>/dev/null || break
		sleep 1
	done
	t1=${EPOCHREALTIME%.*}
	if ! grep -q '^attached' "$W/bt"; then
		kill -INT "$btpid" 2>/dev/null
		wait "$btpid"
		btpid=
		cat "$W/bt" >&2
		fail "$1: bpftrace did not attach in $((t1 - t0)) s"
	fi
	echo "vfs.sh: $1: bpftrace attached after $((t1 - t0)) s" >&2
	for ((i = 1; i <= runs; i++)); do
		settle
		bench "$1" 1
	done
	kill -INT "$btpid"
	wait "$btpid"
	btpid=
	grep -q '^@\[' "$W/bt" || { cat "$W/bt" >&2; fail "$1: bpftrace counted nothing"; }
	sed -n "s/^@\[\(.*\)\]: /vfs.sh: $1: count \1 /p" "$W/bt" >&2
}

echo "vfs.sh: modes:$modes$btmodes; $runs rounds of $iterations operations, after one not counted" >&2
bench off 1 >/dev/null
if [ -n "$modes" ]; then
	for ((r = 1; r <= runs; r++)); do
		for m in $modes; do
			run "$m"
		done
		echo "vfs.sh: round $r of $runs done" >&2
	done
fi
for m in $btmodes; do
	bpftrace_run "$m"
done
echo "vfs.sh: done" >&2
