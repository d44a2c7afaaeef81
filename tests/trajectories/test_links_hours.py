"""A partner confirms hours by signed link: all, some, corrected or refused, all or nothing."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry
from participatienet.trajectories import services
from participatienet.trajectories.models import HourEntry
from tests import factories
from tests.access.rows_links import RECIPIENT, active_with_hours, link

pytestmark = pytest.mark.django_db

HOURS = services.PURPOSE_HOURS


def _url(raw):
    return reverse("links:open", kwargs={"token": raw})


def _entries(participation):
    return list(participation.hour_entries.order_by("date", "pk"))


def _ids(entries):
    return ",".join(str(e.pk) for e in entries)


def _decide(entries, *decisions):
    data = {"purpose": HOURS, "entries": _ids(entries)}
    for entry, (decision, hours, reason) in zip(entries, decisions, strict=True):
        data[f"entry-{entry.pk}-decision"] = decision
        data[f"entry-{entry.pk}-hours"] = hours
        data[f"entry-{entry.pk}-reason"] = reason
    return data


def _snapshot(participation):
    return [
        (e.status, e.hours, e.original_hours, e.correction_reason)
        for e in participation.hour_entries.order_by("pk")
    ]


def test_the_page_lists_the_unconfirmed_entries_of_this_participation_only(client, world):
    participation = active_with_hours(world, hours=(4, 3, 2))
    first = _entries(participation)[0]
    HourEntry.objects.filter(pk=first.pk).update(status="confirmed")
    other = active_with_hours(world, hours=(5,))
    response = client.get(_url(link(HOURS, participation)))
    assert response.status_code == 200
    shown = [entry.pk for entry in response.context["hours_form"].entries]
    assert shown == [e.pk for e in _entries(participation)[1:]]
    assert _entries(other)[0].pk not in shown


def test_confirm_all_confirms_every_entry_as_entered(client, world):
    participation = active_with_hours(world, hours=(4, 3))
    entries = _entries(participation)
    raw = link(HOURS, participation)
    response = client.post(
        _url(raw), {"purpose": HOURS, "entries": _ids(entries), "shortcut": "all"}
    )
    assert response.status_code == 200
    for entry in _entries(participation):
        assert entry.status == "confirmed"
        assert entry.confirmed_via == "link"
        assert entry.confirmed_by is None
        assert RECIPIENT in entry.confirmed_by_label
        assert entry.confirmed_at is not None
    assert links.peek(raw).used_at is not None
    assert response.context["progress"].confirmed == Decimal("7")
    assert AuditEntry.objects.filter(action="hours.confirmed").count() == 2


def test_confirm_some_correct_one_and_refuse_one(client, world):
    participation = active_with_hours(world, hours=(4, 3, 2))
    entries = _entries(participation)
    response = client.post(
        _url(link(HOURS, participation)),
        _decide(
            entries,
            ("confirm", "", ""),
            ("correct", "2,5", "Half uur later begonnen."),
            ("reject", "", "Was die dag niet aanwezig."),
        ),
    )
    assert response.status_code == 200
    first, second, third = _entries(participation)
    assert (first.status, first.hours, first.original_hours) == ("confirmed", Decimal("4"), None)
    assert (second.status, second.hours, second.original_hours) == (
        "confirmed",
        Decimal("2.5"),
        Decimal("3"),
    )
    assert second.correction_reason == "Half uur later begonnen."
    assert third.status == "rejected"
    assert third.correction_reason == "Was die dag niet aanwezig."
    assert response.context["progress"].confirmed == Decimal("6.5")
    assert [e.pk for e in response.context["changed"]] == [e.pk for e in entries]


def test_progress_counts_all_confirmed_hours_of_the_trajectory(client, world):
    participation = active_with_hours(world, hours=(4,))
    factories.HourEntryFactory(participation=participation, hours=12, status="confirmed")
    other = factories.ParticipationFactory(trajectory=participation.trajectory)
    factories.HourEntryFactory(participation=other, hours=12, status="confirmed")
    factories.HourEntryFactory(participation=other, hours=4, status="confirmed")
    entries = _entries(participation)
    unconfirmed = [e for e in entries if e.status == "unconfirmed"]
    response = client.post(
        _url(link(HOURS, participation)),
        {"purpose": HOURS, "entries": _ids(unconfirmed), "shortcut": "all"},
    )
    progress = response.context["progress"]
    assert (progress.confirmed, progress.required) == (Decimal("32"), Decimal("40"))
    assert progress.percent == 80
    assert re.search(r"32\D+40", response.content.decode())


@pytest.mark.parametrize(
    ("decision", "hours", "reason"),
    [
        ("correct", "2", ""),  # a correction needs a reason
        ("reject", "", ""),  # so does a refusal
        ("correct", "", "vergissing"),  # a correction needs hours
        ("correct", "13", "te veel"),  # at most 12
        ("correct", "0.1", "te weinig"),  # at least 0.25
        ("correct", "twee", "geen getal"),
        ("correct", "3", "zelfde aantal"),  # the number as entered is no correction
        ("maybe", "", ""),  # no such decision
    ],
)
def test_bad_input_answers_400_and_writes_nothing(client, world, decision, hours, reason):
    participation = active_with_hours(world, hours=(4, 3))
    entries = _entries(participation)
    before = _snapshot(participation)
    raw = link(HOURS, participation)
    response = client.post(
        _url(raw),
        _decide(entries, ("confirm", "", ""), (decision, hours, reason)),
    )
    assert response.status_code == 400
    assert response.context["hours_form"].errors
    assert _snapshot(participation) == before
    assert links.peek(raw).used_at is None
    assert not AuditEntry.objects.filter(action__startswith="hours.").exists()


def test_hours_handled_in_the_meantime_write_nothing(client, world):
    participation = active_with_hours(world, hours=(4, 3))
    entries = _entries(participation)
    raw = link(HOURS, participation)
    HourEntry.objects.filter(pk=entries[1].pk).update(status="confirmed")
    response = client.post(
        _url(raw), {"purpose": HOURS, "entries": _ids(entries), "shortcut": "all"}
    )
    assert response.status_code == 400
    assert response.context["stale"]
    assert HourEntry.objects.get(pk=entries[0].pk).status == "unconfirmed"
    assert [e.pk for e in response.context["hours_form"].entries] == [entries[0].pk]
    assert links.peek(raw).used_at is None


def test_an_entry_of_another_participation_cannot_be_confirmed(client, world):
    participation = active_with_hours(world, hours=(4,))
    other = active_with_hours(world, hours=(5,))
    foreign = _entries(other)[0]
    response = client.post(
        _url(link(HOURS, participation)),
        {"purpose": HOURS, "entries": str(foreign.pk), "shortcut": "all"},
    )
    assert response.status_code == 400
    assert HourEntry.objects.get(pk=foreign.pk).status == "unconfirmed"


def test_garbage_entry_ids_write_nothing(client, world):
    participation = active_with_hours(world, hours=(4,))
    response = client.post(
        _url(link(HOURS, participation)),
        {"purpose": HOURS, "entries": "1;DROP TABLE", "shortcut": "all"},
    )
    assert response.status_code == 400
    assert _entries(participation)[0].status == "unconfirmed"


def test_a_link_without_waiting_hours_says_so(client, world):
    participation = active_with_hours(world, hours=(4,))
    HourEntry.objects.filter(participation=participation).update(status="confirmed")
    response = client.get(_url(link(HOURS, participation)))
    assert response.status_code == 200
    assert response.context["hours_form"].entries == []


def test_entering_hours_mails_a_working_link(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    participation = active_with_hours(world, hours=())
    with django_capture_on_commit_callbacks(execute=True):
        services.add_hours(
            actor=world.users["coordinator"],
            participation=participation,
            date=dt.date(2026, 3, 2),
            hours=Decimal("3.5"),
        )
    assert len(mailoutbox) == 1
    raw = re.search(r"/link/(\S+)/", mailoutbox[0].body).group(1)
    response = client.get(_url(raw))
    assert response.status_code == 200
    assert len(response.context["hours_form"].entries) == 1


@pytest.mark.parametrize("typed", ["2,5", "2.5", " 2,50 "])
@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_a_decimal_comma_or_point_both_work(client, world, typed, language):
    participation = active_with_hours(world, hours=(4,))
    entries = _entries(participation)
    response = client.post(
        _url(link(HOURS, participation)),
        _decide(entries, ("correct", typed, "korter gebleven")),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert _entries(participation)[0].hours == Decimal("2.5")
