"""Names in the shop's languages: `names` on cards, promotions, tiers, prizes and prize items."""
from __future__ import annotations

import pytest

from pos_loyalty.errors import InvalidInput

from .builders import (
    amount_off, card, checkout, coffee, lucky_draw, make_program, match, member, multiplier, nth_item, points,
    promo, read_program, program_doc, tiers, when,
)

GOLD = {"name": "gold", "min_spend": 6000, "earn_multiplier": 2, "percent_off": 2, "names": {"zh_TW": "金卡"}}


def named_program(**overrides):
    sections = dict(
        points=points(),
        tiers=tiers("previous_month", {"name": "bronze", "min_spend": 0}, GOLD),
        stamp_cards=[card(names={"zh_TW": "咖啡卡"})],
        promotions=[promo("second", nth_item(2, 50, match("coffee")), name="2nd coffee half price",
                          names={"zh-TW": "第二杯半價"}),
                    promo("tuesday", multiplier(2), name="Member Tuesday", names={"zh_TW": "會員星期二"})],
    )
    sections.update(overrides)
    return make_program(**sections)


def gold_member(**rest):
    return member(history=[(when("2026-10-05T12:00"), 6000)], **rest)


def zh(texts):
    return [text["zh_TW"] for text in texts]


def test_a_chinese_explanation_uses_the_promotion_card_and_tier_names_given_for_zh_TW():
    receipt = checkout(named_program(), [coffee(65, 2)], member=gold_member(stamps={"coffee": 10}))
    texts = zh(a.explain for a in receipt.adjustments)
    assert any(text.startswith("咖啡卡 集滿") for text in texts)
    assert any(text.startswith("金卡 會員") for text in texts)


def test_an_english_explanation_keeps_the_plain_name():
    receipt = checkout(named_program(), [coffee(65, 2)], member=gold_member(stamps={"coffee": 10}))
    assert "Coffee card full: 1 free Latte" in [a.explain["en"] for a in receipt.adjustments]


def test_zh_dash_TW_in_the_file_is_the_same_language_as_zh_TW():
    receipt = checkout(named_program(), [coffee(65, 2)], member=gold_member())
    assert any(text.startswith("第二杯半價：") for text in zh(a.explain for a in receipt.adjustments))


def test_the_points_multipliers_are_named_in_the_language_of_the_explanation():
    receipt = checkout(named_program(), [coffee(65, 4)], member=gold_member())
    earned = next(e.explain for e in receipt.earnings if e.source == "points" and e.points > 0)
    assert "金卡 x2" in earned["zh_TW"] and "會員星期二 x2" in earned["zh_TW"]
    assert "gold x2" in earned["en"] and "Member Tuesday x2" in earned["en"]


def test_a_name_without_a_translation_falls_back_to_its_name():
    program = named_program(promotions=[promo("ten", amount_off(10), name="Ten off")])
    receipt = checkout(program, [coffee(65, 1)], member=gold_member())
    assert "Ten off：整筆折 NT$10" in zh(a.explain for a in receipt.adjustments)


def test_an_english_name_in_names_is_used_for_english():
    program = named_program(promotions=[promo("ten", amount_off(10), name="Ten off", names={"en": "Ten dollars off"})])
    receipt = checkout(program, [coffee(65, 1)], member=gold_member())
    assert "Ten dollars off: NT$10 off the order" in [a.explain["en"] for a in receipt.adjustments]


def test_a_prize_and_its_item_are_named_in_each_language():
    prize = {"name": "Cookie prize", "names": {"zh_TW": "餅乾獎"}, "weight": 1,
             "item": {"sku": "C", "name": "Cookie", "names": {"zh_TW": "餅乾"}, "cost": 5}}
    program = named_program(promotions=[promo("draw", lucky_draw(prize), name="Lucky", names={"zh_TW": "幸運"})])
    receipt = checkout(program, [coffee(65, 1)], member=gold_member())
    text = next(e.explain for e in receipt.earnings if e.source == "lucky_draw:draw")
    assert text["zh_TW"] == "幸運抽獎（幸運）：餅乾獎，贈送 1 份 餅乾"
    assert text["en"] == "Lucky draw (Lucky): Cookie prize, take 1 Cookie"


def test_the_draw_on_the_receipt_keeps_the_prize_name_and_no_names():
    prize = {"name": "Cookie prize", "names": {"zh_TW": "餅乾獎"}, "weight": 1,
             "item": {"sku": "C", "name": "Cookie", "names": {"zh_TW": "餅乾"}, "cost": 5}}
    program = named_program(promotions=[promo("draw", lucky_draw(prize), name="Lucky")])
    out = checkout(program, [coffee(65, 1)], member=gold_member()).to_dict()
    assert out["draws"] == [{"promotion": "draw", "prize": "Cookie prize"}]
    assert out["prizes"][0]["item"] == {"sku": "C", "name": "Cookie", "cost": 5}


def test_names_change_no_figure_of_the_receipt():
    plain = make_program(points=points(), tiers=tiers("previous_month", {"name": "bronze", "min_spend": 0},
                                                      {k: v for k, v in GOLD.items() if k != "names"}),
                         stamp_cards=[card()],
                         promotions=[promo("second", nth_item(2, 50, match("coffee")), name="2nd coffee half price"),
                                     promo("tuesday", multiplier(2), name="Member Tuesday")])
    basket = [coffee(65, 3)]
    named = checkout(named_program(), basket, member=gold_member(stamps={"coffee": 10})).to_dict()
    bare = checkout(plain, basket, member=gold_member(stamps={"coffee": 10})).to_dict()
    for receipt in (named, bare):
        for adjustment in receipt["adjustments"]:
            adjustment.pop("explain_i18n")
        receipt.pop("earnings")
    assert named == bare


def test_names_in_a_language_the_terminal_does_not_show_are_kept_and_ignored():
    program = named_program(stamp_cards=[card(names={"ja": "コーヒーカード", "zh_TW": "咖啡卡"})])
    assert program.stamp_cards[0].names == {"ja": "コーヒーカード", "zh_TW": "咖啡卡"}
    receipt = checkout(program, [coffee(65, 1)], member=gold_member(stamps={"coffee": 10}))
    assert set(receipt.adjustments[0].explain) == {"en", "zh_TW"}


def test_name_in_accepts_either_spelling_of_the_tag():
    level = named_program().tiers.levels[1]
    assert level.name_in("zh-TW") == level.name_in("zh_TW") == "金卡"
    assert level.name_in("ja") == "gold"


@pytest.mark.parametrize("names, words", [
    ({"zh TW": "咖啡卡"}, ["stamp_cards.0.names", "language tag"]),
    ({"": "咖啡卡"}, ["stamp_cards.0.names", "language tag"]),
    ({"chinese-traditional-taiwan": "咖啡卡"}, ["language tag"]),
    ({"zh_TW": ""}, ["stamp_cards.0.names", "empty"]),
    ({"zh_TW": "   "}, ["empty"]),
    ({"zh_TW": "咖啡卡", "zh-TW": "咖啡集點卡"}, ["twice"]),
    ({"zh_TW": 5}, ["text"]),
    ("咖啡卡", ["object"]),
])
def test_a_malformed_tag_or_an_empty_name_is_refused_naming_the_field(names, words):
    with pytest.raises(InvalidInput) as caught:
        read_program(program_doc(stamp_cards=[card(names=names)]))
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_names_on_a_tier_level_and_a_prize_item_are_checked_too():
    with pytest.raises(InvalidInput, match="tiers.levels.1.names"):
        read_program(program_doc(tiers=tiers("previous_month", {"name": "bronze", "min_spend": 0},
                                             {**GOLD, "names": {"zh_TW": ""}})))
    prize = {"name": "P", "weight": 1, "item": {"sku": "C", "name": "Cookie", "names": {"1x": "餅乾"}, "cost": 5}}
    with pytest.raises(InvalidInput, match="item.names"):
        read_program(program_doc(promotions=[promo("draw", lucky_draw(prize))]))
