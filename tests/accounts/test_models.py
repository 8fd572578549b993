import pytest
from django.core.exceptions import ValidationError

from accounts.cpf import format_cpf, mask_cpf, normalize_cpf, validate_cpf
from accounts.models import User


@pytest.mark.parametrize("cpf", ["529.982.247-25", "52998224725", " 111.444.777-35 "])
def test_valid_cpfs(cpf):
    validate_cpf(cpf)


@pytest.mark.parametrize("cpf", ["", "123", "11111111111", "52998224724", "abc.def.ghi-jk"])
def test_invalid_cpfs_get_a_portuguese_error(cpf):
    with pytest.raises(ValidationError, match="CPF inválido"):
        validate_cpf(cpf)


def test_cpf_helpers():
    assert normalize_cpf("529.982.247-25") == "52998224725"
    assert format_cpf("52998224725") == "529.982.247-25"
    assert mask_cpf("52998224725") == "***.982.247-**"


@pytest.mark.django_db
def test_user_is_keyed_by_normalised_cpf():
    user = User.objects.create_user(cpf="529.982.247-25", name="Ana Souza", email="A@X.ORG")
    assert user.cpf == "52998224725"
    assert user.email == "A@x.org"
    assert not user.has_usable_password()
    assert "***.982.247-**" in str(user)
    with pytest.raises(ValidationError):
        User.objects.create_user(cpf="52998224724", name="Inválido")


@pytest.mark.django_db
def test_cpf_is_unique_across_the_state():
    from django.db import IntegrityError, transaction

    User.objects.create_user(cpf="52998224725", name="Ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(cpf="529.982.247-25", name="Outra Ana")


@pytest.mark.django_db
def test_superuser_can_use_the_state_admin():
    User.objects.create_superuser(cpf="52998224725", name="Admin", password="s3nha-forte-123")
    from django.test import Client

    from tenants.services import ensure_public_tenant

    ensure_public_tenant()
    browser = Client(HTTP_HOST="localhost")
    assert browser.login(cpf="52998224725", password="s3nha-forte-123")
    response = browser.get("/admin/tenants/tenant/")
    assert response.status_code == 200
    assert "Extrema" in response.content.decode()


@pytest.mark.django_db
def test_state_admin_refuses_people_without_the_admin_flag():
    from django.test import Client

    from tenants.services import ensure_public_tenant

    ensure_public_tenant()
    User.objects.create_user(cpf="11144477735", name="Carla", password="outra-senha-longa-9",
                             is_coordinator=True)  # fmt: skip
    browser = Client(HTTP_HOST="localhost")
    assert browser.login(cpf="11144477735", password="outra-senha-longa-9")
    response = browser.get("/admin/tenants/tenant/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
