from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.cpf import mask_cpf
from onboarding.models import (
    CaseDocument,
    CaseEvent,
    Municipality,
    OnboardingCase,
    Status,
)

# Transitions only the provisioning job takes; never offered to people.
SYSTEM_ACTIONS = {"finish_provisioning", "fail"}

EVENT_LABELS = {
    "open": _("Manifestação de interesse registrada"),
    "upload": _("Documento anexado"),
    "sign_agreement": _("Acordo de adesão registrado"),
    "designate_manager": _("Gestor municipal designado"),
    "provision": _("Provisionamento solicitado"),
    "retry": _("Nova tentativa de provisionamento"),
    "finish_provisioning": _("Ambiente provisionado; início da capacitação"),
    "fail": _("Falha no provisionamento"),
    "go_live": _("Município em produção"),
    "pause": _("Caso suspenso"),
    "resume": _("Caso retomado"),
    "cancel": _("Caso cancelado"),
}


class MunicipalitySerializer(serializers.ModelSerializer):
    case = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = ["ibge_code", "name", "uf", "case"]

    def get_case(self, obj) -> dict | None:
        open_cases = getattr(obj, "open_cases", None)
        if open_cases is None:
            open_cases = list(obj.cases.exclude(status=Status.CANCELLED))
        case = open_cases[0] if open_cases else None
        return {"id": str(case.uuid), "status": case.status} if case else None


class TenantSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    schema = serializers.CharField(source="schema_name")
    status = serializers.CharField()
    domain = serializers.SerializerMethodField()

    def get_domain(self, tenant) -> str | None:
        domain = tenant.get_primary_domain()
        return domain.domain if domain else None


class CaseListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    ibge_code = serializers.CharField(source="municipality.ibge_code")
    name = serializers.CharField(source="municipality.name")
    uf = serializers.CharField(source="municipality.uf")
    status_label = serializers.CharField(source="get_status_display")
    stage = serializers.CharField()
    domain = serializers.SerializerMethodField()

    class Meta:
        model = OnboardingCase
        fields = [
            "id",
            "ibge_code",
            "name",
            "uf",
            "status",
            "status_label",
            "stage",
            "slug",
            "domain",
            "provisioning_step",
            "provisioning_progress",
            "provisioning_error",
            "updated_at",
        ]

    def get_domain(self, case) -> str | None:
        if case.tenant_id is None:
            return None
        domains = list(case.tenant.domains.all())
        return next((d.domain for d in domains if d.is_primary), None)


class CaseEventSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = [
            "action",
            "label",
            "from_status",
            "to_status",
            "actor",
            "reason",
            "data",
            "created_at",
        ]

    def get_label(self, event) -> str:
        return str(EVENT_LABELS.get(event.action, event.action))

    def get_actor(self, event) -> str:
        return event.actor.name if event.actor_id else str(_("Sistema"))


class CaseDocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display")
    uploaded_by = serializers.CharField(source="uploaded_by.name")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "original_name",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, doc) -> str:
        return reverse(
            "v1:onboarding-case-document-download",
            kwargs={"uuid": doc.case.uuid, "document": doc.uuid},
        )


class CaseDetailSerializer(CaseListSerializer):
    paused_from = serializers.CharField()
    manager = serializers.SerializerMethodField()
    tenant = TenantSummarySerializer(allow_null=True)
    events = CaseEventSerializer(many=True)
    documents = CaseDocumentSerializer(many=True)
    available_actions = serializers.SerializerMethodField()
    suggested_slug = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "paused_from",
            "manager",
            "tenant",
            "events",
            "documents",
            "available_actions",
            "suggested_slug",
            "close_reason",
            "created_at",
        ]

    def get_manager(self, case) -> dict | None:
        if not case.manager_cpf:
            return None
        return {
            "name": case.manager_name,
            "cpf_masked": mask_cpf(case.manager_cpf),
            "email": case.manager_email,
        }

    def get_available_actions(self, case) -> list[str]:
        return sorted(
            t.name for t in case.get_available_status_transitions() if t.name not in SYSTEM_ACTIONS
        )

    def get_suggested_slug(self, case) -> str | None:
        from onboarding.services import suggest_slug

        if case.status != Status.MANAGER_DESIGNATED:
            return None
        return case.slug or suggest_slug(case)


# --- inputs --------------------------------------------------------------------------


class OpenCaseInput(serializers.Serializer):
    ibge_code = serializers.RegexField(
        r"^\d{7}$",
        error_messages={"invalid": _("O código IBGE do município tem exatamente 7 dígitos.")},
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RequiredReasonInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        error_messages={"blank": _("Informe o motivo."), "required": _("Informe o motivo.")},
    )


class ManagerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    cpf = serializers.CharField(max_length=14)
    email = serializers.CharField(max_length=254)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ProvisionInput(serializers.Serializer):
    slug = serializers.CharField(required=False, allow_blank=True, max_length=63)


class DocumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseDocument.Kind.choices)
    file = serializers.FileField(allow_empty_file=True)


class BatchInput(serializers.Serializer):
    cases = serializers.ListField(child=serializers.UUIDField(), allow_empty=False, max_length=6000)


class BatchSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="batch.uuid")
    created_at = serializers.DateTimeField(source="batch.created_at")
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    running = serializers.IntegerField()
    progress = serializers.IntegerField()
    cases = CaseListSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    funnel = serializers.ListField(child=serializers.DictField())
    catalogue = serializers.IntegerField()
