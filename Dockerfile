# syntax=docker/dockerfile:1
# The one image of the platform: ECS runs it as web (gunicorn, the default command),
# worker and beat (celery) and the one-off migrate task (`manage.py bootstrap`).
# Build: docker build -t processo-municipal:$(git rev-parse --short HEAD) .

# --- 1. Frontend: the SPA built into frontend/dist ------------------------------------------
FROM node:20.19-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
# `npm install` installs exactly the locked versions (see the Makefile for why not `npm ci`).
RUN npm install --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npm run build

# --- 2. Python dependencies: the runtime pins of pyproject.toml, versions from the lock -----
FROM python:3.11.14-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml requirements.lock ./
# requirements.lock also freezes the dev tools (embedded services, test runner); the image
# installs only [project].dependencies, constrained to the locked versions.
RUN python -m venv /opt/venv \
    && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > runtime.txt \
    && /opt/venv/bin/pip install -r runtime.txt -c requirements.lock

# --- 3. Runtime ---------------------------------------------------------------------------
FROM python:3.11.14-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY --chown=root:root . .
COPY --from=frontend --chown=root:root /src/frontend/dist ./frontend/dist
# Static files are collected at build time (WhiteNoise serves them); the settings need
# placeholders for values that only matter at run time.
RUN DJANGO_SECRET_KEY=collectstatic-only \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q /app
# Code and static files belong to root; the process runs as an unprivileged user and
# (on ECS) with a read-only root file system plus a writable /tmp.
USER app
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3).status != 200)"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-tmp-dir", "/tmp", "--access-logfile", "-"]
