"""Where the control plane's documents live: the state's own key prefix in the bucket,
whatever schema the connection happens to be in."""

from storages.backends.s3 import S3Storage

from core.storage import tenant_prefix


class OnboardingStorage(S3Storage):
    location = f"{tenant_prefix('public')}/onboarding"

    def __init__(self, **settings):
        super().__init__(**settings)
        self.location = f"{tenant_prefix('public')}/onboarding"


def onboarding_storage() -> OnboardingStorage:
    return OnboardingStorage()
