"""Django settings for yuanqu. Everything that differs between machines comes from the environment."""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
# var/ holds the embedded database and uploaded files; it sits beside src/ in a checkout.
VAR_DIR = Path(os.environ.get("YUANQU_VAR_DIR", BASE_DIR.parent.parent / "var"))


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("YUANQU_DEBUG", False)
DATABASE_URL = os.environ.get("YUANQU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'yuanqu.sqlite3'}")
SECRET_KEY_FILE = Path(os.environ.get("YUANQU_SECRET_KEY_FILE", VAR_DIR / "secret_key"))


def _secret_key() -> str:
    """YUANQU_SECRET_KEY, else the key file; the embedded (SQLite) database makes that file on its first run.

    There is no key in the code: sessions, CSRF tokens and password-reset links are signed with it. A server on
    PostgreSQL (production) refuses to start without one rather than invent a key per process.
    """
    if os.environ.get("YUANQU_SECRET_KEY"):
        return os.environ["YUANQU_SECRET_KEY"]
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text(encoding="ascii").strip()
    if not DATABASE_URL.startswith("sqlite"):
        raise ImproperlyConfigured(
            f"YUANQU_SECRET_KEY 未设置，且没有密钥文件 {SECRET_KEY_FILE}：请设置该变量，或运行 `yuanqu secretkey "
            f"{SECRET_KEY_FILE}` (set YUANQU_SECRET_KEY, or write the key file with `yuanqu secretkey`)"
        )
    return write_secret_key(SECRET_KEY_FILE)


def write_secret_key(path: Path) -> str:
    """A new random key in `path` (mode 0600), unless another process wrote one first: then that one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("YUANQU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("YUANQU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# TLS ends at the proxy, which sets X-Forwarded-Proto (and drops any the client sent): trust it, so that links in
# QR codes, exports and redirects say https://, and keep session and CSRF cookies off plain HTTP.
# Then plain-HTTP requests that reach the app are redirected to https://, and browsers are told (HSTS) to use
# only HTTPS for a year; YUANQU_HSTS_SECONDS=0 turns that off while a site is first moved to HTTPS.
BEHIND_HTTPS_PROXY = _env_bool("YUANQU_BEHIND_HTTPS_PROXY", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("YUANQU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("YUANQU_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("YUANQU_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("YUANQU_HSTS_PRELOAD", True)
PORT = int(os.environ.get("YUANQU_PORT", "8000"))
# A rater's personal link (QR code) dies when the meeting's scoring closes, or this many days after it was issued.
PERSONAL_LINK_DAYS = int(os.environ.get("YUANQU_PERSONAL_LINK_DAYS", "30"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "yuanqu.core",
    "yuanqu.places",
    "yuanqu.projects",
    "yuanqu.supervision",
    "yuanqu.meetings",
    "yuanqu.scoring",
    "yuanqu.industry",
    "yuanqu.peers",
    "yuanqu.newsroom",
    "yuanqu.atlas",
]

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
    "yuanqu.core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a lock-out (core.lockout.lockout_response)
]

ROOT_URLCONF = "yuanqu.urls"
WSGI_APPLICATION = "yuanqu.wsgi.application"
ASGI_APPLICATION = "yuanqu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yuanqu.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("YUANQU_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes; docs/security.md): after AXES_FAILURE_LIMIT failed sign-ins for one username,
# or from one address, on the login page or the API's token endpoint, further attempts are refused for
# AXES_COOLOFF_TIME, or until the organiser unlocks them on /access/lockouts/. A success resets the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("YUANQU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("YUANQU_LOGIN_LOCKOUT_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yuanqu.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "yuanqu.core.lockout.client_ip"
AXES_VERBOSE = False

# Content-Security-Policy on every response (django-csp; docs/security.md): scripts and <style> only from this
# server or with the response's nonce, no inline handlers, nothing from another origin. Style *attributes* are
# allowed (style-src-attr): they cannot run script, ECharts' tooltips are built with them, and templates use a few.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Background jobs (core.jobs): Django's task framework with its database backend, so the queue needs no broker and
# lives in the same database as everything else; `yuanqu worker` runs the jobs (docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# An upload larger than this (bytes) is imported by the job worker, with a progress page, instead of in the request
YUANQU_JOB_UPLOAD_BYTES = int(os.environ.get("YUANQU_JOB_UPLOAD_BYTES", 256 * 1024))
# A light recompute of more projects than this runs as a job
# a list export with more rows than this is written by the job worker (core.exports), streamed, not in the request
YUANQU_EXPORT_ROWS_IN_REQUEST = int(os.environ.get("YUANQU_EXPORT_ROWS_IN_REQUEST", 5000))
YUANQU_JOB_RECOMPUTE_PROJECTS = int(os.environ.get("YUANQU_JOB_RECOMPUTE_PROJECTS", 2000))

STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded files are never served from MEDIA_URL directly: views check access first.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yuanqu.core.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["yuanqu.core.permissions.OperationPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "yuanqu.core.filtersets.ApiFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "yuanqu.core.paginate.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yuanqu.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "yuanqu API",
    "DESCRIPTION": "产业园区项目载体建设现场推进平台 — industrial-park project promotion platform",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "yuanqu.core.openapi.local_times",
                            "yuanqu.core.openapi.brief_and_fields", "yuanqu.core.openapi.examples"],
    # several choice sets share a field name (stage, status): each gets its own name in the schema
    "ENUM_NAME_OVERRIDES": {
        "ProjectStageEnum": "yuanqu.projects.models.Stage",
        "ChainStageEnum": "yuanqu.industry.models.ChainStage",
        "CarrierStatusEnum": "yuanqu.places.models.CarrierStatus",
        "ExemptionStatusEnum": "yuanqu.supervision.models.ExemptionStatus",
        "TaskStatusEnum": "yuanqu.supervision.models.TaskStatus",
        "MeetingStatusEnum": "yuanqu.meetings.models.MeetingStatus",
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = 60 * 60 * 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("YUANQU_LOG_LEVEL", "WARNING")},
}
