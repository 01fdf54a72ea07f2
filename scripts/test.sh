#!/usr/bin/env bash
# test.sh - the project's tests ('make test'), ending with 'N passed, N failed'.
#
# Usage: scripts/test.sh [--help] [--quick]
#
# 1. shellcheck of every shell script of the project; every external tool
#    run the way the tooling runs it (scripts/depcheck.sh --need-tree);
# 2. the tooling on good and bad input (scripts/tests/tooling.sh);
#    deps.sh on a fake apt configuration, depcheck.sh without a tool
#    (scripts/tests/deps.sh);
# 3. the per-patch matrix on a fake tree, no kernel build: a patch without
#    Signed-off-by, one with checkpatch errors and the other bad patches,
#    each caught at its patch by its check (scripts/tests/patchcheck.sh);
# 4. MAINTAINERS.fragment against the series' MAINTAINERS changes
#    (scripts/tests/maintainers.sh);
# 5. make send on a fake tree (scripts/tests/send.sh);
# 6. the VM verdict on made-up runs (scripts/tests/verdict.sh);
# 7. the Coccinelle rules on their test cases (cocci/check.sh);
# 8. the man-pages patch: applies, renders without warnings (man-pages/check.sh);
# 9. the kernel documentation check on good and bad input (scripts/tests/rstcheck.sh);
#    the benchmark report on made-up logs (scripts/tests/bench.sh);
#    the zero-cost check of static-branch events on compiled fixtures
#    (scripts/tests/zerocost.sh);
# 10. a fixture series on the real base whose patch 2 breaks the build:
#    caught there by the build check (scripts/tests/matrix.sh; three
#    incremental builds in the build directory of the work tree);
# 11. the series itself: base, apply, the per-patch matrix without its
#    kernel builds (those are 'make run'), build of the tip, boot, quick
#    plan vs the baseline (scripts/run.sh --no-builds); each step, each
#    cell of the matrix and each test of the plan counts;
# 12. the tip booted under lockdown=confidentiality, tracefs unmounted;
# 13. the series' mails: scripts/send.sh on the real series refuses the
#    seed's placeholder identity, and writes the mails as its test
#    identity (SEND_TEST_IDENTITY=1, marked NOT-FOR-SENDING), a set per
#    series in out/mails/NAME/: cover + one mail per patch, [PATCH n/N],
#    recipients, sender and Signed-off-by, base-commit, git am round trip.
# 10 runs before 11 so that the build directory ends with the series' tip.
# --quick leaves out 10-13.  Logs go to $OUT/test-*.log.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
quick=0
case "${1:-}" in -h|--help) usage; exit 0 ;; --quick) quick=1 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac
mkdir -p "$OUT"
passed=0 failed=0

# group NAME CMD...: run a test group whose last line is 'N passed, N failed'.
group() {
	local name=$1 log=$OUT/test-$1.log start=$SECONDS p f
	shift
	info "== $name"
	# (A failing group must not end the run: set -e is on, from lib.sh.)
	"$@" >"$log" 2>&1 || true
	grep -E '^not ok|^# ' "$log" | head -n 80 >&2 || true
	read -r p f < <(tail -n 1 "$log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p')
	if [ -z "${p:-}" ]; then
		warn "$name did not report its results (see $log)"
		tail -n 20 "$log" >&2
		p=0 f=1
	fi
	info "$name: $p passed, $f failed ($((SECONDS - start)) s)"
	passed=$((passed + p)) failed=$((failed + f))
}

shellcheck_all() {
	local f n=0 bad=0
	need_cmd shellcheck
	while IFS= read -r f; do
		n=$((n + 1))
		if shellcheck -x "$f"; then echo "ok $n - shellcheck $f"; else echo "not ok $n - shellcheck $f"; bad=$((bad + 1)); fi
	done < <(cd "$TOP" && find scripts selftests cocci man-pages .ci -type f \( -name '*.sh' -o -path .ci/run \) | sort)
	echo "$((n - bad)) passed, $bad failed"
}

# The series in the VM: every step and every test of the plan is a test.
series_run() {
	# The branch must be what patches/ says; an old one is kept (apply.sh).
	FORCE=1 "$TOP/scripts/run.sh" --plan quick --no-builds
	python3 - "$OUT/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
tests = [(s["step"], s["ok"]) for s in r["steps"]]
tests += [(f"{c['series']} {c['patch'] or 'tree'}: {c['check']}", c["ok"])
          for c in r.get("patchcheck") or []]
if not r["vms"]:
    tests.append(("the report has the results of the VM", False))
for vm in r["vms"]:
    tests += [(t["test"], t["ok"]) for t in vm["tests"]]
    tests.append((f"VM ({vm['plan']}) finished with no kernel splat",
                  vm["finished"] and not vm["splats"]))
for i, (name, ok) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
n = sum(ok for _, ok in tests)
print(f"{n} passed, {len(tests) - n} failed")
PY
}

# The tip booted with tracefs locked down (selftests/plans/lockdown): its
# superblock is destroyed on umount; any splat fails the run.
series_lockdown() {
	if "$TOP/scripts/vm.sh" --plan lockdown; then
		echo "ok 1 - plan lockdown: tracefs unmounted under lockdown, no splat"; echo "1 passed, 0 failed"
	else
		echo "not ok 1 - plan lockdown: tracefs unmounted under lockdown, no splat"; echo "0 passed, 1 failed"
	fi
}

# The series' mails (make send) on the real series.  The machine's git
# identity may be the seed's placeholder (it is on CI), and no one may
# sign off as make test: first the placeholder, forced, must be refused
# and named; then the mails are written as send.sh's test identity
# (SEND_TEST_IDENTITY=1: an address in .invalid, every subject
# NOT-FOR-SENDING), with the identity of the environment out of the way.
series_mails() {
	local seed="Seed 0c9b7f28 maintainers" addr=maintainers@users.noreply.h-seed-0c9b7f28.example out n=0 bad=0
	local -a clean=(env -u SEND_AS -u SEND_TEST_IDENTITY -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL
		-u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL)
	n=$((n + 1))
	if out=$("${clean[@]}" GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="$seed" \
		GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$addr" "$TOP/scripts/send.sh" 2>&1); then
		echo "not ok $n - make send refuses the placeholder identity (it wrote mails)"; bad=$((bad + 1))
	elif grep -qF "sender '$seed <$addr>'" <<<"$out" && grep -q 'is a placeholder' <<<"$out"; then
		echo "ok $n - make send refuses the placeholder identity, and names it"
	else
		echo "not ok $n - make send refuses the placeholder identity, and names it"; bad=$((bad + 1))
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
	n=$((n + 1))
	rm -rf "$OUT/mails"
	if "${clean[@]}" SEND_TEST_IDENTITY=1 "$TOP/scripts/send.sh"; then
		echo "ok $n - make send (test identity): mails written and checked"
	else
		echo "not ok $n - make send (test identity): mails written and checked"; bad=$((bad + 1))
	fi
	# A set of mails per series: the cover letter and one per patch, each
	# set checked by send.sh (recipients, git am round trip).
	local s want got
	while read -r s; do
		n=$((n + 1))
		want=$(($(series_patches "$s" | wc -l) + 1))
		got=$(find "$OUT/mails/$s" -name '*.eml' 2>/dev/null | wc -l)
		if [ "$got" = "$want" ]; then
			echo "ok $n - series $s: $want mails in out/mails/$s"
		else
			echo "not ok $n - series $s: $want mails in out/mails/$s (got $got)"; bad=$((bad + 1))
		fi
	done < <(series_names)
	echo "$((n - bad)) passed, $bad failed"
}

cd "$TOP" || exit
group shellcheck shellcheck_all
group depcheck scripts/depcheck.sh --need-tree
group tooling scripts/tests/tooling.sh
group deps scripts/tests/deps.sh
group patchcheck scripts/tests/patchcheck.sh
group maintainers scripts/tests/maintainers.sh
group send scripts/tests/send.sh
group verdict scripts/tests/verdict.sh
group cocci cocci/check.sh
group man-pages man-pages/check.sh
group rstcheck scripts/tests/rstcheck.sh
group bench scripts/tests/bench.sh
group zerocost scripts/tests/zerocost.sh
if [ "$quick" = 1 ]; then
	warn "--quick: the series was NOT built or booted; this run proves nothing about it"
else
	group matrix scripts/tests/matrix.sh
	group series series_run
	group lockdown series_lockdown
	group mails series_mails
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
