"""Document storage: S3 through boto3 (django-storages), one key prefix per tenant.

Every key is written under `tenants/<schema>/`, where <schema> is the schema of the
connection at the time of the call. A name saved in one municipality therefore resolves,
in another, to a different key that does not exist: a file can never be read across
tenants by reusing its name.
"""

from django.db import connection
from storages.backends.s3 import S3Storage


def tenant_prefix(schema_name: str | None = None) -> str:
    return f"tenants/{schema_name or connection.schema_name}"


class TenantS3Storage(S3Storage):
    @property
    def location(self) -> str:
        return tenant_prefix()

    @location.setter
    def location(self, value) -> None:
        # S3Storage.__init__ assigns the configured location; the tenant decides instead.
        pass


def s3_client():
    """A boto3 S3 client configured like the default storage."""
    from django.core.files.storage import default_storage

    return default_storage.connection.meta.client


def ensure_bucket() -> str:
    """Create the documents bucket if it does not exist yet. Idempotent."""
    from botocore.exceptions import ClientError
    from django.conf import settings

    client = s3_client()
    bucket = settings.AWS_STORAGE_BUCKET_NAME
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        kwargs = {}
        region = settings.AWS_S3_REGION_NAME
        if region and region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        client.create_bucket(Bucket=bucket, **kwargs)
    return bucket
