#!/usr/bin/env bash
# bench.sh - benchmark the base against the series: eventfs memory and speed,
# and the cost of the vfs events.
#
# Usage: scripts/bench.sh [--help]
#
# Builds the base (the work tree's base ref) and the series (branch
# tracefs-series: run 'make apply' first) with the same config,
# scripts/kernel.config with scripts/bench.config merged over it (no KASAN,
# kmemleak or lockdep), in a checkout of their own: $WORK.bench, built in
# $WORK.bench.build with the shared ccache, so the work tree and its build
# are left alone.  Boots each kernel the same way with test plan 'bench'
# (selftests/bench/eventfs.sh and vfs.sh: five runs of every measurement),
# the base three times (the second and third boots are the repeatability
# check: every figure of the three boots within 0.5 %), and writes
# the comparison to $OUT/bench/: bench.md (table), bench.json and bench.png
# (chart, gnuplot), and prints bench.md.  Guest time counts executed
# instructions (QEMU -icount, shift BENCH_ICOUNT, default 0: one
# instruction a nanosecond; the guest's
# TSC then counts virtual nanoseconds and is given as 1 GHz), so a figure
# does not depend on the load of the host.  BENCH_ICOUNT=off runs in real
# time instead (the guests get the host's TSC rate, scripts/tsc-khz.c):
# noisy, and only comparable within one run.  A boot whose guest clock is
# not the TSC is done again, up to 3 times.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

need_cmd git
need_cmd python3
need_cmd gnuplot gnuplot-nox
require_work
git -C "$WORK" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null ||
	die "$WORK has no branch $BRANCH; run 'make apply' first"
base=$(git -C "$WORK" rev-parse "$BASE_REF^{commit}")
series=$(git -C "$WORK" rev-parse "refs/heads/$BRANCH")
[ "$base" != "$series" ] || die "branch $BRANCH is the base: there is nothing to compare"

tree=$WORK.bench
out=$OUT/bench
mkdir -p "$out"
if [ ! -e "$tree/.git" ]; then
	info "creating the benchmark checkout $tree"
	git -C "$WORK" worktree add -q --detach "$tree" "$base" || die "cannot create $tree"
fi
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has local changes; it is the benchmark's own checkout: remove it ('git -C $WORK worktree remove --force $tree')"

# The config: kernel.config without the options bench.config sets, then bench.config.
fragment=$out/bench.config
overlay_fragment "$TOP/scripts/kernel.config" "$TOP/scripts/bench.config" "$fragment"

# Under -icount the guest's TSC counts virtual nanoseconds: 1 GHz.  In real
# time it is the host's (QEMU TCG passes it through); a guest without HPET
# or ACPI PM timer calibrates it against the emulated PIT, which fails now
# and then: give it the rate instead, measured here.
icount=${BENCH_ICOUNT-0} tsc_param=
case $icount in
off) icount= ;;
[0-9]|10) tsc_param=tsc_early_khz=1000000 ;;
*) die "BENCH_ICOUNT must be a shift (0-10) or 'off', not '$icount'" ;;
esac
if [ -n "$icount" ]; then
	info "guest time in executed instructions: -icount shift=$icount ($((1 << icount)) ns an instruction)"
elif cc -O2 -Wall -Wextra -Werror -o "$out/tsc-khz" "$TOP/scripts/tsc-khz.c" 2>"$out/tsc-khz.log" &&
	khz=$("$out/tsc-khz" 2>>"$out/tsc-khz.log"); then
	tsc_param="tsc_early_khz=$khz"
	info "host TSC: $khz kHz, given to the guests as $tsc_param"
else
	warn "cannot measure the host's TSC rate ($(tail -n 1 "$out/tsc-khz.log")): the guests calibrate it themselves"
fi

# The base three times: the boots 'again' and 'again2' check that a figure repeats.
for k in base again again2 series; do
	rev=$base
	[ "$k" = series ] && rev=$series
	info "== $k: $(git -C "$WORK" log -1 --format='%h %s' "$rev")"
	git -C "$tree" checkout -q --detach "$rev" || die "cannot check out $rev in $tree"
	info "building $k (log: $out/$k/build.log)"
	mkdir -p "$out/$k"
	WORK_TREE=$tree BUILD=$tree.build FRAGMENT=$fragment OUT=$out/$k "$TOP/scripts/build.sh" ||
		die "the $k kernel did not build; see $out/$k/build.log"
	# TCG's TSC fails the clocksource watchdog, which leaves jiffies (4 ms
	# steps); it is the host's, so it can be trusted.  A boot that still
	# ended up without it (a failed calibration) is done again.
	for try in 1 2 3; do
		WORK_TREE=$tree BUILD=$tree.build OUT=$out/$k VM_APPEND="tsc=reliable $tsc_param ${VM_APPEND:-}" VM_ICOUNT=$icount \
			"$TOP/scripts/vm.sh" --plan bench ||
			die "the benchmark VM of the $k kernel failed; see $out/$k/vm-bench/"
		clock=$(grep -a 'Switched to clocksource' "$out/$k/vm-bench/console.log" | tail -n 1 | tr -d '\r')
		[ "${clock##* }" = tsc ] && break
		why=$(grep -a -m1 'tsc: Marking TSC unstable' "$out/$k/vm-bench/console.log" | tr -d '\r')
		warn "boot $try of the $k kernel ran without the TSC clock (${why:-no TSC clocksource}): its times would be in 4 ms steps"
		[ "$try" -lt 3 ] || die "3 boots of the $k kernel ran without the TSC clock; see $out/$k/vm-bench/console.log"
		info "booting the $k kernel again"
	done
	# The bench: lines of every entry of the plan
	cat "$out/$k/vm-bench/share/logs/"[0-9]*.log >"$out/$k/bench.log"
done

# Where and how, printed beside the figures in bench.md.
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
qemu=$("${QEMU:-qemu-system-x86_64}" --version | head -n 1)
machine="${cpu:-unknown CPU}, $(nproc) CPUs, host kernel $(uname -r); $qemu"
if [ -n "$icount" ]; then
	method="QEMU TCG (no KVM), -smp 2, -icount shift=$icount,sleep=off: guest time counts executed instructions"
else
	method="QEMU TCG (no KVM), -smp 2, real time (${tsc_param:-TSC calibrated by the guest}): noisy"
fi
method+="; median of the rounds of one boot of each kernel (plan bench), the base booted three times"
python3 "$TOP/scripts/bench_report.py" --base "$out/base/bench.log" --series "$out/series/bench.log" \
	--repeat "$out/again/bench.log" --repeat "$out/again2/bench.log" --machine "$machine" --method "$method" \
	--base-rev "$(git -C "$WORK" log -1 --format='%h %s' "$base")" \
	--series-rev "$(git -C "$WORK" log -1 --format='%h %s' "$series")" --out "$out/bench"
gnuplot -e "prefix='$out/bench'" "$TOP/scripts/bench.gp" ||
	die "gnuplot could not draw $out/bench.png"
info "written: $out/bench.md, $out/bench.json, $out/bench.png"
# The tables, on the terminal too.
echo
cat "$out/bench.md"
