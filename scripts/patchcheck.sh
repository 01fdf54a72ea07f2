#!/usr/bin/env bash
# patchcheck.sh - check every patch of the applied series on its own.
#
# Usage: scripts/patchcheck.sh [--help]
#
# For each commit base..tracefs-series of the work tree, in order:
#   signoff     a Signed-off-by: line matches the author;
#   checkpatch  scripts/checkpatch.pl --strict reports nothing; ignored:
#               FILE_PATH_CHANGES ("does MAINTAINERS need updating?" on
#               every new file), which get_maintainer answers per file;
#   cocci       the rules of cocci/ report nothing new in the .c/.h files the
#               patch touches (reports before and after the patch are
#               compared with line numbers left out).
# Prints one TAP line per patch and check, quoting what failed, writes
# $OUT/patchcheck.json and ends with 'N passed, N failed'.  Exit 1 on any
# failure.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac
need_cmd git
need_cmd spatch coccinelle
need_cmd perl
require_work
git -C "$WORK" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null ||
	die "$WORK has no branch $BRANCH; run 'make apply' first"
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
rows=()

result() { # PATCH-NO SUBJECT CHECK OK DETAILS
	n=$((n + 1))
	if [ "$4" = 1 ]; then
		echo "ok $n - [$1] $3: $2"
	else
		bad=$((bad + 1))
		echo "not ok $n - [$1] $3: $2"
		printf '%s\n' "$5" | sed 's/^/#   /'
	fi
	rows+=("$(python3 -c 'import json,sys; print(json.dumps(dict(zip(["patch","subject","check","ok","details"], [int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5]]))))' "$@")")
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

mapfile -t commits < <(git -C "$WORK" rev-list --reverse "$BASE_REF..refs/heads/$BRANCH")
info "checking ${#commits[@]} patch(es)"
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	subj=$(git -C "$WORK" log -1 --format=%s "$c")
	info "[$i/${#commits[@]}] $subj"

	author=$(git -C "$WORK" log -1 --format='%an <%ae>' "$c")
	if git -C "$WORK" log -1 --format=%B "$c" | grep -qxF "Signed-off-by: $author"; then
		result "$i" "$subj" signoff 1 ""
	else
		result "$i" "$subj" signoff 0 "no 'Signed-off-by: $author'"
	fi

	# Debian's python3 first: checkpatch runs scripts/spdxcheck.py on new
	# files, which needs python3-ply, and a python3 earlier in PATH (pyenv,
	# a virtualenv) may not have it.
	out=$(cd "$WORK" && git format-patch -1 --stdout "$c" |
		PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-signoff --quiet --show-types \
			--ignore FILE_PATH_CHANGES - 2>&1) || true
	if [ -z "$out" ]; then result "$i" "$subj" checkpatch 1 ""; else result "$i" "$subj" checkpatch 0 "$out"; fi

	mapfile -t files < <(git -C "$WORK" diff --name-only "$c^" "$c" -- '*.c' '*.h')
	if [ "${#files[@]}" = 0 ]; then
		result "$i" "$subj" cocci 1 ""
		continue
	fi
	new=$(cocci_new "$c" "${files[@]}")
	if [ -z "$new" ]; then result "$i" "$subj" cocci 1 ""; else result "$i" "$subj" cocci 0 "new reports: $new"; fi
done
printf '%s\n' "${rows[@]}" | python3 -c 'import json,sys; json.dump([json.loads(l) for l in sys.stdin if l.strip()], open(sys.argv[1], "w"), indent=1)' "$OUT/patchcheck.json"
echo "$((n - bad)) passed, $bad failed"
[ "$bad" = 0 ]
