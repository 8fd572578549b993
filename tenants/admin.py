"""State admin for municipalities and their hosts. Writes go through tenants.services
so that domain-cache invalidation and provisioning rules are never bypassed."""

from django.contrib import admin

from tenants import services
from tenants.models import Domain, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["domain", "is_primary"]
    readonly_fields = ["domain", "is_primary"]
    can_delete = False


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "ibge_code", "slug", "uf", "status", "schema_name", "created_at"]
    list_filter = ["status", "uf"]
    search_fields = ["name", "ibge_code", "slug"]
    readonly_fields = ["schema_name", "ibge_code", "slug", "uuid", "created_at", "updated_at"]
    fields = ["name", "ibge_code", "slug", "uf", "status", "schema_name", "uuid",
              "created_at", "updated_at"]  # fmt: skip
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False  # municipalities are provisioned, never added by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            services.set_status(tenant=obj, status=obj.status)
        if set(form.changed_data) - {"status"}:
            super().save_model(request, obj, form, change)


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain", "tenant__name"]
    autocomplete_fields = ["tenant"]

    def save_model(self, request, obj, form, change):
        if change and "domain" in form.changed_data:
            new = obj.domain
            obj.domain = form.initial["domain"]
            services.change_domain(domain=obj, new_domain=new)
        elif not change:
            services.add_domain(tenant=obj.tenant, domain=obj.domain, is_primary=obj.is_primary)
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.remove_domain(domain=obj)
