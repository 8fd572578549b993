"""A cancelled document goes out as SEI sends one: listed, `retirado`, its file never
uploaded; the receiver creates the process without it."""

import pytest
from django_tenants.utils import schema_context

from core.models import Document, Process
from core.services import documents as docs
from tests.tramita.conftest import IPATINGA, drive
from tests.tramita.test_flows import ready_process, send
from tramita.models import Envelope
from tramita.outbound import CANCELLED_TEXT

pytestmark = pytest.mark.django_db


def test_a_cancelled_document_is_sent_as_withdrawn(mapped, city_b, fake, client_for):
    city = mapped
    process = ready_process(city)
    with city.ctx():
        wrong = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Errado</p>"
        )
        # Unsigned, it would stop the sending; cancelled, it does not.
        docs.cancel(staff=city.clerk, document=wrong, reason="Emitido por engano")
    clerk = client_for(city.tenant, city.clerk_user)
    response = send(clerk, process, IPATINGA)
    assert response.status_code == 202, response.json()
    drive(lambda: Envelope.objects.filter(status="completed").count() == 2)
    out = Envelope.objects.get(direction=Envelope.Direction.OUTBOUND)
    documents = out.progress["processo"]["documentos"]
    assert [d["retirado"] for d in documents] == [False, False, True]
    [component] = documents[2]["componentesDigitais"]
    assert component["nome"] == "cancelado.html" and component["tamanhoEmBytes"] == 0
    assert CANCELLED_TEXT == "[documento cancelado]"
    assert len(out.components) == 2  # only the live documents' files are uploaded
    inbound = Envelope.objects.get(direction=Envelope.Direction.INBOUND)
    with schema_context(city_b["tenant"].schema_name):
        received = Process.objects.get(uuid=inbound.process_uuid)
        assert Document.objects.filter(process=received).count() == 2
