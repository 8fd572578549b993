"""The citizen side of the demo (`make run`), in a pilot city's schema: what a newcomer
signing in as a citizen persona finds there. Runs after core.demo's scenarios, through
the real services; idempotent (each part is keyed by what it creates).

- Two "tipos de processo para peticionamento": a general requerimento received by the
  Protocolo (público or restrito, the citizen chooses) and the alvará de construção
  received by Obras (requerimento + projeto required, identity optional).
- Maria (prata) adhered to the intimação eletrônica and is interessada in an alvará
  process where Obras intimated her, on a signed ofício, to complete the project
  (answer required within 10 dias úteis): she finds it pending in "Intimações".
José (bronze) stays what he was: a party in the ouvidoria processes, who can file
público petitions and is told how to raise his level for the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from accounts.models import User
from citizens.models import Adhesion, Intimation, PetitionType
from citizens.services import adhesion as adhesion_services
from citizens.services.admin import save_petition_type
from core.models import DocumentType, Process, ProcessType
from fakes.personas import CITIZENS

if TYPE_CHECKING:
    from core.demo import City

MARIA = next(p for p in CITIZENS if p["level"] == "silver")
INTIMATED_SUMMARY = "Alvará de construção — muro de arrimo na Rua do Cruzeiro, 45"

PETITION_TYPES = [
    {
        "process_type": "Atendimento ao Cidadão: Requerimento",
        "unit": "PROTOCOLO",
        "guidance": (
            "Use este pedido para qualquer requerimento à Prefeitura que não tenha um tipo "
            "próprio. Descreva o pedido no campo Especificação e anexe o requerimento "
            "assinado em PDF. Documentos com dados pessoais podem ser marcados como restritos."
        ),
        "documents": [("Requerimento", True), ("Documento de Identificação", False),
                      ("Anexo", False)],
    },
    {
        "process_type": "Obras: Alvará de Construção",
        "unit": "SEOBRAS",
        "guidance": (
            "Envie o requerimento de alvará e o projeto arquitetônico com a ART ou RRT do "
            "responsável técnico, em PDF. A Secretaria de Obras analisa o projeto e agenda "
            "a vistoria; você acompanha tudo em Meus processos."
        ),
        "documents": [("Requerimento", True), ("Anexo", True), ("Comprovante", False)],
    },
]  # fmt: skip


def seed_citizens(c: City) -> None:
    with transaction.atomic():
        c.cast()  # the city's people and units (created by core.demo, looked up here)
    for spec in PETITION_TYPES:
        process_type = ProcessType.objects.get(name=spec["process_type"])
        if PetitionType.objects.filter(process_type=process_type).exists():
            continue
        save_petition_type(
            admin=c.admin,
            process_type=process_type,
            unit=c.units[spec["unit"]],
            guidance=spec["guidance"],
            documents=[
                {"document_type": DocumentType.objects.get(name=name), "required": required}
                for name, required in spec["documents"]
            ],
        )
    maria = User.objects.filter(cpf=MARIA["cpf"]).first() or User.objects.create_user(
        cpf=MARIA["cpf"], name=MARIA["name"], email=MARIA["email"]
    )
    if not Adhesion.objects.filter(person=maria.cpf, revoked_at=None).exists():
        adhesion_services.adhere(user=maria, level="prata")
    if not Process.objects.filter(summary=INTIMATED_SUMMARY).exists():
        with transaction.atomic():
            _intimated_alvara(c, maria)


def _intimated_alvara(c: City, maria: User) -> None:
    from citizens import intimations

    prot = c.at(c.staff["PROTOCOLO"][0], "PROTOCOLO")
    obras = c.at(c.staff["SEOBRAS"][0], "SEOBRAS")
    p = c.new(
        prot,
        "Obras: Alvará de Construção",
        INTIMATED_SUMMARY,
        parties=[{"document": maria.cpf, "name": maria.name}],
    )
    c.upload(
        prot,
        p,
        "Requerimento",
        "requerimento-muro.pdf",
        "Requerimento de alvará para muro de arrimo",
        [
            f"Ao Senhor Prefeito Municipal de {c.name}.",
            f"{maria.name} requer alvará de construção para muro de arrimo de 18 m na divisa "
            "dos fundos do lote da Rua do Cruzeiro, 45.",
            "Nestes termos, pede deferimento.",
        ],
    )
    c.send(prot, p, "SEOBRAS", note="Requerimento sem o projeto estrutural.")
    c.receive(obras, p)
    oficio = c.doc(
        obras,
        p,
        "Ofício",
        [
            "À Senhora",
            maria.name,
            "Requerente",
            f"Rua do Cruzeiro, 45 — {c.name}/MG",
            "complementação do pedido de alvará de construção",
            "Senhora Requerente",
            "Para a análise do pedido de alvará do muro de arrimo, apresente o projeto "
            "estrutural e a ART do responsável técnico, respondendo a esta intimação pelo "
            "Peticionamento Eletrônico.",
            "Sem eles, o pedido não poderá ser deferido.",
        ],
        signers=[obras],
        description="Solicita projeto estrutural e ART",
    )
    intimations.issue(
        staff=obras,
        process=p,
        document=oficio,
        annexes=[],
        recipients=[maria.cpf],
        kind="Complementação de documentos",
        purpose="Apresentar o projeto estrutural do muro de arrimo e a ART do responsável.",
        facts_and_grounds=(
            "O requerimento não trouxe o projeto estrutural exigido pelo Código de Obras "
            "do Município para muros de arrimo acima de 1,5 m (Lei 9.784/1999, art. 26)."
        ),
        response_mode=Intimation.ResponseMode.REQUIRED,
        response_n=10,
        response_unit="D",
        response_kind="U",
    )
