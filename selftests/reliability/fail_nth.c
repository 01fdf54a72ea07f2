// SPDX-License-Identifier: GPL-2.0
/*
 * fail_nth - step a slab allocation failure through one tracefs operation
 * with /proc/thread-self/fail-nth, for faults.sh.  Only this task's
 * allocations fail (fail-nth is per task; failslab's probability stays 0).
 *
 *   fail_nth count OP ARGS...                 fault sites of one OP, no fault
 *   fail_nth sweep FIRST LAST STRIDE OP ARGS...
 *
 * OP is one of
 *   mkdir DIR                                 mkdir (an instance), then rmdir
 *   kprobe TRACEFS GROUP EVENT SYMBOL         add p:GROUP/EVENT SYMBOL, then remove
 *
 * For each step n of the sweep the n-th fault site of OP fails.  Then:
 *  - OP failed: its errno must be ENOMEM (or $FAIL_NTH_ERRNO), and nothing of it may be left (the
 *    directory, the event directory, the kprobe_events line);
 *  - OP succeeded (the failure was absorbed: kmemleak's and KASAN's own
 *    allocations fall back): what it made must be complete (an instance has
 *    as many event directories as the top level; a kprobe event is listed
 *    and has its directory), and it is removed; an incomplete result is a
 *    known kernel bug (below): "KNOWN BUG", a problem only with STRICT=1;
 *  - then OP is retried without a fault and must succeed (and is removed).
 * A step where fail-nth was not used up means OP has fewer fault sites: the
 * sweep ends there.  Prints one line per problem and a summary line; exits
 * 1 on any problem.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

static int nth_fd;
static const char *op;
static char **args;
static char path[4096], evdir[4096], line[512], delline[512], root[4096];
static int problems, known, strict;
static const char *why;

static const char *ename(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "E?";
}

static void problem(unsigned int step, const char *fmt, const char *what)
{
	printf("FAIL step %u: %s%s\n", step, fmt, what);
	problems++;
}

static int exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* Is "p:GROUP/EVENT" listed in kprobe_events? */
static int listed(void)
{
	char buf[65536], needle[300];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	snprintf(needle, sizeof(needle), ":%s/%s ", args[1], args[2]);
	return strstr(buf, needle) != NULL;
}

static int kprobe_write(const char *s)
{
	int fd = open(path, O_WRONLY | O_APPEND), err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* Do OP; with nth > 0, the nth fault site fails.  Returns 0 or an errno;
 * *left gets what remained of fail-nth afterwards. */
static int do_op(unsigned int nth, unsigned int *left)
{
	char buf[32];
	int err = 0, fd = -1;
	ssize_t n;

	if (!strcmp(op, "kprobe")) {
		fd = open(path, O_WRONLY | O_APPEND);
		if (fd < 0)
			return errno;
	}
	n = snprintf(buf, sizeof(buf), "%u", nth);
	if (nth && pwrite(nth_fd, buf, n, 0) != n) {
		perror("fail-nth");
		exit(2);
	}
	if (fd < 0) {
		if (mkdir(path, 0755) < 0)
			err = errno;
	} else if (write(fd, line, strlen(line)) < 0) {
		err = errno;
	}
	n = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	if (pwrite(nth_fd, "0", 1, 0) != 1 || n <= 0) {
		perror("fail-nth");
		exit(2);
	}
	buf[n] = 0;
	*left = strtoul(buf, NULL, 10);
	if (fd >= 0)
		close(fd);
	return err;
}

/* Event directories (system/event) under DIR/events: -1 if unreadable. */
static int count_events(const char *dir)
{
	char p[4200];
	struct dirent *de, *de2;
	DIR *d, *d2;
	int n = 0;

	snprintf(p, sizeof(p), "%s/events", dir);
	d = opendir(p);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/events/%s", dir, de->d_name);
		d2 = opendir(p);
		if (!d2) {
			n = -1;
			break;
		}
		while ((de2 = readdir(d2)))
			n += de2->d_type == DT_DIR && de2->d_name[0] != '.';
		closedir(d2);
	}
	closedir(d);
	return n;
}

/* Is what OP made complete?  Sets why when not. */
static int complete(void)
{
	static char msg[200];
	char p[4200];
	int n, want;

	if (!strcmp(op, "mkdir")) {
		snprintf(p, sizeof(p), "%s/trace", path);
		if (!exists(p))
			return why = "no trace file", 0;
		n = count_events(path);
		want = count_events(root);
		if (n != want) {
			snprintf(msg, sizeof(msg), "%d event directories, %d at the top", n, want);
			return why = msg, 0;
		}
		return 1;
	}
	if (listed() != 1)
		return why = "not in kprobe_events", 0;
	snprintf(p, sizeof(p), "%s/enable", evdir);
	if (!exists(p))
		return why = "listed, but no events/GROUP/EVENT/enable", 0;
	return 1;
}

static int leftover(void)
{
	if (!strcmp(op, "mkdir"))
		return exists(path);
	return exists(evdir) || listed() != 0;
}

static int undo(void)
{
	if (!strcmp(op, "mkdir"))
		return rmdir(path) < 0 ? errno : 0;
	return kprobe_write(delline);
}

int main(int argc, char **argv)
{
	unsigned int first = 0, last = 0, stride = 1, step, left;
	unsigned int steps = 0, injected = 0, clean = 0, absorbed = 0, retried = 0;
	const char *want = getenv("FAIL_NTH_ERRNO");
	int count, err;

	if (!want)
		want = "ENOMEM";
	strict = getenv("STRICT") && !strcmp(getenv("STRICT"), "1");

	count = argc >= 3 && !strcmp(argv[1], "count");
	if (!count && !(argc >= 6 && !strcmp(argv[1], "sweep")))
		goto usage;
	if (!count) {
		first = strtoul(argv[2], NULL, 0);
		last = strtoul(argv[3], NULL, 0);
		stride = strtoul(argv[4], NULL, 0);
		argv += 3;
		argc -= 3;
	}
	op = argv[2];
	args = argv + 3;
	if (!strcmp(op, "mkdir") && argc == 4) {
		/* DIR is TRACEFS/instances/NAME */
		char tmp[sizeof(path)];

		snprintf(path, sizeof(path), "%s", args[0]);
		snprintf(tmp, sizeof(tmp), "%s", path);
		snprintf(root, sizeof(root), "%s", dirname(dirname(tmp)));
	} else if (!strcmp(op, "kprobe") && argc == 7) {
		snprintf(path, sizeof(path), "%s/kprobe_events", args[0]);
		snprintf(evdir, sizeof(evdir), "%s/events/%s/%s", args[0], args[1], args[2]);
		snprintf(line, sizeof(line), "p:%s/%s %s\n", args[1], args[2], args[3]);
		snprintf(delline, sizeof(delline), "-:%s/%s\n", args[1], args[2]);
	} else {
		goto usage;
	}
	if (!count && (first < 1 || stride < 1))
		goto usage;
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0) {
		perror("/proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)");
		return 4;
	}
	if (leftover()) {
		printf("FAIL: %s exists before the test\n", path);
		return 1;
	}
	if (count) {
		err = do_op(1000000, &left);
		if (err) {
			printf("FAIL: %s without a fault: %s\n", op, ename(err));
			return 1;
		}
		if (!complete() || undo()) {
			printf("FAIL: %s without a fault: %s\n", op, why ? why : "cannot undo");
			return 1;
		}
		printf("%u\n", 1000000 - left);
		return 0;
	}
	for (step = first; step <= last; step += stride) {
		steps++;
		err = do_op(step, &left);
		if (left) {	/* fewer fault sites than step: past the end */
			if (err)
				problem(step, "failed without a fault: ", ename(err));
			else if (undo())
				problem(step, "cannot undo ", op);
			steps--;
			break;
		}
		injected++;
		if (err) {
			if (!strcmp(ename(err), want))
				clean++;
			else
				problem(step, "unexpected error: ", ename(err));
			if (leftover()) {
				problem(step, "left behind after the failure: ", path);
				undo();
			}
		} else {
			absorbed++;
			if (!complete()) {
				/*
				 * Known, outside the series: trace_add_event_call()
				 * and instance creation ignore the failure to add
				 * an event to a trace array (__add_event_to_tracers(),
				 * __trace_early_add_event_dirs()).
				 */
				if (strict) {
					problem(step, "succeeded but incomplete: ", why);
				} else {
					printf("KNOWN BUG step %u: succeeded but incomplete: %s\n", step, why);
					known++;
				}
			}
			if (undo())
				problem(step, "cannot undo ", op);
		}
		err = do_op(0, &left);
		if (err) {
			problem(step, "retry without a fault failed: ", ename(err));
			continue;
		}
		retried++;
		if (!complete())
			problem(step, "retry incomplete: ", why);
		if (undo())
			problem(step, "cannot undo the retry of ", op);
	}
	printf("fail_nth %s: steps=%u injected=%u expected_errno=%u absorbed=%u known_bug=%d retries_ok=%u problems=%d last_step=%u\n",
	       op, steps, injected, clean, absorbed, known, retried, problems, step);
	return problems ? 1 : 0;
usage:
	fprintf(stderr, "usage: %s count OP ARGS... | sweep FIRST LAST STRIDE OP ARGS...\n"
		"OP: mkdir DIR | kprobe TRACEFS GROUP EVENT SYMBOL\n", argv[0]);
	return 2;
}
