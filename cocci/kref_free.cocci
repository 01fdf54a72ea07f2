// SPDX-License-Identifier: GPL-2.0-only
/// Find objects with a struct kref that are freed outside their kref
/// release function.
///
/// Once an object has a reference count, the reference count is its
/// lifetime: "the *lifetime* is entirely about the refcount", and "if you
/// have a kernel data structure that isn't just used within one thread, it
/// must be refcounted" (Linus Torvalds on eventfs, January 2024).  Freeing
/// such an object anywhere but in the release function that kref_put()
/// calls leaves every other reference holder with a dangling pointer; his
/// answer to the KASAN use-after-free reported in that thread was "Every
/// time you assign a pointer to d_fsdata, you need to kref_get() it".
///
/// Reported: kfree(), kvfree(), kfree_sensitive(), kmem_cache_free(),
/// kfree_rcu()/kvfree_rcu()/kfree_rcu_mightsleep(), call_rcu() and
/// call_srcu() of an expression of type struct S * where struct S has a
/// struct kref member.  "Has a kref" is known from a struct definition in
/// the checked file or in a header of the same fs/<name>/ directory, or
/// from kref_init/get/put/...(&X->field) on a struct S *X in the file.
///
/// Not reported (the heuristics):
///  * frees inside a kref release function, i.e. any function defined as
///    taking a single struct kref * parameter, and inside functions that a
///    release function calls directly (one level only);
///  * frees inside a function passed to call_rcu()/call_srcu() in the same
///    file: the free was started by that call_rcu()/call_srcu(), and that
///    call is what gets checked;
///  * unpublished objects: the free is reached, in the same function, from
///    kref_init(&E->f) or from an assignment/initialisation of E by an
///    allocator-looking call (name containing alloc, new, create or dup),
///    with no kref_get() on any path in between.  Publication by other
///    means (list_add(), storing E in a global) is not tracked, so a free
///    after such a publication is missed.
/// Reported although fine: frees two or more calls below the release
/// function, frees in another file's helper, and the "if (kref_put(&x->ref,
/// noop_release)) free(x);" idiom where the caller frees after kref_put()
/// returned 1.  Not seen: objects whose kref sits in an embedded struct
/// (struct a { struct b b; } with the kref in b) and typedef'd types.
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: kref, kref_put, kfree, call_rcu, call_srcu, lifetime

virtual context
virtual report

@initialize:python@
@@

import glob
import os
import re

_kref_types = set()
_exempt_fn = set()
_unpub = set()
_text_cache = {}
_hdr_cache = {}
_hdr_kref = {}


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


def _struct_bodies(text):
    """Yield (name, body) of every struct definition in text."""
    match = {}
    stack = []
    for b in re.finditer(r"[{}]", text):
        if b.group() == "{":
            stack.append(b.start())
        elif stack:
            match[stack.pop()] = b.start()
    for m in re.finditer(r"\bstruct\s+(\w+)\s*\{", text):
        end = match.get(m.end() - 1)
        if end is not None:
            yield m.group(1), text[m.end():end]


def _header_kref_structs(path):
    names = set()
    for h in _headers(path):
        if h not in _hdr_kref:
            found = set()
            for name, body in _struct_bodies(_read(h)):
                if re.search(r"\bstruct\s+kref\s+\w+\s*;", body):
                    found.add("struct " + name)
            _hdr_kref[h] = found
        names |= _hdr_kref[h]
    return names


def has_kref(path, tname):
    t = re.sub(r"\b(const|volatile)\b", " ", tname)
    t = re.sub(r"\s+", " ", t).strip()
    return ((path, t) in _kref_types
            or t in _header_kref_structs(path))

// --- which struct types have a kref ---------------------------------

@kdef@
identifier S, f;
position p;
@@

struct S@p { ... struct kref f; ... };

@script:python@
S << kdef.S;
p << kdef.p;
@@

_kref_types.add((p[0].file, "struct " + S))

@kuse@
type T;
T *X;
identifier f;
identifier kfn = {kref_init, kref_get, kref_put, kref_put_mutex,
                  kref_put_lock, kref_get_unless_zero, kref_read};
position p;
@@

kfn@p(&X->f, ...)

@script:python@
T << kuse.T;
p << kuse.p;
@@

_kref_types.add((p[0].file, re.sub(r"\s+", " ", T).strip()))

// --- functions where freeing is the expected thing ------------------

@rel@
identifier rf, k;
type R;
position p;
@@

R rf@p(struct kref *k) { ... }

@script:python@
rf << rel.rf;
p << rel.p;
@@

_exempt_fn.add((p[0].file, rf))

@relcall@
identifier rel.rf, h;
position rel.p;
@@

rf@p(...) { <+... h(...) ...+> }

@script:python@
h << relcall.h;
p << rel.p;
@@

_exempt_fn.add((p[0].file, h))

@rcucb@
identifier cb;
expression E, S;
position p;
@@

(
call_rcu@p(E, cb)
|
call_srcu@p(S, E, cb)
)

@script:python@
cb << rcucb.cb;
p << rcucb.p;
@@

_exempt_fn.add((p[0].file, cb))

// --- the frees ------------------------------------------------------

// The enclosing function is p[0].current_element: matching
// fn(...) { <+... kfree(E) ...+> } instead is very slow on big functions.
@fr@
identifier fld;
type T;
T *E;
expression C, S;
position p;
@@

(
kfree@p(E)
|
kvfree@p(E)
|
kfree_sensitive@p(E)
|
kmem_cache_free@p(C, E)
|
kfree_rcu@p(E, ...)
|
kvfree_rcu@p(E, ...)
|
kfree_rcu_mightsleep@p(E)
|
call_rcu@p(&E->fld, ...)
|
call_srcu@p(S, &E->fld, ...)
)

// Keep only frees of kref'd types outside the exempt functions (this
// also keeps the expensive rules below from running on every kfree()).
@script:python kreffed@
T << fr.T;
p << fr.p;
@@

if ((p[0].file, p[0].current_element) in _exempt_fn
        or not has_kref(p[0].file, T)):
    cocci.include_match(False)

// Freed before anyone else could have taken a reference.
@unpub1 exists@
type fr.T;
T *fr.E;
identifier f;
identifier af =~ "(alloc|new|create|dup)";
identifier ff;
position fr.p, q;
@@

(
kref_init(&E->f);
|
E = af(...);
)
... when != kref_get(...)
ff@p@q(...)

@script:python@
q << unpub1.q;
@@

_unpub.add(_key(q[0]))

@unpub2 exists@
type fr.T;
identifier x;
identifier af =~ "(alloc|new|create|dup)";
identifier ff;
position fr.p, q;
@@

T *x = af(...);
... when != kref_get(...)
ff@p@q(..., <+... x ...+>, ...)

@script:python@
q << unpub2.q;
@@

_unpub.add(_key(q[0]))

@script:python keep@
p << fr.p;
@@

if _key(p[0]) in _unpub:
    cocci.include_match(False)

@depends on context@
identifier ff;
position fr.p;
@@

* ff@p(...)

@script:python depends on report@
T << fr.T;
E << fr.E;
p << fr.p;
@@

lines = _read(p[0].file).splitlines()
try:
    api = lines[int(p[0].line) - 1][int(p[0].column):int(p[0].column_end)]
except (IndexError, ValueError):
    api = "free"
coccilib.report.print_report(p[0],
    "WARNING: %s() of %s (%s has a struct kref) in %s(), which is not its kref release function: drop the reference with kref_put() and free it from the release callback" % (api, re.sub(r"\s+", "", E), T, p[0].current_element))
