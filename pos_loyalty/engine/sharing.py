"""Sharing an amount out over basket lines in proportion to their net, exactly to the unit."""
from __future__ import annotations

from fractions import Fraction
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
        if weight_sum == 0:
            weighted = {i: Fraction(remaining, len(open_lines)) for i in open_lines}
        else:
            weighted = {i: Fraction(remaining * weights[i], weight_sum) for i in open_lines}
        given = {i: min(int(weighted[i]), caps[i] - shares[i]) for i in open_lines}
        left = remaining - sum(given.values())
        by_remainder = sorted(open_lines, key=lambda i: (-(weighted[i] - int(weighted[i])), i))
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
