"""Programme rules as data: parse and validate a rule document, and write it back.

A programme (PKH, SEMBAKO, PBI_JKN, PIP, ...) is a JSON document edited by pusdatin and
versioned by the programs app; ``docs/programs.md`` describes the format. ``parse_rules``
refuses anything it cannot apply exactly (unknown field or operator, a value of the wrong
type, a negative amount, ...) with a :class:`RuleError` naming the programme, the section, the
rule and the field. The eligibility pipeline (``dtks.pipeline.eligibility``) compiles the
parsed rules to SQL. Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from dtks.domain.eligibility_conditions import (
    REGION_CODE,
    Condition,
    RuleError,
    Where,
    conditions_document,
    is_int,
    parse_conditions,
)
from dtks.domain.eligibility_fields import FIELDS, OPERATORS, FieldSpec

__all__ = [
    "FIELDS",
    "OPERATORS",
    "RESERVED_REASON_CODES",
    "Component",
    "Condition",
    "Exclusion",
    "FieldSpec",
    "LevelAmount",
    "ProgrammeRules",
    "RuleError",
    "parse_rules",
    "rules_to_document",
]

Unit = Literal["keluarga", "anggota"]
Scope = Literal["unit", "kepala", "any_member"]
UNITS = ("keluarga", "anggota")
SCOPES = ("unit", "kepala", "any_member")

# Codes of the reasons every decision carries; a component or exclusion may not reuse them.
RESERVED_REASON_CODES = ("desil", "sasaran", "komponen", "besaran", "kuota")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_PROGRAMME_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_KEYS = {
    "code",
    "name",
    "unit",
    "desil_max",
    "components",
    "component_cap",
    "requires_component",
    "members",
    "amounts",
    "amount",
    "amount_monthly",
    "exclusions",
    "quota",
    "notes",
}


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    amount: int
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Exclusion:
    code: str
    label: str
    scope: Scope
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class LevelAmount:
    when: tuple[Condition, ...]
    amount: int


@dataclass(frozen=True)
class ProgrammeRules:
    code: str
    name: str
    unit: Unit
    desil_max: int
    components: tuple[Component, ...] = ()
    component_cap: int | None = None
    requires_component: bool = False
    members: tuple[Condition, ...] = ()
    amounts: tuple[LevelAmount, ...] = ()
    amount: int | None = None
    amount_monthly: int | None = None
    exclusions: tuple[Exclusion, ...] = ()
    quota: tuple[tuple[str, int], ...] = ()
    notes: str = ""

    @property
    def fixed_amount(self) -> int:
        """The fixed yearly amount per unit (``amount``, or ``amount_monthly`` x 12), else 0."""
        if self.amount_monthly is not None:
            return self.amount_monthly * 12
        return self.amount or 0


def _amount(raw: object, where: Where, key: str = "amount") -> int:
    if not is_int(raw):
        raise where.error(f'"{key}" harus bilangan bulat rupiah, bukan {raw!r}')
    if raw < 0:  # type: ignore[operator]
        raise where.error(f'"{key}" tidak boleh negatif ({raw})')
    return raw  # type: ignore[return-value]


def _text(raw: dict[str, Any], key: str, where: Where) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error(f'"{key}" wajib diisi dengan teks')
    return value.strip()


def _code(raw: dict[str, Any], where: Where, seen: set[str]) -> str:
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        raise where.error(f"kode {code!r} harus huruf kecil, angka dan garis bawah")
    where.rule = code
    if code in RESERVED_REASON_CODES:
        raise where.error(
            f'kode "{code}" sudah dipakai sistem ({", ".join(RESERVED_REASON_CODES)})'
        )
    if code in seen:
        raise where.error(f'kode "{code}" dipakai lebih dari sekali')
    seen.add(code)
    return code


def _items(document: dict[str, Any], key: str, where: Where) -> list[dict[str, Any]]:
    raw = document.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise where.error("harus berupa list objek")
    return raw


def _quota(raw: object, where: Where) -> tuple[tuple[str, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise where.error("kuota harus berupa objek {kode_wilayah: jumlah}")
    quota = []
    for region, count in raw.items():
        where.rule = str(region)
        if not REGION_CODE.match(str(region)):
            raise where.error(f"{region!r} bukan kode wilayah (contoh 18 atau 18.71)")
        if not is_int(count) or count <= 0:
            raise where.error(f"kuota harus bilangan bulat positif, bukan {count!r}")
        quota.append((str(region), int(count)))
    return tuple(sorted(quota))


def parse_rules(document: dict[str, Any]) -> ProgrammeRules:
    """The validated rules of one programme document (raises :class:`RuleError`)."""
    if not isinstance(document, dict):
        raise RuleError("Dokumen program harus berupa objek JSON")
    code = document.get("code")
    if not isinstance(code, str) or not _PROGRAMME_CODE.match(code):
        raise RuleError(
            f"Kode program {code!r} harus huruf besar, angka dan garis bawah (mis. PKH)"
        )
    top = Where(code, "program")
    unknown = set(document) - _KEYS
    if unknown:
        raise top.error(f"kunci tidak dikenal: {', '.join(sorted(unknown))}")
    name = _text(document, "name", top)
    unit = document.get("unit")
    if unit not in UNITS:
        raise top.error(f"unit {unit!r} tidak dikenal (pilihan: {', '.join(UNITS)})")
    desil_max = document.get("desil_max")
    if not isinstance(desil_max, int) or isinstance(desil_max, bool) or not 1 <= desil_max <= 10:
        raise Where(code, "desil_max").error(f"desil_max harus 1 sampai 10, bukan {desil_max!r}")
    household_only = unit == "keluarga"

    components: list[Component] = []
    seen: set[str] = set()
    for raw in _items(document, "components", Where(code, "components")):
        where = Where(code, "components")
        component_code = _code(raw, where, seen)
        components.append(
            Component(
                code=component_code,
                label=_text(raw, "label", where),
                amount=_amount(raw.get("amount"), where),
                when=parse_conditions(raw.get("when"), where, household_only=False, required=True),
            )
        )
    cap = document.get("component_cap")
    if cap is not None and (not is_int(cap) or cap <= 0):
        raise Where(code, "component_cap").error(f"harus bilangan bulat positif, bukan {cap!r}")
    requires = document.get("requires_component", False)
    if not isinstance(requires, bool):
        raise Where(code, "requires_component").error("harus true atau false")
    if requires and not components:
        raise Where(code, "requires_component").error("butuh paling sedikit satu komponen")

    members_where = Where(code, "members")
    if household_only and document.get("members"):
        raise members_where.error('hanya untuk program dengan unit "anggota"')
    members = parse_conditions(
        document.get("members"), members_where, household_only=False, required=False
    )

    amounts = []
    for index, raw in enumerate(_items(document, "amounts", Where(code, "amounts")), start=1):
        where = Where(code, "amounts", f"#{index}")
        when = parse_conditions(
            raw.get("when"), where, household_only=household_only, required=False
        )
        amounts.append(LevelAmount(when=when, amount=_amount(raw.get("amount"), where)))
    fixed = {key: document.get(key) for key in ("amount", "amount_monthly")}
    if all(value is not None for value in fixed.values()):
        raise top.error('isi "amount" atau "amount_monthly", tidak keduanya')
    fixed_amounts = {
        key: _amount(value, Where(code, key), key)
        for key, value in fixed.items()
        if value is not None
    }
    if not (components or amounts or fixed_amounts):
        raise top.error(
            'butuh besaran bantuan: "amount", "amount_monthly", "amounts" atau "components"'
        )

    exclusions: list[Exclusion] = []
    seen = set()
    for raw in _items(document, "exclusions", Where(code, "exclusions")):
        where = Where(code, "exclusions")
        exclusion_code = _code(raw, where, seen)
        scope = raw.get("scope", "unit")
        if scope not in SCOPES:
            raise where.error(f"scope {scope!r} tidak dikenal (pilihan: {', '.join(SCOPES)})")
        when = parse_conditions(
            raw.get("when"), where, household_only=household_only and scope == "unit", required=True
        )
        exclusions.append(Exclusion(exclusion_code, _text(raw, "label", where), scope, when))
    notes = document.get("notes") or ""
    if not isinstance(notes, str):
        raise top.error('"notes" harus berupa teks')
    return ProgrammeRules(
        code=code,
        name=name,
        unit=unit,
        desil_max=desil_max,
        components=tuple(components),
        component_cap=cap,
        requires_component=requires,
        members=members,
        amounts=tuple(amounts),
        amount=fixed_amounts.get("amount"),
        amount_monthly=fixed_amounts.get("amount_monthly"),
        exclusions=tuple(exclusions),
        quota=_quota(document.get("quota"), Where(code, "quota")),
        notes=notes,
    )


def rules_to_document(rules: ProgrammeRules) -> dict[str, Any]:
    """The JSON document of ``rules`` (``parse_rules`` of it gives ``rules`` back)."""
    document: dict[str, Any] = {
        "code": rules.code,
        "name": rules.name,
        "unit": rules.unit,
        "desil_max": rules.desil_max,
    }
    if rules.components:
        document["components"] = [
            {
                "code": c.code,
                "label": c.label,
                "amount": c.amount,
                "when": conditions_document(c.when),
            }
            for c in rules.components
        ]
    if rules.component_cap is not None:
        document["component_cap"] = rules.component_cap
    if rules.requires_component:
        document["requires_component"] = True
    if rules.members:
        document["members"] = conditions_document(rules.members)
    if rules.amounts:
        document["amounts"] = [
            {"when": conditions_document(a.when), "amount": a.amount} for a in rules.amounts
        ]
    if rules.amount is not None:
        document["amount"] = rules.amount
    if rules.amount_monthly is not None:
        document["amount_monthly"] = rules.amount_monthly
    if rules.exclusions:
        document["exclusions"] = [
            {
                "code": e.code,
                "label": e.label,
                "scope": e.scope,
                "when": conditions_document(e.when),
            }
            for e in rules.exclusions
        ]
    if rules.quota:
        document["quota"] = dict(rules.quota)
    if rules.notes:
        document["notes"] = rules.notes
    return document
