# Sourced by the scripts: find the stock (Debian cloud) test kernels.
#
# The kernel series wasmk supports, the default first: Debian 12's 6.1
# (installed on the host by scripts/setup) and 6.12 (Debian 13's kernel,
# which Debian 12 offers as linux-image-6.12.*+deb12-cloud-amd64; unpacked in
# the cache by scripts/setup-kernel unless the host has it installed).
WASMK_KVERS="6.1 6.12"
LIBK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# stock_kver [SERIES] prints the newest installed *-cloud-amd64 kernel
# release of SERIES (default 6.1) that has both an image under /boot and a
# matching headers tree.  Keyed on the series, so installing a 6.12 kernel
# on the host does not switch the default away from 6.1.
stock_kver() {
	local series=${1:-6.1} v best=""
	for v in $(ls /boot 2>/dev/null | sed -n 's/^vmlinuz-\(.*-cloud-amd64\)$/\1/p' | sort -V); do
		case $v in
		"$series".[0-9]*) [ -d "/usr/src/linux-headers-$v" ] && best=$v ;;
		esac
	done
	echo "$best"
}

# stock_kernel ARCH SERIES sets KVER, VMLINUZ, MODDIR, KDIR and CONFIG for
# Debian's stock kernel of SERIES on ARCH (x86_64 or arm64), making it ready
# first (scripts/setup-kernel, scripts/setup-arm64); returns 1, having said
# why on stderr, when it can't.
stock_kernel() {
	local arch=$1 series=$2 dir
	case " $WASMK_KVERS " in
	*" $series "*) ;;
	*) echo "unsupported kernel series '$series' (one of: $WASMK_KVERS)" >&2; return 1 ;;
	esac
	KVER=$(stock_kver "$series")
	if [ "$arch" = x86_64 ] && [ -n "$KVER" ]; then
		VMLINUZ=/boot/vmlinuz-$KVER MODDIR=/lib/modules/$KVER
		KDIR=/usr/src/linux-headers-$KVER CONFIG=/boot/config-$KVER
		return 0
	fi
	case $arch/$series in
	x86_64/6.1)
		echo "no stock 6.1 kernel installed: run scripts/setup" >&2
		return 1
		;;
	x86_64/*) dir=$("$LIBK_ROOT/scripts/setup-kernel" --print-dir "$series") || return 1 ;;
	arm64/*) dir=$("$LIBK_ROOT/scripts/setup-arm64" --print-dir --kver "$series") || return 1 ;;
	*) echo "unknown architecture $arch" >&2; return 1 ;;
	esac
	CONFIG=
	# shellcheck disable=SC1091
	. "$dir/env"
	CONFIG=${CONFIG:-$KDIR/.config}
}

# debug_kernel_dir prints the directory of the built debug (KUnit +
# sanitizers) kernel, or nothing when it has not been built.
debug_kernel_dir() {
	local d
	d=$(wasmk_cache)/debug-kernel/current
	[ -f "$d/bzImage" ] && [ -f "$d/release" ] && echo "$d"
	return 0
}

# wasmk_cache prints the cache directory (outside the repo).
wasmk_cache() {
	echo "${WASMK_CACHE:-$HOME/.cache/wasmk}"
}

# checkpatch_dir prints where setup keeps checkpatch.pl, keyed by the
# linux-source package version it came from.
checkpatch_dir() {
	local v
	v=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo none)
	echo "$(wasmk_cache)/checkpatch/$v"
}
