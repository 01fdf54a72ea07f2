// SPDX-License-Identifier: GPL-2.0
/*
 * syscall-bench - time the system calls the vfs tracepoints sit in.
 *
 * Usage: syscall-bench [-n ITERATIONS] [-r RUNS] [DIR]
 *
 * For each of open+close, stat, 1-byte pread, 1-byte pwrite and
 * create+close+unlink on a file in DIR (default /tmp), runs ITERATIONS
 * calls RUNS times and prints one line per run and operation:
 *
 *   <op> run=<r> ns/op=<nanoseconds per operation>
 *
 * then one summary line per operation with the median, minimum and
 * maximum of the runs.  Built static so the guest needs nothing else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char path[4096], cpath[4096];
static int fd;

static void die(const char *what)
{
	fprintf(stderr, "syscall-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void op_open(void)
{
	int f = open(path, O_RDONLY);

	if (f < 0)
		die("open");
	close(f);
}

static void op_stat(void)
{
	struct stat st;

	if (stat(path, &st))
		die("stat");
}

static void op_read(void)
{
	char c;

	if (pread(fd, &c, 1, 0) != 1)
		die("pread");
}

static void op_write(void)
{
	char c = 'x';

	if (pwrite(fd, &c, 1, 0) != 1)
		die("pwrite");
}

static void op_create(void)
{
	int f = open(cpath, O_CREAT | O_EXCL | O_WRONLY, 0600);

	if (f < 0)
		die("create");
	close(f);
	if (unlink(cpath))
		die("unlink");
}

static const struct {
	const char *name;
	void (*fn)(void);
} ops[] = {
	{ "open_close", op_open },
	{ "stat", op_stat },
	{ "read_1byte", op_read },
	{ "write_1byte", op_write },
	{ "create_unlink", op_create },
};

#define NOPS (sizeof(ops) / sizeof(ops[0]))
#define MAXRUNS 100

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	double res[NOPS][MAXRUNS];
	long n = 20000, i;
	int runs = 5, r, c;
	unsigned int o;
	const char *dir = "/tmp";

	while ((c = getopt(argc, argv, "n:r:")) != -1) {
		switch (c) {
		case 'n': n = atol(optarg); break;
		case 'r': runs = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-n ITERATIONS] [-r RUNS] [DIR]\n", argv[0]);
			return 2;
		}
	}
	if (optind < argc)
		dir = argv[optind];
	if (n < 1 || runs < 1 || runs > MAXRUNS) {
		fprintf(stderr, "syscall-bench: bad -n or -r\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/syscall-bench.%d", dir, (int)getpid());
	snprintf(cpath, sizeof(cpath), "%s/syscall-bench-c.%d", dir, (int)getpid());
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0)
		die("open");
	if (write(fd, "x", 1) != 1)
		die("write");

	for (r = 0; r < runs; r++) {
		for (o = 0; o < NOPS; o++) {
			double t;

			ops[o].fn();	/* warm up */
			t = now_ns();
			for (i = 0; i < n; i++)
				ops[o].fn();
			res[o][r] = (now_ns() - t) / n;
			printf("%s run=%d ns/op=%.1f\n", ops[o].name, r, res[o][r]);
		}
	}
	for (o = 0; o < NOPS; o++) {
		qsort(res[o], runs, sizeof(double), cmp);
		printf("summary %s runs=%d median=%.1f min=%.1f max=%.1f\n",
		       ops[o].name, runs, res[o][runs / 2], res[o][0],
		       res[o][runs - 1]);
	}
	close(fd);
	unlink(path);
	return 0;
}
