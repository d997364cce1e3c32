"""Proxy SQL: the values of hand-made households, neutral values for gaps, files = register."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from pmt_survey_support import AS_OF, make_survey

from dtks.domain import codes
from dtks.pipeline.interchange import HOUSEHOLD_FILE_COLUMNS, MEMBER_FILE_COLUMNS
from dtks.pipeline.pmt.proxies import (
    NEUTRAL_FLOOR_PER_PERSON,
    PROXIES,
    PROXY_LABELS,
    proxy_sql,
)
from dtks.pipeline.sql_engines import DuckDBSqlEngine

ASSETS = [name for name, _, _ in codes.ASSETS]
YES_NO = {*ASSETS, codes.ASET_LAHAN[0], codes.ASET_RUMAH_LAIN[0]} | {
    name for name, _, _ in codes.PROGRAMS
}
TEXT = {"household_ref", "kode_wilayah", "alamat", "rt", "rw"}


def _household(ref: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {c: None for c in HOUSEHOLD_FILE_COLUMNS}
    row.update(household_ref=ref, kode_wilayah="18.71.01.1001")
    row.update({c: 2 for c in YES_NO})
    row.update(values)
    return row


def _tables(
    households: list[dict[str, object]], people: list[tuple[str, str, str, date | None, dict]]
) -> tuple[pa.Table, pa.Table, pa.Table]:
    house_schema = pa.schema(
        [(c, pa.string() if c in TEXT else pa.float64()) for c in HOUSEHOLD_FILE_COLUMNS]
    )
    persons = pa.table(
        {
            "record_id": [p[0] for p in people],
            "household_ref": [p[1] for p in people],
            "jenis_kelamin": [p[2] for p in people],
            "tanggal_lahir": pa.array([p[3] for p in people], pa.date32()),
        }
    )
    members = pa.Table.from_pylist(
        [{"record_id": p[0], **p[4]} for p in people],
        schema=pa.schema(
            [(c, pa.string() if c == "record_id" else pa.int64()) for c in MEMBER_FILE_COLUMNS]
        ),
    )
    return pa.Table.from_pylist(households, schema=house_schema), persons, members


def _proxies(houses: pa.Table, persons: pa.Table, members: pa.Table) -> dict[str, dict]:
    engine = DuckDBSqlEngine()
    try:
        for name, table in (("households", houses), ("persons", persons), ("members", members)):
            engine.register(name, table)
        rows = engine.query(proxy_sql(as_of=date(2025, 1, 1))).to_pylist()
    finally:
        engine.close()
    return {row.pop("household_ref"): row for row in rows}


def _example() -> tuple[pa.Table, pa.Table, pa.Table]:
    houses = [
        _household(
            "A",
            kode_wilayah="32.04.05.2003",
            luas_lantai=40,
            jumlah_kamar=2,
            lantai=9,
            dinding=6,
            atap=9,
            sta_bangunan=1,
            sumber_penerangan=1,
            daya=3,
            bb_masak=8,
            fasbab=1,
            kloset=1,
            sumber_airminum=7,
            aset_sepeda_motor=1,
            aset_smartphone=1,
            aset_lahan=1,
            jumlah_sapi=2,
            jumlah_kambing=5,
        ),
        # No floor area, no head coded 1: the oldest member heads it.
        _household("B", sumber_penerangan=2, bb_masak=3, aset_mobil=1, aset_ac=1),
        _household("C"),  # no persons at all
    ]
    people = [
        (
            "A1",
            "A",
            "P",
            date(1980, 1, 2),
            {"hubungan": 1, "ijazah": 2, "bekerja": 1, "status_pekerjaan": 7},
        ),
        ("A2", "A", "L", date(1978, 5, 5), {"hubungan": 2, "bekerja": 1, "status_pekerjaan": 5}),
        ("A3", "A", "L", date(2015, 1, 2), {"hubungan": 3}),  # 10 years old
        ("A4", "A", "P", date(1960, 1, 1), {"hubungan": 6}),  # 65 on 2025-01-01
        ("B1", "B", "L", date(1990, 3, 3), {"hubungan": 3, "ijazah": 3, "bekerja": 2}),
        (
            "B2",
            "B",
            "P",
            date(1950, 3, 3),
            {"hubungan": 6, "ijazah": 5, "bekerja": 1, "status_pekerjaan": 4},
        ),
        ("B3", "B", "L", None, {"hubungan": 8}),  # no birth date: neither child nor elderly
    ]
    return _tables(houses, people)


def test_proxies_of_hand_made_households() -> None:
    rows = _proxies(*_example())
    a, b, c = rows["A"], rows["B"], rows["C"]
    assert a["kab_kota"] == "32.04"
    assert a["log_ukuran_ruta"] == pytest.approx(math.log(4))
    assert (a["porsi_anak"], a["porsi_lansia"], a["porsi_bekerja"]) == (0.25, 0.25, 0.5)
    assert (a["ijazah_kepala"], a["kepala_bekerja"], a["kepala_buruh_lepas"]) == (2, 1, 1)
    assert (a["kepala_perempuan"], a["ada_pns"], a["desa"]) == (1, 1, 1)
    assert a["log_lantai_per_kapita"] == pytest.approx(math.log(10))
    assert a["kamar_per_kapita"] == 0.5
    assert (a["lantai_jelek"], a["dinding_jelek"], a["atap_jelek"]) == (1, 1, 1)
    assert (a["listrik_pln"], a["daya_1300_lebih"], a["bahan_bakar_bersih"]) == (1, 1, 0)
    assert (a["jamban_sendiri"], a["kloset_leher_angsa"], a["air_layak"]) == (1, 1, 0)
    assert (a["jumlah_aset"], a["punya_sepeda_motor"], a["punya_lahan"]) == (2, 1, 1)
    assert a["log_unit_ternak"] == pytest.approx(math.log(1 + 2 + 0.2 * 5))
    # B: the oldest member (born 1950) is the head.
    assert (b["ijazah_kepala"], b["kepala_perempuan"], b["kepala_bekerja"]) == (5, 1, 1)
    assert (b["porsi_anak"], b["porsi_lansia"]) == (0, pytest.approx(1 / 3))
    assert b["log_lantai_per_kapita"] == pytest.approx(math.log(NEUTRAL_FLOOR_PER_PERSON))
    assert (b["listrik_pln"], b["bahan_bakar_bersih"], b["jumlah_aset"]) == (0, 1, 2)
    assert (b["desa"], b["punya_mobil"], b["punya_ac"]) == (0, 1, 1)
    # C: no persons counts as one person with nothing known.
    assert c["log_ukuran_ruta"] == 0.0
    assert all(v is not None for row in rows.values() for v in row.values())


def test_booleans_from_the_register_give_the_same_proxies_as_1_2_codes() -> None:
    houses, persons, members = _example()
    as_bool = houses
    for name in YES_NO:
        index = as_bool.schema.get_field_index(name)
        values = [None if v is None else v == 1 for v in as_bool[name].to_pylist()]
        as_bool = as_bool.set_column(index, name, pa.array(values, pa.bool_()))
    assert _proxies(as_bool, persons, members) == _proxies(houses, persons, members)


def test_every_proxy_has_a_label_and_the_sql_gives_them_in_order() -> None:
    assert tuple(PROXY_LABELS) == PROXIES
    houses, persons, members = _example()
    engine = DuckDBSqlEngine()
    for name, table in (("h", houses), ("p", persons), ("m", members)):
        engine.register(name, table)
    result = engine.query(proxy_sql(households="h", persons="p", members="m", as_of=AS_OF))
    engine.close()
    assert result.column_names == ["household_ref", "kab_kota", *PROXIES]
    assert all(result.schema.field(p).type == pa.float64() for p in PROXIES)


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_survey(tmp_path_factory.mktemp("synth"))


def test_survey_files_as_text_or_typed_give_the_same_proxies_without_nulls(survey: Path) -> None:
    results = []
    for text in (True, False):
        con = duckdb.connect()
        for name in ("households", "persons", "members"):
            con.execute(
                f"CREATE VIEW {name} AS SELECT * FROM read_csv('{survey / name}.csv', "
                f"header = true, all_varchar = {text})"
            )
        results.append(con.sql(proxy_sql(as_of=AS_OF) + " ORDER BY 1").to_arrow_table())
        con.close()
    assert results[0].equals(results[1])
    table = results[0]
    assert table.num_rows == 2_000
    assert len(set(table["household_ref"].to_pylist())) == 2_000
    assert all(table[p].null_count == 0 for p in PROXIES)
