"""Camera decoding: the synthetic hard set (each peer alone, their union, the project's reader),
then real photographs in webcam-sized frames (zxing-cpp against the project's reader).

    python -m bench.cards.decode_bench [--codes 600] [--empty 100] [--photos DIR] [--no-write]

Readers run interleaved frame by frame (rotating order), so load from other processes lands
on all of them alike. Success = the exact LY1 text (for photos: the text in zxing's .txt file);
any other text is a false read. The photos are not in the repository (bench/cards/photo_frames.py
says where to get them); without them that part is skipped with one line.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from bench.cards import photo_frames
from bench.cards.hard_frames import CONDITIONS, DEFAULT_SEED, hard_frames
from bench.cards.peers import ZxingQr, available_peers
from bench.cards.report import write_section
from bench.stats import percentile
from pos_loyalty.cards.reader import TillCodeReader

PROJECT = "project TillCodeReader"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cards.decode_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=600)
    parser.add_argument("--empty", type=int, default=100)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--photos", type=Path, default=photo_frames.DEFAULT_PHOTOS,
                        help="folder with zxing's blackbox qrcode-N/ photos (default: %(default)s)")
    parser.add_argument("--photo-limit", type=int, default=0, help="use only the first N photos (0: all)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/cards.md alone")
    args = parser.parse_args(argv)
    _synthetic(args)
    _photos(args)
    return 0


def _synthetic(args: argparse.Namespace) -> None:

    started = time.perf_counter()
    frames = list(hard_frames(seed=args.seed, codes=args.codes, empty=args.empty))
    generated = time.perf_counter() - started
    peers, notes = available_peers()
    for note in notes:
        print(note)
    readers = [*peers, _Named(PROJECT, TillCodeReader())]
    for reader in readers:  # warm up (lazy init, caches)
        reader.read(frames[0].image)

    hits: dict[str, list[bool]] = defaultdict(list)
    false_reads: dict[str, int] = defaultdict(int)
    code_ms: dict[str, list[float]] = defaultdict(list)
    empty_ms: dict[str, list[float]] = defaultdict(list)
    for index, frame in enumerate(frames):
        order = readers[index % len(readers):] + readers[:index % len(readers)]
        for reader in order:
            t0 = time.perf_counter()
            text = reader.read(frame.image)
            elapsed = (time.perf_counter() - t0) * 1000
            if frame.expected is None:
                empty_ms[reader.name].append(elapsed)
                false_reads[reader.name] += text is not None
            else:
                code_ms[reader.name].append(elapsed)
                hits[reader.name].append(text == frame.expected)
                false_reads[reader.name] += text is not None and text != frame.expected
    code_frames = [f for f in frames if f.expected is not None]
    peer_names = [p.name for p in peers]
    union = np.any([hits[n] for n in peer_names], axis=0)
    hits["union of peers"] = list(union)
    false_reads["union of peers"] = sum(false_reads[n] for n in peer_names)
    for n in peer_names:
        code_ms["union of peers"] = list(np.sum([code_ms[n] for n in peer_names], axis=0))
        empty_ms["union of peers"] = list(np.sum([empty_ms[n] for n in peer_names], axis=0))
    hits["project + peers"] = list(union | np.array(hits[PROJECT]))
    elapsed = time.perf_counter() - started

    table = _table([*peer_names, "union of peers", PROJECT, "project + peers"], hits, false_reads, code_ms, empty_ms,
                   code_frames)
    header = (f"Decoding {len(code_frames)} code frames + {len(frames) - len(code_frames)} empty frames "
              f"(640x480, seed {args.seed}); {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} at the end; opencv {cv2.__version__}. "
              f"Frames generated in {generated:.0f} s, whole run {elapsed:.0f} s.\n"
              "Command: `python -m bench.cards.decode_bench`\n")
    notes_text = "".join(f"\n{note}\n" for note in notes)
    print(header + "\n" + table + notes_text)
    if not args.no_write:
        write_section("decode-bench", header + "\n" + table + notes_text)
        print("table written to docs/cards.md")


def _photos(args: argparse.Namespace) -> None:
    photos = photo_frames.load_photos(args.photos)
    if args.photo_limit:
        photos = photos[:args.photo_limit]
    if not photos:
        print(photo_frames.MISSING.format(where=args.photos))
        return
    started = time.perf_counter()
    readers = [ZxingQr(), _Named(PROJECT, TillCodeReader())]
    rows = []
    for width, height in photo_frames.WEBCAM_SIZES:
        reads: dict[str, int] = defaultdict(int)
        false_reads: dict[str, int] = defaultdict(int)
        ms: dict[str, list[float]] = defaultdict(list)
        for index, (photo, frame) in enumerate(photo_frames.frames(photos, width, height)):
            for reader in readers[index % 2:] + readers[:index % 2]:
                t0 = time.perf_counter()
                text = reader.read(frame)
                ms[reader.name].append((time.perf_counter() - t0) * 1000)
                ok = photo_frames.same_text(text, photo.expected)
                reads[reader.name] += ok
                false_reads[reader.name] += text is not None and not ok
        zx, ours = readers[0].name, PROJECT
        rows.append(f"| {width}x{height} | {len(photos)} | {reads[zx]} | {reads[ours]} | "
                    f"{statistics.mean(ms[zx]):.2f} | {statistics.mean(ms[ours]):.2f} | "
                    f"{statistics.mean(ms[ours]) / statistics.mean(ms[zx]):.2f}x | "
                    f"{statistics.median(ms[zx]):.2f} | {statistics.median(ms[ours]):.2f} | "
                    f"{percentile(ms[zx], 95):.1f} | {percentile(ms[ours], 95):.1f} | "
                    f"{max(ms[zx]):.0f} | {max(ms[ours]):.0f} | {false_reads[zx]} | {false_reads[ours]} |")
    elapsed = time.perf_counter() - started
    header = (f"{len(photos)} real photographs (zxing's blackbox qrcode-1..6), each enlarged into a webcam frame; "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} at the end; zxing-cpp {_zxing_version()}. Whole run {elapsed:.0f} s.\n"
              "Command: `python -m bench.cards.decode_bench` (photos from bench/cards/photo_frames.py)\n")
    table = "\n".join([
        "| frame | photos | zxing-cpp read | project read | zxing-cpp mean ms | project mean ms | project/zxing "
        "| zxing-cpp median ms | project median ms | zxing-cpp p95 ms | project p95 ms | zxing-cpp max ms "
        "| project max ms | zxing-cpp false reads | project false reads |",
        "|---" * 15 + "|", *rows])
    print("\n" + header + "\n" + table)
    if not args.no_write:
        write_section("decode-photos", header + "\n" + table)
        print("photo table written to docs/cards.md")


def _zxing_version() -> str:
    from importlib.metadata import version

    return version("zxing-cpp")


class _Named:
    def __init__(self, name: str, reader: object) -> None:
        self.name = name
        self._reader = reader

    def read(self, frame: np.ndarray) -> str | None:
        return self._reader.read(frame)


def _table(names, hits, false_reads, code_ms, empty_ms, code_frames) -> str:
    conditions = [c for c in CONDITIONS if any(f.condition == c for f in code_frames)]
    short = {c: c.replace("_", " ") for c in conditions}
    lines = ["| reader | read | false reads | median ms | p95 ms | mean ms | empty median ms | empty mean ms | "
             + " | ".join(short[c] for c in conditions) + " |",
             "|---" * (8 + len(conditions)) + "|"]
    for name in names:
        h = np.array(hits[name])
        per = [f"{int(h[[f.condition == c for f in code_frames]].sum())}" for c in conditions]
        timing = ["", "", "", "", ""]
        if name != "project + peers":
            cm, em = code_ms[name], empty_ms[name]
            timing = [f"{statistics.median(cm):.2f}", f"{np.percentile(cm, 95):.2f}", f"{statistics.mean(cm):.2f}",
                      f"{statistics.median(em):.2f}" if em else "", f"{statistics.mean(em):.2f}" if em else ""]
            if name == "union of peers":
                timing = [f"({t} summed)" if t else "" for t in timing]
        false = str(false_reads[name]) if name != "project + peers" else ""
        lines.append(f"| {name} | {h.mean() * 100:.1f}% ({int(h.sum())}/{len(h)}) | {false} | " + " | ".join(timing)
                     + " | " + " | ".join(per) + " |")
    counts = {c: sum(f.condition == c for f in code_frames) for c in conditions}
    lines.append("\nPer-condition columns count frames read out of " +
                 ", ".join(f"{short[c]} {counts[c]}" for c in conditions) + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
