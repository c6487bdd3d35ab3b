
from ui.refcount_guard import protect as _protect_singletons

_protect_singletons()  # before any Qt call: see ui/refcount_guard.py (PySide6 6.12.0 on Python 3.11)
