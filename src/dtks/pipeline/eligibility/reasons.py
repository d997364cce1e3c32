"""The ``reasons`` and ``components`` JSON of each decision, built in portable SQL.

String literals escape differently on DuckDB and Spark (Spark reads a backslash as an escape),
so quotes and backslashes never appear inside a SQL literal here: they are spelled
``chr(39)`` and ``chr(92)``. Values from the data are escaped with ``replace`` before they
enter the JSON (``json_escaped_sql``). Building the text in SQL keeps it parallel on DuckDB;
assembling it in Arrow afterwards was about twice as slow (one thread).
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ReasonColumn:
    code: str
    label: str
    index: int  # the query's columns p_<index> (passed) and d_<index> (detail)
    detail_when_failed: bool = False  # passed: the detail is empty (exclusions)


@dataclass(frozen=True)
class ComponentColumn:
    code: str
    label: str
    amount: int
    index: int  # the query's column k_<index> (members counted after the cap)


def text_sql(text: str) -> str:
    """A SQL expression for the constant ``text``, safe on both engines."""
    parts, plain = [], ""
    for char in text:
        if char in "'\\":
            if plain:
                parts.append(f"'{plain}'")
            parts.append(f"chr({ord(char)})")
            plain = ""
        else:
            plain += char
    if plain:
        parts.append(f"'{plain}'")
    return " || ".join(parts) if parts else "''"


def json_escaped_sql(expr: str) -> str:
    """``expr`` (text) with backslashes and double quotes escaped for a JSON string."""
    return f"replace(replace({expr}, chr(92), chr(92) || chr(92)), chr(34), chr(92) || chr(34))"


def reasons_sql(reasons: tuple[ReasonColumn, ...], alias: str) -> str:
    """``[{"code","label","passed","detail"}, ...]``; details are JSON-safe ``d_<i>`` columns.

    Few ``concat`` arguments per reason (the cost is per argument): the constant head with
    ``passed`` is chosen by a CASE, and a passed exclusion is one constant.
    """
    pieces = []
    for i, reason in enumerate(reasons):
        start = f'{"," if i else "["}{{"code":{json.dumps(reason.code)},"label":'
        start += f'{json.dumps(reason.label, ensure_ascii=False)},"passed":'
        passed, failed = f'{start}true,"detail":"', f'{start}false,"detail":"'
        column, detail = f"{alias}.p_{reason.index}", f"coalesce({alias}.d_{reason.index}, '')"
        if reason.detail_when_failed:
            pieces.append(
                f"CASE WHEN {column} THEN {text_sql(passed + chr(34) + '}')}"
                f" ELSE concat({text_sql(failed)}, {detail}, '\"}}') END"
            )
        else:
            pieces += [f"CASE WHEN {column} THEN {text_sql(passed)} ELSE {text_sql(failed)} END"]
            pieces += [detail, "'\"}'"]
    return f"concat({', '.join(pieces)}, ']')"


def components_sql(components: tuple[ComponentColumn, ...], alias: str) -> str:
    """``[{"code","label","count","amount"}, ...]`` of the components counted after the cap."""
    if not components:
        return "'[]'"
    pieces = []
    for component in components:
        kept = f"{alias}.k_{component.index}"
        head = text_sql(
            f',{{"code":{json.dumps(component.code)},'
            f'"label":{json.dumps(component.label, ensure_ascii=False)},"count":'
        )
        pieces.append(
            f"CASE WHEN {kept} > 0 THEN {head} || CAST({kept} AS STRING) || ',\"amount\":'"
            f" || CAST(CAST({kept} AS BIGINT) * {component.amount} AS STRING) || '}}' ELSE '' END"
        )
    return f"'[' || substr({' || '.join(pieces)}, 2) || ']'"
