// SPDX-License-Identifier: GPL-2.0
/*
 * syscall-bench - time the system calls the vfs events sit in.
 *
 * Usage: syscall-bench [-n ITERATIONS] [-r RUNS] [-o OP,...] [DIR]
 *
 * Operations, on files in DIR (default /tmp), and what of the vfs events
 * (v2) each one fires:
 *   open_close     open(O_RDONLY) + close      vfs_getname, vfs_open
 *   fsync          fsync of an open file        vfs_fsync
 *   create_unlink  open(O_CREAT|O_EXCL) + close + unlink
 *                                               vfs_getname x2, vfs_open,
 *                                               vfs_unlink_enter and exit
 *   mkdir_rmdir    mkdir + rmdir                vfs_getname x2,
 *                                               vfs_rmdir_enter and exit
 *   rename         rename(2), back and forth    vfs_getname x2,
 *                                               vfs_rename_enter and exit
 *   stat           stat(2)                      vfs_getname (control)
 *   read_1byte     a 1-byte pread               none (control)
 * Runs ITERATIONS operations RUNS times (each run after one operation not
 * counted) and prints one line per run and operation:
 *
 *   <op> run=<r> ns/op=<nanoseconds per operation>
 *
 * then one summary line per operation with the median, minimum and
 * maximum of the runs.  -o runs only the operations named, in that order.
 * Times with CLOCK_MONOTONIC in the process: no fork or exec in them.
 * Exit: 0 done, 1 a system call failed (named, with the error), 2 bad usage.
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

static char path[4096], cpath[4096], dpath[4096], rpath[2][4096];
static int fd;

static void die(const char *what, const char *file)
{
	fprintf(stderr, "syscall-bench: %s %s: %s\n", what, file, strerror(errno));
	exit(1);
}

static void op_open(void)
{
	int f = open(path, O_RDONLY);

	if (f < 0)
		die("open", path);
	close(f);
}

static void op_stat(void)
{
	struct stat st;

	if (stat(path, &st))
		die("stat", path);
}

static void op_read(void)
{
	char c;

	if (pread(fd, &c, 1, 0) != 1)
		die("pread", path);
}

static void op_fsync(void)
{
	if (fsync(fd))
		die("fsync", path);
}

static void op_create(void)
{
	int f = open(cpath, O_CREAT | O_EXCL | O_WRONLY, 0600);

	if (f < 0)
		die("create", cpath);
	close(f);
	if (unlink(cpath))
		die("unlink", cpath);
}

static void op_mkdir(void)
{
	if (mkdir(dpath, 0700))
		die("mkdir", dpath);
	if (rmdir(dpath))
		die("rmdir", dpath);
}

static void op_rename(void)
{
	static int i;

	if (rename(rpath[i], rpath[!i]))
		die("rename", rpath[i]);
	i = !i;
}

static const struct {
	const char *name;
	void (*fn)(void);
} ops[] = {
	{ "open_close", op_open },
	{ "fsync", op_fsync },
	{ "create_unlink", op_create },
	{ "mkdir_rmdir", op_mkdir },
	{ "rename", op_rename },
	{ "stat", op_stat },
	{ "read_1byte", op_read },
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

static void usage(void)
{
	fprintf(stderr, "usage: syscall-bench [-n ITERATIONS] [-r RUNS] [-o OP,...] [DIR]\n");
	exit(2);
}

/* -o LIST: the indexes of the operations named, in order. */
static unsigned int pick(char *list, unsigned int *sel)
{
	unsigned int k = 0, o;
	char *tok, *save;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (o = 0; o < NOPS && strcmp(ops[o].name, tok); o++)
			;
		if (o == NOPS) {
			fprintf(stderr, "syscall-bench: no operation '%s' (", tok);
			for (o = 0; o < NOPS; o++)
				fprintf(stderr, "%s%s", o ? " " : "", ops[o].name);
			fprintf(stderr, ")\n");
			exit(2);
		}
		if (k == NOPS)
			usage();
		sel[k++] = o;
	}
	return k;
}

int main(int argc, char **argv)
{
	static double res[NOPS][MAXRUNS];
	unsigned int sel[NOPS], nsel = NOPS, o, k;
	long n = 20000, i;
	int runs = 5, r, c;
	const char *dir = "/tmp";
	char *end;

	for (o = 0; o < NOPS; o++)
		sel[o] = o;
	while ((c = getopt(argc, argv, "n:r:o:")) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || n < 1)
				usage();
			break;
		case 'r':
			errno = 0;
			runs = strtol(optarg, &end, 10);
			if (errno || *end || runs < 1 || runs > MAXRUNS)
				usage();
			break;
		case 'o':
			nsel = pick(optarg, sel);
			break;
		default:
			usage();
		}
	}
	if (optind < argc)
		dir = argv[optind++];
	if (optind < argc || !nsel)
		usage();
	snprintf(path, sizeof(path), "%s/syscall-bench.%d", dir, (int)getpid());
	snprintf(cpath, sizeof(cpath), "%s/syscall-bench-c.%d", dir, (int)getpid());
	snprintf(dpath, sizeof(dpath), "%s/syscall-bench-d.%d", dir, (int)getpid());
	snprintf(rpath[0], sizeof(rpath[0]), "%s/syscall-bench-r0.%d", dir, (int)getpid());
	snprintf(rpath[1], sizeof(rpath[1]), "%s/syscall-bench-r1.%d", dir, (int)getpid());
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0)
		die("create", path);
	if (write(fd, "x", 1) != 1)
		die("write", path);
	c = open(rpath[0], O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (c < 0)
		die("create", rpath[0]);
	close(c);

	for (r = 0; r < runs; r++) {
		for (k = 0; k < nsel; k++) {
			double t;

			o = sel[k];
			ops[o].fn();	/* warm up */
			t = now_ns();
			for (i = 0; i < n; i++)
				ops[o].fn();
			res[o][r] = (now_ns() - t) / n;
			printf("%s run=%d ns/op=%.1f\n", ops[o].name, r, res[o][r]);
			fflush(stdout);
		}
	}
	for (k = 0; k < nsel; k++) {
		o = sel[k];
		qsort(res[o], runs, sizeof(double), cmp);
		printf("summary %s runs=%d median=%.1f min=%.1f max=%.1f\n",
		       ops[o].name, runs, res[o][runs / 2], res[o][0],
		       res[o][runs - 1]);
	}
	close(fd);
	unlink(path);
	/* One of the two: rename went back and forth. */
	if (unlink(rpath[0]) && unlink(rpath[1]))
		die("unlink", rpath[1]);
	return 0;
}
