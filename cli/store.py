"""Commands on the local store: init, checkout, refund, member, enrol, adjust, expire, ledger verify."""
from __future__ import annotations

import argparse
import json
import random
from datetime import date, datetime, timezone
from pathlib import Path

from cli.common import read_text
from pos_loyalty.errors import InvalidInput, NotFound

# Services, models and the store are imported inside each command: building the parser must stay
# cheap, because `main.py till` pays for it before its window appears.


def default_db() -> Path:
    from platformdirs import user_data_dir
    return Path(user_data_dir("pos-loyalty", "pos-loyalty")) / "terminal.sqlite"


def add_db(command: argparse.ArgumentParser) -> None:
    command.add_argument("--db", default=None, help="SQLite file (default: in the user's data directory)")


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="create the local database (--demo: fill it with a demo store)")
    add_db(init)
    init.add_argument("--demo", action="store_true")
    init.add_argument("--members", type=int, default=500)
    init.add_argument("--program", help="program JSON to publish (default: the demo program)")
    init.add_argument("--terminal", default="T-01")
    init.add_argument("--seed", type=int, default=2026)
    init.set_defaults(run=run_init)

    pay = commands.add_parser("checkout", help="pay a basket and store the receipt")
    add_db(pay)
    pay.add_argument("--member", help="member id (leave out for a guest); whoever runs this holds the store file, "
                     "so the member counts as verified")
    pay.add_argument("--code", help="the member's card or phone code (LY1:...), verified like a scan at the till")
    pay.add_argument("--basket", required=True, help="basket JSON: a list of {sku, name, category, price, qty}")
    pay.add_argument("--redeem-points", default="0", help="points to use as tender, or max")
    pay.add_argument("--redeem-card", action="append", default=[], help="ask to redeem a manual stamp card")
    pay.add_argument("--at", help="instant with offset (default: now)")
    pay.set_defaults(run=run_checkout)

    back = commands.add_parser("refund", help="refund a receipt, or some of its lines")
    add_db(back)
    back.add_argument("receipt")
    back.add_argument("--lines", help="comma-separated line numbers (0-based); default: every line left")
    back.add_argument("--reason", default="")
    back.add_argument("--prizes-returned", action="store_true",
                      help="the customer hands back lucky-draw prize items the kept lines no longer win "
                           "(otherwise their cost is kept back from the money)")
    back.add_argument("--at")
    back.set_defaults(run=run_refund)

    member = commands.add_parser("member", help="members: show")
    member_commands = member.add_subparsers(dest="member_command", required=True)
    show = member_commands.add_parser("show", help="balances, stamps, tier and progress to the next tier")
    add_db(show)
    show.add_argument("member")
    show.add_argument("--at")
    show.set_defaults(run=run_member_show)

    join = commands.add_parser("enrol", help="enrol a new member")
    add_db(join)
    join.add_argument("--name", required=True)
    join.add_argument("--phone")
    join.add_argument("--birthday", help="YYYY-MM-DD")
    join.add_argument("--consent", action="store_true", help="the member agrees to receive offers")
    join.add_argument("--open-cards", action="store_true")
    join.set_defaults(run=run_enrol)

    adjust = commands.add_parser("adjust", help="add or remove points by hand, with a reason")
    add_db(adjust)
    adjust.add_argument("member")
    adjust.add_argument("points", help="points to add (+) or remove (-), at most 1,000,000,000 either way")
    adjust.add_argument("--reason", required=True)
    adjust.set_defaults(run=run_adjust)

    lapse = commands.add_parser("expire", help="expire lapsed points and stamps")
    add_db(lapse)
    lapse.add_argument("--at")
    lapse.set_defaults(run=run_expire)

    ledger = commands.add_parser("ledger", help="the ledger: verify")
    ledger_commands = ledger.add_subparsers(dest="ledger_command", required=True)
    verify = ledger_commands.add_parser("verify", help="recompute every balance from the ledger; report drift")
    add_db(verify)
    verify.set_defaults(run=run_verify)


# -- wiring -------------------------------------------------------------------------------
def store(args: argparse.Namespace, *, must_exist: bool = True):
    from db.setup import ensure_current
    from db.store_file import check_store_file
    from db.store import SqlUnitOfWork, open_engine, store_error
    path = Path(args.db) if args.db else default_db()
    check_store_file(path, must_exist=must_exist)  # a folder, a foreign or read-only file: one line, nothing written
    engine = open_engine(path)
    try:
        ensure_current(engine)
    except Exception as error:  # noqa: BLE001 - SQLite's failures as one line
        failure = store_error(error)
        if failure is None:
            raise
        raise failure from None
    return SqlUnitOfWork(engine)


def whole_points(text: str, *, what: str, signed: bool) -> int:
    """ASCII digits (with a sign if `signed`) within the one bound for points; else one line."""
    import re

    from pos_loyalty.types import MAX_POINTS
    if not re.fullmatch(r"[+-]?[0-9]+" if signed else r"[0-9]+", text or ""):
        kind = "a whole number of points" + ("" if signed else " or max")
        raise InvalidInput(f"{what}: {text[:40]!r} is not {kind}")
    value = int(text)
    if abs(value) > MAX_POINTS:
        raise InvalidInput(f"{what}: at most {MAX_POINTS:,} points at a time")
    return value


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db()


def member_by_code(code: str, *, uow, db: Path, clock):  # noqa: ANN001, ANN201
    """The member a card or phone code names, checked as the till checks a scan (signature, revocation,
    replay), or a one-line refusal."""
    from db.card_store import terminal_verifier
    from pos_loyalty.cards.key_directory import KeyDirectory
    from pos_loyalty.errors import Refused
    from pos_loyalty.services.identity import MemberIdentity
    verdict = terminal_verifier(uow.engine, KeyDirectory.next_to(db).path, clock).verify(code.strip(), at=clock())
    if not verdict.ok:
        raise Refused(f"--code: {verdict.message}")
    with uow.reading():   # a code printed before the till registered carries the member's older number
        member = uow.member(str(verdict.member_id))
    member_id = member.id if member is not None else str(verdict.member_id)
    return MemberIdentity(member_id, verified=True, via="phone code" if verdict.from_phone else "card")


def clock_for(text: str | None):
    from pos_loyalty.types import parse_instant
    if text is None:
        return lambda: datetime.now(timezone.utc)
    try:
        moment = parse_instant(text)
    except ValueError as error:
        raise InvalidInput(f"--at: {error}") from None
    return lambda: moment


def emit(data) -> int:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return 0


# -- commands -----------------------------------------------------------------------------
def run_init(args: argparse.Namespace) -> int:
    from db.store_file import check_store_file  # no SQLAlchemy: the demo template's fast path stays fast
    path = Path(args.db) if args.db else default_db()
    check_store_file(path, must_exist=False)
    program = read_text(args.program, what="program file") if args.program else None
    if args.demo:  # today's demo template, copied before the builder (SQLAlchemy, services) is imported
        from db.demo_template import copy_demo
        copied = copy_demo(path, program_text=program, members=args.members, seed=args.seed, terminal=args.terminal)
        if copied is not None:
            return emit(copied)
    from db.demo import create_store
    report = create_store(path, demo=args.demo, members=args.members, program_text=program,
                          terminal=args.terminal, seed=args.seed)
    return emit(report)


def run_checkout(args: argparse.Namespace) -> int:
    from pos_loyalty.scenario import read_basket
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from pos_loyalty.services.identity import MemberIdentity
    lines = read_basket(read_text(args.basket, what="basket file"))
    ask = args.redeem_points
    if ask != "max":
        ask = whole_points(ask, what="--redeem-points", signed=False)
    if args.member and args.code:
        raise InvalidInput("--member/--code: give one of them, not both")
    uow, clock = store(args), clock_for(args.at)
    identity = None
    if args.member:
        identity = MemberIdentity(args.member, verified=True, via="store file")
    elif args.code:
        identity = member_by_code(args.code, uow=uow, db=_db_path(args), clock=clock)
    result = checkout(CheckoutCommand(basket=[line.to_line() for line in lines], identity=identity,
                                      redeem_points=ask, redeem_cards=args.redeem_card),
                      uow=uow, clock=clock, rng=random.SystemRandom())
    return emit({"receipt_id": result.receipt_id, **result.receipt.to_dict()})


def run_refund(args: argparse.Namespace) -> int:
    from pos_loyalty.services.refund import RefundCommand, refund
    lines = None
    if args.lines is not None:
        parts = [part.strip() for part in args.lines.split(",")]
        if not all(part.isascii() and part.isdigit() and len(part) <= 6 for part in parts):
            raise InvalidInput(f"--lines: {args.lines!r} is not a comma-separated list of line numbers (0, 1, ...)")
        lines = [int(part) for part in parts]
    result = refund(RefundCommand(receipt_id=args.receipt, lines=lines, reason=args.reason,
                                  prizes_returned=args.prizes_returned), uow=store(args), clock=clock_for(args.at))
    return emit(result.to_dict())


def run_member_show(args: argparse.Namespace) -> int:
    from pos_loyalty.services.members import member_summary
    return emit(member_summary(args.member, uow=store(args), clock=clock_for(args.at)).to_dict())


def run_enrol(args: argparse.Namespace) -> int:
    from pos_loyalty.services.enrolment import Enrolment, enrol
    birthday = None
    if args.birthday:
        try:
            birthday = date.fromisoformat(args.birthday)
        except ValueError:
            raise InvalidInput(f"--birthday: {args.birthday!r} is not a date (YYYY-MM-DD)") from None
    member = enrol(Enrolment(name=args.name, phone=args.phone, birthday=birthday, consent=args.consent,
                             open_cards=args.open_cards), uow=store(args), clock=clock_for(None))
    return emit({"member": member.id, "name": member.masked_name, "phone": member.masked_phone})


def run_adjust(args: argparse.Namespace) -> int:
    from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
    points = whole_points(args.points, what="points", signed=True)
    balance = adjust_points(PointsAdjustment(member_id=args.member, points=points, reason=args.reason),
                            uow=store(args), clock=clock_for(None))
    return emit({"member": args.member, "points": balance})


def run_expire(args: argparse.Namespace) -> int:
    from pos_loyalty.services.expiry import expire
    return emit(expire(uow=store(args), clock=clock_for(args.at)).__dict__)


def run_verify(args: argparse.Namespace) -> int:
    from pos_loyalty.services.verify import verify_ledger
    drifts = verify_ledger(uow=store(args))
    for drift in drifts[:50]:
        print(drift)
    print(f"ledger verify: {'clean' if not drifts else f'{len(drifts)} problem(s)'}")
    return 0 if not drifts else 1

