// SPDX-License-Identifier: GPL-2.0
/* Floating point: dense 96x96 f64 matrix multiply, repeated. */
#include "kernel.h"

#define BENCH_N 720	/* multiplications */
#define BENCH_KN 10	/* in the kernel (scripts/bench-kernel) */
#define M 96

static double a[M][M], b[M][M], c[M][M];

int run(int n)
{
	double sum = 0;
	int i, j, k, r;

	for (i = 0; i < M; i++) {
		for (j = 0; j < M; j++) {
			a[i][j] = (double)((i * 31 + j * 17) % 101) / 101.0 - 0.5;
			b[i][j] = (double)((i * 13 + j * 29) % 97) / 97.0 - 0.5;
		}
	}
	for (r = 0; r < n; r++) {
		for (i = 0; i < M; i++) {
			for (j = 0; j < M; j++)
				c[i][j] = a[i][0] * b[0][j];
			for (k = 1; k < M; k++) {
				double aik = a[i][k];

				for (j = 0; j < M; j++)
					c[i][j] += aik * b[k][j];
			}
		}
		/* Feed the result back so no pass can be skipped. */
		a[r % M][(r * 7) % M] += c[(r * 3) % M][(r * 5) % M] * 1e-3;
		sum += c[r % M][(r * 11) % M];
	}
	return (int)(long long)(sum * 1e6);
}
