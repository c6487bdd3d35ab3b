"""Chinese text in a card PDF with its glyphs embedded, from the system's Noto Sans CJK TC.

reportlab embeds only TrueType outlines, and Noto Sans CJK ships CFF (PostScript) outlines: the
card used to name MSung-Light, one of PDF's standard CJK fonts that the viewer must bring itself
(poppler without its CNS1 pack, Ghostscript and most printers drew nothing). Here the characters
of one text are cut out of Noto Sans CJK TC (fontTools' subsetter), their cubic outlines turned
into TrueType's quadratic ones (cu2qu, within 1/1000 em), and the small font that results is
registered with reportlab, which embeds it (/FontFile2) like any TrueType font.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Optional

FAMILY = "Noto Sans CJK TC"
FILES = {False: ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"),
         True: ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                "/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc")}


def font_file(*, bold: bool = False) -> Optional[Path]:
    """The Noto Sans CJK collection on this machine (fonts-noto-cjk), or None."""
    return next((Path(p) for p in FILES[bold] if Path(p).exists()), None)


def available() -> bool:
    try:
        import fontTools  # noqa: F401
    except ImportError:
        return False
    return font_file() is not None


def embedded_font(text: str, *, bold: bool = False) -> Optional[str]:
    """The reportlab font name that draws `text` from an embedded cut of Noto Sans CJK TC
    (registered on first use), or None when the font or fontTools is missing here."""
    from reportlab.pdfbase import pdfmetrics

    path = font_file(bold=bold)
    if path is None or not available():
        return None
    characters = "".join(sorted(set(text)))
    name = f"NotoSansCJKTC{'-Bold' if bold else ''}-{hashlib.sha1(characters.encode()).hexdigest()[:10]}"
    if name not in pdfmetrics.getRegisteredFontNames():
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(name, io.BytesIO(_truetype_cut(path, characters, postscript_name=name))))
    return name


def _truetype_cut(path: Path, characters: str, *, postscript_name: str) -> bytes:
    """The `characters` of Noto Sans CJK TC as a small TrueType font named `postscript_name`: every
    cut carries its own name, because reportlab keeps one face per PostScript name in a process (a
    second cut under Noto's own name drew a second member's name with the first cut's glyphs)."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
    options = subset.Options()
    options.layout_features = []      # a name on a card needs no OpenType layout
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    _cff_to_glyf(font)
    for record in font["name"].names:
        if record.nameID in (4, 6):     # full name and PostScript name: the face's identity
            record.string = postscript_name
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font) -> None:  # noqa: ANN001 - a fontTools TTFont
    """CFF outlines as TrueType glyphs (after fontTools' Snippets/otf2ttf.py)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = maxp.maxStorage = maxp.maxFunctionDefs = maxp.maxInstructionDefs = 0
    maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max((len(g.components if hasattr(g, "components") else []) for g in glyphs.values()),
                                    default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\000\001\000\000"
