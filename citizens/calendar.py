"""The municipality's calendar for `citizens.deadlines.prazo`: national and state
holidays (the pinned `holidays` package, BR with the state's subdivision), the city's
own holidays and pontos facultativos, and its registered outages."""

from __future__ import annotations

from functools import cache

import holidays
from django.conf import settings

from citizens.deadlines import Calendar, Outage


def state_holidays(uf: str | None = None):
    """National + state holidays; years are filled in lazily on lookup (one object per
    state per process: the package's rules do not change at run time)."""
    return _state_holidays(uf or settings.STATE_UF)


@cache
def _state_holidays(uf: str):
    return holidays.country_holidays("BR", subdiv=uf)


def tenant_calendar() -> Calendar:
    """The current municipality's calendar (reads its schema once)."""
    from django.db import connection

    from citizens.models import MunicipalHoliday
    from citizens.models import Outage as OutageRow
    from tenants.models import Tenant

    tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    municipal = frozenset(MunicipalHoliday.objects.values_list("date", flat=True))
    outages = [
        Outage(start=o.starts_on, end=o.ends_on, extends=o.extends_deadlines)
        for o in OutageRow.objects.all()
    ]
    uf = getattr(tenant, "uf", None) or settings.STATE_UF
    return Calendar.of(state_holidays(uf), municipal, outages=outages)
