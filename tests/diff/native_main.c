// SPDX-License-Identifier: GPL-2.0
/* Native driver: prints "SEED VALUE" for each seed given on the command line. */
#include <stdio.h>
#include <stdlib.h>

long long test(int seed);

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		int seed = (int)strtol(argv[i], NULL, 0);

		printf("%d %lld\n", seed, test(seed));
	}
	return 0;
}
