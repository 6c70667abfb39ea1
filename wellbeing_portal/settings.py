"""Settings for Wellbeing Portal, read from environment variables.

With nothing set the portal runs on its embedded default: a SQLite file in the project folder,
Celery tasks run eagerly in the web process and email is printed to the console. Setting
DATABASE_URL and REDIS_URL switches to PostgreSQL and a Redis broker, as in production.
"""

from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap as xstatic_bootstrap
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from wellbeing_portal.env import env_bool, env_int, env_list, env_str
from wellbeing_portal.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", env_bool("DEBUG", True))

SECRET_KEY = env_str("SECRET_KEY") or env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"

# Seals survey answers waiting to be written out and keys the one-way participation tokens
# (surveys.sealing). Kept apart from SECRET_KEY so that the web server's environment plus the
# database is not enough to open them; rotate by moving the old value to SURVEY_SEAL_OLD_KEYS
# until no pending row sealed with it is left (README, "How answers are stored").
SURVEY_SEAL_KEY = env_str("SURVEY_SEAL_KEY")
if not SURVEY_SEAL_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SURVEY_SEAL_KEY must be set when DEBUG is off.")
    SURVEY_SEAL_KEY = SECRET_KEY
SURVEY_SEAL_OLD_KEYS = env_list("SURVEY_SEAL_OLD_KEYS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "common",
    "people",
    "school_calendar",
    "notifications",
    "workload",
    "charters",
    "surveys",
    "actions",
    "support",
    "absence",
    "email_hours",
    "dashboards",
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
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "people.middleware.RequireMFAForPrivilegedRoles",
]

ROOT_URLCONF = "wellbeing_portal.urls"
WSGI_APPLICATION = "wellbeing_portal.wsgi.application"

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
                "people.context_processors.portal",
            ],
            "builtins": ["people.templatetags.term_words"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Each gunicorn worker keeps its connection between requests (a new PostgreSQL
        # connection costs a few milliseconds, more than a whole survey submit's queries), and
        # checks it before reuse so a server restart costs one failed check, not a 500.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker; caches -----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# The default cache holds what sign-in needs (allauth's rate-limit counters, used TOTP codes), so it
# lives in the database: signing in keeps working, and keeps being rate-limited, while Redis is
# down. Only live progress of background work (written from inside a worker's open transaction,
# so it cannot share the database connection) goes to Redis; pages read it best-effort.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    },
    "progress": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/London"
# Redis hands an unacknowledged task to another worker after the visibility timeout. It must be
# longer than the longest job deadline (wellbeing_portal/jobs.py), and no task is ever sent with an
# ETA or countdown beyond it: long waits are rows in the database with a due time, which a
# periodic task sweeps (notifications/outbox.py).
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60)
# Publishing must fail fast when Redis is down (wellbeing_portal/dispatch.py keeps the job queued in
# the database instead): short connect timeouts and no reconnection loop on the web side.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1, "interval_start": 0}}
# The embedded default has no worker and no beat: the outbox sweep (deferred email and tasks,
# overdue jobs) runs on a timer thread in the web process instead (workload/apps.py).
OUTBOX_TIMER_SECONDS = env_int("OUTBOX_TIMER_SECONDS", 60)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- Auth and accounts (django-allauth) -----------------------------------------------------
AUTH_USER_MODEL = "people.User"
# Django's and allauth's backends, reading each request's user with their staff record and
# roles in one query. A session names the backend that signed it in, so sessions from before a
# change of this list end: those people sign in again.
AUTHENTICATION_BACKENDS = [
    "people.auth_backends.PasswordBackend",
    "people.auth_backends.AccountsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password-reset link is asked for by someone waiting for it: it lasts a day. An invitation's
# link (sent by the staff import) may arrive at the start of a holiday, so it has its own,
# longer lifetime; people/tokens.py signs the two kinds apart.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
INVITATION_TIMEOUT_DAYS = env_int("INVITATION_TIMEOUT_DAYS", 14)
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "people.tokens.PasswordResetOrInvitationTokenGenerator"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "people.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Wellbeing Portal] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Wellbeing Portal")
# Everyone who sees survey results or health data (HR, trustees, governors, heads, champions) and
# every admin user must set up an authenticator app before using the portal (people/access.py).
REQUIRE_MFA_FOR_PRIVILEGED_ROLES = env_bool("REQUIRE_MFA", not DEBUG)

# Microsoft / Google sign-in are switched on by settings only: set the client id and secret.
# allauth.socialaccount is always installed (and migrated), so switching a provider on needs no
# migrate; the provider apps themselves have no tables.
SOCIALACCOUNT_PROVIDERS = {}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_ADAPTER = "people.adapters.PortalSocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
_MICROSOFT_ID = env_str("MICROSOFT_CLIENT_ID")
_GOOGLE_ID = env_str("GOOGLE_CLIENT_ID")
if _MICROSOFT_ID:
    INSTALLED_APPS.append("allauth.socialaccount.providers.microsoft")
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": _MICROSOFT_ID,
                "secret": env_str("MICROSOFT_CLIENT_SECRET"),
                "settings": {"tenant": env_str("MICROSOFT_TENANT", "organizations")},
            }
        ]
    }
if _GOOGLE_ID:
    INSTALLED_APPS.append("allauth.socialaccount.providers.google")
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": _GOOGLE_ID, "secret": env_str("GOOGLE_CLIENT_SECRET")}],
        "SCOPE": ["profile", "email"],
    }

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Wellbeing Portal <wellbeing@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# locale/en_GB puts django-allauth's Title Case ("Sign In", "Remember Me") into sentence case.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# ISO first for date/time inputs, so values round-trip through browsers' date pickers.
FORMAT_MODULE_PATH = ["wellbeing_portal.formats"]

# --- Static files: Bootstrap comes from the XStatic-Bootstrap package, never a CDN -----------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [("bootstrap", xstatic_bootstrap.BASE_DIR), BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The largest CSV or XLSX file an import (web page or command) accepts, in bytes.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# A staff file uploaded through the web with at least this many rows is imported by the worker,
# with a progress page, rather than within the request (which gunicorn would time out).
STAFF_BACKGROUND_ROWS = env_int("STAFF_BACKGROUND_ROWS", 2_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Database sessions (Django's, read with less work per request: people/sessions.py).
SESSION_ENGINE = "people.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
