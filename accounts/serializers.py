"""The current user for the SPA and API clients (dj-rest-auth's /api/v1/auth/user/):
who, how they signed in, and — on a municipality's host — their units and roles."""

from dj_rest_auth.serializers import PasswordChangeSerializer as BasePasswordChangeSerializer
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User


class CurrentUserSerializer(serializers.ModelSerializer):
    cpf_masked = serializers.CharField(source="masked_cpf", read_only=True)
    auth_method = serializers.SerializerMethodField()
    trust_level = serializers.SerializerMethodField()
    tenant = serializers.SerializerMethodField()
    staff = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "name",
            "email",
            "cpf_masked",
            "is_coordinator",
            "auth_method",
            "trust_level",
            "tenant",
            "staff",
        ]
        read_only_fields = fields

    def _session(self):
        request = self.context.get("request")
        return getattr(request, "session", {}) if request else {}

    def get_auth_method(self, user) -> str:
        return self._session().get("auth_method", "password")

    def get_trust_level(self, user) -> str | None:
        return self._session().get("auth_level")

    def get_tenant(self, user) -> dict | None:
        tenant = getattr(self.context.get("request"), "tenant", None)
        if tenant is None:
            return None
        return {
            "kind": "state" if tenant.is_public else "municipality",
            "name": tenant.name,
            "slug": None if tenant.is_public else tenant.slug,
        }

    def get_staff(self, user) -> dict | None:
        tenant = getattr(self.context.get("request"), "tenant", None)
        if tenant is None or tenant.is_public:
            return None
        from core.models import Membership
        from core.services.staff import current_staff

        staff = current_staff(user)
        if staff is None:
            return None
        memberships = Membership.objects.filter(staff=staff).select_related("unit")
        return {
            "is_municipal_admin": staff.is_municipal_admin,
            "current_unit": staff.current_unit.acronym if staff.current_unit else None,
            "units": [{"acronym": m.unit.acronym, "role": m.role} for m in memberships],
        }


class PasswordChangeSerializer(BasePasswordChangeSerializer):
    """dj-rest-auth's password change, always with the current password. A person who
    signs in only with gov.br has no password, and none can be created here: a password
    set from a gov.br session would grant, on the next password login, what the person's
    gov.br trust level refuses (docs/architecture.md, "Passwords")."""

    def validate_old_password(self, value):
        if self.user is None or not self.user.has_usable_password():
            raise serializers.ValidationError(
                _("Esta conta entra somente com gov.br e não tem senha para alterar.")
            )
        if not self.user.check_password(value):
            raise serializers.ValidationError(_("A senha atual não confere."))
        return value
