"""The Tramita client certificate and key read at run time from Secrets Manager (the
local moto server here), cached for TRAMITA_CREDENTIALS_TTL seconds: a rotated
certificate is used by the next connections with no redeploy."""

import base64
import os
import uuid
from pathlib import Path

import boto3
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.conf import settings as django_settings

from tests.tramita.conftest import fake_dir
from tramita import credentials, receipts
from tramita.client import TramitaClient


def pem(name: str) -> tuple[str, str]:
    return (
        (fake_dir() / f"{name}.crt").read_text(),
        (fake_dir() / f"{name}.key").read_text(),
    )


@pytest.fixture
def from_secrets(settings):
    client = boto3.client(
        "secretsmanager",
        endpoint_url=django_settings.AWS_S3_ENDPOINT_URL,
        region_name=django_settings.AWS_S3_REGION_NAME,
    )
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    cert, key = pem("processo-municipal")
    arns = [
        client.create_secret(Name=f"{prefix}/tramita-{part}", SecretString=value)["ARN"]
        for part, value in (("certificate", cert), ("private-key", key))
    ]
    settings.TRAMITA_SECRETS_ENDPOINT_URL = django_settings.AWS_S3_ENDPOINT_URL
    settings.TRAMITA_CERT_SECRET, settings.TRAMITA_KEY_SECRET = arns
    settings.TRAMITA_CERT_FILE = settings.TRAMITA_KEY_FILE = "/nonexistent"
    settings.TRAMITA_CREDENTIALS_TTL = 3600
    credentials.forget()
    yield client, arns
    credentials.forget()
    for arn in arns:
        client.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)


def signed_by(cert_pem: str) -> bool:
    text = "<recibo><IDT>1</IDT></recibo>"
    signature = base64.b64decode(receipts.sign(text))
    public = x509.load_pem_x509_certificate(cert_pem.encode()).public_key()
    try:
        public.verify(signature, text.encode(), padding.PKCS1v15(), hashes.SHA256())
    except Exception:
        return False
    return True


def test_the_certificate_comes_from_secrets_and_a_rotation_needs_no_redeploy(
    from_secrets, settings
):
    client, (cert_arn, key_arn) = from_secrets
    ours, foreign = pem("processo-municipal"), pem("orgao-externo")
    cert_file, key_file = credentials.files()
    assert Path(cert_file).read_text() == ours[0] and Path(key_file).read_text() == ours[1]
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    with TramitaClient() as tramita:  # mTLS with the certificate from the secret
        assert {r["id"] for r in tramita.repositories()} >= {1, 31}
    assert signed_by(ours[0])

    # An operator rotates the certificate: put-secret-value, nothing else.
    client.put_secret_value(SecretId=cert_arn, SecretString=foreign[0])
    client.put_secret_value(SecretId=key_arn, SecretString=foreign[1])
    opened = TramitaClient()
    assert credentials.files() == (cert_file, key_file)  # within the cache's lifetime
    settings.TRAMITA_CREDENTIALS_TTL = 0  # ... and once it has expired:
    new_cert, new_key = credentials.files()
    assert Path(new_cert).read_text() == foreign[0] and Path(new_key).read_text() == foreign[1]
    assert signed_by(foreign[0]) and not signed_by(ours[0])
    with TramitaClient() as tramita:
        assert tramita.repositories()
    # A connection opened before the rotation keeps working (its files stay).
    assert opened.repositories()
    opened.close()
