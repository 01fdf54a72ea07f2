// SPDX-License-Identifier: GPL-2.0
/*
 * model.c - fixtures of scripts/tests/zerocost.sh: the shape of vfs_read()
 * and vfs_fsync_range() with an event added in the ways that cost nothing
 * when it is off (GOOD) and in the ways that do (LIVE: v1's vfs_read, a
 * variable live across the ->read call; TAIL: an exit event after a tail
 * call).  The static branch is the kernel's: a NOP listed in __jump_table.
 */
#include <stddef.h>

typedef long loff_t;
typedef long ssize_t;
struct file;
struct fops {
	ssize_t (*read)(struct file *, char *, size_t, loff_t *);
	int (*fsync)(struct file *, loff_t, loff_t, int);
};
struct file {
	const struct fops *f_op;
};
struct static_key {
	int enabled;
};
struct static_key key;

static inline __attribute__((always_inline)) int static_branch_unlikely(struct static_key *k)
{
	asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0x00\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - ., %l[l_yes] - .\n\t"
		 ".quad %c0 - .\n\t"
		 ".popsection\n\t" : : "i"(k) : : l_yes);
	return 0;
l_yes:
	return 1;
}

void record(struct file *f, loff_t start, size_t count, ssize_t ret);
void verify(struct file *f);

ssize_t vfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	ssize_t ret;
#ifdef LIVE
	loff_t start = -1;

	if (static_branch_unlikely(&key) && pos)
		start = *pos;
#endif
	verify(file);
	ret = file->f_op->read(file, buf, count, pos);
#if defined(LIVE)
	if (static_branch_unlikely(&key))
		record(file, start, count, ret);
#elif defined(GOOD) || defined(TAIL)
	if (static_branch_unlikely(&key))
		record(file, 0, 0, ret);
#endif
	if (ret > 0)
		verify(file);
	return ret;
}

int vfs_fsync_range(struct file *file, loff_t start, loff_t end, int datasync)
{
#ifdef TAIL
	int ret;

	verify(file);
	ret = file->f_op->fsync(file, start, end, datasync);
	if (static_branch_unlikely(&key))
		record(file, start, end, ret);
	return ret;
#else
	verify(file);
#ifdef GOOD
	if (static_branch_unlikely(&key))
		record(file, start, end, datasync);
#endif
	return file->f_op->fsync(file, start, end, datasync);
#endif
}
