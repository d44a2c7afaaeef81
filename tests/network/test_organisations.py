from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_list_shows_only_organisations_in_scope(client, world):
    client.force_login(world.users["coordinator_other"])
    page = client.get(reverse("network:organisation_list")).content.decode()
    assert "Wandelclub Turnhout" in page
    assert "Voetbalclub Gent-Zuid" not in page


def test_list_cannot_be_widened_by_a_foreign_region_filter(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("network:organisation_list"), {"region": world.kempen.pk})
    assert response.status_code == 400
    assert "Wandelclub Turnhout" not in response.content.decode()


def test_list_filters_by_kind_and_name(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(
        reverse("network:organisation_list"), {"kind": "local_government"}
    ).content.decode()
    assert "Stad Gent" in page and "Voetbalclub Gent-Zuid" not in page
    page = client.get(reverse("network:organisation_list"), {"q": "voetbal"}).content.decode()
    assert "Voetbalclub Gent-Zuid" in page and "Stad Gent" not in page


def test_detail_shows_contact_points_and_audits_the_read(client, world):
    client.force_login(world.users["counsellor"])
    response = client.get(reverse("network:organisation_detail", kwargs={"pk": world.gent_club.pk}))
    contact = world.gent_club.contact_points.get()
    assert contact.email in response.content.decode()
    assert AuditEntry.objects.filter(
        action="contactpoint.viewed",
        object_id=str(world.gent_club.pk),
        actor=world.users["counsellor"],
    ).exists()


def test_list_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(40):
        organisation = factories.OrganisationFactory(name=f"Club {i}", region=world.gent)
        factories.ContactPointFactory(organisation=organisation)
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:organisation_list"))
    assert response.status_code == 200


def test_detail_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for _ in range(10):
        factories.ContactPointFactory(organisation=world.gent_club)
    client.force_login(world.users["coordinator"])
    # The page also lists the organisation's offers, regions served and feedback averages,
    # and (for coordinators) its contact moments and stage history.
    with django_assert_max_num_queries(14):
        client.get(reverse("network:organisation_detail", kwargs={"pk": world.gent_club.pk}))
