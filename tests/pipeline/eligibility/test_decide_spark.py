"""Spark gives the same decisions as DuckDB: every programme, quotas, components, reasons.

Slow (a JVM starts once for the module): deselect with ``-m "not spark"``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pyarrow as pa
import pytest
from eligibility_inputs import AS_OF, default_programmes, household, person, pupil, tables

from dtks.domain.eligibility import ProgrammeRules, parse_rules, rules_to_document
from dtks.pipeline.eligibility import eligibility_decide
from dtks.pipeline.sql_engines import DuckDBSqlEngine, SparkSqlEngine, SqlEngine

pytest.importorskip("pyspark")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSqlEngine]:
    engine = SparkSqlEngine()
    yield engine
    engine.close()


def _programmes() -> list[ProgrammeRules]:
    programmes = default_programmes()
    quota = rules_to_document(next(p for p in programmes if p.code == "SEMBAKO"))
    quota.update(code="SEMBAKO_KUOTA", quota={"18.71": 4, "18": 20})
    return [*programmes, parse_rules(quota)]


def _inputs() -> tuple[pa.Table, pa.Table, pa.Table]:
    households, persons = [], []
    for i in range(30):
        ref = f"H{i:02d}"
        households.append(
            household(
                ref,
                kode_wilayah="18.71.01.1001" if i % 3 else "18.01.02.2003",
                desil=None if i == 7 else 1 + i % 8,
                welfare=12.5 + (i % 11) / 10,
                konsumsi_prediksi=250_000.0 + 40_000 * (i % 9),
                ikut_bpjs_mandiri=i % 10 == 4,
            )
        )
        persons += [
            person(f"{ref}-1", ref, age=30 + i, status_dukcapil="" if i % 7 == 2 else "hidup"),
            person(
                f"{ref}-2", ref, age=28, hubungan=2, jenis_kelamin="P", hamil=1 if i % 4 == 0 else 2
            ),
            pupil(
                f"{ref}-3",
                ref,
                age=6 + i % 14,
                jenjang=1 + i % 9,
                jenis_cacat=7 if i % 9 == 0 else 0,
            ),
        ]
        if i % 5 == 0:
            persons.append(person(f"{ref}-4", ref, age=72, hubungan=6, no_kk=None))
        if i % 6 == 1:
            persons.append(person(f"{ref}-5", ref, hubungan=3, status_pekerjaan=5))
        if i % 8 == 3:
            persons.append(person(f"{ref}-6", ref, hubungan=3, status_dukcapil="meninggal"))
    return tables(households, persons)


def _decide(engine: SqlEngine) -> pa.Table:
    households, persons, wages = _inputs()
    return eligibility_decide(
        engine=engine,
        households=households,
        persons=persons,
        minimum_wages=wages,
        programmes=_programmes(),
        as_of=AS_OF,
    )


def test_spark_and_duckdb_decide_the_same(spark: SparkSqlEngine) -> None:
    duckdb = DuckDBSqlEngine()
    try:
        expected = _decide(duckdb)
    finally:
        duckdb.close()
    actual = _decide(spark)
    assert actual.schema == expected.schema
    assert actual.num_rows == expected.num_rows > 150
    for column in expected.column_names:
        assert actual[column].to_pylist() == expected[column].to_pylist(), column
    # The comparison covers every kind of decision.
    programmes = set(expected["programme"].to_pylist())
    assert programmes == {"PBI_JKN", "PIP", "PKH", "SEMBAKO", "SEMBAKO_KUOTA"}
    eligible = expected["eligible"].to_pylist()
    assert 0 < sum(eligible) < len(eligible)
    assert any(
        '"code":"kuota","label":"Kuota wilayah","passed":false' in r
        for r in expected["reasons"].to_pylist()
    )
    assert any(c != "[]" for c in expected["components"].to_pylist())
