// SPDX-License-Identifier: GPL-2.0
/*
 * native_driver: times a benchmark kernel compiled natively (linked with
 * one bench/kernels/NAME.o).
 *
 *	native_driver N [REPS (5)] [MAX-SECONDS (3)]
 *
 * Calls run(N) up to REPS times (at least once; stops early once the runs
 * took MAX-SECONDS in total) and prints "BEST-MS CHECKSUM".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int run(int n);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n, reps, i, sum = 0;
	double max_s, best = 1e30, total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s N [REPS] [MAX-SECONDS]\n", argv[0]);
		return 2;
	}
	n = atoi(argv[1]);
	reps = argc > 2 ? atoi(argv[2]) : 5;
	max_s = argc > 3 ? atof(argv[3]) : 3;
	for (i = 0; i < reps && (i == 0 || total < max_s); i++) {
		double t0 = now(), t;
		int r = run(n);

		t = now() - t0;
		if (i && r != sum) {
			fprintf(stderr, "run(%d) is not deterministic: %d then %d\n", n, sum, r);
			return 1;
		}
		sum = r;
		total += t;
		if (t < best)
			best = t;
	}
	printf("%.3f %d\n", best * 1e3, sum);
	return 0;
}
