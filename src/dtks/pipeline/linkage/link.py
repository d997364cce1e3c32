"""Link person records into people: train (or load) a model, score pairs, cluster.

    result = link_persons(persons, engine="duckdb", model_path=Path("model.json"))

Scoring runs on the chosen engine through Splink; what comes back is Arrow, and clustering
and the evidence for the review queue are computed here, the same for every engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import comparisons
from .clustering import cluster
from .engines import Engine, make_engine
from .features import prepare
from .model import LinkageModel
from .result import DECISIONS_SCHEMA, MATCH, NON_MATCH, PAIRS_SCHEMA, LinkResult, Thresholds

Progress = Callable[[str, int, int], None]
STEPS = 5
# Random pairs for the u estimates: enough for the rarest levels, bounded for speed.
U_SAMPLE_PAIRS = 1_000_000
# EM needs the model's structure, not every record: above this it trains on a sample.
TRAINING_RECORDS = 400_000


def _quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)


def train_model(
    features: pa.Table, *, engine: Engine, progress: Progress | None = None
) -> LinkageModel:
    """Estimate the model from the records themselves (unsupervised: u by random sampling,
    the prior from near-certain rules, m by expectation maximisation)."""
    from splink import Linker

    _quiet_splink()
    sample = features
    if features.num_rows > TRAINING_RECORDS:
        con = duckdb.connect()
        con.register("f", features)
        sample = con.sql(
            f"select * from f order by hash(unique_id) limit {TRAINING_RECORDS}"
        ).to_arrow_table()
        con.close()
    db_api = engine.database_api()
    frame = db_api.register(sample)
    linker = Linker(frame, comparisons.settings_dict(dialect=engine.dialect))
    linker.training.estimate_probability_two_random_records_match(
        comparisons.deterministic_rules(), recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    for rule in comparisons.training_blocking_rules():
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    settings = linker.misc.save_model_to_json()
    return LinkageModel.from_splink(settings, records=sample.num_rows)


def _evidence_sql(model: LinkageModel) -> str:
    """A JSON object per pair: for each comparison its level label, weight and the values."""
    shown = {
        "nama": "nama_norm",
        "tanggal_lahir": "dob",
        "nik": "nik",
        "jenis_kelamin": "sex",
        "tempat_lahir": "tempat_norm",
        "keluarga": "no_kk",
    }
    parts = []
    for name, labels in model.labels().items():
        n = len(labels)
        # Splink numbers levels from the top: null = -1, best = n - 2, ..., else = 0.
        label_case = " ".join(
            f"when {n - 1 - i if i else -1} then '{label.replace(chr(39), chr(39) * 2)}'"
            for i, label in enumerate(labels)
        )
        column = shown[name]
        parts.append(
            f"'{name}', json_object('level', case gamma_{name} {label_case} end,"
            f" 'weight', round(mw_{name}, 2),"
            f" 'l', cast({column}_l as varchar), 'r', cast({column}_r as varchar))"
        )
    return "json_object(" + ", ".join(parts) + ")::varchar"


def _pairs(predictions: pa.Table, model: LinkageModel, where: str) -> pa.Table:
    con = duckdb.connect()
    try:
        con.register("p", predictions)
        sql = f"""
            select least(unique_id_l, unique_id_r) as record_id_l,
                   greatest(unique_id_l, unique_id_r) as record_id_r,
                   match_weight::double as match_weight,
                   match_probability::double as match_probability,
                   {_evidence_sql(model)} as evidence
            from p where {where}
            order by record_id_l, record_id_r
        """
        return con.sql(sql).to_arrow_table().cast(PAIRS_SCHEMA)
    finally:
        con.close()


def _decided(decisions: pa.Table | None, kind: str) -> pa.Table:
    if decisions is None or decisions.num_rows == 0:
        return pa.table(
            {"record_id_l": pa.array([], pa.string()), "record_id_r": pa.array([], pa.string())}
        )
    con = duckdb.connect()
    try:
        con.register("d", decisions.cast(DECISIONS_SCHEMA))
        return con.sql(
            "select least(record_id_l, record_id_r) as record_id_l,"
            " greatest(record_id_l, record_id_r) as record_id_r"
            f" from d where decision = '{kind}'"
        ).to_arrow_table()
    finally:
        con.close()


def link_persons(
    persons: pa.Table,
    *,
    engine: str | Engine = "duckdb",
    model_path: Path | None = None,
    model: LinkageModel | None = None,
    thresholds: Thresholds | None = None,
    decisions: pa.Table | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Cluster ``persons`` (person interchange columns) into people.

    ``model_path`` or ``model``: reuse a trained model; neither: train on ``persons``.
    ``decisions``: clerical decisions (DECISIONS_SCHEMA) that override the model.
    """
    from splink import Linker

    _quiet_splink()
    thresholds = thresholds or Thresholds()
    report = progress or (lambda step, done, total: None)
    owns_engine = isinstance(engine, str)
    runner = make_engine(engine) if isinstance(engine, str) else engine
    try:
        report("menyiapkan kolom pembanding", 0, STEPS)
        features = prepare(persons)
        if model is None and model_path is not None:
            model = LinkageModel.load(model_path)
        if model is None:
            report("melatih model", 1, STEPS)
            model = train_model(features, engine=runner)
        report("menilai pasangan rekaman", 2, STEPS)
        db_api = runner.database_api()
        linker = Linker(db_api.register(features), model.splink_settings(dialect=runner.dialect))
        predictions = runner.to_arrow(
            linker.inference.predict(threshold_match_probability=thresholds.review)
        )
        report("mengelompokkan", 3, STEPS)
        matches = _decided(decisions, MATCH)
        non_matches = _decided(decisions, NON_MATCH)
        linked = _pairs(predictions, model, f"match_probability >= {thresholds.accept}")
        review = _pairs(predictions, model, f"match_probability < {thresholds.accept}")
        clusters = cluster(
            ids=features.column("unique_id"),
            linked=linked,
            forced=matches,
            forbidden=non_matches,
        )
        review = _without(review, matches, non_matches)
        report("selesai", STEPS, STEPS)
        counts: dict[str, Any] = {
            "records": persons.num_rows,
            "persons": len(set(clusters.column("person_id").to_pylist())),
            "pairs_scored": predictions.num_rows,
            "pairs_linked": linked.num_rows,
            "pairs_review": review.num_rows,
            "decisions_applied": matches.num_rows + non_matches.num_rows,
        }
        return LinkResult(
            clusters=clusters,
            review_pairs=review,
            linked_pairs=linked,
            model_version=model.version,
            counts=counts,
            model=model,
        )
    finally:
        if owns_engine:
            runner.close()


def _without(pairs: pa.Table, *decided: pa.Table) -> pa.Table:
    con = duckdb.connect()
    try:
        con.register("p", pairs)
        for i, table in enumerate(decided):
            con.register(f"d{i}", table)
        anti = " ".join(
            f"anti join d{i} using (record_id_l, record_id_r)" for i in range(len(decided))
        )
        return con.sql(f"select * from p {anti} order by record_id_l, record_id_r").to_arrow_table()
    finally:
        con.close()
