"""A till that registers with history renumbers its own members into its chain block.

A standalone till numbers members M0000001, M0000002...; so does every other standalone till
(the demo store), so their histories would collide on the server. Inside the registration
transaction each member this till enrolled gets the next number of the till's block
(pos_loyalty.members.chain_member_number), in enrolment order, and every row that names the
member follows: cards, phones, stamps, lots, spend, promotion uses, receipts (and the member
inside the stored receipt body and its refund basis), ledger entries, held baskets. The old
number stays as an alias (`member_aliases`): printed cards and signed codes carry it, people
remember it, and a look-up by it still finds the member on this till.

Card serials and phone device key ids of a standalone till (1, 2, 3..., terminal number 0) move
into the till's block the same way (pos_loyalty.cards.chain_numbers), or another such till's would
collide in the chain. A printed card's code carries its old serial: `card_aliases` maps it, so the
card still verifies and a revocation of the renumbered card refuses the old code too. A phone's
certificate keeps the key id it was made with; the till finds the phone by its certificate, so the
device row's key id can move without an alias.

The ledger stays append-only in meaning: no entry is added, removed or changes its amount; the
member column is renamed with the member, as the terminal id is at registration.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from db.store import SqlUnitOfWork
from pos_loyalty.cards.chain_numbers import CHAIN_BLOCK_BITS, chain_number
from pos_loyalty.members import chain_member_number, is_chain_member_number

# Tables with a plain member_id column naming the member.
_MEMBER_COLUMNS = ("membership_cards", "device_keys", "stamp_balances", "point_lots", "spend",
                   "promotion_uses", "receipts", "ledger")
# JSON bodies that name the member: (table, where, json path).
_BODIES = (("receipts", "member_id IN (SELECT new FROM renumbering)", "$.member"),
           ("receipts", "member_id IN (SELECT new FROM renumbering)", "$.refund_basis.id"),
           ("refunds", "receipt_id IN (SELECT id FROM receipts WHERE member_id IN (SELECT new FROM renumbering))",
            "$.member"),
           ("held_baskets", "1", "$.member"))


def renumber_own_members(uow: SqlUnitOfWork, terminal_number: int, at: datetime) -> int:
    """Give each member this till enrolled standalone a number of its block; returns how many."""
    c = uow.c
    old_ids = [row[0] for row in c.execute(text(
        "SELECT id FROM members WHERE origin IS NULL ORDER BY rowid"))
        if not is_chain_member_number(row[0])]
    count = int(uow.setting("next_chain_member") or "1")
    if not old_ids:
        return 0
    c.execute(text("PRAGMA defer_foreign_keys = ON"))   # members and their rows move together; checked at commit
    c.execute(text("CREATE TEMP TABLE IF NOT EXISTS renumbering (old TEXT PRIMARY KEY, new TEXT NOT NULL UNIQUE)"))
    c.execute(text("DELETE FROM renumbering"))
    pairs = [{"old": old, "new": chain_member_number(terminal_number, count + i)} for i, old in enumerate(old_ids)]
    c.execute(text("INSERT INTO renumbering (old, new) VALUES (:old, :new)"), pairs)
    rename = "(SELECT new FROM renumbering WHERE old = {table}.member_id)"
    for table in _MEMBER_COLUMNS:
        c.execute(text(f"UPDATE {table} SET member_id = {rename.format(table=table)} "
                       "WHERE member_id IN (SELECT old FROM renumbering)"))
    c.execute(text("UPDATE members SET id = (SELECT new FROM renumbering WHERE old = members.id) "
                   "WHERE id IN (SELECT old FROM renumbering)"))
    for table, where, path in _BODIES:
        c.execute(text(f"UPDATE {table} SET body = json_set(body, '{path}', "
                       f"(SELECT new FROM renumbering WHERE old = json_extract(body, '{path}'))) "
                       f"WHERE {where} AND json_extract(body, '{path}') IN (SELECT old FROM renumbering)"))
    c.execute(text("INSERT INTO member_aliases (old_id, member_id, renamed_at) "
                   "SELECT old, new, :at FROM renumbering"), {"at": _utc(at)})
    c.execute(text("DROP TABLE renumbering"))
    uow.set_setting("next_chain_member", str(count + len(old_ids)))
    return len(old_ids)


def renumber_own_cards(uow: SqlUnitOfWork, terminal_number: int) -> int:
    """Card serials and device key ids of the standalone till into its block; returns cards moved."""
    c = uow.c
    moved = 0
    for table, column, counter in (("membership_cards", "serial", "card_serial"), ("device_keys", "key_id", "device_key")):
        old = [row[0] for row in c.execute(text(f"SELECT {column} FROM {table} ORDER BY rowid"))
               if row[0].isdigit() and int(row[0]) >> CHAIN_BLOCK_BITS == 0]
        if not old:
            continue
        count = int(uow.setting(f"next_chain_{counter}") or "1")
        pairs = [{"old": number, "new": str(chain_number(terminal_number, count + i))} for i, number in enumerate(old)]
        c.execute(text("CREATE TEMP TABLE renumbering_cards (old TEXT PRIMARY KEY, new TEXT NOT NULL UNIQUE)"))
        c.execute(text("INSERT INTO renumbering_cards (old, new) VALUES (:old, :new)"), pairs)
        c.execute(text(f"UPDATE {table} SET {column} = (SELECT new FROM renumbering_cards WHERE old = {column}) "
                       f"WHERE {column} IN (SELECT old FROM renumbering_cards)"))
        if table == "membership_cards":
            c.execute(text("UPDATE membership_cards SET replaced_by = (SELECT new FROM renumbering_cards "
                           "WHERE old = replaced_by) WHERE replaced_by IN (SELECT old FROM renumbering_cards)"))
            c.execute(text("INSERT INTO card_aliases (old_serial, serial) SELECT old, new FROM renumbering_cards"))
            moved = len(old)
        c.execute(text("DROP TABLE renumbering_cards"))
        uow.set_setting(f"next_chain_{counter}", str(count + len(old)))
    return moved


def _utc(at: datetime) -> str:
    from db.models import UtcDateTime
    return UtcDateTime().process_bind_param(at, None)
