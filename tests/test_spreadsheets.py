"""Formula injection: values a spreadsheet would run as formulas get a leading quote."""

from __future__ import annotations

import pytest

from dtks.spreadsheets import escape_formula


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Budi Santoso", "Budi Santoso"),
        ("1871014507850003", "1871014507850003"),
        ("", ""),
        ("a=b", "a=b"),
        (" =1", " =1"),
    ],
)
def test_escape_formula(value: str, escaped: str) -> None:
    assert escape_formula(value) == escaped


def test_escaping_is_not_repeated_on_escaped_values() -> None:
    assert escape_formula(escape_formula("=1")) == "'=1"
