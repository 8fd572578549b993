"""Serializers of the staff app: people, catalogues, processes, documents, signatures."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import (
    Document,
    DocumentTemplate,
    DocumentType,
    LegalBasis,
    Marker,
    Process,
    ProcessEvent,
    ProcessType,
    Signature,
)
from core.numbering import format_number


class UUIDRef(serializers.SlugRelatedField):
    """A reference by uuid, resolved within a queryset the view narrows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "uuid")
        super().__init__(**kwargs)


class ProcessTypeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = ProcessType
        fields = ["id", "name", "description", "default_access_level", "active"]


class DocumentTypeSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = DocumentType
        fields = ["id", "name", "usage", "numbered", "active"]


class LegalBasisSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = LegalBasis
        fields = ["id", "name", "reference", "access_level", "active"]


class TemplateSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    document_type = UUIDRef(queryset=DocumentType.objects.all())

    class Meta:
        model = DocumentTemplate
        fields = ["id", "document_type", "name", "html", "active"]

    def validate_html(self, value):
        from core.services.documents import sanitize_html

        return sanitize_html(value)


class PartySerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    document = serializers.CharField(max_length=18)
    name = serializers.CharField(max_length=200)


class SignatureSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    unit = serializers.CharField(source="unit.acronym")
    version = serializers.IntegerField(source="version.version", allow_null=True, default=None)

    class Meta:
        model = Signature
        fields = [
            "id",
            "trust_level",
            "amr",
            "signer_name",
            "signer_role",
            "unit",
            "signed_at",
            "sha256",
            "version",
            "method",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    title = serializers.CharField(source="__str__")
    document_type = serializers.CharField(source="document_type.name")
    unit = serializers.CharField(source="unit.acronym")
    signatures = SignatureSerializer(many=True)
    signed = serializers.SerializerMethodField()
    # What the person may do (core.services.permissions), from the `situation` in the
    # serializer's context (one per request: see core.api.process_views).
    label = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    content_available = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    date = serializers.SerializerMethodField()
    cancelled_at = serializers.DateTimeField(read_only=True)
    cancellation_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "position",
            "kind",
            "title",
            "document_type",
            "number",
            "number_year",
            "description",
            "unit",
            "created_at",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "document_date",
            "form",
            "signatures",
            "signed",
            "label",
            "state",
            "content_available",
            "allowed_actions",
            "date",
            "cancelled_at",
            "cancellation_reason",
        ]

    def get_signed(self, doc) -> bool:
        return len(doc.signatures.all()) > 0

    def get_label(self, doc) -> str:
        """ "Ofício nº 3/2026"; an external document by its type and description."""
        if doc.kind == Document.Kind.EXTERNAL and doc.description:
            return f"{doc.document_type.name} ({doc.description})"
        return str(doc)

    def get_state(self, doc) -> str:
        from core.services.permissions import document_state

        return document_state(doc)

    def _actions(self, doc) -> list[str]:
        from core.services.permissions import Situation, document_actions

        cache = self.context.setdefault("_actions", {})
        if doc.pk not in cache:
            situation = self.context.get("situation")
            if situation is None or situation.process.pk != doc.process_id:
                situation = Situation(self.context["staff"], doc.process)
            cache[doc.pk] = document_actions(situation.staff, doc, situation=situation)
        return cache[doc.pk]

    def get_content_available(self, doc) -> bool:
        return "view" in self._actions(doc)

    def get_allowed_actions(self, doc) -> list[str]:
        return self._actions(doc)

    def get_date(self, doc) -> str:
        from django.utils import timezone

        if doc.kind == Document.Kind.EXTERNAL and doc.document_date:
            return doc.document_date.isoformat()
        return timezone.localdate(doc.created_at).isoformat()


class EventSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.acronym", allow_null=True, default=None)

    class Meta:
        model = ProcessEvent
        fields = ["action", "description", "unit", "user_id", "created_at"]


class ProcessListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    number = serializers.SerializerMethodField()
    process_type = serializers.CharField(source="process_type.name")
    unit = serializers.CharField(source="unit.acronym")

    class Meta:
        model = Process
        fields = ["id", "number", "process_type", "summary", "access_level", "unit", "created_at"]

    def get_number(self, process) -> str:
        return format_number(process.number)


class UnitRef(serializers.Serializer):
    id = serializers.UUIDField()
    acronym = serializers.CharField()
    name = serializers.CharField()


class ProcessDetailSerializer(ProcessListSerializer):
    legal_basis = LegalBasisSerializer(allow_null=True)
    parties = PartySerializer(many=True)
    documents = DocumentSerializer(many=True)
    suspended = serializers.SerializerMethodField()
    locked = serializers.SerializerMethodField()
    # "external" while the process is with another body (Tramita): read-only.
    lock = serializers.CharField(read_only=True)
    # What the person may do now (core.services.permissions; `situation` in the context).
    allowed_actions = serializers.SerializerMethodField()
    open_units = serializers.SerializerMethodField()

    class Meta(ProcessListSerializer.Meta):
        fields = [
            *ProcessListSerializer.Meta.fields,
            "legal_basis",
            "parties",
            "documents",
            "suspended",
            "suspended_at",
            "suspension_reason",
            "annexed_at",
            "locked",
            "lock",
            "allowed_actions",
            "open_units",
        ]

    def get_allowed_actions(self, process) -> list[str]:
        from core.services.permissions import Situation, process_actions

        situation = self.context.get("situation") or Situation(self.context["staff"], process)
        return process_actions(situation.staff, process, situation=situation)

    @extend_schema_field(UnitRef(many=True))
    def get_open_units(self, process) -> list[dict]:
        rows = sorted(process.open_in.all(), key=lambda row: row.unit.acronym)
        return [
            {"id": str(row.unit.uuid), "acronym": row.unit.acronym, "name": row.unit.name}
            for row in rows
        ]

    def get_suspended(self, process) -> bool:
        return process.suspended_at is not None

    def get_locked(self, process) -> bool:
        """Read-only for any reason: with another body, suspended or annexed."""
        return bool(process.lock or process.suspended_at or process.annexed_to_id)


class ProcessInput(serializers.Serializer):
    process_type = serializers.UUIDField()
    summary = serializers.CharField(max_length=500)
    access_level = serializers.ChoiceField(choices=["public", "restricted", "secret"])
    legal_basis = serializers.UUIDField(required=False, allow_null=True)
    parties = PartySerializer(many=True, required=False)


class InternalDocumentInput(serializers.Serializer):
    document_type = serializers.UUIDField()
    template = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)


class UploadInput(serializers.Serializer):
    document_type = serializers.UUIDField()
    file = serializers.FileField(allow_empty_file=True, max_length=1000)
    document_date = serializers.DateField(required=False, allow_null=True)
    form = serializers.ChoiceField(choices=Document.Form.choices, default="original")
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)


class RawUploadQuery(serializers.Serializer):
    document_type = serializers.UUIDField()
    filename = serializers.CharField(max_length=255)
    document_date = serializers.DateField(required=False, allow_null=True)
    form = serializers.ChoiceField(choices=Document.Form.choices, default="original")
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)


class VersionInput(serializers.Serializer):
    html = serializers.CharField(allow_blank=True, max_length=5_000_000, trim_whitespace=False)


class SignInput(serializers.Serializer):
    documents = serializers.ListField(
        child=serializers.UUIDField(), allow_empty=False, max_length=200
    )
    password = serializers.CharField(trim_whitespace=False, required=False, allow_blank=True)
    role = serializers.CharField(required=False, allow_blank=True, max_length=200)
    method = serializers.ChoiceField(choices=["password", "govbr"], default="password")


class StaffInput(serializers.Serializer):
    cpf = serializers.CharField(max_length=14)
    name = serializers.CharField(max_length=200)
    email = serializers.CharField(max_length=254)
    unit = serializers.UUIDField()
    role = serializers.ChoiceField(choices=["basic", "unit_admin"], default="basic")
    is_municipal_admin = serializers.BooleanField(default=False)


class UnitInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=30)
    parent = serializers.UUIDField(required=False, allow_null=True)
    active = serializers.BooleanField(default=True)


class PersonRef(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ProcessMarkerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="marker.uuid")
    name = serializers.CharField(source="marker.name")
    color = serializers.CharField(source="marker.color")
    note = serializers.CharField()


class InboxRowSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="process.uuid")
    # The fields document the API; `to_representation` builds them directly.
    number = serializers.CharField()
    process_type = serializers.CharField()
    summary = serializers.CharField()
    access_level = serializers.CharField()
    generated = serializers.BooleanField()
    read = serializers.BooleanField()
    assignee = PersonRef(allow_null=True)  # from `people` in the context (whole page)
    return_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    since = serializers.DateTimeField()
    suspended = serializers.BooleanField()
    suspension_reason = serializers.CharField()
    markers = ProcessMarkerSerializer(many=True)

    def to_representation(self, row) -> dict:
        """Built directly, not field by field: the inbox is the hottest page, and
        generic serialization was most of its time."""
        process = row.process
        today = self.context.get("today")
        if today is None:
            from django.utils import timezone

            today = self.context["today"] = timezone.localdate()
        return {
            "id": str(process.uuid),
            "number": format_number(process.number),
            "process_type": process.process_type.name,
            "summary": process.summary,
            "access_level": process.access_level,
            "generated": row.generated,
            "read": row.read,
            "assignee": self.context.get("people", {}).get(row.assigned_to_id),
            "return_date": row.return_date.isoformat() if row.return_date else None,
            "overdue": row.return_date is not None and row.return_date < today,
            "since": serializers.DateTimeField().to_representation(row.since),
            "suspended": process.suspended_at is not None,
            "suspension_reason": process.suspension_reason,
            "markers": [
                {
                    "id": str(m.marker.uuid),
                    "name": m.marker.name,
                    "color": m.marker.color,
                    "note": m.note,
                }
                for m in getattr(process, "unit_markers", [])
            ],
        }


class SendInput(serializers.Serializer):
    units = serializers.ListField(child=serializers.UUIDField(), allow_empty=False, max_length=50)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    keep_open = serializers.BooleanField(default=False)
    return_date = serializers.DateField(required=False, allow_null=True)


class AssignInput(serializers.Serializer):
    staff = serializers.UUIDField(required=False, allow_null=True)


class SearchParams(serializers.Serializer):
    """The search's query string: checked so a bad date or id is a 400, not a 500."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=500)
    type = serializers.UUIDField(required=False)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=30)
    to = serializers.DateField(required=False)
    party = serializers.CharField(required=False, allow_blank=True, max_length=200)
    number = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"to": [_("A data final deve ser igual ou posterior à data inicial.")]}
            )
        return attrs


# "from" is a Python keyword: declared apart.
SearchParams._declared_fields["from"] = serializers.DateField(required=False)


class MarkerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(max_length=60)
    color = serializers.ChoiceField(choices=Marker.Color.choices, default=Marker.Color.BLUE)
    active = serializers.BooleanField(default=True)


class MarkInput(serializers.Serializer):
    marker = serializers.UUIDField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ProcessRefInput(serializers.Serializer):
    process = serializers.UUIDField()


class WatchGroupSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(max_length=100)


class WatchInput(serializers.Serializer):
    group = serializers.UUIDField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class WatchSerializer(serializers.Serializer):
    process = ProcessListSerializer()
    group = WatchGroupSerializer(allow_null=True)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProcessLinksSerializer(serializers.Serializer):
    """What a process view shows beside the process (core.selectors.process_links)."""

    relations = ProcessListSerializer(many=True)
    annexes = ProcessListSerializer(many=True)
    annexed_to = ProcessListSerializer(allow_null=True)
    markers = ProcessMarkerSerializer(many=True)
    watch = serializers.SerializerMethodField()

    def get_watch(self, links) -> dict | None:
        watch = links["watch"]
        if watch is None:
            return None
        group = {"id": str(watch.group.uuid), "name": watch.group.name} if watch.group else None
        return {"group": group, "note": watch.note}


class NotificationsInput(serializers.Serializer):
    email_notifications = serializers.BooleanField()
