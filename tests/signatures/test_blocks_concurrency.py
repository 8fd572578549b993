"""Two people signing the same block at the same moment (real transactions, separate
connections): two SEAD signers both sign every document; the same person twice signs
once; a return racing the signatures never leaves a returned block half signed."""

import threading

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.models import Signature
from signatures.models import SignatureBlock
from signatures.services import blocks
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

from .conftest import PASSWORD
from .test_blocks import World

pytestmark = pytest.mark.django_db(transaction=True)


def _together(city, *jobs):  # noqa: F811
    """Run the jobs at once, each in its own thread and connection; their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def run(index, job):
        try:
            with schema_context(city.tenant.schema_name):
                barrier.wait()
                outcomes[index] = ("ok", job())
        except Exception as exc:  # the refusal is the outcome
            outcomes[index] = ("refused", getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.fixture
def available(city, make_user, truncate_processes):  # noqa: F811
    world = World(city, make_user)
    with city.ctx():
        block = blocks.create_block(staff=city.clerk, description="Bloco")
        blocks.add_documents(
            staff=city.clerk, block=block, documents=[world.oficio, world.despacho]
        )
        blocks.make_available(staff=city.clerk, block=block, units=[world.sead])
    return world, block


def _sign(world, staff, user, block):
    return lambda: len(blocks.sign_block(staff=staff, user=user, block=block, password=PASSWORD))


def test_two_signers_at_once_both_sign_everything(city, available):  # noqa: F811
    world, block = available
    outcomes = _together(
        city,
        _sign(world, world.diana, world.diana_user, block),
        _sign(world, world.elias, world.elias_user, block),
    )
    assert outcomes == [("ok", 2), ("ok", 2)]
    with city.ctx():
        for document in (world.oficio, world.despacho):
            names = sorted(Signature.objects.filter(document=document).values_list(
                "signer_name", flat=True))  # fmt: skip
            assert names == ["Diana Sead", "Elias Sead"]


def test_the_same_person_twice_at_once_signs_once(city, available):  # noqa: F811
    world, block = available
    outcomes = _together(
        city,
        _sign(world, world.diana, world.diana_user, block),
        _sign(world, world.diana, world.diana_user, block),
    )
    assert sorted(o[0] for o in outcomes) == ["ok", "refused"]
    assert ("ok", 2) in outcomes
    with city.ctx():
        assert Signature.objects.count() == 2


def test_a_return_racing_a_signature_waits_for_it_or_stops_it(city, available):  # noqa: F811
    world, block = available
    outcomes = _together(
        city,
        _sign(world, world.diana, world.diana_user, block),
        lambda: blocks.return_block(staff=world.elias, block=block).state,
    )
    assert outcomes[1] == ("ok", "returned")
    with city.ctx():
        assert SignatureBlock.objects.get(pk=block.pk).state == "returned"
        count = Signature.objects.count()
    # either the signature came first (both documents) or the return did (none)
    assert (outcomes[0], count) in ((("ok", 2), 2), (("refused", "block_state"), 0))
