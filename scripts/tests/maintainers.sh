#!/usr/bin/env bash
# maintainers.sh - tests of scripts/maintainers_check.py on the fixtures of
# scripts/tests/maintainers/: a MAINTAINERS before (base) and after (tip) a
# series that adds a line to TRACING and a new entry, and fragments that
# agree with it, lack a line, name another path, are empty, or are malformed.
#
# Usage: scripts/tests/maintainers.sh [--help]
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
F=$TOP/scripts/tests/maintainers
mc() { python3 "$TOP/scripts/maintainers_check.py" "$F/fragment.$1" "$F/$2" "$F/$3"; }

expect_ok "a fragment that agrees with the series' MAINTAINERS changes" mc agree base tip
expect_err "a line the series adds but the fragment lacks" \
	"added by the series, not in the fragment: TRACING: F: Documentation/filesystems/tracefs.rst" mc missing base tip
expect_err "a fragment path that differs from the series'" \
	"in the fragment, not added by the series: VFS TRACEPOINTS: F: include/trace/events/vfs_old.h" mc differ base tip
expect_err "an empty fragment while the series changes MAINTAINERS" "not in the fragment: VFS TRACEPOINTS: S: Maintained" mc empty base tip
expect_ok "no MAINTAINERS change and an empty fragment" mc empty base base
expect_err "fragment entries but no MAINTAINERS change in the series" \
	"the series adds nothing to MAINTAINERS, but the fragment has entries" mc agree base base
expect_err "a malformed fragment is named with its line" "fragment.malformed:2: field line" mc malformed base tip
mc malformed base tip >/dev/null 2>&1; rc=$?
check "... and exits 2 (bad input), not 1 (disagreement)" [ "$rc" = 2 ]
expect_err "a missing file is named" "No such file.*nope" python3 "$TOP/scripts/maintainers_check.py" "$F/nope" "$F/base" "$F/tip"
# The project's own fragment is well formed: as the lines a MAINTAINERS
# adds to an empty one, it agrees with itself.
expect_ok "MAINTAINERS.fragment parses" python3 "$TOP/scripts/maintainers_check.py" \
	"$TOP/MAINTAINERS.fragment" /dev/null "$TOP/MAINTAINERS.fragment"
t_done
