#!/bin/bash
# perf stat on the vfs events counts exactly what the workload (lib.sh) did:
#  - perf stat -e 'vfs:*' on the workload, minus the same on the workload's
#    start-up alone ("noop": the interpreter's own opens and pathnames),
#    per event;
#  - perf stat with a filter per event on the workload's filesystem
#    (dev, or the pathname for vfs_getname), and on the results.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need perf
# counts FILE: "event count" lines from perf stat -x, output, sorted.
counts() {
	awk -F, '$3 ~ /^vfs:/ { print substr($3, 5), $1 }' "$1" | sort
}
# The workload's counts, per event (0 for the events it does not give).
expected_counts() {
	{ expected_events | awk '{ print $1 }'; expected_getnames | sed 's/.*/vfs_getname/'; } |
		sort | uniq -c | awk '{ print $2, $1 }' >"$W/nonzero"
	for e in "$T"/events/vfs/vfs_*/; do
		e=$(basename "$e")
		grep "^$e " "$W/nonzero" || echo "$e 0"
	done | sort
}
perf stat -x, -o "$W/noop" -e 'vfs:*' -- "$HERE/workload" "$M" noop || fail "perf stat failed"
perf stat -x, -o "$W/run" -e 'vfs:*' -- "$HERE/workload" "$M" run >"$W/workload.out" ||
	fail "perf stat failed"
A=$(sed -n 's/^A=//p' "$W/workload.out") D=$(sed -n 's/^D=//p' "$W/workload.out")
cat "$W/noop" "$W/run"
join <(counts "$W/run") <(counts "$W/noop") | awk '{ print $1, $2 - $3 }' >"$W/diff"
expected_counts >"$W/expected"
diff -u "$W/expected" "$W/diff" || fail "perf stat -e 'vfs:*': not the workload's counts"

# Filtered: each event on the workload's tmpfs only; the exit events also
# by result (EACCES of the unlink, ENOTEMPTY of the rmdir).
args=()
for e in open fsync unlink_enter rmdir_enter rename_enter unlink rmdir rename; do
	args+=(-e "vfs:vfs_$e" --filter "dev == $RAWDEV")
done
args+=(-e vfs:vfs_unlink --filter "dev == $RAWDEV && ret == -13")
args+=(-e vfs:vfs_rmdir --filter "dev == $RAWDEV && ret == -39")
args+=(-e vfs:vfs_getname --filter "pathname ~ \"$M/*\"")
# The workload left $M as it found it (a, b and d removed): run it again.
perf stat -x, -o "$W/filtered" "${args[@]}" -- "$HERE/workload" "$M" run >"$W/workload.out" ||
	fail "perf stat --filter failed"
cat "$W/filtered"
awk -F, '$3 ~ /^vfs:/ { printf "%s %s\n", substr($3, 5), $1 }' "$W/filtered" >"$W/got"
cat >"$W/expected" <<END
vfs_open 1
vfs_fsync 2
vfs_unlink_enter 1
vfs_rmdir_enter 2
vfs_rename_enter 1
vfs_unlink 2
vfs_rmdir 2
vfs_rename 1
vfs_unlink 1
vfs_rmdir 1
vfs_getname 9
END
diff -u "$W/expected" "$W/got" || fail "perf stat --filter: not the workload's counts"
echo PASS
