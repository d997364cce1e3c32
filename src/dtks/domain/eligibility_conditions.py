"""Conditions of programme rules: ``{"field", "op", "value"}`` checked against ``FIELDS``.

Part of :mod:`dtks.domain.eligibility` (which re-exports these names). Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dtks.domain.eligibility_fields import (
    FIELDS,
    OPERATORS,
    ORDERING_OPERATORS,
    UMR_VALUE,
    FieldSpec,
)

Scalar = int | float | str | bool
Value = Scalar | tuple[Scalar, ...] | None
REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class RuleError(ValueError):
    """A programme document that cannot be applied (the message says where and why)."""


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Value = None


class Where:
    """Where in the document a problem is, for the error message."""

    def __init__(self, programme: str, section: str, rule: str = "") -> None:
        self.programme, self.section, self.rule = programme, section, rule

    def error(self, message: str) -> RuleError:
        rule = f', aturan "{self.rule}"' if self.rule else ""
        return RuleError(f'Program {self.programme}, bagian "{self.section}"{rule}: {message}')


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_scalar(spec: FieldSpec, value: object, where: Where) -> Scalar:
    if spec.type in ("int",) and not is_int(value):
        raise where.error(f'field "{spec.name}" butuh bilangan bulat, bukan {value!r}')
    if spec.type in ("float", "money") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise where.error(f'field "{spec.name}" butuh angka, bukan {value!r}')
    if spec.type == "str" and not isinstance(value, str):
        raise where.error(f'field "{spec.name}" butuh teks, bukan {value!r}')
    if spec.type == "bool" and not isinstance(value, bool):
        raise where.error(f'field "{spec.name}" butuh true/false, bukan {value!r}')
    if isinstance(value, str) and ("'" in value or "\\" in value):
        raise where.error(f'nilai {value!r} untuk field "{spec.name}" memuat tanda kutip')
    if spec.choices is not None and value not in spec.choices:
        allowed = ", ".join(repr(c) for c in spec.choices)
        raise where.error(
            f'nilai {value!r} tidak dikenal untuk field "{spec.name}" (pilihan: {allowed})'
        )
    if spec.name in ("kode_wilayah", "kab_kota", "provinsi") and not REGION_CODE.match(str(value)):
        raise where.error(f'nilai {value!r} untuk field "{spec.name}" bukan kode wilayah')
    return value  # type: ignore[return-value]


def _condition(raw: object, where: Where, *, household_only: bool) -> Condition:
    if not isinstance(raw, dict):
        raise where.error(f"syarat harus berupa objek {{field, op, value}}, bukan {raw!r}")
    unknown_keys = set(raw) - {"field", "op", "value"}
    if unknown_keys:
        raise where.error(f"kunci syarat tidak dikenal: {', '.join(sorted(unknown_keys))}")
    name = raw.get("field")
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        known = ", ".join(FIELDS)
        raise where.error(f"field {name!r} tidak dikenal. Field yang dikenal: {known}")
    if household_only and spec.level == "anggota":
        raise where.error(
            f'field "{spec.name}" adalah data anggota (perorangan); di bagian ini hanya field '
            "rumah tangga/keluarga yang dapat dipakai"
        )
    op = raw.get("op")
    if op not in OPERATORS:
        raise where.error(f"operator {op!r} tidak dikenal (pilihan: {', '.join(OPERATORS)})")
    value = raw.get("value")
    if op in ("is_null", "not_null"):
        if value is not None:
            raise where.error(f'operator "{op}" tidak memakai nilai')
        return Condition(spec.name, op, None)
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise where.error(f'operator "{op}" butuh daftar nilai yang tidak kosong')
        return Condition(spec.name, op, tuple(_check_scalar(spec, v, where) for v in value))
    if value == UMR_VALUE:
        if spec.type not in ("int", "float", "money") or op not in ORDERING_OPERATORS:
            raise where.error(f'"{UMR_VALUE}" hanya untuk field angka dengan operator <, <=, >, >=')
        return Condition(spec.name, op, UMR_VALUE)
    if spec.type == "bool" and op in ORDERING_OPERATORS:
        raise where.error(f'field "{spec.name}" (ya/tidak) tidak dapat dibandingkan dengan "{op}"')
    return Condition(spec.name, op, _check_scalar(spec, value, where))


def parse_conditions(
    raw: object, where: Where, *, household_only: bool, required: bool
) -> tuple[Condition, ...]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise where.error("daftar syarat harus berupa list")
    if required and not raw:
        raise where.error("butuh paling sedikit satu syarat")
    return tuple(_condition(item, where, household_only=household_only) for item in raw)


def condition_document(condition: Condition) -> dict[str, Any]:
    document: dict[str, Any] = {"field": condition.field, "op": condition.op}
    if isinstance(condition.value, tuple):
        document["value"] = list(condition.value)
    elif condition.op not in ("is_null", "not_null"):
        document["value"] = condition.value
    return document


def conditions_document(conditions: tuple[Condition, ...]) -> list[dict[str, Any]]:
    return [condition_document(condition) for condition in conditions]
