"""The signed completion receipt (recibo de conclusão do trâmite)."""

import base64
import datetime as dt
from functools import cache

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def timestamp(moment: dt.datetime | None = None) -> str:
    """UTC, `Y-m-dTH:i:s.000Z`, as the receipt and Tramita expect."""
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def text(idt: int, nre: str, received_at: str, hashes_b64: list[str]) -> str:
    """Exactly what is signed: the component hashes sorted."""
    parts = "".join(
        f"<hashDoComponenteDigital>{h}</hashDoComponenteDigital>" for h in sorted(hashes_b64)
    )
    return (
        f"<recibo><IDT>{idt}</IDT><NRE>{nre}</NRE>"
        f"<dataDeRecebimento>{received_at}</dataDeRecebimento>{parts}</recibo>"
    )


@cache
def _key(path: str):
    with open(path, "rb") as fh:
        return serialization.load_pem_private_key(fh.read(), password=None)


def sign(message: str, key_file: str | None = None) -> str:
    """RSA PKCS#1 v1.5 + SHA-256 with the system certificate's key, base64."""
    from tramita import credentials

    key = _key(key_file or credentials.key_file())
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()
