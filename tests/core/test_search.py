"""Full-text search: Portuguese stems, accents ignored, ranked, filtered, and never
returning what the person may not see."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.services import documents as docs
from core.services.processes import create_process
from core.text import fold

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _process(city, summary, access="public", basis=None, parties=None):
    return create_process(
        staff=city.clerk,
        process_type=city.process_type,
        summary=summary,
        access_level=access,
        legal_basis=basis,
        parties=parties,
    )


def _ids(client, **params):
    return [r["id"] for r in client.get("/api/v1/search/", params).json()["results"]]


def test_stems_and_accents(city, client_for, truncate_processes):
    with city.ctx():
        calcada = _process(city, "Conserto de calçadas na Rua das Flores")
        poda = _process(city, "Pedido de poda de árvores")
    client = client_for(city.tenant, city.clerk_user)
    assert _ids(client, q="calcada") == [str(calcada.uuid)]  # no accent, singular
    assert _ids(client, q="Árvore") == [str(poda.uuid)]
    assert _ids(client, q="consertos calçada") == [str(calcada.uuid)]


def test_document_text_and_parties_are_searched(city, client_for, truncate_processes):
    with city.ctx():
        process = _process(
            city, "Requerimento", parties=[{"document": "529.982.247-25", "name": "Joana Prado"}]
        )
        despacho = docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.despacho,
            html="<p>Encaminhe-se ao <b>almoxarifado</b> central.</p>",
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[despacho], password=PASSWORD)
    client = client_for(city.tenant, city.clerk_user)
    assert _ids(client, q="almoxarifado") == [str(process.uuid)]
    assert _ids(client, q="Joana") == [str(process.uuid)]
    assert _ids(client, party="529.982.247-25") == [str(process.uuid)]


def test_a_drafts_words_are_found_only_once_it_is_signed(city, client_for, truncate_processes):
    """A draft's content is readable only in the unit that made it: search must not
    reveal it elsewhere (nor there: the words appear when the document is signed)."""
    with city.ctx():
        process = _process(city, "Requerimento")
        draft = docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.despacho,
            html="<p>Minuta sobre o <b>reajuste</b> confidencial.</p>",
        )
    clerk = client_for(city.tenant, city.clerk_user)
    other_unit = client_for(city.tenant, city.other_user)
    assert _ids(clerk, q="reajuste") == []
    assert _ids(other_unit, q="reajuste") == []
    assert _ids(other_unit, q="Despacho") == [str(process.uuid)]  # the listed name is
    with city.ctx():
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[draft], password=PASSWORD)
    assert _ids(clerk, q="reajuste") == [str(process.uuid)]
    assert _ids(other_unit, q="reajuste") == [str(process.uuid)]


def test_uploaded_pdf_text_is_extracted_by_the_worker(
    celery_worker_process, city, client_for, truncate_processes
):
    import io
    import time

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Laudo de vistoria do viaduto municipal")
    pdf.save()
    with city.ctx():
        process = _process(city, "Obra")
        docs.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("laudo.pdf", out.getvalue()),
        )
    client = client_for(city.tenant, city.clerk_user)
    deadline = time.monotonic() + 30
    while _ids(client, q="viaduto") != [str(process.uuid)]:
        assert time.monotonic() < deadline, "PDF text never became searchable"
        time.sleep(0.3)


def test_search_never_returns_what_the_person_may_not_see(city, client_for, truncate_processes):
    """Property: random processes of every level; each viewer's results are exactly the
    matching ones the access rules allow."""
    rng = random.Random(11)
    levels = [("public", None), ("restricted", city.personal), ("secret", city.secret_basis)]
    made = []
    with city.ctx():
        for i in range(30):
            level, basis = rng.choice(levels)
            word = rng.choice(["licitação", "licença", "obra"])
            made.append((_process(city, f"{word} número {i}", level, basis), level, word))
    viewers = {
        city.clerk_user: {"public", "restricted", "secret"},  # creator, GAB
        city.admin_user: {"public", "restricted"},  # GAB, not credentialed
        city.other_user: {"public"},
    }  # SEOB
    for user, allowed in viewers.items():
        client = client_for(city.tenant, user)
        for word in ("licitacao", "licenca", "obra"):
            got = set(_ids(client, q=word))
            want = {str(p.uuid) for p, level, w in made if level in allowed and fold(w) == word}
            assert got == want, (user.name, word)


def test_search_is_per_municipality(city, city_b, client_for, truncate_processes):
    with city.ctx():
        _process(city, "Contrato de iluminação pública")
    assert _ids(client_for(city_b["tenant"], city_b["user"]), q="iluminação") == []


def test_filters_type_unit_period_party_name_and_number(city, client_for, truncate_processes):
    from core.models import Process, ProcessType

    with city.ctx():
        other_type = ProcessType.objects.exclude(pk=city.process_type.pk).first()
        match = _process(city, "Alvará", parties=[{"document": "529.982.247-25", "name": "Joana"}])
        by_type = create_process(
            staff=city.clerk, process_type=other_type, summary="Alvará", access_level="public"
        )
        old = _process(city, "Alvará antigo")
        Process.objects.filter(pk=old.pk).update(created_at="2020-05-10T12:00:00-03:00")
    client = client_for(city.tenant, city.clerk_user)
    assert set(_ids(client, type=str(other_type.uuid))) == {str(by_type.uuid)}
    assert len(_ids(client, unit="gab")) == 3 and _ids(client, unit="SEOB") == []
    assert _ids(client, **{"from": "2020-05-01", "to": "2020-05-31"}) == [str(old.uuid)]
    assert str(old.uuid) not in _ids(client, **{"from": "2021-01-01"})
    assert _ids(client, party="joa") == [str(match.uuid)]  # part of the name
    assert _ids(client, party="52998224725") == [str(match.uuid)]
    assert _ids(client, number=str(match)) == [str(match.uuid)]  # formatted NUP
    assert _ids(client, q="alvara", party="Joana", unit="GAB") == [str(match.uuid)]


def test_bad_filters_are_a_400_in_portuguese(city, client_for):
    client = client_for(city.tenant, city.clerk_user)
    bad_date = client.get("/api/v1/search/", {"from": "31/02/2026"})
    assert bad_date.status_code == 400 and "from" in bad_date.json()
    assert client.get("/api/v1/search/", {"type": "nope"}).status_code == 400
    backwards = client.get("/api/v1/search/", {"from": "2026-05-02", "to": "2026-05-01"})
    assert backwards.status_code == 400
    assert "data final" in backwards.json()["to"][0]
