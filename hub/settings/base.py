"""Settings shared by every environment, read from the environment with django-environ.

One variable per integration: ``DATABASE_URL``, ``REDIS_URL``, ``ELASTICSEARCH_URL``, ``EMAIL_URL``.
Leaving an integration's variable unset selects its embedded default (SQLite, the in-memory
channel layer, database search, emails written to a folder).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "taggit",
    "channels",
    "csp",
    "huey.contrib.djhuey",
    "accounts",
    "hub.core",
    "hub.jobs",
    "hub.councils",
    "hub.notifications",
    "hub.webhooks",
    "hub.email_replies",
    "hub.follows",
    "hub.blog",
    "hub.moderation",
    "hub.groups",
    "hub.standards",
    "hub.discussions",
    "hub.sharing",
    "hub.pledges",
    "hub.community",
    "search",
    "ninja",
    "hub.api",
]

MIDDLEWARE = [
    # Signed-out readers' copies of public pages, answered before anything else runs (the
    # stored copy keeps the security, CSP and frame headers the middleware below gave it).
    "hub.core.pagecache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hub.core.markdown.MarkdownBudgetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hub.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The interface language: ?lang=, the member's setting, the cookie (hub/core/i18n.py).
    "hub.core.i18n.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Each signed-in member's own copy of the same pages (needs request.user).
    "hub.core.pagecache.MemberPageCacheMiddleware",
]

ROOT_URLCONF = "hub.urls"
ASGI_APPLICATION = "hub.asgi.application"
WSGI_APPLICATION = "hub.wsgi.application"

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
                "hub.core.context_processors.site",
                "hub.core.context_processors.languages",
                "hub.notifications.context_processors.unread_notifications",
            ],
            "builtins": ["hub.core.templatetags.govuk"],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one connection writes. IMMEDIATE makes every transaction
    # take the write lock when it begins, so a writer waits (up to ``timeout`` seconds) for its
    # turn; with SQLite's default DEFERRED mode a transaction that read first and then tries to
    # write fails at once with "database is locked" instead of waiting (docs/decisions/0100).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- allauth: email is the identity, verified before first use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# "Email me a sign-in code": the owner's way in while password sign-in to their account is
# paused by the failed-login limits (issue 10).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # "key" is the account *and* the address here (accounts/adapters.py), so a stranger's
    # wrong passwords never lock a member out; login_failed_account counts every address.
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "50/h/key",
    "request_login_code": "20/m/ip,3/m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LocalGov Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False


def _social_providers() -> dict:
    """Offer Google and Microsoft sign-in only when their credentials are configured."""
    providers = {}
    if env("GOOGLE_CLIENT_ID", default=""):
        providers["google"] = {
            "APPS": [
                {
                    "client_id": env("GOOGLE_CLIENT_ID"),
                    "secret": env("GOOGLE_CLIENT_SECRET", default=""),
                }
            ],
            "SCOPE": ["profile", "email"],
        }
    if env("MICROSOFT_CLIENT_ID", default=""):
        providers["microsoft"] = {
            "APPS": [
                {
                    "client_id": env("MICROSOFT_CLIENT_ID"),
                    "secret": env("MICROSOFT_CLIENT_SECRET", default=""),
                    "settings": {"tenant": env("MICROSOFT_TENANT", default="organizations")},
                }
            ],
        }
    return providers


SOCIALACCOUNT_PROVIDERS = _social_providers()

# --- Email: a folder by default so development and tests never need a mail server.
# ``EMAIL_URL=govuknotify:`` sends through GOV.UK Notify (hub/core/email_backends.py).
if env("EMAIL_URL", default="").startswith("govuknotify:"):
    EMAIL_CONFIG = {"EMAIL_BACKEND": "hub.core.email_backends.GovukNotifyBackend"}
else:
    EMAIL_CONFIG = env.email_url(
        "EMAIL_URL", default="filemail:///" + str(BASE_DIR / "var" / "mail")
    )
GOVUK_NOTIFY_API_KEY = env("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_TEMPLATE_ID = env("GOVUK_NOTIFY_TEMPLATE_ID", default="")
GOVUK_NOTIFY_REPLY_TO_ID = env("GOVUK_NOTIFY_REPLY_TO_ID", default="")
GOVUK_NOTIFY_BASE_URL = env(
    "GOVUK_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or str(BASE_DIR / "var" / "mail")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="LocalGov Hub <hub@localhost>")
# Instant notification emails wait this long for more to batch with (hub/notifications).
NOTIFICATIONS_EMAIL_QUIET_SECONDS = env.int("NOTIFICATIONS_EMAIL_QUIET_SECONDS", default=30)
NOTIFICATIONS_EMAIL_MAX_WAIT_SECONDS = env.int("NOTIFICATIONS_EMAIL_MAX_WAIT_SECONDS", default=120)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Channels: Redis when configured, otherwise in-process.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 1500, "expiry": 30},
        }
    }
    CACHES = {
        "default": {
            # One Redis pool per process, however many sockets are open (hub/core/cache.py).
            "BACKEND": "hub.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="hub"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background jobs (hub/jobs, docs/decisions/0140-job-queue-huey.md): Huey on Redis when
# REDIS_URL is set, otherwise on a SQLite file beside the database. The embedded default runs
# the consumer inside the web server (local.py turns JOBS_EMBEDDED_WORKER on); production runs
# ``manage.py run_huey`` as compose services.
JOBS_EMBEDDED_WORKER = env.bool("JOBS_EMBEDDED_WORKER", default=False)
JOBS_EMBEDDED_WORKERS = env.int("JOBS_EMBEDDED_WORKERS", default=2)
JOBS_SQLITE_PATH = Path(env("JOBS_SQLITE_PATH", default=str(BASE_DIR / "var" / "jobs.sqlite3")))
HUEY = {
    "name": env("JOBS_QUEUE_NAME", default="hub"),
    "huey_class": "huey.PriorityRedisHuey" if REDIS_URL else "huey.SqliteHuey",
    # Tests run every job inline at enqueue time (test.py); nothing else should.
    "immediate": env.bool("JOBS_IMMEDIATE", default=False),
    "results": False,  # jobs write their outcome to the database; failures go to JobFailure
    "utc": True,
}
if REDIS_URL:
    HUEY["url"] = REDIS_URL
else:
    JOBS_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # SqliteHuey opens it at import
    HUEY["filename"] = str(JOBS_SQLITE_PATH)

# --- Search: Elasticsearch when configured, otherwise the database backend.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="hub")

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "hub.core.staticfiles.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Members' data downloads: outside MEDIA_ROOT, served only through the signed, expiring link.
ACCOUNT_EXPORTS_ROOT = Path(env("ACCOUNT_EXPORTS_ROOT", default=str(BASE_DIR / "var" / "exports")))
ACCOUNT_EXPORT_DAYS = env.int("ACCOUNT_EXPORT_DAYS", default=7)

# Replies by email (hub/email_replies, docs/notifications.md): notification emails about one
# comment, thread reply or mention carry Reply-To: reply+<signed token>@REPLY_EMAIL_DOMAIN.
# Empty: no reply addresses. Inbound mail arrives in INBOUND_MAILDIR (read every minute) or
# at POST /inbound/email/ with INBOUND_EMAIL_SECRET (empty: that endpoint is off).
REPLY_EMAIL_DOMAIN = env("REPLY_EMAIL_DOMAIN", default="")
REPLY_BY_EMAIL_DAYS = env.int("REPLY_BY_EMAIL_DAYS", default=30)
REPLY_BY_EMAIL_RATE = env("REPLY_BY_EMAIL_RATE", default="20/h")
INBOUND_MAILDIR = env("INBOUND_MAILDIR", default="")
INBOUND_EMAIL_SECRET = env("INBOUND_EMAIL_SECRET", default="")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# --- Languages (docs/i18n.md, docs/decisions/0180-language-by-cookie.md): English and Welsh.
# The language is chosen by a cookie (set by the header's "English | Cymraeg" links, ``?lang=``)
# and, for members, their account setting; URLs stay the same in both languages.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hub_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

FORMS_URLFIELD_ASSUME_HTTPS = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Sessions are read on every signed-in request: from the cache, written through to the database.
SESSION_ENGINE = "hub.core.sessions"

# --- Security headers that hold everywhere; production.py adds the HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.channels.server": {"level": "WARNING"},
        # One line per job run is noise; failures are logged at ERROR and kept as JobFailure.
        "huey": {"level": env("JOBS_LOG_LEVEL", default="WARNING")},
    },
}

# Markdown rendering is shared by every kind of user content (profiles, posts, comments,
# standards, messages); the limits stop one enormous body from pinning a worker.
MARKDOWN_MAX_CHARS = 100_000
# CPU seconds one render, and all the renders of one request, may take before the text is shown
# escaped as plain paragraphs instead (hub/core/markdown.py explains why some text is costly).
MARKDOWN_RENDER_SECONDS = env.float("MARKDOWN_RENDER_SECONDS", default=0.4)
MARKDOWN_REQUEST_SECONDS = env.float("MARKDOWN_REQUEST_SECONDS", default=0.6)

# --- discussions: live channels (docs/realtime.md)
DISCUSSIONS_MAX_MESSAGE_CHARS = env.int("DISCUSSIONS_MAX_MESSAGE_CHARS", default=4000)
DISCUSSIONS_SEND_RATE = env("DISCUSSIONS_SEND_RATE", default="30/m")
DISCUSSIONS_MAX_SUBSCRIPTIONS = env.int("DISCUSSIONS_MAX_SUBSCRIPTIONS", default=50)
# How often each server process renews its sockets' presence and checks them for missed events
# (hub.discussions.upkeep).
DISCUSSIONS_REFRESH_SECONDS = env.float("DISCUSSIONS_REFRESH_SECONDS", default=15.0)
# Live fan-out (hub.discussions.fanout, decision 0110): presence announced at most once per
# interval per channel; a socket whose send queue holds more than DISCUSSIONS_SOCKET_QUEUE
# events catches up from the database instead; one whose send has not completed within
# DISCUSSIONS_SEND_TIMEOUT seconds (it stopped reading) is closed with 4408. Pub/sub channel
# names are global to a Redis server, so they carry a prefix (default: from REDIS_URL's db).
DISCUSSIONS_PRESENCE_INTERVAL = env.float("DISCUSSIONS_PRESENCE_INTERVAL", default=2.0)
DISCUSSIONS_SOCKET_QUEUE = env.int("DISCUSSIONS_SOCKET_QUEUE", default=256)
DISCUSSIONS_SEND_TIMEOUT = env.float("DISCUSSIONS_SEND_TIMEOUT", default=30.0)
DISCUSSIONS_PUBSUB_PREFIX = env("DISCUSSIONS_PUBSUB_PREFIX", default="")
if REDIS_URL:
    # redis-py 6+ caps an asyncio connection pool at 100 and raises "Too many connections" past
    # it; a few hundred sockets connecting at once (group_add each) exceed that. Redis itself
    # accepts 10,000 clients by default.
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [
        {
            "address": REDIS_URL,
            "max_connections": env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=1000),
        }
    ]
    if env("CHANNEL_LAYER", default="core") == "pubsub":
        # Redis pub/sub: one PUBLISH per group send, fanned out inside each server process
        # (see docs/realtime.md for the measured difference).
        CHANNEL_LAYERS["default"] = {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }

# --- Shared work (hub.sharing): limits on text extracted from uploads for search.
SHARING_EXTRACT_MAX_CHARS = env.int("SHARING_EXTRACT_MAX_CHARS", default=500_000)
SHARING_EXTRACT_SECONDS = env.float("SHARING_EXTRACT_SECONDS", default=20.0)

# --- blog: rate limits, comment edit window, syndication limits and schedule.
BLOG_RATE_LIMITS = {
    "post": env("BLOG_POST_RATE", default="20/h"),
    "comment": env("BLOG_COMMENT_RATE", default="10/m"),
    # A preview renders Markdown and saves nothing, so it is limited on its own.
    "preview": env("BLOG_PREVIEW_RATE", default="20/m"),
}
BLOG_COMMENT_EDIT_MINUTES = 15
BLOG_MAX_FEEDS_PER_MEMBER = 5
BLOG_SYNDICATION_TIMEOUT_SECONDS = 10
BLOG_SYNDICATION_MAX_BYTES = 2 * 1024 * 1024
BLOG_SYNDICATION_MAX_REDIRECTS = 3
BLOG_SYNDICATION_INTERVAL_MINUTES = 60
BLOG_SYNDICATION_RETRY_BASE_MINUTES = 15
BLOG_SYNDICATION_RETRY_MAX_MINUTES = 24 * 60

# --- safe fetching (hub.core.safe_fetch): every URL the server fetches for a member.
# Private, link-local and loopback addresses are always refused. Only tests, whose fixture
# servers listen on 127.0.0.1, turn loopback on; it is deliberately not read from the
# environment, and production settings force it off.
SAFE_FETCH_ALLOW_LOOPBACK = False

# --- standards: machine-readable parts and the validator (issue 13, docs/standards.md).
STANDARDS_PART_MAX_BYTES = 1024 * 1024  # one schema, example or OpenAPI description
STANDARDS_VALIDATION_MAX_BYTES = env.int(
    "STANDARDS_VALIDATION_MAX_BYTES", default=100 * 1024 * 1024
)
STANDARDS_VALIDATION_PASTE_MAX_BYTES = 2 * 1024 * 1024  # under DATA_UPLOAD_MAX_MEMORY_SIZE
# Input larger than this is validated by a background job; the page shows its progress.
STANDARDS_VALIDATION_INLINE_BYTES = env.int("STANDARDS_VALIDATION_INLINE_BYTES", default=512 * 1024)
STANDARDS_VALIDATION_POSITION_BYTES = 5 * 1024 * 1024  # line/column for input up to this size
STANDARDS_VALIDATION_TIMEOUT_SECONDS = 20  # fetching a URL or an endpoint
STANDARDS_VALIDATION_KEEP_DAYS = 90
STANDARDS_VALIDATION_RATE = env("STANDARDS_VALIDATION_RATE", default="30/h")
STANDARDS_ENDPOINT_CHECK_HOURS = 24

# --- moderation
MODERATION_FLAG_RATE = env("MODERATION_FLAG_RATE", default="20/h")

# Community pages (hub/community): panels are cached per filter for this many seconds, so a
# burst of visitors to the public page costs one set of aggregate queries. 0 turns it off.
COMMUNITY_CACHE_SECONDS = env.int("COMMUNITY_CACHE_SECONDS", default=60)

# --- search (issue 6): see docs/search.md.
# Drain the outbox inline after each commit (default: only without Elasticsearch).
SEARCH_INLINE = (
    env.bool("SEARCH_INLINE", default=None) if env("SEARCH_INLINE", default="") else None
)
SEARCH_ELASTICSEARCH_REPLICAS = env.int("SEARCH_ELASTICSEARCH_REPLICAS", default=0)
# A cluster without the analysis-common module (stemmer, stop words, synonyms) is a fatal
# misconfiguration (search.backends.elasticsearch); only test settings may allow it.
SEARCH_ALLOW_REDUCED_ANALYSIS = False

# --- JSON API (hub/api, docs/api.md): requests per caller (token, member or address) per window.
API_RATE_LIMITS = {
    "read": env("API_READ_RATE", default="600/m"),
    "write": env("API_WRITE_RATE", default="60/m"),
}
# Each caller's successful reads are kept this long at most (hub/api/readcache.py, decision
# 0161), under the page cache's content generation; 0 turns the API read cache off.
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)

# --- Whole-page cache for signed-out readers (hub/core/pagecache.py, docs/performance.md).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# URL names whose signed-out copies may be cached. Only public reading pages: nothing that
# shows a form with a CSRF token (those are refused at store time anyway) or per-visitor data.
PAGE_CACHE_URL_NAMES = frozenset(
    env.list(
        "PAGE_CACHE_URL_NAMES",
        default=[
            "home",
            "accessibility",
            "blog:list",
            "blog:post",
            "blog:feed",
            "author_blog",
            "author_blog_feed",
            "standards:list",
            "standards:detail",
            "standards:version",
            "standards:threads",
            "standards:thread",
            "groups:list",
            "groups:detail",
            "discussions:list",
            "discussions:detail",
            "sharing:services",
            "sharing:service",
            "sharing:projects",
            "sharing:project",
            "sharing:artefacts",
            "sharing:artefact",
            "councils:list",
            "councils:detail",
            "search:search",
        ],
    )
)
# A save/delete/m2m change of a model in these apps replaces the content generation...
PAGE_CACHE_CONTENT_APPS = frozenset(
    ["accounts", "councils", "follows", "blog", "moderation", "groups", "standards",
     "discussions", "sharing", "pledges", "taggit"]
)  # fmt: skip
# ...except these, which no signed-out page shows.
PAGE_CACHE_IGNORED_MODELS = frozenset(
    ["discussions.presence", "discussions.readmarker", "moderation.flag"]
)
