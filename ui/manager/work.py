"""Background work for a console screen that may close before the work is done.

The relay of ui/worker.Operation is not parented to the screen (a closed window would take the
relay with it while a worker thread still has to report), and the callbacks are skipped once
the screen's widget is gone."""
from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtWidgets import QWidget

from ui.worker import Operation


def _while_alive(widget: QWidget, callback: Callable[..., None]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            callback(*args)
    return call


class ScreenOperation(Operation):
    """`ScreenOperation(widget, fn).success(cb).run()`: like Operation, tied to `widget`'s life."""

    def __init__(self, widget: QWidget, fn: Callable[[], Any]) -> None:
        super().__init__(fn)
        self.widget = widget

    def success(self, callback: Callable[[Any], None]) -> "ScreenOperation":
        return super().success(_while_alive(self.widget, callback))  # type: ignore[return-value]

    def failure(self, callback: Callable[[BaseException], None]) -> "ScreenOperation":
        return super().failure(_while_alive(self.widget, callback))  # type: ignore[return-value]

    def finally_(self, callback: Callable[[], None]) -> "ScreenOperation":
        return super().finally_(_while_alive(self.widget, callback))  # type: ignore[return-value]
