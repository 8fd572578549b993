"""E-mail when a process arrives in a unit: to its active members who did not opt out
and may see the process, in pt-BR, with the number and a link; sent by a real worker
after the dispatch commits, once per person and dispatch."""

import email
import email.policy
import time

import pytest
from django_tenants.utils import schema_context, tenant_context

from accounts.models import User
from core.models import ArrivalNotice, Dispatch, Membership, StaffMember
from core.services import dispatch
from core.services.notifications import notify_arrival
from core.services.processes import create_process
from core.services.staff import add_staff
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _process(city, access="public", basis=None):
    return create_process(
        staff=city.clerk,
        process_type=city.process_type,
        summary="Vistoria de calçada",
        access_level=access,
        legal_basis=basis,
    )


def test_the_units_members_get_a_ptbr_email_with_the_number_and_a_link(city, mailoutbox):
    with city.ctx():
        process = _process(city)
        [sent] = dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
        assert notify_arrival([sent.pk]) == 1
    [mail] = mailoutbox
    assert mail.to == [city.other_user.email]
    assert mail.subject == f"Processo {process} recebido na unidade SEOB"
    assert f"https://{host_of(city.tenant)}/processos/{process.uuid}" in mail.body
    assert f"O processo {process} foi enviado pela unidade GAB para a unidade SEOB." in mail.body
    assert mail.body.startswith("Olá, Carla Obras.")
    # The same dispatch again (a retried task): nobody hears of it twice.
    with city.ctx():
        assert notify_arrival([sent.pk]) == 0
        assert ArrivalNotice.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_notice_is_queued_only_after_the_dispatch_commits(
    city, django_capture_on_commit_callbacks
):
    with city.ctx():
        process = _process(city)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
    assert len(callbacks) == 1


def test_who_is_told(city, client_for, mailoutbox):
    with city.ctx():
        add_staff(
            admin=city.admin,
            cpf="86288366757",
            name="Davi Quieto",
            email="davi@example.org",
            unit=city.obras,
        )
        Membership.objects.create(staff=city.clerk, unit=city.obras)  # the sender: not told
    quiet = client_for(city.tenant, User.objects.get(cpf="86288366757"))
    assert quiet.get("/api/v1/me/").json()["email_notifications"] is True
    response = quiet.patch(
        "/api/v1/me/notifications/", {"email_notifications": False}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["email_notifications"] is False
    with city.ctx():
        [sent] = dispatch.send(staff=city.clerk, process=_process(city), to_units=[city.obras])
        assert notify_arrival([sent.pk]) == 1
        # A secret process: only people credentialed on it hear of it (here: nobody).
        secret = _process(city, access="secret", basis=city.secret_basis)
        [hidden] = dispatch.send(staff=city.clerk, process=secret, to_units=[city.obras])
        assert notify_arrival([hidden.pk]) == 0
        # An inactive member is not told either.
        StaffMember.objects.filter(pk=city.other.pk).update(active=False)
        [later] = dispatch.send(staff=city.clerk, process=_process(city), to_units=[city.obras])
        assert notify_arrival([later.pk]) == 0
    assert [m.to for m in mailoutbox] == [[city.other_user.email]]


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_it_after_the_dispatch_commits(
    celery_worker_process, worker_outbox, city, client_for, truncate_processes
):
    from core.tasks import notify_arrival as task

    with city.ctx():
        process = _process(city)
    client = client_for(city.tenant, city.clerk_user)
    response = client.post(
        f"/api/v1/processes/{process.uuid}/send/",
        {"units": [str(city.obras.uuid)]},
        content_type="application/json",
    )
    assert response.status_code == 201
    link = f"https://{host_of(city.tenant)}/processos/{process.uuid}"
    deadline = time.monotonic() + 30
    while not (found := [f for f in worker_outbox.iterdir() if link.encode() in f.read_bytes()]):
        assert time.monotonic() < deadline, "the worker sent no e-mail"
        time.sleep(0.3)
    [path] = found
    raw = path.read_bytes().split(b"\n" + b"-" * 79)[0]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == f"Processo {process} recebido na unidade SEOB"
    assert message["To"] == city.other_user.email
    assert "Para abri-lo: " + link in message.get_content()
    with schema_context(city.tenant.schema_name):
        dispatch_id = Dispatch.objects.get(process__uuid=process.uuid).pk
        assert ArrivalNotice.objects.filter(dispatch_id=dispatch_id).count() == 1
    with tenant_context(city.tenant):  # delivered twice (a retry): sends nothing more
        assert task.delay([dispatch_id]).get(timeout=30) == 0
    assert len(found) == 1


def test_the_opt_out_is_per_municipality(city, city_b, client_for):
    # The city A clerk is no staff of city B: refused there.
    response = client_for(city_b["tenant"], city.clerk_user).patch(
        "/api/v1/me/notifications/", {"email_notifications": False}, content_type="application/json"
    )
    assert response.status_code == 403
    # City B's admin opts out in B; the same person's choice elsewhere is untouched.
    client_b = client_for(city_b["tenant"], city_b["user"])
    response = client_b.patch(
        "/api/v1/me/notifications/", {"email_notifications": False}, content_type="application/json"
    )
    assert response.status_code == 200
    with city.ctx():
        assert StaffMember.objects.get(pk=city.clerk.pk).email_notifications is True


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_people_without_a_staff_role_are_refused(city, client_for, make_user, who):
    user = None if who == "anonymous" else make_user(cpf="86288366757", name="Cidadão")
    response = client_for(city.tenant, user).patch(
        "/api/v1/me/notifications/", {"email_notifications": False}, content_type="application/json"
    )
    assert response.status_code in (401, 403)


def test_the_task_reads_only_the_schema_it_runs_in(city, city_b, mailoutbox):
    """Dispatch ids are per municipality: the same id in another city is another row
    (or none), and nothing of Extrema is sent from Ipatinga's schema."""
    with city.ctx():
        [sent] = dispatch.send(staff=city.clerk, process=_process(city), to_units=[city.obras])
    with schema_context(city_b["tenant"].schema_name):
        assert notify_arrival([sent.pk]) == 0
        assert not ArrivalNotice.objects.exists()
    assert mailoutbox == []
    with city.ctx():
        assert notify_arrival([sent.pk]) == 1
