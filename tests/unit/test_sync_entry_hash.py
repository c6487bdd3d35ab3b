"""An entry's body hash decides re-send (same) from conflict (409): it must never change its value."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

from hypothesis import given, strategies as st

from pos_loyalty.sync.protocol import Entry, utc_text

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) \
    | st.text(alphabet=st.characters(max_codepoint=127), max_size=12)   # ASCII, control characters too
ids = st.from_regex(r"[A-Za-z0-9._:/-]{1,20}", fullmatch=True)


def hash_as_first_written(entry: Entry) -> str:
    body = entry.model_dump(mode="json")
    body["at"] = entry.at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@given(at=st.datetimes(min_value=datetime(1001, 1, 1), max_value=datetime(9998, 1, 1),
                       timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=8)),
                                                  timezone(timedelta(hours=-5, minutes=-30))])),
       points=st.integers(-10**12, 10**12), reason=texts, card=st.none() | ids, version=st.none() | st.integers(0, 9))
def test_the_body_hash_is_the_sha256_of_the_entrys_sorted_json_as_first_written(at, points, reason, card, version):
    entry = Entry(id="0190b6c2-0000-7000-8000-000000000001", terminal="T0001", seq=7, member="M1", kind="adjust",
                  at=at, points=points, reason=reason, card=card, program_version=version)
    assert entry.body_hash() == hash_as_first_written(entry)
    assert entry.body_hash(utc_text(entry.at)) == entry.body_hash()
