// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for dentry_backpointer.cocci, after 6.12
 * fs/tracefs/event_inode.c.  Need not compile: spatch parses it.
 */
#include <linux/fs.h>
#include <linux/debugfs.h>
#include <linux/nfs_fs.h>

struct eventfs_inode {
	struct kref		kref;
	const char		*name;
	struct dentry		*dentry;
};

struct eventfs_root_inode {
	struct eventfs_inode	ei;
	struct dentry		*events_dir;
};

struct stats {
	struct dentry		*debug_dir;
	struct dentry		*cached;
};

/* POSITIVE: the events directory dentry kept in the fs object */
struct eventfs_inode *eventfs_create_events_dir(const char *name,
						struct dentry *parent)
{
	struct dentry *dentry;
	struct eventfs_root_inode *rei;

	dentry = tracefs_start_creating(name, parent);
	if (IS_ERR(dentry))
		return ERR_CAST(dentry);
	rei = alloc_root(name);
	rei->events_dir = dentry;
	return &rei->ei;
}

/* POSITIVE: the dentry argument of ->lookup() remembered */
static struct dentry *eventfs_lookup(struct inode *dir, struct dentry *dentry,
				     unsigned int flags)
{
	struct eventfs_inode *ei = dir->i_private;

	ei->dentry = dentry;
	return NULL;
}

/* POSITIVE: a dentry from d_alloc_name() stored directly */
void eventfs_prealloc(struct eventfs_inode *ei, struct dentry *parent)
{
	ei->dentry = d_alloc_name(parent, ei->name);
}

/* negatives below */

/* the dentry passed in is used locally only */
static int eventfs_d_revalidate(struct dentry *dentry, unsigned int flags)
{
	struct eventfs_inode *ei = dentry->d_fsdata;

	return ei && !d_unhashed(dentry) && ei->name != NULL;
}

/* the right direction: the dentry points at the refcounted fs object */
static struct dentry *eventfs_lookup2(struct inode *dir, struct dentry *dentry,
				      unsigned int flags)
{
	struct eventfs_inode *ei = dir->i_private;

	kref_get(&ei->kref);
	dentry->d_fsdata = ei;
	d_add(dentry, NULL);
	return NULL;
}

/* clearing the pointer */
void eventfs_remove_events_dir(struct eventfs_root_inode *rei)
{
	struct dentry *dentry = rei->events_dir;

	rei->events_dir = NULL;
	dput(dentry);
}

/* VFS structures */
static int eventfs_fill_super(struct super_block *sb, struct path *path,
			      struct inode *inode)
{
	sb->s_root = d_make_root(inode);
	path->dentry = dget(sb->s_root);
	return 0;
}

/* a struct this filesystem does not define (include/linux/nfs_fs.h) */
void ctx_set(struct nfs_open_context *ctx, struct dentry *dentry)
{
	ctx->dentry = dentry;
}

/* debugfs returns the dentry so that it can be removed later */
void stats_init(struct stats *st)
{
	struct dentry *dir;

	dir = debugfs_create_dir("eventfs", NULL);
	if (IS_ERR(dir))
		return;
	st->debug_dir = dir;
}

/* negative: a wrapper around debugfs_create_dir(), stored directly */
struct dentry *myfs_debugfs_mkdir(const char *name, struct dentry *parent);

void stats_init2(struct stats *st)
{
	st->debug_dir = myfs_debugfs_mkdir("stats", NULL);
}
