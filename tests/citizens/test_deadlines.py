"""Golden tests of the one day-counting function against every example of the spec
(peticionamento.md §4 and §8 scenarios 4, 7, 8), with the real BR-MG holidays."""

import datetime as dt

import pytest

from citizens.calendar import state_holidays
from citizens.deadlines import (
    BRASILIA,
    Calendar,
    Outage,
    cumprimento_date,
    end_of_day,
    is_timely,
    prazo,
)

D = dt.date
MG = state_holidays("MG")
NO_HOLIDAYS = Calendar.of(MG)  # March 2025 has none in BR-MG (Carnaval is optional)


def test_march_2025_has_no_national_or_state_holiday():
    assert all(D(2025, 3, day) not in MG for day in range(1, 32))


# Scenario 7: tacit deadline of 10 days from the expedição.
def test_expedicao_friday_tacit_10_ends_wednesday():
    assert prazo(D(2025, 3, 7), 10, "D", "C", NO_HOLIDAYS) == D(2025, 3, 19)


def test_municipal_holiday_on_the_last_day_moves_it():
    calendar = Calendar.of(MG, {D(2025, 3, 19)})
    assert prazo(D(2025, 3, 7), 10, "D", "C", calendar) == D(2025, 3, 20)


def test_last_day_on_saturday_moves_to_monday():
    assert prazo(D(2025, 3, 5), 10, "D", "C", NO_HOLIDAYS) == D(2025, 3, 17)


# Scenario 8: consultation on a Saturday; response deadlines from the cumprimento.
def test_consultation_on_saturday_is_fulfilled_monday():
    saturday_noon = dt.datetime(2025, 3, 8, 12, 0, tzinfo=BRASILIA)
    assert cumprimento_date(saturday_noon, NO_HOLIDAYS) == D(2025, 3, 10)


def test_consultation_late_at_night_utc_counts_in_brasilia():
    # 02:00 UTC on Saturday is still Friday 23:00 in Brasília.
    friday_night = dt.datetime(2025, 3, 8, 2, 0, tzinfo=dt.UTC)
    assert cumprimento_date(friday_night, NO_HOLIDAYS) == D(2025, 3, 7)


def test_response_10_dias_corridos():
    assert prazo(D(2025, 3, 10), 10, "D", "C", NO_HOLIDAYS) == D(2025, 3, 20)


def test_response_5_dias_uteis():
    assert prazo(D(2025, 3, 10), 5, "D", "U", NO_HOLIDAYS) == D(2025, 3, 17)


# Scenario 4: timeliness at the end of the last day, and an outage com prorrogação.
def test_act_at_235959_brasilia_is_timely_and_000001_is_not():
    last = D(2025, 3, 20)
    assert is_timely(dt.datetime(2025, 3, 20, 23, 59, 59, tzinfo=BRASILIA), last)
    assert not is_timely(dt.datetime(2025, 3, 21, 0, 0, 1, tzinfo=BRASILIA), last)


def test_outage_on_the_last_day_extends_to_the_next_business_day():
    calendar = Calendar.of(MG, outages=[Outage(D(2025, 3, 20), D(2025, 3, 20))])
    assert calendar.extended_end(D(2025, 3, 20)) == D(2025, 3, 21)
    assert end_of_day(calendar.extended_end(D(2025, 3, 20))) == dt.datetime(
        2025, 3, 21, 23, 59, 59, tzinfo=BRASILIA
    )
    assert is_timely(
        dt.datetime(2025, 3, 21, 23, 59, 59, tzinfo=BRASILIA), D(2025, 3, 20), calendar
    )
    assert not is_timely(
        dt.datetime(2025, 3, 22, 0, 0, 1, tzinfo=BRASILIA), D(2025, 3, 20), calendar
    )


def test_outage_without_prorrogacao_changes_nothing():
    calendar = Calendar.of(MG, outages=[Outage(D(2025, 3, 20), D(2025, 3, 20), extends=False)])
    assert calendar.extended_end(D(2025, 3, 20)) == D(2025, 3, 20)


def test_outage_is_applied_by_prazo_itself():
    calendar = Calendar.of(MG, outages=[Outage(D(2025, 3, 19), D(2025, 3, 19))])
    assert prazo(D(2025, 3, 7), 10, "D", "C", calendar) == D(2025, 3, 20)


def test_outage_ending_on_friday_moves_past_the_weekend():
    calendar = Calendar.of(MG, outages=[Outage(D(2025, 3, 19), D(2025, 3, 21))])
    assert prazo(D(2025, 3, 7), 10, "D", "C", calendar) == D(2025, 3, 24)


# The holidays package: national and state days are not business days.
def test_national_holiday_inside_the_count_does_not_stop_it_but_ends_move():
    # Expedição Thu 2025-04-17; Good Friday 04-18 and Tiradentes Mon 04-21 are holidays:
    # day 1 = Tue 04-22, day 10 = Thu 05-01 (Labour Day) -> Fri 05-02.
    assert prazo(D(2025, 4, 17), 10, "D", "C", NO_HOLIDAYS) == D(2025, 5, 2)


def test_business_days_skip_holidays():
    # From Thu 2025-04-17: 22, 23, 24, 25, 28 (18 and 21 are holidays).
    assert prazo(D(2025, 4, 17), 5, "D", "U", NO_HOLIDAYS) == D(2025, 4, 28)


# Months and years: from the first business day after, data a data, to a business day.
def test_months_data_a_data():
    # Cumprimento Mon 2025-03-10: day 1 Tue 03-11, + 1 month = Fri 04-11.
    assert prazo(D(2025, 3, 10), 1, "M", "C", NO_HOLIDAYS) == D(2025, 4, 11)


def test_missing_day_is_the_months_last_day_then_business_day():
    # Day 1 Fri 2025-01-31 (Thu 01-30 event); + 1 month = 02-28 (Fri).
    assert prazo(D(2025, 1, 30), 1, "M", "C", NO_HOLIDAYS) == D(2025, 2, 28)
    # Event Wed 2024-02-28: day 1 Thu 02-29, + 1 year -> 2025-02-28 (a Friday).
    assert prazo(D(2024, 2, 28), 1, "A", "C", NO_HOLIDAYS) == D(2025, 2, 28)


def test_bad_arguments():
    with pytest.raises(ValueError):
        prazo(D(2025, 3, 7), 0, "D", "C", NO_HOLIDAYS)
    with pytest.raises(ValueError):
        prazo(D(2025, 3, 7), 1, "X", "C", NO_HOLIDAYS)
