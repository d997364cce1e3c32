"""Code lists of the DTKS verivali form, defined once.

Every model, form, importer, generator and API uses these lists; nothing else spells out a
code value. Codes are the integers printed on the form and in DTKS exports (``"01"`` is 1).
Labels are Indonesian first (the default UI language) with an English label beside it.
See ``docs/glossary.md`` and ``../shared/domain/DTKS.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    value: int
    label: str
    label_en: str


@dataclass(frozen=True, slots=True)
class CodeList:
    """One field's closed list of codes."""

    field: str
    codes: tuple[Code, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(code.value for code in self.codes)

    def choices(self) -> list[tuple[int, str]]:
        """Django-style ``choices`` with the Indonesian label."""
        return [(code.value, code.label) for code in self.codes]

    def label(self, value: int | None, *, english: bool = False) -> str:
        for code in self.codes:
            if code.value == value:
                return code.label_en if english else code.label
        return ""

    def __contains__(self, value: object) -> bool:
        return value in self.values


def _codes(field: str, *items: tuple[int, str, str]) -> CodeList:
    return CodeList(field=field, codes=tuple(Code(v, id_, en) for v, id_, en in items))


# --- Household (rumah tangga) -------------------------------------------------------------

STA_BANGUNAN = _codes(
    "sta_bangunan",
    (1, "Milik sendiri", "Own"),
    (2, "Kontrak/sewa", "Rent"),
    (3, "Bebas sewa", "Rent-free"),
    (4, "Dinas", "Official"),
    (5, "Lainnya", "Other"),
)
STA_LAHAN = _codes(
    "sta_lahan",
    (1, "Milik sendiri", "Own"),
    (2, "Milik orang lain", "Someone else's"),
    (3, "Tanah negara", "State land"),
    (4, "Lainnya", "Other"),
)
LANTAI = _codes(
    "lantai",
    (1, "Marmer/granit", "Marble/granite"),
    (2, "Keramik", "Ceramic"),
    (3, "Parket/vinil/permadani", "Parquet/vinyl"),
    (4, "Ubin/tegel/teraso", "Tile/terrazzo"),
    (5, "Kayu/papan kualitas tinggi", "Good wood"),
    (6, "Sementara/bata merah", "Cement/red brick"),
    (7, "Bambu", "Bamboo"),
    (8, "Kayu/papan kualitas rendah", "Poor wood"),
    (9, "Tanah", "Earth"),
    (10, "Lainnya", "Other"),
)
DINDING = _codes(
    "dinding",
    (1, "Tembok", "Masonry"),
    (2, "Plesteran anyaman bambu/kawat", "Plastered bamboo/wire"),
    (3, "Kayu", "Wood"),
    (4, "Anyaman bambu", "Woven bamboo"),
    (5, "Batang kayu", "Logs"),
    (6, "Bambu", "Bamboo"),
    (7, "Lainnya", "Other"),
)
KONDISI = _codes(
    "kondisi", (1, "Bagus/kualitas tinggi", "Good"), (2, "Jelek/kualitas rendah", "Poor")
)
ATAP = _codes(
    "atap",
    (1, "Beton/genteng beton", "Concrete"),
    (2, "Genteng keramik", "Ceramic tile"),
    (3, "Genteng metal", "Metal tile"),
    (4, "Genteng tanah liat", "Clay tile"),
    (5, "Asbes", "Asbestos"),
    (6, "Seng", "Zinc"),
    (7, "Sirap", "Shingle"),
    (8, "Bambu", "Bamboo"),
    (9, "Jerami/ijuk/daun-daunan/rumbia", "Straw/palm"),
    (10, "Lainnya", "Other"),
)
SUMBER_AIRMINUM = _codes(
    "sumber_airminum",
    (1, "Air kemasan bermerk", "Bottled"),
    (2, "Air isi ulang", "Refill"),
    (3, "Leding meteran", "Metered piped"),
    (4, "Leding eceran", "Retail piped"),
    (5, "Sumur bor/pompa", "Bore well"),
    (6, "Sumur terlindung", "Protected well"),
    (7, "Sumur tak terlindung", "Unprotected well"),
    (8, "Mata air terlindung", "Protected spring"),
    (9, "Mata air tak terlindung", "Unprotected spring"),
    (10, "Air sungai/danau/waduk", "River/lake"),
    (11, "Air hujan", "Rain"),
    (12, "Lainnya", "Other"),
)
SUMBER_PENERANGAN = _codes(
    "sumber_penerangan",
    (1, "Listrik PLN", "PLN electricity"),
    (2, "Listrik non-PLN", "Non-PLN electricity"),
    (3, "Bukan listrik", "No electricity"),
)
DAYA = _codes(
    "daya",
    (1, "450 watt", "450 W"),
    (2, "900 watt", "900 W"),
    (3, "1.300 watt", "1300 W"),
    (4, "2.200 watt", "2200 W"),
    (5, "> 2.200 watt", "> 2200 W"),
    (6, "Tanpa meteran", "No meter"),
)
BB_MASAK = _codes(
    "bb_masak",
    (1, "Listrik", "Electricity"),
    (2, "Gas > 3 kg", "Gas > 3 kg"),
    (3, "Gas 3 kg", "Gas 3 kg"),
    (4, "Gas kota/biogas", "Town gas/biogas"),
    (5, "Minyak tanah", "Kerosene"),
    (6, "Briket", "Briquette"),
    (7, "Arang", "Charcoal"),
    (8, "Kayu bakar", "Firewood"),
    (9, "Tidak memasak di rumah", "No cooking"),
)
FASBAB = _codes(
    "fasbab",
    (1, "Sendiri", "Own"),
    (2, "Bersama", "Shared"),
    (3, "Umum", "Public"),
    (4, "Tidak ada", "None"),
)
KLOSET = _codes(
    "kloset",
    (1, "Leher angsa", "Goose-neck"),
    (2, "Plengsengan", "Plengsengan"),
    (3, "Cemplung/cubluk", "Pit"),
    (4, "Tidak pakai", "None"),
)
BUANG_TINJA = _codes(
    "buang_tinja",
    (1, "Tangki", "Tank"),
    (2, "SPAL", "SPAL"),
    (3, "Lubang tanah", "Hole"),
    (4, "Kolam/sawah/sungai/danau/laut", "Pond/field/river/sea"),
    (5, "Pantai/tanah lapang/kebun", "Beach/open field"),
    (6, "Lainnya", "Other"),
)

# Yes/no items. The interchange format writes 1 (ya) / 2 (tidak); some DTKS exports alternate
# 1/2 on odd items and 3/4 on even ones (see ``yes_no_value``).
YA_TIDAK = _codes("ya_tidak", (1, "Ya", "Yes"), (2, "Tidak", "No"))

# (field name in DTKS exports, Indonesian label, English label), in form order.
ASSETS: tuple[tuple[str, str, str], ...] = (
    ("aset_tabung_gas", "Tabung gas 5,5 kg atau lebih", "Gas cylinder >= 5.5 kg"),
    ("aset_lemari_es", "Lemari es/kulkas", "Refrigerator"),
    ("aset_ac", "AC", "Air conditioner"),
    ("aset_pemanas_air", "Pemanas air", "Water heater"),
    ("aset_telepon_rumah", "Telepon rumah", "Landline"),
    ("aset_televisi", "Televisi", "Television"),
    ("aset_emas", "Emas/perhiasan 10 gram atau lebih", "Gold >= 10 g"),
    ("aset_komputer", "Komputer/laptop", "Computer"),
    ("aset_sepeda", "Sepeda", "Bicycle"),
    ("aset_sepeda_motor", "Sepeda motor", "Motorcycle"),
    ("aset_mobil", "Mobil", "Car"),
    ("aset_perahu", "Perahu", "Boat"),
    ("aset_motor_tempel", "Motor tempel", "Outboard motor"),
    ("aset_perahu_motor", "Perahu motor", "Motor boat"),
    ("aset_kapal", "Kapal", "Ship"),
    ("aset_smartphone", "Telepon seluler/smartphone", "Smartphone"),
)
# Other assets: yes/no items with an amount beside them.
ASET_LAHAN = ("aset_lahan", "Lahan", "Land")
ASET_RUMAH_LAIN = ("aset_rumah_lain", "Rumah di tempat lain", "Another house")
# Livestock counts (heads).
LIVESTOCK: tuple[tuple[str, str, str], ...] = (
    ("jumlah_sapi", "Sapi", "Cattle"),
    ("jumlah_kerbau", "Kerbau", "Buffalo"),
    ("jumlah_kuda", "Kuda", "Horse"),
    ("jumlah_babi", "Babi", "Pig"),
    ("jumlah_kambing", "Kambing/domba", "Goat/sheep"),
)
# Programme participation (yes/no).
PROGRAMS: tuple[tuple[str, str, str], ...] = (
    ("ikut_kks", "KKS", "KKS (welfare card)"),
    ("ikut_kip", "KIP", "KIP (school grant)"),
    ("ikut_kis_pbi", "KIS/PBI-JKN", "KIS/PBI-JKN"),
    ("ikut_bpjs_mandiri", "BPJS Kesehatan mandiri", "Self-paid BPJS"),
    ("ikut_jamsostek", "Jamsostek/BPJS Ketenagakerjaan", "Jamsostek"),
    ("ikut_pkh", "PKH", "PKH"),
    ("ikut_sembako", "Rastra/Sembako", "Rastra/Sembako"),
    ("ikut_kur", "KUR", "KUR (micro credit)"),
)

# Coded household fields, in form order; the household file's columns follow this order.
HOUSEHOLD_CODED: tuple[CodeList, ...] = (
    STA_BANGUNAN,
    STA_LAHAN,
    LANTAI,
    DINDING,
    CodeList("kondisi_dinding", KONDISI.codes),
    ATAP,
    CodeList("kondisi_atap", KONDISI.codes),
    SUMBER_AIRMINUM,
    SUMBER_PENERANGAN,
    DAYA,
    BB_MASAK,
    FASBAB,
    KLOSET,
    BUANG_TINJA,
)

# --- Member (anggota rumah tangga, ART) ---------------------------------------------------

HUBUNGAN = _codes(
    "hubungan",
    (1, "Kepala rumah tangga", "Head"),
    (2, "Istri/suami", "Spouse"),
    (3, "Anak", "Child"),
    (4, "Menantu", "Child-in-law"),
    (5, "Cucu", "Grandchild"),
    (6, "Orang tua/mertua", "Parent/in-law"),
    (7, "Pembantu rumah tangga", "Domestic worker"),
    (8, "Lainnya", "Other"),
)
HEAD = 1
SPOUSE = 2
CHILD = 3

JENIS_KELAMIN = _codes("jenis_kelamin", (1, "Laki-laki", "Male"), (2, "Perempuan", "Female"))
MALE = 1
FEMALE = 2
# Letters used by the person interchange file (L/P) and their codes.
SEX_LETTER = {"L": MALE, "P": FEMALE}
LETTER_OF_SEX = {MALE: "L", FEMALE: "P"}

STATUS_KAWIN = _codes(
    "status_kawin",
    (1, "Belum kawin", "Single"),
    (2, "Kawin", "Married"),
    (3, "Cerai hidup", "Divorced"),
    (4, "Cerai mati", "Widowed"),
)
HAMIL = _codes("hamil", (1, "Ya", "Yes"), (2, "Tidak", "No"))
JENIS_CACAT = _codes(
    "jenis_cacat",
    (0, "Tidak cacat", "None"),
    (1, "Tuna daksa/cacat tubuh", "Physical"),
    (2, "Tuna netra/buta", "Blind"),
    (3, "Tuna rungu", "Deaf"),
    (4, "Tuna wicara", "Mute"),
    (5, "Tuna rungu dan wicara", "Deaf and mute"),
    (6, "Tuna netra dan cacat tubuh", "Blind and physical"),
    (7, "Tuna netra, rungu dan wicara", "Blind, deaf and mute"),
    (8, "Tuna rungu, wicara dan cacat tubuh", "Deaf, mute and physical"),
    (9, "Tuna rungu, wicara, netra dan cacat tubuh", "All four"),
    (10, "Cacat mental retardasi", "Intellectual"),
    (11, "Mantan penderita gangguan jiwa", "Former mental illness"),
    (12, "Cacat fisik dan mental", "Physical and mental"),
)
PENYAKIT_KRONIS = _codes(
    "penyakit_kronis",
    (0, "Tidak ada", "None"),
    (1, "Hipertensi", "Hypertension"),
    (2, "Rematik", "Rheumatism"),
    (3, "Asma", "Asthma"),
    (4, "Masalah jantung", "Heart disease"),
    (5, "Diabetes", "Diabetes"),
    (6, "Tuberkulosis (TBC)", "Tuberculosis"),
    (7, "Stroke", "Stroke"),
    (8, "Kanker/tumor", "Cancer"),
    (9, "Lainnya", "Other"),
)
PARTISIPASI_SEKOLAH = _codes(
    "partisipasi_sekolah",
    (0, "Tidak/belum pernah sekolah", "Never attended"),
    (1, "Masih sekolah", "In school"),
    (2, "Tidak bersekolah lagi", "No longer in school"),
)
JENJANG = _codes(
    "jenjang",
    (1, "SD/SDLB", "Primary (SD)"),
    (2, "Paket A", "Paket A"),
    (3, "M. Ibtidaiyah", "MI"),
    (4, "SMP/SMPLB", "Junior secondary (SMP)"),
    (5, "Paket B", "Paket B"),
    (6, "M. Tsanawiyah", "MTs"),
    (7, "SMA/SMK/SMALB", "Senior secondary (SMA/SMK)"),
    (8, "Paket C", "Paket C"),
    (9, "M. Aliyah", "MA"),
    (10, "Perguruan tinggi", "Higher education"),
)
IJAZAH = _codes(
    "ijazah",
    (0, "Tidak punya ijazah", "None"),
    (1, "SD/sederajat", "Primary"),
    (2, "SMP/sederajat", "Junior secondary"),
    (3, "SMA/sederajat", "Senior secondary"),
    (4, "D1/D2/D3", "Diploma"),
    (5, "D4/S1", "Bachelor"),
    (6, "S2/S3", "Postgraduate"),
)
BEKERJA = _codes("bekerja", (1, "Ya", "Yes"), (2, "Tidak", "No"))
LAPANGAN_USAHA = _codes(
    "lapangan_usaha",
    (1, "Pertanian tanaman padi dan palawija", "Food crops"),
    (2, "Hortikultura", "Horticulture"),
    (3, "Perkebunan", "Estate crops"),
    (4, "Perikanan tangkap", "Capture fishery"),
    (5, "Perikanan budidaya", "Aquaculture"),
    (6, "Peternakan", "Livestock"),
    (7, "Kehutanan dan pertanian lainnya", "Forestry and other agriculture"),
    (8, "Pertambangan/penggalian", "Mining/quarrying"),
    (9, "Industri pengolahan", "Manufacturing"),
    (10, "Listrik dan gas", "Electricity and gas"),
    (11, "Bangunan/konstruksi", "Construction"),
    (12, "Perdagangan", "Trade"),
    (13, "Hotel dan rumah makan", "Hotels and restaurants"),
    (14, "Transportasi dan pergudangan", "Transport and storage"),
    (15, "Informasi dan komunikasi", "Information and communication"),
    (16, "Keuangan dan asuransi", "Finance and insurance"),
    (17, "Jasa pendidikan", "Education services"),
    (18, "Jasa kesehatan", "Health services"),
    (19, "Jasa kemasyarakatan, pemerintahan dan perorangan", "Public and personal services"),
    (20, "Pemulung", "Scavenger"),
    (21, "Lainnya", "Other"),
)
STATUS_PEKERJAAN = _codes(
    "status_pekerjaan",
    (1, "Berusaha sendiri", "Own account"),
    (2, "Berusaha dibantu buruh tidak tetap/tidak dibayar", "With temporary help"),
    (3, "Berusaha dibantu buruh tetap/dibayar", "With permanent workers"),
    (4, "Buruh/karyawan/pegawai swasta", "Employee"),
    (5, "PNS/TNI/Polri/BUMN/BUMD/anggota legislatif", "Civil servant/TNI/Polri/SOE"),
    (6, "Pekerja bebas pertanian", "Casual agricultural"),
    (7, "Pekerja bebas non-pertanian", "Casual non-agricultural"),
    (8, "Pekerja keluarga/tidak dibayar", "Family worker"),
)
CIVIL_SERVANT = 5

# Coded member fields, in form order; the member file's columns follow this order.
MEMBER_CODED: tuple[CodeList, ...] = (
    HUBUNGAN,
    STATUS_KAWIN,
    HAMIL,
    JENIS_CACAT,
    PENYAKIT_KRONIS,
    PARTISIPASI_SEKOLAH,
    JENJANG,
    IJAZAH,
    BEKERJA,
    LAPANGAN_USAHA,
    STATUS_PEKERJAAN,
)

# Sources of the 2020-2021 merge, and the civil registry.
SOURCES = ("DTKS", "PKH", "BPNT", "BST")
CIVIL_REGISTRY_SOURCE = "DUKCAPIL"


def yes_no_value(raw: int, *, item_index: int) -> bool | None:
    """Read a yes/no asset code, accepting both export conventions.

    ``item_index`` is the item's 0-based position in its list. Plain exports use 1 yes/2 no
    everywhere; alternating exports use 1/2 on odd items (1st, 3rd, ...) and 3/4 on even ones.
    Returns None for a code that fits neither.
    """
    if raw == 1:
        return True
    if raw == 2:
        return False
    if item_index % 2 == 1 and raw in (3, 4):
        return raw == 3
    return None


def coded_field(field: str) -> CodeList:
    """The code list of a household or member field by its DTKS name."""
    for code_list in HOUSEHOLD_CODED + MEMBER_CODED:
        if code_list.field == field:
            return code_list
    raise KeyError(f"no code list for field {field!r}")
