#!/bin/bash
# perf stat -e 'vfs:*' counts the workload's events.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need perf
perf stat -x, -o "$W/stat" -e 'vfs:*' -- \
	dd if="$W/data" of=/dev/null bs=1 status=none ||
	fail "perf stat failed"
cat "$W/stat"
# dd itself reads more than the data file (its libraries): at least 8 reads.
reads=$(awk -F, '$3 == "vfs:vfs_read" { print $1 }' "$W/stat")
opens=$(awk -F, '$3 == "vfs:vfs_open" { print $1 }' "$W/stat")
if ! [ "${reads:-0}" -ge 8 ] 2>/dev/null; then
	fail "perf counted '$reads' vfs_read, expected at least 8"
fi
if ! [ "${opens:-0}" -ge 1 ] 2>/dev/null; then
	fail "perf counted '$opens' vfs_open, expected at least 1"
fi
# With a filter, exactly the data file's reads
perf stat -x, -o "$W/stat2" -e vfs:vfs_read --filter "dev == $RAWDEV && ino == $INO" -- \
	dd if="$W/data" of=/dev/null bs=1 status=none || fail "perf stat --filter failed"
cat "$W/stat2"
n=$(awk -F, '$3 == "vfs:vfs_read" { print $1 }' "$W/stat2")
[ "$n" = 8 ] || fail "perf counted '$n' reads of the data file, expected 8"
echo PASS
