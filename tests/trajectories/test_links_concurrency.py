"""Two submissions of one link at the same moment: the link's row lock lets one through; the
other waits, then finds the link used. Runs on PostgreSQL, where the row lock is real."""

from __future__ import annotations

import threading
import time

from django.db import connection, connections
from django.test import Client
from django.urls import reverse

import pytest

from participatienet.trajectories import services
from participatienet.trajectories.models import Feedback
from tests.access.rows_links import ended, link

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
def test_two_simultaneous_submissions_of_one_link_store_one_answer(world, monkeypatch):
    """Without the lock both would pass the "already given?" check and the second would fail
    on the unique answer (a server error); with it, the second gets the used-link page."""
    real = services.give_feedback

    def slow(**kwargs):
        time.sleep(0.4)
        return real(**kwargs)

    monkeypatch.setattr(services, "give_feedback", slow)
    url = reverse(
        "links:open", kwargs={"token": link(services.PURPOSE_FEEDBACK_NEWCOMER, ended(world))}
    )
    data = {"purpose": services.PURPOSE_FEEDBACK_NEWCOMER, "lang": "nl", "felt_welcome": "4"}
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def submit() -> None:
        try:
            barrier.wait()
            statuses.append(Client().post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(statuses) == [200, 410]
    assert Feedback.objects.count() == 1
