// SPDX-License-Identifier: GPL-2.0
/*
 * subsystem_reopen - open the "enable" file of a removed event subsystem
 * again, through an O_PATH descriptor taken while it existed, after new
 * subsystems were made.  The open must fail: the subsystem is gone.
 *
 * subsystem_open() tells a live trace_subsystem_dir by its address.  The
 * file keeps that address in i_private; if the trace_subsystem_dir is freed
 * on removal, a new subsystem can get the same address, and the stale file
 * then opens the new subsystem's "enable" ("tracing: Keep the memory of a
 * subsystem directory while its files exist").  An instance has a
 * trace_subsystem_dir for each subsystem, and they are most of what its
 * mkdir allocates of their size: removing one instance and making another
 * on the same CPU hands the freed ones out again, as the slab allocator
 * gives out the last freed object first.  KASAN's quarantine keeps freed
 * objects from reuse: with KASAN the test cannot fail.
 *
 * Usage: subsystem_reopen [TRACEFS_DIR] (default /sys/kernel/tracing)
 * Exit: 0 pass, 1 fail, 4 skip (kselftest).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROUNDS 8

static const char *tracing = "/sys/kernel/tracing";

/* The name of a subsystem of instance INST that has an "enable" file */
static int find_subsystem(const char *inst, char *name, size_t size)
{
	char path[512];
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int found = 0;

	snprintf(path, sizeof(path), "%s/instances/%s/events", tracing, inst);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (!found && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || !strcmp(d->d_name, "ftrace"))
			continue;
		snprintf(path, sizeof(path), "%s/instances/%s/events/%s/enable",
			 tracing, inst, d->d_name);
		if (!stat(path, &st)) {
			snprintf(name, size, "%s", d->d_name);
			found = 1;
		}
	}
	closedir(dir);
	return found;
}

static int instance(const char *name, int make)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/instances/%s", tracing, name);
	return make ? mkdir(path, 0755) : rmdir(path);
}

int main(int argc, char **argv)
{
	char path[512], subsystem[256], name[64];
	cpu_set_t cpu0;
	int stale, fd, round;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s [TRACEFS_DIR]\n", argv[0]);
		return 0;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: %s [TRACEFS_DIR]\n", argv[0]);
		return 1;
	}
	if (argc == 2)
		tracing = argv[1];

	/* The per-CPU freelist: allocate where the free happened */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		fprintf(stderr, "subsystem_reopen: cannot stay on CPU 0 (%s): reuse is less likely\n",
			strerror(errno));

	instance("reopen_old", 0);
	if (instance("reopen_old", 1)) {
		printf("SKIP: cannot make instance reopen_old: %s\n", strerror(errno));
		return 4;
	}
	if (!find_subsystem("reopen_old", subsystem, sizeof(subsystem))) {
		printf("SKIP: instance reopen_old has no subsystem with an enable file\n");
		instance("reopen_old", 0);
		return 4;
	}
	snprintf(path, sizeof(path), "%s/instances/reopen_old/events/%s/enable",
		 tracing, subsystem);
	stale = open(path, O_PATH);
	if (stale < 0) {
		printf("FAIL: open(%s, O_PATH): %s\n", path, strerror(errno));
		instance("reopen_old", 0);
		return 1;
	}
	if (instance("reopen_old", 0)) {
		printf("FAIL: rmdir of instance reopen_old: %s\n", strerror(errno));
		close(stale);
		instance("reopen_old", 0);
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", stale);

	for (round = 1; round <= ROUNDS; round++) {
		snprintf(name, sizeof(name), "reopen_new%d", round);
		if (instance(name, 1)) {
			printf("FAIL: mkdir of instance %s: %s\n", name, strerror(errno));
			break;
		}
		fd = open(path, O_RDONLY);
		instance(name, 0);
		if (fd >= 0) {
			printf("FAIL: %s/enable of the removed instance reopen_old opened after instance %s was made: one of its subsystems has the address of the old trace_subsystem_dir\n",
			       subsystem, name);
			close(fd);
			break;
		}
		if (errno != ENODEV && errno != ENOENT) {
			printf("FAIL: reopening %s/enable of reopen_old: %s, not ENODEV\n",
			       subsystem, strerror(errno));
			break;
		}
	}
	close(stale);
	if (round <= ROUNDS)
		return 1;
	printf("%s/enable of a removed instance refused to open after each of %d new instances\n",
	       subsystem, ROUNDS);
	return 0;
}
