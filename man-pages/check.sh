#!/bin/bash
# check.sh - apply the inode(7) mini-series to the reference page and lint it.
#
# Run with --help for usage.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
page=man/man7/inode.7
# shared/ stands beside the repository (as in CI).
ref_dir=${MANPAGES_REF:-$here/../../shared/reference/man-pages}
series=${MANPAGES_SERIES:-$here/series.conf}
patch_dir=${MANPAGES_PATCHES:-$here/patches}

# Phrases that must appear, in this order, in the rendered NOTES section
# after the existing st_size note (whitespace is squeezed before matching).
note_phrases=(
	'the inode number (stat.st_ino; statx.stx_ino) of such pseudofiles is not necessarily unique within the filesystem, nor stable.'
	'all regular files under the events directory of a tracefs filesystem'
	'Programs that use the pair (st_dev, st_ino)'
	'may thus treat distinct files as the same file.'
)

usage() {
	cat <<EOF
Usage: ${0##*/} [--help]

Make a scratch git tree in a temporary directory with the reference
inode(7) source at $page, check its blob against the
"# base-blob:" line of series.conf, check that the unpatched page has
no groff warnings, 'git am' every patch listed in series.conf, then
check that the patched page has no groff warnings
('groff -man -ww -z') and that its rendered NOTES section contains the
st_ino note after the st_size note.

Prints one line per check ("ok N - ..." or "not ok N - ...") and a
final line "N passed, N failed".  Exits 0 if every check passed,
1 if any failed, 2 on usage errors.  The temporary directory is
always removed.

Environment:
  MANPAGES_REF      man-pages reference tree holding $page
                    (default: ../shared/reference/man-pages beside the repository)
  MANPAGES_SERIES   series file (default: <this dir>/series.conf)
  MANPAGES_PATCHES  directory holding the patches named in the series
                    file (default: <this dir>/patches)
EOF
}

case ${1-} in
-h | --help)
	usage
	exit 0
	;;
'') ;;
*)
	printf '%s: unknown argument: %s\n' "${0##*/}" "$1" >&2
	usage >&2
	exit 2
	;;
esac

n=0
passed=0
failed=0

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	printf 'ok %d - %s\n' "$n" "$1"
}

# not_ok DESCRIPTION [DETAIL...]: details are printed as "#" comments.
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - %s\n' "$n" "$1"
	shift
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
}

finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	if ((failed > 0)); then
		exit 1
	fi
	exit 0
}

# Prerequisites: tools, reference file, series file.
for tool in git groff; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		printf '%s: error: %s not found (apt-get install -y %s)\n' \
			"${0##*/}" "$tool" "$tool" >&2
		not_ok "$tool is installed"
		finish
	fi
done

ref_file=$ref_dir/$page
if [[ ! -f $ref_file ]]; then
	printf '%s: error: reference file %s not found (set MANPAGES_REF to a man-pages tree holding %s)\n' \
		"${0##*/}" "$ref_file" "$page" >&2
	not_ok "reference file exists: $ref_file"
	finish
fi
ok "reference file exists: $ref_file"

if [[ ! -f $series ]]; then
	printf '%s: error: series file %s not found (set MANPAGES_SERIES)\n' \
		"${0##*/}" "$series" >&2
	not_ok "series file exists: $series"
	finish
fi

# Header lines of series.conf.
want_blob=$(sed -n 's/^#[[:space:]]*base-blob:[[:space:]]*\([0-9a-f]*\).*/\1/p' "$series" | head -n 1)
want_file=$(sed -n 's/^#[[:space:]]*base-file:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$series" | head -n 1)
have_blob=$(git hash-object -- "$ref_file")

if [[ $want_file == "$page" ]]; then
	ok "series.conf base-file is $page"
else
	not_ok "series.conf base-file is $page" "found: '${want_file}'"
fi

if [[ -n $want_blob && $want_blob == "$have_blob" ]]; then
	ok "reference blob $have_blob matches series.conf base-blob"
else
	not_ok "reference blob matches series.conf base-blob" \
		"series.conf: '${want_blob}'" "reference:   $have_blob"
fi

# Scratch tree, with a reproducible base commit, isolated from the
# caller's git configuration.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-inode7.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME='man-pages reference' GIT_AUTHOR_EMAIL='reference@invalid'
export GIT_COMMITTER_NAME='man-pages reference' GIT_COMMITTER_EMAIL='reference@invalid'
export GIT_AUTHOR_DATE='2025-06-30T00:00:00+0000' GIT_COMMITTER_DATE='2025-06-30T00:00:00+0000'

tree=$tmp/tree
mkdir -p "$tree/${page%/*}"
cp -- "$ref_file" "$tree/$page"
git -C "$tree" init -q -b main
git -C "$tree" add -- "$page"
git -C "$tree" commit -q -m "$page: Base: upstream man-pages, June 2025"
base=$(git -C "$tree" rev-parse HEAD)

# groff_warnings FILE: print groff's diagnostics; fail if there are any.
groff_warnings() {
	local out rc=0
	out=$(groff -man -ww -z -- "$1" 2>&1) || rc=$?
	if [[ -n $out || $rc -ne 0 ]]; then
		printf '%s\n' "$out"
		[[ $rc -eq 0 ]] || printf 'groff exited with status %d\n' "$rc"
		return 1
	fi
}

if out=$(cd "$tree" && groff_warnings "$page"); then
	ok "unpatched $page: groff -man -ww -z prints nothing"
else
	not_ok "unpatched $page: groff -man -ww -z prints nothing" "$out"
fi

# Apply the series.
mapfile -t patches < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$series")
if ((${#patches[@]} == 0)); then
	not_ok "series.conf lists at least one patch" "$series"
	finish
fi

applied=0
for p in "${patches[@]}"; do
	if [[ ! -f $patch_dir/$p ]]; then
		not_ok "git am $p" "not found: $patch_dir/$p (set MANPAGES_PATCHES)"
		break
	fi
	if out=$(git -C "$tree" am -q -- "$patch_dir/$p" 2>&1); then
		ok "git am $p"
		applied=$((applied + 1))
	else
		not_ok "git am $p" "$out"
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		break
	fi
done
if ((applied < ${#patches[@]})); then
	printf '# stopping: %d of %d patches applied\n' "$applied" "${#patches[@]}"
	finish
fi

if out=$(git -C "$tree" log --format='%H %s%n%b' "$base..HEAD" |
	awk '/^[0-9a-f]{40} / { if (c && !s) print c; c = $0; s = 0; next }
	     /^Signed-off-by: / { s = 1 }
	     END { if (c && !s) print c }') && [[ -z $out ]]; then
	ok "every commit of the series has a Signed-off-by"
else
	not_ok "every commit of the series has a Signed-off-by" "$out"
fi

if out=$(cd "$tree" && groff_warnings "$page"); then
	ok "patched $page: groff -man -ww -z prints nothing"
else
	not_ok "patched $page: groff -man -ww -z prints nothing" "$out"
fi

# Render without line breaks inside paragraphs or hyphenation, squeeze
# blanks, and keep the NOTES section only.
notes=$(cd "$tree" &&
	groff -man -Tutf8 -P-cbou -rLL=5000n -rHY=0 -- "$page" 2>/dev/null |
	sed -n '/^NOTES$/,/^SEE ALSO$/p' | tr -s ' \t' '  ')

if [[ -z $notes ]]; then
	not_ok "rendered page has a NOTES section"
	finish
fi

# Each phrase must be found, in order, after the st_size note.
rest=${notes#*stat.st_size; statx.stx_size}
if [[ $rest == "$notes" ]]; then
	not_ok "rendered NOTES keeps the st_size note"
else
	ok "rendered NOTES keeps the st_size note"
fi
missing=()
for phrase in "${note_phrases[@]}"; do
	case $rest in
	*"$phrase"*) rest=${rest#*"$phrase"} ;;
	*) missing+=("missing: $phrase") ;;
	esac
done
if ((${#missing[@]} == 0)); then
	ok "rendered NOTES has the st_ino note after the st_size note"
else
	not_ok "rendered NOTES has the st_ino note after the st_size note" "${missing[@]}"
fi

finish
