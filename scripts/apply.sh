#!/usr/bin/env bash
# apply.sh - apply the series (series.conf, patches/) onto the base.
#
# Usage: scripts/apply.sh [--help]
#
# The patches are applied with 'git am' onto a scratch branch at the base;
# only when all of them apply does branch 'tracefs-series' of the work tree
# move there.  A patch that does not apply is named with the files that
# failed, and the work tree is left as it was.  If 'tracefs-series' holds
# commits that are not in patches/ (run 'make export' to keep them), apply
# refuses unless FORCE=1; the old branch is then kept as
# refs/tracefs-series/previous.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

need_cmd git
series_check
require_work
cd "$WORK" || exit
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "$WORK has uncommitted changes; commit them (and 'make export') or 'git -C $WORK stash' first"
[ ! -d "$(git rev-parse --git-path rebase-apply)" ] ||
	die "$WORK has a 'git am' or rebase in progress; finish or abort it first"

# git am needs a committer; a fresh machine may have no identity configured.
git config user.name >/dev/null || export GIT_COMMITTER_NAME="tracefs-series tooling"
git config user.email >/dev/null || export GIT_COMMITTER_EMAIL="tracefs-series@localhost"

scratch=$BRANCH-apply
back=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
[ "$back" != "$scratch" ] || back=$BASE_REF
git checkout -q -B "$scratch" "$BASE_REF"

mapfile -t list < <(series_patches)
n=0
for p in "${list[@]}"; do
	n=$((n + 1))
	info "[$n/${#list[@]}] $p"
	if ! log=$(git am -q --committer-date-is-author-date "$PATCHES/$p" 2>&1); then
		files=$(printf '%s\n' "$log" | sed -n \
			-e 's/^error: patch failed: \(.*\):[0-9]*$/\1/p' \
			-e 's/^error: \(.*\): does not exist in index$/\1/p' \
			-e 's/^error: \(.*\): already exists in index$/\1/p' \
			-e 's/^error: \(.*\): patch does not apply$/\1/p' | sort -u | tr '\n' ' ')
		git am --abort >/dev/null 2>&1 || true
		git checkout -q -f "$back"
		git branch -q -D "$scratch"
		printf '%s\n' "$log" | sed 's/^/  | /' >&2
		if [ -n "$files" ]; then
			die "patch $n/${#list[@]} $p does not apply: failing files: $files(work tree left as it was)"
		fi
		die "patch $n/${#list[@]} $p cannot be applied (not a valid patch?); work tree left as it was"
	fi
done

# Do not drop commits on the branch that patches/ does not have.
# A commit's identity here: its author, message and diff (not its dates or id).
ids() {
	git log --reverse --format=%H "$BASE_REF..$1" | while read -r c; do
		{ git show -s --format='%an <%ae>%n%B' "$c"; git show --format= "$c" | git patch-id --stable; } |
			md5sum
	done
}
# (A branch at the base, as 'make base' leaves it, has nothing to lose.)
if git rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null &&
	[ -n "$(comm -23 <(ids "$BRANCH" | sort) <(ids "$scratch" | sort))" ]; then
	if [ "${FORCE:-0}" != 1 ]; then
		git checkout -q -f "$back"
		git branch -q -D "$scratch"
		die "branch $BRANCH in $WORK has commits that differ from patches/; run 'make export' to keep them, or FORCE=1 to replace them"
	fi
	git update-ref refs/tracefs-series/previous "refs/heads/$BRANCH"
	warn "replacing $BRANCH; the old one is kept as refs/tracefs-series/previous"
fi
git checkout -q -B "$BRANCH" "$scratch"
git branch -q -D "$scratch"
info "applied ${#list[@]} patch(es): $BRANCH is at $(git log -1 --format='%h %s')"
