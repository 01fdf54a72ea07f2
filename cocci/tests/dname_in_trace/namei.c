// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for dname_in_trace.cocci, modelled on fs/ocfs2.  Need not
 * compile: spatch parses it.
 */
#include <linux/fs.h>
#include "myfs_trace.h"

static struct dentry *myfs_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags);
static int myfs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
		       struct dentry *old_dentry, struct inode *new_dir,
		       struct dentry *new_dentry, unsigned int flags);

const struct inode_operations myfs_dir_iops = {
	.lookup		= myfs_lookup,
	.rename		= myfs_rename,
	.create		= myfs_create,
	.getattr	= myfs_getattr,
};

/* negative: ->lookup(), the VFS holds the parent's i_rwsem */
static struct dentry *myfs_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	struct inode *inode;
	struct dentry *ret;

	trace_myfs_lookup(dir, dentry, dentry->d_name.len, dentry->d_name.name);
	inode = myfs_iget(dir->i_sb, dentry);
	ret = d_splice_alias(inode, dentry);
	/* POSITIVE: the alias d_splice_alias() found has another parent */
	if (ret) {
		trace_myfs_lookup_alias(ret->d_name.len, ret->d_name.name);
		/* assigned after the first tracepoint: that one stays stable */
		dentry = ret;
	}
	return dentry;
}

/* negative: both parents are locked for ->rename() */
static int myfs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
		       struct dentry *old_dentry, struct inode *new_dir,
		       struct dentry *new_dentry, unsigned int flags)
{
	trace_myfs_rename(old_dir, old_dentry->d_name.name, new_dir,
			  new_dentry->d_name.name, flags);
	return 0;
}

/* POSITIVE: in ->create(), but dentry may no longer be the VFS's one */
static int myfs_create(struct mnt_idmap *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode, bool excl)
{
	struct dentry *alias = myfs_find_alias(dir, dentry);

	if (alias)
		dentry = alias;
	trace_myfs_create(dir, dentry->d_name.name, mode);
	return 0;
}

/* POSITIVE: ->getattr() is not called with the parent locked */
static int myfs_getattr(struct mnt_idmap *idmap, const struct path *path,
			struct kstat *stat, u32 request_mask,
			unsigned int query_flags)
{
	trace_myfs_getattr(path->dentry->d_name.len,
			   path->dentry->d_name.name);
	return 0;
}

/* POSITIVE: ->d_revalidate() runs without the parent's lock */
static int myfs_dentry_revalidate(struct dentry *dentry, unsigned int flags)
{
	trace_myfs_dentry_revalidate(dentry, dentry->d_name.len,
				     dentry->d_name.name);
	return 1;
}

/* POSITIVE: Al Viro's ocfs2 example - ->splice_read() races with rename() */
static ssize_t myfs_file_splice_read(struct file *in, loff_t *ppos,
				     struct pipe_inode_info *pipe,
				     size_t len, unsigned int flags)
{
	trace_myfs_file_splice_read(in, in->f_path.dentry,
				    in->f_path.dentry->d_name.len,
				    in->f_path.dentry->d_name.name, flags);
	return 0;
}

/* negative: the fix that went into ocfs2 - a name snapshot */
static ssize_t myfs_file_splice_read2(struct file *in, loff_t *ppos,
				      struct pipe_inode_info *pipe,
				      size_t len, unsigned int flags)
{
	struct dentry *dentry = in->f_path.dentry;
	struct name_snapshot name;

	take_dentry_name_snapshot(&name, dentry);
	trace_myfs_file_splice_read(in, dentry, name.name.len, name.name.name,
				    flags);
	release_dentry_name_snapshot(&name);
	return 0;
}

/* negative: the parent's inode lock is held around the tracepoint */
int myfs_mv_orphan(struct inode *dir, struct dentry *dentry)
{
	inode_lock_nested(dir, I_MUTEX_PARENT);
	trace_myfs_mv_orphan(dir, dentry->d_name.len, dentry->d_name.name);
	inode_unlock(dir);
	return 0;
}

/* negative: lock_rename() locks both parents */
int myfs_exchange(struct dentry *p1, struct dentry *p2,
		  struct dentry *a, struct dentry *b)
{
	struct dentry *trap = lock_rename(p1, p2);

	trace_myfs_exchange(a->d_name.name, b->d_name.name);
	unlock_rename(p1, p2);
	return trap ? 0 : 1;
}

/* negative: ->d_lock keeps the name stable */
void myfs_dentry_note(struct dentry *dentry)
{
	spin_lock(&dentry->d_lock);
	trace_myfs_note(dentry->d_name.len, dentry->d_name.name);
	spin_unlock(&dentry->d_lock);
}

/* POSITIVE: the lock was dropped before the tracepoint */
int myfs_unlink_late(struct inode *dir, struct dentry *dentry)
{
	inode_lock(dir);
	myfs_remove_entry(dir, dentry);
	inode_unlock(dir);
	trace_myfs_unlink_done(dir, dentry->d_name.name);
	return 0;
}

/* POSITIVE: a helper; the rule does not follow callers */
static void myfs_attach(struct dentry *dentry, u64 blkno)
{
	trace_myfs_attach(dentry->d_name.len, dentry->d_name.name, blkno);
}

/* negatives: not tracepoints, or no ->d_name read */
void myfs_show(struct trace_seq *s, struct dentry *dentry)
{
	trace_seq_printf(s, "%s", dentry->d_name.name);
	trace_printk("%pd\n", dentry);
	pr_debug("%s\n", dentry->d_name.name);
}

/* negative: the caller holds the parent's lock, and lockdep checks it */
int myfs_vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int error = myfs_do_mkdir(dir, dentry, mode);

	lockdep_assert_held(&dir->i_rwsem);
	trace_myfs_mkdir(dir, &dentry->d_name, mode, error);
	return error;
}

/* negative: held for writing, asserted as such */
int myfs_vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	lockdep_assert_held_write(&dir->i_rwsem);
	trace_myfs_unlink(dir, &dentry->d_name);
	return 0;
}

/* POSITIVE: the lock asserted is not an inode's */
int myfs_sb_note(struct super_block *sb, struct dentry *dentry)
{
	lockdep_assert_held(&sb->s_umount);
	trace_myfs_sb_note(sb, dentry->d_name.name);
	return 0;
}

/* POSITIVE: asserted, then dropped before the tracepoint */
int myfs_unlink_unlocked(struct inode *dir, struct dentry *dentry)
{
	lockdep_assert_held(&dir->i_rwsem);
	inode_unlock(dir);
	trace_myfs_unlink(dir, &dentry->d_name);
	return 0;
}
