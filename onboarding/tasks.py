"""Control-plane background work (public schema)."""

from datetime import timedelta

from django.conf import settings

from config.celery import app
from onboarding import services


@app.task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def provision_case(self, case_uuid: str) -> str:
    """Provision one onboarding case. Idempotent and resumable: a redelivery after a
    crash runs the remaining (idempotent) steps and never makes a second tenant."""
    return services.run_provisioning(case_uuid)


@app.task
def fail_stale_provisioning() -> int:
    return services.fail_stale_provisioning(
        older_than=timedelta(minutes=settings.ONBOARDING_STALE_MINUTES)
    )
