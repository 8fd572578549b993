"""Read-only views of the control plane for state admins; changes go through the
coordinators' screens (the services), never through edits here."""

from django.contrib import admin

from onboarding.models import CaseDocument, CaseEvent, Municipality, OnboardingCase


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["ibge_code", "name", "uf"]
    list_filter = ["uf"]
    search_fields = ["ibge_code", "search_name"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CaseDocumentInline(admin.TabularInline):
    model = CaseDocument
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OnboardingCase)
class OnboardingCaseAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "status", "slug", "provisioning_progress", "updated_at"]
    list_filter = ["status", "municipality__uf"]
    search_fields = ["municipality__search_name", "municipality__ibge_code"]
    inlines = [CaseDocumentInline, CaseEventInline]
