/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test input for dname_in_trace.cocci, part 2: event definitions.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM myfs

#if !defined(_TRACE_MYFS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MYFS_H

#include <linux/tracepoint.h>

/* POSITIVE: __string() of a dentry's name */
TRACE_EVENT(myfs_unlink_enter,
	TP_PROTO(struct inode *dir, struct dentry *dentry),
	TP_ARGS(dir, dentry),
	TP_STRUCT__entry(
		__field(ino_t,	ino)
		__string(name,	dentry->d_name.name)
	),
	TP_fast_assign(
		__entry->ino	= dir->i_ino;
		__assign_str(name);
	),
	TP_printk("ino = %lu, name = %s", __entry->ino, __get_str(name))
);

/*
 * POSITIVE (once: the same dentry is read three times): an event class
 * copying dentry->d_name by hand, like fs/xfs/scrub/trace.h.
 */
DECLARE_EVENT_CLASS(myfs_dentry_class,
	TP_PROTO(struct inode *dir, const struct dentry *dentry),
	TP_ARGS(dir, dentry),
	TP_STRUCT__entry(
		__field(ino_t, ino)
		__field(unsigned int, namelen)
		__dynamic_array(char, name, dentry->d_name.len)
	),
	TP_fast_assign(
		__entry->ino = dir->i_ino;
		__entry->namelen = dentry->d_name.len;
		memcpy(__get_str(name), dentry->d_name.name,
		       dentry->d_name.len);
	),
	TP_printk("ino 0x%lx name '%.*s'", __entry->ino, __entry->namelen,
		  __get_str(name))
);
DEFINE_EVENT(myfs_dentry_class, myfs_dentry_add,
	TP_PROTO(struct inode *dir, const struct dentry *dentry),
	TP_ARGS(dir, dentry));

/* negative: the caller passes the name (the call site is checked) */
TRACE_EVENT(myfs_lookup,
	TP_PROTO(struct inode *dir, struct dentry *dentry,
		 unsigned int len, const unsigned char *d_name),
	TP_ARGS(dir, dentry, len, d_name),
	TP_STRUCT__entry(
		__field(void *, dentry)
		__field(unsigned int, len)
		__string(d_name, d_name)
	),
	TP_fast_assign(
		/* copying dentry->d_name here would be wrong */
		__entry->dentry = dentry;
		__entry->len = len;
		__assign_str(d_name);
	),
	TP_printk("%p %.*s", __entry->dentry, __entry->len,
		  __get_str(d_name))
);

#endif /* _TRACE_MYFS_H */

#include <trace/define_trace.h>
