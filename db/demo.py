"""Creating a store, optionally filled with the demo shop, through the same services a till uses."""
from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Optional

from db.garbage import fewer_collections
from db.card_store import SqlCardStore
from db.demo_sales import DemoSales, write_sales
from db.demo_shards import cores, sell_on_cores
from db.demo_template import copy_demo, save_template, template_folder, template_key
from db.setup import migrate
from db.store import PRODUCTS, SqlUnitOfWork, open_engine
from pos_loyalty import demo
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuing import issue_card
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.errors import InvalidInput
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.enrolment import Enrolment, enrol
from pos_loyalty.services.identity import MemberIdentity
from pos_loyalty.services.programs import refuse_changed_version

DEMO_PROGRAM = Path(__file__).resolve().parent.parent / "resources" / "demo" / "program.json"


def create_store(path: Path, *, demo: bool = False, members: int = 500, program_text: Optional[str] = None,
                 terminal: str = "T-01", seed: int = 2026, now: Optional[datetime] = None,
                 bulk: bool = True, processes: Optional[int] = None) -> dict:
    """Create (or upgrade) the database at `path`; publish a program; with `demo`, fill the shop.

    `bulk=False` sells the demo's visits one transaction each, as a till would (the slow reference
    the bulk load is tested against); the store's contents are the same either way. `processes`: how
    many processes sell the bulk load (None: the cores, see db.demo_shards.cores)."""
    started = time.perf_counter()
    path = Path(path)
    if demo and path.exists():
        raise InvalidInput(f"--demo: {path} already exists; demo data goes into a new database only")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = program_text if program_text is not None else DEMO_PROGRAM.read_text(encoding="utf-8")
    program = validate(Program, parse_json(text, what="program"), what="program")
    templates = template_folder() if demo and now is None and bulk else None
    if templates is not None:
        copied = copy_demo(path, program_text=text, members=members, seed=seed, terminal=terminal)
        if copied is not None:
            return copied
        now = datetime.now(timezone.utc)
        key = template_key(program_text=text, members=members, seed=seed, terminal=terminal, now=now)
    tmp = path.with_name(path.name + ".building") if demo else path
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        if demo and leftover.exists():
            leftover.unlink()
    engine = open_engine(tmp)
    migrate(engine)
    now = now or datetime.now(timezone.utc)
    uow = SqlUnitOfWork(engine, terminal_id=terminal, batch=True)
    with uow:
        if uow.setting("terminal_id") is None:
            uow.set_setting("terminal_id", terminal)
        if uow.setting("store_id") is None:  # which store this file is: a till notices a file swapped under it
            import uuid
            uow.set_setting("store_id", uuid.uuid4().hex)
        current = uow.active_program()
        if not refuse_changed_version(uow, program, text) and (current is None or current.version < program.version):
            uow.publish_program(program, text, now)
    report: dict = {"database": str(path), "program_version": program.version, "terminal": terminal}
    pins = HashedPins()
    if demo:
        with fewer_collections():
            report.update(_fill(uow, program, members=members, seed=seed, now=now, bulk=bulk, processes=processes,
                                meanwhile=pins.hash_demo_staff))
    uow.finish()
    if demo:
        report["staff"] = seed_staff(engine, now=now, hasher=pins)
    engine.dispose()
    if demo:
        tmp.replace(path)  # the demo store appears whole or not at all
    if templates is not None:
        save_template(templates, key, path, report)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


DEMO_STAFF = (("Lin", "manager", "2468"), ("Chen", "cashier", "1357"))  # stated in the README


class HashedPins:
    """The PIN hasher for the demo staff: their PINs are hashed (argon2, the services' own hasher)
    while the sales are made, and handed to add_staff when the staff are added after them."""

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}

    def hash_demo_staff(self) -> None:
        from pos_loyalty.services.staff import default_hasher
        for _, _, pin in DEMO_STAFF:
            self._hashes[pin] = default_hasher().hash(pin)

    def hash(self, pin: str) -> str:
        from pos_loyalty.services.staff import default_hasher
        return self._hashes.get(pin) or default_hasher().hash(pin)


def seed_staff(engine, *, now: datetime, hasher: Optional[HashedPins] = None) -> list[dict]:  # noqa: ANN001
    """The demo shop's manager and cashier, with the PINs the README gives."""
    from db.staff_store import SqlStaffBook
    from pos_loyalty.services.staff import NewStaff, add_staff
    people = [add_staff(NewStaff(name=name, role=role, pin=pin), book=SqlStaffBook(engine), clock=lambda: now,
                        actor="demo", hasher=hasher) for name, role, pin in DEMO_STAFF]  # type: ignore[arg-type]
    return [{"id": p.id, "name": p.name, "role": p.role} for p in people]


def _fill(uow: SqlUnitOfWork, program: Program, *, members: int, seed: int, now: datetime,
          bulk: bool = True, processes: Optional[int] = None, meanwhile: Callable[[], None] = lambda: None) -> dict:
    """Products, members, their sales and cards into `uow`; `meanwhile`: the caller's own work that
    needs none of it, done while the sales are made."""
    rng = random.Random(seed)
    catalogue = demo.products()
    with uow:
        uow.c.execute(PRODUCTS.insert(), [dict(sku=p.sku, barcode=p.barcode, name=p.name, name_zh=p.name_zh,
                                                category=p.category, price=p.price) for p in catalogue])
    people = demo.members(members, rng=rng, today=now.astimezone(program.zone).date())
    ids: list[str] = []
    for person in people:
        joined_at = datetime.combine(person.joined, datetime.min.time(), tzinfo=program.zone) + timedelta(hours=10)
        member = enrol(Enrolment(name=person.name, phone=person.phone, birthday=person.birthday,
                                 consent=person.consent), uow=uow, clock=lambda at=joined_at: at, ids=rng)
        ids.append(member.id)
    # The real checkout service sells every visit. In bulk it writes into DemoSales (memory, on every
    # core, then one executemany per table); otherwise into the store one transaction per sale, as a till would.
    visits = list(enumerate(demo.visits(people, catalogue, rng=rng, end=now, zone=program.zone)))

    def sell(into, numbered) -> None:  # noqa: ANN001
        for number, visit in numbered:
            luck = random.Random(f"{seed}/{number}")  # each sale its own draws and ids, whoever sells it
            ask = "max" if luck.random() < 0.08 else 0
            checkout(CheckoutCommand(basket=visit.basket, identity=MemberIdentity.attached(ids[visit.member], "card"),
                                     redeem_points=ask),
                     uow=into, clock=lambda at=visit.at: at, rng=luck, ids=luck)

    issued: list[int] = []

    def cards_and_the_rest() -> None:  # the cards need only the members: signed while the others sell
        issued.append(_issue_demo_cards(uow, ids, now=now))
        meanwhile()

    if not bulk:  # the cards first here too: the same rows in the same order as the bulk load
        cards_and_the_rest()
        sell(uow, visits)
    else:
        with uow:
            sales = DemoSales.after(uow)
        rows, caches = sell_on_cores(sales, visits, member_of=lambda visit: visit.member, sell=sell,
                                     processes=cores(len(visits)) if processes is None else processes,
                                     meanwhile=cards_and_the_rest)
        with uow:
            write_sales(uow, rows, caches)
    return {"products": len(catalogue), "members": len(ids), "receipts": len(visits), "cards": issued[0]}


def _issue_demo_cards(uow: SqlUnitOfWork, member_ids: list[str], *, now: datetime) -> int:
    """One printed card per member, signed by the issuer key in `<db>.keys/` (made on first use)."""
    # The demo is built in `<db>.building` and renamed at the end; the keys belong beside the final name.
    building = Path(str(uow.engine.url.database))
    final = building.with_name(building.name.removesuffix(".building"))
    issuer = KeyDirectory.next_to(final).issuer()
    store = SqlCardStore.within(uow, clock=lambda: now)
    with uow:
        for member_id in member_ids:
            issue_card(store, issuer, member_id=MemberId(member_id), at=now)
    return len(member_ids)
