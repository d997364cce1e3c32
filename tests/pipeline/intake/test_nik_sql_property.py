"""The SQL NIK checks agree with ``dtks.domain.nik.parse_nik`` (property test)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtks.domain.codes import FEMALE, MALE
from dtks.domain.nik import make_nik, parse_nik
from dtks.domain.wilayah import kecamatan_codes
from dtks.pipeline.intake.identity_sql import nik_verdicts

KECAMATAN = sorted(kecamatan_codes())
WHITESPACE = st.text(alphabet=" \t\n\u00a0\u3000", max_size=2)


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    codes = pa.table({"code": KECAMATAN})
    connection.register("codes", codes)
    connection.execute("CREATE TABLE ref_kecamatan AS SELECT * FROM codes")
    yield connection
    connection.close()


@st.composite
def valid_nik(draw: st.DrawFn) -> tuple[str, int, date]:
    region = draw(
        st.one_of(
            st.sampled_from(KECAMATAN),
            st.text(alphabet="0123456789", min_size=6, max_size=6),
        )
    )
    born = draw(st.dates(min_value=date(1901, 1, 1), max_value=date(2030, 12, 31)))
    sex = draw(st.sampled_from([MALE, FEMALE]))
    serial = draw(st.integers(min_value=1, max_value=9999))
    return make_nik(kecamatan_code=region, birth_date=born, sex=sex, serial=serial), sex, born


@st.composite
def mutated_nik(draw: st.DrawFn) -> str:
    nik, _sex, born = draw(valid_nik())
    kind = draw(
        st.sampled_from(
            ["digit", "transpose", "no_plus_40", "scientific", "length", "serial0", "junk", "same"]
        )
    )
    digits = list(nik)
    if kind == "digit":
        index = draw(st.integers(0, 15))
        digits[index] = draw(st.sampled_from("0123456789"))
        return "".join(digits)
    if kind == "transpose":
        index = draw(st.integers(0, 14))
        digits[index], digits[index + 1] = digits[index + 1], digits[index]
        return "".join(digits)
    if kind == "no_plus_40":
        return nik[:6] + f"{born.day:02d}" + nik[8:]
    if kind == "scientific":
        text = draw(st.sampled_from(["{:.5E}", "{:.14e}"])).format(int(nik))
        return text.replace(".", ",") if draw(st.booleans()) else text
    if kind == "length":
        return draw(st.sampled_from([nik[:15], nik + "1", nik[:10], "0" + nik]))
    if kind == "serial0":
        return nik[:12] + "0000"
    if kind == "junk":
        return draw(st.text(alphabet="0123456789eE+-.,xX ", max_size=20))
    return nik


@st.composite
def sample(draw: st.DrawFn) -> tuple[str, int | None, date | None]:
    value = draw(st.one_of(valid_nik().map(lambda t: t[0]), mutated_nik()))
    value = draw(WHITESPACE) + value + draw(WHITESPACE)
    recorded_sex = draw(st.sampled_from([None, MALE, FEMALE, 3]))
    recorded_birth = draw(
        st.one_of(
            st.none(),
            st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
            st.just(_date_in_nik(value)),
        )
    )
    return value, recorded_sex, recorded_birth


def _date_in_nik(value: str) -> date | None:
    """The NIK's own day and month with a year in some century (hits the agreement path)."""
    text = value.strip()
    if len(text) != 16 or not text.isdigit():
        return None
    day, month, yy = int(text[6:8]) % 40, int(text[8:10]), int(text[10:12])
    for year in (2000 + yy, 1900 + yy):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


@settings(max_examples=100, deadline=None)
@given(
    samples=st.lists(sample(), min_size=1, max_size=40),
    reference=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
)
def test_sql_verdicts_agree_with_parse_nik(
    con: duckdb.DuckDBPyConnection,
    samples: list[tuple[str, int | None, date | None]],
    reference: date,
) -> None:
    table = pa.table(
        {
            "i": list(range(len(samples))),
            "value": [s[0] for s in samples],
            "sex": pa.array([s[1] for s in samples], pa.int16()),
            "birth": pa.array([s[2] for s in samples], pa.date32()),
        }
    )
    con.register("samples", table)
    try:
        verdicts = nik_verdicts(con, "samples", reference=reference)
    finally:
        con.unregister("samples")
    for (value, recorded_sex, recorded_birth), verdict in zip(samples, verdicts, strict=True):
        check = parse_nik(
            value,
            recorded_sex=recorded_sex,
            recorded_birth_date=recorded_birth,
            reference_date=reference,
        )
        expected = (tuple(f.value for f in check.failures), check.sex, check.birth_date)
        assert verdict == expected, (value, recorded_sex, recorded_birth)


def test_examples_agree(con: duckdb.DuckDBPyConnection) -> None:
    reference = date(2026, 1, 15)
    values = ["1871014507850003", "1.80105E+15", "", "18710145078500", "1871010000000000"]
    table = pa.table(
        {
            "i": list(range(len(values))),
            "value": values,
            "sex": pa.array([MALE] * len(values), pa.int16()),
            "birth": pa.array([date(1985, 7, 5)] * len(values), pa.date32()),
        }
    )
    con.register("examples", table)
    verdicts = nik_verdicts(con, "examples", reference=reference)
    con.unregister("examples")
    assert verdicts[0] == (("nik_jenis_kelamin_tidak_sesuai",), FEMALE, date(1985, 7, 5))
    assert verdicts[1] == (("nik_notasi_ilmiah",), None, None)
    assert verdicts[2] == (("nik_kosong",), None, None)
    assert verdicts[3] == (("nik_bukan_16_digit",), None, None)
    assert verdicts[4][0] == ("nik_tanggal_tidak_valid", "nik_nomor_urut_nol")
