#!/usr/bin/env python3
"""maintainers_check.py - does MAINTAINERS.fragment agree with what the
series changes in MAINTAINERS?

Usage: scripts/maintainers_check.py FRAGMENT BASE_MAINTAINERS TIP_MAINTAINERS

FRAGMENT is in the kernel's MAINTAINERS format ('#' lines are comments): an
entry title line, then 'X:<tab>value' lines.  The lines the series adds to
MAINTAINERS (TIP compared with BASE, entry by entry; a line counts under
the title of its entry) must be exactly the fragment's lines, under the
same titles.  The order of lines does not matter.  Prints every
disagreement and exits 1; a malformed fragment exits 2; all good exits 0.
"""
import re
import sys

FIELD = re.compile(r"^([A-Z]):\s*(.*?)\s*$")


def parse(path, strict=False):
    """{title: set of 'X: value'} of a MAINTAINERS-format file."""
    entries, title = {}, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if strict and line.startswith("#"):
                continue
            m = FIELD.match(line)
            if m:
                if title is None:
                    if strict:
                        raise ValueError(f"{path}:{no}: field line '{line}' before any entry title")
                    continue
                entries[title].add(f"{m.group(1)}: {m.group(2)}")
            elif line.strip():
                if strict and (line[0].isspace() or ":" in line[:2]):
                    raise ValueError(f"{path}:{no}: neither an entry title nor an 'X:<tab>value' line: '{line}'")
                title = line.strip()
                entries.setdefault(title, set())
            else:
                title = None
    return entries


def main(argv):
    if len(argv) != 4 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) == 2 and argv[1] in ("-h", "--help") else 2
    frag_path, base_path, tip_path = argv[1:]
    try:
        frag = parse(frag_path, strict=True)
        base, tip = parse(base_path), parse(tip_path)
    except (OSError, ValueError) as e:
        print(f"maintainers_check.py: error: {e}", file=sys.stderr)
        return 2
    added = {}
    for title, lines in tip.items():
        new = lines - base.get(title, set())
        if new:
            added[title] = new
    problems = []
    for title in sorted(frag):
        if not frag[title]:
            problems.append(f"fragment entry '{title}' has no lines")
        for line in sorted(frag[title] - added.get(title, set())):
            problems.append(f"in the fragment, not added by the series: {title}: {line}")
    for title in sorted(added):
        for line in sorted(added[title] - frag.get(title, set())):
            problems.append(f"added by the series, not in the fragment: {title}: {line}")
    if problems:
        if not added:
            problems.insert(0, "the series adds nothing to MAINTAINERS, but the fragment has entries")
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
