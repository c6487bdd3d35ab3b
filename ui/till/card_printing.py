"""CardPrinting: the card a member was just given at enrolment, printed (Ctrl+K).

On the store's thermal printer when one is set: a slip with the shop's name, the member's name
and number and the card's signed QR, which scans at the till like the card itself. Without a
printer, the card is saved as the CR80 PDF (85.6 x 54 mm) for a card printer, and the till says
where. Only the card issued at this enrolment prints, and only while that member's sale is on:
a printed card verifies its holder, so it is never made for a member who was only typed in.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, QThreadPool, Signal

from ui.i18n import tr
from ui.worker import Operation, error_text, serial_pool


@dataclass(frozen=True)
class NewCard:
    member_id: str
    code: str  # the signed LY1 text the card's QR carries


@dataclass(frozen=True)
class CardTexts:
    """The slip's words, in the till's language (read on the GUI thread)."""

    heading: str
    number: str
    hint: str


def print_card(backend: Any, card: NewCard, texts: CardTexts, folder: Path) -> tuple[str, str]:
    """("printer", its address) when the store's printer took the card, else ("pdf", the file's path).
    Slow (a printer may take seconds to refuse): on the till's printer thread."""
    from pos_loyalty.cards.printed_card import CardFace, card_pdf
    from pos_loyalty.cards.scan import member_number_for
    from pos_loyalty.errors import NotFound
    from pos_loyalty.printing.slip import Slip
    from pos_loyalty.store_settings import read_settings

    with backend.uow().reading() as uow:
        settings = read_settings(uow)
        member = uow.member(card.member_id)
    if member is None:
        raise NotFound(f"No member {card.member_id} in this store: enrol them again (F4)")
    number = member_number_for(card.member_id)
    slip = Slip(title=settings.shop_name, qr_text=card.code, rows=[
        (texts.heading, "", "sum"), (member.name, "", "item"), (texts.number, number, "item"),
        (texts.hint, "", "note")])
    printer = backend.print_receipt(slip)
    if printer is not None:
        return "printer", printer
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"card-{card.member_id}.pdf"
    path.write_bytes(card_pdf(CardFace(shop_name=settings.shop_name, member_name=member.name,
                                       member_number=number, code=card.code)))
    return "pdf", str(path)


class CardPrinting(QObject):
    finished = Signal(str, str)   # message for the cashier, kind (ok / error / info)

    def __init__(self, backend: Any, folder: Path, *, pool: Optional[QThreadPool] = None,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.folder = folder
        self.card: Optional[NewCard] = None
        self.pool = pool or serial_pool("till-printer")  # the receipts' printer thread: jobs never interleave

    def issued(self, view: Any, code: str) -> None:
        """Enrolment gave this member a card: Ctrl+K prints it while their sale is on."""
        self.card = NewCard(member_id=view.summary.member.id, code=code)

    def follow(self, view: Any) -> None:
        """The sale's member changed: the card printed is only ever the one of the member being served."""
        member_id = view.summary.member.id if view is not None else None
        if self.card is not None and member_id != self.card.member_id:
            self.card = None

    def print_card(self) -> Optional[Operation]:
        card = self.card
        if card is None:
            self.finished.emit(tr("Ctrl+K prints a new member's card right after enrolment (F4)."), "info")
            return None
        texts = CardTexts(heading=tr("MEMBER CARD"), number=tr("Member number"),
                          hint=tr("Show this code at the till to collect and spend points."))
        return Operation(lambda: print_card(self.backend, card, texts, self.folder), parent=self).success(
            self._printed).failure(lambda error: self.finished.emit(error_text(error), "error")).run(self.pool)

    def _printed(self, result: tuple[str, str]) -> None:
        where, name = result
        if where == "printer":
            self.finished.emit(tr("Card printed on {printer}").format(printer=name), "ok")
        else:
            self.finished.emit(tr("No receipt printer is set up: the card is saved for the card printer as {path}")
                               .format(path=name), "ok")
