"""Two people register for the last place at the same moment: one gets it, the other goes on
the waiting list. Runs on PostgreSQL, where the day's row lock is real."""

from __future__ import annotations

import threading
import time

from django.db import connection

import pytest

from participatienet.exchange import services
from participatienet.exchange.choices import RegistrationStatus
from participatienet.exchange.models import Registration
from tests.exchange.builders import learning_day

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


def _race(day, people, monkeypatch) -> list[str]:
    """Register ``people`` (index, e-mail) at once; counting the places is slowed down so the
    attempts overlap."""
    real = services.free_places

    def slow(day_):
        places = real(day_)
        time.sleep(0.3)
        return places

    monkeypatch.setattr(services, "free_places", slow)
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int, email: str) -> None:
        try:
            barrier.wait(timeout=10)
            registration = services.register(
                day=day,
                name=f"Deelnemer {n}",
                email=email,
                organisation_name="Stad Gent",
                role="network_worker",
            )
            outcome = registration.status
        except services.AlreadyRegistered:
            outcome = "already"
        except Exception as exc:  # reported in the assertion
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_registrations_cannot_both_take_the_last_place(world, monkeypatch):
    day = learning_day(capacity=1)
    outcomes = _race(day, [(1, "een@netwerk.be"), (2, "twee@netwerk.be")], monkeypatch)
    assert outcomes == ["confirmed", "waiting"], outcomes
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 1
    waiting = Registration.objects.get(status=RegistrationStatus.WAITING)
    assert waiting.waiting_position == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_address_twice_at_once_registers_once(world, monkeypatch):
    day = learning_day(capacity=5)
    outcomes = _race(day, [(1, "een@netwerk.be"), (2, "een@netwerk.be")], monkeypatch)
    assert outcomes == ["already", "confirmed"], outcomes
    assert Registration.objects.count() == 1
