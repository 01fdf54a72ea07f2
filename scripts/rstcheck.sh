#!/usr/bin/env bash
# rstcheck.sh - check kernel documentation files without a full 'make htmldocs'.
#
# Usage: scripts/rstcheck.sh [--help] [--base REV] KERNEL_TREE FILE...
#
# Each FILE (a path under KERNEL_TREE, e.g. Documentation/filesystems/tracefs.rst)
# must: start with an SPDX line; parse with docutils without any warning
# (title markup, lists, tables, literal blocks, references; the Sphinx and
# kernel directives and roles are accepted, not checked); be in the toctree of
# an index.rst of its directory or a parent (or be ':orphan:'), which Sphinx
# warns about otherwise; and name only Documentation/ files that exist (what
# the kernel's scripts/documentation-file-ref-check reports).  These are the
# warnings 'make htmldocs' gives for a file that uses no kernel-doc.
# With --base REV (a commit of KERNEL_TREE), only new problems count: what
# the file at REV already had is left out, and so is the SPDX line of a file
# that exists at REV.  Needs python3 with docutils (Debian: python3-docutils).

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
base=
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--base) [ $# -ge 2 ] || die "--base needs a revision"; base=$2; shift 2 ;;
esac
[ $# -ge 1 ] || die "usage: $0 [--base REV] KERNEL_TREE FILE..."
tree=$1
shift
[ $# -gt 0 ] || die "no file to check (see --help)"
[ -d "$tree/Documentation" ] || die "$tree is not a kernel tree (no Documentation/)"
need_cmd python3 python3
# Debian's python3 first: one earlier in PATH (pyenv, a virtualenv) does not
# see the Debian package.
PATH=/usr/bin:$PATH
python3 -c 'import docutils' 2>/dev/null || die "python3 has no docutils (Debian: python3-docutils)"
if [ -n "$base" ]; then
	git -C "$tree" rev-parse -q --verify "$base^{commit}" >/dev/null || die "$tree has no commit '$base'"
fi

BASE=$base python3 - "$tree" "$@" <<'PY'
import os, re, subprocess, sys
import docutils.core, docutils.utils
from docutils.parsers.rst import Directive, directives, roles

# Sphinx and kernel extensions: accept their content, do not check it.
class Accept(Directive):
    has_content = True
    optional_arguments = 99
    final_argument_whitespace = True
    option_spec = None
    def run(self):
        return []
class AnyOptions(dict):
    def __getitem__(self, key):
        return directives.unchanged
Accept.option_spec = AnyOptions()
for d in ("toctree", "kernel-doc", "kernel-feat", "kernel-abi", "kernel-include",
          "code-block", "highlight", "only", "index", "c:function", "c:macro",
          "c:struct", "c:type", "c:var", "c:enum", "c:member", "c:union",
          "c:namespace", "c:namespace-push", "c:namespace-pop", "flat-table",
          "kernel-figure", "kernel-image", "kernel-render", "tabularcolumns",
          "glossary", "literalinclude", "versionadded", "versionchanged",
          "deprecated", "seealso", "note"):
    directives.register_directive(d, Accept)
def accept_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [docutils.nodes.literal(rawtext, text)], []
for r in ("doc", "ref", "c:func", "c:type", "c:macro", "c:struct", "c:union",
          "c:enum", "c:member", "c:data", "c:expr", "c:var", "manpage", "kbd",
          "file", "command", "envvar", "option", "term", "abbr", "menuselection",
          "samp", "program", "numref", "download", "any"):
    roles.register_local_role(r, accept_role)

tree, files = sys.argv[1], sys.argv[2:]
base = os.environ.get("BASE")

def problems(text, rel):
    """The problems of TEXT as file REL: (line or 0, message) pairs."""
    out = []
    if not re.match(r"\.\. SPDX-License-Identifier: \S", text.split("\n", 1)[0]):
        out.append((1, "no '.. SPDX-License-Identifier: ...' line"))
    messages = []
    class Stream:
        def write(self, s):
            if s.strip():
                messages.append(s.strip())
    docutils.core.publish_doctree(text, source_path=os.path.join(tree, rel),
        settings_overrides={"report_level": 2, "halt_level": 5,
                            "warning_stream": Stream(), "raw_enabled": False,
                            "input_encoding": "utf-8"})
    for m in messages:
        m = m.replace(os.path.join(tree, rel) + ":", "").replace("\n", " ")
        line = re.match(r"(\d+): ", m)
        out.append((int(line.group(1)) if line else 0,
                    "docutils: " + re.sub(r"^\d+: ", "", m)))
    # In a toctree: an index.rst of this directory or a parent lists it.
    if not re.search(r"^:orphan:", text, re.M):
        d, name = os.path.split(rel)
        probe, entry, found = d, name[:-4] if name.endswith(".rst") else name, False
        while probe.startswith("Documentation") and not found:
            idx = os.path.join(probe, "index.rst")
            if idx != rel and os.path.isfile(os.path.join(tree, idx)):
                with open(os.path.join(tree, idx), encoding="utf-8") as f:
                    found = any(l.strip() in (entry, entry + ".rst") for l in f)
            entry = os.path.basename(probe) + "/" + entry
            probe = os.path.dirname(probe)
        if not found:
            out.append((0, "not in the toctree of any index.rst above it "
                           "(Sphinx: document isn't included in any toctree)"))
    # The Documentation/ paths it names exist (documentation-file-ref-check).
    for m in re.finditer(r"Documentation/[\w./-]*\w", text):
        if not os.path.exists(os.path.join(tree, m.group(0))):
            out.append((text.count("\n", 0, m.start()) + 1,
                        f"{m.group(0)} does not exist"))
    return out

bad = 0
for rel in files:
    try:
        with open(os.path.join(tree, rel), encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        print(f"{rel}: cannot read: {e.strerror}")
        bad += 1
        continue
    found = problems(text, rel)
    if base:
        old = subprocess.run(["git", "-C", tree, "show", f"{base}:{rel}"],
                             capture_output=True, text=True)
        if old.returncode == 0:
            known = {m for _, m in problems(old.stdout, rel)}
            known.add("no '.. SPDX-License-Identifier: ...' line")
            found = [(l, m) for l, m in found if m not in known]
    for line, msg in found:
        print(f"{rel}:{line}: {msg}" if line else f"{rel}: {msg}")
    print(f"{rel}: {len(found)} problem(s)")
    bad += len(found)
sys.exit(1 if bad else 0)
PY
