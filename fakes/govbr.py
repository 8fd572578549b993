"""A local gov.br Login Único (OpenID Connect) for tests and `make run`.

It speaks the protocol of ../shared/specs/govbr_login.md: `/authorize` (a persona
picker instead of a password form), `/token` (HTTP Basic client auth, single-use codes,
exact redirect_uri, PKCE S256), `/jwk` (an RSA key made at start, kid `rsa1`),
`/userinfo/`, `/logout`, a discovery document, and the companies API of the
`govbr_empresa` scope (`/empresas/v2/empresas?filtrar-por-participante=<cpf>` and
`/empresas/v2/empresas/<cnpj>/participantes/<cpf>`, Bearer access token; on gov.br they
live on the api.* host). id_tokens are RS256 with the real
quirks: issuer with a trailing slash, `email_verified` as the string "true",
`reliability_info.level` in English (bronze/silver/gold), CPF in `sub`.

Faults to inject, chosen on the persona form (tests post `fault=`): wrong_aud,
wrong_iss, expired, bad_signature, wrong_nonce, formatted_sub, and rotate_key (the IdP
rolls its signing key over under the same kid, then signs this token with the new key;
`/jwk` publishes the new key from then on).

    python -m fakes.govbr --port 9100 --client-id ID --client-secret SECRET
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import secrets
import threading
import time
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response, jsonify, redirect, request

from fakes.personas import PERSONAS  # the test personas, then the demo cast of `make run`

FAULTS = [
    "",
    "wrong_aud",
    "wrong_iss",
    "expired",
    "bad_signature",
    "wrong_nonce",
    "formatted_sub",
    "rotate_key",
]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def create_app(*, client_id: str, client_secret: str, base_url: str) -> Flask:
    app = Flask(__name__)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer = base_url.rstrip("/") + "/"
    codes: dict[str, dict] = {}
    tokens: dict[str, dict] = {}
    lock = threading.Lock()

    def jwk() -> dict:
        numbers = key.public_key().public_numbers()
        as_bytes = lambda n: n.to_bytes((n.bit_length() + 7) // 8, "big")  # noqa: E731
        return {
            "kty": "RSA",
            "kid": "rsa1",
            "alg": "RS256",
            "use": "sig",
            "n": b64url(as_bytes(numbers.n)),
            "e": b64url(as_bytes(numbers.e)),
        }

    def page(body: str, status: int = 200) -> Response:
        return Response(
            "<!doctype html><html lang='pt-BR'><meta charset='utf-8'>"
            "<title>gov.br (simulado)</title><body style='font-family:sans-serif;"
            "max-width:40rem;margin:2rem auto'><h1>Acesso gov.br — simulado</h1>"
            f"{body}</body></html>",
            status=status,
            mimetype="text/html",
        )

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return jsonify(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}authorize",
                "token_endpoint": f"{issuer}token",
                "jwks_uri": f"{issuer}jwk",
                "userinfo_endpoint": f"{issuer}userinfo/",
            }
        )

    @app.get("/jwk")
    def jwks():
        return jsonify({"keys": [jwk()]})

    @app.get("/authorize")
    def authorize():
        args = request.args
        missing = [
            k
            for k in (
                "response_type",
                "client_id",
                "redirect_uri",
                "state",
                "nonce",
                "code_challenge",
                "code_challenge_method",
            )
            if not args.get(k)
        ]
        if missing or args["client_id"] != client_id or args["response_type"] != "code":
            return page(
                f"<p>Pedido inválido: {html.escape(', '.join(missing) or 'cliente')}</p>", 400
            )
        if args["code_challenge_method"] != "S256":
            return page("<p>PKCE S256 é obrigatório.</p>", 400)
        hidden = "".join(
            f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
            for k, v in args.items()
        )
        options, group = "", None
        for i, p in enumerate(PERSONAS):  # headed by group (the demo cast: by city)
            if p.get("group", "") != group:
                group = p.get("group", "")
                options += f"<h2>{html.escape(group)}</h2>" if group else ""
            options += (
                f"<p><button name='persona' value='{i}' data-cpf='{p['cpf']}'>"
                f"{html.escape(p['label'])} — {html.escape(p['name'])}</button></p>"
            )
        faults = "".join(f"<option value='{f}'>{f or 'nenhuma'}</option>" for f in FAULTS)
        return page(
            "<p>Escolha com quem entrar (ambiente de desenvolvimento).</p>"
            f"<form method='post' action='/authorize'>{hidden}{options}"
            "<fieldset><legend>Outra pessoa</legend>"
            "<label>CPF <input name='cpf'></label> <label>Nome <input name='name'></label> "
            "<label>E-mail <input name='email'></label> <label>Nível <select name='level'>"
            "<option>bronze</option><option>silver</option><option>gold</option></select>"
            "</label> <button name='persona' value='custom'>Entrar</button></fieldset>"
            f"<p><label>Falha a simular <select name='fault'>{faults}</select></label></p>"
            "</form>"
        )

    @app.post("/authorize")
    def choose():
        form = request.form
        choice = form.get("persona", "")
        if choice == "custom":
            person = {
                "cpf": form.get("cpf", ""),
                "name": form.get("name", ""),
                "email": form.get("email", ""),
                "level": form.get("level", "bronze"),
                "amr": ["passwd"],
            }
        else:
            person = PERSONAS[int(choice or 0)]
        code = secrets.token_urlsafe(24)
        with lock:
            codes[code] = {
                "person": person,
                "fault": form.get("fault", ""),
                "redirect_uri": form["redirect_uri"],
                "nonce": form["nonce"],
                "challenge": form["code_challenge"],
                "scope": form.get("scope", ""),
                "at": time.time(),
            }
        sep = "&" if "?" in form["redirect_uri"] else "?"
        return redirect(
            f"{form['redirect_uri']}{sep}{urlencode({'code': code, 'state': form['state']})}"
        )

    @app.post("/token")
    def token():
        nonlocal key
        auth = request.authorization
        if not auth or auth.username != client_id or auth.password != client_secret:
            return jsonify({"error": "invalid_client"}), 401
        form = request.form
        with lock:
            grant = codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return jsonify({"error": "invalid_grant"}), 400
        if time.time() - grant["at"] > 60 or form.get("redirect_uri") != grant["redirect_uri"]:
            return jsonify({"error": "invalid_grant"}), 400
        verifier = form.get("code_verifier", "")
        if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return jsonify({"error": "invalid_grant", "error_description": "PKCE"}), 400
        person, fault = grant["person"], grant["fault"]
        if fault == "rotate_key":
            with lock:
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = int(time.time())
        cpf = person["cpf"]
        claims = {
            "iss": "https://evil.example/" if fault == "wrong_iss" else issuer,
            "aud": "another-client" if fault == "wrong_aud" else client_id,
            "sub": f"{cpf[:9]}-{cpf[9:]}" if fault == "formatted_sub" else cpf,
            "preferred_username": cpf,
            "name": person["name"],
            "email": person["email"],
            "email_verified": "true",
            "amr": person.get("amr", ["passwd"]),
            "iat": now - 3600 if fault == "expired" else now,
            "exp": now - 3000 if fault == "expired" else now + 60,
            "auth_time": now,
            "jti": secrets.token_hex(8),
            "nonce": "not-the-nonce" if fault == "wrong_nonce" else grant["nonce"],
            "scope": sorted(
                {"openid", "email", "profile", "govbr_confiabilidades"}
                | ({"govbr_empresa"} & set(grant.get("scope", "").split()))
            ),
            "reliability_info": {"level": person["level"], "reliabilities": []},
        }
        signer = other_key if fault == "bad_signature" else key
        id_token = jwt.encode(claims, signer, algorithm="RS256", headers={"kid": "rsa1"})
        access = secrets.token_urlsafe(32)
        with lock:
            tokens[access] = {**claims, "_companies": person.get("companies", [])}
        return jsonify(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 3599,
                "scope": "openid email profile",
                "id_token": id_token,
            }
        )

    @app.get("/userinfo/")
    def userinfo():
        header = request.headers.get("Authorization", "")
        claims = tokens.get(header.removeprefix("Bearer "))
        if claims is None:
            return jsonify({"error": "invalid_token"}), 401
        info = {k: claims[k] for k in ("sub", "name", "email", "preferred_username")}
        return jsonify({**info, "email_verified": True})

    def bearer() -> dict | None:
        header = request.headers.get("Authorization", "")
        return tokens.get(header.removeprefix("Bearer ")) if header.startswith("Bearer ") else None

    def companies_of(cpf: str) -> list[dict] | Response:
        claims = bearer()
        if claims is None:
            return Response(
                '{"error": 401, "erro_description": "token inválido"}',
                401,
                mimetype="application/json",
            )
        if "govbr_empresa" not in claims["scope"] or claims["sub"] != cpf:
            return Response(
                '{"error": 403, "erro_description": "escopo não autorizado"}',
                403,
                mimetype="application/json",
            )
        return claims["_companies"]

    @app.get("/empresas/v2/empresas")
    def companies():
        found = companies_of(request.args.get("filtrar-por-participante", ""))
        if isinstance(found, Response):
            return found
        return jsonify(
            [
                {
                    "cnpj": c["cnpj"],
                    "razaoSocial": c["razaoSocial"],
                    "dataCriacao": "2024-01-10 09:00:00",
                }
                for c in found
            ]
        )

    @app.get("/empresas/v2/empresas/<cnpj>/participantes/<cpf>")
    def participant(cnpj: str, cpf: str):
        found = companies_of(cpf)
        if isinstance(found, Response):
            return found
        company = next((c for c in found if c["cnpj"] == cnpj), None)
        if company is None:
            return jsonify({"error": 404, "erro_description": "vínculo não encontrado"}), 404
        body = {
            "cpf": cpf,
            "atuacao": company["atuacao"],
            "cadastrador": company["cadastrador"],
            "dataCriacao": "2024-01-10 09:00:00",
            "dataExpiracao": "2099-12-31 23:59:59",
        }
        if not company["cadastrador"]:
            body["cpfCadastrador"] = "00000000000"
        return jsonify(body)

    @app.get("/logout")
    def logout():
        target = request.args.get("post_logout_redirect_uri")
        return redirect(target) if target else page("<p>Sessão encerrada.</p>")

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    args = parser.parse_args()
    app = create_app(
        client_id=args.client_id,
        client_secret=args.client_secret,
        base_url=f"http://127.0.0.1:{args.port}",
    )
    app.run(host="127.0.0.1", port=args.port, threaded=True)


if __name__ == "__main__":
    main()
