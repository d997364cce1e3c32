"""The catalogue of intake validation rules: stable codes, severities and messages.

Every rule the bulk validation (``dtks.pipeline.intake``) applies to a row has one entry in
``RULES``; its code appears in ``issues.parquet`` and ``quarantine.parquet`` and in the UI.
Codes are snake_case Indonesian and never change meaning; the NIK and No. KK codes are the
values of :class:`dtks.domain.nik.NikFailure` / :class:`~dtks.domain.nik.KkFailure`, so the
same code means the same thing everywhere.

Severity:

- ``reject``: the row goes to quarantine and is not loaded.
- ``flag``: the row is kept; the offending value is set to NULL in the clean output (the
  original stays in ``issues.parquet`` and, for NIK/KK, in ``nik_asli``/``no_kk_asli``). A
  person without a valid NIK is never dropped from the register: that is how the poor get
  excluded. The flags in ``KEEPS_VALUE`` only report a doubt and null nothing.
- ``repair``: a safe, mechanical repair was made (trimming, case of an all-caps name,
  ``3`` -> ``003``, undotted region codes, DD/MM/YYYY and Excel serial dates, ``01`` -> ``1``,
  yes/no ``3``/``4`` -> ``1``/``2``). Digits are never guessed: ``1.80105E+15`` is flagged.

``FILE_PROBLEMS`` lists the codes of whole-file rejections (``FileRejected.code``).
Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dtks.domain.nik import KkFailure, NikFailure

__all__ = ["FILE_PROBLEMS", "KEEPS_VALUE", "RULES", "Rule", "Severity", "rule"]

Severity = Literal["reject", "flag", "repair"]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    message: str
    message_en: str


def _rule(code: str, severity: Severity, message: str, message_en: str) -> Rule:
    return Rule(code=code, severity=severity, message=message, message_en=message_en)


_REJECT: tuple[Rule, ...] = (
    _rule(
        "wajib_kosong",
        "reject",
        "Kolom wajib diisi tetapi kosong.",
        "A required column is empty.",
    ),
    _rule(
        "jumlah_kolom_salah",
        "reject",
        "Jumlah kolom pada baris ini tidak sama dengan jumlah kolom pada baris judul "
        "(periksa koma atau tanda kutip yang berlebih/kurang).",
        "The row does not have as many fields as the header (check stray commas or quotes).",
    ),
    _rule(
        "record_id_ganda",
        "reject",
        "record_id ini sudah dipakai oleh baris sebelumnya dalam berkas yang sama.",
        "This record_id is already used by an earlier row of the same file.",
    ),
    _rule(
        "kode_ruta_ganda",
        "reject",
        "household_ref ini sudah dipakai oleh baris sebelumnya dalam berkas rumah tangga.",
        "This household_ref is already used by an earlier row of the household file.",
    ),
    _rule(
        "kode_tidak_dikenal",
        "reject",
        "Nilai bukan kode yang berlaku untuk kolom ini (lihat daftar kode formulir DTKS).",
        "The value is not a valid code for this column (see the DTKS form's code list).",
    ),
    _rule(
        "bukan_angka",
        "reject",
        "Nilai harus berupa angka.",
        "The value must be a number.",
    ),
    _rule(
        "nilai_di_luar_batas",
        "reject",
        "Nilai di luar batas wajar (luas lantai >0-10.000 m², jumlah kamar 0-100, "
        "luas lahan, jumlah ternak dan konsumsi tidak negatif).",
        "The value is out of range (floor area >0-10,000 m², rooms 0-100, land area, "
        "livestock and consumption not negative).",
    ),
    _rule(
        "tanggal_tidak_valid",
        "reject",
        "Tanggal tidak dapat dibaca atau tidak ada di kalender; gunakan YYYY-MM-DD "
        "(mis. 1985-07-05) atau DD/MM/YYYY.",
        "The date cannot be read or does not exist; use YYYY-MM-DD (e.g. 1985-07-05) or "
        "DD/MM/YYYY.",
    ),
    _rule(
        "tanggal_masa_depan",
        "reject",
        "Tanggal berada di masa depan.",
        "The date is in the future.",
    ),
    _rule(
        "tanggal_sebelum_1900",
        "reject",
        "Tanggal sebelum tahun 1900.",
        "The date is before 1900.",
    ),
    _rule(
        "umur_lebih_120",
        "reject",
        "Menurut tanggal lahir, umur lebih dari 120 tahun.",
        "By the birth date the person is older than 120 years.",
    ),
    _rule(
        "kode_wilayah_tidak_dikenal",
        "reject",
        "Bukan kode desa/kelurahan Kemendagri yang dikenal (format 18.71.01.1001).",
        "Not a known Kemendagri village code (format 18.71.01.1001).",
    ),
    _rule(
        "rt_rw_tidak_valid",
        "reject",
        "RT/RW harus berupa angka paling banyak tiga digit (mis. 003).",
        "RT/RW must be a number of at most three digits (e.g. 003).",
    ),
    _rule(
        "teks_terlalu_panjang",
        "reject",
        "Teks terlalu panjang untuk kolom ini (nama 150, tempat lahir 100, alamat 200, "
        "record_id dan household_ref 40 karakter).",
        "The text is too long for this column (name 150, birth place 100, address 200, "
        "record_id and household_ref 40 characters).",
    ),
    _rule(
        "orang_tidak_ditemukan",
        "reject",
        "record_id baris anggota ini tidak ada di berkas individu.",
        "The record_id of this member row is not in the person file.",
    ),
    _rule(
        "ruta_tidak_ditemukan",
        "reject",
        "household_ref orang ini kosong atau tidak ada di berkas rumah tangga.",
        "This person's household_ref is empty or not in the household file.",
    ),
    _rule(
        "kepala_ruta_tidak_satu",
        "reject",
        "Rumah tangga harus memiliki tepat satu kepala rumah tangga (hubungan 1); rumah "
        "tangga dan seluruh anggotanya dikarantina.",
        "A household must have exactly one head (hubungan 1); the household and all its "
        "members are quarantined.",
    ),
    _rule(
        "ruta_dikarantina",
        "reject",
        "Baris rumah tangga orang ini dikarantina, sehingga baris ini ikut dikarantina.",
        "This person's household row is quarantined, so this row is quarantined too.",
    ),
    _rule(
        "orang_dikarantina",
        "reject",
        "Baris individu dengan record_id ini dikarantina, sehingga data anggotanya ikut "
        "dikarantina.",
        "The person row with this record_id is quarantined, so its member row is too.",
    ),
    _rule(
        "status_dukcapil_tidak_dikenal",
        "reject",
        "Status kependudukan Dukcapil harus hidup, meninggal atau pindah.",
        "The civil-registry status must be hidup, meninggal or pindah.",
    ),
    _rule(
        "tanggal_meninggal_kosong",
        "reject",
        "Status meninggal tetapi tanggal meninggal kosong.",
        "The status is meninggal (dead) but the death date is empty.",
    ),
    _rule(
        "tanggal_meninggal_tanpa_status",
        "reject",
        "Tanggal meninggal diisi padahal status bukan meninggal.",
        "A death date is given although the status is not meninggal (dead).",
    ),
    _rule(
        "meninggal_sebelum_lahir",
        "reject",
        "Tanggal meninggal lebih awal dari tanggal lahir.",
        "The death date is before the birth date.",
    ),
    _rule(
        "anggota_dikarantina",
        "reject",
        "Baris anggota (ART) dengan record_id ini dikarantina, sehingga baris individunya "
        "ikut dikarantina.",
        "The member row with this record_id is quarantined, so its person row is too.",
    ),
)

_IDENTITY_FLAGS: tuple[Rule, ...] = (
    *(_rule(f.value, "flag", f.message(), f.message(english=True)) for f in NikFailure),
    *(_rule(f.value, "flag", f.message(), f.message(english=True)) for f in KkFailure),
)

_FLAGS: tuple[Rule, ...] = (
    *_IDENTITY_FLAGS,
    _rule(
        "duplikat_dalam_berkas",
        "flag",
        "Orang yang sama (NIK, nama dan tanggal lahir sama) sudah tercatat dengan record_id "
        "lain dalam berkas ini; NIK salinan ini dikosongkan.",
        "The same person (same NIK, name and birth date) is already listed under another "
        "record_id in this file; the NIK of this copy is cleared.",
    ),
    _rule(
        "nik_ganda",
        "flag",
        "NIK yang sama dipakai oleh lebih dari satu orang dalam berkas ini; NIK dikosongkan "
        "sampai diperiksa.",
        "The same NIK is used by more than one person in this file; it is cleared until checked.",
    ),
    _rule(
        "kk_beda_ruta",
        "flag",
        "Nomor KK yang sama dipakai di lebih dari satu rumah tangga; nomor KK dikosongkan "
        "sampai diperiksa.",
        "The same family card number is used in more than one household; it is cleared "
        "until checked.",
    ),
    _rule(
        "umur_tidak_wajar",
        "flag",
        "Umur tidak wajar untuk hubungan dengan kepala rumah tangga (istri/suami di bawah 15 "
        "tahun, atau anak kurang dari 12 tahun lebih muda dari kepala rumah tangga atau "
        "pasangannya).",
        "Implausible age for the relation to the head (spouse under 15, or a child less than "
        "12 years younger than the head or the spouse).",
    ),
    _rule(
        "hamil_bukan_perempuan",
        "flag",
        "Status hamil 'ya' untuk orang berjenis kelamin laki-laki; nilai dikosongkan.",
        "Pregnant 'yes' for a male person; the value is cleared.",
    ),
    _rule(
        "daya_tanpa_pln",
        "flag",
        "Daya listrik diisi padahal sumber penerangan bukan listrik PLN; nilai dikosongkan.",
        "Wattage is given although the lighting source is not PLN electricity; cleared.",
    ),
)

_REPAIRS: tuple[Rule, ...] = (
    _rule(
        "spasi_dirapikan",
        "repair",
        "Spasi di awal/akhir atau spasi ganda dihapus.",
        "Leading/trailing or repeated spaces removed.",
    ),
    _rule(
        "huruf_nama_dinormalkan",
        "repair",
        "Nama yang seluruhnya huruf besar atau huruf kecil diubah menjadi huruf kapital di "
        "awal kata.",
        "A name written all in upper or lower case was changed to title case.",
    ),
    _rule(
        "rt_rw_dinormalkan",
        "repair",
        "RT/RW ditulis tiga digit dengan nol di depan (mis. 3 menjadi 003).",
        "RT/RW written as three digits with leading zeros (e.g. 3 becomes 003).",
    ),
    _rule(
        "kode_wilayah_tanpa_titik",
        "repair",
        "Kode wilayah tanpa titik diubah ke format bertitik (1871011001 menjadi 18.71.01.1001).",
        "An undotted region code was changed to the dotted form (1871011001 becomes "
        "18.71.01.1001).",
    ),
    _rule(
        "tanggal_dinormalkan",
        "repair",
        "Tanggal (DD/MM/YYYY atau bentuk lain) diubah ke format YYYY-MM-DD.",
        "The date (DD/MM/YYYY or another form) was changed to YYYY-MM-DD.",
    ),
    _rule(
        "tanggal_serial_excel",
        "repair",
        "Nomor seri tanggal Excel diubah menjadi tanggal (hari ke-n sejak 1899-12-30).",
        "An Excel date serial number was changed to a date (day n after 1899-12-30).",
    ),
    _rule(
        "kode_dinormalkan",
        "repair",
        "Kode ditulis ulang dalam bentuk baku (mis. 01 menjadi 1, l menjadi L).",
        "The code was rewritten in its standard form (e.g. 01 becomes 1, l becomes L).",
    ),
    _rule(
        "ya_tidak_dinormalkan",
        "repair",
        "Kode ya/tidak 3/4 (konvensi berselang ekspor DTKS) diubah menjadi 1/2.",
        "A yes/no code 3/4 (alternating DTKS export convention) was changed to 1/2.",
    ),
    _rule(
        "angka_dinormalkan",
        "repair",
        "Angka ditulis ulang dalam bentuk baku (mis. 31,5 menjadi 31.5; 03 menjadi 3).",
        "The number was rewritten in standard form (e.g. 31,5 becomes 31.5; 03 becomes 3).",
    ),
)

RULES: dict[str, Rule] = {r.code: r for r in (*_REJECT, *_FLAGS, *_REPAIRS)}

# Flags that report a doubt but keep the value in the clean output.
KEEPS_VALUE: frozenset[str] = frozenset({"umur_tidak_wajar"})

# Whole-file rejections (``FileRejected.code``); severity is always "reject".
FILE_PROBLEMS: dict[str, Rule] = {
    r.code: r
    for r in (
        _rule("berkas_kosong", "reject", "Berkas kosong.", "The file is empty."),
        _rule(
            "header_salah",
            "reject",
            "Baris pertama harus berisi nama kolom berkas individu, anggota atau rumah tangga.",
            "The first row must hold the column names of a person, member or household file.",
        ),
        _rule(
            "kolom_wajib_hilang",
            "reject",
            "Kolom wajib tidak ada di baris judul.",
            "A required column is missing from the header.",
        ),
        _rule(
            "kolom_tidak_dikenal",
            "reject",
            "Baris judul berisi kolom yang tidak dikenal.",
            "The header has a column that is not known.",
        ),
        _rule(
            "bukan_teks",
            "reject",
            "Berkas bukan teks CSV (mungkin ZIP, XLSX, PDF atau gambar yang diberi nama .csv).",
            "The file is not CSV text (perhaps a ZIP, XLSX, PDF or image named .csv).",
        ),
        _rule(
            "encoding_campuran",
            "reject",
            "Berkas mencampur pengkodean huruf (sebagian UTF-8, sebagian bukan).",
            "The file mixes character encodings (partly UTF-8, partly not).",
        ),
        _rule(
            "encoding_tidak_didukung",
            "reject",
            "Pengkodean huruf tidak didukung; simpan ulang sebagai CSV UTF-8.",
            "Unsupported character encoding; save again as UTF-8 CSV.",
        ),
        _rule(
            "format_tidak_didukung",
            "reject",
            "Format berkas tidak didukung; gunakan CSV, XLSX atau Parquet.",
            "Unsupported file format; use CSV, XLSX or Parquet.",
        ),
        _rule(
            "berkas_rusak",
            "reject",
            "Berkas rusak atau tidak dapat dibaca.",
            "The file is damaged or cannot be read.",
        ),
        _rule(
            "jenis_berkas_ganda",
            "reject",
            "Satu impor hanya boleh berisi satu berkas untuk setiap jenis.",
            "One import may hold only one file of each kind.",
        ),
        _rule(
            "berkas_individu_tidak_ada",
            "reject",
            "Impor harus berisi berkas individu.",
            "An import must include a person file.",
        ),
        _rule(
            "nama_berkas_ganda",
            "reject",
            "Dua berkas dalam satu impor tidak boleh bernama sama.",
            "Two files of one import must not have the same name.",
        ),
    )
}


def rule(code: str) -> Rule:
    """The rule with ``code``; KeyError for an unknown code."""
    return RULES[code]
