"""Settings come from the environment and fail fast when production is mis-set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dtks.config.env import env_bool, parse_database_url

SETUP = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'])"
)


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DTKS_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "dtks.config.settings", "DTKS_VAR_DIR": str(tmp_path)})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", SETUP], env=clean, capture_output=True, text=True, check=False
    )


def test_development_defaults_to_sqlite_and_generates_a_secret(tmp_path: Path) -> None:
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert len((tmp_path / "secret_key").read_text()) >= 40


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DTKS_SECRET_KEY is required"),
        ({"DTKS_SECRET_KEY": "short"}, "at least 40 characters"),
        ({"DTKS_SECRET_KEY": "x" * 50}, "DTKS_ALLOWED_HOSTS is required"),
        (
            {"DTKS_SECRET_KEY": "x" * 50, "DTKS_ALLOWED_HOSTS": "dtks.example.go.id"},
            "needs a postgresql://",
        ),
        ({"DTKS_ENV": "staging"}, "DTKS_ENV must be development or production"),
    ],
)
def test_production_refuses_to_start_when_mis_set(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = _start(tmp_path, **{"DTKS_ENV": "production", **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_when_complete(tmp_path: Path) -> None:
    result = _start(
        tmp_path,
        DTKS_ENV="production",
        DTKS_SECRET_KEY="k" * 50,
        DTKS_ALLOWED_HOSTS="dtks.example.go.id",
        DTKS_DATABASE_URL="postgresql://dtks:pw@db.internal:5432/dtks",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert not (tmp_path / "secret_key").exists()


def test_database_urls() -> None:
    pg = parse_database_url("postgresql://u:p%40ss@h:6543/db")
    assert (pg.vendor, pg.user, pg.password, pg.host, pg.port, pg.name) == (
        "postgresql",
        "u",
        "p@ss",
        "h",
        "6543",
        "db",
    )
    assert parse_database_url("sqlite:////abs/x.db").name == "/abs/x.db"
    assert parse_database_url("sqlite:///rel/x.db").name == "rel/x.db"
    for bad in ("mysql://x/y", "sqlite:///", "postgresql://h:5432/"):
        with pytest.raises(ImproperlyConfigured):
            parse_database_url(bad)


def test_empty_variable_means_unset(tmp_path: Path) -> None:
    result = _start(tmp_path, DTKS_DATABASE_URL="", DTKS_ENV="")
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout


def test_env_bool_rejects_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DTKS_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DTKS_X must be true or false"):
        env_bool("DTKS_X", default=False)
    monkeypatch.setenv("DTKS_X", "yes")
    assert env_bool("DTKS_X", default=False) is True
