"""Settings for `make test`: the same real services as dev, in their own namespaces
(test database, Redis db, bucket) so a running `make run` is never disturbed."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-secret-key")

from config.settings.base import *  # noqa: F403
from config.settings.base import env


def _redis_db(url: str, db: int) -> str:
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{db}"


DEBUG = False
TEST_REDIS_DB = env.int("TEST_REDIS_DB", default=9)
REDIS_URL = _redis_db(REDIS_URL, TEST_REDIS_DB)  # noqa: F405
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "pm-test"  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
AWS_STORAGE_BUCKET_NAME = env("TEST_AWS_STORAGE_BUCKET_NAME", default="processo-municipal-test")
TENANT_BASE_SCHEMA = "tenant_template"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOG_LEVEL = "WARNING"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tramita: short waits so retries and timeouts happen within a test.
TRAMITA_TIMEOUT = env.float("TEST_TRAMITA_TIMEOUT", default=2.0)
TRAMITA_RETRY_SECONDS = 0.1
TRAMITA_POLL_SECONDS = 1.0
AUTHENTICITY_URL = "http://{host}/conferir-autenticidade/"
ITI_TIMEOUT = 10.0
