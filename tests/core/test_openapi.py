"""The OpenAPI schema of each host: no two components share a name (a collision makes
drf-spectacular document one endpoint with another's body)."""

import pytest
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS


def _schema(host: str) -> tuple[dict, list[str]]:
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        response = Client(HTTP_HOST=host).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    warnings = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return response.json(), warnings


def _request_schema(schema: dict, path: str) -> dict:
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[-1]
    return schema["components"]["schemas"][name]


def test_send_is_documented_with_its_own_body(tenant_a):
    schema, _ = _schema("extrema.localhost")
    body = _request_schema(schema, "/api/v1/processes/{uuid}/send/")
    assert "units" in body["properties"]
    assert "repository" not in body["properties"] and "structure" not in body["properties"]


@pytest.mark.parametrize("host", ["localhost", "extrema.localhost"])
def test_no_component_name_collisions(host, public_tenant, tenant_a):
    _, warnings = _schema(host)
    collisions = [w for w in warnings if "identical names" in w]
    assert collisions == [], "\n".join(collisions)
