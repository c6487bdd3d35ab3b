"""The phone page's JavaScript makes byte for byte the code `rotating_code` makes in Python
(Ed25519 signatures are deterministic, so the same key and step give the same text)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from pos_loyalty.cards.clock import STEP_SECONDS
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.phone_code import rotating_code

MAKE_IN_PAGE = """async ({pkcs8, device, step, renewal}) => {
  const code = await import('/phone/static/phone_code.mjs');
  const key = await crypto.subtle.importKey('pkcs8', Uint8Array.from(pkcs8), {name: 'Ed25519'}, false, ['sign']);
  return code.rotatingCode(device, key, step, renewal);
}"""

CASES = [  # member id, card serial, device key id, step, renewal
    ("1042", 7, 5, 59_000_000, 0),
    ("M0000001", 1, 1, 59_000_001, 1),
    ("0", 1, 127, 65_535, 2),
    ("007", 300, 128, 65_536, 255),
    ("999999999999999999", (1 << 35) - 1, (1 << 35) - 1, 70_000_123, 17),
    ("M00010000017", (1 << 21) + 5, (1 << 21) + 3, 59_000_002, 0),  # chain-numbered (terminal 1)
    ("會員42", 16_384, 16_383, 59_123_456, 0),
]


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):  # noqa: ANN001, ANN201
    from tests.e2e.conftest import TillWithPage

    till = TillWithPage(tmp_path_factory.mktemp("bytes") / "till.sqlite")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{till.server.base}/phone/")
    yield page
    context.close()
    till.server.stop()


@pytest.mark.parametrize(("member", "serial", "device_key_id", "step", "renewal"), CASES)
def test_the_page_makes_the_same_code_as_the_python_implementation(page, member, serial, device_key_id, step,
                                                                    renewal):
    device_key = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    issuer = CardIssuer({KeyId(1): Ed25519PrivateKey.from_private_bytes(bytes(32))}, current_key_id=KeyId(1))
    certificate = issuer.certify_device(member_id=MemberId(member), card_serial=CardSerial(serial),
                                        device_key_id=device_key_id, device_public_key=device_key.public_key())
    at = datetime.fromtimestamp(step * STEP_SECONDS + 29, tz=timezone.utc)
    expected = rotating_code(certificate, device_key, at=at, renewal=renewal)
    pkcs8 = device_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    made = page.evaluate(MAKE_IN_PAGE, {"pkcs8": list(pkcs8), "step": step, "renewal": renewal,
                                        "device": {"deviceKeyId": device_key_id, "memberId": member,
                                                   "cardSerial": serial}})
    assert made == expected
