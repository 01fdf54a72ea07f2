// SPDX-License-Identifier: GPL-2.0
/* Test input for srcu_lifetime.cocci: a dynamically initialised domain. */
#include <linux/srcu.h>

struct myfs_sb_info {
	struct srcu_struct	srcu;
};

int myfs_fill_super(struct super_block *sb, struct myfs_sb_info *sbi)
{
	/* POSITIVE */
	return init_srcu_struct(&sbi->srcu);
}

void myfs_put_super(struct myfs_sb_info *sbi)
{
	/* POSITIVE */
	srcu_barrier(&sbi->srcu);
	/* negative: teardown of the domain is not reported separately */
	cleanup_srcu_struct(&sbi->srcu);
}
