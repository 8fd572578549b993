"""A typed HTTP client for Tramita GOV.BR (REST v3), one method per call of
../shared/specs/tramita.md.

* mTLS: the system's client certificate and key (`tramita.credentials`: files named by
  TRAMITA_CERT_FILE/KEY_FILE, or read at run time from AWS Secrets Manager with a short
  cache, so a rotated certificate is used without a redeploy), the server checked against
  TRAMITA_CA_FILE (or the system trust store).
* Network errors and 5xx are retried a bounded number of times with exponential backoff,
  then raised as `TramitaUnavailable`; 4xx answers become `TramitaError` with Tramita's
  `codigoErro` and `mensagem`.
* Component bodies are streamed both ways: uploads are generated from an iterator of
  chunks (the length is declared up front), downloads are decoded from base64 as they
  arrive. Memory stays flat whatever the component's size.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from django.conf import settings


class TramitaError(Exception):
    """Tramita answered with an error (4xx, or 5xx after the retries)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"HTTP {status} [{code or '-'}] {message}")
        self.status, self.code, self.message = status, code, message


class TramitaUnavailable(TramitaError):
    """Network failure, timeout or 5xx that outlasted the retries: try again later."""


class NotConfigured(TramitaError):
    def __init__(self):
        super().__init__(0, "config", "Tramita GOV.BR não configurado (TRAMITA_BASE_URL).")


Chunks = Callable[[], Iterable[bytes]]


def tls_context(cert_file: str, key_file: str, ca_file: str = "") -> ssl.SSLContext:
    """Server checked against `ca_file` (or the system store); our certificate presented."""
    context = ssl.create_default_context(cafile=ca_file or None)
    if cert_file:
        context.load_cert_chain(cert_file, key_file or None)
    return context


class TramitaClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        cert_file: str | None = None,
        key_file: str | None = None,
        ca_file: str | None = None,
        timeout: float | None = None,
        retries: int = 3,
        backoff: float = 0.5,
    ):
        self.base_url = base_url if base_url is not None else settings.TRAMITA_BASE_URL
        if not self.base_url:
            raise NotConfigured()
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        self.retries, self.backoff = retries, backoff
        if not cert_file:
            from tramita import credentials

            cert_file, key_file = credentials.files()
        self.http = httpx.Client(
            base_url=self.base_url,
            verify=tls_context(cert_file, key_file or "", ca_file or settings.TRAMITA_CA_FILE),
            timeout=timeout or settings.TRAMITA_TIMEOUT,
            headers={"Accept": "*/*"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- transport -------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, stream: bool = False, **kwargs) -> httpx.Response:
        """One call with bounded retries on network errors and 5xx. A body given as a
        factory (`content=callable`) is regenerated for every attempt."""
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            call = dict(kwargs)
            if callable(call.get("content")):
                call["content"] = call["content"]()
            try:
                request = self.http.build_request(method, path, **call)
                response = self.http.send(request, stream=stream)
            except httpx.TransportError as exc:
                last = exc
                continue
            if response.status_code < 400:
                return response
            if stream:
                response.read()
            error = self._error(response)
            response.close()
            # Tramita answers business errors as HTTP 500 with a codigoErro: those are
            # final, like 4xx. Gateways and outages (502/503/504, or no code) are retried.
            if response.status_code >= 500 and not (response.status_code == 500 and error.code):
                last = error
                continue
            raise error
        if isinstance(last, TramitaError):
            raise TramitaUnavailable(last.status, last.code, last.message)
        raise TramitaUnavailable(0, "network", f"{type(last).__name__}: {last}")

    @staticmethod
    def _error(response: httpx.Response) -> TramitaError:
        try:
            body = response.json()
            code, message = str(body.get("codigoErro", "")), str(body.get("mensagem", ""))
        except ValueError:
            code, message = "", response.text[:500]
        return TramitaError(response.status_code, code, message or response.reason_phrase)

    def _json(self, method: str, path: str, **kwargs) -> Any:
        response = self._send(method, path, **kwargs)
        return response.json() if response.content else None

    # --- catalogue -------------------------------------------------------------------------

    def healthcheck(self) -> bool:
        return self._send("GET", "healthcheck").status_code == 200

    def repositories(self) -> list[dict]:
        return self._json("GET", "repositorios-de-estruturas", params={"ativos": "true"})

    def search_structures(
        self,
        repository: int,
        *,
        name: str = "",
        acronym: str = "",
        receiving_only: bool = True,
        start: int = 0,
        count: int = 20,
    ) -> dict:
        params = {
            "apenasAtivas": "true",
            "registroInicial": start,
            "quantidadeDeRegistros": count,
        }
        if name:
            params["nome"] = name
        if acronym:
            params["sigla"] = acronym
        if receiving_only:
            params["permiteRecebimento"] = "true"
        path = f"repositorios-de-estruturas/{int(repository)}/estruturas-organizacionais"
        return self._json("GET", path, params=params)

    @staticmethod
    def _structure_path(repository: int, structure: int) -> str:
        return (
            f"repositorios-de-estruturas/{int(repository)}"
            f"/estruturas-organizacionais/{int(structure)}"
        )

    def structure(self, repository: int, structure: int) -> dict:
        return self._json("GET", self._structure_path(repository, structure))

    def children(self, repository: int, structure: int) -> list[dict]:
        return self._json("GET", self._structure_path(repository, structure) + "/filhas")

    def especies(self) -> list[dict]:
        return self._json("GET", "especies")["especies"]

    def hipoteses(self) -> list[dict]:
        return self._json("GET", "hipoteses", params={"ativos": "true"})["hipotesesLegais"]

    def urgency_reasons(self) -> list[dict]:
        """`GET motivosUrgencia`: descriptions only; like the reference client, the codes
        are their positions from 1."""
        found = (self._json("GET", "motivosUrgencia") or {}).get("motivosUrgencia") or []
        return [
            {"code": n, "description": str(item.get("descricao") or "")}
            for n, item in enumerate(found, start=1)
        ]

    # --- sending ---------------------------------------------------------------------------

    def start_process(self, payload: dict) -> dict:
        return self._json("POST", "tramites/processo", json=payload)

    def start_document(self, payload: dict) -> dict:
        """A documento avulso: `{cabecalho: {remetente, destinatarios: [...]}, documento}`;
        answers `{tramites: [{IDT, ...}], ticketParaEnvioDeComponentesDigitais}`."""
        return self._json("POST", "tramites/documento", json=payload)

    @staticmethod
    def _multipart(fields: dict[str, str], size: int, chunks: Chunks) -> tuple[dict, Chunks]:
        """A multipart/form-data body whose file part (`conteudo`) is streamed, with its
        exact Content-Length declared (no chunked encoding)."""
        boundary = secrets.token_hex(16)
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="conteudo"; '
            f'filename="conteudo"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + size + len(tail)),
        }

        def body() -> Iterator[bytes]:
            yield head
            yield from chunks()
            yield tail

        return headers, body

    def _upload_path(self, ticket: str) -> str:
        return f"tickets-de-envio-de-componente/{ticket}/protocolos/componentes-a-enviar"

    def upload_component(
        self, ticket: str, *, protocol: str, hash_b64: str, size: int, chunks: Chunks
    ) -> None:
        fields = {"hashDoComponenteDigital": hash_b64, "protocolo": protocol}
        headers, body = self._multipart(fields, size, chunks)
        self._send("PUT", self._upload_path(ticket), content=body, headers=headers).close()

    def upload_part(
        self, ticket: str, *, protocol: str, hash_b64: str, begin: int, end: int, chunks: Chunks
    ) -> None:
        """Bytes [begin, end) of a component (`end` exclusive)."""
        fields = {"hashDoComponenteDigital": hash_b64, "protocolo": protocol}
        headers, body = self._multipart(fields, end - begin, chunks)
        path = f"{self._upload_path(ticket)}/partes/{begin}-{end}"
        self._send("PUT", path, content=body, headers=headers).close()

    def finish_parts(self, ticket: str, *, protocol: str, hash_b64: str) -> None:
        path = f"{self._upload_path(ticket)}/partes/sinalizacao-termino-envio"
        body = {"hashDoComponenteDigital": hash_b64, "protocolo": protocol}
        self._send("POST", path, json=body).close()

    def sending_receipt(self, idt: int) -> dict:
        return self._json("GET", f"tramites/{int(idt)}/recibo-de-envio")

    # --- following -------------------------------------------------------------------------

    def pending(self) -> list[dict]:
        return self._json("GET", "tramites/pendentes", params={"todas": "true"}) or []

    def tramites(self, **query) -> list[dict]:
        params = {k: v for k, v in query.items() if v not in (None, "")}
        return (self._json("GET", "tramites", params=params) or {}).get("tramites", [])

    def tramite(self, idt: int) -> dict | None:
        found = self.tramites(IDT=idt)
        return found[0] if found else None

    def change(self, idt: int, action: Callable[[], object], *, into: set[int]) -> None:
        """Run a state change of trâmite `idt`. If Tramita refuses it but the trâmite is
        already in one of the situations `into`, an earlier attempt did it and its answer
        was lost: that is success, and retrying steps stay idempotent."""
        try:
            action()
        except TramitaError:
            if int((self.tramite(idt) or {}).get("situacaoAtual") or 0) not in into:
                raise

    def cancel(self, idt: int) -> None:
        self._send("DELETE", f"tramites/{int(idt)}").close()

    def completion_receipt(self, idt: int) -> dict:
        return self._json("GET", f"tramites/{int(idt)}/recibo")

    def acknowledge_refusal(self, idt: int) -> None:
        # Tramita's API uses GET for this state change.
        self._send("GET", f"tramites/{int(idt)}/ciencia").close()

    # --- receiving -------------------------------------------------------------------------

    def metadata(self, idt: int) -> dict:
        return self._json("GET", f"tramites/{int(idt)}")

    @contextmanager
    def download(
        self, idt: int, *, protocol: str, hash_b64: str, begin: int | None = None, end=None
    ) -> Iterator[Iterator[bytes]]:
        """The component's bytes (or bytes [begin, end)), decoded from the base64 text
        Tramita answers with, as an iterator of chunks."""
        path = f"tramites/{int(idt)}/protocolos/componentes-digitais"
        if begin is not None:
            path += f"/partes/{begin}-{end}"
        body = {"hashDoComponenteDigital": hash_b64, "protocolo": protocol}
        response = self._send("POST", path, json=body, stream=True)
        try:
            yield _decode_base64(response.iter_bytes(1 << 20))
        finally:
            response.close()

    def send_receipt(self, idt: int, *, received_at: str, signature_b64: str) -> None:
        body = {"dataDeRecebimento": received_at, "hashDaAssinatura": signature_b64}
        self._send("POST", f"tramites/{int(idt)}/recibo", json=body).close()

    def refuse(self, idt: int, *, reason: str, justification: str) -> None:
        body = {"justificativa": clip_justification(justification), "motivo": reason}
        self._send("POST", f"tramites/{int(idt)}/recusa", json=body).close()

    def repeat(self, nre: str, repository: int, structure: int) -> dict | None:
        """The destination asks Tramita to repeat the NRE's last trâmite to it (body `[]`,
        as the reference client sends)."""
        path = f"NREs/{nre}/destinatarios/{int(repository)}/{int(structure)}/reproducoes-de-tramite"
        return self._json("POST", path, json=[])


def clip_justification(text: str, limit: int = 1000) -> str:
    """Tramita takes at most 1000 bytes in ISO-8859-1; like the reference client, a
    longer text is cut and ends in " ..."."""
    encoded = text.encode("latin-1", "replace")
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 4].decode("latin-1") + " ..."


def _decode_base64(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decode a base64 stream chunk by chunk (whitespace and quotes ignored)."""
    pending = b""
    for chunk in chunks:
        data = pending + chunk.translate(None, b' \r\n\t"')
        cut = len(data) - len(data) % 4
        pending = data[cut:]
        if cut:
            try:
                yield base64.b64decode(data[:cut], validate=True)
            except binascii.Error as exc:
                raise TramitaError(200, "base64", "Componente com base64 inválido.") from exc
    if pending:
        raise TramitaError(200, "base64", "Componente com base64 truncado.")
