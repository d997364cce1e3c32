"""Usulan: the rules a proposed household and a village meeting must pass (reads only).

The member and household rules of the register (``dtks.registry.services``: one head, codes,
plausible dwelling, NIK against sex and birth date, ...) plus what proposals add: an address,
a NIK in only one open proposal, and the meeting's date and attendance. Each rule is a
``Problem`` with a stable code and an Indonesian message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from dtks.intake.models import Proposal, ProposalStatus, ProposedMember
from dtks.registry.services import MemberInput, Problem, check_household, check_members

# Proposals whose NIKs are still being processed: a NIK may be in only one of them.
OPEN_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)


def _address_problems(address: Mapping[str, str]) -> list[Problem]:
    """A proposal needs an address, and RT/RW of one to three digits."""
    problems = []
    if not str(address.get("alamat", "")).strip():
        problems.append(Problem("alamat", "alamat_kosong", _("Alamat wajib diisi.")))
    for name in ("rt", "rw"):
        value = str(address.get(name, "")).strip()
        if value and not (value.isascii() and value.isdigit() and len(value) <= 3):
            problems.append(Problem(name, f"{name}_tidak_valid", _("Isi 1 sampai 3 angka.")))
    return problems


def _open_proposal_problems(
    members: Sequence[MemberInput], *, household_id: int | None
) -> list[Problem]:
    """A NIK may be proposed only once while its proposal is open (any village)."""
    niks = {m.nik for m in members if m.nik}
    taken = ProposedMember.objects.filter(
        nik__in=niks, household__proposal__status__in=OPEN_STATUSES
    )
    if household_id is not None:
        taken = taken.exclude(household_id=household_id)
    used = set(taken.values_list("nik", flat=True))
    return [
        Problem(
            f"anggota {index}.nik",
            "nik_sudah_diusulkan",
            _("NIK ini sudah ada dalam usulan lain yang masih diproses."),
        )
        for index, member in enumerate(members, start=1)
        if member.nik in used
    ]


def proposed_household_problems(
    *,
    proposal: Proposal,
    housing: Mapping[str, object],
    address: Mapping[str, str],
    members: Sequence[MemberInput],
    household_id: int | None = None,
    reference_date: date | None = None,
) -> list[Problem]:
    """Everything wrong with a household as entered; writes nothing (live validation)."""
    problems = _address_problems(address)
    problems += check_household(village_code=proposal.village_id, housing=housing, members=members)
    problems += check_members(members, reference_date=reference_date)
    problems += _open_proposal_problems(members, household_id=household_id)
    if not members:
        problems.append(Problem("anggota", "anggota_kosong", _("Isi paling sedikit satu anggota.")))
    return problems


def _one_year_before(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def musdes_problems(
    *, musdes_date: date | None, attendance: int | None, today: date | None = None
) -> list[Problem]:
    """The meeting's date (not in the future, at most one year ago) and attendance (>= 1)."""
    today = today or timezone.localdate()
    problems = []
    if musdes_date is None:
        problems.append(Problem("musdes_date", "musdes_tanggal_kosong", _("Tanggal wajib diisi.")))
    elif musdes_date > today:
        problems.append(
            Problem(
                "musdes_date",
                "musdes_tanggal_masa_depan",
                _("Tanggal musdes/muskel tidak boleh di masa depan."),
            )
        )
    elif musdes_date < _one_year_before(today):
        problems.append(
            Problem(
                "musdes_date",
                "musdes_tanggal_terlalu_lama",
                _("Musdes/muskel lebih dari satu tahun yang lalu; adakan musyawarah baru."),
            )
        )
    if attendance is None or attendance < 1:
        problems.append(
            Problem(
                "musdes_attendance",
                "musdes_hadir_kurang",
                _("Jumlah hadir paling sedikit 1 orang."),
            )
        )
    return problems
