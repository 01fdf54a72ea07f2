// SPDX-License-Identifier: GPL-2.0-only
/// Find private copies of get_next_ino() and open-coded inode number
/// counters with a wrap-around retry loop.
///
/// get_next_ino() (fs/inode.c) hands out inode numbers from a per-CPU batch
/// that is refilled from a shared atomic every LAST_INO_BATCH allocations;
/// the complexity exists because pipes and sockets allocate inodes at very
/// high rates.  Copying it into a filesystem (tracefs_get_next_ino(), January
/// 2024) was rejected by Linus Torvalds: "STOP COPYING VFS LAYER FUNCTIONS
/// ... you also don't then steal them without understanding what they do";
/// "The whole get_next_ino() should be atomic64_add_return(). End of
/// story."  The fallback he was offered - a do { res =
/// atomic_add_return(files + 1, &next_inode); } while (res < files + 1);
/// overflow loop - was "Still entirely pointless": a 64-bit counter does
/// not wrap.
///
/// Reported:
///  * a function, outside fs/inode.c, that reads or updates a per-CPU
///    variable (get_cpu_var(), this_cpu_*(), per_cpu*()) and also calls
///    atomic*_add_return()/atomic*_fetch_add() - the shape of the per-CPU
///    batch allocator;
///  * x = atomic_add_return()/atomic_inc_return()/atomic_fetch_add()/
///    atomic_fetch_inc(...) inside a loop that tests x (x < E, x <= E,
///    x == 0, !x) before coming back to the same assignment: retrying a
///    32-bit counter until it has not wrapped, as in do { ... } while
///    (res < files + 1).  A loop that takes a ticket per item and stops at
///    a limit has the same shape and is reported too.
/// Other per-CPU batch allocators (percpu_counter-like statistics that also
/// touch an atomic) match the first shape too: check that the function
/// really hands out numbers before acting on a hit.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: get_next_ino, LAST_INO_BATCH, inode number, atomic_add_return

virtual context
virtual report

@initialize:python@
@@

import os

_pcpu_fns = set()


def in_vfs_inode_c(path):
    return os.path.abspath(path).endswith(os.path.join(os.sep, "fs",
                                                        "inode.c"))

// Functions are told apart by p[0].current_element: matching
// f(...) { <+... ...+> } is very slow on big functions.
@pcpu@
identifier v;
expression E;
position p;
@@

(
get_cpu_var@p(v)
|
get_cpu_ptr@p(&v)
|
this_cpu_ptr@p(&v)
|
raw_cpu_ptr@p(&v)
|
per_cpu_ptr@p(&v, E)
|
per_cpu@p(v, E)
|
this_cpu_read@p(v)
|
__this_cpu_read@p(v)
|
raw_cpu_read@p(v)
|
this_cpu_write@p(v, E)
|
__this_cpu_write@p(v, E)
|
this_cpu_inc_return@p(v)
|
this_cpu_add_return@p(v, E)
)

@script:python@
p << pcpu.p;
@@

_pcpu_fns.add((p[0].file, p[0].current_element))

@batch@
identifier add = {atomic_add_return, atomic64_add_return,
                  atomic_long_add_return, atomic_fetch_add,
                  atomic64_fetch_add, atomic_long_fetch_add};
position p;
@@

add@p(...)

@script:python keep@
p << batch.p;
@@

if ((p[0].file, p[0].current_element) not in _pcpu_fns
        or in_vfs_inode_c(p[0].file)):
    cocci.include_match(False)

@depends on context@
identifier batch.add;
position batch.p;
@@

* add@p(...)

@script:python depends on report@
add << batch.add;
p << batch.p;
@@

coccilib.report.print_report(p[0],
    "WARNING: %s() looks like a private copy of get_next_ino() (per-CPU batch refilled by %s()): call get_next_ino(), or use a plain atomic64_add_return() counter" % (p[0].current_element, add))

// spatch 1.1 cannot match do { } while () directly: look for an
// assignment from the counter that is reached again from itself (it is in
// a loop) after a test of its result.
@loop exists@
identifier add = {atomic_add_return, atomic_inc_return, atomic_fetch_add,
                  atomic_fetch_inc};
expression x, E, E2;
position p;
@@

x = add@p(...);
... when != x = E2
(
x < E
|
x <= E
|
E > x
|
E >= x
|
x == 0
|
!x
)
... when != x = E2
x = add@p(...);

@depends on context@
identifier loop.add;
position loop.p;
@@

* add@p(...)

@script:python depends on report@
add << loop.add;
p << loop.p;
@@

coccilib.report.print_report(p[0],
    "WARNING: %s() retried until the 32-bit counter has not wrapped: use a 64-bit counter (atomic64_add_return()), or get_next_ino() for inode numbers" % add)
