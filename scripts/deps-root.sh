#!/usr/bin/env bash
# deps-root.sh - make deps, then depcheck, in a clean Debian root ('make deps-root').
#
# Usage: scripts/deps-root.sh [--help] [--fresh]
#
# What 'make deps' does on a fresh Debian 12 machine, without one: a
# minimal Debian root (debootstrap --variant=minbase bookworm, from the
# mirror of the machine's own apt configuration) is made once and kept as
# $CACHE/deps-root/pristine-bookworm.tar (--fresh: made again).  Every run
# unpacks it afresh into $CACHE/deps-root/root, gives it the suites of a
# fresh Debian 12 (bookworm, -updates, -security), copies the project's
# working tree into /src/tracefs-series there (the files git tracks or
# would track; $SERIES as its series.conf), mounts proc, sysfs and apt's
# package cache ($CACHE/deps-root/archives: downloads are kept, every
# package is still installed), and runs scripts/deps.sh, then
# scripts/depcheck.sh, in a chroot.  The chroot has no kernel tree:
# depcheck skips those checks.  The chroot is unmounted and removed on
# every exit, with its processes stopped.  The host's apt configuration
# is only read; the chroot gets the mirror and, if the host has them,
# apt's proxy and date-check settings.  Log: $OUT/deps-root.log.
# Needs root, debootstrap and chroot.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
fresh=0
case "${1:-}" in -h|--help) usage; exit 0 ;; --fresh) fresh=1 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
need_cmd debootstrap
need_cmd chroot coreutils
need_cmd flock util-linux
need_cmd git
SUITE=bookworm
DIR=$CACHE/deps-root
ROOT=$DIR/root
PRISTINE=$DIR/pristine-$SUITE.tar
ARCHIVES=$DIR/archives
LOG=$OUT/deps-root.log
[ -f "$SERIES" ] || die "$SERIES does not exist"
mirror=$(apt_debian_uri "$SUITE") ||
	die "no apt source for Debian '$SUITE' main in $APT_ETC/sources.list or $APT_ETC/sources.list.d/ to take the mirror from"
security=$(apt_debian_uri "$SUITE-security") ||
	warn "no apt source for Debian '$SUITE-security' on this machine: the root will have none either"
mkdir -p "$DIR" "$ARCHIVES/partial" "$OUT"
: >"$LOG"
exec 9>"$DIR/lock"
flock -n 9 || die "another deps-root run holds $DIR/lock"

# mounts_under DIR: the mount points at or under DIR, deepest first.
mounts_under() {
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

# Stop what still runs in the chroot (an interrupted apt-get, say), unmount
# everything under it, and remove it; never across a mount that is left.
remove_root() {
	local p m
	[ -n "$ROOT" ] && [ "$ROOT" != / ] || return 1
	[ -e "$ROOT" ] || return 0
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -TERM "${p#/proc/}" 2>/dev/null
	done
	while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || warn "cannot unmount $m"
	done < <(mounts_under "$ROOT")
	[ -z "$(mounts_under "$ROOT")" ] || { warn "mounts left under $ROOT; not removing it"; return 1; }
	rm -rf --one-file-system "$ROOT"
}
trap 'remove_root' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
# The pristine root: debootstrap once, kept as a tar file.
if [ "$fresh" = 1 ] || [ ! -f "$PRISTINE" ]; then
	rm -f "$PRISTINE"
	build=$DIR/build
	rm -rf --one-file-system "$build"
	info "debootstrap --variant=minbase $SUITE from $mirror (log: $LOG)"
	debootstrap --variant=minbase --cache-dir="$ARCHIVES" "$SUITE" "$build" "$mirror" >>"$LOG" 2>&1 ||
		{ tail -n 20 "$LOG" >&2; rm -rf --one-file-system "$build"; die "debootstrap failed (log: $LOG)"; }
	tar -C "$build" -cf "$PRISTINE.tmp" . && mv "$PRISTINE.tmp" "$PRISTINE"
	rm -rf --one-file-system "$build"
	info "pristine root: $PRISTINE ($((SECONDS - start)) s)"
fi

# A new root from the pristine one, every run.
remove_root || die "cannot remove the root of an earlier run, $ROOT"
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$PRISTINE"
src=$ROOT/src/tracefs-series
mkdir -p "$src"
git -C "$TOP" ls-files -z --cached --others --exclude-standard |
	tar -C "$TOP" --null -T - --ignore-failed-read -cf - | tar -C "$src" -xf -
cp "$SERIES" "$src/series.conf"
# The suites of a fresh Debian 12 (debootstrap writes the first only; the
# pinned base may be in -security), on the machine's mirrors.
{
	echo "deb $mirror $SUITE main"
	echo "deb $mirror $SUITE-updates main"
	[ -z "$security" ] || echo "deb $security $SUITE-security main"
} >"$ROOT/etc/apt/sources.list"
# The machine's resolver, and how its apt reaches the mirror.
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy) ' \
	>"$ROOT/etc/apt/apt.conf.d/00tracefs-series-host" || true
# No daemon of a package starts in the chroot.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
mount -t proc proc "$ROOT/proc"
mount -t sysfs -o ro sysfs "$ROOT/sys"
mount --bind "$ARCHIVES" "$ROOT/var/cache/apt/archives"
info "root ready: $ROOT ($((SECONDS - start)) s)"

# inroot CMD: CMD in the chroot, in the project, with a clean environment.
inroot() {
	chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 TERM=dumb \
		/bin/bash -c "cd /src/tracefs-series && $1" 2>&1 | tee -a "$LOG"
	return "${PIPESTATUS[0]}"
}
t0=$SECONDS
rc=0
inroot scripts/deps.sh || rc=$?
t1=$SECONDS
if [ "$rc" = 0 ]; then
	inroot scripts/depcheck.sh || rc=$?
else
	warn "scripts/deps.sh failed in the chroot; depcheck not run"
fi
t2=$SECONDS
info "deps.sh $((t1 - t0)) s, depcheck.sh $((t2 - t1)) s, all $((t2 - start)) s (log: $LOG)"
if [ "$rc" = 0 ]; then info "deps-root: PASS"; else die "deps-root: FAIL"; fi
