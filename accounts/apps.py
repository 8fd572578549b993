from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Pessoas")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts import hostbound

        user_logged_in.connect(hostbound.bind_session_on_login, dispatch_uid="bind_session_host")
        user_logged_out.connect(hostbound.revoke_token_on_logout, dispatch_uid="revoke_host_token")
