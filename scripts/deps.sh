#!/usr/bin/env bash
# deps.sh - install the Debian packages the project needs (idempotent).
#
# Usage: scripts/deps.sh [--help] [--check]
#
# Installs with apt-get what is missing (as root); the kernel source package
# is pinned to the version series.conf names.  --check only lists what is
# missing and exits non-zero if anything is.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
check=0
case "${1:-}" in -h|--help) usage; exit 0 ;; --check) check=1 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

# Build and VM, checks, clients and report tooling.
PKGS=(
	git make gcc libc6-dev flex bison bc libelf-dev libssl-dev cpio kmod xz-utils
	ccache qemu-system-x86 python3 python3-docutils python3-ply perl rsync
	sparse coccinelle shellcheck groff b4 gnuplot-nox
	trace-cmd bpftrace linux-perf
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
info "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || die "apt-get update failed"
apt-get install -y -qq --no-install-recommends "${missing[@]}" >"${TMPDIR:-/tmp}/tracefs-series-apt.log" 2>&1 ||
	{ tail -n 20 "${TMPDIR:-/tmp}/tracefs-series-apt.log" >&2; die "apt-get install failed (log: ${TMPDIR:-/tmp}/tracefs-series-apt.log)"; }
info "installed ${#missing[@]} package(s)"
