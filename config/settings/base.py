"""Settings shared by every environment. Values that differ per deployment come from the
environment (12-factor, django-environ); `.env.example` documents each variable."""

from pathlib import Path

import environ
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's own .env and the URLs of the embedded services started by
# `scripts/services.py` (neither overrides a variable already set in the environment).
for env_file in (BASE_DIR / ".env", BASE_DIR / ".local" / "services.env"):
    if env_file.exists():
        env.read_env(str(env_file), overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# --- Hosts -----------------------------------------------------------------------------
# The state (control plane) lives on BASE_DOMAIN; each municipality on <slug>.BASE_DOMAIN.
BASE_DOMAIN = env("BASE_DOMAIN", default="localhost")
STATE_NAME = env("STATE_NAME", default="Governo do Estado de Minas Gerais")
STATE_UF = env("STATE_UF", default="MG")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[BASE_DOMAIN, f".{BASE_DOMAIN}"])

# --- Applications ----------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "accounts",
    "onboarding",
    "tramita",
    "signatures.index",
    "citizens.directory",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "dj_rest_auth",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "social_django",
]
# Apps whose tables exist once per municipality (in every tenant schema).
TENANT_APPS = [
    "core",
    "signatures",
    "citizens",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# Every municipality is a copy of this schema (migrated once per release).
TENANT_BASE_SCHEMA = env("TENANT_BASE_SCHEMA", default="tenant_template")
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
TENANT_LIMIT_SET_CALLS = True
# How long a host → tenant lookup stays cached (invalidated on any domain change).
TENANT_DOMAIN_CACHE_SECONDS = env.int("TENANT_DOMAIN_CACHE_SECONDS", default=300)

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "tenants.middleware.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.hostbound.HostBoundSessionMiddleware",
    "core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
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

WSGI_APPLICATION = "config.wsgi.application"

# --- Database --------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "accounts.govbr.GovBrOpenIdConnect",
    "django.contrib.auth.backends.ModelBackend",
]

# --- gov.br Login Único (OpenID Connect; ../shared/specs/govbr_login.md) ------------------
# Staging: https://sso.staging.acesso.gov.br, production: https://sso.acesso.gov.br;
# `make run`/`make test` start a local fake and set it.
GOVBR_BASE_URL = env("GOVBR_BASE_URL", default="https://sso.staging.acesso.gov.br")
GOVBR_CLIENT_ID = env("GOVBR_CLIENT_ID", default="")
GOVBR_CLIENT_SECRET = env("GOVBR_CLIENT_SECRET", default="")
# The companies a person acts for (scope govbr_empresa; its API lives on gov.br's api.*
# host: https://api.staging.acesso.gov.br, https://api.acesso.gov.br; the fake serves it
# under GOVBR_BASE_URL).
GOVBR_EMPRESA = env.bool("GOVBR_EMPRESA", default=True)
GOVBR_API_URL = env("GOVBR_API_URL", default="") or GOVBR_BASE_URL.replace("://sso.", "://api.", 1)
# Minimum trust level (bronze < prata < ouro) per use.
GOVBR_MIN_LEVEL = {
    "staff": env("GOVBR_MIN_LEVEL_STAFF", default="prata"),
    "sign": env("GOVBR_MIN_LEVEL_SIGN", default="prata"),
    "citizen": env("GOVBR_MIN_LEVEL_CITIZEN", default="bronze"),
}
# --- Citizens (citizens/) ---------------------------------------------------------------
# Key of the HMAC that names a CPF/CNPJ in the state-wide index of where a person is a
# party (citizens.directory). Changing it orphans the index (rebuild it).
CITIZEN_INDEX_KEY = env("CITIZEN_INDEX_KEY", default="") or SECRET_KEY
# A simple signature needs a gov.br login at most this old.
CITIZEN_SIGN_FRESH_SECONDS = env.int("CITIZEN_SIGN_FRESH_SECONDS", default=15 * 60)

# --- Tramita GOV.BR (tramita/) ---------------------------------------------------------
TRAMITA_BASE_URL = env("TRAMITA_BASE_URL", default="")
TRAMITA_CERT_FILE = env("TRAMITA_CERT_FILE", default="")
TRAMITA_KEY_FILE = env("TRAMITA_KEY_FILE", default="")
TRAMITA_CA_FILE = env("TRAMITA_CA_FILE", default="")
# Deployed: the certificate and key read at run time from Secrets Manager (ARNs), cached
# TRAMITA_CREDENTIALS_TTL seconds, so a rotation needs no redeploy (tramita/credentials.py).
TRAMITA_CERT_SECRET = env("TRAMITA_CERT_SECRET", default="")
TRAMITA_KEY_SECRET = env("TRAMITA_KEY_SECRET", default="")
TRAMITA_CREDENTIALS_TTL = env.float("TRAMITA_CREDENTIALS_TTL", default=300.0)
TRAMITA_SECRETS_ENDPOINT_URL = env("TRAMITA_SECRETS_ENDPOINT_URL", default="")
TRAMITA_TIMEOUT = env.float("TRAMITA_TIMEOUT", default=300.0)
TRAMITA_MAX_ATTEMPTS = env.int("TRAMITA_MAX_ATTEMPTS", default=8)
TRAMITA_PART_MB = env.int("TRAMITA_PART_MB", default=50)
TRAMITA_MAX_COMPONENT_MB = env.int("TRAMITA_MAX_COMPONENT_MB", default=200)
TRAMITA_POLL_SECONDS = env.float("TRAMITA_POLL_SECONDS", default=60.0)
TRAMITA_RETRY_SECONDS = env.float("TRAMITA_RETRY_SECONDS", default=30.0)

# --- Signatures: authenticity check and the gov.br signature API (ITI) -------------------
# The address printed on signed documents and in their QR code; {host} is the
# municipality's host.
AUTHENTICITY_URL = env("AUTHENTICITY_URL", default="https://{host}/conferir-autenticidade/")
# ITI (../shared/specs/peticionamento.md §6). Staging: https://cas.staging.iti.br and
# https://assinatura-api.staging.iti.br; `make run`/`make test` start a local fake.
ITI_AUTH_URL = env("ITI_AUTH_URL", default="https://cas.staging.iti.br")
ITI_API_URL = env("ITI_API_URL", default="https://assinatura-api.staging.iti.br")
ITI_CLIENT_ID = env("ITI_CLIENT_ID", default="")
ITI_CLIENT_SECRET = env("ITI_CLIENT_SECRET", default="")
# PEM bundle of the CAs that issue gov.br signing certificates (empty: not checked).
ITI_CA_FILE = env("ITI_CA_FILE", default="")
# PEM bundle of the trusted ICP-Brasil CAs (cloud PSC certificates, scope `icp_brasil`):
# a certificate issued by one of them makes the signature qualified (empty: none is).
ITI_ICP_CA_FILE = env("ITI_ICP_CA_FILE", default="")
ITI_TIMEOUT = env.float("ITI_TIMEOUT", default=30.0)
# Our page explaining how to raise a gov.br account to prata/ouro (shown to bronze users).
GOVBR_UPGRADE_PATH = "/login/govbr/nivel/?para=assinar"

SOCIAL_AUTH_URL_NAMESPACE = "social"
SOCIAL_AUTH_JSONFIELD_ENABLED = True
SOCIAL_AUTH_RAISE_EXCEPTIONS = True  # accounts.views.complete renders them in pt-BR
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "/"
SOCIAL_AUTH_PIPELINE = (
    "social_core.pipeline.social_auth.social_details",
    "social_core.pipeline.social_auth.social_uid",
    "social_core.pipeline.social_auth.auth_allowed",
    "accounts.pipeline.require_cpf_and_level",
    "social_core.pipeline.social_auth.social_user",
    "accounts.pipeline.user_by_cpf",
    "social_core.pipeline.social_auth.associate_user",
    "accounts.pipeline.hand_off",
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- E-mail (console by default; e.g. smtp+tls://user:pass@host:587 in production) ---
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Processo Municipal <nao-responda@localhost>"
)

# --- Documents of processes -------------------------------------------------------------
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_MB", default=100) * 1024 * 1024

# --- Control plane (onboarding) --------------------------------------------------------
ONBOARDING_MAX_UPLOAD_BYTES = env.int("ONBOARDING_MAX_UPLOAD_MB", default=20) * 1024 * 1024
# A case in provisioning with no progress for this long is marked failed (beat).
ONBOARDING_STALE_MINUTES = env.int("ONBOARDING_STALE_MINUTES", default=15)

# --- Cache (per tenant: the key carries the schema) ------------------------------------
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="pm"),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "TIMEOUT": 300,
    }
}

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ("default", "provisioning", "tramita")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "America/Sao_Paulo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Files (S3 through boto3; keys prefixed per tenant) --------------------------------
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="processo-municipal")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="sa-east-1")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
# Requests are signed (SigV4) but their bodies are not hashed into the signature, as
# boto3 already does over HTTPS: an upload carries its own SHA-256 (x-amz-checksum-sha256,
# a signed header that S3 checks against the bytes), so hashing 100 MB once more before
# sending would only add latency. Other writes get boto3's default CRC32 checksum.
AWS_S3_CLIENT_CONFIG = Config(
    signature_version="s3v4",
    s3={
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),
        "payload_signing_enabled": False,
    },
)
# Files up to 64 MB go in one PUT (uploads: from core.uploads' spool); larger ones
# in 16 MB parts, 4 at a time (never held whole in memory either way).
AWS_S3_TRANSFER_CONFIG = TransferConfig(
    multipart_threshold=64 * 1024 * 1024, multipart_chunksize=16 * 1024 * 1024, max_concurrency=4
)
AWS_DEFAULT_ACL = None
# Every key we write embeds a fresh UUID, so no existence check (a HEAD per upload).
AWS_S3_FILE_OVERWRITE = True
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=60)
STORAGES = {
    "default": {"BACKEND": "core.storage.TenantS3Storage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Static files: the built SPA (frontend/dist) is served by WhiteNoise on every host --
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.exists() else []

# --- API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.hostbound.HostTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # dj-rest-auth's views (password login, logout, user) carry the scope `dj_rest_auth`.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "dj_rest_auth": env("PASSWORD_LOGIN_RATE", default="10/min"),
        "public": "120/min",  # public consultation, per client address
    },
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Processo Municipal API",
    "DESCRIPTION": "API do Processo Municipal (processo eletrônico das prefeituras).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
REST_AUTH = {
    "SESSION_LOGIN": True,
    "USE_JWT": False,
    "USER_DETAILS_SERIALIZER": "accounts.serializers.CurrentUserSerializer",
    # Changing a password needs the current one; no password is ever created through the
    # API (docs/architecture.md, "Passwords").
    "OLD_PASSWORD_FIELD_ENABLED": True,
    # API tokens are bound to the host of the login (accounts.hostbound).
    "TOKEN_MODEL": "accounts.models.ApiToken",
    "TOKEN_CREATOR": "accounts.hostbound.create_token",
    "PASSWORD_CHANGE_SERIALIZER": "accounts.serializers.PasswordChangeSerializer",
}

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)")]
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Logging (structured: one JSON object a line, with request id, tenant and user) ----
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logging.ContextFilter"}},
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
