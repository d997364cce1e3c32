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
from dtks.registry.bulk_load import BulkLoadResult, registry_bulk_load
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
class DemoResult:
    synth_dir: Path
    load: BulkLoadResult
    accounts: list[tuple[DemoAccount, str]]  # with passwords


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
    say("Memuat registri")
    load = registry_bulk_load(
        households=synth_dir / "truth" / "households.csv",
        persons=synth_dir / "truth" / "persons.csv",
        members=synth_dir / "truth" / "members.csv",
    )
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
        load=load,
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
