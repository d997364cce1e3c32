"""PMT proxies: one portable SQL query from households, persons and members, a row per household.

The same SQL runs on DuckDB and Spark (``dtks.pipeline.sql_engines``). Every proxy is a DOUBLE
and never NULL: a missing answer gets a documented neutral value (see docs/pmt.md):

- a yes/no item or a code that is missing counts as "no" (0);
- a missing birth date makes the person neither a child nor elderly;
- a missing floor area counts as 8 m2 per person (the DTKS "poor" boundary), missing rooms as 1;
- a missing diploma of the head counts as 0 (none), a missing livestock count as 0;
- a household without a member coded hubungan = 1 takes its oldest member as head;
- a household without persons counts as one person (fitting refuses such a survey row).

Yes/no items come as 1 (yes) / 2 (no) in files and as booleans from the register:
``CAST(x AS INT) = 1`` is true for both.
"""

from __future__ import annotations

from datetime import date

from dtks.domain import codes


def _(text: str) -> str:
    """Marks a label for translation (``makemessages``) without importing Django: the web
    app translates it when it shows it."""
    return text


# Proxies in model order, with their Indonesian labels (the household page's explanation).
PROXY_LABELS: dict[str, str] = {
    "log_ukuran_ruta": _("Jumlah anggota rumah tangga (log)"),
    "porsi_anak": _("Porsi anak di bawah 15 tahun"),
    "porsi_lansia": _("Porsi lansia 65 tahun ke atas"),
    "porsi_bekerja": _("Porsi anggota yang bekerja"),
    "ijazah_kepala": _("Ijazah tertinggi kepala rumah tangga"),
    "kepala_bekerja": _("Kepala rumah tangga bekerja"),
    "kepala_buruh_lepas": _("Kepala rumah tangga buruh/pekerja lepas"),
    "kepala_perempuan": _("Kepala rumah tangga perempuan"),
    "ada_pns": _("Ada anggota PNS/TNI/Polri/BUMN"),
    "log_lantai_per_kapita": _("Luas lantai per orang (log)"),
    "kamar_per_kapita": _("Kamar per orang"),
    "lantai_jelek": _("Lantai tanah/bambu/kayu kualitas rendah"),
    "dinding_jelek": _("Dinding bukan tembok"),
    "atap_jelek": _("Atap sirap/bambu/jerami"),
    "rumah_milik_sendiri": _("Rumah milik sendiri"),
    "listrik_pln": _("Listrik PLN"),
    "daya_1300_lebih": _("Daya listrik 1.300 watt atau lebih"),
    "bahan_bakar_bersih": _("Memasak dengan listrik/gas"),
    "jamban_sendiri": _("Jamban sendiri"),
    "kloset_leher_angsa": _("Kloset leher angsa"),
    "air_layak": _("Air minum layak (kemasan/leding/sumur atau mata air terlindung)"),
    "jumlah_aset": _("Jumlah aset (dari 16 jenis)"),
    "punya_sepeda_motor": _("Punya sepeda motor"),
    "punya_mobil": _("Punya mobil"),
    "punya_lemari_es": _("Punya lemari es"),
    "punya_ac": _("Punya AC"),
    "punya_smartphone": _("Punya telepon seluler/smartphone"),
    "punya_lahan": _("Punya lahan"),
    "log_unit_ternak": _("Ternak (satuan ternak, log)"),
    "desa": _("Tinggal di desa (bukan kelurahan)"),
}
PROXIES: tuple[str, ...] = tuple(PROXY_LABELS)

# Proxies describing the place, not the household: constant in a survey of one kota (all
# kelurahan). Fitting leaves such a proxy out, and says so in its report, instead of refusing.
PLACE_PROXIES: tuple[str, ...] = ("desa",)

# Livestock units: a pig or a goat counts as a fifth of a cow, buffalo or horse.
SMALL_LIVESTOCK_WEIGHT = 0.2
# Floor area per person assumed when the area is missing (m2).
NEUTRAL_FLOOR_PER_PERSON = 8.0

_ASSET_COLUMNS = tuple(name for name, _, _ in codes.ASSETS)


def _yes(column: str) -> str:
    return f"CASE WHEN CAST({column} AS INT) = 1 THEN 1 ELSE 0 END"


def _in(column: str, values: tuple[int, ...]) -> str:
    listed = ", ".join(str(v) for v in values)
    return f"CASE WHEN CAST({column} AS INT) IN ({listed}) THEN 1 ELSE 0 END"


def _count(column: str) -> str:
    return f"coalesce(CAST({column} AS DOUBLE), 0)"


def _age(as_of: date) -> str:
    day = f"CAST('{as_of.isoformat()}' AS DATE)"
    born = "CAST(p.tanggal_lahir AS DATE)"
    return (
        f"year({day}) - year({born}) - CASE WHEN month({born}) > month({day}) "
        f"OR (month({born}) = month({day}) AND day({born}) > day({day})) THEN 1 ELSE 0 END"
    )


def _household_proxies() -> dict[str, str]:
    """Proxy name -> SQL over ``h`` (household row) and ``m`` (member aggregates, NULL for a
    household without persons)."""
    size = "coalesce(m.size, 1)"
    floor = (
        f"CASE WHEN CAST(h.luas_lantai AS DOUBLE) > 0 THEN CAST(h.luas_lantai AS DOUBLE) / {size} "
        f"ELSE {NEUTRAL_FLOOR_PER_PERSON} END"
    )
    assets = " + ".join(_yes(f"h.{name}") for name in _ASSET_COLUMNS)
    livestock = (
        f"{_count('h.jumlah_sapi')} + {_count('h.jumlah_kerbau')} + {_count('h.jumlah_kuda')} "
        f"+ {SMALL_LIVESTOCK_WEIGHT} * ({_count('h.jumlah_babi')} + {_count('h.jumlah_kambing')})"
    )
    return {
        "log_ukuran_ruta": f"ln({size})",
        "porsi_anak": f"coalesce(m.children, 0) / {size}",
        "porsi_lansia": f"coalesce(m.elderly, 0) / {size}",
        "porsi_bekerja": f"coalesce(m.workers, 0) / {size}",
        "ijazah_kepala": "coalesce(m.head_ijazah, 0)",
        "kepala_bekerja": "coalesce(m.head_works, 0)",
        "kepala_buruh_lepas": "coalesce(m.head_casual, 0)",
        "kepala_perempuan": "coalesce(m.head_female, 0)",
        "ada_pns": "coalesce(m.civil_servant, 0)",
        "log_lantai_per_kapita": f"ln(greatest({floor}, 1))",
        "kamar_per_kapita": f"greatest(coalesce(CAST(h.jumlah_kamar AS DOUBLE), 1), 1) / {size}",
        "lantai_jelek": _in("h.lantai", (7, 8, 9)),
        "dinding_jelek": _in("h.dinding", (2, 3, 4, 5, 6, 7)),
        "atap_jelek": _in("h.atap", (7, 8, 9)),
        "rumah_milik_sendiri": _in("h.sta_bangunan", (1,)),
        "listrik_pln": _in("h.sumber_penerangan", (1,)),
        "daya_1300_lebih": _in("h.daya", (3, 4, 5)),
        "bahan_bakar_bersih": _in("h.bb_masak", (1, 2, 3, 4)),
        "jamban_sendiri": _in("h.fasbab", (1,)),
        "kloset_leher_angsa": _in("h.kloset", (1,)),
        "air_layak": _in("h.sumber_airminum", (1, 2, 3, 4, 5, 6, 8)),
        "jumlah_aset": assets,
        "punya_sepeda_motor": _yes("h.aset_sepeda_motor"),
        "punya_mobil": _yes("h.aset_mobil"),
        "punya_lemari_es": _yes("h.aset_lemari_es"),
        "punya_ac": _yes("h.aset_ac"),
        "punya_smartphone": _yes("h.aset_smartphone"),
        "punya_lahan": _yes(f"h.{codes.ASET_LAHAN[0]}"),
        "log_unit_ternak": f"ln(1 + {livestock})",
        # Village codes: the fourth part starts with 1 for a kelurahan, 2 for a desa.
        "desa": "CASE WHEN substring(h.kode_wilayah, 10, 1) = '2' THEN 1 ELSE 0 END",
    }


# The head's answers, packed into the six low bits of its order key (``_head_key``):
# (name, SQL over a member, weight).
_HEAD_ANSWERS = (
    ("head_female", "CASE WHEN jenis_kelamin = 'P' THEN 1 ELSE 0 END", 1),
    ("head_casual", "CASE WHEN status_pekerjaan IN (6, 7) THEN 1 ELSE 0 END", 2),
    ("head_works", "CASE WHEN bekerja = 1 THEN 1 ELSE 0 END", 4),
    ("head_ijazah", "least(greatest(coalesce(ijazah, 0), 0), 7)", 8),
)
_HEAD_BITS = 64


def _head_key() -> str:
    """A member's order key as head (hubungan = 1 first, then the oldest, a missing birth date
    last: ``born`` is yyyymmdd), times 64, plus its packed answers.

    The household's smallest key is its head's, so one MIN per household finds the head and
    its answers: no window over every person (at 40 M persons a ``ROW_NUMBER`` partitioned by
    household costs more than the rest of the scoring; benchmarks/bench_pmt_rank.py). Members
    tied on both (two heads born the same day) resolve to the smaller answers.
    """
    answers = " + ".join(f"{weight} * {sql}" for _, sql, weight in _HEAD_ANSWERS)
    order = "CASE WHEN hubungan = 1 THEN 0 ELSE 100000000 END + coalesce(born, 99999999)"
    return f"CAST({order} AS BIGINT) * {_HEAD_BITS} + {answers}"


def _head_answers() -> str:
    """The packed answers out of ``head`` again (``floor``/``%``: portable integer maths)."""
    return ", ".join(
        f"CAST(floor(head % {_HEAD_BITS} / {weight}) % {8 if weight == 8 else 2} AS INT) AS {name}"
        for name, _, weight in _HEAD_ANSWERS
    )


def proxy_sql(
    *,
    households: str = "households",
    persons: str = "persons",
    members: str = "members",
    as_of: date,
) -> str:
    """SQL giving ``household_ref, kab_kota`` and every proxy in ``PROXIES`` (DOUBLE, not NULL)."""
    expressions = _household_proxies()
    assert tuple(expressions) == PROXIES, "proxy SQL and PROXY_LABELS disagree"
    selected = ",\n  ".join(
        f"CAST({expression} AS DOUBLE) AS {name}" for name, expression in expressions.items()
    )
    return f"""
WITH people AS (
  SELECT p.household_ref, p.jenis_kelamin, {_age(as_of)} AS age,
    year(CAST(p.tanggal_lahir AS DATE)) * 10000 + month(CAST(p.tanggal_lahir AS DATE)) * 100
      + day(CAST(p.tanggal_lahir AS DATE)) AS born,
    CAST(a.hubungan AS INT) AS hubungan, CAST(a.ijazah AS INT) AS ijazah,
    CAST(a.bekerja AS INT) AS bekerja, CAST(a.status_pekerjaan AS INT) AS status_pekerjaan
  FROM {persons} p LEFT JOIN {members} a ON a.record_id = p.record_id
),
agg AS (
  SELECT household_ref,
    COUNT(*) AS size,
    SUM(CASE WHEN age < 15 THEN 1 ELSE 0 END) AS children,
    SUM(CASE WHEN age >= 65 THEN 1 ELSE 0 END) AS elderly,
    SUM(CASE WHEN bekerja = 1 THEN 1 ELSE 0 END) AS workers,
    MAX(CASE WHEN status_pekerjaan = 5 THEN 1 ELSE 0 END) AS civil_servant,
    MIN({_head_key()}) AS head
  FROM people GROUP BY household_ref
),
m AS (
  SELECT household_ref, CAST(size AS DOUBLE) AS size, children, elderly, workers,
    civil_servant, {_head_answers()}
  FROM agg
)
SELECT h.household_ref, substring(h.kode_wilayah, 1, 5) AS kab_kota,
  {selected}
FROM {households} h LEFT JOIN m ON m.household_ref = h.household_ref
"""
