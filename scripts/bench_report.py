#!/usr/bin/env python3
"""bench_report.py - compare the benchmark logs of the base and the series.

Usage: bench_report.py --base LOG --series LOG --out PREFIX
                       [--base-rev TEXT] [--series-rev TEXT] [--repeat LOG]...
                       [--machine TEXT] [--method TEXT]

Each LOG holds lines 'bench: <metric> <value> <unit>', one per metric and
run (selftests/bench/eventfs.sh).  Writes PREFIX.md (table), PREFIX.json,
and PREFIX-mem.dat and PREFIX-speed.dat for scripts/bench.gp.  For each
metric: the median, minimum and maximum of the runs of each kernel, the
spread ((max - min) / median), and the ratio series / base of the medians.
A metric only in the series log (what the base cannot measure, e.g. the
vfs events) gets its own table, without a ratio.

The vfs tables (selftests/bench/vfs.sh: metrics syscall.<op>.<mode>):
- off: for every operation, series / base of the medians of mode 'off'
  (the vfs events compiled in but disabled); the goal is 0.99 to 1.01.
- each pair of PAIRS (event against kprobe, the same with no record
  written (tracing_on 0), the BPF attachments to the
  tracepoints against bpf-kprobe, bpftrace-event against bpftrace-kprobe),
  on each kernel whose log has both modes and 'off': the cost of a mode is
  its median minus the median of 'off' (the time above nothing enabled),
  and the ratio is the cost of the event mode / the cost of the kprobe
  mode; the goal is at most 0.5.  No ratio where the kprobe mode costs
  less than 1 % of 'off' (nothing probed: the controls), and no verdict
  where the event mode is faster than 'off' (noise).
A mode a kernel cannot run is named with the reason its log gives
('bench-mode: <mode> n/a <reason>').  --machine and --method describe
where and how it was measured; they are printed beside the figures, with
the 'bench-method:' lines of the logs.
With --repeat (once per log), the logs of more boots of the base kernel:
the repeatability table gives, for every metric of the base, the median
of each boot and their difference in percent ((largest - smallest) /
smallest), and counts those within 0.5 %.  The system's slab totals at
each instance count (mem.<stage>.n<N>.slab) are listed apart, with the
largest difference in KiB: they include what the boot itself allocated
(page cache and process metadata, differing by some KiB between boots),
which the per-instance figures subtract.
Exit status 1, naming the metric, when a metric of the base log is missing
from the series log (or from the repeat's) or the logs have different
numbers of runs of it.
"""
import argparse
import json
import statistics
import sys


def parse(path, info=None):
    """{metric: (unit, [values])} from the 'bench:' lines of a log; with
    info (a dict), also the 'bench-mode:' lines into info["modes"] ({mode:
    text}) and the 'bench-method:' lines into info["method"]."""
    metrics = {}
    if info is not None:
        info.setdefault("modes", {})
        info.setdefault("method", [])
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                if info is not None and line.startswith("bench-mode: "):
                    mode, _, text = line[len("bench-mode: "):].strip().partition(" ")
                    info["modes"][mode] = text
                    continue
                if info is not None and line.startswith("bench-method: "):
                    text = line[len("bench-method: "):].strip()
                    if text not in info["method"]:
                        info["method"].append(text)
                    continue
                if not line.startswith("bench: "):
                    continue
                fields = line.split()
                if len(fields) != 4:
                    sys.exit(f"bench_report.py: {path}:{n}: malformed line: {line.strip()}")
                _, name, value, unit = fields
                try:
                    v = float(value)
                except ValueError:
                    sys.exit(f"bench_report.py: {path}:{n}: '{value}' is not a number")
                u, vals = metrics.setdefault(name, (unit, []))
                if u != unit:
                    sys.exit(f"bench_report.py: {path}:{n}: {name} in {unit}, earlier in {u}")
                vals.append(v)
    except OSError as e:
        sys.exit(f"bench_report.py: cannot read {path}: {e.strerror}")
    if not metrics:
        sys.exit(f"bench_report.py: {path} has no 'bench:' lines")
    return metrics


def stats(vals):
    med = statistics.median(vals)
    lo, hi = min(vals), max(vals)
    return {"runs": len(vals), "median": med, "min": lo, "max": hi,
            "spread_pct": round(100 * (hi - lo) / med, 1) if med else None, "values": vals}


def fmt(v, unit):
    if unit == "bytes":
        return f"{v / 1024:.1f} KiB"
    if unit == "ms":
        return f"{v:.1f} ms"
    if unit == "per_s":
        return f"{v:.1f}/s"
    if unit == "ns":
        return f"{v:.0f} ns"
    return f"{v:.0f}"


REPEAT_GOAL = 0.5           # percent between the boots of one kernel, at most
OFF_GOAL = (0.99, 1.01)     # series / base of the time with the vfs events off
COST_GOAL = 0.5             # cost of the events / cost of the kprobes, at most
PAIRS = (("event", "kprobe"), ("event-norecord", "kprobe-norecord"), ("bpf-raw-tracepoint", "bpf-kprobe"),
         ("bpf-tracepoint", "bpf-kprobe"), ("bpftrace-event", "bpftrace-kprobe"))
MODES = ("off", "kprobe", "event", "kprobe-norecord", "event-norecord", "bpf-kprobe", "bpf-tracepoint",
         "bpf-tracepoint-ret1", "bpf-raw-tracepoint", "bpftrace-kprobe", "bpftrace-event")


def system_total(name):
    """A slab total of the whole system at one instance count (mem.walked.n10.slab)."""
    p = name.split(".")
    return len(p) == 4 and p[0] == "mem" and p[2][:1] == "n" and p[2][1:].isdigit() and p[3] == "slab"


def pair_key(ev, kp):
    """The JSON key of a pair of PAIRS: event_vs_kprobe, ..."""
    return f"{ev}_vs_{kp}".replace("-", "_")


def mode_text(text):
    """A bench-mode text as the report says it: 'n/a WHY' -> 'not available: WHY'."""
    return "not available: " + text[4:] if text.startswith("n/a ") else text


def vfs_tables(rows, logs, info):
    """The vfs tables: 'off' (series / base per operation) and, for each of
    PAIRS, the cost of the event mode against that of the kprobe mode on
    each kernel that measured both (cost = median - median of 'off')."""
    off = []
    for r in rows:
        name = r["metric"]
        if name.startswith("syscall.") and name.endswith(".off"):
            ratio = r["ratio"]
            off.append({"op": name[len("syscall."):-len(".off")], "unit": r["unit"],
                        "base": r["base"]["median"], "series": r["series"]["median"], "ratio": ratio,
                        "goal_met": ratio is not None and OFF_GOAL[0] <= ratio <= OFF_GOAL[1]})
    pairs = {}
    for ev, kp in PAIRS:
        out = []
        for kernel in ("base", "series"):
            log = logs[kernel]
            for name in sorted(log):
                if not (name.startswith("syscall.") and name.endswith("." + ev)):
                    continue
                op = name[len("syscall."):-len("." + ev)]
                k, o = f"syscall.{op}.{kp}", f"syscall.{op}.off"
                if k not in log or o not in log:
                    continue
                e, kk, oo = (stats(log[x][1]) for x in (name, k, o))
                ce, ck = e["median"] - oo["median"], kk["median"] - oo["median"]
                ratio = round(ce / ck, 3) if ck > 0.01 * oo["median"] else None
                out.append({"kernel": kernel, "op": op, "unit": log[name][0], "off": oo["median"],
                            kp: kk["median"], ev: e["median"], "cost_" + kp: round(ck, 1),
                            "cost_" + ev: round(ce, 1), "cost_ratio": ratio,
                            # An event mode faster than off is noise: no verdict.
                            "goal_met": None if ratio is None or ce < 0 else ratio <= COST_GOAL,
                            "spread_pct": {"off": oo["spread_pct"], kp: kk["spread_pct"],
                                           ev: e["spread_pct"]}})
        pairs[pair_key(ev, kp)] = out
    return {"off": off, "off_goal": list(OFF_GOAL), "cost_goal": COST_GOAL, **pairs,
            "modes": {k: info[k].get("modes", {}) for k in ("base", "series")},
            "method": {k: info[k].get("method", []) for k in ("base", "series")}}


def goal_text(r):
    """The goal column of a cost row: yes, NO, or why there is no verdict."""
    if r["goal_met"] is not None:
        return "yes" if r["goal_met"] else "NO"
    return "-" if r["cost_ratio"] is None else "- (below off: noise)"


def vfs_md(vfs, a):
    """The vfs section of bench.md: method and machine, then the tables."""
    modes = vfs["modes"]
    if not vfs["off"] and not any(modes.values()):
        return []
    md = ["", "## The vfs events: cost when off and when on", "",
          f"- machine: {a.machine or 'not given (--machine)'}",
          f"- method: {a.method or 'not given (--method)'}"]
    for kernel in ("base", "series"):
        for text in vfs["method"][kernel]:
            md.append(f"- {kernel}: {text}")
    md += ["- each figure: the median of the rounds, in ns per operation.",
           "- cost of a mode = its time - the time with nothing enabled (off), on the same kernel.", ""]
    names = sorted(set(modes["base"]) | set(modes["series"]),
                   key=lambda m: MODES.index(m) if m in MODES else len(MODES))
    if names:
        md += ["| mode | base | series |", "|---|---|---|"]
        for m in names:
            md.append(f"| {m} | {mode_text(modes['base'].get(m, 'not run'))} "
                      f"| {mode_text(modes['series'].get(m, 'not run'))} |")
    lo, hi = vfs["off_goal"]
    md += ["", f"Off: the vfs events compiled in but disabled, series / base (goal {lo}-{hi}):", ""]
    if vfs["off"]:
        md += ["| operation | base | series | series / base | goal |", "|---|---|---|---|---|"]
        for r in vfs["off"]:
            md.append(f"| {r['op']} | {fmt(r['base'], r['unit'])} | {fmt(r['series'], r['unit'])} "
                      f"| {r['ratio'] if r['ratio'] is not None else 'n/a'} "
                      f"| {'yes' if r['goal_met'] else 'NO'} |")
    else:
        md.append("not measured (no syscall.*.off in both logs)")
    for ev, kp in PAIRS:
        rows = vfs[pair_key(ev, kp)]
        md += ["", f"{ev} against {kp}: cost of {ev} / cost of {kp} (goal <= {vfs['cost_goal']}):", ""]
        if not rows:
            for kernel in ("base", "series"):
                why = [mode_text(modes[kernel].get(m, "not run")) for m in (ev, kp)]
                md.append(f"- {kernel}: {ev}: {why[0]}; {kp}: {why[1]}")
            continue
        md += [f"| kernel | operation | off | {kp} | {ev} | cost {kp} | cost {ev} | cost ratio | goal "
               f"| spread off / {kp} / {ev} |", "|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            u, sp = r["unit"], r["spread_pct"]
            md.append(f"| {r['kernel']} | {r['op']} | {fmt(r['off'], u)} | {fmt(r[kp], u)} | {fmt(r[ev], u)} "
                      f"| {fmt(r['cost_' + kp], u)} | {fmt(r['cost_' + ev], u)} "
                      f"| {r['cost_ratio'] if r['cost_ratio'] is not None else 'n/a (no ' + kp + ' cost)'} "
                      f"| {goal_text(r)} "
                      f"| {' / '.join('n/a' if sp[m] is None else f'{sp[m]}%' for m in ('off', kp, ev))} |")
        for kernel in ("base", "series"):
            if not any(r["kernel"] == kernel for r in rows):
                md.append(f"\n{kernel}: {ev}: {mode_text(modes[kernel].get(ev, 'not run'))}")
    return md


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--series", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base-rev", default="base")
    ap.add_argument("--series-rev", default="series")
    ap.add_argument("--repeat", action="append", default=[],
                    help="the log of another boot of the base kernel (once per log)")
    ap.add_argument("--machine", help="the machine it ran on (printed beside the figures)")
    ap.add_argument("--method", help="how it was measured (printed beside the figures)")
    a = ap.parse_args()
    info = {"base": {}, "series": {}}
    base, series = parse(a.base, info["base"]), parse(a.series, info["series"])
    repeat = []
    agains = [(path, parse(path)) for path in a.repeat]
    for name in sorted(base if agains else ()):
        unit, bv = base[name]
        medians = [statistics.median(bv)]
        for path, again in agains:
            if name not in again or len(again[name][1]) != len(bv):
                sys.exit(f"bench_report.py: {name}: not in the repeat log {path}, or not {len(bv)} runs there")
            medians.append(statistics.median(again[name][1]))
        lo, hi = min(medians), max(medians)
        diff = round(100 * (hi - lo) / lo, 2) if lo > 0 else (0.0 if lo == hi else None)
        repeat.append({"metric": name, "unit": unit, "medians": medians, "diff_pct": diff,
                       "within": diff is not None and diff <= REPEAT_GOAL,
                       "system_total": system_total(name), "diff_abs": hi - lo})
    lost = sorted(set(base) - set(series))
    if lost:
        sys.exit(f"bench_report.py: metrics of the base log missing from the series log: {', '.join(lost)}")
    rows = []
    for name in sorted(base):
        unit, bv = base[name]
        sunit, sv = series[name]
        if unit != sunit or len(bv) != len(sv):
            sys.exit(f"bench_report.py: {name}: {len(bv)} runs in {unit} (base) but "
                     f"{len(sv)} in {sunit} (series)")
        b, s = stats(bv), stats(sv)
        ratio = round(s["median"] / b["median"], 3) if b["median"] else None
        rows.append({"metric": name, "unit": unit, "base": b, "series": s, "ratio": ratio})

    only = [{"metric": name, "unit": series[name][0], "series": stats(series[name][1])}
            for name in sorted(set(series) - set(base))]
    vfs = vfs_tables(rows, {"base": base, "series": series}, info)
    runs = rows[0]["base"]["runs"] if rows else only[0]["series"]["runs"]
    md = [f"# eventfs benchmark: base vs series",
          "",
          f"- base: {a.base_rev}",
          f"- series: {a.series_rev}",
          f"- {runs} runs of each measurement in one boot of each kernel; median (min-max).",
          "- The VM is emulated (QEMU TCG, no KVM): times are noisy and only comparable",
          "  within one run of `make bench`.  Memory counts are exact for what they count",
          "  (slab pages after a shrink, dentries and inodes in use).",
          "- ratio = series median / base median: below 1 means less memory or time",
          "  (for per_s, more is better).",
          "",
          "| metric | base | series | ratio | spread base / series |",
          "|---|---|---|---|---|"]
    for r in rows:
        b, s, u = r["base"], r["series"], r["unit"]
        md.append(f"| {r['metric']} | {fmt(b['median'], u)} ({fmt(b['min'], u)}-{fmt(b['max'], u)}) "
                  f"| {fmt(s['median'], u)} ({fmt(s['min'], u)}-{fmt(s['max'], u)}) "
                  f"| {r['ratio'] if r['ratio'] is not None else 'n/a'} "
                  f"| {b['spread_pct']}% / {s['spread_pct']}% |")
    if only:
        md += ["", "Measured on the series only (the base cannot):", "",
               "| metric | series | spread |", "|---|---|---|"]
        for r in only:
            s, u = r["series"], r["unit"]
            md.append(f"| {r['metric']} | {fmt(s['median'], u)} ({fmt(s['min'], u)}-{fmt(s['max'], u)}) "
                      f"| {s['spread_pct']}% |")
    md += vfs_md(vfs, a)
    if repeat:
        figures = [r for r in repeat if not r["system_total"]]
        totals = [r for r in repeat if r["system_total"]]
        good = sum(r["within"] for r in figures)
        boots = len(repeat[0]["medians"])
        md += ["", f"Repeatability: the base kernel booted {boots} times, the medians of each boot "
               f"compared ((largest - smallest) / smallest): **{good} of {len(figures)} figures within "
               f"{REPEAT_GOAL} %**"
               + ("." if good == len(figures) else
                  f"; not within: {', '.join(r['metric'] for r in figures if not r['within'])}.")]
        if totals:
            worst = max(totals, key=lambda r: r["diff_abs"])
            md.append(f"The system's slab totals ({len(totals)}, mem.<stage>.n<N>.slab) are apart: "
                      f"{sum(r['within'] for r in totals)} within {REPEAT_GOAL} %, largest difference "
                      f"{fmt(worst['diff_abs'], worst['unit'])} ({worst['diff_pct']} %, {worst['metric']}): "
                      "they include what the boot itself allocated, which the per-instance "
                      "figures (counted above) subtract.")
        md += ["",
               "| metric | " + " | ".join(f"boot {i + 1}" for i in range(boots)) + " | difference |",
               "|---|" + "---|" * boots + "---|"]
        for r in repeat:
            md.append(f"| {r['metric']} | " + " | ".join(fmt(m, r["unit"]) for m in r["medians"])
                      + f" | {r['diff_pct'] if r['diff_pct'] is not None else 'n/a'}% |")
    with open(a.out + ".md", "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    with open(a.out + ".json", "w", encoding="utf-8") as f:
        json.dump({"base": a.base_rev, "series": a.series_rev, "metrics": rows,
                   "series_only": only, "vfs": vfs, "repeat": repeat,
                   "machine": a.machine, "method": a.method}, f, indent=1)

    # Chart data: the cost of one instance (KiB of slab) at each stage, and
    # the speed metrics normalized to the base median, each with min and max.
    with open(a.out + "-mem.dat", "w", encoding="utf-8") as f:
        f.write("# stage base base_min base_max series series_min series_max (KiB)\n")
        order = ("created", "walked", "dropped")
        per = {r["metric"].split(".")[1]: r for r in rows
               if r["metric"].startswith("mem.") and r["metric"].endswith(".per_instance.slab")}
        for stage in sorted(per, key=lambda x: order.index(x) if x in order else len(order)):
            r = per[stage]
            f.write(stage + "".join(f" {r[k][x] / 1024:.1f}" for k in ("base", "series")
                                    for x in ("median", "min", "max")) + "\n")
    with open(a.out + "-speed.dat", "w", encoding="utf-8") as f:
        f.write("# metric base base_min base_max series series_min series_max (base median = 1)\n")
        for r in rows:
            if r["metric"].startswith("speed.") and r["base"]["median"]:
                m = r["base"]["median"]
                f.write(r["metric"][6:] + "".join(f" {r[k][x] / m:.3f}" for k in ("base", "series")
                                                  for x in ("median", "min", "max")) + "\n")


if __name__ == "__main__":
    main()
