"""Pages of action plans: forms and their bad input, goals with live progress, the board and the
list, exports, the overview, and query budgets."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from participatienet.accounts.models import AuditEntry
from participatienet.collaboration.models import Action, ActionPlan, Goal
from tests import factories
from tests.collaboration import builders

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"collaboration:{name}", kwargs=kwargs)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.fixture
def coordinator(world, login):
    return login(world.users["coordinator"])


@pytest.fixture
def plan(world):
    return builders.plan(world.gent, world.users["coordinator"], lead_organisation=world.gent_town)


def _ids(html, attribute):
    return [int(value) for value in re.findall(rf'{attribute}="(\d+)"', html)]


# --- Plans ---------------------------------------------------------------------------------------


def _plan_data(**values):
    return {
        "title": "Actieplan 2026",
        "ambition": "Samen sterker",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "status": "active",
        **values,
    }


def test_a_coordinator_makes_a_plan_for_the_current_region(world, coordinator):
    response = coordinator.post(
        _url("plan_create"),
        _plan_data(lead_organisation=world.gent_town.pk, next_lead_organisation=world.gent_club.pk),
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.region == world.gent and plan.lead_organisation == world.gent_town


@pytest.mark.parametrize(
    "values",
    [
        {"ends_on": "2025-06-30"},
        {"title": ""},
        {"starts_on": "gisteren"},
    ],
)
def test_a_plan_with_bad_input_answers_400_and_writes_nothing(world, coordinator, values):
    response = coordinator.post(_url("plan_create"), _plan_data(**values))
    assert response.status_code == 400
    assert not ActionPlan.objects.exists()


def test_a_lead_from_another_region_is_not_a_choice(world, coordinator):
    response = coordinator.post(
        _url("plan_create"), _plan_data(lead_organisation=world.kempen_club.pk)
    )
    assert response.status_code == 400 and not ActionPlan.objects.exists()


def test_the_plan_list_shows_who_led_which_period_and_who_is_next(world, coordinator):
    first = builders.plan(
        world.gent,
        title="2025",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        lead_organisation=world.gent_club,
        next_lead_organisation=world.gent_town,
        status="closed",
    )
    second = builders.plan(
        world.gent,
        title="2026",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        lead_organisation=world.gent_town,
        next_lead_organisation=world.gent_club,
    )
    builders.plan(world.kempen, title="Kempen")
    response = coordinator.get(_url("plan_list"))
    assert response.status_code == 200
    html = response.content.decode()
    turns = html[html.index('id="turns"') :]
    assert _ids(turns, "data-plan") == [first.pk, second.pk]
    assert response.context["next_lead"] == world.gent_club
    assert {p.pk for p in response.context["page"].object_list} == {first.pk, second.pk}


def test_a_viewer_reads_plans_but_may_not_make_or_change_them(world, login, plan):
    viewer = login(world.users["viewer"])
    assert viewer.get(_url("plan_list")).status_code == 200
    assert viewer.get(_url("plan_detail", pk=plan.pk)).status_code == 200
    assert viewer.get(_url("plan_create")).status_code == 403
    assert viewer.post(_url("plan_update", pk=plan.pk), _plan_data()).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Actieplan"


def test_another_regions_plan_does_not_exist_for_a_coordinator(world, login, plan):
    other = login(world.users["coordinator_other"])
    assert other.get(_url("plan_detail", pk=plan.pk)).status_code == 404
    assert other.get(_url("action_board", pk=plan.pk)).status_code == 404


def test_changing_a_plan_saves_and_records_the_change(world, coordinator, plan):
    response = coordinator.post(
        _url("plan_update", pk=plan.pk),
        _plan_data(title="Samen verder", next_lead_organisation=world.gent_club.pk),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Samen verder" and plan.next_lead_organisation == world.gent_club
    assert AuditEntry.objects.filter(action="actionplan.changed").exists()


# --- Goals ---------------------------------------------------------------------------------------


def _goal_data(**values):
    return {
        "title": "Minder afhankelijk van de gebruikelijke partners",
        "description": "",
        "due_on": "2026-12-31",
        "target": "",
        "measure": "top5_share",
        "municipality": "",
        "dimension_key": "",
        "comparator": "lte",
        "target_value": "40",
        "status": "open",
        **values,
    }


def test_a_coordinator_adds_a_goal_tied_to_a_measure(world, coordinator, plan):
    response = coordinator.post(_url("goal_create", pk=plan.pk), _goal_data())
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.measure == "top5_share" and goal.target_value == Decimal("40")


def test_a_target_with_a_decimal_comma_is_understood(world, coordinator, plan):
    response = coordinator.post(
        _url("goal_create", pk=plan.pk),
        _goal_data(
            measure="scan_dimension",
            dimension_key="ownership",
            comparator="gte",
            target_value="3,5",
        ),
    )
    assert response.status_code == 302
    assert Goal.objects.get().target_value == Decimal("3.5")


@pytest.mark.parametrize(
    "values",
    [
        {"target_value": "120"},
        {"target_value": "-5"},
        {"measure": "scan_dimension", "dimension_key": "ownership", "target_value": "6"},
        {"measure": "active_offers", "comparator": "gte", "target_value": "2.5"},
        {"measure": "active_offers_municipality", "comparator": "gte", "target_value": "3"},
        {"measure": "scan_dimension", "dimension_key": "bestaat_niet", "target_value": "3"},
        {"measure": "top5_share", "dimension_key": "ownership"},
        {"comparator": ""},
        {"target_value": ""},
        {"measure": "nonsense"},
        {"title": ""},
    ],
)
def test_a_goal_tied_to_a_measure_refuses_a_target_of_the_wrong_kind(
    world, coordinator, plan, values
):
    response = coordinator.post(_url("goal_create", pk=plan.pk), _goal_data(**values))
    assert response.status_code == 400
    assert not Goal.objects.exists()
    assert response.context["form"].errors


def test_a_municipality_of_another_region_is_refused(world, coordinator, plan):
    response = coordinator.post(
        _url("goal_create", pk=plan.pk),
        _goal_data(
            measure="active_offers_municipality",
            comparator="gte",
            target_value="3",
            municipality=world.kempen_club.municipality.pk,
        ),
    )
    assert response.status_code == 400 and not Goal.objects.exists()


def test_changing_and_removing_a_goal(world, coordinator, plan):
    goal = builders.goal(plan, measure="top5_share", comparator="lte", target_value=Decimal("40"))
    response = coordinator.post(
        _url("goal_update", pk=plan.pk, goal=goal.pk), _goal_data(target_value="35")
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.target_value == Decimal("35")
    response = coordinator.post(
        _url("goal_update", pk=plan.pk, goal=goal.pk), _goal_data(target_value="350")
    )
    assert response.status_code == 400
    goal.refresh_from_db()
    assert goal.target_value == Decimal("35")
    assert coordinator.post(_url("goal_delete", pk=plan.pk, goal=goal.pk)).status_code == 302
    assert not Goal.objects.exists()


def test_a_goal_of_another_plan_is_not_found_under_this_plan(world, coordinator, plan):
    other = builders.plan(world.gent, title="Ander")
    goal = builders.goal(other)
    assert coordinator.get(_url("goal_update", pk=plan.pk, goal=goal.pk)).status_code == 404


def test_the_plan_shows_live_progress_of_its_measured_goals(world, coordinator, plan):
    wave = builders.open_wave(world.gent)
    builders.respond(wave, "partner", [4, 4, 4])
    builders.close(wave)
    for _index in range(3):
        factories.OfferFactory(organisation=world.gent_club)
    met = builders.goal(
        plan,
        title="Eigenaarschap",
        measure="scan_dimension",
        dimension_key="ownership",
        comparator="gte",
        target_value=Decimal("3.5"),
    )
    not_met = builders.goal(
        plan,
        title="Meer aanbod",
        measure="active_offers_municipality",
        municipality=world.gent_club.municipality,
        comparator="gte",
        target_value=Decimal("5"),
    )
    in_words = builders.goal(plan, title="Contactpunt per gemeente")
    response = coordinator.get(_url("plan_detail", pk=plan.pk))
    html = response.content.decode()
    assert f'data-goal="{met.pk}" data-measure="scan_dimension" data-met="yes"' in html
    assert (
        f'data-goal="{not_met.pk}" data-measure="active_offers_municipality" data-met="no"' in html
    )
    assert f'data-goal="{in_words.pk}">' in html
    assert 'id="goals-met" data-met="1" data-measured="2"' in html
    rows = {row["goal"].pk: row for row in response.context["goals"]}
    assert rows[not_met.pk]["progress"].value == 3
    assert rows[not_met.pk]["progress"].percent == 60


def test_an_open_goal_past_its_due_date_is_marked_late(world, coordinator, plan):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    late = builders.goal(plan, title="Contactpunten", due_on=yesterday)
    reached = builders.goal(plan, title="Ambitie", due_on=yesterday, status="reached")
    met = builders.goal(
        plan,
        title="Geen aanbod nodig",
        due_on=yesterday,
        measure="active_offers",
        comparator="gte",
        target_value=Decimal("0"),
    )
    response = coordinator.get(_url("plan_detail", pk=plan.pk))
    overdue = {row["goal"].pk: row["overdue"] for row in response.context["goals"]}
    assert overdue == {late.pk: True, reached.pk: False, met.pk: False}


# --- Actions, the board and the list -------------------------------------------------------------


def _action_data(world, **values):
    return {
        "title": "Infomoment voor vrijwilligers",
        "description": "",
        "owner": world.gent_club.pk,
        "lead_name": "An Peeters",
        "lead_user": "",
        "due_on": "",
        "status": "todo",
        "goal": "",
        "dimension_key": "energy",
        **values,
    }


def test_a_coordinator_adds_an_action_and_returns_to_the_board(world, coordinator, plan):
    response = coordinator.post(_url("action_create", pk=plan.pk), _action_data(world))
    assert response.status_code == 302
    assert response["Location"] == _url("action_board", pk=plan.pk)
    action = Action.objects.get()
    assert action.owner == world.gent_club and action.dimension_key == "energy"


@pytest.mark.parametrize(
    "key, value",
    [
        ("owner", "kempen"),
        ("owner", ""),
        ("dimension_key", "bestaat_niet"),
        ("status", "later"),
        ("title", ""),
        ("due_on", "morgen"),
    ],
)
def test_an_action_with_bad_input_answers_400_and_writes_nothing(
    world, coordinator, plan, key, value
):
    if value == "kempen":
        value = world.kempen_club.pk
    response = coordinator.post(
        _url("action_create", pk=plan.pk), _action_data(world, **{key: value})
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_an_action_for_a_goal_of_another_plan_is_refused(world, coordinator, plan):
    goal = builders.goal(builders.plan(world.gent, title="Ander"))
    response = coordinator.post(
        _url("action_create", pk=plan.pk), _action_data(world, goal=goal.pk)
    )
    assert response.status_code == 400 and not Action.objects.exists()


def test_changing_an_action_goes_back_where_the_coordinator_came_from(world, coordinator, plan):
    action = builders.action(plan, world.gent_club)
    back = _url("action_list", pk=plan.pk) + "?status=todo"
    response = coordinator.post(
        _url("action_update", pk=plan.pk, action=action.pk),
        _action_data(world, title="Nieuwe titel", next=back),
    )
    assert response.status_code == 302 and response["Location"] == back
    action.refresh_from_db()
    assert action.title == "Nieuwe titel"
    response = coordinator.post(
        _url("action_update", pk=plan.pk, action=action.pk),
        _action_data(world, next="https://elders.example/"),
    )
    assert response["Location"] == _url("action_board", pk=plan.pk)


def test_the_board_moves_a_card_with_a_plain_form_post(world, coordinator, plan):
    action = builders.action(plan, world.gent_club)
    response = coordinator.post(
        _url("action_move", pk=plan.pk, action=action.pk), {"status": "doing"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("action_board", pk=plan.pk) + f"#action-{action.pk}"
    action.refresh_from_db()
    assert action.status == "doing"
    coordinator.post(_url("action_move", pk=plan.pk, action=action.pk), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == timezone.localdate()


def test_a_move_to_an_unknown_column_answers_400_and_changes_nothing(world, coordinator, plan):
    action = builders.action(plan, world.gent_club)
    response = coordinator.post(
        _url("action_move", pk=plan.pk, action=action.pk), {"status": "later"}
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == "todo"


def test_a_viewer_sees_the_board_without_move_buttons_and_may_not_move(world, login, plan):
    action = builders.action(plan, world.gent_club)
    viewer = login(world.users["viewer"])
    response = viewer.get(_url("action_board", pk=plan.pk))
    assert response.status_code == 200 and b"data-move=" not in response.content
    moved = viewer.post(_url("action_move", pk=plan.pk, action=action.pk), {"status": "done"})
    assert moved.status_code == 403
    action.refresh_from_db()
    assert action.status == "todo"


def test_the_board_puts_cards_in_their_column_and_marks_the_overdue(world, coordinator, plan):
    today = timezone.localdate()
    late = builders.action(plan, world.gent_club, due_on=today - dt.timedelta(days=2))
    doing = builders.action(plan, world.gent_town, status="doing")
    done = builders.action(
        plan, world.gent_club, status="done", due_on=today - dt.timedelta(days=9)
    )
    response = coordinator.get(_url("action_board", pk=plan.pk))
    columns = {
        c["status"]: [r["action"].pk for r in c["cards"]] for c in response.context["columns"]
    }
    assert columns == {"todo": [late.pk], "doing": [doing.pk], "done": [done.pk]}
    html = response.content.decode()
    assert f'data-action="{late.pk}" data-status="todo" data-overdue="1"' in html
    assert f'data-action="{done.pk}" data-status="done">' in html
    assert response.context["counts"]["overdue"] == 1
    assert 'id="overdue-count"' in html


def test_the_list_filters_by_status_owner_goal_and_overdue(world, coordinator, plan):
    today = timezone.localdate()
    goal = builders.goal(plan)
    late = builders.action(plan, world.gent_club, goal=goal, due_on=today - dt.timedelta(days=1))
    doing = builders.action(plan, world.gent_town, status="doing")
    done = builders.action(plan, world.gent_club, status="done")

    def shown(query):
        response = coordinator.get(_url("action_list", pk=plan.pk) + query)
        assert response.status_code == 200
        return [row["action"].pk for row in response.context["rows"]]

    assert sorted(shown("")) == sorted([late.pk, doing.pk, done.pk])
    assert shown("?status=doing") == [doing.pk]
    assert sorted(shown(f"?owner={world.gent_club.pk}")) == sorted([late.pk, done.pk])
    assert shown(f"?goal={goal.pk}") == [late.pk]
    assert shown("?overdue=on") == [late.pk]


def test_a_bad_filter_answers_400(world, coordinator, plan):
    response = coordinator.get(_url("action_list", pk=plan.pk) + f"?owner={world.kempen_club.pk}")
    assert response.status_code == 400
    assert coordinator.get(_url("action_list", pk=plan.pk) + "?status=later").status_code == 400


def test_removing_an_action(world, coordinator, plan):
    action = builders.action(plan, world.gent_club)
    response = coordinator.post(_url("action_delete", pk=plan.pk, action=action.pk))
    assert response.status_code == 302 and not Action.objects.exists()


# --- Export --------------------------------------------------------------------------------------


def test_the_actions_export_to_csv(world, coordinator, plan):
    today = timezone.localdate()
    goal = builders.goal(plan, title="Meer aanbod")
    builders.action(
        plan,
        world.gent_club,
        title='=HYPERLINK("x")',
        goal=goal,
        due_on=today - dt.timedelta(days=1),
        lead_name="An",
    )
    builders.action(plan, world.gent_town, title="Kookavond", status="done")
    response = coordinator.get(_url("plan_export", pk=plan.pk) + "?what=actions&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3 and len(rows[0]) == 10
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {'\'=HYPERLINK("x")', "Kookavond"}
    late = by_title['\'=HYPERLINK("x")']
    assert late[2] == world.gent_club.name and late[3] == "An"
    assert late[4] == (today - dt.timedelta(days=1)).isoformat() and late[5] == "ja"
    assert late[7] == "Meer aanbod"
    assert by_title["Kookavond"][6] == today.isoformat()
    assert AuditEntry.objects.filter(action="actionplan.exported").exists()


def test_the_goals_export_to_xlsx_with_todays_values(world, coordinator, plan):
    for _index in range(2):
        factories.OfferFactory(organisation=world.gent_club)
    builders.goal(
        plan,
        title="Aanbod",
        measure="active_offers",
        comparator="gte",
        target_value=Decimal("2"),
    )
    builders.goal(plan, title="In woorden", target="Elke gemeente")
    response = coordinator.get(_url("plan_export", pk=plan.pk) + "?what=goals&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and len(rows[0]) == 11
    by_title = {row[0]: row for row in rows[1:]}
    assert (
        by_title["Aanbod"][7] == 2 and by_title["Aanbod"][8] == 2 and by_title["Aanbod"][9] is True
    )
    assert by_title["In woorden"][3] == "Elke gemeente" and by_title["In woorden"][8] is None


@pytest.mark.parametrize("query", ["?what=actions&format=pdf", "?what=people&format=csv"])
def test_an_export_in_an_unknown_format_answers_400(world, coordinator, plan, query):
    response = coordinator.get(_url("plan_export", pk=plan.pk) + query)
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="actionplan.exported").exists()


# --- Overview and navigation ---------------------------------------------------------------------


def test_the_overview_brings_scan_plan_and_timeline_together(world, coordinator, plan):
    wave = builders.open_wave(world.gent)
    builders.respond(wave, "partner", [4, 3, 5])
    builders.close(wave)
    builders.action(plan, world.gent_club, due_on=timezone.localdate() - dt.timedelta(days=1))
    builders.milestone(world.gent, title="Kookavond")
    response = coordinator.get(_url("overview"))
    assert response.status_code == 200
    assert response.context["latest_closed"] == wave and response.context["plan"] == plan
    assert response.context["counts"]["overdue"] == 1
    assert [m.title for m in response.context["milestones"]] == ["Kookavond"]


def test_the_navigation_leads_region_people_to_the_overview(world, coordinator):
    response = coordinator.get(reverse("home"))
    assert _url("overview") in [item.url for item in response.context["nav_items"]]


# --- Query budgets -------------------------------------------------------------------------------


def _fill(plan, world, count):
    today = timezone.localdate()
    goals = [builders.goal(plan, title=f"Doel {n}") for n in range(2)]
    for number in range(count):
        builders.action(
            plan,
            world.gent_club if number % 2 else world.gent_town,
            title=f"Actie {number}",
            status=("todo", "doing", "done")[number % 3],
            goal=goals[number % 2],
            due_on=today - dt.timedelta(days=number - 10),
            dimension_key="energy",
        )


@pytest.mark.parametrize("name", ["plan_detail", "action_board", "action_list"])
def test_plan_pages_run_the_same_queries_for_3_and_30_actions(world, coordinator, plan, name):
    builders.goal(plan, measure="top5_share", comparator="lte", target_value=Decimal("40"))
    builders.goal(
        plan,
        measure="scan_dimension",
        dimension_key="ownership",
        comparator="gte",
        target_value=Decimal("3"),
    )
    _fill(plan, world, 3)
    few = _queries(coordinator, _url(name, pk=plan.pk))
    _fill(plan, world, 27)
    assert Action.objects.count() == 30
    assert _queries(coordinator, _url(name, pk=plan.pk)) == few


def test_the_plan_list_runs_the_same_queries_for_one_and_many_plans(world, coordinator, plan):
    _fill(plan, world, 3)
    few = _queries(coordinator, _url("plan_list"))
    for year in range(2018, 2024):
        other = builders.plan(
            world.gent,
            title=str(year),
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            lead_organisation=world.gent_club,
        )
        _fill(other, world, 4)
    assert _queries(coordinator, _url("plan_list")) == few


def test_the_exports_and_overview_run_a_bounded_number_of_queries(
    world, coordinator, plan, django_assert_max_num_queries
):
    _fill(plan, world, 30)
    with django_assert_max_num_queries(14):
        assert coordinator.get(_url("plan_export", pk=plan.pk) + "?format=csv").status_code == 200
    with django_assert_max_num_queries(30):
        assert coordinator.get(_url("overview")).status_code == 200
    with django_assert_max_num_queries(14):
        assert coordinator.get(_url("action_create", pk=plan.pk)).status_code == 200
    with django_assert_max_num_queries(14):
        assert coordinator.get(_url("goal_create", pk=plan.pk)).status_code == 200
