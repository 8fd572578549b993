"""Every staff endpoint, tried with ids from another municipality (→ 404, nothing
changed) and by people without the role (→ 401/403)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.files import blank_pdf
from core.models import Document, OpenIn, ProcessPdf, Signature
from core.services import documents as docs
from core.services import markers, watch
from core.services.processes import create_process

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def extrema_objects(city):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Processo de Extrema",
            access_level="public",
        )
        internal = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>x</p>"
        )
        [signature] = docs.sign(
            staff=city.clerk, user=city.clerk_user, documents=[internal], password=PASSWORD
        )
        external = docs.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("a.pdf", blank_pdf()),
        )
        pdf = ProcessPdf.objects.create(process=process, requested_by_id=city.clerk_user.pk)
        from core.models import DocumentTemplate

        template = DocumentTemplate.objects.create(document_type=city.oficio, name="Modelo")
        other = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Outro processo de Extrema",
            access_level="public",
        )
        marker = markers.save_marker(staff=city.clerk, name="Urgente", color="red")
        group = watch.save_group(staff=city.clerk, name="Obras")
    return {
        "q": other.uuid,
        "m": marker.uuid,
        "g": group.uuid,
        "p": process.uuid,
        "d": internal.uuid,
        "x": external.uuid,
        "s": signature.pk,
        "pdf": pdf.uuid,
        "type": city.process_type.uuid,
        "tpl": template.uuid,
        "unit": city.obras.uuid,
        "root": city.root.uuid,
        "staff": city.other.uuid,
    }


def _calls(o):
    p, d = f"/api/v1/processes/{o['p']}", f"/api/v1/documents/{o['d']}"
    return [
        ("get", f"{p}/", None),
        ("get", f"{p}/events/", None),
        ("post", f"{p}/documents/", {"document_type": str(o["type"])}),
        ("post", f"{p}/uploads/raw/?filename=a.pdf&document_type={o['type']}", None),
        ("post", f"{p}/pdf/", None),
        ("get", f"{p}/pdf/{o['pdf']}/", None),
        ("post", f"{p}/send/", {"units": [str(o["unit"])]}),
        ("post", f"{p}/conclude/", None),
        ("post", f"{p}/reopen/", None),
        ("post", f"{p}/assign/", {"staff": str(o["staff"])}),
        ("get", f"{d}/", None),
        ("post", f"{d}/versions/", {"html": "<p>y</p>"}),
        ("get", f"{d}/content/", None),
        ("get", f"/api/v1/documents/{o['x']}/content/", None),
        ("post", "/api/v1/signatures/", {"documents": [str(o["d"])], "password": PASSWORD}),
        ("get", f"/api/v1/signatures/{o['s']}/verify/", None),
        ("patch", f"/api/v1/process-types/{o['type']}/", {"active": False}),
        ("patch", f"/api/v1/templates/{o['tpl']}/", {"active": False}),
        ("get", f"/api/v1/units/{o['unit']}/", None),
        ("patch", f"/api/v1/units/{o['unit']}/", {"name": "X", "acronym": "X"}),
        ("post", f"{p}/suspend/", {"reason": "Aguardando parecer"}),
        ("post", f"{p}/resume/", None),
        ("post", f"{p}/relations/", {"process": str(o["q"])}),
        ("delete", f"{p}/relations/{o['q']}/", None),
        ("post", f"{p}/annexes/", {"process": str(o["q"])}),
        ("post", f"{p}/markers/", {"marker": str(o["m"])}),
        ("delete", f"{p}/markers/{o['m']}/", None),
        ("put", f"{p}/watch/", {}),
        ("delete", f"{p}/watch/", None),
        ("patch", f"/api/v1/markers/{o['m']}/", {"name": "X"}),
        ("patch", f"/api/v1/watch-groups/{o['g']}/", {"name": "X"}),
        ("delete", f"/api/v1/watch-groups/{o['g']}/", None),
    ]


def _send(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


def test_ids_from_another_municipality_are_not_found_anywhere(
    city, city_b, client_for, extrema_objects
):
    other_admin = client_for(city_b["tenant"], city_b["user"])
    for method, url, body in _calls(extrema_objects):
        response = _send(other_admin, method, url, body)
        assert response.status_code == 404, (method, url, response.status_code)
    anonymous_b = client_for(city_b["tenant"])
    assert (
        anonymous_b.get(f"/api/v1/public/documents/{extrema_objects['x']}/content/").status_code
        == 404
    )
    with city.ctx():  # nothing changed in Extrema
        assert Signature.objects.count() == 1 and Document.objects.count() == 2
        assert OpenIn.objects.get(process__uuid=extrema_objects["p"]).unit == city.root


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_people_without_a_staff_role_reach_no_staff_endpoint(
    city, client_for, make_user, extrema_objects, who
):
    user = None if who == "anonymous" else make_user(cpf="86288366757", name="Cidadão")
    client = client_for(city.tenant, user)
    calls = [
        *_calls(extrema_objects),
        ("get", "/api/v1/inbox/", None),
        ("get", "/api/v1/search/?q=processo", None),
        ("get", "/api/v1/staff/", None),
        ("get", "/api/v1/me/", None),
        ("get", "/api/v1/me/current-unit/members/", None),
        ("patch", "/api/v1/me/notifications/", {"email_notifications": False}),
        ("get", "/api/v1/markers/", None),
        ("get", "/api/v1/watch-groups/", None),
        ("get", "/api/v1/watches/", None),
    ]
    for method, url, body in calls:
        if url.startswith("/api/v1/units/") and method == "get":
            continue  # the organisational chart is readable by any signed-in person
        response = _send(client, method, url, body)
        assert response.status_code in (401, 403), (who, method, url, response.status_code)
    with schema_context(city.tenant.schema_name):
        assert Signature.objects.count() == 1


def test_the_city_list_endpoints_show_nothing_of_another_municipality(
    city, city_b, client_for, extrema_objects
):
    other_admin = client_for(city_b["tenant"], city_b["user"])
    extrema = [str(extrema_objects[k]) for k in ("m", "g", "p", "q")]
    extrema += ["Bruno Servidor", "Carla Obras", "Urgente"]
    for url in (
        "/api/v1/markers/",
        "/api/v1/watch-groups/",
        "/api/v1/watches/",
        "/api/v1/me/current-unit/members/",
    ):
        response = other_admin.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not [leak for leak in extrema if leak in body], url


def test_staff_of_a_unit_where_the_process_is_not_open_change_nothing(
    city, client_for, extrema_objects
):
    """Carla works in Obras; the process is open only in the root unit."""
    carla = client_for(city.tenant, city.other_user)
    p = f"/api/v1/processes/{extrema_objects['p']}"
    for method, url, body in [
        ("post", f"{p}/assign/", {"staff": str(extrema_objects["staff"])}),
        ("post", f"{p}/conclude/", None),
        ("post", f"{p}/send/", {"units": [str(extrema_objects["root"])]}),
        ("post", f"{p}/suspend/", {"reason": "x"}),
        ("post", f"{p}/relations/", {"process": str(extrema_objects["q"])}),
        ("delete", f"{p}/markers/{extrema_objects['m']}/", None),
    ]:
        response = _send(carla, method, url, body)
        assert response.status_code in (404, 409), (url, response.status_code)
    with city.ctx():
        assert OpenIn.objects.filter(process__uuid=extrema_objects["p"]).get().unit == city.root
