"""Components in S3, streamed: read by ranges in small chunks, written by multipart
upload while hashing. Keys are always under the municipality's `tenants/<schema>/`."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from core.storage import s3_client, tenant_prefix

CHUNK = 1 << 20  # 1 MiB read size
PART = 8 << 20  # S3 multipart part size (S3's minimum is 5 MiB)


def key_for(schema: str, name: str) -> str:
    return f"{tenant_prefix(schema)}/{name}"


def read(key: str, begin: int | None = None, end: int | None = None) -> Iterator[bytes]:
    """The object's bytes [begin, end) in chunks of at most 1 MiB."""
    kwargs = {"Bucket": settings.AWS_STORAGE_BUCKET_NAME, "Key": key}
    if begin is not None:
        kwargs["Range"] = f"bytes={begin}-{end - 1}"
    body = s3_client().get_object(**kwargs)["Body"]
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


@dataclass
class Written:
    key: str
    size: int
    sha256_hex: str

    @property
    def sha256_b64(self) -> str:
        return base64.b64encode(bytes.fromhex(self.sha256_hex)).decode()


def write(key: str, chunks: Iterable[bytes], *, limit: int | None = None) -> Written:
    """Store a stream under `key`, hashing it on the way; at most one part in memory.
    Going over `limit` bytes aborts and leaves nothing behind (ValueError)."""
    client, bucket = s3_client(), settings.AWS_STORAGE_BUCKET_NAME
    digest, size, buffer = hashlib.sha256(), 0, bytearray()
    upload_id, parts = None, []

    def send_part() -> None:
        number = len(parts) + 1
        answer = client.upload_part(
            Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=bytes(buffer)
        )
        parts.append({"ETag": answer["ETag"], "PartNumber": number})
        buffer.clear()

    try:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                raise ValueError(f"component larger than {limit} bytes")
            buffer += chunk
            if len(buffer) >= PART:
                if upload_id is None:
                    upload_id = client.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
                send_part()
        if upload_id is None:
            client.put_object(Bucket=bucket, Key=key, Body=bytes(buffer))
        else:
            if buffer:
                send_part()
            client.complete_multipart_upload(
                Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
    except BaseException:
        if upload_id is not None:
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise
    return Written(key=key, size=size, sha256_hex=digest.hexdigest())


def delete(key: str) -> None:
    s3_client().delete_object(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Key=key)
