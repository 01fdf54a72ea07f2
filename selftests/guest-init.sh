#!/bin/bash
# guest-init.sh - init (PID 1) of the test VM started by scripts/vm.sh.
#
# Usage (kernel command line): init=<this> -- <kernel source> <plan file> <repo>
#
# 'exec' entries of a plan run in <repo> (this project), also exported as
# TOP: they name the project's own tests as selftests/...
#
# The root filesystem is the host's, read-only over 9p; results go to the
# writable 9p share tagged 'results'.  Each test of the plan runs with a
# timeout and its result is written as a TAP line to results.tap; the log of
# each test goes to logs/.  At the end kmemleak is scanned and its report
# printed on the console, and the guest reboots (QEMU runs with -no-reboot,
# so it exits).
#
# Sourced (by scripts/tests/tooling.sh), it only defines guest_mounts.

# guest_mounts ROOT: the guest's mounts, in order.  ROOT prefixes every
# path (the guest: ""); the tooling tests run this with a mount of their own
# in a scratch directory and read the order of the mounts.
guest_mounts() {
	local r=${1:-} e t
	mount -t proc proc "$r/proc"
	mount -t sysfs sysfs "$r/sys"
	mount -t devtmpfs devtmpfs "$r/dev" 2>/dev/null
	mount -t tmpfs tmpfs "$r/run"
	# tracefs and debugfs first: ftracetest takes the first line of
	# /proc/mounts that contains "tracefs" as the tracing directory, and a
	# host /tmp entry of that name (a log file, a clone of this project)
	# bound below must not come before it.
	mount -t tracefs nodev "$r/sys/kernel/tracing"
	mount -t debugfs nodev "$r/sys/kernel/debug"
	# A writable /tmp (ftracetest uses mktemp there) that still shows what
	# the host has in /tmp at the same paths, read-only: the repository, the
	# run directory or the kernel tree may be there (a fresh clone in /tmp,
	# say).
	mkdir "$r/run/host-tmp"
	mount --bind "$r/tmp" "$r/run/host-tmp"
	mount -t tmpfs tmpfs "$r/tmp"
	for e in "$r"/run/host-tmp/* "$r"/run/host-tmp/.[!.]*; do
		[ -e "$e" ] || continue
		t=$r/tmp/${e##*/}
		if [ -d "$e" ]; then mkdir -p "$t"; else : >"$t"; fi
		mount --bind "$e" "$t"
	done
}
(return 0 2>/dev/null) && return 0

export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C HOME=/tmp
# The last three arguments: the kernel also passes init every parameter of
# its command line it does not know (kasan_multi_shot without KASAN).
[ $# -ge 3 ] || { echo "guest-init.sh: usage: <kernel source> <plan file> <repo>" >/dev/console; exit 1; }
SRC=${*: -3:1} PLAN=${*: -2:1}
export TOP=${*: -1}

guest_mounts ""
R=/mnt
mount -t 9p -o trans=virtio,version=9p2000.L results $R
mkdir -p $R/logs

ftrace_test() { # FILE LOG: run one ftracetest test case, map its result to TAP
	# ftracetest logs every command of the case (set -x) as it runs: to
	# tmpfs, copied to the results share once at the end.  Written over 9p
	# line by line, the log took a third of event-enable.tc's 42 s.
	local out rc logs=/run/ftracetest-logs
	rm -rf "$logs"
	out=$(timeout "$TIMEOUT" "$SRC/tools/testing/selftests/ftrace/ftracetest" -k -l "$logs" \
		"$SRC/tools/testing/selftests/ftrace/$1" 2>&1)
	rc=$?
	cp -r "$logs" "$2.d" 2>/dev/null
	printf '%s\n' "$out" >"$2"
	[ "$rc" = 124 ] && { echo "TIMEOUT"; return; }
	case "$out" in
	*"[PASS]"*) echo PASS ;;
	*"[UNSUPPORTED]"*) echo UNSUPPORTED ;;
	*"[UNRESOLVED]"*) echo UNRESOLVED ;;
	*"[UNTESTED]"*) echo UNTESTED ;;
	*"[XFAIL]"*) echo XFAIL ;;
	*) echo FAIL ;;
	esac
}

exec_test() { # CMD LOG: run one of our tests, from the project; exit 0 pass, 4 skip (kselftest)
	(cd "$TOP" && timeout "$TIMEOUT" bash -c "$1") >"$2" 2>&1
	case $? in 0) echo PASS ;; 4) echo SKIP ;; 124) echo TIMEOUT ;; *) echo FAIL ;; esac
}

echo "guest: init started, plan $PLAN" >/dev/console
TIMEOUT=600
n=0
total=$(grep -cvE '^[[:space:]]*(#|$|timeout )' "$PLAN")
echo "TAP version 13" >$R/results.tap
echo "1..$total" >>$R/results.tap
while read -r kind arg; do
	case "$kind" in ''|\#*) continue ;; esac
	if [ "$kind" = timeout ]; then TIMEOUT=$arg; continue; fi
	n=$((n + 1))
	log=$R/logs/$n.log
	start=$(date +%s)
	case "$kind" in
	ftrace) res=$(ftrace_test "$arg" "$log") ;;
	exec) res=$(exec_test "$arg" "$log") ;;
	*) res=FAIL; echo "unknown plan entry '$kind'" >"$log" ;;
	esac
	secs=$(($(date +%s) - start))
	echo "guest: [$n/$total] $res $kind $arg (${secs}s)" >/dev/console
	case "$res" in
	PASS|XFAIL) line="ok $n $kind $arg" ;;
	UNSUPPORTED|UNTESTED|SKIP) line="ok $n $kind $arg # SKIP $res" ;;
	*) line="not ok $n $kind $arg # $res" ;;
	esac
	echo "$line # time=${secs}s" >>$R/results.tap
done <"$PLAN"

if [ -w /sys/kernel/debug/kmemleak ]; then
	echo "guest: kmemleak scan" >/dev/console
	echo scan >/sys/kernel/debug/kmemleak
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >/dev/console
fi
echo "guest: done" >/dev/console
echo "done" >$R/status
sync
umount $R
echo b >/proc/sysrq-trigger
