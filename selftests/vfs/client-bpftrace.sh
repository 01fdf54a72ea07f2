#!/bin/bash
# A bpftrace one-liner on vfs:vfs_read counts the workload's reads.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need bpftrace
# bpftrace compiles with LLVM before it attaches: wait until it says so.
bpftrace -e "tracepoint:vfs:vfs_read /args->dev == $RAWDEV && args->ino == $INO/ { @reads[args->ret] = count(); }
	     BEGIN { printf(\"attached\\n\"); }" >"$W/out" 2>&1 &
pid=$!
for _ in $(seq 300); do
	grep -q attached "$W/out" && break
	kill -0 $pid 2>/dev/null || break
	sleep 1
done
grep -q attached "$W/out" || { kill -INT $pid 2>/dev/null; cat "$W/out"; fail "bpftrace did not attach"; }
workload
kill -INT $pid
wait $pid
cat "$W/out"
grep -q '^@reads\[1\]: 7$' "$W/out" || fail "bpftrace did not count 7 reads of 1 byte"
grep -q '^@reads\[0\]: 1$' "$W/out" || fail "bpftrace did not count the read at EOF"
echo PASS
