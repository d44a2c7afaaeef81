"""The demo practices: realistic, published across regions, with interest of other regions."""

import datetime as dt
import random

from django.utils import timezone

import pytest

from participatienet.accounts.choices import Role
from participatienet.demo.practices import PRACTICES, reset_practices, seed_practices
from participatienet.network.choices import OrganisationKind
from participatienet.practices.choices import PracticeStatus
from participatienet.practices.models import (
    Practice,
    PracticeInterest,
    PracticeLink,
    practice_search_text,
)
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def small_network(db):
    """A local government with a contact point and a coordinator in a few regions."""
    for slug in ("gent", "kempen", "limburg", "westhoek"):
        region = factories.region(slug)
        town = factories.OrganisationFactory(
            region=region, kind=OrganisationKind.LOCAL_GOVERNMENT, name=f"Stad {region.name}"
        )
        factories.ContactPointFactory(organisation=town)
        factories.user_with_role(Role.COORDINATOR, region_slug=slug)


def test_seed_practices_creates_published_practices_across_regions(small_network):
    created = seed_practices(rng=random.Random(1), now=NOW)
    assert created == len(PRACTICES) == Practice.objects.count()
    assert created >= 12
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    assert published.count() >= 12
    assert published.values("region").distinct().count() >= 10
    assert Practice.objects.filter(status=PracticeStatus.DRAFT).exists()
    for practice in Practice.objects.select_related("region", "contact__organisation"):
        assert practice.themes
        assert practice.what and practice.why and practice.how
        assert practice.contact is not None or (practice.contact_name and practice.contact_email)
        if practice.contact is not None:
            assert practice.contact.organisation.region_id == practice.region_id
        if practice.status == PracticeStatus.PUBLISHED:
            assert practice.published_at <= NOW
        practice.full_clean()  # every rule of the model holds
    assert PracticeLink.objects.exists()


def test_interest_comes_from_coordinators_of_other_regions(small_network):
    seed_practices(rng=random.Random(1), now=NOW)
    interests = PracticeInterest.objects.select_related("practice", "user")
    assert interests.exists()
    for interest in interests:
        assert interest.region_id != interest.practice.region_id
        assert interest.practice.status == PracticeStatus.PUBLISHED
        assert interest.practice.published_at <= interest.created_at <= NOW
        assert interest.user.memberships.filter(
            role=Role.COORDINATOR, region=interest.region
        ).exists()


def test_the_practices_of_a_region_with_a_network_use_its_contact_points(small_network):
    seed_practices(rng=random.Random(1), now=NOW)
    gent = Practice.objects.filter(region__slug="gent", contact__isnull=False)
    assert gent.exists()
    elsewhere = Practice.objects.get(region__slug="antwerpen")
    assert elsewhere.contact is None and elsewhere.contact_email


def test_the_search_text_is_filled(small_network):
    seed_practices(rng=random.Random(2), now=timezone.now())
    practice = Practice.objects.select_related("region", "contact__organisation").first()
    contact = ""
    if practice.contact is not None:
        contact = f"{practice.contact.name} {practice.contact.organisation.name}"
    assert practice.search_text == practice_search_text(
        title=practice.title,
        texts=[practice.what, practice.why, practice.how, practice.lessons],
        region=practice.region.name,
        contact=f"{contact} {practice.contact_name}",
    )


def test_the_same_seed_gives_the_same_practices(small_network):
    seed_practices(rng=random.Random(5), now=NOW)
    first = list(Practice.objects.order_by("title").values_list("title", "published_at", "contact"))
    reset_practices()
    assert not Practice.objects.exists() and not PracticeInterest.objects.exists()
    seed_practices(rng=random.Random(5), now=NOW)
    again = list(Practice.objects.order_by("title").values_list("title", "published_at", "contact"))
    assert first == again


def test_seeding_works_without_any_organisations_or_users(db):
    assert seed_practices(rng=random.Random(1), now=NOW) == len(PRACTICES)
    assert not PracticeInterest.objects.exists()
    assert not Practice.objects.filter(contact__isnull=False).exists()
