#!/usr/bin/env bash
# deps.sh - install the Debian packages the project needs (idempotent).
#
# Usage: scripts/deps.sh [--help] [--check]
#
# Installs with apt-get what is missing (as root); the kernel source package
# is pinned to the version series.conf names.  --check only lists what is
# missing and exits non-zero if anything is.  apt's output goes to
# $CACHE/deps-apt.log.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
check=0
case "${1:-}" in -h|--help) usage; exit 0 ;; --check) check=1 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

# Kernel build, VM, checks (checkpatch's spdxcheck.py imports git and ply),
# mails (b4 prep needs git-filter-repo), clients, report, make deps-root.
PKGS=(
	git make gcc libc6-dev flex bison bc libelf-dev libssl-dev cpio kmod xz-utils
	ccache qemu-system-x86 python3 python3-docutils python3-ply python3-git perl rsync
	sparse coccinelle shellcheck groff b4 git-filter-repo gnuplot-nox
	trace-cmd bpftrace linux-perf debootstrap
)
pinned=$(series_get base-package)
[ -n "$pinned" ] || die "series.conf has no '# base-package:' line"

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
name=${pinned%%=*} version=${pinned#*=}
[ "$(dpkg-query -W -f '${Version}' "$name" 2>/dev/null || true)" = "$version" ] || missing+=("$pinned")
[ "${#missing[@]}" = 0 ] && { info "all packages are installed"; exit 0; }
[ "$check" = 1 ] && die "missing Debian packages: ${missing[*]}"
[ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]}; run 'make deps' as root or install them"
need_cmd apt-get apt
# Not in /tmp: the VM's guest binds every host /tmp entry into its own.
mkdir -p "$CACHE"
LOG=$CACHE/deps-apt.log
info "installing: ${missing[*]} (log: $LOG)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; die "apt-get update failed (log: $LOG)"; }
apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1 ||
	{ tail -n 20 "$LOG" >&2; die "apt-get install failed (log: $LOG)"; }
info "installed ${#missing[@]} package(s)"
