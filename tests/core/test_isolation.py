"""Data written in municipality A is invisible from municipality B: through the ORM,
the API, the cache and storage keys (tenancy rules 4, 6 and 11)."""

import boto3
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context

from core import services
from core.models import Unit
from core.storage import s3_client

pytestmark = pytest.mark.django_db


def test_orm_rows_stay_in_their_schema(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        unit = services.create_unit(name="Secretaria de Saúde", acronym="SMS")
    with tenant_context(tenant_b):
        assert not Unit.objects.filter(uuid=unit.uuid).exists()
        assert Unit.objects.count() == 0
        # The same acronym is free in B: constraints are per municipality.
        services.create_unit(name="Secretaria de Saúde", acronym="SMS")
    with tenant_context(tenant_a):
        assert Unit.objects.get(uuid=unit.uuid).name == "Secretaria de Saúde"


def test_api_never_shows_another_citys_rows(tenant_a, tenant_b, client_for, make_user):
    user = make_user()
    with tenant_context(tenant_a):
        unit = services.create_unit(name="Secretaria de Obras", acronym="SMO")

    on_a, on_b = client_for(tenant_a, user), client_for(tenant_b, user)
    assert [u["id"] for u in on_a.get("/api/v1/units/").json()["results"]] == [str(unit.uuid)]
    assert on_b.get("/api/v1/units/").json()["results"] == []
    assert on_a.get(f"/api/v1/units/{unit.uuid}/").status_code == 200
    # A's id used on B's host: not found (never "forbidden", which would leak existence).
    assert on_b.get(f"/api/v1/units/{unit.uuid}/").status_code == 404


def test_api_requires_login(tenant_a, client_for):
    response = client_for(tenant_a).get("/api/v1/units/")
    assert response.status_code == 403
    assert response.json()["detail"]  # a pt-BR message from DRF's catalogue
    assert "credenciais" in response.json()["detail"].lower()


def test_cache_entries_are_per_tenant(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        cache.set("inbox-count", 7)
        assert cache.get("inbox-count") == 7
    with tenant_context(tenant_b):
        assert cache.get("inbox-count") is None
        cache.set("inbox-count", 3)
    with tenant_context(tenant_a):
        assert cache.get("inbox-count") == 7
    assert cache.get("inbox-count") is None  # nor on the state


def test_cache_keys_carry_the_schema(tenant_a):
    with tenant_context(tenant_a):
        key = cache.make_key("inbox-count")
    assert key.startswith(f"{tenant_a.schema_name}:")


def test_storage_keys_are_prefixed_and_unreachable_from_another_city(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        name = default_storage.save("documents/oficio.txt", ContentFile(b"segredo de A"))
    try:
        keys = [
            o["Key"]
            for o in s3_client()
            .list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix="tenants/")
            .get("Contents", [])
        ]
        assert f"tenants/{tenant_a.schema_name}/{name}" in keys

        with tenant_context(tenant_b):
            assert not default_storage.exists(name)
            with pytest.raises(FileNotFoundError):
                default_storage.open(name).read()
            # Path tricks cannot climb out of B's prefix either.
            traversal = f"../{tenant_a.schema_name}/{name}"
            with pytest.raises(Exception):  # noqa: B017 - SuspiciousFileOperation
                default_storage.open(traversal).read()
        with tenant_context(tenant_a):
            assert default_storage.open(name).read() == b"segredo de A"
    finally:
        with tenant_context(tenant_a):
            default_storage.delete(name)


def test_presigned_urls_point_inside_the_tenant_prefix(tenant_a):
    with tenant_context(tenant_a):
        url = default_storage.url("documents/x.pdf")
    assert f"/tenants/{tenant_a.schema_name}/documents/x.pdf" in url
    assert "X-Amz-Signature" in url


def test_storage_uses_the_configured_s3_server():
    client = boto3.client(
        "s3",
        endpoint_url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY,
    )
    client.head_bucket(Bucket=settings.AWS_STORAGE_BUCKET_NAME)
