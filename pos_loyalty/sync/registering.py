"""A till joins the chain: one call to the server with a one-time code, the terminal's signing key
and a new card issuer key; the server answers with the terminal id, the chain-wide key id of that
issuer key and the till's join key. Cards and phones the till certifies from then on verify at
every till of the chain (the others pull the key), and the central page reads its join links.
The till also sends the program it runs: a chain without a program yet adopts it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Optional, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_loyalty.cards.ids import KeyId
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.sync.protocol import Registered
from pos_loyalty.sync.signing import new_key

Send = Callable[..., Registered]   # pos_loyalty.sync.http.register


class RegisteringStore(Protocol):
    def register(self, registered: Registered, *, server: str, private_key: str, at: datetime) -> int: ...

    def program_text(self) -> Optional[str]: ...


def register_till(store: RegisteringStore, keys: KeyDirectory, *, server: str, code: str, name: str,
                  at: datetime, send: Send) -> tuple[Registered, int]:
    """Register; returns the answer and how many history entries moved under the new terminal id."""
    private, public = new_key()
    issuer_key = Ed25519PrivateKey.generate()
    registered = send(server, code, public, name, issuer_key=public_bytes(issuer_key.public_key()).hex(),
                      program=store.program_text())
    if registered.issuer_key_id is not None:
        keys.adopt(KeyId(registered.issuer_key_id), issuer_key)
    moved = store.register(registered, server=server, private_key=private, at=at)
    return registered, moved
