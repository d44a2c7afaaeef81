"""The e-mails of learning days (locmem outbox): each carries the day, and a personal link to
cancel while the registration is active."""

from __future__ import annotations

import re

import pytest

from participatienet.accounts import links
from participatienet.exchange import services
from tests.exchange.builders import learning_day, register

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/leerdagen/annuleren/(\S+)/")


def _token(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def test_the_confirmation_holds_the_day_the_programme_and_a_cancel_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day(title="Leerdag Mechelen", venue="Zaal 't Sas & co")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(day, 0)
    (message,) = mailoutbox
    assert message.to == [registration.email]
    assert "Leerdag Mechelen" in message.subject
    assert "Zaal 't Sas & co" in message.body  # plain text, not HTML-escaped
    assert "09:30" in message.body and "Uitwisseling over de regio" in message.body
    token = links.peek(_token(message))
    assert token.purpose == services.PURPOSE_CANCEL
    assert token.object_id == str(registration.pk)
    assert token.recipient == registration.email


def test_the_waiting_list_mail_names_the_place_in_line(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        register(day, 0)
        register(day, 1)
        register(day, 2)
    assert [m.to[0] for m in mailoutbox] == [
        "deelnemer0@netwerk.be",
        "deelnemer1@netwerk.be",
        "deelnemer2@netwerk.be",
    ]
    assert " 2." in mailoutbox[2].body or " 2 " in mailoutbox[2].body
    assert mailoutbox[1].subject != mailoutbox[0].subject


def test_a_freed_place_is_announced_to_the_one_who_gets_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    day = learning_day(capacity=1)
    holder = register(day, 0)
    register(day, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(actor=None, registration=holder)
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {"deelnemer0@netwerk.be", "deelnemer1@netwerk.be"}
    cancelled, promoted = (
        by_recipient["deelnemer0@netwerk.be"],
        by_recipient["deelnemer1@netwerk.be"],
    )
    assert not LINK.search(cancelled.body)  # nothing left to cancel
    assert links.open(_token(promoted), purpose=services.PURPOSE_CANCEL)


def test_a_failing_mail_server_does_not_undo_the_registration(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    day = learning_day()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(day, 0)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
