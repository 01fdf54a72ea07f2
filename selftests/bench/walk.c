// SPDX-License-Identifier: GPL-2.0
/*
 * walk - read every directory under the given ones, as find(1) does, and
 * with --stat also lstat() every entry, as 'find -ls' and 'ls -lR' do;
 * then print how many entries it saw and how long the walk took, timed
 * inside the process: the fork and exec of the walker, and the lookups of
 * its binary and libraries over the guest's 9p root, are not in the time.
 *
 * Usage: walk [--stat] DIR...
 * Prints: walk: <entries> entries <ms> ms
 * Exit: 0 done, 1 an error (named), 2 bad usage.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int do_stat;
static unsigned long entries;

static int walk(int parent, const char *name, const char *path)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int ret = 0;

	if (fd < 0) {
		fprintf(stderr, "walk: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	dir = fdopendir(fd);
	if (!dir) {
		fprintf(stderr, "walk: fdopendir %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	while ((errno = 0, d = readdir(dir))) {
		char sub[4096];

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		entries++;
		snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
		if (do_stat && fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			/* An entry removed while we walk is not an error. */
			if (errno == ENOENT)
				continue;
			fprintf(stderr, "walk: lstat %s: %s\n", sub, strerror(errno));
			ret = -1;
			continue;
		}
		if (d->d_type == DT_DIR || (d->d_type == DT_UNKNOWN && do_stat && S_ISDIR(st.st_mode)))
			if (walk(fd, d->d_name, sub))
				ret = -1;
	}
	if (errno) {
		fprintf(stderr, "walk: readdir %s: %s\n", path, strerror(errno));
		ret = -1;
	}
	closedir(dir);
	return ret;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	int i = 1, ret = 0;

	if (i < argc && !strcmp(argv[i], "--stat")) {
		do_stat = 1;
		i++;
	}
	if (i >= argc || argv[i][0] == '-') {
		fprintf(stderr, "usage: walk [--stat] DIR...\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (; i < argc; i++)
		if (walk(AT_FDCWD, argv[i], argv[i]))
			ret = 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("walk: %lu entries %.3f ms\n", entries,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	return ret;
}
