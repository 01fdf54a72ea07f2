#!/usr/bin/env bash
# bench.sh - tests of the benchmark tooling on made-up logs: the report's
# medians, spreads and ratios are computed right, the chart is a PNG, and
# bad or mismatched logs and bad arguments to the guest benchmark are
# refused with a message naming the problem; the host's TSC rate is
# plausible.  No VM: 'make bench' itself is the benchmark.
#
# Usage: scripts/tests/bench.sh [--help]
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
report() { python3 "$TOP/scripts/bench_report.py" "$@"; }

# Five runs each; medians: slab 1000 vs 800 bytes (ratio 0.8), time 10 vs 15 ms (1.5).
log() { # SLAB... -- MS...
	local v
	echo "eventfs.sh: made up"
	while [ "$1" != -- ]; do echo "bench: mem.walked.per_instance.slab $1 bytes"; shift; done
	shift
	for v in "$@"; do echo "bench: speed.ls_lR_events_cold $v ms"; done
}
log 900 1000 1100 1000 990 -- 10 9 11 10 12 >"$T/base.log"
log 800 700 900 800 810 -- 15 14 16 15 15 >"$T/series.log"

expect_ok "report of two good logs" report --base "$T/base.log" --series "$T/series.log" --out "$T/b"
row() { grep -qxF -- "| $1 | $2" "$T/b.md"; } # METRIC REST: the table row
check "slab: medians, ranges and ratio 0.8" row mem.walked.per_instance.slab \
	"1.0 KiB (0.9 KiB-1.1 KiB) | 0.8 KiB (0.7 KiB-0.9 KiB) | 0.8 | 20.0% / 25.0% |"
check "time: median 15 vs 10 ms, ratio 1.5, spread 30% / 13.3%" row speed.ls_lR_events_cold \
	"10.0 ms (9.0 ms-12.0 ms) | 15.0 ms (14.0 ms-16.0 ms) | 1.5 | 30.0% / 13.3% |"
check "JSON has the five values of each run" python3 -c '
import json, sys
m = {r["metric"]: r for r in json.load(open(sys.argv[1]))["metrics"]}
r = m["speed.ls_lR_events_cold"]
sys.exit(not (r["base"]["values"] == [10, 9, 11, 10, 12] and r["series"]["median"] == 15 and r["ratio"] == 1.5))' "$T/b.json"
check "chart data: the speed of the series relative to the base median" \
	grep -qx 'ls_lR_events_cold 1.000 0.900 1.200 1.500 1.400 1.600' "$T/b-speed.dat"
check "chart data: KiB per instance at each stage" grep -q '^walked 1.0 0.9 1.1 0.8 0.7 0.9$' "$T/b-mem.dat"
if command -v gnuplot >/dev/null; then
	expect_ok "gnuplot draws the chart" gnuplot -e "prefix='$T/b'" "$TOP/scripts/bench.gp"
	check "the chart is a PNG" [ "$(head -c 4 "$T/b.png" | tail -c 3)" = PNG ]
else
	fail "gnuplot is installed (Debian: gnuplot-nox; run 'make deps')"
fi

# The repeat: the base booted again.  Medians 1000 bytes and 10 ms; then
# 1004 bytes (0.4 %, within 0.5 %) and 10.1 ms (1 %, not within).
log 900 1004 1100 1004 990 -- 10 9 11 10.1 12 >"$T/again.log"
expect_ok "report with a repeat of the base" report --base "$T/base.log" --series "$T/series.log" \
	--repeat "$T/again.log" --out "$T/r"
check "repeatability: 1 of 2 metrics within 0.5 %, the other named" \
	grep -qF "**1 of 2 metrics within 0.5 %**; not within: speed.ls_lR_events_cold." "$T/r.md"
check "... 0.4 % and 1.0 % in the table" bash -c "grep -qxF '| mem.walked.per_instance.slab | 1.0 KiB | 1.0 KiB | 0.4% |' '$T/r.md' &&
	grep -qxF '| speed.ls_lR_events_cold | 10.0 ms | 10.1 ms | 1.0% |' '$T/r.md'"
log 900 1000 1100 -- 10 9 11 >"$T/short.log"
expect_err "a repeat with other run counts is refused" "not in the repeat log, or not 5 runs" \
	report --base "$T/base.log" --series "$T/series.log" --repeat "$T/short.log" --out "$T/x"

# A metric only the series has; the enabled cost of the vfs events.
vfslog() { # OFF KPROBE [EVENTS]: five runs each, values V, V+10, V-10, V, V+5
	local m v
	for m in off kprobe events; do
		[ -n "${1:-}" ] || break
		for v in "$1" $(($1 + 10)) $(($1 - 10)) "$1" $(($1 + 5)); do
			echo "bench: syscall.open_close.$m $v ns"
		done
		shift
	done
}
{ cat "$T/base.log"; vfslog 1000 1500; } >"$T/vbase.log"
{ cat "$T/series.log"; vfslog 1000 1500 1200; } >"$T/vseries.log"
expect_ok "report with a metric only the series has" \
	report --base "$T/vbase.log" --series "$T/vseries.log" --out "$T/v"
check "... in the series-only table, median (range) and spread" grep -qxF \
	"| syscall.open_close.events | 1200 ns (1190 ns-1210 ns) | 1.7% |" "$T/v.md"
check "... the disabled cost: off against the base" grep -qxF \
	"| syscall.open_close.off | 1000 ns (990 ns-1010 ns) | 1000 ns (990 ns-1010 ns) | 1.0 | 2.0% / 2.0% |" "$T/v.md"
check "... the enabled cost: events / kprobe 0.8, events / off 1.2" grep -qxF \
	"| syscall.open_close | 1200 ns | 1500 ns | 1000 ns | 0.8 | 1.2 | 1.7% / 1.3% / 2.0% |" "$T/v.md"
check "... and the same in the JSON" python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["enabled_cost"]
sys.exit(not (len(e) == 1 and e[0]["events_vs_kprobe"] == 0.8 and e[0]["events_vs_off"] == 1.2))' "$T/v.json"

# Bad logs
grep -v ls_lR "$T/series.log" >"$T/nospeed.log"
expect_err "a metric of the base missing from the series is named" \
	"missing from the series log: speed.ls_lR_events_cold" \
	report --base "$T/base.log" --series "$T/nospeed.log" --out "$T/x"
head -n 8 "$T/series.log" >"$T/short.log"
expect_err "different numbers of runs are refused" "5 runs in ms \(base\) but 2" \
	report --base "$T/base.log" --series "$T/short.log" --out "$T/x"
sed 's/ 15 ms$/ fifteen ms/' "$T/series.log" >"$T/nan.log"
expect_err "a value that is not a number is named with its line" "nan.log:7: 'fifteen' is not a number" \
	report --base "$T/base.log" --series "$T/nan.log" --out "$T/x"
sed 's/^\(bench: mem[^ ]*\) \([0-9]*\) bytes/\1 \2 KiB/' "$T/series.log" >"$T/unit.log"
expect_err "a unit that differs between the logs is refused" "in bytes \(base\) but 5 in KiB" \
	report --base "$T/base.log" --series "$T/unit.log" --out "$T/x"
echo "no results here" >"$T/empty.log"
expect_err "a log without results is refused" "has no 'bench:' lines" \
	report --base "$T/base.log" --series "$T/empty.log" --out "$T/x"
expect_err "a missing log is named" "cannot read $T/nope" report --base "$T/nope" --series "$T/series.log" --out "$T/x"
check "no report is written from bad logs" test ! -e "$T/x.md"

# The guest benchmark checks its arguments before it touches anything.
G=$TOP/selftests/bench/eventfs.sh
expect_err "eventfs.sh: --runs 0 is refused" "positive number" "$G" --runs 0
expect_err "eventfs.sh: --runs x is refused" "positive number" "$G" --runs x
expect_err "eventfs.sh: a bad instance count is named" "bad instance count '1x'" "$G" --instances "0 1x"
expect_err "eventfs.sh: one instance count is not enough" "at least two" "$G" --instances 10
expect_err "eventfs.sh: the last count must be the largest" "largest" "$G" --instances "50 10"
expect_err "eventfs.sh: an unknown argument shows the usage" "usage:" "$G" --bogus
V=$TOP/selftests/bench/vfs.sh
expect_err "vfs.sh: --runs 0 is refused" "positive number" "$V" --runs 0
expect_err "vfs.sh: --iterations x is refused" "positive number, not 'x'" "$V" --iterations x
expect_err "vfs.sh: an unknown argument shows the usage" "usage:" "$V" --bogus
# The host's TSC rate that bench.sh gives the guests (tsc_early_khz=).
expect_ok "tsc-khz builds with -Werror" cc -O2 -Wall -Wextra -Werror -o "$T/tsc-khz" "$TOP/scripts/tsc-khz.c"
khz_ok() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 100000 ] && [ "$1" -le 10000000 ]; }
khz_near() { khz_ok "$1" && khz_ok "$2" && [ $(( ($1 - $2) * 100 / $1 )) -eq 0 ]; }
k1=$("$T/tsc-khz") k2=$("$T/tsc-khz")
check "tsc-khz prints one rate in kHz, 100 MHz to 10 GHz: '$k1'" khz_ok "$k1"
check "tsc-khz agrees with itself within 1% ($k1, $k2 kHz)" khz_near "$k1" "$k2"

t_done
