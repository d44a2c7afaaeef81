"""Two counsellors refer to the last free place of an offer at the same moment: one succeeds,
the other is told the offer is full. Runs on PostgreSQL, where the row lock is real."""

from __future__ import annotations

import threading

from django.db import connection

import pytest

from participatienet.trajectories import services
from participatienet.trajectories.choices import OCCUPYING_STATUSES
from participatienet.trajectories.models import Participation
from tests import factories
from tests.trajectories.builders import caseload

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent row locks"
)


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data_afterwards(django_db_blocker):
    """A transactional test empties every table when it ends, the regions and municipalities
    of the data migration too. Put them back, so later transactional tests find them."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_counsellors_cannot_both_take_the_last_free_place(world):
    from participatienet.accounts.choices import Role

    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    first = caseload(world)
    second = caseload(world, counsellor=colleague)
    attempts = [(world.users["counsellor"], first), (colleague, second)]

    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def refer(actor, trajectory):
        try:
            barrier.wait(timeout=10)
            services.refer(actor=actor, trajectory=trajectory, offer=offer)
            outcome = "referred"
        except services.OfferFull:
            outcome = "full"
        except Exception as exc:  # reported in the assertion below
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=refer, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["full", "referred"], outcomes
    occupying = Participation.objects.filter(offer=offer, status__in=OCCUPYING_STATUSES)
    assert occupying.count() == 1
    assert occupying.get().trajectory_id in (first.pk, second.pk)
