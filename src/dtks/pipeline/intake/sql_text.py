"""SQL building blocks shared by the rule expressions: whitespace, case and dates."""

from __future__ import annotations

from dtks.pipeline.intake.staging import quote_literal

# Python's str.isspace() characters, so trimming agrees with ``str.strip()`` (and nik.py).
WHITESPACE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_WS_SQL = quote_literal(WHITESPACE)
# RE2 classes: whitespace collapsed inside text, and any character that is not whitespace.
INNER_WS = r"[\s\x{a0}\x{2000}-\x{200a}\x{202f}\x{3000}]"
_ODD_WS = r"[\t\n\r\f\v\x{a0}\x{2000}-\x{200a}\x{202f}\x{3000}]"
NOT_WS = (
    r"[^\t\n\x{0b}\x{0c}\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
    r"\x{2029}\x{202f}\x{205f}\x{3000}]"
)
# Text that needs no trimming and no collapsing: words separated by single spaces.
CLEAN_TEXT = f"(?:{NOT_WS}+(?: {NOT_WS}+)*)?"
_TITLE_TOKENS = r"'[^\s.,/()\-]+|[\s.,/()\-]+'"
EXCEL_EPOCH = "DATE '1899-12-30'"


def trim_sql(expr: str) -> str:
    """Trim Python whitespace; the cheap test of the first and last character spares the
    (slow) trim with a character set for the usual value that needs none."""
    x = f"coalesce({expr}, '')"
    return (
        f"CASE WHEN {x} = '' OR (ascii({x}) BETWEEN 33 AND 126 AND ord({x}[-1]) BETWEEN 33 "
        f"AND 126) THEN {x} ELSE trim({x}, {_WS_SQL}) END"
    )


def trimmed_ok_sql(x: str) -> str:
    """Cheap sufficient condition for ``x`` needing no trimming."""
    return f"({x} = '' OR (ascii({x}) BETWEEN 33 AND 126 AND ord({x}[-1]) BETWEEN 33 AND 126))"


def collapse_sql(t: str) -> str:
    """Runs of whitespace inside a trimmed text become one space."""
    return (
        f"CASE WHEN regexp_matches({t}, '{INNER_WS}{{2}}|{_ODD_WS}') "
        f"THEN regexp_replace({t}, '{INNER_WS}+', ' ', 'g') ELSE {t} END"
    )


def title_case_sql(t: str) -> str:
    """Title case (``SITI AMINAH, S.PD`` -> ``Siti Aminah, S.Pd``) when the whole text is in
    upper or in lower case; otherwise the text unchanged."""
    return (
        f"CASE WHEN ({t} = upper({t}) AND {t} <> lower({t})) OR ({t} = lower({t}) AND "
        f"{t} <> upper({t})) THEN array_to_string(list_transform(regexp_extract_all("
        f"lower({t}), {_TITLE_TOKENS}), lambda w: upper(w[1]) || w[2:]), '') ELSE {t} END"
    )


def real_date_sql(y: str, m: str, d: str) -> str:
    """Whether integers y-m-d form a real Gregorian date."""
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    days = (
        f"CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        f"WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return f"({m} BETWEEN 1 AND 12 AND {d} >= 1 AND {d} <= {days})"


def date_sql(y: str, m: str, d: str) -> str:
    """The DATE of text parts y, m, d, or NULL when they are not a real date."""
    yi, mi, di = (f"TRY_CAST({x} AS INTEGER)" for x in (y, m, d))
    return f"CASE WHEN {real_date_sql(yi, mi, di)} THEN make_date({yi}, {mi}, {di}) END"


def in_list_sql(expr: str, values: tuple[int, ...]) -> str:
    """``expr`` in the code list: a range test when the codes are contiguous (DuckDB plans a
    join for a long IN list)."""
    if list(values) == list(range(min(values), max(values) + 1)):
        return f"({expr} BETWEEN {min(values)} AND {max(values)})"
    return f"({expr} IN ({', '.join(str(v) for v in values)}))"
