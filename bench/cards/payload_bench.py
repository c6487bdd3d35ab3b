"""Membership code payloads: signing and verifying per second, code length and QR size.

    python -m bench.cards.payload_bench [--seconds 1.0] [--no-write]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.cards.report import write_section
from pos_loyalty.cards.base45 import b45decode
from pos_loyalty.cards.devices import RegisteredDevices
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import MAX_CARD_SERIAL, MAX_DEVICE_KEY_ID, MAX_MEMBER_ID_BYTES, PREFIX
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.cards.seen_codes import InMemorySeenCodes
from pos_loyalty.cards.symbols import qr_modules, qr_version
from pos_loyalty.cards.verifier import CardVerifier

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cards.payload_bench")
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent on each rate")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    issuer = CardIssuer({KeyId(1): Ed25519PrivateKey.from_private_bytes(b"\x01" * 32)}, current_key_id=KeyId(1))
    device = Ed25519PrivateKey.from_private_bytes(b"\x02" * 32)
    card = issuer.issue_card(member_id=MemberId("1042"), card_serial=CardSerial(7), at=AT).to_text()
    credential = issuer.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7), device_key_id=12,
                                       device_public_key=device.public_key())
    devices = RegisteredDevices([credential], keyring=issuer.keyring())
    verifier = CardVerifier(issuer.keyring(), seen_codes=InMemorySeenCodes(), devices=devices)
    phone = rotating_code(credential, device, at=AT)
    big_issuer = CardIssuer({KeyId(16383): Ed25519PrivateKey.from_private_bytes(b"\x03" * 32)},
                            current_key_id=KeyId(16383))
    largest_phone = rotating_code(big_issuer.certify_device(
        member_id=MemberId("x" * MAX_MEMBER_ID_BYTES), card_serial=CardSerial(MAX_CARD_SERIAL),
        device_key_id=MAX_DEVICE_KEY_ID, device_public_key=device.public_key()), device, at=AT)
    many = [issuer.certify_device(member_id=MemberId(str(n)), card_serial=CardSerial(n), device_key_id=n,
                                  device_public_key=device.public_key()) for n in range(1, 1001)]
    largest = CardIssuer({KeyId(16383): Ed25519PrivateKey.from_private_bytes(b"\x03" * 32)},
                         current_key_id=KeyId(16383)).issue_card(
        member_id=MemberId("x" * MAX_MEMBER_ID_BYTES), card_serial=CardSerial(MAX_CARD_SERIAL), at=AT).to_text()

    steps = iter(range(10**9))
    rates = {
        "issue a card (sign)": _rate(lambda: issuer.issue_card(member_id=MemberId("1042"), card_serial=CardSerial(7), at=AT),
                                     args.seconds),
        "verify a card": _rate(lambda: verifier.verify(card, at=AT), args.seconds),
        "refuse a malformed scan": _rate(lambda: verifier.verify("LY1:NOT*A*CODE", at=AT), args.seconds),
        "make a phone code (sign)": _rate(lambda: rotating_code(credential, device, at=AT), args.seconds),
        "check a phone certificate as a till loads it (1,000 per load)": _rate(
            lambda: RegisteredDevices(many, keyring=issuer.keyring()), args.seconds) * 1000,
        "verify a phone code (1 signature + replay store)": _rate(
            lambda: CardVerifier(issuer.keyring(), devices=devices).verify(
                rotating_code(credential, device, at=AT + timedelta(seconds=30 * next(steps))),
                at=AT + timedelta(seconds=30 * next(steps))), args.seconds),
    }
    lines = ["| operation | per second |", "|---|---|"]
    lines += [f"| {name} | {rate:,.0f} |" for name, rate in rates.items()]
    lines += ["", "| code | binary bytes | text chars | QR version (ECC M) | modules |", "|---|---|---|---|---|"]
    for name, text in (("printed card, member 1042", card), ("printed card, largest allowed ids", largest),
                       ("phone code, member 1042", phone), ("phone code, largest allowed ids", largest_phone)):
        size = len(b45decode(text[len(PREFIX):], max_bytes=400))
        lines.append(f"| {name} | {size} | {len(text)} | {qr_version(text)} | {qr_modules(text).shape[0]} |")
    table = ("Command: `python -m bench.cards.payload_bench` (the phone-code verify rate includes making the code).\n\n"
             + "\n".join(lines))
    print(table)
    if not args.no_write:
        write_section("payload-bench", table)
        print("table written to docs/cards.md")
    return 0


def _rate(action, seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            action()
        count += 20
    return count / elapsed


if __name__ == "__main__":
    raise SystemExit(main())
