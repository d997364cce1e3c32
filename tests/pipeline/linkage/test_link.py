"""Linking synth sources: accuracy, every record once, stored models, clerical decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from linkage_support import pairwise_f1

from dtks.pipeline.linkage import (
    DECISIONS_SCHEMA,
    LinkageModel,
    LinkInputError,
    LinkModelError,
    LinkResult,
    Thresholds,
    link_persons,
)


def _assert_clusters(result: LinkResult, persons: pa.Table, truth: pa.Table) -> None:
    ids = result.clusters.column("record_id").to_pylist()
    assert sorted(ids) == sorted(persons.column("record_id").to_pylist())
    assert len(ids) == len(set(ids))
    precision, recall = pairwise_f1(result.clusters, truth)
    assert precision > 0.98
    assert recall > 0.98
    # A person id is the smallest record id of its cluster.
    by_person: dict[str, list[str]] = {}
    for rid, pid in zip(ids, result.clusters.column("person_id").to_pylist(), strict=True):
        by_person.setdefault(pid, []).append(rid)
    assert all(pid == min(members) for pid, members in by_person.items())


def test_trained_on_the_input_every_record_once_and_accurate(
    trained_result: LinkResult, world_persons: pa.Table, world_truth: pa.Table
) -> None:
    _assert_clusters(trained_result, world_persons, world_truth)
    assert trained_result.model is not None
    assert trained_result.model.trained_on_records == world_persons.num_rows


def test_shipped_model_every_record_once_and_accurate(
    baseline: LinkResult, world_persons: pa.Table, world_truth: pa.Table
) -> None:
    _assert_clusters(baseline, world_persons, world_truth)


def test_review_pairs_lie_between_thresholds(
    world_persons: pa.Table, shipped_model: LinkageModel
) -> None:
    thresholds = Thresholds(accept=0.99, review=0.3)
    result = link_persons(world_persons, model=shipped_model, thresholds=thresholds)
    probabilities = result.review_pairs.column("match_probability").to_pylist()
    assert probabilities, "a real world has uncertain pairs"
    assert all(0.3 <= p < 0.99 for p in probabilities)
    evidence = json.loads(result.review_pairs.column("evidence")[0].as_py())
    assert set(evidence) >= {"nama", "tanggal_lahir", "nik", "keluarga"}
    assert {"level", "weight", "l", "r"} <= set(evidence["nama"])
    left = result.review_pairs.column("record_id_l").to_pylist()
    right = result.review_pairs.column("record_id_r").to_pylist()
    assert all(a < b for a, b in zip(left, right, strict=True))


def test_stored_model_gives_the_same_clusters(
    world_persons: pa.Table, trained_result: LinkResult, tmp_path: Path
) -> None:
    trained = trained_result.model
    path = tmp_path / "model.json"
    trained.save(path)
    loaded = LinkageModel.load(path)
    assert loaded.version == trained.version
    again = link_persons(world_persons, model_path=path)
    assert again.clusters.equals(trained_result.clusters)
    assert again.model_version == trained.version


def test_decisions_override_the_model(
    world_persons: pa.Table, shipped_model: LinkageModel, baseline: LinkResult
) -> None:
    linked = baseline.linked_pairs.slice(0, 1).to_pylist()[0]
    review = baseline.review_pairs.slice(0, 1).to_pylist()[0]
    decisions = pa.table(
        {
            "record_id_l": [linked["record_id_l"], review["record_id_l"]],
            "record_id_r": [linked["record_id_r"], review["record_id_r"]],
            "decision": ["non_match", "match"],
        },
        schema=DECISIONS_SCHEMA,
    )
    result = link_persons(world_persons, model=shipped_model, decisions=decisions)
    person = dict(
        zip(
            result.clusters.column("record_id").to_pylist(),
            result.clusters.column("person_id").to_pylist(),
            strict=True,
        )
    )
    assert person[review["record_id_l"]] == person[review["record_id_r"]]
    pending = set(
        zip(
            result.review_pairs.column("record_id_l").to_pylist(),
            result.review_pairs.column("record_id_r").to_pylist(),
            strict=True,
        )
    )
    assert (review["record_id_l"], review["record_id_r"]) not in pending
    assert result.counts["decisions_applied"] == 2


def _records(*rows: dict[str, str]) -> pa.Table:
    columns = sorted({key for row in rows for key in row})
    return pa.table({c: [row.get(c) for row in rows] for c in columns})


def test_family_members_stay_apart_and_spelling_variants_join(
    shipped_model: LinkageModel,
) -> None:
    family = {
        "no_kk": "1871031906170001",
        "nama_ibu_kandung": "Siti Nurlela",
        "alamat": "Jl. Wolter Monginsidi No. 77",
        "rt": "002",
        "rw": "001",
        "kode_wilayah": "18.71.03.1001",
        "tempat_lahir": "Bandar Lampung",
    }
    persons = _records(
        # Twins: same birth date, mother, card and address; consecutive NIKs.
        {**family, "record_id": "A1", "nama": "Rizky Pratama", "jenis_kelamin": "L",
         "tanggal_lahir": "2011-05-02", "nik": "1871030205110005"},
        {**family, "record_id": "A2", "nama": "Rendi Saputra", "jenis_kelamin": "L",
         "tanggal_lahir": "2011-05-02", "nik": "1871030205110006"},
        # The same twin again: name through the Muhammad rules, NIK with a digit typo.
        {**family, "record_id": "A3", "nama": "MOCH. RIZKY PRATAMA", "jenis_kelamin": "L",
         "tanggal_lahir": "2011-05-02", "nik": "1871030205119005"},
        # The father's NIK written on the mother's row (shared NIK), and the father himself.
        {**family, "record_id": "B1", "nama": "Hendra Gunawan", "jenis_kelamin": "L",
         "tanggal_lahir": "1980-03-14", "nik": "1871031403800001"},
        {**family, "record_id": "B2", "nama": "Dewi Lestari", "jenis_kelamin": "P",
         "tanggal_lahir": "1984-08-21", "nik": "1871031403800001"},
    )  # fmt: skip
    result = link_persons(persons, model=shipped_model)
    person = dict(
        zip(
            result.clusters.column("record_id").to_pylist(),
            result.clusters.column("person_id").to_pylist(),
            strict=True,
        )
    )
    assert person["A1"] != person["A2"]
    assert person["A3"] == person["A1"]
    assert person["B1"] != person["B2"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pa.table({"nama": ["Budi"]}), "kolom wajib tidak ada: record_id"),
        (pa.table({"record_id": ["1", "1"], "nama": ["A", "B"]}), "record_id tidak unik"),
        (pa.table({"record_id": pa.array([], pa.string()), "nama": pa.array([], pa.string())}),
         "tidak berisi rekaman"),
        (pa.table({"record_id": ["1", None], "nama": ["A", "B"]}), "record_id kosong"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_reason(
    table: pa.Table, message: str, shipped_model: LinkageModel
) -> None:
    with pytest.raises(LinkInputError, match=message):
        link_persons(table, model=shipped_model)


def test_model_files_that_cannot_be_used(shipped_model: LinkageModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not json")
    with pytest.raises(LinkModelError, match="rusak"):
        LinkageModel.load(path)
    shipped_model.save(path)
    document = json.loads(path.read_text())
    document["schema_version"] = 0
    path.write_text(json.dumps(document))
    with pytest.raises(LinkModelError, match="versi skema"):
        LinkageModel.load(path)
    shipped_model.save(path)
    document = json.loads(path.read_text())
    document["probability_two_random_records_match"] = 0.5
    path.write_text(json.dumps(document))
    with pytest.raises(LinkModelError, match="tidak cocok dengan versinya"):
        LinkageModel.load(path)
    with pytest.raises(LinkModelError, match="tidak ada"):
        LinkageModel.load(tmp_path / "missing.json")
