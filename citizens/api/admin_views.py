"""The municipal admin's calendar screen: removing a city's holiday or outage, and the
national and state holidays of a year (read-only: the `holidays` package data that the
day counting uses), so a clerk sees the whole calendar deadlines count with."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from citizens.deadlines import BRASILIA
from citizens.errors import CitizenError
from citizens.models import MunicipalHoliday, Outage
from citizens.services import admin as admin_services
from core.api.process_views import StaffView


class HolidayDetail(StaffView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, uuid):
        holiday = get_object_or_404(MunicipalHoliday, uuid=uuid)
        admin_services.remove_holiday(admin=request.staff, holiday=holiday)
        return Response(status=204)


class OutageDetail(StaffView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, uuid):
        outage = get_object_or_404(Outage, uuid=uuid)
        admin_services.remove_outage(admin=request.staff, outage=outage)
        return Response(status=204)


def national_and_state_holidays(year: int, uf: str) -> list[dict]:
    """Every national and state holiday of `year`, in pt-BR, each with its scope."""
    import holidays

    national = holidays.country_holidays("BR", years=year, language="pt_BR")
    state = holidays.country_holidays("BR", subdiv=uf, years=year, language="pt_BR")
    rows = []
    for day in sorted(state):
        national_names = set(national.get_list(day)) if day in national else set()
        for name in state.get_list(day):
            scope = "national" if name in national_names else "state"
            rows.append({"date": day, "name": name, "scope": scope})
    return rows


class StateHolidays(StaffView):
    """National and state holidays of a year (the city's UF), read-only."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        raw = request.query_params.get("year") or str(timezone.now().astimezone(BRASILIA).year)
        if not raw.isdigit() or not 1900 <= int(raw) <= 2100:
            raise CitizenError("year_invalid", "Informe um ano entre 1900 e 2100.")
        uf = getattr(request.tenant, "uf", None) or settings.STATE_UF
        year = int(raw)
        return Response({"year": year, "uf": uf, "results": national_and_state_holidays(year, uf)})
