"""``dtks demo``: a working registry of a synthetic Kota Bandar Lampung, safe to re-run.

Migrate, load regions, synthesise the district (once per region/size/seed), load it into the
register, create one account per role, and say how to log in.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from dtks.accounts.roles import Role
from dtks.accounts.services import user_upsert
from dtks.intake.imports import import_batch_create, import_batch_run
from dtks.intake.models import ImportBatch
from dtks.jobs.models import JobStatus
from dtks.registry.models import Household

DEMO_REGION = "18.71"  # Kota Bandar Lampung
Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region_code: str | None
    full_name: str
    superuser: bool = False


@dataclass(frozen=True)
class DemoImport:
    batch: ImportBatch
    created: bool  # False: imported by an earlier run


@dataclass(frozen=True)
class DemoResult:
    synth_dir: Path
    imports: list[DemoImport]
    accounts: list[tuple[DemoAccount, str]]  # with passwords


# (source, files under the synth folder, into the register?): the verified base goes into the
# register; the four dirty extracts land as source records (with their quarantine) for the
# identity work that follows.
DEMO_IMPORTS = (
    ("DTKS", ("truth/persons.csv", "truth/members.csv", "truth/households.csv"), True),
    (
        "DTKS",
        ("sources/dtks_persons.csv", "sources/dtks_members.csv", "sources/dtks_households.csv"),
        False,
    ),
    ("PKH", ("sources/pkh_persons.csv",), False),
    ("BPNT", ("sources/bpnt_persons.csv",), False),
    ("BST", ("sources/bst_persons.csv",), False),
)


def demo_build(*, households: int, seed: int, say: Say) -> DemoResult:
    say("Migrasi basis data")
    call_command("migrate", interactive=False, verbosity=0)
    say("Memuat wilayah Kemendagri")
    call_command("load_regions", verbosity=0)
    synth_dir = settings.VAR_DIR / "demo" / f"synth-{DEMO_REGION}-{households}-{seed}"
    if not (synth_dir / "manifest.json").exists():
        say(f"Membangkitkan {households:,} rumah tangga sintetis")
        from dtks.synth import generate

        generate(region=DEMO_REGION, households=households, seed=seed, out_dir=synth_dir)
    imports = []
    for source, files, to_register in DEMO_IMPORTS:
        say(f"Impor {source}: {', '.join(Path(f).name for f in files)}")
        created = import_batch_create(
            source=source,
            paths=[synth_dir / f for f in files],
            created_by=None,
            to_register=to_register,
        )
        batch = import_batch_run(batch_id=created.batch.pk) if created.created else created.batch
        if batch.job.status != JobStatus.SUCCEEDED:
            raise RuntimeError(f"impor demo #{batch.pk} gagal: {batch.error_message}")
        imports.append(DemoImport(batch=batch, created=created.created))
    say("Menyiapkan akun demo")
    accounts = _accounts(village=_busiest_village())
    passwords = _passwords(settings.VAR_DIR / "demo" / "accounts.json", accounts)
    for account in accounts:
        user_upsert(
            username=account.username,
            password=passwords[account.username],
            role=account.role,
            region_code=account.region_code,
            full_name=account.full_name,
            superuser=account.superuser,
        )
    return DemoResult(
        synth_dir=synth_dir,
        imports=imports,
        accounts=[(a, passwords[a.username]) for a in accounts],
    )


def _busiest_village() -> str:
    row = (
        Household.objects.filter(village__code__startswith=DEMO_REGION + ".")
        .values("village_id")
        .annotate(n=Count("id"))
        .order_by("-n", "village_id")
        .first()
    )
    if row is None:
        raise RuntimeError("the demo district has no households")
    return str(row["village_id"])


def _accounts(*, village: str) -> list[DemoAccount]:
    return [
        DemoAccount("admin", Role.PUSDATIN, None, "Admin Sistem", superuser=True),
        DemoAccount("pusdatin", Role.PUSDATIN, None, "Petugas Pusdatin"),
        DemoAccount("dinsos-lampung", Role.DINSOS_PROVINSI, "18", "Dinsos Provinsi Lampung"),
        DemoAccount("dinsos-bandarlampung", Role.DINSOS_KABKOTA, DEMO_REGION, "Dinsos Kota"),
        DemoAccount("operator-desa", Role.OPERATOR_DESA, village, "Operator Kelurahan"),
        DemoAccount("qa-unila", Role.QA, DEMO_REGION, "Tim QA Universitas"),
        DemoAccount("mitra-bpjs", Role.PARTNER, None, "Mitra BPJS Kesehatan"),
    ]


def _passwords(path: Path, accounts: list[DemoAccount]) -> dict[str, str]:
    """Demo passwords: random once, kept in var/ (mode 0600) so a re-run keeps them."""
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    for account in accounts:
        known.setdefault(account.username, secrets.token_urlsafe(9))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=2))
    path.chmod(0o600)
    return known
