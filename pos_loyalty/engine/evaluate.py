"""evaluate(): one checkout through the seven phases of shared/spec/rules.md. Pure and deterministic."""
from __future__ import annotations

import random
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Mapping, Optional, Sequence

from pos_loyalty.engine import points as points_rules
from pos_loyalty.engine.basket import BasketLine, Unit, units_of
from pos_loyalty.engine.conditions import Occasion, calendar_allows, promotion_applies
from pos_loyalty.engine.explain import Phrase, explain
from pos_loyalty.engine.member import MemberState
from pos_loyalty.engine.promotions import best_of, by_group, item_discounts, order_discount, price_value
from pos_loyalty.engine.receipt import Adjustment, Draw, Earning, LineResult, Receipt
from pos_loyalty.engine.sharing import share_out
from pos_loyalty.engine.stamps import earn_stamps, open_cards, redeem_free_items
from pos_loyalty.engine.tiers import basis_window, level_for, spend_in_window
from pos_loyalty.types import MAX_MONEY, MAX_POINTS
from pos_loyalty.errors import InvalidInput
from pos_loyalty.money import exact, format_money, format_number, percent_of
from pos_loyalty.program import Named, Program, Promotion, StampCard, TierLevel

MAX_UNITS = 100_000  # units in one checkout


def evaluate(program: Program, member: Optional[MemberState], basket: Sequence[BasketLine], *,
             at: datetime, rng: random.Random, redeem_points: points_rules.RedeemAsk = 0,
             redeem_cards: Sequence[str] = (), draw: bool = True,
             recorded_draws: Optional[Mapping[str, str]] = None) -> Receipt:
    """The receipt for `basket` bought by `member` (None: a guest) at instant `at`.

    `draw=False` is for previews while the basket is built: lucky draws are announced, not drawn,
    so the total shown before payment is never lower than the one paid.
    `recorded_draws` (promotion id -> prize name) is for refunds re-evaluating the lines kept: a draw
    takes its recorded outcome and `rng` is never asked; a draw with no recorded outcome is not made.
    """
    _refuse_impossible_requests(program, member, redeem_points, redeem_cards)
    basket = list(basket)
    _refuse_impossible_basket(basket)
    money = lambda amount: format_money(amount, code=program.currency.code, exponent=program.currency.exponent)  # noqa: E731
    units = units_of(basket)
    receipt = Receipt(currency=program.currency.code, exponent=program.currency.exponent,
                      program_version=program.version, at=at, member_id=member.id if member else None,
                      subtotal=sum(line.gross for line in basket),
                      lines=[LineResult(index=i, sku=line.sku, name=line.name, category=line.category,
                                        price=line.price, qty=line.qty) for i, line in enumerate(basket)])
    tier = _tier(program, member, at, receipt)
    occasion = Occasion(at=at, zone=program.zone, member=member, tier=tier, subtotal=receipt.subtotal,
                        units=tuple(units))
    applicable = [promo for promo in _on_calendar(program, occasion.local.date())
                  if promotion_applies(promo, occasion, on_calendar=True)]
    left_out: set[str] = set()

    # Phase 1: stamp rewards (free items now, order rewards in phase 3).
    open_cards(program, member, at, receipt)
    order_rewards = redeem_free_items(program, basket, units, set(redeem_cards), receipt)

    # Phase 2: item promotions. Groups holding an item effect pick their winner now.
    groups = by_group(p for p in applicable if not p.is_points_effect)
    for members_of_group in groups.values():
        if any(p.is_item_effect for p in members_of_group):
            left_out |= _losers(members_of_group, units, receipt.subtotal - _unit_discounts(units))
    for promo in sorted((p for p in applicable if p.is_item_effect and p.id not in left_out),
                        key=lambda p: (p.priority, p.id)):
        _apply_item_promotion(promo, basket, units, receipt, money)

    # Phase 3: order discounts, then lucky-draw prizes.
    item_off = [0] * len(receipt.lines)  # one pass over the units, not one per line
    for unit in units:
        item_off[unit.line] += unit.discount
    net_after_items = [line.gross - item_off[line.index] for line in receipt.lines]
    for line, net in zip(receipt.lines, net_after_items):
        line.item_discount = line.gross - net
    left = sum(net_after_items)
    for members_of_group in groups.values():
        if not any(p.is_item_effect for p in members_of_group):
            left_out |= _losers(members_of_group, units, left)
    left = _apply_order_discounts(program, order_rewards, applicable, left_out, tier, left,
                                  net_after_items, receipt, money, asked=set(redeem_cards))
    if draw:
        left = _draw(applicable, rng, left, net_after_items, receipt, recorded_draws)
    else:
        for promo in sorted((p for p in applicable if p.effect.type == "lucky_draw"), key=lambda p: (p.priority, p.id)):
            receipt.earnings.append(Earning(source=f"lucky_draw:{promo.id}",
                                            explain=explain("draw_pending", promotion=promo)))
    receipt.discount_total = sum(adjustment.amount for adjustment in receipt.adjustments)

    # Phase 4 and 5: points as tender, amount due.
    if member is not None:
        usable, expired = points_rules.usable_lots(program.points, member, at)
        receipt.points.expired = expired
        receipt.points.balance_before = sum(lot.points for lot in usable)
        if expired:
            # Expiry is news, not a "why not": it goes with the expiries, never into notes.
            lapsed = sum(lot.points for lot in expired)
            receipt.expiries.append(Earning(source="points", points=-lapsed,
                                            explain=explain("note_points_expired", points=lapsed)))
        if program.points is not None and program.points.redeem is not None:
            used = points_rules.tender(program.points, redeem_points, receipt.points.balance_before, left, receipt)
            if used:
                receipt.points_used = used
                receipt.points_value = used * program.points.redeem.value
                receipt.points.used_from = points_rules.take_oldest_first(usable, used)
                receipt.earnings.append(Earning(source="points", points=-used, explain=explain(
                    "points_used", points=f"{used:,}", amount=money(receipt.points_value))))
    receipt.total = left - receipt.points_value
    _share_tender(receipt, net_after_items)

    # Phase 6 and 7: earning, then the state after.
    if member is not None:
        _earn_points(program, applicable, left_out, tier, net_after_items, receipt, money)
        earn_stamps(program, units, at, receipt)
        receipt.points_balance = receipt.points.balance_before - receipt.points_used + receipt.points_earned
        receipt.stamps = {card: move.after for card, move in receipt.cards.items()}
    return receipt


def _on_calendar(program: Program, day: date) -> tuple[Promotion, ...]:
    """The promotions whose calendar conditions allow this local day, in programme order."""
    found = program.by_day.get(day)
    if found is None:
        found = program.by_day[day] = tuple(p for p in program.promotions if calendar_allows(p.conditions, day))
    return found


def _refuse_impossible_requests(program: Program, member: Optional[MemberState],
                                redeem_points: points_rules.RedeemAsk, redeem_cards: Sequence[str]) -> None:
    asks_points = redeem_points == "max" or (isinstance(redeem_points, int) and redeem_points > 0)
    if isinstance(redeem_points, bool) or not (redeem_points == "max" or
                                               (isinstance(redeem_points, int) and redeem_points >= 0)):
        raise InvalidInput("redeem_points: must be a whole number of points or \"max\"")
    if isinstance(redeem_points, int) and redeem_points > MAX_POINTS:
        raise InvalidInput(f"redeem_points: at most {MAX_POINTS:,} points at a time")
    if member is None and (asks_points or redeem_cards):
        raise InvalidInput("redeem_points/redeem_cards: a guest cannot redeem; scan a member first")
    if asks_points and (program.points is None or program.points.redeem is None):
        raise InvalidInput("redeem_points: this program does not let points pay (no points.redeem)")
    for card_id in redeem_cards:
        if program.card(card_id) is None:
            raise InvalidInput(f"redeem_cards: {card_id!r} is not a stamp card of this program")


def _refuse_impossible_basket(basket: Sequence[BasketLine]) -> None:
    # Rules work on single units; a mistyped quantity (1000000000) must be refused, not exhaust memory.
    units = sum(line.qty for line in basket)
    if units > MAX_UNITS:
        raise InvalidInput(f"basket: {units:,} units in one checkout; at most {MAX_UNITS:,} are allowed")
    total = sum(line.price * line.qty for line in basket)
    if total > MAX_MONEY:
        raise InvalidInput(f"basket: a total of {total:,} minor units; one checkout may come to at most {MAX_MONEY:,}")


def _tier(program: Program, member: Optional[MemberState], at: datetime, receipt: Receipt) -> Optional[TierLevel]:
    if member is None or program.tiers is None:
        return None
    level = level_for(program.tiers, spend_in_window(member.history, *basis_window(program.tiers, at, program.zone)))
    receipt.tier = level.name if level else None
    return level


def _unit_discounts(units: list[Unit]) -> int:
    return sum(unit.discount for unit in units)


def _losers(candidates: list[Promotion], units: list[Unit], left: int) -> set[str]:
    winner = best_of(candidates, lambda promo: price_value(promo, units, left))
    return {promo.id for promo in candidates if promo is not winner}


def _apply_item_promotion(promo: Promotion, basket: list[BasketLine], units: list[Unit],
                          receipt: Receipt, money) -> None:
    given = [(unit, amount) for unit, amount in item_discounts(promo, units) if amount > 0]
    if not given:
        return
    per_line: dict[int, int] = {}
    for unit, amount in given:
        unit.discount, unit.by = amount, f"promotion:{promo.id}"
        per_line[unit.line] = per_line.get(unit.line, 0) + amount
    total = sum(per_line.values())
    items = ", ".join(dict.fromkeys(basket[line].name for line in per_line))
    receipt.adjustments.append(Adjustment(source=f"promotion:{promo.id}", amount=total, kind="item", lines=per_line,
                                          explain=explain("promotion_items", promotion=promo,
                                                          amount=money(total), items=items)))
    receipt.promotions_used.append(promo.id)


def _apply_order_discounts(program: Program, order_rewards: list[StampCard], applicable: list[Promotion],
                           left_out: set[str], tier: Optional[TierLevel], left: int,
                           net_after_items: list[int], receipt: Receipt, money, *, asked: set[str]) -> int:
    steps: list[tuple] = [(0, 0, program.stamp_cards.index(card), "", card) for card in order_rewards]
    steps += [(p.priority, 1, 0, p.id, p) for p in applicable if p.is_order_effect and p.id not in left_out]
    if tier is not None and tier.percent_off is not None:
        steps.append((1000, 2, 0, tier.name, tier))
    for *_, rule in sorted(steps, key=lambda step: step[:4]):
        if isinstance(rule, StampCard):
            reward = rule.reward
            amount = (min(reward.amount, left) if reward.type == "amount_off"
                      else percent_of(left, reward.percent))
            if amount <= 0:  # the stamps stay on the card
                if rule.id in asked:
                    receipt.notes.append(explain("note_card_gives_nothing", card=rule))
                continue
            receipt.cards[rule.id].redeemed = rule.required
            receipt.cards_redeemed.append(rule.id)
            source = f"stamp_card:{rule.id}"
            text = (explain("card_amount_off", card=rule, amount=money(amount)) if reward.type == "amount_off"
                    else explain("card_percent_off", card=rule, percent=format_number(reward.percent)))
        elif isinstance(rule, Promotion):
            amount = order_discount(rule, left)
            if amount <= 0:
                continue
            source, text = f"promotion:{rule.id}", explain("promotion_order", promotion=rule, amount=money(amount))
            receipt.promotions_used.append(rule.id)
        else:
            amount = percent_of(left, rule.percent_off)
            if amount <= 0:
                continue
            source = f"tier:{rule.name}"
            text = explain("tier_percent_off", tier=rule, percent=format_number(rule.percent_off))
        left = _take_off_order(receipt, net_after_items, source, amount, text, left)
    return left


def _take_off_order(receipt: Receipt, net_after_items: list[int], source: str, amount: int, text, left: int,
                    kind: str = "order") -> int:
    caps = [line.gross - line.item_discount - line.order_discount for line in receipt.lines]
    shares = share_out(amount, net_after_items, caps)
    for line, share in zip(receipt.lines, shares):
        line.order_discount += share
    receipt.adjustments.append(Adjustment(source=source, amount=amount, explain=text, kind=kind,
                                          lines={i: s for i, s in enumerate(shares) if s}))
    return left - amount


def _draw(applicable: list[Promotion], rng: random.Random, left: int, net_after_items: list[int],
          receipt: Receipt, recorded: Optional[Mapping[str, str]] = None) -> int:
    """Each lucky draw in (priority, id) order takes one draw; percent prizes come off last."""
    for promo in sorted((p for p in applicable if p.effect.type == "lucky_draw"), key=lambda p: (p.priority, p.id)):
        prizes = promo.effect.prizes
        if recorded is not None:
            won = next((prize for prize in prizes if prize.name == recorded.get(promo.id)), None)
            if won is None:  # not drawn at the sale: a refund draws nothing
                continue
        else:
            r = rng.random() * sum(float(prize.weight) for prize in prizes)
            cumulative, won = 0.0, prizes[-1]
            for prize in prizes:
                cumulative += float(prize.weight)
                if cumulative > r:
                    won = prize
                    break
        item = won.item.model_dump(exclude={"names"}) if won.item else None
        receipt.draws.append(Draw(promotion=promo.id, prize=won.name, percent_off=won.percent_off, item=item))
        receipt.promotions_used.append(promo.id)
        if won.percent_off is not None:
            amount = percent_of(left, won.percent_off)
            text = explain("draw_percent_off", promotion=promo, prize=won,
                           percent=format_number(won.percent_off))
            if amount > 0:
                left = _take_off_order(receipt, net_after_items, f"lucky_draw:{promo.id}", amount, text, left, "prize")
            else:  # nothing left to take it off: still say what was won
                receipt.earnings.append(Earning(source=f"lucky_draw:{promo.id}", explain=text))
        else:
            key, params = ("draw_item", {"item": won.item}) if won.item else ("draw_thanks", {})
            receipt.earnings.append(Earning(source=f"lucky_draw:{promo.id}",
                                            explain=explain(key, promotion=promo, prize=won, **params)))
    return left


def _factors_in(factors: list[tuple[Named, Any]], language: str) -> str:
    """" (gold x2, Member Tuesday x2)": what multiplied the points, in `language`."""
    if not factors:
        return ""
    return f" ({', '.join(f'{rule.name_in(language)} x{format_number(factor)}' for rule, factor in factors)})"


def _share_tender(receipt: Receipt, net_after_items: list[int]) -> None:
    """Points tender over lines: whole points per line, so each line's money is points x value."""
    if not receipt.points_used:
        return
    value = receipt.points_value // receipt.points_used
    left = [line.gross - line.item_discount - line.order_discount for line in receipt.lines]
    points = share_out(receipt.points_used, net_after_items, [room // value for room in left])
    if sum(points) == receipt.points_used:
        for line, share in zip(receipt.lines, points):
            line.points_used, line.points_tender = share, share * value
        return
    # Only when whole points cannot fit the lines' remainders: share money and points apart.
    for line, share in zip(receipt.lines, share_out(receipt.points_value, net_after_items, left)):
        line.points_tender = share
    for line, share in zip(receipt.lines, share_out(receipt.points_used, net_after_items)):
        line.points_used = share


def _earn_points(program: Program, applicable: list[Promotion], left_out: set[str], tier: Optional[TierLevel],
                 net_after_items: list[int], receipt: Receipt, money) -> None:
    rules = program.points
    if rules is None:
        return
    earning_nets = [0 if line.category in rules.exclude_categories else net
                    for line, net in zip(receipt.lines, net_after_items)]
    spend = points_rules.eligible_spend(sum(net_after_items), sum(earning_nets), receipt.total)
    base = (spend // rules.earn.spend) * rules.earn.points
    multiplier = exact(tier.earn_multiplier) if tier else Fraction(1)
    chosen = [p for p in applicable if p.is_points_effect and p.exclusive_group is None]
    groups = by_group(p for p in applicable if p.is_points_effect)
    for name in sorted(groups):
        without = points_rules.earned_points(base, multiplier, chosen)
        winner = best_of(groups[name],
                         lambda p: points_rules.earned_points(base, multiplier, chosen + [p]) - without)
        chosen.append(winner)
    chosen.sort(key=lambda p: (p.priority, p.id))
    earned = points_rules.earned_points(base, multiplier, chosen)
    receipt.points_earned = earned
    for promo in chosen:
        others = [p for p in chosen if p is not promo]
        added = earned - points_rules.earned_points(base, multiplier, others)
        if added > 0:
            receipt.promotions_used.append(promo.id)
            if promo.effect.type == "points_multiplier":
                receipt.points_by_rule[f"promotion:{promo.id}"] = added
    if tier and tier.earn_multiplier != 1:
        added = earned - points_rules.earned_points(base, Fraction(1), chosen)
        if added > 0:
            receipt.points_by_rule[f"tier:{tier.name}"] = added
    factors = [(tier, tier.earn_multiplier)] if tier and tier.earn_multiplier != 1 else []
    factors += [(p, p.effect.factor) for p in chosen if p.effect.type == "points_multiplier"]
    bonus = sum(p.effect.points for p in chosen if p.effect.type == "bonus_points")
    if earned - bonus > 0:
        receipt.earnings.append(Earning(source="points", points=earned - bonus, explain=explain(
            "points_earned", points=f"{earned - bonus:,}", spend=money(spend),
            details=Phrase(lambda language: _factors_in(factors, language)))))
    for promo in chosen:
        if promo.effect.type == "bonus_points":
            receipt.earnings.append(Earning(source=f"promotion:{promo.id}", points=promo.effect.points,
                                            explain=explain("bonus_points", promotion=promo,
                                                            points=promo.effect.points)))
    weights = earning_nets if sum(earning_nets) else net_after_items
    for line, share in zip(receipt.lines, share_out(earned, weights)):
        line.points_earned = share
