"""How registry records are shown: code labels in the active language, masked NIKs, ages.

Pure display logic shared by templates, exports and forms; no queries here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dtks.domain import codes
from dtks.domain.codes import CodeList
from dtks.registry.models import Household, Person

# NIK and KK shown in lists: the kab/kota part (first 4 digits) and the serial (last 4); the
# kecamatan and the birth date (which also encodes sex) are hidden.
MASK_KEEP_START = 4
MASK_KEEP_END = 4


def english_active() -> bool:
    return (translation.get_language() or "id").startswith("en")


def code_label(code_list: CodeList, value: int | None, *, english: bool | None = None) -> str:
    """``"02 Keramik"``-style label of a code, ``""`` when empty; unknown codes as numbers."""
    if value is None:
        return ""
    english = english_active() if english is None else english
    label = code_list.label(value, english=english)
    return label or str(value)


def mask_nik(value: str | None) -> str:
    """``1871********0001``: only the kab/kota code and the serial of a 16-digit number."""
    if not value:
        return ""
    if len(value) <= MASK_KEEP_START + MASK_KEEP_END:
        return "*" * len(value)
    hidden = len(value) - MASK_KEEP_START - MASK_KEEP_END
    return value[:MASK_KEEP_START] + "*" * hidden + value[-MASK_KEEP_END:]


def age_on(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def yes_no_label(value: bool | None) -> str:
    if value is None:
        return "-"
    return _("Ya") if value else _("Tidak")


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]


def _field_label(name: str) -> str:
    label = str(getattr(Household._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def _number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{text} {unit}".strip()


def household_sections(household: Household) -> list[Section]:
    """The verivali variables of a household, grouped as on the form, labelled."""
    english = english_active()
    housing = [
        Item(_field_label(cl.field), code_label(cl, getattr(household, cl.field)) or "-")
        for cl in codes.HOUSEHOLD_CODED
    ]
    housing.insert(2, Item(_field_label("luas_lantai"), _number(household.luas_lantai, "m²")))
    housing.append(Item(_field_label("jumlah_kamar"), _number(household.jumlah_kamar)))
    assets = [
        Item(en if english else id_, yes_no_label(getattr(household, name)))
        for name, id_, en in codes.ASSETS
    ]
    land_id, land_en = codes.ASET_LAHAN[1:]
    land = yes_no_label(household.aset_lahan)
    if household.aset_lahan and household.luas_lahan is not None:
        land = f"{land} ({_number(household.luas_lahan, 'm²')})"
    assets.append(Item(land_en if english else land_id, land))
    house_id, house_en = codes.ASET_RUMAH_LAIN[1:]
    assets.append(Item(house_en if english else house_id, yes_no_label(household.aset_rumah_lain)))
    livestock = [
        Item(en if english else id_, _number(getattr(household, name)))
        for name, id_, en in codes.LIVESTOCK
    ]
    programs = [
        Item(en if english else id_, yes_no_label(getattr(household, name)))
        for name, id_, en in codes.PROGRAMS
    ]
    return [
        Section(_("Perumahan"), housing),
        Section(_("Aset"), assets),
        Section(_("Ternak (ekor)"), livestock),
        Section(_("Kepesertaan program"), programs),
    ]


@dataclass(frozen=True)
class MemberRow:
    person: Person
    nik: str
    no_kk: str
    sex: str
    age: int | None
    relation: str
    education: str
    work: str
    disability: str


def member_rows(
    household: Household, *, full_nik: bool, today: date | None = None
) -> list[MemberRow]:
    """The household's members (prefetched), labelled; NIK/KK masked unless ``full_nik``."""
    today = today or timezone.localdate()
    show = (lambda v: v or "") if full_nik else mask_nik
    rows = []
    for person in household.members.all():
        rows.append(
            MemberRow(
                person=person,
                nik=show(person.nik),
                no_kk=show(person.family.no_kk if person.family else ""),
                sex=code_label(codes.JENIS_KELAMIN, person.jenis_kelamin),
                age=age_on(person.tanggal_lahir, today),
                relation=code_label(codes.HUBUNGAN, person.hubungan),
                education=_education(person),
                work=_work(person),
                disability=code_label(codes.JENIS_CACAT, person.jenis_cacat),
            )
        )
    return rows


def _education(person: Person) -> str:
    """In school: the level attended; otherwise the highest diploma."""
    attending = code_label(codes.PARTISIPASI_SEKOLAH, person.partisipasi_sekolah)
    if person.partisipasi_sekolah == 1:
        level = code_label(codes.JENJANG, person.jenjang)
        return f"{attending}: {level}" if level else attending
    return code_label(codes.IJAZAH, person.ijazah) or attending


def _work(person: Person) -> str:
    if person.bekerja is None:
        return ""
    if person.bekerja != 1:
        return code_label(codes.BEKERJA, person.bekerja)
    parts = [
        code_label(codes.LAPANGAN_USAHA, person.lapangan_usaha),
        code_label(codes.STATUS_PEKERJAAN, person.status_pekerjaan),
    ]
    return " · ".join(p for p in parts if p) or code_label(codes.BEKERJA, person.bekerja)
