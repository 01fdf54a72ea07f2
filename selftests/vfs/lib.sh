# shellcheck shell=bash
# Common part of the real-client tests of the vfs events.  Source, do not run.
# Exit codes follow kselftest: 0 pass, 1 fail, 4 skip.
set -u
T=/sys/kernel/tracing
skip() { echo "SKIP: $*"; exit 4; }
fail() { echo "FAIL: $*"; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"; }
[ -d $T/events/vfs ] || skip "no vfs events in this kernel"
W=$(mktemp -d /tmp/vfs-client.XXXXXX)
trap 'rm -rf "$W"' EXIT
# The workload file: 7 bytes, read one byte at a time by dd (7 reads of 1
# byte and one of 0 at the end of the file).
printf 'abcdefg' >"$W/data"
# shellcheck disable=SC2034 # used by the tests that source this
INO=$(stat -c %i "$W/data") DEV=$(stat -c %Hd:%Ld "$W/data")
# shellcheck disable=SC2034
RAWDEV=$(( $(stat -c %Hd "$W/data") << 20 | $(stat -c %Ld "$W/data") ))
workload() { dd if="$W/data" of=/dev/null bs=1 status=none; }
