"""pubtracker settings: every value comes from the environment (see README.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use one of 1/0, true/false, yes/no, on/off")


def envint(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=1 locally."
        )
    # Only reachable with DEBUG on: a throwaway key for a developer's machine.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "venues",
    "people",
    "papers",
    "ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pubtracker.urls"
WSGI_APPLICATION = "pubtracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Unset DATABASE_URL means the embedded default: SQLite under var/.
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    try:
        default_db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    default_db["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    default_db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "pubtracker.sqlite3"),
        # A file, not memory, so that a Celery worker started by a test sees the test data.
        "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
        # Concurrent writers (two browser tabs and a script): WAL lets readers go on beside a
        # writer, IMMEDIATE takes the write lock when a transaction begins, so that one which read
        # first waits its turn (the timeout, in seconds) instead of failing "database is locked".
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
DATABASES = {"default": default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))

# Security: safe by default when DEBUG is off; each can be relaxed explicitly.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery. Unset CELERY_BROKER_URL means tasks run eagerly inside the calling process.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 660, minimum=1)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be above CELERY_TASK_SOFT_TIME_LIMIT")
# With acks_late, a message not acknowledged within this window is delivered again (Redis):
# how long a killed worker's ingestion waits before another worker resumes it. It must
# exceed the hard time limit, or a long task would run twice at once.
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", 2 * 3600, minimum=2)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be above CELERY_TASK_TIME_LIMIT")
# How often a worker looks for messages whose worker died (past the visibility timeout).
CELERY_RESTORE_INTERVAL = envint("CELERY_RESTORE_INTERVAL", 100, minimum=1)
# Processes per worker: one per core. Parsing runs in all of them at once; the match and
# write of batches take turns under one lock (ingest/write/lock.py).
CELERY_WORKER_CONCURRENCY = envint("CELERY_WORKER_CONCURRENCY", os.cpu_count() or 1, minimum=1)

# An ingestion run still "running" after this long lost its worker; a beat task fails it.
INGEST_STALE_AFTER = timedelta(seconds=envint("INGEST_STALE_AFTER", 2 * 3600, minimum=60))
# Records per transaction: a lost worker redoes at most one batch.
INGEST_BATCH_SIZE = envint("INGEST_BATCH_SIZE", 2000, minimum=1)
# Fetching sources: seconds before giving up, and the largest page accepted.
INGEST_FETCH_TIMEOUT = envint("INGEST_FETCH_TIMEOUT", 20, minimum=1)
INGEST_FETCH_MAX_BYTES = envint("INGEST_FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# Harvesting the scholarly sources (README, Harvesting). Their etiquette asks a client to say
# who it is: the User-Agent names this site (SITE_URL) and a contact address (and OpenAlex and
# Crossref give such clients their "polite pool").
HARVEST_CONTACT = envstr("HARVEST_CONTACT")
# Each source's base URL: tests point them at a local server.
HARVEST_BASE_URLS = {
    "orcid": envstr("ORCID_API_URL", "https://pub.orcid.org"),
    "dblp": envstr("DBLP_URL", "https://dblp.org"),
    "crossref": envstr("CROSSREF_API_URL", "https://api.crossref.org"),
    "openalex": envstr("OPENALEX_API_URL", "https://api.openalex.org"),
    "s2": envstr("S2_API_URL", "https://api.semanticscholar.org"),
    "arxiv": envstr("ARXIV_API_URL", "https://export.arxiv.org"),
}
# Retries of a request that met a rate limit or a server error, the first pause (seconds,
# doubled at each retry), and the longest pause a Retry-After may ask for.
HARVEST_RETRIES = envint("HARVEST_RETRIES", 4)
HARVEST_BACKOFF = envint("HARVEST_BACKOFF", 2)
HARVEST_MAX_WAIT = envint("HARVEST_MAX_WAIT", 120, minimum=1)
# The most pages one source may have: a cursor that never ends stops here.
HARVEST_MAX_PAGES = envint("HARVEST_MAX_PAGES", 50, minimum=1)
# Complete harvested papers that have a DOI or an arXiv id from Crossref or arXiv.
HARVEST_ENRICH = envbool("HARVEST_ENRICH", True)

LOG_LEVEL = envstr("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own default handler would print its messages a second time.
    "loggers": {"django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
}

# A shared cache (Redis) makes throttling count across web processes; without one, each
# process counts on its own.
CACHE_URL = envstr("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Papers per page of a page's publication list (a profile, a lab, a venue's proceedings).
PAGES_PAPERS_PER_PAGE = envint("PAGES_PAPERS_PER_PAGE", 100, minimum=1)
# Seconds a rendered paper row stays in the cache (papers.cache); 0 turns the row cache off. A row is
# kept under its paper's version, so this bounds the memory it takes, not how long a change waits.
PAGES_ROW_CACHE_SECONDS = envint("PAGES_ROW_CACHE_SECONDS", 24 * 3600)
API_PAGE_SIZE = envint("API_PAGE_SIZE", 25, minimum=1)
API_MAX_PAGE_SIZE = envint("API_MAX_PAGE_SIZE", 200, minimum=1)
# Largest file or text POSTed to /api/v1/ingest/runs/ (ingest.parsers reads up to 50 MiB).
API_MAX_UPLOAD_BYTES = envint("API_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = API_MAX_UPLOAD_BYTES + 1024 * 1024
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.FilterBackend",
        "core.api.StrictOrdering",
    ],
    # JSON bodies; the ingest endpoint takes forms and files too (its own parser_classes).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.negotiation.StrictNegotiation",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envstr("API_THROTTLE_ANON", "120/minute"),
        "user": envstr("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pubtracker API",
    "DESCRIPTION": "Researchers, papers, venues and labs, and ingestion of publication listings.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "papers.api.renderers.csl_lists_unpaginated",
        "ingest.api.serializers.text_or_file",
        "papers.api.serializers.paper_body_rules",
    ],
    # Several models have a "kind" (and a "status"): each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PaperKindEnum": "papers.choices.PaperKind",
        "LinkKindEnum": "papers.choices.LinkKind",
        "VenueKindEnum": "venues.choices.VenueKind",
        "ReviewKindEnum": "ingest.choices.ReviewKind",
        "RecordKindEnum": "ingest.choices.RecordKind",
        "RunStatusEnum": "ingest.choices.RunStatus",
    },
}
