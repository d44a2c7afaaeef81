"""A partner answers a referral by signed link, without an account."""

import re

from django.urls import reverse

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry, LinkToken
from participatienet.trajectories import services
from participatienet.trajectories.models import Participation
from tests import factories
from tests.access.rows_links import RECIPIENT, link, referred

pytestmark = pytest.mark.django_db

ANSWER = services.PURPOSE_ANSWER


def _url(raw):
    return reverse("links:open", kwargs={"token": raw})


def _link_token(raw):
    return links.peek(raw)


def test_the_referral_email_holds_a_link_that_opens_the_answer_page(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    counsellor = world.users["counsellor"]
    newcomer = factories.NewcomerFactory(counsellor=counsellor, first_name="Yasmina")
    trajectory = services.open_trajectory(actor=counsellor, newcomer=newcomer)
    offer = factories.OfferFactory(organisation=world.gent_club, title="Voetbal voor iedereen")
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.refer(actor=counsellor, trajectory=trajectory, offer=offer)
    assert len(mailoutbox) == 1
    match = re.search(r"https?://\S+/link/(\S+)/", mailoutbox[0].body)
    assert match, mailoutbox[0].body
    response = client.get(reverse("links:open", kwargs={"token": match.group(1)}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yasmina" in page
    assert "Voetbal voor iedereen" in page
    assert newcomer.last_name not in page
    assert counsellor.email in page
    participation.refresh_from_db()
    assert participation.status == "referred"


def test_partner_accepts_by_link(client, world, mailoutbox, django_capture_on_commit_callbacks):
    counsellor = world.users["counsellor"]
    participation = referred(world, counsellor=counsellor)
    participation.trajectory.counsellor = counsellor
    participation.trajectory.save()
    raw = link(ANSWER, participation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(raw), {"purpose": ANSWER, "answer": "accept"})
    assert response.status_code == 200
    participation.refresh_from_db()
    assert participation.status == "accepted"
    assert participation.answered_at is not None
    assert RECIPIENT in participation.answered_by_label
    assert _link_token(raw).used_at is not None
    assert [m.to for m in mailoutbox] == [[counsellor.email]]
    assert AuditEntry.objects.filter(action="participation.accepted").exists()
    assert AuditEntry.objects.filter(action="link.used", detail=ANSWER).exists()


def test_declining_needs_a_reason_and_writes_nothing_without_one(client, world, mailoutbox):
    participation = referred(world)
    raw = link(ANSWER, participation)
    response = client.post(_url(raw), {"purpose": ANSWER, "answer": "decline", "reason": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    participation.refresh_from_db()
    assert participation.status == "referred"
    assert _link_token(raw).used_at is None
    assert mailoutbox == []


def test_partner_declines_with_a_reason(client, world):
    participation = referred(world)
    raw = link(ANSWER, participation)
    response = client.post(
        _url(raw), {"purpose": ANSWER, "answer": "decline", "reason": "Ploeg is volzet."}
    )
    assert response.status_code == 200
    participation.refresh_from_db()
    assert participation.status == "declined"
    assert participation.decline_reason == "Ploeg is volzet."
    assert services.free_places(participation.offer) == participation.offer.capacity


def test_an_answer_must_be_chosen(client, world):
    participation = referred(world)
    raw = link(ANSWER, participation)
    response = client.post(_url(raw), {"purpose": ANSWER})
    assert response.status_code == 400
    assert Participation.objects.get(pk=participation.pk).status == "referred"


def test_a_get_never_uses_the_link(client, world):
    raw = link(ANSWER, referred(world))
    for _ in range(3):
        assert client.get(_url(raw)).status_code == 200
    assert _link_token(raw).used_at is None


def test_the_second_answer_by_the_same_link_is_refused(client, world):
    participation = referred(world)
    raw = link(ANSWER, participation)
    assert client.post(_url(raw), {"purpose": ANSWER, "answer": "accept"}).status_code == 200
    again = client.post(_url(raw), {"purpose": ANSWER, "answer": "decline", "reason": "toch niet"})
    assert again.status_code == 410
    participation.refresh_from_db()
    assert participation.status == "accepted"


def test_a_referral_answered_in_the_app_shows_a_clear_page_on_the_link(client, world):
    participation = referred(world)
    raw = link(ANSWER, participation)
    services.answer_referral(
        actor=world.users["partner_contact"], participation=participation, accept=True
    )
    response = client.get(_url(raw))
    assert response.status_code == 410
    assert response.context["reason"] == "answered"
    response = client.post(_url(raw), {"purpose": ANSWER, "answer": "decline", "reason": "x"})
    assert response.status_code == 410
    assert Participation.objects.get(pk=participation.pk).status == "accepted"
    assert _link_token(raw).used_at is None


def test_a_closed_referral_shows_a_clear_page(client, world):
    participation = referred(world)
    raw = link(ANSWER, participation)
    Participation.objects.filter(pk=participation.pk).update(status="stopped")
    response = client.get(_url(raw))
    assert response.status_code == 410
    assert response.context["reason"] == "closed"


def test_the_partner_sees_phone_and_email_only_with_consent(client, world):
    sharing = referred(world, phone="+32 470 11 22 33", email="amal@voorbeeld.be")
    private = referred(
        world, phone="+32 470 99 88 77", email="nadia@voorbeeld.be", consent_share_contact=False
    )
    page = client.get(_url(link(ANSWER, sharing))).content.decode()
    assert "+32 470 11 22 33" in page
    assert "amal@voorbeeld.be" in page
    page = client.get(_url(link(ANSWER, private))).content.decode()
    assert "+32 470 99 88 77" not in page
    assert "nadia@voorbeeld.be" not in page
    assert private.trajectory.newcomer.first_name in page


def test_the_page_shows_level_languages_needs_and_availability(client, world):
    participation = referred(
        world, languages=["ar", "fr"], needs_childcare=True, availability_mask=1 << (1 * 3 + 2)
    )
    response = client.get(_url(link(ANSWER, participation)))
    shown = response.context["newcomer"]
    assert shown.dutch_level == "A1"
    assert len(shown.languages) == 2
    assert len(shown.needs) == 1
    assert len(shown.availability) == 1  # Tuesday: evening
    assert shown.shares_contact


def test_reading_a_referral_by_link_is_audited_with_the_fields_shown(client, world):
    participation = referred(world, consent_share_contact=False)
    client.get(_url(link(ANSWER, participation)))
    entry = AuditEntry.objects.get(action="newcomer.viewed")
    assert entry.object_id == str(participation.trajectory.newcomer.pk)
    assert RECIPIENT in entry.actor_label
    assert "first_name" in entry.fields
    assert "phone" not in entry.fields


def test_two_submissions_of_one_link_cannot_both_pass(client, world):
    """The second POST finds the link used (the row is locked on PostgreSQL)."""
    participation = referred(world)
    raw = link(ANSWER, participation)
    first = client.post(_url(raw), {"purpose": ANSWER, "answer": "accept"})
    second = client.post(_url(raw), {"purpose": ANSWER, "answer": "accept"})
    assert (first.status_code, second.status_code) == (200, 410)
    assert LinkToken.objects.filter(used_at__isnull=False).count() == 1
