"""How programme documents and decisions are shown: rupiah, amounts, components, reasons.

Pure display logic shared by templates and exports; no queries here. Decisions store their
components and reasons as JSON text written by the pipeline (``docs/programs.md``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dtks.domain.eligibility import RESERVED_REASON_CODES
from dtks.programs.reason_details import detail_text


def rupiah(amount: int | float | None) -> str:
    """``Rp 3.000.000`` (Indonesian digit grouping); ``-`` when empty."""
    if amount is None:
        return "-"
    return "Rp " + f"{round(amount):,}".replace(",", ".")


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    passed: bool
    detail: str

    @property
    def exclusion(self) -> bool:
        """An exclusion rule (``meninggal``, ``pns_tni_polri``, ...): passed means it does not
        apply, so it is shown as "does not apply" or "excluded", not as met or unmet."""
        return self.code not in RESERVED_REASON_CODES


@dataclass(frozen=True)
class ComponentItem:
    code: str
    label: str
    amount: int | None
    count: int | None
    detail: str


def _load(text: str | None) -> list[Any]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return []
    return value if isinstance(value, list) else [value]


def reasons_of(text: str | None) -> list[Reason]:
    """The rule-by-rule reasons of a decision, in the order the rules were applied."""
    reasons = []
    for item in _load(text):
        if not isinstance(item, dict):
            continue
        reasons.append(
            Reason(
                code=str(item.get("code") or ""),
                label=str(item.get("label") or item.get("code") or ""),
                passed=bool(item.get("passed")),
                detail=detail_text(str(item.get("detail") or "")),
            )
        )
    return reasons


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def components_of(text: str | None) -> list[ComponentItem]:
    """The components counted in a decision's amount (PKH: pregnancy, children, elderly...)."""
    items = []
    for item in _load(text):
        if not isinstance(item, dict):
            continue
        items.append(
            ComponentItem(
                code=str(item.get("code") or ""),
                label=str(item.get("label") or item.get("code") or ""),
                amount=_int(item.get("amount")),
                count=_int(item.get("count") or item.get("jumlah")),
                detail=str(item.get("detail") or item.get("person_ref") or ""),
            )
        )
    return items


def failed_reasons_text(text: str | None) -> str:
    """The rules a unit failed, as one line: ``Desil 1-4: desil 6; ...``."""
    failed = [r for r in reasons_of(text) if not r.passed]
    return "; ".join(
        (_("Dikecualikan") + ": " if r.exclusion else "")
        + (f"{r.label}: {r.detail}" if r.detail else r.label)
        for r in failed
    )


def components_text(text: str | None) -> str:
    parts = []
    for item in components_of(text):
        count = f" x{item.count}" if item.count and item.count > 1 else ""
        amount = f" ({rupiah(item.amount)})" if item.amount is not None else ""
        parts.append(f"{item.label}{count}{amount}")
    return "; ".join(parts)


def amount_summary(document: dict[str, Any]) -> str:
    """What a programme pays, in one line, from its rule document."""
    monthly = _int(document.get("amount_monthly"))
    if monthly is not None:
        return _("%(m)s per bulan (%(y)s per tahun)") % {
            "m": rupiah(monthly),
            "y": rupiah(monthly * 12),
        }
    fixed = _int(document.get("amount"))
    if fixed is not None:
        return _("%(y)s per tahun") % {"y": rupiah(fixed)}
    components = [c for c in document.get("components") or [] if isinstance(c, dict)]
    if components:
        amounts = [_int(c.get("amount")) or 0 for c in components]
        text = _("%(n)s komponen, %(lo)s-%(hi)s per tahun") % {
            "n": len(components),
            "lo": rupiah(min(amounts)),
            "hi": rupiah(max(amounts)),
        }
        cap = _int(document.get("component_cap"))
        return text + (_(", paling banyak %(cap)s komponen") % {"cap": cap} if cap else "")
    levels = [a for a in document.get("amounts") or [] if isinstance(a, dict)]
    if levels:
        return " / ".join(rupiah(_int(a.get("amount"))) for a in levels) + _(" per tahun")
    return "-"
