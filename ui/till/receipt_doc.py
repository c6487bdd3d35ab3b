"""The receipt as rows of (left, right, style), shown on screen as HTML, saved as PDF (receipt_pdf.py)
and printed on the thermal printer.

Lines, the discounts under each with their reasons, points used / earned / balance, stamp
progress and the receipt's QR (a receipt reference, RCPT:<id>; never the member number, which
would let anyone holding the receipt be taken for the member).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Optional

from ui.i18n import pick, program_name, tr
from ui.widgets.money import money
from ui.widgets.shop_time import shop_time


@dataclass
class ReceiptDoc:
    title: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # left, right, style: item|why|sum|total|note
    qr_text: Optional[str] = None


def build(receipt: dict, *, receipt_id: str, tenders: list[dict], member: Any = None,
          names: Optional[dict[str, str]] = None, shop: str = "Loyalty Café", zone: Optional[str] = None) -> ReceiptDoc:
    """`zone`: the program's time zone, in which the receipt's time is written (UTC if None)."""
    names = names or {}
    doc = ReceiptDoc(title=shop)
    rows = doc.rows
    rows.append((tr("Receipt {id}").format(id=receipt_id[-8:]), shop_time(receipt["at"], zone), "note"))
    per_line: dict[int, list[tuple[str, int]]] = {}
    for adjustment in receipt["adjustments"]:
        for part in adjustment["lines"]:
            per_line.setdefault(part["line"], []).append((pick(adjustment.get("explain_i18n"), adjustment["explain"]),
                                                          part["amount"]))
    for line in receipt["lines"]:
        name = names.get(line["sku"], line["name"])
        rows.append((f"{name}  {line['qty']} × {money(line['price'])}", money(line["gross"]), "item"))
        for text, amount in per_line.get(line["line"], []):
            rows.append(("  " + text, money(-amount), "why"))
    rows.append((tr("Subtotal"), money(receipt["subtotal"]), "sum"))
    if receipt["discount_total"]:
        rows.append((tr("Discounts"), money(-receipt["discount_total"]), "sum"))
    if receipt["points_used"]:
        rows.append((tr("Points used: {points}").format(points=receipt["points_used"]),
                     money(-receipt["points_value"]), "sum"))
    rows.append((tr("TOTAL"), money(receipt["total"]), "total"))
    for tender in tenders:
        rows.append((tr(tender["method"].capitalize()), money(tender["amount"]), "sum"))
    paid = sum(t["amount"] for t in tenders)
    if paid > receipt["total"]:
        rows.append((tr("Change"), money(paid - receipt["total"]), "sum"))
    if receipt.get("member"):
        rows.append((tr("Points earned"), f"+{receipt['points_earned']}", "sum"))
        if receipt.get("points_balance") is not None:
            rows.append((tr("Points balance"), f"{receipt['points_balance']:,}", "sum"))
        for earning in receipt["earnings"]:
            rows.append((pick(earning.get("explain_i18n"), earning["explain"]), "", "why"))
        if member is not None:
            for card in member.summary.cards:
                dots = "●" * min(card.count, card.required) + "○" * max(card.required - card.count, 0)
                rows.append((f"{program_name(f'card:{card.card}', card.name)} {dots}", f"{card.count}/{card.required}", "note"))
        from pos_loyalty.cards.scan import receipt_reference

        doc.qr_text = receipt_reference(receipt_id)
    for note in receipt.get("notes_i18n", []):
        rows.append((pick(note), "", "why"))
    rows.append((tr("Thank you!"), "", "note"))
    return doc


def build_refund(refund: dict, *, receipt: dict, at: str, shop: str = "Loyalty Café",
                 zone: Optional[str] = None) -> ReceiptDoc:
    """The refund slip: the lines taken back, what was settled and why (the refund's own explanation
    lines, in the till's language), and the money back."""
    doc = ReceiptDoc(title=shop)
    rows = doc.rows
    rows.append((tr("Refund {id}").format(id=refund["refund_id"][-8:]), shop_time(at, zone), "note"))
    rows.append((tr("Receipt {id}").format(id=receipt["id"][-8:]), shop_time(receipt["at"], zone), "note"))
    by_number = {line["line"]: line for line in receipt["lines"]}
    for number in refund["lines"]:
        line = by_number[number]
        rows.append((f"{line['name']}  {line['qty']} × {money(line['price'])}", money(line["gross"]), "item"))
    explain = refund.get("explain_i18n") or [{"en": text} for text in refund.get("explain", [])]
    for text in explain[1:]:  # the first line is the money back, written below as the total
        rows.append((pick(text), "", "why"))
    rows.append((tr("MONEY BACK"), money(refund["amount"]), "total"))
    if refund.get("reason"):
        rows.append((tr("Reason: {reason}").format(reason=refund["reason"]), "", "note"))
    return doc


def to_html(doc: ReceiptDoc) -> str:
    out = [f"<h2 style='margin:0'>{html.escape(doc.title)}</h2><table width='100%' cellspacing='0' cellpadding='2'>"]
    for left, right, style in doc.rows:
        l, r = html.escape(left), html.escape(right)
        if style == "total":
            out.append(f"<tr><td style='font-size:22pt;font-weight:bold'>{l}</td>"
                       f"<td align='right' style='font-size:22pt;font-weight:bold'>{r}</td></tr>")
        elif style == "why":
            out.append(f"<tr><td style='color:#2e9e5b;font-style:italic'>{l}</td><td align='right' "
                       f"style='color:#2e9e5b'>{r}</td></tr>")
        elif style == "note":
            out.append(f"<tr><td style='color:gray'>{l}</td><td align='right' style='color:gray'>{r}</td></tr>")
        else:
            out.append(f"<tr><td>{l}</td><td align='right'>{r}</td></tr>")
    out.append("</table>")
    return "".join(out)
