"""The terminal's check of a scanned membership code, fully offline."""

from __future__ import annotations

from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pos_loyalty.cards.clock import ALLOWED_SKEW_STEPS, STEP_SECONDS, time_step, unix_seconds
from pos_loyalty.cards.devices import RegisteredDevices
from pos_loyalty.cards.keyring import Keyring
from pos_loyalty.cards.payload import CardPayload, PayloadError, PhonePayload, parse_code
from pos_loyalty.cards.revocation import RevocationList, RevokedSerials
from pos_loyalty.cards.seen_codes import InMemorySeenCodes, SeenCodes
from pos_loyalty.cards.verdict import Reason, Verdict


class CardVerifier:
    """Checks printed-card and phone codes against the issuer keyring, the registered phones,
    revocations and replays.

    `verify` never raises: whatever the scanner hands over, the answer is a Verdict.
    """

    def __init__(self, keyring: Keyring, *, revoked: RevocationList | None = None,
                 seen_codes: SeenCodes | None = None, devices: RegisteredDevices | None = None) -> None:
        self.keyring = keyring
        self.revoked: RevocationList = revoked if revoked is not None else RevokedSerials()
        self.seen_codes: SeenCodes = seen_codes if seen_codes is not None else InMemorySeenCodes()
        self.devices = devices if devices is not None else RegisteredDevices()

    def verify(self, text: object, *, at: datetime) -> Verdict:
        try:
            return self._verify(text, at)
        except Exception:  # noqa: BLE001 - a scan must never crash the till; fuzz tests assert this stays unused
            return Verdict.refused(Reason.INTERNAL_ERROR)

    def _verify(self, text: object, at: datetime) -> Verdict:
        try:
            payload = parse_code(text)
        except PayloadError as exc:
            return Verdict.refused(exc.reason)
        if isinstance(payload, CardPayload):
            return self._verify_card(payload)
        return self._verify_phone(payload, at)

    def _verify_card(self, card: CardPayload) -> Verdict:
        ids = {"member_id": card.member_id, "card_serial": card.card_serial}
        issuer_key = self.keyring.get(card.key_id)
        if issuer_key is None:
            return Verdict.refused(Reason.UNKNOWN_KEY, **ids)
        if not _signed(issuer_key, card.signature, card.signed_message()):
            return Verdict.refused(Reason.BAD_SIGNATURE, **ids)
        if self.revoked.is_revoked(card.card_serial):
            return Verdict.refused(Reason.CARD_REPLACED, **ids)
        return Verdict(ok=True, reason=Reason.OK, **ids)

    def _verify_phone(self, code: PhonePayload, at: datetime) -> Verdict:
        ids = {"member_id": code.member_id, "card_serial": code.card_serial, "from_phone": True}
        now_step = time_step(at)
        # The code carries the step modulo 2**16; take the full step nearest to our clock.
        offset = (code.step_low - now_step + 32768) % 65536 - 32768
        step = now_step + offset
        # The window first: a stale screenshot is refused as expired (what the cashier can act on)
        # without any signature work; nothing is accepted before the device signature checks out.
        if offset < -ALLOWED_SKEW_STEPS:
            return Verdict.refused(Reason.EXPIRED, **ids)
        if offset > ALLOWED_SKEW_STEPS:
            return Verdict.refused(Reason.NOT_YET_VALID, **ids)
        device = self.devices.get(code.device_key_id)
        if device is None:
            return Verdict.refused(Reason.PHONE_NOT_REGISTERED, **ids)
        if (device.member_id, device.card_serial) != (code.member_id, code.card_serial):
            return Verdict.refused(Reason.BAD_SIGNATURE, **ids)  # the certificate says another card
        if not _signed(device.public_key, code.signature, code.signed_message(step)):
            return Verdict.refused(Reason.BAD_SIGNATURE, **ids)
        if self.revoked.is_revoked(code.card_serial):
            return Verdict.refused(Reason.CARD_REPLACED, **ids)
        # A renewed code ("New code" on the phone) is a new code; a code seen before is a replay.
        code_id = f"phone:{code.device_key_id}:{step}:{code.renewal}"
        forget_after = (step + ALLOWED_SKEW_STEPS + 1) * STEP_SECONDS  # after this, the window refuses it anyway
        if not self.seen_codes.first_use(code_id, now=unix_seconds(at), forget_after=forget_after):
            return Verdict.refused(Reason.REPLAYED, **ids)
        return Verdict(ok=True, reason=Reason.OK, **ids)


def _signed(key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True
