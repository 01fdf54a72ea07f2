#!/usr/bin/env python3
"""bench_report.py - compare the benchmark logs of the base and the series.

Usage: bench_report.py --base LOG --series LOG --out PREFIX
                       [--base-rev TEXT] [--series-rev TEXT] [--repeat LOG]

Each LOG holds lines 'bench: <metric> <value> <unit>', one per metric and
run (selftests/bench/eventfs.sh).  Writes PREFIX.md (table), PREFIX.json,
and PREFIX-mem.dat and PREFIX-speed.dat for scripts/bench.gp.  For each
metric: the median, minimum and maximum of the runs of each kernel, the
spread ((max - min) / median), and the ratio series / base of the medians.
A metric only in the series log (what the base cannot measure, e.g. the
vfs events) gets its own table, without a ratio.  For every such metric
'<name>.events' whose siblings '<name>.kprobe' and '<name>.off' are in the
series log, the enabled cost table gives events / kprobe and events / off.
With --repeat, the log of a second boot of the base kernel: the
repeatability table gives, for every metric of the base, the difference
of the two medians in percent, and counts those within 0.5 %.
Exit status 1, naming the metric, when a metric of the base log is missing
from the series log (or from the repeat's) or the logs have different
numbers of runs of it.
"""
import argparse
import json
import statistics
import sys


def parse(path):
    """{metric: (unit, [values])} from the 'bench:' lines of a log."""
    metrics = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--series", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base-rev", default="base")
    ap.add_argument("--series-rev", default="series")
    ap.add_argument("--repeat", help="the log of a second boot of the base kernel")
    a = ap.parse_args()
    base, series = parse(a.base), parse(a.series)
    repeat = []
    if a.repeat:
        again = parse(a.repeat)
        for name in sorted(base):
            unit, bv = base[name]
            if name not in again or len(again[name][1]) != len(bv):
                sys.exit(f"bench_report.py: {name}: not in the repeat log, or not {len(bv)} runs there")
            m1, m2 = statistics.median(bv), statistics.median(again[name][1])
            diff = round(100 * abs(m2 - m1) / m1, 2) if m1 else (0.0 if m1 == m2 else None)
            repeat.append({"metric": name, "unit": unit, "first": m1, "second": m2, "diff_pct": diff,
                           "within": diff is not None and diff <= 0.5})
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
    enabled = []
    for name in sorted(series):
        if not name.endswith(".events"):
            continue
        stem = name[:-len(".events")]
        if stem + ".kprobe" not in series or stem + ".off" not in series:
            continue
        e, k, o = (stats(series[stem + x][1]) for x in (".events", ".kprobe", ".off"))
        enabled.append({"metric": stem, "unit": series[name][0], "events": e, "kprobe": k, "off": o,
                        "events_vs_kprobe": round(e["median"] / k["median"], 3) if k["median"] else None,
                        "events_vs_off": round(e["median"] / o["median"], 3) if o["median"] else None})

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
    if enabled:
        md += ["", "Enabled cost on the series: the vfs events on, against kprobe events on",
               "the same functions and against nothing enabled (ratios of the medians):", "",
               "| operation | events | kprobe | off | events / kprobe | events / off | spread events / kprobe / off |",
               "|---|---|---|---|---|---|---|"]
        for r in enabled:
            e, k, o, u = r["events"], r["kprobe"], r["off"], r["unit"]
            md.append(f"| {r['metric']} | {fmt(e['median'], u)} | {fmt(k['median'], u)} | {fmt(o['median'], u)} "
                      f"| {r['events_vs_kprobe']} | {r['events_vs_off']} "
                      f"| {e['spread_pct']}% / {k['spread_pct']}% / {o['spread_pct']}% |")
    if repeat:
        good = sum(r["within"] for r in repeat)
        md += ["", f"Repeatability: the base kernel booted a second time, the medians compared: "
               f"**{good} of {len(repeat)} metrics within 0.5 %**"
               + ("." if good == len(repeat) else
                  f"; not within: {', '.join(r['metric'] for r in repeat if not r['within'])}."), "",
               "| metric | first boot | second boot | difference |", "|---|---|---|---|"]
        for r in repeat:
            md.append(f"| {r['metric']} | {fmt(r['first'], r['unit'])} | {fmt(r['second'], r['unit'])} "
                      f"| {r['diff_pct'] if r['diff_pct'] is not None else 'n/a'}% |")
    with open(a.out + ".md", "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    with open(a.out + ".json", "w", encoding="utf-8") as f:
        json.dump({"base": a.base_rev, "series": a.series_rev, "metrics": rows,
                   "series_only": only, "enabled_cost": enabled, "repeat": repeat}, f, indent=1)

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
