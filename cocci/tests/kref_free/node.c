// SPDX-License-Identifier: GPL-2.0
/*
 * Test input for kref_free.cocci: the kref'd struct is defined in a header
 * of the same directory, and no kref_*() call in this file names it.
 */
#include <linux/slab.h>
#include <linux/srcu.h>
#include "node.h"

static struct kmem_cache *node_cachep;
DEFINE_STATIC_SRCU(node_srcu);

/* negative: called by a release function (which lives in another file) */
static void node_destroy(struct node *n)
{
	kmem_cache_free(node_cachep, n);
}

/* negative: a release function, by its signature */
static void node_release(struct kref *kref)
{
	node_destroy(container_of(kref, struct node, kref));
}

/* POSITIVE: kmem_cache_free() of a kref'd object from an ordinary function */
void node_drop(struct node *n)
{
	if (n->parent)
		kmem_cache_free(node_cachep, n);
}

static void node_free_srcu(struct rcu_head *head)
{
	kmem_cache_free(node_cachep, container_of(head, struct node, rcu));
}

/* POSITIVE: SRCU grace period as the lifetime */
void node_remove(struct node *n)
{
	call_srcu(&node_srcu, &n->rcu, node_free_srcu);
}
