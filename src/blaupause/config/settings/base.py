"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # src/blaupause


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


# --- data folder -----------------------------------------------------------------------------
DATA_DIR = Path(env("BLAUPAUSE_DATA_DIR", str(Path.cwd() / "var"))).resolve()
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- apps ------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "simple_history",
    "django_htmx",
    "ninja",  # serves the Swagger UI files of /api/v1/docs from the package
    "django_tasks",
    "django_tasks_db",
    "csp",
    "blaupause.core",
    "blaupause.accounts",
    "blaupause.regions",
    "blaupause.strategies",
    "blaupause.commitments",
    "blaupause.assessments",
    "blaupause.transfer",
    "blaupause.events",
    "blaupause.workshops",
    "blaupause.consultation",
    "blaupause.notifications",
    "blaupause.collaboration",
    "blaupause.knowledge",
    "blaupause.reports",
    "blaupause.opendata",
    "blaupause.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "blaupause.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Renews the session's expiry while it is used (idle timeout), inside SessionMiddleware.
    "blaupause.core.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "blaupause.accounts.middleware.RequireMfaMiddleware",
    # Must stay last: it turns lockouts into a German page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blaupause.config.urls"
WSGI_APPLICATION = "blaupause.config.wsgi.application"
ASGI_APPLICATION = "blaupause.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "blaupause.core.context_processors.site",
            ],
        },
    },
]

# --- database --------------------------------------------------------------------------------
# SQLite in the data folder unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'blaupause.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    try:  # the default database lives in the data folder; create it on first use
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:  # read-only or missing volume: Django reports the database error itself
        pass
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at the same time; the pragmas are set on connect.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "blaupause",
    }
}
if env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }

# --- authentication --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first, so that locked-out users are refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "regions:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "blaupause.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes locks a login+IP pair after 5 failures and shows the lockout page. allauth's own
# limits stay above that, as a second line: many accounts from one IP, one account from many IPs.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,20/15m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Blaupause] "
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Changing e-mail addresses asks for the password again unless the login is recent.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Tell people by e-mail when their password, e-mail address or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Blaupause"

# Lock an account/IP pair out after 5 failed logins for 15 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with `email=…`; this reads the address from whichever key is present.
AXES_USERNAME_CALLABLE = "blaupause.accounts.axes.login_identifier"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_LOCKOUT_CALLABLE = "blaupause.accounts.axes.lockout_response"
AXES_VERBOSE = False

# Regional admins must use TOTP; the middleware sends them to the set-up page until they do.
BLAUPAUSE_MFA_REQUIRED_ROLES = env_list("BLAUPAUSE_MFA_REQUIRED_ROLES", "regional_admin")
# Links in invitation mails use the address of the request that sent them; mails sent without
# a request (command line, background tasks) use this address.
BLAUPAUSE_BASE_URL = env("BLAUPAUSE_BASE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout: a session ends 30 minutes after its last use (SessionIdleTimeoutMiddleware
# renews it at most once a minute).
SESSION_COOKIE_AGE = 60 * 30
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_NAME = "blaupause_language"

# --- internationalisation --------------------------------------------------------------------
# Source strings are German; locale/en carries the English translation.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
# Shared CSS, JS, images and vendored assets live in src/blaupause/static (not in an app).
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Blaupause <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- background tasks ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- logging ---------------------------------------------------------------------------------
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "blaupause.core.middleware.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "blaupause.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Blaupause -------------------------------------------------------------------------------
BLAUPAUSE_SITE_NAME = env("BLAUPAUSE_SITE_NAME", "Blaupause")
BLAUPAUSE_OPERATOR = env("BLAUPAUSE_OPERATOR", "DigitalBüro OWL")
# Self-check benchmarks: a group value appears only with at least this many submissions.
BLAUPAUSE_BENCHMARK_MIN_GROUP = max(2, int(env("BLAUPAUSE_BENCHMARK_MIN_GROUP", "5") or 5))
# Licence of the open-data files: "dl-de/by-2-0" or "cc-by-4.0".
BLAUPAUSE_OPEN_DATA_LICENSE = env("BLAUPAUSE_OPEN_DATA_LICENSE", "dl-de/by-2-0")
