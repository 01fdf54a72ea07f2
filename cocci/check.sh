#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the Coccinelle rules in cocci/ on their tests, or over a kernel tree.
# See Documentation/cocci.rst.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SPATCH=${SPATCH:-spatch}

usage() {
	cat <<EOF
Usage: ${0##*/} [--update] [RULE...]
       ${0##*/} --tree DIR [PATH...]
       ${0##*/} --help

Without --tree: run every rule in cocci/*.cocci (or just the RULEs named,
e.g. kref_free) in report mode on the files under cocci/tests/RULE/ and
compare the sorted report lines with cocci/tests/RULE/expected.  Prints one
line per rule, "ok N - RULE" or "not ok N - RULE" followed by the
difference, then "P passed, F failed".  Exits 1 if any rule failed.

  --update   write the current output to each rule's expected file instead
             of comparing (review the diff before committing it)

With --tree DIR: run every rule in report mode over PATHs (default:
fs include/trace) of the kernel tree DIR, which is only read, and print a
markdown summary with per-rule hit counts, run times and the hits.
Progress goes to stderr.  Hits do not make it fail.

Exit status 2: usage error, missing spatch, or spatch failing in --tree.

Environment: SPATCH (default: spatch) names the spatch binary.
Needs spatch from Coccinelle (Debian package: coccinelle) with python
support.
EOF
}

die() {
	echo "${0##*/}: $*" >&2
	exit 2
}

require_spatch() {
	if ! command -v "$SPATCH" >/dev/null 2>&1; then
		die "spatch not found (SPATCH=$SPATCH): install Coccinelle, e.g. 'apt-get install coccinelle' on Debian"
	fi
}

# The rules, as names without .cocci, sorted.
all_rules() {
	local f
	for f in "$here"/*.cocci; do
		[ -e "$f" ] || continue
		f=${f##*/}
		echo "${f%.cocci}"
	done | LC_ALL=C sort
}

# spatch options from a rule's "// Options:" header line, as coccicheck
# reads them.  Word splitting of the result is intended.
rule_options() {
	sed -n 's|^// Options:||p' "$here/$1.cocci" | head -n 1
}

# Report lines sorted by file, line, column; extra arguments go to sort.
sort_report() {
	LC_ALL=C sort -t: -k1,1 -k2,2n -k3,3n "$@"
}

# run_spatch RULE ARGS...: report mode, quiet, with the rule's options.
run_spatch() {
	local rule=$1
	shift
	# shellcheck disable=SC2046 # the options are a word list
	"$SPATCH" --very-quiet -D report --no-show-diff \
		$(rule_options "$rule") --cocci-file "$here/$rule.cocci" "$@"
}

test_rule() {
	local rule=$1 dir=$here/tests/$1 out err diffs status=0
	local -a files

	if [ ! -d "$dir" ]; then
		echo "# no test directory tests/$rule"
		return 1
	fi
	mapfile -t files < <(cd "$dir" && find . -type f \( -name '*.c' -o -name '*.h' \) |
		sed 's|^\./||' | LC_ALL=C sort)
	if [ "${#files[@]}" -eq 0 ]; then
		echo "# no test files in tests/$rule"
		return 1
	fi
	err=$(mktemp)
	out=$(cd "$dir" && run_spatch "$rule" "${files[@]}" 2>"$err" |
		sed 's|^\./||' | sort_report) || status=$?
	# spatch says "N files match" on stderr when it filters a --dir.
	sed -i -E '/^[0-9]+ files? match$/d' "$err"
	if [ "$status" -ne 0 ] || [ -s "$err" ]; then
		echo "# spatch exited with status $status:"
		sed 's/^/# /' "$err"
		rm -f "$err"
		return 1
	fi
	rm -f "$err"
	if [ "$update" = 1 ]; then
		printf '%s\n' "$out" | sed '/^$/d' >"$dir/expected"
		echo "# wrote tests/$rule/expected"
		return 0
	fi
	if [ ! -f "$dir/expected" ]; then
		echo "# missing tests/$rule/expected"
		return 1
	fi
	if ! diffs=$(diff -u --label "tests/$rule/expected" \
		--label "spatch output" "$dir/expected" \
		<(printf '%s\n' "$out" | sed '/^$/d')); then
		printf '%s\n' "$diffs" | sed 's/^/# /'
		return 1
	fi
}

run_tests() {
	local -a rules=("$@")
	local rule n=0 pass=0 fail=0

	if [ "${#rules[@]}" -eq 0 ]; then
		mapfile -t rules < <(all_rules)
	fi
	[ "${#rules[@]}" -gt 0 ] || die "no rules in $here"
	for rule in "${rules[@]}"; do
		rule=${rule%.cocci}
		rule=${rule##*/}
		[ -f "$here/$rule.cocci" ] || die "no such rule: $rule"
		n=$((n + 1))
		if test_rule "$rule"; then
			echo "ok $n - $rule"
			pass=$((pass + 1))
		else
			echo "not ok $n - $rule"
			fail=$((fail + 1))
		fi
	done
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

run_tree() {
	local tree=$1
	shift
	local -a paths=("$@") rules
	local rule path t0 t1 secs total=0 hits n=0 status
	local -A count took

	[ -d "$tree" ] || die "--tree: no such directory: $tree"
	tree=$(cd "$tree" && pwd)
	if [ "${#paths[@]}" -eq 0 ]; then
		paths=(fs include/trace)
	fi
	for path in "${paths[@]}"; do
		[ -e "$tree/$path" ] || die "--tree: no $path in $tree"
	done
	mapfile -t rules < <(all_rules)
	tmp=$(mktemp -d)
	trap cleanup EXIT

	for rule in "${rules[@]}"; do
		n=$((n + 1))
		t0=$(date +%s)
		: >"$tmp/$rule.out"
		for path in "${paths[@]}"; do
			echo "[$n/${#rules[@]}] $rule: $path ..." >&2
			status=0
			if [ -d "$tree/$path" ]; then
				(cd "$tree" && run_spatch "$rule" --dir "$path") \
					>>"$tmp/$rule.out" 2>>"$tmp/$rule.err" || status=$?
			else
				(cd "$tree" && run_spatch "$rule" "$path") \
					>>"$tmp/$rule.out" 2>>"$tmp/$rule.err" || status=$?
			fi
			if [ "$status" -ne 0 ]; then
				cat "$tmp/$rule.err" >&2
				die "spatch failed (status $status) for $rule on $path"
			fi
		done
		t1=$(date +%s)
		secs=$((t1 - t0))
		total=$((total + secs))
		sort_report -u <"$tmp/$rule.out" >"$tmp/$rule.sorted"
		hits=$(wc -l <"$tmp/$rule.sorted")
		count[$rule]=$hits
		took[$rule]=$secs
		echo "[$n/${#rules[@]}] $rule: $hits hits in ${secs}s" >&2
	done

	echo "# Coccinelle report: ${tree##*/} (${paths[*]})"
	echo
	echo "Tree: \`$tree\`$(git -C "$tree" rev-parse --short HEAD 2>/dev/null | sed 's/^/ at /')."
	echo "$("$SPATCH" --version | head -n 1), report mode, one job."
	echo
	echo "| rule | hits | time (s) |"
	echo "| --- | ---: | ---: |"
	for rule in "${rules[@]}"; do
		echo "| $rule | ${count[$rule]} | ${took[$rule]} |"
	done
	echo "| total | | $total |"
	for rule in "${rules[@]}"; do
		echo
		echo "## $rule (${count[$rule]})"
		echo
		if [ "${count[$rule]}" -eq 0 ]; then
			echo "No hits."
			continue
		fi
		echo '```'
		cat "$tmp/$rule.sorted"
		echo '```'
	done
}

update=0
tmp=
cleanup() {
	if [ -n "$tmp" ]; then
		rm -rf "$tmp"
	fi
}

case "${1:-}" in
-h | --help)
	usage
	exit 0
	;;
--tree)
	[ $# -ge 2 ] || die "--tree needs a directory (see --help)"
	shift
	require_spatch
	run_tree "$@"
	;;
--update)
	shift
	update=1
	require_spatch
	run_tests "$@"
	;;
-*)
	die "unknown option $1 (see --help)"
	;;
*)
	require_spatch
	run_tests "$@"
	;;
esac
