// SPDX-License-Identifier: GPL-2.0
/*
 * mkdir-bench - time the creation and the removal of tracing instances:
 * mkdir(2) of N instances DIR/bench_1..bench_N, then rmdir(2) of them,
 * each loop timed inside the process (CLOCK_MONOTONIC), so the fork and
 * exec of mkdir(1) and rmdir(1), and the lookups of their binaries and
 * libraries over the guest's 9p root, are not in the time.
 *
 * Usage: mkdir-bench [-n N] [-w MS] [DIR]
 *   -n N   instances (default 10)
 *   -w MS  sleep MS ms before each timed loop (default 0), so that what
 *          the work before left to do in the background (RCU callbacks,
 *          deferred frees, workqueues) is not in the time
 *   DIR   default /sys/kernel/tracing/instances
 * Prints the mean time of one mkdir and of one rmdir, in ms, as
 * selftests/bench/eventfs.sh prints its metrics:
 *   bench: speed.instance_mkdir <ms> ms
 *   bench: speed.instance_rmdir <ms> ms
 * Exit: 0 done, 1 a mkdir or rmdir failed (the instance and the error
 * are named; the instances it made are removed), 2 bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAXN 1000

static char names[MAXN][4096];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void settle(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	if (ms)
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
}

/* Remove instances from..n-1 (best effort, after a failure). */
static void remove_from(long from, long n)
{
	for (long i = from; i < n; i++)
		if (rmdir(names[i]) && errno != ENOENT)
			fprintf(stderr, "mkdir-bench: cleanup: rmdir %s: %s\n", names[i], strerror(errno));
}

int main(int argc, char **argv)
{
	const char *dir = "/sys/kernel/tracing/instances";
	double t0, t1, t2, t3;
	long n = 10, wait_ms = 0, i;
	char *end;
	int c;

	while ((c = getopt(argc, argv, "n:w:")) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || n < 1 || n > MAXN) {
				fprintf(stderr, "mkdir-bench: -n needs a number from 1 to %d, not '%s'\n", MAXN, optarg);
				return 2;
			}
			break;
		case 'w':
			errno = 0;
			wait_ms = strtol(optarg, &end, 10);
			if (errno || *end || wait_ms < 0 || wait_ms > 60000) {
				fprintf(stderr, "mkdir-bench: -w needs ms from 0 to 60000, not '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: mkdir-bench [-n N] [-w MS] [DIR]\n");
			return 2;
		}
	}
	if (optind < argc)
		dir = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "usage: mkdir-bench [-n N] [-w MS] [DIR]\n");
		return 2;
	}
	for (i = 0; i < n; i++)
		if ((size_t)snprintf(names[i], sizeof(names[i]), "%s/bench_%ld", dir, i + 1) >= sizeof(names[i])) {
			fprintf(stderr, "mkdir-bench: %s: name too long\n", dir);
			return 2;
		}

	settle(wait_ms);
	t0 = now_ms();
	for (i = 0; i < n; i++)
		if (mkdir(names[i], 0755)) {
			int e = errno;

			fprintf(stderr, "mkdir-bench: mkdir %s (instance %ld of %ld): %s\n",
				names[i], i + 1, n, strerror(e));
			/* Only those it made: an existing one is not ours. */
			remove_from(0, i);
			return 1;
		}
	t1 = now_ms();
	settle(wait_ms);
	t2 = now_ms();
	for (i = 0; i < n; i++)
		if (rmdir(names[i])) {
			fprintf(stderr, "mkdir-bench: rmdir %s (instance %ld of %ld): %s\n",
				names[i], i + 1, n, strerror(errno));
			remove_from(i + 1, n);
			return 1;
		}
	t3 = now_ms();
	printf("bench: speed.instance_mkdir %.3f ms\n", (t1 - t0) / n);
	printf("bench: speed.instance_rmdir %.3f ms\n", (t3 - t2) / n);
	return 0;
}
