"""Random registers and PMT models for the ranking tests (DuckDB and Spark).

A register here is three Arrow tables in the register's export shape (coded integers, yes/no
as booleans, birth dates as DATE). Values come from few levels and some households are exact
copies of others under another ref, so equal welfare (ties) is common.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa

from dtks.domain import codes
from dtks.domain.gbm import fit_gbm
from dtks.pipeline.interchange import HOUSEHOLD_FILE_COLUMNS, MEMBER_FILE_COLUMNS
from dtks.pipeline.pmt.model import PmtModel
from dtks.pipeline.pmt.proxies import PROXIES

AS_OF = date(2025, 6, 30)
KAB_KOTA = ("18.71", "18.72", "32.73")
_YES_NO = {name for name, _, _ in codes.ASSETS} | {
    codes.ASET_LAHAN[0],
    codes.ASET_RUMAH_LAIN[0],
    *(name for name, _, _ in codes.PROGRAMS),
}
_CODED = {cl.field: [c.value for c in cl.codes] for cl in codes.HOUSEHOLD_CODED}
_MEMBER_CODED = {cl.field: [c.value for c in cl.codes] for cl in codes.MEMBER_CODED}


def random_register(
    households: int, *, seed: int, copies: float = 0.2
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(households, persons, members); about ``copies`` of the households duplicate another."""
    rng = np.random.default_rng(seed)
    refs = [f"R{n:06d}" for n in rng.permutation(households)]
    originals = max(1, int(households * (1 - copies)))
    source = [n if n < originals else int(rng.integers(originals)) for n in range(households)]
    rows = [_household(rng) for _ in range(originals)]
    people = [_people(rng) for _ in range(originals)]
    house_rows: list[dict[str, object]] = []
    person_rows: list[dict[str, object]] = []
    member_rows: list[dict[str, object]] = []
    for n, ref in enumerate(refs):
        house_rows.append({"household_ref": ref, **rows[source[n]]})
        for k, (person, member) in enumerate(people[source[n]]):
            record = f"{ref}-{k + 1:02d}"
            person_rows.append({"record_id": record, "household_ref": ref, **person})
            member_rows.append({"record_id": record, **member})
    return (
        pa.Table.from_pylist(house_rows, schema=_household_schema()),
        pa.Table.from_pylist(person_rows, schema=PERSON_SCHEMA),
        pa.Table.from_pylist(member_rows, schema=_member_schema()),
    )


PERSON_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("household_ref", pa.string()),
        ("nik", pa.string()),
        ("nama", pa.string()),
        ("jenis_kelamin", pa.string()),
        ("tanggal_lahir", pa.date32()),
    ]
)


def _household_schema() -> pa.Schema:
    fields = []
    for column in HOUSEHOLD_FILE_COLUMNS:
        if column in ("household_ref", "kode_wilayah", "alamat", "rt", "rw"):
            kind = pa.string()
        elif column in ("luas_lantai", "luas_lahan"):
            kind = pa.float64()
        elif column in _YES_NO:
            kind = pa.bool_()
        else:
            kind = pa.int16()
        fields.append((column, kind))
    return pa.schema(fields)


def _member_schema() -> pa.Schema:
    return pa.schema(
        [(c, pa.string() if c == "record_id" else pa.int16()) for c in MEMBER_FILE_COLUMNS]
    )


def _household(rng: np.random.Generator) -> dict[str, object]:
    row: dict[str, object] = {
        "kode_wilayah": f"{rng.choice(KAB_KOTA)}.0{rng.integers(1, 4)}."
        f"{rng.choice([1, 2])}00{rng.integers(1, 5)}",
        "alamat": "Jl. Uji",
        "rt": "001",
        "rw": "002",
        "luas_lantai": None if rng.random() < 0.05 else float(rng.choice([18, 24, 36, 45, 60, 90])),
        "luas_lahan": None,
        "jumlah_kamar": None if rng.random() < 0.05 else int(rng.integers(1, 5)),
    }
    for column, values in _CODED.items():
        row[column] = None if rng.random() < 0.03 else int(rng.choice(values))
    for column in _YES_NO:
        row[column] = None if rng.random() < 0.03 else bool(rng.random() < 0.4)
    for name, _, _ in codes.LIVESTOCK:
        row[name] = int(rng.choice([0, 0, 0, 1, 2]))
    return row


def _people(rng: np.random.Generator) -> list[tuple[dict[str, object], dict[str, object]]]:
    size = int(rng.choice([1, 2, 3, 3, 4, 4, 5, 6]))
    people = []
    for k in range(size):
        born = (
            None if rng.random() < 0.02 else AS_OF - timedelta(days=int(rng.integers(0, 80 * 365)))
        )
        person = {
            "nik": None,
            "nama": "Uji",
            "jenis_kelamin": str(rng.choice(["L", "P"])),
            "tanggal_lahir": born,
        }
        member: dict[str, object] = {c: int(rng.choice(v)) for c, v in _MEMBER_CODED.items()}
        member["hubungan"] = 1 if k == 0 else int(rng.choice([2, 3, 3, 5, 6, 8]))
        people.append((person, member))
    return people


def ols_model(seed: int) -> PmtModel:
    """An OLS model with random coefficients and kab/kota effects (one kab/kota unseen)."""
    rng = np.random.default_rng(seed)
    return PmtModel(
        kind="ols",
        proxies=PROXIES,
        intercept=13.5,
        means=tuple(0.0 for _ in PROXIES),
        region_effects={"18.71": 0.08, "18.72": -0.05},
        coefficients=tuple(float(c) for c in rng.normal(0, 0.15, len(PROXIES))),
    )


def gbm_model(proxies: pa.Table, seed: int) -> PmtModel:
    """A GBM fitted (``dtks.domain.gbm``) to a noisy non-linear function of ``proxies``."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([proxies.column(p).to_numpy() for p in PROXIES])
    y = (
        13
        + 0.3 * x[:, PROXIES.index("jumlah_aset")] ** 0.5
        - 0.2 * x[:, 0]
        + rng.normal(0, 0.2, len(x))
    )
    fitted = fit_gbm(x, y, seed=seed, max_trees=60, min_leaf=5)
    return PmtModel(
        kind="gbm",
        proxies=PROXIES,
        intercept=fitted.base,
        means=tuple(float(m) for m in x.mean(axis=0)),
        region_effects={"18.71": 0.04, "32.73": 0.1},
        trees=fitted.trees,
        learning_rate=fitted.learning_rate,
    )


def proxy_matrix(proxies: pa.Table, model: PmtModel) -> np.ndarray:
    return np.column_stack([proxies.column(p).to_numpy() for p in model.proxies])
