"""Django settings, read from environment variables (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from dtks.config.env import (
    database_settings,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    env_url,
    parse_database_url,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DTKS_VAR_DIR", "var")).resolve()

DTKS_ENV = env_str("DTKS_ENV", "development")
if DTKS_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DTKS_ENV must be development or production, not {DTKS_ENV!r}")
PRODUCTION = DTKS_ENV == "production"

DEBUG = env_bool("DTKS_DEBUG", default=not PRODUCTION)
SECRET_KEY = secret_key(production=PRODUCTION, var_dir=VAR_DIR)
ALLOWED_HOSTS = env_list("DTKS_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DTKS_ALLOWED_HOSTS is required when DTKS_ENV=production")

_database = parse_database_url(
    env_str("DTKS_DATABASE_URL", f"sqlite:///{VAR_DIR / 'dtks.sqlite3'}")
)
if PRODUCTION and _database.vendor != "postgresql":
    raise ImproperlyConfigured("DTKS_ENV=production needs a postgresql:// DTKS_DATABASE_URL")
DATABASES = {"default": database_settings(_database)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dtks.accounts",
    "dtks.regions",
    "dtks.registry",
    "dtks.dashboard",
    "dtks.jobs",
    "dtks.audit",
    "dtks.intake",
    "dtks.identity",
    "dtks.assessment",
    "dtks.programs",
    "django_tasks",
    "django_tasks_db",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "dtks.config.urls"
WSGI_APPLICATION = "dtks.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dtks.accounts.context_processors.navigation",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads (minutes of village meetings, import files) live outside the web root.
MEDIA_ROOT = VAR_DIR / "uploads"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DTKS_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DTKS_LOG_LEVEL", "WARNING")},
}

# Durable background jobs (docs/decisions/0003-background-jobs.md): run `dtks db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Registry pages list this many households per page.
DTKS_PAGE_SIZE = 25
# Largest file one import may upload (the importer streams; this guards the disk).
DTKS_IMPORT_MAX_BYTES = int(env_str("DTKS_IMPORT_MAX_BYTES", str(1 << 30)))
FILE_UPLOAD_TEMP_DIR = VAR_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)

# Signed minutes of a village meeting (musdes/muskel): largest accepted upload, in bytes.
DTKS_MINUTES_MAX_BYTES = int(env_str("DTKS_MINUTES_MAX_BYTES", str(10 * 1024 * 1024)))

# Pemadanan: the civil-registry (Dukcapil) verification service (docs/civreg.md). An empty
# URL means pemadanan is not configured; a URL without an API key is refused at start.
DTKS_CIVREG_URL = env_url("DTKS_CIVREG_URL")
DTKS_CIVREG_API_KEY = env_str("DTKS_CIVREG_API_KEY")
if DTKS_CIVREG_URL and not DTKS_CIVREG_API_KEY:
    raise ImproperlyConfigured("DTKS_CIVREG_URL is set but DTKS_CIVREG_API_KEY is empty")
DTKS_CIVREG_TIMEOUT = env_float("DTKS_CIVREG_TIMEOUT", default=10.0, minimum=0.1)
DTKS_CIVREG_RETRIES = env_int("DTKS_CIVREG_RETRIES", default=3, minimum=0)
DTKS_CIVREG_BATCH_SIZE = env_int("DTKS_CIVREG_BATCH_SIZE", default=500, minimum=1)
if DTKS_CIVREG_BATCH_SIZE > 1000:
    raise ImproperlyConfigured("DTKS_CIVREG_BATCH_SIZE must be at most 1000")
# A stored verdict younger than this is reused instead of asking Dukcapil again.
DTKS_CIVREG_MAX_AGE_DAYS = env_int("DTKS_CIVREG_MAX_AGE_DAYS", default=30, minimum=0)
