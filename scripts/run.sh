#!/usr/bin/env bash
# run.sh - the main job: deps, base, apply, check each patch, build, boot
# the VM, run a test plan, write a report.
#
# Usage: scripts/run.sh [--help] [--plan NAME] [--boot-each] [--no-builds]
#
# --boot-each: patchcheck boots every patch of every series (plan
# patch-NAME), and the run's own boot of all the series together runs the
# full plan.
# --no-builds: patchcheck without its kernel builds (patchcheck.sh
# --no-builds); the tip is still built and booted, but not its KCSAN
# kernel.  'make test' runs this.
# After the boot of the tip, the tip is built again with KCSAN and booted
# with the data-race plan (scripts/kcsan.sh, plan 'kcsan').
# Each step is timed; the report is $OUT/report.md and $OUT/report.html
# (with $OUT/report.json for other tools).  Stops at the first failing step
# and still writes the report.  Exit status: 0 when every step passed.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
plan=quick each=0 nobuilds=0
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--plan) [ $# -ge 2 ] || die "--plan needs a name"; plan=$2; shift ;;
	--boot-each) each=1 ;;
	--no-builds) nobuilds=1 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
[ "$each" = 0 ] || [ "$nobuilds" = 0 ] || die "--boot-each needs the per-patch builds; it cannot go with --no-builds"
mkdir -p "$OUT"
steps=$OUT/steps.tsv
: >"$steps"
[ "$each" = 1 ] && plan=full
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
	args=() name=$s
	if [ "$s" = patchcheck ]; then
		[ "$each" = 1 ] && args+=(--boot)
		[ "$nobuilds" = 1 ] && args+=(--no-builds) name="patchcheck (no builds)"
	fi
	step "$name" "$TOP/scripts/$s.sh" "${args[@]}" || { rc=1; break; }
done
if [ "$rc" = 0 ]; then
	step "vm ($plan)" "$TOP/scripts/vm.sh" --plan "$plan" || rc=1
fi
vms=(--vm "$OUT/vm-$plan/results.json")
if [ "$nobuilds" = 0 ]; then
	rm -f "$OUT/vm-kcsan/results.json"
	vms+=(--vm "$OUT/vm-kcsan/results.json")
	[ "$rc" = 0 ] && { step "kcsan" "$TOP/scripts/kcsan.sh" || rc=1; }
fi
python3 "$TOP/scripts/report.py" --steps "$steps" "${vms[@]}" \
	--patchcheck "$OUT/patchcheck.json" --series "$SERIES" --out "$OUT/report" || rc=1
info "report: $OUT/report.md, $OUT/report.html"
if [ "$rc" = 0 ]; then info "run passed"; else warn "run FAILED"; fi
exit "$rc"
