"""`card` commands: issue, replace, verify, decode, rotating.

The top-level CLI calls `register(subparsers)`; each sub-command sets `func(args) -> int`
(the exit code). Keys live in `<db>.keys/` (issuer private key, created on first use, and
the public keyring); card records in `<db>.cards.json` until db/ provides a CardStore;
phone-code replays are remembered in `<db>.seen.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

DEFAULT_DB = Path("var/demo.sqlite")
DEFAULT_SHOP = "Loyalty Café"


def register(subparsers: argparse._SubParsersAction) -> None:
    card = subparsers.add_parser("card", help="membership cards: issue, replace, verify, decode, rotating codes",
                                 description="Membership cards: issue, replace, verify, decode, rotating codes.")
    _one_line_errors(card)
    commands = card.add_subparsers(dest="card_command", metavar="{issue,replace,verify,decode,rotating}")
    commands.required = True

    issue = _add(commands, "issue", "issue a new card for a member and print its code")
    issue.add_argument("--member", required=True, type=_member_id, help="member id")
    issue.add_argument("--name", help="member name to print on the card (stored for later cards)")
    issue.add_argument("--shop", default=DEFAULT_SHOP, help="shop name printed on the card")
    issue.add_argument("--pdf", type=Path, help="write a CR80 card PDF here")
    issue.add_argument("--png", type=Path, help="write a phone-wallet PNG here")
    _db_and_time(issue)
    issue.set_defaults(func=_issue)

    replace = _add(commands, "replace", "replace a lost card: new serial, the old card is refused")
    replace.add_argument("--member", required=True, type=_member_id)
    _db_and_time(replace)
    replace.set_defaults(func=_replace)

    verify = _add(commands, "verify", "verify a scanned code; exit 0 if valid, 1 if not")
    verify.add_argument("payload", help="the scanned LY1: text")
    _db_and_time(verify)
    verify.set_defaults(func=_verify)

    decode = _add(commands, "decode", "decode QR codes in images: one line per image, empty if none")
    decode.add_argument("images", nargs="+", type=Path)
    decode.set_defaults(func=_decode)

    rotating = _add(commands, "rotating", "print the member's current phone code (30 s window)")
    rotating.add_argument("--member", required=True, type=_member_id)
    _db_and_time(rotating)
    rotating.set_defaults(func=_rotating)


def main(argv: list[str] | None = None) -> int:
    """Run `card ...` alone (tests, scripts); the real entry point is the top-level CLI."""
    parser = argparse.ArgumentParser(prog="pos")
    _one_line_errors(parser)
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


# --- commands -------------------------------------------------------------------------------

def _issue(args: argparse.Namespace) -> int:
    from pos_loyalty.cards.issuing import issue_card

    keys, store = _central(args.db)
    if args.name:
        store.set_name(args.member, args.name)
    issuer = _or_fail(keys.issuer)
    card = _or_fail(lambda: issue_card(store, issuer, member_id=args.member, at=_at(args)))
    _write_faces(args, store, card.to_text())
    print(card.to_text())
    return 0


def _replace(args: argparse.Namespace) -> int:
    from pos_loyalty.cards.issuing import replace_lost_card

    keys, store = _central(args.db)
    old = store.active_serial(args.member)
    card = _or_fail(lambda: replace_lost_card(store, _or_fail(keys.issuer), member_id=args.member, at=_at(args)))
    if old is not None:
        print(f"card {old} replaced by card {card.card_serial}", file=sys.stderr)
    print(card.to_text())
    return 0


def _verify(args: argparse.Namespace) -> int:
    from pos_loyalty.cards.revocation import RevokedSerials
    from pos_loyalty.cards.seen_codes import JsonSeenCodes
    from pos_loyalty.cards.verifier import CardVerifier

    keys, store = _central(args.db)
    verifier = CardVerifier(_or_fail(keys.keyring), revoked=RevokedSerials(store.revoked_serials()),
                            seen_codes=JsonSeenCodes(_beside(args.db, ".seen.json")))
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
        print(text or "")
    return 0


def _rotating(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pos_loyalty.cards.phone_code import rotating_code

    keys, store = _central(args.db)
    serial = store.active_serial(args.member)
    if serial is None:
        _fail(f"member {args.member} has no card yet; run `card issue --member {args.member}` first", code=1)
    phone = _or_fail(lambda: keys.phone(args.member))
    if phone is None or phone[0].card_serial != serial:
        device_key = Ed25519PrivateKey.generate()  # stands in for the key made on the member's phone
        credential = _or_fail(keys.issuer).certify_device(member_id=args.member, card_serial=serial,
                                                          device_public_key=device_key.public_key())
        keys.save_phone(args.member, credential, device_key)
        phone = (credential, device_key)
    print(rotating_code(phone[0], phone[1], at=_at(args)))
    return 0


# --- helpers --------------------------------------------------------------------------------

def _central(db: Path):
    from pos_loyalty.cards.card_store import JsonCardStore
    from pos_loyalty.cards.key_directory import KeyDirectory

    store = _or_fail(lambda: JsonCardStore(_beside(db, ".cards.json")))
    return KeyDirectory.next_to(db), store


def _write_faces(args: argparse.Namespace, store, code: str) -> None:
    from pos_loyalty.cards.printed_card import CardFace, card_pdf, wallet_png

    if not (args.pdf or args.png):
        return
    display = store.member_display(args.member)
    face = CardFace(shop_name=args.shop, member_name=display.name, member_number=display.number, code=code)
    for path, render in ((args.pdf, card_pdf), (args.png, wallet_png)):
        if path is not None:
            try:
                path.write_bytes(render(face))
            except OSError as exc:
                _fail(f"cannot write {path}: {exc.strerror}", code=1)


def _at(args: argparse.Namespace) -> datetime:
    return args.at if args.at is not None else datetime.now(UTC)  # the clock is read here, at the edge


def _beside(db: Path, suffix: str) -> Path:
    return db.with_name(db.name + suffix)


def _or_fail(action):
    try:
        return action()
    except (OSError, ValueError, KeyError) as exc:
        _fail(f"{type(exc).__name__}: {exc}", code=1)


def _fail(message: str, *, code: int = 2) -> NoReturn:
    print(f"card: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _db_and_time(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"store path (default {DEFAULT_DB}); keys in <db>.keys/")
    parser.add_argument("--at", type=_moment, default=None, metavar="ISO",
                        help="the time to act at, e.g. 2026-03-01T12:00:00+08:00 (default: now)")


def _add(commands: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    _one_line_errors(parser)
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


def _member_id(text: str) -> str:
    from pos_loyalty.cards.payload import MAX_MEMBER_ID_BYTES

    if not text or len(text.encode("utf-8")) > MAX_MEMBER_ID_BYTES or text != text.strip():
        raise argparse.ArgumentTypeError(f"member id must be 1 to {MAX_MEMBER_ID_BYTES} bytes without spaces around it")
    return text
