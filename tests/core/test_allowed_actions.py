"""`allowed_actions` against the actions themselves: for every process state and viewer,
each action the process view lists succeeds through the API (2xx) and each one it does
not list is refused (4xx). Every attempt runs in a savepoint rolled back after it, so
the attempts do not affect each other."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from validate_docbr import CPF

from core.files import blank_pdf
from core.models import Marker, Process, Unit
from core.services import dispatch, lifecycle, permissions
from core.services import documents as docs
from core.services.processes import create_process
from core.services.staff import add_staff

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

STATES = [
    "open_here",
    "sent_away",
    "sent_keep_open",
    "concluded",
    "suspended",
    "annexed",
    "external_lock",
    "draft_of_another_unit",
]
VIEWERS = ["generating_clerk", "open_elsewhere_clerk", "not_open_clerk", "municipal_admin"]


def _person(name):
    from accounts.models import User

    return User.objects.create_user(cpf=CPF().generate(), name=name, password=PASSWORD)


class _Rollback(Exception):
    pass


def _new_process(staff, city, summary="Poda de árvore"):
    return create_process(
        staff=staff, process_type=city.process_type, summary=summary, access_level="public"
    )


class World:
    """The city of `city` plus a third unit (SEAD) with its clerk, a marker per unit, and
    per unit a spare process open there (to annex) — then a process `P` generated in the
    root unit, with a signed ofício, a draft despacho, an uploaded PDF and a cancelled
    ofício, brought into `state`."""

    def __init__(self, city, make_user, state):
        self.city = city
        self.dora_user = _person("Dora Administração")
        cpf = self.dora_user.cpf
        with city.ctx():
            self.sead = Unit.objects.create(name="Secretaria de Administração", acronym="SEAD")
            self.dora = add_staff(
                admin=city.admin,
                cpf=cpf,
                name="Dora Administração",
                email="dora@example.org",
                unit=self.sead,
            )
            self.viewers = {
                "generating_clerk": (city.clerk, city.clerk_user),
                "open_elsewhere_clerk": (city.other, city.other_user),
                "not_open_clerk": (self.dora, self.dora_user),
                "municipal_admin": (city.admin, city.admin_user),
            }
            self.markers, self.spares = {}, {}
            for staff, _user in self.viewers.values():
                unit = staff.current_unit
                if unit.pk not in self.markers:
                    self.markers[unit.pk] = Marker.objects.create(unit=unit, name="Urgente")
                    self.spares[unit.pk] = _new_process(staff, city, "Processo avulso")
            self.related = _new_process(city.clerk, city, "Outro processo")
            self.process = self._build(state)

    def _build(self, state):
        city, clerk = self.city, self.city.clerk
        p = _new_process(clerk, city)
        signed = docs.create_internal(
            staff=clerk, process=p, document_type=city.oficio, html="<p>Ofício</p>"
        )
        docs.sign(staff=clerk, user=city.clerk_user, documents=[signed], password=PASSWORD)
        docs.create_internal(
            staff=clerk, process=p, document_type=city.despacho, html="<p>Rascunho</p>"
        )
        docs.upload_external(
            staff=clerk,
            process=p,
            document_type=city.anexo,
            upload=SimpleUploadedFile("planta.pdf", blank_pdf(1), "application/pdf"),
        )
        cancelled = docs.create_internal(
            staff=clerk, process=p, document_type=city.oficio, html="<p>Errado</p>"
        )
        docs.cancel(staff=clerk, document=cancelled, reason="Emitido por engano")
        if state == "sent_away":
            dispatch.send(staff=clerk, process=p, to_units=[city.obras])
        elif state in ("sent_keep_open", "draft_of_another_unit"):
            dispatch.send(staff=clerk, process=p, to_units=[city.obras], keep_open=True)
            if state == "draft_of_another_unit":
                docs.create_internal(
                    staff=city.other,
                    process=p,
                    document_type=city.despacho,
                    html="<p>Rascunho de Obras</p>",
                )
        elif state == "concluded":
            dispatch.conclude(staff=clerk, process=p)
        elif state == "suspended":
            lifecycle.suspend(staff=clerk, process=p, reason="Aguardando parecer")
        elif state == "annexed":
            main = _new_process(clerk, city, "Processo principal")
            lifecycle.annex(staff=clerk, main=main, annexed=p)
        elif state == "external_lock":
            Process.objects.filter(pk=p.pk).update(lock="external")
        return p


def _attempt(client, method, url, body=None, content_type="application/json"):
    """One request in a savepoint that is rolled back: its status code."""
    result = {}
    try:
        with transaction.atomic():
            if method == "multipart":
                response = client.post(url, body)
            elif body is None:
                response = getattr(client, method)(url)
            else:
                response = getattr(client, method)(url, body, content_type=content_type)
            result["status"] = response.status_code
            result["body"] = getattr(response, "content", b"")[:300]
            raise _Rollback
    except _Rollback:
        pass
    connection.set_schema_to_public()  # the rollback undid the request's search_path
    return result["status"], result["body"]


def _process_requests(world, staff):
    city, p = world.city, world.process
    url = f"/api/v1/processes/{p.uuid}/"
    unit_id = staff.current_unit_id
    target = world.sead if unit_id != world.sead.pk else city.root
    upload = lambda: {  # noqa: E731
        "document_type": str(city.anexo.uuid),
        "file": SimpleUploadedFile("novo.pdf", blank_pdf(1), "application/pdf"),
    }
    return {
        "add_document": ("post", f"{url}documents/", {"document_type": str(city.despacho.uuid)}),
        "upload_document": ("multipart", f"{url}uploads/", upload),
        "send": ("post", f"{url}send/", {"units": [str(target.uuid)]}),
        "conclude": ("post", f"{url}conclude/", None),
        "reopen": ("post", f"{url}reopen/", None),
        "assign": ("post", f"{url}assign/", {"staff": str(staff.uuid)}),
        "suspend": ("post", f"{url}suspend/", {"reason": "Aguardando documentos"}),
        "resume": ("post", f"{url}resume/", None),
        "relate": ("post", f"{url}relations/", {"process": str(world.related.uuid)}),
        "annex": ("post", f"{url}annexes/", {"process": str(world.spares[unit_id].uuid)}),
        "markers": ("post", f"{url}markers/", {"marker": str(world.markers[unit_id].uuid)}),
        "watch": ("put", f"{url}watch/", {}),
        "generate_pdf": ("post", f"{url}pdf/", None),
        "grant_access": ("post", f"{url}access-grants/", {"person": "52601815906"}),
    }


def _document_requests(document_id):
    url = f"/api/v1/documents/{document_id}/"
    return {
        "view": ("get", f"{url}content/", None),
        "download": ("get", f"{url}content/", None),
        "edit": ("post", f"{url}versions/", {"html": "<p>Nova versão</p>"}),
        "sign": ("post", "/api/v1/signatures/", {"documents": [document_id], "password": PASSWORD}),
        "cancel": ("post", f"{url}cancel/", {"reason": "Substituído"}),
    }


def _check(client, label, action, listed, request, failures):
    method, url, body = request
    status, content = _attempt(client, method, url, body() if callable(body) else body)
    if listed and not 200 <= status < 300:
        failures.append(f"{label}: {action} listed but answered {status} {content!r}")
    if not listed and not 400 <= status < 500:
        failures.append(f"{label}: {action} not listed but answered {status}")


@pytest.mark.parametrize("state", STATES)
def test_every_listed_action_succeeds_and_every_other_is_refused(
    state, city, make_user, client_for
):
    world = World(city, make_user, state)
    p = world.process
    failures, seen = [], {}
    for viewer in VIEWERS:
        staff, user = world.viewers[viewer]
        client = client_for(city.tenant, user)
        response = client.get(f"/api/v1/processes/{p.uuid}/")
        assert response.status_code == 200, (viewer, response.content)
        body = response.json()
        allowed = body["allowed_actions"]
        assert set(allowed) <= set(permissions.PROCESS_ACTIONS)
        assert "send_external" not in allowed  # no Tramita mapping here: see below
        for action, request in _process_requests(world, staff).items():
            seen.setdefault(action, set()).add(action in allowed)
            _check(client, f"{state}/{viewer}", action, action in allowed, request, failures)
        for doc in body["documents"]:
            doc_allowed = doc["allowed_actions"]
            assert doc["content_available"] == ("view" in doc_allowed)
            for action, request in _document_requests(doc["id"]).items():
                seen.setdefault(action, set()).add(action in doc_allowed)
                label = f"{state}/{viewer}/{doc['label']} ({doc['state']})"
                _check(client, label, action, action in doc_allowed, request, failures)
    assert not failures, "\n".join(failures)
    # The walk is not vacuous: watch and PDF are always offered, and in this state some
    # viewer is offered (or refused) the others as the state implies.
    assert seen["watch"] == {True} and seen["generate_pdf"] == {True}
    assert seen["view"] == {True, False}  # the cancelled document is never viewable
    if state in ("open_here", "sent_keep_open", "draft_of_another_unit"):
        assert True in seen["add_document"] and True in seen["send"]
        assert True in seen["sign"] and True in seen["edit"]
    if state in ("sent_away", "concluded", "annexed", "external_lock", "suspended"):
        assert seen["sign"] == {False} and seen["edit"] == {False}
    if state == "concluded":
        assert True in seen["reopen"]
    if state == "suspended":
        assert True in seen["resume"] and seen["suspend"] == {False}


# --- the rules, one by one ----------------------------------------------------------------


def _detail(client, process):
    response = client.get(f"/api/v1/processes/{process.uuid}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_unsigned_draft_is_listed_without_content_to_other_units(city, client_for):
    with city.ctx():
        p = _new_process(city.clerk, city)
        dispatch.send(staff=city.clerk, process=p, to_units=[city.obras], keep_open=True)
        draft = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>Segredo</p>"
        )
    other = client_for(city.tenant, city.other_user)
    [listed] = _detail(other, p)["documents"]
    assert listed["state"] == "draft" and listed["content_available"] is False
    assert listed["label"].startswith("Ofício nº ")
    assert listed["allowed_actions"] == []
    detail = other.get(f"/api/v1/documents/{draft.uuid}/")
    assert detail.status_code == 200
    assert "html" not in detail.json() and "versions" not in detail.json()
    assert detail.json()["content_available"] is False
    assert other.get(f"/api/v1/documents/{draft.uuid}/content/").status_code == 404
    saved = other.post(
        f"/api/v1/documents/{draft.uuid}/versions/", {"html": "<p>x</p>"}, "application/json"
    )
    assert saved.status_code == 403
    # The generating unit reads and edits it.
    mine = client_for(city.tenant, city.clerk_user)
    [own] = _detail(mine, p)["documents"]
    assert own["content_available"] is True
    assert {"view", "edit", "sign", "cancel"} <= set(own["allowed_actions"])
    assert mine.get(f"/api/v1/documents/{draft.uuid}/").json()["html"] == "<p>Segredo</p>"
    assert b"Segredo" in mine.get(f"/api/v1/documents/{draft.uuid}/content/").content
    # Signed, everyone who sees the process reads it.
    with city.ctx():
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[draft], password=PASSWORD)
    [signed] = _detail(other, p)["documents"]
    assert signed["state"] == "signed" and signed["content_available"] is True
    assert other.get(f"/api/v1/documents/{draft.uuid}/content/").status_code == 200


def test_a_process_that_left_the_unit_takes_nothing_more_from_it(city, client_for):
    with city.ctx():
        p = _new_process(city.clerk, city)
        draft = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>x</p>"
        )
        dispatch.send(staff=city.clerk, process=p, to_units=[city.obras])
    client = client_for(city.tenant, city.clerk_user)
    body = _detail(client, p)
    assert body["open_units"] == [
        {"id": str(city.obras.uuid), "acronym": "SEOB", "name": "Secretaria de Obras"}
    ]
    assert not {"add_document", "upload_document", "send", "conclude"} & set(
        body["allowed_actions"]
    )
    [doc] = body["documents"]
    assert doc["allowed_actions"] == ["view", "download"]  # its own draft: still readable
    url = f"/api/v1/processes/{p.uuid}/"
    added = client.post(
        f"{url}documents/", {"document_type": str(city.despacho.uuid)}, "application/json"
    )
    assert added.status_code == 409 and added.json()["code"] == "not_open_here"
    upload = SimpleUploadedFile("a.pdf", blank_pdf(1), "application/pdf")
    uploaded = client.post(
        f"{url}uploads/", {"document_type": str(city.anexo.uuid), "file": upload}
    )
    assert uploaded.status_code == 409
    edited = client.post(
        f"/api/v1/documents/{draft.uuid}/versions/", {"html": "<p>y</p>"}, "application/json"
    )
    assert edited.status_code == 409
    signed = client.post(
        "/api/v1/signatures/",
        {"documents": [str(draft.uuid)], "password": PASSWORD},
        "application/json",
    )
    assert signed.status_code == 409
    with city.ctx():
        assert list(p.events.values_list("action", flat=True)).count("document_created") == 1


def test_reopen_only_where_it_was_concluded(city, client_for):
    with city.ctx():
        p = _new_process(city.clerk, city)
    clerk = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/processes/{p.uuid}/"
    assert "reopen" not in _detail(clerk, p)["allowed_actions"]
    refused = clerk.post(f"{url}reopen/")
    assert refused.status_code == 409 and refused.json()["code"] == "already_open"
    # Sent away (not concluded): the unit that sent it does not reopen it.
    with city.ctx():
        dispatch.send(staff=city.clerk, process=p, to_units=[city.obras])
    assert "reopen" not in _detail(clerk, p)["allowed_actions"]
    refused = clerk.post(f"{url}reopen/")
    assert refused.status_code == 409 and refused.json()["code"] == "not_concluded_here"
    # Concluded in Obras: Obras reopens it.
    other = client_for(city.tenant, city.other_user)
    assert other.post(f"{url}conclude/").status_code == 200
    assert "reopen" in _detail(other, p)["allowed_actions"]
    assert other.post(f"{url}reopen/").status_code == 200
    assert "reopen" not in _detail(other, p)["allowed_actions"]


def test_sign_never_on_external_cancelled_or_already_signed_documents(city, client_for):
    with city.ctx():
        p = _new_process(city.clerk, city)
        external = docs.upload_external(
            staff=city.clerk,
            process=p,
            document_type=city.anexo,
            upload=SimpleUploadedFile("a.pdf", blank_pdf(1), "application/pdf"),
        )
        signed = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>a</p>"
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[signed], password=PASSWORD)
        cancelled = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>b</p>"
        )
        docs.cancel(staff=city.clerk, document=cancelled, reason="Duplicado")
    client = client_for(city.tenant, city.clerk_user)
    by_id = {d["id"]: d for d in _detail(client, p)["documents"]}
    assert by_id[str(external.uuid)]["state"] == "external"
    assert by_id[str(signed.uuid)]["state"] == "signed"
    assert by_id[str(cancelled.uuid)]["state"] == "cancelled"
    for doc, code in (
        (external, "not_internal"),
        (signed, "already_signed"),
        (cancelled, "document_cancelled"),
    ):
        assert "sign" not in by_id[str(doc.uuid)]["allowed_actions"]
        response = client.post(
            "/api/v1/signatures/",
            {"documents": [str(doc.uuid)], "password": PASSWORD},
            "application/json",
        )
        assert response.status_code in (400, 409), response.content
        assert response.json()["code"] == code
    # Another person of the unit co-signs the signed one.
    admin = client_for(city.tenant, city.admin_user)
    assert (
        "sign"
        in {d["id"]: d for d in _detail(admin, p)["documents"]}[str(signed.uuid)]["allowed_actions"]
    )


def test_send_external_is_offered_when_tramita_is_mapped_and_everything_is_signed(city, client_for):
    from tramita.models import Mapping

    Mapping.objects.create(
        tenant=city.tenant, repository_id=1, structure_id=987654, name="Prefeitura"
    )
    with city.ctx():
        p = _new_process(city.clerk, city)
        draft = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>a</p>"
        )
    client = client_for(city.tenant, city.clerk_user)
    assert "send_external" not in _detail(client, p)["allowed_actions"]  # unsigned draft
    with city.ctx():
        docs.cancel(staff=city.clerk, document=draft, reason="Não será enviado")
    assert "send_external" not in _detail(client, p)["allowed_actions"]  # nothing to send
    with city.ctx():
        doc = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>b</p>"
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[doc], password=PASSWORD)
    assert "send_external" in _detail(client, p)["allowed_actions"]
    assert (
        "send_external"
        not in _detail(client_for(city.tenant, city.other_user), p)["allowed_actions"]
    )


# --- cancelling a document ------------------------------------------------------------------


def test_a_cancelled_document_stays_listed_without_content(city, client_for):
    with city.ctx():
        p = _new_process(city.clerk, city)
        doc = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>Texto</p>"
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[doc], password=PASSWORD)
    client = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/documents/{doc.uuid}/"
    blank = client.post(f"{url}cancel/", {"reason": "  "}, "application/json")
    assert blank.status_code == 400
    response = client.post(f"{url}cancel/", {"reason": "Emitido com erro"}, "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "cancelled"
    assert response.json()["cancellation_reason"] == "Emitido com erro"
    [listed] = _detail(client, p)["documents"]
    assert listed["state"] == "cancelled" and listed["content_available"] is False
    assert listed["allowed_actions"] == []
    assert client.get(f"{url}content/").status_code == 404
    assert "html" not in client.get(url).json()
    again = client.post(f"{url}cancel/", {"reason": "De novo"}, "application/json")
    assert again.status_code == 409
    with city.ctx():
        [event] = p.events.filter(action="document_cancelled")
        assert "Emitido com erro" in event.description


@pytest.mark.parametrize("who", ["other_municipality", "no_role", "citizen", "anonymous"])
def test_cancel_endpoint_isolation(who, city, city_b, client_for, make_user):
    with city.ctx():
        p = _new_process(city.clerk, city)
        doc = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>x</p>"
        )
    if who == "other_municipality":
        client = client_for(city.tenant, city_b["user"])  # staff of Ipatinga on Extrema
    elif who == "no_role":
        client = client_for(city.tenant, city.other_user)  # staff, not of the unit
    elif who == "citizen":
        client = client_for(city.tenant, _person("Cidadã"))
    else:
        client = client_for(city.tenant, None)
    response = client.post(
        f"/api/v1/documents/{doc.uuid}/cancel/", {"reason": "Quero"}, "application/json"
    )
    assert response.status_code in (401, 403, 404), response.content
    # And from the other municipality's own host, the document does not exist.
    elsewhere = client_for(city_b["tenant"], city_b["user"]).post(
        f"/api/v1/documents/{doc.uuid}/cancel/", {"reason": "Quero"}, "application/json"
    )
    assert elsewhere.status_code == 404
    with city.ctx():
        doc.refresh_from_db()
        assert doc.cancelled_at is None


# --- framing ---------------------------------------------------------------------------------


def test_document_content_is_framable_by_the_same_origin_only(city, client_for):
    with city.ctx():
        p = _new_process(city.clerk, city)
        doc = docs.create_internal(
            staff=city.clerk, process=p, document_type=city.oficio, html="<p>x</p>"
        )
        pdf = docs.upload_external(
            staff=city.clerk,
            process=p,
            document_type=city.anexo,
            upload=SimpleUploadedFile("a.pdf", blank_pdf(1), "application/pdf"),
        )
    client = client_for(city.tenant, city.clerk_user)
    html = client.get(f"/api/v1/documents/{doc.uuid}/content/")
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    policy = html["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "sandbox" in policy and "default-src 'none'" in policy  # still locked down
    file = client.get(f"/api/v1/documents/{pdf.uuid}/content/")
    assert file["X-Frame-Options"] == "SAMEORIGIN"
    assert file["Content-Security-Policy"] == "frame-ancestors 'self'"
    # Everything else keeps DENY.
    assert client.get(f"/api/v1/documents/{doc.uuid}/")["X-Frame-Options"] == "DENY"
    assert client.get(f"/api/v1/processes/{p.uuid}/")["X-Frame-Options"] == "DENY"


def test_the_process_view_reads_a_fixed_number_of_queries(city, client_for):
    """allowed_actions adds no query per document."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with city.ctx():
        p = _new_process(city.clerk, city)
    client = client_for(city.tenant, city.clerk_user)

    def count():
        with CaptureQueriesContext(conn) as queries:
            assert client.get(f"/api/v1/processes/{p.uuid}/").status_code == 200
        return len(queries)

    with city.ctx():
        docs.create_internal(staff=city.clerk, process=p, document_type=city.oficio, html="a")
    count()  # (the first view of a process also records its receipt, sessions...)
    few = count()
    with city.ctx():
        for _ in range(5):
            d = docs.create_internal(
                staff=city.clerk, process=p, document_type=city.oficio, html="b"
            )
            docs.sign(staff=city.clerk, user=city.clerk_user, documents=[d], password=PASSWORD)
    assert count() <= few


def test_viewing_a_process_already_received_writes_nothing(city, client_for):
    """The receipt is recorded once; later views read the unit's row from the process's
    prefetched `open_in` (no write, no second look-up), and `here` still says it all."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from core.models import ProcessEvent

    with city.ctx():
        p = _new_process(city.other, city)
        dispatch.send(staff=city.other, process=p, to_units=[city.root])
    client = client_for(city.tenant, city.clerk_user)
    first = client.get(f"/api/v1/processes/{p.uuid}/").json()
    assert first["here"] == {"open": True, "read": True, "assignee": None}
    with CaptureQueriesContext(conn) as queries:
        again = client.get(f"/api/v1/processes/{p.uuid}/").json()
    assert again["here"] == first["here"]
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("UPDATE", "INSERT")]
    assert writes == []
    open_in_reads = [q for q in queries if 'FROM "core_openin"' in q["sql"]]
    assert len(open_in_reads) == 1  # the prefetch only
    with city.ctx():
        assert ProcessEvent.objects.filter(process=p, action="received").count() == 1
    # Seen from a unit where it is not open: nothing recorded, nothing open.
    other = client_for(city.tenant, city.other_user).get(f"/api/v1/processes/{p.uuid}/").json()
    assert other["here"] == {"open": False, "read": False, "assignee": None}
    with city.ctx():
        assert ProcessEvent.objects.filter(process=p, action="received").count() == 1
