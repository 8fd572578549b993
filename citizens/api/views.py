"""The citizen's API on a municipality's host (/api/v1/citizen/…) and the state host's
"meus processos em todos os municípios". Thin: a selector or a service, then shape."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens import errors, policy, selectors
from core.models import Document, Process
from core.numbering import format_number


class OnCityHost(BasePermission):
    """Anyone signed in, on a municipality's host (the citizen area is everyone's: a
    staff member of this or another city is a citizen here too)."""

    def has_permission(self, request, view) -> bool:
        tenant = getattr(request, "tenant", None)
        return bool(
            request.user
            and request.user.is_authenticated
            and tenant is not None
            and not tenant.is_public
        )


class OnStateHost(BasePermission):
    def has_permission(self, request, view) -> bool:
        tenant = getattr(request, "tenant", None)
        return bool(
            request.user
            and request.user.is_authenticated
            and tenant is not None
            and tenant.is_public
        )


class CitizenView(APIView):
    permission_classes = [OnCityHost]


def _role(request) -> str:
    from core.services.staff import current_staff

    return "staff" if current_staff(request.user) is not None else "citizen"


class CitizenMe(CitizenView):
    """Who am I here, and what may I do with my gov.br level (never a 403)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        level = policy.session_level(request)
        return Response(
            {
                "name": request.user.name,
                "cpf_masked": request.user.masked_cpf,
                "role": _role(request),
                "trust_level": level,
                "allowed": policy.allowed_actions(level),
                # the decree admits the simple signature (else every filing is avançada)
                "simple_signature_allowed": policy.policy().simple_signature_allowed,
                "upgrade_url": errors.UPGRADE_URL,
            }
        )


def _process_row(process: Process, units: dict[int, list[str]]) -> dict:
    return {
        "id": str(process.uuid),
        "number": format_number(process.number),
        "process_type": process.process_type.name,
        "summary": process.summary if process.access_level == "public" else None,
        "access_level": process.access_level,
        "open_units": units.get(process.pk, []),
        "last_event": process.last_event,
        "last_event_at": process.last_event_at,
        "created_at": process.created_at,
    }


class MyProcesses(CitizenView):
    """Meus processos: interessado, access grant or reach of an active representation."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        reach = selectors.reach_of(request.user)
        raw = request.query_params.get("as", "")
        acting = request.user.cpf if raw == "me" else "".join(c for c in raw if c.isdigit())
        if acting == request.user.cpf:  # only my own processes
            reach = selectors.Reach(cpf=request.user.cpf, represented={})
        elif acting:  # only those of someone I represent (within the abrangência)
            if acting not in reach.represented:
                raise errors.CitizenError(
                    "representation_required",
                    "Você não representa esta pessoa ou empresa neste município.",
                    status=403,
                )
            reach = selectors.Reach(cpf="", represented={acting: reach.represented[acting]})
        qs = selectors.my_processes(request.user, reach)
        try:
            page = max(1, int(request.query_params.get("page", 1)))
        except ValueError:
            page = 1
        size = 50
        rows = list(qs[(page - 1) * size : page * size + 1])
        more, rows = len(rows) > size, rows[:size]
        units = selectors.open_units([p.pk for p in rows])
        return Response(
            {"results": [_process_row(p, units) for p in rows], "page": page, "has_more": more}
        )


def reachable_process(request, uuid) -> tuple[Process, selectors.Reach]:
    reach = selectors.reach_of(request.user)
    process = selectors.my_processes(request.user, reach).filter(uuid=uuid).first()
    if process is None:
        raise errors.not_found()
    return process, reach


def document_row(document: Document) -> dict:
    return {
        "id": str(document.uuid),
        "title": str(document),
        "kind": document.kind,
        "access_level": document.citizen_access_level,
        "filed_by_me": document.citizen_filed,
        "file_name": document.original_name or None,
        "size": document.size,
        "sha256": document.sha256 or None,
        "created_at": document.created_at,
    }


class MyProcessDetail(CitizenView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, uuid):
        process, reach = reachable_process(request, uuid)
        units = selectors.open_units([process.pk])
        body = _process_row(process, units)
        body["summary"] = process.summary
        body["parties"] = [
            {"name": p.name, "kind": p.kind} for p in process.parties.all().order_by("name")
        ]
        body["documents"] = [
            document_row(d) for d in selectors.visible_documents(request.user, process, reach)
        ]
        return Response(body)


class MyDocumentContent(CitizenView):
    """A visible document's content (file, or the signed HTML of an internal one)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, uuid):
        document = Document.objects.filter(uuid=uuid).select_related("process").first()
        if document is None:
            raise errors.CitizenError("document_not_found", "Documento não encontrado.", status=404)
        reach = selectors.reach_of(request.user)
        reachable = (
            selectors.my_processes(request.user, reach).filter(pk=document.process_id).exists()
        )
        visible = reachable and any(
            d.pk == document.pk
            for d in selectors.visible_documents(request.user, document.process, reach)
        )
        if not visible:
            raise errors.CitizenError("document_not_found", "Documento não encontrado.", status=404)
        # Shown in the area's own viewer (a same-origin frame, as the staff one): framable
        # by the same origin only; the rest of the site answers X-Frame-Options DENY.
        from core.api.process_views import FRAME_SAMEORIGIN

        if document.kind == Document.Kind.INTERNAL:
            html = document.versions.order_by("-version").first().html
            response = HttpResponse(
                '<!doctype html><html lang="pt-BR"><meta charset="utf-8">'
                f"<body>{html}</body></html>",
                content_type="text/html; charset=utf-8",
            )
            response["Content-Security-Policy"] = (
                f"default-src 'none'; img-src data:; sandbox; {FRAME_SAMEORIGIN}"
            )
        else:
            response = FileResponse(
                default_storage.open(document.file.name, "rb"),
                content_type=document.content_type,
                filename=document.original_name,
            )
            response["Content-Security-Policy"] = FRAME_SAMEORIGIN
            response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class AllMunicipalities(APIView):
    """State host: the municipalities where the signed-in person is a party, with how
    many processes, from the public-schema index only. Each links to the city's own
    citizen area, which lists them under that city's rules and session."""

    permission_classes = [OnStateHost]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from accounts.handoff import split_host
        from citizens.directory.services import municipalities_of

        _, port = split_host(request.get_host())
        suffix = f":{port}" if port else ""
        rows = municipalities_of(request.user.cpf)
        for row in rows:
            host = row.pop("host")
            row["url"] = f"{request.scheme}://{host}{suffix}/login/govbr/?next=/cidadao"
        return Response({"results": rows})
