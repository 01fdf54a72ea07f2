#!/usr/bin/env bash
# base.sh - prepare the kernel tree the series applies to.
#
# Usage: scripts/base.sh [--help]
#
# Default: the pinned Debian package named in series.conf ('# base-package:'),
# unpacked under $CACHE and made a git repository with a reproducible base
# commit, tagged 'tracefs-base'.  The commit id is checked against
# '# base-commit:' in series.conf.  Nothing is done if the tree is already there.
#
# With KERNEL=/path/to/linux (a git tree of your own) and optionally BASE=<ref>
# (default: its HEAD), a git worktree of it is made under $CACHE instead; your
# branches, index and working tree are not touched.  KERNEL must be clean.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
case "${1:-}" in -h|--help) usage; exit 0 ;; "") ;; *) die "unknown argument '$1' (see --help)" ;; esac

need_cmd git
mkdir -p "$CACHE"

user_tree() {
	[ -e "$KERNEL" ] || die "KERNEL=$KERNEL does not exist"
	git -C "$KERNEL" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KERNEL=$KERNEL is not a git tree"
	{ [ -f "$KERNEL/Makefile" ] && [ -d "$KERNEL/fs/tracefs" ]; } ||
		die "KERNEL=$KERNEL does not look like a Linux tree (no Makefile or fs/tracefs)"
	[ -z "$(git -C "$KERNEL" status --porcelain --untracked-files=no)" ] ||
		die "KERNEL=$KERNEL has uncommitted changes; commit or stash them first"
	local base
	base=$(git -C "$KERNEL" rev-parse -q --verify "${BASE:-HEAD}^{commit}") ||
		die "BASE=${BASE:-HEAD} is not a commit in $KERNEL"
	git -C "$KERNEL" worktree prune
	if [ ! -e "$WORK/.git" ]; then
		info "adding worktree $WORK of $KERNEL at $base"
		git -C "$KERNEL" worktree add -q --detach "$WORK" "$base"
	fi
	git -C "$WORK" update-ref "$BASE_REF" "$base"
	info "base is $base (${BASE:-HEAD} of $KERNEL)"
}

debian_tree() {
	local pkg want have tarball tmp
	pkg=$(series_get base-package)
	want=$(series_get base-commit)
	[ -n "$pkg" ] || die "series.conf has no '# base-package:' line"
	if git -C "$WORK" rev-parse -q --verify "$BASE_REF^{commit}" >/dev/null 2>&1; then
		have=$(git -C "$WORK" rev-parse "$BASE_REF^{commit}")
		if [ -z "$want" ] || [ "$have" = "$want" ]; then
			info "base tree $WORK is ready ($have)"
			return
		fi
		die "$WORK has base $have but series.conf wants $want; remove $WORK and retry"
	fi
	# Accept only the pinned version: another one would give another base.
	local name=${pkg%%=*} version=${pkg#*=} installed
	installed=$(dpkg-query -W -f '${Version}' "$name" 2>/dev/null || true)
	[ "$installed" = "$version" ] ||
		die "Debian package $name=$version is needed (installed: ${installed:-none}); run 'make deps'"
	tarball=/usr/src/$name.tar.xz
	[ -f "$tarball" ] || die "$tarball is missing; reinstall $name"

	tmp=$CACHE/linux.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	info "unpacking $tarball"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
	# Debian's .gitignore ends with a stanza ignoring everything at the top
	# level ('/*' then '!/debian/'); upstream has none and with it every new
	# file a patch adds would silently stay out of commits.  Drop it.
	local n
	n=$(grep -n '^# Debian packaging' "$tmp/.gitignore" | cut -d: -f1 || true)
	[ -n "$n" ] && head -n "$((n - 2))" "$tmp/.gitignore" >"$tmp/.gitignore.new" &&
		mv "$tmp/.gitignore.new" "$tmp/.gitignore"
	info "creating the base commit (about a minute)"
	git -C "$tmp" init -q -b "$BRANCH"
	git -C "$tmp" config core.autocrlf false
	git -C "$tmp" add -f -A
	GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org" \
	GIT_COMMITTER_NAME="Debian kernel team" GIT_COMMITTER_EMAIL="debian-kernel@lists.debian.org" \
	GIT_AUTHOR_DATE="$FIXED_DATE" GIT_COMMITTER_DATE="$FIXED_DATE" \
		git -C "$tmp" commit -q --no-gpg-sign -m "Linux $version (Debian $name, unpacked)" \
		-m "Debian's top-level .gitignore stanza ('/*', '!/debian/') is removed."
	git -C "$tmp" tag tracefs-base
	have=$(git -C "$tmp" rev-parse HEAD)
	if [ -n "$want" ] && [ "$have" != "$want" ]; then
		rm -rf "$tmp"
		die "base commit is $have, series.conf wants $want: not reproducible"
	fi
	rm -rf "$WORK"
	mv "$tmp" "$WORK"
	info "base tree $WORK is ready ($have)"
	[ -n "$want" ] || warn "series.conf has no '# base-commit:'; add '# base-commit: $have'"
}

if [ -n "${KERNEL:-}" ]; then user_tree; else debian_tree; fi
