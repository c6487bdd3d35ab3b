"""`card` commands: issue, replace, verify, decode, device-enrol, rotating.

The top-level CLI calls `register(subparsers)`; each sub-command sets `run(args) -> int`
(the exit code). Cards, members and enrolled phones live in the same SQLite store as every
other command (`--db`, default `cli.store.default_db()`); issuer keys in `<db>.keys/` (private
key created on first use, public keyring beside it); phone-code replays in the store (seen_phone_codes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

DEFAULT_SHOP = "Loyalty Café"


def register(subparsers: argparse._SubParsersAction) -> None:
    card = subparsers.add_parser("card", help="membership cards: issue, replace, verify, decode, phones",
                                 description="Membership cards: issue, replace, verify, decode, phone codes.")
    _one_line_errors(card)
    commands = card.add_subparsers(dest="card_command",
                                   metavar="{issue,replace,verify,decode,device-enrol,rotating}")
    commands.required = True

    issue = _add(commands, "issue", "issue a new card for a member and print its code", _issue)
    issue.add_argument("--member", required=True, type=_member_id, help="member id")
    issue.add_argument("--name", help="name to print on the card (default: the member's name in the store)")
    issue.add_argument("--shop", default=DEFAULT_SHOP, help="shop name printed on the card")
    issue.add_argument("--pdf", type=Path, help="write a CR80 card PDF here")
    issue.add_argument("--png", type=Path, help="write a phone-wallet PNG here")
    _db_and_time(issue)

    replace = _add(commands, "replace", "replace a lost card: new serial, the old card is refused", _replace)
    replace.add_argument("--member", required=True, type=_member_id)
    _db_and_time(replace)

    verify = _add(commands, "verify", "verify a scanned code as a till would; exit 0 if valid, 1 if not", _verify)
    verify.add_argument("payload", help="the scanned LY1: text")
    _db_and_time(verify)

    decode = _add(commands, "decode", "decode QR codes in images: one line per image, empty if none "
                  "(newlines, tabs and backslashes in a code written as \\n, \\t, \\\\)", _decode)
    decode.add_argument("images", nargs="+", type=Path)
    decode.add_argument("--json", action="store_true",
                        help='one JSON object per line: {"image": PATH, "code": TEXT or null}, plus "error" '
                             "for a file that is not an image")

    enrol = _add(commands, "device-enrol", "enrol a member's phone: certify a device key for the current card "
                 "and print the device secret for the phone", _device_enrol)
    enrol.add_argument("--member", required=True, type=_member_id)
    enrol.add_argument("--out", type=Path, help="write the device secret to this file (0600) instead of printing it")
    _db_and_time(enrol)

    rotating = _add(commands, "rotating", "print a phone's current code (30 s window)", _rotating)
    which = rotating.add_mutually_exclusive_group(required=True)
    which.add_argument("--member", type=_member_id,
                       help="use (or enrol) a stand-in phone for this member, kept in <db>.keys/devices.json")
    which.add_argument("--device", metavar="SECRET_OR_FILE", help="a device secret from device-enrol, or its file")
    rotating.add_argument("--renewal", type=_renewal, default=0,
                          help="the phone's \"New code\" count within this 30 s step (0-255, default 0)")
    _db_and_time(rotating)


def main(argv: list[str] | None = None) -> int:
    """Run `card ...` alone (tests, scripts); the real entry point is the top-level CLI."""
    parser = argparse.ArgumentParser(prog="pos")
    _one_line_errors(parser)
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


# --- commands -------------------------------------------------------------------------------

def _issue(args: argparse.Namespace) -> int:
    from pos_loyalty.cards.issuing import issue_card

    keys, store = _central(args)
    display = _known_member(store, args.member)
    issuer = _or_fail(keys.issuer)
    card = _or_fail(lambda: issue_card(store, issuer, member_id=args.member, at=_at(args)))
    _write_faces(args, display, card.to_text())
    print(card.to_text())
    return 0


def _replace(args: argparse.Namespace) -> int:
    from pos_loyalty.cards.issuing import replace_lost_card

    keys, store = _central(args)
    _known_member(store, args.member)
    old = store.active_serials(args.member)
    card = _or_fail(lambda: replace_lost_card(store, _or_fail(keys.issuer), member_id=args.member, at=_at(args)))
    if old:
        print(f"card {', '.join(map(str, old))} replaced by card {card.card_serial}", file=sys.stderr)
    print(card.to_text())
    return 0


def _verify(args: argparse.Namespace) -> int:
    from db.card_store import terminal_verifier

    keys, store = _central(args)
    verifier = _or_fail(lambda: terminal_verifier(store.engine, keys.path, lambda: _at(args)))
    verdict = verifier.verify(args.payload, at=_at(args))
    if verdict.ok:
        print(json.dumps({"member": verdict.member_id, "card_serial": verdict.card_serial,
                          "from_phone": verdict.from_phone, "reason": verdict.reason.value}, ensure_ascii=False))
        return 0
    print(json.dumps({"error": verdict.reason.value, "message": verdict.message}, ensure_ascii=False))
    return 1


def _decode(args: argparse.Namespace) -> int:
    import cv2

    from pos_loyalty.cards.reader import TillCodeReader

    missing = [str(p) for p in args.images if not p.is_file()]
    if missing:
        _fail(f"no such image: {', '.join(missing)}")
    reader = TillCodeReader()
    for path in args.images:
        frame = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        text = reader.read(frame) if frame is not None else None
        if args.json:
            line = {"image": str(path), "code": text}
            if frame is None:
                line["error"] = "not an image"
            print(json.dumps(line, ensure_ascii=False))
        else:
            print(one_line(text or ""))
    return 0


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """A decoded code on one line, reversibly: backslash, newline, CR and tab as \\\\ \\n \\r \\t,
    any other control character (and U+2028/2029, which some terminals break on) as \\xNN / \\uNNNN."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        elif char in "\u0085\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def _device_enrol(args: argparse.Namespace) -> int:
    keys, store = _central(args)
    _known_member(store, args.member)
    device = _enrol_phone(keys, store, args)
    certificate = device.certificate
    summary = {"member": certificate.member_id, "card_serial": certificate.card_serial,
               "device_key_id": certificate.device_key_id}
    if args.out is None:
        print(device.to_text())
        print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
        return 0
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(device.to_text() + "\n")
    except OSError as exc:
        _fail(f"cannot write {args.out}: {exc.strerror}", code=1)
    print(json.dumps({**summary, "secret": str(args.out)}, ensure_ascii=False))
    return 0


def _rotating(args: argparse.Namespace) -> int:
    from pos_loyalty.cards.devices import PhoneDevice

    if args.device is not None:
        source = Path(args.device)
        text = source.read_text(encoding="utf-8") if source.is_file() else args.device
        device = _or_fail(lambda: PhoneDevice.from_text(text))
        print(device.code(at=_at(args), renewal=args.renewal))
        return 0
    keys, store = _central(args)
    _known_member(store, args.member)
    device = _or_fail(lambda: keys.phone(args.member))
    registered = {c.device_key_id for c in store.device_certificates()}
    if (device is None or device.certificate.card_serial != store.active_serial(args.member)
            or device.certificate.device_key_id not in registered):
        device = _enrol_phone(keys, store, args)  # stands in for the member enrolling their phone
        keys.save_phone(args.member, device)
    print(device.code(at=_at(args), renewal=args.renewal))
    return 0


# --- helpers --------------------------------------------------------------------------------

def _central(args: argparse.Namespace):  # noqa: ANN202
    """The key directory and card store of `--db` (or the default store); the store must exist."""
    from cli.store import default_db
    from db.card_store import SqlCardStore
    from db.store import open_engine
    from pos_loyalty.cards.key_directory import KeyDirectory

    path = Path(args.db) if args.db else default_db()
    if not path.is_file():
        _fail(f"no database at {path}: run `python main.py init --db {path}` first")
    store = SqlCardStore(open_engine(path), clock=lambda: _at(args))
    return KeyDirectory.next_to(path), store


def _known_member(store, member_id: str):  # noqa: ANN001, ANN202
    """The member's display data, or one line and exit 2 when there is no such member."""
    from pos_loyalty.errors import NotFound

    try:
        return store.member_display(member_id)
    except NotFound as exc:
        _fail(str(exc))


def _enrol_phone(keys, store, args: argparse.Namespace):  # noqa: ANN001, ANN202
    from pos_loyalty.cards.devices import enrol_device
    from pos_loyalty.errors import NotFound

    issuer = _or_fail(keys.issuer)
    try:
        return enrol_device(store, store, issuer, member_id=args.member, at=_at(args))
    except NotFound as exc:
        _fail(str(exc), code=1)


def _write_faces(args: argparse.Namespace, display, code: str) -> None:  # noqa: ANN001
    from pos_loyalty.cards.printed_card import CardFace, card_pdf, wallet_png

    if not (args.pdf or args.png):
        return
    face = CardFace(shop_name=args.shop, member_name=args.name or display.name, member_number=display.number,
                    code=code)
    for path, render in ((args.pdf, card_pdf), (args.png, wallet_png)):
        if path is not None:
            try:
                path.write_bytes(render(face))
            except OSError as exc:
                _fail(f"cannot write {path}: {exc.strerror}", code=1)


def _at(args: argparse.Namespace) -> datetime:
    return args.at if args.at is not None else datetime.now(UTC)  # the clock is read here, at the edge


def _or_fail(action):
    try:
        return action()
    except (OSError, ValueError, KeyError) as exc:
        _fail(f"{type(exc).__name__}: {exc}", code=1)


def _fail(message: str, *, code: int = 2) -> NoReturn:
    print(f"card: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _db_and_time(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite store (default: the one in the user's data directory); keys in <db>.keys/")
    parser.add_argument("--at", type=_moment, default=None, metavar="ISO",
                        help="the time to act at, e.g. 2026-03-01T12:00:00+08:00 (default: now)")


def _add(commands: argparse._SubParsersAction, name: str, help_text: str, run) -> argparse.ArgumentParser:  # noqa: ANN001
    parser = commands.add_parser(name, help=help_text, description=help_text)
    _one_line_errors(parser)
    parser.set_defaults(run=run, func=run)  # `run` for main.py, `func` for older callers
    return parser


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Argument mistakes: one clear line on stderr and exit 2, not the usage block or a traceback."""
    def error(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {message} (see --help)\n")
    parser.error = error  # type: ignore[method-assign]


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO time: {text!r} (e.g. 2026-03-01T12:00:00+08:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _renewal(text: str) -> int:
    if not text.isdigit() or int(text) > 255:
        raise argparse.ArgumentTypeError(f"renewal must be a whole number 0-255, not {text!r}")
    return int(text)


def _member_id(text: str) -> str:
    from pos_loyalty.cards.payload import MAX_MEMBER_ID_BYTES

    if not text or len(text.encode("utf-8")) > MAX_MEMBER_ID_BYTES or text != text.strip():
        raise argparse.ArgumentTypeError(f"member id must be 1 to {MAX_MEMBER_ID_BYTES} bytes without spaces around it")
    return text
