"""Languages at runtime: Qt translators from resources/i18n/*.qm, switched while the till runs.

`tr(text)` is the one call every user-visible string goes through (context "Till"). Widgets
re-read their strings in `retranslate()` when Qt sends LanguageChange. Texts the core already
carries in both languages (explanations, verifier messages) are picked with `pick()`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QCoreApplication, QTranslator

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
CONTEXT = "Till"
LANGUAGES = ("en", "zh_TW")

_state: dict[str, object] = {"language": "en", "translator": None}


def tr(text: str, disambiguation: Optional[str] = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def language() -> str:
    return str(_state["language"])


_names: dict[str, str] = {}  # English name -> Chinese name, for names the engine writes into its zh_TW texts


def know_name(english: str, chinese: Optional[str] = None) -> None:
    """A product or card name and its Chinese form (None: the translation table's, via tr()).
    The program carries one name only, so the engine's Chinese explanations say
    "Coffee card 加 2 點"; `pick()` puts the Chinese name in."""
    if english and chinese != english:
        _names[english] = chinese or ""


_program_names: dict[str, dict[str, str]] = {}  # "card:coffee" -> {"zh_TW": "咖啡集點卡", ...}


def set_program_names(names: dict[str, dict[str, str]]) -> None:
    """The active program's `names` for its cards, tiers and promotions (TillBackend.shop_info)."""
    _program_names.clear()
    _program_names.update(names)


def program_name(key: str, name: str) -> str:
    """A card, tier or promotion (`key` "card:coffee", "tier:gold", "promotion:ID") in the till's
    language: the program's own `names` where it gives one, else the translation table's."""
    given = _program_names.get(key, {}).get(language())
    return given if given else tr(name)


def pick(texts: Optional[dict], fallback: str = "") -> str:
    """The current language's text from an {en, zh_TW} dict (engine explanations)."""
    if not texts:
        return fallback
    text = texts.get(language())
    if text and language() == "zh_TW":
        for english in sorted((n for n in _names if n in text), key=len, reverse=True):  # "Latte (large)" first
            text = text.replace(english, _names[english] or tr(english))
        return text
    return text or texts.get("en") or fallback


def set_language(code: str) -> bool:
    """Install the translator for `code` ("en" removes it). Qt then sends LanguageChange to every widget."""
    app = QCoreApplication.instance()
    if code not in LANGUAGES:
        raise ValueError(f"language: {code!r} is not one of {', '.join(LANGUAGES)}")
    old = _state["translator"]
    if old is not None:
        app.removeTranslator(old)  # type: ignore[arg-type]
        _state["translator"] = None
    loaded = True
    if code != "en":
        translator = QTranslator(app)
        loaded = translator.load(str(I18N / f"till_{code}.qm"))
        if loaded:
            app.installTranslator(translator)
            _state["translator"] = translator
    _state["language"] = code
    from PySide6.QtCore import QEvent

    # Qt posts LanguageChange to every window; deliver it now so the switch is immediate.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
    return loaded

