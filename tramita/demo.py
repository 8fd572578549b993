"""Demo data of the connector for `make run`: Extrema and Ipatinga mapped to their
structures in the local fake Tramita, and one process and one documento avulso sent to
Extrema by a "foreign body" (the fake's other system, as the INSS) for the worker to
receive. Idempotent.

`foreign_send` and `foreign_send_document` are also how tests play a foreign body: the
real client with the other system's certificate, through the real protocol (start, then upload)."""

import base64
import hashlib
import os
from pathlib import Path

from core.files import blank_pdf
from tenants.models import Tenant
from tramita.client import TramitaClient
from tramita.models import Envelope, Mapping

MUNICIPAL_REPOSITORY, FEDERAL_REPOSITORY, INSS = 31, 1, 1100
STRUCTURES = {
    "3125101": (3125101, "Prefeitura Municipal de Extrema"),
    "3131307": (3131307, "Prefeitura Municipal de Ipatinga"),
}


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def foreign_send(
    client: TramitaClient,
    *,
    to: int,
    files: list[tuple[str, bytes, str]],
    protocol: str = "00001.000123/2026-11",
    level: int = 1,
    summary: str = "Requerimento de benefício",
) -> dict:
    """The INSS (a structure of the fake's other system) sends a process to `to`."""
    documents = []
    for order, (name, data, mime) in enumerate(files, start=1):
        component = {
            "ordem": 1,
            "nome": name,
            "hash": {"algoritmo": "SHA256", "conteudo": sha256_b64(data)},
            "tamanhoEmBytes": len(data),
            "mimeType": mime,
            "tipoDeConteudo": "out",
        }
        documents.append(
            {
                "ordem": order,
                "descricao": name,
                "nivelDeSigilo": level,
                "produtor": {"nome": "INSS", "tipo": "orgaopublico"},
                "especie": {"codigo": 57, "nomeNoProdutor": "Ofício"},
                "componentesDigitais": [component],
            }
        )
    header = {
        "remetente": {
            "identificacaoDoRepositorioDeEstruturas": FEDERAL_REPOSITORY,
            "numeroDeIdentificacaoDaEstrutura": str(INSS),
        },
        "destinatario": {
            "identificacaoDoRepositorioDeEstruturas": MUNICIPAL_REPOSITORY,
            "numeroDeIdentificacaoDaEstrutura": str(to),
        },
    }
    processo = {
        "protocolo": protocol,
        "nivelDeSigilo": level,
        "descricao": summary,
        "processoDeNegocio": "Benefício previdenciário",
        "interessados": [{"nome": "Maria da Silva", "numeroDeIdentificacao": "52998224725"}],
        "documentos": documents,
    }
    answer = client.start_process({"cabecalho": header, "processo": processo})
    solicited = set(answer["processosComComponentesDigitaisSolicitados"][0]["hashes"])
    for _name, data, _mime in files:
        if sha256_b64(data) in solicited:
            client.upload_component(
                answer["ticketParaEnvioDeComponentesDigitais"],
                protocol=protocol,
                hash_b64=sha256_b64(data),
                size=len(data),
                chunks=lambda d=data: [d],
            )
    return answer


def foreign_send_document(
    client: TramitaClient,
    *,
    to: int,
    files: list[tuple[str, bytes, str]],
    protocol: str = "35014.000777/2026-18",
    description: str = "Ofício nº 77/2026",
) -> dict:
    """The INSS sends a documento avulso (`POST tramites/documento`) to `to`, its files
    as the components (the first the document, the others its anexos), then uploads."""
    components = [
        {
            "ordem": order,
            "nome": name,
            "hash": {"algoritmo": "SHA256", "conteudo": sha256_b64(data)},
            "tamanhoEmBytes": len(data),
            "mimeType": mime,
            "tipoDeConteudo": "txt",
        }
        for order, (name, data, mime) in enumerate(files, start=1)
    ]
    answer = client.start_document(
        {
            "cabecalho": {
                "remetente": {
                    "identificacaoDoRepositorioDeEstruturas": FEDERAL_REPOSITORY,
                    "numeroDeIdentificacaoDaEstrutura": str(INSS),
                },
                "destinatarios": [
                    {
                        "identificacaoDoRepositorioDeEstruturas": MUNICIPAL_REPOSITORY,
                        "numeroDeIdentificacaoDaEstrutura": str(to),
                    }
                ],
            },
            "documento": {
                "protocolo": protocol,
                "nivelDeSigilo": 1,
                "descricao": description,
                "dataHoraDeProducao": "2026-11-30T10:00:00-03:00",
                "produtor": {"nome": "INSS", "tipo": "orgaopublico"},
                "especie": {"codigo": 57, "nomeNoProdutor": "Ofício"},
                "interessados": [
                    {"nome": "Maria da Silva", "numeroDeIdentificacao": "52998224725"}
                ],
                "componentesDigitais": components,
            },
        }
    )
    upload_all(client, answer["ticketParaEnvioDeComponentesDigitais"], protocol, files)
    return {**answer["tramites"][0], "ticket": answer["ticketParaEnvioDeComponentesDigitais"]}


def upload_all(client: TramitaClient, ticket: str, protocol: str, files) -> None:
    for _name, data, _mime in files:
        client.upload_component(
            ticket,
            protocol=protocol,
            hash_b64=sha256_b64(data),
            size=len(data),
            chunks=lambda d=data: [d],
        )


def seed() -> list[str]:
    done = []
    for ibge_code, (structure, name) in STRUCTURES.items():
        tenant = Tenant.objects.filter(ibge_code=ibge_code).first()
        if tenant is None:
            continue
        Mapping.objects.update_or_create(
            tenant=tenant,
            unit_uuid=None,
            defaults={
                "repository_id": MUNICIPAL_REPOSITORY,
                "structure_id": structure,
                "name": name,
            },
        )
        done.append(f"{tenant.name} ↔ estrutura {structure}")
    fake = os.environ.get("TRAMITA_FAKE_DIR")
    if fake and not Envelope.objects.filter(direction=Envelope.Direction.INBOUND).exists():
        with TramitaClient(
            cert_file=str(Path(fake) / "orgao-externo.crt"),
            key_file=str(Path(fake) / "orgao-externo.key"),
        ) as client:
            foreign_send(
                client,
                to=3125101,
                files=[
                    ("oficio-inss.pdf", blank_pdf(), "application/pdf"),
                    ("despacho.html", "<p>Para providências.</p>".encode(), "text/html"),
                ],
                protocol="35014.012345/2026-71",
                summary="Solicitação de informações sobre servidor municipal",
            )
            foreign_send_document(
                client,
                to=3125101,
                files=[
                    ("oficio-77-2026.pdf", blank_pdf(), "application/pdf"),
                    ("planilha.csv", b"servidor;matricula\n", "text/csv"),
                ],
            )
        done.append("processo do INSS enviado a Extrema (o worker o recebe)")
        done.append("documento avulso do INSS, com um anexo, enviado a Extrema")
    return done
