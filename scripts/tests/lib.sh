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

# check_eq DESC WANT GOT: GOT is WANT; both are shown if not.
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; printf '#   want: %s\n#   got:  %s\n' "$2" "$3"; fi
}

t_done() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
}

# fake_kernel DIR: a small fake kernel git tree DIR/kernel, enough for the
# tooling (checkpatch.pl, kernel-doc, get_maintainer.pl copied from the real
# base tree if 'make base' made it, a MAINTAINERS with a TRACING entry), and
# a series 'test' of two patches on it (DIR/patches/test, DIR/series.conf) and a
# MAINTAINERS.fragment without entries (the series adds none; the
# repository's own fragment is the real series').  Exports CACHE OUT SERIES
# PATCHES KERNEL MAINTAINERS_FRAGMENT into DIR, and a git identity; sets $real.
fake_kernel() {
	local t=$1 f d
	# The real base tree: in the CACHE the caller uses (before it changes).
	real=${REAL_CACHE:-${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tracefs-series}}/linux
	export CACHE=$t/cache OUT=$t/out SERIES=$t/series.conf PATCHES=$t/patches KERNEL=$t/kernel
	export MAINTAINERS_FRAGMENT=$t/MAINTAINERS.fragment
	printf '# no entries: the fake series adds no files\n' >"$MAINTAINERS_FRAGMENT"
	export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.org
	export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.org
	mkdir -p "$KERNEL/fs/tracefs" "$KERNEL/scripts"
	# (A Kconfig: b4 behaves differently in what looks like a kernel tree.)
	(cd "$KERNEL" && touch COPYING CREDITS Kbuild Kconfig README &&
		for d in Documentation arch include drivers init ipc kernel lib; do mkdir -p "$d" && touch "$d/.keep"; done)
	printf '%s\n' "List of maintainers" "" "TRACING" "M:	Steven Rostedt <rostedt@goodmis.org>" \
		"L:	linux-trace-kernel@vger.kernel.org" "S:	Maintained" "F:	fs/tracefs/" "" \
		"THE REST" "M:	Linus Torvalds <torvalds@linux-foundation.org>" "L:	linux-kernel@vger.kernel.org" \
		"S:	Buried alive in reporters" "F:	*" "F:	*/" >"$KERNEL/MAINTAINERS"
	for f in checkpatch.pl spelling.txt const_structs.checkpatch kernel-doc get_maintainer.pl; do
		[ -f "$real/scripts/$f" ] && cp "$real/scripts/$f" "$KERNEL/scripts/"
	done
	printf 'all:\n' >"$KERNEL/Makefile"
	seq 1 40 | sed 's/^/int line/; s/$/;/' >"$KERNEL/fs/tracefs/inode.c"
	seq 1 40 | sed 's/^/int ev/; s/$/;/' >"$KERNEL/fs/tracefs/event_inode.c"
	git -C "$KERNEL" init -q -b master && git -C "$KERNEL" add -A && git -C "$KERNEL" commit -q -m base
	git -C "$KERNEL" checkout -q -b dev
	sed -i 's/^int line10;/int line10_changed;/' "$KERNEL/fs/tracefs/inode.c"
	git -C "$KERNEL" commit -q -a -m "tracefs: change line 10" -m "Line 10 needs a new name." -m "Signed-off-by: Tester <tester@example.org>"
	sed -i 's/^int ev20;/int ev20_changed;/' "$KERNEL/fs/tracefs/event_inode.c"
	git -C "$KERNEL" commit -q -a -m "eventfs: change ev 20" -m "So does ev 20." -m "Signed-off-by: Tester <tester@example.org>"
	mkdir -p "$PATCHES/test"
	git -C "$KERNEL" format-patch -q --zero-commit --no-signature -N -o "$PATCHES/test" master..dev
	git -C "$KERNEL" checkout -q master && git -C "$KERNEL" branch -q -D dev
	printf '# test series\n# base-package: none\n\n' >"$SERIES"
	find "$PATCHES/test" -name '*.patch' -printf 'test/%f\n' | sort >>"$SERIES"
}
