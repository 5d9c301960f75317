// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk top [interval SECONDS] [count N]: live per-program statistics,
 * refreshed every interval: runs per second, mean time per run, fuel per
 * run, traps and missed runs in the interval, links.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

#define TOP_MAX	1024

struct snap {
	unsigned int id;
	unsigned long long runs, timed_runs, run_ns, fuel, traps, missed;
};

static int take(int fd, struct wasmk_prog_info *infos, unsigned int *n)
{
	struct wasmk_prog_list l;
	uint32_t ids[TOP_MAX];
	unsigned int i, k = 0;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.ids = (uintptr_t)ids;
	l.count = TOP_MAX;
	if (dev_ioctl(fd, WASMK_IOC_PROG_LIST, &l, "top"))
		return -1;
	for (i = 0; i < l.count && i < TOP_MAX; i++) {
		memset(&infos[k], 0, sizeof(infos[k]));
		infos[k].size = sizeof(infos[k]);
		infos[k].prog_id = ids[i];
		if (!ioctl_raw(fd, WASMK_IOC_PROG_INFO, &infos[k]))
			k++;
	}
	*n = k;
	return 0;
}

static const struct snap *find(const struct snap *s, unsigned int n, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (s[i].id == id)
			return &s[i];
	return NULL;
}

int cmd_top(int argc, char **argv)
{
	static struct wasmk_prog_info infos[TOP_MAX];
	static struct snap prev[TOP_MAX], cur[TOP_MAX];
	unsigned int interval = 1, count = 0, iter, i, n = 0, nprev = 0;
	int fd;

	for (i = 0; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "help")) {
			printf("Usage: wasmk top [interval SECONDS] [count N]\n"
			       "Per-program statistics every interval (default 1 s): runs/s, mean\n"
			       "ns and fuel per run, traps and missed runs in the interval, links.\n"
			       "count N stops after N refreshes; -j prints one JSON array each.\n");
			return EXIT_OK;
		}
		if (i + 1 >= (unsigned int)argc)
			return usage_err("top", "'%s' needs a value", argv[i]);
		if (!strcmp(argv[i], "interval")) {
			if (!parse_u32(argv[++i], &interval) || !interval)
				return usage_err("top", "interval needs a positive number");
		} else if (!strcmp(argv[i], "count")) {
			if (!parse_u32(argv[++i], &count))
				return usage_err("top", "count needs a number");
		} else {
			return usage_err("top", "unexpected argument '%s'", argv[i]);
		}
	}
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	for (iter = 0; !count || iter <= count; iter++) {
		if (take(fd, infos, &n)) {
			close(fd);
			return EXIT_ERR;
		}
		for (i = 0; i < n; i++) {
			cur[i].id = infos[i].prog_id;
			cur[i].runs = infos[i].runs;
			cur[i].timed_runs = prog_timed_runs(&infos[i]);
			cur[i].run_ns = infos[i].run_ns;
			cur[i].fuel = infos[i].fuel_used;
			cur[i].traps = infos[i].traps;
			cur[i].missed = infos[i].missed;
		}
		if (iter > 0) {
			if (cli.json) {
				json_begin_arr(NULL);
			} else {
				if (isatty(1))
					printf("\033[H\033[2J");
				printf("%6s %-20s %-5s %10s %10s %10s %8s %8s %5s\n", "ID", "NAME",
				       "TIER", "RUNS/S", "NS/RUN", "FUEL/RUN", "TRAPS", "MISSED",
				       "LINKS");
			}
			for (i = 0; i < n; i++) {
				const struct snap *p = find(prev, nprev, cur[i].id);
				unsigned long long dr = cur[i].runs - (p ? p->runs : 0);
				unsigned long long dtr = cur[i].timed_runs - (p ? p->timed_runs : 0);
				unsigned long long dns = cur[i].run_ns - (p ? p->run_ns : 0);
				unsigned long long df = cur[i].fuel - (p ? p->fuel : 0);
				unsigned long long dt = cur[i].traps - (p ? p->traps : 0);
				unsigned long long dm = cur[i].missed - (p ? p->missed : 0);
				const char *tier = infos[i].tier == WASMK_TIER_JIT ? "jit" : "interp";

				if (cli.json) {
					json_begin_obj(NULL);
					json_u64("id", cur[i].id);
					json_str("name", infos[i].name);
					json_str("tier", tier);
					json_u64("runs_per_s", dr / interval);
					json_u64("ns_per_run", dtr ? dns / dtr : 0);
					json_u64("fuel_per_run", dr ? df / dr : 0);
					json_u64("traps", dt);
					json_u64("missed", dm);
					json_u64("links", infos[i].nr_links);
					json_end_obj();
				} else {
					printf("%6u %-20.20s %-5s %10llu %10llu %10llu %8llu %8llu %5u\n",
					       cur[i].id, infos[i].name, tier, dr / interval,
					       dtr ? dns / dtr : 0, dr ? df / dr : 0, dt, dm,
					       infos[i].nr_links);
				}
			}
			if (cli.json) {
				json_end_arr();
				json_done();
			}
			fflush(stdout);
		}
		memcpy(prev, cur, sizeof(cur[0]) * n);
		nprev = n;
		if (count && iter == count)
			break;
		sleep(interval);
	}
	close(fd);
	return EXIT_OK;
}
