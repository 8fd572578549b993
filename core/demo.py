"""The demo content of a pilot city for `make run`: units, servidores (the cast of
fakes/personas.py, each with a gov.br persona and a password) and about twenty processes
in varied states, all made through the real services so numbering and history are
real. Run inside the city's schema (tenants/management/commands/seed_demo.py).

Idempotent: units, people and markers are matched by acronym, CPF and name; each process
scenario is skipped when a process with its especificação exists, and is written in one
transaction, so an interrupted run leaves whole scenarios only."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from datetime import timedelta
from html import escape

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.models import (
    DocumentTemplate,
    DocumentType,
    LegalBasis,
    Marker,
    Membership,
    Process,
    ProcessType,
    StaffMember,
    Unit,
)
from core.services import dispatch as moves
from core.services import (
    documents,
    grant_municipal_admin,
    lifecycle,
    markers,
    processes,
    seed_defaults,
)
from core.services import staff as staff_services
from core.services.credentials import grant_credential
from fakes.personas import DEMO_CITIES, DEMO_PASSWORD, DEMO_UNITS

# Interessados (made-up people and companies; valid check digits).
JOAQUIM = {"document": "51587307502", "name": "Joaquim Pereira Santos"}
MARIANA = {"document": "61834348765", "name": "Mariana Alves Costa"}
ROSANA = {"document": "33946042309", "name": "Rosana Pereira Lima"}
ANTONIO = {"document": "88181410661", "name": "Antônio Ferreira Gomes"}
ELIANE = {"document": "72823411682", "name": "Eliane Rodrigues Moura"}
JOSE = {"document": "86288366757", "name": "José Cidadão"}  # the citizen persona
METALURGICA = {"document": "52601815908369", "name": "Metalúrgica Serra Azul Ltda."}
AUTO_CENTER = {"document": "01661318609164", "name": "Auto Center Vale Verde Ltda."}
CONSTRUTORA = {"document": "39099603082426", "name": "Construtora Horizonte Mineiro Ltda."}

_BRACKET = re.compile(r"\[[^\[\]]*\]")
_DROP = "\x00drop\x00"
_DROPPED_PARAGRAPH = re.compile(r"<p[^>]*>(?:(?!</p>).)*\x00drop\x00(?:(?!</p>).)*</p>", re.S)


def write(html: str, answers: list[str | None]) -> str:
    """What a clerk does with a template: each [placeholder], in order, replaced by the
    next answer; a None answer (or none left) removes the paragraph holding it."""
    queue = list(answers)

    def answer(_match: re.Match) -> str:
        value = queue.pop(0) if queue else None
        return _DROP if value is None else escape(value, quote=False)

    return _DROPPED_PARAGRAPH.sub("", _BRACKET.sub(answer, html))


def text_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small real PDF with text (what a scanned-and-OCRed or born-digital file has)."""
    from xhtml2pdf import pisa

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = (
        "<html><head><meta charset='utf-8'><style>@page { size: a4; margin: 2cm; }"
        "body { font-family: Helvetica; font-size: 11pt; }</style></head>"
        f"<body><h2>{escape(title)}</h2>{body}</body></html>"
    )
    out = io.BytesIO()
    result = pisa.CreatePDF(page, dest=out, encoding="utf-8")
    if result.err:
        raise ValueError(f"xhtml2pdf failed with {result.err} errors")
    return out.getvalue()


@functools.cache
def demo_password_hash() -> str:
    """One hash of the demo password for every demo login (a run hashes it once)."""
    return make_password(DEMO_PASSWORD)


_CHECKED: dict[tuple[str, str], bool] = {}


def _remembering(user: User) -> User:
    """The user whose password the signature service checks, with the real check made
    once per stored hash and remembered for this run: every demo login shares one hash,
    so PBKDF2 (about 0.5 s here) runs once instead of once per signature."""
    check = user.check_password

    def check_password(raw_password: str) -> bool:
        key = (user.password, raw_password)
        if key not in _CHECKED:
            _CHECKED[key] = check(raw_password)
        return _CHECKED[key]

    user.check_password = check_password
    return user


class City:
    """The cast of one city in its schema, and the verbs the scenarios use."""

    def __init__(self, slug: str):
        self.slug = slug
        self.name = DEMO_CITIES[slug]["name"]
        self.units: dict[str, Unit] = {}
        self.staff: dict[str, list[StaffMember]] = {}
        self.users: dict[int, User] = {}
        self.admin: StaffMember | None = None
        self.today = timezone.localdate()

    # --- people and units ------------------------------------------------------------

    def _person(self, cpf: str, name: str, email: str) -> User:
        user = User.objects.filter(cpf=cpf).first()
        if user is None:
            user = User.objects.create_user(cpf=cpf, name=name, email=email)
        if not user.has_usable_password():
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        return _remembering(user)

    def cast(self) -> None:
        root = seed_defaults()  # templates included, for a city provisioned before them
        city = DEMO_CITIES[self.slug]
        cpf, name, _level = city["admin"]
        admin_user = self._person(cpf, name, f"gestor.{self.slug}@example.org")
        self.admin = grant_municipal_admin(user=admin_user, unit=root)
        self.users[admin_user.pk] = admin_user
        for acronym, unit_name in DEMO_UNITS:
            unit = Unit.objects.filter(acronym__iexact=acronym).first()
            if unit is None:
                unit = staff_services.save_unit(
                    admin=self.admin, name=unit_name, acronym=acronym, parent=root
                )
            self.units[acronym] = unit
        from fakes.personas import demo_staff

        for person in demo_staff():
            if person["slug"] != self.slug or person["unit"] is None:
                continue
            user = self._person(person["cpf"], person["name"], person["email"])
            self.users[user.pk] = user
            member = StaffMember.objects.filter(user_id=user.pk).first()
            unit = self.units[person["unit"]]
            if member is None or not member.memberships.filter(unit=unit).exists():
                member = staff_services.add_staff(
                    admin=self.admin,
                    cpf=person["cpf"],
                    name=person["name"],
                    email=person["email"],
                    unit=unit,
                    role=Membership.Role.BASIC,
                )
            self.staff.setdefault(person["unit"], []).append(member)

    # --- verbs -----------------------------------------------------------------------

    def at(self, member: StaffMember, acronym: str) -> StaffMember:
        """The member working in `acronym` (the admin also works in GAB only)."""
        if member.current_unit_id != self.units[acronym].pk:
            staff_services.switch_unit(staff=member, unit=self.units[acronym])
        return member

    def new(self, member, type_name, summary, *, access="public", basis=None, parties=()):
        legal_basis = None
        if basis:
            legal_basis = LegalBasis.objects.get(name=basis, access_level=access)
        return processes.create_process(
            staff=member,
            process_type=ProcessType.objects.get(name=type_name),
            summary=summary,
            access_level=access,
            legal_basis=legal_basis,
            parties=list(parties),
        )

    def doc(self, member, process, template_name, answers, *, signers=(), description=""):
        """A document from a template, written (a second version) and signed with the
        signers' passwords."""
        template = DocumentTemplate.objects.select_related("document_type").get(name=template_name)
        document = documents.create_internal(
            staff=member,
            process=process,
            document_type=template.document_type,
            template=template,
            description=description,
        )
        first = document.versions.get(version=1).html
        documents.save_version(staff=member, document=document, html=write(first, answers))
        for signer in signers:
            documents.sign(
                staff=signer,
                user=self.users[signer.user_id],
                documents=[document],
                password=DEMO_PASSWORD,
            )
        return document

    def upload(self, member, process, type_name, file_name, title, paragraphs, **extra):
        upload = SimpleUploadedFile(
            file_name, text_pdf(title, paragraphs), content_type="application/pdf"
        )
        return documents.upload_external(
            staff=member,
            process=process,
            document_type=DocumentType.objects.get(name=type_name),
            upload=upload,
            document_date=self.today - timedelta(days=extra.pop("days_ago", 1)),
            description=title,
            **extra,
        )

    def send(self, member, process, *acronyms, note="", keep_open=False, return_in=None):
        return_date = self.today + timedelta(days=return_in) if return_in else None
        moves.send(
            staff=member,
            process=process,
            to_units=[self.units[a] for a in acronyms],
            note=note,
            keep_open=keep_open,
            return_date=return_date,
        )

    def receive(self, member, process) -> None:
        moves.mark_read(staff=member, process=process)

    def assign(self, member, process, to: StaffMember) -> None:
        moves.assign(staff=member, process=process, user_id=to.user_id)

    def mark(self, member, process, name, color, note=""):
        unit = member.current_unit
        marker = Marker.objects.filter(unit=unit, name__iexact=name).first()
        if marker is None:
            marker = markers.save_marker(staff=member, name=name, color=color)
        markers.mark(staff=member, process=process, marker=marker, note=note)


# --- the scenarios -------------------------------------------------------------------
# Each takes the city and returns nothing; its especificação is its idempotency key.

Scenario = tuple[str, Callable[[City, str], None]]


def _alvara_new(c: City, summary: str) -> None:
    prot, obras = c.at(c.staff["PROTOCOLO"][0], "PROTOCOLO"), "SEOBRAS"
    p = c.new(prot, "Obras: Alvará de Construção", summary, parties=[JOAQUIM])
    c.upload(
        prot,
        p,
        "Requerimento",
        "requerimento-alvara.pdf",
        "Requerimento de alvará de construção",
        [
            f"Ao Senhor Prefeito Municipal de {c.name}.",
            "Joaquim Pereira Santos, CPF 515.873.075-02, residente na Rua das Acácias, 120, "
            "requer a concessão de alvará de construção para residência unifamiliar de 142 m², "
            "conforme projeto arquitetônico anexo, aprovado por responsável técnico com ART.",
            "Nestes termos, pede deferimento.",
        ],
    )
    c.doc(
        prot,
        p,
        "Despacho de encaminhamento",
        [
            f"{obras} — Secretaria Municipal de Obras",
            "análise técnica do projeto e vistoria",
            "o requerimento de alvará protocolado pelo interessado, com projeto e ART",
            None,
        ],
        signers=[prot],
    )
    c.send(prot, p, obras, note="Requerimento completo, com projeto e ART.")


def _alvara_inspection(c: City, summary: str) -> None:
    prot = c.at(c.staff["PROTOCOLO"][1], "PROTOCOLO")
    obras_a, obras_b = (c.at(m, "SEOBRAS") for m in c.staff["SEOBRAS"])
    p = c.new(prot, "Obras: Alvará de Construção", summary, parties=[METALURGICA])
    c.upload(
        prot,
        p,
        "Requerimento",
        "requerimento-ampliacao.pdf",
        "Requerimento de alvará de ampliação",
        [
            "A Metalúrgica Serra Azul Ltda. requer alvará para a ampliação de seu galpão "
            "no Distrito Industrial em 600 m², conforme projeto e memorial descritivo anexos.",
        ],
    )
    c.send(prot, p, "SEOBRAS")
    c.receive(obras_a, p)
    c.assign(obras_a, p, obras_b)
    c.mark(obras_a, p, "Aguardando vistoria", Marker.Color.YELLOW, "Vistoria agendada.")
    c.doc(
        obras_b,
        p,
        "Parecer",
        [
            "Ampliação de galpão industrial. Análise preliminar do projeto. Pendente de vistoria.",
            "A interessada requer alvará para ampliar em 600 m² seu galpão no Distrito Industrial.",
            "O projeto atende aos recuos e à taxa de ocupação da zona industrial; resta verificar "
            "em vistoria as condições do terreno e do sistema de drenagem.",
            "pela realização de vistoria antes da decisão sobre o alvará",
        ],
    )  # a draft: not signed yet


def _lai_open(c: City, summary: str) -> None:
    prot = c.at(c.staff["PROTOCOLO"][0], "PROTOCOLO")
    sead_a, sead_b = (c.at(m, "SEAD") for m in c.staff["SEAD"])
    p = c.new(
        prot, "Administração Geral: Solicitação de Informação (LAI)", summary, parties=[MARIANA]
    )
    c.upload(
        prot,
        p,
        "Requerimento",
        "pedido-lai.pdf",
        "Pedido de acesso à informação",
        [
            "Com base na Lei nº 12.527/2011, solicito a relação das despesas com iluminação "
            "pública no exercício de 2025, por mês, com os respectivos credores.",
            "Mariana Alves Costa",
        ],
    )
    c.send(prot, p, "SEAD", note="Pedido de acesso à informação: prazo legal de 20 dias.")
    c.receive(sead_a, p)
    c.assign(sead_a, p, sead_b)
    c.mark(
        sead_a,
        p,
        "Prazo LAI",
        Marker.Color.RED,
        "Responder em até 20 dias (art. 11 da Lei nº 12.527/2011).",
    )


def _lai_answered(c: City, summary: str) -> None:
    prot = c.at(c.staff["PROTOCOLO"][1], "PROTOCOLO")
    obras = c.at(c.staff["SEOBRAS"][0], "SEOBRAS")
    p = c.new(
        prot, "Administração Geral: Solicitação de Informação (LAI)", summary, parties=[ELIANE]
    )
    c.send(prot, p, "SEOBRAS")
    c.receive(obras, p)
    c.doc(
        obras,
        p,
        "Informação",
        [
            "estão em andamento quatro obras municipais: a reforma da Escola Municipal Santa "
            "Rita, a pavimentação da Estrada do Lopes, a construção da Unidade Básica de Saúde "
            "do Bairro Novo e a drenagem da Avenida Brasil",
            "A relação detalhada, com valores e prazos, está publicada no Portal da Transparência.",
        ],
        signers=[obras],
    )
    c.send(obras, p, "PROTOCOLO", note="Informação prestada; favor dar ciência à requerente.")
    c.receive(prot, p)
    moves.conclude(staff=prot, process=p)


def _pregao(c: City, summary: str) -> None:
    sead_a, sead_b = (c.at(m, "SEAD") for m in c.staff["SEAD"])
    p = c.new(sead_b, "Licitação: Pregão Eletrônico", summary)
    c.doc(
        sead_b,
        p,
        "Termo de Referência",
        [
            "Aquisição de material de expediente (papel A4, canetas, pastas e grampeadores) "
            "para as secretarias municipais, pelo período de 12 meses, conforme planilha anexa.",
            "O estoque atual atende às unidades por menos de 30 dias e o contrato anterior "
            "encerrou-se em outubro.",
            "Materiais novos, de primeira qualidade, em embalagens originais.",
            "Entrega parcelada em até 10 dias após cada pedido, no Almoxarifado Central.",
            "R$ 84.600,00, dotação 02.03.01.04.122.0002.2.006 — 3.3.90.30.",
            "A Contratante recebe, confere e atesta; a Contratada entrega no prazo e "
            "substitui, em até 5 dias, o material com defeito.",
            "Gestão pelo titular da SEAD; fiscalização pelo chefe do Almoxarifado Central.",
            "Em até 30 dias após o atesto da nota fiscal, por transferência bancária.",
        ],
        signers=[sead_b, sead_a],
    )
    c.send(
        sead_b,
        p,
        "GAB",
        note="Para autorização da abertura do certame.",
        keep_open=True,
        return_in=10,
    )


def _ferias(c: City, summary: str) -> None:
    obras = c.at(c.staff["SEOBRAS"][0], "SEOBRAS")
    sead = c.at(c.staff["SEAD"][0], "SEAD")
    p = c.new(
        obras,
        "Pessoal: Férias",
        summary,
        access="restricted",
        basis="Informação Pessoal",
        parties=[ROSANA],
    )
    c.doc(
        obras,
        p,
        "Memorando",
        [
            "SEAD — Secretaria Municipal de Administração",
            "férias regulamentares",
            "Encaminhamos o pedido de férias da servidora Rosana Pereira Lima, referente ao "
            "período aquisitivo 2025/2026, para gozo de 5 a 24 de janeiro.",
            "Solicitamos o registro no sistema de pessoal e o pagamento do adicional de férias.",
        ],
        signers=[obras],
    )
    c.send(obras, p, "SEAD")
    c.receive(sead, p)


def _pad(c: City, summary: str) -> None:
    gab_a, gab_b = (c.at(m, "GAB") for m in c.staff["GAB"])
    p = c.new(
        gab_a,
        "Pessoal: Processo Administrativo Disciplinar",
        summary,
        access="secret",
        basis="Processo Administrativo Disciplinar",
    )
    c.doc(
        gab_a,
        p,
        "Portaria",
        [
            "Instaura processo administrativo disciplinar e designa comissão processante.",
            "a servidora Eliane Rodrigues Moura",
            "0412",
            "Procuradora Municipal",
            "presidir a comissão processante encarregada de apurar, no prazo de 60 dias, "
            "os fatos narrados neste processo",
            "Integram a comissão os servidores Antônio Ferreira Gomes, matrícula nº 0388, e "
            "Rosana Pereira Lima, matrícula nº 0527.",
        ],
        signers=[gab_a],
    )
    grant_credential(staff=gab_a, process=p, user_id=c.admin.user_id)
    grant_credential(staff=gab_a, process=p, user_id=gab_b.user_id)


def _convenio(c: City, summary: str) -> None:
    obras = c.at(c.staff["SEOBRAS"][1], "SEOBRAS")
    p = c.new(obras, "Convênios e Parcerias: Celebração", summary)
    c.doc(
        obras,
        p,
        "Ofício",
        [
            "Ao Senhor",
            "Pedro Henrique Valadares",
            "Secretário de Estado",
            "Secretaria de Estado de Infraestrutura, Mobilidade e Parcerias de Minas Gerais",
            "Cidade Administrativa — Rodovia Papa João Paulo II, 4001, Belo Horizonte/MG",
            "pedido de convênio para pavimentação de estradas vicinais",
            "Senhor Secretário",
            f"O Município de {c.name} manifesta interesse em celebrar convênio com o Estado "
            "para a pavimentação de 12 km de estradas vicinais que ligam a zona rural à sede.",
            "Seguem anexos o plano de trabalho, o projeto básico e a declaração de contrapartida.",
        ],
        signers=[obras],
    )
    lifecycle.suspend(
        staff=obras, process=p, reason="Aguardando o resultado do edital estadual de convênios."
    )


def _pagamento(c: City, summary: str) -> None:
    sead = c.at(c.staff["SEAD"][0], "SEAD")
    p = c.new(sead, "Finanças: Pagamento", summary, parties=[AUTO_CENTER])
    c.upload(
        sead,
        p,
        "Nota Fiscal",
        "nota-fiscal-4512.pdf",
        "Nota Fiscal de Serviços nº 4.512",
        [
            "Prestador: Auto Center Vale Verde Ltda. — CNPJ 01.661.318/6091-64",
            "Serviço: manutenção preventiva de 6 veículos da frota municipal.",
            "Valor total: R$ 7.940,00",
        ],
    )
    c.doc(
        sead,
        p,
        "Despacho de encaminhamento",
        [
            "Tesouraria da Secretaria Municipal de Administração",
            "pagamento",
            "o atesto da prestação dos serviços descritos na nota fiscal, conferidos pelo "
            "fiscal do contrato",
            None,
        ],
        signers=[sead],
    )
    moves.conclude(staff=sead, process=p)


def _projeto_de_lei(c: City, summary: str) -> None:
    gab = c.at(c.staff["GAB"][1], "GAB")
    admin = c.at(c.admin, "GAB")
    p = c.new(gab, "Legislação: Projeto de Lei", summary)
    c.doc(
        gab,
        p,
        "Ofício",
        [
            "Ao Senhor",
            "Vereador Carlos Eduardo Matos",
            "Presidente da Câmara Municipal",
            f"Câmara Municipal de {c.name}",
            "Praça da Matriz, s/nº — Centro",
            "encaminhamento de projeto de lei",
            "Senhor Presidente",
            "Encaminhamos a essa Casa Legislativa o projeto de lei que institui o Programa "
            "Municipal de Coleta Seletiva, para apreciação em regime de urgência.",
            "O programa prevê a contratação de cooperativas de catadores e metas anuais de "
            "redução dos resíduos enviados ao aterro.",
        ],
        signers=[gab, admin],
    )
    c.mark(gab, p, "Urgente", Marker.Color.RED, "Prazo de envio à Câmara: sexta-feira.")


def _decreto(c: City, summary: str) -> None:
    gab = c.at(c.staff["GAB"][0], "GAB")
    p = c.new(gab, "Legislação: Decreto", summary)
    c.doc(
        gab,
        p,
        "Nota Técnica",
        [
            "Propor o horário de funcionamento das repartições municipais.",
            "O horário atual (8h às 17h) não atende à demanda do comércio local aos sábados; "
            "a consulta pública recebeu 214 contribuições.",
            "Recomenda-se o horário de 7h30 às 16h30 e plantão no Protocolo aos sábados.",
        ],
    )  # a draft
    c.send(gab, p, "SEAD", note="Para manifestação sobre a jornada dos servidores.", keep_open=True)


def _reclamacao(c: City, summary: str) -> Process:
    prot = c.at(c.staff["PROTOCOLO"][0], "PROTOCOLO")
    obras = c.at(c.staff["SEOBRAS"][0], "SEOBRAS")
    p = c.new(prot, "Ouvidoria: Reclamação, Sugestão ou Elogio", summary, parties=[JOSE])
    c.send(prot, p, "SEOBRAS", note="Reclamação registrada no balcão do Protocolo.")
    c.receive(obras, p)
    c.mark(obras, p, "Aguardando vistoria", Marker.Color.YELLOW)
    return p


def _reclamacao_duplicada(c: City, summary: str) -> None:
    main = Process.objects.get(summary=SUMMARIES["reclamacao"])
    prot = c.at(c.staff["PROTOCOLO"][1], "PROTOCOLO")
    obras = c.at(c.staff["SEOBRAS"][0], "SEOBRAS")
    p = c.new(prot, "Ouvidoria: Reclamação, Sugestão ou Elogio", summary, parties=[JOSE])
    c.send(prot, p, "SEOBRAS")
    c.receive(obras, p)
    lifecycle.annex(staff=obras, main=main, annexed=p)


def _restituicao(c: City, summary: str) -> None:
    prot = c.at(c.staff["PROTOCOLO"][1], "PROTOCOLO")
    p = c.new(
        prot,
        "Tributário: Restituição de Tributo",
        summary,
        access="restricted",
        basis="Sigilo Fiscal",
        parties=[ANTONIO],
    )
    c.upload(
        prot,
        p,
        "Comprovante",
        "comprovantes-iptu.pdf",
        "Comprovantes de pagamento do IPTU",
        [
            "Guia de IPTU 2026, inscrição 01.02.0345.0010: paga em 10/02/2026 — R$ 1.284,50.",
            "Mesma guia paga novamente em 12/02/2026 — R$ 1.284,50.",
        ],
        days_ago=20,
    )
    c.send(prot, p, "SEAD", note="Pagamento em duplicidade comprovado pelo interessado.")


def _baixa(c: City, summary: str) -> None:
    sead = c.at(c.staff["SEAD"][1], "SEAD")
    p = c.new(sead, "Patrimônio: Baixa de Bem Móvel", summary)
    c.doc(
        sead,
        p,
        "Informação",
        [
            "a comissão de avaliação classificou como inservíveis 48 carteiras e 12 armários "
            "da Escola Municipal Santa Rita, patrimônios 10.233 a 10.292",
            "Sugere-se a doação do lote a associação sem fins lucrativos, na forma da lei.",
        ],
        signers=[sead],
    )
    moves.conclude(staff=sead, process=p)
    moves.reopen(staff=sead, process=p)


def _suplementacao(c: City, summary: str) -> None:
    obras_a, obras_b = (c.at(m, "SEOBRAS") for m in c.staff["SEOBRAS"])
    p = c.new(obras_a, "Orçamento: Suplementação Orçamentária", summary)
    c.doc(
        obras_a,
        p,
        "Memorando",
        [
            "SEAD e GAB",
            "suplementação orçamentária",
            "A dotação de manutenção de vias urbanas esgotou-se com os reparos após as chuvas "
            "de novembro; solicitamos suplementação de R$ 350.000,00.",
            "Indicamos como fonte a anulação parcial da dotação de obras novas.",
        ],
        signers=[obras_a, obras_b],
    )
    c.send(obras_a, p, "SEAD", "GAB", note="Para análise e autorização.")


def _dispensa(c: City, summary: str) -> Process:
    obras = c.at(c.staff["SEOBRAS"][1], "SEOBRAS")
    sead = c.at(c.staff["SEAD"][0], "SEAD")
    admin = c.at(c.admin, "GAB")
    p = c.new(obras, "Contratação Direta: Dispensa de Licitação", summary, parties=[CONSTRUTORA])
    c.doc(
        obras,
        p,
        "Despacho de encaminhamento",
        [
            "SEAD — Secretaria Municipal de Administração",
            "análise da contratação direta",
            "a urgência da desobstrução das galerias antes do período chuvoso, com três "
            "orçamentos juntados",
            None,
        ],
        signers=[obras],
    )
    c.send(obras, p, "SEAD")
    c.receive(sead, p)
    c.doc(
        sead,
        p,
        "Parecer",
        [
            "Contratação direta por dispensa em razão do valor. Possibilidade.",
            "A Secretaria de Obras propõe contratar a desobstrução de galerias pluviais por "
            "R$ 48.700,00, menor dos três orçamentos obtidos.",
            "O valor está abaixo do limite do art. 75, I, da Lei nº 14.133/2021 e a pesquisa de "
            "preços atende ao art. 23 da mesma lei.",
            "pela possibilidade da contratação direta, após a autorização do Prefeito",
        ],
        signers=[sead],
    )
    c.send(sead, p, "GAB", note="Para autorização.")
    c.receive(admin, p)
    c.assign(admin, p, c.staff["GAB"][0])
    return p


def _fiscalizacao(c: City, summary: str) -> None:
    obras = c.at(c.staff["SEOBRAS"][1], "SEOBRAS")
    p = c.new(obras, "Contratos: Gestão e Fiscalização de Contrato", summary, parties=[CONSTRUTORA])
    c.upload(
        obras,
        p,
        "Anexo",
        "relatorio-medicao-03.pdf",
        "Relatório da 3ª medição",
        [
            "Contrato nº 12/2026 — reforma da Escola Municipal Santa Rita.",
            "Serviços medidos no período: cobertura (100%), instalações elétricas (60%).",
            "Valor da medição: R$ 112.430,18. Atesto a execução dos serviços.",
        ],
        form="copy",
    )
    c.mark(obras, p, "Medição mensal", Marker.Color.BLUE, "Próxima medição no dia 5.")
    other = Process.objects.filter(summary=SUMMARIES["dispensa"]).first()
    if other is not None:
        lifecycle.relate(staff=obras, process=p, other=other)


def _licenca(c: City, summary: str) -> None:
    sead_a, sead_b = (c.at(m, "SEAD") for m in c.staff["SEAD"])
    p = c.new(
        sead_a,
        "Pessoal: Licença",
        summary,
        access="restricted",
        basis="Dados Pessoais Sensíveis",
        parties=[ELIANE],
    )
    c.doc(
        sead_a,
        p,
        "Informação",
        [
            "a servidora apresentou atestado médico de 15 dias, que foi encaminhado à perícia "
            "médica oficial do município",
            None,
        ],
    )  # a draft
    c.assign(sead_a, p, sead_b)


def _certidao(c: City, summary: str) -> None:
    prot_a, prot_b = (c.at(m, "PROTOCOLO") for m in c.staff["PROTOCOLO"])
    p = c.new(prot_a, "Atendimento ao Cidadão: Requerimento", summary, parties=[MARIANA])
    c.upload(
        prot_a,
        p,
        "Requerimento",
        "requerimento-certidao.pdf",
        "Requerimento de certidão",
        [
            "Mariana Alves Costa, ex-servidora do Município, requer certidão de tempo de "
            "contribuição do período de 2012 a 2019, para fins de averbação no INSS.",
        ],
    )
    c.assign(prot_a, p, prot_b)


SUMMARIES = {
    "alvara": "Alvará de construção — residência unifamiliar na Rua das Acácias, 120",
    "alvara_vistoria": "Alvará de construção — ampliação de galpão no Distrito Industrial",
    "lai": "Pedido de acesso à informação — despesas com iluminação pública em 2025",
    "lai_respondida": "Pedido de acesso à informação — relação das obras em andamento",
    "pregao": "Aquisição de material de expediente para as secretarias municipais",
    "ferias": "Férias regulamentares — servidora da Secretaria de Obras",
    "pad": "Processo administrativo disciplinar — apuração de ausências injustificadas",
    "convenio": "Convênio com o Estado para pavimentação de estradas vicinais",
    "pagamento": "Pagamento da Nota Fiscal nº 4.512 — manutenção da frota municipal",
    "projeto_de_lei": "Projeto de lei que institui o Programa Municipal de Coleta Seletiva",
    "decreto": "Decreto que regulamenta o horário de funcionamento das repartições",
    "reclamacao": "Reclamação — buraco na Avenida Brasil, em frente ao nº 850",
    "reclamacao_duplicada": "Reclamação — buraco na Avenida Brasil (registro em duplicidade)",
    "restituicao": "Restituição de IPTU pago em duplicidade — exercício de 2026",
    "baixa": "Baixa de bens móveis inservíveis — mobiliário da Escola Municipal Santa Rita",
    "suplementacao": "Suplementação orçamentária para manutenção de vias urbanas",
    "dispensa": "Contratação direta — desobstrução de galerias pluviais",
    "fiscalizacao": "Fiscalização do Contrato nº 12/2026 — reforma da Escola Municipal Santa Rita",
    "licenca": "Licença para tratamento de saúde — servidora da Secretaria de Administração",
    "certidao": "Requerimento de certidão de tempo de contribuição",
}
SCENARIOS: list[tuple[str, Callable]] = [
    ("alvara", _alvara_new),
    ("alvara_vistoria", _alvara_inspection),
    ("lai", _lai_open),
    ("lai_respondida", _lai_answered),
    ("pregao", _pregao),
    ("ferias", _ferias),
    ("pad", _pad),
    ("convenio", _convenio),
    ("pagamento", _pagamento),
    ("projeto_de_lei", _projeto_de_lei),
    ("decreto", _decreto),
    ("reclamacao", _reclamacao),
    ("reclamacao_duplicada", _reclamacao_duplicada),
    ("restituicao", _restituicao),
    ("baixa", _baixa),
    ("suplementacao", _suplementacao),
    ("dispensa", _dispensa),
    ("fiscalizacao", _fiscalizacao),
    ("licenca", _licenca),
    ("certidao", _certidao),
]


def seed_city(slug: str, *, scenarios: int | None = None) -> dict[str, int]:
    """Units, staff and (the first `scenarios` of) the demo processes of one pilot city,
    in the current schema. Returns how many processes each run created."""
    city = City(slug)
    with transaction.atomic():
        city.cast()
    created = 0
    for key, scenario in SCENARIOS[:scenarios]:
        summary = SUMMARIES[key]
        if Process.objects.filter(summary=summary).exists():
            continue
        with transaction.atomic():
            scenario(city, summary)
        created += 1
    return {"processes_created": created}
