// SPDX-License-Identifier: GPL-2.0-only
/// Find filesystem-private structures that keep a pointer to a dentry.
///
/// Dentries belong to the VFS: they are a cache, and the filesystem does
/// not control their lifetime.  Linus Torvalds on eventfs (January 2024):
/// a lookup of "name" can create a new dentry d2 before ->d_release() of
/// the old dentry d1 has run, so "virtual filesystems must not try to cache
/// dentry pointers in their internal data structures" - "the filesystem
/// has no business trying to remember some dentry from a previous
/// operation".  Every operation that needs a dentry gets one from the VFS;
/// the other direction (dentry->d_fsdata pointing at a refcounted fs
/// object) is the right one.  6.12 fs/tracefs/event_inode.c still has
/// struct eventfs_root_inode { ...; struct dentry *events_dir; } filled by
/// "rei->events_dir = dentry;".
///
/// Reported: an assignment "E->fld = D" where D is an expression of type
/// struct dentry * (a parameter, a local, a call declared in the file) or a
/// call to a VFS function that returns a dentry (d_alloc*(), d_make_root(),
/// dget(), d_splice_alias(), lookup_one_len*(), ...), and E is a pointer
/// to a struct that is defined in the filesystem's own files: the checked
/// file itself or any header under the same fs/<name>/ directory (the
/// directory of the file when it is not below the fs/ directory of a
/// kernel tree, i.e. a directory called fs next to a MAINTAINERS file).
/// Not reported: stores into VFS structures (super_block, path, fs_context,
/// file, ...) or into structures defined in include/; stores of NULL;
/// dentries returned by a function with "debugfs" in its name
/// (debugfs_create_dir(), xfs_debugfs_mkdir(), ...: debugfs hands the
/// dentry back for debugfs_remove()), stored directly or through a local;
/// files directly in fs/ (the VFS core: fs/dcache.c, fs/namei.c, ...);
/// typedef'd structs, "E.fld = D" through a non-pointer struct, and
/// global struct dentry * variables.
///
/// A hit is a design smell, not proof of a bug: pinned references (dget())
/// held by overlayfs or cachefiles on *another* filesystem's dentries, and
/// short-lived per-operation structures that only live for the duration of
/// the VFS call that passed the dentry in, are reported too and are
/// usually fine.  For a pseudo filesystem (tracefs, configfs, ...) a
/// back-pointer that outlives the call is the bug class Linus describes.
//
// Confidence: Low
// Options: --no-includes --include-headers
// Keywords: dentry, back-pointer, d_fsdata, eventfs, tracefs, lifetime

virtual context
virtual report

@initialize:python@
@@

import glob
import os
import re

_text_cache = {}
_hdr_cache = {}
_debugfs = set()


def _key(p):
    return (p.file, p.line, p.column, p.line_end, p.column_end)


def _read(path):
    if path not in _text_cache:
        try:
            with open(path, errors="replace") as fh:
                _text_cache[path] = fh.read()
        except OSError:
            _text_cache[path] = ""
    return _text_cache[path]


def _is_kernel_fs_dir(d):
    """Is d the fs/ directory of a kernel tree (next to MAINTAINERS)?"""
    return (os.path.basename(d) == "fs" and os.path.isfile(
        os.path.join(os.path.dirname(d), "MAINTAINERS")))


def _headers(path):
    """The headers of the filesystem that path belongs to: everything
    below fs/<name>/ of a kernel tree; only fs/*.h for the VFS core in
    fs/ itself; everything below the directory of path otherwise."""
    d = os.path.dirname(os.path.abspath(path))
    if _is_kernel_fs_dir(d):
        return sorted(glob.glob(os.path.join(d, "*.h")))
    root = cur = d
    while os.path.dirname(cur) != cur:
        if _is_kernel_fs_dir(os.path.dirname(cur)):
            root = cur
            break
        cur = os.path.dirname(cur)
    if root not in _hdr_cache:
        _hdr_cache[root] = sorted(
            glob.glob(os.path.join(root, "**", "*.h"), recursive=True))
    return _hdr_cache[root]


def is_vfs_core(path):
    return _is_kernel_fs_dir(os.path.dirname(os.path.abspath(path)))


def fs_private_struct(path, tname):
    """Is the type tname a struct defined in path or in its filesystem's
    own headers?"""
    t = re.sub(r"\b(const|volatile)\b", " ", tname).strip()
    m = re.match(r"^struct\s+(\w+)$", t)
    if not m:
        return False
    pat = re.compile(r"\bstruct\s+%s\s*\{" % re.escape(m.group(1)))
    for f in [path] + _headers(path):
        if pat.search(_read(f)):
            return True
    return False

// A dentry that debugfs created and handed back for debugfs_remove(),
// directly or through a wrapper with debugfs in its name.
@dbg exists@
local idexpression struct dentry *d;
identifier dc =~ "debugfs";
expression E;
identifier fld;
position p;
@@

d = dc(...);
...
E->fld@p = d

@script:python@
p << dbg.p;
@@

_debugfs.add(_key(p[0]))

@dbg2@
identifier dc =~ "debugfs";
expression E;
identifier fld;
position p;
@@

E->fld@p = dc(...)

@script:python@
p << dbg2.p;
@@

_debugfs.add(_key(p[0]))

@r@
type T;
T *E;
identifier fld;
struct dentry *D;
identifier vfsget = {d_alloc, d_alloc_name, d_alloc_anon, d_alloc_parallel,
                     d_make_root, d_obtain_alias, d_obtain_root,
                     d_splice_alias, d_find_alias, d_find_any_alias, dget,
                     dget_dlock, dget_parent, lookup_one_len,
                     lookup_one_len_unlocked, lookup_positive_unlocked,
                     try_lookup_one_len, lookup_one, lookup_one_unlocked,
                     lookup_one_positive_unlocked, kern_path_create,
                     file_dentry};
position p;
@@

(
E->fld@p = D
|
E->fld@p = vfsget(...)
)

@script:python keep@
p << r.p;
T << r.T;
@@

if (_key(p[0]) in _debugfs or is_vfs_core(p[0].file)
        or not fs_private_struct(p[0].file, T)):
    cocci.include_match(False)

@depends on context@
expression E, D;
identifier fld;
position r.p;
@@

* E->fld@p = D

@script:python depends on report@
p << r.p;
T << r.T;
fld << r.fld;
@@

coccilib.report.print_report(p[0],
    "WARNING: dentry back-pointer: %s.%s stores a dentry in filesystem-private data; the VFS owns dentry lifetimes - use the dentry the VFS passes in, or point ->d_fsdata at a refcounted object" % (T, fld))
