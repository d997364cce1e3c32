"""Scoring helpers for the linkage tests."""

from __future__ import annotations

import duckdb
import pyarrow as pa


def pairwise_f1(clusters: pa.Table, truth: pa.Table) -> tuple[float, float]:
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
    return tp / predicted, tp / actual
