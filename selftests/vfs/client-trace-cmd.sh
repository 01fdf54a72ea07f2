#!/bin/bash
# trace-cmd record -e vfs, then trace-cmd report, shows the workload's reads.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need trace-cmd
cd "$W" || exit 1
trace-cmd record -q -o "$W/trace.dat" -e vfs -F \
	dd if="$W/data" of=/dev/null bs=1 status=none >"$W/record.log" 2>&1 ||
	{ cat "$W/record.log"; fail "trace-cmd record failed"; }
trace-cmd report -i "$W/trace.dat" >"$W/report" 2>"$W/report.err" ||
	{ cat "$W/report.err"; fail "trace-cmd report failed"; }
grep -m3 vfs_ "$W/report"
n=$(grep -c "vfs_read: *dev=$DEV ino=$INO .*count=1 ret=1\$" "$W/report")
e=$(grep -c "vfs_read: *dev=$DEV ino=$INO .*count=1 ret=0\$" "$W/report")
o=$(grep -c "vfs_open: *dev=$DEV ino=$INO .*ret=0\$" "$W/report")
echo "trace-cmd: $o opens, $n 1-byte reads, $e reads at EOF of the data file"
if [ "$o" != 1 ] || [ "$n" != 7 ] || [ "$e" != 1 ]; then
	fail "expected 1 open, 7 reads of 1 byte, 1 at EOF"
fi
grep -q "vfs_getname: *name=$W/data\$" "$W/report" || fail "no vfs_getname for $W/data"
echo PASS
