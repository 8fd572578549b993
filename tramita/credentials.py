"""The system's Tramita client certificate and private key, as files for TLS and for
signing receipts.

* Locally and in tests: the files named by TRAMITA_CERT_FILE / TRAMITA_KEY_FILE.
* Deployed: TRAMITA_CERT_SECRET / TRAMITA_KEY_SECRET name two AWS Secrets Manager
  secrets (ARNs); they are read at run time by the task's own role and cached for
  TRAMITA_CREDENTIALS_TTL seconds in each process. A rotated certificate (`put-secret-value`)
  is therefore used by every new connection within that time, with no new image and no
  redeploy: nothing is baked into the image or into the task definition. The PEMs are
  written to a private directory under the temp dir (the container's only writable
  path), one pair of files per content, so a connection opened with the old pair keeps
  working while the new pair is in use.

Why not ECS `secrets` (environment variables injected at start): those are read once
per task, so a rotation would need a forced new deployment of web and worker, and the
worker may be in the middle of a long upload. Why not no cache: two Secrets Manager
calls per Tramita connection (hundreds per minute at volume) for a value that changes
once a year or so.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings

_lock = threading.Lock()
_cache: dict = {"at": None, "files": None, "key": None}


def _secrets_client():
    import boto3

    return boto3.client(
        "secretsmanager",
        endpoint_url=settings.TRAMITA_SECRETS_ENDPOINT_URL or None,
        region_name=os.environ.get("AWS_REGION") or settings.AWS_S3_REGION_NAME,
    )


def _directory() -> Path:
    path = Path(tempfile.gettempdir()) / f"tramita-credentials-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def _write(directory: Path, content: str, suffix: str) -> str:
    data = content.encode()
    path = directory / f"{hashlib.sha256(data).hexdigest()[:24]}.{suffix}"
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    return str(path)


def _from_secrets() -> tuple[str, str]:
    client = _secrets_client()
    cert = client.get_secret_value(SecretId=settings.TRAMITA_CERT_SECRET)["SecretString"]
    key = client.get_secret_value(SecretId=settings.TRAMITA_KEY_SECRET)["SecretString"]
    directory = _directory()
    return _write(directory, cert, "crt"), _write(directory, key, "key")


def files() -> tuple[str, str]:
    """(certificate file, key file) to use now."""
    if not (settings.TRAMITA_CERT_SECRET and settings.TRAMITA_KEY_SECRET):
        return settings.TRAMITA_CERT_FILE, settings.TRAMITA_KEY_FILE
    source = (settings.TRAMITA_CERT_SECRET, settings.TRAMITA_KEY_SECRET)
    with _lock:
        fresh = (
            _cache["files"] is not None
            and _cache["key"] == source
            and time.monotonic() - _cache["at"] < settings.TRAMITA_CREDENTIALS_TTL
        )
        if not fresh:
            _cache.update(files=_from_secrets(), at=time.monotonic(), key=source)
        return _cache["files"]


def key_file() -> str:
    return files()[1]


def forget() -> None:
    """Drop the cache (tests; or an operator's shell after a rotation)."""
    with _lock:
        _cache.update(at=None, files=None, key=None)
