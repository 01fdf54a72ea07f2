// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for dentry_backpointer.cocci: struct myfs_info is defined in
 * fs/myfs/myfs.h, one directory up, which is still this filesystem's own.
 */
#include "../myfs.h"

/* POSITIVE */
static struct dentry *myfs_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	struct myfs_info *info = dir->i_sb->s_fs_info;

	info->last_lookup = dget(dentry);
	return NULL;
}

/* POSITIVE: the root dentry kept next to sb->s_root */
static int myfs_fill_super(struct super_block *sb, struct myfs_info *info)
{
	struct dentry *root;

	root = d_make_root(myfs_get_inode(sb));
	if (!root)
		return -ENOMEM;
	info->root = root;
	sb->s_root = root;
	return 0;
}
