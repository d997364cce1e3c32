"""Tiny fail-fast readers for settings that come from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or ``default`` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, *, default: bool) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_float(name: str, *, default: float, minimum: float | None = None) -> float:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_url(name: str) -> str:
    """An http(s) URL, or ``""`` when unset."""
    raw = env_str(name)
    if raw and (urlsplit(raw).scheme not in {"http", "https"} or not urlsplit(raw).hostname):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, not {raw!r}")
    return raw


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


@dataclass(frozen=True)
class DatabaseUrl:
    vendor: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""


def parse_database_url(url: str) -> DatabaseUrl:
    """Read ``sqlite:///relative/or//absolute.db`` or ``postgresql://user:pw@host:port/db``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise ImproperlyConfigured(f"DTKS_DATABASE_URL {url!r} names no SQLite file")
        return DatabaseUrl(vendor="sqlite", name=path)
    if parts.scheme in {"postgres", "postgresql"}:
        name = parts.path.lstrip("/")
        if not name:
            raise ImproperlyConfigured(f"DTKS_DATABASE_URL {url!r} names no database")
        return DatabaseUrl(
            vendor="postgresql",
            name=unquote(name),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=str(parts.port or ""),
        )
    raise ImproperlyConfigured(
        f"DTKS_DATABASE_URL must start with sqlite:/// or postgresql://, not {url!r}"
    )


def database_settings(db: DatabaseUrl) -> dict[str, object]:
    if db.vendor == "sqlite":
        Path(db.name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": db.name,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # One test database per process, so concurrent runs never share a file.
            "TEST": {
                "NAME": str(Path(db.name).with_name(f"test_{os.getpid()}_{Path(db.name).name}"))
            },
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db.name,
        "USER": db.user,
        "PASSWORD": db.password,
        "HOST": db.host,
        "PORT": db.port,
        "CONN_MAX_AGE": 60,
        "TEST": {"NAME": f"test_{db.name}_{os.getpid()}"},
    }


def secret_key(*, production: bool, var_dir: Path) -> str:
    """The secret key: from DTKS_SECRET_KEY, or (development only) generated once into var/."""
    key = env_str("DTKS_SECRET_KEY")
    if key:
        if production and len(key) < 40:
            raise ImproperlyConfigured("DTKS_SECRET_KEY must be at least 40 characters")
        return key
    if production:
        raise ImproperlyConfigured("DTKS_SECRET_KEY is required when DTKS_ENV=production")
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()
