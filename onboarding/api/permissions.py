from rest_framework.permissions import BasePermission


class IsStateCoordinator(BasePermission):
    """State coordinators on the state host; nobody else, nowhere else."""

    message = "Acesso restrito à coordenação estadual."

    def has_permission(self, request, view) -> bool:
        user = request.user
        tenant = getattr(request, "tenant", None)
        return bool(
            user
            and user.is_authenticated
            and user.is_active
            and user.is_coordinator
            and tenant is not None
            and tenant.is_public
        )
