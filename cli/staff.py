"""Staff and the audit log at the command line: staff add / list / change, audit show."""
from __future__ import annotations

import argparse
from datetime import datetime, timezone

from cli.store import add_db, clock_for, emit, store
from pos_loyalty.errors import InvalidInput


def register(commands: argparse._SubParsersAction) -> None:
    staff = commands.add_parser("staff", help="staff: add, list, change (PIN, role, lockout)")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_commands.add_parser("add", help="add a cashier or manager with a PIN")
    add_db(add)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=("cashier", "manager"))
    add.add_argument("--pin", required=True, help="4 to 12 digits")
    add.add_argument("--by", default="cli", help="who is making the change (for the audit log)")
    add.set_defaults(run=run_staff_add)

    show = staff_commands.add_parser("list", help="everyone who can sign in")
    add_db(show)
    show.set_defaults(run=run_staff_list)

    change = staff_commands.add_parser("change", help="a new PIN, role or name; deactivate; unlock")
    add_db(change)
    change.add_argument("staff", help="staff id or name")
    change.add_argument("--pin")
    change.add_argument("--role", choices=("cashier", "manager"))
    change.add_argument("--name")
    state = change.add_mutually_exclusive_group()
    state.add_argument("--active", dest="active", action="store_const", const=True, default=None)
    state.add_argument("--inactive", dest="active", action="store_const", const=False)
    change.add_argument("--unlock", action="store_true", help="clear a lockout after wrong PINs")
    change.add_argument("--by", default="cli")
    change.set_defaults(run=run_staff_change)

    audit = commands.add_parser("audit", help="the audit log: show")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    log = audit_commands.add_parser("show", help="newest first, filtered")
    add_db(log)
    log.add_argument("--actor", default="")
    log.add_argument("--action", default="")
    log.add_argument("--text", default="", help="words in the detail")
    log.add_argument("--since", help="instant or date (YYYY-MM-DD)")
    log.add_argument("--limit", type=int, default=100)
    log.set_defaults(run=run_audit_show)


def book(args: argparse.Namespace):  # noqa: ANN201
    from db.staff_store import SqlStaffBook
    return SqlStaffBook(store(args).engine)


def _person(person) -> dict:  # noqa: ANN001
    return {"id": person.id, "name": person.name, "role": person.role, "active": person.active,
            "locked_until": person.locked_until.isoformat() if person.locked_until else None}


def run_staff_add(args: argparse.Namespace) -> int:
    from pos_loyalty.services.staff import NewStaff, add_staff
    person = add_staff(NewStaff(name=args.name, role=args.role, pin=args.pin), book=book(args),
                       clock=clock_for(None), actor=args.by)
    return emit(_person(person))


def run_staff_list(args: argparse.Namespace) -> int:
    from pos_loyalty.services.staff import list_staff
    return emit([_person(p) for p in list_staff(book=book(args))])


def run_staff_change(args: argparse.Namespace) -> int:
    from pos_loyalty.services.staff import StaffChange, change_staff
    person = change_staff(StaffChange(staff=args.staff, pin=args.pin, role=args.role, name=args.name,
                                      active=args.active, unlock=args.unlock),
                          book=book(args), clock=clock_for(None), actor=args.by)
    return emit(_person(person))


def run_audit_show(args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            raise InvalidInput(f"--since: {args.since!r} is not a date or an instant") from None
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
    if args.limit < 1:
        raise InvalidInput("--limit: must be at least 1")
    with book(args) as log:
        entries = log.audit_log(actor=args.actor, action=args.action, text=args.text, since=since,
                                limit=args.limit)
    return emit([entry.to_dict() for entry in entries])
