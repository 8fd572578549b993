from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core import selectors
from core.api.process_serializers import UnitInput
from core.api.process_views import IsMunicipalStaff, save_unit
from core.api.serializers import ContextSerializer, UnitSerializer
from tenants.uf import UF


def _role(tenant, user) -> str:
    """What the SPA should open for this person here, so it never probes a staff
    endpoint (a 403 in the console) to find out."""
    if tenant.is_public:
        return "coordinator" if user.is_coordinator else "citizen"
    from core.services.staff import current_staff

    return "staff" if current_staff(user) is not None else "citizen"


class ContextView(APIView):
    """Where am I? The current host's municipality (or the state) and the signed-in user."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ContextSerializer)
    def get(self, request):
        tenant = request.tenant
        user = request.user if request.user.is_authenticated else None
        data = {
            "kind": "state" if tenant.is_public else "municipality",
            "name": tenant.name,
            "state_name": UF(settings.STATE_UF if tenant.is_public else tenant.uf).label,
            "ibge_code": tenant.ibge_code,
            "slug": None if tenant.is_public else tenant.slug,
            "user": user,
        }
        if user is not None:
            user.auth_method = request.session.get("auth_method", "password")
            user.trust_level = request.session.get("auth_level")
            user.role = _role(tenant, user)
        return Response(ContextSerializer(data).data)


class UnitListView(generics.ListAPIView):
    """The organisational chart; municipal admins add units (POST)."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        return selectors.units_visible_to(self.request.user)

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsMunicipalStaff()]
        return super().get_permissions()

    @extend_schema(request=UnitInput, responses={201: UnitSerializer})
    def post(self, request):
        return save_unit(request)


class UnitDetailView(generics.RetrieveAPIView):
    """One unit; municipal admins change it (PATCH with the whole unit)."""

    serializer_class = UnitSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "unit_id"

    def get_queryset(self):
        return selectors.units_visible_to(self.request.user)

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [IsMunicipalStaff()]
        return super().get_permissions()

    @extend_schema(request=UnitInput, responses=UnitSerializer)
    def patch(self, request, unit_id):
        return save_unit(request, unit_id=unit_id)
