"""Settings shared by every environment; each value comes from the environment.

`local` adds development defaults, `production` insists on real values, `test` tunes for speed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE

# ModelAdmin[Article] and the like, as django-stubs types them, work at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# What the embedded default keeps on disk: the SQLite database, mail, uploads, and the Celery
# broker's folder and schedule (local.py).
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",  # article revisions: articles/revisions.py
    "health_check",  # /health/ for load balancers: config/web/health.py
    "accounts",
    "articles",
    "companies",  # below the forum: the companies and tickers readers name
    "forum",
    "forum.discussions",
    "forum.moderation",
    "forum.notifications",
    "forum.search",  # above articles, accounts and the discussions: it reads them all
    "forum.company_pages",  # above companies, articles and the discussions: it joins them
]

MIDDLEWARE = [
    "django_permissions_policy.PermissionsPolicyMiddleware",  # outermost: every answer has it
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CsrfViewMiddleware: see its docstring.
    "config.web.cached_html.CsrfPlaceholderMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.web.middleware.PrivateResponsesMiddleware",  # after AuthenticationMiddleware
    "accounts.middleware.VisitDaysMiddleware",  # after AuthenticationMiddleware
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # allauth's headless views read JSON bodies themselves: the same limits as our API's.
    "config.web.json_input.HeadlessJSONLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_NAME = "Rare Earth Exchanges"

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
                "config.context_processors.site",
                "accounts.context_processors.account_notice",
                "forum.moderation.context_processors.moderation",
                "forum.notifications.context_processors.notifications",
            ],
        },
    },
    {
        # For what a page renders thousands of times, a comment: see
        # forum/discussions/comment_html.py. Autoescaping is on (Django's default for Jinja2).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "config.web.jinja2_environment.environment"},
    },
]

# The embedded default is a SQLite file under var/; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept between requests (a new PostgreSQL connection costs more than most of
# our pages) and checked before reuse, so a restarted server costs one failed check, not an
# error page. DATABASE_CONN_MAX_AGE=0 opens one per request, as Django does by default; options
# in DATABASE_URL (?conn_max_age=0) win over both.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker (make run starts both) write to the same file.
    # Write-ahead logging lets pages read while the worker writes. A transaction takes the
    # write lock when it begins (IMMEDIATE): one that first read and then wanted to write
    # would otherwise fail at once with "database is locked" when another process had written
    # in between, which no timeout can cure; now it waits, up to `timeout` seconds.
    DATABASES["default"].setdefault("OPTIONS", {})
    for option, value in {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }.items():
        DATABASES["default"]["OPTIONS"].setdefault(option, value)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Redis, when configured, is the cache and the Celery broker. Without it the cache is local
# memory and the broker is the local settings' folder under var/ (local.py), or the in-memory
# one elsewhere, with which Celery runs every task eagerly, in-process: a broker in this
# process's memory is out of any worker's reach.
REDIS_URL = env.str("REDIS_URL", default="")
# The cache gets a Redis database of its own (REDIS_CACHE_URL, or the broker's database + 1),
# so clearing the cache can never drop queued tasks.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="")
if REDIS_URL and not REDIS_CACHE_URL:
    _broker = urlsplit(REDIS_URL)
    _broker_db = int(_broker.path.strip("/") or 0)
    REDIS_CACHE_URL = urlunsplit(_broker._replace(path=f"/{_broker_db + 1}"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
# Eager tasks behave as queued ones would: a failing task (say, a mail server down) is logged
# and retried by its own policy, never turned into an error in the request that queued it.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The digest goes out daily at 07:00 UTC; NOTIFICATIONS_DIGEST_EVERY_SECONDS sends it that
# often instead, to see one without waiting for the morning (and for tests).
NOTIFICATIONS_DIGEST_EVERY_SECONDS = env.float("NOTIFICATIONS_DIGEST_EVERY_SECONDS", default=0)
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "forum.notifications.tasks.notifications_sweep_task",
        "schedule": 60.0,
    },
    "moderation-queue-alerts": {
        "task": "forum.moderation.tasks.moderation_queue_alert_task",
        "schedule": 15 * 60.0,
    },
    "moderation-push-watches-prune": {
        "task": "forum.moderation.tasks.push_watches_prune_task",
        "schedule": 60 * 60.0,
    },
    "moderation-reminders": {
        "task": "forum.moderation.tasks.moderation_reminders_send_task",
        "schedule": 60 * 60.0,
    },
    "notifications-digest": {
        "task": "forum.notifications.tasks.notifications_digest_send_task",
        "schedule": NOTIFICATIONS_DIGEST_EVERY_SECONDS or crontab(hour=7, minute=0),
    },
}

# Notifications. SITE_URL makes the links in mails absolute.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATIONS_SWEEP_GRACE_SECONDS = 60
NOTIFICATIONS_EMAIL_MAX_RETRIES = 5
MODERATION_REMINDER_HOURS = 24

# Email: EMAIL_URL (e.g. smtp://user:pass@host:587) in production; files under var/mail locally.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
else:
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Rare Earth Exchanges <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content-Security-Policy (django-csp): scripts only from this site, never inline; no framing.
# Inline style attributes stay allowed: Swagger UI and the admin set them, and styles cannot
# run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
# Permissions-Policy (django-permissions-policy): no page uses a device, payment or tracking
# feature, so none may, nor any frame. Names are checked against the package's list of
# features, so a typo fails at start-up instead of silently allowing a feature.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Accounts (django-allauth). Readers sign up with email, handle and password and log in once
# their address is verified. Mandatory verification is also what lets allauth answer a sign-up
# with a registered address exactly as any other (no account enumeration); accounts.permissions
# still refuses posts from any account without a verified address (e.g. made in the shell).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_USERNAME_BLACKLIST = [
    "admin", "administrator", "moderator", "moderators", "editor", "staff", "support",
    "rareearthexchanges", "deleted", "deleted_user", "system", "root",
]  # fmt: skip
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults stay on; only the per-address cooldown on resending mail is named.
    "confirm_email": "1/3m/key",
}
HEADLESS_CLIENTS = ("browser", "app")
# Serves /_allauth/openapi.json, which /api/docs/auth/ shows (config/urls.py).
HEADLESS_SERVE_SPECIFICATION = True

# The API: DRF and its OpenAPI schema (config/settings/api.py).
from config.settings.api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401

ARTICLES_PER_PAGE = 10

# Discussions.
FORUM_MAX_DEPTH = env.int("FORUM_MAX_DEPTH", default=4)  # visible levels of replies
FORUM_EDIT_WINDOW_MINUTES = env.int("FORUM_EDIT_WINDOW_MINUTES", default=15)
FORUM_POST_MIN_LENGTH = 2
FORUM_POST_MAX_LENGTH = 10_000
FORUM_POST_RATE = (env.int("FORUM_POSTS_PER_MINUTE", default=6), 60)  # posts, seconds
FORUM_THREADS_PER_PAGE = 20
# How long a rendering of threads may stay cached (forum/discussions/threads_html.py); new
# versions replace it long before that whenever the discussion changes.
FORUM_THREADS_CACHE_SECONDS = env.int("FORUM_THREADS_CACHE_SECONDS", default=24 * 60 * 60)
# The whole article page as logged-out visitors see it (articles/views.py): a new comment or an
# edit of the article replaces it at once; this bounds what its key does not follow (a tag or
# an author renamed).
ARTICLE_PAGE_CACHE_SECONDS = env.int("ARTICLE_PAGE_CACHE_SECONDS", default=5 * 60)
# Moderation.
FORUM_PREMODERATE_FIRST_POSTS = env.int("FORUM_PREMODERATE_FIRST_POSTS", default=1)
FORUM_STANDING_POSTS = 3  # approved posts that give an author standing
FORUM_MAX_LINKS_WITHOUT_STANDING = 2
FORUM_DUPLICATE_WINDOW_MINUTES = 5
FORUM_REPORT_THRESHOLD = 3  # open reports from distinct readers that hide a post for review
FORUM_REPORTS_PER_HOUR = 10
FORUM_SPAM_SUSPENSION_DAYS = 7
# Trust levels (forum/moderation/trust.py): 0 new, 1 basic, 2 member, 3 trusted. What each level
# above 0 takes; an author holds the highest whose every figure they meet. "max_upheld_reports"
# is how many of their posts may have been taken down on readers' reports.
FORUM_TRUST_LEVELS = {
    1: {"approved_posts": 1, "account_days": 0, "visit_days": 0, "max_upheld_reports": 2},
    2: {"approved_posts": 3, "account_days": 3, "visit_days": 2, "max_upheld_reports": 1},
    3: {"approved_posts": 30, "account_days": 60, "visit_days": 20, "max_upheld_reports": 0},
}
FORUM_TRUST_LEVEL_UNREVIEWED = 1  # the level that posts without review
FORUM_TRUST_LEVEL_LINKS = 2  # the level that posts any number of links
# How many reports a reader's report counts for, by their level (FORUM_REPORT_THRESHOLD).
FORUM_TRUST_REPORT_WEIGHTS = {0: 1, 1: 1, 2: 2, 3: 3}
# Coordinated pushes (forum/moderation/coordinated.py): this many accounts younger than
# COORDINATED_PUSH_ACCOUNT_AGE_DAYS naming one ticker within COORDINATED_PUSH_WINDOW_MINUTES,
# or the same text (at least COORDINATED_PUSH_MIN_TEXT_LENGTH letters and digits) from two
# accounts, raise one alert and hold the later posts.
COORDINATED_PUSH_ACCOUNTS = env.int("COORDINATED_PUSH_ACCOUNTS", default=3)
COORDINATED_PUSH_ACCOUNT_AGE_DAYS = env.int("COORDINATED_PUSH_ACCOUNT_AGE_DAYS", default=14)
COORDINATED_PUSH_WINDOW_MINUTES = 60
COORDINATED_PUSH_MIN_TEXT_LENGTH = 40
FORUM_MODERATION_PAGE_SIZE = 25
FORUM_TOPICS_PER_PAGE = 30
# Search (forum/search/).
SEARCH_RESULTS_PER_PAGE = 20
# A search finds at most this many, best first (or newest), and says "more than" when the
# index holds more matches: forum/search/hits.py. No page beyond them is offered.
SEARCH_COUNT_CAP = 1_000
# A company's page: its comments a page at a time, and its latest articles.
COMPANY_COMMENTS_PER_PAGE = 20
COMPANY_ARTICLES_SHOWN = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # One line per task is noise in the web process's log when tasks run eagerly.
    "loggers": {"celery.app.trace": {"level": "WARNING"}},
}
