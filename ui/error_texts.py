"""The core's one-line refusals in the till's language.

Services raise English messages (the CLI prints them as they are); the till shows them in the
cashier's language. Each pattern here matches one message the core writes and gives its tr()
template, with the message's own figures (phone, receipt, line) filled back in. A message with
no pattern is shown as the core wrote it: tests/ui/test_translations.py lists the ones the till
can show and fails on any of them without a translation.
"""
from __future__ import annotations

import re

from ui.i18n import language, tr

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^name: required$"), "Enter the member's name."),
    (re.compile(r"^name: at most (?P<n>\d+) characters$"), "The name is longer than {n} characters."),
    (re.compile(r"^birthday: (?P<day>\S+) is not a plausible birthday$"),
     "{day} is not a plausible birthday: check the year."),
    (re.compile(r"^phone: '(?P<phone>.*)' is not a phone number \(e\.g\. 0912345678\)$"),
     "{phone} is not a phone number (e.g. 0912345678)."),
    (re.compile(r"^Phone (?P<phone>\S+) already belongs to member (?P<member>\S+) \((?P<name>.*)\)$"),
     "Phone {phone} already belongs to member {member} ({name}): scan their card instead."),
    (re.compile(r"^No receipt '?(?P<receipt>[^' ]+)'? on this terminal$"), "No receipt {receipt} on this terminal."),
    (re.compile(r"^Receipt (?P<receipt>\S+) was already refunded in full$"),
     "Receipt {receipt} was already refunded in full."),
    (re.compile(r"^Line (?P<line>\d+) \((?P<name>.*)\) of receipt (?P<receipt>\S+) was already refunded$"),
     "Line {line} ({name}) of receipt {receipt} was already refunded."),
    (re.compile(r"^A refund dated (?P<at>\S+) is before its sale \((?P<sale>\S+)\): check the till's clock$"),
     "A refund dated {at} is before its sale ({sale}): check the till's clock."),
    (re.compile(r"^reason: at most (?P<n>\d+) characters$"), "The reason is longer than {n} characters."),
    (re.compile(r"^Refund refused: without line\(s\) (?P<lines>[\d, ]+) the kept lines alone cost (?P<owed>\S+) more "
                r"than this refund gives back; refund the whole receipt instead$"),
     "Refund refused: without line(s) {lines} the kept lines alone cost {owed} more than this refund gives back; "
     "refund the whole receipt instead."),
    (re.compile(r"^Refund refused: what receipt (?P<receipt>\S+) gave that cannot be taken back is worth (?P<owed>\S+) "
                r"more than the money paid; ask a manager$"),
     "Refund refused: what receipt {receipt} gave that cannot be taken back is worth {owed} more than the money paid; "
     "ask a manager."),
    (re.compile(r"^the store is busy, try again$"), "The store is busy: try again."),
    (re.compile(r"^Offline: member (?P<member>\S+) may redeem at most (?P<allowance>[\d,]+) points a day on this till "
                r"while it cannot reach the server \((?P<used>[\d,]+) used today, (?P<left>[\d,]+) left\)$"),
     "Offline: member {member} may redeem at most {allowance} points a day on this till while it cannot reach the "
     "server ({used} used today, {left} left)."),
    (re.compile(r"^The printer at (?P<printer>\S+) did not print \((?P<reason>.*)\)\. The sale is paid: check the "
                r"printer's power and paper, then press Print again\.$"),
     "The printer at {printer} did not print ({reason}). The sale is paid: check the printer's power and paper, "
     "then press Print again."),
]


def in_language(message: str) -> str:
    """`message` from the core, in the till's language where the till knows it."""
    if language() == "en":
        return message
    for pattern, template in PATTERNS:
        found = pattern.match(message)
        if found:
            return tr(template).format(**found.groupdict())
    return message
