"""Who sees what: every access level, every kind of viewer, every surface.

The rules (LAI levels, as in SEI):
  público   — every staff member of the municipality;
  restrito  — staff of a unit the process has passed through;
  sigiloso  — staff explicitly credentialed on it (its author is, on creation).
Nobody else: not the municipal admin by virtue of the role, not another municipality's
staff (even with the right ids), not citizens, not anonymous visitors.

What "does not see" means on each surface:
  * a surface addressed by id answers exactly what it answers for an id that does not
    exist — 404 for staff (never a 403 that would confirm the process exists);
    people without a staff role are refused before any lookup (401/403, the same for
    every id);
  * a list (inbox, search, process list) leaves the process out.
The inbox also needs the process to be open in the viewer's current unit.
"""

import random
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import selectors
from core.errors import CoreError
from core.files import blank_pdf
from core.models import Credential, Membership, ProcessPdf, Unit
from core.services import dispatch, grant_municipal_admin
from core.services import documents as docs
from core.services.processes import create_process
from core.services.search import reindex
from core.services.staff import add_staff

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SEE, HIDE, REFUSE = "see", "hide", "refuse"
LEVELS = ("public", "restricted", "secret")

# Each process is generated in GAB by its author and sent to SEOB, kept open in GAB:
# it has passed through GAB and SEOB and is open in both inboxes.
OPEN_IN = {"GAB", "SEOB"}

MATRIX = {
    # viewer                (works in  público  restrito  sigiloso)
    "author":               ("GAB",    SEE,     SEE,      SEE),  # credentialed on creation
    "generating_unit":      ("GAB",    SEE,     SEE,      HIDE),
    "passed_through":       ("SEOB",   SEE,     SEE,      HIDE),
    "never_passed":         ("SMS",    SEE,     HIDE,     HIDE),
    "credentialed":         ("SMS",    SEE,     HIDE,     SEE),  # credential on all three
    "municipal_admin":      ("SMS",    SEE,     HIDE,     HIDE),  # no credential
    "moved_out_of_seob":    ("-",      SEE,     HIDE,     HIDE),  # SEOB still current unit
    "other_municipality":   (None,     HIDE,    HIDE,     HIDE),  # same ids, own host
    "anonymous":            (None,     REFUSE,  REFUSE,   REFUSE),
    "citizen":              (None,     REFUSE,  REFUSE,   REFUSE),  # signed in, no role
}  # fmt: skip

CASES = [
    pytest.param(viewer, level, row[1 + i], id=f"{viewer}-{level}")
    for viewer, row in MATRIX.items()
    for i, level in enumerate(LEVELS)
]

# Surfaces addressed by the ids of a process or its documents: (method, url template).
BY_ID = {
    "process detail": ("get", "/api/v1/processes/{p}/"),
    "process events": ("get", "/api/v1/processes/{p}/events/"),
    "document detail": ("get", "/api/v1/documents/{d}/"),
    "document content": ("get", "/api/v1/documents/{d}/content/"),
    "file download": ("get", "/api/v1/documents/{x}/content/"),
    "process PDF request": ("post", "/api/v1/processes/{p}/pdf/"),
}
# Lists: url (with {n} = the process number) → the units whose staff find it there
# (None: every unit), for viewers who may see the process at all.
LISTS = {
    "inbox": ("/api/v1/inbox/", OPEN_IN),
    "inbox, generated": ("/api/v1/inbox/?kind=generated", {"GAB"}),
    "inbox, received": ("/api/v1/inbox/?kind=received", {"SEOB"}),
    "search by text": ("/api/v1/search/?q=matriz", None),
    "search by number": ("/api/v1/search/?number={n}", None),
    "search by party": ("/api/v1/search/?party=52998224725", None),
    "process list": ("/api/v1/processes/", None),
}

CPFS = {
    "generating_unit": "94580730224",
    "never_passed": "15736819384",
    "credentialed": "03642621252",
    "municipal_admin": "99722003372",
    "moved_out_of_seob": "75858471900",
    "citizen": "22453832301",
}


@pytest.fixture
def cast(city, city_b, client_for):
    """Three processes (one per level) with an internal and an external document each,
    and a signed-in client for every kind of viewer."""
    with city.ctx():
        sms = Unit.objects.create(name="Secretaria de Saúde", acronym="SMS", parent=city.root)

        def staff_in(unit, key, name):
            return add_staff(
                admin=city.admin, cpf=CPFS[key], name=name, email=f"{key}@example.org", unit=unit
            )

        colleague = staff_in(city.root, "generating_unit", "Gabriela Gabinete")
        outsider = staff_in(sms, "never_passed", "Sérgio Saúde")
        credentialed = staff_in(sms, "credentialed", "Cecília Credenciada")
        # Moved from SEOB to SMS by an admin; SEOB is still the unit picked in the app.
        moved = staff_in(city.obras, "moved_out_of_seob", "Marta Mudou")
        add_staff(
            admin=city.admin, cpf=CPFS["moved_out_of_seob"], name="Marta Mudou",
            email="m@example.org", unit=sms,
        )  # fmt: skip
        Membership.objects.filter(staff=moved, unit=city.obras).delete()  # (no action yet)
        moved.refresh_from_db()
        assert moved.current_unit == city.obras
        admin_user = _person(CPFS["municipal_admin"], "Aurora Admin")
        grant_municipal_admin(user=admin_user, unit=sms)
        bases = {"public": None, "restricted": city.personal, "secret": city.secret_basis}
        processes, documents, files = {}, {}, {}
        for level in LEVELS:
            process = create_process(
                staff=city.clerk,
                process_type=city.process_type,
                summary=f"Matriz de acesso {level}",
                access_level=level,
                legal_basis=bases[level],
                parties=[{"document": "529.982.247-25", "name": "Joana Prado"}],
            )
            documents[level] = docs.create_internal(
                staff=city.clerk, process=process, document_type=city.despacho, html="<p>x</p>"
            )
            # Signed: an unsigned draft is readable in its own unit only (that rule has
            # its own tests, in test_allowed_actions.py); here, what the level allows.
            docs.sign(
                staff=city.clerk,
                user=city.clerk_user,
                documents=[documents[level]],
                password=PASSWORD,
            )
            files[level] = docs.upload_external(
                staff=city.clerk,
                process=process,
                document_type=city.anexo,
                upload=SimpleUploadedFile("a.pdf", blank_pdf(), content_type="application/pdf"),
            )
            dispatch.send(staff=city.clerk, process=process, to_units=[city.obras], keep_open=True)
            # No grant action exists yet: the credential is the row the rules read.
            Credential.objects.create(
                process=process, user_id=credentialed.user_id, granted_by_id=city.clerk.user_id
            )
            reindex(process)  # (the on-commit reindex never runs inside a test transaction)
            processes[level] = process
        assert colleague.current_unit == city.root and outsider.current_unit == sms
    users = {
        "author": city.clerk_user,
        "generating_unit": _user(colleague),
        "passed_through": city.other_user,
        "never_passed": _user(outsider),
        "credentialed": _user(credentialed),
        "municipal_admin": admin_user,
        "moved_out_of_seob": _user(moved),
        "citizen": _person(CPFS["citizen"], "Cida Cidadã"),
    }
    clients = {name: client_for(city.tenant, user) for name, user in users.items()}
    clients["anonymous"] = client_for(city.tenant)
    clients["other_municipality"] = client_for(city_b["tenant"], city_b["user"])
    return {"city": city, "processes": processes, "documents": documents, "files": files,
            "clients": clients}  # fmt: skip


def _person(cpf, name):
    from accounts.models import User

    return User.objects.create_user(cpf=cpf, name=name, email="p@example.org")


def _user(staff):
    from accounts.models import User

    return User.objects.get(pk=staff.user_id)


def _call(client, method, url):
    response = getattr(client, method)(url)
    try:
        body = response.json()
    except ValueError:
        body = None
    return response.status_code, body


def _listed(client, url) -> tuple[int, set[str]]:
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, set()
    return 200, {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("viewer", "level", "expected"), CASES)
def test_access_matrix(cast, viewer, level, expected):
    client = cast["clients"][viewer]
    process = cast["processes"][level]
    ids = {"p": process.uuid, "d": cast["documents"][level].uuid, "x": cast["files"][level].uuid}
    nobody = {key: uuid.uuid4() for key in ids}  # ids that exist nowhere
    with cast["city"].ctx():
        pdfs_before = ProcessPdf.objects.count()

    for surface, (method, template) in BY_ID.items():
        status, body = _call(client, method, template.format(**ids))
        absent = _call(client, method, template.format(**nobody))
        where = (viewer, level, surface)
        if expected == SEE:
            assert status == (202 if method == "post" else 200), (*where, status, body)
        elif expected == HIDE:
            assert (status, body) == (404, absent[1]), (*where, status, body)
        else:
            assert status in (401, 403), (*where, status)
            assert (status, body) == absent, where  # refused before any lookup

    with cast["city"].ctx():
        made = ProcessPdf.objects.count() - pdfs_before
    assert made == (1 if expected == SEE else 0), (viewer, level, "PDF jobs created")

    works_in = MATRIX[viewer][0]
    for surface, (template, units) in LISTS.items():
        status, listed = _listed(client, template.format(n=process.number))
        where = (viewer, level, surface)
        if expected == REFUSE:
            assert status in (401, 403), (*where, status)
            continue
        assert status == 200, (*where, status)
        shown = expected == SEE and (units is None or works_in in units)
        assert (str(process.uuid) in listed) == shown, where


def test_the_matrix_table_covers_every_level_and_kind_of_viewer():
    assert len(CASES) == len(MATRIX) * len(LEVELS) == 30
    # The table itself states the rules; keep it honest against them.
    for viewer, (unit, public, restricted, secret) in MATRIX.items():
        if unit is None:
            assert public == restricted == secret != SEE
            continue
        assert public == SEE
        assert restricted == (SEE if unit in OPEN_IN else HIDE)
        assert secret == (SEE if viewer in ("author", "credentialed") else HIDE)


# --- property: lists never show what the rules hide -------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_inbox_search_and_list_never_show_a_hidden_process(city, client_for, seed):
    """Random processes at random levels, moved between random units (sent, kept open,
    concluded), with random credentials. For every staff member, what the rules allow —
    computed here from what happened, not by the selector — is exactly what the selector,
    the process list and the search return; the inbox is that ∩ open in their unit, and
    "atribuídos a mim" that ∩ assigned to them there (assignments made at random too)."""
    rng = random.Random(seed)
    cpfs = iter(["64056224102", "54990951409", "54752772060", "40560865678", "90702931373"])
    with city.ctx():
        units = [city.root, city.obras]
        units += [
            Unit.objects.create(name=f"Unidade {code}", acronym=code, parent=city.root)
            for code in ("SMS", "SEMAD")
        ]
        # One worker per unit, a colleague in SMS, and the SMS worker also in SEMAD
        # (working in SMS: it sees SEMAD's restricted processes, but not SEMAD's inbox).
        workers = {city.root: city.clerk, city.obras: city.other}
        for unit in units[2:]:
            workers[unit] = add_staff(
                admin=city.admin,
                cpf=next(cpfs),
                name=f"Servidor {unit.acronym}",
                email=f"{unit.acronym.lower()}@example.org",
                unit=unit,
            )
        colleague = add_staff(
            admin=city.admin, cpf=next(cpfs), name="Colega SMS", email="c@example.org",
            unit=units[2],
        )  # fmt: skip
        sms_worker = workers[units[2]]
        add_staff(
            admin=city.admin, cpf=_user(sms_worker).cpf, name="x", email="x@example.org",
            unit=units[3],
        )  # fmt: skip
        assert sms_worker.memberships.count() == 2
        people = [city.admin, *workers.values(), colleague]
        member_of = {s.pk: set(s.memberships.values_list("unit_id", flat=True)) for s in people}
        bases = {"public": None, "restricted": city.personal, "secret": city.secret_basis}

        truth = []  # (process, level, passed unit ids, open unit ids, credentialed user ids)
        for i in range(24):
            level = rng.choice(LEVELS)
            home = rng.choice(units)
            author = workers[home]
            process = create_process(
                staff=author,
                process_type=city.process_type,
                summary=f"Sorteio {i}",
                access_level=level,
                legal_basis=bases[level],
            )
            passed, open_ = {home.pk}, {home.pk}
            credentialed = {author.user_id} if level == "secret" else set()
            for _step in range(rng.randint(0, 4)):
                here = rng.choice([u for u in units if u.pk in open_])
                sender = workers[here]
                if rng.random() < 0.2:
                    dispatch.conclude(staff=sender, process=process)
                    open_.discard(here.pk)
                    if not open_:
                        break
                    continue
                targets = rng.sample([u for u in units if u != here], rng.randint(1, 2))
                keep = rng.random() < 0.4
                dispatch.send(staff=sender, process=process, to_units=targets, keep_open=keep)
                passed |= {t.pk for t in targets}
                open_ |= {t.pk for t in targets}
                if not keep:
                    open_.discard(here.pk)
            for person in rng.sample(people, rng.randint(0, 2)):
                Credential.objects.get_or_create(
                    process=process, user_id=person.user_id, defaults={"granted_by_id": 0}
                )
                credentialed.add(person.user_id)
            reindex(process)
            truth.append((process, level, passed, open_, credentialed))

        def allowed(staff, level, passed, credentialed):
            return (
                level == "public"
                or (level == "restricted" and bool(passed & member_of[staff.pk]))
                or (level == "secret" and staff.user_id in credentialed)
            )

        expected, selected = {}, {}
        for person in people:
            person.refresh_from_db()
            expected[person.pk] = {
                str(p.uuid)
                for p, lv, passed, _o, cred in truth
                if allowed(person, lv, passed, cred)
            }
            selected[person.pk] = {
                str(u)
                for u in selectors.processes_visible_to(person).values_list("uuid", flat=True)
            }
        inbox_expected = {
            person.pk: {
                str(p.uuid)
                for p, lv, passed, open_, cred in truth
                if allowed(person, lv, passed, cred) and person.current_unit_id in open_
            }
            for person in people
        }

        # Random assignments where each process is open: refused exactly when the
        # assignee may not see the process (a sigiloso one without credential).
        assigned = {}  # (process pk, unit pk) -> user id
        by_pk = {u.pk: u for u in units}
        for p, lv, passed, open_, cred in truth:
            for unit_pk in sorted(open_):
                candidates = [x for x in people if unit_pk in member_of[x.pk]]
                if rng.random() < 0.3 or not candidates:
                    continue
                choice = rng.choice(candidates)
                try:
                    dispatch.assign(
                        staff=workers[by_pk[unit_pk]], process=p, user_id=choice.user_id
                    )
                except CoreError as error:
                    assert error.code == "assignee_without_access"
                    assert not allowed(choice, lv, passed, cred)
                else:
                    assert allowed(choice, lv, passed, cred)
                    assigned[(p.pk, unit_pk)] = choice.user_id
        mine_expected = {
            person.pk: {
                str(p.uuid)
                for p, lv, passed, open_, cred in truth
                if str(p.uuid) in inbox_expected[person.pk]
                and assigned.get((p.pk, person.current_unit_id)) == person.user_id
            }
            for person in people
        }

    assert any(expected[a.pk] != expected[b.pk] for a in people for b in people)  # not trivial
    for person in people:
        who = (seed, _user(person).name)
        assert selected[person.pk] == expected[person.pk], who
        client = client_for(city.tenant, _user(person))
        assert _all_pages(client, "/api/v1/processes/") == expected[person.pk], who
        assert _all_pages(client, "/api/v1/search/?q=sorteio") == expected[person.pk], who
        assert _all_pages(client, "/api/v1/inbox/") == inbox_expected[person.pk], who
        assert _all_pages(client, "/api/v1/inbox/?mine=1") == mine_expected[person.pk], who
    assert any(mine_expected.values())  # not trivial


def _all_pages(client, url) -> set[str]:
    found, page = set(), 1
    while True:
        sep = "&" if "?" in url else "?"
        body = client.get(f"{url}{sep}page={page}").json()
        found |= {row["id"] for row in body["results"]}
        if not body.get("next"):
            return found
        page += 1


def test_opening_a_process_does_not_receive_it_for_a_unit_one_left(city, client_for):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Mudança de lotação",
            access_level="public",
        )
        dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
        Membership.objects.filter(staff=city.other, unit=city.obras).delete()  # (no action yet)
    client = client_for(city.tenant, city.other_user)
    assert client.get(f"/api/v1/processes/{process.uuid}/").status_code == 200  # público
    with city.ctx():
        assert process.open_in.get().read is False
        assert not process.events.filter(action="received").exists()
