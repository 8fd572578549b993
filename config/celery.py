"""The Celery app. Tasks sent from a municipality carry its schema in the message
headers (tenant-schemas-celery) and run in that schema on the worker."""

import os

from kombu import Queue
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("processo_municipal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in ("default", "provisioning", "tramita")]
app.conf.task_routes = {
    "tenants.tasks.*": {"queue": "provisioning"},
    "onboarding.tasks.provision_case": {"queue": "provisioning"},
    "tramita.tasks.*": {"queue": "tramita"},
}
# Beat fan-out tasks enqueue one task per municipality.
app.conf.beat_schedule = {
    "tramita-tick": {
        "task": "tramita.tasks.tick",
        "schedule": float(os.environ.get("TRAMITA_POLL_SECONDS", "60")),
    },
    "citizens-intimation-job": {  # hourly; the spec's SEI job ran at 23:00
        "task": "citizens.tasks.intimation_job_all",
        "schedule": 3600.0,
    },
    "onboarding-fail-stale-provisioning": {
        "task": "onboarding.tasks.fail_stale_provisioning",
        "schedule": 300.0,
    },
}
app.autodiscover_tasks()
