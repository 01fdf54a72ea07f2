#!/usr/bin/env bash
# export.sh - write branch 'tracefs-series' of the work tree back to patches/.
#
# Usage: scripts/export.sh [--help]
#
# Runs 'git format-patch' over base..tracefs-series with options that give
# stable output (no commit ids, no signature, no numbering: b4 numbers the
# mails), replaces patches/ and rewrites the patch list of series.conf,
# keeping its header.  Exporting an unchanged branch changes no file.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

need_cmd git
require_work
git -C "$WORK" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null ||
	die "$WORK has no branch $BRANCH; run 'make apply' first"
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	warn "$WORK has uncommitted changes; they are not exported"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$WORK" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
	-c diff.renames=true -c diff.algorithm=myers -c format.thread=false \
	format-patch -q --zero-commit --no-signature -N -o "$tmp" "$BASE_REF..$BRANCH"

mkdir -p "$PATCHES"
changed=0
for f in "$tmp"/*.patch; do
	[ -e "$f" ] || continue
	cmp -s "$f" "$PATCHES/$(basename "$f")" || { cp "$f" "$PATCHES/"; changed=$((changed + 1)); }
done
for f in "$PATCHES"/*.patch; do
	[ -e "$f" ] || continue
	[ -e "$tmp/$(basename "$f")" ] || { rm "$f"; changed=$((changed + 1)); }
done
{
	sed '/^[[:space:]]*[^#[:space:]]/,$d' "$SERIES"
	find "$tmp" -maxdepth 1 -name '*.patch' -printf '%f\n' | sort
} >"$tmp/series.conf"
cmp -s "$tmp/series.conf" "$SERIES" || cp "$tmp/series.conf" "$SERIES"
total=$(find "$tmp" -name '*.patch' | wc -l)
info "exported $total patch(es) to $PATCHES ($changed file(s) changed)"
