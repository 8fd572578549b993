"""Credenciais de acesso to a secret process: granted by a credentialed person where the
process is open, to servidores of the municipality only; the grantee then sees it."""

import pytest

from core.errors import CoreError
from core.models import Credential, ProcessEvent
from core.selectors import processes_visible_to
from core.services.credentials import grant_credential
from core.services.processes import create_process

pytestmark = pytest.mark.django_db


def _process(city, access="secret"):
    basis = {"secret": city.secret_basis, "restricted": city.personal}.get(access)
    return create_process(
        staff=city.clerk,
        process_type=city.process_type,
        summary="Apuração",
        access_level=access,
        legal_basis=basis,
    )


def test_a_credentialed_clerk_grants_access_once_with_history(city):
    with city.ctx():
        process = _process(city)
        assert not processes_visible_to(city.other).filter(pk=process.pk).exists()
        grant_credential(staff=city.clerk, process=process, user_id=city.other.user_id)
        grant_credential(staff=city.clerk, process=process, user_id=city.other.user_id)
        assert processes_visible_to(city.other).filter(pk=process.pk).exists()
        assert Credential.objects.filter(process=process).count() == 2
        events = ProcessEvent.objects.filter(process=process, action="credential_granted")
        assert [e.description for e in events] == ["Credencial de acesso concedida a Carla Obras"]


def test_refusals_write_nothing(city, make_user):
    with city.ctx():
        process = _process(city)
        restricted = _process(city, access="restricted")
        outsider = make_user(cpf="86288366757", name="Cidadão")
        cases = [
            # not credentialed (and the process is not open in their unit)
            (dict(staff=city.other, process=process, user_id=city.admin.user_id), "not_open_here"),
            (dict(staff=city.clerk, process=restricted, user_id=city.other.user_id), "not_secret"),
            (dict(staff=city.clerk, process=process, user_id=outsider.pk), "not_staff"),
        ]
        for kwargs, code in cases:
            with pytest.raises(CoreError) as caught:
                grant_credential(**kwargs)
            assert caught.value.code == code
        assert Credential.objects.filter(process=process).count() == 1


def test_only_a_credentialed_person_may_grant(city):
    with city.ctx():
        process = _process(city)
        # The admin works in the same unit (the process is open there) but has no
        # credential.
        with pytest.raises(CoreError) as caught:
            grant_credential(staff=city.admin, process=process, user_id=city.other.user_id)
        assert caught.value.code == "no_credential"
        assert Credential.objects.filter(process=process).count() == 1
