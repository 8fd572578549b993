from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["name", "masked_cpf", "email", "is_coordinator", "is_staff", "is_active"]
    list_filter = ["is_coordinator", "is_staff", "is_active"]
    search_fields = ["name", "cpf", "email"]
    readonly_fields = ["uuid", "created_at", "updated_at", "last_login"]
    fieldsets = [
        (None, {"fields": ["cpf", "name", "email", "password"]}),
        (_("Papéis"), {"fields": ["is_active", "is_coordinator", "is_staff", "is_superuser"]}),
        (_("Registro"), {"fields": ["uuid", "last_login", "created_at", "updated_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["cpf", "name", "email", "password1", "password2"]}),
    ]
