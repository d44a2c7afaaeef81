"""The partner contact in the app: its start page is its to-do list; it answers referrals,
confirms hours and gives feedback by account, and never sees other organisations' newcomers."""

import datetime as dt
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.trajectories.models import Feedback, HourEntry, Participation
from tests import factories
from tests.access.rows_links import active_with_hours, ended, referred

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world, client):
    client.force_login(world.users["partner_contact"])
    return world.users["partner_contact"]


def _main(response):
    return response.content.decode().split("<main", 1)[1]


def _todo_values(page):
    """The counts of the to-do lines, in order (referrals, hours, feedback)."""
    return [int(v) for v in re.findall(r"<strong>(\d+)</strong>", page)]


# --- Start page ----------------------------------------------------------------------------------


def test_the_start_page_is_the_partners_to_do_list(client, world, partner):
    old = referred(world, first_name="Yasmina")
    Participation.objects.filter(pk=old.pk).update(
        referred_at=timezone.now() - dt.timedelta(days=9, hours=1)
    )
    referred(world, first_name="Oleksandr")
    hours = active_with_hours(world, hours=(4, 3, 2), first_name="Samira")
    HourEntry.objects.filter(participation=hours).update(
        entered_at=timezone.now() - dt.timedelta(days=16)
    )
    done = ended(world, first_name="Tesfaye")
    given = ended(world, first_name="Karim")
    Feedback.objects.create(participation=given, respondent="partner", fit=4)
    # Another organisation's work never shows.
    referred(world, organisation=world.kempen_club, first_name="Verborgen")

    page = _main(client.get(reverse("home")))
    assert _todo_values(page)[:3] == [2, 3, 1]
    assert "Yasmina" in page and "Oleksandr" in page
    assert "Samira" in page and "Tesfaye" in page
    assert "Karim" not in page and "Verborgen" not in page
    assert re.search(r"\b9\b", page)  # the oldest referral waits 9 days
    assert re.search(r"\b16\b", page)  # the oldest hours wait 16 days
    assert reverse("links:partner_referral", kwargs={"pk": old.pk}) in page
    assert reverse("links:partner_hours", kwargs={"pk": hours.pk}) in page
    assert reverse("links:partner_feedback", kwargs={"pk": done.pk}) in page
    assert "Voetbalclub Gent-Zuid" in page


def test_an_empty_to_do_list_shows_zeroes(client, world, partner):
    page = _main(client.get(reverse("home")))
    assert _todo_values(page)[:3] == [0, 0, 0]


def test_the_start_page_keeps_the_organisations_figures(client, world, partner):
    active_with_hours(world)
    page = _main(client.get(reverse("home")))
    values = re.findall(r'figure-value">(\d+)</span>', page)
    assert values[0] == "1"  # newcomers taking part now
    assert "1" in values[1:]  # the contact point


def test_feedback_older_than_three_months_is_no_longer_a_to_do(client, world, partner):
    participation = ended(world)
    Participation.objects.filter(pk=participation.pk).update(
        ended_on=timezone.localdate() - dt.timedelta(days=120)
    )
    assert _todo_values(_main(client.get(reverse("home"))))[:3] == [0, 0, 0]


def test_a_local_worker_keeps_the_organisation_panel(client, world):
    client.force_login(world.users["local_worker"])
    page = _main(client.get(reverse("home")))
    assert "Stad Gent" in page
    assert reverse("links:partner_todo") not in page


# --- To-do page ----------------------------------------------------------------------------------


def test_the_to_do_page_lists_everything_the_oldest_first(client, world, partner):
    newer = referred(world, first_name="Nieuwer")
    older = referred(world, first_name="Ouder")
    Participation.objects.filter(pk=older.pk).update(
        referred_at=timezone.now() - dt.timedelta(days=20)
    )
    active_with_hours(world, first_name="Uren")
    ended(world, first_name="Afgelopen")
    response = client.get(reverse("links:partner_todo"))
    assert response.status_code == 200
    todo = response.context["todo"]
    assert [item.participation for item in todo.referrals] == [older, newer]
    assert todo.referrals[0].days == 20
    assert (todo.referral_count, todo.hour_entry_count, todo.feedback_count) == (2, 2, 1)
    assert todo.hours[0].hours == Decimal("7")
    page = _main(response)
    assert page.index("Ouder") < page.index("Nieuwer")


def test_the_to_do_page_is_only_for_partner_contacts(client, world):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("links:partner_todo")).status_code == 403


# --- Query budgets -------------------------------------------------------------------------------


def _many(world, count):
    """``count`` referrals, hour entries and ended participations of the Gent club, in bulk."""
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=1000)
    trajectory = factories.TrajectoryFactory(status="active")
    now = timezone.now()
    rows = []
    for i in range(count):
        rows.append(
            Participation(
                trajectory=trajectory,
                offer=offer,
                organisation=world.gent_club,
                status="referred",
                referred_at=now - dt.timedelta(days=i % 30),
            )
        )
        rows.append(
            Participation(
                trajectory=trajectory,
                offer=offer,
                organisation=world.gent_club,
                status="completed",
                started_on=dt.date(2026, 1, 5),
                ended_on=timezone.localdate(),
            )
        )
    Participation.objects.bulk_create(rows)
    running = factories.ParticipationFactory(trajectory=trajectory, offer=offer, status="active")
    HourEntry.objects.bulk_create(
        HourEntry(
            participation=running,
            date=dt.date(2026, 3, 1),
            hours=2,
            entered_by_label="test",
            entered_at=now - dt.timedelta(days=i % 40),
        )
        for i in range(count)
    )
    return running


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["home", "links:partner_todo"])
def test_the_to_do_pages_run_the_same_queries_with_10_or_500_rows(client, world, partner, name):
    _many(world, 10)
    few = _queries(client, reverse(name))
    _many(world, 490)
    many = _queries(client, reverse(name))
    assert few == many
    assert many <= 25


def test_the_hours_page_runs_a_bounded_number_of_queries(client, world, partner):
    participation = active_with_hours(world, hours=(1, 2, 3))
    url = reverse("links:partner_hours", kwargs={"pk": participation.pk})
    few = _queries(client, url)
    for day in range(4, 28):
        factories.HourEntryFactory(participation=participation, date=dt.date(2026, 3, day))
        factories.HourEntryFactory(participation=participation, status="confirmed")
    assert _queries(client, url) == few <= 20


@pytest.mark.parametrize("page", ["partner_referral", "partner_feedback"])
def test_the_detail_pages_run_a_bounded_number_of_queries(client, world, partner, page):
    participation = referred(world) if page == "partner_referral" else ended(world)
    assert _queries(client, reverse(f"links:{page}", kwargs={"pk": participation.pk})) <= 20


def test_link_pages_run_a_bounded_number_of_queries(client, world):
    from participatienet.trajectories import services
    from tests.access.rows_links import link

    participation = active_with_hours(world, hours=(1, 2))
    url = reverse("links:open", kwargs={"token": link(services.PURPOSE_HOURS, participation)})
    few = _queries(client, url)
    for day in range(3, 25):
        factories.HourEntryFactory(participation=participation, date=dt.date(2026, 3, day))
    assert _queries(client, url) == few <= 10


# --- Answering in the app ------------------------------------------------------------------------


def test_the_partner_accepts_a_referral_in_the_app(client, world, partner):
    participation = referred(world)
    url = reverse("links:partner_referral", kwargs={"pk": participation.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "accepted"
    assert partner.email in participation.answered_by_label
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["open"] is False
    assert client.post(url, {"answer": "accept"}).status_code == 409


def test_declining_in_the_app_needs_a_reason(client, world, partner):
    participation = referred(world)
    url = reverse("links:partner_referral", kwargs={"pk": participation.pk})
    assert client.post(url, {"answer": "decline"}).status_code == 400
    assert Participation.objects.get(pk=participation.pk).status == "referred"
    assert client.post(url, {"answer": "decline", "reason": "Geen plaats"}).status_code == 302
    assert Participation.objects.get(pk=participation.pk).status == "declined"


def test_reading_a_referral_in_the_app_is_audited(client, world, partner):
    participation = referred(world)
    client.get(reverse("links:partner_referral", kwargs={"pk": participation.pk}))
    entry = AuditEntry.objects.get(action="newcomer.viewed")
    assert entry.actor == partner


def test_the_partner_confirms_hours_in_the_app(client, world, partner):
    participation = active_with_hours(world, hours=(4, 3))
    first, second = participation.hour_entries.order_by("date")
    url = reverse("links:partner_hours", kwargs={"pk": participation.pk})
    response = client.post(
        url,
        {
            "entries": f"{first.pk},{second.pk}",
            f"entry-{first.pk}-decision": "confirm",
            f"entry-{second.pk}-decision": "correct",
            f"entry-{second.pk}-hours": "1.5",
            f"entry-{second.pk}-reason": "Vroeger vertrokken",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.confirmed_via) == ("confirmed", "account")
    assert first.confirmed_by == partner
    assert (second.hours, second.original_hours) == (Decimal("1.5"), Decimal("3"))
    page = client.get(url)
    assert page.context["progress"].confirmed == Decimal("5.5")
    assert list(page.context["handled"]) == [second, first]


def test_bad_hours_in_the_app_answer_400_and_write_nothing(client, world, partner):
    participation = active_with_hours(world, hours=(4,))
    entry = participation.hour_entries.get()
    url = reverse("links:partner_hours", kwargs={"pk": participation.pk})
    response = client.post(url, {"entries": str(entry.pk), f"entry-{entry.pk}-decision": "reject"})
    assert response.status_code == 400
    assert HourEntry.objects.get(pk=entry.pk).status == "unconfirmed"
    stale = client.post(url, {"entries": f"{entry.pk},999999", "shortcut": "all"})
    assert stale.status_code == 400
    assert stale.context["stale"]
    assert HourEntry.objects.get(pk=entry.pk).status == "unconfirmed"


def test_the_partner_gives_feedback_in_the_app_once(client, world, partner):
    participation = ended(world)
    url = reverse("links:partner_feedback", kwargs={"pk": participation.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"fit": "5", "text": "Top"}).status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.respondent, feedback.fit, feedback.text) == ("partner", 5, "Top")
    assert AuditEntry.objects.get(action="feedback.partner_by_account").actor == partner
    assert client.get(url).context["given"] == feedback
    assert client.post(url, {"fit": "1"}).status_code == 409
    assert Feedback.objects.count() == 1


def test_feedback_waits_until_the_participation_ended(client, world, partner):
    participation = active_with_hours(world)
    url = reverse("links:partner_feedback", kwargs={"pk": participation.pk})
    assert client.get(url).context["ended"] is False
    assert client.post(url, {"fit": "5"}).status_code == 409
    assert not Feedback.objects.exists()


# --- Never another organisation's newcomers ------------------------------------------------------


def test_partner_cannot_see_other_organisations_newcomers(client, world, partner):
    elsewhere = referred(world, organisation=world.kempen_club)
    hours = active_with_hours(world, organisation=world.kempen_club)
    done = ended(world, organisation=world.kempen_club)
    for name, participation in [
        ("partner_referral", elsewhere),
        ("partner_hours", hours),
        ("partner_feedback", done),
    ]:
        url = reverse(f"links:{name}", kwargs={"pk": participation.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "accept", "fit": "5"}).status_code == 404
    todo = client.get(reverse("links:partner_todo")).context["todo"]
    assert todo.total == 0
    assert Participation.objects.get(pk=elsewhere.pk).status == "referred"


def test_partner_cannot_see_a_newcomer_only_proposed_to_its_offer(client, world, partner):
    participation = referred(world, first_name="Voorgesteld")
    Participation.objects.filter(pk=participation.pk).update(status="proposed")
    url = reverse("links:partner_referral", kwargs={"pk": participation.pk})
    assert client.get(url).status_code == 404
    assert "Voorgesteld" not in client.get(reverse("links:partner_todo")).content.decode()
    assert "Voorgesteld" not in client.get(reverse("home")).content.decode()
