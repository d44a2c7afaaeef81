"""The public pages: registering by the day's link and cancelling by the personal link."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry, LinkToken
from participatienet.exchange import services
from participatienet.exchange.choices import DayStatus, RegistrationStatus
from participatienet.exchange.models import Registration
from tests.exchange.builders import form_data, learning_day, register, with_tables

pytestmark = pytest.mark.django_db


def _url(day):
    return reverse("exchange:register", kwargs={"token": day.public_token})


def _cancel_url(raw):
    return reverse("exchange:cancel", kwargs={"token": raw})


def _cancel_link(registration):
    return links.create(
        purpose=services.PURPOSE_CANCEL, obj=registration, recipient=registration.email
    )


def test_the_registration_page_shows_the_day_and_its_programme_without_an_account(client, world):
    day = learning_day()
    response = client.get(_url(day))
    assert response.status_code == 200
    page = response.content.decode()
    assert day.title in page
    assert "Uitwisseling over de regio" in page
    assert 'id="registration-form"' in page
    assert 'id="theme-choices"' not in page
    assert response["Cache-Control"] == "no-store, private"
    assert "noindex" in response["X-Robots-Tag"]


def test_an_unknown_code_is_not_found(client, world):
    assert client.get(reverse("exchange:register", kwargs={"token": "onbekend"})).status_code == 404


def test_registering_gives_a_place_and_sends_a_confirmation(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(day), form_data(0, dietary_needs="halal"))
    assert response.status_code == 200
    assert 'data-status="confirmed"' in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.dietary_needs == "halal"
    assert registration.region == world.gent
    assert [m.to for m in mailoutbox] == [["deelnemer0@netwerk.be"]]


def test_a_full_day_puts_people_on_the_waiting_list_and_says_so(client, world):
    day = learning_day(capacity=1)
    register(day, 0)
    page = client.get(_url(day)).content.decode()
    assert 'id="day-full"' in page
    response = client.post(_url(day), form_data(1))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="waiting"' in page
    assert 'data-rank="1"' in page
    assert Registration.objects.get(email="deelnemer1@netwerk.be").status == "waiting"


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "geen-adres"},
        {"name": ""},
        {"role": "superman"},
        {"role": "agii", "region": ""},
        {"region": "999999"},
    ],
)
def test_bad_input_answers_400_and_writes_nothing(client, world, mailoutbox, changes):
    day = learning_day()
    data = form_data(0)
    data.update(changes)
    response = client.post(_url(day), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_core_partners_may_register_without_a_region(client, world):
    day = learning_day()
    response = client.post(_url(day), form_data(0, role="core_partner", region=""))
    assert response.status_code == 200
    assert Registration.objects.get().region is None


def test_theme_choices_appear_with_learning_tables_and_must_differ(client, world):
    day = learning_day()
    first, second, third = with_tables(day)
    page = client.get(_url(day)).content.decode()
    assert 'id="theme-choices"' in page
    assert page.count(first.theme) >= 3

    same = form_data(0, first_choice=first.pk, second_choice=first.pk, third_choice=third.pk)
    assert client.post(_url(day), same).status_code == 400
    missing = form_data(0, first_choice=first.pk, second_choice=second.pk)
    assert client.post(_url(day), missing).status_code == 400
    assert not Registration.objects.exists()

    good = form_data(0, first_choice=third.pk, second_choice=first.pk, third_choice=second.pk)
    assert client.post(_url(day), good).status_code == 200
    assert Registration.objects.get().theme_choices == [third, first, second]


@pytest.mark.parametrize(
    ("status", "days_ahead"),
    [(DayStatus.CLOSED, 10), (DayStatus.DRAFT, 10), (DayStatus.OPEN, -2), (DayStatus.HELD, -2)],
)
def test_closed_registration_says_so_and_writes_nothing(client, world, status, days_ahead):
    day = learning_day(status=status, days_ahead=days_ahead)
    page = client.get(_url(day))
    assert page.status_code == 200
    assert 'id="registration-closed"' in page.content.decode()
    assert 'id="registration-form"' not in page.content.decode()
    response = client.post(_url(day), form_data(0))
    assert response.status_code == 409
    assert 'id="registration-closed"' in response.content.decode()
    assert not Registration.objects.exists()


def test_a_second_registration_with_the_same_email_gets_the_link_again_by_email(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(day), form_data(0))
        response = client.post(_url(day), form_data(0, name="Iemand Anders"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="registration-already"' in page
    assert "/leerdagen/annuleren/" not in page  # the link goes by e-mail only
    assert Registration.objects.count() == 1
    assert Registration.objects.get().name == "Deelnemer 0"
    assert len(mailoutbox) == 2
    assert "/leerdagen/annuleren/" in mailoutbox[1].body


def test_a_logged_in_coordinator_finds_the_form_filled_in_with_their_name(login, world):
    client = login(world.users["coordinator"])
    day = learning_day()
    page = client.get(_url(day)).content.decode()
    assert 'value="coord@test.be"' in page


def test_cancelling_by_link_asks_first_then_frees_the_place_for_the_waiting_list(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day(capacity=1)
    holder = register(day, 0)
    waiting = register(day, 1)
    raw = _cancel_link(holder)

    page = client.get(_cancel_url(raw))
    assert page.status_code == 200
    assert 'id="cancel-form"' in page.content.decode()
    holder.refresh_from_db()
    assert holder.status == RegistrationStatus.CONFIRMED
    assert links.peek(raw).used_at is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_cancel_url(raw))
    assert response.status_code == 200
    assert 'id="cancel-result"' in response.content.decode()
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert sorted(m.to[0] for m in mailoutbox) == [holder.email, waiting.email]


def test_cancelling_twice_says_the_registration_is_cancelled_already(client, world):
    day = learning_day()
    registration = register(day, 0)
    raw = _cancel_link(registration)
    assert client.post(_cancel_url(raw)).status_code == 200

    for response in (client.get(_cancel_url(raw)), client.post(_cancel_url(raw))):
        assert response.status_code == 410
        assert 'data-reason="cancelled"' in response.content.decode()

    other = _cancel_link(registration)
    response = client.post(_cancel_url(other))
    assert response.status_code == 410
    assert 'data-reason="cancelled"' in response.content.decode()
    assert LinkToken.objects.get(pk=links.peek(other).pk).used_at is None


def test_an_altered_or_expired_cancel_link_changes_nothing(client, world):
    day = learning_day()
    registration = register(day, 0)
    raw = _cancel_link(registration)
    altered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    for method in (client.get, client.post):
        response = method(_cancel_url(altered))
        assert response.status_code == 400
        assert 'data-reason="invalid"' in response.content.decode()
    LinkToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(_cancel_url(raw))
    assert response.status_code == 410
    assert 'data-reason="expired"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_cancel_link_of_the_confirmation_email_works(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(day), form_data(0))
    match = re.search(r"https?://\S+/leerdagen/annuleren/(\S+)/", mailoutbox[0].body)
    assert match, mailoutbox[0].body
    assert client.post(_cancel_url(match.group(1))).status_code == 200
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
