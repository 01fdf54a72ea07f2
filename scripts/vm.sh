#!/usr/bin/env bash
# vm.sh - boot the built kernel in QEMU and run a test plan from selftests/plans/.
#
# Usage: scripts/vm.sh [--help] [--plan NAME|PATH] [--record-baseline] [--present-only]
#
# QEMU runs under software emulation with the host root shared read-only over
# 9p and a writable share for the results; selftests/guest-init.sh is init.
# The console log, TAP results and per-test logs go to $OUT/vm-<plan>/;
# the end of a failed test's log is quoted.
# The run fails on any kernel splat (KASAN, lockdep, WARN, BUG, Oops, kmemleak,
# hung task, RCU stall), which is quoted, on a VM that does not finish, and on
# any test that passes in selftests/baseline/<plan>.txt but not here; tests
# that are not in the baseline (the series' own) must pass.
# --record-baseline writes the baseline from this run instead (on the base!).
# --present-only leaves out the plan's ftracetest cases that are not in the
# work tree, and the entries after a 'needs PATH' line whose PATH is not,
# and names them (the per-patch boots: a test, or the feature it tests,
# that a later patch adds).  Without it they are run, and fail.
# VM_TIMEOUT (seconds, default 3600) bounds the whole run; VM_MEM (MiB) the RAM;
# VM_APPEND adds kernel parameters, as do the plan's 'append ARGS' lines.
# VM_ICOUNT=SHIFT counts guest time in executed instructions (benchmarks:
# Documentation/bench.rst).
# QEMU names another qemu-system-x86_64 binary (a newer one to compare).
# VM_IMAGE boots another kernel image than the build's, VM_SRC runs the
# ftrace selftests of another tree than the work tree, and --present-only
# looks there (the per-patch boots of scripts/patchcheck.sh: what was
# kept of each patch).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
plan=quick record=0 present=0
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--plan) [ $# -ge 2 ] || die "--plan needs a name"; plan=$2; shift ;;
	--record-baseline) record=1 ;;
	--present-only) present=1 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd python3
require_work
# A plan is a name under selftests/plans/, or a path (a test's own plan).
case "$plan" in
*/*) planfile=$plan plan=$(basename "$plan") ;;
*) planfile=$TOP/selftests/plans/$plan ;;
esac
[ -f "$planfile" ] || die "no test plan '$plan' (plans: $(find "$TOP/selftests/plans" -type f -printf '%f '))"
image=${VM_IMAGE:-$BUILD/arch/x86/boot/bzImage} src=${VM_SRC:-$WORK}
[ -f "$image" ] || die "no kernel image $image; run 'make build' first"
[ -d "$src" ] || die "VM_SRC: no directory $src"

# The C helpers of our tests and benchmarks: the guest runs host binaries.
for d in reliability bench vfs; do
	make -s -C "$TOP/selftests/$d" || die "cannot build the helpers in selftests/$d"
done

run=$OUT/vm-$plan
rm -rf "$run"
mkdir -p "$run/share"
# The guest runs a copy of init and plan, and the verdict reads that copy:
# editing them during a run is safe.
cp "$TOP/selftests/guest-init.sh" "$run/"
# 'needs PATH' lines (PATH in the kernel tree, for the entries after it up
# to the next 'needs') are for --present-only; the guest does not see them.
awk -v dir="$src" -v present="$present" -v absent="$run/absent" '
	function missing(f) { return system("test -e \"" dir "/" f "\"") != 0 }
	$1 == "needs" { need = $2; next }
	$1 == "append" { next }
	present && ($1 == "ftrace" || $1 == "exec") &&
	    (($1 == "ftrace" && missing("tools/testing/selftests/ftrace/" $2)) ||
	     (need != "" && missing(need))) { print $2 >absent; next }
	{ print }' "$planfile" >"$run/$plan"
plan_append=$(sed -n 's/^append[[:space:]]\{1,\}//p' "$planfile" | tr '\n' ' ')
[ ! -s "$run/absent" ] ||
	warn "not in this tree, left out of plan '$plan': $(tr '\n' ' ' <"$run/absent")"
info "booting $image, plan '$plan' ($(grep -cvE '^[[:space:]]*(#|$|timeout )' "$run/$plan") tests); console: $run/console.log"
# VM_ICOUNT=SHIFT: guest time counts executed instructions, 2^SHIFT ns
# each, idle time skipped; QEMU then runs the vCPUs in one
# thread.
tcg_thread=multi icount=()
if [ -n "${VM_ICOUNT:-}" ]; then
	case $VM_ICOUNT in *[!0-9]*) die "VM_ICOUNT must be a shift (0-10), not '$VM_ICOUNT'" ;; esac
	tcg_thread=single icount=(-icount "shift=$VM_ICOUNT,sleep=off")
fi
start=$SECONDS
set +e
# no5lvl: with 5-level paging (QEMU's -cpu max has LA57), 7.3.4 with KASAN
# reported a wild-memory-access in handle_edge_irq() early in 1 of 3 boots
# of the unpatched base (Documentation/workbench.rst); 4-level paging is
# what the tests are about anyway.
timeout "${VM_TIMEOUT:-3600}" "${QEMU:-qemu-system-x86_64}" \
	-accel "tcg,thread=$tcg_thread" "${icount[@]}" -cpu max -smp 2 -m "${VM_MEM:-2048}" \
	-display none -monitor none -serial stdio -no-reboot \
	-kernel "$image" \
	-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$run/share,mount_tag=results,security_model=none" \
	-append "console=ttyS0 root=host rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=524288,cache=loose ro init=$run/guest-init.sh panic=-1 kasan_multi_shot no5lvl $plan_append${VM_APPEND:-} -- $src $run/$plan $TOP" \
	</dev/null 2>&1 | tee "$run/console.log" | while IFS= read -r line; do
		# Progress: the guest's own lines, with the time since QEMU started.
		case "$line" in guest:*) printf '[%5ds] %s\n' "$((SECONDS - start))" "$line" >&2 ;; esac
	done
rc=${PIPESTATUS[0]}
set -e
info "VM exited ($rc) after $((SECONDS - start)) s"
[ "$rc" = 124 ] && warn "the VM ran into VM_TIMEOUT=${VM_TIMEOUT:-3600}s"

args=(--plan "$plan" --tap "$run/share/results.tap" --console "$run/console.log"
	--status "$run/share/status" --baseline "$TOP/selftests/baseline/$plan.txt"
	--json "$run/results.json" --planfile "$run/$plan" --logs "$run/share/logs")
[ "$record" = 1 ] && args+=(--record)
# A KCSAN kernel (scripts/kcsan.sh): a data race in a function of fs/tracefs
# fails the run; the verdict lists the races elsewhere in the kernel.
if grep -qx 'CONFIG_KCSAN=y' "$BUILD/.config"; then
	nm --defined-only "$BUILD"/fs/tracefs/*.o | awk '$2 ~ /^[tT]$/ { sub(/\..*/, "", $3); print $3 }' |
		sort -u >"$run/kcsan-scope"
	[ -s "$run/kcsan-scope" ] || die "KCSAN kernel, but no function symbols in $BUILD/fs/tracefs/*.o"
	args+=(--kcsan-scope "$run/kcsan-scope")
fi
python3 "$TOP/scripts/vm_verdict.py" "${args[@]}"
