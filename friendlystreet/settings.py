"""Settings for Friendly Street, read from the environment (twelve-factor).

Every variable is listed with its default in `.env.example`. The embedded
defaults (SQLite, in-process tasks, local-memory cache) need nothing but Python;
production sets DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# No default in production: Django refuses to serve, migrate or check with an empty key,
# while offline commands (makemigrations --check) still work.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production" if DEBUG else "")
# Earlier keys, still accepted while they are listed, so that changing SECRET_KEY signs nobody
# out and keeps check-in QR codes working (deploy/README.md, "Rotating secrets").
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_celery_beat",
    "csp",
    "allauth",
    "allauth.account",
    # App clients (the WeChat mini-program) sign up and in through allauth's headless API;
    # usersessions lists a user's sessions (browser and app) and ends them.
    "allauth.headless",
    "allauth.usersessions",
    "friendlystreet.accounts",
    "friendlystreet.audit",
    "friendlystreet.sms",
    "friendlystreet.notifications",
    "friendlystreet.ledgers",
    "friendlystreet.pages",
    "friendlystreet.dashboard",
    "friendlystreet.privacy",
    "friendlystreet.backups",
    "venues",
    "points",
    "volunteers",
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
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A user deactivated while signed in is told so on their next page (accounts/middleware.py).
    "friendlystreet.accounts.middleware.deactivated_account_notice",
    # Retry-After on allauth's refusals with a wait (a lockout, its app API's 429s).
    "friendlystreet.accounts.middleware.retry_after",
    "friendlystreet.accounts.middleware.password_reset_key_guard",  # an allauth bug: middleware.py
    "friendlystreet.api.middleware.UnreadableBodyIsA400",
    # POST /api/v1/claims (no final slash): a 308 keeps the POST, where APPEND_SLASH's 301 is a GET.
    "friendlystreet.api.middleware.ApiWriteWithoutTheSlash",
    # Last, around allauth's views only: a code the SMS provider refuses is a message, and the
    # step (a sign-up's new user) is rolled back (friendlystreet/sms/middleware.py).
    "friendlystreet.sms.middleware.SmsFailureMiddleware",
]

ROOT_URLCONF = "friendlystreet.urls"
WSGI_APPLICATION = "friendlystreet.wsgi.application"

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
                "django.template.context_processors.i18n",
                "friendlystreet.pages.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATA_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'friendlystreet.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes concurrent writers wait for the lock instead of failing with
    # "database is locked" when a read transaction tries to upgrade to a write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    # Persistent connections: about 10x the throughput of connect-per-request here.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache ----------------------------------------------------------------------
# Never a dummy cache: allauth's rate limits are stored here and would silently stop
# working. Redis whenever several web processes must share the counters, the sessions and
# the public renderings (friendlystreet/public_cache.py).
# With CELERY_BROKER_URL set, check --deploy warns without it (redis.W001: the workers would not
# share the web's cache) and when it names the broker's own database (redis.W002).
REDIS_URL = env.str("REDIS_URL", default="")
# The deployed commit, in every key: a new release never reads values an older one kept
# (a rendering of the old templates, a shape the new code does not expect). A server names the
# file each update writes it to (RELEASE_FILE; deploy/README.md, "Updates"), read here by every
# process as it starts: manage.py, and each gunicorn worker, including those a graceful reload
# starts (an environment variable would keep the value the master was started with). Its one
# line is the commit, or RELEASE=<commit> (it was an EnvironmentFile); a missing file is "".
RELEASE_FILE = env.str("RELEASE_FILE", default="")


def _release(path: str) -> str:
    try:
        line = Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    return line.removeprefix("RELEASE=").strip()


RELEASE = _release(RELEASE_FILE) if RELEASE_FILE else env.str("RELEASE", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down or restarting is a miss, not a 500: every use of the cache has a way
            # without it (friendlystreet/cache_backends.py). Short timeouts: a Redis that
            # hangs must not hold a page for long either.
            "BACKEND": "friendlystreet.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": RELEASE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # Read from Redis, written through to the database. Only with a shared cache: with a
    # per-process one, another process could go on serving a session that was logged out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "friendlystreet"}}

# --- Authentication ---------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "friendlystreet.accounts.backends.ModelBackend",
    "friendlystreet.accounts.backends.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"

ACCOUNT_ADAPTER = "friendlystreet.accounts.adapter.AccountAdapter"
# How allauth names the user in its messages ("Signed in as …"): never the internal username.
ACCOUNT_USER_DISPLAY = "friendlystreet.accounts.models.user_display"
ACCOUNT_LOGIN_METHODS = {"phone", "username"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "friendlystreet.accounts.forms.RiderSignupForm"
ACCOUNT_FORMS = {
    "login": "friendlystreet.accounts.forms.LoginForm",
    # A rider who forgot their password signs in by SMS code, then sets a new one without
    # the old (password_forms.py): the code proves the phone, as a reset would.
    "change_password": "friendlystreet.accounts.password_forms.ChangePasswordForm",
    # The SMS code's field opens the digit keyboard (accounts/code_forms.py).
    "confirm_login_code": "friendlystreet.accounts.code_forms.ConfirmLoginCodeForm",
    "verify_phone": "friendlystreet.accounts.code_forms.VerifyPhoneForm",
    "confirm_reauthentication_code": "friendlystreet.accounts.code_forms.ConfirmReauthenticationCodeForm",
    # Back from an expired code, the number is kept and the page says why; "too often" says
    # codes, not failed logins (accounts/phone_forms.py).
    "request_login_code": "friendlystreet.accounts.phone_forms.RequestLoginCodeForm",
    # A number another account has is refused before any code goes to it.
    "change_phone": "friendlystreet.accounts.phone_forms.ChangePhoneForm",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
# A rider whose SMS did not arrive asks for another (the page holds the button back 60 s).
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = 3  # allauth: at most this many new codes
# The same for the sign-in code (allauth 65.15+; without it the code page has no resend at
# all). allauth keeps no cooldown between these resends, only the count: the page holds the
# button back 60 s from the last code, as on the verification page (accounts/code_resend.py).
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = 3
# The SMS says the code expires in 10 minutes (adapter.py); allauth's default is 3, counted
# from the first code, so a resent code died with it.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 600  # OWASP ASVS: codes live at most 10 minutes
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# Six digits, as every Chinese app sends: typed on a numeric keypad, one hand on the handlebar.
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_USER_MODEL_EMAIL_FIELD = None
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "signup": "20/m/ip",
    # allauth's 3 a minute for an address stranded the fourth rider signing up on one Wi-Fi (a
    # sign-up event at a rest station, a carrier's shared address): the account was made, no code
    # was sent. As many as sign-up allows; one number still gets one code each 30 seconds.
    "verify_phone": "1/30s/key,20/m/ip",
    # allauth's 1 a minute counts a refused typo: a rider correcting it met a 429. Three tries
    # in 10 minutes still keeps codes from being sprayed at strangers' numbers.
    "change_phone": "3/10m/user",
}

# App clients: allauth's headless API under /_allauth/app/v1/ (README, "API"). The app sends
# the session token it is given as X-Session-Token: the token is a Django session, so it ends
# at logout, at a password change, when the user is deactivated and after SESSION_COOKIE_AGE,
# and every allauth rate limit applies. The browser keeps allauth's HTML pages.
HEADLESS_CLIENTS = ("app",)
# The OpenAPI specification of that API at /_allauth/openapi.json (and .yaml); not its HTML
# page, which loads Redoc from a CDN that our Content-Security-Policy refuses.
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_SPECIFICATION_TEMPLATE_NAME = None

# Proxies we run in front of the site (nginx: 1). Each appends the address it got the
# request from to X-Forwarded-For; the client's address is that many hops from the end.
# 0 (the default) ignores the header, which any client can set; behind a proxy, without
# this every client has the proxy's address and per-IP limits become site-wide: with DEBUG off
# (a proxy in front, SECURE_PROXY_SSL_HEADER below) check --deploy warns while it is 0 (proxy.W001).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# How partners reach the street office (a phone and its hours, a WeChat account), said wherever
# the site tells them to contact it (friendlystreet/office.py). Empty: those sentences say only that.
STREET_OFFICE_CONTACT = env.str("STREET_OFFICE_CONTACT", default="")

# The privacy notice riders consent to at sign-up; bump the version when it changes.
PRIVACY_NOTICE_VERSION = "2026-11"
# Data rights and retention (friendlystreet.privacy.conf; the notice quotes these numbers):
# days of cooling-off before a deletion request is carried out, days claim, report and
# refused or withdrawn tip photos are kept after the decision, days a rider's verification
# screenshot is kept after staff decided (an appeal window: the decision and who made it stay),
# days notifications are kept, hours a data export can be downloaded.
PRIVACY_DELETION_COOLING_OFF_DAYS = env.int("PRIVACY_DELETION_COOLING_OFF_DAYS", default=7)
PRIVACY_PHOTO_RETENTION_DAYS = env.int("PRIVACY_PHOTO_RETENTION_DAYS", default=180)
PRIVACY_EVIDENCE_RETENTION_DAYS = env.int("PRIVACY_EVIDENCE_RETENTION_DAYS", default=30)
PRIVACY_NOTIFICATION_RETENTION_DAYS = env.int("PRIVACY_NOTIFICATION_RETENTION_DAYS", default=365)
PRIVACY_EXPORT_HOURS = env.int("PRIVACY_EXPORT_HOURS", default=24)

# --- Delivery of notifications (friendlystreet/notifications/conf.py) -------------------
# Tries per delivery, the first included, before a transient failure becomes `failed`.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
# Back-off: about base * 2**(n-1) seconds before try n+1, with jitter, capped.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30.0)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.float("NOTIFICATIONS_RETRY_MAX_SECONDS", default=900.0)
# A queued delivery this long overdue lost its task; the sweep hands it over again.
NOTIFICATIONS_SWEEP_GRACE_SECONDS = env.int("NOTIFICATIONS_SWEEP_GRACE_SECONDS", default=300)
NOTIFICATIONS_SWEEP_INTERVAL_SECONDS = env.int("NOTIFICATIONS_SWEEP_INTERVAL_SECONDS", default=180)
NOTIFICATIONS_SWEEP_BATCH = env.int("NOTIFICATIONS_SWEEP_BATCH", default=500)

# --- SMS ------------------------------------------------------------------------
# "console" prints messages (development), "outbox" stores them in a table (tests,
# demo), "aliyun" sends through Alibaba Cloud SMS (below), or a dotted path to a class
# implementing friendlystreet.sms.backends.BaseBackend.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")  # with DEBUG off, check --deploy warns: sms.W001
SMS_SIGNATURE = env.str("SMS_SIGNATURE", default="【友好街道】")
# SMS_BACKEND=aliyun: Alibaba Cloud SMS (friendlystreet/sms/aliyun.py; deploy/README.md, "SMS
# provider"). The key is a RAM user's with AliyunDysmsFullAccess only, from the environment.
SMS_ALIYUN_ACCESS_KEY_ID = env.str("SMS_ALIYUN_ACCESS_KEY_ID", default="")
SMS_ALIYUN_ACCESS_KEY_SECRET = env.str("SMS_ALIYUN_ACCESS_KEY_SECRET", default="")
SMS_ALIYUN_SIGN_NAME = env.str("SMS_ALIYUN_SIGN_NAME", default="友好街道")  # registered, without 【】
SMS_ALIYUN_CODE_TEMPLATE = env.str("SMS_ALIYUN_CODE_TEMPLATE", default="")  # e.g. SMS_123456789, variable ${code}
SMS_ALIYUN_NOTICE_TEMPLATE = env.str("SMS_ALIYUN_NOTICE_TEMPLATE", default="")  # variable ${content}
# Optional templates, each worded for its language and purpose; one not set falls back
# (aliyun.template_setting) and check --deploy warns: sms.W002-W005.
SMS_ALIYUN_CODE_TEMPLATE_EN = env.str("SMS_ALIYUN_CODE_TEMPLATE_EN", default="")
SMS_ALIYUN_DELETION_CODE_TEMPLATE = env.str("SMS_ALIYUN_DELETION_CODE_TEMPLATE", default="")
SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN = env.str("SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN", default="")
SMS_ALIYUN_NOTICE_TEMPLATE_EN = env.str("SMS_ALIYUN_NOTICE_TEMPLATE_EN", default="")  # ${content}, in English
SMS_ALIYUN_REGION = env.str("SMS_ALIYUN_REGION", default="cn-hangzhou")
SMS_ALIYUN_ENDPOINT = env.str("SMS_ALIYUN_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
# Codes are sent while the rider waits, inside their step's transaction: a short wait.
SMS_ALIYUN_TIMEOUT = env.float("SMS_ALIYUN_TIMEOUT", default=5.0)

# --- E-mail -----------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# A provider's SMTP server directly (e.g. smtp.exmail.qq.com:465 with SSL) instead of a relay.
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)  # TLS from the start, usually port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:  # Django's backend refuses both, but only when a mail is sent
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# A mail server that does not answer must not hold a web worker for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@friendlystreet.example")

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The footer's choice outlives the browser session (Django's default cookie ends with it).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root before collectstatic
WHITENOISE_USE_FINDERS = DEBUG  # development serves straight from static/, no collectstatic
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded evidence lives outside the static root and is served by views that
# check who is asking, never by a public URL.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or DATA_DIR / "media")
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Points ----------------------------------------------------------------------------
# Riders may claim points for what happened at most this many days ago.
POINTS_CLAIM_WINDOW_DAYS = env.int("POINTS_CLAIM_WINDOW_DAYS", default=30)
# Voucher-code look-ups per partner operator (scan, type, confirm): all of them per minute,
# and failed ones (unknown code, another venue's voucher) per ten minutes.
POINTS_VOUCHER_LOOKUPS_PER_MINUTE = env.int("POINTS_VOUCHER_LOOKUPS_PER_MINUTE", default=60)
POINTS_VOUCHER_MISSES_PER_2_MINUTES = env.int("POINTS_VOUCHER_MISSES_PER_2_MINUTES", default=10)

# --- Volunteers ------------------------------------------------------------------------
# A neighbourhood report not answered (accepted, rejected or marked duplicate) this many hours
# after it was submitted is overdue: highlighted in triage and counted in the morning digest.
REPORT_RESPONSE_HOURS = env.int("REPORT_RESPONSE_HOURS", default=48)

# --- Maps ------------------------------------------------------------------------------
# Tiles by default from AMap (高德), which loads in mainland China; its tiles are drawn in
# GCJ-02, so the browser converts every stored point before drawing it (static/js/maps.js,
# the same formulas as venues/navigation.py). OpenStreetMap instead (README, "Maps"):
# MAP_TILE_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png MAP_TILE_SUBDOMAINS=abc
# MAP_TILE_ATTRIBUTION="© OpenStreetMap contributors" MAP_TILE_CRS=wgs84
MAP_TILE_URL = env.str(
    "MAP_TILE_URL",
    default="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
)
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="© 高德地图 AutoNavi")
MAP_TILE_SUBDOMAINS = env.str("MAP_TILE_SUBDOMAINS", default="1234")
# The system the tiles are drawn in: "gcj02" (AMap, Tencent) or "wgs84" (OpenStreetMap).
MAP_TILE_CRS = env.str("MAP_TILE_CRS", default="gcj02")
# The system coordinates are stored in: "wgs84" (GPS, what phones report). "gcj02" only for
# a database filled with coordinates read off a Chinese map.
MAP_COORD_SYSTEM = env.str("MAP_COORD_SYSTEM", default="wgs84")
# Where a map opens with no point to show (no location from the phone, a new venue): the
# middle of the Chenglong Road sub-district, in the stored system.
MAP_DEFAULT_CENTRE = (30.6080, 104.1260)

# --- API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The app's X-Session-Token first, so that an anonymous API call gets 401 with
        # WWW-Authenticate (the first class names the scheme).
        "friendlystreet.accounts.authentication.XSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "friendlystreet.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "friendlystreet.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "friendlystreet.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Any Accept header: the file or the JSON the view gives, not 406 (friendlystreet/api/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "friendlystreet.api.negotiation.ContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "friendlystreet.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "friendlystreet.api.parsers.MultiPartParser",
    ],
    # Throttles of anonymous clients key by address: the same proxies as allauth's limits.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Friendly Street API",
    "DESCRIPTION": (
        "友好街道 — the portal of the Chenglong Road friendly-street programme.\n\n"
        "The browser uses its session cookie (with the CSRF token). App clients sign up, sign in "
        "(password or SMS code), sign out and manage their sessions with allauth's headless API "
        "under `/_allauth/app/v1/` — its specification: [/_allauth/openapi.json](/_allauth/openapi.json) "
        "([YAML](/_allauth/openapi.yaml)) — and send the session token it returns as the "
        "`X-Session-Token` header on every call here. Phones are E.164 there (`+8613800000001`).\n\n"
        "The addresses end in a slash (`/api/v1/claims/`; the `qr.svg` images excepted): without it a read answers 301 and a "
        "write 308 to the address with the slash (a 308 is followed with the same method and body).\n\n"
        "### Paging\n"
        "A paged list answers `{count, next, previous, results}`: 20 items, `?page_size=` up to 100 "
        "(a larger one gives 100), `?page=` from 1. Follow `next` until it is null; a page past the "
        "end answers 404 `not_found`. `/me/ledger/` pages by cursor: follow `next` (there is no `count`).\n\n"
        "### Errors\n"
        'Every error is JSON with a 4xx status: `{"message": …, "code": …, "fields": {…}}`. '
        "`message` is for people (in the request's language), `code` is stable for the app to branch on, "
        "`fields` names each field that is not valid and why (400 `invalid`). Some refusals add data "
        "beside these (a 409 `insufficient_points` has `balance` and `cost`). Each operation lists the "
        "answers it can give: 400 (`invalid`; `parse_error` for a body that cannot be read), 401 "
        "(`not_authenticated`: no token; `session_expired`: see below; `WWW-Authenticate: X-Session-Token`), 403 "
        "(`permission_denied`: signed in without the permission it needs; `rider_only`: a rider's "
        "operation, such as the passbook, claims, vouchers or reports, called with a partner operator's or "
        "staff account; `csrf_failed`: a cookie client's write without the CSRF token), 404 (no such "
        "object, or not the caller's to see), "
        "409 (a business rule refused; the codes are listed per operation), 422 "
        "`idempotency_key_reused` (an `Idempotency-Key` sent before with another request), 429 (too "
        "many requests).\n\n"
        "### When a session ends\n"
        "A token stops working at logout, when the session is revoked, at a password change, when "
        "the user is deactivated, and when it expires (after two weeks). An operation that "
        'needs a signed-in caller then answers 401 `session_expired` ("Your session has ended. Please '
        'sign in again." / 登录已失效，请重新登录。): drop the token and sign in again. Public operations '
        "(venues, compounds, partners, rules, the catalogue, activities, texts…) answer a stale token "
        "as they answer anyone, without a 401 (their answers are public and may come from a cache); "
        "`GET /api/v1/me/` tells whether the token still works.\n\n"
        "### Forgotten password\n"
        "The site uses no e-mail addresses (riders have a phone): allauth's specification lists a "
        "password reset by e-mail (`/auth/password/request`, `/auth/password/reset`) and e-mail "
        "endpoints (`/auth/email/verify`, `/account/email`), but asking a reset link and adding an "
        "address (`POST /account/email`) answer 400 `email_not_used` (param `email`), and nothing is "
        "saved or sent. A rider who forgot their password signs in by SMS code "
        "(`/auth/code/request`, then `/auth/code/confirm`); the app needs no password after that. "
        "To set a new one, open the web page `/accounts/login/code/?next=/accounts/password/change/` "
        "in a browser: the rider signs in there by code and, within 5 minutes, sets a new password "
        "without the old one. `/account/password/change` in the app always asks for the current "
        "password. A new password ends the rider's other sessions, the app's included (401 "
        "`session_expired`).\n\n"
        "### Changing the mobile number\n"
        "`POST /account/phone` with the new number texts it a code (202); `POST /auth/phone/verify` "
        "with that code makes the change, and the old number no longer signs in. allauth has no "
        "resend for a change (`/auth/phone/verify/resend` is for the code of a sign-up, and answers "
        "409 here): to have a new code sent, `POST /account/phone` again with the same number — the "
        "earlier code then stops working. A number gets at most one code in 30 seconds (sooner: 429 "
        "with `Retry-After`), and a user may ask 3 times in 10 minutes (429, `Retry-After: 600`). A "
        "code is valid for 10 minutes and 3 tries.\n\n"
        "### When an SMS cannot be sent\n"
        "The endpoints of allauth's API that text a code while the app waits (`/auth/signup`, "
        "`/auth/code/request`, `/auth/login` when the number must be verified first, "
        "`/auth/phone/verify/resend`, `/account/phone`) answer 503 "
        '`{"status": 503, "errors": [{"code": "sms_failed", "message": …}]}` with `Retry-After` when the '
        "SMS provider refuses the message (短信发送失败，请稍后再试。): nothing is saved (no account, no "
        "changed number), so the same request can simply be sent again later.\n\n"
        "### Languages\n"
        "Messages, labels and texts are in Simplified Chinese by default; send `Accept-Language: en` "
        "for English (`zh-hans`, `zh-CN` and `zh-Hans-CN` give Chinese; `en-US` and `en-GB` English). "
        "Codes and enum values never change with the language. Notifications keep the language they "
        "were written in. This schema is in English.\n\n"
        "### Rate limits\n"
        "Sign-in (allauth): 5 failed logins per phone number in 5 minutes and 10 per address a "
        "minute; 3 code requests per number a minute. A merchant's voucher look-up: 60 a minute per "
        "operator, and 20 codes not found (or of another venue) in 10 minutes; over either it answers "
        "429 `rate_limited` with `Retry-After` (seconds), and while the second holds even a valid code "
        "waits. Compound tips: 20 an hour per user (429 `throttled`, `Retry-After`). A rider's data "
        "export: 5 an hour; deletion codes: 3 in 10 minutes (429 `rate_limited`). Nothing else is "
        "throttled. Over the failed-login limit the login answers allauth's 400 "
        "`too_many_login_attempts` (not a 429), with `Retry-After` (seconds, at most: 300) and a "
        "message that says how many minutes to wait; the rider may sign in by SMS code meanwhile. "
        "allauth's own 429s (`/auth/login` 30 a minute per address, `/auth/signup` 20, "
        "`/account/phone` 3 in 10 minutes per user, …) carry `Retry-After` too."
    ),
    "VERSION": "1.0.0",
    # In English whatever the caller's language (friendlystreet/api/schema.py).
    "DEFAULT_GENERATOR_CLASS": "friendlystreet.api.schema.SchemaGenerator",
    # The areas /api/docs/ groups operations by, in this order (friendlystreet/api/schema.py
    # tags each operation by its path).
    "TAGS": [
        {"name": "account", "description": "The signed-in user (`/me/`), their data export and account deletion."},
        {"name": "venues", "description": "Venues, compound guides (gates, parking), riders' tips, partners."},
        {"name": "points", "description": "Earning rules, a rider's claims and ledger; reviewers decide claims."},
        {"name": "rewards", "description": "The catalogue and redeeming (verified riders); staff edit rewards."},
        {"name": "vouchers", "description": "A rider's vouchers: list, show (with QR code), cancel."},
        {"name": "merchant", "description": "Partner operators at the counter: look up and confirm a voucher."},
        {"name": "activities", "description": "Volunteer activities: riders sign up and check in; staff run them."},
        {"name": "texts", "description": "Public texts (initiative letters, the tripartite convention), signing."},
        {"name": "reports", "description": "Neighbourhood problems riders report; staff move them on."},
        {"name": "notifications", "description": "The signed-in user's in-app notifications."},
        {"name": "staff", "description": "Reviewers and street admins: figures, exports (台账), anonymising."},
    ],
    # Ids in paths (friendlystreet/inputs.py's <id:> converter) are integers for app clients.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 9223372036854775807}},
    # Several fields are called `kind`: the venue's gets a name of its own, not a hash.
    "ENUM_NAME_OVERRIDES": {
        "VenueKindEnum": "venues.models.VenueKind",
        "TipStatusEnum": "venues.models.TipStatus",
        "StatusEnum": "points.models_rewards.Voucher.Status",  # a voucher's, the name apps have read
    },
    "SERVE_INCLUDE_SCHEMA": False,
    # Uploads as files (format: binary) in request bodies, not as the URLs responses carry.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/favicon.svg",
}

# --- Celery ------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process so that `make run` needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Redis redelivers an unacknowledged message after this many seconds; no task may
# be scheduled further ahead than this, or it would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Delivery tasks acknowledge late; a worker should not hoard messages it has not started.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# --- Security ------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "friendlystreet.pages.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # Behind a TLS-terminating proxy, the proxy must set X-Forwarded-Proto (README).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # A monitor may ask gunicorn directly, over plain HTTP (friendlystreet/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Map tiles come from the configured tile server (AMap by default, OpenStreetMap as a
        # setting: README, "Maps"); QR codes are data: SVG.
        "img-src": [
            "'self'",
            "data:",
            "blob:",
            *env.list("CSP_IMG_SRC", default=["https://*.is.autonavi.com", "https://*.openstreetmap.org"]),
        ],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# System checks to leave out, e.g. sms.W001 on a server that sends no SMS yet (until it does, no
# rider can sign up). `make check-deploy`, CI's check of the code, leaves out sms.W001 (the
# code's default backend is console; a server sets aliyun and its key). The deploy checks:
# friendlystreet/checks.py, sms/checks.py.
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# An optional, untracked local override, imported last.
with contextlib.suppress(ImportError):
    from .local_settings import *  # noqa: F403
