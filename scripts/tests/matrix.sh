#!/usr/bin/env bash
# matrix.sh - the per-patch matrix on the real base tree with a fixture
# series whose middle patch breaks the build: caught at patch 2 by the
# build check, and patches 1 and 3 build.
#
# Usage: scripts/tests/matrix.sh [--help]
#
# The three fixture patches only touch fs/tracefs/inode.c: in the build
# directory of the work tree (CACHE, or KERNEL=) the first build is an
# incremental one from whatever was built there last (the series' tip in
# 'make test': its .o of the files the series changes are rebuilt for the
# base, ccache hits after the first run), the next two recompile inode.c.
# On a fresh machine the first build is the cold kernel build, which the
# series' build in 'make test' then reuses.  Own series.conf/patches/ and
# OUT.  Only the checks this test is about run (apply, build, and gcc-w1 and
# sparse, which nothing else tests on a real tree): the others are tested
# on the fake tree (scripts/tests/patchcheck.sh) and are skipped here.
# Ends with 'N passed, N failed' and the time it took.
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
start=$SECONDS
eval "$(cd "$TOP" && PROG=matrix.sh bash -c 'source scripts/lib.sh; echo "WORK=$WORK BASE_REF=$BASE_REF"')"
if [ ! -d "$WORK/.git" ] && [ ! -f "$WORK/.git" ]; then
	fail "matrix fixtures: no work tree at $WORK (run 'make base' first) # SKIP"
	t_done
	exit 1
fi
export OUT=$T/out SERIES=$T/series.conf PATCHES=$T/patches
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.org
export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.org
sl='Signed-off-by: Tester <tester@example.org>'

# The fixture series, made on a scratch worktree-free branch with plumbing:
# each patch is the previous tree with one edit of fs/tracefs/inode.c, and
# a fourth patch makes vfs_read() keep a variable live across its ->read
# call for an event (v1's shape): the zerocost check fails it.
f=fs/tracefs/inode.c
git -C "$WORK" show "$BASE_REF:$f" >"$T/v0"
grep -q '^#include <linux/tracefs.h>$' "$T/v0" || { fail "fixture: $f has no '#include <linux/tracefs.h>'"; t_done; exit 1; }
sed 's|^#include <linux/tracefs.h>$|&\n/* A comment: this patch only adds it. */|' "$T/v0" >"$T/v1"
sed 's|^/\* A comment: this patch only adds it. \*/$|static int broken = ;|' "$T/v1" >"$T/v2"
sed 's|^static int broken = ;$|/* A comment: this patch only adds it. */|' "$T/v2" >"$T/v3"
rw=fs/read_write.c
git -C "$WORK" show "$BASE_REF:$rw" >"$T/rw0"
python3 - "$T/rw0" "$T/v4" <<'PY' || { fail "fixture: vfs_read() of $rw is not as expected"; t_done; exit 1; }
import sys
s = open(sys.argv[1]).read()
edits = [
    ("ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)\n{\n\tssize_t ret;\n",
     "static DEFINE_STATIC_KEY_FALSE(fixture_key);\n\n"
     "static noinline void fixture_record(struct file *file, loff_t start,\n"
     "\t\t\t\t    size_t count, ssize_t ret)\n{\n"
     "\tpr_info(\"read of %pD at %lld: %zu, %zd\\n\", file, start, count, ret);\n}\n\n"
     "ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)\n{\n"
     "\tloff_t start = -1;\n\tssize_t ret;\n"),
    ("\tif (file->f_op->read)\n\t\tret = file->f_op->read(file, buf, count, pos);\n",
     "\tif (static_branch_unlikely(&fixture_key) && pos)\n\t\tstart = *pos;\n"
     "\tif (file->f_op->read)\n\t\tret = file->f_op->read(file, buf, count, pos);\n"),
    ("\t\tret = -EINVAL;\n\tif (ret > 0) {\n\t\tfsnotify_access(file);",
     "\t\tret = -EINVAL;\n\tif (static_branch_unlikely(&fixture_key))\n"
     "\t\tfixture_record(file, start, count, ret);\n\tif (ret > 0) {\n\t\tfsnotify_access(file);"),
]
for old, new in edits:
    if s.count(old) != 1:
        sys.exit(1)
    s = s.replace(old, new)
open(sys.argv[2], "w").write(s)
PY
mkdir -p "$PATCHES/matrix" "$T/idx"
printf '# matrix fixture\n\n' >"$SERIES"
parent=$(git -C "$WORK" rev-parse "$BASE_REF")
n=0
for subj in "tracefs: add a comment" "tracefs: break the build" "tracefs: fix the build" \
	"fs: keep the start of a read for an event"; do
	n=$((n + 1))
	[ "$n" = 4 ] && f=$rw
	blob=$(git -C "$WORK" hash-object -w "$T/v$n")
	tree=$(GIT_INDEX_FILE=$T/idx/index bash -c "git -C '$WORK' read-tree '$parent' &&
		git -C '$WORK' update-index --cacheinfo 100644,$blob,$f && git -C '$WORK' write-tree")
	parent=$(printf '%s\n\nFixture patch %s of the matrix test.\n\n%s\n' "$subj" "$n" "$sl" |
		git -C "$WORK" commit-tree "$tree" -p "$parent")
	p=$(git -C "$WORK" format-patch --zero-commit --no-signature -N --start-number "$n" -o "$PATCHES/matrix" -1 "$parent")
	echo "matrix/$(basename "$p")" >>"$SERIES"
done

head0=$(git -C "$WORK" rev-parse HEAD)
out=$("$TOP/scripts/patchcheck.sh" --skip cocci,kernel-doc,maintainers-fragment,notrace-build,i386-build 2>&1)
printf '%s\n' "$out" >"$T/out.log"
cell() {
	python3 -c 'import json,sys
for c in json.load(open(sys.argv[1])):
    if str(c["patch"]) == sys.argv[2] and c["check"] == sys.argv[3]: print(c["status"])' "$OUT/patchcheck.json" "$1" "$2"
}
check "patch 1 (a comment) builds" [ "$(cell 1 build)" = ok ]
check "patch 2 breaks the build: caught there by the build check" [ "$(cell 2 build)" = FAIL ]
check "... quoting the compiler's error" grep -q "inode.c:.*error:" <<<"$out"
check "patch 3 (the fix) builds" [ "$(cell 3 build)" = ok ]
check "patches 1-3 add no static branch: zerocost n/a" [ "$(cell 1 zerocost)$(cell 2 zerocost)$(cell 3 zerocost)" = n/an/an/a ]
check "patch 4 (a variable live across ->read) fails zerocost" [ "$(cell 4 zerocost)" = FAIL ]
check "... naming vfs_read's longer events-off path" grep -q "not ok .* vfs_read: .*more instruction" <<<"$out"
# (The checks skipped here are SKIP, and the report's first failure is
# the first of those: the FAIL cells are what this test is about.)
check_eq "the FAIL cells: patch 2 (build and what needs it, checkpatch), patch 4's zerocost" \
	"2 build|2 checkpatch|2 gcc-w1|4 zerocost" \
	"$(python3 -c 'import json,sys
print("|".join(sorted({str(c["patch"]) + " " + c["check"] for c in json.load(open(sys.argv[1])) if c["status"] == "FAIL"})))' "$OUT/patchcheck.json")"
check "the report's table shows patch 2 failing its build" bash -c "
	python3 '$TOP/scripts/report.py' --steps /dev/null --vm /nonexistent --series '$SERIES' \
		--patchcheck '$OUT/patchcheck.json' --out '$T/report' &&
	grep -qF '| 2 | tracefs: break the build | ok | FAIL |' '$T/report.md'"
check "patch 1 and 3 pass W=1 and sparse" [ "$(cell 1 gcc-w1)$(cell 1 sparse)$(cell 3 gcc-w1)$(cell 3 sparse)" = okokokok ]
check "the work tree is back where it was" \
	[ "$(git -C "$WORK" status --porcelain --untracked-files=no)|$(git -C "$WORK" rev-parse HEAD)" = "|$head0" ]
echo "# matrix fixtures took $((SECONDS - start)) s"
t_done
