// SPDX-License-Identifier: GPL-2.0-only
/// Find tracepoints that read ->d_name of a dentry whose name is not stable.
///
/// Al Viro (LSF/MM/BPF 2025, "time to reconsider tracepoints in the vfs?"),
/// on trace_ocfs2_file_splice_read(..., in->f_path.dentry->d_name.len,
/// in->f_path.dentry->d_name.name, ...): ->splice_read() may race with
/// rename(), so the tracepoint can see a length and a name that do not
/// match, a name that is freed and reused under it, or a short name being
/// rewritten by another CPU.  A dentry's name is stable only while
/// something excludes rename: the parent directory's i_rwsem (the VFS holds
/// it around ->lookup(), ->create(), ->mkdir(), ... of that dentry),
/// ->d_lock, or a copy made with take_dentry_name_snapshot().
///
/// Reported:
///  * a trace_*() call (not trace_seq_*()) with an argument that reads
///    E->d_name (.name, .len, .hash or the whole qstr), unless the read is
///    treated as stable (below);
///  * in a file that includes <linux/tracepoint.h>, every E->d_name read
///    (other than __entry->...) inside the body of TRACE_EVENT*() or
///    DECLARE_EVENT_CLASS*() - the __string()/__dynamic_array() sizes and the
///    TP_fast_assign() copies.  spatch cannot parse these bodies
///    (TP_STRUCT__entry and TP_fast_assign are not C), so this part is a
///    small text scanner in python, anchored on the #include.  Such an event
///    is only safe if every caller passes a dentry whose parent is locked;
///    the rule cannot see the callers, so these hits are review items.
///
/// Treated as stable (not reported), all within the same function:
///  * E is a struct dentry * parameter, not assigned to on any path to the
///    call, of a function that the same file puts in a struct
///    inode_operations as ->lookup, ->create, ->mkdir, ->mknod, ->symlink,
///    ->tmpfile, ->atomic_open, ->unlink, ->rmdir, ->rename or ->link (the
///    VFS holds the parent's i_rwsem; for the old dentry of ->link it holds
///    the inode lock, which vfs_rename() of a non-directory also takes);
///  * the call can be reached from inode_lock*(), lock_rename*() or a
///    lockdep_assert_held*() of an ->i_rwsem (a caller's lock, checked at
///    run time under lockdep) with no inode_unlock*()/unlock_rename() in
///    between (which inode was locked is not checked - any inode lock is
///    taken as the parent's);
///  * the call can be reached from spin_lock(&E->d_lock) with no matching
///    spin_unlock() in between.
/// Not treated as stable (so reported even when safe): helpers called from
/// ->lookup() and friends, inode_operations set up in another file, and a
/// ->lookup() tracing the alias d_splice_alias() returned.  %pd in
/// trace_printk()-style formats is not looked at.  Context mode shows the
/// call sites only (the event bodies are not parsed, so cannot be marked).
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: d_name, dentry, tracepoint, TRACE_EVENT, rename, race

virtual context
virtual report

@initialize:python@
@@

import re

_stable = set()
_reassigned = set()
_locked = set()
_dlocked = set()
_done = set()


def _key(p):
    return (p.file, p.line, p.column, p.line_end, p.column_end)


class _Loc(object):
    def __init__(self, file, line, column, column_end):
        self.file = file
        self.line = line
        self.column = column
        self.line_end = line
        self.column_end = column_end


def _blank(m):
    return re.sub(r"[^\n]", " ", m.group(0))


def _strip(text):
    """Blank out comments and string/char literals, keeping offsets."""
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"'
                  r"|'(?:\\.|[^'\\\n])*'", _blank, text, flags=re.S)


_EVENT = re.compile(r"^(?![ \t]*#)[^\n]*?\b"
                    r"(TRACE_EVENT\w*|DECLARE_EVENT_CLASS\w*)\s*\(\s*(\w+)",
                    re.M)
_DNAME = re.compile(r"((?:\w+\s*(?:->|\.)\s*)*\w+)\s*->\s*d_name\b")


def event_dname_reads(path):
    """(macro, event, expression, line, col, col_end) for the first
    ->d_name read of each expression in the body of each event
    definition in path."""
    try:
        with open(path, errors="replace") as fh:
            text = fh.read()
    except OSError:
        return []
    code = _strip(text)
    out = []
    seen = set()
    for m in _EVENT.finditer(code):
        depth = 0
        start = code.index("(", m.start(1))
        end = len(code)
        for i in range(start, len(code)):
            if code[i] == "(":
                depth += 1
            elif code[i] == ")":
                depth -= 1
                if depth == 0:
                    end = i
                    break
        for d in _DNAME.finditer(code, start, end):
            expr = re.sub(r"\s+", "", d.group(1))
            if expr.startswith("__entry") or (m.start(), expr) in seen:
                continue
            seen.add((m.start(), expr))
            line = code.count("\n", 0, d.start()) + 1
            col = d.start() - (code.rfind("\n", 0, d.start()) + 1)
            out.append((m.group(1), m.group(2), expr, line, col,
                        col + len(d.group(0))))
    return out

// ---------------------------------------------------------------------
// Part 1: trace_*() calls whose arguments read ->d_name.

@tr@
identifier tf =~ "^trace_(?!seq_)";
expression E;
position pc, pe;
@@

tf@pc(..., <+... E@pe->d_name ...+>, ...)

@iops@
identifier ops, fn;
identifier slot = {lookup, create, mkdir, mknod, symlink, tmpfile,
                   atomic_open, unlink, rmdir, rename, link};
@@

struct inode_operations ops = { .slot = fn, };

// A call that can be reached from an assignment to d may trace some other
// dentry than the one the VFS passed in.
@spr exists@
identifier d;
identifier tr.tf;
expression X;
position tr.pc, q;
@@

d = X
...
tf@pc@q(...)

@script:python@
d << spr.d;
q << spr.q;
@@

_reassigned.add((_key(q[0]), d))

@sp@
identifier iops.fn, d;
identifier tr.tf;
position tr.pc, tr.pe, c, q;
@@

fn(..., struct dentry *d, ...)
{
<+...
tf@pc@c(..., <+... d@pe@q ...+>, ...)
...+>
}

@script:python@
d << sp.d;
c << sp.c;
q << sp.q;
@@

if (_key(c[0]), d) not in _reassigned:
    _stable.add(_key(q[0]))

@lk exists@
identifier tr.tf;
expression I;
position tr.pc, q;
@@

(
inode_lock(...)
|
lockdep_assert_held(&I->i_rwsem)
|
lockdep_assert_held_write(&I->i_rwsem)
|
lockdep_assert_held_read(&I->i_rwsem)
|
inode_lock_nested(...)
|
inode_lock_shared(...)
|
inode_lock_shared_nested(...)
|
lock_rename(...)
|
lock_rename_child(...)
)
... when != inode_unlock(...)
    when != inode_unlock_shared(...)
    when != unlock_rename(...)
tf@pc@q(...)

@script:python@
q << lk.q;
@@

_locked.add(_key(q[0]))

@dl exists@
identifier tr.tf;
expression tr.E;
position tr.pc, tr.pe, q;
@@

spin_lock(&E->d_lock)
... when != spin_unlock(&E->d_lock)
tf@pc(..., <+... E@pe@q ...+>, ...)

@script:python@
q << dl.q;
@@

_dlocked.add(_key(q[0]))

@script:python unstable@
pc << tr.pc;
pe << tr.pe;
@@

if (_key(pe[0]) in _stable or _key(pe[0]) in _dlocked
        or _key(pc[0]) in _locked):
    cocci.include_match(False)

@depends on context@
identifier tr.tf;
position tr.pc;
@@

* tf@pc(...)

@script:python depends on report@
tf << tr.tf;
E << tr.E;
pc << tr.pc;
@@

if _key(pc[0]) not in _done:
    _done.add(_key(pc[0]))
    coccilib.report.print_report(pc[0],
        "WARNING: %s() reads %s->d_name without the parent's inode lock: the name can change or be freed under a concurrent rename (take_dentry_name_snapshot() or trace under the lock)" % (tf, re.sub(r"\s+", "", E)))

// ---------------------------------------------------------------------
// Part 2: event definitions (TP_STRUCT__entry / TP_fast_assign bodies).

@tph@
position p;
@@

#include <linux/tracepoint.h>@p

@script:python depends on report@
p << tph.p;
@@

for macro, ev, expr, line, col, col_end in event_dname_reads(p[0].file):
    if macro.startswith("DECLARE_EVENT_CLASS"):
        what = "event class %s copies %s->d_name: safe only if every caller of its events" % (ev, expr)
    else:
        what = "event %s copies %s->d_name: safe only if every trace_%s() caller" % (ev, expr, ev)
    coccilib.report.print_report(_Loc(p[0].file, line, col, col_end),
        "WARNING: %s holds the parent's inode lock or ->d_lock" % what)
