// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for private_get_next_ino.cocci: the two versions of
 * tracefs_get_next_ino() from the January 2024 "eventfs: Have inodes have
 * unique inode numbers" thread.  Need not compile: spatch parses it.
 */
#include <linux/fs.h>
#include <linux/percpu.h>

#define TRACEFS_INO_BATCH 1024

static DEFINE_PER_CPU(unsigned int, tracefs_last_ino);

/* POSITIVE: get_next_ino() copied and given a "files" reservation */
unsigned int tracefs_get_next_ino(int files)
{
	unsigned int *p = &get_cpu_var(tracefs_last_ino);
	unsigned int res = *p;

#ifdef CONFIG_SMP
	/* Check if adding files+1 overflows */
	if (unlikely(!res || (res & (TRACEFS_INO_BATCH-1)) + files + 1 > TRACEFS_INO_BATCH)) {
		static atomic_t shared_last_ino;
		int next = atomic_add_return(TRACEFS_INO_BATCH, &shared_last_ino);

		res = next - TRACEFS_INO_BATCH;
	}
#endif

	res++;
	/* get_next_ino should not provide a 0 inode number */
	if (unlikely(!res))
		res++;
	*p = res + files;
	put_cpu_var(tracefs_last_ino);
	return res;
}

/* POSITIVE: the "simpler" version, still a wrap-around retry loop */
unsigned int tracefs_get_next_ino2(int files)
{
	static atomic_t next_inode;
	unsigned int res;

	do {
		res = atomic_add_return(files + 1, &next_inode);

		/* Check for overflow */
	} while (unlikely(res < files + 1));

	return res - files;
}

/* negative: what Linus asked for */
static atomic64_t tracefs_next_ino;

u64 tracefs_next_ino_64(void)
{
	return atomic64_add_return(1, &tracefs_next_ino);
}

/* negative: per-CPU statistics, no shared atomic */
static DEFINE_PER_CPU(unsigned long, tracefs_lookups);

void tracefs_count_lookup(void)
{
	this_cpu_inc(tracefs_lookups);
	if (this_cpu_read(tracefs_lookups) > 1000)
		pr_debug("busy\n");
}

/* negative: a cmpxchg loop, not an add-and-check-for-wrap loop */
int tracefs_claim(atomic_t *v)
{
	int old;

	do {
		old = atomic_read(v);
	} while (atomic_cmpxchg(v, old, old + 1) != old);
	return old;
}

/* negative: atomic_add_return() without a retry loop */
int tracefs_add(atomic_t *v, int n)
{
	int r = atomic_add_return(n, v);

	return r > 0 ? r : 0;
}
