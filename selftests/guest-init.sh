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
# each test goes to logs/.  The 'ftrace' entries that follow each other
# under one timeout run in one ftracetest (ftrace_batch).  At the end kmemleak is scanned and its report
# printed on the console, and the guest reboots (QEMU runs with -no-reboot,
# so it exits).
#
# Sourced (by scripts/tests/tooling.sh), it only defines its functions.

# guest_mounts ROOT: the guest's mounts, in order.  ROOT prefixes every
# path (the guest: ""); the tooling tests run this with a mount of their own
# in a scratch directory and read the order of the mounts.
guest_mounts() {
	local r=${1:-} e t
	mount -t proc proc "$r/proc"
	mount -t sysfs sysfs "$r/sys"
	mount -t devtmpfs devtmpfs "$r/dev" 2>/dev/null
	# bash's process substitution (ftrace_batch) reads /dev/fd/N.
	[ -e "$r/dev/fd" ] || ln -s /proc/self/fd "$r/dev/fd"
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

# ftrace_batch FIRST COUNT: run the COUNT ftracetest cases of the plan from
# entry FIRST in one ftracetest run, as upstream runs them (each case still
# starts from ftracetest's reset of the tracing directory; the start-up and
# the closing reset are paid once, not per case: ~8 s a case here).  Sets
# res[] and secs[] of the entries.  A case that gives no result for
# $TIMEOUT seconds is TIMEOUT, the run is killed and the cases after it are
# NOTRUN.  A case flagged for instances runs a second time in an instance
# after all the cases: its entry passes only if both runs pass.
ftrace_batch() {
	local first=$1 count=$2 logs=$RUN/ftracetest-logs i j line no word
	local -a files inst
	local last=$EPOCHSECONDS timedout=0
	for ((i = first; i < first + count; i++)); do
		files+=("$FT/${arg[i]}")
		res[i]=NORESULT secs[i]=0
		grep -q "^#[ \t]*flags:.*instance" "$FT/${arg[i]}" && inst+=("$i")
	done
	rm -rf "$logs"
	# ftracetest logs every command of a case (set -x) as it runs: to
	# tmpfs, copied to the results share at the end.  Over 9p, line by
	# line, the log took a third of event-enable.tc's 42 s.
	exec 3< <(exec setsid "$FT/ftracetest" -k -l "$logs" "${files[@]}" 2>&1)
	local pid=$!
	while :; do
		IFS= read -r -t "$TIMEOUT" line <&3 || {
			[ $? -gt 128 ] && timedout=1
			break
		}
		printf '%s\n' "$line" >>"$RUN/ftracetest-$first.out"
		# "[N] description<TAB>[RESULT]"; N counts the instance runs on.
		[[ $line =~ ^\[([0-9]+)\].*\[([A-Z]+)\]$ ]] || continue
		no=${BASH_REMATCH[1]} word=${BASH_REMATCH[2]}
		[ "$word" = UNDEFINED ] && word=FAIL
		if [ "$no" -le "$count" ]; then
			j=$((first + no - 1))
		else
			j=${inst[no - count - 1]:-}
			[ -n "$j" ] || continue
			case "$word" in PASS|XFAIL|UNSUPPORTED|UNTESTED) word=${res[j]} ;; esac
		fi
		res[j]=$word
		secs[j]=$((secs[j] + EPOCHSECONDS - last))
		last=$EPOCHSECONDS
		echo "guest: ftracetest [$no] $word ${arg[j]}" >"$CONSOLE"
	done
	exec 3<&-
	if [ "$timedout" = 1 ]; then
		kill -KILL -- "-$pid" 2>/dev/null
		echo "guest: ftracetest: no result for ${TIMEOUT}s, killed" >"$CONSOLE"
	fi
	wait "$pid" 2>/dev/null
	# The case that gave no result timed out; the cases after it did not run.
	word=TIMEOUT
	for ((i = first; i < first + count; i++)); do
		[ "${res[i]}" = NORESULT ] || continue
		[ "$timedout" = 1 ] || break
		res[i]=$word
		[ "$word" = TIMEOUT ] && secs[i]=$((EPOCHSECONDS - last))
		word=NOTRUN
	done
	cp "$RUN/ftracetest-$first.out" "$R/logs/ftracetest-$first.log" 2>/dev/null
	cp -r "$logs" "$R/logs/ftracetest-$first.d" 2>/dev/null
	for ((i = first; i < first + count; i++)); do
		echo "ftracetest run: logs/ftracetest-$first.log, logs/ftracetest-$first.d" >"$R/logs/$((i + 1)).log"
	done
}

exec_test() { # CMD LOG: run one of our tests, from the project; exit 0 pass, 4 skip (kselftest)
	(cd "$TOP" && timeout "$TIMEOUT" bash -c "$1") >"$2" 2>&1
	case $? in 0) echo PASS ;; 4) echo SKIP ;; 124) echo TIMEOUT ;; *) echo FAIL ;; esac
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

FT=$SRC/tools/testing/selftests/ftrace RUN=/run CONSOLE=/dev/console
echo "guest: init started, plan $PLAN" >/dev/console
# The plan, one entry an index: kind[], arg[], tmo[] (its timeout).
declare -a kind arg tmo res secs
TIMEOUT=600
while read -r k a; do
	case "$k" in ''|\#*) continue ;; esac
	if [ "$k" = timeout ]; then TIMEOUT=$a; continue; fi
	kind+=("$k") arg+=("$a") tmo+=("$TIMEOUT")
done <"$PLAN"
total=${#kind[@]}
echo "TAP version 13" >$R/results.tap
echo "1..$total" >>$R/results.tap
i=0
while [ "$i" -lt "$total" ]; do
	TIMEOUT=${tmo[i]}
	# The ftracetest cases that follow each other with one timeout run
	# in one ftracetest run.
	n=1
	if [ "${kind[i]}" = ftrace ]; then
		while [ $((i + n)) -lt "$total" ] && [ "${kind[i + n]}" = ftrace ] &&
			[ "${tmo[i + n]}" = "$TIMEOUT" ]; do
			n=$((n + 1))
		done
		ftrace_batch "$i" "$n"
	else
		start=$EPOCHSECONDS
		case "${kind[i]}" in
		exec) res[i]=$(exec_test "${arg[i]}" "$R/logs/$((i + 1)).log") ;;
		*) res[i]=FAIL; echo "unknown plan entry '${kind[i]}'" >"$R/logs/$((i + 1)).log" ;;
		esac
		secs[i]=$((EPOCHSECONDS - start))
	fi
	for ((j = i; j < i + n; j++)); do
		echo "guest: [$((j + 1))/$total] ${res[j]} ${kind[j]} ${arg[j]} (${secs[j]}s)" >/dev/console
		case "${res[j]}" in
		PASS|XFAIL) line="ok $((j + 1)) ${kind[j]} ${arg[j]}" ;;
		UNSUPPORTED|UNTESTED|SKIP) line="ok $((j + 1)) ${kind[j]} ${arg[j]} # SKIP ${res[j]}" ;;
		*) line="not ok $((j + 1)) ${kind[j]} ${arg[j]} # ${res[j]}" ;;
		esac
		echo "$line # time=${secs[j]}s" >>$R/results.tap
	done
	i=$((i + n))
done

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
