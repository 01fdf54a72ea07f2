#!/usr/bin/env bash
# baseline.sh - record the results of a test plan on the unpatched base.
#
# Usage: scripts/baseline.sh [--help] [--plan NAME]
#
# Checks out the base in the work tree (detached), builds it, runs the plan
# and writes selftests/baseline/<plan>.txt, then returns the work tree to
# branch tracefs-series.  Refuses if the run had a splat or did not finish.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
plan=quick
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--plan) [ $# -ge 2 ] || die "--plan needs a name"; plan=$2; shift ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
require_work
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	die "$WORK has uncommitted changes"
back=$(git -C "$WORK" symbolic-ref -q --short HEAD || git -C "$WORK" rev-parse HEAD)
trap 'git -C "$WORK" checkout -q "$back"' EXIT
git -C "$WORK" checkout -q --detach "$BASE_REF"
"$TOP/scripts/build.sh"
# Only what the base has: the series' own tests are not in the baseline, so
# the verdict requires them to pass (a FAIL recorded for a test the base
# lacks would excuse its failure).
"$TOP/scripts/vm.sh" --plan "$plan" --record-baseline --present-only
