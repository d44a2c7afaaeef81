"""``send_reminders``: one reminder per entry unconfirmed for 14 days, and a report of it."""

import datetime as dt
import re
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.trajectories.models import HourEntry
from tests import factories
from tests.access.rows_links import active_with_hours

pytestmark = pytest.mark.django_db


def _age(participation, days):
    HourEntry.objects.filter(participation=participation).update(
        entered_at=timezone.now() - dt.timedelta(days=days)
    )


def _run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(world):
    participation = active_with_hours(world, hours=(4, 3))
    _age(participation, 15)
    return participation


def test_reminders_go_once_per_entry_after_14_days(world, due, mailoutbox, settings):
    settings.HOURS_REMINDER_DAYS = 14
    recent = active_with_hours(world, hours=(2,))
    _age(recent, 13)
    output = _run()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [due.contact_email]
    assert f"participation {due.pk}" in output
    assert "2 entries" in output
    assert due.contact_email in output
    assert f"participation {recent.pk}" not in output
    assert HourEntry.objects.filter(reminder_sent_at__isnull=False).count() == 2
    assert HourEntry.objects.get(participation=recent).reminder_sent_at is None

    again = _run()
    assert len(mailoutbox) == 1
    assert "(none)" in again
    assert "Sent reminders for 0 entries of 0 participation(s)" in again


def test_the_reminder_holds_a_working_link(client, due, mailoutbox):
    _run()
    raw = re.search(r"/link/(\S+)/", mailoutbox[0].body).group(1)
    response = client.get(reverse("links:open", kwargs={"token": raw}))
    assert response.status_code == 200
    assert len(response.context["hours_form"].entries) == 2


def test_a_new_entry_of_a_reminded_participation_gets_its_own_reminder(world, due, mailoutbox):
    _run()
    late = factories.HourEntryFactory(participation=due, date=dt.date(2026, 3, 9))
    HourEntry.objects.filter(pk=late.pk).update(entered_at=timezone.now() - dt.timedelta(days=20))
    output = _run()
    assert len(mailoutbox) == 2
    assert "1 entry since" in output


def test_confirmed_entries_get_no_reminder(world, due, mailoutbox):
    HourEntry.objects.filter(participation=due).update(status="confirmed")
    assert "(none)" in _run()
    assert mailoutbox == []


def test_a_dry_run_sends_and_changes_nothing(due, mailoutbox):
    output = _run("--dry-run")
    assert "Dry run" in output
    assert f"participation {due.pk}" in output
    assert "Would send 1 reminder(s) for 2 entries to 1 recipient(s)." in output
    assert mailoutbox == []
    assert not HourEntry.objects.filter(reminder_sent_at__isnull=False).exists()


def test_the_command_reports_participations_without_an_email_address(world, mailoutbox):
    trajectory = factories.TrajectoryFactory(status="active")
    participation = factories.ParticipationFactory(
        trajectory=trajectory,
        offer=None,
        organisation=None,
        is_own_activity=True,
        own_title="Buurtfeest",
        own_organisation_name="Buurtcomité",
        own_contact_name="Jan",
        own_contact_email="",
    )
    factories.HourEntryFactory(participation=participation)
    _age(participation, 30)
    output = _run()
    assert "(no e-mail address)" in output
    assert "have no contact e-mail address" in output
    assert mailoutbox == []


def test_the_command_is_available_through_the_cli(due, mailoutbox):
    from participatienet import cli

    assert cli.main(["send_reminders", "--dry-run"]) == 0
    assert mailoutbox == []
