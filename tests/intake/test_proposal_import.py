"""`dtks usulan import`: a village's proposals from files, all or nothing."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dtks.accounts.roles import Role
from dtks.audit.models import AuditEvent
from dtks.intake.models import Proposal, ProposalStatus, ProposedHousehold, ProposedMember

pytestmark = pytest.mark.django_db


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _village_files(synth_dir: Path, out: Path, households: int = 3) -> tuple[str, list[Path]]:
    """The truth files cut down to a few households of the busiest village."""
    truth = synth_dir / "truth"
    h_header, h_rows = _read(truth / "households.csv")
    village = Counter(r["kode_wilayah"] for r in h_rows).most_common(1)[0][0]
    chosen = [r for r in h_rows if r["kode_wilayah"] == village][:households]
    refs = {r["household_ref"] for r in chosen}
    p_header, p_rows = _read(truth / "persons.csv")
    people = [r for r in p_rows if r["household_ref"] in refs]
    ids = {r["record_id"] for r in people}
    m_header, m_rows = _read(truth / "members.csv")
    out.mkdir(exist_ok=True)
    return village, [
        _write(out / "persons.csv", p_header, people),
        _write(out / "members.csv", m_header, [r for r in m_rows if r["record_id"] in ids]),
        _write(out / "households.csv", h_header, chosen),
    ]


def test_files_become_one_draft_proposal(
    regions: None, make_user: Callable[..., object], synth_dir: Path, tmp_path: Path
) -> None:
    village, files = _village_files(synth_dir, tmp_path / "usulan")
    make_user(Role.OPERATOR_DESA, village, username="operator")
    call_command("usulan", "import", *map(str, files), user="operator")
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.village_id == village
    assert ProposedHousehold.objects.filter(proposal=proposal).count() == 3
    people = sum(1 for _ in files[0].open()) - 1
    assert ProposedMember.objects.filter(household__proposal=proposal).count() == people
    assert ProposedMember.objects.filter(household__proposal=proposal, hubungan=1).count() == 3
    assert AuditEvent.objects.filter(object_id=str(proposal.pk)).count() == 4  # create + 3


def test_households_of_another_village_are_refused(
    regions: None, make_user: Callable[..., object], synth_dir: Path, tmp_path: Path
) -> None:
    _village, files = _village_files(synth_dir, tmp_path / "usulan")
    make_user(Role.OPERATOR_DESA, "18.71.02.1003", username="lain")
    with pytest.raises(CommandError, match="bukan desa Anda"):
        call_command("usulan", "import", *map(str, files), user="lain")
    assert not Proposal.objects.exists()


def test_a_rejected_row_creates_nothing_and_says_where(
    regions: None, make_user: Callable[..., object], synth_dir: Path, tmp_path: Path
) -> None:
    village, files = _village_files(synth_dir, tmp_path / "usulan")
    header, rows = _read(files[0])
    rows[1]["nama"] = ""
    _write(files[0], header, rows)
    make_user(Role.OPERATOR_DESA, village, username="operator")
    with pytest.raises(CommandError, match=r"persons\.csv baris 3"):
        call_command("usulan", "import", *map(str, files), user="operator")
    assert not Proposal.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_a_village_operator_can_propose(
    regions: None, make_user: Callable[..., object], synth_dir: Path, tmp_path: Path
) -> None:
    _village, files = _village_files(synth_dir, tmp_path / "usulan")
    make_user(Role.DINSOS_KABKOTA, "18.71", username="dinsos")
    with pytest.raises(CommandError, match="operator desa"):
        call_command("usulan", "import", *map(str, files), user="dinsos")
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("usulan", "import", *map(str, files), user="nobody")
    assert not Proposal.objects.exists()
