// SPDX-License-Identifier: GPL-2.0
/* Floating point: a 6-body gravity simulation (symplectic Euler, f64). */
#include "kernel.h"

#define BENCH_N 1200000	/* time steps */
#define BENCH_KN 60000	/* in the kernel (scripts/bench-kernel) */
#define NB 6

static double px[NB], py[NB], pz[NB], vx[NB], vy[NB], vz[NB], mass[NB];

static double energy(void)
{
	double e = 0, dx, dy, dz;
	int i, j;

	for (i = 0; i < NB; i++) {
		e += 0.5 * mass[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
		for (j = i + 1; j < NB; j++) {
			dx = px[i] - px[j];
			dy = py[i] - py[j];
			dz = pz[i] - pz[j];
			e -= mass[i] * mass[j] / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
		}
	}
	return e;
}

int run(int n)
{
	const double dt = 0.001;
	double dx, dy, dz, d2, mag, e0, e1;
	int i, j, s;

	/* A heavy centre and five lighter bodies on rough orbits. */
	for (i = 0; i < NB; i++) {
		double r = 1.0 + 0.7 * i;

		mass[i] = i ? 0.001 * (i + 1) : 40.0;
		px[i] = i ? r * (i & 1 ? 1 : -1) : 0;
		py[i] = i ? 0.3 * i : 0;
		pz[i] = i ? 0.05 * (i - 3) : 0;
		vx[i] = i ? -0.1 * i : 0;
		vy[i] = i ? (i & 1 ? 1 : -1) * 6.0 / __builtin_sqrt(r) : 0;
		vz[i] = i ? 0.01 * i : 0;
	}
	e0 = energy();
	for (s = 0; s < n; s++) {
		for (i = 0; i < NB; i++) {
			for (j = i + 1; j < NB; j++) {
				dx = px[i] - px[j];
				dy = py[i] - py[j];
				dz = pz[i] - pz[j];
				d2 = dx * dx + dy * dy + dz * dz;
				mag = dt / (d2 * __builtin_sqrt(d2));
				vx[i] -= dx * mass[j] * mag;
				vy[i] -= dy * mass[j] * mag;
				vz[i] -= dz * mass[j] * mag;
				vx[j] += dx * mass[i] * mag;
				vy[j] += dy * mass[i] * mag;
				vz[j] += dz * mass[i] * mag;
			}
		}
		for (i = 0; i < NB; i++) {
			px[i] += dt * vx[i];
			py[i] += dt * vy[i];
			pz[i] += dt * vz[i];
		}
	}
	e1 = energy();
	return (int)(long long)((e1 - e0) * 1e9) ^ (int)(long long)(e1 * 1e6);
}
