// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for srcu_lifetime.cocci, after 6.12 fs/tracefs/event_inode.c.
 * Need not compile: spatch parses it.
 */
#include <linux/srcu.h>
#include <linux/rcupdate.h>

/* POSITIVE */
DEFINE_STATIC_SRCU(eventfs_srcu);
/* POSITIVE */
DEFINE_SRCU(other_srcu);

struct eventfs_inode {
	struct kref		kref;
	struct list_head	children;
	struct rcu_head		rcu;
	int			srcu;	/* negative: just a member name */
};

static void free_ei_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct eventfs_inode, rcu));
}

static void free_ei_srcu(struct rcu_head *rcu)
{
	struct eventfs_inode *ei = container_of(rcu, struct eventfs_inode, rcu);

	/* negative: plain RCU */
	call_rcu(&ei->rcu, free_ei_rcu);
}

static void release_ei(struct kref *ref)
{
	struct eventfs_inode *ei = container_of(ref, struct eventfs_inode, kref);

	/* POSITIVE */
	call_srcu(&eventfs_srcu, &ei->rcu, free_ei_srcu);
}

static int eventfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct eventfs_inode *ei_child, *ei = file->private_data;
	int idx;

	/* POSITIVE */
	idx = srcu_read_lock(&eventfs_srcu);
	list_for_each_entry_srcu(ei_child, &ei->children, list,
				 srcu_read_lock_held(&eventfs_srcu)) {
		if (!dir_emit(ctx, ei_child->name, strlen(ei_child->name),
			      ei_child->ino, DT_DIR))
			break;
	}
	/* negative: the unlock pairs with the reported lock */
	srcu_read_unlock(&eventfs_srcu, idx);
	return 0;
}

void eventfs_remove_dir(struct eventfs_inode *ei)
{
	/* POSITIVE x2 */
	synchronize_srcu(&eventfs_srcu);
	synchronize_srcu_expedited(&other_srcu);
}

int eventfs_remount_lock(void)
{
	/* POSITIVE */
	return srcu_read_lock(&eventfs_srcu);
}

/* negatives: plain RCU and an fs-private wrapper around SRCU */
void eventfs_walk(struct eventfs_inode *ei)
{
	int idx;

	rcu_read_lock();
	synchronize_rcu();
	rcu_read_unlock();
	idx = eventfs_remount_lock();
	eventfs_remount_unlock(idx);
}
