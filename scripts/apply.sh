#!/usr/bin/env bash
# apply.sh - apply the series (series.conf, patches/) onto the base.
#
# Usage: scripts/apply.sh [--help]
#
# Each series NAME of series.conf is applied with 'git am' onto a scratch
# branch at the base, alone (its maintainer takes it alone), and all of
# them together, in the order of series.conf.  Only when every one applies
# do the branches of the work tree move: tracefs-series-NAME to each series
# (commit there, then 'make export'), and tracefs-series to all of them
# (what 'make build', 'make vm' and 'make bench' use).  A patch that does
# not apply is named with its series and the files that failed, and the
# work tree is left as it was.  If a series' branch holds commits that are
# not in patches/ (run 'make export' to keep them), or tracefs-series has
# commits made on it since the last apply (they belong on a series'
# branch), apply refuses unless FORCE=1; the old branch is then kept as
# refs/tracefs-series/previous(-NAME).
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
case "$back" in "$scratch"*) back=$BASE_REF ;; esac
mapfile -t names < <(series_names)
drop_scratch() { # [WHERE]: check out WHERE (default: where we were), drop the scratch branches
	local b
	git checkout -q -f "${1:-$back}"
	for b in "$scratch" "${names[@]/#/$scratch-}"; do
		git rev-parse -q --verify "refs/heads/$b" >/dev/null && git branch -q -D "$b"
	done
	return 0
}

# am_series NAME WHAT: git am the patches of series NAME onto HEAD.
am_series() {
	local name=$1 what=$2 p n=0 log files list
	mapfile -t list < <(series_patches "$name")
	for p in "${list[@]}"; do
		n=$((n + 1))
		info "$what: [$name $n/${#list[@]}] $p"
		log=$(git am -q --committer-date-is-author-date "$PATCHES/$name/$p" 2>&1) && continue
		files=$(printf '%s\n' "$log" | sed -n \
			-e 's/^error: patch failed: \(.*\):[0-9]*$/\1/p' \
			-e 's/^error: \(.*\): does not exist in index$/\1/p' \
			-e 's/^error: \(.*\): already exists in index$/\1/p' \
			-e 's/^error: \(.*\): patch does not apply$/\1/p' | sort -u | tr '\n' ' ')
		git am --abort >/dev/null 2>&1 || true
		drop_scratch
		printf '%s\n' "$log" | sed 's/^/  | /' >&2
		if [ -n "$files" ]; then
			die "$what: patch $n/${#list[@]} $name/$p does not apply: failing files: $files(work tree left as it was)"
		fi
		die "$what: patch $n/${#list[@]} $name/$p cannot be applied (not a valid patch?); work tree left as it was"
	done
}

for name in "${names[@]}"; do
	git checkout -q -B "$scratch-$name" "$BASE_REF"
	am_series "$name" "series $name alone"
done
git checkout -q -B "$scratch" "$BASE_REF"
for name in "${names[@]}"; do
	am_series "$name" "all series"
done

# Do not drop commits on a branch that patches/ does not have.
# (A branch at the base, as 'make base' leaves it, has nothing to lose.)
lost() { # BRANCH SCRATCH: BRANCH has commits SCRATCH has not
	git rev-parse -q --verify "refs/heads/$1" >/dev/null &&
		[ -n "$(comm -23 <(commit_ids "$BASE_REF..$1" | sort) <(commit_ids "$BASE_REF..$2" | sort))" ]
}
moves=()
for name in "${names[@]}"; do moves+=("$(series_branch "$name"):$scratch-$name:previous-$name"); done
stray=$(combined_stray "$scratch")
if [ -n "$stray" ]; then
	if [ "${FORCE:-0}" != 1 ]; then
		drop_scratch
		die "branch $BRANCH in $WORK has commits that are in no series: $(paste -sd, <<<"$stray"); commit them on a series' branch ($(series_branch "${names[0]}"), ...) and 'make export', or FORCE=1 to replace them"
	fi
	git update-ref refs/tracefs-series/previous "refs/heads/$BRANCH"
	warn "replacing $BRANCH; the old one is kept as refs/tracefs-series/previous"
fi
for m in "${moves[@]}"; do
	IFS=: read -r b s keep <<<"$m"
	lost "$b" "$s" || continue
	if [ "${FORCE:-0}" != 1 ]; then
		drop_scratch
		die "branch $b in $WORK has commits that differ from patches/; run 'make export' to keep them, or FORCE=1 to replace them"
	fi
	git update-ref "refs/tracefs-series/$keep" "refs/heads/$b"
	warn "replacing $b; the old one is kept as refs/tracefs-series/$keep"
done
for m in "${moves[@]}"; do
	IFS=: read -r b s keep <<<"$m"
	git branch -q -f "$b" "$s"
done
git branch -q -f "$BRANCH" "$scratch"
git update-ref refs/tracefs-series/applied "$scratch"
drop_scratch "$BRANCH"
for name in "${names[@]}"; do
	info "series $name: $(series_branch "$name") has $(git rev-list --count "$BASE_REF..$(series_branch "$name")") patch(es)"
done
info "applied ${#names[@]} series: $BRANCH is at $(git log -1 --format='%h %s')"
