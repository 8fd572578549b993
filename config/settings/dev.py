"""Local development (`make run`)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-change-me")

from config.settings.base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)  # noqa: F405
INSTALLED_APPS += []  # noqa: F405

# Static files straight from frontend/dist (no collectstatic in development).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Signed documents printed locally point to the development server.
AUTHENTICITY_URL = env("AUTHENTICITY_URL", default="http://{host}:8000/conferir-autenticidade/")  # noqa: F405
