"""The citizen side of the demo (citizens/demo.py): petition types to choose, Maria's
pending intimação, José unchanged; a second run adds nothing."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from citizens.calendar import tenant_calendar
from citizens.demo import INTIMATED_SUMMARY, MARIA, seed_citizens
from citizens.intimations import PENDING, recipients_for, state_of
from citizens.models import Adhesion, Intimation, PetitionType
from core.demo import City, seed_city
from core.models import Process
from fakes.personas import CITIZENS

pytestmark = pytest.mark.django_db


def test_the_citizen_demo_is_seeded_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        seed_city("extrema", scenarios=0)
        seed_citizens(City("extrema"))
        seed_citizens(City("extrema"))  # idempotent
        assert PetitionType.objects.filter(active=True).count() == 2
        assert Process.objects.filter(summary=INTIMATED_SUMMARY).count() == 1
        assert Intimation.objects.count() == 1
        maria = User.objects.get(cpf=MARIA["cpf"])
        assert Adhesion.objects.filter(person=maria.cpf, revoked_at=None).count() == 1
        (row,) = recipients_for(maria)
        assert row.intimation.process.summary == INTIMATED_SUMMARY
        state = state_of(row, row.intimation, timezone.now(), tenant_calendar())
        assert state.code == PENDING


def test_the_demo_citizens_are_personas_with_their_levels():
    assert {(p["name"], p["level"]) for p in CITIZENS} == {
        ("José Cidadão", "bronze"),
        ("Maria Aparecida Souza", "silver"),
    }
