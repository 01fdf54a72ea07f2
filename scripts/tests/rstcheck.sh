#!/usr/bin/env bash
# rstcheck.sh - tests of scripts/rstcheck.sh on a made-up Documentation/
# tree: a good file passes; each kind of htmldocs-class problem (broken
# title markup, a bad list, missing SPDX line, not in a toctree, a missing
# Documentation/ file) fails with a message naming it; with --base, what a
# file already had does not count.
#
# Usage: scripts/tests/rstcheck.sh [--help]
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
rstcheck() { "$TOP/scripts/rstcheck.sh" "$@"; }

if ! python3 -c 'import docutils' 2>/dev/null; then
	fail "python3 has docutils (Debian: python3-docutils; run 'make deps')"
	t_done
	exit
fi
D=$T/Documentation/fs
mkdir -p "$D"
printf '.. SPDX-License-Identifier: GPL-2.0\n\n=====\nIndex\n=====\n\n.. toctree::\n   :maxdepth: 1\n\n   good\n   bad\n' >"$D/index.rst"
good() {
	cat <<'RST'
.. SPDX-License-Identifier: GPL-2.0

====
Good
====

Text with ``literal``, :c:func:`foo` and Documentation/fs/index.rst::

  code

Section
=======

item
  A definition list.

- a list
- of two
RST
}
good >"$D/good.rst"
expect_ok "a good file passes" rstcheck "$T" Documentation/fs/good.rst

good | sed 's/^=======$/====/' >"$D/bad.rst"
expect_err "a short title underline fails" 'Title underline too short' rstcheck "$T" Documentation/fs/bad.rst
good | sed 's/^- of two$/of two/' >"$D/bad.rst"
expect_err "a list without a blank line after it fails" 'Bullet list ends without a blank line' \
	rstcheck "$T" Documentation/fs/bad.rst
good | sed 1d >"$D/bad.rst"
expect_err "a file without SPDX line fails" 'SPDX' rstcheck "$T" Documentation/fs/bad.rst
good >"$D/orphan.rst"
expect_err "a file in no toctree fails" 'toctree' rstcheck "$T" Documentation/fs/orphan.rst
good | sed 's|Documentation/fs/index.rst|Documentation/fs/nothere.rst|' >"$D/bad.rst"
expect_err "a missing Documentation/ file fails" 'nothere.rst does not exist' \
	rstcheck "$T" Documentation/fs/bad.rst

# --base: a problem that the file already had at the base does not count.
git -C "$T" init -q && git -C "$T" add -A &&
	git -C "$T" -c user.name=t -c user.email=t@t commit -qm base
good | sed 1d >"$D/good.rst"
expect_ok "--base: an old problem does not count" rstcheck --base HEAD "$T" Documentation/fs/good.rst
good | sed '1d; s/^=======$/====/' >"$D/good.rst"
expect_err "--base: a new problem counts" 'Title underline too short' \
	rstcheck --base HEAD "$T" Documentation/fs/good.rst
good | sed 1d >"$D/new.rst"
expect_err "--base: a new file needs its SPDX line" 'new.rst:1: no .*SPDX' \
	rstcheck --base HEAD "$T" Documentation/fs/new.rst
expect_err "--base: an unknown revision fails" 'no commit' rstcheck --base nothere "$T" Documentation/fs/good.rst
t_done
