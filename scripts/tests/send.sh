#!/usr/bin/env bash
# send.sh - tests of scripts/send.sh (b4 prep + b4 send -o) on a fake
# kernel tree: the mails are written and checked (cover + one per patch,
# [PATCH n/N], recipients, git am round trip to the same tree), the
# revision and changes come from the changelog, nothing is left changed in
# the work tree or any git config, and bad input is named.  The sender:
# placeholder identities are refused, each kind; a real-looking one (only
# in this fake tree: Jane Doe <jane@kernel.org>) from SEND_AS, GIT_AUTHOR_*
# or git config is the author and the last Signed-off-by of every patch,
# once, with the other trailers kept and the trees unchanged; the cover
# letter has the base-commit, and on a pinned Debian base its package;
# SEND_TEST_IDENTITY=1 marks the mails NOT FOR SENDING.
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
# Trailers of other people around the placeholder Signed-off-by of
# fake_kernel's Tester <tester@example.org>, who is also the author.
# Patch 1: the sender's Signed-off-by takes the placeholder's place.
# Patch 2: the sender's own is there, and someone else's follows the
# placeholder's: the sender's goes last, once.
perl -0pi -e 's/^Signed-off-by: Tester <tester\@example.org>$/Suggested-by: Sug Gester <sug\@kernel.org>\nCo-developed-by: Co Dev <codev\@kernel.org>\nSigned-off-by: Co Dev <codev\@kernel.org>\nSigned-off-by: Tester <tester\@example.org>\nReviewed-by: Rev Iewer <rev\@kernel.org>/m' "$PATCHES"/test/0001-*.patch
perl -0pi -e 's/^Signed-off-by: Tester <tester\@example.org>$/Signed-off-by: Jane Doe <jane\@kernel.org>\nSigned-off-by: Tester <tester\@example.org>\nSigned-off-by: Other Dev <other\@kernel.org>\nAcked-by: Ack Er <ack\@kernel.org>/m' "$PATCHES"/test/0002-*.patch
{ "$S/base.sh" >/dev/null 2>&1 && "$S/apply.sh" >/dev/null 2>&1; } || { fail "base + apply of the fake series"; t_done; exit 1; }
WORK=$CACHE/worktree-$(printf '%s' "$KERNEL" | md5sum | cut -c1-8)
BASE_REF=refs/tracefs-series/base
M=$OUT/mails/test
cfg0=$(git -C "$WORK" config --list --show-origin | grep -v '^command line' | md5sum)
series0=$(git -C "$WORK" rev-parse tracefs-series-test)
JANE="Jane Doe <jane@kernel.org>"
# A first version, and a cover letter of its own.
printf 'v1\n- First version.\n' >"$T/changelog.v1"
printf 'tracefs: the test series\n\nIt changes two lines.\n' >"$T/cover.txt"
export CHANGELOG=$T/changelog.v1 COVER=$T/cover.txt

# Placeholders, each kind, refused before anything is changed and named.
# (fake_kernel exports GIT_AUTHOR_* and GIT_COMMITTER_* of Tester.)
expect_err "a placeholder from GIT_AUTHOR_* (example.org) is refused and named" \
	"sender 'Tester <tester@example.org>' \(from GIT_AUTHOR_EMAIL GIT_AUTHOR_NAME.*\) is a placeholder: 'example.org' is a reserved domain.*git config --global user.name" \
	"$S/send.sh"
seed="Seed 0c9b7f28 maintainers <maintainers@users.noreply.h-seed-0c9b7f28.example>"
expect_err "the seed's placeholder from git config is refused and named" \
	"sender '$seed' \(from git config user.name/user.email\) is a placeholder: 'Seed 0c9b7f28 maintainers' is the seed's placeholder name" \
	env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL GIT_CONFIG_COUNT=2 \
	GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="${seed% <*}" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=maintainers@users.noreply.h-seed-0c9b7f28.example "$S/send.sh"
expect_err "... the seed's address under a real name: no-reply" "is a no-reply address" \
	env SEND_AS="Jane Doe <maintainers@users.noreply.h-seed-0c9b7f28.example>" "$S/send.sh"
expect_err "... a GitHub no-reply address" "'jane@users.noreply.github.com' is a no-reply address" \
	env SEND_AS="Jane Doe <jane@users.noreply.github.com>" "$S/send.sh"
expect_err "an empty name" "sender ' <jane@kernel.org>'.*the name is empty" env SEND_AS="<jane@kernel.org>" "$S/send.sh"
expect_err "an empty email (SEND_AS without <...>)" "sender 'Jane Doe <>'.*the email is empty" env SEND_AS="Jane Doe" "$S/send.sh"
expect_err "an empty email from git config" "the email is empty" \
	env -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_EMAIL GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.email GIT_CONFIG_VALUE_0= "$S/send.sh"
expect_err "an email without @" "'jane' is not an email address" env SEND_AS="Jane Doe <jane>" "$S/send.sh"
for a in jane@sub.example jane@example.com jane@mail.example.net jane@EXAMPLE.ORG. jane@x.invalid \
	jane@x.test jane@localhost jane@box.localhost jane@box.localdomain 'jane@box.(none)'; do
	expect_err "a reserved domain: $a" "sender 'Jane Doe <${a//[()]/.}>'.* is a reserved domain" \
		env SEND_AS="Jane Doe <$a>" "$S/send.sh"
done
untouched() { [ ! -e "$M" ] && ! git -C "$WORK" rev-parse -q --verify refs/heads/b4/tracefs-series-test >/dev/null; }
check "... refused before anything was changed: no mails, no b4 branch" untouched
expect_err "SEND_TEST_IDENTITY=1 with SEND_AS is refused" "choose one" \
	env SEND_TEST_IDENTITY=1 SEND_AS="$JANE" "$S/send.sh"
expect_err "SEND_TEST_IDENTITY other than 1 is refused" "must be 1 or unset" env SEND_TEST_IDENTITY=yes "$S/send.sh"

# A real-looking sender: SEND_AS comes before the placeholder of GIT_AUTHOR_*.
expect_ok "send.sh writes and checks the mails, from SEND_AS" env SEND_AS="$JANE" "$S/send.sh"
export SEND_AS=$JANE
# trailers N: the trailer lines of the commit message of mail N.
trailers() { git mailinfo "$T/msg" /dev/null <"$(echo "$M"/000"$1"-*.eml)" >/dev/null && grep -E '^[A-Za-z-]+: ' "$T/msg"; }
# author N: "Name <email>" of the author of mail N (an in-body From: if any).
author() { git mailinfo /dev/null /dev/null <"$(echo "$M"/000"$1"-*.eml)" | { read -r _ n; read -r _ e; echo "$n <$e>"; }; }
check_eq "patch 1: the author is the sender" "$JANE" "$(author 1)"
check_eq "patch 2: the author is the sender" "$JANE" "$(author 2)"
check "every mail is From: the sender" [ "$(grep -l "^From: $JANE\$" "$M"/*.eml | wc -l)" = 3 ]
no() { ! "$@"; }
check "no in-body From: (the author is the sender)" no grep -q '^From: Tester' "$M"/000[12]-*.eml
check "the placeholder is named in no mail" no grep -qi 'tester@example.org' "$M"/*.eml
check_eq "patch 1: the sender's Signed-off-by in the placeholder's place, the other trailers kept" \
	"$(printf '%s\n' "Suggested-by: Sug Gester <sug@kernel.org>" "Co-developed-by: Co Dev <codev@kernel.org>" \
		"Signed-off-by: Co Dev <codev@kernel.org>" "Signed-off-by: $JANE" "Reviewed-by: Rev Iewer <rev@kernel.org>")" \
	"$(trailers 1)"
check_eq "patch 2: the sender's Signed-off-by once, last, after the others'" \
	"$(printf '%s\n' "Signed-off-by: Other Dev <other@kernel.org>" "Acked-by: Ack Er <ack@kernel.org>" "Signed-off-by: $JANE")" \
	"$(trailers 2)"
check_eq "branch tracefs-series-test is not changed" "$series0" "$(git -C "$WORK" rev-parse tracefs-series-test)"
base_tree=$(git -C "$WORK" rev-parse "$BASE_REF^{tree}")
check_eq "the copy for b4 has the trees of the series, commit by commit (b4's cover commit aside)" \
	"$(git -C "$WORK" log --format=%T "$BASE_REF..tracefs-series-test")" \
	"$(git -C "$WORK" log --format=%T "$BASE_REF..b4/tracefs-series-test" | grep -vx "$base_tree")"
check "the cover letter has base-commit: <the base>" \
	grep -qx "base-commit: $(git -C "$WORK" rev-parse "$BASE_REF")" "$M"/0000-*.eml
check "3 mails: the cover letter and 2 patches" [ "$(find "$M" -name '*.eml' | wc -l)" = 3 ]
check "the cover letter is [PATCH 0/2] with the subject of its cover letter" \
	grep -q "^Subject: \[PATCH 0/2\] tracefs: the test series" "$M"/0000-*.eml
check "patch 2 is [PATCH 2/2]" grep -q '^Subject: \[PATCH 2/2\] eventfs: change ev 20' "$M"/0002-*.eml
check "To: the maintainer from get_maintainer.pl" grep -q '^To: Steven Rostedt <rostedt@goodmis.org>' "$M"/0001-*.eml
check "Cc: the list" grep -q 'linux-trace-kernel@vger.kernel.org' "$M"/0001-*.eml
check "the cover letter says it is the first version" grep -q 'this is the first version' "$M"/0000-*.eml
check "the work tree is back on its branch, clean" \
	[ "$(git -C "$WORK" status --porcelain)|$(git -C "$WORK" symbolic-ref --short HEAD)" = "|tracefs-series" ]
check "no git config was changed but b4's for its branch" \
	[ "$(git -C "$WORK" config --list --show-origin | grep -v '^command line' | grep -v 'branch\.b4/tracefs-series-test\.' | md5sum)" = "$cfg0" ]

# A second version: revision and changes from the changelog; the sender
# from GIT_AUTHOR_*.
printf 'v2\n- Renamed ev 20.\n\nv1\n- First version.\n' >"$T/changelog"
expect_ok "v2 from the changelog, the sender from GIT_AUTHOR_*" env -u SEND_AS CHANGELOG="$T/changelog" \
	GIT_AUTHOR_NAME="Jim Roe" GIT_AUTHOR_EMAIL=jim@kernel.org "$S/send.sh"
check "... [PATCH v2 1/2]" grep -q '^Subject: \[PATCH v2 1/2\]' "$M"/0001-*.eml
check "... the cover letter lists the changes in v2" grep -q -- '- Renamed ev 20.' "$M"/0000-*.eml
check_eq "... patch 2 is by Jim Roe" "Jim Roe <jim@kernel.org>" "$(author 2)"
check_eq "... and signed off by him last; Jane Doe's is kept" \
	"$(printf '%s\n' "Signed-off-by: Jane Doe <jane@kernel.org>" "Signed-off-by: Other Dev <other@kernel.org>" \
		"Acked-by: Ack Er <ack@kernel.org>" "Signed-off-by: Jim Roe <jim@kernel.org>")" "$(trailers 2)"
expect_ok "the sender from git config" env -u SEND_AS -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
	-u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name \
	GIT_CONFIG_VALUE_0="Jim Roe" GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=jim@kernel.org "$S/send.sh"
check "... every mail is From: Jim Roe" [ "$(grep -l '^From: Jim Roe <jim@kernel.org>$' "$M"/*.eml | wc -l)" = 3 ]

# The pinned Debian base (no KERNEL): a clone of the fake work tree as
# $CACHE/linux, its base as tag tracefs-base.  The cover letter names the
# package; the test identity of make test marks the mails.
git clone -q -b tracefs-series "$WORK" "$CACHE/linux"
git -C "$CACHE/linux" branch -q tracefs-series-test origin/tracefs-series-test
git -C "$CACHE/linux" tag tracefs-base "$(git -C "$WORK" rev-parse "$BASE_REF")"
sed 's/^# base-package: .*/# base-package: linux-source-7.3=7.3.4-1~bpo13+1/' "$SERIES" >"$T/series.debian"
expect_ok "the test identity, on the pinned Debian base" \
	env -u SEND_AS -u KERNEL SERIES="$T/series.debian" SEND_TEST_IDENTITY=1 "$S/send.sh"
check "... the cover letter names the Debian package and its upstream version" \
	grep -qF "Based on Debian's linux-source-7.3 7.3.4-1~bpo13+1 (upstream 7.3.4)" "$M"/0000-*.eml
check "... the cover letter has base-commit: <tag tracefs-base>" \
	grep -qx "base-commit: $(git -C "$CACHE/linux" rev-parse tracefs-base)" "$M"/0000-*.eml
check "... every subject says NOT-FOR-SENDING" [ "$(grep -l '^Subject: \[PATCH NOT-FOR-SENDING ' "$M"/*.eml | wc -l)" = 3 ]
check "... the cover letter's text starts with NOT FOR SENDING: test identity" \
	grep -q '^NOT FOR SENDING: test identity' "$M"/0000-*.eml
check_eq "... the author is the test identity" "Tracefs Series Test <test@tracefs-series.invalid>" "$(author 1)"
check "... its b4 branch is deleted, the tree is back on tracefs-series" \
	[ "$(git -C "$CACHE/linux" for-each-ref refs/heads/b4)|$(git -C "$CACHE/linux" symbolic-ref --short HEAD)" = "|tracefs-series" ]

# Two series: a set of mails each, in mails/NAME/, for each its own recipients.
mkdir -p "$PATCHES/second"
git -C "$WORK" checkout -q -B scratch "$BASE_REF"
printf 'int v;\n' >"$WORK/fs/second.c"
git -C "$WORK" add fs/second.c
git -C "$WORK" commit -q -m "fs: add second.c" -m "A file of the VFS." -m "Signed-off-by: $JANE"
printf 'int w;\n' >>"$WORK/fs/second.c"
git -C "$WORK" commit -q -a -m "fs: add w to second.c" -m "Another." -m "Signed-off-by: $JANE"
git -C "$WORK" format-patch -q --zero-commit --no-signature -N -o "$PATCHES/second" -2 HEAD
git -C "$WORK" checkout -q tracefs-series && git -C "$WORK" branch -q -D scratch
cp "$SERIES" "$T/series.one"
{ echo; find "$PATCHES/second" -name '*.patch' -printf 'second/%f\n' | sort; } >>"$SERIES"
"$S/apply.sh" >/dev/null 2>&1 || fail "apply of two series"
rm -rf "$OUT/mails"
expect_ok "two series: send.sh writes both" "$S/send.sh"
check "... 3 mails for series test, 3 for series second" \
	[ "$(find "$OUT/mails/test" -name '*.eml' | wc -l)/$(find "$OUT/mails/second" -name '*.eml' | wc -l)" = 3/3 ]
check "... each with its own recipients: second is for THE REST, not TRACING" \
	bash -c "grep -q 'linux-kernel@vger.kernel.org' '$OUT/mails/second'/0001-*.eml && ! grep -q 'linux-trace-kernel' '$OUT/mails/second'/0001-*.eml"
check "... and [PATCH 1/2] is the second series' first patch" grep -q '^Subject: \[PATCH 1/2\] fs: add second.c' "$OUT/mails/second"/0001-*.eml
expect_ok "--series second writes that one only" "$S/send.sh" --series second
expect_err "--series of no series is named" "no series 'nope'.*series: test second" "$S/send.sh" --series nope
cp "$T/series.one" "$SERIES"
rm -rf "$PATCHES/second"
FORCE=1 "$S/apply.sh" >/dev/null 2>&1 || fail "apply of the one series again"

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
for v in 7.3.4-1~bpo13+1:7.3.4 6.12.117-1~deb12u1:6.12.117 1:7.4~rc2-1~exp1:7.4-rc2 7.3.4:7.3.4; do
	check_eq "debian_upstream_version ${v%:*}" "${v##*:}" "$(source "$S/lib.sh" && debian_upstream_version "${v%:*}")"
done
t_done
