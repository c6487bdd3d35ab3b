"""Work around a PySide6 6.12.0 refcount bug on Python 3.11 (checked: every call of a void
method, `processEvents()` included, drops one reference to None; `Signal.emit` drops one to
True/False). Python 3.12+ makes these singletons immortal, which hides the bug there; on 3.11 the
interpreter aborts with "none_dealloc" after some tens of thousands of Qt calls.

`protect()` does what 3.12 does: it gives None, True and False a reference count so large that
no run of the till can exhaust it. It only adds references, touches nothing else, and is a no-op
on Python >= 3.12. Remove it when the pinned PySide6 is fixed (see tests/ui/test_refcount_guard.py).
"""
from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # ~1e12 leaked references: centuries of calls
_done = False


def protect() -> None:
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (a Py_ssize_t).
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += HEADROOM
    _done = True
