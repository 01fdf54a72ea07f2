#!/bin/bash
# stress.sh - readers of tracefs (readdir, stat, open/read of events/ files)
# against kprobe event churn, instance churn and remounts, for a bounded
# time; then slab memory must be back at its level from before the churn.
#
# Usage: stress.sh [--seconds N] [--probe FUNC] [--break]
#   --seconds N  how long the churn runs (default 30: the quick profile)
#   --probe FUNC the function of the churned kprobes (default vfs_read,
#                which the readers hit); plan kcsan takes one that nothing
#                calls: 7.3.4 built with KCSAN calls address 0x340 from
#                vfs_read() under this churn, the base as the series, and
#                at the first read with a kretprobe on vfs_read enabled
#   --break      leave 30 instances behind before the final measurement
#                (shows that the leak check can fail)
# Exit: 0 pass, 1 fail, 4 skip.
#
# The leak check: slab memory (/proc/meminfo Slab) is measured after a
# warm-up round of every churn (one-time allocations: kprobe and ftrace
# tables, caches created on first use) and again after the churn, each time
# after settling: sync, drop_caches, an RCU grace period's sleep, and a
# shrink of every slab cache, which flushes the per-CPU slabs and drains
# KASAN's quarantine of that cache (freed objects sit there and still count
# as slab).  What is left is live objects.  The margin is MARGIN_KB
# (default 1024 KiB).  Measured in the VM (tinyconfig + KASAN, ~18 MiB of
# slab): the difference between two settles was -132 and -352 KiB in two
# runs (the test's own shells, kmemleak's metadata, logs); one instance
# costs ~700 KiB of slab (30 left behind: +20.9 MiB), its ~420 eventfs
# directories alone some 60-80 KiB.  So two leaked instances fail, a leak
# of only their eventfs objects within ~15 cycles (the long profile runs
# hundreds); smaller leaks per operation are for kmemleak (faults.sh, and
# the scan at the end of every VM run).
set -u
T=/sys/kernel/tracing
secs=30 brk=0 probe=vfs_read margin=${MARGIN_KB:-1024}
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) secs=$2; shift ;;
	--probe) probe=$2; shift ;;
	--break) brk=1 ;;
	*) echo "usage: $0 [--seconds N] [--probe FUNC] [--break]"; exit 2 ;;
	esac
	shift
done
skip() { echo "SKIP: $*"; exit 4; }
[ "$(id -u)" = 0 ] || skip "needs root"
[ -f $T/kprobe_events ] || skip "no $T/kprobe_events"
[ -d /sys/kernel/slab ] || skip "no /sys/kernel/slab: cannot settle slab memory"
W=$(mktemp -d /tmp/stress.XXXXXX)
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local d del
	mount -o remount,uid=0,gid=0 "$T"
	for d in "$T"/instances/stress_*; do [ -d "$d" ] && rmdir "$d"; done
	del=$(grep -o '^[pr]:stress/[^ ]*' "$T/kprobe_events" | sed 's/^[pr]/-/')
	[ -z "$del" ] || echo "$del" >>"$T/kprobe_events"
	rm -rf "$W"
}
trap cleanup EXIT

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
settle() { # print Slab in KiB once only live objects are left
	local c i
	for i in 1 2; do
		sync
		echo 3 >/proc/sys/vm/drop_caches
		sleep 2
		for c in /sys/kernel/slab/*/shrink; do echo 1 >"$c" 2>/dev/null; done
	done
	slab_kb
}

# The churners: each counts its operations and its errors (any error fails
# the test: nothing else touches their kprobes and instances).
kprobe_churn() {
	local n=0 err=0 i=0
	while [ $SECONDS -lt "$end" ]; do
		i=$((i + 1))
		if echo "p:stress/p$i $probe" >>$T/kprobe_events &&
			echo 1 >$T/events/stress/p$i/enable && echo 0 >$T/events/stress/p$i/enable &&
			echo "-:stress/p$i" >>$T/kprobe_events; then
			n=$((n + 4))
		else
			err=$((err + 1))
		fi
	done 2>>"$W/kprobe.err"
	echo "$n $err" >"$W/kprobe.count"
}
# rmdir_instance DIR: an instance is busy (EBUSY) while a file of it is
# open, and the 'read' reader opens the files of every instance: retried
# for up to 5 s.  Any other error, or busy for longer, is an error.
rmdir_instance() {
	local i out
	for ((i = 0; i < 50; i++)); do
		out=$(rmdir "$1" 2>&1) && return 0
		case $out in *"Device or resource busy"*) sleep 0.1 ;; *) break ;; esac
	done
	printf '%s\n' "$out" >&2
	return 1
}
instance_churn() {
	local n=0 err=0 i=0
	while [ $SECONDS -lt "$end" ]; do
		i=$((i + 1))
		# (no kprobe is enabled in an instance: its removal would be EBUSY)
		if mkdir $T/instances/stress_$i && cat $T/instances/stress_$i/events/enable >/dev/null &&
			rmdir_instance $T/instances/stress_$i; then
			n=$((n + 3))
		else
			err=$((err + 1))
		fi
	done 2>>"$W/instance.err"
	echo "$n $err" >"$W/instance.count"
}
remounter() {
	local n=0 err=0 i=0
	while [ $SECONDS -lt "$end" ]; do
		i=$((i + 1))
		if mount -o remount,uid=$((i % 3)),gid=$((i % 5)) $T; then n=$((n + 1)); else err=$((err + 1)); fi
		sleep 0.2
	done 2>>"$W/remount.err"
	echo "$n $err" >"$W/remount.count"
}
# Readers race with the churn: their ENOENTs are expected and not counted
# as errors; what they must not do is crash or hang the kernel.
reader() { # KIND
	local n=0 f
	while [ $SECONDS -lt "$end" ]; do
		case $1 in
		readdir) find $T/events $T/instances -maxdepth 4 >/dev/null 2>&1 ;;
		stat) stat $T/events/stress/* $T/events/stress/*/* $T/instances/*/events/stress/* >/dev/null 2>&1 ;;
		read) for f in "$T"/events/stress/*/format "$T"/events/stress/*/id "$T"/instances/*/events/enable \
			"$T"/instances/*/events/stress/*/enable; do cat "$f"; done >/dev/null 2>&1 ;;
		esac
		n=$((n + 1))
	done
	echo "$n 0" >"$W/$1.count"
}

run_all() { # SECONDS
	end=$((SECONDS + $1))
	kprobe_churn & instance_churn & remounter &
	reader readdir & reader stat & reader read &
	wait
	mount -o remount,uid=0,gid=0 $T
}

run_all 3		# warm-up
rm -f "$W"/*.count "$W"/*.err
s0=$(settle)
echo "slab after warm-up: $s0 KiB"
run_all "$secs"
rc=0 total=0
for f in kprobe instance remount readdir stat read; do
	read -r n e <"$W/$f.count"
	echo "$f: $n operations, $e errors"
	total=$((total + n))
	if [ "$e" != 0 ]; then
		rc=1
		echo "FAIL: $f: $e errors:"
		sort "$W/$f.err" | uniq -c | head -n 20
	fi
done
left=$(find $T/instances -maxdepth 1 -name 'stress_*' | wc -l)
[ "$left" = 0 ] || { echo "FAIL: $left stress instances left"; rc=1; }
grep -q stress/ $T/kprobe_events && { echo "FAIL: stress kprobes left"; rc=1; }
if [ "$brk" = 1 ]; then
	for i in $(seq 30); do mkdir "$T/instances/stress_break_$i"; done
fi
s1=$(settle)
read -r ninst _ <"$W/instance.count"
echo "slab after the churn: $s1 KiB, delta $((s1 - s0)) KiB (margin $margin KiB)"
[ "$ninst" -gt 0 ] && echo "  over $((ninst / 3)) instance cycles: $(((s1 - s0) * 1024 / (ninst / 3 + 1))) bytes per cycle"
if [ $((s1 - s0)) -gt "$margin" ]; then
	echo "FAIL: slab grew by $((s1 - s0)) KiB, more than $margin KiB"
	rc=1
fi
echo "stress: seconds=$secs operations=$total slab_delta_kb=$((s1 - s0))"
exit $rc
