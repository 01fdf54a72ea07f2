#!/usr/bin/env bash
# bench.sh - tests of the benchmark tooling on made-up logs: the report's
# medians, spreads and ratios are computed right, the chart is a PNG, and
# bad or mismatched logs and bad arguments to the guest benchmark are
# refused with a message naming the problem; the vfs tables (off ratio,
# event and bpftrace-event cost against the kprobes') are computed from
# the costs above 'off'; the C helpers build warning-free and print what
# the guest scripts read; the host's TSC rate is plausible.  No VM: 'make bench' itself is the benchmark.
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

# The repeat: the base booted twice more.  Medians 1000 bytes and 10 ms;
# then 1004 bytes and 10.1 ms, then 1002 bytes and 9.95 ms: largest /
# smallest 0.4 % (within 0.5 %, though the last two are 0.2 % apart:
# every boot counts) and 1.5 % (not within).
log 900 1004 1100 1004 990 -- 10 9 11 10.1 12 >"$T/again.log"
log 1002 1004 1100 1002 990 -- 9.95 9 11 9.95 12 >"$T/again2.log"
expect_ok "report with two repeats of the base" report --base "$T/base.log" --series "$T/series.log" \
	--repeat "$T/again.log" --repeat "$T/again2.log" --out "$T/r"
check "repeatability: 3 boots, 1 of 2 metrics within 0.5 %, the other named" \
	grep -qF "booted 3 times, the medians of each boot compared ((largest - smallest) / smallest): **1 of 2 figures within 0.5 %**; not within: speed.ls_lR_events_cold." "$T/r.md"
check "... each boot's median, 0.4 % and 1.51 % in the table" bash -c "grep -qxF '| mem.walked.per_instance.slab | 1.0 KiB | 1.0 KiB | 1.0 KiB | 0.4% |' '$T/r.md' &&
	grep -qxF '| speed.ls_lR_events_cold | 10.0 ms | 10.1 ms | 9.9 ms | 1.51% |' '$T/r.md'"
check "... and in the JSON" python3 -c '
import json, sys
r = {x["metric"]: (x["medians"], x["diff_pct"], x["within"]) for x in json.load(open(sys.argv[1]))["repeat"]}
sys.exit(r != {"mem.walked.per_instance.slab": ([1000, 1004, 1002], 0.4, True),
               "speed.ls_lR_events_cold": ([10, 10.1, 9.95], 1.51, False)})' "$T/r.json"
# A system slab total is listed apart, not counted with the figures: 1 %
# (40 KiB of 4000) between boots, the figures within.
for v in 4000 4040 4020; do
	{ log 900 1000 1100 1000 990 -- 10 9 11 10 12; for _ in 1 2 3 4 5; do echo "bench: mem.created.n0.slab $((v * 1024)) bytes"; done; } >"$T/sys$v.log"
done
expect_ok "report with a system slab total" report --base "$T/sys4000.log" --series "$T/sys4040.log" \
	--repeat "$T/sys4040.log" --repeat "$T/sys4020.log" --out "$T/s"
check "... the figures counted without it, the total apart with its difference in KiB" bash -c "
	grep -qF '**2 of 2 figures within 0.5 %**.' '$T/s.md' &&
	grep -qF 'slab totals (1, mem.<stage>.n<N>.slab) are apart: 0 within 0.5 %, largest difference 40.0 KiB (1.0 %, mem.created.n0.slab)' '$T/s.md'"
log 900 1000 1100 -- 10 9 11 >"$T/short.log"
expect_err "a repeat with other run counts is refused, naming its log" "not in the repeat log $T/short.log, or not 5 runs" \
	report --base "$T/base.log" --series "$T/series.log" --repeat "$T/again.log" --repeat "$T/short.log" --out "$T/x"

# The vfs tables.  Five runs of each mode and operation, values V, V+10,
# V-10, V, V+5: median V.  The costs are chosen so that a report that
# divides the times instead of the costs above 'off', or swaps the modes,
# or takes the other kernel's 'off', gets other figures:
#   open_close  off base 1000, series 1000: 1.0 (goal met)
#               series: kprobe 1400, event 1100: cost 100 / 400 = 0.25
#               bpftrace-kprobe 3000, bpftrace-event 1500: 500 / 2000 = 0.25
#   rename      off base 2000, series 2030: 1.015 (goal not met)
#               series: kprobe 2530, event 2330: 300 / 500 = 0.6 (not met)
#               bpftrace-kprobe 3030, bpftrace-event 2130: 100 / 1000 = 0.1
#   read_1byte  off 500 both; kprobe 502: a cost under 1 % of off, no ratio
#   stat        off 800 both; kprobe 900, event 790: a cost below off is
#               noise: a ratio (-0.1), but no verdict
vfsline() { # OP MODE V
	local v
	for v in "$3" $(($3 + 10)) $(($3 - 10)) "$3" $(($3 + 5)); do echo "bench: syscall.$1.$2 $v ns"; done
}
{
	cat "$T/base.log"
	echo "bench-mode: off nothing enabled"
	echo "bench-mode: kprobe kprobe events (tracefs) on vfs_open"
	echo "bench-mode: event n/a this kernel has no vfs events (no events/vfs)"
	echo "bench-mode: bpftrace-kprobe bpftrace on kprobe:vfs_open"
	echo "bench-mode: bpftrace-event n/a this kernel has no vfs events (no events/vfs)"
	echo "bench-method: vfs syscall-bench, 20000 operations; kernel 7.3.4"
	vfsline open_close off 1000; vfsline open_close kprobe 1400; vfsline open_close bpftrace-kprobe 3000
	vfsline rename off 2000; vfsline rename kprobe 2530; vfsline rename bpftrace-kprobe 3030
	vfsline read_1byte off 500; vfsline read_1byte kprobe 502; vfsline read_1byte bpftrace-kprobe 500
	vfsline stat off 800; vfsline stat kprobe 900; vfsline stat bpftrace-kprobe 900
} >"$T/vbase.log"
{
	cat "$T/series.log"
	sed 's/^bench-mode: \(event\|bpftrace-event\) .*/bench-mode: \1 the vfs events/; s/7\.3\.4$/7.3.4+vfs/' "$T/vbase.log" | grep '^bench-'
	vfsline open_close off 1000; vfsline open_close kprobe 1400; vfsline open_close event 1100
	vfsline open_close bpftrace-kprobe 3000; vfsline open_close bpftrace-event 1500
	vfsline rename off 2030; vfsline rename kprobe 2530; vfsline rename event 2330
	vfsline rename bpftrace-kprobe 3030; vfsline rename bpftrace-event 2130
	vfsline read_1byte off 500; vfsline read_1byte kprobe 502; vfsline read_1byte event 500
	vfsline read_1byte bpftrace-kprobe 500; vfsline read_1byte bpftrace-event 500
	vfsline stat off 800; vfsline stat kprobe 900; vfsline stat event 790
	vfsline stat bpftrace-kprobe 900; vfsline stat bpftrace-event 800
	vfsline open_close bpf-kprobe 2000; vfsline open_close bpf-raw-tracepoint 1200
	vfsline open_close bpf-tracepoint 2500
} >"$T/vseries.log"
expect_ok "report with the vfs modes" report --base "$T/vbase.log" --series "$T/vseries.log" --out "$T/v" \
	--machine "made-up machine, 2 CPUs" --method "QEMU TCG -icount shift=0"
md() { grep -qxF -- "$1" "$T/v.md"; }
check "... a metric only the series has in its own table, median (range) and spread" md \
	"| syscall.open_close.event | 1100 ns (1090 ns-1110 ns) | 1.8% |"
check "... machine and method beside the figures" bash -c "grep -qxF -- '- machine: made-up machine, 2 CPUs' '$T/v.md' &&
	grep -qxF -- '- method: QEMU TCG -icount shift=0' '$T/v.md' &&
	grep -qxF -- '- series: vfs syscall-bench, 20000 operations; kernel 7.3.4+vfs' '$T/v.md'"
check "... the modes of each kernel, a missing one with its reason" md \
	"| event | not available: this kernel has no vfs events (no events/vfs) | the vfs events |"
check "... off: series / base 1.0, goal met" md "| open_close | 1000 ns | 1000 ns | 1.0 | yes |"
check "... off: series / base 1.015, goal not met" md "| rename | 2000 ns | 2030 ns | 1.015 | NO |"
check "... event vs kprobe: cost 100 / 400 = 0.25 (the cost above off, not the time)" md \
	"| series | open_close | 1000 ns | 1400 ns | 1100 ns | 400 ns | 100 ns | 0.25 | yes | 2.0% / 1.4% / 1.8% |"
check "... event vs kprobe: 300 / 500 = 0.6 above the series' own off, goal not met" md \
	"| series | rename | 2030 ns | 2530 ns | 2330 ns | 500 ns | 300 ns | 0.6 | NO | 1.0% / 0.8% / 0.9% |"
check "... no ratio where the kprobes cost under 1 % of off" md \
	"| series | read_1byte | 500 ns | 502 ns | 500 ns | 2 ns | 0 ns | n/a (no kprobe cost) | - | 4.0% / 4.0% / 4.0% |"
check "... an event mode below off: the ratio, no verdict" md \
	"| series | stat | 800 ns | 900 ns | 790 ns | 100 ns | -10 ns | -0.1 | - (below off: noise) | 2.5% / 2.2% / 2.5% |"
check "... bpftrace: cost 500 / 2000 = 0.25 and 100 / 1000 = 0.1" bash -c "
	grep -qxF -- '| series | open_close | 1000 ns | 3000 ns | 1500 ns | 2000 ns | 500 ns | 0.25 | yes | 2.0% / 0.7% / 1.3% |' '$T/v.md' &&
	grep -qxF -- '| series | rename | 2030 ns | 3030 ns | 2130 ns | 1000 ns | 100 ns | 0.1 | yes | 1.0% / 0.7% / 0.9% |' '$T/v.md'"
check "... BPF: raw tracepoint 200 / kprobe 1000 = 0.2, tracepoint through perf 1500 / 1000 = 1.5" bash -c "
	grep -qxF -- '| series | open_close | 1000 ns | 2000 ns | 1200 ns | 1000 ns | 200 ns | 0.2 | yes | 2.0% / 1.0% / 1.7% |' '$T/v.md' &&
	grep -qxF -- '| series | open_close | 1000 ns | 2000 ns | 2500 ns | 1000 ns | 1500 ns | 1.5 | NO | 2.0% / 1.0% / 0.8% |' '$T/v.md' &&
	grep -qxF -- 'bpf-raw-tracepoint against bpf-kprobe: cost of bpf-raw-tracepoint / cost of bpf-kprobe (goal <= 0.5):' '$T/v.md'"
check "... the base, which cannot, says why" md "base: event: not available: this kernel has no vfs events (no events/vfs)"
check "... and the same in the JSON" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
v = j["vfs"]
off = {r["op"]: (r["ratio"], r["goal_met"]) for r in v["off"]}
ek = {(r["kernel"], r["op"]): (r["cost_ratio"], r["goal_met"]) for r in v["event_vs_kprobe"]}
bk = {(r["kernel"], r["op"]): r["cost_ratio"] for r in v["bpftrace_event_vs_bpftrace_kprobe"]}
ok = (off == {"open_close": (1.0, True), "rename": (1.015, False), "read_1byte": (1.0, True),
              "stat": (1.0, True)}
      and ek == {("series", "open_close"): (0.25, True), ("series", "rename"): (0.6, False),
                 ("series", "read_1byte"): (None, None), ("series", "stat"): (-0.1, None)}
      and bk == {("series", "open_close"): 0.25, ("series", "rename"): 0.1, ("series", "read_1byte"): None,
                 ("series", "stat"): 0.0}
      and v["modes"]["base"]["event"].startswith("n/a ") and j["machine"] == "made-up machine, 2 CPUs")
sys.exit(not ok)' "$T/v.json"
check "... the chart data has no syscall metric" bash -c "! grep -q syscall '$T/v-speed.dat'"
expect_ok "... and gnuplot draws it" gnuplot -e "prefix='$T/v'" "$TOP/scripts/bench.gp"

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
expect_err "vfs.sh: an unknown mode is named" "no mode 'events' \(modes: off kprobe event kprobe-norecord event-norecord bpf-kprobe bpf-tracepoint bpf-tracepoint-ret1 bpf-raw-tracepoint bpftrace-kprobe bpftrace-event\)" \
	"$V" --modes "off events"
expect_err "vfs.sh: no mode at all is refused" "at least one mode" "$V" --modes " "
expect_err "vfs.sh: a bad --ops is refused" "bad --ops" "$V" --ops 'a b'
expect_err "vfs.sh: an unknown argument shows the usage" "usage:" "$V" --bogus

# The C helpers: warning-free, and what they print, on a scratch directory.
# Built here, not in the tree, which a VM may be running them from.
build_helpers() {
	local c
	for c in "$TOP"/selftests/bench/*.c; do
		cc -O2 -Wall -Wextra -Werror -o "$T/$(basename "$c" .c)" "$c" || return 1
	done
}
expect_ok "the helpers build with -Wall -Wextra -Werror" build_helpers
M=$T/mkdir-bench
mkdir "$T/inst"
check_eq "mkdir-bench: the two metric lines, ms, mean of N" "bench: speed.instance_mkdir ms
bench: speed.instance_rmdir ms" "$("$M" -n 3 "$T/inst" | sed 's/ [0-9]*\.[0-9]\{3\} ms$/ ms/')"
check "mkdir-bench: removes what it made" [ -z "$(ls -A "$T/inst")" ]
mkdir "$T/inst/bench_2"
expect_err "mkdir-bench: a failed mkdir names the instance and the error" \
	"mkdir $T/inst/bench_2 \(instance 2 of 3\): File exists" "$M" -n 3 "$T/inst"
check "... and removes the instances it made, not the others" [ "$(ls -A "$T/inst")" = bench_2 ]
expect_err "mkdir-bench: -n 0 is refused" "-n needs a number from 1" "$M" -n 0 "$T/inst"
expect_err "mkdir-bench: -w x is refused" "-w needs ms from 0" "$M" -w x "$T/inst"
mkdir "$T/inst2"
check "mkdir-bench -w: the sleep is not in the times" bash -c "
	\"$M\" -n 2 -w 300 '$T/inst2' | awk '\$3 < 300 { n++ } END { exit n != 2 }'"
S=$T/syscall-bench
check_eq "syscall-bench: one line per operation and run" \
	"open_close fsync create_unlink mkdir_rmdir rename stat read_1byte" \
	"$("$S" -n 3 -r 1 "$T" | awk '$2 == "run=0" && $3 ~ /^ns\/op=[0-9.]+$/ { printf "%s%s", s, $1; s = " " }')"
check "syscall-bench: leaves no file behind" [ -z "$(find "$T" -maxdepth 1 -name 'syscall-bench?*')" ]
check_eq "syscall-bench -o: those operations, in that order, RUNS times" "rename stat rename stat" \
	"$("$S" -n 3 -r 2 -o rename,stat "$T" | awk '$2 ~ /^run=/ { printf "%s%s", s, $1; s = " " }')"
expect_err "syscall-bench: an unknown operation is named" "no operation 'read'" "$S" -o read "$T"
expect_err "syscall-bench: a failed call names the file and the error" \
	"create $T/nope/syscall-bench\.[0-9]+: No such file" "$S" -n 1 -r 1 "$T/nope"
B=$T/bpf-count
expect_err "bpf-count: no probe is refused with the usage" "usage: bpf-count" "$B" kprobe -- true
expect_err "bpf-count: no command is refused with the usage" "usage: bpf-count" "$B" kprobe vfs_open
expect_err "bpf-count: an unknown probe kind is named" "no probe kind 'uprobe'" "$B" uprobe x -- true
expect_err "bpf-count: --return takes 0 or 1" "--return takes 0 or 1, not '2'" "$B" --return 2 kprobe vfs_open -- true
expect_err "bpf-count: a tracepoint not GROUP/EVENT is named" "no tracepoint vfs_open" \
	"$B" tracepoint vfs_open -- true
# The host kernel's own tracepoints, where this machine lets root load BPF
# programs (the guest is where they are measured).
if [ "$(id -u)" = 0 ] && "$B" raw_tracepoint sched_process_exec -- true 2>/dev/null; then
	check_eq "bpf-count: a raw tracepoint counts each hit (3 execs)" "bpf-count: sched_process_exec 3" \
		"$("$B" raw_tracepoint sched_process_exec -- sh -c 'true; /bin/true; exec /bin/true' 2>&1 >/dev/null)"
	check_eq "bpf-count --return 1: loads and counts the same (3 execs)" "bpf-count: sched_process_exec 3" \
		"$("$B" --return 1 raw_tracepoint sched_process_exec -- sh -c '/bin/true; exec /bin/true' 2>&1 >/dev/null)"
	expect_err "bpf-count: a command that hits no probe fails" "no probe was hit" \
		"$B" raw_tracepoint sched_kthread_stop -- true
	expect_err "bpf-count: an unknown raw tracepoint is named" "BPF_RAW_TRACEPOINT_OPEN of nosuch_tp: No such file" \
		"$B" raw_tracepoint nosuch_tp -- true
else
	echo "# SKIP bpf-count on the host's tracepoints: this machine does not let us load BPF programs (covered in the guest by make bench)"
fi
# The host's TSC rate that bench.sh gives the guests (tsc_early_khz=).
expect_ok "tsc-khz builds with -Werror" cc -O2 -Wall -Wextra -Werror -o "$T/tsc-khz" "$TOP/scripts/tsc-khz.c"
khz_ok() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 100000 ] && [ "$1" -le 10000000 ]; }
khz_near() { khz_ok "$1" && khz_ok "$2" && [ $(( ($1 - $2) * 100 / $1 )) -eq 0 ]; }
k1=$("$T/tsc-khz") k2=$("$T/tsc-khz")
check "tsc-khz prints one rate in kHz, 100 MHz to 10 GHz: '$k1'" khz_ok "$k1"
check "tsc-khz agrees with itself within 1% ($k1, $k2 kHz)" khz_near "$k1" "$k2"

t_done
