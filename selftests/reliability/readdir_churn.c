// SPDX-License-Identifier: GPL-2.0
/*
 * readdir_churn - readdir and lookup consistency of tracefs while kprobe
 * events and instances are created and removed.
 *
 * Two churners (child processes) add and remove kprobe events churn/kp<N>
 * and instances churn<N>, in slots.  A slot records, in shared memory, the
 * generation at which its entry finished being created, and is cleared
 * before its entry starts being removed.  The checker lists, again and
 * again, events/churn, instances/keep_a/events/churn and instances, with
 * getdents64() and a buffer of 32 KiB or of one entry, and:
 *  - every entry that existed for the whole listing (the stable ones made
 *    before the churn, and each slot whose generation was the same, not 0,
 *    before and after the listing) is in the listing;
 *  - no name is listed twice;
 *  - stat() and open() of each listed entry work or fail with ENOENT.
 *
 * Usage: readdir_churn [--seconds N] [--break] [TRACEFS_DIR]
 *   --seconds N  how long the churn lasts (default 20)
 *   --break      also expect an entry that never exists: must FAIL
 * Exit: 0 pass, 1 fail, 4 skip (kselftest).  The last line gives the counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLOTS		6
#define STABLE		3
#define MAX_NAMES	4096
#define BIG_BUF		32768
/* Room for one record of a name of up to 16 characters, not for two */
#define ONE_BUF		40

struct linux_dirent64 {
	uint64_t	d_ino;
	int64_t		d_off;
	unsigned short	d_reclen;
	unsigned char	d_type;
	char		d_name[];
};

struct shared {
	atomic_uint_fast64_t	gen;
	atomic_uint_fast64_t	kprobe[SLOTS];		/* 0: not there */
	atomic_uint_fast64_t	instance[SLOTS];
	atomic_int		stop;
	atomic_int		churn_errors;
};

static const char *tracing = "/sys/kernel/tracing";
static struct shared *sh;
static unsigned long listings, entries, lookups, failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	if (++failures > 20)
		return;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Append LINE to kprobe_events; 0 or the errno */
static int kprobe_events(const char *line)
{
	char path[512];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/kprobe_events", tracing);
	fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0)
		return errno;
	if (write(fd, line, strlen(line)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int kprobe(const char *name, int add)
{
	char line[128];

	if (add)
		snprintf(line, sizeof(line), "p:churn/%s kernel_clone", name);
	else
		snprintf(line, sizeof(line), "-:churn/%s", name);
	return kprobe_events(line);
}

static int instance(const char *name, int make)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/instances/%s", tracing, name);
	if (make ? mkdir(path, 0755) : rmdir(path))
		return errno;
	return 0;
}

/* One churner: create and remove the entries of its slots until stopped */
static void churn(atomic_uint_fast64_t *slot, const char *fmt,
		  int (*op)(const char *, int))
{
	char name[32];
	unsigned int n = 0;
	int i, err;

	while (!atomic_load(&sh->stop)) {
		i = n++ % SLOTS;
		snprintf(name, sizeof(name), fmt, i);
		if (atomic_load(&slot[i])) {
			atomic_store(&slot[i], 0);
			err = op(name, 0);
		} else {
			err = op(name, 1);
			if (!err)
				atomic_store(&slot[i], atomic_fetch_add(&sh->gen, 1) + 1);
		}
		if (err) {
			fprintf(stderr, "readdir_churn: %s %s: %s\n",
				op == kprobe ? "kprobe event" : "instance", name, strerror(err));
			atomic_fetch_add(&sh->churn_errors, 1);
			return;
		}
	}
}

struct expect {
	char name[32];
	uint64_t gen;		/* 0: stable */
	atomic_uint_fast64_t *slot;
};

/* List DIR with a buffer of SIZE bytes, check it against the expectations */
static void check_dir(const char *dir, size_t size, struct expect *ex, int nex)
{
	static char names[MAX_NAMES][64];
	static char buf[BIG_BUF];
	char path[512];
	struct stat st;
	int fd, n = 0, i, j, f;
	long got;

	snprintf(path, sizeof(path), "%s/%s", tracing, dir);
	for (i = 0; i < nex; i++)
		ex[i].gen = ex[i].slot ? atomic_load(ex[i].slot) : 1;
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		fail("open %s: %s", path, strerror(errno));
		return;
	}
	while ((got = syscall(SYS_getdents64, fd, buf, size)) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			if (n == MAX_NAMES) {
				fail("%s: more than %d entries", path, MAX_NAMES);
				break;
			}
			snprintf(names[n++], sizeof(names[0]), "%s", d->d_name);
		}
	}
	if (got < 0)
		fail("getdents64 of %s with %zu bytes: %s", path, size, strerror(errno));
	listings++;
	entries += n;

	/* Every entry that was there before and after, and no other removal */
	for (i = 0; i < nex; i++) {
		if (!ex[i].gen || (ex[i].slot && atomic_load(ex[i].slot) != ex[i].gen))
			continue;
		for (j = 0; j < n && strcmp(names[j], ex[i].name); j++)
			;
		if (j == n)
			fail("%s: %s existed for the whole listing (%zu-byte buffer) but was not listed",
			     path, ex[i].name, size);
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n && strcmp(names[i], names[j]); j++)
			;
		if (j < n)
			fail("%s: %s listed twice", path, names[i]);

		lookups++;
		if (fstatat(fd, names[i], &st, 0)) {
			if (errno != ENOENT)
				fail("stat %s/%s: %s, not ENOENT", path, names[i], strerror(errno));
			continue;
		}
		f = openat(fd, names[i], O_RDONLY | O_NONBLOCK);
		if (f >= 0)
			close(f);
		else if (errno != ENOENT)
			fail("open %s/%s: %s, not ENOENT", path, names[i], strerror(errno));
	}
	close(fd);
}

static void cleanup(void)
{
	char name[32];
	int i;

	for (i = 0; i < SLOTS; i++) {
		snprintf(name, sizeof(name), "kp%d", i);
		kprobe(name, 0);
		snprintf(name, sizeof(name), "churn%d", i);
		instance(name, 0);
	}
	for (i = 0; i < STABLE; i++) {
		snprintf(name, sizeof(name), "keep%d", i);
		kprobe(name, 0);
	}
	instance("keep_a", 0);
	instance("keep_b", 0);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s [--seconds N] [--break] [TRACEFS_DIR]\n", prog);
}

int main(int argc, char **argv)
{
	struct expect events[SLOTS + STABLE + 3], insts[SLOTS + 3];
	int seconds = 20, broken = 0, nev = 0, nin = 0, i, err;
	const char *dirs[] = { "events/churn", "instances/keep_a/events/churn", "instances" };
	pid_t pids[2] = { -1, -1 };
	time_t end;
	char *e;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout, argv[0]);
			return 0;
		} else if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
			seconds = strtol(argv[++i], &e, 10);
			if (*e || seconds <= 0) {
				fprintf(stderr, "readdir_churn: --seconds needs a positive number, not '%s'\n",
					argv[i]);
				return 1;
			}
		} else if (!strcmp(argv[i], "--break")) {
			broken = 1;
		} else if (argv[i][0] != '-' && i == argc - 1) {
			tracing = argv[i];
		} else {
			usage(stderr, argv[0]);
			return 1;
		}
	}

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("readdir_churn: mmap");
		return 1;
	}
	cleanup();
	for (i = 0; i < STABLE; i++) {
		snprintf(events[nev].name, sizeof(events[0].name), "keep%d", i);
		events[nev++].slot = NULL;
		err = kprobe(events[nev - 1].name, 1);
		if (err) {
			printf("SKIP: cannot add kprobe event churn/keep%d on kernel_clone: %s\n",
			       i, strerror(err));
			cleanup();
			return 4;
		}
	}
	for (i = 0; i < SLOTS; i++) {
		snprintf(events[nev].name, sizeof(events[0].name), "kp%d", i);
		events[nev++].slot = &sh->kprobe[i];
		snprintf(insts[nin].name, sizeof(insts[0].name), "churn%d", i);
		insts[nin++].slot = &sh->instance[i];
	}
	snprintf(events[nev].name, sizeof(events[0].name), "enable");
	events[nev++].slot = NULL;
	snprintf(events[nev].name, sizeof(events[0].name), "filter");
	events[nev++].slot = NULL;
	for (i = 0; i < 2; i++) {
		snprintf(insts[nin].name, sizeof(insts[0].name), "keep_%c", 'a' + i);
		insts[nin++].slot = NULL;
		err = instance(insts[nin - 1].name, 1);
		if (err) {
			printf("FAIL: mkdir instances/%s: %s\n", insts[nin - 1].name, strerror(err));
			cleanup();
			return 1;
		}
	}
	if (broken) {
		snprintf(events[nev].name, sizeof(events[0].name), "never");
		events[nev++].slot = NULL;
	}

	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("readdir_churn: fork");
			sh->stop = 1;
			break;
		}
		if (!pids[i]) {
			if (i == 0)
				churn(sh->kprobe, "kp%d", kprobe);
			else
				churn(sh->instance, "churn%d", instance);
			_exit(0);
		}
	}

	end = time(NULL) + seconds;
	for (unsigned int round = 0; time(NULL) < end && !atomic_load(&sh->churn_errors); round++) {
		size_t size = round % 2 ? ONE_BUF : BIG_BUF;

		check_dir(dirs[0], size, events, nev);
		check_dir(dirs[1], size, events, nev);
		check_dir(dirs[2], size, insts, nin);
	}
	atomic_store(&sh->stop, 1);
	for (i = 0; i < 2; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	if (atomic_load(&sh->churn_errors))
		fail("a churner failed (see above)");
	cleanup();

	printf("%s: %lu listings, %lu entries, %lu lookups, %lu creations, %lu failures in %d s\n",
	       failures ? "FAIL" : "ok", listings, entries, lookups,
	       (unsigned long)atomic_load(&sh->gen), failures, seconds);
	return failures ? 1 : 0;
}
