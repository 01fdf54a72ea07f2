/* SPDX-License-Identifier: GPL-2.0 */
/* struct node has its kref; only this header says so. */
struct node {
	struct kref		kref;
	struct rcu_head		rcu;
	struct node		*parent;
};
