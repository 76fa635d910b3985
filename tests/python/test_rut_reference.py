"""RUTs against an independent reference, python-stdnum's `stdnum.cl.rut`, on 20,000 inputs written
the ways people type and paste them. Where the two differ by design, the difference is a test."""

from __future__ import annotations

import random

import omilcrm
import pytest

rut_reference = pytest.importorskip("stdnum.cl.rut")

SPACES = [" ", "\t", "\n", "\r\n", "\u00a0", "\u202f", "\u2009", "\u3000"]
DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\uff0d"]


def full_width(text: str) -> str:
    """Digits and punctuation in their full-width forms (letters stay: see the differences below)."""
    return "".join(chr(ord(c) - 0x21 + 0xFF01) if "!" <= c <= "~" and not c.isalpha() else c for c in text)


def written(rng: random.Random, body: int, dv: str) -> str:
    """One RUT as a person or a spreadsheet might give it: with or without dots and a dash, a
    Unicode dash, a lowercase k, a "CL" prefix, one leading zero, full-width characters, spaces of
    any kind around it or between its groups."""
    digits = str(body)
    if rng.random() < 0.5:
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = ".".join(groups)
    if rng.random() < 0.1 and body < 10_000_000:
        digits = "0" + digits
    text = digits + (rng.choice(DASHES) if rng.random() < 0.7 else "") + (dv.lower() if rng.random() < 0.5 else dv)
    if rng.random() < 0.15:
        text = rng.choice(["CL", "cl", "CL "]) + text
    if rng.random() < 0.1:
        text = full_width(text)
    if rng.random() < 0.3:
        text = rng.choice(SPACES) + text
    if rng.random() < 0.3:
        text = text + rng.choice(SPACES)
    if rng.random() < 0.05:
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice("x/,#") + text[at:]
    return text


def test_twenty_thousand_written_ruts_agree_with_python_stdnum():
    rng = random.Random(20261206)
    disagreements = []
    valid = 0
    for _ in range(20_000):
        body = rng.randrange(1_000_000, 100_000_000)
        dv = omilcrm.Rut.check_digit_for(body)
        if rng.random() < 0.25:
            dv = rng.choice([d for d in "0123456789K" if d != dv])
        text = written(rng, body, dv)
        ours = omilcrm.Rut.is_valid(text)
        theirs = rut_reference.is_valid(text)
        if ours != theirs:
            disagreements.append(text)
        elif ours:
            valid += 1
            assert omilcrm.Rut(text).compact == rut_reference.compact(text).lstrip("0"), repr(text)
    assert disagreements == []
    assert valid > 10_000  # most inputs are valid RUTs, so the comparison covers the accepted forms


@pytest.mark.parametrize(
    ("text", "ours", "why"),
    [
        # stdnum requires 7 or 8 digits; the library takes any number from 1, as old RUTs are.
        ("6-K", True, "RUTs below 1.000.000 exist (people registered before 1970)"),
        ("123.456-0", True, "a six-digit RUT"),
        # stdnum drops every dot and dash; the library reads them as the RUT's own punctuation, so
        # a dot or dash where none belongs is taken as a typo, not ignored.
        ("7.6086428-5", False, "a dot that does not group thousands"),
        ("76-086-428-5", False, "a dash before the last digit only"),
        # A byte-order mark left at the start of a CSV file's first cell: stdnum keeps it.
        ("\ufeff76.086.428-5", True, "a byte-order mark is not part of the text"),
        # Full-width letters: stdnum narrows full-width digits and punctuation, not letters.
        ("\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff12\uff2b", True, "a full-width K is a K"),
    ],
)
def test_where_the_library_differs_from_python_stdnum_by_design(text, ours, why):
    assert omilcrm.Rut.is_valid(text) is ours, why
    assert rut_reference.is_valid(text) is not ours, why


def test_pasted_ruts_are_read_and_bad_ones_named():
    assert str(omilcrm.Rut("\u00a076.086.428-5\u00a0")) == "76.086.428-5"
    assert str(omilcrm.Rut("76.086.428\u20135\n")) == "76.086.428-5"
    assert str(omilcrm.Rut("CL76086428-5")) == "76.086.428-5"
    assert str(omilcrm.Rut("\uff17\uff16\uff10\uff18\uff16\uff14\uff12\uff18-\uff15")) == "76.086.428-5"
    with pytest.raises(omilcrm.ValidationError, match="leading zeros"):
        omilcrm.Rut("0" * 500 + "760864285")
    with pytest.raises(omilcrm.ValidationError, match="has 'x', which is not part of a RUT"):
        omilcrm.Rut("76.086.428-5x")
