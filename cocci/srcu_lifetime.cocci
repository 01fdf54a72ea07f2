// SPDX-License-Identifier: GPL-2.0-only
/// Find SRCU used in filesystem code.
///
/// Sleepable RCU is much heavier than RCU, and in a filesystem it is almost
/// always a stand-in for a missing reference count: "I use SRCU to make sure
/// the lifetime is at least X" is broken; the refcount (kref) is what gives
/// the lifetime, and any RCU delay should only cover lockless lookups that
/// may race with the teardown (Linus Torvalds on eventfs, January 2024:
/// "if you think you need SRCU rather than regular RCU, you've already done
/// something wrong").  6.12 fs/tracefs/event_inode.c frees every
/// eventfs_inode through call_srcu() and walks children under
/// srcu_read_lock().
///
/// Reported: DEFINE_SRCU()/DEFINE_STATIC_SRCU(), init_srcu_struct(),
/// call_srcu(), synchronize_srcu()/synchronize_srcu_expedited(), srcu_barrier()
/// and srcu_read_lock() (plus its _nmisafe/_notrace variants).  The matching
/// srcu_read_unlock() is not reported.  call_srcu() gets its own message: it
/// ends an object's lifetime with a grace period, which is the pattern the
/// rule is really after.
///
/// The rule does not know what a filesystem is: run it on filesystem
/// directories (make coccicheck M=fs/tracefs).  Every SRCU use is reported;
/// some (fsnotify marks, dquots, file locks) are deliberate, well-reviewed
/// designs, so treat a hit as a question for review, not as a bug.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: SRCU, call_srcu, synchronize_srcu, srcu_read_lock, kref, lifetime

virtual context
virtual report

@def@
declarer name DEFINE_SRCU, DEFINE_STATIC_SRCU;
identifier s;
position p;
@@

(
DEFINE_SRCU@p(s);
|
DEFINE_STATIC_SRCU@p(s);
)

@use@
identifier fn = {init_srcu_struct, synchronize_srcu,
                 synchronize_srcu_expedited, srcu_barrier, srcu_read_lock,
                 srcu_read_lock_nmisafe, srcu_read_lock_notrace};
position p;
@@

fn@p(...)

@cs@
position p;
@@

call_srcu@p(...)

@depends on context@
declarer name DEFINE_SRCU, DEFINE_STATIC_SRCU;
identifier def.s;
position def.p;
@@

(
* DEFINE_SRCU@p(s);
|
* DEFINE_STATIC_SRCU@p(s);
)

@depends on context@
identifier use.fn;
position use.p;
@@

* fn@p(...)

@depends on context@
position cs.p;
@@

* call_srcu@p(...)

@script:python depends on report@
p << def.p;
s << def.s;
@@

coccilib.report.print_report(p[0],
    "WARNING: SRCU domain %s defined in filesystem code: object lifetimes should come from a reference count (kref), not from an SRCU grace period" % s)

@script:python depends on report@
p << use.p;
fn << use.fn;
@@

coccilib.report.print_report(p[0],
    "WARNING: %s() in filesystem code: SRCU instead of a reference count or a plain lock" % fn)

@script:python depends on report@
p << cs.p;
@@

coccilib.report.print_report(p[0],
    "WARNING: call_srcu() in filesystem code: an SRCU grace period used as an object's lifetime; the kref release function should free it directly (kfree(), or kfree_rcu() if there are RCU readers)")
