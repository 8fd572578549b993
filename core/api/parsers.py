"""Parsers for uploads.

`UploadParser`: multipart parsing that refuses a client file name with directory parts.
Django strips directory parts from uploaded file names ("../../etc/x.pdf" becomes
"x.pdf"). That keeps the server safe, but silently accepts a request a clerk's browser
never sends; we refuse it with the upload service's message instead (and never use
client names in storage keys anyway)."""

import html

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, DataAndFiles, MultiPartParser
from rest_framework.settings import api_settings

from core.services.documents import invalid_file_name


class _KeepSuspiciousNames(DjangoMultiPartParser):
    def sanitize_file_name(self, file_name):
        raw = html.unescape(file_name or "")
        if "/" in raw or "\\" in raw or ".." in raw:
            raise invalid_file_name(raw)
        return super().sanitize_file_name(file_name)


class UploadParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", api_settings.UNICODE_JSON and "utf-8")
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        handlers = request.upload_handlers  # the view installs core.uploads.S3UploadHandler
        try:
            data, files = _KeepSuspiciousNames(meta, stream, handlers, encoding or "utf-8").parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
        return DataAndFiles(data, files)


class UnreadBodyParser(BaseParser):
    """Any content type, body left unread, for a view that streams the body itself (the
    raw upload). DRF consults the parsers whenever `request.POST` is touched, as its CSRF
    check for session logins does, and without a match it answers 415 to a PDF body."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}
