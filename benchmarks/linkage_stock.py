"""Stock Splink 5, as its published examples set it up, for comparison with ``dtks link``.

FEBRL3 and FEBRL4: the settings of Splink's own FEBRL example notebooks. Synth (Indonesian
person records): a generic set-up on the interchange columns with Splink's library
comparisons (names, date of birth, NIK with Damerau-Levenshtein, the rest exact), lower-cased
as Splink's docs ask, and nothing Indonesian.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

logging.getLogger("splink").setLevel(logging.WARNING)


def _clusters(linker: Linker, threshold: float, id_column: str) -> pa.Table:
    predictions = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    return (
        clusters.as_duckdbpyrelation()
        .select(f"{id_column}::varchar as record_id, cluster_id::varchar as person_id")
        .to_arrow_table()
    )


def febrl3(table: pa.Table, *, threshold: float = 0.99) -> pa.Table:
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    )
    linker = Linker(DuckDBAPI().register(table.drop(["truth"])), settings)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name"
            " and l.date_of_birth = r.date_of_birth",
        ],
        recall=0.9,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    return _clusters(linker, threshold, "rec_id")


def febrl4(a: pa.Table, b: pa.Table, *, threshold: float = 0.99) -> pa.Table:
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
    )
    api = DuckDBAPI()
    linker = Linker([api.register(a.drop(["truth"])), api.register(b.drop(["truth"]))], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    return _clusters(linker, threshold, "rec_id")


def synth(persons: pa.Table, *, threshold: float = 0.99, u_pairs: float = 1e7) -> pa.Table:
    """A generic Splink set-up on person interchange records."""
    con = duckdb.connect()
    con.register("p", persons)
    table = con.sql(
        "select record_id, lower(nama) as nama, nik, no_kk, jenis_kelamin,"
        " lower(tempat_lahir) as tempat_lahir, tanggal_lahir,"
        " lower(nama_ibu_kandung) as nama_ibu_kandung, lower(alamat) as alamat, kode_wilayah"
        " from p"
    ).to_arrow_table()
    settings: dict[str, Any] = {
        "unique_id_column_name": "record_id",
        "link_type": "dedupe_only",
        "blocking_rules_to_generate_predictions": [
            block_on("nik"),
            block_on("nama", "tanggal_lahir"),
            block_on("tanggal_lahir", "kode_wilayah"),
            block_on("nama", "kode_wilayah"),
        ],
        "comparisons": [
            cl.NameComparison("nama").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "tanggal_lahir", input_is_string=True, invalid_dates_as_null=True
            ),
            cl.DamerauLevenshteinAtThresholds("nik", [1, 2]),
            cl.ExactMatch("jenis_kelamin"),
            cl.NameComparison("nama_ibu_kandung"),
            cl.ExactMatch("tempat_lahir"),
            cl.ExactMatch("no_kk"),
            cl.LevenshteinAtThresholds("alamat", [2, 5]),
            cl.ExactMatch("kode_wilayah"),
        ],
    }
    linker = Linker(DuckDBAPI().register(table), SettingsCreator(**settings))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik"), block_on("nama", "tanggal_lahir", "kode_wilayah")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("tanggal_lahir", "kode_wilayah")
    )
    return _clusters(linker, threshold, "record_id")
