"""``send_scan_reminders`` and the e-mails of the scan."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.collaboration.models import Invitation, Response, Wave
from tests.collaboration import builders

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/samenwerking/scan/(\S+)/")


def _run(*args):
    out = StringIO()
    call_command("send_scan_reminders", *args, stdout=out)
    return out.getvalue()


def _age(wave, days):
    Invitation.objects.filter(wave=wave).update(sent_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def wave(world, mailoutbox):
    wave = builders.open_wave(world.gent)
    raws = builders.invite(wave, "partner", 3)
    builders.answer(raws[0], wave)
    mailoutbox.clear()
    return wave


def test_the_invitation_email_is_dutch_personal_and_holds_a_working_link(world, client, mailoutbox):
    wave = builders.open_wave(world.gent)
    builders.invite(wave, "agii", 1)
    (mail,) = mailoutbox
    assert mail.to == ["agii0@voorbeeld.be"]
    assert "Gent" in mail.subject
    assert "&amp;" not in mail.body and "&#x27;" not in mail.body
    token = LINK.search(mail.body).group(1)
    response = client.get(reverse("collaboration:answer", kwargs={"token": token}))
    assert response.status_code == 200


def test_reminders_go_to_who_has_not_answered_after_a_week_and_once_a_week(wave, mailoutbox):
    _age(wave, 6)
    assert "(none)" in _run()
    assert mailoutbox == []
    _age(wave, 8)
    output = _run()
    assert sorted(m.to[0] for m in mailoutbox) == ["partner1@voorbeeld.be", "partner2@voorbeeld.be"]
    assert f"wave {wave.pk}" in output and "2 invitee(s)" in output
    assert "Sent 2 reminder(s)" in output
    again = _run()
    assert len(mailoutbox) == 2 and "(none)" in again
    Invitation.objects.filter(wave=wave).update(reminded_at=timezone.now() - dt.timedelta(days=8))
    _run()
    assert len(mailoutbox) == 4
    assert set(Invitation.objects.filter(responded=False).values_list("reminders", flat=True)) == {
        2
    }


def test_a_reminder_link_opens_the_same_draft(wave, client, mailoutbox):
    invitation = Invitation.objects.filter(wave=wave, responded=False).order_by("pk").first()
    raw = builders.link_of(invitation)
    builders.answer(raw, wave, 2, submit=False)
    _age(wave, 8)
    _run()
    mail = next(m for m in mailoutbox if m.to == [invitation.email])
    token = LINK.search(mail.body).group(1)
    response = client.get(reverse("collaboration:answer", kwargs={"token": token}))
    assert response.context["answered"] == len(builders.statement_ids(wave))
    assert Response.objects.filter(submitted=False).count() == 1


def test_the_days_between_reminders_can_be_set(wave, mailoutbox):
    _age(wave, 3)
    _run("--days", "2")
    assert len(mailoutbox) == 2
    with pytest.raises(CommandError):
        _run("--days", "0")


def test_a_dry_run_sends_and_changes_nothing(wave, mailoutbox):
    _age(wave, 8)
    output = _run("--dry-run")
    assert "Would send 2 e-mail(s)" in output
    assert mailoutbox == []
    assert not Invitation.objects.filter(reminded_at__isnull=False).exists()


def test_waves_past_their_closing_day_are_closed_and_not_reminded(wave, mailoutbox):
    _age(wave, 8)
    Wave.objects.filter(pk=wave.pk).update(
        opens_on=timezone.localdate() - dt.timedelta(days=30),
        closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    output = _run()
    assert f"closed wave {wave.pk}" in output
    assert mailoutbox == []
    wave.refresh_from_db()
    assert wave.status == "closed"
    assert set(Invitation.objects.values_list("email", flat=True)) == {""}
