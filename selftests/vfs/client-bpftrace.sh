#!/bin/bash
# bpftrace on the vfs events, without kprobes, as two tools:
#  - vfsstat: the vfs events counted by type, printed every second (the
#    equivalent of bcc/libbpf-tools vfsstat, on this series' events);
#  - filegone: the name (and inode) of each file removed or renamed, from
#    the name the _enter event took before the filesystem was called,
#    printed when the exit event says it succeeded (bcc/libbpf filegone).
# Both see only the workload's filesystem (lib.sh), whose events are
# known exactly: the counts, names, inode numbers and results must be
# exactly the workload's.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need bpftrace

# run_bt NAME PROGRAM: start bpftrace, run the workload, stop it; the
# output is in $W/NAME.out.
run_bt() {
	# Without BTF, bpftrace needs the C types of the fields (u64, dev_t...).
	bpftrace -I "$HERE" --include kernel-types.h -e "BEGIN { printf(\"attached\\n\"); } $2" >"$W/$1.out" 2>&1 &
	local pid=$! start=$SECONDS
	echo "--- $1: bpftrace started (pid $pid)"
	wait_for "$W/$1.out" attached $pid
	echo "--- $1: attached after $((SECONDS - start)) s; the workload"
	workload run
	# vfsstat prints every second: let it print once after the workload.
	sleep 2
	echo "--- $1: SIGINT to bpftrace"
	stop $pid "$W/$1.out"
	echo "--- $1: stopped after $((SECONDS - start)) s; its output:"
	cat "$W/$1.out"
}

# vfsstat: the counts of each second in @, and their totals in @total.
# The totals are what is compared: print(@) then clear(@) are two steps
# of bpftrace's user space (read the map, then delete its keys), and a hit
# between them is in no interval's count (bcc's vfsstat, which clears
# after reading too, loses it the same way).  The interval counts are
# checked to be printed, and never more than the totals.
ONDEV="/args->dev == $RAWDEV/"
run_bt vfsstat "
tracepoint:vfs:vfs_open, tracepoint:vfs:vfs_fsync,
tracepoint:vfs:vfs_unlink_enter, tracepoint:vfs:vfs_unlink,
tracepoint:vfs:vfs_rmdir_enter, tracepoint:vfs:vfs_rmdir,
tracepoint:vfs:vfs_rename_enter, tracepoint:vfs:vfs_rename $ONDEV { @[probe] = count(); @total[probe] = count(); }
tracepoint:vfs:vfs_getname /strncmp(str(args->pathname), \"$M/\", $((${#M} + 1))) == 0/ {
	@[probe] = count(); @total[probe] = count();
}
interval:s:1 { time(\"%H:%M:%S\\n\"); print(@); clear(@); }
END { clear(@); print(@total); clear(@total); }"
# counts MAP: the counts of MAP's lines, summed per event: "event count", sorted.
counts() {
	awk -F'[][]' -v map="$1" '$1 == map && $2 ~ /^tracepoint:vfs:/ { split($3, c, ": "); n[substr($2, 16)] += c[2] }
		END { for (e in n) print e, n[e] }' "$W/vfsstat.out" | sort
}
counts @total >"$W/vfsstat.got"
counts @ >"$W/vfsstat.intervals"
{ expected_events | awk '{ print $1 }'; expected_getnames | sed 's/.*/vfs_getname/'; } |
	sort | uniq -c | awk '{ print $2, $1 }' >"$W/vfsstat.expected"
diff -u "$W/vfsstat.expected" "$W/vfsstat.got" || fail "vfsstat: the counts are not the workload's"
grep -q '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$' "$W/vfsstat.out" || fail "vfsstat: no interval printed"
[ -s "$W/vfsstat.intervals" ] || fail "vfsstat: no count in any interval"
join -a 1 "$W/vfsstat.intervals" "$W/vfsstat.got" | awk 'NF != 3 || $2 > $3 { exit 1 }' ||
	fail "vfsstat: the intervals counted more than the totals"

# filegone: the enter event's name and inode, kept by thread until the
# exit event; a removal or rename that failed is printed as such.
run_bt filegone "
tracepoint:vfs:vfs_unlink_enter $ONDEV { @name[tid] = str(args->name); @ino[tid] = args->ino; }
tracepoint:vfs:vfs_rename_enter $ONDEV {
	@name[tid] = str(args->old_name); @new[tid] = str(args->new_name); @ino[tid] = args->ino;
}
tracepoint:vfs:vfs_unlink $ONDEV {
	if (args->ret == 0) {
		printf(\"D %d %s exit-ino=%d\\n\", @ino[tid], @name[tid], args->ino);
	} else {
		printf(\"unlink failed ino=%d ret=%d\\n\", args->ino, args->ret);
	}
	delete(@name[tid]); delete(@ino[tid]);
}
tracepoint:vfs:vfs_rename $ONDEV {
	if (args->ret == 0) {
		printf(\"R %d %s > %s exit-ino=%d\\n\", @ino[tid], @name[tid], @new[tid], args->ino);
	} else {
		printf(\"rename failed ino=%d ret=%d\\n\", args->ino, args->ret);
	}
	delete(@name[tid]); delete(@new[tid]); delete(@ino[tid]);
}
END { clear(@name); clear(@new); clear(@ino); }"
grep -E '^(D|R) |failed' "$W/filegone.out" >"$W/filegone.got" || true
cat >"$W/filegone.expected" <<END
R $A a > b exit-ino=$A
D $A b exit-ino=$A
unlink failed ino=$KEPT ret=-13
END
diff -u "$W/filegone.expected" "$W/filegone.got" || fail "filegone: not the workload's removals and renames"
echo PASS
