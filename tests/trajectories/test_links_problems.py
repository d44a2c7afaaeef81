"""Altered, expired, used or misdirected links show a clear page and change nothing."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry, LinkToken
from participatienet.trajectories import feedback_texts, services
from participatienet.trajectories.models import Feedback, HourEntry, Participation
from tests.access.rows_links import active_with_hours, ended, link, referred, tampered, used_link

pytestmark = pytest.mark.django_db

ANSWER = services.PURPOSE_ANSWER
HOURS = services.PURPOSE_HOURS
NEWCOMER = services.PURPOSE_FEEDBACK_NEWCOMER


def _url(raw):
    return reverse("links:open", kwargs={"token": raw})


def _accept(client, raw):
    return client.post(_url(raw), {"purpose": ANSWER, "answer": "accept"})


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_altered_link_answers_400_and_changes_nothing(client, world, method):
    participation = referred(world)
    raw = tampered(link(ANSWER, participation))
    response = getattr(client, method)(_url(raw), {"purpose": ANSWER, "answer": "accept"})
    assert response.status_code == 400
    assert response.context["reason"] == "invalid"
    assert Participation.objects.get(pk=participation.pk).status == "referred"
    assert not AuditEntry.objects.exists()


def test_a_made_up_token_answers_400(client, db):
    response = client.get(_url("eyJ0IjoiMTIzIn0:1abc:def"))
    assert response.status_code == 400


def test_the_invalid_page_also_speaks_the_newcomers_languages(client, db):
    page = client.get(_url("kapot")).content.decode()
    assert feedback_texts.TEXTS["ar"]["invalid_title"] in page
    assert feedback_texts.TEXTS["uk"]["invalid_title"] in page
    assert 'lang="ar" dir="rtl"' in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_answers_410_and_changes_nothing(client, world, method):
    participation = referred(world)
    raw = link(ANSWER, participation)
    LinkToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = getattr(client, method)(_url(raw), {"purpose": ANSWER, "answer": "accept"})
    assert response.status_code == 410
    assert response.context["reason"] == "expired"
    assert Participation.objects.get(pk=participation.pk).status == "referred"
    assert links.peek(raw).used_at is None


def test_a_link_is_valid_for_the_configured_days(client, world, settings):
    settings.LINK_VALID_DAYS = 30
    raw = link(ANSWER, referred(world))
    token = links.peek(raw)
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)


def test_a_used_link_answers_410_and_changes_nothing(client, world):
    participation = active_with_hours(world, hours=(4,))
    raw = used_link(HOURS, participation)
    entry = participation.hour_entries.get()
    response = client.post(
        _url(raw), {"purpose": HOURS, "entries": str(entry.pk), "shortcut": "all"}
    )
    assert response.status_code == 410
    assert response.context["reason"] == "used"
    assert HourEntry.objects.get(pk=entry.pk).status == "unconfirmed"


def test_an_hours_link_cannot_answer_a_referral(client, world):
    participation = referred(world)
    raw = link(HOURS, participation)  # right object, wrong purpose
    response = _accept(client, raw)
    assert response.status_code == 400
    assert Participation.objects.get(pk=participation.pk).status == "referred"
    assert links.peek(raw).used_at is None


def test_a_form_for_one_purpose_cannot_be_sent_to_a_link_for_another(client, world):
    participation = ended(world)
    raw = link(services.PURPOSE_FEEDBACK_PARTNER, participation)
    response = client.post(_url(raw), {"purpose": NEWCOMER, "lang": "nl", "felt_welcome": "5"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_a_link_cannot_be_opened_for_another_purpose_than_its_own(world):
    raw = link(HOURS, referred(world))
    with pytest.raises(links.LinkInvalid):
        links.open(raw, purpose=ANSWER)


def test_a_link_about_another_kind_of_object_answers_400(client, world):
    raw = links.create(purpose=ANSWER, obj=world.gent_club, recipient="x@club.be")
    response = client.get(_url(raw))
    assert response.status_code == 400
    assert _accept(client, raw).status_code == 400


def test_a_link_of_an_unknown_purpose_answers_400(client, world):
    raw = links.create(purpose="scan.fill", obj=referred(world))
    assert client.get(_url(raw)).status_code == 400


def test_a_link_for_one_participation_never_acts_on_another(client, world):
    mine = referred(world)
    other = referred(world)
    raw = link(ANSWER, mine)
    assert _accept(client, raw).status_code == 200
    assert Participation.objects.get(pk=mine.pk).status == "accepted"
    assert Participation.objects.get(pk=other.pk).status == "referred"


def test_a_link_about_a_deleted_object_answers_400(client, world):
    raw = links.create(purpose=ANSWER, obj=world.kempen_club)
    LinkToken.objects.update(object_type="trajectories.participation", object_id="999999")
    assert client.get(_url(raw)).status_code == 400


def test_link_pages_are_private(client, world):
    response = client.get(_url(link(ANSWER, referred(world))))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    problem = client.get(_url("kapot"))
    assert "no-store" in problem["Cache-Control"]


def test_only_get_and_post_are_allowed(client, world):
    raw = link(ANSWER, referred(world))
    assert client.put(_url(raw)).status_code == 405


@pytest.mark.parametrize("reason", ["expired", "used"])
def test_a_newcomers_dead_link_is_explained_in_their_language(client, world, reason):
    participation = ended(world, preferred_language="ar")
    if reason == "expired":
        raw = link(NEWCOMER, participation, days=0)
    else:
        raw = used_link(NEWCOMER, participation)
    response = client.get(_url(raw))
    assert response.status_code == 410
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert feedback_texts.TEXTS["ar"][f"{reason}_title"] in page
    ukrainian = client.get(_url(raw) + "?lang=uk").content.decode()
    assert feedback_texts.TEXTS["uk"][f"{reason}_title"] in ukrainian
