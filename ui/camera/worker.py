"""CameraWorker: decodes frames off the GUI thread and reports each new code once, by signal.

Frames come from CameraCapture (OpenCV, its own thread) or straight from a test via `feed()`.
While one frame is being decoded the newest waiting frame replaces older ones: a slow decode
never queues up seconds of video, and the GUI thread only ever copies a reference.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Optional

from PySide6.QtCore import QObject, QThread, Signal

from ui.camera.decoder import FrameDecoder


class CameraWorker(QObject):
    decoded = Signal(str)       # a code seen (once per `repeat_after` seconds)
    failed = Signal(str)        # the camera could not be opened, etc.

    def __init__(self, decoder: Optional[Any] = None, *, repeat_after: float = 2.0,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.decoder = decoder
        self.repeat_after = repeat_after
        self._latest: Any = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = False
        self._last: tuple[str, float] = ("", 0.0)
        self.frames_decoded = 0
        self._ready = False
        self._thread = threading.Thread(target=self._loop, name="camera-decode", daemon=True)
        self._thread.start()

    def feed(self, frame: Any) -> None:
        """Hand over a frame (any thread). Returns at once."""
        with self._lock:
            self._latest = frame
        self._wake.set()

    def stop(self) -> None:
        self._stop = True
        self._wake.set()

    @property
    def ready(self) -> bool:
        return self._ready

    def _loop(self) -> None:
        if self.decoder is None:
            self.decoder = FrameDecoder()  # imports OpenCV/zxing here, not on the GUI thread
        self._ready = True
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                frame, self._latest = self._latest, None
            if frame is None or self._stop:
                continue
            try:
                text = self.decoder.read(frame)
            except Exception as error:  # noqa: BLE001 - a bad frame must not stop scanning
                self.failed.emit(str(error))
                continue
            self.frames_decoded += 1
            if text:
                now = time.monotonic()
                if text != self._last[0] or now - self._last[1] > self.repeat_after:
                    self._last = (text, now)
                    self.decoded.emit(text)  # queued to the GUI thread


class CameraCapture(QThread):
    """Reads frames from an OpenCV camera and feeds the worker; a failure is reported, not raised."""

    failed = Signal(str)
    frame_ready = Signal(object)  # for a preview; optional

    def __init__(self, worker: CameraWorker, device: int = 0, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.device = device
        self._running = True

    def stop(self) -> None:
        self._running = False
        self.wait(2000)

    def run(self) -> None:
        import cv2

        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            self.failed.emit("no camera")
            return
        try:
            while self._running:
                ok, frame = capture.read()
                if not ok:
                    self.failed.emit("camera stopped")
                    return
                self.worker.feed(frame)
                self.frame_ready.emit(frame)
        finally:
            capture.release()
