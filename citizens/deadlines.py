"""Day counting for electronic notices (intimação) and petitions — one pure function.

`prazo(evento, n, unit, kind, calendario)` reproduces the SEI module's
`MdPetIntPrazoRN::calcularDataPrazo` / `calcularDataPrazoPorTipo` (spec
`peticionamento.md` §4), which is also how Lei 9.784 art. 66 reads: the day of the event
is excluded, a last day without office hours moves to the next business day.

- ``D`` + ``C`` (dias corridos; also the tacit deadline): day 1 is the first business day
  after the event; days then run continuously; a non-business day N moves to the next
  business day.
- ``D`` + ``U`` (dias úteis): the N-th business day after the event.
- ``M`` / ``A`` (meses / anos): the first business day after the event plus N months or
  years *data a data* (a missing day becomes the month's last day), moved to a business
  day.

Business day = Monday to Friday, not a holiday or ponto facultativo of the calendar. A
registered outage (indisponibilidade) *com prorrogação* that touches the last day pushes
it to the first business day after the outage ends (Decreto 8.539/2015 art. 7 §2).

Nothing here reads the database or the clock: the calendar is an argument
(`citizens.calendar.tenant_calendar()` builds the municipality's)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

BRASILIA = ZoneInfo("America/Sao_Paulo")

DAYS, MONTHS, YEARS = "D", "M", "A"
CALENDAR_DAYS, BUSINESS_DAYS = "C", "U"


@dataclass(frozen=True)
class Outage:
    """An indisponibilidade of the system, inclusive dates (Brasília)."""

    start: dt.date
    end: dt.date
    extends: bool = True  # "com prorrogação"

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Calendar:
    """Non-business days of one municipality: any container of dates (national and state
    holidays from the `holidays` package, the city's own holidays and pontos
    facultativos), plus its registered outages."""

    closed: tuple[Container[dt.date], ...] = ()
    outages: tuple[Outage, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, *closed: Iterable[dt.date] | Container[dt.date], outages=()) -> Calendar:
        return cls(
            closed=tuple(c if hasattr(c, "__contains__") else frozenset(c) for c in closed),
            outages=tuple(outages),
        )

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not any(day in c for c in self.closed)

    def next_business_day(self, day: dt.date) -> dt.date:
        """The first business day strictly after `day`."""
        day += dt.timedelta(days=1)
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def on_or_after(self, day: dt.date) -> dt.date:
        return day if self.is_business_day(day) else self.next_business_day(day)

    def extended_end(self, day: dt.date) -> dt.date:
        """A last day on a non-business day or inside an outage com prorrogação moves to
        the first business day after (repeated: an outage can end on a Friday)."""
        day = self.on_or_after(day)
        moved = True
        while moved:
            moved = False
            for outage in self.outages:
                if outage.extends and outage.covers(day):
                    day = self.next_business_day(outage.end)
                    moved = True
        return day


def _add_months(day: dt.date, months: int) -> dt.date:
    """Data a data: the same day `months` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def prazo(evento: dt.date, n: int, unit: str, kind: str, calendario: Calendar) -> dt.date:
    """The last day of a deadline of `n` `unit`s (D, M, A) counted as `kind` (C corridos,
    U úteis; only meaningful for D) from the date of `evento` (expedição, cumprimento).
    The deadline ends at 23:59:59 Brasília of the returned date (`end_of_day`)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if unit == DAYS and kind == BUSINESS_DAYS:
        day = evento
        for _ in range(n):
            day = calendario.next_business_day(day)
        return calendario.extended_end(day)
    start = calendario.next_business_day(evento)  # day 1
    if unit == DAYS:
        if kind != CALENDAR_DAYS:
            raise ValueError(f"unknown kind {kind!r}")
        end = start + dt.timedelta(days=n - 1)
    elif unit == MONTHS:
        end = _add_months(start, n)
    elif unit == YEARS:
        end = _add_months(start, 12 * n)
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return calendario.extended_end(end)


def cumprimento_date(consulted_at: dt.datetime, calendario: Calendar) -> dt.date:
    """Data de cumprimento of a consultation: its day (Brasília) if a business day, else
    the next business day."""
    return calendario.on_or_after(consulted_at.astimezone(BRASILIA).date())


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 Brasília of `day`, as an aware datetime: how a deadline's end is shown
    (an act is timely until the next day begins, see `is_timely`)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=BRASILIA)


def day_after_begins(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=BRASILIA)


def is_timely(at: dt.datetime, last_day: dt.date, calendario: Calendar | None = None) -> bool:
    """Was an act committed at `at` within a deadline whose last day is `last_day`? With a
    calendar, an outage com prorrogação on the last day extends it (art. 7 §2)."""
    if calendario is not None:
        last_day = calendario.extended_end(last_day)
    return at < day_after_begins(last_day)
