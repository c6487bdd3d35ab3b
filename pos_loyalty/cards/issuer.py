"""The central issuer: the only holder of signing keys; signs cards and certifies phones."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pos_loyalty.cards.clock import unix_seconds
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.keyring import Keyring, public_bytes
from pos_loyalty.cards.payload import (MAX_CARD_SERIAL, MAX_DEVICE_KEY_ID, MAX_KEY_ID, CardPayload, DeviceCertificate,
                                       encode_member_id)


class CardIssuer:
    """Signs with the current key id; older keys stay only so their public halves stay known."""

    def __init__(self, signing_keys: Mapping[KeyId, Ed25519PrivateKey], *, current_key_id: KeyId) -> None:
        if current_key_id not in signing_keys:
            raise ValueError(f"no signing key with id {current_key_id}")
        if not 0 <= current_key_id <= MAX_KEY_ID:
            raise ValueError(f"key ids run from 0 to {MAX_KEY_ID}")
        self._keys = dict(signing_keys)
        self.current_key_id = current_key_id

    def keyring(self) -> Keyring:
        """The public keyring to hand to terminals."""
        return Keyring({kid: key.public_key() for kid, key in self._keys.items()})

    def issue_card(self, *, member_id: MemberId, card_serial: CardSerial, at: datetime) -> CardPayload:
        _check_fits(member_id, card_serial)
        unsigned = CardPayload(self.current_key_id, member_id, card_serial, unix_seconds(at), b"")
        signature = self._keys[self.current_key_id].sign(unsigned.signed_message())
        return CardPayload(self.current_key_id, member_id, card_serial, unsigned.issued_at, signature)

    def certify_device(self, *, member_id: MemberId, card_serial: CardSerial, device_key_id: int,
                       device_public_key: Ed25519PublicKey) -> DeviceCertificate:
        """Certify a member's phone key for one card serial; terminals hold the certificate, the
        phone signs its own rotating codes with the private half."""
        _check_fits(member_id, card_serial)
        if not 1 <= device_key_id <= MAX_DEVICE_KEY_ID:
            raise ValueError(f"device key ids run from 1 to {MAX_DEVICE_KEY_ID}")
        unsigned = DeviceCertificate(self.current_key_id, member_id, card_serial, device_key_id,
                                     public_bytes(device_public_key), b"")
        signature = self._keys[self.current_key_id].sign(unsigned.signed_message())
        return DeviceCertificate(self.current_key_id, member_id, card_serial, device_key_id,
                                 unsigned.device_public_key, signature)


def _check_fits(member_id: MemberId, card_serial: CardSerial) -> None:
    """Refuse ids the small QR code cannot carry, before signing anything."""
    encode_member_id(member_id)
    if not 1 <= card_serial <= MAX_CARD_SERIAL:
        raise ValueError(f"card serials run from 1 to {MAX_CARD_SERIAL}")
