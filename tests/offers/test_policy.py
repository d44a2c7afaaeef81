import pytest

from participatienet.accounts import policy
from participatienet.offers.models import Offer
from tests import factories

pytestmark = pytest.mark.django_db


def _visible(world, persona):
    return set(policy.visible(world.users[persona], Offer.objects.all()))


def test_a_partner_cannot_change_another_organisations_offer(world):
    partner = world.users["partner_contact"]
    own = factories.OfferFactory(organisation=world.gent_club)
    other = factories.OfferFactory(organisation=factories.OrganisationFactory(region=world.gent))
    assert policy.can(partner, "offer.change", own)
    assert not policy.can(partner, "offer.change", other)
    assert not policy.can(partner, "offer.validate", own)


def test_drafts_are_invisible_to_other_regions(world):
    draft = factories.OfferFactory(organisation=world.gent_club, status="draft")
    active = factories.OfferFactory(organisation=world.gent_club)
    assert _visible(world, "coordinator_other") == {active}
    assert _visible(world, "coordinator") == {draft, active}
    assert _visible(world, "counsellor") == {active}
    assert _visible(world, "partner_contact") == {draft, active}
    assert _visible(world, "viewer") == set()


def test_coordinators_validate_only_offers_of_their_region(world):
    gent = factories.OfferFactory(organisation=world.gent_club, status="submitted")
    kempen = factories.OfferFactory(organisation=world.kempen_club, status="submitted")
    coordinator = world.users["coordinator"]
    assert policy.can(coordinator, "offer.validate", gent)
    assert not policy.can(coordinator, "offer.validate", kempen)
    assert policy.can(world.users["programme_admin"], "offer.validate", kempen)


def test_a_local_worker_creates_offers_only_for_its_own_organisation(world):
    local_worker = world.users["local_worker"]
    assert policy.can(local_worker, "offer.create", world.gent_town)
    assert not policy.can(local_worker, "offer.create", world.gent_club)
    assert not policy.can(world.users["counsellor"], "offer.create", world.gent_club)
