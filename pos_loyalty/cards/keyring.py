"""The terminal's keyring: issuer public keys by key id. Public only, so a till cannot sign."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from pos_loyalty.cards.ids import KeyId


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Keyring(Mapping[KeyId, Ed25519PublicKey]):
    """Issuer public keys a terminal trusts. Rotation adds a key id; retiring one removes it."""

    _keys: Mapping[KeyId, Ed25519PublicKey] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Mapping[int, bytes]) -> Keyring:
        return cls({KeyId(int(k)): Ed25519PublicKey.from_public_bytes(v) for k, v in raw.items()})

    def to_raw(self) -> dict[int, bytes]:
        return {int(k): public_bytes(v) for k, v in self._keys.items()}

    def with_key(self, key_id: KeyId, key: Ed25519PublicKey) -> Keyring:
        return Keyring({**self._keys, key_id: key})

    def without_key(self, key_id: KeyId) -> Keyring:
        return Keyring({k: v for k, v in self._keys.items() if k != key_id})

    def __getitem__(self, key_id: KeyId) -> Ed25519PublicKey:
        return self._keys[key_id]

    def __iter__(self) -> Iterator[KeyId]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
