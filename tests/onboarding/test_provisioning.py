"""The provisioning job: resumable after a crash at any step, visible progress and
errors, one tenant whatever happens; bulk provisioning through a real Celery worker."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.models import ProcessType, StaffMember, Unit
from onboarding import services
from onboarding.models import Municipality, OnboardingCase, Status
from tenants.models import Domain, Tenant

from .conftest import CONGONHAS, advance


class Killed(BaseException):
    """Stands for the worker process dying: nothing in the job catches it."""


@pytest.mark.django_db
@pytest.mark.parametrize("step", [name for name, _ in services.STEPS])
def test_a_crash_after_any_step_and_a_retry_leave_exactly_one_working_tenant(
    case_at, step, client_for
):
    case = case_at(Status.PROVISIONING)

    def crash(done: str):
        if done == step:
            raise Killed

    with pytest.raises(Killed):
        services.run_provisioning(str(case.uuid), after_step=crash)
    case.refresh_from_db()
    assert case.provisioning_step == step

    # Celery redelivers the task (acks_late + reject_on_worker_lost): the same job again.
    assert services.run_provisioning(str(case.uuid)) == Status.TRAINING
    # ...and once more, as a duplicate delivery would.
    assert services.run_provisioning(str(case.uuid)) == Status.TRAINING

    assert Tenant.objects.filter(ibge_code=CONGONHAS).count() == 1
    tenant = Tenant.objects.get(ibge_code=CONGONHAS)
    assert Domain.objects.filter(tenant=tenant).count() == 1
    with schema_context(tenant.schema_name):
        assert Unit.objects.filter(parent__isnull=True).count() == 1
        assert ProcessType.objects.filter(name__iexact="Pessoal: Férias").count() == 1
        assert StaffMember.objects.filter(is_municipal_admin=True).count() == 1
    case.refresh_from_db()
    assert (case.status, case.provisioning_progress, case.tenant_id) == (
        Status.TRAINING, 100, tenant.pk)  # fmt: skip
    assert case.events.filter(action="finish_provisioning").count() == 1
    home = client_for(tenant).get("/api/v1/context/")
    assert home.json()["name"] == "Congonhas"


@pytest.mark.django_db
def test_a_failing_step_marks_the_case_failed_with_a_readable_error_and_retry_works(
    case_at, coordinator, monkeypatch
):
    case = case_at(Status.PROVISIONING)
    real_seed = services._STEP_FUNCTIONS["seed"]
    monkeypatch.setitem(services._STEP_FUNCTIONS, "seed",
                        lambda case: (_ for _ in ()).throw(RuntimeError("disk full")))  # fmt: skip
    assert services.run_provisioning(str(case.uuid)) == Status.FAILED
    case.refresh_from_db()
    assert case.status == Status.FAILED
    assert case.provisioning_error == "Erro interno no passo “seed”."
    failure = case.events.get(action="fail")
    assert failure.data["step"] == "seed" and "disk full" in failure.data["error"]

    monkeypatch.setitem(services._STEP_FUNCTIONS, "seed", real_seed)
    services.retry_provisioning(case=case, actor=coordinator)
    assert services.run_provisioning(str(case.uuid)) == Status.TRAINING
    assert Tenant.objects.filter(ibge_code=CONGONHAS).count() == 1


@pytest.mark.django_db
def test_a_slug_taken_meanwhile_fails_with_the_domain_message(case_at, tenant_a):
    case = case_at(Status.PROVISIONING)
    OnboardingCase.objects.filter(pk=case.pk).update(slug=tenant_a.slug)
    assert services.run_provisioning(str(case.uuid)) == Status.FAILED
    case.refresh_from_db()
    assert "identificador" in case.provisioning_error
    assert not Tenant.objects.filter(ibge_code=CONGONHAS).exists()


@pytest.mark.django_db
def test_stale_provisioning_is_marked_failed_by_beat(case_at):
    case = case_at(Status.PROVISIONING)
    assert services.fail_stale_provisioning(now=timezone.now()) == 0
    later = timezone.now() + timedelta(minutes=16)
    assert services.fail_stale_provisioning(now=later) == 1
    case.refresh_from_db()
    assert case.status == Status.FAILED
    assert case.provisioning_error == "O provisionamento parou de responder."


@pytest.mark.django_db
def test_slug_is_ascii_and_unique(coordinator):
    sao_joao = Municipality.objects.get(name="São João del Rei")
    case = services.open_case(municipality=sao_joao, actor=coordinator)
    assert services.suggest_slug(case) == "sao-joao-del-rei"
    Tenant.objects.create(schema_name="x1", ibge_code="9999999", name="Outro",
                          slug="sao-joao-del-rei")  # fmt: skip
    assert services.suggest_slug(case) == "sao-joao-del-rei-mg"


@pytest.mark.django_db(transaction=True)
def test_bulk_provisioning_of_20_cases_through_the_worker(
    celery_worker_process, drop_new_schemas, coordinator, client_for, public_tenant
):
    from tests.conftest import CITY_A, CITY_B

    taken = {CITY_A["ibge_code"], CITY_B["ibge_code"]}
    municipalities = Municipality.objects.exclude(ibge_code__in=taken).order_by("ibge_code")[:20]
    cases = []
    for municipality in municipalities:
        case = services.open_case(municipality=municipality, actor=coordinator)
        advance(case, Status.MANAGER_DESIGNATED, coordinator)
        cases.append(case)
    client = client_for(public_tenant, coordinator)
    created = client.post("/api/v1/onboarding/batches/",
                          {"cases": [str(c.uuid) for c in cases]},
                          content_type="application/json").json()  # fmt: skip
    assert created["total"] == 20 and created["refused"] == []

    deadline = time.monotonic() + 240
    while True:
        batch = client.get(f"/api/v1/onboarding/batches/{created['id']}/").json()
        if batch["done"] + batch["failed"] == 20 or time.monotonic() > deadline:
            break
        assert 0 <= batch["progress"] <= 100
        time.sleep(0.5)
    assert (batch["done"], batch["failed"], batch["progress"]) == (20, 0, 100), batch
    assert Tenant.objects.exclude(schema_name="public").exclude(ibge_code__in=taken).count() == 20
    for case in OnboardingCase.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.status == Status.TRAINING
        with schema_context(case.tenant.schema_name):
            assert StaffMember.objects.get().is_municipal_admin
