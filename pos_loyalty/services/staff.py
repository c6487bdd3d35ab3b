"""Staff and access: adding people, their PINs and roles, signing in, and a manager's approval.

Every change is written to the audit log with who did it and the person before and after.
`approve_override()` is what the till's cashier-override dialog calls: it checks a manager's PIN
(with the same lockout) and records what was approved and why.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.services.ports import Clock
from pos_loyalty.staff import LOCKOUT_AFTER, LOCKOUT_FOR, PIN_DIGITS, ROLES, PinHasher, Staff, StaffBook

_DEFAULT_HASHER: Optional[PinHasher] = None


def default_hasher() -> PinHasher:
    global _DEFAULT_HASHER
    if _DEFAULT_HASHER is None:
        _DEFAULT_HASHER = PinHasher()
    return _DEFAULT_HASHER


@dataclass(frozen=True)
class NewStaff:
    name: str
    role: str
    pin: str


@dataclass(frozen=True)
class StaffChange:
    """Change one person: any of a new PIN, role, name, active flag; `unlock` clears a lockout."""

    staff: str  # id or name
    pin: Optional[str] = None
    role: Optional[str] = None
    name: Optional[str] = None
    active: Optional[bool] = None
    unlock: bool = False


@dataclass(frozen=True)
class OverrideApproval:
    """A manager approving something a cashier may not do alone (e.g. redeeming for an unverified member)."""

    manager: str  # the manager's id or name
    pin: str
    action: str   # what is approved, e.g. "redeem_unverified"
    reason: str
    cashier: str = "till"
    detail: dict[str, Any] = field(default_factory=dict)


def check_pin_format(pin: str) -> None:
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise InvalidInput(f"pin: must be {low} to {high} digits")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("name: must not be empty")
    if len(name) > 60:
        raise InvalidInput("name: at most 60 characters")
    return name


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(f"role: {role!r} is not one of {', '.join(ROLES)}")


def find_staff(book: StaffBook, who: str) -> Staff:
    person = book.staff(who) or book.staff_by_name(who)
    if person is None:
        raise NotFound(f"No staff member {who!r}: see `python main.py staff list`")
    return person


def list_staff(*, book: StaffBook) -> list[Staff]:
    with book:
        return book.all_staff()


def add_staff(cmd: NewStaff, *, book: StaffBook, clock: Clock, actor: str = "cli",
              hasher: Optional[PinHasher] = None) -> Staff:
    name = _check_name(cmd.name)
    _check_role(cmd.role)
    check_pin_format(cmd.pin)
    pin_hash = (hasher or default_hasher()).hash(cmd.pin)
    at = clock()
    with book:
        if book.staff_by_name(name) is not None:
            raise Refused(f"There is already a staff member called {name!r}")
        person = Staff(id=book.next_staff_id(), name=name, role=cmd.role, pin_hash=pin_hash)
        book.add_staff(person, at)
        book.audit("staff_add", {"staff": person.id, "before": None, "after": person.public()}, at, actor=actor)
        book.commit()
    return person


def change_staff(cmd: StaffChange, *, book: StaffBook, clock: Clock, actor: str = "cli",
                 hasher: Optional[PinHasher] = None) -> Staff:
    changes: dict[str, Any] = {}
    if cmd.name is not None:
        changes["name"] = _check_name(cmd.name)
    if cmd.role is not None:
        _check_role(cmd.role)
        changes["role"] = cmd.role
    if cmd.active is not None:
        changes["active"] = cmd.active
    if cmd.pin is not None:
        check_pin_format(cmd.pin)
        changes["pin_hash"] = (hasher or default_hasher()).hash(cmd.pin)
    if cmd.unlock or cmd.pin is not None:
        changes.update(failed_attempts=0, locked_until=None)
    if not changes:
        raise InvalidInput("nothing to change: give --pin, --role, --name, --active/--inactive or --unlock")
    at = clock()
    with book:
        person = find_staff(book, cmd.staff)
        if "name" in changes and changes["name"] != person.name:
            other = book.staff_by_name(changes["name"])
            if other is not None and other.id != person.id:
                raise Refused(f"There is already a staff member called {changes['name']!r}")
        after = person.with_changes(**changes)
        if person.is_manager and not (after.is_manager and after.active):
            _keep_a_manager(book, person)
        book.save_staff(after)
        detail: dict[str, Any] = {"staff": person.id, "before": person.public(), "after": after.public()}
        if cmd.pin is not None:
            detail["pin"] = "changed"
        if cmd.unlock:
            detail["unlocked"] = True
        book.audit("staff_change", detail, at, actor=actor)
        book.commit()
    return after


def _keep_a_manager(book: StaffBook, leaving: Staff) -> None:
    if not any(p.is_manager and p.active and p.id != leaving.id for p in book.all_staff()):
        raise Refused(f"{leaving.name} is the last active manager; add another manager first")


def sign_in(who: str, pin: str, *, book: StaffBook, clock: Clock, purpose: str = "sign_in",
            hasher: Optional[PinHasher] = None, record: bool = True) -> Staff:
    """The person `who` (id or name) if `pin` is theirs. Wrong PINs count towards a lockout.
    `record=False` leaves the audit line of a right PIN to the caller (who may still refuse)."""
    at = clock()
    with book:
        person = find_staff(book, who)
        if not person.active:
            raise Refused(f"{person.name} no longer has access")
        if person.locked_until is not None and at < person.locked_until:
            minutes = max(1, int((person.locked_until - at).total_seconds() // 60) + 1)
            raise Refused(f"{person.name} is locked out after {LOCKOUT_AFTER} wrong PINs; "
                          f"try again in {minutes} min or ask a manager to unlock")
        if not (hasher or default_hasher()).matches(person.pin_hash, pin):
            failures = person.failed_attempts + 1
            locked = at + LOCKOUT_FOR if failures >= LOCKOUT_AFTER else None
            book.save_staff(person.with_changes(failed_attempts=0 if locked else failures, locked_until=locked))
            book.audit("pin_locked" if locked else "pin_wrong", {"staff": person.id, "purpose": purpose,
                                                                  "failures": failures}, at, actor=person.label)
            book.commit()
            if locked:
                raise Refused(f"Wrong PIN: {person.name} is now locked out for "
                              f"{int(LOCKOUT_FOR.total_seconds() // 60)} min")
            left = LOCKOUT_AFTER - failures
            raise Refused(f"Wrong PIN for {person.name} ({left} {'try' if left == 1 else 'tries'} left)")
        if person.failed_attempts or person.locked_until is not None:
            person = person.with_changes(failed_attempts=0, locked_until=None)
            book.save_staff(person)
        if record:
            book.audit(purpose, {"staff": person.id}, at, actor=person.label)
        book.commit()
    return person


def manager_sign_in(who: str, pin: str, *, book: StaffBook, clock: Clock,
                    hasher: Optional[PinHasher] = None) -> Staff:
    """Open the manager's console: the PIN must be right and the person a manager."""
    person = sign_in(who, pin, book=book, clock=clock, purpose="console_open", hasher=hasher, record=False)
    if not person.is_manager:
        _refuse_cashier(person, book=book, clock=clock, what="console_open")
    with book:
        book.audit("console_open", {"staff": person.id}, clock(), actor=person.label)
        book.commit()
    return person


def approve_override(cmd: OverrideApproval, *, book: StaffBook, clock: Clock,
                     hasher: Optional[PinHasher] = None) -> Staff:
    """A manager's PIN approving a cashier override. Returns the manager; the audit log keeps
    who approved what, for which cashier, and why. Refused: a wrong PIN (counts towards the
    manager's lockout), a locked-out manager, a cashier's PIN, or no reason."""
    if not cmd.reason.strip():
        raise InvalidInput("reason: required for an override")
    person = sign_in(cmd.manager, cmd.pin, book=book, clock=clock, purpose="pin_checked", hasher=hasher,
                     record=False)
    if not person.is_manager:
        _refuse_cashier(person, book=book, clock=clock, what=cmd.action)
    at = clock()
    with book:
        book.audit("override", {"approved": cmd.action, "by": person.id, "cashier": cmd.cashier,
                                "reason": cmd.reason.strip(), **cmd.detail}, at, actor=person.label)
        book.commit()
    return person


def _refuse_cashier(person: Staff, *, book: StaffBook, clock: Clock, what: str) -> None:
    at = clock()
    with book:
        book.audit("refused", {"staff": person.id, "role": person.role, "wanted": what}, at, actor=person.label)
        book.commit()
    raise Refused(f"{person.name} is a cashier; a manager's PIN is needed")


__all__ = ["NewStaff", "StaffChange", "OverrideApproval", "add_staff", "change_staff", "list_staff", "sign_in",
           "manager_sign_in", "approve_override", "find_staff", "check_pin_format", "default_hasher"]
