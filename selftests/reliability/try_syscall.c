// SPDX-License-Identifier: GPL-2.0
/*
 * try_syscall - do one system call on a path and print how it ended, for the
 * bad-input test (badinput.sh), which compares the word with the errno it
 * expects.  Output: "ok", or "<step>:<ERRNO name>" (open:EACCES,
 * write:EINVAL, mkdir:ENAMETOOLONG, ...).
 *
 *   try_syscall write PATH STRING        write STRING (C escapes \n \t \xHH)
 *   try_syscall writerep PATH CHAR COUNT  write COUNT copies of CHAR in one write
 *   try_syscall mkdir PATH | rmdir PATH
 *   try_syscall -                        one of the above a line from stdin,
 *                                        words separated by tabs, PATH with
 *                                        C escapes too; one answer a line
 *
 * Files are opened O_WRONLY|O_APPEND: never O_TRUNC, which would clear
 * kprobe_events or an event's triggers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int report(const char *step, int err)
{
	const char *name = strerrorname_np(err);

	printf("%s:%s\n", step, name ? name : "E?");
	return 0;
}

static size_t unescape(char *s)
{
	char *out = s, *in = s;

	while (*in) {
		if (*in != '\\' || !in[1]) {
			*out++ = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'n': *out++ = '\n'; in++; break;
		case 't': *out++ = '\t'; in++; break;
		case 'x': {
			char hex[3] = { 0 };

			strncpy(hex, in + 1, 2);
			*out++ = (char)strtoul(hex, NULL, 16);
			in += 1 + strlen(hex);
			break;
		}
		default: *out++ = *in++; break;
		}
	}
	return out - s;
}

static int do_write(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	ssize_t n;

	if (fd < 0)
		return report("open", errno);
	n = write(fd, buf, len);
	if (n < 0) {
		report("write", errno);
	} else if ((size_t)n != len) {
		printf("short:%zd/%zu\n", n, len);
	} else if (close(fd) < 0) {
		return report("close", errno);
	} else {
		puts("ok");
		return 0;
	}
	close(fd);
	return 0;
}

static int one(int argc, char **argv);

/* Batch mode: one fork for many tries (forks are slow in an emulated VM). */
static int batch(void)
{
	char *line = NULL, *argv[6];
	size_t size = 0;
	ssize_t len;
	int argc;

	while ((len = getline(&line, &size, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = 0;
		argv[0] = "try_syscall";
		argc = 1;
		for (char *w = strtok(line, "\t"); w && argc < 5; w = strtok(NULL, "\t"))
			argv[argc++] = w;
		argv[argc] = NULL;
		if (argc >= 3)
			argv[2][unescape(argv[2])] = 0;
		if (one(argc, argv) == 2)
			puts("usage");
		fflush(stdout);
	}
	free(line);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "-"))
		return batch();
	return one(argc, argv);
}

static int one(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "write")) {
		size_t len = unescape(argv[3]);

		return do_write(argv[2], argv[3], len);
	}
	if (argc == 5 && !strcmp(argv[1], "writerep")) {
		size_t len = strtoul(argv[4], NULL, 0);
		char *buf = malloc(len ? len : 1);

		if (!buf)
			return 2;
		memset(buf, argv[3][0], len);
		return do_write(argv[2], buf, len);
	}
	if (argc == 3 && !strcmp(argv[1], "mkdir")) {
		if (mkdir(argv[2], 0755) < 0)
			return report("mkdir", errno);
		puts("ok");
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "rmdir")) {
		if (rmdir(argv[2]) < 0)
			return report("rmdir", errno);
		puts("ok");
		return 0;
	}
	fprintf(stderr, "usage: %s write PATH STRING | writerep PATH CHAR COUNT | mkdir PATH | rmdir PATH | -\n",
		argv[0]);
	return 2;
}
