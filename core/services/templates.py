"""Document templates (modelos): the variables filled in when a document is created from
one, as SEI's `@processo@`. Text in [brackets] is left for the clerk to replace."""

import html
import re

from django.db import connection
from django.utils import timezone

from core.models import Document, StaffMember
from core.numbering import format_number

_VARIABLE = re.compile(r"@([a-z_]+)@")
# By name, not by the active language (a worker or a command may run in another).
MONTHS = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
          "setembro", "outubro", "novembro", "dezembro"]  # fmt: skip


def variables(*, document: Document, author: StaffMember) -> dict[str, str]:
    """What each variable of a template stands for, for this new document."""
    from accounts.models import User
    from tenants.models import Tenant

    process = document.process
    tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    today = timezone.localdate()
    day = str(today.day) if today.day > 1 else "1º"
    author_user = User.objects.filter(pk=author.user_id).only("name").first()
    return {
        "processo": format_number(process.number),
        "tipo_processo": process.process_type.name,
        "especificacao": process.summary,
        "interessados": ", ".join(p.name for p in process.parties.order_by("name")) or "—",
        "unidade": document.unit.name,
        "sigla_unidade": document.unit.acronym,
        "municipio": tenant.name if tenant else "",
        "numero": f"{document.number}/{document.number_year}" if document.number else "",
        "ano": str(today.year),
        "data_extenso": f"{day} de {MONTHS[today.month - 1]} de {today.year}",
        "usuario": author_user.name if author_user else "",
    }


def fill(template_html: str, *, document: Document, author: StaffMember) -> str:
    """The template's HTML with its known variables replaced (values escaped); unknown
    `@words@` are left as they are."""
    if "@" not in template_html:
        return template_html
    values = variables(document=document, author=author)

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else html.escape(value, quote=False)

    return _VARIABLE.sub(replace, template_html)
