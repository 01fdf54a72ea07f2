#!/usr/bin/env bash
# send.sh - write the series as mails with b4, ready to send; never sends.
#
# Usage: scripts/send.sh [--help]
#
# Copies branch tracefs-series of the work tree to b4/tracefs-series,
# enrolls it with 'b4 prep -e <base>' (b4 0.12), sets the revision and the
# cover letter from cover-letter.txt (subject line, summary), the base and
# the newest block of changelog.txt, fills To/Cc with 'b4 prep --auto-to-cc'
# through scripts/get_maintainer.pl (MAINTAINERS + MAINTAINERS.fragment),
# and runs 'b4 send --no-sign -o $OUT/mails'.  Then it checks the mails:
# one cover letter [PATCH 0/N] and one mail per patch [PATCH n/N] (n padded
# to the width of N, as b4 does: [PATCH 01/13]), each
# with To: and Cc:, and 'git am' of the patch mails onto the base (in a
# sparse worktree) gives exactly the tree of tracefs-series.
# The sender is git's user.name/user.email of the work tree if set, else
# the author of the first patch; b4's settings are passed in the
# environment: the only config written is b4's own for the branch
# (branch.b4/tracefs-series.*), kept with the branch for the real send.
# The work tree's HEAD is restored.  Sending for real is a manual step: Documentation/patchcheck.rst.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac
need_cmd git
need_cmd perl
need_cmd b4
need_cmd git-filter-repo git-filter-repo
v=$(b4 --version 2>/dev/null || true)
case "$v" in 0.12.*) ;; *) warn "b4 $v: written for Debian's b4 0.12; other versions may differ" ;; esac
require_work
git -C "$WORK" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null ||
	die "$WORK has no branch $BRANCH; run 'make apply' first"
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	die "$WORK has uncommitted changes; commit or stash them first"
COVER=${COVER:-$TOP/cover-letter.txt}
CHANGELOG=${CHANGELOG:-$TOP/changelog.txt}
[ -f "$COVER" ] || die "$COVER does not exist (first line: the cover letter's subject, then the summary)"
[ -f "$CHANGELOG" ] || die "$CHANGELOG does not exist (blocks 'vN' + changes, newest first)"
[ -f "$WORK/scripts/get_maintainer.pl" ] || die "$WORK has no scripts/get_maintainer.pl; is it a Linux tree?"
version=$(grep -m 1 -E '^v[0-9]+$' "$CHANGELOG" | tr -d v || true)
[ -n "$version" ] || die "$CHANGELOG has no 'vN' line"
subject=$(head -n 1 "$COVER")
{ [ -n "$subject" ] && [ -z "$(sed -n 2p "$COVER")" ]; } ||
	die "$COVER: the first line must be the subject, followed by an empty line"
count=$(git -C "$WORK" rev-list --count "$BASE_REF..refs/heads/$BRANCH")
[ "$count" -gt 0 ] || die "branch $BRANCH has no commits on the base; run 'make apply' first"

tmp=$(mktemp -d)
back=$(git -C "$WORK" symbolic-ref -q --short HEAD || git -C "$WORK" rev-parse HEAD)
b4branch=b4/$BRANCH
cleanup() {
	git -C "$WORK" checkout -q -f "$back" 2>/dev/null
	git -C "$WORK" worktree remove --force "$tmp/am" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The sender, and b4's settings, for this process only.
name=$(git -C "$WORK" config user.name || git -C "$WORK" log -1 --format=%an "$(git -C "$WORK" rev-list --reverse "$BASE_REF..$BRANCH" | head -n 1)")
email=$(git -C "$WORK" config user.email || git -C "$WORK" log -1 --format=%ae "$(git -C "$WORK" rev-list --reverse "$BASE_REF..$BRANCH" | head -n 1)")
maintainers_with_fragment "$tmp/MAINTAINERS"
gm="perl scripts/get_maintainer.pl --mpath $tmp/MAINTAINERS --no-tree --nogit --nogit-fallback --nogit-chief-penguins --norolestats"
printf '#!/bin/sh\nexec %s --nol\n' "$gm" >"$tmp/to-cmd"
printf '#!/bin/sh\nexec %s --nom\n' "$gm" >"$tmp/cc-cmd"
chmod +x "$tmp/to-cmd" "$tmp/cc-cmd"
# In a kernel tree (one with a Kconfig) b4 0.12 sends through the kernel.org
# web endpoint unless sendemail.smtpserver is set, and refuses to write
# unsigned mails for it even with -o: an SMTP "server" that is /bin/false
# keeps it on the SMTP path, and would send nothing if it were ever used.
export GIT_CONFIG_COUNT=5 \
	GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="$name" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$email" \
	GIT_CONFIG_KEY_2=b4.send-auto-to-cmd GIT_CONFIG_VALUE_2="$tmp/to-cmd" \
	GIT_CONFIG_KEY_3=b4.send-auto-cc-cmd GIT_CONFIG_VALUE_3="$tmp/cc-cmd" \
	GIT_CONFIG_KEY_4=sendemail.smtpserver GIT_CONFIG_VALUE_4=/bin/false

# The cover letter: subject, summary, base, changes since the previous version.
{
	cat "$COVER"
	echo
	if [ -n "$(series_get base-package)" ] && [ -z "${KERNEL:-}" ]; then
		echo "Base: Debian's $(series_get base-package) (unpacked; base-commit below"
		echo "is the tooling's reproducible commit of it, not an upstream commit)."
	else
		echo "Base: $(git -C "$WORK" log -1 --format='%h ("%s")' "$BASE_REF")."
	fi
	echo
	if [ "$version" = 1 ]; then
		echo "Changes: none, this is the first version."
	else
		echo "Changes in v$version:"
		awk '/^v[0-9]+$/ { n++; next } n == 1 && !/^#/' "$CHANGELOG"
	fi
} >"$tmp/cover"

b4run() { # ARGS: b4 in the work tree, output logged, named on failure
	(cd "$WORK" && EDITOR=${EDITOR_CMD:-true} b4 "$@" </dev/null) >>"$tmp/b4.log" 2>&1 ||
		{ tail -n 20 "$tmp/b4.log" >&2; die "'b4 $*' failed (above)"; }
}
info "enrolling $BRANCH ($count patches) as $b4branch, v$version, sender $name <$email>"
git -C "$WORK" checkout -q --detach "refs/heads/$BRANCH"
git -C "$WORK" branch -q -D "$b4branch" 2>/dev/null || true
git -C "$WORK" checkout -q -b "$b4branch"
b4run prep -e "$(git -C "$WORK" rev-parse "$BASE_REF")"
b4run prep --force-revision "$version"
EDITOR_CMD="cp $tmp/cover" b4run prep --edit-cover
info "To/Cc from get_maintainer.pl"
b4run prep --auto-to-cc
mails=$OUT/mails
rm -rf "$mails"
mkdir -p "$OUT"
info "b4 send -o $mails (nothing is sent)"
b4run send --no-sign -o "$mails"

# Check the mails.
mapfile -t all < <(find "$mails" -name '*.eml' | sort)
bad=0
check() { echo "$1" >&2; bad=1; }
[ "${#all[@]}" = $((count + 1)) ] || check "expected $((count + 1)) mails (cover + $count patches), got ${#all[@]}"
k=0
for m in "${all[@]}"; do
	s=$(git mailinfo -k /dev/null /dev/null <"$m" | sed -n 's/^Subject: //p')
	# b4, like git format-patch, pads n to the width of N: [PATCH 01/13]
	want="[PATCH $( [ "$version" = 1 ] || echo "v$version " )$(printf "%0${#count}d" "$k")/$count]"
	case "$s" in "$want "*) ;; *) check "$(basename "$m"): subject '$s' does not start with '$want'" ;; esac
	grep -q '^To: .*@' "$m" || check "$(basename "$m"): no To: recipient"
	grep -qE '^Cc: .*@' "$m" || check "$(basename "$m"): no Cc: recipient"
	k=$((k + 1))
done
[ "$(git mailinfo -k /dev/null /dev/null <"${all[0]}" | sed -n 's/^Subject: \[[^]]*\] //p')" = "$subject" ] ||
	check "the cover letter's subject is not '$subject'"
# Round trip: git am of the patch mails onto the base, in a worktree that
# checks out only the files the series touches.
git -C "$WORK" worktree add -q --no-checkout --detach "$tmp/am" "$BASE_REF"
mapfile -t touched < <(git -C "$WORK" diff --name-only "$BASE_REF" "refs/heads/$BRANCH" | sed 's|^|/|')
# (Sparse through -c and the worktree's info/sparse-checkout: 'git
# sparse-checkout' would write extensions.worktreeConfig into the repository.)
sparse=$(git -C "$tmp/am" rev-parse --path-format=absolute --git-path info/sparse-checkout)
mkdir -p "$(dirname "$sparse")"
printf '%s\n' "${touched[@]}" >"$sparse"
git -C "$tmp/am" -c core.sparseCheckout=true read-tree -mu HEAD
if ! git -C "$tmp/am" -c core.sparseCheckout=true am -q "${all[@]:1}" >"$tmp/am.log" 2>&1; then
	check "git am of the mails onto the base failed: $(head -n 5 "$tmp/am.log")"
elif [ "$(git -C "$tmp/am" rev-parse 'HEAD^{tree}')" != "$(git -C "$WORK" rev-parse "refs/heads/$BRANCH^{tree}")" ]; then
	check "git am of the mails gives tree $(git -C "$tmp/am" rev-parse 'HEAD^{tree}'), the series has $(git -C "$WORK" rev-parse "refs/heads/$BRANCH^{tree}")"
fi
[ "$bad" = 0 ] || die "the mails in $mails are not right (above)"
info "wrote $((count + 1)) mails to $mails: cover + $count patches, recipients set, git am gives the series' tree"
info "to send them for real: see 'Sending' in Documentation/patchcheck.rst"
