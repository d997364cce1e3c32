"""The person comparisons and blocking rules: what dtks knows about Indonesian identities.

Compared with a generic Splink set-up:

- names are compared after ``dtks.domain.names`` normalisation (titles, Muhammad/Ahmad,
  old spelling), by an Indonesian phonetic key, as token sets (swapped order, first name
  only) and through a nickname table;
- a NIK is read for what it encodes: an exact NIK that agrees with both records' birth date
  and sex is strong evidence, an exact NIK that does not (a head's NIK written on a member's
  row) is weak, a NIK rounded through a spreadsheet or one digit off is a typo, and two
  valid NIKs with the same kecamatan and birth date but another serial belong to two people
  (twins);
- birth dates allow the usual slips (day and month swapped, year one off, one digit);
- family context (KK, mother, address) is separate evidence that never outweighs different
  names, so members of one family card stay different people.

Every rule here is written once, in DuckDB SQL or Splink's dialect-neutral library, and
Splink translates it for Spark.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

DUCKDB = "duckdb"


def _sql(condition: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(condition, label_for_charts=label, base_dialect_str=DUCKDB)


def name_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="nama",
        comparison_description="Nama (dinormalkan)",
        comparison_levels=[
            cll.NullLevel("nama_norm"),
            cll.ExactMatchLevel("nama_norm")
            .configure(tf_adjustment_column="nama_norm", tf_adjustment_weight=1.0)
            .configure(label_for_charts="sama persis"),
            cll.Or(cll.ExactMatchLevel("nama_ph"), cll.ExactMatchLevel("nama_sorted")).configure(
                label_for_charts="bunyi sama atau urutan tertukar"
            ),
            cll.JaroWinklerLevel("nama_norm", 0.92).configure(label_for_charts="sangat mirip"),
            # One name is the other's first tokens ("Rizky" / "Rizky Pratama"), or a known
            # nickname with the same last name. Prefix tests, not array sets: they are
            # evaluated for millions of pairs.
            cll.Or(
                _sql(
                    "starts_with(nama_norm_l || ' ', nama_norm_r || ' ')"
                    " or starts_with(nama_norm_r || ' ', nama_norm_l || ' ')",
                    "",
                ),
                cll.And(cll.ExactMatchLevel("nama_nick"), cll.ExactMatchLevel("nama_last_ph")),
            ).configure(label_for_charts="sebagian nama atau nama panggilan"),
            cll.Or(
                cll.ExactMatchLevel("nama_first_ph"), cll.ExactMatchLevel("nama_last_ph")
            ).configure(label_for_charts="nama depan atau belakang sama"),
            # Fixed, not learnt: EM counts some family members as "matches" and would make
            # a wholly different name cheap. After normalisation, nicknames and partial
            # names, a true duplicate rarely has a name sharing nothing.
            cll.ElseLevel().configure(label_for_charts="berbeda"),
        ],
    )


def birth_date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="tanggal_lahir",
        comparison_description="Tanggal lahir",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="sama"),
            _sql("dob_l = dob_swapped_r", "hari dan bulan tertukar"),
            _sql("dob_md_l = dob_md_r and abs(dob_year_l - dob_year_r) = 1", "tahun selisih satu"),
            cll.DamerauLevenshteinLevel("dob", 1).configure(label_for_charts="satu angka beda"),
            cll.ElseLevel().configure(label_for_charts="berbeda"),
        ],
    )


def nik_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="nik",
        comparison_description="NIK",
        comparison_levels=[
            cll.NullLevel("nik"),
            _sql(
                "nik_l = nik_r and nik_ok_l and nik_ok_r",
                "sama, sesuai tanggal lahir dan jenis kelamin",
            ),
            # Also a head's NIK written on a member's row: weak evidence by design. The u
            # value is fixed because random pairs never show how often one family shares a
            # NIK; about one in a thousand family pairs in the sources do.
            # Identifiers that are not NIKs (another registry's number): learnt as they are.
            _sql("nik_l = nik_r and length(nik_l) <> 16", "sama (bukan format NIK)"),
            cll.ExactMatchLevel("nik").configure(
                label_for_charts="sama, tidak sesuai tanggal lahir",
                u_probability=0.001,
                fix_u_probability=True,
            ),
            _sql(
                "(nik_stem_l is not null and starts_with(nik_r, nik_stem_l))"
                " or (nik_stem_r is not null and starts_with(nik_l, nik_stem_r))",
                "dibulatkan spreadsheet (akhiran nol)",
            ),
            # Two valid NIKs for the same kecamatan, birth date and sex with another serial:
            # two people (twins), whatever else agrees. Fixed, not learnt: random pairs
            # almost never show it, so EM would read it as evidence for a match.
            _sql(
                "nik12_l = nik12_r and nik_ok_l and nik_ok_r",
                "tanggal lahir sama, nomor urut lain (orang lain)",
            ).configure(
                m_probability=0.0005,
                u_probability=0.02,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            # One digit off: where it breaks agreement with the birth date it is a typo;
            # between two consistent NIKs it may as well be two people of the same birth
            # date in neighbouring kecamatan, so the two cases are learnt apart.
            cll.And(
                cll.DamerauLevenshteinLevel("nik", 1), _sql("not (nik_ok_l and nik_ok_r)", "")
            ).configure(label_for_charts="salah ketik satu angka (tanggal lahir tidak sesuai)"),
            cll.DamerauLevenshteinLevel("nik", 1).configure(
                label_for_charts="beda satu angka, keduanya NIK sah"
            ),
            cll.ElseLevel().configure(label_for_charts="berbeda"),
        ],
    )


def _exact_null_else(column: str, name: str, description: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=name,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts="sama"),
            cll.ElseLevel().configure(label_for_charts="berbeda"),
        ],
    )


def birth_place_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="tempat_lahir",
        comparison_description="Tempat lahir",
        comparison_levels=[
            cll.NullLevel("tempat_norm"),
            cll.ExactMatchLevel("tempat_norm").configure(label_for_charts="sama"),
            cll.JaroWinklerLevel("tempat_norm", 0.88).configure(label_for_charts="mirip"),
            cll.ElseLevel().configure(label_for_charts="berbeda"),
        ],
    )


def family_comparison() -> cl.CustomComparison:
    """KK, mother's name and address as ONE piece of evidence.

    Members of one family agree on all three at once; counted separately they would add up
    to more than any name difference could take away, and siblings would merge.
    """
    same_kk = cll.ExactMatchLevel("no_kk")
    same_mother = cll.Or(cll.ExactMatchLevel("ibu_norm"), cll.JaroWinklerLevel("ibu_norm", 0.9))
    same_address = cll.Or(
        cll.And(cll.ExactMatchLevel("desa"), cll.JaroWinklerLevel("alamat_norm", 0.9)),
        _sql("desa_l = desa_r and rt_l = rt_r and rw_l = rw_r", "desa dan RT/RW sama"),
    )
    return cl.CustomComparison(
        output_column_name="keluarga",
        comparison_description="KK, ibu kandung, alamat",
        comparison_levels=[
            _sql(
                "(no_kk_l is null or no_kk_r is null)"
                " and (ibu_norm_l is null or ibu_norm_r is null)"
                " and (desa_l is null or desa_r is null)",
                "tidak ada data keluarga",
            ).configure(is_null_level=True),
            cll.And(same_kk, same_mother).configure(label_for_charts="KK dan ibu sama"),
            cll.Or(cll.And(same_kk, same_address), cll.And(same_mother, same_address)).configure(
                label_for_charts="KK atau ibu sama, alamat sama"
            ),
            cll.Or(same_kk, same_mother).configure(label_for_charts="KK atau ibu sama"),
            same_address.configure(label_for_charts="alamat sama"),
            cll.JaroWinklerLevel("alamat_norm", 0.9).configure(
                label_for_charts="alamat mirip, wilayah lain"
            ),
            cll.DamerauLevenshteinLevel("no_kk", 1).configure(
                label_for_charts="KK beda satu angka"
            ),
            cll.ExactMatchLevel("desa").configure(label_for_charts="desa sama"),
            cll.DamerauLevenshteinLevel("desa", 1).configure(
                label_for_charts="kode wilayah beda satu"
            ),
            cll.ExactMatchLevel("kecamatan").configure(label_for_charts="kecamatan sama"),
            cll.ElseLevel().configure(label_for_charts="berbeda"),
        ],
    )


def comparisons() -> list[ComparisonCreator | dict[str, Any]]:
    return [
        name_comparison(),
        birth_date_comparison(),
        nik_comparison(),
        _exact_null_else("sex", "jenis_kelamin", "Jenis kelamin"),
        birth_place_comparison(),
        family_comparison(),
    ]


def prediction_blocking_rules() -> list[BlockingRuleCreator | dict[str, Any]]:
    """Pairs worth scoring: each true pair should meet at least one rule."""
    return [
        block_on("nik"),
        block_on("nik12"),
        block_on("dob", "nama_first_ph"),
        block_on("dob", "nama_last_ph"),
        block_on("no_kk", "nama_first_ph"),
        block_on("nama_sorted", "desa"),
        # Rural addresses ("Dusun II") and common names are shared by hundreds in a village
        # or a province: each of these rules needs a third key to stay small.
        block_on("ibu_ph", "nama_first_ph", "kabupaten"),
        block_on("desa", "alamat_norm", "dob_year"),
        block_on("dob", "desa"),
    ]


def training_blocking_rules() -> list[BlockingRuleCreator]:
    """Expectation maximisation sessions; each leaves out the columns it blocks on."""
    return [block_on("nik"), block_on("dob", "nama_first_ph")]


def deterministic_rules() -> list[str | BlockingRuleCreator]:
    """Near-certain matches, used to estimate how often two random records match."""
    return [block_on("nik", "nama_ph"), block_on("nama_norm", "dob", "desa")]


def settings_dict(*, dialect: str, **extra: Any) -> dict[str, Any]:
    from splink import SettingsCreator

    creator = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source"],
        **extra,
    )
    return creator.create_settings_dict(dialect)
