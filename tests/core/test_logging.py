"""Log lines are JSON and carry the request id and the tenant schema."""

import json
import logging

import pytest

from core.logging import ContextFilter, JsonFormatter, request_context

pytestmark = pytest.mark.django_db


def _format(record: logging.LogRecord) -> dict:
    ContextFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_log_line_carries_request_context():
    record = logging.makeLogRecord({"msg": "processo criado", "levelname": "INFO"})
    with request_context(request_id="abc123", schema="m3125101", user_id="u-1"):
        line = _format(record)
    assert line["message"] == "processo criado"
    assert line["request_id"] == "abc123"
    assert line["schema"] == "m3125101"
    assert line["user_id"] == "u-1"


def test_outside_a_request_the_connection_schema_is_logged():
    line = _format(logging.makeLogRecord({"msg": "tarefa", "levelname": "INFO"}))
    assert line["schema"] == "public"
    assert "request_id" not in line


def test_responses_carry_a_request_id(tenant_a, client_for):
    response = client_for(tenant_a).get("/api/v1/context/", HTTP_X_REQUEST_ID="req-42")
    assert response["X-Request-ID"] == "req-42"
    assert len(client_for(tenant_a).get("/api/v1/context/")["X-Request-ID"]) == 32
