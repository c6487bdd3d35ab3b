"""The member's card: a CR80 PDF for the card printer and a PNG for phone wallets."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont, widthsByUnichar
from reportlab.pdfgen.canvas import Canvas

from pos_loyalty.cards.symbols import code128_modules, modules_image, png_bytes, qr_modules

CR80_MM = (85.6, 54.0)
CJK_PDF_FONT = "MSung-Light"  # reportlab's built-in Traditional Chinese CID font: no font file needed
WALLET_PX = (1012, 638)  # CR80 at 300 dpi

# Fonts tried for the wallet PNG, CJK-capable first; Pillow's built-in font is the last resort.
_PNG_FONTS = (
    "resources/fonts/NotoSansTC-Regular.otf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


@dataclass(frozen=True)
class CardFace:
    """What is printed on a card."""

    shop_name: str
    member_name: str
    member_number: str  # plain number, as Code128 and as text
    code: str  # the signed LY1 text, as QR


def card_pdf(face: CardFace) -> bytes:
    """One CR80 page (85.6 x 54 mm): shop, member, number, QR on the right, Code128 along the bottom."""
    if CJK_PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_TraditionalChineseFont())
    out = io.BytesIO()
    width, height = CR80_MM[0] * mm, CR80_MM[1] * mm
    pdf = Canvas(out, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{face.shop_name} member card")
    margin = 4 * mm
    pdf.setFont(_pdf_font(face.shop_name, bold=True), 10)
    pdf.drawString(margin, height - margin - 8, face.shop_name)
    pdf.setFont(_pdf_font(face.member_name), 9)
    pdf.drawString(margin, height - margin - 24, face.member_name)
    pdf.setFont("Courier", 8)
    pdf.drawString(margin, height - margin - 36, face.member_number)
    qr_side = 30 * mm
    _draw_modules(pdf, qr_modules(face.code), x=width - margin - qr_side, y=height - margin - qr_side, side=qr_side)
    _draw_bars(pdf, code128_modules(face.member_number), x=margin, y=margin, width=width - 2 * margin - qr_side - 3 * mm,
               height=9 * mm)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def wallet_png(face: CardFace) -> bytes:
    """The same card as a 1012 x 638 PNG for a phone wallet."""
    card = Image.new("L", WALLET_PX, 255)
    draw = ImageDraw.Draw(card)
    draw.text((48, 40), face.shop_name, fill=0, font=_png_font(44))
    draw.text((48, 120), face.member_name, fill=0, font=_png_font(40))
    draw.text((48, 180), face.member_number, fill=0, font=_png_font(32))
    qr = modules_image(qr_modules(face.code), module_px=1, quiet_zone=4)
    qr = qr.resize((400, 400), Image.Resampling.NEAREST)
    card.paste(qr, (WALLET_PX[0] - 400 - 24, 24))
    bars = code128_modules(face.member_number)
    module_px = max(1, 520 // len(bars))
    card.paste(modules_image(bars, module_px=module_px, quiet_zone=0, height_px=120), (48, WALLET_PX[1] - 48 - 120))
    return png_bytes(card)


class _TraditionalChineseFont(UnicodeCIDFont):
    """MSung-Light with the Traditional Chinese CMap (UniCNS-UCS2-H).

    reportlab 5.1 pairs MSung-Light with UniGB-UCS2-H, the Simplified Chinese CMap, which
    maps Unicode to the wrong glyph collection: viewers show wrong characters or none.
    """

    def __init__(self) -> None:  # noqa: D107 - mirrors UnicodeCIDFont.__init__ with the right CMap
        CIDFont.__init__(self, CJK_PDF_FONT, "UniCNS-UCS2-H")
        self.language = "cht"
        self.name = self.fontName = CJK_PDF_FONT
        self.vertical = False
        self.isHalfWidth = False
        self.unicodeWidths = widthsByUnichar[CJK_PDF_FONT]


# Latin text beyond ASCII ("Loyalty Café") in a TrueType font embedded in the PDF: MSung-Light is
# one of the PDF's standard CJK fonts, which a viewer must bring itself (poppler without its CNS1
# pack showed nothing at all). Chinese comes from Noto Sans CJK TC, embedded (cards/cjk_font.py).
_LATIN_TTF = {False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}


def _pdf_font(text: str, *, bold: bool = False) -> str:
    if text.isascii():
        return "Helvetica-Bold" if bold else "Helvetica"
    if all(ord(ch) < 0x2E80 for ch in text) and Path(_LATIN_TTF[bold]).exists():
        name = "DejaVuSans-Bold" if bold else "DejaVuSans"
        if name not in pdfmetrics.getRegisteredFontNames():
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont(name, _LATIN_TTF[bold]))
        return name
    from pos_loyalty.cards.cjk_font import embedded_font
    return embedded_font(text, bold=bold) or CJK_PDF_FONT  # MSung-Light only where Noto Sans CJK is missing


def _draw_modules(pdf: Canvas, modules, *, x: float, y: float, side: float) -> None:
    size = side / modules.shape[0]
    pdf.setFillGray(0)
    for row, col in zip(*modules.nonzero()):
        pdf.rect(x + col * size, y + side - (row + 1) * size, size * 1.01, size * 1.01, stroke=0, fill=1)


def _draw_bars(pdf: Canvas, bars, *, x: float, y: float, width: float, height: float) -> None:
    size = width / len(bars)
    pdf.setFillGray(0)
    for col in bars.nonzero()[0]:
        pdf.rect(x + col * size, y, size, height, stroke=0, fill=1)


def _png_font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for candidate in _PNG_FONTS:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)
