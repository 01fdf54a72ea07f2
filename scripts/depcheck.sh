#!/usr/bin/env bash
# depcheck.sh - run each external tool the way the tooling uses it.
#
# Usage: scripts/depcheck.sh [--help] [--need-tree]
#
# Not only '--version': gcc compiles and links against libelf and OpenSSL
# (objtool, the kernel's host tools), python3 imports what checkpatch's
# spdxcheck.py and the documentation check import, spatch runs a rule with
# a python script in report mode, sparse warns, b4 prep enrolls and b4 send
# writes mails of a throwaway repository (with git-filter-repo), QEMU starts
# a machine with vm.sh's 9p shares, gnuplot writes a PNG, groff renders a
# man page without warnings, the base tarball passes 'xz -t'.  With the
# kernel work tree of 'make base' ($CACHE/linux or the KERNEL worktree),
# checkpatch.pl, spdxcheck.py, kernel-doc and get_maintainer.pl run in it on
# a tiny patch; without one these checks are skipped (ok, '# SKIP no kernel
# tree'), or fail with --need-tree (make test).  If deps.sh added the apt
# source of '# base-suite:', 'apt-get -s upgrade' must take nothing from it.
#
# Prints 'ok N - ...' or 'not ok N - ...' per check, with the output of a
# failing one as '#' lines, and ends with 'N passed, N failed'.  Writes only
# in a temporary directory; needs no root.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_tree=0
case "${1:-}" in -h|--help) usage; exit 0 ;; --need-tree) need_tree=1 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 passed=0 failed=0 skipped=0

# t DESC PACKAGE CMD...: CMD (a function or command, run in $tmp) succeeds;
# if not, the output and the Debian package to look at.
t() {
	local desc=$1 pkg=$2 out
	shift 2
	n=$((n + 1))
	if out=$(cd "$tmp" && "$@" 2>&1); then
		echo "ok $n - $desc"
		passed=$((passed + 1))
	else
		echo "not ok $n - $desc (Debian package $pkg)"
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

# skip DESC REASON: a check that cannot run here.
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
	passed=$((passed + 1)) skipped=$((skipped + 1))
}

# have CMD: CMD is in PATH (else say so, for t's output).
have() { command -v "$1" >/dev/null 2>&1 || { echo "$1: not found in PATH"; return 1; }; }

# The checks, as the tooling runs the tools.  Each runs in $tmp.
c_git() { # commit, format-patch, am onto the base (apply.sh, send.sh)
	have git || return
	export GIT_AUTHOR_NAME=Depcheck GIT_AUTHOR_EMAIL=depcheck@example.org
	export GIT_COMMITTER_NAME=Depcheck GIT_COMMITTER_EMAIL=depcheck@example.org
	git init -q -b master g && cd g && echo a >a && git add a && git commit -q -m base &&
		git checkout -q -b dev && echo b >>a && git commit -q -a -m "a: add b" &&
		git format-patch -q -o ../p master && git checkout -q master && git am -q ../p/*.patch &&
		[ "$(git rev-parse 'HEAD^{tree}')" = "$(git rev-parse 'dev^{tree}')" ]
}
c_make() { have make || return; printf 'all: out\nout:\n\techo made >$@\n' >Makefile && make -s && grep -qx made out; }
c_gcc() { # libelf and OpenSSL headers and libraries: objtool, sign-file
	have gcc || return
	printf '%s\n' '#include <gelf.h>' '#include <openssl/evp.h>' '#include <stdio.h>' \
		'int main(void) { printf("%d %d\n", elf_version(EV_CURRENT) != EV_NONE, EVP_MD_get_size(EVP_sha256())); return 0; }' >e.c
	gcc -O2 -Wall -Werror -o e e.c -lelf -lcrypto && [ "$(./e)" = "1 32" ]
}
c_ccache() { # a second compile of the same file is a hit
	have ccache || return
	printf 'int f(void) { return 1; }\n' >c.c
	export CCACHE_DIR=$tmp/ccache
	ccache gcc -c -o c1.o c.c && ccache gcc -c -o c2.o c.c &&
		ccache --print-stats | grep -qE '^(direct_cache_hit|preprocessed_cache_hit)[[:space:]]+[1-9]'
}
c_flex() { have flex || return; printf '%%%%\n.|\\n ;\n%%%%\nint yywrap(void) { return 1; }\n' >t.l && flex -o t.yy.c t.l && [ -s t.yy.c ]; }
c_bison() { have bison || return; printf '%%%%\ns: ;\n%%%%\n' >t.y && bison -o t.tab.c t.y && [ -s t.tab.c ]; }
c_bc() { have bc || return; [ "$(echo '2^40 / 3' | bc)" = 366503875925 ]; }
c_misc() { # the kernel build's other tools
	local c
	for c in perl python3 cpio depmod xz tar rsync; do have "$c" || return; done
	echo x >x && echo x | cpio -o --quiet -H newc >x.cpio && depmod -V && xz -k x.cpio && xz -t x.cpio.xz && rsync -a x.cpio r/
}
c_perl() { have perl || return; perl -MTerm::ANSIColor -MEncode -MPOSIX -MFile::Basename -MCwd -e 1; }
c_pymods() { # checkpatch runs spdxcheck.py with Debian's python3 (patchcheck.sh)
	PATH=/usr/bin:$PATH python3 -c 'import git, ply'
}
c_docutils() { have python3 || return; python3 -c 'import docutils.core'; }
c_spatch() { # report mode with a python script, as cocci/check.sh runs the rules
	have spatch || return
	printf 'void foo(void);\nvoid bar(void)\n{\n\tfoo();\n}\n' >t.c
	printf '%s\n' 'virtual report' '' '@r@' 'position p;' '@@' 'foo@p();' '' '@script:python@' 'p << r.p;' '@@' \
		'print("%s:%s: foo" % (p[0].file, p[0].line))' >r.cocci
	[ "$(spatch --very-quiet -D report --no-show-diff --cocci-file r.cocci t.c)" = "t.c:4: foo" ]
}
c_sparse() { # it must find the undeclared non-static symbol
	have sparse || return
	printf 'int f(void) { return 0; }\n' >s.c
	sparse s.c 2>&1 | grep "symbol 'f' was not declared"
}
c_qemu() { # start a machine with vm.sh's 9p shares: it runs until stopped
	have qemu-system-x86_64 || return
	qemu-system-x86_64 -version | head -n 1 || return
	mkdir -p share
	timeout 5 qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 1 -m 64 \
		-display none -monitor none -serial none -no-reboot \
		-virtfs local,path="$tmp/share",mount_tag=host,security_model=none,readonly=on,multidevs=remap
	[ $? = 124 ] || { echo "QEMU exited before the timeout"; return 1; }
}
c_b4() { # b4 prep -e, cover letter, b4 send -o (send.sh), in a throwaway repo
	have b4 || return
	have git-filter-repo || return
	git-filter-repo --version
	export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_COUNT=4 \
		GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=Depcheck \
		GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=depcheck@example.org \
		GIT_CONFIG_KEY_2=sendemail.smtpserver GIT_CONFIG_VALUE_2=/bin/false \
		GIT_CONFIG_KEY_3=b4.send-series-to GIT_CONFIG_VALUE_3=list@example.org
	mkdir -p "$HOME"
	git init -q -b master b && cd b && echo a >a && git add a && git commit -q -m base &&
		git checkout -q -b dev && echo b >>a &&
		git commit -q -a -m "a: add b" -m "Because." -m "Signed-off-by: Depcheck <depcheck@example.org>" &&
		b4 prep -e master </dev/null &&
		EDITOR="sed -i s/EDITME/Depcheck/" b4 prep --edit-cover </dev/null &&
		b4 send --no-sign -o ../mails </dev/null && grep -q '^Subject: \[PATCH\] a: add b' ../mails/*.eml
}
c_gnuplot() { # bench.gp's terminal
	have gnuplot || return
	gnuplot -e 'set terminal pngcairo size 200,100; set output "p.png"; plot sin(x)' &&
		[ "$(head -c 4 p.png | od -An -c | tr -d ' ')" = '211PNG' ]
}
c_groff() { # man-pages/check.sh: no warnings with -ww, text rendered
	have groff || return
	printf '%s\n' '.TH DEPCHECK 7' '.SH NAME' 'depcheck \- a test page' '.SH DESCRIPTION' 'Some \fBbold\fP text.' >t.7
	[ -z "$(groff -man -ww -z t.7 2>&1)" ] && groff -man -Tutf8 -ww t.7 2>&1 | grep -q 'a test page'
}
c_shellcheck() {
	have shellcheck || return
	# shellcheck disable=SC2016 # the scripts it checks
	printf '#!/bin/sh\necho "$1"\n' >ok.sh && printf '#!/bin/sh\necho $1\n' >bad.sh
	shellcheck ok.sh && ! shellcheck bad.sh >/dev/null
}
c_tarball() { # xz -t of the pinned package's tarball (what base.sh unpacks)
	local tar
	tar=$(dpkg-query -L "${pinned%%=*}" | grep -m1 '\.tar\.xz$') || { echo "no .tar.xz in ${pinned%%=*}"; return 1; }
	xz -t "$tar"
}
c_tracecmd() { have trace-cmd || return; trace-cmd options | grep -q 'plugin:'; } # needs no tracefs
c_bpftrace() { have bpftrace || return; bpftrace --version; }
c_perf() { have perf || return; perf --version && perf list sw 2>&1 | grep -q 'cpu-clock'; }
c_debootstrap() { have debootstrap || return; debootstrap --version; }
c_inotifywait() { # the eventfs tests watch a directory with it in the guest
	have inotifywait || return
	local out
	out=$(timeout 5 inotifywait -q -t 1 -e create . 2>&1)
	[ $? = 2 ] || { echo "$out"; return 1; } # 2: timed out with no event
}
c_upgrade() { # nothing of the base's suite would be upgraded or installed
	local out
	out=$(apt-get -s -o Debug::NoLocking=1 upgrade 2>&1) || { echo "$out"; return 1; }
	printf '%s\n' "$out" | sed -n "/^Inst .*\\b$suite\\b/p;/^Inst .*$(apt_suite_archive)/p" | grep . && return 1
	return 0
}
# The archive name apt prints in 'Inst' lines for the suite (stable-backports
# for trixie-backports), from its Release file.
apt_suite_archive() {
	apt-cache policy | awk -v s="$suite" '$1 == "release" && $0 ~ ("[ ,]n=" s "(,|$)") {
		if (match($0, /a=[^,]*/)) { print substr($0, RSTART + 2, RLENGTH - 2); exit } }' | grep . || echo "$suite"
}

# With a kernel tree: the kernel's own scripts on a tiny patch, as patchcheck.sh.
k_patch() {
	printf '%s\n' "From: Depcheck <depcheck@example.org>" "Subject: [PATCH] tracefs: add a depcheck file" "" \
		"A file for depcheck." "" "Signed-off-by: Depcheck <depcheck@example.org>" "---" \
		"diff --git a/fs/tracefs/depcheck.c b/fs/tracefs/depcheck.c" "new file mode 100644" \
		"index 000000000000..111111111111" "--- /dev/null" "+++ b/fs/tracefs/depcheck.c" "@@ -0,0 +1,3 @@" \
		"+// SPDX-License-Identifier: GPL-2.0" "+" "+int tracefs_depcheck;" >"$tmp/k.patch"
}
k_checkpatch() { # silent: spdxcheck.py ran for the new file and had no complaint
	local out
	out=$(cd "$WORK" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-signoff --quiet \
		--show-types --ignore FILE_PATH_CHANGES "$tmp/k.patch" 2>&1)
	[ -z "$out" ] || { echo "$out"; return 1; }
}
k_spdxcheck() { # no output, and no failure (checkpatch only reads its stdout)
	local out
	if out=$(cd "$WORK" && echo GPL-2.0 | PATH=/usr/bin:$PATH scripts/spdxcheck.py - 2>&1) && [ -z "$out" ]; then
		return 0
	fi
	echo "$out"
	return 1
}
k_kerneldoc() { (cd "$WORK" && scripts/kernel-doc -none fs/tracefs/inode.c); }
k_getmaintainer() {
	(cd "$WORK" && perl scripts/get_maintainer.pl --no-tree --nogit --nogit-fallback "$tmp/k.patch") |
		grep -q 'linux-trace-kernel@vger.kernel.org'
}

pinned=$(series_get base-package || true)
suite=$(series_get base-suite || true)
t "git: commit, format-patch, am" git c_git
t "make runs a Makefile" make c_make
t "gcc compiles and links against libelf and OpenSSL" "gcc libc6-dev libelf-dev libssl-dev" c_gcc
t "ccache: the second compile is a hit" ccache c_ccache
t "flex generates a scanner" flex c_flex
t "bison generates a parser" bison c_bison
t "bc computes" bc c_bc
t "cpio, depmod, xz, tar, rsync, perl, python3 run" "cpio kmod xz-utils rsync perl python3" c_misc
t "perl has checkpatch's modules" perl c_perl
t "Debian's python3 imports git and ply (spdxcheck.py)" "python3-git python3-ply" c_pymods
t "python3 imports docutils (rstcheck.sh)" python3-docutils c_docutils
t "spatch runs a rule with a python script in report mode" coccinelle c_spatch
t "sparse warns about an undeclared symbol" sparse c_sparse
t "QEMU starts a machine with a 9p share and runs" qemu-system-x86 c_qemu
t "b4 prep -e, cover letter, b4 send -o in a throwaway repository" "b4 git-filter-repo" c_b4
t "gnuplot writes a PNG with pngcairo" gnuplot-nox c_gnuplot
t "groff renders a man page, no warnings with -ww" groff c_groff
t "shellcheck passes a good script and fails a bad one" shellcheck c_shellcheck
t "trace-cmd loads its plugins" trace-cmd c_tracecmd
t "bpftrace runs" bpftrace c_bpftrace
t "perf runs and lists its software events" linux-perf c_perf
t "debootstrap runs" debootstrap c_debootstrap
t "inotifywait sets a watch and times out" inotify-tools c_inotifywait
if [ -z "$pinned" ] || [ "$pinned" = none ]; then
	skip "xz -t of the base tarball" "series.conf pins no package"
elif dpkg-query -W -f '${Status}' "${pinned%%=*}" 2>/dev/null | grep -q 'ok installed'; then
	t "xz -t of the base tarball of ${pinned%%=*}" "$pinned" c_tarball
else
	skip "xz -t of the base tarball" "${pinned%%=*} is not installed"
fi
if [ -n "$suite" ] && [ -f "$APT_ETC/sources.list.d/tracefs-series-backports.sources" ]; then
	t "apt-get -s upgrade takes nothing from $suite" apt c_upgrade
	echo "# apt-get -s upgrade: $(apt-get -s -o Debug::NoLocking=1 upgrade 2>/dev/null | grep -c '^Inst') package(s) to upgrade"
fi
if [ -f "$WORK/scripts/checkpatch.pl" ]; then
	k_patch
	t "kernel tree: checkpatch.pl --strict on a new file is silent (spdxcheck.py)" \
		"perl python3-git python3-ply" k_checkpatch
	t "kernel tree: spdxcheck.py accepts GPL-2.0" "python3-git python3-ply" k_spdxcheck
	t "kernel tree: kernel-doc runs on fs/tracefs/inode.c" "perl python3" k_kerneldoc
	t "kernel tree: get_maintainer.pl finds the tracing list" perl k_getmaintainer
else
	for c in checkpatch.pl spdxcheck.py kernel-doc get_maintainer.pl; do
		if [ "$need_tree" = 1 ]; then
			n=$((n + 1)) failed=$((failed + 1))
			echo "not ok $n - kernel tree: $c: no kernel tree at $WORK (run 'make base')"
		else
			skip "kernel tree: $c" "no kernel tree at $WORK"
		fi
	done
fi
[ "$skipped" = 0 ] || echo "# $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
