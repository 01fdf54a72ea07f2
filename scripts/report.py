#!/usr/bin/env python3
"""report.py - write the run report (markdown, HTML, JSON) from the step
timings of scripts/run.sh and the VM verdict of scripts/vm_verdict.py."""
import argparse
import html
import json
import os
import sys


def load_steps(path):
    steps = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            name, rc, secs = line.rstrip("\n").split("\t")
            steps.append({"step": name, "ok": rc == "0", "exit": int(rc),
                          "seconds": int(secs)})
    return steps


def load_series(path):
    """The base header and {series name: [patch files]} of series.conf."""
    header, series = {}, {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("#"):
            key, sep, value = line[1:].strip().partition(":")
            if sep and key in ("base-package", "base-commit"):
                header[key] = value.strip()
        elif line:
            name, _, patch = line.split()[0].partition("/")
            series.setdefault(name, []).append(patch)
    return header, series


def status(c):
    """ok, FAIL, SKIP or n/a; rows of older JSON have only 'ok'."""
    return c.get("status") or ("ok" if c["ok"] else "FAIL")


def patch_matrix(checks):
    """The patch x check table of scripts/patchcheck.sh, one block per
    series, the checks of all the series together, then the first failure."""
    bad = [c for c in checks if status(c) in ("FAIL", "SKIP")]
    out = ["", f"## Each patch: {len(checks) - len(bad)} passed, {len(bad)} failed"]
    order = list(dict.fromkeys(c.get("series", "") for c in checks))
    for series in order:
        mine = [c for c in checks if c.get("series", "") == series]
        names = list(dict.fromkeys(c["check"] for c in mine if c["patch"] is not None))
        final = [c for c in mine if c["patch"] is None]
        if series == "all":
            out += ["", "### All the series together", ""]
        else:
            nbad = sum(status(c) in ("FAIL", "SKIP") for c in mine)
            out += ["", f"### Series {series or '(one)'}: {len(mine) - nbad} passed, "
                    f"{nbad} failed", ""]
        if names:
            out += ["| # | patch | " + " | ".join(names) + " |",
                    "|---" * (len(names) + 2) + "|"]
            by_patch = {}
            for c in mine:
                if c["patch"] is not None:
                    by_patch.setdefault((c["patch"], c["subject"]), {})[c["check"]] = c
            for (no, subject), cs in sorted(by_patch.items()):
                cells = [status(cs[n]) if n in cs else "-" for n in names]
                out.append(f"| {no} | {subject} | " + " | ".join(cells) + " |")
        if final:
            if names:
                out += ["", "Its final tree:", ""]
            out += ["| check | result | details |", "|---|---|---|"]
            for c in final:
                detail = c["details"].splitlines()[0] if c["details"] else ""
                out.append(f"| {c['check']} | {status(c)} | {detail} |")
    out += ["", "`-`: not run (an earlier patch did not apply); `n/a`: nothing to "
            "check; SKIP counts as failed."]
    if not any(c["check"] == "build" for c in checks):
        out += ["", "The checks that build a kernel (build, gcc-w1, sparse, zerocost, "
                "notrace-build, i386-build) were not run (`--no-builds`, as in `make test`)."]
    if bad:
        c = bad[0]
        where = (f"patch {c['patch']} ({c['subject']})" if c["patch"] is not None
                 else "its final tree")
        out += ["", f"First failure: series {c.get('series', '')}, {where}, check "
                f"{c['check']} ({status(c)}):", "", "```", c["details"] or "(no details)", "```"]
    return out


def markdown(r):
    out = ["# tracefs series: run report", ""]
    out.append(f"Result: **{'PASS' if r['ok'] else 'FAIL'}**  ")
    out.append(f"Base: {r['base'].get('base-package', '?')} "
               f"(`{r['base'].get('base-commit', '?')[:12]}`), "
               + ", ".join(f"series {n}: {len(p)} patch(es)" for n, p in r["patches"].items()))
    out += ["", "## Steps", "", "| step | result | seconds |", "|---|---|---|"]
    for s in r["steps"]:
        out.append(f"| {s['step']} | {'ok' if s['ok'] else 'FAILED'} | {s['seconds']} |")
    if r["patchcheck"]:
        out += patch_matrix(r["patchcheck"])
    for vm in r["vms"]:
        out += ["", f"## Test plan `{vm['plan']}`: {vm['passed']} passed, "
                f"{vm['failed']} failed", "",
                "| # | test | result | base | verdict | seconds |",
                "|---|---|---|---|---|---|"]
        for i, t in enumerate(vm["tests"], 1):
            out.append(f"| {i} | `{t['test']}` | {t['result']} | {t['base'] or '-'} | "
                       f"{'ok' if t['ok'] else 'FAIL: ' + t['note']} | {t['seconds'] or '-'} |")
        if not vm["finished"]:
            out += ["", "**The VM did not finish the plan.**"]
        for s in vm["splats"]:
            out += ["", "Kernel splat:", "", "```", s, "```"]
        elsewhere = vm.get("kcsan_elsewhere", [])
        if elsewhere:
            out += ["", f"{len(elsewhere)} KCSAN report(s) of races outside "
                    "fs/tracefs (listed, not failing):"]
            for s in elsewhere:
                out += ["", "```", s, "```"]
    out += ["", "Times are wall-clock seconds on this machine; the VM runs under "
            "software emulation (no KVM)."]
    return "\n".join(out) + "\n"


def to_html(md_text, r):
    rows = []
    in_code = False
    for line in md_text.splitlines():
        if line.startswith("```"):
            rows.append("</pre>" if in_code else "<pre>")
            in_code = not in_code
        elif in_code:
            rows.append(html.escape(line))
        elif line.startswith("# "):
            rows.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            rows.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [html.escape(c.strip()).replace("`", "") for c in line.strip("|").split("|")]
            bad = any(c.startswith("FAIL") or c == "SKIP" for c in cells)
            style = ' class="bad"' if bad else ""
            rows.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        elif line:
            rows.append(f"<p>{html.escape(line).replace('**', '')}</p>")
    body, table = [], False
    for row in rows:
        if row.startswith("<tr") and not table:
            body.append("<table>")
            table = True
        elif not row.startswith("<tr") and table:
            body.append("</table>")
            table = False
        body.append(row)
    if table:
        body.append("</table>")
    css = ("body{font-family:sans-serif;max-width:70em;margin:auto}"
           "table{border-collapse:collapse}td{border:1px solid #ccc;padding:2px 6px}"
           "tr.bad{background:#fdd}tr:first-child{font-weight:bold}")
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>tracefs series "
            f"report</title><style>{css}</style></head><body>\n" + "\n".join(body)
            + "\n</body></html>\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--steps", required=True)
    ap.add_argument("--vm", required=True, action="append",
                    help="results.json of a VM run (repeated: one per boot)")
    ap.add_argument("--series", required=True)
    ap.add_argument("--patchcheck", help="JSON written by scripts/patchcheck.sh")
    ap.add_argument("--out", required=True, help="path prefix of the report files")
    a = ap.parse_args()
    base, patches = load_series(a.series)
    steps = load_steps(a.steps)
    vms = [json.load(open(p)) for p in a.vm if os.path.exists(p)]
    ok = (bool(steps) and all(s["ok"] for s in steps)
          and len(vms) == len(a.vm) and all(vm["ok"] for vm in vms))
    checks = (json.load(open(a.patchcheck))
              if a.patchcheck and os.path.exists(a.patchcheck) else [])
    r = {"ok": ok, "base": base, "patches": patches, "steps": steps, "vms": vms,
         "patchcheck": checks}
    md = markdown(r)
    with open(a.out + ".md", "w", encoding="utf-8") as f:
        f.write(md)
    with open(a.out + ".html", "w", encoding="utf-8") as f:
        f.write(to_html(md, r))
    with open(a.out + ".json", "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
