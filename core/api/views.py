from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core import selectors
from core.api.serializers import ContextSerializer, UnitSerializer
from tenants.uf import UF


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
        return Response(ContextSerializer(data).data)


class UnitListView(generics.ListAPIView):
    serializer_class = UnitSerializer

    def get_queryset(self):
        return selectors.units_visible_to(self.request.user)


class UnitDetailView(generics.RetrieveAPIView):
    serializer_class = UnitSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "unit_id"

    def get_queryset(self):
        return selectors.units_visible_to(self.request.user)
