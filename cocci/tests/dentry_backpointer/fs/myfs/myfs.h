/* SPDX-License-Identifier: GPL-2.0 */
struct myfs_info {
	struct dentry	*root;
	struct dentry	*last_lookup;
};
