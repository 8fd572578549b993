"""Upload handling for documents.

`S3UploadHandler` checks an uploaded file while the request body is still being read —
the name when the file starts, the type sniffed from its first chunk, the size limit as
bytes arrive — hashes it (SHA-256) as it reads and stores it on a thread of its own. Up
to the multipart threshold (64 MiB) the file is spooled (in memory up to 24 MiB, on disk
beyond) and sent in one PUT at the end; a larger one switches to a multipart upload
whose parts go to S3 in background threads while the rest is still arriving. Memory
stays bounded either way: the spool or the parts (24 MiB) plus the chunks queued for
the storing thread (8 MiB). A refusal or an interrupted request leaves nothing stored (the
multipart upload is aborted)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import queue
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler
from storages.utils import clean_name

PART_SIZE = 8 * 1024 * 1024
MAX_PARTS_IN_FLIGHT = 2
# What one upload may hold in memory, whatever its size: the parts in flight and the one
# filling. A file up to this size is spooled in memory, a larger one on disk.
MEMORY_PER_UPLOAD = (MAX_PARTS_IN_FLIGHT + 1) * PART_SIZE
SINGLE_PUT_LIMIT = 64 * 1024 * 1024  # as settings.AWS_S3_TRANSFER_CONFIG's threshold


class StoredUpload:
    """What the view gets for a file the handler checked and is putting in S3: `wait()`
    returns once it is stored (or raises), `discard()` makes sure nothing stays."""

    def __init__(self, *, name, key, size, sha256, content_type, pending=None, handler=None):
        self.name, self.key, self.size = name, key, size
        self.sha256, self.content_type = sha256, content_type
        self._pending, self._handler = pending, handler

    def wait(self) -> None:
        if self._pending is not None:
            try:
                self._pending.result()
            finally:
                self._handler.pool.shutdown(wait=True)

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self.wait()
        default_storage.delete(self.key)

    def close(self):  # Django closes uploaded files at the end of the request
        pass


class _Worker:
    """A thread that applies `step` to each chunk it is given, in order. A bounded queue
    bounds memory (and slows the request down to the worker's pace); the first error is
    kept and raised by `finish()` on the request's thread."""

    def __init__(self, step, *, depth: int = 8):
        self.step, self.error = step, None
        self.chunks: queue.Queue = queue.Queue(maxsize=depth)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.step(chunk)
                except BaseException as exc:
                    self.error = exc

    def put(self, chunk: bytes) -> None:
        self.chunks.put(chunk)

    def stop(self) -> None:
        if self.thread is not None:
            self.chunks.put(None)
            self.thread.join()
            self.thread = None

    def finish(self) -> None:
        self.stop()
        if self.error is not None:
            raise self.error


class S3UploadHandler(FileUploadHandler):
    chunk_size = 1024 * 1024

    def __init__(self, request=None, *, key_prefix: str):
        super().__init__(request)
        self.key_prefix = key_prefix.rstrip("/")
        self.upload_id = None
        self.key = None
        self.writer = None

    # -- Django's handler protocol ---------------------------------------------------
    def new_file(
        self,
        field_name,
        file_name,
        content_type,
        content_length,
        charset=None,
        content_type_extra=None,
    ):
        from core.services.documents import check_name

        super().new_file(
            field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        check_name(file_name)
        self.digest = hashlib.sha256()
        # Until the file proves larger than one PUT (closed in file_complete or abort).
        self.spool = tempfile.SpooledTemporaryFile(max_size=MEMORY_PER_UPLOAD)  # noqa: SIM115
        self.buffer = bytearray()
        self.size = 0
        self.mime = self.extension = None
        self.parts, self.futures = [], []
        self.client = default_storage.connection.meta.client
        self.bucket = default_storage.bucket_name
        self.pool = ThreadPoolExecutor(max_workers=MAX_PARTS_IN_FLIGHT + 1)
        self.spooled = 0
        # Storing (and sending, past the single-PUT limit) runs on a thread of its own
        # while this one reads the request and hashes (which releases the GIL).
        self.writer = _Worker(self._store)

    def receive_data_chunk(self, raw_data, start):
        from core.services.documents import check_size, sniff

        if self.mime is None:
            self.mime, self.extension = sniff(bytes(raw_data[:8192]))
            name = f"{self.key_prefix}/{uuid.uuid4()}{self.extension}"
            self.name = clean_name(name)
            self.key = default_storage._normalize_name(self.name)
        self.size += len(raw_data)
        try:
            check_size(self.size, final=False)
        except Exception:
            self.abort()
            raise
        chunk = bytes(raw_data)
        self.digest.update(chunk)
        self.writer.put(chunk)
        return None

    def _store(self, chunk: bytes) -> None:
        if self.spool is not None:
            self.spool.write(chunk)
            if self.spooled + len(chunk) <= SINGLE_PUT_LIMIT:
                self.spooled += len(chunk)
                return
            # Larger than one PUT: send what was spooled as parts, then stream the rest.
            self.spool.seek(0)
            for part in iter(lambda: self.spool.read(PART_SIZE), b""):
                if len(part) < PART_SIZE:
                    self.buffer += part
                else:
                    self._send_part(part)
            self.spool.close()
            self.spool = None
            return
        self.buffer += chunk
        if len(self.buffer) >= PART_SIZE:
            self._send_part(bytes(self.buffer))
            self.buffer = bytearray()

    def file_complete(self, file_size):
        from core.services.documents import check_size

        try:
            self.writer.finish()
            check_size(self.size)
        except BaseException:
            self.abort()
            self.pool.shutdown(wait=True)
            raise
        # The last S3 call runs in the background while the view records the document;
        # the service waits for it before committing (StoredUpload.wait).
        future = self.pool.submit(self._finish_upload)
        return StoredUpload(
            name=self.file_name,
            key=self.name,
            size=self.size,
            sha256=self.digest.hexdigest(),
            content_type=self.mime,
            pending=future,
            handler=self,
        )

    def _finish_upload(self) -> None:
        try:
            if self.spool is not None:  # up to the threshold: one PUT from the spool
                self.spool.seek(0)
                # Our SHA-256 goes along: S3 refuses the object if the bytes it got differ,
                # and boto3 does not read the file once more for a checksum of its own.
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=self.key,
                    Body=self.spool,
                    ContentType=self.mime,
                    ChecksumSHA256=base64.b64encode(self.digest.digest()).decode(),
                )
            else:
                if self.buffer:
                    self._send_part(bytes(self.buffer), wait_slot=False)
                parts = [future.result() for future in self.futures]
                self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=self.key,
                    UploadId=self.upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException:
            self.abort()
            raise
        finally:
            if self.spool is not None:
                self.spool.close()
                self.spool = None

    def upload_interrupted(self):
        self.abort()
        if getattr(self, "pool", None) is not None:
            self.pool.shutdown(wait=True)

    # -- S3 ---------------------------------------------------------------------------
    def _send_part(self, data: bytes, *, wait_slot: bool = True) -> None:
        if self.upload_id is None:
            self.upload_id = self.client.create_multipart_upload(
                Bucket=self.bucket, Key=self.key, ContentType=self.mime
            )["UploadId"]
        number = len(self.futures) + 1
        # Bound memory: wait for the oldest part when too many are in flight.
        if wait_slot and len(self.futures) >= MAX_PARTS_IN_FLIGHT:
            self.futures[-MAX_PARTS_IN_FLIGHT].result()
        self.futures.append(self.pool.submit(self._upload_part, number, data))

    def _upload_part(self, number: int, data: bytes) -> dict:
        response = self.client.upload_part(
            Bucket=self.bucket, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=data
        )
        return {"PartNumber": number, "ETag": response["ETag"]}

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.stop()
        if getattr(self, "spool", None) is not None:
            self.spool.close()
            self.spool = None
        if self.upload_id is not None:
            for future in self.futures:
                future.cancel()
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=self.key, UploadId=self.upload_id
            )
            self.upload_id = None


def receive_body(request, *, key_prefix: str, file_name: str):
    """A file sent as the whole request body (Content-Length required): the same checks
    and streaming as a multipart upload, without a multipart to parse."""
    from core.services.documents import check_size

    length = int(request.META.get("CONTENT_LENGTH") or 0)
    check_size(length)  # empty or over the limit: refused before reading
    handler = S3UploadHandler(request, key_prefix=key_prefix)
    handler.new_file("file", file_name, request.content_type, length)
    try:
        received = 0
        while received < length:
            chunk = request.read(min(handler.chunk_size, length - received))
            if not chunk:
                break
            handler.receive_data_chunk(chunk, received)
            received += len(chunk)
        return handler.file_complete(received)
    except BaseException:
        handler.upload_interrupted()
        raise
