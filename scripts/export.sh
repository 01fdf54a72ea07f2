#!/usr/bin/env bash
# export.sh - write the series' branches of the work tree back to patches/.
#
# Usage: scripts/export.sh [--help]
#
# For each series NAME of series.conf, runs 'git format-patch' over
# base..tracefs-series-NAME with options that give stable output (no
# commit ids, no signature, no numbering: b4 numbers the mails), replaces
# patches/NAME/ and rewrites the NAME/ lines of series.conf, keeping its
# header.  Exporting unchanged branches changes no file.
# Commits made on tracefs-series (all the series together, made by 'make
# apply') belong to no series: export refuses and names them.  Run 'make
# apply' after an export to bring tracefs-series up to date.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

need_cmd git
series_check
require_work
mapfile -t names < <(series_names)
for name in "${names[@]}"; do
	git -C "$WORK" rev-parse -q --verify "refs/heads/$(series_branch "$name")" >/dev/null ||
		die "$WORK has no branch $(series_branch "$name"); run 'make apply' first"
done
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	warn "$WORK has uncommitted changes; they are not exported"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Commits made on the combined branch belong to no series.
stray=$(combined_stray "")
[ -z "$stray" ] ||
	die "$BRANCH has commits that are in no series' branch: $(paste -sd, <<<"$stray"); cherry-pick them onto $(series_branch "${names[0]}") (or another series' branch), then export"

changed=0 total=0
for name in "${names[@]}"; do
	mkdir -p "$tmp/$name" "$PATCHES/$name"
	git -C "$WORK" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c diff.renames=true -c diff.algorithm=myers -c format.thread=false \
		format-patch -q --zero-commit --no-signature -N -o "$tmp/$name" "$BASE_REF..$(series_branch "$name")"
	for f in "$tmp/$name"/*.patch; do
		[ -e "$f" ] || continue
		total=$((total + 1))
		cmp -s "$f" "$PATCHES/$name/$(basename "$f")" || { cp "$f" "$PATCHES/$name/"; changed=$((changed + 1)); }
	done
	for f in "$PATCHES/$name"/*.patch; do
		[ -e "$f" ] || continue
		[ -e "$tmp/$name/$(basename "$f")" ] || { rm "$f"; changed=$((changed + 1)); }
	done
done
{
	sed '/^[[:space:]]*[^#[:space:]]/,$d' "$SERIES"
	for name in "${names[@]}"; do
		[ "$name" = "${names[0]}" ] || echo
		find "$tmp/$name" -maxdepth 1 -name '*.patch' -printf "$name/%f\n" | sort
	done
} >"$tmp/series.conf"
cmp -s "$tmp/series.conf" "$SERIES" || cp "$tmp/series.conf" "$SERIES"
info "exported $total patch(es) of ${#names[@]} series to $PATCHES ($changed file(s) changed)"
