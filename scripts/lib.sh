# shellcheck shell=bash
# Common helpers for the scripts in this directory.  Source, do not run.
#
# Everything a script needs to know about where things live is computed here,
# once, from the environment:
#   KERNEL   a kernel git tree of the user's own (default: the pinned Debian tree)
#   BASE     the base ref in KERNEL (default: its HEAD)
#   CACHE    where trees, builds and ccache live (default: ~/.cache/tracefs-series)
#   OUT      where logs and reports go (default: <repo>/out)
#   BUILD    the kernel build directory (default: the work tree's path + .build)

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tracefs-series}
OUT=${OUT:-$TOP/out}
SERIES=${SERIES:-$TOP/series.conf}
PATCHES=${PATCHES:-$TOP/patches}
# MAINTAINERS entries for the files the series adds (Documentation/patchcheck.rst).
MAINTAINERS_FRAGMENT=${MAINTAINERS_FRAGMENT:-$TOP/MAINTAINERS.fragment}
# shellcheck disable=SC2034 # used by the scripts that source this
BRANCH=tracefs-series
PROG=$(basename "$0")

# Reproducible identity and dates for every commit the tooling makes itself.
# shellcheck disable=SC2034
FIXED_DATE="2025-01-01T00:00:00Z"

die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
info() { printf '[%s] %s: %s\n' "$(date +%H:%M:%S)" "$PROG" "$*" >&2; }

# need_cmd CMD [PACKAGE]: stop with a message naming what is missing.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; install the Debian package '${2:-$1}' (or run 'make deps')"
}

# series_get KEY: the value of a '# KEY: value' header line of series.conf.
series_get() {
	sed -n "s/^# $1: *//p" "$SERIES" | head -n 1
}

# debian_upstream_version VERSION: the upstream part of a Debian package
# version: no epoch, no Debian revision, ~rcN as -rcN
# (7.3.4-1~bpo13+1: 7.3.4; 1:7.4~rc2-1~exp1: 7.4-rc2).
debian_upstream_version() {
	local v=${1#*:}
	v=${v%-*}
	echo "${v/\~rc/-rc}"
}

# The machine's apt configuration (a fake one in the tests) and release.
APT_ETC=${APT_ETC:-/etc/apt}
OS_RELEASE=${OS_RELEASE:-/etc/os-release}

# os_codename: this system's release codename (e.g. bookworm).
os_codename() {
	sed -n 's/^VERSION_CODENAME=["'"'"']\{0,1\}\([^"'"'"']*\).*/\1/p' "$OS_RELEASE" | head -n 1
}

# apt_debian_uri SUITE: the URI of the first enabled 'deb' entry of the apt
# sources in $APT_ETC (sources.list, sources.list.d/*.list one-line,
# sources.list.d/*.sources deb822) that has suite SUITE (e.g. bookworm:
# bookworm-security or -updates are other suites) and component main: the
# Debian mirror the machine uses.  Fails if there is none.
apt_debian_uri() {
	local suite=$1 f lists=()
	[ -n "$suite" ] || return 1
	[ -f "$APT_ETC/sources.list" ] && lists+=("$APT_ETC/sources.list")
	for f in "$APT_ETC"/sources.list.d/*; do
		case $f in *.list|*.sources) [ -f "$f" ] && lists+=("$f") ;; esac
	done
	[ "${#lists[@]}" -gt 0 ] || return 1
	awk -v suite="$suite" '
	function has(list, w,   n, a, i) {
		n = split(list, a, /[ \t]+/)
		for (i = 1; i <= n; i++) if (a[i] == w) return 1
		return 0
	}
	function stanza() { # the deb822 stanza read so far
		if (!found && has(types, "deb") && enabled && has(suites, suite) &&
		    has(comps, "main") && uri != "") { print uri; found = 1 }
		types = suites = comps = uri = ""; enabled = 1
	}
	FNR == 1 { if (deb822) stanza(); deb822 = FILENAME ~ /\.sources$/; enabled = 1 }
	found { exit }
	deb822 && /^[ \t]*$/ { stanza(); next }
	deb822 && /^(#|[ \t])/ { next }
	deb822 {
		key = tolower($0); sub(/:.*/, "", key)
		val = $0; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
		if (key == "types") types = val
		else if (key == "uris") { uri = val; sub(/[ \t].*/, "", uri) }
		else if (key == "suites") suites = val
		else if (key == "components") comps = val
		else if (key == "enabled") enabled = tolower(val) !~ /^(no|false|0)$/
		next
	}
	{
		sub(/#.*/, "")
		if ($1 != "deb") next
		sub(/\[[^]]*\]/, "")
		if ($3 == suite) { comps = ""; for (i = 4; i <= NF; i++) comps = comps " " $i
			if (has(comps, "main")) { print $2; found = 1; exit } }
	}
	END { if (deb822 && !found) stanza(); exit !found }' "${lists[@]}"
}

# series.conf holds the header lines above (the base) and then one line
# per patch, NAME/FILE: patches/NAME/FILE of series NAME.  The lines of a
# series are its order; the series are stacked in the order they first
# appear.  Each series applies alone onto the base (each goes to its own
# maintainer) and all of them together (what 'make build' and 'make vm'
# boot).

# series_names: the names of the series, in order.
series_names() {
	awk '/^[[:space:]]*#/ || !NF { next } { n = $1; sub(/\/.*/, "", n); if (!seen[n]++) print n }' "$SERIES"
}

# series_patches NAME: the patch file names of series NAME, in order.
series_patches() {
	awk -v want="$1" '/^[[:space:]]*#/ || !NF { next } index($1, want "/") == 1 { print substr($1, length(want) + 2) }' "$SERIES"
}

# series_branch NAME: the branch of series NAME in the work tree (the one to
# commit on; 'make export' writes it to patches/NAME/).  $BRANCH is all the
# series together, made by 'make apply'.
series_branch() {
	echo "$BRANCH-$1"
}

# Check series.conf against patches/: sections well formed, every listed
# file exists in its series' directory, every file there is listed.
series_check() {
	local p f name bad=0
	[ -f "$SERIES" ] || die "$SERIES does not exist"
	p=$(awk '/^[[:space:]]*#/ || !NF { next } $1 !~ /^[a-z0-9][a-z0-9-]*\/[^\/]+\.patch$/ { print FNR ": " $1; exit }' "$SERIES")
	[ -z "$p" ] || die "$SERIES line $p: a patch line is NAME/FILE.patch, NAME the series ([a-z0-9-]), like eventfs/0001-x.patch"
	[ -n "$(series_names)" ] || die "$SERIES lists no patch (NAME/FILE.patch lines)"
	while read -r name; do
		while read -r p; do
			[ -f "$PATCHES/$name/$p" ] || { warn "series.conf names $name/$p, which is not in patches/$name/"; bad=1; }
		done < <(series_patches "$name")
		[ "$(series_patches "$name" | sort | uniq -d)" = "" ] || { warn "series.conf lists a patch of $name twice"; bad=1; }
		for f in "$PATCHES/$name"/*.patch; do
			[ -e "$f" ] || continue
			series_patches "$name" | grep -qxF "$(basename "$f")" ||
				{ warn "$name/$(basename "$f") is in patches/ but not listed in series.conf"; bad=1; }
		done
	done < <(series_names)
	for f in "$PATCHES"/*; do
		[ -e "$f" ] || continue
		name=$(basename "$f")
		[ -d "$f" ] && series_names | grep -qxF "$name" && continue
		warn "patches/$name is not the directory of a series of series.conf"; bad=1
	done
	[ "$bad" = 0 ] || die "series.conf and patches/ disagree (see above)"
}

# combined_stray [SCRATCH]: the commits ('%h %s') made on $BRANCH itself
# since 'make apply' made it (refs/tracefs-series/applied): they are in no
# series.  Without that ref (a tree from before it), the commits of $BRANCH
# that SCRATCH (default: the series' branches) does not have.
combined_stray() {
	local name c
	git -C "$WORK" rev-parse -q --verify "refs/heads/$BRANCH" >/dev/null || return 0
	if git -C "$WORK" rev-parse -q --verify refs/tracefs-series/applied >/dev/null &&
		git -C "$WORK" merge-base --is-ancestor refs/tracefs-series/applied "refs/heads/$BRANCH"; then
		git -C "$WORK" log --reverse --format='%h %s' "refs/tracefs-series/applied..refs/heads/$BRANCH"
		return 0
	fi
	if [ -n "${1:-}" ]; then
		commit_ids "$BASE_REF..$1"
	else
		while read -r name; do
			git -C "$WORK" rev-parse -q --verify "refs/heads/$(series_branch "$name")" >/dev/null &&
				commit_ids "$BASE_REF..$(series_branch "$name")"
		done < <(series_names)
	fi | sort >"$WORK.ids"
	while read -r c; do
		grep -qxF "$(commit_ids "$c^!")" "$WORK.ids" || git -C "$WORK" log -1 --format='%h %s' "$c"
	done < <(git -C "$WORK" log --reverse --format=%H "$BASE_REF..refs/heads/$BRANCH")
	rm -f "$WORK.ids"
}

# commit_ids RANGE: one line per commit of RANGE (oldest first) that says
# what it is: its author, message and diff, not its dates or id.
commit_ids() {
	git -C "$WORK" log --reverse --format=%H "$1" | while read -r c; do
		{ git -C "$WORK" show -s --format='%an <%ae>%n%B' "$c"; git -C "$WORK" show --format= "$c" | git -C "$WORK" patch-id --stable; } |
			md5sum
	done
}

# The work tree the series is applied in, and the ref of its base.
if [ -n "${KERNEL:-}" ]; then
	KERNEL=$(realpath -m "$KERNEL")
	WORK=$CACHE/worktree-$(printf '%s' "$KERNEL" | md5sum | cut -c1-8)
	BASE_REF=refs/tracefs-series/base
else
	WORK=$CACHE/linux
	BASE_REF=refs/tags/tracefs-base
fi
# WORK_TREE: build and boot this checkout of the work tree's repository
# instead (scripts/bench.sh builds the base and the series in its own).
WORK=${WORK_TREE:-$WORK}
# One build directory per work tree: switching trees must not clobber a build.
BUILD=${BUILD:-$WORK.build}

# require_work: the work tree exists and has its base ref.
require_work() {
	[ -d "$WORK/.git" ] || [ -f "$WORK/.git" ] ||
		die "no kernel work tree at $WORK; run 'make base' first"
	git -C "$WORK" rev-parse -q --verify "$BASE_REF^{commit}" >/dev/null ||
		die "$WORK has no $BASE_REF; run 'make base' again"
}

# kmake ARGS...: make in the work tree, out of tree in $BUILD (a later O=
# overrides it), with ccache in $CACHE/ccache (or CCACHE_DIR) and a fixed
# build identity: a rebuild of the same tree gives the same objects, which is
# what makes ccache hit across runs.
kmake() {
	CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G} \
	KBUILD_BUILD_TIMESTAMP="$FIXED_DATE" KBUILD_BUILD_USER=tracefs KBUILD_BUILD_HOST=series \
		make -C "$WORK" O="$BUILD" CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# maintainers_with_fragment FILE: write MAINTAINERS of the work tree plus the
# entries of MAINTAINERS.fragment (for get_maintainer.pl --mpath FILE).
maintainers_with_fragment() {
	{ cat "$WORK/MAINTAINERS"; echo; sed '/^#/d' "$MAINTAINERS_FRAGMENT"; } >"$1"
}

# overlay_fragment BASE OVER OUT: write the config fragment BASE without the
# options that OVER sets, then OVER (the bench and KCSAN configs, which
# change a few options of scripts/kernel.config).
overlay_fragment() {
	grep -oE '^CONFIG_[A-Z0-9_]+' "$2" | sed 's/$/=/' >"$3.over"
	{ grep -vFf "$3.over" "$1"; cat "$2"; } >"$3"
	rm -f "$3.over"
}

# usage_from_header: print the leading comment block of the calling script.
usage() { # the script's leading comment, without shellcheck directives
	awk 'NR == 1 { next } !/^#/ { exit } !/^# shellcheck / { sub(/^# ?/, ""); print }' "$0"
}
