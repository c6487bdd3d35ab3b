"""The till sorts what it scans: member codes, member numbers, products, phone numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_loyalty.cards.scan import (MemberCode, MemberNumber, PhoneNumber, ProductBarcode, Unknown,
                                    classify_scan)


def test_a_signed_code_is_a_member_code(card_text):
    assert classify_scan(card_text + "\r\n") == MemberCode(card_text)


@pytest.mark.parametrize("typed", ["M00012345", "m00012345", " M 0001-2345 "])
def test_a_typed_or_scanned_member_number_is_a_member_number(typed):
    assert classify_scan(typed) == MemberNumber("M00012345")


@pytest.mark.parametrize("digits,symbology", [("4006381333931", "EAN-13"), ("036000291452", "UPC-A"),
                                               ("96385074", "EAN-8")])
def test_product_barcodes_with_a_valid_check_digit_are_products(digits, symbology):
    assert classify_scan(digits) == ProductBarcode(digits, symbology)


@pytest.mark.parametrize("digits", ["4006381333932", "036000291453", "96385075"])
def test_a_product_barcode_with_a_wrong_check_digit_is_unknown(digits):
    assert isinstance(classify_scan(digits), Unknown)


@pytest.mark.parametrize("typed", ["0912345678", "0912-345-678", "+886912345678", "+886 912 345 678"])
def test_taiwan_mobile_numbers_are_phone_numbers(typed):
    assert classify_scan(typed) == PhoneNumber("0912345678")


@pytest.mark.parametrize("text", ["", "hello", "0212345678", "M123", "091234567"])
def test_anything_else_is_unknown(text):
    assert isinstance(classify_scan(text), Unknown)


@settings(max_examples=300)
@given(st.text(max_size=500))
def test_classifying_never_raises(text):
    classify_scan(text)
