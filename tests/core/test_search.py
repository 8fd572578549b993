"""Full-text search: Portuguese stems, accents ignored, ranked, filtered, and never
returning what the person may not see."""

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.services import documents as docs
from core.services.processes import create_process
from core.text import fold

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
        docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.despacho,
            html="<p>Encaminhe-se ao <b>almoxarifado</b> central.</p>",
        )
    client = client_for(city.tenant, city.clerk_user)
    assert _ids(client, q="almoxarifado") == [str(process.uuid)]
    assert _ids(client, q="Joana") == [str(process.uuid)]
    assert _ids(client, party="529.982.247-25") == [str(process.uuid)]


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
