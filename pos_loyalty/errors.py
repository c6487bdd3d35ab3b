"""Errors a user can cause. Each carries a message a cashier or manager can act on."""
from __future__ import annotations


class LoyaltyError(Exception):
    """Base of every error the CLI and UI turn into one clear line."""


class InvalidInput(LoyaltyError):
    """A program, basket, member or time that does not follow the spec; names the field."""


class NotFound(LoyaltyError):
    """A member, receipt or card that does not exist."""


class Refused(LoyaltyError):
    """A well-formed request the rules do not allow (a second refund, a guest redeeming...)."""


class StoreUnavailable(LoyaltyError):
    """The store cannot be used right now (busy, full, read-only, gone): nothing was written."""


class StoreBusy(StoreUnavailable):
    """Another till or command held the store's write lock past the bounded wait."""

    def __init__(self, message: str = "the store is busy, try again") -> None:
        super().__init__(message)


class StoreGone(StoreUnavailable):
    """The store file was deleted or replaced while this process had it open: selling must stop."""
