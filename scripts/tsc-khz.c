// SPDX-License-Identifier: GPL-2.0
/*
 * tsc-khz - print the rate of this machine's TSC in kHz.
 *
 * Usage: tsc-khz
 *
 * QEMU's TCG hands the host's TSC to the guest, and a guest without HPET
 * or ACPI PM timer calibrates it against the emulated PIT, which fails when
 * the host is busy.  scripts/bench.sh gives the guest this value with
 * tsc_early_khz= instead.  Measured against CLOCK_MONOTONIC_RAW over three
 * 100 ms windows; prints the median.  x86 only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static long long ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts)) {
		perror("tsc-khz: clock_gettime");
		exit(1);
	}
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	const struct timespec window = { 0, 100 * 1000 * 1000 };
	long long khz[3], t;
	unsigned long long c;
	int i, j;

	for (i = 0; i < 3; i++) {
		t = ns();
		c = __rdtsc();
		nanosleep(&window, NULL);
		c = __rdtsc() - c;
		t = ns() - t;
		khz[i] = (long long)(c * 1000000.0 / t);
		for (j = i; j > 0 && khz[j] < khz[j - 1]; j--) {
			long long k = khz[j];

			khz[j] = khz[j - 1];
			khz[j - 1] = k;
		}
	}
	if (khz[1] < 100000 || khz[1] > 10000000) {
		fprintf(stderr, "tsc-khz: implausible TSC rate %lld kHz\n", khz[1]);
		return 1;
	}
	printf("%lld\n", khz[1]);
	return 0;
}
