"""The sync protocol's messages (pydantic), shared by the central server and the till.

Push: the till sends what the server has not acknowledged (members, cards, receipts, spend
and ledger entries after `acked_seq`), in bounded batches. Pull: one cursor over the chain's
change order brings members, cards (revocations are cards whose `revoked_at` is set), device
keys, programs and other terminals' entries for the till's members.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal, Optional, Union

import pydantic_core
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_BATCH = 5000          # entries (and each other kind) in one push
MAX_TEXT = 200
MAX_RECEIPT_BODY = 256 * 1024   # characters of one receipt's JSON text (a demo receipt: ~2,300)
Small = Annotated[int, Field(ge=-10**12, le=10**12)]   # points, stamps, money: the store's bound
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")]
Kind = Literal["earn", "redeem", "stamp", "reward", "refund", "adjust", "expire", "use", "draw"]


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a time needs its UTC offset")
    if not 1000 <= moment.year <= 9998:   # stored as text that sorts and parses: four-digit years
        raise ValueError("a time between the years 1000 and 9998")
    return moment.astimezone(timezone.utc)


Instant = Annotated[datetime, AfterValidator(_utc)]


def utc_text(moment: datetime) -> str:
    """The one text form of an instant both sides store and hash."""
    # isoformat: the text strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") gives for four-digit years (what
    # Instant allows, and what body hashes were made of), several times faster.
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "+00:00"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Strict):
    id: Id
    terminal: Id
    seq: int = Field(ge=1, le=2**62)
    member: Id
    kind: Kind
    at: Instant
    points: Small = 0
    stamps: Small = 0
    card: Optional[str] = Field(default=None, max_length=100)
    promotion: Optional[str] = Field(default=None, max_length=100)
    lot: Optional[Id] = None
    receipt: Optional[Id] = None
    program_version: Optional[int] = Field(default=None, ge=0, le=2**31 - 1)
    reason: str = Field(default="", max_length=1000)

    def body_hash(self, at_text: Optional[str] = None) -> str:
        """What makes two entries with one UUID the same entry (a re-send) or not (a 409).

        The hash of `model_dump(mode="json")` with `at` as utc_text, sorted keys; every field is a
        str, int or None, so the dict is built by hand (the server hashes every entry it ingests).
        `at_text` is `utc_text(self.at)` when the caller has it already."""
        fields = self.__dict__
        body = {name: fields[name] for name in _ENTRY_FIELDS}   # already in sorted order
        body["at"] = at_text or utc_text(self.at)
        # pydantic-core writes the same compact JSON as json.dumps for ASCII text (same escapes) ~10x
        # faster; json.dumps escapes non-ASCII and DEL as \uXXXX, so such a body goes the json.dumps way.
        raw = pydantic_core.to_json(body)
        if not raw.isascii() or b"\x7f" in raw:
            raw = _CANONICAL.encode(body).encode()
        return hashlib.sha256(raw).hexdigest()


_ENTRY_FIELDS = tuple(sorted(Entry.model_fields))
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


class MemberRecord(Strict):
    id: Id
    name: str = Field(min_length=1, max_length=MAX_TEXT)
    phone: Optional[str] = Field(default=None, max_length=32)
    birthday: Optional[date] = None
    joined: date
    consent: bool = False
    created_at: Instant


class CardRecord(Strict):
    serial: Id
    member: Id
    issued_at: Instant
    revoked_at: Optional[Instant] = None
    replaced_by: Optional[Id] = None


class DeviceKeyRecord(Strict):
    key_id: Id
    member: Id
    public_key: str = Field(max_length=512)
    certificate: str = Field(max_length=2048)
    enrolled_at: Instant
    revoked_at: Optional[Instant] = None


class IssuerKeyRecord(Strict):
    """A card issuer's public key under its chain-wide key id: cards and phone certificates it
    signed verify at every till of the chain."""

    key_id: int = Field(ge=1, le=(1 << 14) - 1)
    terminal: Id                      # whose key it is (the central page's own has its own id)
    public_key: str = Field(pattern=r"^[0-9a-f]{64}$")


def _json_object(text: str) -> str:
    """A receipt body travels as the JSON text the till stored (no decode and re-encode on either
    side); it must still be one JSON object the central store's JSON column takes as it is."""
    try:
        value = pydantic_core.from_json(text, allow_inf_nan=False)
    except ValueError as error:
        raise ValueError(f"a receipt body is the JSON text of an object: {error}") from None
    if not isinstance(value, dict):
        raise ValueError("a receipt body is the JSON text of an object")
    return text


ReceiptBody = Annotated[str, Field(max_length=MAX_RECEIPT_BODY), AfterValidator(_json_object)]


class ReceiptRecord(Strict):
    id: Id
    member: Optional[Id] = None
    at: Instant
    total: Small
    body: Union[ReceiptBody, dict[str, Any]]   # JSON text (what tills send); an object from older tills

    def body_text(self) -> str:
        """The body as the JSON text the central store keeps."""
        if isinstance(self.body, str):
            return self.body
        return json.dumps(self.body, ensure_ascii=False, allow_nan=False)


class SpendRecord(Strict):
    """Tier spend (+ at a checkout, - at a refund, dated like the sale). `id` is terminal/local number."""

    id: Id
    member: Id
    at: Instant
    amount: Small
    receipt: Id


class ProgramRecord(Strict):
    version: int = Field(ge=1, le=2**31 - 1)
    body: str = Field(max_length=1_000_000)
    published_at: Instant


class PushBatch(Strict):
    members: list[MemberRecord] = Field(default_factory=list, max_length=MAX_BATCH)
    cards: list[CardRecord] = Field(default_factory=list, max_length=MAX_BATCH)
    device_keys: list[DeviceKeyRecord] = Field(default_factory=list, max_length=MAX_BATCH)  # incl. revocations
    receipts: list[ReceiptRecord] = Field(default_factory=list, max_length=MAX_BATCH)
    spend: list[SpendRecord] = Field(default_factory=list, max_length=MAX_BATCH)
    entries: list[Entry] = Field(default_factory=list, max_length=MAX_BATCH)


class Quarantined(Strict):
    what: Literal["entry", "member", "card", "device_key", "receipt", "spend"]
    ref: str
    reason: str


class PushResult(Strict):
    acked_seq: int                   # every entry of this terminal up to here is in the chain's ledger
    accepted: int                    # new entries written by this push
    duplicates: int                  # entries the server already had, same body
    quarantined: list[Quarantined] = Field(default_factory=list)
    flagged: list[str] = Field(default_factory=list)   # entry ids kept but flagged (offline overdraw)


class Gap(Strict):
    detail: str
    send_from: int


class PullRequest(Strict):
    cursor: int = Field(default=0, ge=0, le=2**62)
    limit: int = Field(default=2000, ge=1, le=MAX_BATCH)


class PullResult(Strict):
    members: list[MemberRecord] = Field(default_factory=list)
    member_origins: dict[str, str] = Field(default_factory=dict)   # member -> terminal that enrolled it
    cards: list[CardRecord] = Field(default_factory=list)
    device_keys: list[DeviceKeyRecord] = Field(default_factory=list)
    issuer_keys: list[IssuerKeyRecord] = Field(default_factory=list)   # every store's: any card verifies
    programs: list[ProgramRecord] = Field(default_factory=list)
    entries: list[Entry] = Field(default_factory=list)
    spend: list[SpendRecord] = Field(default_factory=list)
    cursor: int                      # send it back next time
    more: bool                       # pull again at once: the limit cut this page
    offline_allowance: Optional[int] = None   # the store's points per member per day while offline


class NewsAsk(Strict):
    """A till waiting for the chain to change after its pull cursor (a long poll)."""

    cursor: int = Field(default=0, ge=0, le=2**62)
    seconds: float = Field(default=20.0, ge=0, le=60)


class NewsAnswer(Strict):
    top: int                         # the chain's newest change number
    changed: bool                    # top > cursor: pull now


class MemberBundle(Strict):
    """A member fetched on demand: the profile and everything its balances are made of."""

    member: MemberRecord
    origin: str
    cards: list[CardRecord]
    device_keys: list[DeviceKeyRecord]
    entries: list[Entry]
    spend: list[SpendRecord]


class Registration(Strict):
    code: str = Field(min_length=4, max_length=32)
    public_key: str = Field(pattern=r"^[0-9a-f]{64}$")   # Ed25519, hex
    name: str = Field(default="", max_length=100)
    # The till's new card issuer key (public half, hex): the chain gives it a key id of its own.
    issuer_key: Optional[str] = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    # The program file the till runs: the chain's first program if it has none yet (a shop that
    # grows into a chain keeps its rules); ignored once the chain has one.
    program: Optional[str] = Field(default=None, max_length=262_144)


class Registered(Strict):
    terminal: str
    number: int                      # member numbers made here carry it
    store: str
    offline_allowance: int           # points per member per day this till may redeem while offline
    issuer_key_id: Optional[int] = None   # the chain-wide key id of the issuer key sent, if one was
    join_key: Optional[str] = None        # hex: seals the till's join links so the central page reads them


class TerminalStatus(Strict):
    terminal: str
    store: str
    acked_seq: int
    offline_allowance: int
    revoked: bool
