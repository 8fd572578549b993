"""The citizen's area on a city host and "meus processos em todos os municípios" on the
state host: who sees which process and document, and isolation."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from citizens.models import AccessGrant, Representation
from core.files import blank_pdf
from core.models import ProcessType
from core.services import documents as document_services
from core.services.processes import create_process
from tests.citizens.conftest import ANA_CPF, JOSE_CPF, govbr_client
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _process(city, *, level="public", parties=(JOSE_CPF,), basis=None):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary=f"Pedido {level}",
            access_level=level,
            legal_basis=basis,
            parties=[{"document": d, "name": f"Pessoa {d[:3]}"} for d in parties],
        )
        document = document_services.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("laudo.pdf", blank_pdf(), content_type="application/pdf"),
        )
    return process, document


@pytest.fixture
def world(city, citizens):
    public, public_doc = _process(city)
    restricted, restricted_doc = _process(city, level="restricted", basis=city.personal)
    secret, _ = _process(city, level="secret", basis=city.secret_basis)
    others, _ = _process(city, parties=(ANA_CPF,))
    return {
        "public": public,
        "public_doc": public_doc,
        "restricted": restricted,
        "restricted_doc": restricted_doc,
        "secret": secret,
        "others": others,
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_meus_processos_lists_where_he_is_interessado_never_secret(city, citizens, world):
    client = govbr_client(city.tenant, citizens["jose"], level="bronze")
    assert _ids(client.get("/api/v1/citizen/processes/")) == {
        str(world["public"].uuid),
        str(world["restricted"].uuid),
    }
    row = next(
        r
        for r in client.get("/api/v1/citizen/processes/").json()["results"]
        if r["id"] == str(world["public"].uuid)
    )
    assert row["open_units"] == [city.root.acronym]
    assert row["last_event"].startswith("Documento externo")


def test_documents_public_visible_restricted_only_with_grant(city, citizens, world):
    client = govbr_client(city.tenant, citizens["jose"], level="bronze")
    public = client.get(f"/api/v1/citizen/processes/{world['public'].uuid}/").json()
    assert [d["id"] for d in public["documents"]] == [str(world["public_doc"].uuid)]
    content = client.get(f"/api/v1/citizen/documents/{world['public_doc'].uuid}/content/")
    assert content.status_code == 200
    assert b"".join(content.streaming_content).startswith(b"%PDF")

    restricted = client.get(f"/api/v1/citizen/processes/{world['restricted'].uuid}/").json()
    assert restricted["documents"] == []
    url = f"/api/v1/citizen/documents/{world['restricted_doc'].uuid}/content/"
    assert client.get(url).status_code == 404
    with city.ctx():
        AccessGrant.objects.create(
            process=world["restricted"],
            document=world["restricted_doc"],
            person=JOSE_CPF,
            granted_by_id=city.clerk_user.pk,
        )
    restricted = client.get(f"/api/v1/citizen/processes/{world['restricted'].uuid}/").json()
    assert [d["id"] for d in restricted["documents"]] == [str(world["restricted_doc"].uuid)]
    assert client.get(url).status_code == 200


def test_secret_and_others_processes_are_not_found(city, citizens, world):
    client = govbr_client(city.tenant, citizens["jose"])
    for key in ("secret", "others"):
        response = client.get(f"/api/v1/citizen/processes/{world[key].uuid}/")
        assert response.status_code == 404
        assert response.json()["code"] == "process_not_found"


def test_another_citizen_sees_none_of_it(city, citizens, world):
    ana = govbr_client(city.tenant, citizens["ana"])
    assert _ids(ana.get("/api/v1/citizen/processes/")) == {str(world["others"].uuid)}
    assert ana.get(f"/api/v1/citizen/processes/{world['public'].uuid}/").status_code == 404
    # A public document of a process he is not in: not through the citizen area.
    url = f"/api/v1/citizen/documents/{world['restricted_doc'].uuid}/content/"
    assert ana.get(url).status_code == 404


def test_no_session_is_refused(city, world):
    anonymous = Client(HTTP_HOST=host_of(city.tenant))
    for url in (
        "/api/v1/citizen/me/",
        "/api/v1/citizen/processes/",
        f"/api/v1/citizen/processes/{world['public'].uuid}/",
        f"/api/v1/citizen/documents/{world['public_doc'].uuid}/content/",
    ):
        assert anonymous.get(url).status_code in (401, 403)


def test_another_municipality_host_does_not_see_this_citys_processes(city, city_b, citizens, world):
    elsewhere = govbr_client(city_b["tenant"], citizens["jose"])
    assert _ids(elsewhere.get("/api/v1/citizen/processes/")) == set()
    assert elsewhere.get(f"/api/v1/citizen/processes/{world['public'].uuid}/").status_code == 404
    url = f"/api/v1/citizen/documents/{world['public_doc'].uuid}/content/"
    assert elsewhere.get(url).status_code == 404


def test_staff_of_another_city_is_only_a_citizen_here(city, city_b, world):
    outsider = govbr_client(city.tenant, city_b["user"])
    assert _ids(outsider.get("/api/v1/citizen/processes/")) == set()
    assert outsider.get(f"/api/v1/citizen/processes/{world['public'].uuid}/").status_code == 404
    assert outsider.get("/api/v1/context/").json()["user"]["role"] == "citizen"


def test_context_and_citizen_me_say_citizen_without_a_403(city, citizens):
    client = govbr_client(city.tenant, citizens["jose"], level="bronze")
    assert client.get("/api/v1/context/").json()["user"]["role"] == "citizen"
    me = client.get("/api/v1/citizen/me/")
    assert me.status_code == 200
    body = me.json()
    assert body["role"] == "citizen"
    assert body["trust_level"] == "bronze"
    assert body["allowed"]["area"] is True
    assert body["allowed"]["petition_restricted"] is False
    staff = govbr_client(city.tenant, city.clerk_user)
    assert staff.get("/api/v1/context/").json()["user"]["role"] == "staff"
    assert staff.get("/api/v1/citizen/me/").json()["role"] == "staff"


def test_representation_reaches_the_outorgantes_processes_within_scope(city, citizens, world):
    pedro = govbr_client(city.tenant, citizens["pedro"])
    assert _ids(pedro.get("/api/v1/citizen/processes/")) == set()
    today = timezone.localdate()
    with city.ctx():
        rep = Representation.objects.create(
            grantor=JOSE_CPF,
            grantor_name="José",
            grantee=citizens["pedro"].cpf,
            grantee_name="Pedro",
            kind=Representation.Kind.SIMPLE,
            powers=[Representation.POWER_PETITION],
            valid_from=today,
            process_ids=[str(world["public"].uuid)],
        )
    assert _ids(pedro.get("/api/v1/citizen/processes/")) == {str(world["public"].uuid)}
    # Scenario 12: valid_until yesterday, no job run: reaches nothing.
    with city.ctx():
        Representation.objects.filter(pk=rep.pk).update(
            valid_from=today - dt.timedelta(days=10), valid_until=today - dt.timedelta(days=1)
        )
    assert _ids(pedro.get("/api/v1/citizen/processes/")) == set()


# --- state host ------------------------------------------------------------------------


def test_state_host_lists_every_city_where_he_is_a_party(
    city, city_b, citizens, public_tenant, world
):
    with schema_context(city_b["tenant"].schema_name):
        create_process(
            staff=city_b["staff"],
            process_type=ProcessType.objects.first(),
            summary="Em Ipatinga",
            access_level="public",
            parties=[{"document": JOSE_CPF, "name": "José"}],
        )
    client = govbr_client(public_tenant, citizens["jose"])
    rows = client.get("/api/v1/citizen/municipalities/").json()["results"]
    counts = {row["slug"]: row["processes"] for row in rows}
    # Extrema: public, restricted and secret name him (the count is the index's; the
    # city's own area applies the access rules).
    assert counts == {city.tenant.slug: 3, city_b["tenant"].slug: 1}
    assert all(row["url"].endswith("/login/govbr/?next=/cidadao") for row in rows)
    ana = govbr_client(public_tenant, citizens["ana"])
    assert {r["slug"] for r in ana.get("/api/v1/citizen/municipalities/").json()["results"]} == {
        city.tenant.slug
    }


def test_state_list_needs_a_session_and_is_not_on_city_hosts(city, public_tenant):
    assert Client(HTTP_HOST=host_of(public_tenant)).get(
        "/api/v1/citizen/municipalities/"
    ).status_code in (401, 403)
    assert (
        govbr_client(city.tenant, city.clerk_user)
        .get("/api/v1/citizen/municipalities/")
        .status_code
        == 404
    )


def test_index_holds_no_cpf_and_rolls_back_with_the_city(city, citizens):
    from django.db import transaction

    from citizens.directory.models import PartyIndex
    from citizens.directory.services import index_key

    before = PartyIndex.objects.filter(key=index_key(JOSE_CPF)).count()
    with city.ctx(), pytest.raises(RuntimeError), transaction.atomic():
        create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Desfeito",
            access_level="public",
            parties=[{"document": JOSE_CPF, "name": "José"}],
        )
        raise RuntimeError
    assert PartyIndex.objects.filter(key=index_key(JOSE_CPF)).count() == before
    assert not PartyIndex.objects.filter(key__contains=JOSE_CPF).exists()


def test_staff_grant_and_revoke_external_access(city, city_b, citizens, world):
    url = f"/api/v1/processes/{world['restricted'].uuid}/access-grants/"
    clerk = govbr_client(city.tenant, city.clerk_user)
    for client in (
        govbr_client(city.tenant, citizens["jose"]),
        govbr_client(city.tenant, city_b["user"]),
        Client(HTTP_HOST=host_of(city.tenant)),
    ):
        response = client.post(url, {"person": JOSE_CPF}, content_type="application/json")
        assert response.status_code in (401, 403)
    assert govbr_client(city_b["tenant"], city_b["user"]).get(url).status_code == 404
    bad = clerk.post(url, {"person": "123"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "person_invalid"
    granted = clerk.post(url, {"person": JOSE_CPF}, content_type="application/json")
    assert granted.status_code == 201, granted.content
    jose = govbr_client(city.tenant, citizens["jose"])
    detail = f"/api/v1/citizen/processes/{world['restricted'].uuid}/"
    assert [d["id"] for d in jose.get(detail).json()["documents"]] == [
        str(world["restricted_doc"].uuid)
    ]
    revoked = clerk.delete(f"{url}{granted.json()['id']}/")
    assert revoked.status_code == 204
    assert jose.get(detail).json()["documents"] == []
    # A grant to someone who is no party makes the process his, and the state index says so.
    clerk.post(url, {"person": ANA_CPF}, content_type="application/json")
    ana = govbr_client(city.tenant, citizens["ana"])
    assert str(world["restricted"].uuid) in _ids(ana.get("/api/v1/citizen/processes/"))
