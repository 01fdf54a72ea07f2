#!/bin/bash
# trace-cmd record -e vfs, then trace-cmd report: every vfs event of the
# workload's filesystem (lib.sh), with every field as trace-cmd prints it
# from the event's format (libtraceevent), must be exactly the workload's;
# so must the pathnames of vfs_getname.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need trace-cmd
trace-cmd record -q -e vfs -o "$W/trace.dat" \
	"$HERE/workload" "$M" run >"$W/workload.out" 2>"$W/record.err" ||
	{ cat "$W/record.err"; fail "trace-cmd record failed"; }
A=$(sed -n 's/^A=//p' "$W/workload.out") D=$(sed -n 's/^D=//p' "$W/workload.out")
trace-cmd report -i "$W/trace.dat" >"$W/report" 2>"$W/report.err" ||
	{ cat "$W/report.err"; fail "trace-cmd report failed"; }
grep -q 'FAILED TO PARSE' "$W/report" && { grep -m3 'FAILED TO PARSE' "$W/report"; fail "trace-cmd cannot parse an event"; }
# "comm-pid [cpu] ts: vfs_x: fields": keep "vfs_x fields", nothing else.
sed -n 's/^.*: \(vfs_[a-z_]*\): */\1 /p' "$W/report" >"$W/events"
grep " dev=$DEV " "$W/events" >"$W/got" || true
expected_events >"$W/expected"
diff -u "$W/expected" "$W/got" || fail "trace-cmd: not the workload's events"
grep -F "vfs_getname pathname=$M/" "$W/events" >"$W/got-names" || true
expected_getnames | sed 's/^/vfs_getname pathname=/' >"$W/expected-names"
diff -u "$W/expected-names" "$W/got-names" || fail "trace-cmd: not the workload's pathnames"
echo PASS
