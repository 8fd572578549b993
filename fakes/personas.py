"""The people of the local gov.br fake (fakes/govbr.py) and the demo cast of `make run`.

One list so that the persona picked on the fake IdP is the very servidor the demo seed
created (same CPF). Plain data, no Django: the fake IdP, the seed
(tenants/management/commands/seed_demo.py, core/demo.py) and the banner of
scripts/run.py all read it. Names are made up; CPFs are valid (check digits) but
invented.

The first three personas are positional (tests pick them by index: 0, 1, 2)."""

from __future__ import annotations

# Every municipal login of the demo (servidores and municipal admins) uses this password.
DEMO_PASSWORD = "demo-servidor-2026"  # noqa: S105 (demo data, printed in the banner)

# The units every pilot city gets besides its root unit (GAB, from the municipal defaults).
DEMO_UNITS = [
    ("GAB", "Gabinete do Prefeito"),
    ("SEAD", "Secretaria Municipal de Administração"),
    ("SEOBRAS", "Secretaria Municipal de Obras"),
    ("PROTOCOLO", "Protocolo Geral"),
]

# slug → city name, municipal admin (cpf, name, level) and two servidores per unit
# (cpf, name, level). The admin is the municipal manager designated at onboarding.
DEMO_CITIES: dict[str, dict] = {
    "extrema": {
        "name": "Extrema",
        "admin": ("39053344705", "Ana Gestora de Extrema", "silver"),
        "units": {
            "GAB": [
                ("29402838341", "Roberto Almeida Prado", "gold"),
                ("04780522196", "Fernanda Costa Ribeiro", "silver"),
            ],
            "SEAD": [
                ("81545763763", "Marcos Vinícius Teixeira", "silver"),
                ("84616892679", "Juliana Mendes Araújo", "gold"),
            ],
            "SEOBRAS": [
                ("72534773674", "Paulo Henrique Siqueira", "silver"),
                ("53114465609", "Beatriz Lopes Carvalho", "silver"),
            ],
            "PROTOCOLO": [
                ("97447247065", "Luciana Ferreira Dias", "silver"),
                ("63742681133", "Ricardo Nogueira Pinto", "silver"),
            ],
        },
    },
    "ipatinga": {
        "name": "Ipatinga",
        "admin": ("18528817989", "Bruno Gestor de Ipatinga", "silver"),
        "units": {
            "GAB": [
                ("33651267245", "Helena Martins Rocha", "gold"),
                ("83651696650", "Sérgio Augusto Lima", "silver"),
            ],
            "SEAD": [
                ("81194423183", "Patrícia Gomes Freitas", "silver"),
                ("60772013756", "Eduardo Campos Moreira", "silver"),
            ],
            "SEOBRAS": [
                ("56264468347", "Gustavo Rezende Barbosa", "silver"),
                ("09495099498", "Camila Duarte Fonseca", "silver"),
            ],
            "PROTOCOLO": [
                ("04666165541", "Vanessa Oliveira Cruz", "silver"),
                ("98637020569", "Thiago Batista Moura", "silver"),
            ],
        },
    },
    "timoteo": {
        "name": "Timóteo",
        "admin": ("12345678909", "Célia Gestora de Timóteo", "silver"),
        "units": {
            "GAB": [
                ("13296801898", "Renata Vieira Castro", "gold"),
                ("82763441190", "Antônio Carlos Resende", "silver"),
            ],
            "SEAD": [
                ("90391575880", "Daniela Souza Pires", "silver"),
                ("15397508098", "Leonardo Matos Cardoso", "silver"),
            ],
            "SEOBRAS": [
                ("67764588806", "Fábio Nascimento Reis", "silver"),
                ("05332942826", "Mariana Tavares Brito", "silver"),
            ],
            "PROTOCOLO": [
                ("34355719340", "Simone Araújo Queiroz", "silver"),
                ("34714050540", "Rodrigo Pacheco Melo", "silver"),
            ],
        },
    },
}

LEVEL_LABEL = {"bronze": "bronze", "silver": "prata", "gold": "ouro"}
AMR = {"bronze": ["passwd"], "silver": ["passwd", "mfa"], "gold": ["x509"]}


def _email(name: str, slug: str) -> str:
    first, last = name.split()[0], name.split()[-1]
    fold = str.maketrans("áâãàéêíóôõúüç", "aaaaeeiooouuc")
    return f"{first}.{last}".lower().translate(fold) + f"@{slug}.example"


def demo_staff() -> list[dict]:
    """Every municipal login of the demo: slug, unit acronym (None: the admin), cpf,
    name, e-mail, gov.br level and the persona's label on the fake IdP."""
    people = []
    for slug, city in DEMO_CITIES.items():
        cpf, name, level = city["admin"]
        label = f"{city['name']} — administração municipal ({LEVEL_LABEL[level]})"
        if cpf == "39053344705":
            label = "Servidora de Extrema (prata)"  # the historical persona 0
        people.append(
            {"slug": slug, "unit": None, "cpf": cpf, "name": name, "level": level,
             "email": _email(name, slug), "label": label}
        )  # fmt: skip
        for acronym, members in city["units"].items():
            for cpf, name, level in members:
                people.append(
                    {"slug": slug, "unit": acronym, "cpf": cpf, "name": name, "level": level,
                     "email": _email(name, slug),
                     "label": f"{city['name']} — {acronym} ({LEVEL_LABEL[level]})"}
                )  # fmt: skip
    return people


_FIXED = [
    {
        "cpf": "39053344705",
        "name": "Ana Gestora de Extrema",
        "email": "ana@extrema.example",
        "level": "silver",
        "amr": ["passwd", "mfa"],
        "label": "Servidora de Extrema (prata)",
    },
    {
        "cpf": "11144477735",
        "name": "Carla Coordenadora",
        "email": "carla@mg.example",
        "level": "gold",
        "amr": ["x509"],
        "label": "Coordenadora estadual (ouro)",
    },
    {
        "cpf": "86288366757",
        "name": "José Cidadão",
        "email": "jose@example.org",
        "level": "bronze",
        "amr": ["passwd"],
        "label": "Cidadão (bronze)",
    },
    {
        "cpf": "47123658973",
        "name": "Maria Aparecida Souza",
        "email": "maria@example.org",
        "level": "silver",
        "amr": ["passwd", "mfa"],
        "label": "Cidadã (prata)",
    },
]

# The citizens of the demo (not staff anywhere): citizens/demo.py gives them their story.
CITIZENS: list[dict] = [p for p in _FIXED if p["label"].startswith("Cidad")]

PERSONAS: list[dict] = _FIXED + [
    {
        "cpf": p["cpf"],
        "name": p["name"],
        "email": p["email"],
        "level": p["level"],
        "amr": AMR[p["level"]],
        "label": p["label"],
        "group": f"Servidores de {DEMO_CITIES[p['slug']]['name']} (demonstração)",
    }
    for p in demo_staff()
    if p["cpf"] not in {f["cpf"] for f in _FIXED}
]

# The demo company and its people (representation, issue 16 item 5): Marta is its
# responsável legal at the Receita Federal, which gov.br's `govbr_empresa` API says;
# Pedro has no company and receives procurações. Appended, so positions above hold.
DEMO_COMPANY = {"cnpj": "11222333000181", "name": "Padaria Pão de Minas Ltda"}
PERSONAS += [
    {
        "cpf": "71460238001",
        "name": "Marta Empresária",
        "email": "marta@paodeminas.example",
        "level": "silver",
        "amr": ["passwd", "mfa"],
        "label": "Responsável legal de empresa (prata)",
        "group": "Cidadãos (demonstração)",
        # gov.br's /empresas/v2/empresas answers (razaoSocial) and the participant's
        # `atuacao` at the Receita Federal; `cadastrador` true: holds the e-CNPJ.
        "companies": [
            {
                "cnpj": DEMO_COMPANY["cnpj"],
                "razaoSocial": DEMO_COMPANY["name"],
                "atuacao": "REPRESENTANTE_LEGAL",
                "cadastrador": True,
            },
            {
                "cnpj": "45997418000153",
                "razaoSocial": "Mercearia Boa Vista Ltda",
                "atuacao": "SOCIO",
                "cadastrador": False,
            },
        ],
    },
    {
        "cpf": "25814736909",
        "name": "Pedro Procurador",
        "email": "pedro@example.org",
        "level": "silver",
        "amr": ["passwd", "mfa"],
        "label": "Cidadão (prata)",
        "group": "Cidadãos (demonstração)",
    },
]
