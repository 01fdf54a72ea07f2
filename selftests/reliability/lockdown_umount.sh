#!/bin/bash
# lockdown_umount.sh - unmount tracefs while the kernel is locked down, so
# that its superblock and root inode are destroyed; the VM verdict fails the
# run on the KASAN report a broken root inode gives.  Exit 0 pass, 1 fail,
# 4 skip (kselftest).
set -u
# (The config has no securityfs: the kernel log says whether it is locked down.)
if ! grep -qw 'lockdown=confidentiality' /proc/cmdline ||
   ! dmesg | grep -q 'Kernel is locked down'; then
	echo "SKIP: not booted with lockdown=confidentiality"
	exit 4
fi
# Let go of every mount of tracefs, then mount and unmount it once more:
# with nothing else holding it, each umount destroys the superblock.
while grep -q ' tracefs ' /proc/mounts; do
	umount "$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)" || exit 1
done
dir=$(mktemp -d)
for i in 1 2 3; do
	mount -t tracefs nodev "$dir" || { echo "FAIL: mount $i"; exit 1; }
	ls -la "$dir" >/dev/null
	umount "$dir" || { echo "FAIL: umount $i"; exit 1; }
done
rmdir "$dir"
echo "tracefs mounted and unmounted 3 times under lockdown"
