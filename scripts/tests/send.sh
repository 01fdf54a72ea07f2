#!/usr/bin/env bash
# send.sh - tests of scripts/send.sh (b4 prep + b4 send -o) on a fake
# kernel tree: the mails are written and checked (cover + one per patch,
# [PATCH n/N], recipients, git am round trip to the same tree), the
# revision and changes come from the changelog, nothing is left changed in
# the work tree or any git config, and bad input is named.
#
# Usage: scripts/tests/send.sh [--help]
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
	fail "send tests: no base tree at $real (run 'make base' first) # SKIP"
	t_done
	exit 1
fi
{ "$S/base.sh" >/dev/null 2>&1 && "$S/apply.sh" >/dev/null 2>&1; } || { fail "base + apply of the fake series"; t_done; exit 1; }
WORK=$CACHE/worktree-$(printf '%s' "$KERNEL" | md5sum | cut -c1-8)
M=$OUT/mails
cfg0=$(git -C "$WORK" config --list --show-origin | grep -v '^command line' | md5sum)

expect_ok "send.sh writes and checks the mails" "$S/send.sh"
check "3 mails: the cover letter and 2 patches" [ "$(find "$M" -name '*.eml' | wc -l)" = 3 ]
check "the cover letter is [PATCH 0/2] with the subject of cover-letter.txt" \
	grep -q "^Subject: \[PATCH 0/2\] $(head -n 1 "$TOP/cover-letter.txt" | cut -c1-40)" "$M"/0000-*.eml
check "patch 2 is [PATCH 2/2]" grep -q '^Subject: \[PATCH 2/2\] eventfs: change ev 20' "$M"/0002-*.eml
check "To: the maintainer from get_maintainer.pl" grep -q '^To: Steven Rostedt <rostedt@goodmis.org>' "$M"/0001-*.eml
check "Cc: the list" grep -q 'linux-trace-kernel@vger.kernel.org' "$M"/0001-*.eml
check "the cover letter says it is the first version" grep -q 'this is the first version' "$M"/0000-*.eml
check "the work tree is back on its branch, clean" \
	[ "$(git -C "$WORK" status --porcelain)|$(git -C "$WORK" symbolic-ref --short HEAD)" = "|tracefs-series" ]
check "no git config was changed but b4's for its branch" \
	[ "$(git -C "$WORK" config --list --show-origin | grep -v '^command line' | grep -v 'branch\.b4/tracefs-series\.' | md5sum)" = "$cfg0" ]

# A second version: revision and changes from the changelog.
printf 'v2\n- Renamed ev 20.\n\nv1\n- First version.\n' >"$T/changelog"
expect_ok "v2 from the changelog" env CHANGELOG="$T/changelog" "$S/send.sh"
check "... [PATCH v2 1/2]" grep -q '^Subject: \[PATCH v2 1/2\]' "$M"/0001-*.eml
check "... the cover letter lists the changes in v2" grep -q -- '- Renamed ev 20.' "$M"/0000-*.eml

# Bad input.
printf 'no version line\n' >"$T/changelog.bad"
expect_err "a changelog without a vN line" "has no 'vN' line" env CHANGELOG="$T/changelog.bad" "$S/send.sh"
printf 'subject\nno empty line\n' >"$T/cover.bad"
expect_err "a cover letter without the empty line" "first line must be the subject" env COVER="$T/cover.bad" "$S/send.sh"
expect_err "a missing cover letter is named" "nope.txt does not exist" env COVER="$T/nope.txt" "$S/send.sh"
mkdir -p "$T/bin"
for c in bash env git sed awk grep cat md5sum cut realpath dirname basename date printf head tail sort \
	mktemp rm mkdir tr find cp perl python3 wc ls; do
	p=$(command -v "$c") && ln -sf "$p" "$T/bin/$c"
done
expect_err "a missing b4 is named with its package" "'b4' not found.*'b4'" env PATH="$T/bin" "$S/send.sh"
echo dirty >>"$WORK/Makefile"
expect_err "a dirty work tree is refused" "uncommitted changes" "$S/send.sh"
git -C "$WORK" checkout -q -- Makefile
t_done
