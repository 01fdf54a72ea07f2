#!/usr/bin/env bash
# build.sh - configure and build the kernel of the work tree (bzImage).
#
# Usage: scripts/build.sh [--help] [--config-only]
#
# The config is tinyconfig (BASECONFIG names another make target, such as
# x86_64_defconfig) plus scripts/kernel.config (FRAGMENT another fragment),
# merged with the kernel's scripts/kconfig/merge_config.sh; every option of the fragment is
# then checked, and the build stops naming any option Kconfig dropped.
# Builds are out of tree in $BUILD (default: the work tree's path + .build)
# with ccache in $CACHE/ccache, so a rebuild after touching one file takes
# seconds.  JOBS sets make -j (default: the number of CPUs).  The build log
# is $OUT/build.log.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
config_only=0
case "${1:-}" in
-h|--help) usage; exit 0 ;;
--config-only) config_only=1 ;;
"") ;;
*) die "unknown argument '$1' (see --help)" ;;
esac

for c in make gcc flex bison bc ccache; do need_cmd "$c"; done
require_work
FRAGMENT=${FRAGMENT:-$TOP/scripts/kernel.config} BASECONFIG=${BASECONFIG:-tinyconfig}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$BUILD" "$OUT"

# check_config FRAGMENT CONFIG: every option of FRAGMENT has its value in CONFIG.
check_config() {
	local line opt val dropped=()
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -qx "$opt=[ym]" "$2" && dropped+=("$opt=n (is set)")
		else
			grep -qxF "$line" "$2" || dropped+=("$line (got: $(grep -E "^$opt=|^# $opt is" "$2" || echo unset))")
		fi
	done <"$1"
	if [ "${#dropped[@]}" -gt 0 ]; then
		printf '  %s\n' "${dropped[@]}" >&2
		die "Kconfig dropped ${#dropped[@]} option(s) of $1 (listed above)"
	fi
}

[ -f "$FRAGMENT" ] || die "config fragment $FRAGMENT does not exist"

configure() {
	local cfg
	info "configuring in $BUILD ($BASECONFIG + $(basename "$FRAGMENT"))"
	cfg=$(mktemp -d)
	# shellcheck disable=SC2064 # expand now: cfg is local
	trap "rm -rf '$cfg'" EXIT
	make -s -C "$WORK" O="$cfg" "$BASECONFIG" >/dev/null || die "make $BASECONFIG failed"
	"$WORK/scripts/kconfig/merge_config.sh" -m -O "$cfg" "$cfg/.config" "$FRAGMENT" >"$OUT/config.log" 2>&1 ||
		die "merge_config.sh failed; see $OUT/config.log"
	make -s -C "$WORK" O="$cfg" olddefconfig >>"$OUT/config.log" 2>&1 ||
		die "olddefconfig failed; see $OUT/config.log"
	check_config "$FRAGMENT" "$cfg/.config"
	cmp -s "$cfg/.config" "$BUILD/.config" || cp "$cfg/.config" "$BUILD/.config"
}

# The config depends only on the fragment and the Kconfig files and config
# fragments of the tree: skip the merge (most of a minute) when none of them
# changed since the last one.
key=$( { echo "$BASECONFIG"; cat "$FRAGMENT"; cd "$WORK" && git ls-files -s -- '*Kconfig*' '*/configs/*' &&
	git diff -- '*Kconfig*' '*/configs/*'; } | md5sum)
if [ -f "$BUILD/.config" ] && [ "$(cat "$BUILD/.config-key" 2>/dev/null)" = "$key" ]; then
	info "config of $BUILD is up to date"
else
	configure
	printf '%s\n' "$key" >"$BUILD/.config-key"
fi
[ "$config_only" = 1 ] && { info "config is $BUILD/.config"; exit 0; }

info "building bzImage with -j$JOBS (log: $OUT/build.log)"
start=$SECONDS
set +e
kmake -j"$JOBS" bzImage 2>&1 | tee "$OUT/build.log" |
	awk '/^  (CC|AR|LD)/ { n++; if (n % 500 == 0) { printf "  ... %d objects\n", n; fflush() } }' >&2
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" != 0 ]; then
	grep -E 'error:|Error [0-9]' "$OUT/build.log" | head -n 20 >&2
	die "build failed (exit $rc); see $OUT/build.log"
fi
info "built $BUILD/arch/x86/boot/bzImage in $((SECONDS - start)) s"
