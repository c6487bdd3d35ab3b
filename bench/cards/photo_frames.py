"""Real photographs of QR codes (zxing's blackbox sets) placed in webcam-sized frames.

The photos are zxing's test data (Apache-2.0, https://github.com/zxing/zxing,
core/src/test/resources/blackbox/qrcode-1 ... qrcode-6): phone-camera shots of printed and
on-screen codes, with each code's text beside it in a .txt file. They are not part of this
repository; put them in `bench/out/zxing-photos/zxing-java/qrcode-N/` (bench/out is the shared
bench cache) or name another folder with `--photos`:

    git clone --depth 1 https://github.com/zxing/zxing /tmp/zxing
    mkdir -p bench/out/zxing-photos/zxing-java
    cp -r /tmp/zxing/core/src/test/resources/blackbox/qrcode-* bench/out/zxing-photos/zxing-java/

Each photo is scaled to fit a frame of the webcam size (enlarged: most photos are smaller than
640x480) and centred on its own median grey, the way a code fills part of a camera's view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

DEFAULT_PHOTOS = Path(__file__).resolve().parents[1] / "out" / "zxing-photos" / "zxing-java"
WEBCAM_SIZES = ((640, 480), (1280, 720), (1920, 1080))
MISSING = ("real-photo frames skipped: no zxing blackbox photos in {where} "
           "(see bench/cards/photo_frames.py for where to get them)")


@dataclass(frozen=True)
class Photo:
    name: str  # e.g. qrcode-3/12
    gray: np.ndarray
    expected: str


def load_photos(folder: Path = DEFAULT_PHOTOS) -> list[Photo]:
    """Every qrcode-*/N.png with its N.txt; empty if the folder is not there."""
    photos = []
    for image in sorted(Path(folder).glob("qrcode-*/*.png")):
        text = image.with_suffix(".txt")
        gray = cv2.imread(str(image), cv2.IMREAD_GRAYSCALE)
        if gray is None or not text.is_file():
            continue
        photos.append(Photo(f"{image.parent.name}/{image.stem}", gray, text.read_text(encoding="utf-8")))
    return photos


def in_frame(gray: np.ndarray, width: int, height: int) -> np.ndarray:
    """The photo scaled to fit width x height (aspect kept), centred on its median grey."""
    h, w = gray.shape
    scale = min(width / w, height / h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    scaled = cv2.resize(gray, size, interpolation=cv2.INTER_LINEAR if scale > 1 else cv2.INTER_AREA)
    frame = np.full((height, width), int(np.median(gray)), np.uint8)
    y, x = (height - size[1]) // 2, (width - size[0]) // 2
    frame[y:y + size[1], x:x + size[0]] = scaled
    return frame


def frames(photos: list[Photo], width: int, height: int) -> Iterator[tuple[Photo, np.ndarray]]:
    for photo in photos:
        yield photo, in_frame(photo.gray, width, height)


_CONTROL_NAMES = {"<SOH>": "\x01", "<DLE>": "\x10", "<GS>": "\x1d", "<RS>": "\x1e", "<EOT>": "\x04"}


def same_text(read: str | None, expected: str) -> bool:
    """zxing's .txt files were saved on different systems: compare line ends and trailing blanks
    loosely, and zxing-cpp's names for control characters (<SOH>) as the characters."""
    return read is not None and _normal(read) == _normal(expected)


def _normal(text: str) -> str:
    for name, char in _CONTROL_NAMES.items():
        text = text.replace(name, char)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t]+\n", "\n", text).strip()
