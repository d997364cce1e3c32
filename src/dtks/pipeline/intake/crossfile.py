"""Rules across rows and files, in DuckDB over the staged tables ``s_<kind>``.

Order (each step sees the issues of the steps before it):

1. duplicates inside a file: ``record_id_ganda`` (persons, members), ``kode_ruta_ganda``
   (households); the first row of a key is kept, the later ones are quarantined;
2. references: member rows whose record_id is not in the person file
   (``orang_tidak_ditemukan``); with a household file, persons whose household_ref is empty
   or not in it (``ruta_tidak_ditemukan``);
3. with a member file: households without exactly one head (hubungan 1) among the first rows
   of their persons' record_ids: the household row, its person rows and their member rows
   are quarantined (``kepala_ruta_tidak_satu``); counted over all those rows, valid or not.
   The households are those of the household file when there is one (a household with
   nobody in it has no head), else the persons' household_ref values;
4. cascades, so that the valid output is closed: persons of a quarantined household
   (``ruta_dikarantina``), persons whose member row is quarantined (``anggota_dikarantina``),
   member rows whose person is quarantined (``orang_dikarantina``);
5. flags over the rows that stay valid: ``duplikat_dalam_berkas`` (same NIK text, name and
   birth date under another record_id: the later copies' NIK is cleared), ``nik_ganda`` (a
   NIK still held by more than one valid row: cleared on all), ``kk_beda_ruta`` (a No. KK in
   more than one household: cleared on all), ``umur_tidak_wajar`` (spouse under 15; child
   less than 12 years younger than the head or the oldest spouse; value kept),
   ``hamil_bukan_perempuan`` (pregnant male: cleared).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from dtks.domain.rules import RULES
from dtks.pipeline.intake.headers import HOUSEHOLDS, MEMBERS, PERSONS
from dtks.pipeline.intake.staging import quote_ident, quote_literal


@dataclass(frozen=True)
class Staged:
    kind: str
    file_name: str
    columns: tuple[str, ...]

    @property
    def table(self) -> str:
        return f"s_{self.kind}"

    def position(self, column: str) -> int:
        return self.columns.index(column) if column in self.columns else -1


class CrossRules:
    def __init__(
        self, con: duckdb.DuckDBPyConnection, staged: dict[str, Staged], reference: date
    ) -> None:
        self.con = con
        self.staged = staged
        self.today = f"DATE '{reference.isoformat()}'"
        self.has_refs = PERSONS in staged and "household_ref" in staged[PERSONS].columns

    def add(
        self, kind: str, column: str, rule: str, rows_sql: str, new_value: str = "NULL"
    ) -> None:
        """Insert one issue per row of ``rows_sql`` (a query over ``s_<kind>`` aliased ``s``
        returning ``s.*`` rows)."""
        info = self.staged[kind]
        self.con.execute(
            f"INSERT INTO issues SELECT {quote_literal(info.file_name)}, s.row_number, "
            f"'{kind}', {quote_literal(column)}, {info.position(column)}, '{rule}', "
            f"'{RULES[rule].severity}', s.{quote_ident(column)}, {new_value} FROM ({rows_sql}) s"
        )

    def rejected(self, kind: str) -> str:
        return f"(SELECT row_number FROM issues WHERE kind = '{kind}' AND severity = 'reject')"

    def first_of_key(self, kind: str) -> str:
        """Condition for the first row of each non-empty record_id (after ``duplicates``)."""
        return (
            "t_record_id <> '' AND row_number NOT IN (SELECT row_number FROM issues "
            f"WHERE kind = '{kind}' AND rule_code = 'record_id_ganda')"
        )

    def valid(self, kind: str) -> str:
        return f"SELECT * FROM s_{kind} WHERE row_number NOT IN {self.rejected(kind)}"

    def run(self) -> None:
        self.duplicates()
        self.references()
        self.heads()
        self.cascades()
        self.flags()

    def duplicates(self) -> None:
        for kind, key, rule in (
            (PERSONS, "record_id", "record_id_ganda"),
            (MEMBERS, "record_id", "record_id_ganda"),
            (HOUSEHOLDS, "household_ref", "kode_ruta_ganda"),
        ):
            if kind in self.staged:
                self.add(
                    kind,
                    key,
                    rule,
                    f"SELECT * FROM s_{kind} WHERE t_{key} IN (SELECT t_{key} FROM s_{kind} "
                    f"WHERE t_{key} <> '' GROUP BY ALL HAVING count(*) > 1) "
                    f"QUALIFY row_number() OVER (PARTITION BY t_{key} ORDER BY row_number) > 1",
                )

    def references(self) -> None:
        if MEMBERS in self.staged:
            self.add(
                MEMBERS,
                "record_id",
                "orang_tidak_ditemukan",
                "SELECT * FROM s_members WHERE t_record_id <> '' AND t_record_id NOT IN "
                "(SELECT t_record_id FROM s_persons)",
            )
        if HOUSEHOLDS in self.staged:
            self.add(
                PERSONS,
                "household_ref",
                "ruta_tidak_ditemukan",
                "SELECT * FROM s_persons WHERE t_household_ref NOT IN "
                "(SELECT t_household_ref FROM s_households WHERE t_household_ref <> '')",
            )

    def heads(self) -> None:
        if MEMBERS not in self.staged or not self.has_refs:
            return
        # The households are those of the household file when there is one (persons with
        # another household_ref are already ruta_tidak_ditemukan), else the persons' refs.
        refs_of = "s_households" if HOUSEHOLDS in self.staged else "s_persons"
        refs = f"SELECT DISTINCT t_household_ref AS ref FROM {refs_of} WHERE t_household_ref <> ''"
        self.con.execute(
            "CREATE TEMP TABLE bad_households AS "
            "WITH p1 AS (SELECT t_record_id, t_household_ref AS ref FROM s_persons "
            f"WHERE {self.first_of_key(PERSONS)}), "
            "m1 AS (SELECT t_record_id, v_hubungan FROM s_members "
            f"WHERE {self.first_of_key(MEMBERS)}), "
            "heads AS (SELECT ref, count(*) FILTER (WHERE m1.v_hubungan = 1) AS n "
            "FROM p1 LEFT JOIN m1 USING (t_record_id) GROUP BY ref) "
            f"SELECT ref FROM ({refs}) LEFT JOIN heads USING (ref) WHERE coalesce(n, 0) <> 1"
        )
        rule = "kepala_ruta_tidak_satu"
        if HOUSEHOLDS in self.staged:
            self.add(
                HOUSEHOLDS,
                "household_ref",
                rule,
                "SELECT * FROM s_households "
                "WHERE t_household_ref IN (SELECT ref FROM bad_households)",
            )
        self.add(
            PERSONS,
            "household_ref",
            rule,
            "SELECT * FROM s_persons WHERE t_household_ref IN (SELECT ref FROM bad_households)",
        )
        self.add(
            MEMBERS,
            "hubungan",
            rule,
            "SELECT * FROM s_members WHERE t_record_id IN (SELECT t_record_id FROM s_persons "
            "WHERE t_household_ref IN (SELECT ref FROM bad_households))",
        )

    def _has_rejects(self, kind: str) -> bool:
        row = self.con.execute(
            f"SELECT count(*) FROM issues WHERE kind = '{kind}' AND severity = 'reject'"
        ).fetchone()
        return bool(row and row[0])

    def cascades(self) -> None:
        """Each step only when the kind it starts from has rejected rows."""
        if HOUSEHOLDS in self.staged and self._has_rejects(HOUSEHOLDS):
            self.add(
                PERSONS,
                "household_ref",
                "ruta_dikarantina",
                f"{self.valid(PERSONS)} AND t_household_ref IN (SELECT t_household_ref FROM "
                f"s_households) AND t_household_ref NOT IN (SELECT t_household_ref FROM "
                f"({self.valid(HOUSEHOLDS)}))",
            )
        if MEMBERS not in self.staged:
            return
        if self._has_rejects(MEMBERS):
            self.add(
                PERSONS,
                "record_id",
                "anggota_dikarantina",
                f"{self.valid(PERSONS)} AND t_record_id IN (SELECT t_record_id FROM s_members "
                f"WHERE {self.first_of_key(MEMBERS)} AND row_number IN {self.rejected(MEMBERS)})",
            )
        if self._has_rejects(PERSONS):
            self.add(
                MEMBERS,
                "record_id",
                "orang_dikarantina",
                f"{self.valid(MEMBERS)} AND t_record_id IN (SELECT t_record_id FROM s_persons "
                f"WHERE row_number IN {self.rejected(PERSONS)}) AND t_record_id NOT IN "
                f"(SELECT t_record_id FROM ({self.valid(PERSONS)}))",
            )

    def _flagged(self, column: str) -> str:
        return (
            "(SELECT row_number FROM issues WHERE kind = 'persons' AND severity = 'flag' "
            f"AND \"column\" = '{column}')"
        )

    def flags(self) -> None:
        refs = ", t_household_ref" if self.has_refs else ""
        self.con.execute(
            "CREATE TEMP TABLE vp AS SELECT row_number, nik, no_kk, tanggal_lahir, t_record_id, "
            f"t_nik, t_no_kk, n_nama, v_tanggal_lahir, v_jenis_kelamin{refs} "
            f"FROM ({self.valid(PERSONS)})"
        )
        self.con.execute(
            "CREATE TEMP TABLE nik_twice AS SELECT t_nik FROM vp WHERE t_nik <> '' "
            "GROUP BY t_nik HAVING count(*) > 1"
        )
        self.add(
            PERSONS,
            "nik",
            "duplikat_dalam_berkas",
            "SELECT * FROM vp WHERE t_nik IN (SELECT t_nik FROM nik_twice) QUALIFY "
            "row_number() OVER (PARTITION BY t_nik, lower(n_nama), v_tanggal_lahir "
            "ORDER BY row_number) > 1",
        )
        kept = (
            "SELECT * FROM vp WHERE t_nik IN (SELECT t_nik FROM nik_twice) "
            f"AND row_number NOT IN {self._flagged('nik')}"
        )
        self.add(
            PERSONS,
            "nik",
            "nik_ganda",
            f"SELECT * FROM ({kept}) WHERE t_nik IN (SELECT t_nik FROM ({kept}) "
            "GROUP BY t_nik HAVING count(*) > 1)",
        )
        if self.has_refs:
            kept_kk = (
                "SELECT * FROM vp WHERE t_no_kk <> '' AND t_household_ref <> '' AND "
                f"row_number NOT IN {self._flagged('no_kk')}"
            )
            self.add(
                PERSONS,
                "no_kk",
                "kk_beda_ruta",
                f"SELECT * FROM ({kept_kk}) WHERE t_no_kk IN (SELECT t_no_kk FROM ({kept_kk}) "
                "GROUP BY t_no_kk HAVING min(t_household_ref) <> max(t_household_ref))",
            )
        if MEMBERS not in self.staged:
            return
        self.con.execute(
            "CREATE TEMP TABLE vm AS SELECT row_number, hamil, t_record_id, v_hubungan, v_hamil "
            f"FROM ({self.valid(MEMBERS)})"
        )
        self.add(
            MEMBERS,
            "hamil",
            "hamil_bukan_perempuan",
            "SELECT vm.* FROM vm JOIN vp USING (t_record_id) "
            "WHERE vm.v_hamil = 1 AND vp.v_jenis_kelamin = 1",
        )
        if self.has_refs:
            self._ages()

    def _ages(self) -> None:
        family = (
            "SELECT vp.*, vm.v_hubungan AS rel FROM vp JOIN vm USING (t_record_id) "
            "WHERE vp.t_household_ref <> ''"
        )
        self.add(
            PERSONS,
            "tanggal_lahir",
            "umur_tidak_wajar",
            f"WITH fam AS ({family}), "
            "heads AS (SELECT t_household_ref, min(v_tanggal_lahir) AS head_born FROM fam "
            "WHERE rel = 1 GROUP BY ALL), "
            "spouses AS (SELECT t_household_ref, min(v_tanggal_lahir) AS spouse_born FROM fam "
            "WHERE rel = 2 GROUP BY ALL) "
            "SELECT fam.* FROM fam LEFT JOIN heads USING (t_household_ref) "
            "LEFT JOIN spouses USING (t_household_ref) "
            f"WHERE (rel = 2 AND v_tanggal_lahir > {self.today} - INTERVAL 15 YEAR) "
            "OR (rel = 3 AND (v_tanggal_lahir < head_born + INTERVAL 12 YEAR "
            "OR v_tanggal_lahir < spouse_born + INTERVAL 12 YEAR))",
            "strftime(s.v_tanggal_lahir, '%Y-%m-%d')",
        )
