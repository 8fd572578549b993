from django.apps import AppConfig


class TramitaConfig(AppConfig):
    name = "tramita"
    verbose_name = "Tramita GOV.BR"
    default_auto_field = "django.db.models.BigAutoField"
