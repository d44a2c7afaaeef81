"""The programme team's pages: days, programme, status, participants, export, budgets."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from participatienet.accounts.models import AuditEntry
from participatienet.exchange import services
from participatienet.exchange.choices import DayStatus, RegistrationStatus, SessionKind
from participatienet.exchange.models import LearningDay, LearningTable, Session
from tests.exchange.builders import bulk_registrations, learning_day, register, with_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world, login):
    return login(world.users["programme_admin"])


def _day_url(name, day, **kwargs):
    return reverse(f"exchange:{name}", kwargs={"pk": day.pk, **kwargs})


def test_the_programme_team_creates_a_day_as_a_draft(admin, world):
    date = timezone.localdate() + dt.timedelta(days=60)
    response = admin.post(
        reverse("exchange:day_create"),
        {
            "title": "Leerdag 2026",
            "date": date.isoformat(),
            "venue": "Stadsfeestzaal, Mechelen",
            "capacity": "60",
            "registration_closes_on": (date - dt.timedelta(days=7)).isoformat(),
        },
    )
    day = LearningDay.objects.get()
    assert response.status_code == 302
    assert response["Location"] == day.get_absolute_url()
    assert day.status == DayStatus.DRAFT
    assert day.created_by == world.users["programme_admin"]
    assert len(day.public_token) >= 16


@pytest.mark.parametrize(
    "changes",
    [
        {"capacity": "0"},
        {"date": "geen datum"},
        {"title": ""},
        {"registration_closes_on": "2100-01-01"},
    ],
)
def test_a_bad_day_form_answers_400_and_writes_nothing(admin, changes):
    data = {"title": "Leerdag", "date": "2099-06-01", "venue": "Brussel", "capacity": "40"}
    data.update(changes)
    response = admin.post(reverse("exchange:day_create"), data)
    assert response.status_code == 400
    assert not LearningDay.objects.exists()


def test_lowering_the_places_below_those_given_is_refused_with_a_message(admin, world):
    day = learning_day(capacity=2)
    register(day, 0)
    register(day, 1)
    data = {
        "title": day.title,
        "date": day.date.isoformat(),
        "venue": day.venue,
        "capacity": "1",
    }
    response = admin.post(_day_url("day_update", day), data)
    assert response.status_code == 400
    day.refresh_from_db()
    assert day.capacity == 2


def test_opening_and_closing_registration(admin, world):
    day = learning_day(status=DayStatus.DRAFT)
    response = admin.post(_day_url("day_status", day), {"status": "open"})
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.status == DayStatus.OPEN
    response = admin.post(_day_url("day_status", day), {"status": "held"})
    assert response.status_code == 409
    assert 'id="status-error"' in response.content.decode()
    assert admin.post(_day_url("day_status", day), {"status": "nonsense"}).status_code == 400
    day.refresh_from_db()
    assert day.status == DayStatus.OPEN


def test_the_programme_is_built_from_sessions_and_learning_tables(admin, world):
    day = learning_day()
    response = admin.post(
        _day_url("session_create", day),
        {
            "starts_at": "13:30",
            "ends_at": "15:00",
            "title": "Leertafels per thema",
            "kind": SessionKind.LEARNING_TABLES,
            "rounds": "1",
            "group_size": "8",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(kind=SessionKind.LEARNING_TABLES)
    assert session.group_size == 8
    response = admin.post(
        _day_url("table_create", day, session=session.pk),
        {"theme": "Lokaal aanbod warm maken", "host": "An Peeters", "room": "Zaal 2"},
    )
    assert response.status_code == 302
    table = LearningTable.objects.get()
    duplicate = admin.post(
        _day_url("table_create", day, session=session.pk), {"theme": "lokaal aanbod warm maken"}
    )
    assert duplicate.status_code == 400
    response = admin.post(
        _day_url("table_update", day, table=table.pk), {"theme": "Schaal", "host": ""}
    )
    assert response.status_code == 302
    table.refresh_from_db()
    assert table.theme == "Schaal"
    page = admin.get(day.get_absolute_url()).content.decode()
    assert f'id="table-{table.pk}"' in page
    assert admin.post(_day_url("table_delete", day, table=table.pk)).status_code == 302
    assert admin.post(_day_url("session_delete", day, session=session.pk)).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_at": "09:00"},
        {"kind": "dansfeest"},
        {"kind": SessionKind.PLENARY, "rounds": "2"},
        {"kind": SessionKind.BREAK, "group_size": "4"},
        {"starts_at": "25:00"},
    ],
)
def test_a_bad_session_answers_400_and_writes_nothing(admin, world, changes):
    day = learning_day()
    before = Session.objects.count()
    data = {
        "starts_at": "10:00",
        "ends_at": "11:00",
        "title": "Sessie",
        "kind": "mixed_groups",
        "rounds": "1",
    }
    data.update(changes)
    assert admin.post(_day_url("session_create", day), data).status_code == 400
    assert Session.objects.count() == before


def test_a_session_with_tables_cannot_change_its_kind(admin, world):
    day = learning_day()
    session = with_tables(day)[0].session
    data = {
        "starts_at": "13:30",
        "ends_at": "15:00",
        "title": "Sessie",
        "kind": "plenary",
        "rounds": "1",
    }
    response = admin.post(_day_url("session_update", day, session=session.pk), data)
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.kind == SessionKind.LEARNING_TABLES


def test_a_coordinator_sees_open_days_and_the_link_but_not_drafts_or_participants(login, world):
    client = login(world.users["coordinator"])
    open_day = learning_day(title="Open leerdag")
    draft = learning_day(title="Nog in opbouw", status=DayStatus.DRAFT)
    page = client.get(reverse("exchange:day_list")).content.decode()
    assert "Open leerdag" in page
    assert "Nog in opbouw" not in page
    detail = client.get(open_day.get_absolute_url())
    assert detail.status_code == 200
    assert open_day.registration_url() in detail.content.decode()
    assert 'id="participants-link"' not in detail.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(_day_url("participant_list", open_day)).status_code == 403


def test_a_coordinator_sees_that_they_are_registered(login, world):
    client = login(world.users["coordinator"])
    day = learning_day()
    register(day, 0, email="coord@test.be")
    page = client.get(day.get_absolute_url()).content.decode()
    assert 'id="my-registration" data-status="confirmed"' in page


def test_the_participant_list_counts_per_region_and_role_and_filters(admin, world):
    day = learning_day(capacity=3)
    register(day, 0, region=world.gent)
    register(day, 1, region=world.kempen, role="agii")
    register(day, 2, region=world.gent, role="local_government")
    register(day, 3, region=world.kempen)  # waiting
    gone = register(day, 4, region=world.kempen)  # waiting, then cancelled
    services.cancel_registration(actor=None, registration=gone)
    response = admin.get(_day_url("participant_list", day))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-key="{world.gent.pk}" data-confirmed="2" data-waiting="0"' in page
    assert f'data-key="{world.kempen.pk}" data-confirmed="1" data-waiting="1"' in page
    assert 'data-key="network_worker" data-confirmed="1" data-waiting="1"' in page
    assert 'data-key="agii" data-confirmed="1" data-waiting="0"' in page
    assert 'id="waiting-list"' in page and 'data-rank="1"' in page

    assert _rows(page) == 4
    filtered = admin.get(_day_url("participant_list", day), {"region": world.kempen.pk})
    assert _rows(filtered.content.decode()) == 2
    waiting = admin.get(_day_url("participant_list", day), {"status": "waiting"})
    assert _rows(waiting.content.decode()) == 1
    everyone = admin.get(_day_url("participant_list", day), {"status": "all", "q": "deelnemer4"})
    assert _rows(everyone.content.decode()) == 1
    bad = admin.get(_day_url("participant_list", day), {"status": "gek"})
    assert bad.status_code == 400
    assert AuditEntry.objects.filter(action="registration.listed").count() == 5


def _rows(page: str) -> int:
    return len(re.findall(r'id="registration-\d+"', page))


def test_giving_a_place_out_of_turn_and_over_capacity(admin, world, mailoutbox):
    day = learning_day(capacity=1)
    register(day, 0)
    waiting = register(day, 1)
    url = _day_url("registration_promote", day, registration=waiting.pk)
    response = admin.post(url)
    assert response.status_code == 409
    assert 'id="action-error"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
    response = admin.post(url, {"over_capacity": "on"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_the_programme_team_cancels_for_someone_and_the_place_moves_on(admin, world):
    day = learning_day(capacity=1)
    holder = register(day, 0)
    waiting = register(day, 1)
    url = _day_url("registration_cancel", day, registration=holder.pk)
    assert admin.post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert admin.post(url).status_code == 409


def test_a_registration_of_another_day_is_not_found(admin, world):
    day = learning_day()
    other = register(learning_day(title="Andere"), 0)
    url = _day_url("registration_cancel", day, registration=other.pk)
    assert admin.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == RegistrationStatus.CONFIRMED


# --- Export --------------------------------------------------------------------------------------


def test_the_export_holds_the_participants_with_formulas_neutralised(admin, world):
    day = learning_day(capacity=1)
    tables = with_tables(day)
    register(day, 0, name='=HYPERLINK("http://x")', dietary_needs="halal", choices=tables)
    register(day, 1, choices=list(reversed(tables)))
    response = admin.get(_day_url("participant_export", day), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"deelnemers-{day.date.isoformat()}" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    first = next(row for row in rows[1:] if row[1] == "deelnemer0@netwerk.be")
    assert first[0] == '\'=HYPERLINK("http://x")'
    assert first[7] == "halal"
    assert first[9:12] == [t.theme for t in tables]
    second = next(row for row in rows[1:] if row[1] == "deelnemer1@netwerk.be")
    assert second[6] == "1"  # first on the waiting list
    assert AuditEntry.objects.filter(action="registration.exported").count() == 1


def test_the_xlsx_export_follows_the_filters_and_keeps_texts_as_text(admin, world):
    day = learning_day()
    register(day, 0, name="=1+1", region=world.gent)
    register(day, 1, region=world.kempen)
    response = admin.get(
        _day_url("participant_export", day), {"format": "xlsx", "region": world.gent.pk}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "=1+1"
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_an_unknown_export_format_answers_400(admin, world):
    day = learning_day()
    assert admin.get(_day_url("participant_export", day), {"format": "pdf"}).status_code == 400
    assert admin.get(_day_url("participant_export", day)).status_code == 400


# --- Query budgets -------------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "budget"),
    [("participant_list", 16), ("day_detail", 12), ("participant_export", 8)],
)
def test_day_pages_run_as_many_queries_for_3_as_for_30_registrations(
    admin, world, django_assert_max_num_queries, name, budget
):
    small, large = learning_day(title="Klein"), learning_day(title="Groot", capacity=25)
    with_tables(small)
    with_tables(large)
    bulk_registrations(small, 3)
    bulk_registrations(large, 25, waiting=5)
    query = "?format=csv" if name == "participant_export" else ""
    counts = [
        _queries(admin, _day_url(name, day) + query, django_assert_max_num_queries, budget)
        for day in (small, large)
    ]
    assert counts[0] == counts[1]


def test_the_day_list_runs_as_many_queries_for_3_as_for_30_days(
    admin, world, django_assert_max_num_queries
):
    for n in range(3):
        bulk_registrations(learning_day(title=f"Dag {n}", days_ahead=n - 1), 2)
    few = _queries(admin, reverse("exchange:day_list"), django_assert_max_num_queries, 8)
    for n in range(27):
        learning_day(title=f"Extra {n}", days_ahead=n - 10)
    many = _queries(admin, reverse("exchange:day_list"), django_assert_max_num_queries, 8)
    assert few == many


def test_the_public_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    day = learning_day()
    with_tables(day)
    bulk_registrations(day, 30)
    url = reverse("exchange:register", kwargs={"token": day.public_token})
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
