"""Client of the gov.br signature API (ITI) and the local checks of what it returns.

Only hashes leave our servers: `sign_hash` sends the SHA-256 of the exact bytes, and
`verify_cms` checks, before anything is stored, that the CMS it returns signs that
hash (messageDigest), that its signature verifies with the certificate inside, that the
certificate is the signer's (CPF) and, when `ITI_CA_FILE` is set, issued by a trusted
CA. The signature's level comes from that chain, never from what the browser asked: a
certificate issued by a CA of `ITI_ICP_CA_FILE` (ICP-Brasil, scope `icp_brasil`) is
qualified, one of the gov.br CA advanced."""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.utils.translation import gettext as _

from signatures.errors import Code, SignatureError

logger = logging.getLogger(__name__)
ICP_BRASIL_PF_DATA = x509.ObjectIdentifier("2.16.76.1.3.1")
SESSION_SCOPE = "signature_session govbr"
QUALIFIED_SCOPE = "signature_session icp_brasil"
MAX_SESSION_HASHES = 100


def configured() -> bool:
    return bool(settings.ITI_AUTH_URL and settings.ITI_CLIENT_ID and settings.ITI_CLIENT_SECRET)


def _unavailable(detail: str) -> SignatureError:
    return SignatureError(
        Code.ITI_UNAVAILABLE,
        _(
            "O serviço de assinatura do gov.br não respondeu como esperado. Nada foi "
            "assinado; tente de novo em alguns minutos."
        ),
        detail,
        status=502,
    )


def _expired(detail: str) -> SignatureError:
    return SignatureError(
        Code.AUTHORIZATION_INVALID,
        _(
            "A autorização de assinatura do gov.br expirou ou já foi usada. Nada foi "
            "assinado; assine de novo."
        ),
        detail,
        status=400,
    )


def forbidden(detail: str = "") -> SignatureError:
    return SignatureError(
        Code.ITI_FORBIDDEN,
        _(
            "Sua conta gov.br não pode assinar com certificado gov.br: é preciso o nível "
            "prata ou ouro e CPF regular. Veja como aumentar o nível em %(url)s"
        )
        % {"url": settings.GOVBR_UPGRADE_PATH},
        detail,
        status=403,
    )


class ItiClient:
    def __init__(self):
        self.http = httpx.Client(timeout=settings.ITI_TIMEOUT)

    def close(self) -> None:
        self.http.close()

    def authorize_url(
        self, *, redirect_uri: str, state: str, nonce: str, qualified: bool = False
    ) -> str:
        query = {
            "response_type": "code",
            "client_id": settings.ITI_CLIENT_ID,
            "scope": QUALIFIED_SCOPE if qualified else SESSION_SCOPE,
            "redirect_uri": redirect_uri,
            "state": state,
            "nonce": nonce,
        }
        return f"{settings.ITI_AUTH_URL.rstrip('/')}/oauth2.0/authorize?{urlencode(query)}"

    def _call(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            return self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise _unavailable(f"{type(exc).__name__}: {exc}") from exc

    def token(self, *, code: str, redirect_uri: str) -> str:
        response = self._call(
            "POST",
            f"{settings.ITI_AUTH_URL.rstrip('/')}/oauth2.0/token",
            data={
                "code": code,
                "client_id": settings.ITI_CLIENT_ID,
                "client_secret": settings.ITI_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "redirect_uri": redirect_uri,
            },
        )
        if response.status_code in (400, 401):
            # reused/expired code (400) or a redirect_uri that is not the authorised one
            raise _expired(f"token {response.status_code}: {response.text[:200]}")
        if response.status_code != 200:
            raise _unavailable(f"token {response.status_code}")
        try:
            return response.json()["access_token"]
        except (ValueError, KeyError) as exc:
            raise _unavailable("token answer without access_token") from exc

    def _api(self, method: str, path: str, token: str, **kwargs) -> httpx.Response:
        response = self._call(
            method,
            f"{settings.ITI_API_URL.rstrip('/')}{path}",
            headers={"Authorization": f"Bearer {token}"},
            **kwargs,
        )
        if response.status_code == 403:
            raise forbidden(response.text[:200])
        if response.status_code == 401:
            raise _expired(f"{path} 401")
        if response.status_code != 200:
            raise _unavailable(f"{path} {response.status_code}")
        return response

    def certificate(self, token: str) -> x509.Certificate:
        response = self._api("GET", "/externo/v2/certificadoPublico", token)
        try:
            return x509.load_pem_x509_certificate(response.content)
        except ValueError as exc:
            raise _unavailable("certificadoPublico is not a PEM certificate") from exc

    def sign_hash(self, token: str, digest: bytes) -> bytes:
        """`assinarPKCS7` over the raw 32-byte SHA-256 (base64), as the official example."""
        response = self._api(
            "POST",
            "/externo/v2/assinarPKCS7",
            token,
            json={"hashBase64": base64.b64encode(digest).decode()},
        )
        return response.content


# --- local verification ---------------------------------------------------------------


def certificate_cpf(cert: x509.Certificate) -> str:
    """The holder's CPF: the ICP-Brasil otherName 2.16.76.1.3.1 (birth date, then CPF),
    or the `NAME:CPF` common name."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        for other in san.get_values_for_type(x509.OtherName):
            if other.type_id == ICP_BRASIL_PF_DATA:
                raw = other.value
                # OCTET STRING / PrintableString / UTF8String with a short length
                data = raw[2:] if len(raw) > 2 and raw[1] < 0x80 else raw
                digits = data.decode("ascii", "ignore")
                if len(digits) >= 19 and digits[8:19].isdigit():
                    return digits[8:19]
    except x509.ExtensionNotFound:
        pass
    names = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    if names:
        match = re.search(r":(\d{11})$", str(names[0].value))
        if match:
            return match.group(1)
    return ""


def _load_cas(path: str) -> list[x509.Certificate]:
    if not path:
        return []
    with open(path, "rb") as fh:
        return x509.load_pem_x509_certificates(fh.read())


def _trusted_cas() -> list[x509.Certificate]:
    return _load_cas(settings.ITI_CA_FILE)


def _icp_cas() -> list[x509.Certificate]:
    return _load_cas(getattr(settings, "ITI_ICP_CA_FILE", ""))


def qualified_available() -> bool:
    """Signing at the qualified level needs the ITI and a trusted ICP-Brasil CA."""
    return configured() and bool(getattr(settings, "ITI_ICP_CA_FILE", ""))


def check_certificate(cert: x509.Certificate, cpf: str) -> str:
    """The certificate is the signer's and issued by a trusted CA; answers the level it
    gives (signatures.models.Level): qualified when an ICP-Brasil CA of
    `ITI_ICP_CA_FILE` issued it, advanced when the gov.br CA did (or when
    `ITI_CA_FILE` is not set, as before)."""
    from signatures.models import Level

    if certificate_cpf(cert) != cpf:
        raise SignatureError(
            Code.CERTIFICATE_MISMATCH,
            _(
                "O certificado gov.br recebido não é do CPF de quem está assinando. Nada foi "
                "assinado."
            ),
            status=400,
        )
    if any(_issued_by(cert, ca) for ca in _icp_cas()):
        return Level.QUALIFIED
    cas = _trusted_cas()
    if cas and not any(_issued_by(cert, ca) for ca in cas):
        raise SignatureError(
            Code.CERTIFICATE_MISMATCH,
            _(
                "O certificado recebido não foi emitido pela autoridade do gov.br. "
                "Nada foi assinado."
            ),
            "untrusted issuer",
            status=400,
        )
    return Level.ADVANCED


def _issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    if cert.issuer != ca.subject:
        return False
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _verify(public_key, signature: bytes, data: bytes) -> None:
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature("unsupported key type")


def unavailable_storage(exc: Exception) -> SignatureError:
    return SignatureError(
        Code.ITI_UNAVAILABLE,
        _("Não foi possível guardar a assinatura. Nada foi assinado; tente de novo."),
        f"{type(exc).__name__}: {exc}",
        status=503,
    )


def cms_invalid(detail: str) -> SignatureError:
    return SignatureError(
        Code.CMS_INVALID,
        _(
            "A assinatura devolvida pelo gov.br não confere com o documento (resumo ou "
            "assinatura inválidos). Nada foi assinado."
        ),
        detail,
        status=400,
    )


@dataclass
class VerifiedCms:
    certificate: x509.Certificate
    der: bytes
    level: str = "advanced"


def verify_cms(der: bytes, *, digest: bytes, cpf: str) -> VerifiedCms:
    """The CMS returned by assinarPKCS7: SignedData whose signer's messageDigest equals
    our SHA-256, whose signature verifies over the signed attributes with the signer's
    certificate (inside the CMS), a certificate of this CPF."""
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise cms_invalid("not SignedData")
        signed = info["content"]
        [signer] = list(signed["signer_infos"])
        if signer["digest_algorithm"]["algorithm"].native != "sha256":
            raise cms_invalid("digest algorithm is not SHA-256")
        attrs = signer["signed_attrs"]
        if not attrs:
            raise cms_invalid("no signed attributes")
        digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
        if digests != [digest]:
            raise cms_invalid("messageDigest differs from our hash")
        sid = signer["sid"]
        certs = [c.chosen for c in signed["certificates"] or []]
        chosen = None
        for candidate in certs:
            if sid.name == "issuer_and_serial_number":
                ref = sid.chosen
                if (
                    candidate.issuer == ref["issuer"]
                    and candidate.serial_number == ref["serial_number"].native
                ):
                    chosen = candidate
            elif candidate.key_identifier == sid.chosen.native:
                chosen = candidate
        if chosen is None:
            raise cms_invalid("signer certificate not in the CMS")
        cert = x509.load_der_x509_certificate(chosen.dump())
        signed_bytes = b"\x31" + attrs.dump()[1:]  # the SET OF, as signed (RFC 5652 5.4)
        _verify(cert.public_key(), signer["signature"].native, signed_bytes)
    except SignatureError:
        raise
    except InvalidSignature as exc:
        raise cms_invalid("signature does not verify") from exc
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise cms_invalid(f"unreadable CMS: {type(exc).__name__}: {exc}") from exc
    level = check_certificate(cert, cpf)
    return VerifiedCms(certificate=cert, der=der, level=level)


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)
