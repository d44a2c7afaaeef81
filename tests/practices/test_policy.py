"""Who may do what in the practice library (the rules in ``accounts.policy``)."""

import pytest

from participatienet.accounts import policy
from participatienet.practices.choices import PracticeStatus
from participatienet.practices.models import Practice, PracticeInterest
from tests.practices.factories import PracticeFactory, PracticeInterestFactory

pytestmark = pytest.mark.django_db

PERSONAS = (
    "programme_admin",
    "coordinator",
    "coordinator_other",
    "counsellor",
    "local_worker",
    "partner_contact",
    "viewer",
)


def _can(world, action, obj=None):
    return {p for p in PERSONAS if policy.can(world.users[p], action, obj)}


def test_every_role_reads_the_library(world):
    assert _can(world, "practice.view") == set(PERSONAS)


def test_coordinators_write_the_practices_of_their_region(world):
    practice = PracticeFactory(region=world.gent)
    assert _can(world, "practice.create") == {
        "programme_admin",
        "coordinator",
        "coordinator_other",
    }
    assert _can(world, "practice.create", world.gent) == {"programme_admin", "coordinator"}
    for action in ("practice.change", "practice.publish", "practice.view_interests"):
        assert _can(world, action, practice) == {"programme_admin", "coordinator"}, action


def test_only_coordinators_of_other_regions_mark_interest(world):
    practice = PracticeFactory(region=world.gent)
    assert _can(world, "practice.mark_interest", practice) == {"coordinator_other"}


def test_drafts_are_visible_to_the_coordinators_of_their_region_only(world):
    published = PracticeFactory(region=world.gent)
    draft = PracticeFactory(region=world.gent, status=PracticeStatus.DRAFT)
    for persona in PERSONAS:
        visible = set(
            policy.visible(world.users[persona], Practice.objects.all()).values_list(
                "pk", flat=True
            )
        )
        sees_draft = persona in ("programme_admin", "coordinator")
        assert visible == ({published.pk, draft.pk} if sees_draft else {published.pk}), persona
    assert not policy.visible(None, Practice.objects.all()).exists()


def test_who_marked_interest_is_visible_to_both_regions_coordinators_only(world):
    interest = PracticeInterestFactory(practice=PracticeFactory(region=world.gent))
    for persona in PERSONAS:
        visible = policy.visible(world.users[persona], PracticeInterest.objects.all())
        expected = persona in ("programme_admin", "coordinator", "coordinator_other")
        assert visible.filter(pk=interest.pk).exists() is expected, persona
