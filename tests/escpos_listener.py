"""A receipt printer for tests: a real TCP listener on loopback, and a reader of what it was sent.

`EscPosListener` accepts print jobs on 127.0.0.1 (port 0: a free one) and keeps each job's bytes;
`read_job()` decodes an ESC/POS stream into what a printed slip shows: text lines (Big5 in
Kanji mode decoded), QR payloads, drawer kicks, cuts and images.
"""
from __future__ import annotations

import queue
import socket
import threading
from dataclasses import dataclass, field


class EscPosListener:
    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"tcp://127.0.0.1:{self.port}"
        self.jobs: list[bytes] = []
        self._arrived: queue.Queue[bytes] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                data = bytearray()
                while chunk := conn.recv(65536):
                    data += chunk
            self.jobs.append(bytes(data))
            self._arrived.put(bytes(data))

    def wait_job(self, timeout: float = 10.0) -> bytes:
        """The next job that arrives (each job is handed out once)."""
        try:
            return self._arrived.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("the printer received nothing") from None

    def close(self) -> None:
        self.server.close()
        self._thread.join(timeout=5)


@dataclass
class PrintedJob:
    lines: list[str] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)
    drawer_kicks: list[tuple[int, int, int]] = field(default_factory=list)  # (pin, on, off)
    cuts: int = 0
    images: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_job(data: bytes) -> PrintedJob:
    """Decode the ESC/POS commands python-escpos writes; unknown commands fail the test loudly."""
    job = PrintedJob()
    line = bytearray()
    kanji = False
    i = 0

    def flush_text() -> None:
        job.lines.append(_decode(bytes(line)))
        line.clear()

    while i < len(data):
        b = data[i]
        if data.startswith(b"\x1c&", i):
            kanji, i = True, i + 2
        elif data.startswith(b"\x1c.", i):
            kanji, i = False, i + 2
        elif kanji:
            line.extend(data[i:i + 2] if b > 0x80 else data[i:i + 1])
            i += 2 if b > 0x80 else 1
        elif b == 0x0A:
            flush_text()
            i += 1
        elif b == 0x1B:  # ESC
            cmd = data[i + 1]
            if cmd == ord("@"):
                i += 2
            elif cmd == ord("p"):
                job.drawer_kicks.append((data[i + 2], data[i + 3], data[i + 4]))
                i += 5
            elif cmd in b"!EaMd-t{G":
                i += 3
            else:
                raise AssertionError(f"unknown ESC {chr(cmd)!r} at {i}")
        elif b == 0x1D:  # GS
            cmd = data[i + 1]
            if cmd == ord("V"):
                job.cuts += 1
                i += 3 if data[i + 2] in (0, 1, 48, 49) else 4
            elif cmd == ord("("):  # GS ( k pL pH cn fn ...
                length = data[i + 3] + 256 * data[i + 4]
                body = data[i + 5:i + 5 + length]
                if data[i + 2] == ord("k") and body[:2] == b"1P":
                    job.qr.append(body[3:].decode("utf-8"))
                i += 5 + length
            elif cmd == ord("v"):  # GS v 0 m xL xH yL yH data: a raster image
                width = data[i + 4] + 256 * data[i + 5]
                height = data[i + 6] + 256 * data[i + 7]
                job.images += 1
                i += 8 + width * height
            elif cmd == ord("!") or cmd == ord("B"):
                i += 3
            else:
                raise AssertionError(f"unknown GS {chr(cmd)!r} at {i}")
        else:
            line.append(b)
            i += 1
    if line:
        flush_text()
    return job


def _decode(raw: bytes) -> str:
    out, i = [], 0
    while i < len(raw):
        if raw[i] > 0x80 and i + 1 < len(raw):
            out.append(raw[i:i + 2].decode("big5", "replace"))
            i += 2
        else:
            out.append(chr(raw[i]))
            i += 1
    return "".join(out)
