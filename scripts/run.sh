#!/usr/bin/env bash
# run.sh - the main job: deps, base, apply, check each patch, build, boot
# the VM, run a test plan, write a report.
#
# Usage: scripts/run.sh [--help] [--plan NAME]
#
# Each step is timed; the report is $OUT/report.md and $OUT/report.html
# (with $OUT/report.json for other tools).  Stops at the first failing step
# and still writes the report.  Exit status: 0 when every step passed.
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
mkdir -p "$OUT"
steps=$OUT/steps.tsv
: >"$steps"
rm -f "$OUT/vm-$plan/results.json" "$OUT/patchcheck.json"

step() { # NAME CMD...: run one step, record its status and time
	local name=$1 start=$SECONDS rc=0
	shift
	info "== $name"
	"$@" || rc=$?
	printf '%s\t%s\t%s\n' "$name" "$rc" "$((SECONDS - start))" >>"$steps"
	[ "$rc" = 0 ] || warn "step '$name' failed (exit $rc)"
	return "$rc"
}

rc=0
for s in deps base apply patchcheck build; do
	step "$s" "$TOP/scripts/$s.sh" || { rc=1; break; }
done
[ "$rc" = 0 ] && { step "vm ($plan)" "$TOP/scripts/vm.sh" --plan "$plan" || rc=1; }
python3 "$TOP/scripts/report.py" --steps "$steps" --vm "$OUT/vm-$plan/results.json" \
	--patchcheck "$OUT/patchcheck.json" --series "$SERIES" --out "$OUT/report" || rc=1
info "report: $OUT/report.md, $OUT/report.html"
if [ "$rc" = 0 ]; then info "run passed"; else warn "run FAILED"; fi
exit "$rc"
