"""The start page shows real counts of what exists in the user's scope."""

import re

from django.urls import reverse

import pytest

from participatienet.accounts.choices import Role
from participatienet.network.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _figure(page: str, label: str) -> int:
    match = re.search(
        r'figure-value">([\d.\s\u202f]+)</span>\s*<span class="figure-label">' + re.escape(label),
        page,
    )
    assert match, f"no figure {label!r}"
    return int(re.sub(r"\D", "", match.group(1)))


def test_coordinator_sees_the_counts_of_the_region(client, world):
    for i in range(4):
        factories.OrganisationFactory(name=f"Extra {i}", region=world.gent)
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("home")).content.decode()
    assert (
        _figure(page, "organisatie") == Organisation.objects.filter(region=world.gent).count() == 6
    )
    assert _figure(page, "gemeente") == 1
    assert '<span class="figure-label">gemeente</span>' in page


def test_counts_change_with_the_data(client, world):
    client.force_login(world.users["coordinator_other"])
    before = _figure(client.get(reverse("home")).content.decode(), "organisatie")
    factories.OrganisationFactory(name="Nieuw", region=world.kempen)
    after = _figure(client.get(reverse("home")).content.decode(), "organisatie")
    assert after == before + 1


def test_partner_sees_its_own_organisation(client, world):
    client.force_login(world.users["partner_contact"])
    page = client.get(reverse("home")).content.decode()
    assert "Voetbalclub Gent-Zuid" in page
    assert _figure(page, "contactpunt") == 1


def test_programme_admin_sees_programme_counts(client, world):
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("home")).content.decode()
    assert _figure(page, "regio") == 18
    assert _figure(page, "gemeenten") == 304


def test_viewer_sees_only_aggregates(client, world):
    client.force_login(world.users["viewer"])
    page = client.get(reverse("home")).content.decode()
    assert "geen persoonsgegevens" in page
    assert "contact0@club.be" not in page


def test_a_user_without_role_is_told_what_to_do(client, db):
    client.force_login(factories.UserFactory())
    assert "nog geen rol" in client.get(reverse("home")).content.decode()


def test_a_user_with_two_regions_can_switch(client, world):
    coordinator = world.users["coordinator"]
    factories.MembershipFactory(user=coordinator, role=Role.COORDINATOR, region=world.kempen)
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert 'id="scope-region"' in page
    client.post(reverse("accounts:switch_scope"), {"region": world.kempen.pk, "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Kempen" in page.split("<main", 1)[1]


def test_switching_to_a_foreign_region_is_refused(client, world):
    client.force_login(world.users["coordinator"])
    client.post(reverse("accounts:switch_scope"), {"region": world.kempen.pk})
    page = client.get(reverse("home")).content.decode()
    assert "Coördinator · Gent" in page or "coördinator · Gent" in page


def test_start_page_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for persona in ("programme_admin", "coordinator", "partner_contact", "viewer", "local_worker"):
        client.force_login(world.users[persona])
        with django_assert_max_num_queries(25):
            assert client.get(reverse("home")).status_code == 200


def test_counts_do_not_double_with_several_contact_points(client, world):
    for _ in range(3):
        factories.ContactPointFactory(organisation=world.gent_club)
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("home")).content.decode()
    assert _figure(page, "organisatie") == 2
    assert _figure(page, "lokaal bestuur") == 1


def test_the_todo_links_to_the_organisations_without_contact_point(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("home")).content.decode()
    assert "without_contact=on" in page
    listing = client.get(
        reverse("network:organisation_list"), {"without_contact": "on"}
    ).content.decode()
    assert "Stad Gent" in listing and "Voetbalclub Gent-Zuid" not in listing
