#!/usr/bin/env python3
"""vm_verdict.py - judge one VM run: splats in the console log, TAP results
against the baseline; quotes the end of each failed test's log.  Called
by scripts/vm.sh; writes a JSON summary.

Exit status: 0 when the run is clean and no test regressed, 1 otherwise.
"""
import argparse
import glob
import json
import os
import re
import sys

# A kernel splat: any of these on the console fails the run.
SPLATS = [
    r"BUG: ", r"WARNING: ", r"\bOops\b", r"kernel BUG at",
    r"general protection fault", r"Kernel panic", r"UBSAN: ",
    r"INFO: task .* blocked for more than", r"rcu: INFO: .*detected stall",
    r"detected stalls on CPUs", r"unreferenced object 0x",
    r"list_(add|del) corruption", r"possible (recursive|circular) locking",
    r"Call Trace:",
]
SPLAT_RE = re.compile("|".join(SPLATS))
KCSAN_RE = re.compile(r"BUG: KCSAN: [a-z-]+ in (.*)")
TAP_RE = re.compile(r"^(ok|not ok) (\d+) (\S+) (\S+)(?: # (\S+)(?: (\S+))?)?")
PASSING = {"PASS", "XFAIL"}


def read_plan_results(tap_path):
    """Map 'kind arg' to the guest's result word for every TAP line."""
    results, times = {}, {}
    try:
        lines = open(tap_path, encoding="utf-8", errors="replace").read().splitlines()
    except FileNotFoundError:
        return results, times
    for line in lines:
        m = TAP_RE.match(line)
        if not m:
            continue
        name = f"{m.group(3)} {m.group(4)}"
        if m.group(1) == "ok":
            res = m.group(6) if m.group(5) == "SKIP" else "PASS"
        else:
            res = m.group(5) or "FAIL"
        if res.startswith("time="):
            res = "PASS" if m.group(1) == "ok" else "FAIL"
        results[name] = res
        t = re.search(r"time=(\d+)s", line)
        times[name] = int(t.group(1)) if t else None
    return results, times


def read_splats(console_path):
    """Quote each splat: the matching line and the lines after it."""
    try:
        lines = open(console_path, encoding="utf-8", errors="replace").read().splitlines()
    except FileNotFoundError:
        return ["no console log"]
    splats, end = [], -1
    for i, line in enumerate(lines):
        if i <= end or line.startswith("guest: ") or not SPLAT_RE.search(line):
            continue
        end = min(len(lines), i + 30)
        if KCSAN_RE.search(line):  # a KCSAN report ends with its ==== line
            end = next((j + 1 for j in range(i + 1, end)
                        if lines[j].strip().startswith("=====")), end)
        splats.append("\n".join(lines[max(0, i - 2):end]))
    return splats


def kcsan_in_scope(splat, scope):
    """Whether a KCSAN report names a function of SCOPE (a set of symbols):
    the functions of its 'data-race in A / B' line, without the suffixes
    of GCC's clones (.isra.0, .constprop.0).  Other splats: always."""
    m = KCSAN_RE.search(splat)
    if not m or scope is None:
        return True
    names = {n.strip().split("+")[0].split(".")[0] for n in m.group(1).split("/")}
    return bool(names & scope)


def log_tail(logs, n, test, lines=20):
    """The last LINES lines of the log of test N of the plan (TEST, 'kind
    arg'): logs/N.log, or for an ftrace case, the case's own log in the
    ftracetest run's directory that logs/N.log names."""
    path = os.path.join(logs, f"{n}.log")
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
        m = re.match(r"ftracetest run: \S+, logs/(\S+)", text)
        if m:
            case = os.path.basename(test.split(" ", 1)[1])
            found = sorted(glob.glob(os.path.join(logs, m.group(1), f"*-{case}-log.*")))
            if found:
                path = found[0]
                text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        return path, ["(no log)"]
    return path, text.splitlines()[-lines:]


def read_plan(path):
    tests = []
    for line in open(path, encoding="utf-8"):
        words = line.split()
        if words and not words[0].startswith("#") and words[0] != "timeout":
            tests.append(f"{words[0]} {words[1]}")
    return tests


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    for opt in ("plan", "tap", "console", "status", "baseline", "json"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--planfile")
    ap.add_argument("--logs", metavar="DIR",
                    help="the guest's per-test logs: quote the end of "
                    "each failed test's log")
    ap.add_argument("--record", action="store_true",
                    help="write the baseline from this run")
    ap.add_argument("--kcsan-scope", metavar="FILE",
                    help="a KCSAN kernel: the symbols (one a line) whose "
                    "data races fail the run; KCSAN reports in other "
                    "functions are listed, and do not fail it")
    a = ap.parse_args()
    scope = None
    if a.kcsan_scope:
        scope = set(open(a.kcsan_scope, encoding="utf-8").read().split())
        if not scope:
            print(f"error: no symbols in {a.kcsan_scope}", file=sys.stderr)
            return 2

    planfile = a.planfile or a.baseline.replace("/baseline/", "/plans/").removesuffix(".txt")
    tests = read_plan(planfile)
    results, times = read_plan_results(a.tap)
    splats, elsewhere = [], []
    for s in read_splats(a.console):
        (splats if kcsan_in_scope(s, scope) else elsewhere).append(s)
    try:
        finished = open(a.status).read().strip() == "done"
    except FileNotFoundError:
        finished = False

    baseline = {}
    if not a.record:
        try:
            for line in open(a.baseline, encoding="utf-8"):
                words = line.split()
                if len(words) == 3 and not words[0].startswith("#"):
                    baseline[f"{words[1]} {words[2]}"] = words[0]
        except FileNotFoundError:
            print(f"WARNING: no baseline {a.baseline}: every test must pass; "
                  f"record one on the base with 'make baseline PLAN={a.plan}'",
                  file=sys.stderr)

    rows, failed = [], 0
    for t in tests:
        res = results.get(t, "MISSING")
        base = baseline.get(t)
        if base is None:
            ok = res in PASSING
            why = "" if ok else "not passing (not in the baseline: must pass)"
        elif base in PASSING:
            ok = res in PASSING
            why = "" if ok else f"regressed: {base} on the base"
        else:
            ok = True
            why = f"{base} on the base too" if res not in PASSING else ""
        failed += not ok
        rows.append({"test": t, "result": res, "base": base, "ok": ok,
                     "note": why, "seconds": times.get(t)})
        mark = "ok" if ok else "not ok"
        print(f"{mark} {len(rows)} {t}: {res}" + (f" ({why})" if why else ""))
        if not ok and a.logs:
            path, tail = log_tail(a.logs, len(rows), t)
            print(f"# the end of {path}:")
            print("\n".join("#   " + line for line in tail))

    problems = []
    if not finished:
        problems.append("the VM did not finish the plan (crash, panic or timeout)")
    for s in splats:
        problems.append("kernel splat:\n" + s)
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    for s in elsewhere:
        print("NOTE: KCSAN report outside the functions of "
              f"{a.kcsan_scope} (does not fail the run):\n{s}", file=sys.stderr)

    summary = {
        "plan": a.plan, "finished": finished, "splats": splats,
        "kcsan_elsewhere": elsewhere,
        "tests": rows, "passed": sum(r["ok"] for r in rows), "failed": failed,
        "ok": not problems and failed == 0,
    }
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)

    if a.record:
        if problems:
            print("not recording a baseline from a broken run", file=sys.stderr)
            return 1
        with open(a.baseline, "w", encoding="utf-8") as f:
            f.write(f"# Results of plan '{a.plan}' on the base; written by "
                    "'make baseline'.\n")
            for t in tests:
                # Ours ('exec') are not recorded: they must pass, and a
                # failure on the base (the bug a patch fixes) must not
                # excuse one on the series.
                if not t.startswith("exec "):
                    f.write(f"{results.get(t, 'MISSING')} {t}\n")
        print(f"baseline written to {a.baseline}")
        return 0
    print(f"vm {a.plan}: {summary['passed']} passed, {failed} failed"
          + (f", {len(problems)} problem(s)" if problems else "")
          + (f", {len(elsewhere)} KCSAN report(s) elsewhere" if elsewhere else ""))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
