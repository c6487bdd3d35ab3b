"""Base45 is the text form of a code: exact round trips, one text per byte string."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_loyalty.cards.base45 import Base45Error, b45decode, b45encode


def test_base45_matches_the_rfc_9285_examples():
    assert b45encode(b"AB") == "BB8"
    assert b45encode(b"Hello!!") == "%69 VD92EX0"
    assert b45decode("QED8WEX0", max_bytes=10) == b"ietf!"


@given(st.binary(max_size=200))
def test_any_bytes_round_trip_through_base45(data):
    assert b45decode(b45encode(data), max_bytes=200) == data


@pytest.mark.parametrize("text", ["GGW", "A", "ABCD", "abc", "ÄÄÄ"])
def test_non_canonical_base45_is_refused(text):
    with pytest.raises(Base45Error):
        b45decode(text, max_bytes=10)


def test_base45_refuses_text_that_would_decode_past_the_cap():
    with pytest.raises(Base45Error):
        b45decode("000" * 11, max_bytes=20)
