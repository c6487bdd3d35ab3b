"""Card serials and phone device key ids that stay unique across the chain, made offline.

A registered till numbers them `terminal number << CHAIN_BLOCK_BITS | its own count`, the way
member numbers carry the terminal (pos_loyalty.members.chain_member_number): two tills never
pick the same number, online or not. A standalone till (terminal number 0) numbers 1, 2, 3...,
so a store's numbers from before it registered keep their meaning; pushed to the chain, the
first such number wins and a later till's same number goes to quarantine, like its members.
"""
from __future__ import annotations

from pos_loyalty.cards.payload import MAX_CARD_SERIAL, MAX_DEVICE_KEY_ID

CHAIN_BLOCK_BITS = 21                      # 2,097,151 serials and as many phones per terminal number
MAX_TERMINAL_NUMBER = MAX_CARD_SERIAL >> CHAIN_BLOCK_BITS  # 16,383
assert MAX_DEVICE_KEY_ID >> CHAIN_BLOCK_BITS == MAX_TERMINAL_NUMBER


class BlockFull(ValueError):
    """A terminal used every number of its block: it registers again for a new terminal number."""


def chain_number(terminal_number: int, count: int) -> int:
    """The `count`-th serial (or device key id) made by the terminal with this number."""
    if not 0 <= terminal_number <= MAX_TERMINAL_NUMBER:
        raise ValueError(f"terminal numbers run from 0 to {MAX_TERMINAL_NUMBER}")
    if not 1 <= count < 1 << CHAIN_BLOCK_BITS:
        raise BlockFull(f"terminal number {terminal_number} has used all {(1 << CHAIN_BLOCK_BITS) - 1} numbers "
                        f"of its block: register the till again for a new one")
    return terminal_number << CHAIN_BLOCK_BITS | count


def terminal_number_of(number: int) -> int:
    """Which terminal number made a serial or device key id (0: a standalone till)."""
    return number >> CHAIN_BLOCK_BITS
