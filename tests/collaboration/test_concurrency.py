"""Two links of one invitation (the first e-mail and a reminder) sent at the same moment: the
invitation's row lock lets one through; the other finds the answers already sent. Runs on
PostgreSQL, where the row lock is real."""

from __future__ import annotations

import threading
import time

from django.db import connection, connections
from django.test import Client
from django.urls import reverse

import pytest

from participatienet.collaboration import services
from participatienet.collaboration.models import Invitation, Response
from tests.collaboration import builders

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for concurrent row locks"
)


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data_afterwards(django_db_blocker):
    """A transactional test empties every table when it ends, the reference data of the data
    migrations too; put it back for the transactional tests that follow."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_links_of_one_invitation_submitted_together_store_one_response(world, monkeypatch):
    wave = builders.open_wave(world.gent)
    (first,) = builders.invite(wave)
    second = builders.link_of(Invitation.objects.get())
    real = services.link_state

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "link_state", slow)
    data = {"action": "submit", **{f"s{pk}": "3" for pk in builders.statement_ids(wave)}}
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def submit(raw: str) -> None:
        try:
            barrier.wait()
            url = reverse("collaboration:answer", kwargs={"token": raw})
            statuses.append(Client().post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(raw,)) for raw in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(statuses) == [302, 410]
    assert Response.objects.filter(submitted=True).count() == 1
