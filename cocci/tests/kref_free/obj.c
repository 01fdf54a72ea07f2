// SPDX-License-Identifier: GPL-2.0
/* Test input for kref_free.cocci: need not compile, spatch parses it. */
#include <linux/kref.h>
#include <linux/rculist.h>
#include <linux/slab.h>

struct obj {
	struct list_head	list;
	struct kref		ref;
	struct rcu_head		rcu;
	const char		*name;
};

struct plain {
	int x;
};

static LIST_HEAD(objs);
static DEFINE_MUTEX(objs_lock);

/* negative: the release function frees */
static void obj_release(struct kref *ref)
{
	struct obj *o = container_of(ref, struct obj, ref);

	kfree(o->name);
	kfree(o);
}

static void obj_put(struct obj *o)
{
	kref_put(&o->ref, obj_release);
}

/* POSITIVE: unlinked and freed while other holders may still have refs */
void obj_remove(struct obj *o)
{
	mutex_lock(&objs_lock);
	list_del(&o->list);
	mutex_unlock(&objs_lock);
	kfree(o);
}

/* negative: an RCU callback; the call_rcu() that queues it is checked */
static void obj_free_rcu(struct rcu_head *head)
{
	struct obj *o = container_of(head, struct obj, rcu);

	kfree(o);
}

/* POSITIVE: lifetime ended by a grace period instead of the refcount */
void obj_remove_rcu(struct obj *o)
{
	list_del_rcu(&o->list);
	call_rcu(&o->rcu, obj_free_rcu);
}

/* POSITIVE */
void obj_remove_kfree_rcu(struct obj *o)
{
	list_del_rcu(&o->list);
	kfree_rcu(o, rcu);
}

/* POSITIVE: a reference was handed out before the error-path free */
int obj_create(const char *name, struct obj **out)
{
	struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return -ENOMEM;
	kref_init(&o->ref);
	mutex_lock(&objs_lock);
	list_add(&o->list, &objs);
	kref_get(&o->ref);
	mutex_unlock(&objs_lock);
	o->name = kstrdup(name, GFP_KERNEL);
	if (!o->name) {
		kfree(o);
		return -ENOMEM;
	}
	*out = o;
	return 0;
}

/* negative: error path before the object was published */
struct obj *obj_alloc(const char *name)
{
	struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return NULL;
	o->name = kstrdup(name, GFP_KERNEL);
	if (!o->name) {
		kfree(o);
		return NULL;
	}
	kref_init(&o->ref);
	return o;
}

/* negative: kref_init, then an error before any kref_get */
struct obj *obj_alloc2(const char *name)
{
	struct obj *o;

	o = kmalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return NULL;
	kref_init(&o->ref);
	if (obj_setup(o, name) < 0) {
		kfree(o);
		return NULL;
	}
	return o;
}

/* negative: no kref in struct plain */
void plain_free(struct plain *p)
{
	kfree(p);
}

/* negative: the normal way to drop a reference */
void obj_done(struct obj *o)
{
	obj_put(o);
}
