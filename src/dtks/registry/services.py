"""Writes to the register, one household at a time (bulk loads: ``bulk_load.py``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from dtks.domain import codes
from dtks.domain.nik import parse_kk, parse_nik
from dtks.regions.models import Region, RegionLevel
from dtks.registry.models import Family, Household, Person


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a field path) and what (Indonesian message)."""

    where: str
    code: str
    message: str


class RegistryValidationError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems))


@dataclass(frozen=True, kw_only=True)
class MemberInput:
    """A household member as entered or imported; codes as in ``dtks.domain.codes``."""

    person_ref: str
    nama: str
    nik: str | None = None
    no_kk: str | None = None
    jenis_kelamin: int | None = None
    tempat_lahir: str = ""
    tanggal_lahir: date | None = None
    nama_ibu_kandung: str = ""
    hubungan: int | None = None
    status_kawin: int | None = None
    hamil: int | None = None
    jenis_cacat: int | None = None
    penyakit_kronis: int | None = None
    partisipasi_sekolah: int | None = None
    jenjang: int | None = None
    ijazah: int | None = None
    bekerja: int | None = None
    lapangan_usaha: int | None = None
    status_pekerjaan: int | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


_MEMBER_CODED = {cl.field: cl for cl in (codes.JENIS_KELAMIN, *codes.MEMBER_CODED)}
_HOUSEHOLD_FIELDS = {
    f.name
    for f in Household._meta.get_fields()
    if f.concrete and f.name not in {"id", "household_ref", "village", "created_at", "updated_at"}
}


def household_create(
    *,
    household_ref: str,
    village_code: str,
    members: Sequence[MemberInput],
    alamat: str = "",
    rt: str = "",
    rw: str = "",
    housing: Mapping[str, object] | None = None,
    reference_date: date | None = None,
) -> Household:
    """Validate and store one household with its families and members, all or nothing.

    Raises RegistryValidationError listing every problem found (nothing is written then).
    """
    housing = dict(housing or {})
    problems = check_household(village_code=village_code, housing=housing, members=members)
    problems += check_members(members, reference_date=reference_date)
    problems += _check_register(household_ref=household_ref, members=members)
    if problems:
        raise RegistryValidationError(problems)
    with transaction.atomic():
        household = Household.objects.create(
            household_ref=household_ref,
            village_id=village_code,
            alamat=alamat.strip(),
            rt=rt.strip().zfill(3) if rt.strip() else "",
            rw=rw.strip().zfill(3) if rw.strip() else "",
            **housing,
        )
        families: dict[str, Family] = {}
        for member in members:
            family = None
            if member.no_kk:
                family = families.get(member.no_kk)
                if family is None:
                    family = Family.objects.create(no_kk=member.no_kk, household=household)
                    families[member.no_kk] = family
            values = {f.name: getattr(member, f.name) for f in fields(member)}
            del values["no_kk"], values["extra"]
            Person.objects.create(household=household, family=family, **values)
    return household


def check_household(
    *, village_code: str, housing: Mapping[str, object], members: Sequence[MemberInput]
) -> list[Problem]:
    """Village, housing variables (codes and plausible limits), exactly one head."""
    problems = []
    if not Region.objects.filter(code=village_code, level=RegionLevel.VILLAGE).exists():
        problems.append(
            Problem(
                "kode_wilayah", "wilayah_tidak_dikenal", f"Kode desa {village_code!r} tidak dikenal"
            )
        )
    unknown = sorted(set(housing) - _HOUSEHOLD_FIELDS)
    if unknown:
        problems.append(
            Problem(
                ", ".join(unknown), "kolom_tidak_dikenal", "Variabel rumah tangga tidak dikenal"
            )
        )
    for code_list in codes.HOUSEHOLD_CODED:
        value = housing.get(code_list.field)
        if value is not None and value not in code_list:
            problems.append(_bad_code(code_list.field, value))
    problems += _dwelling_limits(housing)
    heads = sum(1 for m in members if m.hubungan == codes.HEAD)
    if heads != 1:
        problems.append(
            Problem(
                "hubungan",
                "kepala_ruta_tidak_satu",
                f"Rumah tangga harus punya tepat satu kepala rumah tangga, ada {heads}",
            )
        )
    return problems


def _dwelling_limits(housing: Mapping[str, object]) -> list[Problem]:
    """The plausibility limits the database enforces on the dwelling, as clear messages."""
    problems = []
    floor = housing.get("luas_lantai")
    if isinstance(floor, (int, float)) and not 0 < floor <= 10_000:
        problems.append(
            Problem(
                "luas_lantai",
                "luas_lantai_tidak_wajar",
                _("Luas lantai harus lebih dari 0 dan paling besar 10.000 m²."),
            )
        )
    land = housing.get("luas_lahan")
    if isinstance(land, (int, float)) and land < 0:
        problems.append(
            Problem("luas_lahan", "luas_lahan_negatif", _("Luas lahan tidak boleh negatif."))
        )
    rooms = housing.get("jumlah_kamar")
    if isinstance(rooms, int) and not 0 <= rooms <= 100:
        problems.append(
            Problem(
                "jumlah_kamar", "jumlah_kamar_tidak_wajar", _("Jumlah kamar paling banyak 100.")
            )
        )
    if housing.get("daya") is not None and housing.get("sumber_penerangan") != 1:
        problems.append(
            Problem(
                "daya",
                "daya_tanpa_pln",
                _("Daya listrik hanya diisi bila sumber penerangan listrik PLN."),
            )
        )
    return problems


def check_members(members: Sequence[MemberInput], *, reference_date: date | None) -> list[Problem]:
    """Each member's name and codes, pregnancy, NIK (structure, sex, birth date, duplicates
    within ``members``) and No. KK. Problems name the member as ``anggota <n>`` (1-based)."""
    problems: list[Problem] = []
    seen_niks: set[str] = set()
    for index, member in enumerate(members, start=1):
        where = f"anggota {index}"
        if not member.nama.strip():
            problems.append(Problem(f"{where}.nama", "nama_kosong", "Nama wajib diisi"))
        for name, code_list in _MEMBER_CODED.items():
            value = getattr(member, name)
            if value is not None and value not in code_list:
                problems.append(_bad_code(f"{where}.{name}", value))
        if member.hamil == 1 and member.jenis_kelamin != codes.FEMALE:
            problems.append(
                Problem(f"{where}.hamil", "hamil_bukan_perempuan", "Hanya perempuan dapat hamil")
            )
        if member.nik:
            check = parse_nik(
                member.nik,
                recorded_sex=member.jenis_kelamin,
                recorded_birth_date=member.tanggal_lahir,
                reference_date=reference_date,
            )
            problems += [Problem(f"{where}.nik", f.value, f.message()) for f in check.failures]
            if member.nik in seen_niks:
                problems.append(
                    Problem(f"{where}.nik", "nik_ganda", "NIK sama dengan anggota lain")
                )
            seen_niks.add(member.nik)
        if member.no_kk:
            kk = parse_kk(member.no_kk)
            problems += [Problem(f"{where}.no_kk", f.value, f.message()) for f in kk.failures]
    return problems


def _check_register(*, household_ref: str, members: Sequence[MemberInput]) -> list[Problem]:
    """What the register already holds: the same household, NIKs, or a KK of another ruta."""
    problems = []
    if Household.objects.filter(household_ref=household_ref).exists():
        problems.append(
            Problem("household_ref", "ruta_sudah_ada", f"Rumah tangga {household_ref} sudah ada")
        )
    niks = {m.nik for m in members if m.nik}
    for nik in Person.objects.filter(nik__in=niks).values_list("nik", flat=True):
        problems.append(Problem("nik", "nik_sudah_terdaftar", f"NIK {nik} sudah terdaftar"))
    kks = {m.no_kk for m in members if m.no_kk}
    for kk in Family.objects.filter(no_kk__in=kks).values_list("no_kk", flat=True):
        problems.append(
            Problem("no_kk", "kk_milik_ruta_lain", f"KK {kk} sudah terdaftar di rumah tangga lain")
        )
    return problems


def _bad_code(where: str, value: object) -> Problem:
    return Problem(where, "kode_tidak_dikenal", f"Kode {value!r} tidak ada dalam daftar")
