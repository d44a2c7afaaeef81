"""Participations: answer, start, hours, end, the proof of participation and the list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.trajectories.models import Feedback, HourEntry
from tests import factories
from tests.trajectories.builders import (
    active_participation,
    audit_actions,
    caseload,
    confirmed_hours,
)

pytestmark = pytest.mark.django_db


def url(name, obj):
    return reverse(f"trajectories:{name}", kwargs={"pk": obj.pk})


def referred(world):
    trajectory = caseload(world)
    offer = factories.OfferFactory(organisation=world.gent_club)
    return factories.ParticipationFactory(
        trajectory=trajectory, offer=offer, status="referred", started_on=None
    )


# --- Answer and start --------------------------------------------------------------------------


def test_the_counsellor_records_that_the_partner_accepted(login, world):
    participation = referred(world)
    response = login(world.users["counsellor"]).post(
        url("participation_answer", participation), {"answer": "accept"}
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "accepted"
    assert "participation.accepted" in audit_actions(participation)


def test_declining_needs_a_reason(login, world):
    participation = referred(world)
    client = login(world.users["partner_contact"])
    response = client.post(url("participation_answer", participation), {"answer": "decline"})
    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.status == "referred"
    response = client.post(
        url("participation_answer", participation),
        {"answer": "decline", "reason": "Geen begeleiding op dinsdag"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "declined"
    assert participation.decline_reason == "Geen begeleiding op dinsdag"


def test_answering_twice_is_refused(login, world):
    participation = referred(world)
    client = login(world.users["counsellor"])
    client.post(url("participation_answer", participation), {"answer": "accept"})
    response = client.post(url("participation_answer", participation), {"answer": "accept"})
    assert response.status_code == 400


def test_starting_an_accepted_participation(login, world):
    participation = referred(world)
    participation.status = "accepted"
    participation.save()
    client = login(world.users["counsellor"])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert (
        client.post(url("participation_start", participation), {"started_on": tomorrow}).status_code
        == 400
    )
    response = client.post(url("participation_start", participation), {"started_on": "2026-03-01"})
    assert response.status_code == 302
    participation.refresh_from_db()
    participation.trajectory.refresh_from_db()
    assert participation.status == "active" and participation.started_on == dt.date(2026, 3, 1)
    assert participation.trajectory.status == "active"


def test_a_referral_cannot_start_before_it_is_accepted(login, world):
    participation = referred(world)
    response = login(world.users["counsellor"]).post(
        url("participation_start", participation), {"started_on": "2026-03-01"}
    )
    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.status == "referred"


# --- Hours -------------------------------------------------------------------------------------


def test_the_counsellor_enters_hours_that_wait_for_the_partner(
    login, world, mailoutbox, django_capture_on_commit_callbacks
):
    participation = active_participation(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users["counsellor"]).post(
            url("participation_hours", participation),
            {"date": "2026-03-03", "hours": "2.5", "note": "Training"},
        )
    entry = HourEntry.objects.get()
    assert response.status_code == 302
    assert entry.hours == Decimal("2.5") and entry.status == "unconfirmed"
    assert entry.entered_by == world.users["counsellor"]
    assert "hours.entered" in audit_actions(entry)
    assert len(mailoutbox) == 1  # the contact person gets a link to confirm


def test_hours_entered_by_the_partner_count_at_once(login, world):
    participation = active_participation(world)
    response = login(world.users["partner_contact"]).post(
        url("participation_hours", participation), {"date": "2026-03-03", "hours": "3"}
    )
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert entry.status == "confirmed" and entry.confirmed_via == "account"


@pytest.mark.parametrize(
    ("date", "hours", "field"),
    [
        ("2026-03-03", "0.2", "hours"),
        ("2026-03-03", "12.5", "hours"),
        ("2026-03-03", "-1", "hours"),
        ("2026-03-03", "veel", "hours"),
        ("2026-03-03", "", "hours"),
        ("2026-01-15", "2", "date"),  # before the start on 1 February
        ("", "2", "date"),
        ("gisteren", "2", "date"),
    ],
)
def test_hours_are_validated_and_bad_input_writes_nothing(login, world, date, hours, field):
    participation = active_participation(world)
    before = AuditEntry.objects.count()
    response = login(world.users["counsellor"]).post(
        url("participation_hours", participation), {"date": date, "hours": hours}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not HourEntry.objects.exists()
    assert AuditEntry.objects.count() == before


def test_hours_cannot_be_entered_for_the_future(login, world):
    participation = active_participation(world)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = login(world.users["counsellor"]).post(
        url("participation_hours", participation), {"date": tomorrow, "hours": "2"}
    )
    assert response.status_code == 400
    assert "date" in response.context["form"].errors
    assert not HourEntry.objects.exists()


def test_the_limits_of_an_entry_are_accepted(login, world):
    participation = active_participation(world)
    client = login(world.users["counsellor"])
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            url("participation_hours", participation), {"date": today, "hours": "0.25"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("participation_hours", participation), {"date": "2026-02-01", "hours": "12"}
        ).status_code
        == 302
    )
    assert HourEntry.objects.count() == 2


def test_hours_cannot_be_entered_before_the_participation_started(login, world):
    participation = referred(world)
    client = login(world.users["counsellor"])
    page = client.get(participation.get_absolute_url())
    assert page.context["hours_form"] is None
    response = client.post(
        url("participation_hours", participation), {"date": "2026-03-03", "hours": "2"}
    )
    assert response.status_code == 400
    assert not HourEntry.objects.exists()


def test_the_participation_page_shows_every_entry_and_who_confirmed_it(login, world):
    participation = active_participation(world)
    confirmed_hours(participation, 8)
    waiting = factories.HourEntryFactory(participation=participation, hours=2)
    rejected = factories.HourEntryFactory(
        participation=participation,
        hours=3,
        status="rejected",
        confirmed_by_label="Contact <contact@club.be>",
        confirmed_via="link",
        confirmed_at=timezone.now(),
        correction_reason="Was afwezig",
    )
    response = login(world.users["counsellor"]).get(participation.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="entry-{waiting.pk}" class="entry-unconfirmed"' in page
    assert f'id="entry-{rejected.pk}" class="entry-rejected"' in page
    assert "Was afwezig" in page
    assert "contact@club.be" in page
    assert response.context["totals"].confirmed == 8
    assert response.context["totals"].waiting_count == 1
    assert audit_actions(participation.trajectory.newcomer) == ["newcomer.viewed"]


# --- End ---------------------------------------------------------------------------------------


def test_ending_as_stopped_needs_a_reason(login, world):
    participation = active_participation(world)
    client = login(world.users["counsellor"])
    response = client.post(url("participation_end", participation), {"status": "stopped"})
    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.status == "active"
    response = client.post(
        url("participation_end", participation), {"status": "stopped", "reason": "Verhuisd"}
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "stopped" and participation.stop_reason == "Verhuisd"


def test_ending_as_completed(login, world, mailoutbox, django_capture_on_commit_callbacks):
    participation = active_participation(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users["partner_contact"]).post(
            url("participation_end", participation), {"status": "completed"}
        )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "completed" and participation.ended_on == timezone.localdate()
    assert len(mailoutbox) == 2  # feedback forms for the newcomer and the partner


def test_an_unknown_end_status_answers_400(login, world):
    participation = active_participation(world)
    response = login(world.users["counsellor"]).post(
        url("participation_end", participation), {"status": "declined"}
    )
    assert response.status_code == 400


# --- Proof of participation --------------------------------------------------------------------


def test_the_proof_lists_each_entry_with_its_confirmation(login, world):
    participation = active_participation(world)
    confirmed_hours(participation, 16)
    factories.HourEntryFactory(participation=participation, hours=2, note="Nog te bevestigen")
    response = login(world.users["counsellor"]).get(url("participation_proof", participation))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="proof"' in page
    assert len(response.context["entries"]) == 3
    assert response.context["totals"].confirmed == 16
    assert "Nog te bevestigen" in page
    assert participation.trajectory.newcomer.last_name in page
    assert "newcomer.viewed" in audit_actions(participation.trajectory.newcomer)


def test_the_trajectory_summary_covers_every_started_participation(login, world):
    participation = active_participation(world)
    confirmed_hours(participation, 24)
    trajectory = participation.trajectory
    own = factories.ParticipationFactory(
        trajectory=trajectory,
        offer=None,
        organisation=None,
        is_own_activity=True,
        own_title="Repaircafé",
        own_organisation_name="Buurthuis",
        own_contact_email="buurthuis@voorbeeld.be",
    )
    confirmed_hours(own, 16)
    factories.ParticipationFactory(trajectory=trajectory, status="declined", started_on=None)
    response = login(world.users["counsellor"]).get(url("trajectory_proof", trajectory))
    assert response.status_code == 200
    shown = {p.pk for p in response.context["participations"]}
    assert shown == {participation.pk, own.pk}
    assert response.context["progress"].confirmed == 40
    assert response.context["progress"].is_enough


def test_the_proof_prints_as_a_clean_document():
    with open(finders.find("participatienet/trajectories.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css
    assert ".no-print" in css


# --- The list of participations ----------------------------------------------------------------


def test_the_list_filters_participations_waiting_for_confirmation_oldest_first(login, world):
    older = active_participation(world)
    factories.HourEntryFactory(
        participation=older, entered_at=timezone.now() - dt.timedelta(days=20)
    )
    newer = active_participation(world)
    factories.HourEntryFactory(participation=newer)
    confirmed = active_participation(world)
    confirmed_hours(confirmed, 4)
    response = login(world.users["coordinator"]).get(
        reverse("trajectories:participation_list"), {"hours": "unconfirmed"}
    )
    assert [p.pk for p in response.context["page"]] == [older.pk, newer.pk]


def test_the_list_filters_by_feedback(login, world):
    with_feedback = active_participation(world, status="completed")
    Feedback.objects.create(participation=with_feedback, respondent="newcomer", felt_welcome=5)
    active_participation(world)
    client = login(world.users["coordinator"])
    url_list = reverse("trajectories:participation_list")
    assert [p.pk for p in client.get(url_list, {"feedback": "newcomer"}).context["page"]] == [
        with_feedback.pk
    ]
    assert list(client.get(url_list, {"feedback": "partner"}).context["page"]) == []


def test_hours_accept_a_decimal_comma(login, world):
    participation = active_participation(world)
    response = login(world.users["counsellor"]).post(
        url("participation_hours", participation), {"date": "2026-03-03", "hours": "1,5"}
    )
    assert response.status_code == 302
    assert HourEntry.objects.get().hours == Decimal("1.5")


def test_the_partner_is_led_to_confirm_waiting_hours(login, world):
    participation = active_participation(world)
    factories.HourEntryFactory(participation=participation)
    partner_page = login(world.users["partner_contact"]).get(participation.get_absolute_url())
    assert partner_page.context["confirm_url"]
    assert partner_page.context["confirm_url"] in partner_page.content.decode()
    counsellor_page = login(world.users["counsellor"]).get(participation.get_absolute_url())
    assert counsellor_page.context["confirm_url"] == ""
