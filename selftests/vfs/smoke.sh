#!/bin/bash
# Every vfs event this kernel has, enabled at once, fires for the workload,
# on its tmpfs (the per-patch boots: each patch adds events; KASAN and
# lockdep watch their call sites).  The clients check the fields.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
mapfile -t events < <(find $T/events/vfs -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
[ "${#events[@]}" -gt 0 ] || fail "events/vfs has no event"
echo 0 >$T/tracing_on
: >$T/trace
echo 1 >$T/events/vfs/enable || fail "cannot enable events/vfs"
echo 1 >$T/tracing_on
workload run
echo 0 >$T/tracing_on
echo 0 >$T/events/vfs/enable
grep -F " dev=$DEV " $T/trace >"$W/trace" || true
grep -F "$M/" $T/trace >>"$W/trace" || true
for e in "${events[@]}"; do
	n=$(grep -c " $e: " "$W/trace" || true)
	echo "$e: $n"
	[ "$n" -gt 0 ] || fail "$e did not fire for the workload"
done
: >$T/trace
echo 1 >$T/tracing_on
echo PASS
