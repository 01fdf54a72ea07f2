#!/usr/bin/env bash
# send.sh - write the series as mails with b4, ready to send; never sends.
#
# Usage: scripts/send.sh [--help] [--series NAME]
#
# One set of mails per series of series.conf (--series: that one only),
# each for its own maintainers: copies branch tracefs-series-NAME of the
# work tree to b4/tracefs-series-NAME, enrolls it with 'b4 prep -e <base>'
# (b4 0.12), sets the revision and the cover letter from
# cover-letters/NAME.txt (subject line, summary), the base and the newest
# block of changelogs/NAME.txt, fills To/Cc with 'b4 prep --auto-to-cc'
# through scripts/get_maintainer.pl (MAINTAINERS + MAINTAINERS.fragment),
# and runs 'b4 send --no-sign -o $OUT/mails/NAME'.  Then it checks the mails:
# one cover letter [PATCH 0/N] and one mail per patch [PATCH n/N] (n padded
# to the width of N, as b4 does: [PATCH 01/13]), each
# with To: and Cc:, and 'git am' of the patch mails onto the base (in a
# sparse worktree) gives exactly the tree of tracefs-series-NAME.
# The sender signs the series off (DCO), so it must be a real identity:
# SEND_AS="Name <email>" if set, else GIT_AUTHOR_NAME/EMAIL, else
# GIT_COMMITTER_NAME/EMAIL, else git's user.name/user.email of the work
# tree (field by field).  A placeholder is refused, named, before anything
# is changed: an empty name or email, an email without '@', a no-reply
# address, a reserved domain (RFC 2606/6761: .example, example.com/net/org,
# .invalid, .test, .localhost, localhost, .localdomain) or the seed's
# "Seed ... maintainers".  Set a real one with
#   git config user.name "Your Name"; git config user.email you@your.domain
# On the copy only (the series' branch is not touched, the trees are kept), a
# placeholder author becomes the sender, a placeholder Signed-off-by the
# sender's, and the sender's Signed-off-by is there once, as the last one;
# the other trailers are kept.  The mails are checked for it: From: and
# the last Signed-off-by of each patch are the sender, the cover letter
# has base-commit: <the base> and, on the pinned Debian base, which
# package and version it is.
# SEND_TEST_IDENTITY=1 is for make test only: the sender is then
# "Tracefs Series Test <test@tracefs-series.invalid>" (an address that
# cannot exist), every subject has the prefix NOT-FOR-SENDING, the cover
# letter starts with "NOT FOR SENDING: test identity", and the b4 branch
# is deleted at the end.
# b4's settings are passed in the environment: the only config written is
# b4's own for the branch (branch.b4/tracefs-series-NAME.*), kept with the
# branch for the real send.  The work tree's HEAD is restored.  Sending
# for real is a manual step: Documentation/patchcheck.rst.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
series=
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--series) [ $# -ge 2 ] || die "--series needs a name"; series=$2; shift ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
series_check
if [ -z "$series" ]; then
	while read -r s; do
		[ -n "$(series_patches "$s")" ] || { warn "series $s has no patch: no mails"; continue; }
		info "== series $s"
		"$0" --series "$s" || die "the mails of series $s were not written (above)"
	done < <(series_names)
	exit 0
fi
series_names | grep -qxF -- "$series" || die "no series '$series' in $SERIES (series: $(series_names | tr '\n' ' '))"
BRANCH=$(series_branch "$series")
need_cmd git
need_cmd perl
need_cmd b4
need_cmd git-filter-repo git-filter-repo
v=$(b4 --version 2>/dev/null || true)
case "$v" in 0.12.*) ;; *) warn "b4 $v: written for Debian's b4 0.12; other versions may differ" ;; esac
require_work

# placeholder_ident NAME EMAIL: if NAME <EMAIL> is a placeholder that no one
# can sign off with, say why and succeed; fail for a real-looking identity.
placeholder_ident() {
	local name=$1 email=${2,,} domain
	domain=${email##*@}
	domain=${domain%.}
	if [ -z "$name" ]; then echo "the name is empty"
	elif [ -z "$email" ]; then echo "the email is empty"
	elif [[ $email != ?*@?* ]]; then echo "'$2' is not an email address"
	elif [[ $name =~ ^Seed\ .*\ maintainers$ ]]; then echo "'$name' is the seed's placeholder name"
	elif [[ $email == *noreply* || $email == *no-reply* ]]; then echo "'$2' is a no-reply address"
	elif [[ .$domain =~ \.(example|invalid|test|localhost|localdomain|\(none\))$|\.example\.(com|net|org)$ ]]; then
		echo "'$domain' is a reserved domain (RFC 2606, RFC 6761): no one has mail there"
	else return 1
	fi
}
# ident_name, ident_email "Name <email>": the parts of an identity
# ("Name" alone: no email).
ident_name() { local n=${1%%<*}; echo "${n% }"; }
ident_email() {
	local e=${1##*<}
	if [[ $1 == *'<'*'>' ]]; then echo "${e%>}"; fi
}

# The sender: SEND_AS, else git's author identity, field by field.
test_ident="Tracefs Series Test <test@tracefs-series.invalid>"
if [ "${SEND_TEST_IDENTITY:-}" = 1 ]; then
	[ -z "${SEND_AS:-}" ] || die "SEND_TEST_IDENTITY=1 and SEND_AS: choose one (the test identity is fixed)"
	name=$(ident_name "$test_ident") email=$(ident_email "$test_ident") from="SEND_TEST_IDENTITY=1"
	warn "test identity $test_ident: the mails are marked NOT FOR SENDING"
elif [ -n "${SEND_TEST_IDENTITY:-}" ]; then
	die "SEND_TEST_IDENTITY must be 1 or unset, not '$SEND_TEST_IDENTITY'"
else
	if [ -n "${SEND_AS:-}" ]; then
		name=$(ident_name "$SEND_AS") email=$(ident_email "$SEND_AS") from="SEND_AS"
	else
		name=${GIT_AUTHOR_NAME:-${GIT_COMMITTER_NAME:-$(git -C "$WORK" config user.name || true)}}
		email=${GIT_AUTHOR_EMAIL:-${GIT_COMMITTER_EMAIL:-$(git -C "$WORK" config user.email || true)}}
		from=$(env | sed -n 's/^\(GIT_\(AUTHOR\|COMMITTER\)_\(NAME\|EMAIL\)\)=.*/\1/p' | sort | paste -sd ' ')
		from=${from:-git config user.name/user.email}
	fi
	if why=$(placeholder_ident "$name" "$email"); then
		die "the sender '$name <$email>' (from $from) is a placeholder: $why." \
			"The mails are signed off by the sender (DCO): it must be you.  Set your" \
			"identity with: git config --global user.name 'Your Name';" \
			"git config --global user.email 'you@your.domain' (or SEND_AS='Your Name <you@your.domain>')"
	fi
fi
sender="$name <$email>"

git -C "$WORK" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null ||
	die "$WORK has no branch $BRANCH; run 'make apply' first"
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	die "$WORK has uncommitted changes; commit or stash them first"
COVER=${COVER:-$TOP/cover-letters/$series.txt}
CHANGELOG=${CHANGELOG:-$TOP/changelogs/$series.txt}
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
test_mode=${SEND_TEST_IDENTITY:-}
# (A test run deletes its b4 branch: it must not be the one to go back to.)
[ -z "$test_mode" ] || [ "$back" != "$b4branch" ] || back=$BRANCH
cleanup() {
	git -C "$WORK" checkout -q -f "$back" 2>/dev/null
	[ -z "$test_mode" ] || git -C "$WORK" branch -q -D "$b4branch" 2>/dev/null
	git -C "$WORK" worktree remove --force "$tmp/am" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# signoff SENDER: the commit message on stdin, on stdout with the sender's
# Signed-off-by once, as the last one: in the place of the last placeholder
# (or the sender's own) Signed-off-by if no one else's follows it, else
# added at the end.  The other placeholder ones go; other lines are kept.
signoff() {
	local me=$1 mine i n start=0 at=-1 id e lines drop=()
	mine=$(ident_email "$me")
	mapfile -t lines
	n=${#lines[@]}
	while [ "$n" -gt 0 ] && [ -z "${lines[n - 1]}" ]; do n=$((n - 1)); done
	for ((i = 0; i < n; i++)); do [ -n "${lines[i]}" ] || start=$((i + 1)); done
	for ((i = start; i < n; i++)); do
		[[ ${lines[i]} == Signed-off-by:* ]] || continue
		id=${lines[i]#Signed-off-by:}
		id=${id#"${id%%[! ]*}"}
		e=$(ident_email "$id")
		if [ "${e,,}" = "${mine,,}" ] || placeholder_ident "$(ident_name "$id")" "$e" >/dev/null; then
			drop[i]=1 at=$i
		else
			at=-1
		fi
	done
	for ((i = 0; i < n; i++)); do
		if [ "$i" = "$at" ]; then
			printf 'Signed-off-by: %s\n' "$me"
		elif [ -z "${drop[i]:-}" ]; then
			printf '%s\n' "${lines[i]}"
		fi
	done
	if [ "$at" = -1 ]; then
		# A new paragraph unless the last one is git's idea of trailers.
		{ [ "$start" -gt 0 ] && [ -n "$(printf '%s\n' "${lines[@]:start:n-start}" | git interpret-trailers --parse)" ]; } || echo
		printf 'Signed-off-by: %s\n' "$me"
	fi
}

# The copy for b4: each commit of the series again, on the same tree, with
# a placeholder author replaced by the sender (a real other author is
# kept), committed by the sender, signed off by the sender (signoff).
# The dates are kept.  The placeholders replaced are remembered, to check
# that no mail names them.
[ "$(git -C "$WORK" rev-list --count --merges "$BASE_REF..refs/heads/$BRANCH")" = 0 ] ||
	die "branch $BRANCH has merges; the series must be a line of patches"
replaced=()
tip=$(git -C "$WORK" rev-parse "$BASE_REF^{commit}")
while read -r c; do
	mapfile -t a < <(git -C "$WORK" log -1 --date=raw --format='%an%n%ae%n%ad%n%cd' "$c")
	mapfile -t sobs < <(git -C "$WORK" log -1 --format='%(trailers:key=Signed-off-by,valueonly,unfold)' "$c" | sed '/^$/d')
	for id in "${a[0]} <${a[1]}>" "${sobs[@]}"; do
		e=$(ident_email "$id")
		if [ "${e,,}" != "${email,,}" ] && placeholder_ident "$(ident_name "$id")" "$e" >/dev/null &&
			! printf '%s\n' "${replaced[@]}" | grep -qxF -- "$id"; then
			replaced+=("$id")
		fi
	done
	if placeholder_ident "${a[0]}" "${a[1]}" >/dev/null; then a[0]=$name a[1]=$email; fi
	git -C "$WORK" cat-file commit "$c" | sed '1,/^$/d' | signoff "$sender" >"$tmp/msg"
	tip=$(GIT_AUTHOR_NAME=${a[0]} GIT_AUTHOR_EMAIL=${a[1]} GIT_AUTHOR_DATE=${a[2]} \
		GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_DATE=${a[3]} \
		git -C "$WORK" commit-tree "$c^{tree}" -p "$tip" <"$tmp/msg")
done < <(git -C "$WORK" rev-list --reverse "$BASE_REF..refs/heads/$BRANCH")
[ "$(git -C "$WORK" rev-parse "$tip^{tree}")" = "$(git -C "$WORK" rev-parse "refs/heads/$BRANCH^{tree}")" ] ||
	die "the copy of $BRANCH for b4 does not have the branch's tree"
for id in "${replaced[@]}"; do info "placeholder $id: replaced by the sender in the copy for b4"; done

# b4's settings, for this process only: the sender is b4's user.name/email
# and sendemail.from, and the author and committer of b4's own commits.
maintainers_with_fragment "$tmp/MAINTAINERS"
gm="perl scripts/get_maintainer.pl --mpath $tmp/MAINTAINERS --no-tree --nogit --nogit-fallback --nogit-chief-penguins --norolestats"
printf '#!/bin/sh\nexec %s --nol\n' "$gm" >"$tmp/to-cmd"
printf '#!/bin/sh\nexec %s --nom\n' "$gm" >"$tmp/cc-cmd"
chmod +x "$tmp/to-cmd" "$tmp/cc-cmd"
# In a kernel tree (one with a Kconfig) b4 0.12 sends through the kernel.org
# web endpoint unless sendemail.smtpserver is set, and refuses to write
# unsigned mails for it even with -o: an SMTP "server" that is /bin/false
# keeps it on the SMTP path, and would send nothing if it were ever used.
# (An empty b4.sendemail-identity keeps b4 on sendemail.from.)
export GIT_CONFIG_COUNT=7 \
	GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="$name" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$email" \
	GIT_CONFIG_KEY_2=b4.send-auto-to-cmd GIT_CONFIG_VALUE_2="$tmp/to-cmd" \
	GIT_CONFIG_KEY_3=b4.send-auto-cc-cmd GIT_CONFIG_VALUE_3="$tmp/cc-cmd" \
	GIT_CONFIG_KEY_4=sendemail.smtpserver GIT_CONFIG_VALUE_4=/bin/false \
	GIT_CONFIG_KEY_5=sendemail.from GIT_CONFIG_VALUE_5="$sender" \
	GIT_CONFIG_KEY_6=b4.sendemail-identity GIT_CONFIG_VALUE_6='' \
	GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email" \
	GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email"

# The cover letter: subject, summary, base, changes since the previous version.
base=$(git -C "$WORK" rev-parse "$BASE_REF^{commit}")
package=$(series_get base-package)
based=
if [[ $package == ?*=?* ]] && [ -z "${KERNEL:-}" ]; then
	based="Based on Debian's ${package%%=*} ${package#*=} (upstream $(debian_upstream_version "${package#*=}"))"
fi
{
	head -n 2 "$COVER"
	if [ -n "$test_mode" ]; then
		echo "NOT FOR SENDING: test identity.  make test wrote these mails as"
		echo "$test_ident, which is no one:"
		echo "no one has signed these patches off."
		echo
	fi
	tail -n +3 "$COVER"
	echo
	if [ -n "$based" ]; then
		echo "$based."
		echo "The base-commit below is the tooling's reproducible commit of that"
		echo "unpacked source package, not an upstream commit."
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
info "enrolling $BRANCH ($count patches) as $b4branch, v$version, sender $sender"
git -C "$WORK" checkout -q --detach "refs/heads/$BRANCH"
git -C "$WORK" branch -q -D "$b4branch" 2>/dev/null || true
git -C "$WORK" checkout -q -b "$b4branch" "$tip"
b4run prep -e "$base"
b4run prep --force-revision "$version"
prefix=
if [ -n "$test_mode" ]; then
	prefix="NOT-FOR-SENDING "
	b4run prep --set-prefixes NOT-FOR-SENDING
fi
EDITOR_CMD="cp $tmp/cover" b4run prep --edit-cover
info "To/Cc from get_maintainer.pl"
b4run prep --auto-to-cc
mails=$OUT/mails/$series
rm -rf "$mails"
mkdir -p "$OUT"
info "b4 send -o $mails (nothing is sent)"
b4run send --no-sign -o "$mails"

# Check the mails.
mapfile -t all < <(find "$mails" -name '*.eml' | sort)
bad=0
check() { echo "$1" >&2; bad=1; }
[ "${#all[@]}" = $((count + 1)) ] || check "expected $((count + 1)) mails (cover + $count patches), got ${#all[@]}"
mapfile -t copy < <(git -C "$WORK" rev-list --reverse "$base..$tip")
# ident_of: "Name <email>" of git mailinfo's Author: and Email: on stdin.
ident_of() { sed -n 's/^Author: //p; s/^Email: //p' | { read -r n; read -r e; echo "$n <$e>"; }; }
k=0
for m in "${all[@]}"; do
	f=$(basename "$m")
	s=$(git mailinfo -k /dev/null /dev/null <"$m" | sed -n 's/^Subject: //p')
	# b4, like git format-patch, pads n to the width of N: [PATCH 01/13]
	want="[PATCH $prefix$( [ "$version" = 1 ] || echo "v$version " )$(printf "%0${#count}d" "$k")/$count]"
	case "$s" in "$want "*) ;; *) check "$f: subject '$s' does not start with '$want'" ;; esac
	grep -q '^To: .*@' "$m" || check "$f: no To: recipient"
	grep -qE '^Cc: .*@' "$m" || check "$f: no Cc: recipient"
	# (The headers alone: git mailinfo takes an in-body From: as the author.)
	got=$(sed '/^$/q' "$m" | git mailinfo /dev/null /dev/null | ident_of)
	[ "$got" = "$sender" ] || check "$f: From: is '$got', not the sender '$sender'"
	for id in "${replaced[@]}"; do
		! sed '/^---$/q' "$m" | grep -qiF -- "$(ident_email "$id")" ||
			check "$f: still names the placeholder $id"
	done
	if [ "$k" -gt 0 ] && [ "$k" -le "${#copy[@]}" ]; then
		got=$(git mailinfo "$tmp/msg" /dev/null <"$m" | ident_of)
		want=$(git -C "$WORK" log -1 --format='%an <%ae>' "${copy[k - 1]}")
		[ "$got" = "$want" ] || check "$f: the author is '$got', not '$want'"
		got=$(sed -n 's/^Signed-off-by: *//p' "$tmp/msg" | tail -n 1)
		[ "$got" = "$sender" ] || check "$f: the last Signed-off-by is '$got', not the sender '$sender'"
		[ -z "$(grep '^Signed-off-by:' "$tmp/msg" | sort | uniq -d)" ] || check "$f: a Signed-off-by is there twice"
	fi
	k=$((k + 1))
done
[ "$(git mailinfo -k /dev/null /dev/null <"${all[0]}" | sed -n 's/^Subject: \[[^]]*\] //p')" = "$subject" ] ||
	check "the cover letter's subject is not '$subject'"
grep -qxF "base-commit: $base" "${all[0]}" || check "the cover letter has no 'base-commit: $base'"
[ -z "$based" ] || grep -qF "$based" "${all[0]}" || check "the cover letter does not say '$based'"
[ -z "$test_mode" ] || grep -q '^NOT FOR SENDING: test identity' "${all[0]}" ||
	check "the cover letter of a test run does not say 'NOT FOR SENDING: test identity'"
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
info "wrote $((count + 1)) mails to $mails: cover + $count patches, recipients set, from and signed off by $sender, base-commit ${base:0:12}, git am gives the series' tree"
info "to send them for real: see 'Sending' in Documentation/patchcheck.rst"
