"""The one place where the request's Host chooses the municipality (and its schema)."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django_tenants.middleware.main import TenantMainMiddleware

from tenants import routing
from tenants.models import Tenant


class TenantMiddleware(TenantMainMiddleware):
    """django-tenants' middleware with a cached host lookup and pt-BR error pages.

    Unknown hosts get a 404 page and never fall back to the state site; a suspended
    municipality gets a 503 page.
    """

    def get_tenant(self, domain_model, hostname):
        tenant = routing.tenant_for_host(hostname)
        if tenant is None:
            raise domain_model.DoesNotExist(hostname)
        return tenant

    def process_request(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            # Not one of our hosts at all: the same pt-BR page, without echoing the name.
            return self._not_found(hostname="")
        response = super().process_request(request)
        if response is None and request.tenant.status == Tenant.Status.SUSPENDED:
            html = render_to_string("tenants/suspended.html", {"tenant": request.tenant})
            return HttpResponse(html, status=503)
        return response

    def no_tenant_found(self, request, hostname):
        return self._not_found(hostname=hostname)

    @staticmethod
    def _not_found(*, hostname: str):
        html = render_to_string(
            "tenants/unknown_host.html",
            {"hostname": hostname, "base_domain": settings.BASE_DOMAIN},
        )
        return HttpResponseNotFound(html)
