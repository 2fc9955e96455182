"""Configuration read from the environment.

Every key is documented in README.md. Development gets safe defaults; production
(``DIALOG_ENV=production``) refuses to start without ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("DIALOG_INSTANCE_DIR", BASE_DIR / "instance"))


class ConfigError(RuntimeError):
    """Raised when the environment cannot run the app safely."""


def _database_url(url: str | None) -> str:
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'dialog.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: With Redis down, count in this process's memory (Flask-Limiter logs a warning) instead of failing.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    #: Who may read /healthz and /readyz: the proxy's and the monitor's addresses (CIDR, comma-separated).
    HEALTH_ALLOWED_NETWORKS = os.environ.get("HEALTH_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
    #: /readyz says "not ready" when more jobs than this wait in the queue (0: no limit).
    READY_MAX_QUEUE_DEPTH = int(os.environ.get("READY_MAX_QUEUE_DEPTH", "0"))
    #: Rendered-page cache: "process" (each app server its own, the default), "redis" (shared by
    #: every app server; needs REDIS_URL) or "off" (every page rendered cold: for measuring).
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "process")
    #: Proxies in front of the app whose X-Forwarded-* headers are trusted (nginx: 1).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    #: "json" writes one JSON object per log line (production), "text" plain lines.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    RATELIMIT_ENABLED = True
    #: Limit for every public form submission (per client address).
    PUBLIC_POST_LIMIT = os.environ.get("PUBLIC_POST_LIMIT", "20 per minute")
    #: Note saves per café table link (a whole venue shares one address, so not per address).
    CAFE_NOTE_LIMIT = os.environ.get("CAFE_NOTE_LIMIT", "60 per minute")
    #: Posts through one café dialogue link (proposals, exit questions) from every device together.
    EVENT_LINK_LIMIT = os.environ.get("EVENT_LINK_LIMIT", "300 per minute")
    #: Ceiling per address for those posts: a whole venue shares one (each device has PUBLIC_POST_LIMIT).
    EVENT_ADDRESS_LIMIT = os.environ.get("EVENT_ADDRESS_LIMIT", "300 per minute")
    #: Lookups by receipt code per address (a browser showing the code it was just given is not counted).
    RECEIPT_LOOKUP_LIMIT = os.environ.get("RECEIPT_LOOKUP_LIMIT", "30 per minute")
    #: Login attempts allowed per e-mail address and per client address.
    LOGIN_LIMIT = os.environ.get("LOGIN_LIMIT", "5 per minute;30 per hour")

    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    #: Refuse request bodies over 5 MB (the translated 413 page explains it).
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session: a slow form must not fail
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SERVER_NAME = os.environ.get("SERVER_NAME")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "Dialog <noreply@dialog.localhost>")
    #: Where mail goes when no SMTP server is configured.
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))

    #: Machine translation run by the district: a LibreTranslate server, or Argos in process.
    TRANSLATE_URL = os.environ.get("TRANSLATE_URL")
    TRANSLATE_API_KEY = os.environ.get("TRANSLATE_API_KEY")
    TRANSLATE_BACKEND = os.environ.get("TRANSLATE_BACKEND", "")
    TRANSLATE_TIMEOUT = float(os.environ.get("TRANSLATE_TIMEOUT", "10"))
    TRANSLATE_TARGETS = os.environ.get("TRANSLATE_TARGETS", "sv")
    TRANSLATE_CHUNK_CHARS = int(os.environ.get("TRANSLATE_CHUNK_CHARS", "1000"))

    #: Run background jobs synchronously (tests); otherwise a thread pool or RQ with REDIS_URL.
    JOBS_INLINE = False

    #: Retention (``flask retention run``): contact addresses go this many months after the answer,
    #: café registrants' details this many days after the meeting.
    RETAIN_CONTACT_MONTHS = int(os.environ.get("RETAIN_CONTACT_MONTHS", "6"))
    RETAIN_REGISTRANT_DAYS = int(os.environ.get("RETAIN_REGISTRANT_DAYS", "90"))

    #: Lifetime of e-mail verification and password-reset links, in seconds.
    EMAIL_TOKEN_MAX_AGE = 48 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600


class DevelopmentConfig(Config):
    """Local development: a random per-process key unless one is given."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)


class TestConfig(Config):
    """Used by the test suite; the database URL is set by the fixtures."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # Storage is set up, but the fixtures switch limiting off except in the tests for it.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = None
    REDIS_URL = None
    JOBS_INLINE = True
    ACCESS_LOG = False
    TRANSLATE_URL = None
    TRANSLATE_BACKEND = ""


class ProductionConfig(Config):
    """Production: secure cookies, and no start without a secret key."""

    ENV_NAME = "production"
    #: One proxy (nginx) in front: trust exactly one hop of X-Forwarded-For/-Proto/-Host/-Port.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    #: Cookies only over HTTPS. ``COOKIES_SECURE=0`` is for the loopback drill (plain HTTP) only.
    SESSION_COOKIE_SECURE = os.environ.get("COOKIES_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https" if SESSION_COOKIE_SECURE else "http"

    @classmethod
    def check(cls) -> None:
        if not os.environ.get("SECRET_KEY"):
            raise ConfigError("SECRET_KEY must be set in production (DIALOG_ENV=production).")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by ``DIALOG_ENV`` (default: development)."""
    name = os.environ.get("DIALOG_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError as exc:
        raise ConfigError(f"Unknown DIALOG_ENV {name!r}; use one of {sorted(CONFIGS)}") from exc
