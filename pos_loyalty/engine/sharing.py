"""Sharing an amount out over basket lines in proportion to their net, exactly to the unit."""
from __future__ import annotations

from typing import Optional, Sequence


def share_out(total: int, weights: Sequence[int], caps: Optional[Sequence[int]] = None) -> list[int]:
    """Split `total` over `weights` proportionally (largest remainder, ties to the earlier line).

    No share exceeds its cap (default: unlimited); what a capped line cannot take goes to the
    others. The shares always add up to `total` when the caps allow it.
    """
    count = len(weights)
    caps = list(caps) if caps is not None else [total] * count
    shares = [0] * count
    remaining = total
    open_lines = [i for i in range(count) if caps[i] > 0]
    while remaining > 0 and open_lines:
        weight_sum = sum(weights[i] for i in open_lines)
        # Each exact share as (whole part, remainder) over one common denominator: the same
        # arithmetic as a Fraction per line, which made sharing half of a checkout's time.
        if weight_sum == 0:
            weighted = {i: _whole_and_rest(remaining, len(open_lines)) for i in open_lines}
        else:
            weighted = {i: _whole_and_rest(remaining * weights[i], weight_sum) for i in open_lines}
        given = {i: min(weighted[i][0], caps[i] - shares[i]) for i in open_lines}
        left = remaining - sum(given.values())
        by_remainder = sorted(open_lines, key=lambda i: (-weighted[i][1], i))
        for i in by_remainder:
            if left == 0:
                break
            if given[i] < caps[i] - shares[i]:
                given[i] += 1
                left -= 1
        for i, amount in given.items():
            shares[i] += amount
        if left == remaining:  # nothing could be placed: every open line is at its cap
            break
        remaining = left
        open_lines = [i for i in open_lines if shares[i] < caps[i]]
    return shares


def _whole_and_rest(numerator: int, denominator: int) -> tuple[int, int]:
    """int(Fraction(numerator, denominator)) and the remainder's numerator over abs(denominator)."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    whole = numerator // denominator if numerator >= 0 else -(-numerator // denominator)
    return whole, numerator - whole * denominator
