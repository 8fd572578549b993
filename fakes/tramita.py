"""A local Tramita GOV.BR (PEN "barramento") for tests and `make run`.

It speaks the REST v3 calls of ../shared/specs/tramita.md over HTTPS with client
certificates: a test CA is generated at start (`--pki DIR`), with a server certificate
and one client certificate per system. Each certificate's common name is a system; each
structure belongs to one system. Our connector is the system `processo-municipal`;
`orgao-externo` plays any other public body (tests drive it with the same client).

What it enforces, as the spec's status table says:
* 1 → 2 only when every solicited hash arrived (SHA-256 and length checked); parts beyond
  `tamanhoEmBytes` refused; unknown ticket → 404;
* 2 → 3 when the receiver reads the metadata, → 4 when it downloaded every component,
  → 5 when its completion receipt's signature verifies, → 6 when the sender fetches it;
* refusal (2-4 → 8) and acknowledgement (8 → 9); cancellation (1-4 → 7);
  automatic cancellation (1-4 → 10) after `AUTO_CANCEL_DAYS` of a clock tests advance;
* NRE rules: `0044` (a trâmite in progress for the protocol), `0047` (a component's hash
  changed under the same NRE), `0055` (structure not in the repository);
* errors as `{"codigoErro", "mensagem"}`.

Control endpoints under `/_fake/` (same TLS): faults (5xx before or after doing the work,
timeouts, wrong bytes on download, purged binaries, duplicated pending entries), the
clock, structures, state, reset.

    python -m fakes.tramita --port 9200 --pki .local/tramita
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import os
import pickle
import random
import sqlite3
import ssl
import tempfile
import threading
import time
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from flask import Flask, Response, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server

PREFIX = "/interoperabilidade/rest/v3"
OURS = "processo-municipal"
FOREIGN = "orgao-externo"
SYSTEMS = (OURS, FOREIGN)
AUTO_CANCEL_DAYS = 8
IN_PROGRESS = {1, 2, 3, 4}

REPOSITORIES = [
    {"id": 1, "nome": "Poder Executivo Federal", "ativo": True},
    {"id": 31, "nome": "Municípios de Minas Gerais", "ativo": True},
]
# (repository, id, sigla, nome, parent, system)
STRUCTURES = [
    (1, 1000, "MGI", "Ministério da Gestão e da Inovação em Serviços Públicos", None, FOREIGN),
    (1, 1001, "SEGES", "Secretaria de Gestão e Inovação", 1000, FOREIGN),
    (1, 1100, "INSS", "Instituto Nacional do Seguro Social", None, FOREIGN),
    (1, 1101, "INSS-MG", "Superintendência Regional Sudeste II", 1100, FOREIGN),
    (1, 1200, "RFB", "Secretaria Especial da Receita Federal do Brasil", None, FOREIGN),
    (31, 3125101, "PM-EXTREMA", "Prefeitura Municipal de Extrema", None, OURS),
    (31, 3131307, "PM-IPATINGA", "Prefeitura Municipal de Ipatinga", None, OURS),
]
ESPECIES = [
    (1, "Abaixo-assinado"),
    (2, "Acórdão"),
    (5, "Ata"),
    (13, "Certidão"),
    (19, "Contrato"),
    (22, "Decreto"),
    (26, "Despacho"),
    (33, "Edital"),
    (43, "Informação"),
    (47, "Lei"),
    (52, "Memorando"),
    (55, "Nota Técnica"),
    (57, "Ofício"),
    (60, "Parecer"),
    (62, "Petição"),
    (64, "Portaria"),
    (69, "Relatório"),
    (70, "Requerimento"),
    (999, "Outra"),
]
MOTIVOS_URGENCIA = [
    "Prazo legal ou judicial próximo do vencimento",
    "Determinação judicial",
    "Risco à saúde ou à vida",
    "Solicitação de autoridade superior",
]
HIPOTESES = [
    (1, "Informação Pessoal (Art. 31 da Lei nº 12.527/2011)"),
    (2, "Documento Preparatório (Art. 7º, § 3º, da Lei nº 12.527/2011)"),
    (3, "Sigilo Fiscal (Art. 198 do Código Tributário Nacional)"),
    (4, "Controle Interno (Art. 26, § 3º, da Lei nº 10.180/2001)"),
]


# --- PKI ---------------------------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write(path: Path, key, cert) -> None:
    path.with_suffix(".key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    path.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def make_pki(directory: Path) -> None:
    """A CA, a server certificate for 127.0.0.1/localhost and one client certificate per
    system. Kept when present, so restarts keep the same identities."""
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "ca.crt").exists() and all((directory / f"{s}.crt").exists() for s in SYSTEMS):
        return
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Tramita fake CA"))
        .issuer_name(_name("Tramita fake CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    _write(directory / "ca", ca_key, ca)

    def issue(cn: str, *, server: bool) -> None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
        )
        if server:
            import ipaddress

            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            )
        _write(directory / cn, key, builder.sign(ca_key, hashes.SHA256()))

    issue("server", server=True)
    for system in SYSTEMS:
        issue(system, server=False)


# --- State -------------------------------------------------------------------------------


class Fail(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class State:
    """Everything the fake knows. Kept in SQLite (`path`), one row per trâmite and per
    NRE plus one for the rest, written after every request that changed something, so a
    restart (or a crash after an answer) loses no envelope in flight."""

    def __init__(self, pki: Path, blobs: Path, path: Path | None = None):
        self.lock = threading.RLock()
        self.pki = pki
        self.blobs = blobs
        self.db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB)")
        self.reset(wipe=False)
        self.load()

    def reset(self, wipe: bool = True) -> None:
        with self.lock:
            self.structures = {
                sid: {
                    "repository": rep,
                    "id": sid,
                    "sigla": sigla,
                    "nome": nome,
                    "parent": parent,
                    "system": system,
                    "ativo": True,
                    "apto": True,
                }
                for rep, sid, sigla, nome, parent, system in STRUCTURES
            }
            self.tramites: dict[int, dict] = {}
            self.tickets: dict[str, int] = {}
            self.nres: dict[str, dict] = {}  # NRE -> {"protocolo", "hashes": {(doc, comp): h}}
            # IDTs never repeat, not even across resets and restarts (like the real one).
            self.next_id = max(int(time.time() * 1000) % 10**12, getattr(self, "next_id", 0))
            self.clock_offset = dt.timedelta()
            self.faults: dict = {}
            self.rng = random.Random(0)  # noqa: S311 - fault dice, not secrets
            self.counters = {"requests": 0, "faults": 0}
            self.dirty: set[str] = {"meta"}
            if wipe and self.db is not None:
                self.db.execute("DELETE FROM kv")
                self.flush()

    def new_id(self) -> int:
        self.next_id += 1
        self.dirty.add("meta")
        return self.next_id

    # persistence
    def touch(self, tramite: dict | None = None, nre: str | None = None) -> None:
        if tramite is not None:
            self.dirty.add(f"t:{tramite['idt']}")
        if nre is not None:
            self.dirty.add(f"n:{nre}")
        if tramite is None and nre is None:
            self.dirty.add("meta")

    def flush(self) -> None:
        with self.lock:
            if self.db is None or not self.dirty:
                self.dirty.clear()
                return
            rows = []
            for key in self.dirty:
                kind, _sep, name = key.partition(":")
                if kind == "t" and int(name) in self.tramites:
                    value = self.tramites[int(name)]
                elif kind == "n" and name in self.nres:
                    value = self.nres[name]
                elif kind == "meta":
                    value = {
                        "structures": self.structures,
                        "next_id": self.next_id,
                        "clock_offset": self.clock_offset,
                        "faults": self.faults,
                        "counters": self.counters,
                    }
                else:
                    continue
                rows.append((key, pickle.dumps(value)))
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", rows)
            self.db.execute("COMMIT")
            self.dirty.clear()

    def load(self) -> None:
        if self.db is None:
            return
        with self.lock:
            for key, value in self.db.execute("SELECT key, value FROM kv"):
                data = pickle.loads(value)  # noqa: S301 - our own file under .local/
                kind, _sep, name = key.partition(":")
                if kind == "t":
                    self.tramites[int(name)] = data
                    self.tickets[data["ticket"]] = data["idt"]
                    for ticket in data.get("old_tickets", []):
                        self.tickets[ticket] = data["idt"]
                elif kind == "n":
                    self.nres[name] = data
                elif kind == "meta":
                    self.structures = data["structures"]
                    self.next_id = max(self.next_id, data["next_id"])
                    self.clock_offset = data["clock_offset"]
                    self.faults = data["faults"]
                    self.counters = data["counters"]
            self.rng = random.Random(self.faults.get("seed", 0) + len(self.tramites))  # noqa: S311
            self.dirty.clear()

    # clock
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.clock_offset

    def expire(self) -> None:
        limit = self.now() - dt.timedelta(days=AUTO_CANCEL_DAYS)
        for tramite in self.tramites.values():
            if tramite["status"] in IN_PROGRESS and tramite["changed"] < limit:
                self.move(tramite, 10)

    def move(self, tramite: dict, status: int) -> None:
        tramite["status"] = status
        tramite["changed"] = self.now()
        tramite["history"].append({"situacao": status, "dataHora": w3c(self.now())})
        self.touch(tramite)

    def tramite(self, idt: int) -> dict:
        tramite = self.tramites.get(idt)
        if tramite is None:
            raise Fail(404, "0002", f"Trâmite {idt} não encontrado.")
        return tramite

    def structure(self, repository, sid) -> dict:
        structure = self.structures.get(int(sid))
        if structure is None or structure["repository"] != int(repository):
            raise Fail(422, "0055", f"Estrutura {sid} não pertence ao repositório {repository}.")
        return structure


def w3c(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def b64_digest(data_hash) -> str:
    return base64.b64encode(data_hash.digest()).decode()


def receipt_text(idt: int, nre: str, date: str, hashes_: list[str]) -> str:
    body = "".join(
        f"<hashDoComponenteDigital>{h}</hashDoComponenteDigital>" for h in sorted(hashes_)
    )
    head = f"<recibo><IDT>{idt}</IDT><NRE>{nre}</NRE>"
    return f"{head}<dataDeRecebimento>{date}</dataDeRecebimento>{body}</recibo>"


# --- The app -----------------------------------------------------------------------------


def create_app(pki: Path, blobs: Path, state_file: Path | None = None) -> Flask:
    app = Flask("tramita-fake")
    app.config["MAX_CONTENT_LENGTH"] = None
    state = State(pki, blobs, state_file)
    server_key = serialization.load_pem_private_key((pki / "server.key").read_bytes(), None)
    chain = (pki / "server.crt").read_text() + (pki / "ca.crt").read_text()
    app.state = state  # for in-process use

    def system() -> str:
        cn = request.environ.get("tramita.client_cn")
        if cn not in SYSTEMS:
            raise Fail(401, "0001", "Certificado de cliente ausente ou não reconhecido.")
        return cn

    def sign(text: str) -> str:
        signature = server_key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode()

    def owned(structure_id: int) -> str:
        return state.structures[int(structure_id)]["system"]

    def structure_json(s: dict) -> dict:
        chain_, parent = [], s["parent"]
        while parent:
            p = state.structures[parent]
            chain_.insert(0, {"sigla": p["sigla"], "nome": p["nome"]})
            parent = p["parent"]
        return {
            "numeroDeIdentificacaoDaEstrutura": str(s["id"]),
            "nome": s["nome"],
            "sigla": s["sigla"],
            "ativo": s["ativo"],
            "aptoParaReceberTramites": s["apto"],
            "hierarquia": chain_,
        }

    @app.errorhandler(Fail)
    def _fail(error: Fail):
        # Like the real service: business errors come back as HTTP 500 with a code;
        # only "not found" and certificate problems keep their own status.
        status = error.status if error.status in (401, 403, 404) else 500
        body = {"codigoErro": error.code, "mensagem": error.message, "parametro": []}
        return jsonify(body), status

    # ---- faults: decided before the view; "after" ones run the view then lose the answer
    @app.before_request
    def _faults():
        request.environ["fake.after"] = None
        if request.path.startswith("/_fake") or request.path.endswith("healthcheck"):
            return None
        with state.lock:
            state.counters["requests"] += 1
            state.expire()
            f = state.faults
            roll = state.rng.random()
            error, timeout = f.get("error_rate", 0.0), f.get("timeout_rate", 0.0)
        if roll < error / 2:
            state.counters["faults"] += 1
            return jsonify({"codigoErro": "9999", "mensagem": "Falha temporária."}), 503
        if roll < error:
            state.counters["faults"] += 1
            request.environ["fake.after"] = "error"
        elif roll < error + timeout:
            state.counters["faults"] += 1
            request.environ["fake.after"] = "timeout"
        return None

    @app.teardown_request
    def _persist(_error=None):
        # Before the answer leaves: what the client is told is on disk.
        state.flush()

    @app.after_request
    def _lose(response):
        after = request.environ.get("fake.after")
        if after == "error":
            body = '{"codigoErro":"9999","mensagem":"Falha temporária."}'
            return Response(body, 502, mimetype="application/json")
        if after == "timeout":
            time.sleep(state.faults.get("timeout_seconds", 3.0))
        return response

    # ---- control ------------------------------------------------------------------------
    @app.post("/_fake/faults")
    def faults():
        body = request.get_json(force=True) or {}
        with state.lock:
            state.faults = body
            state.rng = random.Random(body.get("seed", 0))  # noqa: S311 - fault dice, not secrets
            state.touch()
        return jsonify(state.faults)

    @app.post("/_fake/clock")
    def clock():
        days = float((request.get_json(force=True) or {}).get("advance_days", 0))
        with state.lock:
            state.clock_offset += dt.timedelta(days=days)
            state.touch()
            state.expire()
        return jsonify({"now": w3c(state.now())})

    @app.post("/_fake/estruturas")
    def add_structure():
        body = request.get_json(force=True)
        with state.lock:
            state.structures[int(body["id"])] = {
                "repository": int(body.get("repositorio", 31)),
                "id": int(body["id"]),
                "sigla": body.get("sigla", ""),
                "nome": body["nome"],
                "parent": body.get("pai"),
                "system": body.get("sistema", OURS),
                "ativo": True,
                "apto": body.get("apto", True),
            }
            state.touch()
        return jsonify(structure_json(state.structures[int(body["id"])])), 201

    @app.get("/_fake/state")
    def dump():
        with state.lock:
            return jsonify(
                {
                    "tramites": [
                        {
                            "IDT": t["idt"],
                            "NRE": t["nre"],
                            "protocolo": t["protocolo"],
                            "status": t["status"],
                            "origem": t["origin"],
                            "destino": t["destination"],
                            "motivo": t.get("motivo"),
                            "tipo": "processo" if t.get("processo") is not None else "documento",
                            "urgencia": t["header"].get("urgencia"),
                            "motivoDaUrgencia": t["header"].get("motivoDaUrgencia"),
                            "reproducao": bool(t.get("reproduction")),
                        }
                        for t in state.tramites.values()
                    ],
                    "counters": state.counters,
                }
            )

    @app.post("/_fake/reset")
    def reset():
        state.reset()
        return jsonify({})

    # ---- catalogue ----------------------------------------------------------------------
    @app.get(f"{PREFIX}/healthcheck")
    def health():
        return jsonify({"status": "ok"})

    @app.get(f"{PREFIX}/repositorios-de-estruturas")
    def repositories():
        system()
        return jsonify(REPOSITORIES)

    @app.get(f"{PREFIX}/repositorios-de-estruturas/<int:rep>/estruturas-organizacionais")
    def structures(rep):
        system()
        args = request.args
        name = (args.get("nome") or "").casefold()
        sigla = (args.get("sigla") or "").casefold()
        found = [
            s
            for s in state.structures.values()
            if s["repository"] == rep
            and name in s["nome"].casefold()
            and sigla in s["sigla"].casefold()
            and (args.get("permiteRecebimento") not in ("true", "1") or s["apto"])
        ]
        found.sort(key=lambda s: s["nome"])
        start = int(args.get("registroInicial", 0))
        count = int(args.get("quantidadeDeRegistros", 10))
        return jsonify(
            {
                "totalDeRegistros": len(found),
                "estruturas": [structure_json(s) for s in found[start : start + count]],
            }
        )

    @app.get(f"{PREFIX}/repositorios-de-estruturas/<int:rep>/estruturas-organizacionais/<int:sid>")
    def one_structure(rep, sid):
        system()
        return jsonify(structure_json(state.structure(rep, sid)))

    @app.get(
        f"{PREFIX}/repositorios-de-estruturas/<int:rep>/estruturas-organizacionais/<int:sid>/filhas"
    )
    def children(rep, sid):
        system()
        state.structure(rep, sid)
        kids = [s for s in state.structures.values() if s["parent"] == sid]
        return jsonify([structure_json(s) for s in kids])

    @app.get(f"{PREFIX}/especies")
    def especies():
        system()
        return jsonify({"especies": [{"codigo": c, "nomeNoProdutor": n} for c, n in ESPECIES]})

    @app.get(f"{PREFIX}/hipoteses")
    def hipoteses():
        system()
        return jsonify(
            {
                "hipotesesLegais": [
                    {"identificacao": i, "nome": n, "status": True} for i, n in HIPOTESES
                ]
            }
        )

    # ---- sending ------------------------------------------------------------------------
    def components_of(processo: dict) -> list[dict]:
        found = []
        for document in processo.get("documentos") or []:
            if document.get("retirado"):  # withdrawn: sent without its file (size 0)
                continue
            for component in document.get("componentesDigitais") or []:
                size = component.get("tamanhoEmBytes")
                content = (component.get("hash") or {}).get("conteudo")
                if not content or not isinstance(size, int) or size <= 0:
                    raise Fail(422, "0030", "Componente digital sem hash ou com tamanho inválido.")
                found.append(
                    {
                        "document": document.get("ordem"),
                        "order": component.get("ordem"),
                        "hash": content,
                        "size": size,
                    }
                )
        if not found:
            raise Fail(422, "0031", "O processo não tem componentes digitais.")
        return found

    def endpoints(caller: str, sender: dict, receiver: dict) -> tuple[dict, dict]:
        origin = state.structure(
            sender.get("identificacaoDoRepositorioDeEstruturas"),
            sender.get("numeroDeIdentificacaoDaEstrutura"),
        )
        if origin["system"] != caller:
            raise Fail(403, "0056", "A estrutura remetente não pertence a este sistema.")
        destination = state.structure(
            receiver.get("identificacaoDoRepositorioDeEstruturas"),
            receiver.get("numeroDeIdentificacaoDaEstrutura"),
        )
        if not destination["apto"]:
            raise Fail(422, "0057", "A estrutura de destino não recebe trâmites.")
        return origin, destination

    def register(
        *,
        header: dict,
        origin: dict,
        destination: dict,
        protocolo: str,
        components: list[dict],
        processo: dict | None = None,
        documento: dict | None = None,
        nre: str | None = None,
        reproduction: bool = False,
        ticket: str | None = None,
    ) -> dict:
        """A new trâmite in status 1 (caller holds the lock; checks already made)."""
        if nre:
            known = state.nres[nre]
        else:
            nre = f"{state.rng.randrange(10**15, 10**16)}"
            known = state.nres[nre] = {"protocolo": protocolo, "hashes": {}, "held": set()}
        pending_only = header.get("enviarApenasComponentesDigitaisPendentes") and not reproduction
        held = known["held"] if pending_only else set()
        solicited = sorted({c["hash"] for c in components} - held)
        idt = state.new_id()
        ticket = ticket or f"{idt}{state.rng.randrange(10**6, 10**7)}"
        tramite = {
            "idt": idt,
            "nre": nre,
            "protocolo": protocolo,
            "processo": processo,
            "documento": documento,
            "header": header,
            "origin": origin["id"],
            "origin_repository": origin["repository"],
            "destination": destination["id"],
            "destination_repository": destination["repository"],
            "components": components,
            "solicited": solicited,
            "received": {},  # hash -> path
            "parts": {},  # hash -> bytes written
            "downloaded": set(),
            "status": 0,
            "changed": state.now(),
            "registered": state.now(),
            "history": [],
            "ticket": ticket,
            "siblings": [],  # other trâmites of the same ticket (a document to many)
            "reproduction": reproduction,
        }
        state.tramites[idt] = tramite
        state.tickets.setdefault(ticket, idt)
        state.move(tramite, 1)
        for c in components:
            known["hashes"][(c["document"], c["order"])] = c["hash"]
        state.touch(tramite, nre)
        complete_if_done(tramite)
        return tramite

    def in_progress(protocolo: str, destination: int | None = None) -> dict | None:
        for other in state.tramites.values():
            if (
                other["protocolo"] == protocolo
                and other["status"] in IN_PROGRESS | {5, 8}
                and destination in (None, other["destination"])
            ):
                return other
        return None

    @app.post(f"{PREFIX}/tramites/processo")
    def start():
        caller = system()
        body = request.get_json(force=True) or {}
        header, processo = body.get("cabecalho") or {}, body.get("processo") or {}
        sender, receiver = header.get("remetente") or {}, header.get("destinatario") or {}
        with state.lock:
            origin, destination = endpoints(caller, sender, receiver)
            protocolo = processo.get("protocolo")
            if not protocolo:
                raise Fail(422, "0010", "Protocolo do processo não informado.")
            components = components_of(processo)
            if in_progress(protocolo):
                raise Fail(409, "0044", f"O processo {protocolo} já possui trâmite em andamento.")
            nre = header.get("NRE")
            if nre:
                known = state.nres.get(nre)
                if known is None or known["protocolo"] != protocolo:
                    raise Fail(422, "0045", "NRE não corresponde ao processo informado.")
                for c in components:
                    old = known["hashes"].get((c["document"], c["order"]))
                    if old and old != c["hash"]:
                        raise Fail(
                            422,
                            "0047",
                            f"O hash do componente do documento {c['document']} foi alterado.",
                        )
            tramite = register(
                header=header,
                origin=origin,
                destination=destination,
                protocolo=protocolo,
                components=components,
                processo=processo,
                nre=nre,
            )
            return jsonify(
                {
                    "IDT": tramite["idt"],
                    "NRE": tramite["nre"],
                    "dataHoraDeRegistroDoTramite": w3c(tramite["registered"]),
                    "ticketParaEnvioDeComponentesDigitais": tramite["ticket"],
                    "processosComComponentesDigitaisSolicitados": [
                        {"protocolo": protocolo, "hashes": tramite["solicited"]}
                    ],
                }
            )

    @app.post(f"{PREFIX}/tramites/documento")
    def start_document():
        """A standalone document (documento avulso) to one or more structures: one
        trâmite per destination, one ticket for all of them."""
        caller = system()
        body = request.get_json(force=True) or {}
        header, documento = body.get("cabecalho") or {}, body.get("documento") or {}
        receivers = header.get("destinatarios") or []
        if not receivers:
            raise Fail(422, "0011", "Informe ao menos um destinatário.")
        protocolo = documento.get("protocolo")
        if not protocolo:
            raise Fail(422, "0010", "Protocolo do documento não informado.")
        if not (documento.get("especie") or {}).get("nomeNoProdutor"):
            raise Fail(422, "0012", "documento.especie.nomeNoProdutor não pode ser vazio.")
        with state.lock:
            pairs = [endpoints(caller, header.get("remetente") or {}, r) for r in receivers]
            components = components_of({"documentos": [{**documento, "ordem": 1}]})
            for _origin, destination in pairs:
                if in_progress(protocolo, destination["id"]):
                    raise Fail(
                        409, "0044", f"O documento {protocolo} já possui trâmite em andamento."
                    )
            made = []
            for origin, destination in pairs:
                made.append(
                    register(
                        header=header,
                        origin=origin,
                        destination=destination,
                        protocolo=protocolo,
                        components=components,
                        documento=documento,
                        ticket=made[0]["ticket"] if made else None,
                    )
                )
            for tramite in made:
                tramite["siblings"] = [t["idt"] for t in made if t is not tramite]
            return jsonify(
                {
                    "tramites": [
                        {
                            "IDT": t["idt"],
                            "NRE": t["nre"],
                            "dataHoraDeRegistroDoTramite": w3c(t["registered"]),
                            "destinatario": tramite_json(t)["destinatario"],
                        }
                        for t in made
                    ],
                    "ticketParaEnvioDeComponentesDigitais": made[0]["ticket"],
                    "hashesDosComponentesDigitaisSolicitados": made[0]["solicited"],
                }
            )

    @app.get(f"{PREFIX}/motivosUrgencia")
    def urgency_reasons():
        system()
        return jsonify({"motivosUrgencia": [{"descricao": d} for d in MOTIVOS_URGENCIA]})

    @app.post(f"{PREFIX}/NREs/<nre>/destinatarios/<int:rep>/<int:sid>/reproducoes-de-tramite")
    def repeat(nre, rep, sid):
        """The destination asks for the last trâmite of an NRE to it again: a new trâmite
        (status 1) from the same sender, whose components the sender uploads again."""
        caller = system()
        with state.lock:
            destination = state.structure(rep, sid)
            if destination["system"] != caller:
                raise Fail(403, "0058", "A estrutura de destino não pertence a este sistema.")
            last = [
                t for t in state.tramites.values() if t["nre"] == nre and t["destination"] == sid
            ]
            if not last:
                raise Fail(404, "0059", f"Nenhum trâmite do NRE {nre} para este destinatário.")
            last = max(last, key=lambda t: t["idt"])
            if last["status"] in IN_PROGRESS | {5, 8}:
                raise Fail(
                    422,
                    "0060",
                    f"NRE, '{nre}', já possui trâmite em andamento para este destinatário.",
                )
            origin = state.structures[last["origin"]]
            tramite = register(
                header=last["header"],
                origin=origin,
                destination=destination,
                protocolo=last["protocolo"],
                components=last["components"],
                processo=last["processo"],
                documento=last["documento"],
                nre=nre,
                reproduction=True,
            )
            return jsonify({"IDT": tramite["idt"], "NRE": nre})

    def complete_if_done(tramite: dict) -> None:
        if tramite["status"] == 1 and set(tramite["solicited"]) <= set(tramite["received"]):
            state.move(tramite, 2)
            state.nres[tramite["nre"]]["held"].update(tramite["received"])
            state.touch(nre=tramite["nre"])

    def ticket_tramite(ticket: str, caller: str) -> dict:
        idt = state.tickets.get(ticket)
        if idt is None:
            raise Fail(404, "0020", "Ticket de envio de componentes não encontrado.")
        tramite = state.tramites[idt]
        if owned(tramite["origin"]) != caller:
            raise Fail(404, "0020", "Ticket de envio de componentes não encontrado.")
        return tramite

    def expected(tramite: dict, hash_: str) -> dict:
        for c in tramite["components"]:
            if c["hash"] == hash_:
                return c
        raise Fail(422, "0021", "Hash de componente não solicitado neste trâmite.")

    def blob(hash_: str) -> Path:
        return state.blobs / hashlib.sha256(hash_.encode()).hexdigest()

    def accept(tramite: dict, hash_: str, path: Path) -> None:
        component = expected(tramite, hash_)
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        if size != component["size"] or b64_digest(digest) != hash_:
            path.unlink(missing_ok=True)
            raise Fail(422, "0022", "O conteúdo recebido não confere com o hash ou o tamanho.")
        os.replace(path, blob(hash_))
        for idt in [tramite["idt"], *tramite.get("siblings", [])]:
            each = state.tramites[idt]
            each["received"][hash_] = str(blob(hash_))
            state.touch(each)
            complete_if_done(each)

    def upload_fields() -> tuple[str, str, object]:
        hash_ = request.form.get("hashDoComponenteDigital") or request.args.get(
            "hashDoComponenteDigital"
        )
        protocolo = request.form.get("protocolo") or request.args.get("protocolo")
        content = request.files.get("conteudo")
        if not hash_ or not protocolo or content is None:
            raise Fail(400, "0023", "Informe conteudo, hashDoComponenteDigital e protocolo.")
        return hash_, protocolo, content

    upload_base = (
        f"{PREFIX}/tickets-de-envio-de-componente/<ticket>/protocolos/componentes-a-enviar"
    )

    @app.put(upload_base)
    def upload(ticket):
        caller = system()
        hash_, _protocolo, content = upload_fields()
        with state.lock:
            tramite = ticket_tramite(ticket, caller)
            if hash_ in tramite["received"]:
                return Response(status=200)
            expected(tramite, hash_)
        fd, tmp = tempfile.mkstemp(dir=state.blobs)
        with os.fdopen(fd, "wb") as fh:
            content.save(fh)
        with state.lock:
            if tramite["status"] != 1:
                Path(tmp).unlink(missing_ok=True)
                raise Fail(422, "0029", "O trâmite não aguarda componentes.")
            accept(tramite, hash_, Path(tmp))
        return Response(status=200)

    @app.put(f"{upload_base}/partes/<int:begin>-<int:end>")
    def upload_part(ticket, begin, end):
        caller = system()
        hash_, _protocolo, content = upload_fields()
        with state.lock:
            tramite = ticket_tramite(ticket, caller)
            if hash_ in tramite["received"]:
                return Response(status=200)
            component = expected(tramite, hash_)
            if begin < 0 or end <= begin or end > component["size"]:
                raise Fail(422, "0025", "Parte fora do tamanho declarado do componente.")
            path = state.blobs / f"part-{tramite['idt']}-{blob(hash_).name}"
        data = content.read()
        if len(data) != end - begin:
            raise Fail(422, "0026", "O tamanho da parte não confere com o intervalo.")
        with state.lock:
            mode = "r+b" if path.exists() else "wb"
            with open(path, mode) as fh:
                fh.seek(begin)
                fh.write(data)
            tramite["parts"].setdefault(hash_, set()).add((begin, end))
            state.touch(tramite)
        return Response(status=200)

    @app.post(f"{upload_base}/partes/sinalizacao-termino-envio")
    def upload_done(ticket):
        caller = system()
        body = request.get_json(force=True) or {}
        hash_ = body.get("hashDoComponenteDigital")
        with state.lock:
            tramite = ticket_tramite(ticket, caller)
            if hash_ in tramite["received"]:
                return Response(status=200)
            path = state.blobs / f"part-{tramite['idt']}-{blob(hash_ or '').name}"
            if not hash_ or not path.exists():
                raise Fail(422, "0027", "Nenhuma parte recebida para este componente.")
            accept(tramite, hash_, path)
        return Response(status=200)

    def as_sender(idt: int, caller: str) -> dict:
        tramite = state.tramite(idt)
        if owned(tramite["origin"]) != caller:
            raise Fail(404, "0002", f"Trâmite {idt} não encontrado.")
        return tramite

    def as_receiver(idt: int, caller: str) -> dict:
        tramite = state.tramite(idt)
        if owned(tramite["destination"]) != caller:
            raise Fail(404, "0002", f"Trâmite {idt} não encontrado.")
        return tramite

    @app.get(f"{PREFIX}/tramites/<int:idt>/recibo-de-envio")
    def sending_receipt(idt):
        caller = system()
        with state.lock:
            tramite = as_sender(idt, caller)
            if tramite["status"] < 2 or (tramite["status"] in {7, 10} and not tramite["received"]):
                raise Fail(422, "0028", "Recibo de envio ainda não disponível.")
            date = w3c(tramite["changed"])
            hashes_ = sorted(tramite["received"])
            text = receipt_text(idt, tramite["nre"], date, hashes_)
            return jsonify(
                {
                    "reciboDeEnvio": {
                        "IDT": idt,
                        "NRE": tramite["nre"],
                        "dataDeRecebimentoDoUltimoComponenteDigital": date,
                        "hashesDosComponentesDigitais": hashes_,
                    },
                    "cadeiaDoCertificado": chain,
                    "hashDaAssinatura": sign(text),
                }
            )

    # ---- polling and queries ------------------------------------------------------------
    @app.get(f"{PREFIX}/tramites/pendentes")
    def pending():
        caller = system()
        found = []
        with state.lock:
            for t in state.tramites.values():
                if (t["status"] in {2, 3, 4} and owned(t["destination"]) == caller) or (
                    t["status"] in {1, 5, 8} and owned(t["origin"]) == caller
                ):
                    found.append({"IDT": t["idt"], "status": t["status"]})
            if state.faults.get("duplicate_pending"):
                found = found + found[: max(1, len(found) // 2)]
        return jsonify(found)

    def tramite_json(t: dict) -> dict:
        return {
            "IDT": t["idt"],
            "NRE": t["nre"],
            "protocolo": t["protocolo"],
            "situacaoAtual": t["status"],
            "remetente": {
                "identificacaoDoRepositorioDeEstruturas": t["origin_repository"],
                "numeroDeIdentificacaoDaEstrutura": str(t["origin"]),
            },
            "destinatario": {
                "identificacaoDoRepositorioDeEstruturas": t["destination_repository"],
                "numeroDeIdentificacaoDaEstrutura": str(t["destination"]),
            },
            "dataHoraDeRegistroDoTramite": w3c(t["registered"]),
            "hashDosComponentesPendentesDeRecebimento": sorted(
                {c["hash"] for c in t["components"]}
            ),
            "hashDosComponentesPendentesDeEnvio": sorted(set(t["solicited"]) - set(t["received"])),
            "mudancasDeSituacao": t["history"],
            "justificativaDaRecusa": t.get("justificativa"),
            "motivoDaRecusa": t.get("motivo"),
        }

    @app.get(f"{PREFIX}/tramites")
    def query():
        caller = system()
        args = request.args
        with state.lock:
            found = [
                t
                for t in state.tramites.values()
                if caller in (owned(t["origin"]), owned(t["destination"]))
                and (not args.get("IDT") or str(t["idt"]) == args["IDT"])
                and (not args.get("NRE") or t["nre"] == args["NRE"])
                and (not args.get("protocolo") or t["protocolo"] == args["protocolo"])
            ]
            return jsonify({"tramites": [tramite_json(t) for t in found]})

    # ---- receiving ----------------------------------------------------------------------
    @app.get(f"{PREFIX}/tramites/<int:idt>")
    def metadata(idt):
        caller = system()
        with state.lock:
            tramite = state.tramite(idt)
            receiving = tramite["status"] in {2, 3, 4, 5, 6}
            # The sender may read what it sent (a repeat's ticket); a system that is both
            # ends (two of its structures) reads as the receiver once there is something.
            sender = owned(tramite["origin"]) == caller and not (
                receiving and owned(tramite["destination"]) == caller
            )
            if not sender:
                tramite = as_receiver(idt, caller)
                if not receiving:
                    raise Fail(422, "0032", "O trâmite não está disponível para recebimento.")
                if tramite["status"] == 2:
                    state.move(tramite, 3)
            answer = {
                "IDT": idt,
                "nre": tramite["nre"],
                "remetente": tramite_json(tramite)["remetente"],
                "destinatario": tramite_json(tramite)["destinatario"],
                "unidadeReceptora": tramite_json(tramite)["destinatario"],
                "propriedadesAdicionais": tramite["header"].get("propriedadesAdicionais", []),
                "reproducaoDeTramite": bool(tramite.get("reproduction")),
                # v4: the repeat of a whole process (not of a standalone document)
                "reproducaoDeProcesso": bool(tramite.get("reproduction"))
                and tramite.get("processo") is not None,
            }
            if tramite.get("processo") is not None:
                answer["processo"] = tramite["processo"]
            else:
                answer["documento"] = tramite["documento"]
            if sender and tramite.get("reproduction") and tramite["status"] == 1:
                answer["ticketParaReenvioDeComponentesDigitais"] = tramite["ticket"]
            return jsonify(answer)

    def download(idt: int, begin: int | None = None, end: int | None = None):
        caller = system()
        body = request.get_json(force=True) or {}
        hash_ = body.get("hashDoComponenteDigital")
        with state.lock:
            tramite = as_receiver(idt, caller)
            if tramite["status"] not in {3, 4}:
                raise Fail(422, "0033", "O trâmite não está em recebimento.")
            if hash_ not in tramite["received"]:
                raise Fail(422, "0021", "Hash de componente não encontrado neste trâmite.")
            if state.faults.get("purged"):
                raise Fail(404, "0034", "Binário do componente digital não está mais disponível.")
            path = Path(tramite["received"][hash_])
            size = path.stat().st_size
            wrong = state.rng.random() < state.faults.get("wrong_hash_rate", 0.0)
        if begin is None:
            begin, end = 0, size
        if begin < 0 or end <= begin or end > size:
            raise Fail(422, "0025", "Parte fora do tamanho do componente.")
        finished = end == size

        def stream():
            with open(path, "rb") as fh:
                fh.seek(begin)
                left, first = end - begin, True
                while left:
                    chunk = fh.read(min(left, 3 * (1 << 18)))  # multiple of 3: clean base64
                    left -= len(chunk)
                    if wrong and first:
                        chunk = bytes([chunk[0] ^ 0xFF]) + chunk[1:]
                    first = False
                    yield base64.b64encode(chunk)
            if finished:
                with state.lock:
                    tramite["downloaded"].add(hash_)
                    state.touch(tramite)
                    pending = {c["hash"] for c in tramite["components"]} - tramite["downloaded"]
                    if not pending and tramite["status"] == 3:
                        state.move(tramite, 4)
                    state.flush()

        return Response(stream(), mimetype="text/plain")

    @app.post(f"{PREFIX}/tramites/<int:idt>/protocolos/componentes-digitais")
    def download_whole(idt):
        return download(idt)

    @app.post(
        f"{PREFIX}/tramites/<int:idt>/protocolos/componentes-digitais/partes/<int:begin>-<int:end>"
    )
    def download_part(idt, begin, end):
        return download(idt, begin, end)

    @app.post(f"{PREFIX}/tramites/<int:idt>/recibo")
    def completion_receipt(idt):
        caller = system()
        body = request.get_json(force=True) or {}
        with state.lock:
            tramite = as_receiver(idt, caller)
            if tramite["status"] != 4:
                raise Fail(
                    422, "0035", f"Recibo só é aceito na situação 4 (atual: {tramite['status']})."
                )
            date = body.get("dataDeRecebimento") or ""
            text = receipt_text(
                idt, tramite["nre"], date, [c["hash"] for c in tramite["components"]]
            )
            certificate = x509.load_pem_x509_certificate((state.pki / f"{caller}.crt").read_bytes())
            try:
                certificate.public_key().verify(
                    base64.b64decode(body.get("hashDaAssinatura") or ""),
                    text.encode(),
                    padding.PKCS1v15(),
                    hashes.SHA256(),
                )
            except (InvalidSignature, ValueError) as exc:
                raise Fail(422, "0036", "Assinatura do recibo inválida.") from exc
            tramite["receipt"] = {"date": date, "signature": body["hashDaAssinatura"]}
            state.move(tramite, 5)
        return Response(status=200)

    @app.get(f"{PREFIX}/tramites/<int:idt>/recibo")
    def fetch_receipt(idt):
        caller = system()
        with state.lock:
            tramite = as_sender(idt, caller)
            if tramite["status"] not in {5, 6}:
                raise Fail(422, "0037", "Recibo de conclusão ainda não disponível.")
            receipt = tramite["receipt"]
            if tramite["status"] == 5:
                state.move(tramite, 6)
            return jsonify(
                {
                    "recibo": {
                        "IDT": idt,
                        "NRE": tramite["nre"],
                        "dataDeRecebimento": receipt["date"],
                        "hashesDosComponentesDigitais": sorted(
                            {c["hash"] for c in tramite["components"]}
                        ),
                    },
                    "cadeiaDoCertificado": chain,
                    "hashDaAssinatura": receipt["signature"],
                }
            )

    @app.delete(f"{PREFIX}/tramites/<int:idt>")
    def cancel(idt):
        caller = system()
        with state.lock:
            tramite = as_sender(idt, caller)
            if tramite["status"] not in IN_PROGRESS:
                raise Fail(
                    422, "0038", f"Trâmite não pode ser cancelado na situação {tramite['status']}."
                )
            state.move(tramite, 7)
        return Response(status=200)

    @app.post(f"{PREFIX}/tramites/<int:idt>/recusa")
    def refuse(idt):
        caller = system()
        body = request.get_json(force=True) or {}
        reason = str(body.get("motivo") or "")
        justification = str(body.get("justificativa") or "")
        if reason not in {"01", "02", "03", "04", "99"} or not justification:
            raise Fail(400, "0039", "Informe o motivo e a justificativa da recusa.")
        if len(justification) > 1000:
            raise Fail(400, "0040", "A justificativa tem mais de 1000 caracteres.")
        with state.lock:
            tramite = as_receiver(idt, caller)
            if tramite["status"] not in {2, 3, 4}:
                raise Fail(
                    422, "0041", f"Trâmite não pode ser recusado na situação {tramite['status']}."
                )
            tramite["motivo"], tramite["justificativa"] = reason, justification
            state.move(tramite, 8)
        return Response(status=200)

    @app.get(f"{PREFIX}/tramites/<int:idt>/ciencia")
    def acknowledge(idt):
        caller = system()
        with state.lock:
            tramite = as_sender(idt, caller)
            if tramite["status"] == 9:
                return Response(status=200)
            if tramite["status"] != 8:
                raise Fail(422, "0042", "O trâmite não foi recusado.")
            state.move(tramite, 9)
        return Response(status=200)

    return app


class ClientCertHandler(WSGIRequestHandler):
    """Puts the client certificate's common name in the WSGI environ."""

    def make_environ(self):
        environ = super().make_environ()
        cert = self.connection.getpeercert() if hasattr(self.connection, "getpeercert") else None
        if cert:
            subject = dict(item[0] for item in cert.get("subject", ()))
            environ["tramita.client_cn"] = subject.get("commonName")
        return environ

    def log_request(self, *args, **kwargs):  # quiet: tests make thousands of calls
        pass


def serve(port: int, pki: Path, state_file: Path | None = None) -> None:
    make_pki(pki)
    state_file = state_file or pki / "state.sqlite3"
    blobs = state_file.parent / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki / "server.crt", pki / "server.key")
    context.load_verify_locations(pki / "ca.crt")
    context.verify_mode = ssl.CERT_REQUIRED
    app = create_app(pki, blobs, state_file)
    server = make_server(
        "127.0.0.1",
        port,
        app,
        threaded=True,
        ssl_context=context,
        request_handler=ClientCertHandler,
    )
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--pki", type=Path, default=Path(".local/tramita"))
    parser.add_argument(
        "--state",
        type=Path,
        default=os.environ.get("TRAMITA_FAKE_STATE") or None,
        help="SQLite file of the fake's state (default: PKI/state.sqlite3; env "
        "TRAMITA_FAKE_STATE); blobs go next to it",
    )
    args = parser.parse_args()
    serve(args.port, args.pki, args.state)


if __name__ == "__main__":
    main()
