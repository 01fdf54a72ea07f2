#!/usr/bin/env bash
# deps.sh - install the Debian packages the project needs (idempotent).
#
# Usage: scripts/deps.sh [--help] [--check] [--print-source]
#
# Installs with apt-get what is missing (as root); the kernel source package
# is pinned to the version of series.conf's '# base-package:' line.  If apt
# does not have that version, the suite of the '# base-suite:' line (e.g.
# trixie-backports) is added as
# $APT_ETC/sources.list.d/tracefs-series-backports.sources, on the mirror
# of the machine's own Debian entry (the one for this release's suite, e.g.
# bookworm); a suite with an apt priority above 100, which could upgrade
# other packages (backports have 100), is taken out again and refused.
# apt's output goes to $CACHE/deps-apt.log, progress to stderr.
# --check only lists what is missing and exits non-zero if anything is.
# --print-source prints that sources file, writes nothing and exits.
# APT_ETC (default /etc/apt) and OS_RELEASE (default /etc/os-release) are
# there for the tests.  scripts/depcheck.sh runs what is installed.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
check=0 print=0
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--check) check=1 ;;
--print-source) print=1 ;;
"") ;;
*) die "unknown argument '$1' (see --help)" ;;
esac

# Kernel build, VM, checks (checkpatch's spdxcheck.py imports git and ply),
# mails (b4 prep needs git-filter-repo), clients, report, make deps-root.
PKGS=(
	git make gcc libc6-dev flex bison bc libelf-dev libssl-dev cpio kmod xz-utils
	ccache qemu-system-x86 python3 python3-docutils python3-ply python3-git perl rsync
	sparse coccinelle shellcheck groff b4 git-filter-repo gnuplot-nox
	trace-cmd bpftrace linux-perf debootstrap inotify-tools
)
pinned=$(series_get base-package)
suite=$(series_get base-suite)
[ -n "$pinned" ] || die "series.conf has no '# base-package:' line"
name=${pinned%%=*} version=${pinned#*=}
SOURCES=$APT_ETC/sources.list.d/tracefs-series-backports.sources
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# backports_source SUITE: the deb822 apt source of SUITE, main, on the
# machine's Debian mirror.
backports_source() {
	local uri codename
	codename=$(os_codename)
	uri=$(apt_debian_uri "$codename") ||
		die "no apt source for Debian '$codename' main in $APT_ETC/sources.list or $APT_ETC/sources.list.d/ to take the mirror from"
	printf '%s\n' "# Written by tracefs-series scripts/deps.sh: the suite of the pinned" \
		"# kernel source package (series.conf, '# base-suite:').  Backports have" \
		"# apt priority 100: nothing is upgraded from here unless asked for." \
		"Types: deb" "URIs: $uri" "Suites: $1" "Components: main" "Signed-By: $KEYRING"
}

if [ "$print" = 1 ]; then
	[ -n "$suite" ] || die "series.conf has no '# base-suite:' line"
	backports_source "$suite"
	exit 0
fi

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ "$(dpkg-query -W -f '${Version}' "$name" 2>/dev/null || true)" = "$version" ] || missing+=("$pinned")
[ "${#missing[@]}" = 0 ] && { info "all packages are installed"; exit 0; }
[ "$check" = 1 ] && die "missing Debian packages: ${missing[*]}"
[ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]}; run 'make deps' as root or install them"
need_cmd apt-get apt
mkdir -p "$CACHE"
LOG=$CACHE/deps-apt.log
: >"$LOG"
export DEBIAN_FRONTEND=noninteractive

# apt_run ARGS...: apt-get ARGS, output to the log; its end shown on failure.
apt_run() {
	info "apt-get $*"
	apt-get "$@" >>"$LOG" 2>&1 ||
		{ tail -n 20 "$LOG" >&2; die "apt-get $* failed (log: $LOG)"; }
}

# suite_priority SUITE: the highest apt priority of SUITE's sources.
suite_priority() {
	apt-cache policy | awk -v s="$1" '
		$1 ~ /^-?[0-9]+$/ && NF > 2 { p = $1; next }
		$1 == "release" && $0 ~ ("[ ,]n=" s "(,|$)") && (max == "" || p > max) { max = p }
		END { print max }'
}

# available: apt has the pinned version ('apt-cache show name=version'
# succeeds for any version once it knows the name).
available() {
	apt-cache madison "$name" 2>/dev/null |
		awk -F'|' -v v="$version" '{ gsub(/[ \t]/, "", $2) } $2 == v { f = 1 } END { exit !f }'
}

# add_suite SUITE: add the apt source of SUITE, refuse one that would upgrade.
add_suite() {
	local new prio
	[ -f "$KEYRING" ] || die "$KEYRING is missing; install debian-archive-keyring"
	new=$(backports_source "$1")
	if [ "$(cat "$SOURCES" 2>/dev/null)" != "$new" ]; then
		printf '%s\n' "$new" >"$SOURCES"
		info "added apt source $SOURCES: $1 on $(sed -n 's/^URIs: //p' "$SOURCES")"
	fi
	apt_run update
	prio=$(suite_priority "$1")
	[ -n "$prio" ] || die "apt has no source for suite '$1' after 'apt-get update' (log: $LOG)"
	if [ "$prio" -gt 100 ]; then
		rm -f "$SOURCES"
		apt_run update
		die "suite '$1' has apt priority $prio: it would upgrade this system's packages; source removed"
	fi
}

info "missing: ${missing[*]} (apt log: $LOG)"
apt_run update
case " ${missing[*]} " in
*" $pinned "*)
	if ! available; then
		[ -n "$suite" ] ||
			die "$pinned is not in the configured apt sources, and series.conf has no '# base-suite:' line naming the suite that has it"
		info "$pinned is not in the configured apt sources: adding suite $suite"
		add_suite "$suite"
		available || { rm -f "$SOURCES"; die "$pinned is not in suite $suite either; source removed"; }
	fi ;;
esac

# Progress: the download size, then every tenth of the packages unpacked
# and set up.
progress() {
	local line total=0 unpacked=0 setup=0 shown_u=0 shown_s=0 pkg
	while IFS= read -r line; do
		case $line in
		*" upgraded, "*" newly installed, "*)
			total=${line#* upgraded, } total=${total%% newly*}
			info "$total packages to install" ;;
		"Need to get "*|"Fetched "*) info "$line" ;;
		"Unpacking "*)
			unpacked=$((unpacked + 1)) pkg=${line#Unpacking } pkg=${pkg%% *}
			if [ "$total" -gt 0 ] && [ $((unpacked * 10 / total)) -gt "$shown_u" ]; then
				shown_u=$((unpacked * 10 / total))
				info "unpacked $unpacked/$total ($pkg)"
			fi ;;
		"Setting up "*)
			setup=$((setup + 1)) pkg=${line#Setting up } pkg=${pkg%% *}
			if [ "$total" -gt 0 ] && [ $((setup * 10 / total)) -gt "$shown_s" ]; then
				shown_s=$((setup * 10 / total))
				info "set up $setup/$total ($pkg)"
			fi ;;
		esac
	done
}

info "apt-get install ${missing[*]}"
set +e
apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1 | tee -a "$LOG" | progress
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { tail -n 20 "$LOG" >&2; die "apt-get install failed (log: $LOG)"; }
info "installed ${#missing[@]} package(s) and what they depend on"
