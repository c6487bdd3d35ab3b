"""Whatever a scanner hands over, verification answers with a verdict and never raises.

The quick tests run on every `pytest`; the 10,000+-input runs are marked slow:
    .venv/bin/python -m pytest tests/unit/cards -m slow
"""

from __future__ import annotations

import random

import pytest
from cards_testkit import NOON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_loyalty.cards.base45 import ALPHABET, b45decode, b45encode
from pos_loyalty.cards.payload import PREFIX
from pos_loyalty.cards.verdict import Reason

QUICK = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LARGE = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LARGE_MUTATIONS = settings(max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

any_text = st.one_of(
    st.text(max_size=600),
    st.text(alphabet=ALPHABET, max_size=300).map(lambda t: PREFIX + t),
    st.binary(max_size=260).map(lambda b: PREFIX + b45encode(b)),
    st.binary(max_size=40).map(lambda b: PREFIX + b45encode(bytes([1]) + b)),
    st.binary(max_size=200).map(lambda b: PREFIX + b45encode(bytes([2]) + b)),
)


def mutated(card_text: str, rng: random.Random) -> str:
    raw = bytearray(b45decode(card_text[len(PREFIX):], max_bytes=400))
    for _ in range(rng.randint(1, 4)):
        action = rng.randrange(3)
        i = rng.randrange(len(raw))
        if action == 0:
            raw[i] ^= 1 << rng.randrange(8)
        elif action == 1:
            del raw[i]
        else:
            raw.insert(i, rng.randrange(256))
    return PREFIX + b45encode(bytes(raw))


def assert_answers_calmly(verifier, text):
    verdict = verifier.verify(text, at=NOON)
    assert verdict.reason != Reason.INTERNAL_ERROR, text
    assert isinstance(verdict.message, str)
    return verdict


@QUICK
@given(text=any_text)
def test_arbitrary_text_gets_a_verdict_not_an_exception(verifier, text):
    assert not assert_answers_calmly(verifier, text).ok


@QUICK
@given(seed=st.integers(0, 2**32))
def test_mutated_real_codes_get_a_verdict_not_an_exception(verifier, card_text, seed):
    assert_answers_calmly(verifier, mutated(card_text, random.Random(seed)))


@pytest.mark.slow
@LARGE
@given(text=any_text)
def test_thousands_of_arbitrary_inputs_never_crash_verification(verifier, text):
    assert not assert_answers_calmly(verifier, text).ok


@pytest.mark.slow
@LARGE_MUTATIONS
@given(seed=st.integers(0, 2**32))
def test_thousands_of_mutated_real_codes_never_crash_verification(verifier, card_text, seed):
    assert_answers_calmly(verifier, mutated(card_text, random.Random(seed)))


@pytest.mark.slow
def test_ten_thousand_seeded_random_inputs_never_crash_verification(verifier, card_text):
    rng = random.Random(20260301)
    texts = []
    for i in range(12_000):
        kind = i % 3
        if kind == 0:
            texts.append(mutated(card_text, rng))
        elif kind == 1:
            texts.append(PREFIX + b45encode(bytes([rng.choice((1, 2))]) + rng.randbytes(rng.randrange(250))))
        else:
            texts.append("".join(rng.choice(ALPHABET + "ly\x00é") for _ in range(rng.randrange(300))))
    crashes = [t for t in texts if verifier.verify(t, at=NOON).reason == Reason.INTERNAL_ERROR]
    assert crashes == []
