"""A local gov.br signature API (ITI, "assinatura eletrônica avançada") for tests and
`make run`.

It speaks the calls of ../shared/specs/peticionamento.md §6 with the real quirks:

* `GET /oauth2.0/authorize?response_type=code&client_id&scope&redirect_uri&state&nonce`:
  scope holds exactly one of `sign` (the token signs one hash) or `signature_session`
  (up to 100 hashes while valid), plus `govbr` and/or `icp_brasil`; a persona picker
  stands in for the gov.br login and the SMS/app code (and, with both, a select of the
  certificate: gov.br or ICP-Brasil em nuvem);
* `POST /oauth2.0/token` (form or query string: code, client_id, client_secret,
  grant_type=authorization_code, redirect_uri): codes are single-use and live 60 s — a
  reused or unknown one is 400 `invalid_request`; a redirect_uri other than the one of
  the authorisation is 401; the answer is `{access_token, token_type: bearer,
  expires_in: 600}`;
* `GET /externo/v2/certificadoPublico` (Bearer) → the signer's certificate (PEM), issued
  by the fake's own CA (written to `--pki DIR/ca.pem` at start; CN `NAME:CPF` and the
  ICP-Brasil otherName 2.16.76.1.3.1 with the CPF); when the scope holds `icp_brasil`
  (the qualified signature, a PSC cloud certificate) it is issued instead by a separate
  "AC ICP-Brasil" CA (`--pki DIR/icp-ca.pem`, O=ICP-Brasil, the same CPF otherName);
  with both `govbr` and `icp_brasil` the authorise page lets the person choose, as
  gov.br does; the ICP-Brasil certificate signs for any gov.br level (bronze too);
* `POST /externo/v2/assinarPKCS7` (Bearer, JSON `{"hashBase64": base64 of 32 bytes}`) →
  binary PKCS#7 (CMS SignedData, SHA256-RSA, detached, signed attributes with the
  messageDigest, signer certificate inside);
* a bronze account → 403 with a fixed message on both API calls; an expired token
  (600 s, on the fake's clock) → 401.

Faults, chosen per authorisation on the persona form (`fault=`) or for the next ones
with `POST /_fake/faults {"fault": ...}`: `wrong_digest` (the CMS signs another hash),
`wrong_cpf` (the certificate is someone else's), `bad_signature` (the signature bytes
do not verify), `untrusted_ca` (the certificate comes from another CA), `server_error`
(500 on assinarPKCS7), `deny` (the person refuses: `error=access_denied`). The clock:
`POST /_fake/clock {"advance": seconds}`; `POST /_fake/reset`; `GET /_fake/state`.

    python -m fakes.iti --port 9300 --pki .local/iti --client-id ID --client-secret SECRET
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as dt
import html
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from asn1crypto import algos, cms
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from flask import Flask, Response, jsonify, redirect, request

ICP_BRASIL_PF_DATA = x509.ObjectIdentifier("2.16.76.1.3.1")
TOKEN_SECONDS = 600
CODE_SECONDS = 60
SESSION_HASHES = 100
FORBIDDEN_MESSAGE = (
    "Usuário sem permissão para assinar: a conta gov.br precisa ser prata ou ouro e o CPF "
    "precisa estar regular."
)
PERSONAS = [
    {"cpf": "39053344705", "name": "Ana Gestora de Extrema", "level": "silver"},
    {"cpf": "11144477735", "name": "Bruno Servidor", "level": "gold"},
    {"cpf": "86288366757", "name": "José Cidadão", "level": "bronze"},
]
FAULTS = [
    "",
    "wrong_digest",
    "wrong_cpf",
    "bad_signature",
    "untrusted_ca",
    "server_error",
    "deny",
]


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(
    common_name: str, organisation: str = "ICP-Brasil (simulada)"
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    now = dt.datetime.now(dt.UTC)
    name = _name(common_name, organisation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _der_octet_string(data: bytes) -> bytes:
    if len(data) >= 128:
        raise ValueError("short form only")
    return b"\x04" + bytes([len(data)]) + data


def issue(
    ca: tuple, cpf: str, name: str, *, organisation: str = "Gov-Br"
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A gov.br-like signing certificate: CN `NAME:CPF`, CPF also in the ICP-Brasil
    otherName (birth date 8 + CPF 11 + NIS 11 + RG 15 + issuer/UF 6). With
    organisation="ICP-Brasil": an ICP-Brasil end-entity certificate (e-CPF in a cloud
    PSC), which carries the CPF the same way."""
    ca_key, ca_cert = ca
    key = _key()
    now = dt.datetime.now(dt.UTC)
    pf_data = ("01011980" + cpf + "0" * 11 + "0" * 15 + "SSPMG ").encode()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name.upper()}:{cpf}", organisation))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.OtherName(ICP_BRASIL_PF_DATA, _der_octet_string(pf_data))]
            ),
            critical=False,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def pkcs7(
    digest: bytes, key: rsa.RSAPrivateKey, cert: x509.Certificate, *, bad: bool = False
) -> bytes:
    """A detached CMS SignedData over a precomputed SHA-256 (what assinarPKCS7 returns)."""
    signed_attrs = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute(
                {
                    "type": "signing_time",
                    "values": [cms.Time({"utc_time": dt.datetime.now(dt.UTC)})],
                }
            ),
            cms.CMSAttribute({"type": "message_digest", "values": [digest]}),
        ]
    )
    signature = key.sign(signed_attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
    if bad:
        signature = bytes([signature[0] ^ 0xFF]) + signature[1:]
    asn1_cert = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                        {"issuer": asn1_cert.issuer, "serial_number": asn1_cert.serial_number}
                    )
                }
            ),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "data"},
            "certificates": [asn1_cert],
            "signer_infos": [signer],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


class State:
    def __init__(self, pki: Path | None):
        self.lock = threading.Lock()
        self.ca = make_ca("AC Final do Governo Federal do Brasil v1 (simulada)")
        self.other_ca = make_ca("AC Desconhecida (simulada)")
        self.icp_ca = make_ca("AC ICP-Brasil PSC em Nuvem (simulada)", "ICP-Brasil")
        if pki is not None:
            pki.mkdir(parents=True, exist_ok=True)
            (pki / "ca.pem").write_bytes(self.ca[1].public_bytes(serialization.Encoding.PEM))
            (pki / "icp-ca.pem").write_bytes(
                self.icp_ca[1].public_bytes(serialization.Encoding.PEM)
            )
        self.certs: dict[tuple, tuple] = {}
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.codes: dict[str, dict] = {}
            self.tokens: dict[str, dict] = {}
            self.offset = 0.0
            self.next_fault = ""
            self.counters = {"authorize": 0, "token": 0, "certificate": 0, "sign": 0}
            self.hashes: list[str] = []  # every hashBase64 assinarPKCS7 received, in order

    def now(self) -> float:
        return time.time() + self.offset

    def certificate_for(
        self, cpf: str, name: str, *, untrusted: bool = False, icp: bool = False
    ) -> tuple:
        key = (cpf, name, untrusted, icp)
        with self.lock:
            if key not in self.certs:
                if untrusted:
                    self.certs[key] = issue(self.other_ca, cpf, name)
                elif icp:
                    self.certs[key] = issue(self.icp_ca, cpf, name, organisation="ICP-Brasil")
                else:
                    self.certs[key] = issue(self.ca, cpf, name)
            return self.certs[key]


def create_app(*, client_id: str, client_secret: str, pki: Path | None = None) -> Flask:
    app = Flask(__name__)
    state = State(pki)
    app.config["state"] = state

    def page(body: str, status: int = 200) -> Response:
        return Response(
            "<!doctype html><html lang='pt-BR'><meta charset='utf-8'>"
            "<title>Assinatura gov.br (simulada)</title><body style='font-family:sans-serif;"
            "max-width:40rem;margin:2rem auto'><h1>Assinatura eletrônica gov.br — simulada</h1>"
            f"{body}</body></html>",
            status=status,
            mimetype="text/html",
        )

    @app.get("/oauth2.0/authorize")
    def authorize():
        args = request.args
        missing = [
            k for k in ("response_type", "client_id", "scope", "redirect_uri", "state")
            if not args.get(k)
        ]  # fmt: skip
        if missing or args["client_id"] != client_id or args["response_type"] != "code":
            return page(
                f"<p>Pedido inválido: {html.escape(', '.join(missing) or 'cliente')}</p>", 400
            )
        scopes = set(args["scope"].split())
        if len(scopes & {"sign", "signature_session"}) != 1 or not scopes <= {
            "sign", "signature_session", "govbr", "icp_brasil",
        }:  # fmt: skip
            return page(
                "<p>Escopo inválido: use sign ou signature_session, e govbr e/ou icp_brasil.</p>",
                400,
            )
        if {"govbr", "icp_brasil"} <= scopes:
            kinds = (
                "<p><label>Certificado <select name='certificate'>"
                "<option value='govbr'>GOV.BR (assinatura avançada)</option>"
                "<option value='icp_brasil'>ICP-Brasil em nuvem (assinatura qualificada)"
                "</option></select></label></p>"
            )
        elif "icp_brasil" in scopes:
            kinds = "<p>Certificado: ICP-Brasil em nuvem (assinatura qualificada)</p>"
        else:
            kinds = ""
        with state.lock:
            state.counters["authorize"] += 1
            default_fault = state.next_fault
        hidden = "".join(
            f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
            for k, v in args.items()
        )
        options = "".join(
            f"<p><button name='persona' value='{i}'>{html.escape(p['name'])} ({p['level']})"
            "</button></p>"
            for i, p in enumerate(PERSONAS)
        )
        faults = "".join(
            f"<option value='{f}'{' selected' if f == default_fault else ''}>{f or 'nenhuma'}"
            "</option>"
            for f in FAULTS
        )
        return page(
            "<p>Autorize a assinatura (ambiente de desenvolvimento: escolha quem assina; o "
            "código enviado por SMS/aplicativo é dispensado).</p>"
            f"<form method='post' action='/oauth2.0/authorize'>{hidden}{kinds}{options}"
            "<fieldset><legend>Outra pessoa</legend>"
            "<label>CPF <input name='cpf'></label> <label>Nome <input name='name'></label> "
            "<label>Nível <select name='level'><option>bronze</option><option>silver</option>"
            "<option>gold</option></select></label> "
            "<button name='persona' value='custom'>Autorizar</button></fieldset>"
            f"<p><label>Falha a simular <select name='fault'>{faults}</select></label></p>"
            "</form>"
        )

    @app.post("/oauth2.0/authorize")
    def choose():
        form = request.form
        choice = form.get("persona", "0")
        if choice == "custom":
            person = {
                "cpf": form.get("cpf", ""),
                "name": form.get("name", ""),
                "level": form.get("level", "bronze"),
            }
        else:
            person = PERSONAS[int(choice)]
        fault = form.get("fault", "")
        scopes = set(form["scope"].split())
        if {"govbr", "icp_brasil"} <= scopes:
            chosen = form.get("certificate", "govbr")
            certificate_kind = chosen if chosen in ("govbr", "icp_brasil") else "govbr"
        else:
            certificate_kind = "icp_brasil" if "icp_brasil" in scopes else "govbr"
        target = form["redirect_uri"]
        sep = "&" if "?" in target else "?"
        if fault == "deny":
            query = {"error": "access_denied", "state": form.get("state", "")}
            return redirect(f"{target}{sep}{urlencode(query)}")
        code = secrets.token_urlsafe(24)
        with state.lock:
            state.codes[code] = {
                "person": person,
                "fault": fault,
                "certificate": certificate_kind,
                "scope": scopes,
                "redirect_uri": target,
                "at": state.now(),
            }
        return redirect(f"{target}{sep}{urlencode({'code': code, 'state': form['state']})}")

    @app.post("/oauth2.0/token")
    def token():
        params = {**request.args.to_dict(), **request.form.to_dict()}
        with state.lock:
            state.counters["token"] += 1
        if params.get("client_id") != client_id or params.get("client_secret") != client_secret:
            return jsonify({"error": "invalid_client"}), 401
        if params.get("grant_type") != "authorization_code":
            return jsonify({"error": "unsupported_grant_type"}), 400
        with state.lock:
            grant = state.codes.pop(params.get("code", ""), None)
        if grant is None or state.now() - grant["at"] > CODE_SECONDS:
            return jsonify({"error": "invalid_request", "error_description": "code"}), 400
        if params.get("redirect_uri") != grant["redirect_uri"]:
            return jsonify({"error": "invalid_client", "error_description": "redirect_uri"}), 401
        access = secrets.token_urlsafe(32)
        with state.lock:
            state.tokens[access] = {
                "person": grant["person"],
                "fault": grant["fault"],
                "certificate": grant["certificate"],
                "scope": grant["scope"],
                "expires": state.now() + TOKEN_SECONDS,
                "signed": 0,
            }
        return jsonify({"access_token": access, "token_type": "bearer", "expires_in": 600})

    def bearer():
        header = request.headers.get("Authorization", "")
        grant = state.tokens.get(header.removeprefix("Bearer ").strip())
        if grant is None or state.now() > grant["expires"]:
            return None, (jsonify({"error": "invalid_token"}), 401)
        # The ICP-Brasil (PSC) certificate is the person's own: any gov.br level signs.
        if grant["certificate"] != "icp_brasil" and grant["person"]["level"] not in (
            "silver",
            "gold",
        ):
            return None, (Response(FORBIDDEN_MESSAGE, status=403, mimetype="text/plain"))
        return grant, None

    def signer_of(grant: dict) -> tuple:
        person, fault = grant["person"], grant["fault"]
        cpf = "52998224725" if fault == "wrong_cpf" else person["cpf"]
        return state.certificate_for(
            cpf,
            person["name"],
            untrusted=fault == "untrusted_ca",
            icp=grant["certificate"] == "icp_brasil",
        )

    @app.get("/externo/v2/certificadoPublico")
    def certificate():
        grant, error = bearer()
        if error:
            return error
        with state.lock:
            state.counters["certificate"] += 1
        _, cert = signer_of(grant)
        return Response(cert.public_bytes(serialization.Encoding.PEM), mimetype="text/plain")

    @app.post("/externo/v2/assinarPKCS7")
    def sign():
        grant, error = bearer()
        if error:
            return error
        body = request.get_json(silent=True) or {}
        with state.lock:
            state.hashes.append(str(body.get("hashBase64", "")))
        try:
            digest = base64.b64decode(body.get("hashBase64", ""), validate=True)
        except (binascii.Error, ValueError):
            digest = b""
        if len(digest) != 32:
            return jsonify({"error": "hashBase64 deve ser o SHA-256 (32 bytes) em base64"}), 400
        limit = SESSION_HASHES if "signature_session" in grant["scope"] else 1
        with state.lock:
            if grant["signed"] >= limit:
                return jsonify({"error": "invalid_token", "error_description": "limite"}), 401
            grant["signed"] += 1
            state.counters["sign"] += 1
        if grant["fault"] == "server_error":
            return jsonify({"error": "erro interno"}), 500
        key, cert = signer_of(grant)
        if grant["fault"] == "wrong_digest":
            digest = bytes(b ^ 0x55 for b in digest)
        return Response(
            pkcs7(digest, key, cert, bad=grant["fault"] == "bad_signature"),
            mimetype="application/octet-stream",
        )

    @app.post("/_fake/faults")
    def faults():
        with state.lock:
            state.next_fault = (request.get_json(silent=True) or {}).get("fault", "")
        return jsonify({"fault": state.next_fault})

    @app.post("/_fake/clock")
    def clock():
        with state.lock:
            state.offset += float((request.get_json(silent=True) or {}).get("advance", 0))
        return jsonify({"offset": state.offset})

    @app.post("/_fake/reset")
    def reset():
        state.reset()
        return jsonify({"ok": True})

    @app.get("/_fake/state")
    def show():
        with state.lock:
            return jsonify(
                {"counters": state.counters, "tokens": len(state.tokens), "hashes": state.hashes}
            )

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=9300)
    parser.add_argument("--pki", type=Path, default=Path(".local/iti"))
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    args = parser.parse_args()
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *a, **k):
            pass

    app = create_app(client_id=args.client_id, client_secret=args.client_secret, pki=args.pki)
    make_server("127.0.0.1", args.port, app, threaded=True, request_handler=Quiet).serve_forever()


if __name__ == "__main__":
    main()
