"""Signed, expiring, single-use links scoped to one object and one action."""

from datetime import timedelta

from django.utils import timezone

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import LinkToken
from participatienet.network.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_link_opens_for_its_purpose_and_object(world):
    raw = links.create(purpose="hours.confirm", obj=world.gent_club, recipient="a@b.be")
    token = links.open(raw, purpose="hours.confirm")
    assert links.target(token, Organisation) == world.gent_club
    assert token.recipient == "a@b.be"


def test_a_link_works_only_once(world):
    raw = links.create(purpose="hours.confirm", obj=world.gent_club)
    links.use(links.open(raw, purpose="hours.confirm"))
    with pytest.raises(links.LinkUsed):
        links.open(raw, purpose="hours.confirm")


def test_an_expired_link_is_refused(world):
    raw = links.create(purpose="hours.confirm", obj=world.gent_club)
    LinkToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(links.LinkExpired):
        links.open(raw, purpose="hours.confirm")


def test_an_altered_link_is_refused(world):
    raw = links.create(purpose="hours.confirm", obj=world.gent_club)
    altered = raw[:-3] + ("AAA" if not raw.endswith("AAA") else "BBB")
    with pytest.raises(links.LinkInvalid):
        links.open(altered, purpose="hours.confirm")
    with pytest.raises(links.LinkInvalid):
        links.open("geen-link", purpose="hours.confirm")


def test_a_link_cannot_be_used_for_another_action(world):
    raw = links.create(purpose="hours.confirm", obj=world.gent_club)
    with pytest.raises(links.LinkInvalid):
        links.open(raw, purpose="participation.answer")


def test_a_link_cannot_reach_another_kind_of_object(world):
    from participatienet.regions.models import Region

    raw = links.create(purpose="hours.confirm", obj=world.gent_club)
    with pytest.raises(links.LinkInvalid):
        links.target(links.open(raw), Region)


def test_peek_tells_what_a_used_link_was_for(world):
    raw = links.create(purpose="feedback.partner", obj=world.gent_club)
    links.use(links.open(raw))
    assert links.peek(raw).purpose == "feedback.partner"
