"""The customer display says what the stamps are for, in the card's own name, in both languages."""
from __future__ import annotations


def test_stamps_left_name_the_card_in_english_and_chinese(qapp):
    from ui.customer_display.window import card_note
    from ui.i18n import set_language, tr

    set_language("en")
    assert card_note("Coffee card", 8) == "8 more stamps on your Coffee card for a free one"
    assert card_note("Coffee card", 1) == "1 more stamp on your Coffee card for a free one"
    assert card_note("Coffee card", 0) == "Your Coffee card is full: your next one is free"
    set_language("zh_TW")
    try:
        assert card_note(tr("Coffee card"), 8) == "咖啡集點卡再集 8 章，換一份免費"
        assert card_note(tr("Coffee card"), 0) == "咖啡集點卡已集滿：下一份免費"
    finally:
        set_language("en")


def test_chinese_explanations_carry_the_chinese_product_and_card_names(qapp):
    from ui.i18n import know_name, pick, set_language

    know_name("Americano", "美式咖啡")
    know_name("Americano (large)", "美式咖啡（大）")
    know_name("Coffee card")
    texts = {"en": "Coffee card full: 1 free Americano (large)", "zh_TW": "Coffee card 已集滿：Americano (large) 免費 1 杯"}
    set_language("zh_TW")
    try:
        assert pick(texts) == "咖啡集點卡 已集滿：美式咖啡（大） 免費 1 杯"
    finally:
        set_language("en")
    assert pick(texts) == "Coffee card full: 1 free Americano (large)"
