// SPDX-License-Identifier: GPL-2.0
/* wasmk version: the tool's version and the loaded module's ABI. */
#include <string.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

static const struct {
	unsigned long long bit;
	const char *name;
} features[] = {
	{ WASMK_FEAT_VALIDATE, "validate" },
	{ WASMK_FEAT_PROG, "prog" },
	{ WASMK_FEAT_RUN, "run" },
	{ WASMK_FEAT_JIT, "jit" },
	{ WASMK_FEAT_NETFILTER, "netfilter" },
	{ WASMK_FEAT_TRACEPOINT, "tracepoint" },
	{ WASMK_FEAT_KPROBE, "kprobe" },
	{ WASMK_FEAT_EVENTS, "events" },
	{ WASMK_FEAT_XDP, "xdp" },
};

int cmd_version(int argc, char **argv)
{
	struct wasmk_version v;
	size_t i;
	int fd;

	if (argc > 0 && !strcmp(argv[0], "help")) {
		printf("Usage: wasmk version\n"
		       "Prints the tool's version and the ABI version and features of\n"
		       "the loaded wasmk.ko (through /dev/wasmk).\n");
		return EXIT_OK;
	}
	if (argc > 0)
		return usage_err("version", "unexpected argument '%s'", argv[0]);

	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	if (dev_ioctl(fd, WASMK_IOC_VERSION, &v, "version")) {
		close(fd);
		return EXIT_ERR;
	}
	close(fd);
	v.release[sizeof(v.release) - 1] = 0;

	if (cli.json) {
		json_begin_obj(NULL);
		json_str("tool", WASMK_TOOL_VERSION);
		json_u64("tool_abi", WASMK_ABI_VERSION);
		json_str("module", v.release);
		json_u64("module_abi", v.abi_version);
		json_begin_arr("features");
		for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
			if (v.features & features[i].bit)
				json_str(NULL, features[i].name);
		json_end_arr();
		json_end_obj();
		json_done();
	} else {
		printf("wasmk tool %s (ABI %d)\n", WASMK_TOOL_VERSION, WASMK_ABI_VERSION);
		printf("wasmk.ko %s (ABI %u)\n", v.release, v.abi_version);
		printf("features:");
		for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
			if (v.features & features[i].bit)
				printf(" %s", features[i].name);
		printf("%s\n", v.features ? "" : " (none)");
	}
	if (v.abi_version != WASMK_ABI_VERSION) {
		err("ABI mismatch: tool %d, module %u: rebuild and reload both (make)",
		    WASMK_ABI_VERSION, v.abi_version);
		return EXIT_ERR;
	}
	return EXIT_OK;
}
