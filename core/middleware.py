import uuid

from django.http import JsonResponse

from core import health
from core.logging import request_context


class HealthCheckMiddleware:
    """`/healthz` (process alive) and `/readyz` (database, Redis, S3) on every host.

    Placed first: it runs before tenant routing and host validation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            ready, checks = health.readiness()
            return JsonResponse(
                {"status": "ok" if ready else "unavailable", "checks": checks},
                status=200 if ready else 503,
            )
        return self.get_response(request)


class RequestContextMiddleware:
    """Puts request id, tenant schema and user id in every log line of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        tenant = getattr(request, "tenant", None)
        user = getattr(request, "user", None)
        with request_context(
            request_id=request_id,
            schema=getattr(tenant, "schema_name", None),
            user_id=str(user.uuid) if user is not None and user.is_authenticated else None,
        ):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
