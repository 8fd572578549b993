"""Public consultation by process number, on the city's host and on the state host."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.services import documents as docs
from core.services.processes import create_process

pytestmark = pytest.mark.django_db


def _process(city, access="public", basis=None):
    return create_process(
        staff=city.clerk,
        process_type=city.process_type,
        summary="Reforma da praça",
        access_level=access,
        legal_basis=basis,
    )


def _lookup(host, number):
    return Client(HTTP_HOST=host).get("/api/v1/public/processes/", {"number": number})


def test_public_process_shows_metadata_history_and_finished_documents(city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.files import blank_pdf

    with city.ctx():
        process = _process(city)
        draft = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho, html="<p>rascunho</p>"
        )
        signed = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>assinado</p>"
        )
        docs.sign(
            staff=city.clerk,
            user=city.clerk_user,
            documents=[signed],
            password="senha-do-servidor-2026",
        )
        docs.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("planta.pdf", blank_pdf()),
        )
        number = str(process)
    body = _lookup("extrema.localhost", number).json()
    assert body["summary"] == "Reforma da praça" and body["municipality"]["name"] == "Extrema"
    titles = [d["title"] for d in body["documents"]]
    assert any(t.startswith("Ofício") for t in titles) and "Anexo" in titles
    assert all(d["id"] != str(draft.uuid) for d in body["documents"])
    assert body["history"][0]["description"].startswith("Processo autuado")
    # The signed ofício can be read without logging in; the draft cannot.
    anonymous = Client(HTTP_HOST="extrema.localhost")
    ok = anonymous.get(f"/api/v1/public/documents/{signed.uuid}/content/")
    assert ok.status_code == 200 and b"assinado" in ok.content
    assert anonymous.get(f"/api/v1/public/documents/{draft.uuid}/content/").status_code == 404


def test_restricted_shows_only_existence_and_legal_basis_secret_is_not_found(city):
    with city.ctx():
        restricted = _process(city, access="restricted", basis=city.personal)
        secret = _process(city, access="secret", basis=city.secret_basis)
    body = _lookup("extrema.localhost", str(restricted)).json()
    assert body["access_level"] == "restricted"
    assert body["legal_basis"].startswith("Informação Pessoal")
    assert "summary" not in body and "history" not in body and "documents" not in body
    missing = _lookup("extrema.localhost", str(secret))
    assert missing.status_code == 404
    assert missing.json() == _lookup("extrema.localhost", "5001.01.9999999/2026-00").json()


def test_the_state_host_routes_a_number_to_its_city(city, tenant_b):
    with city.ctx():
        process = _process(city)
    body = _lookup("localhost", str(process)).json()
    assert body["municipality"]["name"] == "Extrema" and body["summary"] == "Reforma da praça"
    # Another city's host does not have it.
    assert _lookup("ipatinga.localhost", str(process)).status_code == 404
    bad = _lookup("localhost", "12345")
    assert bad.status_code == 400 and "dígitos" in bad.json()["detail"]


def test_a_units_markers_never_appear_in_the_public_history(city):
    from core.services import markers

    with city.ctx():
        process = _process(city)
        city.clerk.refresh_from_db()
        marker = markers.save_marker(staff=city.clerk, name="Aguardando Propina", color="red")
        markers.mark(staff=city.clerk, process=process, marker=marker, note="ligar ao prefeito")
        markers.mark(staff=city.clerk, process=process, marker=marker, note="nota nova")
        other = markers.save_marker(staff=city.clerk, name="Prioridade do Gabinete")
        markers.mark(staff=city.clerk, process=process, marker=other)
        markers.unmark(staff=city.clerk, process=process, marker=other)
        staff_history = [e.description for e in process.events.all()]
    assert sum("Marcador" in d for d in staff_history) == 4  # staff still see them
    for host in ("extrema.localhost", "localhost"):
        response = _lookup(host, str(process))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Propina" not in text and "Gabinete" not in text and "prefeito" not in text
        assert "Marcador" not in text and "marcador" not in text
        history = response.json()["history"]
        assert history and history[0]["description"].startswith("Processo autuado")


INSS_NUMBER = "35014.012345/2026-71"  # the demo's, check digits of the INSS's own rule


def _receive(city, protocol=INSS_NUMBER, access="public"):
    from core.services.external import ReceivedProcess, receive

    received = ReceivedProcess(
        protocol=protocol, summary="Revisão de benefício", type_name="Benefício",
        access_level=access,
    )  # fmt: skip
    return receive(received, unit=city.root, origin="INSS")


def test_the_state_host_finds_a_number_received_from_another_body(city, tenant_b):
    with city.ctx():
        process = _receive(city)
    assert process.number == "35014012345202671"
    for host in ("localhost", "extrema.localhost"):
        response = _lookup(host, INSS_NUMBER)
        assert response.status_code == 200, (host, response.content)
        body = response.json()
        assert body["summary"] == "Revisão de benefício"
        assert body["municipality"]["name"] == "Extrema"
    assert _lookup("localhost", "35014012345202671").status_code == 200  # bare digits too
    assert _lookup("ipatinga.localhost", INSS_NUMBER).status_code == 404


def test_every_number_is_in_the_directory_once_per_municipality(city, city_b):
    from tenants.models import ProcessLocation

    with city.ctx():
        created = _process(city)
        received = _receive(city)
        _receive(city)  # the same process coming back adds nothing
    with schema_context(city_b["tenant"].schema_name):  # Ipatinga received it too
        from core.models import Unit

        root = Unit.objects.get(parent=None)
        from core.services.external import ReceivedProcess, receive

        receive(
            ReceivedProcess(protocol=INSS_NUMBER, summary="Cópia", type_name="X",
                            access_level="restricted"),
            unit=root, origin="INSS",
        )  # fmt: skip
    rows = ProcessLocation.objects.filter(number__in=[created.number, received.number])
    assert sorted((r.number, r.tenant.slug) for r in rows) == sorted(
        [
            (created.number, "extrema"),
            (received.number, "extrema"),
            (received.number, "ipatinga"),
        ]
    )
    # Both hold it; the one that shows it publicly answers on the state host.
    assert _lookup("localhost", INSS_NUMBER).json()["municipality"]["name"] == "Extrema"


def test_a_process_rolled_back_leaves_no_directory_row(city):
    from django.db import transaction

    from tenants.models import ProcessLocation

    before = ProcessLocation.objects.count()
    with city.ctx(), pytest.raises(RuntimeError), transaction.atomic():
        _process(city)
        assert ProcessLocation.objects.count() == before + 1
        raise RuntimeError("rollback")
    assert ProcessLocation.objects.count() == before


def test_a_secret_or_unknown_number_is_not_found_state_wide(city):
    with city.ctx():
        secret = _process(city, access="secret", basis=city.secret_basis)
        received_secret = _receive(city, protocol="35014.099999/2026-10", access="secret")
    assert _lookup("localhost", str(secret)).status_code == 404
    assert _lookup("localhost", "35014.099999/2026-10").status_code in (400, 404)
    assert received_secret.number == "35014099999202610"
    assert _lookup("localhost", "5001.01.9999999/2026-00").status_code in (400, 404)


def test_backfill_migration_fills_the_directory_idempotently(city, city_b):
    import importlib

    from django.apps import apps
    from django.db import connection

    from tenants.models import ProcessLocation

    with city.ctx():
        first, second = _process(city), _receive(city)
    ProcessLocation.objects.all().delete()
    backfill = importlib.import_module(
        "tenants.migrations.0006_backfill_process_locations"
    ).backfill
    with connection.schema_editor() as editor:
        backfill(apps, editor)
        backfill(apps, editor)  # again: nothing doubled
    numbers = sorted(ProcessLocation.objects.values_list("number", flat=True))
    assert sorted([first.number, second.number]) == numbers
    assert _lookup("localhost", INSS_NUMBER).status_code == 200


def test_the_directory_is_indexed_by_number():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'tenants_processlocation'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("(number, tenant_id)" in d for d in definitions), definitions
