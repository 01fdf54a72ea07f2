#!/usr/bin/env bash
# patchcheck.sh - the per-patch matrix: every check at every patch of the series.
#
# Usage: scripts/patchcheck.sh [--help] [--skip CHECK,...] [--no-builds] [--boot] [--series NAME]
#
# Each series of series.conf is checked alone, as its maintainer takes it:
# its patches are applied one by one with 'git am' onto a detached HEAD at
# the base of the work tree (which must be clean; its HEAD is restored at
# the end).  After each patch:
#   apply        git am of the patch file applies;
#   build        scripts/build.sh: the project's config, incremental, ccache;
#   gcc-w1       no new W=1 warnings compiling the .c files the patch touches;
#   sparse       no new sparse (C=2) warnings on those files;
#   zerocost     a patch that adds a tracepoint call or a static branch to
#                a .c file: every function that gains one keeps its
#                events-off path (instructions, frame, tail calls), built
#                with x86_64_defconfig + scripts/zerocost.config
#                (scripts/zerocost.py);
#   kernel-doc   no new 'scripts/kernel-doc -none' warnings on its .c/.h files;
#   checkpatch   checkpatch.pl --strict silent (what is ignored: see the doc);
#   cocci        no new report of the rules of cocci/ in its .c/.h files;
#   signoff      a Signed-off-by: line matches the author;
#   subject      the subject prefix is one scripts/subject-prefixes accepts
#                for the files touched;
#   fixes        every Fixes: tag is '<12+ hex> ("subject")';
#   maintainers  get_maintainer.pl (MAINTAINERS + MAINTAINERS.fragment) finds
#                a mailing list for every file touched;
#   boot         (--boot only) scripts/vm.sh with the series' per-patch
#                plan (selftests/plans/patch-NAME), without what a later
#                patch adds (vm.sh --present-only) but at the series' last
#                patch.  The kernel image and the selftests of each patch
#                are kept after its build, and the boots of all the series
#                run at the end, BOOT_JOBS (default 2) VMs at a time, the
#                series' last patches first.
# Then, on the tree with the whole series:
#   notrace-build  tinyconfig + scripts/notrace.config (tracing off) builds;
#   i386-build   the touched .c files build for 32-bit x86
#                (tinyconfig + scripts/i386.config).
# And once, on the tree with all the series:
#   maintainers-fragment  MAINTAINERS.fragment and the MAINTAINERS changes
#                of the series agree (scripts/maintainers_check.py).
# "New" warnings are those after the patch that were not there before it,
# compared by message with line and column numbers left out.  --skip leaves
# checks out; a skipped check is reported as SKIP and counts as failed.
# --series NAME checks that series only (and not all the series together).
# --no-builds leaves out the checks that build a kernel (build, gcc-w1,
# sparse, notrace-build, i386-build): they are not in the table at all and
# the output says so ('make test' runs the series this way: its kernel
# builds are the tip's and a fixture series', scripts/tests/matrix.sh).
# Prints one TAP line per patch and check ('[NAME N]': patch N of series
# NAME; '[NAME]': its whole tree) quoting what failed, writes
# $OUT/patchcheck.json (logs in $OUT/patchcheck/) and ends with
# 'N passed, N failed'.  Exit 1 on any failure.  See Documentation/patchcheck.rst.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
ALL_CHECKS="apply build gcc-w1 sparse zerocost kernel-doc checkpatch cocci signoff subject fixes maintainers boot maintainers-fragment notrace-build i386-build"
BUILD_CHECKS="build gcc-w1 sparse zerocost notrace-build i386-build"
skip=" " boot=0 omit=" " only=
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--skip)
		[ $# -ge 2 ] || die "--skip needs a list of checks"
		for s in ${2//,/ }; do
			case " $ALL_CHECKS " in *" $s "*) skip+="$s " ;; *) die "unknown check '$s' (checks: $ALL_CHECKS)" ;; esac
		done
		shift ;;
	--no-builds) omit+="$BUILD_CHECKS " skip+="$BUILD_CHECKS " ;;
	--boot) boot=1 ;;
	--series) [ $# -ge 2 ] || die "--series needs a name"; only=$2; shift ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
[ "$boot" = 0 ] || [ "$omit" = " " ] || die "--boot needs the per-patch builds; it cannot go with --no-builds"
need_cmd git
need_cmd perl
need_cmd python3
case "$skip" in *" cocci "*) ;; *) need_cmd spatch coccinelle ;; esac
case "$skip" in *" sparse "*) ;; *) need_cmd sparse ;; esac
series_check
require_work
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	die "$WORK has uncommitted changes; commit them (and 'make export') or 'git -C $WORK stash' first"
[ ! -d "$(git -C "$WORK" rev-parse --git-path rebase-apply)" ] ||
	die "$WORK has a 'git am' or rebase in progress; finish or abort it first"
for f in scripts/checkpatch.pl scripts/kernel-doc scripts/get_maintainer.pl MAINTAINERS; do
	[ -e "$WORK/$f" ] || die "$WORK has no $f; is it a Linux tree?"
done
git -C "$WORK" config user.name >/dev/null || export GIT_COMMITTER_NAME="tracefs-series tooling"
git -C "$WORK" config user.email >/dev/null || export GIT_COMMITTER_EMAIL="tracefs-series@localhost"

LOGS=$OUT/patchcheck
rm -rf "$LOGS" "$OUT/patchcheck.json"
mkdir -p "$LOGS"
tmp=$(mktemp -d)
back=$(git -C "$WORK" symbolic-ref -q --short HEAD || git -C "$WORK" rev-parse HEAD)
cleanup() {
	[ -d "$(git -C "$WORK" rev-parse --git-path rebase-apply)" ] && git -C "$WORK" am --abort >/dev/null 2>&1
	git -C "$WORK" checkout -q -f "$back"
	rm -rf "$tmp"
}
trap cleanup EXIT
# sparse through a wrapper that marks its lines: C=2 also runs gcc.
printf '#!/bin/sh\nsparse "$@" 2>&1 | sed "s/^/SPARSE /"\n' >"$tmp/sparse"
chmod +x "$tmp/sparse"
# What checkpatch ignores, and why: Documentation/patchcheck.rst.
# FILE_PATH_CHANGES ("does MAINTAINERS need updating?"): the maintainers
# and maintainers-fragment checks answer it.  UNKNOWN_COMMIT_ID: only
# without history (the Debian base), where no commit id can be found.
history=1 cpignore=FILE_PATH_CHANGES
[ "$(git -C "$WORK" rev-list --count "$BASE_REF")" -gt 1 ] || { history=0; cpignore+=,UNKNOWN_COMMIT_ID; }

n=0 bad=0 cur=
: >"$tmp/rows"
result() { # PATCH-NO|"" SUBJECT CHECK STATUS(ok|FAIL|SKIP|n/a) DETAILS (of series $cur)
	case "$omit" in *" $3 "*) return 0 ;; esac # --no-builds: no row at all
	n=$((n + 1))
	local tag="[$cur${1:+ $1}]"
	case "$4" in
	ok|n/a) printf 'ok %s - %s %s: %s%s\n' "$n" "$tag" "$3" "$2" "${5:+ ($(head -n 1 <<<"$5"))}" ;;
	FAIL|SKIP)
		bad=$((bad + 1))
		printf 'not ok %s - %s %s: %s%s\n' "$n" "$tag" "$3" "$2" "$([ "$4" = SKIP ] && echo ' # SKIP (counts as failed)')"
		printf '%s\n' "$5" | head -n 40 | sed 's/^/#   /' ;;
	*) die "internal error: status '$4'" ;;
	esac
	# One row a line (details in a file of their own), made JSON at the end.
	printf '%s\t%s\t%s\t%s\t%s\n' "$cur" "$1" "$2" "$3" "$4" >>"$tmp/rows"
	printf '%s' "$5" >"$tmp/details.$n"
}
skipped() { case "$skip" in *" $1 "*) return 0 ;; esac; return 1; }

# norm: warning lines without the tree's path and without line/column numbers.
norm() { sed -e "s|$WORK/||g" -e "s|\.\./$(basename "$WORK")/||g" -E -e 's/:[0-9]+(:[0-9]+)?:/:/' -e 's/line [0-9]+/line N/g' | sort; }
# new_lines BEFORE AFTER: lines of file AFTER not in file BEFORE (as multisets).
new_lines() { comm -13 "$1" "$2"; }

# compile_checks SIDE CFILE...: W=1 gcc and sparse warnings of the built .c
# files into $tmp/SIDE.w1 and $tmp/SIDE.sparse.  Objects are removed first so
# that they are compiled again (ccache makes that cheap).
compile_checks() {
	local side=$1 f o objs=()
	shift
	: >"$tmp/$side.w1"
	: >"$tmp/$side.sparse"
	for f in "$@"; do
		o=${f%.c}.o
		{ [ -f "$WORK/$f" ] && [ -f "$BUILD/$(dirname "$o")/.$(basename "$o").cmd" ]; } || continue
		rm -f "$BUILD/$o"
		objs+=("$o")
	done
	[ "${#objs[@]}" -gt 0 ] || return 0
	kmake -j"${JOBS:-$(nproc)}" W=1 C=2 CHECK="$tmp/sparse" "${objs[@]}" >"$tmp/$side.make" 2>&1 || true
	cat "$tmp/$side.make" >>"$SL/$i/compile-$side.log"
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$tmp/$side.make" | norm >"$tmp/$side.w1" || true
	sed -n 's/^SPARSE //p' "$tmp/$side.make" | grep -E ': (warning|error):' | norm >"$tmp/$side.sparse" || true
}

# adds_static_branch PATCH: whether the patch adds a tracepoint call, a
# trace_*_enabled() test or a static branch to a kernel .c or .h file.
adds_static_branch() {
	awk '/^\+\+\+ b\// { f = substr($0, 7); next }
	     /^\+/ && f ~ /\.[ch]$/ && f !~ /^(tools|scripts)\// &&
	     /(^|[^A-Za-z0-9_])(trace_[a-z0-9_]+|static_branch_(un)?likely|static_key_(true|false|enabled))[ \t]*\(/ { found = 1 }
	     END { exit !found }' "$1"
}

# zc_compile SIDE CFILE...: the objects of the .c files in the zerocost
# build directory (x86_64_defconfig + scripts/zerocost.config), kept in
# $tmp/zc/SIDE/.  The first compile there prepares the tree (minutes cold).
ZCBUILD=$WORK.build-zerocost
zc_compile() {
	local side=$1 f o objs=()
	shift
	rm -rf "$tmp/zc/$side"
	mkdir -p "$tmp/zc/$side" "$SL/zerocost"
	BUILD=$ZCBUILD BASECONFIG=x86_64_defconfig FRAGMENT=$TOP/scripts/zerocost.config OUT=$SL/zerocost \
		"$TOP/scripts/build.sh" --config-only >>"$SL/$i/zerocost.log" 2>&1 || return 1
	for f in "$@"; do
		[ -f "$WORK/$f" ] || continue
		o=${f%.c}.o
		rm -f "$ZCBUILD/$o"
		objs+=("$o")
	done
	[ "${#objs[@]}" -gt 0 ] || return 0
	BUILD=$ZCBUILD kmake -j"${JOBS:-$(nproc)}" "${objs[@]}" >>"$SL/$i/zerocost.log" 2>&1 || return 1
	for o in "${objs[@]}"; do
		[ -f "$ZCBUILD/$o" ] && cp "$ZCBUILD/$o" "$tmp/zc/$side/${o//\//__}"
	done
	return 0
}

# zc_check: zerocost.py on every object built on both sides; prints its
# lines; exit 0 all pass, 1 one fails, 3 no function gained a static branch.
zc_check() {
	local b name out rc any=0 bad=0
	for b in "$tmp"/zc/before/*.o; do
		[ -f "$b" ] || continue
		name=${b##*/}
		[ -f "$tmp/zc/after/$name" ] || continue
		rc=0
		out=$(python3 "$TOP/scripts/zerocost.py" "$b" "$tmp/zc/after/$name" 2>&1) || rc=$?
		case $rc in
		0) any=1 ;;
		1) any=1 bad=1 ;;
		*) grep -q "no function gained a static branch" <<<"$out" && continue; bad=1 ;;
		esac
		printf '%s:\n%s\n' "${name//__//}" "$out"
	done
	[ "$bad" = 0 ] || return 1
	[ "$any" = 1 ] || return 3
}

# kdoc SIDE FILE...: kernel-doc warnings of the existing .c/.h FILEs.
kdoc() {
	local side=$1 f have=()
	shift
	for f in "$@"; do [ -f "$WORK/$f" ] && have+=("$f"); done
	: >"$tmp/$side.kdoc"
	[ "${#have[@]}" -gt 0 ] || return 0
	(cd "$WORK" && perl scripts/kernel-doc -none "${have[@]}" 2>&1) | grep -E 'warning|error' | norm >"$tmp/$side.kdoc" || true
}

# cocci_new COMMIT FILE...: the reports of the rules on FILEs after COMMIT
# that were not there before it (compared without line numbers).  One spatch
# run per rule sees both versions, in before/ and after/.
cocci_new() {
	local c=$1 d=$tmp/src f side rev rule
	shift
	rm -rf "$d"
	for f in "$@"; do
		for side in before after; do
			rev=$c
			[ "$side" = before ] && rev=$c^
			git -C "$WORK" cat-file -e "$rev:$f" 2>/dev/null || continue
			mkdir -p "$d/$side/$(dirname "$f")"
			git -C "$WORK" show "$rev:$f" >"$d/$side/$f"
		done
	done
	for rule in "$TOP"/cocci/*.cocci; do
		# shellcheck disable=SC2046 # the rule's options are words
		spatch --very-quiet -D report --no-show-diff \
			$(sed -n 's|^// Options: *||p' "$rule") --cocci-file "$rule" --dir "$d" 2>/dev/null |
			sed -e "s|^$d/||" -e 's/:[0-9]*:[0-9-]*:/:/' -e 's/line [0-9]*/line N/g' \
				-e "s#^\(before\|after\)/\(.*\)#\1 $(basename "$rule" .cocci): \2#"
	done >"$tmp/reports"
	comm -13 <(sed -n 's/^before //p' "$tmp/reports" | sort) <(sed -n 's/^after //p' "$tmp/reports" | sort)
}

# prefixes_for FILE: the accepted subject prefixes of FILE (first matching
# line of scripts/subject-prefixes), or nothing.
prefixes_for() {
	local pat rest
	while read -r pat rest; do
		case "$pat" in ''|'#'*) continue ;; esac
		if [[ "$pat" == */ ]]; then
			[[ "$1" == "$pat"* ]] || continue
		else
			# shellcheck disable=SC2053 # $pat is a glob; '*' must not cross '/'
			{ [[ "$1" == $pat ]] && [ "${1//[!\/]/}" = "${pat//[!\/]/}" ]; } || continue
		fi
		echo "$rest"
		return
	done <"$TOP/scripts/subject-prefixes"
}

# check_subject SUBJECT FILE...: details of what is wrong, or nothing.
check_subject() {
	local subj=$1 prefix f acc all=" " missing=()
	shift
	prefix=${subj%%: *}
	[ "$prefix" != "$subj" ] || { echo "subject '$subj' has no 'prefix: ' (see scripts/subject-prefixes)"; return; }
	for f in "$@"; do
		acc=$(prefixes_for "$f")
		[ -n "$acc" ] || { missing+=("$f"); continue; }
		all+="$acc "
	done
	[ "${#missing[@]}" = 0 ] || { echo "no line of scripts/subject-prefixes matches: ${missing[*]}"; return; }
	case "$all" in *" $prefix: "*|*" * "*) return ;; esac
	echo "prefix '$prefix:' is not accepted for the files touched; accepted:$(tr ' ' '\n' <<<"$all" | sort -u | tr '\n' ' ')"
}

# check_fixes MESSAGE-FILE: the malformed Fixes: lines, or nothing.
check_fixes() {
	grep -i '^fixes:' "$1" | grep -vE '^Fixes: [0-9a-f]{12,40} \("[^"].*"\)$' |
		sed 's/^/malformed (want: Fixes: <12+ hex digits> ("subject")): /' || true
}

# check_maintainers FILE...: the files for which no mailing list is found.
check_maintainers() {
	local f
	maintainers_with_fragment "$tmp/MAINTAINERS"
	for f in "$@"; do
		# MAINTAINERS itself has no entry upstream (a change to it goes to
		# the subsystem it is about); maintainers-fragment checks it.
		[ "$f" != MAINTAINERS ] || continue
		[ -e "$WORK/$f" ] || continue
		(cd "$WORK" && perl scripts/get_maintainer.pl --mpath "$tmp/MAINTAINERS" --no-git --no-git-fallback \
			--nom --nor --l --no-tree -f "$f" 2>/dev/null) | grep -qE '\((open |moderated )?list:' ||
			echo "$f: no mailing list (only the catch-all, if any); add an entry to MAINTAINERS.fragment"
	done
}

# checkpatch_filter: checkpatch --show-types output on stdin, without the
# two CHECKs that the kernel's own TRACE_EVENT() layout gives on every event
# in include/trace/events/ (Documentation/patchcheck.rst); nothing if
# nothing else is left.
checkpatch_filter() {
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
	/^total: / { total = $0; next }
	/^CHECK:(OPEN_ENDED_LINE|PARENTHESIS_ALIGNMENT):/ && /FILE: include\/trace\/events\// { next }
	{ print; kept++ }
	END { if (kept && total != "") print total }'
}

# patch_files PATCH: the paths a patch touches (both names of a rename).
patch_files() { sed -n 's|^diff --git a/\(.*\) b/\(.*\)$|\1\n\2|p' "$1" | sort -u; }

# stage_boot PATCH-NO: keep what the boot of the patch (of series $cur)
# needs, taken right after its build: the kernel image and the tree's
# ftrace selftests (and the paths of the plan's 'needs' lines), so that the
# boots can run later, side by side, while the work tree is at another
# patch.  Queues the boot.
stage_boot() {
	local d=$SL/$1/boot p paths=(tools/testing/selftests/ftrace)
	mkdir -p "$d/src"
	cp "$BUILD/arch/x86/boot/bzImage" "$d/bzImage"
	while read -r p; do
		git -C "$WORK" cat-file -e "HEAD:$p" 2>/dev/null && paths+=("$p")
	done < <(sed -n 's/^needs[[:space:]]\{1,\}//p' "$TOP/selftests/plans/patch-$cur")
	git -C "$WORK" archive HEAD -- "${paths[@]}" | tar -x -C "$d/src"
}

# boot_one NAME PATCH-NO LAST: boot the staged kernel of patch PATCH-NO of
# series NAME with the plan patch-NAME (before the last patch LAST: without
# what a later patch adds, vm.sh --present-only).
boot_one() {
	local d=$LOGS/$1/$2 vmargs=(--present-only) rc=0 start=$SECONDS
	[ "$2" = "$3" ] && vmargs=()
	VM_IMAGE=$d/boot/bzImage VM_SRC=$d/boot/src OUT=$d \
		"$TOP/scripts/vm.sh" --plan "patch-$1" "${vmargs[@]}" >"$d/boot.log" 2>&1 || rc=$?
	echo "$rc" >"$d/boot.rc"
	info "[$1 $2/$3] boot with plan patch-$1: $([ "$rc" = 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
}

# run_boots: the boots of the staged patches of every series, BOOT_JOBS
# (default 2) VMs at a time: one QEMU keeps about one host CPU busy, the
# tests mostly running on one vCPU.  The last patch of each series first:
# its plan has the most tests.  Then one boot row per patch.
run_boots() {
	local name last i running=0 order=() note d
	for d in reliability bench vfs; do
		make -s -C "$TOP/selftests/$d" || die "cannot build the helpers in selftests/$d"
	done
	for name in "${names[@]}"; do [ "${lasts[$name]:-0}" = 0 ] || order+=("$name ${lasts[$name]} ${lasts[$name]}"); done
	for name in "${names[@]}"; do
		for ((i = 1; i < ${lasts[$name]:-0}; i++)); do order+=("$name $i ${lasts[$name]}"); done
	done
	info "booting up to ${#order[@]} kernel(s), ${BOOT_JOBS:-2} at a time (logs: $LOGS/<series>/<patch>/boot.log)"
	for d in "${order[@]}"; do
		read -r name i last <<<"$d"
		[ -f "$LOGS/$name/$i/boot/bzImage" ] || continue
		while [ "$running" -ge "${BOOT_JOBS:-2}" ]; do
			wait -n
			running=$((running - 1))
		done
		info "[$name $i/$last] booting"
		boot_one "$name" "$i" "$last" &
		running=$((running + 1))
	done
	wait
	for name in "${names[@]}"; do
		cur=$name
		for ((i = 1; i <= ${lasts[$name]:-0}; i++)); do
			d=$LOGS/$name/$i
			[ -n "${subjects[$name/$i]:-}" ] || continue
			if [ ! -f "$d/boot/bzImage" ]; then
				result "$i" "${subjects[$name/$i]}" boot FAIL "not booted: the patch did not build"
				continue
			fi
			note="plan patch-$name"
			[ -s "$d/vm-patch-$name/absent" ] &&
				note+="; not in the tree yet: $(xargs -n1 basename <"$d/vm-patch-$name/absent" | tr '\n' ' ')"
			if [ "$(cat "$d/boot.rc" 2>/dev/null)" = 0 ]; then
				result "$i" "${subjects[$name/$i]}" boot ok "$note"
			else
				result "$i" "${subjects[$name/$i]}" boot FAIL "$note: $(grep -E 'FAIL|splat|not ok' "$d/boot.log" | head -n 20)"
			fi
		done
	done
}

mapfile -t names < <(series_names)
if [ -n "$only" ]; then
	printf '%s\n' "${names[@]}" | grep -qxF -- "$only" || die "no series '$only' in $SERIES (series: ${names[*]})"
	names=("$only")
fi
if [ "$boot" = 1 ]; then
	for cur in "${names[@]}"; do
		[ -f "$TOP/selftests/plans/patch-$cur" ] ||
			die "--boot: series $cur has no per-patch plan selftests/plans/patch-$cur"
	done
fi
declare -A subjects=() lasts=()
allapplied=1
for cur in "${names[@]}"; do
	SL=$LOGS/$cur
	mapfile -t list < <(series_patches "$cur")
	[ "${#list[@]}" -gt 0 ] || { warn "series $cur has no patch: nothing to check"; continue; }
	info "series $cur: checking ${#list[@]} patch(es) onto $BASE_REF of $WORK (logs: $SL)"
	git -C "$WORK" checkout -q --detach "$BASE_REF"
	alltouched=()
	i=0 applied=1
	for p in "${list[@]}"; do
		i=$((i + 1))
		p=$cur/$p
		mkdir -p "$SL/$i"
		subj=$(git mailinfo /dev/null /dev/null <"$PATCHES/$p" 2>/dev/null | sed -n 's/^Subject: //p')
		subj=${subj:-$p}
		info "[$cur $i/${#list[@]}] $subj"
		mapfile -t files < <(patch_files "$PATCHES/$p")
		# Kernel C files: not the host tools and selftests of tools/ and scripts/.
		mapfile -t chfiles < <(printf '%s\n' "${files[@]}" | grep -vE '^(tools|scripts)/' | grep '\.[ch]$')
		mapfile -t cfiles < <(printf '%s\n' "${chfiles[@]}" | grep '\.c$')
		alltouched+=("${files[@]}")

		# before the patch
		{ skipped gcc-w1 && skipped sparse; } || compile_checks before "${cfiles[@]}"
		skipped kernel-doc || kdoc before "${chfiles[@]}"
		zc=none
		if ! skipped zerocost && [ "${#cfiles[@]}" -gt 0 ] && adds_static_branch "$PATCHES/$p"; then
			info "[$cur $i/${#list[@]}] zerocost: compiling before the patch in $ZCBUILD"
			if zc_compile before "${cfiles[@]}"; then zc=ready; else zc=broken; fi
		fi

		if ! git -C "$WORK" am -q --committer-date-is-author-date "$PATCHES/$p" >"$SL/$i/am.log" 2>&1; then
			result "$i" "$subj" apply FAIL "$(cat "$SL/$i/am.log")"
			info "patch $i of $cur does not apply: the patches after it are not checked"
			applied=0 allapplied=0
			break
		fi
		result "$i" "$subj" apply ok ""

		if skipped build; then
			result "$i" "$subj" build SKIP "skipped (--skip)"
		elif OUT=$SL/$i "$TOP/scripts/build.sh" >"$SL/$i/build.out" 2>&1; then
			result "$i" "$subj" build ok ""
			[ "$boot" = 1 ] && stage_boot "$i"
		else
			result "$i" "$subj" build FAIL "$(grep -E 'error:|Error [0-9]|error: ' "$SL/$i/build.out" | sed "s|$WORK/||g" | head -n 20)"
		fi

		{ skipped gcc-w1 && skipped sparse; } || compile_checks after "${cfiles[@]}"
		for c in gcc-w1:w1 sparse:sparse; do
			name=${c%%:*} ext=${c#*:}
			if skipped "$name"; then
				result "$i" "$subj" "$name" SKIP "skipped (--skip)"
				continue
			fi
			notbuilt=()
			for f in "${cfiles[@]}"; do
				[ -f "$WORK/$f" ] || continue
				[ -f "$BUILD/$(dirname "$f")/.$(basename "${f%.c}").o.cmd" ] || notbuilt+=("$f")
			done
			new=$(new_lines "$tmp/before.$ext" "$tmp/after.$ext")
			if [ -n "$new" ]; then
				result "$i" "$subj" "$name" FAIL "new warnings:"$'\n'"$new"
			elif [ "${#notbuilt[@]}" -gt 0 ]; then
				result "$i" "$subj" "$name" SKIP "not built by the project's config, not checked: ${notbuilt[*]}"
			elif [ "${#cfiles[@]}" = 0 ]; then
				result "$i" "$subj" "$name" n/a "no .c file touched"
			else
				result "$i" "$subj" "$name" ok ""
			fi
		done

		if skipped zerocost; then
			result "$i" "$subj" zerocost SKIP "skipped (--skip)"
		elif [ "${#cfiles[@]}" = 0 ]; then
			result "$i" "$subj" zerocost n/a "no .c file touched"
		elif [ "$zc" = none ]; then
			result "$i" "$subj" zerocost n/a "adds no tracepoint call or static branch"
		elif [ "$zc" = broken ] || ! zc_compile after "${cfiles[@]}"; then
			result "$i" "$subj" zerocost FAIL "the objects did not build in $ZCBUILD: $(grep -E 'error' "$SL/$i/zerocost.log" | sed "s|$WORK/||g" | head -n 20)"
		else
			rc=0
			out=$(zc_check) || rc=$?
			case $rc in
			0) result "$i" "$subj" zerocost ok "$out" ;;
			3) result "$i" "$subj" zerocost n/a "no function of the built objects gained a static branch" ;;
			*) result "$i" "$subj" zerocost FAIL "$out" ;;
			esac
		fi

		if skipped kernel-doc; then
			result "$i" "$subj" kernel-doc SKIP "skipped (--skip)"
		elif [ "${#chfiles[@]}" = 0 ]; then
			result "$i" "$subj" kernel-doc n/a "no .c/.h file touched"
		else
			kdoc after "${chfiles[@]}"
			new=$(new_lines "$tmp/before.kdoc" "$tmp/after.kdoc")
			if [ -z "$new" ]; then result "$i" "$subj" kernel-doc ok ""; else result "$i" "$subj" kernel-doc FAIL "new warnings:"$'\n'"$new"; fi
		fi

		if skipped checkpatch; then
			result "$i" "$subj" checkpatch SKIP "skipped (--skip)"
		else
			# Debian's python3 first: checkpatch runs scripts/spdxcheck.py on new
			# files, which needs python3-ply, and a python3 earlier in PATH (pyenv,
			# a virtualenv) may not have it.  (Here, not in lib.sh: the tooling
			# tests hide tools through PATH.)
			out=$(cd "$WORK" && git format-patch -1 --stdout HEAD |
				PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-signoff --quiet --show-types \
					--ignore "$cpignore" - 2>&1 | checkpatch_filter) || true
			if [ -z "$out" ]; then result "$i" "$subj" checkpatch ok ""; else result "$i" "$subj" checkpatch FAIL "$out"; fi
		fi

		if skipped cocci; then
			result "$i" "$subj" cocci SKIP "skipped (--skip)"
		elif [ "${#chfiles[@]}" = 0 ]; then
			result "$i" "$subj" cocci n/a "no .c/.h file touched"
		else
			new=$(cocci_new HEAD "${chfiles[@]}")
			if [ -z "$new" ]; then result "$i" "$subj" cocci ok ""; else result "$i" "$subj" cocci FAIL "new reports: $new"; fi
		fi

		author=$(git -C "$WORK" log -1 --format='%an <%ae>' HEAD)
		git -C "$WORK" log -1 --format=%B HEAD >"$tmp/msg"
		if grep -qxF "Signed-off-by: $author" "$tmp/msg"; then
			result "$i" "$subj" signoff ok ""
		else
			result "$i" "$subj" signoff FAIL "no 'Signed-off-by: $author'"
		fi

		out=$(check_subject "$(git -C "$WORK" log -1 --format=%s HEAD)" "${files[@]}")
		if [ -z "$out" ]; then result "$i" "$subj" subject ok ""; else result "$i" "$subj" subject FAIL "$out"; fi

		out=$(check_fixes "$tmp/msg")
		if [ -n "$out" ]; then
			result "$i" "$subj" fixes FAIL "$out"
		elif ! grep -qi '^fixes:' "$tmp/msg"; then
			result "$i" "$subj" fixes n/a "no Fixes: tag"
		elif [ "$history" = 0 ]; then
			result "$i" "$subj" fixes ok "well formed; the commit ids were not looked up (the base has no history)"
		else
			result "$i" "$subj" fixes ok ""
		fi

		if skipped maintainers; then
			result "$i" "$subj" maintainers SKIP "skipped (--skip)"
		else
			out=$(check_maintainers "${files[@]}")
			if [ -z "$out" ]; then result "$i" "$subj" maintainers ok ""; else result "$i" "$subj" maintainers FAIL "$out"; fi
		fi

		[ "$boot" = 1 ] && subjects[$cur/$i]=$subj
	done
	lasts[$cur]=$i

	# The series' final tree.
	if [ "$applied" = 1 ]; then
		if skipped notrace-build; then
			result "" "final tree" notrace-build SKIP "skipped (--skip)"
		else
			info "final tree: build with tracing off (tinyconfig + notrace.config)"
			mkdir -p "$SL/notrace"
			if BUILD=$WORK.build-notrace FRAGMENT=$TOP/scripts/notrace.config OUT=$SL/notrace \
				"$TOP/scripts/build.sh" >"$SL/notrace/build.out" 2>&1; then
				result "" "final tree" notrace-build ok ""
			else
				result "" "final tree" notrace-build FAIL "$(grep -E 'error:|Error [0-9]|dropped' "$SL/notrace/build.out" | sed "s|$WORK/||g" | head -n 20)"
			fi
		fi

		if skipped i386-build; then
			result "" "final tree" i386-build SKIP "skipped (--skip)"
		else
			mapfile -t objs < <(printf '%s\n' "${alltouched[@]}" | sort -u | grep -vE '^(tools|scripts)/' | grep '\.c$' |
				while read -r f; do [ -f "$WORK/$f" ] && echo "${f%.c}.o"; done)
			if [ "${#objs[@]}" = 0 ]; then
				result "" "final tree" i386-build n/a "the series touches no .c file"
			else
				info "final tree: 32-bit x86 build of ${#objs[@]} object(s)"
				mkdir -p "$SL/i386"
				rc=0
				export ARCH=i386
				BUILD=$WORK.build-i386 FRAGMENT=$TOP/scripts/i386.config OUT=$SL/i386 \
					"$TOP/scripts/build.sh" --config-only >"$SL/i386/build.out" 2>&1 || rc=$?
				[ "$rc" = 0 ] && { BUILD=$WORK.build-i386 kmake -j"${JOBS:-$(nproc)}" "${objs[@]}" >>"$SL/i386/build.out" 2>&1 || rc=$?; }
				unset ARCH
				missing=()
				for o in "${objs[@]}"; do [ -f "$WORK.build-i386/$o" ] || missing+=("$o"); done
				if [ "$rc" != 0 ]; then
					result "" "final tree" i386-build FAIL "$(grep -E 'error:|Error [0-9]|dropped' "$SL/i386/build.out" | sed "s|$WORK/||g" | head -n 20)"
				elif [ "${#missing[@]}" -gt 0 ]; then
					result "" "final tree" i386-build SKIP "not built by tinyconfig + i386.config, not checked: ${missing[*]}"
				else
					result "" "final tree" i386-build ok "${#objs[@]} object(s)"
				fi
			fi
		fi
	fi
done

# All the series together.
cur=all
if [ "$allapplied" = 1 ] && [ -z "$only" ]; then
	if skipped maintainers-fragment; then
		result "" "all series" maintainers-fragment SKIP "skipped (--skip)"
	else
		git -C "$WORK" checkout -q --detach "$BASE_REF"
		for name in "${names[@]}"; do
			while read -r p; do
				git -C "$WORK" am -q --committer-date-is-author-date "$PATCHES/$name/$p" >"$LOGS/all-am.log" 2>&1 ||
					die "series $name does not apply on top of the series before it: $(head -n 5 "$LOGS/all-am.log")"
			done < <(series_patches "$name")
		done
		git -C "$WORK" show "$BASE_REF:MAINTAINERS" >"$tmp/MAINTAINERS.base"
		if out=$(python3 "$TOP/scripts/maintainers_check.py" "$MAINTAINERS_FRAGMENT" "$tmp/MAINTAINERS.base" "$WORK/MAINTAINERS" 2>&1); then
			result "" "all series" maintainers-fragment ok ""
		else
			result "" "all series" maintainers-fragment FAIL "$out"
		fi
	fi
fi
[ "$boot" = 1 ] && run_boots
python3 - "$tmp" "$OUT/patchcheck.json" <<'PY'
import json, sys
rows = []
for n, line in enumerate(open(sys.argv[1] + "/rows", encoding="utf-8"), 1):
    series, patch, subject, check, status = line.rstrip("\n").split("\t")
    details = open(f"{sys.argv[1]}/details.{n}", encoding="utf-8", errors="replace").read()
    rows.append({"series": series, "patch": int(patch) if patch else None, "subject": subject, "check": check,
                 "status": status, "ok": status in ("ok", "n/a"), "details": details})
json.dump(rows, open(sys.argv[2], "w"), indent=1)
PY
first=$(awk -F'\t' '$5 == "FAIL" || $5 == "SKIP" { print NR "\t" "series " $1 ", " ($2 == "" ? "its tree" : "patch " $2 " (" $3 ")") ", check " $4 " (" $5 ")"; exit }' "$tmp/rows")
[ -z "$first" ] || { warn "first failure: ${first#*$'\t'}:"; printf '%s\n' "$(head -n 20 "$tmp/details.${first%%$'\t'*}")" | sed 's/^/  /' >&2; }
[ "$omit" = " " ] || echo "# not run (--no-builds):$omit(make patchcheck runs them)"
echo "$((n - bad)) passed, $bad failed"
[ "$bad" = 0 ]
