from django.urls import reverse

import pytest

from participatienet.accounts import audit
from participatienet.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_which_object_when_and_fields(world):
    actor = world.users["coordinator"]
    entry = audit.record(
        actor=actor,
        action="organisation.changed",
        obj=world.gent_club,
        fields=["name", "website", "name"],
    )
    assert entry.actor == actor
    assert "coord@test.be" in entry.actor_label
    assert entry.object_type == "network.organisation"
    assert entry.object_id == str(world.gent_club.pk)
    assert entry.fields == ["name", "website"]
    assert entry.at is not None


def test_record_without_a_user_names_the_channel(world):
    entry = audit.record(actor=None, action="hours.confirmed", via="link")
    assert entry.actor is None
    assert entry.actor_label == "link"


def test_the_actor_label_survives_the_user(world):
    actor = world.users["viewer"]
    entry = audit.record(actor=actor, action="user.viewed", obj=actor)
    actor.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert "viewer@test.be" in entry.actor_label


def test_audit_page_filters(client, world):
    audit.record(actor=world.users["coordinator"], action="user.viewed", obj=world.users["viewer"])
    audit.record(actor=world.users["counsellor"], action="contactpoint.viewed", obj=world.gent_club)
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("accounts:audit_log"), {"action": "contactpoint"}).content.decode()
    assert "<code>contactpoint.viewed</code>" in page
    assert "<code>user.viewed</code>" not in page


def test_audit_page_refuses_a_reversed_period(client, world):
    client.force_login(world.users["programme_admin"])
    response = client.get(
        reverse("accounts:audit_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 400


def test_audit_page_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(60):
        audit.record(
            actor=world.users["coordinator"], action="user.viewed", obj=world.users["viewer"]
        )
    client.force_login(world.users["programme_admin"])
    with django_assert_max_num_queries(10):
        client.get(reverse("accounts:audit_log"))
    assert AuditEntry.objects.count() >= 60


def test_audit_page_runs_as_many_queries_for_500_entries_as_for_10(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["programme_admin"])

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("accounts:audit_log")).status_code == 200
        return len(context.captured_queries)

    for _ in range(10):
        audit.record(
            actor=world.users["coordinator"], action="user.viewed", obj=world.users["viewer"]
        )
    few = count()
    AuditEntry.objects.bulk_create(
        [AuditEntry(actor_label="x", action="user.viewed") for _ in range(500)]
    )
    assert count() == few
