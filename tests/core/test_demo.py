"""The demo a newcomer tries with `make run` (core/demo.py): units, servidores with
gov.br personas and passwords, templates, about twenty processes in varied states, all
through the real services; and a second run adds nothing."""

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

from accounts.models import User
from core.demo import SCENARIOS, seed_city, text_pdf, write
from core.models import (
    AccessLevel,
    Credential,
    Dispatch,
    Document,
    DocumentTemplate,
    Membership,
    OpenIn,
    Process,
    ProcessEvent,
    ProcessMarker,
    ProcessRelation,
    Signature,
    StaffMember,
    Unit,
)
from core.services import municipal_defaults
from core.services.documents import verify
from fakes.personas import DEMO_CITIES, DEMO_PASSWORD, PERSONAS, demo_staff

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "staff": StaffMember.objects.count(),
        "memberships": Membership.objects.count(),
        "templates": DocumentTemplate.objects.count(),
        "processes": Process.objects.count(),
        "documents": Document.objects.count(),
        "signatures": Signature.objects.count(),
        "events": ProcessEvent.objects.count(),
        "markers": ProcessMarker.objects.count(),
        "credentials": Credential.objects.count(),
    }


def test_the_demo_city_is_seeded_once_with_varied_processes(tenant_a):
    with schema_context(tenant_a.schema_name):
        assert seed_city("extrema") == {"processes_created": len(SCENARIOS)}
        first = _counts()
        assert seed_city("extrema") == {"processes_created": 0}
        assert _counts() == first  # idempotent

        acronyms = set(Unit.objects.values_list("acronym", flat=True))
        assert {"GAB", "SEAD", "SEOBRAS", "PROTOCOLO"} <= acronyms
        for acronym in ("GAB", "SEAD", "SEOBRAS", "PROTOCOLO"):
            basic = Membership.objects.filter(unit__acronym=acronym, role="basic")
            assert basic.count() >= 2, acronym
        admins = StaffMember.objects.filter(is_municipal_admin=True)
        assert [s.user_id for s in admins] == [User.objects.get(cpf="39053344705").pk]
        assert first["templates"] >= 6
        assert 18 <= first["processes"] <= 25

        processes = Process.objects.all()
        # Varied states: received elsewhere, suspended, concluded everywhere, annexed,
        # open in several units, assigned, marked, restricted and secret.
        assert processes.filter(suspended_at__isnull=False).exists()
        assert processes.filter(annexed_to__isnull=False).exists()
        assert processes.exclude(pk__in=OpenIn.objects.values("process")).exists()
        assert OpenIn.objects.filter(read=False).exists()  # arrived, not yet opened
        assert OpenIn.objects.filter(assigned_to_id__isnull=False).exists()
        assert OpenIn.objects.filter(return_date__isnull=False).exists()
        assert OpenIn.objects.filter(generated=False, read=True).exists()  # received
        assert Dispatch.objects.values("from_unit").distinct().count() >= 3
        assert ProcessRelation.objects.exists()
        assert first["markers"] >= 4
        assert processes.filter(access_level=AccessLevel.RESTRICTED).exists()
        secret = processes.get(access_level=AccessLevel.SECRET)
        assert Credential.objects.filter(process=secret).count() == 3
        assert ProcessEvent.objects.filter(process=secret, action="credential_granted").count()
        assert processes.filter(parties__isnull=False).distinct().count() >= 10
        for action in ("created", "sent", "received", "document_signed", "concluded",
                       "reopened", "suspended", "annexed", "assigned", "marked"):  # fmt: skip
            assert ProcessEvent.objects.filter(action=action).exists(), action

        # Documents: signed with passwords (verifiable), drafts, real PDFs with text.
        signed = Document.objects.filter(signatures__isnull=False).distinct()
        assert signed.count() >= 8
        assert Signature.objects.filter(method="password").count() == first["signatures"]
        assert all(verify(s) for s in Signature.objects.all())
        assert Document.objects.filter(kind="internal", signatures__isnull=True).exists()
        pdfs = Document.objects.filter(kind="external", content_type="application/pdf")
        assert pdfs.count() >= 5
        with pdfs.first().file.open("rb") as fh:
            assert PdfReader(fh).pages[0].extract_text().strip()
        # Templates were filled: no variable and no [placeholder] left in what was signed.
        for signature in Signature.objects.exclude(version=None):
            html = signature.version.html
            assert "@processo@" not in html and "[" not in html, html


def test_every_demo_login_has_a_persona_and_a_password(tenant_a):
    with schema_context(tenant_a.schema_name):
        seed_city("extrema")
    personas = {p["cpf"]: p for p in PERSONAS}
    cast = [p for p in demo_staff() if p["slug"] == "extrema"]
    assert len(cast) == 9  # the admin and two per unit
    for person in cast:
        user = User.objects.get(cpf=person["cpf"])
        assert user.check_password(DEMO_PASSWORD), person["name"]
        assert personas[person["cpf"]]["name"] == person["name"]
        assert personas[person["cpf"]]["level"] in ("silver", "gold")  # may work as staff


def test_personas_keep_their_places_and_cpfs_are_valid_and_unique():
    from validate_docbr import CPF

    # Tests pick the first three by index.
    assert [p["label"] for p in PERSONAS[:3]] == [
        "Servidora de Extrema (prata)",
        "Coordenadora estadual (ouro)",
        "Cidadão (bronze)",
    ]
    cpfs = [p["cpf"] for p in PERSONAS]
    assert len(cpfs) == len(set(cpfs))
    assert all(CPF().validate(c) for c in cpfs)
    assert len(DEMO_CITIES) == 3


def test_default_templates_cover_the_usual_types_and_exist_in_every_city(tenant_b):
    from core.services import seed_defaults

    defaults = municipal_defaults()
    types = {t["name"] for t in defaults["document_types"]}
    templates = defaults["templates"]
    assert {"Despacho", "Ofício", "Memorando", "Parecer", "Portaria", "Termo de Referência"} <= {
        t["document_type"] for t in templates
    }
    assert all(t["document_type"] in types for t in templates)
    with schema_context(tenant_b.schema_name):
        seed_defaults()
        seed_defaults()
        assert DocumentTemplate.objects.count() == len(templates)


def test_writing_a_template_replaces_placeholders_in_order_and_drops_unanswered():
    html = "<p>À [unidade],</p><p>Motivo: [motivo].</p><p>[Opcional]</p>"
    assert write(html, ["SEAD", "<urgente>"]) == "<p>À SEAD,</p><p>Motivo: &lt;urgente&gt;.</p>"


def test_text_pdf_is_a_pdf_with_the_text():
    import io

    data = text_pdf("Título", ["Parágrafo com acentuação: ção."])
    assert data.startswith(b"%PDF-")
    assert "acentuação" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
