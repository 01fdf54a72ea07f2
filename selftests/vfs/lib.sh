# shellcheck shell=bash
# Common part of the real-client tests of the vfs events (bpftrace,
# trace-cmd, perf): no kprobes, only the vfs:* tracepoints.  Source, do not
# run.  Exit codes follow kselftest: 0 pass, 1 fail, 4 skip.
#
# The workload runs on a tmpfs of its own, $M, whose device number is that
# of no other filesystem: an event with dev=$DEV is the workload's, and
# every field of it is known in advance.  It is one program (workload.c)
# that does exactly these system calls, and prints the inode numbers that
# fstat/stat gave it:
#   open("$M/a", O_WRONLY|O_CREAT|O_EXCL)  vfs_open (CREATED), ino A
#   fsync, fdatasync                        vfs_fsync datasync=0, then 1
#   rename("$M/a", "$M/b")                  vfs_rename_enter, vfs_rename
#   unlink("$M/b")                          vfs_unlink_enter, vfs_unlink (ino A)
#   mkdir("$M/d"), stat("$M/d")             ino D
#   rmdir("$M/d")                           vfs_rmdir_enter, vfs_rmdir
#   rmdir("$M/full") (not empty)            vfs_rmdir_enter, vfs_rmdir ret -39
#   unlink("$M/ro/kept") as uid 65534       vfs_unlink ret -13 (no enter)
# "workload DIR noop" does the same start-up and nothing else (perf's
# difference).
set -u
T=/sys/kernel/tracing
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
skip() { echo "SKIP: $*"; exit 4; }
fail() { echo "FAIL: $*"; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"; }
[ -d $T/events/vfs ] || skip "no vfs events in this kernel"
[ "$(id -u)" = 0 ] || skip "needs root (mounts a tmpfs)"
[ -x "$HERE/workload" ] || fail "no $HERE/workload: build it (make -C selftests/vfs; scripts/vm.sh does)"
W=$(mktemp -d /tmp/vfs-client.XXXXXX)
chmod 0755 "$W" # uid 65534 reaches $M/ro/kept
M=$W/mnt
mkdir "$M"
mount -t tmpfs -o size=1m,mode=0755 vfs-client "$M" || skip "cannot mount a tmpfs"
trap 'umount "$M"; rm -rf "$W"' EXIT
mkdir "$M/full" "$M/ro"
: >"$M/full/file"
: >"$M/ro/kept"
chmod 0555 "$M/ro"
# The device number as the events print it (MAJOR:MINOR of s_dev) and as
# their dev field holds it (the kernel's dev_t: major << 20 | minor).
# shellcheck disable=SC2034 # used by the tests that source this
DEV=$(stat -c %Hd:%Ld "$M") RAWDEV=$(( $(stat -c %Hd "$M") << 20 | $(stat -c %Ld "$M") ))
# shellcheck disable=SC2034
ROOT=$(stat -c %i "$M") FULL=$(stat -c %i "$M/full") KEPT=$(stat -c %i "$M/ro/kept")

# workload [noop]: run it; sets A and D (the inode numbers it saw) from its
# output, in $W/workload.out.
workload() {
	"$HERE/workload" "$M" "${1:-run}" >"$W/workload.out" || fail "the workload failed"
	A=$(sed -n 's/^A=//p' "$W/workload.out") D=$(sed -n 's/^D=//p' "$W/workload.out")
}

# expected_events: the events the workload gives on $M, one a line, as
# "event field=value ...", in order (the trace format of each event).
# vfs_open: f_mode is that of a regular file on tmpfs opened for writing
# (ATOMIC_POS: regular file; WRITER: write access to the mount taken;
# CAN_ODIRECT: tmpfs has direct I/O; NONOTIFY_PERM: no fanotify permission
# watch, in the VM); flags as requested, but O_CLOEXEC, which the workload passes,
# is an fd flag that f_flags does not keep.
expected_events() {
	cat <<END
vfs_open dev=$DEV ino=$A f_mode=WRITE|LSEEK|PREAD|PWRITE|ATOMIC_POS|WRITER|CAN_WRITE|OPENED|CREATED|CAN_ODIRECT|NONOTIFY_PERM flags=O_WRONLY|O_CREAT|O_EXCL|O_LARGEFILE ret=0
vfs_fsync dev=$DEV ino=$A start=0 end=9223372036854775807 datasync=0 ret=0
vfs_fsync dev=$DEV ino=$A start=0 end=9223372036854775807 datasync=1 ret=0
vfs_rename_enter dev=$DEV old_dir=$ROOT old_name=a new_dir=$ROOT new_name=b ino=$A target_ino=0 flags=
vfs_rename dev=$DEV ino=$A ret=0
vfs_unlink_enter dev=$DEV dir=$ROOT name=b ino=$A
vfs_unlink dev=$DEV ino=$A ret=0
vfs_rmdir_enter dev=$DEV dir=$ROOT name=d ino=$D
vfs_rmdir dev=$DEV ino=$D ret=0
vfs_rmdir_enter dev=$DEV dir=$ROOT name=full ino=$FULL
vfs_rmdir dev=$DEV ino=$FULL ret=-39
vfs_unlink dev=$DEV ino=$KEPT ret=-13
END
}

# expected_getnames: the pathnames the workload passes to the kernel.
expected_getnames() {
	printf '%s\n' "$M/a" "$M/a" "$M/b" "$M/b" "$M/d" "$M/d" "$M/d" "$M/full" "$M/ro/kept"
}

# stuck PID FILE WHAT: a client started in the background (PID, its
# output in FILE) did not WHAT in time: show where each of its threads
# waits (a hang in the kernel: its stack), and its output; kill it; fail.
stuck() {
	local t
	echo "--- pid $1 did not $3 in time; where its threads wait:"
	for t in /proc/"$1"/task/*; do
		echo "thread ${t##*/} ($(cat "$t/comm" 2>/dev/null)): $(grep -h '^State:' "$t/status" 2>/dev/null) wchan=$(cat "$t/wchan" 2>/dev/null)"
		sed 's/^/    /' "$t/stack" 2>/dev/null
	done
	echo "--- its output:"
	cat "$2"
	kill -KILL "$1" 2>/dev/null
	fail "the client did not $3 in time"
}

# wait_for FILE WORD PID: wait until a client started in the background
# (PID) has written WORD to FILE (bpftrace compiles with LLVM first: slow,
# about 20 s here); 300 s, less than the plan's timeout, so that a hang
# is shown.
wait_for() {
	local _
	for _ in $(seq 300); do
		grep -q "$2" "$1" && return 0
		kill -0 "$3" 2>/dev/null || { cat "$1"; fail "the client exited before it printed '$2'"; }
		sleep 1
	done
	stuck "$3" "$1" "print '$2'"
}

# stop PID FILE: stop a client started in the background with SIGINT (it
# prints what it has and exits), within 60 s.
stop() {
	local _
	kill -INT "$1"
	for _ in $(seq 60); do
		kill -0 "$1" 2>/dev/null || { wait "$1"; return 0; }
		sleep 1
	done
	stuck "$1" "$2" "exit on SIGINT"
}
