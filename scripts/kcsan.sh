#!/usr/bin/env bash
# kcsan.sh - build the work tree with KCSAN and boot it with the data-race plan.
#
# Usage: scripts/kcsan.sh [--help] [--plan NAME]
#
# KCSAN and KASAN do not go together, so the data-race kernel is a second
# build of the same tree: scripts/kernel.config with scripts/kcsan.config
# over it, in $BUILD-kcsan (its own directory: the KASAN build stays), log
# in $OUT/kcsan/build.log.  It boots with the plan 'kcsan' (default), whose
# results go to $OUT/vm-<plan>.  A KCSAN report of a race in a function of
# fs/tracefs fails the run like any splat; reports elsewhere in the kernel
# are listed by the verdict and in its results.json ("kcsan_elsewhere").
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
plan=kcsan
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--plan) [ $# -ge 2 ] || die "--plan needs a name"; plan=$2; shift ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
need_cmd nm
require_work
export BUILD=$BUILD-kcsan
kout=$OUT/kcsan
mkdir -p "$kout" "$BUILD"
overlay_fragment "$TOP/scripts/kernel.config" "$TOP/scripts/kcsan.config" "$kout/kcsan.config"
info "building the KCSAN kernel of $(git -C "$WORK" log -1 --format='%h %s') in $BUILD"
FRAGMENT=$kout/kcsan.config OUT=$kout "$TOP/scripts/build.sh" ||
	die "the KCSAN kernel did not build; see $kout/build.log"
"$TOP/scripts/vm.sh" --plan "$plan"
