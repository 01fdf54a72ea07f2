#!/bin/bash
# eventfs.sh - eventfs memory and speed, measured in the guest for
# scripts/bench.sh (plan 'bench').
#
# Usage: eventfs.sh [--runs N] [--instances "N1 N2 ..."]
#   --runs N          rounds of every measurement (default 5)
#   --instances LIST  instance counts of the memory rounds (default "0 10 50";
#                     the first is the reference the cost per instance is
#                     computed from)
# Exit: 0 done, 1 a step failed, 4 skip.
#
# Prints one line per measurement and round:
#   bench: <metric> <value> <unit>
# which scripts/bench_report.py turns into medians, spreads and ratios.
#
# Memory, for each instance count N: slab memory (/proc/meminfo Slab) and
# the dentries and inodes in use (/proc/sys/fs/dentry-state, inode-nr)
#   created  after creating N instances
#   walked   after lstat()ing every entry of every events/ tree (walk --stat)
#   dropped  after dropping dentries and inodes (drop_caches 2)
# each read after a settle (sync, and a shrink of every slab cache, which
# hands back empty slabs and the per-CPU ones), and the cost of one
# instance at each stage: (value at the last N - value at the first N) /
# (difference of N).  Ring buffers are pages, not slab: not counted.
# Speed: a walk of events/ reading every directory (as find does) from
# cold dentries, one that also lstat()s every entry (as ls -lR and find -ls
# do) cold and warm (ms, timed by the walker itself); instance mkdir and
# rmdir (ms each, mean of 10, timed by mkdir-bench itself); kprobe events
# added and removed per second (500 add+remove cycles).
set -u
T=/sys/kernel/tracing
runs=5 counts="0 10 50"
usage() { echo "usage: $0 [--runs N] [--instances \"N1 N2 ...\"]" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift ;;
	--instances) [ $# -ge 2 ] || usage; counts=$2; shift ;;
	*) usage ;;
	esac
	shift
done
case $runs in '' | *[!0-9]* | 0) echo "eventfs.sh: --runs needs a positive number, not '$runs'" >&2; exit 1 ;; esac
for n in $counts; do
	case $n in '' | *[!0-9]*) echo "eventfs.sh: bad instance count '$n'" >&2; exit 1 ;; esac
done
# shellcheck disable=SC2086 # split the list into the positional parameters
set -- $counts
[ $# -ge 2 ] || { echo "eventfs.sh: --instances needs at least two counts" >&2; exit 1; }
first=$1
shift $(($# - 1))
last=$1
[ "$last" -gt "$first" ] || { echo "eventfs.sh: the last instance count must be the largest" >&2; exit 1; }

skip() { echo "SKIP: $*"; exit 4; }
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root"
[ -f $T/kprobe_events ] || skip "no $T/kprobe_events"
[ -d /sys/kernel/slab ] || skip "no /sys/kernel/slab: cannot settle slab memory"

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local d
	for d in "$T"/instances/bench_*; do [ -d "$d" ] && rmdir "$d"; done
	grep -q '^p:kprobes/bench_kp ' $T/kprobe_events && echo '-:bench_kp' >>$T/kprobe_events
}
trap cleanup EXIT

out() { echo "bench: $1 $2 $3"; }
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }
# settle: what drop_caches and rmdir freed is freed after an RCU grace
# period (and kfree_rcu() batches), and /proc/meminfo's Slab: lags by
# what each CPU has not yet folded into the global counter (vmstat, once
# a second): read right after one shrink, the slab figures of two boots
# of one kernel differed by up to 1.1 % (48-68 KiB).  So: pause (guest
# time, free under -icount), shrink every cache, fold the per-CPU counts
# (stat_refresh), until two readings in a row agree (at most 10).
# Nothing forks here: a fork leaves a task to be freed after a grace
# period.  pause sleeps with read -t on a pipe no one writes to.
exec {idle}<> <(:)
pause() { read -r -t "$1" -u "$idle" _; }
slab_bytes() { # SLAB = Slab: of /proc/meminfo, in bytes
	local k v
	while read -r k v _; do
		[ "$k" = Slab: ] && { SLAB=$((v * 1024)); return; }
	done </proc/meminfo
	fail "no Slab: in /proc/meminfo"
}
settle() {
	local c i prev=-1
	sync
	for ((i = 0; i < 10; i++)); do
		pause 0.5
		for c in /sys/kernel/slab/*/shrink; do echo 1 >"$c" 2>/dev/null; done
		echo 1 >/proc/sys/vm/stat_refresh || fail "cannot write /proc/sys/vm/stat_refresh"
		slab_bytes
		[ "$SLAB" = "$prev" ] && return
		prev=$SLAB
	done
	echo "eventfs.sh: slab memory did not settle: $prev bytes, then $SLAB" >&2
}
measure() { # STAGE N: slab (bytes), dentries and inodes in use
	local slab d i
	settle
	slab=$SLAB
	read -r d _ </proc/sys/fs/dentry-state
	read -r i _ </proc/sys/fs/inode-nr
	out "mem.$1.n$2.slab" "$slab" bytes
	out "mem.$1.n$2.dentries" "$d" count
	out "mem.$1.n$2.inodes" "$i" count
	eval "v_${1}_${2}_slab=$slab v_${1}_${2}_dentries=$d v_${1}_${2}_inodes=$i"
}
instances() { # N: exactly N instances bench_1..bench_N
	local i d
	for ((i = 1; i <= $1; i++)); do
		[ -d $T/instances/bench_$i ] || mkdir $T/instances/bench_$i || fail "mkdir bench_$i"
	done
	for d in "$T"/instances/bench_*; do
		[ -d "$d" ] || continue
		[ "${d##*_}" -le "$1" ] || rmdir "$d" || fail "rmdir $d"
	done
}
# The walks run selftests/bench/walk, which times itself: no fork, exec or
# lookup of a binary over the 9p root (after drop_caches) in the figure.
WALK=$(dirname "$0")/walk
[ -x "$WALK" ] || fail "no $WALK (scripts/vm.sh builds it)"
walk() { # every events/ tree: the top one and each instance's
	local d dirs=("$T/events")
	for d in "$T"/instances/*/events; do [ -d "$d" ] && dirs+=("$d"); done
	"$WALK" --stat "${dirs[@]}" >/dev/null || fail "walk of every events/"
}
# drop: dentries and inodes dropped, and their RCU callbacks run, so that
# a cold walk does not race the freeing of the last one (the cold walks
# of two boots were 0.7-1.4 % apart without the pause).
drop() {
	echo 2 >/proc/sys/vm/drop_caches
	pause 0.5
}

memory_round() {
	local n s k a b
	for n in $counts; do
		instances "$n"
		drop
		measure created "$n"
		walk
		measure walked "$n"
		drop
		measure dropped "$n"
	done
	instances 0
	for s in created walked dropped; do
		for k in slab dentries inodes; do
			eval "a=\$v_${s}_${first}_$k b=\$v_${s}_${last}_$k"
			# shellcheck disable=SC2154 # set by eval
			out "mem.$s.per_instance.$k" "$(((b - a) / (last - first)))" "$([ $k = slab ] && echo bytes || echo count)"
		done
	done
}

walked() { # METRIC ARGS...: the time walk ARGS takes, in ms, as it reports it
	local r ms
	r=$("$WALK" "${@:2}") || fail "$1: walk ${*:2} failed"
	read -r _ _ _ ms _ <<<"$r" # walk: <entries> entries <ms> ms
	out "$1" "$ms" ms
}
# Instance mkdir and rmdir are timed by selftests/bench/mkdir-bench, which
# times itself too (they were timed here, around mkdir(1) and rmdir(1):
# an exec over 9p in the figure, 4.96 % apart between two boots).  It
# sleeps 200 ms before each loop: right after drop_caches and the walks,
# the background work they leave moved the figures by 10-25 % between
# rounds; after the sleep, 0.3-4 % (two boots, 7 rounds each).
MKDIR=$(dirname "$0")/mkdir-bench
[ -x "$MKDIR" ] || fail "no $MKDIR (scripts/vm.sh builds it)"
mkdir_rmdir() { # mean ms per mkdir and per rmdir over 10 instances
	"$MKDIR" -n 10 -w 200 $T/instances || fail "instance mkdir/rmdir (mkdir-bench, above)"
}
# 500 cycles: removing a kprobe event waits for RCU grace periods, which
# end on timer ticks, so the time of a run of cycles moves by about a tick
# with where in the tick it started.  With 20 cycles three boots of one
# kernel were 1.9 % apart; with 100, rounds took either of two times 2 %
# apart (1500 or 1530 a second), and the median of a boot was either.
kprobe_rate() { # kprobe events added and removed per second, 500 cycles
	local i t0 t1
	t0=$(now_us)
	for ((i = 0; i < 500; i++)); do
		echo 'p:bench_kp vfs_read' >>$T/kprobe_events || fail "adding kprobe event bench_kp"
		[ -d $T/events/kprobes/bench_kp ] || fail "events/kprobes/bench_kp did not appear"
		echo '-:bench_kp' >>$T/kprobe_events || fail "removing kprobe event bench_kp"
	done
	t1=$(now_us)
	out speed.kprobe_add_remove "$((500 * 1000000 / (t1 - t0)))" per_s
}
speed_round() {
	drop
	walked speed.readdir_events_cold $T/events
	drop
	walked speed.stat_walk_events_cold --stat $T/events
	walked speed.stat_walk_events_warm --stat $T/events
	mkdir_rmdir
	kprobe_rate
}

echo "eventfs.sh: $runs runs, instance counts: $counts; kernel $(uname -r)"
echo "eventfs.sh: warm-up round (first-use allocations are not measured)"
instances "$last"
walk
instances 0
mkdir_rmdir >/dev/null
kprobe_rate >/dev/null
for ((r = 1; r <= runs; r++)); do
	echo "eventfs.sh: run $r of $runs"
	memory_round
	speed_round
done
echo "eventfs.sh: done"
