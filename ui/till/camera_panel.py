"""Camera scanning at the till: start/stop capture; decoded codes go through the scan path."""
from __future__ import annotations

from typing import Any

from ui.i18n import tr


def camera_worker_for(window: Any) -> Any:
    """The window's CameraWorker, made on first use; decoded text is handled like a wedge scan."""
    if getattr(window, "camera_worker", None) is None:
        from ui.camera.worker import CameraWorker

        worker = CameraWorker(parent=window)
        worker.decoded.connect(window.controller.scan)
        worker.failed.connect(lambda text: window.scan.show_message(tr("Camera: {error}").format(error=tr(text))))
        window.camera_worker = worker
    return window.camera_worker


def toggle_camera(window: Any) -> None:
    if window.camera is not None:
        window.camera.stop()
        window.camera = None
        window.scan.show_message(tr("Camera off."), kind="info")
        return
    from ui.camera.worker import CameraCapture

    capture = CameraCapture(camera_worker_for(window), parent=window)
    capture.failed.connect(lambda text: (window.scan.show_message(
        tr("No camera available ({error}). Use the scanner or type the code.").format(error=tr(text))),
        setattr(window, "camera", None)))
    window.camera = capture
    capture.start()
    window.scan.show_message(tr("Camera on: hold the code in front of it (F10 to stop)."), kind="info")
