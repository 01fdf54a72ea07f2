// SPDX-License-Identifier: GPL-2.0
/*
 * workload - the system calls of the vfs client tests (lib.sh), exactly
 * these, on the tmpfs DIR, printing the inode numbers fstat/stat gave:
 *
 *   open(DIR/a, O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0644)  A=<ino>
 *   fsync, fdatasync, close
 *   rename(DIR/a, DIR/b), unlink(DIR/b)
 *   mkdir(DIR/d), stat(DIR/d)                              D=<ino>
 *   rmdir(DIR/d)
 *   rmdir(DIR/full)               must fail with ENOTEMPTY
 *   unlink(DIR/ro/kept) as uid 65534, in a child: must fail with EACCES
 *
 * Usage: workload DIR run|noop   ("noop": the start-up only, for perf's
 * difference).  Exit 0 when every call did what it must, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir;

static void die(const char *what, const char *name)
{
	fprintf(stderr, "workload: %s %s/%s: %s\n", what, dir, name, strerror(errno));
	exit(1);
}

static char *path(const char *name)
{
	static char buf[4096];

	if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", dir, name) >= sizeof(buf)) {
		fprintf(stderr, "workload: %s: path too long\n", dir);
		exit(1);
	}
	return buf;
}

int main(int argc, char **argv)
{
	char from[4096];
	struct stat st;
	int fd, status;
	pid_t pid;

	if (argc != 3 || (strcmp(argv[2], "run") && strcmp(argv[2], "noop"))) {
		fprintf(stderr, "usage: workload DIR run|noop\n");
		return 1;
	}
	dir = argv[1];
	if (!strcmp(argv[2], "noop"))
		return 0;

	fd = open(path("a"), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		die("open", "a");
	if (fstat(fd, &st))
		die("fstat", "a");
	printf("A=%lu\n", (unsigned long)st.st_ino);
	if (fsync(fd))
		die("fsync", "a");
	if (fdatasync(fd))
		die("fdatasync", "a");
	close(fd);
	strcpy(from, path("a"));
	if (rename(from, path("b")))
		die("rename", "a");
	if (unlink(path("b")))
		die("unlink", "b");
	if (mkdir(path("d"), 0755))
		die("mkdir", "d");
	if (stat(path("d"), &st))
		die("stat", "d");
	printf("D=%lu\n", (unsigned long)st.st_ino);
	if (rmdir(path("d")))
		die("rmdir", "d");
	if (!rmdir(path("full")) || errno != ENOTEMPTY) {
		fprintf(stderr, "workload: rmdir %s/full: %s, not ENOTEMPTY\n", dir,
			errno ? strerror(errno) : "succeeded");
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork for", "ro/kept");
	if (!pid) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(3);
		if (!unlink(path("ro/kept")))
			_exit(1);
		_exit(errno == EACCES ? 0 : 2);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "workload: the unlink of %s/ro/kept as uid 65534 did not fail with EACCES (status %d)\n",
			dir, status);
		return 1;
	}
	return 0;
}
