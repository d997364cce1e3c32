"""``dtks demo``: a working registry of a synthetic Kota Bandar Lampung, safe to re-run.

Migrate, load regions, synthesise the district (once per region/size/seed), import the four
dirty sources and the civil-registry extract as landed source records, build the register from
them by identity resolution (one golden record per person, households per family card, with
lineage), check the register with the reference civil registry (``dtks civreg serve``, left
running for the served demo), create one account per role, rank the households with a PMT
model fitted on the synthetic survey and decide the four programmes' lists
(``demo_ranking.py``), and say how to log in.
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

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.accounts.services import user_upsert
from dtks.civreg.launch import RunningCivreg, civreg_start
from dtks.demo_ranking import DemoRanking, demo_rank_and_decide
from dtks.identity.civreg_client import HttpCivilRegistry
from dtks.identity.models import LinkRun, PemadananRun, PemadananTarget
from dtks.identity.services_linkage import link_run
from dtks.identity.services_pemadanan import pemadanan_run
from dtks.intake.imports import import_batch_create, import_batch_run
from dtks.intake.models import ImportBatch
from dtks.jobs.models import JobStatus
from dtks.registry.models import Household, Person

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
    link_run: LinkRun | None = None  # the identity resolution that built the register
    pemadanan: PemadananRun | None = None  # the register checked with the civil registry
    civreg: RunningCivreg | None = None  # the reference civil registry, left running
    ranking: DemoRanking | None = None  # the PMT ranking and the programme lists


# (source, files under the synth folder, into the register?): the civil-registry extract and
# the four dirty extracts land as source records (with their quarantine); the register is then
# built from them by identity resolution (``demo_build`` runs a link run), never from the truth.
DEMO_IMPORTS = (
    ("DUKCAPIL", ("civil_registry/persons.csv",), False),
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
    run = _register_by_identity_resolution(imports=imports, say=say)
    say("Menjalankan server Dukcapil rujukan (dtks civreg serve)")
    civreg = civreg_start(
        data_dir=synth_dir,
        db_path=settings.VAR_DIR / "demo" / "civreg.sqlite3",
        api_key=_civreg_key(settings.VAR_DIR / "demo" / "civreg.key"),
    )
    say("Pemadanan registri dengan Dukcapil rujukan")
    checked = pemadanan_run(
        user=None,
        target=PemadananTarget.REGISTER,
        registry=HttpCivilRegistry(civreg.url, civreg.api_key, batch_size=1000),
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
    ranked = demo_rank_and_decide(
        synth_dir=synth_dir, approver=User.objects.get(username="pusdatin"), say=say
    )
    return DemoResult(
        synth_dir=synth_dir,
        imports=imports,
        accounts=[(a, passwords[a.username]) for a in accounts],
        link_run=run,
        pemadanan=checked,
        civreg=civreg,
        ranking=ranked,
    )


def _civreg_key(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _register_by_identity_resolution(*, imports: list[DemoImport], say: Say) -> LinkRun:
    """Build the register from the landed records, unless an earlier run already did so
    from these same imports (a re-run of the demo then changes nothing)."""
    latest = LinkRun.objects.filter(finished_at__isnull=False).order_by("-pk").first()
    newest_import = max(item.batch.created_at for item in imports)
    if latest is not None and latest.created_at > newest_import and Person.objects.exists():
        return latest
    say("Pemadanan identitas: rekaman emas, silsilah dan rumah tangga per KK")
    said: list[str] = []

    def progress(step: str, done: int, total: int | None) -> None:
        if step and step not in said[-1:]:
            said.append(step)
            say(f"Identitas: {step}")

    run = link_run(user=None, progress=progress)
    if run.job is None or run.job.status != JobStatus.SUCCEEDED:
        error = run.job.error.splitlines()[0] if run.job and run.job.error else ""
        raise RuntimeError(f"proses identitas demo #{run.pk} gagal: {error}")
    return run


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
