// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for dentry_backpointer.cocci: a file directly in fs/ is VFS
 * core (fs/dcache.c and friends), whose structures may hold dentries.
 */
struct select_data {
	struct dentry *start;
	struct dentry *victim;
};

/* negative */
static enum d_walk_ret select_collect2(void *_data, struct dentry *dentry)
{
	struct select_data *data = _data;

	data->victim = dentry;
	return D_WALK_QUIT;
}

/* negative */
static void shrink_start(struct select_data *data, struct dentry *parent)
{
	data->start = parent;
}
