"""Fixtures shared by the whole suite: regions, accounts, a small register, a job worker."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from dtks.domain import codes
from dtks.domain.nik import make_kk, make_nik

# Two kelurahan of Kota Bandar Lampung in different kecamatan, and one of Kota Metro.
VILLAGE_A = "18.71.01.1003"
VILLAGE_B = "18.71.02.1003"
VILLAGE_METRO = "18.72.01.1001"


@pytest.fixture
def regions(db: None) -> None:
    """Lampung province's region subtree (fast; a full load is in the regions tests)."""
    from dtks.regions.services import regions_load

    regions_load(within="18")


@pytest.fixture
def make_user(db: None) -> Callable[..., object]:
    from dtks.accounts.models import User

    def make(role: str, region: str | None = None, username: str | None = None) -> User:
        return User.objects.create_user(
            username=username or f"{role}-{region or 'nasional'}",
            password="rahasia-uji-123",
            role=role,
            region_id=region,
        )

    return make


@pytest.fixture
def make_household(regions: None) -> Callable[..., object]:
    """Create a valid household of a head, a spouse and a child in ``village``."""
    from dtks.registry.services import MemberInput, household_create

    serial = iter(range(1, 9999))

    def make(village: str = VILLAGE_A, head_name: str = "Budi Santoso") -> object:
        n = next(serial)
        kecamatan = village[:8].replace(".", "")
        kk = make_kk(kecamatan_code=kecamatan, issue_date=date(2015, 3, 2), serial=n)
        people = [
            ("Kepala", head_name, codes.MALE, date(1980, 5, 17), codes.HEAD),
            ("Istri", "Siti Aminah", codes.FEMALE, date(1983, 1, 9), codes.SPOUSE),
            ("Anak", "Rizky Pratama", codes.MALE, date(2010, 7, 30), codes.CHILD),
        ]
        members = [
            MemberInput(
                person_ref=f"{village}-{n}-{tag}",
                nama=name,
                nik=make_nik(kecamatan_code=kecamatan, birth_date=born, sex=sex, serial=n),
                no_kk=kk,
                jenis_kelamin=sex,
                tanggal_lahir=born,
                hubungan=relation,
                nama_ibu_kandung="Sulastri",
            )
            for tag, name, sex, born, relation in people
        ]
        return household_create(
            household_ref=f"RT-{village}-{n}",
            village_code=village,
            alamat="Jl. Teuku Umar No. 5",
            rt="1",
            rw="2",
            housing={"lantai": 2, "sumber_penerangan": 1, "daya": 2, "luas_lantai": 36.0},
            members=members,
        )

    return make


def _database_url() -> str:
    """The URL of the (test) database this process uses, for the worker process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    auth = settings["USER"] or ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgresql://{auth}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def worker(live_server: Any, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``dtks db_worker`` as its own process on the live server's database."""
    env = {**os.environ, "DTKS_DATABASE_URL": _database_url(), "DTKS_VAR_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "dtks", "db_worker", "--interval", "0.3", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    process.terminate()
    process.wait(timeout=10)
