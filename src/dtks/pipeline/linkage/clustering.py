"""Connected components over the linked pairs, with clerical decisions applied.

Pure numpy and DuckDB on Arrow, so every engine's pairs are clustered by the same code. A
``person_id`` is the smallest ``record_id`` of its cluster: the same clusters always get the
same ids.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from .result import CLUSTERS_SCHEMA


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Label of each node = smallest node index of its component."""
    labels = np.arange(n, dtype=np.int64)
    if left.size == 0:
        return labels
    while True:
        before = labels.copy()
        low = np.minimum(labels[left], labels[right])
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        while True:  # pointer jumping: follow labels to their roots
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


def cluster(
    *, ids: pa.ChunkedArray | pa.Array, linked: pa.Table, forced: pa.Table, forbidden: pa.Table
) -> pa.Table:
    """Clusters of ``ids`` from ``linked`` pairs plus ``forced`` minus ``forbidden`` pairs."""
    con = duckdb.connect()
    try:
        con.register("ids", pa.table({"record_id": ids}))
        con.register("linked", linked.select(["record_id_l", "record_id_r"]))
        con.register("forced", forced.select(["record_id_l", "record_id_r"]))
        con.register("forbidden", forbidden.select(["record_id_l", "record_id_r"]))
        con.execute(
            "create table nodes as select record_id, (row_number() over (order by record_id)) - 1"
            " as node from ids"
        )
        edges = con.sql(
            """
            with pairs as (
              select * from linked union select * from forced
              except select * from forbidden
            )
            select l.node as a, r.node as b
            from pairs join nodes l on l.record_id = pairs.record_id_l
                       join nodes r on r.record_id = pairs.record_id_r
            """
        ).fetchnumpy()
        n = con.sql("select count(*) from nodes").fetchall()[0][0]
        labels = _components(int(n), edges["a"].astype(np.int64), edges["b"].astype(np.int64))
        con.register("labels", pa.table({"node": np.arange(n), "root": labels}))
        return (
            con.sql(
                "select n.record_id, r.record_id as person_id from nodes n"
                " join labels using (node) join nodes r on r.node = labels.root"
                " order by n.record_id"
            )
            .to_arrow_table()
            .cast(CLUSTERS_SCHEMA)
        )
    finally:
        con.close()
