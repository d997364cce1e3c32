"""How proposals are shown: member rows with their register flags, audit history lines.

Pure display logic on objects the selectors already loaded; no queries beyond prefetched
relations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtks.audit.models import AuditEvent
from dtks.domain import codes
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold, ProposedMember
from dtks.intake.proposal_selectors import RegisterMatch
from dtks.registry.models import Household
from dtks.registry.presenters import Section, age_on, code_label, household_sections

ACTIONS = {
    "proposal.create": gettext_lazy("Usulan dibuat"),
    "proposal.delete": gettext_lazy("Usulan dihapus"),
    "proposal.household.create": gettext_lazy("Rumah tangga ditambahkan"),
    "proposal.household.update": gettext_lazy("Rumah tangga diubah"),
    "proposal.household.delete": gettext_lazy("Rumah tangga dihapus"),
    "proposal.musdes": gettext_lazy("Musdes/muskel dicatat"),
    "proposal.submit": gettext_lazy("Diajukan ke kabupaten/kota"),
}
# Actions whose stored summary says more than their label (which household, how many).
_TOLD_BY_SUMMARY = frozenset({"proposal.delete"} | {a for a in ACTIONS if ".household." in a})
_CODE_LISTS = {
    cl.field: cl for cl in (*codes.HOUSEHOLD_CODED, codes.JENIS_KELAMIN, *codes.MEMBER_CODED)
}


@dataclass(frozen=True)
class MemberView:
    member: ProposedMember
    sex: str
    relation: str
    age: int | None
    flag: RegisterMatch | None


@dataclass(frozen=True)
class HouseholdRow:
    household: ProposedHousehold
    head: str
    members: list[MemberView]

    @property
    def flags(self) -> int:
        return sum(1 for m in self.members if m.flag is not None)


def household_rows(
    households: Iterable[ProposedHousehold],
    flags: Mapping[str, RegisterMatch],
    today: date | None = None,
) -> list[HouseholdRow]:
    """Households (members prefetched) with labelled members and their register flags."""
    today = today or timezone.localdate()
    rows = []
    for household in households:
        members = [
            MemberView(
                member=m,
                sex=code_label(codes.JENIS_KELAMIN, m.jenis_kelamin),
                relation=code_label(codes.HUBUNGAN, m.hubungan),
                age=age_on(m.tanggal_lahir, today),
                flag=flags.get(m.nik or ""),
            )
            for m in household.members.all()
        ]
        head = next((v.member.nama for v in members if v.member.hubungan == codes.HEAD), "")
        rows.append(HouseholdRow(household=household, head=head, members=members))
    return rows


def household_sections_of(household: ProposedHousehold) -> list[Section]:
    """The verivali variables, grouped and labelled as on the register's household page
    (a proposed household carries the same ``HouseholdVariables`` fields)."""
    return household_sections(cast(Household, household))


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    action: str
    summary: str  # as recorded (Indonesian), when it adds to the action's label
    changes: list[Change]


def _label(key: str) -> str:
    """``anggota#5.nik`` -> ``Anggota #5 · NIK``; ``status`` -> ``Status``."""
    prefix, _dot, name = key.rpartition(".")
    model: type[Proposal] | type[ProposedHousehold] | type[ProposedMember] = Proposal
    where = ""
    if prefix.startswith("anggota#"):
        model, where = ProposedMember, _("Anggota #%(id)s") % {"id": prefix[8:]}
    elif prefix.startswith("ruta#"):
        model, where = ProposedHousehold, _("Rumah tangga #%(id)s") % {"id": prefix[5:]}
    try:
        label = str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        label = name
    label = label[:1].upper() + label[1:]
    return f"{where} · {label}" if where else label


def _value(key: str, value: object) -> str:
    name = key.rpartition(".")[2]
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if name == "status" and value in ProposalStatus.values:
        return str(ProposalStatus(value).label)
    if name.endswith("_at") and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):
            return value
        return date_format(timezone.localtime(moment), "d-m-Y H:i")
    code_list = _CODE_LISTS.get(name)
    if code_list is not None and isinstance(value, int):
        return f"{value} {code_label(code_list, value)}".strip()
    return str(value)


def audit_rows(events: Iterable[AuditEvent]) -> list[AuditRow]:
    rows = []
    for event in events:
        changes = [
            Change(_label(key), _value(key, pair[0]), _value(key, pair[1]))
            for key, pair in sorted(event.changes.items())
            if isinstance(pair, list) and len(pair) == 2
        ]
        action = str(ACTIONS.get(event.action, event.action))
        summary = event.summary if event.action in _TOLD_BY_SUMMARY else ""
        rows.append(AuditRow(event=event, action=action, summary=summary, changes=changes))
    return rows
