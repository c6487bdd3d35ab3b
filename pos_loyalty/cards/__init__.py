"""Membership cards: signed LY1 codes (printed and phone), verification, rendering and frame decoding.

Pure core: no Qt, no SQL. Time comes in as `at`; keys come in as objects.
"""
