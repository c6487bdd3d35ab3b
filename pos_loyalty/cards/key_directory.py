"""Keys kept as JSON files in a directory (default `<db>.keys/`): issuer private keys, the public keyring,
and stand-in phone secrets for `card rotating --member`. Private files are written 0600."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from pos_loyalty.cards.devices import PhoneDevice
from pos_loyalty.cards.ids import KeyId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.keyring import Keyring

ISSUER_FILE = "issuer.json"
KEYRING_FILE = "keyring.json"
DEVICES_FILE = "devices.json"


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


class KeyDirectory:
    """The issuer's keys on disk. Central holds issuer.json; terminals get only keyring.json."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def next_to(cls, db_path: Path) -> KeyDirectory:
        return cls(db_path.with_name(db_path.name + ".keys"))

    def issuer(self) -> CardIssuer:
        """The issuer, creating a first signing key (id 1) on first use."""
        data = self._read(ISSUER_FILE)
        if data is None:
            return self.rotate()
        keys = {KeyId(int(k)): Ed25519PrivateKey.from_private_bytes(bytes.fromhex(v)) for k, v in data["keys"].items()}
        return CardIssuer(keys, current_key_id=KeyId(int(data["current_key_id"])))

    def rotate(self) -> CardIssuer:
        """Add a new signing key with the next key id and make it current; old keys stay in the keyring."""
        data = self._read(ISSUER_FILE) or {"keys": {}}
        key_id = max((int(k) for k in data["keys"]), default=0) + 1
        data["keys"][str(key_id)] = private_bytes(Ed25519PrivateKey.generate()).hex()
        data["current_key_id"] = key_id
        self._write(ISSUER_FILE, data, private=True)
        issuer = self.issuer()
        self._write(KEYRING_FILE, {str(k): v.hex() for k, v in issuer.keyring().to_raw().items()})
        return issuer

    def adopt(self, key_id: KeyId, key: Ed25519PrivateKey) -> CardIssuer:
        """Sign with `key` under `key_id` from now on (the chain-wide id the server gave this till's
        key at registration); earlier keys stay, so cards they signed still verify here."""
        data = self._read(ISSUER_FILE) or {"keys": {}}
        data["keys"][str(int(key_id))] = private_bytes(key).hex()
        data["current_key_id"] = int(key_id)
        self._write(ISSUER_FILE, data, private=True)
        issuer = self.issuer()
        self._write(KEYRING_FILE, {str(k): v.hex() for k, v in issuer.keyring().to_raw().items()})
        return issuer

    def keyring(self) -> Keyring:
        """The public keyring a terminal trusts; empty if no issuer key was ever made here."""
        data = self._read(KEYRING_FILE) or {}
        return Keyring.from_raw({int(k): bytes.fromhex(v) for k, v in data.items()})

    def phone(self, member_id: str) -> PhoneDevice | None:
        """The stand-in phone the CLI keeps for a member (a real phone keeps its own secret)."""
        entry = (self._read(DEVICES_FILE) or {}).get(member_id)
        if not isinstance(entry, str):
            return None  # absent, or written by the older in-band format
        return PhoneDevice.from_text(entry)

    def save_phone(self, member_id: str, device: PhoneDevice) -> None:
        data = self._read(DEVICES_FILE) or {}
        data[member_id] = device.to_text()
        self._write(DEVICES_FILE, data, private=True)

    def _read(self, name: str) -> dict | None:
        file = self.path / name
        if not file.exists():
            return None
        return json.loads(file.read_text(encoding="utf-8"))

    def _write(self, name: str, data: dict, *, private: bool = False) -> None:
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path / (name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, ensure_ascii=False)
        os.replace(tmp, self.path / name)
