"""The variables of the verivali form as abstract models, shared by every table that holds them.

The register (``Household``, ``Person``), the landed source records of intake and the village
proposals all carry the same fields with the same code lists and the same database checks;
they are defined once here. Constraint names use ``%(class)s`` so each table gets its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from dtks.domain import codes
from dtks.domain.codes import CodeList

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

models.CharField.register_lookup(Length)


def _coded(code_list: CodeList, label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=code_list.choices(), null=True, blank=True
    )


def _yes_no(label: StrOrPromise) -> models.BooleanField:
    return models.BooleanField(label, null=True, blank=True)


def _count(label: StrOrPromise) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


def codes_in_lists(code_lists: tuple[CodeList, ...]) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            name=f"%(class)s_{cl.field}_in_code_list",
            condition=Q(**{f"{cl.field}__isnull": True}) | Q(**{f"{cl.field}__in": cl.values}),
        )
        for cl in code_lists
    ]


def sixteen_digits(field: str) -> models.CheckConstraint:
    # Portable across SQLite and PostgreSQL: 16 characters between the smallest and largest
    # 16-digit strings whose first two digits are a province code; the domain rules
    # (dtks.domain.nik) check every digit and the date part before a row gets here.
    return models.CheckConstraint(
        name=f"%(class)s_{field}_sixteen_digits",
        condition=Q(**{f"{field}__isnull": True})
        | (
            Q(**{f"{field}__length": 16})
            & Q(**{f"{field}__gte": "1100000000000000"})
            & Q(**{f"{field}__lte": "9999999999999999"})
        ),
    )


class HouseholdVariables(models.Model):
    """Dwelling, assets and programme participation of a rumah tangga."""

    sta_bangunan = _coded(codes.STA_BANGUNAN, _("status bangunan"))
    sta_lahan = _coded(codes.STA_LAHAN, _("status lahan"))
    luas_lantai = models.FloatField(_("luas lantai (m²)"), null=True, blank=True)
    lantai = _coded(codes.LANTAI, _("jenis lantai"))
    dinding = _coded(codes.DINDING, _("jenis dinding"))
    kondisi_dinding = _coded(codes.KONDISI, _("kondisi dinding"))
    atap = _coded(codes.ATAP, _("jenis atap"))
    kondisi_atap = _coded(codes.KONDISI, _("kondisi atap"))
    jumlah_kamar = models.PositiveSmallIntegerField(_("jumlah kamar"), null=True, blank=True)
    sumber_airminum = _coded(codes.SUMBER_AIRMINUM, _("sumber air minum"))
    sumber_penerangan = _coded(codes.SUMBER_PENERANGAN, _("sumber penerangan"))
    daya = _coded(codes.DAYA, _("daya listrik"))
    bb_masak = _coded(codes.BB_MASAK, _("bahan bakar memasak"))
    fasbab = _coded(codes.FASBAB, _("fasilitas BAB"))
    kloset = _coded(codes.KLOSET, _("jenis kloset"))
    buang_tinja = _coded(codes.BUANG_TINJA, _("pembuangan tinja"))

    aset_tabung_gas = _yes_no(_("tabung gas ≥ 5,5 kg"))
    aset_lemari_es = _yes_no(_("lemari es"))
    aset_ac = _yes_no(_("AC"))
    aset_pemanas_air = _yes_no(_("pemanas air"))
    aset_telepon_rumah = _yes_no(_("telepon rumah"))
    aset_televisi = _yes_no(_("televisi"))
    aset_emas = _yes_no(_("emas ≥ 10 gram"))
    aset_komputer = _yes_no(_("komputer/laptop"))
    aset_sepeda = _yes_no(_("sepeda"))
    aset_sepeda_motor = _yes_no(_("sepeda motor"))
    aset_mobil = _yes_no(_("mobil"))
    aset_perahu = _yes_no(_("perahu"))
    aset_motor_tempel = _yes_no(_("motor tempel"))
    aset_perahu_motor = _yes_no(_("perahu motor"))
    aset_kapal = _yes_no(_("kapal"))
    aset_smartphone = _yes_no(_("smartphone"))
    aset_lahan = _yes_no(_("lahan"))
    luas_lahan = models.FloatField(_("luas lahan (m²)"), null=True, blank=True)
    aset_rumah_lain = _yes_no(_("rumah di tempat lain"))
    jumlah_sapi = _count(_("sapi"))
    jumlah_kerbau = _count(_("kerbau"))
    jumlah_kuda = _count(_("kuda"))
    jumlah_babi = _count(_("babi"))
    jumlah_kambing = _count(_("kambing/domba"))

    ikut_kks = _yes_no(_("KKS"))
    ikut_kip = _yes_no(_("KIP"))
    ikut_kis_pbi = _yes_no(_("KIS/PBI-JKN"))
    ikut_bpjs_mandiri = _yes_no(_("BPJS mandiri"))
    ikut_jamsostek = _yes_no(_("Jamsostek"))
    ikut_pkh = _yes_no(_("PKH"))
    ikut_sembako = _yes_no(_("Sembako"))
    ikut_kur = _yes_no(_("KUR"))

    class Meta:
        abstract = True
        constraints = [
            *codes_in_lists(codes.HOUSEHOLD_CODED),
            models.CheckConstraint(
                name="%(class)s_luas_lantai_plausible",
                condition=Q(luas_lantai__isnull=True)
                | Q(luas_lantai__gt=0, luas_lantai__lte=10000),
            ),
            models.CheckConstraint(
                name="%(class)s_luas_lahan_not_negative",
                condition=Q(luas_lahan__isnull=True) | Q(luas_lahan__gte=0),
            ),
            models.CheckConstraint(
                name="%(class)s_jumlah_kamar_plausible",
                condition=Q(jumlah_kamar__isnull=True) | Q(jumlah_kamar__lte=100),
            ),
            models.CheckConstraint(
                name="%(class)s_daya_only_with_pln",
                condition=Q(daya__isnull=True) | Q(sumber_penerangan=1),
            ),
        ]


class PersonVariables(models.Model):
    """Identity (as the civil registry knows it) and the member (ART) variables of the form."""

    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)
    nama = models.CharField(_("nama"), max_length=150)
    jenis_kelamin = _coded(codes.JENIS_KELAMIN, _("jenis kelamin"))
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)
    nama_ibu_kandung = models.CharField(_("nama ibu kandung"), max_length=150, blank=True)

    hubungan = _coded(codes.HUBUNGAN, _("hubungan dengan kepala rumah tangga"))
    status_kawin = _coded(codes.STATUS_KAWIN, _("status perkawinan"))
    hamil = _coded(codes.HAMIL, _("sedang hamil"))
    jenis_cacat = _coded(codes.JENIS_CACAT, _("jenis disabilitas"))
    penyakit_kronis = _coded(codes.PENYAKIT_KRONIS, _("penyakit kronis"))
    partisipasi_sekolah = _coded(codes.PARTISIPASI_SEKOLAH, _("partisipasi sekolah"))
    jenjang = _coded(codes.JENJANG, _("jenjang pendidikan"))
    ijazah = _coded(codes.IJAZAH, _("ijazah tertinggi"))
    bekerja = _coded(codes.BEKERJA, _("bekerja"))
    lapangan_usaha = _coded(codes.LAPANGAN_USAHA, _("lapangan usaha"))
    status_pekerjaan = _coded(codes.STATUS_PEKERJAAN, _("status pekerjaan"))

    class Meta:
        abstract = True
        constraints = [
            *codes_in_lists((codes.JENIS_KELAMIN, *codes.MEMBER_CODED)),
            sixteen_digits("nik"),
            models.CheckConstraint(
                name="%(class)s_pregnant_only_if_female",
                condition=~Q(hamil=1) | Q(jenis_kelamin=codes.FEMALE),
            ),
            models.CheckConstraint(name="%(class)s_nama_not_empty", condition=~Q(nama="")),
        ]
