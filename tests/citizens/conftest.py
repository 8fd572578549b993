"""Fixtures of the citizen side: the staff cities of tests/core plus citizens who sign
in with gov.br (a session carrying the method, level and time of the login)."""

import time

import pytest
from django.test import Client

from tests.conftest import host_of
from tests.core.conftest import PASSWORD, City, city, city_b  # noqa: F401 - fixtures

JOSE_CPF = "52601815906"
ANA_CPF = "08301661305"
PEDRO_CPF = "18609139034"
COMPANY_CNPJ = "99351819093746"


def govbr_client(tenant, user, *, level="prata", auth_age=0.0) -> Client:
    """A client on the tenant's host, signed in with gov.br at `level`."""
    client = Client(HTTP_HOST=host_of(tenant))
    client.force_login(user)
    session = client.session
    session["auth_method"] = "govbr"
    session["auth_level"] = level
    session["auth_amr"] = ["passwd"]
    session["auth_time"] = time.time() - auth_age
    session.save()
    return client


@pytest.fixture
def citizens(db):
    from accounts.models import User

    def person(cpf, name, email):
        return User.objects.filter(cpf=cpf).first() or User.objects.create_user(
            cpf=cpf, name=name, email=email
        )

    return {
        "jose": person(JOSE_CPF, "José Cidadão", "jose@example.org"),
        "ana": person(ANA_CPF, "Ana Vizinha", "ana@example.org"),
        "pedro": person(PEDRO_CPF, "Pedro Procurador", "pedro@example.org"),
    }


__all__ = ["PASSWORD", "City", "govbr_client"]
