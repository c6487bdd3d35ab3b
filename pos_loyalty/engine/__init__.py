"""The loyalty engine: pure functions from (program, member, basket, instant, rng) to a receipt."""
from pos_loyalty.engine.basket import BasketLine
from pos_loyalty.engine.evaluate import evaluate
from pos_loyalty.engine.member import CardState, MemberId, MemberState, PointLot, SpendRecord
from pos_loyalty.engine.receipt import Receipt

__all__ = ["evaluate", "BasketLine", "MemberState", "MemberId", "PointLot", "CardState", "SpendRecord", "Receipt"]
