"""Fuzz the card verifier: whatever the scanner sends, a verdict, never an exception.

    python -m bench.cards.fuzz_verify [--runs 100000]

Uses atheris (coverage-guided, libFuzzer) when it is installed, otherwise a seeded random
loop over mutated real codes and arbitrary text. Exit 1 on the first input that crashes or
that reaches the verifier's last-resort catch (reason internal_error).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_loyalty.cards.base45 import ALPHABET, b45decode, b45encode
from pos_loyalty.cards.devices import RegisteredDevices
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import PREFIX
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.cards.verifier import CardVerifier

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)
ISSUER = CardIssuer({KeyId(1): Ed25519PrivateKey.from_private_bytes(b"\x01" * 32)}, current_key_id=KeyId(1))
DEVICE = Ed25519PrivateKey.from_private_bytes(b"\x02" * 32)
CERTIFICATE = ISSUER.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7), device_key_id=1,
                                    device_public_key=DEVICE.public_key())
VERIFIER = CardVerifier(ISSUER.keyring(), devices=RegisteredDevices([CERTIFICATE], keyring=ISSUER.keyring()))


class Crash(AssertionError):
    pass


def check(text: str) -> None:
    verdict = VERIFIER.verify(text, at=AT)
    if verdict.reason == Reason.INTERNAL_ERROR:
        raise Crash(f"verifier fell through to internal_error on {text!r}")


def seeds() -> list[bytes]:
    card = ISSUER.issue_card(member_id=MemberId("1042"), card_serial=CardSerial(7), at=AT).to_text()
    phone = rotating_code(CERTIFICATE, DEVICE, at=AT)
    return [b45decode(card[4:], max_bytes=400), b45decode(phone[4:], max_bytes=400)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cards.fuzz_verify")
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--plain", action="store_true", help="skip atheris even if installed")
    args = parser.parse_args(argv)
    try:
        import atheris
    except ImportError:
        atheris = None
    if atheris is not None and not args.plain:
        return _with_atheris(atheris, args.runs)
    return _seeded_loop(args.runs)


def _with_atheris(atheris, runs: int) -> int:
    corpus = seeds()

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        mode = fdp.ConsumeIntInRange(0, 2)
        if mode == 0:  # the binary inside a well-formed text: reaches the parser and signatures
            seed = corpus[fdp.ConsumeIntInRange(0, len(corpus) - 1)]
            raw = bytearray(seed)
            for _ in range(fdp.ConsumeIntInRange(1, 4)):
                if raw:
                    raw[fdp.ConsumeIntInRange(0, len(raw) - 1)] = fdp.ConsumeInt(1) & 0xFF
            check(PREFIX + b45encode(bytes(raw) + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 4))))
        elif mode == 1:
            check(PREFIX + b45encode(fdp.ConsumeBytes(fdp.remaining_bytes())))
        else:
            check(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()))

    atheris.instrument_all()
    print(f"atheris {getattr(atheris, '__version__', '')}: {runs} runs", flush=True)
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_len=400"], one_input)
    atheris.Fuzz()  # exits the process; non-zero on a crash
    return 0


def _seeded_loop(runs: int) -> int:
    rng = random.Random(20260301)
    corpus = seeds()
    for i in range(runs):
        if i % 3 == 0:
            raw = bytearray(rng.choice(corpus))
            for _ in range(rng.randint(1, 4)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            text = PREFIX + b45encode(bytes(raw))
        elif i % 3 == 1:
            text = PREFIX + b45encode(rng.randbytes(rng.randrange(300)))
        else:
            text = "".join(rng.choice(ALPHABET + "lyé\x00") for _ in range(rng.randrange(450)))
        check(text)
    print(f"{runs} seeded inputs, 0 crashes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
