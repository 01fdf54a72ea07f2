# shellcheck shell=bash
# TAP helpers for the tooling tests.  Source, do not run.
T_PASS=0 T_FAIL=0
pass() { T_PASS=$((T_PASS + 1)); echo "ok $((T_PASS + T_FAIL)) - $*"; }
fail() { T_FAIL=$((T_FAIL + 1)); echo "not ok $((T_PASS + T_FAIL)) - $*"; }

# expect_ok DESC CMD...: CMD succeeds.
expect_ok() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$desc"; else fail "$desc"; printf '%s\n' "$out" | sed 's/^/#   /'; fi
}

# expect_err DESC REGEX CMD...: CMD fails and what it prints matches REGEX.
expect_err() {
	local desc=$1 re=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		fail "$desc (succeeded)"
	# (Not 'printf | grep -q': with pipefail, grep quitting at the first
	# match can make printf fail with SIGPIPE, and the match look failed.)
	elif grep -qE -- "$re" <<<"$out"; then
		pass "$desc"
		return 0
	else
		fail "$desc (message does not match /$re/)"
	fi
	printf '%s\n' "$out" | sed 's/^/#   /'
	return 1
}

# check DESC CMD...: CMD (a test, e.g. '[ ... ]') is true.
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

t_done() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
}
