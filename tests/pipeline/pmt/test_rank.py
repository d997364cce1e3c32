"""PMT scoring and national ranking on DuckDB: the ranks of ``dtks.domain.pmt.rank``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from rank_support import AS_OF, gbm_model, ols_model, proxy_matrix, random_register

from dtks.domain.pmt import rank as domain_rank
from dtks.pipeline.pmt.model import PmtModel
from dtks.pipeline.pmt.proxies import PROXIES
from dtks.pipeline.pmt.rank import (
    PROXY_SCHEMA,
    RANK_COLUMNS,
    RANK_SCHEMA,
    REQUIRED_COLUMNS,
    RankInputError,
    proxies_for,
    score_and_rank,
)
from dtks.pipeline.sql_engines import DuckDBSqlEngine

Register = tuple[pa.Table, pa.Table, pa.Table]


@pytest.fixture
def engine() -> Iterator[DuckDBSqlEngine]:
    engine = DuckDBSqlEngine()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def register() -> Register:
    return random_register(1200, seed=3)


def _rank(engine: DuckDBSqlEngine, register: Register, model: PmtModel) -> pa.Table:
    households, persons, members = register
    return score_and_rank(
        engine=engine,
        households=households,
        persons=persons,
        members=members,
        model=model,
        as_of=AS_OF,
    )


def _shuffled(table: pa.Table, seed: int) -> pa.Table:
    return table.take(np.random.default_rng(seed).permutation(table.num_rows))


def _expected_ranks(result: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    welfare = result.column("welfare").to_numpy()
    keys = np.array(result.column("household_ref").to_pylist())
    return domain_rank(welfare, keys)


def test_ranks_are_those_of_the_domain_rule_ties_included(
    engine: DuckDBSqlEngine, register: Register
) -> None:
    result = _rank(engine, register, ols_model(1))
    assert result.schema == RANK_SCHEMA
    assert tuple(result.column_names) == RANK_COLUMNS
    assert result.num_rows == register[0].num_rows
    welfare = result.column("welfare").to_numpy()
    assert len(np.unique(welfare)) < result.num_rows - 100  # copied households tie
    persentil, desil = _expected_ranks(result)
    assert result.column("persentil").to_numpy().tolist() == persentil.tolist()
    assert result.column("desil").to_numpy().tolist() == desil.tolist()
    # Rows come poorest first.
    assert np.all(np.diff(welfare) >= 0)


def test_equal_welfare_is_ranked_by_household_ref(engine: DuckDBSqlEngine) -> None:
    households, persons, members = random_register(37, seed=9)
    flat = PmtModel(
        kind="ols",
        proxies=PROXIES,
        intercept=13.0,
        means=tuple(0.0 for _ in PROXIES),
        region_effects={},
        coefficients=tuple(0.0 for _ in PROXIES),
    )
    result = _rank(engine, (households, persons, members), flat)
    refs = result.column("household_ref").to_pylist()
    assert refs == sorted(households.column("household_ref").to_pylist())
    assert result.column("desil").to_pylist() == [n * 10 // 37 + 1 for n in range(37)]
    assert result.column("persentil").to_pylist() == [n * 100 // 37 + 1 for n in range(37)]


def test_shuffled_input_gives_the_same_ranking(engine: DuckDBSqlEngine, register: Register) -> None:
    households, persons, members = register
    expected = _rank(engine, register, ols_model(2))
    shuffled = (_shuffled(households, 1), _shuffled(persons, 2), _shuffled(members, 3))
    assert _rank(engine, shuffled, ols_model(2)).equals(expected)


@pytest.mark.parametrize("households", [1, 3, 10, 11, 99, 101, 250])
def test_persentil_and_desil_cover_their_range_in_equal_parts(
    engine: DuckDBSqlEngine, households: int
) -> None:
    result = _rank(engine, random_register(households, seed=households), ols_model(4))
    desil = result.column("desil").to_numpy()
    persentil = result.column("persentil").to_numpy()
    assert desil.min() >= 1
    assert desil.max() <= 10
    assert persentil.min() >= 1
    assert persentil.max() <= 100
    assert desil[0] == persentil[0] == 1
    assert np.all(np.diff(desil) >= 0)
    assert np.all(np.diff(persentil) >= 0)
    # Every desil holds floor(n/10) or ceil(n/10) households (empty ones only when n < 10).
    sizes = Counter(desil.tolist())
    assert all(households // 10 <= sizes.get(d, 0) <= -(-households // 10) for d in range(1, 11))
    assert np.array_equal(desil, (persentil - 1) // 10 + 1)


def test_ten_thousand_households_fall_ten_percent_in_each_desil(engine: DuckDBSqlEngine) -> None:
    result = _rank(engine, random_register(10_000, seed=5, copies=0.5), ols_model(5))
    assert Counter(result.column("desil").to_pylist()) == {d: 1000 for d in range(1, 11)}
    assert Counter(result.column("persentil").to_pylist()) == {p: 100 for p in range(1, 101)}
    persentil, desil = _expected_ranks(result)
    assert np.array_equal(result.column("desil").to_numpy(), desil)
    assert np.array_equal(result.column("persentil").to_numpy(), persentil)


@pytest.mark.parametrize("kind", ["ols", "gbm"])
def test_welfare_is_the_models_prediction_from_the_proxy_rows(
    engine: DuckDBSqlEngine, register: Register, kind: str
) -> None:
    households, persons, members = register
    proxies = proxies_for(
        engine=engine, households=households, persons=persons, members=members, as_of=AS_OF
    )
    assert proxies.schema == PROXY_SCHEMA
    model = ols_model(6) if kind == "ols" else gbm_model(proxies, seed=6)
    if kind == "gbm":
        assert len(model.trees) >= 10
    expected = model.predict(proxy_matrix(proxies, model), proxies.column("kab_kota").to_pylist())
    by_ref = dict(zip(proxies.column("household_ref").to_pylist(), expected, strict=True))
    result = _rank(engine, register, model)
    welfare = result.column("welfare").to_numpy()
    predicted = np.array([by_ref[ref] for ref in result.column("household_ref").to_pylist()])
    assert np.abs(welfare - predicted).max() < 1e-9
    assert np.allclose(result.column("konsumsi_prediksi").to_numpy(), np.exp(welfare), rtol=1e-12)
    assert np.ptp(welfare) > 0.1  # the model tells households apart


def test_parquet_files_rank_like_arrow_tables(
    engine: DuckDBSqlEngine, register: Register, tmp_path: Path
) -> None:
    names = {}
    for role, table in zip(("households", "persons", "members"), register, strict=True):
        pq.write_table(table, tmp_path / f"{role}.parquet")
        engine.register_parquet(f"file_{role}", [tmp_path / f"{role}.parquet"])
        names[role] = f"file_{role}"
    from_files = score_and_rank(engine=engine, model=ols_model(7), as_of=AS_OF, **names)
    assert from_files.equals(_rank(engine, register, ols_model(7)))


def test_the_required_columns_are_enough(engine: DuckDBSqlEngine, register: Register) -> None:
    slim = tuple(
        table.select(list(REQUIRED_COLUMNS[role]))
        for role, table in zip(("households", "persons", "members"), register, strict=True)
    )
    assert all(s.num_columns < t.num_columns for s, t in zip(slim, register, strict=True))
    assert _rank(engine, slim, ols_model(8)).equals(_rank(engine, register, ols_model(8)))


@pytest.mark.parametrize(
    ("role", "column", "label"),
    [
        ("households", "kode_wilayah", "rumah tangga"),
        ("households", "aset_mobil", "rumah tangga"),
        ("persons", "tanggal_lahir", "individu"),
        ("members", "ijazah", "anggota rumah tangga"),
    ],
)
def test_a_missing_column_is_named(
    engine: DuckDBSqlEngine, register: Register, role: str, column: str, label: str
) -> None:
    tables = dict(zip(("households", "persons", "members"), register, strict=True))
    tables[role] = tables[role].drop_columns([column])
    with pytest.raises(RankInputError, match=rf"tabel {label} .*: {column}$"):
        score_and_rank(engine=engine, model=ols_model(1), as_of=AS_OF, **tables)
    with pytest.raises(RankInputError, match=column):
        proxies_for(engine=engine, as_of=AS_OF, **tables)


def test_a_missing_column_of_a_named_table_is_named(
    engine: DuckDBSqlEngine, register: Register
) -> None:
    households, persons, members = register
    engine.register("tanpa_jk", persons.drop_columns(["jenis_kelamin", "record_id"]))
    with pytest.raises(RankInputError, match=r"individu .*: record_id, jenis_kelamin"):
        score_and_rank(
            engine=engine,
            households=households,
            persons="tanpa_jk",
            members=members,
            model=ols_model(1),
            as_of=AS_OF,
        )


def test_no_households_gives_an_empty_ranking(engine: DuckDBSqlEngine, register: Register) -> None:
    households, persons, members = register
    empty = households.slice(0, 0)
    result = score_and_rank(
        engine=engine,
        households=empty,
        persons=persons,
        members=members,
        model=ols_model(1),
        as_of=AS_OF,
    )
    assert result.num_rows == 0
    assert result.schema == RANK_SCHEMA
    proxies = proxies_for(
        engine=engine, households=empty, persons=persons, members=members, as_of=AS_OF
    )
    assert proxies.num_rows == 0
    assert proxies.schema == PROXY_SCHEMA
    engine.register("kosong", empty)
    named = score_and_rank(
        engine=engine,
        households="kosong",
        persons=persons,
        members=members,
        model=ols_model(1),
        as_of=AS_OF,
    )
    assert named.num_rows == 0
    assert named.schema == RANK_SCHEMA


def test_progress_is_told_each_step(engine: DuckDBSqlEngine, register: Register) -> None:
    steps: list[str] = []
    households, persons, members = register
    score_and_rank(
        engine=engine,
        households=households,
        persons=persons,
        members=members,
        model=ols_model(1),
        as_of=AS_OF,
        progress=steps.append,
    )
    assert steps == ["memeriksa tabel masukan", "menghitung proksi, skor dan peringkat", "selesai"]


def test_households_with_unknown_kab_kota_get_no_region_effect(
    engine: DuckDBSqlEngine, register: Register
) -> None:
    households, persons, members = register
    model = ols_model(1)
    result = _rank(engine, register, model)
    proxies = proxies_for(
        engine=engine, households=households, persons=persons, members=members, as_of=AS_OF
    )
    unseen = pc.equal(proxies.column("kab_kota"), "32.73")
    assert pc.sum(unseen).as_py() > 0
    row = proxies.filter(unseen).slice(0, 1).to_pylist()[0]
    bare = model.intercept + sum(
        c * row[p] for p, c in zip(model.proxies, model.coefficients, strict=True)
    )
    scored = result.filter(pc.equal(result.column("household_ref"), row["household_ref"]))
    assert scored.column("welfare")[0].as_py() == pytest.approx(bare, abs=1e-9)


def test_two_heads_born_the_same_day_give_the_same_proxies_in_any_order(
    engine: DuckDBSqlEngine,
) -> None:
    households, persons, members = random_register(1, seed=1, copies=0)
    born = persons.column("tanggal_lahir")[0]
    twins = pa.concat_tables([persons.slice(0, 1)] * 2)
    twins = twins.set_column(0, "record_id", pa.array(["kembar-b", "kembar-a"]))
    twins = twins.set_column(
        twins.schema.get_field_index("tanggal_lahir"), "tanggal_lahir", pa.array([born, born])
    )
    answers = pa.concat_tables([members.slice(0, 1)] * 2).set_column(
        0, "record_id", pa.array(["kembar-b", "kembar-a"])
    )
    answers = answers.set_column(
        answers.schema.get_field_index("hubungan"), "hubungan", pa.array([1, 1], pa.int16())
    )
    answers = answers.set_column(
        answers.schema.get_field_index("ijazah"), "ijazah", pa.array([5, 2], pa.int16())
    )
    seen = set()
    for order in ([0, 1], [1, 0]):
        proxies = proxies_for(
            engine=engine,
            households=households,
            persons=twins.take(order),
            members=answers.take(order),
            as_of=AS_OF,
        )
        seen.add(proxies.column("ijazah_kepala")[0].as_py())
    assert seen == {2.0}
