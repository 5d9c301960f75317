# Sourced by the scripts: find the stock (Debian cloud) test kernel.
#
# stock_kver prints the newest installed *-cloud-amd64 kernel release that
# has both an image under /boot and a matching headers tree.

stock_kver() {
	local v best=""
	for v in $(ls /boot 2>/dev/null | sed -n 's/^vmlinuz-\(.*-cloud-amd64\)$/\1/p' | sort -V); do
		[ -d "/usr/src/linux-headers-$v" ] && best=$v
	done
	echo "$best"
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
