#!/usr/bin/env bash
# deps.sh - tests of scripts/deps.sh and scripts/depcheck.sh.
#
# Usage: scripts/tests/deps.sh [--help]
#
# deps.sh runs against a fake apt configuration (APT_ETC, OS_RELEASE) and
# fake dpkg-query, apt-get, apt-cache and id early in PATH: nothing is
# installed and the machine's apt configuration is not touched.  The mirror
# of the fake configuration is a made-up host, so a mirror written into the
# scripts would show.  depcheck.sh runs with a PATH that lacks one tool.
# Ends with 'N passed, N failed'.
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
S=$TOP/scripts
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# A fake machine: apt configuration, release, series.conf, packages.
mirror=http://mirror-$$.example.org/debian
export APT_ETC=$T/etc/apt OS_RELEASE=$T/os-release SERIES=$T/series.conf CACHE=$T/cache
mkdir -p "$APT_ETC/sources.list.d" "$T/bin" "$T/tmp"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_CODENAME=bookworm\n' >"$OS_RELEASE"
printf '# base-package: linux-source-7.3=7.3.4-1~bpo13+1\n# base-suite: trixie-backports\n' >"$SERIES"
src=$APT_ETC/sources.list.d/tracefs-series-backports.sources

# dpkg-query: everything is installed but $FAKE_MISSING; the pinned package
# is at $FAKE_PIN (default: not installed).
cat >"$T/bin/dpkg-query" <<'EOF'
#!/bin/bash
p=${*: -1}
case " ${FAKE_MISSING:-} " in *" $p "*) exit 1 ;; esac
case "$*" in
*Version*) [ -n "${FAKE_PIN:-}" ] || exit 1; printf '%s' "$FAKE_PIN" ;;
*) printf 'install ok installed' ;;
esac
EOF
# apt-get: records its arguments, says what apt says.
cat >"$T/bin/apt-get" <<'EOF'
#!/bin/bash
echo "$*" >>"$FAKE_CALLS"
case "$*" in
*install*)
	n=$(($# - 4))
	echo "0 upgraded, $n newly installed, 0 to remove and 0 not upgraded."
	echo "Need to get 1 kB of archives."
	for p in "${@:5}"; do echo "Setting up ${p%%=*} (1.0) ..."; done ;;
esac
EOF
# apt-cache: 7.3.4-1~bpo13+1 is there once the source file is; policy
# gives that source priority $FAKE_PRIO.
cat >"$T/bin/apt-cache" <<'EOF'
#!/bin/bash
f=$APT_ETC/sources.list.d/tracefs-series-backports.sources
case $1 in
madison) [ -f "$f" ] &&
	echo " linux-source-7.3 | 7.3.4-1~bpo13+1 | $(sed -n 's/^URIs: //p' "$f") trixie-backports/main amd64 Packages" ;;
policy) [ -f "$f" ] || exit 0
	echo "Package files:"
	echo " ${FAKE_PRIO:-100} $(sed -n 's/^URIs: //p' "$f") trixie-backports/main amd64 Packages"
	echo "     release o=Debian Backports,a=stable-backports,n=trixie-backports,l=Debian Backports,c=main,b=amd64" ;;
esac
EOF
printf '#!/bin/sh\necho 0\n' >"$T/bin/id"
chmod +x "$T/bin/"*
fake() { env PATH="$T/bin:$PATH" FAKE_CALLS="$T/calls" TMPDIR="$T/tmp" "$@"; }

# The sources file: the mirror of the machine's own Debian entry.
printf 'deb http://wrong-commented.example.org/debian bookworm main\n' | sed 's/^/# /' >"$APT_ETC/sources.list"
printf '%s\n' "Types: deb" "URIs: http://security-$$.example.org/debian-security" "Suites: bookworm-security" \
	"Components: main" "" "Types: deb" "URIs: http://disabled-$$.example.org/debian" "Suites: bookworm" \
	"Components: main" "Enabled: no" "" "Types: deb deb-src" "URIs: $mirror http://second-$$.example.org/debian" \
	"Suites: bookworm bookworm-updates" "Components: main contrib" \
	"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$APT_ETC/sources.list.d/debian.sources"
out=$("$S/deps.sh" --print-source 2>&1)
check_eq "deb822: the URI of the bookworm main entry (not -security, not disabled)" \
	"URIs: $mirror" "$(grep '^URIs:' <<<"$out")"
check_eq "... the suite of '# base-suite:'" "Suites: trixie-backports" "$(grep '^Suites:' <<<"$out")"
check_eq "... main" "Components: main" "$(grep '^Components:' <<<"$out")"
check_eq "... signed by the Debian archive keyring" "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" \
	"$(grep '^Signed-By:' <<<"$out")"
check "... and names no host of its own" [ "$(grep -c 'debian\.org' <<<"$out")" = 0 ]
rm "$APT_ETC/sources.list.d/debian.sources"
printf '%s\n' "deb http://security-$$.example.org/debian-security bookworm-security main" \
	"deb-src http://src-$$.example.org/debian bookworm main" \
	"deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm contrib main" \
	>"$APT_ETC/sources.list.d/debian.list"
check_eq "one-line: the URI of the bookworm main entry (not -security, deb-src, options)" \
	"URIs: $mirror" "$("$S/deps.sh" --print-source 2>&1 | grep '^URIs:')"
sed -i 's/VERSION_CODENAME=bookworm/VERSION_CODENAME="trixie"/' "$OS_RELEASE"
printf 'deb http://trixie-%s.example.org/debian trixie main\n' $$ >>"$APT_ETC/sources.list.d/debian.list"
check_eq "the release's own suite: trixie on a trixie machine" \
	"URIs: http://trixie-$$.example.org/debian" "$("$S/deps.sh" --print-source 2>&1 | grep '^URIs:')"
sed -i 's/VERSION_CODENAME="trixie"/VERSION_CODENAME=bookworm/' "$OS_RELEASE"
mv "$APT_ETC/sources.list.d/debian.list" "$T/debian.list"
expect_err "no Debian entry: named, nothing made up" "no apt source for Debian 'bookworm' main" \
	"$S/deps.sh" --print-source
mv "$T/debian.list" "$APT_ETC/sources.list.d/debian.list"

# --check names what is missing
expect_err "--check names a missing package" "missing Debian packages: python3-git$" \
	fake env FAKE_MISSING=python3-git FAKE_PIN=7.3.4-1~bpo13+1 "$S/deps.sh" --check
expect_err "--check names the pinned version when another is installed" \
	"missing Debian packages: linux-source-7\.3=7\.3\.4-1~bpo13\+1$" fake env FAKE_PIN=6.12.117-1~deb12u1 "$S/deps.sh" --check
expect_ok "--check: nothing missing" fake env FAKE_PIN=7.3.4-1~bpo13+1 "$S/deps.sh" --check

# Install: the log in CACHE, nothing in TMPDIR, progress shown.
: >"$T/calls"
out=$(fake env FAKE_MISSING="gcc python3-git" FAKE_PIN=7.3.4-1~bpo13+1 "$S/deps.sh" 2>&1)
check_eq "install: apt-get update, then install of what is missing" \
	"update|install -y -q --no-install-recommends gcc python3-git" "$(paste -sd'|' "$T/calls")"
check "... apt's output in \$CACHE/deps-apt.log" grep -q "Setting up python3-git" "$CACHE/deps-apt.log"
check_eq "... nothing in TMPDIR" "" "$(ls -A "$T/tmp")"
check "... progress shown" grep -q "set up 2/2 (python3-git)" <<<"$out"
check "... no source added when not needed" [ ! -e "$src" ]

# The pinned version is not in the configured suites: its suite is added.
: >"$T/calls"
out=$(fake "$S/deps.sh" 2>&1)
check "pinned version missing: the suite's source file is written" grep -qx "Suites: trixie-backports" "$src"
check "... on the machine's mirror" grep -qx "URIs: $mirror" "$src"
check_eq "... apt-get update again, then the pinned version installed" \
	"update|update|install -y -q --no-install-recommends linux-source-7.3=7.3.4-1~bpo13+1" "$(paste -sd'|' "$T/calls")"
check "... and said so" grep -q "not in the configured apt sources: adding suite trixie-backports" <<<"$out"
rm -f "$src"
expect_err "a suite of priority above 100 is refused" "priority 500: it would upgrade" \
	fake env FAKE_PRIO=500 "$S/deps.sh"
check "... and its source file taken out again" [ ! -e "$src" ]
rm -f "$src"
: >"$T/calls"
sed -i 's/7\.3\.4-1~bpo13+1/7.3.4-9/' "$SERIES"
expect_err "a pinned version the suite does not have either: named" \
	"linux-source-7\.3=7\.3\.4-9 is not in suite trixie-backports either" fake "$S/deps.sh"
check "... and nothing installed" [ "$(grep -c install "$T/calls")" = 0 ]
check "... and its source file taken out again" [ ! -e "$src" ]
sed -i '/base-suite/d' "$SERIES"
expect_err "pinned version missing and no '# base-suite:': named" \
	"not in the configured apt sources, and series.conf has no '# base-suite:'" fake "$S/deps.sh"
check "... and no source written" [ ! -e "$src" ]

# depcheck.sh: a tool missing from PATH, a python3 without the git module
unset APT_ETC OS_RELEASE SERIES CACHE
mkdir -p "$T/nosparse" "$T/nogit"
for f in /usr/local/bin/* /usr/bin/* /bin/* /usr/sbin/* /sbin/*; do
	[ "${f##*/}" = sparse ] || [ -e "$T/nosparse/${f##*/}" ] || ln -s "$f" "$T/nosparse/${f##*/}"
done
out=$(PATH=$T/nosparse "$S/depcheck.sh" 2>&1)
check "depcheck: sparse missing from PATH is not ok" \
	grep -qE "^not ok [0-9]+ - sparse .*\(Debian package sparse\)" <<<"$out"
check "... and says why" grep -q "^#   sparse: not found in PATH" <<<"$out"
check "... and the count says so" grep -qE "^[0-9]+ passed, [1-9][0-9]* failed$" <<<"$out"
printf 'raise ImportError("No module named git (a test)")\n' >"$T/nogit/git.py"
out=$(PYTHONPATH=$T/nogit "$S/depcheck.sh" 2>&1)
check "depcheck: Debian's python3 without the git module is not ok" \
	grep -qE "^not ok [0-9]+ - .*imports git and ply.*python3-git" <<<"$out"
out=$(CACHE=$T/nocache "$S/depcheck.sh" 2>&1)
check "depcheck: no kernel tree: its checks skipped, and said so" \
	grep -qE "^ok [0-9]+ - kernel tree: checkpatch.pl # SKIP no kernel tree at $T/nocache/linux" <<<"$out"
expect_err "depcheck --need-tree: no kernel tree is not ok" "^not ok [0-9]+ - kernel tree: checkpatch.pl: no kernel tree" \
	env CACHE="$T/nocache" "$S/depcheck.sh" --need-tree
# depcheck.sh: an upgrade from the base's suite is caught
mkdir -p "$T/aptbin" "$T/apt2/sources.list.d"
printf 'Suites: trixie-backports\n' >"$T/apt2/sources.list.d/tracefs-series-backports.sources"
printf '%s\n' '#!/bin/sh' 'echo "Inst libfoo [1.0-1] (2.0-1~bpo13+1 Debian Backports:13-backports/stable-backports [amd64])"' \
	>"$T/aptbin/apt-get"
printf '%s\n' '#!/bin/sh' 'echo " 100 http://mirror.example.org/debian trixie-backports/main amd64 Packages"' \
	'echo "     release o=Debian Backports,a=stable-backports,n=trixie-backports,l=Debian Backports,c=main,b=amd64"' \
	>"$T/aptbin/apt-cache"
chmod +x "$T/aptbin/"*
printf '# base-package: none\n# base-suite: trixie-backports\n' >"$T/series2.conf"
out=$(PATH=$T/aptbin:$PATH APT_ETC=$T/apt2 SERIES=$T/series2.conf "$S/depcheck.sh" 2>&1)
check "depcheck: an upgrade from stable-backports (trixie-backports) is not ok" \
	grep -qE "^not ok [0-9]+ - apt-get -s upgrade takes nothing from trixie-backports" <<<"$out"
check "... naming it" grep -q "^#   Inst libfoo" <<<"$out"
t_done
