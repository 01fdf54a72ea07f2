#!/usr/bin/env bash
# zerocost.sh - tests of scripts/zerocost.py on the fixtures of
# scripts/tests/zerocost/model.c, built with gcc: an event added where it
# costs nothing passes; a variable kept live across the ->read call (v1's
# vfs_read) and an exit event that ends a tail call (vfs_fsync_range) fail,
# naming why; bad input is an error.
#
# Usage: scripts/tests/zerocost.sh [--help]
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
zc() { python3 "$TOP/scripts/zerocost.py" "$@"; }

for v in BASE GOOD LIVE TAIL; do
	# The kernel's x86-64 code model and stack rules (no red zone).
	gcc -O2 -fno-pic -mno-red-zone -fcf-protection=none -D"$v" -c \
		"$TOP/scripts/tests/zerocost/model.c" -o "$T/$v.o" || fail "gcc -D$v of the model"
done
expect_ok "events where they cost nothing pass" zc --json "$T/good.json" "$T/BASE.o" "$T/GOOD.o"
check "... both hooked functions found by their new static branches" \
	python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit([x['function'] for x in r] != ['vfs_read', 'vfs_fsync_range'])" "$T/good.json"
expect_err "a variable live across ->read (v1's start = -1) fails" \
	"not ok .* vfs_read: .*more instruction" zc "$T/BASE.o" "$T/LIVE.o"
expect_err "an exit event after the ->fsync tail call fails" \
	"vfs_fsync_range: .*tail call\(s\) lost: \*%rax" zc "$T/BASE.o" "$T/TAIL.o"
expect_ok "a named function that did not change passes" zc "$T/BASE.o" "$T/BASE.o" vfs_read
expect_err "no hooked function and none named is an error" "no function gained a static branch" \
	zc "$T/BASE.o" "$T/BASE.o"
expect_err "an unknown function is named" "no function nope" zc "$T/BASE.o" "$T/GOOD.o" nope
expect_err "a missing object is named" "nope.o" zc "$T/BASE.o" "$T/nope.o"
t_done
