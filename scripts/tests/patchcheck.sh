#!/usr/bin/env bash
# patchcheck.sh - tests of the per-patch matrix (scripts/patchcheck.sh) on a
# fake kernel tree: each bad patch is caught at the right patch by the right
# check, and only there.
#
# Usage: scripts/tests/patchcheck.sh [--help]
#
# The fake tree cannot be built, so the kernel builds (build, gcc-w1,
# sparse, notrace-build, i386-build) are skipped here and show as SKIP,
# which counts as failed; scripts/tests/matrix.sh tests those on the real
# tree.  Needs checkpatch.pl, kernel-doc and get_maintainer.pl from the real
# base tree ('make base').  Runs in about a minute; ends with
# 'N passed, N failed'.
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
S=$TOP/scripts
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fake_kernel "$T"
if [ ! -f "$KERNEL/scripts/get_maintainer.pl" ]; then
	fail "patchcheck tests: no base tree at $real (run 'make base' first) # SKIP"
	t_done
	exit 1
fi
NOBUILD=build,gcc-w1,sparse,zerocost,notrace-build,i386-build
{ "$S/base.sh" >/dev/null 2>&1 && "$S/apply.sh" >/dev/null 2>&1; } || { fail "base + apply of the fake series"; t_done; exit 1; }
WORK=$CACHE/worktree-$(printf '%s' "$KERNEL" | md5sum | cut -c1-8)
cp -a "$PATCHES" "$T/patches.orig"
cp "$SERIES" "$T/series.orig"
reset_series() { rm -rf "$PATCHES" && cp -a "$T/patches.orig" "$PATCHES" && cp "$T/series.orig" "$SERIES"; }

# add_patch MESSAGE-ARGS... : commit the change made in $WORK (on a scratch
# branch at the fake series' tip) and add it to the series as the next patch.
add_patch() {
	git -C "$WORK" add -A
	git -C "$WORK" commit -q "$@"
	local f
	f=$(git -C "$WORK" format-patch --zero-commit --no-signature -N \
		--start-number "$(($(grep -c '\.patch$' "$SERIES") + 1))" -o "$PATCHES/test" -1 HEAD)
	echo "test/$(basename "$f")" >>"$SERIES"
}
scratch() { git -C "$WORK" checkout -q -B scratch refs/heads/tracefs-series; }
done_scratch() { git -C "$WORK" checkout -q tracefs-series && git -C "$WORK" branch -q -D scratch; }
# cell PATCH CHECK: the status of one cell of $OUT/patchcheck.json.
cell() {
	python3 -c 'import json,sys
for c in json.load(open(sys.argv[1])):
    if str(c["patch"]) == sys.argv[2] and c["check"] == sys.argv[3]: print(c["status"])' "$OUT/patchcheck.json" "$1" "$2"
}
# bad_cells: the FAIL cells, 'patch:check ...', sorted ('no JSON' if none).
bad_cells() {
	[ -f "$OUT/patchcheck.json" ] || { echo "no JSON"; return; }
	python3 -c 'import json,sys
bad = [c for c in json.load(open(sys.argv[1])) if c["status"] == "FAIL"]
print(" ".join(sorted("%s:%s" % (c["patch"], c["check"]) for c in bad)))' "$OUT/patchcheck.json"
}
sl='Signed-off-by: Tester <tester@example.org>'

expect_err "--skip rejects an unknown check" "unknown check 'nope'" "$S/patchcheck.sh" --skip nope
expect_err "--series names an unknown series" "no series 'nope'.*series: test" "$S/patchcheck.sh" --series nope

# A good series: every check that runs passes; the skipped ones fail the run.
out=$("$S/patchcheck.sh" --skip "$NOBUILD" 2>&1); rc=$?
check "a good series: no check fails" [ -z "$(bad_cells)" ]
check "... but the skipped builds count as failed (exit 1)" [ "$rc" = 1 ]
check "... and say so: SKIP in TAP" grep -q '^not ok .* \[test 1\] build: .* # SKIP' <<<"$out"
check "... 12 checks for each of the 2 patches, 2 for the series' tree and 1 for all the series" \
	[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/patchcheck.json")" = 27 ]
check "... the work tree is back on its branch" [ "$(git -C "$WORK" symbolic-ref --short HEAD)" = tracefs-series ]

# --no-builds ('make test' on the real series): the build checks are not
# run and not in the table; the rest decide the exit status.
out=$("$S/patchcheck.sh" --no-builds 2>&1); rc=$?
check "--no-builds: a good series passes (exit 0)" [ "$rc" = 0 ]
check "... 8 checks for each of the 2 patches and 1 for the final tree" \
	[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/patchcheck.json")" = 17 ]
check "... and it says which checks did not run" \
	grep -q '^# not run (--no-builds): build gcc-w1 sparse zerocost notrace-build i386-build ' <<<"$out"
check "... as the last line but one (the counts stay last)" \
	grep -q '^# not run' <<<"$(tail -n 2 <<<"$out" | head -n 1)"
expect_err "--boot needs the builds" "cannot go with --no-builds" "$S/patchcheck.sh" --no-builds --boot
"$S/patchcheck.sh" --no-builds --series test >/dev/null 2>&1
check "--series test: its 16 cells, not the check of all the series together" \
	[ "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r), sum(c["series"] == "test" for c in r))' "$OUT/patchcheck.json")" = "16 16" ]

# Patch 3: no Signed-off-by; patch 4: a checkpatch error; patch 5: a
# Coccinelle report; patch 6: a wrong subject prefix and a malformed Fixes:.
scratch
sed -i 's/^int line20;/int line20_x;/' "$WORK/fs/tracefs/inode.c"
add_patch -m "tracefs: rename line 20" -m "No sign-off here."
sed -i 's/^int line21;/int line21_x ;/' "$WORK/fs/tracefs/inode.c"
add_patch -m "tracefs: rename line 21" -m "With a space before the semicolon." -m "$sl"
printf 'DEFINE_STATIC_SRCU(ev_srcu);\n' >>"$WORK/fs/tracefs/event_inode.c"
add_patch -m "eventfs: add an SRCU domain" -m "For lifetimes." -m "$sl"
sed -i 's/^int line22;/int line22_x;/' "$WORK/fs/tracefs/inode.c"
add_patch -m "selftests/ftrace: rename line 22" -m "Wrong prefix." -m "Fixes: 1234abcd (\"tracefs: old\")" -m "$sl"
sed -i 's/^int line23;/int line23_x;/' "$WORK/fs/tracefs/inode.c"
add_patch -m "tracefs: rename line 23" -m "A good Fixes: tag." -m "Fixes: 0123456789ab (\"tracefs: old\")" -m "$sl"
printf '// SPDX-License-Identifier: GPL-2.0\nint orphan;\n' >"$WORK/lib/orphan.c"
add_patch -m "lib: add an orphan" -m "No list and no prefix rule for lib/." -m "$sl"
done_scratch
out=$("$S/patchcheck.sh" --skip "$NOBUILD" 2>&1)
check_eq "the bad cells are exactly the bad patches' checks" \
	"3:signoff 4:checkpatch 5:cocci 6:fixes 6:subject 8:maintainers 8:subject" "$(bad_cells)"
check "no Signed-off-by: patch 3, signoff" [ "$(cell 3 signoff)" = FAIL ]
check "checkpatch error: patch 4, checkpatch, quoted" grep -q 'SPACING: space prohibited before semicolon' <<<"$out"
check "Coccinelle report: patch 5, cocci, rule named" grep -q 'srcu_lifetime: fs/tracefs/event_inode.c' <<<"$out"
check "wrong prefix: patch 6, subject, accepted prefixes listed" grep -q "prefix 'selftests/ftrace:' is not accepted .* tracefs:" <<<"$out"
check "short commit id: patch 6, fixes" grep -q 'malformed .*Fixes: 1234abcd' <<<"$out"
# checkpatch of 7.x checks a Fixes: tag only against the git history, which
# the base tree (one commit) does not have: the fixes cell is what catches it.
check "... which checkpatch of a tree without history lets through" [ "$(cell 6 checkpatch)" = ok ]
check "a good Fixes: passes, saying the id was not looked up" grep -q '^ok .* \[test 7\] fixes: .*not looked up' <<<"$out"
check "a file with only the catch-all list: patch 8, maintainers" grep -q 'lib/orphan.c: no mailing list' <<<"$out"
check "a file no prefix rule covers: patch 8, subject" grep -q 'no line of scripts/subject-prefixes matches: lib/orphan.c' <<<"$out"
python3 "$S/report.py" --steps /dev/null --vm /nonexistent --series "$SERIES" \
	--patchcheck "$OUT/patchcheck.json" --out "$T/report"
check "the report's table: patch 3 fails signoff only, its skipped builds show" \
	grep -qF '| 3 | tracefs: rename line 20 | ok | SKIP | SKIP | SKIP | SKIP | ok | ok | ok | FAIL | ok | n/a | ok |' "$T/report.md"
check "... the first failure it names is the first skipped build (SKIP fails)" \
	grep -q '^First failure: series test, patch 1 (tracefs: change line 10), check build (SKIP)' "$T/report.md"
printf 'LIB ORPHANS\nL:\torphans@example.org\nS:\tMaintained\nF:\tlib/orphan.c\n' >"$T/fragment"
MAINTAINERS_FRAGMENT=$T/fragment "$S/patchcheck.sh" --skip "$NOBUILD,cocci,kernel-doc" >"$T/out.frag" 2>&1
check "MAINTAINERS.fragment applies: with an entry for lib/, patch 8 finds a list" grep -q '^ok .* \[test 8\] maintainers' "$T/out.frag"
check "... and the series has no MAINTAINERS patch for it: maintainers-fragment fails" \
	grep -q '^not ok .* maintainers-fragment' "$T/out.frag"
reset_series

# A patch that does not apply, in the middle: caught there, the rest not run.
sed -i 's/^-int ev20;/-int ev20_not_there;/' "$PATCHES"/test/0002-*.patch
out=$("$S/patchcheck.sh" --skip "$NOBUILD,cocci,kernel-doc" 2>&1)
check "a patch that does not apply: patch 2, apply" [ "$(cell 2 apply)" = FAIL ]
check "... patch 1 was checked" [ "$(cell 1 apply)" = ok ]
check "... no final-tree checks" [ -z "$(cell None maintainers-fragment)" ]
check "... the work tree is clean and back on its branch" \
	[ "$(git -C "$WORK" status --porcelain)|$(git -C "$WORK" symbolic-ref --short HEAD)" = "|tracefs-series" ]
reset_series

# checkpatch's CHECKs of the TRACE_EVENT() layout are let through in
# include/trace/events/ only (Documentation/patchcheck.rst).
scratch
mkdir -p "$WORK/include/trace/events"
printf '%s\n' '/* SPDX-License-Identifier: GPL-2.0 */' '#undef TRACE_SYSTEM' '#define TRACE_SYSTEM vfs' \
	'#if !defined(_TRACE_VFS_H) || defined(TRACE_HEADER_MULTI_READ)' '#define _TRACE_VFS_H' '' \
	'#include <linux/tracepoint.h>' '' 'TRACE_EVENT(vfs_x,' '' '	TP_PROTO(int x),' '' '	TP_ARGS(x),' '' \
	'	TP_STRUCT__entry(' '		__field(int, x)' '	),' '' '	TP_fast_assign(' '		__entry->x = x;' '	),' '' \
	'	TP_printk("x=%d", __entry->x)' ');' '' '#endif /* _TRACE_VFS_H */' '' '#include <trace/define_trace.h>' \
	>"$WORK/include/trace/events/vfs.h"
add_patch -m "vfs: add an event" -m "In the TRACE_EVENT() layout." -m "$sl"
printf 'int line41 = max(1,\n\t\t2);\nint line42 = max(\n\t3, 4);\n' >>"$WORK/fs/tracefs/inode.c"
add_patch -m "tracefs: add two lines" -m "The same CHECKs in a .c file." -m "$sl"
done_scratch
out=$("$S/patchcheck.sh" --skip "$NOBUILD,cocci,kernel-doc" 2>&1)
check "a TRACE_EVENT() header: its layout's CHECKs do not fail checkpatch" [ "$(cell 3 checkpatch)" = ok ]
check "... the same CHECKs in a .c file do" [ "$(cell 4 checkpatch)" = FAIL ]
check "... quoted" grep -q 'CHECK:OPEN_ENDED_LINE' <<<"$out"
reset_series

# Bad input.  (The runs above that do not test cocci or kernel-doc skip
# them: they are most of the time of a run.)
echo dirty >>"$WORK/Makefile"
expect_err "a dirty work tree is refused" "uncommitted changes" "$S/patchcheck.sh"
git -C "$WORK" checkout -q -- Makefile
t_done
