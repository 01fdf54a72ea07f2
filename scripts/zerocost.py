#!/usr/bin/env python3
"""zerocost.py - does a patch leave the events-off path of a function as it was?

Usage: scripts/zerocost.py [--help] [--json FILE] BEFORE.o AFTER.o [FUNCTION...]

Compares the x86-64 code of functions in two builds of one object, before
and after a patch, with CONFIG_JUMP_LABEL=y.  A tracepoint call site (and a
trace_*_enabled() test) is a static branch: a NOP listed in the object's
__jump_table, which is patched into a jump only when the event is enabled.
The path the code takes with every static branch off is found by walking
the function's control flow from its entry, stepping over those NOPs and
following both ways of every conditional jump.  For each function that
has more static branches after than before (or each FUNCTION named) it
reports, before and after:

  insns   instructions on that path (the static-branch NOPs not counted);
  frame   stack bytes: 8 per push on the path, plus its 'sub $N,%rsp';
  tail    the functions it leaves through by a jump (tail calls; the
          return thunk is a return, not a tail call).

A function passes when insns and frame did not grow and no tail call was
lost.  Exit status: 0 when every function passes, 1 when one does not,
2 on bad input (a missing object or tool, no function to compare).
"""
import argparse
import collections
import json
import re
import subprocess
import sys

RET_THUNKS = {"__x86_return_thunk", "__x86_return_thunk_rethunk"}
INSN_RE = re.compile(r"^\s*([0-9a-f]+):\t(\S+)\s*(.*)$")
FUNC_RE = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
SECTION_RE = re.compile(r"^Disassembly of section (\S+):$")
TARGET_RE = re.compile(r"^([0-9a-f]+) <")


def run(cmd):
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit(f"error: '{cmd[0]}' not found; install binutils (or run 'make deps')")
    except subprocess.CalledProcessError as e:
        sys.exit(f"error: {' '.join(cmd)} failed: {e.stderr.strip()}")


def jump_label_sites(obj):
    """(section, offset) of every static-branch site in the object: the
    first field of each __jump_table entry (16 bytes: code, target, key),
    a PC-relative reference to a section symbol plus the site's offset."""
    sites, current = set(), None
    for line in run(["readelf", "-rW", obj]).splitlines():
        if line.startswith("Relocation section"):
            current = "'.rela__jump_table'" in line
            continue
        if not current:
            continue
        f = line.split()
        if len(f) >= 7 and f[2].startswith("R_X86_64_PC32") and int(f[0], 16) % 16 == 0:
            sites.add((f[4], int(f[6], 16) if f[5] == "+" else -int(f[6], 16)))
    return sites


def functions(obj):
    """name -> {"section", "insns": [(offset, mnemonic, operands, reloc)]}."""
    funcs, section, cur = {}, None, None
    for line in run(["objdump", "-dr", "-w", "--no-show-raw-insn", obj]).splitlines():
        m = SECTION_RE.match(line)
        if m:
            section, cur = m.group(1), None
            continue
        m = FUNC_RE.match(line)
        if m:
            cur = funcs.setdefault(m.group(2), {"section": section, "insns": []})
            continue
        if cur is None:
            continue
        m = INSN_RE.match(line)
        if m:
            ops = m.group(3)
            # objdump -w puts the relocation on the instruction's line
            rel = re.search(r"\s([0-9a-f]+): (R_X86_64_\S+)\s+([^\s+-]+)", ops)
            reloc = None
            if rel:
                reloc = rel.group(3)
                ops = ops[:rel.start()].rstrip()
            cur["insns"].append((int(m.group(1), 16), m.group(2), ops, reloc))
    return funcs


def off_path(func, sites):
    """The instructions reachable with every static branch off."""
    insns = func["insns"]
    index = {off: i for i, (off, *_rest) in enumerate(insns)}
    section = func["section"]
    seen, todo, tails, nops, cold = set(), [0] if insns else [], set(), 0, set()
    while todo:
        i = todo.pop()
        while i is not None and i < len(insns) and i not in seen:
            seen.add(i)
            off, mn, ops, reloc = insns[i]
            nxt = i + 1
            if (section, off) in sites:
                nops += 1
                i = nxt
                continue
            base = mn.split(",")[0]
            if base.startswith("ret") or base in ("ud2", "int3", "hlt"):
                break
            if base.startswith("jmp"):
                if reloc:
                    if reloc.startswith(".text"):
                        cold.add(reloc)
                    elif reloc not in RET_THUNKS:
                        tails.add(reloc)
                    break
                t = TARGET_RE.match(ops)
                if t and int(t.group(1), 16) in index:
                    i = index[int(t.group(1), 16)]
                    continue
                tails.add(ops)  # indirect: jmp *%rax
                break
            if base.startswith("j"):  # conditional
                t = TARGET_RE.match(ops)
                if reloc and reloc.startswith(".text"):
                    cold.add(reloc)
                elif t and int(t.group(1), 16) in index:
                    todo.append(index[int(t.group(1), 16)])
                i = nxt
                continue
            i = nxt
    path = [insns[i] for i in sorted(seen) if (section, insns[i][0]) not in sites]
    pushes = sum(1 for _, mn, _, _ in path if mn.startswith("push"))
    sub = 0
    for _, mn, ops, _ in path:
        # 'sub $N,%rsp', or 'add $-N,%rsp' (gcc's choice for N = 128)
        m = re.match(r"\$0x([0-9a-f]+),%rsp$", ops)
        if m and mn.startswith("sub"):
            sub = int(m.group(1), 16)
            break
        if m and mn.startswith("add") and int(m.group(1), 16) >= 1 << 63:
            sub = (1 << 64) - int(m.group(1), 16)
            break
    kinds = collections.Counter(mn for _, mn, _, _ in path)
    return {"insns": len(path), "kinds": dict(kinds), "frame": 8 * pushes + sub, "pushes": pushes, "sub": sub,
            "tail": sorted(tails), "static_branches": nops, "cold": sorted(cold)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("function", nargs="*")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    sides = {}
    for side in ("before", "after"):
        obj = getattr(a, side)
        sides[side] = (functions(obj), jump_label_sites(obj))
    (fb, sb), (fa, sa) = sides["before"], sides["after"]
    names = a.function
    if not names:
        for name, f in fa.items():
            if name not in fb:
                continue
            nb = sum(1 for o, *_ in fb[name]["insns"] if (fb[name]["section"], o) in sb)
            na = sum(1 for o, *_ in f["insns"] if (f["section"], o) in sa)
            if na > nb:
                names.append(name)
    rows, bad = [], 0
    for name in names:
        if name not in fb or name not in fa:
            print(f"error: no function {name} in {'the before' if name not in fb else 'the after'} object",
                  file=sys.stderr)
            return 2
        b, f = off_path(fb[name], sb), off_path(fa[name], sa)
        why = []
        if f["insns"] > b["insns"]:
            more = collections.Counter(f["kinds"]) - collections.Counter(b["kinds"])
            fewer = collections.Counter(b["kinds"]) - collections.Counter(f["kinds"])
            why.append(f"{f['insns'] - b['insns']} more instruction(s) on the events-off path ("
                       + ", ".join([f"+{n} {k}" for k, n in sorted(more.items())]
                                   + [f"-{n} {k}" for k, n in sorted(fewer.items())]) + ")")
        if f["frame"] > b["frame"]:
            why.append(f"frame {b['frame']} -> {f['frame']} bytes")
        lost = sorted(set(b["tail"]) - set(f["tail"]))
        if lost:
            why.append("tail call(s) lost: " + ", ".join(lost))
        ok = not why
        bad += not ok
        rows.append({"function": name, "before": b, "after": f, "ok": ok, "why": why})
        print(f"{'ok' if ok else 'not ok'} {len(rows)} - {name}: insns {b['insns']} -> {f['insns']}, "
              f"frame {b['frame']} -> {f['frame']} B, static branches {b['static_branches']} -> "
              f"{f['static_branches']}, tail calls {', '.join(b['tail']) or '-'} -> "
              f"{', '.join(f['tail']) or '-'}" + (f" # {'; '.join(why)}" if why else ""))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=1)
    if not rows:
        print("error: no function gained a static branch, and none was named", file=sys.stderr)
        return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
