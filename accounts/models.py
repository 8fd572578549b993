"""One person = one CPF, across the state and every municipality (public schema)."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.cpf import mask_cpf, normalize_cpf, validate_cpf


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, cpf, name, email, password, **extra):
        cpf = normalize_cpf(cpf)
        validate_cpf(cpf)
        user = self.model(cpf=cpf, name=name, email=self.normalize_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, cpf, name="", email="", password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(cpf, name, email, password, **extra)

    def create_superuser(self, cpf, name="", email="", password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(cpf, name, email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cpf = models.CharField(
        _("CPF"), max_length=11, unique=True, validators=[validate_cpf],
        help_text=_("Somente os 11 dígitos."),
    )  # fmt: skip
    name = models.CharField(_("nome completo"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("ativo"), default=True)
    is_staff = models.BooleanField(
        _("acesso à administração"), default=False,
        help_text=_("Pode entrar na administração do sistema (site do estado)."),
    )  # fmt: skip
    is_coordinator = models.BooleanField(
        _("coordenador estadual"), default=False,
        help_text=_("Conduz a implantação dos municípios no painel do estado."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "cpf"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name", "email"]

    class Meta:
        verbose_name = _("pessoa")
        verbose_name_plural = _("pessoas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cpf__regex=r"^\d{11}$"), name="user_cpf_is_11_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_cpf})"

    @property
    def masked_cpf(self) -> str:
        return mask_cpf(self.cpf)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""


class HandoffToken(models.Model):
    """A single-use ticket that hands a gov.br login from the state host (the one
    registered callback) to the municipality's host it started on. Only the SHA-256 of
    the random token is stored; it expires within a minute and is consumed atomically."""

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    host = models.CharField(max_length=255)
    next_path = models.CharField(max_length=500, default="/")
    level = models.CharField(max_length=8)
    amr = models.JSONField(default=list)
    # The companies gov.br says the person acts for ([{cnpj, name, role, legal}]).
    companies = models.JSONField(default=list)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"handoff to {self.host}"


class ApiToken(models.Model):
    """An API token (dj-rest-auth's password login answers one) valid only on the host
    it was issued for: one per person and host; the key alone never opens another
    municipality's host or the state's."""

    key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    host = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")
        constraints = [
            models.UniqueConstraint(fields=["user", "host"], name="api_token_user_host"),
        ]

    def __str__(self) -> str:
        return f"token for {self.host}"
