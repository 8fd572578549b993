"""Document templates: the defaults every municipality gets, and the @variables@ filled
in when a document is created from one."""

import pytest

from core.models import DocumentTemplate, DocumentType
from core.numbering import format_number
from core.services import documents as docs
from core.services.processes import create_process
from core.services.templates import MONTHS

pytestmark = pytest.mark.django_db


def test_a_document_from_a_template_gets_its_variables_filled(city):
    from django.utils import timezone

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Pedido de <poda> de árvore",
            access_level="public",
            parties=[{"document": "52998224725", "name": "Maria & Filhos"}],
        )
        template = DocumentTemplate.objects.get(name="Ofício")
        document = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, template=template
        )
        html = document.versions.get().html
        today = timezone.localdate()
        assert f"OFÍCIO Nº {document.number}/{document.number_year}/GAB" in html
        assert f"Processo nº {format_number(process.number)}" in html
        assert f"Extrema, {today.day if today.day > 1 else '1º'} de" in html
        assert MONTHS[today.month - 1] in html
        assert "@" not in html
        assert "[Nome do destinatário]" in html  # left for the clerk
        # Values are text, never markup; the searchable text has them too.
        parecer = docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=DocumentType.objects.get(name="Parecer"),
            template=DocumentTemplate.objects.get(name="Parecer"),
        )
        html = parecer.versions.get().html
        assert "Pedido de &lt;poda&gt; de árvore" in html and "Maria &amp; Filhos" in html
        assert "Maria & Filhos" in parecer.text


def test_html_given_by_the_author_is_kept_as_written(city):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Solicitação",
            access_level="public",
        )
        template = DocumentTemplate.objects.get(name="Ofício")
        document = docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.oficio,
            template=template,
            html="<p>Sobre o @processo@</p>",
        )
        assert document.versions.get().html == "<p>Sobre o @processo@</p>"


def test_an_unknown_variable_is_left_alone(city):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Solicitação",
            access_level="public",
        )
        template = DocumentTemplate.objects.create(
            document_type=city.despacho, name="Teste", html="<p>@desconhecida@ @unidade@</p>"
        )
        document = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho, template=template
        )
        assert document.versions.get().html == "<p>@desconhecida@ Gabinete do Prefeito</p>"
