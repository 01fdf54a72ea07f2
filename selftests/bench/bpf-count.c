// SPDX-License-Identifier: GPL-2.0
/*
 * bpf-count - count the hits of kprobes, tracepoints or raw tracepoints
 * with one small BPF program each, around a command: the comparison of
 * selftests/bench/vfs.sh of what the probe mechanism costs a BPF tool.
 *
 * Usage: bpf-count [--return N] kprobe|tracepoint|raw_tracepoint PROBE... -- COMMAND [ARG...]
 *   kprobe          PROBE is a function; a kprobe perf event (the kprobe
 *                   PMU), program type BPF_PROG_TYPE_KPROBE: how bcc's
 *                   vfsstat, bpftrace's kprobe: and libbpf attach.
 *   tracepoint      PROBE is GROUP/EVENT (events/GROUP/EVENT/id); a
 *                   tracepoint perf event, BPF_PROG_TYPE_TRACEPOINT: how
 *                   bpftrace 0.17's tracepoint: and libbpf's tp/ attach.
 *   raw_tracepoint  PROBE is a tracepoint name; BPF_RAW_TRACEPOINT_OPEN,
 *                   BPF_PROG_TYPE_RAW_TRACEPOINT: libbpf's raw_tp/ (and, with
 *                   BTF, tp_btf/), bpftrace's rawtracepoint:.
 *   --return N      the programs return N (0 or 1; default 0).  A kprobe or
 *                   tracepoint program that returns non-zero lets perf go
 *                   on to offer the hit to the perf event as a sample:
 *                   bpftrace's tracepoint: programs return 1.
 * Every probe gets the same program, what a bpftrace count() compiles to
 * without the hash of the key: an atomic add of 1 to its own slot of an
 * array map.  When every probe is attached, COMMAND runs; when it has
 * exited, the probes are detached and each one's count printed:
 *   bpf-count: <PROBE> <hits>
 * Exit: COMMAND's status; 1 if a probe cannot be attached, COMMAND cannot
 * run, or no probe was hit (a mechanism that counted nothing measured
 * nothing).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACEFS "/sys/kernel/tracing"
#define MAX_PROBES 64

static char log_buf[65536];

static void usage(FILE *f)
{
	fprintf(f, "usage: bpf-count [--return N] kprobe|tracepoint|raw_tracepoint PROBE... -- COMMAND [ARG...]\n");
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int read_number(const char *path, unsigned long *val)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lu", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int prog_ret;

/* The program: slot[idx] += 1 in the array map, return prog_ret. */
static int load_prog(enum bpf_prog_type type, int map_fd, int idx)
{
	struct bpf_insn insns[] = {
		/* *(u32 *)(r10 - 4) = idx */
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4, .imm = idx },
		/* r2 = r10 - 4 */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
		/* r1 = the map */
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
		  .src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd },
		{ 0 },
		/* r0 = bpf_map_lookup_elem(r1, r2); if (!r0) goto out */
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = BPF_REG_0, .off = 2, .imm = 0 },
		/* lock *(u64 *)r0 += 1 */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 1 },
		{ .code = BPF_STX | BPF_ATOMIC | BPF_DW, .dst_reg = BPF_REG_0,
		  .src_reg = BPF_REG_1, .imm = BPF_ADD },
		/* out: return prog_ret */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = prog_ret },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (uintptr_t)"GPL";
	attr.log_buf = (uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		fprintf(stderr, "bpf-count: BPF_PROG_LOAD: %s\n%s", strerror(errno), log_buf);
	return fd;
}

static int perf_attach(struct perf_event_attr *pattr, int prog_fd, const char *probe)
{
	int fd = syscall(__NR_perf_event_open, pattr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "bpf-count: perf_event_open of %s: %s\n", probe, strerror(errno));
		return -1;
	}
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog_fd) || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)) {
		fprintf(stderr, "bpf-count: attaching the program to %s: %s\n", probe, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Attach a program counting in slot idx to probe; the fd that keeps it attached. */
static int attach(const char *kind, const char *probe, int map_fd, int idx)
{
	struct perf_event_attr pattr;
	union bpf_attr attr;
	unsigned long val;
	char path[512];
	int prog_fd, fd = -1;

	memset(&pattr, 0, sizeof(pattr));
	pattr.size = sizeof(pattr);
	if (!strcmp(kind, "kprobe")) {
		if (read_number("/sys/bus/event_source/devices/kprobe/type", &val)) {
			fprintf(stderr, "bpf-count: no kprobe PMU (/sys/bus/event_source/devices/kprobe/type)\n");
			return -1;
		}
		prog_fd = load_prog(BPF_PROG_TYPE_KPROBE, map_fd, idx);
		if (prog_fd < 0)
			return -1;
		pattr.type = val;
		pattr.config1 = (uintptr_t)probe;	/* kprobe_func */
		fd = perf_attach(&pattr, prog_fd, probe);
	} else if (!strcmp(kind, "tracepoint")) {
		snprintf(path, sizeof(path), TRACEFS "/events/%s/id", probe);
		if (!strchr(probe, '/') || read_number(path, &val)) {
			fprintf(stderr, "bpf-count: no tracepoint %s (no %s)\n", probe, path);
			return -1;
		}
		prog_fd = load_prog(BPF_PROG_TYPE_TRACEPOINT, map_fd, idx);
		if (prog_fd < 0)
			return -1;
		pattr.type = PERF_TYPE_TRACEPOINT;
		pattr.config = val;
		fd = perf_attach(&pattr, prog_fd, probe);
	} else {
		prog_fd = load_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, map_fd, idx);
		if (prog_fd < 0)
			return -1;
		memset(&attr, 0, sizeof(attr));
		attr.raw_tracepoint.name = (uintptr_t)probe;
		attr.raw_tracepoint.prog_fd = prog_fd;
		fd = sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
		if (fd < 0)
			fprintf(stderr, "bpf-count: BPF_RAW_TRACEPOINT_OPEN of %s: %s\n",
				probe, strerror(errno));
	}
	close(prog_fd);		/* the link or the perf event holds it */
	return fd;
}

int main(int argc, char **argv)
{
	int fds[MAX_PROBES], n = 0, map_fd, i, status, ret;
	unsigned long long hits, total = 0;
	union bpf_attr attr;
	char **cmd = NULL;
	const char *kind;
	pid_t pid;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--return")) {
		if (strcmp(argv[2], "0") && strcmp(argv[2], "1")) {
			fprintf(stderr, "bpf-count: --return takes 0 or 1, not '%s'\n", argv[2]);
			return 1;
		}
		prog_ret = argv[2][0] - '0';
		argv += 2;
		argc -= 2;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			cmd = &argv[i + 1];
			break;
		}
	}
	if (argc < 2 || !cmd || !*cmd || i == 2) {
		usage(stderr);
		return 1;
	}
	kind = argv[1];
	if (strcmp(kind, "kprobe") && strcmp(kind, "tracepoint") && strcmp(kind, "raw_tracepoint")) {
		fprintf(stderr, "bpf-count: no probe kind '%s'\n", kind);
		usage(stderr);
		return 1;
	}
	n = i - 2;
	if (n > MAX_PROBES) {
		fprintf(stderr, "bpf-count: at most %d probes\n", MAX_PROBES);
		return 1;
	}

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(__u32);
	attr.value_size = sizeof(__u64);
	attr.max_entries = n;
	map_fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (map_fd < 0) {
		fprintf(stderr, "bpf-count: BPF_MAP_CREATE: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		fds[i] = attach(kind, argv[2 + i], map_fd, i);
		if (fds[i] < 0)
			return 1;
	}

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("bpf-count: fork");
		return 1;
	}
	if (!pid) {
		execvp(cmd[0], cmd);
		fprintf(stderr, "bpf-count: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("bpf-count: waitpid");
		return 1;
	}
	for (i = 0; i < n; i++)
		close(fds[i]);

	for (i = 0; i < n; i++) {
		__u32 key = i;

		memset(&attr, 0, sizeof(attr));
		attr.map_fd = map_fd;
		attr.key = (uintptr_t)&key;
		attr.value = (uintptr_t)&hits;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr)) {
			fprintf(stderr, "bpf-count: reading the count of %s: %s\n",
				argv[2 + i], strerror(errno));
			return 1;
		}
		fprintf(stderr, "bpf-count: %s %llu\n", argv[2 + i], hits);
		total += hits;
	}
	ret = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	if (!ret && !total) {
		fprintf(stderr, "bpf-count: no probe was hit\n");
		ret = 1;
	}
	return ret;
}
