#!/usr/bin/env bash
# tooling.sh - tests of the series tooling on good and bad input.
#
# Usage: scripts/tests/tooling.sh [--help]
#
# Uses a small fake kernel git tree as KERNEL (and the real base tree, if
# 'make base' made it, for the config check), so it runs in seconds.  Each
# case checks the exit status, the message and that nothing is left
# half-done.  Ends with 'N passed, N failed'.
set -uo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;; esac
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tests/lib.sh
source "$TOP/scripts/tests/lib.sh"
S=$TOP/scripts
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fake_kernel "$T"
g() { git -C "$KERNEL" "$@"; }
cp -a "$PATCHES" "$T/patches.orig"
cp "$SERIES" "$T/series.orig"
reset_series() { rm -rf "$PATCHES" && cp -a "$T/patches.orig" "$PATCHES" && cp "$T/series.orig" "$SERIES"; }
WORK=$CACHE/worktree-$(printf '%s' "$KERNEL" | md5sum | cut -c1-8)
clean() { [ -z "$(git -C "$WORK" status --porcelain)" ] && [ ! -d "$WORK/.git/rebase-apply" ] &&
	[ ! -d "$(git -C "$WORK" rev-parse --git-path rebase-apply)" ]; }
tip() { git -C "$WORK" rev-parse -q --verify refs/heads/tracefs-series || echo none; }

# --help and unknown arguments
for s in base apply export patchcheck build vm run kcsan deps depcheck deps-root baseline test bench send; do
	expect_ok "$s.sh --help" bash -c "'$S/$s.sh' --help | grep -q Usage"
	expect_err "$s.sh rejects an unknown argument" "unknown argument" "$S/$s.sh" --bogus
done

# The KCSAN config: kernel.config with kcsan.config's options replaced.
overlay() { bash -c "source '$S/lib.sh' && overlay_fragment '$TOP/scripts/kernel.config' '$TOP/scripts/kcsan.config' '$T/kcsan.config'"; }
expect_ok "overlay_fragment writes the KCSAN fragment" overlay
check "... with KCSAN on and KASAN and kmemleak off, once each" \
	bash -c "[ \"\$(grep -cE '^CONFIG_(KCSAN=y|KASAN=n|DEBUG_KMEMLEAK=n)\$' '$T/kcsan.config')\" = 3 ] &&
		! grep -qE '^CONFIG_(KASAN|DEBUG_KMEMLEAK)=y' '$T/kcsan.config'"
check "... and the rest of kernel.config (lockdep, 9p, tracing)" \
	grep -qx 'CONFIG_PROVE_LOCKING=y' "$T/kcsan.config"

# KERNEL: missing, not git, dirty
expect_err "missing KERNEL is named" "does not exist" env KERNEL="$T/nope" "$S/base.sh"
mkdir -p "$T/notgit"
expect_err "KERNEL that is not a git tree" "not a git tree" env KERNEL="$T/notgit" "$S/base.sh"
echo dirty >>"$KERNEL/Makefile"
expect_err "dirty KERNEL is refused" "uncommitted changes" "$S/base.sh"
g checkout -q -- Makefile
expect_err "a BASE that is no commit" "not a commit" env BASE=nope "$S/base.sh"
before=$(g for-each-ref --format='%(refname) %(objectname)' refs/heads refs/tags; g rev-parse HEAD)
expect_ok "base on KERNEL makes a worktree" "$S/base.sh"
expect_ok "apply the series" "$S/apply.sh"
check "branch tracefs-series has the 2 patches" [ "$(git -C "$WORK" rev-list --count refs/tracefs-series/base..tracefs-series)" = 2 ]
check "... and so has the series' branch tracefs-series-test" \
	[ "$(git -C "$WORK" rev-parse 'tracefs-series-test^{tree}')" = "$(git -C "$WORK" rev-parse 'tracefs-series^{tree}')" ]
after=$(g for-each-ref --format='%(refname) %(objectname)' refs/heads refs/tags | grep -v ' *refs/heads/tracefs-series'; g rev-parse HEAD)
check "the user's branches, tags and HEAD are untouched" [ "$before" = "$after" ]
check "the user's working tree is untouched" [ -z "$(g status --porcelain)" ]

# export round trip
sum() { (cd "$PATCHES" && md5sum -- */*; md5sum "$SERIES"); }
expect_ok "export" "$S/export.sh"
s0=$(sum)
"$S/export.sh" 2>/dev/null
check "export of an unchanged branch changes nothing" [ "$s0" = "$(sum)" ]
expect_ok "apply again after export" "$S/apply.sh"
"$S/export.sh" 2>/dev/null
check "apply + export is stable" [ "$s0" = "$(sum)" ]
cp -a "$PATCHES/." "$T/patches.orig/"
cp "$SERIES" "$T/series.orig"
git -C "$WORK" checkout -q tracefs-series-test
git -C "$WORK" commit -q --amend -m "eventfs: change ev 20 (reworded)" -m "So does ev 20." -m "Signed-off-by: Tester <tester@example.org>"
expect_err "apply refuses to drop unexported commits" "tracefs-series-test in $WORK has commits that differ from patches/" "$S/apply.sh"
"$S/export.sh" 2>/dev/null
check "export writes the reworded patch" grep -q "reworded" "$PATCHES"/test/0002-*.patch
check "export renames it in series.conf" grep -q "^test/0002-eventfs-change-ev-20-reworded.patch" "$SERIES"
check "export removes the old file" [ "$(find "$PATCHES" -name '*.patch' | wc -l)" = 2 ]
expect_ok "apply after the export" "$S/apply.sh"
check "... brings tracefs-series up to date" grep -q reworded <(git -C "$WORK" log -1 --format=%s tracefs-series)
git -C "$WORK" commit -q --allow-empty -m "on the combined branch"
expect_err "export refuses a commit made on tracefs-series" "in no series' branch: .* on the combined branch" "$S/export.sh"
expect_err "... and so does apply" "tracefs-series in $WORK has commits that are in no series" "$S/apply.sh"
git -C "$WORK" reset -q --hard HEAD^
reset_series
expect_ok "apply the original series again" env FORCE=1 "$S/apply.sh"
git -C "$WORK" commit -q --allow-empty -m "local experiment"
t0=$(tip)
expect_ok "FORCE=1 apply replaces the branch" env FORCE=1 "$S/apply.sh"
check "the replaced branch is kept as refs/tracefs-series/previous" [ "$(git -C "$WORK" rev-parse refs/tracefs-series/previous)" = "$t0" ]

# a patch that does not apply
t0=$(tip)
sed -i 's/^-int ev20;/-int ev20_not_there;/' "$PATCHES"/test/0002-*.patch
if expect_err "a patch that does not apply is named" "0002-eventfs-change-ev-20.patch does not apply" "$S/apply.sh"; then
	out=$("$S/apply.sh" 2>&1)
	check "... with its failing file" grep -q "failing files: fs/tracefs/event_inode.c" <<<"$out"
fi
check "... and the work tree is clean" clean
check "... and the branch is as before" [ "$(tip)" = "$t0" ]
reset_series

# a corrupt patch
head -c 300 "$T/patches.orig"/test/0001-*.patch >"$PATCHES"/test/0001-*.patch
expect_err "a corrupt patch is named" "0001-tracefs-change-line-10.patch cannot be applied" "$S/apply.sh"
check "... and the work tree is clean" clean
check "... and the branch is as before" [ "$(tip)" = "$t0" ]
reset_series

# series.conf and patches/ disagree
echo "test/0003-missing.patch" >>"$SERIES"
expect_err "series.conf naming a missing file" "names test/0003-missing.patch, which is not in patches/test/" "$S/apply.sh"
reset_series
sed -i '/^test\/0002-/d' "$SERIES"
expect_err "a patch left out of series.conf" "test/0002-eventfs-change-ev-20.patch is in patches/ but not listed in series.conf" "$S/apply.sh"
reset_series
sed -i 's/^test\///' "$SERIES"
expect_err "a patch line without its series" "a patch line is NAME/FILE.patch" "$S/apply.sh"
reset_series
sed -i 's/^test\//Test One\//' "$SERIES"
expect_err "a bad series name" "a patch line is NAME/FILE.patch, NAME the series \(\[a-z0-9-\]\)" "$S/apply.sh"
reset_series
mkdir "$PATCHES/stray"
expect_err "a directory of patches/ that is no series" "patches/stray is not the directory of a series" "$S/apply.sh"
reset_series
# Two series: each applies alone onto the base, and all of them together.
mkdir -p "$PATCHES/second"
git -C "$WORK" checkout -q -B scratch refs/tracefs-series/base
sed -i 's/^int line30;/int line30_second;/' "$WORK/fs/tracefs/inode.c"
git -C "$WORK" commit -q -a -m "tracefs: change line 30" -m "Signed-off-by: Tester <tester@example.org>"
git -C "$WORK" format-patch -q --zero-commit --no-signature -N -o "$PATCHES/second" -1 HEAD
git -C "$WORK" checkout -q tracefs-series && git -C "$WORK" branch -q -D scratch
printf '\nsecond/%s\n' "$(ls "$PATCHES/second")" >>"$SERIES"
expect_ok "apply two series" "$S/apply.sh"
check "... each on its own branch onto the base" \
	[ "$(git -C "$WORK" rev-list --count refs/tracefs-series/base..tracefs-series-test)/$(git -C "$WORK" rev-list --count refs/tracefs-series/base..tracefs-series-second)" = 2/1 ]
check "... and tracefs-series has both, in the order of series.conf" \
	[ "$(git -C "$WORK" log --format=%s refs/tracefs-series/base..tracefs-series | paste -sd,)" = "tracefs: change line 30,eventfs: change ev 20,tracefs: change line 10" ]
"$S/export.sh" 2>/dev/null
s0=$(sum)
expect_ok "... export of both" "$S/export.sh"
check "... changes nothing the second time" [ "$s0" = "$(sum)" ]
check "... and keeps the lines of both series" [ "$(grep -c '^test/' "$SERIES")/$(grep -c '^second/' "$SERIES")" = 2/1 ]
sed -i 's/^-int line10;/-int line10_gone;/' "$PATCHES"/test/0001-*.patch
t1=$(tip)
expect_err "a patch of the first series that does not apply is named with its series" "series test alone: patch 1/2 test/0001-tracefs-change-line-10.patch does not apply" "$S/apply.sh"
check "... no scratch branch is left" [ -z "$(git -C "$WORK" for-each-ref refs/heads/tracefs-series-apply*)" ]
check "... the branch is as before" [ "$(tip)" = "$t1" ]
reset_series
expect_ok "back to one series" env FORCE=1 "$S/apply.sh"
git -C "$WORK" branch -q -D tracefs-series-second
check "nothing changed the branch" [ "$(tip)" = "$t0" ]

# a dirty work tree
echo dirty >>"$WORK/Makefile"
expect_err "apply refuses a dirty work tree" "uncommitted changes" "$S/apply.sh"
git -C "$WORK" checkout -q -- Makefile

# missing tools: a PATH with everything but one command
mkbin() { # DIR CMD-TO-LEAVE-OUT
	mkdir -p "$1"
	for c in bash env git sed awk grep cat md5sum cut realpath dirname basename date printf head \
		tail sort uniq mktemp rm mkdir tr find cmp cp mv ls tar xz dpkg-query make gcc flex bison bc \
		ccache python3 qemu-system-x86_64 nproc tee timeout id seq wc sleep; do
		[ "$c" = "$2" ] && continue
		p=$(command -v "$c") && ln -sf "$p" "$1/$c"
	done
}
mkbin "$T/bin-noccache" ccache
expect_err "build.sh names a missing ccache" "'ccache' not found.*ccache" env PATH="$T/bin-noccache" "$S/build.sh"
mkbin "$T/bin-noqemu" qemu-system-x86_64
expect_err "vm.sh names a missing QEMU" "'qemu-system-x86_64' not found.*qemu-system-x86" env PATH="$T/bin-noqemu" "$S/vm.sh"
mkbin "$T/bin-nogit" git
expect_err "apply.sh names a missing git" "'git' not found" env PATH="$T/bin-nogit" "$S/apply.sh"
expect_err "vm.sh without a built kernel" "no kernel image" "$S/vm.sh"
expect_err "vm.sh with an unknown plan" "no test plan 'nope'" "$S/vm.sh" --plan nope
# --present-only: the fake tree has none of the plan's ftracetest cases.  A
# QEMU that runs nothing: the verdict fails, after the plan was written.
mkdir -p "$T/fakeqemu" "$T/fakebuild/arch/x86/boot"
printf '#!/bin/sh\nexit 0\n' >"$T/fakeqemu/qemu-system-x86_64"
chmod +x "$T/fakeqemu/qemu-system-x86_64"
: >"$T/fakebuild/arch/x86/boot/bzImage"
# The quick plan, and a 'needs' line with an entry under it.
mkdir -p "$T/plans"
plan=$T/plans/quick
{ cat "$TOP/selftests/plans/quick"; printf '%s\n' "needs tools/testing/selftests/ftrace/test.d/needed.tc" "exec true"; } >"$plan"
fakevm() { env PATH="$T/fakeqemu:$PATH" BUILD="$T/fakebuild" OUT="$1" "$S/vm.sh" --plan "$plan" "${@:2}"; }
expect_err "vm.sh --present-only names the cases not in the tree" \
	"not in this tree, left out of plan 'quick': .*test_ownership.tc" fakevm "$T/vm1" --present-only
check_eq "... and leaves them out of the plan it runs" 0 "$(grep -c '^ftrace' "$T/vm1/vm-quick/quick")"
check_eq "... keeping the entries not under a 'needs' line" \
	"$(awk '$1 == "needs" { exit } $1 == "exec"' "$plan" | wc -l)" "$(grep -c '^exec' "$T/vm1/vm-quick/quick")"
check_eq "... and lists each one it left out" \
	"$(awk '$1 == "needs" { n = 1 } $1 == "ftrace" || (n && $1 == "exec")' "$plan" | wc -l)" \
	"$(wc -l <"$T/vm1/vm-quick/absent")"
check_eq "... and the guest does not see the 'needs' lines" 0 "$(grep -c '^needs' "$T/vm1/vm-quick/quick")"
# with the file a 'needs' line names, its entries are kept
need=$(awk '$1 == "needs" { print $2; exit }' "$plan")
if [ -n "$need" ]; then
	mkdir -p "$WORK/$(dirname "$need")" && : >"$WORK/$need"
	expect_err "vm.sh --present-only keeps what 'needs' an existing file" "not in this tree" \
		fakevm "$T/vm3" --present-only
	check_eq "... all the exec entries" "$(grep -c '^exec' "$plan")" "$(grep -c '^exec' "$T/vm3/vm-quick/quick")"
	rm -f "$WORK/$need"
else
	fail "the quick plan has no 'needs' line to test"
fi
# VM_SRC (a kept tree of patchcheck's boots): --present-only looks there,
# and the guest gets it as its kernel source; VM_IMAGE is booted.
mkdir -p "$T/src/tools/testing/selftests/ftrace/test.d/00basic"
env_fakevm() { # VAR=VALUE... -- OUT ARGS...: fakevm with these variables
	local vars=()
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	env "${vars[@]}" PATH="$T/fakeqemu:$PATH" BUILD="$T/fakebuild" OUT="$1" "$S/vm.sh" --plan "$plan" "${@:2}"
}
: >"$T/src/tools/testing/selftests/ftrace/test.d/00basic/test_ownership.tc"
printf '#!/bin/sh\necho "$@" >"%s"\n' "$T/qemu.args" >"$T/fakeqemu/qemu-system-x86_64"
expect_err "vm.sh --present-only with VM_SRC keeps the cases that are there" "not in this tree" \
	env_fakevm VM_SRC="$T/src" VM_IMAGE="$T/fakebuild/arch/x86/boot/bzImage" -- "$T/vm4" --present-only
check_eq "... only them" "ftrace test.d/00basic/test_ownership.tc" "$(grep '^ftrace' "$T/vm4/vm-quick/quick")"
check "... and the guest runs the tests of VM_SRC" grep -q -- "-- $T/src " "$T/qemu.args"
expect_err "vm.sh names a missing VM_IMAGE" "no kernel image $T/nope" env_fakevm VM_IMAGE="$T/nope" -- "$T/vm5"
expect_err "vm.sh names a missing VM_SRC" "VM_SRC: no directory $T/nope" env_fakevm VM_SRC="$T/nope" -- "$T/vm5"
printf '#!/bin/sh\nexit 0\n' >"$T/fakeqemu/qemu-system-x86_64"
expect_err "vm.sh without --present-only runs the whole plan, and fails" "FAIL|not ok" fakevm "$T/vm2"
check "... the whole plan" cmp -s "$T/vm2/vm-quick/quick" <(grep -v "^needs" "$plan")

# The guest's mounts.  ftracetest takes the first line of /proc/mounts that
# contains "tracefs" as the tracing directory, and the guest binds every
# host /tmp entry into its /tmp: a host file or directory named so (the apt
# log of deps.sh once, a clone of this project) must not be mounted before
# tracefs.  guest_mounts of guest-init.sh, with a mount that writes the
# /proc/mounts line and does to a scratch tree what the mount would; then
# ftracetest's own search.
G=$T/guest GI=$TOP/selftests/guest-init.sh
mkdir -p "$G/proc" "$G/sys/kernel/tracing" "$G/sys/kernel/debug" "$G/dev" "$G/run" \
	"$G/tmp/tracefs-series-clone"
: >"$G/tmp/tracefs-series-apt.log"
echo "host / 9p ro 0 0" >"$G/mounts"
(
	mount() { # [-t TYPE] [--bind] SRC DST
		local type=bind src dst
		[ "$1" = -t ] && { type=$2; shift 2; }
		[ "$1" = --bind ] && shift
		src=$1 dst=$2
		case $type in
		bind) [ -d "$src" ] && cp -a "$src/." "$dst/"; src=host type=9p ;;
		tmpfs) rm -rf "${dst:?}"/* "$dst"/.[!.]* ;;
		esac
		echo "$src ${dst#"$G"} $type rw 0 0" >>"$G/mounts"
	}
	# shellcheck source=selftests/guest-init.sh
	source "$GI"
	guest_mounts "$G"
)
check "guest: /dev/fd exists (bash's process substitution needs it)" [ -L "$G/dev/fd" ]
check "guest: the host's /tmp entries are bound into the guest's /tmp" \
	grep -q '^host /tmp/tracefs-series-apt.log 9p ' "$G/mounts"
# (ftracetest: TRACING_DIR=`grep tracefs /proc/mounts | cut -f2 -d' ' | head -1`)
check_eq "guest: ftracetest finds tracefs, not a host /tmp entry named tracefs*" \
	/sys/kernel/tracing "$(grep tracefs "$G/mounts" | cut -f2 -d' ' | head -1)"
check "guest: debugfs is mounted before the host's /tmp entries" \
	[ "$(grep -n ' /sys/kernel/debug debugfs ' "$G/mounts" | cut -d: -f1)" -lt "$(grep -n ' /tmp/' "$G/mounts" | head -n 1 | cut -d: -f1)" ]
ftt=$real/tools/testing/selftests/ftrace/ftracetest
if [ -f "$ftt" ]; then
	# shellcheck disable=SC2016 # the line of ftracetest, backquotes and all
	check "guest: ftracetest of the base still finds tracefs that way" \
		grep -qxF 'TRACING_DIR=`grep tracefs /proc/mounts | cut -f2 -d'"' '"' | head -1`' "$ftt"
else
	fail "guest: no base tree at $real to check ftracetest's search (run 'make base' first) # SKIP"
fi

# The guest's ftracetest runs: the cases of a plan that follow each other
# run in one ftracetest; each entry gets its own result, the instance run
# of a case counts, a case that hangs is TIMEOUT and the rest NOTRUN.  A
# fake ftracetest prints what the real one prints: "[N] name<TAB>[RESULT]",
# N counting on through the instance runs; "hang" in a case's name makes
# it sleep, "instfail" fails its instance run.
F=$T/ft
mkdir -p "$F/test.d"
cat >"$F/ftracetest" <<'FAKE'
#!/bin/bash
[ "$1" = -k ] && [ "$2" = -l ] && shift 3
n=0 inst=()
for t in "$@"; do
	n=$((n + 1))
	case $t in *hang*) sleep 30 ;; esac
	printf '[%d] %s\t[%s]\n' "$n" "${t##*/}" "$(sed -n 's/^# result: //p' "$t")"
	grep -q '^# flags: instance' "$t" && inst+=("$t")
done
for t in "${inst[@]}"; do
	n=$((n + 1))
	r=PASS; case $t in *instfail*) r=FAIL ;; esac
	printf '[%d] (instance) %s\t[%s]\n' "$n" "${t##*/}" "$r"
done
FAKE
chmod +x "$F/ftracetest"
mk() { printf '# result: %s\n%s' "$2" "${3:+# flags: instance
}" >"$F/test.d/$1.tc"; }
mk pass PASS; mk inst PASS i; mk instfail PASS i; mk skip UNSUPPORTED; mk fail FAIL
mk undef UNDEFINED; mk hang PASS; mk after PASS
batch() { # NAME...: run them as one batch; print "RESULT" per case
	(
		# shellcheck source=selftests/guest-init.sh
		source "$GI"
		FT=$F RUN=$T/run CONSOLE=/dev/null R=$T/res TIMEOUT=${TMO:-20}
		mkdir -p "$RUN" "$R/logs"
		arg=() res=() secs=()
		for a in "$@"; do arg+=("test.d/$a.tc"); done
		ftrace_batch 0 "$#"
		echo "${res[*]}"
	)
}
check_eq "guest: one ftracetest run, a result for each case" \
	"PASS PASS UNSUPPORTED FAIL FAIL" "$(batch pass inst skip fail undef)"
check_eq "guest: a case that fails in its instance run fails" \
	"PASS FAIL PASS" "$(batch pass instfail inst)"
check_eq "guest: a case that hangs is TIMEOUT, the cases after it NOTRUN" \
	"PASS TIMEOUT NOTRUN" "$(TMO=2 batch pass hang after)"
check "... and the hung ftracetest is killed" bash -c "! pgrep -f '$F/ftracetes[t]' >/dev/null"
check "guest: each entry's log names the ftracetest run's logs" \
	grep -q "logs/ftracetest-0.log" "$T/res/logs/2.log"

# patchcheck and send: scripts/tests/patchcheck.sh, scripts/tests/send.sh

# Kconfig dropping an option is caught (needs the real base tree from 'make base')
if [ -d "$real/.git" ]; then
	printf 'CONFIG_TRACING=y\nCONFIG_NOT_AN_OPTION_X=y\nCONFIG_FTRACE=n\n' >"$T/bad.config"
	expect_err "a dropped config option is named" "CONFIG_NOT_AN_OPTION_X=y" \
		env -u KERNEL CACHE="$(dirname "$real")" BUILD="$T/build" FRAGMENT="$T/bad.config" "$S/build.sh" --config-only
else
	fail "config check: no base tree at $real (run 'make base' first) # SKIP"
fi
t_done
